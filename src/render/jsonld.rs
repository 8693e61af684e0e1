//! JSON-LD (schema.org) for every page type, and embedding it safely.
//!
//! Built from the same visible views as the HTML, so it holds only what the
//! member made visible. [`script`] escapes `<`, `>`, `&` and U+2028/U+2029,
//! so no field can close the `<script>` element or break a JS parser.

use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::theme::view::{EventView, JobView, MemberView, NewsView, StoryView};

/// JSON text safe to place inside `<script type="application/ld+json">`.
pub fn script(value: &Value) -> String {
    // serde_json's writer, not `Display` (which goes through fmt and grows
    // a String a few bytes at a time): every page has one of these.
    escape_for_script(&serde_json::to_string(value).unwrap_or_default())
}

/// The same JSON with `<`, `>`, `&` and U+2028/U+2029 written as `\uXXXX`:
/// it parses to the same value, and can sit inside a `<script>` element.
pub fn escape_for_script(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    // Each character to replace starts with a byte no other character has
    // there (`<`, `>`, `&`, or 0xE2 then 0x80 0xA8/0xA9), so every cut is at
    // a char boundary. memchr finds the next of them; the runs between are
    // copied whole.
    let find_mark =
        |from: usize| memchr::memchr3(b'<', b'>', b'&', &bytes[from..]).map(|i| i + from);
    let find_e2 = |from: usize| memchr::memchr(0xE2, &bytes[from..]).map(|i| i + from);
    let (mut mark, mut e2) = (find_mark(0), find_e2(0));
    let mut copied = 0;
    loop {
        let i = match (mark, e2) {
            (Some(m), Some(e)) => m.min(e),
            (Some(i), None) | (None, Some(i)) => i,
            (None, None) => break,
        };
        let escaped = match bytes[i] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ if bytes[i + 1..].starts_with(&[0x80, 0xA8]) => "\\u2028",
            _ if bytes[i + 1..].starts_with(&[0x80, 0xA9]) => "\\u2029",
            _ => {
                // Another character that starts with 0xE2 (`—`, `…`): kept.
                e2 = find_e2(i + 1);
                continue;
            }
        };
        out.push_str(&text[copied..i]);
        out.push_str(escaped);
        if bytes[i] == 0xE2 {
            copied = i + 3;
            e2 = find_e2(copied);
        } else {
            copied = i + 1;
            mark = find_mark(copied);
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Appends `text` to `out` as a JSON string, as [`escape_for_script`] of
/// serde_json's writes it (quotes, `\\`, control characters, `<`, `>`, `&`,
/// U+2028/U+2029 escaped), in one pass: for the long HTML strings of the
/// search data's card files.
pub fn push_script_str(out: &mut String, text: &str) {
    /// Which bytes start something to escape: 1 for ASCII ones, 2 for
    /// 0xE2 (U+2028/U+2029 start with it, and other characters too).
    const SPECIAL: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 0x20 {
            t[b] = 1;
            b += 1;
        }
        t[b'"' as usize] = 1;
        t[b'\\' as usize] = 1;
        t[b'<' as usize] = 1;
        t[b'>' as usize] = 1;
        t[b'&' as usize] = 1;
        t[0xE2] = 2;
        t
    };
    let bytes = text.as_bytes();
    out.reserve(text.len() + 2);
    out.push('"');
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped = match SPECIAL[b as usize] {
            0 => continue,
            2 => match bytes.get(i + 1..i + 3) {
                Some([0x80, 0xA8]) => "\\u2028",
                Some([0x80, 0xA9]) => "\\u2029",
                _ => continue,
            },
            _ => match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'<' => "\\u003c",
                b'>' => "\\u003e",
                b'&' => "\\u0026",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0C => "\\f",
                _ => {
                    out.push_str(&text[copied..i]);
                    out.push_str(&format!("\\u{b:04x}"));
                    copied = i + 1;
                    continue;
                }
            },
        };
        out.push_str(&text[copied..i]);
        out.push_str(escaped);
        copied = if b == 0xE2 { i + 3 } else { i + 1 };
    }
    out.push_str(&text[copied..]);
    out.push('"');
}

/// Adds `key: value` when the value is there.
fn put(map: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(v) = value {
        map.insert(key.to_string(), v.into());
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The company as a schema.org Organization.
pub fn organization(c: &Config) -> Value {
    let mut org = object(
        json!({"@type": "Organization", "name": c.company.name.as_deref().unwrap_or(&c.title)}),
    );
    put(&mut org, "url", c.company.url.as_deref());
    put(
        &mut org,
        "logo",
        c.company
            .logo
            .as_deref()
            .map(|l| format!("{}/{}", c.base_url, l.trim_start_matches('/'))),
    );
    Value::Object(org)
}

/// Landing: the organisation and the website.
pub fn landing(c: &Config) -> Value {
    let mut site =
        object(json!({"@type": "WebSite", "name": c.title, "url": format!("{}/", c.base_url)}));
    put(&mut site, "description", c.description.as_deref());
    site.insert("publisher".into(), organization(c));
    json!({"@context": "https://schema.org", "@graph": [organization(c), Value::Object(site)]})
}

/// A profile: ProfilePage whose main entity is the Person.
pub fn profile(c: &Config, m: &MemberView, permalink: &str) -> Value {
    let card = &m.card;
    let mut person = object(json!({"@type": "Person", "name": card.name, "url": permalink}));
    let mut role = object(json!({"@type": "OrganizationRole", "alumniOf": organization(c)}));
    put(&mut role, "startDate", m.joined_display.clone());
    role.insert("endDate".into(), m.left_display.clone().into());
    put(&mut role, "roleName", card.role);
    person.insert("alumniOf".into(), Value::Object(role));
    if let Some(company) = card.now.company {
        person.insert(
            "worksFor".into(),
            json!({"@type": "Organization", "name": company}),
        );
    }
    put(&mut person, "jobTitle", card.now.title);
    if !card.skills.is_empty() {
        person.insert(
            "knowsAbout".into(),
            card.skills
                .iter()
                .map(|s| s.name)
                .collect::<Vec<_>>()
                .into(),
        );
    }
    if let Some(place) = card.location {
        person.insert(
            "homeLocation".into(),
            json!({"@type": "Place", "name": place}),
        );
    }
    if !m.links.is_empty() {
        person.insert(
            "sameAs".into(),
            m.links.iter().map(|l| l.url).collect::<Vec<_>>().into(),
        );
    }
    put(&mut person, "email", m.email);
    put(
        &mut person,
        "image",
        card.photo.as_ref().map(|p| c.absolute(p)),
    );
    json!({"@context": "https://schema.org", "@type": "ProfilePage", "url": permalink, "mainEntity": Value::Object(person)})
}

/// Google's JobPosting: every required and recommended property we know.
pub fn job(c: &Config, j: &JobView, permalink: &str) -> Value {
    let card = &j.card;
    let mut posting = object(json!({
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": card.title,
        "description": if j.content.is_empty() { card.summary.unwrap_or(card.title) } else { j.content },
        "hiringOrganization": organization(c),
        "url": permalink,
        "identifier": {"@type": "PropertyValue", "name": c.company.name.as_deref().unwrap_or(&c.title), "value": card.url},
    }));
    put(&mut posting, "datePosted", card.posted.clone());
    put(
        &mut posting,
        "validThrough",
        card.closes.as_ref().map(|d| format!("{d}T23:59:59")),
    );
    put(
        &mut posting,
        "employmentType",
        card.employment_type.map(employment_type),
    );
    if let Some(place) = card.location {
        posting.insert(
            "jobLocation".into(),
            json!({"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": place}}),
        );
    }
    if card.apply.is_some() {
        posting.insert("directApply".into(), true.into());
    }
    put(&mut posting, "occupationalCategory", card.department);
    Value::Object(posting)
}

/// Maps common spellings to schema.org's employment types.
fn employment_type(t: &str) -> String {
    let key: String = t
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    match key.as_str() {
        "fulltime" | "正社員" => "FULL_TIME",
        "parttime" | "パート" | "アルバイト" => "PART_TIME",
        "contract" | "contractor" | "契約社員" | "業務委託" => "CONTRACTOR",
        "temporary" | "temp" | "派遣" => "TEMPORARY",
        "intern" | "internship" | "インターン" => "INTERN",
        "volunteer" => "VOLUNTEER",
        "perdiem" => "PER_DIEM",
        _ => "OTHER",
    }
    .to_string()
}

/// An event, in person, online, or both.
pub fn event(c: &Config, e: &EventView, permalink: &str) -> Value {
    let card = &e.card;
    let mode = match (card.location, card.online) {
        (Some(_), Some(_)) => "MixedEventAttendanceMode",
        (None, Some(_)) => "OnlineEventAttendanceMode",
        _ => "OfflineEventAttendanceMode",
    };
    let mut places: Vec<Value> = Vec::new();
    if let Some(place) = card.location {
        places.push(json!({"@type": "Place", "name": place, "address": {"@type": "PostalAddress", "addressLocality": place}}));
    }
    if let Some(url) = card.online {
        places.push(json!({"@type": "VirtualLocation", "url": url}));
    }
    let mut ev = object(json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": card.title,
        "startDate": card.start,
        "eventAttendanceMode": format!("https://schema.org/{mode}"),
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": organization(c),
        "url": permalink,
    }));
    put(&mut ev, "endDate", card.end.clone());
    put(&mut ev, "description", card.summary);
    match places.len() {
        0 => {}
        1 => {
            ev.insert("location".into(), places.remove(0));
        }
        _ => {
            ev.insert("location".into(), places.into());
        }
    }
    if let Some(register) = card.register {
        ev.insert("offers".into(), json!({"@type": "Offer", "url": register}));
    }
    Value::Object(ev)
}

/// Stories and news: an Article by the organisation.
pub fn article(
    c: &Config,
    title: &str,
    date: &str,
    summary: Option<&str>,
    image: Option<&str>,
    permalink: &str,
) -> Value {
    let mut a = object(json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": title,
        "datePublished": date,
        "author": organization(c),
        "publisher": organization(c),
        "mainEntityOfPage": permalink,
        "url": permalink,
    }));
    put(&mut a, "description", summary);
    put(&mut a, "image", image.map(|i| c.absolute(i)));
    Value::Object(a)
}

pub fn story(c: &Config, s: &StoryView, permalink: &str) -> Value {
    article(
        c,
        s.card.title,
        &s.card.date,
        s.card.summary,
        s.card.cover.as_deref(),
        permalink,
    )
}

pub fn news(c: &Config, n: &NewsView, permalink: &str) -> Value {
    article(
        c,
        n.card.title,
        &n.card.date,
        n.card.summary,
        None,
        permalink,
    )
}

/// Any other page: a WebPage (or a CollectionPage for lists).
/// `value` with `inLanguage` (the language of the page's content) when it
/// is a creative work or an event, which schema.org gives that property.
pub fn in_language(mut value: Value, lang: &str) -> Value {
    const TYPES: &[&str] = &[
        "WebSite",
        "WebPage",
        "CollectionPage",
        "ProfilePage",
        "Article",
        "NewsArticle",
        "Event",
    ];
    if let Value::Object(map) = &mut value
        && map
            .get("@type")
            .and_then(Value::as_str)
            .is_some_and(|t| TYPES.contains(&t))
    {
        map.insert("inLanguage".into(), Value::String(lang.to_string()));
    }
    value
}

pub fn web_page(c: &Config, kind: &str, title: &str, permalink: &str) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": kind,
        "name": title,
        "url": permalink,
        "isPartOf": {"@type": "WebSite", "name": c.title, "url": format!("{}/", c.base_url)},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_cannot_be_closed_from_inside() {
        let v = json!({"name": "</script><script>alert(1)</script>\u{2028}&"});
        let s = script(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        assert!(!s.contains('\u{2028}'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn escapes_only_what_a_script_element_needs() {
        assert_eq!(
            escape_for_script("a<b>c&d\u{2028}e\u{2029}f\u{2027}山田"),
            "a\\u003cb\\u003ec\\u0026d\\u2028e\\u2029f\u{2027}山田"
        );
        assert_eq!(escape_for_script(""), "");
        assert_eq!(escape_for_script("\u{2028}"), "\\u2028");
    }

    #[test]
    fn escapes_like_a_character_by_character_replace() {
        let naive = |s: &str| {
            s.chars()
                .map(|c| match c {
                    '<' => "\\u003c".to_string(),
                    '>' => "\\u003e".to_string(),
                    '&' => "\\u0026".to_string(),
                    '\u{2028}' => "\\u2028".to_string(),
                    '\u{2029}' => "\\u2029".to_string(),
                    c => c.to_string(),
                })
                .collect::<String>()
        };
        // Every sequence of up to four of these: marks, characters that
        // start with 0xE2 like the separators, and others.
        let parts = ["<", ">", "&", "\u{2028}", "\u{2029}", "—", "…", "a", "山"];
        let mut cases = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = cases
                .iter()
                .flat_map(|c| parts.iter().map(move |p| format!("{c}{p}")))
                .collect();
            cases.extend(longer);
        }
        for case in &cases {
            assert_eq!(escape_for_script(case), naive(case), "{case:?}");
        }
    }

    #[test]
    fn strings_pushed_in_one_pass_are_as_serde_json_then_escaped() {
        let mut cases: Vec<String> = (0u8..128).map(|b| format!("a{}b", b as char)).collect();
        cases.extend(
            [
                "",
                "<li class=\"card\"><a href=\"/members/a/\">山田 &amp; 太郎</a></li>",
                "\u{2028}\u{2029}\u{2027}—…\u{7f}\u{85}",
                "\\\"\n\r\t\u{8}\u{c}\u{1}\u{1f}",
            ]
            .map(String::from),
        );
        for case in &cases {
            let mut pushed = String::from("x");
            push_script_str(&mut pushed, case);
            let expected = escape_for_script(&serde_json::to_string(case).unwrap());
            assert_eq!(pushed, format!("x{expected}"), "{case:?}");
        }
    }

    #[test]
    fn employment_types_map_to_schema_org() {
        assert_eq!(employment_type("full-time"), "FULL_TIME");
        assert_eq!(employment_type("Part time"), "PART_TIME");
        assert_eq!(employment_type("contract"), "CONTRACTOR");
        assert_eq!(employment_type("whatever"), "OTHER");
    }
}

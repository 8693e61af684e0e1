//! Hostile input never executes: XSS attempts through every front-matter
//! text field and through Markdown (with and without raw HTML), checked on
//! the built pages with html5ever (through scraper), a parser that is not
//! ours: no script but the JSON-LD ones, no event-handler attribute, no
//! dangerous element, no `javascript:`/`vbscript:`/`data:` URL, external
//! links in content with `rel="noopener nofollow ugc"`. JSON-LD and
//! the search data carry the hostile text intact but cannot close a
//! `<script>`, and the cards the directory script inserts from the search
//! data are as inert as the pages';
//! the Atom feed and `.ics` files stay well-formed.

use alumni::content::Audience;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::harness::{Files, SiteDir, config, png, q};

/// Every front-matter text field gets this: breaking out of elements,
/// attributes (both quotes), comments, CDATA, templates and JS strings.
const HOSTILE: &str = "X</script><script>alert(1)</script>\"><img src=x onerror=alert(1)>' onmouseover='alert(1)' x='<svg/onload=alert(1)><iframe src=javascript:alert(1)></iframe><style>*{display:none}</style>\u{2028}\u{2029}<!--{{ config }}]]>";

/// Markdown without raw HTML: the path that does not go through ammonia.
const MARKDOWN: &str = r#"
## Heading {onclick=alert(1) #hid .cls}

## Other {#x" onmouseover="alert(1)}

[js](javascript:alert(1)) [JS](JaVaScRiPt:alert(1)) [ent](&#x6A;avascript:alert(1))
[vb](vbscript:msgbox(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[sp](<java script:alert(1)>) [nl](<java%0Ascript:alert(1)>) <javascript:alert(1)>
[ref][r] [ok](https://ok.example/a?b=1&c=2 "t\" onmouseover=\"alert(1)")
[q](<https://ok.example/" onmouseover="alert(1)>) [rel](/members/?x="><script>alert(1)</script>)

![img](javascript:alert(1)) ![img2](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
![img3](<x" onerror="alert(1)>)

`<script>alert(1)</script>`

```"><script>alert(1)</script>
</script><script>alert(1)</script>
```

Note[^n].

[^n]: A footnote with [js](javascript:alert(1)).

[r]: javascript:alert(1)
"#;

/// Raw HTML in Markdown: the ammonia path.
const RAW_HTML: &str = r#"
Raw <script>alert(1)</script> and <img src=x onerror=alert(1)>.

<a href="javascript:alert(1)">a</a> <a href=" javascript:alert(1)">b</a>
<a href="java&#x09;script:alert(1)">c</a> <a href="&#106;avascript:alert(1)">d</a>
<a href="vbscript:msgbox(1)">e</a> <a href="data:text/html,<script>alert(1)</script>">f</a>
<a href="https://ok.example/raw" target="_blank">external</a> <a href="https://ok.example/r2" rel="opener">opener</a>

<iframe src="https://evil.example"></iframe><object data="x.swf"></object><embed src="x.swf">
<style>body{display:none}</style><link rel=stylesheet href=//evil.example/x.css>
<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>
<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">
<div onclick="alert(1)" style="background:url(javascript:alert(1))">div</div>
<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">s</a></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>
<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>
<img src="https://ok.example/x.png" srcset="javascript:alert(1) 1x">
<details open ontoggle=alert(1)><summary>s</summary></details>

## Heading {onclick=alert(1)}

[md](javascript:alert(1)) [ext](https://ok.example/md)
"#;

/// Elements no page may have, wherever they come from.
const FORBIDDEN: &[&str] = &[
    "iframe", "object", "embed", "frame", "frameset", "applet", "base", "math",
];

/// Elements content must not bring in (a theme may use some of them).
const FORBIDDEN_IN_CONTENT: &[&str] = &[
    "form", "button", "style", "template", "noscript", "details", "textarea", "select", "link",
    "meta", "script", "svg",
];

/// Attributes that hold URLs.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "srcset",
    "xlink:href",
    "poster",
    "data",
    "background",
    "cite",
    "ping",
    "manifest",
    "longdesc",
];

/// Every field of the members-only `b` is also in public documents: the
/// editors' documents say the name is someone else's (`homonyms`), and the
/// public `a` carries it as its own name.
fn hostile_site() -> SiteDir {
    let site = SiteDir::new(&config("  require_consent: true\n"));
    let h = q(HOSTILE);
    site.write(
        "content/_index.md",
        format!(
            "---\ntitle: {h}\nhomonyms: [{h}]\ndescription: {h}\nextra: {{x: {h}}}\n---\n{MARKDOWN}"
        ),
    );
    let member = |slug: &str, visibility: &str, body: &str| {
        format!(
            "---\nname: {h}\nname_reading: {h}\nslug: {slug}\nleft: 2019\njoined: 2012\n\
             department: {h}\nrole: {h}\nlocation: {h}\nskills: [{h}, Rust]\n\
             now: {{company: {h}, title: {h}, industry: {h}}}\nopen_to: [rehire, mentoring]\n\
             returned: 2023\nlinks: {{website: \"https://ok.example/w\\\"onmouseover=\\\"alert(1)\"}}\n\
             email: {h}\nshow_email: true\nphoto: \"{slug}\\\" onerror=\\\"alert(1).png\"\nshow_photo: true\n\
             visibility: {visibility}\nconsent: 2024-04-01\nextra: {{x: {h}}}\n---\n{body}"
        )
    };
    site.write("content/members/a.md", member("a", "public", MARKDOWN));
    site.write("content/members/b.md", member("b", "members", RAW_HTML));
    // Real images (one each: a photo file belongs to one member), with
    // hostile names; the cover's name reaches the story's pages.
    for file in [
        "members/a\" onerror=\"alert(1).png",
        "members/b\" onerror=\"alert(1).png",
        "stories/x\" onerror=\"alert(1).png",
    ] {
        site.write(&format!("content/{file}"), png("PNG"));
    }
    site.write(
        "content/stories/s.md",
        format!(
            "---\ntitle: {h}\nhomonyms: [{h}]\ndate: 2025-01-01\nkind: rehire\nmembers: [a, b]\nsummary: {h}\n\
             tags: [{h}]\nslug: s\ncover: \"x\\\" onerror=\\\"alert(1).png\"\n---\n{RAW_HTML}"
        ),
    );
    site.write(
        "content/events/e.md",
        format!(
            "---\ntitle: {h}\nhomonyms: [{h}]\nstart: 2026-12-10T19:00:00+09:00\nend: 2026-12-10T21:00:00+09:00\n\
             location: {h}\nonline: https://ok.example/online\nregister: https://ok.example/reg\n\
             summary: {h}\n---\n{MARKDOWN}"
        ),
    );
    site.write(
        "content/jobs/j.md",
        format!(
            "---\ntitle: {h}\nhomonyms: [{h}]\ndepartment: {h}\nlocation: {h}\nemployment_type: {h}\nposted: 2026-05-01\n\
             apply: https://ok.example/apply\nsummary: {h}\n---\n{RAW_HTML}"
        ),
    );
    site.write(
        "content/news/n.md",
        format!(
            "---\ntitle: {h}\nhomonyms: [{h}]\ndate: 2026-05-01\nsummary: {h}\n---\n{MARKDOWN}"
        ),
    );
    site.write(
        "content/pages/p.md",
        format!("---\ntitle: {h}\nhomonyms: [{h}]\ndescription: {h}\n---\n{RAW_HTML}"),
    );
    site
}

fn build(site: &SiteDir, audience: Audience) -> Files {
    site.build(audience)
        .unwrap_or_else(|d| panic!("the hostile site must build: {d}"))
}

/// A URL as a browser reads it: leading/trailing C0 controls and spaces
/// stripped, tabs and newlines removed, lower-cased; `None` when its scheme
/// may execute or smuggle content.
fn dangerous_url(raw: &str) -> Option<String> {
    let url: String = raw
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = url.find([':', '/', '?', '#'])?;
    let scheme = &url[..scheme_end];
    // Anything else before the colon makes it a relative URL (WHATWG URL).
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !url[scheme_end..].starts_with(':') || !valid {
        return None;
    }
    (!matches!(scheme, "http" | "https" | "mailto")).then(|| raw.to_string())
}

/// Everything wrong with one page's DOM. `content` selects the elements
/// that came from content (inside `.prose`, or a whole feed entry).
fn dom_problems(page: &str, html: &Html, content: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let all = Selector::parse("*").expect("selector");
    for el in html.select(&all) {
        let name = el.value().name();
        if FORBIDDEN.contains(&name) {
            problems.push(format!("{page}: <{name}> element"));
        }
        if name == "meta"
            && el
                .value()
                .attr("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
        {
            problems.push(format!("{page}: <meta http-equiv=refresh>"));
        }
        if name == "script" {
            problems.extend(script_problem(page, el));
        }
        for (attr, value) in el.value().attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                problems.push(format!("{page}: <{name} {attr}=\"{value}\">"));
            }
            if URL_ATTRS.contains(&attr.as_str()) {
                let urls: Vec<&str> = if attr == "srcset" {
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .collect()
                } else {
                    vec![value]
                };
                for url in urls {
                    if let Some(bad) = dangerous_url(url) {
                        problems.push(format!("{page}: <{name} {attr}=\"{bad}\">"));
                    }
                }
            }
        }
    }
    let from_content = Selector::parse(content).expect("selector");
    for el in html.select(&from_content) {
        let name = el.value().name();
        if FORBIDDEN_IN_CONTENT.contains(&name) {
            problems.push(format!("{page}: <{name}> in content"));
        }
        if let Some(style) = el.value().attr("style") {
            problems.push(format!("{page}: <{name} style=\"{style}\"> in content"));
        }
    }
    problems
}

/// The only scripts are JSON-LD (valid JSON, text unbroken) or the theme's.
fn script_problem(page: &str, el: ElementRef) -> Option<String> {
    let text: String = el.text().collect();
    if el.value().attr("type") == Some("application/ld+json") {
        return match serde_json::from_str::<Value>(&text) {
            Ok(_) if text.contains('\u{2028}') || text.contains('\u{2029}') => {
                Some(format!("{page}: raw U+2028/9 in JSON-LD"))
            }
            Ok(_) => None,
            Err(e) => Some(format!("{page}: JSON-LD is not JSON ({e}): {text}")),
        };
    }
    let src = el.value().attr("src").unwrap_or("");
    let theme_script = src.starts_with('/') && !src.starts_with("//") && text.trim().is_empty();
    (!theme_script || text.contains("alert") || src.contains("alert"))
        .then(|| format!("{page}: <script src=\"{src}\">{text}</script>"))
}

/// Checks every HTML page, and the sanitised HTML inside the Atom feed.
fn assert_inert(files: &Files) {
    let mut problems = Vec::new();
    let mut pages = 0;
    for (path, text) in files.pages() {
        problems.extend(dom_problems(path, &Html::parse_document(&text), ".prose *"));
        pages += 1;
    }
    assert!(pages > 15, "only {pages} pages");
    let feed = feed_rs::parser::parse(files.text("atom.xml").as_bytes())
        .expect("atom.xml is a valid feed");
    assert!(
        !feed.entries.is_empty(),
        "the feed has the story and the news"
    );
    for entry in &feed.entries {
        let title = entry
            .title
            .as_ref()
            .map(|t| t.content.clone())
            .unwrap_or_default();
        assert!(
            title.contains("</script><script>alert(1)</script>"),
            "the title is text: {title}"
        );
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default();
        problems.extend(dom_problems(
            "atom.xml entry",
            &Html::parse_fragment(&body),
            "*",
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// `MARKDOWN` must test the renderer's own output, not ammonia's: it may
/// hold no raw HTML (any raw HTML sends a whole body through ammonia).
#[test]
fn markdown_attacks_take_the_path_without_ammonia() {
    use pulldown_cmark::{Event, Options, Parser};
    let raw: Vec<Event> = Parser::new_ext(MARKDOWN, Options::all())
        .filter(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
        .collect();
    assert!(raw.is_empty(), "{raw:?}");
}

#[test]
fn hostile_content_renders_inert_in_both_builds() {
    let site = hostile_site();
    for audience in [Audience::Public, Audience::Members] {
        assert_inert(&build(&site, audience));
    }
}

#[test]
fn hostile_text_is_shown_as_text_not_markup() {
    let site = hostile_site();
    let files = build(&site, Audience::Members);
    let profile = Html::parse_document(&files.text("members/b/index.html"));
    let h1 = Selector::parse("h1").expect("selector");
    let name: String = profile.select(&h1).next().expect("an h1").text().collect();
    assert_eq!(name.trim(), HOSTILE.trim(), "the name round-trips as text");
    let title = Selector::parse("title").expect("selector");
    let head: String = profile
        .select(&title)
        .next()
        .expect("a title")
        .text()
        .collect();
    assert!(head.contains(HOSTILE), "{head}");
}

#[test]
fn json_ld_and_search_data_carry_hostile_text_without_breaking_out() {
    let site = hostile_site();
    let files = build(&site, Audience::Members);
    let profile = Html::parse_document(&files.text("members/b/index.html"));
    let ld = Selector::parse("script[type=\"application/ld+json\"]").expect("selector");
    let scripts: Vec<String> = profile.select(&ld).map(|s| s.text().collect()).collect();
    assert_eq!(scripts.len(), 1, "exactly one JSON-LD script: {scripts:?}");
    let raw = &scripts[0];
    for bad in ["</", "<!--", "\u{2028}", "\u{2029}"] {
        assert!(!raw.contains(bad), "JSON-LD holds {bad:?} raw");
    }
    let json: Value = serde_json::from_str(raw).expect("JSON-LD is JSON");
    assert_eq!(json["mainEntity"]["name"], HOSTILE, "{json}");

    let search = crate::search_data::read("", |p| files.text(p));
    for path in &search.paths {
        let text = files.text(path);
        for bad in ["</", "<!--", "\u{2028}", "\u{2029}"] {
            assert!(!text.contains(bad), "{path} holds {bad:?} raw");
        }
    }
    let names: Vec<&str> = search.members.iter().map(|m| m.name.as_str()).collect();
    assert!(names.iter().all(|n| *n == HOSTILE), "{names:?}");
    assert_eq!(names.len(), 2);
    // The cards the directory script inserts are the directory page's own,
    // and inert when parsed on their own.
    let directory = files.text("members/index.html");
    for m in &search.members {
        let card = m.html.as_deref().expect("a card");
        assert!(directory.contains(card), "{card}");
        let problems = dom_problems(&m.url, &Html::parse_fragment(card), ".prose *");
        assert!(problems.is_empty(), "{problems:?}");
    }
}

#[test]
fn external_links_in_content_are_marked_untrusted() {
    let site = hostile_site();
    let files = build(&site, Audience::Members);
    let links = Selector::parse(".prose a[href]").expect("selector");
    let mut external = 0;
    for page in [
        "members/a/index.html",
        "members/b/index.html",
        "stories/s/index.html",
        "p/index.html",
    ] {
        let html = Html::parse_document(&files.text(page));
        for a in html.select(&links) {
            let href = a.value().attr("href").unwrap_or("");
            if href.starts_with("http://") || href.starts_with("https://") {
                external += 1;
                let rel: Vec<&str> = a
                    .value()
                    .attr("rel")
                    .unwrap_or("")
                    .split_whitespace()
                    .collect();
                for needed in ["noopener", "nofollow", "ugc"] {
                    assert!(
                        rel.contains(&needed),
                        "{page}: {} lacks rel {needed}",
                        a.html()
                    );
                }
                assert!(!rel.contains(&"opener"), "{page}: {}", a.html());
            }
        }
    }
    assert!(external >= 6, "only {external} external links checked");
}

#[test]
fn calendar_files_keep_hostile_text_inside_their_values() {
    let site = hostile_site();
    let files = build(&site, Audience::Public);
    for path in ["events.ics", "events/e.ics"] {
        let text = files.text(path);
        let unfolded = text.replace("\r\n ", "");
        for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
            let name = line.split([':', ';']).next().unwrap_or("");
            assert!(
                name.chars().all(|c| c.is_ascii_uppercase() || c == '-'),
                "{path}: a value broke out onto its own line: {line:?}"
            );
        }
        let calendar: icalendar::Calendar = text.parse().expect("the .ics parses");
        assert!(!calendar.components.is_empty());
    }
}

/// A URL in front matter (links, apply, register, online) must be http(s)
/// or mailto: anything else is an error naming the file and line.
#[test]
fn front_matter_urls_other_than_web_and_mail_are_refused() {
    let bad = [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "java\tscript:alert(1)",
        "//evil.example/x",
        "https://ok.example/a b",
        "file:///etc/passwd",
    ];
    let fields = [
        (
            "members",
            "name: N\nleft: 2019\nvisibility: public\nconsent: 2024-01-01\nlinks: {website: URL}",
        ),
        ("members", "name: N\nleft: 2019\nlinks: {github: URL}"),
        ("events", "title: T\nstart: 2026-12-10\nonline: URL"),
        ("events", "title: T\nstart: 2026-12-10\nregister: URL"),
        ("jobs", "title: T\napply: URL"),
    ];
    for url in bad {
        for (section, front) in fields {
            let site = SiteDir::new(&config("  require_consent: true\n"));
            let front = front.replace("URL", &q(url));
            site.write(
                &format!("content/{section}/x.md"),
                format!("---\n{front}\n---\nbody\n"),
            );
            let err = match alumni::content::load::load(&site.root, &["ja".to_string()]) {
                Ok(_) => panic!("{section} with {url:?} loaded"),
                Err(e) => e.to_string(),
            };
            assert!(
                err.contains(&format!("content/{section}/x.md:"))
                    && err.contains("is not a web address"),
                "{section} {url:?}: {err}"
            );
        }
    }
}

/// Every `| safe` in the default theme says, in a comment on the line
/// before, why what it prints cannot hold markup from content.
#[test]
fn every_safe_filter_in_the_theme_is_explained() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("templates/") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("a template");
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            if !compact.contains("|safe") {
                continue;
            }
            seen += 1;
            let before = if i > 0 { lines[i - 1] } else { "" };
            assert!(
                before.contains("{#") && before.contains("safe:"),
                "{}:{}: `| safe` without a `{{# safe: why #}}` comment on the line before",
                path.display(),
                i + 1
            );
        }
    }
    assert!(seen >= 8, "only {seen} `| safe` found: is this the theme?");
}

/// A site's own templates are autoescaped too.
#[test]
fn site_templates_are_autoescaped() {
    let site = SiteDir::new(&config("  require_consent: true\n"));
    site.write(
        "templates/page.html",
        "<h1>{{ page.title }}</h1><p>{{ page.content | safe }}</p>",
    );
    site.write(
        "content/pages/p.md",
        format!("---\ntitle: {}\n---\nhi\n", q(HOSTILE)),
    );
    let files = build(&site, Audience::Public);
    let page = files.text("p/index.html");
    assert!(
        page.starts_with("<h1>X&lt;&#x2F;script&gt;") || page.starts_with("<h1>X&lt;/script&gt;"),
        "{page}"
    );
    let html = Html::parse_document(&page);
    let h1 = Selector::parse("h1").expect("selector");
    assert_eq!(
        html.select(&h1)
            .next()
            .expect("h1")
            .text()
            .collect::<String>(),
        HOSTILE
    );
    assert!(dom_problems("p/index.html", &html, ".prose *").is_empty());
}

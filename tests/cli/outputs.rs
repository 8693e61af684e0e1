//! Machine-read outputs, each checked by a parser that is not the code that
//! wrote it: feed-rs (Atom), icalendar's parser (RFC 5545), quick-xml
//! (sitemap), serde_json (JSON-LD and the search data).

use serde_json::Value;

use crate::support::{Outcome, SiteTest};

/// Builds the `outputs/machine` fixture for `args`.
fn build(args: &[&str]) -> Outcome {
    let out = SiteTest::fixture("outputs/machine").build(args);
    out.assert_success();
    out
}

fn machine() -> Outcome {
    build(&[])
}

trait Texts {
    fn text(&self, rel: &str) -> String;
    fn all(&self) -> Vec<(String, String)>;
}

impl Texts for Outcome {
    fn text(&self, rel: &str) -> String {
        self.file(rel)
    }

    /// Every file of the build, as (relative path, contents).
    fn all(&self) -> Vec<(String, String)> {
        self.tree()
            .into_iter()
            .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
            .collect()
    }
}

#[test]
fn atom_feed_is_valid_and_holds_public_news_and_stories_newest_first() {
    let site = machine();
    let xml = site.text("atom.xml");
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("feed-rs parses the feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(
        titles,
        ["公開ニュース", "戻ってきた理由 <script>alert('x')</script>"]
    );
    assert!(
        !xml.contains("SECRET"),
        "members-only news in the public feed"
    );
    let news = &feed.entries[0];
    assert_eq!(
        news.links[0].href,
        "https://alumni.test.example/news/public-news/"
    );
    assert_eq!(
        news.updated.unwrap().to_rfc3339(),
        "2025-07-15T00:00:00+00:00"
    );
    assert_eq!(
        news.published.unwrap().to_rfc3339(),
        "2025-07-01T00:00:00+00:00"
    );
    assert!(feed.authors.iter().any(|a| a.name == "テスト株式会社"));
    assert!(news.summary.is_some());
}

#[test]
fn members_feed_includes_members_news() {
    let site = build(&["--audience", "members"]);
    let feed = feed_rs::parser::parse(site.text("atom.xml").as_bytes()).unwrap();
    assert!(
        feed.entries
            .iter()
            .any(|e| e.title.as_ref().unwrap().content == "SECRET-MEMBERS-NEWS")
    );
}

fn calendar(text: &str) -> Vec<icalendar::parser::Component<'static>> {
    for line in text.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "line not ended by CRLF: {line:?}");
        assert!(line.len() <= 77, "line over 75 octets: {line:?}");
    }
    let unfolded: &'static str = Box::leak(icalendar::parser::unfold(text).into_boxed_str());
    let cal = icalendar::parser::read_calendar(unfolded).expect("icalendar parses the file");
    assert_eq!(
        cal.properties
            .iter()
            .find(|p| p.name == "VERSION")
            .unwrap()
            .val
            .as_str(),
        "2.0"
    );
    assert!(cal.properties.iter().any(|p| p.name == "PRODID"));
    cal.components
        .into_iter()
        .filter(|c| c.name == "VEVENT")
        .collect()
}

fn prop<'c>(c: &'c icalendar::parser::Component, name: &str) -> Option<&'c str> {
    c.properties
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.val.as_str())
}

#[test]
fn events_calendar_has_upcoming_events_only_with_escaping_and_all_day_dates() {
    let site = machine();
    let events = calendar(&site.text("events.ics"));
    let uids: Vec<&str> = events.iter().map(|e| prop(e, "UID").unwrap()).collect();
    assert_eq!(
        uids,
        ["no-end@alumni.test.example", "all-day@alumni.test.example"]
    );
    let timed = &events[0];
    assert_eq!(
        prop(timed, "DTSTART"),
        Some("20260710T100000Z"),
        "19:00+09:00 in UTC"
    );
    assert_eq!(
        prop(timed, "DTEND"),
        None,
        "no end written when none was given"
    );
    // The parser unescapes TEXT: what comes back is what the editor wrote.
    assert_eq!(prop(timed, "SUMMARY"), Some("交流会, 東京; 第1回 \\ 新年"));
    assert!(
        site.text("events.ics")
            .contains("SUMMARY:交流会\\, 東京\\; 第1回 \\\\ 新年\r\n")
    );
    assert!(prop(timed, "DTSTAMP").is_some());
    assert!(
        prop(timed, "LOCATION")
            .unwrap()
            .contains("二十階の大ホール"),
        "folded text rejoins intact"
    );
    let all_day = &events[1];
    let start = all_day
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .unwrap();
    assert_eq!(start.val.as_str(), "20260801");
    assert!(
        start
            .params
            .iter()
            .any(|p| p.key == "VALUE" && p.val.as_ref().map(|v| v.as_str()) == Some("DATE"))
    );
    assert_eq!(
        prop(all_day, "DTEND"),
        Some("20260803"),
        "the end is exclusive"
    );
}

#[test]
fn every_event_has_its_own_calendar_and_uids_are_stable() {
    let a = machine();
    let b = machine();
    for slug in ["no-end", "all-day", "past"] {
        let path = format!("events/{slug}.ics");
        let events = calendar(&a.text(&path));
        assert_eq!(events.len(), 1);
        assert_eq!(
            prop(&events[0], "UID"),
            Some(format!("{slug}@alumni.test.example").as_str())
        );
        assert_eq!(a.text(&path), b.text(&path), "same input, same calendar");
    }
    let page = a.text("events/no-end/index.html");
    assert!(page.contains("href=\"/events/no-end.ics\""));
    assert!(page.contains("https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text="));
    assert!(page.contains("https://outlook.live.com/calendar/0/deeplink/compose?"));
}

/// The `<url>` entries of a sitemap, as (loc, lastmod), parsed by quick-xml.
fn sitemap_entries(xml: &str) -> Vec<(String, Option<String>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut entries, mut current) = (Vec::new(), String::new());
    loop {
        match reader.read_event().expect("quick-xml parses the sitemap") {
            quick_xml::events::Event::Start(e) => {
                current = String::from_utf8_lossy(e.name().as_ref()).into_owned()
            }
            quick_xml::events::Event::Text(t) => {
                let text = t.decode().unwrap().into_owned();
                match current.as_str() {
                    "loc" => entries.push((text, None)),
                    "lastmod" => entries.last_mut().expect("lastmod after loc").1 = Some(text),
                    _ => {}
                }
            }
            quick_xml::events::Event::End(_) => current.clear(),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    entries
}

#[test]
fn sitemap_parses_with_absolute_urls_and_lastmod() {
    let site = machine();
    let xml = site.text("sitemap.xml");
    let entries = sitemap_entries(&xml);
    let locs: Vec<&String> = entries.iter().map(|(l, _)| l).collect();
    let lastmods: Vec<&String> = entries.iter().filter_map(|(_, m)| m.as_ref()).collect();
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://alumni.test.example/")),
        "{locs:?}"
    );
    assert!(locs.contains(&&"https://alumni.test.example/members/yamada-taro/".to_string()));
    assert!(
        !locs
            .iter()
            .any(|l| l.contains("hidden") || l.contains("members-only"))
    );
    assert!(
        lastmods.contains(&&"2025-07-15".to_string()),
        "news `updated` is its lastmod"
    );
    assert!(
        site.text("robots.txt")
            .contains("Sitemap: https://alumni.test.example/sitemap.xml")
    );
}

/// A profile's lastmod is its own `updated` date, never the date the member
/// consented (a personal date the page does not show).
#[test]
fn a_profiles_lastmod_is_its_updated_date_never_its_consent_date() {
    let lastmod = |entries: &[(String, Option<String>)], path: &str| {
        let url = format!("https://alumni.test.example{path}");
        entries
            .iter()
            .find(|(l, _)| *l == url)
            .unwrap_or_else(|| panic!("{url} in {entries:?}"))
            .1
            .clone()
    };
    let site = SiteTest::fixture("outputs/machine");
    let taro = std::fs::read_to_string(site.root().join("content/members/yamada-taro.md")).unwrap();
    assert!(taro.contains("consent: 2024-04-01\n") && !taro.contains("updated:"));
    let out = site.build(&[]);
    out.assert_success();
    let xml = out.file("sitemap.xml");
    assert!(
        !xml.contains("2024-04-01"),
        "the consent date is in:\n{xml}"
    );
    let entries = sitemap_entries(&xml);
    assert_eq!(lastmod(&entries, "/members/yamada-taro/"), None);
    assert_eq!(lastmod(&entries, "/members/"), None);

    site.write(
        "content/members/yamada-taro.md",
        &taro.replace(
            "consent: 2024-04-01\n",
            "consent: 2024-04-01\nupdated: 2025-02-03\n",
        ),
    );
    let out = site.build(&[]);
    out.assert_success();
    let entries = sitemap_entries(&out.file("sitemap.xml"));
    assert_eq!(
        lastmod(&entries, "/members/yamada-taro/").as_deref(),
        Some("2025-02-03")
    );
    assert_eq!(
        lastmod(&entries, "/members/").as_deref(),
        Some("2025-02-03")
    );
}

/// The JSON-LD of a page, parsed.
fn json_ld(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("page has JSON-LD");
    let rest = &html[start + "<script type=\"application/ld+json\">".len()..];
    let end = rest.find("</script>").unwrap();
    serde_json::from_str(&rest[..end]).expect("JSON-LD is JSON")
}

#[test]
fn every_html_page_has_json_ld_canonical_and_description() {
    let site = machine();
    for (path, html) in site.all().into_iter().filter(|(p, _)| p.ends_with(".html")) {
        json_ld(&html);
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://alumni.test.example/"),
            "{path}"
        );
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{path}"
        );
        assert!(html.contains("<meta property=\"og:title\""), "{path}");
    }
}

#[test]
fn script_in_a_field_cannot_break_out_of_json_ld() {
    let site = machine();
    let html = site.text("members/yamada-taro/index.html");
    let ld = json_ld(&html);
    let person = &ld["mainEntity"];
    assert_eq!(ld["@type"], "ProfilePage");
    assert_eq!(
        person["name"],
        "山田 太郎 </script><script>alert(1)</script>"
    );
    assert!(
        !html.contains("<script>alert(1)"),
        "the name is escaped everywhere"
    );
}

#[test]
fn profile_json_ld_is_a_person_with_only_visible_fields() {
    let public = machine();
    let ld = json_ld(&public.text("members/yamada-taro/index.html"));
    let person = &ld["mainEntity"];
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["alumniOf"]["@type"], "OrganizationRole");
    assert_eq!(person["alumniOf"]["alumniOf"]["name"], "テスト株式会社");
    assert_eq!(person["alumniOf"]["startDate"], "2010");
    assert_eq!(person["alumniOf"]["endDate"], "2019-03-31");
    assert_eq!(person["worksFor"]["name"], "Acme, Inc.");
    assert_eq!(person["jobTitle"], "PM");
    assert!(person.get("email").is_none(), "email is never public");
    let members = build(&["--audience", "members"]);
    let ld = json_ld(&members.text("members/yamada-taro/index.html"));
    assert_eq!(ld["mainEntity"]["email"], "taro@example.com");
}

#[test]
fn job_posting_has_google_required_and_recommended_properties() {
    let site = machine();
    let ld = json_ld(&site.text("jobs/closed/index.html"));
    assert_eq!(ld["@type"], "JobPosting");
    for key in [
        "title",
        "description",
        "datePosted",
        "validThrough",
        "hiringOrganization",
        "jobLocation",
        "employmentType",
    ] {
        assert!(ld.get(key).is_some(), "JobPosting lacks {key}");
    }
    assert_eq!(ld["validThrough"], "2025-02-01T23:59:59");
    assert_eq!(ld["employmentType"], "FULL_TIME");
    assert_eq!(ld["directApply"], true);
    assert_eq!(ld["jobLocation"]["address"]["addressLocality"], "東京");
    let open = json_ld(&site.text("jobs/open/index.html"));
    assert_eq!(open["employmentType"], "CONTRACTOR");
    assert_eq!(open["title"], "Open role </script>");
    let jobs = site.text("jobs/index.html");
    let closed_at = jobs.find("終了した求人").unwrap();
    let open_at = jobs.find("Open role").unwrap();
    assert!(
        open_at < closed_at,
        "the closed job is listed after the open one"
    );
}

#[test]
fn event_json_ld_has_mode_location_and_organizer() {
    let site = machine();
    let ld = json_ld(&site.text("events/no-end/index.html"));
    assert_eq!(ld["@type"], "Event");
    assert_eq!(ld["startDate"], "2026-07-10T19:00:00+09:00");
    assert!(ld.get("endDate").is_none());
    assert_eq!(
        ld["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    let kinds: Vec<&str> = ld["location"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["@type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Place", "VirtualLocation"]);
    assert_eq!(ld["organizer"]["name"], "テスト株式会社");
    let story = json_ld(&site.text("stories/2025-return/index.html"));
    assert_eq!(story["@type"], "Article");
    assert_eq!(story["datePublished"], "2025-05-01");
    let landing = json_ld(&site.text("index.html"));
    let types: Vec<&str> = landing["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["@type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["Organization", "WebSite"]);
}

#[test]
fn search_data_holds_only_visible_members_and_their_visible_fields() {
    let site = machine();
    let search = site.search("");
    assert_eq!(search.manifest["version"], 2);
    assert_eq!(search.urls(), ["/members/yamada-taro/"]);
    assert_eq!(
        search.values_of("/members/yamada-taro/", "open_to"),
        ["mentoring"],
        "rehire interest stays out of the public build"
    );
    // The card is the page's own, and the member is found by reading and company.
    let card = search.members[0].html.as_deref().expect("a card");
    assert!(site.text("members/index.html").contains(card));
    assert_eq!(search.find("やまだたろう"), [0]);
    assert_eq!(search.find("acme"), [0]);
    assert!(search.find("secret").is_empty());
    assert!(search.paths.iter().all(|p| site.text(p).ends_with('\n')));
    let all = site.all();
    assert!(
        !all.iter()
            .any(|(p, text)| text.contains("SECRET") || p.contains("hidden-person"))
    );
}

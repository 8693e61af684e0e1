//! Every page type of the URL table in docs/content.md, on a small good site, with the
//! build's "now" fixed at 2026-06-01T00:00:00Z.

use crate::support::{SiteTest, main_of, pos};

/// `/members/山田-太郎/`, percent-encoded.
const YAMADA_URL: &str = "/members/%E5%B1%B1%E7%94%B0-%E5%A4%AA%E9%83%8E/";

#[test]
fn every_page_type_is_written() {
    let out = SiteTest::fixture("pages/site").build(&[]);
    out.assert_success();
    out.assert_files(&[
        "index.html",
        "members/index.html",
        "members/taro/index.html",
        "stories/index.html",
        "stories/comeback/index.html",
        "events/index.html",
        "events/spring-meetup/index.html",
        "events/summer-party/index.html",
        "events/summer-party.ics",
        "events.ics",
        "jobs/index.html",
        "jobs/open-role/index.html",
        "jobs/closed-role/index.html",
        "news/index.html",
        "news/newsletter/index.html",
        "atom.xml",
        "faq/index.html",
        "departments/index.html",
        "departments/sales/index.html",
        "skills/index.html",
        "skills/rust/index.html",
        "cohorts/index.html",
        "cohorts/2019/index.html",
        "cohorts/2020/index.html",
        "stats/index.html",
        "search/index.json",
        "sitemap.xml",
        "robots.txt",
        "404.html",
    ]);
    // Pages say what they are about.
    assert!(out.file("members/taro/index.html").contains("Taro Sato"));
    assert!(
        out.file("stories/comeback/index.html")
            .contains("Taro comes back")
    );
    assert!(main_of(&out.file("faq/index.html")).contains("Answers to common questions."));
    assert!(main_of(&out.file("index.html")).contains("The programme landing text."));
    let sales = main_of(&out.file("departments/sales/index.html")).to_string();
    assert!(
        sales.contains("/members/taro/") && sales.contains(YAMADA_URL),
        "{sales}"
    );
    let cohort = main_of(&out.file("cohorts/2019/index.html")).to_string();
    assert!(
        cohort.contains("/members/taro/") && !cohort.contains(YAMADA_URL),
        "{cohort}"
    );
    // Profile and story are linked both ways.
    assert!(
        out.file("members/taro/index.html")
            .contains("/stories/comeback/")
    );
    assert!(main_of(&out.file("stories/comeback/index.html")).contains("/members/taro/"));
}

#[test]
fn static_files_are_copied_verbatim() {
    let site = SiteTest::fixture("pages/site");
    let out = site.build(&[]);
    out.assert_success();
    assert_eq!(
        out.bytes("files/brochure.txt"),
        std::fs::read(site.root().join("static/files/brochure.txt")).unwrap()
    );
}

#[test]
fn events_are_past_or_upcoming_by_the_build_time() {
    let out = SiteTest::fixture("pages/site").build(&[]);
    out.assert_success();
    // Spring meetup ended on 2026-05-30, Summer party is on 2026-07-10.
    let list = out.file("events/index.html");
    let list = main_of(&list);
    let upcoming = pos(list, "Summer party");
    let past_heading = pos(list, "Past events");
    let past = pos(list, "Spring meetup");
    assert!(upcoming < past_heading && past_heading < past, "{list}");
    // The calendar of upcoming events has only the upcoming one.
    let ics = out.file("events.ics");
    assert!(ics.contains("SUMMARY:Summer party"), "{ics}");
    assert!(!ics.contains("Spring meetup"), "{ics}");
    // The landing page shows upcoming events only.
    let landing = out.file("index.html");
    assert!(main_of(&landing).contains("Summer party"));
    assert!(!main_of(&landing).contains("Spring meetup"));
}

#[test]
fn events_are_upcoming_when_the_build_time_is_earlier() {
    let site = SiteTest::fixture("pages/site");
    // Same site, built as if on 2026-05-01T00:00:00Z.
    let out = std::process::Command::new(crate::support::BIN)
        .args(["build", "--quiet", "--root"])
        .arg(site.root())
        .env("SOURCE_DATE_EPOCH", "1777593600")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ics = std::fs::read_to_string(site.root().join("public/events.ics")).unwrap();
    assert!(ics.contains("SUMMARY:Spring meetup"), "{ics}");
    assert!(ics.contains("SUMMARY:Summer party"), "{ics}");
}

#[test]
fn jobs_past_their_closing_date_are_listed_as_closed() {
    let out = SiteTest::fixture("pages/site").build(&[]);
    out.assert_success();
    // Closed sales role closed on 2026-05-15; the open role closes 2026-12-31.
    let list = out.file("jobs/index.html");
    let list = main_of(&list);
    let open = pos(list, "Open engineering role");
    let closed_heading = pos(list, "Closed positions");
    let closed = pos(list, "Closed sales role");
    assert!(open < closed_heading && closed_heading < closed, "{list}");
    // The landing page lists open jobs only.
    let landing = out.file("index.html");
    assert!(main_of(&landing).contains("Open engineering role"));
    assert!(!main_of(&landing).contains("Closed sales role"));
}

#[test]
fn japanese_file_names_stay_readable_on_disk_and_encoded_in_urls() {
    let out = SiteTest::fixture("pages/site").build(&[]);
    out.assert_success();
    assert!(
        out.file("members/山田-太郎/index.html")
            .contains("山田 太郎")
    );
    let directory = out.file("members/index.html");
    assert!(
        directory.contains(&format!("href=\"{YAMADA_URL}\"")),
        "the directory links the percent-encoded URL"
    );
    assert!(
        !directory.contains("href=\"/members/山田"),
        "no raw UTF-8 in hrefs"
    );
    assert!(out.file("sitemap.xml").contains(&format!(
        "<loc>https://alumni.test.example{YAMADA_URL}</loc>"
    )));
}

#[test]
fn sitemap_and_canonical_urls_are_absolute_on_base_url() {
    let out = SiteTest::fixture("pages/site").build(&[]);
    out.assert_success();
    let sitemap = out.file("sitemap.xml");
    for url in [
        "/",
        "/members/taro/",
        "/stories/comeback/",
        "/faq/",
        "/stats/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://alumni.test.example{url}</loc>")),
            "{url} in\n{sitemap}"
        );
    }
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert!(!locs.is_empty());
    for loc in locs {
        assert!(loc.starts_with("https://alumni.test.example/"), "{loc}");
    }
    assert!(
        !sitemap.contains("404"),
        "the 404 page is not in the sitemap"
    );
    assert!(
        out.file("members/taro/index.html")
            .contains(r#"<link rel="canonical" href="https://alumni.test.example/members/taro/">"#)
    );
    assert!(
        out.file("robots.txt")
            .contains("Sitemap: https://alumni.test.example/sitemap.xml")
    );
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let out = SiteTest::fixture("pages/site").build(&["--base-url", "https://other.example/"]);
    out.assert_success();
    assert!(
        out.file("members/taro/index.html")
            .contains(r#"<link rel="canonical" href="https://other.example/members/taro/">"#)
    );
    let sitemap = out.file("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://other.example/members/taro/</loc>"),
        "{sitemap}"
    );
    assert!(
        out.file("robots.txt")
            .contains("Sitemap: https://other.example/sitemap.xml")
    );
    for (name, bytes) in out.tree() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("alumni.test.example"),
            "{name} still names the base_url of site.yaml"
        );
    }
}

#[test]
fn drafts_appear_only_with_the_drafts_flag() {
    let site = SiteTest::fixture("pages/site");
    let out = site.build(&[]);
    out.assert_success();
    assert!(!out.exists("stories/unfinished"));
    for (name, bytes) in out.tree() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Unfinished draft story"),
            "the draft leaks into {name}"
        );
    }
    let out = site.build(&["--drafts"]);
    out.assert_success();
    assert!(
        out.file("stories/unfinished/index.html")
            .contains("Unfinished draft story")
    );
    assert!(
        out.file("stories/index.html")
            .contains("/stories/unfinished/")
    );
}

/// The site's `<header class="site-header">` or `<footer class="site-footer">`
/// element of `html` (`tag` is `header` or `footer`).
fn site_part(html: &str, tag: &str) -> String {
    let from = pos(html, &format!(r#"<{tag} class="site-{tag}">"#));
    let end = format!("</{tag}>");
    let to = from + pos(&html[from..], &end) + end.len();
    html[from..to].to_string()
}

#[test]
fn header_and_footer_mark_the_page_they_are_on() {
    // Made once per section and footer page, they must still say where
    // each page is: the section link, the brand on the landing, the footer
    // link on a footer page, and nothing else.
    let out = SiteTest::fixture("pages/site").build(&[]);
    out.assert_success();
    let current = r#" aria-current="page""#;
    let header = |page: &str| site_part(&out.file(page), "header");
    let footer = |page: &str| site_part(&out.file(page), "footer");
    let cases = [
        (
            "index.html",
            r#"<a class="brand" href="/" aria-current="page">"#,
        ),
        (
            "members/taro/index.html",
            r#"<a href="/members/" aria-current="page">"#,
        ),
        (
            "skills/rust/index.html",
            r#"<a href="/members/" aria-current="page">"#,
        ),
        (
            "stories/index.html",
            r#"<a href="/stories/" aria-current="page">"#,
        ),
        (
            "stories/comeback/index.html",
            r#"<a href="/stories/" aria-current="page">"#,
        ),
        (
            "stats/index.html",
            r#"<a href="/stats/" aria-current="page">"#,
        ),
    ];
    for (page, marked) in cases {
        let header = header(page);
        assert!(header.contains(marked), "{page}: {header}");
        assert_eq!(header.matches(current).count(), 1, "{page}: {header}");
        assert!(!footer(page).contains(current), "{page}: {}", footer(page));
    }
    let faq = footer("faq/index.html");
    assert!(
        faq.contains(r#"<a href="/faq/" aria-current="page">"#),
        "{faq}"
    );
    assert!(!header("faq/index.html").contains(current));
    // The members build says so in every page's header.
    let members = SiteTest::fixture("pages/site").build(&["--audience", "members"]);
    members.assert_success();
    for page in ["index.html", "members/taro/index.html", "faq/index.html"] {
        assert!(
            site_part(&members.file(page), "header").contains("members-badge"),
            "{page}"
        );
    }
}

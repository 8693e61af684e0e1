//! The lists of stories, events, jobs and news in pages of
//! `lists.per_page` (docs/content.md, "URLs"), on `paginate/site` with
//! `lists.per_page: 2` and documents written by each test. The build's
//! now is 2026-06-01 (`SOURCE_DATE_EPOCH` of the harness).

use crate::support::{Outcome, SiteTest, head_link, main_of, pos};

/// `paginate/site` with `lists.per_page: 2`.
fn site() -> SiteTest {
    let site = SiteTest::fixture("paginate/site");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}lists:\n  per_page: 2\n"));
    site
}

fn build(site: &SiteTest) -> Outcome {
    let out = site.build(&[]);
    out.assert_success();
    out
}

/// Which of `titles` the main part of a page shows, in the order it shows them.
fn shown<'t>(html: &str, titles: &[&'t str]) -> Vec<&'t str> {
    let main = main_of(html);
    let mut found: Vec<&str> = titles
        .iter()
        .copied()
        .filter(|t| main.contains(t))
        .collect();
    found.sort_by_key(|t| pos(main, t));
    found
}

#[test]
fn stories_are_in_pages_newest_first_with_only_what_the_build_shows() {
    let site = site();
    for (i, date) in [
        "2026-01-05",
        "2026-03-05",
        "2025-11-05",
        "2026-02-05",
        "2026-04-05",
    ]
    .iter()
    .enumerate()
    {
        site.write(
            &format!("content/stories/s{i}.md"),
            &format!("---\ntitle: 話{i}の題\ndate: {date}\n---\n本文。\n"),
        );
    }
    site.write(
        "content/stories/members.md",
        "---\ntitle: 会員だけの話\ndate: 2026-05-01\naudience: members\n---\n本文。\n",
    );
    let out = build(&site);
    let titles = [
        "話0の題",
        "話1の題",
        "話2の題",
        "話3の題",
        "話4の題",
        "会員だけの話",
    ];
    let pages = [
        "stories/index.html",
        "stories/page/2/index.html",
        "stories/page/3/index.html",
    ];
    out.assert_files(&pages);
    assert!(!out.exists("stories/page/4/index.html"));
    let on: Vec<Vec<&str>> = pages.iter().map(|p| shown(&out.file(p), &titles)).collect();
    assert_eq!(
        on,
        [
            vec!["話4の題", "話1の題"],
            vec!["話3の題", "話0の題"],
            vec!["話2の題"]
        ]
    );
    let second = out.file("stories/page/2/index.html");
    assert_eq!(head_link(&second, "prev").as_deref(), Some("/stories/"));
    assert_eq!(
        head_link(&second, "next").as_deref(),
        Some("/stories/page/3/")
    );
    assert!(
        second.contains("3ページ中2ページ目"),
        "{}",
        main_of(&second)
    );
    assert!(second.contains(r#"<a class="pager__step" href="/stories/page/3/" rel="next">"#));
    let first = out.file("stories/index.html");
    assert_eq!(head_link(&first, "prev"), None);
    // The members build counts the members-only story among its pages.
    let members = site.build(&["--audience", "members"]);
    members.assert_success();
    let first = members.file("stories/index.html");
    assert_eq!(shown(&first, &titles), ["会員だけの話", "話4の題"]);
    members.assert_files(&["stories/page/3/index.html"]);
    // English: the same pages under /en/.
    out.assert_files(&["en/stories/page/3/index.html"]);
    let en = out.file("en/stories/page/2/index.html");
    assert_eq!(head_link(&en, "prev").as_deref(), Some("/en/stories/"));
    assert!(en.contains("Page 2 of 3"));
}

#[test]
fn events_are_one_list_upcoming_then_past_each_page_with_its_part_of_each() {
    let site = site();
    for (slug, day) in [
        ("july", "2026-07-10"),
        ("september", "2026-09-10"),
        ("august", "2026-08-10"),
        ("january", "2026-01-10"),
        ("march", "2026-03-10"),
    ] {
        site.write(
            &format!("content/events/{slug}.md"),
            &format!(
                "---\ntitle: {slug}の会\nstart: {day}T19:00:00+09:00\nend: {day}T21:00:00+09:00\n---\n会です。\n"
            ),
        );
    }
    let out = build(&site);
    let titles = [
        "julyの会",
        "augustの会",
        "septemberの会",
        "marchの会",
        "januaryの会",
    ];
    let on = |p: &str| shown(&out.file(p), &titles);
    assert_eq!(on("events/index.html"), ["julyの会", "augustの会"]);
    assert_eq!(
        on("events/page/2/index.html"),
        ["septemberの会", "marchの会"]
    );
    assert_eq!(on("events/page/3/index.html"), ["januaryの会"]);
    assert!(!out.exists("events/page/4/index.html"));
    // Page 2 has a part of each list under its heading; page 3 only past
    // events, and does not say there is nothing upcoming.
    let second = main_of(&out.file("events/page/2/index.html")).to_string();
    assert!(pos(&second, r#"id="upcoming-title""#) < pos(&second, "septemberの会"));
    assert!(pos(&second, "septemberの会") < pos(&second, r#"id="past-title""#));
    assert!(pos(&second, r#"id="past-title""#) < pos(&second, "marchの会"));
    let third = main_of(&out.file("events/page/3/index.html")).to_string();
    assert!(!third.contains(r#"id="upcoming-title""#), "{third}");
    assert!(third.contains(r#"id="past-title""#));
    assert!(third.contains(r#"<a class="pager__step" href="/events/page/2/" rel="prev">"#));
    // The calendar of every upcoming event is offered where upcoming events are.
    assert!(out.file("events/index.html").contains("events.ics"));
    assert!(!third.contains("events.ics"));
}

#[test]
fn jobs_and_news_are_in_pages_too() {
    let site = site();
    for (slug, closes) in [
        ("open-a", None),
        ("open-b", None),
        ("closed-c", Some("2026-01-31")),
    ] {
        let closes = closes.map_or(String::new(), |d| format!("closes: {d}\n"));
        site.write(
            &format!("content/jobs/{slug}.md"),
            &format!(
                "---\ntitle: 求人{slug}\nposted: 2026-01-0{}\n{closes}apply: https://jobs.example.com/{slug}\n---\n募集。\n",
                slug.len() % 9
            ),
        );
    }
    for i in 1..=3 {
        site.write(
            &format!("content/news/n{i}.md"),
            &format!("---\ntitle: お知らせ{i}番\ndate: 2026-0{i}-01\n---\nお知らせです。\n"),
        );
    }
    let out = build(&site);
    let jobs = ["求人open-a", "求人open-b", "求人closed-c"];
    let first = out.file("jobs/index.html");
    assert_eq!(shown(&first, &jobs).len(), 2);
    assert!(!shown(&first, &jobs).contains(&"求人closed-c"));
    let second = main_of(&out.file("jobs/page/2/index.html")).to_string();
    assert_eq!(shown(&second, &jobs), ["求人closed-c"]);
    assert!(second.contains(r#"id="closed-title""#) && !second.contains(r#"id="open-title""#));
    let news = ["お知らせ1番", "お知らせ2番", "お知らせ3番"];
    assert_eq!(
        shown(&out.file("news/index.html"), &news),
        ["お知らせ3番", "お知らせ2番"]
    );
    assert_eq!(
        shown(&out.file("news/page/2/index.html"), &news),
        ["お知らせ1番"]
    );
    let sitemap = out.file("sitemap.xml");
    for page in ["jobs/page/2/", "news/page/2/"] {
        let url = format!("<loc>https://alumni.test.example/{page}</loc>");
        assert!(sitemap.contains(&url), "{url}");
    }
    // Lists of one page have no pager.
    let one = out.file("stories/index.html");
    assert!(!one.contains(r#"class="pager""#) && head_link(&one, "next").is_none());
}

#[test]
fn lists_per_page_out_of_range_is_refused_at_its_place() {
    let site = SiteTest::fixture("paginate/site");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}lists:\n  per_page: 1001\n"));
    let out = site.build(&[]);
    out.assert_exit(1);
    out.assert_stderr_has(&[
        "site.yaml:11:13",
        "lists.per_page is 1001: it must be 1 to 1000",
    ]);
}

//! The directory and term pages in pages (docs/search.md, "Without
//! JavaScript"), on `paginate/site`: `directory.per_page: 2`, nine public
//! members in Japanese and English (one with a Latin name and no reading),
//! and four the public build must not show (hidden, members-only,
//! unconsented, withdrawn), whose names and readings sort among the others.

use crate::snapshot;
use crate::support::{Outcome, SiteTest, head_link, main_of};

/// The public members in the Japanese directory's order: a Latin name
/// sorts before kana, then by reading in gojūon order.
const JA: [&str; 9] = [
    "Alice Brown",
    "相川 愛",
    "石田 一郎",
    "上野 海",
    "加藤 薫",
    "木村 清",
    "佐藤 咲",
    "田中 太郎",
    "渡辺 渉",
];

/// The same members in the English directory's order, by name.
const EN: [&str; 9] = [
    "Ai Aikawa",
    "Alice Brown",
    "Ichiro Ishida",
    "Kaoru Kato",
    "Kiyoshi Kimura",
    "Saki Sato",
    "Taro Tanaka",
    "Umi Ueno",
    "Wataru Watanabe",
];

/// Something of each member the public build does not show: name, reading
/// and English name.
const NOT_PUBLIC: [&str; 12] = [
    "隠岐",
    "かくれ",
    "SecretHidden",
    "会員",
    "かいいん",
    "SecretMembersOnly",
    "無断",
    "しょうこ",
    "SecretUnconsented",
    "退会",
    "さるこ",
    "SecretWithdrawn",
];

fn build(args: &[&str]) -> Outcome {
    let out = SiteTest::fixture("paginate/site").build(args);
    out.assert_success();
    out
}

/// The names on the member cards of a page, in order.
fn names(html: &str) -> Vec<String> {
    main_of(html)
        .split(r#"class="card__link" href=""#)
        .skip(1)
        .map(|s| {
            let s = &s[s.find('>').unwrap() + 1..];
            s[..s.find("</a>").unwrap()].to_string()
        })
        .collect()
}

/// The labels of the index by initial on a page, in order.
fn index_labels(html: &str) -> Vec<String> {
    let nav = &html[html
        .find(r#"<nav class="initial-index""#)
        .expect("an index")..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    nav.split("<li><a href=")
        .skip(1)
        .map(|s| {
            let s = &s[s.find('>').unwrap() + 1..];
            s[..s.find("</a>").unwrap()].to_string()
        })
        .collect()
}

#[test]
fn the_directory_is_in_pages_of_per_page_members_in_directory_order() {
    let out = build(&[]);
    let pages = [
        "members/index.html",
        "members/page/2/index.html",
        "members/page/3/index.html",
        "members/page/4/index.html",
        "members/page/5/index.html",
    ];
    out.assert_files(&pages);
    assert!(
        !out.exists("members/page/1/index.html"),
        "page 1 is /members/"
    );
    assert!(!out.exists("members/page/6/index.html"));
    let shown: Vec<Vec<String>> = pages.iter().map(|p| names(&out.file(p))).collect();
    let want: Vec<Vec<String>> = JA
        .chunks(2)
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect();
    assert_eq!(shown, want);
    // Every page says how many members there are in all, and which page it is.
    let third = out.file("members/page/3/index.html");
    assert!(
        third.contains("掲載中のメンバー：9人"),
        "{}",
        main_of(&third)
    );
    assert!(third.contains("5ページ中3ページ目"));
    // The search form knows the number of the page's first member.
    assert!(third.contains(r#"data-first="4""#));
    // Browse-by links on the first page only.
    assert!(out.file("members/index.html").contains(r#"id="browse""#));
    assert!(!third.contains(r#"id="browse""#));

    let en: Vec<String> = (1..=5)
        .flat_map(|n| match n {
            1 => names(&out.file("en/members/index.html")),
            n => names(&out.file(&format!("en/members/page/{n}/index.html"))),
        })
        .collect();
    assert_eq!(en, EN);
}

#[test]
fn pages_link_to_the_previous_and_next_in_the_head_and_in_a_pager() {
    let out = build(&[]);
    let first = out.file("members/index.html");
    assert_eq!(head_link(&first, "prev"), None);
    assert_eq!(
        head_link(&first, "next").as_deref(),
        Some("/members/page/2/")
    );
    let second = out.file("members/page/2/index.html");
    assert_eq!(head_link(&second, "prev").as_deref(), Some("/members/"));
    assert_eq!(
        head_link(&second, "next").as_deref(),
        Some("/members/page/3/")
    );
    assert_eq!(
        head_link(&second, "canonical").as_deref(),
        Some("https://alumni.test.example/members/page/2/"),
        "a page is its own canonical page"
    );
    assert!(second.contains(
        r#"<a class="pager__page" href="/members/page/2/" aria-label="2ページ目" aria-current="page">2</a>"#
    ));
    assert!(second.contains(r#"<a class="pager__step" href="/members/" rel="prev">"#));
    let last = out.file("members/page/5/index.html");
    assert_eq!(head_link(&last, "next"), None);
    assert!(!last.contains(r#"rel="next""#));
    // English pages link within the English directory.
    let en = out.file("en/members/page/2/index.html");
    assert_eq!(head_link(&en, "prev").as_deref(), Some("/en/members/"));
    assert_eq!(
        head_link(&en, "next").as_deref(),
        Some("/en/members/page/3/")
    );
    assert!(en.contains("Page 2 of 5"));
}

#[test]
fn the_index_has_gojuon_rows_in_japanese_and_letters_in_english() {
    let out = build(&[]);
    let ja = out.file("members/index.html");
    assert_eq!(index_labels(&ja), ["A", "あ", "か", "さ", "た", "わ"]);
    assert!(ja.contains(r#"<a href="/members/initial/%E3%81%8B/" aria-label="か行">か</a>"#));
    let en = out.file("en/members/page/3/index.html");
    assert_eq!(index_labels(&en), ["A", "I", "K", "S", "T", "U", "W"]);
    assert!(en.contains(r#"<a href="/en/members/initial/k/">K</a>"#));

    // A heading's page lists the directory's pages holding its members,
    // with the first and last of them on each (readings in Japanese).
    let a = main_of(&out.file("members/initial/あ/index.html")).to_string();
    assert!(a.contains("<h1>あ行</h1>"), "{a}");
    let listed: Vec<&str> = a[a.find(r#"<ol class="index-pages""#).unwrap()..]
        .split(r#"<li><a href=""#)
        .skip(1)
        .collect();
    assert_eq!(listed.len(), 2, "{a}");
    assert!(
        listed[0].starts_with(r#"/members/">"#)
            && listed[0].contains("1ページ目：あいかわ あい</a>")
    );
    assert!(
        listed[1].starts_with(r#"/members/page/2/">"#)
            && listed[1].contains("いしだ いちろう – うえの うみ")
    );
    assert!(a.contains(r#"aria-label="あ行" aria-current="page""#));
    // K spans two pages in English: Ichiro Ishida, Kaoru Kato | Kiyoshi Kimura, Saki Sato.
    let k = main_of(&out.file("en/members/initial/k/index.html")).to_string();
    assert!(
        k.contains(r#"<a href="/en/members/page/2/">Page 2: Kaoru Kato</a>"#),
        "{k}"
    );
    assert!(
        k.contains(r#"<a href="/en/members/page/3/">Page 3: Kiyoshi Kimura</a>"#),
        "{k}"
    );
    assert!(!k.contains("/en/members/page/4/"), "{k}");
    // A Latin name on a Japanese page is under its letter.
    let latin = main_of(&out.file("members/initial/a/index.html")).to_string();
    assert!(
        latin.contains("Alice Brown") && latin.contains(r#"<a href="/members/">"#),
        "{latin}"
    );
}

#[test]
fn term_pages_are_in_pages_and_their_index_jumps_to_a_rows_page() {
    let out = build(&[]);
    out.assert_files(&[
        "skills/rust/index.html",
        "skills/rust/page/5/index.html",
        "departments/営業部/page/2/index.html",
        "en/skills/rust/page/5/index.html",
    ]);
    assert!(!out.exists("skills/rust/page/6/index.html"));
    assert!(!out.exists("departments/営業部/page/3/index.html"));
    let second = out.file("skills/rust/page/2/index.html");
    assert_eq!(names(&second), &JA[2..4]);
    assert_eq!(head_link(&second, "prev").as_deref(), Some("/skills/rust/"));
    assert_eq!(
        head_link(&second, "next").as_deref(),
        Some("/skills/rust/page/3/")
    );
    assert!(
        second.contains("9人"),
        "the term's count is of all its members"
    );
    assert_eq!(index_labels(&second), ["A", "あ", "か", "さ", "た", "わ"]);
    // Each heading links to the term's page where its members start.
    assert!(second.contains(r#"<a href="/skills/rust/page/3/" aria-label="か行">か</a>"#));
    assert!(second.contains(r#"<a href="/skills/rust/page/5/" aria-label="わ行">わ</a>"#));
    // 営業部: Alice Brown, 相川 愛, 木村 清, 渡辺 渉.
    let sales = out.file("departments/営業部/page/2/index.html");
    assert_eq!(names(&sales), ["木村 清", "渡辺 渉"]);
    // A term of one page has no pager and no index.
    let one = SiteTest::fixture("paginate/site");
    one.write(
        "site.yaml",
        &std::fs::read_to_string(one.root().join("site.yaml"))
            .unwrap()
            .replace("per_page: 2", "per_page: 20"),
    );
    let out = one.build(&[]);
    out.assert_success();
    let rust = out.file("skills/rust/index.html");
    assert_eq!(names(&rust), JA);
    assert!(!rust.contains(r#"class="pager""#) && !rust.contains("initial-index"));
    assert!(!out.exists("skills/rust/page/2/index.html"));
    assert!(!out.exists("members/page/2/index.html"));
}

#[test]
fn no_file_of_the_public_build_names_a_member_it_does_not_show() {
    let out = build(&[]);
    let tree = out.tree();
    assert!(tree.keys().any(|k| k.starts_with("members/initial/")));
    for (name, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        for m in NOT_PUBLIC {
            assert!(!name.contains(m) && !text.contains(m), "{name} names {m}");
        }
    }
    // The members build shows the members-only and unconsented members on
    // its pages (eleven members: six pages), never the hidden or withdrawn.
    let members = build(&["--audience", "members"]);
    members.assert_files(&["members/page/6/index.html"]);
    let all: Vec<String> = std::iter::once("members/index.html".to_string())
        .chain((2..=6).map(|n| format!("members/page/{n}/index.html")))
        .flat_map(|p| names(&members.file(&p)))
        .collect();
    assert_eq!(all.len(), 11, "{all:?}");
    assert!(all.iter().any(|n| n == "会員 限子") && all.iter().any(|n| n == "無断 承子"));
    for (name, bytes) in &members.tree() {
        let text = String::from_utf8_lossy(bytes);
        for m in [
            "隠岐",
            "かくれ",
            "SecretHidden",
            "退会",
            "さるこ",
            "SecretWithdrawn",
        ] {
            assert!(!name.contains(m) && !text.contains(m), "{name} names {m}");
        }
    }
}

#[test]
fn the_sitemap_lists_every_profile_and_every_page_of_the_lists() {
    let out = build(&[]);
    let sitemap = out.file("sitemap.xml");
    for slug in [
        "alice", "aikawa", "ishida", "ueno", "kato", "kimura", "sato", "tanaka", "watanabe",
    ] {
        let url = format!("<loc>https://alumni.test.example/members/{slug}/</loc>");
        assert!(sitemap.contains(&url), "{url}");
    }
    for page in [
        "members/",
        "members/page/2/",
        "members/page/5/",
        "members/initial/%E3%81%82/",
        "members/initial/a/",
        "skills/rust/page/5/",
    ] {
        let url = format!("<loc>https://alumni.test.example/{page}</loc>");
        assert!(sitemap.contains(&url), "{url}");
    }
    let en = out.file("en/sitemap.xml");
    assert!(en.contains("<loc>https://alumni.test.example/en/members/page/2/</loc>"));
    assert!(en.contains("<loc>https://alumni.test.example/en/members/initial/w/</loc>"));
    for hidden in ["hidden", "members-only", "unconsented", "withdrawn"] {
        assert!(
            !sitemap.contains(&format!("/members/{hidden}/")),
            "{hidden}"
        );
    }
}

#[test]
fn per_page_out_of_range_is_refused_at_its_place() {
    let site = SiteTest::fixture("paginate/site");
    site.write(
        "site.yaml",
        &std::fs::read_to_string(site.root().join("site.yaml"))
            .unwrap()
            .replace("per_page: 2", "per_page: 0"),
    );
    let out = site.build(&[]);
    out.assert_exit(1);
    snapshot!("per_page_zero", out.stderr);
}

//! Multilingual sites (`languages: [ja, en]`), on the `i18n/site` fixture:
//! Japanese at the root, English under /en/; 青木 is translated, 渡辺 is not;
//! a members-only and a withdrawn member have English versions that claim
//! to be public; an event in +09:00 and one in -05:00.

use scraper::{Html, Selector};

use crate::support::{Outcome, SiteTest, main_of, pos, text_of};

const BASE: &str = "https://alumni.test.example";

fn build(args: &[&str]) -> Outcome {
    let out = SiteTest::fixture("i18n/site").build(args);
    out.assert_success();
    out
}

/// The `hreflang` → `href` pairs of a page's `<link rel="alternate">`.
fn hreflangs(html: &str) -> Vec<(String, String)> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("link[rel=alternate][hreflang]").unwrap();
    doc.select(&sel)
        .map(|l| {
            let a = |n| l.value().attr(n).unwrap().to_string();
            (a("hreflang"), a("href"))
        })
        .collect()
}

fn attr(html: &str, selector: &str, name: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|e| e.value().attr(name).map(str::to_string))
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(l, u)| (l.to_string(), format!("{BASE}{u}")))
        .collect()
}

#[test]
fn pages_say_their_language_and_link_their_translations_both_ways() {
    let site = build(&[]);
    let ja = site.file("members/aoki/index.html");
    let en = site.file("en/members/aoki/index.html");
    assert_eq!(attr(&ja, "html", "lang").as_deref(), Some("ja"));
    assert_eq!(attr(&en, "html", "lang").as_deref(), Some("en"));
    let expected = pairs(&[
        ("ja", "/members/aoki/"),
        ("en", "/en/members/aoki/"),
        ("x-default", "/members/aoki/"),
    ]);
    assert_eq!(hreflangs(&ja), expected);
    assert_eq!(hreflangs(&en), expected);
    assert!(text_of(main_of(&en)).contains("Hanako Aoki"));
    assert!(text_of(main_of(&en)).contains("Worked in the sales division."));
    // Fields the translation does not set come from the original.
    assert!(text_of(main_of(&en)).contains("2018"));
    // List pages exist in both languages.
    let list = site.file("en/members/index.html");
    assert_eq!(
        hreflangs(&list),
        pairs(&[
            ("ja", "/members/"),
            ("en", "/en/members/"),
            ("x-default", "/members/")
        ])
    );
    assert_eq!(
        attr(&site.file("en/index.html"), "link[rel=canonical]", "href"),
        Some(format!("{BASE}/en/"))
    );
    assert!(en.contains(r#""inLanguage":"en""#) && ja.contains(r#""inLanguage":"ja""#));
    // The site's own texts in English, from `translations.en` in site.yaml.
    assert!(en.contains("<title>Hanako Aoki | Test Alumni</title>"));
    assert!(ja.contains("<title>青木 花子 | テスト・アルムナイ</title>"));
}

#[test]
fn the_language_switcher_goes_to_the_translation_or_to_the_home_page() {
    let site = build(&[]);
    let switch = |page: &str| attr(&site.file(page), ".lang-switch a", "href");
    assert_eq!(
        switch("members/aoki/index.html").as_deref(),
        Some("/en/members/aoki/")
    );
    assert_eq!(
        switch("en/members/aoki/index.html").as_deref(),
        Some("/members/aoki/")
    );
    assert_eq!(switch("faq/index.html").as_deref(), Some("/en/faq/"));
    // 渡辺 has no English version: the switcher goes to the English home.
    assert_eq!(
        switch("members/watanabe/index.html").as_deref(),
        Some("/en/")
    );
    assert_eq!(
        switch("en/members/watanabe/index.html").as_deref(),
        Some("/members/watanabe/")
    );
    // Section links in the English pages stay in English.
    let en = site.file("en/members/aoki/index.html");
    assert!(en.contains(r#"href="/en/members/""#));
    assert!(en.contains(r#"href="/en/atom.xml""#));
}

#[test]
fn an_untranslated_member_is_shown_in_the_original_and_marked() {
    let site = build(&[]);
    let page = site.file("en/members/watanabe/index.html");
    assert_eq!(attr(&page, "html", "lang").as_deref(), Some("en"));
    assert_eq!(attr(&page, "main", "lang").as_deref(), Some("ja"));
    assert!(page.contains("not yet available in English"));
    assert!(text_of(main_of(&page)).contains("開発本部のエンジニアでした。"));
    assert_eq!(
        attr(&page, "link[rel=canonical]", "href"),
        Some(format!("{BASE}/members/watanabe/"))
    );
    assert!(hreflangs(&page).is_empty(), "a fallback is no translation");
    assert!(
        !site
            .file("en/sitemap.xml")
            .contains("/en/members/watanabe/")
    );
    let directory = site.file("en/members/index.html");
    assert!(directory.contains("渡辺 健"));
    // Its card in the English directory says it is in Japanese; 青木's does not.
    assert!(directory.contains(r#"<article class="card member-card" lang="ja">"#));
    assert_eq!(directory.matches(r#"member-card" lang="ja""#).count(), 1);
    // A translated page is not marked.
    assert!(
        !site
            .file("en/members/aoki/index.html")
            .contains("untranslated-notice")
    );
}

#[test]
fn untranslated_documents_can_be_left_out() {
    let test = SiteTest::fixture("i18n/site");
    let config = std::fs::read_to_string(test.root().join("site.yaml")).unwrap();
    test.write("site.yaml", &format!("{config}untranslated: omit\n"));
    let site = test.build(&[]);
    site.assert_success();
    assert!(!site.exists("en/members/watanabe/index.html"));
    assert!(!site.exists("en/news/ja-only/index.html"));
    assert!(!site.file("en/members/index.html").contains("渡辺"));
    let search = site.search("en/");
    assert!(search.members.iter().all(|m| !m.name.contains("渡辺")));
    assert!(search.paths.iter().all(|p| !site.file(p).contains("渡辺")));
    assert!(site.exists("en/members/aoki/index.html"));
    assert!(site.exists("members/watanabe/index.html"));
}

#[test]
fn dates_read_naturally_in_each_language_in_the_events_own_offset() {
    let site = build(&[]);
    let ja = text_of(main_of(&site.file("events/meetup/index.html")));
    assert!(ja.contains("2026年12月10日(木) 19:00"), "{ja}");
    assert!(ja.contains("〜 21:00"), "{ja}");
    let en = text_of(main_of(&site.file("en/events/meetup/index.html")));
    assert!(en.contains("December 10, 2026, 7:00 PM"), "{en}");
    assert!(en.contains("9:00 PM"), "{en}");
    // 19:00 in New York is 2026-12-11 09:00 in Tokyo: shown as written.
    let ny = text_of(main_of(&site.file("events/newyork/index.html")));
    assert!(ny.contains("2026年12月10日(木) 19:00"), "{ny}");
    // Relative labels are translated.
    assert!(text_of(main_of(&site.file("events/old/index.html"))).contains("終了"));
    assert!(text_of(main_of(&site.file("en/events/old/index.html"))).contains("Past"));
}

#[test]
fn the_japanese_directory_is_in_gojuon_order() {
    let site = build(&[]);
    // By code point 渡 (U+6E21) < 青 (U+9752) and わ (U+308F) < ア (U+30A2);
    // by reading あおき comes before わたなべ.
    let ja = main_of(&site.file("members/index.html")).to_string();
    assert!(pos(&ja, "青木 花子") < pos(&ja, "渡辺 健"));
    let search = site.search("");
    assert_eq!(search.names(&[0, 1]), ["青木 花子", "渡辺 健"]);
    // `directory.filters: [initial]`: an index by gojūon row, in that order.
    let page = site.file("members/index.html");
    assert!(
        pos(&page, r#"<option value="あ">あ行（1）</option>"#)
            < pos(&page, r#"<option value="わ">わ行（1）</option>"#)
    );
    assert_eq!(search.values_of("/members/aoki/", "initial"), ["あ"]);
    let en = site.file("en/members/index.html");
    assert!(en.contains(r#"<option value="H">H (1)</option>"#), "{en}");
}

#[test]
fn each_language_has_its_own_feed_and_search_data() {
    let site = build(&[]);
    let titles = |path: &str| -> Vec<String> {
        let feed = feed_rs::parser::parse(site.file(path).as_bytes()).expect("feed-rs parses");
        feed.entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect()
    };
    assert_eq!(
        titles("atom.xml"),
        ["日本語だけのお知らせ", "ネットワーク開設"]
    );
    assert_eq!(titles("en/atom.xml"), ["Network launched"]);
    let en = feed_rs::parser::parse(site.file("en/atom.xml").as_bytes()).unwrap();
    assert_eq!(
        en.entries[0].links[0].href,
        format!("{BASE}/en/news/launch/")
    );
    assert_eq!(en.language.as_deref(), Some("en"));
    let search = site.search("en/");
    assert_eq!(
        search.urls(),
        ["/en/members/aoki/", "/en/members/watanabe/"]
    );
    assert!(
        site.file("en/members/index.html")
            .contains(r#"data-index="/en/search/index.json""#)
    );
}

#[test]
fn sitemaps_list_each_languages_pages_with_their_alternates() {
    let site = build(&[]);
    for path in ["sitemap.xml", "en/sitemap.xml"] {
        let xml = site.file(path);
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event().expect("quick-xml parses the sitemap") {
                quick_xml::events::Event::Eof => break,
                _ => continue,
            }
        }
        assert!(xml.contains(r#"xmlns:xhtml="http://www.w3.org/1999/xhtml""#));
    }
    let ja = site.file("sitemap.xml");
    let aoki = ja
        .lines()
        .find(|l| l.contains("<loc>https://alumni.test.example/members/aoki/</loc>"))
        .expect("aoki in the sitemap");
    for (lang, url) in [
        ("ja", "/members/aoki/"),
        ("en", "/en/members/aoki/"),
        ("x-default", "/members/aoki/"),
    ] {
        let link = format!(r#"<xhtml:link rel="alternate" hreflang="{lang}" href="{BASE}{url}"/>"#);
        assert!(aoki.contains(&link), "{aoki}");
    }
    assert!(
        !ja.lines()
            .any(|l| l.contains("<loc>https://alumni.test.example/en/"))
    );
    let robots = site.file("robots.txt");
    assert!(robots.contains(&format!(
        "Sitemap: {BASE}/sitemap.xml\nSitemap: {BASE}/en/sitemap.xml\n"
    )));
}

#[test]
fn a_translation_of_a_hidden_member_is_never_public() {
    let site = build(&[]);
    for (path, text) in site.tree() {
        let text = String::from_utf8_lossy(&text);
        for marker in ["SECRET", "GONE"] {
            assert!(!text.contains(marker), "{marker} in {path}");
            assert!(!path.contains("secret") && !path.contains("gone"), "{path}");
        }
    }
    let members = build(&["--audience", "members"]);
    let page = members.file("en/members/secret/index.html");
    assert!(page.contains("SECRETEN Person"));
    for (path, text) in members.tree() {
        let text = String::from_utf8_lossy(&text);
        assert!(
            !text.contains("GONE"),
            "a withdrawn member's translation in {path}"
        );
    }
}

#[test]
fn a_file_in_the_default_language_has_no_language_part() {
    let test = SiteTest::fixture("i18n/site");
    test.write("content/pages/join.ja.md", "---\ntitle: 参加\n---\n");
    let out = test.build(&[]);
    out.assert_exit(1);
    out.assert_stderr_has(&[
        "content/pages/join.ja.md",
        "rename it to content/pages/join.md",
    ]);
}

#[test]
fn check_warns_about_documents_missing_in_a_language() {
    let test = SiteTest::fixture("i18n/site");
    let out = test.run(&["check"]);
    out.assert_exit(0).assert_output_has(&[
        "content/members/watanabe.md: warning: no `en` version",
        "translate it into content/members/watanabe.en.md",
        "content/news/ja-only.md: warning: no `en` version",
    ]);
    let text = format!("{}{}", out.stdout, out.stderr);
    // Translated documents, and members no build shows, are not reported.
    assert!(!text.contains("content/members/aoki.md"), "{text}");
    assert!(!text.contains("content/members/gone.md"), "{text}");
}

/// Deleting a member's file (one way to withdraw) must not leave its
/// translation published on its own, in either build, nor let `check` pass.
#[test]
fn a_translation_whose_original_is_gone_is_an_error_in_every_build() {
    let test = SiteTest::fixture("i18n/site");
    test.remove("content/members/aoki.md");
    test.remove("content/_index.md");
    for args in [&[][..], &["--audience", "members"][..]] {
        let out = test.build(args);
        out.assert_exit(1);
        out.assert_stderr_has(&[
            "content/members/aoki.en.md: this `en` version translates content/members/aoki.md, which does not exist",
            "content/_index.en.md: this `en` version translates content/_index.md, which does not exist",
            "add content/members/aoki.md back, or delete this file too",
        ]);
        assert!(!out.exists(""), "a failed build writes nothing");
    }
    let out = test.run(&["check"]);
    out.assert_exit(1);
    assert!(
        out.stdout.contains(
            "content/members/aoki.en.md: error: this `en` version translates content/members/aoki.md, which does not exist"
        ),
        "{}{}",
        out.stdout,
        out.stderr
    );
    crate::snapshot!(
        "translation_without_original",
        test.build(&["--audience", "members"]).stderr
    );
}

/// Dropping a language from `languages:` (or having none) must not turn
/// its files into documents of the default language that ignore their
/// originals' privacy fields.
#[test]
fn a_translation_in_a_language_the_site_does_not_have_is_an_error() {
    let test = SiteTest::fixture("i18n/site");
    test.write(
        "site.yaml",
        "title: T\nbase_url: https://alumni.test.example\nlanguage: ja\n",
    );
    let out = test.build(&["--audience", "members"]);
    out.assert_exit(1);
    for file in [
        "_index.en.md",
        "members/aoki.en.md",
        "members/gone.en.md",
        "events/meetup.en.md",
        "pages/faq.en.md",
    ] {
        let original = file.replace(".en.md", ".md");
        out.assert_stderr_has(&[&format!(
            "content/{file}: this file is named as the `en` version of content/{original}, but `languages:` in site.yaml has no `en`"
        )]);
    }
    out.assert_stderr_has(&["add `en` to `languages:` in site.yaml (languages: [ja, en])"]);
    assert!(!out.exists(""));
    test.run(&["check"]).assert_exit(1);

    // A site of several languages, and a language with a region.
    let test = SiteTest::fixture("i18n/site");
    test.write("content/pages/faq.pt-br.md", "---\ntitle: Perguntas\n---\n");
    test.write("content/members/aoki.fr.md", "---\nname: Aoki\n---\n");
    let out = test.build(&[]);
    out.assert_exit(1);
    out.assert_stderr_has(&[
        "content/pages/faq.pt-br.md: this file is named as the `pt-br` version of content/pages/faq.md",
        "content/members/aoki.fr.md: this file is named as the `fr` version of content/members/aoki.md",
    ]);
    crate::snapshot!("translation_in_a_missing_language", out.stderr);
}

#[test]
fn check_names_the_translation_that_has_a_broken_link() {
    let test = SiteTest::fixture("i18n/site");
    test.write(
        "content/pages/faq.en.md",
        "---\ntitle: FAQ\n---\nSee [the rules](/en/rules/).\n",
    );
    let out = test.run(&["check"]);
    let text = format!("{}{}", out.stdout, out.stderr);
    assert!(text.contains("content/pages/faq.en.md"), "{text}");
    assert!(text.contains("/en/rules/"), "{text}");
}

/// `news/ja-only.md` has no English version, so its page stands in at
/// `/en/news/ja-only/` (docs/content.md, "Untranslated documents"). An
/// English version of another document that takes that slug was written
/// over by the stand-in, and serve showed the other page: both must refuse
/// it, naming both files, and the last build must stay as it was.
#[test]
fn a_translation_may_not_take_the_url_of_a_page_shown_untranslated() {
    let test = SiteTest::fixture("i18n/site");
    let before = test.build(&[]).assert_success().tree();
    assert!(before.contains_key("en/news/ja-only/index.html"));
    test.write(
        "content/news/launch.en.md",
        "---\ntitle: Launch\nslug: ja-only\n---\nIn English.\n",
    );
    for out in [test.build(&[]), test.run(&["check"])] {
        out.assert_exit(1).assert_output_has(&[
            "content/news/launch.en.md",
            "its URL `/en/news/ja-only/` is that of `content/news/ja-only.md`, which stands in there untranslated",
            "no `en` version",
        ]);
    }
    let after = crate::support::tree(&test.root().join("public"));
    let changed: Vec<&String> = (before.keys().chain(after.keys()))
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(
        changed.is_empty(),
        "the last build is untouched: {changed:?}"
    );
}

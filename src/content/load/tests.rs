use super::discover::language_of;
use super::*;

#[test]
fn finds_the_line_of_a_top_level_key() {
    assert_eq!(line_of_key("---\nname: a\nslug: x\n---\n", "slug"), 3);
    assert_eq!(line_of_key("---\nslugs: x\n", "slug"), 0);
}

#[test]
fn a_language_part_names_a_translation() {
    let langs = ["ja".to_string(), "en".to_string()];
    assert_eq!(
        language_of("members/foo.en.md", &langs),
        Some(("en".into(), "members/foo.md".into()))
    );
    assert_eq!(
        language_of("_index.en.md", &langs),
        Some(("en".into(), "_index.md".into()))
    );
    assert_eq!(language_of("members/foo.fr.md", &langs), None);
    assert_eq!(language_of("members/v1.2.md", &langs), None);
    assert_eq!(language_of("members/.en.md", &langs), None);
    assert_eq!(language_of("members/foo.en.md", &langs[..1]), None);
}

#[test]
fn a_translation_outliving_its_original_is_an_error_when_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let members = dir.path().join("content/members");
    std::fs::create_dir_all(&members).unwrap();
    let original = members.join("tanaka.md");
    std::fs::write(&original, "---\nname: 田中\nleft: 2019\n---\n").unwrap();
    std::fs::write(members.join("tanaka.en.md"), "---\nname: Tanaka\n---\n").unwrap();
    let langs = ["ja".to_string(), "en".to_string()];
    assert_eq!(load(dir.path(), &langs).unwrap().members.len(), 2);
    // Edited alone, the translation is read over its original on disk.
    let translation = members.join("tanaka.en.md");
    assert!(reread(dir.path(), &translation, &langs).is_ok());
    std::fs::remove_file(&original).unwrap();
    for result in [
        load(dir.path(), &langs).map(|_| ()),
        reread(dir.path(), &original, &langs).map(|_| ()),
        reread(dir.path(), &translation, &langs).map(|_| ()),
    ] {
        let errors = result.unwrap_err();
        assert_eq!(errors.0.len(), 1, "{errors}");
        let d = &errors.0[0];
        assert_eq!(d.location.path, Path::new("content/members/tanaka.en.md"));
        assert!(
            d.message
                .contains("translates content/members/tanaka.md, which does not exist"),
            "{d}"
        );
    }
}

#[test]
fn member_dates_must_follow_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let members = dir.path().join("content/members");
    std::fs::create_dir_all(&members).unwrap();
    let langs = ["ja".to_string()];
    let today = NaiveDate::from_ymd_opt(2026, 6, 1);
    let cases = [
        (
            "joined: 2019-04-01\nleft: 2019\nreturned: 2019\nconsent: 2026-06-01",
            None,
        ),
        (
            "joined: 2020\nleft: 2019",
            Some((4, "`left` (2019) is before `joined` (2020)")),
        ),
        (
            "left: 2019\nreturned: 2018-12-31",
            Some((4, "`returned` (2018-12-31) is before `left` (2019)")),
        ),
        (
            "consent: 2026-06-02\nleft: 2019",
            Some((3, "`consent` (2026-06-02) is after today (2026-06-01)")),
        ),
    ];
    for (fields, expected) in cases {
        std::fs::write(
            members.join("a.md"),
            format!("---\nname: A\n{fields}\n---\n"),
        )
        .unwrap();
        match (load_as_of(dir.path(), &langs, today), expected) {
            (Ok(_), None) => {}
            (Err(e), Some((line, message))) => {
                assert_eq!(e.0.len(), 1, "{e}");
                assert_eq!(
                    (e.0[0].location.line, e.0[0].message.as_str()),
                    (line, message)
                );
            }
            (other, _) => panic!("{fields}: {:?}", other.err()),
        }
    }
    // Without a day to compare with, consent is not checked at load;
    // `serve` checks the site it keeps up to date afterwards.
    let site = load(dir.path(), &langs).unwrap();
    let errors = check_consent(dir.path(), &site, today.unwrap()).unwrap_err();
    assert_eq!(errors.0[0].location.line, 3, "{errors}");
    let tomorrow = today.unwrap().succ_opt().unwrap();
    assert!(check_consent(dir.path(), &site, tomorrow).is_ok());
}

#[test]
fn a_part_written_like_a_language_code_names_a_version() {
    use super::discover::named_for_a_language;
    let named = |key| named_for_a_language(key).map(|(o, c)| (o, c.to_string()));
    let version = |o: &str, c: &str| Some((o.to_string(), c.to_string()));
    assert_eq!(named("members/a.en.md"), version("members/a.md", "en"));
    assert_eq!(
        named("pages/faq.pt-br.md"),
        version("pages/faq.md", "pt-br")
    );
    assert_eq!(named("_index.fil.md"), version("_index.md", "fil"));
    for key in [
        "members/a.md",
        "news/v1.2.md",
        "pages/a.EN.md",
        "pages/a.english.md",
    ] {
        assert_eq!(named(key), None, "{key}");
    }
}

#[test]
fn tells_paths_under_a_folder() {
    let p = Path::new("content/members/a.md");
    assert!(is_under(p, Path::new("content/members")));
    assert!(is_under(p, Path::new("content/members/a.md")));
    assert!(is_under(p, Path::new("content")));
    assert!(!is_under(p, Path::new("content/mem")));
    assert!(!is_under(p, Path::new("content/members/a.m")));
    assert!(!is_under(
        Path::new("content/members-old/a.md"),
        Path::new("content/members")
    ));
}

#[test]
fn ignores_editor_files() {
    for name in [".#a.md", "a.md~", ".a.md.swp", "4913", "#a.md#"] {
        assert!(is_ignored(name), "{name}");
    }
    assert!(!is_ignored("a.md"));
}

#[test]
fn pages_may_not_take_the_names_of_sections_taxonomies_or_the_stats() {
    for name in ["members", "stories", "events", "jobs", "news"] {
        assert!(is_reserved(name), "{name}");
    }
    for tax in crate::content::Tax::ALL {
        assert!(is_reserved(tax.name()), "{}", tax.name());
    }
    assert!(is_reserved("stats"));
    // Free pages live at the root: `pages` is no URL of the site's own.
    for name in ["pages", "faq", "department", "member"] {
        assert!(!is_reserved(name), "{name}");
    }
}

#[test]
fn paths_sort_by_component_as_path_does() {
    use super::discover::by_component;
    let names = [
        "a.md",
        "a-b.md",
        "a/b.md",
        "a/b/c.md",
        "a-c/b.md",
        "a.en.md",
        "ab.md",
        "a",
        "members/sato-hanako.md",
        "members/sato-hanako-2.md",
        "members/sato/x.md",
        "members.md",
        "members-old/a.md",
        "ニュース/記事.md",
        "ニュース.md",
        "Z.md",
        "_index.md",
    ];
    let paths: Vec<PathBuf> = names
        .iter()
        .map(|n| Path::new("/site/content").join(n))
        .collect();
    let mut by_path = paths.clone();
    by_path.sort();
    let mut by_bytes = paths;
    by_bytes.sort_by(|a, b| by_component(a, b));
    assert_eq!(by_bytes, by_path);
}

#[test]
fn the_checks_after_reading_again_fail_as_the_whole_checks() {
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    // Members, news and pages in two languages, their slugs drawn from a
    // few (`jobs` is a section's), files written and removed at random and
    // read again: what the checks of the documents read say is what the
    // whole checks say, each time the site before passed them.
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    for folder in ["members", "news", "pages"] {
        std::fs::create_dir_all(content.join(folder)).unwrap();
    }
    let langs = ["ja".to_string(), "en".to_string()];
    let slugs = ["a", "b", "c", "jobs", "en"];
    let mut rng = StdRng::seed_from_u64(5);
    let mut site = load(dir.path(), &langs).unwrap();
    let (mut passed, mut failed) = (0, 0);
    for step in 0..800 {
        let folder = ["members", "news", "pages"][rng.random_range(0..3)];
        let stem = format!("f{}", rng.random_range(0..4));
        let lang = ["", ".en"][rng.random_range(0..2)];
        let file = content.join(folder).join(format!("{stem}{lang}.md"));
        let original = content.join(folder).join(format!("{stem}.md"));
        let slug = slugs[rng.random_range(0..slugs.len())];
        let front = match folder {
            "members" if lang.is_empty() => format!("name: N\nleft: 2019\nslug: {slug}"),
            "members" => format!("name: N\nslug: {slug}"),
            "news" => format!("title: T\ndate: 2024-01-01\nslug: {slug}"),
            _ => format!("title: T\nslug: {slug}"),
        };
        if rng.random_range(0..4) == 0 {
            let _ = std::fs::remove_file(&file);
        } else if lang.is_empty() || original.exists() {
            std::fs::write(&file, format!("---\n{front}\n---\n")).unwrap();
        } else {
            continue;
        }
        let Ok(reread) = reread(dir.path(), &file, &langs) else {
            // A translation left without its original: put it back.
            std::fs::write(&original, "---\nname: N\nleft: 2019\ntitle: T\n---\n").unwrap();
            continue;
        };
        let mut next = site.clone();
        let read = reread.documents();
        next.apply(reread);
        let whole = check(&next, &langs);
        assert_eq!(check_applied(&next, &langs, &read), whole, "step {step}");
        if whole.is_ok() {
            passed += 1;
            site = next;
        } else {
            failed += 1;
            // Back as it was: the next step starts from a site that passed.
            let _ = std::fs::remove_file(&file);
            site = load(dir.path(), &langs).unwrap_or_default();
        }
    }
    assert!(passed > 200 && failed > 60, "{passed} {failed}");
}

#[test]
fn a_version_may_not_take_the_url_where_another_document_stands_in() {
    // docs/content.md, "Untranslated documents": `news/a.md` has no English
    // version, so its Japanese page stands in at /en/news/a/. An English
    // version of `b.md` with `slug: a` would be a second page there.
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("content/news");
    std::fs::create_dir_all(&news).unwrap();
    let langs = ["ja".to_string(), "en".to_string()];
    let write = |name: &str, front: &str| {
        std::fs::write(news.join(name), format!("---\n{front}\n---\n")).unwrap();
    };
    write("a.md", "title: A\ndate: 2024-01-01");
    write("b.md", "title: B\ndate: 2024-01-01");
    write("b.en.md", "title: B\nslug: a");
    let errors = load(dir.path(), &langs).unwrap_err();
    assert_eq!(errors.0.len(), 1, "{errors}");
    let e = &errors.0[0];
    assert_eq!(e.location.path, Path::new("content/news/b.en.md"));
    assert!(
        e.message.contains("`/en/news/a/`") && e.message.contains("`content/news/a.md`"),
        "{}",
        e.message
    );
    assert!(e.message.contains("no `en` version"), "{}", e.message);
    // With its own English version, `a.md` still stands in where that
    // version is withheld (members only, say): still an error.
    write("a.en.md", "title: A\nslug: a-en");
    let errors = load(dir.path(), &langs).unwrap_err();
    assert!(
        errors.0[0]
            .message
            .contains("wherever its own `en` version is not shown")
    );
    // A version that takes its original's slug, or a slug no other
    // document's page has, is fine.
    write("b.en.md", "title: B\nslug: b");
    write("a.en.md", "title: A\nslug: c");
    load(dir.path(), &langs).unwrap();
}

#[test]
fn a_reserved_page_url_is_named_with_its_languages_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("content/pages");
    std::fs::create_dir_all(&pages).unwrap();
    std::fs::write(pages.join("faq.md"), "---\ntitle: FAQ\n---\n").unwrap();
    std::fs::write(
        pages.join("faq.en.md"),
        "---\ntitle: News\nslug: news\n---\n",
    )
    .unwrap();
    let langs = ["ja".to_string(), "en".to_string()];
    let errors = load(dir.path(), &langs).unwrap_err();
    assert_eq!(errors.0.len(), 1, "{errors}");
    assert!(
        errors.0[0].message.starts_with("the URL /en/news/ belongs"),
        "{}",
        errors.0[0].message
    );
}

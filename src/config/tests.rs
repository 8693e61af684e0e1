use super::*;

#[test]
fn minimal_config_gets_spec_defaults() {
    let c = parse("title: T\nbase_url: https://a.example/\n").unwrap();
    assert_eq!(c.base_url, "https://a.example");
    assert_eq!(c.language, "ja");
    assert_eq!(c.theme, "default");
    assert_eq!(c.privacy.default_visibility, Visibility::Members);
    assert!(c.privacy.require_consent);
    assert_eq!(c.privacy.min_group_size, 5);
    assert_eq!(c.privacy.consent_max_age_years, 3);
}

#[test]
fn unknown_nested_key_suggests_the_closest() {
    let err =
        parse("title: T\nbase_url: https://a.example\nprivacy:\n  min_grop_size: 3\n").unwrap_err();
    let d = &err.0[0];
    assert_eq!((d.location.line, d.location.col), (4, 3));
    assert_eq!(d.hint.as_deref(), Some("did you mean `min_group_size`?"));
}

#[test]
fn each_problem_is_at_the_value_the_parser_read() {
    // `url:` and `filters:` under `extra:` come first, and must not be blamed.
    let yaml = "title: T\nbase_url: https://a.example\nextra:\n  url: https://ok.example\n  filters: [x]\ncompany:\n  url: ftp://x\ndirectory:\n  filters: [department, deparment]\nlanguages: [ja, EN, ja]\ntranslations:\n  fr: {title: T}\n";
    let err = parse(yaml).unwrap_err();
    let at: Vec<(usize, usize, &str)> = err
        .0
        .iter()
        .map(|d| (d.location.line, d.location.col, d.message.as_str()))
        .collect();
    assert_eq!(
        at,
        [
            (
                7,
                8,
                "`ftp://x` is not a web address: write a full http(s):// or mailto: URL"
            ),
            (9, 25, "unknown directory filter `deparment`"),
            (10, 17, "`EN` is not a language code"),
            (10, 21, "`ja` is listed twice"),
            (
                12,
                3,
                "`translations.fr` is not one of the site's other languages"
            ),
        ]
    );
}

#[test]
fn every_mistake_of_the_file_is_reported_at_once() {
    let err = parse("title: T\nbase_url: https://a.example\nprivacy:\n  min_grop_size: 3\ntheme: [x\nlanguge: en\n")
        .unwrap_err();
    let at: Vec<(usize, usize)> = err
        .0
        .iter()
        .map(|d| (d.location.line, d.location.col))
        .collect();
    assert_eq!(at, [(4, 3), (5, 8), (6, 1)], "{err}");
}

#[test]
fn the_languages_are_read_from_a_config_with_other_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let with = |yaml: &str| {
        fs::write(dir.path().join(FILE), yaml).unwrap();
        languages_of(dir.path())
    };
    let langs = |l: &[&str]| Some(l.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(
        with("title: T\nbase_url: x\nlanguages: [en, ja]\ntittle: y\n"),
        langs(&["en", "ja"])
    );
    assert_eq!(with("title: T\nlanguage: en\n"), langs(&["en"]));
    assert_eq!(with("title: T\n"), langs(&["ja"]));
    assert_eq!(with("title: T\nlanguages: [en, EN]\n"), None);
    assert_eq!(with("title: \"T\n"), None);
    assert_eq!(with("- a\n"), None);
    assert_eq!(language_of(dir.path()), "ja");
}

#[test]
fn unknown_filter_suggests_the_closest() {
    let err = parse("title: T\nbase_url: https://a.example\ndirectory:\n  filters: [deparment]\n")
        .unwrap_err();
    assert_eq!(err.0[0].hint.as_deref(), Some("did you mean `department`?"));
    assert_eq!(err.0[0].location.line, 4);
}

#[test]
fn urls_must_be_web_addresses() {
    let err = parse(
        "title: T\nbase_url: https://a.example\nprogramme:\n  join_url: javascript:alert(1)\n",
    )
    .unwrap_err();
    assert_eq!(err.0[0].location.line, 4);
}

#[test]
fn timezone_is_a_utc_offset_defaulting_to_japan() {
    let c = parse("title: T\nbase_url: https://a.example\n").unwrap();
    assert_eq!(c.timezone.local_minus_utc(), 9 * 3600);
    let c = parse("title: T\nbase_url: https://a.example\ntimezone: \"-05:30\"\n").unwrap();
    assert_eq!(c.timezone.local_minus_utc(), -(5 * 3600 + 30 * 60));
    assert!(parse("title: T\nbase_url: https://a.example\ntimezone: Asia/Tokyo\n").is_err());
}

#[test]
fn base_url_path_is_the_prefix_of_every_link() {
    let c = parse("title: T\nbase_url: https://org.github.io/alumni/\n").unwrap();
    assert_eq!(c.base_url, "https://org.github.io/alumni");
    assert_eq!(c.base_path, "/alumni");
    assert_eq!(
        c.absolute("/alumni/members/a/"),
        "https://org.github.io/alumni/members/a/"
    );
    let c = parse("title: T\nbase_url: http://127.0.0.1:8080\n").unwrap();
    assert_eq!(c.base_path, "");
    assert_eq!(c.absolute("/members/"), "http://127.0.0.1:8080/members/");
    let mut c = c;
    c.set_base_url("https://www.example.co.jp/corp/alumni")
        .unwrap();
    assert_eq!(c.base_path, "/corp/alumni");
    assert_eq!(
        c.absolute("/corp/alumni/"),
        "https://www.example.co.jp/corp/alumni/"
    );
    for bad in [
        "https://a.example/alumni?x=1",
        "https://a.example/alumni#top",
        "https://a.example//alumni",
        "https://a.example/a/../b",
        "https://a.example/アルムナイ",
        "https://a.example/al umni",
        "https:///alumni",
    ] {
        assert!(split_base_url(bad).is_err(), "{bad}");
    }
    assert!(split_base_url("https://a.example/%E3%82%A2/").is_ok());
}

#[test]
fn base_url_must_be_http() {
    assert!(parse("title: T\nbase_url: alumni.example\n").is_err());
}

#[test]
fn base_url_has_no_user_name_or_password() {
    for bad in [
        "https://user:secret@org.example/alumni/",
        "https://user@org.example",
        "http://:secret@127.0.0.1:8080",
    ] {
        let (message, _) = split_base_url(bad).unwrap_err();
        assert!(message.contains("password"), "{message}");
        assert!(
            !message.contains("secret") && !message.contains("user@"),
            "{message}"
        );
    }
    let err = parse("title: T\nbase_url: https://user:secret@org.example/alumni/\n")
        .unwrap_err()
        .to_string();
    // Neither the message nor the line quoted under it prints it.
    assert!(err.contains("password") && !err.contains("secret"), "{err}");
    // Nor for addresses that are not http(s) URLs as written.
    for bad in [
        "HTTPS://user:secret@org.example/",
        "https:user:secret@org.example/",
        "https:/user:secret@org.example/",
        "https:\\\\user:secret@org.example\\",
    ] {
        let (message, _) = split_base_url(bad).unwrap_err();
        assert!(!message.contains("secret"), "{message}");
        let err = parse(&format!("title: T\nbase_url: {bad}\n"))
            .unwrap_err()
            .to_string();
        assert!(!err.contains("secret"), "{err}");
    }
    let mut c = parse("title: T\nbase_url: https://org.example\n").unwrap();
    let err = c
        .set_base_url("https://user:secret@org.example/alumni/")
        .unwrap_err()
        .to_string();
    assert!(err.contains("password") && !err.contains("secret"), "{err}");
    // An `@` in the path is a plain path character.
    assert!(split_base_url("https://org.example/@alumni/").is_ok());
}

#[test]
fn brand_color_must_be_dark_enough_for_text() {
    let ok = "title: T\nbase_url: https://a.example\ncompany:\n  brand_color: \"#c8102e\"\n";
    assert_eq!(
        parse(ok).unwrap().company.brand_color.as_deref(),
        Some("#c8102e")
    );
    let err =
        parse("title: T\nbase_url: https://a.example\ncompany:\n  brand_color: \"#ffcc00\"\n")
            .unwrap_err();
    assert_eq!(err.0[0].location.line, 4);
    assert!(
        err.0[0].message.contains("too light"),
        "{}",
        err.0[0].message
    );
}

#[test]
fn languages_put_the_default_first() {
    let c = parse("title: T\nbase_url: https://a.example\nlanguages: [ja, en]\n").unwrap();
    assert_eq!(c.language, "ja");
    assert_eq!(c.languages, ["ja", "en"]);
    assert_eq!(c.untranslated, Untranslated::Show);
    let c = parse("title: T\nbase_url: https://a.example\nlanguage: en\n").unwrap();
    assert_eq!(c.languages, ["en"]);
    let err = parse("title: T\nbase_url: https://a.example\nlanguage: en\nlanguages: [ja, en]\n")
        .unwrap_err();
    assert_eq!(err.0[0].location.line, 3);
    let err =
        parse("title: T\nbase_url: https://a.example\nlanguages: [ja, EN, ja]\n").unwrap_err();
    assert_eq!(err.0.len(), 2);
    let c =
        parse("title: T\nbase_url: https://a.example\nlanguages: [ja, en]\nuntranslated: omit\n")
            .unwrap();
    assert_eq!(c.untranslated, Untranslated::Omit);
}

#[test]
fn a_filter_named_twice_is_offered_once() {
    let c = parse("title: T\nbase_url: https://a.example\ndirectory:\n  filters: [left, left]\n")
        .unwrap();
    assert_eq!(c.filters, ["left"]);
}

#[test]
fn every_taxonomy_is_a_directory_filter_by_its_member_field() {
    assert_eq!(
        FILTERS,
        [
            "department",
            "left",
            "open_to",
            "skills",
            "location",
            "initial"
        ]
    );
    for tax in crate::content::Tax::ALL {
        assert!(FILTERS.contains(&tax.field()), "{}", tax.field());
        assert!(DEFAULT_FILTERS.contains(&tax.field()), "{}", tax.field());
    }
}

#[test]
fn per_page_defaults_to_fifty_and_must_be_one_to_a_thousand() {
    let c = parse("title: T\nbase_url: https://a.example\n").unwrap();
    assert_eq!(c.per_page, DEFAULT_PER_PAGE);
    let c = parse("title: T\nbase_url: https://a.example\ndirectory:\n  per_page: 3\n").unwrap();
    assert_eq!(c.per_page, 3);
    for bad in ["0", "1001"] {
        let err = parse(&format!(
            "title: T\nbase_url: https://a.example\ndirectory:\n  per_page: {bad}\n"
        ))
        .unwrap_err();
        let d = &err.0[0];
        assert!(d.message.contains("directory.per_page"), "{}", d.message);
        assert_eq!((d.location.line, d.location.col), (4, 13), "{bad}");
    }
}

//! A site's `templates/<name>.html` overrides the built-in template of that
//! name, and only that one.

use crate::support::SiteTest;

#[test]
fn site_template_overrides_only_its_own_page() {
    let site = SiteTest::fixture("overrides/member_template");
    let with = site.build(&["--output", "../with"]);
    with.assert_success();
    let profile = with.file("members/taro/index.html");
    assert!(
        profile.contains(
            r#"<p class="site-override" data-url="/members/taro/">Site override for Taro Sato</p>"#
        ),
        "{profile}"
    );
    // It extends the built-in base.html: the theme's layout is still around it.
    assert!(
        profile.contains("<html") && profile.contains("/style.css"),
        "{profile}"
    );

    // The same site without the override: every other file is the same.
    site.remove("templates");
    let without = site.build(&["--output", "../without"]);
    without.assert_success();
    assert!(
        !without
            .file("members/taro/index.html")
            .contains("site-override")
    );
    let (a, b) = (with.tree(), without.tree());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        if name == "members/taro/index.html" {
            continue;
        }
        assert!(
            bytes == &b[name],
            "{name} changed with the member.html override"
        );
    }
}

#[test]
fn a_components_override_without_the_header_and_footer_is_refused() {
    // A copy of components.html made before the header and footer became
    // components: the build says what is missing instead of dropping them.
    let theme = std::fs::read_to_string(
        crate::support::repo_root().join("themes/default/templates/components.html"),
    )
    .expect("the default theme's components.html");
    let before = &theme[..theme
        .find("{#- The site's header")
        .expect("site_header's comment")];
    let site = SiteTest::fixture("overrides/member_template");
    site.write("templates/components.html", before);
    let out = site.build(&[]);
    out.assert_exit(1).assert_stderr_has(&[
        "templates/components.html",
        "`site_header` and `site_footer` components",
        "copy site_header and site_footer",
    ]);
}

#[test]
fn a_ui_strings_file_that_is_not_utf8_is_an_error_naming_it() {
    // Once read as empty, without a word: the site lost its own strings.
    let site = SiteTest::fixture("overrides/member_template");
    let path = site.root().join("i18n/en.yaml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"nav_members: \"\x82\xa0\x82\xa2\"\n").unwrap();
    let out = site.build(&[]);
    out.assert_exit(1);
    crate::snapshot!("ui_strings_not_utf8", out.stderr);
}

#[test]
fn an_invalid_ui_strings_file_is_an_error_naming_it() {
    let site = SiteTest::fixture("overrides/member_template");
    site.write("i18n/en.yaml", "nav_members: [名簿\n");
    let out = site.build(&[]);
    out.assert_exit(1).assert_stderr_has(&["i18n/en.yaml:"]);
}

#[test]
fn templates_are_bounded_like_every_text_input() {
    let site = SiteTest::fixture("overrides/member_template");
    let huge = format!("{{# {} #}}\n", "x".repeat(9 * 1024 * 1024));
    site.write("templates/page.html", &huge);
    let out = site.build(&[]);
    out.assert_exit(1).assert_stderr_has(&[
        "templates/page.html",
        "this file is 9.0 MB; at most 8.0 MB is read",
    ]);
}

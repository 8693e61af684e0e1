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

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

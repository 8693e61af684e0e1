//! Internal `@/` links to content that exists but is not visible in this
//! build render as plain text: the words stay, the link (and the URL that
//! would reveal the profile) goes.

use crate::support::{SiteTest, main_of};

#[test]
fn links_to_hidden_or_members_only_profiles_render_as_plain_text_in_public() {
    let out = SiteTest::fixture("links/not_visible").build(&[]);
    out.assert_success();
    let html = out.file("members/taro/index.html");
    let bio = main_of(&html);
    // The words are kept, directly in the sentence: no <a> around them.
    assert!(
        bio.contains("I learnt the trade from my mentor Jiro."),
        "{bio}"
    );
    assert!(
        bio.contains("Later I sat next to Hana from design."),
        "{bio}"
    );
    assert!(
        !html.contains("/members/jiro"),
        "no link to the hidden member"
    );
    assert!(
        !html.contains("/members/hana"),
        "no link to the members-only member"
    );
    // A visible target is still a link.
    assert!(bio.contains(r#"<a href="/members/ken/">Ken</a>"#), "{bio}");
    assert!(!out.exists("members/jiro") && !out.exists("members/hana"));
}

#[test]
fn members_build_links_members_profiles_but_never_hidden_ones() {
    let out = SiteTest::fixture("links/not_visible").build(&["--audience", "members"]);
    out.assert_success();
    let html = out.file("members/taro/index.html");
    let bio = main_of(&html);
    assert!(
        bio.contains(r#"<a href="/members/hana/">Hana from design</a>"#),
        "{bio}"
    );
    assert!(
        bio.contains("I learnt the trade from my mentor Jiro."),
        "{bio}"
    );
    assert!(!html.contains("/members/jiro"));
}

//! Internal `@/` links to content that exists but is not visible in this
//! build lose their link (and the URL that would reveal the page); a link
//! to a person not visible loses its words too, which are usually their
//! name: "a member" stands in their place.

use crate::support::{SiteTest, main_of};

#[test]
fn links_to_hidden_or_members_only_profiles_render_as_plain_text_in_public() {
    let out = SiteTest::fixture("links/not_visible").build(&[]);
    out.assert_success();
    let html = out.file("members/taro/index.html");
    let bio = main_of(&html);
    // A neutral word takes the link's place, directly in the sentence.
    assert!(bio.contains("I learnt the trade from a member."), "{bio}");
    assert!(bio.contains("Later I sat next to a member."), "{bio}");
    assert!(!html.contains("Jiro") && !html.contains("Hana"), "{html}");
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
    let out = SiteTest::fixture("links/not_visible").build(&[
        "--audience",
        "members",
        "-o",
        "members-out",
    ]);
    out.assert_success();
    let html = out.file("members/taro/index.html");
    let bio = main_of(&html);
    assert!(
        bio.contains(r#"<a href="/members/hana/">Hana from design</a>"#),
        "{bio}"
    );
    assert!(bio.contains("I learnt the trade from a member."), "{bio}");
    assert!(!html.contains("/members/jiro") && !html.contains("Jiro"));
}

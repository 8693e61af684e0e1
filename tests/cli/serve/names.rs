//! `serve` and the name check: names not shown and links into pages
//! withheld are refused, or lose their URL, after every kind of edit, as a
//! fresh build refuses them (serve keeps the finder of names and what it
//! found between changes).

use super::*;

/// `serve` keeps the finder of names not shown, and what it found in each
/// document, between changes: a change that hides someone, or a body that
/// names them, is still refused at once, as a build refuses it.
#[test]
fn names_not_shown_are_refused_after_every_kind_of_edit() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let write = |rel: &str, from: &str, to: &str| replace_in(&site, rel, from, to);
    let located = |errors: &[Value], rel: &str| {
        errors
            .iter()
            .any(|e| e["location"].as_str().unwrap_or("").starts_with(rel))
    };

    // Ken is shown: Hana's bio may name him.
    write(
        "content/members/hana.md",
        "Hana's bio.",
        "Hana met Ken Ito at a meetup.",
    );
    events.rebuilt();
    assert!(server.page("/members/hana/").contains("Ken Ito"));

    // Hidden, he may not be named: Hana's bio, unchanged, is refused.
    write(
        "content/members/ken.md",
        "visibility: public",
        "visibility: hidden",
    );
    let errors = events.failed();
    assert!(located(&errors, "content/members/hana.md"), "{errors:?}");
    assert!(server.page("/members/hana/").contains("Ken Ito"));
    assert_eq!(
        server.get("/members/ken/").status,
        200,
        "the last good build stays"
    );

    // Shown again, then an edit that changes no one's name or visibility.
    write(
        "content/members/ken.md",
        "visibility: hidden",
        "visibility: public",
    );
    events.rebuilt();
    write(
        "content/members/ken.md",
        "department: Sales",
        "department: Design",
    );
    events.rebuilt();
    assert!(server.page("/members/hana/").contains("Ken Ito"));

    // Hidden while no one names him; then a story that names him is refused.
    write(
        "content/members/hana.md",
        "Hana met Ken Ito at a meetup.",
        "Hana's bio.",
    );
    events.rebuilt();
    write(
        "content/members/ken.md",
        "visibility: public",
        "visibility: hidden",
    );
    events.rebuilt();
    assert_eq!(server.get("/members/ken/").status, 404);
    write(
        "content/stories/comeback.md",
        "Taro is back",
        "Taro and Ken Ito are back",
    );
    let errors = events.failed();
    assert!(
        located(&errors, "content/stories/comeback.md"),
        "{errors:?}"
    );
    site.build(&["--output", "../built"])
        .assert_exit(1)
        .assert_stderr_has(&["content/stories/comeback.md", "Ken Ito"]);
}

/// A hidden member renamed (same file): the pages that held only their
/// old name are looked at again and pass, as a fresh build lets them.
#[test]
fn a_page_holding_a_hidden_members_old_name_passes_once_they_are_renamed() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let write = |rel: &str, from: &str, to: &str| replace_in(&site, rel, from, to);
    write(
        "content/members/hana.md",
        "Hana's bio.",
        "Hana met Ken Ito at a meetup.",
    );
    events.rebuilt();
    write(
        "content/members/ken.md",
        "visibility: public",
        "visibility: hidden",
    );
    assert_fails_at(&events.failed(), "content/members/hana.md");
    write(
        "content/members/ken.md",
        "name: Ken Ito",
        "name: Kenji Sato\nslug: kenji-sato",
    );
    events.rebuilt();
    assert!(server.page("/members/hana/").contains("Ken Ito"));
    assert_eq!(server.get("/members/ken/").status, 404);
    assert_eq!(server.get("/members/kenji-sato/").status, 404);
    site.build(&["--output", "../built"]).assert_success();
}

/// Each member's names are folded again when their name changes (serve
/// keeps them folded while name, reading and slug are the same): a hidden
/// member renamed to a name a shown page holds is refused at once.
#[test]
fn a_hidden_member_is_looked_for_under_a_new_name() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let write = |rel: &str, from: &str, to: &str| replace_in(&site, rel, from, to);
    write(
        "content/members/ken.md",
        "visibility: public",
        "visibility: hidden",
    );
    events.rebuilt();
    write(
        "content/stories/comeback.md",
        "Taro is back",
        "Taro and Jiro Kondo are back",
    );
    events.rebuilt();
    write(
        "content/members/ken.md",
        "name: Ken Ito",
        "name: Jiro Kondo",
    );
    assert_fails_at(&events.failed(), "content/stories/comeback.md");
    site.build(&["--output", "../built"])
        .assert_exit(1)
        .assert_stderr_has(&["content/stories/comeback.md", "Jiro Kondo"]);
}

/// A finder made after the last one keeps whether a name of someone shown
/// holds a name not shown only while that person is shown with the same
/// names: 林 大輔, hidden, inside 小林 大輔 is that name while 小林 大輔 is
/// shown, and refused once they are gone or hidden, though the name check
/// kept its automaton through every change.
#[test]
fn a_longer_name_gone_no_longer_covers_the_name_not_shown_inside_it() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let member = |name: &str, visibility: &str| {
        format!(
            "---\nname: {name}\nleft: 2020\nvisibility: {visibility}\nconsent: 2024-04-01\n---\nBio.\n"
        )
    };
    site.write("content/members/hayashi.md", &member("林 大輔", "hidden"));
    events.rebuilt();
    site.write(
        "content/members/kobayashi.md",
        &member("小林 大輔", "public"),
    );
    events.rebuilt();
    replace_in(
        &site,
        "content/stories/comeback.md",
        "Taro is back",
        "小林大輔さんと Taro is back",
    );
    events.rebuilt();
    // Someone else comes and goes: the same names not shown.
    site.write("content/members/sato.md", &member("佐藤 花子", "public"));
    events.rebuilt();
    site.remove("content/members/sato.md");
    events.rebuilt();
    site.remove("content/members/kobayashi.md");
    assert_fails_at(&events.failed(), "content/stories/comeback.md");
    site.write(
        "content/members/kobayashi.md",
        &member("小林 大輔", "public"),
    );
    events.rebuilt();
    replace_in(
        &site,
        "content/members/kobayashi.md",
        "visibility: public",
        "visibility: members",
    );
    assert_fails_at(&events.failed(), "content/stories/comeback.md");
    site.build(&["--output", "../built"])
        .assert_exit(1)
        .assert_stderr_has(&["content/stories/comeback.md", "林大輔"]);
}

/// After a change of who is shown, serve looks again only in the
/// documents whose text holds a name of someone who changed, and at every
/// front-matter URL when the pages withheld changed: a link into a page
/// withheld from now on is refused, though the member who has it did not
/// change and names no one.
#[test]
fn a_front_matter_link_into_a_page_withheld_later_is_refused() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let write = |rel: &str, from: &str, to: &str| replace_in(&site, rel, from, to);
    // Someone not shown, so that there are names to look for from the start.
    site.write(
        "content/members/yuki.md",
        "---\nname: Yuki Tanaka\nleft: 2020\nvisibility: hidden\n---\nYuki's bio.\n",
    );
    events.rebuilt();
    write(
        "content/members/hana.md",
        "visibility: public",
        "visibility: public\nlinks:\n  website: https://example.org/members/ken/",
    );
    events.rebuilt();
    write(
        "content/members/ken.md",
        "visibility: public",
        "visibility: hidden",
    );
    assert_fails_at(&events.failed(), "content/members/hana.md");
    site.build(&["--output", "../built"])
        .assert_exit(1)
        .assert_stderr_has(&["content/members/hana.md", "links.website"]);
    // Shown again: the same document, found clean.
    write(
        "content/members/ken.md",
        "visibility: hidden",
        "visibility: public",
    );
    events.rebuilt();
    assert!(
        server
            .page("/members/hana/")
            .contains("example.org/members/ken/")
    );
}

/// A body's HTML is kept between changes only while each of its `@/`
/// links goes where it went: a link follows its target's new URL.
#[test]
fn an_at_link_follows_its_target_to_a_new_url() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let story = "/stories/comeback/";
    assert!(server.page(story).contains(r#"href="/members/hana/""#));
    let hana = site.root().join("content/members/hana.md");
    let text = std::fs::read_to_string(&hana).unwrap();
    std::fs::write(
        &hana,
        text.replace("name: Hana Mori", "name: Hana Mori\nslug: hana-mori"),
    )
    .unwrap();
    events.rebuilt();
    let page = server.page(story);
    assert!(page.contains(r#"href="/members/hana-mori/""#), "{page}");
    assert!(!page.contains(r#"href="/members/hana/""#));
}

/// Serves `serve/site` and makes `edits` (a file, a text in it and what
/// replaces it, each rebuilt), the last giving Hana's bio a plain `link`
/// with `text`; then a change to her front matter (the whole way, which
/// keeps the new body's HTML), and `withhold`, after which her page keeps
/// the link's text but not its URL, as a build does.
fn a_plain_link_loses_its_url_once_withheld(
    edits: &[(&str, &str, &str)],
    link: &str,
    text: &str,
    withhold: (&str, &str, &str),
) {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let write = |rel: &str, from: &str, to: &str| replace_in(&site, rel, from, to);
    for &(rel, from, to) in edits {
        write(rel, from, to);
        events.rebuilt();
    }
    write(
        "content/members/hana.md",
        "department: Design",
        "department: Sales",
    );
    events.rebuilt();
    assert!(server.page("/members/hana/").contains(link));
    let (rel, from, to) = withhold;
    write(rel, from, to);
    events.rebuilt();
    let page = server.page("/members/hana/");
    assert!(page.contains(text) && !page.contains(link), "{page}");
}

/// Whether a body may link to a withheld page is kept between changes only
/// while the same pages are withheld: a plain link to a page the build
/// comes to withhold loses its URL, as in a build.
#[test]
fn a_plain_link_to_a_page_withheld_later_loses_its_url() {
    a_plain_link_loses_its_url_once_withheld(
        &[(
            "content/members/hana.md",
            "Hana's bio.",
            "Hana's bio, with [a colleague](/members/ken/).",
        )],
        r#"href="/members/ken/""#,
        "a colleague",
        (
            "content/members/ken.md",
            "visibility: public",
            "visibility: hidden",
        ),
    );
}

/// Whether a body may link to a withheld page is kept while the clues to
/// such pages are the same: a page of a kind not withheld before (an
/// event, where only members were) makes every body be looked at again.
#[test]
fn a_plain_link_to_a_page_of_a_new_kind_withheld_loses_its_url() {
    a_plain_link_loses_its_url_once_withheld(
        &[
            (
                "content/members/ken.md",
                "visibility: public",
                "visibility: hidden",
            ),
            (
                "content/members/hana.md",
                "Hana's bio.",
                "Hana's bio, see [the meetup](/events/meetup/).",
            ),
        ],
        r#"href="/events/meetup/""#,
        "the meetup",
        (
            "content/events/meetup.md",
            "location: Tokyo",
            "location: Tokyo\naudience: members",
        ),
    );
}

/// The editor's `privacy.longer_names` is part of what the name check is
/// made of: once site.yaml no longer says that Mary Anne Brown is a longer
/// name, serve refuses a story naming her (she holds Anne Brown, who is
/// hidden) at once, as a build does, though no member changed.
#[test]
fn longer_names_taken_out_of_site_yaml_are_no_longer_trusted() {
    let site = SiteTest::fixture("serve/site");
    let longer = "  min_group_size: 1\n  longer_names: [\"Mary Anne Brown\"]";
    replace_in(&site, "site.yaml", "  min_group_size: 1", longer);
    let member = |name: &str, visibility: &str| {
        format!(
            "---\nname: {name}\nleft: 2018\nvisibility: {visibility}\nconsent: 2024-01-01\n---\nBio.\n"
        )
    };
    site.write("content/members/anne.md", &member("Anne Brown", "hidden"));
    site.write(
        "content/members/mary.md",
        &member("Mary Anne Brown", "public"),
    );
    site.write(
        "content/stories/met.md",
        "---\ntitle: Met\ndate: 2026-03-01\n---\nWe met Mary Anne Brown.\n",
    );
    site.build(&["--output", "../built"]).assert_exit(0);
    let server = Served::start(&site);
    let mut events = server.events();
    replace_in(&site, "site.yaml", longer, "  min_group_size: 1");
    assert_fails_at(&events.failed(), "content/stories/met.md");
    site.build(&["--output", "../built"])
        .assert_exit(1)
        .assert_stderr_has(&["content/stories/met.md", "Anne Brown"]);
}

/// A page that fails to render is served as it was before the rebuild
/// (with the error beside it) only while the site shows the same: once a
/// member is hidden, the copy from before may show them. Here the story's
/// own template names its second member; hiding Ken leaves the story
/// without one, so its page fails, and its copy from before names Ken.
#[test]
fn a_page_kept_from_before_a_member_was_hidden_is_not_served() {
    let site = SiteTest::fixture("serve/site");
    site.write(
        "templates/story.html",
        "{% extends \"base.html\" %}{% block main %}<p>With {{ story.members[1].name }}</p>{% endblock main %}",
    );
    replace_in(
        &site,
        "content/stories/comeback.md",
        "members: [taro]",
        "members: [taro, ken]",
    );
    let server = Served::start(&site);
    let mut events = server.events();
    assert!(server.page("/stories/comeback/").contains("Ken Ito"));

    replace_in(
        &site,
        "content/members/ken.md",
        "visibility: public",
        "visibility: hidden",
    );
    events.rebuilt();
    assert_eq!(server.get("/members/ken/").status, 404);
    let story = server.get("/stories/comeback/");
    assert!(!story.text().contains("Ken Ito"), "{}", story.status);
    // A fresh build fails on the same page.
    site.build(&["--output", "../built"]).assert_exit(1);

    // Shown again, the story is whole again.
    replace_in(
        &site,
        "content/members/ken.md",
        "visibility: hidden",
        "visibility: public",
    );
    events.rebuilt();
    assert!(server.page("/stories/comeback/").contains("Ken Ito"));
}

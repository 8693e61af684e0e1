//! The privacy contract: nothing a build's audience may not see appears
//! anywhere in that build — pages, file names, search data, feeds,
//! sitemap, stats, story cross-links, .ics.
//!
//! In `privacy/site` every non-public item carries a marker (`zq...`) in
//! each of its fields (name, bio, department, skills, location, company),
//! so one case-insensitive search of every output file and file name finds
//! any leak.

use crate::support::{Outcome, SiteTest, main_of, text_of};

/// Members who are not public: unconsented, members-only, no visibility
/// (default members), hidden, withdrawn.
const NOT_PUBLIC_MEMBERS: &[&str] = &["zqnocons", "zqmembers", "zqdefault"];
/// In no build at all.
const NEVER: &[&str] = &[
    "zqhidden",
    "zqwithdrawn",
    "zqphotoben",
    "ben@mail.test.example",
];
/// Members-only story, event and news.
const MEMBERS_CONTENT: &[&str] = &["zqmstory", "zqmevent", "zqmnews"];

fn build(audience: &str) -> Outcome {
    let out = SiteTest::fixture("privacy/site").build(&["--audience", audience]);
    out.assert_success();
    out
}

/// Panics if any of `markers` appears in any file name or file of the build.
#[track_caller]
fn assert_absent(out: &Outcome, markers: &[&str]) {
    let tree = out.tree();
    assert!(tree.len() > 10, "{:?}", tree.keys());
    for (name, bytes) in &tree {
        let name_l = name.to_lowercase();
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for m in markers {
            assert!(!name_l.contains(m), "file name {name} reveals {m}");
            if let Some(i) = text.find(m) {
                let from = text[..i].char_indices().rev().nth(80).map_or(0, |(j, _)| j);
                let to = text[i..]
                    .char_indices()
                    .nth(80)
                    .map_or(text.len(), |(j, _)| i + j);
                panic!("{name} reveals {m}: …{}…", &text[from..to]);
            }
        }
    }
}

/// Panics unless each of `markers` appears in some file of the build.
#[track_caller]
fn assert_present(out: &Outcome, markers: &[&str]) {
    let all: String = out
        .tree()
        .values()
        .map(|b| String::from_utf8_lossy(b).to_lowercase())
        .collect();
    for m in markers {
        assert!(all.contains(m), "{m} is missing from the build");
    }
}

#[test]
fn public_build_shows_nothing_that_is_not_public() {
    let out = build("public");
    let mut markers = NOT_PUBLIC_MEMBERS.to_vec();
    markers.extend(NEVER);
    markers.extend(MEMBERS_CONTENT);
    markers.push("@mail.test.example");
    assert_absent(&out, &markers);
    // What is public is there.
    out.assert_files(&[
        "members/aki/index.html",
        "members/ben/index.html",
        "stories/open-story/index.html",
        "events/open-event/index.html",
        "news/open-news/index.html",
    ]);
}

#[test]
fn members_build_adds_members_content_but_never_hidden_or_withdrawn() {
    let out = build("members");
    assert_absent(&out, NEVER);
    let mut wanted = NOT_PUBLIC_MEMBERS.to_vec();
    wanted.extend(MEMBERS_CONTENT);
    assert_present(&out, &wanted);
    out.assert_files(&[
        "members/zqmembers/index.html",
        "members/zqnocons/index.html",
        "members/zqdefault/index.html",
        "stories/zqmstory/index.html",
        "events/zqmevent/index.html",
        "news/zqmnews/index.html",
    ]);
}

#[test]
fn a_story_shows_only_the_members_visible_in_the_build() {
    let public = build("public");
    let story = public.file("stories/open-story/index.html");
    let linked: Vec<&str> = main_of(&story)
        .split("href=\"/members/")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .filter(|l| !l.is_empty())
        .collect();
    assert!(!linked.is_empty(), "the public member is shown");
    assert!(linked.iter().all(|l| *l == "aki/"), "{linked:?}");
    assert!(text_of(main_of(&story)).contains("Aki Public"));

    let members = build("members");
    let story = members.file("stories/open-story/index.html");
    let story = main_of(&story);
    assert!(story.contains("/members/aki/") && story.contains("/members/zqmembers/"));
    assert!(story.contains("/members/zqnocons/"));
    let story = members.file("stories/zqmstory/index.html");
    assert!(
        main_of(&story).contains("/members/aki/")
            && main_of(&story).contains("/members/zqmembers/")
    );
    // The profile lists the stories that name the member, per audience.
    let aki = members.file("members/aki/index.html");
    assert!(aki.contains("/stories/zqmstory/") && aki.contains("/stories/open-story/"));
    assert!(
        public
            .file("members/aki/index.html")
            .contains("/stories/open-story/")
    );
}

#[test]
fn email_only_with_show_email_and_never_in_public() {
    assert_absent(&build("public"), &["@mail.test.example"]);
    let members = build("members");
    assert!(
        members
            .file("members/aki/index.html")
            .contains("aki@mail.test.example"),
        "show_email: true shows the email to members"
    );
    assert_absent(&members, &["ben@mail.test.example"]);
}

#[test]
fn photo_only_with_show_photo() {
    for audience in ["public", "members"] {
        let out = build(audience);
        // Published as a thumbnail made at build time, never as the original.
        assert!(
            out.exists("members/aki/photo-8.png"),
            "{audience}: opted-in photo"
        );
        assert!(!out.exists("members/aki/aki.png"), "{audience}: original");
        assert!(
            out.file("members/aki/index.html")
                .contains("src=\"/members/aki/photo-8.png\" width=\"8\" height=\"8\"")
        );
        assert_absent(&out, &["zqphotoben"]);
    }
}

/// An SVG can run scripts when opened on its own, on the site's origin: a
/// member may not publish one as a photo.
#[test]
fn an_svg_member_photo_is_refused() {
    let site = SiteTest::fixture("privacy/site");
    site.write(
        "content/members/aki.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
    );
    let md = std::fs::read_to_string(site.root().join("content/members/aki.md")).unwrap();
    site.write("content/members/aki.md", &md.replace("aki.png", "aki.svg"));
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "error: content/members/aki.md: `aki.svg` is an SVG file, which can carry scripts",
        "export the photo as JPEG or PNG",
    ]);
}

/// `open_to` of `slug` in the build's search data, sorted.
fn open_to(out: &Outcome, slug: &str) -> Vec<String> {
    let mut values = out
        .search("")
        .values_of(&format!("/members/{slug}/"), "open_to");
    values.sort();
    values
}

#[test]
fn rehire_interest_only_in_the_members_build() {
    let public = build("public");
    assert_eq!(open_to(&public, "aki"), ["mentoring"]);
    let profile = text_of(main_of(&public.file("members/aki/index.html")));
    assert!(profile.contains("Mentoring"), "{profile}");
    assert!(!profile.contains("Rejoining"), "{profile}");

    let members = build("members");
    assert_eq!(open_to(&members, "aki"), ["mentoring", "rehire"]);
    let profile = text_of(main_of(&members.file("members/aki/index.html")));
    assert!(
        profile.contains("Rejoining") && profile.contains("Mentoring"),
        "{profile}"
    );
}

#[test]
fn robots_invite_crawlers_only_to_the_public_build() {
    let public = build("public").file("robots.txt");
    assert!(
        public.contains("Sitemap: https://alumni.test.example/sitemap.xml"),
        "{public}"
    );
    assert!(!public.contains("Disallow: /\n"), "{public}");
    let members = build("members").file("robots.txt");
    assert!(
        members.lines().any(|l| l.trim() == "Disallow: /"),
        "{members}"
    );
    assert!(!members.contains("Sitemap:"), "{members}");
}

#[test]
fn stats_count_only_the_members_of_the_build() {
    // Aki and Ben are public (Ben came back in 2022); the members build adds
    // three more, each with a department of their own and back in 2023.
    // Hidden and withdrawn members, also back in 2023, count in neither.
    let public = build("public");
    let stats = text_of(main_of(&public.file("stats/index.html")));
    assert!(
        stats.contains("Members 2 Departments 1 Members who came back 1"),
        "{stats}"
    );
    assert!(
        !stats.contains("2018") && !stats.contains("2023"),
        "{stats}"
    );
    assert!(!public.exists("cohorts/2018"));
    let members = build("members");
    let stats = text_of(main_of(&members.file("stats/index.html")));
    assert!(
        stats.contains("Members 5 Departments 4 Members who came back 4"),
        "{stats}"
    );
}

//! What `serve` keeps between changes (cards, redactions, the search
//! data) serves what a fresh build makes: after random edits, every file
//! is served with a build's bytes.

use super::*;

/// One random edit to the member file `rel` of `site`: a new body (plain,
/// or with an `@/` link to one of the members `all`), another department,
/// visibility or skills.
fn random_member_edit(site: &SiteTest, rel: &str, all: &[&str], step: usize, rng: &mut StdRng) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let (front, _) = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .expect("front matter");
    let mut lines: Vec<String> = front.lines().map(String::from).collect();
    let mut body = format!("Bio {step} of {rel}, *edited*.\n");
    let set = |lines: &mut Vec<String>, key: &str, value: &str| {
        let line = format!("{key}: {value}");
        match lines.iter_mut().find(|l| l.starts_with(&format!("{key}:"))) {
            Some(l) => *l = line,
            None => lines.push(line),
        }
    };
    match rng.random_range(0..8) {
        // Bodies alone, most often (as when writing a profile).
        0..=3 => {}
        4 => {
            let to = all[rng.random_range(0..all.len())].trim_start_matches("content/");
            body = format!("Step {step}: see [them](@/{to}).\n");
        }
        5 => set(
            &mut lines,
            "department",
            ["Sales", "Design", "Research"][rng.random_range(0..3)],
        ),
        6 => set(
            &mut lines,
            "visibility",
            ["public", "hidden", "members"][rng.random_range(0..3)],
        ),
        _ => set(
            &mut lines,
            "skills",
            ["[Rust]", "[Figma, Rust]", "[]"][rng.random_range(0..3)],
        ),
    }
    std::fs::write(&path, format!("---\n{}\n---\n{body}", lines.join("\n"))).unwrap();
}

/// Every file of a fresh build is served with the same bytes, and every
/// file an earlier build had but this one has not is gone.
#[track_caller]
fn serves_what_a_build_makes(
    (site, audience): (&SiteTest, &str),
    server: &Served,
    seen: &mut BTreeSet<String>,
    step: usize,
) {
    let output = format!("../built-{audience}");
    let built = site.build(&["--audience", audience, "--output", &output]);
    built.assert_success();
    let tree = built.tree();
    // Output paths may hold any character: ask for them percent-encoded.
    let url = |path: &str| -> String {
        let mut url = String::from("/");
        for b in path.bytes() {
            if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                url.push(b as char);
            } else {
                url.push_str(&format!("%{b:02X}"));
            }
        }
        url
    };
    for (path, bytes) in &tree {
        let reply = server.get(&url(path));
        assert_eq!(reply.status, 200, "step {step}: /{path}");
        let body = if reply.header("transfer-encoding") == Some("chunked") {
            unchunked(&reply.body)
        } else {
            reply.body.clone()
        };
        let body = if path.ends_with(".html") {
            without_script(&body)
        } else {
            body
        };
        assert!(
            &body == bytes,
            "step {step}: /{path} differs from a fresh build:\n--- served\n{}\n--- built\n{}",
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(bytes)
        );
    }
    for path in seen.iter().filter(|p| !tree.contains_key(*p)) {
        assert_eq!(server.get(&url(path)).status, 404, "step {step}: /{path}");
    }
    seen.extend(tree.into_keys());
}

/// `serve` keeps each member's card while the member and what the card
/// reads are the same, and each member's front matter as the gate redacted
/// it while what the redaction reads is the same: a term whose URL moves
/// (another term now slugifies alike) makes the cards linking to it again,
/// and a change of whether rehire interest is public redacts every member
/// again, though none of their files changed.
#[test]
fn kept_cards_and_redactions_follow_what_they_read() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let mut seen = BTreeSet::new();
    replace_in(
        &site,
        "content/members/ken.md",
        "left: 2018",
        "left: 2018\nopen_to: [rehire, mentoring]",
    );
    events.rebuilt();
    serves_what_a_build_makes((&site, "public"), &server, &mut seen, 1);
    let rejoining = |page: String| page.contains("Rejoining");
    assert!(!rejoining(server.page("/members/ken/")));

    // `SALES` takes the slug `sales` from `Sales`, which becomes `sales-2`:
    // Ken's and Taro's cards link to the new URL.
    replace_in(
        &site,
        "content/members/hana.md",
        "department: Design",
        "department: SALES",
    );
    events.rebuilt();
    serves_what_a_build_makes((&site, "public"), &server, &mut seen, 2);
    assert!(server.page("/members/").contains("/departments/sales-2/"));

    // Rehire interest made public, then private again: Ken's file is the same.
    let privacy = "privacy:\n  min_group_size: 1";
    replace_in(
        &site,
        "site.yaml",
        privacy,
        &format!("{privacy}\n  public_rehire_interest: true"),
    );
    events.rebuilt();
    serves_what_a_build_makes((&site, "public"), &server, &mut seen, 3);
    assert!(rejoining(server.page("/members/ken/")));
    replace_in(
        &site,
        "site.yaml",
        "public_rehire_interest: true",
        "public_rehire_interest: false",
    );
    events.rebuilt();
    serves_what_a_build_makes((&site, "public"), &server, &mut seen, 4);
    assert!(!rejoining(server.page("/members/ken/")));
}

/// Random sequences of edits (bodies alone, which `serve` gives the kept
/// plan, and front matter, visibility and `@/` links, which go through
/// the whole pipeline with its kept results) leave the server serving what
/// a fresh build for the same audience makes.
#[test]
fn random_edits_serve_what_a_fresh_build_makes() {
    for (fixture, files) in [
        (
            "serve/site",
            &[
                "content/members/taro.md",
                "content/members/hana.md",
                "content/members/ken.md",
            ][..],
        ),
        (
            "i18n/site",
            &[
                "content/members/aoki.md",
                "content/members/aoki.en.md",
                "content/members/watanabe.md",
                "content/members/secret.md",
            ][..],
        ),
    ] {
        for (seed, audience) in (0..3u64).zip(["public", "members", "public"]) {
            let site = SiteTest::fixture(fixture);
            let server = Served::start_for(&site, audience);
            let mut events = server.events();
            let mut rng = StdRng::seed_from_u64(seed);
            let mut seen = BTreeSet::new();
            serves_what_a_build_makes((&site, audience), &server, &mut seen, 0);
            for step in 1..=12 {
                let file = files[rng.random_range(0..files.len())];
                random_member_edit(&site, file, files, step, &mut rng);
                events.rebuilt();
                serves_what_a_build_makes((&site, audience), &server, &mut seen, step);
            }
        }
    }
}

/// The search data is made again in parts (each member's words, the
/// index of them, each file of cards) only where what a part is made of
/// changed: every edit that changes what a card shows or where it stands
/// leaves the served search data equal to a fresh build's.
#[test]
fn the_search_data_follows_every_edit_to_a_card() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let mut seen = BTreeSet::new();
    let taro = "content/members/taro.md";
    let edits: [(&str, &str, &str); 5] = [
        // Shown on the card, not searched: the card file alone changes.
        (taro, "left: 2019", "left: 2019\nrole: Engineer"),
        // Searched: the index changes too.
        (taro, "skills: [Rust]", "skills: [Rust, Kotlin]"),
        (taro, "name: Taro Sato", "name: Taro Satou"),
        // Another place in the directory, then out of it.
        (
            "content/members/hana.md",
            "name: Hana Mori",
            "name: Aiko Mori",
        ),
        (
            "content/members/ken.md",
            "visibility: public",
            "visibility: hidden",
        ),
    ];
    for (step, (rel, from, to)) in edits.into_iter().enumerate() {
        replace_in(&site, rel, from, to);
        events.rebuilt();
        serves_what_a_build_makes((&site, "public"), &server, &mut seen, step + 1);
    }
    assert!(
        seen.iter()
            .any(|p| p.starts_with("search/t/") || p.starts_with("search/r/")),
        "{seen:?}"
    );
}

/// The search data is made when a file of it is first asked for, from
/// what the last search data made was made of: edits that no one asked
/// for it in between leave it as a fresh build makes it.
#[test]
fn the_search_data_first_asked_for_after_edits_is_a_fresh_builds() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let mut seen = BTreeSet::new();
    serves_what_a_build_makes((&site, "public"), &server, &mut seen, 0);
    let taro = "content/members/taro.md";
    let edits: [(&str, &str, &str); 4] = [
        (taro, "skills: [Rust]", "skills: [Rust, Kotlin]"),
        (
            "content/members/hana.md",
            "name: Hana Mori",
            "name: Aiko Mori",
        ),
        (taro, "left: 2019", "left: 2019\nrole: Engineer"),
        (
            "content/members/ken.md",
            "visibility: public",
            "visibility: hidden",
        ),
    ];
    for (step, (rel, from, to)) in edits.into_iter().enumerate() {
        replace_in(&site, rel, from, to);
        events.rebuilt();
        // A page, never the search data.
        assert!(server.page("/members/taro/").contains("Taro"));
        if step % 2 == 1 {
            serves_what_a_build_makes((&site, "public"), &server, &mut seen, step + 1);
        }
    }
}

/// Files of the site in the search data's folder are served as a build
/// has them (the search data's own files win), and a file where the
/// search data needs a folder fails the rebuild, as it fails a build,
/// though no file of the search data was asked for.
#[test]
fn files_in_the_search_folder_are_served_or_refused_as_a_build_does() {
    let site = SiteTest::fixture("serve/site");
    site.write("static/search/notes.txt", "notes\n");
    site.write("static/search/index.json", "{}\n");
    let server = Served::start(&site);
    let mut events = server.events();
    let mut seen = BTreeSet::new();
    serves_what_a_build_makes((&site, "public"), &server, &mut seen, 0);
    assert_eq!(server.page("/search/notes.txt"), "notes\n");
    assert!(server.page("/search/index.json").contains("\"count\""));
    site.remove("static/search");
    site.write("static/search", "a file\n");
    let build = site.build(&["--output", "../built-clash"]);
    build.assert_exit(1);
    build.assert_stderr_has(&["`/search` is needed as a folder"]);
    let errors = events.failed();
    assert!(
        errors.iter().any(
            |e| e["location"].as_str().unwrap().ends_with("static/search")
                && e["message"]
                    .as_str()
                    .unwrap()
                    .ends_with("is needed as a folder of the site")
        ),
        "{errors:?}"
    );
    assert!(server.page("/search/index.json").contains("\"count\""));
}

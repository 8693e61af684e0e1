use std::collections::HashSet;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::Withheld;

const DIRS: [&str; 3] = ["members", "stories", "events"];
const SLUGS: [&str; 8] = [
    "sato-hanako",
    "sato",
    "hanako",
    "kato-k",
    "lee",
    "jobs",
    "about",
    "anne-brown",
];

/// Random pages withheld, of the slugs above, under `base`.
fn pages_withheld(rng: &mut StdRng, base: &str) -> Withheld {
    let docs: HashSet<(String, String)> = (0..rng.random_range(0..5))
        .map(|_| {
            let dir = DIRS[rng.random_range(0..DIRS.len())];
            (
                dir.to_string(),
                SLUGS[rng.random_range(0..SLUGS.len())].to_string(),
            )
        })
        .collect();
    let pages: HashSet<String> = (0..rng.random_range(0..3))
        .map(|_| SLUGS[rng.random_range(0..SLUGS.len())].to_string())
        .collect();
    Withheld::new(docs, pages).under(base)
}

/// A URL as someone may write one into a page: relative, from the host's
/// root, full; in any case, percent-encoded, with backslashes, tabs,
/// `..`, an event's file, and letters that lower-case to ASCII (the
/// Kelvin sign is `k`).
fn url(rng: &mut StdRng) -> String {
    let pieces = [
        "members",
        "stories",
        "events",
        "alumni",
        "en",
        "..",
        ".",
        "",
        "sato-hanako",
        "SATO-Hanako",
        "sato",
        "hanako",
        "%73ato-hanako",
        "sato%2Dhanako",
        "\u{212a}ato-k",
        "kato-\u{212a}",
        "kato-k",
        "lee",
        "LEE.ics",
        "lee.ics",
        "jobs",
        "about",
        "abo\tut",
        "anne-brown",
        "anne-brown?x=1",
        "lee#top",
        "x",
        "sato-hanakox",
        "index.html",
    ];
    let start = [
        "",
        "/",
        "./",
        "../",
        "https://example.com/",
        "HTTP://example.com/",
        "//example.com/",
        "https://example.com\\",
        " /",
    ];
    let mut url = start[rng.random_range(0..start.len())].to_string();
    for n in 0..rng.random_range(0..5) {
        if n > 0 {
            url.push(if rng.random_bool(0.1) { '\\' } else { '/' });
        }
        url.push_str(pieces[rng.random_range(0..pieces.len())]);
    }
    if rng.random_bool(0.3) {
        url.push('/');
    }
    url
}

#[test]
fn a_few_pages_are_told_apart_as_the_full_reading_does() {
    let mut rng = StdRng::seed_from_u64(18);
    for _ in 0..400 {
        let base = ["", "/alumni"][rng.random_range(0..2)];
        let withheld = pages_withheld(&mut rng, base);
        for _ in 0..100 {
            let url = url(&mut rng);
            let full = !withheld.is_empty() && withheld.points_into(&url);
            assert_eq!(withheld.covers(&url), full, "{url:?} in {withheld:?}");
        }
    }
}

#[test]
fn a_url_not_covered_before_is_covered_now_only_by_a_page_added() {
    let mut rng = StdRng::seed_from_u64(7);
    let mut added_found = 0;
    for _ in 0..400 {
        let base = ["", "/alumni"][rng.random_range(0..2)];
        let before = pages_withheld(&mut rng, base);
        let now = pages_withheld(&mut rng, base);
        let Some(added) = now.added_since(&before) else {
            panic!("the same path: the pages added are known");
        };
        for _ in 0..100 {
            let url = url(&mut rng);
            if before.covers(&url) {
                continue;
            }
            assert_eq!(added.covers(&url), now.covers(&url), "{url:?}");
            added_found += usize::from(added.covers(&url));
        }
        let elsewhere = pages_withheld(&mut rng, "/other");
        assert!(elsewhere.added_since(&before).is_none());
    }
    assert!(
        added_found > 100,
        "too few URLs into pages added: {added_found}"
    );
}

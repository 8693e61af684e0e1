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

/// [`Withheld::covers`] read plainly: the URL copied, put in lower case,
/// its segments made one by one (what `points_into` does without copies).
fn points_into_plainly(w: &Withheld, url: &str) -> bool {
    let url: String = url
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    let lower = url.to_ascii_lowercase();
    let absolute =
        lower.starts_with("http://") || lower.starts_with("https://") || url.starts_with("//");
    let path = if absolute {
        let rest = url
            .trim_start_matches(|c: char| c != '/')
            .trim_start_matches('/');
        rest.find('/').map_or("", |i| &rest[i..])
    } else {
        &url
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut segments: Vec<String> = Vec::new();
    for s in decoded.split(['/', '\\']) {
        match s {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s.to_lowercase()),
        }
    }
    let doc = |pair: &[String]| {
        let slug = pair[1].strip_suffix(".ics").unwrap_or(&pair[1]);
        w.docs.contains(&(pair[0].clone(), slug.to_string()))
    };
    let relative = !absolute && !url.starts_with('/');
    let into = |segments: &[String]| {
        segments.windows(2).any(doc)
            || segments.iter().take(2).any(|s| w.pages.contains(s))
            || (relative && segments.iter().any(|s| w.slugs.contains(s)))
    };
    into(&segments)
        || (!relative
            && !w.base.is_empty()
            && segments.starts_with(&w.base)
            && into(&segments[w.base.len()..]))
}

#[test]
fn a_url_is_read_without_copies_as_it_is_read_plainly() {
    let mut rng = StdRng::seed_from_u64(11);
    let mut covered = 0;
    for _ in 0..400 {
        let base = ["", "/alumni", "/Alumni/en"][rng.random_range(0..3)];
        let withheld = pages_withheld(&mut rng, base);
        for _ in 0..100 {
            let mut url = url(&mut rng);
            if rng.random_bool(0.2) {
                url.push_str(["\u{e9}", "\u{c9}t\u{e9}", "\n", "\r", " "][rng.random_range(0..5)]);
            }
            let plainly = points_into_plainly(&withheld, &url);
            assert_eq!(
                withheld.points_into(&url),
                plainly,
                "{url:?} in {withheld:?}"
            );
            covered += usize::from(plainly);
        }
    }
    assert!(covered > 5_000, "only {covered} URLs point into a page");
}

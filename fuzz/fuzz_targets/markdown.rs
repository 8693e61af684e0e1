//! Markdown render + sanitise: never panics, finds `@/` links at char
//! boundaries of the source, and its HTML is inert (see `inert.rs`) whether
//! or not the body holds raw HTML.

#![no_main]

#[path = "inert.rs"]
mod inert;

use alumni::markdown::{Links, Target, internal_links, render};
use libfuzzer_sys::fuzz_target;

/// Resolves some keys to a page, hides some, and misses the rest.
struct Some3;

impl Links for Some3 {
    fn resolve(&self, key: &str) -> Target {
        match key.len() % 3 {
            0 => Target::Url("/members/yamada-taro/".into()),
            1 => Target::NotVisible,
            _ => Target::Missing,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let rendered = render(source, &Some3);
    for l in internal_links(source) {
        assert!(
            source.is_char_boundary(l.offset),
            "offset {} in {source:?}",
            l.offset
        );
    }
    inert::assert_inert(&rendered.html);
});

//! Front matter: splitting a content file and parsing its YAML into every
//! kind, and `site.yaml`. Any input must give a value or a diagnostic —
//! never a panic — and the diagnostic must render (caret under any text).

#![no_main]

use std::path::Path;

use alumni::content::front_matter::{parse, split};
use alumni::content::{Event, Job, Member, News, Page, Programme, Story};
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;

fn kind<T: DeserializeOwned>(source: &str, yaml: &str, offset: usize) {
    if let Err(d) = parse::<T>(Path::new("content/x.md"), source, yaml, offset) {
        let _ = d.to_string();
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(d) = alumni::config::parse(source) {
        let _ = d.to_string();
    }
    let Ok(s) = split(source) else {
        return;
    };
    assert!(s.body_line >= 2, "the body starts after the closing ---");
    kind::<Member>(source, s.yaml, s.yaml_line_offset);
    kind::<Story>(source, s.yaml, s.yaml_line_offset);
    kind::<Event>(source, s.yaml, s.yaml_line_offset);
    kind::<Job>(source, s.yaml, s.yaml_line_offset);
    kind::<News>(source, s.yaml, s.yaml_line_offset);
    kind::<Page>(source, s.yaml, s.yaml_line_offset);
    kind::<Programme>(source, s.yaml, s.yaml_line_offset);
});

//! Slugs and taxonomy terms: whatever an editor writes, a slug that is
//! accepted is one portable path segment, and its page path stays inside
//! the output folder.

#![no_main]

use alumni::content::Section;
use alumni::content::slug::{encode, from_user, slugify, term, windows_reserved};
use alumni::output::confined;
use libfuzzer_sys::fuzz_target;

fn assert_segment(s: &str, from: &str) {
    assert!(!s.is_empty(), "empty from {from:?}");
    assert!(
        !s.contains(['/', '\\', '\0', ':']) && s != "." && s != "..",
        "{s:?} from {from:?}"
    );
    assert!(!s.ends_with(['.', ' ']), "{s:?} from {from:?}");
    assert!(!windows_reserved(s), "{s:?} from {from:?}");
    assert!(!encode(s).contains('/'), "{s:?} from {from:?}");
    for section in Section::ALL {
        let path = section.output_path_of(s);
        assert!(confined(&path), "{path:?} from {from:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = from_user(text) {
        assert_segment(&s, text);
    }
    assert_segment(&term(text), text);
    let s = slugify(text);
    assert!(
        !s.contains(['/', '\\', '.', ' ', '\0']),
        "{s:?} from {text:?}"
    );
});

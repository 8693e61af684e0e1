//! The serve path resolver: whatever a browser (or an attacker) sends as a
//! request target, `route` either refuses it or names a plain relative path
//! that stays inside the build: no `..`, no absolute path, no backslash,
//! no NUL. (A double-encoded `%252e%252e` decodes once to the literal
//! segment `%2e%2e`, looked up as such among the build's files.)

#![no_main]

use alumni::output::confined;
use alumni::serve::route::{Route, route};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else {
        return;
    };
    if let Route::File(path) = route(url) {
        assert!(confined(&path), "{path:?} from {url:?}");
        assert!(!path.starts_with('/'), "{path:?} from {url:?}");
        assert!(
            path.split('/').all(|s| !s.is_empty() && s != "." && s != ".."),
            "{path:?} from {url:?}"
        );
        assert!(!path.contains(['\\', '\0']), "{path:?} from {url:?}");
    }
});

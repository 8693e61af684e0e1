//! Member photos and story covers: any bytes under any image name are
//! refused with a reason or accepted, never a panic; a cleaned cover still
//! decodes, at the same size, and carries no metadata but an orientation.

#![no_main]

use alumni::images::{self, Metadata};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = images::metadata_of(data);
    for extension in ["jpg", "png", "webp"] {
        let _ = images::photo_thumbnails(data, extension);
        let Ok(clean) = images::clean(data, extension) else {
            continue;
        };
        let before = image::load_from_memory(data).expect("clean decoded it");
        let after = image::load_from_memory(&clean).expect("a cleaned image decodes");
        assert_eq!(
            (before.width(), before.height()),
            (after.width(), after.height())
        );
        let left = images::metadata_of(&clean);
        assert!(left.iter().all(|m| *m == Metadata::Exif), "{left:?}");
    }
});

//! The site's source folders, and the rule that a build reads nothing from
//! outside the site.
//!
//! A symlink under a source folder (or a source folder that is itself a
//! symlink) whose target lies outside the site root is refused before
//! anything is read, so no file in the site can pull `/etc/passwd` or a
//! neighbouring private folder into a build. Files found by a path a member
//! wrote (photos, covers) are checked again where they are resolved.
//! Reads the filesystem, writes nothing.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path};

/// The folders of a site that a build reads, besides `site.yaml`.
pub const DIRS: [&str; 6] = ["content", "static", "themes", "templates", "data", "i18n"];

/// The largest text file a build reads: Markdown, `site.yaml`, `data/`
/// files. A profile is a few kilobytes; a file this large is a mistake
/// (an image pasted as base64, a log), and reading it would cost seconds
/// and memory many times its size.
pub const MAX_TEXT_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    TooLarge { size: u64, limit: u64 },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mb = |n: u64| n as f64 / (1024.0 * 1024.0);
        match self {
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "this file is {:.1} MB; at most {:.1} MB is read",
                mb(*size),
                mb(*limit)
            ),
        }
    }
}

/// Reads `path`, refusing a file over `limit` bytes before reading it (and
/// reading at most `limit + 1` bytes, should it grow meanwhile).
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = File::open(path).map_err(ReadError::Io)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    let mut bytes = Vec::with_capacity(size.min(limit) as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        let size = size.max(bytes.len() as u64);
        return Err(ReadError::TooLarge { size, limit });
    }
    Ok(bytes)
}

/// A text file of the site (Markdown, `site.yaml`, `data/`), shown in
/// messages as `shown`: at most [`MAX_TEXT_BYTES`], UTF-8.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = read_limited(path, MAX_TEXT_BYTES).map_err(|e| {
        let d = Diagnostic::new(Location::file(shown), e.to_string());
        match e {
            ReadError::TooLarge { .. } => d.with_hint(
                "put images and other media in static/ and link to them; split long text into several pages",
            ),
            ReadError::Io(_) => d,
        }
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Diagnostic::new(Location::file(shown), "this file is not UTF-8 text")
            .with_hint("save it as UTF-8 in your editor")
    })
}

/// Refuses every symlink under the source folders of `root` that leads
/// outside it. A dangling link is left to whoever reads it.
pub fn refuse_links_outside(root: &Path) -> Result<(), Diagnostics> {
    let Ok(real_root) = root.canonicalize() else {
        // A missing root is reported by the config loader.
        return Ok(());
    };
    let mut problems = Diagnostics::default();
    for dir in DIRS {
        for entry in WalkDir::new(root.join(dir)).into_iter().flatten() {
            if !entry.path_is_symlink() {
                continue;
            }
            if let Some(target) = leads_outside(&real_root, entry.path()) {
                problems.push(outside(root, entry.path(), &target));
            }
        }
    }
    problems.into_result()
}

/// Where `path` really is, when that is outside `real_root` (the
/// canonical site root); `None` when it is inside or does not exist.
pub fn leads_outside(real_root: &Path, path: &Path) -> Option<PathBuf> {
    let target = path.canonicalize().ok()?;
    (!target.starts_with(real_root)).then_some(target)
}

/// The error for `link`, which leads to `target` outside the site.
pub fn outside(root: &Path, link: &Path, target: &Path) -> Diagnostic {
    Diagnostic::new(
        Location::file(display_path(root, link)),
        format!(
            "this leads outside the site, to {}: a build reads only files inside the site folder",
            target.display()
        ),
    )
    .with_hint("copy the file into the site, or remove the symlink")
}

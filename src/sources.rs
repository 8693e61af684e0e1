//! The site's source folders, and the rule that a build reads nothing from
//! outside the site.
//!
//! A symlink under a source folder (or a source folder that is itself a
//! symlink) whose target lies outside the site root is refused before
//! anything is read, so no file in the site can pull `/etc/passwd` or a
//! neighbouring private folder into a build. Files found by a path a member
//! wrote (photos, covers) are checked again where they are resolved.
//! Reads the filesystem, writes nothing.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, display_path};

/// The folders of a site that a build reads, besides `site.yaml`.
pub const DIRS: [&str; 6] = ["content", "static", "themes", "templates", "data", "i18n"];

/// Refuses every symlink under the source folders of `root` that leads
/// outside it. A dangling link is left to whoever reads it.
pub fn check_links(root: &Path) -> Result<(), Diagnostics> {
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

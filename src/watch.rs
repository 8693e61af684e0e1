//! Watching a site's sources for `serve`: notify → debounce → [`classify`]
//! → [`Change`]. It says what changed; the caller decides what to rebuild.
//! Knows nothing of HTTP or of builds (mdBook's split: `serve` does not
//! know this module, nor this module `serve`).
//!
//! Watched: `site.yaml` (through a watch on the site folder itself) and the
//! source folders of [`sources::DIRS`] that exist; one created later (a new
//! `data/`) is watched from the next event on. Events are gathered until
//! the sources have been quiet for [`QUIET`], or for [`GRACE`] once the
//! save is seen to be over (at most [`MAX_WAIT`]: see [`settle`]), so that
//! an editor's save — write to a temporary file, rename it over the old
//! one, delete a backup — is one change. Editors' swap, lock and backup
//! files are ignored.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::diagnostics::{Diagnostic, Location};
use crate::sources;

mod settle;
pub use settle::{GRACE, QUIET};

/// The longest a change waits while events keep coming (a `git checkout`).
pub const MAX_WAIT: Duration = Duration::from_millis(500);

/// What changed in a site, by what it means for a build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// Files and folders under `content/` written, created, removed or renamed.
    pub content: BTreeSet<PathBuf>,
    /// Files under `static/` or a theme's `static/` folder.
    pub statics: BTreeSet<PathBuf>,
    /// `site.yaml`, templates, UI strings, data or a theme changed: load
    /// them again.
    pub reload: bool,
    /// Taken as soon as its save was seen to end ([`GRACE`]), not after
    /// the sources had been quiet for [`QUIET`]: it may be one step of
    /// several (git writes a stash back file by file), so a build that
    /// fails on it may be fixed by the next change.
    pub early: bool,
}

impl Change {
    /// A change that touches everything (the watcher lost events).
    pub fn everything(root: &Path) -> Self {
        Change {
            content: BTreeSet::from([root.join("content")]),
            statics: BTreeSet::from([root.join("static")]),
            reload: true,
            early: false,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.content.is_empty() && self.statics.is_empty() && !self.reload
    }

    /// Only stylesheets changed: an open page can swap them without reloading.
    pub fn styles_only(&self) -> bool {
        !self.reload
            && self.content.is_empty()
            && !self.statics.is_empty()
            && self
                .statics
                .iter()
                .all(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css")))
    }

    /// Adds `other` to this change.
    pub fn merge(&mut self, other: Change) {
        self.content.extend(other.content);
        self.statics.extend(other.statics);
        self.reload |= other.reload;
        // The later change tells whether the sources may be mid-way.
        self.early = other.early;
    }
}

/// What the changed `paths` mean for the site at `root` (both absolute, or
/// both relative to the same folder). Paths outside the sources (the
/// output folder, `.git/`, `target/`) and editors' files are left out.
pub fn classify(root: &Path, paths: &[PathBuf]) -> Change {
    let mut change = Change::default();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<String> = rel
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        if parts.iter().any(|p| is_editor_file(p)) {
            continue;
        }
        let in_theme_static = parts.len() > 2 && parts[2] == "static";
        match parts.first().map(String::as_str) {
            Some("site.yaml") if parts.len() == 1 => change.reload = true,
            Some("content") => {
                change.content.insert(path.clone());
            }
            Some("static") => {
                change.statics.insert(path.clone());
            }
            Some("themes") if in_theme_static => {
                change.statics.insert(path.clone());
            }
            Some("themes" | "templates" | "i18n" | "data") => change.reload = true,
            _ => {}
        }
    }
    change
}

/// Swap, lock, backup and temporary files of editors (vim `.a.md.swp`,
/// `a.md~` and its `4913` probe, emacs `.#a.md` and `#a.md#`, JetBrains
/// `a.md___jb_tmp___`, Kate `a.md.kate-swp`, Chrome's `a.md.crswap`), and
/// hidden files, which no build reads.
pub fn is_editor_file(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".kate-swp",
            ".crswap",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|end| name.ends_with(end))
}

/// Watches the site at `root` on a thread of its own and calls `on_change`
/// there with each debounced change, until `on_change` returns `false`.
pub fn spawn(
    root: PathBuf,
    mut on_change: impl FnMut(Change) -> bool + Send + 'static,
) -> Result<(), Diagnostic> {
    let (tx, rx) = mpsc::channel();
    let watcher = notify::recommended_watcher(tx).map_err(|e| cannot_watch(&root, &e))?;
    let mut sources = Sources {
        root,
        watcher,
        watched: HashSet::new(),
    };
    sources
        .watcher
        .watch(&sources.root, RecursiveMode::NonRecursive)
        .map_err(|e| cannot_watch(&sources.root, &e))?;
    sources.watch_new_dirs();
    std::thread::Builder::new()
        .name("alumni-watch".into())
        .spawn(move || {
            while let Some(change) = sources.next_change(&rx) {
                if !change.is_empty() && !on_change(change) {
                    break;
                }
            }
        })
        .map_err(|e| cannot_watch(Path::new("."), &e))?;
    Ok(())
}

fn cannot_watch(path: &Path, err: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::new(
        Location::file(path),
        format!("cannot watch for changes: {err}"),
    )
    .with_hint("on Linux, raise fs.inotify.max_user_watches, or build with `alumni build`")
}

/// The watcher and the source folders it watches.
struct Sources {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
    watched: HashSet<&'static str>,
}

type Events = mpsc::Receiver<notify::Result<Event>>;

impl Sources {
    /// Watches every source folder that exists and is not watched yet; one
    /// that was removed is watched again when it comes back.
    fn watch_new_dirs(&mut self) {
        for dir in sources::DIRS {
            let path = self.root.join(dir);
            if !path.is_dir() {
                self.watched.remove(dir);
            } else if !self.watched.contains(dir)
                && self.watcher.watch(&path, RecursiveMode::Recursive).is_ok()
            {
                self.watched.insert(dir);
            }
        }
    }

    /// Waits for events, gathers them until the sources are quiet, and
    /// says what they changed; `None` when the watcher is gone.
    fn next_change(&mut self, rx: &Events) -> Option<Change> {
        let mut paths = Vec::new();
        let mut rescan = false;
        let mut settling = settle::Settling::default();
        take(rx.recv().ok()?, &mut paths, &mut rescan, &mut settling);
        let deadline = Instant::now() + MAX_WAIT;
        let mut early = false;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let wait = settling.wait();
            match rx.recv_timeout(wait.min(left)) {
                Ok(event) => take(event, &mut paths, &mut rescan, &mut settling),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    early = wait < QUIET && !left.is_zero();
                    break;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return None,
            }
            if left.is_zero() {
                break;
            }
        }
        self.watch_new_dirs();
        if rescan {
            return Some(Change::everything(&self.root));
        }
        Some(Change {
            early,
            ..classify(&self.root, &paths)
        })
    }
}

/// Adds the paths of `event` that may have changed a file, and tells
/// `settling` of it.
fn take(
    event: notify::Result<Event>,
    paths: &mut Vec<PathBuf>,
    rescan: &mut bool,
    settling: &mut settle::Settling,
) {
    if let Ok(event) = &event {
        settling.take(event);
    }
    match event {
        Ok(event) if event.need_rescan() => *rescan = true,
        Ok(event) if writes(&event.kind) => paths.extend(event.paths),
        Ok(_) => {}
        // The watcher lost track (e.g. its event queue overflowed).
        Err(_) => *rescan = true,
    }
}

/// Whether an event may have changed what a file holds (reads do not).
fn writes(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(paths: &[&str]) -> Change {
        let root = Path::new("/site");
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        classify(root, &paths)
    }

    fn set(paths: &[&str]) -> BTreeSet<PathBuf> {
        paths.iter().map(|p| Path::new("/site").join(p)).collect()
    }

    #[test]
    fn content_files_and_folders_are_content_changes() {
        let c = change(&[
            "content/members/a.md",
            "content/members",
            "content/stories/new/b.md",
        ]);
        assert_eq!(
            c.content,
            set(&[
                "content/members",
                "content/members/a.md",
                "content/stories/new/b.md"
            ])
        );
        assert!(!c.reload && c.statics.is_empty());
    }

    #[test]
    fn config_theme_templates_strings_and_data_reload() {
        for path in [
            "site.yaml",
            "templates/member.html",
            "themes/mine/templates/base.html",
            "themes/mine",
            "i18n/ja.yaml",
            "data/offices.yaml",
            "data",
        ] {
            let c = change(&[path]);
            assert!(c.reload, "{path}");
            assert!(c.content.is_empty() && c.statics.is_empty(), "{path}");
        }
    }

    #[test]
    fn static_files_of_the_site_and_the_theme_are_static_changes() {
        let c = change(&["static/logo.svg", "themes/mine/static/style.css"]);
        assert_eq!(
            c.statics,
            set(&["static/logo.svg", "themes/mine/static/style.css"])
        );
        assert!(!c.reload && !c.styles_only());
        assert!(change(&["static/a.css", "themes/t/static/b.CSS"]).styles_only());
    }

    #[test]
    fn editor_files_and_other_folders_are_ignored() {
        let c = change(&[
            "content/members/.a.md.swp",
            "content/members/.a.md.swx",
            "content/members/a.md~",
            "content/members/4913",
            "content/members/.#a.md",
            "content/members/#a.md#",
            "content/members/a.md___jb_tmp___",
            "content/members/a.md.kate-swp",
            "content/members/a.md.crswap",
            "content/.obsidian/workspace.json",
            "static/.DS_Store",
            "public/index.html",
            "members-only/index.html",
            ".public.new-4242/index.html",
            "target/release/alumni",
            ".git/index",
            "README.md",
            "site.yaml~",
            "content", // the folder itself is a change…
        ]);
        // …and nothing else is.
        assert_eq!(c.content, set(&["content"]));
        assert!(c.statics.is_empty() && !c.reload);
        assert!(change(&["public/site.yaml", "other/content/a.md"]).is_empty());
    }

    #[test]
    fn paths_outside_the_site_are_ignored() {
        let root = Path::new("/site");
        let c = classify(root, &[PathBuf::from("/elsewhere/content/a.md")]);
        assert!(c.is_empty());
    }

    #[test]
    fn a_save_by_rename_keeps_only_the_real_file() {
        // vim: write 4913, delete it, rename a.md to a.md~, write a.md, delete a.md~.
        let c = change(&[
            "content/members/4913",
            "content/members/a.md~",
            "content/members/a.md",
            "content/members/a.md~",
        ]);
        assert_eq!(c.content, set(&["content/members/a.md"]));
    }

    #[test]
    fn changes_merge() {
        let mut a = change(&["content/members/a.md"]);
        a.merge(change(&["static/x.css"]));
        assert!(!a.styles_only());
        a.merge(change(&["site.yaml"]));
        assert!(a.reload);
        assert_eq!(a.content.len(), 1);
        // Whether the sources may be mid-way: as the later change says.
        let early = |paths: &[&str]| Change {
            early: true,
            ..change(paths)
        };
        a.merge(early(&["content/b.md"]));
        assert!(a.early);
        a.merge(change(&["content/c.md"]));
        assert!(!a.early);
        let mut b = early(&["content/b.md"]);
        b.merge(early(&["content/c.md"]));
        assert!(b.early);
    }
}

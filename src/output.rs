//! The only module that writes files.
//!
//! A build is written into a fresh temporary folder beside the output folder
//! and swapped in only when every file was written: a failed build leaves
//! the previous output untouched. Every path is checked to stay inside the
//! output folder, whatever a slug says.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::render::{Contents, OutputFile};

/// Refuses output folders that would destroy something when replaced: the
/// site root itself, a folder containing it, one inside its sources, a
/// file, or a folder of other files (not empty, and no `index.html`: not a
/// site that alumni built). Symlinks are resolved first, also in the part of
/// the path that exists when the folder itself does not yet.
pub fn check_target(root: &Path, output: &Path) -> Result<(), Diagnostics> {
    let root = absolute(root);
    let out = absolute(output);
    let inside_sources = crate::sources::DIRS
        .iter()
        .any(|d| out.starts_with(root.join(d)));
    let refuse = |message: &str, hint: &str| {
        Err(Diagnostics(vec![
            Diagnostic::new(Location::file(output), message).with_hint(hint),
        ]))
    };
    if root.starts_with(&out) || inside_sources {
        return refuse(
            "refusing to write the site here: replacing this folder would delete the site's own files",
            "choose an output folder of its own, e.g. --output public",
        );
    }
    match fs::metadata(&out) {
        Ok(m) if !m.is_dir() => refuse(
            "refusing to write the site here: this is a file, and building would delete it",
            "choose a folder, e.g. --output public",
        ),
        Ok(_) if !out.join("index.html").exists() && !is_empty_dir(&out) => refuse(
            "refusing to write the site here: this folder holds other files (it has no index.html, so it is not a site alumni built), and building would delete them",
            "choose a new or empty folder, or remove this one yourself",
        ),
        _ => Ok(()),
    }
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// An absolute, normalised path with symlinks resolved in its longest
/// existing part (the folder itself may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let parts: Vec<Component> = joined.components().collect();
    let (real, rest) = (0..=parts.len())
        .rev()
        .find_map(|k| {
            let prefix: PathBuf = parts[..k].iter().collect();
            prefix.canonicalize().ok().map(|real| (real, &parts[k..]))
        })
        .unwrap_or_else(|| (PathBuf::new(), &parts[..]));
    let mut out = real;
    for c in rest {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Checks that `path` is a plain relative path that stays inside its folder.
pub fn confined(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && !path.contains('\0')
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// Writes `files` as the new contents of `output`, atomically.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<(), Diagnostics> {
    let staging = Staging::new(output)?;
    for file in files {
        staging.write(file)?;
    }
    staging.finish()
}

/// A new output folder being written: files go into a staging folder
/// beside `output`, which [`Staging::finish`] swaps in. Dropped unfinished
/// (a failed build), the staging folder is removed and `output` is untouched.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// Folders made so far, so each is created once.
    made: Mutex<HashSet<PathBuf>>,
    finished: bool,
}

impl Staging {
    /// Makes a fresh, empty staging folder for `output`.
    pub fn new(output: &Path) -> Result<Staging, Diagnostics> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| cannot_write(&parent, e))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let pid = std::process::id();
        let dir = parent.join(format!(".{name}.new-{pid}"));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
        let made = Mutex::new(HashSet::from([dir.clone()]));
        Ok(Staging {
            output: output.to_path_buf(),
            old: parent.join(format!(".{name}.old-{pid}")),
            dir,
            made,
            finished: false,
        })
    }

    /// Writes one file (its path checked to stay inside the folder). Files
    /// may be written from several threads at once.
    pub fn write(&self, file: &OutputFile) -> Result<(), Diagnostics> {
        if !confined(&file.path) {
            return Err(Diagnostics(vec![Diagnostic::new(
                Location::file(&file.path),
                "refusing to write a file outside the output folder",
            )]));
        }
        let target = self.dir.join(&file.path);
        if let Some(parent) = target.parent() {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(parent) {
                fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
                made.insert(parent.to_path_buf());
            }
        }
        let result = match &file.contents {
            Contents::Bytes(b) => fs::write(&target, b),
            Contents::Embedded(b) => fs::write(&target, b),
            Contents::Copy(source) => fs::copy(source, &target).map(|_| ()),
        };
        result.map_err(|e| match &file.contents {
            Contents::Copy(source) => io_error(source, e),
            _ => io_error(&target, e),
        })
    }

    /// Swaps the written folder in as `output`; the previous one is removed.
    pub fn finish(mut self) -> Result<(), Diagnostics> {
        let swapped = swap(&self.dir, &self.output, &self.old);
        self.finished = swapped.is_ok();
        swapped.map_err(|e| cannot_write(&self.output, e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn cannot_write(path: &Path, e: io::Error) -> Diagnostics {
    Diagnostics(vec![Diagnostic::new(
        Location::file(path),
        format!("cannot write the site: {e}"),
    )])
}

fn io_error(path: &Path, e: io::Error) -> Diagnostics {
    Diagnostics(vec![Diagnostic::new(Location::file(path), e.to_string())])
}

/// Moves `new` to `target`, putting the previous `target` aside and removing it.
fn swap(new: &Path, target: &Path, old: &Path) -> io::Result<()> {
    let _ = fs::remove_dir_all(old);
    let had_old = match fs::symlink_metadata(target) {
        Ok(_) => {
            fs::rename(target, old)?;
            true
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    if let Err(e) = fs::rename(new, target) {
        if had_old {
            let _ = fs::rename(old, target);
        }
        return Err(e);
    }
    if had_old {
        let _ = fs::remove_dir_all(old).or_else(|_| fs::remove_file(old));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_written() {
        assert!(confined("members/山田-太郎/index.html"));
        assert!(!confined("../x"));
        assert!(!confined("/etc/passwd"));
        assert!(!confined("a//b"));
        assert!(!confined("a/./b"));
        assert!(!confined("a\\b"));
        assert!(!confined(""));
    }

    #[test]
    fn refuses_outputs_that_contain_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_target(&root, &root).is_err());
        assert!(check_target(&root, dir.path()).is_err());
        assert!(check_target(&root, &root.join("content/out")).is_err());
        assert!(check_target(&root, &root.join("public")).is_ok());
    }

    #[test]
    fn a_write_that_fails_midway_leaves_the_old_output_and_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let bytes = |p: &str, b: &str| OutputFile {
            path: p.into(),
            contents: Contents::Bytes(b.into()),
        };
        write_site(&out, &[bytes("index.html", "old")]).unwrap();
        let missing = OutputFile {
            path: "photo.jpg".into(),
            contents: Contents::Copy(dir.path().join("no-such-file.jpg")),
        };
        let err = write_site(&out, &[bytes("index.html", "new"), missing]).unwrap_err();
        assert!(err.to_string().contains("no-such-file.jpg"), "{err}");
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"], "no staging folder left behind");
    }

    #[test]
    fn swaps_in_new_output_and_removes_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let file = |p: &str, b: &str| OutputFile {
            path: p.into(),
            contents: Contents::Bytes(b.into()),
        };
        write_site(&out, &[file("a/index.html", "one"), file("stale.txt", "x")]).unwrap();
        write_site(&out, &[file("a/index.html", "two")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
        assert!(!out.join("stale.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }
}

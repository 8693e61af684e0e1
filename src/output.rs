//! The only module that writes files.
//!
//! A build is written into a fresh temporary folder beside the output folder
//! and swapped in only when every file was written: a failed build leaves
//! the previous output untouched. Every path is checked to stay inside the
//! output folder, whatever a slug says. Every build carries a marker file
//! ([`MARKER`]) naming its audience: a folder is replaced only when it holds
//! one for the same audience (or is empty), so a build never deletes files
//! it did not make.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::content::Audience;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::manifest::{self, Manifest};
use crate::render::{Contents, OutputFile};

/// The file every build writes at the top of its output folder: it says
/// that `alumni build` made the folder, and for which audience. Harmless to
/// deploy (a few words, no personal data).
pub const MARKER: &str = ".alumni-build";

/// The output folder when none is given: the public and the members build
/// never share one, so deploying `public/` can never publish the members
/// build.
pub fn default_folder(audience: Audience) -> &'static str {
    match audience {
        Audience::Public => "public",
        Audience::Members => "members-only",
    }
}

/// The text of the marker of a build for `audience`.
fn marker_text(audience: Audience) -> String {
    format!(
        "# Made by `alumni build`. alumni replaces this folder only while this file is here.\naudience: {}\nversion: {}\n",
        audience.as_str(),
        env!("CARGO_PKG_VERSION")
    )
}

/// The top-level entries a marker says its build made (`None`: it does not
/// say).
fn marker_entries(text: &str) -> Option<HashSet<&str>> {
    let entries: HashSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("entry: "))
        .collect();
    (!entries.is_empty() || text.lines().any(|l| l == "entries:")).then_some(entries)
}

/// The audience a marker names (`None`: not a marker alumni wrote).
fn marker_audience(text: &str) -> Option<Audience> {
    text.lines()
        .find_map(|l| l.strip_prefix("audience:"))
        .and_then(|a| match a.trim() {
            "public" => Some(Audience::Public),
            "members" => Some(Audience::Members),
            _ => None,
        })
}

/// Refuses output folders that would destroy something when replaced: the
/// site root itself, a folder containing it, one inside its sources, a
/// file, a folder that an earlier build did not make (no [`MARKER`]: its
/// files are someone's), and the other audience's build. Only an empty
/// folder or an earlier build for `audience` is replaced. Symlinks are
/// resolved first, also in the part of the path that exists when the folder
/// itself does not yet.
pub fn check_target(root: &Path, output: &Path, audience: Audience) -> Result<(), Diagnostics> {
    let root = absolute(root);
    let out = absolute(output);
    let inside_sources = crate::sources::DIRS
        .iter()
        .any(|d| out.starts_with(root.join(d)));
    let refuse = |message: String, hint: String| {
        Err(Diagnostics::from(
            Diagnostic::new(Location::file(output), message).with_hint(hint),
        ))
    };
    let fresh = format!(
        "choose a new or empty folder, e.g. --output {}",
        default_folder(audience)
    );
    if root.starts_with(&out) || inside_sources {
        return refuse(
            "refusing to write the site here: replacing this folder would delete the site's own files".into(),
            format!(
                "choose an output folder of its own, e.g. --output {}",
                default_folder(audience)
            ),
        );
    }
    let meta = match fs::metadata(&out) {
        Ok(meta) => meta,
        Err(_) => return Ok(()),
    };
    if !meta.is_dir() {
        return refuse(
            "refusing to write the site here: this is a file, and building would delete it".into(),
            fresh,
        );
    }
    if is_empty_dir(&out) {
        return Ok(());
    }
    let marker = out.join(MARKER);
    if !marker.is_file() {
        return refuse(
            format!(
                "refusing to write the site here: this folder holds files that `alumni build` did not make ({}), and building would delete them",
                some_entries(&out)
            ),
            format!(
                "alumni replaces only an empty folder or one it built (it holds a {MARKER} file): {fresh}, or move these files away. A site built by an older alumni has no {MARKER}: delete it once and build again"
            ),
        );
    }
    let text = fs::read_to_string(&marker).unwrap_or_default();
    if let Some(made) = marker_entries(&text) {
        let others: Vec<String> = fs::read_dir(&out)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != MARKER && !made.contains(n.as_str()))
            .collect();
        if !others.is_empty() {
            let mut others = others;
            others.sort();
            return refuse(
                format!(
                    "refusing to write the site here: this folder holds files that the last `alumni build` into it did not make ({}), and building would delete them",
                    others.join(", ")
                ),
                format!("move these files away, or {fresh}"),
            );
        }
    }
    match marker_audience(&text) {
        Some(theirs) if theirs == audience => Ok(()),
        Some(theirs) => refuse(
            format!(
                "refusing to write the {} build here: this folder holds the {} build, and building would replace it",
                audience.as_str(),
                theirs.as_str()
            ),
            format!(
                "the {} build goes into {}/ unless told otherwise; choose another folder, or delete this one yourself if you mean to replace it",
                audience.as_str(),
                default_folder(audience)
            ),
        ),
        None => refuse(
            format!(
                "refusing to write the site here: its {MARKER} file does not say which build this folder holds"
            ),
            format!("{fresh}, or delete this folder yourself if you mean to replace it"),
        ),
    }
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// A few of the names in `dir`, sorted: `.git, report.xlsx and 3 more`.
fn some_entries(dir: &Path) -> String {
    const SHOWN: usize = 5;
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if e.file_type().is_ok_and(|t| t.is_dir()) {
                        format!("{name}/")
                    } else {
                        name
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let more = names.len().saturating_sub(SHOWN);
    names.truncate(SHOWN);
    let mut list = names.join(", ");
    if more > 0 {
        list.push_str(&format!(" and {more} more"));
    }
    list
}

/// An absolute, normalised path with symlinks resolved in its longest
/// existing part (the folder itself may not exist yet).
pub fn absolute(path: &Path) -> PathBuf {
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
pub fn write_site(
    output: &Path,
    audience: Audience,
    files: &[OutputFile],
) -> Result<(), Diagnostics> {
    let staging = Staging::new(output, audience)?;
    for file in files {
        staging.write(file)?;
    }
    staging.finish("").map(|_| ())
}

/// A new output folder being written: files go into a staging folder
/// (`.NAME.new-PID`) beside `output`, which [`Staging::finish`] swaps in,
/// putting the previous output aside (`.NAME.old-PID`) and removing it.
/// Dropped unfinished (a failed build), the staging folder is removed and
/// `output` is untouched.
///
/// While it lives, the build holds an OS lock on `.NAME.lock-PID` beside
/// them: the kernel releases it when the process ends however it ends, so a
/// later build knows which leftovers of a killed build it may remove
/// ([`remove_stale`]) and never touches those of a build still running.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// Folders made so far, so each is created once (hashed with a
    /// random key as SipHash is, but faster: one look-up per file).
    made: Mutex<HashSet<PathBuf, ahash::RandomState>>,
    /// The lock file, locked, and its path.
    lock: Option<(File, PathBuf)>,
    finished: bool,
    /// What the manifest lists: each file written, with its hash.
    manifest: Mutex<Manifest>,
}

impl Staging {
    /// Removes what killed builds left beside `output`, then makes a
    /// fresh staging folder holding the marker of a build for `audience`.
    pub fn new(output: &Path, audience: Audience) -> Result<Staging, Diagnostics> {
        // An output folder that is a symlink (`public -> /var/www/alumni`)
        // is replaced where it leads: replacing the link itself would leave
        // the served folder, and a withdrawn member's pages, as they were.
        let real;
        let output = match fs::symlink_metadata(output) {
            Ok(m) if m.file_type().is_symlink() => {
                real = fs::canonicalize(output).map_err(|e| io_error(output, e))?;
                real.as_path()
            }
            _ => output,
        };
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| cannot_write(&parent, e))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| default_folder(audience).into());
        remove_stale(&parent, &name);
        let pid = std::process::id();
        let lock = lock_file(&parent.join(format!(".{name}.lock-{pid}")));
        let dir = parent.join(format!(".{name}.new-{pid}"));
        let _ = fs::remove_dir_all(&dir);
        let staging = Staging {
            output: output.to_path_buf(),
            old: parent.join(format!(".{name}.old-{pid}")),
            made: Mutex::new([dir.clone()].into_iter().collect()),
            dir,
            lock,
            finished: false,
            manifest: Mutex::new(Manifest::new("", audience)),
        };
        fs::create_dir_all(&staging.dir).map_err(|e| io_error(&staging.dir, e))?;
        let marker = staging.dir.join(MARKER);
        fs::write(&marker, marker_text(audience)).map_err(|e| io_error(&marker, e))?;
        Ok(staging)
    }

    /// Writes one file (its path checked to stay inside the folder). Files
    /// may be written from several threads at once.
    pub fn write(&self, file: &OutputFile) -> Result<(), Diagnostics> {
        if !confined(&file.path) {
            return Err(Diagnostics::from(Diagnostic::new(
                Location::file(&file.path),
                "refusing to write a file outside the output folder",
            )));
        }
        if file.path == MARKER || file.path == manifest::FILE {
            let what = if file.path == MARKER {
                "the file that marks a folder alumni built"
            } else {
                "the list of the files a build published"
            };
            // A site's file: name it where it is (`static/…`).
            let at = match &file.contents {
                Contents::Copy(source) => source.display().to_string(),
                _ => file.path.clone(),
            };
            return Err(Diagnostics::from(
                Diagnostic::new(
                    Location::file(at),
                    format!("`{}` is the name of {what}", file.path),
                )
                .with_hint("give this file another name"),
            ));
        }
        let target = self.dir.join(&file.path);
        if let Some(parent) = target.parent() {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            // Marked first, made then: a folder that cannot be made fails
            // the build, which then has no use for the mark.
            if made.insert(parent.to_path_buf()) {
                fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
            }
        }
        let result = match &file.contents {
            Contents::Bytes(b) => fs::write(&target, b).map(|()| manifest::hash(b)),
            Contents::Embedded(b) => fs::write(&target, b).map(|()| manifest::hash(b)),
            Contents::Copy(source) => copy_hashed(source, &target),
        };
        let sum = result.map_err(|e| match &file.contents {
            Contents::Copy(source) => io_error(source, e),
            _ => io_error(&target, e),
        })?;
        let mut m = self.manifest.lock().unwrap_or_else(|e| e.into_inner());
        m.files.insert(file.path.clone(), sum);
        Ok(())
    }

    /// Swaps the written folder in as `output`; the previous one is removed.
    /// The manifest of the build on `base_url` is written first
    /// ([`manifest::FILE`]), and the marker lists what the build made at the
    /// top of the folder, so that a later build refuses to replace files
    /// added to it since (a `.git` copied in with the site). Returns the
    /// manifest.
    pub fn finish(self, base_url: &str) -> Result<Manifest, Diagnostics> {
        self.finish_then(base_url, &|_| Ok(()))
    }

    /// [`Staging::finish`], calling `before_swap` with the manifest once
    /// every file is written and before the swap: if it fails, the previous
    /// output stays as it was.
    pub fn finish_then(
        mut self,
        base_url: &str,
        before_swap: &dyn Fn(&Manifest) -> Result<(), Diagnostics>,
    ) -> Result<Manifest, Diagnostics> {
        let mut m = std::mem::replace(
            self.manifest.get_mut().unwrap_or_else(|e| e.into_inner()),
            Manifest::new("", Audience::Public),
        );
        m.base_url = base_url.trim_end_matches('/').to_string();
        let listed = self.dir.join(manifest::FILE);
        fs::write(&listed, m.to_json()).map_err(|e| io_error(&listed, e))?;
        let marker = self.dir.join(MARKER);
        let mut text = fs::read_to_string(&marker).map_err(|e| io_error(&marker, e))?;
        let mut entries: Vec<String> = fs::read_dir(&self.dir)
            .map_err(|e| io_error(&self.dir, e))?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != MARKER)
            .collect();
        entries.sort();
        text.push_str("entries:\n");
        for e in &entries {
            text.push_str("entry: ");
            text.push_str(e);
            text.push('\n');
        }
        fs::write(&marker, text).map_err(|e| io_error(&marker, e))?;
        before_swap(&m)?;
        let swapped = swap(&self.dir, &self.output, &self.old);
        self.finished = swapped.is_ok();
        swapped.map_err(|e| cannot_write(&self.output, e))?;
        Ok(m)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.dir);
        }
        // Last: until the folders are gone, the lock says they are in use.
        if let Some((file, path)) = self.lock.take() {
            let _ = fs::remove_file(&path);
            drop(file);
        }
    }
}

/// Makes `path`, locked. Made under another name and renamed when locked,
/// so no other build can see it unlocked; `None` where the file system has
/// no locks (then no other build removes this one's folders either).
fn lock_file(path: &Path) -> Option<(File, PathBuf)> {
    let mut making = path.as_os_str().to_owned();
    making.push(".tmp");
    let making = PathBuf::from(making);
    let mut file = File::create(&making).ok()?;
    let locked = file.try_lock().is_ok()
        && writeln!(file, "alumni build {}", std::process::id()).is_ok()
        && file.flush().is_ok()
        && fs::rename(&making, path).is_ok();
    if !locked {
        let _ = fs::remove_file(&making);
        return None;
    }
    Some((file, path.to_path_buf()))
}

/// Removes the staging folders (`.NAME.new-PID`) and put-aside outputs
/// (`.NAME.old-PID`) that builds killed midway left beside the output
/// folder `NAME` in `parent`, with their lock files: those whose lock file
/// can be locked (its build is gone) or is missing (a build makes its lock
/// file first and removes it last). A folder without a lock file (made by
/// an older alumni) is removed on Linux only when its process is gone.
/// Never the folders of a build still running.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut pids: Vec<u32> = entries
        .filter_map(Result::ok)
        .filter_map(|e| leftover_pid(&e.file_name().to_string_lossy(), name))
        .collect();
    pids.sort_unstable();
    pids.dedup();
    for pid in pids {
        let lock_path = parent.join(format!(".{name}.lock-{pid}"));
        let lock = match File::open(&lock_path) {
            Ok(file) if file.try_lock().is_ok() => Some(file),
            Ok(_) => continue,
            Err(e) if e.kind() == io::ErrorKind::NotFound && process_gone(pid) => None,
            Err(_) => continue,
        };
        for kind in ["new", "old"] {
            let dir = parent.join(format!(".{name}.{kind}-{pid}"));
            if fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
                let _ = fs::remove_dir_all(&dir);
            }
        }
        if lock.is_some() {
            let _ = fs::remove_file(&lock_path);
        }
    }
}

/// The PID in the name of a leftover of a build of `name`:
/// `.public.new-4242`, `.public.old-4242`, `.public.lock-4242`.
fn leftover_pid(entry: &str, name: &str) -> Option<u32> {
    let rest = entry.strip_prefix('.')?.strip_prefix(name)?;
    let pid = ["new", "old", "lock"].iter().find_map(|kind| {
        rest.strip_prefix('.')?
            .strip_prefix(kind)?
            .strip_prefix('-')
    })?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether no process `pid` runs (known on Linux only, by `/proc`).
fn process_gone(pid: u32) -> bool {
    cfg!(target_os = "linux")
        && Path::new("/proc/self").exists()
        && !Path::new(&format!("/proc/{pid}")).exists()
}

/// Copies `source` to `target`, returning the hash of what it copied.
fn copy_hashed(source: &Path, target: &Path) -> io::Result<String> {
    let mut from = File::open(source)?;
    let mut to = File::create(target)?;
    let mut hasher = manifest::Hasher::default();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = io::Read::read(&mut from, &mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        to.write_all(&buf[..n])?;
    }
    Ok(hasher.finish())
}

fn cannot_write(path: &Path, e: io::Error) -> Diagnostics {
    Diagnostics::from(Diagnostic::new(
        Location::file(path),
        format!("cannot write the site: {e}"),
    ))
}

fn io_error(path: &Path, e: io::Error) -> Diagnostics {
    Diagnostics::from(Diagnostic::new(Location::file(path), e.to_string()))
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
        let _ = remove_tree(old).or_else(|_| fs::remove_file(old));
    }
    Ok(())
}

/// Removes the folder `dir` and everything in it, the folders one level
/// down on all threads: an output has a folder per page (`members/` alone
/// one per member), and removing the last build's takes a noticeable part
/// of a build on one thread. Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries = |dir: &Path| -> io::Result<Vec<(PathBuf, bool)>> {
        fs::read_dir(dir)?
            .map(|e| e.and_then(|e| Ok((e.path(), e.file_type()?.is_dir()))))
            .collect()
    };
    let remove = |(path, is_dir): &(PathBuf, bool)| {
        if *is_dir {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        }
    };
    entries(dir)?.par_iter().try_for_each(|top| {
        if top.1 {
            entries(&top.0)?
                .par_iter()
                .with_max_len(64)
                .try_for_each(remove)?;
        }
        remove(top)
    })?;
    fs::remove_dir(dir)
}

#[cfg(test)]
mod tests;

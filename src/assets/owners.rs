//! Whose photo a file is, checked before the privacy gate over every
//! member, visible or not: no photo outside `content/members/`, one image
//! for one member.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::is_relative_inside;
use crate::content::{Doc, Member, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// Checks every member's photo, visible or not, before the privacy gate
/// (which drops hidden members, so [`resolve`](super::resolve) never sees them):
///
/// - a name that is not a plain relative path (absolute, with `..` or a
///   backslash, empty) is an error: such a name could reach a file under
///   `static/` or anywhere else in the site;
/// - a photo under `static/` would be published for everyone, under its
///   own name and with its metadata, whatever `visibility`, `show_photo`
///   or `withdrawn` say: a member photo lives in `content/members/`;
/// - one image, one member: a file named by two members (symlinks
///   resolved) would show one member's face on the other's profile. The
///   versions of one member (its translations) share theirs. The file
///   belongs to the member whose file name matches the image's (whether
///   or not that member names it), and every other member naming it is
///   told so; named after no member, it belongs to none of them, and every
///   member naming it is told to use a photo of their own (telling one of
///   them to remove the field would leave the image to the other, who may
///   not be its member).
///
/// So every member photo that exists lies under `content/members/`,
/// symlinks resolved (which is why [`resolve`](super::resolve) refuses a cover there).
/// Missing files are left to [`resolve`](super::resolve) and `check`.
pub fn check_photo_owners(root: &Path, site: &Site) -> Result<(), Diagnostics> {
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let real_members = real_root.join("content").join("members");
    let places: Vec<(&Doc<Member>, &str, Place)> = site
        .members
        .par_iter()
        .with_max_len(256)
        .filter_map(|m| Some((m, m.front.photo.as_deref()?)))
        .map(|(m, name)| {
            let place = if is_relative_inside(name) {
                place(root, &real_root, &real_members, m, name)
            } else {
                Place::NotAName
            };
            (m, name, place)
        })
        .collect();
    let mut problems = Diagnostics::default();
    // Canonical file → the members naming it (by group), in path order.
    let mut named: BTreeMap<PathBuf, BTreeMap<&str, &Doc<Member>>> = BTreeMap::new();
    for (m, name, place) in places {
        let here = |message: String| at_field(root, &m.path, "photo", message);
        let file = Path::new(name)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = m.path.parent().unwrap_or(Path::new(""));
        let move_hint = |from: &str| {
            format!(
                "move {from} to {} and write `photo: {file}`",
                dir.join(&file).display()
            )
        };
        match place {
            Place::Members(real) => {
                let docs = named.entry(real).or_default();
                let doc = docs.entry(m.group.as_ref()).or_insert(m);
                if doc.is_translation() && !m.is_translation() {
                    *doc = m;
                }
            }
            Place::NotAName => problems.push(
                here(format!("`{name}` must be a file name next to this file"))
                    .with_hint(NOT_A_NAME_HINT),
            ),
            Place::Static => problems.push(
                here(format!(
                    "photo `{name}` is under static/, whose files are published as they are, for everyone: a member photo lives next to the member file"
                ))
                .with_hint(move_hint(&format!("static/{name}"))),
            ),
            Place::Elsewhere(shown) => problems.push(
                here(format!(
                    "photo `{name}` leads to {}, outside content/members/: a member photo lives next to the member file",
                    shown.display()
                ))
                .with_hint(move_hint(&shown.display().to_string())),
            ),
            Place::Missing => {}
        }
    }
    let stem_of = |d: &Doc<Member>| {
        Path::new(&*d.group)
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
    };
    // Members by the stem of their file, to find whom an image is named
    // after (members naming no photo too): one version per member.
    let mut by_stem: HashMap<String, BTreeMap<&str, &Doc<Member>>> = HashMap::new();
    if !named.is_empty() {
        for m in &site.members {
            if let Some(stem) = stem_of(m) {
                let docs = by_stem.entry(stem).or_default();
                let doc = docs.entry(m.group.as_ref()).or_insert(m);
                if doc.is_translation() && !m.is_translation() {
                    *doc = m;
                }
            }
        }
    }
    for (real, namers) in &named {
        let image_stem = real.file_stem().map(|s| s.to_string_lossy().to_lowercase());
        let named_after: Vec<&Doc<Member>> = image_stem
            .as_ref()
            .and_then(|s| by_stem.get(s))
            .map(|docs| docs.values().copied().collect())
            .unwrap_or_default();
        // The member the image is named after, one naming it before others.
        let owner = named_after
            .iter()
            .find(|d| namers.contains_key(d.group.as_ref()))
            .or(named_after.first())
            .copied();
        if namers.len() < 2 && owner.is_none_or(|o| namers.contains_key(o.group.as_ref())) {
            continue;
        }
        let mut docs: Vec<&Doc<Member>> = namers.values().copied().collect();
        docs.sort_by(|a, b| a.path.cmp(&b.path));
        for d in docs
            .iter()
            .filter(|d| owner.is_none_or(|o| d.group != o.group))
        {
            let name = d.front.photo.as_deref().unwrap_or_default();
            let message = match owner {
                Some(o) => format!(
                    "photo `{name}` is the photo of {} (the image is named after that member's file): one image belongs to one member",
                    o.path.display()
                ),
                // Named after no one: no member owns it more than another,
                // so every one of them is told to use a photo of their own.
                None => {
                    let others: Vec<String> = docs
                        .iter()
                        .filter(|o| o.group != d.group)
                        .map(|o| o.path.display().to_string())
                        .collect();
                    format!(
                        "photo `{name}` is also the photo of {}: one image belongs to one member",
                        others.join(" and ")
                    )
                }
            };
            let own = |p: &str| {
                Path::new(p)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
            };
            let extension = Path::new(name)
                .extension()
                .map_or("jpg".into(), |e| e.to_string_lossy());
            let own = format!(
                "{}.{extension}",
                own(&d.group).unwrap_or_else(|| "photo".into())
            );
            problems.push(at_field(root, &d.path, "photo", message).with_hint(format!(
                "give this member a photo of their own, saved next to this file under their own name (photo: {own})"
            )));
        }
    }
    problems.sorted().into_result()
}

/// The hint for a photo or cover that is not a plain relative file name.
pub(super) const NOT_A_NAME_HINT: &str =
    "write e.g. `photo: yamada.jpg`, without `..` or a leading `/`";

/// A diagnostic on the document at `path` (relative to `root`), at the
/// value of its `key:` field when its front matter has one, else at the
/// file (read only to point there, when there is an error).
pub(super) fn at_field(root: &Path, path: &Path, key: &str, message: String) -> Diagnostic {
    let source = fs::read_to_string(root.join(path)).unwrap_or_default();
    let (line, col) = field_value(&source, key).unwrap_or((0, 0));
    Diagnostic::new(Location::at(path, line, col), message).with_source(&source)
}

/// 1-based line and column of the value of the top-level `key:` field in
/// the front matter of `source`.
pub(super) fn field_value(source: &str, key: &str) -> Option<(usize, usize)> {
    let mut lines = source.lines().enumerate();
    let (_, first) = lines.next()?;
    if first.trim_start_matches('\u{feff}').trim_end() != "---" {
        return None;
    }
    lines
        .take_while(|(_, l)| l.trim_end() != "---")
        .find_map(|(i, l)| {
            let rest = l.strip_prefix(key)?.trim_start();
            let value = rest.strip_prefix(':')?;
            let before = l.len() - value.trim_start().len();
            Some((i + 1, l[..before].chars().count() + 1))
        })
}

/// Where a member's photo is.
enum Place {
    /// Not a plain relative file name (absolute, with `..`, a backslash,
    /// empty): never looked up, an error for every member.
    NotAName,
    /// In `content/members/`: the real path.
    Members(PathBuf),
    /// Not next to the member file, but under `static/`.
    Static,
    /// Next to the member file, but a symlink to elsewhere in the site
    /// (shown relative to the root).
    Elsewhere(PathBuf),
    /// Nowhere, or outside the site (both reported where it is published).
    Missing,
}

fn place(root: &Path, real_root: &Path, real_members: &Path, m: &Doc<Member>, name: &str) -> Place {
    let next_to = root.join(&m.path).with_file_name(name);
    if next_to.is_file() {
        let Ok(real) = next_to.canonicalize() else {
            return Place::Missing;
        };
        return if real.starts_with(real_members) {
            Place::Members(real)
        } else if let Ok(inside) = real.strip_prefix(real_root) {
            Place::Elsewhere(inside.to_path_buf())
        } else {
            Place::Missing
        };
    }
    if root.join("static").join(name).is_file() {
        return Place::Static;
    }
    Place::Missing
}

//! Which files under `content/` are content, and what each one is: its
//! section, key, language and the version it translates. No parsing.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{Languages, rel};
use crate::content::Section;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// A content file found on disk, before parsing.
pub(super) struct Found {
    pub(super) section: Option<Section>,
    /// Path under `content/`, `/`-separated.
    pub(super) key: String,
    pub(super) path: PathBuf,
    /// The language it is written in.
    pub(super) lang: String,
    /// The key of its default-language version (its own key when it is one).
    pub(super) group: String,
}

/// Editors' swap and backup files, never content.
pub(super) fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~') || name == "4913"
}

pub(super) fn discover(
    root: &Path,
    languages: Languages,
    problems: &mut Diagnostics,
) -> Vec<Found> {
    let content = root.join("content");
    discover_in(root, &content, &content, languages, problems)
}

/// The content files under `start` (a folder or file inside `content`).
pub(super) fn discover_in(
    root: &Path,
    content: &Path,
    start: &Path,
    languages: Languages,
    problems: &mut Diagnostics,
) -> Vec<Found> {
    // Unsorted: the paths are sorted below, on all threads (by component,
    // which is the order of a walk sorted by file name).
    let walk = WalkDir::new(start)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    let mut paths = Vec::new();
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(err)
                if err
                    .io_error()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
            {
                break;
            }
            Err(err) => {
                let path = err.path().unwrap_or(start).to_path_buf();
                problems.push(Diagnostic::new(
                    Location::file(rel(root, &path)),
                    err.to_string(),
                ));
                continue;
            }
        };
        if entry.file_type().is_dir() || entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        paths.push(entry.into_path());
    }
    paths.par_sort_unstable_by(|a, b| by_component(a, b));
    // The walk is one thread's work; naming what each file is can be shared.
    let classified: Vec<Result<Found, Diagnostic>> = paths
        .par_iter()
        .map(|path| classify(root, content, path, languages))
        .collect();
    let mut found = Vec::with_capacity(classified.len());
    for result in classified {
        match result {
            Ok(f) => found.push(f),
            Err(d) => problems.push(d),
        }
    }
    found
}

/// `a` and `b` (paths a walk of one folder found, so alike up to it) in
/// the order of their components, as `Path`'s own order has them, but
/// byte by byte: after the first byte where they differ, a path that
/// ends comes first, then one whose component ends there (a separator),
/// then the lower byte. Comparing by components took a tenth of the
/// discovery of 10,000 files.
pub(super) fn by_component(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let rank = |path: &[u8]| match path.get(same) {
        None => 0,
        Some(&c) if std::path::is_separator(char::from(c)) => 1,
        Some(&c) => 2 + u16::from(c),
    };
    rank(a).cmp(&rank(b))
}

/// The language of a file named `<stem>.<code>.md` for one of the site's
/// other languages, with the key of the version it translates.
pub(super) fn language_of(key: &str, languages: Languages) -> Option<(String, String)> {
    let without = key.strip_suffix(".md")?;
    let (stem, code) = without.rsplit_once('.')?;
    if stem.ends_with('/') || stem.is_empty() {
        return None;
    }
    languages[1..]
        .iter()
        .find(|l| l.as_str() == code)
        .map(|l| (l.clone(), format!("{stem}.md")))
}

/// For a file named `<stem>.<code>.md` where `<code>` is written like a
/// language code (`en`, `pt-br`): the key of the file it would translate,
/// and the code.
pub(super) fn named_for_a_language(key: &str) -> Option<(String, &str)> {
    let without = key.strip_suffix(".md")?;
    let (stem, code) = without.rsplit_once('.')?;
    if stem.ends_with('/') || stem.is_empty() || !crate::config::is_language_code(code) {
        return None;
    }
    Some((format!("{stem}.md"), code))
}

fn classify(
    root: &Path,
    content: &Path,
    path: &Path,
    languages: Languages,
) -> Result<Found, Diagnostic> {
    let under = path.strip_prefix(content).unwrap_or(path);
    let key = under
        .iter()
        .map(|c| c.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let relpath = rel(root, path);
    let (lang, group) =
        language_of(&key, languages).unwrap_or_else(|| (languages[0].clone(), key.clone()));
    if lang == languages[0]
        && let Some((original, code)) = named_for_a_language(&key)
    {
        return Err(if code == languages[0] {
            Diagnostic::new(
                Location::file(relpath),
                format!(
                    "`{code}` is the site's default language: its version has no language part"
                ),
            )
            .with_hint(format!("rename it to content/{original}"))
        } else {
            // Read on its own, it would be a document of the default language
            // that none of its original's privacy fields govern.
            Diagnostic::new(
                Location::file(relpath),
                format!(
                    "this file is named as the `{code}` version of content/{original}, but `languages:` in site.yaml has no `{code}`"
                ),
            )
            .with_hint(format!(
                "add `{code}` to `languages:` in site.yaml (languages: [{}, {code}]), or delete or rename this file",
                languages.join(", ")
            ))
        });
    }
    if group == "_index.md" {
        return Ok(Found {
            section: None,
            key,
            path: path.to_path_buf(),
            lang,
            group,
        });
    }
    let first = key.split('/').next().unwrap_or("");
    let section = Section::ALL
        .into_iter()
        .find(|s| s.dir() == first && key.contains('/'));
    let Some(section) = section else {
        return Err(Diagnostic::new(
            Location::file(relpath),
            "this file is in no content section",
        )
        .with_hint(
            "move it to content/members, stories, events, jobs, news or pages (free pages)",
        ));
    };
    if Path::new(&group)
        .file_name()
        .is_some_and(|n| n == "_index.md")
    {
        return Err(Diagnostic::new(Location::file(relpath), "section index files are not used")
            .with_hint("the theme makes each section's list page; put the programme text in content/_index.md"));
    }
    Ok(Found {
        section: Some(section),
        key,
        path: path.to_path_buf(),
        lang,
        group,
    })
}

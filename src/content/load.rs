//! Reading `content/` into a [`Site`]: discover files, split and parse each
//! one (in parallel), check that no two files claim one URL. Every problem
//! of every file is collected; the caller gets all of them at once.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::front_matter;
use super::kinds::{Front, Member, Programme};
use super::{Doc, Section, Site, Tax, slug};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::sources;

mod discover;
mod reread;
mod urls;
pub use reread::{Read, Reread, check_applied, is_under, reread};

use discover::{Found, discover, discover_in, is_ignored};
use urls::check_urls;

/// Whether pages may not take `slug` as their first path segment: the
/// site's own sections (the folders of `content/` but `pages`, the
/// taxonomies, the stats page).
fn is_reserved(slug: &str) -> bool {
    let section = |s: &Section| *s != Section::Pages && s.dir() == slug;
    Section::ALL.iter().any(section)
        || Tax::ALL.iter().any(|t| t.name() == slug)
        || slug == super::STATS
}

/// The site's languages, the default first (`Config::languages`).
pub type Languages<'a> = &'a [String];

/// One parsed file, whatever its kind: a site holding its one document.
type Parsed = Site;

/// Loads every content file under `root/content`, in `languages`.
pub fn load(root: &Path, languages: Languages) -> Result<Site, Diagnostics> {
    load_as_of(root, languages, None)
}

/// [`load`], also refusing consents dated after `today` (the build's day:
/// see [`check_consent`]), with the other errors of every file.
pub fn load_as_of(
    root: &Path,
    languages: Languages,
    today: Option<NaiveDate>,
) -> Result<Site, Diagnostics> {
    load_partial(root, languages, today).map_err(|failed| failed.problems)
}

/// What [`load_partial`] read of a site with problems.
#[derive(Debug)]
pub struct Failed {
    /// Every problem of every file.
    pub problems: Diagnostics,
    /// The documents that loaded: never built, only checked further (their
    /// `@/` links, story casts), so that one run reports every problem.
    pub site: Site,
    /// The content files that did not load.
    pub unloaded: Vec<Unloaded>,
}

/// A content file that did not load, as far as the checks across files
/// need it: a link to it is not a link to missing content, and its own
/// `@/` links are checked too.
#[derive(Debug, Clone)]
pub struct Unloaded {
    /// As in [`Doc::key`]: `members/yamada-taro.md`.
    pub key: String,
    /// As in [`Doc::path`].
    pub path: PathBuf,
    /// Its body (empty when it could not be cut from the front matter),
    /// and the line of the file it starts on.
    pub body: String,
    pub body_line: usize,
}

/// [`load_as_of`], giving with the problems of a site that does not load
/// what did load of it.
pub fn load_partial(
    root: &Path,
    languages: Languages,
    today: Option<NaiveDate>,
) -> Result<Site, Box<Failed>> {
    let mut problems = Diagnostics::default();
    let found = discover(root, languages, &mut problems);
    let found = without_orphans(root, found, &mut problems);
    let mut site = Site::default();
    let mut unloaded = Vec::new();
    for (result, f) in parse_all(root, &found, today).into_iter().zip(&found) {
        match result {
            Ok(parsed) => site.add(parsed),
            Err((found_problems, body)) => {
                problems.extend(found_problems);
                let (body, body_line) = body.unwrap_or_default();
                unloaded.push(Unloaded {
                    key: f.key.clone(),
                    path: rel(root, &f.path),
                    body,
                    body_line,
                });
            }
        }
    }
    check_urls(&site, languages, &mut problems);
    match problems.into_result() {
        Ok(()) => Ok(site),
        Err(problems) => Err(Box::new(Failed {
            problems,
            site,
            unloaded,
        })),
    }
}

/// A file's problems, with its body and the line it starts on (when the
/// front matter could be cut from it).
type FileProblems = (Vec<Diagnostic>, Option<(String, usize)>);

/// `found` without the translations whose original does not exist (in
/// `found`, or on disk when only part of the site is read), each of which
/// is an error: read on its own, a translation would be a document that
/// none of its original's privacy fields (`withdrawn`, `visibility`,
/// `consent`, `draft`) govern, so deleting a profile would leave its
/// translations published. See SECURITY.md, "Withdrawal".
fn without_orphans(root: &Path, found: Vec<Found>, problems: &mut Diagnostics) -> Vec<Found> {
    let originals: HashSet<&str> = found
        .iter()
        .filter(|f| f.key == f.group)
        .map(|f| f.key.as_str())
        .collect();
    let orphans: HashSet<usize> = found
        .iter()
        .enumerate()
        .filter(|(_, f)| f.key != f.group && !originals.contains(f.group.as_str()))
        .filter(|(_, f)| !root.join("content").join(&f.group).is_file())
        .map(|(i, _)| i)
        .collect();
    for &i in &orphans {
        let f = &found[i];
        problems.push(
            Diagnostic::new(
                Location::file(rel(root, &f.path)),
                format!(
                    "this `{}` version translates content/{}, which does not exist",
                    f.lang, f.group
                ),
            )
            .with_hint(format!(
                "a translation is never published on its own: add content/{} back, or delete this file too{}",
                f.group,
                if f.section == Some(Section::Members) {
                    " (a member's profile goes with all its translations)"
                } else {
                    ""
                }
            )),
        );
    }
    found
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !orphans.contains(i))
        .map(|(_, f)| f)
        .collect()
}

/// Parses `found` in parallel; a translation is read over its original
/// (from `found`, or from disk when only the translation is being read).
fn parse_all(
    root: &Path,
    found: &[Found],
    today: Option<NaiveDate>,
) -> Vec<Result<Parsed, FileProblems>> {
    // Small jobs (`with_max_len`) keep both threads busy to the end.
    let sources: Vec<Result<String, Diagnostic>> = found
        .par_iter()
        .with_max_len(64)
        .map(|f| read_source(root, &f.path))
        .collect();
    let originals: HashMap<&str, &str> = found
        .iter()
        .zip(&sources)
        .filter(|(f, _)| f.key == f.group)
        .filter_map(|(f, s)| Some((f.key.as_str(), s.as_ref().ok()?.as_str())))
        .collect();
    let from_disk: HashMap<&str, String> = found
        .iter()
        .filter(|f| f.key != f.group && !originals.contains_key(f.group.as_str()))
        .filter_map(|f| {
            let text = read_source(root, &root.join("content").join(&f.group)).ok()?;
            Some((f.group.as_str(), text))
        })
        .collect();
    found
        .par_iter()
        .zip(&sources)
        .with_max_len(32)
        .map(|(f, source)| {
            let source = source.as_ref().map_err(|d| (vec![d.clone()], None))?;
            let base = if f.key == f.group {
                None
            } else {
                let text = originals
                    .get(f.group.as_str())
                    .copied()
                    .or_else(|| from_disk.get(f.group.as_str()).map(String::as_str));
                text.map(|t| front_matter::split(t).map_or("", |s| s.yaml))
            };
            parse_file(root, f, source, base, today).map_err(|problems| {
                let body = front_matter::split(source)
                    .ok()
                    .map(|s| (s.body.to_string(), s.body_line));
                (problems, body)
            })
        })
        .collect()
}

impl Site {
    fn add(&mut self, mut parsed: Parsed) {
        match parsed.programme.take() {
            Some(d) if d.is_translation() => self.programme_translations.push(d),
            Some(d) => self.programme = Some(d),
            None => crate::for_each_kind!(mut *self, mut parsed, |mine, theirs, _| mine
                .append(theirs)),
        }
    }
}

pub(super) fn rel(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostics::display_path(root, path)
}

fn read_source(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    sources::read_text(path, &rel(root, path))
}

/// Parses one file; `base` is the front matter of the version a translation
/// translates; a member's consent may not be after `today`, when given.
/// Every problem of the file is reported: a field that is wrong does not
/// keep the others, nor the checks of the member's dates, from being read.
fn parse_file(
    root: &Path,
    found: &Found,
    source: &str,
    base: Option<&str>,
    today: Option<NaiveDate>,
) -> Result<Parsed, Vec<Diagnostic>> {
    let relpath = rel(root, &found.path);
    let file = FileText {
        key: &found.key,
        path: &relpath,
        source,
        lang: &found.lang,
        group: &found.group,
        base,
    };
    let mut one = Site::default();
    let (read, mut problems) = match found.section {
        None => {
            let (doc, problems) = file.doc(|_: &Programme| None);
            one.programme = doc;
            (one.programme.is_some(), problems)
        }
        Some(section) => {
            let (mut read, mut problems) = (false, Vec::new());
            crate::for_each_kind!(mut one, |docs, kind| if kind == section {
                let (doc, found) = file.doc(Front::slug);
                (read, problems) = (doc.is_some(), found);
                docs.extend(doc);
            });
            (read, problems)
        }
    };
    if let Some(doc) = one.members.first() {
        problems.extend(member_dates(doc, source).err());
        if let Some(today) = today {
            problems.extend(consent_by(doc, source, today).err());
        }
    }
    // The document, when its file has no problems; else every problem.
    if read && problems.is_empty() {
        return Ok(one);
    }
    problems.sort_by(|a, b| a.location.cmp(&b.location));
    problems.dedup();
    Err(problems)
}

/// A member leaves after joining and returns after leaving. The error is
/// at the later field of the pair, in the file that sets one of the two
/// (a translation taking both from its original leaves it to the original).
fn member_dates(doc: &Doc<Member>, source: &str) -> Result<(), Diagnostic> {
    let m = &doc.front;
    let pairs = [
        (
            m.joined,
            "joined",
            Some(m.left),
            "left",
            "a member leaves after joining: fix `joined:` or `left:`",
        ),
        (
            Some(m.left),
            "left",
            m.returned,
            "returned",
            "`returned` is when the member came back after leaving: fix it, or `left:`",
        ),
    ];
    for (first, first_key, then, then_key, hint) in pairs {
        let (Some(first), Some(then)) = (first, then) else {
            continue;
        };
        if !then.is_before(first) {
            continue;
        }
        let line = match line_of_key(source, then_key) {
            0 => line_of_key(source, first_key),
            line => line,
        };
        if line == 0 {
            continue;
        }
        return Err(Diagnostic::new(
            Location::at(&*doc.path, line, 1),
            format!("`{then_key}` ({then}) is before `{first_key}` ({first})"),
        )
        .with_source(source)
        .with_hint(hint));
    }
    Ok(())
}

/// Consent cannot be given after the build's `today` (the day of
/// `BuildOptions::now` in the site's time zone): a date in the future is a
/// mistake that would publish the member early. A translation is reported
/// only where it sets `consent:` itself (else its original is).
fn consent_by(doc: &Doc<Member>, source: &str, today: NaiveDate) -> Result<(), Diagnostic> {
    let Some(consent) = doc.front.consent.filter(|c| c.0 > today) else {
        return Ok(());
    };
    let at = match line_of_key(source, "consent") {
        0 if doc.is_translation() => return Ok(()),
        0 => Location::file(&*doc.path),
        line => Location::at(&*doc.path, line, 1),
    };
    Err(Diagnostic::new(
        at,
        format!("`consent` ({consent}) is after today ({today})"),
    )
    .with_source(source)
    .with_hint(
        "write the day the member agreed to be published; a consent cannot be dated in the future",
    ))
}

/// The consent check of [`load_as_of`] for a site brought up to date with
/// [`Site::apply`] (`serve`): files are read again only to locate an error.
pub fn check_consent(root: &Path, site: &Site, today: NaiveDate) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::default();
    for m in site
        .members
        .iter()
        .filter(|m| m.front.consent.is_some_and(|c| c.0 > today))
    {
        let source = read_source(root, &root.join(&m.path)).unwrap_or_default();
        if let Err(d) = consent_by(m, &source, today) {
            problems.push(d);
        }
    }
    problems.into_result()
}

/// A content file's text with its names, for parsing and messages.
struct FileText<'a> {
    key: &'a str,
    path: &'a Path,
    source: &'a str,
    lang: &'a str,
    group: &'a str,
    /// The original's front matter, for a translation.
    base: Option<&'a str>,
}

impl FileText<'_> {
    /// The file's document and its problems: with problems, the document
    /// (when there is one) holds the fields that are right, for the checks
    /// that follow to report their own problems; it is never built.
    fn doc<F: DeserializeOwned>(
        &self,
        slug_field: impl Fn(&F) -> Option<&str>,
    ) -> (Option<Doc<F>>, Vec<Diagnostic>) {
        let split = match front_matter::split(self.source) {
            Ok(split) => split,
            Err((line, message)) => {
                let d = Diagnostic::new(Location::at(self.path, line, 1), message)
                    .with_source(self.source);
                return (None, vec![d]);
            }
        };
        let parsed = match self.base {
            None => {
                front_matter::parse_all(self.path, self.source, split.yaml, split.yaml_line_offset)
            }
            Some(base) => front_matter::parse_over(
                self.path,
                self.source,
                split.yaml,
                split.yaml_line_offset,
                base,
            ),
        };
        let (front, mut problems): (F, _) = match parsed {
            Ok(front) => (front, Vec::new()),
            Err(failed) => match failed.partial {
                Some(front) => (front, failed.diagnostics),
                None => return (None, failed.diagnostics),
            },
        };
        let slug = match self.slug(slug_field(&front)) {
            Ok(slug) => slug,
            Err(d) => {
                problems.push(d);
                return (None, problems);
            }
        };
        let doc = Doc {
            key: self.key.into(),
            path: self.path.into(),
            slug: slug.into(),
            lang: self.lang.into(),
            group: self.group.into(),
            front: front.into(),
            body: split.body.into(),
            body_line: split.body_line,
            html: "".into(),
        };
        (Some(doc), problems)
    }

    fn slug(&self, given: Option<&str>) -> Result<String, Diagnostic> {
        let stem = Path::new(self.group)
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        match given {
            Some(raw) => slug::from_user(raw).map_err(|message| {
                let line = line_of_key(self.source, "slug");
                Diagnostic::new(Location::at(self.path, line, 1), message).with_source(self.source)
            }),
            None => slug::from_user(&stem).map_err(|message| {
                Diagnostic::new(Location::file(self.path), message)
                    .with_hint("rename the file, or set `slug:` in its front matter")
            }),
        }
    }
}

/// 1-based line of the first top-level `key:` in `source`, or 0.
fn line_of_key(source: &str, key: &str) -> usize {
    source
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(0, |i| i + 1)
}

/// The checks [`load`] makes across files, for a site updated with [`Site::apply`].
pub fn check(site: &Site, languages: Languages) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::default();
    check_urls(site, languages, &mut problems);
    problems.into_result()
}

/// The URL prefix of a language: none for the default, `/<code>` for the others.
pub fn prefix_of(lang: &str, languages: Languages) -> String {
    if languages.first().is_none_or(|d| d == lang) {
        String::new()
    } else {
        format!("/{lang}")
    }
}

#[cfg(test)]
mod tests;

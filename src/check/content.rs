//! Checks over the content model that a build does not make: story casts
//! naming no member, photo and cover files that are missing (for every
//! member, not only the visible ones), events that end before they start,
//! jobs past their `closes` day, public profiles without consent, and
//! consents older than `privacy.consent_max_age_years`, and on a
//! multilingual site, documents missing in a language, and images under `static/` that
//! carry metadata (a GPS position, EXIF, XMP, text): static files are
//! published as they are.
//!
//! Reads content files only to point at the line of the field concerned,
//! and the images under `static/`.

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path};

use chrono::{FixedOffset, Months, NaiveDate};

use super::Finding;
use crate::config::Config;
use crate::content::dates::EventTime;
use crate::content::kinds::Front;
use crate::content::{Audience, Doc, Site, Visibility};
use crate::diagnostics::{Diagnostic, Location, did_you_mean};
use crate::images::Metadata;

/// Runs every model check; `today` decides closed jobs and old consents.
pub fn check(site: &Site, config: &Config, root: &Path, today: NaiveDate) -> Vec<Finding> {
    let files = Files { root };
    let mut out = Vec::new();
    story_members(site, &files, &[], &mut out);
    pictures(site, &files, &mut out);
    events(site, &files, &mut out);
    jobs(site, &files, today, &mut out);
    consent(site, config, &files, today, &mut out);
    translations(site, config, &mut out);
    static_images(root, &mut out);
    homonyms(site, config, &files, &mut out);
    out
}

/// Names under `homonyms:` that only members the public build does not
/// show have: the name check lets a text name them, so the editor makes
/// sure it is someone else.
fn homonyms(site: &Site, config: &Config, files: &Files, out: &mut Vec<Finding>) {
    let policy = crate::audience::Policy::new(config, Audience::Public, false);
    for (path, name, whose) in crate::audience::names::homonyms_of_people_not_shown(site, &policy) {
        let d = files
            .at(
                &path,
                "homonyms",
                Some(&name),
                format!(
                    "`homonyms:` lists `{name}`, the name of `{}`, whom the public build does not show, and of no member it shows: a text here that names them is published",
                    whose.display()
                ),
            )
            .with_hint("keep it only if this text certainly means someone else (not a member); otherwise remove it and the name");
        out.push(Finding::warning("homonym-not-shown", d));
    }
}

/// The largest `static/` image read for its metadata.
const MAX_STATIC_IMAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Each JPEG, PNG or WebP under `static/` that carries metadata: it is
/// published byte for byte, GPS position included.
fn static_images(root: &Path, out: &mut Vec<Finding>) {
    for (rel, path) in crate::theme::files_under(&root.join("static")) {
        let raster = Path::new(&rel)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(crate::images::can_read);
        if !raster {
            continue;
        }
        let Ok(bytes) = crate::sources::read_limited(&path, MAX_STATIC_IMAGE_BYTES) else {
            continue;
        };
        let found: Vec<&str> = crate::images::metadata_of(&bytes)
            .into_iter()
            .filter(|m| *m != Metadata::Other)
            .map(Metadata::describe)
            .collect();
        if found.is_empty() {
            continue;
        }
        let shown = Path::new("static").join(&rel);
        let d = Diagnostic::new(
            Location::file(&shown),
            format!(
                "this image carries {}, published with it: files under static/ are copied as they are",
                list(&found)
            ),
        )
        .with_hint(format!(
            "strip it, e.g. `exiftool -all= {}`, or export it again without metadata; a story cover next to its story is stripped by the build",
            shown.display()
        ));
        out.push(Finding::warning("image-metadata", d));
    }
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// On a multilingual site: each document without a version in one of the
/// languages. Hidden, withdrawn and draft documents are not asked for
/// translations. (A translation of nothing, or in a language the site does
/// not have, is an error when the site is loaded.)
fn translations(site: &Site, config: &Config, out: &mut Vec<Finding>) {
    let Some((_, others)) = config.languages.split_first() else {
        return;
    };
    if others.is_empty() {
        return;
    }
    let mut all: Vec<(&str, &str, &str, &Path, bool)> = Vec::new();
    fn add<'s, F>(
        all: &mut Vec<(&'s str, &'s str, &'s str, &'s Path, bool)>,
        docs: &'s [Doc<F>],
        skip: impl Fn(&F) -> bool,
    ) {
        for d in docs {
            all.push((&d.key, &d.group, &d.lang, &d.path, skip(&d.front)));
        }
    }
    add(&mut all, site.programme.as_slice(), |_| false);
    add(&mut all, &site.programme_translations, |_| false);
    crate::for_each_kind!(site, |docs, _| add(&mut all, docs, Front::shown_nowhere));
    let versions: HashSet<(&str, &str)> = all.iter().map(|d| (d.1, d.2)).collect();
    let untranslated = match config.untranslated {
        crate::config::Untranslated::Show => "shows this version, marked as untranslated",
        crate::config::Untranslated::Omit => "leaves it out (`untranslated: omit`)",
    };
    for &(key, group, _, path, skip) in &all {
        if key != group {
            continue;
        }
        for code in others
            .iter()
            .filter(|c| !skip && !versions.contains(&(group, c.as_str())))
        {
            let wanted = format!("{}.{code}.md", group.trim_end_matches(".md"));
            let d = Diagnostic::new(
                Location::file(path),
                format!("no `{code}` version: the `{code}` site {untranslated}"),
            )
            .with_hint(format!("translate it into content/{wanted}"));
            out.push(Finding::warning("missing-translation", d));
        }
    }
}

/// Reads content files to locate findings in them.
struct Files<'a> {
    root: &'a Path,
}

impl Files<'_> {
    fn source(&self, path: &Path) -> String {
        fs::read_to_string(self.root.join(path)).unwrap_or_default()
    }

    /// A diagnostic at the first line of `path` holding `key:` (then `needle`, if given).
    fn at(&self, path: &Path, key: &str, needle: Option<&str>, message: String) -> Diagnostic {
        let source = self.source(path);
        let (line, col) = locate(&source, key, needle);
        Diagnostic::new(Location::at(path, line, col), message).with_source(&source)
    }

    fn exists(&self, path: &Path) -> bool {
        self.root.join(path).is_file()
    }
}

/// 1-based line and column of `needle` on or after the line of the top-level
/// `key:` (of `key:` itself without a needle); (0, 0) when not found.
fn locate(source: &str, key: &str, needle: Option<&str>) -> (usize, usize) {
    let lines: Vec<&str> = source.lines().collect();
    let Some(start) = lines.iter().position(|l| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    }) else {
        return (0, 0);
    };
    let Some(needle) = needle else {
        return (start + 1, 1);
    };
    lines[start..]
        .iter()
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.trim_end() != "---")
        .find_map(|(i, l)| {
            let byte = find_whole(l, needle).or_else(|| l.find(needle))?;
            Some((start + i + 1, l[..byte].chars().count() + 1))
        })
        .unwrap_or((start + 1, 1))
}

/// The byte offset of `needle` in `line` as a whole value (`tar` in
/// `[taro, tar]` is the second), not a part of a longer word.
fn find_whole(line: &str, needle: &str) -> Option<usize> {
    let part_of_word =
        |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "-_.".contains(c));
    line.match_indices(needle).map(|(i, _)| i).find(|&i| {
        !part_of_word(line[..i].chars().next_back())
            && !part_of_word(line[i + needle.len()..].chars().next())
    })
}

/// The story casts of `site`, a site that did not load: `unloaded` are
/// the keys of its content files that did not (a story naming one of
/// those names a member).
pub fn story_casts<'a>(
    site: &Site,
    root: &Path,
    unloaded: impl Iterator<Item = &'a str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let unloaded: Vec<String> = unloaded
        .filter(|key| key.starts_with("members/"))
        .map(stem)
        .collect();
    story_members(site, &Files { root }, &unloaded, &mut out);
    out
}

/// The file name of a member's key, without `members/` and `.md`.
fn stem(key: &str) -> String {
    key.trim_start_matches("members/")
        .trim_end_matches(".md")
        .to_string()
}

/// Story `members` must name a member file (by slug or file name); `also`
/// are more names of members (of member files that did not load).
fn story_members(site: &Site, files: &Files, also: &[String], out: &mut Vec<Finding>) {
    let known: HashSet<String> = site
        .members
        .iter()
        .flat_map(|m| [m.slug.to_string(), stem(&m.key)])
        .chain(also.iter().cloned())
        .collect();
    let withdrawn: HashSet<String> = site
        .members
        .iter()
        .filter(|m| m.front.withdrawn.is_some())
        .flat_map(|m| [m.slug.to_string(), stem(&m.key)])
        .collect();
    for story in &site.stories {
        for name in story.front.members.iter().map(|n| n.trim()) {
            if !known.contains(name) {
                let message =
                    format!("this story names `{name}`, but no member has that file name or slug");
                let hint = match did_you_mean(name, known.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "write a member's file name under content/members/ without .md, or the `slug:` it sets".into(),
                };
                let d = files.at(&story.path, "members", Some(name), message);
                out.push(Finding::error("unknown-member", d.with_hint(hint)));
            } else if withdrawn.contains(name) {
                let message = format!("this story names `{name}`, who has withdrawn consent");
                let d = files.at(&story.path, "members", Some(name), message).with_hint(
                    "the story is shown without them; remove them from `members` and check that the text does not name them",
                );
                out.push(Finding::warning("withdrawn-member", d));
            }
        }
    }
}

/// Every member's photo and every story's cover must exist, whoever may see
/// it. A photo is looked for next to the member file only (one under
/// `static/` is the build's error, reported with the build's findings).
fn pictures(site: &Site, files: &Files, out: &mut Vec<Finding>) {
    // A translation takes its photo from the original: checked there.
    let photos = site
        .members
        .iter()
        .filter(|m| !m.is_translation())
        .filter_map(|m| Some((&m.path, "photo", m.front.photo.as_deref()?)));
    let covers = site
        .stories
        .iter()
        .filter_map(|s| Some((&s.path, "cover", s.front.cover.as_deref()?)));
    for (path, key, name) in photos.chain(covers) {
        let next_to = path.with_file_name(name);
        let in_static = Path::new("static").join(name);
        let photo = key == "photo";
        let where_ = if photo {
            "next to this file"
        } else {
            "next to this file or under static/"
        };
        if !is_plain_relative(name) {
            let message = format!("`{name}` must be a file name {where_}");
            let d = files.at(path, key, None, message);
            out.push(Finding::error(
                "missing-file",
                d.with_hint("write e.g. `photo: yamada.jpg`, without `..` or a leading `/`"),
            ));
        } else if !files.exists(&next_to) && !files.exists(&in_static) {
            let message = format!("file `{name}` not found {where_}");
            let also = if photo {
                String::new()
            } else {
                format!(" (or static/{name})")
            };
            let d = files.at(path, key, None, message).with_hint(format!(
                "add {}{also}, or remove `{key}:`",
                next_to.display()
            ));
            out.push(Finding::error("missing-file", d));
        }
    }
}

fn is_plain_relative(name: &str) -> bool {
    !name.is_empty()
        && !name.contains('\\')
        && Path::new(name)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// An event must not end before it starts.
fn events(site: &Site, files: &Files, out: &mut Vec<Finding>) {
    for e in &site.events {
        let Some(end) = e.front.end else { continue };
        if ends_before_start(e.front.start, end) {
            let message = format!(
                "this event ends ({end}) before it starts ({})",
                e.front.start
            );
            let d = files.at(&e.path, "end", None, message).with_hint(
                "fix `start:` or `end:`; an event without `end:` lasts its start day or moment",
            );
            out.push(Finding::error("event-ends-before-start", d));
        }
    }
}

/// Whether `end` is before `start`; a day-long end lasts until the day's end.
fn ends_before_start(start: EventTime, end: EventTime) -> bool {
    let tz = match (start, end) {
        (EventTime::At(t), _) | (_, EventTime::At(t)) => *t.offset(),
        _ => FixedOffset::east_opt(0).expect("zero offset"),
    };
    match (start, end) {
        (EventTime::At(s), EventTime::At(e)) => e < s,
        _ => end.end_instant(tz) <= start.start_instant(tz),
    }
}

/// A job whose `closes` day has passed is listed as closed: probably stale.
fn jobs(site: &Site, files: &Files, today: NaiveDate, out: &mut Vec<Finding>) {
    for j in &site.jobs {
        let Some(closes) = j.front.closes.filter(|c| c.0 < today) else {
            continue;
        };
        let message = format!("this job closed on {closes}; it is listed as closed");
        let d = files
            .at(&j.path, "closes", None, message)
            .with_hint("remove the file, or set a new `closes:` date");
        out.push(Finding::warning("job-closed", d));
    }
}

/// Public profiles need consent to appear; consent is renewed every few years.
fn consent(site: &Site, config: &Config, files: &Files, today: NaiveDate, out: &mut Vec<Finding>) {
    let privacy = &config.privacy;
    let oldest = (privacy.consent_max_age_years > 0)
        .then(|| today.checked_sub_months(Months::new(12 * privacy.consent_max_age_years)))
        .flatten();
    let originals = site.members.iter().filter(|m| !m.is_translation());
    for m in originals.filter(|m| m.front.withdrawn.is_none()) {
        let visibility = m.front.visibility.unwrap_or(privacy.default_visibility);
        if visibility == Visibility::Public && privacy.require_consent && m.front.consent.is_none()
        {
            out.push(Finding::warning(
                "public-without-consent",
                without_consent(m, files),
            ));
        }
        let old = m.front.consent.filter(|c| oldest.is_some_and(|o| c.0 < o));
        if let (Some(consent), true) = (old, visibility != Visibility::Hidden) {
            let message = format!(
                "consent was given on {consent}, more than {} years ago",
                privacy.consent_max_age_years
            );
            let d = files.at(&m.path, "consent", None, message).with_hint(
                "ask the member to confirm, then update `consent:`; or change privacy.consent_max_age_years in site.yaml",
            );
            out.push(Finding::warning("consent-old", d));
        }
    }
}

fn without_consent<F>(m: &Doc<F>, files: &Files) -> Diagnostic {
    let message = "this profile is `visibility: public` but has no `consent:` date, so the public build leaves it out".to_string();
    files
        .at(&m.path, "visibility", None, message)
        .with_hint("add `consent: YYYY-MM-DD`, the day the member agreed to be published")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_and_values_in_front_matter() {
        let src = "---\nname: a\nmembers:\n  - yamada\n  - nobody\n---\nnobody here\n";
        assert_eq!(locate(src, "members", Some("nobody")), (5, 5));
        assert_eq!(locate(src, "name", None), (2, 1));
        assert_eq!(locate(src, "closes", None), (0, 0));
        assert_eq!(
            locate("---\nmembers: [a, 山田]\n---\n", "members", Some("山田")),
            (2, 14)
        );
    }

    #[test]
    fn an_event_may_not_end_before_it_starts() {
        let t = |s: &str| -> EventTime {
            serde_json::from_value(serde_json::Value::String(s.into())).unwrap()
        };
        assert!(ends_before_start(
            t("2026-12-10T19:00:00+09:00"),
            t("2026-12-10T18:00:00+09:00")
        ));
        assert!(ends_before_start(t("2026-12-10"), t("2026-12-09")));
        assert!(!ends_before_start(
            t("2026-12-10T19:00:00+09:00"),
            t("2026-12-10")
        ));
        assert!(!ends_before_start(t("2026-12-10"), t("2026-12-10")));
        let at = t("2026-12-10T19:00:00+09:00");
        assert!(!ends_before_start(at, at));
    }
}

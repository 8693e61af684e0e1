//! The checks across files of URLs: two files never map to one URL, a
//! page never takes a section's or a language's URL, and no version takes
//! the URL where another document stands in untranslated.

use std::collections::HashMap;
use std::path::Path;

use super::{Languages, is_reserved, prefix_of};
use crate::content::{Doc, Section, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// Two files must never map to one URL; pages must not take a section's URL.
pub(super) fn check_urls<'s>(site: &'s Site, languages: Languages, problems: &mut Diagnostics) {
    // Hashed (ahash) rather than sorted: the URLs that clash are sorted
    // below, and the others (nearly all) need no order.
    // The first file of a URL, and the others (no allocation for a URL
    // of one file: nearly all).
    let mut paths_by_url: HashMap<String, (&'s Path, Vec<&'s Path>), ahash::RandomState> =
        HashMap::with_capacity_and_hasher(
            Section::ALL.iter().map(|&s| site.len(s)).sum(),
            ahash::RandomState::new(),
        );
    let mut claim = |section: Section, lang: &str, slug: &str, path: &'s Path| match paths_by_url
        .entry(section.url_in(&prefix_of(lang, languages), slug))
    {
        std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().1.push(path),
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert((path, Vec::new()));
        }
    };
    crate::for_each_kind!(site, |docs, section| for d in docs.iter() {
        claim(section, &d.lang, &d.slug, &d.path);
    });
    check_stand_ins(site, languages, problems);
    for d in &site.pages {
        if languages[1..].iter().any(|l| **l == *d.slug) {
            problems.push(
                Diagnostic::new(
                    Location::file(&*d.path),
                    format!(
                        "the URL /{}/ belongs to the site's `{}` pages",
                        d.slug, d.slug
                    ),
                )
                .with_hint("give this page another file name or `slug:`"),
            );
        }
        if is_reserved(&d.slug) {
            problems.push(
                Diagnostic::new(
                    Location::file(&*d.path),
                    format!(
                        "the URL {}/{}/ belongs to the site's {} section",
                        prefix_of(&d.lang, languages),
                        d.slug,
                        d.slug
                    ),
                )
                .with_hint("give this page another file name or `slug:`"),
            );
        }
    }
    let mut clashes: Vec<(String, Vec<&Path>)> = paths_by_url
        .into_iter()
        .filter(|(_, (_, others))| !others.is_empty())
        .map(|(url, (first, others))| (url, [vec![first], others].concat()))
        .collect();
    clashes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (url, mut paths) in clashes {
        paths.sort();
        let names: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        problems.push(
            Diagnostic::new(
                Location::file(paths[1]),
                format!(
                    "{} files map to the URL `{url}`: {}",
                    paths.len(),
                    names.join(" and ")
                ),
            )
            .with_hint("give one of them another file name or `slug:`"),
        );
    }
}

/// A document of the default language stands in, untranslated, under
/// every other language's prefix where it has no version of its own shown
/// (docs/content.md, "Untranslated documents"): no version of another
/// document may take that URL. A translation's page may be withheld while
/// its original is shown, and `untranslated` may be changed, so the URL is
/// the stand-in's whenever the document has one of its own in that
/// language, and whatever `untranslated` says.
fn check_stand_ins(site: &Site, languages: Languages, problems: &mut Diagnostics) {
    let Some(default) = languages.first() else {
        return;
    };
    crate::for_each_kind!(site, |docs, section| {
        let originals: HashMap<&str, &Doc<_>, ahash::RandomState> = docs
            .iter()
            .filter(|d| *d.lang == **default)
            .map(|d| (&*d.slug, d))
            .collect();
        for d in docs.iter().filter(|d| *d.lang != **default) {
            let Some(original) = originals.get(&*d.slug).filter(|o| o.group != d.group) else {
                continue;
            };
            let url = section.url_in(&prefix_of(&d.lang, languages), &d.slug);
            let own = docs
                .iter()
                .any(|o| o.group == original.group && o.lang == d.lang);
            // Quoted, as the other URL clashes are: `serve`'s overlay does
            // not show a file name or slug, which may be a hidden member's.
            let when = if own {
                format!("wherever its own `{}` version is not shown", d.lang)
            } else {
                format!("as it has no `{}` version", d.lang)
            };
            problems.push(
                Diagnostic::new(
                    Location::file(&*d.path),
                    format!(
                        "its URL `{url}` is that of `{}`, which stands in there untranslated {when}",
                        original.path.display(),
                    ),
                )
                .with_hint("give this version another `slug:` (its original's, usually)"),
            );
        }
    });
}

//! Where `@/` links go in each language's part of the site: to a visible
//! document's URL, to plain text for a document this build does not show
//! (a neutral word for a person), or nowhere (missing, an error found
//! before the gate); and which pages the build withholds, so that no plain
//! link or image names them.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Gone, Visible, addresses_of, lower};
use crate::content::{Doc, Section};
use crate::markdown::{Links, Target, Withheld};

/// Where `@/` links go in this build.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// Key → URL of every visible document.
    urls: HashMap<Arc<str>, String, ahash::RandomState>,
    /// Keys of documents that exist but are not visible (links to them become text).
    not_visible: HashSet<Arc<str>, ahash::RandomState>,
    /// What a link to a person this build does not show says instead.
    unnamed: String,
    /// The pages no edition of this build has (shared by every edition).
    withheld: Arc<Withheld>,
    /// The path the site is served under (`/alumni`, or `""`).
    base_path: String,
}

impl Links for LinkIndex {
    fn resolve(&self, key: &str) -> Target {
        if let Some(url) = self.urls.get(key) {
            Target::Url(url.clone())
        } else if self.not_visible.contains(key) {
            if key.starts_with("members/") {
                Target::Unnamed(self.unnamed.clone())
            } else {
                Target::NotVisible
            }
        } else {
            Target::Missing
        }
    }

    fn withheld(&self) -> Option<&Arc<Withheld>> {
        Some(&self.withheld)
    }

    fn base_path(&self) -> &str {
        &self.base_path
    }
}

impl LinkIndex {
    /// No links, on a site served under `base_path`: for bodies whose HTML
    /// does not depend on the gate.
    pub fn none_under(base_path: &str) -> LinkIndex {
        LinkIndex {
            base_path: base_path.to_string(),
            ..LinkIndex::default()
        }
    }

    /// These links as a document written in `lang` reads them: the word
    /// that stands for a person not shown is in the document's language
    /// (a fallback shown in another language's part of the site).
    pub fn in_lang<'a>(&'a self, lang: &'a str) -> InLang<'a> {
        InLang { links: self, lang }
    }
}

/// A [`LinkIndex`] read from a document in a given language.
pub struct InLang<'a> {
    links: &'a LinkIndex,
    lang: &'a str,
}

impl Links for InLang<'_> {
    fn resolve(&self, key: &str) -> Target {
        match self.links.resolve(key) {
            Target::Unnamed(_) => Target::Unnamed(unnamed_in(self.lang).to_string()),
            other => other,
        }
    }

    fn withheld(&self) -> Option<&Arc<Withheld>> {
        self.links.withheld()
    }

    fn base_path(&self) -> &str {
        self.links.base_path()
    }
}

/// The neutral word that stands for a person in `lang`.
fn unnamed_in(lang: &str) -> &'static str {
    match lang {
        "ja" => "あるメンバー",
        _ => "a member",
    }
}

/// The pages of the documents `gone` (section folder and slug or file
/// stem) that no edition shows: those of `gone`, less those any document
/// of `editions` could be linked by (whatever the case). The last pages
/// withheld when `kept` (`serve`) holds the same pages.
pub(super) fn withheld(
    editions: &[Visible],
    gone: &[Gone],
    base_path: &str,
    kept: Option<&mut KeptWithheld>,
) -> Arc<Withheld> {
    // By section folder (a few), the names: every document of every
    // edition is looked up in its section's names alone.
    let mut withheld: Vec<(&'static str, Names)> = Vec::new();
    for (dir, name) in gone
        .iter()
        .flat_map(|g| addresses_of(g.section, &g.group, &g.slug))
    {
        let at = match withheld.iter().position(|(d, _)| *d == dir) {
            Some(at) => at,
            None => {
                withheld.push((dir, Names::default()));
                withheld.len() - 1
            }
        };
        withheld[at].1.insert(lower(name));
    }
    if !withheld.is_empty() {
        for e in editions {
            crate::for_each_kind!(e.site(), |docs, section| {
                if let Some((_, names)) = withheld.iter_mut().find(|(d, _)| *d == section.dir()) {
                    not_withheld(docs, section, names);
                }
            });
        }
    }
    withheld.retain(|(_, names)| !names.is_empty());
    if let Some(k) = kept.as_deref()
        && let Some(last) = k.same(&withheld, base_path)
    {
        return last;
    }
    let (mut docs, mut pages) = (HashSet::new(), HashSet::new());
    for (dir, names) in &withheld {
        for name in names {
            if *dir == Section::Pages.dir() {
                pages.insert(name.to_string());
            } else {
                docs.insert((dir.to_string(), name.to_string()));
            }
        }
    }
    let made = Arc::new(Withheld::new(docs, pages).under(base_path));
    if let Some(k) = kept {
        k.last = Some(LastWithheld {
            names: (withheld.iter())
                .map(|(dir, names)| (*dir, names.iter().map(|n| n.to_string()).collect()))
                .collect(),
            base_path: base_path.to_string(),
            withheld: Arc::clone(&made),
        });
    }
    made
}

/// The pages the last gate withheld (`serve`), with the names by section
/// folder they were made of: the same names under the same path make the
/// same pages, which stay the same shared value (compared by pointer).
#[derive(Default)]
pub(super) struct KeptWithheld {
    last: Option<LastWithheld>,
}

struct LastWithheld {
    names: Vec<(&'static str, HashSet<String, ahash::RandomState>)>,
    base_path: String,
    withheld: Arc<Withheld>,
}

impl KeptWithheld {
    /// The last pages withheld, if made of `names` (none empty) under
    /// `base_path`.
    fn same(&self, names: &[(&'static str, Names)], base_path: &str) -> Option<Arc<Withheld>> {
        let last = self.last.as_ref()?;
        let same = last.base_path == base_path
            && last.names.len() == names.len()
            && names.iter().all(|(dir, names)| {
                last.names.iter().any(|(d, kept)| {
                    d == dir
                        && kept.len() == names.len()
                        && names.iter().all(|n| kept.contains(n.as_ref()))
                })
            });
        same.then(|| Arc::clone(&last.withheld))
    }
}

/// The names (in lower case) a section's pages withheld could be linked by.
type Names<'a> = HashSet<Cow<'a, str>, ahash::RandomState>;

/// Takes from `names` those the documents `docs` of `section` could be
/// linked by (their slug, and the file stem of their original when it is
/// another).
fn not_withheld<F>(docs: &[Doc<F>], section: Section, names: &mut Names) {
    for d in docs {
        if names.is_empty() {
            return;
        }
        let [(_, slug), (_, stem)] = addresses_of(section, &d.group, &d.slug);
        names.remove(lower(slug).as_ref());
        if stem != slug {
            names.remove(lower(stem).as_ref());
        }
    }
}

/// Where `@/` links go in edition `i`: its own documents (by their key and by
/// the key of their original), then the other languages' own versions.
pub(super) fn link_index(
    editions: &[Visible],
    i: usize,
    not_shown: &[Arc<str>],
    withheld: &Arc<Withheld>,
) -> LinkIndex {
    let here = &editions[i];
    let mut urls: HashMap<Arc<str>, String, ahash::RandomState> =
        own_urls(here, false).into_iter().collect();
    for (group, url) in own_urls(here, true) {
        urls.entry(group).or_insert(url);
    }
    for other in editions.iter().filter(|e| e.lang != here.lang) {
        for (key, url) in own_urls(other, false) {
            urls.entry(key).or_insert(url);
        }
    }
    let not_visible = not_shown
        .iter()
        .filter(|k| !urls.contains_key(&***k))
        .cloned()
        .collect();
    LinkIndex {
        urls,
        not_visible,
        unnamed: unnamed_in(&here.lang).to_string(),
        withheld: Arc::clone(withheld),
        base_path: here.base_path().to_string(),
    }
}

/// (key, URL) of every document of `edition`, keyed by its own key or (with
/// `by_group`) by its original's, made on all threads.
fn own_urls(edition: &Visible, by_group: bool) -> Vec<(Arc<str>, String)> {
    fn of<F: Send + Sync>(
        docs: &[Doc<F>],
        section: Section,
        prefix: &str,
        by_group: bool,
    ) -> Vec<(Arc<str>, String)> {
        docs.par_iter()
            .with_max_len(256)
            // A document's group is its own key unless it is a translation.
            .filter(|d| !by_group || d.group != d.key)
            .map(|d| {
                let key = if by_group { &d.group } else { &d.key };
                (key.clone(), section.url_in(prefix, &d.slug))
            })
            .collect()
    }
    let (site, prefix) = (&edition.site, edition.prefix.as_str());
    let mut all = Vec::new();
    crate::for_each_kind!(site, |docs, section| all
        .extend(of(docs, section, prefix, by_group)));
    all
}

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

/// Where `@/` links go in this build. Its maps are shared: `serve` takes
/// the last gate's again while they are made of the same (see
/// [`link_indexes`]).
#[derive(Debug, Default, Clone)]
pub struct LinkIndex {
    /// Key → URL of every visible document.
    urls: Arc<HashMap<Arc<str>, String, ahash::RandomState>>,
    /// Keys of documents that exist but are not visible (links to them become text).
    not_visible: Arc<HashSet<Arc<str>, ahash::RandomState>>,
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
    /// Whether this index and `other` share their map of URLs (one kept
    /// from the other).
    #[cfg(test)]
    pub(super) fn shares_urls_with(&self, other: &LinkIndex) -> bool {
        Arc::ptr_eq(&self.urls, &other.urls)
    }

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
/// withheld when `kept` (`serve`) holds the same pages, or was made of the
/// same documents gone when `same_shown` (the documents of `editions` read
/// as the last gate's, see [`KeptLinks::read_alike`]).
pub(super) fn withheld(
    editions: &[Visible],
    gone: &[Gone],
    base_path: &str,
    mut kept: Option<&mut KeptWithheld>,
    same_shown: bool,
) -> Arc<Withheld> {
    let gone_read: Option<Vec<GoneRead>> = kept.is_some().then(|| {
        gone.iter()
            .map(|g| (g.section, Arc::clone(&g.group), Arc::clone(&g.slug)))
            .collect()
    });
    if same_shown
        && let Some(last) = kept.as_deref().and_then(|k| k.last.as_ref())
        && gone_read.as_ref() == Some(&last.gone)
        && last.base_path == base_path
    {
        return Arc::clone(&last.withheld);
    }
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
    if let Some(k) = kept.as_deref_mut()
        && let Some(same) = k.same(&withheld, base_path)
    {
        if let Some(last) = k.last.as_mut() {
            last.gone = gone_read.unwrap_or_default();
        }
        return same;
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
            gone: gone_read.unwrap_or_default(),
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
    /// The documents gone of the gate that made them last.
    gone: Vec<GoneRead>,
}

/// What the pages withheld read of a document gone: its section, its
/// original's key and its slug.
type GoneRead = (Section, Arc<str>, Arc<str>);

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

/// The link index of each of `editions` (see [`link_index`]), given the
/// keys not shown and the pages withheld: the last gate's when `kept`
/// (`serve`) holds them made of the same.
pub(super) fn link_indexes(
    editions: &[Visible],
    not_shown: &[Arc<str>],
    withheld: &Arc<Withheld>,
    kept: Option<&mut KeptLinks>,
    same_shown: bool,
) -> Vec<LinkIndex> {
    if same_shown && let Some(links) = kept.as_deref().and_then(|k| k.same(not_shown, withheld)) {
        return links;
    }
    let links: Vec<LinkIndex> = (0..editions.len())
        .map(|i| link_index(editions, i, not_shown, withheld))
        .collect();
    if let Some(k) = kept {
        k.last = Some(LastLinks {
            editions: editions.iter().map(EditionRead::of).collect(),
            not_shown: not_shown.to_vec(),
            withheld: Arc::clone(withheld),
            links: links.clone(),
        });
    }
    links
}

/// The link indexes the last gate made (`serve`), with what they were
/// made of.
#[derive(Default)]
pub(super) struct KeptLinks {
    last: Option<LastLinks>,
}

struct LastLinks {
    editions: Vec<EditionRead>,
    not_shown: Vec<Arc<str>>,
    withheld: Arc<Withheld>,
    links: Vec<LinkIndex>,
}

/// What [`link_index`] reads of an edition: its language, its prefix and
/// the path the site is served under, and each document's section, key,
/// original's key and slug, in order.
struct EditionRead {
    lang: String,
    prefix: String,
    base_path: String,
    docs: Vec<DocRead>,
}

/// What [`link_index`] reads of a document: its section, key, original's
/// key and slug.
type DocRead = (Section, Arc<str>, Arc<str>, Arc<str>);

impl EditionRead {
    fn of(e: &Visible) -> EditionRead {
        let mut docs = Vec::new();
        crate::for_each_kind!(e.site(), |list, section| docs.extend(
            (list.iter()).map(|d| (section, d.key.clone(), d.group.clone(), d.slug.clone()))
        ));
        EditionRead {
            lang: e.lang.clone(),
            prefix: e.prefix.clone(),
            base_path: e.base_path().to_string(),
            docs,
        }
    }

    /// Whether `e` reads as this (a document's texts compare by pointer
    /// first: most are the same shared values).
    fn is_of(&self, e: &Visible) -> bool {
        if self.lang != e.lang || self.prefix != e.prefix || self.base_path != e.base_path() {
            return false;
        }
        let mut read = self.docs.iter();
        let mut same = true;
        crate::for_each_kind!(e.site(), |list, section| {
            same = same
                && list.iter().all(|d| {
                    read.next().is_some_and(|(s, key, group, slug)| {
                        *s == section && *key == d.key && *group == d.group && *slug == d.slug
                    })
                });
        });
        same && read.next().is_none()
    }
}

impl KeptLinks {
    /// Whether the documents of `editions` read as those of the last gate
    /// (the one whose link indexes and pages withheld are kept).
    pub(super) fn read_alike(&self, editions: &[Visible]) -> bool {
        self.last.as_ref().is_some_and(|last| {
            last.editions.len() == editions.len()
                && (last.editions.iter().zip(editions)).all(|(l, e)| l.is_of(e))
        })
    }

    /// The last link indexes, if made of `not_shown` and `withheld` (the
    /// same shared pages: the gate keeps them while they are the same,
    /// see [`KeptWithheld`]), for editions that read alike
    /// ([`KeptLinks::read_alike`]).
    fn same(&self, not_shown: &[Arc<str>], withheld: &Arc<Withheld>) -> Option<Vec<LinkIndex>> {
        let last = self.last.as_ref()?;
        let same = Arc::ptr_eq(&last.withheld, withheld) && last.not_shown == not_shown;
        same.then(|| last.links.clone())
    }
}

/// Where `@/` links go in edition `i`: its own documents (by their key and by
/// the key of their original), then the other languages' own versions.
fn link_index(
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
        urls: Arc::new(urls),
        not_visible: Arc::new(not_visible),
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

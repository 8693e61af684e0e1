//! Stage results kept from one run of the pipeline to the next, by their
//! inputs: what lets `serve` run the whole pipeline for every change and
//! still answer in milliseconds. A build and `check` run once and keep
//! nothing ([`Memo::off`]); `serve` keeps one [`Memo`] for its site.
//!
//! Per document, by its file:
//! - its `@/` links, found in its body (the link check reads them), kept
//!   while the body is the same;
//! - its body HTML in each language's part of the site, kept while the
//!   body is the same and each of its `@/` links goes where it went; and
//!   whether the body may name a page the build withholds, kept while the
//!   body and the clues to the withheld pages are the same (such a body is rendered
//!   every time, as its HTML depends on what the gate withholds).
//!
//! Per member version, by its file: its names folded (for the name
//! check), kept while its name, reading and slug are the same; its front
//! matter as the gate redacted it, kept while the front matter read is the
//! same shared value (`audience::Redacted`, which also keeps each story's
//! front matter with its cast linked, and the pages withheld, by theirs).
//!
//! Per site, the people of the name check, each person kept while its
//! versions are the same (`People::of_folded_after`); the finder of the
//! names of the people a build does not show, kept while every member's
//! names and who is shown are the same, and a new one made from it
//! (`Finder::after`: the automaton while the names not shown are the same,
//! each person shown's longer names while the person and the names not
//! shown in them are); with it, per document and language, the names it
//! found in the document (and the texts it looked at, folded), kept while
//! the document's front matter, slug and body HTML are the same. A new
//! finder (someone's name or visibility changed, a member added or
//! removed) looks again only in the documents whose texts hold a form,
//! holding a name not shown now or before, of a person who changed, or who
//! are that person; the others keep their names, and their front-matter
//! URLs are looked at again when the pages withheld changed
//! (`memo/names.rs`).
//!
//! A body is "the same" when it is the same shared text (`Arc`), or equal
//! to it: a document `serve` did not read again shares its body with the
//! site it was copied from. Entries are looked up on all threads and only
//! those of changed documents are written; the entries of documents a
//! site no longer has are let go when there are more entries than documents.

mod names;
pub(super) use names::FinderMade;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::audience::names::{Folds, People, why_not_shown_version};
use crate::audience::{LinkIndex, Policy, Redacted, Visible};
use crate::content::{Doc, Site};
use crate::markdown::{self, InternalLink, Links, Target, Withheld};

/// Stage results of earlier runs, by their inputs.
#[derive(Default)]
pub struct Memo {
    /// Whether to keep anything at all (a build runs once: it does not).
    on: bool,
    /// Each document's `@/` links, by file.
    links: ByFile<Found>,
    /// Each document's body HTML, by language's part of the site, then file.
    html: HashMap<String, ByFile<Made>>,
    /// The pages the last run withheld (whether a body may name one of
    /// them is kept while the clues to them are the same).
    withheld: Option<Arc<Withheld>>,
    /// The names not shown: the last finder, and what it found.
    names: names::Names,
    /// Each member version's names folded, by file.
    folds: ByFile<Arc<Folds>>,
    /// The last people made, what each member version gave them, and the
    /// names the editor said are longer names (`privacy.longer_names`).
    people: Option<(Vec<Version>, Vec<String>, Arc<People>)>,
    /// The members' front matter as the last gate redacted it.
    redacted: Redacted,
}

/// Entries by a document's key (one per file: its path under
/// `content/`), hashed with ahash: the
/// memo looks up every document of a site on every run, and SipHash was
/// a good part of that.
type ByFile<V> = HashMap<Arc<str>, V, ahash::RandomState>;

/// What a member version gives [`People`]: its names folded, key, group,
/// file, whether it is a translation, and why it is not shown.
type Version = (
    Arc<Folds>,
    Arc<str>,
    Arc<str>,
    Arc<std::path::Path>,
    bool,
    Option<&'static str>,
);

/// The `@/` links of a body.
struct Found {
    body: Arc<str>,
    links: Arc<[InternalLink]>,
}

/// A body rendered to HTML, and what that HTML depends on.
struct Made {
    body: Arc<str>,
    /// Whether the body may name a withheld page: then its HTML is not kept.
    named: bool,
    /// Where each `@/` link of the body went, in order.
    targets: Vec<Target>,
    html: Option<Arc<str>>,
}

fn same(a: &Arc<str>, b: &Arc<str>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

impl Memo {
    /// A memo that keeps results between runs (`serve`).
    pub fn new() -> Memo {
        Memo {
            on: true,
            ..Memo::default()
        }
    }

    /// A memo that keeps nothing: each stage computes everything (a build).
    pub fn off() -> Memo {
        Memo::default()
    }

    /// Finds the `@/` links of every body of `site` that this memo does
    /// not know yet.
    pub(super) fn read_links(&mut self, site: &Site) {
        if !self.on {
            return;
        }
        let known = &self.links;
        let new = |key: &Arc<str>, body: &Arc<str>| -> Option<(Arc<str>, Found)> {
            match known.get(&**key) {
                Some(f) if same(&f.body, body) => None,
                _ => {
                    let links = markdown::internal_links(body).into();
                    let found = Found {
                        body: Arc::clone(body),
                        links,
                    };
                    Some((Arc::clone(key), found))
                }
            }
        };
        fn all<F: Send + Sync>(docs: &[Doc<F>], new: &NewLinks) -> Vec<(Arc<str>, Found)> {
            docs.par_iter()
                .with_max_len(256)
                .filter_map(|d| new(&d.key, &d.body))
                .collect()
        }
        let mut found: Vec<(Arc<str>, Found)> = site
            .programme
            .iter()
            .chain(&site.programme_translations)
            .filter_map(|p| new(&p.key, &p.body))
            .collect();
        crate::for_each_kind!(site, |docs, _| found.extend(all(docs, &new)));
        self.links.extend(found);
        let count = site.keys().count()
            + usize::from(site.programme.is_some())
            + site.programme_translations.len();
        if self.links.len() > count {
            let present = keys_of(site);
            self.links.retain(|k, _| present.contains(&**k));
        }
    }

    /// Every member's names (`People::of`), each member version's names
    /// folded again only when its name, reading or slug changed; the last
    /// people again when every version gives them the same.
    pub(super) fn people(&mut self, site: &Site, policy: &Policy) -> Arc<People> {
        if !self.on {
            return Arc::new(People::of(site, policy));
        }
        let known = &self.folds;
        let folded: Vec<(Arc<Folds>, bool)> = site
            .members
            .par_iter()
            .with_max_len(256)
            .map(|m| match known.get(&*m.key) {
                Some(f) if f.are_of(m) => (Arc::clone(f), false),
                _ => (Arc::new(Folds::of(m)), true),
            })
            .collect();
        for (m, (f, new)) in site.members.iter().zip(&folded) {
            if *new {
                self.folds.insert(Arc::clone(&m.key), Arc::clone(f));
            }
        }
        if self.folds.len() > site.members.len() {
            let present: HashSet<&str, ahash::RandomState> =
                site.members.iter().map(|m| &*m.key).collect();
            self.folds.retain(|k, _| present.contains(&**k));
        }
        let folded: Vec<Arc<Folds>> = folded.into_iter().map(|(f, _)| f).collect();
        let whys: Vec<Option<&'static str>> = site
            .members
            .par_iter()
            .with_max_len(256)
            .map(|m| why_not_shown_version(m, policy))
            .collect();
        let longer_names = &policy.privacy.longer_names;
        if let Some((versions, longer_names0, people)) = &self.people
            && longer_names == longer_names0
            && versions.len() == site.members.len()
            && (site.members.iter().zip(&folded).zip(&whys).zip(versions)).all(
                |(((m, f), why), (f0, key, group, path, translation, why0))| {
                    Arc::ptr_eq(f, f0)
                        && m.key == *key
                        && m.group == *group
                        && m.path == *path
                        && m.is_translation() == *translation
                        && why == why0
                },
            )
        {
            return Arc::clone(people);
        }
        let before = self.people.as_ref().map(|(_, _, people)| &**people);
        let people = Arc::new(People::of_folded_after(site, policy, &folded, before));
        let versions = (site.members.iter().zip(folded).zip(whys))
            .map(|((m, f), why)| {
                let (key, group) = (m.key.clone(), m.group.clone());
                (f, key, group, m.path.clone(), m.is_translation(), why)
            })
            .collect();
        self.people = Some((versions, longer_names.clone(), Arc::clone(&people)));
        people
    }

    /// The redactions of the last gate, for the next (`audience::filter_with`);
    /// `None` when this memo keeps nothing. Taken out, so that the gate
    /// runs beside stages that use the rest of the memo: given back with
    /// [`Memo::put_redacted`].
    pub(super) fn take_redacted(&mut self) -> Option<Redacted> {
        self.on.then(|| std::mem::take(&mut self.redacted))
    }

    /// Gives back what [`Memo::take_redacted`] took, as the gate left it.
    pub(super) fn put_redacted(&mut self, redacted: Option<Redacted>) {
        if let Some(redacted) = redacted {
            self.redacted = redacted;
        }
    }

    /// The `@/` links of `body`, the body of the document `key`.
    pub(super) fn links_of(&self, key: &str, body: &Arc<str>) -> Arc<[InternalLink]> {
        match self.links.get(key) {
            Some(f) if same(&f.body, body) => Arc::clone(&f.links),
            _ => markdown::internal_links(body).into(),
        }
    }

    /// Renders the body of every document of `editions`, each as the
    /// Markdown stage does, taking the HTML of an earlier run where its
    /// inputs are the same; then lets go of the Markdown sources.
    pub(super) fn render_markdown(&mut self, editions: &mut [Visible]) {
        if !self.on {
            return editions.iter_mut().for_each(render_edition);
        }
        let withheld = editions.first().and_then(|e| e.links().withheld()).cloned();
        // Whether a body may name a withheld page depends on no more
        // than the clues to such a page (see `Withheld::named_alike`).
        let same_withheld = match (&self.withheld, &withheld) {
            (Some(a), Some(b)) => a.named_alike(b),
            (a, b) => a.is_none() && b.is_none(),
        };
        for visible in editions {
            let part = visible.lang().to_string();
            let mut kept = self.html.remove(&part).unwrap_or_default();
            let (site, links) = visible.site_mut_with_links();
            let html_of = |key: &str, lang: &str, body: &Arc<str>| {
                let before = kept.get(key).filter(|m| same(&m.body, body));
                self.html_of(before, same_withheld, key, lang, body, links)
            };
            let mut made: Vec<(Arc<str>, Made)> = Vec::new();
            if let Some(p) = site.programme.as_mut() {
                made.extend(render_one(p, &html_of));
            }
            crate::for_each_kind!(mut *site, |docs, _| made.extend(render_many(docs, &html_of)));
            kept.extend(made);
            let count = site.keys().count() + usize::from(site.programme.is_some());
            if kept.len() > count {
                let present = keys_of(site);
                kept.retain(|k, _| present.contains(&**k));
            }
            self.html.insert(part, kept);
        }
        self.withheld = withheld;
    }

    /// The HTML of `body` (of the document `key`, written in `lang`) with
    /// `links`, taken from `before` (the same body, made by an earlier
    /// run) when the rest of its inputs are the same; with what it was
    /// made from when that changed.
    fn html_of(
        &self,
        before: Option<&Made>,
        same_withheld: bool,
        key: &str,
        lang: &str,
        body: &Arc<str>,
        links: &LinkIndex,
    ) -> (Arc<str>, Option<Made>) {
        let links = links.in_lang(lang);
        let named = match before {
            Some(m) if same_withheld => m.named,
            _ => links.withheld().is_some_and(|w| w.may_be_named_in(body)),
        };
        let render = || -> Arc<str> { markdown::render(body, &links).html.into() };
        if named {
            // Not kept: its HTML depends on what the gate withholds.
            let made = (before.is_none_or(|m| !m.named)).then(|| Made {
                body: Arc::clone(body),
                named,
                targets: Vec::new(),
                html: None,
            });
            return (render(), made);
        }
        let targets: Vec<Target> = self
            .links_of(key, body)
            .iter()
            .map(|l| links.resolve(l.key()))
            .collect();
        if let Some(m) = before
            && !m.named
            && m.targets == targets
            && let Some(html) = &m.html
        {
            return (Arc::clone(html), None);
        }
        let html = render();
        let made = Made {
            body: Arc::clone(body),
            named,
            targets,
            html: Some(Arc::clone(&html)),
        };
        (html, Some(made))
    }
}

/// The files of every document of `site`.
fn keys_of(site: &Site) -> HashSet<&str, ahash::RandomState> {
    let mut paths: HashSet<&str, ahash::RandomState> = site
        .programme
        .iter()
        .chain(&site.programme_translations)
        .map(|p| &*p.key)
        .collect();
    crate::for_each_kind!(site, |docs, _| paths.extend(docs.iter().map(|d| &*d.key)));
    paths
}

/// The `@/` links of a body (of the file at a path) that the memo does not
/// know yet, found.
type NewLinks<'a> = dyn Fn(&Arc<str>, &Arc<str>) -> Option<(Arc<str>, Found)> + Sync + 'a;

/// What the Markdown stage gives a document's body: its HTML, and what it
/// was made from when that is new to the memo.
type HtmlOf<'a> = dyn Fn(&str, &str, &Arc<str>) -> (Arc<str>, Option<Made>) + Sync + 'a;

/// Renders the body of `doc` with `html_of`, and lets go of its source.
fn render_one<F>(doc: &mut Doc<F>, html_of: &HtmlOf) -> Option<(Arc<str>, Made)> {
    let (html, made) = html_of(&doc.key, &doc.lang, &doc.body);
    doc.html = html;
    doc.body = "".into();
    made.map(|m| (Arc::clone(&doc.key), m))
}

fn render_many<F: Send + Sync>(docs: &mut [Doc<F>], html_of: &HtmlOf) -> Vec<(Arc<str>, Made)> {
    docs.par_iter_mut()
        .with_max_len(32)
        .filter_map(|d| render_one(d, html_of))
        .collect()
}

/// Renders every visible body (links were checked before the privacy
/// gate).
pub(super) fn render_edition(visible: &mut Visible) {
    let (site, links) = visible.site_mut_with_links();
    if let Some(p) = site.programme.as_mut() {
        render_doc(p, links);
    }
    crate::for_each_kind!(mut *site, |docs, _| render_all(docs, links));
}

fn render_all<F: Send + Sync>(docs: &mut [Doc<F>], links: &LinkIndex) {
    docs.par_iter_mut()
        .with_max_len(32)
        .for_each(|d| render_doc(d, links));
}

fn render_doc<F>(doc: &mut Doc<F>, links: &LinkIndex) {
    doc.html = markdown::render(&doc.body, &links.in_lang(&doc.lang))
        .html
        .into();
    // Nothing after this stage reads the source: let it go (at 300,000
    // members the bodies are over a gigabyte).
    doc.body = "".into();
}

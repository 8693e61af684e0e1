//! Stage results kept from one run of the pipeline to the next, by their
//! inputs: what lets `serve` run the whole pipeline for every change and
//! still answer in milliseconds. A build and `check` run once and keep
//! nothing ([`Memo::off`]); `serve` keeps one [`Memo`] for its site.
//!
//! Per document, by its file:
//! - its `@/` links, found in its body (the link check reads them), kept
//!   while the body is the same;
//! - its body HTML in each language's part of the site, kept while the
//!   body is the same and each of its `@/` links goes where it went (a
//!   body that may name a withheld page is rendered every time, as its
//!   HTML depends on what the gate withholds).
//!
//! Per site, the finder of the names of the people a build does not show,
//! kept while every member's names and who is shown are the same; with it,
//! per document and language, the names it found in the document, kept
//! while the document's front matter, slug and body HTML are the same.
//!
//! A body is "the same" when it is the same shared text (`Arc`), or equal
//! to it: a document `serve` did not read again shares its body with the
//! site it was copied from. Each run keeps the entries of the documents
//! it saw, so nothing outlives its document.

use std::any::Any;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::audience::names::{self, Finder, FreeText, Mention, People, Shown};
use crate::audience::{LinkIndex, Visible};
use crate::content::{Doc, Site};
use crate::markdown::{self, InternalLink, Links, Target};

/// Stage results of earlier runs, by their inputs.
#[derive(Default)]
pub struct Memo {
    /// Whether to keep anything at all (a build runs once: it does not).
    on: bool,
    /// Each document's `@/` links, by file.
    links: HashMap<PathBuf, Found>,
    /// Each document's body HTML, by language's part of the site, then file.
    html: HashMap<String, HashMap<PathBuf, Made>>,
    /// The last finder of names, with the names and the shown it was made of.
    finder: Option<(Arc<People>, Shown, Arc<Finder>)>,
    /// What that finder found in each document, by language's part, then file.
    mentions: HashMap<String, HashMap<PathBuf, Scanned>>,
}

/// What a finder found in a document, and the document it looked at.
struct Scanned {
    front: Arc<dyn Any + Send + Sync>,
    slug: String,
    html: Arc<str>,
    mentions: Vec<Mention>,
}

/// A finder of names: the last run's, or one to make.
pub enum FinderOf {
    Kept(Arc<Finder>),
    New {
        people: Arc<People>,
        shown: Box<Shown>,
        /// What it is made of, to keep with it (`None`: a build).
        key: Option<Box<(Arc<People>, Shown)>>,
    },
}

/// A finder of names, and what to keep of it (see [`Memo::mentions`]).
pub struct FinderMade {
    pub finder: Arc<Finder>,
    kept: bool,
    key: Option<Box<(Arc<People>, Shown)>>,
}

impl FinderOf {
    /// The finder, made now unless kept.
    pub fn make(self) -> FinderMade {
        match self {
            FinderOf::Kept(finder) => FinderMade {
                finder,
                kept: true,
                key: None,
            },
            FinderOf::New { people, shown, key } => FinderMade {
                finder: Arc::new(Finder::of(people, *shown)),
                kept: false,
                key,
            },
        }
    }
}

/// The `@/` links of a body.
struct Found {
    body: Arc<str>,
    links: Arc<[InternalLink]>,
}

/// A body rendered to HTML, and what that HTML depends on.
struct Made {
    body: Arc<str>,
    /// Where each `@/` link of the body went, in order.
    targets: Vec<Target>,
    html: Arc<str>,
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
    /// not know yet; forgets those of documents `site` no longer has.
    pub(super) fn read_links(&mut self, site: &Site) {
        if !self.on {
            return;
        }
        let old = std::mem::take(&mut self.links);
        let found = |path: &Path, body: &Arc<str>| -> (PathBuf, Found) {
            let links = match old.get(path) {
                Some(f) if same(&f.body, body) => Arc::clone(&f.links),
                _ => markdown::internal_links(body).into(),
            };
            let body = Arc::clone(body);
            (path.to_path_buf(), Found { body, links })
        };
        fn all<F: Send + Sync>(docs: &[Doc<F>], found: &FoundIn) -> Vec<(PathBuf, Found)> {
            docs.par_iter()
                .with_max_len(256)
                .map(|d| found(&d.path, &d.body))
                .collect()
        }
        let mut links: Vec<(PathBuf, Found)> = site
            .programme
            .iter()
            .chain(&site.programme_translations)
            .map(|p| found(&p.path, &p.body))
            .collect();
        crate::for_each_kind!(site, |docs, _| links.extend(all(docs, &found)));
        self.links = links.into_iter().collect();
        drop_on_other_thread(old);
    }

    /// The `@/` links of `body`, the body of the file `path`.
    pub(super) fn links_of(&self, path: &Path, body: &Arc<str>) -> Arc<[InternalLink]> {
        match self.links.get(path) {
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
        let old = std::mem::take(&mut self.html);
        let mut new = HashMap::with_capacity(old.len());
        for visible in editions {
            let part = visible.lang().to_string();
            let (site, links) = visible.site_mut_with_links();
            let before = old.get(&part);
            let html_of = |path: &Path, lang: &str, body: &Arc<str>| {
                self.html_of(before.and_then(|b| b.get(path)), path, lang, body, links)
            };
            let mut made: HashMap<PathBuf, Made> = HashMap::new();
            if let Some(p) = site.programme.as_mut() {
                made.extend(render_one(p, &html_of));
            }
            crate::for_each_kind!(mut *site, |docs, _| made.extend(render_many(docs, &html_of)));
            new.insert(part, made);
        }
        self.html = new;
        drop_on_other_thread(old);
    }

    /// The HTML of `body` (of the file `path`, written in `lang`) with
    /// `links`, taken from `before` when its inputs are the same; with what
    /// it was made from when it may be kept.
    fn html_of(
        &self,
        before: Option<&Made>,
        path: &Path,
        lang: &str,
        body: &Arc<str>,
        links: &LinkIndex,
    ) -> (Arc<str>, Option<Made>) {
        let links = links.in_lang(lang);
        if links.withheld().is_some_and(|w| w.may_be_named_in(body)) {
            // Not kept: its HTML depends on what the gate withholds.
            return (markdown::render(body, &links).html.into(), None);
        }
        let targets: Vec<Target> = self
            .links_of(path, body)
            .iter()
            .map(|l| links.resolve(l.key()))
            .collect();
        let html = match before {
            Some(m) if same(&m.body, body) && m.targets == targets => Arc::clone(&m.html),
            _ => markdown::render(body, &links).html.into(),
        };
        let made = Made {
            body: Arc::clone(body),
            targets,
            html: Arc::clone(&html),
        };
        (html, Some(made))
    }
}

impl Memo {
    /// The finder of the names of `people` that `shown` does not show:
    /// the last one when made of the same.
    pub(super) fn finder(&self, people: Arc<People>, shown: Shown) -> FinderOf {
        if let Some((p, s, finder)) = &self.finder
            && (Arc::ptr_eq(p, &people) || **p == *people)
            && *s == shown
        {
            return FinderOf::Kept(Arc::clone(finder));
        }
        let key = self
            .on
            .then(|| Box::new((Arc::clone(&people), shown.clone())));
        let shown = Box::new(shown);
        FinderOf::New { people, shown, key }
    }

    /// The names not shown in the documents of `editions`, each once, in
    /// order (as [`names::check`]): what `made` found in a document before
    /// is taken again while the document is the same.
    pub(super) fn mentions(&mut self, made: &mut FinderMade, editions: &[Visible]) -> Vec<Mention> {
        if !self.on {
            return names::check(&made.finder, editions);
        }
        if !made.kept {
            self.mentions.clear();
            self.finder = made
                .key
                .take()
                .map(|key| (key.0, key.1, Arc::clone(&made.finder)));
        }
        let finder = &made.finder;
        let old = std::mem::take(&mut self.mentions);
        let mut found: Vec<Mention> = Vec::new();
        for e in editions {
            let before = old.get(e.lang());
            let mut scanned: HashMap<PathBuf, Scanned> = HashMap::new();
            let site = e.site();
            if let Some(p) = &site.programme {
                let (path, s) = scan(finder, before, p);
                found.extend(s.mentions.iter().cloned());
                scanned.insert(path, s);
            }
            crate::for_each_kind!(site, |docs, _| {
                let all: Vec<(PathBuf, Scanned)> = docs
                    .par_iter()
                    .with_max_len(64)
                    .map(|d| scan(finder, before, d))
                    .collect();
                for (path, s) in all {
                    found.extend(s.mentions.iter().cloned());
                    scanned.insert(path, s);
                }
            });
            self.mentions.insert(e.lang().to_string(), scanned);
        }
        drop_on_other_thread(old);
        found.sort();
        found.dedup();
        found
    }
}

/// What `finder` finds in `doc`, or found before (`before`) in the same document.
fn scan<F: FreeText + PartialEq + Send + Sync + 'static>(
    finder: &Finder,
    before: Option<&HashMap<PathBuf, Scanned>>,
    doc: &Doc<F>,
) -> (PathBuf, Scanned) {
    let front: Arc<dyn Any + Send + Sync> = Arc::clone(&doc.front) as _;
    let kept = before.and_then(|b| b.get(&doc.path)).filter(|s| {
        let same_front =
            Arc::ptr_eq(&s.front, &front) || s.front.downcast_ref::<F>() == Some(&*doc.front);
        same_front && s.slug == doc.slug && same(&s.html, &doc.html)
    });
    let mentions = match kept {
        Some(s) => s.mentions.clone(),
        None => finder.scan(doc),
    };
    let scanned = Scanned {
        front,
        slug: doc.slug.clone(),
        html: Arc::clone(&doc.html),
        mentions,
    };
    (doc.path.clone(), scanned)
}

/// The `@/` links of a body (of the file at a path), from the memo or found.
type FoundIn<'a> = dyn Fn(&Path, &Arc<str>) -> (PathBuf, Found) + Sync + 'a;

/// What the Markdown stage gives a document's body: its HTML, and what it
/// was made from when it may be kept.
type HtmlOf<'a> = dyn Fn(&Path, &str, &Arc<str>) -> (Arc<str>, Option<Made>) + Sync + 'a;

/// Renders the body of `doc` with `html_of`, and lets go of its source.
fn render_one<F>(doc: &mut Doc<F>, html_of: &HtmlOf) -> Option<(PathBuf, Made)> {
    let (html, made) = html_of(&doc.path, &doc.lang, &doc.body);
    doc.html = html;
    doc.body = "".into();
    made.map(|m| (doc.path.clone(), m))
}

fn render_many<F: Send + Sync>(docs: &mut [Doc<F>], html_of: &HtmlOf) -> Vec<(PathBuf, Made)> {
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

/// Lets go of `value` on another thread: a large map takes milliseconds to free.
fn drop_on_other_thread<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

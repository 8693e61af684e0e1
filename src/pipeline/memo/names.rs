//! The names-not-shown part of the [`Memo`](super::Memo): the last finder,
//! with the names and the shown it was made of, and what it found in each
//! document, with the texts it looked at (folded), so that the next finder
//! looks again only where it may find something else
//! ([`names::Changes`]).

use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::{ByFile, Memo, same};
use crate::audience::Visible;
use crate::audience::names::{
    self, Changes, Finder, FreeText, Looked, Mention, People, Shown, WithheldSince,
};
use crate::content::Doc;

/// The last finder of names, and what it found.
#[derive(Default)]
pub(super) struct Names {
    /// The last finder, with the names and the shown it was made of.
    finder: Option<(Arc<People>, Shown, Arc<Finder>)>,
    /// What that finder found in each document, by language's part, then file.
    found: HashMap<String, ByFile<Scanned>>,
}

/// What a finder found in a document, and the document it looked at.
struct Scanned {
    front: Arc<dyn Any + Send + Sync>,
    slug: Arc<str>,
    html: Arc<str>,
    /// The names of people not shown it found.
    names: Vec<Mention>,
    /// Its front-matter URLs into pages withheld.
    urls: Vec<Mention>,
    /// The texts it looked at, folded.
    looked: Looked,
}

/// What a scan changes of the memo's entry for a document.
enum Update {
    /// A new entry.
    Scanned(Scanned),
    /// The same names, other URLs into pages withheld.
    Urls(Vec<Mention>),
}

/// How the finder of this run differs from the one that found what the
/// memo holds.
enum Since {
    /// It is the same finder.
    Same,
    /// Another: what it finds in a document that did not change is what
    /// the last one found unless [`Changes`] says it may differ; the URLs
    /// are looked at again when the pages withheld changed (only for the
    /// pages added, and those found before, when it is known which).
    Changed {
        changes: Changes,
        withheld: WithheldSince,
    },
}

/// A finder of names: the last run's, or one to make.
pub enum FinderOf {
    Kept(Arc<Finder>),
    New {
        people: Arc<People>,
        shown: Box<Shown>,
        /// The last finder, which it takes from what it would make the same.
        before: Option<Arc<Finder>>,
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
            FinderOf::New {
                people,
                shown,
                before,
                key,
            } => FinderMade {
                finder: Arc::new(Finder::after(people, *shown, before.as_deref())),
                kept: false,
                key,
            },
        }
    }
}

impl Memo {
    /// The finder of the names of `people` that `shown` does not show:
    /// the last one when made of the same.
    pub(in crate::pipeline) fn finder(&self, people: Arc<People>, shown: Shown) -> FinderOf {
        if let Some((p, s, finder)) = &self.names.finder
            && (Arc::ptr_eq(p, &people) || **p == *people)
            && *s == shown
        {
            return FinderOf::Kept(Arc::clone(finder));
        }
        let key = self
            .on
            .then(|| Box::new((Arc::clone(&people), shown.clone())));
        let shown = Box::new(shown);
        let before = (self.names.finder.as_ref()).map(|(_, _, finder)| Arc::clone(finder));
        FinderOf::New {
            people,
            shown,
            before,
            key,
        }
    }

    /// The names not shown in the documents of `editions`, each once, in
    /// order (as [`names::check`]): what was found in a document before is
    /// taken again while the document is the same and `made` is the same
    /// finder, or one that finds the same in it.
    pub(in crate::pipeline) fn mentions(
        &mut self,
        made: &mut FinderMade,
        editions: &[Visible],
    ) -> Vec<Mention> {
        if !self.on {
            return names::check(&made.finder, editions);
        }
        let memo = &mut self.names;
        let finder = &made.finder;
        let since = match &memo.finder {
            _ if made.kept => Since::Same,
            Some((_, _, before)) => Since::Changed {
                changes: finder.changes_since(before),
                withheld: finder.withheld_since(before),
            },
            None => {
                memo.found.clear();
                Since::Same
            }
        };
        if !made.kept {
            memo.finder = (made.key.take()).map(|key| (key.0, key.1, Arc::clone(finder)));
        }
        let mut all: Vec<Mention> = Vec::new();
        for e in editions {
            let mut kept = memo.found.remove(e.lang()).unwrap_or_default();
            let site = e.site();
            let mut new: Vec<(Arc<str>, Update)> = Vec::new();
            let mut take = |(mentions, update): (Vec<Mention>, Option<(Arc<str>, Update)>)| {
                all.extend(mentions);
                new.extend(update);
            };
            if let Some(p) = &site.programme {
                take(scan(finder, &since, &kept, p));
            }
            crate::for_each_kind!(site, |docs, _| {
                let found: Vec<_> = docs
                    .par_iter()
                    .with_max_len(64)
                    .map(|d| scan(finder, &since, &kept, d))
                    .collect();
                found.into_iter().for_each(&mut take);
            });
            for (path, update) in new {
                match update {
                    Update::Scanned(scanned) => {
                        kept.insert(path, scanned);
                    }
                    Update::Urls(urls) => {
                        if let Some(s) = kept.get_mut(&path) {
                            s.urls = urls;
                        }
                    }
                }
            }
            let count = site.keys().count() + usize::from(site.programme.is_some());
            if kept.len() > count {
                let present = super::keys_of(site);
                kept.retain(|k, _| present.contains(&**k));
            }
            memo.found.insert(e.lang().to_string(), kept);
        }
        all.sort();
        all.dedup();
        all
    }
}

/// What `finder` finds in `doc`: found before (in `kept`) while the
/// document is the same and the finder finds the same in it (`since`),
/// else found now and to be kept.
fn scan<F: FreeText + PartialEq + Send + Sync + 'static>(
    finder: &Finder,
    since: &Since,
    kept: &ByFile<Scanned>,
    doc: &Doc<F>,
) -> (Vec<Mention>, Option<(Arc<str>, Update)>) {
    let same_doc = |s: &&Scanned| {
        let front = Arc::as_ptr(&s.front) as *const () == Arc::as_ptr(&doc.front) as *const ()
            || s.front.downcast_ref::<F>() == Some(&*doc.front);
        front && s.slug == doc.slug && same(&s.html, &doc.html)
    };
    let before = kept.get(&*doc.key).filter(same_doc);
    let both = |names: &[Mention], urls: &[Mention]| -> Vec<Mention> {
        names.iter().chain(urls).cloned().collect()
    };
    match (before, since) {
        (Some(s), Since::Same) => return (both(&s.names, &s.urls), None),
        (Some(s), Since::Changed { changes, withheld })
            if !changes.may_differ_in(&doc.group, &s.looked) =>
        {
            let urls = match withheld {
                WithheldSince::Same => return (both(&s.names, &s.urls), None),
                WithheldSince::Added(added) => finder.scan_urls_since(doc, &s.urls, added),
                WithheldSince::Other => finder.scan_urls(doc),
            };
            let found = both(&s.names, &urls);
            return (found, Some((Arc::clone(&doc.key), Update::Urls(urls))));
        }
        _ => {}
    }
    let mut looked = Looked::default();
    let names = finder.scan_names(doc, Some(&mut looked));
    let urls = finder.scan_urls(doc);
    let scanned = Scanned {
        front: Arc::clone(&doc.front) as _,
        slug: Arc::clone(&doc.slug),
        html: Arc::clone(&doc.html),
        names: names.clone(),
        urls: urls.clone(),
        looked,
    };
    let update = Update::Scanned(scanned);
    (both(&names, &urls), Some((Arc::clone(&doc.key), update)))
}

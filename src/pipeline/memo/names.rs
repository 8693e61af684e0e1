//! The names-not-shown part of the [`Memo`](super::Memo): the last finder,
//! with the names and the shown it was made of, and what it found in each
//! document.

use std::any::Any;
use std::collections::HashMap;
use std::ffi::OsString;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Memo, key, same};
use crate::audience::Visible;
use crate::audience::names::{self, Finder, FreeText, Mention, People, Shown};
use crate::content::Doc;

/// The last finder of names, and what it found.
#[derive(Default)]
pub(super) struct Names {
    /// The last finder, with the names and the shown it was made of.
    finder: Option<(Arc<People>, Shown, Arc<Finder>)>,
    /// What that finder found in each document, by language's part, then file.
    found: HashMap<String, HashMap<OsString, Scanned>>,
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
        FinderOf::New { people, shown, key }
    }

    /// The names not shown in the documents of `editions`, each once, in
    /// order (as [`names::check`]): what `made` found in a document before
    /// is taken again while the document is the same.
    pub(in crate::pipeline) fn mentions(
        &mut self,
        made: &mut FinderMade,
        editions: &[Visible],
    ) -> Vec<Mention> {
        if !self.on {
            return names::check(&made.finder, editions);
        }
        let memo = &mut self.names;
        if !made.kept {
            memo.found.clear();
            memo.finder = (made.key.take()).map(|key| (key.0, key.1, Arc::clone(&made.finder)));
        }
        let finder = &made.finder;
        let mut all: Vec<Mention> = Vec::new();
        for e in editions {
            let mut kept = memo.found.remove(e.lang()).unwrap_or_default();
            let site = e.site();
            let mut new: Vec<(OsString, Scanned)> = Vec::new();
            let mut take = |(mentions, scanned): (Vec<Mention>, Option<(OsString, Scanned)>)| {
                all.extend(mentions);
                new.extend(scanned);
            };
            if let Some(p) = &site.programme {
                take(scan(finder, &kept, p));
            }
            crate::for_each_kind!(site, |docs, _| {
                let found: Vec<_> = docs
                    .par_iter()
                    .with_max_len(64)
                    .map(|d| scan(finder, &kept, d))
                    .collect();
                found.into_iter().for_each(&mut take);
            });
            kept.extend(new);
            let count = site.keys().count() + usize::from(site.programme.is_some());
            if kept.len() > count {
                let present = super::paths_of(site);
                kept.retain(|k, _| present.contains(k.as_os_str()));
            }
            memo.found.insert(e.lang().to_string(), kept);
        }
        all.sort();
        all.dedup();
        all
    }
}

/// What `finder` finds in `doc`: found before (in `kept`) while the
/// document is the same, else found now and to be kept.
fn scan<F: FreeText + PartialEq + Send + Sync + 'static>(
    finder: &Finder,
    kept: &HashMap<OsString, Scanned>,
    doc: &Doc<F>,
) -> (Vec<Mention>, Option<(OsString, Scanned)>) {
    let same_doc = |s: &&Scanned| {
        let front = Arc::as_ptr(&s.front) as *const () == Arc::as_ptr(&doc.front) as *const ()
            || s.front.downcast_ref::<F>() == Some(&*doc.front);
        front && s.slug == doc.slug && same(&s.html, &doc.html)
    };
    if let Some(s) = kept.get(key(&doc.path)).filter(same_doc) {
        return (s.mentions.clone(), None);
    }
    let mentions = finder.scan(doc);
    let scanned = Scanned {
        front: Arc::clone(&doc.front) as _,
        slug: doc.slug.clone(),
        html: Arc::clone(&doc.html),
        mentions: mentions.clone(),
    };
    (mentions, Some((key(&doc.path).to_owned(), scanned)))
}

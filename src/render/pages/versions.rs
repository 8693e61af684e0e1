//! A page's versions in the site's languages: for `hreflang` links, the
//! sitemap's alternates and the language switcher. A document's versions
//! are those written in each language (a page shown in place of a missing
//! translation is no version); list pages exist in every language.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::audience::Visible;
use crate::content::{Doc, Section, Site};

/// The page in one language, where it exists there.
#[derive(Debug, Clone)]
pub struct LangUrl<'a> {
    pub lang: &'a str,
    /// Site-absolute URL; `None` when the page has no version in `lang`.
    pub url: Option<String>,
}

/// One language's documents, by section and original key.
struct Edition<'a> {
    lang: &'a str,
    prefix: &'a str,
    urls: HashMap<(Section, &'a str), String, ahash::RandomState>,
}

/// Where each page of one plan is in every language.
pub struct Versions<'a> {
    editions: Vec<Edition<'a>>,
    here: usize,
}

impl<'a> Versions<'a> {
    /// The versions of the pages of `editions[here]`.
    pub fn new(editions: &'a [Visible], here: usize) -> Self {
        let editions = editions
            .iter()
            .map(|e| Edition {
                lang: e.lang(),
                prefix: e.prefix(),
                urls: own_urls(e),
            })
            .collect();
        Versions { editions, here }
    }

    /// The document `group` of `section` in each language.
    pub fn of_doc(&self, section: Section, group: &str) -> Vec<LangUrl<'a>> {
        self.editions
            .iter()
            .map(|e| LangUrl {
                lang: e.lang,
                url: e.urls.get(&(section, group)).cloned(),
            })
            .collect()
    }

    /// A page every language has, at `path` after the language's prefix.
    pub fn of_list(&self, path: &str) -> Vec<LangUrl<'a>> {
        self.editions
            .iter()
            .map(|e| LangUrl {
                lang: e.lang,
                url: Some(format!("{}{path}", e.prefix)),
            })
            .collect()
    }

    /// A page of this language only, at `url`.
    pub fn only_here(&self, url: String) -> Vec<LangUrl<'a>> {
        let mut url = Some(url);
        self.editions
            .iter()
            .enumerate()
            .map(|(i, e)| LangUrl {
                lang: e.lang,
                url: if i == self.here { url.take() } else { None },
            })
            .collect()
    }
}

/// The URLs of the documents written in `e`'s language (not fallbacks),
/// made on all threads.
fn own_urls(e: &Visible) -> HashMap<(Section, &str), String, ahash::RandomState> {
    fn of<'s, F: Send + Sync>(
        e: &Visible,
        docs: &'s [Doc<F>],
        section: Section,
    ) -> Vec<((Section, &'s str), String)> {
        docs.par_iter()
            .with_max_len(256)
            .filter(|d| !e.is_fallback(d))
            .map(|d| {
                let url = section.url_in(e.prefix(), &d.slug);
                ((section, d.group.as_ref()), url)
            })
            .collect()
    }
    let s: &Site = e.site();
    let mut out = HashMap::default();
    out.extend(of(e, &s.members, Section::Members));
    out.extend(of(e, &s.stories, Section::Stories));
    out.extend(of(e, &s.events, Section::Events));
    out.extend(of(e, &s.jobs, Section::Jobs));
    out.extend(of(e, &s.news, Section::News));
    out.extend(of(e, &s.pages, Section::Pages));
    out
}

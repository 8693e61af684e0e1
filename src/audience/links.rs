//! Where `@/` links go in each language's part of the site: to a visible
//! document's URL, to plain text for a document this build does not show,
//! or nowhere (missing, an error found before the gate).

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::Visible;
use crate::content::{Doc, Section};
use crate::markdown::{Links, Target};

/// Where `@/` links go in this build.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// Key → URL of every visible document.
    urls: HashMap<String, String>,
    /// Keys of documents that exist but are not visible (links to them become text).
    not_visible: HashSet<String>,
}

impl Links for LinkIndex {
    fn resolve(&self, key: &str) -> Target {
        if let Some(url) = self.urls.get(key) {
            Target::Url(url.clone())
        } else if self.not_visible.contains(key) {
            Target::NotVisible
        } else {
            Target::Missing
        }
    }
}

/// Where `@/` links go in edition `i`: its own documents (by their key and by
/// the key of their original), then the other languages' own versions.
pub(super) fn link_index(editions: &[Visible], i: usize, all_keys: &[String]) -> LinkIndex {
    let here = &editions[i];
    let mut urls: HashMap<String, String> = own_urls(here, false).into_iter().collect();
    for (group, url) in own_urls(here, true) {
        urls.entry(group).or_insert(url);
    }
    for other in editions.iter().filter(|e| e.lang != here.lang) {
        for (key, url) in own_urls(other, false) {
            urls.entry(key).or_insert(url);
        }
    }
    let not_visible = all_keys
        .par_iter()
        .filter(|k| !urls.contains_key(*k))
        .cloned()
        .collect();
    LinkIndex { urls, not_visible }
}

/// (key, URL) of every document of `edition`, keyed by its own key or (with
/// `by_group`) by its original's, made on all threads.
fn own_urls(edition: &Visible, by_group: bool) -> Vec<(String, String)> {
    fn of<F: Send + Sync>(
        docs: &[Doc<F>],
        section: Section,
        prefix: &str,
        by_group: bool,
    ) -> Vec<(String, String)> {
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
    let mut all = of(&site.members, Section::Members, prefix, by_group);
    all.extend(of(&site.stories, Section::Stories, prefix, by_group));
    all.extend(of(&site.events, Section::Events, prefix, by_group));
    all.extend(of(&site.jobs, Section::Jobs, prefix, by_group));
    all.extend(of(&site.news, Section::News, prefix, by_group));
    all.extend(of(&site.pages, Section::Pages, prefix, by_group));
    all
}

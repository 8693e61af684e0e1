//! Story casts: each story's `members` as the gate lets them through, the
//! slugs of the visible members it names; and, for `serve`, the front
//! matter so linked kept from one run to the next ([`Casts`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::content::Site;
use crate::content::kinds::Story;

/// The stories' front matter with their casts linked by an earlier gate,
/// by language's part of the site and story (its key, one per file):
/// taken again while the front matter read is the same shared value and
/// the cast comes out the same, so that a story's front matter stays the
/// same value from one run to the next (later stages compare it by
/// pointer; a story naming someone not shown would otherwise be copied on
/// every run).
#[derive(Default)]
pub(super) struct Casts {
    linked: HashMap<String, HashMap<Arc<str>, Linked, ahash::RandomState>>,
}

/// A story's front matter as read, and with its cast linked.
type Linked = (Arc<Story>, Arc<Story>);

/// Rewrites each story's `members` to the slugs of visible members it names
/// (by slug or by file stem), dropping everyone else; in the part of the
/// site for `lang`, taking from `kept` (when given) a front matter linked
/// alike by an earlier run, and keeping this run's in it.
pub(super) fn link_story_members(site: &mut Site, lang: &str, kept: Option<&mut Casts>) {
    if site.stories.iter().all(|s| s.front.members.is_empty()) {
        return;
    }
    // Only the names the stories give are looked up: a member is found
    // by slug first, else by the stem of their file.
    let mut slug_of: HashMap<&str, Option<&str>, ahash::RandomState> = site
        .stories
        .iter()
        .flat_map(|s| s.front.members.iter().map(|name| (name.trim(), None)))
        .collect();
    for m in &site.members {
        if let Some(slug) = slug_of.get_mut(m.slug.as_ref())
            && slug.is_none()
        {
            *slug = Some(&m.slug);
        }
    }
    for m in &site.members {
        // As `trim_start_matches("members/")` and `trim_end_matches(".md")`,
        // without setting up a substring search for every member.
        let mut stem = m.group.as_ref();
        while let Some(rest) = stem.strip_prefix("members/") {
            stem = rest;
        }
        while let Some(rest) = stem.strip_suffix(".md") {
            stem = rest;
        }
        if let Some(slug) = slug_of.get_mut(stem)
            && slug.is_none()
        {
            *slug = Some(&m.slug);
        }
    }
    let linked: Vec<Option<Vec<String>>> = (site.stories.iter())
        .map(|story| {
            let mut seen = HashSet::new();
            let members: Vec<String> = story
                .front
                .members
                .iter()
                .filter_map(|name| slug_of.get(name.trim()).copied().flatten())
                .filter(|slug| seen.insert(*slug))
                .map(str::to_string)
                .collect();
            (members != story.front.members).then_some(members)
        })
        .collect();
    let Some(kept) = kept else {
        for (story, members) in site.stories.iter_mut().zip(linked) {
            if let Some(members) = members {
                Arc::make_mut(&mut story.front).members = members;
            }
        }
        return;
    };
    let kept = kept.linked.entry(lang.to_string()).or_default();
    let mut new = Vec::new();
    for (story, members) in site.stories.iter_mut().zip(linked) {
        let Some(members) = members else {
            continue;
        };
        match kept.get(&*story.key) {
            Some((read, linked))
                if Arc::ptr_eq(read, &story.front) && linked.members == members =>
            {
                story.front = Arc::clone(linked);
            }
            _ => {
                let read = Arc::clone(&story.front);
                Arc::make_mut(&mut story.front).members = members;
                new.push((Arc::clone(&story.key), (read, Arc::clone(&story.front))));
            }
        }
    }
    kept.extend(new);
    if kept.len() > site.stories.len() {
        let present: HashSet<&str, ahash::RandomState> =
            site.stories.iter().map(|s| &*s.key).collect();
        kept.retain(|path, _| present.contains(&**path));
    }
}

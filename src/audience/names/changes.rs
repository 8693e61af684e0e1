//! How a finder differs from an earlier one: which documents `serve`
//! must look at again after a change of names or of who is shown.

use std::collections::{HashMap, HashSet};

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use super::{Finder, Person};

/// The texts a scan for names looked at, folded: a document's fields and
/// page, and the windows around their short brackets. A finder that
/// differs from the one that looked only in people none of whose forms
/// these texts hold finds in them what that one found ([`Changes`]).
#[derive(Default)]
pub struct Looked {
    /// Whether the scan looked at all (a finder with no names to look for
    /// does not).
    pub(super) complete: bool,
    pub(super) texts: Vec<Box<[u8]>>,
}

/// How a finder differs from an earlier one, as far as what it finds in a
/// document goes (see [`Finder::changes_since`]).
pub struct Changes {
    /// Whether every document may differ (the editor's longer names
    /// changed).
    all: bool,
    /// The groups of the people who differ in anything a finder reads of
    /// them: their file, why they are not shown, names, forms, whether they
    /// are shown and the URLs of their pages; or who are new or gone.
    groups: HashSet<String>,
    /// Finds any form, before or now, of those people.
    forms: Option<AhoCorasick>,
}

impl Changes {
    /// Whether the finder that made these changes may find in a document
    /// of `group` (its own person's, for a member) something else than the
    /// earlier finder found where it looked (`looked`).
    pub fn may_differ_in(&self, group: &str, looked: &Looked) -> bool {
        if self.all || !looked.complete || self.groups.contains(group) {
            return true;
        }
        let Some(forms) = &self.forms else {
            return false;
        };
        looked.texts.iter().any(|t| forms.is_match(&**t))
    }
}

/// What a finder reads of one person (see [`Changes::groups`]).
type PersonSeen<'a> = (&'a Person, bool, Vec<&'a str>);

impl Finder {
    /// How this finder differs from `before`, for the documents `before`
    /// looked at: every input of a finder is a person's (file, why, names,
    /// forms, shown or not, pages), but for the pages withheld, which only
    /// [`Finder::scan_urls`] reads. A document whose text holds no form of
    /// a person who changed (and whose own person did not change) holds
    /// the same names for both: the matches, which of them are wanted,
    /// exempt, shadowed by a longer name of someone shown or linked to
    /// their page are all decided by the forms found in the text and the
    /// people who have them.
    pub fn changes_since(&self, before: &Finder) -> Changes {
        let (now, then) = (self.seen(), before.seen());
        // Every person is compared after every change of names or of who
        // is shown: on all threads, each once (a person who differs gives
        // their forms of before and of now).
        let differ: Vec<(&str, Option<&Person>, Option<&Person>)> = now
            .par_iter()
            .filter_map(|(&group, seen)| {
                let was = then.get(group);
                (was != Some(seen)).then(|| (group, Some(seen.0), was.map(|w| w.0)))
            })
            .chain(
                then.par_iter()
                    .filter(|(group, _)| !now.contains_key(*group))
                    .map(|(&group, seen)| (group, None, Some(seen.0))),
            )
            .collect();
        let mut groups: HashSet<String> = HashSet::new();
        let mut forms: Vec<&str> = Vec::new();
        for (group, now, then) in differ {
            groups.insert(group.to_string());
            for person in now.into_iter().chain(then) {
                forms.extend(person.forms.iter().map(String::as_str));
            }
        }
        forms.sort_unstable();
        forms.dedup();
        let forms = (!forms.is_empty())
            .then(|| AhoCorasick::new(&forms).ok())
            .flatten();
        Changes {
            all: self.people.longer != before.people.longer,
            groups,
            forms,
        }
    }

    /// What this finder reads of each person, by group.
    fn seen(&self) -> HashMap<&str, PersonSeen<'_>, ahash::RandomState> {
        let people = &self.people.people;
        let mut hidden = vec![false; people.len()];
        for (_, persons) in &self.patterns {
            persons.iter().for_each(|&i| hidden[i] = true);
        }
        let mut pages: Vec<Vec<&str>> = vec![Vec::new(); people.len()];
        for (url, &i) in &self.pages {
            pages[i].push(url);
        }
        people
            .iter()
            .zip(hidden)
            .zip(pages)
            .map(|((p, hidden), mut pages)| {
                pages.sort_unstable();
                (p.group.as_str(), (p, hidden, pages))
            })
            .collect()
    }

    /// Whether this finder and `before` hold the same pages withheld.
    pub fn same_withheld(&self, before: &Finder) -> bool {
        self.withheld == before.withheld
    }
}

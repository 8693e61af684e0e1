//! Every member's names, folded, read before the gate: what a
//! [`super::Finder`] looks for and whom it exempts.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::FreeText;
use super::fold::{self, cut_forms_of, forms_of};
use crate::audience::{Policy, member_visible};
use crate::content::{Audience, Doc, Member, Site, Visibility};

/// Every member's names, read before the gate. `Eq`, as [`Person`] and
/// [`Folds`] are: two `Arc`s of one value then compare by pointer first
/// (`serve` compares the people of one run with the last's, most of them
/// the same shared values).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct People {
    pub(super) people: Vec<Arc<Person>>,
    /// Member document key → its person (every language version).
    pub(super) by_key: HashMap<Arc<str>, usize, ahash::RandomState>,
    /// The folded forms of the names an editor says are longer names of
    /// people shown, not the names they hold (`privacy.longer_names`).
    pub(super) longer: Vec<(String, Vec<usize>)>,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) struct Person {
    /// The key of the member's original.
    pub(super) group: Arc<str>,
    /// The original's file, for messages.
    pub(super) path: Arc<Path>,
    /// Why a build for the policy does not show them, for messages.
    pub(super) why: &'static str,
    /// Folded forms of their names: name, reading and slug, each version.
    pub(super) forms: Vec<String>,
    /// Where the parts of each of `forms` meet (byte offsets; every way
    /// a version writes it).
    pub(super) cuts: Vec<Vec<usize>>,
    /// Whether each of `forms` is a form of the `name` of some version
    /// (not only of a reading or slug).
    pub(super) of_name: Vec<bool>,
    /// What it was made of (see [`People::of_folded_after`]).
    made_of: Vec<Made>,
}

impl People {
    /// The names of every member of `site` (before the gate), with why a
    /// build for `policy` would not show each one.
    pub fn of(site: &Site, policy: &Policy) -> People {
        // Each version's names, folded on all threads.
        let folded: Vec<Arc<Folds>> = site
            .members
            .par_iter()
            .with_max_len(256)
            .map(|m| Arc::new(Folds::of(m)))
            .collect();
        People::of_folded(site, policy, &folded)
    }

    /// [`People::of`], given each member's names folded (`folded[i]` are
    /// those of `site.members[i]`, as [`Folds::of`] gives them).
    pub fn of_folded(site: &Site, policy: &Policy, folded: &[Arc<Folds>]) -> People {
        People::of_folded_after(site, policy, folded, None)
    }

    /// [`People::of_folded`], taking from `before` (the last people, for
    /// `serve`) each person made of the same: the same versions in the
    /// same order, each with the same names folded (the same shared
    /// value), file, and reason not to be shown.
    pub fn of_folded_after(
        site: &Site,
        policy: &Policy,
        folded: &[Arc<Folds>],
        before: Option<&People>,
    ) -> People {
        // Hashers faster than SipHash, keyed at random as SipHash is (the
        // keys are members' own).
        let members = site.members.len();
        let mut by_group: HashMap<&str, usize, ahash::RandomState> =
            HashMap::with_capacity_and_hasher(members, ahash::RandomState::new());
        // Each person's versions (indexes into `site.members`), in order.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut by_key = HashMap::with_capacity_and_hasher(members, ahash::RandomState::new());
        for (j, m) in site.members.iter().enumerate() {
            let i = *by_group.entry(m.group.as_ref()).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[i].push(j);
            by_key.insert(Arc::clone(&m.key), i);
        }
        let people = groups
            .par_iter()
            .with_max_len(256)
            .map(|versions| {
                let made_of: Vec<Made> = (versions.iter())
                    .map(|&j| {
                        let m = &site.members[j];
                        let why = why_not_shown(&m.front, m.is_translation(), policy);
                        (Arc::clone(&folded[j]), m.is_translation(), why)
                    })
                    .collect();
                let first = &site.members[versions[0]];
                let mut original = versions.iter().rev().map(|&j| &site.members[j]);
                let path = original
                    .find(|m| !m.is_translation())
                    .map_or(&first.path, |m| &m.path);
                let same = |p: &&Arc<Person>| {
                    p.group == first.group
                        && p.path == *path
                        && p.made_of.len() == made_of.len()
                        && (p.made_of.iter().zip(&made_of))
                            .all(|(a, b)| Arc::ptr_eq(&a.0, &b.0) && (a.1, a.2) == (b.1, b.2))
                };
                let known = before
                    .and_then(|b| b.by_key.get(&*first.group).map(|&i| &b.people[i]))
                    .filter(same);
                match known {
                    Some(p) => Arc::clone(p),
                    None => Arc::new(Person::of(
                        Arc::clone(&first.group),
                        Arc::clone(path),
                        made_of,
                    )),
                }
            })
            .collect();
        let longer = policy.privacy.longer_names.iter();
        let longer = longer.flat_map(|n| cut_forms_of(n)).collect();
        People {
            people,
            by_key,
            longer,
        }
    }
}

/// What a person is made of, one member version each: its names folded,
/// whether it is a translation, why it is not shown.
type Made = (Arc<Folds>, bool, Option<&'static str>);

impl Person {
    /// The person of `group`, whose original is the file `path`, made of
    /// its versions in order.
    fn of(group: Arc<str>, path: Arc<Path>, made_of: Vec<Made>) -> Person {
        let mut person = Person {
            group,
            path,
            why: "is not shown in this build",
            forms: Vec::new(),
            cuts: Vec::new(),
            of_name: Vec::new(),
            made_of: Vec::new(),
        };
        for (folds, _, why) in &made_of {
            let Folds { forms, names, .. } = &**folds;
            for (k, (form, cuts)) in forms.iter().enumerate() {
                person.add_form(form, cuts, k < *names);
            }
            if let Some(why) = *why
                && rank(why) > rank(person.why)
            {
                // The strongest reason of any version.
                person.why = why;
            }
        }
        person.made_of = made_of;
        person
    }
}

impl Person {
    /// Each version's `name` folded whole (whatever its length), with the
    /// forms of that version: what a namesake of that version may carry.
    pub(super) fn versions(&self) -> impl Iterator<Item = (&str, &[(String, Vec<usize>)])> {
        (self.made_of.iter()).map(|(folds, _, _)| (folds.name.as_str(), folds.forms.as_slice()))
    }

    fn add_form(&mut self, form: &str, cuts: &[usize], of_name: bool) {
        match self.forms.iter().position(|f| f == form) {
            Some(i) => {
                self.of_name[i] |= of_name;
                let known = &mut self.cuts[i];
                known.extend_from_slice(cuts);
                known.sort_unstable();
                known.dedup();
            }
            None => {
                self.forms.push(form.to_string());
                self.cuts.push(cuts.to_vec());
                self.of_name.push(of_name);
            }
        }
    }

    /// Whether `form` is one of this person's names written as a name
    /// (a form of the `name` of a version).
    pub(super) fn names_as(&self, form: &str) -> bool {
        (self.forms.iter().zip(&self.of_name)).any(|(f, &of_name)| of_name && f == form)
    }

    /// Whether this person may carry `form` as their own, where it is also
    /// a name of `other`, who is not shown: when it is their name, or their
    /// reading or slug and not the name of `other` (a public 佐藤 花子 who
    /// reads さとう はなこ as a hidden 里 花子 does; not a reading written as
    /// 里 花子), or a name in kana alone, which reads as it is written.
    pub(super) fn owns(&self, form: &str, other: &Person) -> bool {
        self.names_as(form)
            || (self.forms.iter().any(|f| f == form)
                && (!other.names_as(form) || fold::is_kana(form)))
    }
}

/// One member version's names folded: what [`People`] is made of. It
/// depends on the version's `name`, `name_reading` and slug alone.
#[derive(Debug, PartialEq, Eq)]
pub struct Folds {
    /// The `name`, `name_reading` and slug folded, as they were.
    of: (String, Option<String>, String),
    /// `name` folded whole: who is a namesake (see [`Person::versions`]).
    name: String,
    /// The forms the names are looked for under, each with where its
    /// parts meet (see [`Person::forms`]).
    forms: Vec<(String, Vec<usize>)>,
    /// How many of `forms`, first, are those of `name`.
    names: usize,
}

impl Folds {
    /// The names of member version `m`, folded.
    pub fn of(m: &Doc<Member>) -> Folds {
        let f = &m.front;
        // The name folded once: its forms, and itself whole.
        let (mut forms, name) = fold::cut_forms_and_whole(&f.name);
        let names = forms.len();
        let others = (f.name_reading.iter().map(String::as_str)).chain([&*m.slug]);
        forms.extend(others.flat_map(cut_forms_of));
        Folds {
            of: (f.name.clone(), f.name_reading.clone(), m.slug.to_string()),
            name,
            forms,
            names,
        }
    }

    /// Whether these are the names of `m` folded (its name, reading and
    /// slug are those these were folded from).
    pub fn are_of(&self, m: &Doc<Member>) -> bool {
        let (name, reading, slug) = &self.of;
        *name == m.front.name && *reading == m.front.name_reading && **slug == *m.slug
    }
}

/// The names listed under `homonyms:` in `site`'s documents that only
/// people a build for `policy` does not show have (no member it shows):
/// each with the document, the name as listed, and the file of one of
/// those people. A text naming them passes the name check, as the
/// editor said; `alumni check` asks them to make sure.
pub fn homonyms_of_people_not_shown(
    site: &Site,
    policy: &Policy,
) -> Vec<(PathBuf, String, PathBuf)> {
    let people = People::of(site, policy);
    let mut shown: HashSet<&str> = HashSet::new();
    let mut hidden: HashMap<&str, &Path> = HashMap::new();
    let not_shown: HashSet<usize> = site
        .members
        .iter()
        .filter(|m| why_not_shown_version(m, policy).is_some() && !m.is_translation())
        .filter_map(|m| people.by_key.get(&*m.key).copied())
        .collect();
    for (i, p) in people.people.iter().enumerate() {
        for f in &p.forms {
            if not_shown.contains(&i) {
                hidden.entry(f.as_str()).or_insert(&*p.path);
            } else {
                shown.insert(f.as_str());
            }
        }
    }
    let mut out = Vec::new();
    let mut look = |path: &Path, homonyms: &[String]| {
        for h in homonyms {
            let forms = forms_of(h);
            let whose = forms.iter().find_map(|f| {
                (!shown.contains(f.as_str()))
                    .then(|| hidden.get(f.as_str()))
                    .flatten()
            });
            if let Some(whose) = whose {
                out.push((path.to_path_buf(), h.clone(), whose.to_path_buf()));
            }
        }
    };
    if let Some(p) = &site.programme {
        look(&p.path, p.front.homonyms());
    }
    crate::for_each_kind!(site, |docs, _| {
        for d in docs {
            look(&d.path, d.front.homonyms());
        }
    });
    out
}

/// Why a build for `policy` would not show member version `m` on its
/// own (what [`People`] reads of its front matter).
pub fn why_not_shown_version(m: &Doc<Member>, policy: &Policy) -> Option<&'static str> {
    why_not_shown(&m.front, m.is_translation(), policy)
}

/// Why a build for `policy` would not show this version of a member.
fn why_not_shown(m: &Member, translation: bool, policy: &Policy) -> Option<&'static str> {
    if m.withdrawn.is_some() {
        return Some("has withdrawn (`withdrawn:`)");
    }
    if m.visibility == Some(Visibility::Hidden) {
        return Some("is hidden (`visibility: hidden`)");
    }
    if member_visible(m, m.draft, policy) || translation {
        return None;
    }
    if m.draft {
        return Some("is a draft (`draft: true`)");
    }
    let visibility = m.visibility.unwrap_or(policy.privacy.default_visibility);
    Some(match (visibility, policy.audience) {
        (Visibility::Members, Audience::Public) => "is shown to members only",
        _ => "has not consented to a public profile (no `consent:` date)",
    })
}

fn rank(why: &str) -> u8 {
    match why {
        w if w.starts_with("has withdrawn") => 4,
        w if w.starts_with("is hidden") => 3,
        "is not shown in this build" => 0,
        _ => 1,
    }
}

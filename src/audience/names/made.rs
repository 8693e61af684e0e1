//! How a [`Finder`] is made: who the editions show ([`Shown`]), the
//! automaton of the names of everyone else, and the longer names of people
//! shown that hold one; for `serve`, made from the last finder where it
//! would come out the same ([`Finder::after`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind, StartKind};
use rayon::prelude::*;

use super::first_look::Prefixes;
use super::fold::is_kana;
use super::longer::{Lengths, holds};
use super::people::Person;
use super::{Finder, People};
use crate::audience::Visible;
use crate::content::Section;
use crate::markdown::{Links, Withheld};

/// Who the editions of a build show, as a [`Finder`] needs to know it:
/// read before their bodies are rendered, so that the finder can be made
/// while they are.
#[derive(Clone, PartialEq)]
pub struct Shown {
    /// The member groups shown.
    groups: HashSet<Arc<str>, ahash::RandomState>,
    /// The URL of each visible member's page (every language) → person.
    pages: HashMap<String, usize, ahash::RandomState>,
    withheld: Option<Arc<Withheld>>,
}

impl Shown {
    /// Who `editions` show, of `people`.
    pub fn of(people: &People, editions: &[Visible]) -> Shown {
        // Hashers faster than SipHash, keyed at random as SipHash is (the
        // keys are members' own).
        let members: usize = editions.iter().map(|e| e.site().members.len()).sum();
        let mut groups = HashSet::with_capacity_and_hasher(members, ahash::RandomState::new());
        let mut pages = HashMap::with_capacity_and_hasher(members, ahash::RandomState::new());
        for e in editions {
            for m in &e.site().members {
                if !groups.contains(&*m.group) {
                    groups.insert(Arc::clone(&m.group));
                }
                if let Some(&i) = people.by_key.get(&*m.key) {
                    pages.insert(Section::Members.url_in(e.prefix(), &m.slug), i);
                }
            }
        }
        let withheld = editions
            .first()
            .and_then(|e| e.links().withheld())
            .filter(|w| !w.is_empty())
            .cloned();
        Shown {
            groups,
            pages,
            withheld,
        }
    }
}

impl Finder {
    /// A finder of the names of `people` whom `editions` do not show.
    pub fn new(people: Arc<People>, editions: &[Visible]) -> Finder {
        let shown = Shown::of(&people, editions);
        Finder::of(people, shown)
    }

    /// A finder of the names of `people` who are not `shown`.
    pub fn of(people: Arc<People>, shown: Shown) -> Finder {
        Finder::after(people, shown, None)
    }

    /// [`Finder::of`], taking from `before` (the last finder, for `serve`)
    /// what this one would make the same: the automaton and first bytes of
    /// the names not shown when they are the same names, and whether a
    /// longer name of someone shown holds one not shown, for each name of
    /// the people shown in both whose names are the same and hold none of
    /// the names that are not shown now and were then, or the other way
    /// round (see [`longer::holds`]: its answer depends on the name and the
    /// names not shown it holds, nothing else).
    pub fn after(people: Arc<People>, shown: Shown, before: Option<&Finder>) -> Finder {
        let Shown {
            groups: shown,
            pages,
            withheld,
        } = shown;
        // Each form once, with everyone not shown who has it (namesakes).
        let mut patterns: Vec<(String, Vec<usize>)> = Vec::new();
        // Asked for every part of every name shown (`longer::holds`):
        // a hasher faster than SipHash, keyed at random as SipHash is (the
        // names are members' own).
        let mut index: HashMap<&str, usize, ahash::RandomState> = HashMap::default();
        let mut not_shown = vec![false; people.people.len()];
        for (i, p) in people.people.iter().enumerate() {
            if shown.contains(&*p.group) {
                continue;
            }
            not_shown[i] = true;
            for form in &p.forms {
                let at = *index.entry(form).or_insert_with(|| {
                    patterns.push((form.clone(), Vec::new()));
                    patterns.len() - 1
                });
                patterns[at].1.push(i);
            }
        }
        // The names not shown that are some person's `name`, not only a
        // reading or slug (nor in kana alone, which reads as it is
        // written): a reading or slug of someone shown is not a longer
        // name that holds one (`name_reading: 佐藤花子様` does not hold
        // 佐藤 花子; `おおたけ ひろし` holds the reading of 竹 浩, and the
        // name たけ ひろし).
        let mut named: Vec<&str> = (people.people.iter().zip(&not_shown))
            .filter(|(_, n)| **n)
            .flat_map(|(p, _)| {
                (p.forms.iter().zip(&p.of_name))
                    .filter(|(f, of_name)| **of_name && !is_kana(f))
                    .map(|(f, _)| f.as_str())
            })
            .collect();
        named.sort_unstable();
        named.dedup();
        let unnamed: HashMap<&str, usize, ahash::RandomState> = (index.iter())
            .filter(|(f, _)| named.binary_search(f).is_err())
            .map(|(f, i)| (*f, *i))
            .collect();
        let same_named =
            before.filter(|b| b.named.iter().map(String::as_str).eq(named.iter().copied()));
        // The same names not shown, in the same order: the same automaton.
        let same_names = before.filter(|b| {
            b.patterns.len() == patterns.len()
                && (b.patterns.iter().zip(&patterns)).all(|((a, _), (b, _))| a == b)
        });
        // The names not shown now and not then, or then and not now.
        let changed: Option<AhoCorasick> = match before {
            Some(b) if same_names.is_none() => {
                let then: HashSet<&str, ahash::RandomState> =
                    b.patterns.iter().map(|(f, _)| f.as_str()).collect();
                let mut changed: Vec<&str> = (b.patterns.iter())
                    .map(|(f, _)| f.as_str())
                    .filter(|f| !index.contains_key(f))
                    .chain(index.keys().copied().filter(|f| !then.contains(f)))
                    .collect();
                changed.sort_unstable();
                // Asked only whether one is there (see `Changes`).
                (AhoCorasick::builder().match_kind(MatchKind::LeftmostFirst))
                    .build(changed)
                    .ok()
            }
            _ => None,
        };
        let prefixes = match same_names {
            Some(b) => b.prefixes.clone(),
            None => Prefixes::of(patterns.iter().map(|(f, _)| f.as_str())).map(Arc::new),
        };
        // `before` and the index of `p` there, when it found for `p` what
        // this finder would: `p` was shown there too (the person of the
        // same group), with the same names.
        let same_person = |p: &Arc<Person>| -> Option<(&Finder, usize)> {
            let b = before.filter(|b| b.matcher.is_some() || b.patterns.is_empty())?;
            let &i = b.people.by_key.get(&*p.group)?;
            let q = &b.people.people[i];
            let same = Arc::ptr_eq(q, p)
                || (q.forms == p.forms && q.cuts == p.cuts && q.of_name == p.of_name);
            (!b.not_shown[i] && same).then_some((b, i))
        };
        // Whether form `k` of a person shown holds names not shown only as
        // parts of it, as `b` found, when it holds none that changed
        // (`None`: to be asked).
        let known =
            |b: Option<(&Finder, usize)>, k: usize, form: &str, cuts: &[usize], of_name: bool| {
                let (b, i) = b?;
                if !of_name && same_named.is_none() {
                    return None;
                }
                if changed.as_ref().is_some_and(|c| c.is_match(form)) {
                    return None;
                }
                Some(match b.held_mask.get(i) {
                    Some(mask) if k < 64 => mask & (1 << k) != 0,
                    _ => {
                        let at = |(f, c): &(String, Vec<usize>)| {
                            (f.as_str(), c.as_slice()).cmp(&(form, cuts))
                        };
                        b.held.binary_search_by(at).is_ok()
                    }
                })
            };
        // The lengths of the names not shown, by their first bytes.
        let lengths = Lengths::of(patterns.iter().map(|(f, _)| f.as_str()));
        // The longer names of people shown that hold a name not shown only
        // as parts of them (`longer::holds`): a form may hold one only
        // where the first bytes of some name not shown are. With them,
        // which of each person's first 64 forms they are.
        type Held<'a> = Vec<(usize, u64, Vec<(&'a str, &'a [usize])>)>;
        let longer_shown = |hidden: &(dyn Fn(&str) -> bool + Sync), prefixes: Option<&Prefixes>| {
            people
                .people
                .par_iter()
                .enumerate()
                .filter(|(_, p)| shown.contains(&*p.group))
                .filter_map(|(i, p)| {
                    let b = same_person(p);
                    let mut mask = 0u64;
                    let mut held = Vec::new();
                    for (k, (f, cuts)) in p.forms.iter().zip(&p.cuts).enumerate() {
                        // A namesake's form too: さいとう あい shown, and
                        // another さいとう あい not shown, hold いとう あい
                        // not shown alike (a form covers only names shorter
                        // than itself).
                        let of_name = p.of_name[k];
                        let is_held = known(b, k, f, cuts, of_name).unwrap_or_else(|| {
                            let lengths = |at: usize| {
                                if prefixes.is_some_and(|p| !p.may_start_at(f, at)) {
                                    return 0;
                                }
                                lengths.at(f.as_bytes(), at)
                            };
                            let held_of = if of_name { &index } else { &unnamed };
                            hidden(f) && holds(f, cuts, held_of, lengths) == Some(true)
                        });
                        if is_held {
                            mask |= if k < 64 { 1 << k } else { 0 };
                            held.push((f.as_str(), cuts.as_slice()));
                        }
                    }
                    (!held.is_empty()).then_some((i, mask, held))
                })
                .collect::<Held>()
        };
        // Leftmost-longest: of two names not shown that start at the same
        // place, the longer is the match. Made while the longer names are
        // found, when the first bytes of every name tell where one may be.
        let automaton = || {
            if let Some(b) = same_names {
                return b.matcher.clone();
            }
            (!patterns.is_empty())
                .then(|| {
                    AhoCorasick::builder()
                        .match_kind(MatchKind::LeftmostLongest)
                        .start_kind(StartKind::Both)
                        .build(patterns.iter().map(|(f, _)| f))
                        .ok()
                })
                .flatten()
        };
        let (matcher, held_by) = match &prefixes {
            Some(p) if !patterns.is_empty() => {
                rayon::join(automaton, || longer_shown(&|_| true, Some(&**p)))
            }
            _ => {
                let matcher = automaton();
                let shadows = match &matcher {
                    Some(hidden) => longer_shown(&|f| hidden.is_match(f), None),
                    None => Held::new(),
                };
                (matcher, shadows)
            }
        };
        let mut held_mask = vec![0u64; people.people.len()];
        let mut shadows: Vec<(&str, &[usize])> = Vec::new();
        if matcher.is_some() {
            for (i, mask, forms) in held_by {
                held_mask[i] = mask;
                shadows.extend(forms);
            }
        }
        shadows.sort_unstable();
        shadows.dedup();
        let same_held = before.filter(|b| {
            b.held.len() == shadows.len()
                && (b.held.iter().zip(&shadows)).all(|((f, c), (g, d))| f == g && c == d)
        });
        let held: Arc<[(String, Vec<usize>)]> = match same_held {
            Some(b) => Arc::clone(&b.held),
            None => (shadows.iter())
                .map(|(f, cuts)| (f.to_string(), cuts.to_vec()))
                .collect(),
        };
        if matcher.is_some() {
            // An editor's word counts for the name of someone shown that
            // is not itself a name not shown: `longer_names: [Anne Brown]`
            // does not hide Anne Brown.
            if !people.longer.is_empty() {
                let visible: HashSet<&str> = people
                    .people
                    .iter()
                    .filter(|p| shown.contains(&*p.group))
                    .flat_map(|p| p.forms.iter().map(String::as_str))
                    .collect();
                shadows.extend(
                    people
                        .longer
                        .iter()
                        .map(|(f, cuts)| (f.as_str(), cuts.as_slice()))
                        .filter(|(f, _)| visible.contains(f) && !index.contains_key(f)),
                );
            }
            shadows.sort_unstable();
            shadows.dedup();
        } else {
            shadows.clear();
        }
        let shadow_len = shadows.iter().map(|(f, _)| f.len()).max().unwrap_or(0);
        // The same longer names as before: the same automaton.
        let same_shadows = before.filter(|b| {
            b.shadow_forms.len() == shadows.len()
                && (b.shadow_forms.iter().zip(&shadows)).all(|((f, c), (g, d))| f == g && c == d)
        });
        let (shadows, shadow_forms) = match same_shadows {
            Some(b) => (b.shadows.clone(), Arc::clone(&b.shadow_forms)),
            None => (
                (!shadows.is_empty())
                    .then(|| AhoCorasick::new(shadows.iter().map(|(f, _)| f)).ok())
                    .flatten(),
                (shadows.iter())
                    .map(|(f, cuts)| (f.to_string(), cuts.to_vec()))
                    .collect(),
            ),
        };
        let reach = patterns.iter().map(|(f, _)| f.len()).max().unwrap_or(0);
        let named = match same_named {
            Some(b) => Arc::clone(&b.named),
            None => named.iter().map(|f| f.to_string()).collect(),
        };
        Finder {
            people,
            pages,
            matcher,
            patterns,
            prefixes,
            shadows,
            shadow_forms,
            held,
            held_mask,
            not_shown,
            shadow_len,
            reach,
            named,
            withheld,
        }
    }
}

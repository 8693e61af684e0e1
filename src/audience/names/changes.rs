//! How a finder differs from an earlier one: which documents `serve`
//! must look at again after a change of names or of who is shown.

use std::collections::{HashMap, HashSet};

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use super::{Finder, Person};
use crate::markdown::Withheld;

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
    forms: Option<Forms>,
}

/// A search for any of some forms: whether one is in a text.
enum Forms {
    /// A few forms, searched with SIMD (Teddy): the automaton's own
    /// prefilter stops at every byte rare in English text, which is most
    /// of a Japanese text.
    Few(aho_corasick::packed::Searcher),
    Many(AhoCorasick),
}

impl Forms {
    fn of(forms: &[&str]) -> Option<Forms> {
        let few = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(forms)
            .build();
        match few {
            Some(few) => Some(Forms::Few(few)),
            None => AhoCorasick::new(forms).ok().map(Forms::Many),
        }
    }

    fn is_in(&self, text: &[u8]) -> bool {
        match self {
            Forms::Few(few) => few.find(text).is_some(),
            Forms::Many(many) => many.is_match(text),
        }
    }
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
        looked.texts.iter().any(|t| forms.is_in(t))
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
                // A person taken from the last people is the same value.
                let same = was.is_some_and(|w| {
                    (std::ptr::eq(w.0, seen.0) || w.0 == seen.0)
                        && (&w.1, &w.2) == (&seen.1, &seen.2)
                });
                (!same).then(|| (group, Some(seen.0), was.map(|w| w.0)))
            })
            .chain(
                then.par_iter()
                    .filter(|(group, _)| !now.contains_key(*group))
                    .map(|(&group, seen)| (group, None, Some(seen.0))),
            )
            .collect();
        let mut groups: HashSet<String> = HashSet::new();
        let mut forms: Vec<&str> = Vec::new();
        // Of their forms, those that hold a name not shown, now or before:
        // a form that holds none is not found, is no longer name shown
        // around one found, and a page of someone who has it is not that
        // of someone who has a name found.
        let holds_one = |f: &str| {
            [&self.matcher, &before.matcher]
                .iter()
                .any(|m| m.as_ref().is_some_and(|m| m.is_match(f)))
        };
        for (group, now, then) in differ {
            groups.insert(group.to_string());
            for person in now.into_iter().chain(then) {
                let held = person.forms.iter().map(String::as_str);
                forms.extend(held.filter(|f| holds_one(f)));
            }
        }
        forms.sort_unstable();
        forms.dedup();
        let forms = (!forms.is_empty()).then(|| Forms::of(&forms)).flatten();
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
                (&*p.group, (&**p, hidden, pages))
            })
            .collect()
    }

    /// How the pages withheld of this finder differ from `before`'s, as
    /// far as the URLs in front matter go ([`Finder::scan_urls_since`]).
    pub fn withheld_since(&self, before: &Finder) -> WithheldSince {
        match (&self.withheld, &before.withheld) {
            (a, b) if a == b => WithheldSince::Same,
            (Some(now), Some(then)) => match now.added_since(then) {
                Some(added) => WithheldSince::Added(Box::new(added)),
                None => WithheldSince::Other,
            },
            _ => WithheldSince::Other,
        }
    }
}

/// How the pages withheld differ from an earlier finder's.
pub enum WithheldSince {
    /// The same pages.
    Same,
    /// Other pages under the same path: these are the ones withheld now
    /// and not then. A URL the earlier finder did not find points into a
    /// page withheld now exactly when it points into one of these.
    Added(Box<Withheld>),
    /// Other pages, nothing known of them.
    Other,
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use std::collections::HashMap;

    use super::super::{Finder, Folds, Looked, Mention, People, Shown};
    use super::WithheldSince;
    use crate::audience::{self, Policy};
    use crate::config::{Privacy, Untranslated};
    use crate::content::kinds::Story;
    use crate::content::url::ExternalUrl;
    use crate::content::{Audience, Doc, Member, Site, Visibility};

    /// Names that hold one another, namesakes, readings and orders.
    const NAMES: &[&str] = &[
        "林 大輔",
        "小林 大輔",
        "Anne Brown",
        "Joanne Brown",
        "Mary Anne Brown",
        "いとう あい",
        "さいとう あい",
        "佐藤 花子",
        "Hanako Sato",
        "Anna Brown",
        "隠岐 太郎",
        "公開 四郎",
        "はやし だいすけ",
    ];
    const VISIBILITY: &[Option<Visibility>] = &[
        Some(Visibility::Public),
        Some(Visibility::Hidden),
        Some(Visibility::Members),
        None,
    ];

    /// Member `i`, named `name` (some with a reading: 公開 四郎 gives
    /// another's name as his, padded), with consent.
    fn member(i: usize, name: &str, visibility: Option<Visibility>) -> Doc<Member> {
        let mut doc = audience::tests::member(&format!("m{i}"), visibility, true);
        let front = std::sync::Arc::make_mut(&mut doc.front);
        front.name = name.into();
        front.name_reading = match name {
            "佐藤 花子" => Some("さとう はなこ".into()),
            "林 大輔" => Some("はやし だいすけ".into()),
            "小林 大輔" => Some("こばやし だいすけ".into()),
            "公開 四郎" => Some("佐藤花子様".into()),
            "隠岐 某" => Some("竹 浩二".into()),
            "公開 太郎" => Some("大竹 浩二".into()),
            _ => None,
        };
        front.photo = None;
        doc
    }

    /// [`member`], with a website and a LinkedIn page that may be another
    /// member's page on this site (`m{to}`), spelt in several ways.
    fn member_linking(
        i: usize,
        name: &str,
        visibility: Option<Visibility>,
        dice: &mut Dice,
        members: usize,
    ) -> Doc<Member> {
        let mut doc = member(i, name, visibility);
        let mut url = || {
            let to = dice.below(members + 2);
            let url = match dice.below(5) {
                0 => format!("https://example.com/members/m{to}/"),
                1 => format!("https://example.com/en/MEMBERS/M{to}"),
                2 => format!("https://example.com/members/%6D{to}/"),
                3 => format!("https://example.com/about/m{to}"),
                _ => "https://example.org/".to_string(),
            };
            ExternalUrl::parse(&url).ok()
        };
        let links = &mut Arc::make_mut(&mut doc.front).links;
        links.website = url();
        links.linkedin = url();
        doc
    }

    fn story(i: usize, html: String) -> Doc<Story> {
        let mut doc = audience::tests::story(&format!("s{i}"), Audience::Public, &[]);
        doc.html = html.into();
        doc
    }

    /// A small random number generator (xorshift), the same every run.
    struct Dice(u64);

    impl Dice {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// Texts naming people of [`NAMES`], run together, apart, or linked to
    /// a member's page.
    fn texts(dice: &mut Dice, members: usize) -> Vec<Doc<Story>> {
        (0..120)
            .map(|i| {
                let mut html = String::from("<p>");
                for _ in 0..1 + dice.below(3) {
                    let name = NAMES[dice.below(NAMES.len())];
                    match dice.below(5) {
                        0 => html.push_str(&name.replace(' ', "")),
                        1 => {
                            let to = dice.below(members + 1);
                            html.push_str(&format!("<a href=\"/members/m{to}/\">{name}</a>"));
                        }
                        2 => html.push_str(&format!("{name}さん、")),
                        _ => html.push_str(name),
                    }
                    html.push_str([" ", "と", " and ", ""][dice.below(4)]);
                }
                html.push_str("</p>");
                story(i, html)
            })
            .collect()
    }

    /// The finder of `site`, made after `before` (its people made after
    /// its people, each member's names folded once, in `folds`) or anew.
    fn finder_of(
        site: &Site,
        policy: &Policy,
        before: Option<&Finder>,
        folds: &mut HashMap<String, Arc<Folds>>,
    ) -> Finder {
        let people = match before {
            Some(b) => {
                let folded: Vec<Arc<Folds>> = (site.members.iter())
                    .map(|m| {
                        Arc::clone(
                            folds
                                .entry(m.key.to_string())
                                .or_insert_with(|| Arc::new(Folds::of(m))),
                        )
                    })
                    .collect();
                let people = People::of_folded_after(site, policy, &folded, Some(&b.people));
                assert_eq!(people, People::of(site, policy));
                Arc::new(people)
            }
            None => Arc::new(People::of(site, policy)),
        };
        let editions = audience::filter(site.clone(), policy);
        let shown = Shown::of(&people, &editions);
        Finder::after(people, shown, before)
    }

    fn found(finder: &Finder, docs: &[Doc<Story>], members: &[Doc<Member>]) -> Vec<Vec<Mention>> {
        let stories = docs.iter().map(|d| finder.scan(d));
        stories
            .chain(members.iter().map(|m| finder.scan(m)))
            .collect()
    }

    #[test]
    fn a_finder_made_after_another_finds_what_a_new_one_finds() {
        let policy = Policy {
            audience: Audience::Public,
            drafts: false,
            privacy: Privacy {
                longer_names: vec!["Mary Anne Brown".into()],
                ..Privacy::default()
            },
            languages: vec!["ja".into()],
            untranslated: Untranslated::Show,
            base_path: String::new(),
        };
        let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
        let mut next = 0;
        let mut site = Site::default();
        for name in NAMES {
            let visibility = VISIBILITY[dice.below(VISIBILITY.len())];
            let m = member_linking(next, name, visibility, &mut dice, NAMES.len());
            site.members.push(m);
            next += 1;
        }
        let mut folds = HashMap::new();
        let mut before = finder_of(&site, &policy, None, &mut folds);
        let (mut reused, mut looked_again, mut kept, mut people_kept) = (0, 0, 0, 0);
        let (mut urls_added, mut urls_found) = (0, 0);
        for step in 0..80 {
            let n = site.members.len();
            match dice.below(4) {
                // Someone shown, hidden, members only or by default.
                0 | 1 if n > 0 => {
                    let m = &mut site.members[dice.below(n)];
                    Arc::make_mut(&mut m.front).visibility =
                        VISIBILITY[dice.below(VISIBILITY.len())];
                }
                // Someone new, under a name of the list.
                2 => {
                    let name = NAMES[dice.below(NAMES.len())];
                    let visibility = VISIBILITY[dice.below(VISIBILITY.len())];
                    let at = dice.below(n + 1);
                    let m = member_linking(next, name, visibility, &mut dice, next);
                    site.members.insert(at, m);
                    next += 1;
                }
                // Someone gone.
                _ if n > 1 => {
                    site.members.remove(dice.below(n));
                }
                _ => {}
            }
            let docs = texts(&mut dice, next);
            let after = finder_of(&site, &policy, Some(&before), &mut folds);
            let fresh = finder_of(&site, &policy, None, &mut folds);
            let taken = (after.people.people.iter())
                .filter(|p| before.people.people.iter().any(|q| Arc::ptr_eq(p, q)))
                .count();
            people_kept += taken;
            assert_eq!(
                after.patterns, fresh.patterns,
                "step {step}: the names not shown"
            );
            assert_eq!(after.held, fresh.held, "step {step}: the longer names");
            assert_eq!(
                after.shadow_forms, fresh.shadow_forms,
                "step {step}: the longer names shown"
            );
            let now = found(&fresh, &docs, &site.members);
            assert_eq!(found(&after, &docs, &site.members), now, "step {step}");
            if before.matcher.as_ref().map(|m| m.patterns_len())
                == after.matcher.as_ref().map(|m| m.patterns_len())
                && before.patterns == after.patterns
            {
                reused += 1;
            }
            // What the last finder found in a text holding none of the
            // forms that changed is what the new one finds there.
            let changes = after.changes_since(&before);
            let stories = docs.iter().map(|d| {
                let mut looked = Looked::default();
                let then = before.scan_names(d, Some(&mut looked));
                (changes.may_differ_in(&d.group, &looked), then, d)
            });
            for (differ, then, d) in stories {
                if differ {
                    looked_again += 1;
                } else {
                    kept += 1;
                    assert_eq!(then, fresh.scan_names(d, None), "step {step}: {}", d.html);
                }
            }
            // The URLs of a front matter the last finder looked at,
            // looked at again for the pages withheld since.
            if let WithheldSince::Added(added) = after.withheld_since(&before) {
                urls_added += 1;
                for m in &site.members {
                    let urls = fresh.scan_urls(m);
                    let since = after.scan_urls_since(m, &before.scan_urls(m), &added);
                    assert_eq!(since, urls, "step {step}: {:?}", m.front.links);
                    urls_found += urls.len();
                }
            }
            before = after;
        }
        // Each way was taken.
        assert!(
            reused > 5 && looked_again > 100 && kept > 100 && people_kept > 300,
            "{reused} {looked_again} {kept} {people_kept}"
        );
        assert!(
            urls_added > 10 && urls_found > 50,
            "{urls_added} {urls_found}"
        );
    }

    /// A public build of a site in Japanese, the privacy settings default.
    fn public_ja() -> Policy {
        Policy {
            audience: Audience::Public,
            drafts: false,
            privacy: Privacy::default(),
            languages: vec!["ja".into()],
            untranslated: Untranslated::Show,
            base_path: String::new(),
        }
    }

    #[test]
    fn a_reading_holds_a_shorter_reading_until_it_is_someone_elses_name() {
        // 公開 太郎 reads 大竹 浩二, which holds the reading of a hidden
        // 隠岐 某; once someone named 竹 浩二 is hidden too, it holds a
        // name, which a reading may not.
        let policy = public_ja();
        let mut site = Site::default();
        for (i, (name, visibility)) in [
            ("隠岐 某", Visibility::Hidden),
            ("公開 太郎", Visibility::Public),
            ("竹 浩二", Visibility::Public),
        ]
        .into_iter()
        .enumerate()
        {
            site.members.push(member(i, name, Some(visibility)));
        }
        let mut folds = HashMap::new();
        let before = finder_of(&site, &policy, None, &mut folds);
        let reading = |f: &Finder| f.held.iter().any(|(form, _)| form == "大竹浩二");
        assert!(reading(&before), "{:?}", before.held);
        Arc::make_mut(&mut site.members[2].front).visibility = Some(Visibility::Hidden);
        let after = finder_of(&site, &policy, Some(&before), &mut folds);
        let fresh = finder_of(&site, &policy, None, &mut folds);
        assert!(!reading(&fresh), "{:?}", fresh.held);
        assert_eq!(after.held, fresh.held);
        assert_eq!(
            found(&after, &[], &site.members),
            found(&fresh, &[], &site.members)
        );
    }

    #[test]
    fn a_first_look_at_a_page_reports_what_the_whole_way_does() {
        let policy = public_ja();
        let mut dice = Dice(0x2545_f491_4f6c_dd1d);
        let mut site = Site::default();
        for (i, name) in NAMES.iter().enumerate() {
            site.members
                .push(member(i, name, VISIBILITY[dice.below(VISIBILITY.len())]));
        }
        let finder = finder_of(&site, &policy, None, &mut HashMap::new());
        let around = [
            "",
            " ",
            "<em>",
            "</em>",
            "<br>",
            "（さとう）",
            "(x)",
            "<sup>1</sup>",
            "&amp;",
            "\u{202e}",
            "<a href=\"/members/m3/\">",
            "</a>",
            "<img alt=\"",
            "\">",
            "Xbrown ",
            "の",
        ];
        let (mut reported, mut clean) = (0, 0);
        for i in 0..3_000 {
            let mut html = String::from("<p>");
            for _ in 0..1 + dice.below(4) {
                html.push_str(around[dice.below(around.len())]);
                let name = NAMES[dice.below(NAMES.len())];
                match dice.below(3) {
                    0 => html.push_str(&name.replace(' ', around[dice.below(around.len())])),
                    _ => html.push_str(name),
                }
            }
            let doc = story(i, html);
            let whole = finder.scan_names(&doc, Some(&mut Looked::default()));
            assert_eq!(finder.scan_names(&doc, None), whole, "{}", doc.html);
            if whole.is_empty() {
                clean += 1;
            } else {
                reported += 1;
            }
        }
        assert!(reported > 500 && clean > 200, "{reported} {clean}");
    }
}

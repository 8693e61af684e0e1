//! Names of the people a build does not show, looked for in the text it
//! does show.
//!
//! The gate removes a hidden, withdrawn, unconsented, draft or (in the
//! public build) members-only person from every structured field, but a
//! story, bio, event or news text can still name them. [`People::of`] takes
//! every member's name, reading and slug (every language version) before
//! the gate; a [`Finder`] looks for the names of those the gate did not let
//! through in every text field, slug, link and rendered body of every
//! document it did, and reports each one: a build that would contain the
//! name of a person it does not show fails.
//!
//! Bodies are read as rendered (the HTML a page shows, tags removed,
//! character references decoded; with and without ruby readings and
//! superscripts; attribute values apart, see `page::PageText`), so markup
//! between the letters of a name (`佐*藤*花子`, `&#20304;藤花子`,
//! `佐藤[花子](url)`, `佐藤<rt>さとう</rt>花子`) does not hide it.
//!
//! Names are compared as folded text: compatibility forms (NFKC: full- and
//! half-width, circled and mathematical letters), katakana and hiragana,
//! voiced marks written apart, case, Latin accents, letters of other
//! scripts that look Latin (Unicode's confusables), letters that show
//! nothing (Hangul fillers), and anything between the letters of a name
//! that is not a letter or digit (spaces, hyphens, dots, middle dots,
//! punctuation, invisible characters) do not matter (`佐藤花子`, `佐藤　花子`
//! and `さとう はなこ` are all 佐藤 花子 with that reading; `sato hanako`
//! is Hanako Sato: a Latin name of two parts in either order). Latin names match whole words only (`Anna
//! Brown` is not in `Joanna Browning`).
//!
//! Not looked for, by design (docs/content.md says so): a name of one word
//! in Latin letters, or of fewer than three characters in one word
//! (`Taro`, `田中`: too many other people and words share them), nicknames,
//! initials, and names spelled differently from the profile.
//!
//! Someone else of the same name is not a leak: text may name a person of
//! the same name as a visible member by linking the name to that member
//! (`[Anna Brown](@/members/anna-brown-2.md)`), and an editor's document
//! may list names that belong to other people under `homonyms:`. A member
//! whose `name` is that of a person not shown (a namesake) may carry it on
//! their own profile; a reading or slug alone does not make a namesake.
//! A name not shown inside the longer name of someone shown (林 大輔 in
//! 小林 大輔) is part of that name only when it is inside its first and
//! last parts (see `longer::holds`) or an editor says so
//! (`privacy.longer_names`): a member cannot pad their own name with
//! another person's.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, Anchored, Input};
use rayon::prelude::*;

use super::Visible;
use crate::content::{Doc, Site};
use crate::markdown::Withheld;

mod brackets;
mod changes;
mod first_look;
mod fold;
mod free_text;
mod letters;
mod longer;
mod made;
mod mention;
mod page;
mod people;

pub use changes::{Changes, Looked, WithheldSince};
use first_look::Prefixes;
use fold::{FIELD_END, Folded, Quick, forms_of, whole_words};
pub use free_text::FreeText;
use longer::written_as;
pub use made::Shown;
pub use mention::{Mention, diagnostics};
use page::{Look, PageText};
use people::Person;
pub use people::{Folds, People, homonyms_of_people_not_shown, why_not_shown_version};

/// Looks for the names of the people a build does not show.
pub struct Finder {
    people: Arc<People>,
    /// The URL of each visible member's page (every language) → person.
    pages: HashMap<String, usize, ahash::RandomState>,
    /// The names of the people not shown; `None` when the build shows
    /// everyone.
    matcher: Option<AhoCorasick>,
    /// Each pattern's form and the people not shown who have it.
    patterns: Vec<(String, Vec<usize>)>,
    /// Where in a text one may start; `None`: anywhere.
    prefixes: Option<Arc<Prefixes>>,
    /// The longer names of people shown that hold one not shown (小林 大輔
    /// holds 林 大輔, さいとう あい holds いとう あい): where one is, the
    /// shorter name is not.
    shadows: Option<AhoCorasick>,
    /// Their folded forms and where their parts meet, by pattern.
    shadow_forms: Arc<[(String, Vec<usize>)]>,
    /// The names of people shown that hold names not shown only as parts
    /// of them (`longer::holds`), sorted: what the next finder takes again
    /// ([`Finder::after`]).
    held: Arc<[(String, Vec<usize>)]>,
    /// Which of each person's first 64 forms are in `held`, by person.
    held_mask: Vec<u64>,
    /// Whether each person is not shown.
    not_shown: Vec<bool>,
    /// The length of the longest of them, folded.
    shadow_len: usize,
    /// The length of the longest name not shown, folded: how far around
    /// a short bracket a name it splits may reach.
    reach: usize,
    /// The forms not shown that are some person's `name` (not only a
    /// reading or slug), sorted.
    named: Arc<[String]>,
    withheld: Option<Arc<Withheld>>,
}

impl Finder {
    /// Whether the build shows everyone and links nowhere it withholds:
    /// nothing to look for.
    pub fn is_idle(&self) -> bool {
        self.matcher.is_none() && self.withheld.is_none()
    }

    /// The names of people not shown in `doc`'s fields and rendered body
    /// (`doc.html`), and its front-matter URLs into withheld pages.
    pub fn scan<F: FreeText>(&self, doc: &Doc<F>) -> Vec<Mention> {
        let mut found = self.scan_names(doc, None);
        found.extend(self.scan_urls(doc));
        found
    }

    /// The front-matter URLs of `doc` into withheld pages.
    pub fn scan_urls<F: FreeText>(&self, doc: &Doc<F>) -> Vec<Mention> {
        match &self.withheld {
            Some(withheld) => urls_where(doc, |url| withheld.covers(url)),
            None => Vec::new(),
        }
    }

    /// [`Finder::scan_urls`] for a document whose front matter an earlier
    /// finder looked at, finding there `found`, when the pages withheld
    /// then were those of this finder less `added`: a URL found then is
    /// read again, any other only for the pages of `added` (what the
    /// earlier finder did not find points into no other).
    pub fn scan_urls_since<F: FreeText>(
        &self,
        doc: &Doc<F>,
        found: &[Mention],
        added: &Withheld,
    ) -> Vec<Mention> {
        let Some(withheld) = &self.withheld else {
            return Vec::new();
        };
        urls_where(doc, |url| {
            if found.iter().any(|m| m.text == url) {
                withheld.covers(url)
            } else {
                added.covers(url)
            }
        })
    }

    /// The names of people not shown in `doc`'s fields and rendered body;
    /// the texts looked at, folded, go to `looked` (see [`Looked`]).
    pub fn scan_names<F: FreeText>(
        &self,
        doc: &Doc<F>,
        mut looked: Option<&mut Looked>,
    ) -> Vec<Mention> {
        if self.matcher.is_none() {
            return Vec::new();
        }
        if let Some(looked) = looked.as_deref_mut() {
            looked.complete = true;
        }
        let own = self
            .people
            .by_key
            .get(&*doc.key)
            .map(|&i| &self.people.people[i]);
        let homonyms: Vec<String> = doc
            .front
            .homonyms()
            .iter()
            .flat_map(|h| forms_of(h))
            .collect();
        // A member's own profile may carry their own names (name, reading,
        // slug, every version), whoever else has them (a reading or slug
        // only where it is not the other's name: `Person::owns`), and a
        // namesake's:
        // the names of a version of someone not shown whose `name` is that
        // of a version of theirs (the slug `ai-goto` of the other 後藤 愛),
        // and only that version's (沖 太郎 who reads おき たろう, or whose
        // English version is Taro Oki as 隠岐 太郎's is, may not write
        // 隠岐太郎).
        let exempt = |form: &str, person: usize| {
            let namesake = |p: &Person| {
                self.people.people[person].versions().any(|(name, forms)| {
                    !name.is_empty()
                        && p.versions().any(|(n, _)| n == name)
                        && forms.iter().any(|(f, _)| f == form)
                })
            };
            own.is_some_and(|p| p.owns(form, &self.people.people[person]) || namesake(p))
                || homonyms.iter().any(|h| h == form)
        };
        let mention = |field, text: &str, person: Option<usize>| Mention {
            path: doc.path.to_path_buf(),
            field,
            text: text.to_string(),
            person: person.map(|i| {
                let p = &self.people.people[i];
                (p.path.to_path_buf(), p.why)
            }),
            homonyms_field: F::HAS_HOMONYMS,
            reorders: false,
        };
        let mut found = Vec::new();
        let mut texts = vec![("slug", doc.slug.as_ref())];
        doc.front.texts(&mut texts);
        let mut urls = Vec::new();
        doc.front.urls(&mut urls);
        let decoded: Vec<(&'static str, std::borrow::Cow<str>)> = urls
            .iter()
            .map(|(field, url)| {
                (
                    *field,
                    percent_encoding::percent_decode_str(url).decode_utf8_lossy(),
                )
            })
            .collect();
        // Every field in one text, each ended by FIELD_END: one search.
        let mut all = String::new();
        let mut ends: Vec<(usize, &'static str)> = Vec::new();
        let fields = texts.iter().map(|(f, t)| (*f, *t));
        for (field, text) in fields.chain(decoded.iter().map(|(f, t)| (*f, t.as_ref()))) {
            page::push_shown(text, &mut all);
            all.push(FIELD_END);
            ends.push((all.len(), field));
        }
        let wanted = |form: &str, persons: &[usize]| persons.iter().any(|&p| !exempt(form, p));
        for (start, end, form, persons) in self.find(&all, &wanted, looked.as_deref_mut()) {
            let field = ends.iter().find(|(e, _)| start < *e).map_or("", |(_, f)| f);
            if let Some(&person) = persons.iter().find(|&&p| !exempt(form, p)) {
                found.push(mention(Some(field), &all[start..end], Some(person)));
            }
        }
        // Most bodies hold nothing to report, as a first look straight
        // from the HTML tells; the others are read the whole way.
        let page = (looked.is_some() || !self.page_is_clear(&doc.html, &wanted))
            .then(|| PageText::of(&doc.html));
        // Characters that show text in another order than it is written
        // (`\u{202e}nworB ennA` shows Anne Brown): no name check could
        // read it as shown.
        for (field, text) in page.iter().map(|p| (None, p.text.as_str())).chain(
            texts
                .iter()
                .map(|(f, t)| (Some(*f), *t))
                .filter(|(_, t)| !t.is_ascii()),
        ) {
            if let Some(at) = find_reordering(text) {
                let end = text[at..]
                    .chars()
                    .take(12)
                    .map(char::len_utf8)
                    .sum::<usize>();
                found.push(Mention {
                    reorders: true,
                    ..mention(field, &text[at..at + end], None)
                });
            }
        }
        let Some(page) = page else {
            return found;
        };
        for (start, end, form, persons) in self.find(&page.text, &wanted, looked) {
            // A name linked to the page of someone shown who has it.
            let linked = |person: usize| {
                (page.anchors.iter()).any(|(from, to, href)| {
                    *from <= start && end <= *to && self.links_to(href, form, person)
                })
            };
            if let Some(&person) = persons.iter().find(|&&p| !exempt(form, p) && !linked(p)) {
                found.push(mention(None, &page.text[start..end], Some(person)));
            }
        }
        found
    }

    /// Whether the rendered body `html` holds no name `wanted` and nothing
    /// else [`Finder::find`] or the check for reordered text would report
    /// in `PageText::of(html)`, by a first look in one pass over the HTML
    /// (`page::Look`); `false` where it may.
    fn page_is_clear(&self, html: &str, wanted: &dyn Fn(&str, &[usize]) -> bool) -> bool {
        let (Some(matcher), Some(prefixes)) = (&self.matcher, &self.prefixes) else {
            return false;
        };
        thread_local! {
            static LOOK: RefCell<Look> = RefCell::default();
        }
        LOOK.with_borrow_mut(|look| {
            let clear = look.fold(html)
                && !prefixes.any_place(&look.quick, |p| {
                    self.wanted_starts_at(matcher, &look.quick.text, p, wanted)
                })
                && !self.any_wanted_in(
                    matcher,
                    &Folded::around_brackets(&look.text, self.reach),
                    wanted,
                );
            look.shrink();
            clear
        })
    }

    /// Whether the longest name that starts at `p` in folded `text` (the
    /// one a leftmost-longest search finds there) is `wanted`.
    fn wanted_starts_at(
        &self,
        matcher: &AhoCorasick,
        text: &[u8],
        p: usize,
        wanted: &dyn Fn(&str, &[usize]) -> bool,
    ) -> bool {
        let input = Input::new(text).range(p..).anchored(Anchored::Yes);
        matcher
            .find(input)
            .is_some_and(|m| self.is_wanted(m, wanted))
    }

    /// Whether the name of match `m` is `wanted`.
    fn is_wanted(&self, m: aho_corasick::Match, wanted: &dyn Fn(&str, &[usize]) -> bool) -> bool {
        let (form, persons) = &self.patterns[m.pattern().as_usize()];
        wanted(form, persons)
    }

    /// Whether a name `wanted` is in any of `windows` (the text around
    /// short brackets).
    fn any_wanted_in(
        &self,
        matcher: &AhoCorasick,
        windows: &[Folded],
        wanted: &dyn Fn(&str, &[usize]) -> bool,
    ) -> bool {
        windows
            .iter()
            .any(|w| every_start(matcher, &w.text).any(|m| self.is_wanted(m, wanted)))
    }

    /// Whether `href` is the page of a visible member who has the name
    /// `form` as their own, where `person` (not shown) has it too (see
    /// [`Person::owns`]).
    fn links_to(&self, href: &str, form: &str, person: usize) -> bool {
        let url = href.split('#').next().unwrap_or(href);
        let people = &self.people.people;
        (self.pages.get(url)).is_some_and(|&i| people[i].owns(form, &people[person]))
    }

    /// Byte ranges in `text` of the names it contains, with each one's form
    /// and person, when `wanted`.
    fn find<'a>(
        &'a self,
        text: &str,
        wanted: &dyn Fn(&str, &[usize]) -> bool,
        looked: Option<&mut Looked>,
    ) -> Vec<(usize, usize, &'a str, &'a [usize])> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        if text.is_empty() {
            return Vec::new();
        }
        // A first look, without keeping where each folded letter came from:
        // most texts hold no name that is wanted. In this thread's buffers.
        thread_local! {
            static QUICK: RefCell<Quick> = RefCell::default();
        }
        let windows = Folded::around_brackets(text, self.reach);
        let hit = QUICK.with_borrow_mut(|quick| {
            quick.fold(text);
            // At each place a name may start, the longest name that does.
            let starts_at = |p: usize| self.wanted_starts_at(matcher, &quick.text, p, wanted);
            let hit = match &self.prefixes {
                Some(prefixes) => prefixes.any_place(quick, starts_at),
                None => every_start(matcher, &quick.text).any(|m| self.is_wanted(m, wanted)),
            };
            if let Some(looked) = looked {
                looked.texts.push(quick.text.as_slice().into());
                let folded = windows.iter().map(|w| w.text.as_bytes().into());
                looked.texts.extend(folded);
            }
            quick.shrink();
            hit
        });
        if !hit && !self.any_wanted_in(matcher, &windows, wanted) {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut readings = false;
        for folded in std::iter::once(Folded::of(text)).chain(windows) {
            for m in every_start(matcher, &folded.text) {
                let (form, persons) = &self.patterns[m.pattern().as_usize()];
                if !wanted(form, persons) || self.shadowed(text, &folded, m.start(), m.end()) {
                    continue;
                }
                let (start, end) = folded.original(text, m.start(), m.end());
                let known = readings
                    && found
                        .iter()
                        .any(|&(s, e, f, _)| (s, e, f) == (start, end, form.as_str()));
                if whole_words(text, start, end, form) && !known {
                    found.push((start, end, form.as_str(), persons.as_slice()));
                }
            }
            readings = true;
        }
        found
    }

    /// Whether `folded.text[start..end]` is part of a longer name of
    /// someone shown there: that name as it is written as a name (whole
    /// words, its parts apart only by spaces, hyphens or middle dots), not
    /// letters that run on into the next word (`Anne Brown explained` does
    /// not hold `Anne Browne`) or across a comma (`Mary, Anne Brown`).
    fn shadowed(&self, text: &str, folded: &Folded, start: usize, end: usize) -> bool {
        let Some(shadows) = &self.shadows else {
            return false;
        };
        let from = start.saturating_sub(self.shadow_len);
        let to = folded.text.len().min(end + self.shadow_len);
        shadows
            .find_overlapping_iter(&folded.text.as_bytes()[from..to])
            .any(|m| {
                let (s, e) = (from + m.start(), from + m.end());
                // Longer than the name, around it.
                if s > start || end > e || (s, e) == (start, end) {
                    return false;
                }
                let (s, e) = folded.original(text, s, e);
                let (form, cuts) = &self.shadow_forms[m.pattern().as_usize()];
                whole_words(text, s, e, form) && written_as(&text[s..e], cuts)
            })
    }
}

/// Where `text` has a bidirectional formatting character: an embedding,
/// override or isolate (U+202A–U+202E, U+2066–U+2069, in UTF-8 `e2 80 aa`
/// to `e2 80 ae` and `e2 81 a6` to `e2 81 a9`).
fn find_reordering(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xe2, bytes).find(|&i| {
        matches!(
            bytes.get(i + 1..i + 3),
            Some([0x80, 0xaa..=0xae] | [0x81, 0xa6..=0xa9])
        )
    })
}

/// The longest match at each place one starts, left to right: a match
/// that is not wanted (not whole words, part of a longer name shown, a
/// namesake's) does not hide one that starts inside it (`Xbrown Anne
/// Brown`: `brownanne` is not a word there, `annebrown` is).
fn every_start<'a, T: AsRef<[u8]> + ?Sized>(
    matcher: &'a AhoCorasick,
    text: &'a T,
) -> impl Iterator<Item = aho_corasick::Match> + 'a {
    let mut at = 0;
    std::iter::from_fn(move || {
        let m = matcher.find(Input::new(text).range(at..))?;
        // Names start with a whole character: the next place to look is
        // the next byte.
        at = m.start() + 1;
        Some(m)
    })
}

/// The mentions in every document of `editions` (for `serve`, whose
/// documents keep their rendered bodies): each once, in order.
pub fn check(finder: &Finder, editions: &[Visible]) -> Vec<Mention> {
    if finder.is_idle() {
        return Vec::new();
    }
    let mut found: Vec<Mention> = editions
        .par_iter()
        .flat_map_iter(|e| scan_site(finder, e.site()))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The mentions in every document of `site`, on all threads: every kind
/// at once (no thread waits for the last documents of one kind before the
/// next), in no particular order.
fn scan_site(finder: &Finder, site: &Site) -> Vec<Mention> {
    let found = std::sync::Mutex::new(Vec::new());
    let keep = |more: Vec<Mention>| {
        if !more.is_empty() {
            let mut found = found
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            found.extend(more);
        }
    };
    rayon::scope(|s| {
        s.spawn(|_| keep(all(finder, site.programme.as_slice())));
        crate::for_each_kind!(site, |docs, _| s.spawn(|_| keep(all(finder, docs))));
    });
    found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The mentions in `docs`, on all threads.
fn all<F: FreeText + Send + Sync>(finder: &Finder, docs: &[Doc<F>]) -> Vec<Mention> {
    docs.par_iter()
        .with_max_len(64)
        .flat_map_iter(|d| finder.scan(d))
        .collect()
}

/// The front-matter URLs of `doc` that `covered` says point into a
/// withheld page, each as a mention of its field.
fn urls_where<F: FreeText>(doc: &Doc<F>, covered: impl Fn(&str) -> bool) -> Vec<Mention> {
    let mut urls = Vec::new();
    doc.front.urls(&mut urls);
    urls.into_iter()
        .filter(|(_, url)| covered(url))
        .map(|(field, url)| Mention {
            path: doc.path.to_path_buf(),
            field: Some(field),
            text: url.to_string(),
            person: None,
            homonyms_field: F::HAS_HOMONYMS,
            reorders: false,
        })
        .collect()
}

#[cfg(test)]
mod tests;

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
//! character references decoded, attribute values included), so markup
//! between the letters of a name (`佐*藤*花子`, `&#20304;藤花子`, a table
//! cell boundary) does not hide it.
//!
//! Names are compared as folded text: compatibility forms (NFKC: full- and
//! half-width, circled and mathematical letters), katakana and hiragana,
//! voiced marks written apart, case, Latin accents, Cyrillic and Greek
//! letters that look Latin, and anything between the letters of a name
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

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::{Policy, Visible, member_visible};
use crate::collation::fold_for_match;
use crate::content::kinds::Now;
use crate::content::url::ExternalUrl;
use crate::content::{
    Audience, Doc, Event as EventDoc, Job, Member, News, Page, Programme, Section, Site, Story,
    Visibility,
};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::markdown::{Links, Withheld, decode_entity};

/// Every member's names, read before the gate.
#[derive(Debug, Default)]
pub struct People {
    people: Vec<Person>,
    /// Member document key → its person (every language version).
    by_key: HashMap<String, usize>,
}

#[derive(Debug)]
struct Person {
    /// The key of the member's original.
    group: String,
    /// The original's file, for messages.
    path: PathBuf,
    /// Why a build for the policy does not show them, for messages.
    why: &'static str,
    /// Folded forms of their names: name, reading and slug, each version.
    forms: Vec<String>,
    /// Their `name` and `name_reading` folded whole, whatever their length,
    /// in either order of two parts (every version): who is their namesake.
    names: Vec<String>,
}

impl People {
    /// The names of every member of `site` (before the gate), with why a
    /// build for `policy` would not show each one.
    pub fn of(site: &Site, policy: &Policy) -> People {
        // Each version's names, folded on all threads.
        let folded: Vec<(Vec<String>, Vec<String>)> = site
            .members
            .par_iter()
            .with_max_len(256)
            .map(|m| {
                let f = &m.front;
                let names = [&f.name].into_iter().chain(&f.name_reading);
                let forms = names.clone().chain([&m.slug]).flat_map(|n| forms_of(n));
                (names.flat_map(|n| whole_name(n)).collect(), forms.collect())
            })
            .collect();
        let mut people: Vec<Person> = Vec::new();
        let mut by_group: HashMap<&str, usize> = HashMap::new();
        let mut by_key = HashMap::with_capacity(site.members.len());
        for (m, (names, forms)) in site.members.iter().zip(folded) {
            let i = *by_group.entry(m.group.as_str()).or_insert_with(|| {
                people.push(Person {
                    group: m.group.clone(),
                    path: m.path.clone(),
                    why: "is not shown in this build",
                    forms: Vec::new(),
                    names: Vec::new(),
                });
                people.len() - 1
            });
            let person = &mut people[i];
            if !m.is_translation() {
                person.path = m.path.clone();
            }
            names.iter().for_each(|n| add(&mut person.names, n));
            forms.iter().for_each(|f| add(&mut person.forms, f));
            by_key.insert(m.key.clone(), i);
        }
        for m in &site.members {
            let person = &mut people[by_key[&m.key]];
            if let Some(why) = why_not_shown(&m.front, m.is_translation(), policy)
                && rank(why) > rank(person.why)
            {
                // The strongest reason of any version.
                person.why = why;
            }
        }
        People { people, by_key }
    }
}

fn add(forms: &mut Vec<String>, form: &str) {
    if !forms.iter().any(|f| f == form) {
        forms.push(form.to_string());
    }
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

/// A name found where it may not be, or a front-matter URL into a page
/// the build withholds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mention {
    /// The file it is in.
    pub path: PathBuf,
    /// The front-matter field, or `None` for the body.
    pub field: Option<&'static str>,
    /// The text as written there (as rendered, for a body).
    pub text: String,
    /// The person's file and why they are not shown; `None` for a URL into
    /// a withheld page.
    pub person: Option<(PathBuf, &'static str)>,
    /// Whether the document may list names of other people (`homonyms:`).
    pub homonyms_field: bool,
}

impl Mention {
    /// The error, located in the file's text `source` when given.
    pub fn diagnostic(&self, audience: Audience, source: Option<&str>) -> Diagnostic {
        let found = source.and_then(|s| find_in(s, &self.text, self.field));
        let location = match found {
            Some((line, col)) => Location::at(&self.path, line, col),
            None => Location::file(&self.path),
        };
        let place = match self.field {
            Some(field) => format!("`{field}`"),
            None => "this page".to_string(),
        };
        let Some((person, why)) = &self.person else {
            let d = Diagnostic::new(
                location,
                format!(
                    "{place} links to a page the {} build does not have",
                    audience.as_str()
                ),
            )
            .with_hint("remove the link: the page is not shown to this audience");
            return with_source(d, source);
        };
        let mut message = format!(
            "{place} names a person the {} build does not show: `{}`, who {why}",
            audience.as_str(),
            person.display()
        );
        if found.is_none() && self.field.is_none() {
            message.push_str(
                " (as the page shows it: the name is written with markup, character references or other characters between its letters)",
            );
        }
        let mut hint = String::from(
            "remove the name (or the part that says who it is); if you mean someone else of the same name, link the name to their profile, e.g. [Name](@/members/their-file.md)",
        );
        if self.homonyms_field {
            hint.push_str(", or list the name under `homonyms:` in this file");
        }
        with_source(Diagnostic::new(location, message).with_hint(hint), source)
    }
}

fn with_source(d: Diagnostic, source: Option<&str>) -> Diagnostic {
    match source {
        Some(s) => d.with_source(s),
        None => d,
    }
}

/// 1-based line and column of `text` in `source`: as written, or else its
/// first two characters (a name split by markup); for a field, after the
/// field's key when it is there.
fn find_in(source: &str, text: &str, field: Option<&str>) -> Option<(usize, usize)> {
    let from = field
        .and_then(|f| f.rsplit('.').next())
        .and_then(|key| source.find(&format!("{key}:")))
        .unwrap_or(0);
    let head: String = text.chars().take(2).collect();
    let at = [text, head.as_str()]
        .iter()
        .filter(|t| !t.is_empty())
        .find_map(|t| source[from..].find(t).map(|i| from + i))?;
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, col))
}

/// Looks for the names of the people a build does not show.
pub struct Finder {
    people: Arc<People>,
    /// The URL of each visible member's page (every language) → person.
    pages: HashMap<String, usize>,
    /// `None` when the build shows everyone.
    matcher: Option<AhoCorasick>,
    /// Each pattern's form and people: the people not shown, then (from
    /// index `hidden` on) the longer names of people shown that hold one.
    patterns: Vec<(String, Vec<usize>)>,
    hidden: usize,
    withheld: Option<Arc<Withheld>>,
}

impl Finder {
    /// A finder of the names of `people` whom `editions` do not show.
    pub fn new(people: Arc<People>, editions: &[Visible]) -> Finder {
        let mut shown = HashSet::new();
        let mut pages = HashMap::new();
        for e in editions {
            for m in &e.site().members {
                shown.insert(m.group.clone());
                if let Some(&i) = people.by_key.get(&m.key) {
                    pages.insert(Section::Members.url_in(e.prefix(), &m.slug), i);
                }
            }
        }
        // Each form once, with everyone not shown who has it (namesakes).
        let mut patterns: Vec<(String, Vec<usize>)> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, p) in people.people.iter().enumerate() {
            if shown.contains(&p.group) {
                continue;
            }
            for form in &p.forms {
                let at = *index.entry(form).or_insert_with(|| {
                    patterns.push((form.clone(), Vec::new()));
                    patterns.len() - 1
                });
                patterns[at].1.push(i);
            }
        }
        let hidden = patterns.len();
        let matcher = (hidden > 0)
            .then(|| AhoCorasick::new(patterns.iter().map(|(f, _)| f)).ok())
            .flatten();
        // A name shown that holds a name not shown (小林 大輔 holds 林 大輔,
        // さいとう あい holds いとう あい) is looked for too: where it is,
        // the shorter name is not.
        if let Some(hidden_names) = &matcher {
            for (i, p) in people.people.iter().enumerate() {
                if !shown.contains(&p.group) {
                    continue;
                }
                for form in &p.forms {
                    let holds = hidden_names
                        .find_overlapping_iter(form.as_str())
                        .any(|m| m.end() - m.start() < form.len());
                    if holds && !index.contains_key(form.as_str()) {
                        index.insert(form, patterns.len());
                        patterns.push((form.clone(), vec![i]));
                    }
                }
            }
        }
        // Leftmost-longest: where a name shown holds one not shown, the
        // longer name is the match (and it starts first, or at the same place).
        let matcher = (hidden > 0)
            .then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(patterns.iter().map(|(f, _)| f))
                    .ok()
            })
            .flatten();
        let withheld = editions
            .first()
            .and_then(|e| e.links().withheld())
            .filter(|w| !w.is_empty())
            .cloned();
        Finder {
            people,
            pages,
            matcher,
            patterns,
            hidden,
            withheld,
        }
    }

    /// Whether the build shows everyone and links nowhere it withholds:
    /// nothing to look for.
    pub fn is_idle(&self) -> bool {
        self.matcher.is_none() && self.withheld.is_none()
    }

    /// The names of people not shown in `doc`'s fields and rendered body
    /// (`doc.html`), and its front-matter URLs into withheld pages.
    pub fn scan<F: FreeText>(&self, doc: &Doc<F>) -> Vec<Mention> {
        if self.is_idle() {
            return Vec::new();
        }
        let own = self
            .people
            .by_key
            .get(&doc.key)
            .map(|&i| &self.people.people[i]);
        let homonyms: Vec<String> = doc
            .front
            .homonyms()
            .iter()
            .flat_map(|h| forms_of(h))
            .collect();
        // A member who has the same name as a person not shown (a namesake)
        // may carry it, and what else makes up that name, on their own
        // profile: their reading, their slug.
        let exempt = |form: &str, person: usize| {
            let theirs = &self.people.people[person].names;
            own.is_some_and(|p| p.names.iter().any(|n| theirs.contains(n)))
                || homonyms.iter().any(|h| h == form)
        };
        let mention = |field, text: &str, person: Option<usize>| Mention {
            path: doc.path.clone(),
            field,
            text: text.to_string(),
            person: person.map(|i| {
                let p = &self.people.people[i];
                (p.path.clone(), p.why)
            }),
            homonyms_field: F::HAS_HOMONYMS,
        };
        let mut found = Vec::new();
        let mut texts = vec![("slug", doc.slug.as_str())];
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
            all.push_str(text);
            all.push(FIELD_END);
            ends.push((all.len(), field));
        }
        let wanted = |form: &str, persons: &[usize]| persons.iter().any(|&p| !exempt(form, p));
        for (start, end, form, persons) in self.find(&all, &wanted) {
            let field = ends.iter().find(|(e, _)| start < *e).map_or("", |(_, f)| f);
            if let Some(&person) = persons.iter().find(|&&p| !exempt(form, p)) {
                found.push(mention(Some(field), &all[start..end], Some(person)));
            }
        }
        for (field, url) in urls {
            if self.withheld.as_ref().is_some_and(|w| w.covers(url)) {
                found.push(mention(Some(field), url, None));
            }
        }
        let page = PageText::of(&doc.html);
        for (start, end, form, persons) in self.find(&page.text, &wanted) {
            let linked = page
                .anchors
                .iter()
                .any(|(from, to, href)| *from <= start && end <= *to && self.links_to(href, form));
            if linked {
                continue;
            }
            if let Some(&person) = persons.iter().find(|&&p| !exempt(form, p)) {
                found.push(mention(None, &page.text[start..end], Some(person)));
            }
        }
        found
    }

    /// Whether `href` is the page of a visible member who has the name `form`.
    fn links_to(&self, href: &str, form: &str) -> bool {
        let url = href.split('#').next().unwrap_or(href);
        self.pages
            .get(url)
            .is_some_and(|&i| self.people.people[i].forms.iter().any(|f| f == form))
    }

    /// Byte ranges in `text` of the names it contains, with each one's form
    /// and person.
    fn find<'a>(
        &'a self,
        text: &str,
        wanted: &dyn Fn(&str, &[usize]) -> bool,
    ) -> Vec<(usize, usize, &'a str, &'a [usize])> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        if text.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut readings = false;
        for folded in std::iter::once(Folded::of(text)).chain(Folded::around_brackets(text)) {
            for m in matcher.find_iter(&folded.text) {
                // A longer name shown, holding one not shown.
                if m.pattern().as_usize() >= self.hidden {
                    continue;
                }
                let (form, persons) = &self.patterns[m.pattern().as_usize()];
                if !wanted(form, persons) {
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
}

/// The mentions in every document of `editions` (for `serve`, whose
/// documents keep their rendered bodies): each once, in order.
pub fn check(finder: &Finder, editions: &[Visible]) -> Vec<Mention> {
    if finder.is_idle() {
        return Vec::new();
    }
    let mut found: Vec<Mention> = editions
        .iter()
        .flat_map(|e| scan_site(finder, e.site()))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The mentions in every document of `site`, on all threads.
fn scan_site(finder: &Finder, site: &Site) -> Vec<Mention> {
    fn all<F: FreeText + Send + Sync>(finder: &Finder, docs: &[Doc<F>]) -> Vec<Mention> {
        docs.par_iter()
            .with_max_len(64)
            .flat_map_iter(|d| finder.scan(d))
            .collect()
    }
    let mut found: Vec<Mention> = site.programme.iter().flat_map(|p| finder.scan(p)).collect();
    found.extend(all(finder, &site.members));
    found.extend(all(finder, &site.stories));
    found.extend(all(finder, &site.events));
    found.extend(all(finder, &site.jobs));
    found.extend(all(finder, &site.news));
    found.extend(all(finder, &site.pages));
    found
}

/// The errors of `mentions` (sorted, each once), located by reading their
/// files with `read`.
pub fn diagnostics(
    mut mentions: Vec<Mention>,
    audience: Audience,
    read: &dyn Fn(&Path) -> Option<String>,
) -> Diagnostics {
    mentions.sort();
    mentions.dedup();
    let mut sources: HashMap<PathBuf, Option<String>> = HashMap::new();
    let mut out = Diagnostics::default();
    for m in &mentions {
        let source = sources
            .entry(m.path.clone())
            .or_insert_with(|| read(&m.path));
        out.push(m.diagnostic(audience, source.as_deref()));
    }
    out
}

/// A Latin name matches only as whole words: not inside a longer word.
/// (Japanese has no spaces: a name inside a longer name shown is told
/// apart by that name, see [`Finder::new`].)
fn whole_words(text: &str, start: usize, end: usize, form: &str) -> bool {
    let latin = |c: char| {
        c.is_ascii_alphanumeric() || (c.is_alphabetic() && ('\u{c0}'..='\u{24f}').contains(&c))
    };
    let first = form
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let last = form
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let before = text[..start].chars().next_back().is_some_and(latin);
    let after = text[end..].chars().next().is_some_and(latin);
    !((first && before) || (last && after))
}

/// The text a rendered body shows: tags removed, character references
/// decoded, attribute values (titles, alt texts, ids, URLs) included, with
/// the range of each link's text and its `href`.
struct PageText {
    text: String,
    anchors: Vec<(usize, usize, String)>,
}

impl PageText {
    fn of(html: &str) -> PageText {
        let mut page = PageText {
            text: String::with_capacity(html.len()),
            anchors: Vec::new(),
        };
        let mut open: Option<(usize, String)> = None;
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            decode_into(&rest[..lt], &mut page.text);
            let end = tag_end(&rest[lt..]).map_or(rest.len(), |e| lt + e);
            let tag = &rest[lt + 1..end.saturating_sub(1).max(lt + 1)];
            if tag.starts_with("/a") && tag[2..].trim().is_empty() {
                if let Some((from, href)) = open.take() {
                    page.anchors.push((from, page.text.len(), href));
                }
            } else if !tag.starts_with('!') && !tag.starts_with('/') {
                let is_a = tag.starts_with("a ") || tag == "a";
                // A link's range holds its own attributes (its URL names
                // whom it links to) and its text.
                let from = page.text.len();
                for (name, value) in attributes(tag) {
                    if is_a && name == "href" {
                        open = Some((from, value.clone()));
                    }
                    page.text.push(' ');
                    // A URL as a reader sees it: `%E4%BD%90` is 佐.
                    page.text.push_str(
                        &percent_encoding::percent_decode_str(&value).decode_utf8_lossy(),
                    );
                    page.text.push(' ');
                }
            }
            rest = &rest[end..];
        }
        decode_into(rest, &mut page.text);
        page
    }
}

/// The end (after `>`) of the tag `s` starts with, outside quoted values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            ('>', None) => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The attributes of a tag's inside (`a href="x" title='y' z=w`), values
/// decoded.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = tag.char_indices().peekable();
    // Skip the element name.
    while chars.next_if(|(_, c)| !c.is_whitespace()).is_some() {}
    loop {
        while chars
            .next_if(|(_, c)| c.is_whitespace() || *c == '/')
            .is_some()
        {}
        let mut name = String::new();
        while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != '=') {
            name.push(c.to_ascii_lowercase());
        }
        if name.is_empty() {
            break;
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if(|(_, c)| *c == '=').is_some() {
            while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
            let quote = chars
                .next_if(|(_, c)| *c == '"' || *c == '\'')
                .map(|(_, c)| c);
            let mut raw = String::new();
            while let Some((_, c)) = chars.next_if(|(_, c)| match quote {
                Some(q) => *c != q,
                None => !c.is_whitespace(),
            }) {
                raw.push(c);
            }
            if quote.is_some() {
                chars.next();
            }
            decode_into(&raw, &mut value);
        }
        out.push((name, value));
    }
    out
}

/// Appends `text` with its character references decoded.
fn decode_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match after.find(';').filter(|&i| i <= 10) {
            Some(semi) => {
                out.push(decode_entity(&after[..semi]));
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Ends each field of a document's front matter where they are looked at
/// together: no name is found across it.
const FIELD_END: char = '\0';

/// Text folded for matching, with the original byte of each folded byte.
struct Folded {
    text: String,
    /// The original byte of each folded byte.
    origin: Vec<u32>,
}

impl Folded {
    fn of(text: &str) -> Folded {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            if c.is_ascii() {
                // Most of a page: letters and digits as they are, the rest
                // nothing, except the end of a field (see `Finder::scan`).
                if c.is_ascii_alphanumeric() || c == FIELD_END {
                    folded.push(c.to_ascii_lowercase());
                    origin.push(i as u32);
                }
                continue;
            }
            fold_char(c, &mut folded);
            origin.resize(folded.len(), i as u32);
        }
        Folded {
            text: folded,
            origin,
        }
    }

    /// The text around each short bracket (such as a reading:
    /// `佐藤（さとう）花子（はなこ）`) folded without what the brackets hold: a
    /// few characters before and after each, so that a name split by one
    /// is found without folding the whole text again.
    fn around_brackets(text: &str) -> Vec<Folded> {
        if !text.contains(['(', '（']) {
            return Vec::new();
        }
        let mut windows = Vec::new();
        for (i, _) in text.char_indices().filter(|(_, c)| matches!(c, '(' | '（')) {
            let from = text[..i].char_indices().rev().nth(9).map_or(0, |(j, _)| j);
            let to = text[i..]
                .char_indices()
                .nth(40)
                .map_or(text.len(), |(j, _)| i + j);
            windows.push(Folded::without_brackets(text, from, to));
        }
        windows
    }

    /// `text[from..to]` folded without what short brackets in it hold.
    fn without_brackets(text: &str, from: usize, to: usize) -> Folded {
        let mut folded = String::new();
        let mut origin = Vec::new();
        let mut chars = text[from..to]
            .char_indices()
            .map(|(j, c)| (from + j, c))
            .peekable();
        while let Some((i, c)) = chars.next() {
            if matches!(c, '(' | '（') {
                let close = if c == '(' { ')' } else { '）' };
                let inside = &text[i + c.len_utf8()..to];
                if let Some(end) = inside
                    .find(close)
                    .filter(|&e| inside[..e].chars().count() <= 12)
                {
                    let resume = i + c.len_utf8() + end + close.len_utf8();
                    while chars.next_if(|&(j, _)| j < resume).is_some() {}
                    continue;
                }
            }
            fold_char(c, &mut folded);
            origin.resize(folded.len(), i as u32);
        }
        Folded {
            text: folded,
            origin,
        }
    }

    /// The byte range of `text` (the original) that folded `start..end` came from.
    fn original(&self, text: &str, start: usize, end: usize) -> (usize, usize) {
        let first = self.origin[start] as usize;
        let last = self.origin[end - 1] as usize;
        let len = text[last..].chars().next().map_or(0, char::len_utf8);
        (first, last + len)
    }
}

/// Folds `c` onto `out` as names are compared (see the module comment):
/// nothing for a character that is not a letter or digit, a voiced mark
/// joined to the kana before it.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() || c == FIELD_END {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    // Kana and the common ideographs are their own compatibility form,
    // without case: katakana is read as hiragana.
    match c {
        '\u{3041}'..='\u{3096}' | '\u{4e00}'..='\u{9fff}' => {
            out.push(c);
            return;
        }
        '\u{30a1}'..='\u{30f6}' => {
            out.push(char::from_u32(c as u32 - 0x60).unwrap_or(c));
            return;
        }
        _ => {}
    }
    for d in std::iter::once(c).nfkc() {
        match d {
            '\u{3099}' | '\u{309b}' => mark(out, 1),
            '\u{309a}' | '\u{309c}' => mark(out, 2),
            d if d.is_alphanumeric() => fold_for_match(look_alike(d), out),
            _ => {}
        }
    }
}

/// Joins a voiced (1) or semi-voiced (2) mark written apart to the kana
/// folded last.
fn mark(out: &mut String, which: u32) {
    let Some(last) = out.chars().next_back() else {
        return;
    };
    let voiced = match (which, last) {
        (1, 'う') => Some('ゔ'),
        (1, 'か'..='と') if (last as u32) % 2 == 1 || matches!(last, 'つ' | 'て' | 'と') => {
            char::from_u32(last as u32 + 1)
        }
        (1 | 2, 'は' | 'ひ' | 'ふ' | 'へ' | 'ほ') => char::from_u32(last as u32 + which),
        _ => None,
    };
    if let Some(v) = voiced {
        out.pop();
        out.push(v);
    }
}

/// A Cyrillic or Greek letter that looks like a Latin one, as that letter.
fn look_alike(c: char) -> char {
    const FROM: &str = "АВЕКМНОРСТХУаеорсхуіјѕԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧοντ";
    const TO: &str = "ABEKMHOPCTXYaeopcxyijsdqwABEZHIKMNOPTYXovt";
    crate::collation::translate(c, FROM, TO)
}

/// `name` folded, its parts joined, and (for two parts) the other way
/// round: whatever its length.
fn whole_name(name: &str) -> Vec<String> {
    let parts = folded_parts(name);
    let mut names = vec![parts.concat()];
    if parts.len() == 2 {
        names.push(format!("{}{}", parts[1], parts[0]));
    }
    names.retain(|n| !n.is_empty());
    names
}

/// The folded parts of a name.
fn folded_parts(name: &str) -> Vec<String> {
    name.split(|c: char| {
        !c.is_alphanumeric() && !matches!(c, '\u{3099}'..='\u{309c}' | '\u{ff9e}' | '\u{ff9f}')
    })
    .map(|p| {
        let mut s = String::new();
        p.chars().for_each(|c| fold_char(c, &mut s));
        s
    })
    .filter(|p| !p.is_empty())
    .collect()
}

/// The folded forms under which `name` is looked for: its parts joined,
/// and (for two parts) the other way round. None for a name too short or
/// too common to look for (see the module comment).
fn forms_of(name: &str) -> Vec<String> {
    let parts: Vec<String> = name
        .split(|c: char| {
            !c.is_alphanumeric() && !matches!(c, '\u{3099}'..='\u{309c}' | '\u{ff9e}' | '\u{ff9f}')
        })
        .map(|p| {
            let mut s = String::new();
            p.chars().for_each(|c| fold_char(c, &mut s));
            s
        })
        .filter(|p| !p.is_empty())
        .collect();
    let joined: String = parts.concat();
    let chars = joined.chars().count();
    let latin = joined.is_ascii();
    let enough = match parts.len() {
        0 => false,
        1 => !latin && chars >= 3,
        _ => chars >= 3,
    };
    if !enough {
        return Vec::new();
    }
    let mut forms = vec![joined];
    // `Hanako Sato` and `Sato Hanako`; Japanese names keep their order.
    if parts.len() == 2 && latin {
        forms.push(format!("{}{}", parts[1], parts[0]));
    }
    forms
}

/// The free text of a kind's front matter, field by field.
pub trait FreeText {
    /// Whether the kind has a `homonyms:` field (editors' documents do;
    /// member profiles, written by members, do not).
    const HAS_HOMONYMS: bool = true;

    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>);

    /// Its URLs (links, registration, application), as written.
    fn urls<'a>(&'a self, _out: &mut Vec<(&'static str, &'a str)>) {}

    /// Names in this document that belong to someone else.
    fn homonyms(&self) -> &[String] {
        &[]
    }
}

fn push<'a>(out: &mut Vec<(&'static str, &'a str)>, field: &'static str, text: Option<&'a str>) {
    if let Some(t) = text {
        out.push((field, t));
    }
}

fn push_url<'a>(
    out: &mut Vec<(&'static str, &'a str)>,
    field: &'static str,
    url: &'a Option<ExternalUrl>,
) {
    if let Some(u) = url {
        out.push((field, u.as_str()));
    }
}

/// Every string in `extra` (any depth), keys too.
fn extra<'a>(value: &'a Value, out: &mut Vec<(&'static str, &'a str)>) {
    match value {
        Value::String(s) => out.push(("extra", s)),
        Value::Array(items) => items.iter().for_each(|v| extra(v, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push(("extra", k));
            extra(v, out);
        }),
        _ => {}
    }
}

impl FreeText for Programme {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "description", self.description.as_deref());
        extra(&self.extra, out);
    }

    fn homonyms(&self) -> &[String] {
        &self.homonyms
    }
}

impl FreeText for Member {
    const HAS_HOMONYMS: bool = false;

    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "name", Some(&self.name));
        push(out, "name_reading", self.name_reading.as_deref());
        push(out, "department", self.department.as_deref());
        push(out, "role", self.role.as_deref());
        let Now {
            company,
            title,
            industry,
        } = &self.now;
        push(out, "now.company", company.as_deref());
        push(out, "now.title", title.as_deref());
        push(out, "now.industry", industry.as_deref());
        push(out, "location", self.location.as_deref());
        push(out, "email", self.email.as_deref());
        push(out, "photo", self.photo.as_deref());
        for s in &self.skills {
            out.push(("skills", s));
        }
        extra(&self.extra, out);
    }

    fn urls<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push_url(out, "links.linkedin", &self.links.linkedin);
        push_url(out, "links.website", &self.links.website);
        push_url(out, "links.x", &self.links.x);
        push_url(out, "links.github", &self.links.github);
    }
}

impl FreeText for Story {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "summary", self.summary.as_deref());
        for t in &self.tags {
            out.push(("tags", t));
        }
        push(out, "cover", self.cover.as_deref());
        extra(&self.extra, out);
    }

    fn homonyms(&self) -> &[String] {
        &self.homonyms
    }
}

impl FreeText for EventDoc {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "location", self.location.as_deref());
        push(out, "summary", self.summary.as_deref());
        extra(&self.extra, out);
    }

    fn urls<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push_url(out, "online", &self.online);
        push_url(out, "register", &self.register);
    }

    fn homonyms(&self) -> &[String] {
        &self.homonyms
    }
}

impl FreeText for Job {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "department", self.department.as_deref());
        push(out, "location", self.location.as_deref());
        push(out, "employment_type", self.employment_type.as_deref());
        push(out, "summary", self.summary.as_deref());
        extra(&self.extra, out);
    }

    fn urls<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push_url(out, "apply", &self.apply);
    }

    fn homonyms(&self) -> &[String] {
        &self.homonyms
    }
}

impl FreeText for News {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "summary", self.summary.as_deref());
        extra(&self.extra, out);
    }

    fn homonyms(&self) -> &[String] {
        &self.homonyms
    }
}

impl FreeText for Page {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "description", self.description.as_deref());
        extra(&self.extra, out);
    }

    fn homonyms(&self) -> &[String] {
        &self.homonyms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(name: &str, text: &str) -> Vec<String> {
        let forms = forms_of(name);
        let folded = Folded::of(text);
        forms
            .iter()
            .flat_map(|f| {
                let folded = &folded;
                folded
                    .text
                    .match_indices(f.as_str())
                    .map(move |(i, m)| (f, folded.original(text, i, i + m.len())))
            })
            .filter(|(f, (s, e))| whole_words(text, *s, *e, f))
            .map(|(_, (s, e))| text[s..e].to_string())
            .collect()
    }

    #[test]
    fn forms_ignore_spacing_width_kana_case_and_order() {
        assert_eq!(forms_of("佐藤 花子"), ["佐藤花子"]);
        assert_eq!(forms_of("サトウ　ハナコ"), ["さとうはなこ"]);
        assert_eq!(forms_of("Anna Brown"), ["annabrown", "brownanna"]);
        assert_eq!(forms_of("ＡＮＮＡ-brown"), ["annabrown", "brownanna"]);
        assert_eq!(forms_of("José María Núñez"), ["josemarianunez"]);
        assert_eq!(forms_of("sato-hanako"), ["satohanako", "hanakosato"]);
    }

    #[test]
    fn one_word_latin_names_and_short_names_are_not_looked_for() {
        assert!(forms_of("Taro").is_empty());
        assert!(forms_of("田中").is_empty());
        assert!(forms_of("m000123").is_empty());
        assert_eq!(forms_of("佐藤花子"), ["佐藤花子"]);
    }

    #[test]
    fn latin_names_match_whole_words_only() {
        assert_eq!(
            found("Anna Brown", "Joanna Browning met Anna  Brown."),
            ["Anna  Brown"]
        );
        assert!(found("Carl Jensen", "Carl Jensenius").is_empty());
        assert_eq!(found("いとう あい", "昨日はいとうあいさんと").len(), 1);
        // Japanese has no spaces between words: a name is found anywhere.
        assert_eq!(found("佐藤 花子", "昨日は佐藤花子さんと"), ["佐藤花子"]);
    }

    #[test]
    fn what_is_between_the_letters_does_not_hide_a_name() {
        for text in [
            "佐藤、花子",
            "佐\u{200b}藤花子",
            "木村!次郎 佐藤/花子",
            "佐\u{e0100}藤花子",
            "ｻﾄｳ ﾊﾅｺ",
            "Ⓢato Ⓗanako",
        ] {
            let names = ["佐藤 花子", "さとう はなこ", "sato hanako", "木村 次郎"];
            assert!(names.iter().any(|n| !found(n, text).is_empty()), "{text}");
        }
        assert_eq!(found("すずき いちろう", "すす\u{3099}きいちろう").len(), 1);
        assert_eq!(found("鈴木 一郎", "ｽｽﾞｷ ｲﾁﾛｳ").len(), 0);
        assert_eq!(found("すずき いちろう", "ｽｽﾞｷ ｲﾁﾛｳ").len(), 1);
        assert_eq!(found("Anna Brown", "\u{410}nna Brown").len(), 1);
        assert_eq!(found("Anna Brown", "\u{115f}Anna Brown\u{1160}").len(), 1);
        let text = "佐藤（さとう）花子（はなこ）さん";
        let windows = Folded::around_brackets(text);
        assert!(windows.iter().any(|f| f.text.contains("佐藤花子")));
    }

    #[test]
    fn a_page_is_read_as_it_shows() {
        let page = PageText::of(
            "<p>佐<em>藤</em>花子 &#x6728;村 <a href=\"/members/x/\" title=\"a&amp;b\">Anna</a></p><img alt='鈴木' src=x>",
        );
        assert!(page.text.contains("佐藤花子 木村"), "{}", page.text);
        assert!(page.text.contains("a&b"), "{}", page.text);
        assert!(page.text.contains("鈴木"), "{}", page.text);
        let (from, to, href) = &page.anchors[0];
        assert_eq!(&page.text[*from..*to], " /members/x/  a&b Anna");
        assert_eq!(href, "/members/x/");
    }
}

//! Names of the people a build does not show, looked for in the text it
//! does show.
//!
//! The gate removes a hidden, withdrawn, unconsented, draft or (in the
//! public build) members-only person from every structured field, but a
//! story, bio, event or news text can still name them. [`People::of`] takes
//! every member's name, reading and slug (every language version) before
//! the gate; [`check`] looks for the names of those the gate did not let
//! through in every text field and body of every document it did, and
//! reports each one at its place: a build that would contain the name of a
//! person it does not show fails.
//!
//! Names are compared as folded text: case, full- and half-width forms,
//! katakana and hiragana, Latin accents, and the spaces, hyphens, dots and
//! middle dots between parts of a name do not matter (`佐藤花子`,
//! `佐藤　花子` and `さとう はなこ` are all 佐藤 花子 with that reading;
//! `hanako sato` is Hanako Sato in either order). Latin names match whole
//! words only (`Anna Brown` is not in `Joanna Browning`).
//!
//! Not looked for, by design (docs/content.md says so): a name of one word
//! in Latin letters, or of fewer than three characters in one word
//! (`Taro`, `田中`: too many other people and words share them), nicknames,
//! initials, and names spelled differently from the profile.
//!
//! Someone else of the same name is not a leak: text may name a person of
//! the same name as a visible member by linking the name to that member
//! (`[Anna Brown](@/members/anna-brown-2.md)`), and an editor's document
//! may list names that belong to other people under `homonyms:`. A member's
//! own profile may carry their own name.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use aho_corasick::AhoCorasick;
use pulldown_cmark::{Event, Parser, Tag};
use rayon::prelude::*;
use serde_json::Value;

use super::{Policy, Visible, member_visible};
use crate::collation::fold_for_match;
use crate::content::kinds::Now;
use crate::content::{
    Audience, Doc, Event as EventDoc, Job, Member, News, Page, Programme, Site, Story, Visibility,
};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

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
}

impl People {
    /// The names of every member of `site` (before the gate), with why a
    /// build for `policy` would not show each one.
    pub fn of(site: &Site, policy: &Policy) -> People {
        let mut people: Vec<Person> = Vec::new();
        let mut by_group: HashMap<&str, usize> = HashMap::new();
        let mut by_key = HashMap::new();
        for m in &site.members {
            let i = *by_group.entry(m.group.as_str()).or_insert_with(|| {
                people.push(Person {
                    group: m.group.clone(),
                    path: m.path.clone(),
                    why: "is not shown in this build",
                    forms: Vec::new(),
                });
                people.len() - 1
            });
            let person = &mut people[i];
            if !m.is_translation() {
                person.path = m.path.clone();
            }
            let f = &m.front;
            let names = [Some(f.name.as_str()), f.name_reading.as_deref()];
            for name in names.into_iter().flatten().chain([m.slug.as_str()]) {
                for form in forms_of(name) {
                    if !person.forms.contains(&form) {
                        person.forms.push(form);
                    }
                }
            }
            by_key.insert(m.key.clone(), i);
        }
        for m in &site.members {
            let person = &mut people[by_key[&m.key]];
            if let Some(why) = why_not_shown(&m.front, m.is_translation(), policy) {
                // The strongest reason of any version.
                if rank(why) > rank(person.why) {
                    person.why = why;
                }
            }
        }
        People { people, by_key }
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

/// A name found where it may not be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The file it is in.
    pub path: PathBuf,
    /// The front-matter field, or `None` for the body.
    pub field: Option<&'static str>,
    /// 1-based line and column in the file (body only; 0 when not known).
    pub line: usize,
    pub col: usize,
    /// The text as written there.
    pub text: String,
    /// The person's file and why they are not shown.
    pub person: PathBuf,
    pub why: &'static str,
    /// Whether the document may list names of other people (`homonyms:`).
    pub homonyms_field: bool,
}

impl Mention {
    /// The error, located in the file's text `source` when given (a front
    /// matter field's value is found there; a body's place is known).
    pub fn diagnostic(&self, audience: Audience, source: Option<&str>) -> Diagnostic {
        let mut location = Location::at(&self.path, self.line, self.col);
        if self.line == 0
            && let Some((line, col)) = source.and_then(|s| find_in(s, &self.text))
        {
            location = Location::at(&self.path, line, col);
        }
        let place = match self.field {
            Some(field) => format!("`{field}` names"),
            None => "this names".to_string(),
        };
        let mut hint = String::from(
            "remove the name (or the part that says who it is); if you mean someone else of the same name",
        );
        hint.push_str(", link the name to their profile, e.g. [Name](@/members/their-file.md)");
        if self.homonyms_field {
            hint.push_str(", or list the name under `homonyms:` in this file");
        }
        let d = Diagnostic::new(
            location,
            format!(
                "{place} a person the {} build does not show: {}, who {}",
                audience.as_str(),
                self.person.display(),
                self.why
            ),
        )
        .with_hint(hint);
        match source {
            Some(s) => d.with_source(s),
            None => d,
        }
    }
}

/// 1-based line and column of the first `needle` in `source`.
fn find_in(source: &str, needle: &str) -> Option<(usize, usize)> {
    let at = source.find(needle)?;
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, col))
}

/// The names of people the build does not show, in the text of
/// `editions` (every document once, in the order of the editions).
pub fn check(people: &People, editions: &[Visible]) -> Vec<Mention> {
    let shown: HashSet<&str> = editions
        .iter()
        .flat_map(|e| &e.site().members)
        .map(|m| m.group.as_str())
        .collect();
    let mut patterns: Vec<&str> = Vec::new();
    let mut owners: Vec<usize> = Vec::new();
    for (i, p) in people.people.iter().enumerate() {
        if shown.contains(p.group.as_str()) {
            continue;
        }
        for form in &p.forms {
            patterns.push(form);
            owners.push(i);
        }
    }
    if patterns.is_empty() {
        return Vec::new();
    }
    let Ok(matcher) = AhoCorasick::new(&patterns) else {
        return Vec::new();
    };
    let finder = Finder {
        people,
        shown: &shown,
        matcher,
        patterns,
        owners,
    };
    let mut seen = HashSet::new();
    let mut docs: Vec<&dyn Scanned> = Vec::new();
    for e in editions {
        let site = e.site();
        let keyed = site
            .programme
            .iter()
            .map(|d| (d.key.as_str(), d as &dyn Scanned))
            .chain(docs_of(&site.members))
            .chain(docs_of(&site.stories))
            .chain(docs_of(&site.events))
            .chain(docs_of(&site.jobs))
            .chain(docs_of(&site.news))
            .chain(docs_of(&site.pages));
        for (key, doc) in keyed {
            if seen.insert(key) {
                docs.push(doc);
            }
        }
    }
    docs.par_iter()
        .with_max_len(64)
        .flat_map_iter(|d| d.mentions(&finder))
        .collect()
}

fn docs_of<F: FreeText + Send + Sync>(
    docs: &[Doc<F>],
) -> impl Iterator<Item = (&str, &dyn Scanned)> {
    docs.iter().map(|d| (d.key.as_str(), d as &dyn Scanned))
}

/// Whether `text` names a person the build does not show (for a body
/// about to replace another without the gate running again).
pub fn names_anyone(people: &People, editions: &[Visible], text: &str) -> bool {
    let shown: HashSet<&str> = editions
        .iter()
        .flat_map(|e| &e.site().members)
        .map(|m| m.group.as_str())
        .collect();
    let folded = Folded::of(text);
    people
        .people
        .iter()
        .filter(|p| !shown.contains(p.group.as_str()))
        .flat_map(|p| &p.forms)
        .any(|form| folded.text.contains(form.as_str()))
}

/// The matcher of the names of the people not shown.
struct Finder<'a> {
    people: &'a People,
    /// The groups of the members the build shows.
    shown: &'a HashSet<&'a str>,
    matcher: AhoCorasick,
    patterns: Vec<&'a str>,
    owners: Vec<usize>,
}

/// A document whose text is scanned.
trait Scanned: Sync {
    fn mentions(&self, finder: &Finder) -> Vec<Mention>;
}

impl<F: FreeText + Sync + Send> Scanned for Doc<F> {
    fn mentions(&self, finder: &Finder) -> Vec<Mention> {
        let own = finder.people.by_key.get(&self.key).copied();
        let homonyms: Vec<String> = self
            .front
            .homonyms()
            .iter()
            .flat_map(|h| forms_of(h))
            .collect();
        let exempt = |form: &str| {
            own.is_some_and(|i| finder.people.people[i].forms.iter().any(|f| f == form))
                || homonyms.iter().any(|h| h == form)
        };
        let mut found = Vec::new();
        let mut texts = Vec::new();
        self.front.texts(&mut texts);
        for (field, text) in texts {
            for (start, end, person) in finder.find(text) {
                let form = finder.patterns[person.1];
                if !exempt(form) {
                    found.push(self.mention(
                        finder,
                        Some(field),
                        &text[start..end],
                        person.0,
                        (0, 0),
                    ));
                }
            }
        }
        let links = if self.body.contains("@/") {
            name_links(&self.body, finder)
        } else {
            Vec::new()
        };
        for (start, end, person) in finder.find(&self.body) {
            let form = finder.patterns[person.1];
            let linked = links.iter().any(|l| {
                l.range.0 <= start
                    && end <= l.range.1
                    && l.person
                        .is_none_or(|p| finder.people.people[p].forms.iter().any(|f| f == form))
            });
            if exempt(form) || linked {
                continue;
            }
            let place = place_in(&self.body, start, self.body_line);
            found.push(self.mention(finder, None, &self.body[start..end], person.0, place));
        }
        found
    }
}

impl<F: FreeText> Doc<F> {
    fn mention(
        &self,
        finder: &Finder,
        field: Option<&'static str>,
        text: &str,
        person: usize,
        (line, col): (usize, usize),
    ) -> Mention {
        let p = &finder.people.people[person];
        Mention {
            path: self.path.clone(),
            field,
            line,
            col,
            text: text.to_string(),
            person: p.path.clone(),
            why: p.why,
            homonyms_field: F::HAS_HOMONYMS,
        }
    }
}

/// Line and column in the file of byte `at` of a body starting at `body_line`.
fn place_in(body: &str, at: usize, body_line: usize) -> (usize, usize) {
    let before = &body[..at];
    let line = body_line + before.matches('\n').count();
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl Finder<'_> {
    /// Byte ranges in `text` of the names it contains, with (person,
    /// pattern) of each.
    fn find(&self, text: &str) -> Vec<(usize, usize, (usize, usize))> {
        if text.is_empty() {
            return Vec::new();
        }
        let folded = Folded::of(text);
        let mut found = Vec::new();
        for m in self.matcher.find_overlapping_iter(&folded.text) {
            let (start, end) = folded.original(text, m.start(), m.end());
            let pattern = m.pattern().as_usize();
            if whole_words(text, start, end, self.patterns[pattern]) {
                found.push((start, end, (self.owners[pattern], pattern)));
            }
        }
        found
    }
}

/// A Latin name matches only as whole words: not inside a longer word.
fn whole_words(text: &str, start: usize, end: usize, form: &str) -> bool {
    let latin = |c: char| c.is_alphanumeric() && (c as u32) < 0x2e80;
    let first = form.chars().next().is_some_and(latin);
    let last = form.chars().next_back().is_some_and(latin);
    let before = text[..start].chars().next_back().is_some_and(latin);
    let after = text[end..].chars().next().is_some_and(latin);
    !((first && before) || (last && after))
}

/// An `@/` link of a body: where it is, and the person it links to (`None`
/// for a person the build does not show: the link and its text go).
struct NameLink {
    range: (usize, usize),
    person: Option<usize>,
}

/// The `@/` links to members in `body`.
fn name_links(body: &str, finder: &Finder) -> Vec<NameLink> {
    let people = finder.people;
    Parser::new(body)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let key = dest_url.strip_prefix("@/")?;
                let key = key.split('#').next().unwrap_or(key);
                let person = *people.by_key.get(key)?;
                Some((range, person))
            }
            _ => None,
        })
        .map(|(range, person)| NameLink {
            range: (range.start, range.end),
            person: finder
                .shown
                .contains(people.people[person].group.as_str())
                .then_some(person),
        })
        .collect()
}

/// Characters that separate the parts of a name.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '_' | '.' | ',' | '、' | '，' | '・' | '･' | '·' | '‐' | '－' | '＿' | '．'
        )
}

/// Text folded for matching, with the original byte of each folded byte.
struct Folded {
    text: String,
    origin: Vec<u32>,
}

impl Folded {
    fn of(text: &str) -> Folded {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            if is_separator(c) {
                continue;
            }
            fold_for_match(c, &mut folded);
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

/// The folded forms under which `name` is looked for: its parts joined,
/// and (for two parts) the other way round. None for a name too short or
/// too common to look for (see the module comment).
fn forms_of(name: &str) -> Vec<String> {
    let parts: Vec<String> = name
        .split(is_separator)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut s = String::new();
            p.chars().for_each(|c| fold_for_match(c, &mut s));
            s
        })
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
    if parts.len() == 2 {
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

/// Every string in `extra` (any depth).
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
        for s in &self.skills {
            out.push(("skills", s));
        }
        extra(&self.extra, out);
    }
}

impl FreeText for Story {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "summary", self.summary.as_deref());
        for t in &self.tags {
            out.push(("tags", t));
        }
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

/// Reads the files of `mentions` to locate them, and makes the errors.
pub fn diagnostics(
    mentions: &[Mention],
    audience: Audience,
    read: &dyn Fn(&Path) -> Option<String>,
) -> Diagnostics {
    let mut sources: HashMap<&Path, Option<String>> = HashMap::new();
    let mut out = Diagnostics::default();
    for m in mentions {
        let source = sources.entry(&m.path).or_insert_with(|| read(&m.path));
        out.push(m.diagnostic(audience, source.as_deref()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_ignore_spacing_width_kana_case_and_order() {
        assert_eq!(forms_of("佐藤 花子"), ["佐藤花子", "花子佐藤"]);
        assert_eq!(forms_of("サトウ　ハナコ"), ["さとうはなこ", "はなこさとう"]);
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
        let text = "Joanna Browning met Anna  Brown.";
        let folded = Folded::of(text);
        let hits: Vec<(usize, usize)> = folded
            .text
            .match_indices("annabrown")
            .map(|(i, m)| folded.original(text, i, i + m.len()))
            .filter(|&(s, e)| whole_words(text, s, e, "annabrown"))
            .collect();
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].0..hits[0].1], "Anna  Brown");
        // Japanese has no spaces between words: a name is found anywhere.
        let ja = "昨日は佐藤花子さんと";
        let f = Folded::of(ja);
        let i = f.text.find("佐藤花子").unwrap();
        let (s, e) = f.original(ja, i, i + "佐藤花子".len());
        assert!(whole_words(ja, s, e, "佐藤花子"));
        assert_eq!(&ja[s..e], "佐藤花子");
    }
}

//! The directory's search data, `search/` beside the pages: a small
//! manifest, and files the directory script fetches only when a query
//! needs them. Made from the member cards of this build (after the privacy
//! gate), so it holds exactly what the pages of that build show. The format
//! is documented in docs/search.md.
//!
//! - `search/index.json`: the manifest: how many members, the shard keys,
//!   each filter's values with their counts.
//! - `search/t/<key>.json`: a shard of the substring index. Every suffix of
//!   every folded word of a member's name, reading, company, title,
//!   industry, department, location and skills, with the members who have
//!   it, for the suffixes that start with the shard's key. A shard too
//!   large is split by one more character; the split key's file then holds
//!   only the members whose words contain the key (which answers a query
//!   of exactly that key).
//! - `search/f/<filter>/<n>.json`: the members with the n-th value of a filter.
//! - `search/r/<n>.json`: the cards (URL, name, HTML) of members
//!   `n·CHUNK` to `(n+1)·CHUNK − 1`.
//!
//! Members are numbered in directory order, and every list of members is in
//! that order, written as differences from the previous number.
//! `<`, `>`, `&` and U+2028/9 are written as `\uXXXX` in every file.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::theme::view::MemberCard;

/// The format of `search/index.json` (docs/search.md).
pub const VERSION: u32 = 2;

/// Members' cards per `search/r/<n>.json`.
pub const CHUNK: usize = 16;

/// A shard whose entries would take more bytes than this (before
/// compression) is split by one more character.
const SPLIT_BYTES: usize = 12 * 1024;

/// The filters of the search data, each member's values of them.
pub const FILTERS: [&str; 6] = [
    "department",
    "left",
    "location",
    "skills",
    "open_to",
    "initial",
];

/// One member of the directory, in directory order.
pub struct Member<'a> {
    pub card: &'a MemberCard<'a>,
    /// The member's heading in an index by initial (gojūon row, or first letter).
    pub initial: &'a str,
}

/// Text as the search compares it, the same way directory.js folds a
/// query: NFKC (full-width `ＡＣＭＥ` is `ACME`, half-width `ﾔﾏﾀﾞ` is
/// `ヤマダ`), Latin accents dropped, lower case, katakana as hiragana.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    if text.chars().all(plain) {
        return text.chars().map(hiragana).collect();
    }
    // NFD of NFKC is NFKD: one decomposition, not two.
    let unaccented: String = text
        .nfkd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .nfc()
        .collect();
    unaccented
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '\u{30a1}'..='\u{30f6}' | '\u{30fd}' | '\u{30fe}' => {
                char::from_u32(c as u32 - 0x60).unwrap_or(c)
            }
            c => c,
        })
        .collect()
}

/// Whether [`fold`] changes `c` at most by ASCII lower case and katakana
/// as hiragana, whatever is around it: ASCII, the kana letters (not the
/// voicing marks, which join the letter before), the long vowel mark and
/// the CJK ideographs are their own NFKC, carry no accent and compose
/// with nothing before them. Most Japanese and English text is all such
/// characters, and is folded without the normalization's passes.
fn plain(c: char) -> bool {
    c.is_ascii()
        || matches!(c, '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}' | '\u{30fc}' | '\u{4e00}'..='\u{9fff}')
}

/// A [`plain`] character as [`fold`] gives it.
fn hiragana(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{30a1}'..='\u{30f6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        c => c,
    }
}

/// The folded words a member is found by: those of the name, reading,
/// company, title, industry, department, location and skills, and the name
/// and reading also without their spaces (`山田太郎`).
fn words(card: &MemberCard) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |text: &str, joined: bool| {
        let folded = fold(text);
        let parts: Vec<&str> = folded.split_whitespace().collect();
        if joined && parts.len() > 1 {
            out.push(parts.concat());
        }
        out.extend(parts.into_iter().map(str::to_string));
    };
    add(card.name, true);
    if let Some(r) = card.name_reading {
        add(r, true);
    }
    for text in [
        card.now.company,
        card.now.title,
        card.now.industry,
        card.location,
    ]
    .into_iter()
    .flatten()
    {
        add(text, false);
    }
    if let Some(d) = &card.department {
        add(d.name, false);
    }
    for s in &card.skills {
        add(s.name, false);
    }
    out
}

/// A member's values of filter `name`.
fn values<'a>(m: &'a Member<'a>, name: &str) -> Vec<String> {
    let c = m.card;
    match name {
        "department" => c.department.iter().map(|d| d.name.to_string()).collect(),
        "left" => vec![c.left.to_string()],
        "location" => c.location.iter().map(|l| l.to_string()).collect(),
        "skills" => c.skills.iter().map(|s| s.name.to_string()).collect(),
        "open_to" => c.open_to.iter().map(|o| o.to_string()).collect(),
        "initial" => vec![m.initial.to_string()],
        _ => Vec::new(),
    }
}

/// Ascending member numbers as differences from the previous one.
fn deltas(ids: &[u32]) -> Vec<u32> {
    let mut last = 0;
    ids.iter()
        .enumerate()
        .map(|(i, &id)| {
            let d = if i == 0 { id } else { id - last };
            last = id;
            d
        })
        .collect()
}

/// A file name for a shard key: its characters as hexadecimal code points
/// (`やま` → `3084-307e`), so any character makes a portable name.
pub fn key_file(key: &str) -> String {
    let hex: Vec<String> = key.chars().map(|c| format!("{:x}", c as u32)).collect();
    hex.join("-")
}

#[derive(Serialize)]
struct Manifest {
    version: u32,
    /// Members in the directory.
    count: usize,
    /// Cards per `r/<n>.json`.
    chunk: usize,
    /// Shard key → 1 when split by one more character, else 0.
    shards: BTreeMap<String, u8>,
    /// Filter → its values, each with its count, in the order of `f/<filter>/<n>.json`.
    filters: BTreeMap<&'static str, Vec<(String, usize)>>,
}

/// A shard: `all` for a split key, else its entries (each suffix without
/// the key, and its members).
#[derive(Serialize)]
#[serde(untagged)]
enum Shard<'a> {
    Split { all: Vec<u32> },
    Leaf { entries: Vec<(&'a str, Vec<u32>)> },
}

fn json<T: Serialize>(value: &T) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    super::jsonld::escape_for_script(&text)
}

/// What the search data of one directory was made of, kept by `serve` for
/// the next plan (a build keeps nothing). Each part is taken again only
/// while its inputs are equal to those it was made of:
/// - each member's folded words, while the texts they are folded from are
///   the same (`searchable`);
/// - the substring index (its shards and their keys), while every
///   member's words and their order are the same;
/// - each file of cards, while its members' URL, name and card HTML are
///   the same.
#[derive(Default)]
pub struct Kept {
    /// The folder of the search data (`""`, `en/`).
    dir: String,
    /// Folded words by the texts they were folded from.
    words: HashMap<String, Arc<[String]>>,
    /// The words of each member, in directory order, and the index of them.
    index: Option<(Vec<Words>, Arc<Index>)>,
    /// What each member's card shows, in directory order, and the card files.
    cards: Option<(Vec<CardKey>, Vec<File>)>,
}

/// A member's folded words.
type Words = Arc<[String]>;

/// A search file: its path and text.
type File = (String, String);

/// The shard keys of a substring index and its files.
type Index = (BTreeMap<String, u8>, Vec<File>);

/// What a member's entry in a file of cards is made of.
type CardKey = (String, String, Option<Arc<str>>);

/// The texts a member's words are folded from, in one string (each text
/// ends with a control character that no text of a card holds as its end).
fn searchable(card: &MemberCard) -> String {
    let mut key = String::new();
    let mut push = |text: Option<&str>| {
        match text {
            Some(t) => {
                key.push('\u{1}');
                key.push_str(t);
            }
            None => key.push('\u{2}'),
        }
        key.push('\u{3}');
    };
    push(Some(card.name));
    push(card.name_reading);
    push(card.now.company);
    push(card.now.title);
    push(card.now.industry);
    push(card.location);
    push(card.department.as_ref().map(|d| d.name));
    for s in &card.skills {
        push(Some(s.name));
    }
    key
}

/// The search files of a directory (`members` in directory order), as
/// (path under `dir`, text): each part taken from `kept` (what an earlier
/// plan made of it) when its inputs are the same; with what to keep for
/// the next plan when `keep` (a build keeps nothing).
pub fn files_kept(
    dir: &str,
    members: &[Member],
    kept: Option<&Kept>,
    keep: bool,
) -> (Vec<(String, String)>, Option<Kept>) {
    // The index, the filters and the cards on all threads.
    let kept = kept.filter(|k| k.dir == dir);
    let (((index, words, texts), (filters, listed)), (cards, card_keys)) = rayon::join(
        || {
            rayon::join(
                || index_kept(dir, members, kept, keep),
                || filter_files(dir, members),
            )
        },
        || card_files_kept(dir, members, kept, keep),
    );
    let (shards, files) = &*index;
    let mut out = files.clone();
    out.extend(listed);
    out.extend(cards.iter().cloned());
    let shards = shards.clone();
    let kept = keep.then(|| Kept {
        dir: dir.to_string(),
        words: texts.into_iter().zip(words.iter().cloned()).collect(),
        index: Some((words, index)),
        cards: card_keys.map(|keys| (keys, cards)),
    });
    (finish(dir, members, shards, filters, out), kept)
}

/// The index of the members' words, their words and (when there is
/// anything to take or keep) the texts the words are folded from: the
/// words of a member taken from `kept` when folded from the same texts,
/// the index when every member's words are those it was made of.
fn index_kept(
    dir: &str,
    members: &[Member],
    kept: Option<&Kept>,
    keep: bool,
) -> (Arc<Index>, Vec<Words>, Vec<String>) {
    // What each member's words are folded from, when there are words to
    // take or to keep.
    let texts: Vec<String> = if kept.is_some() || keep {
        (members.par_iter().with_max_len(256))
            .map(|m| searchable(m.card))
            .collect()
    } else {
        Vec::new()
    };
    let words: Vec<Words> = members
        .par_iter()
        .with_max_len(256)
        .enumerate()
        .map(|(i, m)| {
            let known = kept.and_then(|k| k.words.get(&texts[i]));
            match known {
                Some(w) => Arc::clone(w),
                None => words(m.card).into(),
            }
        })
        .collect();
    if let Some((before, index)) = kept.and_then(|k| k.index.as_ref())
        && *before == words
    {
        return (Arc::clone(index), words, texts);
    }
    let index = Arc::new(index(dir, &words));
    let words = if keep { words } else { Vec::new() };
    (index, words, texts)
}

/// The card files, each taken from `kept` when its members' entries are
/// the same; with their entries when `keep`.
fn card_files_kept(
    dir: &str,
    members: &[Member],
    kept: Option<&Kept>,
    keep: bool,
) -> (Vec<(String, String)>, Option<Vec<CardKey>>) {
    let Some((keys_before, files_before)) = kept.and_then(|k| k.cards.as_ref()) else {
        let keys = keep.then(|| members.iter().map(card_key).collect());
        return (card_files(dir, members), keys);
    };
    let keys: Vec<CardKey> = members.iter().map(card_key).collect();
    let files = members
        .par_chunks(CHUNK)
        .zip(keys.par_chunks(CHUNK))
        .enumerate()
        .map(|(n, (chunk, these))| {
            let before = keys_before.chunks(CHUNK).nth(n);
            match files_before.get(n) {
                Some(file) if before == Some(these) => file.clone(),
                _ => card_file(dir, n, chunk),
            }
        })
        .collect();
    (files, keep.then_some(keys))
}

fn card_key(m: &Member) -> CardKey {
    (
        m.card.url.clone(),
        m.card.name.to_string(),
        m.card.html.clone(),
    )
}

/// The search files with the manifest, each ended by a new line.
fn finish(
    dir: &str,
    members: &[Member],
    shards: BTreeMap<String, u8>,
    filters: BTreeMap<&'static str, Vec<(String, usize)>>,
    mut out: Vec<(String, String)>,
) -> Vec<(String, String)> {
    let manifest = Manifest {
        version: VERSION,
        count: members.len(),
        chunk: CHUNK,
        shards,
        filters,
    };
    out.push((format!("{dir}search/index.json"), json(&manifest)));
    for (_, text) in &mut out {
        text.push('\n');
    }
    out
}

/// The shards of the substring index of the members whose words are
/// `words` (in directory order), and their keys.
fn index(dir: &str, words: &[Arc<[String]>]) -> Index {
    // Folded word → members (in order, each once). ahash: a few hundred
    // thousand lookups of short keys.
    let mut by_word: HashMap<&str, Vec<u32>, ahash::RandomState> = HashMap::default();
    for (id, words) in words.iter().enumerate() {
        for w in words.iter() {
            let ids = by_word.entry(w).or_default();
            if ids.last() != Some(&(id as u32)) {
                ids.push(id as u32);
            }
        }
    }
    // Every suffix of every word → the members of each word that has it.
    let mut by_suffix: HashMap<&str, Vec<&[u32]>, ahash::RandomState> = HashMap::default();
    for (word, ids) in &by_word {
        for (i, _) in word.char_indices() {
            by_suffix.entry(&word[i..]).or_default().push(ids);
        }
    }
    let mut suffixes: Vec<(&str, Vec<u32>)> = by_suffix
        .into_par_iter()
        .map(|(s, lists)| {
            let ids = match lists[..] {
                [ids] => ids.to_vec(),
                _ if lists.iter().map(|ids| ids.len()).sum::<usize>() <= 256 => {
                    let mut ids: Vec<u32> = lists.concat();
                    ids.sort_unstable();
                    ids.dedup();
                    ids
                }
                _ => union(lists.iter().copied()),
            };
            (s, ids)
        })
        .collect();
    suffixes.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let (mut shards, mut out) = (BTreeMap::new(), Vec::new());
    for (key, split, file) in shard(dir, &suffixes, 1) {
        shards.insert(key.to_string(), split);
        out.push(file);
    }
    (shards, out)
}

/// Each filter's values with their counts, and the files of their members.
#[allow(clippy::type_complexity)]
fn filter_files<'a>(
    dir: &str,
    members: &[Member<'a>],
) -> (
    BTreeMap<&'static str, Vec<(String, usize)>>,
    Vec<(String, String)>,
) {
    let mut out = Vec::new();
    let mut filters = BTreeMap::new();
    for name in FILTERS {
        let mut by_value: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (id, m) in members.iter().enumerate() {
            for v in values(m, name) {
                let ids = by_value.entry(v).or_default();
                if ids.last() != Some(&(id as u32)) {
                    ids.push(id as u32);
                }
            }
        }
        let mut list = Vec::new();
        for (n, (value, ids)) in by_value.into_iter().enumerate() {
            out.push((
                format!("{dir}search/f/{name}/{n}.json"),
                json(&deltas(&ids)),
            ));
            list.push((value, ids.len()));
        }
        filters.insert(name, list);
    }
    (filters, out)
}

/// The cards of the members, `CHUNK` a file.
fn card_files(dir: &str, members: &[Member]) -> Vec<(String, String)> {
    members
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, chunk)| card_file(dir, n, chunk))
        .collect()
}

/// The `n`-th file of cards, of the members `chunk`: a list of objects
/// with `url`, `name` and (when the card has one) `html`, written directly
/// (the HTML is most of the search data's bytes).
fn card_file(dir: &str, n: usize, chunk: &[Member]) -> (String, String) {
    use super::jsonld::push_script_str;
    let size: usize = chunk
        .iter()
        .map(|m| m.card.html.as_deref().map_or(0, str::len) + 128)
        .sum();
    let mut text = String::with_capacity(size);
    text.push('[');
    for (i, m) in chunk.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str("{\"url\":");
        push_script_str(&mut text, &m.card.url);
        text.push_str(",\"name\":");
        push_script_str(&mut text, m.card.name);
        if let Some(html) = m.card.html.as_deref() {
            text.push_str(",\"html\":");
            push_script_str(&mut text, html);
        }
        text.push('}');
    }
    text.push(']');
    (format!("{dir}search/r/{n}.json"), text)
}

/// The shards of `entries` (sorted suffixes), grouped by their first `len`
/// characters, each with its key and whether it is split: a group too
/// large is split by one more character. The groups on all threads.
fn shard<'a>(dir: &str, entries: &[(&'a str, Vec<u32>)], len: usize) -> Vec<(&'a str, u8, File)> {
    let mut groups = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let Some(key) = prefix(entries[start].0, len) else {
            // Shorter than the key: only a split parent's `all` needs it.
            start += 1;
            continue;
        };
        let end = start
            + entries[start..]
                .iter()
                .take_while(|(s, _)| s.starts_with(key))
                .count();
        groups.push((key, &entries[start..end]));
        start = end;
    }
    groups
        .into_par_iter()
        .flat_map_iter(|(key, group)| {
            let size: usize = group
                .iter()
                .map(|(s, ids)| s.len() - key.len() + 8 + 4 * ids.len())
                .sum();
            let path = format!("{dir}search/t/{}.json", key_file(key));
            if size > SPLIT_BYTES && group.iter().any(|(s, _)| s.len() > key.len()) {
                let all = union(group.iter().map(|(_, ids)| &ids[..]));
                let mut out = vec![(key, 1, (path, json(&Shard::Split { all: deltas(&all) })))];
                out.extend(shard(dir, group, len + 1));
                out
            } else {
                let entries = group
                    .iter()
                    .map(|(s, ids)| (&s[key.len()..], deltas(ids)))
                    .collect();
                vec![(key, 0, (path, json(&Shard::Leaf { entries })))]
            }
        })
        .collect()
}

/// Every member of the ascending lists `lists`, ascending, each once. A
/// split key's lists hold up to millions of numbers in all at 10,000
/// members: marked in a set of bits instead of sorted.
fn union<'a>(lists: impl Iterator<Item = &'a [u32]> + Clone) -> Vec<u32> {
    let Some(max) = lists.clone().filter_map(|ids| ids.last()).max() else {
        return Vec::new();
    };
    let mut bits = vec![0u64; *max as usize / 64 + 1];
    for id in lists.flatten() {
        bits[*id as usize / 64] |= 1 << (id % 64);
    }
    let mut all = Vec::new();
    for (n, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            all.push(n as u32 * 64 + word.trailing_zeros());
            word &= word - 1;
        }
    }
    all
}

/// The first `len` characters of `s`, if it has that many.
fn prefix(s: &str, len: usize) -> Option<&str> {
    match s.char_indices().nth(len) {
        Some((i, _)) => Some(&s[..i]),
        None => (s.chars().count() == len).then_some(s),
    }
}

#[cfg(test)]
mod tests;

//! The directory's search data of a build (`search/`, docs/search.md) read
//! back whole: every member in directory order with its card and filter
//! values, and every word (suffix) of the substring index with its members.
//! Shared by the `cli` and `privacy` test binaries (`#[path]`).

#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::Value;

/// One member of the search data.
#[derive(Debug, Clone)]
pub struct SearchMember {
    pub url: String,
    pub name: String,
    /// The card the build rendered with the theme's `member_card`.
    pub html: Option<String>,
    /// Filter → this member's values of it.
    pub values: BTreeMap<String, Vec<String>>,
}

/// The search data of one language.
#[derive(Debug)]
pub struct SearchData {
    pub manifest: Value,
    pub members: Vec<SearchMember>,
    /// Every suffix in the index (the shard's key and the entry's rest
    /// joined, so whole words are among them), with its members' numbers.
    pub suffixes: BTreeMap<String, Vec<usize>>,
    /// The paths of every file of it (under `dir`), as read.
    pub paths: Vec<String>,
}

impl SearchData {
    /// The members whose words contain `part` (already folded), by number:
    /// what the directory script finds for a one-part query.
    pub fn find(&self, part: &str) -> Vec<usize> {
        let mut found: Vec<usize> = self
            .suffixes
            .iter()
            .filter(|(s, _)| s.starts_with(part))
            .flat_map(|(_, ids)| ids.iter().copied())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Names of the members with numbers `ids`.
    pub fn names(&self, ids: &[usize]) -> Vec<&str> {
        ids.iter().map(|&i| self.members[i].name.as_str()).collect()
    }

    /// The URLs of the members, in directory order.
    pub fn urls(&self) -> Vec<&str> {
        self.members.iter().map(|m| m.url.as_str()).collect()
    }

    /// Values of filter `name` of the member at `url`.
    pub fn values_of(&self, url: &str, name: &str) -> Vec<String> {
        let m = self
            .members
            .iter()
            .find(|m| m.url == url)
            .unwrap_or_else(|| panic!("{url} not in the search data"));
        m.values.get(name).cloned().unwrap_or_default()
    }
}

fn numbers(deltas: &Value) -> Vec<usize> {
    let mut n = 0;
    deltas
        .as_array()
        .expect("a list of numbers")
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let d = d.as_u64().expect("a number") as usize;
            n = if i == 0 { d } else { n + d };
            n
        })
        .collect()
}

/// A shard's file name for `key` (its code points in hexadecimal).
pub fn key_file(key: &str) -> String {
    let hex: Vec<String> = key.chars().map(|c| format!("{:x}", c as u32)).collect();
    hex.join("-")
}

/// Reads the search data under `dir` (`""` or `en/`) with `read(path)`,
/// which gives a file's text; panics on anything malformed.
pub fn read(dir: &str, read: impl Fn(&str) -> String) -> SearchData {
    let json = |path: &str| -> Value {
        serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let mut paths = Vec::new();
    let index = format!("{dir}search/index.json");
    let manifest = json(&index);
    paths.push(index);
    let count = manifest["count"].as_u64().expect("count") as usize;
    let chunk = manifest["chunk"].as_u64().expect("chunk") as usize;

    let mut members = Vec::new();
    for n in 0..count.div_ceil(chunk) {
        let path = format!("{dir}search/r/{n}.json");
        for card in json(&path).as_array().expect("a list of cards") {
            members.push(SearchMember {
                url: card["url"].as_str().expect("url").to_string(),
                name: card["name"].as_str().expect("name").to_string(),
                html: card["html"].as_str().map(str::to_string),
                values: BTreeMap::new(),
            });
        }
        paths.push(path);
    }
    assert_eq!(members.len(), count, "{dir}search/: cards for every member");

    for (filter, values) in manifest["filters"].as_object().expect("filters") {
        for (n, pair) in values.as_array().expect("values").iter().enumerate() {
            let value = pair[0].as_str().expect("a value").to_string();
            let path = format!("{dir}search/f/{filter}/{n}.json");
            let ids = numbers(&json(&path));
            assert_eq!(ids.len() as u64, pair[1].as_u64().unwrap(), "{path}: count");
            for i in ids {
                members[i]
                    .values
                    .entry(filter.clone())
                    .or_default()
                    .push(value.clone());
            }
            paths.push(path);
        }
    }

    let mut suffixes = BTreeMap::new();
    for (key, split) in manifest["shards"].as_object().expect("shards") {
        let path = format!("{dir}search/t/{}.json", key_file(key));
        let shard = json(&path);
        if split == 1 {
            assert!(shard["all"].is_array(), "{path}: a split key lists `all`");
        } else {
            for entry in shard["entries"].as_array().expect("entries") {
                let rest = entry[0].as_str().expect("a suffix");
                suffixes.insert(format!("{key}{rest}"), numbers(&entry[1]));
            }
        }
        paths.push(path);
    }
    SearchData {
        manifest,
        members,
        suffixes,
        paths,
    }
}

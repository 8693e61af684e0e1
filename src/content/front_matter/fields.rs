//! Reading a front matter that failed again, field by field, so that
//! every mistake in it is reported, each at its line.

use super::*;

/// The most text [`field_by_field`] reads again, over all the fields of a
/// file (a front matter of twenty fields and a few kilobytes reads less
/// than a megabyte).
pub(super) const MAX_REREAD_BYTES: usize = 16 << 20;

/// One problem of a YAML text found by [`field_by_field`].
pub(super) enum Problem {
    /// serde_yaml's error reading `.0` (the text with some lines blanked).
    Yaml(String, serde_yaml::Error),
    /// A top-level key written a second time, at `line` (1-based, in the
    /// text), first at `first`.
    Twice {
        key: String,
        line: usize,
        first: usize,
    },
}

/// A top-level field of a YAML text: its key line and the lines under it.
pub(super) struct Block {
    /// `None` for a line in column 1 that is not `key:` (a mistake, or the
    /// rest of a value the scanner does not follow).
    key: Option<String>,
    /// 0-based lines `start..end` of the text.
    start: usize,
    end: usize,
}

/// The keys of a YAML map, whatever their values (written twice or not).
pub(super) struct Keys(Vec<serde_yaml::Value>);

impl<'de> serde::Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<serde_yaml::Value>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
            fn visit_unit<E>(self) -> Result<Keys, E> {
                Ok(Keys(Vec::new()))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Reads `yaml` (which `T` refused) top-level field by top-level field:
/// the problems of each, and `T` from the fields without problems if
/// that makes one. `None` when the text cannot be cut into fields with
/// certainty; the caller then reports its first problem alone.
pub(super) fn field_by_field<T: DeserializeOwned>(yaml: &str) -> Option<(Vec<Problem>, Option<T>)> {
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let blocks = blocks(&lines);
    // Each field is read in a text as long as the whole: bounded, so that a
    // file of thousands of fields is not read thousands of times.
    if blocks.len().saturating_mul(yaml.len()) > MAX_REREAD_BYTES {
        return None;
    }
    let mut left_out = vec![false; blocks.len()];
    let mut problems = Vec::new();
    let text_of = |keep: &dyn Fn(usize) -> bool| -> String {
        let mut text = String::with_capacity(yaml.len());
        let mut next = 0;
        for (b, block) in blocks.iter().enumerate() {
            for _ in next..block.start {
                text.push('\n');
            }
            for line in &lines[block.start..block.end] {
                if keep(b) {
                    text.push_str(line);
                } else {
                    text.push('\n');
                }
            }
            next = block.end;
        }
        text
    };
    let block_of = |line: usize| blocks.iter().position(|b| (b.start..b.end).contains(&line));
    // A syntax error leaves out the field it is in; the rest is read again.
    let keys = loop {
        let text = text_of(&|b| !left_out[b]);
        let err = match serde_yaml::from_str::<Keys>(&text) {
            Ok(keys) => break keys.0,
            Err(err) => err,
        };
        // An alias to another field's anchor: the fields are not independent.
        if err.to_string().contains("anchor") {
            return None;
        }
        let line = yaml_error_line(&err)?;
        let b = block_of(line.checked_sub(1)?)?;
        if left_out[b] {
            return None;
        }
        left_out[b] = true;
        problems.push(Problem::Yaml(text, err));
    };
    // The fields the scanner found must be the parser's, in order.
    let found: Vec<&Block> = blocks
        .iter()
        .enumerate()
        .filter(|(b, _)| !left_out[*b])
        .map(|(_, block)| block)
        .collect();
    if found.len() != keys.len()
        || !found
            .iter()
            .zip(&keys)
            .all(|(block, key)| block.key.as_deref().is_some_and(|k| same_key(k, key)))
    {
        return None;
    }
    for b in 0..blocks.len() {
        if left_out[b] {
            continue;
        }
        let key = blocks[b].key.as_deref();
        if let Some(first) = (0..b).find(|&a| !left_out[a] && blocks[a].key.as_deref() == key) {
            problems.push(Problem::Twice {
                key: key.unwrap_or_default().to_string(),
                line: blocks[b].start + 1,
                first: blocks[first].start + 1,
            });
            left_out[b] = true;
        }
    }
    // Each field alone: its own mistakes (a required field it is not is no concern here).
    let mut wrong = Vec::new();
    for b in (0..blocks.len()).filter(|&b| !left_out[b]) {
        let text = text_of(&|c| c == b);
        let Err(err) = serde_yaml::from_str::<T>(&text) else {
            continue;
        };
        let message = err.to_string();
        if message.starts_with("missing field") {
            continue;
        }
        // An alias to another field's anchor, or an error outside its
        // field: the fields are not independent.
        let line = yaml_error_line(&err).unwrap_or(0);
        if message.contains("anchor") || !(blocks[b].start + 1..=blocks[b].end).contains(&line) {
            return None;
        }
        wrong.push(b);
        problems.push(Problem::Yaml(text, err));
    }
    for b in wrong {
        left_out[b] = true;
    }
    let left_out_keys: Vec<&str> = blocks
        .iter()
        .enumerate()
        .filter(|(b, _)| left_out[*b])
        .filter_map(|(_, block)| block.key.as_deref())
        .collect();
    let text = text_of(&|b| !left_out[b]);
    let text = if text.trim().is_empty() {
        "{}".to_string()
    } else {
        text
    };
    let partial = match serde_yaml::from_str::<T>(&text) {
        Ok(front) => Some(front),
        Err(err) => {
            let message = err.to_string();
            let missing = message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next());
            // A required field that is wrong, or misspelt (`tittle:` for
            // `title:`), was reported as such.
            let reported = missing.is_some_and(|m| {
                left_out_keys.contains(&m)
                    || did_you_mean(m, left_out_keys.iter().copied()).is_some()
            });
            if !reported {
                problems.push(Problem::Yaml(text, err));
            }
            None
        }
    };
    Some((problems, partial))
}

/// Whether the key written `text` in a key line is the parser's `key`.
pub(super) fn same_key(text: &str, key: &serde_yaml::Value) -> bool {
    match key {
        serde_yaml::Value::String(s) => s == text,
        other => serde_yaml::to_string(other).is_ok_and(|s| s.trim() == text),
    }
}

/// The 1-based line in the text where serde_yaml's `err` points: the
/// position its message names (where a quote or bracket was opened), else
/// its own.
pub(super) fn yaml_error_line(err: &serde_yaml::Error) -> Option<usize> {
    let own = err.location()?;
    let message = err.to_string();
    let stripped = message.replacen(
        &format!(" at line {} column {}", own.line(), own.column()),
        "",
        1,
    );
    Some(match syntax(&stripped) {
        Some(s) => s.at.map_or(own.line(), |(line, _)| line),
        None => own.line(),
    })
}

/// The top-level fields of a YAML text cut into `lines`: a line that
/// starts in column 1 (not a comment, list item or closing bracket)
/// starts a field, which runs to the next.
pub(super) fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim_end_matches(['\n', '\r']);
        let starts = line
            .chars()
            .next()
            .is_some_and(|c| !matches!(c, ' ' | '\t' | '#' | '-' | ']' | '}' | ',' | '.'));
        if starts {
            if let Some(last) = blocks.last_mut() {
                last.end = i;
            }
            blocks.push(Block {
                key: key_of(line),
                start: i,
                end: lines.len(),
            });
        }
    }
    blocks
}

/// The key of a `key: value` line (`key:` alone, or quoted `"key":`).
pub(super) fn key_of(line: &str) -> Option<String> {
    let (key, rest) = match line.chars().next()? {
        q @ ('"' | '\'') => {
            let close = line[1..].find(q)? + 1;
            (line[1..close].to_string(), line[close + 1..].trim_start())
        }
        _ => {
            let colon = line
                .match_indices(':')
                .map(|(i, _)| i)
                .find(|&i| line[i + 1..].is_empty() || line[i + 1..].starts_with([' ', '\t']))?;
            (line[..colon].trim_end().to_string(), &line[colon..])
        }
    };
    rest.starts_with(':').then_some(key)
}

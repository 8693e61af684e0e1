//! Front matter: splitting a content file and deserialising YAML with
//! locations counted from the top of the file.
//!
//! This module and `config.rs` are the only users of serde_yaml (archived
//! upstream): swapping it for a maintained fork stays a two-file change.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Location, did_you_mean};

/// A content file cut into its YAML block and its Markdown body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Lines before the YAML block (the opening `---`), to add to YAML line numbers.
    pub yaml_line_offset: usize,
    pub body: &'a str,
    /// 1-based line number of the first body line.
    pub body_line: usize,
}

/// Splits `source` into front matter and body. The file must start with a
/// `---` line, and the front matter ends at the next `---` line.
pub fn split(source: &str) -> Result<Split<'_>, (usize, &'static str)> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = source.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err((
            1,
            "a content file must start with a `---` line opening its YAML front matter",
        ));
    }
    let yaml_start = first.len();
    let mut pos = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if line.trim_end() == "---" {
            let body_start = pos + line.len();
            return Ok(Split {
                yaml: &source[yaml_start..pos],
                yaml_line_offset: 1,
                body: &source[body_start..],
                body_line: line_no + 1,
            });
        }
        pos += line.len();
    }
    Err((
        1,
        "the front matter opened on line 1 is never closed: add a `---` line after it",
    ))
}

/// Deserialises `yaml` (a part of `source` starting `line_offset` lines into
/// the file) into `T`, turning serde_yaml's error into a [`Diagnostic`]
/// located in the whole file: the first of [`parse_all`]'s.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    source: &str,
    yaml: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    parse_all(path, source, yaml, line_offset).map_err(|failed| {
        failed
            .diagnostics
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::new(Location::file(path), "cannot read this YAML"))
    })
}

/// What [`parse_all`] found wrong in a YAML text.
#[derive(Debug)]
pub struct Failed<T> {
    /// Every problem found, in the order of the file.
    pub diagnostics: Vec<Diagnostic>,
    /// The fields that are right, when they make a `T` without the wrong
    /// ones (which were all optional): the checks that follow parsing can
    /// report their own problems of the same file in the same run.
    pub partial: Option<T>,
}

/// [`parse`], reporting every problem of the text, each at its own place
/// (docs/content.md): every top-level field is read on its own, so a typo
/// in one field does not hide a wrong value in another; a syntax error
/// leaves out the field it is in, and the rest is read too; a field
/// written twice is an error at its second line. Where the text cannot be
/// cut into top-level fields with certainty (a flow map, an anchor used in
/// another field), the first problem is reported alone.
pub fn parse_all<T: DeserializeOwned>(
    path: &Path,
    source: &str,
    yaml: &str,
    line_offset: usize,
) -> Result<T, Failed<T>> {
    let value = if yaml.trim().is_empty() { "{}" } else { yaml };
    if let Some((line, col)) = too_deeply_nested(value) {
        let d = Diagnostic::new(
            Location::at(path, line + line_offset, col),
            format!("lists or maps nested more than {MAX_FLOW_DEPTH} levels deep"),
        )
        .with_source(source)
        .with_hint("no field of alumni nests like this: remove the extra [ or {");
        return Err(Failed {
            diagnostics: vec![d],
            partial: None,
        });
    }
    let whole = match serde_yaml::from_str(value) {
        Ok(front) => return Ok(front),
        Err(err) => located(path, source, value, line_offset, &err),
    };
    let (diagnostics, partial) = field_by_field::<T>(value)
        .map(|(problems, partial)| {
            let diagnostics = problems
                .into_iter()
                .map(|p| match p {
                    Problem::Yaml(text, err) => located(path, source, &text, line_offset, &err),
                    Problem::Twice { key, line, first } => Diagnostic::new(
                        Location::at(path, line + line_offset, 1),
                        format!(
                            "`{key}` is written twice (first on line {})",
                            first + line_offset
                        ),
                    )
                    .with_source(source)
                    .with_hint(format!("keep one `{key}:` line and delete the other")),
                })
                .collect::<Vec<_>>();
            (diagnostics, partial)
        })
        .filter(|(diagnostics, _)| !diagnostics.is_empty())
        .unwrap_or_else(|| (vec![whole], None));
    let mut diagnostics = diagnostics;
    diagnostics.sort_by(|a, b| a.location.cmp(&b.location));
    diagnostics.dedup();
    Err(Failed {
        diagnostics,
        partial,
    })
}

/// The most text [`field_by_field`] reads again, over all the fields of a
/// file (a front matter of twenty fields and a few kilobytes reads less
/// than a megabyte).
const MAX_REREAD_BYTES: usize = 16 << 20;

/// One problem of a YAML text found by [`field_by_field`].
enum Problem {
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
struct Block {
    /// `None` for a line in column 1 that is not `key:` (a mistake, or the
    /// rest of a value the scanner does not follow).
    key: Option<String>,
    /// 0-based lines `start..end` of the text.
    start: usize,
    end: usize,
}

/// The keys of a YAML map, whatever their values (written twice or not).
struct Keys(Vec<serde_yaml::Value>);

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
fn field_by_field<T: DeserializeOwned>(yaml: &str) -> Option<(Vec<Problem>, Option<T>)> {
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
fn same_key(text: &str, key: &serde_yaml::Value) -> bool {
    match key {
        serde_yaml::Value::String(s) => s == text,
        other => serde_yaml::to_string(other).is_ok_and(|s| s.trim() == text),
    }
}

/// The 1-based line in the text where serde_yaml's `err` points: the
/// position its message names (where a quote or bracket was opened), else
/// its own.
fn yaml_error_line(err: &serde_yaml::Error) -> Option<usize> {
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
fn blocks(lines: &[&str]) -> Vec<Block> {
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
fn key_of(line: &str) -> Option<String> {
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

/// A libyaml syntax error said in words: where, what, and what to do.
struct Syntax {
    /// 1-based line and column in the text, when not the error's own.
    at: Option<(usize, usize)>,
    message: String,
    hint: String,
}

/// The position `at line L column C` in `text`.
fn position_in(text: &str) -> Option<(usize, usize)> {
    let rest = &text[text.find("at line ")? + "at line ".len()..];
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// `message` (serde_yaml's, without its own position) in words, for the
/// syntax errors editors make.
fn syntax(message: &str) -> Option<Syntax> {
    let (problem, context) = message.split_once(", while ").unwrap_or((message, ""));
    let context_at = position_in(context);
    let said = |at, message: &str, hint: &str| {
        Some(Syntax {
            at,
            message: message.to_string(),
            hint: hint.to_string(),
        })
    };
    if context.starts_with("scanning a quoted scalar") && problem.contains("end of stream") {
        return said(
            context_at,
            "this quoted value is never closed",
            "end it with the quote mark it starts with, on the same line; inside \"...\" write \\\" for a quote mark, inside '...' write ''",
        );
    }
    if context.starts_with("parsing a flow sequence") {
        return said(
            context_at,
            "this list [ is never closed by a ]",
            "write a list on one line as [a, b], or one item per line starting with `- `; quote a value that starts with [",
        );
    }
    if context.starts_with("parsing a flow mapping") {
        return said(
            context_at,
            "this map { is never closed by a }",
            "write a map on one line as {a: x, b: y}, or one `key: value` per line, indented; quote a value that starts with {",
        );
    }
    if context.starts_with("scanning a simple key") {
        return said(
            context_at,
            "this line has no `:` after its key",
            "write `key: value` (a space after the colon), or indent the line if it continues the value above",
        );
    }
    if problem.starts_with("found character that cannot start any token") {
        return said(
            None,
            "this character cannot start a value that is not quoted",
            "YAML indents with spaces, not tabs; a value starting with `@`, `` ` `` or `%` must be quoted: role: \"@sales\"",
        );
    }
    if problem.starts_with("mapping values are not allowed") {
        return said(
            None,
            "a `: ` inside a value that is not quoted, or a line indented deeper than the one above",
            "a value containing `: ` must be quoted, e.g. title: \"Note: text\"; the keys of one map line up",
        );
    }
    if problem.starts_with("did not find expected key") {
        return said(
            None,
            "this line is not indented like the other keys of its map",
            "the keys of one map line up (top-level fields start in column 1); a list item starts with `- `",
        );
    }
    if problem.starts_with("block sequence entries are not allowed") {
        return said(
            None,
            "a list item (- ) where a value was expected",
            "start the list on the line after its key, one `- item` per line, or write it as [a, b]",
        );
    }
    if problem.starts_with("found unknown escape character") {
        return said(
            None,
            "an unknown backslash escape in a double-quoted value",
            "write \\\\ for a backslash, or put the value in single quotes",
        );
    }
    None
}

/// serde_yaml's `err` reading `text` (a part of `source` starting
/// `line_offset` lines into the file, perhaps with lines blanked) as a
/// [`Diagnostic`] located in the whole file.
fn located(
    path: &Path,
    source: &str,
    text: &str,
    line_offset: usize,
    err: &serde_yaml::Error,
) -> Diagnostic {
    let message = err.to_string();
    let Some(l) = err.location() else {
        return diagnostic_for(Location::file(path), &message).with_source(source);
    };
    // serde_yaml appends the error's own position; we print ours.
    let own = format!(" at line {} column {}", l.line(), l.column());
    let message = message.replacen(&own, "", 1);
    if let Some(s) = syntax(&message) {
        let (line, col) = s.at.unwrap_or((l.line(), l.column()));
        return Diagnostic::new(Location::at(path, line + line_offset, col), s.message)
            .with_source(source)
            .with_hint(s.hint);
    }
    // A value refused by its own type (a date, a year) is reported at the
    // start of its map: point at the value.
    let at = match (l.line(), l.column()) {
        (line, 1) if !message.contains("missing field") && !message.contains("unknown field") => {
            value_position(text, line, &message).unwrap_or((line, 1))
        }
        at => at,
    };
    // A privacy field written without a value: point at its key.
    let (line, col) = empty_field_position(text, &message).unwrap_or(at);
    diagnostic_for(
        Location::at(path, line + line_offset, col),
        &shift_lines(&message, line_offset),
    )
    .with_source(source)
}

/// A step of the path to a value in a YAML text, for [`position_of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// The value of this key of a map.
    Key(&'a str),
    /// This item (0-based) of a list.
    Item(usize),
    /// This key itself, in a map (last on a path).
    KeyName(&'a str),
}

/// The 1-based line and column where the parser reads the value at `path`
/// in `yaml` (`[Key("company"), Key("url")]`, `[Key("directory"),
/// Key("filters"), Item(1)]`), so that a value found wrong after parsing
/// is reported where it is written, not at a line that merely starts the
/// same way.
pub fn position_of(yaml: &str, path: &[Step]) -> Option<(usize, usize)> {
    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

    /// Walks to the value at its path, where it stops with an error,
    /// which serde_yaml locates at that value.
    struct Walk<'p, 'a>(&'p [Step<'a>]);

    const HERE: &str = "alumni: the value looked for";

    impl<'de> DeserializeSeed<'de> for Walk<'_, '_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Walk<'_, '_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any value")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            if let Some(Step::KeyName(want)) = self.0.first() {
                while map.next_key_seed(KeyNamed(want))?.is_some() {
                    map.next_value::<IgnoredAny>()?;
                }
                return Ok(());
            }
            let Some((Step::Key(want), rest)) = self.0.split_first() else {
                return Err(serde::de::Error::custom(HERE));
            };
            while let Some(key) = map.next_key::<serde_yaml::Value>()? {
                if key.as_str() == Some(want) {
                    map.next_value_seed(Walk(rest))?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let Some((Step::Item(want), rest)) = self.0.split_first() else {
                return Err(serde::de::Error::custom(HERE));
            };
            let mut i = 0;
            loop {
                let found = if i == *want {
                    seq.next_element_seed(Walk(rest))?
                } else {
                    seq.next_element::<IgnoredAny>()?.map(|_| ())
                };
                if found.is_none() {
                    return Ok(());
                }
                i += 1;
            }
        }
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
            Err(E::custom(HERE))
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
            Err(E::custom(HERE))
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
            Err(E::custom(HERE))
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
            Err(E::custom(HERE))
        }
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
            Err(E::custom(HERE))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
            Err(E::custom(HERE))
        }
    }

    /// A key, which stops with the error at itself when it is `.0`.
    struct KeyNamed<'a>(&'a str);

    impl<'de> DeserializeSeed<'de> for KeyNamed<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for KeyNamed<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a key")
        }
        fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<(), E> {
            if key == self.0 {
                return Err(E::custom(HERE));
            }
            Ok(())
        }
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
            Ok(())
        }
    }

    let err = Walk(path)
        .deserialize(serde_yaml::Deserializer::from_str(yaml))
        .err()?;
    if !err.to_string().contains(HERE) {
        return None;
    }
    let at = err.location()?;
    Some((at.line(), at.column()))
}

/// The deepest `[`/`{` nesting accepted. libyaml's scanner takes time
/// quadratic in the flow nesting depth (100,000 `[` took half a minute)
/// before serde_yaml's own recursion limit (128) refuses it, so deeper
/// input is refused before it reaches the parser.
const MAX_FLOW_DEPTH: usize = 128;

/// Where (1-based line and column) `yaml` opens its `[`/`{` number
/// `MAX_FLOW_DEPTH + 1` without closing the ones before. Quotes are not
/// tracked, so brackets inside strings count too: only a string with more
/// than a hundred unbalanced `[` would be refused wrongly.
fn too_deeply_nested(yaml: &str) -> Option<(usize, usize)> {
    // Fewer opening brackets than the limit cannot nest deeper than it
    // (the usual case, counted in one fast pass over the bytes).
    if yaml.bytes().filter(|&b| b == b'[' || b == b'{').count() <= MAX_FLOW_DEPTH {
        return None;
    }
    let mut depth = 0usize;
    for (i, line) in yaml.lines().enumerate() {
        for (col, c) in line.chars().enumerate() {
            match c {
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((i + 1, col + 1));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// Where (1-based line and column, in characters) the value quoted first
/// in `message` (`` `2027-13-45` is not a date ``) is written as the value
/// of a `key: value` line of `yaml`, from line `from` on.
fn value_position(yaml: &str, from: usize, message: &str) -> Option<(usize, usize)> {
    let quoted = message.split('`').nth(1).filter(|q| !q.is_empty())?;
    let skip = from.saturating_sub(1);
    yaml.lines().enumerate().skip(skip).find_map(|(i, line)| {
        let (_, value) = line.split_once(": ")?;
        let at = value.find(quoted)?;
        let byte = line.len() - value.len() + at;
        Some((i + 1, line[..byte].chars().count() + 1))
    })
}

/// Where (1-based line, column 1) `yaml` writes the top-level field that
/// `message` says is empty (`` `withdrawn` is empty: ... ``, from `kinds`).
fn empty_field_position(yaml: &str, message: &str) -> Option<(usize, usize)> {
    let (before, _) = message.split_once(crate::content::kinds::EMPTY)?;
    let key = before.rsplit('`').next().filter(|k| !k.is_empty())?;
    yaml.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| (i + 1, 1))
}

/// Deserialises a translation's `yaml` over the front matter of the
/// version it translates (`base`): a field the translation does not set is
/// the original's (nested maps such as `now:` merge key by key). Mistakes in
/// the translation's own fields are located in its file, as with [`parse`].
pub fn parse_over<T: DeserializeOwned>(
    path: &Path,
    source: &str,
    yaml: &str,
    line_offset: usize,
    base: &str,
) -> Result<T, Failed<T>> {
    let mapping = |text: &str| -> Option<serde_yaml::Mapping> {
        serde_yaml::from_str(if text.trim().is_empty() { "{}" } else { text }).ok()
    };
    let merged = |own: serde_yaml::Mapping| {
        let mut merged = mapping(base).unwrap_or_default();
        merge(&mut merged, own);
        serde_yaml::from_value::<T>(serde_yaml::Value::Mapping(merged))
    };
    // The usual case: the translation reads, and reads over its original.
    if too_deeply_nested(yaml).is_none()
        && let Some(Ok(front)) = mapping(yaml).map(merged)
    {
        return Ok(front);
    }
    // Alone, a translation may lack required fields; anything else is its own mistake.
    if let Err(failed) = parse_all::<T>(path, source, yaml, line_offset) {
        let own: Vec<Diagnostic> = failed
            .diagnostics
            .into_iter()
            .filter(|d| !d.message.starts_with("missing field"))
            .collect();
        if !own.is_empty() {
            return Err(Failed {
                diagnostics: own,
                partial: None,
            });
        }
    }
    merged(mapping(yaml).unwrap_or_default()).map_err(|err| Failed {
        diagnostics: vec![diagnostic_for(Location::file(path), &err.to_string())],
        partial: None,
    })
}

/// Puts `over`'s keys into `base`, merging maps found on both sides.
fn merge(base: &mut serde_yaml::Mapping, over: serde_yaml::Mapping) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(serde_yaml::Value::Mapping(b)), serde_yaml::Value::Mapping(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// libyaml mentions other positions inside its messages ("while scanning a
/// quoted scalar at line 1 column 7"): count those from the top of the file too.
fn shift_lines(message: &str, offset: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("at line ") {
        let (before, after) = rest.split_at(i + "at line ".len());
        out.push_str(before);
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        match after[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&after[..digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// Rewrites serde's "unknown field `x`, expected one of ..." into a short
/// message and a "did you mean" hint.
fn diagnostic_for(location: Location, message: &str) -> Diagnostic {
    let (what, prefix, rest) = match (
        message.find("unknown field `"),
        message.find("unknown variant `"),
    ) {
        (Some(i), _) => (
            "field",
            &message[..i],
            &message[i + "unknown field `".len()..],
        ),
        (None, Some(i)) => (
            "value",
            &message[..i],
            &message[i + "unknown variant `".len()..],
        ),
        (None, None) => {
            let d = Diagnostic::new(location, message);
            return match hint_for(message) {
                Some(h) => d.with_hint(h),
                None => d,
            };
        }
    };
    let field = rest.split('`').next().unwrap_or("");
    let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
    let d = Diagnostic::new(location, format!("{prefix}unknown {what} `{field}`"));
    match did_you_mean(field, expected.iter().copied()) {
        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
        None if expected.contains(&"extra") => d.with_hint(format!(
            "known fields: {}; put free-form data under `extra:`",
            expected.join(", ")
        )),
        None => d.with_hint(format!("expected one of: {}", expected.join(", "))),
    }
}

fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = message.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or("");
        Some(format!("this field is required: add a `{field}:` line"))
    } else if message.contains("mapping values are not allowed") {
        Some("a value containing `: ` must be quoted, e.g. title: \"Note: text\"".into())
    } else if message.contains("repetition limit exceeded") {
        Some("its anchors (&name) and aliases (*name) expand to too much data: write the values out instead".into())
    } else if message.contains("recursion limit exceeded") {
        Some("no field of alumni nests this deep: remove the extra levels".into())
    } else if message.contains("cannot start any token") {
        Some("YAML indents with spaces, not tabs; a value starting with `@`, `` ` `` or `%` must be quoted".into())
    } else {
        None
    }
}

#[cfg(test)]
mod tests;

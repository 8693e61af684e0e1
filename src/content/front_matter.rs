//! Front matter: splitting a content file and deserialising YAML with
//! locations counted from the top of the file.
//!
//! This module and `config.rs` are the only users of serde_yaml (archived
//! upstream): swapping it for a maintained fork stays a two-file change.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Location, did_you_mean};

mod fields;
mod position;
use fields::*;
pub use position::{Step, position_of};

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
            let d = Diagnostic::new(location, in_words(message));
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

/// serde's names of our own types put in words: "expected struct
/// RawDirectory" is "expected a map of fields", "did not match any variant
/// of untagged enum Intro" is "not any of the forms this field takes".
fn in_words(message: &str) -> String {
    if let Some(i) = message.find("expected struct ") {
        return format!(
            "{}expected a map of fields (`key: value` lines indented under it)",
            &message[..i]
        );
    }
    if let Some(i) = message.find("data did not match any variant of untagged enum ") {
        return format!(
            "{}this value is not any of the forms this field takes",
            &message[..i]
        );
    }
    message.to_string()
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

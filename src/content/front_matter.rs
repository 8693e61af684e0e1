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
/// located in the whole file.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    source: &str,
    yaml: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    let value = if yaml.trim().is_empty() { "{}" } else { yaml };
    if let Some((line, col)) = too_deeply_nested(value) {
        return Err(Diagnostic::new(
            Location::at(path, line + line_offset, col),
            format!("lists or maps nested more than {MAX_FLOW_DEPTH} levels deep"),
        )
        .with_source(source)
        .with_hint("no field of alumni nests like this: remove the extra [ or {"));
    }
    serde_yaml::from_str(value).map_err(|err| {
        let text = err.to_string();
        let (line, col, message) = match err.location() {
            Some(l) => {
                // serde_yaml appends the error's own position; we print ours.
                let own = format!(" at line {} column {}", l.line(), l.column());
                let message = text.replacen(&own, "", 1);
                // A value refused by its own type (a date, a year) is
                // reported at the start of the mapping: point at the value.
                let at = match (l.line(), l.column()) {
                    (1, 1) => value_position(value, &message).unwrap_or((1, 1)),
                    at => at,
                };
                // A privacy field written without a value: point at its key.
                let (line, col) = empty_field_position(value, &message).unwrap_or(at);
                (line + line_offset, col, shift_lines(&message, line_offset))
            }
            None => (0, 0, text),
        };
        diagnostic_for(Location::at(path, line, col), &message).with_source(source)
    })
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
/// of a `key: value` line of `yaml`.
fn value_position(yaml: &str, message: &str) -> Option<(usize, usize)> {
    let quoted = message.split('`').nth(1).filter(|q| !q.is_empty())?;
    yaml.lines().enumerate().find_map(|(i, line)| {
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
) -> Result<T, Diagnostic> {
    // Alone, a translation may lack required fields; anything else is its own mistake.
    if let Err(d) = parse::<T>(path, source, yaml, line_offset)
        && !d.message.starts_with("missing field")
    {
        return Err(d);
    }
    let mapping = |text: &str| -> serde_yaml::Mapping {
        serde_yaml::from_str(if text.trim().is_empty() { "{}" } else { text }).unwrap_or_default()
    };
    let mut merged = mapping(base);
    merge(&mut merged, mapping(yaml));
    serde_yaml::from_value(serde_yaml::Value::Mapping(merged))
        .map_err(|err| diagnostic_for(Location::file(path), &err.to_string()))
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
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        name: String,
        department: Option<String>,
    }

    #[test]
    fn splits_and_counts_body_line() {
        let s = split("---\nname: a\n---\n\nHello\n").unwrap();
        assert_eq!(s.yaml, "name: a\n");
        assert_eq!(s.body, "\nHello\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let s = split("\u{feff}---\r\nname: a\r\n---\r\nbody").unwrap();
        assert_eq!(s.yaml, "name: a\r\n");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn rejects_missing_or_unclosed_front_matter() {
        assert!(split("name: a\n").is_err());
        assert!(split("---\nname: a\n").is_err());
    }

    #[test]
    fn unknown_field_is_located_from_top_of_file_with_suggestion() {
        let src = "---\nname: a\ndeparment: x\n---\n";
        let s = split(src).unwrap();
        let d = parse::<Front>(Path::new("m.md"), src, s.yaml, s.yaml_line_offset).unwrap_err();
        assert_eq!((d.location.line, d.location.col), (3, 1));
        assert_eq!(d.message, "unknown field `deparment`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `department`?"));
        assert_eq!(d.source_line.as_deref(), Some("deparment: x"));
    }

    #[test]
    fn positions_inside_messages_count_from_top_of_file() {
        let src = "---\nname: \"x\nleft: 2019\n---\n";
        let s = split(src).unwrap();
        let d = parse::<Front>(Path::new("m.md"), src, s.yaml, s.yaml_line_offset).unwrap_err();
        assert_eq!(
            d.message,
            "found unexpected end of stream, while scanning a quoted scalar at line 2 column 7"
        );
    }

    #[test]
    fn a_translation_takes_what_it_does_not_set_from_the_original() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            name: String,
            now: std::collections::BTreeMap<String, String>,
            left: u32,
        }
        let base = "name: 山田\nleft: 2019\nnow: {company: Acme, title: 部長}\n";
        let src = "---\nname: Yamada\nnow: {title: Director}\n---\n";
        let s = split(src).unwrap();
        let f: Full = parse_over(Path::new("m.en.md"), src, s.yaml, 1, base).unwrap();
        assert_eq!((f.name.as_str(), f.left), ("Yamada", 2019));
        assert_eq!(f.now["company"], "Acme");
        assert_eq!(f.now["title"], "Director");
        let src = "---\nname: Yamada\nlet: 2019\n---\n";
        let d = parse_over::<Full>(
            Path::new("m.en.md"),
            src,
            "name: Yamada\nlet: 2019\n",
            1,
            base,
        )
        .unwrap_err();
        assert_eq!(d.location.line, 3);
    }

    #[test]
    fn an_empty_privacy_field_is_an_error_at_its_line() {
        use crate::content::kinds::{Member, Story};
        for (field, value) in [
            ("withdrawn", ""),
            ("withdrawn", " ~"),
            ("withdrawn", " null"),
            ("visibility", ""),
            ("consent", " ~"),
            ("draft", ""),
        ] {
            let src = format!("---\nname: A\nleft: 2019\n{field}:{value}\nrole: x\n---\n");
            let s = split(&src).unwrap();
            let d = parse::<Member>(Path::new("m.md"), &src, s.yaml, 1).unwrap_err();
            assert_eq!((d.location.line, d.location.col), (4, 1), "{field}:{value}");
            assert!(
                d.message.starts_with(&format!("`{field}` is empty: ")),
                "{}",
                d.message
            );
            assert!(d.message.ends_with("or remove the line"), "{}", d.message);
        }
        let src = "---\ntitle: T\ndate: 2026-01-01\naudience:\n---\n";
        let d = parse::<Story>(Path::new("s.md"), src, &src[4..src.len() - 4], 1).unwrap_err();
        assert_eq!((d.location.line, d.location.col), (4, 1));
        // Missing fields keep their defaults.
        let src = "---\nname: A\nleft: 2019\n---\n";
        let m: Member = parse(Path::new("m.md"), src, &src[4..src.len() - 4], 1).unwrap();
        assert_eq!((m.withdrawn, m.visibility, m.draft), (None, None, false));
    }

    #[test]
    fn syntax_error_is_located_from_top_of_file() {
        let src = "---\nname: a\ndepartment: [x\n---\n";
        let s = split(src).unwrap();
        let d = parse::<Front>(Path::new("m.md"), src, s.yaml, s.yaml_line_offset).unwrap_err();
        assert!(d.location.line >= 3, "{d}");
    }
}

//! A name found where it may not be, and its error, located in the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::Audience;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

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
    /// A character that shows text in another order than it is written
    /// (`text` starts with it), not a name.
    pub reorders: bool,
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
        if self.reorders {
            let d = Diagnostic::new(
                location,
                format!(
                    "{place} holds a character that shows text in another order than it is written (U+{:04X}), so the {} build cannot tell whom it names",
                    self.text.chars().next().map_or(0, u32::from),
                    audience.as_str()
                ),
            )
            .with_hint("remove it (right-to-left embeddings, overrides and isolates have no use in Japanese or English text)");
            return with_source(d, source);
        }
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
            hint.push_str(&format!(
                ", or, only if it is certainly not the person of `{}`, list the name under `homonyms:` in this file",
                person.display()
            ));
        }
        if matches!(self.field, Some("name" | "name_reading")) {
            hint.push_str(
                "; if this member's own name only holds the other (Mary Anne Brown is not Anne Brown), an editor lists it under `privacy.longer_names` in site.yaml",
            );
        }
        let member = self.path.components().any(|c| c.as_os_str() == "members");
        if member && matches!(self.field, Some("name_reading" | "slug")) {
            hint.push_str(
                "; a member's own reading or slug may not be written as the name of someone not shown: write another",
            );
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
    let from = match field {
        Some(field) => (field.rsplit('.').next())
            .and_then(|key| source.find(&format!("{key}:")))
            .unwrap_or(0),
        // A body's text: after the front matter (the body is the end of
        // the source).
        None => crate::content::front_matter::split(source)
            .map_or(0, |split| source.len() - split.body.len()),
    };
    let head: String = text.chars().take(2).collect();
    // The first two characters run on into the rest of the name: only
    // what comes before them tells.
    let at = [(text, true), (head.as_str(), false)]
        .iter()
        .filter(|(t, _)| !t.is_empty())
        .find_map(|(t, whole)| first_apart(&source[from..], t, *whole).map(|i| from + i))?;
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, col))
}

/// Where `text` first occurs in `hay` on its own, not run on by a letter
/// of the script of its first or (when it is `whole`, not the start of a
/// longer text) last letter (the 林 大輔 in 小林 大輔 is part of a longer
/// name shown, which a name check does not report); where it first occurs
/// when it never does.
fn first_apart(hay: &str, text: &str, whole: bool) -> Option<usize> {
    let first = hay.find(text)?;
    let runs_on = |next: Option<char>, edge: Option<char>| {
        next.zip(edge)
            .is_some_and(|(c, e)| c.is_alphanumeric() && super::longer::same_script(c, e))
    };
    let apart = (hay.match_indices(text)).map(|(i, _)| i).find(|&i| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + text.len()..].chars().next();
        let run_on_after = whole && runs_on(after, text.chars().next_back());
        !runs_on(before, text.chars().next()) && !run_on_after
    });
    Some(apart.unwrap_or(first))
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

#[cfg(test)]
mod tests {
    use super::find_in;

    #[test]
    fn a_name_in_a_body_is_located_in_the_body() {
        // The first two letters of a name written with markup between them
        // are also in the front matter: the body's are meant.
        let source =
            "---\ntitle: 佐藤さんのこと\ndate: 2024-05-01\n---\n\n昨日は佐藤<b>花子</b>さんと\n";
        assert_eq!(find_in(source, "佐藤花子", None), Some((6, 4)));
        assert_eq!(find_in(source, "佐藤", Some("title")), Some((2, 8)));
        // Without front matter, from the start.
        assert_eq!(find_in("佐藤花子さん", "佐藤花子", None), Some((1, 1)));
    }

    #[test]
    fn a_name_is_located_where_it_stands_on_its_own_before_inside_a_longer_name() {
        // 林 大輔 inside the longer name 小林 大輔 is not what is reported.
        let source = "小林 大輔さん。\n\nあいうえお。\n\n林 大輔さんも。\n";
        assert_eq!(find_in(source, "林 大輔", None), Some((5, 1)));
        let source = "Anne Browne wrote.\nThen Anne Brown did.\n";
        assert_eq!(find_in(source, "Anne Brown", None), Some((2, 6)));
        // Where every place runs on, the first.
        assert_eq!(
            find_in("昨日林 大輔氏と小林 大輔", "林 大輔", None),
            Some((1, 3))
        );
        // A name split by markup is found by its first two letters, which
        // the rest of the name follows.
        let source = "佐藤花<b>子</b>さん。\n\n佐藤さん\n";
        assert_eq!(find_in(source, "佐藤花子", None), Some((1, 1)));
    }
}

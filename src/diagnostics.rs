//! Diagnostics: what went wrong, where, and what to do about it.
//!
//! A [`Diagnostic`] carries a [`Location`] counted from the top of the file
//! (1-based line and column, in characters), the offending source line, and a
//! hint. It renders as `path:line:col: message` followed by the line and a
//! caret. Every bad input becomes one of these; nothing here prints.

use std::fmt;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

/// What a [`Location`] names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A file or folder: of the site (relative to its root), or one the
    /// command was given.
    #[default]
    File,
    /// A command-line argument or option (`--base-url`, `NAME`).
    Argument,
    /// A network address (`serve`'s `127.0.0.1:1111`).
    Address,
    /// The site as a whole, not one of its files.
    Site,
    /// A stream the command writes to (standard output).
    Stream,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::File => "file",
            Origin::Argument => "argument",
            Origin::Address => "address",
            Origin::Site => "site",
            Origin::Stream => "stream",
        }
    }
}

/// A position in a source file, counted from the top of the file; or,
/// with another [`Origin`], what else a problem is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file; for another origin, its name (`--base-url`).
    pub path: PathBuf,
    /// 1-based line number; 0 when only the file is known.
    pub line: usize,
    /// 1-based column in characters; 0 when only the line is known.
    pub col: usize,
    pub origin: Origin,
}

impl Location {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location::at(path, 0, 0)
    }

    pub fn at(path: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Location {
            path: path.into(),
            line,
            col,
            origin: Origin::File,
        }
    }

    /// A command-line argument or option: `--base-url`, `NAME`.
    pub fn argument(name: &str) -> Self {
        Location {
            origin: Origin::Argument,
            ..Location::file(name)
        }
    }

    /// A network address.
    pub fn address(address: impl fmt::Display) -> Self {
        Location {
            origin: Origin::Address,
            ..Location::file(address.to_string())
        }
    }

    /// The site as a whole, at `root`.
    pub fn site(root: impl Into<PathBuf>) -> Self {
        Location {
            origin: Origin::Site,
            ..Location::file(root)
        }
    }

    /// A stream the command writes to: `stdout`.
    pub fn stream(name: &str) -> Self {
        Location {
            origin: Origin::Stream,
            ..Location::file(name)
        }
    }

    /// Whether this names a file (or folder), not an argument, an address,
    /// the site or a stream.
    pub fn is_file(&self) -> bool {
        self.origin == Origin::File
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        Ok(())
    }
}

/// One problem found in the user's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    pub message: String,
    /// The source line the location points into, if known.
    pub source_line: Option<String>,
    /// What the user can do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            message: message.into(),
            source_line: None,
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the line `location.line` of `source` (the whole file).
    pub fn with_source(mut self, source: &str) -> Self {
        if self.location.line > 0 {
            self.source_line = source
                .lines()
                .nth(self.location.line - 1)
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(line) = &self.source_line {
            let number = self.location.line.to_string();
            let pad = " ".repeat(number.len());
            let (shown, caret) = excerpt(line, self.location.col.saturating_sub(1));
            write!(f, "\n{pad} |\n{number} | {shown}")?;
            if self.location.col > 0 {
                let before: String = shown.chars().take(caret).collect();
                let indent = " ".repeat(before.width());
                write!(f, "\n{pad} | {indent}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// The longest source line shown whole, in characters; a longer one is
/// shown as a window of that many characters around the column, with `…`
/// where it was cut (a minified or generated line must not flood the
/// terminal).
const SHOWN_CHARS: usize = 100;

/// `line` as shown under a message, and where the caret for the character
/// at `col` (0-based) falls in it, in characters.
fn excerpt(line: &str, col: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= SHOWN_CHARS {
        return (line.to_string(), col);
    }
    let start = col.saturating_sub(SHOWN_CHARS / 2).min(count - SHOWN_CHARS);
    let end = start + SHOWN_CHARS;
    let mut shown = String::new();
    let mut caret = col - start.min(col);
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.extend(line.chars().skip(start).take(SHOWN_CHARS));
    if end < count {
        shown.push('…');
    }
    (shown, caret)
}

/// All the problems of one build, reported together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Sorts by location so the report reads top to bottom, file by file.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| a.location.cmp(&b.location));
        self
    }

    /// `Ok(())` when empty, otherwise the diagnostics as an error.
    pub fn into_result(self) -> Result<(), Diagnostics> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.sorted())
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<T: IntoIterator<Item = Diagnostic>>(&mut self, iter: T) {
        self.0.extend(iter);
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "error: {d}\n")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Path relative to `root` for messages, falling back to the path itself.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_and_caret_under_wide_characters() {
        let d = Diagnostic::new(Location::at("content/members/a.md", 2, 5), "bad value")
            .with_source("---\n名前: x\n")
            .with_hint("fix it");
        let text = d.to_string();
        assert_eq!(
            text,
            "content/members/a.md:2:5: bad value\n  |\n2 | 名前: x\n  |       ^\n  = help: fix it"
        );
    }

    #[test]
    fn shows_a_window_of_a_long_line_around_the_column() {
        let line = format!("x: {}{}", "[".repeat(5000), "]".repeat(5000));
        let d = Diagnostic::new(Location::at("a.md", 1, 3000), "too deep").with_source(&line);
        let text = d.to_string();
        let shown = text.lines().nth(2).unwrap();
        assert!(
            shown.starts_with("1 | …[[[") && shown.ends_with("[[…"),
            "{shown}"
        );
        assert_eq!(shown.chars().count(), "1 | ".len() + SHOWN_CHARS + 2);
        let caret = text.lines().nth(3).unwrap();
        assert_eq!(caret.find('^'), Some("  | ".len() + 1 + SHOWN_CHARS / 2));
        // The end of a long line: no cut after it, caret still under column.
        let d = Diagnostic::new(Location::at("a.md", 1, 10003), "end").with_source(&line);
        let text = d.to_string();
        assert!(text.lines().nth(2).unwrap().ends_with("]]]"));
        assert_eq!(
            text.lines().nth(3).unwrap().find('^'),
            Some("  | ".len() + 1 + SHOWN_CHARS - 1)
        );
    }

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["department", "left", "skills"];
        assert_eq!(did_you_mean("deparment", keys), Some("department"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }

    #[test]
    fn counts_errors_in_summary() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::new(Location::file("b.md"), "two"));
        all.push(Diagnostic::new(Location::file("a.md"), "one"));
        let text = all.sorted().to_string();
        assert!(text.starts_with("error: a.md: one"));
        assert!(text.ends_with("2 errors"));
    }
}

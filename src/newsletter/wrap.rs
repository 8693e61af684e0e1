//! The plain-text part, wrapped for e-mail: lines of at most [`WIDTH`]
//! columns counted by display width (a Japanese character takes two), so
//! Japanese breaks between characters where Unicode's line breaking rules
//! allow (never before `。` or `」`), English between words. A word wider
//! than the line (a URL) stays whole on a line of its own, and a line keeps
//! its indent on every line it becomes.

use textwrap::WordSeparator;
use textwrap::core::Word;
use unicode_width::UnicodeWidthStr;

/// Columns per line: 72, well under RFC 5322's 78 characters.
pub const WIDTH: usize = 72;

/// `text` with every line wider than `width` wrapped; lines end in `\n`,
/// with no trailing spaces and at most one blank line in a row.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut blank = true;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        blank = false;
        let rest = line.trim_start();
        // A line that is one URL is never broken (Unicode allows a break
        // after its hyphens).
        let url = rest.contains("://") && !rest.contains(char::is_whitespace);
        if line.width() <= width || url {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = &line[..line.len() - rest.len()];
        // A list item's lines hang under its text.
        let hanging = match rest.starts_with("* ") {
            true => format!("{indent}  "),
            false => indent.to_string(),
        };
        let options = textwrap::Options::new(width)
            .break_words(false)
            .initial_indent(indent)
            .subsequent_indent(&hanging)
            .word_separator(WordSeparator::Custom(words));
        for part in textwrap::wrap(rest, &options) {
            out.push_str(part.trim_end());
            out.push('\n');
        }
    }
    out
}

/// The places a line may break: between words, and where Unicode's rules
/// allow inside a word (between Japanese characters), but never inside a
/// URL (the rules allow a break after its `/` and `-`).
fn words(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let mut out = Vec::new();
    for word in WordSeparator::AsciiSpace.find_words(line) {
        if word.word.contains("://") {
            out.push(word);
            continue;
        }
        let start = out.len();
        out.extend(WordSeparator::UnicodeBreakProperties.find_words(word.word));
        if out.len() > start {
            if let Some(last) = out.last_mut() {
                last.whitespace = word.whitespace;
            }
        } else {
            out.push(word);
        }
    }
    Box::new(out.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_wraps_by_display_width() {
        let text = "アルムナイの皆さん、今月も多くの方が新しい道を歩み始めました。".repeat(4);
        let out = wrap(&text, 72);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1, "{out}");
        for l in &lines {
            assert!(l.width() <= 72, "{l} is {} columns", l.width());
            assert!(!l.starts_with('。') && !l.starts_with('、'), "{out}");
        }
        // Nothing lost: the lines joined are the text.
        assert_eq!(lines.concat(), text);
        // Filled: each line but the last takes most of the width.
        assert!(lines[0].width() >= 66, "{out}");
    }

    #[test]
    fn english_wraps_between_words_and_urls_stay_whole() {
        let url = format!("https://alumni.example.com/{}/", "a".repeat(90));
        let text = format!(
            "  Read the whole story of how she came back here: {url} and more words after it"
        );
        let out = wrap(&text, 40);
        assert!(out.lines().any(|l| l == format!("  {url}")), "{out}");
        for l in out.lines().filter(|l| !l.contains("https")) {
            assert!(l.width() <= 40 && l.starts_with("  "), "{l:?}");
        }
    }

    #[test]
    fn list_items_hang_and_a_url_line_stays_whole() {
        let out = wrap(&format!("* {}", "word ".repeat(20)), 30);
        assert!(
            out.lines().skip(1).all(|l| l.starts_with("  word")),
            "{out}"
        );
        let url = "  https://alumni.example.com/events/meetup-2027-winter-in-tokyo-and-fukuoka.ics";
        assert_eq!(wrap(url, 40), format!("{url}\n"));
    }

    #[test]
    fn blank_lines_collapse_and_trailing_spaces_go() {
        assert_eq!(wrap("a  \n\n\n\nb\n", 72), "a\n\nb\n");
    }
}

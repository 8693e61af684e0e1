//! The text around a short bracket (a reading: `佐藤（さとう）花子`)
//! folded without what the bracket holds, so that a name it splits is
//! found.

use super::fold::{Folded, fold_char};

impl Folded {
    /// The text around each short bracket (such as a reading:
    /// `佐藤（さとう）花子（はなこ）`) folded without what the brackets hold:
    /// before each, at least ten characters and as many as fold to `reach`
    /// bytes (the longest name looked for), and after it at least forty and
    /// as many as fold to `reach` outside short brackets (a name split by
    /// brackets is in the window of the first), so that a name split by one
    /// is found without folding the whole text again, however many spaces
    /// or characters that show nothing pad it.
    pub(super) fn around_brackets(text: &str, reach: usize) -> Vec<Folded> {
        let mut windows = Vec::new();
        // `(`, or the first byte of `（`.
        for i in memchr::memchr2_iter(b'(', 0xef, text.as_bytes()) {
            let open = if text.as_bytes()[i] == b'(' {
                "("
            } else {
                "（"
            };
            // A bracket that holds more than a reading folds like the rest.
            if !text[i..].starts_with(open) || short_bracket(text, i, open, text.len()).is_none() {
                continue;
            }
            let mut one = String::new();
            let mut folds = |c: char| {
                one.clear();
                fold_char(c, &mut one);
                one.len()
            };
            let (mut from, mut back, mut chars) = (i, 0, 0);
            for (j, c) in text[..i].char_indices().rev() {
                if chars >= 10 && back >= reach {
                    break;
                }
                (from, back, chars) = (j, back + folds(c), chars + 1);
            }
            // After it, what short brackets hold does not count.
            let (mut to, mut ahead, mut chars, mut skip_to) = (text.len(), 0, 0, i);
            for (k, c) in text[i..].char_indices().map(|(j, c)| (i + j, c)) {
                if chars >= 40 && ahead >= reach {
                    to = k;
                    break;
                }
                chars += 1;
                if k < skip_to {
                    continue;
                }
                let open = if c == '(' { "(" } else { "（" };
                if let Some(resume) = (matches!(c, '(' | '（'))
                    .then(|| short_bracket(text, k, open, text.len()))
                    .flatten()
                {
                    skip_to = resume;
                    continue;
                }
                ahead += folds(c);
            }
            windows.push(Folded::without_brackets(text, from, to));
        }
        windows
    }

    /// `text[from..to]` folded without what short brackets in it hold.
    fn without_brackets(text: &str, from: usize, to: usize) -> Folded {
        let mut folded = String::new();
        let mut origin = Vec::new();
        let mut chars = text[from..to]
            .char_indices()
            .map(|(j, c)| (from + j, c))
            .peekable();
        while let Some((i, c)) = chars.next() {
            if matches!(c, '(' | '（')
                && let Some(resume) = short_bracket(text, i, if c == '(' { "(" } else { "（" }, to)
            {
                while chars.next_if(|&(j, _)| j < resume).is_some() {}
                continue;
            }
            fold_char(c, &mut folded);
            origin.resize(folded.len(), i as u32);
        }
        Folded {
            text: folded,
            origin,
        }
    }
}

/// Where the short bracket (twelve characters or fewer, closed before
/// `to`) opened by `open` at `i` in `text` ends; `None` for a longer one.
fn short_bracket(text: &str, i: usize, open: &str, to: usize) -> Option<usize> {
    let close = if open == "(" { ')' } else { '）' };
    let inside = &text[i + open.len()..to];
    let end = inside
        .char_indices()
        .take(13)
        .find_map(|(j, c)| (c == close).then_some(j))?;
    Some(i + open.len() + end + close.len_utf8())
}

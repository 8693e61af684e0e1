//! Plain text from rendered HTML, for descriptions, feeds and search data.

use crate::markdown::{INLINE_ELEMENTS, decode_entity, tag_name};

/// The text of `html` with tags removed, entities decoded and whitespace
/// collapsed, cut after `max_chars` characters (with an ellipsis): a word
/// ends where a block or line does, not at an inline element
/// (`An<em>na</em>` is `Anna`), and Latin text is cut between words (a
/// cut `Anne Browning` is not `Anne Brown…`).
pub fn excerpt(html: &str, max_chars: usize) -> String {
    let mut text = String::with_capacity(html.len().min(max_chars * 4));
    let mut tag: Option<String> = None;
    let mut space = false;
    let mut chars = html.chars().peekable();
    let mut count = 0;
    while let Some(c) = chars.next() {
        match (c, tag.as_mut()) {
            ('<', None) => tag = Some(String::new()),
            ('>', Some(inside)) => {
                if !INLINE_ELEMENTS.contains(&tag_name(inside)) {
                    space = true;
                }
                tag = None;
            }
            (c, Some(inside)) => {
                if inside.len() < 16 {
                    inside.push(c);
                }
            }
            ('&', None) => {
                let mut entity = String::new();
                while let Some(&n) = chars.peek() {
                    chars.next();
                    if n == ';' || entity.len() > 8 {
                        break;
                    }
                    entity.push(n);
                }
                push(&mut text, decode_entity(&entity), &mut space, &mut count);
            }
            (c, None) if c.is_whitespace() => space = true,
            (c, None) => push(&mut text, c, &mut space, &mut count),
        }
        if count >= max_chars {
            let latin = |c: char| c.is_alphanumeric() && !is_cjk(c);
            let mid_word = !space
                && text.chars().next_back().is_some_and(latin)
                && chars.peek().copied().is_some_and(latin);
            if mid_word && let Some(at) = text.rfind(' ') {
                text.truncate(at);
            }
            text.push('…');
            break;
        }
    }
    text
}

fn push(text: &mut String, c: char, space: &mut bool, count: &mut usize) {
    if *space && !text.is_empty() && !(is_cjk(c) && text.chars().last().is_some_and(is_cjk)) {
        text.push(' ');
        *count += 1;
    }
    *space = false;
    text.push(c);
    *count += 1;
}

/// Japanese and Chinese text needs no space where a tag or line break was.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_decodes_entities() {
        assert_eq!(
            excerpt("<h2>About</h2>\n<p>A &amp; B&#39;s <em>team</em></p>", 100),
            "About A & B's team"
        );
        assert_eq!(
            excerpt("<p>営業本部で</p><p>働きました</p>", 100),
            "営業本部で働きました"
        );
        assert_eq!(excerpt("<p>abcdef</p>", 3), "abc…");
    }

    #[test]
    fn inline_elements_join_and_latin_is_cut_between_words() {
        assert_eq!(
            excerpt("<p>x<em>Anne Brown</em>y</p><p>z</p>", 100),
            "xAnne Browny z"
        );
        assert_eq!(excerpt("<p>Met Anne Brownstone</p>", 14), "Met Anne…");
        assert_eq!(excerpt("<p>Met Anne Brown here</p>", 14), "Met Anne Brown…");
        assert_eq!(excerpt("<p>隠岐太郎さんです</p>", 4), "隠岐太郎…");
    }
}

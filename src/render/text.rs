//! Plain text from rendered HTML, for descriptions, feeds and search data.

use crate::markdown::{decode_entity, is_inline, tag_name};

/// The text of `html` with tags removed, entities decoded and whitespace
/// collapsed, cut after `max_chars` characters (with an ellipsis): a word
/// ends where a block or line does, not at an inline element
/// (`An<em>na</em>` is `Anna`), and Latin text is cut between words (a
/// cut `Anne Browning` is not `Anne Brown…`).
pub fn excerpt(html: &str, max_chars: usize) -> String {
    let mut text = String::with_capacity(html.len().min(max_chars * 4));
    let mut space = false;
    let mut count = 0;
    // Where the next character starts.
    let mut at = 0;
    while let Some(c) = html[at..].chars().next() {
        let next = at + c.len_utf8();
        at = next;
        match c {
            '<' => {
                // A tag, to its first `>` (read whole: it shows nothing).
                match memchr::memchr(b'>', &html.as_bytes()[next..]) {
                    None => at = html.len(),
                    Some(len) => {
                        // Its element is read from its first 16 bytes (or
                        // the character that starts before and ends after
                        // them).
                        let inside = &html[next..next + len];
                        let mut cut = inside.len().min(16);
                        while !inside.is_char_boundary(cut) {
                            cut += 1;
                        }
                        if !is_inline(tag_name(&inside[..cut])) {
                            space = true;
                        }
                        at = next + len + 1;
                    }
                }
            }
            '&' => {
                // To the `;`, or nine characters at most.
                let mut entity = &html[next..];
                at = html.len();
                for (i, n) in html[next..].char_indices() {
                    if n == ';' || i > 8 {
                        entity = &html[next..next + i];
                        at = next + i + n.len_utf8();
                        break;
                    }
                }
                push(&mut text, decode_entity(entity), &mut space, &mut count);
            }
            c if c.is_whitespace() => space = true,
            c => push(&mut text, c, &mut space, &mut count),
        }
        if count >= max_chars {
            let latin = |c: char| c.is_alphanumeric() && !is_cjk(c);
            let mid_word = !space
                && text.chars().next_back().is_some_and(latin)
                && html[at..].chars().next().is_some_and(latin);
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

    /// `excerpt` as it was written first, char by char: the one above
    /// must give what it gives.
    fn excerpt_before(html: &str, max_chars: usize) -> String {
        let mut text = String::with_capacity(html.len().min(max_chars * 4));
        let mut tag: Option<String> = None;
        let mut space = false;
        let mut chars = html.chars().peekable();
        let mut count = 0;
        while let Some(c) = chars.next() {
            match (c, tag.as_mut()) {
                ('<', None) => tag = Some(String::new()),
                ('>', Some(inside)) => {
                    if !is_inline(tag_name(inside)) {
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

    #[test]
    fn agrees_with_the_char_by_char_excerpt() {
        let pieces = [
            "<p>",
            "</p>",
            "<em>",
            "</em>",
            "<h2 id=\"x\">",
            "<br>",
            "<a href=\"/m/\">",
            "</a>",
            "<////////////////em>",
            "<///////////////em>",
            "<span title='a>b'>",
            "&amp;",
            "&#39;",
            "&unterminated text",
            "&;",
            "&toolongentityname;",
            "Anne",
            "Brown",
            " ",
            "\n",
            "山田",
            "太郎",
            "、",
            "é",
            "x",
            "42",
            ">",
            "<",
            "\u{3000}",
            "&#x2028;",
            "…",
        ];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        for _ in 0..20_000 {
            let html: String = (0..next(30)).map(|_| pieces[next(pieces.len())]).collect();
            let max = next(40);
            assert_eq!(
                excerpt(&html, max),
                excerpt_before(&html, max),
                "{html:?} {max}"
            );
        }
    }
}

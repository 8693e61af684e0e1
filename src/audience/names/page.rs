//! A rendered body as the reader gets it: its text, its attribute values
//! and where its links are.

use super::fold::{FIELD_END, Quick};
use crate::markdown::{decode_entity, is_inline, tag_end, tag_name};

/// The text a rendered body shows, as one string of three parts, each
/// ended by [`FIELD_END`]:
///
/// 1. the text as it reads: tags removed, character references decoded,
///    a [`BREAK`] where a block, a table cell or a line break ends (so that a
///    Latin name in one cell is a word of its own, not glued to the cell
///    before it);
/// 2. the same without what annotates it (ruby readings, superscripts,
///    subscripts, footnote marks, text struck out: `隠岐<rt>おき</rt>太郎`
///    reads 隠岐太郎, `<del>小</del>林大輔` 林大輔), when the body has any;
/// 3. the attribute values (titles, alt texts, ids, URLs, percent-decoded),
///    each ended by [`FIELD_END`]: apart from the text, so that a link or
///    `<span lang>` inside a name does not cut it in two.
///
/// Each link has a range in every part: its text, and its own and its
/// children's attributes, with its `href`.
pub(super) struct PageText {
    pub(super) text: String,
    pub(super) anchors: Vec<(usize, usize, String)>,
}

/// What stands where a word ends at a tag: a paragraph separator, which
/// separates the letters of a name as a space does, but not the parts of
/// a longer name written out (`大小</p><p>林大輔` is not `小林大輔`).
pub(super) const BREAK: char = '\u{2029}';

/// Whether `name` is an element that annotates the text it is in, dropped from the second
/// part: in the first, words end where they start and end (`Thanks<sup>Anne
/// Brown</sup>` shows the name apart), as at a quotation's marks.
fn is_annotation(name: &str) -> bool {
    matches!(name, "rp" | "rt" | "sub" | "sup" | "del" | "s" | "strike")
}

/// Whether a word ends where element `name` starts or ends, as the page
/// shows it.
fn breaks_words(name: &str) -> bool {
    !is_inline(name) || is_annotation(name) || name == "q"
}

impl PageText {
    pub(super) fn of(html: &str) -> PageText {
        let mut text = String::with_capacity(html.len() + 16);
        let mut attrs = String::new();
        // How many annotations are open here, and the ranges of the text
        // they make (with the word breaks around them): not in the second
        // part.
        let mut inside = 0usize;
        let mut skip_from = 0;
        let mut skips: Vec<(usize, usize)> = Vec::new();
        // Open links: where each starts in the text and in the attributes,
        // and its href; then the ranges of each link.
        let mut open: Vec<(usize, usize, String)> = Vec::new();
        let mut links: Vec<(usize, usize, usize, usize, String)> = Vec::new();
        let mut rest = html;
        loop {
            let lt = memchr::memchr(b'<', rest.as_bytes());
            decode_into(&rest[..lt.unwrap_or(rest.len())], &mut text);
            let Some(lt) = lt else { break };
            let tag;
            (tag, rest) = tag_at(rest, lt);
            if tag.starts_with('!') {
                continue;
            }
            let closing = tag.starts_with('/');
            let name = tag_name(tag);
            let annotation = is_annotation(name);
            if annotation && !closing {
                if inside == 0 {
                    skip_from = text.len();
                }
                inside += 1;
            }
            if breaks_words(name) {
                text.push(BREAK);
            }
            if closing {
                if annotation && inside > 0 {
                    inside -= 1;
                    if inside == 0 {
                        skips.push((skip_from, text.len()));
                    }
                }
                if name == "a"
                    && let Some((t, a, href)) = open.pop()
                {
                    links.push((t, text.len(), a, attrs.len(), href));
                }
                continue;
            }
            let link = name == "a";
            let (t, a) = (text.len(), attrs.len());
            let mut href = String::new();
            attributes(tag, |attr, value| {
                if link && attr.eq_ignore_ascii_case("href") {
                    value.clone_into(&mut href);
                }
                push_url_shown(value, &mut attrs);
                attrs.push(FIELD_END);
            });
            if link {
                open.push((t, a, href));
            }
        }
        if inside > 0 {
            skips.push((skip_from, text.len()));
        }
        // Links never closed run to the end.
        for (t, a, href) in open.into_iter().rev() {
            links.push((t, text.len(), a, attrs.len(), href));
        }
        let shown = text.len();
        text.push(FIELD_END);
        let bare_at = text.len();
        if !skips.is_empty() {
            let mut bare = String::with_capacity(shown);
            let mut at = 0;
            for &(from, to) in &skips {
                bare.push_str(&text[at..from]);
                at = to;
            }
            bare.push_str(&text[at..shown]);
            text.push_str(&bare);
            text.push(FIELD_END);
        }
        // Where a place in the text is in the second part.
        let in_bare = |p: usize| {
            let skipped: usize = skips
                .iter()
                .map(|&(from, to)| to.min(p).saturating_sub(from))
                .sum();
            bare_at + p - skipped
        };
        let attrs_at = text.len();
        text.push_str(&attrs);
        let mut anchors = Vec::with_capacity(links.len() * 3);
        for (t0, t1, a0, a1, href) in links {
            anchors.push((t0, t1, href.clone()));
            if !skips.is_empty() {
                anchors.push((in_bare(t0), in_bare(t1), href.clone()));
            }
            anchors.push((attrs_at + a0, attrs_at + a1, href));
        }
        PageText { text, anchors }
    }
}

/// A first look at a rendered body, in one pass over its HTML: the
/// buffers it reads into, kept by a thread from page to page.
#[derive(Default)]
pub(super) struct Look {
    /// The text [`PageText::of`] makes of the page, with [`SEPARATOR`]
    /// where it has [`BREAK`].
    pub(super) text: String,
    /// That text folded, as [`Quick::fold`] folds it.
    pub(super) quick: Quick,
    /// The attribute values, each ended by [`FIELD_END`].
    attrs: String,
}

/// What stands for [`BREAK`] in a first look: a character that folds to
/// nothing and ends a word, as [`BREAK`] does, but in ASCII, so that the
/// text of a page in English is folded as one run of ASCII.
pub(super) const SEPARATOR: char = '\u{1f}';

impl Look {
    /// Reads into `self.text` what [`PageText::of`] makes of `html` (the
    /// text without where its links are, [`SEPARATOR`] for [`BREAK`]) and
    /// folds it into `self.quick`;
    /// `false` (the buffers then holding anything) where a page must be
    /// read the whole way: where it has text it reads without
    /// (annotations, the second part) or a character that shows text in
    /// another order.
    pub(super) fn fold(&mut self, html: &str) -> bool {
        let Look { text, quick, attrs } = self;
        text.clear();
        attrs.clear();
        let mut rest = html;
        loop {
            // The text up to the next tag, read at once where it has no
            // character reference and no NUL (most text).
            let next = memchr::memchr3(b'<', b'&', 0, rest.as_bytes());
            let lt = match next {
                Some(i) if rest.as_bytes()[i] != b'<' => {
                    let lt = memchr::memchr(b'<', &rest.as_bytes()[i..]).map(|lt| i + lt);
                    text.push_str(&rest[..i]);
                    decode_into(&rest[i..lt.unwrap_or(rest.len())], text);
                    lt
                }
                _ => {
                    text.push_str(&rest[..next.unwrap_or(rest.len())]);
                    next
                }
            };
            let Some(lt) = lt else { break };
            let tag;
            (tag, rest) = tag_at(rest, lt);
            if tag.starts_with('!') {
                continue;
            }
            let name = tag_name(tag);
            if is_annotation(name) {
                return false;
            }
            if breaks_words(name) {
                text.push(SEPARATOR);
            }
            if !tag.starts_with('/') {
                attributes(tag, |_, value| {
                    push_url_shown(value, attrs);
                    attrs.push(FIELD_END);
                });
            }
        }
        text.push(FIELD_END);
        text.push_str(attrs);
        if super::find_reordering(text).is_some() {
            return false;
        }
        quick.fold(text);
        true
    }

    /// Lets go of buffers grown for a page longer than most.
    pub(super) fn shrink(&mut self) {
        const KEPT: usize = 1 << 20;
        self.quick.shrink();
        if self.text.capacity() > KEPT || self.attrs.capacity() > KEPT {
            *self = Look::default();
        }
    }
}

/// The inside of the tag that starts at `lt` in `html` (without its `<`
/// and `>`; to the end of `html` if it is never closed), and the HTML
/// after it.
fn tag_at(html: &str, lt: usize) -> (&str, &str) {
    let end = tag_end(&html[lt..]).map_or(html.len(), |e| lt + e);
    let tag = &html[lt + 1..end];
    (tag.strip_suffix('>').unwrap_or(tag), &html[end..])
}

/// The attributes of a tag's inside (`a href="x" title='y' z=w`), each
/// given to `each` as its name (as written) and its value, decoded.
fn attributes(tag: &str, mut each: impl FnMut(&str, &str)) {
    // Most tags have none (`p`, `em`, `li`).
    if !tag.bytes().any(|b| b.is_ascii_whitespace()) {
        return;
    }
    let mut chars = tag.char_indices().peekable();
    // Where the next character starts.
    let at = |chars: &mut std::iter::Peekable<std::str::CharIndices>| {
        chars.peek().map_or(tag.len(), |&(i, _)| i)
    };
    // Skip the element name.
    while chars.next_if(|(_, c)| !c.is_whitespace()).is_some() {}
    let mut value = String::new();
    loop {
        while chars
            .next_if(|(_, c)| c.is_whitespace() || *c == '/')
            .is_some()
        {}
        let from = at(&mut chars);
        while chars
            .next_if(|(_, c)| !c.is_whitespace() && *c != '=')
            .is_some()
        {}
        let name = &tag[from..at(&mut chars)];
        if name.is_empty() {
            break;
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        value.clear();
        if chars.next_if(|(_, c)| *c == '=').is_some() {
            while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
            let quote = chars
                .next_if(|(_, c)| *c == '"' || *c == '\'')
                .map(|(_, c)| c);
            let from = at(&mut chars);
            while chars
                .next_if(|(_, c)| match quote {
                    Some(q) => *c != q,
                    None => !c.is_whitespace(),
                })
                .is_some()
            {}
            let raw = &tag[from..at(&mut chars)];
            if quote.is_some() {
                chars.next();
            }
            decode_into(raw, &mut value);
        }
        each(name, &value);
    }
}

/// Appends `text` with its character references decoded.
fn decode_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        push_shown(&rest[..amp], out);
        let after = &rest[amp + 1..];
        match after.bytes().take(11).position(|b| b == b';') {
            Some(semi) => {
                match decode_entity(&after[..semi]) {
                    FIELD_END => {}
                    c => out.push(c),
                }
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    push_shown(rest, out);
}

/// Pushes attribute value `value` as [`push_shown`] does, percent-decoded:
/// a URL as a reader sees it (`%E4%BD%90` is 佐).
fn push_url_shown(value: &str, out: &mut String) {
    if memchr::memchr(b'%', value.as_bytes()).is_none() {
        return push_shown(value, out);
    }
    push_shown(
        &percent_encoding::percent_decode_str(value).decode_utf8_lossy(),
        out,
    );
}

/// Pushes `text` without its NUL characters: a browser shows none of them
/// (`Carl\0Jensen` reads `CarlJensen`), and here NUL is [`FIELD_END`].
pub(super) fn push_shown(text: &str, out: &mut String) {
    if memchr::memchr(0, text.as_bytes()).is_none() {
        return out.push_str(text);
    }
    out.extend(text.split(FIELD_END));
}

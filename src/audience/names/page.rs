//! A rendered body as the reader gets it: its text, its attribute values
//! and where its links are.

use crate::markdown::{decode_entity, tag_end};

/// The text a rendered body shows: tags removed, character references
/// decoded, attribute values (titles, alt texts, ids, URLs) included, with
/// the range of each link's text and its `href`.
pub(super) struct PageText {
    pub(super) text: String,
    pub(super) anchors: Vec<(usize, usize, String)>,
}

impl PageText {
    pub(super) fn of(html: &str) -> PageText {
        let mut page = PageText {
            text: String::with_capacity(html.len()),
            anchors: Vec::new(),
        };
        let mut open: Option<(usize, String)> = None;
        let mut rest = html;
        while let Some(lt) = memchr::memchr(b'<', rest.as_bytes()) {
            decode_into(&rest[..lt], &mut page.text);
            let end = tag_end(&rest[lt..]).map_or(rest.len(), |e| lt + e);
            let tag = &rest[lt + 1..end.saturating_sub(1).max(lt + 1)];
            if tag.starts_with("/a") && tag[2..].trim().is_empty() {
                if let Some((from, href)) = open.take() {
                    page.anchors.push((from, page.text.len(), href));
                }
            } else if !tag.starts_with('!') && !tag.starts_with('/') {
                let is_a = tag.starts_with("a ") || tag == "a";
                // A link's range holds its own attributes (its URL names
                // whom it links to) and its text.
                let from = page.text.len();
                for (name, value) in attributes(tag) {
                    if is_a && name == "href" {
                        open = Some((from, value.clone()));
                    }
                    page.text.push(' ');
                    // A URL as a reader sees it: `%E4%BD%90` is 佐.
                    page.text.push_str(
                        &percent_encoding::percent_decode_str(&value).decode_utf8_lossy(),
                    );
                    page.text.push(' ');
                }
            }
            rest = &rest[end..];
        }
        decode_into(rest, &mut page.text);
        page
    }
}

/// The attributes of a tag's inside (`a href="x" title='y' z=w`), values
/// decoded.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // Most tags have none (`p`, `em`, `li`).
    if !tag.bytes().any(|b| b.is_ascii_whitespace()) {
        return out;
    }
    let mut chars = tag.char_indices().peekable();
    // Skip the element name.
    while chars.next_if(|(_, c)| !c.is_whitespace()).is_some() {}
    loop {
        while chars
            .next_if(|(_, c)| c.is_whitespace() || *c == '/')
            .is_some()
        {}
        let mut name = String::new();
        while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != '=') {
            name.push(c.to_ascii_lowercase());
        }
        if name.is_empty() {
            break;
        }
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if(|(_, c)| *c == '=').is_some() {
            while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
            let quote = chars
                .next_if(|(_, c)| *c == '"' || *c == '\'')
                .map(|(_, c)| c);
            let mut raw = String::new();
            while let Some((_, c)) = chars.next_if(|(_, c)| match quote {
                Some(q) => *c != q,
                None => !c.is_whitespace(),
            }) {
                raw.push(c);
            }
            if quote.is_some() {
                chars.next();
            }
            decode_into(&raw, &mut value);
        }
        out.push((name, value));
    }
    out
}

/// Appends `text` with its character references decoded.
fn decode_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match after.bytes().take(11).position(|b| b == b';') {
            Some(semi) => {
                out.push(decode_entity(&after[..semi]));
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

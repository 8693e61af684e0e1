//! Markdown to sanitised HTML. Pure: `&str` in, [`Rendered`] out.
//!
//! CommonMark plus tables, footnotes, strikethrough, task lists and heading
//! ids (`{#id}` or made from the heading text). Internal links
//! `[x](@/members/yamada-taro.md)` are resolved through [`Links`]: to the
//! target's URL, to plain text when the target is not visible in this build,
//! or reported when it does not exist. Member Markdown is untrusted: links
//! with a scheme other than http(s)/mailto lose their link, external links get
//! `rel="noopener nofollow ugc"`, and any raw HTML sends the whole output
//! through an ammonia allow-list. A site-absolute link (`/jobs/`) is a link
//! into the site: on a site served under a path it is put under it
//! (`/alumni/jobs/`, [`Links::base_path`]).

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use crate::content::slug;

mod withheld;
pub use withheld::Withheld;

/// Where an `@/` link goes in this build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A visible page: its site-absolute URL.
    Url(String),
    /// Content that exists but is not visible to this audience: plain text.
    NotVisible,
    /// A person this audience may not see: the link *and its text* (likely
    /// their name) become this neutral word.
    Unnamed(String),
    /// No such content.
    Missing,
}

/// Resolves the key of an internal link (`members/yamada-taro.md`).
pub trait Links {
    fn resolve(&self, key: &str) -> Target;

    /// The pages of the site this build withholds, which no link may name.
    fn withheld(&self) -> Option<&Arc<Withheld>> {
        None
    }

    /// The path the site is served under (`/alumni`, or `""`), put before
    /// every site-absolute link.
    fn base_path(&self) -> &str {
        ""
    }
}

/// `url` as the page must write it on a site served under `base_path`: a
/// site-absolute path (`/jobs/`, not `//host/`) is put under it; anything
/// else is left as it is.
pub fn under_base<'u>(base_path: &str, url: &'u str) -> Cow<'u, str> {
    let trimmed = url.trim_start();
    if base_path.is_empty()
        || !trimmed.starts_with('/')
        || trimmed.starts_with("//")
        || trimmed.starts_with("/\\")
    {
        Cow::Borrowed(url)
    } else {
        Cow::Owned(format!("{base_path}{trimmed}"))
    }
}

/// An `@/` link in a Markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Byte offset of the link in the Markdown source.
    pub offset: usize,
    /// As written: `@/members/yamada-taro.md#now`.
    pub target: String,
    /// Written as an image (`![x](@/...)`), which a page cannot be.
    pub image: bool,
}

impl InternalLink {
    /// The content key it points to (`members/yamada-taro.md`).
    pub fn key(&self) -> &str {
        key_of(&self.target)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
}

/// Every `@/` link of `source`. Checked for every document, visible or not,
/// so a broken link is an error in every build.
pub fn internal_links(source: &str) -> Vec<InternalLink> {
    if !source.contains("@/") {
        return Vec::new();
    }
    Parser::new_ext(source, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("@/") => {
                Some(InternalLink {
                    offset: range.start,
                    target: dest_url.to_string(),
                    image: false,
                })
            }
            Event::Start(Tag::Image { dest_url, .. }) if dest_url.starts_with("@/") => {
                Some(InternalLink {
                    offset: range.start,
                    target: dest_url.to_string(),
                    image: true,
                })
            }
            _ => None,
        })
        .collect()
}

/// The `rel` of links to other sites: member content is user-generated.
const EXTERNAL_REL: &str = "noopener nofollow ugc";

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `source` to HTML, resolving internal links with `links` (a link
/// to missing content renders as its text; [`internal_links`] finds those).
pub fn render(source: &str, links: &impl Links) -> Rendered {
    // CommonMark reads U+0000 as U+FFFD, the replacement character: no
    // page holds a NUL (the parser drops most, but not one at the end).
    let source: std::borrow::Cow<str> = match memchr::memchr(0, source.as_bytes()) {
        Some(_) => source.replace('\0', "\u{fffd}").into(),
        None => source.into(),
    };
    let source = source.as_ref();
    let mut raw_html = false;
    let mut events = Vec::new();
    // How each open link was started, so that its end matches.
    let mut open_links: Vec<LinkStart> = Vec::new();
    // Inside a link or image left out whole: how deep, so its end is found.
    let mut skipping = 0usize;
    let withheld = |url: &str| links.withheld().is_some_and(|w| w.covers(url));
    for event in Parser::new_ext(source, options()) {
        if skipping > 0 {
            match event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => skipping += 1,
                Event::End(TagEnd::Link | TagEnd::Image) => skipping -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let start = if withheld(&dest_url) {
                    LinkStart::Drop
                } else {
                    link_start(&dest_url, &title, links)
                };
                match &start {
                    LinkStart::Keep => events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })),
                    LinkStart::Html(html) => events.push(Event::InlineHtml(html.clone().into())),
                    LinkStart::Resolved(url) => events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: url.clone().into(),
                        title,
                        id,
                    })),
                    LinkStart::Unnamed(text) => {
                        events.push(Event::Text(text.clone().into()));
                        skipping = 1;
                        continue;
                    }
                    LinkStart::Missing | LinkStart::Drop => {}
                }
                open_links.push(start);
            }
            Event::End(TagEnd::Link) => match open_links.pop() {
                Some(LinkStart::Keep | LinkStart::Resolved(_)) => {
                    events.push(Event::End(TagEnd::Link))
                }
                Some(LinkStart::Html(_)) => events.push(Event::InlineHtml("</a>".into())),
                _ => {}
            },
            // An image of a page (`@/`), or of something a withheld page
            // holds (a hidden member's photo), is left out, alt text and all.
            Event::Start(Tag::Image { dest_url, .. })
                if dest_url.starts_with("@/") || withheld(&dest_url) =>
            {
                skipping = 1;
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if safe_scheme(&dest_url) {
                    dest_url
                } else {
                    CowStr::from("")
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                raw_html = true;
                events.push(event);
            }
            other => events.push(other),
        }
    }
    assign_heading_ids(&mut events);
    // Site-absolute links go under the site's path, each once: by the
    // sanitiser when there is raw HTML (it sees every link), else here.
    let base = links.base_path();
    if !raw_html && !base.is_empty() {
        for event in &mut events {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
                && let Cow::Owned(url) = under_base(base, dest_url)
            {
                *dest_url = url.into();
            }
        }
    }
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if raw_html {
        html = sanitise(&html, links.withheld(), links.base_path());
    }
    Rendered { html }
}

/// Raw HTML through the allow-list; links and images to pages the build
/// withholds, or to `@/` keys (never resolved in raw HTML), lose their URL,
/// and every image gets an `alt` (an `img` without one is invalid HTML);
/// site-absolute links are put under `base_path`.
fn sanitise(html: &str, withheld: Option<&Arc<Withheld>>, base_path: &str) -> String {
    let clean = match withheld.filter(|w| !w.is_empty()) {
        None if !html.contains("@/") && base_path.is_empty() => sanitiser().clean(html).to_string(),
        withheld => {
            let withheld = withheld.cloned();
            let base_path = base_path.to_string();
            let mut builder = allow_list();
            builder.attribute_filter(move |_, attribute, value| {
                let url = is_url_attribute(attribute);
                let refused = url
                    && (value.trim_start().starts_with("@/")
                        || withheld.as_ref().is_some_and(|w| w.covers(value)));
                if refused {
                    None
                } else if url {
                    Some(Cow::Owned(under_base(&base_path, value).into_owned()))
                } else {
                    Some(Cow::Borrowed(value))
                }
            });
            builder.clean(html).to_string()
        }
    };
    fix_images(&clean)
}

/// Whether an attribute's value is a URL (a quotation's `cite` too: it is
/// on the page, whether or not a browser follows it).
fn is_url_attribute(attribute: &str) -> bool {
    matches!(
        attribute,
        "href"
            | "src"
            | "cite"
            | "srcset"
            | "poster"
            | "action"
            | "formaction"
            | "data"
            | "ping"
            | "longdesc"
            | "background"
    )
}

/// Gives every `<img>` of sanitised HTML an `alt` (empty: a decorative
/// image) and drops an `<img>` left without a `src`. Sanitised HTML is
/// html5ever's serialisation: a literal `<img` is always a tag, attribute
/// values are double-quoted with `"` escaped.
fn fix_images(html: &str) -> String {
    if !html.contains("<img") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html;
    while let Some(i) = rest.find("<img") {
        out.push_str(&rest[..i]);
        let tag_end = tag_end(&rest[i..]).map_or(rest.len(), |e| i + e);
        let tag = &rest[i..tag_end];
        let is_img = tag[4..].starts_with([' ', '>', '/']);
        if !is_img {
            out.push_str(tag);
        } else if !tag.contains(" src=\"") {
            // An image without a source shows nothing: leave it out.
        } else if tag.contains(" alt=\"") {
            out.push_str(tag);
        } else {
            out.push_str("<img alt=\"\"");
            out.push_str(&tag[4..]);
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// Elements that run inside a line of text: no word ends where they start
/// or end (`An<em>na</em>` reads `Anna`).
pub const INLINE_ELEMENTS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
    "u", "var", "wbr",
];

/// Whether `name` is one of [`INLINE_ELEMENTS`]: a `match` the compiler
/// turns into a few comparisons, asked for every tag of every body.
pub fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "rp"
            | "rt"
            | "ruby"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "wbr"
    )
}

/// The element name of a tag's inside (`/em`, `a href=x`), as written:
/// lower case in the HTML a body renders to.
pub fn tag_name(tag: &str) -> &str {
    let name = tag.trim_start_matches('/');
    let end = name
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    &name[..end]
}

/// The end (after `>`) of the tag `s` starts with, outside quoted values
/// (in `"` or `'`).
pub fn tag_end(s: &str) -> Option<usize> {
    // Every byte looked for is ASCII, never part of another character.
    let bytes = s.as_bytes();
    let mut at = 0;
    loop {
        at += memchr::memchr3(b'>', b'"', b'\'', &bytes[at..])?;
        let quote = bytes[at];
        if quote == b'>' {
            return Some(at + 1);
        }
        // A quoted value, to its closing quote.
        at += 1;
        at += memchr::memchr(quote, &bytes[at..])? + 1;
    }
}

enum LinkStart {
    Keep,
    Resolved(String),
    /// An external link, opened as raw HTML to carry `rel`.
    Html(String),
    /// Render the link text only.
    Drop,
    /// Render this text in place of the link and its text.
    Unnamed(String),
    /// An `@/` link to nothing: the text only, and an error.
    Missing,
}

fn key_of(dest: &str) -> &str {
    let rest = dest.strip_prefix("@/").unwrap_or(dest);
    rest.split('#').next().unwrap_or(rest)
}

fn link_start(dest: &str, title: &str, links: &impl Links) -> LinkStart {
    if let Some(rest) = dest.strip_prefix("@/") {
        let fragment = rest.find('#').map(|i| &rest[i..]).unwrap_or("");
        return match links.resolve(key_of(dest)) {
            // From the site's root: the path it is served under is put
            // before every site-absolute link at the end.
            Target::Url(url) => {
                let url = url.strip_prefix(links.base_path()).unwrap_or(&url);
                LinkStart::Resolved(format!("{url}{fragment}"))
            }
            Target::NotVisible => LinkStart::Drop,
            Target::Unnamed(text) => LinkStart::Unnamed(text),
            Target::Missing => LinkStart::Missing,
        };
    }
    if !safe_scheme(dest) {
        return LinkStart::Drop;
    }
    let lower = dest.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let mut html = String::from("<a href=\"");
        escape_href(&mut html, dest).ok();
        html.push('"');
        if !title.is_empty() {
            html.push_str(" title=\"");
            escape_html(&mut html, title).ok();
            html.push('"');
        }
        html.push_str(" rel=\"");
        html.push_str(EXTERNAL_REL);
        html.push_str("\">");
        return LinkStart::Html(html);
    }
    LinkStart::Keep
}

/// Relative links, fragments, http(s) and mailto are fine; other schemes are not.
fn safe_scheme(dest: &str) -> bool {
    let dest = dest.trim_start();
    let scheme_end = dest.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if dest[i..].starts_with(':') => {
            matches!(
                dest[..i].to_ascii_lowercase().as_str(),
                "http" | "https" | "mailto"
            )
        }
        _ => true,
    }
}

/// The character an HTML entity (`amp`, `#39`, `#x6B21`: between `&` and
/// `;`) stands for; U+FFFD for one it does not know.
pub fn decode_entity(entity: &str) -> char {
    match entity {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" | "#39" | "#x27" => '\'',
        "nbsp" => ' ',
        e => e
            .strip_prefix("#x")
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32)
            .unwrap_or('\u{fffd}'),
    }
}

/// Gives every heading an id: its `{#id}`, or a slug of its text, unique in the page.
fn assign_heading_ids(events: &mut [Event]) {
    let mut used: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[i] {
            let given = id.as_ref().map(|s| s.to_string());
            let text = heading_text(&events[i + 1..]);
            let base = given.unwrap_or_else(|| {
                let s = slug::slugify(&text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            });
            let mut unique = base.clone();
            let mut n = 1;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) = &mut events[i]
            {
                *id = Some(unique.into());
                // `{.class key=value}` could add any attribute (`onclick`):
                // a heading keeps only its id.
                classes.clear();
                attrs.clear();
            }
        }
        i += 1;
    }
}

fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// The allow-list for Markdown that contains raw HTML.
fn sanitiser() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(allow_list)
}

/// A new ammonia builder with the allow-list (made once for most bodies,
/// or per body when it needs its own URL filter).
fn allow_list() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    // Raw `<a>` tags are the member's: every link gets our `rel`, whatever
    // the member wrote (ammonia cannot tell internal links apart).
    b.link_rel(Some(EXTERNAL_REL))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .add_generic_attributes(["id"])
        .add_tag_attributes("a", ["title"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tags(["input"])
        .add_tag_attributes("div", ["class"])
        .add_tag_attributes("sup", ["class"])
        .add_tag_attributes("ol", ["start"])
        // `<bdo dir=rtl>nworB ennA</bdo>` shows a name its text does not
        // hold (SECURITY.md, "Names in free text"): its text stays, as written.
        .rm_tags(["bdo"]);
    b
}

#[cfg(test)]
mod tests;

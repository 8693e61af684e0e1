//! Markdown to sanitised HTML. Pure: `&str` in, [`Rendered`] out.
//!
//! CommonMark plus tables, footnotes, strikethrough, task lists and heading
//! ids (`{#id}` or made from the heading text). Internal links
//! `[x](@/members/yamada-taro.md)` are resolved through [`Links`]: to the
//! target's URL, to plain text when the target is not visible in this build,
//! or reported when it does not exist. Member Markdown is untrusted: links
//! with a scheme other than http(s)/mailto lose their link, external links get
//! `rel="noopener nofollow ugc"`, and any raw HTML sends the whole output
//! through an ammonia allow-list.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use crate::content::slug;

/// Where an `@/` link goes in this build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A visible page: its site-absolute URL.
    Url(String),
    /// Content that exists but is not visible to this audience: plain text.
    NotVisible,
    /// No such content.
    Missing,
}

/// Resolves the key of an internal link (`members/yamada-taro.md`).
pub trait Links {
    fn resolve(&self, key: &str) -> Target;
}

/// An `@/` link in a Markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Byte offset of the link in the Markdown source.
    pub offset: usize,
    /// As written: `@/members/yamada-taro.md#now`.
    pub target: String,
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
    let mut raw_html = false;
    let mut events = Vec::new();
    // How each open link was started, so that its end matches.
    let mut open_links: Vec<LinkStart> = Vec::new();
    for event in Parser::new_ext(source, options()) {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let start = link_start(&dest_url, &title, links);
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
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if raw_html {
        html = sanitiser().clean(&html).to_string();
    }
    Rendered { html }
}

enum LinkStart {
    Keep,
    Resolved(String),
    /// An external link, opened as raw HTML to carry `rel`.
    Html(String),
    /// Render the link text only.
    Drop,
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
            Target::Url(url) => LinkStart::Resolved(format!("{url}{fragment}")),
            Target::NotVisible => LinkStart::Drop,
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
    BUILDER.get_or_init(|| {
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
            .add_tag_attributes("ol", ["start"]);
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl Links for Fixed {
        fn resolve(&self, key: &str) -> Target {
            match key {
                "members/yamada-taro.md" => Target::Url("/members/yamada-taro/".into()),
                "members/hidden.md" => Target::NotVisible,
                _ => Target::Missing,
            }
        }
    }

    fn html(md: &str) -> String {
        render(md, &Fixed).html
    }

    #[test]
    fn resolves_internal_links_with_fragments() {
        assert_eq!(
            html("[山田](@/members/yamada-taro.md#now)"),
            "<p><a href=\"/members/yamada-taro/#now\">山田</a></p>\n"
        );
    }

    #[test]
    fn hidden_targets_become_plain_text_and_missing_ones_are_reported() {
        assert_eq!(
            html("see [them](@/members/hidden.md)."),
            "<p>see them.</p>\n"
        );
        let source = "x\n[a](@/members/nobody.md#top) [b](/jobs/)";
        assert_eq!(
            render(source, &Fixed).html,
            "<p>x\na <a href=\"/jobs/\">b</a></p>\n"
        );
        let links = internal_links(source);
        assert_eq!(
            links,
            vec![InternalLink {
                offset: 2,
                target: "@/members/nobody.md#top".into()
            }]
        );
        assert_eq!(links[0].key(), "members/nobody.md");
    }

    #[test]
    fn external_links_get_rel_and_dangerous_schemes_lose_their_link() {
        assert_eq!(
            html("[a](https://example.com/?a=1&b=2)"),
            "<p><a href=\"https://example.com/?a=1&amp;b=2\" rel=\"noopener nofollow ugc\">a</a></p>\n"
        );
        assert_eq!(html("[x](javascript:alert(1))"), "<p>x</p>\n");
        assert_eq!(html("[x](JavaScript:alert(1))"), "<p>x</p>\n");
        assert_eq!(html("[x](/jobs/)"), "<p><a href=\"/jobs/\">x</a></p>\n");
    }

    #[test]
    fn raw_html_is_sanitised() {
        let out = html("hi <script>alert(1)</script><img src=x onerror=alert(1)> <b>ok</b>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert!(out.contains("<b>ok</b>"), "{out}");
    }

    #[test]
    fn raw_html_links_get_rel_whatever_the_member_wrote() {
        let out = html("<a href=\"https://evil.example\" rel=\"opener\">x</a>");
        assert!(out.contains("rel=\"noopener nofollow ugc\""), "{out}");
        assert!(!out.contains("\"opener\""), "{out}");
    }

    #[test]
    fn heading_attributes_cannot_add_event_handlers() {
        let out = html("## Hi {#x .c onclick=alert(1) data-a=b}");
        assert_eq!(out, "<h2 id=\"x\">Hi</h2>\n");
    }

    #[test]
    fn headings_get_unique_ids() {
        let out = html("## 主な経験\n\n## About Taro\n\n## About Taro\n\n## Mine {#custom}");
        assert!(out.contains("<h2 id=\"主な経験\">"), "{out}");
        assert!(out.contains("<h2 id=\"about-taro\">"), "{out}");
        assert!(out.contains("<h2 id=\"about-taro-1\">"), "{out}");
        assert!(out.contains("<h2 id=\"custom\">"), "{out}");
    }

    #[test]
    fn extensions_are_on() {
        let out = html("| a |\n|---|\n| b |\n\n~~s~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: foot");
        for needle in [
            "<table>",
            "<del>s</del>",
            "type=\"checkbox\"",
            "footnote-definition",
        ] {
            assert!(out.contains(needle), "{needle} in {out}");
        }
    }
}

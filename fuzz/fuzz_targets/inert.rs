//! The property every piece of rendered member HTML must have, checked with
//! html5ever (through scraper): no script-capable element, no event
//! handler, no style, no URL with a scheme other than http(s) or mailto.

use scraper::{Html, Selector};

const FORBIDDEN: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form",
    "button", "meta", "link", "svg", "math", "template", "noscript", "textarea", "select",
];

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "srcset",
    "poster",
    "data",
    "background",
    "cite",
    "ping",
];

/// A URL's scheme as a browser reads it, if it has one.
fn scheme(raw: &str) -> Option<String> {
    let url: String = raw
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let end = url.find([':', '/', '?', '#'])?;
    let scheme = &url[..end];
    // Anything else before the colon makes it a relative URL (WHATWG URL).
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (url[end..].starts_with(':') && valid).then(|| scheme.to_string())
}

/// Panics when `html` could run anything.
pub fn assert_inert(html: &str) {
    let doc = Html::parse_fragment(html);
    let all = Selector::parse("*").expect("selector");
    for el in doc.select(&all) {
        let name = el.value().name();
        assert!(!FORBIDDEN.contains(&name), "<{name}> in {html:?}");
        for (attr, value) in el.value().attrs() {
            let attr = attr.to_ascii_lowercase();
            assert!(!attr.starts_with("on"), "{attr} in {html:?}");
            assert!(attr != "style", "style in {html:?}");
            if URL_ATTRS.contains(&attr.as_str()) {
                if let Some(s) = scheme(value) {
                    assert!(
                        matches!(s.as_str(), "http" | "https" | "mailto"),
                        "{attr}={value:?} in {html:?}"
                    );
                }
            }
        }
    }
}

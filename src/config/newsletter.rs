//! `newsletter:` in site.yaml: who the newsletter comes from, where its
//! readers unsubscribe, and the words it opens with (docs/newsletter.md).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::content::front_matter::Step::{self, Key, KeyName};
use crate::content::url::ExternalUrl;

/// `newsletter:` as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Newsletter")]
pub(super) struct RawNewsletter {
    /// The sender: an address, or a name and an address, e.g. "Example Alumni <alumni@example.com>".
    from: Option<String>,
    /// Where replies go, e.g. alumni@example.com (or "Name <address>").
    reply_to: Option<String>,
    /// Where readers unsubscribe: an https:// page or a mailto: address (the List-Unsubscribe header).
    unsubscribe: Option<String>,
    /// The words the newsletter opens with: one text, or one per language ({ja: ..., en: ...}).
    intro: Option<Intro>,
}

/// `intro:`: one text for every language, or a text per language.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
enum Intro {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

/// A mailbox: a display name (maybe none) and an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub name: Option<String>,
    pub address: String,
}

/// The validated `newsletter:` block.
#[derive(Debug, Clone, Default)]
pub struct Newsletter {
    pub from: Option<Mailbox>,
    pub reply_to: Option<Mailbox>,
    /// An `https://` or `mailto:` URL.
    pub unsubscribe: Option<String>,
    /// Language → intro text (`""` for the text of every language).
    intro: BTreeMap<String, String>,
}

impl Newsletter {
    /// The intro in `lang`, else the one written for every language.
    pub fn intro_in(&self, lang: &str) -> Option<&str> {
        self.intro
            .get(lang)
            .or_else(|| self.intro.get(""))
            .map(String::as_str)
    }
}

/// Reports a problem at a path of site.yaml: (path, message, hint).
pub(super) type At<'a> = dyn FnMut(&[Step], String, &str) + 'a;

/// Checks `raw`, reporting each problem at its place.
pub(super) fn validate(raw: RawNewsletter, languages: &[String], at: &mut At) -> Newsletter {
    let mailbox = |key: &'static str, value: Option<String>, at: &mut At| {
        let text = value?;
        match parse_mailbox(&text) {
            Some(m) => Some(m),
            None => {
                at(
                    &[Key("newsletter"), Key(key)],
                    format!("`{text}` is not an e-mail address"),
                    "write an address, or a name and an address: \"Example Alumni <alumni@example.com>\"",
                );
                None
            }
        }
    };
    let from = mailbox("from", raw.from, at);
    let reply_to = mailbox("reply_to", raw.reply_to, at);
    let unsubscribe = raw.unsubscribe.and_then(|url| match ExternalUrl::parse(&url) {
        // Mail services follow an unsubscribe page only over https.
        Ok(u) if u.as_str().starts_with("http://") => {
            at(
                &[Key("newsletter"), Key("unsubscribe")],
                format!("`{}` is not an https:// page", u.as_str()),
                "mail services open unsubscribe pages over https only: write https://, or a mailto: address",
            );
            None
        }
        Ok(u) => Some(u.as_str().to_string()),
        Err(message) => {
            at(
                &[Key("newsletter"), Key("unsubscribe")],
                message,
                "give the page where readers unsubscribe (https://...) or an address to write to (mailto:...)",
            );
            None
        }
    });
    let intro = match raw.intro {
        None => BTreeMap::new(),
        Some(Intro::One(text)) => BTreeMap::from([(String::new(), text)]),
        Some(Intro::PerLanguage(map)) => {
            for code in map.keys().filter(|c| !languages.contains(c)) {
                at(
                    &[Key("newsletter"), Key("intro"), KeyName(code)],
                    format!("`{code}` is not one of the site's languages"),
                    &format!(
                        "write the intro for each of {}, e.g. intro: {{{}: ...}}",
                        languages.join(", "),
                        languages[0]
                    ),
                );
            }
            map
        }
    };
    Newsletter {
        from,
        reply_to,
        unsubscribe,
        intro,
    }
}

/// `alumni@example.com` or `Example Alumni <alumni@example.com>` (the name
/// may be quoted). The address needs one `@` with text on both sides, and
/// neither part may hold spaces, control characters or `<>`.
pub fn parse_mailbox(text: &str) -> Option<Mailbox> {
    let text = text.trim();
    let (name, address) = match text.strip_suffix('>') {
        Some(rest) => {
            let (name, address) = rest.rsplit_once('<')?;
            let name = name.trim().trim_matches('"').trim();
            ((!name.is_empty()).then(|| name.to_string()), address.trim())
        }
        None => (None, text),
    };
    let (local, domain) = address.split_once('@')?;
    let bad = |s: &str| {
        s.is_empty()
            || s.chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>@\",;()[]\\".contains(c))
    };
    if bad(local) || bad(domain) || !domain.contains('.') {
        return None;
    }
    if name
        .as_deref()
        .is_some_and(|n| n.chars().any(|c| c.is_control() || "<>\"".contains(c)))
    {
        return None;
    }
    Some(Mailbox {
        name,
        address: address.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailboxes_with_and_without_a_name() {
        assert_eq!(
            parse_mailbox("Example Alumni <alumni@example.com>"),
            Some(Mailbox {
                name: Some("Example Alumni".into()),
                address: "alumni@example.com".into()
            })
        );
        assert_eq!(
            parse_mailbox("\"株式会社 アルムナイ\" <a@example.co.jp>")
                .unwrap()
                .name,
            Some("株式会社 アルムナイ".into())
        );
        assert_eq!(parse_mailbox("a@example.com").unwrap().name, None);
        for bad in [
            "",
            "alumni",
            "a@b",
            "@example.com",
            "a b@example.com",
            "<a@example.com",
            "x <a@example.com> y",
            "a@example.com\r\nBcc: x@example.com",
            "Na\nme <a@example.com>",
        ] {
            assert_eq!(parse_mailbox(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn an_unsubscribe_page_is_https_or_a_mailto_address() {
        let told = |url: &str| {
            let raw = RawNewsletter {
                from: None,
                reply_to: None,
                unsubscribe: Some(url.into()),
                intro: None,
            };
            let mut problems = Vec::new();
            let block = validate(raw, &["ja".into()], &mut |_, message, _| {
                problems.push(message)
            });
            (block.unsubscribe, problems)
        };
        for good in [
            "https://alumni.example.com/unsubscribe/",
            "mailto:a@example.com",
        ] {
            assert_eq!(told(good), (Some(good.to_string()), vec![]), "{good}");
        }
        let (kept, problems) = told("http://alumni.example.com/unsubscribe/");
        assert_eq!(kept, None);
        assert!(problems[0].contains("not an https:// page"), "{problems:?}");
    }
}

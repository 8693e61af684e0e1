//! `/atom.xml`: the news and stories of this build, newest first (Atom 1.0,
//! RFC 4287). Absolute URLs on `base_url`; entry ids are their permalinks.

use chrono::NaiveDate;

/// One entry of the feed.
pub struct Entry<'a> {
    pub title: &'a str,
    /// Absolute URL.
    pub url: String,
    pub published: NaiveDate,
    pub updated: NaiveDate,
    pub summary: String,
    /// Sanitised HTML of the body.
    pub content: &'a str,
    /// `story` or `news`.
    pub category: &'static str,
}

/// The feed's own data.
pub struct Feed<'a> {
    pub title: &'a str,
    pub subtitle: Option<&'a str>,
    pub base_url: &'a str,
    pub language: &'a str,
    pub author: &'a str,
}

/// How many entries the feed keeps.
pub const LIMIT: usize = 50;

impl Feed<'_> {
    /// The feed document; `entries` must be newest first.
    pub fn atom(&self, entries: &[Entry]) -> String {
        let base = self.base_url;
        let updated = entries.iter().map(|e| e.updated).max();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            esc(self.language)
        ));
        out.push_str(&format!("  <title>{}</title>\n", esc(self.title)));
        if let Some(s) = self.subtitle {
            out.push_str(&format!("  <subtitle>{}</subtitle>\n", esc(s)));
        }
        out.push_str(&format!(
            "  <link href=\"{}/atom.xml\" rel=\"self\" type=\"application/atom+xml\"/>\n",
            esc(base)
        ));
        out.push_str(&format!(
            "  <link href=\"{}/\" rel=\"alternate\" type=\"text/html\"/>\n",
            esc(base)
        ));
        out.push_str(&format!("  <id>{}/</id>\n", esc(base)));
        out.push_str(&format!(
            "  <updated>{}</updated>\n",
            stamp(updated.unwrap_or(NaiveDate::MIN))
        ));
        out.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            esc(self.author)
        ));
        out.push_str("  <generator>alumni</generator>\n");
        for e in entries.iter().take(LIMIT) {
            out.push_str("  <entry>\n");
            out.push_str(&format!("    <title>{}</title>\n", esc(e.title)));
            out.push_str(&format!(
                "    <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n",
                esc(&e.url)
            ));
            out.push_str(&format!("    <id>{}</id>\n", esc(&e.url)));
            out.push_str(&format!(
                "    <published>{}</published>\n",
                stamp(e.published)
            ));
            out.push_str(&format!("    <updated>{}</updated>\n", stamp(e.updated)));
            out.push_str(&format!("    <category term=\"{}\"/>\n", e.category));
            out.push_str(&format!("    <summary>{}</summary>\n", esc(&e.summary)));
            out.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                esc(e.content)
            ));
            out.push_str("  </entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }
}

fn stamp(d: NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00Z").to_string()
}

/// Escapes text for XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(esc("a<b>&\"c\u{1}"), "a&lt;b&gt;&amp;&quot;c");
    }
}

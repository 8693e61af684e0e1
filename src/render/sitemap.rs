//! `sitemap.xml` (one per language, with `xhtml:link` alternates to the
//! other languages' versions of each page) and `robots.txt`.

use chrono::NaiveDate;

use crate::config::Config;
use crate::content::Audience;
use crate::theme::view::Alternate;

/// One page of a sitemap.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// Site-absolute path, under the site's path (`Config::base_path`).
    pub url: String,
    /// The day it last changed, where known.
    pub lastmod: Option<NaiveDate>,
    /// Its versions in every language, itself included (absolute URLs).
    pub alternates: Vec<Alternate>,
}

/// A sitemap of `entries`, as absolute URLs of the site of `config`.
pub fn sitemap(config: &Config, entries: &[Entry]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if entries.iter().any(|e| !e.alternates.is_empty()) {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    for e in entries {
        out.push_str("  <url><loc>");
        out.push_str(&escape_xml(&config.absolute(&e.url)));
        out.push_str("</loc>");
        if let Some(day) = e.lastmod {
            out.push_str(&format!("<lastmod>{}</lastmod>", day.format("%Y-%m-%d")));
        }
        for a in &e.alternates {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape_xml(&a.hreflang),
                escape_xml(&a.href)
            ));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// The public build invites crawlers (and names the sitemap of each
/// language, at `sitemaps`: site-absolute paths); the members build turns
/// them all away.
pub fn robots(config: &Config, audience: Audience, sitemaps: &[String]) -> String {
    match audience {
        Audience::Public => {
            let mut out = "User-agent: *\nAllow: /\n\n".to_string();
            for s in sitemaps {
                out.push_str(&format!("Sitemap: {}\n", config.absolute(s)));
            }
            out
        }
        Audience::Members => "User-agent: *\nDisallow: /\n".to_string(),
    }
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base_url: &str) -> Config {
        crate::config::parse(&format!("title: T\nbase_url: {base_url}\n")).unwrap()
    }

    #[test]
    fn sitemap_lists_absolute_escaped_urls() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 2);
        let entry = |url: &str, lastmod| Entry {
            url: url.into(),
            lastmod,
            alternates: Vec::new(),
        };
        let xml = sitemap(
            &site("https://a.example"),
            &[entry("/", day), entry("/members/a&b/", None)],
        );
        assert!(!xml.contains("xmlns:xhtml"));
        assert!(xml.contains("<loc>https://a.example/</loc><lastmod>2026-01-02</lastmod>"));
        assert!(xml.contains("<loc>https://a.example/members/a&amp;b/</loc>"));
    }

    #[test]
    fn members_robots_disallow_everything() {
        assert_eq!(
            robots(
                &site("https://a.example"),
                Audience::Members,
                &["/sitemap.xml".into()]
            ),
            "User-agent: *\nDisallow: /\n"
        );
        // Under a path, the sitemaps' paths already hold it.
        assert!(
            robots(
                &site("https://org.example/alumni/"),
                Audience::Public,
                &["/alumni/sitemap.xml".into()]
            )
            .contains("Sitemap: https://org.example/alumni/sitemap.xml\n")
        );
        assert!(
            robots(
                &site("https://a.example"),
                Audience::Public,
                &["/sitemap.xml".into(), "/en/sitemap.xml".into()]
            )
            .contains(
                "Sitemap: https://a.example/sitemap.xml\nSitemap: https://a.example/en/sitemap.xml\n"
            )
        );
    }
}

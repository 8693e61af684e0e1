//! `sitemap.xml` and `robots.txt`.

use chrono::NaiveDate;

use crate::content::Audience;

/// A sitemap of `urls` (site-absolute paths, with the day each last
/// changed where known), on `base_url`.
pub fn sitemap(base_url: &str, urls: &[(String, Option<NaiveDate>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in urls {
        out.push_str("  <url><loc>");
        out.push_str(&escape_xml(&format!("{base_url}{url}")));
        out.push_str("</loc>");
        if let Some(day) = lastmod {
            out.push_str(&format!("<lastmod>{}</lastmod>", day.format("%Y-%m-%d")));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// The public build invites crawlers; the members build turns them all away.
pub fn robots(base_url: &str, audience: Audience) -> String {
    match audience {
        Audience::Public => format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}/sitemap.xml\n"),
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

    #[test]
    fn sitemap_lists_absolute_escaped_urls() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 2);
        let xml = sitemap(
            "https://a.example",
            &[("/".into(), day), ("/members/a&b/".into(), None)],
        );
        assert!(xml.contains("<loc>https://a.example/</loc><lastmod>2026-01-02</lastmod>"));
        assert!(xml.contains("<loc>https://a.example/members/a&amp;b/</loc>"));
    }

    #[test]
    fn members_robots_disallow_everything() {
        assert_eq!(
            robots("https://a.example", Audience::Members),
            "User-agent: *\nDisallow: /\n"
        );
        assert!(
            robots("https://a.example", Audience::Public)
                .contains("Sitemap: https://a.example/sitemap.xml")
        );
    }
}

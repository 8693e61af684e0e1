//! From a request's URL to a file of the build: pure, no filesystem.
//!
//! The path is percent-decoded once and must then be a plain relative path
//! ([`output::confined`]): no `..` or `.` segment, no empty segment (so no
//! `//etc/passwd`), no backslash, no NUL. `%252e%252e` decodes once to the
//! literal segment `%2e%2e`, which no build has. What passes is only ever
//! looked up among the files of the current build, never on disk.

use percent_encoding::percent_decode_str;

use crate::output;

/// The server's own files, beside the site's.
pub const EVENTS: &str = "/__alumni/events";
pub const SCRIPT: &str = "/__alumni/live.js";

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A file of the build, by output path (`members/a/index.html`).
    File(String),
    /// The live-reload event stream.
    Events,
    /// The live-reload script.
    Script,
    /// Nothing the server has.
    NotFound,
}

/// Where the request URL `url` (path and query, as sent) leads.
pub fn route(url: &str) -> Route {
    let path = url.split(['?', '#']).next().unwrap_or("");
    match path {
        EVENTS => return Route::Events,
        SCRIPT => return Route::Script,
        _ => {}
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Route::NotFound;
    };
    let Ok(decoded) = percent_decode_str(rest).decode_utf8() else {
        return Route::NotFound;
    };
    let file = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.into_owned()
    };
    if output::confined(&file) {
        Route::File(file)
    } else {
        Route::NotFound
    }
}

/// Where a request URL stands against the path the site is served under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base<'u> {
    /// Under it (or the server's own file): the URL from the site's root.
    Inside(&'u str),
    /// The host's root or the path without its slash: go to the site's root.
    Redirect(String),
    /// Elsewhere on the host: nothing the site has.
    Outside,
}

/// `url` (path and query, as sent) on a site served under `base_path`
/// (`/alumni`, or `""`): the site's pages are only there, as on the host
/// it is deployed to.
pub fn under_base<'u>(url: &'u str, base_path: &str) -> Base<'u> {
    if base_path.is_empty() {
        return Base::Inside(url);
    }
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let (path, query) = url.split_at(end);
    if matches!(path, EVENTS | SCRIPT) {
        return Base::Inside(url);
    }
    if path.is_empty() || path == "/" || path == base_path {
        return Base::Redirect(format!("{base_path}/{query}"));
    }
    match url.strip_prefix(base_path) {
        Some(rest) if rest.starts_with('/') => Base::Inside(rest),
        _ => Base::Outside,
    }
}

/// Where to send a request for `url` when the build has `<path>/index.html`
/// but not `path` itself: the same URL with a slash after the path.
pub fn with_slash(url: &str) -> String {
    match url.split_once('?') {
        Some((path, query)) => format!("{path}/?{query}"),
        None => format!("{url}/"),
    }
}

/// The content type of a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Whether the `Host` a request names is this machine (a page of another
/// site that renamed itself to 127.0.0.1 — DNS rebinding — names its own).
pub fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_under_a_path_is_served_only_there() {
        assert_eq!(under_base("/members/", ""), Base::Inside("/members/"));
        assert_eq!(
            under_base("/alumni/members/?q=1", "/alumni"),
            Base::Inside("/members/?q=1")
        );
        assert_eq!(under_base("/alumni/", "/alumni"), Base::Inside("/"));
        assert_eq!(
            under_base("/", "/alumni"),
            Base::Redirect("/alumni/".into())
        );
        assert_eq!(
            under_base("/alumni?x", "/alumni"),
            Base::Redirect("/alumni/?x".into())
        );
        assert_eq!(under_base("/members/", "/alumni"), Base::Outside);
        assert_eq!(under_base("/alumnix/", "/alumni"), Base::Outside);
        assert_eq!(under_base(EVENTS, "/alumni"), Base::Inside(EVENTS));
    }

    fn file(p: &str) -> Route {
        Route::File(p.into())
    }

    #[test]
    fn pretty_urls_lead_to_index_files() {
        assert_eq!(route("/"), file("index.html"));
        assert_eq!(route("/members/a/"), file("members/a/index.html"));
        assert_eq!(route("/members/a/?q=1#x"), file("members/a/index.html"));
        assert_eq!(route("/style.css"), file("style.css"));
        assert_eq!(route("/members/a"), file("members/a"));
    }

    #[test]
    fn paths_are_percent_decoded_once() {
        assert_eq!(
            route("/members/%E5%B1%B1%E7%94%B0/"),
            file("members/山田/index.html")
        );
        assert_eq!(route("/%252e%252e/etc/passwd"), file("%2e%2e/etc/passwd"));
    }

    #[test]
    fn traversal_and_odd_paths_go_nowhere() {
        for url in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/members/../../etc/passwd",
            "/members/%2e%2e/%2e%2e/etc/passwd",
            "/./index.html",
            "//etc/passwd",
            "/%2Fetc/passwd",
            "/..%5c..%5cetc/passwd",
            "/members\\..\\x",
            "/index.html%00.css",
            "/a//b",
            "/%ff",
            "etc/passwd",
            "*",
            "",
        ] {
            assert_eq!(route(url), Route::NotFound, "{url}");
        }
    }

    #[test]
    fn the_servers_own_files() {
        assert_eq!(route("/__alumni/events"), Route::Events);
        assert_eq!(route("/__alumni/live.js?v=2"), Route::Script);
        assert_eq!(route("/__alumni/x"), file("__alumni/x"));
    }

    #[test]
    fn redirects_keep_the_query() {
        assert_eq!(with_slash("/members/a"), "/members/a/");
        assert_eq!(with_slash("/members/a?x=1"), "/members/a/?x=1");
    }

    #[test]
    fn content_types() {
        for (path, ty) in [
            ("index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("directory.js", "text/javascript; charset=utf-8"),
            ("logo.SVG", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.jpeg", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("sitemap.xml", "application/xml"),
            ("search.json", "application/json"),
            ("events.ics", "text/calendar; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("LICENSE", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), ty, "{path}");
        }
    }

    #[test]
    fn local_hosts() {
        for host in [
            "localhost:1111",
            "127.0.0.1:8080",
            "127.0.0.1",
            "[::1]:1111",
            "LOCALHOST",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "evil.example:1111",
            "10.0.0.1:1111",
            "[::2]:1",
            "localhost.evil.example",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }
}

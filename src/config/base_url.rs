//! `base_url`: the site's address and the path it is served under, and
//! how errors show it (never with a password).

/// `base_url` without its trailing slash, and its path (`/alumni`, or `""`
/// at the root of the host). The path is what every link of the site starts
/// with, so it must be a plain URL path: no query, fragment, empty or dot
/// segment, and only URL-safe characters (percent-encode others).
pub fn split_base_url(url: &str) -> Result<(String, String), (String, &'static str)> {
    let url = url.trim().trim_end_matches('/');
    let shown = without_user_info(url);
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Err((
            format!("`{shown}` is not an http(s) URL"),
            "write the site's address, e.g. https://alumni.example.com",
        ));
    };
    let (host, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    // `https://user:secret@host/`: the name and password would be in every
    // canonical URL, feed and JSON-LD block of the site.
    if host.contains('@') {
        return Err((
            format!("`{shown}` has a user name or password in it"),
            "write the site's address alone, e.g. https://alumni.example.com: \
             a password in base_url would be published in every page",
        ));
    }
    let plain = |c: char| c.is_ascii_alphanumeric() || "-._~%!$&'()*+,;=:@".contains(c);
    if host.is_empty() || !host.chars().all(|c| plain(c) && c != '%') {
        return Err((
            format!("`{shown}` has no host name"),
            "write the site's address, e.g. https://alumni.example.com",
        ));
    }
    let bad_segment = path
        .split('/')
        .skip(1)
        .any(|s| s.is_empty() || s == "." || s == ".." || !s.chars().all(plain));
    if bad_segment {
        return Err((
            format!("`{shown}` has a path that is not a plain URL path"),
            "write the folder the site is served from, e.g. https://org.github.io/alumni/ \
             (no `?`, `#`, `//` or `..`; percent-encode other characters than letters, digits and -._~)",
        ));
    }
    Ok((url.to_string(), path.to_string()))
}

/// `url` with everything before its last `@` replaced by `…`, so that an
/// error prints no password, however the URL is written
/// (`HTTPS://user:pw@host`, `https:user:pw@host`).
pub(super) fn without_user_info(url: &str) -> String {
    match url.rfind('@') {
        Some(at) => format!("…{}", &url[at..]),
        None => url.to_string(),
    }
}

/// `site.yaml` as its error messages quote it: the value of `base_url`
/// without a user name or password.
pub(super) fn without_passwords(source: &str) -> String {
    let mut shown = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        match line.split_once(':') {
            Some((key, value)) if key.trim() == "base_url" && value.contains('@') => {
                shown.push_str(key);
                shown.push_str(": ");
                shown.push_str(&without_user_info(value.trim_end()));
                shown.push('\n');
            }
            _ => shown.push_str(line),
        }
    }
    shown
}

//! The manifest of a build, and what changed since an earlier one.
//!
//! Every build writes [`FILE`] at the top of its folder, deployed with the
//! site: the path and BLAKE3 hash of each file it published (its own marker
//! and the manifest itself aside). A build made only of what its audience
//! may see lists only that. Comparing the manifest of what is live with
//! the new one gives the URLs to purge from caches after a deploy: those
//! removed (a withdrawn member's profile and photos first) and those
//! changed (docs/deploy.md).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::Audience;
use crate::diagnostics::{Diagnostic, Location};

/// The manifest's file name, at the top of the output folder.
pub const FILE: &str = "alumni-manifest.json";

/// What a build published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// `1`: the format of this file.
    pub manifest: u32,
    /// The build's `base_url` (without a trailing slash): its files' URLs
    /// are this and their path.
    pub base_url: String,
    /// `public` or `members`.
    pub audience: String,
    /// Output path (`members/sato/index.html`, UTF-8, `/`-separated) →
    /// BLAKE3 hash of its bytes, in hex.
    pub files: BTreeMap<String, String>,
}

impl Manifest {
    /// An empty manifest of a build of `audience` on `base_url`.
    pub fn new(base_url: &str, audience: Audience) -> Manifest {
        Manifest {
            manifest: 1,
            base_url: base_url.trim_end_matches('/').to_string(),
            audience: audience.as_str().to_string(),
            files: BTreeMap::new(),
        }
    }

    /// The manifest of the files `files` (path, bytes) of a build.
    pub fn of<'a>(
        base_url: &str,
        audience: Audience,
        files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    ) -> Manifest {
        let mut m = Manifest::new(base_url, audience);
        for (path, bytes) in files {
            if listed(path) {
                m.files.insert(path.to_string(), hash(bytes));
            }
        }
        m
    }

    /// The text of [`FILE`]: JSON, one file a line, in path order.
    pub fn to_json(&self) -> String {
        // Each string quoted straight into the text (one file a line: the
        // build writes this on one thread, after every page).
        let mut out: Vec<u8> = Vec::with_capacity(64 + self.files.len() * 112);
        let quote = |out: &mut Vec<u8>, s: &str| {
            // Writing to a `Vec` cannot fail.
            let _ = serde_json::to_writer(&mut *out, s);
        };
        out.extend_from_slice(
            format!("{{\"manifest\": {}, \"base_url\": ", self.manifest).as_bytes(),
        );
        quote(&mut out, &self.base_url);
        out.extend_from_slice(b", \"audience\": ");
        quote(&mut out, &self.audience);
        out.extend_from_slice(b", \"files\": {");
        for (i, (path, sum)) in self.files.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n  " } else { b",\n  " });
            quote(&mut out, path);
            out.extend_from_slice(b": ");
            quote(&mut out, sum);
        }
        out.extend_from_slice(b"\n}}\n");
        // serde_json writes UTF-8.
        String::from_utf8(out).unwrap_or_default()
    }

    /// Reads a manifest written by [`Manifest::to_json`]; `source` names
    /// where it came from in an error.
    pub fn parse(text: &str, source: &Path) -> Result<Manifest, Diagnostic> {
        // A manifest fetched from the live site is only as trustworthy as
        // the site: nothing of it is printed, not even in serde's errors.
        let m: Manifest = serde_json::from_str(text).map_err(|e| {
            let what = match e.classify() {
                serde_json::error::Category::Data => "a field is missing or of the wrong kind",
                _ => "not JSON",
            };
            Diagnostic::new(
                Location::file(source),
                format!(
                    "not a manifest of an alumni build: {what} at line {} column {}",
                    e.line(),
                    e.column()
                ),
            )
            .with_hint(format!(
                "give the {FILE} of the deployed site, e.g. `curl -fsSL https://alumni.example.com/{FILE} -o live.json`"
            ))
        })?;
        if m.manifest != 1 {
            return Err(Diagnostic::new(
                Location::file(source),
                format!(
                    "manifest version {} is not one this alumni reads",
                    m.manifest
                ),
            )
            .with_hint("build with the alumni that made it, or without --previous"));
        }
        let refuse = |message: &str| {
            Err(Diagnostic::new(
                Location::file(source),
                format!("not a manifest of an alumni build: {message}"),
            )
            .with_hint(format!(
                "give the {FILE} of the deployed site, as a build wrote it"
            )))
        };
        if crate::config::split_base_url(&m.base_url).is_err() {
            return refuse("its base_url is not the http(s) address of a site");
        }
        if m.audience != "public" && m.audience != "members" {
            return refuse("its audience is neither public nor members");
        }
        if !m.files.keys().all(|p| is_output_path(p)) {
            return refuse(
                "it lists a path that no build writes (absolute, with `.` or `..`, \
                 a backslash or a control character)",
            );
        }
        if !m.files.values().all(|sum| is_hash(sum)) {
            return refuse("it lists a hash that is not a BLAKE3 hash in hex");
        }
        Ok(m)
    }

    /// The manifest of an earlier build in `dir`: its [`FILE`], else (a
    /// build made before manifests) its files hashed. `None` when `dir` is
    /// not a build.
    pub fn of_folder(dir: &Path) -> Option<Manifest> {
        let marker = std::fs::read_to_string(dir.join(crate::output::MARKER)).ok()?;
        let audience = if marker.lines().any(|l| l.trim() == "audience: members") {
            Audience::Members
        } else {
            Audience::Public
        };
        if let Ok(text) = std::fs::read_to_string(dir.join(FILE))
            && let Ok(m) = Manifest::parse(&text, Path::new(FILE))
        {
            return Some(m);
        }
        let mut m = Manifest::new("", audience);
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.ok()?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).ok()?;
            let rel = rel.to_string_lossy().replace('\\', "/");
            if listed(&rel) {
                m.files
                    .insert(rel, hash(&std::fs::read(entry.path()).ok()?));
            }
        }
        Some(m)
    }
}

/// Whether a file of the output folder is listed: all but the marker and
/// the manifest.
fn listed(path: &str) -> bool {
    path != FILE && path != crate::output::MARKER
}

/// Whether `path` is the kind of path a build writes: relative, `/`-separated,
/// no empty, `.` or `..` segment, no backslash, no control character.
fn is_output_path(path: &str) -> bool {
    crate::output::confined(path) && !path.chars().any(char::is_control) && listed(path)
}

/// Whether `sum` is a BLAKE3 hash in lower-case hex.
fn is_hash(sum: &str) -> bool {
    sum.len() == 64 && sum.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The BLAKE3 hash of `bytes`, in hex: a cryptographic hash, several
/// times faster than SHA-256 (a 10k-member site publishes 150 MB).
pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// A BLAKE3 hash fed as a file is written.
#[derive(Default)]
pub struct Hasher(blake3::Hasher);

impl Hasher {
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub fn finish(self) -> String {
        self.0.finalize().to_hex().to_string()
    }
}

/// The URL of output path `path` on `base_url`: a folder's `index.html` by
/// the folder (`/members/sato/`), each segment percent-encoded as the
/// site's links are.
pub fn url_of(base_url: &str, path: &str) -> String {
    let path = match path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
        _ => path,
    };
    let encoded: Vec<String> = path.split('/').map(crate::content::slug::encode).collect();
    format!("{}/{}", base_url.trim_end_matches('/'), encoded.join("/"))
}

/// The URLs to purge after deploying `current` where `previous` was live.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    /// Published before, gone now (on the previous build's `base_url`):
    /// member profiles and their photos first, then the rest, each by path.
    pub removed: Vec<String>,
    /// Published in both, with other bytes now.
    pub changed: Vec<String>,
}

impl Changes {
    /// What changed from `previous` to `current`.
    pub fn between(previous: &Manifest, current: &Manifest) -> Changes {
        let old_base = if previous.base_url.is_empty() {
            &current.base_url
        } else {
            &previous.base_url
        };
        let mut removed: Vec<&String> = previous
            .files
            .keys()
            .filter(|p| !current.files.contains_key(*p))
            .collect();
        removed.sort_by_key(|p| (!is_member_file(p), p.as_str()));
        let changed = current
            .files
            .iter()
            .filter(|(p, sum)| previous.files.get(*p).is_some_and(|old| old != *sum))
            .map(|(p, _)| url_of(&current.base_url, p))
            .collect();
        Changes {
            removed: removed.into_iter().map(|p| url_of(old_base, p)).collect(),
            changed,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.changed.is_empty()
    }

    /// Whether `text` is a list of changes as [`Changes::to_json`] writes
    /// it (a build replaces no other file with one).
    pub fn is_written(text: &str) -> bool {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Written {
            removed: Vec<String>,
            changed: Vec<String>,
        }
        serde_json::from_str::<Written>(text).is_ok()
    }

    /// The file written beside the output (`--changes`): JSON with
    /// `removed` and `changed`, URLs one a line.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }
}

/// Whether `path` is a member's page or photo (`members/<slug>/…`, or
/// under a language's folder, `en/members/<slug>/…`).
fn is_member_file(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.iter().position(|p| *p == "members") {
        Some(i) if i <= 1 => parts.len() > i + 2,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(files: &[(&str, &str)]) -> Manifest {
        Manifest::of(
            "https://org.example/alumni",
            Audience::Public,
            files.iter().map(|(p, b)| (*p, b.as_bytes())),
        )
    }

    #[test]
    fn round_trips_and_hashes_with_blake3() {
        let m = manifest(&[("index.html", "a"), ("members/山田/index.html", "b")]);
        assert_eq!(
            m.files["index.html"],
            "17762fddd969a453925d65717ac3eea21320b66b54342fde15128d6caf21215f"
        );
        let again = Manifest::parse(&m.to_json(), Path::new("x.json")).unwrap();
        assert_eq!(again, m);
        // The marker and the manifest itself are not listed.
        let m = manifest(&[(".alumni-build", "x"), (FILE, "{}"), ("a.css", "")]);
        assert_eq!(m.files.keys().collect::<Vec<_>>(), ["a.css"]);
        let err = Manifest::parse("<html>", Path::new("live.json")).unwrap_err();
        assert!(err.to_string().contains("live.json"), "{err}");
    }

    #[test]
    fn a_crafted_manifest_is_refused_without_printing_it() {
        let good = manifest(&[("index.html", "a"), ("members/山田/index.html", "b")]);
        assert!(Manifest::parse(&good.to_json(), Path::new("live.json")).is_ok());
        let sum = hash(b"a");
        let with = |base_url: &str, audience: &str, path: &str, sum: &str| {
            serde_json::json!({
                "manifest": 1, "base_url": base_url, "audience": audience,
                "files": {path: sum}
            })
            .to_string()
        };
        let base = "https://org.example/alumni";
        let bad = [
            with("javascript:alert(1)", "public", "index.html", &sum),
            with("", "public", "index.html", &sum),
            with(
                "https://user:secret@org.example",
                "public",
                "index.html",
                &sum,
            ),
            with(base, "public\u{1b}[2J", "index.html", &sum),
            with(base, "public", "/etc/passwd", &sum),
            with(base, "public", "../../etc/passwd", &sum),
            with(base, "public", "members/../x", &sum),
            with(base, "public", "members\\x", &sum),
            with(base, "public", "members//x", &sum),
            with(base, "public", "./x", &sum),
            with(base, "public", "x\u{1b}[31m", &sum),
            with(base, "public", "x\ny", &sum),
            with(base, "public", "x\ty", &sum),
            with(base, "public", "", &sum),
            with(base, "public", "index.html", "not a hash; rm -rf /"),
        ];
        for text in bad {
            let err = Manifest::parse(&text, Path::new("live.json")).unwrap_err();
            let shown = err.to_string();
            assert!(shown.contains("live.json"), "{shown}");
            for raw in ["secret", "passwd", "\u{1b}", "rm -rf", "javascript"] {
                assert!(!shown.contains(raw), "{text}: {shown}");
            }
        }
        // serde's own errors would quote the file.
        let err = Manifest::parse(r#"{"manifest": "\u001b[2Jsecret"}"#, Path::new("live.json"))
            .unwrap_err()
            .to_string();
        assert!(!err.contains("secret") && !err.contains('\u{1b}'), "{err}");
    }

    #[test]
    fn urls_of_output_paths() {
        let base = "https://org.example/alumni";
        assert_eq!(url_of(base, "index.html"), "https://org.example/alumni/");
        assert_eq!(
            url_of(base, "members/山田/index.html"),
            "https://org.example/alumni/members/%E5%B1%B1%E7%94%B0/"
        );
        assert_eq!(
            url_of(base, "en/events/meetup.ics"),
            "https://org.example/alumni/en/events/meetup.ics"
        );
        assert_eq!(
            url_of(base, "404.html"),
            "https://org.example/alumni/404.html"
        );
    }

    #[test]
    fn removed_member_files_come_first() {
        let before = manifest(&[
            ("index.html", "1"),
            ("faq/index.html", "1"),
            ("members/index.html", "1"),
            ("members/sato/index.html", "1"),
            ("members/sato/photo-96.jpg", "1"),
            ("en/members/sato/index.html", "1"),
            ("stories/a/index.html", "1"),
        ]);
        let after = manifest(&[
            ("index.html", "1"),
            ("members/index.html", "2"),
            ("stories/a/index.html", "2"),
            ("news/new/index.html", "1"),
        ]);
        let c = Changes::between(&before, &after);
        let base = "https://org.example/alumni";
        assert_eq!(
            c.removed,
            [
                format!("{base}/en/members/sato/"),
                format!("{base}/members/sato/"),
                format!("{base}/members/sato/photo-96.jpg"),
                format!("{base}/faq/"),
            ]
        );
        assert_eq!(
            c.changed,
            [format!("{base}/members/"), format!("{base}/stories/a/")]
        );
        assert!(Changes::between(&after, &after).is_empty());
    }
}

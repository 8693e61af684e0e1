//! Building a site in-process: a site folder in a temporary directory, the
//! real pipeline (`pipeline::load`, `content::load`, `render_loaded`), and
//! every output file's bytes, without writing the build anywhere.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use alumni::content::Audience;
use alumni::diagnostics::Diagnostics;
use alumni::manifest::{self, Manifest};
use alumni::pipeline::{self, BuildOptions, Setup, Timings};
use alumni::render::{Contents, OutputFile};
use chrono::{DateTime, FixedOffset};

/// "Now" for every build: 2026-06-01T00:00:00Z.
pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-06-01T00:00:00+00:00").expect("a valid date")
}

/// A 2×2 PNG carrying `text` in a tEXt chunk (metadata a build drops).
pub fn png(text: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::new(2, 2))
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("encode a PNG");
    let data = [b"Comment\0".as_slice(), text.as_bytes()].concat();
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(b"tEXt");
    chunk.extend_from_slice(&data);
    let crc = crc32fast::hash(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    let ihdr_end = 8 + 25;
    [&bytes[..ihdr_end], &chunk, &bytes[ihdr_end..]].concat()
}

/// A site folder in its own temporary directory.
pub struct SiteDir {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl SiteDir {
    /// A site whose `site.yaml` is `config`.
    pub fn new(config: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("alumni-privacy-")
            .tempdir()
            .expect("a temporary folder");
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("content")).expect("content/");
        let site = SiteDir { _dir: dir, root };
        site.write("site.yaml", config);
        site
    }

    /// Writes `contents` to `rel` under the site root, making folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {rel}: {e}"));
    }

    /// Removes everything under `content/` and `static/`.
    pub fn clear_content(&self) {
        let content = self.root.join("content");
        fs::remove_dir_all(&content).expect("remove content/");
        fs::create_dir_all(&content).expect("content/");
        let _ = fs::remove_dir_all(self.root.join("static"));
    }

    pub fn options(&self, audience: Audience) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output: self.root.join(alumni::output::default_folder(audience)),
            base_url: None,
            audience,
            drafts: false,
            now: now(),
        }
    }

    /// Config, theme and data, loaded once (content is loaded by [`Self::render`]).
    pub fn setup(&self) -> Result<Setup, Diagnostics> {
        let options = self.options(Audience::Public);
        pipeline::load(&options, &mut Timings::default()).map(|(setup, _)| setup)
    }

    /// Loads `content/` and renders it for `audience` with `setup`.
    pub fn render(&self, setup: &Setup, audience: Audience) -> Result<Files, Diagnostics> {
        let site = alumni::content::load::load(&self.root, &setup.config.languages)?;
        let options = self.options(audience);
        let files = pipeline::render_loaded(&options, setup, site, &mut Timings::default())?;
        Ok(Files::of(files, &setup.config.base_url, audience))
    }

    /// Everything, from scratch (config, theme, symlink and output checks), for `audience`.
    pub fn build(&self, audience: Audience) -> Result<Files, Diagnostics> {
        let options = self.options(audience);
        let files = pipeline::render_site(&options, &mut Timings::default())?;
        let base_url = alumni::config::load(&self.root)?.base_url;
        Ok(Files::of(files, &base_url, audience))
    }

    /// Builds for `audience` into `output` (under the site root) as
    /// `alumni build` does, and reads back every file of that folder.
    pub fn build_into(&self, audience: Audience, output: &str) -> Result<Files, Diagnostics> {
        let mut options = self.options(audience);
        options.output = self.root.join(output);
        pipeline::build(&options)?;
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(&options.output) {
            let entry = entry.expect("walk the output");
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&options.output).expect("inside");
                let rel = rel.to_string_lossy().replace('\\', "/");
                files.insert(rel, fs::read(entry.path()).expect("read an output file"));
            }
        }
        Ok(Files(files))
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// The newsletter for `audience` from 2018-01-01 to the day before
    /// [`now`] (so events after it are upcoming), as `alumni newsletter`
    /// makes it: its three files, and the `.eml`'s two parts decoded
    /// (`newsletter.eml.txt`, `newsletter.eml.html`), which must be the
    /// other two files.
    pub fn newsletter(&self, audience: Audience) -> Result<Files, Diagnostics> {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let issue = alumni::newsletter::make(&alumni::newsletter::Options {
            build: self.options(audience),
            since: day("2018-01-01"),
            until: day("2026-05-31"),
            lang: None,
        })?;
        let (text, html) = mime_parts(&issue.eml);
        assert_eq!(text, issue.text, "the .eml's text part is newsletter.txt");
        assert_eq!(html, issue.html, "the .eml's HTML part is newsletter.html");
        let files = [
            ("newsletter.html", issue.html.into_bytes()),
            ("newsletter.txt", issue.text.into_bytes()),
            ("newsletter.eml", issue.eml),
            ("newsletter.eml.txt", text.into_bytes()),
            ("newsletter.eml.html", html.into_bytes()),
        ];
        Ok(Files(
            files.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        ))
    }
}

/// The text and HTML parts of a `multipart/alternative` message, each
/// decoded from its transfer encoding (base64, quoted-printable or 7bit),
/// line ends as `\n`.
fn mime_parts(eml: &[u8]) -> (String, String) {
    let eml = String::from_utf8(eml.to_vec()).expect("a message is ASCII");
    let boundary = eml
        .split("boundary=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a multipart message");
    let (mut text, mut html) = (None, None);
    for part in eml.split(&format!("--{boundary}")).skip(1) {
        let Some((headers, body)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let decoded = if headers.contains("Content-Transfer-Encoding: base64") {
            let clean: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            data_encoding::BASE64
                .decode(clean.as_bytes())
                .expect("base64")
        } else if headers.contains("Content-Transfer-Encoding: quoted-printable") {
            quoted_printable(body)
        } else {
            body.as_bytes().to_vec()
        };
        let mut decoded = String::from_utf8(decoded)
            .expect("UTF-8")
            .replace("\r\n", "\n");
        // The line end before the next boundary belongs to it (RFC 2046).
        if !headers.contains("Content-Transfer-Encoding: base64") {
            decoded.pop();
        }
        if headers.contains("text/plain") {
            text = Some(decoded);
        } else if headers.contains("text/html") {
            html = Some(decoded);
        }
    }
    (text.expect("a text part"), html.expect("an HTML part"))
}

/// RFC 2045 quoted-printable: `=XX` bytes and `=` soft line breaks.
fn quoted_printable(body: &str) -> Vec<u8> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes[i + 1..].starts_with(b"\r\n") => i += 3,
            b'=' => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("a byte"));
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The files of one build: output path → bytes.
#[derive(Debug)]
pub struct Files(pub BTreeMap<String, Vec<u8>>);

impl Files {
    /// The bytes of every file the renderer listed, copies read from disk,
    /// and the manifest a build writes of them (`alumni-manifest.json`).
    fn of(files: Vec<OutputFile>, base_url: &str, audience: Audience) -> Self {
        let mut files: BTreeMap<String, Vec<u8>> = files
            .into_iter()
            .map(|f| {
                let bytes = match f.contents {
                    Contents::Bytes(b) => b,
                    Contents::Embedded(b) => b.to_vec(),
                    Contents::Copy(source) => {
                        fs::read(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()))
                    }
                };
                (f.path, bytes)
            })
            .collect();
        let listed = Manifest::of(
            base_url,
            audience,
            files.iter().map(|(p, b)| (p.as_str(), b.as_slice())),
        );
        files.insert(manifest::FILE.to_string(), listed.to_json().into_bytes());
        Files(files)
    }

    /// The text of `path`; panics when the build has no such file.
    pub fn text(&self, path: &str) -> String {
        let bytes = self
            .0
            .get(path)
            .unwrap_or_else(|| panic!("no {path} in {:?}", self.0.keys().collect::<Vec<_>>()));
        String::from_utf8_lossy(bytes).into_owned()
    }

    /// Every HTML page, as (path, text).
    pub fn pages(&self) -> impl Iterator<Item = (&str, String)> {
        self.0
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p.as_str(), String::from_utf8_lossy(b).into_owned()))
    }

    /// Output paths matching `prefix*suffix`.
    pub fn paths(&self, prefix: &str, suffix: &str) -> Vec<&str> {
        self.0
            .keys()
            .filter(|p| p.starts_with(prefix) && p.ends_with(suffix))
            .map(String::as_str)
            .collect()
    }
}

/// A YAML double-quoted scalar holding `s` exactly (JSON strings are YAML).
pub fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// `site.yaml` of a test site, with `privacy` lines appended under `privacy:`.
pub fn config(privacy: &str) -> String {
    format!(
        "title: Privacy test\nbase_url: https://alumni.test.example\nlanguage: en\n\
         company: {{name: Test Corp, url: https://corp.test.example}}\n\
         programme: {{name: Test Alumni, return_window_years: 6}}\n\
         newsletter: {{from: \"Test Alumni <alumni@test.example>\", unsubscribe: https://alumni.test.example/unsubscribe/}}\n\
         privacy:\n{privacy}"
    )
}

//! The harness of the `cli` test binary: copy a fixture site into a fresh
//! temporary folder, run the real `alumni` binary on it, and look at what
//! it printed and wrote.
//!
//! ```ignore
//! let site = SiteTest::fixture("errors/bad_yaml");
//! let out = site.build(&[]);
//! out.assert_exit(1);
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

use tempfile::TempDir;

pub mod search_data;

/// 2026-06-01T00:00:00Z: "now" for every build, so that past events and
/// closed jobs do not depend on the day the tests run.
pub const NOW: &str = "1780272000";

/// The `alumni` binary cargo built for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_alumni");

/// The repository root (itself the demo site).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site copied into its own temporary folder:
/// `<tmp>/site` is the site root; outputs may go anywhere under `<tmp>`.
pub struct SiteTest {
    /// Shared with every [`Outcome`], so that a build's files outlive a
    /// `SiteTest::fixture(..).build(..)` temporary.
    dir: Rc<TempDir>,
    root: PathBuf,
}

impl SiteTest {
    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn fixture(name: &str) -> Self {
        let source = repo_root().join("tests/fixtures").join(name);
        assert!(
            source.join("site.yaml").is_file(),
            "fixture {name} has no site.yaml ({})",
            source.display()
        );
        let dir = tempfile::Builder::new()
            .prefix("alumni-test-")
            .tempdir()
            .expect("create a temporary folder");
        let root = dir.path().join("site");
        copy_dir(&source, &root);
        SiteTest {
            dir: Rc::new(dir),
            root,
        }
    }

    /// The site root (the temporary copy of the fixture).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A path inside the temporary folder, next to the site (not inside it).
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `contents` to `rel` under the site root (the copy, never the fixture).
    pub fn write(&self, rel: &str, contents: &str) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    /// Removes `rel` (a file or a folder) from the site root.
    pub fn remove(&self, rel: &str) {
        let path = self.root.join(rel);
        if path.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
    }

    /// Runs `alumni build --root <root> <args>`. The output folder is the
    /// `--output`/`-o` argument when given (relative to the site root, which
    /// is also the working directory), otherwise `<root>/public`, or
    /// `<root>/members-only` for `--audience members`.
    pub fn build(&self, args: &[&str]) -> Outcome {
        let mut full: Vec<String> = vec!["build".into(), "--root".into()];
        full.push(self.root.to_str().expect("UTF-8 temp path").into());
        full.extend(args.iter().map(|a| a.to_string()));
        let members = args.windows(2).any(|w| w == ["--audience", "members"])
            || args.contains(&"--audience=members");
        let output = output_arg(args)
            .map(|o| self.root.join(o))
            .unwrap_or_else(|| {
                self.root
                    .join(if members { "members-only" } else { "public" })
            });
        self.run_in(&full, output)
    }

    /// Runs `alumni <args>` in the site root, exactly as given.
    pub fn run(&self, args: &[&str]) -> Outcome {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        self.run_in(&args, self.root.join("public"))
    }

    fn run_in(&self, args: &[String], output: PathBuf) -> Outcome {
        let out = Command::new(BIN)
            .args(args)
            .current_dir(&self.root)
            .env("SOURCE_DATE_EPOCH", NOW)
            .env_remove("RUST_LOG")
            .output()
            .expect("run the alumni binary");
        let replace = [
            (self.root.display().to_string(), "[ROOT]"),
            (self.dir.path().display().to_string(), "[TMP]"),
        ];
        let clean = |bytes: &[u8]| {
            let mut s = String::from_utf8_lossy(bytes).into_owned();
            for (from, to) in &replace {
                s = s.replace(from.as_str(), to);
            }
            s
        };
        Outcome {
            _dir: Rc::clone(&self.dir),
            args: args.join(" "),
            code: out.status.code(),
            stdout: clean(&out.stdout),
            stderr: clean(&out.stderr),
            output,
        }
    }
}

/// The value of `--output`/`-o` in `args`, if any.
fn output_arg<'a>(args: &[&'a str]) -> Option<&'a str> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if *a == "--output" || *a == "-o" {
            return it.next().copied();
        }
        if let Some(v) = a.strip_prefix("--output=") {
            return Some(v);
        }
    }
    None
}

/// What one run of the binary did.
pub struct Outcome {
    _dir: Rc<TempDir>,
    args: String,
    /// Exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    /// Standard output, with the temporary paths replaced by `[ROOT]`/`[TMP]`.
    pub stdout: String,
    /// Standard error, with the temporary paths replaced by `[ROOT]`/`[TMP]`.
    pub stderr: String,
    /// The output folder of a build.
    pub output: PathBuf,
}

impl Outcome {
    /// Panics, showing what the binary printed, unless it exited with `code`.
    #[track_caller]
    pub fn assert_exit(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "`alumni {}` exited with {:?}, expected {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Exit 0, and nothing on stderr but a build's one-line summary
    /// ("Built 16 pages for audience public in 0.05 s (…)").
    #[track_caller]
    pub fn assert_success(&self) -> &Self {
        self.assert_exit(0);
        let errors: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| !(l.starts_with("Built ") && l.contains(" pages for audience ")))
            .collect();
        assert!(
            errors.is_empty(),
            "a good build prints no errors:\n{}",
            self.stderr
        );
        assert!(
            self.stderr.lines().count() <= 1,
            "one summary line:\n{}",
            self.stderr
        );
        self
    }

    /// Panics unless stderr contains every one of `needles`.
    #[track_caller]
    pub fn assert_stderr_has(&self, needles: &[&str]) -> &Self {
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr of `alumni {}` lacks {n:?}:\n{}",
                self.args,
                self.stderr
            );
        }
        self
    }

    /// Panics unless stdout and stderr together contain every one of
    /// `needles` (`check` prints its findings on stdout, a build on stderr).
    #[track_caller]
    pub fn assert_output_has(&self, needles: &[&str]) -> &Self {
        let text = format!("{}{}", self.stdout, self.stderr);
        for n in needles {
            assert!(
                text.contains(n),
                "the output of `alumni {}` lacks {n:?}:\n{text}",
                self.args
            );
        }
        self
    }

    /// The text of an output file (relative to the output folder).
    #[track_caller]
    pub fn file(&self, rel: &str) -> String {
        let path = self.output.join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {rel} of the build: {e}\nfiles: {:#?}",
                self.files()
            )
        })
    }

    /// The search data of the build's language under `dir` (`""`, `en/`), read back whole.
    #[track_caller]
    pub fn search(&self, dir: &str) -> search_data::SearchData {
        search_data::read(dir, |p| self.file(p))
    }

    /// The bytes of an output file.
    #[track_caller]
    pub fn bytes(&self, rel: &str) -> Vec<u8> {
        fs::read(self.output.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// Whether the build wrote `rel` (a file or a folder).
    pub fn exists(&self, rel: &str) -> bool {
        self.output.join(rel).exists()
    }

    /// Panics unless every one of `rels` is a file of the build.
    #[track_caller]
    pub fn assert_files(&self, rels: &[&str]) -> &Self {
        let missing: Vec<&&str> = rels
            .iter()
            .filter(|r| !self.output.join(r).is_file())
            .collect();
        assert!(
            missing.is_empty(),
            "missing output files {missing:?}\nfiles: {:#?}",
            self.files()
        );
        self
    }

    /// Every file of the output folder, relative and `/`-separated, sorted.
    pub fn files(&self) -> Vec<String> {
        self.tree().into_keys().collect()
    }

    /// Every file of the output folder with its bytes.
    pub fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.output)
    }
}

/// The file every build writes to mark its folder (`audience: ...`).
pub const MARKER: &str = ".alumni-build";

/// The list of the files a build published, beside them.
pub const MANIFEST: &str = "alumni-manifest.json";

/// Every file under `dir` (relative, `/`-separated) with its bytes; empty
/// when `dir` does not exist. The build's [`MARKER`] and [`MANIFEST`] are
/// left out (they are not files of the site, and `serve` has neither);
/// tests of them read them directly.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if dir.exists() {
        collect(dir, dir, &mut out);
    }
    out.remove(MARKER);
    out.remove(MANIFEST);
    out
}

fn collect(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(base, &path, out);
        } else {
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(rel, fs::read(&path).unwrap());
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The text of an HTML page without its tags, whitespace collapsed, e.g.
/// `<dt>Members</dt><dd>2</dd>` reads `Members 2`.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `href` of `<link rel="…">` in a page's head, if any.
pub fn head_link(html: &str, rel: &str) -> Option<String> {
    let head = &html[..html.find("</head>").unwrap()];
    let tag = format!(r#"<link rel="{rel}" href=""#);
    let rest = &head[head.find(&tag)? + tag.len()..];
    Some(rest[..rest.find('"').unwrap()].to_string())
}

/// The `<main>` element of a page (what the page is about, without the
/// site's header, footer and `<head>` metadata).
#[track_caller]
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has a <main>");
    let end = html[start..]
        .find("</main>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// Byte position of `needle` in `haystack`, panicking with context if absent.
#[track_caller]
pub fn pos(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found in:\n{haystack}"))
}

/// `insta::assert_snapshot!` into `tests/snapshots/`, whichever module calls it.
#[macro_export]
macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({
            snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

//! The authoring commands end to end: `init`, `new`, `check`, `import` and
//! `completions`, through the real binary. Each test copies a fixture from
//! `tests/fixtures/authoring/` into a temporary folder (or starts from an
//! empty one), runs `alumni` with SOURCE_DATE_EPOCH fixed at
//! 2026-06-01T00:00:00Z, and checks the exit code, the output and the files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

/// 2026-06-01T00:00:00Z.
const NOW: &str = "1780272000";
const TODAY: &str = "2026-06-01";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/authoring")
}

/// A temporary folder; `site/` in it is the site under test.
struct Workspace {
    dir: TempDir,
}

impl Workspace {
    fn empty() -> Self {
        Workspace {
            dir: tempfile::Builder::new()
                .prefix("alumni-authoring-")
                .tempdir()
                .unwrap(),
        }
    }

    /// `tests/fixtures/authoring/<name>` copied to `site/`.
    fn fixture(name: &str) -> Self {
        let w = Workspace::empty();
        copy_dir(&fixtures().join(name), &w.site());
        w
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.site().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.file(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `alumni args…` in the workspace's `site/` folder (created if missing).
    fn run(&self, args: &[&str]) -> Run {
        fs::create_dir_all(self.site()).unwrap();
        self.run_in(&self.site(), args)
    }

    fn run_in(&self, cwd: &Path, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_alumni"))
            .args(args)
            .current_dir(cwd)
            .env("SOURCE_DATE_EPOCH", NOW)
            .output()
            .expect("run alumni");
        Run(output)
    }

    /// `content/members/*.md` file names, sorted.
    fn members(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.file("content/members"))
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().map(Result::unwrap) {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

struct Run(Output);

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    #[track_caller]
    fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.0.status.code(),
            Some(expected),
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

/// Copies `tests/fixtures/authoring/csv/<name>` next to the site and returns its path.
fn csv(w: &Workspace, name: &str) -> String {
    let to = w.dir.path().join(name);
    fs::copy(fixtures().join("csv").join(name), &to).unwrap();
    to.to_string_lossy().into_owned()
}

/// The members of a build's directory: the folders under `<out>/members/`.
fn built_members(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(out.join("members"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------- init

#[test]
fn init_makes_a_japanese_site_that_checks_clean_and_builds() {
    let w = Workspace::empty();
    let run = w.run_in(w.dir.path(), &["init", "site"]);
    run.code(0);
    assert!(run.stdout().contains("alumni build"), "{}", run.stdout());
    let config = w.read("site.yaml");
    assert!(config.contains("language: ja"), "{config}");
    assert!(config.contains("consent_max_age_years: 3"), "{config}");
    for rel in [
        "content/_index.md",
        "content/pages/faq.md",
        "content/pages/privacy.md",
        "content/pages/join.md",
        ".gitignore",
    ] {
        assert!(w.file(rel).is_file(), "{rel}");
    }
    assert_eq!(w.members().len(), 2);
    assert!(
        w.read("content/members/yamada-taro.md")
            .contains(&format!("consent: {TODAY}"))
    );
    let check = w.run(&["check"]);
    check.code(0);
    assert!(
        check.stdout().starts_with("0 errors, 0 warnings"),
        "{}",
        check.stdout()
    );
    w.run(&["build"]).code(0);
    for page in [
        "index.html",
        "stories/welcome-back/index.html",
        "events/alumni-meetup/index.html",
        "jobs/product-manager/index.html",
        "news/network-launch/index.html",
        "faq/index.html",
    ] {
        assert!(w.file("public").join(page).is_file(), "{page}");
    }
    assert_eq!(
        built_members(&w.file("public")),
        ["yamada-taro"],
        "the members-only sample stays out of the public build"
    );
    assert_named_nowhere(&w.file("public"), &["佐藤", "sato-hanako", "さとう"]);
}

/// Panics if any file (or file name) of the build in `dir` holds one of `names`.
#[track_caller]
fn assert_named_nowhere(dir: &Path, names: &[&str]) {
    for (path, bytes) in crate::support::tree(dir) {
        let text = String::from_utf8_lossy(&bytes);
        for name in names {
            assert!(
                !path.contains(name) && !text.contains(name),
                "{path} names {name}"
            );
        }
    }
}

#[test]
fn init_en_makes_an_english_site_that_builds() {
    let w = Workspace::empty();
    w.run_in(w.dir.path(), &["init", "site", "--lang", "en"])
        .code(0);
    assert!(w.read("site.yaml").contains("language: en"));
    assert!(w.read("content/pages/faq.md").contains("title: FAQ"));
    w.run(&["check"]).code(0);
    w.run(&["build", "--audience", "members"]).code(0);
    assert_eq!(
        built_members(&w.file("members-only")),
        ["hanako-sato", "taro-yamada"]
    );
    // Her story's link says "a member" in the public build, not her name.
    w.run(&["build"]).code(0);
    assert_named_nowhere(&w.file("public"), &["Hanako", "hanako-sato"]);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let w = Workspace::empty();
    fs::create_dir_all(w.site()).unwrap();
    fs::write(w.file("notes.txt"), "mine").unwrap();
    let run = w.run(&["init"]);
    run.code(1);
    assert!(run.stderr().contains("not empty"), "{}", run.stderr());
    assert!(!w.file("site.yaml").exists());
    assert_eq!(w.read("notes.txt"), "mine");
}

// ---------------------------------------------------------------- new

#[test]
fn new_member_has_a_readable_japanese_slug_today_and_members_visibility() {
    let w = Workspace::fixture("site");
    let run = w.run(&["new", "member", "佐藤 花子"]);
    run.code(0);
    assert_eq!(run.stdout().trim(), "content/members/佐藤-花子.md");
    let text = w.read("content/members/佐藤-花子.md");
    assert!(text.contains("name: \"佐藤 花子\""), "{text}");
    assert!(text.contains("\nvisibility: members"), "{text}");
    assert!(text.contains(&format!("# consent: {TODAY}")), "{text}");
    assert!(text.contains("left: 2026"), "{text}");
    for field in [
        "name_reading",
        "photo",
        "show_photo",
        "joined",
        "department",
        "role",
        "now",
        "location",
        "skills",
        "open_to",
        "returned",
        "links",
        "email",
        "show_email",
        "withdrawn",
        "draft",
        "extra",
    ] {
        assert!(
            text.contains(&format!("{field}:")),
            "{field} missing in\n{text}"
        );
    }
    assert!(text.contains("\ndraft: true "), "{text}");
    assert!(run.stderr().contains("It is a draft"), "{}", run.stderr());
    w.run(&["check"]).code(0);
    w.run(&["build", "--audience", "members"]).code(0);
    assert!(
        !built_members(&w.file("members-only")).contains(&"佐藤-花子".to_string()),
        "a new profile is a draft until it is edited"
    );
    w.run(&["build", "--audience", "members", "--drafts"])
        .code(0);
    assert!(built_members(&w.file("members-only")).contains(&"佐藤-花子".to_string()));
}

#[test]
fn new_makes_every_kind_with_todays_date_and_the_site_still_checks() {
    let w = Workspace::fixture("site");
    let cases = [
        (
            "story",
            "おかえり採用の話",
            "content/stories/おかえり採用の話.md",
            "date: 2026-06-01",
        ),
        (
            "event",
            "Summer meetup 2026",
            "content/events/summer-meetup-2026.md",
            "start: 2026-06-01",
        ),
        (
            "job",
            "Engineer: \"backend\"",
            "content/jobs/engineer-backend.md",
            "posted: 2026-06-01",
        ),
        (
            "news",
            "Site launched",
            "content/news/site-launched.md",
            "date: 2026-06-01",
        ),
        (
            "page",
            "Contact",
            "content/pages/contact.md",
            "title: \"Contact\"",
        ),
    ];
    for (kind, title, path, needle) in cases {
        let run = w.run(&["new", kind, title]);
        run.code(0);
        assert_eq!(run.stdout().trim(), path);
        assert!(run.stderr().contains("It is a draft"), "{}", run.stderr());
        let text = w.read(path);
        assert!(text.contains(needle), "{path}: {needle}");
        assert!(text.contains("\ndraft: true "), "{path}: {text}");
    }
    w.run(&["check"]).code(0);
    // An untouched new document publishes nothing.
    w.run(&["build", "--audience", "members"]).code(0);
    for page in [
        "contact/index.html",
        "news/site-launched/index.html",
        "events/summer-meetup-2026/index.html",
        "jobs/engineer-backend/index.html",
        "stories/おかえり採用の話/index.html",
    ] {
        assert!(!w.file("public").join(page).exists(), "{page} published");
    }
    w.run(&["build", "--drafts"]).code(0);
    assert!(w.file("public/contact/index.html").is_file());
}

/// The story template names no sample member: on a site without one (the
/// English `init` site has no `yamada-taro`), a new story checks and builds
/// clean, publishes nothing, and links to no member.
#[test]
fn new_story_links_no_sample_member_and_publishes_nothing() {
    for lang in ["en", "ja"] {
        let w = Workspace::empty();
        w.run_in(w.dir.path(), &["init", "site", "--lang", lang])
            .code(0);
        let run = w.run(&["new", "story", "Coming home"]);
        run.code(0);
        assert!(run.stderr().contains("It is a draft"), "{}", run.stderr());
        let text = w.read("content/stories/coming-home.md");
        assert!(!text.contains("yamada") && !text.contains("taro"), "{text}");
        let body = text.splitn(3, "---\n").nth(2).unwrap();
        assert!(
            body.trim_start()
                .split("<!--")
                .nth(1)
                .is_some_and(|c| c.contains("-->")),
            "the link syntax is only in a comment: {body}"
        );
        let check = w.run(&["check"]);
        check.code(0);
        assert!(
            check.stdout().starts_with("0 errors, 0 warnings"),
            "{}",
            check.stdout()
        );
        for audience in ["public", "members"] {
            w.run(&["build", "--audience", audience]).code(0);
            assert!(!w.file("public/stories/coming-home").exists(), "{lang}");
        }
        w.run(&["build", "--drafts"]).code(0);
        let page = fs::read_to_string(w.file("public/stories/coming-home/index.html")).unwrap();
        assert!(!page.contains("/members/FILE"), "{page}");
        assert!(!page.contains("This comment"), "{page}");
    }
}

#[test]
fn new_never_overwrites_a_file() {
    let w = Workspace::fixture("site");
    w.run(&["new", "news", "Hello"]).code(0);
    fs::write(w.file("content/news/hello.md"), "edited").unwrap();
    let run = w.run(&["new", "news", "Hello"]);
    run.code(1);
    assert!(
        run.stderr()
            .contains("content/news/hello.md: this file already exists"),
        "{}",
        run.stderr()
    );
    assert_eq!(w.read("content/news/hello.md"), "edited");
    w.run(&["new", "news", "Hello", "--slug", "hello-2"])
        .code(0);
    assert!(w.file("content/news/hello-2.md").is_file());
}

#[test]
fn new_needs_a_site_a_known_kind_and_a_usable_title() {
    let w = Workspace::empty();
    let run = w.run(&["new", "member", "山田 太郎"]);
    run.code(1);
    assert!(run.stderr().contains("alumni init"), "{}", run.stderr());
    let w = Workspace::fixture("site");
    w.run(&["new", "person", "山田 太郎"]).code(2);
    let run = w.run(&["new", "news", "★★★"]);
    run.code(1);
    assert!(run.stderr().contains("--slug"), "{}", run.stderr());
    // An empty name blames the name, not a --slug that was not given.
    let run = w.run(&["new", "member", "   "]);
    run.code(1);
    let err = run.stderr();
    assert!(
        err.starts_with("error: NAME: the name or title is empty"),
        "{err}"
    );
    assert!(!err.contains("--slug"), "{err}");
    let run = w.run(&["new", "page", "FAQ", "--slug", "a/b"]);
    run.code(1);
    assert!(
        run.stderr().starts_with("error: --slug: "),
        "{}",
        run.stderr()
    );
}

// ---------------------------------------------------------------- check

#[test]
fn check_reports_every_problem_at_its_line_with_a_hint() {
    let w = Workspace::fixture("check_problems");
    let run = w.run(&["check"]);
    run.code(1);
    let out = run.stdout();
    for expected in [
        "content/events/backwards.md:4:1: error: this event ends (2026-07-10T18:00:00+09:00) before it starts",
        "content/jobs/closed.md:4:1: warning: this job closed on 2026-03-31",
        "content/members/no-consent.md:4:1: error: file `no-consent.jpg` not found",
        "content/members/no-consent.md:5:1: warning: this profile is `visibility: public` but has no `consent:` date",
        "content/members/old-consent.md:5:1: warning: consent was given on 2020-05-01, more than 3 years ago",
        "content/stories/cast.md:4:24: error: this story names `old-consnt`, but no member has that file name or slug",
        "content/stories/cast.md:6:21: error: link to `/old-page/`, which is not a page or file of the site",
        "site.yaml:6:9: error: `/missing-logo.svg`, linked from",
        "5 errors, 3 warnings",
    ] {
        assert!(
            out.contains(expected),
            "missing: {expected}\n--- stdout\n{out}"
        );
    }
    assert!(out.contains("= help: did you mean `old-consent`?"), "{out}");
    assert!(
        !out.contains("/jobs/`"),
        "a link to an existing section is fine:\n{out}"
    );
    assert!(!w.file("public").exists(), "check writes nothing");
}

#[test]
fn check_json_is_one_object_per_finding() {
    let w = Workspace::fixture("check_problems");
    let run = w.run(&["check", "--format", "json"]);
    run.code(1);
    let findings: Vec<Value> = run
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let mut codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "broken-link",
            "broken-link",
            "consent-old",
            "event-ends-before-start",
            "job-closed",
            "missing-file",
            "public-without-consent",
            "unknown-member"
        ]
    );
    let closed = findings.iter().find(|f| f["code"] == "job-closed").unwrap();
    assert_eq!(closed["severity"], "warning");
    assert_eq!(closed["path"], "content/jobs/closed.md");
    assert_eq!(closed["line"], 4);
    assert_eq!(closed["col"], 1);
    assert!(closed["message"].as_str().unwrap().contains("2026-03-31"));
    assert!(closed["hint"].is_string());
    assert!(closed["audience"].is_null());
}

#[test]
fn check_reports_what_build_refuses_with_its_location() {
    let w = Workspace::fixture("site");
    fs::write(
        w.file("content/members/typo.md"),
        "---\nname: A\nleft: 2019\ndeparment: Sales\n---\n",
    )
    .unwrap();
    let run = w.run(&["check", "--format", "json"]);
    run.code(1);
    let f: Value = serde_json::from_str(run.stdout().lines().next().unwrap()).unwrap();
    assert_eq!(f["code"], "build");
    assert_eq!(f["path"], "content/members/typo.md");
    assert_eq!(f["line"], 4);
    assert_eq!(f["hint"], "did you mean `department`?");
}

#[test]
fn check_warnings_fail_only_with_strict() {
    let w = Workspace::fixture("check_warnings");
    let run = w.run(&["check"]);
    run.code(0);
    assert!(
        run.stdout().contains("0 errors, 1 warning"),
        "{}",
        run.stdout()
    );
    w.run(&["check", "--strict"]).code(1);
    w.run(&["check", "--format", "yaml"]).code(2);
}

#[test]
fn links_to_a_page_only_the_members_build_has_lose_their_url_in_the_public_build() {
    let w = Workspace::fixture("site");
    fs::write(
        w.file("content/members/members-only.md"),
        "---\nname: B\nslug: bee\nleft: 2020\nvisibility: members\n---\n",
    )
    .unwrap();
    fs::create_dir_all(w.file("content/pages")).unwrap();
    fs::write(
        w.file("content/pages/about.md"),
        "---\ntitle: About\n---\nSee [B](/members/bee/).\n",
    )
    .unwrap();
    // Neither build has a broken link: the members build has the page, the
    // public build drops the link (keeping its text) instead of publishing
    // the URL of a page it does not have.
    w.run(&["check", "--audience", "members"]).code(0);
    w.run(&["check"]).code(0);
    w.run(&["build", "--output", "out"]).code(0);
    let page = fs::read_to_string(w.file("out/about/index.html")).unwrap();
    assert!(page.contains("<p>See B.</p>"), "{page}");
    assert!(!page.contains("bee"), "{page}");
}

// ---------------------------------------------------------------- import

#[test]
fn import_reads_shift_jis_and_skips_members_already_there() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "shift_jis.csv");
    let run = w.run(&["import", "members", &file]);
    run.code(0);
    let out = run.stdout();
    assert!(
        out.contains("created content/members/髙橋-一郎.md (row 2)"),
        "{out}"
    );
    assert!(
        out.contains("skipped row 3 (山田 太郎): already in content/members/yamada-taro.md"),
        "{out}"
    );
    assert!(
        out.contains("2 rows (Shift_JIS): 1 created, 1 skipped (already there), 0 with errors"),
        "{out}"
    );
    let text = w.read("content/members/髙橋-一郎.md");
    for expected in [
        "name: \"髙橋 一郎\"",
        "name_reading: \"タカハシ イチロウ\"",
        "joined: 2010",
        "left: 2018-03-31",
        "department: \"営業部\"",
        "role: \"課長\"",
        "skills: [\"営業\", \"交渉\", \"英語\"]",
        "\nvisibility: members\n",
    ] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
    assert!(
        !text.lines().any(|l| l.starts_with("consent:")),
        "never consented by import:\n{text}"
    );
    w.run(&["check"]).code(0);
    w.run(&["build"]).code(0);
    assert_eq!(
        built_members(&w.file("public")),
        ["yamada-taro"],
        "an import never publishes anyone"
    );
    w.run(&["build", "--audience", "members"]).code(0);
    assert_eq!(
        built_members(&w.file("members-only")),
        ["yamada-taro", "髙橋-一郎"]
    );
    assert_eq!(
        built_members(&w.file("public")),
        ["yamada-taro"],
        "the members build has a folder of its own"
    );
}

#[test]
fn import_reads_utf8_with_a_bom() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "utf8_bom.csv");
    let run = w.run(&["import", "members", &file]);
    run.code(0);
    assert!(
        run.stdout().contains("(UTF-8 with BOM): 1 created"),
        "{}",
        run.stdout()
    );
    assert!(
        w.read("content/members/鈴木-花子.md")
            .contains("department: \"開発部\"")
    );
}

#[test]
fn import_keeps_quoted_commas_and_quotes_in_one_value() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "utf8.csv");
    w.run(&["import", "members", &file]).code(0);
    assert_eq!(
        w.members(),
        ["lee-jay-park.md", "smith-anna.md", "yamada-taro.md"]
    );
    let anna = w.read("content/members/smith-anna.md");
    assert!(anna.contains("name: \"Smith, Anna\""), "{anna}");
    assert!(anna.contains("department: \"Sales, APAC\""), "{anna}");
    assert!(anna.contains("skills: [\"Rust\", \"Go\"]"), "{anna}");
    assert!(anna.contains("open_to: [mentoring]"), "{anna}");
    let lee = w.read("content/members/lee-jay-park.md");
    assert!(lee.contains("name: \"Lee \\\"Jay\\\" Park\""), "{lee}");
    assert!(lee.contains("left: 2022-03-31"), "{lee}");
    w.run(&["check"]).code(0);
}

#[test]
fn import_refuses_a_banned_column_and_writes_nothing() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "banned.csv");
    let run = w.run(&["import", "members", &file]);
    run.code(1);
    assert!(
        run.stderr()
            .contains("column `給与` (salary or pay) must never enter an alumni site"),
        "{}",
        run.stderr()
    );
    assert_eq!(w.members(), ["yamada-taro.md"]);
    w.run(&["import", "members", &file, "--map", "給与=role"])
        .code(1);
    assert_eq!(
        w.members(),
        ["yamada-taro.md"],
        "a banned column cannot be mapped to a field"
    );
}

#[test]
fn import_locates_a_bad_row_of_a_crlf_export_on_its_own_line() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "crlf_shift_jis.csv");
    let run = w.run(&["import", "members", &file, "--dry-run"]);
    run.code(1);
    let err = run.stderr();
    assert!(
        err.contains("crlf_shift_jis.csv:3: row 3: the name is empty"),
        "{err}"
    );
    assert!(err.contains("3 | ,2020"), "{err}");
    assert!(
        !err.contains("山田 花子"),
        "the row above is not shown: {err}"
    );
}

#[test]
fn import_refuses_every_banned_column_in_one_error_with_one_map_to_paste() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "banned_four.csv");
    let run = w.run(&["import", "members", &file]);
    run.code(1);
    let err = run.stderr();
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    let map = "社員番号=-,給与=-,退職理由=-,生年月日=-";
    assert!(
        err.contains(&format!("leave them all out with --map '{map}'")),
        "{err}"
    );
    assert_eq!(w.members(), ["yamada-taro.md"]);
    // The --map pasted as it is imports the file.
    w.run(&["import", "members", &file, "--map", map]).code(0);
    assert_eq!(w.members(), ["yamada-taro.md", "木村-一.md"]);
    let text = w.read("content/members/木村-一.md");
    for value in ["1001", "500", "転職", "1980"] {
        assert!(!text.contains(value), "{value} in {text}");
    }
}

#[test]
fn import_makes_slugs_of_full_and_half_width_names_as_usually_written() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "widths.csv");
    w.run(&["import", "members", &file]).code(0);
    assert_eq!(
        w.members(),
        ["suzuki-ichiro.md", "yamada-taro.md", "アオキ-ジン.md"]
    );
    // The name stays as written.
    assert!(w.read("content/members/アオキ-ジン.md").contains("ｱｵｷ ｼﾞﾝ"));
}

#[test]
fn import_names_utf16_without_a_byte_order_mark() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "utf16_no_bom.csv");
    let run = w.run(&["import", "members", &file]);
    run.code(1);
    let err = run.stderr();
    assert!(
        err.contains("looks like UTF-16 (little-endian) without a byte order mark"),
        "{err}"
    );
    assert!(
        err.contains("save the file from Excel as \"CSV UTF-8\""),
        "{err}"
    );
    assert!(!err.contains("column"), "no column names of garbage: {err}");
}

#[test]
fn import_hints_the_usual_header_of_each_missing_column() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "no_name_or_left.csv");
    let run = w.run(&["import", "members", &file]);
    run.code(1);
    let err = run.stderr();
    assert!(err.contains("add a column `name` (or 氏名)"), "{err}");
    assert!(err.contains("add a column `left` (or 退職年)"), "{err}");
    assert!(!err.contains("氏名/退職年"), "{err}");
}

#[test]
fn import_reports_a_bad_row_by_number_and_imports_the_rest() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "bad_row.csv");
    let run = w.run(&["import", "members", &file]);
    run.code(1);
    assert!(
        run.stderr()
            .contains("bad_row.csv:3: row 3: left `いつか` is not a year or a date"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stdout()
            .contains("3 rows (UTF-8): 2 created, 0 skipped (already there), 1 with errors"),
        "{}",
        run.stdout()
    );
    assert_eq!(w.members(), ["yamada-taro.md", "上田-三.md", "青木-一.md"]);
}

#[test]
fn import_again_skips_every_member_and_keeps_their_edits() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "utf8.csv");
    w.run(&["import", "members", &file]).code(0);
    fs::write(w.file("content/members/smith-anna.md"), "---\nname: Smith, Anna\nleft: 2021\nvisibility: public\nconsent: 2026-05-01\n---\nEdited.\n").unwrap();
    let run = w.run(&["import", "members", &file]);
    run.code(0);
    assert!(
        run.stdout().contains("0 created, 2 skipped"),
        "{}",
        run.stdout()
    );
    assert!(w.read("content/members/smith-anna.md").contains("Edited."));
}

#[test]
fn import_maps_columns_and_leaves_out_what_it_is_told_to() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "mapped.csv");
    let run = w.run(&["import", "members", &file]);
    run.code(1);
    assert!(
        run.stderr()
            .contains("column `社員氏名` is not a member field"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("--map '備考=-'"), "{}", run.stderr());
    w.run(&[
        "import",
        "members",
        &file,
        "--map",
        "社員氏名=name,最終所属=department,備考=-",
    ])
    .code(0);
    let text = w.read("content/members/小川-四郎.md");
    assert!(text.contains("department: \"経理部\""), "{text}");
    assert!(!text.contains("連絡不要"), "{text}");
    w.run(&["import", "members", &file, "--map", "社員氏名=nmae"])
        .code(2);
}

#[test]
fn import_dry_run_writes_nothing() {
    let w = Workspace::fixture("site");
    let file = csv(&w, "utf8.csv");
    let run = w.run(&["import", "members", &file, "--dry-run"]);
    run.code(0);
    assert!(
        run.stdout()
            .contains("would create content/members/smith-anna.md (row 2)"),
        "{}",
        run.stdout()
    );
    assert_eq!(w.members(), ["yamada-taro.md"]);
}

// ---------------------------------------------------------------- completions

#[test]
fn completions_cover_the_subcommands() {
    let w = Workspace::empty();
    let run = w.run(&["completions", "bash"]);
    run.code(0);
    for word in ["init", "check", "import", "--audience"] {
        assert!(run.stdout().contains(word), "{word}");
    }
}

//! Content and config errors: exit 1, and a message that names the file,
//! the line and column counted from the top of the file, shows the line
//! with a caret, and says what to do.

use crate::snapshot;
use crate::support::SiteTest;

/// The `error: ...` headline of each reported problem, in order.
fn headlines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .collect()
}

/// The column (1-based, in characters) of the caret printed under the
/// source line `N | ...` of the diagnostic.
fn caret_column(stderr: &str, line_no: usize) -> usize {
    let prefix = format!("{line_no} | ");
    let mut lines = stderr.lines();
    lines
        .by_ref()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no source line {line_no} in:\n{stderr}"));
    let caret = lines.next().expect("a caret line after the source line");
    let gutter = " ".repeat(line_no.to_string().len()) + " | ";
    let marks = caret
        .strip_prefix(&gutter)
        .unwrap_or_else(|| panic!("caret line {caret:?} lacks the gutter {gutter:?}"));
    assert_eq!(marks.trim_start(), "^", "caret line: {caret:?}");
    marks.chars().take_while(|c| *c == ' ').count() + 1
}

#[test]
fn bad_yaml_is_located_from_the_top_of_the_file() {
    let site = SiteTest::fixture("errors/bad_yaml");
    let out = site.build(&[]);
    out.assert_exit(1);
    // `---` is line 1, so `role: Lead: Sales` is line 4; the second `:` is column 11.
    assert_eq!(
        headlines(&out.stderr),
        [
            "content/members/taro.md:4:11: a `: ` inside a value that is not quoted, or a line indented deeper than the one above"
        ]
    );
    out.assert_stderr_has(&["4 | role: Lead: Sales", "must be quoted", "1 error"]);
    assert_eq!(caret_column(&out.stderr, 4), 11);
    assert!(
        !out.exists(""),
        "a failed first build writes no output folder"
    );
    snapshot!("bad_yaml", out.stderr);
}

#[test]
fn unknown_member_field_suggests_the_closest() {
    let out = SiteTest::fixture("errors/unknown_key").build(&[]);
    out.assert_exit(1);
    assert_eq!(
        headlines(&out.stderr),
        ["content/members/taro.md:4:1: unknown field `deparment`"]
    );
    out.assert_stderr_has(&["4 | deparment: Sales", "did you mean `department`?"]);
    assert_eq!(caret_column(&out.stderr, 4), 1);
    snapshot!("unknown_member_field", out.stderr);
}

#[test]
fn unknown_nested_site_key_suggests_the_closest() {
    let out = SiteTest::fixture("errors/unknown_site_key").build(&[]);
    out.assert_exit(1);
    assert_eq!(headlines(&out.stderr).len(), 1, "{}", out.stderr);
    out.assert_stderr_has(&[
        "site.yaml:6:3:",
        "unknown field `min_grop_size`",
        "6 |   min_grop_size: 3",
        "did you mean `min_group_size`?",
    ]);
    assert_eq!(caret_column(&out.stderr, 6), 3);
    snapshot!("unknown_site_key_nested", out.stderr);
}

#[test]
fn unknown_top_level_site_key_suggests_the_closest() {
    let out = SiteTest::fixture("errors/unknown_site_key_top").build(&[]);
    out.assert_exit(1);
    out.assert_stderr_has(&[
        "site.yaml:1:1: unknown field `tittle`",
        "did you mean `title`?",
    ]);
    snapshot!("unknown_site_key_top", out.stderr);
}

#[test]
fn two_files_with_one_url_are_both_named() {
    let out = SiteTest::fixture("errors/duplicate_slug").build(&[]);
    out.assert_exit(1);
    let heads = headlines(&out.stderr);
    assert_eq!(
        heads.len(),
        1,
        "one problem, reported once:\n{}",
        out.stderr
    );
    for needle in [
        "content/members/taro.md",
        "content/members/other.md",
        "/members/taro/",
    ] {
        assert!(heads[0].contains(needle), "{needle} in {:?}", heads[0]);
    }
    snapshot!("duplicate_slug", out.stderr);
}

#[test]
fn a_page_may_not_take_the_url_of_a_section_a_taxonomy_or_the_stats() {
    let site = SiteTest::fixture("pages/site");
    for name in ["events", "cohorts", "skills", "stats", "pages"] {
        site.write(
            &format!("content/pages/{name}.md"),
            &format!("---\ntitle: {name}\n---\nText.\n"),
        );
    }
    let out = site.build(&[]);
    out.assert_exit(1);
    let heads = headlines(&out.stderr);
    // `pages` is no URL of the site's own: only the four others are refused.
    assert_eq!(heads.len(), 4, "{}", out.stderr);
    for (head, name) in heads.iter().zip(["cohorts", "events", "skills", "stats"]) {
        assert!(
            head.contains(&format!("content/pages/{name}.md"))
                && head.contains(&format!(
                    "the URL /{name}/ belongs to the site's {name} section"
                )),
            "{head}"
        );
    }
    snapshot!("reserved_page_names", out.stderr);
}

#[test]
fn missing_required_fields_in_several_files_are_reported_together() {
    let out = SiteTest::fixture("errors/missing_field").build(&[]);
    out.assert_exit(1);
    let heads = headlines(&out.stderr);
    assert_eq!(heads.len(), 2, "{}", out.stderr);
    assert!(
        heads[0].starts_with("content/members/taro.md:")
            && heads[0].ends_with("missing field `left`"),
        "{:?}",
        heads[0]
    );
    assert!(
        heads[1].starts_with("content/stories/comeback.md:")
            && heads[1].ends_with("missing field `title`"),
        "{:?}",
        heads[1]
    );
    assert!(
        !out.stderr.contains("hanako"),
        "the good file is not blamed"
    );
    assert!(
        out.stderr.trim_end().ends_with("\n2 errors"),
        "the summary comes last:\n{}",
        out.stderr
    );
    snapshot!("missing_fields", out.stderr);
}

#[test]
fn link_to_missing_content_is_an_error_at_the_link() {
    let out = SiteTest::fixture("errors/broken_link").build(&[]);
    out.assert_exit(1);
    // Body line 3 is line 9 of the file; the `[` is at column 23.
    assert_eq!(
        headlines(&out.stderr),
        ["content/members/taro.md:9:23: link to missing content `@/members/nobody.md`"]
    );
    assert_eq!(caret_column(&out.stderr, 9), 23);
    snapshot!("broken_link", out.stderr);
}

#[test]
fn link_to_missing_content_is_an_error_whatever_the_audience() {
    // hana.md is members-only; its link to nobody.md is broken in every build.
    let site = SiteTest::fixture("errors/broken_link_members_only");
    let members = site.build(&["--audience", "members"]);
    members.assert_exit(1);
    let public = site.build(&[]);
    public.assert_exit(1);
    assert_eq!(
        headlines(&public.stderr),
        ["content/members/hana.md:6:5: link to missing content `@/members/nobody.md`"]
    );
    assert_eq!(public.stderr, members.stderr);
}

#[test]
fn a_bad_date_or_year_is_located_at_its_value() {
    let site = SiteTest::fixture("errors/bad_value");
    let out = site.build(&[]);
    out.assert_exit(1);
    assert_eq!(
        headlines(&out.stderr),
        [
            "content/events/meetup.md:3:8: `2027-13-45 7pm` is not a date or a date-time with offset: write 2026-12-10 or 2026-12-10T19:00:00+09:00",
            "content/members/taro.md:4:7: `20x9` is not a year or a date: write 2019 or 2019-03-31",
        ]
    );
    assert_eq!(caret_column(&out.stderr, 3), 8);
    assert_eq!(caret_column(&out.stderr, 4), 7);
}

#[test]
fn a_broken_template_and_broken_content_are_reported_together() {
    // The theme compiles while the content is read: both kinds of error
    // come out of one build, the template's first.
    let site = SiteTest::fixture("errors/bad_yaml");
    site.write(
        "templates/member.html",
        "{% extends \"base.html\" %}{% block main %}{{ member.name }",
    );
    let out = site.build(&[]);
    out.assert_exit(1);
    let headlines = headlines(&out.stderr);
    assert_eq!(headlines.len(), 2, "{}", out.stderr);
    assert!(
        headlines[0].starts_with("templates/member.html: template error"),
        "{}",
        out.stderr
    );
    assert_eq!(
        headlines[1],
        "content/members/taro.md:4:11: a `: ` inside a value that is not quoted, or a line indented deeper than the one above"
    );
    out.assert_stderr_has(&["2 errors"]);
    assert!(
        !out.exists(""),
        "a failed first build writes no output folder"
    );
}

/// The `path:line:col: error: ...` headline of each problem `check` printed.
fn check_headlines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| l.contains(": error: ") && !l.starts_with(' '))
        .collect()
}

#[test]
fn five_mistakes_in_one_member_file_are_five_errors_in_one_check() {
    // A duplicate key, an impossible date, a misspelt value, an unclosed
    // quote and a link to missing content: each at its own line:col.
    let site = SiteTest::fixture("errors/five_mistakes");
    let out = site.run(&["check"]);
    out.assert_exit(1);
    assert_eq!(
        check_headlines(&out.stdout),
        [
            "content/members/taro.md:4:9: error: `2019-13-01` is not a year or a date: write 2019 or 2019-03-31",
            "content/members/taro.md:5:13: error: visibility: unknown value `pubic`",
            "content/members/taro.md:7:1: error: `left` is written twice (first on line 3)",
            "content/members/taro.md:8:7: error: this quoted value is never closed",
            "content/members/taro.md:12:23: error: link to missing content `@/members/nobody.md`",
        ],
        "{}",
        out.stdout
    );
    assert_eq!(caret_column(&out.stdout, 8), 7);
    assert!(!out.stdout.contains("end of stream"), "{}", out.stdout);
    snapshot!("five_mistakes_check", out.stdout);
    // `build` reports the same five, and writes nothing.
    let built = site.build(&[]);
    built.assert_exit(1);
    assert_eq!(headlines(&built.stderr).len(), 5, "{}", built.stderr);
    built.assert_stderr_has(&["5 errors"]);
    assert!(!built.exists(""));
}

#[test]
fn every_file_is_checked_in_one_run_with_the_links_and_casts_of_those_that_load() {
    // jiro.md: a typo, and `left` before `joined` (read from the fields
    // that are right); taro.md: a wrong value; the story, which loads:
    // a cast naming no member and a link to missing content. Its link to
    // taro.md and its naming `taro` are not errors: the file exists.
    let site = SiteTest::fixture("errors/every_file");
    let expected = [
        "content/members/jiro.md:4:1: `left` (2019) is before `joined` (2020)",
        "content/members/jiro.md:5:1: unknown field `deparment`",
        "content/members/taro.md:4:13: visibility: unknown value `pubic`",
        "content/stories/comeback.md:6:45: link to missing content `@/news/none.md`",
    ];
    let built = site.build(&[]);
    built.assert_exit(1);
    assert_eq!(headlines(&built.stderr), expected, "{}", built.stderr);
    let checked = site.run(&["check"]);
    checked.assert_exit(1);
    let heads: Vec<String> = check_headlines(&checked.stdout)
        .iter()
        .map(|h| h.replacen(": error: ", ": ", 1))
        .collect();
    let cast = "content/stories/comeback.md:4:25: this story names `nobody`, but no member has that file name or slug";
    let mut all: Vec<&str> = expected.to_vec();
    all.insert(3, cast);
    assert_eq!(heads, all, "{}", checked.stdout);
    assert!(!checked.stdout.contains("`taro`"), "{}", checked.stdout);
    snapshot!("every_file_check", checked.stdout);
}

#[test]
fn a_story_names_a_member_by_file_name_or_by_slug() {
    // taro-sato.md sets `slug: taro`: both name him, once; `tar` names no one.
    let site = SiteTest::fixture("errors/cast_by_slug");
    let checked = site.run(&["check", "--audience", "public"]);
    checked.assert_exit(1);
    assert_eq!(
        check_headlines(&checked.stdout),
        [
            "content/stories/comeback.md:4:28: error: this story names `tar`, but no member has that file name or slug"
        ],
        "{}",
        checked.stdout
    );
    assert!(
        checked.stdout.contains("did you mean `taro`?"),
        "{}",
        checked.stdout
    );
    let built = site.build(&[]);
    built.assert_exit(0);
    let story = built.file("stories/comeback/index.html");
    assert_eq!(
        story.matches("href=\"/members/taro/\"").count(),
        1,
        "{story}"
    );
}

#[test]
fn build_prints_its_errors_as_json_lines_for_ci() {
    let site = SiteTest::fixture("errors/every_file");
    let out = site.build(&["--format", "json"]);
    out.assert_exit(1);
    assert_eq!(out.stderr, "", "nothing but the JSON lines");
    let errors: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let at: Vec<String> = errors
        .iter()
        .map(|e| format!("{}:{}:{}", e["path"].as_str().unwrap(), e["line"], e["col"]))
        .collect();
    assert_eq!(
        at,
        [
            "content/members/jiro.md:4:1",
            "content/members/jiro.md:5:1",
            "content/members/taro.md:4:13",
            "content/stories/comeback.md:6:45",
        ]
    );
    for e in &errors {
        assert_eq!(
            (&e["severity"], &e["code"], &e["origin"], &e["audience"]),
            (
                &"error".into(),
                &"build".into(),
                &"file".into(),
                &"public".into()
            )
        );
        assert!(e["hint"].is_string(), "{e}");
    }
    assert!(!out.exists(""));
    // What is not a file says so.
    let fixed = SiteTest::fixture("errors/bad_value");
    let out = fixed.build(&["--format", "json", "--base-url", "alumni.example"]);
    out.assert_exit(1);
    let first: serde_json::Value =
        serde_json::from_str(out.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        (&first["path"], &first["origin"]),
        (&"--base-url".into(), &"argument".into())
    );
}

#[test]
fn a_config_mistake_does_not_hide_the_content_problems() {
    // site.yaml has a typo, but still says its language: the content is
    // read with it, and its problems come in the same run.
    let site = SiteTest::fixture("errors/every_file");
    site.write(
        "site.yaml",
        "title: Test Alumni\nbase_url: https://alumni.test.example\nlanguage: en\ndirectory:\n  filters: [deparment]\n",
    );
    let out = site.build(&[]);
    out.assert_exit(1);
    let heads = headlines(&out.stderr);
    assert_eq!(heads.len(), 5, "{}", out.stderr);
    assert_eq!(
        heads[0],
        "site.yaml:5:13: unknown directory filter `deparment`"
    );
    assert!(
        heads[1].starts_with("content/members/jiro.md:4:1:"),
        "{heads:?}"
    );
    assert!(
        heads[4].starts_with("content/stories/comeback.md:6:45:"),
        "{heads:?}"
    );
    // check also checks the casts of the stories that loaded.
    let checked = site.run(&["check"]);
    checked.assert_exit(1);
    assert!(
        checked.stdout.contains("this story names `nobody`"),
        "{}",
        checked.stdout
    );
    // A site.yaml that says no language clearly: its own error alone.
    site.write("site.yaml", "title: \"Test Alumni\nlanguage: en\n");
    let out = site.build(&[]);
    out.assert_exit(1);
    assert_eq!(headlines(&out.stderr).len(), 1, "{}", out.stderr);
}

#[test]
fn a_block_of_site_yaml_of_the_wrong_shape_is_said_in_words() {
    let site = SiteTest::fixture("newsletter/issue");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let yaml: String = yaml
        .lines()
        .take_while(|l| !l.starts_with("newsletter:"))
        .map(|l| format!("{l}\n"))
        .collect();
    for (block, said) in [
        (
            "directory: \"x\"\n",
            "directory: invalid type: string \"x\", expected a map of fields",
        ),
        (
            "newsletter:\n  from: a@b.example\n  intro: 5\n",
            "newsletter: this value is not any of the forms this field takes",
        ),
    ] {
        site.write("site.yaml", &format!("{yaml}{block}"));
        let out = site.run(&["check"]);
        out.assert_exit(1);
        let told = format!("{}{}", out.stdout, out.stderr);
        assert!(told.contains(said), "{said:?} not in:\n{told}");
        for ours in ["struct", "enum", "Raw", "Intro"] {
            assert!(!told.contains(ours), "{ours} in:\n{told}");
        }
    }
}

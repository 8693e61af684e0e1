//! Resource limits: inputs built to exhaust time or memory (a huge file,
//! deep nesting, YAML alias bombs, a CSV thousands of columns wide) end in
//! a clear error naming the file, or in a normal build, never in a hang, a
//! crash or a flood of output. Nothing here is timed: before the limits,
//! some of these inputs took half a minute and printed 200 KB of one line.

use crate::support::SiteTest;

const FRONT: &str =
    "---\nname: Extreme\njoined: 2012\nleft: 2020\nvisibility: public\nconsent: 2026-04-01\n";

fn member(body_of_front: &str, body: &str) -> String {
    format!("{FRONT}{body_of_front}---\n{body}")
}

#[test]
fn deeply_nested_yaml_is_refused_where_it_gets_too_deep() {
    let site = SiteTest::fixture("limits/site");
    let deep = format!(
        "extra:\n  x: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    site.write("content/members/deep.md", &member(&deep, "x\n"));
    let out = site.build(&[]);
    out.assert_exit(1).assert_stderr_has(&[
        // `---` is line 1, `x:` is line 8; the 129th `[` is column 134.
        "error: content/members/deep.md:8:134: lists or maps nested more than 128 levels deep",
        "remove the extra [ or {",
    ]);
    // The 200,000-character line is shown as a window around the column.
    assert!(
        out.stderr.len() < 1_000,
        "{} bytes of stderr",
        out.stderr.len()
    );
    assert!(out.stderr.contains("…[[["), "{}", out.stderr);
}

#[test]
fn a_yaml_alias_bomb_is_refused() {
    let site = SiteTest::fixture("limits/site");
    let mut bomb = String::from(
        "extra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("  {name}: &{name} [{refs}]\n"));
    }
    site.write("content/members/bomb.md", &member(&bomb, "x\n"));
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "error: content/members/bomb.md",
        "repetition limit exceeded",
        "aliases (*name) expand to too much data",
    ]);
}

#[test]
fn a_content_file_over_the_size_limit_is_refused_by_name() {
    let site = SiteTest::fixture("limits/site");
    let line = "Lorem ipsum dolor sit amet, 日本語の文章。 [link](https://example.com)\n\n";
    let body = line.repeat(60 * 1024 * 1024 / line.len());
    site.write("content/members/huge.md", &member("", &body));
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "error: content/members/huge.md: this file is 60.0 MB; at most 8.0 MB is read",
        "put images and other media in static/",
    ]);
    site.remove("content/members/huge.md");
    site.write(
        "site.yaml",
        &format!(
            "title: Limits Alumni\nbase_url: https://alumni.test.example\nlanguage: en\n# {}\n",
            "x".repeat(9 * 1024 * 1024)
        ),
    );
    site.build(&[])
        .assert_exit(1)
        .assert_stderr_has(&["error: site.yaml: this file is 9.0 MB; at most 8.0 MB is read"]);
}

#[test]
fn deeply_nested_markdown_builds() {
    let site = SiteTest::fixture("limits/site");
    let list: String = (0..2_500)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    site.write("content/members/list.md", &member("", &list));
    let quotes = format!("{} deep\n", ">".repeat(100_000));
    site.write("content/members/quotes.md", &member("", &quotes));
    let brackets = format!(
        "{}x{}\n\n{}x{}\n",
        "[".repeat(50_000),
        "](y)".repeat(50_000),
        "*".repeat(50_000),
        "*".repeat(50_000)
    );
    site.write("content/members/brackets.md", &member("", &brackets));
    let out = site.build(&[]);
    out.assert_success();
    assert!(out.file("members/list/index.html").contains("level 0"));
    assert!(out.file("members/quotes/index.html").contains("deep"));
}

#[test]
fn a_csv_thousands_of_columns_wide_is_one_error() {
    let site = SiteTest::fixture("limits/site");
    let mut header = vec!["name".to_string(), "left".to_string()];
    header.extend((0..10_000).map(|i| format!("c{i}")));
    let mut row = vec!["Wide Row".to_string(), "2020".to_string()];
    row.extend((0..10_000).map(|_| "v".to_string()));
    site.write(
        "wide.csv",
        &format!("{}\n{}\n", header.join(","), row.join(",")),
    );
    let out = site.run(&["import", "members", "wide.csv", "--dry-run"]);
    out.assert_exit(1).assert_stderr_has(&[
        "error: wide.csv: the header row has 10002 columns; an import reads at most 500",
        "1 error",
    ]);
    assert!(out.stderr.len() < 1_000, "{}", out.stderr);
}

#[test]
fn a_file_of_thousands_of_wrong_fields_is_not_read_field_by_field() {
    // Each field of a file that fails is read on its own, in a text as long
    // as the whole file: with 20,000 fields that would be 20,000 readings
    // of 300 KB. Past a budget, the first problem is reported alone.
    let site = SiteTest::fixture("limits/site");
    let fields: String = (0..20_000).map(|i| format!("k{i}: x\n")).collect();
    site.write("content/members/wide.md", &member(&fields, "x\n"));
    let out = site.build(&[]);
    out.assert_exit(1)
        .assert_stderr_has(&["error: content/members/wide.md:7:", "1 error"]);
}

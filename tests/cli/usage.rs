//! Usage errors exit 2 (content and config errors exit 1).

use crate::support::SiteTest;

#[test]
fn unknown_audience_is_a_usage_error() {
    let site = SiteTest::fixture("usage/site");
    // The site itself builds: the 2 below is about the argument alone.
    site.build(&["--output", "../ok"]).assert_success();
    let out = site.build(&["--audience", "everyone"]);
    out.assert_exit(2)
        .assert_stderr_has(&["everyone", "public", "members"]);
    assert!(!out.exists(""), "nothing is built");
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let site = SiteTest::fixture("usage/site");
    let out = site.run(&["nonsense"]);
    out.assert_exit(2).assert_stderr_has(&["nonsense"]);
    assert!(!out.exists(""), "nothing is built");
}

#[test]
fn a_build_says_what_it_built_in_one_line_unless_quiet() {
    let site = SiteTest::fixture("usage/site");
    let out = site.build(&["--output", "../ok"]);
    out.assert_success();
    let line = out.stderr.trim_end();
    assert!(
        line.starts_with("Built ") && line.contains(" pages for audience public in "),
        "{line}"
    );
    assert!(
        !line.contains('\x1b'),
        "no progress bar without a terminal: {line:?}"
    );
    assert_eq!(out.stdout, "", "the summary goes to stderr");

    let quiet = site.build(&["--output", "../ok", "--quiet"]);
    quiet.assert_success();
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
}

/// The example lines of `alumni <args> --help`: each command, and where
/// its description starts, if it has one, in terminal columns (a CJK
/// character takes two).
fn example_columns(args: &[&str]) -> Vec<(String, Option<usize>)> {
    use unicode_width::UnicodeWidthStr;
    let site = SiteTest::fixture("usage/site");
    let out = site.run(args);
    out.assert_success();
    out.stdout
        .lines()
        .skip_while(|l| !l.starts_with("Examples:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| match l.trim_start().split_once("   ") {
            Some((command, description)) => {
                let start = l.len() - description.trim_start().len();
                (command.to_string(), Some(l[..start].width()))
            }
            None => (l.trim().to_string(), None),
        })
        .collect()
}

#[test]
fn every_help_has_examples_with_descriptions_in_one_column() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["serve", "--help"],
        &["check", "--help"],
        &["new", "--help"],
        &["import", "--help"],
        &["init", "--help"],
        &["schema", "--help"],
    ] {
        let examples = example_columns(args);
        assert!(examples.len() >= 2, "{args:?}: {examples:?}");
        let columns: Vec<usize> = examples.iter().filter_map(|(_, c)| *c).collect();
        assert!(
            columns.windows(2).all(|w| w[0] == w[1]),
            "{args:?}: descriptions start at different columns: {examples:?}"
        );
    }
}

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

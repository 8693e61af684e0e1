//! Front matter that would publish someone by accident is refused: the
//! fields that decide who sees a document fail closed when written without
//! a value, and dates that cannot be true are errors at their line, in
//! `build` (both audiences) and `check`. On the `validation/site` fixture,
//! whose one member consented on the day the tests treat as today
//! (2026-06-01) and came back in the year she left.

use crate::snapshot;
use crate::support::SiteTest;

/// The `error: ...` headlines of a build's report, in order.
fn headlines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .collect()
}

/// Builds both audiences and checks: each fails with exactly `expected`
/// (`path:line:col: message`), and no build writes anything.
#[track_caller]
fn refused_everywhere(site: &SiteTest, expected: &[&str]) -> String {
    let mut stderr = String::new();
    for args in [&[][..], &["--audience", "members"][..]] {
        let out = site.build(args);
        out.assert_exit(1);
        assert_eq!(headlines(&out.stderr), expected, "{}", out.stderr);
        assert!(!out.exists(""), "a failed build writes nothing");
        stderr = out.stderr.clone();
    }
    let check = site.run(&["check"]);
    check.assert_exit(1);
    for e in expected {
        let (at, message) = e.split_once(": ").unwrap();
        let line = format!("{at}: error: {message}");
        assert!(
            check.stdout.contains(&line),
            "{line} not in:\n{}",
            check.stdout
        );
    }
    stderr
}

#[test]
fn the_fixture_builds_clean() {
    let site = SiteTest::fixture("validation/site");
    site.build(&[]).assert_success();
    let check = site.run(&["check"]);
    check.assert_exit(0);
    assert!(
        check.stdout.starts_with("0 errors, 0 warnings"),
        "{}",
        check.stdout
    );
}

#[test]
fn an_empty_privacy_field_is_an_error_at_its_line() {
    let site = SiteTest::fixture("validation/site");
    let member = |field: &str| format!("---\nname: A\nleft: 2019\n{field}\nrole: x\n---\n");
    site.write("content/members/a.md", &member("withdrawn:"));
    site.write("content/members/b.md", &member("withdrawn: ~"));
    site.write("content/members/c.md", &member("visibility:"));
    site.write("content/members/d.md", &member("consent: null"));
    site.write(
        "content/stories/e.md",
        "---\ntitle: E\ndate: 2026-01-01\naudience:\n---\n",
    );
    site.write(
        "content/stories/f.md",
        "---\ntitle: F\ndate: 2026-01-01\ndraft: ~\n---\n",
    );
    let stderr = refused_everywhere(
        &site,
        &[
            "content/members/a.md:4:1: `withdrawn` is empty: give the date of withdrawal, e.g. withdrawn: 2026-12-01, or remove the line",
            "content/members/b.md:4:1: `withdrawn` is empty: give the date of withdrawal, e.g. withdrawn: 2026-12-01, or remove the line",
            "content/members/c.md:4:1: `visibility` is empty: write public, members or hidden, or remove the line",
            "content/members/d.md:4:1: `consent` is empty: give the day the member agreed to be published, e.g. consent: 2026-04-01, or remove the line",
            "content/stories/e.md:4:1: `audience` is empty: write public or members, or remove the line",
            "content/stories/f.md:4:1: `draft` is empty: write true (not published) or false, or remove the line",
        ],
    );
    snapshot!("empty_privacy_fields", stderr);
}

/// `withdrawn: ~` in a translation read as "not withdrawn" over its
/// original's date: now it is refused like any empty privacy field.
#[test]
fn a_translation_cannot_empty_the_withdrawal_of_its_original() {
    let site = SiteTest::fixture("i18n/site");
    site.write(
        "content/members/gone.en.md",
        "---\nname: GONEEN Person\nwithdrawn: ~\n---\nGONEBIO\n",
    );
    refused_everywhere(
        &site,
        &[
            "content/members/gone.en.md:3:1: `withdrawn` is empty: give the date of withdrawal, e.g. withdrawn: 2026-12-01, or remove the line",
        ],
    );
}

#[test]
fn impossible_dates_are_errors_at_their_line() {
    let site = SiteTest::fixture("validation/site");
    site.write(
        "content/members/future.md",
        "---\nname: F\nleft: 2019\nvisibility: public\nconsent: 2026-06-02\n---\n",
    );
    site.write(
        "content/members/early.md",
        "---\nname: E\njoined: 2020\nleft: 2019-12-31\n---\n",
    );
    site.write(
        "content/members/back.md",
        "---\nname: B\nleft: 2019-06-30\nreturned: 2019-03-01\n---\n",
    );
    // A year and a date in that year are not before each other.
    site.write(
        "content/members/same-year.md",
        "---\nname: S\njoined: 2019-04-01\nleft: 2019\nreturned: 2019\n---\n",
    );
    let stderr = refused_everywhere(
        &site,
        &[
            "content/members/back.md:4:1: `returned` (2019-03-01) is before `left` (2019-06-30)",
            "content/members/early.md:4:1: `left` (2019-12-31) is before `joined` (2020)",
            "content/members/future.md:5:1: `consent` (2026-06-02) is after today (2026-06-01)",
        ],
    );
    snapshot!("impossible_dates", stderr);
}

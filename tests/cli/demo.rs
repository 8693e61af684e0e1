//! The repository's own demo site builds (a smoke test of real content).

use std::fs;
use std::process::Command;

use crate::support::{BIN, NOW, repo_root};

#[test]
fn demo_site_builds() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let out = Command::new(BIN)
        .args(["build", "--quiet", "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(&output)
        .env("SOURCE_DATE_EPOCH", NOW)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the demo site fails to build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profiles = fs::read_dir(output.join("members"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .count();
    assert!(profiles >= 16, "only {profiles} member profiles");
    for page in [
        "index.html",
        "members/index.html",
        "stats/index.html",
        "sitemap.xml",
    ] {
        assert!(output.join(page).is_file(), "{page}");
    }
    // No hidden or withdrawn demo member has a page.
    for entry in fs::read_dir(repo_root().join("content/members")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let front = text.split("\n---").next().unwrap_or("");
        let private = front
            .lines()
            .any(|l| l.trim() == "visibility: hidden" || l.starts_with("withdrawn:"));
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if private {
            assert!(
                !output.join("members").join(&stem).exists(),
                "{stem} is hidden or withdrawn but has a page"
            );
        }
    }
}

/// Every site under examples/ builds, in both audiences, with nothing on
/// stderr: they are what new users copy, and a theme change that breaks a
/// site's own template override shows up here.
#[test]
fn every_example_builds() {
    let mut built = 0;
    for entry in fs::read_dir(repo_root().join("examples")).unwrap() {
        let site = entry.unwrap().path();
        if !site.join("site.yaml").is_file() {
            continue;
        }
        for audience in ["public", "members"] {
            let dir = tempfile::tempdir().unwrap();
            let out = Command::new(BIN)
                .args(["build", "--quiet", "--audience", audience, "--root"])
                .arg(&site)
                .arg("--output")
                .arg(dir.path().join("public"))
                .env("SOURCE_DATE_EPOCH", NOW)
                .output()
                .unwrap();
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "{} ({audience}) fails to build:\n{}",
                site.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(dir.path().join("public/index.html").is_file());
        }
        built += 1;
    }
    assert!(built >= 3, "only {built} examples");
}

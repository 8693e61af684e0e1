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

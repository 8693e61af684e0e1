//! Writing the output: atomic swaps, reproducible bytes, and refusing to
//! write over the site itself.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::snapshot;
use crate::support::{SiteTest, tree};

/// Names of the entries of `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Panics with the first difference between two output trees.
#[track_caller]
fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "{what}: different file lists");
    for (name, bytes) in a {
        if bytes != &b[name] {
            panic!(
                "{what}: {name} differs\n--- first\n{}\n--- second\n{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&b[name])
            );
        }
    }
}

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::fixture("atomic/site");
    let first = site.build(&[]);
    first.assert_success();
    let before = first.tree();
    assert!(
        before.contains_key("members/taro/index.html"),
        "{:?}",
        before.keys()
    );
    let root_entries = entries(site.root());
    let good_taro = fs::read_to_string(site.root().join("content/members/taro.md")).unwrap();

    // A YAML error (found while loading) ...
    site.write(
        "content/members/taro.md",
        "---\nname: [Taro Sato\nleft: 2019\n---\nBroken.\n",
    );
    let broken = site.build(&[]);
    broken
        .assert_exit(1)
        .assert_stderr_has(&["content/members/taro.md:"]);
    assert_same_tree(&before, &broken.tree(), "after a YAML error");

    // ... and a broken link (found after the privacy gate, while rendering).
    site.write(
        "content/members/taro.md",
        "---\nname: Taro Sato\nleft: 2019\nvisibility: public\nconsent: 2024-04-01\n---\nSee [x](@/members/nobody.md).\n",
    );
    let broken = site.build(&[]);
    broken
        .assert_exit(1)
        .assert_stderr_has(&["link to missing content"]);
    assert_same_tree(&before, &broken.tree(), "after a broken link");

    // ... and a failure while writing: a static file `members` where the
    // build needs a folder `members/`.
    site.write("content/members/taro.md", &good_taro);
    site.write(
        "static/members",
        "a file in the way of the members/ folder\n",
    );
    let broken = site.build(&[]);
    broken.assert_exit(1);
    assert_same_tree(&before, &broken.tree(), "after a failed write");
    site.remove("static/members");

    assert_eq!(
        entries(site.root()),
        root_entries,
        "no staging folder (.public.new-*) or old copy left next to public/"
    );
}

#[test]
fn successful_rebuild_replaces_the_whole_output() {
    let site = SiteTest::fixture("atomic/site");
    site.build(&["--output", "../out"]).assert_success();
    let out = site.path("out");
    fs::write(out.join("stray.txt"), "left over by hand").unwrap();
    site.remove("content/stories/comeback.md");
    let second = site.build(&["--output", "../out"]);
    second.assert_success();
    assert!(
        !second.exists("stray.txt"),
        "files of the old output are gone"
    );
    assert!(!second.exists("stories/comeback/index.html"));
    assert!(second.exists("members/taro/index.html"));
    assert_eq!(
        entries(&site.path("")),
        ["out", "site"],
        "nothing but the output folder is written next to it"
    );
}

#[test]
fn builds_are_byte_identical_across_runs() {
    for (fixture, audience) in [("pages/site", "public"), ("privacy/site", "members")] {
        // Two copies in two temporary folders, built by two processes into
        // differently named folders: nothing of the path, the process or
        // the hash seed may show in the output.
        let a = SiteTest::fixture(fixture);
        let b = SiteTest::fixture(fixture);
        let out_a = a.build(&["--output", "../first", "--audience", audience]);
        let out_b = b.build(&["--output", "../second", "--audience", audience]);
        out_a.assert_success();
        out_b.assert_success();
        let tree_a = out_a.tree();
        assert!(tree_a.len() > 10, "{fixture}: {:?}", tree_a.keys());
        assert_same_tree(&tree_a, &out_b.tree(), fixture);
    }
}

#[test]
fn output_folder_that_would_replace_the_site_is_refused() {
    let site = SiteTest::fixture("output_guard/site");
    let before = tree(site.root());
    let root = site.root().to_str().unwrap().to_string();
    for target in [root.as_str(), ".", "..", "content/out"] {
        let out = site.build(&["--output", target]);
        out.assert_exit(1)
            .assert_stderr_has(&["refusing to write the site here"]);
        assert_same_tree(&before, &tree(site.root()), target);
    }
    let out = site.build(&["--output", "."]);
    snapshot!("output_is_site_root", out.stderr);
    // A folder of its own is fine.
    site.build(&["--output", "public"]).assert_success();
}

#[test]
fn static_file_in_the_way_of_a_page_folder_is_named() {
    let site = SiteTest::fixture("atomic/site");
    site.write(
        "static/members",
        "a file in the way of the members/ folder\n",
    );
    let out = site.build(&[]);
    out.assert_exit(1).assert_stderr_has(&["static/members"]);
    assert!(!out.stderr.contains(".public.new-"), "{}", out.stderr);
}

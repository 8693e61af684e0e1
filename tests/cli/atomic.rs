//! Writing the output: atomic swaps, reproducible bytes, and refusing to
//! write over the site itself.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::snapshot;
use crate::support::{MARKER, SiteTest, tree};

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
    fs::write(out.join("stories/stray.txt"), "left over by hand").unwrap();
    site.remove("content/stories/comeback.md");
    let second = site.build(&["--output", "../out"]);
    second.assert_success();
    assert!(
        !second.exists("stories/stray.txt"),
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

#[test]
fn a_folder_of_other_files_is_never_replaced() {
    let site = SiteTest::fixture("output_guard/site");
    let www = site.path("www");
    fs::create_dir_all(www.join(".git")).unwrap();
    fs::write(www.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    fs::write(www.join("index.html"), "<p>hand-made</p>\n").unwrap();
    fs::write(www.join("report.xlsx"), "numbers").unwrap();
    let before = tree(&www);
    let out = site.build(&["--output", "../www"]);
    out.assert_exit(1).assert_stderr_has(&[
        "../www: refusing to write the site here",
        ".git/",
        "index.html",
        "report.xlsx",
    ]);
    snapshot!("output_holds_other_files", out.stderr);
    assert_same_tree(&before, &tree(&www), "the folder is untouched");
    assert!(www.join(".git/HEAD").is_file());

    // An index.html alone does not make a folder an earlier build.
    fs::remove_dir_all(www.join(".git")).unwrap();
    fs::remove_file(www.join("report.xlsx")).unwrap();
    site.build(&["--output", "../www"])
        .assert_exit(1)
        .assert_stderr_has(&["(index.html)"]);
    assert!(www.join("index.html").is_file());

    // An empty folder, or one an earlier build made, is replaced.
    fs::remove_file(www.join("index.html")).unwrap();
    site.build(&["--output", "../www"]).assert_success();
    let marker = fs::read_to_string(www.join(MARKER)).unwrap();
    assert!(marker.contains("audience: public\n"), "{marker}");
    site.build(&["--output", "../www"]).assert_success();

    // The marker is no licence: what was added since the last build (a
    // checkout's .git and README copied in with the site) is not replaced.
    fs::create_dir_all(www.join(".git")).unwrap();
    fs::write(www.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    fs::write(www.join("README.md"), "deploy repo").unwrap();
    site.build(&["--output", "../www"])
        .assert_exit(1)
        .assert_stderr_has(&["did not make (.git, README.md)"]);
    assert!(www.join(".git/HEAD").is_file() && www.join("README.md").is_file());
    fs::remove_dir_all(www.join(".git")).unwrap();
    fs::remove_file(www.join("README.md")).unwrap();
    site.build(&["--output", "../www"]).assert_success();
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_is_a_symlink_is_replaced_where_it_leads() {
    let site = SiteTest::fixture("output_guard/site");
    let served = site.path("srv/alumni");
    fs::create_dir_all(&served).unwrap();
    let public = site.root().join("public");
    std::os::unix::fs::symlink(&served, &public).unwrap();
    site.build(&[]).assert_success();
    assert!(
        fs::symlink_metadata(&public)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        served.join("index.html").is_file(),
        "built where the link leads"
    );
    let page = fs::read_dir(&served).unwrap().count();
    // A rebuild replaces the served folder again, and the link stays.
    site.build(&[]).assert_success();
    assert!(
        fs::symlink_metadata(&public)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_dir(&served).unwrap().count(), page);
}

#[test]
fn the_public_and_the_members_build_never_replace_each_other() {
    let site = SiteTest::fixture("privacy/site");
    let public = site.build(&[]);
    public.assert_success();
    let members = site.build(&["--audience", "members"]);
    members.assert_success();
    assert_eq!(members.output, site.root().join("members-only"));
    assert!(
        members.stderr.contains("members-only"),
        "the summary names the folder: {}",
        members.stderr
    );
    assert_same_tree(
        &public.tree(),
        &tree(&site.root().join("public")),
        "public/",
    );
    assert!(
        fs::read_to_string(site.root().join("members-only").join(MARKER))
            .unwrap()
            .contains("audience: members\n")
    );
    assert_ne!(public.tree(), members.tree());

    // Each into the other's folder is refused, and changes nothing.
    let before = (tree(&public.output), tree(&members.output));
    let wrong = site.build(&["--output", "members-only"]);
    wrong.assert_exit(1).assert_stderr_has(&[
        "refusing to write the public build here: this folder holds the members build",
    ]);
    snapshot!("public_build_into_the_members_build", wrong.stderr);
    site.build(&["--audience", "members", "--output", "public"])
        .assert_exit(1)
        .assert_stderr_has(&["this folder holds the public build"]);
    assert_eq!(before, (tree(&public.output), tree(&members.output)));

    // members-only/ is no source: building again reads nothing from it.
    site.build(&[]).assert_success();
    assert_same_tree(
        &public.tree(),
        &tree(&site.root().join("public")),
        "rebuilt",
    );
    // Inside a source folder it is refused like any output.
    site.build(&["--audience", "members", "--output", "content/members-only"])
        .assert_exit(1)
        .assert_stderr_has(&["replacing this folder would delete the site's own files"]);
}

#[test]
fn leftovers_of_killed_builds_are_removed_and_those_of_running_builds_kept() {
    let site = SiteTest::fixture("atomic/site");
    let leftover = |name: &str| {
        let dir = site.root().join(name);
        fs::create_dir_all(dir.join("members/taro")).unwrap();
        fs::write(dir.join("members/taro/index.html"), "old page").unwrap();
        fs::write(dir.join(MARKER), "audience: public\n").unwrap();
    };
    // A build killed while writing (its lock file left, its lock free) and
    // one killed while swapping (the previous output put aside).
    leftover(".public.new-4000001");
    fs::write(site.root().join(".public.lock-4000001"), "").unwrap();
    leftover(".public.old-4000002");
    fs::write(site.root().join(".public.lock-4000002"), "").unwrap();
    // A build still running: its lock is held (here by this test).
    leftover(".public.new-4000003");
    let lock = fs::File::create(site.root().join(".public.lock-4000003")).unwrap();
    lock.try_lock().unwrap();

    site.build(&[]).assert_success();
    let left: Vec<String> = entries(site.root())
        .into_iter()
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert_eq!(left, [".public.lock-4000003", ".public.new-4000003"]);

    // Once that build is gone, the next build removes its folder too.
    drop(lock);
    site.build(&[]).assert_success();
    assert!(
        !entries(site.root())
            .iter()
            .any(|n| n.starts_with(".public")),
        "{:?}",
        entries(site.root())
    );
}

/// A build killed by SIGKILL while writing leaves its staging folder; the
/// next build removes it.
#[cfg(unix)]
#[test]
#[allow(clippy::print_stderr)] // a skipped test says why
fn the_staging_folder_of_a_killed_build_is_removed_by_the_next() {
    use std::process::Command;
    use std::time::{Duration, Instant};

    use crate::support::{BIN, NOW};

    let site = SiteTest::fixture("atomic/site");
    // Many members, so that the build is still writing when it is killed.
    let taro = fs::read_to_string(site.root().join("content/members/taro.md")).unwrap();
    for n in 0..1500 {
        site.write(
            &format!("content/members/m{n}.md"),
            &taro.replace("Taro Sato", &format!("Member {n}")),
        );
    }
    let mut child = Command::new(BIN)
        .args(["build", "--quiet", "--root"])
        .arg(site.root())
        .env("SOURCE_DATE_EPOCH", NOW)
        .spawn()
        .unwrap();
    let staging = site.root().join(format!(".public.new-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(60);
    while !staging.join("members").exists() {
        assert!(Instant::now() < deadline, "the build never started writing");
        if child.try_wait().unwrap().is_some() {
            // Finished before it could be killed: nothing to test here.
            eprintln!("note: the build finished too fast to be killed");
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(staging.exists(), "a killed build leaves its staging folder");

    site.build(&[]).assert_success();
    assert!(!staging.exists(), "the next build removed it");
    assert!(
        !entries(site.root())
            .iter()
            .any(|n| n.starts_with(".public")),
        "{:?}",
        entries(site.root())
    );
}

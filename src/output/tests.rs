use super::*;

const PUBLIC: Audience = Audience::Public;
const MEMBERS: Audience = Audience::Members;

fn bytes(p: &str, b: &str) -> OutputFile {
    OutputFile {
        path: p.into(),
        contents: Contents::Bytes(b.into()),
    }
}

/// Names of the entries of `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn only_plain_relative_paths_are_written() {
    assert!(confined("members/山田-太郎/index.html"));
    assert!(!confined("../x"));
    assert!(!confined("/etc/passwd"));
    assert!(!confined("a//b"));
    assert!(!confined("a/./b"));
    assert!(!confined("a\\b"));
    assert!(!confined(""));
}

#[test]
fn refuses_outputs_that_contain_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    fs::create_dir_all(root.join("content")).unwrap();
    assert!(check_target(&root, &root, PUBLIC).is_err());
    assert!(check_target(&root, dir.path(), PUBLIC).is_err());
    assert!(check_target(&root, &root.join("content/out"), PUBLIC).is_err());
    assert!(check_target(&root, &root.join("content/members-only"), MEMBERS).is_err());
    assert!(check_target(&root, &root.join("public"), PUBLIC).is_ok());
    assert!(check_target(&root, &root.join("members-only"), MEMBERS).is_ok());
}

#[test]
fn replaces_only_empty_folders_and_earlier_builds_of_the_same_audience() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    fs::create_dir_all(&root).unwrap();
    let out = dir.path().join("www");
    fs::create_dir_all(&out).unwrap();
    assert!(check_target(&root, &out, PUBLIC).is_ok(), "empty");

    // A folder of someone's files, even with an index.html, is refused,
    // naming a few of them.
    fs::create_dir_all(out.join(".git")).unwrap();
    for f in ["index.html", "report.xlsx", "a", "b", "c", "d"] {
        fs::write(out.join(f), "x").unwrap();
    }
    let err = check_target(&root, &out, PUBLIC).unwrap_err().to_string();
    assert!(
        err.contains("(.git/, a, b, c, d and 2 more)"),
        "names what is there: {err}"
    );
    assert!(err.contains("www"), "{err}");
    assert!(err.contains(MARKER), "says what alumni replaces: {err}");

    // An earlier build: replaced by a build for its audience only.
    let out = dir.path().join("built");
    write_site(&out, MEMBERS, &[bytes("index.html", "m")]).unwrap();
    assert!(check_target(&root, &out, MEMBERS).is_ok());
    let err = check_target(&root, &out, PUBLIC).unwrap_err().to_string();
    assert!(
        err.contains(
            "refusing to write the public build here: this folder holds the members build"
        ),
        "{err}"
    );
    let text = fs::read_to_string(out.join(MARKER)).unwrap();
    assert!(text.contains("audience: members\n"), "{text}");
    assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");

    // A marker alumni did not write says nothing.
    fs::write(out.join(MARKER), "hello\n").unwrap();
    assert!(check_target(&root, &out, MEMBERS).is_err());
}

#[test]
fn the_marker_name_is_not_a_file_of_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let err = write_site(&out, PUBLIC, &[bytes(MARKER, "audience: members")]).unwrap_err();
    assert!(err.to_string().contains("another name"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_write_that_fails_midway_leaves_the_old_output_and_no_staging() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(&out, PUBLIC, &[bytes("index.html", "old")]).unwrap();
    let missing = OutputFile {
        path: "photo.jpg".into(),
        contents: Contents::Copy(dir.path().join("no-such-file.jpg")),
    };
    let err = write_site(&out, PUBLIC, &[bytes("index.html", "new"), missing]).unwrap_err();
    assert!(err.to_string().contains("no-such-file.jpg"), "{err}");
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    assert_eq!(
        names(dir.path()),
        ["public"],
        "no staging folder left behind"
    );
}

#[test]
fn swaps_in_new_output_and_removes_the_old() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    write_site(
        &out,
        PUBLIC,
        &[bytes("a/index.html", "one"), bytes("stale.txt", "x")],
    )
    .unwrap();
    write_site(&out, PUBLIC, &[bytes("a/index.html", "two")]).unwrap();
    assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "two");
    assert!(!out.join("stale.txt").exists());
    assert_eq!(names(&out), [MARKER, "a", crate::manifest::FILE]);
    // The manifest lists what this build wrote, with each file's hash.
    // (`write_site` knows no base_url, which `Manifest::parse` requires.)
    let listed: crate::manifest::Manifest =
        serde_json::from_str(&fs::read_to_string(out.join(crate::manifest::FILE)).unwrap())
            .unwrap();
    assert_eq!(
        listed.files.into_iter().collect::<Vec<_>>(),
        [("a/index.html".to_string(), crate::manifest::hash(b"two"))]
    );
    assert_eq!(
        names(dir.path()),
        ["public"],
        "no staging folders left behind"
    );
}

#[test]
fn names_leftovers_of_builds_of_this_folder_only() {
    assert_eq!(leftover_pid(".public.new-42", "public"), Some(42));
    assert_eq!(leftover_pid(".public.old-42", "public"), Some(42));
    assert_eq!(leftover_pid(".public.lock-42", "public"), Some(42));
    assert_eq!(leftover_pid(".public.lock-42.tmp", "public"), None);
    assert_eq!(leftover_pid(".public.new-+42", "public"), None);
    assert_eq!(leftover_pid(".public.new-", "public"), None);
    assert_eq!(leftover_pid(".publicx.new-42", "public"), None);
    assert_eq!(leftover_pid(".www.new-42", "public"), None);
    assert_eq!(leftover_pid("public", "public"), None);
}

#[test]
fn leftovers_of_killed_builds_go_and_those_of_running_builds_stay() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let leftover = |name: &str| {
        let d = dir.path().join(name);
        fs::create_dir_all(d.join("members")).unwrap();
        fs::write(d.join("members/index.html"), "x").unwrap();
    };
    // Killed: its lock file is there but nobody holds the lock.
    leftover(".public.new-1001");
    leftover(".public.old-1001");
    fs::write(dir.path().join(".public.lock-1001"), "").unwrap();
    // Running: its lock is held (here by this process).
    leftover(".public.new-1002");
    let held = File::create(dir.path().join(".public.lock-1002")).unwrap();
    held.try_lock().unwrap();
    // The leftovers of another folder's builds are not this build's business.
    leftover(".www.new-1003");

    write_site(&out, PUBLIC, &[bytes("index.html", "new")]).unwrap();
    assert_eq!(
        names(dir.path()),
        [
            ".public.lock-1002",
            ".public.new-1002",
            ".www.new-1003",
            "public"
        ]
    );
    drop(held);
}

/// A staging folder of an older alumni has no lock file: it goes when
/// its process is gone, and stays while it runs.
#[cfg(target_os = "linux")]
#[test]
fn leftovers_without_a_lock_file_go_when_their_process_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let leftover = |pid: u32| {
        let d = dir.path().join(format!(".public.new-{pid}"));
        fs::create_dir_all(&d).unwrap();
        fs::write(d.join("index.html"), "x").unwrap();
        format!(".public.new-{pid}")
    };
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let gone_pid = gone.id();
    gone.wait().unwrap();
    leftover(gone_pid);
    let running = leftover(std::os::unix::process::parent_id());
    write_site(
        &dir.path().join("public"),
        PUBLIC,
        &[bytes("index.html", "new")],
    )
    .unwrap();
    assert_eq!(names(dir.path()), [running.as_str(), "public"]);
}

#[test]
fn removing_the_last_build_removes_it_all_and_follows_no_link() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old");
    let kept = dir.path().join("kept");
    fs::create_dir_all(&kept).unwrap();
    fs::write(kept.join("report.xlsx"), "y").unwrap();
    for page in ["members/a", "members/b/deep/er", "events/x"] {
        fs::create_dir_all(old.join(page)).unwrap();
        fs::write(old.join(page).join("index.html"), "x").unwrap();
    }
    fs::write(old.join("index.html"), "x").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&kept, old.join("link")).unwrap();
        std::os::unix::fs::symlink(&kept, old.join("members/link")).unwrap();
    }
    super::remove_tree(&old).unwrap();
    assert!(!old.exists());
    assert_eq!(fs::read_to_string(kept.join("report.xlsx")).unwrap(), "y");
}

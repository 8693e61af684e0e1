//! Nothing content says can make a build read or write outside the site:
//! slugs and terms stay one portable path segment, every output path stays
//! inside the output folder, photos are images inside the site, symlinks
//! that lead out of the site are refused, and the output folder can never be
//! the site, a folder holding it, a source folder, a file or a folder of
//! someone else's files — all refused before anything is deleted.

use std::fs;
use std::path::Path;

use alumni::content::Audience;
use alumni::output;
use alumni::render::{Contents, OutputFile};

use crate::harness::{Files, SiteDir, config, q};

/// Windows device names (any case); Windows cannot make folders so named.
fn windows_device(segment: &str) -> bool {
    let stem = segment.split('.').next().unwrap_or("").to_ascii_lowercase();
    ["con", "prn", "aux", "nul"].contains(&stem.as_str())
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

/// Every output path is relative, `/`-separated, and each segment a
/// portable file name.
fn assert_confined(files: &Files) {
    for path in files.0.keys() {
        for seg in path.split('/') {
            let bad = seg.is_empty()
                || seg == "."
                || seg == ".."
                || seg.contains(['\\', '\0', ':'])
                || seg.ends_with(['.', ' '])
                || windows_device(seg);
            assert!(!bad, "output path {path:?} has the segment {seg:?}");
        }
    }
}

fn site() -> SiteDir {
    SiteDir::new(&config(
        "  require_consent: false\n  default_visibility: public\n",
    ))
}

fn load_error(site: &SiteDir) -> String {
    match alumni::content::load::load(&site.root, &["ja".to_string()]) {
        Ok(_) => panic!("the content loaded"),
        Err(d) => d.to_string(),
    }
}

fn build_error(site: &SiteDir) -> String {
    match site.build(Audience::Public) {
        Ok(_) => panic!("the site built"),
        Err(d) => d.to_string(),
    }
}

const SECTIONS: [(&str, &str); 6] = [
    ("members", "name: N\nleft: 2019"),
    ("stories", "title: T\ndate: 2025-01-01"),
    ("events", "title: T\nstart: 2026-12-10"),
    ("jobs", "title: T\nposted: 2026-01-01"),
    ("news", "title: T\ndate: 2025-01-01"),
    ("pages", "title: T\ndescription: D"),
];

#[test]
fn slugs_that_are_not_one_portable_path_segment_are_refused() {
    let bad = [
        "../x",
        "..",
        ".",
        "a/b",
        "a\\b",
        "/etc/passwd",
        "C:\\x",
        "a\u{0}b",
        "a\u{7}b",
        "CON",
        "nul",
        "Com1",
        "LPT9",
        "aux",
        "x.",
        "x ",
        "!!!",
        "",
    ];
    for (section, front) in SECTIONS {
        for slug in bad {
            let site = site();
            site.write(
                &format!("content/{section}/ok.md"),
                format!("---\n{front}\nslug: {}\n---\n", q(slug)),
            );
            let err = load_error(&site);
            assert!(
                err.contains(&format!("content/{section}/ok.md:4:")),
                "{section} slug {slug:?}: {err}"
            );
        }
    }
}

#[test]
fn file_names_that_are_not_one_portable_path_segment_are_refused() {
    for (section, front) in SECTIONS {
        for stem in ["CON", "nul", "com3", "x.", "x ", "!!!"] {
            let site = site();
            site.write(
                &format!("content/{section}/{stem}.md"),
                format!("---\n{front}\n---\n"),
            );
            let err = load_error(&site);
            assert!(
                err.contains(&format!("content/{section}/{stem}.md"))
                    && err.contains("rename the file"),
                "{section}/{stem}.md: {err}"
            );
        }
    }
}

#[test]
fn hostile_terms_and_names_make_only_confined_paths() {
    let site = site();
    let terms = [
        "../../etc",
        "..",
        ".",
        "/",
        "\\\\server\\share",
        "CON",
        "nul",
        "a/../../b",
        "C:\\Windows",
        "x.",
        " ",
        "\u{0}",
        "%2e%2e%2f",
        "",
    ];
    let list = terms.iter().map(|t| q(t)).collect::<Vec<_>>().join(", ");
    for (i, t) in terms.iter().enumerate() {
        site.write(
            &format!("content/members/m{i}.md"),
            format!(
                "---\nname: {n}\nleft: {y}\ndepartment: {n}\nskills: [{list}]\nnow: {{industry: {n}}}\n---\n",
                n = q(t),
                y = 2000 + i
            ),
        );
    }
    site.write(
        "content/stories/s.md",
        format!(
            "---\ntitle: {}\ndate: 2025-01-01\ntags: [{list}]\n---\n",
            q("../../x")
        ),
    );
    for audience in [Audience::Public, Audience::Members] {
        let files = site.build(audience).unwrap_or_else(|d| panic!("{d}"));
        assert_confined(&files);
        let departments = files.paths("departments/", "/index.html").len();
        assert_eq!(
            departments,
            terms.len() + 1,
            "one page per department and the list"
        );
    }
}

#[test]
fn the_writer_refuses_paths_outside_the_output_folder_and_keeps_the_old_output() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("public");
    let file = |p: &str| OutputFile {
        path: p.into(),
        contents: Contents::Bytes(b"x".to_vec()),
    };
    output::write_site(&out, Audience::Public, &[file("index.html")]).expect("a first build");
    // An absolute path inside the temporary folder, so that a broken guard
    // cannot write anywhere else.
    let absolute = dir.path().join("escape.txt").display().to_string();
    for bad in [
        "../escape.txt",
        absolute.as_str(),
        "a/../../escape.txt",
        "a\\..\\escape.txt",
        "a/./b",
        "",
        "a\0b",
    ] {
        let err = output::write_site(&out, Audience::Public, &[file("ok.txt"), file(bad)])
            .expect_err(bad);
        assert!(
            err.to_string().contains("outside the output folder"),
            "{bad:?}: {err}"
        );
        assert!(!dir.path().join("escape.txt").exists(), "{bad:?} escaped");
        assert!(
            out.join("index.html").exists(),
            "{bad:?}: the old output is gone"
        );
        assert!(
            !out.join("ok.txt").exists(),
            "{bad:?}: a partial build was swapped in"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{bad:?}: staging left behind: {names:?}");
    }
}

/// A photo is an image file inside the site: a member cannot publish
/// another member's file by naming it as their photo.
#[test]
fn photos_and_covers_must_be_images_inside_the_site() {
    let site = site();
    site.write(
        "content/members/hidden.md",
        "---\nname: Hidden\nleft: 2019\nvisibility: hidden\nemail: secret@mail.example\n---\nsecret bio\n",
    );
    for (field, file, body) in [
        (
            "photo",
            "content/members/thief.md",
            "name: Thief\nleft: 2019\nshow_photo: true",
        ),
        (
            "cover",
            "content/stories/thief.md",
            "title: T\ndate: 2025-01-01",
        ),
    ] {
        for name in [
            "hidden.md",
            "../members/hidden.md",
            "/etc/passwd",
            "../../site.yaml",
        ] {
            let _ = fs::remove_file(site.path("content/members/thief.md"));
            let _ = fs::remove_file(site.path("content/stories/thief.md"));
            site.write(file, format!("---\n{body}\n{field}: {}\n---\n", q(name)));
            let err = build_error(&site);
            assert!(err.contains(file), "{field}: {name}: {err}");
        }
    }
}

#[cfg(unix)]
mod symlinks {
    use std::os::unix::fs::symlink;

    use super::*;

    /// A site, and a folder beside it with a secret in it.
    fn site_and_secret() -> (SiteDir, std::path::PathBuf) {
        let site = site();
        let secret = site.root.parent().expect("a parent").join("outside");
        fs::create_dir_all(&secret).expect("outside/");
        fs::write(
            secret.join("secret.md"),
            "---\nname: SECRETNAME\nleft: 2019\n---\nSECRET\n",
        )
        .expect("write");
        fs::write(secret.join("secret.png"), "SECRET").expect("write");
        fs::write(secret.join("secret.yaml"), "secret: SECRET\n").expect("write");
        fs::write(secret.join("secret.html"), "SECRET").expect("write");
        site.write("content/members/ok.md", "---\nname: Ok\nleft: 2019\n---\n");
        (site, secret)
    }

    fn link(site: &SiteDir, target: &Path, at: &str) {
        let at = site.path(at);
        fs::create_dir_all(at.parent().expect("a parent")).expect("folders");
        symlink(target, &at).expect("symlink");
    }

    #[track_caller]
    fn assert_refused(site: &SiteDir, link: &str) {
        let err = build_error(site);
        assert!(
            err.contains(link) && err.contains("leads outside the site"),
            "{link}: {err}"
        );
        assert!(!err.contains("SECRET"), "{err}");
    }

    #[test]
    fn symlinks_out_of_the_site_are_refused_wherever_they_are() {
        let cases: [(&str, &str); 8] = [
            ("secret.md", "content/members/evil.md"),
            ("", "content/members/evil"),
            ("secret.png", "static/evil.png"),
            ("", "static/evil"),
            ("secret.html", "templates/page.html"),
            ("secret.yaml", "data/evil.yaml"),
            ("secret.yaml", "i18n/en.yaml"),
            ("", "themes/default"),
        ];
        for (target, at) in cases {
            let (site, secret) = site_and_secret();
            link(&site, &secret.join(target), at);
            assert_refused(&site, at);
        }
    }

    #[test]
    fn a_source_folder_that_is_itself_a_symlink_out_of_the_site_is_refused() {
        let (site, secret) = site_and_secret();
        fs::remove_dir_all(site.path("content")).expect("remove content/");
        link(&site, &secret, "content");
        assert_refused(&site, "content");
    }

    /// `photo: sub/p.png` through a folder link that stays in the site, to
    /// a file link that does not.
    #[test]
    fn a_photo_reached_through_links_must_still_be_inside_the_site() {
        let (site, secret) = site_and_secret();
        link(&site, &secret.join("secret.png"), "private/p.png");
        link(&site, &site.path("private"), "content/members/sub");
        site.write(
            "content/members/ok.md",
            "---\nname: Ok\nleft: 2019\nphoto: sub/p.png\nshow_photo: true\n---\n",
        );
        assert_refused(&site, "content/members/ok.md");
    }

    #[test]
    fn symlinks_that_stay_inside_the_site_are_fine() {
        let (site, _) = site_and_secret();
        site.write(
            "shared/alias.md",
            "---\nname: Alias Person\nleft: 2019\n---\nfrom inside\n",
        );
        link(
            &site,
            &site.path("shared/alias.md"),
            "content/members/alias.md",
        );
        let files = site
            .build(Audience::Public)
            .unwrap_or_else(|d| panic!("{d}"));
        assert!(
            files
                .text("members/alias/index.html")
                .contains("Alias Person")
        );
    }

    /// `--output` through a symlink into the sources is the sources.
    #[test]
    fn an_output_folder_reached_through_a_symlink_is_checked_where_it_leads() {
        let (site, _) = site_and_secret();
        let beside = site.root.parent().expect("a parent");
        symlink(site.path("content"), beside.join("to-content")).expect("symlink");
        symlink(&site.root, beside.join("to-root")).expect("symlink");
        for out in [
            "to-content/new-folder",
            "to-content",
            "to-root",
            "to-root/content/x/y",
        ] {
            let err = output::check_target(&site.root, &beside.join(out), Audience::Public)
                .expect_err(out);
            assert!(
                err.to_string().contains("refusing to write the site here"),
                "{out}: {err}"
            );
        }
    }
}

#[test]
fn output_folders_that_would_destroy_something_are_refused_before_anything_is_deleted() {
    let site = site();
    site.write("content/members/a.md", "---\nname: A\nleft: 2019\n---\n");
    site.write("static/x.txt", "x");
    let beside = site.root.parent().expect("a parent").to_path_buf();
    fs::create_dir_all(beside.join("documents")).expect("documents/");
    fs::write(beside.join("documents/thesis.txt"), "years of work").expect("write");
    fs::write(beside.join("notes.txt"), "notes").expect("write");
    let refused = [
        site.root.clone(),
        beside.clone(),
        site.path("content"),
        site.path("content/out"),
        site.path("static/out"),
        site.path("themes/x"),
        site.path("templates"),
        site.path("data/out"),
        site.path("i18n"),
        site.path("public/../content/x"),
        site.path("site.yaml"),
        beside.join("notes.txt"),
        beside.join("documents"),
    ];
    let before = snapshot(&beside);
    for out in &refused {
        let mut options = site.options(Audience::Public);
        options.output = out.clone();
        let err = alumni::pipeline::build(&options).expect_err(&out.display().to_string());
        assert!(
            err.to_string().contains("refusing to write the site here"),
            "{}: {err}",
            out.display()
        );
        assert_eq!(before, snapshot(&beside), "{} changed files", out.display());
    }
    for ok in [
        site.path("public"),
        beside.join("new"),
        beside.join("documents/site"),
    ] {
        let mut options = site.options(Audience::Public);
        options.output = ok.clone();
        alumni::pipeline::build(&options).unwrap_or_else(|d| panic!("{}: {d}", ok.display()));
        assert!(ok.join("index.html").is_file());
        alumni::pipeline::build(&options)
            .unwrap_or_else(|d| panic!("a rebuild of {}: {d}", ok.display()));
    }
    assert_eq!(
        fs::read_to_string(beside.join("documents/thesis.txt")).unwrap(),
        "years of work"
    );
}

/// Every file under `dir` with its contents.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            out.push((
                entry.path().display().to_string(),
                fs::read(entry.path()).expect("read"),
            ));
        }
    }
    out
}

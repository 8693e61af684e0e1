//! `alumni schema`: the JSON Schema of site.yaml and of each kind's front
//! matter, against which the demo site, every example and the sites
//! `alumni init` makes validate; and what it refuses, a build refuses.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{BIN, NOW, repo_root};

/// The schema `alumni schema <name>` prints; without `required` for a
/// translation, which takes what it does not set from its original.
fn schema(name: &str, translation: bool) -> jsonschema::Validator {
    let out = Command::new(BIN).args(["schema", name]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    if translation {
        schema.as_object_mut().unwrap().remove("required");
    }
    jsonschema::validator_for(&schema).unwrap()
}

/// The front matter of a content file, as JSON.
fn front_matter(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let yaml = text
        .split_inclusive('\n')
        .skip(1)
        .take_while(|l| l.trim_end() != "---")
        .collect::<String>();
    let yaml = if yaml.trim().is_empty() { "{}" } else { &yaml };
    serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Which schema a content file is read with, and whether it is a
/// translation (`foo.en.md`).
fn kind_of(content: &Path, path: &Path) -> (String, bool) {
    let rel = path.strip_prefix(content).unwrap();
    let name = rel.file_name().unwrap().to_string_lossy().to_string();
    let translation = name.trim_end_matches(".md").contains('.');
    let kind = match rel.parent().and_then(|p| p.iter().next()) {
        None => "index".to_string(),
        Some(section) => section.to_string_lossy().to_string(),
    };
    (kind, translation)
}

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            md_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Every problem of `site`'s site.yaml and front matter against the schemas.
fn problems(site: &Path) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let config: Value =
        serde_yaml::from_str(&fs::read_to_string(site.join("site.yaml")).unwrap()).unwrap();
    let mut add = |path: &Path, validator: &jsonschema::Validator, value: &Value| {
        for e in validator.iter_errors(value) {
            problems.push(format!("{}: {e} at {}", path.display(), e.instance_path()));
        }
    };
    add(&site.join("site.yaml"), &schema("site", false), &config);
    let content = site.join("content");
    let mut files = Vec::new();
    md_files(&content, &mut files);
    for path in &files {
        let (kind, translation) = kind_of(&content, path);
        add(path, &schema(&kind, translation), &front_matter(path));
    }
    (files.len(), problems)
}

#[test]
fn the_demo_every_example_and_new_sites_validate_against_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let mut sites = vec![repo_root().to_path_buf()];
    for entry in fs::read_dir(repo_root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.join("site.yaml").is_file() {
            sites.push(path);
        }
    }
    for lang in ["ja", "en"] {
        let site = dir.path().join(lang);
        let out = Command::new(BIN)
            .args(["init", site.to_str().unwrap(), "--lang", lang])
            .env("SOURCE_DATE_EPOCH", NOW)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        sites.push(site);
    }
    assert!(sites.len() >= 6, "{sites:?}");
    let mut files = 0;
    for site in &sites {
        let (n, problems) = problems(site);
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            site.display(),
            problems.join("\n")
        );
        files += n;
    }
    assert!(files > 50, "only {files} content files validated");
}

/// Whether `alumni check` accepts a site with one member of front matter `front`.
fn check_accepts(front: &Value) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    fs::write(
        site.join("site.yaml"),
        "title: T\nbase_url: https://a.example\n",
    )
    .unwrap();
    fs::create_dir_all(site.join("content/members")).unwrap();
    let yaml = serde_yaml::to_string(front).unwrap();
    fs::write(
        site.join("content/members/a.md"),
        format!("---\n{yaml}---\nBio.\n"),
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["check", "--audience", "members", "--root"])
        .arg(site)
        .env("SOURCE_DATE_EPOCH", NOW)
        .output()
        .unwrap();
    out.status.success()
}

#[test]
fn what_the_schema_refuses_a_build_refuses() {
    let members = schema("members", false);
    let ok: Value = serde_json::json!({
        "name": "A", "left": 2019, "joined": "2015-04-01", "visibility": "public",
        "consent": "2024-04-01", "open_to": ["rehire"], "links": {"website": "https://a.example"},
        "now": {"company": "B"}, "extra": {"anything": [1, 2]},
    });
    assert!(members.is_valid(&ok));
    assert!(check_accepts(&ok));
    for (field, value) in [
        ("visibility", serde_json::json!("pubic")),
        ("withdrawn", Value::Null),
        ("consent", Value::Null),
        ("draft", Value::Null),
        ("left", serde_json::json!("20x9")),
        ("joined", serde_json::json!("2019-3-1x")),
        ("open_to", serde_json::json!(["rehirre"])),
        (
            "links",
            serde_json::json!({"website": "javascript:alert(1)"}),
        ),
        ("deparment", serde_json::json!("Sales")),
    ] {
        let mut bad = ok.clone();
        bad[field] = value.clone();
        assert!(!members.is_valid(&bad), "{field}: {value}");
        assert!(!check_accepts(&bad), "{field}: {value}");
    }
    let mut no_left = ok.clone();
    no_left.as_object_mut().unwrap().remove("left");
    assert!(!members.is_valid(&no_left));
    let events = schema("events", false);
    for start in ["2026-12-10", "2026-12-10T19:00:00+09:00"] {
        assert!(events.is_valid(&serde_json::json!({"title": "T", "start": start})));
    }
    assert!(!events.is_valid(&serde_json::json!({"title": "T", "start": "2026-12-10 7pm"})));
    let site = schema("site", false);
    let config = serde_json::json!({"title": "T", "base_url": "https://a.example", "directory": {"filters": ["initial"]}});
    assert!(site.is_valid(&config));
    let mut bad = config.clone();
    bad["directory"]["filters"] = serde_json::json!(["deparment"]);
    assert!(!site.is_valid(&bad));
    bad = config.clone();
    bad["privacy"] = serde_json::json!({"min_grop_size": 3});
    assert!(!site.is_valid(&bad));
    // directory.per_page alone, and out of its range.
    let pages = serde_json::json!({"title": "T", "base_url": "https://a.example", "directory": {"per_page": 20}});
    assert!(site.is_valid(&pages), "directory.filters is optional");
    for n in [0, 1001] {
        bad = pages.clone();
        bad["directory"]["per_page"] = serde_json::json!(n);
        assert!(!site.is_valid(&bad), "per_page {n}");
    }
}

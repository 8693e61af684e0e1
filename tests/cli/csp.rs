//! A strict Content-Security-Policy fits every page the default theme
//! makes: `default-src 'self'; img-src 'self' data:; style-src 'self';
//! script-src 'self'` (docs/deploy.md), with no `'unsafe-inline'`. So no
//! page has a `<style>` element, a `style=` attribute, a `<script>` with
//! code in it, an `on…=` handler or a `javascript:` URL, and everything a
//! page loads comes from the site itself. JSON-LD (`<script
//! type="application/ld+json">`) is data a browser never runs: allowed.

use std::fs;
use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};

use crate::deploy::deploy_site;
use crate::support::{BIN, NOW, repo_root, tree};

/// Why `html` would need `'unsafe-inline'` or a source other than the
/// site itself, one line per reason.
fn csp_violations(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    let all = Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let v = el.value();
        let name = v.name();
        if name == "style" {
            found.push(format!("a <style> element: {}", el.html()));
        }
        if name == "script" {
            let data = v.attr("type") == Some("application/ld+json");
            let code = el.text().any(|t| !t.trim().is_empty());
            if !data && (code || v.attr("src").is_none()) {
                found.push(format!("an inline script: {}", el.html()));
            }
        }
        for (attr, value) in v.attrs() {
            if attr == "style" {
                found.push(format!("a style attribute on <{name}>: {value}"));
            }
            if attr.starts_with("on") {
                found.push(format!("an event handler on <{name}>: {attr}={value}"));
            }
            if value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("javascript:")
            {
                found.push(format!("a javascript: URL on <{name}>: {value}"));
            }
        }
        // What the page loads: from the site itself (an image may also be
        // a data: URL).
        let loaded = match name {
            "script" | "img" | "source" => v.attr("src"),
            "link" if v.attr("rel") == Some("stylesheet") => v.attr("href"),
            _ => None,
        };
        if let Some(url) = loaded {
            let own = url.starts_with('/') && !url.starts_with("//")
                || !url.contains(':') && !url.starts_with("//")
                || name == "img" && url.starts_with("data:");
            if !own {
                found.push(format!("<{name}> loads {url} from elsewhere"));
            }
        }
    }
    found
}

/// Every `.html` file of a build that a strict policy would block a part of.
fn violations_in(output: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pages = 0;
    for (rel, bytes) in tree(output) {
        if !rel.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        found.extend(
            csp_violations(&html)
                .into_iter()
                .map(|v| format!("{rel}: {v}")),
        );
    }
    assert!(pages > 0, "no pages under {}", output.display());
    found
}

fn build(root: &Path, audience: &str, output: &Path) {
    let out = Command::new(BIN)
        .args(["build", "--quiet", "--audience", audience, "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .env("SOURCE_DATE_EPOCH", NOW)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} ({audience}) fails to build:\n{}",
        root.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_checker_sees_what_a_strict_policy_blocks() {
    let ok = r#"<html><head><link rel="stylesheet" href="/style.css"><script src="/a.js" defer></script>
        <script type="application/ld+json">{"@type":"Person"}</script></head>
        <body><img src="data:image/png;base64,AA" alt=""><img src="photo.jpg" alt=""></body></html>"#;
    assert_eq!(csp_violations(ok), Vec::<String>::new());
    for bad in [
        "<style>a{}</style>",
        r#"<p style="color:red">x</p>"#,
        "<script>alert(1)</script>",
        r#"<button onclick="go()">x</button>"#,
        r#"<a href="javascript:go()">x</a>"#,
        r#"<link rel="stylesheet" href="https://cdn.example/x.css">"#,
        r#"<script src="//cdn.example/x.js"></script>"#,
        r#"<svg><style>circle{}</style></svg>"#,
    ] {
        let html = format!("<html><head></head><body>{bad}</body></html>");
        assert_eq!(csp_violations(&html).len(), 1, "{bad}");
    }
}

#[test]
fn the_demo_and_every_example_need_no_unsafe_inline() {
    let mut sites = vec![repo_root().to_path_buf()];
    for entry in fs::read_dir(repo_root().join("examples")).unwrap() {
        let site = entry.unwrap().path();
        if site.join("site.yaml").is_file() {
            sites.push(site);
        }
    }
    assert!(sites.len() >= 4, "{sites:?}");
    let mut found = Vec::new();
    for site in &sites {
        for audience in ["public", "members"] {
            let dir = tempfile::tempdir().unwrap();
            let output = dir.path().join("out");
            build(site, audience, &output);
            found.extend(
                violations_in(&output)
                    .into_iter()
                    .map(|v| format!("{} ({audience}) {v}", site.display())),
            );
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_brand_palette_is_a_stylesheet_under_the_sites_folder() {
    let site = deploy_site();
    let yaml = fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let yaml = yaml.replace(
        "  name: 例株式会社\n",
        "  name: 例株式会社\n  brand_color: \"#c8102e\"\n",
    );
    assert!(yaml.contains("brand_color"), "{yaml}");
    site.write("site.yaml", &yaml);
    let out = site.build(&[]);
    out.assert_success();

    let css = out.file("palette.css");
    let (light, dark) = css.split_once("prefers-color-scheme: dark").unwrap();
    assert!(light.contains("--brand: #c8102e;"), "{css}");
    assert!(dark.contains("--brand: "), "{css}");
    assert!(!css.contains("<"), "{css}");
    // Linked from every page, both languages, under /corp/alumni/, after
    // the theme's stylesheet and before the site's own.
    for page in [
        "index.html",
        "members/index.html",
        "en/index.html",
        "404.html",
    ] {
        let html = out.file(page);
        let theme = html.find(r#"href="/corp/alumni/style.css""#);
        let palette = html.find(r#"<link rel="stylesheet" href="/corp/alumni/palette.css">"#);
        let own = html.find(r#"href="/corp/alumni/brand.css""#);
        assert!(
            theme.is_some() && theme < palette && palette < own,
            "{page}: {theme:?} {palette:?} {own:?}"
        );
        assert_eq!(csp_violations(&html), Vec::<String>::new(), "{page}");
    }
}

#[test]
fn a_site_without_a_brand_colour_has_no_palette_to_load() {
    let site = deploy_site();
    let out = site.build(&[]);
    out.assert_success();
    assert!(!out.exists("palette.css"));
    for (rel, bytes) in out.tree() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("palette.css"), "{rel} names palette.css");
    }
}

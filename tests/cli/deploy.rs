//! Deploying: a site under a sub-path, seen as a browser sees it. The build
//! is served with a plain static server (files under the path, a folder by
//! its `index.html`, like GitHub Pages or nginx) on a loopback port, and
//! every `href`, `src`, `srcset`, the directory's `data-index`, the OG and
//! canonical URLs of every page, and the URLs in the sitemaps, feeds,
//! calendars, robots.txt and search data are fetched: none may be missing,
//! none may leave the site's path. `deploy/site` is served under
//! `/corp/alumni/` (its `base_url`), the demo under `/alumni/`
//! (`--base-url`) and at the root.

use std::collections::{BTreeSet, VecDeque};
use std::io::{Cursor, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use scraper::{Html, Selector};

use crate::snapshot;
use crate::support::{BIN, NOW, SiteTest, repo_root};

/// A plain JPEG, for the fixture's photo and cover.
fn jpeg() -> Vec<u8> {
    let img = RgbImage::from_fn(240, 200, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .unwrap();
    bytes
}

/// `deploy/site` with its photo and cover in place.
pub fn deploy_site() -> SiteTest {
    let site = SiteTest::fixture("deploy/site");
    std::fs::write(site.root().join("content/members/sato-hanako.jpg"), jpeg()).unwrap();
    std::fs::write(site.root().join("content/stories/cover.jpg"), jpeg()).unwrap();
    site
}

/// A plain static file server on a loopback port: `prefix` + `/a/b` is
/// the file `a/b` of `dir`, a folder is its `index.html`, anything else
/// is 404. It knows nothing of alumni.
struct StaticServer {
    server: Arc<tiny_http::Server>,
    addr: String,
}

impl StaticServer {
    fn start(dir: &Path, prefix: &str) -> StaticServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let addr = server.server_addr().to_ip().unwrap().to_string();
        let (dir, prefix, http) = (dir.to_path_buf(), prefix.to_string(), Arc::clone(&server));
        std::thread::spawn(move || {
            for request in http.incoming_requests() {
                let response = match file_of(&dir, &prefix, request.url()) {
                    Some(path) => tiny_http::Response::from_data(std::fs::read(path).unwrap()),
                    None => tiny_http::Response::from_string("not found").with_status_code(404),
                };
                let _ = request.respond(response);
            }
        });
        StaticServer { server, addr }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

/// The file of `dir` that a static host answers `url` with.
fn file_of(dir: &Path, prefix: &str, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next()?;
    let rest = path.strip_prefix(prefix)?.strip_prefix('/')?;
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    if decoded.split('/').any(|s| s == "..") {
        return None;
    }
    let mut file = dir.join(decoded.as_ref());
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

/// `GET path` over plain HTTP/1.0: the status and the body.
fn get(addr: &str, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).unwrap();
    let head_end = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP reply");
    let head = String::from_utf8_lossy(&reply[..head_end]);
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, reply[head_end + 4..].to_vec())
}

/// Every URL a file of the site names: attributes of HTML pages, URLs of
/// the site in XML, calendars, robots.txt, and the directory's search data.
fn urls_in(path: &str, body: &[u8], origin: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    if path.ends_with('/') || path.ends_with(".html") {
        let html = Html::parse_document(&text);
        let mut out = Vec::new();
        for (selector, attribute) in [
            ("[href]", "href"),
            ("[src]", "src"),
            ("[srcset]", "srcset"),
            ("[data-index]", "data-index"),
            ("meta[property='og:url']", "content"),
            ("meta[property='og:image']", "content"),
        ] {
            for element in html.select(&Selector::parse(selector).unwrap()) {
                let value = element.value().attr(attribute).unwrap_or("");
                if attribute == "srcset" {
                    out.extend(
                        value
                            .split(',')
                            .filter_map(|c| c.split_whitespace().next().map(str::to_string)),
                    );
                } else {
                    out.push(value.to_string());
                }
            }
        }
        // JSON-LD: every URL of the site in it.
        for script in html.select(&Selector::parse("script[type='application/ld+json']").unwrap()) {
            out.extend(absolute_urls(
                &script.inner_html().replace("\\/", "/"),
                origin,
            ));
        }
        return out;
    }
    if path.ends_with(".json") {
        let json: serde_json::Value = serde_json::from_slice(body).unwrap();
        let mut out = Vec::new();
        for m in json["members"].as_array().into_iter().flatten() {
            for key in ["url", "photo", "photo_2x"] {
                if let Some(u) = m[key].as_str() {
                    out.push(u.to_string());
                }
            }
        }
        return out;
    }
    absolute_urls(&text.replace("\r\n ", ""), origin)
}

/// The URLs on `origin` written in `text`.
fn absolute_urls(text: &str, origin: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(origin) {
        let url = &rest[i..];
        let end = url
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '\'' | ')'))
            .unwrap_or(url.len());
        out.push(url[..end].to_string());
        rest = &url[end..];
    }
    out
}

/// What a crawl found wrong, and what it fetched.
#[derive(Debug, Default)]
struct Crawl {
    fetched: BTreeSet<String>,
    missing: BTreeSet<(String, String)>,
    outside: BTreeSet<(String, String)>,
}

/// Serves `output` under `prefix` and fetches every URL of the site named
/// anywhere in it, starting from every file it holds. `origin` is the
/// scheme and host of its `base_url` (`https://org.github.io`).
fn crawl(output: &Path, origin: &str, prefix: &str) -> Crawl {
    let server = StaticServer::start(output, prefix);
    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    for entry in walkdir::WalkDir::new(output).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(output)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if entry.file_type().is_file() && !rel.starts_with(".alumni") {
            let url = format!("{prefix}/{}", rel.trim_end_matches("index.html"));
            let encoded: Vec<String> = url
                .split('/')
                .map(|s| {
                    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
                        .to_string()
                        .replace("%2E", ".")
                        .replace("%2D", "-")
                        .replace("%5F", "_")
                })
                .collect();
            queue.push_back(("(the output folder)".into(), encoded.join("/")));
        }
    }
    let mut crawl = Crawl::default();
    while let Some((from, url)) = queue.pop_front() {
        let path = url.split(['?', '#']).next().unwrap().to_string();
        if !crawl.fetched.insert(path.clone()) {
            continue;
        }
        let (status, body) = get(&server.addr, &path);
        if status != 200 {
            crawl.missing.insert((from, path));
            continue;
        }
        for link in urls_in(&path, &body, origin) {
            let Some(target) = resolve(&path, &link, origin) else {
                continue;
            };
            let inside =
                prefix.is_empty() || target == prefix || target.starts_with(&format!("{prefix}/"));
            if !inside {
                crawl.outside.insert((path.clone(), link));
                continue;
            }
            queue.push_back((path.clone(), target));
        }
    }
    crawl
}

/// `link` as a path on the site's host, seen from the page at `page`; `None`
/// for another host, a scheme other than http(s) or a fragment alone.
fn resolve(page: &str, link: &str, origin: &str) -> Option<String> {
    let link = link.trim();
    if link.is_empty() || link.starts_with('#') {
        return None;
    }
    if let Some(rest) = link.strip_prefix(origin) {
        return rest
            .starts_with('/')
            .then(|| rest.to_string())
            .or(Some("/".into()));
    }
    if link.starts_with("//")
        || link.contains(':') && !link.starts_with('/') && !link.starts_with('.')
    {
        return None;
    }
    if link.starts_with('/') {
        return Some(link.to_string());
    }
    let dir = &page[..=page.rfind('/').unwrap()];
    let joined = format!("{dir}{link}");
    let mut segments: Vec<&str> = Vec::new();
    for s in joined.split('/') {
        match s {
            "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    Some(segments.join("/"))
}

fn assert_clean(crawl: &Crawl, at_least: usize) {
    assert!(
        crawl.missing.is_empty(),
        "not found (page, link): {:#?}",
        crawl.missing
    );
    assert!(
        crawl.outside.is_empty(),
        "outside the site's path (page, link): {:#?}",
        crawl.outside
    );
    assert!(
        crawl.fetched.len() >= at_least,
        "only {} URLs fetched",
        crawl.fetched.len()
    );
}

#[test]
fn a_site_under_a_path_has_every_link_under_it() {
    let site = deploy_site();
    let out = site.build(&[]);
    out.assert_success();
    let output = site.root().join("public");
    let crawl = crawl(&output, "https://www.example.co.jp", "/corp/alumni");
    assert_clean(&crawl, 40);
    // What the crawl went through: pages, assets, data files.
    for url in [
        "/corp/alumni/",
        "/corp/alumni/en/",
        "/corp/alumni/style.css",
        "/corp/alumni/brand.css",
        "/corp/alumni/directory.js",
        "/corp/alumni/search/index.json",
        "/corp/alumni/en/search/index.json",
        "/corp/alumni/members/sato-hanako/photo-96.jpg",
        "/corp/alumni/members/sato-hanako/photo-192.jpg",
        "/corp/alumni/stories/return/cover.jpg",
        "/corp/alumni/logo.svg",
        "/corp/alumni/events/meetup.ics",
        "/corp/alumni/jobs/",
        "/corp/alumni/stats/",
        "/corp/alumni/404.html",
    ] {
        assert!(crawl.fetched.contains(url), "{url} was never linked");
    }
    let home = out.file("index.html");
    // Markdown and raw HTML links from the site's root are put under its path.
    assert!(home.contains("href=\"/corp/alumni/jobs/\""), "{home}");
    assert!(home.contains("href=\"/corp/alumni/events/\""), "{home}");
    assert!(home.contains("src=\"/corp/alumni/logo.svg\""), "{home}");
    // The theme's links in English pages go to the English sections.
    let en = out.file("en/stories/return/index.html");
    for link in [
        "/corp/alumni/en/members/",
        "/corp/alumni/en/stories/",
        "/corp/alumni/en/",
    ] {
        assert!(en.contains(&format!("href=\"{link}\"")), "{link}");
    }
    let profile = out.file("members/sato-hanako/index.html");
    assert!(profile.contains(
        "<link rel=\"canonical\" href=\"https://www.example.co.jp/corp/alumni/members/sato-hanako/\">"
    ));
    assert!(profile.contains(
        "hreflang=\"en\" href=\"https://www.example.co.jp/corp/alumni/en/members/sato-hanako/\""
    ));
    assert!(
        out.file("robots.txt")
            .contains("Sitemap: https://www.example.co.jp/corp/alumni/sitemap.xml")
    );
    assert!(
        out.file("events/meetup.ics")
            .contains("URL:https://www.example.co.jp/corp/alumni/events/meetup/")
    );
    assert!(
        out.file("en/atom.xml")
            .contains("https://www.example.co.jp/corp/alumni/en/news/launch/")
    );
    // The members-only profile is in no file of the public build.
    assert!(!crawl.fetched.iter().any(|u| u.contains("ito-saburo")));
    // `check` reads the links the same way: none is broken.
    let check = site.run(&["check"]);
    check.assert_success();
    assert!(
        !check.stderr.contains("broken") && !check.stderr.contains("not a page"),
        "{}",
        check.stderr
    );
}

#[test]
fn the_members_build_under_a_path_has_every_link_under_it() {
    let site = deploy_site();
    site.build(&["--audience", "members"]).assert_success();
    let crawl = crawl(
        &site.root().join("members-only"),
        "https://www.example.co.jp",
        "/corp/alumni",
    );
    assert_clean(&crawl, 40);
    assert!(crawl.fetched.contains("/corp/alumni/members/ito-saburo/"));
}

/// The demo site built by `alumni build --base-url URL`.
fn demo(base_url: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let out = std::process::Command::new(BIN)
        .args(["build", "--quiet", "--root"])
        .arg(repo_root())
        .args(["--base-url", base_url, "--output"])
        .arg(&output)
        .env("SOURCE_DATE_EPOCH", NOW)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, output)
}

#[test]
fn the_demo_under_a_project_path_has_no_broken_link() {
    let (_dir, output) = demo("https://org.github.io/alumni/");
    let crawl = crawl(&output, "https://org.github.io", "/alumni");
    assert_clean(&crawl, 200);
}

#[test]
fn the_demo_at_the_root_has_no_broken_link() {
    let (_dir, output) = demo("https://alumni.example.com");
    let crawl = crawl(&output, "https://alumni.example.com", "");
    assert_clean(&crawl, 200);
}

/// The manifest a build wrote, parsed.
fn manifest_of(out: &crate::support::Outcome) -> serde_json::Value {
    serde_json::from_str(&out.file("alumni-manifest.json")).unwrap()
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Sets `withdrawn:` in a member's file.
fn withdraw(site: &SiteTest, slug: &str) {
    let path = format!("content/members/{slug}.md");
    let text = std::fs::read_to_string(site.root().join(&path)).unwrap();
    site.write(
        &path,
        &text.replacen(
            "consent: 2024-04-01\n",
            "consent: 2024-04-01\nwithdrawn: 2026-05-01\n",
            1,
        ),
    );
}

#[test]
fn the_manifest_lists_every_published_file_and_only_those() {
    let site = deploy_site();
    let out = site.build(&[]);
    out.assert_success();
    let manifest = manifest_of(&out);
    assert_eq!(manifest["manifest"], 1);
    assert_eq!(manifest["audience"], "public");
    assert_eq!(
        manifest["base_url"],
        "https://www.example.co.jp/corp/alumni"
    );
    let listed: BTreeSet<String> = manifest["files"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let on_disk: BTreeSet<String> = out
        .files()
        .into_iter()
        .filter(|f| f != ".alumni-build" && f != "alumni-manifest.json")
        .collect();
    assert_eq!(listed, on_disk);
    for path in &listed {
        let sum = manifest["files"][path].as_str().unwrap();
        assert_eq!(sum, alumni::manifest::hash(&out.bytes(path)), "{path}");
    }
    assert!(listed.contains("members/sato-hanako/photo-96.jpg"));
    // The members-only profile is not published, so not listed.
    assert!(!out.file("alumni-manifest.json").contains("ito-saburo"));
    // The members build lists its own files.
    let members = site.build(&["--audience", "members"]);
    members.assert_success();
    let m = manifest_of(&members);
    assert_eq!(m["audience"], "members");
    assert!(m["files"].get("members/ito-saburo/index.html").is_some());
}

#[test]
fn a_withdrawal_lists_the_profile_its_photos_and_every_page_that_changed() {
    let site = deploy_site();
    site.build(&[]).assert_success();
    // What is live now, as CI would fetch it from the site.
    std::fs::copy(
        site.root().join("public/alumni-manifest.json"),
        site.path("live.json"),
    )
    .unwrap();
    withdraw(&site, "sato-hanako");
    let out = site.build(&["--previous", "../live.json", "--changes", "../purge.json"]);
    out.assert_success();
    let changes: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.path("purge.json")).unwrap()).unwrap();
    let base = "https://www.example.co.jp/corp/alumni";
    let removed = strings(&changes["removed"]);
    // The profile in each language and its photo thumbnails come first.
    let first: BTreeSet<&str> = removed.iter().take(4).map(String::as_str).collect();
    let profile = [
        format!("{base}/members/sato-hanako/"),
        format!("{base}/en/members/sato-hanako/"),
        format!("{base}/members/sato-hanako/photo-96.jpg"),
        format!("{base}/members/sato-hanako/photo-192.jpg"),
    ];
    assert_eq!(first, profile.iter().map(String::as_str).collect());
    // Term pages only she was on are gone.
    for gone in ["cohorts/2019/", "en/departments/engineering/"] {
        assert!(
            removed.contains(&format!("{base}/{gone}")),
            "{gone}: {removed:#?}"
        );
    }
    let changed = strings(&changes["changed"]);
    for page in [
        "members/",
        "en/members/",
        "skills/rust/",
        "stories/return/",
        "search/index.json",
        "sitemap.xml",
        "stats/",
    ] {
        assert!(
            changed.contains(&format!("{base}/{page}")),
            "{page}: {changed:#?}"
        );
    }
    // Nothing unchanged is listed.
    assert!(
        !changed
            .iter()
            .any(|u| u.contains("/jobs/") || u.contains("kato-jiro")),
        "{changed:#?}"
    );
    // Only counted in the log, which may be public: no URL is printed.
    assert!(
        out.stdout.contains(&format!(
            "{} removed, {} changed",
            removed.len(),
            changed.len()
        )),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("purge.json"), "{}", out.stdout);
    for printed in [&out.stdout, &out.stderr] {
        assert!(
            !printed.contains("sato-hanako") && !printed.contains("https://"),
            "{printed}"
        );
    }
}

#[test]
fn a_build_with_no_change_lists_nothing() {
    let site = deploy_site();
    site.build(&[]).assert_success();
    std::fs::copy(
        site.root().join("public/alumni-manifest.json"),
        site.path("live.json"),
    )
    .unwrap();
    let out = site.build(&["--previous", "../live.json"]);
    out.assert_success();
    let changes: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.root().join(".public.changes.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(changes["removed"], serde_json::json!([]));
    assert_eq!(changes["changed"], serde_json::json!([]));
    assert!(
        out.stdout.contains("Nothing removed or changed"),
        "{}",
        out.stdout
    );
}

#[test]
fn without_previous_the_replaced_build_is_the_previous_one() {
    let site = deploy_site();
    // A first build has nothing to compare with: nothing removed or changed.
    site.build(&["--changes", "../changes.json"])
        .assert_success();
    let read = || -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(site.path("changes.json")).unwrap()).unwrap()
    };
    assert_eq!(read()["removed"], serde_json::json!([]));
    assert_eq!(read()["changed"], serde_json::json!([]));
    // Unless asked, a build writes nothing beside its output.
    withdraw(&site, "kato-jiro");
    site.build(&[]).assert_success();
    assert!(!site.root().join(".public.changes.json").exists());
    // Asked, it compares with the build it replaces.
    withdraw(&site, "sato-hanako");
    site.build(&["--changes", "../changes.json"])
        .assert_success();
    let removed = strings(&read()["removed"]);
    assert_eq!(
        removed[..2],
        [
            "https://www.example.co.jp/corp/alumni/en/members/sato-hanako/",
            "https://www.example.co.jp/corp/alumni/members/sato-hanako/"
        ]
    );
    assert!(
        !removed.iter().any(|u| u.contains("kato-jiro")),
        "{removed:#?}"
    );
}

#[test]
fn a_bad_previous_manifest_or_changes_file_stops_the_build_before_it_writes() {
    let site = deploy_site();
    let first = site.build(&[]);
    first.assert_success();
    let before = first.tree();
    let listed = first.file("alumni-manifest.json");
    site.write("not-a-manifest.json", "<html>not found</html>");
    let members = site.build(&["--audience", "members"]);
    members.assert_success();
    std::fs::copy(
        site.root().join("members-only/alumni-manifest.json"),
        site.root().join("members.json"),
    )
    .unwrap();
    // Manifests no build writes: fetched from a site someone tampered with.
    let crafted = |base_url: &str, path: &str| {
        serde_json::json!({
            "manifest": 1, "base_url": base_url, "audience": "public",
            "files": {"index.html": alumni::manifest::hash(b"x"), path: alumni::manifest::hash(b"y")}
        })
        .to_string()
    };
    site.write(
        "crafted-base.json",
        &crafted("javascript:alert(1)//\u{1b}[2J", "members/x/index.html"),
    );
    site.write(
        "crafted-path.json",
        &crafted(
            "https://www.example.co.jp/corp/alumni",
            "../../\u{1b}[2J; rm -rf ~",
        ),
    );
    withdraw(&site, "sato-hanako");
    for (args, name) in [
        (vec!["--previous", "missing.json"], "previous_missing"),
        (
            vec!["--previous", "not-a-manifest.json"],
            "previous_not_a_manifest",
        ),
        (
            vec!["--previous", "members.json"],
            "previous_of_the_other_audience",
        ),
        (
            vec!["--changes", "public/changes.json"],
            "changes_inside_the_output",
        ),
        (
            vec!["--previous", "crafted-base.json"],
            "previous_base_url_not_http",
        ),
        (
            vec!["--previous", "crafted-path.json"],
            "previous_path_outside",
        ),
    ] {
        let out = site.build(&args);
        out.assert_exit(1);
        snapshot!(name, out.stderr);
        assert!(
            !out.stderr.contains('\u{1b}') && !out.stderr.contains("rm -rf"),
            "{}",
            out.stderr
        );
        assert_eq!(first.tree(), before, "{name} changed the output");
        assert_eq!(first.file("alumni-manifest.json"), listed, "{name}");
    }
    // A site file may not take the manifest's name.
    site.write("static/alumni-manifest.json", "{}");
    let out = site.build(&[]);
    out.assert_exit(1);
    snapshot!("static_file_named_like_the_manifest", out.stderr);
    assert_eq!(first.tree(), before);
}

/// The YAML blocks of docs/deploy.md, parsed.
fn deploy_recipes() -> Vec<serde_yaml::Value> {
    let doc = std::fs::read_to_string(repo_root().join("docs/deploy.md")).unwrap();
    doc.split("```yaml\n")
        .skip(1)
        .map(|block| {
            let yaml = block.split("\n```").next().unwrap();
            serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
        })
        .collect()
}

fn runs(steps: &serde_yaml::Value) -> String {
    let mut all = String::new();
    for step in steps.as_sequence().unwrap() {
        if let Some(run) = step.get("run").and_then(|r| r.as_str()) {
            all.push_str(run);
            all.push('\n');
        }
    }
    all
}

/// Closed jobs and past events move with the date: the CI recipes build
/// daily, deploy those builds, and compare with what is live.
#[test]
fn the_ci_recipes_build_daily_and_purge_what_changed() {
    let recipes = deploy_recipes();
    let github = recipes
        .iter()
        .find(|r| r.get("jobs").is_some())
        .expect("a GitHub Actions workflow in docs/deploy.md");
    let cron = github["on"]["schedule"][0]["cron"]
        .as_str()
        .expect("on.schedule");
    assert_eq!(cron.split_whitespace().count(), 5, "{cron}");
    assert!(
        cron.split_whitespace().skip(2).all(|f| f == "*"),
        "daily: {cron}"
    );
    let deploy_if = github["jobs"]["deploy"]["if"].as_str().unwrap();
    assert!(
        !deploy_if.contains("== 'push'"),
        "scheduled builds must deploy: {deploy_if}"
    );
    let build = runs(&github["jobs"]["build"]["steps"]);
    assert!(
        build.contains("alumni build --previous live.json"),
        "{build}"
    );
    // The manifest is fetched from where the project site is.
    assert!(
        build.contains(&format!(
            "https://org.github.io/alumni/{}",
            alumni::manifest::FILE
        )),
        "{build}"
    );
    let gitlab = recipes
        .iter()
        .find(|r| r.get("pages").is_some())
        .expect("a GitLab CI file in docs/deploy.md");
    let rules = serde_yaml::to_string(&gitlab["pages"]["rules"]).unwrap();
    assert!(
        rules.contains("$CI_PIPELINE_SOURCE == \"schedule\""),
        "{rules}"
    );
    let script = serde_yaml::to_string(&gitlab["pages"]["script"]).unwrap();
    assert!(script.contains("--previous live.json"), "{script}");
}

/// A template that writes a link from the host's root misses the folder:
/// `check` says so at the template's line, and how to write it.
#[test]
fn check_finds_a_template_link_that_misses_the_folder() {
    let site = deploy_site();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<a href=\"/members/\">members</a> <a href=\"{{ \"members/\" | url }}\">ok</a>\n{{ page.content | safe }}\n{% endblock main %}\n",
    );
    let out = site.run(&["check"]);
    out.assert_exit(1);
    snapshot!("template_link_outside_the_folder", out.stdout);
}

/// A member made members-only leaves the public build like a withdrawal:
/// listed as removed there, while the members build still has the profile.
#[test]
fn a_member_made_members_only_is_removed_from_the_public_build_only() {
    let site = deploy_site();
    site.build(&[]).assert_success();
    site.build(&["--audience", "members"]).assert_success();
    let path = "content/members/kato-jiro.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        &text.replace("visibility: public", "visibility: members"),
    );
    site.build(&["--changes", "../public.json"])
        .assert_success();
    let read = |file: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(site.path(file)).unwrap()).unwrap()
    };
    let removed = strings(&read("public.json")["removed"]);
    assert_eq!(
        removed[0],
        "https://www.example.co.jp/corp/alumni/en/members/kato-jiro/"
    );
    assert_eq!(
        removed[1],
        "https://www.example.co.jp/corp/alumni/members/kato-jiro/"
    );
    site.build(&["--audience", "members", "--changes", "../members.json"])
        .assert_success();
    let members = read("members.json");
    assert!(
        !strings(&members["removed"])
            .iter()
            .any(|u| u.contains("kato-jiro")),
        "{members:#}"
    );
}

/// The list of changes names people who withdrew, and replaces the file it
/// is written to: never inside the output (symlinks followed) or the
/// site's sources, never over a file that is not an earlier list, never in
/// a folder made for it.
#[test]
fn the_changes_file_goes_nowhere_it_could_be_published_or_replace_a_file() {
    let site = deploy_site();
    let first = site.build(&[]);
    first.assert_success();
    let before = first.tree();
    // A link to the output folder, and an output folder that is a link.
    std::os::unix::fs::symlink(site.root().join("public"), site.root().join("to-public")).unwrap();
    std::fs::create_dir(site.path("www")).unwrap();
    std::os::unix::fs::symlink(site.path("www"), site.root().join("served")).unwrap();
    site.build(&["-o", "served"]).assert_success();
    let served = crate::support::tree(&site.path("www"));
    site.write("../earlier.txt", "not a list of changes\n");
    site.build(&["--audience", "members"]).assert_success();
    withdraw(&site, "sato-hanako");
    let yaml = std::fs::read(site.root().join("site.yaml")).unwrap();
    let kato = std::fs::read(site.root().join("content/members/kato-jiro.md")).unwrap();
    for (args, name) in [
        (
            vec!["--changes", "to-public/changes.json"],
            "changes_through_a_link_into_the_output",
        ),
        (
            vec!["--changes", "./public/../public/changes.json"],
            "changes_inside_the_output_by_dots",
        ),
        (vec!["--changes", "site.yaml"], "changes_over_site_yaml"),
        (
            vec!["--changes", "content/members/kato-jiro.md"],
            "changes_over_a_member",
        ),
        (
            vec!["--changes", "content/changes.json"],
            "changes_inside_the_sources",
        ),
        (
            vec!["--changes", "static/changes.json"],
            "changes_inside_static",
        ),
        (
            vec!["--changes", "../earlier.txt"],
            "changes_over_another_file",
        ),
        (
            vec!["--changes", "../nonexistent/dir/changes.json"],
            "changes_in_a_missing_folder",
        ),
        (vec!["--changes", ".."], "changes_not_a_file_name"),
        (
            vec!["--changes", "members-only/changes.json"],
            "changes_inside_another_build",
        ),
    ] {
        let out = site.build(&args);
        out.assert_exit(1);
        snapshot!(name, out.stderr);
        assert_eq!(first.tree(), before, "{name} changed the output");
    }
    for (args, name) in [
        (
            vec!["-o", "served", "--changes", "../www/changes.json"],
            "served",
        ),
        (
            vec!["-o", "served", "--changes", "served/changes.json"],
            "served link",
        ),
    ] {
        let out = site.build(&args);
        out.assert_exit(1);
        out.assert_stderr_has(&["inside the output folder"]);
        assert_eq!(crate::support::tree(&site.path("www")), served, "{name}");
    }
    assert!(!site.path("www/changes.json").exists());
    assert!(!site.path("nonexistent").exists(), "a folder was made");
    assert_eq!(std::fs::read(site.root().join("site.yaml")).unwrap(), yaml);
    assert_eq!(
        std::fs::read(site.root().join("content/members/kato-jiro.md")).unwrap(),
        kato
    );
    assert_eq!(
        std::fs::read_to_string(site.path("earlier.txt")).unwrap(),
        "not a list of changes\n"
    );
    assert!(!site.root().join("content/changes.json").exists());
    // An earlier list is replaced.
    site.build(&["--changes", "../earlier.json"])
        .assert_success();
    site.build(&["--changes", "../earlier.json"])
        .assert_success();
}

/// A build that cannot write its list of changes fails before it replaces
/// anything: the previous output is as it was.
#[test]
fn a_changes_file_that_cannot_be_written_leaves_the_previous_output() {
    let site = deploy_site();
    let first = site.build(&[]);
    first.assert_success();
    let before = first.tree();
    withdraw(&site, "sato-hanako");
    // A folder that exists where no file can be made, even by root.
    let out = site.build(&["--changes", "/proc/self/changes.json"]);
    out.assert_exit(1);
    out.assert_stderr_has(&["cannot write the list of changes", "was not replaced"]);
    assert_eq!(first.tree(), before);
    // A "folder" that is a file.
    let out = site.build(&["--changes", "site.yaml/changes.json"]);
    out.assert_exit(1);
    snapshot!("changes_under_a_file", out.stderr);
    assert_eq!(first.tree(), before);
    assert!(
        !std::fs::read_dir(site.root())
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains(".tmp-")),
        "a temporary file was left"
    );
}

/// The default list of changes is in the site's folder, which `init`'s
/// .gitignore keeps out of the repository, and not beside the output,
/// which may be a web server's folder.
#[test]
fn the_default_changes_file_is_in_the_site_folder() {
    let site = deploy_site();
    std::fs::create_dir(site.path("www")).unwrap();
    site.build(&["-o", "../www/alumni"]).assert_success();
    std::fs::copy(
        site.path("www/alumni/alumni-manifest.json"),
        site.path("live.json"),
    )
    .unwrap();
    withdraw(&site, "sato-hanako");
    let out = site.build(&["-o", "../www/alumni", "--previous", "../live.json"]);
    out.assert_success();
    assert!(!site.path("www/.alumni.changes.json").exists());
    let list = std::fs::read_to_string(site.root().join(".alumni.changes.json")).unwrap();
    assert!(list.contains("members/sato-hanako/"), "{list}");
    assert!(
        out.stdout.contains(".alumni.changes.json"),
        "{}",
        out.stdout
    );
    for lang in ["en", "ja"] {
        let ignore = std::fs::read_to_string(
            repo_root().join(format!("src/scaffold/init/{lang}/gitignore")),
        )
        .unwrap();
        assert!(
            ignore.lines().any(|l| l == "/.*.changes.json*"),
            "{lang}: {ignore}"
        );
    }
}

/// A base_url with a user name and password would publish the password in
/// every canonical URL, feed and JSON-LD block.
#[test]
fn a_base_url_with_a_password_is_refused() {
    let site = deploy_site();
    let first = site.build(&[]);
    first.assert_success();
    let before = first.tree();
    let out = site.build(&["--base-url", "https://user:secret@org.example/alumni/"]);
    out.assert_exit(1);
    assert!(!out.stderr.contains("secret"), "{}", out.stderr);
    out.assert_stderr_has(&["password"]);
    assert_eq!(first.tree(), before);
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &yaml.replace(
            "https://www.example.co.jp/corp/alumni",
            "https://user:secret@www.example.co.jp/corp/alumni",
        ),
    );
    let out = site.build(&[]);
    out.assert_exit(1);
    out.assert_stderr_has(&["password"]);
    assert_eq!(first.tree(), before);
}

/// The script that uploads only what changed passes each path to the
/// remote shell quoted, and says the live manifest is no more trustworthy
/// than the live site.
#[test]
fn the_upload_script_quotes_the_paths_it_deletes() {
    let doc = std::fs::read_to_string(repo_root().join("docs/deploy.md")).unwrap();
    for line in doc.lines().filter(|l| l.contains("delete.txt")) {
        assert!(
            !line.contains("\"/srv/alumni/$path\""),
            "an unquoted path for the remote shell: {line}"
        );
    }
    assert!(
        doc.contains("printf 'rm -f -- /srv/alumni/%q\\n'"),
        "no quoting"
    );
    let words = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("only as trustworthy as the live site"));
}

//! `alumni serve`: a real server on a free loopback port (`--port 0`, the
//! URL read from what it prints), driven over plain TCP: it serves exactly
//! the files of the build and nothing else, edits show up, a bad edit keeps
//! the last good page and says why on the event stream, a fix recovers.
//! Live reload and the error overlay are checked in headless Chromium when
//! it is installed (skipped with a note otherwise).

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::Value;

use crate::support::{BIN, NOW, SiteTest};

#[path = "serve/browser.rs"]
mod browser;
#[path = "serve/kept.rs"]
mod kept;
#[path = "serve/names.rs"]
mod names;

/// The longest any one wait may take (a loaded CI machine is slow).
const WAIT: Duration = Duration::from_secs(30);

/// `alumni serve` running on a copy of a fixture; killed when dropped.
struct Served {
    child: Child,
    addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Served {
    fn start(site: &SiteTest) -> Served {
        Served::start_for(site, "public")
    }

    /// The server of `site`'s build for `audience`.
    fn start_for(site: &SiteTest, audience: &str) -> Served {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0", "--audience", audience, "--root"])
            .arg(site.root())
            .env("SOURCE_DATE_EPOCH", NOW)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start alumni serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + WAIT;
        let addr = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx.recv_timeout(left).unwrap_or_else(|_| {
                panic!("serve printed no URL; stderr:\n{}", stderr.lock().unwrap())
            });
            if let Some(rest) = line.strip_prefix("Serving http://") {
                break rest.split('/').next().unwrap().to_string();
            }
        };
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        std::thread::spawn(move || for _ in rx {});
        Served {
            child,
            addr,
            stderr,
        }
    }

    /// Sends `GET <target>` exactly as given (no normalisation).
    fn get(&self, target: &str) -> Reply {
        self.request(&format!(
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        ))
    }

    fn request(&self, raw: &str) -> Reply {
        let mut stream = TcpStream::connect(&self.addr).expect("connect to the server");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read the reply");
        Reply::parse(&bytes)
    }

    /// The text of a page that must exist.
    #[track_caller]
    fn page(&self, target: &str) -> String {
        let reply = self.get(target);
        assert_eq!(reply.status, 200, "GET {target}");
        reply.text()
    }

    /// Subscribes to the live-reload events.
    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "GET /__alumni/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ") {
                    let status: Value = serde_json::from_str(data).unwrap();
                    if tx.send(status).is_err() {
                        break;
                    }
                }
            }
        });
        let mut events = Events {
            rx,
            last: Value::Null,
        };
        events.wait(|_| true);
        events
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The reply to GET `target` once its status is `status`: a change may
    /// come in more than one rebuild (a folder made, then a file renamed
    /// into it), each announced on its own.
    #[track_caller]
    fn until_status(&self, target: &str, status: u16) -> Reply {
        let deadline = Instant::now() + WAIT;
        loop {
            let reply = self.get(target);
            if reply.status == status {
                return reply;
            }
            assert!(Instant::now() < deadline, "GET {target}: {}", reply.status);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The server's standard error once it holds `needle` (it is read on
    /// another thread, so it may lag behind what the server has sent).
    #[track_caller]
    fn stderr_with(&self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let stderr = self.stderr();
            if stderr.contains(needle) {
                return stderr;
            }
            assert!(Instant::now() < deadline, "no {needle:?} in:\n{stderr}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The statuses the server sends: `{pages, styles, errors}`.
struct Events {
    rx: mpsc::Receiver<Value>,
    last: Value,
}

impl Events {
    /// Waits for a status that passes `test`, and returns it.
    #[track_caller]
    fn wait(&mut self, test: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(status) => {
                    self.last = status.clone();
                    if test(&status) {
                        return status;
                    }
                }
                Err(_) => panic!("no such status; the last was {}", self.last),
            }
        }
    }

    /// Waits for the next good build after the current one.
    #[track_caller]
    fn rebuilt(&mut self) -> Value {
        let before = self.last["pages"].as_u64().unwrap();
        self.wait(|s| s["pages"].as_u64() > Some(before) && errors(s).is_empty())
    }

    /// Waits for a status with errors.
    #[track_caller]
    fn failed(&mut self) -> Vec<Value> {
        errors(&self.wait(|s| !errors(s).is_empty()))
    }
}

fn errors(status: &Value) -> Vec<Value> {
    status["errors"].as_array().cloned().unwrap_or_default()
}

/// Asserts that one of a failed rebuild's `errors` is in `file`.
fn assert_fails_at(errors: &[Value], file: &str) {
    assert!(
        errors
            .iter()
            .any(|e| e["location"].as_str().unwrap_or("").starts_with(file)),
        "{errors:?}"
    );
}

/// An HTTP reply.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn parse(bytes: &[u8]) -> Reply {
        let end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete HTTP head");
        let head = String::from_utf8_lossy(&bytes[..end]);
        let mut lines = head.split("\r\n");
        let status = lines.next().unwrap().split(' ').nth(1).unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Reply {
            status: status.parse().unwrap(),
            headers,
            body: bytes[end + 4..].to_vec(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A page as `alumni build` writes it: without the live script.
fn without_script(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(page.to_vec()).unwrap();
    let start = text
        .find("<script src=\"/__alumni/live.js\"")
        .expect("the live script");
    let end = start + text[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

fn content_type_of(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "xml" => "application/xml",
        "json" => "application/json",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        other => panic!("no expected type for .{other}"),
    }
}

#[test]
fn serves_exactly_the_files_of_the_build() {
    let site = SiteTest::fixture("serve/site");
    let built = site.build(&["--output", "../built"]);
    built.assert_success();
    let server = Served::start(&site);
    let tree = built.tree();
    assert!(tree.len() > 20, "{:?}", tree.keys());
    // Output paths may hold any character: ask for them percent-encoded.
    let url = |path: &str| -> String {
        let mut url = String::from("/");
        for b in path.bytes() {
            if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                url.push(b as char);
            } else {
                url.push_str(&format!("%{b:02X}"));
            }
        }
        url
    };
    for (path, bytes) in &tree {
        let reply = server.get(&url(path));
        assert_eq!(reply.status, 200, "/{path}");
        assert_eq!(
            reply.header("content-type"),
            Some(content_type_of(path)),
            "/{path}"
        );
        assert_eq!(reply.header("cache-control"), Some("no-store"), "/{path}");
        let body = if path.ends_with(".html") {
            without_script(&reply.body)
        } else if reply.header("transfer-encoding") == Some("chunked") {
            // A file over 32 KiB comes in chunks.
            unchunked(&reply.body)
        } else {
            reply.body.clone()
        };
        assert!(&body == bytes, "/{path} differs from the build");
    }
    // Pretty URLs, and a folder without its slash is redirected.
    assert_eq!(
        server.get("/members/taro/").body,
        server.get("/members/taro/index.html").body
    );
    assert_eq!(server.get("/").body, server.get("/index.html").body);
    let redirect = server.get("/members/taro?x=1");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location"), Some("/members/taro/?x=1"));
    // Only GET and HEAD; HEAD has no body.
    let head = server.request(&format!(
        "HEAD /style.css HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert_eq!((head.status, head.body.len()), (200, 0));
    let post = server.request(&format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert_eq!(post.status, 405);
    // Nothing was written.
    assert!(!site.root().join("public").exists());
}

#[test]
fn anything_but_a_file_of_the_build_is_the_themes_404() {
    let site = SiteTest::fixture("serve/site");
    std::fs::write(site.path("secret.txt"), "TOPSECRET outside the site").unwrap();
    let server = Served::start(&site);
    let not_found = server.get("/no-such-page/");
    assert_eq!(not_found.status, 404);
    let theme_404 = server.get("/404.html");
    assert_eq!(
        without_script(&not_found.body),
        without_script(&theme_404.body)
    );
    for target in [
        "/../secret.txt",
        "/../../../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/%2e%2e%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/members/..%5c..%5c..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "///etc/passwd",
        "/%2fetc%2fpasswd",
        "/%2F%2E%2E%2Fsecret.txt",
        "/site.yaml",
        "/content/members/taro.md",
        "/static/style.css",
        "/members/taro/%2e%2e/%2e%2e/site.yaml",
        "/./site.yaml",
        "/index.html%00",
        "/%00",
        "/style.css%00.html",
        "/members%00/",
        "/%ff%fe",
    ] {
        let reply = server.get(target);
        let text = reply.text();
        assert!(
            reply.status == 404 || reply.status == 400,
            "{target} answered {}",
            reply.status
        );
        for secret in ["TOPSECRET", "root:x:0", "base_url:", "consent: 2024"] {
            assert!(!text.contains(secret), "{target} leaked {secret}");
        }
    }
    // Another site's page that renamed itself to 127.0.0.1 is refused.
    let rebinding =
        server.request("GET / HTTP/1.1\r\nHost: evil.example:1111\r\nConnection: close\r\n\r\n");
    assert_eq!(rebinding.status, 403);
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_site_is_refused_and_never_served() {
    let site = SiteTest::fixture("serve/site");
    std::fs::write(site.path("secret.txt"), "TOPSECRET outside the site").unwrap();
    let server = Served::start(&site);
    let mut events = server.events();
    std::os::unix::fs::symlink(site.path("secret.txt"), site.root().join("static/leak.txt"))
        .unwrap();
    let failed = events.failed();
    assert!(
        failed[0]["location"]
            .as_str()
            .unwrap()
            .contains("static/leak.txt"),
        "{failed:?}"
    );
    let reply = server.get("/leak.txt");
    assert_eq!(reply.status, 404);
    assert!(!reply.text().contains("TOPSECRET"));
    // An existing static file replaced by such a link is not served either.
    let logo = site.root().join("static/logo.svg");
    std::fs::remove_file(&logo).unwrap();
    std::os::unix::fs::symlink(site.path("secret.txt"), &logo).unwrap();
    events.wait(|s| {
        errors(s)
            .iter()
            .any(|e| e["location"].as_str().unwrap().contains("logo.svg"))
    });
    let reply = server.get("/logo.svg");
    assert!(!reply.text().contains("TOPSECRET"), "{}", reply.status);
}

#[test]
fn edits_show_up_and_a_bad_edit_keeps_the_last_good_page() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    assert!(server.page("/members/taro/").contains("first bio"));

    // An edit becomes visible, on the page and in the lists that show it.
    let taro = site.root().join("content/members/taro.md");
    let good = std::fs::read_to_string(&taro).unwrap();
    let edited = good
        .replace("first bio", "second bio")
        .replace("department: Sales", "department: Research");
    std::fs::write(&taro, &edited).unwrap();
    events.rebuilt();
    assert!(server.page("/members/taro/").contains("second bio"));
    assert!(server.page("/departments/research/").contains("Taro Sato"));
    assert_eq!(server.get("/departments/sales/").status, 200);
    assert!(!server.page("/departments/sales/").contains("Taro Sato"));

    // A bad edit: the event stream names file:line:col, the page stays, the server lives.
    std::fs::write(
        &taro,
        edited.replace("left: 2019", "left: 2019\nnmae: <b>oops</b>"),
    )
    .unwrap();
    let errors = events.failed();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let location = errors[0]["location"].as_str().unwrap();
    assert_eq!(location, "content/members/taro.md:4:1");
    let page = server.page("/members/taro/");
    assert!(
        page.contains("second bio"),
        "the last good page is still served"
    );
    assert_eq!(server.get("/members/").status, 200);

    // A save elsewhere does not apply while the error stands, nor print it again.
    let hana = site.root().join("content/members/hana.md");
    let hana_text = std::fs::read_to_string(&hana).unwrap();
    std::fs::write(&hana, hana_text.replace("Hana's bio.", "Hana's new bio.")).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(!server.page("/members/hana/").contains("new bio"));

    // The fix brings both edits in.
    std::fs::write(&taro, edited.replace("second bio", "third bio")).unwrap();
    events.rebuilt();
    assert!(server.page("/members/taro/").contains("third bio"));
    assert!(server.page("/members/hana/").contains("new bio"));
    let stderr = server.stderr();
    assert_eq!(
        stderr.matches("content/members/taro.md:4:1").count(),
        1,
        "the error is printed once:\n{stderr}"
    );
}

#[test]
fn deleted_files_disappear_and_new_ones_appear() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    assert!(server.page("/members/").contains("Ken Ito"));

    site.remove("content/members/ken.md");
    events.rebuilt();
    assert_eq!(server.get("/members/ken/").status, 404);
    assert!(!server.page("/members/").contains("Ken Ito"));

    // Written to a temporary name, then renamed into place (as many editors save).
    let folder = site.root().join("content/members/team");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join(".aya.md.tmp"),
        "---\nname: Aya Kato\nleft: 2020\nvisibility: public\nconsent: 2024-04-01\n---\nAya's bio.\n",
    )
    .unwrap();
    std::fs::rename(folder.join(".aya.md.tmp"), folder.join("aya.md")).unwrap();
    events.rebuilt();
    assert!(
        server
            .until_status("/members/aya/", 200)
            .text()
            .contains("Aya Kato")
    );
    assert!(server.page("/members/").contains("Aya Kato"));

    // The folder moved out of the site, then back under another name.
    std::fs::rename(&folder, site.path("team")).unwrap();
    events.rebuilt();
    server.until_status("/members/aya/", 404);
    std::fs::rename(site.path("team"), site.root().join("content/members/crew")).unwrap();
    events.rebuilt();
    assert!(
        server
            .until_status("/members/aya/", 200)
            .text()
            .contains("Aya Kato")
    );
}

#[test]
fn translations_follow_edits_to_their_original() {
    let site = SiteTest::fixture("i18n/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let en = server.page("/en/members/aoki/");
    assert!(en.contains("Hanako Aoki") && en.contains("2018"));

    // The English version takes `left` from the Japanese file: an edit there shows in both.
    let aoki = site.root().join("content/members/aoki.md");
    let text = std::fs::read_to_string(&aoki).unwrap();
    std::fs::write(&aoki, text.replace("left: 2018", "left: 2016")).unwrap();
    events.rebuilt();
    let en = server.page("/en/members/aoki/");
    assert!(en.contains("2016"));
    assert!(
        en.contains("Worked in the sales division."),
        "the translation keeps its body"
    );
    assert!(server.page("/members/aoki/").contains("2016"));

    // Made members-only in Japanese: gone from the public English site too.
    std::fs::write(
        &aoki,
        text.replace("visibility: public", "visibility: members"),
    )
    .unwrap();
    events.rebuilt();
    assert_eq!(server.get("/en/members/aoki/").status, 404);
    assert!(!server.page("/en/members/").contains("Hanako Aoki"));

    // A new translation replaces the untranslated page.
    assert!(
        server
            .page("/en/members/watanabe/")
            .contains("untranslated-notice")
    );
    site.write(
        "content/members/watanabe.en.md",
        "---\nname: Ken Watanabe\n---\nAn engineer.\n",
    );
    events.rebuilt();
    let page = server.page("/en/members/watanabe/");
    assert!(page.contains("Ken Watanabe") && !page.contains("untranslated-notice"));
    assert!(
        server
            .page("/members/watanabe/")
            .contains(r#"hreflang="en""#)
    );
}

/// Replaces `from` (which the file must hold) by `to` in the site's file `rel`.
fn replace_in(site: &SiteTest, rel: &str, from: &str, to: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has {from:?}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// The body of a reply sent in chunks.
fn unchunked(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = body.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = std::str::from_utf8(&body[..end]).unwrap();
        let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
}

/// The overlay reaches every open page (other machines too, with
/// `--bind`): it gets where and what, and a line of the site's own files,
/// never a line of a content file (a hidden member's, say). The terminal
/// prints the whole diagnostic.
#[test]
fn the_overlay_gets_no_line_of_a_content_file() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let taro = site.root().join("content/members/taro.md");
    let good = std::fs::read_to_string(&taro).unwrap();
    std::fs::write(
        &taro,
        good.replace(
            "left: 2019",
            "left: 2019\nvisibility: hidden\n<img src=x onerror=window.pwned=1>: Private Words",
        ),
    )
    .unwrap();
    let errors = events.failed();
    // The unknown field, and `visibility` written twice (the file sets it below).
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("`visibility` is written twice"),
        "{errors:?}"
    );
    let error = &errors[0];
    let location = error["location"].as_str().unwrap();
    let message = error["message"].as_str().unwrap();
    let text = error["text"].as_str().unwrap();
    assert!(
        location.starts_with("content/members/taro.md:5:"),
        "{error}"
    );
    // What the message quotes of a content file is not sent either.
    assert!(message.starts_with("unknown field `…`"), "{error}");
    assert!(!error.to_string().contains("onerror"), "{error}");
    assert!(
        text.starts_with(&format!("{location}: {message}")),
        "{text}"
    );
    assert!(!error.to_string().contains("Private Words"), "{error}");
    assert!(!text.contains(" | "), "no source line: {text}");
    assert!(
        error["hint"].is_null() || error["hint"].is_string(),
        "{error}"
    );
    // The terminal shows the line.
    server.stderr_with("Private Words");

    // A site file's line is shown, with its caret, and the hint.
    std::fs::write(&taro, &good).unwrap();
    events.rebuilt();
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &config.replace("language: en", "language: en\ntitel: Typo"),
    );
    let errors = events.failed();
    let text = errors[0]["text"].as_str().unwrap();
    assert!(text.starts_with("site.yaml:4:"), "{text}");
    assert!(text.contains("4 | titel: Typo\n  | ^"), "{text}");
    assert!(text.contains("= help: "), "{text}");
    assert_eq!(
        errors[0]["hint"].as_str().map(|h| text.ends_with(h)),
        Some(true),
        "{errors:?}"
    );
}

#[test]
fn template_and_config_changes_rebuild_everything() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    site.write(
        "templates/member.html",
        "{% extends \"base.html\" %}{% block main %}<p>custom {{ member.name }}</p>{% endblock main %}",
    );
    events.rebuilt();
    assert!(server.page("/members/taro/").contains("custom Taro Sato"));

    // A template error fails the rebuild, naming the template.
    site.write("templates/member.html", "{% extends \"base.html\" %}{% block main %}{{ member.name | nosuchfilter }}{% endblock main %}");
    let errors = events.failed();
    assert!(
        errors[0]["text"].as_str().unwrap().contains("member.html"),
        "{errors:?}"
    );
    assert!(server.page("/members/taro/").contains("custom Taro Sato"));
    site.remove("templates/member.html");
    events.rebuilt();
    assert!(!server.page("/members/taro/").contains("custom Taro Sato"));

    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &config.replace("Serve Test Alumni", "Renamed Alumni"),
    );
    events.rebuilt();
    assert!(server.page("/").contains("Renamed Alumni"));
}

#[test]
fn a_port_in_use_is_named() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = SiteTest::fixture("serve/site");
    let out = site.run(&[
        "serve",
        "--port",
        &port,
        "--root",
        site.root().to_str().unwrap(),
    ]);
    out.assert_exit(1);
    out.assert_stderr_has(&[&format!("port {port} is already in use"), "--port 0"]);
}

#[test]
fn a_site_under_a_path_is_served_under_it() {
    let site = crate::deploy::deploy_site();
    let server = Served::start(&site);
    let root = server.get("/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some("/corp/alumni/"));
    let home = server.get("/corp/alumni/");
    assert_eq!(home.status, 200);
    let html = home.text();
    assert!(html.contains("href=\"/corp/alumni/style.css\""), "{html}");
    assert!(html.contains("href=\"/corp/alumni/jobs/\""), "{html}");
    for target in [
        "/corp/alumni/style.css",
        "/corp/alumni/en/members/sato-hanako/",
        "/corp/alumni/members/sato-hanako/photo-96.jpg",
        "/corp/alumni/search/index.json",
    ] {
        assert_eq!(server.get(target).status, 200, "{target}");
    }
    // Nothing of the site outside its path, as on the host it is deployed to.
    for target in ["/style.css", "/members/sato-hanako/", "/corp/alumnix/"] {
        assert_eq!(server.get(target).status, 404, "{target}");
    }
}

/// A site that does not build when `serve` starts: there is no last good
/// build to keep, so every page is the server's own error page (503) with
/// the overlay, in the site's language, until a save fixes the site.
#[test]
fn a_site_broken_at_start_shows_an_error_page_until_it_builds() {
    let site = SiteTest::fixture("serve/site");
    let taro = site.root().join("content/members/taro.md");
    let good = std::fs::read_to_string(&taro).unwrap();
    std::fs::write(
        &taro,
        good.replace("left: 2019", "left: 2019\ndeparment: x"),
    )
    .unwrap();
    let server = Served::start(&site);
    let mut events = server.events();
    let status = events.last.clone();
    assert_eq!(errors(&status).len(), 1, "{status}");
    assert_eq!(
        (&status["built"], &status["lang"]),
        (&false.into(), &"en".into())
    );
    for target in ["/", "/members/taro/", "/nothing/"] {
        let reply = server.get(target);
        assert_eq!(reply.status, 503, "GET {target}");
        let page = reply.text();
        assert!(page.contains("<html lang=\"en\">"), "{page}");
        assert!(page.contains("The site could not be built"), "{page}");
        assert!(
            page.contains("data-pages=\"0\""),
            "the first good build reloads it: {page}"
        );
    }
    let stderr = server.stderr_with("Nothing to serve until this is fixed");
    assert!(!stderr.contains("last good build"), "{stderr}");
    // Japanese site, Japanese page.
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    std::fs::write(
        site.root().join("site.yaml"),
        yaml.replace("language: en", "language: ja"),
    )
    .unwrap();
    let status = events.wait(|s| s["lang"] == "ja");
    assert_eq!(status["built"], false);
    assert!(server.get("/").text().contains("サイトをビルドできません"));
    // Fixed: the site is served, and a later mistake keeps it.
    std::fs::write(&taro, &good).unwrap();
    events.rebuilt();
    assert!(server.page("/members/taro/").contains("Taro"));
    std::fs::write(
        &taro,
        good.replace("left: 2019", "left: 2019\ndeparment: x"),
    )
    .unwrap();
    events.failed();
    assert_eq!(events.last["built"], true);
    assert_eq!(server.get("/members/taro/").status, 200);
    assert!(
        server
            .stderr()
            .contains("Still serving the last good build.")
    );
}

/// Ctrl-C stops the server at once, with an open page listening for changes.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_at_once() {
    let site = SiteTest::fixture("serve/site");
    let mut server = Served::start(&site);
    let _events = server.events();
    assert_eq!(server.get("/").status, 200);
    let pid = server.child.id().to_string();
    let started = Instant::now();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < WAIT, "still running");
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    // Exit status 0: the handler stopped the server (SIGINT itself would not).
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_millis(500), "Ctrl-C took {took:?}");
}

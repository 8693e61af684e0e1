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

/// `serve` keeps the finder of names not shown, and what it found in each
/// document, between changes: a change that hides someone, or a body that
/// names them, is still refused at once, as a build refuses it.
#[test]
fn names_not_shown_are_refused_after_every_kind_of_edit() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let write = |rel: &str, from: &str, to: &str| replace_in(&site, rel, from, to);
    let located = |errors: &[Value], rel: &str| {
        errors
            .iter()
            .any(|e| e["location"].as_str().unwrap_or("").starts_with(rel))
    };

    // Ken is shown: Hana's bio may name him.
    write(
        "content/members/hana.md",
        "Hana's bio.",
        "Hana met Ken Ito at a meetup.",
    );
    events.rebuilt();
    assert!(server.page("/members/hana/").contains("Ken Ito"));

    // Hidden, he may not be named: Hana's bio, unchanged, is refused.
    write(
        "content/members/ken.md",
        "visibility: public",
        "visibility: hidden",
    );
    let errors = events.failed();
    assert!(located(&errors, "content/members/hana.md"), "{errors:?}");
    assert!(server.page("/members/hana/").contains("Ken Ito"));
    assert_eq!(
        server.get("/members/ken/").status,
        200,
        "the last good build stays"
    );

    // Shown again, then an edit that changes no one's name or visibility.
    write(
        "content/members/ken.md",
        "visibility: hidden",
        "visibility: public",
    );
    events.rebuilt();
    write(
        "content/members/ken.md",
        "department: Sales",
        "department: Design",
    );
    events.rebuilt();
    assert!(server.page("/members/hana/").contains("Ken Ito"));

    // Hidden while no one names him; then a story that names him is refused.
    write(
        "content/members/hana.md",
        "Hana met Ken Ito at a meetup.",
        "Hana's bio.",
    );
    events.rebuilt();
    write(
        "content/members/ken.md",
        "visibility: public",
        "visibility: hidden",
    );
    events.rebuilt();
    assert_eq!(server.get("/members/ken/").status, 404);
    write(
        "content/stories/comeback.md",
        "Taro is back",
        "Taro and Ken Ito are back",
    );
    let errors = events.failed();
    assert!(
        located(&errors, "content/stories/comeback.md"),
        "{errors:?}"
    );
    site.build(&["--output", "../built"])
        .assert_exit(1)
        .assert_stderr_has(&["content/stories/comeback.md", "Ken Ito"]);
}

/// A hidden member renamed (same file): the pages that held only their
/// old name are looked at again and pass, as a fresh build lets them.
#[test]
fn a_page_holding_a_hidden_members_old_name_passes_once_they_are_renamed() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let write = |rel: &str, from: &str, to: &str| replace_in(&site, rel, from, to);
    write(
        "content/members/hana.md",
        "Hana's bio.",
        "Hana met Ken Ito at a meetup.",
    );
    events.rebuilt();
    write(
        "content/members/ken.md",
        "visibility: public",
        "visibility: hidden",
    );
    assert_fails_at(&events.failed(), "content/members/hana.md");
    write(
        "content/members/ken.md",
        "name: Ken Ito",
        "name: Kenji Sato\nslug: kenji-sato",
    );
    events.rebuilt();
    assert!(server.page("/members/hana/").contains("Ken Ito"));
    assert_eq!(server.get("/members/ken/").status, 404);
    assert_eq!(server.get("/members/kenji-sato/").status, 404);
    site.build(&["--output", "../built"]).assert_success();
}

/// Each member's names are folded again when their name changes (serve
/// keeps them folded while name, reading and slug are the same): a hidden
/// member renamed to a name a shown page holds is refused at once.
#[test]
fn a_hidden_member_is_looked_for_under_a_new_name() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let write = |rel: &str, from: &str, to: &str| replace_in(&site, rel, from, to);
    write(
        "content/members/ken.md",
        "visibility: public",
        "visibility: hidden",
    );
    events.rebuilt();
    write(
        "content/stories/comeback.md",
        "Taro is back",
        "Taro and Jiro Kondo are back",
    );
    events.rebuilt();
    write(
        "content/members/ken.md",
        "name: Ken Ito",
        "name: Jiro Kondo",
    );
    assert_fails_at(&events.failed(), "content/stories/comeback.md");
    site.build(&["--output", "../built"])
        .assert_exit(1)
        .assert_stderr_has(&["content/stories/comeback.md", "Jiro Kondo"]);
}

/// A finder made after the last one keeps whether a name of someone shown
/// holds a name not shown only while that person is shown with the same
/// names: 林 大輔, hidden, inside 小林 大輔 is that name while 小林 大輔 is
/// shown, and refused once they are gone or hidden, though the name check
/// kept its automaton through every change.
#[test]
fn a_longer_name_gone_no_longer_covers_the_name_not_shown_inside_it() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let member = |name: &str, visibility: &str| {
        format!(
            "---\nname: {name}\nleft: 2020\nvisibility: {visibility}\nconsent: 2024-04-01\n---\nBio.\n"
        )
    };
    site.write("content/members/hayashi.md", &member("林 大輔", "hidden"));
    events.rebuilt();
    site.write(
        "content/members/kobayashi.md",
        &member("小林 大輔", "public"),
    );
    events.rebuilt();
    replace_in(
        &site,
        "content/stories/comeback.md",
        "Taro is back",
        "小林大輔さんと Taro is back",
    );
    events.rebuilt();
    // Someone else comes and goes: the same names not shown.
    site.write("content/members/sato.md", &member("佐藤 花子", "public"));
    events.rebuilt();
    site.remove("content/members/sato.md");
    events.rebuilt();
    site.remove("content/members/kobayashi.md");
    assert_fails_at(&events.failed(), "content/stories/comeback.md");
    site.write(
        "content/members/kobayashi.md",
        &member("小林 大輔", "public"),
    );
    events.rebuilt();
    replace_in(
        &site,
        "content/members/kobayashi.md",
        "visibility: public",
        "visibility: members",
    );
    assert_fails_at(&events.failed(), "content/stories/comeback.md");
    site.build(&["--output", "../built"])
        .assert_exit(1)
        .assert_stderr_has(&["content/stories/comeback.md", "林大輔"]);
}

/// After a change of who is shown, serve looks again only in the
/// documents whose text holds a name of someone who changed, and at every
/// front-matter URL when the pages withheld changed: a link into a page
/// withheld from now on is refused, though the member who has it did not
/// change and names no one.
#[test]
fn a_front_matter_link_into_a_page_withheld_later_is_refused() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let write = |rel: &str, from: &str, to: &str| replace_in(&site, rel, from, to);
    // Someone not shown, so that there are names to look for from the start.
    site.write(
        "content/members/yuki.md",
        "---\nname: Yuki Tanaka\nleft: 2020\nvisibility: hidden\n---\nYuki's bio.\n",
    );
    events.rebuilt();
    write(
        "content/members/hana.md",
        "visibility: public",
        "visibility: public\nlinks:\n  website: https://example.org/members/ken/",
    );
    events.rebuilt();
    write(
        "content/members/ken.md",
        "visibility: public",
        "visibility: hidden",
    );
    assert_fails_at(&events.failed(), "content/members/hana.md");
    site.build(&["--output", "../built"])
        .assert_exit(1)
        .assert_stderr_has(&["content/members/hana.md", "links.website"]);
    // Shown again: the same document, found clean.
    write(
        "content/members/ken.md",
        "visibility: hidden",
        "visibility: public",
    );
    events.rebuilt();
    assert!(
        server
            .page("/members/hana/")
            .contains("example.org/members/ken/")
    );
}

/// A body's HTML is kept between changes only while each of its `@/`
/// links goes where it went: a link follows its target's new URL.
#[test]
fn an_at_link_follows_its_target_to_a_new_url() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let story = "/stories/comeback/";
    assert!(server.page(story).contains(r#"href="/members/hana/""#));
    let hana = site.root().join("content/members/hana.md");
    let text = std::fs::read_to_string(&hana).unwrap();
    std::fs::write(
        &hana,
        text.replace("name: Hana Mori", "name: Hana Mori\nslug: hana-mori"),
    )
    .unwrap();
    events.rebuilt();
    let page = server.page(story);
    assert!(page.contains(r#"href="/members/hana-mori/""#), "{page}");
    assert!(!page.contains(r#"href="/members/hana/""#));
}

/// Serves `serve/site` and makes `edits` (a file, a text in it and what
/// replaces it, each rebuilt), the last giving Hana's bio a plain `link`
/// with `text`; then a change to her front matter (the whole way, which
/// keeps the new body's HTML), and `withhold`, after which her page keeps
/// the link's text but not its URL, as a build does.
fn a_plain_link_loses_its_url_once_withheld(
    edits: &[(&str, &str, &str)],
    link: &str,
    text: &str,
    withhold: (&str, &str, &str),
) {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let write = |rel: &str, from: &str, to: &str| replace_in(&site, rel, from, to);
    for &(rel, from, to) in edits {
        write(rel, from, to);
        events.rebuilt();
    }
    write(
        "content/members/hana.md",
        "department: Design",
        "department: Sales",
    );
    events.rebuilt();
    assert!(server.page("/members/hana/").contains(link));
    let (rel, from, to) = withhold;
    write(rel, from, to);
    events.rebuilt();
    let page = server.page("/members/hana/");
    assert!(page.contains(text) && !page.contains(link), "{page}");
}

/// Whether a body may link to a withheld page is kept between changes only
/// while the same pages are withheld: a plain link to a page the build
/// comes to withhold loses its URL, as in a build.
#[test]
fn a_plain_link_to_a_page_withheld_later_loses_its_url() {
    a_plain_link_loses_its_url_once_withheld(
        &[(
            "content/members/hana.md",
            "Hana's bio.",
            "Hana's bio, with [a colleague](/members/ken/).",
        )],
        r#"href="/members/ken/""#,
        "a colleague",
        (
            "content/members/ken.md",
            "visibility: public",
            "visibility: hidden",
        ),
    );
}

/// Whether a body may link to a withheld page is kept while the clues to
/// such pages are the same: a page of a kind not withheld before (an
/// event, where only members were) makes every body be looked at again.
#[test]
fn a_plain_link_to_a_page_of_a_new_kind_withheld_loses_its_url() {
    a_plain_link_loses_its_url_once_withheld(
        &[
            (
                "content/members/ken.md",
                "visibility: public",
                "visibility: hidden",
            ),
            (
                "content/members/hana.md",
                "Hana's bio.",
                "Hana's bio, see [the meetup](/events/meetup/).",
            ),
        ],
        r#"href="/events/meetup/""#,
        "the meetup",
        (
            "content/events/meetup.md",
            "location: Tokyo",
            "location: Tokyo\naudience: members",
        ),
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

/// One random edit to the member file `rel` of `site`: a new body (plain,
/// or with an `@/` link to one of the members `all`), another department,
/// visibility or skills.
fn random_member_edit(site: &SiteTest, rel: &str, all: &[&str], step: usize, rng: &mut StdRng) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let (front, _) = text
        .strip_prefix("---\n")
        .and_then(|t| t.split_once("\n---\n"))
        .expect("front matter");
    let mut lines: Vec<String> = front.lines().map(String::from).collect();
    let mut body = format!("Bio {step} of {rel}, *edited*.\n");
    let set = |lines: &mut Vec<String>, key: &str, value: &str| {
        let line = format!("{key}: {value}");
        match lines.iter_mut().find(|l| l.starts_with(&format!("{key}:"))) {
            Some(l) => *l = line,
            None => lines.push(line),
        }
    };
    match rng.random_range(0..8) {
        // Bodies alone, most often (as when writing a profile).
        0..=3 => {}
        4 => {
            let to = all[rng.random_range(0..all.len())].trim_start_matches("content/");
            body = format!("Step {step}: see [them](@/{to}).\n");
        }
        5 => set(
            &mut lines,
            "department",
            ["Sales", "Design", "Research"][rng.random_range(0..3)],
        ),
        6 => set(
            &mut lines,
            "visibility",
            ["public", "hidden", "members"][rng.random_range(0..3)],
        ),
        _ => set(
            &mut lines,
            "skills",
            ["[Rust]", "[Figma, Rust]", "[]"][rng.random_range(0..3)],
        ),
    }
    std::fs::write(&path, format!("---\n{}\n---\n{body}", lines.join("\n"))).unwrap();
}

/// The body of a reply sent in chunks.
/// Replaces `from` (which the file must hold) by `to` in the site's file `rel`.
fn replace_in(site: &SiteTest, rel: &str, from: &str, to: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has {from:?}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

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

/// Every file of a fresh build is served with the same bytes, and every
/// file an earlier build had but this one has not is gone.
#[track_caller]
fn serves_what_a_build_makes(
    (site, audience): (&SiteTest, &str),
    server: &Served,
    seen: &mut BTreeSet<String>,
    step: usize,
) {
    let output = format!("../built-{audience}");
    let built = site.build(&["--audience", audience, "--output", &output]);
    built.assert_success();
    let tree = built.tree();
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
        assert_eq!(reply.status, 200, "step {step}: /{path}");
        let body = if reply.header("transfer-encoding") == Some("chunked") {
            unchunked(&reply.body)
        } else {
            reply.body.clone()
        };
        let body = if path.ends_with(".html") {
            without_script(&body)
        } else {
            body
        };
        assert!(
            &body == bytes,
            "step {step}: /{path} differs from a fresh build:\n--- served\n{}\n--- built\n{}",
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(bytes)
        );
    }
    for path in seen.iter().filter(|p| !tree.contains_key(*p)) {
        assert_eq!(server.get(&url(path)).status, 404, "step {step}: /{path}");
    }
    seen.extend(tree.into_keys());
}

/// `serve` keeps each member's card while the member and what the card
/// reads are the same, and each member's front matter as the gate redacted
/// it while what the redaction reads is the same: a term whose URL moves
/// (another term now slugifies alike) makes the cards linking to it again,
/// and a change of whether rehire interest is public redacts every member
/// again, though none of their files changed.
#[test]
fn kept_cards_and_redactions_follow_what_they_read() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let mut seen = BTreeSet::new();
    replace_in(
        &site,
        "content/members/ken.md",
        "left: 2018",
        "left: 2018\nopen_to: [rehire, mentoring]",
    );
    events.rebuilt();
    serves_what_a_build_makes((&site, "public"), &server, &mut seen, 1);
    let rejoining = |page: String| page.contains("Rejoining");
    assert!(!rejoining(server.page("/members/ken/")));

    // `SALES` takes the slug `sales` from `Sales`, which becomes `sales-2`:
    // Ken's and Taro's cards link to the new URL.
    replace_in(
        &site,
        "content/members/hana.md",
        "department: Design",
        "department: SALES",
    );
    events.rebuilt();
    serves_what_a_build_makes((&site, "public"), &server, &mut seen, 2);
    assert!(server.page("/members/").contains("/departments/sales-2/"));

    // Rehire interest made public, then private again: Ken's file is the same.
    let privacy = "privacy:\n  min_group_size: 1";
    replace_in(
        &site,
        "site.yaml",
        privacy,
        &format!("{privacy}\n  public_rehire_interest: true"),
    );
    events.rebuilt();
    serves_what_a_build_makes((&site, "public"), &server, &mut seen, 3);
    assert!(rejoining(server.page("/members/ken/")));
    replace_in(
        &site,
        "site.yaml",
        "public_rehire_interest: true",
        "public_rehire_interest: false",
    );
    events.rebuilt();
    serves_what_a_build_makes((&site, "public"), &server, &mut seen, 4);
    assert!(!rejoining(server.page("/members/ken/")));
}

/// Random sequences of edits (bodies alone, which `serve` gives the kept
/// plan, and front matter, visibility and `@/` links, which go through
/// the whole pipeline with its kept results) leave the server serving what
/// a fresh build for the same audience makes.
#[test]
fn random_edits_serve_what_a_fresh_build_makes() {
    for (fixture, files) in [
        (
            "serve/site",
            &[
                "content/members/taro.md",
                "content/members/hana.md",
                "content/members/ken.md",
            ][..],
        ),
        (
            "i18n/site",
            &[
                "content/members/aoki.md",
                "content/members/aoki.en.md",
                "content/members/watanabe.md",
                "content/members/secret.md",
            ][..],
        ),
    ] {
        for (seed, audience) in (0..3u64).zip(["public", "members", "public"]) {
            let site = SiteTest::fixture(fixture);
            let server = Served::start_for(&site, audience);
            let mut events = server.events();
            let mut rng = StdRng::seed_from_u64(seed);
            let mut seen = BTreeSet::new();
            serves_what_a_build_makes((&site, audience), &server, &mut seen, 0);
            for step in 1..=12 {
                let file = files[rng.random_range(0..files.len())];
                random_member_edit(&site, file, files, step, &mut rng);
                events.rebuilt();
                serves_what_a_build_makes((&site, audience), &server, &mut seen, step);
            }
        }
    }
}

/// The search data is made again in parts (each member's words, the
/// index of them, each file of cards) only where what a part is made of
/// changed: every edit that changes what a card shows or where it stands
/// leaves the served search data equal to a fresh build's.
#[test]
fn the_search_data_follows_every_edit_to_a_card() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let mut seen = BTreeSet::new();
    let taro = "content/members/taro.md";
    let edits: [(&str, &str, &str); 5] = [
        // Shown on the card, not searched: the card file alone changes.
        (taro, "left: 2019", "left: 2019\nrole: Engineer"),
        // Searched: the index changes too.
        (taro, "skills: [Rust]", "skills: [Rust, Kotlin]"),
        (taro, "name: Taro Sato", "name: Taro Satou"),
        // Another place in the directory, then out of it.
        (
            "content/members/hana.md",
            "name: Hana Mori",
            "name: Aiko Mori",
        ),
        (
            "content/members/ken.md",
            "visibility: public",
            "visibility: hidden",
        ),
    ];
    for (step, (rel, from, to)) in edits.into_iter().enumerate() {
        replace_in(&site, rel, from, to);
        events.rebuilt();
        serves_what_a_build_makes((&site, "public"), &server, &mut seen, step + 1);
    }
    assert!(
        seen.iter()
            .any(|p| p.starts_with("search/t/") || p.starts_with("search/r/")),
        "{seen:?}"
    );
}

/// The search data is made when a file of it is first asked for, from
/// what the last search data made was made of: edits that no one asked
/// for it in between leave it as a fresh build makes it.
#[test]
fn the_search_data_first_asked_for_after_edits_is_a_fresh_builds() {
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let mut seen = BTreeSet::new();
    serves_what_a_build_makes((&site, "public"), &server, &mut seen, 0);
    let taro = "content/members/taro.md";
    let edits: [(&str, &str, &str); 4] = [
        (taro, "skills: [Rust]", "skills: [Rust, Kotlin]"),
        (
            "content/members/hana.md",
            "name: Hana Mori",
            "name: Aiko Mori",
        ),
        (taro, "left: 2019", "left: 2019\nrole: Engineer"),
        (
            "content/members/ken.md",
            "visibility: public",
            "visibility: hidden",
        ),
    ];
    for (step, (rel, from, to)) in edits.into_iter().enumerate() {
        replace_in(&site, rel, from, to);
        events.rebuilt();
        // A page, never the search data.
        assert!(server.page("/members/taro/").contains("Taro"));
        if step % 2 == 1 {
            serves_what_a_build_makes((&site, "public"), &server, &mut seen, step + 1);
        }
    }
}

/// Files of the site in the search data's folder are served as a build
/// has them (the search data's own files win), and a file where the
/// search data needs a folder fails the rebuild, as it fails a build,
/// though no file of the search data was asked for.
#[test]
fn files_in_the_search_folder_are_served_or_refused_as_a_build_does() {
    let site = SiteTest::fixture("serve/site");
    site.write("static/search/notes.txt", "notes\n");
    site.write("static/search/index.json", "{}\n");
    let server = Served::start(&site);
    let mut events = server.events();
    let mut seen = BTreeSet::new();
    serves_what_a_build_makes((&site, "public"), &server, &mut seen, 0);
    assert_eq!(server.page("/search/notes.txt"), "notes\n");
    assert!(server.page("/search/index.json").contains("\"count\""));
    site.remove("static/search");
    site.write("static/search", "a file\n");
    let build = site.build(&["--output", "../built-clash"]);
    build.assert_exit(1);
    build.assert_stderr_has(&["`/search` is needed as a folder"]);
    let errors = events.failed();
    assert!(
        errors.iter().any(
            |e| e["location"].as_str().unwrap().ends_with("static/search")
                && e["message"]
                    .as_str()
                    .unwrap()
                    .ends_with("is needed as a folder of the site")
        ),
        "{errors:?}"
    );
    assert!(server.page("/search/index.json").contains("\"count\""));
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

/// Headless Chromium, driven over the DevTools protocol.
mod browser {
    use super::*;
    use tungstenite::{Message, WebSocket};

    pub struct Chromium {
        child: Child,
        ws: WebSocket<TcpStream>,
        next_id: u64,
        _profile: tempfile::TempDir,
    }

    impl Drop for Chromium {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// The Chromium binary, if one is installed.
    pub fn find() -> Option<&'static str> {
        ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .find(|b| {
                Command::new(b)
                    .arg("--version")
                    .output()
                    .is_ok_and(|o| o.status.success())
            })
    }

    impl Chromium {
        pub fn launch(binary: &str) -> Chromium {
            let profile = tempfile::tempdir().unwrap();
            let child = Command::new(binary)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--remote-debugging-port=0",
                ])
                .arg(format!("--user-data-dir={}", profile.path().display()))
                .arg("about:blank")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromium");
            let port = devtools_port(profile.path());
            let ws_url = page_socket(port);
            let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
            stream.set_read_timeout(Some(WAIT)).unwrap();
            let (ws, _) = tungstenite::client(ws_url.as_str(), stream).expect("DevTools websocket");
            Chromium {
                child,
                ws,
                next_id: 0,
                _profile: profile,
            }
        }

        /// Calls a DevTools method and returns its result.
        pub fn call(&mut self, method: &str, params: Value) -> Value {
            match self.try_call(method, params) {
                Ok(result) => result,
                Err(error) => panic!("{method}: {error}"),
            }
        }

        /// Calls a DevTools method: its result, or the error reply.
        fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
            self.next_id += 1;
            let id = self.next_id;
            let message = serde_json::json!({ "id": id, "method": method, "params": params });
            self.ws
                .send(Message::Text(message.to_string().into()))
                .unwrap();
            loop {
                let reply = self.ws.read().expect("a DevTools reply");
                let Ok(text) = reply.to_text() else { continue };
                let value: Value = serde_json::from_str(text).unwrap();
                if value["id"].as_u64() == Some(id) {
                    return match value.get("error") {
                        Some(error) => Err(error.clone()),
                        None => Ok(value["result"].clone()),
                    };
                }
            }
        }

        /// Evaluates `expression` in the page; its value (JSON-able).
        pub fn eval(&mut self, expression: &str) -> Value {
            let result = self.call(
                "Runtime.evaluate",
                serde_json::json!({ "expression": expression, "returnByValue": true }),
            );
            result["result"]["value"].clone()
        }

        /// Waits until `expression` is true in the page.
        #[track_caller]
        pub fn wait_for(&mut self, expression: &str) {
            let deadline = Instant::now() + WAIT;
            while Instant::now() < deadline {
                // A live reload may navigate the page while it is asked:
                // that is "not yet", not a failure.
                let params = serde_json::json!({ "expression": expression, "returnByValue": true });
                let value = match self.try_call("Runtime.evaluate", params) {
                    Ok(result) => result["result"]["value"].clone(),
                    Err(error) if error.to_string().contains("navigated") => Value::Null,
                    Err(error) => panic!("Runtime.evaluate: {error}"),
                };
                if value == Value::Bool(true) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            panic!(
                "never true in the page: {expression}\nbody: {}",
                self.eval("document.documentElement.outerHTML")
            );
        }
    }

    /// The port Chromium chose, from the profile's DevToolsActivePort file.
    fn devtools_port(profile: &Path) -> u16 {
        let file = profile.join("DevToolsActivePort");
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Some(port) = std::fs::read_to_string(&file)
                .ok()
                .and_then(|t| t.lines().next().and_then(|l| l.trim().parse().ok()))
            {
                return port;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("chromium wrote no DevToolsActivePort");
    }

    /// The DevTools websocket URL of the first page.
    fn page_socket(port: u16) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "GET /json/list HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        // Read the head, then exactly Content-Length bytes: the DevTools
        // server may keep the connection open.
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 4096];
        let reply = loop {
            let n = stream.read(&mut chunk).expect("a reply from DevTools");
            assert!(n > 0, "DevTools closed the connection early");
            bytes.extend_from_slice(&chunk[..n]);
            if !bytes.windows(4).any(|w| w == b"\r\n\r\n") {
                continue;
            }
            let reply = Reply::parse(&bytes);
            let length: usize = reply.header("content-length").unwrap().parse().unwrap();
            if reply.body.len() >= length {
                break reply;
            }
        };
        let targets: Value = serde_json::from_slice(&reply.body).unwrap();
        targets
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .expect("a page target")
            .to_string()
    }
}

#[test]
fn open_pages_reload_swap_styles_and_show_errors() {
    let Some(binary) = browser::find() else {
        // CI sets this: there, a missing browser is a failure, not a skip.
        assert!(
            std::env::var_os("ALUMNI_REQUIRE_CHROMIUM").is_none(),
            "ALUMNI_REQUIRE_CHROMIUM is set but chromium is not installed"
        );
        #[allow(clippy::print_stderr)] // a skipped test says why
        {
            eprintln!(
                "note: chromium is not installed; skipping the live-reload browser test (apt-get install chromium)"
            );
        }
        return;
    };
    let site = SiteTest::fixture("serve/site");
    let server = Served::start(&site);
    let mut events = server.events();
    let mut chrome = browser::Chromium::launch(binary);
    chrome.call("Runtime.enable", serde_json::json!({}));
    let url = format!("http://{}/members/taro/", server.addr);
    chrome.call("Page.navigate", serde_json::json!({ "url": url }));
    chrome.wait_for(
        "document.readyState === 'complete' && document.body.innerText.includes('first bio')",
    );
    // The page marks itself: a reload clears the mark.
    chrome.eval("window.alumniMark = 1");
    // Wait until the page's event stream is connected (the server sent it a status).
    std::thread::sleep(Duration::from_millis(500));

    // A content edit reloads the page.
    let taro = site.root().join("content/members/taro.md");
    let good = std::fs::read_to_string(&taro).unwrap();
    std::fs::write(&taro, good.replace("first bio", "second bio")).unwrap();
    events.rebuilt();
    chrome.wait_for(
        "window.alumniMark === undefined && document.body.innerText.includes('second bio')",
    );
    chrome.eval("window.alumniMark = 2");

    // A stylesheet edit swaps the stylesheet without a reload.
    site.write("static/style.css", "body { color: rgb(1, 2, 3); }\n");
    events.wait(|s| s["styles"].as_u64() == Some(1));
    chrome.wait_for("getComputedStyle(document.body).color === 'rgb(1, 2, 3)'");
    assert_eq!(
        chrome.eval("window.alumniMark"),
        Value::from(2),
        "no reload for a stylesheet"
    );

    // A bad edit shows the overlay with file:line:col and the message,
    // without what it quotes of the member's file (a field name is member
    // text too).
    std::fs::write(
        &taro,
        good.replace(
            "left: 2019",
            "left: 2019\n<img src=x onerror=window.pwned=1>: x",
        ),
    )
    .unwrap();
    events.failed();
    chrome.wait_for("!!document.getElementById('alumni-error-overlay')");
    let overlay = chrome.eval("document.getElementById('alumni-error-overlay').innerText");
    let overlay = overlay.as_str().unwrap();
    assert!(
        overlay.contains("content/members/taro.md:4:1: unknown field `…`"),
        "the place, not the member's text: {overlay}"
    );
    assert_eq!(
        chrome.eval("document.querySelectorAll('#alumni-error-overlay img').length"),
        Value::from(0)
    );
    assert_eq!(chrome.eval("window.pwned === undefined"), Value::Bool(true));
    assert_eq!(
        chrome.eval("window.alumniMark"),
        Value::from(2),
        "the last good page stays"
    );
    assert!(
        chrome
            .eval("document.body.innerText")
            .as_str()
            .unwrap()
            .contains("second bio")
    );

    // A page opened while the error stands shows it too.
    chrome.call(
        "Page.navigate",
        serde_json::json!({ "url": format!("http://{}/", server.addr) }),
    );
    chrome.wait_for("!!document.getElementById('alumni-error-overlay')");

    // The fix takes the overlay away and reloads.
    chrome.eval("window.alumniMark = 3");
    std::fs::write(&taro, good.replace("first bio", "fixed bio")).unwrap();
    events.rebuilt();
    chrome.wait_for(
        "window.alumniMark === undefined && !document.getElementById('alumni-error-overlay')",
    );
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

/// The editor's `privacy.longer_names` is part of what the name check is
/// made of: once site.yaml no longer says that Mary Anne Brown is a longer
/// name, serve refuses a story naming her (she holds Anne Brown, who is
/// hidden) at once, as a build does, though no member changed.
#[test]
fn longer_names_taken_out_of_site_yaml_are_no_longer_trusted() {
    let site = SiteTest::fixture("serve/site");
    let longer = "  min_group_size: 1\n  longer_names: [\"Mary Anne Brown\"]";
    replace_in(&site, "site.yaml", "  min_group_size: 1", longer);
    let member = |name: &str, visibility: &str| {
        format!(
            "---\nname: {name}\nleft: 2018\nvisibility: {visibility}\nconsent: 2024-01-01\n---\nBio.\n"
        )
    };
    site.write("content/members/anne.md", &member("Anne Brown", "hidden"));
    site.write(
        "content/members/mary.md",
        &member("Mary Anne Brown", "public"),
    );
    site.write(
        "content/stories/met.md",
        "---\ntitle: Met\ndate: 2026-03-01\n---\nWe met Mary Anne Brown.\n",
    );
    site.build(&["--output", "../built"]).assert_exit(0);
    let server = Served::start(&site);
    let mut events = server.events();
    replace_in(&site, "site.yaml", longer, "  min_group_size: 1");
    assert_fails_at(&events.failed(), "content/stories/met.md");
    site.build(&["--output", "../built"])
        .assert_exit(1)
        .assert_stderr_has(&["content/stories/met.md", "Anne Brown"]);
}

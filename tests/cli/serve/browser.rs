//! Open pages in headless Chromium: they reload by themselves, swap
//! stylesheets and show the errors of a bad save (skipped with a note when
//! Chromium is not installed).

use super::*;

/// Headless Chromium, driven over the DevTools protocol.
mod chromium {
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
    let Some(binary) = chromium::find() else {
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
    let mut chrome = chromium::Chromium::launch(binary);
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

//! The preview server of `alumni serve`: HTTP with tiny_http, live reload by
//! server-sent events on the same port. Knows nothing of file watching
//! (mdBook's split) nor of how a build is made: it serves what a [`Site`]
//! answers, and tells open pages the [`Status`] it is given.
//!
//! Every request path goes through [`route`] (decoded once, confined, looked
//! up among the files of the build, never on disk). Every HTML page gets
//! the live script (`/__alumni/live.js`) before `</body>`; the script
//! listens to `/__alumni/events`, reloads the page after a good build,
//! swaps stylesheets after a style-only change, and shows the errors of a
//! failed build over the page. Responses are never cached.

pub mod route;

use std::fs::File;
use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;
use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::diagnostics::Diagnostic;
use route::Route;

/// The live-reload script, served at [`route::SCRIPT`].
const SCRIPT: &str = include_str!("live.js");

/// Request threads; the event streams have threads of their own.
const WORKERS: usize = 4;

/// Open event streams at most (each is a thread).
const MAX_STREAMS: usize = 64;

/// How often an idle event stream gets a comment, to notice closed tabs.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Which build a page comes from: a page reloads when `pages` moves on, and
/// swaps its stylesheets when only `styles` does.
pub use crate::live::Version;

/// What the server tells open pages: the build being served and, when the
/// latest rebuild failed, why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Status {
    #[serde(flatten)]
    pub version: Version,
    pub errors: Vec<Problem>,
    /// Whether a good build is served: false while the site has never
    /// built, when every page is the server's own error page.
    pub built: bool,
    /// The site's language (`ja`, `en`): the overlay's and the server's
    /// own pages' language.
    pub lang: String,
}

/// One error, as the overlay shows it: where and what, but never a line
/// of a content file. Every open page gets it, on other machines too when
/// `serve` listens beyond loopback, and a file under `content/` may be a
/// hidden member's profile; the terminal prints the whole diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `path:line:col`.
    pub location: String,
    pub message: String,
    pub hint: Option<String>,
    /// What the overlay shows: location, message, hint, and the source
    /// line with its caret for the site's own files only (see
    /// [`shows_source`]).
    pub text: String,
}

impl From<&Diagnostic> for Problem {
    fn from(d: &Diagnostic) -> Self {
        let mut shown = d.clone();
        if !shows_source(&d.location.path) {
            // Nor what a message quotes from it (`` `value` ``): a bad
            // date in a hidden profile may be anything its author wrote.
            shown.source_line = None;
            shown.message = unquoted(&d.message);
            shown.hint = d.hint.as_deref().map(unquoted);
        }
        Problem {
            location: d.location.to_string(),
            message: shown.message.clone(),
            hint: shown.hint.clone(),
            text: shown.to_string(),
        }
    }
}

/// `text` with what it quotes between backticks shortened to `…` unless it
/// is a field name or value the message explains (a short lower-case word
/// such as `withdrawn` or `visibility: hidden` stays; a file name, a slug,
/// a date or a name does not).
fn unquoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split('`');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    let mut quoted = true;
    for part in parts {
        if quoted {
            out.push('`');
            let plain = part.len() <= 40
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || " _:".contains(c));
            out.push_str(if plain { part } else { "…" });
            out.push('`');
        } else {
            out.push_str(part);
        }
        quoted = !quoted;
    }
    out
}

/// Whether the overlay may show a line of the file at `path` (relative to
/// the site root, as diagnostics name files): only of what the site's
/// editors write (`site.yaml`, `templates/`, `themes/`, `i18n/`, `data/`),
/// never of `content/` nor of anything it cannot place.
fn shows_source(path: &Path) -> bool {
    let mut parts = path.components();
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(first)), None) => first == crate::config::FILE,
        (Some(Component::Normal(first)), Some(_)) => ["templates", "themes", "i18n", "data"]
            .iter()
            .any(|dir| first == *dir),
        _ => false,
    }
}

/// The bytes of a file of the build.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Arc<[u8]>),
    /// A file to read (a static file or a photo, already checked to lie in the site).
    File(PathBuf),
}

/// What a [`Site`] answers for a path.
#[derive(Debug, Clone)]
pub enum Answer {
    Found(Body, Version),
    /// The file exists but could not be made now (a template error): the
    /// last good copy, if there is one.
    Broken(Option<(Body, Version)>),
    Missing,
}

/// Where the server gets the files of the current build.
pub trait Files: Send + Sync + 'static {
    /// The file at output path `path` (`members/a/index.html`).
    fn get(&self, path: &str) -> Answer;
}

/// A bound, running server.
pub struct Server {
    http: Arc<tiny_http::Server>,
    hub: Arc<Hub>,
    addr: SocketAddr,
    /// The path the site is served under (`Config::base_path`).
    base_path: Arc<std::sync::RwLock<String>>,
}

impl Server {
    /// Binds `addr` (port 0: any free port). Connections wait until [`Server::start`].
    pub fn bind(addr: SocketAddr) -> io::Result<Server> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let http = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| io::Error::other(e.to_string()))?;
        Ok(Server {
            http: Arc::new(http),
            hub: Arc::new(Hub::default()),
            addr,
            base_path: Arc::default(),
        })
    }

    /// Starts answering requests from `site`.
    pub fn start(&self, site: Arc<dyn Files>) -> io::Result<()> {
        let only_local = self.addr.ip().is_loopback();
        for n in 0..WORKERS {
            let http = Arc::clone(&self.http);
            let hub = Arc::clone(&self.hub);
            let site = Arc::clone(&site);
            let base_path = Arc::clone(&self.base_path);
            std::thread::Builder::new()
                .name(format!("alumni-http-{n}"))
                .spawn(move || {
                    for request in http.incoming_requests() {
                        let base = base_path.read().map(|b| b.clone()).unwrap_or_default();
                        handle(request, &*site, &hub, only_local, &base);
                    }
                })?;
        }
        Ok(())
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:1111/`, or `http://127.0.0.1:1111/alumni/` for a
    /// site served under a path.
    pub fn url(&self) -> String {
        let base = self.base_path.read().map(|b| b.clone()).unwrap_or_default();
        format!("http://{}{base}/", self.addr)
    }

    /// Serves the site under `base_path` (`/alumni`, or `""`), as the host
    /// it is deployed to will: the pages link there.
    pub fn set_base_path(&self, base_path: &str) {
        if let Ok(mut b) = self.base_path.write() {
            *b = base_path.to_string();
        }
    }

    /// Tells every open page (and every page opened later) `status`.
    pub fn publish(&self, status: Status) {
        self.hub.publish(status);
    }

    /// Ends the event streams and the request threads.
    pub fn stop(&self) {
        self.hub.close();
        for _ in 0..WORKERS {
            self.http.unblock();
        }
    }
}

/// The open event streams and the latest status.
#[derive(Default)]
struct Hub {
    inner: Mutex<HubState>,
}

#[derive(Default)]
struct HubState {
    status: Status,
    streams: Vec<mpsc::Sender<Arc<str>>>,
    closed: bool,
}

impl Hub {
    fn lock(&self) -> MutexGuard<'_, HubState> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn publish(&self, status: Status) {
        let mut hub = self.lock();
        let event: Arc<str> = status_event(&status).into();
        hub.status = status;
        hub.streams
            .retain(|stream| stream.send(Arc::clone(&event)).is_ok());
    }

    /// A new stream, which first gets the current status.
    fn subscribe(&self) -> Option<mpsc::Receiver<Arc<str>>> {
        let mut hub = self.lock();
        if hub.closed || hub.streams.len() >= MAX_STREAMS {
            return None;
        }
        let (tx, rx) = mpsc::channel();
        tx.send(status_event(&hub.status).into()).ok()?;
        hub.streams.push(tx);
        Some(rx)
    }

    fn close(&self) {
        let mut hub = self.lock();
        hub.closed = true;
        hub.streams.clear();
    }

    fn version(&self) -> Version {
        self.lock().status.version
    }

    /// Whether a good build is served, and the site's language.
    fn built_and_lang(&self) -> (bool, String) {
        let hub = self.lock();
        (hub.status.built, hub.status.lang.clone())
    }
}

/// One server-sent event named `status`, its data one line of JSON.
fn status_event(status: &Status) -> String {
    let json = serde_json::to_string(status).unwrap_or_else(|_| "{}".into());
    format!("event: status\ndata: {json}\n\n")
}

fn handle(request: Request, site: &dyn Files, hub: &Arc<Hub>, only_local: bool, base: &str) {
    let host_ok = !only_local
        || request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .is_some_and(|h| route::is_local_host(h.value.as_str()));
    if !host_ok {
        let _ = request.respond(text(403, "This server answers only to localhost.\n"));
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = with_header(text(405, "Only GET and HEAD.\n"), "Allow", "GET, HEAD");
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    let inside = match route::under_base(&url, base) {
        route::Base::Inside(rest) => rest,
        route::Base::Redirect(location) => {
            let _ = request.respond(with_header(text(302, ""), "Location", &location));
            return;
        }
        route::Base::Outside => {
            let _ = request.respond(not_found(site, hub));
            return;
        }
    };
    let response = match route::route(inside) {
        Route::Events => return stream(request, hub),
        Route::Script => bytes(200, SCRIPT.as_bytes().to_vec(), "live.js"),
        Route::File(path) => file_response(site, &url, &path, hub),
        Route::NotFound => not_found(site, hub),
    };
    let _ = request.respond(response);
}

type Reply = Response<Box<dyn io::Read + Send>>;

fn file_response(site: &dyn Files, url: &str, path: &str, hub: &Hub) -> Reply {
    match site.get(path) {
        Answer::Found(body, version) => body_response(200, path, body, version),
        Answer::Broken(Some((body, version))) => body_response(200, path, body, version),
        Answer::Broken(None) => html(
            500,
            fallback_page("This page could not be made"),
            hub.version(),
        ),
        Answer::Missing => {
            let (built, lang) = hub.built_and_lang();
            if !built {
                // Of no build (0): the first good build reloads it.
                let version = Version {
                    pages: 0,
                    ..hub.version()
                };
                return html(503, unbuilt_page(&lang), version);
            }
            let index = format!("{path}/index.html");
            let is_folder =
                !path.ends_with(".html") && !matches!(site.get(&index), Answer::Missing);
            if is_folder {
                let location = route::with_slash(url);
                return with_header(text(301, ""), "Location", &location);
            }
            not_found(site, hub)
        }
    }
}

/// The theme's 404 page with status 404, or a plain one.
fn not_found(site: &dyn Files, hub: &Hub) -> Reply {
    match site.get("404.html") {
        Answer::Found(body, version) | Answer::Broken(Some((body, version))) => {
            body_response(404, "404.html", body, version)
        }
        _ => html(404, fallback_page("Not found"), hub.version()),
    }
}

fn body_response(status: u16, path: &str, body: Body, version: Version) -> Reply {
    let data = match body {
        Body::Bytes(bytes) if path.ends_with(".html") => bytes.to_vec(),
        Body::Bytes(bytes) => return bytes_response(status, bytes, path),
        Body::File(file) if path.ends_with(".html") => match std::fs::read(&file) {
            Ok(data) => data,
            Err(_) => return text(404, "Not found.\n"),
        },
        Body::File(file) => match File::open(&file) {
            Ok(f) => return file_stream(status, f, path),
            Err(_) => return text(404, "Not found.\n"),
        },
    };
    bytes(status, inject(data, version), path)
}

/// Puts the live script into a page, before its last `</body>`.
pub fn inject(mut page: Vec<u8>, version: Version) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{}\" data-pages=\"{}\" data-styles=\"{}\"></script>",
        route::SCRIPT,
        version.pages,
        version.styles
    );
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    page.splice(at..at, tag.into_bytes());
    page
}

/// The page of every URL while the site has never built: the overlay it
/// gets shows why, and it reloads once the site builds.
fn unbuilt_page(lang: &str) -> Vec<u8> {
    let (lang, title, text) = if lang.starts_with("ja") {
        (
            "ja",
            "サイトをビルドできません",
            "エラーを直すと、このページは自動で再読み込みされます。",
        )
    } else {
        (
            "en",
            "The site could not be built",
            "Fix the errors shown: this page reloads once the site builds.",
        )
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1><p>{text}</p><p>alumni serve</p></body></html>\n"
    )
    .into_bytes()
}

/// A minimal page of the server's own, for when the site has none to show.
fn fallback_page(title: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><h1>{title}</h1><p>alumni serve</p></body></html>\n"
    )
    .into_bytes()
}

fn html(status: u16, page: Vec<u8>, version: Version) -> Reply {
    bytes(status, inject(page, version), "page.html")
}

fn text(status: u16, message: &str) -> Reply {
    bytes(status, message.as_bytes().to_vec(), "message.txt")
}

fn bytes(status: u16, data: Vec<u8>, path: &str) -> Reply {
    let len = data.len();
    with_headers(
        Response::new(
            StatusCode(status),
            Vec::new(),
            Box::new(io::Cursor::new(data)) as Box<dyn io::Read + Send>,
            Some(len),
            None,
        ),
        path,
    )
}

fn bytes_response(status: u16, data: Arc<[u8]>, path: &str) -> Reply {
    let len = data.len();
    with_headers(
        Response::new(
            StatusCode(status),
            Vec::new(),
            Box::new(io::Cursor::new(data)) as Box<dyn io::Read + Send>,
            Some(len),
            None,
        ),
        path,
    )
}

fn file_stream(status: u16, file: File, path: &str) -> Reply {
    let len = file
        .metadata()
        .ok()
        .and_then(|m| usize::try_from(m.len()).ok());
    with_headers(
        Response::new(
            StatusCode(status),
            Vec::new(),
            Box::new(file) as Box<dyn io::Read + Send>,
            len,
            None,
        ),
        path,
    )
}

fn with_headers(response: Reply, path: &str) -> Reply {
    let response = with_header(response, "Content-Type", route::content_type(path));
    let response = with_header(response, "Cache-Control", "no-store");
    with_header(response, "X-Content-Type-Options", "nosniff")
}

/// `response` with the header `name: value` (left out if not valid in HTTP).
fn with_header(response: Reply, name: &str, value: &str) -> Reply {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

/// Answers an event-stream request on a thread of its own, until the page
/// closes or the server stops.
fn stream(request: Request, hub: &Arc<Hub>) {
    let Some(events) = hub.subscribe() else {
        let _ = request.respond(text(503, "Too many open pages.\n"));
        return;
    };
    let head = request.method() == &Method::Head;
    let spawned = std::thread::Builder::new()
        .name("alumni-events".into())
        .spawn(move || {
            let mut out = request.into_writer();
            let _ = write_events(&mut out, &events, head);
        });
    drop(spawned);
}

fn write_events(
    out: &mut dyn Write,
    events: &mpsc::Receiver<Arc<str>>,
    head: bool,
) -> io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
    )?;
    out.flush()?;
    if head {
        return Ok(());
    }
    out.write_all(b"retry: 500\n\n")?;
    loop {
        match events.recv_timeout(KEEP_ALIVE) {
            Ok(event) => out.write_all(event.as_bytes())?,
            Err(RecvTimeoutError::Timeout) => out.write_all(b": keep-alive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        out.flush()?;
    }
}

#[cfg(test)]
mod tests;

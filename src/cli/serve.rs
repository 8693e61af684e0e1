//! `alumni serve`: the site built in memory and served on this machine,
//! rebuilt on every save; open pages reload by themselves and show the
//! errors of a bad save over the last good build. Joins the three parts:
//! [`watch`] says what changed, [`live`] rebuilds, [`serve`] answers
//! browsers. Nothing is written to disk.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, mpsc};

use super::AudienceArg;
use super::build::build_time;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::live::{self, Live, Lookup};
use crate::pipeline::BuildOptions;
use crate::serve::{self, Answer, Body, Problem, Server, Status};
use crate::watch::{self, Change};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  alumni serve                                 http://127.0.0.1:1111/, the public site
  alumni serve --audience members --open       the members' site, in the browser
  alumni serve --drafts --port 8080            with the drafts

Every save rebuilds what changed and reloads the open pages; an error is
shown over the page until it is fixed. Ctrl-C stops.")]
pub struct Args {
    /// The site's folder (with site.yaml)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The address to listen on. Anything but a loopback address (127.0.0.1,
    /// ::1) lets other machines see the preview
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// The port to listen on (0: any free port)
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Who the preview is for
    #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
    audience: AudienceArg,
    /// Include content marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Open the preview in the default browser
    #[arg(long)]
    open: bool,
    /// Print the time each stage of a rebuild took
    #[arg(long)]
    timings: bool,
}

/// What the main loop waits for.
enum Event {
    Changed(Change),
    /// A page failed to render on request.
    Broken(Diagnostic),
    Stop,
}

pub fn run(args: Args) -> Result<ExitCode, Diagnostics> {
    let root = std::path::absolute(&args.root).unwrap_or_else(|_| args.root.clone());
    if !root.join(crate::config::FILE).is_file() {
        crate::config::load(&root)?;
    }
    let addr = SocketAddr::new(args.bind, args.port);
    if !args.bind.is_loopback() {
        warn(&format!(
            "warning: listening on {addr}: other machines on the network can open this preview{}",
            if args.audience == AudienceArg::Members {
                ", members-only profiles included"
            } else {
                ""
            }
        ));
    }
    let server = Server::bind(addr).map_err(|e| cannot_listen(addr, &e))?;
    // Served under the path of its base_url, as it will be deployed.
    let serve_under = |server: &Server| {
        if let Ok(config) = crate::config::load(&root) {
            server.set_base_path(&config.base_path);
        }
    };
    serve_under(&server);
    let options = BuildOptions {
        root: root.clone(),
        // Never written: serve keeps its build in memory.
        output: root.join(crate::output::default_folder(args.audience.into())),
        base_url: None,
        audience: args.audience.into(),
        drafts: args.drafts,
        now: build_time(),
    };
    // Watch first: a save during the first build is the first change after it.
    let (tx, rx) = mpsc::channel();
    let changes = tx.clone();
    watch::spawn(root.clone(), move |change| {
        changes.send(Event::Changed(change)).is_ok()
    })
    .map_err(Diagnostics::from)?;
    let (live, first) = Live::start(options).map_err(Diagnostics::from)?;
    let live = Arc::new(live);
    let site = LiveSite {
        live: Arc::clone(&live),
        broken: std::sync::Mutex::new(tx.clone()),
    };
    server
        .start(Arc::new(site))
        .map_err(|e| cannot_listen(addr, &e))?;
    let mut terminal = Terminal {
        shown: None,
        timings: args.timings,
        built: false,
        lang: None,
    };
    let mut version = serve::Version {
        pages: 1,
        styles: 0,
    };
    match first {
        Ok(built) => {
            version = built.version;
            terminal.stages(&built);
            say(&format!(
                "Built in {:.2} s for audience {}",
                built.took.as_secs_f64(),
                crate::content::Audience::from(args.audience).as_str()
            ));
            terminal.built = true;
            server.publish(Status {
                version,
                errors: Vec::new(),
                built: true,
                lang: site_language(&root),
            });
        }
        Err(errors) => terminal.failed(&server, version, &errors, &root),
    }
    let url = server.url();
    say(&format!("Serving {url} (Ctrl-C to stop)"));
    let stop = tx;
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    }) {
        warn(&format!("warning: Ctrl-C will not stop cleanly: {e}"));
    }
    if args.open {
        open_browser(&url);
    }
    let mut queued = None;
    while let Some(event) = queued.take().or_else(|| next_event(&rx)) {
        match event {
            Event::Changed(change) => {
                let what = describe(&root, &change);
                // Kept to be named with the next change, if its errors wait.
                let early = change.early.then(|| change.clone());
                match live.update(change, build_time()) {
                    Ok(built) => {
                        serve_under(&server);
                        version = built.version;
                        terminal.rebuilt(&what, &built);
                        server.publish(Status {
                            version,
                            errors: Vec::new(),
                            built: true,
                            lang: site_language(&root),
                        });
                    }
                    Err(errors) => {
                        // A change taken as soon as its save ended may be
                        // one step of several: its errors are shown once
                        // the sources have been quiet, unless another
                        // change comes first (and its build tells).
                        queued = match early {
                            Some(mut change) => match next_event_within(&rx, watch::QUIET) {
                                Some(Event::Changed(next)) => {
                                    change.merge(next);
                                    Some(Event::Changed(change))
                                }
                                other => other,
                            },
                            None => None,
                        };
                        if !matches!(queued, Some(Event::Changed(_))) {
                            terminal.failed(&server, version, &errors, &root);
                        }
                    }
                }
            }
            Event::Broken(error) => {
                terminal.failed(&server, version, &Diagnostics::from(error), &root);
            }
            Event::Stop => break,
        }
    }
    server.stop();
    say("Stopped.");
    Ok(ExitCode::SUCCESS)
}

/// The next event; changes that queued up during a rebuild become one.
fn next_event(rx: &mpsc::Receiver<Event>) -> Option<Event> {
    merged(rx, rx.recv().ok()?)
}

/// [`next_event`], if one comes within `wait`.
fn next_event_within(rx: &mpsc::Receiver<Event>, wait: std::time::Duration) -> Option<Event> {
    merged(rx, rx.recv_timeout(wait).ok()?)
}

/// `event`, with the changes queued after it when it is one.
fn merged(rx: &mpsc::Receiver<Event>, mut event: Event) -> Option<Event> {
    while let Event::Changed(change) = &mut event {
        match rx.try_recv() {
            Ok(Event::Changed(more)) => change.merge(more),
            Ok(other) => return Some(other),
            Err(_) => break,
        }
    }
    Some(event)
}

/// The site as the server sees it: the live build, whose page errors go
/// to the main loop.
struct LiveSite {
    live: Arc<Live>,
    broken: std::sync::Mutex<mpsc::Sender<Event>>,
}

impl serve::Files for LiveSite {
    fn get(&self, path: &str) -> Answer {
        let body = |file: live::File| match file {
            live::File::Bytes(b) => Body::Bytes(b),
            live::File::Copy(p) => Body::File(p),
        };
        match self.live.get(path) {
            Lookup::Found(file, v) => Answer::Found(body(file), v),
            Lookup::Broken { error, stale } => {
                if let Ok(tx) = self.broken.lock() {
                    let _ = tx.send(Event::Broken(error));
                }
                Answer::Broken(stale.map(|(file, v)| (body(file), v)))
            }
            Lookup::Missing => Answer::Missing,
        }
    }
}

/// What the terminal was last told, so that an error is printed once, not
/// once per request or per save that does not fix it.
struct Terminal {
    shown: Option<String>,
    timings: bool,
    /// Whether a good build is served (the first build may fail).
    built: bool,
    /// The site's language the overlay was last told.
    lang: Option<String>,
}

impl Terminal {
    fn stages(&self, built: &live::Rebuilt) {
        if self.timings {
            for (stage, time) in &built.stages {
                say(&format!("{:>8.1} ms  {stage}", time.as_secs_f64() * 1000.0));
            }
        }
    }

    fn rebuilt(&mut self, what: &str, built: &live::Rebuilt) {
        self.shown = None;
        self.built = true;
        self.stages(built);
        let kind = if built.styles_only {
            "Styles reloaded"
        } else {
            "Rebuilt"
        };
        say(&format!(
            "{kind} in {:.0} ms: {what}",
            built.took.as_secs_f64() * 1000.0
        ));
    }

    fn failed(
        &mut self,
        server: &Server,
        version: serve::Version,
        errors: &Diagnostics,
        root: &Path,
    ) {
        let text = errors.to_string();
        let lang = site_language(root);
        // Told again only when the errors changed; the overlay also when
        // the site's language did.
        let (new_errors, new_lang) = (
            self.shown.as_ref() != Some(&text),
            self.lang.as_ref() != Some(&lang),
        );
        if !new_errors && !new_lang {
            return;
        }
        if new_errors {
            warn(&format!(
                "{text}\n{}",
                if self.built {
                    "Still serving the last good build."
                } else {
                    "Nothing to serve until this is fixed: every page shows these errors."
                }
            ));
        }
        self.shown = Some(text);
        self.lang = Some(lang.clone());
        server.publish(Status {
            version,
            errors: errors.0.iter().map(Problem::from).collect(),
            built: self.built,
            lang,
        });
    }
}

fn site_language(root: &Path) -> String {
    crate::config::language_of(root)
}

/// `content/members/a.md`, or `content/members/a.md and 2 more`.
fn describe(root: &Path, change: &Change) -> String {
    // Files with a name and an extension: not the folders an editor's save
    // touches, nor temporary files without an extension (`sed -i`'s).
    let named: Vec<String> = change
        .content
        .iter()
        .chain(&change.statics)
        .filter(|p| p.extension().is_some())
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    let Some((first, rest)) = named.split_first() else {
        return if !change.content.is_empty() {
            "content/".into()
        } else if !change.statics.is_empty() {
            "static/".into()
        } else {
            "site settings, theme or data".into()
        };
    };
    let more = rest.len() + usize::from(change.reload);
    if more == 0 {
        first.clone()
    } else {
        format!("{first} and {more} more")
    }
}

fn cannot_listen(addr: SocketAddr, e: &std::io::Error) -> Diagnostics {
    let d = if e.kind() == std::io::ErrorKind::AddrInUse {
        Diagnostic::new(
            Location::address(addr),
            format!("port {} is already in use", addr.port()),
        )
        .with_hint(
            "stop the other server, or choose another port with --port (--port 0 picks a free one)",
        )
    } else {
        Diagnostic::new(Location::address(addr), format!("cannot listen here: {e}"))
            .with_hint("choose another address with --bind or another port with --port")
    };
    Diagnostics::from(d)
}

/// Opens `url` in the default browser, if there is one; best effort.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    match command.arg(url).spawn() {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => warn(&format!("warning: cannot open a browser: {e}")),
    }
}

/// A line on standard output; a closed pipe is not an error.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn warn(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_that_comes_within_the_wait_is_the_next_event_with_those_after_it() {
        use std::time::Duration;
        let (tx, rx) = mpsc::channel();
        let change = |path: &str, early| {
            Event::Changed(Change {
                content: [PathBuf::from(path)].into(),
                early,
                ..Change::default()
            })
        };
        // Nothing within the wait: the errors of the failed build show.
        assert!(next_event_within(&rx, Duration::from_millis(1)).is_none());
        tx.send(change("a.md", true)).expect("sent");
        tx.send(change("b.md", false)).expect("sent");
        let Some(Event::Changed(next)) = next_event_within(&rx, Duration::from_secs(5)) else {
            panic!("the changes sent");
        };
        assert_eq!(next.content.len(), 2);
        assert!(!next.early, "the later change says");
        tx.send(Event::Stop).expect("sent");
        assert!(matches!(
            next_event_within(&rx, Duration::from_secs(5)),
            Some(Event::Stop)
        ));
    }

    #[test]
    fn rebuilt_lines_name_the_files_saved() {
        let root = Path::new("/site");
        let change = |content: &[&str], reload| Change {
            content: content.iter().map(|p| root.join(p)).collect(),
            statics: Default::default(),
            reload,
            early: false,
        };
        // An editor's save touches the folder and makes a temporary file.
        let saved = change(
            &[
                "content/members",
                "content/members/a.md",
                "content/members/sedX1b2c3",
            ],
            false,
        );
        assert_eq!(describe(root, &saved), "content/members/a.md");
        let two = change(&["content/members/a.md", "content/news/b.md"], true);
        assert_eq!(describe(root, &two), "content/members/a.md and 2 more");
        assert_eq!(
            describe(root, &change(&["content/members"], false)),
            "content/"
        );
        assert_eq!(
            describe(root, &change(&[], true)),
            "site settings, theme or data"
        );
    }
}

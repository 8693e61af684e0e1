//! The live build behind `serve`: a site loaded once and kept in memory,
//! brought up to date change by change, its pages rendered when asked.
//!
//! A [`Change`] to content files reads only those files again and swaps
//! their documents into the loaded [`Site`](crate::content::Site). Config,
//! theme and data are read again only when they change. Then the stages of
//! `pipeline` run, in the pipeline's order (link check, privacy gate,
//! Markdown, the name check, assets), with a [`Memo`] of their earlier
//! results by their inputs: a body is rendered again only when it or where
//! its `@/` links go changed, a document is searched again for names not
//! shown only when it or the names that concern it changed. The indexes
//! and the page plan are made again, beside the name check as in a build
//! (member cards unchanged since the last plan are reused; the search data
//! is made when a file of it is first asked for, reusing the parts whose
//! inputs are the same), so every page
//! that depends on an edit (the directory, taxonomies, stories naming a
//! member, stats) is right; pages are then rendered on request
//! ([`OnDemand`]) and kept until the next change. The pages of the changed
//! documents (or, after a template change, one page of each kind) are
//! rendered before the new build is swapped in, so their template errors
//! fail the rebuild.
//!
//! The plan's inputs are front matter, files and keys, never a body: a
//! change that rewrites the bodies of members and nothing else (same front
//! matter, key, slug and language; no file added or removed; no `@/` link
//! in a new body; the plan's day and past events still those of now) leaves
//! the gate's decisions, every index, card and list as they were. Then the
//! current plan is kept, the new bodies are rendered (the Markdown stage
//! for one document, with no `@/` link to resolve) and checked for names
//! not shown, and given to the plan's pages ([`OnDemand::set_member_html`]):
//! only the pages that quote a body (the members' own pages, the search
//! data) are made again. Their pages are rendered first; if one fails, the
//! change takes the full way, which reports the error.
//!
//! A rebuild that fails leaves the last good build in place, and its
//! changes are tried again with the next one. Everything runs on one thread
//! that owns the site; callers talk to it through [`Live`]. Knows nothing of
//! HTTP or of file watching.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;

use crate::content::{Doc, Member};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::pipeline::{BuildOptions, Memo, NameCheck, Setup, Timings};
use crate::render::{CardCache, Contents, OnDemand};
use crate::sources;
use crate::watch::Change;

mod loaded;
use loaded::Loaded;

/// Which build a file comes from: `pages` moves on with every good rebuild
/// that changes pages, `styles` with every change to stylesheets alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Version {
    pub pages: u64,
    pub styles: u64,
}

/// A file of the current build.
#[derive(Debug, Clone)]
pub enum File {
    Bytes(Arc<[u8]>),
    /// A file on disk inside the site (static file, photo): read it.
    Copy(PathBuf),
}

/// The answer for one output path.
#[derive(Debug, Clone)]
pub enum Lookup {
    Found(File, Version),
    /// A page of the build that failed to render; the copy of the last good
    /// build, if one was made.
    Broken {
        error: Diagnostic,
        stale: Option<(File, Version)>,
    },
    Missing,
}

/// A good rebuild.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    pub version: Version,
    /// From the moment the change arrived to the moment the new build is served.
    pub took: Duration,
    /// Wall time of each stage, in order.
    pub stages: Vec<(&'static str, Duration)>,
    /// Only stylesheets changed: pages may keep their content.
    pub styles_only: bool,
}

/// A handle on the live build's thread.
pub struct Live {
    tx: mpsc::Sender<Msg>,
}

enum Msg {
    Get(String, mpsc::Sender<Lookup>),
    Update(Change, DateTime<FixedOffset>, Reply),
}

type Reply = mpsc::Sender<Result<Rebuilt, Diagnostics>>;

impl Live {
    /// Loads the site at `options.root` (absolute) on a thread of its own;
    /// returns the handle and how the first build went. A site with errors
    /// is served once a change fixes them.
    pub fn start(
        options: BuildOptions,
    ) -> Result<(Live, Result<Rebuilt, Diagnostics>), Diagnostic> {
        let (tx, rx) = mpsc::channel();
        let (first_tx, first_rx) = mpsc::channel();
        let real_root = options
            .root
            .canonicalize()
            .unwrap_or_else(|_| options.root.clone());
        let worker = Worker {
            options,
            real_root,
            rx,
            version: Version {
                pages: 1,
                styles: 0,
            },
            pending: Change::default(),
            stale: HashMap::new(),
            cards: None,
            memo: Memo::new(),
            bodies: Vec::new(),
        };
        std::thread::Builder::new()
            .name("alumni-live".into())
            .spawn(move || worker.run(first_tx))
            .map_err(|e| Diagnostic::new(Location::site("."), format!("cannot start: {e}")))?;
        let first = first_rx.recv().unwrap_or_else(|_| Err(stopped()));
        Ok((Live { tx }, first))
    }

    /// The file at output path `path` (`members/a/index.html`), rendered now
    /// if it is a page not rendered since the last change.
    pub fn get(&self, path: &str) -> Lookup {
        let (tx, rx) = mpsc::channel();
        if self.tx.send(Msg::Get(path.to_string(), tx)).is_err() {
            return Lookup::Missing;
        }
        rx.recv().unwrap_or(Lookup::Missing)
    }

    /// Applies `change` (with `now` as the build time); returns once the new
    /// build is served, or with the errors that keep the last one.
    pub fn update(
        &self,
        change: Change,
        now: DateTime<FixedOffset>,
    ) -> Result<Rebuilt, Diagnostics> {
        let (tx, rx) = mpsc::channel();
        self.tx
            .send(Msg::Update(change, now, tx))
            .map_err(|_| stopped())?;
        rx.recv().unwrap_or_else(|_| Err(stopped()))
    }
}

fn stopped() -> Diagnostics {
    Diagnostics::from(Diagnostic::new(
        Location::site("."),
        "the live build stopped",
    ))
}

/// What to render before a new build is swapped in.
enum Check {
    /// One page of each kind (after a template or config change).
    Samples,
    /// These output paths (the pages of the changed documents).
    Pages(Vec<String>),
}

/// A new state waiting to be planned and checked.
struct Candidate {
    state: Loaded,
    change: Change,
    check: Check,
    reply: Option<Reply>,
    started: Instant,
    timings: Timings,
    /// Whether `state` is the last good one, planned again: the members'
    /// bodies set since it was made go into its plan again.
    again: bool,
    /// Its name check, run beside its plan (none for the last good state).
    names: Option<NameCheck>,
}

/// The thread that owns the site.
struct Worker {
    options: BuildOptions,
    real_root: PathBuf,
    rx: mpsc::Receiver<Msg>,
    version: Version,
    /// Changes of failed rebuilds, tried again with the next change.
    pending: Change,
    /// Pages of earlier builds, served when the current build fails to make them.
    stale: HashMap<String, Arc<[u8]>>,
    /// Member cards of the last plan, and the setup (theme, config) they
    /// were made with: the next plan with the same setup reuses those an
    /// edit left unchanged instead of rendering every card again.
    cards: Option<(Arc<Setup>, CardCache)>,
    /// The pipeline's stage results by their inputs, for the next change.
    memo: Memo,
    /// Members whose bodies alone changed since the served state was made,
    /// as read again, their HTML rendered (set into its plan).
    bodies: Vec<Doc<Member>>,
}

/// How planning and serving one candidate ended.
enum Served {
    /// It was served until this next candidate came (`None`: shut down).
    Until(Option<Box<Candidate>>),
    /// It could not be planned, or its pages failed to render.
    Failed(Diagnostics),
}

impl Worker {
    fn run(mut self, first: Reply) {
        let started = Instant::now();
        let mut next = match Loaded::load(&self.options, &mut self.memo, &mut Timings::start()) {
            Ok((state, names)) => Some(Candidate {
                names: Some(names),
                state,
                change: Change::default(),
                check: Check::Samples,
                reply: Some(first),
                started,
                timings: Timings::start(),
                again: false,
            }),
            Err(e) => {
                let _ = first.send(Err(e));
                self.pending = Change::everything(&self.options.root);
                self.wait_for_site()
            }
        };
        // The last good state, while a candidate is tried.
        let mut current: Option<Loaded> = None;
        while let Some(mut candidate) = next {
            next = match self.plan_and_serve(&mut candidate, &mut current) {
                Served::Until(following) => {
                    current = Some(candidate.state);
                    following.map(|c| *c)
                }
                Served::Failed(e) => {
                    if let Some(reply) = &candidate.reply {
                        let _ = reply.send(Err(e));
                    }
                    self.pending.merge(candidate.change);
                    drop_later(candidate.state);
                    match current.take() {
                        // The last good build, planned again.
                        Some(state) => Some(Candidate {
                            state,
                            change: Change::default(),
                            check: Check::Pages(Vec::new()),
                            reply: None,
                            started: Instant::now(),
                            timings: Timings::start(),
                            again: true,
                            names: None,
                        }),
                        None => self.wait_for_site(),
                    }
                }
            };
        }
    }

    /// Plans `candidate` beside its name check, renders the pages it must
    /// check, swaps it in (the `previous` state is let go) and answers
    /// requests from it until a change makes the next candidate.
    fn plan_and_serve(
        &mut self,
        candidate: &mut Candidate,
        previous: &mut Option<Loaded>,
    ) -> Served {
        let mut timings = candidate.timings.continued();
        let previous_cards = self.cards.take();
        let cards = previous_cards
            .as_ref()
            .filter(|(setup, _)| Arc::ptr_eq(setup, &candidate.state.setup))
            .map(|(_, cards)| cards);
        let names = candidate.names.take();
        let input = candidate.state.input(&self.options, cards);
        let plan = || OnDemand::new(&input);
        let (checked, planned) = match names {
            Some(names) => names.beside(
                &self.options,
                &mut self.memo,
                &candidate.state.editions,
                plan,
            ),
            None => (Ok(()), plan()),
        };
        let mut site = match checked.and(planned) {
            Ok(site) => site,
            Err(e) => {
                self.cards = previous_cards;
                return Served::Failed(e);
            }
        };
        if candidate.again {
            for doc in &self.bodies {
                site.set_member_html(&doc.path, &doc.html);
            }
        }
        timings.mark("names; plan");
        let mut cache = match check(&site, &candidate.check) {
            Ok(cache) => cache,
            Err(e) => {
                self.cards = Some((Arc::clone(&candidate.state.setup), site.card_cache()));
                return Served::Failed(e);
            }
        };
        timings.mark("render changed pages");
        if !candidate.again {
            // The new state holds them.
            self.bodies.clear();
        }
        if candidate.reply.is_some() && !(previous.is_none() && candidate.change.is_empty()) {
            self.version.pages += 1;
        }
        if let Some(reply) = &candidate.reply {
            let _ = reply.send(Ok(Rebuilt {
                version: self.version,
                took: candidate.started.elapsed(),
                stages: timings.stages,
                styles_only: false,
            }));
        }
        // A page of the last states is served in place of one that fails to
        // render only while every edition shows the same documents with
        // the same front matter: after a member is hidden, say, the page
        // kept from before may still show them.
        if previous
            .as_ref()
            .is_some_and(|last| !last.shows_the_same_as(&candidate.state))
        {
            self.stale.clear();
        }
        drop_later(previous.take());
        let next = self.serve(&candidate.state, &mut site, &mut cache);
        // Taken once served: with what the search data was made of, if a
        // file of it was asked for.
        self.cards = Some((Arc::clone(&candidate.state.setup), site.card_cache()));
        self.stale.extend(cache);
        site.free();
        Served::Until(next.map(Box::new))
    }

    /// Answers requests until a change makes a new candidate; `None` when
    /// every handle is gone.
    fn serve(
        &mut self,
        state: &Loaded,
        site: &mut OnDemand,
        cache: &mut HashMap<String, Arc<[u8]>>,
    ) -> Option<Candidate> {
        loop {
            match self.rx.recv().ok()? {
                Msg::Get(path, reply) => {
                    let _ = reply.send(self.lookup(site, cache, &path));
                }
                Msg::Update(change, now, reply) => {
                    let started = Instant::now();
                    self.options.now = now;
                    let mut all = std::mem::take(&mut self.pending);
                    all.merge(change);
                    if state.touched_only(&all, &self.real_root) {
                        self.touch(all.styles_only(), &reply, started);
                        continue;
                    }
                    let mut timings = Timings::start();
                    let local_now = now.with_timezone(&state.setup.config.timezone);
                    let known = (self.real_root.as_path(), self.bodies.as_slice());
                    if site.made_as_at(local_now)
                        && let Some(docs) = state.bodies_only(&self.options, known, &all)
                    {
                        timings.mark("read changes, markdown");
                        if let Some(rendered) = self.set_bodies(site, cache, docs) {
                            timings.mark("render changed pages");
                            cache.extend(rendered);
                            self.version.pages += 1;
                            let _ = reply.send(Ok(Rebuilt {
                                version: self.version,
                                took: started.elapsed(),
                                stages: timings.stages,
                                styles_only: false,
                            }));
                            continue;
                        }
                        timings = Timings::start();
                    }
                    let known = (self.real_root.as_path(), self.bodies.as_slice());
                    match state.updated(&self.options, known, &all, &mut self.memo, &mut timings) {
                        Ok((next, check, names)) => {
                            return Some(Candidate {
                                names: Some(names),
                                state: next,
                                change: all,
                                check,
                                reply: Some(reply),
                                started,
                                timings,
                                again: false,
                            });
                        }
                        Err(e) => {
                            self.pending = all;
                            let _ = reply.send(Err(e));
                        }
                    }
                }
            }
        }
    }

    /// Members' bodies alone changed (`docs`, read again, HTML rendered):
    /// the plan is kept, and only the pages quoting those bodies (the
    /// members' pages, the search data) are made again; their new bytes.
    /// `None`, with nothing changed, when a member's page then fails to
    /// render: the change takes the full way, which reports it.
    fn set_bodies(
        &mut self,
        site: &mut OnDemand,
        cache: &mut HashMap<String, Arc<[u8]>>,
        docs: Vec<Doc<Member>>,
    ) -> Option<HashMap<String, Arc<[u8]>>> {
        let before = site.bodies();
        let mut pages = Vec::new();
        for doc in &docs {
            pages.extend(site.set_member_html(&doc.path, &doc.html));
        }
        let Ok(rendered) = check(site, &Check::Pages(pages)) else {
            site.restore(before);
            return None;
        };
        self.stale.extend(cache.drain());
        for doc in docs {
            self.bodies.retain(|known| known.path != doc.path);
            self.bodies.push(doc);
        }
        Some(rendered)
    }

    /// Static files changed in place: the build is the same, the files are
    /// read again when asked. Pages reload, or only swap stylesheets.
    fn touch(&mut self, styles_only: bool, reply: &Reply, started: Instant) {
        if styles_only {
            self.version.styles += 1;
        } else {
            self.version.pages += 1;
        }
        let _ = reply.send(Ok(Rebuilt {
            version: self.version,
            took: started.elapsed(),
            stages: Vec::new(),
            styles_only,
        }));
    }

    /// With no good build yet: nothing is found, and every change tries a
    /// whole load again.
    fn wait_for_site(&mut self) -> Option<Candidate> {
        loop {
            match self.rx.recv().ok()? {
                Msg::Get(_, reply) => {
                    let _ = reply.send(Lookup::Missing);
                }
                Msg::Update(change, now, reply) => {
                    let started = Instant::now();
                    self.options.now = now;
                    self.pending.merge(change);
                    let mut timings = Timings::start();
                    match Loaded::load(&self.options, &mut self.memo, &mut timings) {
                        Ok((state, names)) => {
                            return Some(Candidate {
                                names: Some(names),
                                state,
                                change: std::mem::take(&mut self.pending),
                                check: Check::Samples,
                                reply: Some(reply),
                                started,
                                timings,
                                again: false,
                            });
                        }
                        Err(e) => {
                            let _ = reply.send(Err(e));
                        }
                    }
                }
            }
        }
    }

    fn lookup(
        &self,
        site: &OnDemand,
        cache: &mut HashMap<String, Arc<[u8]>>,
        path: &str,
    ) -> Lookup {
        let version = self.version;
        if let Some(bytes) = cache.get(path) {
            return Lookup::Found(File::Bytes(Arc::clone(bytes)), version);
        }
        let contents = match site.get(path) {
            None => return Lookup::Missing,
            Some(Ok(contents)) => contents,
            Some(Err(error)) => {
                let stale = self.stale.get(path);
                return Lookup::Broken {
                    error,
                    stale: stale.map(|b| (File::Bytes(Arc::clone(b)), version)),
                };
            }
        };
        let bytes: Arc<[u8]> = match contents {
            Contents::Bytes(b) => Arc::from(b),
            Contents::Embedded(b) => Arc::from(b),
            Contents::Copy(source) => {
                return match sources::leads_outside(&self.real_root, &source) {
                    // Replaced by a link out of the site since the build.
                    Some(_) => Lookup::Missing,
                    None => Lookup::Found(File::Copy(source), version),
                };
            }
        };
        cache.insert(path.to_string(), Arc::clone(&bytes));
        Lookup::Found(File::Bytes(bytes), version)
    }
}

/// Renders the pages `check` names; their bytes, or every error.
fn check(site: &OnDemand, check: &Check) -> Result<HashMap<String, Arc<[u8]>>, Diagnostics> {
    let paths: Vec<&str> = match check {
        Check::Samples => site.samples(),
        Check::Pages(paths) => paths.iter().map(String::as_str).collect(),
    };
    let rendered: Vec<(String, Result<Contents, Diagnostic>)> = paths
        .par_iter()
        .filter_map(|&p| Some((p.to_string(), site.get(p)?)))
        .collect();
    let mut cache = HashMap::new();
    let mut problems = Diagnostics::default();
    for (path, result) in rendered {
        match result {
            Ok(Contents::Bytes(b)) => {
                cache.insert(path, Arc::from(b));
            }
            Ok(_) => {}
            Err(d) => problems.push(d),
        }
    }
    problems.into_result().map(|()| cache)
}

/// Lets go of `value` on another thread: freeing a large site takes time
/// that a rebuild should not wait for.
fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("alumni-free".into())
        .spawn(move || drop(value));
}

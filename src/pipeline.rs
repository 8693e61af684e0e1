//! The build, stage by stage. This is the only place that knows the order:
//! config → theme → content → privacy gate → Markdown → assets → render → output.
//! `build`, `check` and `serve` all run the stages through here; `serve`
//! runs them again for every change with a [`Memo`] of earlier results.

mod links;
mod memo;

use links::broken_links;
pub use links::check_internal_links;
use memo::FinderMade;
pub use memo::Memo;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use crate::audience::names;
use crate::audience::{self, Policy, Visible};
use crate::config::Config;
use crate::content::load as content_load;
use crate::content::{Audience, Site};
use crate::diagnostics::Diagnostics;
use crate::render::{self, OutputFile};
use crate::theme::Theme;
use crate::{assets, config, data, output, sources, theme};

/// What to build, and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub audience: Audience,
    pub drafts: bool,
    /// The moment the build treats as now (events past, jobs closed).
    pub now: DateTime<FixedOffset>,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Wall time of each stage, in order.
    pub stages: Vec<(&'static str, Duration)>,
    /// What the build published (`manifest::FILE`).
    pub manifest: crate::manifest::Manifest,
}

/// Wall time per stage.
#[derive(Debug, Default)]
pub struct Timings {
    last: Option<Instant>,
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Starts the clock: the first mark measures from now.
    pub fn start() -> Self {
        Timings {
            last: Some(Instant::now()),
            stages: Vec::new(),
        }
    }

    /// These timings, the clock started again from now (the time since
    /// the last mark is not counted).
    pub fn continued(&self) -> Self {
        Timings {
            last: Some(Instant::now()),
            stages: self.stages.clone(),
        }
    }

    /// Records the time since the previous mark as `stage`.
    pub fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        if let Some(last) = self.last {
            self.stages.push((stage, now - last));
        }
        self.last = Some(now);
    }
}

/// Told how far a build is, for a progress display (the library prints nothing).
pub trait Progress: Sync {
    /// Rendering and writing starts: `files` files to go.
    fn start(&self, _files: usize) {}
    /// `files` more files to go than said so far (made while rendering).
    fn more(&self, _files: usize) {}
    /// One more file written.
    fn written(&self) {}
}

/// No progress display.
impl Progress for () {}

/// Builds the site and swaps it into `options.output`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    build_with(options, &())
}

/// [`build`], telling `progress` how far it is.
pub fn build_with(
    options: &BuildOptions,
    progress: &dyn Progress,
) -> Result<BuildReport, Diagnostics> {
    build_then(options, progress, &|_| Ok(()))
}

/// [`build_with`], calling `before_swap` with the manifest of the new build
/// once it is written and before it replaces the output: if that fails,
/// the build fails and the previous output stays as it was.
pub fn build_then(
    options: &BuildOptions,
    progress: &dyn Progress,
    before_swap: &dyn Fn(&crate::manifest::Manifest) -> Result<(), Diagnostics>,
) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let mut timings = Timings::start();
    let (setup, site) = load(options, &mut timings)?;
    output::check_target(&options.root, &options.output, options.audience)?;
    // `visible`'s stages, the name check beside the plan, which does not
    // depend on it and ends in a stretch on one thread (making each
    // edition's `Plan`) that the scan fills: nothing is written before it
    // passes, and its errors come first, as `visible`'s do.
    let mut memo = Memo::off();
    let (gated, names) = unchecked(options, &setup, &site, &mut memo, &mut timings)?;
    // The documents as read: what the gate's editions do not share (the
    // Markdown sources) is let go on another thread, as the model is below.
    std::thread::spawn(move || drop(site));
    let Gated {
        editions,
        assets,
        finder,
    } = gated;
    let input = input(options, &setup, &editions, &assets);
    let (checked, planned) = names.beside(options, &mut memo, &editions, || {
        render::Planned::new(&input)
    });
    checked?;
    let planned = planned?;
    let pages = planned.pages();
    timings.mark("names, assets, plan");
    progress.start(planned.files());
    let (manifest, files) = render_and_write(
        &options.output,
        options.audience,
        &setup.config.base_url,
        planned,
        progress,
        before_swap,
    )?;
    timings.mark("render and write");
    drop(input);
    // Freeing the model of a large site takes tens of milliseconds on one
    // thread, and nothing needs the memory back: a thread frees it while
    // the build reports (or the process ends first).
    // The finder of names too (its automaton: some 70M instructions).
    std::thread::spawn(move || drop((editions, assets, finder)));
    Ok(BuildReport {
        pages,
        files,
        elapsed: started.elapsed(),
        stages: timings.stages,
        manifest,
    })
}

/// Renders the pages on rayon's threads, each thread writing the pages it
/// made, so a page is on disk (and out of memory) as soon as it is made;
/// with the manifest of the output, how many files were written.
fn render_and_write(
    output: &Path,
    audience: Audience,
    base_url: &str,
    planned: render::Planned,
    progress: &dyn Progress,
    before_swap: &dyn Fn(&crate::manifest::Manifest) -> Result<(), Diagnostics>,
) -> Result<(crate::manifest::Manifest, usize), Diagnostics> {
    let staging = output::Staging::new(output, audience)?;
    let failed: Mutex<Option<Diagnostics>> = Mutex::new(None);
    let written = AtomicUsize::new(0);
    let rendered = planned.each(
        &|file| {
            let failed_now = || failed.lock().unwrap_or_else(|e| e.into_inner());
            if failed_now().is_some() {
                return;
            }
            match staging.write(&file) {
                Ok(()) => {
                    written.fetch_add(1, Ordering::Relaxed);
                    progress.written();
                }
                Err(d) => {
                    failed_now().get_or_insert(d);
                }
            }
        },
        &|files| progress.more(files),
    );
    rendered?;
    if let Some(d) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(d);
    }
    let manifest = staging.finish_then(base_url, before_swap)?;
    Ok((manifest, written.into_inner()))
}

/// Everything up to, not including, writing: the files of the site.
pub fn render_site(
    options: &BuildOptions,
    timings: &mut Timings,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let (setup, site) = load(options, timings)?;
    output::check_target(&options.root, &options.output, options.audience)?;
    render_loaded(options, &setup, site, timings)
}

/// What every build of a site shares: its config, theme and data files.
pub struct Setup {
    pub config: Config,
    pub theme: Theme,
    pub data: Map<String, Value>,
}

/// Reads and validates the site's sources: config, theme, data and content.
/// The theme and data are read while the content is (neither needs the
/// other); the errors of both are reported together, with the broken `@/`
/// links of every document, loaded or not.
pub fn load(options: &BuildOptions, timings: &mut Timings) -> Result<(Setup, Site), Diagnostics> {
    load_partial(options, timings).map_err(|failed| failed.problems)
}

/// Why [`load_partial`] failed: every problem found, and what did load
/// of the content when the config did (for `check`'s further checks).
pub struct LoadFailed {
    pub problems: Diagnostics,
    pub partial: Option<Box<content_load::Failed>>,
}

/// [`load`], giving with the problems what did load of the content.
pub fn load_partial(
    options: &BuildOptions,
    timings: &mut Timings,
) -> Result<(Setup, Site), LoadFailed> {
    let root = &options.root;
    let config = match load_config(options) {
        Ok(config) => config,
        Err(problems) => return Err(without_config(root, problems)),
    };
    timings.mark("config");
    let today = options.now.with_timezone(&config.timezone).date_naive();
    let (shared, site) = rayon::join(
        || Ok::<_, Diagnostics>((theme::load(root, &config)?, data::load(root)?)),
        || content_load::load_partial(root, &config.languages, Some(today)),
    );
    timings.mark("theme, data and content");
    let (shared, site) = match (shared, site) {
        (Ok((theme, data)), Ok(site)) => {
            let setup = Setup {
                config,
                theme,
                data,
            };
            return Ok((setup, site));
        }
        (shared, site) => (shared.err().unwrap_or_default(), site),
    };
    // The theme's and data's problems first, then the content's, file by file.
    let mut problems = shared;
    let (content, site) = content_problems(site);
    problems.extend(content.sorted().0);
    Err(LoadFailed {
        problems,
        partial: site,
    })
}

/// The problems of the content as loaded (every file's, and the broken
/// links of the documents that loaded), with what did load when some
/// did not.
fn content_problems(
    site: Result<Site, Box<content_load::Failed>>,
) -> (Diagnostics, Option<Box<content_load::Failed>>) {
    match site {
        Ok(site) => (Diagnostics(broken_links(&site, &[], &Memo::off())), None),
        Err(failed) => {
            let mut content = failed.problems.clone();
            content.extend(broken_links(&failed.site, &failed.unloaded, &Memo::off()));
            (content, Some(failed))
        }
    }
}

/// What a site whose config does not load reports: the config's
/// problems and, when `site.yaml` still says the site's languages and no
/// source leads outside the site, its content's problems and broken links,
/// so that one run shows them all.
fn without_config(root: &Path, mut problems: Diagnostics) -> LoadFailed {
    let languages = match (
        config::languages_of(root),
        sources::refuse_links_outside(root),
    ) {
        (Some(languages), Ok(())) => languages,
        (_, Err(links)) => {
            problems.extend(
                links
                    .0
                    .into_iter()
                    .filter(|d| !problems.0.contains(d))
                    .collect::<Vec<_>>(),
            );
            return LoadFailed {
                problems,
                partial: None,
            };
        }
        (None, Ok(())) => {
            return LoadFailed {
                problems,
                partial: None,
            };
        }
    };
    let (content, partial) = content_problems(content_load::load_partial(root, &languages, None));
    problems.extend(content.sorted().0);
    LoadFailed { problems, partial }
}

/// The site's config (with `--base-url` applied), after refusing source
/// files that lead outside the site.
fn load_config(options: &BuildOptions) -> Result<Config, Diagnostics> {
    let root = &options.root;
    let mut config = config::load(root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url)?;
    }
    sources::refuse_links_outside(root)?;
    Ok(config)
}

/// Reads what every page shares: config, theme and data files (after
/// refusing source files that lead outside the site).
pub fn load_setup(options: &BuildOptions) -> Result<Setup, Diagnostics> {
    let root = &options.root;
    let config = load_config(options)?;
    let theme = theme::load(root, &config)?;
    let data = data::load(root)?;
    Ok(Setup {
        config,
        theme,
        data,
    })
}

/// The files of a loaded site for `options.audience`: privacy gate, Markdown, assets, render.
pub fn render_loaded(
    options: &BuildOptions,
    setup: &Setup,
    site: Site,
    timings: &mut Timings,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let gated = visible(options, setup, &site, &mut Memo::off(), timings)?;
    let files = render::render(&input(options, setup, &gated.editions, &gated.assets));
    timings.mark("render");
    files
}

/// The site as `build` sees it for `options.audience`, without rendering
/// it: load, then [`visible`] (link check, privacy gate, Markdown, the name
/// check and assets), every language. What the newsletter is made from.
pub fn gated_site(options: &BuildOptions) -> Result<(Setup, Vec<Visible>), Diagnostics> {
    let mut timings = Timings::start();
    let (setup, site) = load(options, &mut timings)?;
    let gated = visible(options, &setup, &site, &mut Memo::off(), &mut timings)?;
    Ok((setup, gated.editions))
}

/// What the stages after loading make of a site: what its audience sees.
pub struct Gated {
    /// The privacy gate's editions (one per language), bodies rendered.
    pub editions: Vec<Visible>,
    pub assets: assets::Assets,
    /// The names of the people the editions do not show (`serve` looks
    /// for them in a body it renders again on its own).
    pub finder: Arc<names::Finder>,
}

/// Link check, privacy gate, Markdown, the name check and assets: the
/// visible site, for build, check and serve alike. `memo` gives the results
/// of earlier runs whose inputs are unchanged (`serve`), or nothing
/// ([`Memo::off`]).
pub fn visible(
    options: &BuildOptions,
    setup: &Setup,
    site: &Site,
    memo: &mut Memo,
    timings: &mut Timings,
) -> Result<Gated, Diagnostics> {
    let Rendered {
        editions,
        mut finder,
    } = rendered(options, setup, site, memo, timings)?;
    check_names(options, memo, &mut finder, &editions)?;
    timings.mark("markdown, names");
    let assets = assets::resolve(&options.root, &editions)?;
    timings.mark("assets");
    Ok(Gated {
        editions,
        assets,
        finder: finder.finder,
    })
}

/// [`visible`] but its name check, which is returned to be run beside the
/// page plan ([`NameCheck::beside`]), as `build` and `serve` do: the plan
/// does not depend on it, and is neither written nor served unless it
/// passes. The assets' errors come after the name check's, as in
/// [`visible`].
pub fn unchecked(
    options: &BuildOptions,
    setup: &Setup,
    site: &Site,
    memo: &mut Memo,
    timings: &mut Timings,
) -> Result<(Gated, NameCheck), Diagnostics> {
    let Rendered {
        editions,
        mut finder,
    } = rendered(options, setup, site, memo, timings)?;
    timings.mark("markdown");
    let assets = match assets::resolve(&options.root, &editions) {
        Ok(assets) => assets,
        Err(e) => {
            check_names(options, memo, &mut finder, &editions)?;
            return Err(e);
        }
    };
    timings.mark("assets");
    let gated = Gated {
        editions,
        assets,
        finder: Arc::clone(&finder.finder),
    };
    Ok((gated, NameCheck(finder)))
}

/// The name check of an [`unchecked`] site, still to run.
pub struct NameCheck(FinderMade);

impl NameCheck {
    /// Runs the name check of `editions` (the [`unchecked`] site's), and
    /// `beside` meanwhile on the other threads: what `beside` makes must
    /// not be written or served unless the check passed.
    pub fn beside<R: Send>(
        mut self,
        options: &BuildOptions,
        memo: &mut Memo,
        editions: &[Visible],
        beside: impl FnOnce() -> R + Send,
    ) -> (Result<(), Diagnostics>, R) {
        rayon::join(|| check_names(options, memo, &mut self.0, editions), beside)
    }
}

/// The stages of [`visible`] before the name check: the privacy gate's
/// editions with their bodies rendered, and the finder of the names not
/// shown, made meanwhile.
struct Rendered {
    pub editions: Vec<Visible>,
    finder: FinderMade,
}

/// Link check, privacy gate and Markdown, the finder of names made while
/// the bodies are rendered: [`visible`] up to the name check.
fn rendered(
    options: &BuildOptions,
    setup: &Setup,
    site: &Site,
    memo: &mut Memo,
    timings: &mut Timings,
) -> Result<Rendered, Diagnostics> {
    let policy = Policy::new(&setup.config, options.audience, options.drafts);
    let (mut editions, people) = gate(&options.root, site, &policy, memo, timings)?;
    let finder = memo.finder(Arc::clone(&people), names::Shown::of(&people, &editions));
    let (finder, ()) = rayon::join(|| finder.make(), || memo.render_markdown(&mut editions));
    Ok(Rendered { editions, finder })
}

/// The name check of [`visible`]: fails where a document of `editions`
/// names someone they do not show.
fn check_names(
    options: &BuildOptions,
    memo: &mut Memo,
    finder: &mut FinderMade,
    editions: &[Visible],
) -> Result<(), Diagnostics> {
    let mentions = memo.mentions(finder, editions);
    refuse_mentions(&options.root, options.audience, mentions)
}

/// The privacy gate, with what it needs before it: every `@/` link
/// checked and every member photo owned by its member alone, over every
/// document. Also gives every member's names, for the name check that
/// follows the Markdown stage (`audience::names`).
fn gate(
    root: &Path,
    site: &Site,
    policy: &Policy,
    memo: &mut Memo,
    timings: &mut Timings,
) -> Result<(Vec<Visible>, Arc<names::People>), Diagnostics> {
    // The gate reads none of what the checks make: it runs beside them, on
    // its own copy of the site (`serve`'s stages after a small change are
    // each mostly on one thread), and its editions are let go if they fail.
    let mut redacted = memo.take_redacted();
    let (checked, editions) = rayon::join(
        || {
            memo.read_links(site);
            Diagnostics(broken_links(site, &[], memo)).into_result()?;
            assets::check_photo_owners(root, site)?;
            Ok::<_, Diagnostics>(memo.people(site, policy))
        },
        || audience::filter_with(site.copy(), policy, redacted.as_mut()),
    );
    memo.put_redacted(redacted);
    let people = checked?;
    timings.mark("links, photos, names; privacy gate");
    Ok((editions, people))
}

/// Fails a build whose documents name people it does not show (or link to
/// pages it withholds from their front matter), each at its place.
pub fn refuse_mentions(
    root: &Path,
    audience: Audience,
    mentions: Vec<names::Mention>,
) -> Result<(), Diagnostics> {
    if mentions.is_empty() {
        return Ok(());
    }
    let read = |path: &Path| sources::read_text(&root.join(path), path).ok();
    Err(names::diagnostics(mentions, audience, &read))
}

/// What the renderer reads.
fn input<'a>(
    options: &BuildOptions,
    setup: &'a Setup,
    editions: &'a [Visible],
    assets: &'a assets::Assets,
) -> render::Input<'a> {
    render::Input {
        editions,
        config: &setup.config,
        configs: setup.config.localized(),
        theme: &setup.theme,
        data: &setup.data,
        assets,
        static_files: theme::files_under(&options.root.join("static")),
        now: options.now.with_timezone(&setup.config.timezone),
        cards: None,
    }
}

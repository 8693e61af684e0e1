//! Rendering: the visible model and the theme in, output files out.
//!
//! Pure: no filesystem I/O (files to copy are returned as paths; `output`
//! copies them). Views are built once and shared; each page gets a small
//! Tera context. Pages render in parallel; the result is sorted by path, so
//! the output is identical from run to run.

mod cards;
mod feeds;
mod ics;
mod jsonld;
mod on_demand;
mod pages;
mod search;
mod sitemap;
pub mod text;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::assets::Assets;
use crate::audience::Visible;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::theme::Theme;

pub use on_demand::OnDemand;
pub use pages::{Bodies, CardCache};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path under the output folder, `/`-separated, UTF-8.
    pub path: String,
    pub contents: Contents,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Bytes(Vec<u8>),
    Embedded(&'static [u8]),
    /// Copy this file verbatim.
    Copy(PathBuf),
}

/// Everything the renderer reads.
pub struct Input<'a> {
    /// What the audience may see, one part per language of the site (the
    /// default language first).
    pub editions: &'a [Visible],
    pub config: &'a Config,
    /// `config` as each language reads it ([`Config::localized`]), in the
    /// order of `editions`.
    pub configs: Vec<Config>,
    pub theme: &'a Theme,
    pub data: &'a Map<String, Value>,
    pub assets: &'a Assets,
    /// Files of the site's `static/` folder, as (output path, source).
    pub static_files: Vec<(String, PathBuf)>,
    /// The build time: decides which events are past and which jobs closed.
    pub now: DateTime<FixedOffset>,
    /// Member cards of the previous plan (`serve`), reused where unchanged.
    pub cards: Option<&'a CardCache>,
}

/// Renders every page and lists every file of the site, sorted by path.
pub fn render(input: &Input) -> Result<Vec<OutputFile>, Diagnostics> {
    let planned = Planned::new(input)?;
    let files = Mutex::new(Vec::with_capacity(planned.files()));
    planned.each(
        &|f| files.lock().unwrap_or_else(|e| e.into_inner()).push(f),
        &|_| {},
    )?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The page plan of each language.
fn plan_all<'a>(input: &'a Input<'a>) -> Result<Vec<pages::Plan<'a>>, Diagnostics> {
    (0..input.editions.len())
        .map(|e| pages::Plan::new(input, e).map_err(Diagnostics::from))
        .collect()
}

/// Each plan's search folder (`search/`, `en/search/`).
fn search_dirs(plans: &[pages::Plan]) -> Vec<String> {
    plans
        .iter()
        .map(|plan| format!("{}search/", plan.search_dir()))
        .collect()
}

/// Whether a file at `path` is at one of the search folders `dirs` or
/// under one: then the search data's paths are needed to plan the site
/// (they decide clashes and which file takes a path). Otherwise the
/// search data can be made later: its paths can neither clash with
/// another file nor take another's place.
fn in_search(dirs: &[String], path: &str) -> bool {
    dirs.iter()
        .any(|dir| path.starts_with(dir.as_str()) || path == dir.trim_end_matches('/'))
}

/// A site whose files are all known (paths checked for clashes), and whose
/// pages are rendered as they are handed on: a build writes each page as
/// soon as it is made instead of holding the whole site in memory.
pub struct Planned<'a> {
    /// One plan per language.
    plans: Vec<pages::Plan<'a>>,
    /// The pages to render (plan and task), each output path once.
    pages: Vec<(usize, pages::Task)>,
    /// Per plan, the paths of its data files that no earlier file takes.
    data: Vec<HashSet<String>>,
    /// The search data of every plan, each path that no earlier file
    /// takes, when another file of the site is in a search folder (see
    /// [`in_search`]); `None` when it is made beside the pages.
    search: Option<Vec<OutputFile>>,
    /// Static files (copied, or embedded in the theme).
    statics: Vec<OutputFile>,
}

impl<'a> Planned<'a> {
    pub fn new(input: &'a Input<'a>) -> Result<Self, Diagnostics> {
        let plans = plan_all(input)?;
        // Pages and data files are made later: their paths stand in for
        // them. The first file to claim a path keeps it (pages, then data
        // files, then search data, then static files), as in a sorted,
        // deduplicated list.
        let stub = |path| OutputFile {
            path,
            contents: Contents::Embedded(&[]),
        };
        let mut claimed: HashSet<String> = HashSet::new();
        let mut files = Vec::new();
        let mut pages = Vec::new();
        for (i, plan) in plans.iter().enumerate() {
            for (path, task) in plan.paths() {
                if claimed.insert(path.clone()) {
                    pages.push((i, task));
                    files.push(stub(path));
                }
            }
        }
        pages.sort_by_key(|(i, task)| std::cmp::Reverse(plans[*i].weight(*task)));
        let mut data = Vec::with_capacity(plans.len());
        for plan in &plans {
            let mut kept = HashSet::new();
            for path in plan.data_paths() {
                if claimed.insert(path.clone()) {
                    kept.insert(path.clone());
                    files.push(stub(path));
                }
            }
            data.push(kept);
        }
        let pages_and_data = files.len();
        add_static(&mut files, input);
        let dirs = search_dirs(&plans);
        let search = if files.iter().any(|f| in_search(&dirs, &f.path)) {
            // Each language's search data on its own thread.
            files.truncate(pages_and_data);
            let mut search: Vec<OutputFile> = plans
                .par_iter()
                .flat_map_iter(pages::Plan::search_files)
                .collect();
            search.retain(|f| claimed.insert(f.path.clone()));
            files.extend(search.iter().map(|f| stub(f.path.clone())));
            add_static(&mut files, input);
            Some(search)
        } else {
            None
        };
        check_clashes(&files)?;
        let statics = files.split_off(pages_and_data + search.as_ref().map_or(0, Vec::len));
        Ok(Planned {
            plans,
            pages,
            data,
            search,
            statics,
        })
    }

    /// How many pages (HTML rendered from a template) the site has.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// How many files the site has, pages included; search data made
    /// beside the pages is not known yet (see [`Planned::each`]).
    pub fn files(&self) -> usize {
        self.pages.len()
            + self.data.iter().map(HashSet::len).sum::<usize>()
            + self.search.as_ref().map_or(0, Vec::len)
            + self.statics.len()
    }

    /// Hands every file of the site to `sink` as it is made, in no fixed
    /// order: the static files, then the pages (rendered in parallel) while
    /// the data files (sitemap, feeds, search data) are made beside them.
    /// Search data made here, not counted by [`Planned::files`], is told
    /// to `more` (how many files) before it is handed on. Errors of every
    /// page come together.
    pub fn each(
        self,
        sink: &(dyn Fn(OutputFile) + Sync),
        more: &(dyn Fn(usize) + Sync),
    ) -> Result<(), Diagnostics> {
        let Planned {
            plans,
            pages,
            data,
            search,
            statics,
        } = self;
        statics.into_iter().for_each(sink);
        let ((), problems) = rayon::join(
            || {
                match search {
                    Some(search) => search.into_iter().for_each(sink),
                    // Each language's on its own thread, its parts on all.
                    None => plans.par_iter().for_each(|plan| {
                        let files = plan.search_files();
                        more(files.len());
                        files.into_iter().for_each(sink);
                    }),
                }
                for (plan, kept) in plans.iter().zip(&data) {
                    plan.data_files()
                        .into_iter()
                        .filter(|f| kept.contains(&*f.path))
                        .for_each(sink);
                }
            },
            || {
                // At most a few pages per job: a thread left with a long run
                // of pages at the end would otherwise render them alone.
                pages
                    .par_iter()
                    .with_max_len(16)
                    .filter_map(|(i, task)| match plans[*i].render(task) {
                        Ok(file) => {
                            sink(file);
                            None
                        }
                        Err(d) => Some(d),
                    })
                    .collect::<Vec<Diagnostic>>()
            },
        );
        plans.into_iter().for_each(pages::Plan::free);
        Diagnostics(problems).into_result()
    }
}

/// A file whose path is also a folder of other files (a `static/members`
/// file where the site needs `members/`) cannot be written: name it.
fn check_clashes(files: &[OutputFile]) -> Result<(), Diagnostics> {
    // ahash: every path of the site and its folders are hashed.
    let mut folders: HashSet<&str, ahash::RandomState> = HashSet::default();
    for f in files {
        let mut path = f.path.as_str();
        while let Some((parent, _)) = path.rsplit_once('/') {
            if !folders.insert(parent) {
                break;
            }
            path = parent;
        }
    }
    let mut problems = Diagnostics::default();
    for f in files.iter().filter(|f| folders.contains(f.path.as_str())) {
        let source = match &f.contents {
            Contents::Copy(source) => source.display().to_string(),
            _ => f.path.clone(),
        };
        problems.push(
            Diagnostic::new(
                Location::file(source),
                format!("`/{}` is needed as a folder of the site", f.path),
            )
            .with_hint("rename or move this file: the site writes pages under that folder"),
        );
    }
    problems.into_result()
}

/// Theme static files, then the site's `static/` (which wins), then assets
/// that content points to (and photo thumbnails). Pages win over all of them.
fn add_static(files: &mut Vec<OutputFile>, input: &Input) {
    let taken: HashSet<&str, ahash::RandomState> = files.iter().map(|f| f.path.as_str()).collect();
    let mut extra: std::collections::BTreeMap<String, Contents> = Default::default();
    for (path, asset) in &input.theme.assets {
        let contents = match asset {
            crate::theme::ThemeFile::Embedded(b) => Contents::Embedded(b),
            crate::theme::ThemeFile::File(p) => Contents::Copy(p.clone()),
            crate::theme::ThemeFile::Generated(b) => Contents::Bytes(b.clone()),
        };
        extra.insert(path.clone(), contents);
    }
    for (path, source) in &input.static_files {
        extra.insert(path.clone(), Contents::Copy(source.clone()));
    }
    for asset in input.assets.values() {
        if let Some(out) = &asset.output {
            let contents = match &asset.bytes {
                Some(b) => Contents::Bytes(b.clone()),
                None => Contents::Copy(asset.source.clone()),
            };
            extra.insert(out.clone(), contents);
        }
        for thumb in &asset.thumbnails {
            extra.insert(thumb.output.clone(), Contents::Bytes(thumb.bytes.clone()));
        }
    }
    let extra: Vec<OutputFile> = extra
        .into_iter()
        .filter(|(p, _)| !taken.contains(p.as_str()))
        .map(|(path, contents)| OutputFile { path, contents })
        .collect();
    files.extend(extra);
}

/// A template failed: name the template, and the page it was rendering.
fn template_error(template: &str, page: &str, err: &tera::Error) -> Diagnostic {
    Diagnostic::new(
        Location::file(format!("templates/{template}")),
        format!("while rendering {page}: {}", crate::theme::error_chain(err)),
    )
    .with_hint("fix the template; docs/templates.md lists what each template receives")
}

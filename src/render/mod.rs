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
mod text;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::assets::Assets;
use crate::audience::Visible;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::theme::Theme;

pub use on_demand::OnDemand;

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
}

/// Renders every page and lists every file of the site.
pub fn render(input: &Input) -> Result<Vec<OutputFile>, Diagnostics> {
    let plans = plan_all(input)?;
    let tasks: Vec<(&pages::Plan, &pages::Task)> = plans
        .iter()
        .flat_map(|plan| plan.tasks().iter().map(move |task| (plan, task)))
        .collect();
    let results: Vec<Result<OutputFile, Diagnostic>> = tasks
        .par_iter()
        .map(|(plan, task)| plan.render(task))
        .collect();
    let mut files = Vec::with_capacity(results.len() + 8);
    let mut problems = Diagnostics::default();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => problems.push(d),
        }
    }
    problems.into_result()?;
    files.extend(plans.iter().flat_map(|plan| plan.data_files()));
    add_static(&mut files, input);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|later, earlier| later.path == earlier.path);
    check_clashes(&files)?;
    Ok(files)
}

/// The page plan of each language.
fn plan_all<'a>(input: &'a Input<'a>) -> Result<Vec<pages::Plan<'a>>, Diagnostics> {
    (0..input.editions.len())
        .map(|e| pages::Plan::new(input, e).map_err(|d| Diagnostics(vec![d])))
        .collect()
}

/// A file whose path is also a folder of other files (a `static/members`
/// file where the site needs `members/`) cannot be written: name it.
fn check_clashes(files: &[OutputFile]) -> Result<(), Diagnostics> {
    let mut folders: std::collections::HashSet<&str> = std::collections::HashSet::new();
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
    let taken: std::collections::HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let mut extra: std::collections::BTreeMap<String, Contents> = Default::default();
    for (path, asset) in &input.theme.assets {
        let contents = match asset {
            crate::theme::Asset::Embedded(b) => Contents::Embedded(b),
            crate::theme::Asset::File(p) => Contents::Copy(p.clone()),
        };
        extra.insert(path.clone(), contents);
    }
    for (path, source) in &input.static_files {
        extra.insert(path.clone(), Contents::Copy(source.clone()));
    }
    for asset in input.assets.values() {
        if let Some(out) = &asset.output {
            extra.insert(out.clone(), Contents::Copy(asset.source.clone()));
        }
        for thumb in &asset.thumbnails {
            extra.insert(thumb.output.clone(), Contents::Bytes(thumb.bytes.clone()));
        }
    }
    files.extend(
        extra
            .into_iter()
            .filter(|(p, _)| !taken.contains(p))
            .map(|(path, contents)| OutputFile { path, contents }),
    );
}

/// A template failed: name the template, and the page it was rendering.
fn template_error(template: &str, page: &str, err: &tera::Error) -> Diagnostic {
    Diagnostic::new(
        Location::file(format!("templates/{template}")),
        format!("while rendering {page}: {}", crate::theme::error_chain(err)),
    )
    .with_hint("fix the template; docs/templates.md lists what each template receives")
}

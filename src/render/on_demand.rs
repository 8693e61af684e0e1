//! Rendering when asked, for `serve`: the page plan is made once per build,
//! each page only when it is requested. The files and their bytes are those
//! of [`render`](super::render) (same plan, same precedence: pages, then data
//! files, then static files); pure like it (files to copy stay paths).
//! `serve` keeps its plans while an edit changes members' bodies alone (no
//! plan depends on a body): [`OnDemand::set_member_html`] gives such a
//! member its new body HTML, which its page and the search data then show.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::pages::{Bodies, Plan, Task};
use super::{Contents, Input, OutputFile, add_static, check_clashes, plan_all};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What a plan's search data was made of, and its folder.
type KeptIn = (String, Option<super::search::Kept>);

/// A site whose pages are rendered one at a time.
pub struct OnDemand<'a> {
    /// One plan per language.
    plans: Vec<Plan<'a>>,
    /// Members' body HTML newer than the plans' site, one map per plan.
    bodies: Vec<Bodies>,
    /// Output path → page (plan and task), and the pages in plan order.
    pages: HashMap<String, (usize, Task)>,
    order: Vec<(String, (usize, Task))>,
    data_paths: HashSet<String>,
    /// The data files (sitemap, feeds, calendars), made together on the
    /// first request for one of them.
    data: OnceLock<HashMap<String, Contents>>,
    /// The search data, made with the plan (its paths are known only then;
    /// it reads no member's body, so a patched body leaves it as it is).
    search: HashMap<String, Contents>,
    /// Theme, `static/` and content assets that no page or data file takes.
    statics: HashMap<String, Contents>,
    /// What each plan's search data was made of, by its folder, for the
    /// next plan (see [`super::search::Kept`]).
    search_kept: Vec<(String, Arc<super::search::Kept>)>,
}

impl<'a> OnDemand<'a> {
    /// Plans the site and lists its files; renders nothing yet.
    pub fn new(input: &'a Input<'a>) -> Result<Self, Diagnostics> {
        let plans = plan_all(input)?;
        let order: Vec<(String, (usize, Task))> = plans
            .iter()
            .enumerate()
            .flat_map(|(i, plan)| plan.paths().into_iter().map(move |(p, t)| (p, (i, t))))
            .collect();
        let data_paths: Vec<String> = plans.iter().flat_map(Plan::data_paths).collect();
        let made: Vec<(Vec<OutputFile>, KeptIn)> = (plans.par_iter())
            .map(|plan| {
                let dir = plan.search_dir();
                let kept = input.cards.and_then(|c| c.search(&dir));
                let (files, kept) = plan.search_files_kept(kept, true);
                (files, (dir, kept))
            })
            .collect();
        let (search, search_kept): (Vec<Vec<OutputFile>>, Vec<_>) = made.into_iter().unzip();
        let search: Vec<OutputFile> = search.into_iter().flatten().collect();
        let search_kept = search_kept
            .into_iter()
            .filter_map(|(dir, kept)| Some((dir, Arc::new(kept?))))
            .collect();
        let stub = |path: &String| OutputFile {
            path: path.clone(),
            contents: Contents::Embedded(&[]),
        };
        let mut files: Vec<OutputFile> = order
            .iter()
            .map(|(p, _)| stub(p))
            .chain(data_paths.iter().map(stub))
            .chain(search.iter().map(|f| stub(&f.path)))
            .collect();
        let generated = files.len();
        add_static(&mut files, input);
        check_clashes(&files)?;
        let statics = files
            .split_off(generated)
            .into_iter()
            .map(|f| (f.path, f.contents))
            .collect();
        Ok(OnDemand {
            bodies: plans.iter().map(|_| Bodies::new()).collect(),
            plans,
            pages: order.iter().cloned().collect(),
            order,
            data_paths: data_paths.into_iter().collect(),
            data: OnceLock::new(),
            search: search.into_iter().map(|f| (f.path, f.contents)).collect(),
            statics,
            search_kept,
        })
    }

    /// The file at output path `path` (`members/a/index.html`), rendered
    /// now if it is a page; `None` when the site has no such file.
    pub fn get(&self, path: &str) -> Option<Result<Contents, Diagnostic>> {
        if let Some((plan, task)) = self.pages.get(path) {
            let (plan, bodies) = (&self.plans[*plan], &self.bodies[*plan]);
            return Some(plan.render_with(task, bodies).map(|f| f.contents));
        }
        if self.data_paths.contains(path) {
            let data = self.data.get_or_init(|| {
                let files = self.plans.iter().flat_map(Plan::data_files);
                files.map(|f| (f.path, f.contents)).collect()
            });
            return data.get(path).cloned().map(Ok);
        }
        if let Some(contents) = self.search.get(path) {
            return Some(Ok(contents.clone()));
        }
        self.statics.get(path).cloned().map(Ok)
    }

    /// Gives the member whose file is `path` the body HTML `html` in every
    /// language that shows it: for an edit that changed the body and
    /// nothing else, on which no plan depends. Returns the output paths of
    /// the member's pages.
    pub fn set_member_html(&mut self, path: &Path, html: &Arc<str>) -> Vec<String> {
        self.data = OnceLock::new();
        let mut pages = Vec::new();
        for (plan, bodies) in self.plans.iter().zip(&mut self.bodies) {
            if let Some((i, page)) = plan.member_of(path) {
                bodies.insert(i, Arc::clone(html));
                pages.push(page);
            }
        }
        pages
    }

    /// The members' bodies set so far, to [`OnDemand::restore`] them.
    pub fn bodies(&self) -> Vec<Bodies> {
        self.bodies.clone()
    }

    /// Gives the members back the bodies they had when `bodies` was taken.
    pub fn restore(&mut self, bodies: Vec<Bodies>) {
        self.data = OnceLock::new();
        self.bodies = bodies;
    }

    /// Whether these plans are still those a plan made at `now` would be.
    pub fn made_as_at(&self, now: chrono::DateTime<chrono::FixedOffset>) -> bool {
        self.plans.iter().all(|plan| plan.made_as_at(now))
    }

    /// The member cards of this plan, for the next one to reuse.
    pub fn card_cache(&self) -> super::CardCache {
        let mut cache = super::CardCache::default();
        for plan in &self.plans {
            cache.extend(plan.card_cache());
        }
        for (dir, kept) in &self.search_kept {
            cache.keep_search_shared(dir, Arc::clone(kept));
        }
        cache
    }

    /// Whether `path` is a page (HTML rendered from a template).
    pub fn is_page(&self, path: &str) -> bool {
        self.pages.contains_key(path)
    }

    /// One page of each kind (landing, directory, a member, a story…): what
    /// to render at once after a template changes, to find its errors.
    pub fn samples(&self) -> Vec<&str> {
        let mut seen = HashSet::new();
        self.order
            .iter()
            .filter(|(_, (plan, task))| seen.insert((*plan, task.kind())))
            .map(|(path, _)| path.as_str())
            .collect()
    }

    /// Every file of the site, pages first, in no particular order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.order
            .iter()
            .map(|(p, _)| p.as_str())
            .chain(self.data_paths.iter().map(String::as_str))
            .chain(self.search.keys().map(String::as_str))
            .chain(self.statics.keys().map(String::as_str))
    }
}

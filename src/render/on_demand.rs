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
use super::{
    Contents, Input, OutputFile, add_static, check_clashes, in_search, plan_all, search_dirs,
};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What a plan's search data was made of, and its folder.
type KeptIn = (String, Option<super::search::Kept>);

/// The search data of every plan, by output path, and what each plan's
/// was made of, by its folder.
type Search = (
    HashMap<String, Contents>,
    Vec<(String, Arc<super::search::Kept>)>,
);

/// A site whose pages are rendered one at a time.
pub struct OnDemand<'a> {
    input: &'a Input<'a>,
    /// One plan per language.
    plans: Vec<Plan<'a>>,
    /// Members' body HTML newer than the plans' site, one map per plan.
    bodies: Vec<Bodies>,
    /// Output path → page (plan and task), and the pages in plan order.
    pages: HashMap<String, (usize, Task), ahash::RandomState>,
    order: Vec<(String, (usize, Task))>,
    data_paths: HashSet<String>,
    /// The data files (sitemap, feeds, calendars), made together on the
    /// first request for one of them.
    data: OnceLock<HashMap<String, Contents>>,
    /// The search data (it reads no member's body, so a patched body
    /// leaves it as it is), with what it was made of. Made on the first
    /// request for a file under a search folder (`search_dirs`): no other
    /// file of the site is under one, so its paths can neither clash with
    /// another file nor take another's place. When one is, it is made
    /// with the plan, whose clash check needs its paths.
    search: OnceLock<Search>,
    /// Each plan's search folder (`search/`, `en/search/`).
    search_dirs: Vec<String>,
    /// Theme, `static/` and content assets that no page or data file takes.
    statics: HashMap<String, Contents>,
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
        let search_dirs = search_dirs(&plans);
        let stub = |path: &String| OutputFile {
            path: path.clone(),
            contents: Contents::Embedded(&[]),
        };
        let mut files: Vec<OutputFile> = order
            .iter()
            .map(|(p, _)| stub(p))
            .chain(data_paths.iter().map(stub))
            .collect();
        let pages_and_data = files.len();
        add_static(&mut files, input);
        // A file at a search folder, or under one: the search data's paths
        // are needed now (see `OnDemand::search`).
        let search = OnceLock::new();
        if files.iter().any(|f| in_search(&search_dirs, &f.path)) {
            files.truncate(pages_and_data);
            let made = make_search(input, &plans);
            files.extend(made.0.keys().map(stub));
            add_static(&mut files, input);
            let _ = search.set(made);
        }
        check_clashes(&files)?;
        let generated = order.len() + data_paths.len() + search.get().map_or(0, |s| s.0.len());
        let statics = files
            .split_off(generated)
            .into_iter()
            .map(|f| (f.path, f.contents))
            .collect();
        Ok(OnDemand {
            input,
            bodies: plans.iter().map(|_| Bodies::new()).collect(),
            plans,
            pages: order.iter().cloned().collect(),
            order,
            data_paths: data_paths.into_iter().collect(),
            data: OnceLock::new(),
            search,
            search_dirs,
            statics,
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
        if self
            .search_dirs
            .iter()
            .any(|dir| path.starts_with(dir.as_str()))
            && let Some(contents) = self.search().0.get(path)
        {
            return Some(Ok(contents.clone()));
        }
        self.statics.get(path).cloned().map(Ok)
    }

    /// Frees this site on all of rayon's threads (its plans' member cards
    /// take milliseconds to free on one), the pages' map beside them.
    pub fn free(self) {
        let OnDemand {
            plans,
            pages,
            order,
            ..
        } = self;
        rayon::join(
            || plans.into_iter().for_each(Plan::free),
            || drop((pages, order)),
        );
    }

    /// The search data, made now if it was not yet.
    fn search(&self) -> &Search {
        self.search
            .get_or_init(|| make_search(self.input, &self.plans))
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

    /// The member cards of this plan, for the next one to reuse, with
    /// what its search data was made of: when it has not been made (no
    /// file of it asked for), what the search data this plan took from was
    /// made of (what it keeps is checked against its inputs when used).
    pub fn card_cache(&self) -> super::CardCache {
        let mut cache = super::CardCache::default();
        for plan in &self.plans {
            cache.extend(plan.card_cache());
        }
        match self.search.get() {
            Some((_, kept)) => {
                for (dir, kept) in kept {
                    cache.keep_search_shared(dir, Arc::clone(kept));
                }
            }
            None => {
                let earlier = self.input.cards.into_iter().flat_map(|c| c.search_shared());
                for (dir, kept) in earlier {
                    cache.keep_search_shared(dir, Arc::clone(kept));
                }
            }
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
            .chain(self.search().0.keys().map(String::as_str))
            .chain(self.statics.keys().map(String::as_str))
    }
}

/// The search data of every plan, each taking what the search data of an
/// earlier plan (`input.cards`) was made of where its inputs are the same.
fn make_search(input: &Input, plans: &[Plan]) -> Search {
    let made: Vec<(Vec<OutputFile>, KeptIn)> = (plans.par_iter())
        .map(|plan| {
            let dir = plan.search_dir();
            let kept = input.cards.and_then(|c| c.search(&dir));
            let (files, kept) = plan.search_files_kept(kept, true);
            (files, (dir, kept))
        })
        .collect();
    let (search, kept): (Vec<Vec<OutputFile>>, Vec<_>) = made.into_iter().unzip();
    let files = (search.into_iter().flatten())
        .map(|f| (f.path, f.contents))
        .collect();
    let kept = kept
        .into_iter()
        .filter_map(|(dir, kept)| Some((dir, Arc::new(kept?))))
        .collect();
    (files, kept)
}

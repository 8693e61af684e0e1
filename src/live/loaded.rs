//! One loaded state of the live site: the documents as read, the privacy
//! gate's editions, assets and static files, and how a [`Change`] turns one
//! state into the next (re-reading only the changed files).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{Check, Stages};
use crate::assets::{self, Assets};
use crate::audience::{LinkIndex, Policy, Visible, names};
use crate::content::{self, Doc, Member, Section, Site};
use crate::diagnostics::Diagnostics;
use crate::markdown::Links;
use crate::pipeline::{self, BuildOptions, Setup, Timings};
use crate::render::{CardCache, Input};
use crate::watch::Change;
use crate::{markdown, sources, theme};

/// One loaded state of the site.
pub(super) struct Loaded {
    pub(super) setup: Arc<Setup>,
    /// Every document as read, before the privacy gate; bodies without `@/`
    /// links already rendered (their HTML does not depend on the build).
    pub(super) raw: RefCell<Site>,
    /// Members whose body alone changed since `editions` were made: their
    /// file and new body HTML (already in `raw`), put into every plan made
    /// from this state.
    pub(super) patched: RefCell<Vec<(PathBuf, Arc<str>)>>,
    /// One part per language, the default first.
    pub(super) editions: Vec<Visible>,
    /// The names of the people not shown, for bodies patched in without the gate.
    pub(super) finder: names::Finder,
    pub(super) assets: Assets,
    pub(super) statics: Vec<(String, PathBuf)>,
}

impl Loaded {
    /// Reads the whole site.
    pub(super) fn load(options: &BuildOptions, stages: &mut Stages) -> Result<Loaded, Diagnostics> {
        let (setup, mut raw) = pipeline::load(options, &mut Timings::default())?;
        stages.mark("load");
        prerender(&mut raw, &setup.config.base_path, &|_| true);
        stages.mark("markdown");
        Loaded::gate(options, Arc::new(setup), raw, stages)
    }

    /// The privacy gate and what follows it, for `raw`.
    pub(super) fn gate(
        options: &BuildOptions,
        setup: Arc<Setup>,
        raw: Site,
        stages: &mut Stages,
    ) -> Result<Loaded, Diagnostics> {
        let policy = Policy::new(&setup.config, options.audience, options.drafts);
        let (mut editions, people) = pipeline::gate(&options.root, raw.clone(), &policy)?;
        stages.mark("check links, privacy gate");
        editions.iter_mut().for_each(render_linked);
        let finder = names::Finder::new(people, &editions);
        let mentions = names::check(&finder, &editions);
        pipeline::refuse_mentions(&options.root, options.audience, mentions)?;
        let assets = assets::resolve(&options.root, &editions)?;
        let statics = theme::files_under(&options.root.join("static"));
        stages.mark("linked markdown, assets");
        Ok(Loaded {
            setup,
            raw: RefCell::new(raw),
            patched: RefCell::new(Vec::new()),
            editions,
            finder,
            assets,
            statics,
        })
    }

    pub(super) fn input<'a>(
        &'a self,
        options: &BuildOptions,
        cards: Option<&'a CardCache>,
    ) -> Input<'a> {
        Input {
            editions: &self.editions,
            config: &self.setup.config,
            configs: self.setup.config.localized(),
            theme: &self.setup.theme,
            data: &self.setup.data,
            assets: &self.assets,
            static_files: self.statics.clone(),
            now: options.now.with_timezone(&self.setup.config.timezone),
            cards,
        }
    }

    /// This state with `change` applied, and the pages to check before it
    /// is served.
    pub(super) fn updated(
        &self,
        options: &BuildOptions,
        real_root: &Path,
        change: &Change,
        stages: &mut Stages,
    ) -> Result<(Loaded, Check), Diagnostics> {
        let root = &options.root;
        let mut problems = Diagnostics::default();
        for path in change.content.iter().chain(&change.statics) {
            links_outside(root, real_root, path, &mut problems);
        }
        problems.into_result()?;
        let setup = if change.reload || !change.statics.is_empty() {
            Arc::new(pipeline::load_setup(options)?)
        } else {
            Arc::clone(&self.setup)
        };
        if setup.config.languages != self.setup.config.languages {
            // Which files are translations depends on the languages: read everything.
            return Ok((Loaded::load(options, stages)?, Check::Samples));
        }
        let mut problems = Diagnostics::default();
        let mut rereads = Vec::new();
        for path in &change.content {
            match content::load::reread(root, path, &setup.config.languages) {
                Ok(r) => rereads.push(r),
                Err(e) => problems.extend(e.0),
            }
        }
        problems.into_result()?;
        stages.mark("read changes");
        // The changed files and folders, and the translations read again
        // with them (they take fields from their original).
        let changed: Vec<PathBuf> = rereads
            .iter()
            .flat_map(|r| r.paths().iter().cloned())
            .collect();
        let mut raw = self.raw.borrow().clone();
        stages.mark("copy site");
        for r in rereads {
            raw.apply(r);
        }
        content::load::check(&raw, &setup.config.languages)?;
        let today = options.now.with_timezone(&setup.config.timezone);
        content::load::check_consent(root, &raw, today.date_naive())?;
        let touched = |doc: &Path| changed.iter().any(|c| content::load::is_under(doc, c));
        prerender(&mut raw, &setup.config.base_path, &touched);
        stages.mark("apply, check URLs, markdown");
        let next = Loaded::gate(options, setup, raw, stages)?;
        let check = if change.reload || !change.statics.is_empty() {
            Check::Samples
        } else {
            Check::Pages(
                next.editions
                    .iter()
                    .flat_map(|e| pages_of(e.site(), e.lang_prefix(), &touched))
                    .collect(),
            )
        };
        Ok((next, check))
    }

    /// The members `change` rewrote, read again with their bodies rendered,
    /// when it changed nothing but the bodies of members (no front matter,
    /// no file added or removed, no `@/` link in a new body): then the
    /// privacy gate, the indexes, every card and every other page are as
    /// they were. `None` for any other change, or one with errors (the full
    /// way reports them).
    pub(super) fn bodies_only(
        &self,
        options: &BuildOptions,
        real_root: &Path,
        change: &Change,
    ) -> Option<Vec<Doc<Member>>> {
        if change.reload || !change.statics.is_empty() || change.content.is_empty() {
            return None;
        }
        let root = &options.root;
        let languages = &self.setup.config.languages;
        let raw = self.raw.borrow();
        let mut docs: Vec<Doc<Member>> = Vec::new();
        for path in &change.content {
            if !path.is_file() || path.extension().is_none_or(|e| e != "md") {
                return None;
            }
            let mut problems = Diagnostics::default();
            links_outside(root, real_root, path, &mut problems);
            if !problems.is_empty() {
                return None;
            }
            let reread = content::load::reread(root, path, languages).ok()?;
            for new in reread.members_only()? {
                let old = raw.members.iter().find(|m| m.path == new.path)?;
                let same = old.key == new.key
                    && old.slug == new.slug
                    && old.lang == new.lang
                    && old.group == new.group
                    && old.front == new.front
                    && !depends_on_gate(&new.body, &self.editions);
                if !same {
                    return None;
                }
                if !docs.iter().any(|d| d.path == new.path) {
                    let mut doc = new.clone();
                    let none = LinkIndex::none_under(&self.setup.config.base_path);
                    doc.html = markdown::render(&doc.body, &none).html.into();
                    // A body that names someone not shown takes the full
                    // way, which reports it.
                    if !self.finder.scan(&doc).is_empty() {
                        return None;
                    }
                    docs.push(doc);
                }
            }
        }
        Some(docs)
    }

    /// Whether `change` only rewrote static files this build already has
    /// (their bytes are read when asked, so the build stays as it is).
    pub(super) fn touched_only(&self, change: &Change, real_root: &Path) -> bool {
        let known = |path: &Path| {
            self.statics.iter().any(|(_, source)| source == path)
                || self
                    .setup
                    .theme
                    .assets
                    .values()
                    .any(|a| matches!(a, theme::ThemeFile::File(source) if source == path))
        };
        !change.reload
            && change.content.is_empty()
            && !change.statics.is_empty()
            && change.statics.iter().all(|p| {
                p.is_file()
                    && !p.is_symlink()
                    && known(p)
                    && sources::leads_outside(real_root, p).is_none()
            })
    }
}

/// Renders the Markdown of the documents `touched` picks whose HTML does not
/// depend on the build (no `@/` links); the others wait for the gate.
pub(super) fn prerender(
    site: &mut Site,
    base_path: &str,
    touched: &(dyn Fn(&Path) -> bool + Sync),
) {
    pub(super) fn all<F: Send + Sync>(
        docs: &mut [Doc<F>],
        base_path: &str,
        touched: &(dyn Fn(&Path) -> bool + Sync),
    ) {
        let none = LinkIndex::none_under(base_path);
        docs.par_iter_mut()
            .filter(|d| touched(&d.path))
            .for_each(|d| {
                d.html = if d.body.contains("@/") {
                    "".into()
                } else {
                    markdown::render(&d.body, &none).html.into()
                };
            });
    }
    if let Some(p) = site.programme.as_mut() {
        all(std::slice::from_mut(p), base_path, touched);
    }
    all(&mut site.programme_translations, base_path, touched);
    crate::for_each_kind!(mut *site, |docs, _| all(docs, base_path, touched));
}

/// Whether the HTML of `body` depends on what the gate lets through: it has
/// `@/` links, or may link to a page the build withholds.
fn depends_on_gate(body: &str, editions: &[Visible]) -> bool {
    body.contains("@/")
        || editions
            .first()
            .and_then(|e| e.links().withheld())
            .is_some_and(|w| w.may_be_named_in(body))
}

/// Renders the bodies whose HTML depends on the gate (`@/` links, links
/// that may name a withheld page), now that it has run.
pub(super) fn render_linked(visible: &mut Visible) {
    pub(super) fn all<F: Send + Sync>(docs: &mut [Doc<F>], links: &LinkIndex) {
        let withheld = links.withheld();
        docs.par_iter_mut()
            .filter(|d| {
                d.body.contains("@/") || withheld.is_some_and(|w| w.may_be_named_in(&d.body))
            })
            .for_each(|d| {
                d.html = markdown::render(&d.body, &links.in_lang(&d.lang))
                    .html
                    .into()
            });
    }
    let (site, links) = visible.site_mut_with_links();
    if let Some(p) = site.programme.as_mut() {
        all(std::slice::from_mut(p), links);
    }
    crate::for_each_kind!(mut *site, |docs, _| all(docs, links));
}

/// The output paths of the visible documents `touched` picks.
pub(super) fn pages_of(site: &Site, prefix: &str, touched: &dyn Fn(&Path) -> bool) -> Vec<String> {
    let of = |docs: Vec<(&Path, &str)>, section: Section| -> Vec<String> {
        docs.into_iter()
            .filter(|(path, _)| touched(path))
            .map(|(_, slug)| section.output_path_in(prefix, slug))
            .collect()
    };
    pub(super) fn list<F>(docs: &[Doc<F>]) -> Vec<(&Path, &str)> {
        docs.iter()
            .map(|d| (d.path.as_path(), d.slug.as_str()))
            .collect()
    }
    let mut paths = Vec::new();
    if site.programme.as_ref().is_some_and(|p| touched(&p.path)) {
        let dir = prefix.trim_start_matches('/');
        paths.push(if dir.is_empty() {
            "index.html".to_string()
        } else {
            format!("{dir}/index.html")
        });
    }
    crate::for_each_kind!(site, |docs, section| paths.extend(of(list(docs), section)));
    paths
}

/// Refuses symlinks at or under `path` that lead outside the site (the
/// check a build makes over all its sources, for the changed ones).
pub(super) fn links_outside(
    root: &Path,
    real_root: &Path,
    path: &Path,
    problems: &mut Diagnostics,
) {
    for entry in WalkDir::new(path).into_iter().flatten() {
        if !entry.path_is_symlink() {
            continue;
        }
        if let Some(target) = sources::leads_outside(real_root, entry.path()) {
            problems.push(sources::outside(root, entry.path(), &target));
        }
    }
}

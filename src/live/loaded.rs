//! One loaded state of the live site: the documents as read, what the
//! pipeline made of them (the privacy gate's editions, assets, the names
//! not shown) and static files, and how a [`Change`] turns one state into
//! the next: re-reading only the changed files, then running the pipeline's
//! stages with the [`Memo`] of earlier runs.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use super::Check;
use crate::assets::Assets;
use crate::audience::{LinkIndex, Visible, names};
use crate::content::{self, Doc, Member, Section, Site};
use crate::diagnostics::Diagnostics;
use crate::markdown::Links;
use crate::pipeline::{self, BuildOptions, Gated, Memo, NameCheck, Setup, Timings};
use crate::render::{CardCache, Input};
use crate::watch::Change;
use crate::{markdown, sources, theme};

/// One loaded state of the site.
pub(super) struct Loaded {
    pub(super) setup: Arc<Setup>,
    /// Every document as read, before the privacy gate.
    pub(super) raw: Site,
    /// One part per language, the default first.
    pub(super) editions: Vec<Visible>,
    /// The names of the people not shown, for bodies rendered on their own.
    pub(super) finder: Arc<names::Finder>,
    pub(super) assets: Assets,
    pub(super) statics: Vec<(String, PathBuf)>,
}

impl Loaded {
    /// Reads the whole site; with its name check, to run beside its plan.
    pub(super) fn load(
        options: &BuildOptions,
        memo: &mut Memo,
        timings: &mut Timings,
    ) -> Result<(Loaded, NameCheck), Diagnostics> {
        let (setup, raw) = pipeline::load(options, timings)?;
        *memo = Memo::new();
        Loaded::unchecked(options, Arc::new(setup), raw, memo, timings)
    }

    /// The pipeline's stages after loading, for `raw`, but the name check:
    /// the state must not be served before it passes.
    fn unchecked(
        options: &BuildOptions,
        setup: Arc<Setup>,
        raw: Site,
        memo: &mut Memo,
        timings: &mut Timings,
    ) -> Result<(Loaded, NameCheck), Diagnostics> {
        let (gated, names) = pipeline::unchecked(options, &setup, &raw, memo, timings)?;
        let Gated {
            editions,
            assets,
            finder,
        } = gated;
        let statics = theme::files_under(&options.root.join("static"));
        let loaded = Loaded {
            setup,
            raw,
            editions,
            finder,
            assets,
            statics,
        };
        Ok((loaded, names))
    }

    /// Whether `next` shows what this state shows, as it shows it: every
    /// edition the same documents in the same order, each with the same
    /// front matter as the gate let it through (the same shared value: the
    /// gate keeps an unchanged document's from one run to the next). Any
    /// other change may show less than this state did.
    pub(super) fn shows_the_same_as(&self, next: &Loaded) -> bool {
        fn shown(editions: &[Visible]) -> Vec<(&str, &str, *const ())> {
            let mut all = Vec::new();
            for e in editions {
                let site = e.site();
                let programme = site.programme.iter().chain(&site.programme_translations);
                all.extend(
                    programme.map(|d| (e.lang(), &*d.key, Arc::as_ptr(&d.front) as *const ())),
                );
                crate::for_each_kind!(site, |docs, _| all.extend(docs.iter().map(|d| (
                    e.lang(),
                    &*d.key,
                    Arc::as_ptr(&d.front) as *const ()
                ))));
            }
            all
        }
        shown(&self.editions) == shown(&next.editions)
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

    /// This state with the members' bodies `bodies` and then `change`
    /// applied, and the pages to check before it is served; its name check
    /// still to run, beside its plan.
    pub(super) fn updated(
        &self,
        options: &BuildOptions,
        (real_root, bodies): (&Path, &[Doc<Member>]),
        change: &Change,
        memo: &mut Memo,
        timings: &mut Timings,
    ) -> Result<(Loaded, Check, NameCheck), Diagnostics> {
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
        if setup.config.languages != self.setup.config.languages
            || setup.config.base_path != self.setup.config.base_path
        {
            // Which files are translations depends on the languages, and
            // every body's HTML on the site's path: start again.
            let (loaded, names) = Loaded::load(options, memo, timings)?;
            return Ok((loaded, Check::Samples, names));
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
        timings.mark("read changes");
        // The changed files and folders, and the translations read again
        // with them (they take fields from their original).
        let changed: Vec<PathBuf> = rereads
            .iter()
            .flat_map(|r| r.paths().iter().cloned())
            .collect();
        let mut raw = self.raw.copy();
        for doc in bodies {
            if let Some(m) = raw.members.iter_mut().find(|m| m.path == doc.path) {
                *m = doc.clone();
            }
        }
        timings.mark("copy site");
        // The site before passed the checks across files: only what was
        // read again may make them fail (unless the config changed).
        let read: Vec<content::load::Read> = rereads.iter().flat_map(|r| r.documents()).collect();
        for r in rereads {
            raw.apply(r);
        }
        if Arc::ptr_eq(&setup, &self.setup) {
            content::load::check_applied(&raw, &setup.config.languages, &read)?;
        } else {
            content::load::check(&raw, &setup.config.languages)?;
        }
        let today = options.now.with_timezone(&setup.config.timezone);
        content::load::check_consent(root, &raw, today.date_naive())?;
        let touched = |doc: &Path| changed.iter().any(|c| content::load::is_under(doc, c));
        timings.mark("apply, check URLs");
        let (next, names) = Loaded::unchecked(options, setup, raw, memo, timings)?;
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
        Ok((next, check, names))
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
        (real_root, bodies): (&Path, &[Doc<Member>]),
        change: &Change,
    ) -> Option<Vec<Doc<Member>>> {
        if change.reload || !change.statics.is_empty() || change.content.is_empty() {
            return None;
        }
        let root = &options.root;
        let languages = &self.setup.config.languages;
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
                let old = (bodies.iter().rev())
                    .chain(&self.raw.members)
                    .find(|m| m.path == new.path)?;
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

/// A copy of `site`, made on all threads: copying the documents of a large
/// site on one thread takes a good part of an edit's time.
/// Whether the HTML of `body` depends on what the gate lets through: it has
/// `@/` links, or may link to a page the build withholds.
fn depends_on_gate(body: &str, editions: &[Visible]) -> bool {
    body.contains("@/")
        || editions
            .first()
            .and_then(|e| e.links().withheld())
            .is_some_and(|w| w.may_be_named_in(body))
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
            .map(|d| (d.path.as_ref(), d.slug.as_ref()))
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

//! The link check: every `@/` link of every document, visible in a build
//! or not, must point to existing content.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::Memo;
use crate::content::load::Unloaded;
use crate::content::{Doc, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::markdown::InternalLink;

/// Every `@/` link of every document, visible in this build or not, must
/// point to existing content: a broken link is an error in every build.
/// Bodies are searched on all threads; the errors keep the documents' order.
pub fn check_internal_links(site: &Site) -> Result<(), Diagnostics> {
    Diagnostics(broken_links(site, &[], &Memo::off())).into_result()
}

/// The broken `@/` links of `site` and of the files that did not load
/// (which are not missing content); `memo` knows the links of some bodies.
pub(super) fn broken_links(site: &Site, unloaded: &[Unloaded], memo: &Memo) -> Vec<Diagnostic> {
    let keys: HashSet<&str, ahash::RandomState> = site
        .keys()
        .map(|(key, _, _)| key)
        .chain(unloaded.iter().map(|u| u.key.as_str()))
        .collect();
    let broken = |path: &Path, key: &str, body: &Arc<str>, body_line: usize| -> Vec<Diagnostic> {
        memo.links_of(key, body)
            .iter()
            .filter(|link| link.image || !keys.contains(link.key()))
            .map(|link| broken_link(path, body, body_line, link))
            .collect()
    };
    let mut problems: Vec<Diagnostic> = site
        .programme
        .iter()
        .chain(&site.programme_translations)
        .flat_map(|p| broken(&p.path, &p.key, &p.body, p.body_line))
        .collect();
    crate::for_each_kind!(site, |docs, _| problems.extend(broken_in(docs, &broken)));
    problems.extend(
        unloaded
            .iter()
            .flat_map(|u| broken(&u.path, &u.key, &u.body.as_str().into(), u.body_line)),
    );
    problems
}

/// The broken links of a body (of the file at a path, the document of a
/// key, starting at a line).
type BrokenIn<'a> = dyn Fn(&Path, &str, &Arc<str>, usize) -> Vec<Diagnostic> + Sync + 'a;

/// The broken links of `docs`, in their order, found on all threads.
fn broken_in<F: Send + Sync>(docs: &[Doc<F>], broken: &BrokenIn) -> Vec<Diagnostic> {
    docs.par_iter()
        .with_max_len(64)
        .flat_map_iter(|d| broken(&d.path, &d.key, &d.body, d.body_line))
        .collect()
}

fn broken_link(path: &Path, body: &str, body_line: usize, link: &InternalLink) -> Diagnostic {
    let before = &body[..link.offset.min(body.len())];
    let line = body_line + before.matches('\n').count();
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let mut d = if link.image {
        Diagnostic::new(
            Location::at(path, line, col),
            format!("`{}` is a page, not an image", link.target),
        )
        .with_hint("show an image file next to this one or under static/, e.g. ![](team.jpg); link a page with [text](@/...)")
    } else {
        Diagnostic::new(
            Location::at(path, line, col),
            format!("link to missing content `{}`", link.target),
        )
        .with_hint("link to an existing file under content/, e.g. @/members/yamada-taro.md")
    };
    d.source_line = body.lines().nth(line - body_line).map(str::to_string);
    d
}

//! The privacy gate: the one place that decides what a build may see.
//!
//! [`filter`] runs once, right after loading. It drops every document the
//! audience may not see (hidden, withdrawn, members-only, unconsented,
//! drafts), removes the personal details a member did not opt in to show,
//! and drops non-visible members from stories. Everything downstream holds a
//! [`Visible`], which only this module can make: a render bug cannot leak
//! what never reaches the renderer.
//!
//! On a multilingual site every version of a document passes the gate on
//! its own (with the fields it takes from the original) *and* goes when its
//! original goes: a translation of a hidden, withdrawn, unconsented,
//! members-only or draft document is never shown where the original is not.
//! A member hidden or withdrawn in any version is removed in every version.
//! The gate then makes one [`Visible`] per language: that language's
//! versions, and (with `untranslated: show`) the default-language version of
//! what has no translation.

mod casts;
mod links;
pub mod names;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, Privacy, Untranslated};
use crate::content::kinds::{Front, OpenTo};
use crate::content::load::prefix_of;
use crate::content::{Audience, Doc, Member, Section, Site, Visibility};

use casts::{Casts, link_story_members};
pub use links::LinkIndex;
use links::{KeptLinks, KeptWithheld, link_indexes, withheld};

/// Who a build is for, and what it includes.
#[derive(Debug, Clone)]
pub struct Policy {
    pub audience: Audience,
    pub drafts: bool,
    pub privacy: Privacy,
    /// The site's languages, the default first (`Config::languages`).
    pub languages: Vec<String>,
    pub untranslated: Untranslated,
    /// The path the site is served under (`Config::base_path`): `""` or
    /// `/alumni`. Every URL of the build starts with it.
    pub base_path: String,
}

impl Policy {
    /// The policy of a build of `config`'s site for `audience`.
    pub fn new(config: &Config, audience: Audience, drafts: bool) -> Policy {
        Policy {
            audience,
            drafts,
            privacy: config.privacy.clone(),
            languages: config.languages.clone(),
            untranslated: config.untranslated,
            base_path: config.base_path.clone(),
        }
    }
}

/// The part of a site an audience may see in one language. Only [`filter`]
/// makes one.
#[derive(Debug)]
pub struct Visible {
    site: Site,
    audience: Audience,
    links: LinkIndex,
    lang: String,
    /// `""` for the default language, `/en` for English.
    lang_prefix: String,
    /// The site's path (`Policy::base_path`) and `lang_prefix`: what every
    /// URL of this language starts with (`/alumni/en`).
    prefix: String,
}

impl Visible {
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// For the Markdown stage, which fills in `html` while resolving links.
    pub fn site_mut_with_links(&mut self) -> (&mut Site, &LinkIndex) {
        (&mut self.site, &self.links)
    }

    pub fn links(&self) -> &LinkIndex {
        &self.links
    }

    pub fn audience(&self) -> Audience {
        self.audience
    }

    /// The language of this part of the site (`ja`).
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// The URL prefix of its pages: the site's path and the language's
    /// (`""` for the default language at the root of the host, `/en`,
    /// `/alumni`, `/alumni/en`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The language's part of [`Visible::prefix`] alone (`""`, `/en`): the
    /// folder of its pages in the output.
    pub fn lang_prefix(&self) -> &str {
        &self.lang_prefix
    }

    /// The site's part of [`Visible::prefix`] (`""`, `/alumni`).
    pub fn base_path(&self) -> &str {
        &self.prefix[..self.prefix.len() - self.lang_prefix.len()]
    }

    /// Whether `doc` is shown here in place of a missing translation (it
    /// is in another language than this part of the site).
    pub fn is_fallback<F>(&self, doc: &Doc<F>) -> bool {
        *doc.lang != *self.lang
    }
}

/// Applies `policy` to `site`: one [`Visible`] per language of
/// `policy.languages`, the default language first.
pub fn filter(site: Site, policy: &Policy) -> Vec<Visible> {
    filter_with(site, policy, None)
}

/// The members' front matter as an earlier gate redacted it, with what
/// each was made from: `serve` gives it to the next gate ([`filter_with`]),
/// which takes a member's redacted front matter again while the member's
/// front matter is the same shared value and what the redaction reads of
/// the policy and of the member's original is the same. The front matter
/// of an unchanged member then stays the same value from one run to the
/// next, which later stages compare by pointer.
#[derive(Default)]
pub struct Redacted {
    /// What redacting reads of the policy: its audience, and whether
    /// rehire interest is public.
    policy: Option<(Audience, bool)>,
    /// By member document key (one per file): the front matter as read,
    /// whether the original lets a translation show its photo and email,
    /// and as redacted.
    fronts: HashMap<Arc<str>, RedactedFront, ahash::RandomState>,
    /// The stories' front matter with their casts as the gate linked them.
    casts: Casts,
    /// The pages the last gate withheld, with what they were made of.
    withheld: KeptWithheld,
    /// The link indexes the last gate made, with what they were made of.
    links: KeptLinks,
}

/// A member's front matter as read, what its original lets it show
/// (photo, email), and as the gate redacted it.
type RedactedFront = (Arc<Member>, (bool, bool), Arc<Member>);

/// A member the gate lets through, and its redaction to keep (if new).
type Passed = (Doc<Member>, Option<RedactedFront>);

/// [`filter`], taking from `redacted` (when given) the redactions of an
/// earlier run whose inputs are the same, and keeping this run's in it.
pub fn filter_with(
    site: Site,
    policy: &Policy,
    mut redacted: Option<&mut Redacted>,
) -> Vec<Visible> {
    let programme_keys: Vec<Arc<str>> = (site.programme.iter())
        .chain(&site.programme_translations)
        .map(|p| p.key.clone())
        .collect();
    // Only translations need to know which originals were loaded.
    let originals: HashSet<String> = if groups(&site).zip(site.keys()).any(|(g, k)| g.0 != k.0) {
        groups(&site)
            .zip(site.keys())
            .filter(|((group, _, _), (key, _, _))| group == key)
            .map(|(_, (key, _, _))| key.to_string())
            .collect()
    } else {
        HashSet::new()
    };
    let mut gated = site;
    let mut gone = Vec::new();
    gated.members = gate_members(
        std::mem::take(&mut gated.members),
        policy,
        redacted.as_deref_mut(),
        &mut gone,
    );
    // Every other kind: by its draft flag and audience.
    crate::for_each_kind!(mut gated, |docs, section| if section != Section::Members {
        keep(docs, policy, section, &mut gone)
    });
    drop_translations_of_hidden(&mut gated, &originals, &mut gone);
    let kept = redacted.map(|r| (&mut r.casts, &mut r.withheld, &mut r.links));
    editions(gated, policy, programme_keys, gone, kept)
}

/// A document the gate let go: what the pages withheld and the `@/` links
/// to documents not shown are made of.
pub(super) struct Gone {
    key: Arc<str>,
    group: Arc<str>,
    slug: Arc<str>,
    section: Section,
}

impl Gone {
    fn of<F>(doc: Doc<F>, section: Section) -> Gone {
        Gone {
            key: doc.key,
            group: doc.group,
            slug: doc.slug,
            section,
        }
    }
}

/// The members `policy` lets through, each with only the details it may show.
fn gate_members(
    members: Vec<Doc<Member>>,
    policy: &Policy,
    mut redacted: Option<&mut Redacted>,
    gone: &mut Vec<Gone>,
) -> Vec<Doc<Member>> {
    let reads = (policy.audience, policy.privacy.public_rehire_interest);
    if let Some(r) = redacted.as_deref_mut()
        && r.policy != Some(reads)
    {
        *r = Redacted {
            policy: Some(reads),
            ..Redacted::default()
        };
    }
    let count = members.len();
    // Per member: `None` if it goes, else what the original lets a
    // translation show (photo, email).
    let verdicts: Vec<Option<(bool, bool)>> = {
        // A member who is hidden or withdrawn in any version is so in all of them.
        // ahash: every member is looked up in both (SipHash was a good
        // part of the gate's time).
        let gone_people: HashSet<&str, ahash::RandomState> = members
            .iter()
            .filter(|m| {
                m.front.withdrawn.is_some() || m.front.visibility == Some(Visibility::Hidden)
            })
            .map(|m| m.group.as_ref())
            .collect();
        // A photo or email shows in a translation only if the original opts in too.
        let opted_in: HashMap<&str, (bool, bool), ahash::RandomState> = members
            .iter()
            .filter(|m| !m.is_translation())
            .map(|m| (m.key.as_ref(), (m.front.show_photo, m.front.show_email)))
            .collect();
        members
            .par_iter()
            .with_max_len(256)
            .map(|m| {
                let passes = !gone_people.contains(m.group.as_ref())
                    && member_visible(&m.front, m.front.draft, policy);
                let original = match opted_in.get(m.group.as_ref()) {
                    Some(&shown) if m.is_translation() => shown,
                    _ => (true, true),
                };
                passes.then_some(original)
            })
            .collect()
    };
    let earlier = redacted.as_deref().map(|r| &r.fronts);
    let gated: Vec<Result<Passed, Gone>> = members
        .into_par_iter()
        .with_max_len(256)
        .zip(verdicts)
        .map(|(mut m, verdict)| {
            let Some((photo, email)) = verdict else {
                return Err(Gone::of(m, Section::Members));
            };
            let kept = earlier
                .and_then(|e| e.get(&*m.key))
                .filter(|(read, shown, _)| Arc::ptr_eq(read, &m.front) && *shown == (photo, email));
            if let Some((_, _, front)) = kept {
                m.front = Arc::clone(front);
                return Ok((m, None));
            }
            let read = Arc::clone(&m.front);
            if (m.front.show_photo && !photo) || (m.front.show_email && !email) {
                let f = Arc::make_mut(&mut m.front);
                f.show_photo &= photo;
                f.show_email &= email;
            }
            let m = redact(m, policy);
            // Only a front matter the gate changed is worth keeping.
            let keep = (earlier.is_some() && !Arc::ptr_eq(&read, &m.front))
                .then(|| (read, (photo, email), Arc::clone(&m.front)));
            Ok((m, keep))
        })
        .collect();
    let mut members = Vec::with_capacity(gated.len());
    let mut kept = Vec::new();
    for m in gated {
        match m {
            Ok((m, keep)) => {
                if let Some(keep) = keep {
                    kept.push((Arc::clone(&m.key), keep));
                }
                members.push(m);
            }
            Err(g) => gone.push(g),
        }
    }
    let Some(redacted) = redacted else {
        return members;
    };
    redacted.fronts.extend(kept);
    if redacted.fronts.len() > count {
        let present: HashSet<&str, ahash::RandomState> = members.iter().map(|m| &*m.key).collect();
        redacted.fronts.retain(|key, _| present.contains(&**key));
    }
    members
}

/// One [`Visible`] per language, each with its `@/` links resolved.
fn editions(
    gated: Site,
    policy: &Policy,
    programme_keys: Vec<Arc<str>>,
    gone: Vec<Gone>,
    kept: Option<(&mut Casts, &mut KeptWithheld, &mut KeptLinks)>,
) -> Vec<Visible> {
    let (mut casts, kept_withheld, kept_links) = match kept {
        Some((c, w, l)) => (Some(c), Some(w), Some(l)),
        None => (None, None, None),
    };
    // No languages given: one, the language the documents are written in.
    let languages = if policy.languages.is_empty() {
        let first = (gated.programme.iter().map(|p| &p.lang))
            .chain(gated.members.iter().map(|m| &m.lang))
            .next();
        vec![first.map_or_else(|| "ja".into(), |l| l.to_string())]
    } else {
        policy.languages.clone()
    };
    // One language: every document is in it (no copies of a large site).
    let sites: Vec<Site> = if languages.len() == 1 {
        vec![gated]
    } else {
        let sites = languages.iter();
        sites
            .map(|lang| edition(&gated, lang, &languages[0], policy.untranslated))
            .collect()
    };
    let mut editions: Vec<Visible> = languages
        .iter()
        .zip(sites)
        .map(|(lang, mut site)| {
            link_story_members(&mut site, lang, casts.as_deref_mut());
            Visible {
                site,
                audience: policy.audience,
                links: LinkIndex::default(),
                lang: lang.to_string(),
                lang_prefix: prefix_of(lang, &languages),
                prefix: format!("{}{}", policy.base_path, prefix_of(lang, &languages)),
            }
        })
        .collect();
    // Every document is in some edition or gone: the pages withheld are
    // those of the documents gone that no edition shows, and the keys not
    // shown are theirs (and the landing page's).
    let same_shown = kept_links
        .as_deref()
        .is_some_and(|k| k.read_alike(&editions));
    let withheld = withheld(
        &editions,
        &gone,
        &policy.base_path,
        kept_withheld,
        same_shown,
    );
    let not_shown: Vec<Arc<str>> = (gone.into_iter().map(|g| g.key))
        .chain(programme_keys)
        .collect();
    let links = link_indexes(&editions, &not_shown, &withheld, kept_links, same_shown);
    for (e, links) in editions.iter_mut().zip(links) {
        e.links = links;
    }
    editions
}

/// Removes the translations whose original was loaded but did not pass.
fn drop_translations_of_hidden(site: &mut Site, loaded: &HashSet<String>, gone: &mut Vec<Gone>) {
    fn drop<F>(
        docs: &mut Vec<Doc<F>>,
        loaded: &HashSet<String>,
        section: Section,
        gone: &mut Vec<Gone>,
    ) {
        if !docs.iter().any(Doc::is_translation) {
            return;
        }
        let passed: HashSet<Arc<str>> = docs
            .iter()
            .filter(|d| !d.is_translation())
            .map(|d| d.key.clone())
            .collect();
        retain(docs, section, gone, |d| {
            !d.is_translation() || !loaded.contains(&*d.group) || passed.contains(&*d.group)
        });
    }
    crate::for_each_kind!(mut *site, |docs, section| drop(docs, loaded, section, gone));
}

/// Keeps the documents `keep` says, the others `gone`.
fn retain<F>(
    docs: &mut Vec<Doc<F>>,
    section: Section,
    gone: &mut Vec<Gone>,
    keep: impl Fn(&Doc<F>) -> bool,
) {
    if docs.iter().all(&keep) {
        return;
    }
    for doc in std::mem::take(docs) {
        if keep(&doc) {
            docs.push(doc);
        } else {
            gone.push(Gone::of(doc, section));
        }
    }
}

/// `s` in lower case, borrowed when it is already.
pub(super) fn lower(s: &str) -> Cow<'_, str> {
    if s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// The documents of language `lang`: its own versions, and the default
/// language's where it has none (when `untranslated` says to show them).
fn edition(site: &Site, lang: &str, default: &str, untranslated: Untranslated) -> Site {
    let fallback = lang != default && untranslated == Untranslated::Show;
    fn pick<F: Clone>(docs: &[Doc<F>], lang: &str, default: &str, fallback: bool) -> Vec<Doc<F>> {
        let own: HashSet<&str> = docs
            .iter()
            .filter(|d| &*d.lang == lang)
            .map(|d| d.group.as_ref())
            .collect();
        docs.iter()
            .filter(|d| {
                &*d.lang == lang
                    || (fallback && &*d.lang == default && !own.contains(d.group.as_ref()))
            })
            .cloned()
            .collect()
    }
    let programme = site
        .programme_translations
        .iter()
        .find(|p| &*p.lang == lang)
        .or(site
            .programme
            .as_ref()
            .filter(|p| &*p.lang == lang || fallback))
        .cloned();
    let mut own = Site {
        programme,
        ..Site::default()
    };
    crate::for_each_kind!(mut own, *site, |mine, all, _| *mine =
        pick(all, lang, default, fallback));
    own
}

/// The names the page of a document of `section` (its original's key
/// `group`, its slug) could be linked by.
pub(super) fn addresses_of<'a>(
    section: Section,
    group: &'a str,
    slug: &'a str,
) -> [(&'static str, &'a str); 2] {
    let stem = group.rfind('/').map_or(group, |i| &group[i + 1..]);
    let stem = stem.strip_suffix(".md").unwrap_or(stem);
    [(section.dir(), slug), (section.dir(), stem)]
}

/// Every document's group key (its original's key) with its section and slug.
fn groups(site: &Site) -> impl Iterator<Item = (&str, Section, &str)> {
    let mut all = Vec::new();
    crate::for_each_kind!(site, |docs, section| all.extend(docs.iter().map(|d| (
        d.group.as_ref(),
        section,
        d.slug.as_ref()
    ))));
    all.into_iter()
}

/// Whether a member's profile appears in a build for `policy`.
pub fn member_visible(m: &Member, draft: bool, policy: &Policy) -> bool {
    if m.withdrawn.is_some() || (draft && !policy.drafts) {
        return false;
    }
    let visibility = m.visibility.unwrap_or(policy.privacy.default_visibility);
    match (visibility, policy.audience) {
        (Visibility::Hidden, _) => false,
        (Visibility::Members, Audience::Public) => false,
        (Visibility::Public, Audience::Public) => {
            !policy.privacy.require_consent || m.consent.is_some()
        }
        (Visibility::Members | Visibility::Public, Audience::Members) => true,
    }
}

/// Removes the personal details `m` did not opt in to show to this audience.
/// The front matter is changed (copied first, when shared) only when
/// something must go.
fn redact(mut m: Doc<Member>, policy: &Policy) -> Doc<Member> {
    let f = &m.front;
    let photo = !f.show_photo && f.photo.is_some();
    let email = !(f.show_email && policy.audience == Audience::Members) && f.email.is_some();
    let rehire = policy.audience == Audience::Public
        && !policy.privacy.public_rehire_interest
        && f.open_to.contains(&OpenTo::Rehire);
    if photo || email || rehire || f.withdrawn.is_some() {
        let f = Arc::make_mut(&mut m.front);
        if photo {
            f.photo = None;
        }
        if email {
            f.email = None;
        }
        f.open_to.retain(|o| !(rehire && *o == OpenTo::Rehire));
        f.withdrawn = None;
    }
    m
}

fn keep<F: Front>(docs: &mut Vec<Doc<F>>, policy: &Policy, section: Section, gone: &mut Vec<Gone>) {
    retain(docs, section, gone, |d| {
        (!d.front.draft() || policy.drafts)
            && (d.front.audience() == Audience::Public || policy.audience == Audience::Members)
    });
}

#[cfg(test)]
mod tests;

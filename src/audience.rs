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

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, Privacy, Untranslated};
use crate::content::kinds::OpenTo;
use crate::content::load::prefix_of;
use crate::content::{Audience, Doc, Member, Section, Site, Visibility};
use crate::markdown::{Links, Target};

/// Who a build is for, and what it includes.
#[derive(Debug, Clone)]
pub struct Policy {
    pub audience: Audience,
    pub drafts: bool,
    pub privacy: Privacy,
    /// The site's languages, the default first (`Config::languages`).
    pub languages: Vec<String>,
    pub untranslated: Untranslated,
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
    prefix: String,
}

/// Where `@/` links go in this build.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// Key → URL of every visible document.
    urls: HashMap<String, String>,
    /// Keys of documents that exist but are not visible (links to them become text).
    not_visible: HashSet<String>,
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

    /// The URL prefix of its pages: `""` for the default language, `/en`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Whether `doc` is shown here in place of a missing translation (it
    /// is in another language than this part of the site).
    pub fn is_fallback<F>(&self, doc: &Doc<F>) -> bool {
        doc.lang != self.lang
    }
}

impl Links for LinkIndex {
    fn resolve(&self, key: &str) -> Target {
        if let Some(url) = self.urls.get(key) {
            Target::Url(url.clone())
        } else if self.not_visible.contains(key) {
            Target::NotVisible
        } else {
            Target::Missing
        }
    }
}

/// Applies `policy` to `site`: one [`Visible`] per language of
/// `policy.languages`, the default language first.
pub fn filter(site: Site, policy: &Policy) -> Vec<Visible> {
    let (all_keys, originals) = rayon::join(
        || -> Vec<String> {
            site.keys()
                .map(|(k, _, _)| k.to_string())
                .chain(site.programme.iter().map(|p| p.key.clone()))
                .chain(site.programme_translations.iter().map(|p| p.key.clone()))
                .collect()
        },
        // Only translations need to know which originals were loaded.
        || -> HashSet<String> {
            if !groups(&site).zip(site.keys()).any(|(g, k)| g.0 != k.0) {
                return HashSet::new();
            }
            groups(&site)
                .zip(site.keys())
                .filter(|((group, _, _), (key, _, _))| group == key)
                .map(|(_, (key, _, _))| key.to_string())
                .collect()
        },
    );
    let mut gated = Site {
        programme: site.programme,
        programme_translations: site.programme_translations,
        members: gate_members(site.members, policy),
        stories: keep(site.stories, policy, |s| (s.draft, s.audience)),
        events: keep(site.events, policy, |e| (e.draft, e.audience)),
        jobs: keep(site.jobs, policy, |j| (j.draft, Audience::Public)),
        news: keep(site.news, policy, |n| (n.draft, n.audience)),
        pages: keep(site.pages, policy, |p| (p.draft, Audience::Public)),
    };
    drop_translations_of_hidden(&mut gated, &originals);
    editions(gated, policy, &all_keys)
}

/// The members `policy` lets through, each with only the details it may show.
fn gate_members(members: Vec<Doc<Member>>, policy: &Policy) -> Vec<Doc<Member>> {
    // Per member: `None` if it goes, else what the original lets a
    // translation show (photo, email).
    let verdicts: Vec<Option<(bool, bool)>> = {
        // A member who is hidden or withdrawn in any version is so in all of them.
        let gone_people: HashSet<&str> = members
            .iter()
            .filter(|m| {
                m.front.withdrawn.is_some() || m.front.visibility == Some(Visibility::Hidden)
            })
            .map(|m| m.group.as_str())
            .collect();
        // A photo or email shows in a translation only if the original opts in too.
        let opted_in: HashMap<&str, (bool, bool)> = members
            .iter()
            .filter(|m| !m.is_translation())
            .map(|m| (m.key.as_str(), (m.front.show_photo, m.front.show_email)))
            .collect();
        members
            .par_iter()
            .with_max_len(256)
            .map(|m| {
                let passes = !gone_people.contains(m.group.as_str())
                    && member_visible(&m.front, m.front.draft, policy);
                let original = match opted_in.get(m.group.as_str()) {
                    Some(&shown) if m.is_translation() => shown,
                    _ => (true, true),
                };
                passes.then_some(original)
            })
            .collect()
    };
    members
        .into_par_iter()
        .with_max_len(256)
        .zip(verdicts)
        .filter_map(|(mut m, verdict)| {
            let (photo, email) = verdict?;
            if (m.front.show_photo && !photo) || (m.front.show_email && !email) {
                let f = Arc::make_mut(&mut m.front);
                f.show_photo &= photo;
                f.show_email &= email;
            }
            Some(redact(m, policy))
        })
        .collect()
}

/// One [`Visible`] per language, each with its `@/` links resolved.
fn editions(gated: Site, policy: &Policy, all_keys: &[String]) -> Vec<Visible> {
    // No languages given: one, the language the documents are written in.
    let languages = if policy.languages.is_empty() {
        let first = (gated.programme.iter().map(|p| &p.lang))
            .chain(gated.members.iter().map(|m| &m.lang))
            .next();
        vec![first.cloned().unwrap_or_else(|| "ja".into())]
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
            link_story_members(&mut site);
            Visible {
                site,
                audience: policy.audience,
                links: LinkIndex::default(),
                lang: lang.clone(),
                prefix: prefix_of(lang, &languages),
            }
        })
        .collect();
    let links: Vec<LinkIndex> = (0..editions.len())
        .map(|i| link_index(&editions, i, all_keys))
        .collect();
    for (e, links) in editions.iter_mut().zip(links) {
        e.links = links;
    }
    editions
}

/// Removes the translations whose original was loaded but did not pass.
fn drop_translations_of_hidden(site: &mut Site, loaded: &HashSet<String>) {
    fn drop<F>(docs: &mut Vec<Doc<F>>, loaded: &HashSet<String>) {
        if !docs.iter().any(Doc::is_translation) {
            return;
        }
        let passed: HashSet<String> = docs
            .iter()
            .filter(|d| !d.is_translation())
            .map(|d| d.key.clone())
            .collect();
        docs.retain(|d| {
            !d.is_translation() || !loaded.contains(&d.group) || passed.contains(&d.group)
        });
    }
    drop(&mut site.members, loaded);
    drop(&mut site.stories, loaded);
    drop(&mut site.events, loaded);
    drop(&mut site.jobs, loaded);
    drop(&mut site.news, loaded);
    drop(&mut site.pages, loaded);
}

/// The documents of language `lang`: its own versions, and the default
/// language's where it has none (when `untranslated` says to show them).
fn edition(site: &Site, lang: &str, default: &str, untranslated: Untranslated) -> Site {
    let fallback = lang != default && untranslated == Untranslated::Show;
    fn pick<F: Clone>(docs: &[Doc<F>], lang: &str, default: &str, fallback: bool) -> Vec<Doc<F>> {
        let own: HashSet<&str> = docs
            .iter()
            .filter(|d| d.lang == lang)
            .map(|d| d.group.as_str())
            .collect();
        docs.iter()
            .filter(|d| {
                d.lang == lang || (fallback && d.lang == default && !own.contains(d.group.as_str()))
            })
            .cloned()
            .collect()
    }
    let programme = site
        .programme_translations
        .iter()
        .find(|p| p.lang == lang)
        .or(site
            .programme
            .as_ref()
            .filter(|p| p.lang == lang || fallback))
        .cloned();
    Site {
        programme,
        programme_translations: Vec::new(),
        members: pick(&site.members, lang, default, fallback),
        stories: pick(&site.stories, lang, default, fallback),
        events: pick(&site.events, lang, default, fallback),
        jobs: pick(&site.jobs, lang, default, fallback),
        news: pick(&site.news, lang, default, fallback),
        pages: pick(&site.pages, lang, default, fallback),
    }
}

/// Where `@/` links go in edition `i`: its own documents (by their key and by
/// the key of their original), then the other languages' own versions.
fn link_index(editions: &[Visible], i: usize, all_keys: &[String]) -> LinkIndex {
    let here = &editions[i];
    let mut urls: HashMap<String, String> = own_urls(here, false).into_iter().collect();
    for (group, url) in own_urls(here, true) {
        urls.entry(group).or_insert(url);
    }
    for other in editions.iter().filter(|e| e.lang != here.lang) {
        for (key, url) in own_urls(other, false) {
            urls.entry(key).or_insert(url);
        }
    }
    let not_visible = all_keys
        .par_iter()
        .filter(|k| !urls.contains_key(*k))
        .cloned()
        .collect();
    LinkIndex { urls, not_visible }
}

/// (key, URL) of every document of `edition`, keyed by its own key or (with
/// `by_group`) by its original's, made on all threads.
fn own_urls(edition: &Visible, by_group: bool) -> Vec<(String, String)> {
    fn of<F: Send + Sync>(
        docs: &[Doc<F>],
        section: Section,
        prefix: &str,
        by_group: bool,
    ) -> Vec<(String, String)> {
        docs.par_iter()
            .with_max_len(256)
            // A document's group is its own key unless it is a translation.
            .filter(|d| !by_group || d.group != d.key)
            .map(|d| {
                let key = if by_group { &d.group } else { &d.key };
                (key.clone(), section.url_in(prefix, &d.slug))
            })
            .collect()
    }
    let (site, prefix) = (&edition.site, edition.prefix.as_str());
    let mut all = of(&site.members, Section::Members, prefix, by_group);
    all.extend(of(&site.stories, Section::Stories, prefix, by_group));
    all.extend(of(&site.events, Section::Events, prefix, by_group));
    all.extend(of(&site.jobs, Section::Jobs, prefix, by_group));
    all.extend(of(&site.news, Section::News, prefix, by_group));
    all.extend(of(&site.pages, Section::Pages, prefix, by_group));
    all
}

/// Every document's group key (its original's key) with its section and slug.
fn groups(site: &Site) -> impl Iterator<Item = (&str, Section, &str)> {
    fn of<F>(docs: &[Doc<F>], s: Section) -> impl Iterator<Item = (&str, Section, &str)> {
        docs.iter()
            .map(move |d| (d.group.as_str(), s, d.slug.as_str()))
    }
    of(&site.members, Section::Members)
        .chain(of(&site.stories, Section::Stories))
        .chain(of(&site.events, Section::Events))
        .chain(of(&site.jobs, Section::Jobs))
        .chain(of(&site.news, Section::News))
        .chain(of(&site.pages, Section::Pages))
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

fn keep<F>(docs: Vec<Doc<F>>, policy: &Policy, of: impl Fn(&F) -> (bool, Audience)) -> Vec<Doc<F>> {
    docs.into_iter()
        .filter(|d| {
            let (draft, audience) = of(&d.front);
            (!draft || policy.drafts)
                && (audience == Audience::Public || policy.audience == Audience::Members)
        })
        .collect()
}

/// Rewrites each story's `members` to the slugs of visible members it names
/// (by slug or by file stem), dropping everyone else.
fn link_story_members(site: &mut Site) {
    if site.stories.iter().all(|s| s.front.members.is_empty()) {
        return;
    }
    let mut slug_of: HashMap<&str, &str> = HashMap::new();
    for m in &site.members {
        slug_of.insert(&m.slug, &m.slug);
    }
    for m in &site.members {
        let stem = m
            .group
            .trim_start_matches("members/")
            .trim_end_matches(".md");
        slug_of.entry(stem).or_insert(&m.slug);
    }
    for story in &mut site.stories {
        let mut seen = HashSet::new();
        let members: Vec<String> = story
            .front
            .members
            .iter()
            .filter_map(|name| slug_of.get(name.trim()).copied())
            .filter(|slug| seen.insert(*slug))
            .map(str::to_string)
            .collect();
        if members != story.front.members {
            Arc::make_mut(&mut story.front).members = members;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::dates::{Day, YearOrDate};
    use crate::content::kinds::{Links as MemberLinks, Now, Story};
    use chrono::NaiveDate;
    use serde_json::Value;

    fn member(slug: &str, visibility: Option<Visibility>, consent: bool) -> Doc<Member> {
        let day = Day(NaiveDate::from_ymd_opt(2024, 4, 1).unwrap());
        Doc {
            key: format!("members/{slug}.md"),
            path: format!("content/members/{slug}.md").into(),
            slug: slug.into(),
            lang: "ja".into(),
            group: format!("members/{slug}.md"),
            front: Member {
                name: slug.into(),
                name_reading: None,
                slug: None,
                photo: Some("p.jpg".into()),
                show_photo: false,
                joined: None,
                left: YearOrDate::Year(2019),
                department: None,
                role: None,
                now: Now::default(),
                location: None,
                skills: vec![],
                open_to: vec![OpenTo::Rehire, OpenTo::Mentoring],
                returned: None,
                links: MemberLinks::default(),
                email: Some("a@example.com".into()),
                show_email: true,
                visibility,
                consent: consent.then_some(day),
                withdrawn: None,
                updated: None,
                draft: false,
                extra: Value::Null,
            }
            .into(),
            body: "".into(),
            body_line: 1,
            html: "".into(),
        }
    }

    fn story(slug: &str, audience: Audience, members: &[&str]) -> Doc<Story> {
        Doc {
            key: format!("stories/{slug}.md"),
            path: format!("content/stories/{slug}.md").into(),
            slug: slug.into(),
            lang: "ja".into(),
            group: format!("stories/{slug}.md"),
            front: Story {
                title: slug.into(),
                date: Day(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()),
                kind: None,
                members: members.iter().map(|s| s.to_string()).collect(),
                summary: None,
                tags: vec![],
                cover: None,
                audience,
                slug: None,
                updated: None,
                draft: false,
                extra: Value::Null,
            }
            .into(),
            body: "".into(),
            body_line: 1,
            html: "".into(),
        }
    }

    fn policy(audience: Audience) -> Policy {
        Policy {
            audience,
            drafts: false,
            privacy: Privacy::default(),
            languages: vec!["ja".into()],
            untranslated: Untranslated::Show,
        }
    }

    /// The default language's part of the site.
    fn filter(site: Site, policy: &Policy) -> Visible {
        super::filter(site, policy).remove(0)
    }

    /// `doc` as its English version.
    fn english<F>(mut doc: Doc<F>) -> Doc<F> {
        doc.key = doc.group.replace(".md", ".en.md");
        doc.lang = "en".into();
        doc
    }

    fn bilingual(audience: Audience, untranslated: Untranslated) -> Policy {
        Policy {
            languages: vec!["ja".into(), "en".into()],
            untranslated,
            ..policy(audience)
        }
    }

    fn site() -> Site {
        let mut withdrawn = member("withdrawn", Some(Visibility::Public), true);
        let consent = withdrawn.front.consent;
        Arc::make_mut(&mut withdrawn.front).withdrawn = consent;
        Site {
            members: vec![
                member("public", Some(Visibility::Public), true),
                member("unconsented", Some(Visibility::Public), false),
                member("members-only", Some(Visibility::Members), false),
                member("default", None, true),
                member("hidden", Some(Visibility::Hidden), true),
                withdrawn,
            ],
            stories: vec![
                story(
                    "open",
                    Audience::Public,
                    &["public", "members-only", "hidden", "nobody"],
                ),
                story("closed", Audience::Members, &["public"]),
            ],
            ..Site::default()
        }
    }

    fn slugs<F>(docs: &[Doc<F>]) -> Vec<&str> {
        docs.iter().map(|d| d.slug.as_str()).collect()
    }

    #[test]
    fn public_build_sees_only_consented_public_members_and_public_stories() {
        let v = filter(site(), &policy(Audience::Public));
        assert_eq!(slugs(&v.site().members), ["public"]);
        assert_eq!(slugs(&v.site().stories), ["open"]);
        assert_eq!(v.site().stories[0].front.members, ["public"]);
        assert_eq!(v.links().resolve("members/hidden.md"), Target::NotVisible);
        assert_eq!(v.links().resolve("stories/closed.md"), Target::NotVisible);
        assert_eq!(
            v.links().resolve("members/public.md"),
            Target::Url("/members/public/".into())
        );
        assert_eq!(v.links().resolve("members/nobody.md"), Target::Missing);
    }

    #[test]
    fn members_build_adds_members_profiles_but_never_hidden_or_withdrawn() {
        let v = filter(site(), &policy(Audience::Members));
        assert_eq!(
            slugs(&v.site().members),
            ["public", "unconsented", "members-only", "default"]
        );
        assert_eq!(slugs(&v.site().stories), ["open", "closed"]);
        assert_eq!(
            v.site().stories[0].front.members,
            ["public", "members-only"]
        );
    }

    #[test]
    fn personal_details_are_opt_in_per_audience() {
        let public = filter(site(), &policy(Audience::Public));
        let m = &public.site().members[0].front;
        assert_eq!(m.photo, None, "photo needs show_photo");
        assert_eq!(m.email, None, "email never public");
        assert_eq!(
            m.open_to,
            [OpenTo::Mentoring],
            "rehire interest is members-only"
        );

        let members = filter(site(), &policy(Audience::Members));
        let m = &members.site().members[0].front;
        assert_eq!(m.email.as_deref(), Some("a@example.com"));
        assert_eq!(m.open_to, [OpenTo::Rehire, OpenTo::Mentoring]);
    }

    #[test]
    fn rehire_interest_can_be_made_public() {
        let mut p = policy(Audience::Public);
        p.privacy.public_rehire_interest = true;
        let v = filter(site(), &p);
        assert_eq!(
            v.site().members[0].front.open_to,
            [OpenTo::Rehire, OpenTo::Mentoring]
        );
    }

    #[test]
    fn drafts_only_with_the_flag() {
        let mut s = site();
        Arc::make_mut(&mut s.stories[0].front).draft = true;
        let v = filter(s.clone(), &policy(Audience::Public));
        assert!(v.site().stories.is_empty());
        let mut p = policy(Audience::Public);
        p.drafts = true;
        assert_eq!(slugs(&filter(s, &p).site().stories), ["open"]);
    }

    #[test]
    fn a_translation_never_shows_what_its_original_may_not() {
        let mut s = site();
        let translations: Vec<Doc<Member>> = s.members.iter().cloned().map(english).collect();
        s.members.extend(translations.into_iter().map(|mut m| {
            // Each translation claims to be public and consented.
            let f = Arc::make_mut(&mut m.front);
            f.visibility = Some(Visibility::Public);
            f.withdrawn = None;
            m
        }));
        s.stories
            .push(english(story("closed", Audience::Public, &["public"])));
        let editions = super::filter(s, &bilingual(Audience::Public, Untranslated::Show));
        let en = &editions[1];
        assert_eq!(en.lang(), "en");
        assert_eq!(en.prefix(), "/en");
        assert_eq!(slugs(&en.site().members), ["public"]);
        assert!(!en.is_fallback(&en.site().members[0]));
        assert_eq!(slugs(&en.site().stories), ["open"]);
        assert!(en.is_fallback(&en.site().stories[0]));
        assert_eq!(
            en.links().resolve("members/public.md"),
            Target::Url("/en/members/public/".into())
        );
        assert_eq!(
            en.links().resolve("members/hidden.en.md"),
            Target::NotVisible
        );
        assert_eq!(
            editions[0].links().resolve("members/public.en.md"),
            Target::Url("/en/members/public/".into())
        );
    }

    #[test]
    fn a_translation_cannot_opt_in_to_what_its_original_did_not() {
        let mut s = site();
        let mut t = english(s.members[0].clone());
        Arc::make_mut(&mut t.front).show_photo = true;
        s.members.push(t);
        let editions = super::filter(s, &bilingual(Audience::Members, Untranslated::Show));
        let en = editions[1]
            .site()
            .members
            .iter()
            .find(|m| m.slug == "public");
        assert_eq!(
            en.unwrap().front.photo,
            None,
            "the original does not show its photo"
        );
    }

    #[test]
    fn untranslated_documents_can_be_left_out() {
        let mut s = site();
        s.members.push(english(member("default", None, true)));
        let editions = super::filter(s, &bilingual(Audience::Members, Untranslated::Omit));
        assert_eq!(slugs(&editions[1].site().members), ["default"]);
        assert_eq!(editions[0].site().members.len(), 4);
    }

    #[test]
    fn require_consent_can_be_turned_off() {
        let mut p = policy(Audience::Public);
        p.privacy.require_consent = false;
        let v = filter(site(), &p);
        assert_eq!(slugs(&v.site().members), ["public", "unconsented"]);
    }
}

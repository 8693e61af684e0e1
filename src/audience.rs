//! The privacy gate: the one place that decides what a build may see.
//!
//! [`filter`] runs once, right after loading. It drops every document the
//! audience may not see (hidden, withdrawn, members-only, unconsented,
//! drafts), removes the personal details a member did not opt in to show,
//! and drops non-visible members from stories. Everything downstream holds a
//! [`Visible`], which only this module can make: a render bug cannot leak
//! what never reaches the renderer.

use std::collections::{HashMap, HashSet};

use crate::config::Privacy;
use crate::content::kinds::OpenTo;
use crate::content::{Audience, Doc, Member, Section, Site, Visibility};
use crate::markdown::{Links, Target};

/// Who a build is for, and what it includes.
#[derive(Debug, Clone)]
pub struct Policy {
    pub audience: Audience,
    pub drafts: bool,
    pub privacy: Privacy,
}

/// The part of a site an audience may see. Only [`filter`] makes one.
#[derive(Debug)]
pub struct Visible {
    site: Site,
    audience: Audience,
    links: LinkIndex,
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

/// Applies `policy` to `site`.
pub fn filter(site: Site, policy: &Policy) -> Visible {
    let all_keys: Vec<String> = site.keys().map(|(k, _, _)| k.to_string()).collect();
    let mut visible = Site {
        programme: site.programme,
        members: site
            .members
            .into_iter()
            .filter(|m| member_visible(&m.front, m.front.draft, policy))
            .map(|m| redact(m, policy))
            .collect(),
        stories: keep(site.stories, policy, |s| (s.draft, s.audience)),
        events: keep(site.events, policy, |e| (e.draft, e.audience)),
        jobs: keep(site.jobs, policy, |j| (j.draft, Audience::Public)),
        news: keep(site.news, policy, |n| (n.draft, n.audience)),
        pages: keep(site.pages, policy, |p| (p.draft, Audience::Public)),
    };
    link_story_members(&mut visible);
    let urls: HashMap<String, String> = visible
        .keys()
        .map(|(key, section, slug)| (key.to_string(), section_url(section, slug)))
        .collect();
    let not_visible = all_keys
        .into_iter()
        .filter(|k| !urls.contains_key(k))
        .collect();
    Visible {
        site: visible,
        audience: policy.audience,
        links: LinkIndex { urls, not_visible },
    }
}

fn section_url(section: Section, slug: &str) -> String {
    section.url_of(slug)
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
fn redact(mut m: Doc<Member>, policy: &Policy) -> Doc<Member> {
    let f = &mut m.front;
    if !f.show_photo {
        f.photo = None;
    }
    if !(f.show_email && policy.audience == Audience::Members) {
        f.email = None;
    }
    if policy.audience == Audience::Public && !policy.privacy.public_rehire_interest {
        f.open_to.retain(|o| *o != OpenTo::Rehire);
    }
    f.withdrawn = None;
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
    let mut slug_of: HashMap<String, String> = HashMap::new();
    for m in &site.members {
        slug_of.insert(m.slug.clone(), m.slug.clone());
        let stem = m.key.trim_start_matches("members/").trim_end_matches(".md");
        slug_of
            .entry(stem.to_string())
            .or_insert_with(|| m.slug.clone());
    }
    for story in &mut site.stories {
        let mut seen = HashSet::new();
        story.front.members = story
            .front
            .members
            .iter()
            .filter_map(|name| slug_of.get(name.trim()).cloned())
            .filter(|slug| seen.insert(slug.clone()))
            .collect();
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
            },
            body: String::new(),
            body_line: 1,
            html: String::new(),
        }
    }

    fn story(slug: &str, audience: Audience, members: &[&str]) -> Doc<Story> {
        Doc {
            key: format!("stories/{slug}.md"),
            path: format!("content/stories/{slug}.md").into(),
            slug: slug.into(),
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
            },
            body: String::new(),
            body_line: 1,
            html: String::new(),
        }
    }

    fn policy(audience: Audience) -> Policy {
        Policy {
            audience,
            drafts: false,
            privacy: Privacy::default(),
        }
    }

    fn site() -> Site {
        let mut withdrawn = member("withdrawn", Some(Visibility::Public), true);
        withdrawn.front.withdrawn = withdrawn.front.consent;
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
        s.stories[0].front.draft = true;
        let v = filter(s.clone(), &policy(Audience::Public));
        assert!(v.site().stories.is_empty());
        let mut p = policy(Audience::Public);
        p.drafts = true;
        assert_eq!(slugs(&filter(s, &p).site().stories), ["open"]);
    }

    #[test]
    fn require_consent_can_be_turned_off() {
        let mut p = policy(Audience::Public);
        p.privacy.require_consent = false;
        let v = filter(site(), &p);
        assert_eq!(slugs(&v.site().members), ["public", "unconsented"]);
    }
}

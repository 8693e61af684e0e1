//! The privacy gate's unit tests.

use super::*;
use crate::content::dates::{Day, YearOrDate};
use crate::content::kinds::{MemberLinks, Now, Story};
use crate::markdown::{Links, Target, Withheld};
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::Value;

/// Member `slug`, named as its slug, with a photo; `consent` on 2024-04-01.
pub(super) fn member(slug: &str, visibility: Option<Visibility>, consent: bool) -> Doc<Member> {
    let day = Day(NaiveDate::from_ymd_opt(2024, 4, 1).unwrap());
    Doc {
        key: format!("members/{slug}.md").into(),
        path: std::path::Path::new(&format!("content/members/{slug}.md")).into(),
        slug: slug.into(),
        lang: "ja".into(),
        group: format!("members/{slug}.md").into(),
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

/// Story `slug` for `audience`, naming `members`, with no text.
pub(super) fn story(slug: &str, audience: Audience, members: &[&str]) -> Doc<Story> {
    Doc {
        key: format!("stories/{slug}.md").into(),
        path: std::path::Path::new(&format!("content/stories/{slug}.md")).into(),
        slug: slug.into(),
        lang: "ja".into(),
        group: format!("stories/{slug}.md").into(),
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
            homonyms: vec![],
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
        base_path: String::new(),
    }
}

/// The default language's part of the site.
fn filter(site: Site, policy: &Policy) -> Visible {
    super::filter(site, policy).remove(0)
}

/// `doc` as its English version.
fn english<F>(mut doc: Doc<F>) -> Doc<F> {
    doc.key = doc.group.replace(".md", ".en.md").into();
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
    docs.iter().map(|d| &*d.slug).collect()
}

#[test]
fn public_build_sees_only_consented_public_members_and_public_stories() {
    let v = filter(site(), &policy(Audience::Public));
    assert_eq!(slugs(&v.site().members), ["public"]);
    assert_eq!(slugs(&v.site().stories), ["open"]);
    assert_eq!(v.site().stories[0].front.members, ["public"]);
    assert_eq!(
        v.links().resolve("members/hidden.md"),
        Target::Unnamed("あるメンバー".into())
    );
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
        Target::Unnamed("a member".into())
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
        .find(|m| &*m.slug == "public");
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

#[test]
fn story_casts_kept_from_the_last_gate_are_a_fresh_gates() {
    // Members named by slug or by file stem, shown or not, and stories
    // naming some of them (twice, or someone unknown), over random changes
    // of who is shown and of the stories: each gate that keeps casts from
    // the last gives the casts of a gate that keeps nothing.
    let mut rng = StdRng::seed_from_u64(0x2545_f491_4f6c_dd1d);
    let mut roll = |n: usize| rng.random_range(0..n);
    let visibility = [Some(Visibility::Public), Some(Visibility::Hidden), None];
    let mut site = Site::default();
    for i in 0..6 {
        let mut m = member(&format!("m{i}"), visibility[roll(3)], true);
        if i % 2 == 1 {
            m.slug = format!("slug-{i}").into();
        }
        site.members.push(m);
    }
    let names = [
        "m0", "m1", "slug-1", "m2", "m3", "slug-3", "m4", "m5", "slug-5", "nobody",
    ];
    let cast = |roll: &mut dyn FnMut(usize) -> usize| -> Vec<String> {
        (0..1 + roll(4))
            .map(|_| names[roll(names.len())].to_string())
            .collect()
    };
    for i in 0..4 {
        let mut s = story(&format!("s{i}"), Audience::Public, &[]);
        Arc::make_mut(&mut s.front).members = cast(&mut roll);
        site.stories.push(s);
    }
    let policy = policy(Audience::Public);
    let mut redacted = Redacted::default();
    let (mut same, mut differ) = (0, 0);
    let mut last: Vec<Arc<Story>> = Vec::new();
    for step in 0..300 {
        match roll(3) {
            0 => {
                let m = &mut site.members[roll(6)];
                Arc::make_mut(&mut m.front).visibility = visibility[roll(3)];
            }
            1 => {
                let s = &mut site.stories[roll(4)];
                let title = format!("t{}", roll(3));
                let front = Arc::make_mut(&mut s.front);
                front.title = title;
                if roll(2) == 0 {
                    front.members = cast(&mut roll);
                }
            }
            _ => {}
        }
        let kept = filter_with(site.clone(), &policy, Some(&mut redacted));
        let fresh = crate::audience::filter(site.clone(), &policy);
        let fronts = |e: &[Visible]| -> Vec<Arc<Story>> {
            e[0].site()
                .stories
                .iter()
                .map(|s| Arc::clone(&s.front))
                .collect()
        };
        assert_eq!(fronts(&kept), fronts(&fresh), "step {step}");
        for (now, then) in fronts(&kept).iter().zip(&last) {
            if Arc::ptr_eq(now, then) {
                same += 1;
            } else if now.members != then.members {
                differ += 1;
            }
        }
        last = fronts(&kept);
    }
    // Casts were kept as the same value, and followed the changes.
    assert!(same > 300 && differ > 50, "{same} {differ}");
}

#[test]
fn the_pages_withheld_are_those_of_the_documents_gone_no_document_shown_takes() {
    // Members and stories shown or not, their slugs and file stems drawn
    // from a few names in either case (two documents may share one), made
    // anew or changed a little from one round to the next: the pages
    // withheld, by a gate keeping nothing and by one keeping them from the
    // last round, against the definition read plainly: every name of a
    // document gone, less every name of a document shown, by section.
    let mut rng = StdRng::seed_from_u64(0x9e37_79b9_7f4a_7c15);
    let mut roll = |n: usize| rng.random_range(0..n);
    let names = ["sato", "Sato", "lee", "LEE", "kim", "ito", "ito-2", "Ito-2"];
    let visibility = [Some(Visibility::Public), Some(Visibility::Hidden), None];
    let audiences = [Audience::Public, Audience::Members];
    let policy = policy(Audience::Public);
    let mut redacted = Redacted::default();
    let (mut seen_withheld, mut kept) = (0, 0);
    let mut last: Option<Arc<Withheld>> = None;
    let mut site = Site::default();
    for round in 0..600 {
        match roll(4) {
            0 => {
                site = Site::default();
                for i in 0..roll(6) {
                    let mut m = member(names[roll(names.len())], visibility[roll(3)], true);
                    let stem = format!("{}-{i}", names[roll(names.len())]);
                    m.key = format!("members/{stem}.md").into();
                    m.group = m.key.clone();
                    m.path = std::path::Path::new(&format!("content/members/{stem}.md")).into();
                    site.members.push(m);
                }
                for i in 0..roll(5) {
                    let mut s = story(names[roll(names.len())], audiences[roll(2)], &[]);
                    if roll(2) == 0 {
                        let stem = names[roll(names.len())];
                        s.key = format!("stories/{stem}{i}.md").into();
                        s.group = s.key.clone();
                        s.path =
                            std::path::Path::new(&format!("content/stories/{stem}{i}.md")).into();
                    }
                    site.stories.push(s);
                }
            }
            1 if !site.members.is_empty() => {
                let n = roll(site.members.len());
                Arc::make_mut(&mut site.members[n].front).visibility = visibility[roll(3)];
            }
            2 if !site.stories.is_empty() => {
                let n = roll(site.stories.len());
                Arc::make_mut(&mut site.stories[n].front).audience = audiences[roll(2)];
            }
            _ => {}
        }
        let visible = filter(site.clone(), &policy);
        let shown: HashSet<&std::path::Path> = (visible.site().members.iter().map(|m| &*m.path))
            .chain(visible.site().stories.iter().map(|s| &*s.path))
            .collect();
        let of = |section: Section, group: &str, slug: &str| {
            let [(dir, a), (_, b)] = addresses_of(section, group, slug);
            [(dir, a.to_lowercase()), (dir, b.to_lowercase())]
        };
        let all = (site
            .members
            .iter()
            .map(|m| (Section::Members, &m.group, &m.slug, &*m.path)))
        .chain((site.stories.iter()).map(|s| (Section::Stories, &s.group, &s.slug, &*s.path)));
        let (mut gone, mut taken) = (HashSet::new(), HashSet::new());
        for (section, group, slug, path) in all {
            let names = of(section, group, slug);
            if shown.contains(path) {
                taken.extend(names);
            } else {
                gone.extend(names);
            }
        }
        let docs: HashSet<(String, String)> = gone
            .difference(&taken)
            .map(|(dir, name)| (dir.to_string(), name.clone()))
            .collect();
        seen_withheld += docs.len();
        let expected = Withheld::new(docs, HashSet::new()).under("");
        let withheld = visible.links().withheld().cloned().unwrap_or_default();
        assert_eq!(*withheld, expected, "round {round}: {site:?}");
        let with_kept = filter_with(site.clone(), &policy, Some(&mut redacted));
        let withheld = with_kept[0].links().withheld().cloned().unwrap_or_default();
        assert_eq!(*withheld, expected, "round {round}, kept: {site:?}");
        kept += usize::from(last.as_ref().is_some_and(|l| Arc::ptr_eq(l, &withheld)));
        last = Some(withheld);
    }
    assert!(seen_withheld > 300 && kept > 100, "{seen_withheld} {kept}");
}

#[test]
fn link_indexes_kept_from_the_last_gate_resolve_as_a_fresh_gates() {
    // Members and stories shown or not, their slugs changed, someone not
    // shown added, made anew or left as they were from one round to the
    // next: a gate keeping its link indexes and pages withheld from the
    // last resolves every key as a gate keeping nothing, and keeps them
    // when nothing they read changed.
    let mut rng = StdRng::seed_from_u64(0x853c_49e6_748f_ea9b);
    let mut roll = |n: usize| rng.random_range(0..n);
    let names = ["sato", "lee", "kim", "ito", "ito-2"];
    let visibility = [Some(Visibility::Public), Some(Visibility::Hidden), None];
    let audiences = [Audience::Public, Audience::Members];
    let policy = policy(Audience::Public);
    let mut redacted = Redacted::default();
    let (mut kept, mut changed) = (0, 0);
    let mut last: Option<LinkIndex> = None;
    let mut site = Site::default();
    for round in 0..600 {
        match roll(6) {
            0 => {
                site = Site::default();
                for i in 0..1 + roll(5) {
                    let mut m = member(&format!("m{i}"), visibility[roll(3)], true);
                    m.slug = names[roll(names.len())].into();
                    site.members.push(m);
                }
                for i in 0..roll(4) {
                    site.stories
                        .push(story(&format!("s{i}"), audiences[roll(2)], &[]));
                }
            }
            1 => {
                let n = roll(site.members.len());
                Arc::make_mut(&mut site.members[n].front).visibility = visibility[roll(3)];
            }
            2 => {
                let n = roll(site.members.len());
                site.members[n].slug = format!("{}-{round}", names[roll(names.len())]).into();
            }
            3 if !site.stories.is_empty() => {
                let n = roll(site.stories.len());
                Arc::make_mut(&mut site.stories[n].front).audience = audiences[roll(2)];
            }
            // Someone not shown added, whose file stem and slug may be
            // those of someone shown: the documents shown are the same,
            // and the pages withheld may be too.
            4 => {
                let stem = names[roll(names.len())];
                let key: Arc<str> = format!("members/{stem}.md").into();
                if site.members.iter().all(|m| m.key != key) {
                    let mut m = member(stem, Some(Visibility::Hidden), true);
                    m.slug = names[roll(names.len())].into();
                    site.members.push(m);
                }
            }
            _ => {}
        }
        let fresh = filter(site.clone(), &policy);
        let with_kept = filter_with(site.clone(), &policy, Some(&mut redacted));
        let links = with_kept[0].links();
        let keys = (site.members.iter().map(|m| &*m.key))
            .chain(site.stories.iter().map(|s| &*s.key))
            .chain(["members/nobody.md"]);
        for key in keys {
            assert_eq!(
                links.resolve(key),
                fresh.links().resolve(key),
                "round {round}: {key}"
            );
        }
        match &last {
            Some(l) if l.shares_urls_with(links) => kept += 1,
            _ => changed += 1,
        }
        last = Some(links.clone());
    }
    assert!(kept > 100 && changed > 100, "{kept} {changed}");
}

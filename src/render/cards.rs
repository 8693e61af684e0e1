//! Building view structs from the visible model. Pure.

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::assets::Assets;
use crate::config::Config;
use crate::content::{Doc, Event, Job, Member, News, Page, Section, Story, Tax};
use crate::indexes::Indexes;
use crate::theme::view::{
    EventCard, JobCard, MemberCard, NamedUrl, NewsCard, NowView, PageView, StoryCard, Term,
};

/// Two initials for an avatar: the family name's first two characters for
/// CJK names (山田 太郎 → 山田), else the first letters of the first two words.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("");
    if first
        .chars()
        .next()
        .is_some_and(|c| !c.is_ascii() && c.is_alphabetic() && !is_latin(c))
    {
        return first.chars().take(2).collect();
    }
    words
        .iter()
        .take(2)
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// One of six avatar colours, from the name's characters.
pub fn avatar_tone(name: &str) -> u8 {
    let sum = name.chars().fold(0u32, |a, c| a.wrapping_add(c as u32));
    (sum % 6) as u8
}

fn is_latin(c: char) -> bool {
    ('\u{00C0}'..='\u{024F}').contains(&c)
}

/// A UI string with its `{name}` placeholder filled in, as a template's
/// `t.key | replace(from="{name}", to=value)` does.
pub fn fill_in(string: &str, name: &str, value: impl std::fmt::Display) -> String {
    string.replace(&format!("{{{name}}}"), &value.to_string())
}

/// The UI strings of the page's language (`t`): a missing key is the key.
pub type Strings<'t> = &'t dyn Fn(&'static str) -> &'t str;

/// What a member does now, in one line (`t.now_title_at`).
fn now_line(now: &NowView, t: Strings) -> Option<String> {
    fn known(s: Option<&str>) -> Option<&str> {
        s.filter(|s| !s.is_empty())
    }
    match (known(now.title), known(now.company)) {
        (Some(title), Some(company)) => Some(crate::theme::filters::fill(
            t("now_title_at"),
            &[("title", title), ("company", company)],
        )),
        (one, other) => one.or(other).map(str::to_string),
    }
}

/// The URLs of cards are under the language's `prefix` (`""`, `/en`,
/// `/alumni/en`: [`crate::audience::Visible::prefix`]); its
/// labels are in the language of `t`.
pub fn member_card<'a>(
    m: &'a Doc<Member>,
    ix: &Indexes,
    assets: &Assets,
    prefix: &str,
    t: Strings,
) -> MemberCard<'a> {
    let f = &m.front;
    let now = NowView {
        company: f.now.company.as_deref(),
        title: f.now.title.as_deref(),
        industry: f.now.industry.as_deref(),
    };
    let term = |tax: &crate::indexes::Taxonomy, name: &'a str| Term {
        name,
        url: tax.url_of(name).unwrap_or_default().to_string(),
    };
    MemberCard {
        lang: &m.lang,
        name: &f.name,
        name_reading: f.name_reading.as_deref(),
        url: Section::Members.url_in(prefix, &m.slug),
        initials: initials(&f.name),
        avatar_tone: avatar_tone(&f.name),
        department: f
            .department
            .as_deref()
            .map(|d| term(ix.taxonomy(Tax::Departments), d)),
        role: f.role.as_deref(),
        joined: f.joined.map(|j| j.year()),
        left: f.left.year(),
        cohort_url: ix
            .taxonomy(Tax::Cohorts)
            .url_of(&f.left.year().to_string())
            .unwrap_or_default()
            .to_string(),
        returned: f.returned.map(|r| r.year()),
        now_line: now_line(&now, t),
        left_label: fill_in(t("left_year"), "year", f.left.year()),
        returned_label: f
            .returned
            .map(|r| fill_in(t("returned_year"), "year", r.year())),
        now,
        location: f.location.as_deref(),
        skills: f
            .skills
            .iter()
            .map(|s| term(ix.taxonomy(Tax::Skills), s))
            .collect(),
        open_to: f.open_to.iter().map(|o| o.as_str()).collect(),
        photo: assets.get(&*m.key).map(|a| a.url.clone()),
        photo_2x: assets
            .get(&*m.key)
            .and_then(|a| a.thumbnails.get(1))
            .map(|t| t.url.clone()),
        photo_size: assets
            .get(&*m.key)
            .and_then(|a| a.thumbnails.first())
            .map(|t| t.size),
        html: None,
    }
}

pub fn member_links(m: &Member) -> Vec<NamedUrl<'_>> {
    let l = &m.links;
    [
        ("linkedin", &l.linkedin),
        ("website", &l.website),
        ("x", &l.x),
        ("github", &l.github),
    ]
    .into_iter()
    .filter_map(|(name, url)| {
        url.as_ref().map(|u| NamedUrl {
            name,
            url: u.as_str(),
        })
    })
    .collect()
}

pub fn story_card<'a>(s: &'a Doc<Story>, assets: &Assets, prefix: &str) -> StoryCard<'a> {
    StoryCard {
        lang: &s.lang,
        title: &s.front.title,
        url: Section::Stories.url_in(prefix, &s.slug),
        date: s.front.date.to_string(),
        kind: s.front.kind.map(|k| k.as_str()),
        summary: s.front.summary.as_deref(),
        tags: &s.front.tags,
        cover: assets.get(&*s.key).map(|a| a.url.clone()),
        audience: s.front.audience.as_str(),
    }
}

/// When an event is over: its end, or its start when it has no end.
pub fn event_over(e: &Event, tz: FixedOffset) -> DateTime<FixedOffset> {
    e.end.unwrap_or(e.start).end_instant(tz)
}

pub fn event_card<'a>(
    e: &'a Doc<Event>,
    now: DateTime<FixedOffset>,
    config: &Config,
    prefix: &str,
) -> EventCard<'a> {
    let f = &e.front;
    let url = Section::Events.url_in(prefix, &e.slug);
    let (google, outlook) = super::ics::add_links(f, &config.absolute(&url));
    EventCard {
        lang: &e.lang,
        title: &f.title,
        ics_url: format!("{}.ics", url.trim_end_matches('/')),
        google_calendar_url: google,
        outlook_calendar_url: outlook,
        url,
        start: f.start.to_string(),
        end: f.end.map(|t| t.to_string()),
        all_day: f.start.is_all_day(),
        location: f.location.as_deref(),
        online: f.online.as_ref().map(|u| u.as_str()),
        register: f.register.as_ref().map(|u| u.as_str()),
        summary: f.summary.as_deref(),
        past: event_over(f, *now.offset()) <= now,
        audience: f.audience.as_str(),
    }
}

/// A job is closed once the day after `closes` has begun.
pub fn job_closed(j: &Job, today: NaiveDate) -> bool {
    j.closes.is_some_and(|c| c.0 < today)
}

pub fn job_card<'a>(j: &'a Doc<Job>, today: NaiveDate, prefix: &str) -> JobCard<'a> {
    let f = &j.front;
    JobCard {
        lang: &j.lang,
        title: &f.title,
        url: Section::Jobs.url_in(prefix, &j.slug),
        department: f.department.as_deref(),
        location: f.location.as_deref(),
        employment_type: f.employment_type.as_deref(),
        posted: f.posted.map(|d| d.to_string()),
        closes: f.closes.map(|d| d.to_string()),
        apply: f.apply.as_ref().map(|u| u.as_str()),
        returners_only: f.returners_only,
        summary: f.summary.as_deref(),
        closed: job_closed(f, today),
    }
}

pub fn news_card<'a>(n: &'a Doc<News>, prefix: &str) -> NewsCard<'a> {
    NewsCard {
        lang: &n.lang,
        title: &n.front.title,
        url: Section::News.url_in(prefix, &n.slug),
        date: n.front.date.to_string(),
        summary: n.front.summary.as_deref(),
        audience: n.front.audience.as_str(),
    }
}

pub fn page_view<'a>(p: &'a Doc<Page>, prefix: &str) -> PageView<'a> {
    PageView {
        title: &p.front.title,
        url: Section::Pages.url_in(prefix, &p.slug),
        description: p.front.description.as_deref(),
        content: &p.html,
        extra: &p.front.extra,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_line_reads_as_the_template_strings_say() {
        let t = |key: &'static str| match key {
            "now_title_at" => "{title}（{company}）",
            other => other,
        };
        let now = |title, company| NowView {
            company,
            title,
            industry: None,
        };
        assert_eq!(
            now_line(&now(Some("PM"), Some("Acme")), &t).as_deref(),
            Some("PM（Acme）")
        );
        assert_eq!(now_line(&now(Some("PM"), None), &t).as_deref(), Some("PM"));
        assert_eq!(
            now_line(&now(None, Some("Acme")), &t).as_deref(),
            Some("Acme")
        );
        // An empty value counts as missing, as it does in a template's `if`.
        assert_eq!(
            now_line(&now(Some(""), Some("Acme")), &t).as_deref(),
            Some("Acme")
        );
        assert_eq!(now_line(&now(Some(""), None), &t), None);
        assert_eq!(fill_in("Left {year}", "year", 2016), "Left 2016");
    }

    #[test]
    fn initials_for_japanese_and_latin_names() {
        assert_eq!(initials("山田 太郎"), "山田");
        assert_eq!(initials("長谷川 花子"), "長谷");
        assert_eq!(initials("Taro Yamada"), "TY");
        assert_eq!(initials("émile zola"), "ÉZ");
        assert_eq!(initials("Priya"), "P");
    }
}

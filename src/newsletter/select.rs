//! What an issue holds: the visible documents of one language that are
//! new in the period, the events coming after it and the network's new
//! members, as the templates see them (docs/newsletter.md).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::audience::Visible;
use crate::config::Config;
use crate::content::dates::{Day, YearOrDate};
use crate::content::{Audience, Doc, Section};
use crate::indexes;
use crate::render::text::excerpt;
use crate::theme::view::Count;

/// The days an issue covers, both included, in the site's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub since: NaiveDate,
    pub until: NaiveDate,
}

impl Period {
    /// The calendar month before the one `today` is in.
    pub fn last_month(today: NaiveDate) -> Period {
        let first = today.with_day0(0).unwrap_or(today);
        let until = first.pred_opt().unwrap_or(first);
        let since = until.with_day0(0).unwrap_or(until);
        Period { since, until }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        (self.since..=self.until).contains(&day)
    }

    /// Whether the period is one whole calendar month.
    pub fn is_month(&self) -> bool {
        Period::last_month(self.until.succ_opt().unwrap_or(self.until)) == *self
    }
}

use chrono::Datelike;

/// A story or news item.
#[derive(Debug, Serialize)]
pub struct Item {
    pub title: String,
    /// Absolute URL of its page.
    pub url: String,
    pub date: String,
    pub summary: String,
    pub members_only: bool,
}

/// An upcoming event.
#[derive(Debug, Serialize)]
pub struct EventItem {
    pub title: String,
    pub url: String,
    /// Absolute URL of its calendar file (`/events/<slug>.ics`).
    pub ics: String,
    /// When it starts, in the site's time zone: `2026-12-10` (all day) or
    /// an RFC 3339 time, for the `date` filter.
    pub start: String,
    pub all_day: bool,
    pub location: Option<String>,
    pub online: bool,
    pub summary: String,
    pub members_only: bool,
}

/// A job that is open.
#[derive(Debug, Serialize)]
pub struct JobItem {
    pub title: String,
    pub url: String,
    pub department: Option<String>,
    pub location: Option<String>,
    /// The day applications close, if it is set.
    pub closes: Option<String>,
    pub returners_only: bool,
    pub summary: String,
}

/// A new member shown in this edition.
#[derive(Debug, Serialize)]
pub struct Person {
    pub name: String,
    pub url: String,
}

/// The network's new members: every one this edition shows, by name, and
/// their departments with small groups folded as on /stats/.
#[derive(Debug, Serialize)]
pub struct NewMembers {
    pub count: usize,
    pub people: Vec<Person>,
    pub by_department: Vec<Count>,
}

/// One issue's content.
#[derive(Debug, Serialize)]
pub struct Content {
    pub stories: Vec<Item>,
    pub events: Vec<EventItem>,
    pub jobs: Vec<JobItem>,
    pub news: Vec<Item>,
    pub members: NewMembers,
}

impl Content {
    /// Nothing new in the period and nothing coming.
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
            && self.events.is_empty()
            && self.jobs.is_empty()
            && self.news.is_empty()
            && self.members.count == 0
    }
}

/// A text field on one line: its runs of white space, line breaks
/// among them, as one space. A title or name written over several lines
/// would otherwise start lines of its own in the text part (a heading, an
/// item, a link that seems the issue's own).
/// What a story or a news item gives the issue.
struct Dated<'a> {
    slug: &'a str,
    title: &'a str,
    date: Day,
    summary: &'a Option<String>,
    html: &'a str,
    audience: Audience,
}

impl<'a> Dated<'a> {
    fn of<F>(
        doc: &'a Doc<F>,
        title: &'a str,
        date: Day,
        summary: &'a Option<String>,
        audience: Audience,
    ) -> Dated<'a> {
        Dated {
            slug: &doc.slug,
            title,
            date,
            summary,
            html: &doc.html,
            audience,
        }
    }
}

fn line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The length of a summary made from a body.
const EXCERPT: usize = 160;

/// The content of `edition` (gated, rendered and name-checked) for the
/// issue of `period`, sent at `now`:
/// - stories and news dated in the period, newest first;
/// - events that start after the period (their day in the site's time
///   zone) and have not ended at `now`, soonest first;
/// - jobs posted in the period that have not closed at `now`;
/// - members whose `left` is a day in the period.
pub fn content(
    edition: &Visible,
    config: &Config,
    period: Period,
    now: DateTime<FixedOffset>,
    other: &str,
) -> Content {
    let site = edition.site();
    let tz = config.timezone;
    let today = now.with_timezone(&tz).date_naive();
    let url =
        |section: Section, slug: &str| config.absolute(&section.url_in(edition.prefix(), slug));
    let summary = |written: &Option<String>, html: &str| match written {
        Some(s) => line(s),
        None => excerpt(html, EXCERPT),
    };
    let members_only = |a: Audience| a == Audience::Members;

    // Stories and news dated in the period, newest first.
    let dated = |section: Section, items: Vec<Dated>| -> Vec<Item> {
        let mut items: Vec<Dated> = items
            .into_iter()
            .filter(|d| period.contains(d.date.0))
            .collect();
        items.sort_by(|a, b| b.date.0.cmp(&a.date.0).then(a.slug.cmp(b.slug)));
        items
            .into_iter()
            .map(|d| Item {
                title: line(d.title),
                url: url(section, d.slug),
                date: d.date.to_string(),
                summary: summary(d.summary, d.html),
                members_only: members_only(d.audience),
            })
            .collect()
    };
    let stories = dated(
        Section::Stories,
        (site.stories.iter())
            .map(|s| {
                Dated::of(
                    s,
                    &s.front.title,
                    s.front.date,
                    &s.front.summary,
                    s.front.audience,
                )
            })
            .collect(),
    );
    let news = dated(
        Section::News,
        (site.news.iter())
            .map(|n| {
                Dated::of(
                    n,
                    &n.front.title,
                    n.front.date,
                    &n.front.summary,
                    n.front.audience,
                )
            })
            .collect(),
    );

    let mut events: Vec<_> = site
        .events
        .iter()
        .filter(|e| {
            let start = e.front.start.start_instant(tz).with_timezone(&tz);
            let end = e.front.end.unwrap_or(e.front.start).end_instant(tz);
            start.date_naive() > period.until && end > now
        })
        .collect();
    events.sort_by_key(|e| (e.front.start.start_instant(tz), e.slug.clone()));
    let events = events
        .into_iter()
        .map(|e| {
            let page = url(Section::Events, &e.slug);
            let start = e.front.start.start_instant(tz).with_timezone(&tz);
            EventItem {
                title: line(&e.front.title),
                ics: format!("{}.ics", page.trim_end_matches('/')),
                url: page,
                all_day: e.front.start.is_all_day(),
                start: if e.front.start.is_all_day() {
                    start.date_naive().to_string()
                } else {
                    start.to_rfc3339()
                },
                location: e.front.location.as_deref().map(line),
                online: e.front.online.is_some(),
                summary: summary(&e.front.summary, &e.html),
                members_only: members_only(e.front.audience),
            }
        })
        .collect();

    let mut jobs: Vec<_> = site
        .jobs
        .iter()
        .filter(|j| {
            j.front.posted.is_some_and(|p| period.contains(p.0))
                && j.front.closes.is_none_or(|c| c.0 >= today)
        })
        .collect();
    jobs.sort_by(|a, b| {
        b.front
            .posted
            .cmp(&a.front.posted)
            .then(a.slug.cmp(&b.slug))
    });
    let jobs = jobs
        .into_iter()
        .map(|j| JobItem {
            title: line(&j.front.title),
            url: url(Section::Jobs, &j.slug),
            department: j.front.department.as_deref().map(line),
            location: j.front.location.as_deref().map(line),
            closes: j.front.closes.map(|c| c.to_string()),
            returners_only: j.front.returners_only,
            summary: summary(&j.front.summary, &j.html),
        })
        .collect();

    let mut new: Vec<_> = site
        .members
        .iter()
        .filter(|m| matches!(m.front.left, YearOrDate::Date(d) if period.contains(d)))
        .collect();
    new.sort_by(|a, b| a.front.name.cmp(&b.front.name).then(a.slug.cmp(&b.slug)));
    let mut departments: std::collections::BTreeMap<String, usize> = Default::default();
    for m in &new {
        if let Some(d) = m.front.department.as_deref() {
            *departments.entry(line(d)).or_default() += 1;
        }
    }
    let by_department = indexes::fold(
        departments.into_iter().map(|(d, n)| (d, n, None)).collect(),
        config.privacy.min_group_size,
        other,
        true,
    );
    let members = NewMembers {
        count: new.len(),
        people: new
            .iter()
            .map(|m| Person {
                name: line(&m.front.name),
                url: url(Section::Members, &m.slug),
            })
            .collect(),
        by_department,
    };
    Content {
        stories,
        events,
        jobs,
        news,
        members,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn last_month_is_the_calendar_month_before() {
        let p = Period::last_month(day("2026-12-06"));
        assert_eq!((p.since, p.until), (day("2026-11-01"), day("2026-11-30")));
        let p = Period::last_month(day("2027-01-01"));
        assert_eq!((p.since, p.until), (day("2026-12-01"), day("2026-12-31")));
        let p = Period::last_month(day("2028-03-31"));
        assert_eq!((p.since, p.until), (day("2028-02-01"), day("2028-02-29")));
        assert!(p.is_month());
        let part = Period {
            since: day("2028-02-02"),
            until: day("2028-02-29"),
        };
        assert!(!part.is_month());
    }
}

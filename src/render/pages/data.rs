//! The files beside the pages: sitemap, robots.txt, Atom feed, calendars and
//! search data, all made from the same plan as the pages.

use chrono::NaiveDate;

use super::{Plan, Task};
use crate::content::Section;
use crate::content::dates::Day;
use crate::render::feeds::{Entry, Feed};
use crate::render::ics::Calendar;
use crate::render::text::excerpt;
use crate::render::{Contents, OutputFile, search, sitemap};

fn file(path: String, text: String) -> OutputFile {
    OutputFile {
        path,
        contents: Contents::Bytes(text.into_bytes()),
    }
}

/// `events/<slug>.ics` (`en/events/<slug>.ics`): one event's calendar file.
fn event_calendar_path(prefix: &str, slug: &str) -> String {
    Section::Events
        .output_path_in(prefix, slug)
        .replace("/index.html", ".ics")
}

/// What the feed reads of a story or a news item.
struct FeedFront<'a> {
    title: &'a str,
    date: Day,
    updated: Option<Day>,
    summary: Option<&'a str>,
}

impl Plan<'_> {
    /// Whether this plan is the default language's (which also writes robots.txt).
    fn is_default(&self) -> bool {
        self.edition.lang_prefix().is_empty()
    }

    /// The paths of [`Plan::data_files`], without making the files.
    pub fn data_paths(&self) -> Vec<String> {
        let dir = self.output_dir();
        let mut paths: Vec<String> = ["sitemap.xml", "atom.xml", "events.ics"]
            .iter()
            .map(|name| format!("{dir}{name}"))
            .collect();
        if self.is_default() {
            paths.push("robots.txt".into());
        }
        paths.extend(
            self.site
                .events
                .iter()
                .map(|e| event_calendar_path(self.edition.lang_prefix(), &e.slug)),
        );
        paths
    }

    /// sitemap.xml, atom.xml, events.ics, events/<slug>.ics of this plan's
    /// language (under `en/` for English), and robots.txt for the default
    /// language. The search data is [`Plan::search_files`].
    pub fn data_files(&self) -> Vec<OutputFile> {
        let c = self.config;
        let dir = self.output_dir();
        let mut files = vec![
            file(
                format!("{dir}sitemap.xml"),
                sitemap::sitemap(c, &self.sitemap_entries()),
            ),
            file(format!("{dir}atom.xml"), self.atom()),
        ];
        if self.is_default() {
            let sitemaps: Vec<String> = self
                .input
                .editions
                .iter()
                .map(|e| format!("{}/sitemap.xml", e.prefix()))
                .collect();
            files.push(file(
                "robots.txt".into(),
                sitemap::robots(c, self.edition.audience(), &sitemaps),
            ));
        }
        let calendar = Calendar {
            config: c,
            prefix: self.prefix(),
            site_title: &c.title,
            stamp: self.today,
        };
        let events = &self.site.events;
        files.push(file(
            format!("{dir}events.ics"),
            calendar.document(self.upcoming.iter().map(|&i| &events[i])),
        ));
        for e in events {
            let path = event_calendar_path(self.edition.lang_prefix(), &e.slug);
            files.push(file(path, calendar.document(std::iter::once(e))));
        }
        files
    }

    /// Every page but the 404 page and pages shown in place of a missing
    /// translation (their original is in its own language's sitemap), with
    /// the date it last changed where known and its other languages.
    fn sitemap_entries(&self) -> Vec<sitemap::Entry> {
        let default = &self.config.language;
        let mut entries: Vec<sitemap::Entry> = self
            .tasks
            .iter()
            .filter(|&&t| !matches!(t, Task::NotFound) && !self.is_fallback(t))
            .map(|&t| sitemap::Entry {
                url: self.url_of(t),
                lastmod: self.lastmod(t),
                alternates: super::fill::alternates(self.config, default, &self.versions_of(t)),
            })
            .collect();
        entries.sort();
        entries
    }

    fn lastmod(&self, task: Task) -> Option<NaiveDate> {
        let s = self.site;
        let or = |updated: Option<crate::content::dates::Day>, fallback: Option<NaiveDate>| {
            updated.map(|d| d.0).or(fallback)
        };
        // A profile's own `updated` only: its other dates (consent,
        // withdrawal) are personal and never shown on the page.
        let of = |section: Section, i: usize| match section {
            Section::Members => s.members[i].front.updated.map(|d| d.0),
            Section::Stories => or(s.stories[i].front.updated, Some(s.stories[i].front.date.0)),
            Section::News => or(s.news[i].front.updated, Some(s.news[i].front.date.0)),
            Section::Jobs => or(s.jobs[i].front.updated, s.jobs[i].front.posted.map(|d| d.0)),
            Section::Events => s.events[i].front.updated.map(|d| d.0),
            Section::Pages => s.pages[i].front.updated.map(|d| d.0),
        };
        let newest = |section| (0..s.len(section)).filter_map(|i| of(section, i)).max();
        match task {
            Task::Doc(section, i) => of(section, i),
            // The events list changes as its events pass, on no date of theirs.
            Task::List(Section::Events) => None,
            Task::List(section) => newest(section),
            Task::Landing => [
                newest(Section::Stories),
                newest(Section::News),
                newest(Section::Jobs),
            ]
            .into_iter()
            .flatten()
            .max(),
            _ => None,
        }
    }

    /// News and stories in this plan's language, newest first (a document
    /// shown in place of a missing translation is in its own language's feed).
    fn atom<'a>(&'a self) -> String {
        let c = self.config;
        let s = self.site;
        let prefix = self.prefix();
        let entry = |section: Section, slug: &str, front: FeedFront<'a>, html: &'a str| Entry {
            title: front.title,
            url: c.absolute(&section.url_in(prefix, slug)),
            published: front.date.0,
            updated: front.updated.unwrap_or(front.date).0,
            summary: front
                .summary
                .map_or_else(|| excerpt(html, 200), str::to_string),
            content: html,
            category: if section == Section::Stories {
                "story"
            } else {
                "news"
            },
        };
        let own = |lang: &str| lang == self.edition.lang();
        let stories = s.stories.iter().filter(|d| own(&d.lang)).map(|d| {
            let f = &d.front;
            let front = FeedFront {
                title: &f.title,
                date: f.date,
                updated: f.updated,
                summary: f.summary.as_deref(),
            };
            entry(Section::Stories, &d.slug, front, &d.html)
        });
        let news = s.news.iter().filter(|d| own(&d.lang)).map(|d| {
            let f = &d.front;
            let front = FeedFront {
                title: &f.title,
                date: f.date,
                updated: f.updated,
                summary: f.summary.as_deref(),
            };
            entry(Section::News, &d.slug, front, &d.html)
        });
        let mut entries: Vec<Entry> = stories.chain(news).collect();
        entries.sort_by(|a, b| {
            b.published
                .cmp(&a.published)
                .then_with(|| a.url.cmp(&b.url))
        });
        let home = c.absolute(prefix);
        let feed = Feed {
            title: &c.title,
            subtitle: c.description.as_deref(),
            base_url: &home,
            language: self.edition.lang(),
            author: c.company.name.as_deref().unwrap_or(&c.title),
        };
        feed.atom(&entries)
    }

    /// The directory's search data of this plan's language (`search/`,
    /// `en/search/`): made from the member cards, in directory order.
    pub fn search_files(&self) -> Vec<OutputFile> {
        self.search_files_kept(None, false).0
    }

    /// The folder of this plan's search data (`""`, `en/`).
    pub fn search_dir(&self) -> String {
        self.output_dir()
    }

    /// [`Plan::search_files`], taking what the search data of an earlier
    /// plan `kept` where its inputs are the same; with what to keep for the
    /// next plan when `keep` (see [`search::Kept`]).
    pub fn search_files_kept(
        &self,
        kept: Option<&search::Kept>,
        keep: bool,
    ) -> (Vec<OutputFile>, Option<search::Kept>) {
        let members: Vec<search::Member> = self
            .ix
            .directory
            .iter()
            .map(|&i| search::Member {
                card: self.card(i),
                initial: self.ix.initial_of[i].initial.as_str(),
            })
            .collect();
        let (files, kept) = search::files_kept(&self.output_dir(), &members, kept, keep);
        let files = files
            .into_iter()
            .map(|(path, text)| file(path, text))
            .collect();
        (files, kept)
    }
}

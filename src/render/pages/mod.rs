//! The page plan: which pages a build has, computed once per build.
//! What each page gets is in `fill.rs`.

mod articles;
mod data;
mod fill;
mod member_cards;
mod pager;
mod paths;
mod versions;

pub use member_cards::CardCache;

use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, FixedOffset, NaiveDate};
use rayon::prelude::*;
use tera::Value;

use super::Input;
use super::cards::{self, event_card, job_card, news_card, story_card};
use crate::audience::Visible;
use crate::config::Config;
use crate::content::{Section, Site, Tax};
use crate::diagnostics::Diagnostic;
use crate::indexes::{self, Indexes, Taxonomy, newest_first};
use crate::theme::view::{
    BROWSE_TERMS, CompanyView, Figures, Heading, LanguageView, Link, MemberCard, PageView, Pager,
    ProgrammeView, SiteView, StatsView, TERMS_PER_PAGE, TaxonomyView,
};

/// What every document page's task knows of its document.
#[derive(Debug, Clone, Copy)]
struct DocHead<'a> {
    slug: &'a str,
    group: &'a str,
    lang: &'a str,
}

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Task {
    Landing,
    /// A section's list page (`/members/`, `/stories/`, …; see [`has_list`]),
    /// the first of its pages.
    List(Section),
    /// Page `n` (from 2) of a section's list: `/members/page/<n>/`,
    /// `/stories/page/<n>/`.
    ListPage(Section, usize),
    /// The page of one heading of the index by initial, by index into
    /// `Indexes::initials`: `/members/initial/<heading>/`.
    Initial(usize),
    /// A document's page, by index into its section's list in the site.
    Doc(Section, usize),
    /// Every term of a taxonomy, its first page: `/skills/`.
    Taxonomy(Tax),
    /// Page `n` (from 2) of a taxonomy's terms: `/skills/page/<n>/`.
    TaxonomyPage(Tax, usize),
    /// A term's list of members, its first page.
    Term(Tax, usize),
    /// Page `n` (from 2) of a term's list: `/skills/rust/page/<n>/`.
    TermPage(Tax, usize, usize),
    Stats,
    NotFound,
}

/// Members' body HTML to render in place of the site's, by index into
/// `site.members`: `serve` keeps the bodies of members edited since the
/// plan was made (`render::OnDemand`); a build has none.
pub type Bodies = HashMap<usize, Arc<str>>;

impl Task {
    /// The page of its list a task is, from 1.
    fn number(self) -> usize {
        match self {
            Task::ListPage(_, n) | Task::TermPage(.., n) | Task::TaxonomyPage(_, n) => n,
            _ => 1,
        }
    }

    /// The kind of page, whatever document, taxonomy or term it shows.
    pub fn kind(self) -> Task {
        match self {
            Task::Doc(section, _) => Task::Doc(section, 0),
            Task::Taxonomy(_) => Task::Taxonomy(Tax::Departments),
            Task::TaxonomyPage(..) => Task::TaxonomyPage(Tax::Departments, 2),
            Task::Term(..) => Task::Term(Tax::Departments, 0),
            Task::ListPage(section, _) => Task::ListPage(section, 2),
            Task::Initial(_) => Task::Initial(0),
            Task::TermPage(..) => Task::TermPage(Tax::Departments, 0, 2),
            other => other,
        }
    }
}

/// Whether a section has a list page: every one but the free pages.
fn has_list(section: Section) -> bool {
    section != Section::Pages
}

/// Everything computed once per build, shared by all pages.
pub struct Plan<'a> {
    input: &'a Input<'a>,
    /// The site's config in this plan's language.
    config: &'a Config,
    /// This plan's language: one plan per language of the site.
    edition: &'a Visible,
    site: &'a Site,
    /// Where each page is in the site's other languages.
    versions: versions::Versions<'a>,
    ix: Indexes,
    /// Member cards' views, by index into `site.members`: made with the
    /// plan, or when first asked for (a card kept from an earlier plan,
    /// see [`Plan::card`]).
    members: Vec<OnceLock<MemberCard<'a>>>,
    /// The same cards as template values and HTML, made once: list pages
    /// share them (a `Value` clone is a reference count) instead of
    /// serialising a card again for every list it appears in; with what
    /// each was made of, for the next plan (`serve`).
    cards: Vec<Arc<member_cards::Card>>,
    /// Departments, skills and cohorts as template values, made once.
    taxonomy_values: [Value; 3],
    /// The directory's index by initial, with what each heading shows, by
    /// index into `Indexes::initials`.
    headings: Vec<Heading>,
    site_value: Value,
    strings_value: Value,
    now: DateTime<FixedOffset>,
    today: NaiveDate,
    stories: Vec<usize>,
    news: Vec<usize>,
    upcoming: Vec<usize>,
    past: Vec<usize>,
    open_jobs: Vec<usize>,
    closed_jobs: Vec<usize>,
    stats: StatsView,
    figures: Figures,
    tasks: Vec<Task>,
    /// The theme's header and footer (`chrome`), made once per section and
    /// footer page (see [`Plan::chrome`]).
    chrome: Mutex<HashMap<ChromeKey, Value>>,
    /// The index by initial of each list of several pages, by the URL of
    /// its first page, rendered once for all its pages (see
    /// [`Plan::index_html`]).
    index_html: Mutex<HashMap<String, Value>>,
}

/// What the header and footer depend on: the page's section, and its URL
/// when it is one of the footer's pages.
type ChromeKey = (fill::Here, Option<String>);

impl<'a> Plan<'a> {
    /// The plan of language `edition` (an index into `input.editions`).
    pub fn new(input: &'a Input<'a>, edition: usize) -> Result<Self, Diagnostic> {
        let visible = &input.editions[edition];
        let site = visible.site();
        let lang = visible.lang();
        // The cards of an earlier plan (`serve`) whose members are the same,
        // and with them where those members file in the directory.
        let earlier = member_cards::earlier_cards(input.cards, visible, input.assets);
        let collated = (site.members.par_iter().zip(&earlier))
            .with_max_len(256)
            .map(|(m, card)| match card {
                Some(card) => Arc::clone(&card.collated),
                None => Arc::new(indexes::Collated::of(&m.front, lang)),
            })
            .collect();
        let ix = indexes::build_collated(site, visible.prefix(), collated);
        let strings_value = Value::from_serializable(input.theme.strings_of(lang));
        let (members, cards) =
            member_cards::member_cards(input, visible, &ix, &strings_value, earlier)?;
        let now = input.now;
        let today = now.date_naive();
        let stories = newest_first(
            site.stories
                .iter()
                .map(|s| (s.front.date.0, s.slug.as_ref())),
        );
        let news = newest_first(site.news.iter().map(|n| (n.front.date.0, n.slug.as_ref())));
        let (upcoming, past) = split_events(site, now);
        let jobs = newest_first(
            site.jobs
                .iter()
                .map(|j| (j.front.posted.map(|d| d.0), j.slug.as_ref())),
        );
        let (closed_jobs, open_jobs): (Vec<usize>, Vec<usize>) = jobs
            .into_iter()
            .partition(|&i| cards::job_closed(&site.jobs[i].front, today));
        let stats = indexes::stats(
            site,
            &ix,
            input.config.privacy.min_group_size,
            input.theme.string_in(lang, "other"),
        );
        let figures = Figures {
            members: site.members.len(),
            departments: ix.taxonomy(Tax::Departments).terms.len(),
            rehires: site
                .members
                .iter()
                .filter(|m| m.front.returned.is_some())
                .count(),
            stories: site.stories.len(),
            upcoming_events: upcoming.len(),
            open_jobs: open_jobs.len(),
        };
        let config = input.configs.get(edition).unwrap_or(input.config);
        let site_value = Value::from_serializable(&site_view(input, config, visible));
        let headings = pager::headings(input.theme, lang, &ix.initials);
        let mut plan = Plan {
            input,
            config,
            edition: visible,
            site,
            versions: versions::Versions::new(input.editions, edition),
            ix,
            members,
            cards,
            taxonomy_values: [Value::none(), Value::none(), Value::none()],
            headings,
            site_value,
            strings_value,
            now,
            today,
            stories,
            news,
            upcoming,
            past,
            open_jobs,
            closed_jobs,
            stats,
            figures,
            tasks: Vec::new(),
            chrome: Mutex::new(HashMap::new()),
            index_html: Mutex::new(HashMap::new()),
        };
        plan.tasks = plan.list_tasks();
        plan.taxonomy_values =
            Tax::ALL.map(|tax| Value::from_serializable(&plan.taxonomy_view(tax)));
        Ok(plan)
    }

    /// The body HTML of member `i` (index into `site.members`): from
    /// `bodies` when it has it, else the site's.
    fn member_html<'s>(&'s self, i: usize, bodies: &'s Bodies) -> &'s str {
        match bodies.get(&i) {
            Some(html) => html,
            None => &self.site.members[i].html,
        }
    }

    /// The member whose file is `path`, if this plan shows it: its index
    /// into `site.members` and the output path of its page.
    pub fn member_of(&self, path: &std::path::Path) -> Option<(usize, String)> {
        let i = self.site.members.iter().position(|m| *m.path == *path)?;
        Some((i, self.path_of(Task::Doc(Section::Members, i))))
    }

    /// Whether this plan, made earlier, is still the one a plan made at
    /// `now` would be: the same day, the same events over.
    pub fn made_as_at(&self, now: DateTime<FixedOffset>) -> bool {
        now.date_naive() == self.today
            && split_events(self.site, now) == (self.upcoming.clone(), self.past.clone())
    }

    /// Every page with its output path, for rendering one page when asked.
    pub fn paths(&self) -> Vec<(String, Task)> {
        self.tasks
            .par_iter()
            .with_max_len(1024)
            .map(|&t| (self.path_of(t), t))
            .collect()
    }

    /// Roughly how long `task` takes to render, in cards: the long lists
    /// are rendered first, so that no thread is left alone with one at the end.
    pub fn weight(&self, task: Task) -> usize {
        let page = |len: usize| len.min(self.config.per_page);
        match task {
            Task::List(section) | Task::ListPage(section, _) => {
                self.site.len(section).min(self.per_page(section))
            }
            Task::Term(tax, i) | Task::TermPage(tax, i, _) => {
                page(self.taxonomy(tax).members[i].len())
            }
            Task::Taxonomy(tax) | Task::TaxonomyPage(tax, _) => {
                self.taxonomy(tax).terms.len().min(TERMS_PER_PAGE)
            }
            Task::Initial(k) => self.ix.initial_members[k].len() / self.config.per_page + 1,
            _ => 1,
        }
    }

    fn list_tasks(&self) -> Vec<Task> {
        let mut t = vec![Task::Landing];
        for section in Section::ALL.into_iter().filter(|&s| has_list(s)) {
            t.push(Task::List(section));
            let pages = self.page_count(self.site.len(section), self.per_page(section));
            t.extend((2..=pages).map(|n| Task::ListPage(section, n)));
        }
        // The index by initial leads to pages: a directory of one page has none.
        if self.page_count(self.site.members.len(), self.config.per_page) > 1 {
            t.extend((0..self.ix.initials.len()).map(Task::Initial));
        }
        for section in Section::ALL {
            t.extend((0..self.site.len(section)).map(|i| Task::Doc(section, i)));
        }
        for tax in Tax::ALL {
            t.push(Task::Taxonomy(tax));
            let pages = self.page_count(self.taxonomy(tax).terms.len(), TERMS_PER_PAGE);
            t.extend((2..=pages).map(|n| Task::TaxonomyPage(tax, n)));
            for (i, members) in self.taxonomy(tax).members.iter().enumerate() {
                t.push(Task::Term(tax, i));
                let pages = self.page_count(members.len(), self.config.per_page);
                t.extend((2..=pages).map(|n| Task::TermPage(tax, i, n)));
            }
        }
        t.extend([Task::Stats, Task::NotFound]);
        t
    }

    fn taxonomy(&self, tax: Tax) -> &Taxonomy {
        self.ix.taxonomy(tax)
    }

    /// The URL prefix of this plan's language (`""`, `/en`).
    fn prefix(&self) -> &'a str {
        self.edition.prefix()
    }

    /// Whether `task` shows a document in place of its missing translation.
    fn is_fallback(&self, task: Task) -> bool {
        let e = self.edition;
        match task {
            Task::Landing => self
                .site
                .programme
                .as_ref()
                .is_some_and(|p| e.is_fallback(p)),
            task => self
                .doc_of(task)
                .is_some_and(|(_, doc)| doc.lang != e.lang()),
        }
    }

    /// The page `task` in each language of the site, where it exists.
    fn versions_of(&self, task: Task) -> Vec<versions::LangUrl<'a>> {
        if let Some((section, doc)) = self.doc_of(task) {
            return self.versions.of_doc(section, doc.group);
        }
        match task {
            // A term, a further page or a heading of a list is this
            // language's own: the same page number or heading holds other
            // members in another language.
            Task::Term(..)
            | Task::TermPage(..)
            | Task::ListPage(..)
            | Task::TaxonomyPage(..)
            | Task::Initial(_) => self.versions.only_here(self.url_of(task)),
            other => self.versions.of_list(&self.list_path(other)),
        }
    }

    fn taxonomy_value(&self, tax: Tax) -> Value {
        self.taxonomy_values[tax as usize].clone()
    }

    /// The cards of members `indexes`, as one template value.
    fn card_list<'i>(&self, indexes: impl Iterator<Item = &'i usize>) -> Value {
        Value::from(
            indexes
                .map(|&i| self.cards[i].value.clone())
                .collect::<Vec<Value>>(),
        )
    }

    fn programme_view(&self) -> PageView<'a> {
        match &self.site.programme {
            Some(p) => PageView {
                title: &p.front.title,
                url: format!("{}/", self.prefix()),
                description: p.front.description.as_deref(),
                content: &p.html,
                extra: &p.front.extra,
            },
            None => PageView {
                title: &self.config.title,
                url: format!("{}/", self.prefix()),
                description: self.config.description.as_deref(),
                content: "",
                extra: &self.config.extra,
            },
        }
    }

    /// A taxonomy with the terms the directory and term pages link to:
    /// those with the most members (the first of them by name on a tie),
    /// sorted by name.
    fn taxonomy_view(&self, tax: Tax) -> TaxonomyView<'_> {
        let t = self.taxonomy(tax);
        let mut top: Vec<usize> = (0..t.terms.len()).collect();
        if top.len() > BROWSE_TERMS {
            top.select_nth_unstable_by_key(BROWSE_TERMS - 1, |&i| (Reverse(t.terms[i].count), i));
            top.truncate(BROWSE_TERMS);
            top.sort_unstable();
        }
        TaxonomyView {
            name: t.name,
            url: format!("{}/{}/", self.prefix(), t.name),
            terms: top.into_iter().map(|i| &t.terms[i]).collect(),
            count: t.terms.len(),
        }
    }

    /// Page `number` of a taxonomy's terms (`/skills/page/2/`), with its
    /// place among the taxonomy's pages.
    fn taxonomy_page(&self, tax: Tax, number: usize) -> (TaxonomyView<'_>, Pager) {
        let t = self.taxonomy(tax);
        let url = format!("{}/{}/", self.prefix(), t.name);
        let pager = self.pager(&url, number, t.terms.len(), TERMS_PER_PAGE);
        let view = TaxonomyView {
            name: t.name,
            url,
            terms: t.terms[self.page_range(&pager)].iter().collect(),
            count: t.terms.len(),
        };
        (view, pager)
    }

    fn story_cards<'i>(
        &self,
        order: impl Iterator<Item = &'i usize>,
    ) -> Vec<crate::theme::view::StoryCard<'a>> {
        order
            .map(|&i| story_card(&self.site.stories[i], self.input.assets, self.prefix()))
            .collect()
    }

    fn event_cards<'i>(
        &self,
        order: impl Iterator<Item = &'i usize>,
    ) -> Vec<crate::theme::view::EventCard<'a>> {
        order
            .map(|&i| event_card(&self.site.events[i], self.now, self.config, self.prefix()))
            .collect()
    }

    fn job_cards<'i>(
        &self,
        order: impl Iterator<Item = &'i usize>,
    ) -> Vec<crate::theme::view::JobCard<'a>> {
        order
            .map(|&i| job_card(&self.site.jobs[i], self.today, self.prefix()))
            .collect()
    }

    fn news_cards<'i>(
        &self,
        order: impl Iterator<Item = &'i usize>,
    ) -> Vec<crate::theme::view::NewsCard<'a>> {
        order
            .map(|&i| news_card(&self.site.news[i], self.prefix()))
            .collect()
    }
}

/// Upcoming events soonest first, past events latest first.
fn split_events(site: &Site, now: DateTime<FixedOffset>) -> (Vec<usize>, Vec<usize>) {
    let tz = *now.offset();
    let (mut past, mut upcoming): (Vec<usize>, Vec<usize>) =
        (0..site.events.len()).partition(|&i| cards::event_over(&site.events[i].front, tz) <= now);
    let start = |i: &usize| {
        (
            site.events[*i].front.start.start_instant(tz),
            site.events[*i].slug.clone(),
        )
    };
    upcoming.sort_by_key(start);
    past.sort_by_key(start);
    past.reverse();
    (upcoming, past)
}

fn site_view<'a>(input: &'a Input<'a>, c: &'a Config, visible: &'a Visible) -> SiteView<'a> {
    let site = visible.site();
    let mut pages: Vec<Link<'a>> = site
        .pages
        .iter()
        .map(|p| Link {
            title: &p.front.title,
            url: Section::Pages.url_in(visible.prefix(), &p.slug),
        })
        .collect();
    let languages = input
        .editions
        .iter()
        .map(|e| LanguageView {
            code: e.lang(),
            name: input.theme.string_in(e.lang(), "language_name"),
            home: format!("{}/", e.prefix()),
        })
        .collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    SiteView {
        title: &c.title,
        description: c.description.as_deref(),
        base_url: &c.base_url,
        root: format!("{}/", visible.base_path()),
        language: visible.lang(),
        default_language: &c.language,
        home: format!("{}/", visible.prefix()),
        languages,
        audience: visible.audience().as_str(),
        company: CompanyView {
            name: c.company.name.as_deref(),
            url: c.company.url.as_deref(),
            logo: c
                .company
                .logo
                .as_deref()
                .map(|l| format!("{}/{}", visible.base_path(), l.trim_start_matches('/'))),
        },
        programme: ProgrammeView {
            name: c.programme.name.as_deref(),
            return_window_years: c.programme.return_window_years,
            contact: c.programme.contact.as_deref(),
            join_url: c.programme.join_url.as_deref(),
        },
        pages,
        member_count: site.members.len(),
        filters: &c.filters,
        brand: c
            .company
            .brand_color
            .as_deref()
            .and_then(crate::theme::brand::palette),
        extra: &c.extra,
        data: input.data,
    }
}

#[cfg(test)]
mod tests;

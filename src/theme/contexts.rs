//! What each page template sees (docs/templates.md): one struct per
//! template, so that every key a template reads is a field here, spelt
//! once. `render::pages` makes a [`PageContext`] for each page and hands it
//! to Tera with `Context::from_serialize`.
//!
//! Values the build makes once and shares between pages (the site, the UI
//! strings, member cards, taxonomies) are `tera::Value`s: serialising one
//! into the context clones a reference, not the data.

use serde::Serialize;
use tera::Value;

use super::view::{
    EventCard, EventView, Figures, Heading, IndexPage, JobCard, JobView, Meta, NewsCard, NewsView,
    PageView, Pager, StatsView, StoryCard, StoryView, TaxonomyView, TermCount,
};

/// The context of a page: what every template sees, and its own part.
#[derive(Serialize)]
pub struct PageContext<'a> {
    /// `SiteView`, made once per language.
    pub site: Value,
    /// The UI strings of the page's language.
    pub t: Value,
    /// The theme's header and footer (`header`, `footer`).
    pub chrome: Value,
    pub meta: Meta<'a>,
    /// The template's own keys, beside the common ones.
    #[serde(flatten)]
    pub page: Page<'a>,
}

/// A template's own keys.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Page<'a> {
    Landing(Landing<'a>),
    Directory(Directory<'a>),
    Initial(InitialPage<'a>),
    Member(MemberPage),
    Stories(Stories<'a>),
    Story(StoryPage<'a>),
    Events(Events<'a>),
    Event(EventPage<'a>),
    Jobs(Jobs<'a>),
    Job(JobPage<'a>),
    NewsList(NewsList<'a>),
    News(NewsPage<'a>),
    Page(FreePage<'a>),
    Taxonomy(TaxonomyPage<'a>),
    Term(TermPage<'a>),
    Stats(Stats<'a>),
    NotFound(NotFound),
}

/// `index.html`.
#[derive(Serialize)]
pub struct Landing<'a> {
    /// The landing text (content/_index.md), else the site's title.
    pub programme: PageView<'a>,
    pub figures: &'a Figures,
    /// The 3 newest.
    pub stories: Vec<StoryCard<'a>>,
    /// Up to 3 upcoming, soonest first.
    pub events: Vec<EventCard<'a>>,
    /// Up to 5 open, newest first.
    pub jobs: Vec<JobCard<'a>>,
    /// The 3 newest.
    pub news: Vec<NewsCard<'a>>,
}

/// `members.html`: `/members/` and its further pages (`/members/page/2/`).
#[derive(Serialize)]
pub struct Directory<'a> {
    /// The cards of this page's members, in directory order.
    pub members: Value,
    /// This page among the directory's pages.
    pub pager: Pager,
    /// `TaxonomyView` each.
    pub departments: Value,
    pub skills: Value,
    pub cohorts: Value,
    /// The index by initial, in directory order, each with the URL of its
    /// page (`/members/initial/か/`).
    pub initials: &'a [Heading],
    /// The `initial_index` component rendered with `initials`, once for
    /// every page of the directory; none on a directory of one page.
    pub index_html: Value,
    /// The initials that are gojūon rows (`あ` … `わ`).
    pub gojuon_rows: &'a [&'a str],
    /// Every value of a member's `open_to`, in the theme's order.
    pub open_to: [&'static str; 7],
}

/// `initial.html`: `/members/initial/<heading>/`, the pages of the
/// directory that hold the members of one heading of the index.
#[derive(Serialize)]
pub struct InitialPage<'a> {
    /// This heading: its label, member count and URL.
    pub initial: &'a Heading,
    /// Every heading, as on the directory.
    pub initials: &'a [Heading],
    pub gojuon_rows: &'a [&'a str],
    /// The directory's pages with members of this heading, in order.
    pub pages: Vec<IndexPage<'a>>,
}

/// `member.html`: `MemberView`, its card shared with the list pages.
#[derive(Serialize)]
pub struct MemberPage {
    pub member: Value,
}

/// `stories.html`: newest first.
#[derive(Serialize)]
pub struct Stories<'a> {
    /// This page's stories (`lists.per_page`).
    pub stories: Vec<StoryCard<'a>>,
    pub pager: Pager,
}

/// `story.html`.
#[derive(Serialize)]
pub struct StoryPage<'a> {
    pub story: StoryView<'a>,
}

/// `events.html`.
#[derive(Serialize)]
pub struct Events<'a> {
    /// Soonest first.
    pub upcoming: Vec<EventCard<'a>>,
    /// Latest first.
    pub past: Vec<EventCard<'a>>,
    /// This page among the pages of upcoming then past events.
    pub pager: Pager,
}

/// `event.html`.
#[derive(Serialize)]
pub struct EventPage<'a> {
    pub event: EventView<'a>,
}

/// `jobs.html`: newest first each.
#[derive(Serialize)]
pub struct Jobs<'a> {
    pub open: Vec<JobCard<'a>>,
    pub closed: Vec<JobCard<'a>>,
    /// This page among the pages of open then closed jobs.
    pub pager: Pager,
}

/// `job.html`.
#[derive(Serialize)]
pub struct JobPage<'a> {
    pub job: JobView<'a>,
}

/// `news.html`: newest first.
#[derive(Serialize)]
pub struct NewsList<'a> {
    /// This page's news items (`lists.per_page`).
    pub news: Vec<NewsCard<'a>>,
    pub pager: Pager,
}

/// `news_item.html`.
#[derive(Serialize)]
pub struct NewsPage<'a> {
    pub news: NewsView<'a>,
}

/// `page.html`: a page of content/pages.
#[derive(Serialize)]
pub struct FreePage<'a> {
    pub page: PageView<'a>,
}

/// `taxonomy.html`: `/departments/`, `/skills/`, `/cohorts/`.
#[derive(Serialize)]
pub struct TaxonomyPage<'a> {
    /// Its `terms`: this page's.
    pub taxonomy: TaxonomyView<'a>,
    /// This page among the taxonomy's pages (`/skills/page/2/`),
    /// `TERMS_PER_PAGE` terms to a page.
    pub pager: Pager,
}

/// `taxonomy_term.html`.
#[derive(Serialize)]
pub struct TermPage<'a> {
    /// `TaxonomyView`.
    pub taxonomy: Value,
    pub term: &'a TermCount,
    /// The cards of this page's members, in directory order.
    pub members: Value,
    /// This page among the term's pages (`/skills/rust/page/2/`).
    pub pager: Pager,
    /// The index by initial of the term's members, each heading linking to
    /// the term's page where its members start.
    pub initials: Vec<Heading>,
    /// The `initial_index` component rendered with `initials`, once for
    /// every page of the term; none for a term of one page.
    pub index_html: Value,
    pub gojuon_rows: &'a [&'a str],
}

/// `stats.html`.
#[derive(Serialize)]
pub struct Stats<'a> {
    pub figures: &'a Figures,
    pub stats: &'a StatsView,
}

/// `404.html`: nothing of its own.
#[derive(Serialize)]
pub struct NotFound {}

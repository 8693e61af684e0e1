//! What templates see: small serialisable views over the visible model.
//!
//! Every field here is something the audience of the build may see: views are
//! made only from [`crate::audience::Visible`] data. Views borrow from the
//! model instead of cloning it, and list pages share one `Vec` of cards, so a
//! page's context is small (Zola's `ser.rs` idea). Dates are ISO strings
//! (`2026-12-10`, `2026-12-10T19:00:00+09:00`); templates format them with the
//! `date` filter. URLs are site-absolute paths (`/members/yamada-taro/`),
//! percent-encoded, under the path the site is served from
//! (`/alumni/members/yamada-taro/` for `base_url: https://org.github.io/alumni`);
//! `permalink` is the absolute URL. Templates write other URLs of the site
//! with the `url` filter (`{{ "style.css" | url }}`).

use serde::Serialize;
use serde_json::Value;

/// Site-wide data, in the global context of every template as `site`.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub base_url: &'a str,
    /// The site's own root, under which every URL of the site lies: `/`,
    /// or `/alumni/` for `base_url: https://org.github.io/alumni`. The `url`
    /// filter puts a path under it.
    pub root: String,
    /// The language of this page's part of the site (`ja`, `en`): its UI
    /// strings, dates and `<html lang>`.
    pub language: &'a str,
    /// The site's default language, at the site root.
    pub default_language: &'a str,
    /// The home page of this language: `/`, or `/en/` for English (under
    /// `root`: `/alumni/en/`). Section URLs start here
    /// (`{{ "members/" | url(lang=true) }}`).
    pub home: String,
    /// Every language of the site, the default first (just one on a
    /// single-language site).
    pub languages: Vec<LanguageView<'a>>,
    /// `public` or `members`.
    pub audience: &'static str,
    pub company: CompanyView<'a>,
    pub programme: ProgrammeView<'a>,
    /// Free pages (content/pages) for the footer menu, by title.
    pub pages: Vec<Link<'a>>,
    /// Number of visible members.
    pub member_count: usize,
    /// The directory filters chosen by `directory.filters` in site.yaml, in
    /// the order written (`department`, `left`, `open_to`, `skills`,
    /// `location`); the default theme offers these on `/members/`.
    pub filters: &'a [String],
    /// Shades of `company.brand_color` for light and dark mode, when it is
    /// set: `brand.light.brand`, `.strong`, `.soft`, `.soft_fg`, and the same
    /// under `brand.dark` (the default theme's `--brand*` custom properties,
    /// which the build writes to `brand::STYLESHEET` for `base.html` to link).
    pub brand: Option<super::brand::Palette>,
    /// The site's `extra:` map from site.yaml.
    pub extra: &'a Value,
    /// Files under `data/`, by file stem.
    pub data: &'a serde_json::Map<String, Value>,
}

/// One language of the site.
#[derive(Debug, Serialize)]
pub struct LanguageView<'a> {
    /// `ja`, `en`.
    pub code: &'a str,
    /// Its name in itself (`日本語`, `English`): the UI string `language_name`.
    pub name: &'a str,
    /// Its home page (`/`, `/en/`).
    pub home: String,
}

#[derive(Debug, Serialize)]
pub struct CompanyView<'a> {
    pub name: Option<&'a str>,
    pub url: Option<&'a str>,
    /// Site-absolute URL of the logo, if set.
    pub logo: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ProgrammeView<'a> {
    pub name: Option<&'a str>,
    pub return_window_years: Option<u32>,
    pub contact: Option<&'a str>,
    pub join_url: Option<&'a str>,
}

/// A titled link.
#[derive(Debug, Serialize, Clone)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: String,
}

/// Per-page metadata, as `meta` in every page template.
#[derive(Debug, Serialize)]
pub struct Meta<'a> {
    /// `<title>` text of this page (without the site title).
    pub title: &'a str,
    /// Site-absolute, percent-encoded path of this page (`/members/`).
    pub url: String,
    /// The absolute URL of this page (`https://org.github.io/alumni/members/`).
    pub permalink: String,
    /// The address search engines should index: `permalink`, or the
    /// original's for a page shown in place of a missing translation.
    pub canonical: String,
    /// The language of the page's content: the site language's, or the
    /// default language's on an untranslated page.
    pub content_lang: &'a str,
    /// True when the page shows the default-language version of a document
    /// that has none in this language (`untranslated: show` in site.yaml).
    pub untranslated: bool,
    /// This page in every language of the site, for a language switcher:
    /// `code`, `name`, `url` (the page in that language, else that
    /// language's home), `translated` (false when `url` is the home),
    /// `current`.
    pub translations: Vec<Translation<'a>>,
    /// `hreflang` links (absolute `href`), with `x-default` for the default
    /// language; empty when the page exists in one language only.
    pub alternates: Vec<Alternate>,
    /// The page's description: its summary or description, else the start of
    /// its text, else the site's description.
    pub description: Option<String>,
    /// Absolute URL of the page's image (a story cover, an opted-in photo).
    pub image: Option<String>,
    /// The page's schema.org JSON-LD, already escaped for a `<script>` element.
    pub json_ld: String,
    /// Which top-level section this page belongs to (`home`, `members`,
    /// `stories`, `events`, `jobs`, `news`, `stats`, `departments`, `skills`,
    /// `cohorts`, `page`, `404`), for highlighting the navigation.
    pub section: &'static str,
}

/// A page in one language of the site (`meta.translations`).
#[derive(Debug, Serialize, Clone)]
pub struct Translation<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub url: String,
    pub translated: bool,
    pub current: bool,
}

/// `<link rel="alternate" hreflang="…" href="…">`.
#[derive(Debug, Serialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

/// A taxonomy term as shown on a member (`department`, a skill, a cohort).
#[derive(Debug, Serialize, Clone, Hash)]
pub struct Term<'a> {
    pub name: &'a str,
    pub url: String,
}

/// What a member does now.
#[derive(Debug, Serialize, Clone, Hash)]
pub struct NowView<'a> {
    pub company: Option<&'a str>,
    pub title: Option<&'a str>,
    pub industry: Option<&'a str>,
}

/// A member in a list: the directory, taxonomy pages, a story's cast.
/// Hashed by `serve` to tell which cards an edit changed.
#[derive(Debug, Serialize, Clone, Hash)]
pub struct MemberCard<'a> {
    /// The language the document is written in (`ja`); on a page in
    /// another language (`t.lang`) it is shown untranslated.
    pub lang: &'a str,
    pub name: &'a str,
    pub name_reading: Option<&'a str>,
    pub url: String,
    /// Two initials for a generated avatar (`山田` for 山田 太郎, `TY` for Taro Yamada).
    pub initials: String,
    /// 0–5, the same for the same name: which of six colours the generated
    /// avatar takes, so that neighbouring avatars differ.
    pub avatar_tone: u8,
    pub department: Option<Term<'a>>,
    pub role: Option<&'a str>,
    /// Year joined, if known.
    pub joined: Option<i32>,
    /// Year left.
    pub left: i32,
    pub cohort_url: String,
    /// Year rehired, for boomerangs.
    pub returned: Option<i32>,
    pub now: NowView<'a>,
    /// What the member does now, as the page's language writes it:
    /// `t.now_title_at` with title and company filled in, or whichever of
    /// the two is known. Made once per build: long lists show it thousands
    /// of times.
    pub now_line: Option<String>,
    /// `t.left_year` with the year filled in ("Left 2016", "2016年退職").
    pub left_label: String,
    /// `t.returned_year` with the year filled in, for boomerangs.
    pub returned_label: Option<String>,
    pub location: Option<&'a str>,
    pub skills: Vec<Term<'a>>,
    /// Only what this audience may see (`rehire` is removed from public builds
    /// unless the site allows it).
    pub open_to: Vec<&'a str>,
    /// Site-absolute photo URL, only when the member opted in: a square
    /// thumbnail made at build time (`photo_size` pixels wide and high) when
    /// the photo is a JPEG, PNG or WebP, else the file as it is.
    pub photo: Option<String>,
    /// A thumbnail twice as large, for high-density screens (`srcset`).
    pub photo_2x: Option<String>,
    /// Width and height of `photo` in pixels, when it is a thumbnail.
    pub photo_size: Option<u32>,
    /// This card as HTML, rendered once per build by the theme's
    /// `member_card` component so that long lists (the directory, taxonomy
    /// pages) do not render it again; absent when the theme has no such
    /// component.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html: Option<std::sync::Arc<str>>,
}

/// A member's profile page, as `member` in `member.html`: every field of
/// the member's card, and these. Made into a template value by
/// [`MemberView::value`].
#[derive(Debug, Serialize)]
pub struct MemberView<'a> {
    /// Not serialised with the rest: [`MemberView::value`] starts from the
    /// card's template value, which the build has made already.
    #[serde(skip)]
    pub card: MemberCard<'a>,
    /// `joined` and `left` as written (year or date).
    pub joined_display: Option<String>,
    pub left_display: String,
    /// `joined` and `left` as the page's language writes them: a year with
    /// `t.year_only`, a date as the `date` filter shows it.
    pub joined_text: Option<String>,
    pub left_text: String,
    /// `t.cohort_term` with the year left filled in ("Left in 2016").
    pub cohort_label: String,
    /// `linkedin`, `website`, `x`, `github` in that order, when set.
    pub links: Vec<NamedUrl<'a>>,
    /// Only when `show_email: true`, and never in the public build.
    pub email: Option<&'a str>,
    /// The bio, rendered from Markdown (sanitised HTML).
    pub content: &'a str,
    /// Visible stories that name this member, newest first.
    pub stories: Vec<StoryCard<'a>>,
    pub extra: &'a Value,
}

impl MemberView<'_> {
    /// The profile as a template value: `card` (this member's card as a
    /// template value) with the profile's own fields added.
    pub fn value(&self, card: &tera::Value) -> tera::Value {
        let mut member = card.as_map().cloned().unwrap_or_default();
        if let Some(own) = tera::Value::from_serializable(self).into_map() {
            member.extend(own);
        }
        tera::Value::from(member)
    }
}

#[derive(Debug, Serialize, Clone)]
pub struct NamedUrl<'a> {
    pub name: &'static str,
    pub url: &'a str,
}

#[derive(Debug, Serialize, Clone)]
pub struct StoryCard<'a> {
    /// The language the document is written in (`ja`); on a page in
    /// another language (`t.lang`) it is shown untranslated.
    pub lang: &'a str,
    pub title: &'a str,
    pub url: String,
    pub date: String,
    /// rehire | partner | ambassador | customer | founder | feedback | network
    pub kind: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub tags: &'a [String],
    pub cover: Option<String>,
    /// `members` for members-only content (only ever seen in the members build).
    pub audience: &'static str,
}

/// A story page, as `story` in `story.html`.
#[derive(Debug, Serialize)]
pub struct StoryView<'a> {
    #[serde(flatten)]
    pub card: StoryCard<'a>,
    pub content: &'a str,
    /// Visible members the story names, in the order written.
    pub members: Vec<MemberCard<'a>>,
    pub extra: &'a Value,
}

#[derive(Debug, Serialize, Clone)]
pub struct EventCard<'a> {
    /// The language the document is written in (`ja`); on a page in
    /// another language (`t.lang`) it is shown untranslated.
    pub lang: &'a str,
    pub title: &'a str,
    pub url: String,
    /// ISO date or RFC 3339 date-time, as written.
    pub start: String,
    pub end: Option<String>,
    /// True for a date without a time.
    pub all_day: bool,
    pub location: Option<&'a str>,
    pub online: Option<&'a str>,
    pub register: Option<&'a str>,
    pub summary: Option<&'a str>,
    /// True once the event has ended.
    pub past: bool,
    pub audience: &'static str,
    /// `/events/<slug>.ics`: this event for calendar apps.
    pub ics_url: String,
    /// Adds the event to Google Calendar.
    pub google_calendar_url: String,
    /// Adds the event to Outlook.
    pub outlook_calendar_url: String,
}

/// An event page, as `event` in `event.html`.
#[derive(Debug, Serialize)]
pub struct EventView<'a> {
    #[serde(flatten)]
    pub card: EventCard<'a>,
    pub content: &'a str,
    pub extra: &'a Value,
}

#[derive(Debug, Serialize, Clone)]
pub struct JobCard<'a> {
    /// The language the document is written in (`ja`); on a page in
    /// another language (`t.lang`) it is shown untranslated.
    pub lang: &'a str,
    pub title: &'a str,
    pub url: String,
    pub department: Option<&'a str>,
    pub location: Option<&'a str>,
    /// full-time | part-time | contract | …, as written.
    pub employment_type: Option<&'a str>,
    pub posted: Option<String>,
    pub closes: Option<String>,
    pub apply: Option<&'a str>,
    pub returners_only: bool,
    pub summary: Option<&'a str>,
    /// True once `closes` has passed.
    pub closed: bool,
}

/// A job page, as `job` in `job.html`.
#[derive(Debug, Serialize)]
pub struct JobView<'a> {
    #[serde(flatten)]
    pub card: JobCard<'a>,
    pub content: &'a str,
    pub extra: &'a Value,
}

#[derive(Debug, Serialize, Clone)]
pub struct NewsCard<'a> {
    /// The language the document is written in (`ja`); on a page in
    /// another language (`t.lang`) it is shown untranslated.
    pub lang: &'a str,
    pub title: &'a str,
    pub url: String,
    pub date: String,
    pub summary: Option<&'a str>,
    pub audience: &'static str,
}

/// A news page, as `news` in `news_item.html`.
#[derive(Debug, Serialize)]
pub struct NewsView<'a> {
    #[serde(flatten)]
    pub card: NewsCard<'a>,
    pub content: &'a str,
    pub extra: &'a Value,
}

/// A free page (content/pages), as `page` in `page.html`; also the
/// programme landing text, as `programme` in `index.html`.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub url: String,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub extra: &'a Value,
}

/// The headline numbers, as `figures` on the landing and stats pages.
#[derive(Debug, Serialize, Clone, Default)]
pub struct Figures {
    pub members: usize,
    pub departments: usize,
    /// Members who came back (`returned` set).
    pub rehires: usize,
    pub stories: usize,
    pub upcoming_events: usize,
    pub open_jobs: usize,
}

/// One bar of a chart or one row of a stats table.
#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct Count {
    pub label: String,
    pub count: usize,
    /// Link to the taxonomy page, where there is one (not for "other").
    pub url: Option<String>,
}

/// `/stats/`: each breakdown folds groups smaller than
/// `privacy.min_group_size` into one row labelled with `t.other`.
#[derive(Debug, Serialize, Clone, Default)]
pub struct StatsView {
    pub by_department: Vec<Count>,
    pub by_left_year: Vec<Count>,
    pub by_industry: Vec<Count>,
    pub rehires_per_year: Vec<Count>,
    pub min_group_size: usize,
}

/// A taxonomy (`departments`, `skills`, `cohorts`) as `taxonomy`.
#[derive(Debug, Serialize, Clone)]
pub struct TaxonomyView<'a> {
    /// `departments`, `skills` or `cohorts`.
    pub name: &'static str,
    pub url: String,
    /// On `taxonomy.html`, this page's terms; elsewhere (the directory's
    /// links to browse by term, a term's page) the terms with the most
    /// members, at most [`BROWSE_TERMS`]. Either way sorted by name.
    pub terms: Vec<&'a TermCount>,
    /// How many terms have at least one visible member.
    pub count: usize,
}

/// The most terms of a taxonomy the directory links to (the rest are on
/// the taxonomy's own pages): the first page of the directory stays one
/// screenful of links whatever the network writes in `skills`.
pub const BROWSE_TERMS: usize = 24;

/// Terms to a page of `/departments/`, `/skills/` or `/cohorts/`: about
/// 2,000 elements of links, under the default theme's 3,000 per page.
pub const TERMS_PER_PAGE: usize = 400;

#[derive(Debug, Serialize, Clone)]
pub struct TermCount {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub count: usize,
}

/// Where a page of a long list (the directory, a term's members, the
/// stories, events, jobs or news) is among its pages (`pager` in
/// `members.html`, `taxonomy_term.html`, `stories.html`, …).
#[derive(Debug, Serialize, Clone)]
pub struct Pager {
    /// This page, from 1.
    pub number: usize,
    /// How many pages the list has (1 for an empty list).
    pub count: usize,
    /// Items in the whole list, over all its pages.
    pub total: usize,
    /// The position in the whole list of this page's first member, from 0
    /// (on the directory, its number in the search data).
    pub offset: usize,
    /// Items to a page (`directory.per_page` or `lists.per_page`).
    pub per_page: usize,
    /// The URLs of the pages before and after this one, where there are.
    pub prev: Option<String>,
    pub next: Option<String>,
    /// Links to some of the pages: the first and last, and the two on either
    /// side of this one; `gap` on a link that follows pages left out.
    pub links: Vec<PageLink>,
    /// "Page 2 of 7" in the page's language (`t.page_of` filled in).
    pub page_of: String,
}

/// One link of a [`Pager`].
#[derive(Debug, Serialize, Clone)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    /// This page.
    pub current: bool,
    /// Pages are left out between the previous link and this one.
    pub gap: bool,
    /// "Page 3" in the page's language (`t.page_number` filled in), for
    /// screen readers: the link itself shows only the number.
    pub label: String,
}

/// One heading of the index by initial: a gojūon row, a Latin letter, or
/// the rest, with what the index shows for it, made once per language
/// (a template need not work it out again for every link of every list
/// page).
#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct Heading {
    /// `か` (a gojūon row, by its first kana), `A`, or `*` for the rest.
    pub label: String,
    /// Members under it, in this list.
    pub count: usize,
    /// The page it links to: its own page (`/members/initial/か/`) on the
    /// directory, the list's page where its members start on a term's.
    pub url: String,
    /// What the index shows: the row's first kana, the letter, or
    /// `t.other`.
    pub text: String,
    /// Its whole name (`か行`, `t.initial_label` filled in; the same as
    /// `text` for a letter or the rest): its page's title, and the link's
    /// `aria-label` where it differs from `text`.
    pub full: String,
}

/// One page of the directory holding members of an index heading, on that
/// heading's page (`initial.html`): its number and URL, and the first and
/// last of the heading's members on it.
#[derive(Debug, Serialize)]
pub struct IndexPage<'a> {
    pub number: usize,
    pub url: String,
    pub first: IndexName<'a>,
    pub last: IndexName<'a>,
}

/// A member's name as an index shows it.
#[derive(Debug, Serialize)]
pub struct IndexName<'a> {
    pub name: &'a str,
    pub name_reading: Option<&'a str>,
}

//! The domain model: a site's content as typed documents.
//!
//! This top-level `src/content/` is the model; the repository's own
//! `content/` folder is the demo site. No Tera and no output I/O here:
//! [`load`] reads files, the rest is pure. Relations are stored as keys
//! (story → member slugs), resolved through indexes.

pub mod dates;
pub mod front_matter;
pub mod kinds;
pub mod load;
pub mod slug;
pub mod url;

use std::path::Path;
use std::sync::Arc;

pub use kinds::{Audience, Event, Job, Member, News, Page, Programme, Story, Visibility};

/// The folders under `content/`, each a section of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Members,
    Stories,
    Events,
    Jobs,
    News,
    Pages,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Members,
        Section::Stories,
        Section::Events,
        Section::Jobs,
        Section::News,
        Section::Pages,
    ];

    /// The folder name under `content/`.
    pub fn dir(self) -> &'static str {
        match self {
            Section::Members => "members",
            Section::Stories => "stories",
            Section::Events => "events",
            Section::Jobs => "jobs",
            Section::News => "news",
            Section::Pages => "pages",
        }
    }

    /// The URL path prefix of the section's documents (`pages` live at the root).
    pub fn url_prefix(self) -> &'static str {
        match self {
            Section::Pages => "",
            other => other.dir(),
        }
    }

    /// Site-absolute, percent-encoded URL of a document with this slug (in
    /// the default language).
    pub fn url_of(self, slug: &str) -> String {
        self.url_in("", slug)
    }

    /// The URL of a document with this slug under a language's `prefix`
    /// (`""` for the default language, `/en` for English).
    pub fn url_in(self, prefix: &str, slug: &str) -> String {
        // Pushed, not `format!`ted: made for every document several times.
        let mut url = String::with_capacity(prefix.len() + slug.len() + 16);
        url.push_str(prefix);
        url.push('/');
        if self != Section::Pages {
            url.push_str(self.dir());
            url.push('/');
        }
        slug::encode_into(slug, &mut url);
        url.push('/');
        url
    }

    /// Output path (UTF-8, `/`-separated) of a document's page.
    pub fn output_path_of(self, slug: &str) -> String {
        self.output_path_in("", slug)
    }

    /// Output path of a document's page under a language's `prefix`.
    pub fn output_path_in(self, prefix: &str, slug: &str) -> String {
        let dir = prefix.trim_start_matches('/');
        let mut path = String::with_capacity(dir.len() + slug.len() + 24);
        if !dir.is_empty() {
            path.push_str(dir);
            path.push('/');
        }
        if self != Section::Pages {
            path.push_str(self.dir());
            path.push('/');
        }
        path.push_str(slug);
        path.push_str("/index.html");
        path
    }
}

/// The URL segment of the stats page (`/stats/`), which is not a section.
pub const STATS: &str = "stats";

/// The taxonomies of the member directory: each has a page listing its
/// terms (`/departments/`) and a page per term. The one place their names
/// are written: the indexes, the URLs, the page names the loader reserves
/// and the directory filters of site.yaml read them here
/// (docs/content.md, "Members").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tax {
    Departments,
    Skills,
    Cohorts,
}

impl Tax {
    pub const ALL: [Tax; 3] = [Tax::Departments, Tax::Skills, Tax::Cohorts];

    /// Its URL segment (`/departments/`), and the name the theme's UI
    /// strings and `meta.section` know it by.
    pub const fn name(self) -> &'static str {
        match self {
            Tax::Departments => "departments",
            Tax::Skills => "skills",
            Tax::Cohorts => "cohorts",
        }
    }

    /// The member field its terms come from, which is also the name of
    /// its directory filter (`directory.filters` in site.yaml).
    pub const fn field(self) -> &'static str {
        match self {
            Tax::Departments => "department",
            Tax::Skills => "skills",
            Tax::Cohorts => "left",
        }
    }

    /// The terms member `m` is listed under (borrowed from `m` where it
    /// holds them as they are).
    pub fn terms_in(self, m: &Member) -> Vec<std::borrow::Cow<'_, str>> {
        let mut terms = Vec::new();
        self.each_term_in(m, |t| terms.push(t));
        terms
    }

    /// Calls `f` with each term member `m` is listed under, in the order
    /// of [`Tax::terms_in`].
    pub fn each_term_in<'m>(self, m: &'m Member, mut f: impl FnMut(std::borrow::Cow<'m, str>)) {
        use std::borrow::Cow;
        match self {
            Tax::Departments => m.department.iter().for_each(|d| f(Cow::Borrowed(d))),
            Tax::Skills => m.skills.iter().for_each(|s| f(Cow::Borrowed(s))),
            Tax::Cohorts => f(Cow::Owned(m.left.year().to_string())),
        }
    }
}

/// One content file: its identity, front matter and body.
#[derive(Debug, Clone)]
pub struct Doc<F> {
    /// The `@/` link key: path under `content/` (`members/yamada-taro.md`).
    pub key: Arc<str>,
    /// Path relative to the site root, for messages (`content/members/yamada-taro.md`).
    pub path: Arc<Path>,
    pub slug: Arc<str>,
    /// The language the file is written in (`foo.en.md` is `en`; a file
    /// without a language part is in the site's default language).
    pub lang: Arc<str>,
    /// The key of the default-language version this file translates
    /// (`members/foo.md` for `members/foo.en.md`); its own key otherwise.
    /// All versions of a document share it.
    pub group: Arc<str>,
    /// The front matter (shared, like `body`: a copy of a site shares it
    /// until a document is changed).
    pub front: Arc<F>,
    /// Markdown source of the body (shared: `serve` copies sites cheaply).
    pub body: Arc<str>,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// The body rendered to sanitised HTML (empty until the Markdown stage).
    pub html: Arc<str>,
}

/// Runs `$body` once for each kind of document a [`Site`] lists, with
/// `$docs` bound to that list (`&site.members`, …) and `$section` to its
/// [`Section`]: the one place that names every list, so that code over all
/// documents is written once. `for_each_kind!(mut site, …)` binds `&mut`
/// lists; `for_each_kind!(mut into, from, |mine, theirs, section| …)` goes
/// over two sites side by side, the first's lists `&mut`, the second's `&`
/// (`&mut` when written `mut`).
/// (The programme, one document, is not a list.)
#[macro_export]
macro_rules! for_each_kind {
    (mut $into:expr, mut $from:expr, |$mine:ident, $theirs:ident, $section:pat_param| $body:expr) => {{
        let (into, from) = (&mut $into, &mut $from);
        $crate::for_each_kind!(@lists [into (&mut) $mine, from (&mut) $theirs], $section, $body)
    }};
    (mut $into:expr, $from:expr, |$mine:ident, $theirs:ident, $section:pat_param| $body:expr) => {{
        let (into, from) = (&mut $into, &$from);
        $crate::for_each_kind!(@lists [into (&mut) $mine, from (&) $theirs], $section, $body)
    }};
    (mut $site:expr, |$docs:ident, $section:pat_param| $body:expr) => {{
        let site = &mut $site;
        $crate::for_each_kind!(@lists [site (&mut) $docs], $section, $body)
    }};
    ($site:expr, |$docs:ident, $section:pat_param| $body:expr) => {{
        let site = &$site;
        $crate::for_each_kind!(@lists [site (&) $docs], $section, $body)
    }};
    (@lists [$($site:ident ($($by:tt)*) $docs:ident),+], $section:pat_param, $body:expr) => {{
        use $crate::content::Section as S;
        { let ($($docs,)+ $section) = ($($($by)* $site.members,)+ S::Members); $body; }
        { let ($($docs,)+ $section) = ($($($by)* $site.stories,)+ S::Stories); $body; }
        { let ($($docs,)+ $section) = ($($($by)* $site.events,)+ S::Events); $body; }
        { let ($($docs,)+ $section) = ($($($by)* $site.jobs,)+ S::Jobs); $body; }
        { let ($($docs,)+ $section) = ($($($by)* $site.news,)+ S::News); $body; }
        { let ($($docs,)+ $section) = ($($($by)* $site.pages,)+ S::Pages); $body; }
    }};
}

/// Everything under `content/`, as loaded, before the privacy gate.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub programme: Option<Doc<Programme>>,
    /// `_index.<lang>.md`: the landing text in the site's other languages.
    pub programme_translations: Vec<Doc<Programme>>,
    pub members: Vec<Doc<Member>>,
    pub stories: Vec<Doc<Story>>,
    pub events: Vec<Doc<Event>>,
    pub jobs: Vec<Doc<Job>>,
    pub news: Vec<Doc<News>>,
    pub pages: Vec<Doc<Page>>,
}

impl<F> Doc<F> {
    /// Whether this is a translation (not the default-language version).
    pub fn is_translation(&self) -> bool {
        self.key != self.group
    }
}

impl Site {
    /// A copy of this site: each document's fields are shared values, so
    /// this copies the lists and counts references, on all threads (a
    /// stage that takes a site for its own copies it, beside a stage that
    /// reads the same site).
    pub fn copy(&self) -> Site {
        use rayon::prelude::*;
        let mut copy = Site {
            programme: self.programme.clone(),
            programme_translations: self.programme_translations.clone(),
            ..Site::default()
        };
        crate::for_each_kind!(mut copy, *self, |mine, theirs, _| *mine =
            theirs.par_iter().with_max_len(256).cloned().collect());
        copy
    }

    /// Every document's key with its section, slug and language.
    pub fn keys_with_lang(&self) -> impl Iterator<Item = (&str, Section, &str, &str)> {
        let mut all = Vec::new();
        crate::for_each_kind!(self, |docs, section| all.extend(
            docs.iter()
                .map(|d| { (d.key.as_ref(), section, d.slug.as_ref(), d.lang.as_ref()) })
        ));
        all.into_iter()
    }

    /// How many documents `section` has.
    pub fn len(&self, section: Section) -> usize {
        let mut len = 0;
        crate::for_each_kind!(self, |docs, kind| if kind == section {
            len = docs.len()
        });
        len
    }

    /// Every document's key with its section and slug, for link resolution.
    pub fn keys(&self) -> impl Iterator<Item = (&str, Section, &str)> {
        self.keys_with_lang()
            .map(|(key, section, slug, _)| (key, section, slug))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_output_paths_of_documents() {
        assert_eq!(
            Section::Members.url_in("", "sato-hanako"),
            "/members/sato-hanako/"
        );
        assert_eq!(
            Section::Stories.url_in("/alumni/en", "山田 太郎"),
            "/alumni/en/stories/%E5%B1%B1%E7%94%B0%20%E5%A4%AA%E9%83%8E/"
        );
        assert_eq!(Section::Pages.url_in("/en", "faq"), "/en/faq/");
        assert_eq!(Section::Pages.url_of("faq"), "/faq/");
        assert_eq!(
            Section::Members.output_path_of("sato-hanako"),
            "members/sato-hanako/index.html"
        );
        assert_eq!(
            Section::News.output_path_in("/en", "山田"),
            "en/news/山田/index.html"
        );
        assert_eq!(Section::Pages.output_path_in("", "faq"), "faq/index.html");
    }
}

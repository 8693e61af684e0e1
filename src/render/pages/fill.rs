//! Rendering one page: its Tera context, its metadata and its JSON-LD.

use serde_json::Value as Json;
use tera::{Context, Value};

use super::pager::in_two;
use super::versions::LangUrl;
use super::{Bodies, Plan, Task};
use crate::content::{Doc, Member, STATS, Section, Site, Tax};
use crate::diagnostics::Diagnostic;
use crate::render::cards::{self, page_view};
use crate::render::text::excerpt;
use crate::render::{Contents, OutputFile, jsonld, template_error};
use crate::theme::contexts::{
    Directory, Events, FreePage, InitialPage, Jobs, Landing, MemberPage, NewsList, NotFound, Page,
    PageContext, Stats, Stories, TaxonomyPage, TermPage,
};
use crate::theme::view::{Alternate, Heading, MemberView, Meta, Pager, Translation};

/// `hreflang` links of a page with versions in several languages (absolute
/// URLs), and `x-default` for the default language's; none for a page in
/// one language.
pub(super) fn alternates(
    config: &crate::config::Config,
    default: &str,
    versions: &[LangUrl],
) -> Vec<Alternate> {
    let existing: Vec<(&str, &String)> = versions
        .iter()
        .filter_map(|v| Some((v.lang, v.url.as_ref()?)))
        .collect();
    if existing.len() < 2 {
        return Vec::new();
    }
    let mut links: Vec<Alternate> = existing
        .iter()
        .map(|(lang, url)| Alternate {
            hreflang: lang.to_string(),
            href: config.absolute(url),
        })
        .collect();
    if let Some((_, url)) = existing.iter().find(|(lang, _)| *lang == default) {
        links.push(Alternate {
            hreflang: "x-default".into(),
            href: config.absolute(url),
        });
    }
    links
}

/// Length of a description made from a page's text.
const DESCRIPTION_CHARS: usize = 120;

/// Which part of the site a page is in, for its navigation: `meta.section`
/// and the header's `here`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Here {
    Home,
    Section(Section),
    Taxonomy(Tax),
    Stats,
    NotFound,
}

impl Here {
    fn of(task: Task) -> Here {
        match task {
            Task::Landing => Here::Home,
            Task::List(section) | Task::Doc(section, _) => Here::Section(section),
            Task::ListPage(section, _) => Here::Section(section),
            Task::Initial(_) => Here::Section(Section::Members),
            Task::Taxonomy(tax)
            | Task::TaxonomyPage(tax, _)
            | Task::Term(tax, _)
            | Task::TermPage(tax, ..) => Here::Taxonomy(tax),
            Task::Stats => Here::Stats,
            Task::NotFound => Here::NotFound,
        }
    }

    /// Its name, as `meta.section` gives it (docs/templates.md).
    fn name(self) -> &'static str {
        match self {
            Here::Home => "home",
            Here::Section(Section::Pages) => "page",
            Here::Section(section) => section.dir(),
            Here::Taxonomy(tax) => tax.name(),
            Here::Stats => STATS,
            Here::NotFound => "404",
        }
    }
}

/// What a page says about itself, beside its context.
pub(super) struct PageInfo<'s> {
    pub(super) template: &'static str,
    title: &'s str,
    description: Option<String>,
    /// Site-absolute URL of an image for link previews.
    pub(super) image: Option<String>,
    json_ld: Json,
}

impl<'s> PageInfo<'s> {
    pub(super) fn new(template: &'static str, title: &'s str, json_ld: Json) -> Self {
        PageInfo {
            template,
            title,
            description: None,
            image: None,
            json_ld,
        }
    }

    pub(super) fn describe(mut self, description: Option<&str>, html: &str) -> Self {
        self.description = match description {
            Some(d) => Some(d.to_string()),
            None => Some(excerpt(html, DESCRIPTION_CHARS)).filter(|d| !d.is_empty()),
        };
        self
    }
}

impl<'a> Plan<'a> {
    /// Renders one page.
    pub fn render(&self, task: &Task) -> Result<OutputFile, Diagnostic> {
        self.render_with(task, &Bodies::new())
    }

    /// Renders one page, members' bodies taken from `bodies` where it has them.
    pub fn render_with(&self, task: &Task, bodies: &Bodies) -> Result<OutputFile, Diagnostic> {
        let task = *task;
        let url = self.url_of(task);
        let c = self.config;
        let permalink = c.absolute(&url);
        let (info, page) = self.fill(task, &permalink, bodies);
        let here = Here::of(task);
        let footer_page = matches!(task, Task::Doc(Section::Pages, _)).then_some(url.as_str());
        let chrome = self.chrome(here, footer_page, &url)?;
        let untranslated = self.is_fallback(task);
        let versions = self.versions_of(task);
        let lang = self.edition.lang();
        let default = &self.config.language;
        let canonical = match versions.iter().find(|v| v.lang == default) {
            Some(v) if untranslated => v.url.as_ref().map(|u| c.absolute(u)),
            _ => None,
        };
        let meta = Meta {
            title: info.title,
            url: url.clone(),
            canonical: canonical.unwrap_or_else(|| permalink.clone()),
            content_lang: if untranslated { default } else { lang },
            untranslated,
            translations: self.translations(&versions, &url),
            alternates: if untranslated {
                Vec::new()
            } else {
                alternates(c, default, &versions)
            },
            permalink,
            description: info.description.or_else(|| self.config.description.clone()),
            section: here.name(),
            image: info.image.map(|i| c.absolute(&i)),
            json_ld: jsonld::script(&jsonld::in_language(
                info.json_ld,
                if untranslated { default } else { lang },
            )),
        };
        let ctx = Context::from_serialize(&PageContext {
            site: self.site_value.clone(),
            t: self.strings_value.clone(),
            chrome,
            meta,
            page,
        })
        .map_err(|e| template_error(info.template, &url, &e))?;
        // Rendered straight into bytes: the templates and values are UTF-8
        // already, and a String would validate every page again.
        // Sized for the page: a list grows by about a kilobyte per card,
        // and growing a list of thousands copies it again and again.
        let mut html = Vec::with_capacity(16 * 1024 + self.weight(task) * 1024);
        self.input
            .theme
            .tera
            .render_to(info.template, &ctx, &mut html)
            .map_err(|e| template_error(info.template, &url, &e))?;
        Ok(OutputFile {
            path: self.path_of(task),
            contents: Contents::Bytes(html),
        })
    }

    /// `chrome.header` and `chrome.footer`: the theme's `site_header` and
    /// `site_footer` components, the same on every page of a section (and
    /// every page not in the footer's menu), so rendered once for each
    /// (`footer_page` is the page's URL when it is in that menu). Only a
    /// theme whose `base.html` does not use `chrome` may lack them (they
    /// are then empty strings); `theme::check_chrome` refuses the rest.
    fn chrome(
        &self,
        here: Here,
        footer_page: Option<&str>,
        url: &str,
    ) -> Result<Value, Diagnostic> {
        let key = (here, footer_page.map(str::to_string));
        let made = || self.chrome.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(value) = made().get(&key) {
            return Ok(value.clone());
        }
        let tera = &self.input.theme.tera;
        let mut implicits = Context::new();
        implicits.insert_value("site", self.site_value.clone());
        implicits.insert_value("t", self.strings_value.clone());
        let render =
            |component: &str, arg: &'static str, value: Value| -> Result<Value, Diagnostic> {
                if !tera.contains_component(component) {
                    return Ok(Value::from(""));
                }
                let mut args = Context::new();
                args.insert_value(arg, value);
                tera.render_component_with_implicits(component, &args, &implicits, None, true)
                    .map(Value::from)
                    .map_err(|e| template_error("components.html", url, &e))
            };
        let current = footer_page.map_or_else(Value::none, Value::from);
        let chrome: tera::Map = [
            (
                "header",
                render("site_header", "here", Value::from(here.name()))?,
            ),
            ("footer", render("site_footer", "current", current)?),
        ]
        .into_iter()
        .map(|(k, v)| (k.into(), v))
        .collect();
        Ok(made().entry(key).or_insert(Value::from(chrome)).clone())
    }

    /// `index_html`: the index by initial of the list whose first page is
    /// `first` and whose headings are `headings`, as the theme's
    /// `initial_index` component writes it. It is the same on every page of
    /// the list, so it is rendered once for all of them; none for a list of
    /// one page (which shows no index) or a theme without the component,
    /// and none where the component fails: the template then calls it
    /// itself and the error is reported at its line.
    fn index_html(&self, first: &str, headings: &[Heading], pager: &Pager) -> Value {
        let tera = &self.input.theme.tera;
        if pager.count < 2 || headings.is_empty() || !tera.contains_component("initial_index") {
            return Value::none();
        }
        let made = || self.index_html.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(value) = made().get(first) {
            return value.clone();
        }
        let mut implicits = Context::new();
        implicits.insert_value("site", self.site_value.clone());
        implicits.insert_value("t", self.strings_value.clone());
        let mut args = Context::new();
        args.insert("initials", headings);
        match tera.render_component_with_implicits("initial_index", &args, &implicits, None, true) {
            Ok(html) => made()
                .entry(first.to_string())
                .or_insert(Value::from(html))
                .clone(),
            Err(_) => Value::none(),
        }
    }

    /// The page in each language, for a language switcher: its version,
    /// else that language's home.
    fn translations(&self, versions: &[LangUrl<'a>], url: &str) -> Vec<Translation<'a>> {
        let theme = self.input.theme;
        versions
            .iter()
            .zip(self.input.editions)
            .map(|(v, e)| {
                let current = v.lang == self.edition.lang();
                Translation {
                    code: v.lang,
                    name: theme.string_in(v.lang, "language_name"),
                    url: if current {
                        url.to_string()
                    } else {
                        v.url.clone().unwrap_or_else(|| format!("{}/", e.prefix()))
                    },
                    translated: current || v.url.is_some(),
                    current,
                }
            })
            .collect()
    }

    /// The page's own part of its context, and what the page is.
    fn fill<'s>(
        &'s self,
        task: Task,
        permalink: &str,
        bodies: &'s Bodies,
    ) -> (PageInfo<'s>, Page<'s>) {
        let s: &'a Site = self.site;
        let c = self.config;
        let lang = self.edition.lang();
        let t = |key: &'a str| self.input.theme.string_in(lang, key);
        let collection = |title: &str| jsonld::web_page(c, "CollectionPage", title, permalink);
        let list = |template, name| PageInfo::new(template, t(name), collection(t(name)));
        match task {
            Task::Landing => {
                let programme = self.programme_view();
                let info = PageInfo::new("index.html", programme.title, jsonld::landing(c))
                    .describe(
                        programme.description.or(c.description.as_deref()),
                        programme.content,
                    );
                let page = Page::Landing(Landing {
                    programme,
                    figures: &self.figures,
                    stories: self.story_cards(self.stories.iter().take(3)),
                    events: self.event_cards(self.upcoming.iter().take(3)),
                    jobs: self.job_cards(self.open_jobs.iter().take(5)),
                    news: self.news_cards(self.news.iter().take(3)),
                });
                (info, page)
            }
            Task::List(Section::Members) | Task::ListPage(Section::Members, _) => {
                let pager = self.list_pager(Section::Members, task.number());
                let members = &self.ix.directory[self.page_range(&pager)];
                let first = format!("{}/{}/", self.prefix(), Section::Members.dir());
                let index_html = self.index_html(&first, &self.headings, &pager);
                let page = Page::Directory(Directory {
                    members: self.card_list(members.iter()),
                    pager,
                    departments: self.taxonomy_value(Tax::Departments),
                    skills: self.taxonomy_value(Tax::Skills),
                    cohorts: self.taxonomy_value(Tax::Cohorts),
                    initials: &self.headings,
                    index_html,
                    gojuon_rows: &crate::collation::GOJUON_ROW_NAMES,
                    open_to: crate::content::kinds::OpenTo::ALL.map(|o| o.as_str()),
                });
                (list("members.html", "members"), page)
            }
            Task::List(Section::Stories) | Task::ListPage(Section::Stories, _) => {
                let pager = self.list_pager(Section::Stories, task.number());
                let stories = self.story_cards(self.stories[self.page_range(&pager)].iter());
                let page = Page::Stories(Stories { stories, pager });
                (list("stories.html", "stories"), page)
            }
            Task::List(Section::Events) | Task::ListPage(Section::Events, _) => {
                let pager = self.list_pager(Section::Events, task.number());
                let (upcoming, past) = in_two(&self.upcoming, &self.past, self.page_range(&pager));
                let page = Page::Events(Events {
                    upcoming: self.event_cards(upcoming.iter()),
                    past: self.event_cards(past.iter()),
                    pager,
                });
                (list("events.html", "events"), page)
            }
            Task::List(Section::Jobs) | Task::ListPage(Section::Jobs, _) => {
                let pager = self.list_pager(Section::Jobs, task.number());
                let range = self.page_range(&pager);
                let (open, closed) = in_two(&self.open_jobs, &self.closed_jobs, range);
                let page = Page::Jobs(Jobs {
                    open: self.job_cards(open.iter()),
                    closed: self.job_cards(closed.iter()),
                    pager,
                });
                (list("jobs.html", "jobs"), page)
            }
            Task::List(Section::News) | Task::ListPage(Section::News, _) => {
                let pager = self.list_pager(Section::News, task.number());
                let news = self.news_cards(self.news[self.page_range(&pager)].iter());
                let page = Page::NewsList(NewsList { news, pager });
                (list("news.html", "news"), page)
            }
            Task::Doc(Section::Members, i) => self.member_page(i, permalink, bodies),
            Task::Doc(Section::Stories, i) => self.article(&s.stories[i], permalink),
            Task::Doc(Section::Events, i) => self.article(&s.events[i], permalink),
            Task::Doc(Section::Jobs, i) => self.article(&s.jobs[i], permalink),
            Task::Doc(Section::News, i) => self.article(&s.news[i], permalink),
            Task::Doc(Section::Pages, i) => {
                let p = &s.pages[i];
                let json_ld = jsonld::web_page(c, "WebPage", &p.front.title, permalink);
                let info = PageInfo::new("page.html", &p.front.title, json_ld)
                    .describe(p.front.description.as_deref(), &p.html);
                let page = page_view(p, self.prefix());
                (info, Page::Page(FreePage { page }))
            }
            Task::Taxonomy(tax) | Task::TaxonomyPage(tax, _) => {
                let (taxonomy, pager) = self.taxonomy_page(tax, task.number());
                let info = list("taxonomy.html", tax.name());
                (info, Page::Taxonomy(TaxonomyPage { taxonomy, pager }))
            }
            Task::Term(tax, i) | Task::TermPage(tax, i, _) => {
                let taxonomy = self.taxonomy(tax);
                let term = &taxonomy.terms[i];
                let list = &taxonomy.members[i];
                let info = PageInfo::new("taxonomy_term.html", &term.name, collection(&term.name));
                let pager = self.pager(&term.url, task.number(), list.len(), self.config.per_page);
                let initials = self.term_headings(&term.url, list);
                let index_html = self.index_html(&term.url, &initials, &pager);
                let page = Page::Term(TermPage {
                    taxonomy: self.taxonomy_value(tax),
                    term,
                    members: self.card_list(list[self.page_range(&pager)].iter()),
                    pager,
                    initials,
                    index_html,
                    gojuon_rows: &crate::collation::GOJUON_ROW_NAMES,
                });
                (info, page)
            }
            Task::Initial(k) => {
                let title = &self.headings[k].full;
                let info = PageInfo::new("initial.html", title, collection(title));
                let page = Page::Initial(InitialPage {
                    initial: &self.headings[k],
                    initials: &self.headings,
                    gojuon_rows: &crate::collation::GOJUON_ROW_NAMES,
                    pages: self.index_pages(k),
                });
                (info, page)
            }
            Task::Stats => {
                let json_ld = jsonld::web_page(c, "WebPage", t("stats"), permalink);
                let page = Page::Stats(Stats {
                    figures: &self.figures,
                    stats: &self.stats,
                });
                (PageInfo::new("stats.html", t("stats"), json_ld), page)
            }
            // Never planned (`has_list`); a 404 page if it were.
            Task::NotFound | Task::List(Section::Pages) | Task::ListPage(Section::Pages, _) => {
                let json_ld = jsonld::web_page(c, "WebPage", t("not_found"), permalink);
                let info = PageInfo::new("404.html", t("not_found"), json_ld);
                (info, Page::NotFound(NotFound {}))
            }
        }
    }

    fn member_page<'s>(
        &'s self,
        i: usize,
        permalink: &str,
        bodies: &'s Bodies,
    ) -> (PageInfo<'s>, Page<'s>) {
        let m: &'a Doc<Member> = &self.site.members[i];
        let stories = self
            .ix
            .stories_of
            .get(&*m.slug)
            .map(|v| self.story_cards(v.iter()))
            .unwrap_or_default();
        let lang = self.edition.lang();
        let t = |key: &'static str| self.input.theme.string_in(lang, key);
        // As the theme's `year_or_date` shows a year or a date.
        let as_text = |value: String| match value.chars().count() {
            ..=4 => cards::fill_in(t("year_only"), "year", value),
            _ => crate::theme::filters::format_date(&value, lang),
        };
        let joined_display = m.front.joined.map(|j| j.to_string());
        let left_display = m.front.left.to_string();
        let view = MemberView {
            card: self.card(i).clone(),
            joined_text: joined_display.clone().map(as_text),
            left_text: as_text(left_display.clone()),
            cohort_label: cards::fill_in(t("cohort_term"), "year", m.front.left.year()),
            joined_display,
            left_display,
            links: cards::member_links(&m.front),
            email: m.front.email.as_deref(),
            content: self.member_html(i, bodies),
            stories,
            extra: &m.front.extra,
        };
        let now = [view.card.now.title, view.card.now.company]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" / ");
        let mut info = PageInfo::new(
            "member.html",
            &m.front.name,
            jsonld::profile(self.config, &view, permalink),
        )
        .describe(None, self.member_html(i, bodies));
        if !now.is_empty() {
            info.description = Some(format!(
                "{} — {}",
                now,
                info.description.unwrap_or_default()
            ));
        }
        info.image = view.card.photo.clone();
        let member = view.value(&self.cards[i].value);
        (info, Page::Member(MemberPage { member }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_names_its_section_as_docs_templates_says() {
        let named = |task| Here::of(task).name();
        assert_eq!(named(Task::Landing), "home");
        assert_eq!(named(Task::List(Section::Members)), "members");
        assert_eq!(named(Task::Doc(Section::Members, 3)), "members");
        assert_eq!(named(Task::Doc(Section::News, 0)), "news");
        assert_eq!(named(Task::Doc(Section::Pages, 0)), "page");
        assert_eq!(named(Task::Taxonomy(Tax::Cohorts)), "cohorts");
        assert_eq!(named(Task::Term(Tax::Departments, 2)), "departments");
        assert_eq!(named(Task::Stats), "stats");
        assert_eq!(named(Task::ListPage(Section::Members, 2)), "members");
        assert_eq!(named(Task::ListPage(Section::Events, 3)), "events");
        assert_eq!(named(Task::Initial(0)), "members");
        assert_eq!(named(Task::TermPage(Tax::Skills, 1, 3)), "skills");
        assert_eq!(named(Task::NotFound), "404");
    }
}

//! Rendering one page: its Tera context, its metadata and its JSON-LD.

use serde_json::Value as Json;
use tera::{Context, Value};

use super::versions::LangUrl;
use super::{Plan, Task};
use crate::content::{Section, Tax};
use crate::diagnostics::Diagnostic;
use crate::render::cards::{self, event_card, job_card, news_card, page_view, story_card};
use crate::render::text::excerpt;
use crate::render::{Contents, OutputFile, jsonld, template_error};
use crate::theme::view::{
    Alternate, EventView, JobView, MemberView, Meta, NewsView, StoryView, Translation,
};

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

/// What a page says about itself, beside its context.
struct PageInfo<'s> {
    template: &'static str,
    title: &'s str,
    description: Option<String>,
    section: &'static str,
    /// Site-absolute URL of an image for link previews.
    image: Option<String>,
    json_ld: Json,
}

impl<'s> PageInfo<'s> {
    fn new(template: &'static str, title: &'s str, section: &'static str, json_ld: Json) -> Self {
        PageInfo {
            template,
            title,
            description: None,
            section,
            image: None,
            json_ld,
        }
    }

    fn describe(mut self, description: Option<&str>, html: &str) -> Self {
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
        let task = *task;
        let url = self.url_of(task);
        let c = self.config;
        let permalink = c.absolute(&url);
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert_value("t", self.strings_value.clone());
        let info = self.fill(task, &permalink, &mut ctx);
        let footer_page = matches!(task, Task::Doc(Section::Pages, _)).then_some(url.as_str());
        ctx.insert_value("chrome", self.chrome(info.section, footer_page, &url)?);
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
            section: info.section,
            image: info.image.map(|i| c.absolute(&i)),
            json_ld: jsonld::script(&jsonld::in_language(
                info.json_ld,
                if untranslated { default } else { lang },
            )),
        };
        ctx.insert("meta", &meta);
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
        here: &'static str,
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
            ("header", render("site_header", "here", Value::from(here))?),
            ("footer", render("site_footer", "current", current)?),
        ]
        .into_iter()
        .map(|(k, v)| (k.into(), v))
        .collect();
        Ok(made().entry(key).or_insert(Value::from(chrome)).clone())
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

    /// Puts the page's own data in `ctx` and says what the page is.
    fn fill<'s>(&'s self, task: Task, permalink: &str, ctx: &mut Context) -> PageInfo<'s> {
        let s = self.site;
        let c = self.config;
        let lang = self.edition.lang();
        let t = |key: &'s str| self.input.theme.string_in(lang, key);
        let collection = |title: &str| jsonld::web_page(c, "CollectionPage", title, permalink);
        match task {
            Task::Landing => {
                let programme = self.programme_view();
                ctx.insert("programme", &programme);
                ctx.insert("figures", &self.figures);
                ctx.insert("stories", &self.story_cards(self.stories.iter().take(3)));
                ctx.insert("events", &self.event_cards(self.upcoming.iter().take(3)));
                ctx.insert("jobs", &self.job_cards(self.open_jobs.iter().take(5)));
                ctx.insert("news", &self.news_cards(self.news.iter().take(3)));
                PageInfo::new("index.html", programme.title, "home", jsonld::landing(c)).describe(
                    programme.description.or(c.description.as_deref()),
                    programme.content,
                )
            }
            Task::List(Section::Members) => {
                ctx.insert_value("members", self.card_list(self.ix.directory.iter()));
                ctx.insert_value("departments", self.taxonomy_value(Tax::Departments));
                ctx.insert_value("skills", self.taxonomy_value(Tax::Skills));
                ctx.insert_value("cohorts", self.taxonomy_value(Tax::Cohorts));
                ctx.insert("initials", &self.ix.initials);
                ctx.insert("gojuon_rows", &crate::collation::GOJUON_ROW_NAMES);
                let open_to = crate::content::kinds::OpenTo::ALL.map(|o| o.as_str());
                ctx.insert("open_to", &open_to);
                PageInfo::new(
                    "members.html",
                    t("members"),
                    "members",
                    collection(t("members")),
                )
            }
            Task::Doc(Section::Members, i) => self.member_page(i, permalink, ctx),
            Task::List(Section::Stories) => {
                ctx.insert("stories", &self.story_cards(self.stories.iter()));
                PageInfo::new(
                    "stories.html",
                    t("stories"),
                    "stories",
                    collection(t("stories")),
                )
            }
            Task::Doc(Section::Stories, i) => {
                let st = &s.stories[i];
                let members = st
                    .front
                    .members
                    .iter()
                    .filter_map(|slug| self.ix.member_by_slug.get(slug));
                let view = StoryView {
                    card: story_card(st, self.input.assets, self.prefix()),
                    content: &st.html,
                    members: members.map(|&j| self.members[j].clone()).collect(),
                    extra: &st.front.extra,
                };
                let mut info = PageInfo::new(
                    "story.html",
                    &st.front.title,
                    "stories",
                    jsonld::story(c, &view, permalink),
                )
                .describe(st.front.summary.as_deref(), &st.html);
                info.image = view.card.cover.clone();
                ctx.insert("story", &view);
                info
            }
            Task::List(Section::Events) => {
                ctx.insert("upcoming", &self.event_cards(self.upcoming.iter()));
                ctx.insert("past", &self.event_cards(self.past.iter()));
                PageInfo::new(
                    "events.html",
                    t("events"),
                    "events",
                    collection(t("events")),
                )
            }
            Task::Doc(Section::Events, i) => {
                let e = &s.events[i];
                let view = EventView {
                    card: event_card(e, self.now, c, self.prefix()),
                    content: &e.html,
                    extra: &e.front.extra,
                };
                let info = PageInfo::new(
                    "event.html",
                    &e.front.title,
                    "events",
                    jsonld::event(c, &view, permalink),
                )
                .describe(e.front.summary.as_deref(), &e.html);
                ctx.insert("event", &view);
                info
            }
            Task::List(Section::Jobs) => {
                ctx.insert("open", &self.job_cards(self.open_jobs.iter()));
                ctx.insert("closed", &self.job_cards(self.closed_jobs.iter()));
                PageInfo::new("jobs.html", t("jobs"), "jobs", collection(t("jobs")))
            }
            Task::Doc(Section::Jobs, i) => {
                let j = &s.jobs[i];
                let view = JobView {
                    card: job_card(j, self.today, self.prefix()),
                    content: &j.html,
                    extra: &j.front.extra,
                };
                let info = PageInfo::new(
                    "job.html",
                    &j.front.title,
                    "jobs",
                    jsonld::job(c, &view, permalink),
                )
                .describe(j.front.summary.as_deref(), &j.html);
                ctx.insert("job", &view);
                info
            }
            Task::List(Section::News) => {
                ctx.insert("news", &self.news_cards(self.news.iter()));
                PageInfo::new("news.html", t("news"), "news", collection(t("news")))
            }
            Task::Doc(Section::News, i) => {
                let n = &s.news[i];
                let view = NewsView {
                    card: news_card(n, self.prefix()),
                    content: &n.html,
                    extra: &n.front.extra,
                };
                let info = PageInfo::new(
                    "news_item.html",
                    &n.front.title,
                    "news",
                    jsonld::news(c, &view, permalink),
                )
                .describe(n.front.summary.as_deref(), &n.html);
                ctx.insert("news", &view);
                info
            }
            Task::Doc(Section::Pages, i) => {
                let p = &s.pages[i];
                ctx.insert("page", &page_view(p, self.prefix()));
                PageInfo::new(
                    "page.html",
                    &p.front.title,
                    "page",
                    jsonld::web_page(c, "WebPage", &p.front.title, permalink),
                )
                .describe(p.front.description.as_deref(), &p.html)
            }
            Task::Taxonomy(tax) => {
                let view = self.taxonomy_view(tax);
                ctx.insert("taxonomy", &view);
                PageInfo::new(
                    "taxonomy.html",
                    t(view.name),
                    view.name,
                    collection(t(view.name)),
                )
            }
            Task::Term(tax, i) => {
                let taxonomy = self.taxonomy(tax);
                let term = &taxonomy.terms[i];
                ctx.insert_value("taxonomy", self.taxonomy_value(tax));
                ctx.insert("term", term);
                ctx.insert_value("members", self.card_list(taxonomy.members[i].iter()));
                PageInfo::new(
                    "taxonomy_term.html",
                    &term.name,
                    taxonomy.name,
                    collection(&term.name),
                )
            }
            Task::Stats => {
                ctx.insert("figures", &self.figures);
                ctx.insert("stats", &self.stats);
                PageInfo::new(
                    "stats.html",
                    t("stats"),
                    "stats",
                    jsonld::web_page(c, "WebPage", t("stats"), permalink),
                )
            }
            // Never planned (`has_list`); a 404 page if it were.
            Task::NotFound | Task::List(Section::Pages) => PageInfo::new(
                "404.html",
                t("not_found"),
                "404",
                jsonld::web_page(c, "WebPage", t("not_found"), permalink),
            ),
        }
    }

    fn member_page<'s>(&'s self, i: usize, permalink: &str, ctx: &mut Context) -> PageInfo<'s> {
        let m = &self.site.members[i];
        let stories = self
            .ix
            .stories_of
            .get(&m.slug)
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
            card: self.members[i].clone(),
            joined_text: joined_display.clone().map(as_text),
            left_text: as_text(left_display.clone()),
            cohort_label: cards::fill_in(t("cohort_term"), "year", m.front.left.year()),
            joined_display,
            left_display,
            links: cards::member_links(&m.front),
            email: m.front.email.as_deref(),
            content: self.member_html(i),
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
            "members",
            jsonld::profile(self.config, &view, permalink),
        )
        .describe(None, self.member_html(i));
        if !now.is_empty() {
            info.description = Some(format!(
                "{} — {}",
                now,
                info.description.unwrap_or_default()
            ));
        }
        info.image = view.card.photo.clone();
        ctx.insert_value("member", view.value(&self.card_values[i]));
        info
    }
}

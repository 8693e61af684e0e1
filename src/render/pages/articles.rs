//! The pages of stories, events, jobs and news: each its card, its body
//! and its `extra` fields, made by one path; [`Article`] is what differs.

use serde_json::Value as Json;

use super::Plan;
use super::fill::PageInfo;
use crate::config::Config;
use crate::content::{Doc, Event, Job, News, Story};
use crate::render::cards::{event_card, job_card, news_card, story_card};
use crate::render::jsonld;
use crate::theme::contexts::{EventPage, JobPage, NewsPage, Page, StoryPage};
use crate::theme::view::{EventView, JobView, NewsView, StoryView};

/// A kind whose page shows one document as its card with its body.
pub(super) trait Article: Sized + 'static {
    /// The template of its page.
    const TEMPLATE: &'static str;
    /// What its template sees of it.
    type View<'a>;

    fn title(&self) -> &str;
    /// The summary written in its front matter.
    fn summary(&self) -> Option<&str>;
    fn view<'a>(plan: &Plan<'a>, doc: &'a Doc<Self>) -> Self::View<'a>;
    fn json_ld(c: &Config, view: &Self::View<'_>, permalink: &str) -> Json;
    /// The image of link previews, if it has one.
    fn image(_view: &Self::View<'_>) -> Option<String> {
        None
    }
    /// Its template's own part of the context.
    fn page<'a>(view: Self::View<'a>) -> Page<'a>;
}

impl<'a> Plan<'a> {
    /// The page of `doc`, a story, an event, a job or a news item.
    pub(super) fn article<K: Article>(
        &self,
        doc: &'a Doc<K>,
        permalink: &str,
    ) -> (PageInfo<'a>, Page<'a>) {
        let view = K::view(self, doc);
        let mut info = PageInfo::new(
            K::TEMPLATE,
            doc.front.title(),
            K::json_ld(self.config, &view, permalink),
        )
        .describe(doc.front.summary(), &doc.html);
        info.image = K::image(&view);
        (info, K::page(view))
    }
}

impl Article for Story {
    const TEMPLATE: &'static str = "story.html";
    type View<'a> = StoryView<'a>;

    fn title(&self) -> &str {
        &self.title
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn view<'a>(plan: &Plan<'a>, doc: &'a Doc<Self>) -> StoryView<'a> {
        let members = doc
            .front
            .members
            .iter()
            .filter_map(|slug| plan.ix.member_by_slug.get(slug));
        StoryView {
            card: story_card(doc, plan.input.assets, plan.prefix()),
            content: &doc.html,
            members: members.map(|&j| plan.card(j).clone()).collect(),
            extra: &doc.front.extra,
        }
    }
    fn json_ld(c: &Config, view: &StoryView, permalink: &str) -> Json {
        jsonld::story(c, view, permalink)
    }
    fn image(view: &StoryView) -> Option<String> {
        view.card.cover.clone()
    }
    fn page<'a>(story: Self::View<'a>) -> Page<'a> {
        Page::Story(StoryPage { story })
    }
}

impl Article for Event {
    const TEMPLATE: &'static str = "event.html";
    type View<'a> = EventView<'a>;

    fn title(&self) -> &str {
        &self.title
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn view<'a>(plan: &Plan<'a>, doc: &'a Doc<Self>) -> EventView<'a> {
        EventView {
            card: event_card(doc, plan.now, plan.config, plan.prefix()),
            content: &doc.html,
            extra: &doc.front.extra,
        }
    }
    fn json_ld(c: &Config, view: &EventView, permalink: &str) -> Json {
        jsonld::event(c, view, permalink)
    }
    fn page<'a>(event: Self::View<'a>) -> Page<'a> {
        Page::Event(EventPage { event })
    }
}

impl Article for Job {
    const TEMPLATE: &'static str = "job.html";
    type View<'a> = JobView<'a>;

    fn title(&self) -> &str {
        &self.title
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn view<'a>(plan: &Plan<'a>, doc: &'a Doc<Self>) -> JobView<'a> {
        JobView {
            card: job_card(doc, plan.today, plan.prefix()),
            content: &doc.html,
            extra: &doc.front.extra,
        }
    }
    fn json_ld(c: &Config, view: &JobView, permalink: &str) -> Json {
        jsonld::job(c, view, permalink)
    }
    fn page<'a>(job: Self::View<'a>) -> Page<'a> {
        Page::Job(JobPage { job })
    }
}

impl Article for News {
    const TEMPLATE: &'static str = "news_item.html";
    type View<'a> = NewsView<'a>;

    fn title(&self) -> &str {
        &self.title
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn view<'a>(plan: &Plan<'a>, doc: &'a Doc<Self>) -> NewsView<'a> {
        NewsView {
            card: news_card(doc, plan.prefix()),
            content: &doc.html,
            extra: &doc.front.extra,
        }
    }
    fn json_ld(c: &Config, view: &NewsView, permalink: &str) -> Json {
        jsonld::news(c, view, permalink)
    }
    fn page<'a>(news: Self::View<'a>) -> Page<'a> {
        Page::News(NewsPage { news })
    }
}

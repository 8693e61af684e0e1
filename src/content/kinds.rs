//! The front matter of each content kind, as SPEC.md lists it.
//!
//! Unknown fields are errors (`deny_unknown_fields`); free-form data goes
//! under `extra:`. Enumerations are closed, so a typo in `visibility` or
//! `open_to` is an error with a suggestion, not a silent default.

use serde::Deserialize;
use serde_json::Value;

use super::dates::{Day, EventTime, YearOrDate};
use super::url::ExternalUrl;

/// Who a profile is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    Public,
    Members,
    Hidden,
}

/// Who a story, event or news item is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    Public,
    Members,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::Members => "members",
        }
    }
}

/// What a member is open to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OpenTo {
    Rehire,
    Mentoring,
    Partnership,
    Ambassador,
    Customer,
    Speaking,
    Survey,
}

impl OpenTo {
    pub fn as_str(self) -> &'static str {
        match self {
            OpenTo::Rehire => "rehire",
            OpenTo::Mentoring => "mentoring",
            OpenTo::Partnership => "partnership",
            OpenTo::Ambassador => "ambassador",
            OpenTo::Customer => "customer",
            OpenTo::Speaking => "speaking",
            OpenTo::Survey => "survey",
        }
    }
}

/// What a story is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoryKind {
    Rehire,
    Partner,
    Ambassador,
    Customer,
    Founder,
    Feedback,
    Network,
}

impl StoryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StoryKind::Rehire => "rehire",
            StoryKind::Partner => "partner",
            StoryKind::Ambassador => "ambassador",
            StoryKind::Customer => "customer",
            StoryKind::Founder => "founder",
            StoryKind::Feedback => "feedback",
            StoryKind::Network => "network",
        }
    }
}

fn empty_map() -> Value {
    Value::Object(Default::default())
}

/// `content/_index.md`: the programme landing page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    pub title: String,
    pub description: Option<String>,
    /// Names in this document that belong to someone else than a member of
    /// the same name whom the build does not show (docs/content.md).
    #[serde(default)]
    pub homonyms: Vec<String>,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

/// What a member does now.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Now {
    pub company: Option<String>,
    pub title: Option<String>,
    pub industry: Option<String>,
}

/// A member's links, shown in this order.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Links {
    pub linkedin: Option<ExternalUrl>,
    pub website: Option<ExternalUrl>,
    pub x: Option<ExternalUrl>,
    pub github: Option<ExternalUrl>,
}

/// `content/members/*.md`; the body is the bio.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    pub name_reading: Option<String>,
    pub slug: Option<String>,
    pub photo: Option<String>,
    #[serde(default)]
    pub show_photo: bool,
    pub joined: Option<YearOrDate>,
    pub left: YearOrDate,
    pub department: Option<String>,
    pub role: Option<String>,
    #[serde(default)]
    pub now: Now,
    pub location: Option<String>,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub open_to: Vec<OpenTo>,
    pub returned: Option<YearOrDate>,
    #[serde(default)]
    pub links: Links,
    pub email: Option<String>,
    #[serde(default)]
    pub show_email: bool,
    pub visibility: Option<Visibility>,
    pub consent: Option<Day>,
    pub withdrawn: Option<Day>,
    /// When the content last changed meaningfully (sitemap `lastmod`, feeds).
    pub updated: Option<Day>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

/// `content/stories/*.md`: a case study.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    pub title: String,
    pub date: Day,
    pub kind: Option<StoryKind>,
    /// Slugs of the members the story names.
    #[serde(default)]
    pub members: Vec<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub cover: Option<String>,
    #[serde(default)]
    pub audience: Audience,
    pub slug: Option<String>,
    /// When the content last changed meaningfully (sitemap `lastmod`, feeds).
    pub updated: Option<Day>,
    #[serde(default)]
    pub draft: bool,
    /// Names in this document that belong to someone else than a member of
    /// the same name whom the build does not show (docs/content.md).
    #[serde(default)]
    pub homonyms: Vec<String>,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

/// `content/events/*.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub title: String,
    pub start: EventTime,
    pub end: Option<EventTime>,
    pub location: Option<String>,
    pub online: Option<ExternalUrl>,
    pub register: Option<ExternalUrl>,
    pub summary: Option<String>,
    #[serde(default)]
    pub audience: Audience,
    pub slug: Option<String>,
    /// When the content last changed meaningfully (sitemap `lastmod`, feeds).
    pub updated: Option<Day>,
    #[serde(default)]
    pub draft: bool,
    /// Names in this document that belong to someone else than a member of
    /// the same name whom the build does not show (docs/content.md).
    #[serde(default)]
    pub homonyms: Vec<String>,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

/// `content/jobs/*.md`: a job open to alumni.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Job {
    pub title: String,
    pub department: Option<String>,
    pub location: Option<String>,
    pub employment_type: Option<String>,
    pub posted: Option<Day>,
    pub closes: Option<Day>,
    pub apply: Option<ExternalUrl>,
    #[serde(default)]
    pub returners_only: bool,
    pub summary: Option<String>,
    pub slug: Option<String>,
    /// When the content last changed meaningfully (sitemap `lastmod`, feeds).
    pub updated: Option<Day>,
    #[serde(default)]
    pub draft: bool,
    /// Names in this document that belong to someone else than a member of
    /// the same name whom the build does not show (docs/content.md).
    #[serde(default)]
    pub homonyms: Vec<String>,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

/// `content/news/*.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct News {
    pub title: String,
    pub date: Day,
    pub summary: Option<String>,
    #[serde(default)]
    pub audience: Audience,
    pub slug: Option<String>,
    /// When the content last changed meaningfully (sitemap `lastmod`, feeds).
    pub updated: Option<Day>,
    #[serde(default)]
    pub draft: bool,
    /// Names in this document that belong to someone else than a member of
    /// the same name whom the build does not show (docs/content.md).
    #[serde(default)]
    pub homonyms: Vec<String>,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

/// `content/pages/*.md`: a free page at `/<slug>/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub title: String,
    pub description: Option<String>,
    pub slug: Option<String>,
    /// When the content last changed meaningfully (sitemap `lastmod`, feeds).
    pub updated: Option<Day>,
    #[serde(default)]
    pub draft: bool,
    /// Names in this document that belong to someone else than a member of
    /// the same name whom the build does not show (docs/content.md).
    #[serde(default)]
    pub homonyms: Vec<String>,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

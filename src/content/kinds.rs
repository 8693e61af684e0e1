//! The front matter of each content kind, as docs/content.md lists it.
//!
//! Unknown fields are errors (`deny_unknown_fields`); free-form data goes
//! under `extra:`. Enumerations are closed, so a typo in `visibility` or
//! `open_to` is an error with a suggestion, not a silent default. The
//! fields that decide who sees a document (`withdrawn`, `visibility`,
//! `consent`, `audience`, `draft`) fail closed: written without a value
//! (`withdrawn:` or `withdrawn: ~`) they are an error, never the default.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, de};
use serde_json::Value;

use super::dates::{Day, EventTime, YearOrDate};
use super::url::ExternalUrl;

/// Who a profile is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    Public,
    Members,
    Hidden,
}

/// Who a story, event or news item is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Default, JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
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
    /// Every kind of interest, in the order the theme lists them.
    pub const ALL: [OpenTo; 7] = [
        OpenTo::Rehire,
        OpenTo::Mentoring,
        OpenTo::Partnership,
        OpenTo::Ambassador,
        OpenTo::Customer,
        OpenTo::Speaking,
        OpenTo::Survey,
    ];

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
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

/// The message of a privacy field written without a value; front_matter.rs
/// locates an error starting like this at the field's line.
pub const EMPTY: &str = "` is empty: ";

/// A field that must not be written without a value: `key:` or `key: ~`
/// would otherwise read as "not set" and fall back to a default that may
/// publish. `what` says what to write instead.
fn not_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
    key: &str,
    what: &str,
) -> Result<T, D::Error> {
    Option::<T>::deserialize(d)?
        .ok_or_else(|| de::Error::custom(format!("`{key}{EMPTY}{what}, or remove the line")))
}

fn withdrawn<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Day>, D::Error> {
    let what = "give the date of withdrawal, e.g. withdrawn: 2026-12-01";
    not_empty(d, "withdrawn", what).map(Some)
}

fn visibility<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Visibility>, D::Error> {
    let what = "write public, members or hidden";
    not_empty(d, "visibility", what).map(Some)
}

fn consent<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Day>, D::Error> {
    let what = "give the day the member agreed to be published, e.g. consent: 2026-04-01";
    not_empty(d, "consent", what).map(Some)
}

fn audience<'de, D: Deserializer<'de>>(d: D) -> Result<Audience, D::Error> {
    not_empty(d, "audience", "write public or members")
}

fn draft<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    not_empty(d, "draft", "write true (not published) or false")
}

fn empty_map() -> Value {
    Value::Object(Default::default())
}

/// `content/_index.md`: the programme landing page.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Now {
    pub company: Option<String>,
    pub title: Option<String>,
    pub industry: Option<String>,
}

/// A member's links, shown in this order.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberLinks {
    pub linkedin: Option<ExternalUrl>,
    pub website: Option<ExternalUrl>,
    pub x: Option<ExternalUrl>,
    pub github: Option<ExternalUrl>,
}

/// `content/members/*.md`; the body is the bio.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
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
    pub links: MemberLinks,
    pub email: Option<String>,
    #[serde(default)]
    pub show_email: bool,
    #[serde(default, deserialize_with = "visibility")]
    #[schemars(with = "Visibility")]
    pub visibility: Option<Visibility>,
    #[serde(default, deserialize_with = "consent")]
    #[schemars(with = "Day")]
    pub consent: Option<Day>,
    #[serde(default, deserialize_with = "withdrawn")]
    #[schemars(with = "Day")]
    pub withdrawn: Option<Day>,
    /// When the content last changed meaningfully (sitemap `lastmod`, feeds).
    pub updated: Option<Day>,
    #[serde(default, deserialize_with = "draft")]
    #[schemars(with = "bool")]
    pub draft: bool,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

/// `content/stories/*.md`: a case study.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
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
    #[serde(default, deserialize_with = "audience")]
    #[schemars(with = "Audience")]
    pub audience: Audience,
    pub slug: Option<String>,
    /// When the content last changed meaningfully (sitemap `lastmod`, feeds).
    pub updated: Option<Day>,
    #[serde(default, deserialize_with = "draft")]
    #[schemars(with = "bool")]
    pub draft: bool,
    /// Names in this document that belong to someone else than a member of
    /// the same name whom the build does not show (docs/content.md).
    #[serde(default)]
    pub homonyms: Vec<String>,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

/// `content/events/*.md`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub title: String,
    pub start: EventTime,
    pub end: Option<EventTime>,
    pub location: Option<String>,
    pub online: Option<ExternalUrl>,
    pub register: Option<ExternalUrl>,
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "audience")]
    #[schemars(with = "Audience")]
    pub audience: Audience,
    pub slug: Option<String>,
    /// When the content last changed meaningfully (sitemap `lastmod`, feeds).
    pub updated: Option<Day>,
    #[serde(default, deserialize_with = "draft")]
    #[schemars(with = "bool")]
    pub draft: bool,
    /// Names in this document that belong to someone else than a member of
    /// the same name whom the build does not show (docs/content.md).
    #[serde(default)]
    pub homonyms: Vec<String>,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

/// `content/jobs/*.md`: a job open to alumni.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
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
    #[serde(default, deserialize_with = "draft")]
    #[schemars(with = "bool")]
    pub draft: bool,
    /// Names in this document that belong to someone else than a member of
    /// the same name whom the build does not show (docs/content.md).
    #[serde(default)]
    pub homonyms: Vec<String>,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

/// `content/news/*.md`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct News {
    pub title: String,
    pub date: Day,
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "audience")]
    #[schemars(with = "Audience")]
    pub audience: Audience,
    pub slug: Option<String>,
    /// When the content last changed meaningfully (sitemap `lastmod`, feeds).
    pub updated: Option<Day>,
    #[serde(default, deserialize_with = "draft")]
    #[schemars(with = "bool")]
    pub draft: bool,
    /// Names in this document that belong to someone else than a member of
    /// the same name whom the build does not show (docs/content.md).
    #[serde(default)]
    pub homonyms: Vec<String>,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

/// `content/pages/*.md`: a free page at `/<slug>/`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub title: String,
    pub description: Option<String>,
    pub slug: Option<String>,
    /// When the content last changed meaningfully (sitemap `lastmod`, feeds).
    pub updated: Option<Day>,
    #[serde(default, deserialize_with = "draft")]
    #[schemars(with = "bool")]
    pub draft: bool,
    /// Names in this document that belong to someone else than a member of
    /// the same name whom the build does not show (docs/content.md).
    #[serde(default)]
    pub homonyms: Vec<String>,
    #[serde(default = "empty_map")]
    pub extra: Value,
}

/// What code over every kind of document asks of its front matter, so that
/// it is written once (see `for_each_kind!`).
pub trait Front {
    /// The `slug` written in the front matter, if any.
    fn slug(&self) -> Option<&str>;
    /// Left out of a build unless drafts are asked for.
    fn draft(&self) -> bool;
    /// Who may read it: members-only stories, events and news; everything
    /// else is public (a member's own visibility is the gate's to decide).
    fn audience(&self) -> Audience {
        Audience::Public
    }
    /// Shown in no build at all (a draft; a withdrawn or hidden member):
    /// its versions in other languages go with it.
    fn shown_nowhere(&self) -> bool {
        self.draft()
    }
}

impl Front for Member {
    fn slug(&self) -> Option<&str> {
        self.slug.as_deref()
    }
    fn draft(&self) -> bool {
        self.draft
    }
    fn shown_nowhere(&self) -> bool {
        self.draft || self.withdrawn.is_some() || self.visibility == Some(Visibility::Hidden)
    }
}

macro_rules! front {
    ($($kind:ty),* ; $($with_audience:ty),*) => {
        $(impl Front for $kind {
            fn slug(&self) -> Option<&str> {
                self.slug.as_deref()
            }
            fn draft(&self) -> bool {
                self.draft
            }
        })*
        $(impl Front for $with_audience {
            fn slug(&self) -> Option<&str> {
                self.slug.as_deref()
            }
            fn draft(&self) -> bool {
                self.draft
            }
            fn audience(&self) -> Audience {
                self.audience
            }
        })*
    };
}
front!(Job, Page; Story, Event, News);

#[cfg(test)]
mod tests {
    use super::OpenTo;

    #[test]
    fn all_lists_every_interest_once_in_order() {
        // Exhaustive: a new kind of interest does not compile here until
        // it has its place in `OpenTo::ALL` (and so in the theme's filter).
        let place = |o: OpenTo| match o {
            OpenTo::Rehire => 0,
            OpenTo::Mentoring => 1,
            OpenTo::Partnership => 2,
            OpenTo::Ambassador => 3,
            OpenTo::Customer => 4,
            OpenTo::Speaking => 5,
            OpenTo::Survey => 6,
        };
        for (i, o) in OpenTo::ALL.into_iter().enumerate() {
            assert_eq!(place(o), i, "{}", o.as_str());
        }
    }
}

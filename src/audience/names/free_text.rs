//! What of each kind's front matter is free text a name may hide in.

use serde_json::Value;

use crate::content::kinds::Now;
use crate::content::url::ExternalUrl;
use crate::content::{Event as EventDoc, Job, Member, News, Page, Programme, Story};

/// The free text of a kind's front matter, field by field.
pub trait FreeText {
    /// Whether the kind has a `homonyms:` field (editors' documents do;
    /// member profiles, written by members, do not).
    const HAS_HOMONYMS: bool = true;

    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>);

    /// Its URLs (links, registration, application), as written.
    fn urls<'a>(&'a self, _out: &mut Vec<(&'static str, &'a str)>) {}

    /// Names in this document that belong to someone else.
    fn homonyms(&self) -> &[String] {
        &[]
    }
}

fn push<'a>(out: &mut Vec<(&'static str, &'a str)>, field: &'static str, text: Option<&'a str>) {
    if let Some(t) = text {
        out.push((field, t));
    }
}

fn push_url<'a>(
    out: &mut Vec<(&'static str, &'a str)>,
    field: &'static str,
    url: &'a Option<ExternalUrl>,
) {
    if let Some(u) = url {
        out.push((field, u.as_str()));
    }
}

/// Every string in `extra` (any depth), keys too.
fn extra<'a>(value: &'a Value, out: &mut Vec<(&'static str, &'a str)>) {
    match value {
        Value::String(s) => out.push(("extra", s)),
        Value::Array(items) => items.iter().for_each(|v| extra(v, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            out.push(("extra", k));
            extra(v, out);
        }),
        _ => {}
    }
}

impl FreeText for Programme {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "description", self.description.as_deref());
        extra(&self.extra, out);
    }

    fn homonyms(&self) -> &[String] {
        &self.homonyms
    }
}

impl FreeText for Member {
    const HAS_HOMONYMS: bool = false;

    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "name", Some(&self.name));
        push(out, "name_reading", self.name_reading.as_deref());
        push(out, "department", self.department.as_deref());
        push(out, "role", self.role.as_deref());
        let Now {
            company,
            title,
            industry,
        } = &self.now;
        push(out, "now.company", company.as_deref());
        push(out, "now.title", title.as_deref());
        push(out, "now.industry", industry.as_deref());
        push(out, "location", self.location.as_deref());
        push(out, "email", self.email.as_deref());
        push(out, "photo", self.photo.as_deref());
        for s in &self.skills {
            out.push(("skills", s));
        }
        extra(&self.extra, out);
    }

    fn urls<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push_url(out, "links.linkedin", &self.links.linkedin);
        push_url(out, "links.website", &self.links.website);
        push_url(out, "links.x", &self.links.x);
        push_url(out, "links.github", &self.links.github);
    }
}

impl FreeText for Story {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "summary", self.summary.as_deref());
        for t in &self.tags {
            out.push(("tags", t));
        }
        push(out, "cover", self.cover.as_deref());
        extra(&self.extra, out);
    }

    fn homonyms(&self) -> &[String] {
        &self.homonyms
    }
}

impl FreeText for EventDoc {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "location", self.location.as_deref());
        push(out, "summary", self.summary.as_deref());
        extra(&self.extra, out);
    }

    fn urls<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push_url(out, "online", &self.online);
        push_url(out, "register", &self.register);
    }

    fn homonyms(&self) -> &[String] {
        &self.homonyms
    }
}

impl FreeText for Job {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "department", self.department.as_deref());
        push(out, "location", self.location.as_deref());
        push(out, "employment_type", self.employment_type.as_deref());
        push(out, "summary", self.summary.as_deref());
        extra(&self.extra, out);
    }

    fn urls<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push_url(out, "apply", &self.apply);
    }

    fn homonyms(&self) -> &[String] {
        &self.homonyms
    }
}

impl FreeText for News {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "summary", self.summary.as_deref());
        extra(&self.extra, out);
    }

    fn homonyms(&self) -> &[String] {
        &self.homonyms
    }
}

impl FreeText for Page {
    fn texts<'a>(&'a self, out: &mut Vec<(&'static str, &'a str)>) {
        push(out, "title", Some(&self.title));
        push(out, "description", self.description.as_deref());
        extra(&self.extra, out);
    }

    fn homonyms(&self) -> &[String] {
        &self.homonyms
    }
}

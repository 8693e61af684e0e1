//! JSON Schema of `site.yaml` and of each kind's front matter, made from
//! the types the build reads them with (`config::RawConfig`,
//! `content::kinds`), so it cannot drift from what a build accepts.
//! `alumni schema NAME` prints one (docs/content.md, "Editors' tools").
//!
//! A schema says what each field takes; what a build checks across fields
//! or files (`left` after `joined`, links, photos) is `alumni check`'s.

use schemars::{JsonSchema, Schema, schema_for};
use serde_json::Value;

use crate::content::kinds::{Event, Job, Member, News, Page, Programme, Story};

/// The schemas `alumni schema` knows: `site` for `site.yaml`, `index` for
/// `content/_index.md`, and each section of `content/`.
pub const NAMES: &[&str] = &[
    "site", "index", "members", "stories", "events", "jobs", "news", "pages",
];

/// The schema called `name` (one of [`NAMES`]), as JSON.
pub fn of(name: &str) -> Option<Value> {
    let (schema, title) = match name {
        "site" => (crate::config::schema(), "alumni site.yaml"),
        "index" => (kind::<Programme>(), "alumni content/_index.md front matter"),
        "members" => (kind::<Member>(), "alumni content/members/*.md front matter"),
        "stories" => (kind::<Story>(), "alumni content/stories/*.md front matter"),
        "events" => (kind::<Event>(), "alumni content/events/*.md front matter"),
        "jobs" => (kind::<Job>(), "alumni content/jobs/*.md front matter"),
        "news" => (kind::<News>(), "alumni content/news/*.md front matter"),
        "pages" => (kind::<Page>(), "alumni content/pages/*.md front matter"),
        _ => return None,
    };
    let mut value = schema.to_value();
    if let Some(object) = value.as_object_mut() {
        object.insert("title".into(), title.into());
    }
    Some(value)
}

fn kind<T: JsonSchema>() -> Schema {
    schema_for!(T)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_a_schema_closed_to_unknown_fields() {
        for name in NAMES {
            let schema = of(name).unwrap();
            assert_eq!(schema["additionalProperties"], false, "{name}");
            assert!(schema["properties"]["extra"].is_object(), "{name}");
        }
        assert!(of("member").is_none());
    }

    #[test]
    fn privacy_fields_take_no_empty_value() {
        let members = of("members").unwrap();
        let required: Vec<&str> = members["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(required, ["name", "left"]);
        let text = members.to_string();
        for field in ["withdrawn", "visibility", "consent", "draft"] {
            let schema = &members["properties"][field];
            assert!(!schema.to_string().contains("null"), "{field}: {schema}");
        }
        assert!(text.contains("\"rehire\""));
    }
}

//! `/search.json`: what the directory's client-side search needs, for the
//! members this build may show (it is built from the same cards as the
//! pages). The shape is documented in docs/search.md. `<`, `>`, `&` and
//! U+2028/9 are written as `\uXXXX`, so the file can also be inlined in a
//! `<script>` element.

use serde::Serialize;

use crate::theme::view::MemberCard;

/// How much of a bio the search data carries, in characters.
pub const BIO_CHARS: usize = 200;

#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    members: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reading: Option<&'a str>,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    department: Option<&'a str>,
    left: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    returned: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    industry: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    skills: Vec<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    open_to: &'a [&'a str],
    #[serde(skip_serializing_if = "str::is_empty")]
    bio: &'a str,
    /// The member's heading in an index by initial (gojūon row, or first letter).
    initial: &'a str,
}

/// The search data for `cards` (directory order), with a bio excerpt and
/// the initial each.
pub fn index<'a>(cards: impl Iterator<Item = (&'a MemberCard<'a>, &'a str, &'a str)>) -> String {
    let members = cards
        .map(|(c, bio, initial)| Entry {
            name: c.name,
            reading: c.name_reading,
            url: &c.url,
            department: c.department.as_ref().map(|d| d.name),
            left: c.left,
            returned: c.returned,
            company: c.now.company,
            title: c.now.title,
            industry: c.now.industry,
            location: c.location,
            skills: c.skills.iter().map(|s| s.name).collect(),
            open_to: &c.open_to,
            bio,
            initial,
        })
        .collect();
    let json = serde_json::to_string(&Index {
        version: 1,
        members,
    })
    .unwrap_or_default();
    // Safe to inline in a `<script>` too: no field can close it.
    let mut json = super::jsonld::escape_for_script(&json);
    json.push('\n');
    json
}

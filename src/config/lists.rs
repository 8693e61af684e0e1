//! The lists of `site.yaml`: `directory:` (the member directory's filters
//! and page size) and `lists:` (the page size of the lists of stories,
//! events, jobs and news).

use schemars::JsonSchema;
use serde::Deserialize;

use super::newsletter::At;
use crate::content::Tax;
use crate::content::front_matter::Step::{Item, Key};
use crate::diagnostics::did_you_mean;

/// The directory filters a theme may offer.
pub const FILTERS: &[&str] = &[
    Tax::Departments.field(),
    Tax::Cohorts.field(),
    "open_to",
    Tax::Skills.field(),
    "location",
    "initial",
];

/// The filters offered when site.yaml does not choose (`initial`, an index
/// by gojūon row or first letter, is offered only when asked for).
pub(super) const DEFAULT_FILTERS: &[&str] = &[
    Tax::Departments.field(),
    Tax::Cohorts.field(),
    "open_to",
    Tax::Skills.field(),
    "location",
];

/// The member directory (`directory:` in site.yaml).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Directory")]
pub(super) struct RawDirectory {
    /// The filters of the member directory, in order.
    // `default`: optional in the schema too (a `schema_with` field is
    // otherwise taken as required), so `directory: {per_page: 20}` validates.
    #[serde(default)]
    #[schemars(schema_with = "filters_schema")]
    filters: Option<Vec<String>>,
    /// Members per page of the directory and of each taxonomy term's list,
    /// 1 to 1000 (default: 50).
    #[schemars(range(min = 1, max = 1000))]
    per_page: Option<usize>,
}

/// The lists of stories, events, jobs and news (`lists:` in site.yaml).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Lists")]
pub(super) struct RawLists {
    /// Stories, events, jobs or news items per page of their lists, 1 to
    /// 1000 (default: 20).
    #[schemars(range(min = 1, max = 1000))]
    per_page: Option<usize>,
}

/// Items per page of the lists of stories, events, jobs and news when
/// site.yaml does not say (`lists.per_page`).
pub const DEFAULT_LIST_PER_PAGE: usize = 20;

/// Members per page of the directory and term lists when site.yaml does
/// not say (`directory.per_page`): about 1,000 elements of cards, under the
/// default theme's 3,000 per page with the form and the index.
pub const DEFAULT_PER_PAGE: usize = 50;

/// The largest `directory.per_page` and `lists.per_page`.
const MAX_PER_PAGE: usize = 1000;

/// `directory.filters`: a list of [`FILTERS`].
fn filters_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "array",
        "items": {"enum": FILTERS},
    })
}

/// What `directory:` and `lists:` say, validated.
pub(super) struct Lists {
    pub filters: Vec<String>,
    pub per_page: usize,
    pub list_per_page: usize,
}

/// `directory:` and `lists:`, each problem reported at its place.
pub(super) fn validate(directory: RawDirectory, lists: RawLists, at: &mut At) -> Lists {
    let mut filters = Vec::new();
    for (i, f) in directory
        .filters
        .unwrap_or_else(|| DEFAULT_FILTERS.iter().map(|s| s.to_string()).collect())
        .into_iter()
        .enumerate()
    {
        if FILTERS.contains(&f.as_str()) {
            if !filters.contains(&f) {
                filters.push(f);
            }
        } else {
            let hint = match did_you_mean(&f, FILTERS.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("known filters: {}", FILTERS.join(", ")),
            };
            at(
                &[Key("directory"), Key("filters"), Item(i)],
                format!("unknown directory filter `{f}`"),
                &hint,
            );
        }
    }
    let mut per_page = |value: Option<usize>, section: &'static str, default: usize, what: &str| {
        let n = value.unwrap_or(default);
        if !(1..=MAX_PER_PAGE).contains(&n) {
            at(
                &[Key(section), Key("per_page")],
                format!("{section}.per_page is {n}: it must be 1 to {MAX_PER_PAGE}"),
                &format!("{what}; leave it out for {default}"),
            );
        }
        n
    };
    let list_per_page = per_page(
        lists.per_page,
        "lists",
        DEFAULT_LIST_PER_PAGE,
        "stories, events, jobs or news items per page of their lists",
    );
    let per_page = per_page(
        directory.per_page,
        "directory",
        DEFAULT_PER_PAGE,
        "members per page of the directory and term lists",
    );
    Lists {
        filters,
        per_page,
        list_per_page,
    }
}

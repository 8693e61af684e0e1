//! The `alumni` command line, end to end: every test copies a fixture site
//! from `tests/fixtures/<area>/<case>/` into a temporary folder, runs the
//! real binary on it (with SOURCE_DATE_EPOCH fixed at 2026-06-01T00:00:00Z)
//! and checks its exit code, what it printed and what it wrote. Error texts
//! are insta snapshots in `tests/snapshots/`, so a message change is a
//! reviewed diff.

mod support;

#[path = "cli/atomic.rs"]
mod atomic;
#[path = "cli/authoring.rs"]
mod authoring;
#[path = "cli/csp.rs"]
mod csp;
#[path = "cli/demo.rs"]
mod demo;
#[path = "cli/deploy.rs"]
mod deploy;
#[path = "cli/errors.rs"]
mod errors;
#[path = "cli/i18n.rs"]
mod i18n;
#[path = "cli/images.rs"]
mod images;
#[path = "cli/limits.rs"]
mod limits;
#[path = "cli/links.rs"]
mod links;
#[path = "cli/name_disguises.rs"]
mod name_disguises;
#[path = "cli/names.rs"]
mod names;
#[path = "cli/newsletter.rs"]
mod newsletter;
#[path = "cli/outputs.rs"]
mod outputs;
#[path = "cli/overrides.rs"]
mod overrides;
#[path = "cli/pages.rs"]
mod pages;
#[path = "cli/paginate.rs"]
mod paginate;
#[path = "cli/paginate_lists.rs"]
mod paginate_lists;
#[path = "cli/paginate_terms.rs"]
mod paginate_terms;
#[path = "cli/privacy.rs"]
mod privacy;
#[path = "cli/schema.rs"]
mod schema;
#[path = "cli/serve.rs"]
mod serve;
#[path = "cli/usage.rs"]
mod usage;
#[path = "cli/validation.rs"]
mod validation;

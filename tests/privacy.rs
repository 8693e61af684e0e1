//! Privacy and untrusted input, proven: never leak, never execute, never
//! write outside the output folder, never panic.
//!
//! - [`no_leak`]: thousands of random sites, a unique marker in every field
//!   of every item; no build may contain a marker its audience may not see.
//! - [`xss`]: hostile front matter and Markdown, checked with an HTML parser
//!   that is not ours (scraper/html5ever).
//! - [`paths`]: slugs, symlinks and output folders that try to leave the site.
//!
//! Builds run in-process through `pipeline::load` and `render_loaded`:
//! every file of the site, without writing any.

#[path = "privacy/harness.rs"]
mod harness;
#[path = "privacy/no_leak.rs"]
mod no_leak;
#[path = "privacy/paths.rs"]
mod paths;
#[path = "support/search_data.rs"]
mod search_data;
#[path = "privacy/xss.rs"]
mod xss;

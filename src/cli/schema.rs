//! `alumni schema`: the JSON Schema of `site.yaml` or of a kind's front
//! matter, printed to stdout (docs/content.md, "Editors' tools").

use std::io::Write;

use clap::ValueEnum;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// What the schema is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Name {
    /// site.yaml
    Site,
    /// content/_index.md
    Index,
    /// content/members/*.md
    Members,
    /// content/stories/*.md
    Stories,
    /// content/events/*.md
    Events,
    /// content/jobs/*.md
    Jobs,
    /// content/news/*.md
    News,
    /// content/pages/*.md
    Pages,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  alumni schema > site.schema.json           for site.yaml, e.g. in VS Code's YAML extension
  alumni schema members > members.schema.json

The schema is made from the types the build reads the files with; what a
build checks across fields or files (dates in order, links, photos) is
`alumni check`'s.")]
pub struct Args {
    /// The file the schema is for
    #[arg(value_enum, default_value = "site")]
    name: Name,
}

pub fn run(args: Args) -> Result<(), Diagnostics> {
    let name = args
        .name
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    let schema = crate::schema::of(&name).ok_or_else(|| {
        Diagnostics::from(Diagnostic::new(
            Location::argument("NAME"),
            "no schema of this name",
        ))
    })?;
    let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").map_err(|e| {
        Diagnostics::from(Diagnostic::new(
            Location::stream("stdout"),
            format!("cannot write: {e}"),
        ))
    })
}

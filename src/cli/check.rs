//! `alumni check`: validate everything, write nothing; print the findings.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::AudienceArg;
use crate::check::{self, Options, Report, Severity};
use crate::content::Audience;
use crate::diagnostics::Diagnostics;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  alumni check                      check the public and the members build
  alumni check --audience public    check only the public build
  alumni check --format json        one JSON object per line, for CI
  alumni check --strict             fail on warnings too

Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage error.")]
pub struct Args {
    /// The site's folder (with site.yaml)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Check only this build [default: both public and members]
    #[arg(long, value_enum)]
    audience: Option<AudienceArg>,
    /// Also check content marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// How to print the findings
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 on warnings too
    #[arg(long)]
    strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// path:line:col: severity: message, with the line and a hint
    Human,
    /// One JSON object per finding and line (see docs/authoring.md)
    Json,
}

pub fn run(args: Args) -> Result<ExitCode, Diagnostics> {
    let audiences = match args.audience {
        Some(a) => vec![a.into()],
        None => vec![Audience::Public, Audience::Members],
    };
    let options = Options {
        root: args.root,
        audiences: audiences.clone(),
        drafts: args.drafts,
        now: super::build::build_time(),
    };
    let report = check::run(&options);
    let _closed_stdout = match args.format {
        Format::Human => print_human(&report, &audiences),
        Format::Json => print_json(&report),
    };
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let failed = errors > 0 || (args.strict && warnings > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints the findings and the summary; stops quietly when stdout is closed (`| head`).
fn print_human(report: &Report, audiences: &[Audience]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for f in &report.findings {
        writeln!(out, "{}\n", f.human(audiences.len() > 1))?;
    }
    let builds: Vec<&str> = audiences.iter().map(|a| a.as_str()).collect();
    let scope = match report.documents {
        Some(n) => format!(
            "{n} content files, {} build{}",
            builds.join(" and "),
            if builds.len() == 1 { "" } else { "s" }
        ),
        None => "the site could not be loaded, so its pages were not checked: fix these, then check again"
            .to_string(),
    };
    writeln!(
        out,
        "{}, {} ({scope})",
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
    )
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn print_json(report: &Report) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for f in &report.findings {
        writeln!(out, "{}", f.to_json())?;
    }
    Ok(())
}

//! `alumni build`.

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Utc};

use super::AudienceArg;
use crate::diagnostics::Diagnostics;
use crate::pipeline::{self, BuildOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (with site.yaml)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site [default: ROOT/public]
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Override base_url from site.yaml
    #[arg(long)]
    base_url: Option<String>,
    /// Who the build is for
    #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
    audience: AudienceArg,
    /// Include content marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Print nothing but errors
    #[arg(long, short)]
    quiet: bool,
    /// Print the time each stage took
    #[arg(long)]
    timings: bool,
}

pub fn run(args: Args) -> Result<(), Diagnostics> {
    let output = args.output.unwrap_or_else(|| args.root.join("public"));
    let options = BuildOptions {
        root: args.root,
        output: output.clone(),
        base_url: args.base_url,
        audience: args.audience.into(),
        drafts: args.drafts,
        now: build_time(),
    };
    let report = pipeline::build(&options)?;
    // Printing is best effort: a closed pipe (`alumni build | head`) is not an error.
    let mut out = std::io::stdout().lock();
    if args.timings {
        for (stage, time) in &report.stages {
            let _ = writeln!(out, "{:>8.1} ms  {stage}", time.as_secs_f64() * 1000.0);
        }
    }
    if !args.quiet {
        let _ = writeln!(
            out,
            "Built {} pages ({} files) for audience {} in {:.2} s into {}",
            report.pages,
            report.files,
            options.audience.as_str(),
            report.elapsed.as_secs_f64(),
            output.display()
        );
    }
    Ok(())
}

/// Now, or `SOURCE_DATE_EPOCH` when set (reproducible builds).
pub fn build_time() -> DateTime<FixedOffset> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(Utc::now)
        .fixed_offset()
}

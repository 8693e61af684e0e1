//! `alumni build`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::AudienceArg;
use crate::diagnostics::Diagnostics;
use crate::pipeline::{self, BuildOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (with site.yaml)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site: a new or empty folder, or an earlier build
    /// for the same audience [default: ROOT/public; with --audience members,
    /// ROOT/members-only]
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
    let audience = args.audience.into();
    let output = args
        .output
        .unwrap_or_else(|| args.root.join(crate::output::default_folder(audience)));
    let options = BuildOptions {
        root: args.root,
        output: output.clone(),
        base_url: args.base_url,
        audience,
        drafts: args.drafts,
        now: build_time(),
    };
    let progress = Bar::new(!args.quiet && std::io::stderr().is_terminal());
    let report = pipeline::build_with(&options, &progress);
    progress.bar.finish_and_clear();
    let report = report?;
    // Printing is best effort: a closed pipe (`alumni build | head`) is not an error.
    if args.timings {
        let mut out = std::io::stdout().lock();
        for (stage, time) in &report.stages {
            let _ = writeln!(out, "{:>8.1} ms  {stage}", time.as_secs_f64() * 1000.0);
        }
    }
    if !args.quiet {
        let _ = writeln!(
            std::io::stderr().lock(),
            "Built {} pages for audience {} in {:.2} s ({} files in {})",
            thousands(report.pages),
            options.audience.as_str(),
            report.elapsed.as_secs_f64(),
            thousands(report.files),
            output.display()
        );
    }
    Ok(())
}

/// The progress bar: drawn on a terminal once a build has taken a second
/// (short builds show only the summary line), never with `--quiet`.
struct Bar {
    bar: ProgressBar,
    terminal: bool,
    started: Instant,
    shown: AtomicBool,
}

impl Bar {
    fn new(terminal: bool) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{wide_bar} {pos}/{len} files  {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Bar {
            bar,
            terminal,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }
}

impl pipeline::Progress for Bar {
    fn start(&self, files: usize) {
        self.bar.set_length(files as u64);
    }

    fn written(&self) {
        self.bar.inc(1);
        if self.terminal
            && !self.shown.load(Ordering::Relaxed)
            && self.started.elapsed() >= Duration::from_secs(1)
        {
            self.shown.store(true, Ordering::Relaxed);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}

/// 7214 → "7,214".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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

#[cfg(test)]
mod tests {
    #[test]
    fn groups_thousands() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(7214), "7,214");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}

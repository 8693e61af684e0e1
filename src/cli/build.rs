//! `alumni build`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::AudienceArg;
use super::check::Format;
use crate::check::Finding;
use crate::content::Audience;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::manifest::{self, Changes, Manifest};
use crate::pipeline::{self, BuildOptions};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  alumni build                                 the public site, into public/
  alumni build --audience members              the members' site, into members-only/
  alumni build -o dist --base-url https://alumni.example.com
  alumni build --drafts -o /tmp/preview        with the drafts, to look at them
  alumni build --format json                   errors as JSON lines, for CI annotations

A failed build leaves the previous output as it was. Exit status: 0 ok,
1 content or config error, 2 usage error.")]
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
    /// The manifest of the build that is live now (its alumni-manifest.json,
    /// fetched from the site): the URLs removed and changed since then are
    /// printed and written to --changes
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    /// Write the URLs removed and changed since the previous build (the
    /// --previous manifest, else the build being replaced) to FILE, as JSON,
    /// never inside the output [default with --previous: .OUTPUT.changes.json
    /// beside the output folder, e.g. .public.changes.json]
    #[arg(long, value_name = "FILE")]
    changes: Option<PathBuf>,
    /// How to print errors: human, or one JSON object per error and line on
    /// stdout, as `alumni check --format json` (see docs/authoring.md)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: Args) -> Result<ExitCode, Diagnostics> {
    let (format, audience) = (args.format, args.audience.into());
    match (build(args), format) {
        (Err(problems), Format::Json) => {
            let mut out = std::io::stdout().lock();
            for d in problems.0 {
                let finding = Finding {
                    audience: Some(audience),
                    ..Finding::error("build", d)
                };
                let _ = writeln!(out, "{}", finding.to_json());
            }
            Ok(ExitCode::from(1))
        }
        (result, _) => result,
    }
}

fn build(args: Args) -> Result<ExitCode, Diagnostics> {
    let audience = args.audience.into();
    let output = args
        .output
        .unwrap_or_else(|| args.root.join(crate::output::default_folder(audience)));
    // The changes since the previous build, when asked for.
    let changes_file = match (&args.changes, &args.previous) {
        (Some(file), _) => Some(file.clone()),
        (None, Some(_)) => Some(changes_beside(&output)),
        (None, None) => None,
    };
    let previous = match &changes_file {
        Some(file) => {
            check_changes_file(file, &output)?;
            previous_manifest(args.previous.as_deref(), &output, audience)?
        }
        None => None,
    };
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
    if let Some(file) = &changes_file {
        // A first build replaces nothing: nothing was published before it.
        let previous = previous.unwrap_or_else(|| Manifest::new("", audience));
        let changes = Changes::between(&previous, &report.manifest);
        write_changes(file, &changes)?;
        if !args.quiet {
            print_changes(&changes, file);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `.public.changes.json` beside `public/`.
fn changes_beside(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.changes.json"))
}

/// The manifest to compare the new build with: `--previous FILE`, else the
/// build in the folder about to be replaced (none for a first build).
fn previous_manifest(
    file: Option<&Path>,
    output: &Path,
    audience: Audience,
) -> Result<Option<Manifest>, Diagnostics> {
    let Some(file) = file else {
        return Ok(Manifest::of_folder(output).filter(|m| m.audience == audience.as_str()));
    };
    let text = std::fs::read_to_string(file).map_err(|e| {
        Diagnostics::from(
            Diagnostic::new(
                Location::file(file),
                format!("cannot read the previous build's manifest: {e}"),
            )
            .with_hint(format!(
                "fetch the {} of the live site first, e.g. `curl -fsSL https://alumni.example.com/{} -o {}`",
                manifest::FILE,
                manifest::FILE,
                file.display()
            ))
)
    })?;
    let m = Manifest::parse(&text, file).map_err(Diagnostics::from)?;
    if m.audience != audience.as_str() {
        return Err(Diagnostics::from(
            Diagnostic::new(
                Location::file(file),
                format!(
                    "this is the manifest of the {} build, and this is the {} build",
                    m.audience,
                    audience.as_str()
                ),
            )
            .with_hint("give the manifest of the site this build replaces"),
        ));
    }
    Ok(Some(m))
}

/// The changes are written outside the output: inside, the next build
/// would replace them, and a deploy would publish them.
fn check_changes_file(changes: &Path, output: &Path) -> Result<(), Diagnostics> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    if absolute(changes).starts_with(absolute(output)) {
        return Err(Diagnostics::from(
            Diagnostic::new(
                Location::file(changes),
                "the list of changes cannot be written inside the output folder",
            )
            .with_hint("choose a file outside it, e.g. --changes changes.json"),
        ));
    }
    Ok(())
}

/// Writes `changes` to `file` whole (a temporary file renamed into place).
fn write_changes(file: &Path, changes: &Changes) -> Result<(), Diagnostics> {
    let fail = |e: std::io::Error| {
        Diagnostics::from(Diagnostic::new(
            Location::file(file),
            format!("cannot write the list of changes: {e}"),
        ))
    };
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let mut temp = file.as_os_str().to_owned();
    temp.push(format!(".tmp-{}", std::process::id()));
    let temp = PathBuf::from(temp);
    std::fs::write(&temp, changes.to_json()).map_err(fail)?;
    std::fs::rename(&temp, file).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        fail(e)
    })
}

/// How many URLs of each list are printed; the file has them all.
const SHOWN: usize = 50;

fn print_changes(changes: &Changes, file: &Path) {
    let mut out = std::io::stdout().lock();
    if changes.is_empty() {
        let _ = writeln!(out, "Nothing removed or changed since the previous build.");
        return;
    }
    for (urls, title) in [
        (
            &changes.removed,
            "Removed since the previous build (purge them from caches; ask search engines to drop the profiles):",
        ),
        (
            &changes.changed,
            "Changed since the previous build (purge them from caches):",
        ),
    ] {
        if urls.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{title}");
        for url in urls.iter().take(SHOWN) {
            let _ = writeln!(out, "  {url}");
        }
        if urls.len() > SHOWN {
            let _ = writeln!(out, "  … and {} more", thousands(urls.len() - SHOWN));
        }
    }
    let _ = writeln!(
        out,
        "{} removed, {} changed: the list is in {}",
        thousands(changes.removed.len()),
        thousands(changes.changed.len()),
        file.display()
    );
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

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
    /// written to --changes (only how many is printed)
    #[arg(long, value_name = "FILE")]
    previous: Option<PathBuf>,
    /// Write the URLs removed and changed since the previous build (the
    /// --previous manifest, else the build being replaced) to FILE, as JSON:
    /// a new file or an earlier list, in a folder that exists, never inside
    /// the output or the site's sources [default with --previous:
    /// ROOT/.OUTPUT.changes.json, e.g. .public.changes.json in the site's
    /// folder]
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
        (None, Some(_)) => Some(default_changes_file(&args.root, &output, audience)),
        (None, None) => None,
    };
    let previous = match &changes_file {
        Some(file) => {
            check_changes_file(file, &args.root, &output)?;
            previous_manifest(args.previous.as_deref(), &output, audience)?
        }
        None => None,
    };
    // A first build replaces nothing: nothing was published before it.
    let previous = previous.unwrap_or_else(|| Manifest::new("", audience));
    // The list is put in place before the new output is swapped in (written
    // beside the file it becomes, then renamed): a build that cannot write
    // it leaves the previous output as it was. A build that fails after it
    // (the swap itself) removes it again.
    let temp = changes_file.as_deref().map(temp_beside);
    let placed = std::cell::Cell::new(false);
    let write_before_swap = |current: &Manifest| match (&changes_file, &temp) {
        (Some(file), Some(temp)) => {
            write_new(temp, &Changes::between(&previous, current).to_json())
                .and_then(|()| std::fs::rename(temp, file))
                .map_err(|e| {
                    let _ = std::fs::remove_file(temp);
                    cannot_write_changes(file, e)
                })?;
            placed.set(true);
            Ok(())
        }
        _ => Ok(()),
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
    let report = pipeline::build_then(&options, &progress, &write_before_swap);
    progress.bar.finish_and_clear();
    let report = match report {
        Ok(report) => report,
        Err(problems) => {
            if let Some(temp) = &temp {
                let _ = std::fs::remove_file(temp);
            }
            if let (Some(file), true) = (&changes_file, placed.get()) {
                let _ = std::fs::remove_file(file);
            }
            return Err(problems);
        }
    };
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
    if let Some(file) = &changes_file
        && !args.quiet
    {
        print_changes(&Changes::between(&previous, &report.manifest), file);
    }
    Ok(ExitCode::SUCCESS)
}

/// `.public.changes.json` in the site's folder, for a build into `public/`
/// (or `-o /var/www/html/public`): never beside the output, which may be a
/// web server's folder.
fn default_changes_file(root: &Path, output: &Path, audience: Audience) -> PathBuf {
    let name = crate::output::absolute(output)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| crate::output::default_folder(audience).into());
    root.join(format!(".{name}.changes.json"))
}

/// `FILE.tmp-PID`: where the list is written before it is renamed to `FILE`.
fn temp_beside(file: &Path) -> PathBuf {
    let mut temp = file.as_os_str().to_owned();
    temp.push(format!(".tmp-{}", std::process::id()));
    PathBuf::from(temp)
}

/// Writes `text` to a new file `path` (one left there is removed first).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    let _ = std::fs::remove_file(path);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

fn cannot_write_changes(file: &Path, e: std::io::Error) -> Diagnostics {
    Diagnostics::from(
        Diagnostic::new(
            Location::file(file),
            format!("cannot write the list of changes: {e}"),
        )
        .with_hint("the site was not replaced; choose a file in a folder you can write to"),
    )
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

/// The list of changes names the pages of people who withdrew: it is
/// written outside the output (inside, a deploy would publish it, and the
/// next build would replace it) and outside the site's sources, in a folder
/// that exists, and replaces no file but an earlier list. Symlinks are
/// followed: where the file ends up is what counts.
fn check_changes_file(changes: &Path, root: &Path, output: &Path) -> Result<(), Diagnostics> {
    let refuse = |message: String, hint: String| {
        Err(Diagnostics::from(
            Diagnostic::new(Location::file(changes), message).with_hint(hint),
        ))
    };
    let Some(name) = changes.file_name() else {
        return refuse(
            "the list of changes needs a file name".into(),
            "name a file, e.g. --changes changes.json".into(),
        );
    };
    let parent = match changes.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let folder = match std::fs::canonicalize(parent) {
        Ok(folder) if folder.is_dir() => folder,
        Ok(_) => {
            return refuse(
                format!(
                    "the list of changes cannot be written: {} is a file, not a folder",
                    parent.display()
                ),
                "choose a file in a folder, e.g. --changes changes.json".into(),
            );
        }
        Err(_) => {
            return refuse(
                format!(
                    "the list of changes cannot be written: {} is not a folder that exists",
                    parent.display()
                ),
                format!(
                    "make the folder first (`mkdir -p {}`), or choose a file in a folder that exists",
                    parent.display()
                ),
            );
        }
    };
    let file = folder.join(name);
    if file.starts_with(crate::output::absolute(output)) {
        return refuse(
            "the list of changes cannot be written inside the output folder".into(),
            "choose a file outside it, e.g. --changes changes.json".into(),
        );
    }
    // Another build's folder (`members-only/` for a public build) is
    // deployed too.
    if folder
        .ancestors()
        .any(|dir| dir.join(crate::output::MARKER).is_file())
    {
        return refuse(
            "the list of changes cannot be written inside a folder alumni built".into(),
            "choose a file outside every output folder, e.g. --changes changes.json".into(),
        );
    }
    for dir in crate::sources::DIRS {
        let source = root.join(dir);
        if source.exists() && file.starts_with(crate::output::absolute(&source)) {
            return refuse(
                format!("the list of changes cannot be written inside the site's {dir}/ folder"),
                "choose a file outside the site's sources, e.g. --changes changes.json".into(),
            );
        }
    }
    let ours = match std::fs::symlink_metadata(&file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Ok(m) if m.is_file() => crate::sources::read_limited(&file, LARGEST_LIST)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .is_some_and(|text| Changes::is_written(&text)),
        _ => false,
    };
    if !ours {
        return refuse(
            "this file is not a list of changes written by alumni, and a build replaces no other file"
                .into(),
            "choose a new file, e.g. --changes changes.json".into(),
        );
    }
    Ok(())
}

/// The largest list of changes read to see whether it is one: a site of
/// 100,000 files all changed is about 10 MB.
const LARGEST_LIST: u64 = 256 * 1024 * 1024;

fn print_changes(changes: &Changes, file: &Path) {
    let mut out = std::io::stdout().lock();
    if changes.is_empty() {
        let _ = writeln!(out, "Nothing removed or changed since the previous build.");
        return;
    }
    // Counts only: a build log may be public, and a removed URL names
    // someone who withdrew.
    let _ = writeln!(
        out,
        "{} removed, {} changed since the previous build: the list is in {} (purge them from caches; keep it out of public logs and artifacts)",
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

    fn more(&self, files: usize) {
        self.bar.inc_length(files as u64);
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

//! `alumni newsletter`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use super::AudienceArg;
use super::build::build_time;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::newsletter::{self, Newsletter, Options};
use crate::pipeline::BuildOptions;

/// The exit status of `--skip-empty` when the period has nothing to send.
pub const EMPTY: u8 = 3;

/// The files of an issue, in the order they are put in place.
const FILES: [&str; 3] = ["newsletter.html", "newsletter.txt", "newsletter.eml"];

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  alumni newsletter                            last month's public issue, into newsletter/
  alumni newsletter --audience members         the members' issue, into newsletter-members/
  alumni newsletter --since 2026-11-01 --until 2026-11-15 --lang en
  alumni newsletter --skip-empty               in CI: status 3 when there is nothing to send

Writes newsletter.html, newsletter.txt and newsletter.eml (see
docs/newsletter.md). Exit status: 0 ok (an empty period too, unless
--skip-empty), 1 content or config error, 2 usage error, 3 nothing new in
the period with --skip-empty (nothing written).")]
pub struct Args {
    /// The site's folder (with site.yaml)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The first day of the period [default: the first day of last month]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    since: Option<NaiveDate>,
    /// The last day of the period [default: the last day of last month;
    /// with --since alone, yesterday]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    until: Option<NaiveDate>,
    /// Who the issue is for: the public one holds only what the public site
    /// shows
    #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
    audience: AudienceArg,
    /// The issue's language [default: the site's first language]
    #[arg(long)]
    lang: Option<String>,
    /// Where to write the three files: a folder outside every built site
    /// [default: ROOT/newsletter; with --audience members,
    /// ROOT/newsletter-members]
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Override base_url from site.yaml (links and images point there)
    #[arg(long)]
    base_url: Option<String>,
    /// When the period has nothing new, write nothing and exit with status 3
    #[arg(long)]
    skip_empty: bool,
    /// Print nothing but errors
    #[arg(long, short)]
    quiet: bool,
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date: write it as 2026-11-01"))
}

pub fn run(args: Args) -> Result<ExitCode, Diagnostics> {
    let audience = args.audience.into();
    let output = args.output.clone().unwrap_or_else(|| {
        args.root.join(match audience {
            crate::content::Audience::Public => "newsletter",
            crate::content::Audience::Members => "newsletter-members",
        })
    });
    check_output(&output, &args.root)?;
    let options = Options {
        build: BuildOptions {
            root: args.root.clone(),
            output: output.clone(),
            base_url: args.base_url,
            audience,
            drafts: false,
            now: build_time(),
        },
        since: args.since,
        until: args.until,
        lang: args.lang,
    };
    let issue = newsletter::make(&options)?;
    let mut err = std::io::stderr().lock();
    if issue.empty && args.skip_empty {
        if !args.quiet {
            let _ = writeln!(
                err,
                "Nothing new from {} to {}: no newsletter written",
                issue.period.since, issue.period.until
            );
        }
        return Ok(ExitCode::from(EMPTY));
    }
    write(&output, &issue)?;
    if !args.quiet {
        let what = if issue.empty {
            " (nothing new in the period: the issue says so)"
        } else {
            ""
        };
        let _ = writeln!(
            err,
            "Wrote the {} newsletter in {} from {} to {} into {}{what}: {}",
            audience.as_str(),
            issue.lang,
            issue.period.since,
            issue.period.until,
            output.display(),
            issue.subject
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The issue goes outside every folder alumni built (a deploy would
/// publish it, the members' issue with it) and outside the site's sources.
fn check_output(output: &Path, root: &Path) -> Result<(), Diagnostics> {
    let refuse = |message: String| {
        Err(Diagnostics::from(
            Diagnostic::new(Location::file(output), message).with_hint(
                "choose a folder outside the built sites and the site's sources, e.g. -o newsletter",
            ),
        ))
    };
    if output.is_file() {
        return refuse("this is a file; the newsletter is written into a folder".into());
    }
    let absolute = crate::output::absolute(output);
    let real = absolute
        .ancestors()
        .find_map(|a| std::fs::canonicalize(a).ok().map(|r| (a, r)))
        .map(|(a, real)| real.join(absolute.strip_prefix(a).unwrap_or(Path::new(""))))
        .unwrap_or(absolute);
    if real
        .ancestors()
        .any(|dir| dir.join(crate::output::MARKER).is_file())
    {
        return refuse("the newsletter cannot be written inside a folder alumni built".into());
    }
    // Before the first build, its folders hold no marker yet: an issue
    // written there would be deployed with the site, or stop the build.
    for audience in [
        crate::content::Audience::Public,
        crate::content::Audience::Members,
    ] {
        let dir = crate::output::default_folder(audience);
        let built = crate::output::absolute(&root.join(dir));
        let built = std::fs::canonicalize(&built).unwrap_or(built);
        if real.starts_with(&built) {
            return refuse(format!(
                "the newsletter cannot be written inside a folder alumni build writes ({dir}/)"
            ));
        }
    }
    for dir in crate::sources::DIRS {
        let source = crate::output::absolute(&root.join(dir));
        let source = std::fs::canonicalize(&source).unwrap_or(source);
        if real.starts_with(&source) {
            return refuse(format!(
                "the newsletter cannot be written inside the site's {dir}/ folder"
            ));
        }
    }
    Ok(())
}

/// Writes the three files beside their final names, then renames each into
/// place: a failure before the renames leaves the previous issue as it was.
fn write(output: &Path, issue: &Newsletter) -> Result<(), Diagnostics> {
    let fail = |path: &Path, e: std::io::Error| {
        Diagnostics::from(
            Diagnostic::new(Location::file(path), format!("cannot write: {e}"))
                .with_hint("choose a folder you can write to with -o"),
        )
    };
    std::fs::create_dir_all(output).map_err(|e| fail(output, e))?;
    let contents: [&[u8]; 3] = [issue.html.as_bytes(), issue.text.as_bytes(), &issue.eml];
    let temps: Vec<PathBuf> = FILES
        .iter()
        .map(|name| output.join(format!(".{name}.tmp-{}", std::process::id())))
        .collect();
    let clean = || temps.iter().for_each(|t| drop(std::fs::remove_file(t)));
    for (temp, bytes) in temps.iter().zip(contents) {
        if let Err(e) = std::fs::write(temp, bytes) {
            clean();
            return Err(fail(temp, e));
        }
    }
    for (temp, name) in temps.iter().zip(FILES) {
        let file = output.join(name);
        if let Err(e) = std::fs::rename(temp, &file) {
            clean();
            return Err(fail(&file, e));
        }
    }
    Ok(())
}

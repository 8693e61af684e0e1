//! The command line: clap definitions and one file per subcommand.
//! Only this module prints or chooses the exit code.

mod build;
mod check;
mod completions;
mod import;
mod init;
mod new;
mod newsletter;
mod schema;
mod serve;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::{Local, NaiveDate};

use clap::{Parser, Subcommand, ValueEnum};

use crate::content::Audience;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::scaffold::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "alumni",
    version,
    about = "A static site generator for company alumni programmes",
    after_help = "Examples:
  alumni init my-alumni                      a new site to start from
  alumni new member \"山田 太郎\"              a new profile to fill in
  alumni import members export.csv           profiles from an HR export (UTF-8 or Shift_JIS)
  alumni check                               find problems, write nothing
  alumni build                               the public site, into public/
  alumni build --audience members            the site for members, into members-only/
  alumni serve                               a live preview at http://127.0.0.1:1111/
  alumni newsletter                          last month's news as an e-mail, into newsletter/

Exit status: 0 ok, 1 content or config error, 2 usage error (3: `newsletter --skip-empty` found nothing new)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into a folder of static files
    Build(build::Args),
    /// Preview the site on this machine, rebuilt and reloaded on every save
    Serve(serve::Args),
    /// Validate everything, write nothing; list errors and warnings
    Check(check::Args),
    /// Make a new site from a small working example
    Init(init::Args),
    /// Make a new member, story, event, job, news item or page
    New(new::Args),
    /// Make member files from an HR system's CSV export
    Import(import::Args),
    /// Write this month's newsletter: HTML, plain text and a .eml message
    Newsletter(newsletter::Args),
    /// Print the JSON Schema of site.yaml or of a kind's front matter
    Schema(schema::Args),
    /// Print shell completions (bash, zsh, fish…)
    Completions(completions::Args),
}

/// Who a build is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AudienceArg {
    /// Everyone: only public, consented profiles and public content
    Public,
    /// Logged-in members: adds members-only profiles and content
    Members,
}

impl From<AudienceArg> for Audience {
    fn from(a: AudienceArg) -> Self {
        match a {
            AudienceArg::Public => Audience::Public,
            AudienceArg::Members => Audience::Members,
        }
    }
}

/// Runs the command line; exit 0 ok, 1 content or config error, 2 usage error.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Init(args) => init::run(args).map(|()| ExitCode::SUCCESS),
        Command::New(args) => new::run(args).map(|()| ExitCode::SUCCESS),
        Command::Import(args) => import::run(args),
        Command::Newsletter(args) => newsletter::run(args),
        Command::Schema(args) => schema::run(args).map(|()| ExitCode::SUCCESS),
        Command::Completions(args) => completions::run::<Cli>(args).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("{report}");
            }
            ExitCode::from(1)
        }
    }
}

/// Today: the local date, or the date of `SOURCE_DATE_EPOCH` when set.
fn today() -> NaiveDate {
    if std::env::var_os("SOURCE_DATE_EPOCH").is_some() {
        build::build_time().date_naive()
    } else {
        Local::now().date_naive()
    }
}

/// Writes a new file (and its folders); never replaces an existing one.
fn write_new(path: &Path, text: &str) -> Result<(), Diagnostics> {
    let fail = |e: std::io::Error| {
        let d = match e.kind() {
            std::io::ErrorKind::AlreadyExists => Diagnostic::new(
                Location::file(path),
                "this file already exists; it is never overwritten",
            )
            .with_hint("edit the existing file, or choose another name"),
            _ => Diagnostic::new(Location::file(path), format!("cannot write: {e}")),
        };
        Diagnostics::from(d)
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)
}

/// The site's language, for the comments of new files; the folder must be a
/// site, but a site.yaml with errors still gets its files (in Japanese).
fn site_lang(root: &Path) -> Result<Lang, Diagnostics> {
    match crate::config::load(root) {
        Ok(c) => Ok(Lang::for_site(&c.language)),
        Err(_) if root.join(crate::config::FILE).is_file() => Ok(Lang::Ja),
        Err(e) => Err(e),
    }
}

/// `relative` under `root`, without a leading `./` when the root is the current folder.
fn under(root: &Path, relative: &Path) -> std::path::PathBuf {
    if root == Path::new(".") {
        relative.to_path_buf()
    } else {
        root.join(relative)
    }
}

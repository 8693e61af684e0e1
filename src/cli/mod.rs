//! The command line: clap definitions and one file per subcommand.
//! Only this module prints or chooses the exit code.

mod build;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::content::Audience;

#[derive(Debug, Parser)]
#[command(
    name = "alumni",
    version,
    about = "A static site generator for company alumni programmes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into a folder of static files
    Build(build::Args),
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(report) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("{report}");
            }
            ExitCode::from(1)
        }
    }
}

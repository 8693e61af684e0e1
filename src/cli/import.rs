//! `alumni import members`: member files from an HR export; prints what it
//! did, row by row, and a summary line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::write_new;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::import::{self, Existing, ImportPlan, Options, Outcome, columns};
use crate::sources::{self, ReadError};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  alumni import members export.csv
  alumni import members export.csv --dry-run
  alumni import members export.csv --map 社員氏名=name,最終所属=department,備考=-

The file may be UTF-8 (with or without BOM) or Shift_JIS (Excel's CSV in Japan).
Headers are member fields (name, left, department…) or usual headers (氏名,
フリガナ, 入社年, 退職年, 部署, 役職, メール, スキル); --map names the others, and
COLUMN=- leaves a column out. Columns such as salary, reason for leaving,
evaluation, employee number, birth date, gender, nationality or health are
refused. Imported members get `visibility: members` and no consent; existing
files are never overwritten (those rows are skipped).")]
pub struct Args {
    /// What to import
    #[arg(value_enum)]
    kind: Kind,
    /// The CSV file exported from the HR system
    file: PathBuf,
    /// Which field a column fills: COLUMN=field, comma-separated; COLUMN=- leaves it out
    #[arg(long, value_delimiter = ',', value_parser = columns::parse_mapping, value_name = "COLUMN=FIELD")]
    map: Vec<(String, String)>,
    /// The site's folder (with site.yaml)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Show what would be created, write nothing
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Kind {
    /// Member profiles, one per row, into content/members/
    Members,
}

pub fn run(args: Args) -> Result<ExitCode, Diagnostics> {
    let Kind::Members = args.kind;
    let lang = super::site_lang(&args.root)?;
    let bytes = sources::read_limited(&args.file, import::MAX_CSV_BYTES).map_err(|e| {
        let d = Diagnostic::new(Location::file(&args.file), e.to_string());
        Diagnostics::from(match e {
            ReadError::TooLarge { .. } => {
                d.with_hint("split the file and import the parts one after another")
            }
            ReadError::Io(_) => {
                d.with_hint("give the path of the CSV file exported from the HR system")
            }
        })
    })?;
    let options = Options {
        file: args.file.clone(),
        map: args.map,
        lang,
        today: super::today(),
    };
    let existing = Existing::read(&args.root);
    let plan = import::plan(&bytes, &options, &existing)?;
    let mut problems = Diagnostics::default();
    for outcome in &plan.outcomes {
        if let Some(d) = carry_out(outcome, &args.root, args.dry_run) {
            problems.push(d);
        }
    }
    report(&plan, &problems, &args.file, args.dry_run);
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Writes one planned file and says so; a failed row or write is returned.
#[allow(clippy::print_stdout)]
fn carry_out(outcome: &Outcome, root: &Path, dry_run: bool) -> Option<Diagnostic> {
    match outcome {
        Outcome::Create { row, path, text } => {
            let verb = if dry_run { "would create" } else { "created" };
            if !dry_run && let Err(mut e) = write_new(&super::under(root, path), text) {
                return e.0.pop();
            }
            println!("{verb} {} (row {row})", super::under(root, path).display());
            None
        }
        Outcome::Skip {
            row,
            name,
            existing,
        } => {
            println!(
                "skipped row {row} ({name}): already in {}",
                super::under(root, existing).display()
            );
            None
        }
        Outcome::Failed(d) => Some(d.clone()),
    }
}

fn report(plan: &ImportPlan, problems: &Diagnostics, file: &Path, dry_run: bool) {
    #[allow(clippy::print_stderr)]
    for d in &problems.0 {
        eprintln!("error: {d}\n");
    }
    let created = if dry_run {
        "would be created"
    } else {
        "created"
    };
    #[allow(clippy::print_stdout)]
    {
        println!(
            "{}: {} row{} ({}): {} {created}, {} skipped (already there), {} with errors",
            file.display(),
            plan.rows,
            if plan.rows == 1 { "" } else { "s" },
            plan.encoding.as_str(),
            plan.created(),
            plan.skipped(),
            problems.len(),
        );
    }
}

//! `alumni init`: write a small working site into an empty folder.

use std::fs;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::write_new;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::scaffold::{self, Lang};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  alumni init my-alumni              a Japanese site in ./my-alumni
  alumni init my-alumni --lang en    an English site
  cd my-alumni && alumni build       builds it into my-alumni/public/")]
pub struct Args {
    /// Folder for the new site: created if missing, must be empty
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Language of the sample content, the comments and the site
    #[arg(long, value_enum, default_value_t = LangArg::Ja)]
    lang: LangArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    /// 日本語
    Ja,
    /// English
    En,
}

pub fn run(args: Args) -> Result<(), Diagnostics> {
    refuse_non_empty(&args.dir)?;
    let lang = match args.lang {
        LangArg::Ja => Lang::Ja,
        LangArg::En => Lang::En,
    };
    let files = scaffold::site(lang, super::today());
    for file in &files {
        write_new(&super::under(&args.dir, Path::new(&file.path)), &file.text)?;
    }
    print_next_steps(&args.dir, files.len(), lang);
    Ok(())
}

/// A site is only ever made in an empty folder (a `.git` folder is fine).
fn refuse_non_empty(dir: &Path) -> Result<(), Diagnostics> {
    let err = |message: String, hint: &str| {
        Diagnostics::from(Diagnostic::new(Location::file(dir), message).with_hint(hint))
    };
    if dir.exists() && !dir.is_dir() {
        return Err(err(
            "this is a file, not a folder".into(),
            "give the name of a new folder, e.g. `alumni init my-alumni`",
        ));
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".git")
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let shown = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    Err(err(
        format!(
            "the folder is not empty (it has {shown}{}): `init` never overwrites files",
            if names.len() > 3 { ", …" } else { "" }
        ),
        "give the name of a new folder, e.g. `alumni init my-alumni`",
    ))
}

#[allow(clippy::print_stdout)]
fn print_next_steps(dir: &Path, count: usize, lang: Lang) {
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("  cd {}\n", dir.display())
    };
    let name = if lang == Lang::Ja {
        "山田 太郎"
    } else {
        "Taro Yamada"
    };
    println!(
        "Created a new alumni site in {} ({count} files).\n\n\
         Next steps:\n{cd}  \
         (edit site.yaml: title, base_url, company, programme)\n  \
         alumni check                      # find problems, write nothing\n  \
         alumni build                      # the public site, into public/\n  \
         alumni new member \"{name}\"       # a new profile to fill in\n  \
         alumni import members export.csv  # profiles from an HR export",
        dir.display()
    );
}

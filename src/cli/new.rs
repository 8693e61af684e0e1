//! `alumni new`: a new content file with every field present or commented,
//! as a draft, so that an untouched copy publishes nothing.

use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::write_new;
use crate::content::{Section, slug};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::scaffold;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  alumni new member \"山田 太郎\"            content/members/山田-太郎.md
  alumni new member \"Taro Yamada\"          content/members/taro-yamada.md
  alumni new event \"Summer meetup 2026\"    content/events/summer-meetup-2026.md
  alumni new story \"おかえり採用\" --slug okaeri

Prints the path of the new file; never overwrites one. The new file is a
draft (`draft: true`) until you set `draft: false` or remove that line.")]
pub struct Args {
    /// What to create
    #[arg(value_enum)]
    kind: Kind,
    /// The member's name, or the title
    #[arg(value_name = "NAME")]
    title: String,
    /// The site's folder (with site.yaml)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// File name and URL slug [default: made from the name or title]
    #[arg(long)]
    slug: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Kind {
    /// A member profile (content/members/)
    Member,
    /// A story, a case study (content/stories/)
    Story,
    /// An event (content/events/)
    Event,
    /// A job open to alumni (content/jobs/)
    Job,
    /// A news item (content/news/)
    News,
    /// A free page such as an FAQ (content/pages/)
    Page,
}

impl Kind {
    fn section(self) -> Section {
        match self {
            Kind::Member => Section::Members,
            Kind::Story => Section::Stories,
            Kind::Event => Section::Events,
            Kind::Job => Section::Jobs,
            Kind::News => Section::News,
            Kind::Page => Section::Pages,
        }
    }
}

pub fn run(args: Args) -> Result<(), Diagnostics> {
    let lang = super::site_lang(&args.root)?;
    let title = args.title.trim();
    let slug = make_slug(title, args.slug.as_deref())?;
    let section = args.kind.section();
    let relative = Path::new("content")
        .join(section.dir())
        .join(format!("{slug}.md"));
    let text = scaffold::document(section, lang, title, &slug, super::today());
    let path = super::under(&args.root, &relative);
    write_new(&path, &text).map_err(with_slug_hint)?;
    #[allow(clippy::print_stdout, clippy::print_stderr)]
    {
        println!("{}", path.display());
        eprintln!(
            "It is a draft: no build publishes it (except with --drafts) until you set `draft: false` in it, or remove that line."
        );
    }
    Ok(())
}

fn make_slug(title: &str, given: Option<&str>) -> Result<String, Diagnostics> {
    let at = |origin: &str, message: String, hint: &str| {
        Diagnostics::from(Diagnostic::new(Location::argument(origin), message).with_hint(hint))
    };
    if title.is_empty() {
        return Err(at(
            "NAME",
            "the name or title is empty".into(),
            "give the member's name or the title, e.g. alumni new member \"山田 太郎\"",
        ));
    }
    let Some(given) = given else {
        let raw = slug::from_name(title);
        if raw.is_empty() {
            return Err(at(
                "NAME",
                format!("`{title}` has no letters or digits to make a file name from"),
                "give a file name with --slug, e.g. --slug summer-meetup",
            ));
        }
        return slug::from_user(&raw).map_err(|message| {
            at(
                "NAME",
                message,
                "give a file name with --slug, e.g. --slug summer-meetup",
            )
        });
    };
    slug::from_user(given).map_err(|message| {
        at(
            "--slug",
            message,
            "give a file name with --slug, e.g. --slug summer-meetup",
        )
    })
}

fn with_slug_hint(mut e: Diagnostics) -> Diagnostics {
    for d in
        e.0.iter_mut()
            .filter(|d| d.message.contains("already exists"))
    {
        d.hint = Some("edit it, or give the new file another name with --slug".into());
    }
    e
}

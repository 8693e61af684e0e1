//! The files `alumni init` and `alumni new` start from, embedded in the binary.
//!
//! `init/<lang>/` is a small working site (config, two members, a story, an
//! event, a job, a news item, three pages); `new/<lang>/<kind>.md` is one
//! content file with every field present or commented. Templates hold a few
//! `{{placeholders}}` (dates, the title, the slug) filled in here. Pure: this
//! module returns texts and paths; the CLI writes them.

use chrono::{Datelike, Days, NaiveDate};
use include_dir::{Dir, DirEntry, include_dir};

use crate::content::Section;

static INIT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/init");
static NEW: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/new");

/// The language of the comments and sample text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The scaffold language for a site language: Japanese, else English.
    pub fn for_site(language: &str) -> Lang {
        if language.starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }
}

/// A file to create: its path relative to the site root, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub path: String,
    pub text: String,
}

/// Every file of a new site, dated from `today` (events and job deadlines
/// fall in the future, so a fresh site has nothing past or closed).
pub fn site(lang: Lang, today: NaiveDate) -> Vec<NewFile> {
    let dates = [
        ("today", today.to_string()),
        ("event_day", (today + Days::new(45)).to_string()),
        ("closes", (today + Days::new(90)).to_string()),
    ];
    let root = INIT
        .get_dir(lang.as_str())
        .expect("the init templates are embedded for every language");
    let mut files = Vec::new();
    collect(root, &mut files);
    files
        .into_iter()
        .map(|(path, text)| NewFile {
            path: output_name(path.strip_prefix(lang.as_str()).unwrap_or(&path)),
            text: fill(text, &dates),
        })
        .collect()
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static str)>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => collect(d, out),
            DirEntry::File(f) => out.push((
                f.path().to_string_lossy().replace('\\', "/"),
                f.contents_utf8().unwrap_or_default(),
            )),
        }
    }
}

/// Template names that would act on this repository if stored as is.
fn output_name(path: &str) -> String {
    let path = path.trim_start_matches('/');
    match path {
        "gitignore" => ".gitignore".to_string(),
        other => other.to_string(),
    }
}

/// The text of a new `section` document titled `title`.
pub fn document(section: Section, lang: Lang, title: &str, slug: &str, today: NaiveDate) -> String {
    let name = format!("{}/{}.md", lang.as_str(), template_name(section));
    let template = NEW
        .get_file(&name)
        .and_then(|f| f.contents_utf8())
        .expect("a new-document template is embedded for every section and language");
    fill(
        template,
        &[
            ("title", yaml_string(title)),
            ("slug", slug.to_string()),
            ("today", today.to_string()),
            ("year", today.year().to_string()),
        ],
    )
}

fn template_name(section: Section) -> &'static str {
    match section {
        Section::Members => "member",
        Section::Stories => "story",
        Section::Events => "event",
        Section::Jobs => "job",
        Section::News => "news",
        Section::Pages => "page",
    }
}

/// Replaces each `{{name}}` in `template`.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{{{name}}}}}"), value)
        })
}

/// `text` as a YAML double-quoted scalar: safe whatever it contains.
pub fn yaml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()
    }

    #[test]
    fn quotes_anything_as_yaml() {
        assert_eq!(yaml_string("山田 太郎"), "\"山田 太郎\"");
        assert_eq!(yaml_string("a \"b\": c\\"), "\"a \\\"b\\\": c\\\\\"");
        assert_eq!(yaml_string("a\nb\u{7}"), "\"a\\nb\\u0007\"");
    }

    #[test]
    fn new_member_has_today_members_visibility_and_the_title() {
        let text = document(Section::Members, Lang::En, "Taro: \"T\"", "taro-t", day());
        assert!(text.contains("name: \"Taro: \\\"T\\\"\""), "{text}");
        assert!(text.contains("left: 2025 "), "{text}");
        assert!(text.contains("visibility: members"), "{text}");
        assert!(text.contains("# consent: 2025-04-01"), "{text}");
        assert!(!text.contains("{{"), "{text}");
    }

    #[test]
    fn every_section_has_a_template_in_every_language() {
        for lang in [Lang::Ja, Lang::En] {
            for section in Section::ALL {
                let text = document(section, lang, "T", "t", day());
                assert!(text.starts_with("---\n"), "{section:?} {lang:?}");
                assert!(!text.contains("{{"), "{section:?} {lang:?}");
            }
        }
    }

    #[test]
    fn new_site_is_dated_and_complete() {
        for lang in [Lang::Ja, Lang::En] {
            let files = site(lang, day());
            let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
            assert!(paths.contains(&"site.yaml"), "{paths:?}");
            assert!(paths.contains(&".gitignore"), "{paths:?}");
            assert!(paths.contains(&"content/pages/privacy.md"), "{paths:?}");
            assert!(files.iter().all(|f| !f.text.contains("{{")));
            assert!(
                files
                    .iter()
                    .any(|f| f.text.contains("2025-05-16T19:00:00+09:00"))
            );
        }
    }
}

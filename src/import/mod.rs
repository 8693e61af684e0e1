//! `alumni import members`: an HR system's CSV export → member files.
//!
//! [`plan`] decides everything before anything is written: the file is
//! decoded ([`decode`]), its header row checked ([`columns`]: a banned or
//! unexplained column refuses the whole file), and each row turned into a
//! member file ([`row`]) or reported with its row number. A row whose member
//! is already in `content/members/` (same slug, or same name) is skipped:
//! existing files are never overwritten. Writes nothing; the CLI writes the
//! planned files.

pub mod columns;
pub mod decode;
pub mod row;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::content::{front_matter, slug};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::scaffold::Lang;
use columns::{Column, Refusal};
use decode::Detected;
use row::Origin;

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The CSV file as the user named it, for messages.
    pub file: PathBuf,
    /// `--map` entries: column → field (or `-`).
    pub map: Vec<(String, String)>,
    pub lang: Lang,
    pub today: NaiveDate,
}

/// What happens to one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new file at `path` (relative to the site root).
    Create {
        row: usize,
        path: PathBuf,
        text: String,
    },
    /// The member is already there.
    Skip {
        row: usize,
        name: String,
        existing: PathBuf,
    },
    /// The row is wrong; the others still count.
    Failed(Diagnostic),
}

/// The whole import, decided.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub encoding: Detected,
    /// Data rows read (blank rows not counted).
    pub rows: usize,
    pub outcomes: Vec<Outcome>,
}

impl ImportPlan {
    pub fn created(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Create { .. }))
            .count()
    }

    pub fn skipped(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Skip { .. }))
            .count()
    }

    pub fn failed(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Failed(_)))
            .count()
    }
}

/// The members already in the site, by slug and by name.
#[derive(Debug, Clone, Default)]
pub struct Existing {
    slugs: HashMap<String, PathBuf>,
    names: HashMap<String, PathBuf>,
}

impl Existing {
    /// Reads `root/content/members/*.md`; files that do not parse count by file name.
    pub fn read(root: &Path) -> Existing {
        #[derive(Deserialize)]
        struct Loose {
            name: Option<String>,
            slug: Option<String>,
        }
        let mut existing = Existing::default();
        let dir = root.join("content").join("members");
        let Ok(entries) = fs::read_dir(&dir) else {
            return existing;
        };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let shown = Path::new("content/members").join(path.file_name().unwrap_or_default());
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            existing.slugs.insert(stem, shown.clone());
            let text = fs::read_to_string(&path).unwrap_or_default();
            let Ok(split) = front_matter::split(&text) else {
                continue;
            };
            let Ok(front) =
                front_matter::parse::<Loose>(&shown, &text, split.yaml, split.yaml_line_offset)
            else {
                continue;
            };
            if let Some(s) = front.slug.and_then(|s| slug::from_user(&s).ok()) {
                existing.slugs.insert(s, shown.clone());
            }
            if let Some(n) = front.name {
                existing.names.insert(same_name(&n), shown);
            }
        }
        existing
    }

    fn find(&self, slug: &str, name: &str) -> Option<&PathBuf> {
        self.slugs
            .get(slug)
            .or_else(|| self.names.get(&same_name(name)))
    }
}

/// Names compare without spaces (山田 太郎 = 山田　太郎 = 山田太郎) and case.
fn same_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Decides the import of `bytes`; `Err` refuses the whole file.
/// The largest CSV file an import reads (about half a million rows of a
/// typical HR export).
pub const MAX_CSV_BYTES: u64 = 128 * 1024 * 1024;

/// The most columns a CSV may have: a member profile has about twenty
/// fields, an HR system's full export perhaps a hundred columns. A wider
/// file would only produce an error per unknown column.
const MAX_COLUMNS: usize = 500;

pub fn plan(
    bytes: &[u8],
    options: &Options,
    existing: &Existing,
) -> Result<ImportPlan, Diagnostics> {
    let whole = |message: String, hint: &str| {
        Diagnostics::from(Diagnostic::new(Location::file(&options.file), message).with_hint(hint))
    };
    let (text, encoding) = decode::decode(bytes).map_err(|e| {
        whole(
            e,
            "save the file from Excel as \"CSV UTF-8\" or \"CSV\", and import it again",
        )
    })?;
    let records: Vec<(usize, Vec<String>)> = read_records(&text).collect();
    let Some(((_, header), rows)) = records.split_first() else {
        return Err(whole(
            "the file is empty".into(),
            "export the members with a header row, e.g. 氏名,退職年",
        ));
    };
    if header.len() > MAX_COLUMNS {
        return Err(whole(
            format!(
                "the header row has {} columns; an import reads at most {MAX_COLUMNS}",
                header.len()
            ),
            "export only the columns of the member profile (name, years, department, ...)",
        ));
    }
    if let Some(n) = unnamed_with_values(header, rows) {
        return Err(whole(
            format!(
                "column {n} has no name in the header row but has values; nothing was imported"
            ),
            "give the column a name (and --map it), or delete it",
        ));
    }
    let columns =
        columns::resolve(header, &options.map).map_err(|r| refusals(r, options, &text))?;
    let mut rows_plan = RowsPlan {
        options,
        existing,
        text: &text,
        header_len: header.len(),
        columns: &columns,
        planned: HashMap::new(),
    };
    let outcomes: Vec<Outcome> = rows
        .iter()
        .enumerate()
        .filter(|(_, (_, record))| record.iter().any(|v| !v.trim().is_empty()))
        // The spreadsheet's row number: the header is row 1.
        .map(|(index, (line, record))| rows_plan.row(index + 2, *line, record))
        .collect();
    Ok(ImportPlan {
        encoding,
        rows: outcomes.len(),
        outcomes,
    })
}

/// The 1-based number of a column without a header whose cells are not all empty.
fn unnamed_with_values(header: &[String], rows: &[(usize, Vec<String>)]) -> Option<usize> {
    (0..header.len())
        .filter(|&i| header[i].trim().trim_start_matches('\u{feff}').is_empty())
        .find(|&i| {
            rows.iter()
                .any(|(_, r)| r.get(i).is_some_and(|v| !v.trim().is_empty()))
        })
        .map(|i| i + 1)
}

/// Turns rows into outcomes, remembering the slugs already planned.
struct RowsPlan<'a> {
    options: &'a Options,
    existing: &'a Existing,
    text: &'a str,
    header_len: usize,
    columns: &'a [Column],
    /// Slug → the row that took it.
    planned: HashMap<String, usize>,
}

impl RowsPlan<'_> {
    fn row(&mut self, row: usize, line: usize, record: &[String]) -> Outcome {
        let at = |message: String, hint: &str| {
            let location = Location::at(&self.options.file, line, 0);
            let d = Diagnostic::new(location, format!("row {row}: {message}"));
            Outcome::Failed(d.with_source(self.text).with_hint(hint))
        };
        if record.len() > self.header_len {
            let message = format!(
                "{} values, but the header has {} columns",
                record.len(),
                self.header_len
            );
            return at(
                message,
                "a value with a comma must be in double quotes: \"a, b\"",
            );
        }
        let file_name = self.options.file.display().to_string();
        let origin = Origin {
            file: &file_name,
            row,
            today: self.options.today,
            lang: self.options.lang,
        };
        let member = match row::member(&fields(self.columns, record), origin) {
            Ok(m) => m,
            Err(message) => {
                let hint =
                    "fix this row in the file and import again: rows already imported are skipped";
                return at(message, hint);
            }
        };
        if let Some(first) = self.planned.get(&*member.slug) {
            let message = format!(
                "{} has the same file name ({}) as row {first}",
                member.name, member.slug
            );
            return at(
                message,
                "add a `slug` column to tell them apart, e.g. yamada-taro-2",
            );
        }
        self.planned.insert(member.slug.clone(), row);
        match self.existing.find(&member.slug, &member.name) {
            Some(path) => Outcome::Skip {
                row,
                name: member.name,
                existing: path.clone(),
            },
            None => Outcome::Create {
                row,
                path: Path::new("content/members").join(format!("{}.md", member.slug)),
                text: member.text,
            },
        }
    }
}

/// Records with the 1-based line each starts on; the first is the header.
/// Lines are counted from each record's byte offset, so that a file with
/// CRLF line ends (every Excel export) is counted as it shows.
fn read_records(text: &str) -> impl Iterator<Item = (usize, Vec<String>)> + '_ {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut counted = (0, 1);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(decode::delimiter(text))
        .from_reader(text.as_bytes())
        .into_records()
        .filter_map(Result::ok)
        .map(move |r| {
            let line = r.position().map_or(0, |p| {
                let (from, line) = counted;
                // The csv reader ends a record at `\r` and may count the
                // `\n` after it as the next record's start: skip line ends.
                let mut to = (p.byte() as usize).clamp(from, text.len());
                while matches!(text.as_bytes().get(to), Some(b'\r' | b'\n')) {
                    to += 1;
                }
                counted = (
                    to,
                    line + memchr::memchr_iter(b'\n', &text.as_bytes()[from..to]).count(),
                );
                counted.1
            });
            (line, r.iter().map(str::to_string).collect())
        })
}

fn fields(columns: &[Column], record: &[String]) -> Vec<(&'static str, String)> {
    columns
        .iter()
        .zip(record)
        .filter_map(|(c, v)| match c {
            Column::Field(f) => Some((*f, v.clone())),
            Column::Skip => None,
        })
        .collect()
}

/// Every reason the header row refuses the file, each naming its column.
fn refusals(refusals: Vec<Refusal>, options: &Options, text: &str) -> Diagnostics {
    let file = &options.file;
    let at_header = |message: String, hint: String| {
        Diagnostic::new(Location::at(file, 1, 0), message)
            .with_source(text)
            .with_hint(hint)
    };
    // Several banned columns: one error, with one --map that leaves them all out.
    let banned: Vec<(String, &str)> = refusals
        .iter()
        .filter_map(|r| match r {
            Refusal::Banned(col, what) => Some((col.clone(), *what)),
            _ => None,
        })
        .collect();
    let grouped = (banned.len() > 1).then(|| {
        let listed: Vec<String> = banned
            .iter()
            .map(|(col, what)| format!("`{col}` ({what})"))
            .collect();
        let map: Vec<String> = banned.iter().map(|(col, _)| format!("{col}=-")).collect();
        at_header(
            format!(
                "{} columns must never enter an alumni site: {}; nothing was imported",
                banned.len(),
                listed.join(", ")
            ),
            format!(
                "delete them from the file, or leave them all out with --map '{}'",
                map.join(",")
            ),
        )
    });
    let is_grouped = grouped.is_some();
    let refusals = refusals
        .into_iter()
        .filter(move |r| !is_grouped || !matches!(r, Refusal::Banned(..)));
    let all = grouped.into_iter().chain(refusals.map(|r| match r {
        Refusal::Banned(col, what) => at_header(
            format!("column `{col}` ({what}) must never enter an alumni site; nothing was imported"),
            format!("delete the column from the file, or leave it out with --map '{col}=-'"),
        ),
        Refusal::Publishing(col, field) => at_header(
            format!("column `{col}` would set `{field}`: an import never publishes anyone; nothing was imported"),
            format!("leave it out with --map '{col}=-'; set `{field}` in a member's file once they agreed"),
        ),
        Refusal::Unknown(col, near) => at_header(
            format!("column `{col}` is not a member field; nothing was imported"),
            match near {
                Some(f) => format!("did you mean `{f}`? Use --map '{col}={f}', or --map '{col}=-' to leave it out"),
                None => format!("say what it is with --map '{col}=FIELD', or leave it out with --map '{col}=-' (fields: {})", columns::FIELDS.join(", ")),
            },
        ),
        Refusal::Twice(a, b, field) => at_header(
            format!("columns `{a}` and `{b}` both give `{field}`; nothing was imported"),
            format!("leave one out, e.g. --map '{b}=-'"),
        ),
        Refusal::Missing(field) => at_header(
            format!("no column gives `{field}`, which every member needs; nothing was imported"),
            format!(
                "add a column `{field}`{}, or name yours with --map 'COLUMN={field}'",
                match field {
                    "name" => " (or 氏名)",
                    "left" => " (or 退職年)",
                    _ => "",
                }
            ),
        ),
    }));
    Diagnostics(all.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Options {
        Options {
            file: "hr.csv".into(),
            map: vec![],
            lang: Lang::Ja,
            today: NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
        }
    }

    #[test]
    fn plans_rows_reports_bad_ones_and_skips_existing() {
        let csv = "氏名,退職年,スキル\n山田 太郎,2019,\"Rust, Go\"\n,,\n佐藤 花子,いつか,\n鈴木 一郎,2020,\n山田　太郎,2018,\n";
        let mut existing = Existing::default();
        existing
            .names
            .insert(same_name("鈴木一郎"), "content/members/suzuki.md".into());
        let plan = plan(csv.as_bytes(), &options(), &existing).unwrap();
        assert_eq!(plan.rows, 4);
        assert_eq!((plan.created(), plan.skipped(), plan.failed()), (1, 1, 2));
        let Outcome::Create { path, text, .. } = &plan.outcomes[0] else {
            panic!()
        };
        assert_eq!(path, Path::new("content/members/山田-太郎.md"));
        assert!(text.contains("skills: [\"Rust\", \"Go\"]"), "{text}");
        let Outcome::Failed(d) = &plan.outcomes[1] else {
            panic!()
        };
        assert!(
            d.message.starts_with("row 4: left `いつか`"),
            "{}",
            d.message
        );
        assert_eq!(d.location.line, 4);
        let Outcome::Failed(d) = &plan.outcomes[3] else {
            panic!()
        };
        assert!(d.message.contains("as row 2"), "{}", d.message);
    }

    #[test]
    fn rows_are_located_on_their_line_whatever_the_line_ends() {
        for csv in [
            "name,left\r\nA,2019\r\n\"B\r\nC\",x\r\n,2020\r\n",
            "name,left\nA,2019\n\"B\nC\",x\n,2020\n",
        ] {
            let plan = plan(csv.as_bytes(), &options(), &Existing::default()).unwrap();
            let lines: Vec<(usize, &str)> = plan
                .outcomes
                .iter()
                .filter_map(|o| match o {
                    Outcome::Failed(d) => Some((d.location.line, d.message.split(':').next()?)),
                    _ => None,
                })
                .collect();
            assert_eq!(
                lines,
                [
                    // The row of `B\nC` starts on line 3; `,2020` is on line 5.
                    (3, "row 3"),
                    (5, "row 4")
                ],
                "{csv:?}"
            );
        }
    }

    #[test]
    fn unnamed_columns_must_be_empty() {
        let none = Existing::default();
        let ok = plan("氏名,退職年,\nA,2019,\n".as_bytes(), &options(), &none).unwrap();
        assert_eq!(ok.created(), 1);
        let err = plan("氏名,退職年,\nA,2019,x\n".as_bytes(), &options(), &none).unwrap_err();
        assert!(
            err.0[0].message.starts_with("column 3 has no name"),
            "{err}"
        );
    }

    #[test]
    fn a_banned_column_refuses_the_whole_file() {
        let err = plan(
            "氏名,退職年,給与\nA,2019,100\n".as_bytes(),
            &options(),
            &Existing::default(),
        )
        .unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(err.0[0].message.contains("`給与`"), "{}", err.0[0].message);
    }
}

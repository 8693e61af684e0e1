//! One row of an HR export → the text of a member file.
//!
//! Values are checked and normalised as editors would write them: dates as
//! Excel exports them (`2019/3/31`, `2019年3月`) become `2019-03-31` or a
//! year, lists (`skills`) are split on 、 , ; / and their full-width forms.
//! The member gets `visibility: members` and no consent, whatever the row
//! says: an import never publishes anyone. The text is parsed back with the
//! real front-matter parser before it is accepted.

use std::path::Path;

use chrono::NaiveDate;

use crate::content::front_matter;
use crate::content::kinds::{Member, OpenTo};
use crate::content::slug;
use crate::content::url::ExternalUrl;
use crate::diagnostics::did_you_mean;
use crate::scaffold::{Lang, yaml_string};

/// Where a row comes from, for the comment at the top of its file.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a str,
    pub row: usize,
    pub today: NaiveDate,
    pub lang: Lang,
}

/// A member file made from a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    pub name: String,
    pub slug: String,
    pub text: String,
}

/// The member file for one row's `(field, value)` pairs, or what is wrong with it.
pub fn member(values: &[(&'static str, String)], origin: Origin) -> Result<NewMember, String> {
    let get = |field: &str| {
        values
            .iter()
            .find(|(f, v)| *f == field && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    };
    let name = get("name").ok_or("the name is empty")?.to_string();
    let left = get("left").ok_or_else(|| format!("`left` (the year {name} left) is empty"))?;
    let slug = member_slug(get("slug"), &name)?;
    let mut yaml = Yaml::default();
    yaml.comment(&header_comment(origin));
    yaml.text("name", Some(&name));
    yaml.text("name_reading", get("name_reading"));
    yaml.raw(
        "joined",
        get("joined")
            .map(|v| year_or_date("joined", v))
            .transpose()?,
    );
    yaml.raw("left", Some(year_or_date("left", left)?));
    yaml.text("department", get("department"));
    yaml.text("role", get("role"));
    yaml.map("now", &["company", "title", "industry"], |k| {
        get(&format!("now.{k}")).map(yaml_string)
    });
    yaml.text("location", get("location"));
    yaml.raw(
        "skills",
        get("skills")
            .map(|v| list(v).iter().map(|s| yaml_string(s)).collect::<Vec<_>>())
            .map(|l| format!("[{}]", l.join(", "))),
    );
    yaml.raw("open_to", get("open_to").map(open_to).transpose()?);
    yaml.raw(
        "returned",
        get("returned")
            .map(|v| year_or_date("returned", v))
            .transpose()?,
    );
    let links = ["linkedin", "website", "x", "github"];
    let urls: Vec<(&str, String)> = links
        .iter()
        .filter_map(|k| Some((*k, get(&format!("links.{k}"))?)))
        .map(|(k, v)| {
            ExternalUrl::parse(v)
                .map(|u| (k, yaml_string(u.as_str())))
                .map_err(|e| format!("links.{k}: {e}"))
        })
        .collect::<Result<_, _>>()?;
    yaml.map("links", &links, |k| {
        urls.iter().find(|(l, _)| *l == k).map(|(_, u)| u.clone())
    });
    yaml.raw("email", get("email").map(email).transpose()?);
    yaml.raw("visibility", Some("members".to_string()));
    yaml.comment(consent_comment(origin.lang));
    let text = yaml.finish();
    parses(&text)?;
    Ok(NewMember { name, slug, text })
}

/// Front matter written line by line; every text value double-quoted.
#[derive(Default)]
struct Yaml {
    lines: Vec<String>,
}

impl Yaml {
    fn comment(&mut self, text: &str) {
        self.lines.extend(text.lines().map(|l| format!("# {l}")));
    }

    fn raw(&mut self, key: &str, value: Option<String>) {
        if let Some(v) = value {
            self.lines.push(format!("{key}: {v}"));
        }
    }

    fn text(&mut self, key: &str, value: Option<&str>) {
        self.raw(key, value.map(yaml_string));
    }

    fn map(&mut self, key: &str, keys: &[&str], value: impl Fn(&str) -> Option<String>) {
        let entries: Vec<String> = keys
            .iter()
            .filter_map(|k| Some(format!("{k}: {}", value(k)?)))
            .collect();
        if !entries.is_empty() {
            self.lines
                .push(format!("{key}: {{{}}}", entries.join(", ")));
        }
    }

    fn finish(self) -> String {
        format!("---\n{}\n---\n", self.lines.join("\n"))
    }
}

fn header_comment(o: Origin) -> String {
    match o.lang {
        Lang::Ja => format!(
            "{} の {} 行目から取り込みました（{}）。\n会員向けのビルドだけに出ます。公開するのは本人の同意を得てから:\nvisibility: public にして、consent: に同意した日を書いてください。",
            o.file, o.row, o.today
        ),
        Lang::En => format!(
            "Imported from {}, row {}, on {}.\nOnly in the members build. To publish this profile, ask the member first,\nthen set visibility: public and consent: to the day they agreed.",
            o.file, o.row, o.today
        ),
    }
}

fn consent_comment(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "consent: YYYY-MM-DD   （掲載に同意した日）",
        Lang::En => "consent: YYYY-MM-DD   (the day the member agreed to be published)",
    }
}

fn member_slug(given: Option<&str>, name: &str) -> Result<String, String> {
    let raw = given.map_or_else(|| slug::from_name(name), str::to_string);
    slug::from_user(&raw)
        .map_err(|e| format!("cannot make a file name from `{name}` ({e}); add a `slug` column"))
}

/// A year (`2019`) or a date (`2019-03-31`) from what spreadsheets write:
/// `2019/3/31`, `2019.3.31`, `2019年3月31日`, `2019/03/31 0:00`, `2019年3月` (a year).
pub fn year_or_date(field: &str, raw: &str) -> Result<String, String> {
    let bad = || format!("{field} `{raw}` is not a year or a date: write 2019 or 2019-03-31");
    let half: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '／' => '/',
            c => c,
        })
        .collect();
    let first = half
        .split(|c: char| c.is_whitespace() || c == 'T')
        .next()
        .unwrap_or("");
    let cleaned = first.replace(['年', '月', '/', '.'], "-").replace('日', "");
    let parts: Vec<&str> = cleaned.trim_end_matches('-').split('-').collect();
    let num = |s: &str| s.parse::<u32>().ok();
    let year = num(parts[0])
        .filter(|y| (1900..=2200).contains(y) && parts[0].len() == 4)
        .ok_or_else(bad)?;
    match parts[1..] {
        [] => Ok(year.to_string()),
        [m] if num(m).is_some_and(|m| (1..=12).contains(&m)) => Ok(year.to_string()),
        [m, d] => {
            let date = NaiveDate::from_ymd_opt(
                year as i32,
                num(m).ok_or_else(bad)?,
                num(d).ok_or_else(bad)?,
            )
            .ok_or_else(bad)?;
            Ok(date.format("%Y-%m-%d").to_string())
        }
        _ => Err(bad()),
    }
}

/// A list cell: `Rust、Go / SQL; 英語` → its items.
pub fn list(cell: &str) -> Vec<String> {
    cell.split(['、', ',', '，', ';', '；', '/', '／', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn open_to(cell: &str) -> Result<String, String> {
    let known = OpenTo::ALL.map(OpenTo::as_str);
    let mut items = Vec::new();
    for item in list(cell) {
        let lower = item.to_lowercase();
        match known.iter().find(|o| **o == lower) {
            Some(o) => items.push(*o),
            None => {
                let hint = did_you_mean(&lower, known.iter().copied()).map_or_else(
                    || format!("one of {}", known.join(", ")),
                    |s| format!("did you mean `{s}`?"),
                );
                return Err(format!("open_to `{item}` is not known: {hint}"));
            }
        }
    }
    Ok(format!("[{}]", items.join(", ")))
}

fn email(raw: &str) -> Result<String, String> {
    let ok = raw
        .split_once('@')
        .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
        && !raw.chars().any(char::is_whitespace);
    if ok {
        Ok(yaml_string(raw))
    } else {
        Err(format!("email `{raw}` is not an email address"))
    }
}

/// The text must load as a member file exactly as a build would load it.
fn parses(text: &str) -> Result<(), String> {
    let split = front_matter::split(text).map_err(|(_, m)| m.to_string())?;
    front_matter::parse::<Member>(
        Path::new("member.md"),
        text,
        split.yaml,
        split.yaml_line_offset,
    )
    .map(|_| ())
    .map_err(|d| d.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin<'static> {
        Origin {
            file: "hr.csv",
            row: 2,
            today: NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
            lang: Lang::En,
        }
    }

    fn values(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn reads_spreadsheet_dates() {
        assert_eq!(year_or_date("left", "2019").unwrap(), "2019");
        assert_eq!(year_or_date("left", "2019/3/31").unwrap(), "2019-03-31");
        assert_eq!(
            year_or_date("left", "２０１９年３月３１日").unwrap(),
            "2019-03-31"
        );
        assert_eq!(
            year_or_date("left", "2019/03/31 0:00").unwrap(),
            "2019-03-31"
        );
        assert_eq!(year_or_date("left", "2019年3月").unwrap(), "2019");
        assert!(year_or_date("left", "2019/2/30").is_err());
        assert!(year_or_date("left", "令和元年").is_err());
        assert!(year_or_date("left", "43555").is_err());
    }

    #[test]
    fn splits_lists_on_japanese_and_ascii_separators() {
        assert_eq!(
            list("Rust、Go / SQL; 英語，経理"),
            ["Rust", "Go", "SQL", "英語", "経理"]
        );
    }

    #[test]
    fn a_row_becomes_a_members_only_profile_without_consent() {
        let m = member(
            &values(&[
                ("name", "山田 \"太郎\""),
                ("left", "2019/3/31"),
                ("skills", "a、b"),
                ("now.company", "Acme"),
                ("open_to", "Mentoring"),
            ]),
            origin(),
        )
        .unwrap();
        assert_eq!(m.slug, "山田-太郎");
        assert!(
            m.text.contains("name: \"山田 \\\"太郎\\\"\"\n"),
            "{}",
            m.text
        );
        assert!(m.text.contains("left: 2019-03-31\n"), "{}", m.text);
        assert!(m.text.contains("skills: [\"a\", \"b\"]\n"), "{}", m.text);
        assert!(m.text.contains("now: {company: \"Acme\"}\n"), "{}", m.text);
        assert!(m.text.contains("open_to: [mentoring]\n"), "{}", m.text);
        assert!(m.text.contains("\nvisibility: members\n"), "{}", m.text);
        assert!(!m.text.contains("\nconsent:"), "{}", m.text);
    }

    #[test]
    fn bad_values_are_reported() {
        let err = |pairs: &[(&'static str, &str)]| member(&values(pairs), origin()).unwrap_err();
        assert!(err(&[("name", ""), ("left", "2019")]).contains("name is empty"));
        assert!(err(&[("name", "A"), ("left", "")]).contains("`left`"));
        assert!(err(&[("name", "A"), ("left", "x")]).contains("not a year"));
        assert!(
            err(&[("name", "A"), ("left", "2019"), ("open_to", "rehier")])
                .contains("did you mean `rehire`?")
        );
        assert!(
            err(&[("name", "A"), ("left", "2019"), ("links.x", "javascript:x")])
                .contains("links.x")
        );
        assert!(err(&[("name", "A"), ("left", "2019"), ("email", "nope")]).contains("email"));
        assert!(err(&[("name", "★"), ("left", "2019")]).contains("slug"));
    }
}

use super::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Front {
    name: String,
    department: Option<String>,
}

#[test]
fn splits_and_counts_body_line() {
    let s = split("---\nname: a\n---\n\nHello\n").unwrap();
    assert_eq!(s.yaml, "name: a\n");
    assert_eq!(s.body, "\nHello\n");
    assert_eq!(s.body_line, 4);
}

#[test]
fn accepts_bom_and_crlf() {
    let s = split("\u{feff}---\r\nname: a\r\n---\r\nbody").unwrap();
    assert_eq!(s.yaml, "name: a\r\n");
    assert_eq!(s.body, "body");
}

#[test]
fn rejects_missing_or_unclosed_front_matter() {
    assert!(split("name: a\n").is_err());
    assert!(split("---\nname: a\n").is_err());
}

#[test]
fn unknown_field_is_located_from_top_of_file_with_suggestion() {
    let src = "---\nname: a\ndeparment: x\n---\n";
    let s = split(src).unwrap();
    let d = parse::<Front>(Path::new("m.md"), src, s.yaml, s.yaml_line_offset).unwrap_err();
    assert_eq!((d.location.line, d.location.col), (3, 1));
    assert_eq!(d.message, "unknown field `deparment`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `department`?"));
    assert_eq!(d.source_line.as_deref(), Some("deparment: x"));
}

#[test]
fn an_unclosed_quote_is_an_error_where_it_opens_in_words() {
    let src = "---\nname: \"x\nleft: 2019\n---\n";
    let s = split(src).unwrap();
    let d = parse::<Front>(Path::new("m.md"), src, s.yaml, s.yaml_line_offset).unwrap_err();
    assert_eq!((d.location.line, d.location.col), (2, 7));
    assert_eq!(d.message, "this quoted value is never closed");
    assert!(d.hint.unwrap().contains("quote mark"));
}

/// Every problem of `yaml` (a member's front matter) as `line:col message`.
fn problems(yaml: &str) -> (Vec<String>, Option<crate::content::kinds::Member>) {
    use crate::content::kinds::Member;
    let src = format!("---\n{yaml}---\n");
    let failed = parse_all::<Member>(Path::new("m.md"), &src, yaml, 1).unwrap_err();
    let shown = failed
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.location.line, d.location.col, d.message))
        .collect();
    (shown, failed.partial)
}

#[test]
fn every_field_is_read_and_each_problem_reported_at_its_place() {
    let (shown, partial) = problems(
        "name: A\nleft: 2019\ndeparment: x\nvisibility: pubic\nskills:\n- a\n- [b\nupdated: 2026-02-30\nleft: 2020\nrole: 'x\n",
    );
    assert_eq!(
        shown,
        [
            "4:1 unknown field `deparment`",
            "5:13 visibility: unknown value `pubic`",
            "8:3 this list [ is never closed by a ]",
            "9:10 `2026-02-30` is not a date: write it as YYYY-MM-DD, e.g. 2024-04-01",
            "10:1 `left` is written twice (first on line 3)",
            "11:7 this quoted value is never closed",
        ]
    );
    // The fields that are right make a member, for the checks that follow.
    let m = partial.expect("name and left are right");
    assert_eq!((m.name.as_str(), m.skills.len()), ("A", 0));
}

#[test]
fn a_required_field_that_is_wrong_is_not_also_missing() {
    let (shown, partial) = problems("name: A\nleft: 20x9\nrole: [x\n");
    assert_eq!(
        shown,
        [
            "3:7 `20x9` is not a year or a date: write 2019 or 2019-03-31",
            "4:7 this list [ is never closed by a ]",
        ]
    );
    assert!(partial.is_none());
    // A misspelt required field is one problem, not two.
    let (shown, _) = problems("nmae: A\nleft: 2019\n");
    assert_eq!(shown, ["2:1 unknown field `nmae`"]);
    let (shown, _) = problems("left: 2019\nrole: 1\nvisibility: x\n");
    assert_eq!(
        shown,
        [
            "2:1 missing field `name`",
            "4:13 visibility: unknown value `x`"
        ]
    );
}

#[test]
fn fields_that_cannot_be_read_apart_give_the_first_problem_alone() {
    // A flow map, and an alias naming another field's anchor.
    let (shown, _) = problems("{name: A, left: 2019, deparment: x, role: 1}\n");
    assert_eq!(shown, ["2:23 unknown field `deparment`"]);
    let (shown, _) = problems("name: &n A\nleft: 2019\nrole: *n\nx: 1\ny: 2\n");
    assert_eq!(shown, ["5:1 unknown field `x`"]);
}

#[test]
fn finds_a_value_where_the_parser_reads_it() {
    let yaml = "url: https://top.example\ncompany:\n  name: A\n  url: ftp://x\ndirectory:\n  # filters: no\n  filters: [department, deparment]\n";
    use Step::*;
    assert_eq!(
        position_of(yaml, &[Key("company"), Key("url")]),
        Some((4, 8))
    );
    assert_eq!(position_of(yaml, &[Key("url")]), Some((1, 6)));
    assert_eq!(
        position_of(yaml, &[Key("directory"), Key("filters"), Item(1)]),
        Some((7, 25))
    );
    assert_eq!(
        position_of(yaml, &[Key("company"), KeyName("url")]),
        Some((4, 3))
    );
    assert_eq!(position_of(yaml, &[Key("company"), Key("logo")]), None);
    assert_eq!(
        position_of(yaml, &[Key("directory"), Key("filters"), Item(5)]),
        None
    );
}

#[test]
fn syntax_errors_are_said_in_words() {
    for (yaml, expected) in [
        (
            "name: A\nleft: 2019\nrole x\n",
            "4:1 this line has no `:` after its key",
        ),
        (
            "name: A\nleft: 2019\nrole: @x\n",
            "4:7 this character cannot start a value that is not quoted",
        ),
        (
            "name: A\nleft: 2019\nnow: {company: x\n",
            "4:6 this map { is never closed by a }",
        ),
        (
            "name: A\nleft: 2019\nrole: \"a\\qb\"\n",
            "4:9 an unknown backslash escape in a double-quoted value",
        ),
        (
            "name: A\nleft: 2019\nnow:\n  company: x\n title: y\n",
            "6:2 this line is not indented like the other keys of its map",
        ),
    ] {
        assert_eq!(problems(yaml).0, [expected], "{yaml}");
    }
}

#[test]
fn a_translation_takes_what_it_does_not_set_from_the_original() {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Full {
        name: String,
        now: std::collections::BTreeMap<String, String>,
        left: u32,
    }
    let base = "name: 山田\nleft: 2019\nnow: {company: Acme, title: 部長}\n";
    let src = "---\nname: Yamada\nnow: {title: Director}\n---\n";
    let s = split(src).unwrap();
    let f: Full = parse_over(Path::new("m.en.md"), src, s.yaml, 1, base).unwrap();
    assert_eq!((f.name.as_str(), f.left), ("Yamada", 2019));
    assert_eq!(f.now["company"], "Acme");
    assert_eq!(f.now["title"], "Director");
    let src = "---\nname: Yamada\nlet: 2019\n---\n";
    let d = parse_over::<Full>(
        Path::new("m.en.md"),
        src,
        "name: Yamada\nlet: 2019\n",
        1,
        base,
    )
    .unwrap_err();
    assert_eq!(d.diagnostics[0].location.line, 3);
}

#[test]
fn an_empty_privacy_field_is_an_error_at_its_line() {
    use crate::content::kinds::{Member, Story};
    for (field, value) in [
        ("withdrawn", ""),
        ("withdrawn", " ~"),
        ("withdrawn", " null"),
        ("visibility", ""),
        ("consent", " ~"),
        ("draft", ""),
    ] {
        let src = format!("---\nname: A\nleft: 2019\n{field}:{value}\nrole: x\n---\n");
        let s = split(&src).unwrap();
        let d = parse::<Member>(Path::new("m.md"), &src, s.yaml, 1).unwrap_err();
        assert_eq!((d.location.line, d.location.col), (4, 1), "{field}:{value}");
        assert!(
            d.message.starts_with(&format!("`{field}` is empty: ")),
            "{}",
            d.message
        );
        assert!(d.message.ends_with("or remove the line"), "{}", d.message);
    }
    let src = "---\ntitle: T\ndate: 2026-01-01\naudience:\n---\n";
    let d = parse::<Story>(Path::new("s.md"), src, &src[4..src.len() - 4], 1).unwrap_err();
    assert_eq!((d.location.line, d.location.col), (4, 1));
    // Missing fields keep their defaults.
    let src = "---\nname: A\nleft: 2019\n---\n";
    let m: Member = parse(Path::new("m.md"), src, &src[4..src.len() - 4], 1).unwrap();
    assert_eq!((m.withdrawn, m.visibility, m.draft), (None, None, false));
}

#[test]
fn syntax_error_is_located_from_top_of_file() {
    let src = "---\nname: a\ndepartment: [x\n---\n";
    let s = split(src).unwrap();
    let d = parse::<Front>(Path::new("m.md"), src, s.yaml, s.yaml_line_offset).unwrap_err();
    assert!(d.location.line >= 3, "{d}");
}

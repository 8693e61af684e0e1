//! Which member field each column of an HR export fills, and which columns
//! must never enter a site.
//!
//! A header is matched after normalising it (case, full-width letters,
//! spaces and punctuation): first against `--map`, then against the banned
//! list, then against field names and the usual Japanese and English headers
//! (氏名 → name, 退職年 → left…). Banned columns (salary, reason for leaving,
//! evaluation, employee number, birth date, gender, nationality, health…)
//! refuse the whole file; so do columns nobody said what to do with.

use crate::diagnostics::did_you_mean;

/// A member field an import can fill. `now.*` and `links.*` are nested.
pub const FIELDS: &[&str] = &[
    "name",
    "name_reading",
    "slug",
    "joined",
    "left",
    "department",
    "role",
    "now.company",
    "now.title",
    "now.industry",
    "location",
    "skills",
    "open_to",
    "returned",
    "links.linkedin",
    "links.website",
    "links.x",
    "links.github",
    "email",
];

/// Fields that publish someone: only an editor sets them, after consent.
const PUBLISHING: &[&str] = &[
    "visibility",
    "consent",
    "show_photo",
    "show_email",
    "withdrawn",
    "photo",
];

/// `--map` target that leaves a column out.
pub const SKIP: &str = "-";

/// Usual headers for each field, already normalised.
const ALIASES: &[(&str, &[&str])] = &[
    (
        "name",
        &["氏名", "名前", "姓名", "氏名漢字", "名前漢字", "fullname"],
    ),
    (
        "name_reading",
        &[
            "フリガナ",
            "ふりがな",
            "よみがな",
            "読み",
            "読みがな",
            "読み仮名",
            "カナ",
            "氏名カナ",
            "氏名かな",
            "氏名フリガナ",
            "氏名ふりがな",
            "reading",
            "furigana",
            "kana",
        ],
    ),
    (
        "joined",
        &[
            "入社年",
            "入社日",
            "入社年月日",
            "入社年月",
            "入社",
            "joindate",
            "hiredate",
            "startdate",
        ],
    ),
    (
        "left",
        &[
            "退職年",
            "退職日",
            "退職年月日",
            "退職年月",
            "退職",
            "leftdate",
            "leavedate",
            "enddate",
            "exitdate",
        ],
    ),
    (
        "department",
        &[
            "部署",
            "部署名",
            "所属",
            "所属部署",
            "部門",
            "最終所属",
            "所属部門",
            "最終部署",
            "dept",
        ],
    ),
    (
        "role",
        &[
            "役職",
            "職種",
            "最終役職",
            "職位",
            "役割",
            "position",
            "jobtitle",
        ],
    ),
    (
        "email",
        &[
            "メール",
            "メールアドレス",
            "eメール",
            "emailaddress",
            "mail",
        ],
    ),
    (
        "skills",
        &["スキル", "得意分野", "専門", "専門分野", "skill"],
    ),
    (
        "location",
        &["勤務地", "所在地", "居住地", "地域", "都道府県", "city"],
    ),
    (
        "now.company",
        &[
            "現在の会社",
            "現在の勤務先",
            "勤務先",
            "現職",
            "転職先",
            "company",
            "currentcompany",
        ],
    ),
    (
        "now.title",
        &["現在の役職", "現職の役職", "現在の職種", "currenttitle"],
    ),
    ("now.industry", &["業界", "現在の業界", "industry"]),
    ("returned", &["再入社", "再入社年", "再入社日", "rehired"]),
    ("links.linkedin", &["linkedin"]),
    (
        "links.website",
        &["ウェブサイト", "webサイト", "ホームページ", "website"],
    ),
    ("links.x", &["twitter"]),
    ("links.github", &["github"]),
    ("slug", &["スラッグ"]),
];

/// Banned header parts (normalised) and what they are, for the message.
const BANNED: &[(&str, &[&str])] = &[
    (
        "salary or pay",
        &[
            "給与",
            "給料",
            "年収",
            "月給",
            "賞与",
            "ボーナス",
            "報酬",
            "時給",
            "手当",
            "salary",
            "wage",
            "payroll",
            "compensation",
            "bonus",
            "income",
        ],
    ),
    (
        "reason for leaving",
        &[
            "退職理由",
            "離職理由",
            "退職事由",
            "退職の理由",
            "休職理由",
            "reasonforleaving",
            "leavingreason",
            "terminationreason",
            "exitreason",
            "reasonleft",
        ],
    ),
    (
        "evaluation",
        &[
            "評価",
            "査定",
            "考課",
            "成績",
            "evaluation",
            "performance",
            "appraisal",
        ],
    ),
    (
        "employee number",
        &[
            "社員番号",
            "従業員番号",
            "社員コード",
            "従業員コード",
            "職員番号",
            "社員id",
            "従業員id",
            "人事番号",
            "employeenumber",
            "employeeno",
            "employeeid",
            "employeecode",
            "empid",
            "empno",
            "staffid",
            "staffnumber",
            "personnelnumber",
        ],
    ),
    (
        "birth date or age",
        &["生年月日", "誕生日", "年齢", "birth", "dob"],
    ),
    ("gender", &["性別", "gender"]),
    (
        "nationality",
        &["国籍", "本籍", "nationality", "citizenship"],
    ),
    (
        "health",
        &[
            "健康",
            "病歴",
            "既往",
            "診断",
            "障害",
            "障がい",
            "傷病",
            "疾病",
            "health",
            "medical",
            "disability",
            "illness",
            "sickness",
        ],
    ),
    (
        "national ID number",
        &[
            "マイナンバー",
            "個人番号",
            "mynumber",
            "socialsecurity",
            "ssn",
        ],
    ),
    (
        "beliefs or origin",
        &["宗教", "信条", "人種", "門地", "religion", "ethnicity"],
    ),
];

/// Whole normalised headers that are banned (too short to match inside others).
const BANNED_EXACT: &[(&str, &str)] = &[
    ("age", "birth date or age"),
    ("rating", "evaluation"),
    ("sex", "gender"),
    ("race", "beliefs or origin"),
    ("pay", "salary or pay"),
    ("id", "employee number"),
    ("番号", "employee number"),
];

/// What a column of the file is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// Fills this member field.
    Field(&'static str),
    /// Left out (`--map COLUMN=-`).
    Skip,
}

/// Why a header row is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Must never enter a site: the header, and what it is.
    Banned(String, &'static str),
    /// Would publish someone: only an editor sets it.
    Publishing(String, &'static str),
    /// Nobody said what the column is for; maybe a field it resembles.
    Unknown(String, Option<&'static str>),
    /// Two columns fill one field.
    Twice(String, String, &'static str),
    /// No column fills a required field.
    Missing(&'static str),
}

/// Parses one `--map` entry, `COLUMN=field` or `COLUMN=-`.
pub fn parse_mapping(entry: &str) -> Result<(String, String), String> {
    let (column, field) = entry.split_once('=').ok_or_else(|| {
        format!("`{entry}` is not COLUMN=field (e.g. 氏名=name, or 備考=- to leave a column out)")
    })?;
    let field = field.trim();
    if field == SKIP || FIELDS.contains(&field) {
        return Ok((column.trim().to_string(), field.to_string()));
    }
    let hint = match did_you_mean(field, FIELDS.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "fields: {}, or - to leave the column out",
            FIELDS.join(", ")
        ),
    };
    Err(format!(
        "`{field}` is not a member field an import can fill; {hint}"
    ))
}

/// Decides every column of `headers`; all refusals at once.
pub fn resolve(headers: &[String], map: &[(String, String)]) -> Result<Vec<Column>, Vec<Refusal>> {
    let mut refusals = Vec::new();
    let mut columns = Vec::new();
    for header in headers {
        match classify(header, map) {
            Ok(c) => columns.push(c),
            Err(r) => {
                refusals.push(r);
                columns.push(Column::Skip);
            }
        }
    }
    for (i, a) in columns.iter().enumerate() {
        let Column::Field(f) = a else { continue };
        if let Some(j) = columns[..i].iter().position(|b| b == a) {
            refusals.push(Refusal::Twice(headers[j].clone(), headers[i].clone(), f));
        }
    }
    for required in ["name", "left"] {
        if !columns.contains(&Column::Field(required)) {
            refusals.push(Refusal::Missing(required));
        }
    }
    if refusals.is_empty() {
        Ok(columns)
    } else {
        Err(refusals)
    }
}

fn classify(header: &str, map: &[(String, String)]) -> Result<Column, Refusal> {
    let key = normalise(header);
    let mapped = map
        .iter()
        .find(|(c, _)| normalise(c) == key)
        .map(|(_, f)| f.as_str());
    if mapped == Some(SKIP) {
        return Ok(Column::Skip);
    }
    if let Some(what) = banned(&key) {
        return Err(Refusal::Banned(header.to_string(), what));
    }
    if let Some(field) = mapped.and_then(|f| FIELDS.iter().find(|x| **x == f)) {
        return Ok(Column::Field(field));
    }
    if header.trim().trim_start_matches('\u{feff}').is_empty() {
        // Unnamed and, as `plan` checked, empty: Excel's trailing columns.
        return Ok(Column::Skip);
    }
    if key.is_empty() {
        return Err(Refusal::Unknown(header.to_string(), None));
    }
    if let Some(p) = PUBLISHING.iter().find(|p| normalise(p) == key) {
        return Err(Refusal::Publishing(header.to_string(), p));
    }
    known(&key).map(Column::Field).ok_or_else(|| {
        let near = did_you_mean(&key, FIELDS.iter().copied());
        Refusal::Unknown(
            header.to_string(),
            near.and_then(|n| FIELDS.iter().copied().find(|f| *f == n)),
        )
    })
}

/// The field a normalised header names, by field name or usual header.
fn known(key: &str) -> Option<&'static str> {
    FIELDS
        .iter()
        .copied()
        .find(|f| {
            normalise(f) == key || (f.starts_with("links.") && f.rsplit('.').next() == Some(key))
        })
        .or_else(|| {
            ALIASES
                .iter()
                .find(|(_, names)| names.contains(&key))
                .map(|(f, _)| *f)
        })
}

/// What a banned header is, if it is one.
pub fn banned(key: &str) -> Option<&'static str> {
    BANNED_EXACT
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, what)| *what)
        .or_else(|| {
            BANNED
                .iter()
                .find(|(_, parts)| parts.iter().any(|p| key.contains(p)))
                .map(|(what, _)| *what)
        })
}

/// Lower case, full-width ASCII made half-width, without spaces and punctuation.
pub fn normalise(header: &str) -> String {
    header
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|c| !(c.is_whitespace() || "_-.・()（）「」[]【】:：/／\u{feff}".contains(*c)))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn japanese_and_english_headers_find_their_fields() {
        let cols = resolve(
            &headers(&[
                "氏名",
                "フリガナ",
                "入社年",
                "退職日",
                "部署",
                "役職",
                "メールアドレス",
                "スキル",
                "Now Company",
                "LinkedIn",
            ]),
            &[],
        )
        .unwrap();
        let fields: Vec<&str> = cols
            .iter()
            .map(|c| match c {
                Column::Field(f) => *f,
                Column::Skip => "-",
            })
            .collect();
        assert_eq!(
            fields,
            [
                "name",
                "name_reading",
                "joined",
                "left",
                "department",
                "role",
                "email",
                "skills",
                "now.company",
                "links.linkedin"
            ]
        );
    }

    #[test]
    fn banned_columns_are_refused_even_when_mapped_to_a_field() {
        for h in [
            "給与（月額）",
            "退職理由",
            "人事評価",
            "社員番号",
            "生年月日",
            "性別",
            "国籍",
            "健康状態",
            "マイナンバー",
            "Employee ID",
            "Date of Birth",
            "Salary",
            "Performance rating",
            "Reason for leaving",
            "Gender",
            "Nationality",
            "Health notes",
            "ＩＤ",
        ] {
            assert!(banned(&normalise(h)).is_some(), "{h}");
        }
        for h in [
            "氏名",
            "退職年",
            "部署",
            "company",
            "display name",
            "department",
        ] {
            assert_eq!(banned(&normalise(h)), None, "{h}");
        }
        let map = vec![("給与".to_string(), "role".to_string())];
        let err = resolve(&headers(&["氏名", "退職年", "給与"]), &map).unwrap_err();
        assert_eq!(err, [Refusal::Banned("給与".into(), "salary or pay")]);
    }

    #[test]
    fn a_banned_column_may_be_left_out_explicitly() {
        let map = vec![("給与".to_string(), SKIP.to_string())];
        let cols = resolve(&headers(&["氏名", "退職年", "給与"]), &map).unwrap();
        assert_eq!(cols[2], Column::Skip);
    }

    #[test]
    fn unknown_publishing_duplicate_and_missing_columns_are_refused() {
        let err = resolve(
            &headers(&["名前", "氏名", "visibility", "deparment", "備考"]),
            &[],
        )
        .unwrap_err();
        assert!(err.contains(&Refusal::Twice("名前".into(), "氏名".into(), "name")));
        assert!(err.contains(&Refusal::Publishing("visibility".into(), "visibility")));
        assert!(err.contains(&Refusal::Unknown("deparment".into(), Some("department"))));
        assert!(err.contains(&Refusal::Unknown("備考".into(), None)));
        assert!(err.contains(&Refusal::Missing("left")));
    }

    #[test]
    fn mappings_are_checked() {
        assert_eq!(
            parse_mapping("氏名=name").unwrap(),
            ("氏名".into(), "name".into())
        );
        assert_eq!(
            parse_mapping("備考=-").unwrap(),
            ("備考".into(), "-".into())
        );
        assert!(parse_mapping("氏名").is_err());
        assert!(
            parse_mapping("氏名=nmae")
                .unwrap_err()
                .contains("did you mean `name`?")
        );
    }
}

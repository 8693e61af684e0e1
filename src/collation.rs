//! The order of names in a directory, per language.
//!
//! Japanese: by reading (`name_reading`, else the name) in gojūon order, as
//! a Japanese reader expects (JIS X 4061, simplified): katakana sort as
//! hiragana, voiced and semi-voiced kana right after their base (か < が <
//! きの…: the base decides first, the mark only between otherwise equal
//! readings), small kana as their full-size kana, and the long-vowel mark ー
//! as the vowel it lengthens (ユーキ sorts as ゆうき). English and other
//! languages: by name, ignoring case and the accents of Latin letters.
//! Pure; used by `indexes`.

/// A key that sorts `name` (read as `reading` where given) for `lang`.
pub fn name_key(name: &str, reading: Option<&str>, lang: &str) -> String {
    if lang == "ja" {
        gojuon_key(reading.unwrap_or(name))
    } else {
        latin_key(name)
    }
}

/// The gojūon rows, by the kana of each (their voiceless, full-size forms).
const GOJUON_ROWS: [&str; 10] = [
    "あいうえお",
    "かきくけこ",
    "さしすせそ",
    "たちつてと",
    "なにぬねの",
    "はひふへほ",
    "まみむめも",
    "やゆよ",
    "らりるれろ",
    "わゐゑをん",
];

/// The headings [`initial`] gives the gojūon rows, each its first kana, in
/// gojūon order: a template shows these as rows (あ行), other headings as
/// they are.
pub const GOJUON_ROW_NAMES: [&str; 10] =
    ["あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ"];

/// The heading a name files under in a directory index: the gojūon row of
/// its reading in Japanese (`あ` `か` `さ` … `わ`), else its first Latin
/// letter (`A`–`Z`); `*` for anything else (a name in kanji without a
/// reading, a digit).
pub fn initial(name: &str, reading: Option<&str>, lang: &str) -> String {
    let text = if lang == "ja" {
        reading.unwrap_or(name)
    } else {
        name
    };
    let Some(first) = text.trim().chars().next() else {
        return "*".into();
    };
    let c = to_hiragana(fold_width(first));
    let (base, _) = split_mark(c);
    if let Some(row) = GOJUON_ROWS.iter().position(|kana| kana.contains(base)) {
        return GOJUON_ROW_NAMES[row].to_string();
    }
    let letter = strip_accent(base).to_ascii_uppercase();
    if letter.is_ascii_uppercase() {
        letter.to_string()
    } else {
        "*".into()
    }
}

/// The first-level key (kana folded to their base) and, after a separator
/// that sorts before any letter, the marks that break ties.
pub fn gojuon_key(text: &str) -> String {
    let mut base = String::with_capacity(text.len());
    let mut marks = String::new();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let c = to_hiragana(fold_width(c));
        let (b, mark) = match c {
            'ー' => (previous.map_or('ー', vowel_of), 3),
            c => split_mark(c),
        };
        base.extend(b.to_lowercase());
        marks.push(char::from(b'0' + mark));
        previous = Some(b);
    }
    base.push('\u{1}');
    base.push_str(&marks);
    base
}

/// Case- and accent-insensitive key for Latin names (`Émile` as `emile`).
pub fn latin_key(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(fold_width)
        .map(strip_accent)
        .flat_map(char::to_lowercase)
        .collect();
    format!("{folded}\u{1}{text}")
}

/// `c` as names are compared when one is looked for in text: full-width
/// ASCII and half-width kana folded, katakana as hiragana, Latin accents
/// dropped, lower case (pushed onto `out`: lower case may be longer).
pub fn fold_for_match(c: char, out: &mut String) {
    let c = to_hiragana(fold_width(c));
    let c = if ('\u{c0}'..='\u{17f}').contains(&c) {
        strip_accent(c)
    } else {
        c
    };
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

/// Full-width ASCII (`Ａ`) as ASCII; half-width katakana (`ｱ`) as full-width.
fn fold_width(c: char) -> char {
    const HALF: &str = "ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ";
    const FULL: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{ff66}'..='\u{ff9d}' => HALF
            .chars()
            .position(|h| h == c)
            .and_then(|i| FULL.chars().nth(i))
            .unwrap_or(c),
        c => c,
    }
}

/// Katakana as hiragana (ヴ as ゔ); anything else unchanged.
fn to_hiragana(c: char) -> char {
    match c {
        '\u{30a1}'..='\u{30f6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        c => c,
    }
}

/// Kana → (full-size unvoiced base, mark): 0 plain, 1 small, 2 voiced, 4 semi-voiced.
fn split_mark(c: char) -> (char, u8) {
    const VOICED: &str =
        "がかぎきぐくげけごこざさじしずすぜせぞそだたぢちづつでてどとばはびひぶふべへぼほゔう";
    const SEMI: &str = "ぱはぴひぷふぺへぽほ";
    const SMALL: &str = "ぁあぃいぅうぇえぉおっつゃやゅゆょよゎわゕかゖけ";
    if !('\u{3041}'..='\u{3096}').contains(&c) {
        return (c, 0);
    }
    for (table, mark) in [(VOICED, 2), (SEMI, 4), (SMALL, 1)] {
        let mut chars = table.chars();
        while let (Some(marked), Some(base)) = (chars.next(), chars.next()) {
            if marked == c {
                return (base, mark);
            }
        }
    }
    (c, 0)
}

/// The vowel a kana ends in, which a following ー lengthens.
fn vowel_of(c: char) -> char {
    const ROWS: [(&str, char); 5] = [
        ("あかさたなはまやらわ", 'あ'),
        ("いきしちにひみりゐ", 'い'),
        ("うくすつぬふむゆる", 'う'),
        ("えけせてねへめれゑ", 'え'),
        ("おこそとのほもよろを", 'お'),
    ];
    ROWS.iter()
        .find(|(row, _)| row.contains(c))
        .map_or(c, |&(_, v)| v)
}

/// A Latin letter with an accent as the letter without it.
fn strip_accent(c: char) -> char {
    const FROM: &str = "ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćČčĎďÈÉÊËèéêëĒēĖėĘęĚěÌÍÎÏìíîïĪīĮįıÑñŃńŇňÒÓÔÕÖØòóôõöøŌōŐőŘřŚśŠšŞşŤťÙÚÛÜùúûüŪūŮůŰűÝýÿŹźŻżŽž";
    const TO: &str = "AAAAAAaaaaaaAaAaAaCcCcCcDdEEEEeeeeEeEeEeEeIIIIiiiiIiIiiNnNnNnOOOOOOooooooOoOoRrSsSsSsTtUUUUuuuuUuUuUuYyyZzZzZz";
    translate(c, FROM, TO)
}

/// `c` as the character at its place in `to` when it is in `from`.
pub fn translate(c: char, from: &str, to: &str) -> char {
    from.chars()
        .position(|f| f == c)
        .and_then(|i| to.chars().nth(i))
        .unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted<'a>(mut names: Vec<(&'a str, Option<&'a str>)>, lang: &str) -> Vec<&'a str> {
        names.sort_by_cached_key(|(n, r)| name_key(n, *r, lang));
        names.into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn japanese_names_sort_by_reading_in_gojuon_order() {
        // Code points put 渡 (U+6E21) before 青 (U+9752), and ア (U+30A2) after わ.
        let names = vec![("渡辺", Some("わたなべ")), ("青木", Some("アオキ"))];
        assert_eq!(sorted(names, "ja"), ["青木", "渡辺"]);
    }

    #[test]
    fn voiced_marks_come_after_their_base() {
        // Code points put か before が whatever follows; gojūon reads the base first.
        let names = vec![
            ("金谷", Some("かなや")),
            ("我藤", Some("がとう")),
            ("加藤", Some("かとう")),
        ];
        assert_eq!(sorted(names, "ja"), ["加藤", "我藤", "金谷"]);
        assert!(gojuon_key("はし") < gojuon_key("ばし"));
        assert!(gojuon_key("ばし") < gojuon_key("ぱし"));
    }

    #[test]
    fn long_vowel_marks_read_as_their_vowel() {
        assert!(gojuon_key("ゆーき") < gojuon_key("ゆうこ"));
        assert_eq!(gojuon_key("ユーキ").split('\u{1}').next(), Some("ゆうき"));
        assert_eq!(gojuon_key("ｶﾄｳ"), gojuon_key("カトウ"));
        assert_eq!(gojuon_key("カトウ"), gojuon_key("かとう"));
    }

    #[test]
    fn english_names_ignore_case_and_accents() {
        let names = vec![
            ("zoe", None),
            ("Émile Zola", None),
            ("anna", None),
            ("Bob", None),
        ];
        assert_eq!(sorted(names, "en"), ["anna", "Bob", "Émile Zola", "zoe"]);
    }

    #[test]
    fn each_row_is_named_by_its_first_kana() {
        for (kana, name) in GOJUON_ROWS.iter().zip(GOJUON_ROW_NAMES) {
            assert!(kana.starts_with(name), "{kana}");
            for k in kana.chars() {
                assert_eq!(initial(&k.to_string(), None, "ja"), name, "{k}");
            }
        }
    }

    #[test]
    fn initials_are_gojuon_rows_or_latin_letters() {
        assert_eq!(initial("渡辺 健", Some("わたなべ けん"), "ja"), "わ");
        assert_eq!(initial("後藤", Some("ゴトウ"), "ja"), "か");
        assert_eq!(initial("Priya Raman", None, "ja"), "P");
        assert_eq!(initial("渡辺", None, "ja"), "*");
        assert_eq!(initial("Émile Zola", None, "en"), "E");
        assert_eq!(initial("Ren Kobayashi", Some("こばやし れん"), "en"), "R");
    }

    #[test]
    fn names_without_reading_sort_by_name() {
        let names = vec![("渡辺", None), ("青木", Some("あおき"))];
        assert_eq!(sorted(names, "ja"), ["青木", "渡辺"]);
    }
}

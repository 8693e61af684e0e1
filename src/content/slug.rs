//! Slugs: the last segment of a content URL, and of its folder on disk.
//!
//! Japanese stays readable (`山田-太郎`), ASCII is lower-cased, spaces and
//! punctuation become `-`. A slug is one path segment: anything that could
//! leave its folder (`/`, `\`, `..`, control characters) is refused, never
//! silently rewritten. URLs percent-encode the UTF-8 slug; files on disk keep it.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Characters encoded in a URL path segment (RFC 3986 `pchar` minus what we keep).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// Checks an editor-given slug (file stem or `slug:`) and normalises it.
pub fn from_user(raw: &str) -> Result<String, String> {
    if raw.chars().any(|c| c == '/' || c == '\\') {
        return Err(format!(
            "slug `{raw}` contains a path separator: a slug is one path segment"
        ));
    }
    if raw.chars().any(char::is_control) {
        return Err(format!(
            "slug `{}` contains a control character",
            raw.escape_debug()
        ));
    }
    if raw.trim() == "." || raw.trim() == ".." {
        return Err(format!("slug `{raw}` would leave its folder"));
    }
    if raw.ends_with('.') || raw.ends_with(char::is_whitespace) {
        return Err(format!(
            "slug `{raw}` ends in a dot or a space, which Windows drops from folder names: remove it"
        ));
    }
    let slug = slugify(raw);
    if slug.is_empty() {
        return Err(format!(
            "slug `{raw}` has no letters or digits: give a `slug:`"
        ));
    }
    if windows_reserved(&slug) {
        return Err(format!(
            "slug `{slug}` is a device name on Windows (CON, NUL, COM1…), which cannot be a folder there: choose another"
        ));
    }
    Ok(slug)
}

/// Names Windows reserves for devices, whatever the case or extension:
/// a folder cannot have them there.
pub fn windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_lowercase();
    let numbered = |prefix: &str| {
        stem.strip_prefix(prefix).is_some_and(|n| {
            matches!(
                n,
                "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
            )
        })
    };
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul") || numbered("com") || numbered("lpt")
}

/// Turns any text (a file stem, a department, a skill) into a slug; may be empty.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' || is_kana_mark(c) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// A slug made from a person's name or a title: [`slugify`] after NFKC, so
/// full-width Latin letters and half-width katakana, as HR exports and
/// Japanese input methods write them, make the slug of the name as
/// usually written (`ｙａｍａｄａ ｔａｒｏ` → `yamada-taro`, `ｱｵｷ ｼﾞﾝ` →
/// `アオキ-ジン`).
pub fn from_name(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    slugify(&text.nfkc().collect::<String>())
}

/// Marks that belong inside Japanese words (ー 々 ヽ ゝ), not separators.
fn is_kana_mark(c: char) -> bool {
    matches!(c, 'ー' | '々' | 'ヽ' | 'ヾ' | 'ゝ' | 'ゞ' | '〆')
}

/// Slug for a taxonomy term, never empty (falls back to the hex of its
/// bytes, or `-` for no text at all) and never a Windows device name (`con`
/// becomes `con_`).
pub fn term(text: &str) -> String {
    let s = slugify(text);
    if text.is_empty() {
        "-".to_string()
    } else if s.is_empty() {
        text.bytes().map(|b| format!("{b:02x}")).collect()
    } else if windows_reserved(&s) {
        format!("{s}_")
    } else {
        s
    }
}

/// Percent-encodes a slug for use in a URL path.
pub fn encode(slug: &str) -> String {
    let mut out = String::with_capacity(slug.len());
    encode_into(slug, &mut out);
    out
}

/// Appends `slug` percent-encoded (as [`encode`]) to `out`.
pub fn encode_into(slug: &str, out: &mut String) {
    // Most slugs need no encoding: pushed whole (URLs are made for every
    // document several times a build, and on every change in `serve`).
    if slug.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        out.push_str(slug);
    } else {
        out.extend(utf8_percent_encode(slug, SEGMENT));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_pushed_whole_are_encoded_as_the_encoder_does() {
        let chars: Vec<char> = (0u8..128).map(char::from).chain(['山', 'é', 'ｱ']).collect();
        for a in &chars {
            for b in &chars {
                for slug in [format!("{a}{b}"), format!("yamada-{a}{b}-taro")] {
                    let whole = utf8_percent_encode(&slug, SEGMENT).to_string();
                    assert_eq!(encode(&slug), whole, "{slug:?}");
                }
            }
        }
    }

    #[test]
    fn names_are_slugged_as_usually_written() {
        assert_eq!(from_name("ｙａｍａｄａ　ｔａｒｏ"), "yamada-taro");
        assert_eq!(from_name("ｱｵｷ ｼﾞﾝ"), "アオキ-ジン");
        assert_eq!(from_name("山田 太郎"), "山田-太郎");
    }

    #[test]
    fn keeps_japanese_readable_and_lowercases_ascii() {
        assert_eq!(slugify("山田 太郎"), "山田-太郎");
        assert_eq!(slugify("Data Science"), "data-science");
        assert_eq!(slugify("Vue.js / Next.js"), "vue-js-next-js");
        assert_eq!(slugify("マーケティング・データ"), "マーケティング-データ");
        assert_eq!(slugify("  --yamada--taro-- "), "yamada-taro");
        assert_eq!(slugify("ソフトウェアエンジニア"), "ソフトウェアエンジニア");
        assert_eq!(slugify("佐々木"), "佐々木");
    }

    #[test]
    fn refuses_slugs_that_leave_their_folder() {
        assert!(from_user("../etc").is_err());
        assert!(from_user("a/b").is_err());
        assert!(from_user("a\\b").is_err());
        assert!(from_user("..").is_err());
        assert!(from_user("a\0b").is_err());
        assert!(from_user("!!!").is_err());
        assert_eq!(from_user("Taro Yamada").unwrap(), "taro-yamada");
    }

    #[test]
    fn refuses_windows_device_names_and_trailing_dots_or_spaces() {
        for raw in [
            "CON", "nul", "Aux", "prn", "COM1", "com9", "LPT1", "lpt0", "COM¹", "con-",
        ] {
            let err = from_user(raw).unwrap_err();
            assert!(err.contains("device name"), "{raw}: {err}");
        }
        for raw in ["taro.", "taro ", "taro\u{3000}", "taro.."] {
            let err = from_user(raw).unwrap_err();
            assert!(err.contains("ends in a dot or a space"), "{raw}: {err}");
        }
        for ok in [
            "console",
            "com10",
            "lpt",
            "nul-point",
            "auxiliary",
            "con-taro",
        ] {
            assert!(from_user(ok).is_ok(), "{ok}");
        }
        assert_eq!(term("CON"), "con_");
        assert_eq!(term("Com1"), "com1_");
    }

    #[test]
    fn terms_are_never_empty() {
        assert_eq!(term("C++"), "c");
        assert_eq!(term("★"), "e29885");
        // Found by fuzzing: `department: ""` made `departments//index.html`.
        assert_eq!(term(""), "-");
    }

    #[test]
    fn encodes_utf8_for_urls() {
        assert_eq!(encode("山田-太郎"), "%E5%B1%B1%E7%94%B0-%E5%A4%AA%E9%83%8E");
        assert_eq!(encode("yamada-taro"), "yamada-taro");
    }
}

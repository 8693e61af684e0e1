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
    let slug = slugify(raw);
    if slug.is_empty() {
        return Err(format!(
            "slug `{raw}` has no letters or digits: give a `slug:`"
        ));
    }
    Ok(slug)
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

/// Marks that belong inside Japanese words (ー 々 ヽ ゝ), not separators.
fn is_kana_mark(c: char) -> bool {
    matches!(c, 'ー' | '々' | 'ヽ' | 'ヾ' | 'ゝ' | 'ゞ' | '〆')
}

/// Slug for a taxonomy term, never empty (falls back to the hex of its bytes).
pub fn term(text: &str) -> String {
    let s = slugify(text);
    if s.is_empty() {
        text.bytes().map(|b| format!("{b:02x}")).collect()
    } else {
        s
    }
}

/// Percent-encodes a slug for use in a URL path.
pub fn encode(slug: &str) -> String {
    utf8_percent_encode(slug, SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn terms_are_never_empty() {
        assert_eq!(term("C++"), "c");
        assert_eq!(term("★"), "e29885");
    }

    #[test]
    fn encodes_utf8_for_urls() {
        assert_eq!(encode("山田-太郎"), "%E5%B1%B1%E7%94%B0-%E5%A4%AA%E9%83%8E");
        assert_eq!(encode("yamada-taro"), "yamada-taro");
    }
}

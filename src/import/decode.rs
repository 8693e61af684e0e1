//! The text of an HR export, whatever Excel saved it as: UTF-8 with or
//! without a BOM, Shift_JIS/CP932 (Excel's "CSV" in Japan), or UTF-16 with
//! a BOM (Excel's "Unicode text", tab-separated).

use encoding_rs::{SHIFT_JIS, UTF_16BE, UTF_16LE};

/// How the file was encoded, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    Utf8,
    Utf8Bom,
    ShiftJis,
    Utf16,
}

impl Detected {
    pub fn as_str(self) -> &'static str {
        match self {
            Detected::Utf8 => "UTF-8",
            Detected::Utf8Bom => "UTF-8 with BOM",
            Detected::ShiftJis => "Shift_JIS",
            Detected::Utf16 => "UTF-16",
        }
    }
}

/// Decodes `bytes`, or says why not.
pub fn decode(bytes: &[u8]) -> Result<(String, Detected), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec())
            .map(|t| (t, Detected::Utf8Bom))
            .map_err(|_| "the file starts like UTF-8 but is not valid UTF-8".to_string());
    }
    for (bom, encoding) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .map(|t| (t.into_owned(), Detected::Utf16))
                .ok_or_else(|| "the file starts like UTF-16 but is not valid UTF-16".to_string());
        }
    }
    // No text an HR system exports holds a NUL byte; UTF-16 without a BOM
    // does, in every ASCII character (a comma, a line end).
    if let Some(nul) = memchr::memchr(0, bytes) {
        let order = if nul % 2 == 1 {
            "little-endian"
        } else {
            "big-endian"
        };
        return Err(format!(
            "the file looks like UTF-16 ({order}) without a byte order mark, which cannot be read safely"
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), Detected::Utf8));
    }
    SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| (t.into_owned(), Detected::ShiftJis))
        .ok_or_else(|| "the file is neither UTF-8 nor Shift_JIS (CP932) text".to_string())
}

/// The field separator: a tab when the header row has tabs and no commas.
pub fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.contains('\t') && !header.contains(',') {
        b'\t'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding() {
        let text = "氏名,退職年\n山田 太郎,2019\n";
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        assert_eq!(
            decode(&sjis).unwrap(),
            (text.to_string(), Detected::ShiftJis)
        );
        assert_eq!(decode(text.as_bytes()).unwrap().1, Detected::Utf8);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap(), (text.to_string(), Detected::Utf8Bom));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).unwrap(), (text.to_string(), Detected::Utf16));
    }

    #[test]
    fn cp932_extensions_decode() {
        // ① and 髙 are CP932 (NEC/IBM) characters, not JIS X 0208.
        let (bytes, _, unmappable) = SHIFT_JIS.encode("①髙橋");
        assert!(!unmappable);
        assert_eq!(decode(&bytes).unwrap().0, "①髙橋");
    }

    #[test]
    fn utf16_without_a_bom_is_refused_naming_it() {
        let text = "name,left\nA,2019\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(decode(&le).unwrap_err().contains("UTF-16 (little-endian)"));
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(decode(&be).unwrap_err().contains("UTF-16 (big-endian)"));
    }

    #[test]
    fn refuses_binary() {
        assert!(decode(&[0x82, 0xFF, 0xFF, 0x00, 0x81]).is_err());
    }

    #[test]
    fn tab_separated_only_without_commas() {
        assert_eq!(delimiter("a\tb\n"), b'\t');
        assert_eq!(delimiter("a,b\tc\n"), b',');
    }
}

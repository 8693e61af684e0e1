use super::*;

#[test]
fn folds_like_the_script() {
    assert_eq!(fold("ＡＣＭＥ"), "acme");
    assert_eq!(fold("ﾔﾏﾀﾞ"), "やまだ");
    assert_eq!(fold("ヤマダ"), "やまだ");
    assert_eq!(fold("José Émile"), "jose emile");
    // Kana keep their voiced marks.
    assert_eq!(fold("ガ"), "が");
    // As the script's chain of normalizations, step by step.
    let script = |text: &str| -> String {
        let nfkc: String = text.nfkc().collect();
        let unaccented: String = nfkc
            .nfd()
            .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
            .nfc()
            .collect();
        unaccented
            .to_lowercase()
            .chars()
            .map(|c| match c {
                '\u{30a1}'..='\u{30f6}' | '\u{30fd}' | '\u{30fe}' => {
                    char::from_u32(c as u32 - 0x60).unwrap_or(c)
                }
                c => c,
            })
            .collect()
    };
    for text in [
        "ﾊﾟﾝ ｶﾞｯｺｳ",
        "ﬁne ① ㍻ ㌔",
        "Ångström ΣΟΦΟΣ",
        "e\u{301}\u{323} ḉ",
        "カ\u{3099} ゔ ヷ",
        "ǅ ﹏ ＡＢＣ１２３",
        "ACME Corp",
        "é\u{300}ō",
        "\u{1e9b}\u{323}",
    ] {
        assert_eq!(fold(text), script(text), "{text}");
    }
}

#[test]
fn key_files_are_portable() {
    assert_eq!(key_file("a"), "61");
    assert_eq!(key_file("やま"), "3084-307e");
    assert_eq!(key_file("/."), "2f-2e");
}

#[test]
fn prefixes_by_characters() {
    assert_eq!(prefix("やまだ", 2), Some("やま"));
    assert_eq!(prefix("やま", 2), Some("やま"));
    assert_eq!(prefix("や", 2), None);
}

#[test]
fn deltas_from_the_previous() {
    assert_eq!(deltas(&[3, 4, 10]), vec![3, 1, 6]);
    assert!(deltas(&[]).is_empty());
}

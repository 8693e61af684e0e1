use super::*;

/// Text folded as directory.js folds a query: its chain of
/// normalizations, step by step.
fn script(text: &str) -> String {
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
}

#[test]
fn folds_like_the_script() {
    assert_eq!(fold("ＡＣＭＥ"), "acme");
    assert_eq!(fold("ﾔﾏﾀﾞ"), "やまだ");
    assert_eq!(fold("ヤマダ"), "やまだ");
    assert_eq!(fold("José Émile"), "jose emile");
    // Kana keep their voiced marks.
    assert_eq!(fold("ガ"), "が");
    // As the script's chain of normalizations, step by step.
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
fn plain_text_folds_as_the_normalization_does() {
    // Every character taken without the normalization's passes, alone and
    // beside others, folds as it would with them.
    let plain: Vec<char> = (0..=0x10ffff)
        .filter_map(char::from_u32)
        .filter(|&c| plain(c))
        .collect();
    assert!(plain.len() > 20_000);
    for c in &plain {
        let text = format!("{c}カ{c}A{c}");
        assert_eq!(fold(&text), script(&text), "U+{:04X}", *c as u32);
    }
    assert_eq!(fold("ヤマダ Taro 山田ー"), "やまだ taro 山田ー");
    // Beside a character that is not plain, the normalization decides.
    assert_eq!(fold("カ\u{3099}"), "が");
    assert_eq!(fold("ヤマダ\u{3000}太郎"), "やまだ 太郎");
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

#[test]
fn a_union_is_every_member_once_in_order() {
    let lists: [&[u32]; 4] = [&[3, 64, 200], &[0, 3, 65], &[], &[63, 64, 127, 128]];
    assert_eq!(
        union(lists.iter().copied()),
        vec![0, 3, 63, 64, 65, 127, 128, 200]
    );
    assert!(union(std::iter::empty()).is_empty());
    assert!(union([&[][..]].into_iter()).is_empty());
}

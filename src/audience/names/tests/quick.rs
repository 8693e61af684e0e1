//! The first look's folds (`fold::Quick`), fast ways, against the
//! general way (`Folded::of`, `fold_char`).

use crate::audience::names::fold::*;

#[test]
fn the_quick_ways_of_folding_fold_as_the_general_way() {
    let quick = ('\u{3041}'..='\u{3096}')
        .chain(['\u{30fc}'])
        .chain('\u{4e00}'..='\u{9fff}')
        .chain('\u{30a1}'..='\u{30f6}')
        .chain('\u{2000}'..='\u{206f}')
        .chain('\u{3000}'..='\u{3003}')
        .chain('\u{3008}'..='\u{3011}')
        .chain('\u{3014}'..='\u{301f}')
        .chain((1..128u8).map(char::from));
    for c in quick {
        let (mut fast, mut general) = (String::new(), String::new());
        crate::audience::names::fold::fold_char(c, &mut fast);
        crate::audience::names::fold::fold_other(c, &mut general);
        assert_eq!(fast, general, "{c:?} (U+{:04X})", c as u32);
    }
    let text =
        "Anna-Brown（アンナ・ブラウン）, 佐藤　花子 ｻﾄｳ ﾊﾅｺ\u{0}x ガカ\u{3099}か\u{309a}ほ\u{309a}";
    assert_eq!(
        crate::audience::names::fold::fold_quick(text).text,
        crate::audience::names::fold::Folded::of(text)
            .text
            .as_bytes()
    );
}

#[test]
fn kana_and_ideographs_fold_from_their_bytes_as_the_general_way() {
    let chars = ('\u{2000}'..='\u{206f}').chain('\u{3000}'..='\u{9fff}');
    for c in chars.chain('\u{f900}'..='\u{ffef}') {
        let mut bytes = [0; 4];
        let utf8 = c.encode_utf8(&mut bytes).as_bytes();
        let Ok(three) = <[u8; 3]>::try_from(utf8) else {
            continue;
        };
        if crate::audience::names::fold::folds_as_itself(three) {
            let mut general = String::new();
            crate::audience::names::fold::fold_char(c, &mut general);
            assert_eq!(general, c.to_string(), "{c:?} (U+{:04X})", c as u32);
        }
        if let Some(kana) = crate::audience::names::fold::fold_kana_or_ideograph(three) {
            use crate::audience::names::fold::Kana;
            let mut general = String::new();
            crate::audience::names::fold::fold_char(c, &mut general);
            let quick = match kana {
                Kana::Same => &three[..],
                Kana::As(ref folded) => &folded[..],
                Kana::Nothing => &[],
            };
            assert_eq!(quick, general.as_bytes(), "{c:?} (U+{:04X})", c as u32);
        }
    }
}

#[test]
fn a_first_look_made_again_in_the_same_buffers_folds_each_text_as_the_first() {
    let texts = [
        "Ｍａｒｙ・アン・ブラウン（まりー）さん ﾊﾞｶ ㍿ ﷺ and Anne Brown, 佐藤 花子",
        "x",
        "",
        "カ)゙ さとう はなこ",
        "Anne-Marie O'Brien 林大輔",
    ];
    let mut quick = crate::audience::names::fold::Quick::default();
    for text in texts.iter().chain(texts.iter().rev()) {
        quick.fold(text);
        let fresh = crate::audience::names::fold::fold_quick(text);
        assert_eq!(quick.text, Folded::of(text).text.as_bytes(), "{text:?}");
        assert_eq!(quick.starts, fresh.starts, "{text:?}");
        assert_eq!(quick.runs, fresh.runs, "{text:?}");
    }
}

#[test]
fn runs_of_kana_and_ideographs_fold_as_character_by_character() {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    // Kana that fold to themselves or to others, ideographs with and
    // without a variant, punctuation that folds to nothing, voiced marks
    // written apart (which join the kana before them), half-width kana and
    // ASCII between them.
    let pieces = [
        "さとう",
        "サトウ",
        "ガ",
        "ヴ",
        "ー",
        "髙",
        "高",
        "濱",
        "崎",
        "﨑",
        "、",
        "・",
        "「",
        "」",
        "\u{3000}",
        "\u{2013}",
        "\u{3099}",
        "\u{309a}",
        "ﾊﾞ",
        "ｶ",
        "ﾞ",
        "a",
        "Z",
        " ",
        "9",
        ")",
        "\u{0}",
        "ＡＢ",
        "é",
    ];
    let mut rng = StdRng::seed_from_u64(3);
    let mut quick = Quick::default();
    for _ in 0..20_000 {
        let text = super::random_text(&mut rng, &pieces, 0..16);
        quick.fold(&text);
        assert_eq!(quick.text, Folded::of(&text).text.as_bytes(), "{text:?}");
    }
}

#[test]
fn a_first_look_lets_go_of_buffers_grown_for_a_long_text() {
    let mut quick = crate::audience::names::fold::Quick::default();
    quick.fold("Anne Brown");
    quick.shrink();
    assert!(quick.text.capacity() >= 9, "a short text's buffer is kept");
    quick.fold(&"Anne Brown ".repeat(200_000));
    quick.shrink();
    assert_eq!(quick.text.capacity(), 0);
    assert_eq!(quick.starts.capacity(), 0);
}

#[test]
fn ascii_folded_eight_bytes_at_a_time_folds_as_byte_by_byte() {
    use crate::audience::names::fold::{fold_ascii, fold_ascii_bytes};
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    // Letters of both cases, digits, ends of fields, what the fold drops
    // (the bytes next to letters and digits above all), and whole words.
    let pieces = [
        "a", "Z", "m", "Q", "0", "9", "5", "\u{0}", " ", "-", "@", "[", "`", "{", "/", ":",
        "\u{7f}", "\u{1f}", "\u{10}", "\u{19}", "Anna", "BROWN", "o'neil", "x2", "42nd", ", ",
        ".\n",
    ];
    let mut rng = StdRng::seed_from_u64(8);
    let mut texts: Vec<String> = (0..64)
        .map(|n| "Anna Brown, 42 of x@y.z-\u{0}Q ".repeat(3)[..n].to_string())
        .collect();
    texts.extend((0..20_000).map(|_| super::random_text(&mut rng, &pieces, 0..24)));
    for text in &texts {
        for latin in [false, true] {
            // After something already folded, as in a text.
            let (mut out, mut starts) = (b"ab".to_vec(), vec![0]);
            let (mut out_bytes, mut starts_bytes) = (out.clone(), starts.clone());
            let last = fold_ascii(text.as_bytes(), latin, &mut out, &mut starts);
            let last_bytes =
                fold_ascii_bytes(text.as_bytes(), latin, &mut out_bytes, &mut starts_bytes);
            assert_eq!(out, out_bytes, "{text:?} after a Latin letter: {latin}");
            assert_eq!(
                starts, starts_bytes,
                "{text:?} after a Latin letter: {latin}"
            );
            assert_eq!(last, last_bytes, "{text:?} after a Latin letter: {latin}");
        }
    }
}

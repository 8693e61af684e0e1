//! Single letters as names are compared: variant ideographs, letters in
//! negative circles and squares, letters that show nothing, voiced marks
//! written apart, and letters of other scripts that look Latin (see
//! [`super::fold`]).

/// A Latin letter in a negative circle or square, or a regional indicator
/// (`🅐`, `🅰`, `🇦`: symbols that NFKC leaves alone), as that letter.
pub(super) fn enclosed(c: char) -> char {
    let from = match c {
        '\u{1f150}'..='\u{1f169}' => 0x1f150,
        '\u{1f170}'..='\u{1f189}' => 0x1f170,
        '\u{1f1e6}'..='\u{1f1ff}' => 0x1f1e6,
        _ => return c,
    };
    char::from_u32('a' as u32 + (c as u32 - from)).unwrap_or(c)
}

/// An ideograph as the form names are most often written in: the old and
/// variant forms common in Japanese family and given names (髙 is 高, 﨑
/// is 崎, 齋 and 斉 are 斎, 邊 and 邉 are 辺, 澤 is 沢), and the CJK radicals
/// that look like a whole ideograph (⻑ is 長). Others are themselves.
pub(super) const fn variant(c: char) -> char {
    match c {
        '髙' => '高',
        '﨑' | '嵜' => '崎',
        '齋' | '齊' | '斉' => '斎',
        '邊' | '邉' => '辺',
        '澤' => '沢',
        '濱' => '浜',
        '廣' => '広',
        '眞' => '真',
        '國' => '国',
        '德' => '徳',
        '櫻' => '桜',
        '實' => '実',
        '藏' => '蔵',
        '嶋' | '嶌' => '島',
        '壽' => '寿',
        '惠' => '恵',
        '條' => '条',
        '淺' => '浅',
        '榮' => '栄',
        '圓' => '円',
        '冨' => '富',
        '萬' => '万',
        '彌' => '弥',
        '黑' => '黒',
        '兒' => '児',
        '瀨' => '瀬',
        '曾' => '曽',
        '栁' => '柳',
        '槇' => '槙',
        '龍' => '竜',
        '𠮷' => '吉',
        '\u{2ed1}' => '長',
        '\u{2ec4}' => '西',
        '\u{2ee4}' => '鬼',
        '\u{2ef2}' => '亀',
        '\u{2ed8}' => '青',
        '\u{2ee9}' => '黄',
        '\u{2eef}' => '竜',
        c => c,
    }
}

/// A letter that shows nothing (the Hangul fillers, after NFKC; Khmer's
/// inherent vowels) or looks like punctuation: nothing between the
/// letters of a name, as a space is.
pub(super) fn blank(c: char) -> bool {
    use unicode_general_category::{GeneralCategory, get_general_category};
    if c.is_ascii() {
        return false;
    }
    matches!(
        c,
        '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        // Letters that look like punctuation: the clicks (`ǀ ǁ ǂ ǃ`), the
        // saltillo (`ꞌ`, an apostrophe), the Hangul araea and the Canadian
        // final middle dot (`ㆍ`, `ᐧ`, a middle dot).
        | '\u{1c0}'
            ..='\u{1c3}' | '\u{a78b}' | '\u{a78c}' | '\u{318d}' | '\u{119e}' | '\u{1427}'
    ) || (
        // And every modifier letter (`ʼ`, `ː`, `ꜝ`, `ꓸ`: marks of tone,
        // length or stress that look like apostrophes, colons or dots),
        // but the Japanese ones, which are letters of a name (々, ー, ゝ).
        get_general_category(c) == GeneralCategory::ModifierLetter
            && !matches!(c, '\u{3000}'..='\u{30ff}' | '\u{ff00}'..='\u{ffef}')
    )
}

/// Joins a voiced (1) or semi-voiced (2) mark written apart to the kana
/// folded last.
pub(super) fn mark(out: &mut String, which: u32) {
    let Some(last) = out.chars().next_back() else {
        return;
    };
    let voiced = match (which, last) {
        (1, 'う') => Some('ゔ'),
        (1, 'か'..='と') if (last as u32) % 2 == 1 || matches!(last, 'つ' | 'て' | 'と') => {
            char::from_u32(last as u32 + 1)
        }
        (1 | 2, 'は' | 'ひ' | 'ふ' | 'へ' | 'ほ') => char::from_u32(last as u32 + which),
        _ => None,
    };
    if let Some(v) = voiced {
        out.pop();
        out.push(v);
    }
}

/// A letter of another script that looks like a Latin one, as that
/// letter: the common Cyrillic and Greek ones, the small capitals and the
/// Latin letters with a stroke, bar, middle tilde or belt, which have no
/// accent to drop (`і` is `i`, `ʀ` is `r`, `Đ` is `D`, `ł` is `l`, `Ⱥ` is
/// `A`, `ɫ` is `l`), then any
/// other whose confusable skeleton (Unicode TR 39) is one Latin letter or
/// digit (`ѡ`, `г`, `ɑ`, Cherokee `Ꭺ`).
pub(super) fn look_alike(c: char) -> char {
    const FROM: &str = "АВЕКМНОРСТХУаеорсхуіјѕԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧοντᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢĐđÐðŁłØøĦħŦŧȺⱥɃƀȻȼꞒꞓƉɆɇꞘꞙǤǥꞠꞡƗɨᵻɈɉɟꝀꝁꞢꞣȽƚⱠⱡꝈꝉꞤꞥⱣᵽꝐꝑꝖꝗꝘꝙɌɍꞦꞧꞨꞩȾⱦɄʉᵾꝞꝟɎɏƵƶꟊꟉꟈꟇᴌꝃꝂꝅꝄꝋꝊꞹꞸꬾɫⱢᵬᵭᵮᵯᵰᵱᵲᵳᵴᵵᵶƟɵƂƃƋƌɬꞭꬸꞎ𝼓ꬹ𝼚";
    const TO: &str = "ABEKMHOPCTXYaeopcxyijsdqwABEZHIKMNOPTYXovtabcdefghijklmnopqrstuvwyzDdDdLlOoHhTtAaBbCcCcDEeFfGgGgIiiJjjKkKkLlLlLlNnPpPpQqQqRrRrSsTtUuuVvYyZzsSdDlkKkKoOuUolLbdfmnprrstzOoBbDdlLlllli";
    let latin = crate::collation::translate(c, FROM, TO);
    // Ideographs, kana and Hangul are never Latin look-alikes (丅 is not T).
    let east_asian = matches!(c, '\u{2e80}'..='\u{a4cf}' | '\u{ac00}'..='\u{d7ff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}' | '\u{20000}'..);
    if latin != c || c.is_ascii() || ('\u{c0}'..='\u{17f}').contains(&c) || east_asian {
        return latin;
    }
    let mut buf = [0; 4];
    let mut skeleton = unicode_security::skeleton(c.encode_utf8(&mut buf));
    match (skeleton.next(), skeleton.next()) {
        (Some(s), None) if s.is_ascii_alphanumeric() => s,
        _ => c,
    }
}

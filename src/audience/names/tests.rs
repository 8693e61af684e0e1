use super::fold::*;
use super::page::PageText;

mod quick;

/// A text of `pieces` picked at random, as many as `count` gives.
fn random_text(
    rng: &mut rand::rngs::StdRng,
    pieces: &[&str],
    count: std::ops::Range<usize>,
) -> String {
    use rand::RngExt;
    (0..rng.random_range(count))
        .map(|_| pieces[rng.random_range(0..pieces.len())])
        .collect()
}

fn found(name: &str, text: &str) -> Vec<String> {
    let forms = forms_of(name);
    let folded = Folded::of(text);
    forms
        .iter()
        .flat_map(|f| {
            let folded = &folded;
            folded
                .text
                .match_indices(f.as_str())
                .map(move |(i, m)| (f, folded.original(text, i, i + m.len())))
        })
        .filter(|(f, (s, e))| whole_words(text, *s, *e, f))
        .map(|(_, (s, e))| text[s..e].to_string())
        .collect()
}

#[test]
fn forms_ignore_spacing_width_kana_case_and_order() {
    assert_eq!(forms_of("佐藤 花子"), ["佐藤花子"]);
    assert_eq!(forms_of("サトウ　ハナコ"), ["さとうはなこ"]);
    assert_eq!(forms_of("Anna Brown"), ["annabrown", "brownanna"]);
    assert_eq!(forms_of("ＡＮＮＡ-brown"), ["annabrown", "brownanna"]);
    assert_eq!(
        forms_of("José María Núñez"),
        ["josemarianunez", "nunezjosemaria"]
    );
    assert_eq!(forms_of("sato-hanako"), ["satohanako", "hanakosato"]);
}

#[test]
fn one_word_latin_names_and_short_names_are_not_looked_for() {
    assert!(forms_of("Taro").is_empty());
    assert!(forms_of("田中").is_empty());
    assert!(forms_of("m000123").is_empty());
    assert_eq!(forms_of("佐藤花子"), ["佐藤花子"]);
}

#[test]
fn latin_names_match_whole_words_only() {
    assert_eq!(
        found("Anna Brown", "Joanna Browning met Anna  Brown."),
        ["Anna  Brown"]
    );
    assert!(found("Carl Jensen", "Carl Jensenius").is_empty());
    assert_eq!(found("いとう あい", "昨日はいとうあいさんと").len(), 1);
    // Japanese has no spaces between words: a name is found anywhere.
    assert_eq!(found("佐藤 花子", "昨日は佐藤花子さんと"), ["佐藤花子"]);
}

#[test]
fn what_is_between_the_letters_does_not_hide_a_name() {
    for text in [
        "佐藤、花子",
        "佐\u{200b}藤花子",
        "木村!次郎 佐藤/花子",
        "佐\u{e0100}藤花子",
        "ｻﾄｳ ﾊﾅｺ",
        "Ⓢato Ⓗanako",
    ] {
        let names = ["佐藤 花子", "さとう はなこ", "sato hanako", "木村 次郎"];
        assert!(names.iter().any(|n| !found(n, text).is_empty()), "{text}");
    }
    assert_eq!(found("すずき いちろう", "すす\u{3099}きいちろう").len(), 1);
    assert_eq!(found("鈴木 一郎", "ｽｽﾞｷ ｲﾁﾛｳ").len(), 0);
    assert_eq!(found("すずき いちろう", "ｽｽﾞｷ ｲﾁﾛｳ").len(), 1);
    assert_eq!(found("Anna Brown", "\u{410}nna Brown").len(), 1);
    assert_eq!(found("Anna Brown", "\u{115f}Anna Brown\u{1160}").len(), 1);
    let text = "佐藤（さとう）花子（はなこ）さん";
    let windows = Folded::around_brackets(text, 0);
    assert!(windows.iter().any(|f| f.text.contains("佐藤花子")));
}

#[test]
fn a_name_split_by_a_reading_is_found_however_it_is_padded_or_long() {
    let reach = "christopherjohnson".len();
    let zero_width = "\u{200b}".repeat(40);
    for (text, name) in [
        ("佐藤            （さとう）花子", "佐藤花子"),
        ("Anne            (A.) Brown", "annebrown"),
        (&*format!("佐藤（さとう）{zero_width}花子"), "佐藤花子"),
        ("Christopher (Chris) Johnson", "christopherjohnson"),
        (
            "Thanks to Christopher (Chris)                                   Johnson",
            "christopherjohnson",
        ),
        (
            "佐（さ）藤（とう）                                         花（は）子（なこ）",
            "佐藤花子",
        ),
    ] {
        let windows = Folded::around_brackets(text, reach);
        assert!(windows.iter().any(|f| f.text.contains(name)), "{text}");
    }
}

#[test]
fn a_page_is_read_as_it_shows() {
    let page = PageText::of(
        "<p>佐<em>藤</em>花子 &#x6728;村 <a href=\"/members/x/\" title=\"a&amp;b\">Anna</a></p><img alt='鈴木' src=x>",
    );
    let text = page.text.replace(super::page::BREAK, " ");
    let parts: Vec<&str> = text.split('\0').collect();
    assert_eq!(
        parts,
        [
            " 佐藤花子 木村 Anna  ",
            "/members/x/",
            "a&b",
            "鈴木",
            "x",
            ""
        ]
    );
    let ranges: Vec<String> = page
        .anchors
        .iter()
        .map(|(f, t, _)| page.text[*f..*t].replace(super::page::BREAK, " "))
        .collect();
    assert_eq!(ranges, ["Anna", "/members/x/\0a&b\0"]);
    assert!(
        page.anchors
            .iter()
            .all(|(_, _, href)| href == "/members/x/")
    );
    // A link or a span inside a name does not cut it; cells and lines end
    // words; annotations are read with and without their text.
    let page = PageText::of(
        "<p>隠岐<a href=\"https://e.example/\" rel=\"x\">太郎</a></p><table><tr><td>1</td><td>Anne Brown</td></tr></table>\
         Team 7<br>Anne<ruby>隠岐<rt>おき</rt>太郎<rt>たろう</rt></ruby>",
    );
    let text = page.text.replace(super::page::BREAK, " ");
    let parts: Vec<&str> = text.split('\0').collect();
    assert_eq!(
        parts[0],
        " 隠岐太郎    1  Anne Brown   Team 7 Anne隠岐 おき 太郎 たろう "
    );
    assert_eq!(parts[1], " 隠岐太郎    1  Anne Brown   Team 7 Anne隠岐太郎");
    assert_eq!(&parts[2..], ["https://e.example/", "x", ""]);
}

#[test]
fn the_first_look_finds_every_place_a_name_is_reported() {
    use super::first_look::Prefixes;
    use aho_corasick::{AhoCorasick, MatchKind};
    use rand::SeedableRng;
    use rand::rngs::StdRng;
    use std::collections::HashSet;

    let names = [
        "佐藤 花子",
        "さとう はなこ",
        "Anna Brown",
        "Li Wei",
        "林 大輔",
        "Zoë Ångström",
        // Latin names of fewer than eight bytes and of more.
        "Alex Kim",
        "Bo Li Chen",
        "Bartholomew Featherstonehaugh",
    ];
    let forms: Vec<String> = names.iter().flat_map(|n| forms_of(n)).collect();
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&forms)
        .expect("an automaton");
    let prefixes = Prefixes::of(forms.iter().map(String::as_str)).expect("prefixes");
    let pieces = [
        "佐藤",
        "花子",
        "さとう",
        "サトウ",
        "はなこ",
        "ﾊﾅｺ",
        "Anna",
        "ANNA",
        "Ａｎｎａ",
        "Brown",
        "brown",
        "Li",
        "Wei",
        "wei",
        "林",
        "大輔",
        "小",
        "Zoë",
        "Zoe",
        "Ångström",
        "Jo",
        "x",
        "é",
        "3",
        " ",
        "-",
        "\u{0}",
        "、",
        "（",
        "）",
        "(",
        ")",
        "\u{200b}",
        "\u{3099}",
        "カ",
        "の",
        "ing",
        "Alex",
        "Ａｌｅｘ",
        "Kim",
        "Kimura",
        "Bo",
        "Chen",
        "Bartholomew",
        "Featherstonehaugh",
        "Feather",
    ];
    let mut rng = StdRng::seed_from_u64(14);
    let mut reported = 0;
    for _ in 0..40_000 {
        let text = random_text(&mut rng, &pieces, 1..12);
        let folded = Folded::of(&text);
        let quick = fold_quick(&text);
        assert_eq!(quick.text, folded.text.as_bytes(), "{text:?}");
        let places: HashSet<usize> = prefixes.places(&quick).into_iter().collect();
        for m in automaton.find_iter(&folded.text) {
            let form = &forms[m.pattern().as_usize()];
            let (start, end) = folded.original(&text, m.start(), m.end());
            if whole_words(&text, start, end, form) {
                reported += 1;
                assert!(places.contains(&m.start()), "{form} in {text:?}");
            }
        }
    }
    assert!(reported > 1_000, "only {reported} names reported");
}

#[test]
fn bidirectional_formatting_characters_are_found_and_nothing_else() {
    for c in ['\u{202a}', '\u{202c}', '\u{202e}', '\u{2066}', '\u{2069}'] {
        assert_eq!(
            super::find_reordering(&format!("名前{c}x")),
            Some(6),
            "{c:?}"
        );
    }
    for c in [
        '\u{2029}', '\u{202f}', '\u{2065}', '\u{206a}', '…', '’', '—',
    ] {
        assert_eq!(super::find_reordering(&format!("名前{c}x")), None, "{c:?}");
    }
}

#[test]
fn a_longer_name_is_written_as_itself_across_a_line_or_a_tab() {
    for text in ["小林大輔", "小林 大輔", "小林\n大輔", "小林\t大輔"] {
        assert!(super::written_as(text, &[6]), "{text:?}");
    }
    for text in ["小\n林大輔", "小林\u{2029}大輔", "小林、大輔"] {
        assert!(!super::written_as(text, &[6]), "{text:?}");
    }
}

#[test]
fn a_name_is_cut_where_its_parts_meet_either_way_round() {
    use super::fold::cut_forms_and_whole;
    let cut = |name: &str| cut_forms_and_whole(name);
    assert_eq!(
        cut("Jean Luc Picard"),
        (
            vec![
                ("jeanlucpicard".to_string(), vec![4, 7]),
                ("picardjeanluc".to_string(), vec![6, 10]),
            ],
            "jeanlucpicard".to_string()
        )
    );
    assert_eq!(
        cut("Anna Brown"),
        (
            vec![
                ("annabrown".to_string(), vec![4]),
                ("brownanna".to_string(), vec![5]),
            ],
            "annabrown".to_string()
        )
    );
    assert_eq!(
        cut("佐藤　花子"),
        (
            vec![("佐藤花子".to_string(), vec![6])],
            "佐藤花子".to_string()
        )
    );
    // Too short or too common to look for, but a name all the same.
    assert_eq!(cut("Taro"), (vec![], "taro".to_string()));
    assert_eq!(cut("田中"), (vec![], "田中".to_string()));
    // A voiced mark that begins a part joins nothing.
    assert_eq!(cut("か ゙ き").1, "かき");
}

#[test]
fn any_accent_and_text_written_decomposed_fold_as_the_base_letters() {
    use super::fold::forms_of;
    let form = |name: &str| forms_of(name).into_iter().next().unwrap_or_default();
    // Accents outside Latin-1 and Latin Extended-A (Vietnamese, pinyin).
    assert_eq!(form("Nguyễn Văn An"), form("Nguyen Van An"));
    assert_eq!(form("Lǚ Xiǎomíng"), form("Lu Xiaoming"));
    // Letters with a stroke, as the letter.
    assert_eq!(form("Đặng Minh Hà"), form("Dang Minh Ha"));
    assert_eq!(form("Łukasz Nowak"), form("Lukasz Nowak"));
    assert_eq!(form("Đoàn Minh"), form("Ðoàn Minh"));
    assert_eq!(form("Anne Brown"), form("Ⱥnne Ƀrown"));
    assert_eq!(form("Carl Jensen"), form("Ȼarl Ɉensen"));
    assert_eq!(form("Zoe Kurt"), form("Ƶoɇ Ꝁuɍⱦ"));
    assert_eq!(form("Carl Jensen"), form("Carɫ Jenꟊen"));
    assert_eq!(form("Bob Lund"), form("ƂoƂ ɬuᵰꟈ"));
    // The same name written decomposed: a letter, then its mark.
    assert_eq!(form("Андрей Петров"), form("Андре\u{438}\u{306} Петров"));
    assert_eq!(form("Ελένη Παππά"), form("Ελε\u{301}νη Παππα\u{301}"));
    assert_eq!(
        form("Nguyễn Văn An"),
        form("Nguye\u{302}\u{303}n Va\u{306}n An")
    );
    // Hangul syllables and the same syllables as jamo.
    assert_eq!(
        form("김 민수"),
        form("\u{1100}\u{1175}\u{11b7} \u{1106}\u{1175}\u{11ab}\u{1109}\u{116e}")
    );
    // Kana keep their voiced marks, written apart or not.
    assert_eq!(form("ゴトウ ダイキ"), form("コ\u{3099}トウ タ\u{3099}イキ"));
    assert_ne!(form("ゴトウ ダイキ"), form("コトウ タイキ"));
    assert!(!form("ゴトウ ダイキ").is_empty());
}

#[test]
fn a_page_folded_in_one_pass_folds_as_its_page_text() {
    use super::page::Look;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    let pieces = [
        "<p>",
        "</p>",
        "<em>",
        "</em>",
        "<h2 id=\"anne-brown\">",
        "</h2>",
        "<a href=\"/members/%E4%BD%90%E8%97%A4/\" title=\"Anne &amp; Brown\">",
        "</a>",
        "<br>",
        "<td>",
        "</td>",
        "<span lang=ja>",
        "</span>",
        "<img alt='佐藤 花子' src=x>",
        "<!-- 佐藤 -->",
        "<ruby>",
        "<rt>",
        "</rt>",
        "</sup>",
        "<q>",
        "<",
        ">",
        "&amp;",
        "&#20304;",
        "&#x202e;",
        "&lt;",
        "&nbsp;",
        "&#0;",
        "&",
        "\u{0}",
        "\u{202e}",
        "\u{3099}",
        "ﾊﾞ",
        "(Fintech, 福岡)",
        "(Real estate and more, Singapore)",
        "（さとう）",
        "(",
        ")",
        "（",
        "）",
        "佐藤",
        "花子",
        "サトウ",
        "Anne",
        "ANNE",
        "Ａｎｎｅ",
        "Brown",
        "Zoë",
        " ",
        "-",
        "、",
        "x",
        "7",
        "The years in Finance taught Anne to ship small changes often. ",
    ];
    let mut rng = StdRng::seed_from_u64(18);
    let mut look = Look::default();
    let (mut one_pass, mut whole_way) = (0, 0);
    for _ in 0..30_000 {
        let html = random_text(&mut rng, &pieces, 0..24);
        if !look.fold(&html) {
            whole_way += 1;
            continue;
        }
        one_pass += 1;
        let page = PageText::of(&html);
        let separated = page
            .text
            .replace(super::page::BREAK, &super::page::SEPARATOR.to_string());
        assert_eq!(look.text, separated, "{html:?}");
        let quick = fold_quick(&page.text);
        assert_eq!(look.quick.text, quick.text, "{html:?}");
        assert_eq!(look.quick.starts, quick.starts, "{html:?}");
        // The same bytes in runs (a separator in ASCII may cut one in two).
        let covered = |runs: &[(u32, u32)]| -> Vec<u32> {
            runs.iter().flat_map(|&(from, to)| from..to).collect()
        };
        assert_eq!(covered(&look.quick.runs), covered(&quick.runs), "{html:?}");
        assert!(super::find_reordering(&page.text).is_none(), "{html:?}");
    }
    assert!(
        one_pass > 5_000 && whole_way > 5_000,
        "{one_pass} {whole_way}"
    );
}

#[test]
fn letters_that_look_like_punctuation_end_a_word() {
    assert_eq!(found("Anne Brown", "Hi Anne Brown\u{1c3}"), ["Anne Brown"]);
    assert_eq!(found("Anne Brown", "\u{1c0}Anne Brown"), ["Anne Brown"]);
    assert!(found("Anne Brown", "Anne Browné").is_empty());
    // Nor do they cut a name, any more than punctuation does.
    assert_eq!(
        found("Carl Jensen", "Carl \u{1c3} Jensen"),
        ["Carl \u{1c3} Jensen"]
    );
    assert_eq!(
        found("Carl Jensen", "Carl \u{2bc}Jensen"),
        ["Carl \u{2bc}Jensen"]
    );
    // A Vietnamese letter is a letter of the word it is in.
    assert!(found("Van Ho", "Nguyen Van Hoạt").is_empty());
}

//! Names of people a build does not show, disguised: in markup, in
//! look-alike or variant letters, in other orders, set apart by quotation
//! or superscript, behind a shared name in another language, in a handle
//! (SECURITY.md, "Names in free text"). Each case is a way that once
//! published such a name with exit 0. The site is `names/site` (see
//! `names.rs`).

use crate::names::{hidden, site};
use crate::support::SiteTest;

/// A public member's profile with `front` added to its front matter and
/// `body` as its text.
fn attacker(site: &SiteTest, front: &str, body: &str) {
    site.write(
        "content/members/attacker.md",
        &format!(
            "---\nname: 公開 四郎\nleft: 2019\nvisibility: public\nconsent: 2024-04-01\n{front}---\n{body}\n"
        ),
    );
}

/// Each case (front matter, body, the file of the person it names), as
/// the attacker's profile, fails the build naming both files.
#[track_caller]
fn each_fails_naming(site: &SiteTest, cases: &[(&str, &str, &str)]) {
    for (front, body, whose) in cases {
        attacker(site, front, body);
        site.build(&[]).assert_exit(1).assert_stderr_has(&[
            "content/members/attacker.md",
            &format!("`content/members/{whose}`"),
        ]);
    }
}

#[test]
fn names_hidden_by_markup_look_alikes_or_a_name_alike_are_found() {
    let site = site();
    let cases = [
        // A link or span inside the name: its URL is not between its letters.
        (
            "",
            "同期の佐藤[花子](https://example.com/)さん",
            "sato-hanako.md",
        ),
        (
            "",
            "同期の佐藤<span lang=\"ja\">花子</span>さん",
            "sato-hanako.md",
        ),
        // Readings, footnote marks and superscripts between its parts.
        (
            "",
            "<ruby>佐藤<rt>さとう</rt>花子<rt>はなこ</rt></ruby>さん",
            "sato-hanako.md",
        ),
        ("", "佐藤[^1]花子さん\n\n[^1]: x", "sato-hanako.md"),
        ("", "佐藤<sup>x</sup>花子さん", "sato-hanako.md"),
        // A Latin name in a table cell, or after a line break, is a word.
        (
            "",
            "| No. | Name |\n|---|---|\n| 1 | Carl Jensen |",
            "carl.md",
        ),
        ("", "Team 7<br>Carl Jensen", "carl.md"),
        // A match that is not a name does not hide one inside it.
        ("", "Xjensen Carl Jensen", "carl.md"),
        ("", "Xhanako Sato Hanako", "sato-hanako.md"),
        // Letters of other scripts that look Latin.
        ("", "Cɑrl Jensen", "carl.md"),
        ("", "Caгl Jensen", "carl.md"),
        // The same reading, or the two parts the other way round, is not
        // the same name: no namesake's own profile.
        (
            "name_reading: さとう はなこ\n",
            "佐藤花子です",
            "sato-hanako.md",
        ),
        (
            "name_reading: はなこ さとう\n",
            "佐藤花子です",
            "sato-hanako.md",
        ),
        // Letters that show nothing do not pad a name.
        ("", "佐ㅤ藤ㅤ花ㅤ子", "sato-hanako.md"),
        // Nor does a NUL, written as a YAML escape in a field: a browser
        // drops it and reads CarlJensen.
        ("role: \"Mentor of Carl\\0Jensen\"\n", "Bio.", "carl.md"),
        // Nor do spaces before a reading in brackets (a browser shows one).
        ("", "佐藤            （さとう）花子さん", "sato-hanako.md"),
        ("", "Thanks to Carl              (C.) Jensen", "carl.md"),
    ];
    each_fails_naming(&site, &cases);
    site.write(
        "content/members/attacker.md",
        "---\nname: 花子 佐藤\nleft: 2019\nvisibility: public\nconsent: 2024-04-01\n---\n佐藤花子です\n",
    );
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/members/attacker.md",
        "`content/members/sato-hanako.md`",
    ]);
}

#[test]
fn names_written_in_variant_forms_other_orders_or_set_apart_are_found() {
    let site = site();
    for (file, name) in [
        ("takahashi", "高橋 一郎"),
        ("hasegawa", "長谷川 花子"),
        ("picard", "Jean Luc Picard"),
    ] {
        hidden(&site, file, name);
    }
    let cases = [
        ("", "髙橋一郎さんと", "takahashi.md"),
        ("", "\u{2ed1}谷川花子さんと", "hasegawa.md"),
        ("", "PICARD Jean-Luc came", "picard.md"),
        // Quotation marks and superscripts set a name apart from the word
        // before it, as the page shows it.
        ("", "My mentor was<q>Carl Jensen</q>.", "carl.md"),
        ("", "Thanks<sup>Carl Jensen</sup>", "carl.md"),
        // Text that shows in another order than it is written.
        (
            "role: \"\u{202e}nesneJ lraC\u{202c}\"\n",
            "Bio.",
            "another order",
        ),
        ("", "\u{202e}nesneJ lraC\u{202c}", "another order"),
    ];
    for (front, body, expected) in cases {
        attacker(&site, front, body);
        site.build(&[])
            .assert_exit(1)
            .assert_stderr_has(&["content/members/attacker.md", expected]);
    }
    // A description is cut between words, and joins what inline elements
    // join, as the check reads the page.
    attacker(
        &site,
        "",
        "<bdo dir=\"rtl\">nesneJ lraC</bdo> x<em>Carl Jensen</em>y",
    );
    let out = site.build(&[]);
    out.assert_success();
    let page = out.file("members/attacker/index.html");
    assert!(!page.contains("<bdo"), "{page}");
    assert!(
        page.contains("content=\"nesneJ lraC xCarl Jenseny\""),
        "{page}"
    );
}

#[test]
fn a_shared_english_name_symbols_and_handles_do_not_hide_a_name() {
    let site = site();
    // 佐藤 花子's English version is Hanako Sato; so is a public member's,
    // whose Japanese name is another: she may carry Hanako Sato, not 佐藤花子.
    site.write(
        "content/members/sato-hanako.en.md",
        "---\nname: Hanako Sato\n---\nMembers only.\n",
    );
    site.write(
        "content/members/sato2.md",
        "---\nname: 里 花子\nname_reading: さと はなこ\nleft: 2019\nvisibility: public\nconsent: 2024-04-01\n---\n同期の佐藤花子さんとよく間違えられました。\n",
    );
    site.write(
        "content/members/sato2.en.md",
        "---\nname: Hanako Sato\n---\nI am Hanako Sato.\n",
    );
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/members/sato2.md:8:",
        "`content/members/sato-hanako.md`",
    ]);
    site.remove("content/members/sato2.md");
    site.remove("content/members/sato2.en.md");
    for body in [
        "Follow [@carljensen88](https://x.example/carljensen88)",
        "ᴄᴀʀʟ ᴊᴇɴsᴇɴ",
        "Carl Jenѕen's successor: 🅒🅐🅡🅛 🅙🅔🅝🅢🅔🅝",
        "🇨🇦🇷🇱 🇯🇪🇳🇸🇪🇳",
    ] {
        attacker(&site, "", body);
        site.build(&[])
            .assert_exit(1)
            .assert_stderr_has(&["content/members/attacker.md", "`content/members/carl.md`"]);
    }
    // A longer name shown written over a line of the source, or with a
    // tab, is still that name.
    site.remove("content/members/attacker.md");
    site.write(
        "content/members/hayashi.md",
        "---\nname: 林 大輔\nleft: 2018\nvisibility: hidden\n---\nHidden.\n",
    );
    site.write(
        "content/members/kobayashi.md",
        "---\nname: 小林 大輔\nleft: 2019\nvisibility: public\nconsent: 2024-04-01\n---\n今回は小林\n大輔さんと小林\t大輔さんが\n",
    );
    site.build(&[]).assert_success();
}

#[test]
fn a_reading_or_slug_written_as_the_name_of_someone_not_shown_is_found() {
    let site = site();
    // A member's own reading or slug is theirs where it is a reading or
    // slug of someone not shown too, not where it is that person's name.
    let cases = [
        ("name_reading: 佐藤 花子\n", "Bio.", "sato-hanako.md"),
        (
            "name_reading: 佐藤 花子\n",
            "佐藤花子です",
            "sato-hanako.md",
        ),
        (
            "name_reading: Carl Jensen\n",
            "I am Carl Jensen.",
            "carl.md",
        ),
        ("slug: jensen-carl\n", "Bio.", "carl.md"),
        // Nor padded into a longer reading or slug: a reading holds only
        // readings of others.
        ("name_reading: 佐藤花子様\n", "Bio.", "sato-hanako.md"),
        ("name_reading: Carl Jensen2\n", "Bio.", "carl.md"),
        ("slug: 故佐藤花子\n", "Bio.", "sato-hanako.md"),
    ];
    each_fails_naming(&site, &cases);
    // Nor does a link to their page make it theirs.
    attacker(&site, "name_reading: 佐藤 花子\n", "");
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2024-05-01\n---\n[佐藤 花子](@/members/attacker.md)\n",
    );
    site.build(&[])
        .assert_exit(1)
        .assert_stderr_has(&["content/news/hello.md", "`content/members/sato-hanako.md`"]);
    // The same reading as someone not shown is a reading still.
    site.remove("content/news/hello.md");
    attacker(
        &site,
        "name_reading: さとう はなこ\n",
        "さとう はなこです。[さとう はなこ](@/members/attacker.md)",
    );
    let out = site.build(&[]);
    out.assert_success();
    assert!(
        out.file("members/attacker/index.html")
            .contains("さとう はなこです")
    );
    // And a reading that holds another's reading is a longer reading.
    site.write(
        "content/members/take.md",
        "---\nname: 竹 浩\nname_reading: たけ ひろし\nleft: 2018\nvisibility: hidden\n---\nHidden.\n",
    );
    site.write(
        "content/members/attacker.md",
        "---\nname: 大竹 浩\nname_reading: おおたけ ひろし\nleft: 2019\nvisibility: public\nconsent: 2024-04-01\n---\nおおたけ ひろしです。\n",
    );
    site.build(&[]).assert_success();
    // A name written in kana alone reads as it is written: a reading that
    // holds it is a longer reading.
    site.write(
        "content/members/ito.md",
        "---\nname: いとう あい\nleft: 2018\nvisibility: hidden\n---\nHidden.\n",
    );
    site.write(
        "content/members/attacker.md",
        "---\nname: 斉藤 愛\nname_reading: さいとう あい\nleft: 2019\nvisibility: public\nconsent: 2024-04-01\n---\nさいとう あいです。\n",
    );
    site.build(&[]).assert_success();
}

#[test]
fn struck_out_letters_clicks_and_stroked_letters_do_not_hide_a_name() {
    let site = site();
    hidden(&site, "hayashi", "林 大輔");
    site.write(
        "content/members/kobayashi.md",
        "---\nname: 小林 大輔\nleft: 2019\nvisibility: public\nconsent: 2024-04-01\n---\n小林です。\n",
    );
    let cases = [
        // Struck out, a letter is not part of the word it is beside.
        ("", "今回は~~小~~林大輔さんと", "hayashi.md"),
        ("", "Thanks to Carl Jensen~~s~~", "carl.md"),
        ("", "Thanks to Carl Jensen<s>s</s>", "carl.md"),
        // Letters that look like punctuation (a click, an apostrophe) end
        // a word and do not cut a name.
        ("", "Thanks to Carl Jensen\u{1c3}", "carl.md"),
        ("", "Thanks to Carl \u{1c3} Jensen", "carl.md"),
        ("", "Thanks to Carl \u{2bc}Jensen", "carl.md"),
        ("", "Thanks to Carl \u{a78c}Jensen", "carl.md"),
        ("", "Thanks to Carl\u{a71d} Jensen", "carl.md"),
        ("", "佐藤\u{318d}花子さんと", "sato-hanako.md"),
        ("", "森\u{2d0}海斗さんと", "kaito.md"),
        // Letters with a stroke, bar or middle tilde.
        ("", "Thanks to Ȼarl Ɉensen", "carl.md"),
        ("", "Thanks to Carɫ Jenꟊen", "carl.md"),
        ("", "Thanks to Carꬸ Jensen", "carl.md"),
    ];
    each_fails_naming(&site, &cases);
    // The longer name written whole is still the longer name.
    attacker(&site, "", "今回は小林大輔さんと");
    site.build(&[]).assert_success();
}

//! Side doors of the privacy gate in free text: a person the build does
//! not show must not be named by an `@/` link's text, by plain text in a
//! body or a front-matter field, or by a plain link or image to their page
//! (docs/content.md, "Privacy: who sees what"; SECURITY.md).
//!
//! `names/site` has a public 山田 太郎, a members-only 佐藤 花子
//! (reading さとう はなこ), a members-only 森 海斗 (slug `kaito`), a
//! withdrawn Carl Jensen, a hidden Anna Brown and a public Anna Brown
//! (`anna-brown-2`), in a site in Japanese and English.

use crate::support::{Outcome, SiteTest};

pub(crate) fn site() -> SiteTest {
    SiteTest::fixture("names/site")
}

/// Every output file, as text, with its path.
fn texts(out: &Outcome) -> Vec<(String, String)> {
    out.tree()
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

#[track_caller]
fn assert_nowhere(out: &Outcome, needles: &[&str]) {
    for (name, text) in texts(out) {
        for n in needles {
            assert!(!name.contains(n), "file name {name} has {n}");
            assert!(!text.contains(n), "{name} has {n}");
        }
    }
}

/// Writes `content/members/<file>.md`: `name`, hidden.
pub(crate) fn hidden(site: &SiteTest, file: &str, name: &str) {
    site.write(
        &format!("content/members/{file}.md"),
        &format!("---\nname: {name}\nleft: 2018\nvisibility: hidden\n---\nHidden.\n"),
    );
}

/// Writes `content/members/<file>.md`: `name`, public with consent, the
/// front-matter lines `more` and `body`.
fn public(site: &SiteTest, file: &str, name: &str, more: &str, body: &str) {
    site.write(
        &format!("content/members/{file}.md"),
        &format!(
            "---\nname: {name}\nleft: 2019\nvisibility: public\nconsent: 2024-04-01\n{more}---\n{body}\n"
        ),
    );
}

#[test]
fn link_text_to_a_person_not_shown_becomes_a_neutral_word() {
    let site = site();
    let public = site.build(&[]);
    public.assert_success();
    assert_nowhere(&public, &["佐藤", "sato-hanako"]);
    let story = public.file("stories/together/index.html");
    assert!(story.contains("あるメンバーとともに"), "{story}");
    assert!(story.contains("href=\"/members/yamada-taro/\""), "{story}");
    // Shown in the English part (no translation), the story keeps its
    // language; an English story says it in English.
    let en = public.file("en/stories/together/index.html");
    assert!(en.contains("あるメンバーとともに"), "{en}");
    site.write(
        "content/stories/together.en.md",
        "---\ntitle: Together again\n---\nWith [Hanako Sato](@/members/sato-hanako.md).\n",
    );
    let public = site.build(&[]);
    public.assert_success();
    assert_nowhere(&public, &["佐藤", "Hanako", "sato-hanako"]);
    let en = public.file("en/stories/together/index.html");
    assert!(en.contains("With a member."), "{en}");
    // The members build names her and links to her.
    let members = site.build(&["--audience", "members", "-o", "members-out"]);
    members.assert_success();
    let story = members.file("stories/together/index.html");
    assert!(
        story.contains("<a href=\"/members/sato-hanako/\">佐藤 花子さん</a>"),
        "{story}"
    );
}

#[test]
fn a_body_naming_a_person_not_shown_fails_the_build_at_the_name() {
    let site = site();
    site.build(&[]).assert_success();
    let before = site.build(&[]).file("news/hello/index.html");
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2026-04-01\n---\nNothing new.\n\n昨日はサトウ　ハナコさんに会いました。\n",
    );
    let out = site.build(&[]);
    out.assert_exit(1).assert_stderr_has(&[
        "content/news/hello.md:7:4",
        "a person the public build does not show: `content/members/sato-hanako.md`, who is shown to members only",
    ]);
    // The previous output is untouched.
    assert_eq!(out.file("news/hello/index.html"), before);
    // check says the same, and the members build, which shows her, is fine.
    let check = site.run(&["check"]);
    check.assert_exit(1);
    assert!(
        check.stdout.contains("content/news/hello.md:7:4"),
        "{}",
        check.stdout
    );
    site.build(&["--audience", "members", "-o", "members-out"])
        .assert_success();
    // The name check runs beside the page plan: its errors still come
    // first, and alone, as when it ran before the plan.
    site.write(
        "static/members",
        "a file in the way of the members/ folder\n",
    );
    let out = site.build(&[]);
    out.assert_exit(1)
        .assert_stderr_has(&["content/news/hello.md:7:4"]);
    assert!(!out.stderr.contains("static/members"), "{}", out.stderr);
    site.remove("content/news/hello.md");
    site.build(&[])
        .assert_exit(1)
        .assert_stderr_has(&["static/members"]);
}

#[test]
fn names_are_found_in_any_spacing_width_order_and_in_front_matter() {
    for (text, place) in [
        ("佐藤花子", "content/news/hello.md:6:1"),
        ("ｻﾄｳ ﾊﾅｺ", "content/news/hello.md:6:1"),
        ("Hanako Sato", "content/news/hello.md:6:1"),
        ("CARL  JENSEN", "content/news/hello.md:6:1"),
        ("Jensen, Carl", "content/news/hello.md:6:1"),
    ] {
        let site = site();
        site.write(
            "content/news/hello.md",
            &format!("---\ntitle: Hello\ndate: 2026-04-01\n---\n\n{text}\n"),
        );
        site.build(&[]).assert_exit(1).assert_stderr_has(&[place]);
    }
    let site = site();
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2026-04-01\nsummary: With Carl Jensen.\n---\nBody.\n",
    );
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/news/hello.md:4:15",
        "`summary` names a person the public build does not show: `content/members/carl.md`, who has withdrawn",
    ]);
    // A withdrawn person is named in no build at all.
    site.build(&["--audience", "members", "-o", "members-out"])
        .assert_exit(1);
}

#[test]
fn a_longer_word_is_not_a_name() {
    let site = site();
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2026-04-01\n---\nJoanna Browning and Carl Jensenius came; Carl did too.\n",
    );
    site.build(&[]).assert_success();
}

#[test]
fn someone_else_of_the_same_name_is_said_so_by_a_link_or_homonyms() {
    let site = site();
    // The hidden Anna Brown's public namesake may carry her own name.
    site.build(&[]).assert_success();
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2026-04-01\n---\nAnna Brown spoke.\n",
    );
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/news/hello.md:5:1",
        "`content/members/anna-brown.md`, who is hidden",
        "[Name](@/members/their-file.md)",
    ]);
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2026-04-01\n---\n[Anna Brown](@/members/anna-brown-2.md) spoke.\n",
    );
    let out = site.build(&[]);
    out.assert_success();
    assert!(
        out.file("news/hello/index.html")
            .contains("<a href=\"/members/anna-brown-2/\">Anna Brown</a>")
    );
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2026-04-01\nhomonyms: [Anna Brown]\n---\nAnna Brown, our guest from another firm, spoke.\n",
    );
    site.build(&[]).assert_success();
    // A member's profile cannot say so: members write their own files.
    public(
        &site,
        "yamada-taro",
        "山田 太郎",
        "homonyms: [Anna Brown]\n",
        "Anna Brown",
    );
    site.build(&[])
        .assert_exit(1)
        .assert_stderr_has(&["homonyms"]);
}

#[test]
fn plain_links_and_images_to_a_page_not_shown_lose_their_url() {
    let site = site();
    site.write(
        "content/news/hello.md",
        concat!(
            "---\ntitle: Hello\ndate: 2026-04-01\n---\n",
            "[a](/members/kaito/) [b](../../en/members/Kaito/#top) ",
            "[c](https://alumni.test.example/members/%6Baito/) ",
            "<a href=\"/members/kaito/\">d</a> <a href=\"@/members/kaito.md\">e</a>\n\n",
            "![f](/members/kaito/photo-96.jpg) <img src=\"/members/kaito/photo-192.jpg\">\n\n",
            "[ok](/members/yamada-taro/) <img src=\"/team.png\">\n",
        ),
    );
    let out = site.build(&[]);
    out.assert_success();
    assert_nowhere(&out, &["kaito", "%6Baito"]);
    let page = out.file("news/hello/index.html");
    for kept in [
        "<p>a b c <a rel=\"noopener nofollow ugc\">d</a> <a rel=\"noopener nofollow ugc\">e</a></p>",
        "<a href=\"/members/yamada-taro/\" rel=\"noopener nofollow ugc\">ok</a>",
        "<img alt=\"\" src=\"/team.png\">",
    ] {
        assert!(page.contains(kept), "{kept} in {page}");
    }
    // The members build has the page, and keeps the links.
    let members = site.build(&["--audience", "members", "-o", "members-out"]);
    members.assert_success();
    assert!(
        members
            .file("news/hello/index.html")
            .contains("<a href=\"/members/kaito/\" rel=\"noopener nofollow ugc\">a</a>")
    );
}

#[test]
fn an_image_of_a_page_is_an_error() {
    let site = site();
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2026-04-01\n---\nLook:\n![me](@/members/yamada-taro.md)\n",
    );
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/news/hello.md:6:1",
        "`@/members/yamada-taro.md` is a page, not an image",
    ]);
}

#[test]
fn a_name_not_shown_padded_into_a_name_shown_is_found() {
    let site = site();
    hidden(&site, "oki", "隠岐 太郎");
    // A public member pads their own name with the hidden one, in whole
    // parts or with more than two letters before it: not a longer name.
    for name in ["公開 四郎 隠岐太郎", "公開四郎隠岐太郎", "隠岐太郎 公開"] {
        site.write(
            "content/members/pad.md",
            &format!("---\nname: {name}\nleft: 2019\nvisibility: public\nconsent: 2024-04-01\n---\nBio.\n"),
        );
        site.build(&[]).assert_exit(1).assert_stderr_has(&[
            "content/members/pad.md:2:",
            "`content/members/oki.md`, who is hidden",
            "`privacy.longer_names`",
        ]);
    }
    // In Latin letters a name is whole words: `Mary Anne Brown` holds the
    // hidden `Anne Brown` whole, and passes only on an editor's word.
    hidden(&site, "anne", "Anne Brown");
    public(&site, "pad", "Mary Anne Brown", "", "Bio.");
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/members/pad.md:2:",
        "`content/members/anne.md`, who is hidden",
    ]);
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{config}  longer_names: [Mary Anne Brown]\n"),
    );
    let out = site.build(&[]);
    out.assert_success();
    assert!(
        out.file("members/pad/index.html")
            .contains("Mary Anne Brown")
    );
    // The word is for that name only: the hidden one alone is still found.
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2026-04-01\n---\nMary Anne Brown and Anne Brown spoke.\n",
    );
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/news/hello.md:5:",
        "`content/members/anne.md`, who is hidden",
    ]);
}

#[test]
fn a_namesake_carries_the_names_of_the_other_of_the_same_name() {
    let site = site();
    // Two 後藤 愛: the one not shown has the slug `ai-goto`, which the
    // other's slug and address hold.
    site.write(
        "content/members/ai-goto.md",
        "---\nname: 後藤 愛\nname_reading: ごとう あい\nleft: 2018\nvisibility: hidden\n---\nHidden.\n",
    );
    site.write(
        "content/members/ai-goto-10.md",
        "---\nname: 後藤 愛\nname_reading: ごとう あい\nleft: 2019\nvisibility: public\nconsent: 2024-04-01\nlinks:\n  linkedin: \"https://www.linkedin.com/in/ai-goto-10\"\n---\n後藤愛です。\n",
    );
    let out = site.build(&[]);
    out.assert_success();
    assert!(
        out.file("members/ai-goto-10/index.html")
            .contains("ai-goto-10")
    );
}

#[test]
fn a_longer_name_shown_covers_a_name_only_where_it_is_written_whole() {
    let site = site();
    hidden(&site, "hayashi", "林 大輔");
    site.write(
        "content/members/kobayashi.md",
        "---\nname: 小林 大輔\nslug: mcarl-jensen\nleft: 2019\nvisibility: public\nconsent: 2024-04-01\n---\n小林大輔です。\n",
    );
    site.build(&[]).assert_success();
    for text in [
        "規模の大小\n\n林大輔さんが辞めた理由",
        "| 大小 | 林大輔 |\n|---|---|",
        "M Carl Jensen came",
    ] {
        site.write(
            "content/news/hello.md",
            &format!("---\ntitle: Hello\ndate: 2026-04-01\n---\n{text}\n"),
        );
        site.build(&[])
            .assert_exit(1)
            .assert_stderr_has(&["content/news/hello.md"]);
    }
}

#[test]
fn a_longer_name_shown_with_a_namesake_not_shown_still_holds_a_shorter_name() {
    let site = site();
    // 伊藤 愛 (いとう あい) and one 斎藤 愛 (さいとう あい) are not shown;
    // another 斎藤 愛 is: her reading holds いとう あい.
    for (file, name, reading, visibility) in [
        ("ito", "伊藤 愛", "いとう あい", "members"),
        ("saito", "斎藤 愛", "さいとう あい", "hidden"),
        (
            "saito-2",
            "斎藤 愛",
            "さいとう あい",
            "public\nconsent: 2024-04-01",
        ),
    ] {
        site.write(
            &format!("content/members/{file}.md"),
            &format!("---\nname: {name}\nname_reading: {reading}\nleft: 2019\nvisibility: {visibility}\n---\nBio.\n"),
        );
    }
    let out = site.build(&[]);
    out.assert_success();
    assert!(
        out.file("members/saito-2/index.html")
            .contains("さいとう あい")
    );
}

#[test]
fn a_longer_name_shown_covers_only_itself_written_as_a_name() {
    let site = site();
    // A public Carl Jensenn: `Carl Jensen explained` is not his name.
    public(&site, "jensenn", "Carl Jensenn", "", "Bio.");
    site.build(&[]).assert_success();
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2026-04-01\n---\nCarl Jensen explained the plan.\n",
    );
    site.build(&[])
        .assert_exit(1)
        .assert_stderr_has(&["content/news/hello.md:5:1", "`content/members/carl.md`"]);
    // Two letters that are not of the name's script do not make it longer.
    site.remove("content/news/hello.md");
    public(&site, "jensenn", "の佐藤花子さ", "", "Bio.");
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/members/jensenn.md:2:",
        "`content/members/sato-hanako.md`",
    ]);
    // An editor's word counts for a name shown only, as a name only.
    public(&site, "jensenn", "Mary Carl Jensen", "", "Bio.");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{config}  longer_names: [Mary Carl Jensen, Carl Jensen]\n"),
    );
    site.build(&[]).assert_success();
    for text in ["Carl Jensen came.", "Thanks to Mary, Carl Jensen came."] {
        site.write(
            "content/news/hello.md",
            &format!("---\ntitle: Hello\ndate: 2026-04-01\n---\n{text}\n"),
        );
        site.build(&[])
            .assert_exit(1)
            .assert_stderr_has(&["content/news/hello.md:5:", "`content/members/carl.md`"]);
    }
}

#[test]
fn a_longer_name_shown_is_not_a_shorter_name_not_shown() {
    let site = site();
    // 林 大輔 is hidden; 小林 大輔, whose name holds his, is public.
    hidden(&site, "hayashi", "林 大輔");
    public(&site, "kobayashi", "小林 大輔", "", "小林大輔です。");
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2026-04-01\n---\n小林大輔さんが登壇します。\n",
    );
    site.build(&[]).assert_success();
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2026-04-01\n---\n営業部の林大輔さんが登壇します。\n",
    );
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/news/hello.md:5:5",
        "`content/members/hayashi.md`, who is hidden",
    ]);
}

#[test]
fn check_warns_of_homonyms_that_only_people_not_shown_have() {
    let site = site();
    // Carl Jensen has withdrawn and no member shown has his name; Anna
    // Brown is hidden, but another Anna Brown is public.
    site.write(
        "content/news/hello.md",
        "---\ntitle: Hello\ndate: 2026-04-01\nhomonyms: [Carl Jensen, Anna Brown]\n---\nCarl Jensen and Anna Brown came.\n",
    );
    site.build(&[]).assert_success();
    let out = site.run(&["check", "--format", "json"]);
    let findings: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|f: &serde_json::Value| f["code"] == "homonym-not-shown")
        .collect();
    assert_eq!(findings.len(), 1, "{}", out.stdout);
    let f = &findings[0];
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["path"], "content/news/hello.md");
    assert_eq!(f["line"], 4);
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("`Carl Jensen`") && message.contains("content/members/carl.md"),
        "{message}"
    );
}

#[test]
fn names_with_any_accent_or_written_decomposed_are_found() {
    // Hidden people whose names carry accents beyond Latin-1, a stroke, a
    // Cyrillic breve and Hangul syllables; each named in a news body
    // without its accents, or decomposed (as pasted from some systems).
    for (name, text) in [
        ("Nguyễn Văn An", "Nguyen Van An"),
        ("Nguyễn Văn An", "Nguye\u{302}\u{303}n Va\u{306}n An"),
        ("Đặng Minh Hà", "Dang Minh Ha"),
        ("Андрей Петров", "Андре\u{438}\u{306} Петров"),
        (
            "김 민수",
            "\u{1100}\u{1175}\u{11b7} \u{1106}\u{1175}\u{11ab}\u{1109}\u{116e}",
        ),
    ] {
        let site = site();
        hidden(&site, "accented", name);
        site.write(
            "content/news/hello.md",
            &format!("---\ntitle: Hello\ndate: 2026-04-01\n---\n\nWe met {text} today.\n"),
        );
        site.build(&[]).assert_exit(1).assert_stderr_has(&[
            "content/news/hello.md:6:8",
            "`content/members/accented.md`, who is hidden",
        ]);
    }
}

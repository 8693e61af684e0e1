//! `alumni newsletter` on the `newsletter/issue` fixture (made on
//! 2026-06-01, so its default period is May 2026): what each edition holds,
//! the period's edges, the three files, and the message as Python's
//! `email` package reads it.

use std::path::PathBuf;
use std::process::Command;

use crate::snapshot;
use crate::support::{Outcome, SiteTest};

/// What one run wrote.
struct Issue {
    out: Outcome,
    html: String,
    text: String,
    eml: Vec<u8>,
    dir: PathBuf,
}

impl Issue {
    /// The three files, one after the other.
    fn all(&self) -> String {
        format!(
            "{}\n{}\n{}",
            self.html,
            self.text,
            String::from_utf8_lossy(&self.eml)
        )
    }
}

fn run(site: &SiteTest, args: &[&str]) -> Issue {
    let mut full = vec!["newsletter", "-o", "issue"];
    full.extend(args);
    let out = site.run(&full);
    out.assert_exit(0);
    let dir = site.root().join("issue");
    let read = |name: &str| std::fs::read(dir.join(name)).expect(name);
    Issue {
        html: String::from_utf8(read("newsletter.html")).unwrap(),
        text: String::from_utf8(read("newsletter.txt")).unwrap(),
        eml: read("newsletter.eml"),
        out,
        dir,
    }
}

/// What Python prints running `script` on the message `eml`; `None` (and
/// a line saying so) where python3 is not installed.
#[allow(clippy::print_stderr)] // a skipped check says why
fn python(script: &str, eml: &std::path::Path) -> Option<std::process::Output> {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(eml)
        .output();
    if out.is_err() {
        eprintln!("python3 is not installed: the message was not read by Python");
    }
    out.ok()
}

fn issue(args: &[&str]) -> Issue {
    run(&SiteTest::fixture("newsletter/issue"), args)
}

/// The members-only and hidden things of the fixture.
const MEMBERS_ONLY: [&str; 6] = [
    "MEMBERSSTORY",
    "MEMBERSEVENT",
    "MEMBERSNEWS",
    "MEMBERSDEPT",
    "会員 花子",
    "kaiin-hanako",
];
const NEVER: [&str; 3] = ["HIDDENDEPT", "隠岐 太郎", "kakushi-taro"];

#[test]
fn the_public_issue_holds_the_periods_public_items_and_nothing_members_only() {
    let issue = issue(&[]);
    issue
        .out
        .assert_stderr_has(&["from 2026-05-01 to 2026-05-31", "2026年5月"]);
    for part in [&issue.html, &issue.text] {
        for expected in [
            "公開ストーリー",
            "月末のストーリー",
            "OPENJOB",
            "PUBLICNEWS",
            "公開 一郎",
            "公開 次郎",
            "今月の近況をお届けします。",
        ] {
            assert!(part.contains(expected), "{expected} missing:\n{part}");
        }
        // Before the period: the April story and job, the member who left in April.
        for absent in ["APRILSTORY", "APRILJOB", "公開 三郎"] {
            assert!(!part.contains(absent), "{absent} is not of May:\n{part}");
        }
    }
    let all = issue.all();
    for marker in MEMBERS_ONLY.iter().chain(&NEVER) {
        assert!(!all.contains(marker), "{marker} in the public issue");
    }
    // Counted and folded as on /stats/ (min_group_size 2): two of 営業部.
    assert!(
        issue.text.contains("この期間に2人が加わりました。"),
        "{}",
        issue.text
    );
    assert!(issue.text.contains("部署別: 営業部 2"), "{}", issue.text);
}

#[test]
fn the_members_issue_adds_the_members_only_items() {
    let issue = issue(&["--audience", "members"]);
    // 秘密部 alone is under min_group_size: folded, and "other" (one) is not shown.
    for marker in MEMBERS_ONLY.iter().filter(|m| **m != "MEMBERSDEPT") {
        assert!(
            issue.text.contains(marker),
            "{marker} missing:\n{}",
            issue.text
        );
        assert!(issue.html.contains(marker), "{marker} missing in the HTML");
    }
    for marker in NEVER {
        assert!(
            !issue.all().contains(marker),
            "{marker} in the members issue"
        );
    }
    assert!(issue.text.contains("会員向けの号です。"), "{}", issue.text);
    assert!(issue.text.contains("部署別: 営業部 2\n"), "{}", issue.text);
    assert!(issue.dir.ends_with("issue"));
}

#[test]
fn events_on_the_periods_edge_are_upcoming_from_the_next_day_in_the_sites_time_zone() {
    let issue = issue(&[]);
    let text = &issue.text;
    // 2026-05-31 23:30 +09:00 is in the period: not upcoming.
    assert!(!text.contains("LASTEVENING"), "{text}");
    // An all-day event on 2026-06-01, the day after the period.
    assert!(
        text.contains("翌日のイベントNEXTDAY\n  2026年6月1日(月) / 東京"),
        "{text}"
    );
    // 2026-05-31 20:00 -05:00 is 2026-06-01 10:00 in the site's +09:00.
    assert!(text.contains("NEWYORK\n  2026年6月1日(月) 10:00"), "{text}");
    assert!(
        text.contains("https://alumni.example.com/alumni/events/next-day.ics"),
        "{text}"
    );
    assert!(
        issue
            .html
            .contains(r#"href="https://alumni.example.com/alumni/events/new-york.ics""#)
    );
}

#[test]
fn a_job_closed_by_the_day_of_the_issue_is_left_out() {
    let issue = issue(&[]);
    assert!(!issue.all().contains("CLOSEDJOB"));
    assert!(
        issue
            .text
            .contains("募集中の求人OPENJOB\n  開発部 / 締切 2026年6月30日")
    );
}

#[test]
fn an_empty_period_says_so_and_skip_empty_exits_3_writing_nothing() {
    let site = SiteTest::fixture("newsletter/issue");
    let empty = ["--since", "2027-01-01", "--until", "2027-01-31"];
    let issue = run(&site, &empty);
    assert!(
        issue.text.contains("この期間の新着はありません。"),
        "{}",
        issue.text
    );
    issue.out.assert_stderr_has(&["nothing new in the period"]);
    let skipped = SiteTest::fixture("newsletter/issue");
    let mut args = vec!["newsletter", "-o", "skipped", "--skip-empty"];
    args.extend(empty);
    let out = skipped.run(&args);
    out.assert_exit(3)
        .assert_stderr_has(&["Nothing new from 2027-01-01 to 2027-01-31"]);
    assert!(!skipped.root().join("skipped").exists());
    // With news, --skip-empty writes as usual.
    let sent = run(&site, &["--skip-empty"]);
    assert!(sent.text.contains("PUBLICNEWS"));
}

#[test]
fn a_long_japanese_paragraph_is_wrapped_by_display_width() {
    let issue = issue(&[]);
    let lines: Vec<&str> = issue.text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains("長い段落のあるストーリー。"))
        .expect("the summary");
    let paragraph: Vec<&str> = lines[start..]
        .iter()
        .take_while(|l| !l.contains("https://"))
        .copied()
        .collect();
    assert!(paragraph.len() >= 4, "{paragraph:#?}");
    for line in &paragraph {
        // A wide character is two columns: 72 columns are 36 characters.
        let columns: usize = line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
        assert!(columns <= 72, "{line} is {columns} columns");
        assert!(line.starts_with("  "), "the item's indent is kept: {line}");
        assert!(!line.trim_start().starts_with(['。', '、']), "{line}");
    }
    let joined: String = paragraph.iter().map(|l| l.trim_start()).collect();
    assert!(
        joined.ends_with("それぞれの場所で活躍しています。"),
        "{joined}"
    );
    assert_eq!(
        joined.matches("アルムナイの皆さん").count(),
        5,
        "nothing lost"
    );
}

#[test]
fn the_html_is_safe_for_mail() {
    let issue = issue(&["--lang", "en"]);
    let html = &issue.html;
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{html}"
    );
    for banned in [
        "<script",
        "@font-face",
        "@import",
        "<link",
        "fonts.googleapis",
    ] {
        assert!(!html.contains(banned), "{banned} in the e-mail");
    }
    assert!(html.contains("max-width:600px"));
    assert!(html.contains("prefers-color-scheme: dark"));
    assert!(html.contains("#0a5c8a"), "the brand colour");
    let doc = scraper::Html::parse_document(html);
    let attr = |sel: &str, name: &str| -> Vec<String> {
        doc.select(&scraper::Selector::parse(sel).unwrap())
            .filter_map(|e| e.value().attr(name).map(str::to_string))
            .collect()
    };
    let images = attr("img", "src");
    assert_eq!(images, ["https://alumni.example.com/alumni/logo.svg"]);
    for href in attr("a", "href") {
        assert!(
            href.starts_with("https://alumni.example.com/alumni/en/")
                || href.starts_with("https://alumni.example.com/alumni/")
                || href.starts_with("mailto:"),
            "{href} is not absolute"
        );
    }
    assert!(html.contains("The latest from the network."));
    assert!(html.contains("Test Alumni Network newsletter: May 2026"));
}

#[test]
fn the_message_is_read_by_pythons_email_package() {
    let issue = issue(&[]);
    let eml = String::from_utf8(issue.eml.clone()).unwrap();
    // Headers are ASCII: the Japanese subject and sender name are RFC 2047 words.
    let headers = eml.split("\r\n\r\n").next().unwrap();
    assert!(headers.is_ascii(), "{headers}");
    assert!(headers.contains("Subject: =?utf-8?"), "{headers}");
    let script = r#"
import email, sys
from email import policy
msg = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
assert msg.get_content_type() == "multipart/alternative", msg.get_content_type()
parts = [p.get_content_type() for p in msg.iter_parts()]
assert parts == ["text/plain", "text/html"], parts
print(msg["Subject"])
# The display name as RFC 2047 says to read it, spaces between encoded
# words ignored (the address parser of policy.default keeps them).
from email.header import decode_header, make_header
raw = email.message_from_binary_file(open(sys.argv[1], "rb"))["From"]
print(str(make_header(decode_header(raw))))
print(msg["Reply-To"])
print(msg["List-Unsubscribe"])
text = msg.get_body(("plain",)).get_content()
html = msg.get_body(("html",)).get_content()
print("text:", "公開ストーリー" in text, "html:", '<html lang="ja">' in html)
"#;
    let Some(out) = python(script, &issue.dir.join("newsletter.eml")) else {
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout,
        "テスト・アルムナイネットワーク ニュースレター 2026年5月\n\
         テスト・アルムナイネットワーク <alumni@example.com>\n\
         office@example.com\n\
         <mailto:alumni@example.com?subject=unsubscribe>\n\
         text: True html: True\n"
    );
}

#[test]
fn a_programme_name_over_several_lines_is_one_line_in_the_subject() {
    let site = SiteTest::fixture("newsletter/issue");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &config.replace(
            "programme: {name: テスト・アルムナイネットワーク}",
            "programme:\n  name: |\n    テスト・アルムナイ\n    ネットワーク\n",
        ),
    );
    let issue = run(&site, &[]);
    let subject = "テスト・アルムナイ ネットワーク ニュースレター 2026年5月";
    assert!(
        issue.html.contains(&format!("<title>{subject}</title>")),
        "{}",
        issue.html
    );
    let script = r#"
import email, sys
from email import policy
msg = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
print(repr(str(msg["Subject"])))
"#;
    let Some(out) = python(script, &issue.dir.join("newsletter.eml")) else {
        return;
    };
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("'{subject}'\n")
    );
}

#[test]
fn a_newsletter_block_that_is_wrong_is_an_error_at_its_line() {
    let site = SiteTest::fixture("newsletter/issue");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &yaml
            .replace("<alumni@example.com>", "<alumni at example.com>")
            .replace(
                "mailto:alumni@example.com?subject=unsubscribe",
                "/unsubscribe/",
            )
            .replace("    en: The latest", "    fr: The latest"),
    );
    let out = site.run(&["newsletter"]);
    out.assert_exit(1);
    snapshot!("newsletter_block_wrong", out.stderr);
}

#[test]
fn a_site_without_a_newsletter_block_is_told_what_to_add() {
    let site = SiteTest::fixture("newsletter/issue");
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", yaml.split("newsletter:").next().unwrap());
    let out = site.run(&["newsletter"]);
    out.assert_exit(1).assert_stderr_has(&[
        "the newsletter needs a sender and an unsubscribe address",
        "docs/newsletter.md",
    ]);
}

#[test]
fn the_issue_is_never_written_into_a_built_site() {
    let site = SiteTest::fixture("newsletter/issue");
    site.build(&[]).assert_success();
    let out = site.run(&["newsletter", "-o", "public/newsletter"]);
    out.assert_exit(1)
        .assert_stderr_has(&["cannot be written inside a folder alumni built"]);
    assert!(!site.root().join("public/newsletter").exists());
    let out = site.run(&["newsletter", "-o", "content/issue"]);
    out.assert_exit(1)
        .assert_stderr_has(&["inside the site's content/ folder"]);
}

#[test]
fn a_sites_own_templates_replace_the_themes() {
    let site = SiteTest::fixture("newsletter/issue");
    site.write(
        "templates/newsletter.txt",
        "OWN TEXT {{ issue.subject }}\n{% for s in stories %}{{ s.title }}\n{% endfor %}",
    );
    site.write(
        "templates/newsletter.html",
        "<!DOCTYPE html><html lang=\"{{ lang }}\"><title>OWN HTML</title><p>{{ stories | length }}</p></html>",
    );
    let issue = run(&site, &[]);
    assert!(
        issue
            .text
            .starts_with("OWN TEXT テスト・アルムナイネットワーク ニュースレター 2026年5月\n月末のストーリー\n公開ストーリー\n"),
        "{}",
        issue.text
    );
    assert!(
        issue.html.contains("<title>OWN HTML</title><p>2</p>"),
        "{}",
        issue.html
    );
    assert!(issue.out.stderr.contains("Wrote the public newsletter"));
}

#[test]
fn the_issue_is_never_written_into_the_sites_build_folders_before_a_build() {
    let site = SiteTest::fixture("newsletter/issue");
    for (args, folder) in [
        (&["newsletter", "-o", "public"][..], "public"),
        (&["newsletter", "-o", "public/newsletter"][..], "public"),
        (
            &["newsletter", "--audience", "members", "-o", "members-only"][..],
            "members-only",
        ),
    ] {
        let out = site.run(args);
        out.assert_exit(1).assert_stderr_has(&[
            "cannot be written inside a folder alumni build writes",
            folder,
        ]);
        assert!(
            !site.root().join(folder).exists(),
            "{args:?} wrote {folder}"
        );
    }
    // The build that follows is not stopped by files it did not make.
    site.build(&[]).assert_success();
}

#[test]
fn a_field_written_over_several_lines_stays_on_its_line_in_the_text_part() {
    let site = SiteTest::fixture("newsletter/issue");
    site.write(
        "content/members/koukai-goro.md",
        "---\nname: \"公開 五郎\\nhttps://evil.example/ 配信停止はこちら\"\n\
         left: 2026-05-12\nvisibility: public\nconsent: 2026-01-01\n---\n",
    );
    site.write(
        "content/news/lines.md",
        "---\ntitle: \"複数行のタイトル\\n\\n## 偽の見出し\"\ndate: 2026-05-13\n\
         summary: \"一行目\\r\\n* 偽の項目\"\n---\n本文。\n",
    );
    let issue = run(&site, &[]);
    for line in issue.text.lines() {
        if line.contains("evil.example") {
            assert!(line.contains("公開 五郎"), "a line of its own: {line}");
        }
        assert!(!line.starts_with("## 偽"), "a heading of its own: {line}");
        assert!(!line.starts_with("* 偽"), "an item of its own: {line}");
    }
    assert!(issue.text.contains("* 公開 五郎 https://evil.example/"));
    assert!(issue.text.contains("* 複数行のタイトル ## 偽の見出し"));
    assert!(issue.text.contains("  一行目 * 偽の項目"));
}

#[test]
fn a_jobs_details_are_joined_only_between_those_it_has() {
    let site = SiteTest::fixture("newsletter/issue");
    site.write(
        "content/jobs/closes-only.md",
        "---\ntitle: 締切だけの求人\nposted: 2026-05-20\ncloses: 2026-06-30\n---\n",
    );
    site.write(
        "content/jobs/returners-only.md",
        "---\ntitle: 出戻りだけの求人\nposted: 2026-05-21\nreturners_only: true\n---\n",
    );
    let issue = run(&site, &[]);
    assert!(
        issue
            .text
            .contains("* 締切だけの求人\n  締切 2026年6月30日\n"),
        "{}",
        issue.text
    );
    assert!(
        issue.text.contains("* 出戻りだけの求人\n  出戻り限定\n"),
        "{}",
        issue.text
    );
    assert!(
        issue.html.contains(">締切 2026年6月30日</p>"),
        "{}",
        issue.html
    );
    assert!(issue.html.contains(">出戻り限定</p>"), "{}", issue.html);
}

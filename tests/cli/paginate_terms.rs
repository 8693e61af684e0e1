//! Taxonomies that grow with the network (docs/content.md, "URLs"): the
//! directory links to the terms with the most members and to the
//! taxonomy's page, which lists every term, 400 to a page
//! (`/skills/page/<n>/`). On `paginate/site` with members written by each
//! test, each with skills of their own.

use crate::support::{Outcome, SiteTest, head_link, main_of};

/// `paginate/site` with `count` more public members, member `k` with the
/// skill `共通` and `own` skills of their own (`技k-j`).
fn site_with_skills(count: usize, own: usize) -> SiteTest {
    let site = SiteTest::fixture("paginate/site");
    for k in 0..count {
        let skills: Vec<String> = std::iter::once("共通".to_string())
            .chain((0..own).map(|j| format!("技{k:03}-{j:02}")))
            .collect();
        site.write(
            &format!("content/members/m{k:03}.md"),
            &format!(
                "---\nname: 会員 {k:03}\nleft: 2020\nskills: [{}]\nvisibility: public\nconsent: 2025-04-01\n---\n",
                skills.join(", ")
            ),
        );
    }
    site
}

fn build(site: &SiteTest) -> Outcome {
    let out = site.build(&[]);
    out.assert_success();
    out
}

/// The skills a part of a page links to, in order: the text of each link
/// into `/skills/<term>/`.
fn skill_links(html: &str) -> Vec<String> {
    html.split(r#"<li><a href="/skills/"#)
        .skip(1)
        .map(|s| {
            let s = &s[s.find('>').unwrap() + 1..];
            s[..s.find('<').unwrap()].to_string()
        })
        .collect()
}

/// The directory's group of links to browse by skill.
fn browse_by_skill(html: &str) -> &str {
    let at = html
        .find(r#"<h3 class="browse__title"><a href="/skills/">"#)
        .expect("links to browse by skill");
    let group = &html[at..];
    &group[..group.find("</div>").unwrap()]
}

#[test]
fn the_directory_links_to_the_skills_with_most_members_and_to_every_skill() {
    // 30 members with 共通 and two skills each of their own: 61 skills
    // with Rust, which the fixture's members have.
    let out = build(&site_with_skills(30, 2));
    let members = out.file("members/index.html");
    let browse = browse_by_skill(&members);
    let shown = skill_links(browse);
    assert_eq!(shown.len(), 24, "{shown:?}");
    // The two with the most members, then the first 22 by name of those
    // with one (a tie goes to the first by name), sorted by name.
    assert!(shown.contains(&"共通".to_string()), "{shown:?}");
    assert!(shown.contains(&"Rust".to_string()), "{shown:?}");
    assert!(shown.contains(&"技000-00".to_string()), "{shown:?}");
    assert!(!shown.contains(&"技029-01".to_string()), "{shown:?}");
    assert!(
        browse.contains(r#"<p class="browse__all"><a href="/skills/">"#),
        "a link to every skill: {browse}"
    );
    // Every skill on the taxonomy's page, one page of them, in the order
    // the directory's links keep.
    let all = skill_links(main_of(&out.file("skills/index.html")));
    assert_eq!(all.len(), 62, "{all:?}");
    assert!(!out.exists("skills/page/2/index.html"));
    let mut rest = all.iter();
    for s in &shown {
        assert!(
            rest.any(|a| a == s),
            "{s} out of the taxonomy's order: {shown:?}"
        );
    }
    // A taxonomy of few terms is linked whole, with no link to "all".
    let departments = &members[members
        .find(r#"<a href="/departments/">"#)
        .expect("links to browse by department")..];
    let departments = &departments[..departments.find("</div>").unwrap()];
    assert!(!departments.contains("browse__all"), "{departments}");
}

#[test]
fn a_taxonomy_of_more_than_400_terms_is_in_pages() {
    // 41 members with ten skills each of their own: 410, with 共通 and Rust 412.
    let out = build(&site_with_skills(41, 10));
    out.assert_files(&["skills/index.html", "skills/page/2/index.html"]);
    assert!(!out.exists("skills/page/3/index.html"));
    let first = out.file("skills/index.html");
    let second = out.file("skills/page/2/index.html");
    let (a, b) = (skill_links(main_of(&first)), skill_links(main_of(&second)));
    assert_eq!((a.len(), b.len()), (400, 12));
    // Each term once, in the order of the whole list across the pages.
    let mut every: Vec<String> = a.iter().chain(&b).cloned().collect();
    every.sort();
    every.dedup();
    assert_eq!(every.len(), 412);
    for term in ["共通", "Rust", "技000-00", "技040-09"] {
        assert!(every.iter().any(|t| t == term), "{term}");
    }
    assert_eq!(
        head_link(&first, "next").as_deref(),
        Some("/skills/page/2/")
    );
    assert_eq!(head_link(&second, "prev").as_deref(), Some("/skills/"));
    assert!(head_link(&second, "next").is_none());
    assert!(second.contains(r#"class="pager""#), "a pager");
    let sitemap = out.file("sitemap.xml");
    assert!(sitemap.contains("<loc>https://alumni.test.example/skills/page/2/</loc>"));
    // English has its own pages of the same terms.
    assert!(out.exists("en/skills/page/2/index.html"));
}

use super::*;

struct Fixed;
impl Links for Fixed {
    fn resolve(&self, key: &str) -> Target {
        match key {
            "members/yamada-taro.md" => Target::Url("/members/yamada-taro/".into()),
            "members/hidden.md" => Target::NotVisible,
            _ => Target::Missing,
        }
    }
}

fn html(md: &str) -> String {
    render(md, &Fixed).html
}

/// Links as a public build sees them: `members/hidden.md` is a person it
/// does not show, at `/members/hidden-one/`; the page `/secret/` is a draft.
struct Gated(Arc<Withheld>);
impl Links for Gated {
    fn resolve(&self, key: &str) -> Target {
        match key {
            "members/hidden.md" => Target::Unnamed("a member".into()),
            other => Fixed.resolve(other),
        }
    }
    fn withheld(&self) -> Option<&Arc<Withheld>> {
        Some(&self.0)
    }
}

fn gated(md: &str) -> String {
    let docs = HashSet::from([("members".to_string(), "hidden-one".to_string())]);
    let pages = HashSet::from(["secret".to_string()]);
    render(md, &Gated(Arc::new(Withheld::new(docs, pages)))).html
}

#[test]
fn a_link_to_a_person_not_shown_loses_its_text_too() {
    assert_eq!(
        gated("with [Hanako **Sato** ![x](a.png)](@/members/hidden.md#top) today"),
        "<p>with a member today</p>\n"
    );
}

#[test]
fn links_and_images_to_withheld_pages_lose_their_url() {
    for url in [
        "/members/hidden-one/",
        "../members/Hidden-One/#x",
        "/en/members/hidden%2Done/",
        "https://alumni.example.com/members/hidden-one/photo-96.jpg",
        "//cdn.example.com/en/members/hidden-one",
        "/secret/",
        "/en/secret/?a=1",
        "../hidden%2Done/",
        "/members/x/../hidden%2Done/",
        "/members/hidden-&#9;one/",
        "/members/hidden-one.ics",
        "https://alumni.example.com/en/members/Hidden-One.ics",
        "https://alumni.example.com\\members\\hidden-one",
        "https:\\\\alumni.example.com\\members\\hidden-one",
    ] {
        let out = gated(&format!(
            "[t]({url}) ![i]({url}) <a href=\"{url}\">r</a> <img src=\"{url}\">"
        ));
        assert!(!out.to_lowercase().contains("hidden"), "{url}: {out}");
        assert!(!out.contains("secret"), "{url}: {out}");
        assert!(out.contains("t") && out.contains(">r</a>"), "{url}: {out}");
    }
    // A quotation's source is a URL on the page too.
    let out = gated(
        "<blockquote cite=\"/members/hidden-one/\">q</blockquote> <q cite=\"/secret/\">q</q> <del cite=\"https://x.example/members/hidden-one/\">d</del>",
    );
    assert!(!out.contains("hidden") && !out.contains("secret"), "{out}");
    let kept = gated("[t](/members/shown/) [s](/secrets/) <img src=\"/members/shown/p.jpg\">");
    assert!(kept.contains("href=\"/members/shown/\""), "{kept}");
    assert!(kept.contains("href=\"/secrets/\""), "{kept}");
    assert!(
        kept.contains("<img alt=\"\" src=\"/members/shown/p.jpg\">"),
        "{kept}"
    );
}

#[test]
fn raw_at_links_and_at_images_never_reach_the_page() {
    let out = html("<a href=\"@/members/yamada-taro.md\">x</a> ![y](@/members/yamada-taro.md)");
    assert!(!out.contains("@/"), "{out}");
    let links = internal_links("![y](@/members/yamada-taro.md)");
    assert!(links[0].image, "{links:?}");
}

#[test]
fn sanitised_images_get_an_alt() {
    assert_eq!(
        html("<img src=\"a.png\"> <img alt=\"b>c\" src=\"b.png\"> <img>"),
        "<p><img alt=\"\" src=\"a.png\"> <img alt=\"b&gt;c\" src=\"b.png\"> </p>\n"
    );
}

#[test]
fn bodies_that_cannot_name_a_withheld_page_are_told_apart() {
    let docs = HashSet::from([("members".to_string(), "x".to_string())]);
    let w = Withheld::new(docs, HashSet::from(["secret".to_string()]));
    assert!(!w.may_be_named_in("[a](https://example.com/) plain"));
    for body in [
        "[a](/Members/x/)",
        "[a](/secret/)",
        "[a](/%6Dembers/x/)",
        "[a](../x/)",
        "<a href=\"/&#109;embers/x/\">a</a>",
        "<a href=\"https://h.example\\members\\x\\\">a</a>",
    ] {
        assert!(w.may_be_named_in(body), "{body}");
    }
    assert!(!Withheld::default().may_be_named_in("/members/x/"));
}

#[test]
fn withheld_pages_of_a_site_under_a_path() {
    let docs = HashSet::from([("members".to_string(), "x".to_string())]);
    let w = Withheld::new(docs, HashSet::from(["secret".to_string()])).under("/Alumni");
    for url in [
        "/alumni/members/x/",
        "/alumni/en/members/x/photo-96.jpg",
        "/alumni/secret/",
        "/alumni/en/secret/",
        "https://org.example/alumni/en/secret/",
        "/%61lumni/secret/",
        "/secret/",
    ] {
        assert!(w.covers(url), "{url}");
    }
    for url in [
        "/alumni/members/y/",
        "/alumni/en/faq/",
        "/alumni/stories/secret-plan/",
    ] {
        assert!(!w.covers(url), "{url}");
    }
    // A site under a path named like a section: `/news/plan/` written in a
    // body is put under the path (`/news/news/plan/`), which is the page.
    let docs = HashSet::from([("news".to_string(), "plan".to_string())]);
    let w = Withheld::new(docs, HashSet::from(["news".to_string()])).under("/news");
    for url in [
        "/news/plan/",
        "/news/news/plan/",
        "https://org.example/news/news/plan/",
        "/news/",
    ] {
        assert!(w.covers(url), "{url}");
    }
}

#[test]
fn resolves_internal_links_with_fragments() {
    assert_eq!(
        html("[山田](@/members/yamada-taro.md#now)"),
        "<p><a href=\"/members/yamada-taro/#now\">山田</a></p>\n"
    );
}

#[test]
fn hidden_targets_become_plain_text_and_missing_ones_are_reported() {
    assert_eq!(
        html("see [them](@/members/hidden.md)."),
        "<p>see them.</p>\n"
    );
    let source = "x\n[a](@/members/nobody.md#top) [b](/jobs/)";
    assert_eq!(
        render(source, &Fixed).html,
        "<p>x\na <a href=\"/jobs/\">b</a></p>\n"
    );
    let links = internal_links(source);
    assert_eq!(
        links,
        vec![InternalLink {
            offset: 2,
            target: "@/members/nobody.md#top".into(),
            image: false,
        }]
    );
    assert_eq!(links[0].key(), "members/nobody.md");
}

#[test]
fn external_links_get_rel_and_dangerous_schemes_lose_their_link() {
    assert_eq!(
        html("[a](https://example.com/?a=1&b=2)"),
        "<p><a href=\"https://example.com/?a=1&amp;b=2\" rel=\"noopener nofollow ugc\">a</a></p>\n"
    );
    assert_eq!(html("[x](javascript:alert(1))"), "<p>x</p>\n");
    assert_eq!(html("[x](JavaScript:alert(1))"), "<p>x</p>\n");
    assert_eq!(html("[x](/jobs/)"), "<p><a href=\"/jobs/\">x</a></p>\n");
}

#[test]
fn raw_html_is_sanitised() {
    let out = html("hi <script>alert(1)</script><img src=x onerror=alert(1)> <b>ok</b>");
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("onerror"), "{out}");
    assert!(out.contains("<b>ok</b>"), "{out}");
}

#[test]
fn raw_html_links_get_rel_whatever_the_member_wrote() {
    let out = html("<a href=\"https://evil.example\" rel=\"opener\">x</a>");
    assert!(out.contains("rel=\"noopener nofollow ugc\""), "{out}");
    assert!(!out.contains("\"opener\""), "{out}");
}

#[test]
fn heading_attributes_cannot_add_event_handlers() {
    let out = html("## Hi {#x .c onclick=alert(1) data-a=b}");
    assert_eq!(out, "<h2 id=\"x\">Hi</h2>\n");
}

#[test]
fn headings_get_unique_ids() {
    let out = html("## 主な経験\n\n## About Taro\n\n## About Taro\n\n## Mine {#custom}");
    assert!(out.contains("<h2 id=\"主な経験\">"), "{out}");
    assert!(out.contains("<h2 id=\"about-taro\">"), "{out}");
    assert!(out.contains("<h2 id=\"about-taro-1\">"), "{out}");
    assert!(out.contains("<h2 id=\"custom\">"), "{out}");
}

#[test]
fn extensions_are_on() {
    let out = html("| a |\n|---|\n| b |\n\n~~s~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: foot");
    for needle in [
        "<table>",
        "<del>s</del>",
        "type=\"checkbox\"",
        "footnote-definition",
    ] {
        assert!(out.contains(needle), "{needle} in {out}");
    }
}

#[test]
fn is_inline_is_the_list_of_inline_elements() {
    for name in INLINE_ELEMENTS {
        assert!(is_inline(name), "{name}");
    }
    for name in [
        "p", "div", "h2", "li", "br", "img", "table", "td", "A", "ab", "", "spa",
    ] {
        assert!(!is_inline(name), "{name}");
    }
}

#[test]
fn a_tag_ends_at_the_first_angle_bracket_outside_quotes() {
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};
    // The definition, byte by byte.
    let plain = |s: &str| {
        let mut quote = None;
        for (i, b) in s.bytes().enumerate() {
            match (b, quote) {
                (b'"' | b'\'', None) => quote = Some(b),
                (q, Some(open)) if q == open => quote = None,
                (b'>', None) => return Some(i + 1),
                _ => {}
            }
        }
        None
    };
    assert_eq!(super::tag_end(r#"<a href="x>y" title='"'>z"#), Some(24));
    let pieces = ["<a", " ", "href=", "\"", "'", ">", "x", "佐藤", "=", "/"];
    let mut rng = StdRng::seed_from_u64(5);
    for _ in 0..20_000 {
        let tag: String = (0..rng.random_range(0..16))
            .map(|_| pieces[rng.random_range(0..pieces.len())])
            .collect();
        assert_eq!(super::tag_end(&tag), plain(&tag), "{tag:?}");
    }
}

#[test]
fn a_nul_is_read_as_the_replacement_character_wherever_it_is() {
    for md in [
        "Anna Brown\0",
        "\0Anna",
        "An\0na",
        "`co\0de`",
        "<span>a\0b</span>",
        "a\0",
    ] {
        let page = html(md);
        assert!(!page.contains('\0'), "{md:?}: {page:?}");
        assert!(page.contains('\u{fffd}'), "{md:?}: {page:?}");
    }
}

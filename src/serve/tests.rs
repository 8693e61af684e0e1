use super::*;

#[test]
fn the_overlay_quotes_nothing_of_a_content_file() {
    let d = Diagnostic::new(
        crate::diagnostics::Location::at("content/members/x.md", 3, 1),
        "`退職理由は上司（090-1234-5678）` is not a date: `withdrawn` takes one; names `content/members/sato-hanako.md`",
    )
    .with_hint("write `withdrawn: 2026-12-01`");
    let p = Problem::from(&d);
    assert_eq!(
        p.message,
        "`…` is not a date: `withdrawn` takes one; names `…`"
    );
    assert_eq!(p.hint.as_deref(), Some("write `…`"));
    assert!(
        !p.text.contains("090") && !p.text.contains("sato"),
        "{}",
        p.text
    );
    // The site's own files are shown whole.
    let d = Diagnostic::new(
        crate::diagnostics::Location::at("site.yaml", 3, 1),
        "`Tokyo/Osaka` is not a time zone",
    );
    assert!(Problem::from(&d).message.contains("Tokyo/Osaka"));
}

#[test]
fn the_script_goes_before_the_last_body_end() {
    let v = Version {
        pages: 3,
        styles: 1,
    };
    let page = inject(b"<p>x</p></BODY></html>".to_vec(), v);
    let page = String::from_utf8(page).unwrap();
    assert_eq!(
        page,
        "<p>x</p><script src=\"/__alumni/live.js\" data-pages=\"3\" data-styles=\"1\"></script></BODY></html>"
    );
    let bare = String::from_utf8(inject(b"<p>x</p>".to_vec(), v)).unwrap();
    assert!(bare.starts_with("<p>x</p><script"));
}

#[test]
fn status_events_are_one_line_of_json() {
    let d = Diagnostic::new(
        crate::diagnostics::Location::at("content/members/a.md", 3, 7),
        "bad <b>value</b>\nsecond line",
    );
    let status = Status {
        version: Version {
            pages: 2,
            styles: 5,
        },
        errors: vec![Problem::from(&d)],
        built: true,
        lang: "ja".into(),
    };
    let event = status_event(&status);
    assert!(event.starts_with("event: status\ndata: {\"pages\":2,\"styles\":5,\"errors\":[{"));
    assert_eq!(event.matches('\n').count(), 3, "{event}");
    assert!(event.contains("\"location\":\"content/members/a.md:3:7\""));
}

#[test]
fn the_overlay_shows_no_line_of_a_content_file() {
    let problem = |path: &str| {
        let d = Diagnostic::new(
            crate::diagnostics::Location::at(path, 2, 7),
            "unknown field `nmae`",
        )
        .with_source("---\nnmae: secret words\n")
        .with_hint("did you mean `name`?");
        Problem::from(&d)
    };
    for path in [
        "content/members/a.md",
        "content/stories/x/index.md",
        "content",
        "/elsewhere/templates/a.html",
        "../templates/a.html",
        "static/a.css",
    ] {
        let p = problem(path);
        assert!(!p.text.contains("secret"), "{path}: {}", p.text);
        assert_eq!(p.location, format!("{path}:2:7"));
        assert_eq!(p.message, "unknown field `nmae`");
        assert_eq!(p.hint.as_deref(), Some("did you mean `name`?"));
        assert_eq!(
            p.text,
            format!("{path}:2:7: unknown field `nmae`\n  = help: did you mean `name`?")
        );
    }
    for path in [
        "site.yaml",
        "templates/member.html",
        "themes/mine/templates/base.html",
        "i18n/en.yaml",
        "data/offices.yaml",
    ] {
        let p = problem(path);
        assert!(
            p.text.contains("2 | nmae: secret words\n  |       ^"),
            "{path}: {}",
            p.text
        );
    }
}

#[test]
fn the_overlay_shows_no_file_or_url_of_a_url_clash() {
    // Both clashes name files and URLs, which may be a hidden member's
    // (`members/yoko.md`, `/en/members/yoko/`): the overlay quotes neither.
    let dir = tempfile::tempdir().unwrap();
    let members = dir.path().join("content/members");
    std::fs::create_dir_all(&members).unwrap();
    let write = |name: &str, front: &str| {
        std::fs::write(members.join(name), format!("---\n{front}\n---\n")).unwrap();
    };
    write("yoko.md", "name: Yoko\nleft: 2020\nvisibility: hidden");
    write("aoki.md", "name: Aoki\nleft: 2020");
    write("aoki.en.md", "name: Aoki\nslug: yoko");
    write("other.md", "name: Other\nleft: 2020\nslug: aoki");
    let langs = ["ja".to_string(), "en".to_string()];
    let errors = crate::content::load::load(dir.path(), &langs).unwrap_err();
    assert_eq!(errors.0.len(), 2, "{errors}");
    for d in &errors.0 {
        let p = Problem::from(d);
        assert!(
            !p.message.contains("yoko") && !p.message.contains("other"),
            "{}",
            p.message
        );
        assert!(p.message.contains('…'), "{}", p.message);
    }
}

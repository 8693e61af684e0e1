//! Template filters. `date` formats ISO dates for the page's language: the
//! `lang` of the UI strings `t` in scope (every page and component that
//! shows a date has `t`), else the site's default language. `url` makes the
//! link to a file or page of the site, under the path the site is served
//! from (docs/templates.md).

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use tera::{Kwargs, State, Tera, Value};

/// Registers alumni's filters on `tera`, for the site of `config`.
pub fn register(tera: &mut Tera, config: &crate::config::Config) {
    let language = config.language.as_str();
    tera.register_filter("safe", safe);
    tera.register_filter("fill", |value: &str, kwargs: Kwargs, _: &State| {
        let title = kwargs.get::<&str>("title").ok().flatten().unwrap_or("");
        let company = kwargs.get::<&str>("company").ok().flatten().unwrap_or("");
        fill(value, &[("title", title), ("company", company)])
    });
    let default = language.to_string();
    tera.register_filter("date", move |value: &str, kwargs: Kwargs, state: &State| {
        let t: Option<Value> = state.get("t").ok().flatten();
        let lang = t
            .as_ref()
            .and_then(|t| t.get_from_path("lang"))
            .and_then(Value::as_str)
            .unwrap_or(&default)
            .to_string();
        let part = match kwargs.get::<&str>("part").ok().flatten() {
            Some("time") => Part::Time,
            _ if kwargs.get::<bool>("weekday").ok().flatten() == Some(true) => Part::WithWeekday,
            _ => Part::Full,
        };
        format_part(value, &lang, part)
    });
    let site = SiteUrls {
        base_url: config.base_url.clone(),
        base_path: config.base_path.clone(),
        default_language: config.language.clone(),
    };
    tera.register_filter("url", move |value: &str, kwargs: Kwargs, state: &State| {
        let lang = if kwargs.get::<bool>("lang").ok().flatten() == Some(true) {
            let t: Option<Value> = state.get("t").ok().flatten();
            t.as_ref()
                .and_then(|t| t.get_from_path("lang"))
                .and_then(Value::as_str)
                .map(str::to_string)
        } else {
            None
        };
        let absolute = kwargs.get::<bool>("absolute").ok().flatten() == Some(true);
        site.url(value, lang.as_deref(), absolute)
    });
}

/// What the `url` filter needs to know of the site.
#[derive(Debug, Clone)]
pub struct SiteUrls {
    /// `Config::base_url`: `https://org.github.io/alumni`.
    pub base_url: String,
    /// `Config::base_path`: `/alumni`, or `""`.
    pub base_path: String,
    pub default_language: String,
}

impl SiteUrls {
    /// The link to `path` (a path from the site's root, `style.css` or
    /// `/style.css`; from the home of language `lang` when given, `members/`
    /// → `/en/members/`), under the site's path: `/alumni/style.css`, or
    /// `https://org.github.io/alumni/style.css` when `absolute`. A URL with
    /// a scheme (`https:`, `mailto:`) or a host (`//cdn…`) and a fragment
    /// alone (`#main`) are left as they are.
    pub fn url(&self, path: &str, lang: Option<&str>, absolute: bool) -> String {
        let has_scheme = path.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !scheme.contains('/')
        });
        if has_scheme || path.starts_with("//") || path.starts_with('#') {
            return path.to_string();
        }
        let lang = lang
            .filter(|l| *l != self.default_language)
            .map(|l| format!("/{l}"))
            .unwrap_or_default();
        let path = path.trim_start_matches('/');
        let start = if absolute {
            &self.base_url
        } else {
            &self.base_path
        };
        format!("{start}{lang}/{path}")
    }
}

/// `template` with each `{name}` of `values` filled in, in one pass: a
/// value that itself holds `{company}` stays as written (two `replace`s in
/// a row would fill it, joining two fields into a name neither holds).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    'outer: while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        for (name, value) in values {
            let key = &rest[open + 1..];
            if key.starts_with(name) && key[name.len()..].starts_with('}') {
                out.push_str(value);
                rest = &key[name.len() + 1..];
                continue 'outer;
            }
        }
        out.push('{');
        rest = &rest[open + 1..];
    }
    out.push_str(rest);
    out
}

/// Tera's `safe`, without copying: the built-in copies the string it marks,
/// and the theme marks every page's body, JSON-LD and member card with it
/// (megabytes per build). Anything else is shown as text, as the built-in
/// does.
fn safe(value: Value, _: Kwargs, _: &State) -> Value {
    if value.as_str().is_some() {
        value.mark_safe()
    } else {
        Value::safe_string(&value.to_string())
    }
}

/// What of a date the `date` filter shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The day, and the time of a date-time (ja adds the weekday to a date-time).
    Full,
    /// As `Full`, with the weekday in Japanese also for a bare day.
    WithWeekday,
    /// Only the time of a date-time (a bare day is shown whole).
    Time,
}

const WEEKDAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2026-12-10` → `2026年12月10日` (ja) / `December 10, 2026` (en); a
/// date-time keeps its written offset and adds the time
/// (`2026年12月10日(木) 19:00`, `December 10, 2026, 7:00 PM`). Anything else
/// is returned unchanged.
pub fn format_date(value: &str, language: &str) -> String {
    format_part(value, language, Part::Full)
}

/// [`format_date`], or the part of it that `part` asks for.
pub fn format_part(value: &str, language: &str, part: Part) -> String {
    let ja = language == "ja";
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        let time = if ja {
            format!("{:02}:{:02}", t.hour(), t.minute())
        } else {
            let (pm, h) = t.hour12();
            format!("{h}:{:02} {}", t.minute(), if pm { "PM" } else { "AM" })
        };
        if part == Part::Time {
            return time;
        }
        let day = day_text(t.date_naive(), ja, true);
        return if ja {
            format!("{day} {time}")
        } else {
            format!("{day}, {time}")
        };
    }
    match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) => day_text(d, ja, part == Part::WithWeekday),
        Err(_) => value.to_string(),
    }
}

fn day_text(d: NaiveDate, ja: bool, weekday: bool) -> String {
    if ja {
        let mut text = format!("{}年{}月{}日", d.year(), d.month(), d.day());
        if weekday {
            let w = WEEKDAYS_JA[d.weekday().num_days_from_monday() as usize];
            text.push_str(&format!("({w})"));
        }
        text
    } else {
        format!("{} {}, {}", MONTHS[d.month0() as usize], d.day(), d.year())
    }
}

#[cfg(test)]
mod tests {
    use super::SiteUrls;

    #[test]
    fn url_puts_a_path_under_the_site() {
        let at = |base_url: &str, base_path: &str| SiteUrls {
            base_url: base_url.into(),
            base_path: base_path.into(),
            default_language: "ja".into(),
        };
        let sub = at("https://org.github.io/alumni", "/alumni");
        assert_eq!(sub.url("style.css", None, false), "/alumni/style.css");
        assert_eq!(sub.url("/style.css", None, false), "/alumni/style.css");
        assert_eq!(sub.url("", None, false), "/alumni/");
        assert_eq!(
            sub.url("members/", Some("en"), false),
            "/alumni/en/members/"
        );
        assert_eq!(sub.url("members/", Some("ja"), false), "/alumni/members/");
        assert_eq!(
            sub.url("atom.xml", Some("en"), true),
            "https://org.github.io/alumni/en/atom.xml"
        );
        for kept in [
            "https://cdn.example/x.css",
            "mailto:a@b.example",
            "//cdn.example/x",
            "#main",
        ] {
            assert_eq!(sub.url(kept, None, false), kept);
        }
        let root = at("https://alumni.example", "");
        assert_eq!(root.url("/style.css", None, false), "/style.css");
        assert_eq!(root.url("", Some("en"), false), "/en/");
        assert_eq!(root.url("a/b:c", None, false), "/a/b:c");
    }
    use super::*;

    #[test]
    fn fill_fills_each_placeholder_once() {
        let values = [("title", "木村{company}"), ("company", "次郎")];
        assert_eq!(
            fill("{title}（{company}）", &values),
            "木村{company}（次郎）"
        );
        assert_eq!(fill("{title} at {x}", &values), "木村{company} at {x}");
    }

    #[test]
    fn safe_marks_strings_and_shows_other_values_as_text() {
        let mut tera = Tera::default();
        tera.autoescape_on([".html"]);
        let config = crate::config::parse("title: T\nbase_url: https://a.example\n").unwrap();
        register(&mut tera, &config);
        tera.add_raw_template(
            "t.html",
            "{{ s | safe }}|{{ s }}|{{ n | safe }}|{{ a | safe }}",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("s", "<b>太</b>");
        ctx.insert("n", &5);
        ctx.insert("a", &["<i>"]);
        let out = tera.render("t.html", &ctx).unwrap();
        assert_eq!(out, "<b>太</b>|&lt;b&gt;太&lt;/b&gt;|5|[\"<i>\"]");
    }

    #[test]
    fn formats_dates_per_language() {
        assert_eq!(format_date("2026-12-10", "ja"), "2026年12月10日");
        assert_eq!(format_date("2026-12-10", "en"), "December 10, 2026");
        assert_eq!(
            format_date("2026-12-10T19:00:00+09:00", "ja"),
            "2026年12月10日(木) 19:00"
        );
        assert_eq!(
            format_part("2026-12-10T19:00:00-05:00", "ja", Part::Time),
            "19:00"
        );
        assert_eq!(
            format_part("2026-12-10T21:30:00+09:00", "en", Part::Time),
            "9:30 PM"
        );
        assert_eq!(
            format_part("2026-12-10", "ja", Part::WithWeekday),
            "2026年12月10日(木)"
        );
        assert_eq!(
            format_part("2026-12-13", "en", Part::WithWeekday),
            "December 13, 2026"
        );
        assert_eq!(
            format_date("2026-12-10T19:00:00+09:00", "en"),
            "December 10, 2026, 7:00 PM"
        );
        assert_eq!(format_date("2019", "en"), "2019");
    }
}

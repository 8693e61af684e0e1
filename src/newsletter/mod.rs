//! `alumni newsletter`: one issue of the programme's newsletter, as
//! e-mail-safe HTML, its plain-text alternative and one MIME message
//! holding both (docs/newsletter.md).
//!
//! It is made from what `build` publishes for the same audience, never
//! from the content as written: `pipeline::gated_site` loads the site and
//! runs the `@/` link check, the privacy gate, Markdown and the name check
//! exactly as a build does, and only the gated edition of one language is
//! read here. Templates are the theme's `newsletter.html` and
//! `newsletter.txt`, overridable like every other template.

mod mail;
pub mod select;
mod wrap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::pipeline::{self, BuildOptions};
use crate::theme::brand;
use crate::theme::filters::format_date;

pub use select::Period;

/// What to make.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site, audience, `--base-url` and the moment the issue is made
    /// (`output` is not used).
    pub build: BuildOptions,
    /// The first and last day of the period (`--since`, `--until`): by
    /// default the calendar month before today's; `--since` alone runs to
    /// yesterday, `--until` alone from the first of its month.
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// The issue's language; the site's default when `None`.
    pub lang: Option<String>,
}

/// One issue, ready to write.
#[derive(Debug)]
pub struct Newsletter {
    pub html: String,
    pub text: String,
    /// The `.eml` message: headers and both parts, CRLF line ends.
    pub eml: Vec<u8>,
    pub subject: String,
    pub lang: String,
    pub period: Period,
    /// Nothing new in the period and nothing coming.
    pub empty: bool,
}

/// The colours of the HTML part, from the brand palette (light and dark).
#[derive(Debug, Serialize)]
struct Colours {
    brand: String,
    soft: String,
    soft_fg: String,
    dark_brand: String,
    dark_soft: String,
    dark_soft_fg: String,
}

/// The default theme's own colours (style.css), for a site without `brand_color`.
fn colours(config: &Config) -> Colours {
    match config
        .company
        .brand_color
        .as_deref()
        .and_then(brand::palette)
    {
        Some(p) => Colours {
            brand: p.light.brand,
            soft: p.light.soft,
            soft_fg: p.light.soft_fg,
            dark_brand: p.dark.brand,
            dark_soft: p.dark.soft,
            dark_soft_fg: p.dark.soft_fg,
        },
        None => Colours {
            brand: "#0a5c8a".into(),
            soft: "#e7f1f8".into(),
            soft_fg: "#063d5c".into(),
            dark_brand: "#7cc0f5".into(),
            dark_soft: "#13283a".into(),
            dark_soft_fg: "#cfe6f8".into(),
        },
    }
}

/// What both templates see besides the content.
#[derive(Debug, Serialize)]
struct Issue<'a> {
    subject: &'a str,
    /// `2026年11月` / `November 2026`, or the first and last day.
    period: &'a str,
    since: String,
    until: String,
    intro: Option<&'a str>,
    audience: &'static str,
    empty: bool,
    /// Absolute URLs.
    home: String,
    logo: Option<String>,
    unsubscribe: &'a str,
    title: &'a str,
    programme: Option<&'a str>,
    company: Option<&'a str>,
}

/// Makes the issue of `options.period`.
pub fn make(options: &Options) -> Result<Newsletter, Diagnostics> {
    let (setup, editions) = pipeline::gated_site(&options.build)?;
    let config = &setup.config;
    let lang = options
        .lang
        .clone()
        .unwrap_or_else(|| config.language.clone());
    let Some(edition) = editions.iter().find(|e| e.lang() == lang) else {
        return Err(Diagnostics::from(
            Diagnostic::new(
                Location::argument("--lang"),
                format!("`{lang}` is not one of the site's languages"),
            )
            .with_hint(format!("choose one of {}", config.languages.join(", "))),
        ));
    };
    let period = resolve(options, config)?;
    let settings = &config.newsletter;
    let (Some(from), Some(unsubscribe)) = (&settings.from, &settings.unsubscribe) else {
        return Err(Diagnostics::from(
            Diagnostic::new(
                Location::file(crate::config::FILE),
                "the newsletter needs a sender and an unsubscribe address in site.yaml",
            )
            .with_hint(
                "add e.g.\nnewsletter:\n  from: \"Example Alumni <alumni@example.com>\"\n  unsubscribe: https://alumni.example.com/unsubscribe/\n(docs/newsletter.md)",
            ),
        ));
    };
    let theme = &setup.theme;
    let strings = theme.strings_of(&lang);
    let string = |key: &str| theme.string_in(&lang, key).to_string();
    let content = select::content(edition, config, period, options.build.now, &string("other"));
    let empty = content.is_empty();
    let period_words = period_text(period, &lang);
    let title = config.title_in(&lang);
    let programme = config.programme_name_in(&lang);
    let subject = crate::theme::filters::fill(
        &string("newsletter_subject"),
        &[
            ("name", programme.unwrap_or(title)),
            ("period", &period_words),
        ],
    );
    // One line: a name written over several lines in site.yaml would
    // otherwise put a line break into the Subject.
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    let home = config.absolute(&format!("{}/", edition.prefix()));
    let issue = Issue {
        subject: &subject,
        period: &period_words,
        since: period.since.to_string(),
        until: period.until.to_string(),
        intro: settings.intro_in(&lang),
        audience: options.build.audience.as_str(),
        empty,
        home,
        logo: config.company.logo.as_deref().map(|logo| {
            config.absolute(&format!(
                "{}/{}",
                config.base_path,
                logo.trim_start_matches('/')
            ))
        }),
        unsubscribe,
        title,
        programme,
        company: config.company_name_in(&lang),
    };
    let mut ctx = Context::new();
    ctx.insert("t", strings);
    ctx.insert("lang", &lang);
    ctx.insert("issue", &issue);
    ctx.insert("colours", &colours(config));
    ctx.insert("stories", &content.stories);
    ctx.insert("events", &content.events);
    ctx.insert("jobs", &content.jobs);
    ctx.insert("news", &content.news);
    ctx.insert("members", &content.members);
    let render = |name: &str| {
        theme.tera.render(name, &ctx).map_err(|e| {
            Diagnostics::from(
                Diagnostic::new(
                    Location::file(format!("templates/{name}")),
                    format!("template error: {}", crate::theme::error_chain(&e)),
                )
                .with_hint("fix the template; see docs/newsletter.md for what it receives"),
            )
        })
    };
    let html = render("newsletter.html")?;
    let text = wrap::wrap(&render("newsletter.txt")?, wrap::WIDTH);
    let eml = mail::message(&mail::Parts {
        from,
        reply_to: settings.reply_to.as_ref(),
        subject: &subject,
        unsubscribe,
        date: options.build.now,
        id: &message_id(config, options.build.audience, period, &lang),
        text: &text,
        html: &html,
    });
    Ok(Newsletter {
        html,
        text,
        eml,
        subject,
        lang,
        period,
        empty,
    })
}

/// `newsletter-2026-11-01-2026-11-30-public-ja@alumni.example.com`: the
/// same issue gets the same Message-ID.
fn message_id(
    config: &Config,
    audience: crate::content::Audience,
    period: Period,
    lang: &str,
) -> String {
    let host = config
        .base_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost");
    format!(
        "newsletter-{}-{}-{}-{}@{host}",
        period.since,
        period.until,
        audience.as_str(),
        lang,
    )
}

/// `2026年11月` / `November 2026` for a calendar month, else its first and
/// last day.
fn period_text(period: Period, lang: &str) -> String {
    if period.is_month() {
        let d = period.since;
        if lang == "ja" {
            return d.format("%Y年%-m月").to_string();
        }
        return d.format("%B %Y").to_string();
    }
    let (since, until) = (
        format_date(&period.since.to_string(), lang),
        format_date(&period.until.to_string(), lang),
    );
    if lang == "ja" {
        format!("{since}〜{until}")
    } else {
        format!("{since} – {until}")
    }
}

/// The period of `options`, its defaults taken from today in the site's
/// time zone.
fn resolve(options: &Options, config: &Config) -> Result<Period, Diagnostics> {
    let today = options
        .build
        .now
        .with_timezone(&config.timezone)
        .date_naive();
    let period = match (options.since, options.until) {
        (None, None) => Period::last_month(today),
        (Some(since), None) => Period {
            since,
            until: today.pred_opt().unwrap_or(today),
        },
        (since, Some(until)) => Period {
            since: since.unwrap_or_else(|| until.with_day0(0).unwrap_or(until)),
            until,
        },
    };
    if period.since > period.until {
        return Err(Diagnostics::from(
            Diagnostic::new(
                Location::argument("--since"),
                format!(
                    "the period starts on {} and ends before, on {}",
                    period.since, period.until
                ),
            )
            .with_hint("give a --since on or before --until (both days are included)"),
        ));
    }
    Ok(period)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn periods_read_as_a_month_or_two_days() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let month = Period {
            since: d("2026-11-01"),
            until: d("2026-11-30"),
        };
        assert_eq!(period_text(month, "ja"), "2026年11月");
        assert_eq!(period_text(month, "en"), "November 2026");
        let part = Period {
            since: d("2026-11-03"),
            until: d("2026-11-30"),
        };
        assert_eq!(period_text(part, "ja"), "2026年11月3日〜2026年11月30日");
        assert_eq!(
            period_text(part, "en"),
            "November 3, 2026 – November 30, 2026"
        );
    }
}

//! `site.yaml`: read into [`RawConfig`] (serde, unknown keys refused), then
//! validated into [`Config`], which the rest of the build trusts.

use std::fs;
use std::path::Path;

use chrono::FixedOffset;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use crate::content::front_matter;
use crate::content::kinds::Visibility;
use crate::content::url::ExternalUrl;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, did_you_mean};
use crate::sources;
use crate::theme::brand;

mod base_url;
mod lists;
mod newsletter;
pub use base_url::split_base_url;
use base_url::without_passwords;
#[cfg(test)]
use lists::DEFAULT_FILTERS;
pub use lists::{DEFAULT_LIST_PER_PAGE, DEFAULT_PER_PAGE, FILTERS};
use lists::{Lists, RawDirectory, RawLists};
pub use newsletter::{Mailbox, Newsletter, parse_mailbox};

/// The name of the config file at the site root.
pub const FILE: &str = "site.yaml";

/// `site.yaml` as written (docs/content.md, "site.yaml").
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "site.yaml")]
struct RawConfig {
    /// The site's title.
    title: String,
    /// Where the site is published, e.g. https://alumni.example.com (--base-url overrides it).
    base_url: String,
    /// One sentence for search engines and link previews.
    description: Option<String>,
    /// The theme's UI language: ja (default) or en.
    language: Option<String>,
    /// The site's UTC offset, e.g. "+09:00" (default): the day jobs close and all-day events end.
    timezone: Option<String>,
    /// Several languages, the default first, e.g. [ja, en].
    languages: Option<Vec<String>>,
    /// A document without a version in a language: show (default) the default language's, or omit it.
    untranslated: Option<Untranslated>,
    /// The site's own texts in its other languages, e.g. en: {title: ...}.
    #[serde(default)]
    translations: std::collections::BTreeMap<String, SiteTexts>,
    /// The theme: default, or a folder under themes/.
    theme: Option<String>,
    #[serde(default)]
    company: Company,
    #[serde(default)]
    programme: ProgrammeConfig,
    #[serde(default)]
    privacy: RawPrivacy,
    #[serde(default)]
    directory: RawDirectory,
    #[serde(default)]
    lists: RawLists,
    /// The newsletter: sender, reply address, unsubscribe URL, intro (docs/newsletter.md).
    #[serde(default)]
    newsletter: newsletter::RawNewsletter,
    /// Anything, as site.extra in templates.
    #[serde(default)]
    extra: Option<Value>,
}

/// The company (`company:` in site.yaml).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Company {
    pub name: Option<String>,
    /// The company's own website.
    pub url: Option<String>,
    /// Path of the logo under `static/`.
    pub logo: Option<String>,
    /// The brand colour (`"#0a5c8a"`): the theme derives its link, button
    /// and tint colours for light and dark mode from it (AA contrast is checked).
    pub brand_color: Option<String>,
}

/// The alumni programme (`programme:` in site.yaml).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeConfig {
    pub name: Option<String>,
    /// "Come back within N years".
    pub return_window_years: Option<u32>,
    /// The programme's contact address.
    pub contact: Option<String>,
    /// Where to sign up.
    pub join_url: Option<String>,
}

/// Who sees what (`privacy:` in site.yaml; docs/content.md, "Privacy").
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Privacy")]
struct RawPrivacy {
    /// A profile without `visibility` (default: members).
    default_visibility: Option<Visibility>,
    /// A public profile needs a `consent` date (default: true).
    require_consent: Option<bool>,
    /// `open_to: rehire` in the public build too (default: false).
    public_rehire_interest: Option<bool>,
    /// Smaller groups fold into "other" on /stats/ (default: 5).
    min_group_size: Option<usize>,
    /// `alumni check` warns about older consents; 0: never (default: 3).
    consent_max_age_years: Option<u32>,
    /// Names of people shown that hold the name of someone not shown and
    /// are not theirs (`Mary Anne Brown`, with `Anne Brown` hidden).
    longer_names: Option<Vec<String>>,
}

/// The JSON Schema of `site.yaml`, made from the types that read it.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(RawConfig)
}

/// The site's own texts in one of its other languages (`translations.en`
/// in site.yaml); what is not given stays as written for the default language.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteTexts {
    pub title: Option<String>,
    pub description: Option<String>,
    pub company: Option<NameOnly>,
    pub programme: Option<NameOnly>,
}

/// `{name: ...}`: the translated name of the company or the programme.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NameOnly {
    pub name: Option<String>,
}

/// What a language's pages show for a document that has no version in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Untranslated {
    /// The default language's version, under the language's URLs, marked as such.
    #[default]
    Show,
    /// Nothing: the page exists only in the languages it is written in.
    Omit,
}

/// The privacy settings, with the defaults of docs/content.md filled in.
#[derive(Debug, Clone)]
pub struct Privacy {
    pub default_visibility: Visibility,
    pub require_consent: bool,
    pub public_rehire_interest: bool,
    pub min_group_size: usize,
    /// `alumni check` warns about consents older than this; 0 turns it off.
    pub consent_max_age_years: u32,
    /// Longer names of people shown that hold a name not shown and are not
    /// that person's (docs/content.md, "Names of people not shown").
    pub longer_names: Vec<String>,
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy {
            default_visibility: Visibility::Members,
            require_consent: true,
            public_rehire_interest: false,
            min_group_size: 5,
            consent_max_age_years: 3,
            longer_names: Vec::new(),
        }
    }
}

/// A validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Without a trailing slash: `https://org.github.io/alumni`.
    pub base_url: String,
    /// The path part of `base_url` (`/alumni`, or `""` for a site at the
    /// root of its host): every page's link starts with it (docs/deploy.md).
    pub base_path: String,
    pub description: Option<String>,
    /// The default language (at the site root): the first of `languages`.
    pub language: String,
    /// Every language of the site, the default first; the others live under
    /// `/<code>/`, and `content/x.<code>.md` is the `<code>` version of `x.md`.
    pub languages: Vec<String>,
    pub untranslated: Untranslated,
    /// Site texts per language other than the default (`translations:`).
    pub translations: std::collections::BTreeMap<String, SiteTexts>,
    /// The site's UTC offset: decides the day on which jobs close and
    /// all-day events end (default +09:00).
    pub timezone: FixedOffset,
    pub theme: String,
    pub company: Company,
    pub programme: ProgrammeConfig,
    pub privacy: Privacy,
    pub filters: Vec<String>,
    /// Members per page of the directory and term lists (`directory.per_page`).
    pub per_page: usize,
    /// Items per page of the lists of stories, events, jobs and news
    /// (`lists.per_page`).
    pub list_per_page: usize,
    pub newsletter: Newsletter,
    pub extra: Value,
}

/// Reads and validates `root/site.yaml`.
pub fn load(root: &Path) -> Result<Config, Diagnostics> {
    let path = root.join(FILE);
    if let Err(e) = fs::metadata(&path) {
        let d = Diagnostic::new(
            Location::file(FILE),
            format!("cannot read the site config: {e}"),
        );
        return Err(Diagnostics::from(d.with_hint(format!(
            "is {} a site? It needs a {FILE}; `alumni init` makes a new site",
            root.display()
        ))));
    }
    let source = sources::read_text(&path, Path::new(FILE)).map_err(Diagnostics::from)?;
    parse(&source)
}

/// The default language of the site at `root` (`language:`, or the first
/// of `languages:`), read even from a `site.yaml` with other mistakes, for
/// `serve`'s own pages while the site does not build; `ja`, the default,
/// when it says none.
pub fn language_of(root: &Path) -> String {
    languages_of(root)
        .and_then(|l| l.into_iter().next())
        .unwrap_or_else(|| "ja".to_string())
}

/// The languages of the site at `root`, the default first, read even from
/// a `site.yaml` with other mistakes (so that a build reports its content's
/// problems with the config's); `None` when the file does not say them
/// clearly (it is not YAML, or names something that is not a language).
pub fn languages_of(root: &Path) -> Option<Vec<String>> {
    let text = fs::read_to_string(root.join(FILE)).ok()?;
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
    let yaml = yaml.as_mapping()?;
    let code = |v: &serde_yaml::Value| {
        v.as_str()
            .filter(|c| is_language_code(c))
            .map(str::to_string)
    };
    let languages: Vec<String> = match (yaml.get("languages"), yaml.get("language")) {
        (Some(list), _) => list
            .as_sequence()?
            .iter()
            .map(code)
            .collect::<Option<_>>()?,
        (None, Some(language)) => vec![code(language)?],
        (None, None) => vec!["ja".to_string()],
    };
    (!languages.is_empty()).then_some(languages)
}

/// Parses and validates the text of a `site.yaml`.
pub fn parse(source: &str) -> Result<Config, Diagnostics> {
    // Every mistake of the file at once, each at its place.
    let raw: RawConfig = front_matter::parse_all(Path::new(FILE), source, source, 0)
        .map_err(|failed| Diagnostics(failed.diagnostics))?;
    validate(raw, source)
}

fn validate(raw: RawConfig, source: &str) -> Result<Config, Diagnostics> {
    use front_matter::Step::{Item, Key, KeyName};
    let mut problems = Diagnostics::default();
    // The lines quoted under a message: a password in base_url is not.
    let shown = without_passwords(source);
    // At the value (or key) the parser reads at `path`; the file alone
    // when it is not written there (a default).
    let mut at = |path: &[front_matter::Step], message: String, hint: &str| {
        let (line, col) = front_matter::position_of(source, path).unwrap_or((0, 0));
        let loc = Location::at(FILE, line, col);
        problems.push(
            Diagnostic::new(loc, message)
                .with_source(&shown)
                .with_hint(hint),
        );
    };
    let (base_url, base_path) = match split_base_url(&raw.base_url) {
        Ok(split) => split,
        Err((message, hint)) => {
            at(&[Key("base_url")], format!("base_url {message}"), hint);
            (String::new(), String::new())
        }
    };
    let urls = [
        ([Key("company"), Key("url")], raw.company.url.as_deref()),
        (
            [Key("programme"), Key("join_url")],
            raw.programme.join_url.as_deref(),
        ),
    ];
    for (path, url) in urls.into_iter().filter_map(|(k, u)| Some((k, u?))) {
        if let Err(message) = ExternalUrl::parse(url) {
            at(
                &path,
                message,
                "site.yaml URLs must be full http(s):// or mailto: addresses",
            );
        }
    }
    if let Some(Err((message, hint))) = raw.company.brand_color.as_deref().map(brand::check) {
        at(&[Key("company"), Key("brand_color")], message, &hint);
    }
    let language = raw.language.clone().unwrap_or_else(|| "ja".to_string());
    let timezone = match parse_offset(raw.timezone.as_deref().unwrap_or("+09:00")) {
        Some(tz) => tz,
        None => {
            at(
                &[Key("timezone")],
                format!("`{}` is not a UTC offset", raw.timezone.unwrap_or_default()),
                "write the offset of the site's time zone, e.g. timezone: \"+09:00\"",
            );
            FixedOffset::east_opt(0).expect("UTC")
        }
    };
    let languages = match raw.languages {
        None => vec![language.clone()],
        Some(list) => {
            let mut languages: Vec<String> = Vec::new();
            for (i, code) in list.into_iter().enumerate() {
                if !is_language_code(&code) {
                    at(
                        &[Key("languages"), Item(i)],
                        format!("`{code}` is not a language code"),
                        "write lower-case codes such as ja, en or zh-hant",
                    );
                } else if languages.contains(&code) {
                    at(
                        &[Key("languages"), Item(i)],
                        format!("`{code}` is listed twice"),
                        "name each language once",
                    );
                } else {
                    languages.push(code);
                }
            }
            if languages.is_empty() {
                at(
                    &[Key("languages")],
                    "`languages` names no language".to_string(),
                    "write e.g. languages: [ja, en] (the first is the default), or remove it",
                );
                languages.push(language.clone());
            }
            languages
        }
    };
    let language = match raw.language {
        Some(code) if code != languages[0] => {
            at(
                &[Key("language")],
                format!(
                    "`language: {code}` is not the first of `languages` ({})",
                    languages.join(", ")
                ),
                "the first of `languages` is the default language: remove `language:` or put it first",
            );
            code
        }
        _ => languages[0].clone(),
    };
    for code in raw.translations.keys() {
        if !languages[1..].contains(code) {
            let hint = match did_you_mean(code, languages[1..].iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    "`translations:` holds the site's texts in the other languages of `languages:`"
                        .to_string()
                }
            };
            at(
                &[Key("translations"), KeyName(code)],
                format!("`translations.{code}` is not one of the site's other languages"),
                &hint,
            );
        }
    }
    let Lists {
        filters,
        per_page,
        list_per_page,
    } = lists::validate(raw.directory, raw.lists, &mut at);
    let defaults = Privacy::default();
    let privacy = Privacy {
        default_visibility: raw
            .privacy
            .default_visibility
            .unwrap_or(defaults.default_visibility),
        require_consent: raw
            .privacy
            .require_consent
            .unwrap_or(defaults.require_consent),
        public_rehire_interest: raw
            .privacy
            .public_rehire_interest
            .unwrap_or(defaults.public_rehire_interest),
        min_group_size: raw
            .privacy
            .min_group_size
            .unwrap_or(defaults.min_group_size)
            .max(1),
        consent_max_age_years: raw
            .privacy
            .consent_max_age_years
            .unwrap_or(defaults.consent_max_age_years),
        longer_names: raw.privacy.longer_names.unwrap_or_default(),
    };
    let newsletter = newsletter::validate(raw.newsletter, &languages, &mut at);
    problems.into_result()?;
    Ok(Config {
        title: raw.title,
        base_url,
        base_path,
        description: raw.description,
        language,
        languages,
        untranslated: raw.untranslated.unwrap_or_default(),
        translations: raw.translations,
        timezone,
        theme: raw.theme.unwrap_or_else(|| "default".to_string()),
        company: raw.company,
        programme: raw.programme,
        privacy,
        filters,
        per_page,
        list_per_page,
        newsletter,
        extra: raw
            .extra
            .unwrap_or_else(|| Value::Object(Default::default())),
    })
}

/// `ja`, `en`, `zh-hant`: lower-case letters, subtags after `-`. A code is
/// a URL segment (`/en/`) and a file name part (`foo.en.md`).
/// Whether `code` is written like a language code: `en`, `ja`, `pt-br`, `zh-hant`.
pub(crate) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| {
            (1..=8).contains(&p.len())
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// `+09:00`, `-05:30`, `Z` or `UTC`.
fn parse_offset(text: &str) -> Option<FixedOffset> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

impl Config {
    /// The site's title in `lang`.
    pub fn title_in(&self, lang: &str) -> &str {
        self.texts(lang)
            .and_then(|t| t.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// The site's description in `lang`.
    pub fn description_in(&self, lang: &str) -> Option<&str> {
        self.texts(lang)
            .and_then(|t| t.description.as_deref())
            .or(self.description.as_deref())
    }

    /// The company's name in `lang`.
    pub fn company_name_in(&self, lang: &str) -> Option<&str> {
        self.texts(lang)
            .and_then(|t| t.company.as_ref()?.name.as_deref())
            .or(self.company.name.as_deref())
    }

    /// The programme's name in `lang`.
    pub fn programme_name_in(&self, lang: &str) -> Option<&str> {
        self.texts(lang)
            .and_then(|t| t.programme.as_ref()?.name.as_deref())
            .or(self.programme.name.as_deref())
    }

    /// The config as each language's pages read it (in `languages` order):
    /// title, description, company and programme names from `translations`.
    pub fn localized(&self) -> Vec<Config> {
        self.languages
            .iter()
            .map(|lang| {
                let mut c = self.clone();
                c.title = self.title_in(lang).to_string();
                c.description = self.description_in(lang).map(str::to_string);
                c.company.name = self.company_name_in(lang).map(str::to_string);
                c.programme.name = self.programme_name_in(lang).map(str::to_string);
                c
            })
            .collect()
    }

    fn texts(&self, lang: &str) -> Option<&SiteTexts> {
        self.translations.get(lang)
    }

    /// Replaces `base_url` (the `--base-url` flag).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostics> {
        match split_base_url(url) {
            Ok((base_url, base_path)) => {
                self.base_url = base_url;
                self.base_path = base_path;
                Ok(())
            }
            Err((message, hint)) => Err(Diagnostics::from(
                Diagnostic::new(
                    Location::argument("--base-url"),
                    // The message names the URL (without a password).
                    message,
                )
                .with_hint(hint),
            )),
        }
    }

    /// The absolute URL of `href`, a link as the site's pages write it
    /// (`/alumni/members/x/`, already under [`Config::base_path`]).
    pub fn absolute(&self, href: &str) -> String {
        let origin = &self.base_url[..self.base_url.len() - self.base_path.len()];
        format!("{origin}{href}")
    }
}

#[cfg(test)]
mod tests;

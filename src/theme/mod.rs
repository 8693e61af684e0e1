//! The theme: templates, UI strings and static files, in three layers.
//!
//! Lookup is template by template: the site's `templates/` over the site's
//! `themes/<theme>/templates/` over the default theme embedded in the binary
//! (so an installed `alumni` needs no repository). UI strings and static
//! files are layered the same way. Templates are compiled once per build.
//! Template and UI string files are read as every text input of a site is,
//! bounded and UTF-8 (`sources::read_text`); one that cannot be read is an
//! error that names it. The brand palette's stylesheet (`brand`) is one
//! more static file of the theme, made from site.yaml.

pub mod brand;
pub mod contexts;
pub mod filters;
pub mod view;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::front_matter;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, did_you_mean, display_path};

/// The default theme, embedded at compile time.
static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a static file of the theme comes from.
#[derive(Debug, Clone)]
pub enum ThemeFile {
    Embedded(&'static [u8]),
    File(PathBuf),
    /// Made by the build: the brand palette (`brand::STYLESHEET`).
    Generated(Vec<u8>),
}

/// A loaded theme, ready to render.
pub struct Theme {
    pub tera: tera::Tera,
    /// UI strings for the default language.
    pub strings: BTreeMap<String, String>,
    /// UI strings per language of the site (the default's are `strings`);
    /// each map also has `lang`, the language's code.
    pub languages: BTreeMap<String, BTreeMap<String, String>>,
    /// Static files by output path (`style.css`), theme layers merged.
    pub assets: BTreeMap<String, ThemeFile>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("strings", &self.strings.len())
            .finish_non_exhaustive()
    }
}

impl Theme {
    /// A UI string of the default language, or the key itself when the theme lacks it.
    pub fn string<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The UI strings of `lang` (the default language's for an unknown one).
    pub fn strings_of(&self, lang: &str) -> &BTreeMap<String, String> {
        self.languages.get(lang).unwrap_or(&self.strings)
    }

    /// A UI string of `lang`, or the key itself when the theme lacks it.
    pub fn string_in<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        self.strings_of(lang)
            .get(key)
            .map(String::as_str)
            .unwrap_or(key)
    }
}

/// A layer of the theme on disk, if present.
struct Layers {
    theme_dir: Option<PathBuf>,
    site_templates: PathBuf,
    site_i18n: PathBuf,
}

/// Loads the theme `config.theme` for the site at `root`.
pub fn load(root: &Path, config: &Config) -> Result<Theme, Diagnostics> {
    let theme_dir = root.join("themes").join(&config.theme);
    if config.theme != "default" && !theme_dir.is_dir() {
        return Err(Diagnostics::from(
            Diagnostic::new(
                Location::file(crate::config::FILE),
                format!("theme `{}` not found", config.theme),
            )
            .with_hint(format!(
                "create themes/{}/ or set `theme: default`",
                config.theme
            )),
        ));
    }
    let layers = Layers {
        theme_dir: theme_dir.is_dir().then_some(theme_dir),
        site_templates: root.join("templates"),
        site_i18n: root.join("i18n"),
    };
    let mut problems = Diagnostics::default();
    let templates = collect_templates(root, &layers, &mut problems);
    let mut languages = BTreeMap::new();
    for lang in &config.languages {
        let mut strings = collect_strings(root, &layers, lang, &mut problems);
        strings.insert("lang".to_string(), lang.clone());
        languages.insert(lang.clone(), strings);
    }
    let strings = languages.get(&config.language).cloned().unwrap_or_default();
    let assets = collect_assets(&layers, config);
    problems.into_result()?;
    let tera = compile(root, templates, config)?;
    Ok(Theme {
        tera,
        strings,
        languages,
        assets,
    })
}

/// Template name → (source, where it came from).
type Sources = BTreeMap<String, (String, PathBuf)>;

fn collect_templates(root: &Path, layers: &Layers, problems: &mut Diagnostics) -> Sources {
    let mut sources = Sources::new();
    if let Some(dir) = DEFAULT.get_dir("templates") {
        for file in embedded_files(dir) {
            let name = file.path().strip_prefix("templates").unwrap_or(file.path());
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            let origin = Path::new("(built-in default theme)").join(file.path());
            sources.insert(slash(name), (text, origin));
        }
    }
    let dirs = layers
        .theme_dir
        .iter()
        .map(|d| d.join("templates"))
        .chain([layers.site_templates.clone()]);
    for dir in dirs {
        for (name, path) in files_under(&dir) {
            let shown = display_path(root, &path);
            match crate::sources::read_text(&path, &shown) {
                Ok(text) => {
                    sources.insert(name, (text, shown));
                }
                Err(d) => problems.push(d),
            }
        }
    }
    sources
}

fn compile(root: &Path, sources: Sources, config: &Config) -> Result<tera::Tera, Diagnostics> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
    filters::register(&mut tera, config);
    let named: Vec<(String, String)> = sources
        .iter()
        .map(|(n, (t, _))| (n.clone(), t.clone()))
        .collect();
    tera.add_raw_templates(named).map_err(|err| {
        let message = error_chain(&err);
        // The template the error points at (` --> member.html:1:57`), else
        // the first one the message names (the quoted source line may name
        // another, as `{% extends "base.html" %}` does).
        let pointed = message
            .split_once("--> ")
            .and_then(|(_, rest)| rest.split(':').next())
            .and_then(|name| sources.get(name));
        let origin = pointed
            .or_else(|| {
                sources
                    .iter()
                    .find(|(name, _)| message.contains(name.as_str()))
                    .map(|(_, source)| source)
            })
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| display_path(root, &root.join("templates")));
        Diagnostics::from(
            Diagnostic::new(Location::file(origin), format!("template error: {message}"))
                .with_hint(
                    "fix the template; see docs/templates.md for what each template receives",
                ),
        )
    })?;
    check_chrome(root, &tera, &sources)?;
    Ok(tera)
}

/// `base.html` writes `chrome.header` and `chrome.footer`, which the build
/// makes from the `site_header` and `site_footer` components: a site whose
/// own `components.html` lacks them (a copy made before they existed)
/// would lose its header and footer without a word, so it is told.
fn check_chrome(root: &Path, tera: &tera::Tera, sources: &Sources) -> Result<(), Diagnostics> {
    let Some((base, _)) = sources.get("base.html") else {
        return Ok(());
    };
    let missing: Vec<&str> = [
        ("chrome.header", "site_header"),
        ("chrome.footer", "site_footer"),
    ]
    .into_iter()
    .filter(|(used, component)| base.contains(used) && !tera.contains_component(component))
    .map(|(_, component)| component)
    .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let origin = sources
        .get("components.html")
        .map(|(_, p)| p.clone())
        .unwrap_or_else(|| display_path(root, &root.join("templates")));
    Err(Diagnostics::from(
        Diagnostic::new(
            Location::file(origin),
            format!(
                "base.html shows the site's header and footer from the `{}` component{}, which components.html does not define",
                missing.join("` and `"),
                if missing.len() > 1 { "s" } else { "" }
            ),
        )
        .with_hint(
            "copy site_header and site_footer from the default theme's templates/components.html (docs/templates.md, `chrome`)",
        )
))
}

/// An error and all its sources, one per line.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    text
}

fn collect_strings(
    root: &Path,
    layers: &Layers,
    language: &str,
    problems: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let file = format!("{language}.yaml");
    let mut strings = BTreeMap::new();
    let mut found = false;
    if let Some(f) = DEFAULT.get_file(format!("i18n/{file}")) {
        let text = String::from_utf8_lossy(f.contents());
        match front_matter::parse::<BTreeMap<String, String>>(
            Path::new("(built-in) i18n"),
            &text,
            &text,
            0,
        ) {
            Ok(map) => strings.extend(map),
            Err(d) => problems.push(d),
        }
        found = true;
    }
    let theme_file = layers
        .theme_dir
        .as_ref()
        .map(|d| d.join("i18n").join(&file));
    let site_file = layers.site_i18n.join(&file);
    for (path, is_site) in [(theme_file, false), (Some(site_file), true)] {
        let Some(path) = path.filter(|p| p.is_file()) else {
            continue;
        };
        found = true;
        let shown = display_path(root, &path);
        let text = match crate::sources::read_text(&path, &shown) {
            Ok(text) => text,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        match front_matter::parse::<BTreeMap<String, String>>(&shown, &text, &text, 0) {
            Ok(map) if is_site => {
                problems.extend(unknown_strings(&shown, &text, &map, &strings));
                strings.extend(map);
            }
            Ok(map) => strings.extend(map),
            Err(d) => problems.push(d),
        }
    }
    if !found {
        problems.push(
            Diagnostic::new(
                Location::file(crate::config::FILE),
                format!("the theme has no UI strings for language `{language}`"),
            )
            .with_hint(format!("use `language: ja` or `en`, or add i18n/{file}")),
        );
    }
    strings
}

/// A site's UI string that the theme does not have is a typo, not a new string.
fn unknown_strings(
    path: &Path,
    source: &str,
    site: &BTreeMap<String, String>,
    theme: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    site.keys()
        .filter(|k| !theme.contains_key(*k))
        .map(|key| {
            let line = source
                .lines()
                .position(|l| l.starts_with(key.as_str()))
                .map_or(0, |i| i + 1);
            let d = Diagnostic::new(
                Location::at(path, line, 1),
                format!("the theme has no UI string `{key}`"),
            )
            .with_source(source);
            match did_you_mean(key, theme.keys().map(String::as_str)) {
                Some(s) => d.with_hint(format!("did you mean `{s}`?")),
                None => d.with_hint("see the theme's i18n file for the keys it uses"),
            }
        })
        .collect()
}

fn collect_assets(layers: &Layers, config: &Config) -> BTreeMap<String, ThemeFile> {
    let mut assets = BTreeMap::new();
    if let Some(dir) = DEFAULT.get_dir("static") {
        for file in embedded_files(dir) {
            let name = file.path().strip_prefix("static").unwrap_or(file.path());
            assets.insert(slash(name), ThemeFile::Embedded(file.contents()));
        }
    }
    if let Some(dir) = &layers.theme_dir {
        for (name, path) in files_under(&dir.join("static")) {
            assets.insert(name, ThemeFile::File(path));
        }
    }
    let palette = config
        .company
        .brand_color
        .as_deref()
        .and_then(brand::palette);
    if let Some(palette) = palette {
        let css = palette.css().into_bytes();
        assets.insert(brand::STYLESHEET.to_string(), ThemeFile::Generated(css));
    }
    assets
}

fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        out.extend(embedded_files(sub));
    }
    out
}

/// Files under `dir` (recursively, sorted) as (`/`-separated relative name, path).
pub fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = slash(e.path().strip_prefix(dir).unwrap_or(e.path()));
            (name, e.into_path())
        })
        .collect()
}

fn slash(path: &Path) -> String {
    path.iter()
        .map(|c| c.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

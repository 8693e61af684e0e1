//! Internal links that lead nowhere, found in the rendered pages.
//!
//! Every `href` and `src` of every HTML page that is site-absolute (`/jobs/`)
//! or starts with `base_url` must be answered by a file of the same build
//! (`/jobs/` by `jobs/index.html`); on a site served under a path
//! (`base_url: https://org.github.io/alumni`), a site-absolute link must lie
//! under it (`/alumni/jobs/`), since the host has nothing else of the site. This covers links written in Markdown and
//! links that templates or `site.yaml` make. `@/` links are already resolved
//! (or reported) by the Markdown stage. A broken link is located in the
//! content file that contains it, else in `site.yaml` or a template that
//! spells it, else at the page that shows it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

use super::Finding;
use crate::config::Config;
use crate::content::Site;
use crate::content::load::prefix_of;
use crate::diagnostics::{Diagnostic, Location, display_path};
use crate::render::{Contents, OutputFile};
use crate::theme::files_under;

/// A link in a rendered page that no file of the build answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// Output path of the page (`stories/a/index.html`).
    pub page: String,
    /// The link as written in the page, entities decoded.
    pub target: String,
}

/// The broken internal links of a build, located in the site's sources.
pub fn check(files: &[OutputFile], site: &Site, config: &Config, root: &Path) -> Vec<Finding> {
    let broken = find(files, &config.base_url, &config.base_path);
    if broken.is_empty() {
        return Vec::new();
    }
    let sources = Sources::read(site, config, root);
    let mut grouped: BTreeMap<(Location, String), Vec<String>> = BTreeMap::new();
    for b in broken {
        let location = sources.locate(&b);
        grouped
            .entry((location, b.target))
            .or_default()
            .push(b.page);
    }
    grouped
        .into_iter()
        .map(|((location, target), pages)| {
            finding(location, &target, &pages, &sources, &config.base_path)
        })
        .collect()
}

/// Whether `target` is a link from the host's root that misses the folder
/// `base_path` the site is served from.
fn outside(target: &str, base_path: &str) -> bool {
    !base_path.is_empty()
        && target.starts_with('/')
        && !target.starts_with("//")
        && target
            .strip_prefix(base_path)
            .is_none_or(|rest| !(rest.is_empty() || rest.starts_with(['/', '?', '#'])))
}

fn finding(
    location: Location,
    target: &str,
    pages: &[String],
    sources: &Sources,
    base_path: &str,
) -> Finding {
    let from_content = sources.is_content(&location.path);
    if outside(target, base_path) {
        let d = Diagnostic::new(
            location.clone(),
            format!(
                "`{target}`, linked from {}, is outside `{base_path}/`, the folder the site is served from (base_url): the host has nothing of the site there",
                url_of(&pages[0])
            ),
        )
        .with_source(sources.text_of(&location.path))
        .with_hint(format!(
            "in a template, write the link with the url filter ({{{{ \"style.css\" | url }}}} gives {base_path}/style.css); see docs/templates.md"
        ));
        return Finding::error("broken-link", d);
    }
    let message = if from_content {
        format!("link to `{target}`, which is not a page or file of the site")
    } else {
        // No counts: the same link found in two builds must read the same.
        let others = if pages.len() > 1 {
            " and other pages"
        } else {
            ""
        };
        format!(
            "`{target}`, linked from {}{others}, is not a page or file of the site",
            url_of(&pages[0])
        )
    };
    let hint = if from_content {
        "link to content with @/section/file.md, or fix the address"
    } else {
        "fix the link in the template or site.yaml that makes it, or add the missing page or file (e.g. under static/)"
    };
    let source = sources.text_of(&location.path);
    let d = Diagnostic::new(location, message)
        .with_source(source)
        .with_hint(hint);
    Finding::error("broken-link", d)
}

/// Every site-absolute link of every HTML page that no output file answers.
pub fn find(files: &[OutputFile], base_url: &str, base_path: &str) -> Vec<Broken> {
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut broken = Vec::new();
    for file in files.iter().filter(|f| f.path.ends_with(".html")) {
        let Contents::Bytes(bytes) = &file.contents else {
            continue;
        };
        let html = String::from_utf8_lossy(bytes);
        let mut seen = HashSet::new();
        for target in links(&html) {
            let Some(path) = internal_path(&target, base_url, base_path) else {
                continue;
            };
            let answered = path.is_some_and(|p| answers(&paths, &p));
            if !answered && seen.insert(target.clone()) {
                broken.push(Broken {
                    page: file.path.clone(),
                    target,
                });
            }
        }
    }
    broken
}

/// The values of `href` and `src` attributes, entities decoded.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=", " src="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let value = &rest[1..];
            if let Some(end) = value.find(quote) {
                out.push(unescape(&value[..end]));
            }
        }
    }
    out
}

fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The output path a link asks for, if it is internal: decoded, without
/// query or fragment, without the leading `/`; `Some(None)` for a link from
/// the host's root that misses the path the site is served under.
fn internal_path(target: &str, base_url: &str, base_path: &str) -> Option<Option<String>> {
    let rest = match target.strip_prefix(base_url) {
        Some(r) if r.is_empty() || r.starts_with('/') => r,
        _ if target.starts_with('/') && !target.starts_with("//") => {
            match target.strip_prefix(base_path) {
                Some(r) if r.is_empty() || r.starts_with(['/', '?', '#']) => r,
                _ => return Some(None),
            }
        }
        _ => return None,
    };
    let path = rest.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    Some(Some(decoded.trim_start_matches('/').to_string()))
}

/// Whether a file of the build answers `path` (a folder by its index.html).
fn answers(paths: &HashSet<&str>, path: &str) -> bool {
    if path.is_empty() || path.ends_with('/') {
        paths.contains(format!("{path}index.html").as_str())
    } else {
        paths.contains(path) || paths.contains(format!("{path}/index.html").as_str())
    }
}

fn url_of(page: &str) -> String {
    format!("/{}", page.trim_end_matches("index.html"))
}

/// The site's sources that can contain a link: content files by the page
/// they make, then `site.yaml` and the site's own templates.
struct Sources {
    /// Output path of a document's page → its file (relative to the root).
    page_source: HashMap<String, PathBuf>,
    content: HashSet<PathBuf>,
    texts: HashMap<PathBuf, String>,
    /// `site.yaml` and templates, searched in this order.
    shared: Vec<PathBuf>,
}

impl Sources {
    fn read(site: &Site, config: &Config, root: &Path) -> Sources {
        let mut page_source = HashMap::new();
        let languages = &config.languages;
        let dir = |lang: &str| {
            let prefix = prefix_of(lang, languages);
            match prefix.trim_start_matches('/') {
                "" => String::new(),
                d => format!("{d}/"),
            }
        };
        for p in site.programme.iter().chain(&site.programme_translations) {
            page_source.insert(format!("{}index.html", dir(&p.lang)), p.path.to_path_buf());
        }
        for (key, section, slug, lang) in site.keys_with_lang() {
            let path = section.output_path_in(&prefix_of(lang, languages), slug);
            page_source.insert(path, Path::new("content").join(key));
        }
        // A page shown untranslated in another language comes from the original.
        for lang in languages.iter().skip(1) {
            let prefix = prefix_of(lang, languages);
            for (key, section, slug, doc_lang) in site.keys_with_lang() {
                if doc_lang == languages[0].as_str() {
                    page_source
                        .entry(section.output_path_in(&prefix, slug))
                        .or_insert_with(|| Path::new("content").join(key));
                }
            }
        }
        let mut shared = vec![PathBuf::from(crate::config::FILE)];
        let theme_templates = root.join("themes").join(&config.theme).join("templates");
        for dir in [root.join("templates"), theme_templates] {
            shared.extend(
                files_under(&dir)
                    .into_iter()
                    .map(|(_, p)| display_path(root, &p)),
            );
        }
        let content: HashSet<PathBuf> = page_source.values().cloned().collect();
        let texts = content
            .iter()
            .chain(&shared)
            .filter_map(|p| Some((p.clone(), fs::read_to_string(root.join(p)).ok()?)))
            .collect();
        Sources {
            page_source,
            content,
            texts,
            shared,
        }
    }

    fn is_content(&self, path: &Path) -> bool {
        self.content.contains(path)
    }

    fn text_of(&self, path: &Path) -> &str {
        self.texts.get(path).map(String::as_str).unwrap_or("")
    }

    /// Where the link is written: the page's own file, `site.yaml`, a template, or the page.
    fn locate(&self, b: &Broken) -> Location {
        let needles = spellings(&b.target);
        let own = self.page_source.get(&b.page);
        for path in own.into_iter().chain(&self.shared) {
            if let Some((line, col)) = find_any(self.text_of(path), &needles) {
                return Location::at(path, line, col);
            }
        }
        Location::file(url_of(&b.page))
    }
}

/// How a link may be written in a source: as rendered, decoded, without its
/// leading `/` (a `logo:` file name), without fragment.
fn spellings(target: &str) -> Vec<String> {
    let decoded = percent_decode_str(target).decode_utf8_lossy().to_string();
    let mut out = vec![target.to_string(), decoded.clone()];
    let bare = decoded.split(['?', '#']).next().unwrap_or("").to_string();
    out.push(bare.trim_start_matches('/').to_string());
    out.retain(|s| !s.is_empty());
    out.dedup();
    out
}

fn find_any(text: &str, needles: &[String]) -> Option<(usize, usize)> {
    needles.iter().find_map(|n| {
        text.lines().enumerate().find_map(|(i, line)| {
            let byte = line.find(n.as_str())?;
            Some((i + 1, line[..byte].chars().count() + 1))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(html.as_bytes().to_vec()),
        }
    }

    #[test]
    fn finds_site_absolute_links_without_a_file() {
        let files = vec![
            page(
                "index.html",
                r##"<a href="/jobs/">j</a> <a href="/nope/">n</a> <img src="/logo.svg"> <a href="https://a.example/stats/#x">s</a>"##,
            ),
            page(
                "jobs/index.html",
                r##"<a href="/members/%E5%B1%B1%E7%94%B0/?q=1&amp;r=2">y</a> <a href="//cdn.example/x.js">c</a> <a href="https://other.example/">o</a> <a href="#top">t</a>"##,
            ),
            page("members/山田/index.html", ""),
        ];
        let broken = find(&files, "https://a.example", "");
        let targets: Vec<(&str, &str)> = broken
            .iter()
            .map(|b| (b.page.as_str(), b.target.as_str()))
            .collect();
        assert_eq!(
            targets,
            [
                ("index.html", "/nope/"),
                ("index.html", "https://a.example/stats/#x"),
                ("index.html", "/logo.svg")
            ]
        );
    }

    #[test]
    fn links_on_a_site_under_a_path_must_stay_under_it() {
        let files = vec![
            page(
                "index.html",
                r##"<a href="/alumni/jobs/">j</a> <a href="/jobs/">root</a> <a href="https://a.example/alumni/">h</a> <a href="/alumni">bare</a> <a href="/alumnix/">x</a>"##,
            ),
            page("jobs/index.html", ""),
        ];
        let broken = find(&files, "https://a.example/alumni", "/alumni");
        let targets: Vec<&str> = broken.iter().map(|b| b.target.as_str()).collect();
        assert_eq!(targets, ["/jobs/", "/alumnix/"]);
    }

    #[test]
    fn folders_are_answered_by_their_index() {
        let paths: HashSet<&str> = ["index.html", "a/index.html", "feed.xml"]
            .into_iter()
            .collect();
        assert!(answers(&paths, ""));
        assert!(answers(&paths, "a/"));
        assert!(answers(&paths, "a"));
        assert!(answers(&paths, "feed.xml"));
        assert!(!answers(&paths, "b/"));
    }

    #[test]
    fn spells_a_link_as_sources_may() {
        assert_eq!(spellings("/logo.svg"), ["/logo.svg", "logo.svg"]);
        assert_eq!(
            spellings("/%E5%B1%B1/#a"),
            ["/%E5%B1%B1/#a", "/山/#a", "山/"]
        );
    }
}

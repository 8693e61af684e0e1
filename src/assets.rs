//! Files that content points to: member photos and story covers.
//!
//! Resolved after the privacy gate, so only visible members' opted-in photos
//! are ever looked up or copied. A file is looked for next to its content
//! file first, then under `static/`. Reads the filesystem, writes nothing.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::audience::Visible;
use crate::content::{Doc, Section};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};

/// A file to copy into the output, and the URL it will have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Site-absolute, percent-encoded URL.
    pub url: String,
    /// Output path to copy to (`None` when it is already under `static/`).
    pub output: Option<String>,
    pub source: PathBuf,
}

/// Assets by content key (`members/yamada-taro.md`).
pub type Assets = HashMap<String, Asset>;

/// Finds the photo of every visible member who shows one, and every story cover.
pub fn resolve(root: &Path, visible: &Visible) -> Result<Assets, Diagnostics> {
    let mut assets = Assets::new();
    let mut problems = Diagnostics::default();
    let site = visible.site();
    let photos = site
        .members
        .iter()
        .filter_map(|m| Some((m, m.front.photo.as_deref()?)));
    for (doc, name) in photos {
        match find(root, doc, Section::Members, name) {
            Ok(a) => {
                assets.insert(doc.key.clone(), a);
            }
            Err(d) => problems.push(d),
        }
    }
    let covers = site
        .stories
        .iter()
        .filter_map(|s| Some((s, s.front.cover.as_deref()?)));
    for (doc, name) in covers {
        match find(root, doc, Section::Stories, name) {
            Ok(a) => {
                assets.insert(doc.key.clone(), a);
            }
            Err(d) => problems.push(d),
        }
    }
    problems.into_result().map(|()| assets)
}

fn find<F>(root: &Path, doc: &Doc<F>, section: Section, name: &str) -> Result<Asset, Diagnostic> {
    let here = Location::file(&doc.path);
    if !is_relative_inside(name) {
        return Err(Diagnostic::new(
            here,
            format!("`{name}` must be a file name next to this file or a path under static/"),
        )
        .with_hint("write e.g. `photo: yamada.jpg`, without `..` or a leading `/`"));
    }
    let next_to = root.join(&doc.path).with_file_name(name);
    if next_to.is_file() {
        let file = Path::new(name)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = section.url_of(&doc.slug);
        let out_dir = section
            .output_path_of(&doc.slug)
            .trim_end_matches("index.html")
            .to_string();
        return Ok(Asset {
            url: format!("{dir}{}", crate::content::slug::encode(&file)),
            output: Some(format!("{out_dir}{file}")),
            source: next_to,
        });
    }
    let in_static = root.join("static").join(name);
    if in_static.is_file() {
        let url: Vec<String> = name.split('/').map(crate::content::slug::encode).collect();
        return Ok(Asset {
            url: format!("/{}", url.join("/")),
            output: None,
            source: in_static,
        });
    }
    Err(Diagnostic::new(
        here,
        format!("file `{name}` not found next to this file or under static/"),
    )
    .with_hint("add the file, or remove the field"))
}

fn is_relative_inside(name: &str) -> bool {
    !name.is_empty()
        && !name.contains('\\')
        && Path::new(name)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_names_stay_inside() {
        assert!(is_relative_inside("a.jpg"));
        assert!(is_relative_inside("photos/a.jpg"));
        assert!(!is_relative_inside("../a.jpg"));
        assert!(!is_relative_inside("/etc/passwd"));
        assert!(!is_relative_inside("a\\..\\b"));
        assert!(!is_relative_inside(""));
    }
}

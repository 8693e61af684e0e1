//! Files that content points to: member photos and story covers.
//!
//! Resolved after the privacy gate, so only visible members' opted-in photos
//! are ever looked up or copied. A file is looked for next to its content
//! file first, then under `static/`. It must be an image (a member naming
//! another member's `.md` file as their photo would publish it) and lie
//! inside the site, symlinks resolved. A JPEG, PNG or WebP photo is not
//! published as it is: it is read and scaled down to square thumbnails
//! (`images`), which are published instead (no camera original, no EXIF).
//! Reads the filesystem, writes nothing.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::audience::Visible;
use crate::content::{Doc, Section};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::{images, sources};

/// What a photo or cover may be.
const IMAGE_EXTENSIONS: [&str; 7] = ["jpg", "jpeg", "png", "gif", "webp", "avif", "svg"];

/// A file to copy into the output, and the URL it will have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Site-absolute, percent-encoded URL.
    pub url: String,
    /// Output path to copy to (`None` when it is already under `static/`,
    /// or when thumbnails are published instead).
    pub output: Option<String>,
    pub source: PathBuf,
    /// Scaled-down copies of a member photo, smallest first; when there are
    /// some, `url` is the smallest's and the original is not published.
    pub thumbnails: Vec<Thumbnail>,
}

/// A thumbnail of a photo: a file to write, made at build time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    /// Site-absolute URL (`/members/yamada-taro/photo-96.jpg`).
    pub url: String,
    /// Output path (`members/yamada-taro/photo-96.jpg`).
    pub output: String,
    /// Width and height in pixels.
    pub size: u32,
    pub bytes: Vec<u8>,
}

/// Assets by content key (`members/yamada-taro.md`).
pub type Assets = HashMap<String, Asset>;

/// Finds the photo of every visible member who shows one, and every story
/// cover, in every language of the site (`editions`; a document shown in
/// several languages is looked at once).
pub fn resolve(root: &Path, editions: &[Visible]) -> Result<Assets, Diagnostics> {
    let mut assets = Assets::new();
    let mut problems = Diagnostics::default();
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let root = Root {
        path: root,
        real: &real_root,
    };
    let mut seen = std::collections::HashSet::new();
    let photos = editions
        .iter()
        .flat_map(|e| &e.site().members)
        .filter(|m| seen.insert(m.key.as_str()))
        .filter_map(|m| Some((m, m.front.photo.as_deref()?)));
    let mut found = Vec::new();
    for (doc, name) in photos {
        if is_svg(name) {
            problems.push(
                Diagnostic::new(
                    Location::file(&doc.path),
                    format!("`{name}` is an SVG file, which can carry scripts: a member photo is a JPEG, PNG or WebP"),
                )
                .with_hint("export the photo as JPEG or PNG; it is published as square thumbnails"),
            );
            continue;
        }
        match find(&root, doc, Section::Members, name) {
            Ok(a) => found.push((doc, a)),
            Err(d) => problems.push(d),
        }
    }
    let photos: Vec<(String, Asset)> = found
        .into_par_iter()
        .map(|(doc, a)| (doc.key.clone(), with_thumbnails(&doc.slug, a)))
        .collect();
    assets.extend(photos);
    let mut seen = std::collections::HashSet::new();
    let covers = editions
        .iter()
        .flat_map(|e| &e.site().stories)
        .filter(|s| seen.insert(s.key.as_str()))
        .filter_map(|s| Some((s, s.front.cover.as_deref()?)));
    for (doc, name) in covers {
        match find(&root, doc, Section::Stories, name) {
            Ok(a) => {
                assets.insert(doc.key.clone(), a);
            }
            Err(d) => problems.push(d),
        }
    }
    problems.into_result().map(|()| assets)
}

/// The site root as given, and as it really is (symlinks resolved).
struct Root<'a> {
    path: &'a Path,
    real: &'a Path,
}

fn find<F>(root: &Root, doc: &Doc<F>, section: Section, name: &str) -> Result<Asset, Diagnostic> {
    let here = Location::file(&doc.path);
    if !is_relative_inside(name) {
        return Err(Diagnostic::new(
            here,
            format!("`{name}` must be a file name next to this file or a path under static/"),
        )
        .with_hint("write e.g. `photo: yamada.jpg`, without `..` or a leading `/`"));
    }
    if !is_image(name) {
        return Err(Diagnostic::new(
            here,
            format!(
                "`{name}` is not an image: a photo or cover is a .{} file",
                IMAGE_EXTENSIONS.join(", .")
            ),
        )
        .with_hint("name an image file; other files are never published"));
    }
    let next_to = root.path.join(&doc.path).with_file_name(name);
    let in_static = root.path.join("static").join(name);
    for found in [&next_to, &in_static] {
        if let Some(target) = sources::leads_outside(root.real, found) {
            return Err(Diagnostic::new(
                here,
                format!(
                    "`{name}` leads outside the site, to {}: a build reads only files inside the site folder",
                    target.display()
                ),
            )
            .with_hint("copy the file into the site, or remove the symlink"));
        }
    }
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
            thumbnails: Vec::new(),
        });
    }
    if in_static.is_file() {
        let url: Vec<String> = name.split('/').map(crate::content::slug::encode).collect();
        return Ok(Asset {
            url: format!("/{}", url.join("/")),
            output: None,
            source: in_static,
            thumbnails: Vec::new(),
        });
    }
    Err(Diagnostic::new(
        here,
        format!("file `{name}` not found next to this file or under static/"),
    )
    .with_hint("add the file, or remove the field"))
}

/// A member photo that `images` can read, as thumbnails beside the profile
/// (`/members/<slug>/photo-96.jpg`). A file it cannot read (a broken or
/// mislabelled image) is published as it is, as before.
fn with_thumbnails(slug: &str, asset: Asset) -> Asset {
    let readable = asset
        .source
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(images::can_read);
    let made = readable
        .then(|| fs::read(&asset.source).ok())
        .flatten()
        .and_then(|bytes| images::thumbnails(&bytes).ok())
        .filter(|t| !t.is_empty());
    let Some(made) = made else {
        return asset;
    };
    let url_dir = Section::Members.url_of(slug);
    let out_dir = Section::Members
        .output_path_of(slug)
        .trim_end_matches("index.html")
        .to_string();
    let thumbnails: Vec<Thumbnail> = made
        .into_iter()
        .map(|t| {
            let file = format!("photo-{}.{}", t.size, t.extension);
            Thumbnail {
                url: format!("{url_dir}{file}"),
                output: format!("{out_dir}{file}"),
                size: t.size,
                bytes: t.bytes,
            }
        })
        .collect();
    Asset {
        url: thumbnails[0].url.clone(),
        output: None,
        source: asset.source,
        thumbnails,
    }
}

fn is_image(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.iter().any(|i| e.eq_ignore_ascii_case(i)))
}

/// An SVG is a document that can run scripts when opened on its own: a
/// member (untrusted) may not publish one. Story covers, chosen by the
/// site's editors, may be SVG.
fn is_svg(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
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

    #[test]
    fn only_images_are_assets() {
        for ok in [
            "a.jpg", "a.JPEG", "p/a.png", "a.webp", "a.svg", "a.avif", "a.gif",
        ] {
            assert!(is_image(ok), "{ok}");
        }
        for bad in [
            "other-member.md",
            "site.yaml",
            "a",
            "a.jpg.md",
            ".png",
            "a.html",
        ] {
            assert!(!is_image(bad), "{bad}");
        }
    }
}

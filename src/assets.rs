//! Files that content points to: member photos and story covers.
//!
//! Resolved after the privacy gate, so only visible members' opted-in photos
//! are ever looked up or copied. A member photo lives next to the member
//! file (or in a folder beside it); a cover next to its story, else under
//! `static/`. It must be an image (a member naming another member's `.md`
//! file as their photo would publish it) and lie inside the site, symlinks
//! resolved. A photo is not published as it is: it is read and scaled down
//! to square thumbnails (`images`), which are published instead (no camera
//! original, no EXIF). A cover is published without its metadata
//! (`images::clean`). A photo or raster cover that is not a readable JPEG,
//! PNG or WebP is an error: it is never published as it is.
//!
//! Before the gate, [`check_photo_owners`] looks at every member's photo,
//! visible or not: each must be a plain file name, none may lie under
//! `static/` (published for everyone), and no two members may name the
//! same file (SECURITY.md). A cover is never a file under
//! `content/members/` (a member's photo), symlinks resolved.
//! Reads the filesystem, writes nothing.

use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::audience::Visible;
use crate::content::{Doc, Member, Section};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::{images, sources};

mod owners;

pub use owners::check_photo_owners;
#[cfg(test)]
use owners::field_value;
use owners::{NOT_A_NAME_HINT, at_field};

/// Image file extensions: a file with another is no image at all. Of
/// these the build publishes JPEG, PNG and WebP (and SVG covers); a GIF,
/// AVIF or HEIC file is refused with a hint to export it as JPEG or PNG.
const IMAGE_EXTENSIONS: [&str; 9] = [
    "jpg", "jpeg", "png", "gif", "webp", "avif", "heic", "heif", "svg",
];

/// A file to copy into the output, and the URL it will have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Site-absolute, percent-encoded URL.
    pub url: String,
    /// Output path to copy to (`None` when it is already under `static/`,
    /// or when thumbnails are published instead).
    pub output: Option<String>,
    pub source: PathBuf,
    /// What to write at `output` instead of a copy of `source`: a raster
    /// cover without its metadata.
    pub bytes: Option<Vec<u8>>,
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
pub type Assets = HashMap<std::sync::Arc<str>, Asset>;

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
    // A document shown in several languages is the same document in each:
    // only those with a photo are looked up (ahash).
    let mut seen: std::collections::HashSet<&str, ahash::RandomState> = Default::default();
    let photos = editions
        .iter()
        .flat_map(|e| &e.site().members)
        .filter_map(|m| Some((m, m.front.photo.as_deref()?)))
        .filter(|(m, _)| seen.insert(m.key.as_ref()));
    let mut found = Vec::new();
    for (doc, name) in photos {
        if is_svg(name) {
            problems.push(
                Diagnostic::new(
                    Location::file(&*doc.path),
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
    let photos: Vec<Result<(std::sync::Arc<str>, Asset), Diagnostic>> = found
        .into_par_iter()
        .map(|(doc, a)| Ok((doc.key.clone(), with_thumbnails(doc, a)?)))
        .collect();
    for photo in photos {
        match photo {
            Ok((key, asset)) => {
                assets.insert(key, asset);
            }
            Err(d) => problems.push(d),
        }
    }
    let mut seen: std::collections::HashSet<&str, ahash::RandomState> = Default::default();
    let covers = editions
        .iter()
        .flat_map(|e| &e.site().stories)
        .filter_map(|s| Some((s, s.front.cover.as_deref()?)))
        .filter(|(s, _)| seen.insert(s.key.as_ref()));
    let members = root.path.join("content").join("members");
    let real_members = members
        .canonicalize()
        .unwrap_or_else(|_| real_root.join("content").join("members"));
    let covers: Vec<Result<(std::sync::Arc<str>, Asset), Diagnostic>> = covers
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(doc, name)| {
            let asset = find(&root, doc, Section::Stories, name)?;
            not_a_member_photo(&root, &real_members, doc, name, &asset)?;
            Ok((doc.key.clone(), without_metadata(doc, asset)?))
        })
        .collect();
    for cover in covers {
        match cover {
            Ok((key, asset)) => {
                assets.insert(key, asset);
            }
            Err(d) => problems.push(d),
        }
    }
    problems.into_result()?;
    // URLs are made from the site's root, then put under its path.
    let base = editions.first().map_or("", Visible::base_path);
    if !base.is_empty() {
        for a in assets.values_mut() {
            a.url.insert_str(0, base);
            for t in &mut a.thumbnails {
                t.url.insert_str(0, base);
            }
        }
    }
    Ok(assets)
}

/// The site root as given, and as it really is (symlinks resolved).
struct Root<'a> {
    path: &'a Path,
    real: &'a Path,
}

fn find<F>(root: &Root, doc: &Doc<F>, section: Section, name: &str) -> Result<Asset, Diagnostic> {
    let here = Location::file(&*doc.path);
    // A member photo never comes from static/ (check_photo_owners says why).
    let photo = section == Section::Members;
    let where_ = if photo {
        "next to this file"
    } else {
        "next to this file or under static/"
    };
    if !is_relative_inside(name) {
        return Err(
            Diagnostic::new(here, format!("`{name}` must be a file name {where_}"))
                .with_hint(NOT_A_NAME_HINT),
        );
    }
    if !is_image(name) {
        return Err(Diagnostic::new(
            here,
            format!(
                "`{name}` is not an image: a photo or cover is a .jpg, .jpeg, .png or .webp file (a cover may also be .svg)"
            ),
        )
        .with_hint("name an image file; other files are never published"));
    }
    let next_to = root.path.join(&doc.path).with_file_name(name);
    let in_static = root.path.join("static").join(name);
    let places: &[&PathBuf] = if photo {
        &[&next_to]
    } else {
        &[&next_to, &in_static]
    };
    for found in places {
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
            bytes: None,
            thumbnails: Vec::new(),
        });
    }
    if !photo && in_static.is_file() {
        let url: Vec<String> = name.split('/').map(crate::content::slug::encode).collect();
        return Ok(Asset {
            url: format!("/{}", url.join("/")),
            output: None,
            source: in_static,
            bytes: None,
            thumbnails: Vec::new(),
        });
    }
    Err(
        Diagnostic::new(here, format!("file `{name}` not found {where_}"))
            .with_hint("add the file, or remove the field"),
    )
}

/// A cover whose file (symlinks resolved) lies under `content/members/`
/// would publish a member's photo (perhaps a hidden member's) as it is.
/// Every member photo lies there ([`check_photo_owners`]), so this also
/// refuses a cover that is any member's photo, visible or not.
fn not_a_member_photo<F>(
    root: &Root,
    real_members: &Path,
    doc: &Doc<F>,
    name: &str,
    asset: &Asset,
) -> Result<(), Diagnostic> {
    let real = asset.source.canonicalize().map_err(|e| {
        Diagnostic::new(
            Location::file(&*doc.path),
            format!("cannot read {}: {e}", asset.source.display()),
        )
    })?;
    if !real.starts_with(real_members) {
        return Ok(());
    }
    let shown = real.strip_prefix(root.real).unwrap_or(&real);
    Err(at_field(
        root.path,
        &doc.path,
        "cover",
        format!(
            "cover `{name}` leads to {}, under content/members/: a cover cannot be a member's photo",
            shown.display()
        ),
    )
    .with_hint("save the story's own image next to the story (or under static/) and name it in `cover:`"))
}

/// A member photo as thumbnails beside the profile
/// (`/members/<slug>/photo-96.jpg`); a file that is not a readable JPEG,
/// PNG or WebP is an error.
fn with_thumbnails(doc: &Doc<Member>, asset: Asset) -> Result<Asset, Diagnostic> {
    let bytes = read_image(doc, &asset)?;
    let made = images::photo_thumbnails(&bytes, extension(&asset.source))
        .map_err(|e| unreadable(doc, &asset.source, &e))?;
    let slug = &doc.slug;
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
    Ok(Asset {
        url: thumbnails[0].url.clone(),
        output: None,
        source: asset.source,
        bytes: None,
        thumbnails,
    })
}

/// A cover next to its story, without its metadata; an SVG (chosen by
/// the site's editors) as it is. A cover under `static/` is one of the
/// editors' static files, published as it is with the others.
fn without_metadata<F>(doc: &Doc<F>, asset: Asset) -> Result<Asset, Diagnostic> {
    if asset.output.is_none() || is_svg(&asset.source.to_string_lossy()) {
        return Ok(asset);
    }
    let bytes = read_image(doc, &asset)?;
    let clean = images::clean(&bytes, extension(&asset.source))
        .map_err(|e| unreadable(doc, &asset.source, &e))?;
    Ok(Asset {
        bytes: Some(clean),
        ..asset
    })
}

fn extension(path: &Path) -> &str {
    path.extension().and_then(|e| e.to_str()).unwrap_or("")
}

fn read_image<F>(doc: &Doc<F>, asset: &Asset) -> Result<Vec<u8>, Diagnostic> {
    fs::read(&asset.source).map_err(|e| {
        Diagnostic::new(
            Location::file(&*doc.path),
            format!("cannot read {}: {e}", asset.source.display()),
        )
    })
}

/// The error for an image the build cannot read, on the document naming it.
fn unreadable<F>(doc: &Doc<F>, source: &Path, why: &images::Unreadable) -> Diagnostic {
    let name = source
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let convert = "export it as JPEG or PNG (a phone photo may be HEIC under a .jpg name)";
    let (message, hint) = match why {
        images::Unreadable::Unsupported => (
            format!(
                "`{name}` is a .{} file, which the build cannot process: a photo or raster cover is a JPEG, PNG or WebP",
                extension(source).to_ascii_lowercase()
            ),
            convert.to_string(),
        ),
        images::Unreadable::Mislabelled { expected, found } => {
            let is = found.map_or("not an image the build can read".to_string(), |f| {
                format!("it is {f}")
            });
            let hint = match found.and_then(|f| {
                [
                    images::Format::Jpeg,
                    images::Format::Png,
                    images::Format::WebP,
                ]
                .into_iter()
                .find(|k| f == format!("a {} image", k.name()))
            }) {
                Some(real) => format!(
                    "rename it to `{}.{}` (and the field with it), or {convert}",
                    Path::new(&name)
                        .file_stem()
                        .map(|s| s.to_string_lossy())
                        .unwrap_or_default(),
                    real.extension()
                ),
                None => convert.to_string(),
            };
            (
                format!("`{name}` is not a {} image: {is}", expected.name()),
                hint,
            )
        }
        images::Unreadable::Broken { format, reason } => (
            format!(
                "`{name}` cannot be read as a {} image: {reason}",
                format.name()
            ),
            format!("the file may be damaged or cut short: {convert}"),
        ),
    };
    Diagnostic::new(Location::file(&*doc.path), message).with_hint(hint)
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
    fn finds_the_value_of_a_front_matter_field() {
        let md = "---\nname: A\nphotograph: no\nphoto:  a.jpg\n---\nphoto: body\n";
        assert_eq!(field_value(md, "photo"), Some((4, 9)));
        assert_eq!(
            field_value("\u{feff}---\nphoto: ü.jpg\n", "photo"),
            Some((2, 8))
        );
        assert_eq!(field_value("---\nname: A\n---\nphoto: x\n", "photo"), None);
        assert_eq!(field_value("name,photo\nA,a.jpg\n", "photo"), None);
    }

    #[test]
    fn only_images_are_assets() {
        for ok in [
            "a.jpg", "a.JPEG", "p/a.png", "a.webp", "a.svg", "a.avif", "a.gif", "a.HEIC",
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

//! Photo thumbnails: a member's opted-in photo, cropped to a square from its
//! centre and scaled down to [`SIZES`] at build time, so a profile never
//! ships a camera original. Re-encoding keeps only pixels: the camera's
//! metadata (time, place, device) is not published.
//!
//! Pure: bytes in, bytes out; `assets` reads the file and `render` writes
//! the results. JPEG stays JPEG and PNG stays PNG; WebP becomes PNG when it
//! has transparency, else JPEG (the `image` crate writes WebP only lossless).
//!
//! Story covers are published as they are, less their metadata
//! ([`clean`], see `metadata`). A file that is not the JPEG, PNG or WebP
//! image its name says, or that cannot be decoded, is refused
//! ([`Unreadable`]): it is never published as it is.

mod metadata;

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

/// Square thumbnail sizes in pixels: 1× and 2× of the profile's 6rem avatar
/// (the directory's 3.25rem avatars use the smaller one).
pub const SIZES: [u32; 2] = [96, 192];

/// JPEG quality of thumbnails.
const QUALITY: u8 = 85;

/// One scaled-down copy of a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    /// Width and height, in pixels.
    pub size: u32,
    /// `jpg` or `png`.
    pub extension: &'static str,
    pub bytes: Vec<u8>,
}

pub use metadata::{Format, Metadata};

/// Whether `extension` names a photo format this module can read.
pub fn can_read(extension: &str) -> bool {
    Format::from_extension(extension).is_some()
}

/// Why an image file cannot be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// The extension names a format the build does not process (GIF,
    /// AVIF, HEIC, ...).
    Unsupported,
    /// The file is not what its extension says; what it is, when known.
    Mislabelled {
        expected: Format,
        found: Option<&'static str>,
    },
    /// A file of the right kind that cannot be read (truncated, corrupt).
    Broken { format: Format, reason: String },
}

/// The format of an image file named with `extension`, after checking
/// that its bytes are that format and its structure is whole.
pub fn identify(bytes: &[u8], extension: &str) -> Result<Format, Unreadable> {
    let expected = Format::from_extension(extension).ok_or(Unreadable::Unsupported)?;
    if Format::sniff(bytes) != Some(expected) {
        return Err(Unreadable::Mislabelled {
            expected,
            found: metadata::other_kind(bytes),
        });
    }
    metadata::find(bytes, expected).map_err(|reason| Unreadable::Broken {
        format: expected,
        reason,
    })?;
    Ok(expected)
}

/// A cover as it is published: the same picture, decoded once to be sure
/// it can be, without its metadata.
pub fn clean(bytes: &[u8], extension: &str) -> Result<Vec<u8>, Unreadable> {
    let format = identify(bytes, extension)?;
    let broken = |reason: String| Unreadable::Broken { format, reason };
    image::load_from_memory_with_format(bytes, format.image_format())
        .map_err(|e| broken(e.to_string()))?;
    metadata::strip(bytes, format).map_err(broken)
}

/// The thumbnails of a member photo named with `extension` ([`thumbnails`]),
/// or why it cannot be read.
pub fn photo_thumbnails(bytes: &[u8], extension: &str) -> Result<Vec<Thumbnail>, Unreadable> {
    let format = identify(bytes, extension)?;
    thumbnails(bytes)
        .and_then(|t| {
            if t.is_empty() {
                Err("the image is empty".to_string())
            } else {
                Ok(t)
            }
        })
        .map_err(|reason| Unreadable::Broken { format, reason })
}

/// The metadata a JPEG, PNG or WebP file carries (nothing for other files,
/// or files too broken to tell).
pub fn metadata_of(bytes: &[u8]) -> Vec<Metadata> {
    Format::sniff(bytes)
        .and_then(|f| metadata::find(bytes, f).ok())
        .map(|found| found.into_iter().collect())
        .unwrap_or_default()
}

/// The thumbnails of a photo, smallest first. A photo smaller than a size
/// is not enlarged: it gives one thumbnail of its own short side.
pub fn thumbnails(bytes: &[u8]) -> Result<Vec<Thumbnail>, String> {
    let format = image::guess_format(bytes).map_err(|e| e.to_string())?;
    let photo = decode(bytes, format).map_err(|e| e.to_string())?;
    let side = photo.width().min(photo.height());
    if side == 0 {
        return Err("the image is empty".into());
    }
    let square = photo.crop_imm(
        (photo.width() - side) / 2,
        (photo.height() - side) / 2,
        side,
        side,
    );
    let keep_png =
        format == ImageFormat::Png || (format == ImageFormat::WebP && has_alpha(&square));
    let mut sizes: Vec<u32> = SIZES.iter().map(|&s| s.min(side)).collect();
    sizes.dedup();
    let mut out = Vec::with_capacity(sizes.len());
    // Largest first, each from the one before: one big scaling step only.
    let mut source = square;
    for &size in sizes.iter().rev() {
        let scaled = if size == source.width() {
            source.clone()
        } else {
            source.resize_exact(size, size, FilterType::Lanczos3)
        };
        out.push(encode(&scaled, size, keep_png)?);
        source = scaled;
    }
    out.reverse();
    Ok(out)
}

/// Decodes, turned upright as the camera recorded (EXIF orientation).
fn decode(bytes: &[u8], format: ImageFormat) -> image::ImageResult<DynamicImage> {
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), format).into_decoder()?;
    let orientation = decoder.orientation()?;
    let mut photo = DynamicImage::from_decoder(decoder)?;
    photo.apply_orientation(orientation);
    Ok(photo)
}

fn has_alpha(image: &DynamicImage) -> bool {
    image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] < 255)
}

fn encode(image: &DynamicImage, size: u32, png: bool) -> Result<Thumbnail, String> {
    let mut bytes = Vec::new();
    if png {
        image
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .map_err(|e| e.to_string())?;
    } else {
        JpegEncoder::new_with_quality(&mut bytes, QUALITY)
            .encode_image(&DynamicImage::ImageRgb8(image.to_rgb8()))
            .map_err(|e| e.to_string())?;
    }
    Ok(Thumbnail {
        size,
        extension: if png { "png" } else { "jpg" },
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut bytes = Vec::new();
        JpegEncoder::new_with_quality(&mut bytes, 90)
            .encode_image(&DynamicImage::ImageRgb8(img))
            .unwrap();
        bytes
    }

    fn png(width: u32, height: u32, alpha: u8) -> Vec<u8> {
        let img = RgbaImage::from_pixel(width, height, Rgba([10, 20, 30, alpha]));
        let mut bytes = Vec::new();
        DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        bytes
    }

    #[test]
    fn a_photo_becomes_two_square_thumbnails_of_its_format() {
        let thumbs = thumbnails(&jpeg(640, 480)).unwrap();
        let sizes: Vec<u32> = thumbs.iter().map(|t| t.size).collect();
        assert_eq!(sizes, SIZES);
        for t in &thumbs {
            assert_eq!(t.extension, "jpg");
            let img = image::load_from_memory(&t.bytes).unwrap();
            assert_eq!((img.width(), img.height()), (t.size, t.size));
        }
        assert_eq!(thumbnails(&png(300, 300, 255)).unwrap()[0].extension, "png");
    }

    #[test]
    fn small_photos_are_not_enlarged() {
        let thumbs = thumbnails(&png(1, 1, 0)).unwrap();
        assert_eq!(thumbs.len(), 1);
        assert_eq!(thumbs[0].size, 1);
        let sizes: Vec<u32> = thumbnails(&jpeg(150, 120))
            .unwrap()
            .iter()
            .map(|t| t.size)
            .collect();
        assert_eq!(sizes, [96, 120]);
    }

    #[test]
    fn output_is_the_same_every_time() {
        let photo = jpeg(500, 700);
        assert_eq!(thumbnails(&photo).unwrap(), thumbnails(&photo).unwrap());
    }

    #[test]
    fn what_is_not_an_image_is_refused() {
        assert!(thumbnails(b"PNG but not really").is_err());
        assert!(thumbnails(b"").is_err());
        assert!(can_read("JPG") && can_read("webp") && !can_read("svg") && !can_read("gif"));
    }
}

//! What a JPEG, PNG or WebP file carries besides its picture, and the same
//! file without it.
//!
//! Works on the container only (JPEG segments, PNG chunks, RIFF chunks):
//! the compressed pixels, the colour profile and the colour-related chunks
//! are kept byte for byte, nothing is re-encoded. Everything else goes:
//! EXIF (GPS position, time, device), XMP, IPTC, comments, text chunks,
//! vendor segments, embedded previews and data after the end of the image
//! (where some phones append a video). An EXIF orientation other than
//! upright is written back alone, so the picture is shown as before.
//!
//! Hand-written rather than taken from a container crate: the ones at hand
//! keep everything after a JPEG's first scan, trailers included, as one
//! opaque block.

use std::collections::BTreeSet;
use std::ops::Range;

/// Something a file carries besides its picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metadata {
    /// A position (EXIF GPS latitude or longitude).
    Gps,
    /// EXIF data (camera, time, settings).
    Exif,
    Xmp,
    /// IPTC or other Photoshop data (JPEG APP13).
    Iptc,
    /// A JPEG comment or a PNG text chunk.
    Text,
    /// A PNG modification time.
    Time,
    /// Vendor segments and chunks, previews, data after the image.
    Other,
}

impl Metadata {
    /// How a message names it.
    pub fn describe(self) -> &'static str {
        match self {
            Metadata::Gps => "a GPS position",
            Metadata::Exif => "EXIF data",
            Metadata::Xmp => "XMP data",
            Metadata::Iptc => "IPTC data",
            Metadata::Text => "text comments",
            Metadata::Time => "a modification time",
            Metadata::Other => "other embedded data",
        }
    }
}

/// The raster formats the build reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    /// The format a file extension names (`JPG` too).
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::WebP),
            _ => None,
        }
    }

    /// The format of a file, from its first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Format::Jpeg)
        } else if bytes.starts_with(&PNG_SIGNATURE) {
            Some(Format::Png)
        } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            Some(Format::WebP)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::WebP => "WebP",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
        }
    }

    pub(super) fn image_format(self) -> image::ImageFormat {
        match self {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::WebP => image::ImageFormat::WebP,
        }
    }
}

/// What some other kind of file is, from its first bytes, for messages
/// (`a HEIC image`).
pub fn other_kind(bytes: &[u8]) -> Option<&'static str> {
    if let Some(f) = Format::sniff(bytes) {
        return Some(match f {
            Format::Jpeg => "a JPEG image",
            Format::Png => "a PNG image",
            Format::WebP => "a WebP image",
        });
    }
    let brand = (bytes.get(4..8) == Some(b"ftyp"))
        .then(|| bytes.get(8..12))
        .flatten();
    match brand {
        Some(b"avif" | b"avis") => return Some("an AVIF image"),
        Some(b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1") => {
            return Some("a HEIC image");
        }
        Some(_) => return Some("a video or HEIF file"),
        None => {}
    }
    if bytes.starts_with(b"GIF8") {
        Some("a GIF image")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("a TIFF or camera raw image")
    } else if bytes.starts_with(b"BM") {
        Some("a BMP image")
    } else if bytes.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if bytes.starts_with(b"<") || bytes.starts_with(b"\xEF\xBB\xBF<") {
        Some("an SVG, HTML or XML document")
    } else {
        None
    }
}

/// The metadata of a file of `format`, or why its structure is broken.
pub fn find(bytes: &[u8], format: Format) -> Result<BTreeSet<Metadata>, String> {
    parts(bytes, format).map(|p| p.found)
}

/// The file without its metadata (see the module doc), or why its
/// structure is broken (truncated, not of `format`).
pub fn strip(bytes: &[u8], format: Format) -> Result<Vec<u8>, String> {
    let p = parts(bytes, format)?;
    let mut out = Vec::with_capacity(bytes.len());
    let mut vp8x_at = None;
    for (i, range) in p.keep.iter().enumerate() {
        if let Some((at, extra)) = &p.extra
            && *at == i
        {
            out.extend_from_slice(extra);
        }
        if p.vp8x == Some(i) {
            vp8x_at = Some(out.len() + 8);
        }
        out.extend_from_slice(&bytes[range.clone()]);
    }
    if let Some((at, extra)) = &p.extra
        && *at == p.keep.len()
    {
        out.extend_from_slice(extra);
    }
    if format == Format::WebP {
        if let Some(flags) = vp8x_at.and_then(|at| out.get_mut(at)) {
            *flags &= !(WEBP_EXIF | WEBP_XMP);
            if p.extra.is_some() {
                *flags |= WEBP_EXIF;
            }
        }
        let size = u32::try_from(out.len() - 8).map_err(|_| "the file is too large")?;
        out[4..8].copy_from_slice(&size.to_le_bytes());
    }
    Ok(out)
}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
const TRUNCATED: &str = "the file ends before the image does (truncated?)";
const WEBP_EXIF: u8 = 0x08;
const WEBP_XMP: u8 = 0x04;

/// A file taken apart: what to keep, in order, and what was found.
#[derive(Debug, Default)]
struct Parts {
    keep: Vec<Range<usize>>,
    found: BTreeSet<Metadata>,
    /// EXIF orientation when not upright (2-8).
    orientation: Option<u16>,
    /// Bytes to insert before `keep[index]` (the orientation, alone).
    extra: Option<(usize, Vec<u8>)>,
    /// The index in `keep` of a WebP's VP8X chunk (its flags change).
    vp8x: Option<usize>,
}

fn parts(bytes: &[u8], format: Format) -> Result<Parts, String> {
    if Format::sniff(bytes) != Some(format) {
        return Err(format!("this is not a {} file", format.name()));
    }
    let mut p = match format {
        Format::Jpeg => jpeg(bytes)?,
        Format::Png => png(bytes)?,
        Format::WebP => webp(bytes)?,
    };
    if let Some(o) = p.orientation {
        let tiff = orientation_tiff(o);
        p.extra = match format {
            Format::Jpeg => {
                // After SOI and a JFIF segment, which must come first.
                let at = 1 + usize::from(p.keep.len() > 1 && bytes[p.keep[1].start + 1] == 0xE0);
                let mut seg = vec![0xFF, 0xE1, 0, (2 + 6 + tiff.len()) as u8];
                seg.extend_from_slice(b"Exif\0\0");
                seg.extend_from_slice(&tiff);
                Some((at, seg))
            }
            // After IHDR (the eXIf chunk comes before the image data).
            Format::Png => Some((2, png_chunk(b"eXIf", &tiff))),
            // Only an extended file (VP8X) may carry EXIF.
            Format::WebP => p.vp8x.map(|_| {
                let mut chunk = b"EXIF".to_vec();
                chunk.extend_from_slice(&(tiff.len() as u32).to_le_bytes());
                chunk.extend_from_slice(&tiff);
                (p.keep.len(), chunk)
            }),
        };
    }
    Ok(p)
}

fn be16(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?).into())
}

fn be32(b: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?)).ok()
}

fn le32(b: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?)).ok()
}

/// JPEG: segments up to the first scan, then the scans (entropy-coded data
/// and the tables between them) up to the end-of-image marker.
fn jpeg(b: &[u8]) -> Result<Parts, String> {
    let mut p = Parts::default();
    p.keep.push(0..2);
    let mut i = 2;
    loop {
        // Bytes between segments are not part of any: skip to a marker.
        i += memchr::memchr(0xFF, b.get(i..).unwrap_or_default()).ok_or(TRUNCATED)?;
        while b.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let start = i;
        let code = *b.get(i + 1).ok_or(TRUNCATED)?;
        match code {
            0xD9 => {
                p.keep.push(start..start + 2);
                if b.len() > start + 2 {
                    p.found.insert(Metadata::Other);
                }
                return Ok(p);
            }
            0xD0..=0xD7 | 0x01 => {
                p.keep.push(start..start + 2);
                i = start + 2;
                continue;
            }
            0xD8 | 0x00 => return Err("the file is not a well-formed JPEG".into()),
            _ => {}
        }
        let len = be16(b, start + 2).ok_or(TRUNCATED)?;
        if len < 2 {
            return Err("the file is not a well-formed JPEG".into());
        }
        let end = start + 2 + len;
        let data = b.get(start + 4..end).ok_or(TRUNCATED)?;
        let keep = match code {
            // JFIF without its own thumbnail.
            0xE0 if data.starts_with(b"JFIF\0") && data.get(12..14) == Some(&[0, 0]) => true,
            0xE1 if data.starts_with(b"Exif\0\0") => {
                exif(&data[6..], &mut p);
                false
            }
            0xE1 if data.starts_with(b"http://ns.adobe.com/") => {
                p.found.insert(Metadata::Xmp);
                false
            }
            0xE2 if data.starts_with(b"ICC_PROFILE\0") => true,
            0xED => {
                p.found.insert(Metadata::Iptc);
                false
            }
            // Adobe's colour transform: needed to read the colours right.
            0xEE if data.starts_with(b"Adobe") => true,
            0xFE => {
                p.found.insert(Metadata::Text);
                false
            }
            0xE0..=0xEF => {
                p.found.insert(Metadata::Other);
                false
            }
            _ => true,
        };
        if keep {
            p.keep.push(start..end);
        }
        i = end;
        if code == 0xDA {
            // Entropy-coded data: up to the next marker that is not a
            // stuffed byte (FF 00) or a restart marker.
            let mut j = end;
            let next = loop {
                let at =
                    j + memchr::memchr(0xFF, b.get(j..).unwrap_or_default()).ok_or(TRUNCATED)?;
                match b.get(at + 1) {
                    None => return Err(TRUNCATED.into()),
                    Some(0x00 | 0xD0..=0xD7) => j = at + 2,
                    Some(0xFF) => j = at + 1,
                    Some(_) => break at,
                }
            };
            p.keep.push(end..next);
            i = next;
        }
    }
}

/// PNG: chunks up to IEND; critical chunks and those about colour,
/// transparency and animation are kept.
fn png(b: &[u8]) -> Result<Parts, String> {
    const KEEP: [&[u8; 4]; 14] = [
        b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs", b"cICP", b"mDCv",
        b"cLLi", b"acTL", b"fcTL", b"fdAT",
    ];
    let mut p = Parts::default();
    p.keep.push(0..8);
    let mut i = 8;
    loop {
        let len = be32(b, i).ok_or(TRUNCATED)?;
        let kind: [u8; 4] = b
            .get(i + 4..i + 8)
            .ok_or(TRUNCATED)?
            .try_into()
            .map_err(|_| TRUNCATED)?;
        let end = (i + 12).checked_add(len).ok_or(TRUNCATED)?;
        let data = b.get(i + 8..i + 8 + len).ok_or(TRUNCATED)?;
        if end > b.len() {
            return Err(TRUNCATED.into());
        }
        if i == 8 && &kind != b"IHDR" {
            return Err("the file is not a well-formed PNG".into());
        }
        let keep = match &kind {
            b"IEND" => {
                p.keep.push(i..end);
                if b.len() > end {
                    p.found.insert(Metadata::Other);
                }
                return Ok(p);
            }
            k if k[0].is_ascii_uppercase() || KEEP.contains(&k) => true,
            b"iTXt" if data.starts_with(b"XML:com.adobe.xmp\0") => {
                p.found.insert(Metadata::Xmp);
                false
            }
            b"tEXt" | b"zTXt" | b"iTXt" => {
                p.found.insert(Metadata::Text);
                false
            }
            b"eXIf" => {
                exif(data, &mut p);
                false
            }
            b"tIME" => {
                p.found.insert(Metadata::Time);
                false
            }
            _ => {
                p.found.insert(Metadata::Other);
                false
            }
        };
        if keep {
            p.keep.push(i..end);
        }
        i = end;
    }
}

/// WebP: the RIFF chunks of the picture (VP8, VP8L, VP8X, alpha,
/// animation) and its colour profile.
fn webp(b: &[u8]) -> Result<Parts, String> {
    let mut p = Parts::default();
    p.keep.push(0..12);
    let total = le32(b, 4).ok_or(TRUNCATED)? + 8;
    if total > b.len() {
        return Err(TRUNCATED.into());
    }
    if total < b.len() {
        p.found.insert(Metadata::Other);
    }
    let mut i = 12;
    while i < total {
        let id: [u8; 4] = b
            .get(i..i + 4)
            .ok_or(TRUNCATED)?
            .try_into()
            .map_err(|_| TRUNCATED)?;
        let len = le32(b, i + 4).ok_or(TRUNCATED)?;
        let data_end = (i + 8).checked_add(len).ok_or(TRUNCATED)?;
        if data_end > total {
            return Err(TRUNCATED.into());
        }
        let data = &b[i + 8..data_end];
        let end = (data_end + (len & 1)).min(total);
        let keep = match &id {
            b"VP8X" => {
                p.vp8x = Some(p.keep.len());
                true
            }
            b"VP8 " | b"VP8L" | b"ALPH" | b"ANIM" | b"ANMF" | b"ICCP" => true,
            b"EXIF" => {
                exif(data.strip_prefix(b"Exif\0\0").unwrap_or(data), &mut p);
                false
            }
            b"XMP " => {
                p.found.insert(Metadata::Xmp);
                false
            }
            _ => {
                p.found.insert(Metadata::Other);
                false
            }
        };
        if keep {
            p.keep.push(i..end);
        }
        i = end;
    }
    Ok(p)
}

/// Reads an EXIF (TIFF) block for what matters here: a GPS position, and
/// the orientation.
fn exif(tiff: &[u8], p: &mut Parts) {
    p.found.insert(Metadata::Exif);
    let big = match tiff.get(0..2) {
        Some(b"MM") => true,
        Some(b"II") => false,
        _ => return,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<usize> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        usize::try_from(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
        .ok()
    };
    // (tag, the entry's offset) of each entry of the IFD at `at`.
    let entries = |at: usize| -> Vec<(u16, usize)> {
        let n = u16_at(at).unwrap_or(0);
        (0..usize::from(n))
            .map(|k| at + 2 + 12 * k)
            .map_while(|e| Some((u16_at(e)?, e)))
            .collect()
    };
    let Some(ifd0) = u32_at(4) else { return };
    for (tag, e) in entries(ifd0) {
        match tag {
            0x0112 => {
                p.orientation = u16_at(e + 8).filter(|o| (2..=8).contains(o));
            }
            0x8825 => {
                let gps = u32_at(e + 8).map(&entries).unwrap_or_default();
                // GPSLatitude, GPSLongitude or their references (N/S, E/W).
                if gps.iter().any(|&(t, _)| (1..=4).contains(&t)) {
                    p.found.insert(Metadata::Gps);
                }
            }
            _ => {}
        }
    }
}

/// A big-endian TIFF block with one entry: the orientation `o`.
fn orientation_tiff(o: u16) -> Vec<u8> {
    let mut t = b"MM\0\x2A\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    t.extend_from_slice(&o.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    t
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    let crc = crc32fast::hash(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    chunk
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG with EXIF (GPS, orientation 6), XMP, IPTC, a comment, and
    /// data after its end; `MARK` in each.
    pub(crate) fn tagged_jpeg(plain: &[u8]) -> Vec<u8> {
        let seg = |code: u8, data: &[u8]| {
            let mut s = vec![0xFF, code];
            s.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
            s.extend_from_slice(data);
            s
        };
        let mut out = plain[..2].to_vec();
        out.extend(seg(0xE1, &[b"Exif\0\0".as_slice(), &gps_tiff(6)].concat()));
        out.extend(seg(
            0xE1,
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>MARK</x:xmpmeta>",
        ));
        out.extend(seg(0xED, b"Photoshop 3.0\0MARK"));
        out.extend(seg(0xFE, b"MARK comment"));
        out.extend_from_slice(&plain[2..]);
        out.extend_from_slice(b"MARK trailer");
        out
    }

    /// Little-endian TIFF: orientation, and a GPS IFD with a latitude.
    pub(crate) fn gps_tiff(orientation: u16) -> Vec<u8> {
        let mut t = b"II\x2A\0\x08\0\0\0".to_vec();
        t.extend_from_slice(&2u16.to_le_bytes());
        // orientation, SHORT, 1
        t.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0]);
        t.extend_from_slice(&orientation.to_le_bytes());
        t.extend_from_slice(&[0, 0]);
        // GPS IFD pointer, LONG, 1, at 38
        t.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]);
        t.extend_from_slice(&[0, 0, 0, 0]);
        // GPS IFD: one entry, GPSLatitudeRef "N" (tag 1) and GPSLatitude (tag 2)
        t.extend_from_slice(&2u16.to_le_bytes());
        t.extend_from_slice(&[1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
        t.extend_from_slice(&[2, 0, 5, 0, 3, 0, 0, 0, 0, 0, 0, 0]);
        t.extend_from_slice(b"MARK");
        t
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x * 7) as u8, (y * 5) as u8, 90])
        });
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90)
            .encode_image(&img)
            .unwrap();
        bytes
    }

    fn png(extra: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(3, 2))
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        let ihdr_end = 8 + 25;
        let mut out = bytes[..ihdr_end].to_vec();
        for (kind, data) in extra {
            out.extend(png_chunk(kind, data));
        }
        out.extend_from_slice(&bytes[ihdr_end..]);
        out
    }

    fn has(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_jpeg_loses_its_metadata_and_keeps_its_pixels_and_orientation() {
        let plain = jpeg(20, 10);
        let tagged = tagged_jpeg(&plain);
        let found = find(&tagged, Format::Jpeg).unwrap();
        for m in [
            Metadata::Gps,
            Metadata::Exif,
            Metadata::Xmp,
            Metadata::Iptc,
            Metadata::Text,
            Metadata::Other,
        ] {
            assert!(found.contains(&m), "{m:?} in {found:?}");
        }
        let clean = strip(&tagged, Format::Jpeg).unwrap();
        assert!(!has(&clean, b"MARK"));
        assert!(find(&clean, Format::Jpeg).unwrap() == [Metadata::Exif].into());
        let mut decoder = image::ImageReader::new(std::io::Cursor::new(&clean))
            .with_guessed_format()
            .unwrap()
            .into_decoder()
            .unwrap();
        use image::ImageDecoder;
        assert_eq!(
            decoder.orientation().unwrap(),
            image::metadata::Orientation::Rotate90
        );
        let a = image::load_from_memory(&clean).unwrap();
        let b = image::load_from_memory(&plain).unwrap();
        assert_eq!(a.to_rgb8(), b.to_rgb8(), "the same pixels");
        // A file without metadata is the same bytes.
        assert_eq!(strip(&plain, Format::Jpeg).unwrap(), plain);
    }

    #[test]
    fn a_png_loses_its_text_chunks() {
        let tagged = png(&[
            (b"tEXt", b"Comment\0MARK"),
            (b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0MARK"),
            (b"zTXt", b"k\0\0MARK"),
            (b"tIME", b"\x07\xEA\x01\x01\0\0\0"),
            (b"eXIf", &gps_tiff(1)),
            (b"gAMA", b"\0\0\xB1\x8F"),
        ]);
        let found = find(&tagged, Format::Png).unwrap();
        assert_eq!(
            found,
            [
                Metadata::Gps,
                Metadata::Exif,
                Metadata::Xmp,
                Metadata::Text,
                Metadata::Time
            ]
            .into()
        );
        let clean = strip(&tagged, Format::Png).unwrap();
        assert!(!has(&clean, b"MARK") && !has(&clean, b"tIME") && !has(&clean, b"eXIf"));
        assert!(has(&clean, b"gAMA"), "colour chunks stay");
        let img = image::load_from_memory(&clean).unwrap();
        assert_eq!((img.width(), img.height()), (3, 2));
        assert!(find(&clean, Format::Png).unwrap().is_empty());
    }

    #[test]
    fn a_webp_loses_exif_and_xmp() {
        let mut pixels = Vec::new();
        image::DynamicImage::ImageRgba8(image::RgbaImage::new(4, 4))
            .write_to(
                &mut std::io::Cursor::new(&mut pixels),
                image::ImageFormat::WebP,
            )
            .unwrap();
        // An extended file: VP8X (flags EXIF and XMP), the picture, EXIF, XMP.
        let mut body = b"WEBP".to_vec();
        let chunk = |id: &[u8], data: &[u8]| {
            let mut c = id.to_vec();
            c.extend_from_slice(&(data.len() as u32).to_le_bytes());
            c.extend_from_slice(data);
            if data.len() % 2 == 1 {
                c.push(0);
            }
            c
        };
        body.extend(chunk(
            b"VP8X",
            &[WEBP_EXIF | WEBP_XMP | 0x10, 0, 0, 0, 3, 0, 0, 3, 0, 0],
        ));
        body.extend_from_slice(&pixels[12..]);
        body.extend(chunk(b"EXIF", &gps_tiff(3)));
        body.extend(chunk(b"XMP ", b"<x>MARK</x>"));
        let mut tagged = b"RIFF".to_vec();
        tagged.extend_from_slice(&(body.len() as u32).to_le_bytes());
        tagged.extend(body);
        let found = find(&tagged, Format::WebP).unwrap();
        assert!(found.contains(&Metadata::Gps) && found.contains(&Metadata::Xmp));
        let clean = strip(&tagged, Format::WebP).unwrap();
        assert!(!has(&clean, b"MARK"));
        assert_eq!(
            clean[20] & (WEBP_EXIF | WEBP_XMP),
            WEBP_EXIF,
            "orientation kept"
        );
        let img = image::load_from_memory(&clean).unwrap();
        assert_eq!((img.width(), img.height()), (4, 4));
    }

    /// Member photos are untrusted: no prefix or one-byte change of a file
    /// makes the walkers panic, and what they accept they can strip.
    #[test]
    fn damaged_files_never_panic() {
        let files = [
            (Format::Jpeg, tagged_jpeg(&jpeg(9, 7))),
            (
                Format::Png,
                png(&[(b"tEXt", b"k\0v"), (b"eXIf", &gps_tiff(6))]),
            ),
        ];
        for (format, file) in files {
            for end in 0..file.len() {
                let _ = find(&file[..end], format);
                let _ = strip(&file[..end], format);
            }
            for at in 0..file.len() {
                for byte in [0x00, 0xFF, 0xD9, 0xDA] {
                    let mut bad = file.clone();
                    bad[at] = byte;
                    if find(&bad, format).is_ok() {
                        strip(&bad, format).unwrap();
                    }
                }
            }
        }
    }

    #[test]
    fn broken_files_are_refused() {
        let plain = jpeg(8, 8);
        assert!(strip(&plain[..plain.len() - 2], Format::Jpeg).is_err());
        assert!(strip(&plain[..40], Format::Jpeg).is_err());
        let p = png(&[]);
        assert!(strip(&p[..p.len() - 12], Format::Png).is_err());
        assert!(strip(&p, Format::Jpeg).is_err());
        assert!(strip(b"", Format::Png).is_err());
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert_eq!(other_kind(heic), Some("a HEIC image"));
        assert!(strip(heic, Format::Jpeg).is_err());
    }
}

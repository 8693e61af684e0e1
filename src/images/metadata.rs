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
mod tests;

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

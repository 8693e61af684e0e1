//! Images that could bypass the privacy gate: covers published with their
//! metadata, member photos under `static/` or named by two members, files
//! that are not the image their name says, and `check`'s warning for
//! `static/` images that carry a GPS position.
//!
//! `images/site` holds the documents; the images are made here (see
//! [`site`]): a JPEG cover with EXIF (a GPS position), XMP, IPTC, a comment
//! and data after the image, a PNG cover with text, EXIF and time chunks,
//! each with a `zqmark` marker in every piece of metadata.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

use crate::snapshot;
use crate::support::{Outcome, SiteTest};

/// A plain JPEG of `width` × `height`.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x * 9) as u8, (y * 13) as u8, 120])
    });
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .unwrap();
    bytes
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, _| Rgb([x as u8 * 20, 200, 40]));
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .unwrap();
    bytes
}

/// A little-endian EXIF (TIFF) block with a GPS position and `marker`.
fn gps_exif(marker: &str) -> Vec<u8> {
    let mut t = b"II\x2A\0\x08\0\0\0".to_vec();
    // IFD0: one entry, the GPS IFD at offset 26.
    t.extend_from_slice(&[1, 0]);
    t.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0]);
    t.extend_from_slice(&[0, 0, 0, 0]);
    // GPS IFD: GPSLatitudeRef N, GPSLongitudeRef E.
    t.extend_from_slice(&[2, 0]);
    t.extend_from_slice(&[1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
    t.extend_from_slice(&[3, 0, 2, 0, 2, 0, 0, 0, b'E', 0, 0, 0]);
    t.extend_from_slice(&[0, 0, 0, 0]);
    t.extend_from_slice(marker.as_bytes());
    t
}

fn jpeg_segment(code: u8, data: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, code];
    s.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
    s.extend_from_slice(data);
    s
}

/// `plain` with EXIF (GPS), XMP, IPTC and a comment after its SOI, and
/// data after its end, each holding `marker`.
fn tagged_jpeg(plain: &[u8], marker: &str) -> Vec<u8> {
    let m = marker.as_bytes();
    let mut out = plain[..2].to_vec();
    out.extend(jpeg_segment(
        0xE1,
        &[b"Exif\0\0".as_slice(), &gps_exif(marker)].concat(),
    ));
    out.extend(jpeg_segment(
        0xE1,
        &[b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>".as_slice(), m].concat(),
    ));
    out.extend(jpeg_segment(
        0xED,
        &[b"Photoshop 3.0\0".as_slice(), m].concat(),
    ));
    out.extend(jpeg_segment(0xFE, &[b"comment ".as_slice(), m].concat()));
    out.extend_from_slice(&plain[2..]);
    out.extend_from_slice(m);
    out
}

fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    let crc = crc32fast::hash(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    chunk
}

/// `plain` with tEXt, iTXt, zTXt, eXIf (GPS) and tIME chunks after IHDR.
fn tagged_png(plain: &[u8], marker: &str) -> Vec<u8> {
    let m = marker.as_bytes();
    let ihdr_end = 8 + 25;
    let mut out = plain[..ihdr_end].to_vec();
    out.extend(png_chunk(b"tEXt", &[b"Author\0".as_slice(), m].concat()));
    out.extend(png_chunk(
        b"iTXt",
        &[b"XML:com.adobe.xmp\0\0\0\0\0".as_slice(), m].concat(),
    ));
    out.extend(png_chunk(
        b"iTXt",
        &[b"Description\0\0\0\0\0".as_slice(), m].concat(),
    ));
    out.extend(png_chunk(b"eXIf", &gps_exif(marker)));
    out.extend(png_chunk(b"tIME", b"\x07\xEA\x01\x01\0\0\0"));
    out.extend_from_slice(&plain[ihdr_end..]);
    out
}

/// A HEIC file's first bytes, as a phone writes them (under a .jpg name).
const HEIC: &[u8] = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\0meta";

/// `images/site` with its images: Aki's and Tanaka's photos, the two
/// tagged covers, and `static/office.jpg` with a GPS position.
fn site() -> SiteTest {
    let site = SiteTest::fixture("images/site");
    let put = |rel: &str, bytes: &[u8]| {
        let path = site.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    put("content/members/aki.jpg", &jpeg(40, 30));
    put("content/members/tanaka.jpg", &jpeg(32, 32));
    put(
        "content/stories/walk.jpg",
        &tagged_jpeg(&jpeg(24, 16), "zqmark"),
    );
    put(
        "content/stories/chart.png",
        &tagged_png(&png(10, 6), "zqmark"),
    );
    put("static/office.jpg", &tagged_jpeg(&jpeg(8, 8), "static-gps"));
    site
}

fn put(site: &SiteTest, rel: &str, bytes: &[u8]) {
    std::fs::write(site.root().join(rel), bytes).unwrap();
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn covers_are_published_without_their_metadata() {
    let site = site();
    let out = site.build(&[]);
    out.assert_success();
    out.assert_files(&[
        "stories/photo-walk/walk.jpg",
        "stories/chart/chart.png",
        "members/aki/photo-30.jpg",
    ]);
    for (name, bytes) in out.tree() {
        assert!(
            !contains(&bytes, b"zqmark"),
            "{name} carries metadata of a cover"
        );
    }
    for (published, source, size) in [
        (
            "stories/photo-walk/walk.jpg",
            "content/stories/walk.jpg",
            (24, 16),
        ),
        (
            "stories/chart/chart.png",
            "content/stories/chart.png",
            (10, 6),
        ),
    ] {
        let img = image::load_from_memory(&out.bytes(published))
            .unwrap_or_else(|e| panic!("{published} no longer decodes: {e}"));
        assert_eq!((img.width(), img.height()), size, "{published}");
        let original =
            image::load_from_memory(&std::fs::read(site.root().join(source)).unwrap()).unwrap();
        assert_eq!(
            img.to_rgb8(),
            original.to_rgb8(),
            "{published}: the same pixels"
        );
    }
    // A static file is the editors': copied as it is (`check` warns).
    assert!(contains(&out.bytes("office.jpg"), b"static-gps"));
}

/// A photo under static/ is published for everyone whatever the member's
/// file says: an error for every member, hidden ones too, in every build
/// and in `check`.
#[test]
fn a_member_photo_under_static_is_an_error_even_for_a_hidden_member() {
    let site = site();
    site.write(
        "content/members/ben.md",
        "---\nname: Ben Hidden\nleft: 2020\nphoto: people/ben.jpg\nshow_photo: true\nvisibility: hidden\n---\n",
    );
    std::fs::create_dir_all(site.root().join("static/people")).unwrap();
    put(&site, "static/people/ben.jpg", &jpeg(16, 16));
    for audience in ["public", "members"] {
        let out = site.build(&["--audience", audience]);
        out.assert_exit(1).assert_stderr_has(&[
            "content/members/ben.md:4:8: photo `people/ben.jpg` is under static/",
            "move static/people/ben.jpg to content/members/ben.jpg and write `photo: ben.jpg`",
        ]);
        assert!(!out.exists("index.html"), "nothing written");
        if audience == "public" {
            snapshot!("photo_under_static", out.stderr);
        }
    }
    let check = site.run(&["check"]);
    check.assert_exit(1);
    assert!(
        check
            .stdout
            .contains("content/members/ben.md:4:8: error: photo `people/ben.jpg` is under static/"),
        "{}",
        check.stdout
    );
}

/// A symlink next to the member file that leads into static/ is the same.
#[cfg(unix)]
#[test]
fn a_member_photo_linked_into_static_is_an_error() {
    let site = site();
    put(&site, "static/face.jpg", &jpeg(16, 16));
    std::os::unix::fs::symlink(
        site.root().join("static/face.jpg"),
        site.root().join("content/members/face.jpg"),
    )
    .unwrap();
    let md = std::fs::read_to_string(site.root().join("content/members/aki.md")).unwrap();
    site.write("content/members/aki.md", &md.replace("aki.jpg", "face.jpg"));
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/members/aki.md:4:8: photo `face.jpg` leads to static/face.jpg, outside content/members/",
    ]);
}

/// One image, one member: a public member naming withdrawn Tanaka's photo
/// would publish Tanaka's face.
#[test]
fn two_members_naming_one_photo_is_an_error_naming_both() {
    let site = site();
    site.write(
        "content/members/copycat.md",
        "---\nname: Copy Cat\nleft: 2021\nphoto: tanaka.jpg\nshow_photo: true\nvisibility: public\nconsent: 2024-01-01\n---\n",
    );
    let out = site.build(&[]);
    out.assert_exit(1).assert_stderr_has(&[
        "content/members/copycat.md:4:8: photo `tanaka.jpg` is the photo of content/members/tanaka.md (the image is named after that member's file): one image belongs to one member",
        "give this member a photo of their own, saved next to this file under their own name (photo: copycat.jpg)",
    ]);
    snapshot!("photo_of_another_member", out.stderr);
    // Tanaka's file no longer names it: still Tanaka's (named after it).
    let tanaka = std::fs::read_to_string(site.root().join("content/members/tanaka.md")).unwrap();
    site.write(
        "content/members/tanaka.md",
        &tanaka.replace("photo: tanaka.jpg\n", ""),
    );
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/members/copycat.md:4:8: photo `tanaka.jpg` is the photo of content/members/tanaka.md",
    ]);
    site.write("content/members/tanaka.md", &tanaka);
    // The same file through a symlink is the same photo.
    #[cfg(unix)]
    {
        std::fs::create_dir_all(site.root().join("content/members/copies")).unwrap();
        std::os::unix::fs::symlink(
            site.root().join("content/members/tanaka.jpg"),
            site.root().join("content/members/copies/face.jpg"),
        )
        .unwrap();
        site.write(
            "content/members/copycat.md",
            "---\nname: Copy Cat\nleft: 2021\nphoto: copies/face.jpg\n---\n",
        );
        site.build(&["--audience", "members"])
            .assert_exit(1)
            .assert_stderr_has(&[
                "content/members/copycat.md:4:8: photo `copies/face.jpg` is the photo of content/members/tanaka.md",
            ]);
    }
}

/// A photo name that is not a plain file name (a leading `/`, `..`) is
/// never looked up: an error for every member, hidden ones too, before the
/// privacy gate. (It once skipped the owner check, and a members-only
/// member's `photo: /images/hana.jpg` published `static/images/hana.jpg`.)
#[test]
fn a_photo_name_that_is_not_a_file_name_is_an_error_even_for_a_hidden_member() {
    let site = site();
    std::fs::create_dir_all(site.root().join("static/images")).unwrap();
    put(&site, "static/images/hana.jpg", &jpeg(16, 16));
    for (visibility, photo) in [
        ("members", "/images/hana.jpg"),
        ("members", "../../static/images/hana.jpg"),
        ("hidden", "/images/hana.jpg"),
        ("members", "\\images\\hana.jpg"),
        ("members", "''"),
    ] {
        site.write(
            "content/members/hana.md",
            &format!(
                "---\nname: Hana Members\nleft: 2020\nphoto: {photo}\nshow_photo: true\nvisibility: {visibility}\n---\n"
            ),
        );
        let shown = photo.trim_matches('\'').replace("\\\\", "\\");
        let message =
            format!("content/members/hana.md:4:8: `{shown}` must be a file name next to this file");
        for audience in ["public", "members"] {
            let out = site.build(&["--audience", audience]);
            out.assert_exit(1)
                .assert_stderr_has(&[message.as_str(), "without `..` or a leading `/`"]);
            assert!(!out.exists("images/hana.jpg"), "{photo}: published");
            assert!(!out.exists("index.html"), "nothing written");
            if audience == "public" && photo == "/images/hana.jpg" && visibility == "members" {
                snapshot!("photo_not_a_file_name", out.stderr);
            }
        }
        let check = site.run(&["check"]);
        check.assert_exit(1);
        let found = format!(
            "content/members/hana.md:4:1: error: `{shown}` must be a file name next to this file"
        );
        assert_eq!(
            check.stdout.matches("must be a file name").count(),
            1,
            "one finding: {}",
            check.stdout
        );
        assert!(check.stdout.contains(&found), "{}", check.stdout);
    }
}

/// A file named by two members and named after neither belongs to neither:
/// each is told to use a photo of their own, never to remove `photo:` (the
/// one who followed that hint could be the member whose face it is, and the
/// other would publish it).
#[test]
fn a_photo_shared_by_two_members_and_named_after_neither_is_an_error_on_both() {
    let site = site();
    std::fs::create_dir_all(site.root().join("content/members/photos")).unwrap();
    put(&site, "content/members/photos/hanako.jpg", &jpeg(20, 20));
    let sato = "---\nname: Sato Withdrawn\nleft: 2018\nphoto: photos/hanako.jpg\nshow_photo: true\nvisibility: public\nconsent: 2023-01-01\nwithdrawn: 2026-01-15\n---\n";
    site.write("content/members/sato-hanako.md", sato);
    // A copy of Sato's file, for a new member, that kept `photo:`.
    site.write(
        "content/members/ito-misaki.md",
        "---\nname: Ito Public\nleft: 2021\nphoto: photos/hanako.jpg\nshow_photo: true\nvisibility: public\nconsent: 2024-01-01\n---\n",
    );
    let out = site.build(&[]);
    out.assert_exit(1).assert_stderr_has(&[
        "content/members/ito-misaki.md:4:8: photo `photos/hanako.jpg` is also the photo of content/members/sato-hanako.md: one image belongs to one member",
        "give this member a photo of their own, saved next to this file under their own name (photo: ito-misaki.jpg)",
        "content/members/sato-hanako.md:4:8: photo `photos/hanako.jpg` is also the photo of content/members/ito-misaki.md: one image belongs to one member",
        "(photo: sato-hanako.jpg)",
    ]);
    assert!(!out.stderr.contains("remove"), "{}", out.stderr);
    assert!(!out.exists("index.html"), "nothing written");
    snapshot!("photo_shared_named_after_no_one", out.stderr);
    // Three members: each names the two others.
    site.write(
        "content/members/third.md",
        "---\nname: Third\nleft: 2021\nphoto: photos/hanako.jpg\n---\n",
    );
    site.build(&["--audience", "members"])
        .assert_exit(1)
        .assert_stderr_has(&[
            "content/members/third.md:4:8: photo `photos/hanako.jpg` is also the photo of content/members/ito-misaki.md and content/members/sato-hanako.md",
        ]);
    site.remove("content/members/third.md");
    // Following the hint: Ito's own photo, under Ito's name.
    put(&site, "content/members/ito-misaki.jpg", &jpeg(24, 24));
    site.write(
        "content/members/ito-misaki.md",
        "---\nname: Ito Public\nleft: 2021\nphoto: ito-misaki.jpg\nshow_photo: true\nvisibility: public\nconsent: 2024-01-01\n---\n",
    );
    let out = site.build(&[]);
    out.assert_success();
    assert!(out.exists("members/ito-misaki/photo-24.jpg"));
    assert!(!out.exists("members/sato-hanako/index.html"), "withdrawn");
    let ito = image::load_from_memory(&out.bytes("members/ito-misaki/photo-24.jpg")).unwrap();
    assert_eq!(ito.width(), 24, "Ito's own photo");
}

/// A story cover that is a member's photo through a symlink (next to the
/// story or under static/) would publish that member's face as it is,
/// whoever the member is: an error.
#[cfg(unix)]
#[test]
fn a_cover_linked_to_a_member_photo_is_an_error() {
    let site = site();
    let md = std::fs::read_to_string(site.root().join("content/stories/photo-walk.md")).unwrap();
    site.write(
        "content/stories/photo-walk.md",
        &md.replace("cover: walk.jpg", "cover: cover.jpg"),
    );
    // Withdrawn Tanaka's photo, next to the story.
    std::os::unix::fs::symlink(
        "../members/tanaka.jpg",
        site.root().join("content/stories/cover.jpg"),
    )
    .unwrap();
    for audience in ["public", "members"] {
        let out = site.build(&["--audience", audience]);
        out.assert_exit(1).assert_stderr_has(&[
            "content/stories/photo-walk.md:5:8: cover `cover.jpg` leads to content/members/tanaka.jpg, under content/members/: a cover cannot be a member's photo",
        ]);
        assert!(!out.exists("index.html"), "nothing written");
        if audience == "public" {
            snapshot!("cover_is_a_member_photo", out.stderr);
        }
    }
    // Under static/, to a public member's photo in a folder: the same.
    site.remove("content/stories/cover.jpg");
    std::fs::create_dir_all(site.root().join("content/members/faces")).unwrap();
    std::fs::rename(
        site.root().join("content/members/aki.jpg"),
        site.root().join("content/members/faces/aki.jpg"),
    )
    .unwrap();
    let aki = std::fs::read_to_string(site.root().join("content/members/aki.md")).unwrap();
    site.write(
        "content/members/aki.md",
        &aki.replace("photo: aki.jpg", "photo: faces/aki.jpg"),
    );
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink(
        site.root().join("content/members/faces/aki.jpg"),
        site.root().join("static/cover.jpg"),
    )
    .unwrap();
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/stories/photo-walk.md:5:8: cover `cover.jpg` leads to content/members/faces/aki.jpg, under content/members/",
    ]);
    // A file of its own is fine.
    site.remove("static/cover.jpg");
    put(&site, "content/stories/cover.jpg", &jpeg(12, 12));
    site.build(&[]).assert_success();
}

/// The versions of one member share its photo.
#[test]
fn a_translation_shares_its_originals_photo() {
    let site = site();
    site.write(
        "site.yaml",
        &std::fs::read_to_string(site.root().join("site.yaml"))
            .unwrap()
            .replace("language: en", "languages: [en, ja]"),
    );
    site.write(
        "content/members/aki.ja.md",
        "---\nname: 亜紀\nphoto: aki.jpg\n---\n日本語の紹介。\n",
    );
    let out = site.build(&[]);
    out.assert_success();
    out.assert_files(&["members/aki/photo-30.jpg"]);
}

/// An image the build cannot read is never published as it is: an error
/// naming the document, and the previous output stays.
#[test]
fn unreadable_photos_and_covers_are_errors_and_change_nothing() {
    let site = site();
    let first = site.build(&[]);
    first.assert_success();
    let before = first.tree();

    put(&site, "content/members/aki.jpg", HEIC);
    let out = site.build(&[]);
    out.assert_exit(1).assert_stderr_has(&[
        "content/members/aki.md: `aki.jpg` is not a JPEG image: it is a HEIC image",
        "export it as JPEG or PNG",
    ]);
    snapshot!("photo_heic_as_jpg", out.stderr);
    assert_eq!(out.tree(), before, "the previous output is untouched");

    put(&site, "content/members/aki.jpg", &jpeg(40, 30));
    let walk = std::fs::read(site.root().join("content/stories/walk.jpg")).unwrap();
    put(&site, "content/stories/walk.jpg", &walk[..walk.len() / 2]);
    let out = site.build(&[]);
    out.assert_exit(1).assert_stderr_has(&[
        "content/stories/photo-walk.md: `walk.jpg` cannot be read as a JPEG image",
        "export it as JPEG or PNG",
    ]);
    assert_eq!(out.tree(), before, "the previous output is untouched");

    // A PNG under a .jpg name: renaming is enough.
    put(&site, "content/stories/walk.jpg", &png(4, 4));
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "`walk.jpg` is not a JPEG image: it is a PNG image",
        "rename it to `walk.png`",
    ]);

    // A format the build cannot process.
    put(&site, "content/stories/walk.avif", b"\0\0\0\x1cftypavif");
    let md = std::fs::read_to_string(site.root().join("content/stories/photo-walk.md")).unwrap();
    site.write(
        "content/stories/photo-walk.md",
        &md.replace("walk.jpg", "walk.avif"),
    );
    site.build(&[]).assert_exit(1).assert_stderr_has(&[
        "content/stories/photo-walk.md: `walk.avif` is a .avif file, which the build cannot process",
    ]);
}

fn check_json(out: &Outcome) -> Vec<serde_json::Value> {
    out.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn check_warns_about_static_images_with_metadata() {
    let site = site();
    put(&site, "static/plain.jpg", &jpeg(8, 8));
    let out = site.run(&["check", "--format", "json"]);
    out.assert_exit(0);
    let findings = check_json(&out);
    let metadata: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["code"] == "image-metadata")
        .collect();
    assert_eq!(metadata.len(), 1, "{findings:#?}");
    let f = metadata[0];
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["path"], "static/office.jpg");
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("a GPS position"), "{message}");
    assert!(message.contains("XMP data"), "{message}");
    assert!(
        f["hint"]
            .as_str()
            .unwrap()
            .contains("exiftool -all= static/office.jpg"),
        "{f}"
    );
    let human = site.run(&["check"]);
    assert!(
        human
            .stdout
            .contains("static/office.jpg: warning: this image carries a GPS position, EXIF data, XMP data, IPTC data and text comments"),
        "{}",
        human.stdout
    );
}

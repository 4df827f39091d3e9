//! Saving a view as a picture or a PDF: the SVG the window drew becomes a PNG at twice its
//! size with its text drawn in a real font, or a PDF page; a broken drawing is refused and
//! leaves no file behind.

use kindly_core::service::report::{self, ReportFormat};
use kindly_core::ErrorCode;
use resvg::tiny_skia::Pixmap;

const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">
  <rect width="400" height="200" fill="#ffffff"/>
  <text x="20" y="50" font-family="system-ui, sans-serif" font-size="32" fill="#2b2420">Pulse check — Café</text>
  <rect x="20" y="100" width="120" height="60" fill="#c25f3c"/>
</svg>"##;

fn dark_pixels(p: &Pixmap, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    let mut n = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            let c = p.pixel(x, y).unwrap();
            if c.red() < 100 && c.green() < 100 && c.blue() < 100 {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn a_png_at_twice_the_size_with_its_text_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pulse.png");
    report::save(SVG, ReportFormat::Png, &path).unwrap();
    let png = Pixmap::decode_png(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!((png.width(), png.height()), (800, 400));
    // The bar, in its colour (at 2×: x 40–280, y 200–320).
    let bar = png.pixel(100, 260).unwrap();
    assert_eq!((bar.red(), bar.green(), bar.blue()), (0xc2, 0x5f, 0x3c));
    // The heading was drawn with a font: dark ink along its line, none below the bar.
    assert!(
        dark_pixels(&png, 40, 40, 700, 110) > 500,
        "the title's text is drawn"
    );
    assert_eq!(dark_pixels(&png, 0, 340, 800, 400), 0);
    assert!(!dir.path().join("pulse.png.part").exists());
}

#[test]
fn a_pdf_page_with_the_font_embedded() {
    let bytes = report::render(SVG, ReportFormat::Pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/Type /Page") || text.contains("/Type/Page"));
    assert!(text.contains("/FontFile"), "the font travels with the PDF");
    assert!(text.trim_end().ends_with("%%EOF"));
}

#[test]
fn a_broken_drawing_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pulse.pdf");
    for bad in [
        "not a drawing",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"90000\" height=\"10\"/>",
    ] {
        let err = report::save(bad, ReportFormat::Pdf, &path).unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation, "{bad}");
        assert_eq!(err.field.as_deref(), Some("svg"));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    // A folder that is not there: the error names the file.
    let nowhere = dir.path().join("gone").join("pulse.png");
    let err = report::save(SVG, ReportFormat::Png, &nowhere).unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    assert!(
        err.message.contains("pulse.png could not be saved"),
        "{}",
        err.message
    );
}

/// An image in the drawing is drawn only when it is inline (`data:`): a link to a file on the
/// owner's computer is never followed, so a drawing cannot carry their files into a report.
/// (The pictures usvg reads itself are drawings; raster images are not built in.)
#[test]
fn only_inline_images_are_drawn_never_a_local_file() {
    let dir = tempfile::tempdir().unwrap();
    let red = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#ff0000"/></svg>"##;
    let file = dir.path().join("private.svg");
    std::fs::write(&file, red).unwrap();
    let b64 = {
        // A small base64 encoder: the data URL of the same picture.
        const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for c in red.as_bytes().chunks(3) {
            let n = (c[0] as u32) << 16
                | (*c.get(1).unwrap_or(&0) as u32) << 8
                | *c.get(2).unwrap_or(&0) as u32;
            for i in 0..4 {
                if i <= c.len() {
                    out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    };
    let drawing = |href: &str| {
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">
  <rect width="100" height="100" fill="#ffffff"/>
  <image x="0" y="0" width="100" height="100" xlink:href="{href}"/>
</svg>"##
        )
    };
    let centre = |svg: &str| {
        let p = Pixmap::decode_png(&report::render(svg, ReportFormat::Png).unwrap()).unwrap();
        let c = p.pixel(100, 100).unwrap();
        (c.red(), c.green(), c.blue())
    };
    assert_eq!(
        centre(&drawing(&format!("data:image/svg+xml;base64,{b64}"))),
        (255, 0, 0)
    );
    for link in [
        file.display().to_string(),
        format!("file://{}", file.display()),
    ] {
        assert_eq!(centre(&drawing(&link)), (255, 255, 255), "{link}");
        // Nor in a PDF: the page holds no drawing of it.
        let pdf = report::render(&drawing(&link), ReportFormat::Pdf).unwrap();
        let plain = report::render(&drawing("data:,"), ReportFormat::Pdf).unwrap();
        assert_eq!(pdf.len(), plain.len(), "{link}");
    }
}

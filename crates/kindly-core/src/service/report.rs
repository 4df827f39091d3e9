//! A view saved for sharing: the window hands over the SVG it drew (figures and charts), and
//! it is written as a PNG (drawn at twice its size, for sharp text) or a one-page PDF (vector,
//! with the fonts embedded). Drawing happens here rather than in the web view, whose canvas
//! refuses to export anything drawn from HTML.

use crate::error::{CoreError, Result};
use resvg::tiny_skia;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use svg2pdf::usvg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Png,
    Pdf,
}

/// The largest picture side, in CSS pixels: a report is a page or two, never a poster.
const MAX_SIDE: f32 = 8000.0;
/// PNGs are drawn at this scale.
const PNG_SCALE: f32 = 2.0;

/// The fonts on this machine, loaded once; `sans-serif` means the first of the usual desktop
/// sans fonts that is installed.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            let families: Vec<String> = db
                .faces()
                .flat_map(|f| f.families.iter().map(|(name, _)| name.clone()))
                .collect();
            let preferred = [
                "Cantarell",
                "DejaVu Sans",
                "Liberation Sans",
                "Noto Sans",
                "FreeSans",
                "Arial",
                "Helvetica",
            ];
            if let Some(sans) = preferred
                .iter()
                .find(|p| families.iter().any(|f| f == *p))
                .map(|s| s.to_string())
                .or_else(|| families.first().cloned())
            {
                db.set_sans_serif_family(sans);
            }
            Arc::new(db)
        })
        .clone()
}

fn parse(svg: &str) -> Result<usvg::Tree> {
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: "sans-serif".into(),
        // The drawing comes from the window: an image may only be inline (`data:`). A link to
        // a file or an address is never followed, so a drawing cannot read the owner's files
        // into a report.
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| CoreError::invalid("svg", format!("is not a drawing Kindly can save: {e}")))?;
    let size = tree.size();
    if size.width() > MAX_SIDE || size.height() > MAX_SIDE {
        return Err(CoreError::invalid(
            "svg",
            format!(
                "is {} × {} pixels; the most is {MAX_SIDE} on a side",
                size.width(),
                size.height()
            ),
        ));
    }
    Ok(tree)
}

/// The drawing as PNG or PDF bytes.
pub fn render(svg: &str, format: ReportFormat) -> Result<Vec<u8>> {
    let tree = parse(svg)?;
    match format {
        ReportFormat::Png => {
            let size = tree
                .size()
                .to_int_size()
                .scale_by(PNG_SCALE)
                .ok_or_else(|| CoreError::invalid("svg", "has no size"))?;
            let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
                .ok_or_else(|| CoreError::invalid("svg", "has no size"))?;
            resvg::render(
                &tree,
                tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE),
                &mut pixmap.as_mut(),
            );
            pixmap
                .encode_png()
                .map_err(|e| CoreError::invalid("svg", format!("could not be encoded: {e}")))
        }
        ReportFormat::Pdf => svg2pdf::to_pdf(
            &tree,
            svg2pdf::ConversionOptions::default(),
            svg2pdf::PageOptions::default(),
        )
        .map_err(|e| CoreError::invalid("svg", format!("could not be written as a PDF: {e}"))),
    }
}

/// Draw and save at `path`, whole or not at all.
pub fn save(svg: &str, format: ReportFormat, path: &Path) -> Result<()> {
    let bytes = render(svg, format)?;
    crate::file::write_atomically(path, &bytes)
}

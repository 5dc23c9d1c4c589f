//! Writing a printpdf document to bytes, with its streams compressed at our own level.
//! printpdf's own save compresses at zlib's best (9), which spent most of the time of a
//! badge sheet or a per-person certificate in deflate for about 1 % of the size.

use printpdf::{PdfDocument, PdfSaveOptions, PdfWarnMsg};

/// How hard streams are compressed: level 6 costs +1.5 % size against 9 (1,000
/// certificates: 2.02 MB against 1.99 MB) and deflates in a fraction of the time.
const LEVEL: u32 = 6;

/// `doc` as PDF bytes, with printpdf's warnings. `opts.optimize` is ignored: streams are
/// always compressed here, at [`LEVEL`].
pub(crate) fn write(doc: &PdfDocument, opts: &PdfSaveOptions) -> (Vec<u8>, Vec<PdfWarnMsg>) {
    let opts = PdfSaveOptions {
        optimize: false,
        ..opts.clone()
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    compress(&mut lo);
    let mut bytes = Vec::new();
    // Writing into a Vec does not fail.
    let _ = lo.save_to(&mut bytes);
    (bytes, warnings)
}

/// Streams between these lengths are remembered once compressed (see [`compressed`]): a
/// font or a frame, not a page's content or a background.
const REMEMBER_FROM: usize = 4096;
const REMEMBER_UP_TO: usize = 1 << 20;
/// How many compressed streams a thread remembers.
const REMEMBERED: usize = 16;

thread_local! {
    /// Large streams this thread compressed lately, with what they became: one PDF per
    /// person repeats the same ones in every file (the font of the fixed lines, the
    /// frame), which then cost a comparison instead of a deflate.
    static RECENT: std::cell::RefCell<std::collections::VecDeque<(Vec<u8>, Vec<u8>)>> =
        Default::default();
}

/// `content` compressed at [`LEVEL`], from this thread's recent ones when it is one of them.
fn compressed(content: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let remember = (REMEMBER_FROM..=REMEMBER_UP_TO).contains(&content.len());
    if remember {
        let hit = RECENT.with_borrow(|recent| {
            recent
                .iter()
                .find(|(raw, _)| raw.as_slice() == content)
                .map(|(_, packed)| packed.clone())
        });
        if hit.is_some() {
            return hit;
        }
    }
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(LEVEL));
    encoder.write_all(content).ok()?;
    let packed = encoder.finish().ok()?;
    if remember {
        RECENT.with_borrow_mut(|recent| {
            if recent.len() == REMEMBERED {
                recent.pop_front();
            }
            recent.push_back((content.to_vec(), packed.clone()));
        });
    }
    Some(packed)
}

/// Compresses every stream that may be (as `lopdf::Document::compress` does) at [`LEVEL`],
/// keeping a stream as it is when compressing would not make it smaller.
fn compress(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let Some(packed) = compressed(&stream.content) else {
            continue;
        };
        if packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
}

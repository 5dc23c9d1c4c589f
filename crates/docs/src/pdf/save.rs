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
    write_fonts(doc, opts, Fonts::AsOptions)
}

/// What the fonts of a document are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fonts {
    /// As the save options say (subset by printpdf, or whole).
    AsOptions,
    /// Subset already, before printpdf saw them: embedded as they are (the same bytes in
    /// every document of a job, compressed once) and named as subsets (`ABCDEF+Name`).
    SubsetBefore,
}

/// [`write`] for a document whose fonts are as `fonts` says.
pub(crate) fn write_fonts(
    doc: &PdfDocument,
    opts: &PdfSaveOptions,
    fonts: Fonts,
) -> (Vec<u8>, Vec<PdfWarnMsg>) {
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: opts.subset_fonts && fonts == Fonts::AsOptions,
        ..opts.clone()
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    if fonts == Fonts::SubsetBefore {
        tag_subset_fonts(&mut lo);
    }
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

/// Names every font of `doc` as a subset: the `ABCDEF+` tag (ISO 32000-1, 9.6.4) on
/// /BaseFont and /FontName, which must match, so the tag comes from the name itself.
fn tag_subset_fonts(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        let lopdf::Object::Dictionary(dict) = object else {
            continue;
        };
        let key: &[u8] = match dict.get(b"Type").and_then(lopdf::Object::as_name) {
            Ok(b"Font") => b"BaseFont",
            Ok(b"FontDescriptor") => b"FontName",
            _ => continue,
        };
        let Ok(name) = dict.get(key).and_then(lopdf::Object::as_name) else {
            continue;
        };
        if name.contains(&b'+') {
            continue;
        }
        let tagged = [subset_tag(name).as_slice(), b"+", name].concat();
        dict.set(key, lopdf::Object::Name(tagged));
    }
}

/// Six capital letters from `name` (FNV-1a), the same for the same name.
fn subset_tag(name: &[u8]) -> [u8; 6] {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name {
        hash = (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut tag = [0u8; 6];
    for t in &mut tag {
        *t = b'A' + (hash % 26) as u8;
        hash /= 26;
    }
    tag
}

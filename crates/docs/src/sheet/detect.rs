//! Content sniffing: what the bytes are, whatever the file is called.

use super::zipinfo::{self, ZipInfo};

/// What the first bytes (and, for a ZIP, its directory) say the file is.
#[derive(Debug)]
pub(crate) enum Detected {
    /// An Office Open XML workbook (or a ZIP that says it is one and may be damaged).
    Xlsx(ZipInfo),
    /// An OpenDocument spreadsheet.
    Ods(ZipInfo),
    /// An Excel binary workbook (`.xlsb`), which we do not read.
    Xlsb,
    /// An OLE compound file: Excel 97-2003, or an encrypted (password) OOXML file, or a
    /// Word/PowerPoint 97-2003 document.
    Ole,
    /// A ZIP container that is not a spreadsheet we know (or too damaged to tell).
    OtherZip,
    /// A web page: many government systems export HTML tables named `.xls`.
    Html,
    /// Excel 2003 "XML Spreadsheet" (SpreadsheetML).
    SpreadsheetMl,
    /// A known non-spreadsheet binary format (PDF, image, archive, executable...).
    OtherBinary,
    /// Anything else: treated as delimited text.
    Text,
}

/// The lower-cased extension of a file name (Windows or Unix path), without the dot.
pub(crate) fn extension(file_name: Option<&str>) -> Option<String> {
    let base = base_name(file_name?);
    let (stem, ext) = base.rsplit_once('.')?;
    if stem.is_empty() || ext.is_empty() {
        return None;
    }
    Some(ext.trim().to_ascii_lowercase())
}

/// The file name without directories and without its extension.
pub(crate) fn stem(file_name: Option<&str>) -> Option<String> {
    let base = base_name(file_name?);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let stem = stem.trim();
    (!stem.is_empty()).then(|| stem.to_string())
}

fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Signatures of common files people pick by mistake.
const BINARY_MAGICS: &[&[u8]] = &[
    b"%PDF",
    b"\x89PNG",
    b"\xFF\xD8\xFF",       // JPEG
    b"GIF8",               // GIF
    b"BM",                 // BMP (checked with more care below)
    b"II*\x00",            // TIFF
    b"MM\x00*",            // TIFF
    b"RIFF",               // WEBP, WAV, AVI
    b"Rar!",               // RAR
    b"7z\xBC\xAF\x27\x1C", // 7-Zip
    b"\x1F\x8B",           // gzip
    b"MZ",                 // Windows executable (checked with more care below)
    b"\x7FELF",            // Linux executable
    b"PK\x05\x06",         // empty ZIP
    b"PK\x07\x08",         // spanned ZIP
    b"{\\rtf",             // RTF
    b"\x00\x00\x01\x00",   // ICO
    b"ID3",                // MP3 (checked with more care below)
];

/// Classifies `bytes`. `ext` is the file name's extension, used only to break ties.
pub(crate) fn detect(bytes: &[u8], ext: Option<&str>) -> Detected {
    if bytes.starts_with(b"PK\x03\x04") {
        return classify_zip(zipinfo::inspect(bytes), ext);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Detected::Ole;
    }
    for magic in BINARY_MAGICS {
        if bytes.starts_with(magic) {
            // Short magics are also how a line of text may begin: require binary bytes.
            if magic.len() <= 3 && magic.is_ascii() && !looks_binary(bytes) {
                continue;
            }
            return Detected::OtherBinary;
        }
    }
    if let Some(kind) = markup_kind(bytes) {
        return kind;
    }
    Detected::Text
}

fn classify_zip(info: ZipInfo, ext: Option<&str>) -> Detected {
    if let Some(mime) = &info.mimetype {
        return if mime.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
            Detected::Ods(info)
        } else {
            Detected::OtherZip
        };
    }
    let has = |p: &dyn Fn(&str) -> bool| info.names.iter().any(|n| p(n));
    if has(&|n| n.eq_ignore_ascii_case("xl/workbook.bin")) {
        return Detected::Xlsb;
    }
    if has(&|n| {
        n.as_bytes()
            .get(..3)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"xl/"))
    }) {
        return Detected::Xlsx(info);
    }
    let other_office = has(&|n| {
        let lower = n.to_ascii_lowercase();
        lower.starts_with("word/") || lower.starts_with("ppt/") || lower.starts_with("visio/")
    });
    if other_office {
        return Detected::OtherZip;
    }
    let ext = ext.unwrap_or("");
    let spreadsheet_ext = matches!(ext, "xlsx" | "xlsm" | "xltx" | "xltm");
    // A truncated OOXML file may show only its first entry, `[Content_Types].xml`. Call it a
    // (damaged) workbook unless its name says it is some other document.
    let ooxml_start = has(&|n| n.eq_ignore_ascii_case("[Content_Types].xml"))
        && !matches!(ext, "docx" | "docm" | "pptx" | "pptm" | "vsdx" | "zip");
    if ooxml_start || (spreadsheet_ext && !info.has_central_directory) {
        return Detected::Xlsx(info);
    }
    if has(&|n| n == "content.xml") && matches!(ext, "ods" | "ots") {
        return Detected::Ods(info);
    }
    Detected::OtherZip
}

/// True when the first KB has bytes that plain text does not have.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(1024)];
    sample
        .iter()
        .any(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A)))
}

/// HTML pages and SpreadsheetML files saved with a spreadsheet extension.
fn markup_kind(bytes: &[u8]) -> Option<Detected> {
    let head = &bytes[..bytes.len().min(2048)];
    // Skip a UTF-8 BOM and leading whitespace.
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    if head.first() != Some(&b'<') {
        return None;
    }
    let lower = head.to_ascii_lowercase();
    let contains = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if contains(b"urn:schemas-microsoft-com:office:spreadsheet") || contains(b"<workbook") {
        return Some(Detected::SpreadsheetMl);
    }
    if contains(b"<html") || contains(b"<!doctype html") || contains(b"<table") {
        return Some(Detected::Html);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            extension(Some("C:\\Data\\Peserta.XLSX")).as_deref(),
            Some("xlsx")
        );
        assert_eq!(extension(Some("/tmp/a.b/peserta")), None);
        assert_eq!(extension(Some(".csv")), None);
        assert_eq!(
            stem(Some("C:\\Data\\Peserta Bimtek.csv")).as_deref(),
            Some("Peserta Bimtek")
        );
        assert_eq!(stem(Some("data/peserta")).as_deref(), Some("peserta"));
        assert_eq!(stem(Some("  ")), None);
        assert_eq!(stem(None), None);
    }

    #[test]
    fn magics() {
        assert!(matches!(detect(b"%PDF-1.7", None), Detected::OtherBinary));
        assert!(matches!(
            detect(b"MZ\x90\x00\x03", None),
            Detected::OtherBinary
        ));
        assert!(matches!(detect(b"MZ;Nama\r\n", None), Detected::Text));
        assert!(matches!(detect(b"BMKG;Jakarta\n", None), Detected::Text));
        assert!(matches!(
            detect(
                b"<html><body><table><tr><td>1</td></tr></table>",
                Some("xls")
            ),
            Detected::Html
        ));
        assert!(matches!(
            detect(
                b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">",
                Some("xml")
            ),
            Detected::SpreadsheetMl
        ));
        assert!(matches!(detect(b"No;Nama\n1;Budi\n", None), Detected::Text));
    }
}

//! Delimited text in: encoding detection, delimiter sniffing, parsing with the `csv` crate.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use super::read::{ReadError, SheetBuilder};
use super::{Cell, FileKind, Sheet, Workbook};

/// Delimiters we sniff for, in order of preference on a tie. The comma comes last: it is
/// the one most often found inside values (`Budi Santoso, S.Pd.`).
const CANDIDATES: [char; 4] = [';', '\t', '|', ','];

/// How many non-empty records the sniffer looks at.
const SNIFF_RECORDS: usize = 20;

/// Decodes `bytes` to text: UTF-8 / UTF-16 by BOM, UTF-16 by its many zero bytes, valid
/// UTF-8, and Windows-1252 for everything else. Returns the text (BOM stripped) and the
/// encoding's name.
pub(crate) fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (UTF_8.decode_without_bom_handling(rest).0, UTF_8);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (UTF_16LE.decode_without_bom_handling(rest).0, UTF_16LE);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (UTF_16BE.decode_without_bom_handling(rest).0, UTF_16BE);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        return (enc.decode_without_bom_handling(bytes).0, enc);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), UTF_8),
        Err(_) => (
            WINDOWS_1252.decode_without_bom_handling(bytes).0,
            WINDOWS_1252,
        ),
    }
}

/// UTF-16 text without a BOM: mostly ASCII, so nearly every other byte is zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(1024) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // At least 80% of one side zero, and almost none of the other.
    if zero_odd * 5 >= pairs * 4 && zero_even * 10 <= pairs {
        Some(UTF_16LE)
    } else if zero_even * 5 >= pairs * 4 && zero_odd * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when decoded text still looks like a binary file (NULs, many control characters).
pub(crate) fn looks_binary_text(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(4096) {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}' | '\u{1A}') {
            control += 1;
        }
    }
    // More than 2% control characters: not something a person typed.
    control > 0 && control * 50 > total
}

/// Normalizes CRLF and lone CR line endings to LF.
fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// An Excel `sep=;` first line: the delimiter, and the text after that line.
fn sep_line(text: &str) -> Option<(char, &str)> {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let value = first.trim_start().strip_prefix("sep=")?;
    let mut chars = value.chars();
    let c = chars.next()?;
    let only_one = chars.as_str().trim().is_empty();
    (only_one && c.is_ascii() && c != '"' && c != ' ').then_some((c, rest))
}

/// Picks the delimiter. For each candidate, over the first records (outside quotes):
/// in how many records it appears at all, then in how many it appears exactly its usual
/// (most common non-zero) number of times, then that usual number; ties go by
/// [`CANDIDATES`] order. No candidate at all gives `,`.
pub(crate) fn sniff_delimiter(text: &str) -> char {
    let records = sample_counts(text);
    let mut best: Option<((usize, usize, usize), char)> = None;
    for (i, &candidate) in CANDIDATES.iter().enumerate() {
        let per_record: Vec<usize> = records.iter().filter_map(|r| r.get(i).copied()).collect();
        let present: Vec<usize> = per_record.iter().copied().filter(|&n| n > 0).collect();
        let Some(usual) = mode_of(&present) else {
            continue;
        };
        let hits = present.iter().filter(|&&n| n == usual).count();
        let score = (present.len(), hits, usual);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map_or(',', |(_, c)| c)
}

/// Per-record counts of each candidate outside double quotes, for the first
/// [`SNIFF_RECORDS`] non-blank records.
fn sample_counts(text: &str) -> Vec<[usize; 4]> {
    let mut records: Vec<[usize; 4]> = Vec::new();
    let mut counts = [0usize; 4];
    let mut nonblank = false;
    let mut in_quotes = false;
    for c in text.chars() {
        if records.len() >= SNIFF_RECORDS {
            return records;
        }
        match c {
            '"' => {
                in_quotes = !in_quotes;
                nonblank = true;
            }
            '\n' if !in_quotes => {
                if nonblank {
                    records.push(counts);
                }
                counts = [0; 4];
                nonblank = false;
            }
            _ if in_quotes => {}
            _ => {
                if let Some(slot) = CANDIDATES
                    .iter()
                    .position(|&d| d == c)
                    .and_then(|i| counts.get_mut(i))
                {
                    *slot += 1;
                }
                if !c.is_whitespace() {
                    nonblank = true;
                }
            }
        }
    }
    if nonblank {
        records.push(counts);
    }
    records
}

/// The most common value (the largest one on a tie).
fn mode_of(values: &[usize]) -> Option<usize> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None; // (count, value)
    for chunk in sorted.chunk_by(|a, b| a == b) {
        if let Some(&value) = chunk.first() {
            if best.is_none_or(|(count, _)| chunk.len() >= count) {
                best = Some((chunk.len(), value));
            }
        }
    }
    best.map(|(_, v)| v)
}

/// Reads delimited text into a one-sheet [`Workbook`].
pub(crate) fn read_csv(bytes: &[u8], sheet_name: String) -> Result<Workbook, ReadError> {
    let (text, encoding) = decode(bytes);
    if looks_binary_text(&text) {
        return Err(ReadError::Unsupported);
    }
    let text = normalize_newlines(&text);
    // Excel hides a `sep=` line: the data after it starts at row 1.
    let (delimiter, body) = match sep_line(&text) {
        Some((d, rest)) => (d, rest),
        None => (sniff_delimiter(&text), &text[..]),
    };
    // Every candidate (and any `sep=` value we accept) is ASCII.
    let delimiter_byte = u8::try_from(u32::from(delimiter)).unwrap_or(b',');

    let mut builder = SheetBuilder::new(sheet_name, 0);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter_byte)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut row: usize = 0;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ReadError::Corrupt {
                    kind: FileKind::Csv,
                    detail: e.to_string(),
                })
            }
        }
        // The csv crate skips blank lines; they are rows in a spreadsheet, so count them:
        // a record's position is right after the previous record's terminator, so the
        // blank lines before it are the newlines it starts with.
        if let Some(start) = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
        {
            let blank = body
                .as_bytes()
                .get(start..)
                .map_or(0, |rest| rest.iter().take_while(|&&b| b == b'\n').count());
            row = row.saturating_add(blank);
        }
        for (col, field) in record.iter().enumerate() {
            let cell = if field.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(field.to_string())
            };
            builder.put(row, col, cell)?;
        }
        row = row.saturating_add(1);
    }
    let sheet: Sheet = builder.finish();
    if sheet.rows.is_empty() {
        return Err(ReadError::NoData);
    }
    Ok(Workbook {
        kind: FileKind::Csv,
        sheets: vec![sheet],
        encoding: Some(encoding.name().to_string()),
        delimiter: Some(delimiter),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(
            sniff_delimiter("No;Nama;Alamat\n1;Budi;Jl. A, No. 5\n2;Ani;Jl. B, No. 7\n"),
            ';'
        );
        assert_eq!(sniff_delimiter("No,Nama\n1,Budi\n2,\"Ani; S.Pd\"\n"), ',');
        assert_eq!(sniff_delimiter("No\tNama, Gelar\n1\tBudi, S.Pd\n"), '\t');
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n"), '|');
        assert_eq!(sniff_delimiter("Nama\nBudi\nAni\n"), ',');
        assert_eq!(sniff_delimiter(""), ',');
        assert_eq!(sniff_delimiter("a;b;c\n1\n1;  ;3;\t;5\n   ;  \nx\n"), ';');
        assert_eq!(sniff_delimiter("Nama;Nilai\nBudi;87,5\nAni;90,25\n"), ';');
        assert_eq!(sniff_delimiter("1;Budi;87,5\n2;Ani;90,25\n"), ';');
        // A title row with no delimiters does not spoil it.
        assert_eq!(
            sniff_delimiter("DAFTAR HADIR\n\nNo;Nama\n1;Budi\n2;Ani\n"),
            ';'
        );
    }

    #[test]
    fn modes() {
        assert_eq!(mode_of(&[]), None);
        assert_eq!(mode_of(&[0, 0, 2, 2, 2]), Some(2));
        assert_eq!(mode_of(&[1, 3]), Some(3));
    }

    #[test]
    fn sep_lines() {
        assert_eq!(sep_line("sep=;\na;b"), Some((';', "a;b")));
        assert_eq!(sep_line("sep=\t\n"), Some(('\t', "")));
        assert_eq!(sep_line("a;b"), None);
        assert_eq!(sep_line("sep=ab\n"), None);
    }

    #[test]
    fn utf16_sniff() {
        let le: Vec<u8> = "Nama\tNIP\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(utf16_without_bom(&le), Some(UTF_16LE));
        let be: Vec<u8> = "Nama\tNIP\r\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16_without_bom(&be), Some(UTF_16BE));
        assert_eq!(utf16_without_bom(b"Nama;NIP\r\n"), None);
    }
}

//! A pre-scan of an OpenDocument spreadsheet's `content.xml`.
//!
//! ODS compresses repetition into attributes (`table:number-columns-repeated`,
//! `table:number-rows-repeated`), and calamine expands it: one short row element can become
//! 16,384 cells, a run of rows a rectangle of up to 100 million cells, for a few bytes of
//! (well compressible) XML. So before calamine runs we stream the XML once, count what
//! calamine will allocate, and refuse the file when that exceeds
//! [`MAX_CELLS`](super::MAX_CELLS).
//!
//! The count is an upper bound: a cell counts as a value when it has `office:value-type` or
//! `table:formula`, or any content at all; self-closing cells without those are empty, as in
//! LibreOffice's trailing padding rows (`number-rows-repeated="1048553"`).

use std::io::{BufRead, BufReader, Cursor, Read};

use super::read::{ReadError, MAX_CELLS};
use super::FileKind;

/// calamine's ODS limits.
const MAX_ODS_COLUMNS: u64 = 16_384;
const MAX_ODS_ROWS: u64 = 1_048_576;
/// Longest tag we look into; a longer table tag is refused.
const MAX_TAG: usize = 64 * 1024;

fn damaged(detail: impl std::fmt::Display) -> ReadError {
    ReadError::Corrupt {
        kind: FileKind::Ods,
        detail: detail.to_string(),
    }
}

/// Scans `content.xml` of the ODS in `bytes`.
pub(crate) fn check(bytes: &[u8]) -> Result<(), ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    let file = archive.by_name("content.xml").map_err(damaged)?;
    let mut counter = Counter::default();
    scan(BufReader::new(file), &mut counter)?;
    Ok(())
}

/// Per-table tallies of what calamine will allocate.
#[derive(Default)]
struct Counter {
    /// Cells allocated for finished tables, plus row-by-row cells of the current one.
    total: u64,
    table_depth: usize,
    /// Rows seen in the current table (with repeats).
    rows: u64,
    /// Row count at the first row with a value, and after the last one.
    first_value_row: Option<u64>,
    rows_to_last_value: u64,
    /// Widest extent of values in the current table.
    width: u64,
    /// Current row: its repeat count, the next column, and the end of its last value.
    row_repeat: u64,
    column: u64,
    row_value_end: u64,
    in_row: bool,
}

impl Counter {
    /// The bound so far: finished tables, plus the current table's rectangle.
    fn bound(&self) -> u64 {
        let height = self
            .first_value_row
            .map_or(0, |first| self.rows_to_last_value.saturating_sub(first));
        self.total.saturating_add(height.saturating_mul(self.width))
    }

    fn check(&self) -> Result<(), ReadError> {
        if self.bound() > MAX_CELLS as u64 {
            return Err(ReadError::TooManyCells);
        }
        Ok(())
    }

    fn start_table(&mut self) {
        self.table_depth += 1;
        if self.table_depth == 1 {
            self.rows = 0;
            self.first_value_row = None;
            self.rows_to_last_value = 0;
            self.width = 0;
        }
    }

    fn end_table(&mut self) {
        if self.table_depth == 1 {
            self.total = self.bound();
            self.first_value_row = None;
            self.width = 0;
        }
        self.table_depth = self.table_depth.saturating_sub(1);
    }

    fn start_row(&mut self, repeat: u64) {
        self.in_row = true;
        self.row_repeat = repeat.clamp(1, MAX_ODS_ROWS);
        self.column = 0;
        self.row_value_end = 0;
    }

    fn end_row(&mut self) {
        if !self.in_row {
            return;
        }
        self.in_row = false;
        if self.row_value_end > 0 {
            // calamine pushes the row's cells up to its last value, then repeats the row.
            self.total = self.total.saturating_add(self.row_value_end);
            self.first_value_row.get_or_insert(self.rows);
            self.rows = self.rows.saturating_add(self.row_repeat);
            self.rows_to_last_value = self.rows;
            self.width = self.width.max(self.row_value_end);
        } else {
            self.rows = self.rows.saturating_add(self.row_repeat);
        }
    }

    fn cell(&mut self, start: u64, repeat: u64, has_value: bool) {
        let end = start.saturating_add(repeat).min(MAX_ODS_COLUMNS);
        if has_value {
            self.row_value_end = self.row_value_end.max(end);
        }
        self.column = self.column.max(end);
    }
}

/// The tag's name (with the `/` of an end tag): up to the first whitespace or `/`.
fn tag_name(tag: &[u8]) -> &[u8] {
    let end = tag
        .iter()
        .enumerate()
        .position(|(i, &b)| b.is_ascii_whitespace() || (b == b'/' && i > 0))
        .unwrap_or(tag.len());
    tag.get(..end).unwrap_or(tag)
}

/// The raw value of attribute `name` in a start tag, if present. `Err` for a malformed tag.
fn attribute<'t>(tag: &'t [u8], name: &[u8]) -> Result<Option<&'t [u8]>, ()> {
    let mut at = tag_name(tag).len();
    loop {
        while tag.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
            at += 1;
        }
        let rest = match tag.get(at..) {
            Some(r) if !r.is_empty() && r != b"/" => r,
            _ => return Ok(None),
        };
        let name_len = rest
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'=')
            .ok_or(())?;
        let this = &rest[..name_len];
        at += name_len;
        while tag.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
            at += 1;
        }
        if tag.get(at) != Some(&b'=') {
            return Err(());
        }
        at += 1;
        while tag.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
            at += 1;
        }
        let quote = *tag.get(at).ok_or(())?;
        if quote != b'"' && quote != b'\'' {
            return Err(());
        }
        let value_start = at + 1;
        let value_len = tag
            .get(value_start..)
            .and_then(|v| v.iter().position(|&b| b == quote))
            .ok_or(())?;
        let value = tag.get(value_start..value_start + value_len).ok_or(())?;
        if this == name {
            return Ok(Some(value));
        }
        at = value_start + value_len + 1;
    }
}

/// A repeat count attribute (default 1). `Err` when present but not a plain number, which
/// calamine rejects too.
fn repeat(tag: &[u8], name: &[u8]) -> Result<u64, ReadError> {
    match attribute(tag, name).map_err(|()| damaged("tag XML tidak sah"))? {
        None => Ok(1),
        Some(v) => std::str::from_utf8(v)
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .ok_or_else(|| damaged("jumlah ulang tidak sah")),
    }
}

fn handle_tag(tag: &[u8], overflow: bool, c: &mut Counter) -> Result<(), ReadError> {
    let self_closing = tag.last() == Some(&b'/');
    let name = tag_name(tag);
    let is_table_tag = name.starts_with(b"table:") || name.starts_with(b"/table:");
    if overflow && is_table_tag {
        return Err(damaged("tag XML terlalu panjang"));
    }
    match name {
        b"table:table" => {
            c.start_table();
            if self_closing {
                c.end_table();
            }
        }
        b"/table:table" => c.end_table(),
        b"table:table-row" => {
            c.end_row();
            c.start_row(repeat(tag, b"table:number-rows-repeated")?);
            if self_closing {
                c.end_row();
            }
        }
        b"/table:table-row" => c.end_row(),
        b"table:table-cell" | b"table:covered-table-cell" => {
            let repeat = repeat(tag, b"table:number-columns-repeated")?;
            let start = c.column;
            if self_closing {
                let has_value = attribute(tag, b"office:value-type") != Ok(None)
                    || attribute(tag, b"table:formula") != Ok(None);
                c.cell(start, repeat, has_value);
            } else {
                // Content of any kind counts as a value (an upper bound).
                c.cell(start, repeat, true);
            }
        }
        _ => {}
    }
    c.check()
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Text,
    Tag { quote: Option<u8> },
    Comment,
    CData,
    Instruction,
}

/// Streams the XML, handing every tag to [`handle_tag`].
fn scan<R: Read>(mut reader: BufReader<R>, counter: &mut Counter) -> Result<(), ReadError> {
    let mut state = State::Text;
    let mut tag: Vec<u8> = Vec::new();
    let mut overflow = false;
    // The last bytes seen, to spot `-->`, `]]>` and `?>` across buffer refills.
    let mut tail = [0u8; 2];
    loop {
        let chunk = reader.fill_buf().map_err(damaged)?;
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len();
        for &b in chunk {
            match state {
                State::Text => {
                    if b == b'<' {
                        state = State::Tag { quote: None };
                        tag.clear();
                        overflow = false;
                    }
                }
                State::Tag { quote } => match quote {
                    Some(q) => {
                        if b == q {
                            state = State::Tag { quote: None };
                        }
                        push(&mut tag, &mut overflow, b);
                    }
                    None if b == b'>' => {
                        let first = tag.first().copied();
                        if first == Some(b'!') {
                            // <!DOCTYPE ...>: LibreOffice never writes one, and its
                            // internal subset would need a real DTD parser.
                            return Err(damaged("DOCTYPE tidak didukung"));
                        }
                        handle_tag(&tag, overflow, counter)?;
                        state = State::Text;
                    }
                    None => {
                        if (b == b'"' || b == b'\'') && tag.first() != Some(&b'!') {
                            state = State::Tag { quote: Some(b) };
                        }
                        push(&mut tag, &mut overflow, b);
                        if tag == b"!--" {
                            state = State::Comment;
                        } else if tag == b"![CDATA[" {
                            state = State::CData;
                        } else if tag == b"?" {
                            state = State::Instruction;
                        }
                    }
                },
                State::Comment => {
                    if b == b'>' && tail == *b"--" {
                        state = State::Text;
                    }
                }
                State::CData => {
                    if b == b'>' && tail == *b"]]" {
                        state = State::Text;
                    }
                }
                State::Instruction => {
                    if b == b'>' && tail[1] == b'?' {
                        state = State::Text;
                    }
                }
            }
            tail = [tail[1], b];
        }
        reader.consume(n);
    }
    Ok(())
}

fn push(tag: &mut Vec<u8>, overflow: &mut bool, b: u8) {
    if tag.len() < MAX_TAG {
        tag.push(b);
    } else {
        *overflow = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(xml: &str) -> Result<u64, ReadError> {
        let mut c = Counter::default();
        scan(BufReader::new(xml.as_bytes()), &mut c)?;
        Ok(c.bound())
    }

    #[test]
    fn attributes() {
        let tag =
            b"table:table-cell table:style-name = 'a\"b' table:number-columns-repeated=\"3\"/";
        assert_eq!(
            attribute(tag, b"table:number-columns-repeated"),
            Ok(Some(&b"3"[..]))
        );
        assert_eq!(attribute(tag, b"table:style-name"), Ok(Some(&b"a\"b"[..])));
        assert_eq!(attribute(tag, b"office:value-type"), Ok(None));
        assert_eq!(attribute(b"a b", b"c"), Err(()));
        assert_eq!(attribute(b"a b=\"x", b"c"), Err(()));
    }

    #[test]
    fn counts() {
        let padding = r#"<table:table table:name="A"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert_eq!(bound(padding).ok(), Some(2));

        let bomb = r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert_eq!(bound(bomb), Err(ReadError::TooManyCells));

        let rows = "<table:table-row><table:table-cell table:number-columns-repeated=\"16384\"><text:p>x</text:p></table:table-cell></table:table-row>".repeat(400);
        assert_eq!(
            bound(&format!("<table:table>{rows}</table:table>")),
            Err(ReadError::TooManyCells)
        );

        // Tags hidden in comments, CDATA and attribute values do not count.
        let hidden = r#"<!-- <table:table-row table:number-rows-repeated="x"> --><a b="<table:table-row table:number-rows-repeated='x'>"/><![CDATA[<table:table-row table:number-rows-repeated="x">]]><?pi <table:table-row table:number-rows-repeated="x"> ?>"#;
        assert_eq!(bound(hidden).ok(), Some(0));

        assert!(bound("<!DOCTYPE x [<!ENTITY a 'b'>]><x/>").is_err());
        assert!(bound("<table:table-row table:number-rows-repeated=\"1e9\">").is_err());
    }
}

//! A small, read-only look at a ZIP container: its entry names and the sum of the
//! uncompressed sizes it declares. Used to tell an XLSX from an ODS from any other ZIP
//! (DOCX, a plain archive) before handing it to calamine, and to refuse "ZIP bombs": the
//! `zip` crate stops every entry at its declared size, so the declared total bounds what
//! calamine can inflate.
//!
//! Every read is bounds-checked; malformed input just yields fewer names.

/// What [`inspect`] found.
#[derive(Debug, Default)]
pub(crate) struct ZipInfo {
    /// Entry names, from the central directory when there is one, else from the local
    /// headers at the start of the file (a truncated file has no central directory).
    pub names: Vec<String>,
    /// Sum of the declared uncompressed sizes (central directory only; saturating).
    pub total_uncompressed: u64,
    /// True when the names came from a central directory.
    pub has_central_directory: bool,
    /// The content of a stored `mimetype` entry at the start (OpenDocument), if any.
    pub mimetype: Option<String>,
}

/// At most this many entry names are collected.
const MAX_ENTRIES: usize = 10_000;

const SIG_LOCAL: u32 = 0x0403_4b50;
const SIG_CENTRAL: u32 = 0x0201_4b50;
const SIG_EOCD: u32 = 0x0605_4b50;
const SIG_EOCD64_LOCATOR: u32 = 0x0706_4b50;
const SIG_EOCD64: u32 = 0x0606_4b50;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_le_bytes(a))
}

/// Looks at `bytes` (which should start with `PK\x03\x04`).
pub(crate) fn inspect(bytes: &[u8]) -> ZipInfo {
    let mut info = ZipInfo {
        mimetype: first_stored_mimetype(bytes),
        ..ZipInfo::default()
    };
    if let Some((names, total)) = central_directory(bytes) {
        info.names = names;
        info.total_uncompressed = total;
        info.has_central_directory = true;
    } else {
        info.names = local_names(bytes);
    }
    info
}

/// Finds the end-of-central-directory record, searching back from the end.
fn find_eocd(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < 22 {
        return None;
    }
    let last = bytes.len() - 22;
    // The record is followed by a comment of at most 65535 bytes.
    let first = last.saturating_sub(65_535);
    (first..=last)
        .rev()
        .find(|&i| u32_at(bytes, i) == Some(SIG_EOCD))
}

/// (entry count, central directory offset, central directory size) from the EOCD, following
/// the ZIP64 locator when the 32-bit fields are saturated.
fn directory_location(bytes: &[u8], eocd: usize) -> Option<(u64, u64, u64)> {
    let mut count = u64::from(u16_at(bytes, eocd + 10)?);
    let mut size = u64::from(u32_at(bytes, eocd + 12)?);
    let mut offset = u64::from(u32_at(bytes, eocd + 16)?);
    if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
        let locator = eocd.checked_sub(20)?;
        if u32_at(bytes, locator)? == SIG_EOCD64_LOCATOR {
            let at = usize::try_from(u64_at(bytes, locator + 8)?).ok()?;
            if u32_at(bytes, at)? == SIG_EOCD64 {
                count = u64_at(bytes, at + 32)?;
                size = u64_at(bytes, at + 40)?;
                offset = u64_at(bytes, at + 48)?;
            }
        }
    }
    Some((count, offset, size))
}

/// Names and declared total size from the central directory.
fn central_directory(bytes: &[u8]) -> Option<(Vec<String>, u64)> {
    let eocd = find_eocd(bytes)?;
    let (count, offset, size) = directory_location(bytes, eocd)?;
    let mut at = usize::try_from(offset).ok()?;
    if u32_at(bytes, at) != Some(SIG_CENTRAL) {
        // Data was prepended to the archive: the directory sits just before the EOCD.
        at = eocd.checked_sub(usize::try_from(size).ok()?)?;
        if u32_at(bytes, at) != Some(SIG_CENTRAL) {
            return None;
        }
    }
    let mut names = Vec::new();
    let mut total: u64 = 0;
    let mut seen: u64 = 0;
    while seen < count && u32_at(bytes, at) == Some(SIG_CENTRAL) {
        let uncompressed = u32_at(bytes, at + 24)?;
        let name_len = usize::from(u16_at(bytes, at + 28)?);
        let extra_len = usize::from(u16_at(bytes, at + 30)?);
        let comment_len = usize::from(u16_at(bytes, at + 32)?);
        let name_start = at + 46;
        let name = bytes.get(name_start..name_start + name_len)?;
        let extra_start = name_start + name_len;
        let extra = bytes
            .get(extra_start..extra_start + extra_len)
            .unwrap_or(&[]);
        let size = if uncompressed == 0xFFFF_FFFF {
            zip64_uncompressed(extra).unwrap_or(u64::MAX)
        } else {
            u64::from(uncompressed)
        };
        total = total.saturating_add(size);
        if names.len() < MAX_ENTRIES {
            names.push(String::from_utf8_lossy(name).into_owned());
        }
        seen += 1;
        at = extra_start + extra_len + comment_len;
    }
    Some((names, total))
}

/// The uncompressed size in a ZIP64 extended-information extra field.
fn zip64_uncompressed(extra: &[u8]) -> Option<u64> {
    let mut at = 0;
    while at + 4 <= extra.len() {
        let id = u16_at(extra, at)?;
        let len = usize::from(u16_at(extra, at + 2)?);
        if id == 0x0001 {
            return u64_at(extra, at + 4);
        }
        at += 4 + len;
    }
    None
}

/// Names from the local file headers, walking from the start of the file. Stops at the first
/// entry whose size is not known up front (data descriptor) or that runs past the end.
fn local_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = 0usize;
    while names.len() < MAX_ENTRIES && u32_at(bytes, at) == Some(SIG_LOCAL) {
        let (Some(flags), Some(compressed), Some(name_len), Some(extra_len)) = (
            u16_at(bytes, at + 6),
            u32_at(bytes, at + 18),
            u16_at(bytes, at + 26),
            u16_at(bytes, at + 28),
        ) else {
            break;
        };
        let name_start = at + 30;
        let Some(name) = bytes.get(name_start..name_start + usize::from(name_len)) else {
            break;
        };
        names.push(String::from_utf8_lossy(name).into_owned());
        if flags & 0x0008 != 0 {
            break;
        }
        let Ok(compressed) = usize::try_from(compressed) else {
            break;
        };
        let Some(next) = name_start
            .checked_add(usize::from(name_len))
            .and_then(|n| n.checked_add(usize::from(extra_len)))
            .and_then(|n| n.checked_add(compressed))
        else {
            break;
        };
        at = next;
    }
    names
}

/// The content of the first entry when it is an uncompressed `mimetype` (OpenDocument puts it
/// there so that it can be sniffed exactly like this).
fn first_stored_mimetype(bytes: &[u8]) -> Option<String> {
    if u32_at(bytes, 0)? != SIG_LOCAL || u16_at(bytes, 8)? != 0 {
        return None;
    }
    let size = usize::try_from(u32_at(bytes, 18)?).ok()?;
    let name_len = usize::from(u16_at(bytes, 26)?);
    let extra_len = usize::from(u16_at(bytes, 28)?);
    if bytes.get(30..30 + name_len)? != b"mimetype" || size > 200 {
        return None;
    }
    let start = 30 + name_len + extra_len;
    let content = bytes.get(start..start + size)?;
    Some(String::from_utf8_lossy(content).trim().to_string())
}

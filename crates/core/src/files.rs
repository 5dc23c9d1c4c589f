//! Files handed between the UI and the Api: base64 payloads and Windows-safe file names.

use std::path::{Path, PathBuf};

use base64::Engine;

use crate::error::{ApiError, ErrorCode};

/// A file produced by the Api (an export, a report), as the UI receives it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct FilePayload {
    pub file_name: String,
    /// The bytes, base64-encoded.
    pub data: String,
}

impl FilePayload {
    /// The file's bytes (the payload carries them in base64).
    pub fn bytes(&self) -> Result<Vec<u8>, ApiError> {
        decode_base64("data", &self.data)
    }

    pub fn new(file_name: &str, bytes: &[u8]) -> Self {
        FilePayload {
            file_name: safe_file_name(file_name),
            data: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }
}

/// The longest file name a command takes.
pub const MAX_FILE_NAME: usize = 255;

/// A file name sent with an upload: no control characters, at most [`MAX_FILE_NAME`].
pub fn check_file_name(name: &str) -> Result<(), ApiError> {
    crate::validate::check("file_name", "Nama berkas", Some(name), MAX_FILE_NAME)
}

/// Decodes a base64 upload (tolerating a `data:…;base64,` prefix and line breaks).
pub fn decode_base64(field: &str, data: &str) -> Result<Vec<u8>, ApiError> {
    let body = match data.find(";base64,") {
        Some(i) if data.starts_with("data:") => &data[i + 8..],
        _ => data,
    };
    let clean: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(clean.as_bytes())
        .map_err(|_| {
            ApiError::field(
                field,
                "Isi berkas tidak terbaca (bukan base64 yang valid). Pilih berkas lagi.",
            )
            .with_code(ErrorCode::InvalidArgument)
        })
}

/// A file name that is valid on Windows: no `<>:"/\|?*` or control characters, no
/// trailing dots or spaces, not a reserved device name, at most 150 characters.
pub fn safe_file_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    out = out.trim().trim_end_matches(['.', ' ']).to_string();
    if out.chars().count() > 150 {
        // Shorten the stem, keep the extension (`.pdf` must stay a PDF).
        let ext = out
            .rsplit_once('.')
            .map(|(_, e)| e.to_string())
            .filter(|e| (1..=8).contains(&e.chars().count()));
        let room = 150 - ext.as_ref().map_or(0, |e| e.chars().count() + 1);
        let stem: String = out.chars().take(room).collect();
        let stem = stem.trim_end_matches(['.', ' ']);
        out = match ext {
            Some(e) => format!("{stem}.{e}"),
            None => stem.to_string(),
        };
    }
    let stem = out
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if out.is_empty() || reserved {
        out = format!("berkas_{out}");
    }
    out
}

/// Writes base64 `data` as `file_name` in `dir`, adding ` (2)`, ` (3)`, … before the
/// extension when the name is taken. Returns the path written.
pub fn save_base64_unique(dir: &Path, file_name: &str, data: &str) -> Result<PathBuf, ApiError> {
    let bytes = decode_base64("data", data)?;
    let name = safe_file_name(file_name);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (name.clone(), String::new()),
    };
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    for n in 1..1000 {
        let candidate = if n == 1 {
            dir.join(&name)
        } else {
            dir.join(format!("{stem} ({n}){ext}"))
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(mut f) => {
                std::io::Write::write_all(&mut f, &bytes).map_err(|e| io_error(&candidate, e))?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_error(&candidate, e)),
        }
    }
    Err(ApiError::new(
        ErrorCode::Internal,
        format!("Terlalu banyak berkas bernama {name} di {}.", dir.display()),
    ))
}

/// Makes a new folder `name` (made Windows-safe) in `parent`, or `name (2)`, `name (3)` …
/// when that is taken, and returns it. Never reuses an existing folder.
pub fn create_unique_dir(parent: &Path, name: &str) -> Result<PathBuf, ApiError> {
    let name = safe_file_name(name);
    std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
    for n in 1..1000 {
        let candidate = if n == 1 {
            parent.join(&name)
        } else {
            parent.join(format!("{name} ({n})"))
        };
        match std::fs::create_dir(&candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_error(&candidate, e)),
        }
    }
    Err(ApiError::new(
        ErrorCode::Internal,
        format!(
            "Terlalu banyak folder bernama {name} di {}.",
            parent.display()
        ),
    ))
}

fn io_error(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        format!("Berkas {} tidak dapat ditulis: {e}", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_on_windows() {
        assert_eq!(
            safe_file_name("001/BIMTEK/IX/2019: Sri.pdf"),
            "001_BIMTEK_IX_2019_ Sri.pdf"
        );
        assert_eq!(safe_file_name("CON.xlsx"), "berkas_CON.xlsx");
        assert_eq!(safe_file_name("peserta. "), "peserta");
        assert_eq!(safe_file_name(""), "berkas_");
        assert_eq!(safe_file_name("con .txt"), "berkas_con .txt");
        let long = safe_file_name(&format!("{}.pdf", "Arsip ".repeat(40)));
        assert!(
            long.starts_with("Arsip Arsip") && long.ends_with(".pdf"),
            "{long}"
        );
        assert_eq!(long.chars().count(), 150);
    }

    #[test]
    fn saving_never_overwrites() {
        let dir = tempfile::tempdir().expect("dir");
        let data = FilePayload::new("rekap.csv", b"a;b\r\n").data;
        let a = save_base64_unique(dir.path(), "rekap.csv", &data).expect("first");
        let b = save_base64_unique(dir.path(), "rekap.csv", &data).expect("second");
        assert_eq!(a.file_name().and_then(|n| n.to_str()), Some("rekap.csv"));
        assert_eq!(
            b.file_name().and_then(|n| n.to_str()),
            Some("rekap (2).csv")
        );
        assert_eq!(std::fs::read(&b).expect("read"), b"a;b\r\n");
        assert!(save_base64_unique(dir.path(), "x.csv", "%%%").is_err());
    }

    #[test]
    fn a_new_folder_never_reuses_an_existing_one() {
        let dir = tempfile::tempdir().expect("dir");
        let a = create_unique_dir(dir.path(), "sertifikat-Bimtek: A/B").expect("first");
        let b = create_unique_dir(dir.path(), "sertifikat-Bimtek: A/B").expect("second");
        assert!(a.is_dir() && b.is_dir());
        let name = |p: &std::path::Path| p.file_name().and_then(|n| n.to_str()).map(String::from);
        assert_eq!(name(&a).as_deref(), Some("sertifikat-Bimtek_ A_B"));
        assert_eq!(name(&b).as_deref(), Some("sertifikat-Bimtek_ A_B (2)"));
    }
}

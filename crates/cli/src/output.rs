//! What the CLI prints and writes: one JSON document or the human text on stdout (never a
//! terminal control from the data), and the files the user named.

use std::io::Write;
use std::path::Path;

use bintek_core::files::FilePayload;
use bintek_core::ApiError;
use serde::Serialize;
use serde_json::json;

/// Prints `value` as JSON in `--json` mode (through `serde_json::Value`, as the Api
/// serialises its answers, so the bytes are the same), else the human text.
pub fn output<T: Serialize>(
    json_mode: bool,
    value: &T,
    human: impl FnOnce(&T) -> String,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json_mode {
        let v = serde_json::to_value(value)?;
        // Through a string, so that a write error stays an `io::Error` (see
        // `reader_went_away`).
        writeln!(out, "{}", terminal_json(serde_json::to_string_pretty(&v)?))?;
    } else {
        writeln!(out, "{}", terminal_text(&human(value)))?;
    }
    Ok(())
}

/// Text for the terminal: every control character but our own line breaks and tabs (ESC,
/// BEL, a carriage return, the C1 controls such as CSI) shown as `�`, so that nothing a
/// database holds — an old one, or a crafted one — can recolour the terminal, move its
/// cursor, retitle its window or hide a line.
pub fn terminal_text(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\t') {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// JSON for the terminal: serde_json escapes the C0 controls; DEL and the C1 controls
/// (U+007F–U+009F), which it leaves raw, are escaped here (they only occur in strings).
pub fn terminal_json(s: String) -> String {
    if !s.chars().any(|c| ('\u{7f}'..='\u{9f}').contains(&c)) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if ('\u{7f}'..='\u{9f}').contains(&c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

pub fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Writes an Api file to `out` and reports it: `{"file": …}` or "Disimpan: …".
pub fn save_file(json_mode: bool, file: &FilePayload, out: &Path) -> anyhow::Result<()> {
    write_out(out, &file.bytes()?)?;
    let v = json!({"file": out.display().to_string()});
    output(json_mode, &v, |_| format!("Disimpan: {}", out.display()))
}

/// Reads a file the user named (an import, a package): its bytes and its name.
pub fn read_in(file: &Path) -> Result<(String, Vec<u8>), ApiError> {
    let bytes = std::fs::read(file).map_err(|e| {
        ApiError::field(
            "file",
            format!("Berkas {} tidak dapat dibaca: {e}", file.display()),
        )
    })?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, bytes))
}

/// Writes a file the user named with `--out`: its folder is made when missing, and the
/// bytes go to a temporary name beside it first, so a full disk or a crash never leaves a
/// half-written file under the final name.
pub fn write_out(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let failed = |e: std::io::Error| {
        ApiError::field(
            "out",
            format!("Berkas {} tidak dapat ditulis: {e}", path.display()),
        )
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(failed)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".bintek-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(failed)?;
    tmp.write_all(bytes).map_err(failed)?;
    tmp.as_file().sync_all().map_err(failed)?;
    tmp.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
}

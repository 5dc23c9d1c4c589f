//! Field cleaning and validation helpers shared by the use-cases. Messages are in Bahasa
//! Indonesia and name the field as the form labels it.

use chrono::{Datelike, NaiveDate};

use crate::error::FieldError;

/// Collects every field error of one input, so a form can show them all at once.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }
}

/// Trims and collapses inner whitespace (tabs, newlines, repeated spaces) into one space.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A single-line optional text: trimmed, whitespace collapsed, empty as `None`.
pub fn opt_line(s: Option<String>) -> Option<String> {
    s.map(|v| one_line(&v)).filter(|v| !v.is_empty())
}

/// A multi-line optional text: CRLF normalised, lines trimmed at the end, empty as `None`.
pub fn opt_text(s: Option<String>) -> Option<String> {
    s.map(|v| {
        v.replace("\r\n", "\n")
            .replace('\r', "\n")
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    })
    .filter(|v| !v.is_empty())
}

/// Whether `s` holds a control character other than a line break or a tab (NUL, ESC,
/// BEL …): never meant in a name or a title, and a terminal escape when printed.
pub fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
}

/// The message for a field holding control characters.
pub fn control_message(label: &str) -> String {
    format!("{label} berisi karakter kendali (mis. NUL atau ESC) yang tidak diizinkan; ketik ulang isinya.")
}

/// The longest search text any command takes: a name, an NIP or a code is far shorter.
pub const MAX_SEARCH: usize = 100;

/// A search text (`q`) of a sane length; a huge one would only make SQLite refuse the
/// LIKE pattern.
pub fn search_text(q: &str) -> Result<(), crate::error::ApiError> {
    if has_control(q) {
        return Err(crate::error::ApiError::field(
            "q",
            control_message("Teks pencarian"),
        ));
    }
    if q.trim().chars().count() > MAX_SEARCH {
        return Err(crate::error::ApiError::field(
            "q",
            format!("Teks pencarian terlalu panjang (paling banyak {MAX_SEARCH} karakter)."),
        ));
    }
    Ok(())
}

/// Checks a text field from the outside: no control characters (see [`has_control`]) and
/// at most `max` characters (not bytes).
pub fn text(errors: &mut Errors, field: &str, label: &str, value: Option<&str>, max: usize) {
    if let Some(v) = value {
        if has_control(v) {
            errors.add(field, control_message(label));
            return;
        }
        let n = v.chars().count();
        if n > max {
            errors.add(
                field,
                format!("{label} terlalu panjang ({n} karakter; paling banyak {max})."),
            );
        }
    }
}

/// Longest one-line text of a thing's name, a rank, a position, an OPD, a place.
pub const MAX_LINE: usize = 300;
/// Longest short code or label: an OPD's short name, a check-in code, a nonce, a desk.
pub const MAX_SHORT: usize = 100;
/// Longest note or reason.
pub const MAX_NOTE: usize = 2_000;
/// No string in a command's arguments may be longer, file contents (base64) aside: every
/// field has its own, lower limit; this one holds for fields a use-case does not store.
pub const MAX_ARG_TEXT: usize = 20_000;
/// Argument keys whose strings are file contents in base64, not text: their size is
/// bounded by the request limit and checked when decoded.
const PAYLOAD_KEYS: &[&str] = &["data"];
/// How much of a value a message quotes.
const QUOTE_CHARS: usize = 40;

/// `s` to quote in a message: at most a short prefix, cut with "…", control characters
/// shown as `�`. A message never echoes a huge cell or a terminal escape.
pub fn quote(s: &str) -> String {
    shorten(s.trim(), QUOTE_CHARS)
}

/// `s` cut to `max` characters with "…", control characters other than line breaks and
/// tabs shown as `�`: a value from a file shown back to the user (an import's cell).
pub fn shorten(s: &str, max: usize) -> String {
    let mut out: String = s
        .chars()
        .take(max)
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// Like [`text`], as a 400 of its own naming the field.
pub fn check(
    field: &str,
    label: &str,
    value: Option<&str>,
    max: usize,
) -> Result<(), crate::error::ApiError> {
    let mut errors = Errors::default();
    text(&mut errors, field, label, value, max);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(crate::error::ApiError::validation(errors.0))
    }
}

/// The label of an argument key in messages, as the forms call it.
fn label_of(key: &str) -> String {
    let known = match key {
        "title" => "Judul",
        "name" => "Nama",
        "theme" => "Tema",
        "organizer" => "Penyelenggara",
        "venue" => "Tempat",
        "city" => "Kota",
        "legal_basis" => "Dasar hukum",
        "notes" | "note" => "Catatan",
        "rank" => "Pangkat/golongan",
        "position" => "Jabatan",
        "opd" => "OPD",
        "institution" => "Instansi",
        "duty" => "Tugas",
        "reason" => "Alasan",
        "room" => "Ruang",
        "short_name" => "Singkatan",
        "alias" | "aliases" => "Alias",
        "desk" => "Nama meja",
        "q" => "Teks pencarian",
        "code" => "Kode",
        "text" => "Teks",
        "phone" => "Nomor telepon",
        "email" => "E-mail",
        "nip" => "NIP",
        "nik" => "NIK",
        "file_name" => "Nama berkas",
        _ => "",
    };
    if known.is_empty() {
        format!("Isian \"{}\"", quote(key))
    } else {
        known.to_string()
    }
}

/// The check every command's arguments pass before a use-case sees them (in
/// `api::dispatch`): no string anywhere in them, keys included, holds a control character
/// other than a line break or a tab, and none is longer than [`MAX_ARG_TEXT`] (file
/// contents aside). The error names the field by its path (`signatories.0.name`).
pub fn check_args(args: &serde_json::Value) -> Result<(), crate::error::ApiError> {
    fn walk(v: &serde_json::Value, path: &str, key: &str) -> Result<(), crate::error::ApiError> {
        use serde_json::Value;
        let refuse = |message: String| {
            let field = if path.is_empty() { key } else { path };
            Err(crate::error::ApiError::validation(vec![FieldError {
                field: field.to_string(),
                message,
            }]))
        };
        match v {
            Value::String(s) => {
                if PAYLOAD_KEYS.contains(&key) {
                    return Ok(());
                }
                if has_control(s) {
                    return refuse(control_message(&label_of(key)));
                }
                let n = s.chars().count();
                if n > MAX_ARG_TEXT {
                    return refuse(format!(
                        "{} terlalu panjang ({n} karakter; paling banyak {MAX_ARG_TEXT}).",
                        label_of(key)
                    ));
                }
                Ok(())
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &join(path, &i.to_string()), key)?;
                }
                Ok(())
            }
            Value::Object(map) => {
                for (k, item) in map {
                    if has_control(k) || k.chars().count() > MAX_SHORT {
                        return refuse(format!("Nama isian \"{}\" tidak valid.", quote(k)));
                    }
                    walk(item, &join(path, k), k)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    fn join(path: &str, part: &str) -> String {
        if path.is_empty() {
            part.to_string()
        } else {
            format!("{path}.{part}")
        }
    }
    walk(args, "", "")
}

/// Parses a `YYYY-MM-DD` date of a plausible year (2000–2100).
pub fn date(errors: &mut Errors, field: &str, label: &str, value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    if v.is_empty() {
        errors.add(field, format!("{label} wajib diisi."));
        return None;
    }
    match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        Ok(d) if (2000..=2100).contains(&d.year()) => Some(d),
        Ok(_) => {
            errors.add(field, format!("{label}: tahun harus antara 2000 dan 2100."));
            None
        }
        Err(_) => {
            errors.add(
                field,
                format!(
                    "{label} tidak valid: \"{}\". Gunakan format TTTT-BB-HH, contoh 2019-09-17.",
                    quote(v)
                ),
            );
            None
        }
    }
}

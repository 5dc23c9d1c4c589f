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
                    "{label} tidak valid: \"{v}\". Gunakan format TTTT-BB-HH, contoh 2019-09-17."
                ),
            );
            None
        }
    }
}

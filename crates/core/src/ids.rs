//! Indonesian identifiers and contact data: NIP, NIK, phone numbers, e-mail, gender.
//! Each parser accepts what people really type or paste and returns the stored form, or a
//! message in Bahasa Indonesia that says what is wrong.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Gender as written on Indonesian forms: `L` (laki-laki) or `P` (perempuan); stored and
/// sent as that letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
pub enum Gender {
    L,
    P,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::L => "L",
            Gender::P => "P",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Gender::L => "laki-laki",
            Gender::P => "perempuan",
        }
    }

    pub fn from_code(s: &str) -> Option<Gender> {
        match s {
            "L" => Some(Gender::L),
            "P" => Some(Gender::P),
            _ => None,
        }
    }
}

impl rusqlite::types::ToSql for Gender {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl rusqlite::types::FromSql for Gender {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = v.as_str()?;
        Gender::from_code(s).ok_or_else(|| {
            rusqlite::types::FromSqlError::Other(
                format!("jenis kelamin tidak dikenal: {s:?}").into(),
            )
        })
    }
}

/// Parses the ways a gender is written: `L`, `P`, `Laki-laki`, `Perempuan`, `Pria`,
/// `Wanita`, `Lk`, `Pr`, `M`, `F`.
pub fn parse_gender(s: &str) -> Result<Gender, String> {
    let key: String = s
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    match key.as_str() {
        "l" | "lk" | "laki" | "lakilaki" | "pria" | "m" | "male" | "1" => Ok(Gender::L),
        "p" | "pr" | "perempuan" | "wanita" | "f" | "female" | "2" => Ok(Gender::P),
        _ => Err(format!(
            "Jenis kelamin \"{}\" tidak dikenali: isi L atau P.",
            crate::validate::quote(s)
        )),
    }
}

/// A decoded NIP (Nomor Induk Pegawai, 18 digits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nip {
    /// The 18 digits as stored.
    pub digits: String,
    pub birth_date: NaiveDate,
    /// Year and month of appointment (TMT CPNS).
    pub appointed: (i32, u32),
    pub gender: Gender,
}

impl Nip {
    /// Written the usual way: `19650312 199003 1 005`.
    pub fn formatted(&self) -> String {
        format_nip(&self.digits)
    }
}

/// `196503121990031005` → `19650312 199003 1 005`; other strings are returned as they are.
pub fn format_nip(digits: &str) -> String {
    if digits.len() == 18 && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{} {} {} {}",
            &digits[0..8],
            &digits[8..14],
            &digits[14..15],
            &digits[15..18]
        )
    } else {
        digits.to_string()
    }
}

/// Strips what people put around an ID: a leading `'` (Excel text marker), `NIP`, `NIP.`,
/// `NIK:`, spaces, dots and dashes. Returns the rest, which should be digits.
fn strip_id(s: &str, prefixes: &[&str]) -> String {
    let mut t = s.trim().trim_start_matches(['\'', '`', '‘', '’']).trim();
    let upper = t.to_uppercase();
    for p in prefixes {
        if upper.starts_with(p) {
            t = t[p.len()..].trim_start_matches([' ', '.', ':']);
            break;
        }
    }
    t.chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}' | '\t'))
        .collect()
}

/// Whether text looks like a number Excel printed in scientific notation
/// (`1.96503E+17`, `1,96503121990031E+17`): the digits are already lost.
fn is_scientific(s: &str) -> bool {
    let t = s.trim().to_uppercase();
    t.contains("E+") && t.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Whether an NIP or NIK cell means "none": the dashes and words that lists of non-ASN
/// staff (THL, PPPK without NIP) put there — `-`, `--`, `–`, `tidak ada`, `belum ada`,
/// `n/a`, … — also behind Excel's text mark `'`. Such a cell is an empty one.
pub fn is_placeholder(s: &str) -> bool {
    let t = s.trim().trim_start_matches('\'').trim().to_lowercase();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return true;
    }
    if t.chars().all(|c| {
        matches!(
            c,
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '_' | '.' | ' '
        )
    }) {
        return true;
    }
    matches!(
        t.as_str(),
        "tidak ada"
            | "tdk ada"
            | "belum ada"
            | "blm ada"
            | "tidak punya"
            | "belum punya"
            | "n/a"
            | "n.a."
            | "na"
            | "nihil"
            | "kosong"
            | "none"
            | "non asn"
            | "non-asn"
    )
}

/// Parses and validates a NIP: 18 digits = birth date YYYYMMDD + appointment YYYYMM +
/// gender (1/2) + sequence (3 digits). Accepts spaces, dots, a leading `'` or `NIP.`.
pub fn parse_nip(s: &str) -> Result<Nip, String> {
    if is_scientific(s) {
        return Err(rounded_number_message("NIP", s.trim()));
    }
    let d = strip_id(s, &["NIP"]);
    if d.is_empty() {
        return Err(format!(
            "NIP \"{}\" tidak berisi angka. Kosongkan kolom NIP bila peserta bukan ASN.",
            crate::validate::quote(s)
        ));
    }
    if !d.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "NIP \"{}\" mengandung karakter selain angka.",
            crate::validate::quote(s)
        ));
    }
    if d.len() != 18 {
        return Err(format!(
            "NIP harus 18 digit; \"{}\" berisi {} digit.",
            crate::validate::quote(s),
            d.len()
        ));
    }
    let num = |a: usize, b: usize| d[a..b].parse::<u32>().unwrap_or(0);
    let birth_date = NaiveDate::from_ymd_opt(num(0, 4) as i32, num(4, 6), num(6, 8))
        .filter(|b| b.year() >= 1930)
        .ok_or_else(|| {
            format!(
                "NIP \"{}\" tidak valid: 8 digit pertama ({}) bukan tanggal lahir yang benar.",
                crate::validate::quote(s),
                &d[0..8]
            )
        })?;
    let (ay, am) = (num(8, 12) as i32, num(12, 14));
    if !(1..=12).contains(&am) || ay < birth_date.year() + 14 || ay > 2100 {
        return Err(format!(
            "NIP \"{}\" tidak valid: digit 9–14 ({}) bukan tahun dan bulan pengangkatan yang benar.",
            crate::validate::quote(s),
            &d[8..14]
        ));
    }
    let gender = match &d[14..15] {
        "1" => Gender::L,
        "2" => Gender::P,
        g => {
            return Err(format!(
                "NIP \"{}\" tidak valid: digit ke-15 ({g}) harus 1 (laki-laki) atau 2 (perempuan).",
                crate::validate::quote(s)
            ))
        }
    };
    Ok(Nip {
        digits: d,
        birth_date,
        appointed: (ay, am),
        gender,
    })
}

/// The message for an ID that reached us as a spreadsheet number: Excel keeps 15
/// significant digits, so an 18-digit NIP or a 16-digit NIK has lost its last digits.
pub fn rounded_number_message(label: &str, shown: &str) -> String {
    format!(
        "{label} \"{}\" tersimpan sebagai angka di Excel sehingga digit terakhirnya sudah \
         berubah (Excel hanya menyimpan 15 digit). Ubah format kolom {label} menjadi Teks, \
         ketik ulang {label}, lalu impor lagi.",
        crate::validate::quote(shown)
    )
}

/// A decoded NIK (Nomor Induk Kependudukan, 16 digits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nik {
    pub digits: String,
    pub gender: Gender,
}

/// Parses and validates a NIK: 16 digits = region (6) + DDMMYY (day + 40 for women) + 4.
pub fn parse_nik(s: &str) -> Result<Nik, String> {
    if is_scientific(s) {
        return Err(rounded_number_message("NIK", s.trim()));
    }
    let d = strip_id(s, &["NIK"]);
    if d.is_empty() {
        return Err(format!(
            "NIK \"{}\" tidak berisi angka. Kosongkan kolom NIK bila tidak diketahui.",
            crate::validate::quote(s)
        ));
    }
    if !d.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "NIK \"{}\" mengandung karakter selain angka.",
            crate::validate::quote(s)
        ));
    }
    if d.len() != 16 {
        return Err(format!(
            "NIK harus 16 digit; \"{}\" berisi {} digit.",
            crate::validate::quote(s),
            d.len()
        ));
    }
    let num = |a: usize, b: usize| d[a..b].parse::<u32>().unwrap_or(0);
    let (day, month) = (num(6, 8), num(8, 10));
    let (day, gender) = if day > 40 {
        (day - 40, Gender::P)
    } else {
        (day, Gender::L)
    };
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) || num(0, 2) < 11 {
        return Err(format!(
            "NIK \"{}\" tidak valid: kode wilayah atau tanggal lahir di dalamnya tidak benar.",
            crate::validate::quote(s)
        ));
    }
    Ok(Nik { digits: d, gender })
}

/// `3315012345678912` → `3315**********12`: NIK in lists, prints and exports.
pub fn mask_nik(nik: &str) -> String {
    let chars: Vec<char> = nik.chars().collect();
    if chars.len() <= 6 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 6))
}

/// Normalises an Indonesian phone number to `+62…`: `0812-3456-789`, `62812…`,
/// `+62 812 …`, `(0292) 421234`, and `812…` (a leading 0 that Excel dropped).
pub fn parse_phone(s: &str) -> Result<String, String> {
    let t = s.trim();
    if is_scientific(t) {
        return Err(rounded_number_message("Nomor HP", t));
    }
    let plus = t.starts_with('+');
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    let junk = t
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '.' | '(' | ')' | '\'')));
    if junk || digits.is_empty() {
        return Err(format!(
            "Nomor HP \"{}\" tidak valid: gunakan angka saja, contoh 0812 3456 7890.",
            crate::validate::quote(t)
        ));
    }
    let national = if let Some(rest) = digits.strip_prefix("62") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest.to_string()
    } else if !plus && digits.starts_with('8') {
        digits.clone()
    } else {
        return Err(format!(
            "Nomor HP \"{}\" tidak valid: awali dengan 0 atau +62.",
            crate::validate::quote(t)
        ));
    };
    if !(8..=13).contains(&national.len()) || national.starts_with('0') {
        return Err(format!(
            "Nomor HP \"{}\" tidak valid: panjangnya tidak sesuai nomor Indonesia.",
            crate::validate::quote(t)
        ));
    }
    Ok(format!("+62{national}"))
}

/// A light e-mail check: one `@`, something before it, a dot in the domain, no spaces.
pub fn parse_email(s: &str) -> Result<String, String> {
    let t = s.trim().to_lowercase();
    let ok = match t.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !t.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(t)
    } else {
        Err(format!(
            "Email \"{}\" tidak valid, contoh: nama@grobogan.go.id.",
            crate::validate::quote(s)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nip_in_every_usual_spelling() {
        for s in [
            "196503121990031005",
            "19650312 199003 1 005",
            "'196503121990031005",
            "NIP. 19650312 199003 1 005",
            "NIP.19650312.199003.1.005",
            "nip: 196503121990031005",
            " 19650312-199003-1-005 ",
        ] {
            let nip = parse_nip(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(nip.digits, "196503121990031005");
            assert_eq!(nip.birth_date.to_string(), "1965-03-12");
            assert_eq!(nip.appointed, (1990, 3));
            assert_eq!(nip.gender, Gender::L);
            assert_eq!(nip.formatted(), "19650312 199003 1 005");
        }
        assert_eq!(
            parse_nip("198807242015032003").map(|n| n.gender),
            Ok(Gender::P)
        );
    }

    #[test]
    fn bad_nips_say_why() {
        let e = parse_nip("1.96503E+17").expect_err("rounded");
        assert!(e.contains("tersimpan sebagai angka"), "{e}");
        let e = parse_nip("19650312199003100").expect_err("17 digits");
        assert!(e.contains("18 digit") && e.contains("17 digit"), "{e}");
        let e = parse_nip("196513121990031005").expect_err("month 13");
        assert!(e.contains("tanggal lahir"), "{e}");
        let e = parse_nip("196503121990131005").expect_err("appointment month 13");
        assert!(e.contains("pengangkatan"), "{e}");
        let e = parse_nip("196503121990033005").expect_err("gender 3");
        assert!(e.contains("digit ke-15"), "{e}");
        let e = parse_nip("19650312 199003 1 00A").expect_err("letter");
        assert!(e.contains("selain angka"), "{e}");
    }

    #[test]
    fn nik_decodes_gender_and_masks() {
        let n = parse_nik("3315011203650001").expect("valid");
        assert_eq!(n.gender, Gender::L);
        let n = parse_nik("'3315 0152 0388 0002").expect("valid, woman: day 12+40");
        assert_eq!(n.gender, Gender::P);
        assert_eq!(n.digits, "3315015203880002");
        assert!(parse_nik("3315011213650001").is_err(), "month 13");
        assert!(parse_nik("331501120365001").is_err(), "15 digits");
        assert!(parse_nik("3.31501E+15")
            .expect_err("rounded")
            .contains("15 digit"));
        assert_eq!(mask_nik("3315011203650012"), "3315**********12");
    }

    #[test]
    fn phones_become_plus_62() {
        for (s, want) in [
            ("0812-3456-7890", "+6281234567890"),
            ("+62 812 3456 7890", "+6281234567890"),
            ("6281234567890", "+6281234567890"),
            ("81234567890", "+6281234567890"),
            ("'081234567890", "+6281234567890"),
            ("(0292) 421234", "+62292421234"),
        ] {
            assert_eq!(parse_phone(s).as_deref(), Ok(want), "{s}");
        }
        assert!(parse_phone("12345").is_err());
        assert!(parse_phone("0812 abc").is_err());
        assert!(parse_phone("+1 555 0100").is_err());
    }

    #[test]
    fn emails_and_genders() {
        assert_eq!(
            parse_email(" Rudi@Grobogan.go.id ").as_deref(),
            Ok("rudi@grobogan.go.id")
        );
        assert!(parse_email("rudi@grobogan").is_err());
        assert!(parse_email("rudi grobogan.go.id").is_err());
        for s in ["L", "l", "Laki-laki", "LAKI LAKI", "Pria", "Lk."] {
            assert_eq!(parse_gender(s), Ok(Gender::L), "{s}");
        }
        for s in ["P", "Perempuan", "wanita", "Pr"] {
            assert_eq!(parse_gender(s), Ok(Gender::P), "{s}");
        }
        assert!(parse_gender("X").is_err());
    }
}

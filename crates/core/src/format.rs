//! Indonesian formatting of dates, as printed on every screen and document.

use chrono::{Datelike, NaiveDate, Weekday};

pub const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

pub fn day_name(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Senin",
        Weekday::Tue => "Selasa",
        Weekday::Wed => "Rabu",
        Weekday::Thu => "Kamis",
        Weekday::Fri => "Jumat",
        Weekday::Sat => "Sabtu",
        Weekday::Sun => "Minggu",
    }
}

/// `17 September 2019`.
pub fn date_long(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// `Selasa, 17 September 2019`.
pub fn date_with_day(d: NaiveDate) -> String {
    format!("{}, {}", day_name(d), date_long(d))
}

/// An RFC 3339 time in this computer's local time: `17 September 2019 pukul 08.12`; the
/// text as given when it is not one.
pub fn local_date_time(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => {
            let t = t.with_timezone(&chrono::Local);
            format!("{} pukul {}", date_long(t.date_naive()), t.format("%H.%M"))
        }
        Err(_) => at.to_string(),
    }
}

/// A date range as Indonesian writes it: `17–18 September 2019`,
/// `30 September – 1 Oktober 2019`, or one date when both are the same day.
pub fn date_range(start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        date_with_day(start)
    } else if start.year() == end.year() && start.month() == end.month() {
        format!("{}–{}", start.day(), date_long(end))
    } else if start.year() == end.year() {
        format!(
            "{} {} – {}",
            start.day(),
            MONTHS[start.month0() as usize],
            date_long(end)
        )
    } else {
        format!("{} – {}", date_long(start), date_long(end))
    }
}

/// An event's days from its ISO dates: `Selasa–Rabu, 17–18 September 2019`, or
/// `Selasa, 17 September 2019` for a one-day event; `None` when a date does not parse.
pub fn event_days(start: &str, end: &str) -> Option<String> {
    let (a, b) = (iso(start)?, iso(end)?);
    Some(if a == b {
        date_with_day(a)
    } else {
        format!("{}–{}, {}", day_name(a), day_name(b), date_range(a, b))
    })
}

/// An event's [`date_range`] from its ISO dates, or the start date as stored when a date
/// does not parse.
pub fn event_dates(start: &str, end: &str) -> String {
    match (iso(start), iso(end)) {
        (Some(a), Some(b)) => date_range(a, b),
        _ => start.to_string(),
    }
}

/// `Purwodadi, 17–18 September 2019`: where and when an event is, as certificates and
/// the verification list print it (no city: the dates alone).
pub fn event_place_dates(city: Option<&str>, start: &str, end: &str) -> String {
    let dates = event_dates(start, end);
    match city.map(str::trim).filter(|c| !c.is_empty()) {
        Some(city) => format!("{city}, {dates}"),
        None => dates,
    }
}

#[cfg(test)]
mod words_tests {
    use super::terbilang;

    #[test]
    fn numbers_in_words() {
        for (n, words) in [
            (0, "nol"),
            (1, "satu"),
            (11, "sebelas"),
            (19, "sembilan belas"),
            (21, "dua puluh satu"),
            (100, "seratus"),
            (110, "seratus sepuluh"),
            (1_000, "seribu"),
            (1_100, "seribu seratus"),
            (25_000, "dua puluh lima ribu"),
            (100_000, "seratus ribu"),
            (1_001_000, "satu juta seribu"),
            (1_800_000, "satu juta delapan ratus ribu"),
            (
                1_234_567,
                "satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh",
            ),
            (1_000_000_000, "satu miliar"),
            (
                999_999_999_999,
                "sembilan ratus sembilan puluh sembilan miliar sembilan ratus sembilan puluh \
                 sembilan juta sembilan ratus sembilan puluh sembilan ribu sembilan ratus \
                 sembilan puluh sembilan",
            ),
            (2_000_000_000_000, "dua triliun"),
        ] {
            assert_eq!(terbilang(n), words, "{n}");
        }
    }
}

fn iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A number in Indonesian words, as letters and receipts write amounts: `0` "nol",
/// `11` "sebelas", `1001000` "satu juta seribu", up to the trillions.
pub fn terbilang(n: u64) -> String {
    const ONES: [&str; 12] = [
        "", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
        "sepuluh", "sebelas",
    ];
    fn words(n: u64) -> String {
        let join = |head: String, rest: u64| {
            if rest == 0 {
                head
            } else {
                format!("{head} {}", words(rest))
            }
        };
        match n {
            0 => String::new(),
            1..=11 => ONES[n as usize].to_string(),
            12..=19 => format!("{} belas", ONES[(n - 10) as usize]),
            20..=99 => join(format!("{} puluh", ONES[(n / 10) as usize]), n % 10),
            100..=199 => join("seratus".to_string(), n - 100),
            200..=999 => join(format!("{} ratus", ONES[(n / 100) as usize]), n % 100),
            1_000..=1_999 => join("seribu".to_string(), n - 1_000),
            2_000..=999_999 => join(format!("{} ribu", words(n / 1_000)), n % 1_000),
            1_000_000..=999_999_999 => {
                join(format!("{} juta", words(n / 1_000_000)), n % 1_000_000)
            }
            1_000_000_000..=999_999_999_999 => join(
                format!("{} miliar", words(n / 1_000_000_000)),
                n % 1_000_000_000,
            ),
            _ => join(
                format!("{} triliun", words(n / 1_000_000_000_000)),
                n % 1_000_000_000_000,
            ),
        }
    }
    if n == 0 {
        "nol".to_string()
    } else {
        words(n)
    }
}

/// `3 (tiga)`: a count as letters write it.
pub fn count_words(n: u64) -> String {
    format!("{n} ({})", terbilang(n))
}

/// Whole rupiah with dots between thousands, as Indonesian documents print money:
/// `1800000` "1.800.000", `-5000` "-5.000".
pub fn rupiah(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// An amount in words with its first letter capital, as a kwitansi writes it:
/// "Satu juta delapan ratus ribu rupiah".
pub fn rupiah_words(n: u64) -> String {
    capitalize(&format!("{} rupiah", terbilang(n)))
}

/// `s` with its first letter capital: "golongan …" → "Golongan …".
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `part` of `whole` in whole percent, rounded half up; `None` when `whole` is 0.
pub fn percent(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 200 + whole) / (whole * 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_figures_and_words() {
        assert_eq!(rupiah(0), "0");
        assert_eq!(rupiah(900), "900");
        assert_eq!(rupiah(1_800_000), "1.800.000");
        assert_eq!(rupiah(-25_000), "-25.000");
        assert_eq!(rupiah(999_999_999_999), "999.999.999.999");
        assert_eq!(
            rupiah_words(1_800_000),
            "Satu juta delapan ratus ribu rupiah"
        );
        assert_eq!(rupiah_words(0), "Nol rupiah");
    }

    #[test]
    fn percent_rounds_half_up_and_knows_no_denominator() {
        assert_eq!(percent(5, 6), Some(83));
        assert_eq!(percent(1, 8), Some(13)); // 12.5 → 13
        assert_eq!(percent(4, 5), Some(80));
        assert_eq!(percent(0, 6), Some(0));
        assert_eq!(percent(6, 6), Some(100));
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn event_lines_in_indonesian() {
        assert_eq!(
            event_days("2019-09-17", "2019-09-18").as_deref(),
            Some("Selasa–Rabu, 17–18 September 2019")
        );
        assert_eq!(
            event_days("2019-09-17", "2019-09-17").as_deref(),
            Some("Selasa, 17 September 2019")
        );
        assert_eq!(event_days("kemarin", "2019-09-17"), None);
        assert_eq!(
            event_place_dates(Some(" Purwodadi "), "2019-09-17", "2019-09-18"),
            "Purwodadi, 17–18 September 2019"
        );
        assert_eq!(
            event_place_dates(Some(""), "2019-09-17", "2019-09-18"),
            "17–18 September 2019"
        );
        assert_eq!(event_dates("2019-9-17", "x"), "2019-9-17");
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn formats_the_seed_story_date() {
        assert_eq!(date_with_day(d("2019-09-17")), "Selasa, 17 September 2019");
        assert_eq!(date_with_day(d("2024-02-29")), "Kamis, 29 Februari 2024");
    }

    #[test]
    fn formats_ranges() {
        assert_eq!(
            date_range(d("2019-09-17"), d("2019-09-18")),
            "17–18 September 2019"
        );
        assert_eq!(
            date_range(d("2019-09-30"), d("2019-10-01")),
            "30 September – 1 Oktober 2019"
        );
        assert_eq!(
            date_range(d("2019-12-31"), d("2020-01-02")),
            "31 Desember 2019 – 2 Januari 2020"
        );
        assert_eq!(
            date_range(d("2019-09-17"), d("2019-09-17")),
            "Selasa, 17 September 2019"
        );
    }
}

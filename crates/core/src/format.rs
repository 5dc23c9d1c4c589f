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

#[cfg(test)]
mod tests {
    use super::*;

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

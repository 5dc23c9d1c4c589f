//! Keuangan: the honoraria of narasumber, moderators and the pembawa acara, the
//! participants' transport money by days present, the PPh 21 withheld, and the payment
//! documents the treasurer signs (daftar nominatif, kwitansi, daftar penerimaan uang
//! transport, rekap PPh 21).
//!
//! Money is whole rupiah (`i64`), never floating point. Every figure is computed from what
//! Bintek already knows — who spoke in which session for how long, who was present on
//! which day — and the rate table of the budget year, and every line carries its trace:
//! the sessions, the hours, the rate and where it came from, the tax rule applied.

pub mod docs;
pub mod tax;

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::agenda::event_or_404;
use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode};
use crate::files::FilePayload;
use crate::format::rupiah;
use crate::model::{Event, Participant, Role, Session};
use crate::store::audit::Audit;
use crate::store::finance::{self as db, PersonFinanceRow, RateRow, RegistrationFinanceRow};
use crate::tx::Tx;
use crate::validate::{self, Errors};
use tax::{EmploymentStatus, PppkRule, TaxRules};

/// What a rate pays for, and per what.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum RateKind {
    /// Per hour of a narasumber's sessions.
    Narasumber,
    /// Per session moderated.
    Moderator,
    /// Per event, to the committee member whose duty is pembawa acara (MC).
    PembawaAcara,
    /// Per day a participant was present.
    Transport,
}

impl RateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RateKind::Narasumber => "narasumber",
            RateKind::Moderator => "moderator",
            RateKind::PembawaAcara => "pembawa_acara",
            RateKind::Transport => "transport",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "narasumber" => RateKind::Narasumber,
            "moderator" => RateKind::Moderator,
            "pembawa_acara" => RateKind::PembawaAcara,
            "transport" => RateKind::Transport,
            _ => return None,
        })
    }

    /// "Narasumber", "Pembawa acara".
    pub fn label(self) -> &'static str {
        match self {
            RateKind::Narasumber => "Narasumber",
            RateKind::Moderator => "Moderator",
            RateKind::PembawaAcara => "Pembawa acara",
            RateKind::Transport => "Uang transport peserta",
        }
    }

    /// The unit one rate pays: "jam", "sesi", "kegiatan", "hari".
    pub fn unit(self) -> &'static str {
        match self {
            RateKind::Narasumber => "jam",
            RateKind::Moderator => "sesi",
            RateKind::PembawaAcara => "kegiatan",
            RateKind::Transport => "hari",
        }
    }
}

/// The levels of a narasumber's rate (PMK standar biaya masukan).
pub const LEVELS: &[&str] = &["menteri", "eselon_1", "eselon_2", "eselon_3"];

/// A level as the rate table and the screen name it.
pub fn level_label(level: &str) -> &'static str {
    match level {
        "menteri" => "Menteri/pejabat setingkat menteri",
        "eselon_1" => "Eselon I/setingkat",
        "eselon_2" => "Eselon II/setingkat",
        "eselon_3" => "Eselon III ke bawah/non-eselon",
        _ => "",
    }
}

/// The level a narasumber's rate follows when none is set: the lowest.
const DEFAULT_LEVEL: &str = "eselon_3";

/// The rows the app ships for a year without rates, from PMK 49/2023 (SBM 2024). They are
/// marked as examples until changed: every region sets its own by Perbup/SSH.
pub const EXAMPLE_RATES: &[(RateKind, &str, &str, i64)] = &[
    (
        RateKind::Narasumber,
        "menteri",
        "Honorarium narasumber menteri/setingkat, per orang per jam",
        1_700_000,
    ),
    (
        RateKind::Narasumber,
        "eselon_1",
        "Honorarium narasumber eselon I/setingkat, per orang per jam",
        1_400_000,
    ),
    (
        RateKind::Narasumber,
        "eselon_2",
        "Honorarium narasumber eselon II/setingkat, per orang per jam",
        1_000_000,
    ),
    (
        RateKind::Narasumber,
        "eselon_3",
        "Honorarium narasumber eselon III ke bawah/non-eselon, per orang per jam",
        900_000,
    ),
    (
        RateKind::Moderator,
        "",
        "Honorarium moderator, per orang per kali",
        700_000,
    ),
    (
        RateKind::PembawaAcara,
        "",
        "Honorarium pembawa acara, per orang per kegiatan",
        400_000,
    ),
    (
        RateKind::Transport,
        "",
        "Uang transport peserta kegiatan di dalam kota, per orang per hari",
        150_000,
    ),
];

/// The note on example rates, as the screen and the export show it.
pub const EXAMPLE_NOTE: &str = "contoh — sesuaikan dengan Perbup/SSH daerah";

/// How a narasumber's minutes become hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum HourRounding {
    /// Whole hours only: 90 minutes is 1 hour (the default: never pays an hour not given).
    Down,
    /// Any started hour: 61 minutes is 2 hours.
    Up,
    /// Half an hour or more counts: 90 minutes is 2 hours.
    Nearest,
}

impl HourRounding {
    fn as_str(self) -> &'static str {
        match self {
            HourRounding::Down => "down",
            HourRounding::Up => "up",
            HourRounding::Nearest => "nearest",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "down" => HourRounding::Down,
            "up" => HourRounding::Up,
            "nearest" => HourRounding::Nearest,
            _ => return None,
        })
    }

    /// Whole hours of `minutes`.
    pub fn hours(self, minutes: i64) -> i64 {
        let m = minutes.max(0);
        match self {
            HourRounding::Down => m / 60,
            HourRounding::Up => (m + 59) / 60,
            HourRounding::Nearest => (m + 30) / 60,
        }
    }

    fn words(self) -> &'static str {
        match self {
            HourRounding::Down => "dibulatkan ke bawah",
            HourRounding::Up => "dibulatkan ke atas",
            HourRounding::Nearest => "dibulatkan ke jam terdekat",
        }
    }
}

/// The payment documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum FinanceDoc {
    /// Daftar nominatif honorarium (PDF or XLSX).
    Nominatif,
    /// A kwitansi per recipient of an honorarium (PDF).
    Kwitansi,
    /// Daftar penerimaan uang transport peserta per OPD (PDF or XLSX).
    Transport,
    /// Rekap PPh 21 per person for e-Bupot (XLSX).
    Pph,
}

impl FinanceDoc {
    pub fn as_str(self) -> &'static str {
        match self {
            FinanceDoc::Nominatif => "nominatif",
            FinanceDoc::Kwitansi => "kwitansi",
            FinanceDoc::Transport => "transport",
            FinanceDoc::Pph => "pph",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FinanceDoc::Nominatif => "Daftar nominatif honorarium",
            FinanceDoc::Kwitansi => "Kwitansi",
            FinanceDoc::Transport => "Daftar penerimaan uang transport",
            FinanceDoc::Pph => "Rekap PPh 21",
        }
    }

    const ALL: [FinanceDoc; 4] = [
        FinanceDoc::Nominatif,
        FinanceDoc::Kwitansi,
        FinanceDoc::Transport,
        FinanceDoc::Pph,
    ];
}

// ---- answers -----------------------------------------------------------------------------

/// One row of the rate table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Rate {
    pub year: i64,
    pub kind: RateKind,
    /// The narasumber's level (`eselon_2`), "" for the other kinds.
    pub level: String,
    pub description: String,
    /// Rupiah per unit.
    pub amount: i64,
    /// The regulation's ceiling; a rate above it warns.
    pub cap: Option<i64>,
    /// Shipped as an example and not changed since.
    pub example: bool,
}

impl Rate {
    fn from_row(r: RateRow) -> Option<Self> {
        Some(Rate {
            year: r.year,
            kind: RateKind::parse(&r.kind)?,
            level: r.level,
            description: r.description,
            amount: r.amount,
            cap: r.cap,
            example: r.example,
        })
    }
}

/// An event's finance settings as they apply (defaults filled in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FinanceSettings {
    pub event_id: String,
    /// The budget year whose rates apply (the event's year unless set).
    pub budget_year: i64,
    pub program: String,
    pub kegiatan: String,
    pub sub_kegiatan: String,
    /// Kode rekening of the honoraria (5.1.02.02.01.0003 …).
    pub account_honor: String,
    /// Kode rekening of the participants' transport money.
    pub account_transport: String,
    pub hour_rounding: HourRounding,
    /// Halve the honorarium of a narasumber from the organizing agency.
    pub halve_internal: bool,
    /// PPh 21 final of golongan I–II, III and IV, in basis points (500 = 5 %).
    pub final_low_bp: i64,
    pub final_iii_bp: i64,
    pub final_iv_bp: i64,
    /// The share of a non-employee's gross taxed under Pasal 17, in percent.
    pub dpp_percent: i64,
    /// 120 % for a non-employee without an NPWP.
    pub no_npwp_surcharge: bool,
    /// An NIK counts as an NPWP (PMK 112/2022).
    pub nik_as_npwp: bool,
    pub pppk_rule: PppkRule,
    /// Where the documents are signed: the event's city unless set.
    pub place: String,
    /// `YYYY-MM-DD` on the documents: the event's last day unless set.
    pub pay_date: String,
    pub pa_name: String,
    pub pa_nip: String,
    /// "Pengguna Anggaran" or "Kuasa Pengguna Anggaran".
    pub pa_title: String,
    pub pptk_name: String,
    pub pptk_nip: String,
    pub bendahara_name: String,
    pub bendahara_nip: String,
}

/// One step of a line's computation, as the screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TraceItem {
    /// "Keamanan Informasi — Selasa, 8 Desember 2026, 09.00–11.00".
    pub label: String,
    /// "120 menit", "hadir".
    pub value: String,
}

/// What one registration is paid for one kind of work, and how it came to that.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PayLine {
    pub registration_id: String,
    pub person_id: String,
    pub name: String,
    /// Formatted NIP.
    pub nip: Option<String>,
    pub role: Role,
    pub kind: RateKind,
    /// The OPD, or the institution of someone from outside.
    pub unit: String,
    pub opd_id: Option<String>,
    pub position: Option<String>,
    pub status: EmploymentStatus,
    /// Whether the status was set, or guessed (an NIP: PNS; none: bukan ASN).
    pub status_set: bool,
    pub golongan: Option<String>,
    /// The narasumber's level for the rate.
    pub level: String,
    /// The session titles (narasumber, moderator).
    pub materi: Vec<String>,
    pub trace: Vec<TraceItem>,
    pub quantity: i64,
    /// "jam", "sesi", "kegiatan", "hari".
    pub unit_name: String,
    pub rate: i64,
    /// "Tabel 2026: narasumber eselon III ke bawah" or "tarif khusus orang ini".
    pub rate_source: String,
    pub gross: i64,
    pub tax: i64,
    /// "5%", "2,5%".
    pub tax_rate: String,
    pub tax_rule: String,
    pub net: i64,
    /// Masked (`******7890`) unless revealed.
    pub account_no: Option<String>,
    pub bank: Option<String>,
    pub account_name: Option<String>,
    /// Masked unless revealed.
    pub npwp: Option<String>,
    /// Masked unless revealed.
    pub nik: Option<String>,
    /// Works at the organizing agency.
    pub internal: bool,
    /// Paid nothing by the organizer's decision (declined, paid elsewhere).
    pub unpaid: bool,
    /// Why the line cannot be printed (a rate or a golongan missing).
    pub problems: Vec<String>,
    /// What deserves a look (a rate above its ceiling, an example rate).
    pub warnings: Vec<String>,
}

/// A payment document: when it was last printed, and whether the figures changed since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DocState {
    pub doc: FinanceDoc,
    pub printed_at: Option<String>,
    /// Printed, and the figures it showed have changed since: print it again.
    pub outdated: bool,
}

/// Sums of a list of lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Totals {
    pub people: i64,
    pub gross: i64,
    pub tax: i64,
    pub net: i64,
}

/// The Keuangan screen: the settings, the year's rates, every line with its trace, the
/// totals and the documents' state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FinanceOverview {
    pub settings: FinanceSettings,
    pub rates: Vec<Rate>,
    /// Years that have rates (to copy from).
    pub rate_years: Vec<i64>,
    pub honor: Vec<PayLine>,
    pub transport: Vec<PayLine>,
    pub honor_totals: Totals,
    pub transport_totals: Totals,
    pub documents: Vec<DocState>,
    /// Whole-event notes: speakers without sessions, example rates in use.
    pub warnings: Vec<String>,
}

// ---- arguments ---------------------------------------------------------------------------

/// Changes to an event's finance settings: a field left out stays, an empty text returns
/// it to its default.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct FinanceSettingsArgs {
    pub event_id: String,
    /// 0: the event's year.
    pub budget_year: Option<i64>,
    pub program: Option<String>,
    pub kegiatan: Option<String>,
    pub sub_kegiatan: Option<String>,
    pub account_honor: Option<String>,
    pub account_transport: Option<String>,
    pub hour_rounding: Option<HourRounding>,
    pub halve_internal: Option<bool>,
    /// Percent with up to two decimals as basis points: 500 = 5 %.
    pub final_low_bp: Option<i64>,
    pub final_iii_bp: Option<i64>,
    pub final_iv_bp: Option<i64>,
    pub dpp_percent: Option<i64>,
    pub no_npwp_surcharge: Option<bool>,
    pub nik_as_npwp: Option<bool>,
    pub pppk_rule: Option<PppkRule>,
    pub place: Option<String>,
    pub pay_date: Option<String>,
    pub pa_name: Option<String>,
    pub pa_nip: Option<String>,
    pub pa_title: Option<String>,
    pub pptk_name: Option<String>,
    pub pptk_nip: Option<String>,
    pub bendahara_name: Option<String>,
    pub bendahara_nip: Option<String>,
}

/// One rate to add, change or delete.
#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct RateSetArgs {
    pub year: i64,
    pub kind: RateKind,
    /// The narasumber's level; "" or left out for the other kinds.
    pub level: Option<String>,
    pub description: Option<String>,
    pub amount: Option<i64>,
    /// The ceiling; 0 or left out: none.
    pub cap: Option<i64>,
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub delete: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct RateYearArgs {
    pub year: i64,
}

/// A rate table from a spreadsheet: it replaces the year's rates, all or nothing.
#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct RateImportArgs {
    pub year: i64,
    pub file_name: String,
    /// The file's bytes, base64-encoded.
    pub data: String,
}

/// Copies a year's rates to another year that has none (the new year's table starts as
/// last year's), or the shipped examples when `from_year` is left out.
#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct RateCopyArgs {
    pub year: i64,
    pub from_year: Option<i64>,
}

/// Changes to a recipient's payment details: a field left out stays, an empty text clears
/// it. Person-wide details (status, golongan, NPWP, bank) follow the person to every
/// event; `rate`, `transport_days` and `unpaid` are this registration's.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct RecipientSetArgs {
    pub registration_id: String,
    /// `pns`, `pppk`, `tni_polri`, `pejabat_negara`, `pensiunan`, `bukan_asn`; "" clears.
    pub status: Option<String>,
    /// "III/c"; a PPPK's "IX".
    pub golongan: Option<String>,
    /// `menteri`, `eselon_1`, `eselon_2`, `eselon_3`.
    pub level: Option<String>,
    pub npwp: Option<String>,
    pub bank: Option<String>,
    pub account_no: Option<String>,
    pub account_name: Option<String>,
    pub internal: Option<bool>,
    /// A rate agreed for this person; 0 clears it.
    pub rate: Option<i64>,
    /// Days of transport set by hand; -1 clears it (back to the attendance).
    pub transport_days: Option<i64>,
    /// Why the days were corrected: required with them.
    pub transport_reason: Option<String>,
    pub unpaid: Option<bool>,
}

/// The Keuangan screen of an event.
#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct FinanceGetArgs {
    pub event_id: String,
    /// Show account numbers, NPWP and NIK whole.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub reveal: bool,
}

/// One payment document.
#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct FinancePrintArgs {
    pub event_id: String,
    pub doc: FinanceDoc,
    /// `pdf` (default; the rekap PPh is XLSX only) or `xlsx`.
    pub format: Option<String>,
    /// Print account numbers, NPWP and NIK whole (the bank and the tax office need them).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub reveal: bool,
}

// ---- settings ----------------------------------------------------------------------------

fn resolve_settings(event: &Event, s: &db::SettingsRow) -> FinanceSettings {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    FinanceSettings {
        event_id: event.id.clone(),
        budget_year: s.budget_year.unwrap_or_else(|| event_year(event)),
        program: text(&s.program),
        kegiatan: text(&s.kegiatan),
        sub_kegiatan: text(&s.sub_kegiatan),
        account_honor: text(&s.account_honor),
        account_transport: text(&s.account_transport),
        hour_rounding: s
            .hour_rounding
            .as_deref()
            .and_then(HourRounding::parse)
            .unwrap_or(HourRounding::Down),
        halve_internal: s.halve_internal,
        final_low_bp: s.final_low_bp.unwrap_or(TaxRules::default().final_low_bp),
        final_iii_bp: s.final_iii_bp.unwrap_or(TaxRules::default().final_iii_bp),
        final_iv_bp: s.final_iv_bp.unwrap_or(TaxRules::default().final_iv_bp),
        dpp_percent: s.dpp_percent.unwrap_or(TaxRules::default().dpp_percent),
        no_npwp_surcharge: s.no_npwp_surcharge,
        nik_as_npwp: s.nik_as_npwp,
        pppk_rule: match s.pppk_rule.as_deref() {
            Some("seperti_pns") => PppkRule::SepertiPns,
            _ => PppkRule::BukanPegawai,
        },
        place: s
            .place
            .clone()
            .or_else(|| event.city.clone())
            .unwrap_or_default(),
        pay_date: s.pay_date.clone().unwrap_or_else(|| event.end_date.clone()),
        pa_name: text(&s.pa_name),
        pa_nip: text(&s.pa_nip),
        pa_title: s
            .pa_title
            .clone()
            .unwrap_or_else(|| "Pengguna Anggaran".to_string()),
        pptk_name: text(&s.pptk_name),
        pptk_nip: text(&s.pptk_nip),
        bendahara_name: text(&s.bendahara_name),
        bendahara_nip: text(&s.bendahara_nip),
    }
}

fn event_year(event: &Event) -> i64 {
    NaiveDate::parse_from_str(&event.start_date, "%Y-%m-%d")
        .map(|d| i64::from(d.year()))
        .unwrap_or(2000)
}

fn rules_of(s: &FinanceSettings) -> TaxRules {
    TaxRules {
        final_low_bp: s.final_low_bp,
        final_iii_bp: s.final_iii_bp,
        final_iv_bp: s.final_iv_bp,
        dpp_percent: s.dpp_percent,
        no_npwp_surcharge: s.no_npwp_surcharge,
        pppk: s.pppk_rule,
    }
}

/// A text setting: where it is kept, the new value, its field, its label, its limit.
type TextSetting<'a> = (
    &'a mut Option<String>,
    Option<String>,
    &'static str,
    &'static str,
    usize,
);

/// Saves changed settings; answers them as they now apply.
pub(crate) fn finance_settings_set(
    tx: &Tx,
    args: FinanceSettingsArgs,
) -> Result<FinanceSettings, ApiError> {
    let event = event_or_404(tx, &args.event_id)?;
    let mut s = db::get_settings(tx, &event.id)?;
    let mut errors = Errors::default();
    if let Some(y) = args.budget_year {
        if y == 0 {
            s.budget_year = None;
        } else if !(2000..=2100).contains(&y) {
            errors.add("budget_year", "Tahun anggaran harus antara 2000 dan 2100.");
        } else {
            s.budget_year = Some(y);
        }
    }
    let texts: [TextSetting<'_>; 13] = [
        (
            &mut s.program,
            args.program,
            "program",
            "Program",
            validate::MAX_LINE,
        ),
        (
            &mut s.kegiatan,
            args.kegiatan,
            "kegiatan",
            "Kegiatan",
            validate::MAX_LINE,
        ),
        (
            &mut s.sub_kegiatan,
            args.sub_kegiatan,
            "sub_kegiatan",
            "Sub kegiatan",
            validate::MAX_LINE,
        ),
        (
            &mut s.account_honor,
            args.account_honor,
            "account_honor",
            "Kode rekening honorarium",
            validate::MAX_SHORT,
        ),
        (
            &mut s.account_transport,
            args.account_transport,
            "account_transport",
            "Kode rekening uang transport",
            validate::MAX_SHORT,
        ),
        (
            &mut s.place,
            args.place,
            "place",
            "Tempat",
            validate::MAX_SHORT,
        ),
        (
            &mut s.pa_name,
            args.pa_name,
            "pa_name",
            "Nama PA/KPA",
            validate::MAX_LINE,
        ),
        (
            &mut s.pa_title,
            args.pa_title,
            "pa_title",
            "Sebutan PA/KPA",
            validate::MAX_LINE,
        ),
        (
            &mut s.pptk_name,
            args.pptk_name,
            "pptk_name",
            "Nama PPTK",
            validate::MAX_LINE,
        ),
        (
            &mut s.bendahara_name,
            args.bendahara_name,
            "bendahara_name",
            "Nama bendahara pengeluaran",
            validate::MAX_LINE,
        ),
        (
            &mut s.pa_nip,
            args.pa_nip,
            "pa_nip",
            "NIP PA/KPA",
            validate::MAX_SHORT,
        ),
        (
            &mut s.pptk_nip,
            args.pptk_nip,
            "pptk_nip",
            "NIP PPTK",
            validate::MAX_SHORT,
        ),
        (
            &mut s.bendahara_nip,
            args.bendahara_nip,
            "bendahara_nip",
            "NIP bendahara",
            validate::MAX_SHORT,
        ),
    ];
    for (slot, value, field, label, max) in texts {
        if let Some(v) = value {
            let v = validate::one_line(&v);
            validate::text(&mut errors, field, label, Some(&v), max);
            if field.ends_with("_nip") && !v.is_empty() {
                match crate::ids::parse_nip(&v) {
                    Ok(nip) => {
                        *slot = Some(nip.formatted());
                        continue;
                    }
                    Err(message) => errors.add(field, format!("{label}: {message}")),
                }
            }
            *slot = (!v.is_empty()).then_some(v);
        }
    }
    if let Some(r) = args.hour_rounding {
        s.hour_rounding = Some(r.as_str().to_string());
    }
    if let Some(h) = args.halve_internal {
        s.halve_internal = h;
    }
    for (slot, value, field, label) in [
        (
            &mut s.final_low_bp,
            args.final_low_bp,
            "final_low_bp",
            "Tarif final golongan I–II",
        ),
        (
            &mut s.final_iii_bp,
            args.final_iii_bp,
            "final_iii_bp",
            "Tarif final golongan III",
        ),
        (
            &mut s.final_iv_bp,
            args.final_iv_bp,
            "final_iv_bp",
            "Tarif final golongan IV",
        ),
    ] {
        if let Some(v) = value {
            if (0..=10_000).contains(&v) {
                *slot = Some(v);
            } else {
                errors.add(field, format!("{label} harus antara 0% dan 100%."));
            }
        }
    }
    if let Some(v) = args.dpp_percent {
        if (1..=100).contains(&v) {
            s.dpp_percent = Some(v);
        } else {
            errors.add(
                "dpp_percent",
                "Dasar pengenaan bukan pegawai harus 1–100% dari bruto.",
            );
        }
    }
    if let Some(v) = args.no_npwp_surcharge {
        s.no_npwp_surcharge = v;
    }
    if let Some(v) = args.nik_as_npwp {
        s.nik_as_npwp = v;
    }
    if let Some(r) = args.pppk_rule {
        s.pppk_rule = Some(
            match r {
                PppkRule::BukanPegawai => "bukan_pegawai",
                PppkRule::SepertiPns => "seperti_pns",
            }
            .to_string(),
        );
    }
    if let Some(d) = args.pay_date {
        let d = d.trim().to_string();
        if d.is_empty() {
            s.pay_date = None;
        } else if NaiveDate::parse_from_str(&d, "%Y-%m-%d").is_ok() {
            s.pay_date = Some(d);
        } else {
            errors.add("pay_date", "Tanggal harus berformat TTTT-BB-HH.");
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    db::put_settings(tx, &event.id, &s)?;
    tx.audit(Audit::FinanceSettings, Some(&event.id), None)?;
    Ok(resolve_settings(&event, &s))
}

// ---- rates -------------------------------------------------------------------------------

fn check_year(errors: &mut Errors, year: i64) {
    if !(2000..=2100).contains(&year) {
        errors.add("year", "Tahun anggaran harus antara 2000 dan 2100.");
    }
}

fn level_of(errors: &mut Errors, field: &str, kind: RateKind, level: Option<&str>) -> String {
    let level = level.map(str::trim).unwrap_or("");
    match kind {
        RateKind::Narasumber => {
            if LEVELS.contains(&level) {
                level.to_string()
            } else {
                errors.add(
                    field,
                    format!(
                        "Tingkat tarif narasumber {} tidak dikenal: pilih {}.",
                        validate::quote(level),
                        LEVELS.join(", ")
                    ),
                );
                String::new()
            }
        }
        _ => {
            if !level.is_empty() {
                errors.add(
                    field,
                    format!(
                        "Tarif {} tidak bertingkat: kosongkan tingkatnya.",
                        kind.as_str()
                    ),
                );
            }
            String::new()
        }
    }
}

fn check_amount(errors: &mut Errors, field: &str, label: &str, amount: i64) {
    if !(0..=1_000_000_000).contains(&amount) {
        errors.add(
            field,
            format!("{label} harus antara Rp0 dan Rp1.000.000.000 (rupiah bulat)."),
        );
    }
}

/// Adds, changes or deletes one rate; answers the year's table.
pub(crate) fn finance_rate_set(tx: &Tx, args: RateSetArgs) -> Result<Vec<Rate>, ApiError> {
    let mut errors = Errors::default();
    check_year(&mut errors, args.year);
    let level = level_of(&mut errors, "level", args.kind, args.level.as_deref());
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    if args.delete {
        if !db::delete_rate(tx, args.year, args.kind.as_str(), &level)? {
            return Err(ApiError::not_found("Tarif itu tidak ada di tabel."));
        }
    } else {
        let old = db::rates(tx, args.year)?
            .into_iter()
            .find(|r| r.kind == args.kind.as_str() && r.level == level);
        let amount = match (args.amount, &old) {
            (Some(a), _) => a,
            (None, Some(o)) => o.amount,
            (None, None) => {
                errors.add("amount", "Isi besar tarifnya (rupiah).");
                0
            }
        };
        check_amount(&mut errors, "amount", "Tarif", amount);
        let cap = match (args.cap, &old) {
            (Some(0), _) => None,
            (Some(c), _) => Some(c),
            (None, Some(o)) => o.cap,
            (None, None) => None,
        };
        if let Some(c) = cap {
            check_amount(&mut errors, "cap", "Batas tertinggi", c);
        }
        let description = match (args.description, &old) {
            (Some(d), _) => validate::one_line(&d),
            (None, Some(o)) => o.description.clone(),
            (None, None) => String::new(),
        };
        validate::text(
            &mut errors,
            "description",
            "Uraian",
            Some(&description),
            validate::MAX_LINE,
        );
        if !errors.is_empty() {
            return Err(ApiError::validation(errors.0));
        }
        let description = if description.is_empty() {
            default_description(args.kind, &level)
        } else {
            description
        };
        db::put_rate(
            tx,
            &RateRow {
                year: args.year,
                kind: args.kind.as_str().to_string(),
                level: level.clone(),
                description,
                amount,
                cap,
                example: false,
            },
        )?;
    }
    tx.audit(
        Audit::FinanceRate,
        None,
        Some(&format!("{} {} {}", args.year, args.kind.as_str(), level)),
    )?;
    year_rates(tx, args.year)
}

fn default_description(kind: RateKind, level: &str) -> String {
    EXAMPLE_RATES
        .iter()
        .find(|(k, l, _, _)| *k == kind && *l == level)
        .map(|(_, _, d, _)| d.to_string())
        .unwrap_or_else(|| kind.label().to_string())
}

fn year_rates(conn: &rusqlite::Connection, year: i64) -> Result<Vec<Rate>, ApiError> {
    Ok(db::rates(conn, year)?
        .into_iter()
        .filter_map(Rate::from_row)
        .collect())
}

/// Fills a year that has no rates: from another year, or the shipped examples.
pub(crate) fn finance_rates_copy(tx: &Tx, args: RateCopyArgs) -> Result<Vec<Rate>, ApiError> {
    let mut errors = Errors::default();
    check_year(&mut errors, args.year);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    if !db::rates(tx, args.year)?.is_empty() {
        return Err(ApiError::field(
            "year",
            format!(
                "Tahun {} sudah punya tabel tarif; ubah barisnya satu per satu, atau impor \
                 berkas untuk menggantinya.",
                args.year
            ),
        )
        .with_code(ErrorCode::Conflict));
    }
    let rows: Vec<RateRow> = match args.from_year {
        Some(from) => {
            let rows = db::rates(tx, from)?;
            if rows.is_empty() {
                return Err(ApiError::field(
                    "from_year",
                    format!("Tahun {from} belum punya tabel tarif untuk disalin."),
                ));
            }
            rows.into_iter()
                .map(|r| RateRow {
                    year: args.year,
                    ..r
                })
                .collect()
        }
        None => example_rows(args.year),
    };
    for r in &rows {
        db::put_rate(tx, r)?;
    }
    tx.audit(
        Audit::FinanceRate,
        None,
        Some(&format!(
            "{} disalin dari {}",
            args.year,
            args.from_year
                .map_or_else(|| "contoh".to_string(), |y| y.to_string())
        )),
    )?;
    year_rates(tx, args.year)
}

/// The shipped example rows for `year`, marked as examples, the amount as the ceiling.
pub fn example_rows(year: i64) -> Vec<RateRow> {
    EXAMPLE_RATES
        .iter()
        .map(|(kind, level, description, amount)| RateRow {
            year,
            kind: kind.as_str().to_string(),
            level: level.to_string(),
            description: description.to_string(),
            amount: *amount,
            cap: Some(*amount),
            example: true,
        })
        .collect()
}

/// The header of the rate table's spreadsheet, in its column order.
pub const RATE_HEADER: [&str; 6] = ["Jenis", "Tingkat", "Uraian", "Tarif", "Batas", "Catatan"];

impl Api {
    /// The year's rates as XLSX, in the columns [`finance_rates_import`] reads.
    pub(crate) fn finance_rates_export(
        &self,
        _caller: &Caller,
        args: RateYearArgs,
    ) -> Result<FilePayload, ApiError> {
        use bintek_docs::sheet::{write_xlsx, OutCell, OutSheet};
        let mut errors = Errors::default();
        check_year(&mut errors, args.year);
        if !errors.is_empty() {
            return Err(ApiError::validation(errors.0));
        }
        let mut rates = year_rates(&self.read(), args.year)?;
        let examples = rates.is_empty();
        if examples {
            rates = example_rows(args.year)
                .into_iter()
                .filter_map(Rate::from_row)
                .collect();
        }
        let rows = rates
            .iter()
            .map(|r| {
                vec![
                    OutCell::Text(r.kind.as_str().to_string()),
                    OutCell::Text(r.level.clone()),
                    OutCell::Text(r.description.clone()),
                    OutCell::Number(r.amount as f64),
                    r.cap.map_or(OutCell::Empty, |c| OutCell::Number(c as f64)),
                    OutCell::Text(if r.example {
                        EXAMPLE_NOTE.to_string()
                    } else {
                        String::new()
                    }),
                ]
            })
            .collect();
        let bytes = write_xlsx(&[OutSheet {
            name: format!("Tarif {}", args.year),
            header: RATE_HEADER.iter().map(|h| h.to_string()).collect(),
            rows,
            widths: vec![16.0, 12.0, 60.0, 14.0, 14.0, 40.0],
        }])
        .map_err(|e| ApiError::new(ErrorCode::Validation, e.to_string()))?;
        Ok(FilePayload::new(
            &format!("Standar biaya {}.xlsx", args.year),
            &bytes,
        ))
    }

    /// Replaces a year's rates with a spreadsheet's, all or nothing: every row is checked
    /// before anything is written, and a refusal names the row and the column.
    pub(crate) fn finance_rates_import(
        &self,
        caller: &Caller,
        args: RateImportArgs,
    ) -> Result<Vec<Rate>, ApiError> {
        let mut errors = Errors::default();
        check_year(&mut errors, args.year);
        if !errors.is_empty() {
            return Err(ApiError::validation(errors.0));
        }
        // The size is known from the base64 text, before anything is decoded.
        if args.data.len() / 4 * 3 > MAX_RATE_FILE + 3 {
            return Err(ApiError::field(
                "data",
                "Berkas tarif terlalu besar (paling besar 2 MB).",
            ));
        }
        let bytes = crate::files::decode_base64("data", &args.data)?;
        if bytes.len() > MAX_RATE_FILE {
            return Err(ApiError::field(
                "data",
                "Berkas tarif terlalu besar (paling besar 2 MB).",
            ));
        }
        let book = bintek_docs::sheet::read_workbook(&bytes, Some(&args.file_name))
            .map_err(|e| ApiError::field("data", e.to_string()))?;
        let rows = parse_rates(&book, args.year)?;
        let year = args.year;
        self.write_as(caller, move |tx| {
            db::delete_year(tx, year)?;
            for r in &rows {
                db::put_rate(tx, r)?;
            }
            tx.audit(
                Audit::FinanceRate,
                None,
                Some(&format!("{year} diimpor ({} baris)", rows.len())),
            )?;
            year_rates(tx, year)
        })
    }
}

/// The largest rate table file taken.
const MAX_RATE_FILE: usize = 2 * 1024 * 1024;
/// The most rows of a rate table.
const MAX_RATE_ROWS: usize = 200;

/// The rows of a rate table sheet: found by the header's first cell ("Jenis"), each row
/// checked; errors name the row as the spreadsheet numbers it.
fn parse_rates(book: &bintek_docs::sheet::Workbook, year: i64) -> Result<Vec<RateRow>, ApiError> {
    let sheet = book
        .sheets
        .iter()
        .find(|s| !s.is_empty())
        .ok_or_else(|| ApiError::field("data", "Berkas tarif kosong."))?;
    let text = |row: usize, col: usize| -> String {
        sheet
            .cell(row, col)
            .as_text()
            .map(|t| validate::one_line(&t))
            .unwrap_or_default()
    };
    let header = (0..sheet.rows.len().min(20))
        .find(|&r| text(r, 0).eq_ignore_ascii_case("jenis"))
        .ok_or_else(|| {
            ApiError::field(
                "data",
                format!(
                    "Baris judul tidak ditemukan: kolom pertamanya harus \"Jenis\", lalu {}.",
                    RATE_HEADER[1..5].join(", ")
                ),
            )
        })?;
    let mut errors = Errors::default();
    let mut out: Vec<RateRow> = Vec::new();
    for r in header + 1..sheet.rows.len() {
        let line = r + 1;
        let kind_text = text(r, 0);
        if kind_text.is_empty() && text(r, 3).is_empty() {
            continue;
        }
        if out.len() >= MAX_RATE_ROWS {
            errors.add(
                &format!("baris {line}"),
                format!("Tabel tarif paling banyak {MAX_RATE_ROWS} baris."),
            );
            break;
        }
        let field = format!("baris {line}");
        let Some(kind) = RateKind::parse(&kind_text.to_lowercase().replace(' ', "_")) else {
            errors.add(
                &field,
                format!(
                    "Baris {line}, kolom Jenis: {} tidak dikenal (narasumber, moderator, \
                     pembawa_acara, transport).",
                    validate::quote(&kind_text)
                ),
            );
            continue;
        };
        let mut row_errors = Errors::default();
        let level = level_of(
            &mut row_errors,
            &field,
            kind,
            Some(&text(r, 1).to_lowercase()),
        );
        let amount = money_cell(sheet.cell(r, 3));
        let cap = money_cell(sheet.cell(r, 4));
        for e in row_errors.0 {
            errors.add(
                &field,
                format!("Baris {line}, kolom Tingkat: {}", e.message),
            );
        }
        match amount {
            Some(Some(a)) if (0..=1_000_000_000).contains(&a) => {}
            _ => {
                errors.add(
                    &field,
                    format!(
                        "Baris {line}, kolom Tarif: isi rupiah bulat (mis. 900000), bukan {}.",
                        validate::quote(&text(r, 3))
                    ),
                );
                continue;
            }
        }
        let cap = match cap {
            Some(c) => c,
            None => {
                errors.add(
                    &field,
                    format!(
                        "Baris {line}, kolom Batas: isi rupiah bulat atau kosongkan, bukan {}.",
                        validate::quote(&text(r, 4))
                    ),
                );
                continue;
            }
        };
        let description = text(r, 2);
        validate::text(
            &mut errors,
            &field,
            &format!("Baris {line}, kolom Uraian"),
            Some(&description),
            validate::MAX_LINE,
        );
        if out
            .iter()
            .any(|o| o.kind == kind.as_str() && o.level == level)
        {
            errors.add(
                &field,
                format!(
                    "Baris {line}: tarif {} {} sudah ada di baris sebelumnya.",
                    kind.as_str(),
                    level
                ),
            );
            continue;
        }
        out.push(RateRow {
            year,
            kind: kind.as_str().to_string(),
            level: level.clone(),
            description: if description.is_empty() {
                default_description(kind, &level)
            } else {
                description
            },
            amount: amount.flatten().unwrap_or(0),
            cap,
            example: text(r, 5).starts_with("contoh"),
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    if out.is_empty() {
        return Err(ApiError::field(
            "data",
            "Berkas tarif tidak berisi satu baris pun.",
        ));
    }
    Ok(out)
}

/// A money cell: `Some(None)` empty, `Some(Some(n))` whole rupiah, `None` not money.
/// "Rp 900.000", "900,000" and 900000 all read as 900,000.
fn money_cell(cell: &bintek_docs::sheet::Cell) -> Option<Option<i64>> {
    use bintek_docs::sheet::Cell;
    match cell {
        Cell::Empty => Some(None),
        Cell::Number(n) => {
            (n.fract() == 0.0 && n.is_finite() && n.abs() < 1e15).then_some(Some(*n as i64))
        }
        other => {
            let t = other.as_text()?;
            let t = t.trim();
            if t.is_empty() {
                return Some(None);
            }
            let t = t
                .trim_start_matches("Rp")
                .trim_start_matches("rp")
                .trim_start_matches('.')
                .trim();
            let t = t.strip_suffix(",00").unwrap_or(t);
            let digits: String = t
                .chars()
                .filter(|c| !matches!(c, '.' | ',' | ' '))
                .collect();
            if digits.is_empty() || digits.len() > 13 || !digits.chars().all(|c| c.is_ascii_digit())
            {
                return None;
            }
            digits.parse().ok().map(Some)
        }
    }
}

// ---- recipients --------------------------------------------------------------------------

/// The golongan in a rank text: "Penata (III/c)", "III/c", "Pembina Tk. I" → "IV/b".
pub fn golongan_from_rank(rank: &str) -> Option<String> {
    let upper = rank.to_uppercase();
    let chars: Vec<char> = upper.chars().collect();
    // "III/c", "III / C", "III.c", "III-c" anywhere, not inside a word.
    for start in 0..chars.len() {
        if start > 0 && chars[start - 1].is_alphanumeric() {
            continue;
        }
        let mut end = start;
        while end < chars.len() && matches!(chars[end], 'I' | 'V') {
            end += 1;
        }
        if end == start {
            continue;
        }
        let roman: String = chars[start..end].iter().collect();
        let Some(group) = tax::golongan_group(&roman) else {
            continue;
        };
        let mut i = end;
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        if i < chars.len() && matches!(chars[i], '/' | '.' | '-') {
            i += 1;
            while i < chars.len() && chars[i] == ' ' {
                i += 1;
            }
            if i < chars.len() {
                let letter = chars[i].to_ascii_lowercase();
                let last = if group == 4 { 'e' } else { 'd' };
                let after_ok = chars.get(i + 1).is_none_or(|c| !c.is_alphanumeric());
                if ('a'..=last).contains(&letter) && after_ok {
                    return Some(format!("{roman}/{letter}"));
                }
            }
        }
    }
    // The rank's name alone.
    let key: String = rank
        .to_lowercase()
        .replace("tingkat", "tk")
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    const NAMES: &[(&str, &str)] = &[
        ("pembina utama madya", "IV/d"),
        ("pembina utama muda", "IV/c"),
        ("pembina utama", "IV/e"),
        ("pembina tk i", "IV/b"),
        ("pembina", "IV/a"),
        ("penata muda tk i", "III/b"),
        ("penata muda", "III/a"),
        ("penata tk i", "III/d"),
        ("penata", "III/c"),
        ("pengatur muda tk i", "II/b"),
        ("pengatur muda", "II/a"),
        ("pengatur tk i", "II/d"),
        ("pengatur", "II/c"),
        ("juru muda tk i", "I/b"),
        ("juru muda", "I/a"),
        ("juru tk i", "I/d"),
        ("juru", "I/c"),
    ];
    NAMES
        .iter()
        .find(|(name, _)| key == *name || key.starts_with(&format!("{name} ")))
        .map(|(_, g)| g.to_string())
}

/// A golongan as typed ("iii/C", "III c", "3/c" is refused) in its written form, for
/// `status`: PPPK take I … XVII.
fn parse_golongan(s: &str, status: Option<EmploymentStatus>) -> Result<String, String> {
    let t = s.trim().to_uppercase();
    if status == Some(EmploymentStatus::Pppk) {
        if tax::roman(&t).is_some() {
            return Ok(t);
        }
        return Err(format!(
            "Golongan PPPK {} tidak dikenal: tulis I sampai XVII.",
            validate::quote(s)
        ));
    }
    match golongan_from_rank(&t) {
        Some(g) if validate::one_line(&t).replace(' ', "").len() <= 6 => Ok(g),
        _ => Err(format!(
            "Golongan {} tidak dikenal: tulis seperti III/c (I/a sampai IV/e).",
            validate::quote(s)
        )),
    }
}

/// Digits of an NPWP: 15 (the old form, 09.254.294.3-407.000) or 16 (NPWP 16 / NIK).
fn parse_npwp(s: &str) -> Result<String, String> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let others = s
        .chars()
        .any(|c| !c.is_ascii_digit() && !matches!(c, '.' | '-' | ' '));
    if others || !(digits.len() == 15 || digits.len() == 16) {
        return Err(format!(
            "NPWP {} harus 15 atau 16 angka (titik dan tanda hubung boleh).",
            validate::quote(s)
        ));
    }
    Ok(digits)
}

/// An account number: digits (dashes, dots and spaces dropped), 5 to 30 of them.
fn parse_account(s: &str) -> Result<String, String> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let others = s
        .chars()
        .any(|c| !c.is_ascii_digit() && !matches!(c, '.' | '-' | ' '));
    if others || !(5..=30).contains(&digits.len()) {
        return Err(format!(
            "Nomor rekening {} harus 5–30 angka.",
            validate::quote(s)
        ));
    }
    Ok(digits)
}

/// `******7890`: an account number or NPWP in lists and exports.
pub fn mask_tail(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{}{tail}", "*".repeat(chars.len() - 4))
}

/// Saves a recipient's payment details; answers the event's overview.
pub(crate) fn finance_recipient_set(
    tx: &Tx,
    args: RecipientSetArgs,
) -> Result<FinanceOverview, ApiError> {
    let reg =
        crate::store::people::get_registration(tx, &args.registration_id)?.ok_or_else(|| {
            ApiError::field("registration_id", "Pendaftaran tidak ditemukan.")
                .with_code(ErrorCode::NotFound)
        })?;
    let mut p = db::get_person(tx, &reg.person_id)?;
    let mut f = db::get_registration(tx, &reg.id)?;
    let mut errors = Errors::default();
    if let Some(s) = &args.status {
        let s = s.trim();
        if s.is_empty() {
            p.status = None;
        } else if EmploymentStatus::parse(s).is_some() {
            p.status = Some(s.to_string());
        } else {
            errors.add(
                "status",
                format!(
                    "Status kepegawaian {} tidak dikenal: pilih PNS, PPPK, TNI/Polri, pejabat \
                     negara, pensiunan atau bukan ASN.",
                    validate::quote(s)
                ),
            );
        }
    }
    let status = p.status.as_deref().and_then(EmploymentStatus::parse);
    if let Some(g) = &args.golongan {
        if g.trim().is_empty() {
            p.golongan = None;
        } else {
            match parse_golongan(g, status) {
                Ok(g) => p.golongan = Some(g),
                Err(m) => errors.add("golongan", m),
            }
        }
    }
    if let Some(l) = &args.level {
        let l = l.trim();
        if l.is_empty() {
            p.level = None;
        } else if LEVELS.contains(&l) {
            p.level = Some(l.to_string());
        } else {
            errors.add(
                "level",
                format!(
                    "Tingkat tarif {} tidak dikenal: pilih {}.",
                    validate::quote(l),
                    LEVELS.join(", ")
                ),
            );
        }
    }
    if let Some(n) = &args.npwp {
        if n.trim().is_empty() {
            p.npwp = None;
        } else {
            match parse_npwp(n) {
                Ok(n) => p.npwp = Some(n),
                Err(m) => errors.add("npwp", m),
            }
        }
    }
    if let Some(a) = &args.account_no {
        if a.trim().is_empty() {
            p.account_no = None;
        } else {
            match parse_account(a) {
                Ok(a) => p.account_no = Some(a),
                Err(m) => errors.add("account_no", m),
            }
        }
    }
    for (slot, value, field, label) in [
        (&mut p.bank, &args.bank, "bank", "Nama bank"),
        (
            &mut p.account_name,
            &args.account_name,
            "account_name",
            "Nama pemilik rekening",
        ),
    ] {
        if let Some(v) = value {
            let v = validate::one_line(v);
            validate::text(&mut errors, field, label, Some(&v), validate::MAX_SHORT);
            *slot = (!v.is_empty()).then_some(v);
        }
    }
    if let Some(i) = args.internal {
        p.internal = i;
    }
    if let Some(r) = args.rate {
        if r == 0 {
            f.rate = None;
        } else {
            check_amount(&mut errors, "rate", "Tarif khusus", r);
            f.rate = Some(r);
        }
    }
    let mut days_note = None;
    if let Some(d) = args.transport_days {
        if d < 0 {
            f.transport_days = None;
            f.transport_reason = None;
            days_note = Some("dikembalikan ke kehadiran".to_string());
        } else if d > 366 {
            errors.add("transport_days", "Jumlah hari paling banyak 366.");
        } else {
            let reason = args
                .transport_reason
                .as_deref()
                .map(validate::one_line)
                .unwrap_or_default();
            if reason.is_empty() {
                errors.add(
                    "transport_reason",
                    "Tulis alasan koreksi hari transport (mis. hadir tetapi tidak memindai).",
                );
            }
            validate::text(
                &mut errors,
                "transport_reason",
                "Alasan koreksi",
                Some(&reason),
                validate::MAX_LINE,
            );
            days_note = Some(format!("{d} hari: {reason}"));
            f.transport_days = Some(d);
            f.transport_reason = Some(reason);
        }
    }
    if let Some(u) = args.unpaid {
        f.unpaid = u;
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    db::put_person(tx, &reg.person_id, &p)?;
    db::put_registration(tx, &reg.id, &f)?;
    tx.audit(Audit::FinanceRecipient, Some(&reg.id), days_note.as_deref())?;
    overview(tx, &reg.event_id, false)
}

// ---- the computation ---------------------------------------------------------------------

/// Everything the documents and the screen show, computed once.
pub struct Computation {
    pub event: Event,
    pub settings: FinanceSettings,
    pub rates: Vec<Rate>,
    pub honor: Vec<PayLine>,
    pub transport: Vec<PayLine>,
    pub warnings: Vec<String>,
    pub kop: crate::agency::Kop,
}

/// What a line needs of its person beyond the participant row.
struct Person<'a> {
    p: &'a Participant,
    f: PersonFinanceRow,
    reg: RegistrationFinanceRow,
}

impl Person<'_> {
    fn status(&self) -> (EmploymentStatus, bool) {
        match self.f.status.as_deref().and_then(EmploymentStatus::parse) {
            Some(s) => (s, true),
            None if self.p.nip.is_some() => (EmploymentStatus::Pns, false),
            None => (EmploymentStatus::BukanAsn, false),
        }
    }

    fn golongan(&self) -> Option<String> {
        self.f
            .golongan
            .clone()
            .or_else(|| self.p.rank.as_deref().and_then(golongan_from_rank))
    }
}

/// Minutes of a session from its times.
fn minutes(s: &Session) -> i64 {
    let t = |x: &str| NaiveTime::parse_from_str(x, "%H:%M").ok();
    match (t(&s.start_time), t(&s.end_time)) {
        (Some(a), Some(b)) => (b - a).num_minutes().max(0),
        _ => 0,
    }
}

fn session_label(s: &Session) -> String {
    let day = NaiveDate::parse_from_str(&s.date, "%Y-%m-%d")
        .map(crate::format::date_with_day)
        .unwrap_or_else(|_| s.date.clone());
    format!(
        "{} — {day}, {}–{}",
        s.title,
        s.start_time.replace(':', "."),
        s.end_time.replace(':', ".")
    )
}

/// Whether a committee member's duty is the pembawa acara (MC).
fn is_mc(duty: &str) -> bool {
    let d = duty.to_lowercase();
    d.contains("pembawa acara")
        || d.contains("master of ceremony")
        || d.split(|c: char| !c.is_alphanumeric()).any(|w| w == "mc")
}

/// Computes every line of an event. `cumulative`: take the year's earlier payments to
/// non-employees into account (off when computing those earlier events themselves).
pub fn compute(
    conn: &rusqlite::Connection,
    event_id: &str,
    cumulative: bool,
) -> Result<Computation, ApiError> {
    let event = event_or_404(conn, event_id)?;
    let stored = db::get_settings(conn, &event.id)?;
    let settings = resolve_settings(&event, &stored);
    let rules = rules_of(&settings);
    let year = settings.budget_year;
    let rates = year_rates(conn, year)?;
    let rate_of = |kind: RateKind, level: &str| {
        rates
            .iter()
            .find(|r| r.kind == kind && r.level == level)
            .cloned()
    };
    let people = crate::store::people::list_participants(
        conn,
        &crate::store::people::ParticipantFilter {
            event_id: &event.id,
            status: Some("registered"),
            reveal_nik: true,
            ..Default::default()
        },
    )?;
    let person_fin = db::event_people(conn, &event.id)?;
    let reg_fin = db::event_registrations(conn, &event.id)?;
    let sessions = crate::store::agenda::list_sessions(conn, &event.id)?;
    let days = db::days_present(conn, &event.id)?;
    let mut warnings = Vec::new();
    if rates.is_empty() {
        warnings.push(format!(
            "Tabel tarif tahun anggaran {year} masih kosong: isi dari contoh, salin dari tahun \
             lain, atau impor berkasnya."
        ));
    } else if rates.iter().any(|r| r.example) {
        warnings.push(format!(
            "Sebagian tarif tahun {year} masih contoh ({EXAMPLE_NOTE})."
        ));
    }

    let mut honor = Vec::new();
    let mut transport = Vec::new();
    for p in &people {
        let person = Person {
            p,
            f: person_fin.get(&p.person_id).cloned().unwrap_or_default(),
            reg: reg_fin.get(&p.id).cloned().unwrap_or_default(),
        };
        let spoke: Vec<&Session> = sessions
            .iter()
            .filter(|s| s.speakers.iter().any(|r| r.registration_id == p.id))
            .collect();
        let moderated: Vec<&Session> = sessions
            .iter()
            .filter(|s| s.moderators.iter().any(|r| r.registration_id == p.id))
            .collect();
        if p.role == Role::Speaker && spoke.is_empty() && moderated.is_empty() {
            warnings.push(format!(
                "{} terdaftar sebagai narasumber tetapi belum punya sesi di agenda.",
                p.name
            ));
        }
        if !spoke.is_empty() {
            let total: i64 = spoke.iter().map(|s| minutes(s)).sum();
            let hours = settings.hour_rounding.hours(total);
            let mut trace: Vec<TraceItem> = spoke
                .iter()
                .map(|s| TraceItem {
                    label: session_label(s),
                    value: format!("{} menit", minutes(s)),
                })
                .collect();
            trace.push(TraceItem {
                label: format!("Jumlah {total} menit, {}", settings.hour_rounding.words()),
                value: format!("{hours} jam"),
            });
            let level = person
                .f
                .level
                .clone()
                .unwrap_or_else(|| DEFAULT_LEVEL.to_string());
            honor.push(line(
                &person,
                RateKind::Narasumber,
                &level,
                hours,
                spoke.iter().map(|s| s.title.clone()).collect(),
                trace,
                &rate_of,
                &settings,
                year,
            ));
        }
        if !moderated.is_empty() {
            let trace = moderated
                .iter()
                .map(|s| TraceItem {
                    label: session_label(s),
                    value: "1 sesi".to_string(),
                })
                .collect();
            honor.push(line(
                &person,
                RateKind::Moderator,
                "",
                moderated.len() as i64,
                moderated.iter().map(|s| s.title.clone()).collect(),
                trace,
                &rate_of,
                &settings,
                year,
            ));
        }
        if let Some(duty) = p.duty.as_deref().filter(|d| is_mc(d)) {
            honor.push(line(
                &person,
                RateKind::PembawaAcara,
                "",
                1,
                Vec::new(),
                vec![TraceItem {
                    label: format!("Tugas panitia: {duty}"),
                    value: "1 kegiatan".to_string(),
                }],
                &rate_of,
                &settings,
                year,
            ));
        }
        if p.role == Role::Participant {
            let present = days.get(&p.id).copied().unwrap_or(0);
            let (count, trace) = match (person.reg.transport_days, &person.reg.transport_reason) {
                (Some(d), reason) => (
                    d,
                    vec![
                        TraceItem {
                            label: "Hari hadir menurut pindaian".to_string(),
                            value: format!("{present} hari"),
                        },
                        TraceItem {
                            label: format!(
                                "Dikoreksi panitia: {}",
                                reason.clone().unwrap_or_default()
                            ),
                            value: format!("{d} hari"),
                        },
                    ],
                ),
                (None, _) => (
                    present,
                    vec![TraceItem {
                        label: "Hari dengan sedikitnya satu pindaian hadir".to_string(),
                        value: format!("{present} hari"),
                    }],
                ),
            };
            if count > 0 || person.reg.transport_days.is_some() {
                transport.push(line(
                    &person,
                    RateKind::Transport,
                    "",
                    count,
                    Vec::new(),
                    trace,
                    &rate_of,
                    &settings,
                    year,
                ));
            }
        }
    }

    // Tax, in the lines' order: a person's second line counts the first as earlier.
    let mut earlier: HashMap<String, i64> = HashMap::new();
    if cumulative {
        let non_employees: Vec<&PayLine> = honor
            .iter()
            .filter(|l| pays_pasal_17(l.status, &rules))
            .collect();
        for l in non_employees {
            if earlier.contains_key(&l.person_id) {
                continue;
            }
            let before = earlier_gross(conn, &event, year, &l.person_id)?;
            earlier.insert(l.person_id.clone(), before);
        }
    }
    for l in honor.iter_mut() {
        if l.unpaid || !l.problems.is_empty() {
            l.net = l.gross - l.tax;
            continue;
        }
        let fin = person_fin.get(&l.person_id).cloned().unwrap_or_default();
        let has_npwp = fin.npwp.is_some() || (settings.nik_as_npwp && l.nik.is_some());
        let before = earlier.get(&l.person_id).copied().unwrap_or(0);
        match tax::pph21(
            &rules,
            &tax::Payment {
                status: l.status,
                golongan: l.golongan.as_deref(),
                has_npwp,
                gross: l.gross,
                earlier_gross: before,
            },
        ) {
            Ok(t) => {
                l.tax = t.tax;
                l.tax_rate = t.rate_text;
                l.tax_rule = t.rule;
                if pays_pasal_17(l.status, &rules) {
                    earlier.insert(l.person_id.clone(), before + l.gross);
                }
            }
            Err(tax::Missing(m)) => l.problems.push(crate::format::capitalize(&m)),
        }
        l.net = l.gross - l.tax;
    }
    for l in transport.iter_mut() {
        l.tax_rule = "Uang transport peserta: bukan objek PPh 21 (penggantian biaya)".to_string();
        l.tax_rate = "0%".to_string();
        l.net = l.gross;
    }
    transport.sort_by(|a, b| {
        a.unit
            .to_lowercase()
            .cmp(&b.unit.to_lowercase())
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let kop = crate::agency::Kop::read(conn, &event)?;
    Ok(Computation {
        event,
        settings,
        rates,
        honor,
        transport,
        warnings,
        kop,
    })
}

fn pays_pasal_17(status: EmploymentStatus, rules: &TaxRules) -> bool {
    match status {
        EmploymentStatus::BukanAsn => true,
        EmploymentStatus::Pppk => rules.pppk == PppkRule::BukanPegawai,
        _ => false,
    }
}

/// Gross paid to `person_id` as a non-employee in other events of the same budget year
/// that started before this one.
fn earlier_gross(
    conn: &rusqlite::Connection,
    event: &Event,
    year: i64,
    person_id: &str,
) -> Result<i64, ApiError> {
    let mut sum = 0;
    for (other, start, budget) in db::other_staff_events(conn, person_id, &event.id)? {
        let other_year =
            budget.unwrap_or_else(|| start.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0));
        if other_year != year
            || (start.as_str(), other.as_str()) >= (event.start_date.as_str(), event.id.as_str())
        {
            continue;
        }
        let c = compute(conn, &other, false)?;
        sum += c
            .honor
            .iter()
            .filter(|l| l.person_id == person_id && !l.unpaid)
            .map(|l| l.gross)
            .sum::<i64>();
    }
    Ok(sum)
}

/// One line before tax: the rate looked up (or the person's own), the gross.
#[allow(clippy::too_many_arguments)]
fn line(
    person: &Person<'_>,
    kind: RateKind,
    level: &str,
    quantity: i64,
    materi: Vec<String>,
    mut trace: Vec<TraceItem>,
    rate_of: &dyn Fn(RateKind, &str) -> Option<Rate>,
    settings: &FinanceSettings,
    year: i64,
) -> PayLine {
    let p = person.p;
    let (status, status_set) = person.status();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let table = rate_of(kind, level);
    let what = if level.is_empty() {
        kind.label().to_lowercase()
    } else {
        format!("{} {}", kind.label().to_lowercase(), level_label(level))
    };
    let (rate, rate_source) = match (person.reg.rate, &table) {
        (Some(own), t) => {
            if let Some(cap) = t.as_ref().and_then(|t| t.cap.or(Some(t.amount))) {
                if own > cap {
                    warnings.push(format!(
                        "Tarif khusus Rp{} di atas batas tabel Rp{}.",
                        rupiah(own),
                        rupiah(cap)
                    ));
                }
            }
            (own, "Tarif khusus orang ini".to_string())
        }
        (None, Some(t)) => {
            if let Some(cap) = t.cap.filter(|c| t.amount > *c) {
                warnings.push(format!(
                    "Tarif tabel Rp{} di atas batasnya Rp{}.",
                    rupiah(t.amount),
                    rupiah(cap)
                ));
            }
            (t.amount, format!("Tabel {year}: {what}"))
        }
        (None, None) => {
            problems.push(format!(
                "Tarif {what} tahun {year} belum ada di tabel tarif."
            ));
            (0, String::new())
        }
    };
    let mut gross = quantity.saturating_mul(rate);
    if kind == RateKind::Narasumber && settings.halve_internal && person.f.internal {
        gross /= 2;
        trace.push(TraceItem {
            label: "Narasumber dari instansi penyelenggara: ½ honorarium".to_string(),
            value: format!("Rp{}", rupiah(gross)),
        });
    }
    if quantity == 0 && !person.reg.unpaid {
        warnings.push(format!(
            "0 {} setelah pembulatan: tidak masuk daftar pembayaran.",
            kind.unit()
        ));
    }
    let golongan = person.golongan();
    if kind != RateKind::Transport && person.f.account_no.is_none() {
        warnings.push("Nomor rekening belum diisi.".to_string());
    }
    let unit = p
        .opd
        .clone()
        .or_else(|| p.institution.clone())
        .unwrap_or_default();
    PayLine {
        registration_id: p.id.clone(),
        person_id: p.person_id.clone(),
        name: p.name.clone(),
        nip: p.nip.as_deref().map(crate::ids::format_nip),
        role: p.role,
        kind,
        unit,
        opd_id: p.opd_id.clone(),
        position: p.position.clone(),
        status,
        status_set,
        golongan,
        level: level.to_string(),
        materi,
        trace,
        quantity,
        unit_name: kind.unit().to_string(),
        rate,
        rate_source,
        gross: if person.reg.unpaid { 0 } else { gross },
        tax: 0,
        tax_rate: String::new(),
        tax_rule: if person.reg.unpaid {
            "Tidak dibayar (keputusan panitia)".to_string()
        } else {
            String::new()
        },
        net: 0,
        account_no: person.f.account_no.clone(),
        bank: person.f.bank.clone(),
        account_name: person.f.account_name.clone(),
        npwp: person.f.npwp.clone(),
        nik: p.nik.clone(),
        internal: person.f.internal,
        unpaid: person.reg.unpaid,
        problems,
        warnings,
    }
}

impl Computation {
    /// The lines a document is about: all but the unpaid.
    fn owed(&self, doc: FinanceDoc) -> impl Iterator<Item = &PayLine> {
        let all = match doc {
            FinanceDoc::Transport => &self.transport,
            _ => &self.honor,
        };
        all.iter().filter(|l| !l.unpaid)
    }

    /// The lines a document prints: those owed that come to something.
    pub fn lines(&self, doc: FinanceDoc) -> Vec<&PayLine> {
        self.owed(doc).filter(|l| l.gross > 0).collect()
    }

    /// Why a document cannot be printed yet: the problems of its lines, by name.
    pub fn problems(&self, doc: FinanceDoc) -> Vec<String> {
        // Every line owed: one without a rate comes to nothing, and must not vanish.
        self.owed(doc)
            .flat_map(|l| {
                l.problems
                    .iter()
                    .map(move |p| format!("{} ({}): {p}", l.name, l.kind.label().to_lowercase()))
            })
            .collect()
    }

    /// A digest of what `doc` prints: a change to any figure, name or account changes it.
    pub fn digest(&self, doc: FinanceDoc) -> String {
        let mut h = Sha256::new();
        h.update(doc.as_str());
        let s = &self.settings;
        for part in [
            &s.program,
            &s.kegiatan,
            &s.sub_kegiatan,
            &s.account_honor,
            &s.account_transport,
            &s.pay_date,
            &s.pa_name,
            &s.pptk_name,
            &s.bendahara_name,
        ] {
            h.update([0]);
            h.update(part.as_bytes());
        }
        for l in self.lines(doc) {
            h.update([1]);
            for part in [
                l.registration_id.as_str(),
                l.name.as_str(),
                l.kind.as_str(),
                l.unit.as_str(),
                l.account_no.as_deref().unwrap_or(""),
                l.npwp.as_deref().unwrap_or(""),
            ] {
                h.update(part.as_bytes());
                h.update([0]);
            }
            for n in [l.quantity, l.rate, l.gross, l.tax, l.net] {
                h.update(n.to_le_bytes());
            }
        }
        h.finalize()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn totals(lines: &[PayLine]) -> Totals {
        let paid: Vec<&PayLine> = lines.iter().filter(|l| !l.unpaid && l.gross > 0).collect();
        let mut people: Vec<&str> = paid.iter().map(|l| l.registration_id.as_str()).collect();
        people.sort_unstable();
        people.dedup();
        Totals {
            people: people.len() as i64,
            gross: paid.iter().map(|l| l.gross).sum(),
            tax: paid.iter().map(|l| l.tax).sum(),
            net: paid.iter().map(|l| l.net).sum(),
        }
    }
}

/// Masks the personal numbers of every line unless `reveal`.
fn masked(mut lines: Vec<PayLine>, reveal: bool) -> Vec<PayLine> {
    if !reveal {
        for l in &mut lines {
            l.account_no = l.account_no.as_deref().map(mask_tail);
            l.npwp = l.npwp.as_deref().map(mask_tail);
            l.nik = l.nik.as_deref().map(crate::ids::mask_nik);
        }
    }
    lines
}

fn overview(
    conn: &rusqlite::Connection,
    event_id: &str,
    reveal: bool,
) -> Result<FinanceOverview, ApiError> {
    let c = compute(conn, event_id, true)?;
    let printed = db::prints(conn, &c.event.id)?;
    let documents = FinanceDoc::ALL
        .iter()
        .map(|&doc| {
            let last = printed.get(doc.as_str());
            DocState {
                doc,
                printed_at: last.map(|(_, at)| at.clone()),
                outdated: last.is_some_and(|(digest, _)| *digest != c.digest(doc)),
            }
        })
        .collect();
    let rate_years = db::rate_years(conn)?;
    Ok(FinanceOverview {
        honor_totals: Computation::totals(&c.honor),
        transport_totals: Computation::totals(&c.transport),
        settings: c.settings,
        rates: c.rates,
        rate_years,
        honor: masked(c.honor, reveal),
        transport: masked(c.transport, reveal),
        documents,
        warnings: c.warnings,
    })
}

impl Api {
    /// The Keuangan screen of an event.
    pub(crate) fn finance_get(
        &self,
        _caller: &Caller,
        args: FinanceGetArgs,
    ) -> Result<FinanceOverview, ApiError> {
        overview(&self.read(), &args.event_id, args.reveal)
    }

    /// One payment document; the print is recorded (its digest) in a short write.
    pub(crate) fn finance_print(
        &self,
        caller: &Caller,
        args: FinancePrintArgs,
    ) -> Result<FilePayload, ApiError> {
        let xlsx = match args.format.as_deref().map(str::trim) {
            None | Some("") | Some("pdf") => args.doc == FinanceDoc::Pph,
            Some("xlsx") => true,
            Some(_) => {
                return Err(ApiError::field(
                    "format",
                    "Format tidak dikenal: pilih \"pdf\" atau \"xlsx\" (Excel).",
                ))
            }
        };
        if !xlsx && args.doc == FinanceDoc::Pph {
            return Err(ApiError::field(
                "format",
                "Rekap PPh 21 dibuat sebagai Excel (xlsx), untuk diisikan ke e-Bupot.",
            ));
        }
        if xlsx && args.doc == FinanceDoc::Kwitansi {
            return Err(ApiError::field(
                "format",
                "Kwitansi dibuat sebagai PDF, satu halaman per penerima.",
            ));
        }
        let c = compute(&self.read(), &args.event_id, true)?;
        let problems = c.problems(args.doc);
        if !problems.is_empty() {
            let mut errors = Errors::default();
            for p in problems.iter().take(50) {
                errors.add("event_id", p.clone());
            }
            let mut e = ApiError::validation(errors.0);
            e.message = format!(
                "{} belum dapat dicetak: {}{}",
                args.doc.label(),
                problems[0],
                if problems.len() > 1 {
                    format!(" (dan {} lainnya)", problems.len() - 1)
                } else {
                    String::new()
                }
            );
            return Err(e);
        }
        if c.lines(args.doc).is_empty() {
            return Err(ApiError::field(
                "event_id",
                match args.doc {
                    FinanceDoc::Transport => {
                        "Belum ada peserta yang hadir: uang transport dihitung dari kehadiran."
                    }
                    _ => "Belum ada penerima honorarium: tetapkan narasumber dan moderator sesi di Agenda.",
                },
            ));
        }
        let file = docs::render(&c, args.doc, xlsx, args.reveal)?;
        let digest = c.digest(args.doc);
        let event_id = c.event.id.clone();
        let doc = args.doc;
        self.write_as(caller, move |tx| {
            db::put_print(tx, &event_id, doc.as_str(), &digest)?;
            tx.audit(Audit::FinancePrint, Some(&event_id), Some(doc.as_str()))?;
            Ok(())
        })?;
        Ok(file)
    }
}

/// The amounts of a list by OPD (the transport list's subtotals), in the list's order.
pub fn by_unit<'a>(lines: &[&'a PayLine]) -> Vec<(String, Vec<&'a PayLine>)> {
    let mut groups: BTreeMap<String, (usize, String, Vec<&'a PayLine>)> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        let key = l.unit.to_lowercase();
        groups
            .entry(key)
            .or_insert_with(|| (i, l.unit.clone(), Vec::new()))
            .2
            .push(l);
    }
    let mut out: Vec<(usize, String, Vec<&PayLine>)> = groups.into_values().collect();
    out.sort_by_key(|g| g.0);
    out.into_iter().map(|(_, name, ls)| (name, ls)).collect()
}

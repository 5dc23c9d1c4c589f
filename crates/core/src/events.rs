//! Use-cases of events (kegiatan): create, update, get, list, archive.

use crate::store::audit::Audit;
use crate::tx::Tx;
use serde::{Deserialize, Serialize};

use crate::api::{Api, Caller};
use crate::error::ApiError;
use crate::model::Event;
use crate::store::{self, events as q};
use crate::validate::{self, Errors};

/// The editable fields of an event, as the form and the CLI send them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct EventInput {
    pub title: String,
    pub theme: Option<String>,
    pub organizer: Option<String>,
    pub venue: Option<String>,
    pub city: Option<String>,
    pub start_date: String,
    /// Empty means a one-day event (`start_date`).
    pub end_date: Option<String>,
    pub legal_basis: Option<String>,
    pub total_jp: Option<i64>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct EventUpdate {
    pub id: String,
    #[serde(flatten)]
    pub fields: EventInput,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct EventId {
    pub id: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct EventListArgs {
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub include_archived: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct EventArchiveArgs {
    pub id: String,
    /// `false` restores an archived event.
    #[serde(default = "yes")]
    #[ts(as = "Option<bool>", optional)]
    pub archived: bool,
}

fn yes() -> bool {
    true
}

pub const MAX_TITLE: usize = 250;
pub const MAX_LINE: usize = 500;
pub const MAX_TEXT: usize = 10_000;
pub const MAX_JP: i64 = 500;
pub const MAX_DAYS: i64 = 31;

/// The cleaned, validated fields, ready to store.
struct Clean {
    title: String,
    theme: Option<String>,
    organizer: Option<String>,
    venue: Option<String>,
    city: Option<String>,
    start_date: String,
    end_date: String,
    legal_basis: Option<String>,
    total_jp: Option<i64>,
    notes: Option<String>,
}

fn clean(input: EventInput) -> Result<Clean, ApiError> {
    let mut errors = Errors::default();
    let title = validate::one_line(&input.title);
    if title.is_empty() {
        errors.add("title", "Judul kegiatan wajib diisi.");
    }
    validate::text(
        &mut errors,
        "title",
        "Judul kegiatan",
        Some(&title),
        MAX_TITLE,
    );
    let theme = validate::opt_line(input.theme);
    let organizer = validate::opt_line(input.organizer);
    let venue = validate::opt_line(input.venue);
    let city = validate::opt_line(input.city);
    for (field, label, value) in [
        ("theme", "Tema", &theme),
        ("organizer", "Penyelenggara", &organizer),
        ("venue", "Tempat", &venue),
        ("city", "Kota", &city),
    ] {
        validate::text(&mut errors, field, label, value.as_deref(), MAX_LINE);
    }
    let legal_basis = validate::opt_text(input.legal_basis);
    let notes = validate::opt_text(input.notes);
    validate::text(
        &mut errors,
        "legal_basis",
        "Dasar hukum",
        legal_basis.as_deref(),
        MAX_TEXT,
    );
    validate::text(&mut errors, "notes", "Catatan", notes.as_deref(), MAX_TEXT);

    let start = validate::date(
        &mut errors,
        "start_date",
        "Tanggal mulai",
        &input.start_date,
    );
    let end_raw = input.end_date.unwrap_or_default();
    let end = if end_raw.trim().is_empty() {
        start
    } else {
        validate::date(&mut errors, "end_date", "Tanggal selesai", &end_raw)
    };
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            errors.add(
                "end_date",
                "Tanggal selesai tidak boleh sebelum tanggal mulai.",
            );
        } else if (e - s).num_days() + 1 > MAX_DAYS {
            errors.add(
                "end_date",
                format!("Kegiatan paling lama {MAX_DAYS} hari; periksa tanggal selesai."),
            );
        }
    }
    if let Some(jp) = input.total_jp {
        if !(0..=MAX_JP).contains(&jp) {
            errors.add(
                "total_jp",
                format!("Jumlah JP harus antara 0 dan {MAX_JP}."),
            );
        }
    }
    match (errors.is_empty(), start, end) {
        (true, Some(s), Some(e)) => Ok(Clean {
            title,
            theme,
            organizer,
            venue,
            city,
            start_date: s.format("%Y-%m-%d").to_string(),
            end_date: e.format("%Y-%m-%d").to_string(),
            legal_basis,
            total_jp: input.total_jp,
            notes,
        }),
        _ => Err(ApiError::validation(errors.0)),
    }
}

/// When an event's dates change, its sessions move with its first day (day 2 stays day
/// 2). A session that would then fall outside the new dates stops the change.
fn move_sessions(
    tx: &rusqlite::Connection,
    event: &Event,
    new_start: &str,
    new_end: &str,
) -> Result<(), ApiError> {
    let parse = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(old_start), Some(start), Some(end)) =
        (parse(&event.start_date), parse(new_start), parse(new_end))
    else {
        return Ok(());
    };
    if event.start_date == new_start && event.end_date == new_end {
        return Ok(());
    }
    let shift = start - old_start;
    for mut s in store::agenda::list_sessions(tx, &event.id)? {
        let Some(date) = parse(&s.date).map(|d| d + shift) else {
            continue;
        };
        if date < start || date > end {
            return Err(ApiError::field(
                "end_date",
                format!(
                    "Sesi \"{}\" akan jatuh pada {}, di luar tanggal baru. Hapus atau pindahkan \
                     sesi itu di Agenda terlebih dahulu.",
                    s.title,
                    crate::format::date_with_day(date)
                ),
            ));
        }
        if shift.num_days() != 0 {
            s.date = date.format("%Y-%m-%d").to_string();
            s.updated_at = store::now();
            store::agenda::update_session(tx, &s)?;
        }
    }
    Ok(())
}

fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!(
        "Kegiatan tidak ditemukan (id \"{id}\"). Mungkin sudah dihapus atau berasal dari basis data lain."
    ))
}

pub(crate) fn event_create(tx: &Tx, input: EventInput) -> Result<Event, ApiError> {
    let c = clean(input)?;
    let now = store::now();
    let event = Event {
        id: store::new_id(),
        title: c.title,
        theme: c.theme,
        organizer: c.organizer,
        venue: c.venue,
        city: c.city,
        start_date: c.start_date,
        end_date: c.end_date,
        legal_basis: c.legal_basis,
        total_jp: c.total_jp,
        notes: c.notes,
        archived: false,
        archived_at: None,
        created_at: now.clone(),
        updated_at: now,
        sessions_jp: 0,
    };
    q::insert_event(tx, &event)?;
    tx.audit(Audit::EventCreate, Some(&event.id), None)?;
    Ok(event)
}

pub(crate) fn event_update(tx: &Tx, args: EventUpdate) -> Result<Event, ApiError> {
    let c = clean(args.fields)?;
    let id = args.id;
    let mut event = q::get_event(tx, &id)?.ok_or_else(|| not_found(&id))?;
    move_sessions(tx, &event, &c.start_date, &c.end_date)?;
    event.title = c.title;
    event.theme = c.theme;
    event.organizer = c.organizer;
    event.venue = c.venue;
    event.city = c.city;
    event.start_date = c.start_date;
    event.end_date = c.end_date;
    event.legal_basis = c.legal_basis;
    event.total_jp = c.total_jp;
    event.notes = c.notes;
    event.updated_at = store::now();
    q::update_event(tx, &event)?;
    tx.audit(Audit::EventUpdate, Some(&id), None)?;
    Ok(event)
}

impl Api {
    pub(crate) fn event_get(&self, _caller: &Caller, args: EventId) -> Result<Event, ApiError> {
        let conn = self.read();
        q::get_event(&conn, &args.id)?.ok_or_else(|| not_found(&args.id))
    }

    pub(crate) fn event_list(
        &self,
        _caller: &Caller,
        args: EventListArgs,
    ) -> Result<Vec<Event>, ApiError> {
        let conn = self.read();
        Ok(q::list_events(&conn, args.include_archived)?)
    }
}

/// Archives (hides from the default list) or, with `archived: false`, restores.
pub(crate) fn event_archive(tx: &Tx, args: EventArchiveArgs) -> Result<Event, ApiError> {
    let id = args.id;
    let mut event = q::get_event(tx, &id)?.ok_or_else(|| not_found(&id))?;
    if event.archived == args.archived {
        return Ok(event);
    }
    let now = store::now();
    event.archived = args.archived;
    event.archived_at = args.archived.then(|| now.clone());
    event.updated_at = now;
    q::update_event(tx, &event)?;
    tx.audit(
        if args.archived {
            Audit::EventArchive
        } else {
            Audit::EventRestore
        },
        Some(&id),
        None,
    )?;
    Ok(event)
}

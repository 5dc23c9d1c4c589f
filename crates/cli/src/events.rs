//! `bintek event …`: create, list, show, archive, clone, and the offline desk's package
//! (and `bintek merge`, which brings it back).

use std::path::PathBuf;

use bintek_core::commands::{
    EventArchive, EventClone, EventCreate, EventGet, EventList, EventPackage, MergePackage,
};
use bintek_core::events::{EventArchiveArgs, EventId, EventInput, EventListArgs};
use bintek_core::offline::{MergeArgs, MergeReport};
use bintek_core::{agenda, Api, Event};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::door::run;
use crate::output::{output, read_in, write_out};

#[derive(Subcommand)]
pub enum EventCmd {
    /// Create an event.
    Create(Box<EventFields>),
    /// List events (newest first).
    List {
        /// Include archived events.
        #[arg(long)]
        all: bool,
    },
    /// Show one event.
    Show { id: String },
    /// Archive an event (or restore it with --restore).
    Archive {
        id: String,
        #[arg(long)]
        restore: bool,
    },
    /// Write the package for an offline desk: a Bintek database holding only this event
    /// (run it on the laptop with `--db FILE`; bring it back with `bintek merge FILE`).
    Package {
        id: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Copy an event (agenda, speakers, committee, signatories) to new dates.
    Clone {
        id: String,
        /// The copy's first day, YYYY-MM-DD.
        #[arg(long)]
        start: String,
        #[arg(long)]
        title: Option<String>,
    },
}

#[derive(Args)]
pub struct EventFields {
    #[arg(long)]
    title: String,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    start: String,
    /// Last day, YYYY-MM-DD (default: the first day).
    #[arg(long)]
    end: Option<String>,
    #[arg(long)]
    venue: Option<String>,
    #[arg(long)]
    city: Option<String>,
    #[arg(long)]
    organizer: Option<String>,
    #[arg(long)]
    theme: Option<String>,
    /// Total lesson hours (JP).
    #[arg(long)]
    jp: Option<i64>,
    /// Legal basis (dasar hukum), one reference per line.
    #[arg(long)]
    legal_basis: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

pub fn event(api: &Api, json_mode: bool, cmd: EventCmd) -> anyhow::Result<()> {
    match cmd {
        EventCmd::Create(f) => {
            let f = *f;
            let args = EventInput {
                title: f.title,
                theme: f.theme,
                organizer: f.organizer,
                venue: f.venue,
                city: f.city,
                start_date: f.start,
                end_date: f.end,
                legal_basis: f.legal_basis,
                total_jp: f.jp,
                notes: f.notes,
            };
            let e = run::<EventCreate>(api, args)?;
            output(json_mode, &e, |e| {
                format!("Kegiatan dibuat.\n{}", event_text(e))
            })
        }
        EventCmd::List { all } => {
            let args = EventListArgs {
                include_archived: all,
            };
            let events = run::<EventList>(api, args)?;
            output(json_mode, &events, |e| event_table(e))
        }
        EventCmd::Show { id } => {
            let e = run::<EventGet>(api, EventId { id })?;
            output(json_mode, &e, event_text)
        }
        EventCmd::Clone { id, start, title } => {
            let args = agenda::EventCloneArgs {
                id,
                start_date: start,
                title,
            };
            let e = run::<EventClone>(api, args)?;
            output(json_mode, &e, |e| {
                format!("Kegiatan disalin.\n{}", event_text(e))
            })
        }
        EventCmd::Package { id, out } => package(api, json_mode, id, out),
        EventCmd::Archive { id, restore } => {
            let args = EventArchiveArgs {
                id,
                archived: !restore,
            };
            let e = run::<EventArchive>(api, args)?;
            output(json_mode, &e, |e| {
                let what = if restore { "dipulihkan" } else { "diarsipkan" };
                format!("Kegiatan {what}.\n{}", event_text(e))
            })
        }
    }
}

fn package(api: &Api, json_mode: bool, id: String, out: PathBuf) -> anyhow::Result<()> {
    let file = run::<EventPackage>(api, agenda::EventArgs { event_id: id })?;
    write_out(&out, &file.bytes()?)?;
    let v = json!({"file": out.display().to_string()});
    output(json_mode, &v, |_| {
        format!(
            "Paket meja offline disimpan: {}\nJalankan Bintek di laptop meja dengan --db \"{}\", lalu gabungkan dengan `bintek merge`.",
            out.display(),
            out.display()
        )
    })
}

/// `bintek merge FILE`: an offline desk's package back into this database.
pub fn merge(db: Option<PathBuf>, json_mode: bool, file: PathBuf) -> anyhow::Result<()> {
    let (name, bytes) = read_in(&file)?;
    let api = crate::open(db)?;
    let args = MergeArgs {
        data: bintek_core::files::FilePayload::new(&name, &bytes).data,
        file_name: name,
    };
    let report = run::<MergePackage>(&api, args)?;
    output(json_mode, &report, merge_text)
}

fn dates(e: &Event) -> String {
    let parse = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    match (parse(&e.start_date), parse(&e.end_date)) {
        (Some(s), Some(t)) => bintek_core::format::date_range(s, t),
        _ => format!("{} – {}", e.start_date, e.end_date),
    }
}

fn event_text(e: &Event) -> String {
    let mut lines = vec![
        format!("ID            : {}", e.id),
        format!("Judul         : {}", e.title),
        format!("Tanggal       : {}", dates(e)),
    ];
    let opt = |label: &str, v: &Option<String>| v.as_ref().map(|v| format!("{label:<14}: {v}"));
    lines.extend(opt("Tema", &e.theme));
    lines.extend(opt("Penyelenggara", &e.organizer));
    lines.extend(opt("Tempat", &e.venue));
    lines.extend(opt("Kota", &e.city));
    lines.extend(e.total_jp.map(|jp| format!("{:<14}: {jp}", "JP")));
    if e.archived {
        lines.push(format!("{:<14}: diarsipkan", "Status"));
    }
    lines.join("\n")
}

fn event_table(events: &[Event]) -> String {
    if events.is_empty() {
        return "Belum ada kegiatan. Buat dengan `bintek event create` atau `bintek demo`."
            .to_string();
    }
    let mut lines = Vec::new();
    for e in events {
        let archived = if e.archived { " [arsip]" } else { "" };
        lines.push(format!("{}  {}  {}{archived}", e.id, dates(e), e.title));
    }
    lines.push(format!("{} kegiatan", events.len()));
    lines.join("\n")
}

fn merge_text(r: &MergeReport) -> String {
    let mut lines = vec![format!(
        "Digabungkan: {} kehadiran baru, {} peserta baru (datang langsung), {} orang baru, {} OPD baru; {} kehadiran sudah ada.",
        r.checkins_added, r.registrations_added, r.people_added, r.opds_added, r.checkins_known
    )];
    if !r.conflicts.is_empty() {
        lines.push(format!(
            "{} orang tercatat hadir di dua meja (disimpan sekali):",
            r.conflicts.len()
        ));
        for c in &r.conflicts {
            lines.push(format!(
                "  {} — {}: di sini {} ({}), di paket {} ({})",
                c.name,
                c.session,
                c.host_at,
                c.host_desk.as_deref().unwrap_or("-"),
                c.package_at,
                c.package_desk.as_deref().unwrap_or("-")
            ));
        }
    }
    if r.unknown_sessions > 0 {
        lines.push(format!(
            "{} kehadiran untuk sesi yang tidak ada di sini tidak digabungkan.",
            r.unknown_sessions
        ));
    }
    lines.join("\n")
}

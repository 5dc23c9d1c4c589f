//! `bintek checkin`, `bintek attendance …` (list, the daftar hadir, the recap) and
//! `bintek badges`.

use std::path::PathBuf;

use bintek_core::checkin::{AttendanceArgs, AttendanceRow, CheckinArgs};
use bintek_core::commands::{
    AttendanceList, AttendanceRecap, AttendanceSheetPdf, BadgesPdf, Checkin,
};
use bintek_core::prints::{BadgesArgs, RecapArgs, SheetArgs};
use bintek_core::{Api, ApiError};
use bintek_docs::badges::BadgeLayout;
use clap::Subcommand;

use crate::door::run;
use crate::open;
use crate::output::{output, save_file};

#[derive(Subcommand)]
pub enum AttendanceCmd {
    /// Who checked in (and where, when, how).
    List {
        #[arg(long)]
        event: String,
        #[arg(long)]
        session: Option<String>,
    },
    /// Print a session's daftar hadir (attendance sheet to sign) to a PDF file.
    Sheet {
        #[arg(long)]
        event: String,
        #[arg(long)]
        session: String,
        #[arg(long)]
        out: PathBuf,
        /// Mark who checked in and when.
        #[arg(long)]
        filled: bool,
        /// `opd` (by OPD, then name) or `name`.
        #[arg(long, default_value = "opd")]
        sort: String,
        /// Numbered empty rows for walk-ins.
        #[arg(long, default_value_t = 10)]
        blank: usize,
    },
    /// Write the attendance recap per session and per OPD; the format follows the file's
    /// extension (.pdf or .xlsx).
    Recap {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
    },
}

/// `bintek checkin`: the message of the check-in (or the error saying why not).
pub fn checkin(
    api: &Api,
    json_mode: bool,
    event: String,
    session: Option<String>,
    desk: Option<String>,
    code: String,
) -> anyhow::Result<()> {
    let args = CheckinArgs {
        event_id: event,
        session_id: session,
        code,
        desk,
        ..Default::default()
    };
    let r = run::<Checkin>(api, args)?;
    output(json_mode, &r, |r| r.message.clone())
}

pub fn attendance(db: Option<PathBuf>, json_mode: bool, cmd: AttendanceCmd) -> anyhow::Result<()> {
    match cmd {
        AttendanceCmd::List { event, session } => {
            let api = &open(db)?;
            let args = AttendanceArgs {
                event_id: event,
                session_id: session,
            };
            let rows = run::<AttendanceList>(api, args)?;
            output(json_mode, &rows, |rows| attendance_table(rows))
        }
        AttendanceCmd::Sheet {
            event,
            session,
            out,
            filled,
            sort,
            blank,
        } => {
            let api = &open(db)?;
            let args = SheetArgs {
                event_id: event,
                session_id: session,
                filled,
                sort: Some(sort),
                blank_rows: Some(blank),
            };
            let file = run::<AttendanceSheetPdf>(api, args)?;
            save_file(json_mode, &file, &out)
        }
        AttendanceCmd::Recap { event, out } => {
            let format = recap_format(&out)?;
            let api = &open(db)?;
            let args = RecapArgs {
                event_id: event,
                format: Some(format),
            };
            let file = run::<AttendanceRecap>(api, args)?;
            save_file(json_mode, &file, &out)
        }
    }
}

/// The recap's format from the file's extension (checked before the database is opened).
fn recap_format(out: &std::path::Path) -> Result<String, ApiError> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    if ext != "pdf" && ext != "xlsx" {
        return Err(ApiError::field(
            "out",
            "Nama berkas rekap harus berakhiran .pdf atau .xlsx.",
        ));
    }
    Ok(ext)
}

fn attendance_table(rows: &[AttendanceRow]) -> String {
    let mut lines: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{}  {:<40} {:<30} {} {}",
                r.code,
                r.name,
                r.opd.as_deref().unwrap_or("-"),
                r.at,
                r.desk.as_deref().unwrap_or_default()
            )
        })
        .collect();
    lines.push(format!("{} kehadiran", rows.len()));
    lines.join("\n")
}

/// The `--layout` of `bintek badges` (checked before the database is opened).
fn badge_layout(layout: &str) -> Result<BadgeLayout, ApiError> {
    match layout.trim().to_lowercase().as_str() {
        "eight" | "8" | "eight_per_page" => Ok(BadgeLayout::EightPerPage),
        "one" | "1" | "one_per_page" => Ok(BadgeLayout::OnePerPage),
        _ => Err(ApiError::field(
            "layout",
            "Tata letak tidak dikenal: pilih \"eight\" (8 per halaman) atau \"one\" (1 per halaman).",
        )),
    }
}

/// `bintek badges`: the participant cards of one role into a PDF.
pub fn badges(
    db: Option<PathBuf>,
    json_mode: bool,
    event: String,
    layout: String,
    role: String,
    out: PathBuf,
) -> anyhow::Result<()> {
    let layout = badge_layout(&layout)?;
    let api = &open(db)?;
    let args = BadgesArgs {
        event_id: event,
        layout: Some(layout),
        role: Some(role),
        ..Default::default()
    };
    let file = run::<BadgesPdf>(api, args)?;
    save_file(json_mode, &file, &out)
}

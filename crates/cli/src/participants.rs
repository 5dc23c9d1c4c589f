//! `bintek participant …` (add, list, import, export) and `bintek opd list`.

use std::path::PathBuf;

use bintek_core::commands::{
    OpdList, ParticipantAdd, ParticipantExport, ParticipantImport, ParticipantImportRejects,
    ParticipantList,
};
use bintek_core::import::{ExportArgs, ImportArgs, ImportReport};
use bintek_core::model::{Opd, Participant};
use bintek_core::participants::{ParticipantAddArgs, ParticipantListArgs, PersonInput};
use bintek_core::{Api, ApiError};
use clap::{Args, Subcommand};

use crate::door::run;
use crate::output::{output, read_in, save_file, terminal_text, write_out};

#[derive(Subcommand)]
pub enum ParticipantCmd {
    /// Register a person in an event.
    Add(Box<ParticipantFields>),
    /// List the people registered in an event.
    List {
        #[arg(long)]
        event: String,
        /// Search: part of a name, NIP digits, check-in code or OPD.
        #[arg(long)]
        q: Option<String>,
        /// participant, speaker, moderator or committee.
        #[arg(long)]
        role: Option<String>,
        /// Show NIK in full instead of masked.
        #[arg(long)]
        reveal_nik: bool,
    },
    /// Import an XLSX or CSV list. Exit 0 when the file was read (row errors are in the
    /// report), 1 when it could not be read.
    Import {
        #[arg(long)]
        event: String,
        file: PathBuf,
        /// Preview only: report what would happen, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the rejected rows, with a reason column, to this XLSX file.
        #[arg(long)]
        rejects: Option<PathBuf>,
    },
    /// Export the participants to FILE.xlsx or FILE.csv (NIK masked unless --reveal-nik).
    Export {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        reveal_nik: bool,
    },
}

#[derive(Args)]
pub struct ParticipantFields {
    #[arg(long)]
    event: String,
    #[arg(long)]
    name: String,
    #[arg(long)]
    nip: Option<String>,
    #[arg(long)]
    nik: Option<String>,
    /// L or P.
    #[arg(long)]
    gender: Option<String>,
    /// Pangkat/golongan.
    #[arg(long)]
    rank: Option<String>,
    /// Jabatan.
    #[arg(long)]
    position: Option<String>,
    /// The OPD by name, short name, alias or a well-known abbreviation (Diskominfo, Dinkes).
    #[arg(long)]
    opd: Option<String>,
    /// Add the OPD as a new one when it matches none (otherwise refused).
    #[arg(long = "opd-baru")]
    create_opd: bool,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// participant (default), speaker, moderator or committee.
    #[arg(long)]
    role: Option<String>,
}

#[derive(Subcommand)]
pub enum OpdCmd {
    /// List the OPDs with their short names and aliases.
    List,
}

pub fn participant(api: &Api, json_mode: bool, cmd: ParticipantCmd) -> anyhow::Result<()> {
    match cmd {
        ParticipantCmd::Add(f) => add(api, json_mode, *f),
        ParticipantCmd::List {
            event,
            q,
            role,
            reveal_nik,
        } => {
            let args = ParticipantListArgs {
                event_id: event,
                q,
                role,
                reveal_nik,
                ..Default::default()
            };
            let rows = run::<ParticipantList>(api, args)?;
            output(json_mode, &rows, |rows| {
                let mut lines: Vec<String> = rows.iter().map(participant_line).collect();
                lines.push(format!("{} orang", rows.len()));
                lines.join("\n")
            })
        }
        ParticipantCmd::Import {
            event,
            file,
            dry_run,
            rejects,
        } => import(api, json_mode, event, file, dry_run, rejects),
        ParticipantCmd::Export {
            event,
            out,
            reveal_nik,
        } => export(api, json_mode, event, out, reveal_nik),
    }
}

fn add(api: &Api, json_mode: bool, f: ParticipantFields) -> anyhow::Result<()> {
    let args = ParticipantAddArgs {
        event_id: f.event,
        person: PersonInput {
            name: f.name,
            nip: f.nip,
            nik: f.nik,
            gender: f.gender,
            rank: f.rank,
            position: f.position,
            opd: f.opd,
            phone: f.phone,
            email: f.email,
        },
        role: f.role,
        note: None,
        duty: None,
        create_opd: f.create_opd,
    };
    let saved = run::<ParticipantAdd>(api, args)?;
    for w in &saved.warnings {
        eprintln!("Perhatian: {}", terminal_text(&w.message));
    }
    output(json_mode, &saved.participant, |p| {
        format!("Terdaftar.\n{}", participant_line(p))
    })
}

fn import(
    api: &Api,
    json_mode: bool,
    event: String,
    file: PathBuf,
    dry_run: bool,
    rejects: Option<PathBuf>,
) -> anyhow::Result<()> {
    let (name, bytes) = read_in(&file)?;
    let args = ImportArgs {
        event_id: event,
        data: bintek_core::files::FilePayload::new(&name, &bytes).data,
        file_name: name,
        dry_run,
        ..Default::default()
    };
    let report = run::<ParticipantImport>(api, args.clone())?;
    if let Some(path) = rejects {
        let file = run::<ParticipantImportRejects>(api, args)?;
        write_out(&path, &file.bytes()?)?;
    }
    output(json_mode, &report, import_text)
}

fn export(
    api: &Api,
    json_mode: bool,
    event: String,
    out: PathBuf,
    reveal_nik: bool,
) -> anyhow::Result<()> {
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let format = match ext.as_str() {
        "csv" => "csv",
        "xlsx" => "xlsx",
        _ => {
            return Err(
                ApiError::field("out", "Nama berkas harus berakhiran .xlsx atau .csv.").into(),
            )
        }
    };
    let args = ExportArgs {
        event_id: event,
        format: format.to_string(),
        reveal_nik,
    };
    let file = run::<ParticipantExport>(api, args)?;
    save_file(json_mode, &file, &out)
}

pub fn opd(api: &Api, json_mode: bool, cmd: OpdCmd) -> anyhow::Result<()> {
    match cmd {
        OpdCmd::List => {
            let rows = run::<OpdList>(api, bintek_core::api::NoArgs {})?;
            output(json_mode, &rows, |rows| opd_table(rows))
        }
    }
}

fn opd_table(rows: &[Opd]) -> String {
    let mut lines: Vec<String> = rows
        .iter()
        .map(|o| {
            format!(
                "{:<12} {} ({} orang)",
                o.short_name.as_deref().unwrap_or("-"),
                o.name,
                o.people
            )
        })
        .collect();
    lines.push(format!("{} OPD", rows.len()));
    lines.join("\n")
}

pub fn participant_line(p: &Participant) -> String {
    let nip = p
        .nip
        .as_deref()
        .map(bintek_core::ids::format_nip)
        .unwrap_or_else(|| "-".to_string());
    format!(
        "{}  {:<40} {:<22} {:<30} {}{}",
        p.code,
        p.name,
        nip,
        p.opd.as_deref().unwrap_or("-"),
        p.role.as_str(),
        if p.status == bintek_core::model::RegistrationStatus::Registered {
            String::new()
        } else {
            format!(" [{}]", p.status.as_str())
        }
    )
}

fn import_text(r: &ImportReport) -> String {
    let mut lines = vec![format!(
        "{}{}: lembar \"{}\", judul kolom di baris {}",
        if r.dry_run { "Pratinjau " } else { "" },
        r.file_name,
        r.sheet,
        r.header_row
    )];
    lines.push(format!(
        "{} baris dibaca: {} baru, {} diperbarui, {} tidak berubah, {} duplikat, {} ditolak",
        r.rows_read,
        r.imported,
        r.updated,
        r.unchanged,
        r.duplicates,
        r.errors.len()
    ));
    for e in &r.errors {
        lines.push(format!(
            "  Baris {}, kolom {} (\"{}\"): {}",
            e.row, e.column, e.value, e.message
        ));
    }
    for w in &r.warnings {
        lines.push(format!("  Perhatian baris {}: {}", w.row, w.message));
    }
    for q in &r.quota_warnings {
        lines.push(format!("  Kuota: {q}"));
    }
    lines.join("\n")
}

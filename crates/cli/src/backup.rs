//! `bintek check`, `bintek backup` (make one, or `list`) and `bintek restore`.

use std::path::PathBuf;

use bintek_core::backup::{BackupCreateArgs, BackupEntry, BackupInfo, BackupListArgs, DbCheck};
use bintek_core::commands::{BackupCreate, BackupList, DbCheck as DbCheckCmd};
use clap::{Args, Subcommand};

use crate::door::run;
use crate::output::{output, size_text};
use crate::{db_path, open_existing, Reported};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    /// Write the backup to this file instead of the backups folder.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Option<BackupCmd>,
}

#[derive(Subcommand)]
enum BackupCmd {
    /// List the backups in the backups folder, newest first.
    List {
        /// Run integrity_check on every backup now.
        #[arg(long)]
        verify: bool,
    },
}

/// `bintek check`: exit 0 when the database is sound, 1 when not (the report either way).
pub fn check(db: Option<PathBuf>, json_mode: bool) -> anyhow::Result<()> {
    let api = open_existing(db)?;
    let report = run::<DbCheckCmd>(&api, bintek_core::api::NoArgs {})?;
    output(json_mode, &report, check_text)?;
    if report.ok {
        Ok(())
    } else {
        Err(Reported.into())
    }
}

pub fn backup(db: Option<PathBuf>, json_mode: bool, args: BackupArgs) -> anyhow::Result<()> {
    let api = open_existing(db)?;
    match args {
        BackupArgs {
            cmd: Some(BackupCmd::List { verify }),
            ..
        } => {
            let rows = run::<BackupList>(&api, BackupListArgs { verify })?;
            output(json_mode, &rows, |rows| backup_table(rows))
        }
        BackupArgs { out, cmd: None } => {
            let made = run::<BackupCreate>(&api, BackupCreateArgs { to_file: out })?;
            output(json_mode, &made, backup_made_text)
        }
    }
}

/// `bintek restore FILE`: a file operation while no connection is open, not a command.
pub fn restore(db: Option<PathBuf>, json_mode: bool, file: PathBuf) -> anyhow::Result<()> {
    let report = bintek_core::backup::restore(&db_path(db), &file)?;
    output(json_mode, &report, |r| r.message.clone())
}

fn backup_made_text(b: &BackupInfo) -> String {
    format!(
        "Cadangan dibuat dan lolos pemeriksaan: {}\n{} dalam {} ms",
        b.file,
        size_text(b.size),
        b.duration_ms
    )
}

fn check_text(c: &DbCheck) -> String {
    let yes_no = |b: bool| if b { "ya" } else { "tidak" };
    let mut lines = vec![
        format!("Basis data    : {}", c.database),
        format!("Hasil         : {}", if c.ok { "baik" } else { "RUSAK" }),
        format!(
            "quick_check   : {}",
            c.quick_check
                .iter()
                .take(5)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join("; ")
        ),
        format!("Kunci asing   : {} bermasalah", c.foreign_key_errors.len()),
        format!("Mode jurnal   : {}", c.journal_mode),
        format!("Drive jaringan: {}", yes_no(c.network_drive)),
        format!("Hanya-baca    : {}", yes_no(c.read_only)),
    ];
    match &c.last_backup {
        Some(b) => lines.push(format!(
            "Cadangan akhir: {} ({})",
            b.file_name, b.created_at
        )),
        None => lines.push("Cadangan akhir: belum ada".to_string()),
    }
    for w in &c.warnings {
        lines.push(format!("Perhatian: {w}"));
    }
    lines.join("\n")
}

fn backup_table(rows: &[BackupEntry]) -> String {
    if rows.is_empty() {
        return "Belum ada cadangan. Buat dengan `bintek backup`.".to_string();
    }
    let mut lines: Vec<String> = rows
        .iter()
        .map(|b| {
            format!(
                "{}  {:<15} {:>9}  {}{}",
                b.created_at,
                b.reason.as_str(),
                size_text(b.size),
                b.file_name,
                if b.ok { "" } else { "  [RUSAK]" }
            )
        })
        .collect();
    lines.push(format!("{} cadangan", rows.len()));
    lines.join("\n")
}

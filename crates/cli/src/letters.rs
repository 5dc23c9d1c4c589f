//! `bintek surat`: the event's letters as one PDF (a letter per addressee) or a ZIP of
//! DOCX files, numbered on the first print; `bintek laporan`: the report after the event.

use std::path::{Path, PathBuf};

use bintek_core::commands::{LetterPrint, ReportPrint};
use bintek_core::letters::{LetterKind, LetterPrintArgs};
use bintek_core::report::ReportPrintArgs;
use bintek_core::Api;
use clap::Subcommand;

use crate::door::run;
use crate::output::save_file;

#[derive(Subcommand)]
pub enum LetterCmd {
    /// The undangan to every OPD with a quota (with the lampiran of the settings).
    Undangan {
        #[arg(long)]
        event: String,
        /// FILE.pdf (all letters in one PDF) or FILE.zip (a DOCX per OPD).
        #[arg(long)]
        out: PathBuf,
        /// With each DOCX in the ZIP, the OPD's participant list to fill in (XLSX).
        #[arg(long)]
        with_template: bool,
    },
    /// The permohonan narasumber to each speaker.
    Narasumber {
        #[arg(long)]
        event: String,
        /// FILE.pdf or FILE.zip.
        #[arg(long)]
        out: PathBuf,
    },
    /// The surat tugas of the committee.
    Tugas {
        #[arg(long)]
        event: String,
        /// FILE.pdf or FILE.zip.
        #[arg(long)]
        out: PathBuf,
    },
}

/// `pdf` or `zip` from the output file's extension.
fn format_of(out: &Path) -> anyhow::Result<String> {
    match out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("pdf") => Ok("pdf".into()),
        Some("zip") => Ok("zip".into()),
        _ => Err(bintek_core::ApiError::field(
            "out",
            "Berkas keluaran harus berakhiran .pdf atau .zip (berkas Word per penerima).",
        )
        .into()),
    }
}

pub fn letters(api: &Api, json_mode: bool, cmd: LetterCmd) -> anyhow::Result<()> {
    let (kind, event, out, with_template) = match cmd {
        LetterCmd::Undangan {
            event,
            out,
            with_template,
        } => (LetterKind::Undangan, event, out, with_template),
        LetterCmd::Narasumber { event, out } => (LetterKind::Narasumber, event, out, false),
        LetterCmd::Tugas { event, out } => (LetterKind::Tugas, event, out, false),
    };
    let file = run::<LetterPrint>(
        api,
        LetterPrintArgs {
            event_id: event,
            kind,
            format: Some(format_of(&out)?),
            keys: None,
            with_template: Some(with_template),
        },
    )?;
    save_file(json_mode, &file, &out)
}

/// `bintek laporan`: the laporan pelaksanaan as PDF or DOCX (by the file's extension).
pub fn report(api: &Api, json_mode: bool, event: String, out: PathBuf) -> anyhow::Result<()> {
    let format = match out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("pdf") => "pdf",
        Some("docx") => "docx",
        _ => {
            return Err(bintek_core::ApiError::field(
                "out",
                "Berkas keluaran harus berakhiran .pdf atau .docx (Word).",
            )
            .into())
        }
    };
    let file = run::<ReportPrint>(
        api,
        ReportPrintArgs {
            event_id: event,
            format: Some(format.to_string()),
        },
    )?;
    save_file(json_mode, &file, &out)
}

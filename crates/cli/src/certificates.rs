//! `bintek certificate …`: issue (number and print), list, verify, revoke, replace.

use std::path::PathBuf;

use bintek_core::agenda::EventArgs;
use bintek_core::certificate_print::{JobArgs, JobOutput, PrintArgs};
use bintek_core::certificates::{CertificateRow, IssueArgs, ReplaceArgs, RevokeArgs, VerifyArgs};
use bintek_core::commands::{
    CertificateIssue, CertificateJob, CertificateJobResult, CertificateList, CertificatePrintStart,
    CertificateReplace, CertificateRevoke, CertificateVerify,
};
use bintek_core::Api;
use clap::Subcommand;
use serde_json::{json, Value};

use crate::door::run;
use crate::output::{output, write_out};
use crate::Reported;

#[derive(Subcommand)]
pub enum CertificateCmd {
    /// Number the certificates of the eligible people of a role (numbers are kept; a
    /// corrected name gets a new revision) and print them into one PDF, and with
    /// --per-person also one PDF per person into DIR.
    Issue {
        #[arg(long)]
        event: String,
        /// participant, speaker, moderator, committee or all.
        #[arg(long, default_value = "participant")]
        role: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_name = "DIR")]
        per_person: Option<PathBuf>,
    },
    /// Every certificate of an event: number, name, role, code, status, revision.
    List {
        #[arg(long)]
        event: String,
    },
    /// Check a certificate from its scanned QR text or verification code. Exit 0 when it
    /// is valid, 1 otherwise (revoked, tampered, unknown).
    Verify { text: String },
    /// Revoke a certificate by its number, with a reason (it keeps its number).
    Revoke {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Replace a revoked certificate with a new one for the same person: the next number
    /// and a new code (the revoked one stays revoked). The person must still be eligible.
    Replace { number: String },
}

pub fn certificate(api: &Api, json_mode: bool, cmd: CertificateCmd) -> anyhow::Result<()> {
    match cmd {
        CertificateCmd::Issue {
            event,
            role,
            out,
            per_person,
        } => issue(api, json_mode, event, role, out, per_person),
        CertificateCmd::List { event } => {
            let rows = run::<CertificateList>(api, EventArgs { event_id: event })?;
            // The columns of the table, also in JSON.
            let v = Value::Array(rows.iter().map(certificate_json).collect());
            output(json_mode, &v, |_| certificate_table(&rows))
        }
        CertificateCmd::Verify { text } => {
            let v = run::<CertificateVerify>(api, VerifyArgs { text })?;
            output(json_mode, &v, |v| v.message.clone())?;
            if v.status == bintek_core::certificates::VerificationStatus::Valid {
                Ok(())
            } else {
                Err(Reported.into())
            }
        }
        CertificateCmd::Replace { number } => {
            let c = run::<CertificateReplace>(api, ReplaceArgs { number })?;
            output(json_mode, &c, |c| {
                format!(
                    "Sertifikat baru {} atas nama {} menggantikan {} (dicabut).",
                    c.number,
                    c.name,
                    c.replaces.as_deref().unwrap_or_default()
                )
            })
        }
        CertificateCmd::Revoke { number, reason } => {
            let c = run::<CertificateRevoke>(api, RevokeArgs { number, reason })?;
            output(json_mode, &c, |c| {
                format!(
                    "Sertifikat {} atas nama {} dicabut: {}",
                    c.number,
                    c.name,
                    c.revoke_reason.as_deref().unwrap_or_default()
                )
            })
        }
    }
}

/// Numbers the certificates, prints them all into `out` and, with `per_person`, one PDF
/// per person into that folder.
fn issue(
    api: &Api,
    json_mode: bool,
    event: String,
    role: String,
    out: PathBuf,
    per_person: Option<PathBuf>,
) -> anyhow::Result<()> {
    let issued = run::<CertificateIssue>(
        api,
        IssueArgs {
            event_id: event.clone(),
            role: Some(role.clone()),
        },
    )?;
    let print = |per_person: Option<PathBuf>| {
        print_certificates(
            api,
            PrintArgs {
                event_id: event.clone(),
                role: Some(role.clone()),
                per_person: per_person.is_some(),
                into_folder: per_person,
                ..Default::default()
            },
        )
    };
    match print(None)? {
        JobOutput::File(file) => write_out(&out, &file.bytes()?)?,
        JobOutput::Folder(_) => unreachable!("one PDF of all is a file"),
    }
    let files = match &per_person {
        Some(dir) => match print(Some(dir.clone()))? {
            JobOutput::Folder(f) => f.files,
            JobOutput::File(_) => unreachable!("a folder was asked for"),
        },
        None => 0,
    };
    let file = out.display().to_string();
    let per_person = per_person.as_ref().map(|d| d.display().to_string());
    let v = json!({
        "issued": issued.issued,
        "new": issued.new,
        "reissued": issued.reissued,
        "ineligible": issued.ineligible,
        "file": file,
        "per_person": per_person,
        "files": files,
    });
    output(json_mode, &v, |_| {
        format!(
            "{} sertifikat di {} ({} nomor baru, {} perbaikan nama); {} belum memenuhi syarat.{}",
            issued.issued,
            file,
            issued.new,
            issued.reissued,
            issued.ineligible,
            per_person
                .as_ref()
                .map(|d| format!("\n{files} berkas per orang di {d}"))
                .unwrap_or_default()
        )
    })
}

/// Prints certificates through the command table (`certificate_print_start`, then the
/// job's progress and result) and waits for the job, as the window does.
fn print_certificates(api: &Api, args: PrintArgs) -> anyhow::Result<JobOutput> {
    let mut job = run::<CertificatePrintStart>(api, args)?;
    while job.state == bintek_core::certificate_print::JobState::Running {
        std::thread::sleep(std::time::Duration::from_millis(20));
        job = run::<CertificateJob>(api, JobArgs { job_id: job.job_id })?;
    }
    let job_id = job.job_id;
    Ok(run::<CertificateJobResult>(api, JobArgs { job_id })?)
}

fn certificate_json(c: &CertificateRow) -> Value {
    json!({"number": c.number, "name": c.name, "role": c.role,
           "code": c.code, "status": c.status, "revision": c.revision})
}

fn certificate_table(rows: &[CertificateRow]) -> String {
    let mut lines: Vec<String> = rows
        .iter()
        .map(|c| {
            format!(
                "{:<32} {:<40} {:<12} {} {}{}",
                c.number,
                c.name,
                c.role.as_str(),
                c.code,
                if c.status == bintek_core::model::CertificateStatus::Revoked {
                    "DICABUT "
                } else {
                    ""
                },
                if c.revision > 1 {
                    format!("rev. {}", c.revision)
                } else {
                    String::new()
                }
            )
        })
        .collect();
    lines.push(format!("{} sertifikat", rows.len()));
    lines.join("\n")
}

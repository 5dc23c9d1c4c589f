//! Certificate designs (templates) and printing: one PDF of every certificate of a role,
//! or one PDF per person (a folder from the CLI, a ZIP for the UI), as background jobs
//! with progress and cancel.
//!
//! Templates are stored as the JSON of `bintek_docs::certificate::Template` (background
//! included, base64), checked with `validate_template` before they are saved. The id
//! `bawaan` is the built-in default template, always there and never stored.

use crate::store::audit::Audit;
use crate::tx::Tx;
use std::collections::HashMap;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use bintek_docs::certificate::{
    default_template, export_template, import_template, render_batches_with_progress, render_each,
    render_preview, sample_certificate, sample_common, validate_template, Batch, Certificate,
    CertificateCommon, CertificateFonts, Signer, Template, TemplateError,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::agenda::event_or_404;
use crate::api::{Api, Caller, NoArgs};
use crate::certificates::{default_role_text, CertSettings, CertificateRow};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::files::{safe_file_name, FilePayload};
use crate::model::{Event, Role};
use crate::store;

/// The id of the built-in template.
pub const DEFAULT_TEMPLATE_ID: &str = "bawaan";

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct TemplateInfo {
    pub id: String,
    pub name: String,
    pub has_background: bool,
    pub builtin: bool,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct TemplateIdArgs {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct TemplateSaveArgs {
    /// Empty or absent: a new template.
    #[serde(default)]
    pub id: Option<String>,
    pub template: Template,
}

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct TemplatePreviewArgs {
    pub template: Template,
    /// Whose data to show: the event, the role and the saved template being edited.
    #[serde(flatten)]
    pub data: PreviewDataArgs,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct PreviewDataArgs {
    /// The active event; absent or empty: sample data.
    pub event_id: Option<String>,
    /// The role to show; absent: the role the event uses `template_id` for (participants
    /// first), else participants.
    pub role: Option<String>,
    /// The saved template being edited (`bawaan` for the built-in one).
    pub template_id: Option<String>,
}

/// What a template preview is filled with: an event's own data where it has some, sample
/// data for the rest, and which is which.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PreviewData {
    /// The event whose data this is; `None`: sample data only (no active event).
    pub event_title: Option<String>,
    /// The role shown: `participant`, `speaker`, `moderator` or `committee`.
    pub role: Role,
    pub common: CertificateCommon,
    pub certificate: Certificate,
    /// Whose certificate it is.
    pub person: PreviewSource,
    /// What is sample data, in words for the clerk ("kop instansi", …); empty when all is
    /// the event's own.
    pub sample: Vec<String>,
}

/// The verification code and QR of a certificate that was not issued: no real code can
/// look like them (codes have no O or 0), no verifier accepts them.
const SAMPLE_CODE: &str = "CONTOH-00";
const SAMPLE_QR: &str = "CONTOH SERTIFIKAT - TIDAK SAH";

/// What stands in for the parts an event has not set yet in a preview: plainly samples
/// ("CONTOH"), of a realistic length, so no one takes them for the event's own.
fn event_samples() -> CertificateCommon {
    CertificateCommon {
        agency: vec![
            "PEMERINTAH KABUPATEN CONTOH".into(),
            "DINAS PENYELENGGARA KEGIATAN".into(),
        ],
        jp: Some("16 JP".into()),
        signatories: vec![
            Signer {
                position: "Kepala Dinas Penyelenggara\nKabupaten Contoh".into(),
                name: "Nama Penanda Tangan, S.H., M.Si.".into(),
                rank: "Pembina Utama Muda (IV/c)".into(),
                nip: "000000000000000000".into(),
            },
            Signer {
                position: "Mengetahui,\nSekretaris Daerah Kabupaten Contoh".into(),
                name: "Nama Penanda Tangan Kedua, M.M.".into(),
                rank: "Pembina Utama Madya (IV/d)".into(),
                nip: "000000000000000000".into(),
            },
        ],
        ..CertificateCommon::default()
    }
}

/// What every certificate of an event shares, read from the event, its certificate
/// settings and its signatories: the one place it is built, for printing and previews.
pub(crate) struct EventCommon {
    pub event: Event,
    pub settings: CertSettings,
    pub common: CertificateCommon,
}

pub(crate) fn event_common(
    conn: &rusqlite::Connection,
    event_id: &str,
) -> Result<EventCommon, ApiError> {
    let event = event_or_404(conn, event_id)?;
    let kop = crate::agency::Kop::read(conn, &event)?;
    let settings = crate::certificates::load_settings(conn, event_id)?;
    let signatories = store::agenda::list_signatories(conn, event_id)?;
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let issue_date = settings
        .issue_date
        .as_deref()
        .and_then(parse)
        .or_else(|| parse(&event.end_date))
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let place = settings
        .issue_place
        .clone()
        .or_else(|| event.city.clone())
        .filter(|p| !p.trim().is_empty());
    let date_text = crate::format::date_long(issue_date);
    let place_date = match place {
        Some(p) => format!("{p}, {date_text}"),
        None => date_text,
    };
    let mut detail = Vec::new();
    if parse(&event.start_date).is_some() && parse(&event.end_date).is_some() {
        detail.push(crate::format::event_place_dates(
            event.city.as_deref(),
            &event.start_date,
            &event.end_date,
        ));
    }
    if let Some(v) = event.venue.as_deref().filter(|v| !v.trim().is_empty()) {
        detail.push(v.to_string());
    }
    let jp = event.total_jp.unwrap_or(event.sessions_jp);
    let back_page = if settings.back_page {
        back_page(&event, &store::agenda::list_sessions(conn, event_id)?, jp)?
    } else {
        None
    };
    let common = CertificateCommon {
        logo: kop.logo.clone(),
        agency: kop.heading,
        event_title: event.title.clone(),
        event_detail: detail.join(" · "),
        jp: (jp > 0).then(|| format!("{jp} JP")),
        place_date,
        // The renderer signs index 0 under the place and date (right) and index 1 on
        // the left; the agenda's signatory 1 is the left one when there are two.
        signatories: signatories
            .iter()
            .rev()
            .map(|s| Signer {
                position: s.position.clone(),
                name: s.name.clone(),
                rank: s.rank.clone().unwrap_or_default(),
                nip: s.nip.clone().unwrap_or_default(),
            })
            .collect(),
        back_page,
    };
    Ok(EventCommon {
        event,
        settings,
        common,
    })
}

/// The back page from the agenda: every material session with its narasumber and JP, and
/// the event's total. None when the agenda has no material session; refused when there
/// are more than fit a page.
fn back_page(
    event: &Event,
    sessions: &[crate::model::Session],
    total_jp: i64,
) -> Result<Option<bintek_docs::certificate::BackPage>, ApiError> {
    use bintek_docs::certificate::{BackPage, BackRow, MAX_BACK_ROWS};
    let rows: Vec<BackRow> = sessions
        .iter()
        .filter(|s| s.kind == crate::model::SessionKind::Material)
        .map(|s| BackRow {
            materi: s.title.clone(),
            speaker: s
                .speakers
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
                .join(", "),
            jp: s.jp.map_or("-".to_string(), |j| j.to_string()),
        })
        .collect();
    if rows.is_empty() {
        return Ok(None);
    }
    if rows.len() > MAX_BACK_ROWS {
        return Err(ApiError::field(
            "back_page",
            format!(
                "Halaman belakang sertifikat memuat paling banyak {MAX_BACK_ROWS} materi; \
                 agenda ini berisi {}. Matikan halaman belakang di pengaturan sertifikat.",
                rows.len()
            ),
        ));
    }
    Ok(Some(BackPage {
        title: "DAFTAR MATERI".to_string(),
        subtitle: event.title.clone(),
        rows,
        total_jp: if total_jp > 0 {
            total_jp.to_string()
        } else {
            "-".to_string()
        },
    }))
}

/// The wording under the name for a role in an event.
fn role_phrase(settings: &CertSettings, role: Role) -> String {
    settings
        .role_texts
        .get(role.as_str())
        .cloned()
        .unwrap_or_else(|| default_role_text(role).to_string())
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct TemplateImportArgs {
    pub file_name: String,
    pub data: String,
}

fn template_errors(errors: Vec<TemplateError>) -> ApiError {
    ApiError::validation(
        errors
            .into_iter()
            .map(|e| FieldError {
                field: match e.field {
                    Some(i) => format!("fields.{i}"),
                    None => "template".to_string(),
                },
                message: e.message,
            })
            .collect(),
    )
}

fn pdf_error(e: bintek_docs::pdf::PdfError) -> ApiError {
    match e {
        bintek_docs::pdf::PdfError::Cancelled => {
            ApiError::new(ErrorCode::Cancelled, "Pencetakan sertifikat dibatalkan.")
        }
        e => ApiError::new(ErrorCode::Validation, e.to_string()),
    }
}

fn load_template(conn: &rusqlite::Connection, id: &str) -> Result<Template, ApiError> {
    if id.is_empty() || id == DEFAULT_TEMPLATE_ID {
        return Ok(default_template());
    }
    let body = store::certificate_templates::template_body(conn, id)?.ok_or_else(|| {
        ApiError::field("id", "Templat sertifikat tidak ditemukan.").with_code(ErrorCode::NotFound)
    })?;
    serde_json::from_str(&body).map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Templat tersimpan tidak dapat dibaca: {e}"),
        )
    })
}

// ---- jobs ------------------------------------------------------------------------------

/// A print job running on its own thread.
pub(crate) struct Job {
    total: usize,
    done: AtomicUsize,
    cancel: AtomicBool,
    result: Mutex<Option<Result<JobOutput, ApiError>>>,
    /// When the job ended (done, cancelled or failed).
    finished: OnceLock<Instant>,
}

/// How long an ended job waits to be fetched before the next print start forgets it (and
/// frees its file), so a window closed mid-print does not keep a PDF in memory for good.
const JOB_KEEP: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub(crate) struct Jobs(Mutex<HashMap<String, Arc<Job>>>);

impl Jobs {
    /// Adds a job, forgetting those that ended more than [`JOB_KEEP`] ago.
    fn insert(&self, id: String, job: Arc<Job>) {
        self.insert_at(id, job, Instant::now());
    }

    /// [`Jobs::insert`] as of `now`. Tests move `now` forward rather than an `Instant`
    /// back: on Windows an `Instant` cannot lie before the machine's boot.
    fn insert_at(&self, id: String, job: Arc<Job>, now: Instant) {
        let mut jobs = self.0.lock().unwrap_or_else(|p| p.into_inner());
        jobs.retain(|_, j| {
            j.finished
                .get()
                .is_none_or(|&t| now.saturating_duration_since(t) < JOB_KEEP)
        });
        jobs.insert(id, job);
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct PrintArgs {
    pub event_id: String,
    /// `participant` (default), `speaker`, `moderator`, `committee` or `all`.
    pub role: Option<String>,
    /// One PDF per person (a ZIP of them) instead of one PDF of all.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub per_person: bool,
    /// With `per_person`: write the PDFs into a new folder in this one instead of a ZIP.
    /// Only the desktop shell sets it (into the user's Downloads); it never comes from
    /// JSON, so no caller over HTTP can make the app write where it chooses.
    #[serde(skip)]
    pub folder_in: Option<PathBuf>,
    /// With `per_person`: write the PDFs into this folder itself (made when missing):
    /// `bintek certificate issue --per-person DIR`. Never from JSON either.
    #[serde(skip)]
    pub into_folder: Option<PathBuf>,
}

/// What a finished print job made: a file to save, or a folder already written.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[serde(untagged)]
pub enum JobOutput {
    File(FilePayload),
    Folder(FolderOutput),
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct FolderOutput {
    /// The folder the PDFs were written into.
    pub folder: String,
    pub files: usize,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct JobArgs {
    pub job_id: String,
}

/// Where a print job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Done,
    Cancelled,
    Failed,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct JobStatus {
    pub job_id: String,
    pub state: JobState,
    pub done: usize,
    pub total: usize,
    pub error: Option<ApiError>,
}

/// Everything needed to print the standing certificates of a role, read in one go so the
/// rendering needs no database.
pub struct Prepared {
    pub common: CertificateCommon,
    /// Per template, its certificates in number order.
    pub batches: Vec<(Template, Vec<Certificate>)>,
    /// A Windows-safe file name per certificate, in the same order as the batches.
    pub file_names: Vec<String>,
    pub event_title: String,
}

impl Prepared {
    pub fn count(&self) -> usize {
        self.batches.iter().map(|(_, c)| c.len()).sum()
    }

    /// One PDF of all certificates.
    pub fn render_one(&self) -> Result<Vec<u8>, ApiError> {
        self.render_one_with_progress(|_| ControlFlow::Continue(()))
    }

    /// [`Prepared::render_one`] telling `progress` how many pages are laid out;
    /// `Break` cancels.
    pub fn render_one_with_progress(
        &self,
        progress: impl FnMut(usize) -> ControlFlow<()>,
    ) -> Result<Vec<u8>, ApiError> {
        let batches: Vec<Batch<'_>> = self
            .batches
            .iter()
            .map(|(t, c)| Batch {
                template: t,
                certificates: c,
            })
            .collect();
        render_batches_with_progress(
            &batches,
            &self.common,
            &CertificateFonts::bundled(),
            progress,
        )
        .map_err(pdf_error)
    }

    /// One PDF per person, handed to `each(file_name, bytes)`; `Break` cancels.
    pub fn render_each(
        &self,
        mut each: impl FnMut(&str, Vec<u8>) -> ControlFlow<()>,
    ) -> Result<(), ApiError> {
        let fonts = CertificateFonts::bundled();
        let mut offset = 0;
        for (template, certs) in &self.batches {
            render_each(template, &self.common, certs, &fonts, |i, bytes| {
                each(&self.file_names[offset + i], bytes)
            })
            .map_err(pdf_error)?;
            offset += certs.len();
        }
        Ok(())
    }

    /// Writes one PDF per person into `dir` (made if missing); returns the paths.
    /// `progress` is told how many are written after each; `Break` cancels. A cancel or a
    /// failure removes the files this call wrote (and `dir`, if this call made it and it
    /// is empty), so no half set is left behind.
    pub fn write_each(
        &self,
        dir: &Path,
        mut progress: impl FnMut(usize) -> ControlFlow<()>,
    ) -> Result<Vec<PathBuf>, ApiError> {
        let made = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| {
            ApiError::field(
                "per_person",
                format!("Folder {} tidak dapat dibuat: {e}", dir.display()),
            )
        })?;
        let mut written = Vec::new();
        let mut failure = None;
        let result = self.render_each(|name, bytes| {
            let path = dir.join(name);
            match std::fs::write(&path, bytes) {
                Ok(()) => {
                    written.push(path);
                    progress(written.len())
                }
                Err(e) => {
                    failure = Some(ApiError::field(
                        "per_person",
                        format!("Berkas {} tidak dapat ditulis: {e}", path.display()),
                    ));
                    ControlFlow::Break(())
                }
            }
        });
        if let Err(e) = result {
            for path in &written {
                let _ = std::fs::remove_file(path);
            }
            if made {
                let _ = std::fs::remove_dir(dir);
            }
            return Err(failure.take().unwrap_or(e));
        }
        Ok(written)
    }
}

impl Api {
    pub(crate) fn certificate_template_list(
        &self,
        _caller: &Caller,
        _args: NoArgs,
    ) -> Result<Vec<TemplateInfo>, ApiError> {
        let conn = self.read();
        let mut out = vec![TemplateInfo {
            id: DEFAULT_TEMPLATE_ID.to_string(),
            name: "Bawaan (bingkai, tanpa gambar latar)".to_string(),
            has_background: false,
            builtin: true,
            updated_at: None,
        }];
        out.extend(
            store::certificate_templates::list_templates(&conn)?
                .into_iter()
                .map(|t| TemplateInfo {
                    id: t.id,
                    name: t.name,
                    has_background: t.has_background,
                    builtin: false,
                    updated_at: Some(t.updated_at),
                }),
        );
        Ok(out)
    }

    pub(crate) fn certificate_template_get(
        &self,
        _caller: &Caller,
        args: TemplateIdArgs,
    ) -> Result<Template, ApiError> {
        load_template(&self.read(), &args.id)
    }

    /// A template as one `.json` file (background included) to take elsewhere.
    pub(crate) fn certificate_template_export(
        &self,
        _caller: &Caller,
        args: TemplateIdArgs,
    ) -> Result<FilePayload, ApiError> {
        let t = load_template(&self.read(), &args.id)?;
        Ok(FilePayload::new(
            &format!("templat-sertifikat-{}.json", t.name),
            export_template(&t).as_bytes(),
        ))
    }

    /// A one-page PDF of a template (saved or not) filled with the event's data (or
    /// sample data, see [`Api::certificate_preview_data`]), for the editor's exact preview.
    pub(crate) fn certificate_template_preview(
        &self,
        caller: &Caller,
        args: TemplatePreviewArgs,
    ) -> Result<FilePayload, ApiError> {
        let data = self.certificate_preview_data(caller, args.data)?;
        let bytes = render_preview(
            &args.template,
            &data.common,
            &data.certificate,
            &CertificateFonts::bundled(),
        )
        .map_err(pdf_error)?;
        Ok(FilePayload::new("pratinjau-sertifikat.pdf", &bytes))
    }

    /// What a template preview shows: with an event, its own data (read as printing
    /// reads it) and a real person of the role: the first standing certificate, else the
    /// first registered person with the first number of the event's pattern; sample data
    /// for whatever the event does not have yet, named in `sample`. The QR is signed only
    /// for a real standing certificate.
    pub(crate) fn certificate_preview_data(
        &self,
        _caller: &Caller,
        args: PreviewDataArgs,
    ) -> Result<PreviewData, ApiError> {
        let explicit = preview_role(args.role.as_deref())?;
        let Some(event_id) = args.event_id.as_deref().filter(|e| !e.trim().is_empty()) else {
            return Ok(sample_preview(explicit.unwrap_or(Role::Participant)));
        };
        let conn = self.read();
        let EventCommon {
            event,
            settings,
            mut common,
        } = event_common(&conn, event_id)?;
        let role = explicit
            .or_else(|| template_role(&settings, args.template_id.as_deref()))
            .unwrap_or(Role::Participant);
        let mut sample = Vec::new();
        let standing = store::certificate_templates::standing_certificates(&conn, event_id)?
            .into_iter()
            .find(|c| c.role == role);
        let person = if let Some(c) = standing {
            drop(conn);
            self.standing_preview(event_id, &c, &settings, role, &mut sample)
        } else {
            let name = store::people::first_registered_name(&conn, event_id, role.as_str())?;
            drop(conn);
            registered_preview(name, &event, &settings, role, &mut sample)
        };
        fill_event_samples(&mut common, &mut sample);
        Ok(PreviewData {
            event_title: Some(event.title),
            role,
            common,
            certificate: person.certificate,
            person: person.kind,
            sample,
        })
    }

    /// The first standing certificate of the role, as printed: its number, code and
    /// signed QR (a sample QR, named in `sample`, when there is no signing key).
    fn standing_preview(
        &self,
        event_id: &str,
        c: &CertificateRow,
        settings: &CertSettings,
        role: Role,
        sample: &mut Vec<String>,
    ) -> PreviewPerson {
        let qr = match self.certificate_qr_texts(event_id, std::slice::from_ref(c)) {
            Ok(mut q) => q.pop().unwrap_or_default(),
            Err(_) => {
                sample.push("QR (kunci tanda tangan tidak ditemukan)".to_string());
                SAMPLE_QR.to_string()
            }
        };
        PreviewPerson {
            certificate: Certificate {
                number: c.number.clone(),
                name: c.name.clone(),
                role_phrase: role_phrase(settings, role),
                code: crate::certificates::show_code(&c.code),
                qr_payload: qr,
            },
            kind: PreviewSource::Certificate,
        }
    }

    /// Reads what printing the standing certificates of a role needs.
    pub fn certificate_prepare(
        &self,
        event_id: &str,
        role: Option<&str>,
    ) -> Result<Prepared, ApiError> {
        self.certificate_prepare_for(event_id, role, None)
    }

    /// [`Api::certificate_prepare`] for the one registration `only` when given (a
    /// participant's own certificate on their phone).
    pub(crate) fn certificate_prepare_for(
        &self,
        event_id: &str,
        role: Option<&str>,
        only: Option<&str>,
    ) -> Result<Prepared, ApiError> {
        let role = match only {
            Some(_) => None,
            None => crate::certificates::role_or_participants(role)?,
        };
        let (
            EventCommon {
                event,
                settings,
                common,
            },
            certs,
        ) = {
            let conn = self.read();
            let shared = event_common(&conn, event_id)?;
            let certs: Vec<CertificateRow> =
                store::certificate_templates::standing_certificates(&conn, event_id)?
                    .into_iter()
                    .filter(|c| role.is_none_or(|r| c.role == r))
                    .filter(|c| only.is_none_or(|id| c.registration_id == id))
                    .collect();
            (shared, certs)
        };
        if certs.is_empty() {
            return Err(ApiError::field(
                "event_id",
                "Belum ada sertifikat yang terbit untuk peran ini: terbitkan (beri nomor) terlebih dahulu.",
            ));
        }
        let qr = self.certificate_qr_texts(event_id, &certs)?;
        // Group by template, keeping number order within each group.
        let mut groups: Vec<(String, Vec<(CertificateRow, String)>)> = Vec::new();
        for (c, q) in certs.into_iter().zip(qr) {
            let template_id = settings
                .role_templates
                .get(c.role.as_str())
                .cloned()
                .unwrap_or_else(|| DEFAULT_TEMPLATE_ID.to_string());
            match groups.iter_mut().find(|(t, _)| *t == template_id) {
                Some((_, list)) => list.push((c, q)),
                None => groups.push((template_id, vec![(c, q)])),
            }
        }
        let mut batches = Vec::new();
        let mut file_names = Vec::new();
        let conn = self.read();
        for (template_id, list) in groups {
            let template = load_template(&conn, &template_id)?;
            let mut certificates = Vec::new();
            for (c, q) in list {
                let phrase = role_phrase(&settings, c.role);
                file_names.push(safe_file_name(&format!(
                    "{} {}.pdf",
                    c.number,
                    c.name.trim_end_matches('.')
                )));
                certificates.push(Certificate {
                    number: c.number.clone(),
                    name: c.name.clone(),
                    role_phrase: phrase,
                    code: crate::certificates::show_code(&c.code),
                    qr_payload: q,
                });
            }
            batches.push((template, certificates));
        }
        Ok(Prepared {
            common,
            batches,
            file_names,
            event_title: event.title,
        })
    }

    /// Starts printing the standing certificates of a role on a background thread; poll
    /// `certificate_job`, cancel with `certificate_job_cancel`, fetch with
    /// `certificate_job_result`.
    pub(crate) fn certificate_print_start(
        &self,
        _caller: &Caller,
        args: PrintArgs,
    ) -> Result<JobStatus, ApiError> {
        let prepared = self.certificate_prepare(&args.event_id, args.role.as_deref())?;
        let total = prepared.count();
        let job = Arc::new(Job {
            total,
            done: AtomicUsize::new(0),
            cancel: AtomicBool::new(false),
            result: Mutex::new(None),
            finished: OnceLock::new(),
        });
        // Made before the job is registered: a folder that cannot be made is an answer,
        // not a job that never ends.
        let target = match (&args.into_folder, &args.folder_in, args.per_person) {
            (Some(dir), _, true) => PrintTarget::Folder {
                own: !dir.exists(),
                dir: dir.clone(),
            },
            (None, Some(parent), true) => PrintTarget::Folder {
                dir: crate::files::create_unique_dir(
                    parent,
                    &format!(
                        "sertifikat-{}",
                        prepared.event_title.chars().take(60).collect::<String>()
                    ),
                )?,
                own: true,
            },
            (None, None, true) => PrintTarget::Zip,
            (_, _, false) => PrintTarget::OnePdf,
        };
        let own_folder = matches!(target, PrintTarget::Folder { own: true, .. });
        let id = store::new_id();
        self.jobs.insert(id.clone(), job.clone());
        std::thread::spawn(move || {
            let result = run_print_job(&prepared, &job, target);
            job.finish(result, own_folder);
        });
        Ok(JobStatus {
            job_id: id,
            state: JobState::Running,
            done: 0,
            total,
            error: None,
        })
    }

    fn job(&self, id: &str) -> Result<Arc<Job>, ApiError> {
        self.jobs
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
            .ok_or_else(|| {
                ApiError::field(
                    "job_id",
                    "Pekerjaan cetak tidak ditemukan (sudah diambil atau tidak pernah ada).",
                )
                .with_code(ErrorCode::NotFound)
            })
    }

    pub(crate) fn certificate_job(
        &self,
        _caller: &Caller,
        args: JobArgs,
    ) -> Result<JobStatus, ApiError> {
        let job = self.job(&args.job_id)?;
        let result = job.result.lock().unwrap_or_else(|p| p.into_inner());
        let (state, error) = match result.as_ref() {
            None => (JobState::Running, None),
            Some(Ok(_)) => (JobState::Done, None),
            Some(Err(e)) if e.code == ErrorCode::Cancelled => {
                (JobState::Cancelled, Some(e.clone()))
            }
            Some(Err(e)) => (JobState::Failed, Some(e.clone())),
        };
        Ok(JobStatus {
            job_id: args.job_id,
            state,
            done: job.done.load(Ordering::Relaxed),
            total: job.total,
            error,
        })
    }

    pub(crate) fn certificate_job_cancel(
        &self,
        caller: &Caller,
        args: JobArgs,
    ) -> Result<JobStatus, ApiError> {
        self.job(&args.job_id)?
            .cancel
            .store(true, Ordering::Relaxed);
        self.certificate_job(caller, args)
    }

    /// The finished file, or the folder written (taken: a second call finds no job).
    pub(crate) fn certificate_job_result(
        &self,
        _caller: &Caller,
        args: JobArgs,
    ) -> Result<JobOutput, ApiError> {
        let job = self.job(&args.job_id)?;
        let taken = job.result.lock().unwrap_or_else(|p| p.into_inner()).take();
        match taken {
            None => Err(ApiError::field("job_id", "Pencetakan belum selesai.")
                .with_code(ErrorCode::Conflict)),
            Some(result) => {
                self.jobs
                    .0
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&args.job_id);
                result
            }
        }
    }
}

/// Where a print job puts the certificates.
enum PrintTarget {
    /// One PDF per person into `dir`; `own`: the job made it (a new one), so it goes
    /// again when the job fails or is cancelled.
    Folder { dir: PathBuf, own: bool },
    /// One PDF per person in a ZIP.
    Zip,
    /// All in one PDF.
    OnePdf,
}

impl Job {
    /// Whether the job goes on (not cancelled).
    fn keep_going(&self) -> ControlFlow<()> {
        if self.cancel.load(Ordering::Relaxed) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }

    /// Keeps the job's result (a cancel wins over what was made) and when it ended.
    fn finish(&self, result: Result<JobOutput, ApiError>, own_folder: bool) {
        let result = if self.cancel.load(Ordering::Relaxed) {
            // Cancelled after the last file: the new folder this job made goes too.
            if let (Ok(JobOutput::Folder(f)), true) = (&result, own_folder) {
                let _ = std::fs::remove_dir_all(&f.folder);
            }
            Err(ApiError::new(
                ErrorCode::Cancelled,
                "Pencetakan sertifikat dibatalkan.",
            ))
        } else {
            result
        };
        *self.result.lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
        let _ = self.finished.set(Instant::now());
    }
}

/// A print job's work, on its own thread.
fn run_print_job(
    prepared: &Prepared,
    job: &Job,
    target: PrintTarget,
) -> Result<JobOutput, ApiError> {
    match target {
        PrintTarget::Folder { dir, own } => prepared
            .write_each(&dir, |n| {
                job.done.store(n, Ordering::Relaxed);
                job.keep_going()
            })
            .inspect_err(|_| {
                // A folder this job made: nothing half-done stays.
                if own {
                    let _ = std::fs::remove_dir_all(&dir);
                }
            })
            .map(|files| {
                JobOutput::Folder(FolderOutput {
                    folder: dir.display().to_string(),
                    files: files.len(),
                })
            }),
        PrintTarget::Zip => zip_each(prepared, job).map(JobOutput::File),
        PrintTarget::OnePdf => {
            let total = job.total;
            prepared
                .render_one_with_progress(|n| {
                    // The last page is counted once the file is saved.
                    job.done
                        .store(n.min(total.saturating_sub(1)), Ordering::Relaxed);
                    job.keep_going()
                })
                .map(|bytes| {
                    job.done.store(total, Ordering::Relaxed);
                    JobOutput::File(FilePayload::new(
                        &format!(
                            "sertifikat-{}.pdf",
                            prepared.event_title.chars().take(60).collect::<String>()
                        ),
                        &bytes,
                    ))
                })
        }
    }
}

/// One PDF per person into a ZIP, counting progress and honouring cancel.
fn zip_each(prepared: &Prepared, job: &Job) -> Result<FilePayload, ApiError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut failure = None;
    prepared
        .render_each(|name, bytes| {
            if job.cancel.load(Ordering::Relaxed) {
                return ControlFlow::Break(());
            }
            let written = zip
                .start_file(name, options)
                .map_err(|e| e.to_string())
                .and_then(|()| zip.write_all(&bytes).map_err(|e| e.to_string()));
            if let Err(e) = written {
                failure = Some(ApiError::new(
                    ErrorCode::Internal,
                    format!("ZIP tidak dapat dibuat: {e}"),
                ));
                return ControlFlow::Break(());
            }
            job.done.fetch_add(1, Ordering::Relaxed);
            ControlFlow::Continue(())
        })
        .map_err(|e| failure.take().unwrap_or(e))?;
    let bytes = zip
        .finish()
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("ZIP tidak dapat dibuat: {e}")))?
        .into_inner();
    Ok(FilePayload::new(
        &format!(
            "sertifikat-{}.zip",
            prepared.event_title.chars().take(60).collect::<String>()
        ),
        &bytes,
    ))
}

/// Whose certificate a preview shows, and which of `PreviewData::person` it is.
struct PreviewPerson {
    certificate: Certificate,
    kind: PreviewSource,
}

/// Where a preview's person comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PreviewSource {
    /// The first standing certificate of the role: its real number, code and signed QR.
    Certificate,
    /// The first registered person of the role: number, code and QR are samples, never
    /// signed.
    Registration,
    /// No one yet: sample data.
    Sample,
}

/// The role asked for, if any.
fn preview_role(role: Option<&str>) -> Result<Option<Role>, ApiError> {
    match role.map(str::trim) {
        None | Some("") => Ok(None),
        Some(r) => Role::parse(r).map(Some).ok_or_else(|| {
            ApiError::field(
                "role",
                "Peran tidak dikenal: pilih participant, speaker, moderator atau committee.",
            )
        }),
    }
}

fn sample_person(role: Role) -> Certificate {
    Certificate {
        role_phrase: default_role_text(role).to_string(),
        code: SAMPLE_CODE.to_string(),
        qr_payload: SAMPLE_QR.to_string(),
        ..sample_certificate()
    }
}

/// A preview without an event: sample data only.
fn sample_preview(role: Role) -> PreviewData {
    PreviewData {
        event_title: None,
        role,
        common: sample_common(),
        certificate: sample_person(role),
        person: PreviewSource::Sample,
        sample: vec!["semua isian (belum ada kegiatan aktif)".to_string()],
    }
}

/// The role a template is for in the event: the roles that print with it (a role with
/// none set prints with the built-in one), participants first.
fn template_role(settings: &CertSettings, template_id: Option<&str>) -> Option<Role> {
    let id = template_id.filter(|i| !i.trim().is_empty())?;
    [
        Role::Participant,
        Role::Speaker,
        Role::Moderator,
        Role::Committee,
    ]
    .into_iter()
    .find(|r| {
        settings
            .role_templates
            .get(r.as_str())
            .map_or(DEFAULT_TEMPLATE_ID, String::as_str)
            == id
    })
}

/// The first registered person of the role (or a sample name) with the first number of
/// the event's pattern; code and QR are samples, never signed.
fn registered_preview(
    name: Option<String>,
    event: &Event,
    settings: &CertSettings,
    role: Role,
    sample: &mut Vec<String>,
) -> PreviewPerson {
    let kind = if name.is_some() {
        PreviewSource::Registration
    } else {
        sample.push(format!(
            "nama penerima (belum ada {} terdaftar)",
            role.label().to_lowercase()
        ));
        PreviewSource::Sample
    };
    sample.push("nomor, kode verifikasi, dan QR (sertifikat belum terbit)".to_string());
    let number = crate::certificates::first_number(event, settings)
        .unwrap_or_else(|| sample_certificate().number);
    PreviewPerson {
        certificate: Certificate {
            number,
            name: name.unwrap_or_else(|| sample_certificate().name),
            role_phrase: role_phrase(settings, role),
            code: SAMPLE_CODE.to_string(),
            qr_payload: SAMPLE_QR.to_string(),
        },
        kind,
    }
}

/// Sample letterhead, JP and signatories where the event has none yet, named in `sample`.
fn fill_event_samples(common: &mut CertificateCommon, sample: &mut Vec<String>) {
    let samples = event_samples();
    if common.agency.is_empty() {
        common.agency = samples.agency;
        sample.push("kop instansi (isi penyelenggara pada data kegiatan)".to_string());
    }
    if common.jp.is_none() {
        common.jp = samples.jp;
        sample.push("JP (isi jumlah JP kegiatan)".to_string());
    }
    if common.signatories.is_empty() {
        common.signatories = samples.signatories;
        sample.push("penanda tangan (atur di Agenda → Penanda tangan)".to_string());
    }
}

/// Saves a checked template (new when `id` is empty); the built-in one cannot be
/// changed, only copied.
pub(crate) fn certificate_template_save(
    tx: &Tx,
    args: TemplateSaveArgs,
) -> Result<TemplateInfo, ApiError> {
    let mut template = args.template;
    template.name = crate::validate::one_line(&template.name);
    validate_template(&template).map_err(template_errors)?;
    let id = args
        .id
        .filter(|i| !i.trim().is_empty())
        .unwrap_or_else(store::new_id);
    if id == DEFAULT_TEMPLATE_ID {
        return Err(ApiError::field(
            "id",
            "Templat bawaan tidak dapat diubah; simpan sebagai templat baru.",
        ));
    }
    let body = serde_json::to_string(&template)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;

    let now = store::now();
    store::certificate_templates::upsert_template(tx, &id, &template.name, &body, &now)?;
    tx.audit(Audit::TemplateSave, Some(&id), Some(&template.name))?;
    Ok(TemplateInfo {
        id: id.clone(),
        name: template.name.clone(),
        has_background: template.background.is_some(),
        builtin: false,
        updated_at: Some(now),
    })
}

/// Deletes a template; events that used it fall back to the built-in one.
pub(crate) fn certificate_template_delete(tx: &Tx, args: TemplateIdArgs) -> Result<bool, ApiError> {
    if args.id == DEFAULT_TEMPLATE_ID {
        return Err(ApiError::field("id", "Templat bawaan tidak dapat dihapus."));
    }

    let gone = store::certificate_templates::delete_template(tx, &args.id)?;
    if gone {
        // Forget it in every event's role → template map.
        for (event, json) in store::certificate_templates::role_templates_naming(tx, &args.id)? {
            let mut map: std::collections::BTreeMap<String, String> =
                serde_json::from_str(&json).unwrap_or_default();
            map.retain(|_, v| v != &args.id);
            store::certificate_templates::set_role_templates(
                tx,
                &event,
                &serde_json::to_string(&map).unwrap_or_default(),
            )?;
        }
        tx.audit(Audit::TemplateDelete, Some(&args.id), None)?;
    }
    Ok(gone)
}

/// Imports a template file (checked) as a new template.
pub(crate) fn certificate_template_import(
    tx: &Tx,
    args: TemplateImportArgs,
) -> Result<TemplateInfo, ApiError> {
    crate::files::check_file_name(&args.file_name)?;
    let bytes = crate::files::decode_base64("data", &args.data)?;
    let template = import_template(&bytes).map_err(template_errors)?;
    certificate_template_save(tx, TemplateSaveArgs { id: None, template })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A job that ended at `ended_at`, or is still running.
    fn job(ended_at: Option<Instant>) -> Arc<Job> {
        let job = Job {
            total: 1,
            done: AtomicUsize::new(0),
            cancel: AtomicBool::new(false),
            result: Mutex::new(None),
            finished: OnceLock::new(),
        };
        if let Some(at) = ended_at {
            let _ = job.finished.set(at);
        }
        Arc::new(job)
    }

    #[test]
    fn ended_jobs_are_forgotten_after_a_while_running_ones_never() {
        let start = Instant::now();
        let now = start + JOB_KEEP + Duration::from_secs(1);
        let jobs = Jobs::default();
        jobs.insert_at("running".into(), job(None), start);
        jobs.insert_at("stale".into(), job(Some(start)), start);
        jobs.insert_at(
            "fresh".into(),
            job(Some(now - Duration::from_secs(60))),
            start,
        );
        jobs.insert_at("new".into(), job(None), now);
        let mut left: Vec<String> = jobs.0.lock().expect("lock").keys().cloned().collect();
        left.sort();
        assert_eq!(left, ["fresh", "new", "running"]);
    }
}

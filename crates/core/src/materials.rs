//! The materials (*bahan tayang*) each narasumber hands over: the organizer uploads them
//! per session, and participants download them on their phones once the session has
//! started (`GET /api/material/{id}` on the LAN host, see `bintek_server`). The organizer
//! sees how many downloaded each.
//!
//! An upload is checked before anything is kept: at most [`MAX_SIZE`], a kind of file a
//! narasumber hands over (PDF, PowerPoint, Word, Excel, OpenDocument), and bytes that are
//! what its name says (a `.pdf` begins `%PDF-`, a `.pptx` is a zip with
//! `ppt/presentation.xml`, a `.ppt` is an OLE compound file). Only the zip's directory is
//! read, never an entry unpacked, so a hostile archive costs nothing. A material is sent
//! back only as an attachment with the content type of its checked kind.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::agenda::EventArgs;
use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode};
use crate::files::FilePayload;
use crate::store::audit::Audit;
use crate::store::{self, materials as q};
use crate::tx::Tx;
use crate::validate;

/// The largest material: 30 MB (a slide deck with photos).
pub const MAX_SIZE: usize = 30 * 1024 * 1024;
/// All materials of one event together at most: 200 MB. The bytes live in the database,
/// so every backup carries them (the newest 20 of each kind are kept): a bintek's slides
/// are seldom over 100 MB, and the cap keeps the backup folder within a few gigabytes.
pub const MAX_EVENT_TOTAL: i64 = 200 * 1024 * 1024;
/// Materials of one event at most.
pub const MAX_PER_EVENT: i64 = 200;
/// The longest title.
pub const MAX_TITLE: usize = 200;

/// The kinds of file a material may be, by extension.
const KINDS: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    (
        "ppsx",
        "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
    ),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("ppt", "application/vnd.ms-powerpoint"),
    ("doc", "application/msword"),
    ("xls", "application/vnd.ms-excel"),
    ("odp", "application/vnd.oasis.opendocument.presentation"),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
];

const ALLOWED: &str = "PDF, PowerPoint (.pptx, .ppsx, .ppt), Word (.docx, .doc), Excel \
                       (.xlsx, .xls) atau OpenDocument (.odp, .odt, .ods)";

/// The content type a material of this kind is sent with.
pub fn content_type(kind: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("application/octet-stream", |(_, t)| t)
}

/// One material as the organizer sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Material {
    pub id: String,
    pub session_id: String,
    pub title: String,
    pub file_name: String,
    /// `pdf`, `pptx`, … as its bytes were checked to be.
    pub kind: String,
    /// Bytes.
    pub size: i64,
    pub created_at: String,
    /// Participants who downloaded it at least once.
    pub downloaded_by: i64,
    /// Downloads in all (one participant may download again).
    pub downloads: i64,
}

impl From<q::MaterialRow> for Material {
    fn from(r: q::MaterialRow) -> Self {
        Material {
            id: r.id,
            session_id: r.session_id,
            title: r.title,
            file_name: r.file_name,
            kind: r.kind,
            size: r.size,
            created_at: r.created_at,
            downloaded_by: r.downloaded_by,
            downloads: r.downloads,
        }
    }
}

/// `material_list`: the event's materials, and the participants who could download.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct Materials {
    pub materials: Vec<Material>,
    /// Standing registrations of the event (what "downloaded by" counts against).
    pub participants: i64,
    /// Bytes of all the event's materials, and the most there may be.
    pub total_size: i64,
    pub max_total_size: i64,
    pub max_size: i64,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct MaterialAddArgs {
    pub session_id: String,
    /// The title participants see; the file name without its extension when empty.
    pub title: Option<String>,
    pub file_name: String,
    /// The file, base64-encoded.
    pub data: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct MaterialIdArgs {
    pub material_id: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct MaterialUpdateArgs {
    pub material_id: String,
    pub title: String,
}

/// A material of the participant's agenda, as the phone shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct MeMaterial {
    pub id: String,
    pub title: String,
    pub file_name: String,
    pub kind: String,
    pub size: i64,
    /// The session has started: it may be downloaded.
    pub available: bool,
    /// This participant downloaded it before.
    pub downloaded: bool,
}

/// A material's bytes, to send.
#[derive(Debug, Clone)]
pub struct MaterialFile {
    pub file_name: String,
    pub content_type: &'static str,
    pub data: Vec<u8>,
}

/// What the bytes of a file named `file_name` are, or why it cannot be a material.
pub fn check_file(file_name: &str, bytes: &[u8]) -> Result<&'static str, ApiError> {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let Some(&(kind, _)) = KINDS.iter().find(|(k, _)| *k == ext) else {
        return Err(ApiError::field(
            "file_name",
            format!(
                "Berkas \"{}\" tidak dapat dijadikan bahan tayang. Yang diterima: {ALLOWED}.",
                validate::quote(file_name)
            ),
        ));
    };
    if bytes.is_empty() {
        return Err(ApiError::field("data", "Berkas kosong (0 byte)."));
    }
    if bytes.len() > MAX_SIZE {
        return Err(ApiError::field(
            "data",
            format!(
                "Berkas {} terlalu besar; paling besar {}. Kecilkan dahulu, misalnya simpan ulang \
                 sebagai PDF atau perkecil gambarnya.",
                size_words(bytes.len() as i64),
                size_words(MAX_SIZE as i64)
            ),
        ));
    }
    let what = match kind {
        "pdf" => "PDF",
        "pptx" | "ppsx" => "PowerPoint",
        "docx" | "doc" => "Word",
        "xlsx" | "xls" => "Excel",
        _ => "OpenDocument",
    };
    let wrong = || {
        ApiError::field(
            "data",
            format!(
                "Isi berkas \"{}\" bukan {what} seperti namanya (.{kind}). Berkas mungkin rusak \
                 atau namanya diganti; buka dan simpan ulang dari aplikasinya.",
                validate::quote(file_name)
            ),
        )
    };
    let ok = match kind {
        // The header may follow a little junk, as readers allow.
        "pdf" => bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-"),
        "ppt" | "doc" | "xls" => {
            bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        }
        _ => bytes.starts_with(b"PK\x03\x04") && zip_is(kind, bytes),
    };
    if ok {
        Ok(kind)
    } else {
        Err(wrong())
    }
}

/// Whether a zip holds the part its kind must have. Only the directory is read (and an
/// OpenDocument's `mimetype`, a few stored bytes).
fn zip_is(kind: &str, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return false;
    };
    let has = |zip: &zip::ZipArchive<_>, name: &str| zip.index_for_name(name).is_some();
    match kind {
        "pptx" | "ppsx" => has(&zip, "[Content_Types].xml") && has(&zip, "ppt/presentation.xml"),
        "docx" => has(&zip, "[Content_Types].xml") && has(&zip, "word/document.xml"),
        "xlsx" => has(&zip, "[Content_Types].xml") && has(&zip, "xl/workbook.xml"),
        _ => {
            let Ok(entry) = zip.by_name("mimetype") else {
                return false;
            };
            let mut mime = String::new();
            if entry.take(100).read_to_string(&mut mime).is_err() {
                return false;
            }
            mime.trim() == content_type(kind)
        }
    }
}

/// "1,5 MB", "320 KB".
pub fn size_words(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn material_or_404(conn: &rusqlite::Connection, id: &str) -> Result<q::MaterialRow, ApiError> {
    q::get(conn, id)?.ok_or_else(|| {
        ApiError::field("material_id", "Bahan tayang tidak ditemukan.")
            .with_code(ErrorCode::NotFound)
    })
}

fn title_of(title: &str) -> Result<String, ApiError> {
    let title = title.trim();
    validate::check("title", "Judul bahan", Some(title), MAX_TITLE)?;
    if title.is_empty() {
        return Err(ApiError::field("title", "Judul bahan wajib diisi."));
    }
    Ok(title.to_string())
}

/// The moment a session starts, in the local time the forms use (`YYYY-MM-DDTHH:MM`).
fn starts_at(s: &crate::model::Session) -> String {
    format!("{}T{}", s.date, s.start_time)
}

/// The materials of the participant's event, by session id.
pub(crate) fn for_participant(
    conn: &rusqlite::Connection,
    event_id: &str,
    registration_id: &str,
    sessions: &[crate::model::Session],
) -> Result<std::collections::HashMap<String, Vec<MeMaterial>>, ApiError> {
    let now = crate::forms::local_now();
    let started: std::collections::HashSet<&str> = sessions
        .iter()
        .filter(|s| starts_at(s) <= now)
        .map(|s| s.id.as_str())
        .collect();
    let downloaded: std::collections::HashSet<String> = q::downloaded_by(conn, registration_id)?
        .into_iter()
        .collect();
    let mut out: std::collections::HashMap<String, Vec<MeMaterial>> = Default::default();
    for m in q::list(conn, event_id)? {
        out.entry(m.session_id.clone())
            .or_default()
            .push(MeMaterial {
                available: started.contains(m.session_id.as_str()),
                downloaded: downloaded.contains(&m.id),
                id: m.id,
                title: m.title,
                file_name: m.file_name,
                kind: m.kind,
                size: m.size,
            });
    }
    Ok(out)
}

impl Api {
    pub(crate) fn material_list(
        &self,
        _caller: &Caller,
        args: EventArgs,
    ) -> Result<Materials, ApiError> {
        let conn = self.read();
        crate::agenda::event_or_404(&conn, &args.event_id)?;
        let (_, total) = q::totals(&conn, &args.event_id)?;
        Ok(Materials {
            materials: q::list(&conn, &args.event_id)?
                .into_iter()
                .map(Material::from)
                .collect(),
            participants: q::standing_registrations(&conn, &args.event_id)?,
            total_size: total,
            max_total_size: MAX_EVENT_TOTAL,
            max_size: MAX_SIZE as i64,
        })
    }

    /// Checks the file first (no transaction held), then stores it in one short write.
    pub(crate) fn material_add(
        &self,
        caller: &Caller,
        args: MaterialAddArgs,
    ) -> Result<Material, ApiError> {
        crate::files::check_file_name(&args.file_name)?;
        // Refused before decoding: base64 is 4 characters for every 3 bytes.
        if args.data.len() / 4 * 3 > MAX_SIZE + 3 {
            return Err(ApiError::field(
                "data",
                format!(
                    "Berkas terlalu besar; paling besar {}.",
                    size_words(MAX_SIZE as i64)
                ),
            ));
        }
        let bytes = crate::files::decode_base64("data", &args.data)?;
        let kind = check_file(&args.file_name, &bytes)?;
        let file_name = crate::files::safe_file_name(args.file_name.trim());
        let title = match args.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => title_of(t)?,
            _ => {
                let stem = file_name.rsplit_once('.').map_or(&*file_name, |(s, _)| s);
                title_of(&stem.replace('_', " "))?
            }
        };
        let sha256: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let id = store::new_id();
        let session_id = args.session_id.clone();
        let out_id = id.clone();
        self.write_as(caller, move |tx| {
            let session = crate::agenda::session_or_404(tx, &session_id)?;
            let event = crate::agenda::event_or_404(tx, &session.event_id)?;
            if event.archived_at.is_some() {
                return Err(ApiError::new(
                    ErrorCode::Conflict,
                    "Kegiatan ini sudah diarsipkan; pulihkan dahulu untuk menambah bahan.",
                ));
            }
            if let Some(same) = q::same_file(tx, &session_id, &sha256)? {
                return Err(ApiError::field(
                    "data",
                    format!(
                        "Berkas yang sama sudah diunggah untuk sesi ini sebagai \"{}\".",
                        validate::quote(&same)
                    ),
                )
                .with_code(ErrorCode::Conflict));
            }
            let (count, total) = q::totals(tx, &event.id)?;
            if count >= MAX_PER_EVENT {
                return Err(ApiError::field(
                    "data",
                    format!(
                        "Kegiatan ini sudah memuat {MAX_PER_EVENT} bahan, batas satu kegiatan."
                    ),
                ));
            }
            if total + bytes.len() as i64 > MAX_EVENT_TOTAL {
                return Err(ApiError::field(
                    "data",
                    format!(
                        "Bahan kegiatan ini sudah {} dari batas {}; berkas ini ({}) tidak muat. \
                         Hapus bahan yang tidak dipakai atau kecilkan berkasnya.",
                        size_words(total),
                        size_words(MAX_EVENT_TOTAL),
                        size_words(bytes.len() as i64)
                    ),
                ));
            }
            q::insert(
                tx,
                &q::NewMaterial {
                    id: &id,
                    event_id: &event.id,
                    session_id: &session_id,
                    title: &title,
                    file_name: &file_name,
                    kind,
                    sha256: &sha256,
                    data: &bytes,
                    now: &store::now(),
                },
            )?;
            tx.audit(
                Audit::Material,
                Some(&id),
                Some(&format!("add {file_name}")),
            )?;
            Ok(())
        })?;
        let conn = self.read();
        Ok(material_or_404(&conn, &out_id)?.into())
    }

    /// The material's file, for the organizer to check what participants get.
    pub(crate) fn material_get(
        &self,
        _caller: &Caller,
        args: MaterialIdArgs,
    ) -> Result<FilePayload, ApiError> {
        let conn = self.read();
        let m = material_or_404(&conn, &args.material_id)?;
        let data = q::data(&conn, &m.id)?.unwrap_or_default();
        Ok(FilePayload::new(&m.file_name, &data))
    }

    /// A participant's download: a material of their own event whose session has
    /// started. Each download is counted (best effort: a read-only database still gives
    /// the file).
    pub fn material_download(
        &self,
        caller: &Caller,
        material_id: &str,
    ) -> Result<MaterialFile, ApiError> {
        let registration_id = match caller.role {
            crate::api::Role::Participant => caller.registration_id.as_deref(),
            crate::api::Role::Admin => None,
            _ => {
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    "Bahan tayang hanya untuk peserta dan panitia.",
                ))
            }
        };
        let (m, data) = {
            let conn = self.read();
            let m = material_or_404(&conn, material_id)?;
            if let Some(reg) = registration_id {
                let own = crate::participants::participant_of(&conn, reg)?.event_id;
                if own != m.event_id {
                    // Another event's material is, for this participant, none at all.
                    return Err(
                        ApiError::field("material_id", "Bahan tayang tidak ditemukan.")
                            .with_code(ErrorCode::NotFound),
                    );
                }
                let session = crate::agenda::session_or_404(&conn, &m.session_id)?;
                if starts_at(&session) > crate::forms::local_now() {
                    return Err(ApiError::new(
                        ErrorCode::Forbidden,
                        format!(
                            "Bahan ini dapat diunduh setelah sesinya dimulai, pukul {} ({}).",
                            session.start_time.replace(':', "."),
                            chrono::NaiveDate::parse_from_str(&session.date, "%Y-%m-%d")
                                .map(crate::format::date_with_day)
                                .unwrap_or(session.date.clone())
                        ),
                    ));
                }
            }
            let data = q::data(&conn, &m.id)?.unwrap_or_default();
            (m, data)
        };
        if let Some(reg) = registration_id {
            if !self.is_read_only() {
                let _ = q::note_download(&self.conn(), &m.id, reg, &store::now());
            }
        }
        Ok(MaterialFile {
            content_type: content_type(&m.kind),
            file_name: m.file_name,
            data,
        })
    }
}

pub(crate) fn material_update(tx: &Tx, args: MaterialUpdateArgs) -> Result<Material, ApiError> {
    let title = title_of(&args.title)?;
    material_or_404(tx, &args.material_id)?;
    q::set_title(tx, &args.material_id, &title)?;
    tx.audit(Audit::Material, Some(&args.material_id), Some("title"))?;
    Ok(material_or_404(tx, &args.material_id)?.into())
}

pub(crate) fn material_delete(tx: &Tx, args: MaterialIdArgs) -> Result<bool, ApiError> {
    let m = material_or_404(tx, &args.material_id)?;
    q::delete(tx, &m.id)?;
    tx.audit(
        Audit::Material,
        Some(&m.id),
        Some(&format!("delete {}", m.file_name)),
    )?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::{check_file, size_words};

    #[test]
    fn a_file_is_what_its_name_says_or_refused() {
        assert_eq!(check_file("a.PDF", b"%PDF-1.7\n").unwrap(), "pdf");
        assert_eq!(
            check_file(
                "a.ppt",
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]
            )
            .unwrap(),
            "ppt"
        );
        let e = check_file("materi.pdf", b"PK\x03\x04 not a pdf").unwrap_err();
        assert!(e.message.contains("bukan PDF"), "{}", e.message);
        let e = check_file("virus.exe", b"MZ").unwrap_err();
        assert!(
            e.message.contains("tidak dapat dijadikan bahan"),
            "{}",
            e.message
        );
        let e = check_file("x.pptx", b"PK\x03\x04garbage").unwrap_err();
        assert!(e.message.contains("bukan PowerPoint"), "{}", e.message);
        assert!(check_file("x.pdf", b"").is_err());
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_words(1536 * 1024), "1,5 MB");
        assert_eq!(size_words(300), "1 KB");
        assert_eq!(size_words(30 * 1024 * 1024), "30,0 MB");
    }
}

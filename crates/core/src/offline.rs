//! Offline desks: an event package for a laptop without network, and merging its
//! check-ins and walk-ins back into the host database (see `store::package`).
//!
//! The package is an ordinary Bintek database cut down to one event, so the offline
//! laptop runs the normal app on it (`bintek-desktop --db PAKET.db`, `bintek --db …`).
//! Other events, other people, the audit log and desk tokens are removed and the file is
//! vacuumed, so nothing of them is left in it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::agenda::{event_or_404, EventArgs};
use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode};
use crate::files::FilePayload;
use crate::store::{self, package};

pub use crate::store::package::{Conflict, MergeReport};

/// A package may be at most this large (base64 in a request).
pub const MAX_PACKAGE_BYTES: usize = 50 * 1024 * 1024;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MergeArgs {
    pub file_name: String,
    /// The package file, base64-encoded.
    pub data: String,
}

/// A temporary database file in a folder of its own, removed with everything in it when
/// dropped: its -wal/-shm, and the backup that opening an older package's schema makes
/// beside it (a copy of people's data that must not stay in the temp folder).
struct TempDb(PathBuf);

impl TempDb {
    fn new() -> Result<TempDb, ApiError> {
        let dir = std::env::temp_dir().join(format!("bintek-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).map_err(internal)?;
        Ok(TempDb(dir.join("paket.db")))
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

/// Whether `path` is a Bintek database this app can read (migrating a copy if older).
fn open_package(path: &Path) -> Result<(), ApiError> {
    let bytes = std::fs::read(path).map_err(internal)?;
    if !bytes.starts_with(b"SQLite format 3\0") {
        return Err(ApiError::field(
            "data",
            "Berkas ini bukan paket meja registrasi Bintek (bukan basis data SQLite).",
        ));
    }
    let (conn, _) = store::open(path).map_err(|e| {
        let e = ApiError::from(e);
        ApiError::field("data", format!("Paket tidak dapat dibuka: {}", e.message))
            .with_code(e.code)
    })?;
    let ok = package::has_attendance_table(&conn).map_err(ApiError::from)?;
    if !ok {
        return Err(ApiError::field(
            "data",
            "Berkas ini bukan paket meja registrasi Bintek.",
        ));
    }
    store::file::checkpoint_truncate(&conn).map_err(ApiError::from)?;
    Ok(())
}

impl Api {
    /// The event package for an offline desk: a Bintek database holding only this event.
    pub fn event_package(
        &self,
        _caller: &Caller,
        args: EventArgs,
    ) -> Result<FilePayload, ApiError> {
        let tmp = TempDb::new()?;
        let event = {
            let conn = self.conn();
            let event = event_or_404(&conn, &args.event_id)?;
            store::file::vacuum_into(&conn, &tmp.0).map_err(ApiError::from)?;
            event
        };
        package::cut_copy_to_event(&tmp.0, &event.id, &store::now()).map_err(ApiError::from)?;
        let bytes = std::fs::read(&tmp.0).map_err(internal)?;
        let day = chrono::Local::now().format("%Y%m%d-%H%M");
        let title: String = event.title.chars().take(60).collect();
        Ok(FilePayload::new(
            &format!("paket-meja-{title}-{day}.db"),
            &bytes,
        ))
    }

    /// Merges an offline desk's package: its walk-ins and check-ins join the host's;
    /// merging again changes nothing; a person checked in on both sides stays one
    /// attendance and the pair is listed as a conflict (and kept in the audit log).
    pub fn merge_package(&self, caller: &Caller, args: MergeArgs) -> Result<MergeReport, ApiError> {
        if args.data.len() > MAX_PACKAGE_BYTES * 4 / 3 + 4 {
            return Err(ApiError::field(
                "data",
                "Paket terlalu besar (lebih dari 50 MB).",
            ));
        }
        let bytes = crate::files::decode_base64("data", &args.data)?;
        let tmp = TempDb::new()?;
        std::fs::write(&tmp.0, &bytes).map_err(internal)?;
        open_package(&tmp.0)?;
        self.ensure_writable()?;
        let conn = &mut *self.conn();
        package::attach(conn, &tmp.0).map_err(ApiError::from)?;
        let result = store::with_tx(conn, |tx| {
            let report = package::merge_attached(
                tx,
                &caller.actor,
                &store::now(),
                &crate::participants::random_code,
            )?;
            if report.events.is_empty() {
                return Err(ApiError::field(
                    "data",
                    format!(
                        "Kegiatan dalam paket ({}) tidak ada di komputer ini. Gabungkan paket di komputer panitia yang membuatnya.",
                        report.unknown_events.join(", ")
                    ),
                ));
            }
            crate::store::audit::insert_audit(
                tx,
                &caller.actor,
                "merge_package",
                "event",
                None,
                Some(&format!(
                    "{}: {} hadir baru, {} peserta baru, {} konflik",
                    args.file_name,
                    report.checkins_added,
                    report.registrations_added,
                    report.conflicts.len()
                )),
            )?;
            Ok(report)
        });
        let _ = package::detach(conn);
        result
    }
}

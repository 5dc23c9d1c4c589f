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

/// Prefix of the temporary folders of package work (see [`TempDb`]).
const TEMP_PREFIX: &str = "bintek-paket-";
/// A folder of package work older than this is a crash's leftover (a merge takes seconds).
const TEMP_STALE: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// A temporary database file in a folder of its own, removed with everything in it when
/// dropped: its -wal/-shm, and the backup that opening an older package's schema makes
/// beside it (a copy of people's data that must not stay in the temp folder). The folder
/// is private (0700 on Unix; on Windows the user's temp folder is theirs alone), and what
/// a crash leaves behind is swept at the next start ([`sweep_stale_temp`]).
struct TempDb(PathBuf);

impl TempDb {
    fn new() -> Result<TempDb, ApiError> {
        let dir =
            std::env::temp_dir().join(format!("{TEMP_PREFIX}{}", uuid::Uuid::new_v4().simple()));
        #[cfg(unix)]
        let builder = {
            use std::os::unix::fs::DirBuilderExt;
            let mut b = std::fs::DirBuilder::new();
            b.mode(0o700);
            b
        };
        #[cfg(not(unix))]
        let builder = std::fs::DirBuilder::new();
        builder.create(&dir).map_err(internal)?;
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

/// Removes the package-work folders a crash left in the temp folder (older than an hour,
/// so a merge running in another process is left alone). Called when the Api opens.
pub fn sweep_stale_temp() {
    sweep_stale_temp_in(&std::env::temp_dir(), TEMP_STALE);
}

fn sweep_stale_temp_in(temp: &Path, older_than: std::time::Duration) {
    let Ok(read) = std::fs::read_dir(temp) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for item in read.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        // Also the folders of earlier versions: "bintek-" and 32 hex digits.
        let ours = name.starts_with(TEMP_PREFIX)
            || name.strip_prefix("bintek-").is_some_and(|rest| {
                rest.len() == 32 && rest.bytes().all(|b| b.is_ascii_hexdigit())
            });
        let stale = item
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= older_than);
        if ours && stale && item.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(item.path());
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
        // The package carries the public key (the desk verifies with it), so a key is
        // made first where none exists yet; the secret is removed from the copy.
        let _ = self.signer();
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
        crate::files::check_file_name(&args.file_name)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn package_work_happens_in_a_private_folder() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = TempDb::new().expect("temp");
        let dir = tmp.0.parent().expect("dir").to_path_buf();
        let mode = std::fs::metadata(&dir).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        drop(tmp);
        assert!(!dir.exists());
    }

    #[test]
    fn leftovers_of_a_crash_are_swept_and_nothing_else() {
        let root = std::env::temp_dir().join(format!(
            "bintek-sweep-test-{}",
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&root).expect("root");
        let leftover = root.join(format!("{TEMP_PREFIX}0123"));
        let older = root.join(format!("bintek-{}", uuid::Uuid::new_v4().simple()));
        let other = root.join("bintek-catatan");
        let file = root.join(format!("{TEMP_PREFIX}berkas.txt"));
        for d in [&leftover, &older, &other] {
            std::fs::create_dir_all(d).expect("dir");
            std::fs::write(d.join("paket.db"), b"data peserta").expect("write");
        }
        std::fs::write(&file, b"x").expect("file");
        // Young folders stay (a merge may be running in another process) …
        sweep_stale_temp_in(&root, TEMP_STALE);
        assert!(leftover.exists() && older.exists());
        // … old ones go, and only ours.
        sweep_stale_temp_in(&root, std::time::Duration::ZERO);
        assert!(!leftover.exists() && !older.exists());
        assert!(other.exists() && file.exists());
        let _ = std::fs::remove_dir_all(&root);
    }
}

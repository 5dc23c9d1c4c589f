//! Offline desks: an event package for a laptop without network, and merging its
//! check-ins and walk-ins back into the host database (see `store::package`).
//!
//! The package is an ordinary Bintek database cut down to one event, so the offline
//! laptop runs the normal app on it (`bintek-desktop --db PAKET.db`, `bintek --db …`).
//! Other events, other people, the audit log and desk tokens are removed and the file is
//! vacuumed, so nothing of them is left in it.

use crate::store::audit::Audit;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};

use crate::agenda::{event_or_404, EventArgs};
use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode, FieldError, StoreError};
use crate::files::FilePayload;
use crate::participants::{clean_person, PersonInput, CODE_ALPHABET, CODE_LEN};
use crate::store::{self, package};
use crate::validate::{self, Errors};

pub use crate::store::package::{Conflict, MergeReport};

mod merge;
use merge::MergeError;

/// A package may be at most this large (base64 in a request).
pub const MAX_PACKAGE_BYTES: usize = 50 * 1024 * 1024;

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
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
/// `store::open` checks its schema first ([`store::file::check_schema`]): a file with a
/// view, trigger, index or table Bintek does not create is refused before any of its SQL
/// could run, and before a migration reads it.
fn open_package(path: &Path) -> Result<(), ApiError> {
    let bytes = std::fs::read(path).map_err(internal)?;
    if !bytes.starts_with(b"SQLite format 3\0") {
        return Err(ApiError::field(
            "data",
            "Berkas ini bukan paket meja registrasi Bintek (bukan basis data SQLite).",
        ));
    }
    let (conn, _) = store::open(path).map_err(package_error)?;
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

/// A package that cannot be opened or attached, as an error of the `data` field.
fn package_error(e: StoreError) -> ApiError {
    let e = ApiError::from(e);
    ApiError::field("data", format!("Paket tidak dapat dibuka: {}", e.message)).with_code(e.code)
}

/// How long a merge may hold the write lock at most. Measured: a package of 3,000
/// registrations and 15,000 check-ins merges in 2.6 s all told in a debug build.
pub const MERGE_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Text from the file, fit for a message: no control characters, at most `max` characters.
fn shown(s: &str, max: usize) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

/// The row errors of a package, each naming its table, row and column.
#[derive(Default)]
struct RowErrors(Vec<FieldError>);

impl RowErrors {
    /// Files the field errors of one row (`errors`, fields named by column).
    fn row(&mut self, table: &str, id: &str, errors: Errors) {
        for e in errors.0 {
            self.0.push(FieldError {
                field: format!("{table}.{}", e.field),
                message: format!(
                    "tabel {table}, baris \"{}\", kolom {}: {}",
                    shown(id, 40),
                    e.field,
                    shown(&e.message, 300)
                ),
            });
        }
    }

    fn into_result(self) -> Result<(), ApiError> {
        let Some(first) = self.0.first() else {
            return Ok(());
        };
        let more = match self.0.len() {
            1 => String::new(),
            n => format!(" (dan {} kesalahan lain)", n - 1),
        };
        let mut e = ApiError::field(
            "data",
            format!(
                "Paket ditolak, tidak ada yang digabungkan: {}{more}",
                first.message
            ),
        );
        e.errors = self.0.into_iter().take(50).collect();
        Err(e)
    }
}

/// A time as the app writes it (RFC 3339).
fn timestamp(errors: &mut Errors, field: &str, value: Option<&str>) {
    if let Some(v) = value {
        if v.len() > 40 || chrono::DateTime::parse_from_rfc3339(v).is_err() {
            errors.add(field, "Waktu tidak valid (bukan format RFC 3339).");
        }
    }
}

/// An id as the app makes them (UUIDs): letters, digits and dashes, at most 64.
fn id(errors: &mut Errors, field: &str, value: Option<&str>) {
    if let Some(v) = value {
        let fine = !v.is_empty()
            && v.len() <= 64
            && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !fine {
            errors.add(field, "Id tidak valid (bukan id buatan Bintek).");
        }
    }
}

/// One of the values a column may hold.
fn one_of(errors: &mut Errors, field: &str, value: &str, allowed: &[&str]) {
    if !allowed.contains(&value) {
        errors.add(
            field,
            format!(
                "Nilai \"{}\" tidak dikenal (yang boleh: {}).",
                shown(value, 40),
                allowed.join(", ")
            ),
        );
    }
}

/// Validates every row a merge may bring in, with the checks typed input gets (names,
/// NIP/NIK, phone, e-mail, lengths, control characters, closed sets), and replaces each
/// person by the cleaned form. Any invalid row refuses the whole package.
fn check_rows(pkg: &mut package::PackageContent) -> Result<(), ApiError> {
    let mut bad = RowErrors::default();
    check_events(&mut bad, pkg);
    pkg.opds.iter().for_each(|o| check_opd(&mut bad, o));
    pkg.people
        .iter_mut()
        .for_each(|p| check_person(&mut bad, p));
    pkg.registrations
        .iter()
        .for_each(|r| check_registration(&mut bad, r));
    pkg.attendance
        .iter()
        .for_each(|a| check_attendance(&mut bad, a));
    pkg.scans.iter_mut().for_each(|s| check_scan(&mut bad, s));
    bad.into_result()
}

/// The package's event (with its sessions' ids) and the other events of the file.
fn check_events(bad: &mut RowErrors, pkg: &package::PackageContent) {
    use crate::events::MAX_TITLE;
    let mut errors = Errors::default();
    validate::text(
        &mut errors,
        "title",
        "Judul kegiatan",
        Some(&pkg.event_title),
        MAX_TITLE,
    );
    id(&mut errors, "id", Some(&pkg.event_id));
    for session in &pkg.sessions {
        id(&mut errors, "session_id", Some(session));
    }
    bad.row("event", &pkg.event_id, std::mem::take(&mut errors));
    for (id, title) in &pkg.other_events {
        validate::text(
            &mut errors,
            "title",
            "Judul kegiatan",
            Some(title),
            MAX_TITLE,
        );
        self::id(&mut errors, "id", Some(id));
        bad.row("event", id, std::mem::take(&mut errors));
    }
}

fn check_opd(bad: &mut RowErrors, o: &package::PkgOpd) {
    let mut errors = Errors::default();
    id(&mut errors, "id", Some(&o.id));
    if validate::one_line(&o.name).is_empty() {
        errors.add("name", "Nama OPD wajib diisi.");
    }
    validate::text(&mut errors, "name", "Nama OPD", Some(&o.name), 300);
    validate::text(
        &mut errors,
        "short_name",
        "Singkatan",
        o.short_name.as_deref(),
        300,
    );
    timestamp(&mut errors, "created_at", Some(&o.created_at));
    timestamp(&mut errors, "updated_at", Some(&o.updated_at));
    bad.row("opd", &o.id, errors);
}

/// A person, checked as typed input is; a valid one is replaced by its cleaned form.
fn check_person(bad: &mut RowErrors, p: &mut store::people::PersonRow) {
    let mut errors = Errors::default();
    let input = PersonInput {
        name: p.name.clone(),
        nip: p.nip.clone(),
        nik: p.nik.clone(),
        gender: p.gender.clone(),
        rank: p.rank.clone(),
        position: p.position.clone(),
        opd: None,
        phone: p.phone.clone(),
        email: p.email.clone(),
    };
    let clean = clean_person(input, &mut errors, &mut Errors::default());
    id(&mut errors, "id", Some(&p.id));
    id(&mut errors, "opd_id", p.opd_id.as_deref());
    timestamp(&mut errors, "created_at", Some(&p.created_at));
    timestamp(&mut errors, "updated_at", Some(&p.updated_at));
    if let (Some(c), true) = (clean, errors.is_empty()) {
        p.name = c.name;
        p.nip = c.nip;
        p.nik = c.nik;
        p.gender = c.gender.map(|g| g.as_str().to_string());
        p.rank = c.rank;
        p.position = c.position;
        p.phone = c.phone;
        p.email = c.email;
    }
    bad.row("person", &p.id, errors);
}

fn check_registration(bad: &mut RowErrors, r: &package::PkgRegistration) {
    use crate::events::{MAX_LINE, MAX_TEXT};
    let mut errors = Errors::default();
    id(&mut errors, "id", Some(&r.id));
    id(&mut errors, "person_id", Some(&r.person_id));
    one_of(
        &mut errors,
        "role",
        &r.role,
        &["participant", "speaker", "moderator", "committee"],
    );
    one_of(
        &mut errors,
        "status",
        &r.status,
        &["registered", "cancelled", "replaced"],
    );
    if r.code.len() != CODE_LEN || !r.code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        errors.add(
            "code",
            format!(
                "Kode \"{}\" bukan kode check-in Bintek ({CODE_LEN} huruf/angka).",
                shown(&r.code, 20)
            ),
        );
    }
    validate::text(&mut errors, "note", "Catatan", r.note.as_deref(), MAX_TEXT);
    validate::text(
        &mut errors,
        "cancel_reason",
        "Alasan pembatalan",
        r.cancel_reason.as_deref(),
        MAX_TEXT,
    );
    validate::text(&mut errors, "duty", "Tugas", r.duty.as_deref(), MAX_LINE);
    timestamp(&mut errors, "created_at", Some(&r.created_at));
    timestamp(&mut errors, "updated_at", Some(&r.updated_at));
    bad.row("registration", &r.id, errors);
}

fn check_attendance(bad: &mut RowErrors, a: &package::PkgAttendance) {
    use crate::events::MAX_LINE;
    let mut errors = Errors::default();
    id(&mut errors, "id", Some(&a.id));
    id(&mut errors, "registration_id", Some(&a.registration_id));
    id(&mut errors, "session_id", Some(&a.session_id));
    one_of(
        &mut errors,
        "method",
        &a.method,
        &["scan", "search", "manual", "walkin"],
    );
    validate::text(&mut errors, "desk", "Meja", a.desk.as_deref(), MAX_LINE);
    validate::text(&mut errors, "nonce", "Nonce", a.nonce.as_deref(), 100);
    validate::text(
        &mut errors,
        "undone_by",
        "Dibatalkan oleh",
        a.undone_by.as_deref(),
        MAX_LINE,
    );
    timestamp(&mut errors, "at", Some(&a.at));
    timestamp(&mut errors, "undone_at", a.undone_at.as_deref());
    timestamp(&mut errors, "created_at", Some(&a.created_at));
    timestamp(&mut errors, "updated_at", Some(&a.updated_at));
    bad.row("attendance", &a.id, errors);
}

/// A log line: its ids and time are checked; what a desk typed or a scanner sent is kept,
/// made harmless (a GS1 code carries GS characters; the app logs failed scans raw), never
/// a refusal.
fn check_scan(bad: &mut RowErrors, s: &mut package::PkgScan) {
    use crate::events::{MAX_LINE, MAX_TEXT};
    let mut errors = Errors::default();
    id(&mut errors, "id", Some(&s.id));
    id(&mut errors, "session_id", s.session_id.as_deref());
    id(&mut errors, "registration_id", s.registration_id.as_deref());
    timestamp(&mut errors, "at", Some(&s.at));
    bad.row("scan_log", &s.id, errors);
    s.input = shown(&s.input, MAX_LINE);
    s.result = shown(&s.result, 50);
    s.desk = s.desk.as_deref().map(|d| shown(d, MAX_LINE));
    s.message = s.message.as_deref().map(|m| shown(m, MAX_TEXT));
}

/// A package refused by the merge itself: a row reaching beyond its event.
fn merge_error(e: MergeError) -> ApiError {
    match e {
        MergeError::Sql(e) => ApiError::from(e),
        // Said with the limit by `merge_attached_package`.
        MergeError::TimeUp => ApiError::field(
            "data",
            "Penggabungan paket dihentikan karena melewati batas waktu; tidak ada yang \
             digabungkan.",
        ),
        MergeError::Foreign { table, id, reason } => ApiError::field(
            "data",
            format!(
                "Paket ditolak, tidak ada yang digabungkan: tabel {table}, baris \"{}\": {reason}.",
                shown(&id, 40)
            ),
        )
        .with_code(ErrorCode::Conflict),
    }
}

/// The write of a merge, inside its transaction: the rows of `content` and one audit line.
fn merge_in(
    tx: &rusqlite::Transaction<'_>,
    content: &package::PackageContent,
    caller: &Caller,
    file_name: &str,
    time_up: &dyn Fn() -> bool,
) -> Result<MergeReport, ApiError> {
    let report = merge::merge(
        tx,
        content,
        &caller.actor,
        &store::now(),
        &crate::participants::random_code,
        time_up,
    )
    .map_err(merge_error)?;
    if report.events.is_empty() {
        return Err(ApiError::field(
            "data",
            format!(
                "Kegiatan dalam paket ({}) tidak ada di komputer ini. Gabungkan paket di \
                 komputer panitia yang membuatnya.",
                report.unknown_events.join(", ")
            ),
        ));
    }
    crate::store::audit::insert_audit(
        tx,
        &caller.actor,
        Audit::MergePackage,
        None,
        Some(&format!(
            "{}: {} hadir baru, {} peserta baru, {} konflik",
            shown(file_name, 200),
            report.checkins_added,
            report.registrations_added,
            report.conflicts.len()
        )),
    )?;
    Ok(report)
}

impl Api {
    /// The event package for an offline desk: a Bintek database holding only this event.
    pub(crate) fn event_package(
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
    pub(crate) fn merge_package(
        &self,
        caller: &Caller,
        args: MergeArgs,
    ) -> Result<MergeReport, ApiError> {
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
        package::attach(conn, &tmp.0).map_err(package_error)?;
        let result = self.merge_attached_package(conn, caller, &args.file_name);
        let _ = package::detach(conn);
        result
    }

    /// The merge of the package attached as `pkg`: read its event's rows, validate them,
    /// then write them in one transaction under [`MERGE_LIMIT`].
    fn merge_attached_package(
        &self,
        conn: &mut rusqlite::Connection,
        caller: &Caller,
        file_name: &str,
    ) -> Result<MergeReport, ApiError> {
        let mut content = package::read_attached(conn)
            .map_err(ApiError::from)?
            .ok_or_else(|| {
                ApiError::field(
                    "data",
                    "Berkas ini bukan paket meja registrasi Bintek (tidak ada kegiatan paketnya).",
                )
            })?;
        check_rows(&mut content)?;
        let limit = std::time::Duration::from_millis(self.merge_limit_ms.load(Ordering::Relaxed));
        let mut deadline = store::Deadline::start(conn, limit);
        let merged = store::with_tx(conn, |tx| {
            let merged = merge_in(tx, &content, caller, file_name, &|| deadline.passed());
            // Before the commit or the rollback, so that neither is ever interrupted.
            deadline.stop();
            merged
        });
        match merged {
            Err(_) if deadline.stop() => Err(ApiError::field(
                "data",
                format!(
                    "Penggabungan paket dihentikan karena melewati batas waktu ({} detik); tidak \
                     ada yang digabungkan. Periksa paketnya, lalu ulangi.",
                    limit.as_secs_f64()
                ),
            )),
            other => other,
        }
    }

    /// Sets how long a package merge may hold the write lock (default [`MERGE_LIMIT`]).
    pub fn set_merge_limit(&self, limit: std::time::Duration) {
        self.merge_limit_ms
            .store(limit.as_millis() as u64, Ordering::Relaxed);
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

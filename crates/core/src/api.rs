//! The Api: every use-case, and the one command table that every front door (Tauri
//! command, `POST /api/{name}`, CLI) dispatches through.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, Transaction};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::backup::{self, Damage};
use crate::error::{ApiError, ErrorCode, StoreError};
use crate::store::{self, OpenReport};

/// Who may run a command. A desk (a paired check-in browser) may run desk commands only;
/// the organizer's own window and CLI are admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Desk,
    Admin,
}

/// The caller of one command: its role and a name for the audit log ("desktop", "cli",
/// a desk name).
#[derive(Debug, Clone)]
pub struct Caller {
    pub role: Role,
    pub actor: String,
}

impl Caller {
    pub fn admin(actor: &str) -> Self {
        Caller {
            role: Role::Admin,
            actor: actor.to_string(),
        }
    }
}

/// The application: one SQLite database and the use-cases on it.
pub struct Api {
    conn: Mutex<Connection>,
    /// Callers blocked on `conn` right now: a long job that works in chunks lets them go
    /// first between two chunks (see [`Api::conn_after_others`]).
    waiting: std::sync::atomic::AtomicUsize,
    path: PathBuf,
    report: OpenReport,
    /// The last import file read, so the commit after a preview does not parse it again.
    pub(crate) import_cache: crate::import::ParseCache,
    /// Set when the database failed its start check: it is open read-only and every
    /// write is refused with `ErrorCode::ReadOnly`.
    damage: Option<Damage>,
    /// What needs attention since the start (damage, a network drive), in Indonesian.
    warnings: Vec<String>,
    pub(crate) backups: crate::backup::Scheduler,
    /// Certificate print jobs running in the background.
    pub(crate) jobs: crate::certificate_print::Jobs,
    /// How long a package merge may hold the write lock, in milliseconds
    /// (`offline::MERGE_LIMIT` unless a test sets it).
    pub(crate) merge_limit_ms: std::sync::atomic::AtomicU64,
}

impl Api {
    /// Opens (creating and migrating as needed) the database at `path`. An existing
    /// database is checked first (`quick_check` + `foreign_key_check`); a damaged one
    /// opens read-only (see [`Api::damage`]) instead of failing, so the app can show
    /// what is wrong and which backup to restore.
    pub fn open(path: &Path) -> Result<Api, StoreError> {
        crate::offline::sweep_stale_temp();
        let (conn, report) = store::open_checked(path)?;
        let damage = match &report.health {
            Some(h) if report.read_only => Some(Damage {
                health: h.clone(),
                newest_good: backup::newest_good(path),
            }),
            _ => None,
        };
        let mut warnings = Vec::new();
        if let Some(d) = &damage {
            warnings.push(backup::damaged_message(
                path,
                &d.health,
                d.newest_good.as_ref(),
            ));
        }
        if crate::paths::is_network_path(path) {
            warnings.push(backup::network_warning(path));
        }
        let api = Api {
            conn: Mutex::new(conn),
            waiting: Default::default(),
            path: path.to_path_buf(),
            report,
            import_cache: Default::default(),
            damage,
            warnings,
            backups: backup::Scheduler::new(path),
            jobs: Default::default(),
            merge_limit_ms: (crate::offline::MERGE_LIMIT.as_millis() as u64).into(),
        };
        api.adopt_legacy_key();
        Ok(api)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn open_report(&self) -> &OpenReport {
        &self.report
    }

    /// Why the database is open read-only, if it is: it failed its start check.
    pub fn damage(&self) -> Option<&Damage> {
        self.damage.as_ref()
    }

    pub fn is_read_only(&self) -> bool {
        self.damage.is_some()
    }

    /// What needs attention since the start, in Bahasa Indonesia.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The answer to any write while the database is read-only: what is wrong and which
    /// backup to restore.
    pub fn read_only_error(&self) -> ApiError {
        let message = match &self.damage {
            Some(d) => backup::damaged_message(&self.path, &d.health, d.newest_good.as_ref()),
            None => "Basis data terbuka hanya-baca: perubahan tidak dapat disimpan.".to_string(),
        };
        ApiError::new(ErrorCode::ReadOnly, message)
    }

    /// Refuses when the database is read-only; writes that do not go through `write`
    /// call this first.
    pub(crate) fn ensure_writable(&self) -> Result<(), ApiError> {
        match self.damage {
            Some(_) => Err(self.read_only_error()),
            None => Ok(()),
        }
    }

    /// The connection. A panic in another thread while it was held leaves no open
    /// transaction behind (it rolls back on drop), so a poisoned lock is safe to reuse.
    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        use std::sync::atomic::Ordering;
        match self.conn.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                self.waiting.fetch_add(1, Ordering::SeqCst);
                let guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
                self.waiting.fetch_sub(1, Ordering::SeqCst);
                guard
            }
        }
    }

    /// The connection for the next chunk of a long job (an import): everyone who was
    /// waiting for it when the last chunk ended (a desk's check-in) goes first. A mutex
    /// alone would not do that: the thread that just let go usually takes it straight back.
    pub(crate) fn conn_after_others(&self) -> MutexGuard<'_, Connection> {
        use std::sync::atomic::Ordering;
        let give_up = std::time::Instant::now() + std::time::Duration::from_secs(2);
        while self.waiting.load(Ordering::SeqCst) > 0 && std::time::Instant::now() < give_up {
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` in one short IMMEDIATE transaction; nothing is kept if it fails.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.ensure_writable()?;
        let mut conn = self.conn();
        let out = store::with_tx(&mut conn, f)?;
        self.backups.note_write();
        Ok(out)
    }

    pub fn app_info(&self, _caller: &Caller, _args: NoArgs) -> Result<AppInfo, ApiError> {
        let mut warnings = self.warnings.clone();
        warnings.extend(self.signing_key_warning());
        warnings.extend(crate::mirror::warning(&self.path));
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version: store::schema_version(),
            database: self.path.display().to_string(),
            read_only: self.is_read_only(),
            warnings,
        })
    }
}

impl Drop for Api {
    /// A backup running in the background is finished, not cut off half-way.
    fn drop(&mut self) {
        let _ = self.wait_for_backup();
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NoArgs {}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AppInfo {
    pub version: String,
    pub schema_version: i64,
    pub database: String,
    /// The database failed its start check and is open read-only (see `warnings`).
    #[serde(default)]
    pub read_only: bool,
    /// What needs attention, in Bahasa Indonesia (damage and the backup to restore, a
    /// database on a network drive).
    #[serde(default)]
    pub warnings: Vec<String>,
}

type Handler = fn(&Api, &Caller, Value) -> Result<Value, ApiError>;

/// One entry of the command table.
pub struct Command {
    pub name: &'static str,
    pub role: Role,
    pub summary: &'static str,
    handler: Handler,
}

/// Deserialises the arguments, runs the typed handler and serialises its result.
fn typed<A, R>(
    api: &Api,
    caller: &Caller,
    args: Value,
    f: fn(&Api, &Caller, A) -> Result<R, ApiError>,
) -> Result<Value, ApiError>
where
    A: DeserializeOwned,
    R: Serialize,
{
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    // No control characters and no huge strings anywhere, before any use-case sees them.
    crate::validate::check_args(&args)?;
    let args: A = serde_json::from_value(args).map_err(bad_args)?;
    let out = f(api, caller, args)?;
    serde_json::to_value(out).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

fn bad_args(e: serde_json::Error) -> ApiError {
    let text = e.to_string();
    let field = text
        .split('`')
        .nth(1)
        .filter(|_| text.starts_with("missing field") || text.starts_with("unknown field"))
        .map(str::to_string);
    ApiError {
        code: ErrorCode::InvalidArgument,
        message: format!("Data permintaan tidak valid: {text}"),
        field,
        errors: Vec::new(),
    }
}

macro_rules! command {
    ($name:literal, $role:ident, $summary:literal, $f:path) => {
        Command {
            name: $name,
            role: Role::$role,
            summary: $summary,
            handler: |api, caller, args| typed(api, caller, args, $f),
        }
    };
}

/// Every command of the app. The HTTP route `POST /api/{name}`, the Tauri command `api`
/// and the CLI all go through this table, so roles are checked in one place.
pub static COMMANDS: &[Command] = &[
    command!(
        "app_info",
        Desk,
        "Versi aplikasi dan lokasi basis data",
        Api::app_info
    ),
    command!("event_create", Admin, "Buat kegiatan", Api::event_create),
    command!("event_update", Admin, "Ubah kegiatan", Api::event_update),
    command!("event_get", Admin, "Ambil satu kegiatan", Api::event_get),
    command!("event_list", Admin, "Daftar kegiatan", Api::event_list),
    command!(
        "event_archive",
        Admin,
        "Arsipkan atau pulihkan kegiatan",
        Api::event_archive
    ),
    command!("opd_list", Admin, "Daftar OPD", Api::opd_list),
    command!(
        "opd_suggest",
        Desk,
        "Cari OPD yang cocok (nama, singkatan, alias)",
        Api::opd_suggest
    ),
    command!("opd_create", Admin, "Tambah OPD", Api::opd_create),
    command!("opd_update", Admin, "Ubah OPD", Api::opd_update),
    command!(
        "opd_add_alias",
        Admin,
        "Tambah alias OPD",
        Api::opd_add_alias
    ),
    command!("opd_merge", Admin, "Gabungkan dua OPD", Api::opd_merge),
    command!("quota_set", Admin, "Atur kuota OPD", Api::quota_set),
    command!(
        "quota_list",
        Admin,
        "Kuota dan jumlah terdaftar per OPD",
        Api::quota_list
    ),
    command!(
        "participant_add",
        Admin,
        "Daftarkan peserta",
        Api::participant_add
    ),
    command!(
        "participant_update",
        Admin,
        "Ubah data peserta",
        Api::participant_update
    ),
    command!(
        "participant_get",
        Admin,
        "Ambil satu peserta",
        Api::participant_get
    ),
    command!(
        "participant_list",
        Admin,
        "Daftar peserta kegiatan",
        Api::participant_list
    ),
    command!(
        "participant_cancel",
        Admin,
        "Batalkan atau pulihkan pendaftaran",
        Api::participant_cancel
    ),
    command!(
        "participant_substitute",
        Admin,
        "Ganti peserta",
        Api::participant_substitute
    ),
    command!(
        "person_search",
        Admin,
        "Cari orang di semua kegiatan",
        Api::person_search
    ),
    command!(
        "participant_import",
        Admin,
        "Impor daftar peserta",
        Api::participant_import
    ),
    command!(
        "participant_import_rejects",
        Admin,
        "Baris impor yang ditolak",
        Api::participant_import_rejects
    ),
    command!(
        "participant_export",
        Admin,
        "Ekspor peserta",
        Api::participant_export
    ),
    command!("session_add", Admin, "Tambah sesi agenda", Api::session_add),
    command!(
        "session_update",
        Admin,
        "Ubah sesi agenda",
        Api::session_update
    ),
    command!(
        "session_delete",
        Admin,
        "Hapus sesi agenda",
        Api::session_delete
    ),
    command!("session_list", Desk, "Agenda kegiatan", Api::session_list),
    command!(
        "session_assign",
        Admin,
        "Tugaskan narasumber/moderator",
        Api::session_assign
    ),
    command!(
        "session_unassign",
        Admin,
        "Lepas narasumber/moderator",
        Api::session_unassign
    ),
    command!(
        "speaker_add",
        Admin,
        "Tambah narasumber/moderator",
        Api::speaker_add
    ),
    command!(
        "speaker_list",
        Admin,
        "Narasumber dan moderator",
        Api::speaker_list
    ),
    command!(
        "signatory_list",
        Admin,
        "Penanda tangan kegiatan",
        Api::signatory_list
    ),
    command!(
        "signatory_set",
        Admin,
        "Atur penanda tangan",
        Api::signatory_set
    ),
    command!(
        "event_clone",
        Admin,
        "Salin kegiatan ke tanggal baru",
        Api::event_clone
    ),
    command!("agenda_pdf", Admin, "Cetak jadwal acara", Api::agenda_pdf),
    command!(
        "backup_create",
        Admin,
        "Buat cadangan basis data sekarang",
        Api::backup_create
    ),
    command!(
        "backup_list",
        Admin,
        "Daftar cadangan basis data",
        Api::backup_list
    ),
    command!(
        "backup_settings_get",
        Admin,
        "Folder cadangan kedua dan salinan terakhirnya",
        Api::backup_settings_get
    ),
    command!(
        "backup_settings_set",
        Admin,
        "Atur folder cadangan kedua (flashdisk, drive lain)",
        Api::backup_settings_set
    ),
    command!(
        "db_check",
        Admin,
        "Periksa keutuhan basis data",
        Api::db_check
    ),
    command!("checkin", Desk, "Catat kehadiran", Api::checkin),
    command!(
        "checkin_undo",
        Desk,
        "Batalkan kehadiran",
        Api::checkin_undo
    ),
    command!(
        "checkin_walkin",
        Desk,
        "Daftar dan hadir di tempat",
        Api::checkin_walkin
    ),
    command!(
        "desk_search",
        Desk,
        "Cari peserta di meja registrasi",
        Api::desk_search
    ),
    command!(
        "attendance_list",
        Desk,
        "Daftar kehadiran",
        Api::attendance_list
    ),
    command!(
        "attendance_counts",
        Desk,
        "Jumlah hadir per sesi dan OPD",
        Api::attendance_counts
    ),
    command!(
        "attendance_history",
        Desk,
        "Riwayat kehadiran satu orang",
        Api::attendance_history
    ),
    command!(
        "attendance_absent",
        Desk,
        "Peserta yang belum hadir di sesi",
        Api::attendance_absent
    ),
    command!(
        "badges_pdf",
        Admin,
        "Cetak kartu peserta (QR)",
        Api::badges_pdf
    ),
    command!(
        "attendance_sheet_pdf",
        Admin,
        "Cetak daftar hadir sesi",
        Api::attendance_sheet_pdf
    ),
    command!(
        "attendance_recap",
        Admin,
        "Rekap kehadiran (PDF/XLSX)",
        Api::attendance_recap
    ),
    command!(
        "desk_list",
        Admin,
        "Meja registrasi terpasang",
        Api::desk_list
    ),
    command!(
        "desk_revoke",
        Admin,
        "Cabut akses meja registrasi",
        Api::desk_revoke
    ),
    command!(
        "desk_events",
        Desk,
        "Kegiatan untuk meja registrasi",
        Api::desk_events
    ),
    command!(
        "event_package",
        Admin,
        "Paket kegiatan untuk meja offline",
        Api::event_package
    ),
    command!(
        "merge_package",
        Admin,
        "Gabungkan data meja offline",
        Api::merge_package
    ),
    command!(
        "certificate_settings_get",
        Admin,
        "Pengaturan sertifikat kegiatan",
        Api::certificate_settings_get
    ),
    command!(
        "certificate_settings_set",
        Admin,
        "Ubah pengaturan sertifikat",
        Api::certificate_settings_set
    ),
    command!(
        "certificate_eligibility",
        Admin,
        "Siapa berhak sertifikat dan alasannya",
        Api::certificate_eligibility
    ),
    command!(
        "certificate_override",
        Admin,
        "Putuskan kelayakan satu orang",
        Api::certificate_override
    ),
    command!(
        "certificate_issue",
        Admin,
        "Beri nomor sertifikat",
        Api::certificate_issue
    ),
    command!(
        "certificate_list",
        Admin,
        "Daftar sertifikat",
        Api::certificate_list
    ),
    command!(
        "certificate_revoke",
        Admin,
        "Cabut sertifikat",
        Api::certificate_revoke
    ),
    command!(
        "certificate_replace",
        Admin,
        "Ganti sertifikat yang dicabut dengan nomor baru",
        Api::certificate_replace
    ),
    command!(
        "certificate_verify",
        Admin,
        "Periksa keaslian sertifikat",
        Api::certificate_verify
    ),
    command!(
        "certificate_public_key",
        Admin,
        "Kunci publik tanda tangan sertifikat",
        Api::certificate_public_key
    ),
    command!(
        "signing_key_info",
        Admin,
        "Sidik jari kunci tanda tangan sertifikat",
        Api::signing_key_info
    ),
    command!(
        "signing_key_export",
        Admin,
        "Ekspor kunci tanda tangan sertifikat (rahasia)",
        Api::signing_key_export
    ),
    command!(
        "signing_key_import",
        Admin,
        "Impor kunci tanda tangan sertifikat",
        Api::signing_key_import
    ),
    command!(
        "certificate_template_list",
        Admin,
        "Daftar templat sertifikat",
        Api::certificate_template_list
    ),
    command!(
        "certificate_template_get",
        Admin,
        "Ambil templat sertifikat",
        Api::certificate_template_get
    ),
    command!(
        "certificate_template_save",
        Admin,
        "Simpan templat sertifikat",
        Api::certificate_template_save
    ),
    command!(
        "certificate_template_delete",
        Admin,
        "Hapus templat sertifikat",
        Api::certificate_template_delete
    ),
    command!(
        "certificate_template_export",
        Admin,
        "Ekspor templat sertifikat",
        Api::certificate_template_export
    ),
    command!(
        "certificate_template_import",
        Admin,
        "Impor templat sertifikat",
        Api::certificate_template_import
    ),
    command!(
        "certificate_template_preview",
        Admin,
        "Pratinjau templat sertifikat",
        Api::certificate_template_preview
    ),
    command!(
        "certificate_preview_data",
        Admin,
        "Data pratinjau sertifikat dari kegiatan",
        Api::certificate_preview_data
    ),
    command!(
        "certificate_print_start",
        Admin,
        "Mulai cetak sertifikat",
        Api::certificate_print_start
    ),
    command!(
        "certificate_job",
        Admin,
        "Kemajuan cetak sertifikat",
        Api::certificate_job
    ),
    command!(
        "certificate_job_cancel",
        Admin,
        "Batalkan cetak sertifikat",
        Api::certificate_job_cancel
    ),
    command!(
        "certificate_job_result",
        Admin,
        "Ambil hasil cetak sertifikat",
        Api::certificate_job_result
    ),
    command!(
        "certificate_verification_list",
        Admin,
        "Daftar verifikasi sertifikat untuk diumumkan",
        Api::certificate_verification_list
    ),
];

pub fn find_command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// Runs command `name` with JSON `args` for `caller`, checking the caller's role.
pub fn dispatch(api: &Api, caller: &Caller, name: &str, args: Value) -> Result<Value, ApiError> {
    let cmd = find_command(name).ok_or_else(|| {
        ApiError::new(
            ErrorCode::UnknownCommand,
            format!(
                "Perintah tidak dikenal: \"{}\".",
                crate::validate::quote(name)
            ),
        )
    })?;
    if caller.role < cmd.role {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "Perintah \"{name}\" hanya untuk panitia (admin), tidak untuk meja registrasi."
            ),
        ));
    }
    (cmd.handler)(api, caller, args).map_err(|e| {
        // A write SQLite itself refused on the read-only connection (one that does not go
        // through `Api::write`): the same answer as every other write.
        if e.code == ErrorCode::ReadOnly && api.is_read_only() {
            api.read_only_error()
        } else {
            e
        }
    })
}

// Generated from the Rust types by `UPDATE_TS=1 cargo test -p bintek-desktop --lib`.
// Do not edit: change the Rust type and generate again.

export type ApiError = { code: ErrorCode, message: string, field?: string | null, errors?: Array<FieldError>, };

export type BackupEntry = { file: string, file_name: string, 
/**
 * RFC 3339, local time, from the file name.
 */
created_at: string, reason: Reason, size: number, 
/**
 * It passed its check when it was made (only the copy of a damaged database kept
 * before a restore did not); with `verify`, it passed `integrity_check` again now.
 */
ok: boolean, };

export type ErrorCode = "validation" | "invalid_argument" | "not_found" | "conflict" | "not_registered" | "cancelled" | "unknown_command" | "forbidden" | "unauthorized" | "too_many_attempts" | "database_too_new" | "read_only" | "database_in_use" | "signing_key_missing" | "database" | "internal";

export type FieldError = { field: string, message: string, };

export type JobState = "running" | "done" | "cancelled" | "failed";

export type JobStatus = { job_id: string, state: JobState, done: number, total: number, error: ApiError | null, };

export type LanAction = "status" | "start" | "stop" | "new_pin";

export type LanModeArgs = { action: LanAction, };

export type LanStatus = { on: boolean, url: string | null, pin: string | null, 
/**
 * The URL as a QR code (SVG), for a phone's camera.
 */
qr_svg: string | null, 
/**
 * The participants' page on the same server (`…/p/`), and its QR code.
 */
participant_url: string | null, participant_qr_svg: string | null, };

export type PrintFolderArgs = { event_id: string, 
/**
 * `participant` (default), `speaker`, `moderator`, `committee` or `all`.
 */
role?: string | null, };

export type Reason = "start" | "migration" | "periodic" | "manual" | "before-restore";

export type RestoreBackupArgs = { file: string, };

export type RestoreReport = { 
/**
 * The database that was replaced.
 */
database: string, 
/**
 * The file it was restored from.
 */
restored_from: string, 
/**
 * Schema version of the restored database (the app migrates an older one at start).
 */
schema_version: number, size: number, 
/**
 * The copy of the database as it was before the restore (none if there was no
 * database yet). Kept even when damaged (`ok: false`).
 */
before_restore: BackupEntry | null, 
/**
 * What happened, in Bahasa Indonesia.
 */
message: string, };

export type SaveDownloadArgs = { file_name: string, 
/**
 * The file's bytes in base64.
 */
data: string, };

/** Every entry: its arguments and its answer. */
export interface Desktop {
  /** Simpan berkas ke folder Unduhan */
  save_download: { args: SaveDownloadArgs; output: string };
  /** Cetak sertifikat per orang ke folder baru di Unduhan */
  print_certificates_folder: { args: PrintFolderArgs; output: JobStatus };
  /** Mode meja registrasi (server LAN) */
  lan_mode: { args: LanModeArgs; output: LanStatus };
  /** Pulihkan cadangan */
  restore_backup: { args: RestoreBackupArgs; output: RestoreReport };
}

export type DesktopName = keyof Desktop;
export type DesktopArgs<K extends DesktopName> = Desktop[K]['args'];
export type DesktopOutput<K extends DesktopName> = Desktop[K]['output'];

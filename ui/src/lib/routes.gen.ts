// Generated from the Rust types by `UPDATE_TS=1 cargo test -p bintek-server --test typescript`.
// Do not edit: change the Rust type and generate again.

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

export type CallerRole = "participant" | "desk" | "admin";

export type Desk = { id: string, name: string, paired_at: string, last_seen_at: string | null, revoked_at: string | null, 
/**
 * Check-ins this desk made that stand (not undone).
 */
checkins: number, 
/**
 * Every scan or search Enter of this desk, refused ones included.
 */
scans: number, };

export type LanMode = { on: boolean, pin: string, };

export type LanModeArgs = { on?: boolean | null, };

export type Mode = "local" | "lan";

export type NoArgs = Record<string, never>;

export type PairArgs = { pin: string, desk: string, };

export type Paired = { token: string, desk: Desk, };

export type ParticipantLink = { url: string | null, qr_svg: string | null, };

export type ParticipantLogin = { token: string, name: string, };

export type ParticipantLoginArgs = { code: string, };

export type Pin = { pin: string, };

export type Reason = "start" | "migration" | "periodic" | "manual" | "before-restore";

export type RestoreArgs = { 
/**
 * The `file_name` of an entry of `backup_list`.
 */
backup?: string | null, 
/**
 * An uploaded backup file's name (for messages only) …
 */
file_name?: string | null, 
/**
 * … and its bytes, base64-encoded.
 */
data?: string | null, };

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

export type WhoAmI = { mode: Mode, role: CallerRole | null, 
/**
 * The desk's name, for a paired desk.
 */
desk: string | null, };

/** Every entry: its arguments and its answer. */
export interface Routes {
  /** Mode server dan siapa pemanggilnya */
  whoami: { args: NoArgs; output: WhoAmI };
  /** Pasang meja registrasi dengan PIN */
  pair: { args: PairArgs; output: Paired };
  /** Peserta masuk dengan kode kartu */
  participant_login: { args: ParticipantLoginArgs; output: ParticipantLogin };
  /** Alamat dan kode QR halaman peserta (panitia) */
  participant_link: { args: NoArgs; output: ParticipantLink };
  /** PIN pemasangan meja (panitia) */
  lan_pin: { args: NoArgs; output: Pin };
  /** PIN pemasangan baru (panitia) */
  lan_new_pin: { args: NoArgs; output: Pin };
  /** Nyalakan/matikan mode meja registrasi (panitia) */
  lan_mode: { args: LanModeArgs; output: LanMode };
  /** Pulihkan cadangan (panitia) */
  backup_restore: { args: RestoreArgs; output: RestoreReport };
}

export type RoutesName = keyof Routes;
export type RoutesArgs<K extends RoutesName> = Routes[K]['args'];
export type RoutesOutput<K extends RoutesName> = Routes[K]['output'];

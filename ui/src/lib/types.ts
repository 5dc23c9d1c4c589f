// Shapes of the Api's JSON, mirroring bintek-core's model.

export interface Event {
  id: string;
  title: string;
  theme: string | null;
  organizer: string | null;
  venue: string | null;
  city: string | null;
  start_date: string;
  end_date: string;
  legal_basis: string | null;
  total_jp: number | null;
  notes: string | null;
  archived: boolean;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface EventInput {
  title: string;
  theme: string;
  organizer: string;
  venue: string;
  city: string;
  start_date: string;
  end_date: string;
  legal_basis: string;
  total_jp: number | null;
  notes: string;
}

export interface AppInfo {
  version: string;
  schema_version: number;
  database: string;
  /** The database failed its start check and was opened read-only. */
  read_only?: boolean;
  /** What needs attention (damage, a network drive), in Bahasa Indonesia. */
  warnings?: string[];
}

// ---- Registration: participants, OPDs, quotas, import --------------------------------

export type Role = 'participant' | 'speaker' | 'moderator' | 'committee';
export type RegistrationStatus = 'registered' | 'cancelled' | 'replaced';

/** A person registered in an event (any role). `nik` is masked unless asked for. */
export interface Participant {
  id: string;
  event_id: string;
  person_id: string;
  name: string;
  nip: string | null;
  nik: string | null;
  gender: 'L' | 'P' | null;
  rank: string | null;
  position: string | null;
  opd_id: string | null;
  opd: string | null;
  phone: string | null;
  email: string | null;
  role: Role;
  code: string;
  status: RegistrationStatus;
  replaces_id: string | null;
  replaces_name: string | null;
  replaced_by_id: string | null;
  replaced_by_name: string | null;
  note: string | null;
  /** Why the registration was cancelled; cleared on restore. */
  cancel_reason: string | null;
  opd_short_name: string | null;
  /** An institution outside the OPD list (a speaker from ANRI, a university). */
  institution: string | null;
  created_at: string;
  updated_at: string;
}

/** The person fields a form sends (every field; empty clears on update). */
/** `opd_suggest`: what saving a typed OPD would do, and the OPDs that match, best first. */
export interface OpdSuggestions {
  status: 'one' | 'several' | 'unknown';
  opd_id: string | null;
  suggestions: { id: string; name: string; short_name: string | null; level: string | null }[];
}

export interface ParticipantInput {
  name: string;
  nip: string;
  nik: string;
  gender: string;
  rank: string;
  position: string;
  opd: string;
  phone: string;
  email: string;
  role: Role;
  note: string;
}

export interface Warning {
  field: string;
  message: string;
}

export interface ParticipantSaved {
  participant: Participant;
  warnings: Warning[];
}

export interface Opd {
  id: string;
  name: string;
  short_name: string | null;
  aliases: string[];
  people: number;
  created_at: string;
  updated_at: string;
}

export interface QuotaRow {
  opd_id: string;
  opd: string;
  short_name: string | null;
  quota: number | null;
  registered: number;
  over: boolean;
}

/** A person across events (suggestions when adding). */
export interface Person {
  id: string;
  name: string;
  nip: string | null;
  nik: string | null;
  gender: 'L' | 'P' | null;
  rank: string | null;
  position: string | null;
  opd_id: string | null;
  opd: string | null;
  phone: string | null;
  email: string | null;
}

export interface ImportColumn {
  column: string;
  header: string;
  field: string | null;
}

export interface ImportIssue {
  row: number;
  column: string | null;
  value: string | null;
  message: string;
}

export interface ImportArgs {
  event_id: string;
  file_name: string;
  data: string;
  dry_run: boolean;
  sheet?: number;
  header_row?: number;
  mapping?: Record<string, string>;
}

export interface ImportResult {
  dry_run: boolean;
  file_name: string;
  sheet: string;
  sheets: string[];
  header_row: number;
  columns: ImportColumn[];
  fields: { field: string; label: string }[];
  rows_read: number;
  imported: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  skipped: number;
  /** Distinct rows refused (each listed in errors). */
  rejected: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  opds_created: string[];
  quota_warnings: string[];
  ignored_from_row: number | null;
}

/** A file the Api made (export, rejected rows), base64-encoded. */
export interface FileData {
  file_name: string;
  data: string;
}

// ---- Agenda: sessions, speakers and moderators, committee, signatories ------------------

/** An event as `event_get` returns it, with the JP of its material sessions. */
export interface EventWithJp extends Event {
  /** Sum of the JP of the material sessions; the event's JP when `total_jp` is unset. */
  sessions_jp: number;
}

export type SessionKind = 'opening' | 'material' | 'break' | 'closing';
export type StaffRole = 'speaker' | 'moderator';

/** Someone assigned to a session. */
export interface StaffRef {
  registration_id: string;
  name: string;
}

export interface Session {
  id: string;
  event_id: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:MM`. */
  start_time: string;
  end_time: string;
  title: string;
  room: string | null;
  jp: number | null;
  kind: SessionKind;
  takes_attendance: boolean;
  notes: string | null;
  speakers: StaffRef[];
  moderators: StaffRef[];
  created_at: string;
  updated_at: string;
}

/** The fields `session_add` and `session_update` take (times as `HH:MM`). */
export interface SessionInput {
  title: string;
  date: string;
  start_time: string;
  end_time: string;
  room: string | null;
  jp: number | null;
  kind: SessionKind;
  takes_attendance: boolean;
  notes: string | null;
}

export interface SpeakerSession {
  session_id: string;
  title: string;
  date: string;
  start_time: string;
  end_time: string;
  role: StaffRole;
}

/** A registration with a committee duty (`participant_list` carries it for every role). */
export interface StaffMember extends Participant {
  /** A committee member's duty: Ketua, Sekretaris, … */
  duty: string | null;
}

/** A speaker or moderator of an event with the sessions they are in (`speaker_list`). */
export interface Speaker extends StaffMember {
  sessions: SpeakerSession[];
}

export interface Signatory {
  /** 1 = left, 2 = right. */
  ord: number;
  name: string;
  nip: string | null;
  rank: string | null;
  position: string;
}

// ---- Kehadiran: the check-in desk ---------------------------------------------------------

/** A person found at the desk (`desk_search`), with their check-in for the session. */
export interface DeskResult {
  registration_id: string;
  code: string;
  name: string;
  nip: string | null;
  opd: string | null;
  /** Jabatan. */
  position: string | null;
  role: Role;
  status: RegistrationStatus;
  /** ISO time of the check-in for the chosen session, or null when not yet in. */
  checked_in_at: string | null;
}

export type CheckinMethod = 'scan' | 'search' | 'manual' | 'walkin';

/** The answer of `checkin`, `checkin_walkin` and `checkin_undo` (`undone`). */
export interface CheckinResult {
  status: 'checked_in' | 'already_checked_in' | 'undone';
  person: {
    registration_id: string;
    name: string;
    nip: string | null;
    opd: string | null;
    code: string;
    role: Role;
  };
  session_id: string;
  /** ISO time (UTC) of the check-in; for `already_checked_in` the first one. */
  at: string;
  desk: string | null;
  method: string | null;
  message: string;
}

export interface OpdCount {
  opd_id: string | null;
  opd: string | null;
  present: number;
  registered: number;
}

export interface AttendanceCounts {
  session_id: string;
  present: number;
  registered: number;
  opds: OpdCount[];
}

export interface AttendanceRow {
  registration_id: string;
  code: string;
  name: string;
  opd: string | null;
  session_id: string;
  at: string;
  desk: string | null;
  method: string | null;
}

/** One check-in of a person and its undo, if it was undone (`attendance_history`). */
export interface HistoryEntry {
  session_id: string;
  session_title: string;
  /** `YYYY-MM-DD` and `HH:MM` of the session. */
  session_date: string;
  session_start: string;
  /** ISO time (UTC) of the check-in. */
  at: string;
  desk: string | null;
  method: CheckinMethod | null;
  undone_at: string | null;
  /** The desk (or the organizer's door) that undid it. */
  undone_by: string | null;
}

/** A person's check-ins and undos in the event, oldest first. */
export interface AttendanceHistory {
  person: CheckinResult['person'];
  entries: HistoryEntry[];
}

/** The registered participants not yet checked in to a session (`attendance_absent`). */
export interface AbsentList {
  session_id: string;
  /** All of them in the session. */
  total: number;
  /** Those matching the search. */
  matched: number;
  /** The first of those (at most the limit asked), by name. */
  people: DeskResult[];
}

// ---- Sertifikat: eligibility, numbering, printing, verification, templates -------------

/** The certificate settings of an event (`certificate_settings_get`). */
export interface CertSettings {
  event_id: string;
  /** Percent of the attendance-taking sessions a participant needs (0–100). */
  min_attendance: number;
  /** E.g. `{seq:3}/BIMTEK/{org}/{roman_month}/{year}`. */
  number_pattern: string;
  org_code: string | null;
  sequence_scope: 'event' | 'year';
  issue_place: string | null;
  /** `YYYY-MM-DD`. */
  issue_date: string | null;
  verify_base_url: string | null;
  /** role → wording under the name, e.g. `participant` → "sebagai Peserta". */
  role_texts: Partial<Record<Role, string>>;
  /** role → template id (absent: the built-in one). */
  role_templates: Partial<Record<Role, string>>;
}

/** A certificate as stored (`certificate_list`, `certificate_issue`). */
export interface CertificateRow {
  id: string;
  registration_id: string;
  number: string;
  name: string;
  role: Role;
  /** The verification code, 8 characters without the dash. */
  code: string;
  status: 'issued' | 'revoked';
  revision: number;
  issued_at: string;
  revoke_reason: string | null;
  /** The number of the revoked certificate this one replaces. */
  replaces: string | null;
}

export interface CertOverride {
  eligible: boolean;
  reason: string;
  actor: string;
  at: string;
}

/** One person's eligibility (`certificate_eligibility`, `certificate_override`). */
export interface Eligibility {
  registration_id: string;
  name: string;
  nip: string | null;
  opd: string | null;
  role: Role;
  attended: number;
  sessions: number;
  percent: number | null;
  eligible: boolean;
  /** Why (not), in Bahasa Indonesia. */
  reason: string;
  override: CertOverride | null;
  certificate: CertificateRow | null;
}

export type CertRoleChoice = Role | 'all';

export interface IssueResult {
  /** Standing certificates of the role after this run. */
  issued: number;
  new: number;
  reissued: number;
  ineligible: number;
  certificates: CertificateRow[];
}

export interface CertJob {
  job_id: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  done: number;
  total: number;
  error: { code: string; message: string } | null;
}

export interface CertVerification {
  status: 'valid' | 'revoked' | 'tampered' | 'unknown';
  number: string | null;
  name: string | null;
  role: string | null;
  event: string | null;
  event_dates: string | null;
  code: string | null;
  revoke_reason: string | null;
  /** For a revoked certificate: the number of the one that replaces it. */
  replaced_by: string | null;
  /** The name was corrected after this copy was printed. */
  superseded: boolean;
  message: string;
}

export interface CertPublicKey {
  algorithm: string;
  public_key: string;
  encoding: string;
  token_format: string;
}

export interface CertTemplateInfo {
  id: string;
  name: string;
  has_background: boolean;
  builtin: boolean;
  updated_at: string | null;
}

export type CertFieldType =
  | 'agency'
  | 'title'
  | 'number'
  | 'given_to'
  | 'name'
  | 'role_phrase'
  | 'event_title'
  | 'event_detail'
  | 'jp'
  | 'place_date'
  | 'signatory'
  | 'qr'
  | 'code'
  | 'text';

export type CertFontFace = 'sans' | 'sans_bold' | 'serif' | 'serif_bold' | 'serif_italic' | 'script';

/** One thing printed on a certificate, in millimetres from the page's top-left corner. */
export interface CertField {
  /** `{type: 'signatory', index: 0|1}` for a signature block. */
  kind: { type: CertFieldType; index?: number };
  x_mm: number;
  y_mm: number;
  width_mm: number;
  height_mm: number;
  font: CertFontFace;
  size_pt: number;
  min_size_pt: number;
  /** `#rrggbb`. */
  color: string;
  align: 'left' | 'center' | 'right';
  valign: 'top' | 'middle' | 'bottom';
  letter_spacing_pt: number;
  /** Wording with placeholders; null uses the kind's default. */
  text: string | null;
}

/** A certificate design: A4 landscape (297 × 210 mm). */
export interface CertTemplate {
  version: number;
  name: string;
  /** `data` is base64 of a PNG or JPEG. */
  background: { mime: string; data: string } | null;
  frame: { color: string; accent: string } | null;
  fields: CertField[];
}

/** A signatory as printed (`certificate_preview_data`). */
export interface CertSigner {
  position: string;
  name: string;
  rank: string;
  /** Digits; printed grouped as `NIP. 19650312 199003 1 005`. */
  nip: string;
}

/** What a template preview is filled with (`certificate_preview_data`, also what
 * `certificate_template_preview` prints): the event's own data, sample data for the rest. */
export interface CertPreviewData {
  /** Null: sample data only (no active event). */
  event_title: string | null;
  role: Role;
  common: {
    agency: string[];
    event_title: string;
    event_detail: string;
    jp: string | null;
    place_date: string;
    /** Index 0 signs under the place and date, index 1 is the second block. */
    signatories: CertSigner[];
  };
  certificate: { number: string; name: string; role_phrase: string; code: string; qr_payload: string };
  /** `certificate`: a standing certificate; `registration`: a registered person, number
   * and code are samples; `sample`: the sample person. */
  person: 'certificate' | 'registration' | 'sample';
  /** What is sample data, in words for the clerk; empty when all is the event's own. */
  sample: string[];
}

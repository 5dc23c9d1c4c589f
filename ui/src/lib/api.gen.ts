// Generated from the Rust types by `UPDATE_TS=1 cargo test -p bintek-core --test typescript`.
// Do not edit: change the Rust type and generate again.

export type AbsentArgs = { event_id: string, 
/**
 * Default: the session running now.
 */
session_id?: string | null, 
/**
 * Part of a name, an OPD, NIP digits or a check-in code.
 */
q?: string | null, 
/**
 * At most this many people (default 100, at most 500); `matched` counts them all.
 */
limit?: number | null, };

export type AbsentList = { session_id: string, 
/**
 * Registered participants not yet checked in to the session.
 */
total: number, 
/**
 * How many of them match `q`.
 */
matched: number, 
/**
 * The first `limit` of those, by name.
 */
people: Array<DeskHit>, };

export type AgencyProfile = { 
/**
 * `Dinas Komunikasi dan Informatika`.
 */
name: string, 
/**
 * The government above it: `Pemerintah Kabupaten Grobogan`.
 */
parent: string | null, address: string | null, phone: string | null, email: string | null, website: string | null, 
/**
 * The logo on the kop surat (PNG or JPEG, base64 in JSON).
 */
logo: Logo | null, updated_at: string, };

export type AgencyProfileArgs = { name: string, parent?: string | null, address?: string | null, phone?: string | null, email?: string | null, website?: string | null, 
/**
 * A new logo; without it the stored one stays (unless `remove_logo`).
 */
logo?: Logo | null, 
/**
 * Take the stored logo away.
 */
remove_logo?: boolean, };

export type AgendaPdfArgs = { event_id: string, participant_url?: string | null, };

export type Align = "left" | "center" | "right";

export type AnswerInput = { question_id: string, choice?: number | null, value?: number | null, text?: string | null, };

export type ApiError = { code: ErrorCode, message: string, field?: string | null, errors?: Array<FieldError>, };

export type AppInfo = { version: string, schema_version: number, database: string, 
/**
 * The database failed its start check and is open read-only (see `warnings`).
 */
read_only: boolean, 
/**
 * What needs attention, in Bahasa Indonesia (damage and the backup to restore, a
 * database on a network drive).
 */
warnings: Array<string>, };

export type AspectResult = { aspect: string, items: number, mean: number, index: number, category: string, };

export type AttendanceArgs = { event_id: string, session_id?: string | null, };

export type AttendanceCounts = { session_id: string, present: number, registered: number, opds: Array<OpdCount>, };

export type AttendanceHistory = { person: DeskPerson, entries: Array<HistoryEntry>, };

export type AttendanceRow = { registration_id: string, code: string, name: string, opd: string | null, session_id: string, at: string, desk: string | null, method: CheckinMethod, };

export type BackPage = { 
/**
 * E.g. "DAFTAR MATERI".
 */
title: string, 
/**
 * E.g. the event's title, under the title.
 */
subtitle: string, rows: Array<BackRow>, 
/**
 * The total hours, e.g. "16".
 */
total_jp: string, };

export type BackRow = { materi: string, 
/**
 * The narasumber, e.g. "Dr. Rina Kusuma"; may be empty.
 */
speaker: string, 
/**
 * E.g. "2".
 */
jp: string, };

export type Background = { 
/**
 * `image/png` or `image/jpeg`; must agree with the bytes.
 */
mime: string, 
/**
 * The file's bytes, at most [`MAX_BACKGROUND_BYTES`].
 */
data: string, };

export type BackupCreateArgs = {  };

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

export type BackupHealth = { 
/**
 * The newest backup that passed its check (RFC 3339 local time).
 */
last_good_at: string | null, 
/**
 * Its age in minutes.
 */
age_minutes: number | null, second_folder: string | null, 
/**
 * What needs attention, in Bahasa Indonesia.
 */
warning: string | null, };

export type BackupInfo = { 
/**
 * Full path of the backup file.
 */
file: string, file_name: string, 
/**
 * Why it was made; none for a backup to a file of the user's choosing.
 */
reason: Reason | null, 
/**
 * RFC 3339, local time.
 */
created_at: string, size: number, duration_ms: number, 
/**
 * It passed `integrity_check` and `foreign_key_check` (always true: a copy that
 * fails is deleted and reported as an error instead).
 */
ok: boolean, 
/**
 * Older backups of the same reason removed by the rotation.
 */
removed: Array<string>, 
/**
 * The copy into the second backup folder, when one is set (`crate::mirror`); its
 * failure never fails the backup.
 */
second_copy: SecondCopy | null, };

export type BackupListArgs = { 
/**
 * Run `integrity_check` on every backup now (slower) instead of trusting the check
 * made when it was taken.
 */
verify?: boolean, };

export type BackupSettings = { second_folder: string | null, 
/**
 * The last copy into it made by this program, if any.
 */
last_copy: SecondCopy | null, 
/**
 * What needs attention (the folder is missing, the last copy failed).
 */
warning: string | null, };

export type BackupSettingsArgs = { 
/**
 * An absolute path of an existing, writable folder; empty or null turns it off.
 */
second_folder?: string | null, };

export type BadgeLayout = "eight_per_page" | "one_per_page";

export type BadgesArgs = { event_id: string, 
/**
 * `eight_per_page` (default, with cut marks) or `one_per_page`.
 */
layout?: BadgeLayout | null, 
/**
 * `participant` (default), `speaker`, `moderator`, `committee` or `all`.
 */
role?: string | null, 
/**
 * Only this OPD's people.
 */
opd_id?: string | null, 
/**
 * Only these registrations (e.g. reprint one lost card).
 */
registration_ids?: Array<string> | null, };

export type BankImportArgs = { id: string, file_name: string, 
/**
 * The file's bytes, base64-encoded.
 */
data: string, };

export type CertField = { 
/**
 * What the field shows.
 */
kind: FieldKind, 
/**
 * Left edge of the box, from the left edge of the page.
 */
x_mm: number, 
/**
 * Top edge of the box, from the top edge of the page.
 */
y_mm: number, 
/**
 * Width of the box.
 */
width_mm: number, 
/**
 * Height of the box.
 */
height_mm: number, 
/**
 * The face; characters it lacks are printed in DejaVu Sans.
 */
font: FontFace, 
/**
 * The type size to use when the text fits, in points (6–120).
 */
size_pt: number, 
/**
 * The smallest size the text may shrink to before it wraps or overflows (6 up to
 * `size_pt`).
 */
min_size_pt: number, 
/**
 * `#rrggbb`. For the QR code, the colour of its dark modules.
 */
color: string, 
/**
 * Horizontal alignment within the box.
 */
align: Align, 
/**
 * Vertical alignment of the text block within the box.
 */
valign: VAlign, 
/**
 * Extra space between letters in points (0–20), e.g. for a spaced-out "SERTIFIKAT".
 */
letter_spacing_pt: number, 
/**
 * The wording, with placeholders (see [`PLACEHOLDERS`]); `None` uses the kind's
 * default wording. Required for [`FieldKind::Text`]; ignored by
 * [`FieldKind::Signatory`] and [`FieldKind::Qr`].
 */
text: string | null, };

export type CertSettings = { event_id: string, min_attendance: number, number_pattern: string, org_code: string | null, 
/**
 * `event` or `year`.
 */
sequence_scope: SequenceScope, issue_place: string | null, 
/**
 * `YYYY-MM-DD`.
 */
issue_date: string | null, verify_base_url: string | null, 
/**
 * role → wording, e.g. `participant` → "sebagai Peserta".
 */
role_texts: Partial<Record<Role, string>>, 
/**
 * role → template id.
 */
role_templates: Partial<Record<Role, string>>, 
/**
 * A second page after every certificate: the materi, their JP and the total.
 */
back_page: boolean, 
/**
 * A participant's certificate also needs every opened evaluation filled in.
 */
require_evaluation: boolean, 
/**
 * … and a post-test score of at least this (1–100).
 */
min_posttest: number | null, };

export type Certificate = { 
/**
 * E.g. "001/BIMTEK/DISKOMINFO/IX/2019".
 */
number: string, 
/**
 * The name as written, with academic titles.
 */
name: string, 
/**
 * E.g. "sebagai Peserta", "sebagai Narasumber".
 */
role_phrase: string, 
/**
 * The verification code printed on the certificate.
 */
code: string, 
/**
 * The exact text of the QR code (e.g. the verification URL); empty prints no QR code.
 */
qr_payload: string, };

export type CertificateCommon = { 
/**
 * The letterhead lines, e.g. `["PEMERINTAH KABUPATEN GROBOGAN", "DINAS KOMUNIKASI DAN
 * INFORMATIKA"]`.
 */
agency: Array<string>, 
/**
 * E.g. "Bimbingan Teknis Pengelolaan Media Sosial".
 */
event_title: string, 
/**
 * E.g. "Purwodadi, 17–18 September 2019 · Gedung Riptaloka".
 */
event_detail: string, 
/**
 * E.g. "16 JP"; `None` prints no JP line.
 */
jp: string | null, 
/**
 * Place and date of issue, e.g. "Purwodadi, 18 September 2019".
 */
place_date: string, 
/**
 * Index 0 signs under the place and date; index 1 is the second signatory.
 */
signatories: Array<Signer>, 
/**
 * The back page printed after every certificate: the materi with their JP and the
 * total, as Indonesian training certificates carry. `None` prints the front alone.
 */
back_page: BackPage | null, 
/**
 * The agency's logo, for [`FieldKind::Logo`] fields.
 */
logo: Logo | null, };

export type CertificateRow = { id: string, registration_id: string, number: string, name: string, role: Role, code: string, status: CertificateStatus, revision: number, issued_at: string, revoke_reason: string | null, 
/**
 * The number of the revoked certificate this one replaces.
 */
replaces: string | null, };

export type CertificateStatus = "issued" | "revoked";

export type CertificateSummary = { 
/**
 * Registered people eligible now (attendance rule, role, the organizer's decisions).
 */
eligible: number, not_eligible: number, issued: number, revoked: number, 
/**
 * The attendance rule: the share of attendance-taking sessions a participant needs.
 */
min_attendance: number, };

export type CheckItem = { 
/**
 * Stable name: `profile`, `agenda`, `speakers`, `signatories`, `registrations`,
 * `badges`, `template`, `backup`.
 */
key: string, label: string, status: CheckStatus, 
/**
 * What was found, in Bahasa Indonesia.
 */
detail: string, 
/**
 * The UI route where it is fixed (`/agenda`, `/pengaturan/profil` …); a last part
 * the screen does not route on names the panel to scroll to.
 */
route: string, };

export type CheckStatus = "done" | "pending" | "warn";

export type CheckinArgs = { event_id: string, 
/**
 * Default: the session running now (by the clock).
 */
session_id?: string | null, 
/**
 * What was scanned or typed: a check-in code, an NIP, or a unique part of a name.
 */
code: string, desk?: string | null, 
/**
 * One id per Enter: a retried request gets its first answer, nothing is written twice.
 */
nonce?: string | null, 
/**
 * scan, search or manual; default: scan.
 */
method?: CheckinMethod | null, };

export type CheckinMethod = "scan" | "search" | "manual" | "walkin";

export type CheckinResult = { status: CheckinStatus, person: DeskPerson, session_id: string, 
/**
 * When the attendance was (first) recorded, RFC 3339 UTC.
 */
at: string, desk: string | null, method: CheckinMethod, 
/**
 * What the desk says, in Bahasa Indonesia.
 */
message: string, };

export type CheckinStatus = "checked_in" | "already_checked_in" | "undone";

export type ColumnInfo = { column: string, header: string, field: ImportField | null, };

export type Conflict = { name: string, session: string, 
/**
 * When and where the host recorded it (kept).
 */
host_at: string, host_desk: string | null, 
/**
 * When and where the package recorded it (not added).
 */
package_at: string, package_desk: string | null, };

export type DbCheck = { 
/**
 * `quick_check` is "ok" and no foreign key points nowhere.
 */
ok: boolean, database: string, quick_check: Array<string>, foreign_key_errors: Array<ForeignKeyError>, journal_mode: string, network_drive: boolean, 
/**
 * The Api opened the database read-only because it failed its start check.
 */
read_only: boolean, 
/**
 * What needs attention, in Bahasa Indonesia.
 */
warnings: Array<string>, 
/**
 * The newest backup on disk (not verified again).
 */
last_backup: BackupEntry | null, 
/**
 * When something is wrong: the newest backup that passes `integrity_check` now.
 */
newest_good_backup: BackupEntry | null, };

export type DemoInfo = { 
/**
 * The demo event, while it exists.
 */
event_id: string | null, };

export type DemoRemoved = { title: string, registrations: number, people: number, opds: number, 
/**
 * What was removed, in Bahasa Indonesia.
 */
message: string, };

export type Desk = { id: string, name: string, paired_at: string, last_seen_at: string | null, revoked_at: string | null, 
/**
 * Check-ins this desk made that stand (not undone).
 */
checkins: number, 
/**
 * Every scan or search Enter of this desk, refused ones included.
 */
scans: number, };

export type DeskActivity = { 
/**
 * `None`: check-ins made in the organizer's own window.
 */
name: string | null, 
/**
 * Standing check-ins today.
 */
checkins: number, 
/**
 * The latest of them (RFC 3339 UTC).
 */
last_checkin_at: string | null, 
/**
 * A paired LAN desk (as opposed to a name typed at a desk in the window).
 */
paired: boolean, 
/**
 * A paired desk heard from in the last two minutes.
 */
connected: boolean, last_seen_at: string | null, };

export type DeskEvent = { id: string, title: string, start_date: string, end_date: string, venue: string | null, };

export type DeskHit = { registration_id: string, code: string, name: string, nip: string | null, opd: string | null, 
/**
 * Jabatan: with the OPD, what tells two people of one name apart at the desk.
 */
position: string | null, role: Role, status: RegistrationStatus, checked_in_at: string | null, };

export type DeskIdArgs = { id: string, };

export type DeskPerson = { registration_id: string, name: string, nip: string | null, opd: string | null, code: string, role: Role, };

export type DeskSearchArgs = { event_id: string, session_id?: string | null, q: string, limit?: number | null, };

export type DocState = { doc: FinanceDoc, printed_at: string | null, 
/**
 * Printed, and the figures it showed have changed since: print it again.
 */
outdated: boolean, };

export type Eligibility = { registration_id: string, name: string, nip: string | null, opd: string | null, role: Role, 
/**
 * Attendance-taking sessions attended, and how many there are.
 */
attended: number, sessions: number, percent: number | null, eligible: boolean, 
/**
 * Why (not), in Bahasa Indonesia.
 */
reason: string, override: Override | null, certificate: CertificateRow | null, };

export type EligibilityArgs = { event_id: string, 
/**
 * `participant`, `speaker`, `moderator`, `committee`, or all when empty / `all`.
 */
role?: string | null, };

export type EmploymentStatus = "pns" | "pppk" | "tni_polri" | "pejabat_negara" | "pensiunan" | "bukan_asn";

export type EntryArgs = { form_id: string, registration_id: string, submission_id: string, answers: Array<AnswerInput>, };

export type ErrorCode = "validation" | "invalid_argument" | "not_found" | "conflict" | "not_registered" | "cancelled" | "unknown_command" | "forbidden" | "unauthorized" | "too_many_attempts" | "database_too_new" | "read_only" | "database_in_use" | "signing_key_missing" | "database" | "internal";

export type EvaluationPrintArgs = { event_id: string, 
/**
 * `pdf` (default) or `xlsx`.
 */
format?: string | null, };

export type EvaluationSummary = { forms: Array<FormSummary>, speakers: Array<SpeakerResult>, tests: TestSummary | null, };

export type Event = { id: string, title: string, theme: string | null, 
/**
 * The organizing agency, e.g. "Dinas Komunikasi dan Informatika Kabupaten Grobogan".
 */
organizer: string | null, venue: string | null, city: string | null, 
/**
 * `YYYY-MM-DD`.
 */
start_date: string, 
/**
 * `YYYY-MM-DD`, never before `start_date`.
 */
end_date: string, 
/**
 * *Dasar hukum*: free text, one reference per line.
 */
legal_basis: string | null, 
/**
 * Total lesson hours (*jam pelajaran*, JP).
 */
total_jp: number | null, notes: string | null, archived: boolean, archived_at: string | null, created_at: string, updated_at: string, 
/**
 * JP of the material sessions in the agenda; the event's JP when `total_jp` is unset.
 */
sessions_jp: number, };

export type EventArchiveArgs = { id: string, 
/**
 * `false` restores an archived event.
 */
archived?: boolean, };

export type EventArgs = { event_id: string, };

export type EventCloneArgs = { id: string, 
/**
 * The clone's first day; every session moves by the same number of days.
 */
start_date: string, 
/**
 * Default: the original title.
 */
title?: string | null, };

export type EventId = { id: string, };

export type EventIdArgs = { event_id: string, };

export type EventInput = { title: string, theme?: string | null, organizer?: string | null, venue?: string | null, city?: string | null, start_date: string, 
/**
 * Empty means a one-day event (`start_date`).
 */
end_date?: string | null, legal_basis?: string | null, total_jp?: number | null, notes?: string | null, };

export type EventListArgs = { include_archived?: boolean, };

export type EventOverview = { event: Event, phase: Phase, 
/**
 * `YYYY-MM-DD`, this computer's date.
 */
today: string, checklist: Array<CheckItem>, registrations: RoleCounts, opds: Array<OpdProgress>, 
/**
 * OPDs given a quota that sent nobody yet.
 */
opds_without_registrations: Array<string>, sessions: Array<SessionProgress>, 
/**
 * The session running now (from 30 minutes before its start), if any.
 */
now_session: string | null, 
/**
 * The next session to start.
 */
next_session: string | null, 
/**
 * The session `opds[].present` counts: the one running now, else the last started.
 */
focus_session: string | null, desks: Array<DeskActivity>, certificates: CertificateSummary, 
/**
 * Present of registered over the attendance-taking sessions that have started.
 */
attendance_rate: number | null, backup: BackupHealth, };

export type EventUpdate = { id: string, title: string, theme?: string | null, organizer?: string | null, venue?: string | null, city?: string | null, start_date: string, 
/**
 * Empty means a one-day event (`start_date`).
 */
end_date?: string | null, legal_basis?: string | null, total_jp?: number | null, notes?: string | null, };

export type ExportArgs = { event_id: string, 
/**
 * `xlsx` (default) or `csv`.
 */
format: string, 
/**
 * Write NIK in full (personal data: only when the user asks explicitly).
 */
reveal_nik?: boolean, };

export type FieldError = { field: string, message: string, };

export type FieldInfo = { field: ImportField, label: string, };

export type FieldKind = { "type": "agency" } | { "type": "title" } | { "type": "number" } | { "type": "given_to" } | { "type": "name" } | { "type": "role_phrase" } | { "type": "event_title" } | { "type": "event_detail" } | { "type": "jp" } | { "type": "place_date" } | { "type": "signatory", "index": number } | { "type": "qr" } | { "type": "code" } | { "type": "logo" } | { "type": "text" };

export type FilePayload = { file_name: string, 
/**
 * The bytes, base64-encoded.
 */
data: string, };

export type FinanceDoc = "nominatif" | "kwitansi" | "transport" | "pph";

export type FinanceGetArgs = { event_id: string, 
/**
 * Show account numbers, NPWP and NIK whole.
 */
reveal?: boolean, };

export type FinanceOverview = { settings: FinanceSettings, rates: Array<Rate>, 
/**
 * Years that have rates (to copy from).
 */
rate_years: Array<number>, honor: Array<PayLine>, transport: Array<PayLine>, honor_totals: Totals, transport_totals: Totals, documents: Array<DocState>, 
/**
 * Whole-event notes: speakers without sessions, example rates in use.
 */
warnings: Array<string>, };

export type FinancePrintArgs = { event_id: string, doc: FinanceDoc, 
/**
 * `pdf` (default; the rekap PPh is XLSX only) or `xlsx`.
 */
format?: string | null, 
/**
 * Print account numbers, NPWP and NIK whole (the bank and the tax office need them).
 */
reveal?: boolean, };

export type FinanceSettings = { event_id: string, 
/**
 * The budget year whose rates apply (the event's year unless set).
 */
budget_year: number, program: string, kegiatan: string, sub_kegiatan: string, 
/**
 * Kode rekening of the honoraria (5.1.02.02.01.0003 …).
 */
account_honor: string, 
/**
 * Kode rekening of the participants' transport money.
 */
account_transport: string, hour_rounding: HourRounding, 
/**
 * Halve the honorarium of a narasumber from the organizing agency.
 */
halve_internal: boolean, 
/**
 * PPh 21 final of golongan I–II, III and IV, in basis points (500 = 5 %).
 */
final_low_bp: number, final_iii_bp: number, final_iv_bp: number, 
/**
 * The share of a non-employee's gross taxed under Pasal 17, in percent.
 */
dpp_percent: number, 
/**
 * 120 % for a non-employee without an NPWP.
 */
no_npwp_surcharge: boolean, 
/**
 * An NIK counts as an NPWP (PMK 112/2022).
 */
nik_as_npwp: boolean, pppk_rule: PppkRule, 
/**
 * Where the documents are signed: the event's city unless set.
 */
place: string, 
/**
 * `YYYY-MM-DD` on the documents: the event's last day unless set.
 */
pay_date: string, pa_name: string, pa_nip: string, 
/**
 * "Pengguna Anggaran" or "Kuasa Pengguna Anggaran".
 */
pa_title: string, pptk_name: string, pptk_nip: string, bendahara_name: string, bendahara_nip: string, };

export type FinanceSettingsArgs = { event_id: string, 
/**
 * 0: the event's year.
 */
budget_year?: number | null, program?: string | null, kegiatan?: string | null, sub_kegiatan?: string | null, account_honor?: string | null, account_transport?: string | null, hour_rounding?: HourRounding | null, halve_internal?: boolean | null, 
/**
 * Percent with up to two decimals as basis points: 500 = 5 %.
 */
final_low_bp?: number | null, final_iii_bp?: number | null, final_iv_bp?: number | null, dpp_percent?: number | null, no_npwp_surcharge?: boolean | null, nik_as_npwp?: boolean | null, pppk_rule?: PppkRule | null, place?: string | null, pay_date?: string | null, pa_name?: string | null, pa_nip?: string | null, pa_title?: string | null, pptk_name?: string | null, pptk_nip?: string | null, bendahara_name?: string | null, bendahara_nip?: string | null, };

export type FolderOutput = { 
/**
 * The folder the PDFs were written into.
 */
folder: string, files: number, };

export type FontFace = "sans" | "sans_bold" | "serif" | "serif_bold" | "serif_italic" | "script";

export type ForeignKeyError = { table: string, rowid: number | null, parent: string, fkid: number, };

export type Form = { id: string, event_id: string, kind: FormKind, title: string, session_id: string | null, 
/**
 * The session's title, date and time ("Senin, 7 Desember 2026 · 09:00–10:30 …").
 */
session_label: string | null, 
/**
 * The session's narasumber (a narasumber evaluation).
 */
speakers: Array<string>, 
/**
 * The form whose questions this one asks (a post-test: the pre-test).
 */
bank_form_id: string | null, anonymous: boolean, resubmit: Resubmit, time_limit_min: number | null, scale: number, 
/**
 * Local time `YYYY-MM-DDTHH:MM`.
 */
opens_at: string | null, closes_at: string | null, 
/**
 * Open now.
 */
open: boolean, questions: Array<Question>, 
/**
 * Submissions so far.
 */
responses: number, 
/**
 * Participants expected to answer (registered participants of the event).
 */
expected: number, created_at: string, updated_at: string, };

export type FormCreateArgs = { event_id: string, kind: FormKind, 
/**
 * The session a narasumber evaluation is about (required for that kind).
 */
session_id?: string | null, title?: string | null, };

export type FormIdArgs = { id: string, };

export type FormKind = "pretest" | "posttest" | "penyelenggaraan" | "narasumber" | "umum";

export type FormOpenArgs = { id: string, open: boolean, };

export type FormResults = { form: Form, respondents: number, expected: number, missing: Array<MissingGroup>, questions: Array<QuestionResult>, 
/**
 * The questions' ids, the lowest-scoring first (Likert by mean, test questions by
 * the share right).
 */
lowest_first: Array<string>, aspects: Array<AspectResult>, 
/**
 * The mean of all Likert answers, as an index 0–100, and its category.
 */
mean: number | null, index: number | null, category: string | null, 
/**
 * A test: the pre-test and post-test side by side.
 */
tests: TestSummary | null, };

export type FormResultsArgs = { form_id: string, };

export type FormScheduleArgs = { id: string, opens_at?: string | null, closes_at?: string | null, };

export type FormSummary = { id: string, kind: FormKind, title: string, session_label: string | null, speakers: Array<string>, open: boolean, respondents: number, expected: number, index: number | null, category: string | null, };

export type FormUpdateArgs = { id: string, title?: string | null, anonymous?: boolean | null, resubmit?: Resubmit | null, 
/**
 * Minutes; 0 removes the limit.
 */
time_limit_min?: number | null, scale?: number | null, questions?: Array<QuestionInput> | null, };

export type Frame = { 
/**
 * The borders, e.g. a dark navy `#1f3a5f`.
 */
color: string, 
/**
 * The ornaments and the thin inner line, e.g. a muted gold `#b08d3c`.
 */
accent: string, };

export type Gender = "L" | "P";

export type HistoryArgs = { event_id: string, registration_id: string, };

export type HistoryEntry = { session_id: string, session_title: string, session_date: string, session_start: string, 
/**
 * When they were checked in, RFC 3339 UTC.
 */
at: string, desk: string | null, 
/**
 * `None` when not recorded (before schema v9).
 */
method: CheckinMethod | null, undone_at: string | null, 
/**
 * The desk (or organizer's door) that undid it.
 */
undone_by: string | null, };

export type HourRounding = "down" | "up" | "nearest";

export type ImportArgs = { event_id: string, file_name: string, 
/**
 * The file's bytes, base64-encoded.
 */
data: string, 
/**
 * Preview only: nothing is written.
 */
dry_run?: boolean, 
/**
 * Which sheet (index); default: the first with a recognisable header.
 */
sheet?: number | null, 
/**
 * The header row as the spreadsheet numbers it (1-based); default: detected.
 */
header_row?: number | null, 
/**
 * Column letter → field key (`"B": "name"`), `""` to ignore a column. Overrides the
 * detected mapping for the columns it names.
 */
mapping?: { [key in string]?: string } | null, };

export type ImportField = "name" | "nip" | "nik" | "gender" | "rank" | "position" | "opd" | "phone" | "email" | "role";

export type ImportReport = { dry_run: boolean, file_name: string, sheet: string, sheets: Array<string>, header_row: number, columns: Array<ColumnInfo>, fields: Array<FieldInfo>, 
/**
 * Data rows read (after the header, before the footer, not counting empty rows).
 */
rows_read: number, 
/**
 * New registrations in this event.
 */
imported: number, 
/**
 * Already registered, and the person's data changed.
 */
updated: number, 
/**
 * Already registered with the same data.
 */
unchanged: number, 
/**
 * The same person again in this file.
 */
duplicates: number, 
/**
 * Empty rows and column-number rows.
 */
skipped: number, 
/**
 * Rows refused (each listed in `errors`, possibly more than once).
 */
rejected: number, errors: Array<RowIssue>, warnings: Array<RowIssue>, opds_created: Array<string>, quota_warnings: Array<string>, 
/**
 * Where the list's closing part (totals, sign-off) starts; ignored from there on.
 */
ignored_from_row: number | null, };

export type IssueArgs = { event_id: string, 
/**
 * `participant` (default), `speaker`, `moderator`, `committee` or `all`.
 */
role?: string | null, };

export type IssueResult = { 
/**
 * Certificates that stand (issued, not revoked) for the role, after this run.
 */
issued: number, 
/**
 * Numbered in this run.
 */
new: number, 
/**
 * Name corrections: same number, new revision.
 */
reissued: number, ineligible: number, certificates: Array<CertificateRow>, };

export type IssuedLetter = { addressee: string, number: string, letter_date: string, issued_at: string, };

export type JobArgs = { job_id: string, };

export type JobOutput = FilePayload | FolderOutput;

export type JobState = "running" | "done" | "cancelled" | "failed";

export type JobStatus = { job_id: string, state: JobState, done: number, total: number, error: ApiError | null, };

export type KeyImportArgs = { 
/**
 * The key file, base64-encoded.
 */
data: string, 
/**
 * Its name (shown in messages only).
 */
file_name?: string | null, };

export type KeyInfo = { 
/**
 * The public key's fingerprint ([`fingerprint`]); none when no key is known at all.
 */
fingerprint: string | null, 
/**
 * The public key, base64url.
 */
public_key: string | null, 
/**
 * This database holds the secret key: it can issue and print certificates.
 */
has_secret: boolean, 
/**
 * Certificates were issued in this database (an import must match their key).
 */
certificates: boolean, 
/**
 * This database is an offline desk package (it only verifies).
 */
package: boolean, 
/**
 * What needs attention, in Bahasa Indonesia (the key is missing).
 */
warning: string | null, };

export type LetterAddressee = { 
/**
 * The OPD's id, the registration's id, or "" for the one surat tugas.
 */
key: string, name: string, 
/**
 * "Kuota 3 orang", the speaker's sessions, the number of committee members.
 */
detail: string, number: string | null, };

export type LetterField = { name: string, description: string, example: string, };

export type LetterKind = "undangan" | "narasumber" | "tugas";

export type LetterKindArgs = { event_id: string, kind: LetterKind, };

export type LetterPrintArgs = { event_id: string, kind: LetterKind, 
/**
 * `pdf` (one file, a letter per addressee) or `zip` (a DOCX per addressee).
 */
format?: string | null, 
/**
 * Only these addressees (`LetterAddressee::key`); all when left out.
 */
keys?: Array<string> | null, 
/**
 * With each undangan in the ZIP, a participant list to fill in (XLSX with the
 * headers the import reads best).
 */
with_template?: boolean | null, };

export type LetterSettings = { event_id: string, kind: LetterKind, number_pattern: string, org_code: string, place: string, 
/**
 * Set by the organizer; else each letter carries the date it was numbered.
 */
letter_date: string | null, sifat: string, perihal: string, attachment: string, dress_code: string | null, time_zone: string, body: string, body_is_default: boolean, default_body: string, signatory_ord: number, 
/**
 * The event's signatory of that order; none yet means a dotted line to sign on.
 */
signatory: Signatory | null, next_seq: number | null, 
/**
 * The number the next new letter gets.
 */
next_number: string, fields: Array<LetterField>, addressees: Array<LetterAddressee>, issued: Array<IssuedLetter>, };

export type LetterSettingsArgs = { event_id: string, kind: LetterKind, number_pattern?: string | null, org_code?: string | null, place?: string | null, 
/**
 * `YYYY-MM-DD`; empty: the date each letter is numbered.
 */
letter_date?: string | null, sifat?: string | null, perihal?: string | null, 
/**
 * `none`, `quota` (the quota of every OPD) or `names` (the OPD's registered names).
 */
attachment?: string | null, dress_code?: string | null, 
/**
 * `WIB`, `WITA` or `WIT`.
 */
time_zone?: string | null, body?: string | null, signatory_ord?: number | null, 
/**
 * The next number of the agency's register when it is ahead of Bintek's.
 */
next_seq?: number | null, };

export type Logo = { mime: string, data: string, };

export type Material = { id: string, session_id: string, title: string, file_name: string, 
/**
 * `pdf`, `pptx`, … as its bytes were checked to be.
 */
kind: string, 
/**
 * Bytes.
 */
size: number, created_at: string, 
/**
 * Participants who downloaded it at least once.
 */
downloaded_by: number, 
/**
 * Downloads in all (one participant may download again).
 */
downloads: number, };

export type MaterialAddArgs = { session_id: string, 
/**
 * The title participants see; the file name without its extension when empty.
 */
title?: string | null, file_name: string, 
/**
 * The file, base64-encoded.
 */
data: string, };

export type MaterialIdArgs = { material_id: string, };

export type MaterialUpdateArgs = { material_id: string, title: string, };

export type Materials = { materials: Array<Material>, 
/**
 * Standing registrations of the event (what "downloaded by" counts against).
 */
participants: number, 
/**
 * Bytes of all the event's materials, and the most there may be.
 */
total_size: number, max_total_size: number, max_size: number, };

export type Me = { name: string, opd: string | null, role: Role, code: string, event: MeEvent, sessions: Array<MeSession>, certificate: MeCertificate | null, };

export type MeCertificate = { number: string, issued_at: string, };

export type MeEvent = { title: string, start_date: string, end_date: string, venue: string | null, city: string | null, };

export type MeForm = { id: string, kind: FormKind, title: string, session_label: string | null, open: boolean, opens_at: string | null, closes_at: string | null, answered: boolean, 
/**
 * A second submission would replace the first.
 */
can_change: boolean, anonymous: boolean, time_limit_min: number | null, questions: number, };

export type MeFormArgs = { form_id: string, };

export type MeFormDetail = { id: string, kind: FormKind, title: string, session_label: string | null, speakers: Array<string>, anonymous: boolean, scale: number, open: boolean, answered: boolean, can_change: boolean, time_limit_min: number | null, 
/**
 * When a timed test's answers must be in (UTC, RFC 3339); the clock starts at the
 * first `me_form_get`.
 */
deadline: string | null, questions: Array<MeQuestion>, 
/**
 * This person's earlier answers, where they may change them.
 */
answers: Array<AnswerInput>, };

export type MeMaterial = { id: string, title: string, file_name: string, kind: string, size: number, 
/**
 * The session has started: it may be downloaded.
 */
available: boolean, 
/**
 * This participant downloaded it before.
 */
downloaded: boolean, };

export type MeOption = { index: number, text: string, };

export type MeQuestion = { id: string, kind: QuestionKind, aspect: string | null, text: string, options: Array<MeOption>, };

export type MeSession = { id: string, date: string, start_time: string, end_time: string, title: string, room: string | null, speakers: Array<string>, takes_attendance: boolean, attended: boolean, 
/**
 * The narasumber's materials, downloadable once the session has started.
 */
materials: Array<MeMaterial>, };

export type MergeArgs = { file_name: string, 
/**
 * The package file, base64-encoded.
 */
data: string, };

export type MergeReport = { events: Array<string>, opds_added: number, people_added: number, registrations_added: number, checkins_added: number, 
/**
 * Check-ins the host already had (the same record, merged before).
 */
checkins_known: number, 
/**
 * Check-ins undone on the package and now undone on the host too, or revived.
 */
checkins_updated: number, scans_added: number, conflicts: Array<Conflict>, 
/**
 * Events of the package that the host does not have (not merged).
 */
unknown_events: Array<string>, 
/**
 * Check-ins for sessions the host does not have (not merged).
 */
unknown_sessions: number, };

export type MinutesSetArgs = { session_id: string, chair?: string | null, topics?: string | null, qa?: string | null, conclusions?: string | null, };

export type MissingGroup = { opd: string, names: Array<string>, 
/**
 * Their registrations, in the order of `names` (a paper form is entered for one).
 */
ids: Array<string>, };

export type NoArgs = Record<string, never>;

export type Opd = { id: string, name: string, 
/**
 * e.g. "Diskominfo".
 */
short_name: string | null, aliases: Array<string>, 
/**
 * How many people belong to it.
 */
people: number, created_at: string, updated_at: string, };

export type OpdAliasArgs = { id: string, alias: string, };

export type OpdCount = { opd_id: string | null, opd: string | null, present: number, registered: number, };

export type OpdCreateArgs = { name: string, short_name?: string | null, aliases?: Array<string>, };

export type OpdMatch = "one" | "several" | "unknown";

export type OpdMergeArgs = { 
/**
 * The OPD that disappears.
 */
from_id: string, 
/**
 * The OPD that stays and receives its people, aliases and quotas.
 */
into_id: string, };

export type OpdProgress = { opd_id: string | null, opd: string | null, short_name: string | null, quota: number | null, registered: number, 
/**
 * In `EventOverview::focus_session`; 0 without one.
 */
present: number, };

export type OpdSuggestArgs = { 
/**
 * What was typed in an OPD field.
 */
q: string, 
/**
 * At most this many suggestions (default 10, at most 50).
 */
limit?: number | null, };

export type OpdSuggestion = { id: string, name: string, short_name: string | null, 
/**
 * `exact`, `known`, `derived` or `partial`; none for the plain list.
 */
level: string | null, };

export type OpdSuggestions = { status: OpdMatch, opd_id: string | null, suggestions: Array<OpdSuggestion>, };

export type OpdUpdateArgs = { id: string, name: string, short_name?: string | null, };

export type Override = { eligible: boolean, reason: string, actor: string, at: string, };

export type OverrideArgs = { registration_id: string, 
/**
 * `true`/`false` to decide; `null` removes the override.
 */
eligible?: boolean | null, reason: string, };

export type OverviewArgs = { event_id: string, };

export type PaperForm = { id: string, kind: FormKind, title: string, session_label: string | null, scale: number, anonymous: boolean, questions: Array<PaperQuestion>, 
/**
 * Who has not answered yet, by OPD.
 */
missing: Array<MissingGroup>, };

export type PaperQuestion = { id: string, kind: QuestionKind, aspect: string | null, text: string, 
/**
 * A multiple-choice question's options, A first.
 */
options: Array<string>, };

export type Participant = { 
/**
 * The registration id.
 */
id: string, event_id: string, person_id: string, name: string, nip: string | null, nik: string | null, gender: Gender | null, rank: string | null, position: string | null, opd_id: string | null, opd: string | null, opd_short_name: string | null, 
/**
 * An institution outside the OPD list (a speaker from ANRI, a university).
 */
institution: string | null, phone: string | null, email: string | null, role: Role, code: string, status: RegistrationStatus, replaces_id: string | null, replaces_name: string | null, replaced_by_id: string | null, replaced_by_name: string | null, note: string | null, 
/**
 * Why the registration was cancelled (cleared when it is restored).
 */
cancel_reason: string | null, 
/**
 * A committee member's duty.
 */
duty: string | null, created_at: string, updated_at: string, };

export type ParticipantAddArgs = { event_id: string, role?: string | null, note?: string | null, 
/**
 * A committee member's duty (Ketua, Sekretaris, …).
 */
duty?: string | null, 
/**
 * The person confirmed adding the typed OPD, which matches none, as a new OPD.
 */
create_opd?: boolean, name: string, nip?: string | null, nik?: string | null, 
/**
 * `L`/`P` or the words for them.
 */
gender?: string | null, 
/**
 * Pangkat/golongan, e.g. "Penata Muda / III/a".
 */
rank?: string | null, 
/**
 * Jabatan.
 */
position?: string | null, 
/**
 * The OPD by name, short name, alias or a well-known abbreviation (see
 * [`crate::opd_match`]); a name that matches none is refused unless the arguments
 * confirm creating it (`create_opd`).
 */
opd?: string | null, phone?: string | null, email?: string | null, };

export type ParticipantCancelArgs = { id: string, reason?: string | null, 
/**
 * `true` restores a cancelled registration.
 */
restore?: boolean, 
/**
 * Also revoke the registration's standing certificate, in the same transaction.
 */
revoke_certificate?: boolean, };

export type ParticipantListArgs = { event_id: string, q?: string | null, opd_id?: string | null, role?: string | null, status?: string | null, limit?: number | null, 
/**
 * Show NIK in full (otherwise masked, UU 27/2022).
 */
reveal_nik?: boolean, };

export type ParticipantSaved = { participant: Participant, 
/**
 * Notes that did not stop the save, e.g. an OPD over its quota.
 */
warnings: Array<FieldError>, };

export type ParticipantSubstituteArgs = { 
/**
 * The registration whose seat the new person takes.
 */
id: string, note?: string | null, 
/**
 * The person confirmed adding the typed OPD, which matches none, as a new OPD.
 */
create_opd?: boolean, name: string, nip?: string | null, nik?: string | null, 
/**
 * `L`/`P` or the words for them.
 */
gender?: string | null, 
/**
 * Pangkat/golongan, e.g. "Penata Muda / III/a".
 */
rank?: string | null, 
/**
 * Jabatan.
 */
position?: string | null, 
/**
 * The OPD by name, short name, alias or a well-known abbreviation (see
 * [`crate::opd_match`]); a name that matches none is refused unless the arguments
 * confirm creating it (`create_opd`).
 */
opd?: string | null, phone?: string | null, email?: string | null, };

export type ParticipantUpdateArgs = { 
/**
 * The registration id.
 */
id: string, role?: string | null, note?: string | null, duty?: string | null, 
/**
 * The person confirmed adding the typed OPD, which matches none, as a new OPD.
 */
create_opd?: boolean, name: string, nip?: string | null, nik?: string | null, 
/**
 * `L`/`P` or the words for them.
 */
gender?: string | null, 
/**
 * Pangkat/golongan, e.g. "Penata Muda / III/a".
 */
rank?: string | null, 
/**
 * Jabatan.
 */
position?: string | null, 
/**
 * The OPD by name, short name, alias or a well-known abbreviation (see
 * [`crate::opd_match`]); a name that matches none is refused unless the arguments
 * confirm creating it (`create_opd`).
 */
opd?: string | null, phone?: string | null, email?: string | null, };

export type PayLine = { registration_id: string, person_id: string, name: string, 
/**
 * Formatted NIP.
 */
nip: string | null, role: Role, kind: RateKind, 
/**
 * The OPD, or the institution of someone from outside.
 */
unit: string, opd_id: string | null, position: string | null, status: EmploymentStatus, 
/**
 * Whether the status was set, or guessed (an NIP: PNS; none: bukan ASN).
 */
status_set: boolean, golongan: string | null, 
/**
 * The narasumber's level for the rate.
 */
level: string, 
/**
 * The session titles (narasumber, moderator).
 */
materi: Array<string>, trace: Array<TraceItem>, quantity: number, 
/**
 * "jam", "sesi", "kegiatan", "hari".
 */
unit_name: string, rate: number, 
/**
 * "Tabel 2026: narasumber eselon III ke bawah" or "tarif khusus orang ini".
 */
rate_source: string, gross: number, tax: number, 
/**
 * "5%", "2,5%".
 */
tax_rate: string, tax_rule: string, net: number, 
/**
 * Masked (`******7890`) unless revealed.
 */
account_no: string | null, bank: string | null, account_name: string | null, 
/**
 * Masked unless revealed.
 */
npwp: string | null, 
/**
 * Masked unless revealed.
 */
nik: string | null, 
/**
 * Works at the organizing agency.
 */
internal: boolean, 
/**
 * Paid nothing by the organizer's decision (declined, paid elsewhere).
 */
unpaid: boolean, 
/**
 * Why the line cannot be printed (a rate or a golongan missing).
 */
problems: Array<string>, 
/**
 * What deserves a look (a rate above its ceiling, an example rate).
 */
warnings: Array<string>, };

export type Person = { id: string, name: string, nip: string | null, nik: string | null, gender: Gender | null, rank: string | null, position: string | null, opd_id: string | null, opd: string | null, phone: string | null, email: string | null, };

export type PersonScore = { registration_id: string, name: string, opd: string | null, pre: number | null, post: number | null, gain: number | null, n_gain: number | null, };

export type PersonSearchArgs = { q: string, limit?: number | null, };

export type Phase = "before" | "during" | "after";

export type PhotoAddArgs = { event_id: string, caption: string, 
/**
 * `image/jpeg` or `image/png`.
 */
mime: string, 
/**
 * The file, base64.
 */
data: string, };

export type PhotoIdArgs = { id: string, };

export type PhotoUpdateArgs = { id: string, caption?: string | null, 
/**
 * -1 moves the photo one place earlier, 1 one later.
 */
move_by?: number | null, };

export type Portal = { event_id: string, open: boolean, 
/**
 * Standing registrations that have signed in on a phone at least once.
 */
signed_in: number, };

export type PortalSetArgs = { event_id: string, open: boolean, };

export type PppkRule = "bukan_pegawai" | "seperti_pns";

export type PreviewData = { 
/**
 * The event whose data this is; `None`: sample data only (no active event).
 */
event_title: string | null, 
/**
 * The role shown: `participant`, `speaker`, `moderator` or `committee`.
 */
role: Role, common: CertificateCommon, certificate: Certificate, 
/**
 * Whose certificate it is.
 */
person: PreviewSource, 
/**
 * What is sample data, in words for the clerk ("kop instansi", …); empty when all is
 * the event's own.
 */
sample: Array<string>, };

export type PreviewDataArgs = { 
/**
 * The active event; absent or empty: sample data.
 */
event_id?: string | null, 
/**
 * The role to show; absent: the role the event uses `template_id` for (participants
 * first), else participants.
 */
role?: string | null, 
/**
 * The saved template being edited (`bawaan` for the built-in one).
 */
template_id?: string | null, };

export type PreviewSource = "certificate" | "registration" | "sample";

export type PrintArgs = { event_id: string, 
/**
 * `participant` (default), `speaker`, `moderator`, `committee` or `all`.
 */
role?: string | null, 
/**
 * One PDF per person (a ZIP of them) instead of one PDF of all.
 */
per_person?: boolean, };

export type PublicKey = { algorithm: string, 
/**
 * The raw 32-byte Ed25519 key in base64url.
 */
public_key: string, fingerprint: string, encoding: string, token_format: string, };

export type Question = { id: string, kind: QuestionKind, 
/**
 * The aspect a Likert item belongs to ("Persiapan", "Fasilitas" …).
 */
aspect: string | null, text: string, 
/**
 * A multiple-choice question's options.
 */
options: Array<string>, 
/**
 * A test question's right option (its index in `options`).
 */
answer: number | null, };

export type QuestionInput = { kind?: QuestionKind | null, aspect?: string | null, text: string, options?: Array<string> | null, answer?: number | null, };

export type QuestionKind = "choice" | "likert" | "text";

export type QuestionResult = { id: string, 
/**
 * Its number in the form (1, 2 …).
 */
number: number, kind: QuestionKind, aspect: string | null, text: string, 
/**
 * How many answered it.
 */
answered: number, 
/**
 * What each bar counts: the options of a choice, the values 1…scale of a Likert item.
 */
labels: Array<string>, counts: Array<number>, 
/**
 * A Likert item's mean on the scale and its index 0–100.
 */
mean: number | null, index: number | null, 
/**
 * A test question's right option, and the share who chose it (0–100).
 */
right: number | null, right_share: number | null, 
/**
 * The answers to a free question.
 */
texts: Array<string>, };

export type QuotaRow = { opd_id: string, opd: string, short_name: string | null, quota: number | null, registered: number, over: boolean, };

export type QuotaSetArgs = { event_id: string, opd_id: string, 
/**
 * `null` removes the quota.
 */
quota?: number | null, };

export type Rate = { year: number, kind: RateKind, 
/**
 * The narasumber's level (`eselon_2`), "" for the other kinds.
 */
level: string, description: string, 
/**
 * Rupiah per unit.
 */
amount: number, 
/**
 * The regulation's ceiling; a rate above it warns.
 */
cap: number | null, 
/**
 * Shipped as an example and not changed since.
 */
example: boolean, };

export type RateCopyArgs = { year: number, from_year?: number | null, };

export type RateImportArgs = { year: number, file_name: string, 
/**
 * The file's bytes, base64-encoded.
 */
data: string, };

export type RateKind = "narasumber" | "moderator" | "pembawa_acara" | "transport";

export type RateSetArgs = { year: number, kind: RateKind, 
/**
 * The narasumber's level; "" or left out for the other kinds.
 */
level?: string | null, description?: string | null, amount?: number | null, 
/**
 * The ceiling; 0 or left out: none.
 */
cap?: number | null, delete?: boolean, };

export type RateYearArgs = { year: number, };

export type Reason = "start" | "migration" | "periodic" | "manual" | "before-restore";

export type RecapArgs = { event_id: string, 
/**
 * `pdf` (default) or `xlsx`.
 */
format?: string | null, };

export type RecipientSetArgs = { registration_id: string, 
/**
 * `pns`, `pppk`, `tni_polri`, `pejabat_negara`, `pensiunan`, `bukan_asn`; "" clears.
 */
status?: string | null, 
/**
 * "III/c"; a PPPK's "IX".
 */
golongan?: string | null, 
/**
 * `menteri`, `eselon_1`, `eselon_2`, `eselon_3`.
 */
level?: string | null, npwp?: string | null, bank?: string | null, account_no?: string | null, account_name?: string | null, internal?: boolean | null, 
/**
 * A rate agreed for this person; 0 clears it.
 */
rate?: number | null, 
/**
 * Days of transport set by hand; -1 clears it (back to the attendance).
 */
transport_days?: number | null, 
/**
 * Why the days were corrected: required with them.
 */
transport_reason?: string | null, unpaid?: boolean | null, };

export type RegistrationIdArgs = { id: string, reveal_nik?: boolean, };

export type RegistrationStatus = "registered" | "cancelled" | "replaced";

export type ReplaceArgs = { 
/**
 * The revoked certificate's number.
 */
number: string, };

export type ReportInfo = { event_id: string, parts: Array<ReportPart>, 
/**
 * Set by the organizer; else the event's city.
 */
place: string, report_date: string | null, signatory_ord: number, signatory: Signatory | null, 
/**
 * The committee member whose duty is Ketua, who signs the report.
 */
chair: string | null, attach_agenda: boolean, attach_recap: boolean, attach_attendance: boolean, photos: Array<ReportPhoto>, minutes: Array<SessionMinutes>, 
/**
 * When the draft was last saved; none yet.
 */
updated_at: string | null, };

export type ReportPart = { key: string, title: string, text: string, default_text: string, };

export type ReportPhoto = { id: string, caption: string, width: number, height: number, };

export type ReportPrintArgs = { event_id: string, 
/**
 * `pdf` or `docx`.
 */
format?: string | null, };

export type ReportSetArgs = { event_id: string, latar_belakang?: string | null, maksud_tujuan?: string | null, ruang_lingkup?: string | null, hambatan?: string | null, kesimpulan?: string | null, saran?: string | null, penutup?: string | null, place?: string | null, 
/**
 * `YYYY-MM-DD`; empty: the event's last day.
 */
report_date?: string | null, signatory_ord?: number | null, attach_agenda?: boolean | null, attach_recap?: boolean | null, attach_attendance?: boolean | null, };

export type Resubmit = "refuse" | "replace";

export type RevokeArgs = { number: string, reason: string, };

export type Role = "participant" | "speaker" | "moderator" | "committee";

export type RoleCounts = { participants: number, speakers: number, moderators: number, committee: number, 
/**
 * Cancelled registrations (any role).
 */
cancelled: number, 
/**
 * People registered at a desk on the spot.
 */
walkins: number, };

export type RowIssue = { row: number, column: string, value: string, message: string, };

export type SecondCopy = { folder: string, 
/**
 * Full path of the copy, when it was made.
 */
file: string | null, ok: boolean, 
/**
 * Why it failed, in Bahasa Indonesia.
 */
error: string | null, };

export type SequenceScope = "event" | "year";

export type Session = { id: string, event_id: string, 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * `HH:MM`.
 */
start_time: string, end_time: string, title: string, room: string | null, jp: number | null, kind: SessionKind, takes_attendance: boolean, notes: string | null, speakers: Array<StaffRef>, moderators: Array<StaffRef>, created_at: string, updated_at: string, };

export type SessionAddArgs = { event_id: string, title: string, 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * `HH:MM` (a dot is accepted: `08.00`).
 */
start_time: string, end_time: string, room?: string | null, jp?: number | null, 
/**
 * opening, material (default), break, closing.
 */
kind?: string | null, 
/**
 * Default: yes, except for breaks.
 */
takes_attendance?: boolean | null, notes?: string | null, };

export type SessionAssignArgs = { session_id: string, registration_id: string, 
/**
 * `speaker` (default) or `moderator`.
 */
role?: string | null, };

export type SessionIdArgs = { id: string, };

export type SessionKind = "opening" | "material" | "break" | "closing";

export type SessionMinutes = { session_id: string, title: string, date: string, start_time: string, end_time: string, speakers: Array<string>, moderators: Array<string>, chair: string, topics: string, qa: string, conclusions: string, };

export type SessionProgress = { id: string, date: string, start_time: string, end_time: string, title: string, kind: SessionKind, takes_attendance: boolean, 
/**
 * Names of its narasumber.
 */
speakers: Array<string>, 
/**
 * Participants checked in.
 */
present: number, 
/**
 * Participants registered (the same for every session).
 */
registered: number, 
/**
 * `present` of `registered`, rounded; `None` without participants.
 */
percent: number | null, 
/**
 * It has started (local time of this computer).
 */
started: boolean, };

export type SessionRole = "speaker" | "moderator";

export type SessionUpdateArgs = { id: string, title: string, 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * `HH:MM` (a dot is accepted: `08.00`).
 */
start_time: string, end_time: string, room?: string | null, jp?: number | null, 
/**
 * opening, material (default), break, closing.
 */
kind?: string | null, 
/**
 * Default: yes, except for breaks.
 */
takes_attendance?: boolean | null, notes?: string | null, };

export type SettingsArgs = { event_id: string, min_attendance?: number | null, number_pattern?: string | null, org_code?: string | null, sequence_scope?: string | null, issue_place?: string | null, issue_date?: string | null, verify_base_url?: string | null, role_texts?: Partial<Record<Role, string>> | null, role_templates?: Partial<Record<Role, string>> | null, 
/**
 * Print the materi, their JP and the total on a second page.
 */
back_page?: boolean | null, 
/**
 * A participant's certificate also needs every opened evaluation filled in.
 */
require_evaluation?: boolean | null, 
/**
 * … and a post-test score of at least this (1–100; 0 removes the condition).
 */
min_posttest?: number | null, };

export type SheetArgs = { event_id: string, session_id: string, 
/**
 * Mark who checked in and when.
 */
filled?: boolean, 
/**
 * `opd` (default: by OPD, then name) or `name`.
 */
sort?: string | null, 
/**
 * Empty numbered rows for walk-ins (default 10, at most 200).
 */
blank_rows?: number | null, };

export type Signatory = { ord: number, name: string, nip: string | null, rank: string | null, position: string, };

export type SignatoryInput = { name: string, nip: string | null, rank: string | null, position: string, };

export type SignatorySetArgs = { event_id: string, 
/**
 * One or two, in signing order (left, right); empty removes them.
 */
signatories?: Array<SignatoryInput>, };

export type Signer = { 
/**
 * E.g. "Kepala Dinas Komunikasi dan Informatika\nKabupaten Grobogan" (wraps; line
 * breaks are kept).
 */
position: string, 
/**
 * E.g. "Drs. H. Moh. Sumarsono, M.Si." (bold, underlined).
 */
name: string, 
/**
 * Rank and grade (*pangkat/golongan*), e.g. "Pembina Tingkat I (IV/b)"; may be empty.
 */
rank: string, 
/**
 * The NIP; 18 digits are printed grouped as `19650312 199003 1 005`. Empty prints no
 * NIP line.
 */
nip: string, };

export type SpeakerAddArgs = { event_id: string, name: string, position?: string | null, 
/**
 * The speaker's agency. One of the OPDs (by name, short name, alias or a well-known
 * abbreviation) links the person to it; anything else (ANRI, a university, a
 * ministry) is kept as the person's institution and never becomes an OPD.
 */
institution?: string | null, nip?: string | null, phone?: string | null, email?: string | null, rank?: string | null, 
/**
 * Assign to this session right away.
 */
session_id?: string | null, 
/**
 * `speaker` (default) or `moderator`.
 */
as?: string | null, };

export type SpeakerInfo = { sessions: Array<SpeakerSession>, 
/**
 * The registration id.
 */
id: string, event_id: string, person_id: string, name: string, nip: string | null, nik: string | null, gender: Gender | null, rank: string | null, position: string | null, opd_id: string | null, opd: string | null, opd_short_name: string | null, 
/**
 * An institution outside the OPD list (a speaker from ANRI, a university).
 */
institution: string | null, phone: string | null, email: string | null, role: Role, code: string, status: RegistrationStatus, replaces_id: string | null, replaces_name: string | null, replaced_by_id: string | null, replaced_by_name: string | null, note: string | null, 
/**
 * Why the registration was cancelled (cleared when it is restored).
 */
cancel_reason: string | null, 
/**
 * A committee member's duty.
 */
duty: string | null, created_at: string, updated_at: string, };

export type SpeakerResult = { name: string, sessions: number, mean: number, index: number, category: string, };

export type SpeakerSession = { session_id: string, title: string, date: string, start_time: string, end_time: string, role: SessionRole, };

export type StaffRef = { registration_id: string, name: string, };

export type SubmitArgs = { form_id: string, 
/**
 * Chosen by the phone for this submission (8–64 letters, digits, `-`): sent again,
 * the same answer comes back and nothing is stored twice.
 */
submission_id: string, answers: Array<AnswerInput>, };

export type Submitted = { response_id: string, 
/**
 * It replaced an earlier submission of this person.
 */
replaced: boolean, 
/**
 * The same submission had arrived before (a retry): nothing new was stored.
 */
repeated: boolean, 
/**
 * A test's right answers and questions.
 */
correct: number | null, total: number | null, };

export type Template = { 
/**
 * [`TEMPLATE_VERSION`].
 */
version: number, 
/**
 * Shown in the template list, e.g. "Bawaan" or "Desain Diskominfo 2024".
 */
name: string, 
/**
 * A designer's certificate (PNG or JPEG) filling the whole page, under everything.
 */
background: Background | null, 
/**
 * A drawn double border with corner ornaments (the default template's look); usually
 * `None` when there is a background image.
 */
frame: Frame | null, 
/**
 * Drawn in order; later fields print over earlier ones.
 */
fields: Array<CertField>, };

export type TemplateIdArgs = { id: string, };

export type TemplateImportArgs = { file_name: string, data: string, };

export type TemplateInfo = { id: string, name: string, has_background: boolean, builtin: boolean, updated_at: string | null, };

export type TemplatePreviewArgs = { template: Template, 
/**
 * The active event; absent or empty: sample data.
 */
event_id?: string | null, 
/**
 * The role to show; absent: the role the event uses `template_id` for (participants
 * first), else participants.
 */
role?: string | null, 
/**
 * The saved template being edited (`bawaan` for the built-in one).
 */
template_id?: string | null, };

export type TemplateSaveArgs = { 
/**
 * Empty or absent: a new template.
 */
id?: string | null, template: Template, };

export type TestSummary = { people: Array<PersonScore>, 
/**
 * Means over those who took both.
 */
paired: number, mean_pre: number | null, mean_post: number | null, mean_gain: number | null, n_gain: number | null, n_gain_category: string | null, };

export type Totals = { people: number, gross: number, tax: number, net: number, };

export type TraceItem = { 
/**
 * "Keamanan Informasi — Selasa, 8 Desember 2026, 09.00–11.00".
 */
label: string, 
/**
 * "120 menit", "hadir".
 */
value: string, };

export type UndoArgs = { event_id: string, session_id: string, registration_id: string, desk?: string | null, };

export type VAlign = "top" | "middle" | "bottom";

export type Verification = { status: VerificationStatus, number: string | null, name: string | null, role: string | null, event: string | null, event_dates: string | null, code: string | null, revoke_reason: string | null, 
/**
 * For a revoked certificate: the number of the one that replaces it, if any.
 */
replaced_by: string | null, 
/**
 * The name was corrected after this copy was printed (a newer revision exists).
 */
superseded: boolean, 
/**
 * What to tell the person checking, in Bahasa Indonesia.
 */
message: string, };

export type VerificationListArgs = { event_id: string, 
/**
 * `csv` (default) or `json`.
 */
format?: string | null, };

export type VerificationStatus = "valid" | "revoked" | "tampered" | "unknown";

export type VerifyArgs = { 
/**
 * What the scanner read: the QR text (token or URL), or a verification code typed.
 */
text: string, };

export type WalkinArgs = { event_id: string, session_id?: string | null, desk?: string | null, 
/**
 * The clerk confirmed adding the typed OPD, which matches none, as a new OPD.
 */
create_opd?: boolean, name: string, nip?: string | null, nik?: string | null, 
/**
 * `L`/`P` or the words for them.
 */
gender?: string | null, 
/**
 * Pangkat/golongan, e.g. "Penata Muda / III/a".
 */
rank?: string | null, 
/**
 * Jabatan.
 */
position?: string | null, 
/**
 * The OPD by name, short name, alias or a well-known abbreviation (see
 * [`crate::opd_match`]); a name that matches none is refused unless the arguments
 * confirm creating it (`create_opd`).
 */
opd?: string | null, phone?: string | null, email?: string | null, };

/** Every entry: its arguments and its answer. */
export interface Commands {
  /** Versi aplikasi dan lokasi basis data */
  app_info: { args: NoArgs; output: AppInfo };
  /** Buat kegiatan */
  event_create: { args: EventInput; output: Event };
  /** Ubah kegiatan */
  event_update: { args: EventUpdate; output: Event };
  /** Ambil satu kegiatan */
  event_get: { args: EventId; output: Event };
  /** Daftar kegiatan */
  event_list: { args: EventListArgs; output: Array<Event> };
  /** Ringkasan kegiatan: kesiapan, hari pelaksanaan, hasil */
  event_overview: { args: OverviewArgs; output: EventOverview };
  /** Profil instansi penyelenggara */
  agency_profile_get: { args: NoArgs; output: AgencyProfile | null };
  /** Atur profil instansi penyelenggara */
  agency_profile_set: { args: AgencyProfileArgs; output: AgencyProfile };
  /** Kegiatan contoh (demo) yang ada */
  demo_info: { args: NoArgs; output: DemoInfo };
  /** Buka kegiatan contoh (demo) */
  demo_open: { args: NoArgs; output: Event };
  /** Hapus kegiatan contoh (demo) beserta datanya */
  demo_remove: { args: NoArgs; output: DemoRemoved };
  /** Arsipkan atau pulihkan kegiatan */
  event_archive: { args: EventArchiveArgs; output: Event };
  /** Daftar OPD */
  opd_list: { args: NoArgs; output: Array<Opd> };
  /** Cari OPD yang cocok (nama, singkatan, alias) */
  opd_suggest: { args: OpdSuggestArgs; output: OpdSuggestions };
  /** Tambah OPD */
  opd_create: { args: OpdCreateArgs; output: Opd };
  /** Ubah OPD */
  opd_update: { args: OpdUpdateArgs; output: Opd };
  /** Tambah alias OPD */
  opd_add_alias: { args: OpdAliasArgs; output: Opd };
  /** Gabungkan dua OPD */
  opd_merge: { args: OpdMergeArgs; output: Opd };
  /** Atur kuota OPD */
  quota_set: { args: QuotaSetArgs; output: Array<QuotaRow> };
  /** Kuota dan jumlah terdaftar per OPD */
  quota_list: { args: EventIdArgs; output: Array<QuotaRow> };
  /** Daftarkan peserta */
  participant_add: { args: ParticipantAddArgs; output: ParticipantSaved };
  /** Ubah data peserta */
  participant_update: { args: ParticipantUpdateArgs; output: ParticipantSaved };
  /** Ambil satu peserta */
  participant_get: { args: RegistrationIdArgs; output: Participant };
  /** Daftar peserta kegiatan */
  participant_list: { args: ParticipantListArgs; output: Array<Participant> };
  /** Batalkan atau pulihkan pendaftaran */
  participant_cancel: { args: ParticipantCancelArgs; output: Participant };
  /** Ganti peserta */
  participant_substitute: { args: ParticipantSubstituteArgs; output: ParticipantSaved };
  /** Cari orang di semua kegiatan */
  person_search: { args: PersonSearchArgs; output: Array<Person> };
  /** Impor daftar peserta */
  participant_import: { args: ImportArgs; output: ImportReport };
  /** Baris impor yang ditolak */
  participant_import_rejects: { args: ImportArgs; output: FilePayload };
  /** Ekspor peserta */
  participant_export: { args: ExportArgs; output: FilePayload };
  /** Tambah sesi agenda */
  session_add: { args: SessionAddArgs; output: Session };
  /** Ubah sesi agenda */
  session_update: { args: SessionUpdateArgs; output: Session };
  /** Hapus sesi agenda */
  session_delete: { args: SessionIdArgs; output: Session };
  /** Agenda kegiatan */
  session_list: { args: EventArgs; output: Array<Session> };
  /** Tugaskan narasumber/moderator */
  session_assign: { args: SessionAssignArgs; output: Session };
  /** Lepas narasumber/moderator */
  session_unassign: { args: SessionAssignArgs; output: Session };
  /** Tambah narasumber/moderator */
  speaker_add: { args: SpeakerAddArgs; output: SpeakerInfo };
  /** Narasumber dan moderator */
  speaker_list: { args: EventArgs; output: Array<SpeakerInfo> };
  /** Penanda tangan kegiatan */
  signatory_list: { args: EventArgs; output: Array<Signatory> };
  /** Atur penanda tangan */
  signatory_set: { args: SignatorySetArgs; output: Array<Signatory> };
  /** Salin kegiatan ke tanggal baru */
  event_clone: { args: EventCloneArgs; output: Event };
  /** Cetak jadwal acara */
  agenda_pdf: { args: AgendaPdfArgs; output: FilePayload };
  /** Buat cadangan basis data sekarang */
  backup_create: { args: BackupCreateArgs; output: BackupInfo };
  /** Daftar cadangan basis data */
  backup_list: { args: BackupListArgs; output: Array<BackupEntry> };
  /** Folder cadangan kedua dan salinan terakhirnya */
  backup_settings_get: { args: NoArgs; output: BackupSettings };
  /** Atur folder cadangan kedua (flashdisk, drive lain) */
  backup_settings_set: { args: BackupSettingsArgs; output: BackupSettings };
  /** Periksa keutuhan basis data */
  db_check: { args: NoArgs; output: DbCheck };
  /** Catat kehadiran */
  checkin: { args: CheckinArgs; output: CheckinResult };
  /** Batalkan kehadiran */
  checkin_undo: { args: UndoArgs; output: CheckinResult };
  /** Daftar dan hadir di tempat */
  checkin_walkin: { args: WalkinArgs; output: CheckinResult };
  /** Cari peserta di meja registrasi */
  desk_search: { args: DeskSearchArgs; output: Array<DeskHit> };
  /** Daftar kehadiran */
  attendance_list: { args: AttendanceArgs; output: Array<AttendanceRow> };
  /** Jumlah hadir per sesi dan OPD */
  attendance_counts: { args: AttendanceArgs; output: AttendanceCounts };
  /** Riwayat kehadiran satu orang */
  attendance_history: { args: HistoryArgs; output: AttendanceHistory };
  /** Peserta yang belum hadir di sesi */
  attendance_absent: { args: AbsentArgs; output: AbsentList };
  /** Cetak kartu peserta (QR) */
  badges_pdf: { args: BadgesArgs; output: FilePayload };
  /** Cetak daftar hadir sesi */
  attendance_sheet_pdf: { args: SheetArgs; output: FilePayload };
  /** Rekap kehadiran (PDF/XLSX) */
  attendance_recap: { args: RecapArgs; output: FilePayload };
  /** Meja registrasi terpasang */
  desk_list: { args: NoArgs; output: Array<Desk> };
  /** Cabut akses meja registrasi */
  desk_revoke: { args: DeskIdArgs; output: Desk };
  /** Kegiatan untuk meja registrasi */
  desk_events: { args: NoArgs; output: Array<DeskEvent> };
  /** Paket kegiatan untuk meja offline */
  event_package: { args: EventArgs; output: FilePayload };
  /** Gabungkan data meja offline */
  merge_package: { args: MergeArgs; output: MergeReport };
  /** Pengaturan sertifikat kegiatan */
  certificate_settings_get: { args: EventArgs; output: CertSettings };
  /** Ubah pengaturan sertifikat */
  certificate_settings_set: { args: SettingsArgs; output: CertSettings };
  /** Siapa berhak sertifikat dan alasannya */
  certificate_eligibility: { args: EligibilityArgs; output: Array<Eligibility> };
  /** Putuskan kelayakan satu orang */
  certificate_override: { args: OverrideArgs; output: Eligibility };
  /** Beri nomor sertifikat */
  certificate_issue: { args: IssueArgs; output: IssueResult };
  /** Daftar sertifikat */
  certificate_list: { args: EventArgs; output: Array<CertificateRow> };
  /** Cabut sertifikat */
  certificate_revoke: { args: RevokeArgs; output: CertificateRow };
  /** Ganti sertifikat yang dicabut dengan nomor baru */
  certificate_replace: { args: ReplaceArgs; output: CertificateRow };
  /** Periksa keaslian sertifikat */
  certificate_verify: { args: VerifyArgs; output: Verification };
  /** Kunci publik tanda tangan sertifikat */
  certificate_public_key: { args: NoArgs; output: PublicKey };
  /** Sidik jari kunci tanda tangan sertifikat */
  signing_key_info: { args: NoArgs; output: KeyInfo };
  /** Ekspor kunci tanda tangan sertifikat (rahasia) */
  signing_key_export: { args: NoArgs; output: FilePayload };
  /** Impor kunci tanda tangan sertifikat */
  signing_key_import: { args: KeyImportArgs; output: KeyInfo };
  /** Daftar templat sertifikat */
  certificate_template_list: { args: NoArgs; output: Array<TemplateInfo> };
  /** Ambil templat sertifikat */
  certificate_template_get: { args: TemplateIdArgs; output: Template };
  /** Simpan templat sertifikat */
  certificate_template_save: { args: TemplateSaveArgs; output: TemplateInfo };
  /** Hapus templat sertifikat */
  certificate_template_delete: { args: TemplateIdArgs; output: boolean };
  /** Ekspor templat sertifikat */
  certificate_template_export: { args: TemplateIdArgs; output: FilePayload };
  /** Impor templat sertifikat */
  certificate_template_import: { args: TemplateImportArgs; output: TemplateInfo };
  /** Pratinjau templat sertifikat */
  certificate_template_preview: { args: TemplatePreviewArgs; output: FilePayload };
  /** Data pratinjau sertifikat dari kegiatan */
  certificate_preview_data: { args: PreviewDataArgs; output: PreviewData };
  /** Mulai cetak sertifikat */
  certificate_print_start: { args: PrintArgs; output: JobStatus };
  /** Kemajuan cetak sertifikat */
  certificate_job: { args: JobArgs; output: JobStatus };
  /** Batalkan cetak sertifikat */
  certificate_job_cancel: { args: JobArgs; output: JobStatus };
  /** Ambil hasil cetak sertifikat */
  certificate_job_result: { args: JobArgs; output: JobOutput };
  /** Pengaturan dan isi surat kegiatan */
  letter_settings_get: { args: LetterKindArgs; output: LetterSettings };
  /** Ubah pengaturan dan isi surat */
  letter_settings_set: { args: LetterSettingsArgs; output: LetterSettings };
  /** Buat surat (PDF atau DOCX) dengan nomornya */
  letter_print: { args: LetterPrintArgs; output: FilePayload };
  /** Laporan pelaksanaan: isi, foto, notulen */
  report_get: { args: EventArgs; output: ReportInfo };
  /** Simpan isi laporan pelaksanaan */
  report_set: { args: ReportSetArgs; output: ReportInfo };
  /** Tambah foto dokumentasi laporan */
  report_photo_add: { args: PhotoAddArgs; output: ReportPhoto };
  /** Ubah keterangan atau urutan foto laporan */
  report_photo_update: { args: PhotoUpdateArgs; output: ReportPhoto };
  /** Hapus foto laporan */
  report_photo_delete: { args: PhotoIdArgs; output: ReportPhoto };
  /** Ambil foto laporan (JPEG) */
  report_photo_get: { args: PhotoIdArgs; output: FilePayload };
  /** Simpan notulen sesi */
  session_minutes_set: { args: MinutesSetArgs; output: SessionMinutes };
  /** Cetak laporan pelaksanaan (PDF atau DOCX) */
  report_print: { args: ReportPrintArgs; output: FilePayload };
  /** Daftar verifikasi sertifikat untuk diumumkan */
  certificate_verification_list: { args: VerificationListArgs; output: FilePayload };
  /** Keuangan kegiatan: tarif, honorarium, uang transport, PPh 21 dan rinciannya */
  finance_get: { args: FinanceGetArgs; output: FinanceOverview };
  /** Simpan kode anggaran, penandatangan dan aturan PPh kegiatan */
  finance_settings_set: { args: FinanceSettingsArgs; output: FinanceSettings };
  /** Tambah, ubah atau hapus satu tarif standar biaya */
  finance_rate_set: { args: RateSetArgs; output: Array<Rate> };
  /** Isi tabel tarif satu tahun dari tahun lain atau dari contoh */
  finance_rates_copy: { args: RateCopyArgs; output: Array<Rate> };
  /** Ganti tabel tarif satu tahun dari berkas Excel */
  finance_rates_import: { args: RateImportArgs; output: Array<Rate> };
  /** Ekspor tabel tarif satu tahun ke Excel */
  finance_rates_export: { args: RateYearArgs; output: FilePayload };
  /** Simpan data pembayaran penerima (status, golongan, NPWP, rekening, koreksi) */
  finance_recipient_set: { args: RecipientSetArgs; output: FinanceOverview };
  /** Cetak dokumen keuangan (nominatif, kwitansi, transport, rekap PPh) */
  finance_print: { args: FinancePrintArgs; output: FilePayload };
  /** Halaman peserta kegiatan: terbuka atau tertutup, berapa peserta sudah masuk */
  portal_get: { args: EventArgs; output: Portal };
  /** Buka atau tutup halaman peserta kegiatan (masuk dengan kode kartu di ponsel) */
  portal_set: { args: PortalSetArgs; output: Portal };
  /** Halaman peserta sendiri: kegiatan, jadwal dengan kehadirannya, sertifikat */
  me_get: { args: NoArgs; output: Me };
  /** Unduh sertifikat sendiri (PDF), setelah terbit */
  me_certificate: { args: NoArgs; output: FilePayload };
  /** Bahan tayang kegiatan per sesi, dengan berapa peserta sudah mengunduh */
  material_list: { args: EventArgs; output: Materials };
  /** Unggah bahan tayang narasumber untuk satu sesi (PDF, PowerPoint, Word, Excel; paling besar 30 MB) */
  material_add: { args: MaterialAddArgs; output: Material };
  /** Ubah judul bahan tayang */
  material_update: { args: MaterialUpdateArgs; output: Material };
  /** Hapus bahan tayang */
  material_delete: { args: MaterialIdArgs; output: boolean };
  /** Ambil berkas bahan tayang */
  material_get: { args: MaterialIdArgs; output: FilePayload };
  /** Formulir kegiatan: pre-test, post-test, evaluasi penyelenggaraan, evaluasi narasumber, pertanyaan umum */
  form_list: { args: EventArgs; output: Array<Form> };
  /** Satu formulir dengan pertanyaannya */
  form_get: { args: FormIdArgs; output: Form };
  /** Buat formulir dari templat jenisnya */
  form_create: { args: FormCreateArgs; output: Form };
  /** Ubah pengaturan atau pertanyaan formulir */
  form_update: { args: FormUpdateArgs; output: Form };
  /** Buka formulir sekarang, atau tutup sekarang */
  form_open: { args: FormOpenArgs; output: Form };
  /** Jadwalkan waktu buka dan tutup formulir */
  form_schedule: { args: FormScheduleArgs; output: Form };
  /** Hapus formulir yang belum punya jawaban */
  form_delete: { args: FormIdArgs; output: boolean };
  /** Formulir yang terbuka, untuk memasukkan formulir kertas, dengan peserta yang belum mengisi */
  paper_forms: { args: EventArgs; output: Array<PaperForm> };
  /** Masukkan jawaban formulir kertas seorang peserta */
  form_entry: { args: EntryArgs; output: Submitted };
  /** Hasil satu formulir: sebaran, rata-rata, indeks, yang belum mengisi */
  form_results: { args: FormResultsArgs; output: FormResults };
  /** Ringkasan evaluasi kegiatan: indeks tiap formulir dan narasumber, nilai pre/post-test */
  evaluation_summary: { args: EventArgs; output: EvaluationSummary };
  /** Ekspor pertanyaan formulir ke Excel */
  form_bank_export: { args: FormIdArgs; output: FilePayload };
  /** Ganti pertanyaan formulir dari berkas Excel (bank soal) */
  form_bank_import: { args: BankImportArgs; output: Form };
  /** Cetak hasil evaluasi dan tes (PDF dengan grafik, atau Excel dengan semua jawaban) */
  evaluation_print: { args: EvaluationPrintArgs; output: FilePayload };
  /** Formulir peserta sendiri: yang terbuka dan yang sudah diisi */
  me_forms: { args: NoArgs; output: Array<MeForm> };
  /** Buka satu formulir untuk diisi (waktu pre/post-test mulai berjalan) */
  me_form_get: { args: MeFormArgs; output: MeFormDetail };
  /** Kirim jawaban formulir (sekali; kiriman ulang yang sama tidak tercatat dua kali) */
  me_form_submit: { args: SubmitArgs; output: Submitted };
}

export type CommandName = keyof Commands;
export type Args<K extends CommandName> = Commands[K]['args'];
export type Output<K extends CommandName> = Commands[K]['output'];

// The names the screens use for the Api's shapes. Every shape comes from `api.gen.ts`,
// which is generated from the Rust types (see `bintek_core::typescript`): nothing here
// describes the wire by hand.

import type * as Api from './api.gen';

export type {
  AbsentList,
  AgencyProfile,
  CheckItem,
  EventOverview,
  SessionProgress,
  FieldKind,
  AppInfo,
  AttendanceCounts,
  AttendanceHistory,
  CertField,
  CertSettings,
  CertificateRow,
  CheckinResult,
  Eligibility,
  Event,
  DocState,
  FinanceDoc,
  FinanceOverview,
  FinanceSettings,
  PayLine,
  Rate,
  RateKind,
  ImportArgs,
  LetterKind,
  LetterSettings,
  ReportInfo,
  SessionMinutes,
  IssueResult,
  Opd,
  OpdSuggestions,
  Participant,
  ParticipantSaved,
  Person,
  QuotaRow,
  Role,
  Session,
  SessionKind,
  Signatory,
  StaffRef,
} from './api.gen';

export type RegistrationStatus = Api.Participant['status'];
export type ImportResult = Api.ImportReport;
export type ImportIssue = Api.RowIssue;
export type FileData = Api.FilePayload;
export type Speaker = Api.SpeakerInfo;
export type StaffMember = Api.Participant;
export type StaffRole = Api.SessionRole;
export type DeskResult = Api.DeskHit;
export type CheckinMethod = NonNullable<Api.HistoryEntry['method']>;
export type CertJob = Api.JobStatus;
export type CertVerification = Api.Verification;
export type CertPublicKey = Api.PublicKey;
export type CertTemplateInfo = Api.TemplateInfo;
export type CertTemplate = Api.Template;
export type CertPreviewData = Api.PreviewData;
/** The role a certificate screen shows, or every role. */
export type CertRoleChoice = Api.Role | 'all';
export type EventWithJp = Api.Event;
/** The participant form: every text box holds a string (empty for none). */
export type ParticipantInput = {
  [K in Exclude<keyof Api.ParticipantAddArgs, 'event_id' | 'create_opd' | 'duty' | 'role'>]-?: string;
} & { role: Api.Role };
/** The event form: every text box holds a string (empty for none). */
export type EventInput = { [K in Exclude<keyof Api.EventInput, 'total_jp'>]-?: string } & {
  total_jp: number | null;
};
/** The kinds of field a certificate template has, and its fonts. */
export type CertFieldType = Api.FieldKind['type'];
export type CertFontFace = Api.CertField['font'];

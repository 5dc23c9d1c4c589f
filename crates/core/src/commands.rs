//! The command table: every command is a type with its name, the role it needs, its
//! argument and answer types, and the use-case it runs. Every front door (the Tauri
//! command `api`, `POST /api/{name}`, the CLI) goes through [`dispatch`] (JSON in, JSON
//! out) or [`run`] (typed), so the role check cannot be skipped; the TypeScript types of
//! the UI are generated from the same table ([`typescript`]).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::api::{Api, Caller, Role};
use crate::error::{ApiError, ErrorCode};

/// One command of the Api, as a type.
pub trait Command: 'static {
    /// The wire name: `POST /api/{NAME}`, `invoke("api", {name: NAME})`.
    const NAME: &'static str;
    /// The least role that may run it.
    const ROLE: Role;
    /// Whether it reads, writes in the transaction its door opens, or paces its own.
    const KIND: Kind;
    /// One line in Bahasa Indonesia for `bintek commands`.
    const SUMMARY: &'static str;
    /// The arguments: unknown fields are refused, required ones are required.
    /// `Serialize` too: a typed caller's strings get the same check as a request's.
    type Args: DeserializeOwned + Serialize + ts_rs::TS + Send + 'static;
    type Output: Serialize + ts_rs::TS + Send + 'static;
    /// The use-case itself. Front doors call [`run`], never this.
    fn run(api: &Api, caller: &Caller, args: Self::Args) -> Result<Self::Output, ApiError>;
}

/// One entry of the erased table that `dispatch` looks names up in.
pub struct Entry {
    pub name: &'static str,
    pub role: Role,
    pub kind: Kind,
    pub summary: &'static str,
    handler: fn(&Api, &Caller, Value) -> Result<Value, ApiError>,
    pub(crate) typescript: fn(&mut crate::typescript::Builder),
}

const fn entry<C: Command>() -> Entry {
    Entry {
        name: C::NAME,
        role: C::ROLE,
        kind: C::KIND,
        summary: C::SUMMARY,
        handler: erased::<C>,
        typescript: crate::typescript::command::<C>,
    }
}

/// How a command meets the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Only reads: `fn(&Api, &Caller, Args)`, on a reader connection where it can (the
    /// first look at the signing key may store a new one).
    Read,
    /// Writes in the one transaction its door opens: `fn(&Tx, Args)` (see [`crate::tx`]).
    Write,
    /// Work that paces its own transactions or writes outside the database (an import in
    /// chunks, a package merge under a time limit, a backup, a print job, the backup
    /// settings file): `fn(&Api, &Caller, Args)`.
    Own,
}

/// The body of `Command::run` for each kind.
macro_rules! run_kind {
    (write, $f:path, $api:ident, $caller:ident, $args:ident) => {
        $api.write_as($caller, move |tx| $f(tx, $args))
    };
    (read, $f:path, $api:ident, $caller:ident, $args:ident) => {
        $f($api, $caller, $args)
    };
    (own, $f:path, $api:ident, $caller:ident, $args:ident) => {
        $f($api, $caller, $args)
    };
}

macro_rules! kind_of {
    (write) => {
        Kind::Write
    };
    (read) => {
        Kind::Read
    };
    (own) => {
        Kind::Own
    };
}

macro_rules! commands {
    ($($ty:ident = $name:literal, $role:ident, $kind:ident, $args:ty => $out:ty, $f:path, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub struct $ty;
            impl Command for $ty {
                const NAME: &'static str = $name;
                const ROLE: Role = Role::$role;
                const KIND: Kind = kind_of!($kind);
                const SUMMARY: &'static str = $summary;
                type Args = $args;
                type Output = $out;
                fn run(api: &Api, caller: &Caller, args: $args) -> Result<$out, ApiError> {
                    run_kind!($kind, $f, api, caller, args)
                }
            }
        )*
        /// Every command of the app, in the order `bintek commands` lists them.
        pub static COMMANDS: &[Entry] = &[$(entry::<$ty>()),*];
    };
}

commands! {
    AppInfo = "app_info", Desk, read, crate::api::NoArgs => crate::api::AppInfo, Api::app_info,
        "Versi aplikasi dan lokasi basis data";
    EventCreate = "event_create", Admin, write, crate::events::EventInput => crate::model::Event, crate::events::event_create,
        "Buat kegiatan";
    EventUpdate = "event_update", Admin, write, crate::events::EventUpdate => crate::model::Event, crate::events::event_update,
        "Ubah kegiatan";
    EventGet = "event_get", Admin, read, crate::events::EventId => crate::model::Event, Api::event_get,
        "Ambil satu kegiatan";
    EventList = "event_list", Admin, read, crate::events::EventListArgs => Vec<crate::model::Event>, Api::event_list,
        "Daftar kegiatan";
    EventOverview = "event_overview", Admin, read, crate::overview::OverviewArgs => crate::overview::EventOverview, Api::event_overview,
        "Ringkasan kegiatan: kesiapan, hari pelaksanaan, hasil";
    AgencyProfileGet = "agency_profile_get", Admin, read, crate::api::NoArgs => Option<crate::agency::AgencyProfile>, Api::agency_profile_get,
        "Profil instansi penyelenggara";
    AgencyProfileSet = "agency_profile_set", Admin, write, crate::agency::AgencyProfileArgs => crate::agency::AgencyProfile, crate::agency::agency_profile_set,
        "Atur profil instansi penyelenggara";
    DemoInfo = "demo_info", Admin, read, crate::api::NoArgs => crate::demo::DemoInfo, Api::demo_info,
        "Kegiatan contoh (demo) yang ada";
    DemoOpen = "demo_open", Admin, own, crate::api::NoArgs => crate::model::Event, Api::demo_open,
        "Buka kegiatan contoh (demo)";
    DemoRemove = "demo_remove", Admin, write, crate::api::NoArgs => crate::demo::DemoRemoved, crate::demo::demo_remove,
        "Hapus kegiatan contoh (demo) beserta datanya";
    EventArchive = "event_archive", Admin, write, crate::events::EventArchiveArgs => crate::model::Event, crate::events::event_archive,
        "Arsipkan atau pulihkan kegiatan";
    OpdList = "opd_list", Admin, read, crate::api::NoArgs => Vec<crate::model::Opd>, Api::opd_list,
        "Daftar OPD";
    OpdSuggest = "opd_suggest", Desk, read, crate::participants::OpdSuggestArgs => crate::participants::OpdSuggestions, Api::opd_suggest,
        "Cari OPD yang cocok (nama, singkatan, alias)";
    OpdCreate = "opd_create", Admin, write, crate::participants::OpdCreateArgs => crate::model::Opd, crate::participants::opd_create,
        "Tambah OPD";
    OpdUpdate = "opd_update", Admin, write, crate::participants::OpdUpdateArgs => crate::model::Opd, crate::participants::opd_update,
        "Ubah OPD";
    OpdAddAlias = "opd_add_alias", Admin, write, crate::participants::OpdAliasArgs => crate::model::Opd, crate::participants::opd_add_alias,
        "Tambah alias OPD";
    OpdMerge = "opd_merge", Admin, write, crate::participants::OpdMergeArgs => crate::model::Opd, crate::participants::opd_merge,
        "Gabungkan dua OPD";
    QuotaSet = "quota_set", Admin, write, crate::participants::QuotaSetArgs => Vec<crate::model::QuotaRow>, crate::participants::quota_set,
        "Atur kuota OPD";
    QuotaList = "quota_list", Admin, read, crate::participants::EventIdArgs => Vec<crate::model::QuotaRow>, Api::quota_list,
        "Kuota dan jumlah terdaftar per OPD";
    ParticipantAdd = "participant_add", Admin, write, crate::participants::ParticipantAddArgs => crate::participants::ParticipantSaved, crate::participants::participant_add,
        "Daftarkan peserta";
    ParticipantUpdate = "participant_update", Admin, write, crate::participants::ParticipantUpdateArgs => crate::participants::ParticipantSaved, crate::participants::participant_update,
        "Ubah data peserta";
    ParticipantGet = "participant_get", Admin, read, crate::participants::RegistrationIdArgs => crate::model::Participant, Api::participant_get,
        "Ambil satu peserta";
    ParticipantList = "participant_list", Admin, read, crate::participants::ParticipantListArgs => Vec<crate::model::Participant>, Api::participant_list,
        "Daftar peserta kegiatan";
    ParticipantCancel = "participant_cancel", Admin, write, crate::participants::ParticipantCancelArgs => crate::model::Participant, crate::participants::participant_cancel,
        "Batalkan atau pulihkan pendaftaran";
    ParticipantSubstitute = "participant_substitute", Admin, write, crate::participants::ParticipantSubstituteArgs => crate::participants::ParticipantSaved, crate::participants::participant_substitute,
        "Ganti peserta";
    PersonSearch = "person_search", Admin, read, crate::participants::PersonSearchArgs => Vec<crate::model::Person>, Api::person_search,
        "Cari orang di semua kegiatan";
    ParticipantImport = "participant_import", Admin, own, crate::import::ImportArgs => crate::import::ImportReport, Api::participant_import,
        "Impor daftar peserta";
    ParticipantImportRejects = "participant_import_rejects", Admin, read, crate::import::ImportArgs => crate::files::FilePayload, Api::participant_import_rejects,
        "Baris impor yang ditolak";
    ParticipantExport = "participant_export", Admin, read, crate::import::ExportArgs => crate::files::FilePayload, Api::participant_export,
        "Ekspor peserta";
    SessionAdd = "session_add", Admin, write, crate::agenda::SessionAddArgs => crate::model::Session, crate::agenda::session_add,
        "Tambah sesi agenda";
    SessionUpdate = "session_update", Admin, write, crate::agenda::SessionUpdateArgs => crate::model::Session, crate::agenda::session_update,
        "Ubah sesi agenda";
    SessionDelete = "session_delete", Admin, write, crate::agenda::SessionIdArgs => crate::model::Session, crate::agenda::session_delete,
        "Hapus sesi agenda";
    SessionList = "session_list", Desk, read, crate::agenda::EventArgs => Vec<crate::model::Session>, Api::session_list,
        "Agenda kegiatan";
    SessionAssign = "session_assign", Admin, write, crate::agenda::SessionAssignArgs => crate::model::Session, crate::agenda::session_assign,
        "Tugaskan narasumber/moderator";
    SessionUnassign = "session_unassign", Admin, write, crate::agenda::SessionAssignArgs => crate::model::Session, crate::agenda::session_unassign,
        "Lepas narasumber/moderator";
    SpeakerAdd = "speaker_add", Admin, write, crate::agenda::SpeakerAddArgs => crate::model::SpeakerInfo, crate::agenda::speaker_add,
        "Tambah narasumber/moderator";
    SpeakerList = "speaker_list", Admin, read, crate::agenda::EventArgs => Vec<crate::model::SpeakerInfo>, Api::speaker_list,
        "Narasumber dan moderator";
    SignatoryList = "signatory_list", Admin, read, crate::agenda::EventArgs => Vec<crate::model::Signatory>, Api::signatory_list,
        "Penanda tangan kegiatan";
    SignatorySet = "signatory_set", Admin, write, crate::agenda::SignatorySetArgs => Vec<crate::model::Signatory>, crate::agenda::signatory_set,
        "Atur penanda tangan";
    EventClone = "event_clone", Admin, write, crate::agenda::EventCloneArgs => crate::model::Event, crate::agenda::event_clone,
        "Salin kegiatan ke tanggal baru";
    AgendaPdf = "agenda_pdf", Admin, read, crate::agenda::AgendaPdfArgs => crate::files::FilePayload, Api::agenda_pdf,
        "Cetak jadwal acara";
    BackupCreate = "backup_create", Admin, own, crate::backup::BackupCreateArgs => crate::backup::BackupInfo, Api::backup_create,
        "Buat cadangan basis data sekarang";
    BackupList = "backup_list", Admin, read, crate::backup::BackupListArgs => Vec<crate::backup::BackupEntry>, Api::backup_list,
        "Daftar cadangan basis data";
    BackupSettingsGet = "backup_settings_get", Admin, read, crate::api::NoArgs => crate::mirror::BackupSettings, Api::backup_settings_get,
        "Folder cadangan kedua dan salinan terakhirnya";
    BackupSettingsSet = "backup_settings_set", Admin, own, crate::mirror::BackupSettingsArgs => crate::mirror::BackupSettings, Api::backup_settings_set,
        "Atur folder cadangan kedua (flashdisk, drive lain)";
    DbCheck = "db_check", Admin, read, crate::api::NoArgs => crate::backup::DbCheck, Api::db_check,
        "Periksa keutuhan basis data";
    Checkin = "checkin", Desk, write, crate::checkin::CheckinArgs => crate::checkin::CheckinResult, crate::checkin::checkin,
        "Catat kehadiran";
    CheckinUndo = "checkin_undo", Desk, write, crate::checkin::UndoArgs => crate::checkin::CheckinResult, crate::checkin::checkin_undo,
        "Batalkan kehadiran";
    CheckinWalkin = "checkin_walkin", Desk, write, crate::checkin::WalkinArgs => crate::checkin::CheckinResult, crate::checkin::checkin_walkin,
        "Daftar dan hadir di tempat";
    DeskSearch = "desk_search", Desk, read, crate::checkin::DeskSearchArgs => Vec<crate::checkin::DeskHit>, Api::desk_search,
        "Cari peserta di meja registrasi";
    AttendanceList = "attendance_list", Desk, read, crate::checkin::AttendanceArgs => Vec<crate::checkin::AttendanceRow>, Api::attendance_list,
        "Daftar kehadiran";
    AttendanceCounts = "attendance_counts", Desk, read, crate::checkin::AttendanceArgs => crate::checkin::AttendanceCounts, Api::attendance_counts,
        "Jumlah hadir per sesi dan OPD";
    AttendanceHistory = "attendance_history", Desk, read, crate::checkin::HistoryArgs => crate::checkin::AttendanceHistory, Api::attendance_history,
        "Riwayat kehadiran satu orang";
    AttendanceAbsent = "attendance_absent", Desk, read, crate::checkin::AbsentArgs => crate::checkin::AbsentList, Api::attendance_absent,
        "Peserta yang belum hadir di sesi";
    BadgesPdf = "badges_pdf", Admin, own, crate::prints::BadgesArgs => crate::files::FilePayload, Api::badges_pdf,
        "Cetak kartu peserta (QR)";
    AttendanceSheetPdf = "attendance_sheet_pdf", Admin, read, crate::prints::SheetArgs => crate::files::FilePayload, Api::attendance_sheet_pdf,
        "Cetak daftar hadir sesi";
    AttendanceRecap = "attendance_recap", Admin, read, crate::prints::RecapArgs => crate::files::FilePayload, Api::attendance_recap,
        "Rekap kehadiran (PDF/XLSX)";
    DeskList = "desk_list", Admin, read, crate::api::NoArgs => Vec<crate::desks::Desk>, Api::desk_list,
        "Meja registrasi terpasang";
    DeskRevoke = "desk_revoke", Admin, write, crate::desks::DeskIdArgs => crate::desks::Desk, crate::desks::desk_revoke,
        "Cabut akses meja registrasi";
    DeskEvents = "desk_events", Desk, read, crate::api::NoArgs => Vec<crate::desks::DeskEvent>, Api::desk_events,
        "Kegiatan untuk meja registrasi";
    EventPackage = "event_package", Admin, read, crate::agenda::EventArgs => crate::files::FilePayload, Api::event_package,
        "Paket kegiatan untuk meja offline";
    MergePackage = "merge_package", Admin, own, crate::offline::MergeArgs => crate::offline::MergeReport, Api::merge_package,
        "Gabungkan data meja offline";
    CertificateSettingsGet = "certificate_settings_get", Admin, read, crate::agenda::EventArgs => crate::certificates::CertSettings, Api::certificate_settings_get,
        "Pengaturan sertifikat kegiatan";
    CertificateSettingsSet = "certificate_settings_set", Admin, write, crate::certificates::SettingsArgs => crate::certificates::CertSettings, crate::certificates::certificate_settings_set,
        "Ubah pengaturan sertifikat";
    CertificateEligibility = "certificate_eligibility", Admin, read, crate::certificates::EligibilityArgs => Vec<crate::certificates::Eligibility>, Api::certificate_eligibility,
        "Siapa berhak sertifikat dan alasannya";
    CertificateOverride = "certificate_override", Admin, write, crate::certificates::OverrideArgs => crate::certificates::Eligibility, crate::certificates::certificate_override,
        "Putuskan kelayakan satu orang";
    CertificateIssue = "certificate_issue", Admin, write, crate::certificates::IssueArgs => crate::certificates::IssueResult, crate::certificates::certificate_issue,
        "Beri nomor sertifikat";
    CertificateList = "certificate_list", Admin, read, crate::agenda::EventArgs => Vec<crate::certificates::CertificateRow>, Api::certificate_list,
        "Daftar sertifikat";
    CertificateRevoke = "certificate_revoke", Admin, write, crate::certificates::RevokeArgs => crate::certificates::CertificateRow, crate::certificates::certificate_revoke,
        "Cabut sertifikat";
    CertificateReplace = "certificate_replace", Admin, write, crate::certificates::ReplaceArgs => crate::certificates::CertificateRow, crate::certificates::certificate_replace,
        "Ganti sertifikat yang dicabut dengan nomor baru";
    CertificateVerify = "certificate_verify", Admin, read, crate::certificates::VerifyArgs => crate::certificates::Verification, Api::certificate_verify,
        "Periksa keaslian sertifikat";
    CertificatePublicKey = "certificate_public_key", Admin, read, crate::api::NoArgs => crate::certificates::PublicKey, Api::certificate_public_key,
        "Kunci publik tanda tangan sertifikat";
    SigningKeyInfo = "signing_key_info", Admin, read, crate::api::NoArgs => crate::signing::KeyInfo, Api::signing_key_info,
        "Sidik jari kunci tanda tangan sertifikat";
    SigningKeyExport = "signing_key_export", Admin, read, crate::api::NoArgs => crate::files::FilePayload, Api::signing_key_export,
        "Ekspor kunci tanda tangan sertifikat (rahasia)";
    SigningKeyImport = "signing_key_import", Admin, write, crate::signing::KeyImportArgs => crate::signing::KeyInfo, crate::signing::signing_key_import,
        "Impor kunci tanda tangan sertifikat";
    CertificateTemplateList = "certificate_template_list", Admin, read, crate::api::NoArgs => Vec<crate::certificate_print::TemplateInfo>, Api::certificate_template_list,
        "Daftar templat sertifikat";
    CertificateTemplateGet = "certificate_template_get", Admin, read, crate::certificate_print::TemplateIdArgs => bintek_docs::certificate::Template, Api::certificate_template_get,
        "Ambil templat sertifikat";
    CertificateTemplateSave = "certificate_template_save", Admin, write, crate::certificate_print::TemplateSaveArgs => crate::certificate_print::TemplateInfo, crate::certificate_print::certificate_template_save,
        "Simpan templat sertifikat";
    CertificateTemplateDelete = "certificate_template_delete", Admin, write, crate::certificate_print::TemplateIdArgs => bool, crate::certificate_print::certificate_template_delete,
        "Hapus templat sertifikat";
    CertificateTemplateExport = "certificate_template_export", Admin, read, crate::certificate_print::TemplateIdArgs => crate::files::FilePayload, Api::certificate_template_export,
        "Ekspor templat sertifikat";
    CertificateTemplateImport = "certificate_template_import", Admin, write, crate::certificate_print::TemplateImportArgs => crate::certificate_print::TemplateInfo, crate::certificate_print::certificate_template_import,
        "Impor templat sertifikat";
    CertificateTemplatePreview = "certificate_template_preview", Admin, read, crate::certificate_print::TemplatePreviewArgs => crate::files::FilePayload, Api::certificate_template_preview,
        "Pratinjau templat sertifikat";
    CertificatePreviewData = "certificate_preview_data", Admin, read, crate::certificate_print::PreviewDataArgs => crate::certificate_print::PreviewData, Api::certificate_preview_data,
        "Data pratinjau sertifikat dari kegiatan";
    CertificatePrintStart = "certificate_print_start", Admin, own, crate::certificate_print::PrintArgs => crate::certificate_print::JobStatus, Api::certificate_print_start,
        "Mulai cetak sertifikat";
    CertificateJob = "certificate_job", Admin, read, crate::certificate_print::JobArgs => crate::certificate_print::JobStatus, Api::certificate_job,
        "Kemajuan cetak sertifikat";
    CertificateJobCancel = "certificate_job_cancel", Admin, read, crate::certificate_print::JobArgs => crate::certificate_print::JobStatus, Api::certificate_job_cancel,
        "Batalkan cetak sertifikat";
    CertificateJobResult = "certificate_job_result", Admin, read, crate::certificate_print::JobArgs => crate::certificate_print::JobOutput, Api::certificate_job_result,
        "Ambil hasil cetak sertifikat";
    LetterSettingsGet = "letter_settings_get", Admin, read, crate::letters::LetterKindArgs => crate::letters::LetterSettings, Api::letter_settings_get,
        "Pengaturan dan isi surat kegiatan";
    LetterSettingsSet = "letter_settings_set", Admin, write, crate::letters::LetterSettingsArgs => crate::letters::LetterSettings, crate::letters::letter_settings_set,
        "Ubah pengaturan dan isi surat";
    LetterPrint = "letter_print", Admin, own, crate::letters::LetterPrintArgs => crate::files::FilePayload, Api::letter_print,
        "Buat surat (PDF atau DOCX) dengan nomornya";
    ReportGet = "report_get", Admin, read, crate::agenda::EventArgs => crate::report::ReportInfo, Api::report_get,
        "Laporan pelaksanaan: isi, foto, notulen";
    ReportSet = "report_set", Admin, write, crate::report::ReportSetArgs => crate::report::ReportInfo, crate::report::report_set,
        "Simpan isi laporan pelaksanaan";
    ReportPhotoAdd = "report_photo_add", Admin, own, crate::report::PhotoAddArgs => crate::report::ReportPhoto, Api::report_photo_add,
        "Tambah foto dokumentasi laporan";
    ReportPhotoUpdate = "report_photo_update", Admin, write, crate::report::PhotoUpdateArgs => crate::report::ReportPhoto, crate::report::report_photo_update,
        "Ubah keterangan atau urutan foto laporan";
    ReportPhotoDelete = "report_photo_delete", Admin, write, crate::report::PhotoIdArgs => crate::report::ReportPhoto, crate::report::report_photo_delete,
        "Hapus foto laporan";
    ReportPhotoGet = "report_photo_get", Admin, read, crate::report::PhotoIdArgs => crate::files::FilePayload, Api::report_photo_get,
        "Ambil foto laporan (JPEG)";
    SessionMinutesSet = "session_minutes_set", Admin, write, crate::report::MinutesSetArgs => crate::report::SessionMinutes, crate::report::session_minutes_set,
        "Simpan notulen sesi";
    ReportPrint = "report_print", Admin, read, crate::report::ReportPrintArgs => crate::files::FilePayload, Api::report_print,
        "Cetak laporan pelaksanaan (PDF atau DOCX)";
    CertificateVerificationList = "certificate_verification_list", Admin, read, crate::certificates::VerificationListArgs => crate::files::FilePayload, Api::certificate_verification_list,
        "Daftar verifikasi sertifikat untuk diumumkan";
    FinanceGet = "finance_get", Admin, read, crate::finance::FinanceGetArgs => crate::finance::FinanceOverview, Api::finance_get,
        "Keuangan kegiatan: tarif, honorarium, uang transport, PPh 21 dan rinciannya";
    FinanceSettingsSet = "finance_settings_set", Admin, write, crate::finance::FinanceSettingsArgs => crate::finance::FinanceSettings, crate::finance::finance_settings_set,
        "Simpan kode anggaran, penandatangan dan aturan PPh kegiatan";
    FinanceRateSet = "finance_rate_set", Admin, write, crate::finance::RateSetArgs => Vec<crate::finance::Rate>, crate::finance::finance_rate_set,
        "Tambah, ubah atau hapus satu tarif standar biaya";
    FinanceRatesCopy = "finance_rates_copy", Admin, write, crate::finance::RateCopyArgs => Vec<crate::finance::Rate>, crate::finance::finance_rates_copy,
        "Isi tabel tarif satu tahun dari tahun lain atau dari contoh";
    FinanceRatesImport = "finance_rates_import", Admin, own, crate::finance::RateImportArgs => Vec<crate::finance::Rate>, Api::finance_rates_import,
        "Ganti tabel tarif satu tahun dari berkas Excel";
    FinanceRatesExport = "finance_rates_export", Admin, read, crate::finance::RateYearArgs => crate::files::FilePayload, Api::finance_rates_export,
        "Ekspor tabel tarif satu tahun ke Excel";
    FinanceRecipientSet = "finance_recipient_set", Admin, write, crate::finance::RecipientSetArgs => crate::finance::FinanceOverview, crate::finance::finance_recipient_set,
        "Simpan data pembayaran penerima (status, golongan, NPWP, rekening, koreksi)";
    FinancePrint = "finance_print", Admin, own, crate::finance::FinancePrintArgs => crate::files::FilePayload, Api::finance_print,
        "Cetak dokumen keuangan (nominatif, kwitansi, transport, rekap PPh)";
    PortalGet = "portal_get", Admin, read, crate::agenda::EventArgs => crate::portal::Portal, Api::portal_get,
        "Halaman peserta kegiatan: terbuka atau tertutup, berapa peserta sudah masuk";
    PortalSet = "portal_set", Admin, write, crate::portal::PortalSetArgs => crate::portal::Portal, crate::portal::portal_set,
        "Buka atau tutup halaman peserta kegiatan (masuk dengan kode kartu di ponsel)";
    MeGet = "me_get", Participant, read, crate::api::NoArgs => crate::portal::Me, Api::me_get,
        "Halaman peserta sendiri: kegiatan, jadwal dengan kehadirannya, sertifikat";
    MeCertificate = "me_certificate", Participant, read, crate::api::NoArgs => crate::files::FilePayload, Api::me_certificate,
        "Unduh sertifikat sendiri (PDF), setelah terbit";
    MaterialList = "material_list", Admin, read, crate::agenda::EventArgs => crate::materials::Materials, Api::material_list,
        "Bahan tayang kegiatan per sesi, dengan berapa peserta sudah mengunduh";
    MaterialAdd = "material_add", Admin, own, crate::materials::MaterialAddArgs => crate::materials::Material, Api::material_add,
        "Unggah bahan tayang narasumber untuk satu sesi (PDF, PowerPoint, Word, Excel; paling besar 30 MB)";
    MaterialUpdate = "material_update", Admin, write, crate::materials::MaterialUpdateArgs => crate::materials::Material, crate::materials::material_update,
        "Ubah judul bahan tayang";
    MaterialDelete = "material_delete", Admin, write, crate::materials::MaterialIdArgs => bool, crate::materials::material_delete,
        "Hapus bahan tayang";
    MaterialGet = "material_get", Admin, read, crate::materials::MaterialIdArgs => crate::files::FilePayload, Api::material_get,
        "Ambil berkas bahan tayang";
    FormList = "form_list", Admin, read, crate::agenda::EventArgs => Vec<crate::forms::Form>, Api::form_list,
        "Formulir kegiatan: pre-test, post-test, evaluasi penyelenggaraan, evaluasi narasumber, pertanyaan umum";
    FormGet = "form_get", Admin, read, crate::forms::FormIdArgs => crate::forms::Form, Api::form_get,
        "Satu formulir dengan pertanyaannya";
    FormCreate = "form_create", Admin, write, crate::forms::FormCreateArgs => crate::forms::Form, crate::forms::form_create,
        "Buat formulir dari templat jenisnya";
    FormUpdate = "form_update", Admin, write, crate::forms::FormUpdateArgs => crate::forms::Form, crate::forms::form_update,
        "Ubah pengaturan atau pertanyaan formulir";
    FormOpen = "form_open", Admin, write, crate::forms::FormOpenArgs => crate::forms::Form, crate::forms::form_open,
        "Buka formulir sekarang, atau tutup sekarang";
    FormSchedule = "form_schedule", Admin, write, crate::forms::FormScheduleArgs => crate::forms::Form, crate::forms::form_schedule,
        "Jadwalkan waktu buka dan tutup formulir";
    FormDelete = "form_delete", Admin, write, crate::forms::FormIdArgs => bool, crate::forms::form_delete,
        "Hapus formulir yang belum punya jawaban";
    PaperForms = "paper_forms", Desk, read, crate::agenda::EventArgs => Vec<crate::forms::paper::PaperForm>, Api::paper_forms,
        "Formulir yang terbuka, untuk memasukkan formulir kertas, dengan peserta yang belum mengisi";
    FormEntry = "form_entry", Desk, write, crate::forms::EntryArgs => crate::forms::Submitted, crate::forms::form_entry,
        "Masukkan jawaban formulir kertas seorang peserta";
    FormResults = "form_results", Admin, read, crate::forms::results::FormResultsArgs => crate::forms::results::FormResults, Api::form_results,
        "Hasil satu formulir: sebaran, rata-rata, indeks, yang belum mengisi";
    EvaluationSummary = "evaluation_summary", Admin, read, crate::agenda::EventArgs => crate::forms::results::EvaluationSummary, Api::evaluation_summary,
        "Ringkasan evaluasi kegiatan: indeks tiap formulir dan narasumber, nilai pre/post-test";
    FormBankExport = "form_bank_export", Admin, read, crate::forms::FormIdArgs => crate::files::FilePayload, Api::form_bank_export,
        "Ekspor pertanyaan formulir ke Excel";
    FormBankImport = "form_bank_import", Admin, own, crate::forms::bank::BankImportArgs => crate::forms::Form, Api::form_bank_import,
        "Ganti pertanyaan formulir dari berkas Excel (bank soal)";
    EvaluationPrint = "evaluation_print", Admin, read, crate::forms::docs::EvaluationPrintArgs => crate::files::FilePayload, Api::evaluation_print,
        "Cetak hasil evaluasi dan tes (PDF dengan grafik, atau Excel dengan semua jawaban)";
    MeForms = "me_forms", Participant, read, crate::api::NoArgs => Vec<crate::forms::MeForm>, Api::me_forms,
        "Formulir peserta sendiri: yang terbuka dan yang sudah diisi";
    MeFormGet = "me_form_get", Participant, write, crate::forms::MeFormArgs => crate::forms::MeFormDetail, crate::forms::me_form_get,
        "Buka satu formulir untuk diisi (waktu pre/post-test mulai berjalan)";
    MeFormSubmit = "me_form_submit", Participant, write, crate::forms::SubmitArgs => crate::forms::Submitted, crate::forms::me_form_submit,
        "Kirim jawaban formulir (sekali; kiriman ulang yang sama tidak tercatat dua kali)";
}

pub fn find_command(name: &str) -> Option<&'static Entry> {
    COMMANDS.iter().find(|c| c.name == name)
}

fn forbidden(name: &str, needed: Role) -> ApiError {
    let message = match needed {
        Role::Participant => format!(
            "Perintah \"{name}\" hanya untuk peserta yang masuk dengan kode kartunya di halaman peserta."
        ),
        Role::Desk => format!(
            "Perintah \"{name}\" hanya untuk panitia dan meja registrasi, tidak untuk peserta."
        ),
        Role::Admin => format!(
            "Perintah \"{name}\" hanya untuk panitia (admin), tidak untuk meja registrasi atau peserta."
        ),
    };
    ApiError::new(ErrorCode::Forbidden, message)
}

/// A write SQLite itself refused on the read-only connection (one that does not go
/// through `Api::write`): the same answer as every other write.
fn read_only_answer(api: &Api, e: ApiError) -> ApiError {
    if e.code == ErrorCode::ReadOnly && api.is_read_only() {
        api.read_only_error()
    } else {
        e
    }
}

/// Runs command `C` with typed arguments for `caller`, checking the caller's role and
/// giving the arguments' strings the check every request gets (`validate::check_args`:
/// no control characters, nothing huge, the field named): the door for Rust callers
/// (the CLI, the desktop's own commands), which may also set argument fields no request
/// can carry (a folder on this computer; `serde(skip)`, so not checked as text).
pub fn run<C: Command>(api: &Api, caller: &Caller, args: C::Args) -> Result<C::Output, ApiError> {
    if !caller.role.may_run(C::ROLE) {
        return Err(forbidden(C::NAME, C::ROLE));
    }
    let text = serde_json::to_value(&args)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    crate::validate::check_args(&text)?;
    run_checked::<C>(api, caller, args)
}

/// `run` for arguments already checked (decoded by `wire::decode`).
fn run_checked<C: Command>(
    api: &Api,
    caller: &Caller,
    args: C::Args,
) -> Result<C::Output, ApiError> {
    if !caller.role.may_run(C::ROLE) {
        return Err(forbidden(C::NAME, C::ROLE));
    }
    C::run(api, caller, args).map_err(|e| read_only_answer(api, e))
}

fn erased<C: Command>(api: &Api, caller: &Caller, args: Value) -> Result<Value, ApiError> {
    let args = crate::wire::decode::<C::Args>(args)?;
    let out = run_checked::<C>(api, caller, args)?;
    serde_json::to_value(out).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

/// Runs command `name` with JSON `args` for `caller`, checking the caller's role before
/// the arguments are read.
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
    if !caller.role.may_run(cmd.role) {
        return Err(forbidden(name, cmd.role));
    }
    (cmd.handler)(api, caller, args)
}

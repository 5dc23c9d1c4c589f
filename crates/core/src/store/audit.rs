//! Queries of the `audit_log` table: who changed what, kept for the organizer and auditors.

use rusqlite::{params, Connection};

use super::{new_id, now};

/// Every kind of change the audit log records. The words stored for each (`action`,
/// `entity`) are fixed here, so a use-case cannot write a verb of its own and old lines
/// read like new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audit {
    /// An event was made.
    EventCreate,
    EventUpdate,
    EventArchive,
    /// An archived event was brought back.
    EventRestore,
    /// An event was copied to a new date (the new one).
    EventClone,
    /// The signatories of an event were set.
    Signatories,
    /// A participant list was imported (the counts in `detail`).
    Import,
    /// An offline desk's package was merged.
    MergePackage,
    CertificateSettings,
    SessionCreate,
    SessionUpdate,
    SessionDelete,
    /// A speaker or moderator was put on a session.
    SessionAssign,
    SessionUnassign,
    /// A person was registered in an event (any role).
    Register,
    RegistrationUpdate,
    RegistrationCancel,
    /// A cancelled registration was restored.
    RegistrationRestore,
    /// Another person took the seat.
    RegistrationSubstitute,
    /// The organizer decided a person's certificate eligibility by hand.
    CertificateOverride,
    OpdCreate,
    OpdUpdate,
    OpdAlias,
    /// Two OPDs became one (the one kept).
    OpdMerge,
    /// The quota of an OPD in an event was set.
    OpdQuota,
    CertificateRevoke,
    /// A certificate was issued again after a name correction.
    CertificateReissue,
    /// A revoked certificate got a successor with a new number.
    CertificateReplace,
    TemplateSave,
    TemplateDelete,
    /// A registration desk paired with the PIN.
    DeskPair,
    DeskRevoke,
    SigningKeyImport,
    /// Two check-ins of one person and session met in a merge; the host's was kept.
    MergeConflict,
    /// The agency profile was set.
    AgencyProfile,
    /// The demo event was removed with everything of it (its title in `detail`).
    DemoRemove,
    /// The settings or text of one kind of letter of an event (the kind in `detail`).
    LetterSettings,
    /// Letters were numbered (the kind and the numbers in `detail`).
    LetterIssue,
    /// The report's narrative or settings were saved.
    Report,
    /// A report photo was added, changed or deleted (which, in `detail`).
    ReportPhoto,
    /// The minutes of a session were saved.
    SessionMinutes,
    /// An event's budget coding, signatories or tax rules were saved.
    FinanceSettings,
    /// The participants' page of an event was opened or closed (`open`/`closed` in
    /// `detail`).
    Portal,
    /// A participant signed in on a phone with the code of their badge.
    ParticipantLogin,
    /// A form was made, changed, opened, closed, scheduled or deleted (which in `detail`).
    Form,
    /// A paper form was entered for a participant (the form's title in `detail`).
    FormEntry,
    /// A material (bahan tayang) was added, renamed or deleted (which, in `detail`).
    Material,
    /// The rate table changed (the year and the rate in `detail`).
    FinanceRate,
    /// A recipient's payment details changed (a transport correction in `detail`).
    FinanceRecipient,
    /// A payment document was printed (which, in `detail`).
    FinancePrint,
}

impl Audit {
    /// The `action` and `entity` columns of the line.
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            Audit::EventCreate => ("create", "event"),
            Audit::EventUpdate => ("update", "event"),
            Audit::EventArchive => ("archive", "event"),
            Audit::EventRestore => ("restore", "event"),
            Audit::EventClone => ("clone", "event"),
            Audit::Signatories => ("signatories", "event"),
            Audit::Import => ("import", "event"),
            Audit::MergePackage => ("merge_package", "event"),
            Audit::CertificateSettings => ("certificate_settings", "event"),
            Audit::SessionCreate => ("create", "session"),
            Audit::SessionUpdate => ("update", "session"),
            Audit::SessionDelete => ("delete", "session"),
            Audit::SessionAssign => ("assign", "session"),
            Audit::SessionUnassign => ("unassign", "session"),
            Audit::Register => ("register", "registration"),
            Audit::RegistrationUpdate => ("update", "registration"),
            Audit::RegistrationCancel => ("cancel", "registration"),
            Audit::RegistrationRestore => ("restore", "registration"),
            Audit::RegistrationSubstitute => ("substitute", "registration"),
            Audit::CertificateOverride => ("certificate_override", "registration"),
            Audit::OpdCreate => ("create", "opd"),
            Audit::OpdUpdate => ("update", "opd"),
            Audit::OpdAlias => ("alias", "opd"),
            Audit::OpdMerge => ("merge", "opd"),
            Audit::OpdQuota => ("quota", "opd"),
            Audit::CertificateRevoke => ("certificate_revoke", "certificate"),
            Audit::CertificateReissue => ("certificate_reissue", "certificate"),
            Audit::CertificateReplace => ("certificate_replace", "certificate"),
            Audit::TemplateSave => ("certificate_template_save", "certificate_template"),
            Audit::TemplateDelete => ("certificate_template_delete", "certificate_template"),
            Audit::DeskPair => ("desk_pair", "desk"),
            Audit::DeskRevoke => ("desk_revoke", "desk"),
            Audit::SigningKeyImport => ("signing_key_import", "signing_key"),
            Audit::MergeConflict => ("merge_conflict", "attendance"),
            Audit::AgencyProfile => ("update", "agency_profile"),
            Audit::DemoRemove => ("remove_demo", "event"),
            Audit::LetterSettings => ("letter_settings", "event"),
            Audit::LetterIssue => ("letter_issue", "event"),
            Audit::Report => ("report", "event"),
            Audit::ReportPhoto => ("report_photo", "report_photo"),
            Audit::SessionMinutes => ("minutes", "session"),
            Audit::FinanceSettings => ("finance_settings", "event"),
            Audit::Portal => ("portal", "event"),
            Audit::ParticipantLogin => ("participant_login", "registration"),
            Audit::Form => ("form", "form"),
            Audit::FormEntry => ("form_entry", "registration"),
            Audit::Material => ("material", "material"),
            Audit::FinanceRate => ("finance_rate", "finance_rate"),
            Audit::FinanceRecipient => ("finance_recipient", "registration"),
            Audit::FinancePrint => ("finance_print", "event"),
        }
    }
}

pub fn insert_audit(
    conn: &Connection,
    actor: &str,
    what: Audit,
    entity_id: Option<&str>,
    detail: Option<&str>,
) -> rusqlite::Result<()> {
    let (action, entity) = what.words();
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        new_id(),
        now(),
        actor,
        action,
        entity,
        entity_id,
        detail
    ])?;
    Ok(())
}

/// How many audit entries an entity has (used by tests and the future audit screen).
pub fn count_audit(conn: &Connection, entity: &str, entity_id: &str) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM audit_log WHERE entity = ?1 AND entity_id = ?2",
        [entity, entity_id],
        |r| r.get(0),
    )
}

//! The CLI's door into the command table: typed arguments in, typed answers out, through
//! `bintek_core::run` (the role check) after the check `dispatch` makes on every request.

use bintek_core::{validate, Api, ApiError, Caller, Command};
use serde_json::{json, Value};

/// Runs command `C` for the organizer at this computer (`cli`).
///
/// A command-line argument is outside input like a request's: its strings get the check
/// `dispatch` gives every request (`validate::check_args`: no control character, nothing
/// over `MAX_ARG_TEXT`, the field named), which the typed door leaves to the doors.
pub fn run<C: Command>(api: &Api, args: C::Args) -> Result<C::Output, ApiError>
where
    C::Args: UserText,
{
    validate::check_args(&args.texts())?;
    bintek_core::run::<C>(api, &Caller::admin("cli"), args)
}

/// The strings of a command's arguments as a request would carry them (wire names, file
/// contents aside), for `validate::check_args`. Each impl takes its struct apart field by
/// field, so a new field does not compile until it is listed here.
pub trait UserText {
    fn texts(&self) -> Value;
}

use bintek_core::{
    agenda, backup, certificate_print, certificates, checkin, events, import, offline,
    participants, prints,
};

impl UserText for bintek_core::api::NoArgs {
    fn texts(&self) -> Value {
        json!({})
    }
}

impl UserText for events::EventInput {
    fn texts(&self) -> Value {
        let events::EventInput {
            title,
            theme,
            organizer,
            venue,
            city,
            start_date,
            end_date,
            legal_basis,
            total_jp: _,
            notes,
        } = self;
        json!({
            "title": title, "theme": theme, "organizer": organizer, "venue": venue,
            "city": city, "start_date": start_date, "end_date": end_date,
            "legal_basis": legal_basis, "notes": notes,
        })
    }
}

impl UserText for events::EventListArgs {
    fn texts(&self) -> Value {
        let events::EventListArgs {
            include_archived: _,
        } = self;
        json!({})
    }
}

impl UserText for events::EventId {
    fn texts(&self) -> Value {
        let events::EventId { id } = self;
        json!({ "id": id })
    }
}

impl UserText for events::EventArchiveArgs {
    fn texts(&self) -> Value {
        let events::EventArchiveArgs { id, archived: _ } = self;
        json!({ "id": id })
    }
}

impl UserText for agenda::EventCloneArgs {
    fn texts(&self) -> Value {
        let agenda::EventCloneArgs {
            id,
            start_date,
            title,
        } = self;
        json!({ "id": id, "start_date": start_date, "title": title })
    }
}

impl UserText for agenda::EventArgs {
    fn texts(&self) -> Value {
        let agenda::EventArgs { event_id } = self;
        json!({ "event_id": event_id })
    }
}

impl UserText for agenda::SessionAddArgs {
    fn texts(&self) -> Value {
        let agenda::SessionAddArgs { event_id, session } = self;
        let agenda::SessionInput {
            title,
            date,
            start_time,
            end_time,
            room,
            jp: _,
            kind,
            takes_attendance: _,
            notes,
        } = session;
        json!({
            "event_id": event_id, "title": title, "date": date, "start_time": start_time,
            "end_time": end_time, "room": room, "kind": kind, "notes": notes,
        })
    }
}

impl UserText for agenda::SpeakerAddArgs {
    fn texts(&self) -> Value {
        let agenda::SpeakerAddArgs {
            event_id,
            name,
            position,
            institution,
            nip,
            phone,
            email,
            rank,
            session_id,
            as_role,
        } = self;
        json!({
            "event_id": event_id, "name": name, "position": position,
            "institution": institution, "nip": nip, "phone": phone, "email": email,
            "rank": rank, "session_id": session_id, "as": as_role,
        })
    }
}

impl UserText for participants::ParticipantAddArgs {
    fn texts(&self) -> Value {
        let participants::ParticipantAddArgs {
            event_id,
            person,
            role,
            note,
            duty,
            create_opd: _,
        } = self;
        let participants::PersonInput {
            name,
            nip,
            nik,
            gender,
            rank,
            position,
            opd,
            phone,
            email,
        } = person;
        json!({
            "event_id": event_id, "name": name, "nip": nip, "nik": nik, "gender": gender,
            "rank": rank, "position": position, "opd": opd, "phone": phone, "email": email,
            "role": role, "note": note, "duty": duty,
        })
    }
}

impl UserText for participants::ParticipantListArgs {
    fn texts(&self) -> Value {
        let participants::ParticipantListArgs {
            event_id,
            q,
            opd_id,
            role,
            status,
            limit: _,
            reveal_nik: _,
        } = self;
        json!({
            "event_id": event_id, "q": q, "opd_id": opd_id, "role": role, "status": status,
        })
    }
}

impl UserText for import::ImportArgs {
    fn texts(&self) -> Value {
        let import::ImportArgs {
            event_id,
            file_name,
            data: _,
            dry_run: _,
            sheet: _,
            header_row: _,
            mapping,
        } = self;
        json!({ "event_id": event_id, "file_name": file_name, "mapping": mapping })
    }
}

impl UserText for import::ExportArgs {
    fn texts(&self) -> Value {
        let import::ExportArgs {
            event_id,
            format,
            reveal_nik: _,
        } = self;
        json!({ "event_id": event_id, "format": format })
    }
}

impl UserText for checkin::CheckinArgs {
    fn texts(&self) -> Value {
        let checkin::CheckinArgs {
            event_id,
            session_id,
            code,
            desk,
            nonce,
            method,
        } = self;
        json!({
            "event_id": event_id, "session_id": session_id, "code": code, "desk": desk,
            "nonce": nonce, "method": method,
        })
    }
}

impl UserText for checkin::AttendanceArgs {
    fn texts(&self) -> Value {
        let checkin::AttendanceArgs {
            event_id,
            session_id,
        } = self;
        json!({ "event_id": event_id, "session_id": session_id })
    }
}

impl UserText for prints::BadgesArgs {
    fn texts(&self) -> Value {
        let prints::BadgesArgs {
            event_id,
            layout: _,
            role,
            opd_id,
            registration_ids,
        } = self;
        json!({
            "event_id": event_id, "role": role, "opd_id": opd_id,
            "registration_ids": registration_ids,
        })
    }
}

impl UserText for prints::SheetArgs {
    fn texts(&self) -> Value {
        let prints::SheetArgs {
            event_id,
            session_id,
            filled: _,
            sort,
            blank_rows: _,
        } = self;
        json!({ "event_id": event_id, "session_id": session_id, "sort": sort })
    }
}

impl UserText for prints::RecapArgs {
    fn texts(&self) -> Value {
        let prints::RecapArgs { event_id, format } = self;
        json!({ "event_id": event_id, "format": format })
    }
}

impl UserText for backup::BackupListArgs {
    fn texts(&self) -> Value {
        let backup::BackupListArgs { verify: _ } = self;
        json!({})
    }
}

/// `to_file` is a path on this computer, which no request can carry.
impl UserText for backup::BackupCreateArgs {
    fn texts(&self) -> Value {
        let backup::BackupCreateArgs { to_file: _ } = self;
        json!({})
    }
}

impl UserText for offline::MergeArgs {
    fn texts(&self) -> Value {
        let offline::MergeArgs { file_name, data: _ } = self;
        json!({ "file_name": file_name })
    }
}

impl UserText for certificates::IssueArgs {
    fn texts(&self) -> Value {
        let certificates::IssueArgs { event_id, role } = self;
        json!({ "event_id": event_id, "role": role })
    }
}

impl UserText for certificates::VerifyArgs {
    fn texts(&self) -> Value {
        let certificates::VerifyArgs { text } = self;
        json!({ "text": text })
    }
}

impl UserText for certificates::RevokeArgs {
    fn texts(&self) -> Value {
        let certificates::RevokeArgs { number, reason } = self;
        json!({ "number": number, "reason": reason })
    }
}

impl UserText for certificates::ReplaceArgs {
    fn texts(&self) -> Value {
        let certificates::ReplaceArgs { number } = self;
        json!({ "number": number })
    }
}

/// `folder_in` and `into_folder` are folders on this computer, which no request can carry.
impl UserText for certificate_print::PrintArgs {
    fn texts(&self) -> Value {
        let certificate_print::PrintArgs {
            event_id,
            role,
            per_person: _,
            folder_in: _,
            into_folder: _,
        } = self;
        json!({ "event_id": event_id, "role": role })
    }
}

impl UserText for certificate_print::JobArgs {
    fn texts(&self) -> Value {
        let certificate_print::JobArgs { job_id } = self;
        json!({ "job_id": job_id })
    }
}

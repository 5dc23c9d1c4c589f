//! The agenda: sessions, speakers, moderators, committee, signatories and cloning.

mod common;
use common::*;

use bintek_core::error::ErrorCode;
use bintek_core::{Api, ApiError};
use serde_json::{json, Value};

fn setup() -> (tempfile::TempDir, Api, String) {
    with_event("Bintek Medsos", "2019-09-17", Some("2019-09-18"))
}

fn session(api: &Api, event: &str, args: Value) -> Result<Value, ApiError> {
    let mut a = args;
    a["event_id"] = json!(event);
    try_call(api, "session_add", a)
}

#[test]
fn sessions_are_listed_by_day_and_time_with_clean_times() {
    let (_d, api, event) = setup();
    session(&api, &event, json!({"title": "Praktik Konten", "date": "2019-09-18", "start_time": "08.00", "end_time": "10:15", "jp": 3})).expect("s1");
    let opening = session(
        &api,
        &event,
        json!({"title": "Pembukaan", "date": "2019-09-17", "start_time": "8:00", "end_time": "8:45", "kind": "pembukaan", "room": "Ruang Utama"}),
    )
    .expect("s2");
    assert_eq!(opening["start_time"], "08:00");
    assert_eq!(opening["kind"], "opening");
    assert_eq!(opening["takes_attendance"], true);
    let rest = session(
        &api,
        &event,
        json!({"title": "Istirahat", "date": "2019-09-17", "start_time": "12:00", "end_time": "13:00", "kind": "break"}),
    )
    .expect("s3");
    assert_eq!(
        rest["takes_attendance"], false,
        "breaks take no attendance by default"
    );
    let list = call(&api, "session_list", json!({"event_id": event}));
    let titles: Vec<&str> = list
        .as_array()
        .expect("a")
        .iter()
        .filter_map(|s| s["title"].as_str())
        .collect();
    assert_eq!(titles, ["Pembukaan", "Istirahat", "Praktik Konten"]);
    // The event's JP comes from its material sessions.
    let e = call(&api, "event_get", json!({"id": event}));
    assert_eq!(e["sessions_jp"], 3);
}

#[test]
fn session_validation_speaks_indonesian() {
    let (_d, api, event) = setup();
    let err = session(
        &api,
        &event,
        json!({"title": "", "date": "2019-09-20", "start_time": "10:00", "end_time": "09:00"}),
    )
    .expect_err("invalid");
    assert_eq!(err.code, ErrorCode::Validation);
    let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["title", "date", "end_time"]);
    assert!(
        err.errors[1].message.contains("rentang kegiatan"),
        "{}",
        err.errors[1].message
    );
    assert!(err.errors[1].message.contains("17–18 September 2019"));
    let err = session(
        &api,
        &event,
        json!({"title": "X", "date": "2019-09-17", "start_time": "25:00", "end_time": "26:00"}),
    )
    .expect_err("bad time");
    assert!(err.message.contains("JJ:MM"), "{}", err.message);
    let err = session(&api, &event, json!({"title": "X", "date": "2019-09-17", "start_time": "08:00", "end_time": "09:00", "kind": "makan"}))
        .expect_err("bad kind");
    assert_eq!(err.field.as_deref(), Some("kind"));
    assert_eq!(
        call(&api, "session_list", json!({"event_id": event})),
        json!([])
    );
}

#[test]
fn overlapping_sessions_in_one_room_are_refused() {
    let (_d, api, event) = setup();
    let a = session(&api, &event, json!({"title": "Materi A", "date": "2019-09-17", "start_time": "08:00", "end_time": "10:00", "room": "Ruang Utama"}))
        .expect("a");
    let err = session(&api, &event, json!({"title": "Materi B", "date": "2019-09-17", "start_time": "09:30", "end_time": "11:00", "room": " ruang  utama "}))
        .expect_err("overlap");
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(err.field.as_deref(), Some("start_time"));
    assert!(err.message.contains("Materi A"), "{}", err.message);
    // Back to back is fine, another room is fine, another day is fine.
    session(&api, &event, json!({"title": "Materi B", "date": "2019-09-17", "start_time": "10:00", "end_time": "11:00", "room": "Ruang Utama"})).expect("after");
    session(&api, &event, json!({"title": "Materi C", "date": "2019-09-17", "start_time": "09:00", "end_time": "10:00", "room": "Ruang Rapat"})).expect("other room");
    // Moving a session onto another one is refused too; moving it in place is fine.
    let mut upd = json!({"id": a["id"], "title": "Materi A", "date": "2019-09-17", "start_time": "08:00", "end_time": "10:30", "room": "Ruang Utama"});
    assert_eq!(
        call_err(&api, "session_update", upd.clone()).code,
        ErrorCode::Conflict
    );
    upd["end_time"] = json!("09:45");
    try_call(&api, "session_update", upd).expect("in place");
}

#[test]
fn speakers_and_moderators_are_registered_and_assigned() {
    let (_d, api, event) = setup();
    let s = session(&api, &event, json!({"title": "Media Sosial sebagai Aset Digital", "date": "2019-09-17", "start_time": "08:45", "end_time": "10:15", "jp": 2}))
        .expect("s");
    let sid = s["id"].as_str().expect("id");
    let enrico = call(
        &api,
        "speaker_add",
        json!({"event_id": event, "name": "Enrico Adrian Ramandha", "position": "Kepala Seksi Hubungan Media",
               "institution": "Diskominfo Provinsi Jawa Tengah", "session_id": sid}),
    );
    assert_eq!(enrico["role"], "speaker");
    assert_eq!(
        enrico["opd"],
        Value::Null,
        "another region's office is no OPD here"
    );
    assert_eq!(enrico["institution"], "Diskominfo Provinsi Jawa Tengah");
    assert_eq!(
        enrico["sessions"][0]["title"],
        "Media Sosial sebagai Aset Digital"
    );
    let rina = call(
        &api,
        "speaker_add",
        json!({"event_id": event, "name": "Rina Kusumawati, S.I.Kom.", "as": "moderator"}),
    );
    let s = call(
        &api,
        "session_assign",
        json!({"session_id": sid, "registration_id": rina["id"], "role": "moderator"}),
    );
    assert_eq!(s["speakers"][0]["name"], "Enrico Adrian Ramandha");
    assert_eq!(s["moderators"][0]["name"], "Rina Kusumawati, S.I.Kom.");
    let speakers = call(&api, "speaker_list", json!({"event_id": event}));
    assert_eq!(speakers.as_array().map(Vec::len), Some(2));
    let s = call(
        &api,
        "session_unassign",
        json!({"session_id": sid, "registration_id": rina["id"], "role": "moderator"}),
    );
    assert_eq!(s["moderators"], json!([]));
    // A participant cannot silently become a speaker.
    call(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "Agus Setiawan"}),
    );
    let err = call_err(
        &api,
        "speaker_add",
        json!({"event_id": event, "name": "Agus Setiawan"}),
    );
    assert_eq!(err.code, ErrorCode::Conflict);
    // Deleting a session drops its assignments, not the speaker.
    call(&api, "session_delete", json!({"id": sid}));
    let speakers = call(&api, "speaker_list", json!({"event_id": event}));
    assert_eq!(speakers[0]["sessions"], json!([]));
}

#[test]
fn committee_members_have_a_duty() {
    let (_d, api, event) = setup();
    let c = call(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "Dwi Handayani", "role": "panitia", "duty": "Sekretaris"}),
    );
    assert_eq!(c["participant"]["role"], "committee");
    assert_eq!(c["participant"]["duty"], "Sekretaris");
}

#[test]
fn signatories_are_one_or_two_with_valid_nips() {
    let (_d, api, event) = setup();
    let list = call(
        &api,
        "signatory_set",
        json!({"event_id": event, "signatories": [
            {"name": "Drs. Moh. Sumarsono, M.Si.", "nip": "19650312 199003 1 005", "position": "Sekretaris Daerah Kabupaten Grobogan"},
            {"name": "Wiku Handoyo, S.Sos., M.Si.", "position": "Kepala Dinas Komunikasi dan Informatika"}
        ]}),
    );
    assert_eq!(list[0]["ord"], 1);
    assert_eq!(list[0]["nip"], "196503121990031005");
    assert_eq!(list[1]["nip"], Value::Null);
    let err = call_err(
        &api,
        "signatory_set",
        json!({"event_id": event, "signatories": [{"name": "", "nip": "123", "position": ""}]}),
    );
    let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "signatories.0.name",
            "signatories.0.position",
            "signatories.0.nip"
        ]
    );
    let err = call_err(
        &api,
        "signatory_set",
        json!({"event_id": event, "signatories": [{"name": "A", "position": "B"}, {"name": "C", "position": "D"}, {"name": "E", "position": "F"}]}),
    );
    assert_eq!(err.field.as_deref(), Some("signatories"));
    assert_eq!(
        call(&api, "signatory_list", json!({"event_id": event}))
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[test]
fn cloning_copies_the_agenda_to_new_dates_but_not_participants() {
    let (_d, api, event) = setup();
    let s = session(&api, &event, json!({"title": "Materi Hari Kedua", "date": "2019-09-18", "start_time": "08:00", "end_time": "10:00", "room": "Ruang Utama", "jp": 2}))
        .expect("s");
    call(
        &api,
        "speaker_add",
        json!({"event_id": event, "name": "Enrico Adrian Ramandha", "session_id": s["id"]}),
    );
    call(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "Dwi Handayani", "role": "committee", "duty": "Ketua"}),
    );
    call(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "Peserta Biasa"}),
    );
    call(
        &api,
        "signatory_set",
        json!({"event_id": event, "signatories": [{"name": "Wiku Handoyo", "position": "Kepala Dinas"}]}),
    );

    let clone = call(
        &api,
        "event_clone",
        json!({"id": event, "start_date": "2020-03-02"}),
    );
    let cid = clone["id"].as_str().expect("id");
    assert_ne!(cid, event);
    assert_eq!(
        (clone["start_date"].clone(), clone["end_date"].clone()),
        (json!("2020-03-02"), json!("2020-03-03"))
    );
    let sessions = call(&api, "session_list", json!({"event_id": cid}));
    assert_eq!(
        sessions[0]["date"], "2020-03-03",
        "shifted by the same days"
    );
    assert_eq!(sessions[0]["speakers"][0]["name"], "Enrico Adrian Ramandha");
    let people = call(&api, "participant_list", json!({"event_id": cid}));
    let roles: Vec<&str> = people
        .as_array()
        .expect("a")
        .iter()
        .filter_map(|p| p["role"].as_str())
        .collect();
    assert!(
        !roles.contains(&"participant"),
        "participants are not copied: {roles:?}"
    );
    assert!(roles.contains(&"committee") && roles.contains(&"speaker"));
    let committee = people
        .as_array()
        .expect("a")
        .iter()
        .find(|p| p["role"] == "committee")
        .expect("c");
    assert_eq!(committee["duty"], "Ketua");
    let sig = call(&api, "signatory_list", json!({"event_id": cid}));
    assert_eq!(sig[0]["name"], "Wiku Handoyo");
    // The original is untouched.
    assert_eq!(
        call(&api, "session_list", json!({"event_id": event}))[0]["date"],
        "2019-09-18"
    );
}

#[test]
fn moving_an_event_moves_its_sessions_and_refuses_to_strand_them() {
    let (_d, api, event) = setup();
    session(&api, &event, json!({"title": "Hari Kedua", "date": "2019-09-18", "start_time": "08:00", "end_time": "09:00"})).expect("s");
    let moved = call(
        &api,
        "event_update",
        json!({"id": event, "title": "Bintek Medsos", "start_date": "2019-10-01", "end_date": "2019-10-02"}),
    );
    assert_eq!(moved["start_date"], "2019-10-01");
    let sessions = call(&api, "session_list", json!({"event_id": event}));
    assert_eq!(sessions[0]["date"], "2019-10-02", "day 2 stays day 2");
    // Shortening to one day would leave the day-2 session outside: refused, nothing changes.
    let err = call_err(
        &api,
        "event_update",
        json!({"id": event, "title": "Bintek Medsos", "start_date": "2019-10-01", "end_date": "2019-10-01"}),
    );
    assert_eq!(err.field.as_deref(), Some("end_date"));
    assert!(err.message.contains("Hari Kedua"), "{}", err.message);
    let e = call(&api, "event_get", json!({"id": event}));
    assert_eq!(e["end_date"], "2019-10-02");
}

/// Issue 14.7: a speaker's institution (ANRI, a university) is not an OPD of the pemda; it
/// is kept with the person and shown, and the OPD list stays as it was. A speaker who works
/// in one of the OPDs is still linked to it.
#[test]
fn a_speakers_institution_is_not_added_to_the_opd_list() {
    let (_d, api, event) = setup();
    call(
        &api,
        "opd_create",
        json!({"name": "Dinas Komunikasi dan Informatika"}),
    );
    let opds = |api: &Api| call(api, "opd_list", json!({})).as_array().map(Vec::len);
    let anri = call(
        &api,
        "speaker_add",
        json!({"event_id": event, "name": "Dr. Sri Wahyuni", "institution": "ANRI"}),
    );
    assert_eq!(opds(&api), Some(1), "ANRI is no OPD");
    assert_eq!(anri["opd"], Value::Null);
    assert_eq!(anri["institution"], "ANRI");
    let local = call(
        &api,
        "speaker_add",
        json!({"event_id": event, "name": "Budi Santoso", "institution": "Diskominfo", "as": "moderator"}),
    );
    assert_eq!(local["opd"], "Dinas Komunikasi dan Informatika");
    assert_eq!(opds(&api), Some(1));
    let list = call(&api, "speaker_list", json!({"event_id": event}));
    assert_eq!(list[0]["institution"], "ANRI", "{list}");
}

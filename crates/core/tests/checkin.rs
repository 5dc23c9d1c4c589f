//! The check-in desk on real files: idempotency, races, undo, walk-ins, refusals.

mod common;
use common::*;

use bintek_core::error::ErrorCode;
use bintek_core::{Api, ApiError, Caller};
use serde_json::{json, Value};

struct Desk {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    api: Api,
    event: String,
    session: String,
    codes: Vec<String>,
}

fn setup() -> Desk {
    let (dir, api) = temp_api();
    let (event, sessions) = event_with_sessions(
        &api,
        "Bintek",
        Some("2019-09-18"),
        &[("Materi 1", "08:00", "10:00")],
    );
    let people = add_people(
        &api,
        &event,
        three_people(["Diskominfo", "Bappeda", "Bappeda"]),
    );
    Desk {
        path: db_in(dir.path()),
        _dir: dir,
        api,
        session: sessions[0].clone(),
        event,
        codes: people.into_iter().map(|p| p.code).collect(),
    }
}

fn checkin(d: &Desk, code: &str, nonce: Option<&str>) -> Result<Value, ApiError> {
    try_call(
        &d.api,
        "checkin",
        json!({"event_id": d.event, "session_id": d.session, "code": code, "desk": "Meja 1", "nonce": nonce}),
    )
}

fn present(d: &Desk) -> i64 {
    call(
        &d.api,
        "attendance_counts",
        json!({"event_id": d.event, "session_id": d.session}),
    )["present"]
        .as_i64()
        .expect("n")
}

#[test]
fn a_code_checks_in_once_and_a_second_scan_says_already() {
    let d = setup();
    let first = checkin(&d, &d.codes[0].to_lowercase(), Some("n-1")).expect("check in");
    assert_eq!(first["status"], "checked_in");
    assert_eq!(first["person"]["name"], "Sri Wahyuni, S.Kom.");
    assert_eq!(first["desk"], "Meja 1");
    let again = checkin(&d, &d.codes[0], Some("n-2")).expect("again");
    assert_eq!(again["status"], "already_checked_in");
    assert_eq!(again["at"], first["at"], "the first time is kept");
    assert!(again["message"]
        .as_str()
        .expect("m")
        .contains("sudah hadir pukul"));
    // The same nonce (a retried request) gives the first answer and writes nothing.
    let replay = checkin(&d, &d.codes[0], Some("n-1")).expect("replay");
    assert_eq!(replay["status"], "checked_in");
    assert_eq!(replay["at"], first["at"]);
    assert_eq!(present(&d), 1);
    let list = call(&d.api, "attendance_list", json!({"event_id": d.event}));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["method"], "scan");
}

#[test]
fn nip_and_a_unique_name_find_the_person() {
    let d = setup();
    let by_nip = checkin(&d, "NIP. 19790515 200501 1 002", None).expect("nip");
    assert_eq!(by_nip["person"]["name"], "Budi Santoso");
    let by_name = checkin(&d, "wahyuni", None).expect("name");
    assert_eq!(by_name["person"]["name"], "Sri Wahyuni, S.Kom.");
    // Two Bappeda people: "bappeda" is ambiguous, nothing is written.
    let err = checkin(&d, "bappeda", None).expect_err("ambiguous");
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(present(&d), 2);
}

#[test]
fn unknown_other_event_and_cancelled_are_refused_with_their_reason() {
    let d = setup();
    let err = checkin(&d, "ZZZZZZ", None).expect_err("unknown");
    assert_eq!(err.code, ErrorCode::NotFound);
    let other = call(
        &d.api,
        "event_create",
        json!({"title": "Lain", "start_date": "2020-01-01"}),
    );
    let p = call(
        &d.api,
        "participant_add",
        json!({"event_id": other["id"], "name": "Orang Lain"}),
    );
    let err = checkin(&d, p["participant"]["code"].as_str().expect("c"), None).expect_err("other");
    assert_eq!(err.code, ErrorCode::NotRegistered);
    let reg = call(
        &d.api,
        "participant_list",
        json!({"event_id": d.event, "q": "agus"}),
    );
    call(&d.api, "participant_cancel", json!({"id": reg[0]["id"]}));
    let err = checkin(&d, &d.codes[2], None).expect_err("cancelled");
    assert_eq!(err.code, ErrorCode::Cancelled);
    assert_eq!(present(&d), 0);
    // Failed scans are logged with their reason.
    let conn = rusqlite::Connection::open(&d.path).expect("raw");
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM scan_log WHERE result <> 'checked_in'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(n, 3);
}

#[test]
fn undo_is_logged_and_a_new_scan_checks_in_again() {
    let d = setup();
    let first = checkin(&d, &d.codes[1], None).expect("in");
    let undone = call(
        &d.api,
        "checkin_undo",
        json!({"event_id": d.event, "session_id": d.session, "registration_id": first["person"]["registration_id"]}),
    );
    assert_eq!(undone["status"], "undone");
    assert_eq!(present(&d), 0);
    let conn = rusqlite::Connection::open(&d.path).expect("raw");
    let kept: i64 = conn
        .query_row(
            "SELECT count(*) FROM attendance WHERE undone_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(kept, 1, "an undo is marked, not deleted");
    assert_eq!(
        checkin(&d, &d.codes[1], None).expect("again")["status"],
        "checked_in"
    );
    assert_eq!(present(&d), 1);
}

#[test]
fn two_desks_racing_on_one_person_write_one_attendance() {
    let d = setup();
    let code = d.codes[0].clone();
    let mut handles = Vec::new();
    for desk in 0..4 {
        let path = d.path.clone();
        let (event, session, code) = (d.event.clone(), d.session.clone(), code.clone());
        handles.push(std::thread::spawn(move || {
            // Each desk its own connection to the same file.
            let api = Api::open(&path).expect("open");
            (0..25)
                .map(|i| {
                    try_call_as(
                        &api,
                        &Caller::admin(&format!("Meja {desk}")),
                        "checkin",
                        json!({"event_id": event, "session_id": session, "code": code, "nonce": format!("{desk}-{i}")}),
                    )
                    .expect("check in")["status"]
                        .as_str()
                        .expect("status")
                        .to_string()
                })
                .collect::<Vec<_>>()
        }));
    }
    let statuses: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("thread"))
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| *s == "checked_in").count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(statuses.len(), 100);
    let conn = rusqlite::Connection::open(&d.path).expect("raw");
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM attendance", [], |r| r.get(0))
        .expect("count");
    assert_eq!(rows, 1);
}

#[test]
fn a_walk_in_is_registered_and_checked_in_at_once() {
    let d = setup();
    // An OPD that matches none is asked about first, as in the form (issue 14.7): the
    // clerk confirms with `create_opd`. Nobody is registered or checked in meanwhile.
    let walkin = json!({"event_id": d.event, "session_id": d.session, "name": "Eko Prasetyo",
                        "opd": "Dinas Sosial", "desk": "Meja 2"});
    let err = try_call(&d.api, "checkin_walkin", walkin.clone()).expect_err("asks first");
    assert_eq!(err.field.as_deref(), Some("opd"));
    assert!(err.message.contains("belum terdaftar"), "{}", err.message);
    assert_eq!(present(&d), 0);
    let mut confirmed = walkin;
    confirmed["create_opd"] = json!(true);
    let r = call(&d.api, "checkin_walkin", confirmed);
    assert_eq!(r["status"], "checked_in");
    assert_eq!(r["method"], "walkin");
    assert_eq!(present(&d), 1);
    let counts = call(
        &d.api,
        "attendance_counts",
        json!({"event_id": d.event, "session_id": d.session}),
    );
    assert_eq!(counts["registered"], 4);
    // A walk-in without a name is refused and registers nobody.
    let err = try_call(
        &d.api,
        "checkin_walkin",
        json!({"event_id": d.event, "session_id": d.session, "name": " "}),
    )
    .expect_err("no name");
    assert_eq!(err.field.as_deref(), Some("name"));
    let counts = call(
        &d.api,
        "attendance_counts",
        json!({"event_id": d.event, "session_id": d.session}),
    );
    assert_eq!(counts["registered"], 4);
}

#[test]
fn the_desk_search_shows_who_is_in() {
    let d = setup();
    checkin(&d, &d.codes[1], None).expect("in");
    let hits = call(
        &d.api,
        "desk_search",
        json!({"event_id": d.event, "session_id": d.session, "q": "bappeda"}),
    );
    let hits = hits.as_array().expect("hits");
    assert_eq!(hits.len(), 2);
    let budi = hits
        .iter()
        .find(|h| h["name"] == "Budi Santoso")
        .expect("budi");
    assert!(budi["checked_in_at"].is_string());
    let agus = hits
        .iter()
        .find(|h| h["name"] == "Agus Setiawan")
        .expect("agus");
    assert!(agus["checked_in_at"].is_null());
    // Desks may run it; a desk may not create events.
    let desk = desk("Meja 1");
    try_call_as(
        &d.api,
        &desk,
        "desk_search",
        json!({"event_id": d.event, "q": "budi"}),
    )
    .expect("desk allowed");
    assert_eq!(
        call_err_as(
            &d.api,
            &desk,
            "event_create",
            json!({"title": "x", "start_date": "2019-01-01"})
        )
        .code,
        ErrorCode::Forbidden
    );
}

#[test]
fn the_desk_ranks_a_persons_own_name_above_their_opd() {
    let d = setup();
    // "rahayu" is a person's name and part of no OPD; "bappeda" is an OPD.
    call(
        &d.api,
        "participant_add",
        json!({"event_id": d.event, "name": "Sri Rahayu", "opd": "Bappeda Rahayu Raya", "create_opd": true}),
    );
    call(
        &d.api,
        "participant_add",
        json!({"event_id": d.event, "name": "Rahmat Hidayat", "opd": "Dinas Sosial", "create_opd": true}),
    );
    let hits = call(
        &d.api,
        "desk_search",
        json!({"event_id": d.event, "session_id": d.session, "q": "rahayu", "limit": 8}),
    );
    assert_eq!(hits[0]["name"], "Sri Rahayu");
    // An OPD-only match still shows, after the name matches.
    let hits = call(
        &d.api,
        "desk_search",
        json!({"event_id": d.event, "session_id": d.session, "q": "budi", "limit": 8}),
    );
    assert_eq!(hits[0]["name"], "Budi Santoso");
    let hits = call(
        &d.api,
        "desk_search",
        json!({"event_id": d.event, "session_id": d.session, "q": "dinas sosial", "limit": 8}),
    );
    assert_eq!(hits.as_array().map(Vec::len), Some(1));
    assert_eq!(hits[0]["name"], "Rahmat Hidayat");
}

fn reg_of(d: &Desk, code: &str) -> String {
    checkin(d, code, None).expect("in")["person"]["registration_id"]
        .as_str()
        .expect("rid")
        .to_string()
}

#[test]
fn an_older_check_in_is_undone_by_another_desk_and_the_history_says_who() {
    let d = setup();
    // Sri first (Meja 1), then Budi: Sri's is not the newest check-in.
    let sri = reg_of(&d, &d.codes[0]);
    checkin(&d, &d.codes[1], None).expect("budi in");
    let meja2 = desk("Meja 2");
    let undone = try_call_as(
        &d.api,
        &meja2,
        "checkin_undo",
        // A paired desk cannot pass its undo off as another's.
        json!({"event_id": d.event, "session_id": d.session, "registration_id": sri, "desk": "Meja 9"}),
    )
    .expect("a desk undoes another desk's older check-in");
    assert_eq!(undone["status"], "undone");
    assert_eq!(undone["desk"], "Meja 2");
    assert_eq!(
        undone["message"],
        "Kehadiran Sri Wahyuni, S.Kom. di sesi \"Materi 1\" dibatalkan."
    );
    assert_eq!(present(&d), 1, "Budi stays");
    // Undoing it twice says so.
    let err = call_err_as(
        &d.api,
        &meja2,
        "checkin_undo",
        json!({"event_id": d.event, "session_id": d.session, "registration_id": sri}),
    );
    assert_eq!(err.code, ErrorCode::NotFound);
    // She comes back and is checked in by hand at a third desk.
    let again = call_as(
        &d.api,
        &desk("Meja 3"),
        "checkin",
        json!({"event_id": d.event, "session_id": d.session, "code": d.codes[0], "method": "manual"}),
    );
    assert_eq!(again["status"], "checked_in");
    let h = call_as(
        &d.api,
        &meja2,
        "attendance_history",
        json!({"event_id": d.event, "registration_id": sri}),
    );
    assert_eq!(h["person"]["name"], "Sri Wahyuni, S.Kom.");
    let entries = h["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0]["session_title"], "Materi 1");
    assert_eq!(entries[0]["desk"], "Meja 1");
    assert_eq!(entries[0]["method"], "scan");
    assert_eq!(entries[0]["undone_by"], "Meja 2");
    assert!(entries[0]["undone_at"].is_string());
    assert_eq!(entries[1]["desk"], "Meja 3");
    assert_eq!(entries[1]["method"], "manual");
    assert!(entries[1]["undone_at"].is_null());
    assert_eq!(entries[1]["at"], again["at"]);
    // Budi's history is his alone.
    let budi = call(
        &d.api,
        "participant_list",
        json!({"event_id": d.event, "q": "budi"}),
    );
    let hb = call(
        &d.api,
        "attendance_history",
        json!({"event_id": d.event, "registration_id": budi[0]["id"]}),
    );
    assert_eq!(hb["entries"].as_array().map(Vec::len), Some(1));
    // A session of another event is not this event's.
    let other = call(
        &d.api,
        "event_create",
        json!({"title": "Lain", "start_date": "2020-01-01"}),
    );
    let s = call(
        &d.api,
        "session_add",
        json!({"event_id": other["id"], "title": "X", "date": "2020-01-01", "start_time": "08:00", "end_time": "09:00"}),
    );
    let err = try_call(
        &d.api,
        "checkin_undo",
        json!({"event_id": d.event, "session_id": s["id"], "registration_id": sri}),
    )
    .expect_err("other event's session");
    assert_eq!(err.field.as_deref(), Some("session_id"));
}

#[test]
fn the_not_yet_arrived_list_shrinks_and_grows_with_check_ins_and_undos() {
    let d = setup();
    let budi = reg_of(&d, &d.codes[1]);
    let meja = desk("Meja 2");
    let absent = |q: &str| {
        call_as(
            &d.api,
            &meja,
            "attendance_absent",
            json!({"event_id": d.event, "session_id": d.session, "q": q}),
        )
    };
    let names = |v: &Value| -> Vec<String> {
        v["people"]
            .as_array()
            .expect("people")
            .iter()
            .map(|p| p["name"].as_str().expect("name").to_string())
            .collect()
    };
    let all = absent("");
    assert_eq!(names(&all), ["Agus Setiawan", "Sri Wahyuni, S.Kom."]);
    assert_eq!(all["total"], 2);
    assert_eq!(all["matched"], 2);
    assert_eq!(all["people"][0]["opd"], "Bappeda");
    // Searchable by name, NIP or OPD; the total stays the session's.
    let agus = absent("agus");
    assert_eq!(names(&agus), ["Agus Setiawan"]);
    assert_eq!(agus["total"], 2);
    assert_eq!(agus["matched"], 1);
    assert_eq!(names(&absent("1988 0724")), ["Sri Wahyuni, S.Kom."]);
    assert_eq!(names(&absent("diskominfo")), ["Sri Wahyuni, S.Kom."]);
    // One click checks Agus in by hand: he leaves the list.
    let code = all["people"][0]["code"].as_str().expect("code");
    call_as(
        &d.api,
        &meja,
        "checkin",
        json!({"event_id": d.event, "session_id": d.session, "code": code, "method": "manual"}),
    );
    assert_eq!(names(&absent("")), ["Sri Wahyuni, S.Kom."]);
    // An undo puts Budi back.
    call_as(
        &d.api,
        &meja,
        "checkin_undo",
        json!({"event_id": d.event, "session_id": d.session, "registration_id": budi}),
    );
    let now = absent("");
    assert_eq!(names(&now), ["Budi Santoso", "Sri Wahyuni, S.Kom."]);
    assert_eq!(now["total"], 2);
    // The count agrees with the desk's counter.
    let counts = call(
        &d.api,
        "attendance_counts",
        json!({"event_id": d.event, "session_id": d.session}),
    );
    assert_eq!(
        counts["registered"].as_i64().expect("r") - counts["present"].as_i64().expect("p"),
        2
    );
    // A session is required and must be this event's.
    let err = try_call(
        &d.api,
        "attendance_absent",
        json!({"event_id": d.event, "session_id": "nope"}),
    )
    .expect_err("unknown session");
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn a_database_from_before_v9_keeps_the_method_of_its_check_ins_in_the_history() {
    let d = setup();
    let sri = reg_of(&d, &d.codes[0]);
    let Desk {
        _dir, path, api, ..
    } = d;
    let event: String = {
        let conn = rusqlite::Connection::open(&path).expect("raw");
        conn.query_row("SELECT id FROM event", [], |r| r.get(0))
            .expect("event")
    };
    drop(api);
    // Back to schema v8: no method in scan_log (and no signing_key table, v10, nor a
    // person's institution, v11, nor the agency profile, the card prints and the desk
    // index of v12, nor the letters and the report of v13, nor the keuangan of v14, nor
    // the participants' page of v15, nor the forms of v16, nor the materials of v17).
    let conn = rusqlite::Connection::open(&path).expect("raw");
    conn.execute_batch(
        "DROP TABLE material_download; DROP TABLE material; \
         DROP TABLE form_respondent; DROP TABLE form_answer; DROP TABLE form_response; \
         DROP TABLE form_question; DROP TABLE form; DROP TABLE participant_session; \
         ALTER TABLE certificate_settings DROP COLUMN require_evaluation; \
         ALTER TABLE certificate_settings DROP COLUMN min_posttest; DROP TABLE portal; DROP TABLE finance_print; DROP TABLE finance_settings; DROP TABLE registration_finance; \
         DROP TABLE person_finance; DROP TABLE finance_rate; \
         DROP TABLE letter; DROP TABLE letter_settings; DROP TABLE report; \
         DROP TABLE report_photo; DROP TABLE session_minutes; \
         ALTER TABLE certificate_settings DROP COLUMN back_page; DROP TABLE agency_profile; ALTER TABLE registration DROP COLUMN badge_printed_at; \
         DROP INDEX attendance_by_session_desk; \
         CREATE INDEX attendance_by_session ON attendance (session_id, undone_at); \
         ALTER TABLE person DROP COLUMN institution; \
         DROP TABLE signing_key; DROP INDEX scan_log_by_registration; \
         ALTER TABLE scan_log DROP COLUMN method; PRAGMA user_version = 8;",
    )
    .expect("downgrade");
    drop(conn);
    let api = Api::open(&path).expect("migrate");
    assert_eq!(api.open_report().from_version, 8);
    let h = call(
        &api,
        "attendance_history",
        json!({"event_id": event, "registration_id": sri}),
    );
    assert_eq!(h["entries"][0]["method"], "scan");
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let method: Option<String> = conn
        .query_row(
            "SELECT method FROM scan_log WHERE result = 'checked_in'",
            [],
            |r| r.get(0),
        )
        .expect("scan");
    assert_eq!(
        method.as_deref(),
        Some("scan"),
        "backfilled by migration 0009"
    );
}

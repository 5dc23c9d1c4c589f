//! The store and the Api on real SQLite files in temp dirs.

mod common;
use common::*;

use bintek_core::api::find_command;
use bintek_core::error::ErrorCode;
use bintek_core::store;
use bintek_core::{Api, ApiError, Event, Role};
use serde_json::{json, Value};

fn temp_api() -> (tempfile::TempDir, Api) {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = Api::open(&dir.path().join("bintek.db")).expect("open");
    (dir, api)
}

fn create(api: &Api, args: Value) -> Event {
    serde_json::from_value(call(api, "event_create", args)).expect("event")
}

fn grobogan() -> Value {
    json!({
        "title": "  Bimbingan Teknis   Pengelolaan Media Sosial ",
        "theme": "Media sosial sebagai aset digital",
        "organizer": "Dinas Komunikasi dan Informatika Kabupaten Grobogan",
        "venue": "Gedung Riptaloka",
        "city": "Purwodadi",
        "start_date": "2019-09-17",
        "end_date": "2019-09-18",
        "legal_basis": "Pasal 7 UU Nomor 14 Tahun 2008\r\nInpres Nomor 9 Tahun 2015\r\n",
        "total_jp": 12,
        "notes": ""
    })
}

#[test]
fn a_new_file_is_migrated_and_configured() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sub").join("baru.db");
    let (conn, report) = store::open(&path).expect("open");
    assert_eq!(report.from_version, 0);
    assert_eq!(report.to_version, store::schema_version());
    assert!(report.backup.is_none());
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("user_version");
    assert_eq!(version, store::schema_version());
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("journal_mode");
    assert_eq!(mode, "wal");
    let sync: i64 = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .expect("synchronous");
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .expect("foreign_keys");
    assert_eq!(fk, 1);
    for table in ["event", "settings", "audit_log"] {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .expect("query");
        assert_eq!(n, 1, "table {table}");
    }
    drop(conn);
    // Opening again migrates nothing.
    let (_conn, again) = store::open(&path).expect("reopen");
    assert_eq!(again.from_version, store::schema_version());
}

#[test]
fn a_database_from_a_newer_app_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("baru.db");
    {
        let (conn, _) = store::open(&path).expect("open");
        conn.pragma_update(None, "user_version", 99)
            .expect("set version");
    }
    let err = Api::open(&path).err().expect("refused");
    let api_err = ApiError::from(err);
    assert_eq!(api_err.code, ErrorCode::DatabaseTooNew);
    assert!(
        api_err.message.contains("versi Bintek yang lebih baru"),
        "{api_err:?}"
    );
    assert!(api_err.message.contains("99"));
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("user_version");
    assert_eq!(version, 99);
}

#[test]
fn a_file_that_is_not_a_database_gives_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("peserta.db");
    std::fs::write(&path, b"Nama;NIP\r\nRudi;123\r\n".repeat(200)).expect("write");
    let err = ApiError::from(Api::open(&path).err().expect("refused"));
    assert_eq!(err.code, ErrorCode::Database);
    assert!(err.message.contains("bukan basis data"), "{}", err.message);
}

#[test]
fn create_get_and_list_an_event_through_the_command_table() {
    let (_dir, api) = temp_api();
    let e = create(&api, grobogan());
    assert_eq!(e.title, "Bimbingan Teknis Pengelolaan Media Sosial");
    assert_eq!(e.start_date, "2019-09-17");
    assert_eq!(e.end_date, "2019-09-18");
    assert_eq!(
        e.legal_basis.as_deref(),
        Some("Pasal 7 UU Nomor 14 Tahun 2008\nInpres Nomor 9 Tahun 2015")
    );
    assert_eq!(e.notes, None, "empty text is stored as nothing");
    assert_eq!(e.total_jp, Some(12));
    let id = uuid::Uuid::parse_str(&e.id).expect("uuid");
    assert_eq!(id.get_version_num(), 7);

    let got: Event =
        serde_json::from_value(call(&api, "event_get", json!({"id": e.id}))).expect("event");
    assert_eq!(got, e);
    let list = call(&api, "event_list", Value::Null);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["id"], json!(e.id));
}

#[test]
fn a_one_day_event_ends_on_its_start_date() {
    let (_dir, api) = temp_api();
    let e = create(
        &api,
        json!({"title": "Bintek SPBE", "start_date": "2024-03-05"}),
    );
    assert_eq!(e.end_date, "2024-03-05");
}

#[test]
fn events_survive_reopening_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bintek.db");
    let id = {
        let api = Api::open(&path).expect("open");
        create(&api, grobogan()).id
    };
    let api = Api::open(&path).expect("reopen");
    let got = call(&api, "event_get", json!({ "id": id }));
    assert_eq!(got["venue"], json!("Gedung Riptaloka"));
}

fn validation_error(api: &Api, args: Value) -> ApiError {
    let err = try_call(api, "event_create", args).expect_err("must fail");
    assert_eq!(err.code, ErrorCode::Validation, "{err:?}");
    err
}

#[test]
fn an_empty_title_is_refused_in_indonesian() {
    let (_dir, api) = temp_api();
    let err = validation_error(&api, json!({"title": "   ", "start_date": "2019-09-17"}));
    assert_eq!(err.field.as_deref(), Some("title"));
    assert_eq!(err.message, "Judul kegiatan wajib diisi.");
}

#[test]
fn an_end_before_the_start_is_refused() {
    let (_dir, api) = temp_api();
    let err = validation_error(
        &api,
        json!({"title": "Bintek", "start_date": "2019-09-17", "end_date": "2019-09-16"}),
    );
    assert_eq!(err.field.as_deref(), Some("end_date"));
    assert!(
        err.message.contains("tidak boleh sebelum"),
        "{}",
        err.message
    );
}

#[test]
fn bad_dates_and_hours_are_refused_with_every_field_named() {
    let (_dir, api) = temp_api();
    let err = validation_error(
        &api,
        json!({"title": "", "start_date": "17/09/2019", "end_date": "2019-02-30", "total_jp": -1}),
    );
    let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["title", "start_date", "end_date", "total_jp"]);
    assert!(err.errors[1].message.contains("17/09/2019"));
    assert!(err.errors[1].message.contains("TTTT-BB-HH"));

    let err = validation_error(&api, json!({"title": "Bintek", "start_date": ""}));
    assert_eq!(err.field.as_deref(), Some("start_date"));
    assert_eq!(err.message, "Tanggal mulai wajib diisi.");

    let err = validation_error(
        &api,
        json!({"title": "Bintek", "start_date": "2019-09-01", "end_date": "2019-12-01"}),
    );
    assert!(err.message.contains("paling lama"), "{}", err.message);

    let err = validation_error(
        &api,
        json!({"title": "x".repeat(251), "start_date": "2019-09-01"}),
    );
    assert!(err.message.contains("terlalu panjang"), "{}", err.message);
}

#[test]
fn a_refused_create_writes_nothing() {
    let (_dir, api) = temp_api();
    let _ = validation_error(&api, json!({"title": "", "start_date": "2019-09-17"}));
    let list = call(&api, "event_list", json!({"include_archived": true}));
    assert_eq!(list, json!([]));
}

#[test]
fn malformed_arguments_are_invalid_argument_not_a_crash() {
    let (_dir, api) = temp_api();
    let err = try_call(
        &api,
        "event_create",
        json!({"title": "Bintek", "total_jp": "dua belas"}),
    )
    .expect_err("type error");
    assert_eq!(err.code, ErrorCode::InvalidArgument);
    assert_eq!(err.field.as_deref(), Some("total_jp"));
    assert_eq!(
        err.message,
        "Kolom \"total_jp\" harus berupa angka, bukan teks."
    );
    let err = try_call(&api, "event_create", json!([1, 2])).expect_err("shape error");
    assert_eq!(err.code, ErrorCode::InvalidArgument);
}

#[test]
fn update_changes_fields_and_unknown_ids_are_not_found() {
    let (_dir, api) = temp_api();
    let e = create(&api, grobogan());
    let mut args = grobogan();
    args["id"] = json!(e.id);
    args["venue"] = json!("Pendopo Kabupaten Grobogan");
    args["end_date"] = json!("");
    let updated: Event = serde_json::from_value(call(&api, "event_update", args)).expect("event");
    assert_eq!(updated.venue.as_deref(), Some("Pendopo Kabupaten Grobogan"));
    assert_eq!(updated.end_date, "2019-09-17");
    assert_eq!(updated.created_at, e.created_at);
    assert!(updated.updated_at >= e.updated_at);

    let mut bad = grobogan();
    bad["id"] = json!(e.id);
    bad["title"] = json!("");
    let err = call_err(&api, "event_update", bad);
    assert_eq!(err.field.as_deref(), Some("title"));
    let still: Event =
        serde_json::from_value(call(&api, "event_get", json!({"id": e.id}))).expect("event");
    assert_eq!(still.venue.as_deref(), Some("Pendopo Kabupaten Grobogan"));

    let mut missing = grobogan();
    missing["id"] = json!("0190f0e0-0000-7000-8000-000000000000");
    let err = call_err(&api, "event_update", missing);
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(err.message.contains("Kegiatan tidak ditemukan"));
    let err = call_err(&api, "event_get", json!({"id": "tidak-ada"}));
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn archive_hides_an_event_and_restore_brings_it_back() {
    let (_dir, api) = temp_api();
    let keep = create(
        &api,
        json!({"title": "Bintek Arsip Digital", "start_date": "2020-01-10"}),
    );
    let old = create(&api, grobogan());
    let archived: Event =
        serde_json::from_value(call(&api, "event_archive", json!({"id": old.id}))).expect("event");
    assert!(archived.archived);
    assert!(archived.archived_at.is_some());
    let visible = call(&api, "event_list", json!({}));
    let ids: Vec<&str> = visible
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(ids, [keep.id.as_str()]);
    let all = call(&api, "event_list", json!({"include_archived": true}));
    assert_eq!(all.as_array().map(Vec::len), Some(2));
    // Newest start date first.
    assert_eq!(all[0]["id"], json!(keep.id));

    let restored = call(
        &api,
        "event_archive",
        json!({"id": old.id, "archived": false}),
    );
    assert_eq!(restored["archived"], json!(false));
    assert_eq!(restored["archived_at"], Value::Null);
}

#[test]
fn markup_in_a_title_is_stored_verbatim() {
    let (_dir, api) = temp_api();
    let title = "<img src=x onerror=alert(1)> Bintek";
    let e = create(&api, json!({"title": title, "start_date": "2019-09-17"}));
    assert_eq!(e.title, title);
}

#[test]
fn the_command_table_checks_roles_and_names() {
    let (_dir, api) = temp_api();
    let desk = desk("Meja 1");
    let err = call_err_as(&api, &desk, "event_create", grobogan());
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert_eq!(err.http_status(), 403);
    let info = try_call_as(&api, &desk, "app_info", Value::Null).expect("desk may read app_info");
    assert_eq!(info["schema_version"], json!(store::schema_version()));

    let err = call_err(&api, "hapus_semua", json!({}));
    assert_eq!(err.code, ErrorCode::UnknownCommand);
    assert_eq!(
        find_command("event_list").map(|c| c.role),
        Some(Role::Admin)
    );
}

#[test]
fn a_failed_transaction_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut conn, _) = store::open(&dir.path().join("tx.db")).expect("open");
    let result: Result<(), ApiError> = store::with_tx(&mut conn, |tx| {
        tx.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES ('a', 'b', 'c')",
            [],
        )?;
        Err(ApiError::field("x", "gagal"))
    });
    assert!(result.is_err());
    let n: i64 = conn
        .query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 0);
}

#[test]
fn every_change_is_in_the_audit_log() {
    let (dir, api) = temp_api();
    let e = create(&api, grobogan());
    call(&api, "event_archive", json!({"id": e.id}));
    drop(api);
    let (conn, _) = store::open(&dir.path().join("bintek.db")).expect("open");
    assert_eq!(
        store::audit::count_audit(&conn, "event", &e.id).expect("count"),
        2
    );
}

/// The demo's agenda: two days, the seed story's speaker, a moderator and signatories;
/// its sessions.
fn the_demo_agenda(api: &Api, event: &str) -> Value {
    let list = call(api, "session_list", json!({"event_id": event}));
    let sessions = list.as_array().expect("array");
    assert_eq!(sessions.len(), 11);
    assert_eq!(sessions.last().expect("last")["date"], "2019-09-18");
    let speakers = call(api, "speaker_list", json!({"event_id": event}));
    let names: Vec<&str> = speakers
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(
        names.contains(&"Enrico Adrian Ramandha, S.Kom."),
        "{names:?}"
    );
    assert_eq!(names.len(), 4, "three speakers and a moderator");
    let got = call(api, "event_get", json!({"id": event}));
    assert_eq!(got["sessions_jp"], 12);
    let signatories = call(api, "signatory_list", json!({"event_id": event}));
    assert_eq!(signatories.as_array().map(Vec::len), Some(2));
    list
}

#[test]
fn the_demo_is_the_seed_story_and_seeding_twice_changes_nothing() {
    let (_dir, api) = temp_api();
    let first = bintek_core::demo::seed(&api).expect("seed");
    assert!(first
        .title
        .starts_with("Bimbingan Teknis Pengelolaan Media Sosial"));
    assert_eq!(first.venue.as_deref(), Some("Gedung Riptaloka"));
    assert_eq!(
        (first.start_date.as_str(), first.end_date.as_str()),
        ("2019-09-17", "2019-09-18")
    );
    let people = call(
        &api,
        "participant_list",
        json!({"event_id": first.id, "role": "participant"}),
    );
    assert_eq!(people.as_array().map(Vec::len), Some(120));
    let sessions = the_demo_agenda(&api, &first.id);
    let sessions = sessions.as_array().expect("array");
    // Check-ins on both days, most but not all participants: some qualify for a
    // certificate and some do not.
    let attendance = call(&api, "attendance_list", json!({"event_id": first.id}));
    let attendance = attendance.as_array().expect("array");
    assert!(
        attendance.len() > 500 && attendance.len() < 7 * 120,
        "{}",
        attendance.len()
    );
    let day2: Vec<String> = sessions
        .iter()
        .filter(|s| s["date"] == "2019-09-18")
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect();
    assert!(attendance
        .iter()
        .any(|a| day2.contains(&a["session_id"].as_str().unwrap_or_default().to_string())));
    let eligibility = call(
        &api,
        "certificate_eligibility",
        json!({"event_id": first.id, "role": "participant"}),
    );
    let eligible = eligibility
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["eligible"] == true)
        .count();
    assert!(
        eligible > 60 && eligible < 120,
        "{eligible} of 120 eligible"
    );
    let opds = call(&api, "opd_list", json!({}));
    assert_eq!(
        opds.as_array().map(Vec::len),
        Some(20),
        "the 20 OPDs of the kabupaten; the provincial speaker's agency is no OPD"
    );
    let quotas = call(&api, "quota_list", json!({"event_id": first.id}));
    assert!(quotas
        .as_array()
        .expect("rows")
        .iter()
        .all(|q| q["quota"] == 6 && q["registered"] == 6));
    the_demo_checkins_are_dated_at_their_sessions(&api, &first.id);
    let again = bintek_core::demo::seed(&api).expect("seed again");
    assert_eq!(again.id, first.id);
    let people = call(&api, "participant_list", json!({"event_id": first.id}));
    assert_eq!(
        people.as_array().map(Vec::len),
        Some(127),
        "120 participants, 4 speakers/moderators, 3 committee; seeding again adds none"
    );
    let list = call(&api, "event_list", json!({}));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
}

fn the_demo_checkins_are_dated_at_their_sessions(api: &Api, event: &str) {
    // Check-ins are dated at their sessions (this PC's wall clock), not when seeding ran.
    let sessions = call(api, "session_list", json!({"event_id": event}));
    let attendance = call(api, "attendance_list", json!({"event_id": event}));
    let rows = attendance.as_array().expect("rows");
    assert!(rows.len() > 500, "{}", rows.len());
    for a in rows {
        let s = sessions
            .as_array()
            .expect("sessions")
            .iter()
            .find(|s| s["id"] == a["session_id"])
            .expect("session");
        let start = chrono::NaiveDateTime::parse_from_str(
            &format!(
                "{} {}",
                s["date"].as_str().expect("date"),
                s["start_time"].as_str().expect("time")
            ),
            "%Y-%m-%d %H:%M",
        )
        .expect("start")
            - chrono::Duration::seconds(i64::from(chrono::Local::now().offset().local_minus_utc()));
        let at = chrono::DateTime::parse_from_rfc3339(a["at"].as_str().expect("at"))
            .expect("rfc3339")
            .naive_utc();
        let minutes = (at - start).num_minutes();
        assert!((-25..=5).contains(&minutes), "{a} vs {s}");
    }
}

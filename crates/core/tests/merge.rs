//! Offline desks on real files: the event package holds one event only; merging its
//! check-ins and walk-ins gives the right counts, twice, with conflicts listed.

use bintek_core::error::ErrorCode;
use bintek_core::{dispatch, Api, ApiError, Caller};
use serde_json::{json, Value};

fn call(api: &Api, name: &str, args: Value) -> Result<Value, ApiError> {
    dispatch(api, &Caller::admin("test"), name, args)
}

fn ok(api: &Api, name: &str, args: Value) -> Value {
    call(api, name, args).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

struct Host {
    dir: tempfile::TempDir,
    api: Api,
    event: String,
    session: String,
    codes: Vec<String>,
}

fn host() -> Host {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = Api::open(&dir.path().join("host.db")).expect("open");
    let e = ok(
        &api,
        "event_create",
        json!({"title": "Bimtek Arsip", "start_date": "2019-09-17"}),
    );
    let event = e["id"].as_str().expect("id").to_string();
    let s = ok(
        &api,
        "session_add",
        json!({"event_id": event, "title": "Materi 1", "date": "2019-09-17", "start_time": "08:00", "end_time": "10:00"}),
    );
    let mut codes = Vec::new();
    for i in 0..8 {
        let p = ok(
            &api,
            "participant_add",
            json!({"event_id": event, "name": format!("Peserta {i}"), "opd": "Dinas Arsip", "create_opd": true}),
        );
        codes.push(p["participant"]["code"].as_str().expect("code").to_string());
    }
    // Someone of another event, who must not travel in the package.
    let other = ok(
        &api,
        "event_create",
        json!({"title": "Bimtek Lain", "start_date": "2019-10-01"}),
    );
    ok(
        &api,
        "participant_add",
        json!({"event_id": other["id"], "name": "Rahasiawati Tersembunyi", "nip": "198807242015032003"}),
    );
    Host {
        dir,
        api,
        event,
        session: s["id"].as_str().expect("sid").to_string(),
        codes,
    }
}

fn checkin(api: &Api, h: &Host, code: &str, desk: &str) -> Value {
    ok(
        api,
        "checkin",
        json!({"event_id": h.event, "session_id": h.session, "code": code, "desk": desk}),
    )
}

fn present(api: &Api, h: &Host) -> Vec<Value> {
    ok(
        api,
        "attendance_list",
        json!({"event_id": h.event, "session_id": h.session}),
    )
    .as_array()
    .expect("array")
    .clone()
}

#[test]
fn checkins_from_an_offline_desk_merge_once_with_conflicts_listed() {
    let h = host();
    let pkg = ok(&h.api, "event_package", json!({"event_id": h.event}));
    let name = pkg["file_name"].as_str().expect("name");
    assert!(
        name.starts_with("paket-meja-") && name.ends_with(".db"),
        "{name}"
    );
    let bytes = bintek_core::files::decode_base64("data", pkg["data"].as_str().expect("data"))
        .expect("b64");
    // Only this event travels: the other event's person is not in the file at all.
    assert!(
        !bytes.windows(10).any(|w| w == b"Rahasiawat"),
        "another event's person leaked"
    );
    let pkg_path = h.dir.path().join(name);
    std::fs::write(&pkg_path, &bytes).expect("write");

    // The offline laptop runs its own Bintek on the package.
    let laptop = Api::open(&pkg_path).expect("open package");
    let events = ok(&laptop, "event_list", json!({}));
    assert_eq!(events.as_array().map(Vec::len), Some(1));
    checkin(&laptop, &h, &h.codes[2], "Meja Offline"); // also checked in on the host: conflict
    checkin(&laptop, &h, &h.codes[3], "Meja Offline");
    checkin(&laptop, &h, &h.codes[4], "Meja Offline");
    let undone = checkin(&laptop, &h, &h.codes[5], "Meja Offline");
    ok(
        &laptop,
        "checkin_undo",
        json!({"event_id": h.event, "registration_id": undone["person"]["registration_id"], "session_id": h.session}),
    );
    ok(
        &laptop,
        "checkin_walkin",
        json!({"event_id": h.event, "session_id": h.session, "name": "Budi Datang Langsung",
               "nip": "197905152005011002", "opd": "Dinas Baru Offline", "desk": "Meja Offline",
               "create_opd": true}),
    );
    drop(laptop);

    // Meanwhile the host checked three people in.
    for c in &h.codes[..3] {
        checkin(&h.api, &h, c, "Meja 1");
    }
    assert_eq!(present(&h.api, &h).len(), 3);

    let merge = |h: &Host| {
        let bytes = std::fs::read(&pkg_path).expect("read package");
        ok(
            &h.api,
            "merge_package",
            json!({"file_name": "paket.db",
                   "data": bintek_core::files::FilePayload::new("paket.db", &bytes).data}),
        )
    };
    let first = merge(&h);
    assert_eq!(first["events"], json!(["Bimtek Arsip"]));
    assert_eq!(first["checkins_added"], 3, "{first}"); // codes 3, 4 and the walk-in
    assert_eq!(first["registrations_added"], 1);
    assert_eq!(first["people_added"], 1);
    assert_eq!(first["opds_added"], 1);
    let conflicts = first["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 1, "{first}");
    assert_eq!(conflicts[0]["name"], "Peserta 2");
    assert_eq!(conflicts[0]["host_desk"], "Meja 1");
    assert_eq!(conflicts[0]["package_desk"], "Meja Offline");

    let list = present(&h.api, &h);
    assert_eq!(list.len(), 6, "3 host + 3 offline, the conflict once");
    let mut ids: Vec<&str> = list
        .iter()
        .map(|r| r["registration_id"].as_str().unwrap_or(""))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6, "no doubled attendance");
    assert!(list
        .iter()
        .any(|r| r["name"] == "Budi Datang Langsung" && r["desk"] == "Meja Offline"));
    assert!(
        !list.iter().any(|r| r["code"] == h.codes[5].as_str()),
        "the undone check-in stays undone"
    );
    let counts = ok(
        &h.api,
        "attendance_counts",
        json!({"event_id": h.event, "session_id": h.session}),
    );
    assert_eq!(counts["present"], 6);
    assert_eq!(counts["registered"], 9);

    // Twice: nothing changes, the conflict is still listed.
    let second = merge(&h);
    for key in [
        "checkins_added",
        "registrations_added",
        "people_added",
        "opds_added",
        "checkins_updated",
        "scans_added",
    ] {
        assert_eq!(second[key], 0, "{key}: {second}");
    }
    assert_eq!(second["conflicts"].as_array().map(Vec::len), Some(1));
    assert_eq!(present(&h.api, &h).len(), 6);
}

#[test]
fn a_package_of_another_host_or_no_package_is_refused() {
    let a = host();
    let b = host();
    let pkg = ok(&b.api, "event_package", json!({"event_id": b.event}));
    let e = call(
        &a.api,
        "merge_package",
        json!({"file_name": "paket.db", "data": pkg["data"]}),
    )
    .expect_err("unknown event");
    assert!(
        e.message.contains("tidak ada di komputer ini"),
        "{}",
        e.message
    );
    let junk = bintek_core::files::FilePayload::new("x.db", b"bukan basis data").data;
    let e = call(
        &a.api,
        "merge_package",
        json!({"file_name": "x.db", "data": junk}),
    )
    .expect_err("junk");
    assert_eq!(e.field.as_deref(), Some("data"));
    let e = call(&a.api, "event_package", json!({"event_id": "nope"})).expect_err("no event");
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(present(&a.api, &a).len(), 0);
}

/// Once any event had certificate settings, an override or certificates, no other event
/// could be packaged ("FOREIGN KEY constraint failed"): pruning must cover every table.
/// The package of the one event holds nothing of the other, in any table.
#[test]
fn another_events_certificate_data_neither_blocks_a_package_nor_travels_in_it() {
    let h = host();
    let other = ok(
        &h.api,
        "event_create",
        json!({"title": "Bimtek Sertifikat", "start_date": "2019-11-05"}),
    );
    let other_id = other["id"].as_str().expect("id").to_string();
    let person = ok(
        &h.api,
        "participant_add",
        json!({"event_id": other_id, "name": "Sertifikatwati", "opd": "Dinas Arsip"}),
    );
    ok(
        &h.api,
        "certificate_settings_set",
        json!({"event_id": other_id, "min_attendance": 50}),
    );
    ok(
        &h.api,
        "certificate_override",
        json!({"registration_id": person["participant"]["id"], "eligible": true,
               "reason": "Hadir di kelas susulan"}),
    );
    ok(&h.api, "certificate_issue", json!({"event_id": other_id}));

    let pkg = ok(&h.api, "event_package", json!({"event_id": h.event}));
    let bytes = bintek_core::files::decode_base64("data", pkg["data"].as_str().expect("data"))
        .expect("base64");
    let path = h.dir.path().join("paket.db");
    std::fs::write(&path, bytes).expect("write");
    let conn = rusqlite::Connection::open(&path).expect("open the package");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("names");
    for table in tables {
        let has_event = conn
            .prepare(&format!("SELECT event_id FROM \"{table}\" LIMIT 0"))
            .is_ok();
        if has_event {
            let foreign: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM \"{table}\" WHERE event_id != ?1"),
                    [&h.event],
                    |r| r.get(0),
                )
                .expect("count");
            assert_eq!(foreign, 0, "{table} holds another event's rows");
        }
    }
    let leaked: i64 = conn
        .query_row(
            "SELECT count(*) FROM person WHERE name = 'Sertifikatwati'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(leaked, 0);
}

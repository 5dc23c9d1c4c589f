//! Registration: OPDs, people, participants, quotas and substitution, on real temp files.

mod common;
use common::*;

use bintek_core::error::ErrorCode;
use bintek_core::Api;
use serde_json::{json, Value};

fn setup() -> (tempfile::TempDir, Api, String) {
    with_event("Bintek Medsos", "2019-09-17", None)
}

/// Adds someone; a new OPD typed here is confirmed (as the form does after asking).
fn add(api: &Api, event: &str, person: Value) -> Value {
    let mut args = person;
    args["event_id"] = json!(event);
    if args.get("create_opd").is_none() {
        args["create_opd"] = json!(true);
    }
    call(api, "participant_add", args)
}

#[test]
fn a_participant_is_added_with_clean_data_and_a_check_in_code() {
    let (_d, api, event) = setup();
    let saved = add(
        &api,
        &event,
        json!({
            "name": "  Drs.  H. Moh. Sumarsono,   M.Si. ",
            "nip": "NIP. 19650312 199003 1 005",
            "nik": "'3315011203650001",
            "opd": "  dinas komunikasi   dan informatika ",
            "phone": "0812-3456-7890",
            "email": "Sumarsono@Grobogan.go.id",
            "rank": "Pembina Utama Muda / IV/c",
            "position": "Sekretaris Daerah"
        }),
    );
    let p = &saved["participant"];
    assert_eq!(p["name"], "Drs. H. Moh. Sumarsono, M.Si.");
    assert_eq!(p["nip"], "196503121990031005");
    assert_eq!(p["nik"], "3315**********01", "NIK is masked by default");
    assert_eq!(p["gender"], "L", "gender decoded from the NIP");
    assert_eq!(p["phone"], "+6281234567890");
    assert_eq!(p["email"], "sumarsono@grobogan.go.id");
    assert_eq!(p["role"], "participant");
    assert_eq!(p["status"], "registered");
    let code = p["code"].as_str().expect("code");
    assert_eq!(code.len(), 6);
    assert!(
        code.chars()
            .all(|c| "ABCDEFGHJKMNPQRSTUVWXYZ23456789".contains(c)),
        "{code}"
    );

    let full = call(
        &api,
        "participant_get",
        json!({"id": p["id"], "reveal_nik": true}),
    );
    assert_eq!(full["nik"], "3315011203650001");

    // The OPD was created once and is matched ignoring case and spaces.
    let opds = call(&api, "opd_list", json!({}));
    assert_eq!(opds.as_array().map(Vec::len), Some(1));
    add(
        &api,
        &event,
        json!({"name": "Rina Marlina", "opd": "DINAS KOMUNIKASI DAN INFORMATIKA"}),
    );
    let opds = call(&api, "opd_list", json!({}));
    assert_eq!(opds.as_array().map(Vec::len), Some(1));
    assert_eq!(opds[0]["people"], 2);
}

#[test]
fn field_errors_name_the_field_in_indonesian() {
    let (_d, api, event) = setup();
    let err = call_err(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "Budi", "nip": "1.96503E+17", "phone": "12", "email": "x@"}),
    );
    assert_eq!(err.code, ErrorCode::Validation);
    let fields: Vec<&str> = err.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["nip", "phone", "email"]);
    assert!(err.errors[0].message.contains("tersimpan sebagai angka"));
    let err = try_call(
        &api,
        "participant_add",
        json!({"event_id": event, "name": " "}),
    )
    .expect_err("no name");
    assert_eq!(err.message, "Nama wajib diisi.");
    let list = call(&api, "participant_list", json!({"event_id": event}));
    assert_eq!(list, json!([]));
}

#[test]
fn people_are_reused_across_events_and_not_registered_twice() {
    let (_d, api, event) = setup();
    let other = call(
        &api,
        "event_create",
        json!({"title": "Bintek SPBE", "start_date": "2020-02-03"}),
    )["id"]
        .as_str()
        .expect("id")
        .to_string();
    let a = add(
        &api,
        &event,
        json!({"name": "Slamet Riyadi", "nip": "198807242015031003"}),
    );
    let b = add(
        &api,
        &other,
        json!({"name": "Slamet Riyadi, S.Kom.", "nip": "198807242015031003"}),
    );
    assert_eq!(a["participant"]["person_id"], b["participant"]["person_id"]);
    // The name correction reached the one person.
    let again = call(
        &api,
        "participant_get",
        json!({"id": a["participant"]["id"]}),
    );
    assert_eq!(again["name"], "Slamet Riyadi, S.Kom.");

    let err = call_err(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "Slamet Riyadi", "nip": "19880724 201503 1 003"}),
    );
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(err.field.as_deref(), Some("nip"));
    assert!(
        err.message
            .starts_with("Slamet Riyadi, S.Kom. sudah terdaftar"),
        "the stored name: {}",
        err.message
    );
    // The name correction is searchable (the index follows updates).
    let found = call(
        &api,
        "participant_list",
        json!({"event_id": event, "q": "s.kom"}),
    );
    assert_eq!(found.as_array().map(Vec::len), Some(1));
    assert_eq!(found[0]["name"], "Slamet Riyadi, S.Kom.");
}

#[test]
fn search_finds_by_name_nip_code_and_opd_and_filters_by_role() {
    let (_d, api, event) = setup();
    let sri = add(
        &api,
        &event,
        json!({"name": "Sri Wahyuni", "nip": "198807242015032003", "opd": "Bappeda"}),
    );
    add(
        &api,
        &event,
        json!({"name": "Agus Setiawan", "opd": "Dinas Kesehatan"}),
    );
    add(
        &api,
        &event,
        json!({"name": "Enrico Adrian Ramandha", "role": "narasumber"}),
    );
    let code = sri["participant"]["code"]
        .as_str()
        .expect("code")
        .to_lowercase();
    let names = |q: Value| -> Vec<String> {
        let mut args = q;
        args["event_id"] = json!(event);
        call(&api, "participant_list", args)
            .as_array()
            .expect("array")
            .iter()
            .map(|p| p["name"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(names(json!({"q": "wahyu"})), ["Sri Wahyuni"]);
    assert_eq!(names(json!({"q": "2015 032"})), ["Sri Wahyuni"]);
    assert_eq!(names(json!({"q": code})), ["Sri Wahyuni"]);
    assert_eq!(names(json!({"q": "kesehatan"})), ["Agus Setiawan"]);
    assert_eq!(
        names(json!({"q": "sri"})),
        ["Sri Wahyuni"],
        "short query, no index"
    );
    assert_eq!(
        names(json!({"role": "speaker"})),
        ["Enrico Adrian Ramandha"]
    );
    assert_eq!(
        names(json!({"q": "%"})),
        Vec::<String>::new(),
        "LIKE wildcards are literal"
    );
    assert_eq!(names(json!({})).len(), 3);
}

#[test]
fn substitution_keeps_the_history_of_the_seat() {
    let (_d, api, event) = setup();
    let old = add(
        &api,
        &event,
        json!({"name": "Budi Santoso", "opd": "Dinas Pendidikan"}),
    );
    let old_id = old["participant"]["id"].as_str().expect("id").to_string();
    let new = call(
        &api,
        "participant_substitute",
        json!({"id": old_id, "name": "Dewi Lestari", "note": "Budi sakit"}),
    );
    let p = &new["participant"];
    assert_eq!(p["name"], "Dewi Lestari");
    assert_eq!(p["opd"], "Dinas Pendidikan", "same OPD by default");
    assert_eq!(p["replaces_id"], json!(old_id));
    assert_eq!(p["replaces_name"], "Budi Santoso");
    assert_ne!(p["code"], old["participant"]["code"]);
    let before = call(&api, "participant_get", json!({"id": old_id}));
    assert_eq!(before["status"], "replaced");
    assert_eq!(before["replaced_by_name"], "Dewi Lestari");
    // A replaced seat cannot be replaced again; the new one can.
    let err = call_err(
        &api,
        "participant_substitute",
        json!({"id": old_id, "name": "X"}),
    );
    assert_eq!(err.code, ErrorCode::Conflict);
    // Registered list shows one seat.
    let active = call(
        &api,
        "participant_list",
        json!({"event_id": event, "status": "registered"}),
    );
    assert_eq!(active.as_array().map(Vec::len), Some(1));
}

#[test]
fn cancel_and_restore() {
    let (_d, api, event) = setup();
    let p = add(&api, &event, json!({"name": "Wahyu Hidayat"}));
    let id = p["participant"]["id"].clone();
    let c = call(
        &api,
        "participant_cancel",
        json!({"id": id, "reason": "Tugas luar kota"}),
    );
    assert_eq!(c["status"], "cancelled");
    assert_eq!(c["cancel_reason"], "Tugas luar kota");
    assert_eq!(c["note"], Value::Null, "the note is not overwritten");
    let err = call_err(&api, "participant_cancel", json!({"id": id}));
    assert_eq!(err.code, ErrorCode::Conflict);
    let r = call(
        &api,
        "participant_cancel",
        json!({"id": id, "restore": true}),
    );
    assert_eq!(r["status"], "registered");
}

#[test]
fn quotas_count_registered_participants_and_warn_when_over() {
    let (_d, api, event) = setup();
    let first = add(&api, &event, json!({"name": "Andi", "opd": "Dinas Sosial"}));
    assert_eq!(first["warnings"], json!([]));
    let opd_id = first["participant"]["opd_id"].clone();
    let rows = call(
        &api,
        "quota_set",
        json!({"event_id": event, "opd_id": opd_id, "quota": 1}),
    );
    assert_eq!(rows[0]["quota"], 1);
    assert_eq!(rows[0]["registered"], 1);
    assert_eq!(rows[0]["over"], false);
    let second = add(&api, &event, json!({"name": "Bayu", "opd": "dinas sosial"}));
    let warning = second["warnings"][0]["message"].as_str().expect("warning");
    assert!(warning.contains("melebihi kuota"), "{warning}");
    let rows = call(&api, "quota_list", json!({"event_id": event}));
    assert_eq!(rows[0]["registered"], 2);
    assert_eq!(rows[0]["over"], true);
    let err = call_err(
        &api,
        "quota_set",
        json!({"event_id": event, "opd_id": opd_id, "quota": -1}),
    );
    assert_eq!(err.field.as_deref(), Some("quota"));
}

#[test]
fn merging_opds_moves_people_and_keeps_the_old_name_as_an_alias() {
    let (_d, api, event) = setup();
    // The archive office was renamed: two OPDs that no matcher can tell are one.
    let a = add(
        &api,
        &event,
        json!({"name": "Andi", "opd": "Kantor Arsip Daerah"}),
    );
    let b = add(
        &api,
        &event,
        json!({"name": "Bayu", "opd": "Dinas Perpustakaan dan Kearsipan"}),
    );
    let from = a["participant"]["opd_id"].clone();
    let into = b["participant"]["opd_id"].clone();
    let merged = call(&api, "opd_merge", json!({"from_id": from, "into_id": into}));
    assert_eq!(merged["people"], 2);
    assert!(merged["aliases"]
        .as_array()
        .expect("aliases")
        .contains(&json!("Kantor Arsip Daerah")));
    // New rows with the old name land in the merged OPD.
    let c = add(
        &api,
        &event,
        json!({"name": "Citra", "opd": "KANTOR ARSIP DAERAH", "create_opd": false}),
    );
    assert_eq!(c["participant"]["opd_id"], into);
    let opds = call(&api, "opd_list", json!({}));
    assert_eq!(opds.as_array().map(Vec::len), Some(1));
}

#[test]
fn an_nik_of_someone_else_is_a_conflict_and_writes_nothing() {
    let (_d, api, event) = setup();
    add(
        &api,
        &event,
        json!({"name": "Ani", "nip": "198803122015032001", "nik": "3315015203880002"}),
    );
    let err = call_err(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "Ina", "nip": "198807242015032003", "nik": "3315015203880002"}),
    );
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(err.field.as_deref(), Some("nik"));
    let list = call(&api, "participant_list", json!({"event_id": event}));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
}

fn opd_count(api: &Api) -> usize {
    call(api, "opd_list", json!({}))
        .as_array()
        .map(Vec::len)
        .unwrap_or(0)
}

/// Issue 14.7: "Diskominfo" typed in the form became a second OPD beside "Dinas Komunikasi
/// dan Informatika". Short names, aliases and well-known abbreviations find the OPD.
#[test]
fn a_short_or_abbreviated_opd_finds_the_existing_one_and_creates_nothing() {
    let (_d, api, event) = setup();
    for name in [
        "Dinas Komunikasi dan Informatika",
        "Dinas Kesehatan",
        "Badan Perencanaan Pembangunan Daerah",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Kecamatan Depok",
    ] {
        call(&api, "opd_create", json!({"name": name}));
    }
    for (i, (typed, opd)) in [
        ("Diskominfo", "Dinas Komunikasi dan Informatika"),
        ("dinkes", "Dinas Kesehatan"),
        ("DINKES.", "Dinas Kesehatan"),
        ("Bappeda", "Badan Perencanaan Pembangunan Daerah"),
        ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
        ("Kec. Depok", "Kecamatan Depok"),
    ]
    .into_iter()
    .enumerate()
    {
        let saved = try_call(
            &api,
            "participant_add",
            json!({"event_id": event, "name": format!("Peserta {i}"), "opd": typed}),
        )
        .unwrap_or_else(|e| panic!("{typed}: {e:?}"));
        assert_eq!(saved["participant"]["opd"], opd, "{typed}");
    }
    assert_eq!(opd_count(&api), 5, "no OPD was created");

    // The same matcher answers the form as the user types, desks included (walk-ins).
    let s = call_as(
        &api,
        &desk("meja-1"),
        "opd_suggest",
        json!({"q": "diskominfo"}),
    );
    assert_eq!(s["status"], "one", "{s}");
    assert_eq!(
        s["suggestions"][0]["name"],
        "Dinas Komunikasi dan Informatika"
    );
    let s = call(&api, "opd_suggest", json!({"q": "dinas"}));
    assert_eq!(s["status"], "unknown", "a part is only a suggestion: {s}");
    assert!(s["suggestions"].as_array().expect("list").len() >= 3, "{s}");
}

/// The form never creates an OPD silently: an unknown one is asked about first.
#[test]
fn an_unknown_opd_is_refused_without_confirmation_and_created_with_it() {
    let (_d, api, event) = setup();
    call(
        &api,
        "opd_create",
        json!({"name": "Dinas Komunikasi dan Informatika"}),
    );
    let err = try_call(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "Rina", "opd": "Dinas Sosial"}),
    )
    .expect_err("asks first");
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.field.as_deref(), Some("opd"));
    assert!(err.message.contains("belum terdaftar"), "{}", err.message);
    assert_eq!(opd_count(&api), 1, "nothing created");
    assert_eq!(
        call(&api, "participant_list", json!({"event_id": event}))
            .as_array()
            .map(Vec::len),
        Some(0),
        "nobody registered"
    );
    let saved = call(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "Rina", "opd": "Dinas Sosial", "create_opd": true}),
    );
    assert_eq!(saved["participant"]["opd"], "Dinas Sosial");
    assert_eq!(saved["participant"]["opd_short_name"], "Dinsos");
    assert_eq!(opd_count(&api), 2);
}

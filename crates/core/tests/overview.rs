//! `event_overview`: the Beranda's checklist, on-the-day counts and results, through
//! `dispatch` as the UI calls it.

mod common;

use common::*;
use serde_json::{json, Value};

fn overview(api: &bintek_core::Api, event: &str) -> Value {
    call(api, "event_overview", json!({"event_id": event}))
}

fn checklist(o: &Value) -> Vec<(String, String, String)> {
    o["checklist"]
        .as_array()
        .expect("checklist")
        .iter()
        .map(|i| {
            (
                i["key"].as_str().unwrap_or_default().to_string(),
                i["status"].as_str().unwrap_or_default().to_string(),
                i["route"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn status_of(o: &Value, key: &str) -> String {
    checklist(o)
        .into_iter()
        .find(|(k, _, _)| k == key)
        .map(|(_, s, _)| s)
        .unwrap_or_else(|| panic!("no checklist item {key}"))
}

fn detail_of(o: &Value, key: &str) -> String {
    o["checklist"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["key"] == key)
        .and_then(|i| i["detail"].as_str())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_new_event_in_a_new_database_has_every_item_pending_with_where_to_fix_it() {
    let (_dir, api, event) = with_event("Bimtek Arsip", "2030-03-02", None);
    let o = overview(&api, &event);
    assert_eq!(o["phase"], "before");
    assert_eq!(
        checklist(&o),
        [
            ("profile", "/pengaturan/profil"),
            ("agenda", "/agenda"),
            ("speakers", "/agenda"),
            ("signatories", "/agenda/penanda-tangan"),
            ("registrations", "/peserta"),
            ("badges", "/peserta/kartu"),
            ("template", "/sertifikat/pengaturan"),
            ("backup", "/pengaturan/cadangan"),
        ]
        .iter()
        .map(|(k, r)| (k.to_string(), "pending".to_string(), r.to_string()))
        .collect::<Vec<_>>()
    );
    assert_eq!(o["registrations"]["participants"], 0);
    assert_eq!(o["sessions"], json!([]));
    assert_eq!(o["now_session"], Value::Null);
    assert_eq!(o["attendance_rate"], Value::Null);
    let e = call_err(&api, "event_overview", json!({"event_id": "tidak-ada"}));
    assert_eq!(e.field.as_deref(), Some("event_id"));
}

#[test]
fn a_prepared_event_has_every_item_done_and_says_what_is_still_missing() {
    let (dir, api, event) = with_event("Bimtek Arsip", "2030-03-02", Some("2030-03-03"));
    call(
        &api,
        "agency_profile_set",
        json!({"name": "Dinas Kearsipan dan Perpustakaan", "parent": "Pemerintah Kabupaten Grobogan",
               "phone": "(0292) 421234", "email": "arsip@grobogan.go.id", "website": "arsip.grobogankab.go.id"}),
    );
    let material = id(&call(
        &api,
        "session_add",
        json!({"event_id": event, "title": "Tata Naskah Dinas", "date": "2030-03-02",
               "start_time": "09:00", "end_time": "11:00"}),
    ));
    let second = id(&call(
        &api,
        "session_add",
        json!({"event_id": event, "title": "Arsip Digital", "date": "2030-03-03",
               "start_time": "09:00", "end_time": "11:00"}),
    ));
    call(
        &api,
        "speaker_add",
        json!({"event_id": event, "name": "Dr. Rina Kusuma", "institution": "ANRI", "session_id": material}),
    );
    let o = overview(&api, &event);
    assert_eq!(status_of(&o, "speakers"), "pending");
    assert!(
        detail_of(&o, "speakers")
            .contains("1 dari 2 sesi materi belum punya narasumber: Arsip Digital"),
        "{}",
        detail_of(&o, "speakers")
    );
    call(
        &api,
        "speaker_add",
        json!({"event_id": event, "name": "Budi Hartono", "institution": "ANRI", "session_id": second}),
    );
    call(
        &api,
        "signatory_set",
        json!({"event_id": event, "signatories": [{"name": "Drs. Sutrisno", "position": "Kepala Dinas"}]}),
    );
    let people = add_people(
        &api,
        &event,
        three_people(["Dinas Kesehatan", "Bappeda", "Dinas Kesehatan"]),
    );
    let opds = call(&api, "opd_list", json!({}));
    let opd = |name: &str| {
        opds.as_array()
            .into_iter()
            .flatten()
            .find(|o| o["name"] == name)
            .map(id)
            .expect("opd")
    };
    call(
        &api,
        "quota_set",
        json!({"event_id": event, "opd_id": opd("Dinas Kesehatan"), "quota": 2}),
    );
    call(
        &api,
        "quota_set",
        json!({"event_id": event, "opd_id": opd("Bappeda"), "quota": 1}),
    );
    let sent_nobody = id(&call(
        &api,
        "opd_create",
        json!({"name": "Dinas Pendidikan"}),
    ));
    call(
        &api,
        "quota_set",
        json!({"event_id": event, "opd_id": sent_nobody, "quota": 3}),
    );
    let o = overview(&api, &event);
    assert_eq!(status_of(&o, "registrations"), "warn");
    assert!(
        detail_of(&o, "registrations").contains("1 OPD belum mengirim peserta: Dinas Pendidikan"),
        "{}",
        detail_of(&o, "registrations")
    );
    assert_eq!(o["opds_without_registrations"], json!(["Dinas Pendidikan"]));
    call(
        &api,
        "quota_set",
        json!({"event_id": event, "opd_id": sent_nobody, "quota": null}),
    );

    // Cards of one person first: the others still have none.
    call(
        &api,
        "badges_pdf",
        json!({"event_id": event, "registration_ids": [people[0].id]}),
    );
    let o = overview(&api, &event);
    assert_eq!(status_of(&o, "badges"), "warn");
    assert!(
        detail_of(&o, "badges").starts_with("1 kartu dicetak; 2 peserta belum punya kartu."),
        "{}",
        detail_of(&o, "badges")
    );
    call(&api, "badges_pdf", json!({"event_id": event}));
    let templates = call(&api, "certificate_template_list", json!({}));
    let template = id(&templates[0]);
    call(
        &api,
        "certificate_settings_set",
        json!({"event_id": event, "role_templates": {"participant": template}}),
    );
    call(&api, "backup_create", json!({}));
    let usb = tempfile::tempdir().expect("second folder");
    call(
        &api,
        "backup_settings_set",
        json!({"second_folder": usb.path().display().to_string()}),
    );
    call(&api, "backup_create", json!({}));

    let o = overview(&api, &event);
    let not_done: Vec<_> = checklist(&o)
        .into_iter()
        .filter(|(_, s, _)| s != "done")
        .collect();
    assert!(not_done.is_empty(), "{not_done:?}\n{o:#}");
    assert_eq!(
        detail_of(&o, "profile"),
        "Dinas Kearsipan dan Perpustakaan, Pemerintah Kabupaten Grobogan"
    );
    assert_eq!(
        detail_of(&o, "agenda"),
        "2 sesi dalam 2 hari, 2 sesi mencatat kehadiran."
    );
    assert!(detail_of(&o, "registrations").starts_with("3 peserta dari 2 OPD, kuota 3."));
    assert_eq!(o["registrations"]["participants"], 3);
    assert_eq!(o["registrations"]["speakers"], 2);
    assert_eq!(
        o["certificates"]["eligible"], 2,
        "the speakers; participants attended nothing"
    );
    assert_eq!(o["certificates"]["not_eligible"], 3);
    drop(api);
    drop(dir);
}

#[test]
fn on_the_day_it_counts_present_per_session_and_opd_desks_and_walk_ins() {
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let (_dir, api, event) = with_event("Bimtek Hari Ini", &today, None);
    let session = id(&call(
        &api,
        "session_add",
        json!({"event_id": event, "title": "Sepanjang hari", "date": today,
               "start_time": "00:00", "end_time": "23:59"}),
    ));
    let people = add_people(
        &api,
        &event,
        three_people(["Dinas Kesehatan", "Bappeda", "Dinas Kesehatan"]),
    );
    let desk1 = desk("Meja 1");
    for p in &people[..2] {
        call_as(
            &api,
            &desk1,
            "checkin",
            json!({"event_id": event, "session_id": session, "code": p.code}),
        );
    }
    call_as(
        &api,
        &desk("Meja 2"),
        "checkin_walkin",
        json!({"event_id": event, "session_id": session, "name": "Wulan Sari", "opd": "Bappeda"}),
    );
    let o = overview(&api, &event);
    assert_eq!(o["phase"], "during");
    assert_eq!(o["today"], today);
    if chrono::Local::now().format("%H:%M").to_string().as_str() < "23:59" {
        assert_eq!(o["now_session"], session);
        assert_eq!(o["focus_session"], session);
    }
    let s = &o["sessions"][0];
    assert_eq!(
        (s["present"].as_i64(), s["registered"].as_i64()),
        (Some(3), Some(4))
    );
    assert_eq!(s["percent"], 75);
    assert_eq!(o["attendance_rate"], 75);
    assert_eq!(o["registrations"]["walkins"], 1);
    let opds: Vec<(String, i64, i64)> = o["opds"]
        .as_array()
        .expect("opds")
        .iter()
        .map(|o| {
            (
                o["opd"].as_str().unwrap_or_default().to_string(),
                o["registered"].as_i64().unwrap_or(-1),
                o["present"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(
        opds,
        [
            ("Bappeda".to_string(), 2, 2),
            ("Dinas Kesehatan".to_string(), 2, 1)
        ]
        .to_vec(),
        "{o:#}"
    );
    let desks: Vec<(String, i64)> = o["desks"]
        .as_array()
        .expect("desks")
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap_or_default().to_string(),
                d["checkins"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(
        desks,
        [("Meja 1".to_string(), 2), ("Meja 2".to_string(), 1)].to_vec()
    );
    assert!(o["desks"][0]["last_checkin_at"].is_string());

    // An undone check-in no longer counts.
    call_as(
        &api,
        &desk1,
        "checkin_undo",
        json!({"event_id": event, "session_id": session, "registration_id": people[0].id}),
    );
    let o = overview(&api, &event);
    assert_eq!(o["sessions"][0]["present"], 2);
    assert_eq!(o["desks"][0]["checkins"], 1);
}

#[test]
fn the_agency_profile_is_checked_field_by_field_and_nothing_is_saved_on_error() {
    let (_dir, api) = temp_api();
    assert_eq!(call(&api, "agency_profile_get", json!({})), Value::Null);
    let e = call_err(
        &api,
        "agency_profile_set",
        json!({"name": " ", "email": "arsip@", "website": "grobogan", "phone": "telepon kantor"}),
    );
    let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["name", "phone", "email", "website"], "{e:?}");
    assert!(e.errors[0].message.contains("Nama instansi wajib diisi"));
    assert_eq!(call(&api, "agency_profile_get", json!({})), Value::Null);
    let saved = call(
        &api,
        "agency_profile_set",
        json!({"name": "  Dinas Komunikasi dan Informatika ", "email": "Kominfo@Grobogan.go.id"}),
    );
    assert_eq!(saved["name"], "Dinas Komunikasi dan Informatika");
    assert_eq!(saved["email"], "kominfo@grobogan.go.id");
    assert_eq!(call(&api, "agency_profile_get", json!({})), saved);
    let e = call_err_as(
        &api,
        &desk("Meja 1"),
        "agency_profile_set",
        json!({"name": "X"}),
    );
    assert_eq!(e.code, bintek_core::ErrorCode::Forbidden);
}

#[test]
fn the_demo_is_marked_and_removed_in_one_step_keeping_the_organizers_own_data() {
    let (_dir, api, mine) = with_event("Bimtek Kepegawaian", "2030-01-06", None);
    call(
        &api,
        "agency_profile_set",
        json!({"name": "Badan Kepegawaian Daerah"}),
    );
    // The organizer's own participant, in an OPD the demo uses too.
    let own = add_people(
        &api,
        &mine,
        [person(
            "Sri Wahyuni",
            Some("198807242015032003"),
            Some("Sekretariat Daerah"),
        )],
    );
    assert_eq!(
        call(&api, "demo_info", json!({})),
        json!({"event_id": null})
    );
    let demo = call(&api, "demo_open", json!({}));
    assert_eq!(call(&api, "demo_info", json!({}))["event_id"], demo["id"]);
    assert_eq!(
        call(&api, "demo_open", json!({}))["id"],
        demo["id"],
        "opening it again gives the same demo"
    );
    // The demo does not replace the organizer's profile.
    assert_eq!(
        call(&api, "agency_profile_get", json!({}))["name"],
        "Badan Kepegawaian Daerah"
    );
    let opds_with_demo = call(&api, "opd_list", json!({})).as_array().map(Vec::len);

    let removed = call(&api, "demo_remove", json!({}));
    assert_eq!(
        removed["registrations"].as_i64().map(|n| n > 100),
        Some(true),
        "{removed}"
    );
    assert!(removed["message"]
        .as_str()
        .unwrap_or_default()
        .starts_with("Data contoh dihapus"));
    assert_eq!(
        call(&api, "demo_info", json!({})),
        json!({"event_id": null})
    );
    let events = call(&api, "event_list", json!({"include_archived": true}));
    let ids: Vec<&str> = events
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(ids, [mine.as_str()]);
    let e = call_err(&api, "event_get", json!({"id": demo["id"]}));
    assert_eq!(e.code, bintek_core::ErrorCode::NotFound);
    // The organizer's participant, OPD and profile stay; the demo's other OPDs go.
    let list = call(&api, "participant_list", json!({"event_id": mine}));
    assert_eq!(list[0]["id"].as_str(), Some(own[0].id.as_str()));
    let opds = call(&api, "opd_list", json!({}));
    let names: Vec<&str> = opds
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["Sekretariat Daerah"],
        "{names:?} (with the demo: {opds_with_demo:?})"
    );
    assert_eq!(
        call(&api, "agency_profile_get", json!({}))["name"],
        "Badan Kepegawaian Daerah"
    );
    let e = call_err(&api, "demo_remove", json!({}));
    assert_eq!(e.code, bintek_core::ErrorCode::NotFound);
}

#[test]
fn a_demo_opened_in_an_empty_database_brings_its_profile_and_takes_it_away() {
    let (_dir, api) = temp_api();
    call(&api, "demo_open", json!({}));
    assert_eq!(
        call(&api, "agency_profile_get", json!({}))["parent"],
        "Pemerintah Kabupaten Grobogan"
    );
    call(&api, "demo_remove", json!({}));
    assert_eq!(call(&api, "agency_profile_get", json!({})), Value::Null);
    assert_eq!(call(&api, "opd_list", json!({})), json!([]));
    assert_eq!(call(&api, "event_list", json!({})), json!([]));
    assert_eq!(call(&api, "person_search", json!({"q": "a"})), json!([]));
}

#[test]
fn the_logo_is_checked_kept_replaced_and_removed() {
    use base64::Engine as _;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let (_dir, api) = temp_api();
    let logo = bintek_docs::logo::sample_png();
    let saved = call(
        &api,
        "agency_profile_set",
        json!({"name": "Dinas Kearsipan", "logo": {"mime": "image/png", "data": b64(&logo.data)}}),
    );
    assert_eq!(saved["logo"]["mime"], "image/png");
    assert_eq!(saved["logo"]["data"], b64(&logo.data));
    // Saving the form again without a new logo keeps it.
    let again = call(
        &api,
        "agency_profile_set",
        json!({"name": "Dinas Kearsipan dan Perpustakaan"}),
    );
    assert_eq!(again["logo"]["data"], b64(&logo.data));
    // A file that is not what it says, or not an image, is refused by field; nothing changes.
    for (mime, data, says) in [
        ("image/jpeg", b64(&logo.data), "tidak sesuai"),
        (
            "image/png",
            b64(b"<svg onload=alert(1)>"),
            "bukan gambar PNG atau JPEG",
        ),
        (
            "image/png",
            b64(&logo.data[..80]),
            "Logo tidak dapat dipakai",
        ),
    ] {
        let e = call_err(
            &api,
            "agency_profile_set",
            json!({"name": "Lain", "logo": {"mime": mime, "data": data}}),
        );
        assert_eq!(e.errors[0].field, "logo", "{e:?}");
        assert!(e.errors[0].message.contains(says), "{e:?}");
    }
    let e = call_err(
        &api,
        "agency_profile_set",
        json!({"name": "Lain", "logo": {"mime": "image/png", "data": "bukan base64!"}}),
    );
    assert!(
        e.field.as_deref().is_some_and(|f| f.starts_with("logo")),
        "{e:?}"
    );
    assert_eq!(
        call(&api, "agency_profile_get", json!({}))["name"],
        "Dinas Kearsipan dan Perpustakaan"
    );
    let removed = call(
        &api,
        "agency_profile_set",
        json!({"name": "Dinas Kearsipan", "remove_logo": true}),
    );
    assert_eq!(removed["logo"], Value::Null);
}

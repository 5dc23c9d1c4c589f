//! The laporan pelaksanaan through `dispatch` as the UI calls it: the draft kept between
//! visits and checked field by field, photos checked and downscaled on import, moved and
//! deleted, the minutes of a session. (The PDF's and the DOCX's text are checked at the
//! CLI, in crates/cli/tests/letters.rs.)

mod common;

use base64::Engine;
use common::*;
use serde_json::{json, Value};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn report(api: &bintek_core::Api, event: &str) -> Value {
    call(api, "report_get", json!({"event_id": event}))
}

fn part<'a>(r: &'a Value, key: &str) -> &'a Value {
    r["parts"]
        .as_array()
        .and_then(|p| p.iter().find(|x| x["key"] == key))
        .unwrap_or_else(|| panic!("no part {key}"))
}

#[test]
fn the_draft_is_kept_between_visits_and_a_bad_field_keeps_nothing() {
    let (_dir, api, event) = with_event("Bimtek Arsip", "2030-03-02", Some("2030-03-03"));
    let r = report(&api, &event);
    assert_eq!(part(&r, "latar_belakang")["text"], "");
    assert!(part(&r, "latar_belakang")["default_text"]
        .as_str()
        .unwrap_or_default()
        .contains("Bimtek Arsip"));
    assert_eq!(r["updated_at"], Value::Null);
    assert_eq!(r["attach_agenda"], true);

    let e = call_err(
        &api,
        "report_set",
        json!({"event_id": event, "hambatan": "Listrik padam.", "report_date": "2030-13-01",
               "signatory_ord": 5, "saran": "x".repeat(10_001)}),
    );
    let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["saran", "report_date", "signatory_ord"], "{e:?}");
    assert_eq!(
        part(&report(&api, &event), "hambatan")["text"],
        "",
        "nothing kept"
    );

    let saved = call(
        &api,
        "report_set",
        json!({"event_id": event, "hambatan": "Listrik padam 30 menit.\r\n\r\nGenset menyala.  ",
               "attach_attendance": true, "place": "Purwodadi"}),
    );
    assert_eq!(
        part(&saved, "hambatan")["text"],
        "Listrik padam 30 menit.\n\nGenset menyala."
    );
    let again = report(&api, &event);
    assert_eq!(
        part(&again, "hambatan")["text"],
        "Listrik padam 30 menit.\n\nGenset menyala."
    );
    assert_eq!(again["attach_attendance"], true);
    assert_eq!(again["place"], "Purwodadi");
    assert!(again["updated_at"].is_string());
    let cleared = call(
        &api,
        "report_set",
        json!({"event_id": event, "hambatan": "  "}),
    );
    assert_eq!(
        part(&cleared, "hambatan")["text"],
        "",
        "blank: back to the default"
    );
}

#[test]
fn photos_are_checked_downscaled_moved_and_deleted() {
    let (_dir, api, event) = with_event("Bimtek Arsip", "2030-03-02", None);
    let add = |caption: &str, mime: &str, bytes: &[u8]| {
        try_call(
            &api,
            "report_photo_add",
            json!({"event_id": event, "caption": caption, "mime": mime, "data": b64(bytes)}),
        )
    };
    let e = add(
        "",
        "image/jpeg",
        &bintek_docs::photo::sample_jpeg(800, 600, 1),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("caption"));
    let e = add("Pembukaan", "image/gif", b"GIF89a").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("mime"));
    let e = add("Pembukaan", "image/jpeg", b"\xFF\xD8\xFF\xE0 not really").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("data"));
    assert!(
        e.message.starts_with("Foto tidak dapat dipakai"),
        "{}",
        e.message
    );
    let e = add(
        "Pembukaan",
        "image/png",
        &bintek_docs::photo::sample_jpeg(800, 600, 1),
    )
    .unwrap_err();
    assert!(e.message.contains("tidak sesuai"), "{}", e.message);
    assert_eq!(report(&api, &event)["photos"], json!([]), "nothing kept");

    let big = add(
        "Pembukaan",
        "image/jpeg",
        &bintek_docs::photo::sample_jpeg(2400, 1800, 1),
    )
    .expect("a phone photo");
    assert_eq!(
        (big["width"].as_i64(), big["height"].as_i64()),
        (Some(1600), Some(1200))
    );
    let second = add(
        "Sesi materi",
        "image/jpeg",
        &bintek_docs::photo::sample_jpeg(900, 600, 2),
    )
    .expect("photo");
    let jpeg = call(&api, "report_photo_get", json!({"id": big["id"]}));
    let bytes = bintek_core::files::decode_base64("data", jpeg["data"].as_str().unwrap_or(""))
        .expect("b64");
    assert!(bytes.starts_with(&[0xFF, 0xD8]) && bytes.len() < 1024 * 1024);

    call(
        &api,
        "report_photo_update",
        json!({"id": second["id"], "move_by": -1, "caption": "Sesi materi hari pertama"}),
    );
    let captions: Vec<String> = report(&api, &event)["photos"]
        .as_array()
        .expect("photos")
        .iter()
        .map(|p| p["caption"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(captions, ["Sesi materi hari pertama", "Pembukaan"]);
    call(&api, "report_photo_delete", json!({"id": big["id"]}));
    assert_eq!(
        report(&api, &event)["photos"].as_array().map(Vec::len),
        Some(1)
    );
    let e = call_err(&api, "report_photo_delete", json!({"id": big["id"]}));
    assert_eq!(e.code, bintek_core::ErrorCode::NotFound);
}

#[test]
fn minutes_per_session_and_the_report_prints_from_the_demo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = bintek_core::Api::open(&dir.path().join("bintek.db")).expect("open");
    let event = bintek_core::demo::seed(&api).expect("demo").id;
    let r = report(&api, &event);
    assert_eq!(
        r["photos"].as_array().map(Vec::len),
        Some(2),
        "the demo's photos"
    );
    let minutes = r["minutes"].as_array().expect("minutes");
    assert!(
        minutes.iter().all(|m| m["title"] != "Rehat Kopi"),
        "breaks have no minutes"
    );
    let filled = minutes
        .iter()
        .find(|m| m["topics"] != "")
        .expect("the demo's minutes");
    assert!(filled["speakers"].as_array().map_or(0, Vec::len) > 0);
    let other = &minutes[0];
    let saved = call(
        &api,
        "session_minutes_set",
        json!({"session_id": other["session_id"], "chair": "Drs. Moh. Sumarsono, M.Si.",
               "conclusions": "Sekda membuka kegiatan."}),
    );
    assert_eq!(saved["chair"], "Drs. Moh. Sumarsono, M.Si.");
    let e = call_err(
        &api,
        "session_minutes_set",
        json!({"session_id": "tidak-ada", "topics": "x"}),
    );
    assert_eq!(e.code, bintek_core::ErrorCode::NotFound);
    for format in ["pdf", "docx"] {
        let f = call(
            &api,
            "report_print",
            json!({"event_id": event, "format": format}),
        );
        assert!(f["file_name"]
            .as_str()
            .unwrap_or_default()
            .ends_with(&format!(".{format}")));
    }
    let e = call_err(
        &api,
        "report_print",
        json!({"event_id": event, "format": "odt"}),
    );
    assert_eq!(e.field.as_deref(), Some("format"));
    let e = call_err_as(
        &api,
        &desk("Meja 1"),
        "report_get",
        json!({"event_id": event}),
    );
    assert_eq!(e.code, bintek_core::ErrorCode::Forbidden);
}

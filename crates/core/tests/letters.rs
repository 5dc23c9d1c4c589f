//! Letters through `dispatch` as the UI calls them: settings and their checks, numbers
//! given once and never again, who gets a letter. (The PDF's and the DOCX's text are
//! checked at the CLI, in crates/cli/tests/letters.rs.)

mod common;

use common::*;
use serde_json::{json, Value};

fn settings(api: &bintek_core::Api, event: &str, kind: &str) -> Value {
    call(
        api,
        "letter_settings_get",
        json!({"event_id": event, "kind": kind}),
    )
}

fn numbers(s: &Value) -> Vec<(String, String)> {
    s["addressees"]
        .as_array()
        .expect("addressees")
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap_or_default().to_string(),
                a["number"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

fn print(api: &bintek_core::Api, event: &str, kind: &str) -> Value {
    call(
        api,
        "letter_print",
        json!({"event_id": event, "kind": kind, "format": "pdf"}),
    )
}

fn opd(api: &bintek_core::Api, name: &str) -> String {
    id(&call(api, "opd_create", json!({"name": name})))
}

fn quota(api: &bintek_core::Api, event: &str, opd: &str, n: i64) {
    call(
        api,
        "quota_set",
        json!({"event_id": event, "opd_id": opd, "quota": n}),
    );
}

#[test]
fn every_opd_with_a_quota_gets_a_number_once_and_no_number_is_given_twice() {
    let (_dir, api, event) = with_event("Bimtek Arsip", "2030-03-02", None);
    call(
        &api,
        "agency_profile_set",
        json!({"name": "Dinas Komunikasi dan Informatika", "parent": "Pemerintah Kabupaten Grobogan"}),
    );
    call(
        &api,
        "letter_settings_set",
        json!({"event_id": event, "kind": "undangan", "letter_date": "2030-02-10"}),
    );
    let e = call_err(
        &api,
        "letter_print",
        json!({"event_id": event, "kind": "undangan"}),
    );
    assert_eq!(e.field.as_deref(), Some("event_id"));
    assert!(
        e.message.contains("Belum ada OPD dengan kuota"),
        "{}",
        e.message
    );

    let (kes, godong, bappeda) = (
        opd(&api, "Dinas Kesehatan"),
        opd(&api, "Kecamatan Godong"),
        opd(&api, "Bappeda"),
    );
    quota(&api, &event, &kes, 3);
    quota(&api, &event, &godong, 2);
    let s = settings(&api, &event, "undangan");
    assert_eq!(
        numbers(&s),
        [("Dinas Kesehatan", "-"), ("Kecamatan Godong", "-")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(s["next_number"], "001/UND/DISKOMINFO/II/2030");
    let field = |name: &str| {
        s["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|f| f["name"] == name)
            .map(|f| f["example"].as_str().unwrap_or_default().to_string())
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    assert_eq!(field("kuota"), "3 (tiga) orang");
    assert_eq!(field("opd"), "Dinas Kesehatan");
    assert_eq!(field("pemerintah"), "Pemerintah Kabupaten Grobogan");

    let file = print(&api, &event, "undangan");
    assert!(file["file_name"]
        .as_str()
        .unwrap_or_default()
        .ends_with(".pdf"));
    let first = numbers(&settings(&api, &event, "undangan"));
    assert_eq!(
        first,
        [
            ("Dinas Kesehatan", "001/UND/DISKOMINFO/II/2030"),
            ("Kecamatan Godong", "002/UND/DISKOMINFO/II/2030")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // Printing again keeps the numbers.
    print(&api, &event, "undangan");
    assert_eq!(numbers(&settings(&api, &event, "undangan")), first);

    // An OPD dropped keeps its number; a new one gets the next, never the dropped one's.
    quota(&api, &event, &godong, 0);
    quota(&api, &event, &bappeda, 1);
    print(&api, &event, "undangan");
    let s = settings(&api, &event, "undangan");
    assert_eq!(
        numbers(&s),
        [
            ("Bappeda", "003/UND/DISKOMINFO/II/2030"),
            ("Dinas Kesehatan", "001/UND/DISKOMINFO/II/2030")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(s["issued"].as_array().map(Vec::len), Some(3));

    // The agency's register is ahead: the next number follows it; never behind Bintek's.
    call(
        &api,
        "letter_settings_set",
        json!({"event_id": event, "kind": "undangan", "next_seq": 57}),
    );
    assert_eq!(
        settings(&api, &event, "undangan")["next_number"],
        "057/UND/DISKOMINFO/II/2030"
    );
    call(
        &api,
        "letter_settings_set",
        json!({"event_id": event, "kind": "undangan", "next_seq": 2}),
    );
    assert_eq!(
        settings(&api, &event, "undangan")["next_number"],
        "004/UND/DISKOMINFO/II/2030"
    );

    // The numbers run on across the year's events.
    call(
        &api,
        "letter_settings_set",
        json!({"event_id": event, "kind": "undangan", "next_seq": 0}),
    );
    quota(&api, &event, &godong, 2);
    let other = with_event_in(&api, "Bimtek Lain", "2030-05-01");
    quota(&api, &other, &kes, 1);
    call(
        &api,
        "letter_settings_set",
        json!({"event_id": other, "kind": "undangan", "letter_date": "2030-04-01"}),
    );
    print(&api, &other, "undangan");
    assert_eq!(
        numbers(&settings(&api, &other, "undangan")),
        [(
            "Dinas Kesehatan".to_string(),
            "004/UND/DISKOMINFO/IV/2030".to_string()
        )]
    );
    // A new year starts at 1 again, but a pattern that would print a number already
    // given (here: one without {year}) skips it.
    let next_year = with_event_in(&api, "Bimtek 2031", "2031-02-01");
    quota(&api, &next_year, &kes, 1);
    call(
        &api,
        "letter_settings_set",
        json!({"event_id": next_year, "kind": "undangan", "letter_date": "2031-01-05",
               "number_pattern": "{seq:3}/UND/{org}/II/2030"}),
    );
    print(&api, &next_year, "undangan");
    assert_eq!(
        numbers(&settings(&api, &next_year, "undangan")),
        [(
            "Dinas Kesehatan".to_string(),
            "004/UND/DISKOMINFO/II/2030".to_string()
        )],
        "001–003/…/II/2030 are taken"
    );

    // Only the chosen addressees; an unknown key is refused.
    let e = call_err(
        &api,
        "letter_print",
        json!({"event_id": event, "kind": "undangan", "keys": ["bukan-opd"]}),
    );
    assert_eq!(e.field.as_deref(), Some("keys"));
    call(
        &api,
        "letter_print",
        json!({"event_id": event, "kind": "undangan", "keys": [godong]}),
    );
    assert_eq!(
        numbers(&settings(&api, &event, "undangan"))
            .into_iter()
            .find(|(n, _)| n == "Kecamatan Godong")
            .map(|(_, number)| number),
        Some("002/UND/DISKOMINFO/II/2030".to_string()),
        "back in the list, the OPD gets its old number again"
    );
}

fn with_event_in(api: &bintek_core::Api, title: &str, start: &str) -> String {
    event(api, title, start, None)
}

#[test]
fn a_letter_text_with_an_unknown_field_is_refused_naming_the_valid_ones_and_nothing_is_kept() {
    let (_dir, api, event) = with_event("Bimtek Arsip", "2030-03-02", None);
    let e = call_err(
        &api,
        "letter_settings_set",
        json!({"event_id": event, "kind": "undangan", "sifat": "Segera",
               "body": "Kami mengundang {opd} ke {lokasi}."}),
    );
    assert_eq!(e.errors[0].field, "body");
    assert!(
        e.errors[0].message.contains("{lokasi} tidak dikenal")
            && e.errors[0].message.contains("{nama_kegiatan}")
            && e.errors[0].message.contains("{kuota}"),
        "{}",
        e.errors[0].message
    );
    let s = settings(&api, &event, "undangan");
    assert_eq!(s["sifat"], "Biasa", "nothing of a refused change is kept");
    assert_eq!(s["body_is_default"], true);

    let e = call_err(
        &api,
        "letter_settings_set",
        json!({"event_id": event, "kind": "tugas", "body": "Hadir sebagai {kuota}.",
               "attachment": "quota", "time_zone": "GMT", "letter_date": "2030-02-31",
               "number_pattern": "{nomor}", "signatory_ord": 3}),
    );
    let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
    for f in [
        "body",
        "attachment",
        "time_zone",
        "letter_date",
        "number_pattern",
        "signatory_ord",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }

    let saved = call(
        &api,
        "letter_settings_set",
        json!({"event_id": event, "kind": "undangan",
               "body": "Kami mengundang {opd}.\n\nTempat : {tempat}", "dress_code": "Batik"}),
    );
    assert_eq!(saved["body_is_default"], false);
    assert_eq!(saved["dress_code"], "Batik");
    let reset = call(
        &api,
        "letter_settings_set",
        json!({"event_id": event, "kind": "undangan", "body": ""}),
    );
    assert_eq!(reset["body_is_default"], true);
    assert_eq!(reset["body"], reset["default_body"]);
}

#[test]
fn speakers_and_the_committee_get_their_letters_and_a_desk_gets_none() {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = bintek_core::Api::open(&dir.path().join("bintek.db")).expect("open");
    let event = bintek_core::demo::seed(&api).expect("demo").id;
    let ns = settings(&api, &event, "narasumber");
    assert!(ns["addressees"].as_array().map_or(0, Vec::len) >= 2);
    print(&api, &event, "narasumber");
    let ns = settings(&api, &event, "narasumber");
    assert!(numbers(&ns)
        .iter()
        .all(|(_, n)| n.starts_with("0") && n.contains("/NS/")));
    let st = settings(&api, &event, "tugas");
    assert_eq!(numbers(&st).len(), 1, "one surat tugas for the committee");
    let zip = call(
        &api,
        "letter_print",
        json!({"event_id": event, "kind": "tugas", "format": "zip"}),
    );
    assert!(zip["file_name"]
        .as_str()
        .unwrap_or_default()
        .ends_with(".zip"));
    let e = call_err_as(
        &api,
        &desk("Meja 1"),
        "letter_print",
        json!({"event_id": event, "kind": "undangan"}),
    );
    assert_eq!(e.code, bintek_core::ErrorCode::Forbidden);
    let e = call_err(
        &api,
        "letter_print",
        json!({"event_id": event, "kind": "undangan", "format": "odt"}),
    );
    assert_eq!(e.field.as_deref(), Some("format"));
}

//! Keuangan through `dispatch` as the UI calls it: the worked examples of the honoraria
//! and their PPh 21, transport money from the attendance with a logged correction, the
//! rate table (set, copied, imported all-or-nothing, exported), masking, a document
//! marked outdated when its figures change, and the desk kept out. (The documents' text
//! is checked at the CLI, in crates/cli/tests/finance.rs.)

mod common;

use base64::Engine;
use common::*;
use serde_json::{json, Value};

fn overview(api: &bintek_core::Api, event: &str) -> Value {
    call(api, "finance_get", json!({"event_id": event}))
}

/// The line of `name` of `kind` (narasumber, moderator, transport).
fn line<'a>(o: &'a Value, list: &str, name: &str, kind: &str) -> &'a Value {
    o[list]
        .as_array()
        .and_then(|ls| ls.iter().find(|l| l["name"] == name && l["kind"] == kind))
        .unwrap_or_else(|| panic!("no {kind} line of {name} in {o:#}"))
}

fn figures(l: &Value) -> (i64, i64, i64, i64, String) {
    (
        l["quantity"].as_i64().unwrap_or(-1),
        l["gross"].as_i64().unwrap_or(-1),
        l["tax"].as_i64().unwrap_or(-1),
        l["net"].as_i64().unwrap_or(-1),
        l["tax_rate"].as_str().unwrap_or("").to_string(),
    )
}

fn add(api: &bintek_core::Api, event: &str, p: Value) -> String {
    let mut p = p;
    p["event_id"] = json!(event);
    id(&call(api, "participant_add", p)["participant"])
}

fn assign(api: &bintek_core::Api, session: &str, reg: &str, role: &str) {
    call(
        api,
        "session_assign",
        json!({"session_id": session, "registration_id": reg, "role": role}),
    );
}

struct Bimtek {
    _dir: tempfile::TempDir,
    api: bintek_core::Api,
    event: String,
    sessions: Vec<String>,
}

/// An event of 2019 with two 60-minute sessions and a 90-minute one; the example rates
/// of 2019 in the table.
fn bimtek() -> Bimtek {
    let (dir, api) = temp_api();
    let (event, sessions) = event_with_sessions(
        &api,
        "Bimtek Keamanan Informasi",
        None,
        &[
            ("Kebijakan Keamanan Informasi", "09:00", "10:00"),
            ("Manajemen Risiko", "10:00", "11:00"),
            ("Praktik Insiden", "13:00", "14:30"),
        ],
    );
    let rates = call(&api, "finance_rates_copy", json!({"year": 2019}));
    assert_eq!(rates.as_array().map(Vec::len), Some(7), "{rates:#}");
    Bimtek {
        _dir: dir,
        api,
        event,
        sessions,
    }
}

#[test]
fn the_worked_examples_of_honoraria_and_their_tax() {
    let b = bimtek();
    let (api, event, s) = (&b.api, b.event.as_str(), &b.sessions);
    let andi = add(
        api,
        event,
        json!({"name": "Andi Wijaya", "nip": "198001012005011001", "rank": "Penata (III/c)",
               "role": "speaker"}),
    );
    let budi = add(
        api,
        event,
        json!({"name": "Budi Hartono", "nip": "197501012000031002", "rank": "Pembina / IV.a",
               "role": "speaker"}),
    );
    let citra = add(
        api,
        event,
        json!({"name": "Citra Lestari", "nip": "199001012015032003", "role": "speaker"}),
    );
    let dewi = add(
        api,
        event,
        json!({"name": "Dewi Anggraini", "role": "speaker"}),
    );
    let eko = add(
        api,
        event,
        json!({"name": "Eko Prasetyo", "role": "speaker"}),
    );
    let mira = add(
        api,
        event,
        json!({"name": "Mira Sari", "nip": "198505052010012005", "rank": "Penata Muda",
               "role": "moderator"}),
    );
    for reg in [&andi, &dewi, &eko] {
        assign(api, &s[0], reg, "speaker");
        assign(api, &s[1], reg, "speaker");
    }
    assign(api, &s[0], &budi, "speaker");
    assign(api, &s[1], &citra, "speaker");
    assign(api, &s[2], &citra, "speaker");
    assign(api, &s[0], &mira, "moderator");
    assign(api, &s[1], &mira, "moderator");
    call(
        api,
        "finance_recipient_set",
        json!({"registration_id": citra, "golongan": "ii/D"}),
    );
    call(
        api,
        "finance_recipient_set",
        json!({"registration_id": dewi, "status": "bukan_asn", "npwp": "09.254.294.3-407.000",
               "bank": "Bank Jateng", "account_no": "1-234-56789-0"}),
    );

    let o = overview(api, event);
    // A golongan III/c narasumber, 2 × 60 minutes at Rp900.000.
    let a = line(&o, "honor", "Andi Wijaya", "narasumber");
    assert_eq!(
        figures(a),
        (2, 1_800_000, 90_000, 1_710_000, "5%".into()),
        "{a:#}"
    );
    assert_eq!(a["golongan"], "III/c", "read from the rank text");
    assert_eq!(a["status"], "pns");
    assert_eq!(a["status_set"], false, "guessed from the NIP");
    let trace: Vec<&str> = a["trace"]
        .as_array()
        .map(|t| t.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        trace[0].starts_with("Kebijakan Keamanan Informasi"),
        "{trace:?}"
    );
    assert!(a["tax_rule"].as_str().unwrap_or("").contains("final"));
    assert!(a["rate_source"].as_str().unwrap_or("").contains("2019"));
    // IV/a at 15 %, II/d at 0 % (90 minutes + 60 minutes = 2 hours, rounded down).
    assert_eq!(
        figures(line(&o, "honor", "Budi Hartono", "narasumber")),
        (1, 900_000, 135_000, 765_000, "15%".into())
    );
    assert_eq!(
        figures(line(&o, "honor", "Citra Lestari", "narasumber")),
        (2, 1_800_000, 0, 1_800_000, "0%".into())
    );
    // Non-ASN with an NPWP 2.5 %, without 3 %.
    assert_eq!(
        figures(line(&o, "honor", "Dewi Anggraini", "narasumber")),
        (2, 1_800_000, 45_000, 1_755_000, "2,5%".into())
    );
    let e = line(&o, "honor", "Eko Prasetyo", "narasumber");
    assert_eq!(figures(e), (2, 1_800_000, 54_000, 1_746_000, "3%".into()));
    assert!(e["tax_rule"].as_str().unwrap_or("").contains("120%"));
    // A moderator, 2 sessions at Rp700.000, Penata Muda = III/a.
    assert_eq!(
        figures(line(&o, "honor", "Mira Sari", "moderator")),
        (2, 1_400_000, 70_000, 1_330_000, "5%".into())
    );
    // Account numbers and NPWP masked unless asked for.
    let d = line(&o, "honor", "Dewi Anggraini", "narasumber");
    assert_eq!(d["account_no"], "******7890");
    assert_eq!(d["npwp"], "***********7000");
    let revealed = call(
        api,
        "finance_get",
        json!({"event_id": event, "reveal": true}),
    );
    assert_eq!(
        line(&revealed, "honor", "Dewi Anggraini", "narasumber")["account_no"],
        "1234567890"
    );
    assert_eq!(o["honor_totals"]["people"], 6);
    assert_eq!(
        o["honor_totals"]["gross"],
        1_800_000 * 4 + 900_000 + 1_400_000
    );

    // Rounding up: Citra's 150 minutes are 3 hours.
    call(
        api,
        "finance_settings_set",
        json!({"event_id": event, "hour_rounding": "up"}),
    );
    let o = overview(api, event);
    assert_eq!(
        line(&o, "honor", "Citra Lestari", "narasumber")["quantity"],
        3
    );
}

#[test]
fn a_missing_golongan_or_rate_stops_the_print_and_names_the_person() {
    let b = bimtek();
    let (api, event, s) = (&b.api, b.event.as_str(), &b.sessions);
    let fajar = add(
        api,
        event,
        json!({"name": "Fajar Nugroho", "nip": "198001012005011001", "role": "speaker"}),
    );
    assign(api, &s[0], &fajar, "speaker");
    let o = overview(api, event);
    let f = line(&o, "honor", "Fajar Nugroho", "narasumber");
    assert!(
        f["problems"][0]
            .as_str()
            .unwrap_or("")
            .starts_with("Golongan PNS belum diisi"),
        "{f:#}"
    );
    let e = call_err(
        api,
        "finance_print",
        json!({"event_id": event, "doc": "nominatif"}),
    );
    assert!(e.message.contains("Fajar Nugroho"), "{}", e.message);
    assert!(e.message.contains("Golongan PNS"), "{}", e.message);
    let e = call_err(
        api,
        "finance_recipient_set",
        json!({"registration_id": fajar, "golongan": "V/z", "npwp": "123"}),
    );
    let fields: Vec<&str> = e.errors.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(fields, ["golongan", "npwp"], "{e:?}");
    call(
        api,
        "finance_recipient_set",
        json!({"registration_id": fajar, "golongan": "III/b", "level": "eselon_2"}),
    );
    // Eselon II: Rp1.000.000 an hour.
    let o = overview(api, event);
    assert_eq!(
        figures(line(&o, "honor", "Fajar Nugroho", "narasumber")),
        (1, 1_000_000, 50_000, 950_000, "5%".into())
    );
    // A rate deleted from the table: the line says which.
    call(
        api,
        "finance_rate_set",
        json!({"year": 2019, "kind": "narasumber", "level": "eselon_2", "delete": true}),
    );
    let o = overview(api, event);
    let f = line(&o, "honor", "Fajar Nugroho", "narasumber");
    assert!(
        f["problems"][0].as_str().unwrap_or("").contains("2019"),
        "{f:#}"
    );
    // A line without a rate comes to Rp0, and still stops the print.
    let e = call_err(
        api,
        "finance_print",
        json!({"event_id": event, "doc": "nominatif"}),
    );
    assert!(e.message.contains("Fajar Nugroho"), "{}", e.message);
}

#[test]
fn transport_follows_the_attendance_and_a_correction_needs_a_reason() {
    let b = bimtek();
    let (api, event, s) = (&b.api, b.event.as_str(), &b.sessions);
    let people = add_people(
        api,
        event,
        three_people(["Dinas Kesehatan", "Bappeda", "Dinas Kesehatan"]),
    );
    for (session, p) in [
        (&s[0], &people[0]),
        (&s[1], &people[0]),
        (&s[0], &people[1]),
    ] {
        call(
            api,
            "checkin",
            json!({"event_id": event, "session_id": session, "code": p.code}),
        );
    }
    let o = overview(api, event);
    let t = o["transport"].as_array().cloned().unwrap_or_default();
    assert_eq!(t.len(), 2, "only who came: {o:#}");
    let sri = line(&o, "transport", "Sri Wahyuni, S.Kom.", "transport");
    assert_eq!(
        figures(sri),
        (1, 150_000, 0, 150_000, "0%".into()),
        "one day"
    );
    let e = call_err(
        api,
        "finance_recipient_set",
        json!({"registration_id": people[2].id, "transport_days": 1}),
    );
    assert_eq!(e.field.as_deref(), Some("transport_reason"));
    call(
        api,
        "finance_recipient_set",
        json!({"registration_id": people[2].id, "transport_days": 1,
               "transport_reason": "Hadir, lupa membawa kartu"}),
    );
    let o = overview(api, event);
    let agus = line(&o, "transport", "Agus Setiawan", "transport");
    assert_eq!(agus["gross"], 150_000);
    assert!(agus["trace"].to_string().contains("lupa membawa kartu"));
    assert_eq!(o["transport_totals"]["gross"], 450_000);
    // Grouped by OPD in the list's order.
    let units: Vec<&str> = o["transport"]
        .as_array()
        .map(|t| t.iter().filter_map(|l| l["unit"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(units, ["Bappeda", "Dinas Kesehatan", "Dinas Kesehatan"]);
}

#[test]
fn a_printed_list_is_marked_outdated_when_a_rate_changes() {
    let b = bimtek();
    let (api, event, s) = (&b.api, b.event.as_str(), &b.sessions);
    let andi = add(
        api,
        event,
        json!({"name": "Andi Wijaya", "nip": "198001012005011001", "rank": "III/c",
               "role": "speaker"}),
    );
    assign(api, &s[0], &andi, "speaker");
    let state = |o: &Value| o["documents"][0].clone();
    assert_eq!(state(&overview(api, event))["printed_at"], Value::Null);
    let file = call(
        api,
        "finance_print",
        json!({"event_id": event, "doc": "nominatif"}),
    );
    assert!(file["file_name"].as_str().unwrap_or("").ends_with(".pdf"));
    let st = state(&overview(api, event));
    assert!(st["printed_at"].is_string());
    assert_eq!(st["outdated"], false);
    let rates = call(
        api,
        "finance_rate_set",
        json!({"year": 2019, "kind": "narasumber", "level": "eselon_3", "amount": 950_000}),
    );
    let changed = rates
        .as_array()
        .and_then(|r| r.iter().find(|x| x["level"] == "eselon_3"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(changed["example"], false, "changed: no longer an example");
    let o = overview(api, event);
    assert_eq!(state(&o)["outdated"], true);
    let a = line(&o, "honor", "Andi Wijaya", "narasumber");
    assert_eq!(a["gross"], 950_000);
    assert!(
        a["warnings"].to_string().contains("di atas batas"),
        "above the example's ceiling: {a:#}"
    );
    // The XLSX of the same list.
    let x = call(
        api,
        "finance_print",
        json!({"event_id": event, "doc": "nominatif", "format": "xlsx"}),
    );
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(x["data"].as_str().unwrap_or(""))
        .expect("base64");
    let book = bintek_docs::sheet::read_workbook(&bytes, Some("n.xlsx")).expect("xlsx");
    let header: Vec<String> = book.sheets[0].rows[0]
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.to_string()))
        .collect();
    for h in ["Bruto", "PPh", "Netto"] {
        assert!(header.iter().any(|x| x == h), "{header:?}");
    }
    assert_eq!(state(&overview(api, event))["outdated"], false);
    // The desk sees none of it.
    let e = call_err_as(
        api,
        &desk("Meja 1"),
        "finance_get",
        json!({"event_id": event}),
    );
    assert_eq!(e.code, bintek_core::ErrorCode::Forbidden);
}

#[test]
fn a_rate_table_imports_all_or_nothing_and_exports_again() {
    let b = bimtek();
    let api = &b.api;
    let sheet = |rows: &[(&str, &str, &str, &str)]| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        for (c, h) in ["Jenis", "Tingkat", "Uraian", "Tarif", "Batas"]
            .iter()
            .enumerate()
        {
            ws.write(0, c as u16, *h).expect("write");
        }
        for (r, (kind, level, desc, amount)) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            ws.write(r, 0, *kind).expect("write");
            ws.write(r, 1, *level).expect("write");
            ws.write(r, 2, *desc).expect("write");
            // Plain digits as a number, anything else as typed text.
            if amount.chars().all(|c| c.is_ascii_digit()) {
                let n: f64 = amount.parse().expect("digits");
                ws.write(r, 3, n).expect("write");
            } else {
                ws.write(r, 3, *amount).expect("write");
            }
        }
        base64::engine::general_purpose::STANDARD.encode(book.save_to_buffer().expect("xlsx"))
    };
    let bad = sheet(&[
        ("narasumber", "eselon_3", "Narasumber", "Rp 1.000.000"),
        ("moderator", "", "Moderator", "tujuh ratus ribu"),
        ("konsumsi", "", "Snack", "25000"),
    ]);
    let e = call_err(
        api,
        "finance_rates_import",
        json!({"year": 2019, "file_name": "tarif.xlsx", "data": bad}),
    );
    let messages: Vec<&str> = e.errors.iter().map(|x| x.message.as_str()).collect();
    assert!(
        messages[0].starts_with("Baris 3, kolom Tarif"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("Baris 4, kolom Jenis"),
        "{messages:?}"
    );
    let kept = call(api, "finance_get", json!({"event_id": b.event}));
    assert_eq!(
        kept["rates"].as_array().map(Vec::len),
        Some(7),
        "nothing changed"
    );

    let good = sheet(&[
        (
            "narasumber",
            "eselon_3",
            "Honor narasumber (Perbup 12/2019)",
            "Rp 1.000.000",
        ),
        ("Moderator", "", "", "750000"),
        ("transport", "", "Transport dalam kota", "100.000"),
    ]);
    let rates = call(
        api,
        "finance_rates_import",
        json!({"year": 2019, "file_name": "tarif.xlsx", "data": good}),
    );
    let got: Vec<(String, i64, bool)> = rates
        .as_array()
        .map(|r| {
            r.iter()
                .map(|x| {
                    (
                        x["kind"].as_str().unwrap_or("").to_string(),
                        x["amount"].as_i64().unwrap_or(0),
                        x["example"].as_bool().unwrap_or(true),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        got,
        [
            ("narasumber".into(), 1_000_000, false),
            ("moderator".into(), 750_000, false),
            ("transport".into(), 100_000, false)
        ]
    );
    let x = call(api, "finance_rates_export", json!({"year": 2019}));
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(x["data"].as_str().unwrap_or(""))
        .expect("base64");
    let again = call(
        api,
        "finance_rates_import",
        json!({"year": 2020, "file_name": "x.xlsx",
               "data": base64::engine::general_purpose::STANDARD.encode(&bytes)}),
    );
    assert_eq!(
        again.as_array().map(Vec::len),
        Some(3),
        "the export imports"
    );
    let e = call_err(
        api,
        "finance_rate_set",
        json!({"year": 2019, "kind": "moderator", "amount": -5}),
    );
    assert_eq!(e.field.as_deref(), Some("amount"));
    let e = call_err(api, "finance_rates_copy", json!({"year": 2019}));
    assert_eq!(e.code, bintek_core::ErrorCode::Conflict);
}

#[test]
fn a_non_employee_paid_earlier_in_the_year_is_taxed_on_the_cumulative_base() {
    let b = bimtek();
    let (api, s) = (&b.api, &b.sessions);
    let dewi = add(
        api,
        &b.event,
        json!({"name": "Dewi Anggraini", "nik": "3315014101900002", "role": "speaker"}),
    );
    assign(api, &s[0], &dewi, "speaker");
    let (later, later_sessions) = {
        let e = event(api, "Bimtek Lanjutan", "2019-10-01", None);
        let ids = vec![id(&call(
            api,
            "session_add",
            json!({"event_id": e, "title": "Lanjutan", "date": "2019-10-01",
                   "start_time": "09:00", "end_time": "11:00"}),
        ))];
        (e, ids)
    };
    let again = add(
        api,
        &later,
        json!({"name": "Dewi Anggraini", "nik": "3315014101900002", "role": "speaker"}),
    );
    assign(api, &later_sessions[0], &again, "speaker");
    let o = overview(api, &later);
    let d = line(&o, "honor", "Dewi Anggraini", "narasumber");
    assert!(
        d["tax_rule"].as_str().unwrap_or("").contains("kumulatif"),
        "{d:#}"
    );
    // The NIK counts as an NPWP: 2.5 %.
    assert_eq!(figures(d), (2, 1_800_000, 45_000, 1_755_000, "2,5%".into()));
    let first = overview(api, &b.event);
    assert!(
        !line(&first, "honor", "Dewi Anggraini", "narasumber")["tax_rule"]
            .as_str()
            .unwrap_or("")
            .contains("kumulatif")
    );
}

#[test]
fn the_local_rules_halve_an_internal_speaker_and_leave_out_the_unpaid() {
    let b = bimtek();
    let (api, event, s) = (&b.api, b.event.as_str(), &b.sessions);
    let wiku = add(
        api,
        event,
        json!({"name": "Wiku Handoyo", "nip": "196801011990031010", "rank": "Pembina Tk. I",
               "role": "speaker"}),
    );
    let nina = add(
        api,
        event,
        json!({"name": "Nina Marlina", "nip": "198001012005012002", "rank": "III/b",
               "role": "speaker"}),
    );
    for session in &s[..2] {
        assign(api, session, &wiku, "speaker");
    }
    assign(api, &s[0], &nina, "speaker");
    call(
        api,
        "finance_recipient_set",
        json!({"registration_id": wiku, "internal": true, "level": "eselon_2"}),
    );
    // Off by default: the whole honorarium, Pembina Tk. I = IV/b at 15 %.
    let o = overview(api, event);
    assert_eq!(
        figures(line(&o, "honor", "Wiku Handoyo", "narasumber")),
        (2, 2_000_000, 300_000, 1_700_000, "15%".into())
    );
    call(
        api,
        "finance_settings_set",
        json!({"event_id": event, "halve_internal": true}),
    );
    call(
        api,
        "finance_recipient_set",
        json!({"registration_id": nina, "unpaid": true}),
    );
    let o = overview(api, event);
    let w = line(&o, "honor", "Wiku Handoyo", "narasumber");
    assert_eq!(figures(w), (2, 1_000_000, 150_000, 850_000, "15%".into()));
    assert!(w["trace"].to_string().contains("½ honorarium"), "{w:#}");
    let n = line(&o, "honor", "Nina Marlina", "narasumber");
    assert_eq!(
        (n["unpaid"].as_bool(), n["gross"].as_i64()),
        (Some(true), Some(0))
    );
    assert_eq!(o["honor_totals"]["people"], 1, "the unpaid are not counted");
    assert_eq!(o["honor_totals"]["gross"], 1_000_000);
}

#[test]
fn a_rate_file_too_large_is_refused_before_it_is_read() {
    let b = bimtek();
    let big = base64::engine::general_purpose::STANDARD.encode(vec![b'a'; 3 * 1024 * 1024]);
    let e = call_err(
        &b.api,
        "finance_rates_import",
        json!({"year": 2019, "file_name": "tarif.xlsx", "data": big}),
    );
    assert_eq!(e.field.as_deref(), Some("data"));
    assert!(e.message.contains("terlalu besar"), "{}", e.message);
    let e = call_err_as(
        &b.api,
        &desk("Meja 1"),
        "finance_rates_import",
        json!({"year": 2019, "file_name": "tarif.xlsx", "data": ""}),
    );
    assert_eq!(e.code, bintek_core::ErrorCode::Forbidden);
}

#[test]
fn a_cloned_event_keeps_the_budget_coding_and_takes_its_own_year() {
    let b = bimtek();
    call(
        &b.api,
        "finance_settings_set",
        json!({"event_id": b.event, "program": "Program Persandian", "budget_year": 2019,
               "pay_date": "2019-09-18", "pa_name": "Wiku Handoyo", "hour_rounding": "nearest"}),
    );
    let clone = call(
        &b.api,
        "event_clone",
        json!({"id": b.event, "start_date": "2020-03-02"}),
    );
    let s = &overview(&b.api, &id(&clone))["settings"];
    assert_eq!(s["program"], "Program Persandian");
    assert_eq!(s["pa_name"], "Wiku Handoyo");
    assert_eq!(s["hour_rounding"], "nearest");
    assert_eq!(s["budget_year"], 2020, "the clone's own year");
    assert_eq!(s["pay_date"], "2020-03-02", "the clone's last day");
}

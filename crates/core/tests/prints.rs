//! Printed attendance documents through the Api: the recap's numbers, and refusals.
//! (The PDFs' text is checked at the CLI, in crates/cli/tests/prints.rs.)

mod common;
use common::*;

use bintek_core::error::ErrorCode;
use bintek_core::Api;
use bintek_docs::sheet::read_workbook;
use serde_json::{json, Value};

fn bytes(file: &Value) -> Vec<u8> {
    bintek_core::files::decode_base64("data", file["data"].as_str().expect("data")).expect("b64")
}

fn demo() -> (tempfile::TempDir, Api, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = Api::open(&dir.path().join("bintek.db")).expect("open");
    let event = bintek_core::demo::seed(&api).expect("demo");
    (dir, api, event.id)
}

fn text(cell: &bintek_docs::sheet::Cell) -> String {
    cell.as_text().map(|t| t.into_owned()).unwrap_or_default()
}

fn number(cell: &bintek_docs::sheet::Cell) -> f64 {
    text(cell).trim().parse().unwrap_or(f64::NAN)
}

#[test]
fn the_recap_xlsx_counts_what_the_desks_counted() {
    let (_dir, api, event) = demo();
    let file = call(
        &api,
        "attendance_recap",
        json!({"event_id": event, "format": "xlsx"}),
    );
    assert!(file["file_name"].as_str().expect("name").ends_with(".xlsx"));
    let book = read_workbook(&bytes(&file), Some("rekap.xlsx")).expect("readable xlsx");
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Per Sesi", "Per OPD", "Per Peserta"]);

    let sessions: Vec<Value> = call(&api, "session_list", json!({"event_id": event}))
        .as_array()
        .expect("array")
        .iter()
        .filter(|s| s["takes_attendance"] == true)
        .cloned()
        .collect();
    let per_session = &book.sheets[0];
    assert_eq!(per_session.rows.len(), 1 + sessions.len());
    let mut some_present = false;
    for (i, s) in sessions.iter().enumerate() {
        let counts = call(
            &api,
            "attendance_counts",
            json!({"event_id": event, "session_id": s["id"]}),
        );
        let r = i + 1;
        assert_eq!(
            number(per_session.cell(r, 3)),
            counts["registered"].as_f64().expect("n"),
            "{s}"
        );
        assert_eq!(
            number(per_session.cell(r, 4)),
            counts["present"].as_f64().expect("n"),
            "{s}"
        );
        some_present |= counts["present"].as_i64() > Some(0);
        // Per OPD: the column pair of this session matches the live counts.
        let per_opd = &book.sheets[1];
        for opd in counts["opds"].as_array().expect("opds") {
            let name = opd["opd"].as_str().unwrap_or("(Tanpa OPD)");
            let r = (0..per_opd.rows.len())
                .find(|&r| text(per_opd.cell(r, 1)) == name)
                .unwrap_or_else(|| panic!("OPD {name} missing"));
            assert_eq!(
                number(per_opd.cell(r, 2)),
                opd["registered"].as_f64().expect("n")
            );
            assert_eq!(
                number(per_opd.cell(r, 3 + 2 * i)),
                opd["present"].as_f64().expect("n")
            );
        }
    }
    assert!(some_present, "the demo has check-ins on day 1");
    // The total row sums the OPDs.
    let per_opd = &book.sheets[1];
    let last = per_opd.rows.len() - 1;
    assert_eq!(text(per_opd.cell(last, 1)), "Jumlah");
    assert_eq!(number(per_opd.cell(last, 2)), 120.0);
    // One row per registered participant.
    assert_eq!(book.sheets[2].rows.len(), 1 + 120);
}

#[test]
fn prints_refuse_what_they_cannot_print() {
    let (_dir, api, event) = demo();
    let other = call(
        &api,
        "event_create",
        json!({"title": "Lain", "start_date": "2020-01-01"}),
    );
    let other_session = call(
        &api,
        "session_add",
        json!({"event_id": other["id"], "title": "Materi", "date": "2020-01-01", "start_time": "08:00", "end_time": "09:00"}),
    );
    // A session of another event.
    let e = try_call(
        &api,
        "attendance_sheet_pdf",
        json!({"event_id": event, "session_id": other_session["id"]}),
    )
    .expect_err("foreign session");
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(e.field.as_deref(), Some("session_id"));
    let sessions = call(&api, "session_list", json!({"event_id": event}));
    let sid = sessions[0]["id"].clone();
    let e = try_call(
        &api,
        "attendance_sheet_pdf",
        json!({"event_id": event, "session_id": sid, "blank_rows": 500}),
    )
    .expect_err("too many blank rows");
    assert_eq!(e.field.as_deref(), Some("blank_rows"));
    let e = try_call(
        &api,
        "attendance_sheet_pdf",
        json!({"event_id": event, "session_id": sid, "sort": "umur"}),
    )
    .expect_err("unknown sort");
    assert_eq!(e.field.as_deref(), Some("sort"));
    let e = try_call(
        &api,
        "badges_pdf",
        json!({"event_id": event, "role": "tamu"}),
    )
    .expect_err("unknown role");
    assert_eq!(e.field.as_deref(), Some("role"));
    let e = try_call(
        &api,
        "badges_pdf",
        json!({"event_id": event, "layout": "sixteen"}),
    )
    .expect_err("unknown layout");
    assert_eq!(e.code, ErrorCode::InvalidArgument);
    let e = try_call(
        &api,
        "attendance_recap",
        json!({"event_id": event, "format": "docx"}),
    )
    .expect_err("unknown format");
    assert_eq!(e.field.as_deref(), Some("format"));
    let empty = call(
        &api,
        "event_create",
        json!({"title": "Kosong", "start_date": "2020-02-01"}),
    );
    let e = try_call(&api, "attendance_recap", json!({"event_id": empty["id"]}))
        .expect_err("no sessions");
    assert_eq!(e.field.as_deref(), Some("event_id"));
    let e = try_call(&api, "badges_pdf", json!({"event_id": "nope"})).expect_err("no event");
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn printing_checks_no_one_in() {
    let (_dir, api, event) = demo();
    let before = call(&api, "attendance_list", json!({"event_id": event}));
    call(&api, "badges_pdf", json!({"event_id": event}));
    let sessions = call(&api, "session_list", json!({"event_id": event}));
    call(
        &api,
        "attendance_sheet_pdf",
        json!({"event_id": event, "session_id": sessions[0]["id"], "filled": true}),
    );
    call(&api, "attendance_recap", json!({"event_id": event}));
    let after = call(&api, "attendance_list", json!({"event_id": event}));
    assert_eq!(before, after);
}

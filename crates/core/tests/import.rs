//! Importing the messy lists of `tests/fixtures/messy.rs` into real temp databases.

mod common;
use common::*;

#[path = "../../../tests/fixtures/messy.rs"]
mod messy;

use base64::Engine;
use bintek_core::Api;
use serde_json::{json, Value};

fn setup() -> (tempfile::TempDir, Api, String) {
    let (dir, api, event) = with_event("Bintek Medsos", "2019-09-17", None);
    // The OPD registry knows Diskominfo by its full name and short name.
    call(
        &api,
        "opd_create",
        json!({"name": "Dinas Komunikasi dan Informatika", "short_name": "Diskominfo"}),
    );
    (dir, api, event)
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn import(api: &Api, event: &str, f: &messy::Fixture, dry_run: bool) -> Value {
    call(
        api,
        "participant_import",
        json!({"event_id": event, "file_name": f.name, "data": b64(&f.bytes), "dry_run": dry_run}),
    )
}

fn rows(v: &Value, key: &str) -> Vec<u64> {
    v[key]
        .as_array()
        .expect("array")
        .iter()
        .map(|e| e["row"].as_u64().expect("row"))
        .collect()
}

fn count(api: &Api, event: &str) -> usize {
    call(api, "participant_list", json!({"event_id": event}))
        .as_array()
        .map(Vec::len)
        .unwrap_or(0)
}

#[test]
fn the_diskominfo_list_previews_then_commits_exactly() {
    let (_d, api, event) = setup();
    let f = messy::diskominfo_xlsx();
    let preview = import(&api, &event, &f, true);
    assert_eq!(preview["header_row"], 5);
    assert_eq!(preview["sheet"], "Peserta");
    assert_eq!(preview["rows_read"], 8);
    assert_eq!(preview["imported"], 4);
    assert_eq!(preview["duplicates"], 1);
    assert_eq!(preview["skipped"], 2);
    assert_eq!(preview["ignored_from_row"], 16);
    assert_eq!(rows(&preview, "errors"), [9, 14, 15]);
    assert_eq!(preview["rejected"], 3);
    assert_eq!(count(&api, &event), 0, "a preview writes nothing");

    let errors = preview["errors"].as_array().expect("errors");
    assert_eq!(errors[0]["column"], "NIP");
    assert!(errors[0]["message"]
        .as_str()
        .expect("msg")
        .contains("tersimpan sebagai angka"));
    assert_eq!(errors[1]["column"], "NIP");
    assert!(errors[1]["message"]
        .as_str()
        .expect("msg")
        .contains("17 digit"));
    assert_eq!(errors[2]["column"], "No. HP/WA");
    assert_eq!(errors[2]["value"], "12345");
    let dup = preview["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .find(|w| w["row"] == 13)
        .expect("duplicate reported");
    assert!(dup["message"].as_str().expect("msg").contains("baris 8"));
    let mapped: Vec<(String, Value)> = preview["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| {
            (
                c["header"].as_str().unwrap_or_default().to_string(),
                c["field"].clone(),
            )
        })
        .collect();
    assert!(mapped.contains(&("Nama Lengkap".to_string(), json!("name"))));
    assert!(mapped.contains(&("Unit Kerja".to_string(), json!("opd"))));
    assert!(mapped.contains(&("No".to_string(), Value::Null)));

    let done = import(&api, &event, &f, false);
    assert_eq!(done["imported"], 4);
    assert_eq!(count(&api, &event), 4);
    let people = call(&api, "participant_list", json!({"event_id": event}));
    let names: Vec<&str> = people
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(
        names.contains(&"<img src=x onerror=alert(1)> Rudi"),
        "markup kept verbatim: {names:?}"
    );
    // "Diskominfo" and "  dinas komunikasi  dan informatika " are one OPD.
    let opds = call(&api, "opd_list", json!({}));
    let opd_names: Vec<&str> = opds
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert_eq!(
        opd_names,
        ["Dinas Komunikasi dan Informatika", "Sekretariat Daerah"]
    );
    assert_eq!(done["opds_created"], json!(["Sekretariat Daerah"]));
}

#[test]
fn importing_the_same_file_again_changes_nothing_and_a_changed_row_updates() {
    let (_d, api, event) = setup();
    let f = messy::diskominfo_xlsx();
    import(&api, &event, &f, false);
    let again = import(&api, &event, &f, false);
    assert_eq!(again["imported"], 0);
    assert_eq!(again["updated"], 0);
    assert_eq!(again["unchanged"], 4);
    assert_eq!(count(&api, &event), 4);

    let changed = messy::Fixture {
        name: "ubah.csv",
        bytes: "Nama;NIP;Jabatan\r\nSri Wahyuni, S.Kom.;198807242015032003;Pranata Komputer Ahli Muda\r\n"
            .as_bytes()
            .to_vec(),
    };
    let r = import(&api, &event, &changed, false);
    assert_eq!(
        (r["imported"].clone(), r["updated"].clone()),
        (json!(0), json!(1))
    );
    let sri = call(
        &api,
        "participant_list",
        json!({"event_id": event, "q": "wahyuni"}),
    );
    assert_eq!(sri[0]["position"], "Pranata Komputer Ahli Muda");
    assert_eq!(
        sri[0]["opd"], "Dinas Komunikasi dan Informatika",
        "fields not in the file are kept"
    );
}

#[test]
fn a_semicolon_csv_with_bom_imports() {
    let (_d, api, event) = setup();
    let r = import(&api, &event, &messy::semicolon_csv(), false);
    assert_eq!(r["rows_read"], 3);
    assert_eq!(r["imported"], 2);
    assert_eq!(rows(&r, "errors"), [3]);
    assert!(r["errors"][0]["message"]
        .as_str()
        .expect("m")
        .contains("tersimpan sebagai angka"));
    let p = call(
        &api,
        "participant_list",
        json!({"event_id": event, "q": "yuliana"}),
    );
    assert_eq!(p[0]["name"], "Handayani; Yuliana");
    assert_eq!(p[0]["phone"], "+6285712345678");
    let rina = call(
        &api,
        "participant_list",
        json!({"event_id": event, "q": "rina"}),
    );
    assert_eq!(rina[0]["email"], "rina@bappeda.grobogan.go.id");
    assert_eq!(rina[0]["gender"], "P", "from the NIP");
}

#[test]
fn a_windows_1252_csv_imports_with_accents() {
    let (_d, api, event) = setup();
    let r = import(&api, &event, &messy::ansi_csv(), false);
    assert_eq!(r["imported"], 2, "{r}");
    let p = call(
        &api,
        "participant_list",
        json!({"event_id": event, "q": "rizal"}),
    );
    assert_eq!(p[0]["name"], "José Rizal");
    assert_eq!(p[0]["nik"], "3315**********01");
    let anik = call(
        &api,
        "participant_list",
        json!({"event_id": event, "q": "anik"}),
    );
    assert_eq!(anik[0]["gender"], "P");
}

#[test]
fn the_sheet_with_the_list_is_found_and_name_nip_cells_are_split() {
    let (_d, api, event) = setup();
    let r = import(&api, &event, &messy::combined_xlsx(), false);
    assert_eq!(r["sheet"], "Peserta");
    assert_eq!(r["sheets"], json!(["Petunjuk", "Peserta"]));
    assert_eq!(r["header_row"], 3);
    assert_eq!(r["imported"], 2, "{r}");
    let p = call(
        &api,
        "participant_list",
        json!({"event_id": event, "q": "slamet"}),
    );
    assert_eq!(p[0]["name"], "Slamet Riyadi");
    assert_eq!(p[0]["nip"], "197808082005011007");
    let p = call(
        &api,
        "participant_list",
        json!({"event_id": event, "q": "retno"}),
    );
    assert_eq!(p[0]["nip"], "198303032009012004");
}

#[test]
fn the_mapping_can_be_changed_by_the_user() {
    let (_d, api, event) = setup();
    let f = messy::diskominfo_xlsx();
    // Ignore the phone column: row 15's bad phone is no longer an error.
    let r = call(
        &api,
        "participant_import",
        json!({"event_id": event, "file_name": f.name, "data": b64(&f.bytes), "dry_run": true,
               "mapping": {"G": ""}}),
    );
    assert_eq!(rows(&r, "errors"), [9, 14]);
    let err = try_call(
        &api,
        "participant_import",
        json!({"event_id": event, "file_name": f.name, "data": b64(&f.bytes), "mapping": {"B": ""}}),
    )
    .expect_err("no name column");
    assert_eq!(err.field.as_deref(), Some("mapping"));
    let err = try_call(
        &api,
        "participant_import",
        json!({"event_id": event, "file_name": f.name, "data": b64(&f.bytes), "mapping": {"B": "umur"}}),
    )
    .expect_err("unknown field");
    assert_eq!(err.field.as_deref(), Some("mapping"));
}

#[test]
fn unreadable_files_are_one_clear_error_and_write_nothing() {
    let (_d, api, event) = setup();
    for (name, bytes) in [
        ("kosong.xlsx", Vec::new()),
        ("surat.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj".to_vec()),
        ("rusak.xlsx", messy::diskominfo_xlsx().bytes[..300].to_vec()),
    ] {
        let err = try_call(
            &api,
            "participant_import",
            json!({"event_id": event, "file_name": name, "data": b64(&bytes)}),
        )
        .expect_err(name);
        assert_eq!(err.field.as_deref(), Some("file"), "{name}: {err:?}");
        assert!(!err.message.is_empty());
    }
    let err = try_call(
        &api,
        "participant_import",
        json!({"event_id": event, "file_name": "a.csv", "data": "bukan base64!!"}),
    )
    .expect_err("bad base64");
    assert_eq!(err.field.as_deref(), Some("data"));
    let list = b"Judul;Isi\r\nHalo;Dunia\r\n";
    let err = try_call(
        &api,
        "participant_import",
        json!({"event_id": event, "file_name": "a.csv", "data": b64(list)}),
    )
    .expect_err("no header");
    assert_eq!(err.field.as_deref(), Some("header_row"));
    assert_eq!(count(&api, &event), 0);
}

#[test]
fn rejected_rows_download_as_xlsx_with_a_reason_column() {
    let (_d, api, event) = setup();
    let f = messy::diskominfo_xlsx();
    let file = call(
        &api,
        "participant_import_rejects",
        json!({"event_id": event, "file_name": f.name, "data": b64(&f.bytes)}),
    );
    assert_eq!(file["file_name"], "peserta-diskominfo-ditolak.xlsx");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file["data"].as_str().expect("data"))
        .expect("base64");
    let wb = bintek_docs::sheet::read_workbook(&bytes, Some("x.xlsx")).expect("readable xlsx");
    let rows = &wb.sheets[0].rows;
    let text = |c: &bintek_docs::sheet::Cell| match c {
        bintek_docs::sheet::Cell::Text(s) => s.clone(),
        bintek_docs::sheet::Cell::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(header.first().map(String::as_str), Some("Baris"));
    assert_eq!(header.last().map(String::as_str), Some("Alasan ditolak"));
    assert_eq!(rows.len(), 4, "header + 3 rejected rows");
    assert_eq!(text(&rows[1][0]), "9");
    assert_eq!(text(&rows[1][2]), "Budi Santoso");
    assert!(text(rows[1].last().expect("reason")).contains("NIP"));
    assert_eq!(count(&api, &event), 0, "making the file writes nothing");
}

#[test]
fn export_masks_nik_and_guards_formulas() {
    let (_d, api, event) = setup();
    import(&api, &event, &messy::ansi_csv(), false);
    call(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "=HYPERLINK(\"http://x\")", "phone": "+62 812 1111 2222"}),
    );
    let csv = call(
        &api,
        "participant_export",
        json!({"event_id": event, "format": "csv"}),
    );
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(csv["data"].as_str().expect("data"))
        .expect("b64");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf8");
    assert!(text.starts_with("No;Kode;Nama;NIP;NIK"), "{text}");
    assert!(text.contains("3315**********01"));
    assert!(!text.contains("3315011203650001"), "NIK masked");
    assert!(text.contains("'=HYPERLINK"), "formula guarded: {text}");
    assert!(text.contains("\r\n"));
    let full = call(
        &api,
        "participant_export",
        json!({"event_id": event, "format": "xlsx", "reveal_nik": true}),
    );
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(full["data"].as_str().expect("data"))
        .expect("b64");
    let wb = bintek_docs::sheet::read_workbook(&bytes, Some("x.xlsx")).expect("xlsx");
    let all: Vec<String> = wb.sheets[0]
        .rows
        .iter()
        .flatten()
        .filter_map(|c| match c {
            bintek_docs::sheet::Cell::Text(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(all.contains(&"3315011203650001".to_string()));
    assert!(
        all.contains(&"=HYPERLINK(\"http://x\")".to_string()),
        "text, not a formula"
    );
    assert!(full["file_name"].as_str().expect("name").ends_with(".xlsx"));
}

#[test]
fn a_row_the_database_refuses_leaves_nothing_of_itself() {
    let (_d, api, event) = setup();
    call(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "Ani", "nip": "198803122015032001", "nik": "3315015203880002"}),
    );
    let f = messy::Fixture {
        name: "baru.csv",
        bytes: "Nama;NIP;NIK;Unit Kerja\r\n\
                Bela;198901012015032002;3315015203880002;Dinas Baru\r\n\
                Citra;;;Dinas Baru\r\n"
            .as_bytes()
            .to_vec(),
    };
    let r = import(&api, &event, &f, false);
    assert_eq!(rows(&r, "errors"), [2]);
    assert_eq!(r["errors"][0]["column"], "NIK");
    assert!(r["errors"][0]["message"]
        .as_str()
        .expect("m")
        .contains("Ani"));
    assert_eq!(r["imported"], 1);
    assert_eq!(r["opds_created"], json!(["Dinas Baru"]));
    let citra = call(
        &api,
        "participant_list",
        json!({"event_id": event, "q": "citra"}),
    );
    assert_eq!(citra[0]["opd"], "Dinas Baru");
    assert_eq!(count(&api, &event), 2);
}

/// Lists of contract staff (THL, PPPK without NIP) put a dash or a word where the NIP
/// would be. Such a row imports as a non-ASN participant, like an empty cell; once it was
/// refused as "NIP kosong", which contradicted the rule.
#[test]
fn a_placeholder_in_the_nip_or_nik_column_is_an_empty_id() {
    let (_d, api, event) = setup();
    let csv = "Nama;NIP;NIK;OPD\r\n\
               Agus Setiawan;-;-;Diskominfo\r\n\
               Budi Hartono;--;;Diskominfo\r\n\
               Citra Lestari;\u{2013};tidak ada;Diskominfo\r\n\
               Dewi Anggraini;tidak ada;;Diskominfo\r\n\
               Eko Prasetyo;Belum Ada;;Diskominfo\r\n\
               Fajar Nugroho;n/a;N/A;Diskominfo\r\n\
               Gita Permata;'-;;Diskominfo\r\n\
               Hadi Santoso;12345;;Diskominfo\r\n";
    let f = messy::Fixture {
        name: "thl.csv",
        bytes: csv.as_bytes().to_vec(),
    };
    let preview = import(&api, &event, &f, true);
    assert_eq!(preview["imported"], 7, "{preview}");
    assert_eq!(
        rows(&preview, "errors"),
        [9],
        "a real but short NIP is still an error"
    );
    let r = import(&api, &event, &f, false);
    assert_eq!(r["imported"], 7, "{r}");
    let list = call(&api, "participant_list", json!({"event_id": event}));
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 7);
    for p in list {
        assert!(p["nip"].is_null(), "{p}");
        assert!(p["nik"].is_null(), "{p}");
    }
    // Typed in the form, the same.
    let p = try_call(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "Indah Sari", "nip": "belum ada", "opd": "Diskominfo"}),
    )
    .expect("a placeholder NIP in the form");
    assert!(p["nip"].is_null(), "{p}");
}

/// A CSV of `n` people with valid, distinct NIPs (the scheme of `bintek bench`).
fn big_list(n: usize, opds: usize) -> messy::Fixture {
    let mut csv = String::from("No;Nama;NIP;Jabatan;Unit Kerja\r\n");
    for i in 0..n {
        let nip = format!(
            "{}{:02}{:02}{}{:02}{}{:03}",
            1950 + (i / 25_000) % 30,
            1 + i % 12,
            1 + i % 28,
            2000 + (i / 1000) % 25,
            1 + (i / 12) % 12,
            1 + i % 2,
            i % 1000
        );
        csv.push_str(&format!(
            "{};Peserta Muat {i};{nip};Pranata Komputer;Dinas Muat {}\r\n",
            i + 1,
            i % opds
        ));
    }
    messy::Fixture {
        name: "besar.csv",
        bytes: csv.into_bytes(),
    }
}

/// Checks people in at a desk's pace on `desk` until `done`, undoing each check-in again
/// so the few people go round; returns the slowest answer and how many there were.
fn scan_until(
    desk: &Api,
    event: &str,
    session: &str,
    codes: &[String],
    done: &std::sync::atomic::AtomicBool,
) -> (std::time::Duration, usize) {
    let mut slowest = std::time::Duration::ZERO;
    let mut n = 0;
    while !done.load(std::sync::atomic::Ordering::SeqCst) {
        let code = &codes[n % codes.len()];
        let t = std::time::Instant::now();
        let r = try_call(
            desk,
            "checkin",
            json!({"event_id": event, "session_id": session, "code": code, "desk": "Meja 1"}),
        )
        .unwrap_or_else(|e| panic!("a check-in during the import failed: {}", e.message));
        slowest = slowest.max(t.elapsed());
        let reg = r["person"]["registration_id"]
            .as_str()
            .expect("reg")
            .to_string();
        call(
            desk,
            "checkin_undo",
            json!({"event_id": event, "session_id": session, "registration_id": reg}),
        );
        n += 1;
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    (slowest, n)
}

/// Desks that share the event with an import: a few people registered, a session open.
fn desk_ready(api: &Api, event: &str) -> (String, Vec<String>) {
    let session = call(
        api,
        "session_add",
        json!({"event_id": event, "title": "Materi", "date": "2019-09-17", "start_time": "08:00", "end_time": "10:00"}),
    )["id"]
        .as_str()
        .expect("id")
        .to_string();
    for name in ["Ani", "Budi", "Citra"] {
        call(
            api,
            "participant_add",
            json!({"event_id": event, "name": name}),
        );
    }
    let codes = call(api, "participant_list", json!({"event_id": event}))
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["code"].as_str().expect("code").to_string())
        .collect();
    (session, codes)
}

/// Previews and commits a 6,000-row list through `importer` while a desk scans on `desk`,
/// and checks that every check-in went in and none waited for the import as a whole.
fn import_beside_a_desk(desk: &Api, importer: std::sync::Arc<Api>, event: &str) {
    let (session, codes) = desk_ready(desk, event);
    let rows = 6000;
    let list = big_list(rows, 40);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let thread = {
        let (event, done) = (event.to_string(), done.clone());
        std::thread::spawn(move || {
            let t = std::time::Instant::now();
            let preview = import(&importer, &event, &list, true);
            let commit = import(&importer, &event, &list, false);
            done.store(true, std::sync::atomic::Ordering::SeqCst);
            (preview, commit, t.elapsed())
        })
    };
    let (slowest, scans) = scan_until(desk, event, &session, &codes, &done);
    let (preview, commit, took) = thread.join().expect("import thread");
    eprintln!("slowest check-in {slowest:?} of {scans} during an import of {took:?}");
    assert_eq!(preview["imported"], rows);
    assert_eq!(commit["imported"], rows);
    assert_eq!(count(desk, event), rows + 3);
    assert!(
        slowest < took / 4 && slowest.as_millis() < 1000,
        "slowest check-in {slowest:?} ({scans} scans) during an import of {took:?}"
    );
}

/// Found in the field: a 60,000-row list imported while desks scanned held every check-in
/// for the whole preview (43 s). The preview is a read and the commit yields to desks:
/// no check-in waits for the import as a whole.
#[test]
fn an_import_in_the_window_never_holds_up_the_desk() {
    let (_d, api, event) = setup();
    let api = std::sync::Arc::new(api);
    import_beside_a_desk(&api, api.clone(), &event);
}

/// The same with the import in another process (the `bintek` CLI beside the open app):
/// check-ins failed with "database is locked" for 30–50 s.
#[test]
fn an_import_from_another_process_never_locks_the_desk_out() {
    let (dir, api, event) = setup();
    let other = Api::open(&dir.path().join("bintek.db")).expect("second connection");
    import_beside_a_desk(&api, std::sync::Arc::new(other), &event);
}

/// The commit goes in chunks, but the user sees all of it or none: when a later chunk
/// cannot be written (here another program holds the database longer than any wait),
/// what the earlier chunks wrote is taken back.
#[test]
fn an_import_that_fails_half_way_leaves_nothing_behind() {
    let (dir, api, event) = setup();
    let before = call(&api, "opd_list", json!({}));
    let path = dir.path().join("bintek.db");
    let api = std::sync::Arc::new(api);
    let rows = 6000;
    let list = big_list(rows, 40);
    let importer = {
        let (api, event) = (api.clone(), event.clone());
        std::thread::spawn(move || {
            try_call(
                &api,
                "participant_import",
                json!({"event_id": event, "file_name": list.name, "data": b64(&list.bytes)}),
            )
        })
    };
    // Another program takes the write lock once the first chunks are in, and keeps it
    // past the import's patience.
    let other = rusqlite::Connection::open(&path).expect("other program");
    // Asks for the lock every millisecond, as Bintek's own connections do: SQLite's
    // default wait backs off to 100 ms sleeps and can miss every gap between two chunks
    // until the import is over.
    other
        .busy_handler(Some(|tries| {
            std::thread::sleep(std::time::Duration::from_millis(1));
            tries < 60_000
        }))
        .expect("busy handler");
    let count_people = || -> i64 {
        other
            .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
            .expect("count")
    };
    let give_up = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while count_people() == 0 {
        assert!(
            std::time::Instant::now() < give_up,
            "the import never began"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    other.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let in_so_far = count_people();
    assert!(
        in_so_far > 0 && (in_so_far as usize) < rows,
        "the lock came in the middle of the import ({in_so_far} of {rows})"
    );
    std::thread::sleep(std::time::Duration::from_secs(7));
    other.execute_batch("ROLLBACK").expect("unlock");
    let e = importer
        .join()
        .expect("import thread")
        .expect_err("the import cannot finish");
    assert!(!e.message.is_empty());
    assert_eq!(count(&api, &event), 0, "nothing of the import is left");
    assert_eq!(count_people(), 0);
    assert_eq!(call(&api, "opd_list", json!({})), before);
}

/// A crafted file with a 1 MB cell: the report and its messages quote a short prefix
/// of it, never the cell (once an import error echoed a 40 MB cell).
#[test]
fn a_huge_cell_is_never_echoed() {
    let (_dir, api, event) = setup();
    let huge_name = "N".repeat(1_000_000);
    let huge_nip = format!("1{}", "9".repeat(999_999));
    let huge_role = "R".repeat(1_000_000);
    let csv = format!(
        "Nama,NIP,Peran\n{huge_name},,Peserta\nBudi Santoso,{huge_nip},Peserta\nSiti Aminah,,{huge_role}\n"
    );
    let report = call(
        &api,
        "participant_import",
        json!({"event_id": event, "file_name": "besar.csv", "data": b64(csv.as_bytes()),
               "dry_run": true}),
    );
    assert_eq!(report["rejected"], 3, "{}", &report.to_string()[..500]);
    let text = report.to_string();
    assert!(
        text.len() < 10_000,
        "the report is {} bytes; it starts {}",
        text.len(),
        &text[..300]
    );
    for e in report["errors"].as_array().expect("errors") {
        let value = e["value"].as_str().expect("value");
        assert!(value.chars().count() <= 101, "{value:.80}");
        assert!(e["message"].as_str().expect("message").chars().count() < 400);
    }
}

/// Issue 14.7: the import resolves OPDs with the same matcher as the form (short names and
/// well-known abbreviations find the OPD), and an OPD it creates gets its short name.
#[test]
fn the_import_matches_abbreviations_and_gives_new_opds_their_short_name() {
    let (_d, api, event) = setup();
    call(&api, "opd_create", json!({"name": "Dinas Kesehatan"}));
    let f = messy::Fixture {
        name: "singkat.csv",
        bytes: "Nama;Unit Kerja\r\n\
                Ani;DISKOMINFO.\r\n\
                Bela;dinkes\r\n\
                Citra;Dinas Sosial\r\n\
                Dewi;Dinsos\r\n"
            .as_bytes()
            .to_vec(),
    };
    let r = import(&api, &event, &f, false);
    assert_eq!(r["imported"], 4, "{r}");
    assert_eq!(r["opds_created"], json!(["Dinas Sosial"]), "{r}");
    let opds = call(&api, "opd_list", json!({}));
    assert_eq!(opds.as_array().map(Vec::len), Some(3), "{opds}");
    let sosial = opds
        .as_array()
        .expect("list")
        .iter()
        .find(|o| o["name"] == "Dinas Sosial")
        .expect("created");
    assert_eq!(sosial["short_name"], "Dinsos");
    let list = call(&api, "participant_list", json!({"event_id": event}));
    let opd_of = |name: &str| {
        list.as_array()
            .expect("list")
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["opd"].clone())
            .expect("person")
    };
    assert_eq!(opd_of("Ani"), "Dinas Komunikasi dan Informatika");
    assert_eq!(opd_of("Bela"), "Dinas Kesehatan");
    assert_eq!(opd_of("Dewi"), "Dinas Sosial");
}

/// The commit indexes each chunk's people for search at the chunk's end: after a large
/// import, a re-import that renames people, and a person made and then changed by two
/// rows of one file, the index matches the people exactly (FTS5's own check against the
/// table) and finds the new names, not the old ones.
#[test]
fn the_search_index_matches_the_people_after_imports_in_chunks() {
    let (dir, api, event) = setup();
    let first = import(&api, &event, &big_list(3000, 10), false);
    assert_eq!(first["imported"], 3000, "{first}");
    let mut csv = String::from("Nama;NIP;Jabatan;Unit Kerja\r\n");
    let list = big_list(3000, 10);
    let text = String::from_utf8(list.bytes).expect("utf8");
    for (i, line) in text.lines().skip(1).take(500).enumerate() {
        let nip = line.split(';').nth(2).expect("nip");
        // Letters, not digits: a search with digits also matches NIPs.
        let tag: String = [i / 26 / 26, i / 26 % 26, i % 26]
            .iter()
            .map(|d| char::from(b'a' + *d as u8))
            .collect();
        csv.push_str(&format!(
            "Peserta Ganti {tag};{nip};Analis;Dinas Muat {}\r\n",
            i % 10
        ));
    }
    csv.push_str("Budi Ganda Baru;;Pranata Komputer;Dinas Muat 1\r\n");
    csv.push_str("Budi Ganda Baru;;Analis Data;Dinas Muat 1\r\n");
    let second = import(
        &api,
        &event,
        &messy::Fixture {
            name: "ganti.csv",
            bytes: csv.into_bytes(),
        },
        false,
    );
    assert_eq!(second["updated"], 500, "{second}");

    let raw = rusqlite::Connection::open(dir.path().join("bintek.db")).expect("raw");
    raw.execute(
        "INSERT INTO person_fts (person_fts, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .expect("the search index matches the person table");
    let found = |q: &str| {
        call(&api, "person_search", json!({"q": q, "limit": 50}))
            .as_array()
            .map(Vec::len)
            .unwrap_or(0)
    };
    assert_eq!(
        found("peserta ganti atb"),
        1,
        "a renamed person is found by the new name"
    );
    assert_eq!(found("peserta ganti"), 50, "all 500 renamed, 50 shown");
    assert_eq!(
        found("budi ganda baru"),
        1,
        "made and changed in one file: one person"
    );
}

/// The preview decides every row without writing (the database plus, in memory, what the
/// rows before it did); the commit decides them on the database as it writes. Here the
/// rows depend on each other in every way known: the same person reached twice by
/// different keys, an NIK moved to another number and then used by someone else, a name
/// and OPD match of a person created a row earlier, a new OPD and then its short name, an
/// ambiguous OPD, people moved between OPDs under a quota, registrations that are
/// cancelled or of a speaker. The preview must say exactly what the commit then does.
#[test]
fn the_preview_predicts_the_commit_row_for_row() {
    let (_d, api, event) = setup();
    let opd = |name: &str, short: Option<&str>| {
        id(&call(
            &api,
            "opd_create",
            json!({"name": name, "short_name": short}),
        ))
    };
    let bappeda = opd("Badan Perencanaan Pembangunan Daerah", Some("Bappeda"));
    let kominfo = call(&api, "opd_list", json!({}))
        .as_array()
        .expect("opds")
        .iter()
        .find(|o| o["short_name"] == "Diskominfo")
        .map(id)
        .expect("Diskominfo");
    opd("Dinas Pendidikan", None);
    opd("Dinas Pendidikan dan Kebudayaan", None);
    for (o, quota) in [(&kominfo, 2), (&bappeda, 2)] {
        call(
            &api,
            "quota_set",
            json!({"event_id": event, "opd_id": o, "quota": quota}),
        );
    }
    let add = |name: &str, nip: Option<&str>, nik: Option<&str>, opd: &str, role: &str| {
        id(&call(
            &api,
            "participant_add",
            json!({"event_id": event, "name": name, "nip": nip, "nik": nik, "opd": opd, "role": role}),
        )["participant"])
    };
    // In the database before the list: registered in Bappeda, to be moved to Diskominfo.
    add(
        "Ani Lestari",
        Some("198803122015032001"),
        Some("3315015203880001"),
        "Bappeda",
        "peserta",
    );
    add(
        "Bayu Aji",
        Some("198803122015031002"),
        None,
        "Bappeda",
        "peserta",
    );
    // A cancelled registration and a speaker.
    let cancelled = add(
        "Candra Wijaya",
        Some("198803122015031003"),
        None,
        "Diskominfo",
        "peserta",
    );
    call(
        &api,
        "participant_cancel",
        json!({"id": cancelled, "reason": "sakit"}),
    );
    add(
        "Dr. Dedi Kurnia",
        None,
        Some("3315015203880004"),
        "Diskominfo",
        "narasumber",
    );
    // Known by name and OPD only, not in this event yet.
    let other = event_in(&api, "Bintek Lain");
    call(
        &api,
        "participant_add",
        json!({"event_id": other, "name": "Eka Putri", "opd": "Diskominfo"}),
    );
    let csv = "Nama;NIP;NIK;Unit Kerja;Peran\r\n\
        Ani Lestari S.Kom;198803122015032001;3315015203880009;Diskominfo;peserta\r\n\
        Ani Lestari S.Kom;;3315015203880009;Diskominfo;peserta\r\n\
        Fajar Hidayat;;3315015203880001;Bappeda;peserta\r\n\
        Bayu Aji;198803122015031002;;Diskominfo;peserta\r\n\
        Candra Wijaya;198803122015031003;;Diskominfo;peserta\r\n\
        Dedi Kurnia;;3315015203880004;Diskominfo;peserta\r\n\
        Eka Putri;;;Diskominfo;peserta\r\n\
        Gita Rahma;198803122015032007;;Dinas Sosial;peserta\r\n\
        Gita Rahma;;;Dinsos;narasumber\r\n\
        Hana Pertiwi;198803122015032008;3315015203880009;Diskominfo;peserta\r\n\
        Indra Gunawan;198803122015031010;;Dinas Pendidikan Kebudayaan;peserta\r\n\
        Joko Santoso;198803122015031011;;Diskominfo;peserta\r\n";
    let f = messy::Fixture {
        name: "silang.csv",
        bytes: csv.as_bytes().to_vec(),
    };
    let before = call(&api, "participant_list", json!({"event_id": event}));
    let preview = import(&api, &event, &f, true);
    assert_eq!(
        call(&api, "participant_list", json!({"event_id": event})),
        before,
        "the preview writes nothing"
    );
    let commit = import(&api, &event, &f, false);
    let mut expected = preview.clone();
    expected["dry_run"] = json!(false);
    assert_eq!(commit, expected, "preview {preview:#}\ncommit {commit:#}");
    // What they agree on is what happened.
    assert_eq!(commit["imported"], 5, "{commit:#}");
    assert_eq!(commit["updated"], 3, "{commit:#}");
    assert_eq!(commit["unchanged"], 3, "{commit:#}");
    // Hana's NIK is the one Ani took two rows before.
    assert_eq!(rows(&commit, "errors"), [11], "{commit:#}");
    assert!(commit["errors"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("Ani Lestari S.Kom")));
    assert_eq!(
        rows(&commit, "warnings"),
        [6],
        "Candra's cancelled registration"
    );
    assert_eq!(commit["opds_created"], json!(["Dinas Sosial"]));
    // Ani and Bayu moved into Diskominfo: four participants against a quota of two.
    assert_eq!(
        commit["quota_warnings"],
        json!(["Dinas Komunikasi dan Informatika melebihi kuota: 4 peserta terdaftar, kuota 2."])
    );
    // Once more: nothing changes, and the preview says so.
    let again = import(&api, &event, &f, true);
    let mut expected = import(&api, &event, &f, false);
    expected["dry_run"] = json!(true);
    assert_eq!(again, expected);
    assert_eq!(again["imported"], 0, "{again:#}");
}

fn event_in(api: &Api, title: &str) -> String {
    event(api, title, "2019-10-01", None)
}

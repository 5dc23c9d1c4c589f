//! The real `bintek` binary on temp databases.

mod common;
use common::*;

use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use serde_json::Value;

#[test]
fn event_create_list_show_round_trip() {
    let (_dir, db) = temp_db();
    let created = json_out(bintek(&db).args([
        "--json",
        "event",
        "create",
        "--title",
        "Bimbingan Teknis Pengelolaan Media Sosial",
        "--start",
        "2019-09-17",
        "--end",
        "2019-09-18",
        "--venue",
        "Gedung Riptaloka",
        "--organizer",
        "Diskominfo Kabupaten Grobogan",
    ]));
    let id = created["id"].as_str().expect("id").to_string();
    assert_eq!(created["start_date"], "2019-09-17");
    assert_eq!(created["end_date"], "2019-09-18");
    assert_eq!(
        created["title"],
        "Bimbingan Teknis Pengelolaan Media Sosial"
    );

    let list = json_out(bintek(&db).args(["--json", "event", "list"]));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["id"], id.as_str());

    let shown = json_out(bintek(&db).args(["--json", "event", "show", &id]));
    assert_eq!(shown["venue"], "Gedung Riptaloka");

    // Human output speaks Indonesian dates.
    let out = bintek(&db)
        .args(["event", "show", &id])
        .run()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains("17–18 September 2019"), "{text}");
}

#[test]
fn a_validation_error_is_json_on_stderr_with_exit_1() {
    let (_dir, db) = temp_db();
    let out = bintek(&db)
        .args([
            "--json",
            "event",
            "create",
            "--title",
            "Bintek",
            "--start",
            "2019-09-17",
        ])
        .args(["--end", "2019-09-01"])
        .run()
        .code(1)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    let err: Value = serde_json::from_slice(&out.stderr).expect("stderr JSON");
    assert_eq!(err["error"]["code"], "validation");
    assert_eq!(err["error"]["field"], "end_date");

    // Without --json the message is plain Indonesian.
    let out = bintek(&db)
        .args(["event", "create", "--title", " ", "--start", "2019-09-17"])
        .run()
        .code(1)
        .get_output()
        .clone();
    let text = String::from_utf8(out.stderr).expect("utf-8");
    assert!(text.contains("Judul kegiatan wajib diisi."), "{text}");
}

#[test]
fn usage_errors_exit_2_and_unknown_ids_exit_1() {
    let (_dir, db) = temp_db();
    bintek(&db)
        .args(["event", "create", "--title", "x"])
        .run()
        .code(2);
    bintek(&db).args(["event", "frobnicate"]).run().code(2);
    let err = json_err(bintek(&db).args(["--json", "event", "show", "tidak-ada"]));
    assert_eq!(err["error"]["code"], "not_found");
}

#[test]
fn a_database_from_a_newer_app_is_refused() {
    let (_dir, db) = temp_db();
    json_out(bintek(&db).args(["--json", "event", "list"]));
    {
        let conn = rusqlite::Connection::open(&db).expect("raw open");
        conn.pragma_update(None, "user_version", 42).expect("bump");
    }
    let err = json_err(bintek(&db).args(["--json", "event", "list"]));
    assert_eq!(err["error"]["code"], "database_too_new");
}

#[test]
fn demo_seeds_the_grobogan_event_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("demo.db");
    let first = json_out(bintek(&db).args(["--json", "demo"]));
    let id = first["event_id"].as_str().expect("event_id").to_string();
    let again = json_out(bintek(&db).args(["--json", "demo"]));
    assert_eq!(again["event_id"], id.as_str());
    let event = json_out(bintek(&db).args(["--json", "event", "show", &id]));
    assert_eq!(event["venue"], "Gedung Riptaloka");
    assert_eq!(event["start_date"], "2019-09-17");
    assert_eq!(event["end_date"], "2019-09-18");
    assert!(event["organizer"]
        .as_str()
        .is_some_and(|o| o.contains("Kabupaten Grobogan")));
}

#[test]
fn the_db_path_can_come_from_the_environment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("env.db");
    let mut cmd = Command::cargo_bin("bintek").expect("binary");
    cmd.env("BINTEK_DB", &db).args(["--json", "demo"]);
    json_out(&mut cmd);
    assert!(db.exists());
}

#[test]
fn call_runs_any_command_by_name() {
    let (_dir, db) = temp_db();
    let info = json_out(bintek(&db).args(["call", "app_info"]));
    assert!(info["schema_version"].as_i64().is_some_and(|v| v >= 1));
    bintek(&db)
        .args(["call", "event_list", "{oops"])
        .run()
        .code(1);
}

#[test]
fn serve_refuses_a_non_loopback_address() {
    let (_dir, db) = temp_db();
    let err = json_err(bintek(&db).args(["--json", "serve", "--bind", "0.0.0.0:0"]));
    assert_eq!(err["error"]["field"], "bind");
}

#[test]
fn serve_prints_its_url_and_answers_the_api() {
    let (_dir, db) = temp_db();
    let (mut child, first) = serve(&db, &["--bind", "127.0.0.1:0"]);
    let url = first["url"].as_str().expect("url").to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    // A raw HTTP/1.1 request: the boundary a browser meets.
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let body = r#"{"title":"Bintek SPBE","start_date":"2024-05-02"}"#;
    let request = format!(
        "POST /api/event_create HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    std::io::Write::write_all(&mut stream, request.as_bytes()).expect("write");
    let mut response = String::new();
    std::io::Read::read_to_string(&mut stream, &mut response).expect("read");
    child.kill().expect("kill");
    let _ = child.wait();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"title\":\"Bintek SPBE\""), "{response}");
}

/// Sends one raw HTTP/1.1 POST and returns the whole response text.
fn raw_post(addr: &str, path: &str, token: Option<&str>, body: &str) -> String {
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n{auth}\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    std::io::Write::write_all(&mut stream, request.as_bytes()).expect("write");
    let mut response = String::new();
    std::io::Read::read_to_string(&mut stream, &mut response).expect("read");
    response
}

#[test]
fn serve_lan_prints_the_pin_and_admin_token_and_wants_tokens() {
    let (_dir, db) = temp_db();
    let (mut child, first) = serve(&db, &["--lan", "--bind", "127.0.0.1:0", "--pin", "123456"]);
    let v = first;
    assert_eq!(v["pin"], "123456");
    let admin = v["admin_token"].as_str().expect("admin token").to_string();
    let addr = v["listen"].as_str().expect("listen").to_string();
    let anonymous = raw_post(&addr, "/api/event_list", None, "{}");
    let paired = raw_post(
        &addr,
        "/api/pair",
        None,
        r#"{"pin":"123456","desk":"Meja 2"}"#,
    );
    let organizer = raw_post(&addr, "/api/event_list", Some(&admin), "{}");
    child.kill().expect("kill");
    let _ = child.wait();
    assert!(anonymous.starts_with("HTTP/1.1 401"), "{anonymous}");
    assert!(paired.starts_with("HTTP/1.1 200"), "{paired}");
    assert!(paired.contains("\"token\""), "{paired}");
    assert!(organizer.starts_with("HTTP/1.1 200"), "{organizer}");
    // --pin only with --lan; a bad PIN is refused.
    bintek(&db).args(["serve", "--pin", "123456"]).run().code(2);
    bintek(&db)
        .args(["serve", "--lan", "--bind", "127.0.0.1:0", "--pin", "12ab56"])
        .run()
        .code(1);
}

#[test]
fn bench_prints_its_figures() {
    let out = Command::cargo_bin("bintek")
        .expect("binary")
        .args(["--json", "bench", "--count", "20"])
        .run()
        .success()
        .get_output()
        .stdout
        .clone();
    let figures: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(figures[0]["name"], "event_create");
    assert_eq!(figures[0]["count"], 20);
    assert!(figures[0]["p99_ms"].as_f64().is_some());
    let names: Vec<&str> = figures
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    for name in [
        "checkin",
        "badges_pdf",
        "cert_issue",
        "cert_pdf",
        "finance_get",
        "kwitansi_pdf",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
}

#[test]
fn participants_are_added_and_listed_and_opds_listed() {
    let (_dir, db) = temp_db();
    let id = event(&db, "Bintek Medsos", "2019-09-17", None);
    let p = json_out(bintek(&db).args([
        "--json",
        "participant",
        "add",
        "--event",
        &id,
        "--name",
        "Sri Wahyuni, S.Kom.",
        "--nip",
        "19880724 201503 2 003",
        "--opd",
        "Diskominfo",
        "--opd-baru",
        "--phone",
        "0812 3456 7890",
    ]));
    assert_eq!(p["nip"], "198807242015032003");
    assert_eq!(p["gender"], "P");
    assert_eq!(p["phone"], "+6281234567890");
    let list = json_out(bintek(&db).args(["--json", "participant", "list", "--event", &id]));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    for key in ["id", "name", "nip", "opd", "role", "code"] {
        assert!(list[0].get(key).is_some(), "{key}");
    }
    let opds = json_out(bintek(&db).args(["--json", "opd", "list"]));
    assert_eq!(opds[0]["name"], "Diskominfo");
    for key in ["id", "name", "short_name", "aliases"] {
        assert!(opds[0].get(key).is_some(), "{key}");
    }
    // A bad NIP is a field error with exit 1.
    let out = bintek(&db)
        .args([
            "--json",
            "participant",
            "add",
            "--event",
            &id,
            "--name",
            "X",
            "--nip",
            "123",
        ])
        .run()
        .code(1)
        .get_output()
        .clone();
    let err: Value = serde_json::from_slice(&out.stderr).expect("json");
    assert_eq!(err["error"]["field"], "nip");
}

#[path = "../../../tests/fixtures/messy.rs"]
mod messy;

#[test]
fn participant_import_reports_rows_and_export_writes_files() {
    let (dir, db) = temp_db();
    let id = event(&db, "Bintek Medsos", "2019-09-17", None);
    let f = messy::diskominfo_xlsx();
    let file = dir.path().join(f.name);
    std::fs::write(&file, &f.bytes).expect("write fixture");

    let preview = json_out(
        bintek(&db)
            .args([
                "--json",
                "participant",
                "import",
                "--event",
                &id,
                "--dry-run",
            ])
            .arg(&file),
    );
    assert_eq!(preview["imported"], 4);
    let rows: Vec<u64> = preview["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["row"].as_u64().expect("row"))
        .collect();
    assert_eq!(rows, [9, 14, 15]);
    for key in ["row", "column", "value", "message"] {
        assert!(preview["errors"][0].get(key).is_some(), "{key}");
    }
    let list = json_out(bintek(&db).args(["--json", "participant", "list", "--event", &id]));
    assert_eq!(list, serde_json::json!([]), "dry run wrote nothing");

    let rejects = dir.path().join("ditolak.xlsx");
    let done = json_out(
        bintek(&db)
            .args(["--json", "participant", "import", "--event", &id])
            .arg(&file)
            .arg("--rejects")
            .arg(&rejects),
    );
    assert_eq!(done["imported"], 4);
    assert!(std::fs::metadata(&rejects).expect("rejects file").len() > 1000);
    let again = json_out(
        bintek(&db)
            .args(["--json", "participant", "import", "--event", &id])
            .arg(&file),
    );
    assert_eq!(
        (again["imported"].clone(), again["unchanged"].clone()),
        (0.into(), 4.into())
    );

    // Human output names rows and columns.
    let out = bintek(&db)
        .args(["participant", "import", "--event", &id, "--dry-run"])
        .arg(&file)
        .run()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains("Baris 9, kolom NIP"), "{text}");

    // An unreadable file: exit 1 with one error.
    let bad = dir.path().join("surat.xlsx");
    std::fs::write(&bad, b"%PDF-1.7 bukan excel").expect("write");
    bintek(&db)
        .args(["--json", "participant", "import", "--event", &id])
        .arg(&bad)
        .run()
        .code(1);

    let csv = dir.path().join("peserta.csv");
    json_out(
        bintek(&db)
            .args(["--json", "participant", "export", "--event", &id, "--out"])
            .arg(&csv),
    );
    let bytes = std::fs::read(&csv).expect("csv");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let xlsx = dir.path().join("peserta.xlsx");
    json_out(
        bintek(&db)
            .args(["--json", "participant", "export", "--event", &id, "--out"])
            .arg(&xlsx),
    );
    assert!(std::fs::read(&xlsx).expect("xlsx").starts_with(b"PK"));
    bintek(&db)
        .args(["participant", "export", "--event", &id, "--out", "x.pdf"])
        .run()
        .code(1);
}

#[test]
fn sessions_speakers_and_clone_from_the_command_line() {
    let (_dir, db) = temp_db();
    let id = event(&db, "Bintek Medsos", "2019-09-17", Some("2019-09-18"));
    let s2 = json_out(bintek(&db).args([
        "--json",
        "session",
        "add",
        "--event",
        &id,
        "--title",
        "Praktik Konten",
        "--date",
        "2019-09-18",
        "--start",
        "08:00",
        "--end",
        "10:00",
        "--room",
        "Ruang Utama",
        "--jp",
        "2",
    ]));
    let s1 = json_out(bintek(&db).args([
        "--json",
        "session",
        "add",
        "--event",
        &id,
        "--title",
        "Pembukaan",
        "--date",
        "2019-09-17",
        "--start",
        "08:00",
        "--end",
        "08:45",
        "--kind",
        "opening",
        "--no-attendance",
    ]));
    assert_eq!(s1["kind"], "opening");
    assert_eq!(s1["takes_attendance"], false);
    let list = json_out(bintek(&db).args(["--json", "session", "list", "--event", &id]));
    assert_eq!(list[0]["id"], s1["id"]);
    assert_eq!(list[1]["id"], s2["id"]);

    let sp = json_out(bintek(&db).args([
        "--json",
        "speaker",
        "add",
        "--event",
        &id,
        "--name",
        "Enrico Adrian Ramandha",
        "--institution",
        "Diskominfo Provinsi Jawa Tengah",
        "--session",
        s2["id"].as_str().expect("sid"),
    ]));
    assert_eq!(sp["role"], "speaker");
    assert_eq!(sp["sessions"][0]["title"], "Praktik Konten");
    let moderator = json_out(bintek(&db).args([
        "--json",
        "speaker",
        "add",
        "--event",
        &id,
        "--name",
        "Rina Kusumawati",
        "--as",
        "moderator",
    ]));
    assert_eq!(moderator["role"], "moderator");

    // Out of the event's dates: exit 1 with the field.
    let out = bintek(&db)
        .args([
            "--json",
            "session",
            "add",
            "--event",
            &id,
            "--title",
            "X",
            "--date",
            "2019-09-20",
            "--start",
            "08:00",
            "--end",
            "09:00",
        ])
        .run()
        .code(1)
        .get_output()
        .clone();
    let err: Value = serde_json::from_slice(&out.stderr).expect("json");
    assert_eq!(err["error"]["field"], "date");

    let clone =
        json_out(bintek(&db).args(["--json", "event", "clone", &id, "--start", "2020-01-06"]));
    assert_eq!(clone["start_date"], "2020-01-06");
    assert_eq!(clone["end_date"], "2020-01-07");
    let cid = clone["id"].as_str().expect("cid").to_string();
    let copied = json_out(bintek(&db).args(["--json", "session", "list", "--event", &cid]));
    assert_eq!(copied[1]["date"], "2020-01-07");
    assert_eq!(copied[1]["speakers"][0]["name"], "Enrico Adrian Ramandha");
}

#[test]
fn the_agenda_pdf_holds_every_session_and_speaker() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("demo.db");
    let demo = json_out(bintek(&db).args(["--json", "demo"]));
    let id = demo["event_id"].as_str().expect("id").to_string();
    let pdf = dir.path().join("jadwal.pdf");
    json_out(
        bintek(&db)
            .args(["--json", "agenda", "pdf", "--event", &id, "--out"])
            .arg(&pdf),
    );
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));
    // Collapse the layout's line breaks and runs of spaces: titles wrap inside cells.
    let text = tool_text("pdftotext", &["-layout"], &pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("PEMERINTAH KABUPATEN GROBOGAN"), "{text}");
    assert!(flat.contains("Hari ke-1 — Selasa, 17 September 2019"));
    assert!(flat.contains("Hari ke-2 — Rabu, 18 September 2019"));
    assert!(flat.contains("Halaman 1 dari"));
    let sessions = json_out(bintek(&db).args(["--json", "session", "list", "--event", &id]));
    for s in sessions.as_array().expect("sessions") {
        let start = s["start_time"].as_str().expect("time").replace(':', ".");
        assert!(flat.contains(&start), "time {start}");
        // Every word of the title is there (a title may wrap across lines of its cell,
        // also after a slash).
        for word in s["title"]
            .as_str()
            .expect("title")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            assert!(text.contains(word), "'{word}' of {} missing", s["title"]);
        }
        for p in s["speakers"].as_array().into_iter().flatten() {
            let name = p["name"].as_str().expect("name");
            let first = name.split_whitespace().next().expect("word");
            assert!(text.contains(first), "speaker {name}");
        }
    }
    for name in ["Enrico", "Ramandha,", "Sumarsono,", "Kusumawati,"] {
        assert!(text.contains(name), "{name}");
    }
    // An event without sessions says so instead of printing an empty page.
    let other = json_out(bintek(&db).args([
        "--json",
        "event",
        "create",
        "--title",
        "Kosong",
        "--start",
        "2020-01-01",
    ]));
    bintek(&db)
        .args([
            "agenda",
            "pdf",
            "--event",
            other["id"].as_str().expect("id"),
            "--out",
        ])
        .arg(dir.path().join("kosong.pdf"))
        .run()
        .code(1);
}

#[test]
fn the_agenda_carries_the_participants_page_as_a_qr_code_when_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, id) = demo(dir.path());
    let url = "http://192.168.1.5:7878/p/";
    let pdf = dir.path().join("jadwal.pdf");
    json_out(
        bintek(&db)
            .args([
                "--json",
                "agenda",
                "pdf",
                "--event",
                &id,
                "--halaman-peserta",
                url,
            ])
            .arg("--out")
            .arg(&pdf),
    );
    let flat = tool_text("pdftotext", &[], &pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("Halaman Peserta"), "{flat}");
    assert!(flat.contains(url), "{flat}");
    // A phone's camera reads the address back from the printed page (the last one).
    assert_eq!(qr_of_page(dir.path(), &pdf, page_count(&pdf)), url);

    // Without it there is none; an address that is not http(s) is refused by name.
    let plain = dir.path().join("polos.pdf");
    json_out(
        bintek(&db)
            .args(["--json", "agenda", "pdf", "--event", &id, "--out"])
            .arg(&plain),
    );
    assert!(!tool_text("pdftotext", &[], &plain).contains("Halaman Peserta"));
    let e = json_err(bintek(&db).args([
        "--json",
        "agenda",
        "pdf",
        "--event",
        &id,
        "--halaman-peserta",
        "javascript:alert(1)",
        "--out",
        "x.pdf",
    ]));
    assert_eq!(e["error"]["field"], "participant_url", "{e}");
}

#[test]
fn checkin_and_attendance_list_from_the_command_line() {
    let (_dir, db) = temp_db();
    let id = event(&db, "Bintek", "2019-09-17", None);
    let s = json_out(bintek(&db).args([
        "--json",
        "session",
        "add",
        "--event",
        &id,
        "--title",
        "Materi",
        "--date",
        "2019-09-17",
        "--start",
        "08:00",
        "--end",
        "10:00",
    ]));
    let sid = s["id"].as_str().expect("sid").to_string();
    let p = json_out(bintek(&db).args([
        "--json",
        "participant",
        "add",
        "--event",
        &id,
        "--name",
        "Sri Wahyuni",
        "--nip",
        "198807242015032003",
    ]));
    let code = p["code"].as_str().expect("code").to_string();
    let first = json_out(bintek(&db).args([
        "--json",
        "checkin",
        "--event",
        &id,
        "--session",
        &sid,
        "--desk",
        "Meja 1",
        &code,
    ]));
    assert_eq!(first["status"], "checked_in");
    assert_eq!(first["person"]["name"], "Sri Wahyuni");
    assert_eq!(first["session_id"], sid.as_str());
    assert!(first["at"].is_string());
    let again = json_out(bintek(&db).args([
        "--json",
        "checkin",
        "--event",
        &id,
        "--session",
        &sid,
        "198807242015032003",
    ]));
    assert_eq!(again["status"], "already_checked_in");
    let out = bintek(&db)
        .args([
            "--json",
            "checkin",
            "--event",
            &id,
            "--session",
            &sid,
            "ZZZZZZ",
        ])
        .run()
        .code(1)
        .get_output()
        .clone();
    let err: Value = serde_json::from_slice(&out.stderr).expect("json");
    assert_eq!(err["error"]["code"], "not_found");
    let list = json_out(bintek(&db).args(["--json", "attendance", "list", "--event", &id]));
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    for key in [
        "registration_id",
        "code",
        "name",
        "opd",
        "session_id",
        "at",
        "desk",
        "method",
    ] {
        assert!(list[0].get(key).is_some(), "{key}");
    }
    assert_eq!(list[0]["desk"], "Meja 1");
}

#[test]
fn an_offline_package_goes_out_and_merges_back_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let host = dir.path().join("host.db");
    let demo = json_out(bintek(&host).args(["--json", "demo"]));
    let id = demo["event_id"].as_str().expect("id").to_string();
    let package = dir.path().join("paket.db");
    json_out(
        bintek(&host)
            .args(["--json", "event", "package", &id, "--out"])
            .arg(&package),
    );
    // The offline laptop: its own Bintek on the package.
    let sessions = json_out(bintek(&package).args(["--json", "session", "list", "--event", &id]));
    let sid = sessions[sessions.as_array().expect("array").len() - 2]["id"]
        .as_str()
        .expect("sid")
        .to_string();
    let people = json_out(bintek(&package).args(["--json", "participant", "list", "--event", &id]));
    let present = json_out(bintek(&package).args([
        "--json",
        "attendance",
        "list",
        "--event",
        &id,
        "--session",
        &sid,
    ]));
    let here = |p: &Value| {
        present
            .as_array()
            .is_some_and(|l| l.iter().any(|r| r["registration_id"] == p["id"]))
    };
    // Someone the demo did not check in for that session.
    let absent = people
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["role"] == "participant" && !here(p))
        .expect("an absent participant");
    let code = absent["code"].as_str().expect("code").to_string();
    let done = json_out(bintek(&package).args([
        "--json",
        "checkin",
        "--event",
        &id,
        "--session",
        &sid,
        "--desk",
        "Laptop",
        &code,
    ]));
    assert_eq!(done["status"], "checked_in", "{done}");
    let first = json_out(bintek(&host).args(["--json", "merge"]).arg(&package));
    assert_eq!(first["checkins_added"], 1, "{first}");
    let again = json_out(bintek(&host).args(["--json", "merge"]).arg(&package));
    assert_eq!(again["checkins_added"], 0, "{again}");
    // The demo's own check-ins travelled out and back: known, like the merged one now.
    assert_eq!(
        again["checkins_known"].as_u64(),
        first["checkins_known"].as_u64().map(|n| n + 1),
        "{again}"
    );
    let list = json_out(bintek(&host).args([
        "--json",
        "attendance",
        "list",
        "--event",
        &id,
        "--session",
        &sid,
    ]));
    let from_laptop: Vec<&Value> = list
        .as_array()
        .expect("list")
        .iter()
        .filter(|r| r["desk"] == "Laptop")
        .collect();
    assert_eq!(from_laptop.len(), 1);
    assert_eq!(from_laptop[0]["code"], code.as_str());
    assert_eq!(
        list.as_array().map(Vec::len),
        present.as_array().map(|l| l.len() + 1)
    );
    // Something that is not a package is refused with a clear error.
    let junk = dir.path().join("bukan.db");
    std::fs::write(&junk, "bukan paket").expect("write");
    bintek(&host).args(["merge"]).arg(&junk).run().code(1);
    an_older_package_merges_through_a_temporary_copy(dir.path(), &host, &package);
}

/// A package from the app before an update (older schema) is migrated on a copy in the
/// temp folder; that copy and the backup its migration makes are gone afterwards. The
/// older package is this one with the last migration (0017: the materials) taken back:
/// exactly what the app before it made, which the schema check accepts (a
/// lowered user_version alone is not).
fn an_older_package_merges_through_a_temporary_copy(
    dir: &std::path::Path,
    host: &std::path::Path,
    package: &std::path::Path,
) {
    let old = dir.join("paket-lama.db");
    std::fs::copy(package, &old).expect("copy");
    let conn = rusqlite::Connection::open(&old).expect("open");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(
        version, 17,
        "undo the newest migration here when adding one"
    );
    conn.execute_batch(&format!(
        "DROP TABLE material_download; DROP TABLE material; PRAGMA user_version = {}",
        version - 1
    ))
    .expect("older");
    drop(conn);
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).expect("tmp");
    let merged = json_out(
        bintek(host)
            .env("TMPDIR", &tmp)
            .env("TEMP", &tmp)
            .env("TMP", &tmp)
            .args(["--json", "merge"])
            .arg(&old),
    );
    assert_eq!(merged["checkins_added"], 0, "{merged}");
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .expect("tmp")
        .map(|e| e.expect("entry").path())
        .collect();
    assert!(left.is_empty(), "left in the temp folder: {left:?}");
}

/// `bintek check | head`, `bintek event list | more`: a reader that stops early is no
/// error of ours. Once this printed "Galat: Broken pipe" (Linux) or "Pipe not connected
/// (os error 233)" (Windows) and exited 1.
#[test]
fn a_reader_that_goes_away_early_is_not_an_error() {
    let (_dir, db) = temp_db();
    bintek(&db).arg("demo").run().success();
    for args in [&["check"][..], &["--json", "event", "list"][..]] {
        let mut command = StdCommand::new(assert_cmd::cargo::cargo_bin("bintek"));
        command
            .env_remove("BINTEK_DB")
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = retry_start(|| command.spawn()).expect("spawn");
        // The reader closes its end before the program has written anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
}

/// Whether Windows accepts `name` as a file name: none of `<>:"/\|?*` nor control
/// characters, no trailing dot or space, not a device name (`CON`, `NUL`, `COM1`, … with
/// any extension), at most 255 characters.
fn valid_on_windows(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    let device = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"].contains(&stem.as_str())
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.chars().count() == 4
            && stem
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_digit() || "¹²³".contains(c)));
    !name.is_empty()
        && name.chars().count() <= 255
        && !name.ends_with(['.', ' '])
        && !name
            .chars()
            .any(|c| c.is_control() || "<>:\"/\\|?*".contains(c))
        && !device
}

/// Every file Bintek names after data (an event titled `CON: Bimtek "Arsip"?`, people
/// called `NUL` or `Sri: "Rahayu"?`) gets a name Windows accepts, and keeps its extension
/// however long the title. Written to disk too: under Wine that is the Windows file API.
#[test]
fn every_file_named_after_data_is_valid_on_windows() {
    let (dir, db) = temp_db();
    let long = format!(
        "CON: Bimtek \"Arsip\"? {} .",
        "Tata Kelola Arsip ".repeat(12)
    );
    let mut files: Vec<String> = Vec::new();
    // Two years, so the two events' certificate numbers do not meet.
    for (title, date) in [
        (r#"CON: Bimtek "Arsip"?"#, "2024-05-02"),
        (long.as_str(), "2025-05-02"),
    ] {
        let event = self::event(&db, title, date, None);
        let call = |name: &str, args: Value| -> Value {
            json_out(bintek(&db).args(["--json", "call", name, &args.to_string()]))
        };
        let session = call(
            "session_add",
            serde_json::json!({"event_id": event, "title": "Materi", "date": date,
                               "start_time": "08:00", "end_time": "12:00", "kind": "material",
                               "takes_attendance": true}),
        )["id"]
            .as_str()
            .expect("session")
            .to_string();
        for name in ["NUL", r#"Sri: "Rahayu"?"#, "Aux."] {
            let p = json_out(bintek(&db).args([
                "--json",
                "participant",
                "add",
                "--event",
                &event,
                "--name",
                name,
                "--opd",
                "Dinas Kearsipan",
                "--opd-baru",
            ]));
            call(
                "checkin",
                serde_json::json!({"event_id": event, "session_id": session,
                                   "code": p["code"]}),
            );
        }
        let id = serde_json::json!({"event_id": event});
        let exports = [
            call("agenda_pdf", id.clone()),
            call("badges_pdf", id.clone()),
            call(
                "attendance_sheet_pdf",
                serde_json::json!({"event_id": event, "session_id": session}),
            ),
            call(
                "attendance_recap",
                serde_json::json!({"event_id": event, "format": "xlsx"}),
            ),
            call(
                "attendance_recap",
                serde_json::json!({"event_id": event, "format": "pdf"}),
            ),
            call(
                "participant_export",
                serde_json::json!({"event_id": event, "format": "csv"}),
            ),
        ];
        for export in exports {
            files.push(export["file_name"].as_str().expect("file_name").to_string());
        }
        let per = dir.path().join(format!("per-orang-{}", files.len()));
        json_out(
            bintek(&db)
                .args(["--json", "certificate", "issue", "--event", &event, "--out"])
                .arg(dir.path().join("semua.pdf"))
                .arg("--per-person")
                .arg(&per),
        );
        let written: Vec<String> = std::fs::read_dir(&per)
            .expect("per-person folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(written.len(), 3, "{written:?}");
        files.extend(written);
    }
    let out = dir.path().join("unduhan");
    std::fs::create_dir(&out).expect("dir");
    for name in &files {
        assert!(valid_on_windows(name), "not a Windows file name: {name:?}");
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        assert!(
            ["pdf", "xlsx", "csv"].contains(&ext),
            "extension kept: {name:?}"
        );
        std::fs::write(out.join(name), b"x").unwrap_or_else(|e| panic!("{name:?}: {e}"));
    }
    assert_eq!(std::fs::read_dir(&out).expect("dir").count(), files.len());
}

/// `--out` into a folder that does not exist yet (a new folder per bintek, as organizers
/// keep them) makes the folder; an existing file is replaced whole, and nothing else is
/// left beside it.
#[test]
fn out_makes_its_folder_and_leaves_no_temporary_files() {
    let (dir, db) = temp_db();
    let demo = json_out(bintek(&db).args(["--json", "demo"]));
    let event = demo["event_id"].as_str().expect("id").to_string();
    let folder = dir.path().join("Bimtek Arsip 2019").join("Cetakan");
    let out = folder.join("kartu peserta.pdf");
    for _ in 0..2 {
        let v = json_out(
            bintek(&db)
                .args(["--json", "badges", "--event", &event, "--out"])
                .arg(&out),
        );
        assert_eq!(v["file"], out.display().to_string());
    }
    let bytes = std::fs::read(&out).expect("written");
    assert!(bytes.starts_with(b"%PDF-"));
    let names: Vec<_> = std::fs::read_dir(&folder)
        .expect("folder")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["kartu peserta.pdf"]);
}

/// Nothing stored in a database can drive the terminal: an old or crafted database holds
/// a title and a name with escapes (input refuses them now, so the rows are written
/// directly), and no table, JSON output or error message of `bintek` carries an ESC, a
/// BEL, a carriage return or a C1 control from them.
#[test]
fn the_cli_never_prints_terminal_escapes_from_data() {
    let (_dir, db) = temp_db();
    let created = json_out(bintek(&db).args([
        "--json",
        "event",
        "create",
        "--title",
        "Bintek Biasa",
        "--start",
        "2019-09-17",
    ]));
    let event = created["id"].as_str().expect("id").to_string();
    bintek(&db)
        .args([
            "participant",
            "add",
            "--event",
            &event,
            "--name",
            "Siti Aminah",
        ])
        .run()
        .success();
    let evil = "Judul \u{1b}[31mmerah\u{1b}]0;judul jendela\u{7}\r\u{9b}2J akhir";
    {
        let conn = rusqlite::Connection::open(&db).expect("open");
        conn.execute("UPDATE event SET title = ?1", [evil])
            .expect("title");
        conn.execute("UPDATE person SET name = ?1", [evil])
            .expect("name");
    }
    let mut outputs: Vec<(String, Vec<u8>)> = Vec::new();
    for args in [
        vec!["event", "list"],
        vec!["event", "show", &event],
        vec!["participant", "list", "--event", &event],
        vec!["--json", "event", "list"],
        vec!["--json", "participant", "list", "--event", &event],
    ] {
        let out = bintek(&db).args(&args).run().success().get_output().clone();
        if args[0] == "--json" {
            // Still JSON, and the data comes back exactly when parsed.
            let v: Value = serde_json::from_slice(&out.stdout).expect("still JSON");
            let key = if args[1] == "event" { "title" } else { "name" };
            assert_eq!(v[0][key], evil);
        }
        outputs.push((args.join(" "), out.stdout));
        outputs.push((format!("{} (stderr)", args.join(" ")), out.stderr));
    }
    // An error message quoting stored data: the same person again is a conflict.
    for json in [false, true] {
        let mut cmd = bintek(&db);
        if json {
            cmd.arg("--json");
        }
        let out = cmd
            .args([
                "participant",
                "add",
                "--event",
                &event,
                "--name",
                "Siti Aminah",
            ])
            .run()
            .get_output()
            .clone();
        outputs.push((format!("conflict json={json}"), out.stderr));
    }
    // The data is really there (so the check below is not vacuous).
    assert!(outputs
        .iter()
        .any(|(_, o)| String::from_utf8_lossy(o).contains("merah")));
    for (what, bytes) in &outputs {
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\n' | '\t'))
            .collect();
        assert!(
            bad.is_empty(),
            "{what}: control characters {bad:?} in {text:?}"
        );
    }
}

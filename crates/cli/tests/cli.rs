//! The real `bintek` binary on temp databases.

use std::io::{BufRead, BufReader};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use serde_json::Value;

fn bintek(db: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("bintek").expect("binary");
    cmd.env_remove("BINTEK_DB").arg("--db").arg(db);
    cmd
}

fn json_out(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("stdout is one JSON document")
}

#[test]
fn event_create_list_show_round_trip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bintek.db");
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
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains("17–18 September 2019"), "{text}");
}

#[test]
fn a_validation_error_is_json_on_stderr_with_exit_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bintek.db");
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
        .assert()
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
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = String::from_utf8(out.stderr).expect("utf-8");
    assert!(text.contains("Judul kegiatan wajib diisi."), "{text}");
}

#[test]
fn usage_errors_exit_2_and_unknown_ids_exit_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bintek.db");
    bintek(&db)
        .args(["event", "create", "--title", "x"])
        .assert()
        .code(2);
    bintek(&db).args(["event", "frobnicate"]).assert().code(2);
    let out = bintek(&db)
        .args(["--json", "event", "show", "tidak-ada"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err: Value = serde_json::from_slice(&out.stderr).expect("stderr JSON");
    assert_eq!(err["error"]["code"], "not_found");
}

#[test]
fn a_database_from_a_newer_app_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bintek.db");
    json_out(bintek(&db).args(["--json", "event", "list"]));
    {
        let conn = rusqlite::Connection::open(&db).expect("raw open");
        conn.pragma_update(None, "user_version", 42).expect("bump");
    }
    let out = bintek(&db)
        .args(["--json", "event", "list"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err: Value = serde_json::from_slice(&out.stderr).expect("stderr JSON");
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
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bintek.db");
    let info = json_out(bintek(&db).args(["call", "app_info"]));
    assert!(info["schema_version"].as_i64().is_some_and(|v| v >= 1));
    bintek(&db)
        .args(["call", "event_list", "{oops"])
        .assert()
        .code(1);
}

#[test]
fn serve_refuses_a_non_loopback_address() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bintek.db");
    let out = bintek(&db)
        .args(["--json", "serve", "--bind", "0.0.0.0:0"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err: Value = serde_json::from_slice(&out.stderr).expect("stderr JSON");
    assert_eq!(err["error"]["field"], "bind");
}

#[test]
fn serve_prints_its_url_and_answers_the_api() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bintek.db");
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("bintek"))
        .args(["--json", "--db"])
        .arg(&db)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read url");
    let url = serde_json::from_str::<Value>(&line).expect("json line")["url"]
        .as_str()
        .expect("url")
        .to_string();
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

#[test]
fn bench_prints_its_figures() {
    let out = Command::cargo_bin("bintek")
        .expect("binary")
        .args(["--json", "bench", "--count", "20"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let figures: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(figures[0]["name"], "event_create");
    assert_eq!(figures[0]["count"], 20);
    assert!(figures[0]["p99_ms"].as_f64().is_some());
}

#[test]
fn participants_are_added_and_listed_and_opds_listed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bintek.db");
    let event = json_out(bintek(&db).args([
        "--json",
        "event",
        "create",
        "--title",
        "Bintek Medsos",
        "--start",
        "2019-09-17",
    ]));
    let id = event["id"].as_str().expect("id").to_string();
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
        .assert()
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
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bintek.db");
    let event = json_out(bintek(&db).args([
        "--json",
        "event",
        "create",
        "--title",
        "Bintek Medsos",
        "--start",
        "2019-09-17",
    ]));
    let id = event["id"].as_str().expect("id").to_string();
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
        .assert()
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
        .assert()
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
        .assert()
        .code(1);
}

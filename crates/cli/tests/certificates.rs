//! `bintek certificate …` on the demo event, read back with poppler and zbar: the PDF has
//! a page per issued certificate with every name and number in embedded, subset fonts; the
//! QR code on a page verifies; a revoked certificate does not.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

#[path = "../../../tests/support/tools.rs"]
mod tools;

fn bintek(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("bintek").expect("binary");
    cmd.env_remove("BINTEK_DB").arg("--db").arg(db);
    cmd
}

fn json_out(cmd: &mut Command) -> Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("stdout is one JSON document")
}

fn tool(name: &str, args: &[&str], file: &Path) -> String {
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    all.push(file.as_os_str());
    if name == "pdftotext" {
        all.push("-".as_ref());
    }
    tools::run(name, all)
        .unwrap_or_else(|e| panic!("{name} must be installed (scripts/setup.sh --test): {e}"))
        .stdout
}

#[test]
fn issue_list_verify_and_revoke_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("demo.db");
    let demo = json_out(bintek(&db).args(["--json", "demo"]));
    let event = demo["event_id"].as_str().expect("id").to_string();
    let pdf = dir.path().join("sertifikat.pdf");
    let per = dir.path().join("per-orang");
    let out = json_out(
        bintek(&db)
            .args(["--json", "certificate", "issue", "--event", &event, "--out"])
            .arg(&pdf)
            .arg("--per-person")
            .arg(&per),
    );
    let issued = out["issued"].as_u64().expect("issued") as usize;
    assert!(
        issued > 0 && out["ineligible"].as_u64() > Some(0),
        "the demo has both: {out}"
    );
    assert_eq!(out["file"], pdf.display().to_string());
    let info = tool("pdfinfo", &[], &pdf);
    assert!(
        info.contains(&format!("Pages:           {issued}\n")),
        "{info}"
    );
    assert_eq!(std::fs::read_dir(&per).expect("dir").count(), issued);

    let list = json_out(bintek(&db).args(["--json", "certificate", "list", "--event", &event]));
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), issued);
    for key in ["number", "name", "role", "code", "status", "revision"] {
        assert!(list[0].get(key).is_some(), "{key}");
    }
    let text = tool("pdftotext", &[], &pdf).replace('\n', " ");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for c in list {
        assert!(
            flat.contains(c["number"].as_str().expect("n")),
            "number {}",
            c["number"]
        );
        assert!(
            flat.contains(c["name"].as_str().expect("name")),
            "name {}",
            c["name"]
        );
    }
    let fonts = tool("pdffonts", &[], &pdf);
    for line in fonts.lines().skip(2) {
        assert!(line.contains(" yes yes "), "embedded and subset: {line}");
    }

    // The QR code of page 1, as a phone would read it.
    let png = dir.path().join("hal1");
    let ppm = tools::run(
        "pdftoppm",
        [
            "-r".as_ref(),
            "150".as_ref(),
            "-png".as_ref(),
            "-f".as_ref(),
            "1".as_ref(),
            "-l".as_ref(),
            "1".as_ref(),
            "-singlefile".as_ref(),
            pdf.as_os_str(),
            png.as_os_str(),
        ],
    )
    .expect("pdftoppm");
    assert!(ppm.success, "pdftoppm: {}", ppm.stderr);
    let scanned = tool("zbarimg", &["-q", "--raw"], &dir.path().join("hal1.png"));
    let scanned = scanned.trim();
    assert!(scanned.starts_with("BTK1."), "decoded QR: {scanned:?}");
    let v = json_out(bintek(&db).args(["--json", "certificate", "verify", scanned]));
    assert_eq!(v["status"], "valid");
    assert_eq!(v["number"], list[0]["number"]);

    let number = list[0]["number"].as_str().expect("n");
    json_out(bintek(&db).args([
        "--json",
        "certificate",
        "revoke",
        number,
        "--reason",
        "Tidak hadir",
    ]));
    let out = bintek(&db)
        .args(["--json", "certificate", "verify", scanned])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["status"], "revoked");
    let out = bintek(&db)
        .args(["--json", "certificate", "verify", "bukan sertifikat"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["status"], "unknown");

    // Revoked by mistake: replaced with a new number; the old one stays revoked.
    let v = json_out(bintek(&db).args(["--json", "certificate", "replace", number]));
    assert_eq!(v["replaces"], number);
    assert_ne!(v["number"], number);
    assert_eq!(v["status"], "issued");
    let out = bintek(&db)
        .args(["certificate", "replace", number])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("sudah memegang sertifikat"), "{text}");
}

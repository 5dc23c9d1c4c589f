//! `bintek certificate …` on the demo event, read back with poppler and zbar: the PDF has
//! a page per issued certificate with every name and number in embedded, subset fonts; the
//! QR code on a page verifies; a revoked certificate does not.

mod common;
use common::*;

use std::path::Path;

use serde_json::{json, Value};

#[test]
fn issue_list_verify_and_revoke_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, event) = demo(dir.path());
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
    let info = tool_text("pdfinfo", &[], &pdf);
    assert!(
        info.contains(&format!("Pages:           {issued}\n")),
        "{info}"
    );
    assert_eq!(std::fs::read_dir(&per).expect("dir").count(), issued);
    let list = every_number_and_name_is_in_the_pdf(&db, &event, &pdf, issued);
    let scanned = the_qr_of_page_one(dir.path(), &pdf);
    let v = json_out(bintek(&db).args(["--json", "certificate", "verify", &scanned]));
    assert_eq!(v["status"], "valid");
    assert_eq!(v["number"], list[0]["number"]);
    revoked_says_so_and_is_replaced(&db, list[0]["number"].as_str().expect("n"), &scanned);
}

/// The certificate list has a row per issued certificate, and the PDF every number and
/// name in embedded, subset fonts; the list.
fn every_number_and_name_is_in_the_pdf(
    db: &Path,
    event: &str,
    pdf: &Path,
    issued: usize,
) -> Vec<Value> {
    let list = json_out(bintek(db).args(["--json", "certificate", "list", "--event", event]));
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), issued);
    for key in ["number", "name", "role", "code", "status", "revision"] {
        assert!(list[0].get(key).is_some(), "{key}");
    }
    let text = tool_text("pdftotext", &[], pdf).replace('\n', " ");
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
    let fonts = tool_text("pdffonts", &[], pdf);
    for line in fonts.lines().skip(2) {
        assert!(line.contains(" yes yes "), "embedded and subset: {line}");
    }
    list.clone()
}

/// The QR code of page 1, as a phone would read it.
fn the_qr_of_page_one(dir: &Path, pdf: &Path) -> String {
    let scanned = qr_of_page(dir, pdf, 1);
    assert!(scanned.starts_with("BTK1."), "decoded QR: {scanned:?}");
    scanned
}

/// `bintek certificate verify` of a text that is not a valid certificate: exit 1, and the
/// answer on stdout.
fn refused_verify(db: &Path, text: &str) -> Value {
    let out = bintek(db)
        .args(["--json", "certificate", "verify", text])
        .run()
        .code(1)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("json")
}

/// Revoked, the scanned QR says so; replaced, it gets a new number, once.
fn revoked_says_so_and_is_replaced(db: &Path, number: &str, scanned: &str) {
    json_out(bintek(db).args([
        "--json",
        "certificate",
        "revoke",
        number,
        "--reason",
        "Tidak hadir",
    ]));
    assert_eq!(refused_verify(db, scanned)["status"], "revoked");
    assert_eq!(refused_verify(db, "bukan sertifikat")["status"], "unknown");

    // Revoked by mistake: replaced with a new number; the old one stays revoked.
    let v = json_out(bintek(db).args(["--json", "certificate", "replace", number]));
    assert_eq!(v["replaces"], number);
    assert_ne!(v["number"], number);
    assert_eq!(v["status"], "issued");
    let out = bintek(db)
        .args(["certificate", "replace", number])
        .run()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("sudah memegang sertifikat"), "{text}");
}

/// With the back page on, every certificate — in the one PDF and in each person's own —
/// is followed by the list of materi with their narasumber and JP, and the total.
#[test]
fn the_back_page_lists_the_materi_and_their_hours() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, event) = demo(dir.path());
    call(
        &db,
        "certificate_settings_set",
        json!({"event_id": event, "back_page": true}),
    );
    let pdf = dir.path().join("dengan-belakang.pdf");
    let per = dir.path().join("per-orang");
    let out = json_out(
        bintek(&db)
            .args([
                "--json",
                "certificate",
                "issue",
                "--event",
                &event,
                "--role",
                "speaker",
                "--out",
            ])
            .arg(&pdf)
            .arg("--per-person")
            .arg(&per),
    );
    let issued = out["issued"].as_u64().expect("issued") as usize;
    assert!(issued > 0, "{out}");
    assert_eq!(
        pages(&pdf),
        issued * 2,
        "a back page after every certificate"
    );
    let sessions = call(&db, "session_list", json!({"event_id": event}));
    let materi: Vec<&Value> = sessions
        .as_array()
        .expect("sessions")
        .iter()
        .filter(|s| s["kind"] == "material")
        .collect();
    let back = tool_text("pdftotext", &["-f", "2", "-l", "2"], &pdf);
    let flat: String = back.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("DAFTAR MATERI"), "{flat}");
    let first = materi[0]["title"].as_str().expect("title");
    assert!(
        flat.contains(
            &first
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "{first} on the back: {flat}"
    );
    let event_info = call(&db, "event_get", json!({"id": event}));
    let total = event_info["total_jp"]
        .as_i64()
        .unwrap_or_else(|| event_info["sessions_jp"].as_i64().expect("jp"));
    assert!(flat.contains(&format!("Jumlah {total}")), "{flat}");
    let front = tool_text("pdftotext", &["-f", "1", "-l", "1"], &pdf);
    assert!(
        !front.contains("DAFTAR MATERI"),
        "the front is the certificate"
    );
    let one = std::fs::read_dir(&per)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a person's PDF");
    assert_eq!(pages(&one), 2, "each person's PDF has its back page too");
    assert!(tool_text("pdftotext", &["-f", "2", "-l", "2"], &one).contains("DAFTAR MATERI"));
}

/// A template with the agency's logo field prints the logo from the profile on every
/// certificate, one image for the whole PDF.
#[test]
fn a_logo_field_prints_the_agency_logo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, event) = demo(dir.path());
    let mut template = call(&db, "certificate_template_get", json!({"id": "bawaan"}));
    template["name"] = json!("Dengan logo");
    template["fields"].as_array_mut().expect("fields").push(
        json!({"kind": {"type": "logo"}, "x_mm": 133.5, "y_mm": 14.0, "width_mm": 30.0,
                     "height_mm": 18.0, "font": "sans", "size_pt": 12.0, "min_size_pt": 12.0,
                     "color": "#000000", "align": "center", "valign": "middle",
                     "letter_spacing_pt": 0.0, "text": null}),
    );
    let saved = call(
        &db,
        "certificate_template_save",
        json!({"template": template}),
    );
    call(
        &db,
        "certificate_settings_set",
        json!({"event_id": event, "role_templates": {"speaker": saved["id"]}}),
    );
    let pdf = dir.path().join("logo.pdf");
    let out = json_out(
        bintek(&db)
            .args([
                "--json",
                "certificate",
                "issue",
                "--event",
                &event,
                "--role",
                "speaker",
                "--out",
            ])
            .arg(&pdf),
    );
    let issued = out["issued"].as_u64().expect("issued") as usize;
    assert!(issued > 1, "{out}");
    let list = tool_text("pdfimages", &["-list"], &pdf);
    let logos: Vec<&str> = list
        .lines()
        .skip(2)
        .filter(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            c.get(2) == Some(&"image") && c.get(3) == Some(&"240") && c.get(4) == Some(&"240")
        })
        .collect();
    assert_eq!(logos.len(), issued, "the logo on every page: {list}");
    let objects: std::collections::BTreeSet<&str> = logos
        .iter()
        .filter_map(|l| l.split_whitespace().nth(10))
        .collect();
    assert_eq!(objects.len(), 1, "one image object for all pages: {list}");
}

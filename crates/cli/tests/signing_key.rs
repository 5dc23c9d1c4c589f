//! The signing key travels with a backup: `bintek restore` on another PC, and the
//! certificates printed at the office verify there as genuine (`bintek call`).

mod common;
use common::*;

use serde_json::{json, Value};

#[test]
fn a_backup_restored_on_another_pc_verifies_the_office_certificates_as_genuine() {
    let office = tempfile::tempdir().expect("dir");
    let db = office.path().join("bintek.db");
    let demo: Value = serde_json::from_slice(
        &bintek(&db)
            .args(["--json", "demo"])
            .run()
            .success()
            .get_output()
            .stdout,
    )
    .expect("demo");
    let event = demo["event_id"].as_str().expect("event");
    call(&db, "certificate_issue", json!({"event_id": event}));
    let list = call(
        &db,
        "certificate_verification_list",
        json!({"event_id": event, "format": "json"}),
    );
    let bytes = bintek_core::files::decode_base64("data", list["data"].as_str().expect("data"))
        .expect("base64");
    let published: Value = serde_json::from_slice(&bytes).expect("list");
    let qr = published["sertifikat"][0]["qr"]
        .as_str()
        .expect("qr")
        .to_string();
    let backup = office.path().join("ke-laptop.db");
    bintek(&db)
        .args(["backup", "--out"])
        .arg(&backup)
        .run()
        .success();

    // The laptop has used Bintek before: it has a key of its own.
    let laptop = tempfile::tempdir().expect("dir");
    let there = laptop.path().join("bintek.db");
    call(&there, "certificate_public_key", json!({}));
    bintek(&there).arg("restore").arg(&backup).run().success();
    let v = call(&there, "certificate_verify", json!({ "text": qr }));
    assert_eq!(v["status"], "valid", "{v}");
    assert_eq!(
        call(&there, "signing_key_info", json!({}))["fingerprint"],
        call(&db, "signing_key_info", json!({}))["fingerprint"]
    );
}

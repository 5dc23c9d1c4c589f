//! The certificate signing key travels with the database: a backup restored on another
//! PC verifies the old certificates as genuine; a missing key is said, never silently
//! replaced; the key is exported and imported (a wrong one is refused); an offline
//! package carries the public key only.

mod common;
use common::*;

use std::path::Path;

use base64::Engine;
use bintek_core::backup;
use bintek_core::error::ErrorCode;
use bintek_core::Api;
use serde_json::{json, Value};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// An event whose two participants attended its one session, with certificates issued;
/// returns the event id and the QR text of the first certificate, as printed.
fn issued(api: &Api) -> (String, String) {
    let (event, sessions) =
        event_with_sessions(api, "Bimtek Kunci", None, &[("Materi", "08:00", "10:00")]);
    let people = ["Sri Wahyuni", "Budi Santoso"].map(|n| person(n, None, Some("Diskominfo")));
    for p in add_people(api, &event, people) {
        call(
            api,
            "checkin",
            json!({"event_id": event, "session_id": sessions[0], "code": p.code}),
        );
    }
    call(api, "certificate_issue", json!({"event_id": event}));
    (event.clone(), qr_of_first(api, &event))
}

fn qr_of_first(api: &Api, event: &str) -> String {
    let list = call(api, "certificate_list", json!({"event_id": event}));
    let rows: Vec<bintek_core::certificates::CertificateRow> =
        serde_json::from_value(list).expect("rows");
    api.certificate_qr_texts(event, &rows[..1])
        .expect("qr")
        .remove(0)
}

fn verify(api: &Api, qr: &str) -> Value {
    call(api, "certificate_verify", json!({ "text": qr }))
}

/// Makes the key of the database at `path` go missing, as on a PC where the key file
/// beside an older database was not copied: no secret left (the public key stays).
fn lose_secret(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("open");
    // Before the key moved into the database there is no table (and nothing to remove).
    let _ = conn.execute("UPDATE signing_key SET secret = NULL", []);
}

#[test]
fn a_backup_restored_on_a_new_pc_verifies_its_old_certificates_as_genuine() {
    let office = tempfile::tempdir().expect("dir");
    let api = Api::open(&office.path().join("bintek.db")).expect("open");
    let (_, qr) = issued(&api);
    assert_eq!(verify(&api, &qr)["status"], "valid");
    let b = call(&api, "backup_create", json!({}));
    drop(api);

    // The new PC: Bintek was installed and used (it has a key of its own), then the
    // office's backup is restored there.
    let laptop = tempfile::tempdir().expect("dir");
    let db = laptop.path().join("bintek.db");
    let fresh = Api::open(&db).expect("open fresh");
    let own = call(&fresh, "certificate_public_key", json!({}));
    drop(fresh);
    let backup_file = laptop.path().join("dari-kantor.db");
    std::fs::copy(b["file"].as_str().expect("file"), &backup_file).expect("copy");
    backup::restore(&db, &backup_file).expect("restore");

    let api = Api::open(&db).expect("reopen");
    let v = verify(&api, &qr);
    assert_eq!(v["status"], "valid", "{v}");
    assert_ne!(call(&api, "certificate_public_key", json!({})), own);
}

#[test]
fn a_missing_key_is_said_and_never_silently_replaced() {
    let office = tempfile::tempdir().expect("dir");
    let api = Api::open(&office.path().join("bintek.db")).expect("open");
    let (event, qr) = issued(&api);
    let copy = tempfile::tempdir().expect("dir");
    let db = copy.path().join("bintek.db");
    api.backup_to_file(&db).expect("copy");
    lose_secret(&db);

    let moved = Api::open(&db).expect("open copy");
    let printing = try_call(
        &moved,
        "certificate_print_start",
        json!({"event_id": event}),
    )
    .expect_err("no key, no printing");
    assert_eq!(printing.code, ErrorCode::SigningKeyMissing, "{printing:?}");
    assert!(
        printing
            .message
            .starts_with("Kunci tanda tangan tidak ditemukan"),
        "{}",
        printing.message
    );
    assert!(printing.message.contains("Impor kunci"), "what to do");
    let info = call(&moved, "app_info", json!({}));
    assert!(
        info["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .any(|w| w
                .as_str()
                .is_some_and(|w| w.contains("Kunci tanda tangan tidak ditemukan"))),
        "{info}"
    );
    // Nothing made a new key: neither beside the database nor inside it.
    assert!(!copy.path().join(bintek_core::signing::KEY_FILE).exists());
    let key = call(&moved, "signing_key_info", json!({}));
    assert_eq!(key["has_secret"], false, "{key}");
    // The recorded public key still verifies what was printed.
    assert_eq!(verify(&moved, &qr)["status"], "valid");

    // A wrong key is refused; garbage is refused; the office's key is taken.
    let mut other = [7u8; 32];
    other[0] = 1;
    let wrong = try_call(
        &moved,
        "signing_key_import",
        json!({"data": B64.encode(other)}),
    )
    .expect_err("another key");
    assert_eq!(wrong.code, ErrorCode::Conflict, "{wrong:?}");
    assert!(wrong.message.contains("sidik jari"), "{}", wrong.message);
    let garbage = call_err(
        &moved,
        "signing_key_import",
        json!({"data": B64.encode(b"bukan kunci")}),
    );
    assert_eq!(garbage.field.as_deref(), Some("data"), "{garbage:?}");
    let exported = call(&api, "signing_key_export", json!({}));
    assert!(exported["file_name"]
        .as_str()
        .is_some_and(|n| n.ends_with(".key")));
    let imported = call(
        &moved,
        "signing_key_import",
        json!({"data": exported["data"]}),
    );
    assert_eq!(imported["has_secret"], true, "{imported}");
    assert_eq!(
        imported["fingerprint"],
        call(&api, "signing_key_info", json!({}))["fingerprint"]
    );
    call(
        &moved,
        "certificate_print_start",
        json!({"event_id": event}),
    );
    assert_eq!(qr_of_first(&moved, &event), qr, "the same signature again");

    // A desk may not export the key.
    let desk = desk("Meja 1");
    let refused = call_err_as(&api, &desk, "signing_key_export", json!({}));
    assert_eq!(refused.code, ErrorCode::Forbidden);
}

#[test]
fn the_fingerprint_is_short_and_comparable() {
    let dir = tempfile::tempdir().expect("dir");
    let api = Api::open(&dir.path().join("bintek.db")).expect("open");
    let info = call(&api, "signing_key_info", json!({}));
    let fp = info["fingerprint"].as_str().expect("fingerprint");
    // Five groups of four upper-case hex digits.
    assert_eq!(fp.len(), 24, "{fp}");
    assert!(fp.split('-').all(|g| g.len() == 4
        && g.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())));
    assert_eq!(call(&api, "signing_key_info", json!({}))["fingerprint"], fp);
}

#[test]
fn an_offline_package_carries_the_public_key_but_never_the_secret() {
    let dir = tempfile::tempdir().expect("dir");
    let api = Api::open(&dir.path().join("bintek.db")).expect("open");
    let (event, qr) = issued(&api);
    let pkg = call(&api, "event_package", json!({"event_id": event}));
    let bytes = B64
        .decode(pkg["data"].as_str().expect("data"))
        .expect("b64");
    let desk_dir = tempfile::tempdir().expect("dir");
    let desk_db = desk_dir.path().join("paket.db");
    std::fs::write(&desk_db, &bytes).expect("write");
    {
        let conn = rusqlite::Connection::open(&desk_db).expect("open");
        let (public, secret): (Vec<u8>, Option<Vec<u8>>) = conn
            .query_row("SELECT public_key, secret FROM signing_key", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("key row");
        assert_eq!(public.len(), 32);
        assert!(secret.is_none(), "the secret key stays at the office");
    }
    let desk = Api::open(&desk_db).expect("open package");
    assert_eq!(verify(&desk, &qr)["status"], "valid");
    let e = try_call(&desk, "certificate_print_start", json!({"event_id": event}))
        .expect_err("the desk only verifies");
    assert_eq!(e.code, ErrorCode::SigningKeyMissing);
}

#[test]
fn a_database_of_an_older_version_takes_in_the_key_file_beside_it() {
    // Before schema v10 the key was only the file beside the database.
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("bintek.db");
    let api = Api::open(&db).expect("open");
    let (_, qr) = issued(&api);
    let exported = call(&api, "signing_key_export", json!({}));
    drop(api);
    let text = B64
        .decode(exported["data"].as_str().expect("data"))
        .expect("b64");
    let secret = bintek_core::signing::parse_key_file(&text).expect("key");
    std::fs::write(dir.path().join(bintek_core::signing::KEY_FILE), secret).expect("file");
    rusqlite::Connection::open(&db)
        .expect("open")
        .execute("DELETE FROM signing_key", [])
        .expect("as before v10");

    let api = Api::open(&db).expect("reopen");
    assert_eq!(verify(&api, &qr)["status"], "valid");
    // Taken in: a copy without the file carries the key.
    let copy = tempfile::tempdir().expect("dir");
    api.backup_to_file(&copy.path().join("bintek.db"))
        .expect("copy");
    let moved = Api::open(&copy.path().join("bintek.db")).expect("open copy");
    assert_eq!(verify(&moved, &qr)["status"], "valid");
}

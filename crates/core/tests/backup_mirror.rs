//! A second backup folder (a USB stick, another drive): every automatic backup is also
//! copied there, checked and rotated the same way; a folder that went missing is a
//! warning, never a failed backup.

mod common;
use common::*;

use std::path::Path;
use std::time::Duration;

use bintek_core::backup;
use bintek_core::Api;
use serde_json::{json, Value};

fn with_data(dir: &Path) -> Api {
    let api = Api::open(&db_in(dir)).expect("open");
    event(&api, "Bimtek Cadangan", "2019-09-17", None);
    api
}

fn has_warning(list: &Value, part: &str) -> bool {
    list.as_array()
        .expect("warnings")
        .iter()
        .any(|w| w.as_str().is_some_and(|w| w.contains(part)))
}

#[test]
fn every_backup_is_also_copied_to_the_second_folder_with_the_same_rotation() {
    let dir = tempfile::tempdir().expect("dir");
    let usb = tempfile::tempdir().expect("usb");
    let api = with_data(dir.path());
    let set = call(
        &api,
        "backup_settings_set",
        json!({"second_folder": usb.path().display().to_string()}),
    );
    assert_eq!(set["second_folder"], usb.path().display().to_string());
    assert!(set["warning"].is_null(), "{set}");

    let b = call(&api, "backup_create", json!({}));
    assert_eq!(b["second_copy"]["ok"], true, "{b}");
    let copy = usb.path().join(b["file_name"].as_str().expect("name"));
    assert!(copy.is_file(), "{b}");
    assert!(backup::verify(&copy).ok);
    assert_eq!(
        std::fs::read(&copy).expect("copy"),
        std::fs::read(b["file"].as_str().expect("file")).expect("main"),
    );

    // A periodic backup in the background, due at the next write, goes there too.
    api.set_backup_interval(Duration::ZERO);
    call(
        &api,
        "event_create",
        json!({"title": "Lagi", "start_date": "2019-09-18"}),
    );
    api.wait_for_backup().expect("ran").expect("periodic");
    assert!(
        files_in(usb.path()).iter().any(|n| n.contains("-periodic")),
        "{:?}",
        files_in(usb.path())
    );

    // The same rotation: the newest KEEP of each reason.
    for _ in 0..backup::KEEP + 2 {
        call(&api, "backup_create", json!({}));
    }
    let manual = files_in(usb.path())
        .into_iter()
        .filter(|n| n.contains("-manual"))
        .count();
    assert_eq!(manual, backup::KEEP);
    assert_eq!(
        files_in(usb.path())
            .iter()
            .filter(|n| n.ends_with(".partial"))
            .count(),
        0
    );
    // The setting is kept beside the database: a new Api (and a restore) keeps it.
    drop(api);
    let again = Api::open(&dir.path().join("bintek.db")).expect("reopen");
    assert_eq!(
        call(&again, "backup_settings_get", json!({}))["second_folder"],
        usb.path().display().to_string()
    );
}

#[test]
fn a_missing_second_folder_is_a_warning_never_a_failed_backup() {
    let dir = tempfile::tempdir().expect("dir");
    let usb = tempfile::tempdir().expect("usb");
    let stick = usb.path().join("BINTEK");
    std::fs::create_dir(&stick).expect("folder");
    let api = with_data(dir.path());

    // Checked when set: it must exist and be a folder.
    let e = try_call(
        &api,
        "backup_settings_set",
        json!({"second_folder": usb.path().join("tidak-ada").display().to_string()}),
    )
    .expect_err("missing folder");
    assert_eq!(e.field.as_deref(), Some("second_folder"), "{e:?}");
    std::fs::write(usb.path().join("berkas.txt"), b"x").expect("file");
    try_call(
        &api,
        "backup_settings_set",
        json!({"second_folder": usb.path().join("berkas.txt").display().to_string()}),
    )
    .expect_err("a file is no folder");
    try_call(
        &api,
        "backup_settings_set",
        json!({"second_folder": "relatif/folder"}),
    )
    .expect_err("a relative path");

    call(
        &api,
        "backup_settings_set",
        json!({"second_folder": stick.display().to_string()}),
    );
    // The stick is pulled out.
    std::fs::remove_dir_all(&stick).expect("pull out");
    let b = call(&api, "backup_create", json!({}));
    assert!(Path::new(b["file"].as_str().expect("file")).is_file());
    assert_eq!(b["second_copy"]["ok"], false, "{b}");
    assert!(
        b["second_copy"]["error"]
            .as_str()
            .is_some_and(|m| m.contains("tidak ditemukan")),
        "{b}"
    );
    let info = call(&api, "app_info", json!({}));
    assert!(
        has_warning(&info["warnings"], "Folder cadangan kedua"),
        "{info}"
    );
    let check = call(&api, "db_check", json!({}));
    assert!(
        has_warning(&check["warnings"], "Folder cadangan kedua"),
        "{check}"
    );
    let settings = call(&api, "backup_settings_get", json!({}));
    assert!(settings["warning"].as_str().is_some(), "{settings}");

    // Plugged in again: the next backup lands there and the warning goes.
    std::fs::create_dir(&stick).expect("plug in");
    let b = call(&api, "backup_create", json!({}));
    assert_eq!(b["second_copy"]["ok"], true, "{b}");
    assert!(!has_warning(
        &call(&api, "app_info", json!({}))["warnings"],
        "Folder cadangan kedua"
    ));

    // Off again.
    let off = call(&api, "backup_settings_set", json!({"second_folder": null}));
    assert!(off["second_folder"].is_null());
    assert!(call(&api, "backup_create", json!({}))["second_copy"].is_null());
}

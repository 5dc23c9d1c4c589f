//! A walk-in is one registration and one check-in, written together or not at all.

mod common;
use common::*;

use serde_json::json;

#[test]
fn a_walk_in_whose_check_in_fails_leaves_no_registration() {
    let (_dir, api) = temp_api();
    let (event, sessions) = event_with_sessions(
        &api,
        "Bimtek Walk-in",
        None,
        &[("Pembukaan", "08:00", "09:00")],
    );
    let walkin = json!({"event_id": event, "session_id": sessions[0],
                        "name": "Siti Walk-in", "desk": "Meja 1"});

    api.fail_next_checkin();
    let err = call_err(&api, "checkin_walkin", walkin.clone());
    assert!(
        err.message.contains("Kehadiran tidak dapat dicatat"),
        "{err:?}"
    );
    let all = call(&api, "participant_list", json!({"event_id": event}));
    assert_eq!(all, json!([]), "nothing of the failed walk-in may remain");
    let people = call(&api, "person_search", json!({"q": "Siti"}));
    assert_eq!(people, json!([]), "not even the person");

    // The same walk-in again, now without the fault: registered and checked in once.
    let ok = call(&api, "checkin_walkin", walkin);
    assert_eq!(ok["status"], "checked_in");
    let all = call(&api, "participant_list", json!({"event_id": event}));
    assert_eq!(all.as_array().expect("list").len(), 1);
    assert_eq!(all[0]["status"], "registered");
}

#[test]
fn the_check_in_method_is_one_of_the_desks_ways_named_when_wrong() {
    let (_dir, api) = temp_api();
    let (event, sessions) =
        event_with_sessions(&api, "Bimtek Cara", None, &[("Materi", "08:00", "09:00")]);
    let code = call(
        &api,
        "participant_add",
        json!({"event_id": event, "name": "Budi Santoso"}),
    )["participant"]["code"]
        .clone();
    let args = |method: &str| json!({"event_id": event, "session_id": sessions[0], "code": code, "method": method});
    let err = call_err(&api, "checkin", args("walk"));
    assert_eq!(err.field.as_deref(), Some("method"), "{err:?}");
    assert!(
        err.message.contains("scan, search, manual, walkin"),
        "{}",
        err.message
    );
    let err = call_err(&api, "checkin", args("walkin"));
    assert_eq!(err.field.as_deref(), Some("method"), "{err:?}");
    assert!(err.message.contains("checkin_walkin"), "{}", err.message);
    let ok = call(&api, "checkin", args("manual"));
    assert_eq!(ok["method"], "manual");
}

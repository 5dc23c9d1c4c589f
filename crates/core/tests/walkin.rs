//! A walk-in is one registration and one check-in, written together or not at all.

use bintek_core::{dispatch, Api, Caller};
use serde_json::{json, Value};

fn call(api: &Api, name: &str, args: Value) -> Result<Value, bintek_core::ApiError> {
    dispatch(api, &Caller::admin("test"), name, args)
}

#[test]
fn a_walk_in_whose_check_in_fails_leaves_no_registration() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(&dir.path().join("bintek.db")).unwrap();
    let event = call(
        &api,
        "event_create",
        json!({"title": "Bimtek Walk-in", "start_date": "2026-12-06"}),
    )
    .unwrap();
    let event_id = event["id"].as_str().unwrap();
    let session = call(
        &api,
        "session_add",
        json!({"event_id": event_id, "title": "Pembukaan", "date": "2026-12-06",
               "start_time": "08:00", "end_time": "09:00"}),
    )
    .unwrap();
    let walkin = json!({"event_id": event_id, "session_id": session["id"],
                        "name": "Siti Walk-in", "desk": "Meja 1"});

    api.fail_next_checkin();
    let err = call(&api, "checkin_walkin", walkin.clone()).unwrap_err();
    assert!(
        err.message.contains("Kehadiran tidak dapat dicatat"),
        "{err:?}"
    );
    let all = call(&api, "participant_list", json!({"event_id": event_id})).unwrap();
    assert_eq!(all, json!([]), "nothing of the failed walk-in may remain");
    let people = call(&api, "person_search", json!({"q": "Siti"})).unwrap();
    assert_eq!(people, json!([]), "not even the person");

    // The same walk-in again, now without the fault: registered and checked in once.
    let ok = call(&api, "checkin_walkin", walkin).unwrap();
    assert_eq!(ok["status"], "checked_in");
    let all = call(&api, "participant_list", json!({"event_id": event_id})).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(all[0]["status"], "registered");
}

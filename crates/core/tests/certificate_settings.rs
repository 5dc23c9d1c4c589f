//! Certificate settings changed from two places at once (the desktop and `bintek serve`
//! on one database): each change keeps the other's, none is lost.

use std::sync::{Arc, Barrier};

use bintek_core::{dispatch, Api, Caller};
use serde_json::{json, Value};

fn ok(api: &Api, name: &str, args: Value) -> Value {
    dispatch(api, &Caller::admin("test"), name, args).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

#[test]
fn two_settings_changes_at_once_keep_both() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bintek.db");
    let desktop = Arc::new(Api::open(&path).expect("open"));
    let e = ok(
        &desktop,
        "event_create",
        json!({"title": "Bimtek Sertifikat", "start_date": "2019-09-17", "end_date": "2019-09-18"}),
    );
    let event = e["id"].as_str().expect("id").to_string();
    let serve = Arc::new(Api::open(&path).expect("open a second time"));
    for round in 0..30 {
        let barrier = Arc::new(Barrier::new(2));
        let changes = [
            (Arc::clone(&desktop), "issue_place", format!("Kota {round}")),
            (Arc::clone(&serve), "org_code", format!("K{round}")),
        ];
        let threads: Vec<_> = changes
            .into_iter()
            .map(|(api, field, value)| {
                let barrier = Arc::clone(&barrier);
                let event = event.clone();
                std::thread::spawn(move || {
                    barrier.wait();
                    ok(
                        &api,
                        "certificate_settings_set",
                        json!({"event_id": event, field: value}),
                    );
                })
            })
            .collect();
        for t in threads {
            t.join().expect("thread");
        }
        let s = ok(
            &desktop,
            "certificate_settings_get",
            json!({"event_id": event}),
        );
        assert_eq!(
            (s["issue_place"].as_str(), s["org_code"].as_str()),
            (
                Some(format!("Kota {round}").as_str()),
                Some(format!("K{round}").as_str())
            ),
            "round {round}: one of two simultaneous changes was lost"
        );
    }
}

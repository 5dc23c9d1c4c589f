//! What the core test files share: calling the Api through `dispatch` (the boundary every
//! front door uses), a temp database, and builders for an event with sessions and people.
//! Each test file is its own crate and uses only part of this.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use bintek_core::{dispatch, Api, ApiError, Caller};
use serde_json::{json, Value};

/// The organizer the tests call as.
pub fn admin() -> Caller {
    Caller::admin("test")
}

/// A paired desk of that name.
pub fn desk(name: &str) -> Caller {
    Caller::desk(name)
}

/// A command as `caller`, its answer or its error.
pub fn try_call_as(api: &Api, caller: &Caller, name: &str, args: Value) -> Result<Value, ApiError> {
    dispatch(api, caller, name, args)
}

/// A command as the organizer, its answer or its error.
pub fn try_call(api: &Api, name: &str, args: Value) -> Result<Value, ApiError> {
    try_call_as(api, &admin(), name, args)
}

/// A command as `caller` that must succeed.
pub fn call_as(api: &Api, caller: &Caller, name: &str, args: Value) -> Value {
    try_call_as(api, caller, name, args).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

/// A command as the organizer that must succeed.
pub fn call(api: &Api, name: &str, args: Value) -> Value {
    call_as(api, &admin(), name, args)
}

/// A command as `caller` that must be refused; the refusal.
pub fn call_err_as(api: &Api, caller: &Caller, name: &str, args: Value) -> ApiError {
    match try_call_as(api, caller, name, args) {
        Ok(v) => panic!("{name} must be refused, answered {v}"),
        Err(e) => e,
    }
}

/// A command as the organizer that must be refused; the refusal.
pub fn call_err(api: &Api, name: &str, args: Value) -> ApiError {
    call_err_as(api, &admin(), name, args)
}

/// The `id` of an answer.
pub fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_string()
}

/// An Api on `bintek.db` in a new temp dir.
pub fn temp_api() -> (tempfile::TempDir, Api) {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = Api::open(&dir.path().join("bintek.db")).expect("open");
    (dir, api)
}

/// A new event; its id.
pub fn event(api: &Api, title: &str, start: &str, end: Option<&str>) -> String {
    let mut args = json!({"title": title, "start_date": start});
    if let Some(end) = end {
        args["end_date"] = json!(end);
    }
    id(&call(api, "event_create", args))
}

/// A temp Api with one event (`title`, from `start` to `end`); (dir, api, event id).
pub fn with_event(title: &str, start: &str, end: Option<&str>) -> (tempfile::TempDir, Api, String) {
    let (dir, api) = temp_api();
    let event = event(&api, title, start, end);
    (dir, api, event)
}

/// Sessions on 2019-09-17 of the event, `(title, start, end)` each; their ids.
pub fn add_sessions(api: &Api, event: &str, sessions: &[(&str, &str, &str)]) -> Vec<String> {
    sessions
        .iter()
        .map(|(title, start, end)| {
            id(&call(
                api,
                "session_add",
                json!({"event_id": event, "title": title, "date": "2019-09-17",
                       "start_time": start, "end_time": end}),
            ))
        })
        .collect()
}

/// A new event with its sessions (see `add_sessions`); (event id, session ids).
pub fn event_with_sessions(
    api: &Api,
    title: &str,
    end: Option<&str>,
    sessions: &[(&str, &str, &str)],
) -> (String, Vec<String>) {
    let event = event(api, title, "2019-09-17", end);
    let sessions = add_sessions(api, &event, sessions);
    (event, sessions)
}

/// One person of `add_people`: a name, and NIP and OPD when given.
pub fn person(name: &str, nip: Option<&str>, opd: Option<&str>) -> Value {
    let mut p = json!({"name": name});
    if let Some(nip) = nip {
        p["nip"] = json!(nip);
    }
    if let Some(opd) = opd {
        p["opd"] = json!(opd);
        p["create_opd"] = json!(true);
    }
    p
}

/// A registered person: registration id and check-in code.
#[derive(Debug, Clone)]
pub struct Registered {
    pub id: String,
    pub code: String,
}

/// Registers each of `people` (the arguments of `participant_add` but the event).
pub fn add_people(
    api: &Api,
    event: &str,
    people: impl IntoIterator<Item = Value>,
) -> Vec<Registered> {
    people
        .into_iter()
        .map(|mut p| {
            p["event_id"] = json!(event);
            let r = call(api, "participant_add", p);
            Registered {
                id: r["participant"]["id"].as_str().expect("id").to_string(),
                code: r["participant"]["code"].as_str().expect("code").to_string(),
            }
        })
        .collect()
}

/// The three people of the desk tests, each with an NIP, in `opds` (one each).
pub fn three_people(opds: [&str; 3]) -> Vec<Value> {
    [
        ("Sri Wahyuni, S.Kom.", "198807242015032003"),
        ("Budi Santoso", "197905152005011002"),
        ("Agus Setiawan", "198001012005011001"),
    ]
    .iter()
    .zip(opds)
    .map(|((name, nip), opd)| person(name, Some(nip), Some(opd)))
    .collect()
}

/// The file names in `dir`, sorted (none when it does not exist).
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// `bintek.db` in `dir`.
pub fn db_in(dir: &Path) -> PathBuf {
    dir.join("bintek.db")
}

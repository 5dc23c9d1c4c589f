//! Crash test: a child process checks people in as fast as it can and prints each
//! registration id after its commit was acknowledged; the parent kills it (SIGKILL on
//! Unix, TerminateProcess on Windows) at a random moment, reopens the database and checks
//! that it is intact and that every printed id is there. `BINTEK_CRASH_ROUNDS` sets the
//! rounds (default 50; scripts/bench.sh runs a longer soak).
//!
//! The child is this same test binary, started again with `BINTEK_CRASH_CHILD` set.

mod common;
#[path = "../../../tests/support/spawn.rs"]
mod spawn;
use common::*;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bintek_core::Api;
use serde_json::json;

const PEOPLE: usize = 3000;

/// Desks in the child, checking in at once so that their check-ins share commits (group
/// commit) as well as going alone.
const DESKS: usize = 3;

/// The child: `DESKS` desks check everyone in for the session, each its share, printing
/// each id once its check-in is acknowledged.
fn child(db: &str, event: &str, session: &str, start: usize) {
    let api = std::sync::Arc::new(Api::open(std::path::Path::new(db)).expect("child open"));
    let list = call(&api, "participant_list", json!({"event_id": event}));
    let codes: std::sync::Arc<Vec<String>> = std::sync::Arc::new(
        list.as_array()
            .expect("array")
            .iter()
            .map(|p| p["code"].as_str().expect("code").to_string())
            .collect(),
    );
    let desks: Vec<_> = (0..DESKS)
        .map(|d| {
            let (api, codes) = (api.clone(), codes.clone());
            let (event, session) = (event.to_string(), session.to_string());
            std::thread::spawn(move || {
                for i in (d..codes.len()).step_by(DESKS) {
                    let code = &codes[(start + i) % codes.len()];
                    let r = call(
                        &api,
                        "checkin",
                        json!({"event_id": event, "session_id": session, "code": code,
                               "desk": format!("Meja Uji {d}")}),
                    );
                    let mut out = std::io::stdout().lock();
                    writeln!(
                        out,
                        "{}",
                        r["person"]["registration_id"].as_str().expect("id")
                    )
                    .expect("stdout");
                    out.flush().expect("flush");
                }
            })
        })
        .collect();
    for d in desks {
        d.join().expect("desk");
    }
}

/// A small xorshift, seeded from the clock: the kill moments differ from run to run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn a_killed_desk_loses_no_acknowledged_checkin() {
    if let Ok(args) = std::env::var("BINTEK_CRASH_CHILD") {
        let parts: Vec<&str> = args.split('\u{1f}').collect();
        child(
            parts[0],
            parts[1],
            parts[2],
            parts[3].parse().expect("start"),
        );
        return;
    }
    let rounds: usize = std::env::var("BINTEK_CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bintek.db");
    let (event, session) = prepare(&db);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        | 1;
    let mut rng = Rng(seed);
    let mut acknowledged = std::collections::HashSet::new();
    let started = Instant::now();
    for round in 0..rounds {
        let start = (rng.next() as usize) % PEOPLE;
        let child = format!("{}\u{1f}{event}\u{1f}{session}\u{1f}{start}", db.display());
        acknowledged.extend(kill_a_child(&child, &mut rng));
        check_after_kill(&db, &event, &session, round, &acknowledged);
    }
    println!(
        "crash: {rounds} kills in {:.1} s, {} acknowledged check-ins all present",
        started.elapsed().as_secs_f64(),
        acknowledged.len()
    );
    assert!(!acknowledged.is_empty(), "the children checked someone in");
}

/// An event with one session and `PEOPLE` participants, the Api closed; (event, session).
fn prepare(db: &std::path::Path) -> (String, String) {
    let api = Api::open(db).expect("open");
    let (event, sessions) = event_with_sessions(&api, "Uji", None, &[("Materi", "08:00", "16:00")]);
    let mut csv = String::from("Nama;NIP\n");
    for i in 0..PEOPLE {
        csv.push_str(&format!("Peserta Uji {i};\n"));
    }
    call(
        &api,
        "participant_import",
        json!({"event_id": event, "file_name": "peserta.csv",
               "data": bintek_core::files::FilePayload::new("p.csv", csv.as_bytes()).data}),
    );
    (event, sessions[0].clone())
}

/// Starts a child with `BINTEK_CRASH_CHILD` = `args`, kills it at a random moment and
/// returns the ids it acknowledged.
fn kill_a_child(args: &str, rng: &mut Rng) -> Vec<String> {
    let exe = std::env::current_exe().expect("test binary");
    let mut command = Command::new(&exe);
    command
        .args([
            "--exact",
            "a_killed_desk_loses_no_acknowledged_checkin",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("BINTEK_CRASH_CHILD", args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut proc = spawn::retry_start(|| command.spawn()).expect("spawn child");
    let stdout = proc.stdout.take().expect("stdout");
    // Read what the child acknowledges on another thread, so the kill can come at any
    // moment: while it opens the database, mid-transaction, or mid-print.
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .filter(|l| l.len() == 36)
            .collect::<Vec<String>>()
    });
    std::thread::sleep(Duration::from_millis(60 + rng.next() % 340));
    proc.kill().expect("kill");
    proc.wait().expect("wait");
    reader.join().expect("reader")
}

/// After a kill: the database opens, is intact, holds every acknowledged check-in once.
fn check_after_kill(
    db: &std::path::Path,
    event: &str,
    session: &str,
    round: usize,
    acknowledged: &std::collections::HashSet<String>,
) {
    let api = Api::open(db).unwrap_or_else(|e| panic!("round {round}: reopen failed: {e}"));
    let conn = rusqlite::Connection::open(db).expect("raw open");
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(integrity, "ok", "round {round}");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign_key_check");
    assert_eq!(fk, 0, "round {round}");
    let present: std::collections::HashSet<String> = call(
        &api,
        "attendance_list",
        json!({"event_id": event, "session_id": session}),
    )
    .as_array()
    .expect("array")
    .iter()
    .map(|r| r["registration_id"].as_str().expect("id").to_string())
    .collect();
    let missing: Vec<_> = acknowledged.difference(&present).collect();
    assert!(
        missing.is_empty(),
        "round {round}: acknowledged but lost: {missing:?}"
    );
    let doubled: i64 = conn
        .query_row(
            "SELECT count(*) - count(DISTINCT registration_id) FROM attendance WHERE session_id = ?1",
            [session],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(doubled, 0, "round {round}");
}

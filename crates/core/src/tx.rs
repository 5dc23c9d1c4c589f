//! The transaction a write command runs in. A command of kind `write` in the table
//! ([`crate::commands`]) is a function `fn(&Tx, Args) -> Result<Output, ApiError>`: the
//! command's door ([`Api::write_as`], reached only through `dispatch`/`run`) opens one
//! IMMEDIATE transaction, the use-case does its work and records its audit lines through
//! the [`Tx`], and the door commits, or rolls the use-case's work back when it fails. A
//! use-case composed of others (a walk-in: register, then check in) calls them with the
//! same `Tx`, so it is one transaction by construction.
//!
//! **Group commit.** Write commands that arrive while another holds the writer (six
//! desks scanning at once) queue up; the next thread to take the writer runs every
//! queued command, each in its own savepoint, and commits them together: one durable
//! sync for all. Each caller is answered only after that commit. A command that fails
//! is rolled back to its savepoint and answered with its error; the others are kept.
//! A lone command runs as before, without a savepoint.

use std::cell::RefCell;
use std::ops::Deref;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::sync::Mutex;

use rusqlite::{Connection, Transaction};

use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode};
use crate::store::{self, audit::Audit};

/// What runs after a failed use-case was rolled back.
type OnFailure = Box<dyn FnOnce(&Connection, &ApiError)>;

/// The most commands one commit carries; the rest go with the next.
const MAX_BATCH: usize = 64;

/// One write command's transaction, with who runs it. Derefs to the SQLite transaction,
/// so the store's queries take it as they take a connection.
pub struct Tx<'a> {
    pub(crate) api: &'a Api,
    pub(crate) caller: &'a Caller,
    tx: &'a Transaction<'a>,
    on_failure: RefCell<Option<OnFailure>>,
}

impl<'a> Deref for Tx<'a> {
    type Target = Transaction<'a>;
    fn deref(&self) -> &Transaction<'a> {
        self.tx
    }
}

impl<'a> Tx<'a> {
    fn new(api: &'a Api, caller: &'a Caller, tx: &'a Transaction<'a>) -> Self {
        Tx {
            api,
            caller,
            tx,
            on_failure: RefCell::new(None),
        }
    }

    /// One typed line of the audit log, by this transaction's caller, kept only if the
    /// use-case's work is.
    pub(crate) fn audit(
        &self,
        what: Audit,
        entity_id: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), ApiError> {
        store::audit::insert_audit(self.tx, &self.caller.actor, what, entity_id, detail)?;
        Ok(())
    }

    /// Something to write although the use-case fails (a desk's failed scan is logged):
    /// it runs after the use-case's work was rolled back. The last one set wins.
    pub(crate) fn on_failure(&self, f: impl FnOnce(&Connection, &ApiError) + 'static) {
        *self.on_failure.borrow_mut() = Some(Box::new(f));
    }
}

/// A failed command's hook with its error bound in, run after its rollback.
type AfterRollback = Box<dyn FnOnce(&Connection)>;

/// Answers a queued command's caller with the outcome of the commit that carried it.
type Deliver = Box<dyn FnOnce(Result<(), ApiError>) + Send>;

/// What running one queued command left: whether it succeeded, the hook to run after
/// its rollback if it failed, and how to answer its caller.
struct Ran {
    ok: bool,
    after_rollback: Option<AfterRollback>,
    deliver: Deliver,
}

/// One write command waiting for the writer.
struct Job {
    caller: Caller,
    run: Box<dyn FnOnce(&Tx<'_>) -> Ran + Send>,
}

/// The write commands waiting for the writer (see the module's "Group commit").
#[derive(Default)]
pub(crate) struct Queue {
    jobs: Mutex<Vec<Job>>,
    /// Transactions the queue has run (for tests: how many commits carried the jobs).
    batches: std::sync::atomic::AtomicUsize,
}

fn gone() -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        "Perintah berhenti di tengah jalan karena kesalahan program; tidak ada yang disimpan.",
    )
}

impl Api {
    /// The door of every `write` command: `f` runs in an IMMEDIATE transaction, possibly
    /// shared with other queued write commands (each in its own savepoint), and is
    /// answered after that transaction commits; when `f` fails its work is rolled back,
    /// then its failure hook runs. Refused while the database is read-only.
    pub(crate) fn write_as<T: Send + 'static>(
        &self,
        caller: &Caller,
        f: impl FnOnce(&Tx<'_>) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.ensure_writable()?;
        let (answer, answered) = mpsc::sync_channel::<Result<T, ApiError>>(1);
        let run = move |tx: &Tx<'_>| -> Ran {
            let out = f(tx);
            let after_rollback = match &out {
                Ok(_) => None,
                Err(e) => tx.on_failure.take().map(|hook| {
                    let e = e.clone();
                    Box::new(move |conn: &Connection| hook(conn, &e))
                        as Box<dyn FnOnce(&Connection)>
                }),
            };
            Ran {
                ok: out.is_ok(),
                after_rollback,
                deliver: Box::new(move |committed| {
                    let _ = answer.send(out.and_then(|v| committed.map(|()| v)));
                }),
            }
        };
        self.queue
            .jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Job {
                caller: caller.clone(),
                run: Box::new(run),
            });
        // Whoever holds the writer runs the queue; it answers before it lets go, so once
        // we hold it our answer is here, or our command is still queued and ours to run
        // (perhaps behind a full batch: then the next one).
        loop {
            let mut conn = self.conn();
            match answered.try_recv() {
                Ok(out) => return out,
                Err(mpsc::TryRecvError::Disconnected) => return Err(gone()),
                Err(mpsc::TryRecvError::Empty) => {}
            }
            let jobs: Vec<Job> = {
                let mut queue = self.queue.jobs.lock().unwrap_or_else(|p| p.into_inner());
                let n = queue.len().min(MAX_BATCH);
                queue.drain(..n).collect()
            };
            let committed = self.run_batch(&mut conn, jobs);
            drop(conn);
            if committed > 0 {
                self.maybe_periodic_backup();
            }
        }
    }

    /// Runs `jobs` in one transaction and answers each; how many were committed.
    fn run_batch(&self, conn: &mut Connection, jobs: Vec<Job>) -> usize {
        self.queue
            .batches
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let alone = jobs.len() == 1;
        let mut delivers = Vec::with_capacity(jobs.len());
        let mut kept = 0;
        let outcome = store::with_tx(conn, |t| -> Result<(), Batch> {
            for job in jobs {
                if !alone {
                    t.execute_batch("SAVEPOINT job")?;
                }
                let ctx = Tx::new(self, &job.caller, t);
                let ran = std::panic::catch_unwind(AssertUnwindSafe(|| (job.run)(&ctx)));
                drop(ctx);
                // A job that panicked took its answer with it: its caller hears `gone`.
                let (ok, hook) = match ran {
                    Ok(ran) => {
                        delivers.push(ran.deliver);
                        (ran.ok, ran.after_rollback)
                    }
                    Err(_) => (false, None),
                };
                if ok {
                    kept += 1;
                    if !alone {
                        t.execute_batch("RELEASE job")?;
                    }
                } else if alone {
                    // Rolled back whole; the hook runs after, in a transaction of its own.
                    return Err(Batch::LoneFailed(hook));
                } else {
                    t.execute_batch("ROLLBACK TO job; RELEASE job")?;
                    if let Some(hook) = hook {
                        hook(t);
                    }
                }
            }
            Ok(())
        });
        let committed = match outcome {
            Ok(()) => Ok(()),
            Err(Batch::LoneFailed(hook)) => {
                if let Some(hook) = hook {
                    hook(conn);
                }
                Ok(())
            }
            Err(Batch::Store(e)) => {
                kept = 0;
                Err(e)
            }
        };
        for deliver in delivers {
            deliver(committed.clone());
        }
        for _ in 0..kept {
            self.backups.note_write();
        }
        kept
    }
}

/// Why a batch's transaction was not committed.
enum Batch {
    /// The one command in it failed (its answer says why), with its failure hook.
    LoneFailed(Option<AfterRollback>),
    /// SQLite failed (a full disk, the commit): every command in it hears this.
    Store(ApiError),
}

impl From<rusqlite::Error> for Batch {
    fn from(e: rusqlite::Error) -> Self {
        Batch::Store(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::dispatch;
    use serde_json::{json, Value};
    use std::sync::atomic::Ordering;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    fn call(api: &Api, name: &str, args: Value) -> Result<Value, ApiError> {
        dispatch(api, &Caller::admin("test"), name, args)
    }

    /// Four desks' commands queued behind a busy writer are committed together; the two
    /// that fail (an unknown code, a walk-in whose check-in fails) lose only their own
    /// work, and the failed scan is still logged.
    #[test]
    fn queued_writes_share_one_commit_and_a_failure_loses_only_its_own_work() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bintek.db");
        let api = Arc::new(Api::open(&path).unwrap());
        let event = call(
            &api,
            "event_create",
            json!({"title": "Bimtek", "start_date": "2019-09-17"}),
        )
        .unwrap()["id"]
            .clone();
        let session = call(
            &api,
            "session_add",
            json!({"event_id": event, "title": "Materi", "date": "2019-09-17",
                   "start_time": "08:00", "end_time": "10:00"}),
        )
        .unwrap()["id"]
            .clone();
        let code = |name: &str| {
            call(
                &api,
                "participant_add",
                json!({"event_id": event, "name": name}),
            )
            .unwrap()["participant"]["code"]
                .clone()
        };
        let (ani, budi) = (code("Ani Lestari"), code("Budi Santoso"));
        let checkin = |code: Value| {
            (
                "checkin",
                json!({"event_id": event, "session_id": session, "code": code}),
            )
        };
        let commands = [
            checkin(ani),
            checkin(json!("ZZZZZZ")),
            (
                "checkin_walkin",
                json!({"event_id": event, "session_id": session, "name": "Siti Walk-in"}),
            ),
            checkin(budi),
        ];

        let writer = api.conn();
        let batches = api.queue.batches.load(Ordering::SeqCst);
        api.fail_next_checkin();
        let desks: Vec<_> = commands
            .into_iter()
            .map(|(name, args)| {
                let api = api.clone();
                std::thread::spawn(move || call(&api, name, args))
            })
            .collect();
        let until = Instant::now() + Duration::from_secs(10);
        while api.queue.jobs.lock().unwrap().len() < 4 {
            assert!(Instant::now() < until, "the four commands never queued");
            std::thread::sleep(Duration::from_millis(1));
        }
        drop(writer);
        let answers: Vec<_> = desks.into_iter().map(|d| d.join().unwrap()).collect();

        assert_eq!(answers[0].as_ref().unwrap()["status"], "checked_in");
        assert_eq!(answers[1].as_ref().unwrap_err().code, ErrorCode::NotFound);
        let walkin = answers[2].as_ref().unwrap_err();
        assert!(
            walkin.message.contains("Kehadiran tidak dapat dicatat"),
            "{walkin:?}"
        );
        assert_eq!(answers[3].as_ref().unwrap()["status"], "checked_in");
        assert_eq!(
            api.queue.batches.load(Ordering::SeqCst),
            batches + 1,
            "one commit carried all four"
        );

        let people = call(&api, "participant_list", json!({"event_id": event})).unwrap();
        let names: Vec<_> = people
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names.len(), 2, "the failed walk-in left no one: {names:?}");
        let present = call(
            &api,
            "attendance_list",
            json!({"event_id": event, "session_id": session}),
        )
        .unwrap();
        assert_eq!(present.as_array().unwrap().len(), 2, "{present}");
        drop(api);
        let raw = Connection::open(&path).unwrap();
        let failed: i64 = raw
            .query_row(
                "SELECT count(*) FROM scan_log WHERE input = 'ZZZZZZ' AND result = 'notfound'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(failed, 1, "the failed scan is logged");
    }

    /// More write commands queued at once than one commit carries: a command queued
    /// behind a full batch is run and answered too, in the next commit.
    #[test]
    fn a_command_behind_a_full_batch_is_run_and_answered() {
        let dir = tempfile::tempdir().unwrap();
        let api = Api::open(&dir.path().join("bintek.db")).unwrap();
        // A full batch of other desks' commands already waits (their answers go nowhere).
        for _ in 0..MAX_BATCH {
            api.queue.jobs.lock().unwrap().push(Job {
                caller: Caller::admin("meja lain"),
                run: Box::new(|_| Ran {
                    ok: true,
                    after_rollback: None,
                    deliver: Box::new(|_| {}),
                }),
            });
        }
        let batches = api.queue.batches.load(Ordering::SeqCst);
        let event = call(
            &api,
            "event_create",
            json!({"title": "Bimtek", "start_date": "2019-09-17"}),
        );
        assert!(event.is_ok(), "{event:?}");
        assert_eq!(api.queue.batches.load(Ordering::SeqCst), batches + 2);
        let events = call(&api, "event_list", json!({})).unwrap();
        assert_eq!(events.as_array().unwrap().len(), 1);
    }
}

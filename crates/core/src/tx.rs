//! The transaction a write command runs in. A command of kind `write` in the table
//! ([`crate::commands`]) is a function `fn(&Tx, Args) -> Result<Output, ApiError>`: the
//! command's door ([`Api::write_as`], reached only through `dispatch`/`run`) opens one
//! IMMEDIATE transaction, the use-case does its work and records its audit lines through
//! the [`Tx`], and the door commits, or rolls everything back when the use-case fails. A
//! use-case composed of others (a walk-in: register, then check in) calls them with the
//! same `Tx`, so it is one transaction by construction.

use std::cell::RefCell;
use std::ops::Deref;

use rusqlite::{Connection, Transaction};

use crate::api::{Api, Caller};
use crate::error::ApiError;
use crate::store::{self, audit::Audit};

/// What runs after a failed use-case was rolled back, in its own short transaction.
type OnFailure = Box<dyn FnOnce(&Connection, &ApiError)>;

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
    /// One typed line of the audit log, by this transaction's caller, kept only if the
    /// transaction commits.
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
    /// it runs after the rollback, in its own transaction. The last one set wins.
    pub(crate) fn on_failure(&self, f: impl FnOnce(&Connection, &ApiError) + 'static) {
        *self.on_failure.borrow_mut() = Some(Box::new(f));
    }
}

impl Api {
    /// The door of every `write` command: `f` runs in one IMMEDIATE transaction, which is
    /// committed when `f` answers and rolled back when it fails; then the failure hook, if
    /// `f` set one. Refused while the database is read-only.
    pub(crate) fn write_as<T>(
        &self,
        caller: &Caller,
        f: impl FnOnce(&Tx<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.ensure_writable()?;
        let mut conn = self.conn();
        let mut failed: Option<OnFailure> = None;
        let out = store::with_tx(&mut conn, |tx| {
            let ctx = Tx {
                api: self,
                caller,
                tx,
                on_failure: RefCell::new(None),
            };
            let out = f(&ctx);
            failed = ctx.on_failure.take();
            out
        });
        match out {
            Ok(v) => {
                drop(conn);
                self.backups.note_write();
                self.maybe_periodic_backup();
                Ok(v)
            }
            Err(e) => {
                if let Some(f) = failed {
                    f(&conn, &e);
                }
                Err(e)
            }
        }
    }
}

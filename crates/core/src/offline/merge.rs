//! Merging a package into the host database: the policy. For each row of the package,
//! `store::package` reads what the host has (named rows), a step is decided here (the
//! host's row, a new one, or a refusal; for a check-in: known, undo, add, revive or
//! conflict), and the store applies it. Rows are decided one after another, each seeing
//! what the ones before it wrote (two people of a package may be one on the host).
//!
//! Only the package's own event is touched: a row whose id the host has under another
//! event refuses the whole package.

use crate::store::audit::Audit;
use std::collections::{HashMap, HashSet};

use rusqlite::Transaction;

use crate::store::package::{
    self as pq, Conflict, HostAttendance, HostCheckin, MergeReport, PackageContent, PkgAttendance,
    PkgOpd, PkgRegistration, PkgScan,
};
use crate::store::people::PersonRow;
use crate::store::{self, opd::opd_key};

/// Why a merge refused a package as a whole.
#[derive(Debug)]
pub enum MergeError {
    Sql(rusqlite::Error),
    /// A row of the package that would reach beyond its own event: an id the host has
    /// under another event, or a check-in whose session and registration disagree.
    Foreign {
        table: &'static str,
        id: String,
        reason: &'static str,
    },
    /// The merge ran past its time limit (see `store::Deadline`).
    TimeUp,
}

impl From<rusqlite::Error> for MergeError {
    fn from(e: rusqlite::Error) -> Self {
        MergeError::Sql(e)
    }
}

fn foreign(table: &'static str, id: &str, reason: &'static str) -> MergeError {
    MergeError::Foreign {
        table,
        id: id.to_string(),
        reason,
    }
}

const OTHER_EVENT: &str = "id ini milik kegiatan lain di komputer ini";

/// What the merge may touch, decided before any row is written.
struct Scope<'a> {
    event: &'a str,
    /// The package's sessions the host has in this event; check-ins of others are counted
    /// (`unknown_sessions`), not merged.
    host_sessions: HashSet<&'a str>,
    /// The sessions and registrations of the package's event: a check-in or a scan may
    /// refer to nothing else.
    package_sessions: HashSet<&'a str>,
    package_registrations: HashSet<&'a str>,
}

/// Package ids and the host ids they became, filled as the rows are merged.
#[derive(Default)]
struct IdMap<'a> {
    opds: HashMap<&'a str, String>,
    people: HashMap<&'a str, String>,
    registrations: HashMap<&'a str, String>,
    /// Person id → name, and registration id → its person's name (for conflicts).
    person_names: HashMap<&'a str, &'a str>,
    registration_names: HashMap<&'a str, &'a str>,
}

impl IdMap<'_> {
    fn get(map: &HashMap<&str, String>, id: &str) -> String {
        map.get(id).cloned().unwrap_or_else(|| id.to_string())
    }
}

/// What becomes of a package's check-in on the host.
#[derive(Debug)]
enum CheckinStep {
    /// The host has it already (merged before), or the package's is undone beside one
    /// of the host's: nothing to write.
    Known,
    /// Merged before and undone on the package since: undone on the host too.
    Undo,
    /// New to the host.
    Add,
    /// The host undid its own check-in of this person and session; the package's stands
    /// and revives it with its data.
    Revive { host_id: String },
    /// Both sides checked in: the host's stays and the pair is a conflict.
    Conflict(HostCheckin),
}

/// A check-in the host has under the package check-in's id: merged before, so it must be
/// the same person and session; anything else is another check-in's id and is never
/// undone from here. Only an undo made afterwards on the package moves.
fn merged_before(
    a: &PkgAttendance,
    registration: &str,
    host: &HostAttendance,
) -> Result<CheckinStep, MergeError> {
    if host.registration_id != registration || host.session_id != a.session_id {
        return Err(foreign("attendance", &a.id, OTHER_EVENT));
    }
    Ok(if host.undone_at.is_none() && a.undone_at.is_some() {
        CheckinStep::Undo
    } else {
        CheckinStep::Known
    })
}

/// A check-in new to the host, beside the host's own check-in of the same person and
/// session (if any): an undone one on the package adds nothing to an existing one.
fn beside(a: &PkgAttendance, host: Option<HostCheckin>) -> CheckinStep {
    match host {
        None => CheckinStep::Add,
        Some(_) if a.undone_at.is_some() => CheckinStep::Known,
        Some(h) if h.undone_at.is_some() => CheckinStep::Revive { host_id: h.id },
        Some(h) => CheckinStep::Conflict(h),
    }
}

/// One merge in progress: the transaction, the package, and what it did so far.
struct Merge<'a, 't> {
    tx: &'a Transaction<'t>,
    scope: Scope<'a>,
    ids: IdMap<'a>,
    report: MergeReport,
    actor: &'a str,
    now: &'a str,
    new_code: &'a dyn Fn() -> String,
    time_up: &'a dyn Fn() -> bool,
}

/// Merges `pkg` (read from the package attached as schema `pkg`, and validated) into the
/// main database, inside `tx`. `new_code` makes a fresh check-in code when a walk-in's
/// code is taken on the host; `time_up` is asked before every row and stops the merge
/// (`TimeUp`) when it says so.
pub(super) fn merge(
    tx: &Transaction<'_>,
    pkg: &PackageContent,
    actor: &str,
    now: &str,
    new_code: &dyn Fn() -> String,
    time_up: &dyn Fn() -> bool,
) -> Result<MergeReport, MergeError> {
    let mut report = MergeReport::default();
    pq::defer_foreign_keys(tx)?;
    let Some(scope) = scope(tx, pkg, &mut report)? else {
        return Ok(report);
    };
    let mut m = Merge {
        tx,
        scope,
        ids: IdMap::default(),
        report,
        actor,
        now,
        new_code,
        time_up,
    };
    for o in &pkg.opds {
        m.next_row()?;
        m.opd(o)?;
    }
    for p in &pkg.people {
        m.next_row()?;
        m.person(p)?;
    }
    for r in &pkg.registrations {
        m.next_row()?;
        m.registration(r)?;
    }
    for a in &pkg.attendance {
        m.next_row()?;
        m.checkin(a)?;
    }
    for s in &pkg.scans {
        m.next_row()?;
        m.scan(s)?;
    }
    Ok(m.report)
}

/// The events and sessions of the package against the host's: another event of the file
/// that the host knows is not this package's to touch (refused), one it does not know is
/// reported; `None` when the host lacks the package's own event (nothing to merge). A
/// session the host has under another event refuses the package.
fn scope<'a>(
    tx: &Transaction<'_>,
    pkg: &'a PackageContent,
    report: &mut MergeReport,
) -> Result<Option<Scope<'a>>, MergeError> {
    for (id, title) in &pkg.other_events {
        if pq::host_has_event(tx, id)? {
            return Err(foreign("event", id, OTHER_EVENT));
        }
        report.unknown_events.push(title.clone());
    }
    let event = pkg.event_id.as_str();
    if !pq::host_has_event(tx, event)? {
        report.unknown_events.push(pkg.event_title.clone());
        return Ok(None);
    }
    report.events.push(pkg.event_title.clone());
    let mut host_sessions = HashSet::new();
    for id in &pkg.sessions {
        match pq::session_event(tx, id)? {
            Some(e) if e != event => return Err(foreign("session", id, OTHER_EVENT)),
            Some(_) => {
                host_sessions.insert(id.as_str());
            }
            None => {}
        }
    }
    Ok(Some(Scope {
        event,
        host_sessions,
        package_sessions: pkg.sessions.iter().map(String::as_str).collect(),
        package_registrations: pkg.registrations.iter().map(|r| r.id.as_str()).collect(),
    }))
}

impl<'a> Merge<'a, '_> {
    fn next_row(&self) -> Result<(), MergeError> {
        if (self.time_up)() {
            Err(MergeError::TimeUp)
        } else {
            Ok(())
        }
    }

    /// An OPD used by the package's people: the host's of that id, else of that name,
    /// else added.
    fn opd(&mut self, o: &'a PkgOpd) -> Result<(), MergeError> {
        let key = opd_key(&o.name);
        let mapped = match pq::host_opd(self.tx, &o.id, &key)? {
            Some(host) => host,
            None => {
                pq::insert_opd(self.tx, o, &key)?;
                self.report.opds_added += 1;
                o.id.clone()
            }
        };
        self.ids.opds.insert(o.id.as_str(), mapped);
        Ok(())
    }

    /// A person registered in the event: the host's of that id, else NIP, else NIK, else
    /// added (with the host's id of their OPD).
    fn person(&mut self, p: &'a PersonRow) -> Result<(), MergeError> {
        self.ids.person_names.insert(p.id.as_str(), p.name.as_str());
        let mapped = match pq::host_person(self.tx, p)? {
            Some(host) => host,
            None => {
                let mut row = p.clone();
                row.opd_id = p.opd_id.as_deref().map(|o| IdMap::get(&self.ids.opds, o));
                store::people::insert_person(self.tx, &row)?;
                self.report.people_added += 1;
                p.id.clone()
            }
        };
        self.ids.people.insert(p.id.as_str(), mapped);
        Ok(())
    }

    /// A registration of the event: the host's of that id (of this event only), else the
    /// host's of that person, else added (with a new code when its code is taken).
    fn registration(&mut self, r: &'a PkgRegistration) -> Result<(), MergeError> {
        let event = self.scope.event;
        let person = IdMap::get(&self.ids.people, &r.person_id);
        if let Some(name) = self.ids.person_names.get(r.person_id.as_str()) {
            self.ids.registration_names.insert(r.id.as_str(), name);
        }
        let mapped = match pq::registration_event(self.tx, &r.id)? {
            Some(e) if e != event => return Err(foreign("registration", &r.id, OTHER_EVENT)),
            Some(_) => r.id.clone(),
            None => match pq::registration_of_person(self.tx, event, &person)? {
                Some(host) => host,
                None => {
                    let code = if pq::code_taken(self.tx, &r.code)? {
                        (self.new_code)()
                    } else {
                        r.code.clone()
                    };
                    pq::insert_registration(self.tx, event, &person, r, &code)?;
                    self.report.registrations_added += 1;
                    r.id.clone()
                }
            },
        };
        self.ids.registrations.insert(r.id.as_str(), mapped);
        Ok(())
    }

    /// A check-in of the event's registrations and sessions.
    fn checkin(&mut self, a: &PkgAttendance) -> Result<(), MergeError> {
        let scope = &self.scope;
        if !scope.package_sessions.contains(a.session_id.as_str())
            || !scope
                .package_registrations
                .contains(a.registration_id.as_str())
        {
            return Err(foreign(
                "attendance",
                &a.id,
                "sesi dan pendaftarannya bukan dari kegiatan paket ini",
            ));
        }
        if !scope.host_sessions.contains(a.session_id.as_str()) {
            self.report.unknown_sessions += 1;
            return Ok(());
        }
        let registration = IdMap::get(&self.ids.registrations, &a.registration_id);
        let step = match pq::host_attendance(self.tx, &a.id)? {
            Some(host) => merged_before(a, &registration, &host)?,
            None => beside(a, pq::host_checkin(self.tx, &registration, &a.session_id)?),
        };
        self.apply_checkin(a, &registration, step)
    }

    fn apply_checkin(
        &mut self,
        a: &PkgAttendance,
        registration: &str,
        step: CheckinStep,
    ) -> Result<(), MergeError> {
        match step {
            CheckinStep::Known => self.report.checkins_known += 1,
            CheckinStep::Undo => {
                pq::undo_attendance(self.tx, a, self.now)?;
                self.report.checkins_updated += 1;
            }
            CheckinStep::Add => {
                // A nonce the host already has (another desk's request) is not copied.
                let nonce_free = match &a.nonce {
                    Some(n) => !pq::nonce_taken(self.tx, n)?,
                    None => true,
                };
                let nonce = a.nonce.as_deref().filter(|_| nonce_free);
                pq::insert_attendance(self.tx, a, registration, nonce)?;
                if a.undone_at.is_none() {
                    self.report.checkins_added += 1;
                }
            }
            CheckinStep::Revive { host_id } => {
                pq::revive_attendance(self.tx, &host_id, a, self.now)?;
                self.report.checkins_updated += 1;
            }
            CheckinStep::Conflict(host) => self.conflict(a, host)?,
        }
        Ok(())
    }

    /// Both sides checked the person in: listed, and written once to the audit log.
    fn conflict(&mut self, a: &PkgAttendance, host: HostCheckin) -> Result<(), MergeError> {
        let label = pq::session_label(self.tx, &a.session_id)?;
        let conflict = Conflict {
            name: self
                .ids
                .registration_names
                .get(a.registration_id.as_str())
                .map(|n| n.to_string())
                .unwrap_or_default(),
            session: label.unwrap_or_default(),
            host_at: host.at,
            host_desk: host.desk,
            package_at: a.at.clone(),
            package_desk: a.desk.clone(),
        };
        if !pq::conflict_logged(self.tx, &a.id)? {
            store::audit::insert_audit(
                self.tx,
                self.actor,
                Audit::MergeConflict,
                Some(&a.id),
                Some(&serde_json::to_string(&conflict).unwrap_or_default()),
            )?;
        }
        self.report.conflicts.push(conflict);
        Ok(())
    }

    /// A line of the event's scan log; a reference to a session or registration outside
    /// the event is not kept (the line is).
    fn scan(&mut self, s: &PkgScan) -> Result<(), MergeError> {
        let scope = &self.scope;
        let session = s
            .session_id
            .as_deref()
            .filter(|id| scope.host_sessions.contains(id));
        let registration = s
            .registration_id
            .as_deref()
            .filter(|id| scope.package_registrations.contains(id))
            .map(|id| IdMap::get(&self.ids.registrations, id));
        self.report.scans_added +=
            pq::insert_scan(self.tx, scope.event, s, session, registration.as_deref())?;
        Ok(())
    }
}

//! Where an import's rows go: the database itself (the commit), or a preview's view of it
//! — the database as it is, read in one snapshot, with what the rows before have done
//! kept in memory. Both answer the same questions ([`Target`]), so one code path decides
//! every row and the preview's counts are exactly the commit's, without the preview
//! writing anything.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};

use crate::error::ApiError;
use crate::model::{Opd, QuotaRow, Role};
use crate::participants::{insert_registration, new_registration, FindPeople, PersonChange};
use crate::store::opd as oq;
use crate::store::people::{self as pq, name_key, PersonRow};

/// An OPD a row names, as decided before writing.
pub(super) struct OpdPlan {
    pub key: String,
    pub id: String,
    /// A new OPD: its name and the short name it gets.
    pub new: Option<(String, Option<&'static str>)>,
}

/// Everything one row will write, decided before any of it is: a row that is refused is
/// refused here, so what follows either writes the whole row or fails the import.
pub(super) struct RowPlan {
    pub opd: Option<OpdPlan>,
    pub person: PersonChange,
    /// The person's registration in the event, when there is one already: (id, status).
    pub registered: Option<(String, String)>,
    pub role: Role,
}

/// What a row wrote: the registration it has (new or not) and, for an update, the
/// search-index entry the person had (a commit with the index paused replaces it).
pub(super) struct Applied {
    pub registration_id: String,
    pub status: String,
    pub indexed: Option<pq::SearchEntry>,
}

/// The database as one import sees it.
pub(super) trait Target: FindPeople {
    /// The OPDs to match names against.
    fn opds(&mut self) -> rusqlite::Result<&[Opd]>;
    /// Whether an OPD already goes by this name key (name or alias).
    fn opd_key_taken(&self, key: &str) -> rusqlite::Result<bool>;
    /// A person's registration in the event: (id, status).
    fn registration(
        &self,
        event_id: &str,
        person_id: &str,
    ) -> rusqlite::Result<Option<(String, String)>>;
    /// Writes a planned row. An error here is the database's, not the row's.
    fn apply(&mut self, event_id: &str, plan: &RowPlan, now: &str) -> Result<Applied, ApiError>;
    /// Quota and registered participants per OPD, as they are after the rows so far;
    /// nothing when none of `opd_ids` has a quota in the event.
    fn quota_rows(&self, event_id: &str, opd_ids: &[String]) -> rusqlite::Result<Vec<QuotaRow>>;
}

/// Whether one of the OPDs has a quota in the event (counting registrations per OPD is
/// the one read of an import that grows with the event).
fn any_quota(conn: &Connection, event_id: &str, opd_ids: &[String]) -> rusqlite::Result<bool> {
    for opd_id in opd_ids {
        if oq::get_quota(conn, event_id, opd_id)?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The OPDs, read from `conn` the first time they are asked for.
fn read_once<'a>(conn: &Connection, opds: &'a mut Option<Vec<Opd>>) -> rusqlite::Result<&'a [Opd]> {
    if opds.is_none() {
        *opds = Some(oq::list_opds(conn)?);
    }
    Ok(opds.as_deref().unwrap_or_default())
}

/// The database itself, inside the commit's transaction.
pub(super) struct Db<'c> {
    conn: &'c Connection,
    /// Read once when a chunk first needs them, again after an OPD is added.
    opds: Option<Vec<Opd>>,
}

impl<'c> Db<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        Db { conn, opds: None }
    }
}

impl FindPeople for Db<'_> {
    fn find_person(
        &self,
        nip: Option<&str>,
        nik: Option<&str>,
        name: &str,
        opd_id: Option<&str>,
    ) -> rusqlite::Result<Option<PersonRow>> {
        pq::find_person(self.conn, nip, nik, name, opd_id)
    }

    fn person_by_id_number(
        &self,
        column: &str,
        value: &str,
    ) -> rusqlite::Result<Option<PersonRow>> {
        pq::person_by_id_number(self.conn, column, value)
    }
}

impl Target for Db<'_> {
    fn opds(&mut self) -> rusqlite::Result<&[Opd]> {
        read_once(self.conn, &mut self.opds)
    }

    fn opd_key_taken(&self, key: &str) -> rusqlite::Result<bool> {
        Ok(oq::find_opd_by_key(self.conn, key)?.is_some())
    }

    fn registration(
        &self,
        event_id: &str,
        person_id: &str,
    ) -> rusqlite::Result<Option<(String, String)>> {
        Ok(pq::find_registration(self.conn, event_id, person_id)?.map(|r| (r.id, r.status)))
    }

    fn apply(&mut self, event_id: &str, plan: &RowPlan, now: &str) -> Result<Applied, ApiError> {
        let conn = self.conn;
        if let Some(OpdPlan {
            id,
            new: Some((name, short)),
            ..
        }) = &plan.opd
        {
            oq::insert_opd(conn, id, name, *short, now)?;
            if let Some(short) = short {
                oq::insert_alias(conn, id, short, now)?;
            }
            self.opds = None;
        }
        let mut indexed = None;
        match &plan.person {
            PersonChange::Create(row) => pq::insert_person(conn, row)?,
            PersonChange::Update { row, .. } => {
                indexed = pq::search_entry(conn, &row.id)?;
                pq::update_person(conn, row)?;
            }
            PersonChange::Unchanged(_) => {}
        }
        let (registration_id, status) = match &plan.registered {
            Some((id, status)) => (id.clone(), status.clone()),
            None => {
                let mut row =
                    new_registration(event_id, &plan.person.row().id, plan.role, None, now);
                insert_registration(conn, &mut row)?;
                (row.id, row.status)
            }
        };
        Ok(Applied {
            registration_id,
            status,
            indexed,
        })
    }

    fn quota_rows(&self, event_id: &str, opd_ids: &[String]) -> rusqlite::Result<Vec<QuotaRow>> {
        if !any_quota(self.conn, event_id, opd_ids)? {
            return Ok(Vec::new());
        }
        oq::quota_rows(self.conn, event_id)
    }
}

/// A person's registration in the event as a preview tracks it.
struct Seen {
    id: String,
    status: String,
    /// Whether the database counts it against an OPD's quota, and whether it counts
    /// after the import.
    counted_before: bool,
    counted_after: bool,
    /// The person's OPD when the registration was met, for a person the import leaves
    /// as they are.
    opd_id: Option<String>,
}

/// The preview's view: one read snapshot of the database and, in memory, the people,
/// registrations and OPDs the rows so far have created or changed.
pub(super) struct Preview<'c> {
    conn: &'c Connection,
    /// People created or changed by the rows so far, as they are now.
    people: HashMap<String, PersonRow>,
    /// The same people as the database has them (`None`: created by the import).
    stored: HashMap<String, Option<PersonRow>>,
    /// Ids of those people by NIP, NIK and (name key, OPD) as they have been at any
    /// point in the run: candidates, checked against the person as they are now.
    by_nip: HashMap<String, Vec<String>>,
    by_nik: HashMap<String, Vec<String>>,
    by_name: HashMap<(String, Option<String>), Vec<String>>,
    /// The event's registrations the rows have met, by person.
    registrations: HashMap<String, Seen>,
    opds: Option<Vec<Opd>>,
    /// Name keys of the OPDs (names and aliases) the import adds.
    new_opd_keys: HashSet<String>,
}

impl<'c> Preview<'c> {
    /// A view of `conn`, which should be inside a read transaction (one snapshot).
    pub fn new(conn: &'c Connection) -> Self {
        Preview {
            conn,
            people: HashMap::new(),
            stored: HashMap::new(),
            by_nip: HashMap::new(),
            by_nik: HashMap::new(),
            by_name: HashMap::new(),
            registrations: HashMap::new(),
            opds: None,
            new_opd_keys: HashSet::new(),
        }
    }

    /// A person as they are now: the import's version when it has one.
    fn now(&self, stored: PersonRow) -> PersonRow {
        self.people.get(&stored.id).cloned().unwrap_or(stored)
    }

    /// The import's people listed under `ids` whose current row satisfies `keep`.
    fn changed<'a>(
        &'a self,
        ids: Option<&'a Vec<String>>,
        keep: impl Fn(&PersonRow) -> bool + 'a,
    ) -> impl Iterator<Item = &'a PersonRow> + 'a {
        ids.into_iter()
            .flatten()
            .filter_map(|id| self.people.get(id))
            .filter(move |p| keep(p))
    }

    /// Who holds `value` in `column` (unique by constraint): the database's holder as they
    /// are now, or one of the import's people.
    fn holder(
        &self,
        column: &str,
        value: &str,
        keep: impl Fn(&PersonRow) -> bool,
    ) -> rusqlite::Result<Option<PersonRow>> {
        let field = |p: &PersonRow| match column {
            "nip" => p.nip.clone(),
            _ => p.nik.clone(),
        };
        let index = match column {
            "nip" => &self.by_nip,
            _ => &self.by_nik,
        };
        if let Some(p) = self
            .changed(index.get(value), |p| field(p).as_deref() == Some(value))
            .find(|p| keep(p))
        {
            return Ok(Some(p.clone()));
        }
        Ok(pq::person_by_id_number(self.conn, column, value)?
            .map(|p| self.now(p))
            .filter(|p| field(p).as_deref() == Some(value) && keep(p)))
    }

    fn note(&mut self, row: &PersonRow) {
        let id = row.id.clone();
        if let Some(nip) = &row.nip {
            self.by_nip.entry(nip.clone()).or_default().push(id.clone());
        }
        if let Some(nik) = &row.nik {
            self.by_nik.entry(nik.clone()).or_default().push(id.clone());
        }
        self.by_name
            .entry((name_key(&row.name), row.opd_id.clone()))
            .or_default()
            .push(id.clone());
        self.people.insert(id, row.clone());
    }
}

/// Whether a stored ID number allows the one given: either is missing, or they agree.
fn agrees(stored: &Option<String>, given: Option<&str>) -> bool {
    match (stored, given) {
        (Some(s), Some(g)) => s == g,
        _ => true,
    }
}

impl FindPeople for Preview<'_> {
    fn find_person(
        &self,
        nip: Option<&str>,
        nik: Option<&str>,
        name: &str,
        opd_id: Option<&str>,
    ) -> rusqlite::Result<Option<PersonRow>> {
        if let Some(nip) = nip {
            if let Some(found) = self.holder("nip", nip, |_| true)? {
                return Ok(Some(found));
            }
        }
        if let Some(nik) = nik {
            if let Some(found) = self.holder("nik", nik, |p| agrees(&p.nip, nip))? {
                return Ok(Some(found));
            }
        }
        // By name and OPD, the earliest created: the database's (in its order), then the
        // import's own, each as they are now.
        let key = name_key(name);
        let fits = |p: &PersonRow| {
            name_key(&p.name) == key
                && p.opd_id.as_deref() == opd_id
                && agrees(&p.nip, nip)
                && agrees(&p.nik, nik)
        };
        let stored = pq::people_by_name_key(self.conn, &key, opd_id)?;
        let mut best: Option<PersonRow> = stored.into_iter().map(|p| self.now(p)).find(|p| fits(p));
        for p in self.changed(
            self.by_name.get(&(key.clone(), opd_id.map(str::to_string))),
            fits,
        ) {
            if best.as_ref().is_none_or(|b| p.created_at < b.created_at) {
                best = Some(p.clone());
            }
        }
        Ok(best)
    }

    fn person_by_id_number(
        &self,
        column: &str,
        value: &str,
    ) -> rusqlite::Result<Option<PersonRow>> {
        self.holder(column, value, |_| true)
    }
}

impl Target for Preview<'_> {
    fn opds(&mut self) -> rusqlite::Result<&[Opd]> {
        read_once(self.conn, &mut self.opds)
    }

    fn opd_key_taken(&self, key: &str) -> rusqlite::Result<bool> {
        Ok(self.new_opd_keys.contains(key) || oq::find_opd_by_key(self.conn, key)?.is_some())
    }

    fn registration(
        &self,
        event_id: &str,
        person_id: &str,
    ) -> rusqlite::Result<Option<(String, String)>> {
        if let Some(seen) = self.registrations.get(person_id) {
            return Ok(Some((seen.id.clone(), seen.status.clone())));
        }
        Ok(pq::find_registration(self.conn, event_id, person_id)?.map(|r| (r.id, r.status)))
    }

    fn apply(&mut self, event_id: &str, plan: &RowPlan, now: &str) -> Result<Applied, ApiError> {
        if let Some(OpdPlan {
            id,
            new: Some((name, short)),
            ..
        }) = &plan.opd
        {
            self.new_opd_keys.insert(oq::opd_key(name));
            self.new_opd_keys.extend(short.map(oq::opd_key));
            let opd = Opd {
                id: id.clone(),
                name: name.clone(),
                short_name: short.map(str::to_string),
                aliases: short.iter().map(|s| s.to_string()).collect(),
                people: 0,
                created_at: now.to_string(),
                updated_at: now.to_string(),
            };
            read_once(self.conn, &mut self.opds)?;
            if let Some(opds) = &mut self.opds {
                opds.push(opd);
            }
        }
        let person = plan.person.row();
        match &plan.person {
            PersonChange::Create(row) => {
                self.stored.insert(row.id.clone(), None);
                self.note(row);
            }
            PersonChange::Update { row, old } => {
                self.stored
                    .entry(row.id.clone())
                    .or_insert_with(|| Some((**old).clone()));
                self.note(row);
            }
            PersonChange::Unchanged(_) => {}
        }
        let counts = |role: &str, status: &str| role == "participant" && status == "registered";
        let seen = match (self.registrations.remove(&person.id), &plan.registered) {
            (Some(seen), _) => seen,
            (None, Some((id, status))) => {
                let before = self
                    .conn
                    .prepare_cached(
                        "SELECT role FROM registration WHERE event_id = ?1 AND person_id = ?2",
                    )?
                    .query_row([event_id, &person.id], |r| r.get::<_, String>(0))
                    .optional()?
                    .is_some_and(|role| counts(&role, status));
                Seen {
                    id: id.clone(),
                    status: status.clone(),
                    counted_before: before,
                    counted_after: before,
                    opd_id: person.opd_id.clone(),
                }
            }
            (None, None) => Seen {
                // Never stored nor shown.
                id: String::new(),
                status: "registered".to_string(),
                counted_before: false,
                counted_after: counts(plan.role.as_str(), "registered"),
                opd_id: person.opd_id.clone(),
            },
        };
        let applied = Applied {
            registration_id: seen.id.clone(),
            status: seen.status.clone(),
            indexed: None,
        };
        self.registrations.insert(person.id.clone(), seen);
        Ok(applied)
    }

    /// The database's rows, with the registrations the import adds and the people it
    /// moves to another OPD counted where they will be.
    fn quota_rows(&self, event_id: &str, opd_ids: &[String]) -> rusqlite::Result<Vec<QuotaRow>> {
        if !any_quota(self.conn, event_id, opd_ids)? {
            return Ok(Vec::new());
        }
        let mut change: HashMap<&str, i64> = HashMap::new();
        for (person_id, seen) in &self.registrations {
            // The OPD the database has the person in, and the one they end in.
            let (before, after) = match (self.stored.get(person_id), self.people.get(person_id)) {
                (Some(stored), Some(now)) => (
                    stored.as_ref().and_then(|p| p.opd_id.as_deref()),
                    now.opd_id.as_deref(),
                ),
                _ => (seen.opd_id.as_deref(), seen.opd_id.as_deref()),
            };
            if let Some(opd) = before.filter(|_| seen.counted_before) {
                *change.entry(opd).or_default() -= 1;
            }
            if let Some(opd) = after.filter(|_| seen.counted_after) {
                *change.entry(opd).or_default() += 1;
            }
        }
        let mut rows = oq::quota_rows(self.conn, event_id)?;
        for row in &mut rows {
            row.registered += change.get(row.opd_id.as_str()).copied().unwrap_or(0);
            row.over = row.quota.is_some_and(|q| row.registered > q);
        }
        Ok(rows)
    }
}

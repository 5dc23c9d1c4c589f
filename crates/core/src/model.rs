//! Domain types as the Api returns them (serialised to JSON for every front door).

use serde::{Deserialize, Serialize};

/// A bintek: one training event with its venue, dates and legal basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub title: String,
    pub theme: Option<String>,
    /// The organizing agency, e.g. "Dinas Komunikasi dan Informatika Kabupaten Grobogan".
    pub organizer: Option<String>,
    pub venue: Option<String>,
    pub city: Option<String>,
    /// `YYYY-MM-DD`.
    pub start_date: String,
    /// `YYYY-MM-DD`, never before `start_date`.
    pub end_date: String,
    /// *Dasar hukum*: free text, one reference per line.
    pub legal_basis: Option<String>,
    /// Total lesson hours (*jam pelajaran*, JP).
    pub total_jp: Option<i64>,
    pub notes: Option<String>,
    pub archived: bool,
    pub archived_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

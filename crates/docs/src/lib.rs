//! bintek-docs: files in and out. It reads spreadsheets into plain rows and writes
//! spreadsheets and PDFs (agenda, badges, attendance sheets and recaps, certificates)
//! from plain structs. It knows nothing of SQLite or of the Api; bintek-core calls it.

pub mod agenda;
pub mod attendance;
pub mod badges;
pub mod certificate;
pub mod logo;
pub mod pdf;
pub mod qr;
pub mod sheet;

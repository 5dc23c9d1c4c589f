//! bintek-docs: files in and out. It reads spreadsheets into plain rows and writes
//! spreadsheets, PDFs (agenda, badges, attendance sheets and recaps, certificates, letters)
//! and DOCX (letters)
//! from plain structs. It knows nothing of SQLite or of the Api; bintek-core calls it.

pub mod agenda;
pub mod attendance;
pub mod badges;
pub mod certificate;
pub mod letter;
pub mod logo;
pub mod pdf;
pub mod photo;
pub mod qr;
pub mod sheet;

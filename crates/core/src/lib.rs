//! bintek-core: the domain, its validation rules, the SQLite store and the Api that every
//! front door (desktop window, HTTP server, CLI) calls. It knows nothing of Tauri, HTTP or
//! file formats; only [`store`] runs SQL.

pub mod agency;
pub mod agenda;
pub mod api;
pub mod backup;
pub mod certificate_print;
pub mod certificates;
pub mod checkin;
pub mod commands;
pub mod demo;
pub mod desks;
pub mod error;
pub mod events;
pub mod files;
pub mod finance;
pub mod format;
pub mod forms;
pub mod ids;
pub mod import;
pub mod letters;
pub mod materials;
pub mod mirror;
pub mod model;
pub mod offline;
pub mod opd_match;
pub mod overview;
pub mod participants;
pub mod paths;
pub mod portal;
pub mod prints;
pub mod report;
pub mod signing;
pub mod store;
pub mod tx;
pub mod typescript;
pub mod validate;
pub mod wire;

pub use api::{Api, Caller, Role};
pub use commands::{dispatch, run, Command, COMMANDS};
pub use error::{ApiError, ErrorCode, StoreError};
pub use model::Event;

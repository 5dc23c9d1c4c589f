//! `bintek`: the command-line front door. Every subcommand builds its command's typed
//! arguments and runs it through the same command table as the desktop window and the
//! HTTP server (`door::run`); `bintek call` takes any command by name with JSON.

mod agenda;
mod attendance;
mod backup;
mod bench;
mod certificates;
mod door;
mod evaluation;
mod events;
mod finance;
mod letters;
mod output;
mod participants;
mod serve;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use bintek_core::{dispatch, paths, Api, ApiError, Caller, ErrorCode};
use clap::{Parser, Subcommand};
use serde_json::{json, Value};

use crate::agenda::{AgendaCmd, SessionCmd, SpeakerCmd};
use crate::attendance::AttendanceCmd;
use crate::backup::BackupArgs;
use crate::certificates::CertificateCmd;
use crate::evaluation::EvaluationCmd;
use crate::events::EventCmd;
use crate::finance::FinanceCmd;
use crate::letters::LetterCmd;
use crate::output::{output, terminal_json, terminal_text};
use crate::participants::{OpdCmd, ParticipantCmd};

#[derive(Parser)]
#[command(
    name = "bintek",
    version,
    about = "Bintek: run a bimbingan teknis from the command line"
)]
struct Cli {
    /// Database file (default: the desktop app's database, or $BINTEK_DB).
    #[arg(long, global = true, env = paths::DB_ENV)]
    db: Option<PathBuf>,
    /// Print one JSON document on stdout; errors as JSON on stderr.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Events (kegiatan).
    #[command(subcommand)]
    Event(EventCmd),
    /// Participants, speakers, moderators and committee of an event.
    #[command(subcommand)]
    Participant(ParticipantCmd),
    /// Work units (OPD).
    #[command(subcommand)]
    Opd(OpdCmd),
    /// Agenda sessions.
    #[command(subcommand)]
    Session(SessionCmd),
    /// Speakers and moderators.
    #[command(subcommand)]
    Speaker(SpeakerCmd),
    /// The printed agenda.
    #[command(subcommand)]
    Agenda(AgendaCmd),
    /// Check a person in for a session (by check-in code, NIP or a unique name).
    /// Exit 1 with a JSON error whose code says why (not_found, not_registered, cancelled).
    Checkin {
        #[arg(long)]
        event: String,
        /// Default: the session running now.
        #[arg(long)]
        session: Option<String>,
        #[arg(long)]
        desk: Option<String>,
        code_or_nip: String,
    },
    /// Attendance records, the daftar hadir and the recap.
    #[command(subcommand)]
    Attendance(AttendanceCmd),
    /// Print badges (participant cards with the check-in QR) to a PDF file. Checks no one in.
    Badges {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
        /// `eight` (8 per A4 with cut marks) or `one` (one per page).
        #[arg(long, default_value = "eight")]
        layout: String,
        /// participant, speaker, moderator, committee or all.
        #[arg(long, default_value = "participant")]
        role: String,
    },
    /// Letters of an event (undangan, permohonan narasumber, surat tugas) as PDF or DOCX.
    #[command(subcommand)]
    Surat(LetterCmd),
    /// The laporan pelaksanaan kegiatan (the report after the event) as PDF or DOCX.
    Laporan {
        #[arg(long)]
        event: String,
        /// FILE.pdf or FILE.docx.
        #[arg(long)]
        out: PathBuf,
    },
    /// Keuangan: honoraria, transport money, PPh 21 and the payment documents (SPJ).
    #[command(subcommand)]
    Keuangan(FinanceCmd),
    /// Evaluasi: the results of the pre-test, post-test and evaluation forms.
    #[command(subcommand)]
    Evaluasi(EvaluationCmd),
    /// Seed the demo event (Diskominfo Kabupaten Grobogan, 17–18 September 2019).
    Demo,
    /// Check the database (quick_check, foreign keys, journal mode, network drive).
    /// Exit 0 when it is sound, 1 when not (the report is printed either way).
    Check,
    /// Back the database up: into `backups/` beside it (reason "manual"), or to --out
    /// FILE. Every backup passes integrity_check before it counts.
    Backup(BackupArgs),
    /// Replace the database with a backup FILE, while the app is closed. FILE is checked
    /// first; the current database is kept in `backups/` (reason "before-restore").
    Restore { file: PathBuf },
    /// Merge an offline desk's package (its check-ins and walk-ins) into this database.
    /// Merging twice changes nothing; people checked in on both sides are listed.
    Merge { file: PathBuf },
    /// Certificates: list, verify, revoke.
    #[command(subcommand)]
    Certificate(CertificateCmd),
    /// Serve the web UI and the Api over HTTP on loopback (backs the database up first).
    Serve {
        /// Address to listen on; port 0 picks a free port. Default 127.0.0.1:7878, or
        /// 0.0.0.0:7878 with --lan.
        #[arg(long)]
        bind: Option<SocketAddr>,
        /// Registration-desk mode: listen on the local network; desks pair with the PIN
        /// and get a token; every Api call needs a token.
        #[arg(long)]
        lan: bool,
        /// Fix the pairing PIN (6 digits) instead of a random one (for tests).
        #[arg(long, requires = "lan")]
        pin: Option<String>,
    },
    /// Call any Api command by name with JSON arguments (as POST /api/NAME does).
    Call {
        name: String,
        /// JSON arguments, e.g. '{"id":"..."}'.
        #[arg(default_value = "{}")]
        args: String,
    },
    /// Measure Api throughput on a temporary database and print the figures.
    Bench {
        /// How many events to create.
        #[arg(long, default_value_t = 1000)]
        count: usize,
        /// Only set up a desk and make this many check-ins, quietly: what `bench` runs
        /// under `strace` to count the syncs of a check-in.
        #[arg(long, hide = true)]
        sync_probe: Option<usize>,
    },
}

/// An outcome already printed on stdout that still exits 1 (`check` of a damaged
/// database).
#[derive(Debug)]
struct Reported;

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("sudah dilaporkan")
    }
}

impl std::error::Error for Reported {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json_mode = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<Reported>() => ExitCode::FAILURE,
        Err(e) if reader_went_away(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let api_error = match e.downcast::<ApiError>() {
                Ok(api) => api,
                Err(other) => ApiError::new(ErrorCode::Internal, format!("{other:#}")),
            };
            if json_mode {
                eprintln!(
                    "{}",
                    terminal_json(json!({ "error": api_error }).to_string())
                );
            } else {
                let t = terminal_text;
                match &api_error.field {
                    Some(f) => eprintln!("Galat: {} (kolom: {})", t(&api_error.message), t(f)),
                    None => eprintln!("Galat: {}", t(&api_error.message)),
                }
                for fe in api_error.errors.iter().skip(1) {
                    eprintln!("  - {} (kolom: {})", t(&fe.message), t(&fe.field));
                }
            }
            ExitCode::FAILURE
        }
    }
}

/// The program reading our output closed it early (`bintek check | head`): not an error.
/// Windows says so with ERROR_NO_DATA (232, which std calls `BrokenPipe`) or
/// ERROR_PIPE_NOT_CONNECTED (233, which it does not).
fn reader_went_away(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| {
            io.kind() == std::io::ErrorKind::BrokenPipe
                || (cfg!(windows) && matches!(io.raw_os_error(), Some(232 | 233)))
        })
}

fn db_path(db: Option<PathBuf>) -> PathBuf {
    db.unwrap_or_else(paths::default_db_path)
}

fn open(db: Option<PathBuf>) -> anyhow::Result<Api> {
    Ok(Api::open(&db_path(db)).map_err(ApiError::from)?)
}

/// Opens a database that must already exist (checking or backing up a missing file
/// would only create an empty one).
fn open_existing(db: Option<PathBuf>) -> anyhow::Result<Api> {
    let path = db_path(db);
    if !path.is_file() {
        return Err(ApiError::not_found(format!(
            "Basis data tidak ditemukan di {}.",
            path.display()
        ))
        .into());
    }
    open(Some(path))
}

/// One function per group of subcommands. Those that check an argument or read a file
/// before the database is opened (or open none) take the path, the others the Api.
fn run(cli: Cli) -> anyhow::Result<()> {
    let json_mode = cli.json;
    let db = cli.db;
    match cli.command {
        Command::Event(cmd) => events::event(&open(db)?, json_mode, cmd),
        Command::Participant(cmd) => participants::participant(&open(db)?, json_mode, cmd),
        Command::Opd(cmd) => participants::opd(&open(db)?, json_mode, cmd),
        Command::Session(cmd) => agenda::session(&open(db)?, json_mode, cmd),
        Command::Speaker(cmd) => agenda::speaker(&open(db)?, json_mode, cmd),
        Command::Agenda(cmd) => agenda::agenda(&open(db)?, json_mode, cmd),
        Command::Checkin {
            event,
            session,
            desk,
            code_or_nip,
        } => attendance::checkin(&open(db)?, json_mode, event, session, desk, code_or_nip),
        Command::Attendance(cmd) => attendance::attendance(db, json_mode, cmd),
        Command::Badges {
            event,
            out,
            layout,
            role,
        } => attendance::badges(db, json_mode, event, layout, role, out),
        Command::Certificate(cmd) => certificates::certificate(&open(db)?, json_mode, cmd),
        Command::Surat(cmd) => letters::letters(&open(db)?, json_mode, cmd),
        Command::Laporan { event, out } => letters::report(&open(db)?, json_mode, event, out),
        Command::Keuangan(cmd) => finance::finance(&open(db)?, json_mode, cmd),
        Command::Evaluasi(cmd) => evaluation::evaluation(&open(db)?, json_mode, cmd),
        Command::Demo => demo(db, json_mode),
        Command::Call { name, args } => call(db, &name, &args),
        Command::Check => backup::check(db, json_mode),
        Command::Backup(args) => backup::backup(db, json_mode, args),
        Command::Restore { file } => backup::restore(db, json_mode, file),
        Command::Merge { file } => events::merge(db, json_mode, file),
        Command::Serve { bind, lan, pin } => serve::serve(db, bind, lan, pin, json_mode),
        Command::Bench {
            sync_probe: Some(n),
            ..
        } => bench::sync_probe(n),
        Command::Bench { count, .. } => bench::run(count, json_mode),
    }
}

/// `bintek demo`: the demo event, seeded through the Api's use-cases.
fn demo(db: Option<PathBuf>, json_mode: bool) -> anyhow::Result<()> {
    let api = open(db)?;
    let event = bintek_core::demo::seed(&api)?;
    let v = json!({ "event_id": event.id, "database": api.path().display().to_string() });
    output(json_mode, &v, |_| {
        format!(
            "Data demo siap: {} (id {})\nBasis data: {}",
            event.title,
            event.id,
            api.path().display()
        )
    })
}

/// `bintek call NAME JSON`: any command by name, through `dispatch` as a request would.
fn call(db: Option<PathBuf>, name: &str, args: &str) -> anyhow::Result<()> {
    let api = open(db)?;
    let args: Value = serde_json::from_str(args).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidArgument,
            format!("Argumen bukan JSON yang valid: {e}"),
        )
    })?;
    let v = dispatch(&api, &Caller::admin("cli"), name, args)?;
    output(true, &v, |_| String::new())
}

#[cfg(test)]
mod tests;

//! `bintek`: the command-line front door. Every subcommand calls the same Api command table
//! as the desktop window and the HTTP server.

mod agenda;
mod attendance;
mod bench;
mod certificates;
mod door;
mod events;
mod output;
mod participants;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use bintek_core::{dispatch, paths, Api, ApiError, Caller, ErrorCode};
use clap::{Args, Parser, Subcommand};
use serde_json::{json, Value};

use crate::agenda::{AgendaCmd, SessionCmd, SpeakerCmd};
use crate::attendance::AttendanceCmd;
use crate::certificates::CertificateCmd;
use crate::events::EventCmd;
use crate::output::{output, size_text, terminal_json, terminal_text};
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
    },
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
struct BackupArgs {
    /// Write the backup to this file instead of the backups folder.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Option<BackupCmd>,
}

#[derive(Subcommand)]
enum BackupCmd {
    /// List the backups in the backups folder, newest first.
    List {
        /// Run integrity_check on every backup now.
        #[arg(long)]
        verify: bool,
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

fn call(api: &Api, name: &str, args: Value) -> anyhow::Result<Value> {
    Ok(dispatch(api, &Caller::admin("cli"), name, args)?)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let json_mode = cli.json;
    match cli.command {
        Command::Event(cmd) => events::event(&open(cli.db)?, json_mode, cmd),
        Command::Participant(cmd) => participants::participant(&open(cli.db)?, json_mode, cmd),
        Command::Session(cmd) => agenda::session(&open(cli.db)?, json_mode, cmd),
        Command::Speaker(cmd) => agenda::speaker(&open(cli.db)?, json_mode, cmd),
        Command::Checkin {
            event,
            session,
            desk,
            code_or_nip,
        } => attendance::checkin(&open(cli.db)?, json_mode, event, session, desk, code_or_nip),
        Command::Attendance(cmd) => attendance::attendance(cli.db, json_mode, cmd),
        Command::Badges {
            event,
            out,
            layout,
            role,
        } => attendance::badges(cli.db, json_mode, event, layout, role, out),
        Command::Agenda(cmd) => agenda::agenda(&open(cli.db)?, json_mode, cmd),
        Command::Opd(cmd) => participants::opd(&open(cli.db)?, json_mode, cmd),
        Command::Demo => {
            let api = open(cli.db)?;
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
        Command::Call { name, args } => {
            let api = open(cli.db)?;
            let args: Value = serde_json::from_str(&args).map_err(|e| {
                ApiError::new(
                    ErrorCode::InvalidArgument,
                    format!("Argumen bukan JSON yang valid: {e}"),
                )
            })?;
            let v = call(&api, &name, args)?;
            output(true, &v, |_| String::new())
        }
        Command::Check => {
            let api = open_existing(cli.db)?;
            let v = call(&api, "db_check", json!({}))?;
            output(json_mode, &v, check_text)?;
            if v["ok"] == true {
                Ok(())
            } else {
                Err(Reported.into())
            }
        }
        Command::Backup(BackupArgs {
            cmd: Some(BackupCmd::List { verify }),
            ..
        }) => {
            let api = open_existing(cli.db)?;
            let v = call(&api, "backup_list", json!({ "verify": verify }))?;
            output(json_mode, &v, backup_table)
        }
        Command::Backup(BackupArgs { out, cmd: None }) => {
            let api = open_existing(cli.db)?;
            let v = match out {
                Some(out) => {
                    serde_json::to_value(bintek_core::run::<bintek_core::commands::BackupCreate>(
                        &api,
                        &Caller::admin("cli"),
                        bintek_core::backup::BackupCreateArgs { to_file: Some(out) },
                    )?)?
                }
                None => call(&api, "backup_create", json!({}))?,
            };
            output(json_mode, &v, |v| {
                format!(
                    "Cadangan dibuat dan lolos pemeriksaan: {}\n{} dalam {} ms",
                    v["file"].as_str().unwrap_or_default(),
                    size_text(v["size"].as_u64().unwrap_or(0)),
                    v["duration_ms"]
                )
            })
        }
        Command::Certificate(cmd) => certificates::certificate(&open(cli.db)?, json_mode, cmd),
        Command::Merge { file } => events::merge(cli.db, json_mode, file),
        Command::Restore { file } => {
            let report = bintek_core::backup::restore(&db_path(cli.db), &file)?;
            let v = serde_json::to_value(report)?;
            output(json_mode, &v, |v| {
                v["message"].as_str().unwrap_or_default().to_string()
            })
        }
        Command::Serve { bind, lan, pin } => serve(cli.db, bind, lan, pin, json_mode),
        Command::Bench { count } => bench::run(count, json_mode),
    }
}

fn check_text(v: &Value) -> String {
    let yes_no = |b: bool| if b { "ya" } else { "tidak" };
    let mut lines = vec![
        format!(
            "Basis data    : {}",
            v["database"].as_str().unwrap_or_default()
        ),
        format!(
            "Hasil         : {}",
            if v["ok"] == true { "baik" } else { "RUSAK" }
        ),
        format!(
            "quick_check   : {}",
            v["quick_check"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .take(5)
                .collect::<Vec<_>>()
                .join("; ")
        ),
        format!(
            "Kunci asing   : {} bermasalah",
            v["foreign_key_errors"].as_array().map_or(0, Vec::len)
        ),
        format!(
            "Mode jurnal   : {}",
            v["journal_mode"].as_str().unwrap_or_default()
        ),
        format!("Drive jaringan: {}", yes_no(v["network_drive"] == true)),
        format!("Hanya-baca    : {}", yes_no(v["read_only"] == true)),
    ];
    match v["last_backup"]["file_name"].as_str() {
        Some(name) => lines.push(format!(
            "Cadangan akhir: {name} ({})",
            v["last_backup"]["created_at"].as_str().unwrap_or_default()
        )),
        None => lines.push("Cadangan akhir: belum ada".to_string()),
    }
    for w in v["warnings"].as_array().into_iter().flatten() {
        lines.push(format!("Perhatian: {}", w.as_str().unwrap_or_default()));
    }
    lines.join("\n")
}

fn backup_table(v: &Value) -> String {
    let rows = v.as_array().cloned().unwrap_or_default();
    if rows.is_empty() {
        return "Belum ada cadangan. Buat dengan `bintek backup`.".to_string();
    }
    let mut lines: Vec<String> = rows
        .iter()
        .map(|b| {
            format!(
                "{}  {:<15} {:>9}  {}{}",
                b["created_at"].as_str().unwrap_or_default(),
                b["reason"].as_str().unwrap_or_default(),
                size_text(b["size"].as_u64().unwrap_or(0)),
                b["file_name"].as_str().unwrap_or_default(),
                if b["ok"] == true { "" } else { "  [RUSAK]" }
            )
        })
        .collect();
    lines.push(format!("{} cadangan", rows.len()));
    lines.join("\n")
}

fn serve(
    db: Option<PathBuf>,
    bind: Option<SocketAddr>,
    lan: bool,
    pin: Option<String>,
    json_mode: bool,
) -> anyhow::Result<()> {
    let bind = bind.unwrap_or_else(|| {
        if lan {
            SocketAddr::from(([0, 0, 0, 0], 7878))
        } else {
            SocketAddr::from(([127, 0, 0, 1], 7878))
        }
    });
    if !lan && !bintek_server::is_loopback(&bind) {
        return Err(ApiError::field(
            "bind",
            format!(
                "Alamat {bind} bukan loopback. Server hanya melayani komputer ini \
                 (127.0.0.1) sampai mode LAN diaktifkan (--lan)."
            ),
        )
        .into());
    }
    let access = if lan {
        let l = bintek_server::Lan::new(pin.as_deref()).map_err(|m| ApiError::field("pin", m))?;
        bintek_server::Access::Lan(l)
    } else {
        bintek_server::Access::Local
    };
    let access = Arc::new(access);
    let api = Arc::new(open(db)?);
    // A copy of the database as it was when the host started, in the background.
    api.backup_on_start();
    if !json_mode {
        for w in api.warnings() {
            eprintln!("Perhatian: {}", terminal_text(w));
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind).await.map_err(|e| {
            ApiError::field("bind", format!("Tidak dapat mendengarkan di {bind}: {e}"))
        })?;
        let addr = listener.local_addr()?;
        // The address others type: the LAN address when listening on all interfaces.
        let shown = if addr.ip().is_unspecified() {
            let ip = bintek_server::lan::lan_ip().unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]));
            SocketAddr::new(ip, addr.port())
        } else {
            addr
        };
        let url = format!("http://{shown}/");
        {
            let mut out = std::io::stdout().lock();
            match access.as_ref() {
                bintek_server::Access::Lan(l) => {
                    if json_mode {
                        writeln!(
                            out,
                            "{}",
                            json!({"url": url, "listen": addr.to_string(), "pin": l.pin(),
                                   "admin_token": l.admin_token()})
                        )?;
                    } else {
                        writeln!(
                            out,
                            "Mode meja registrasi aktif di {url} (Ctrl+C untuk berhenti)"
                        )?;
                        writeln!(out, "PIN pemasangan meja : {}", l.pin())?;
                        writeln!(out, "Token panitia       : {}", l.admin_token())?;
                    }
                }
                bintek_server::Access::Local => {
                    if json_mode {
                        writeln!(out, "{}", json!({ "url": url }))?;
                    } else {
                        writeln!(out, "Bintek berjalan di {url} (Ctrl+C untuk berhenti)")?;
                    }
                }
            }
            out.flush()?;
        }
        bintek_server::serve_with(listener, api, access, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests;

//! `bintek`: the command-line front door. Every subcommand calls the same Api command table
//! as the desktop window and the HTTP server.

mod bench;
mod door;
mod events;
mod output;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use bintek_core::certificate_print::JobOutput;
use bintek_core::{dispatch, paths, Api, ApiError, Caller, ErrorCode};
use clap::{Args, Parser, Subcommand};
use serde_json::{json, Value};

use crate::events::EventCmd;
use crate::output::{output, size_text, terminal_json, terminal_text, write_out};

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

#[derive(Subcommand)]
enum SessionCmd {
    /// Add a session to an event's agenda.
    Add {
        #[arg(long)]
        event: String,
        #[arg(long)]
        title: String,
        /// YYYY-MM-DD, within the event's dates.
        #[arg(long)]
        date: String,
        /// HH:MM.
        #[arg(long)]
        start: String,
        /// HH:MM, after the start.
        #[arg(long)]
        end: String,
        #[arg(long)]
        room: Option<String>,
        #[arg(long)]
        jp: Option<i64>,
        /// material (default), opening, break or closing.
        #[arg(long)]
        kind: Option<String>,
        /// Take no attendance in this session.
        #[arg(long)]
        no_attendance: bool,
    },
    /// List an event's sessions by date and start time.
    List {
        #[arg(long)]
        event: String,
    },
}

#[derive(Subcommand)]
enum SpeakerCmd {
    /// Register a speaker (or moderator) and optionally assign a session.
    Add {
        #[arg(long)]
        event: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        position: Option<String>,
        #[arg(long)]
        institution: Option<String>,
        #[arg(long)]
        nip: Option<String>,
        #[arg(long)]
        session: Option<String>,
        /// speaker (default) or moderator.
        #[arg(long = "as")]
        as_role: Option<String>,
    },
    /// List speakers and moderators with their sessions.
    List {
        #[arg(long)]
        event: String,
    },
}

#[derive(Subcommand)]
enum CertificateCmd {
    /// Number the certificates of the eligible people of a role (numbers are kept; a
    /// corrected name gets a new revision) and print them into one PDF, and with
    /// --per-person also one PDF per person into DIR.
    Issue {
        #[arg(long)]
        event: String,
        /// participant, speaker, moderator, committee or all.
        #[arg(long, default_value = "participant")]
        role: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_name = "DIR")]
        per_person: Option<PathBuf>,
    },
    /// Every certificate of an event: number, name, role, code, status, revision.
    List {
        #[arg(long)]
        event: String,
    },
    /// Check a certificate from its scanned QR text or verification code. Exit 0 when it
    /// is valid, 1 otherwise (revoked, tampered, unknown).
    Verify { text: String },
    /// Revoke a certificate by its number, with a reason (it keeps its number).
    Revoke {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Replace a revoked certificate with a new one for the same person: the next number
    /// and a new code (the revoked one stays revoked). The person must still be eligible.
    Replace { number: String },
}

#[derive(Subcommand)]
enum AttendanceCmd {
    /// Who checked in (and where, when, how).
    List {
        #[arg(long)]
        event: String,
        #[arg(long)]
        session: Option<String>,
    },
    /// Print a session's daftar hadir (attendance sheet to sign) to a PDF file.
    Sheet {
        #[arg(long)]
        event: String,
        #[arg(long)]
        session: String,
        #[arg(long)]
        out: PathBuf,
        /// Mark who checked in and when.
        #[arg(long)]
        filled: bool,
        /// `opd` (by OPD, then name) or `name`.
        #[arg(long, default_value = "opd")]
        sort: String,
        /// Numbered empty rows for walk-ins.
        #[arg(long, default_value_t = 10)]
        blank: usize,
    },
    /// Write the attendance recap per session and per OPD; the format follows the file's
    /// extension (.pdf or .xlsx).
    Recap {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum AgendaCmd {
    /// Print the agenda (jadwal acara) to a PDF file.
    Pdf {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ParticipantCmd {
    /// Register a person in an event.
    Add(Box<ParticipantFields>),
    /// List the people registered in an event.
    List {
        #[arg(long)]
        event: String,
        /// Search: part of a name, NIP digits, check-in code or OPD.
        #[arg(long)]
        q: Option<String>,
        /// participant, speaker, moderator or committee.
        #[arg(long)]
        role: Option<String>,
        /// Show NIK in full instead of masked.
        #[arg(long)]
        reveal_nik: bool,
    },
    /// Import an XLSX or CSV list. Exit 0 when the file was read (row errors are in the
    /// report), 1 when it could not be read.
    Import {
        #[arg(long)]
        event: String,
        file: PathBuf,
        /// Preview only: report what would happen, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the rejected rows, with a reason column, to this XLSX file.
        #[arg(long)]
        rejects: Option<PathBuf>,
    },
    /// Export the participants to FILE.xlsx or FILE.csv (NIK masked unless --reveal-nik).
    Export {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        reveal_nik: bool,
    },
}

#[derive(Args)]
struct ParticipantFields {
    #[arg(long)]
    event: String,
    #[arg(long)]
    name: String,
    #[arg(long)]
    nip: Option<String>,
    #[arg(long)]
    nik: Option<String>,
    /// L or P.
    #[arg(long)]
    gender: Option<String>,
    /// Pangkat/golongan.
    #[arg(long)]
    rank: Option<String>,
    /// Jabatan.
    #[arg(long)]
    position: Option<String>,
    /// The OPD by name, short name, alias or a well-known abbreviation (Diskominfo, Dinkes).
    #[arg(long)]
    opd: Option<String>,
    /// Add the OPD as a new one when it matches none (otherwise refused).
    #[arg(long = "opd-baru")]
    create_opd: bool,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// participant (default), speaker, moderator or committee.
    #[arg(long)]
    role: Option<String>,
}

#[derive(Subcommand)]
enum OpdCmd {
    /// List the OPDs with their short names and aliases.
    List,
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
        Command::Participant(ParticipantCmd::Import {
            event,
            file,
            dry_run,
            rejects,
        }) => {
            let api = open(cli.db)?;
            let bytes = std::fs::read(&file).map_err(|e| {
                ApiError::field(
                    "file",
                    format!("Berkas {} tidak dapat dibaca: {e}", file.display()),
                )
            })?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let args = json!({
                "event_id": event, "file_name": name, "dry_run": dry_run,
                "data": bintek_core::files::FilePayload::new(&name, &bytes).data,
            });
            let report = call(&api, "participant_import", args.clone())?;
            if let Some(path) = rejects {
                let file = call(&api, "participant_import_rejects", args)?;
                write_payload(&file, &path)?;
            }
            output(json_mode, &report, import_text)
        }
        Command::Participant(ParticipantCmd::Export {
            event,
            out,
            reveal_nik,
        }) => {
            let api = open(cli.db)?;
            let ext = out
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let format = match ext.as_str() {
                "csv" => "csv",
                "xlsx" => "xlsx",
                _ => {
                    return Err(ApiError::field(
                        "out",
                        "Nama berkas harus berakhiran .xlsx atau .csv.",
                    )
                    .into())
                }
            };
            let file = call(
                &api,
                "participant_export",
                json!({"event_id": event, "format": format, "reveal_nik": reveal_nik}),
            )?;
            save_file(json_mode, &file, &out)
        }
        Command::Participant(cmd) => {
            let api = open(cli.db)?;
            match cmd {
                ParticipantCmd::Add(f) => {
                    let v = call(
                        &api,
                        "participant_add",
                        json!({
                            "event_id": f.event, "name": f.name, "nip": f.nip, "nik": f.nik,
                            "gender": f.gender, "rank": f.rank, "position": f.position,
                            "opd": f.opd, "phone": f.phone, "email": f.email, "role": f.role,
                            "create_opd": f.create_opd,
                        }),
                    )?;
                    let out = v["participant"].clone();
                    for w in v["warnings"].as_array().into_iter().flatten() {
                        eprintln!(
                            "Perhatian: {}",
                            terminal_text(w["message"].as_str().unwrap_or_default())
                        );
                    }
                    output(json_mode, &out, |p| {
                        format!("Terdaftar.\n{}", participant_line(p))
                    })
                }
                ParticipantCmd::List {
                    event,
                    q,
                    role,
                    reveal_nik,
                } => {
                    let v = call(
                        &api,
                        "participant_list",
                        json!({"event_id": event, "q": q, "role": role, "reveal_nik": reveal_nik}),
                    )?;
                    output(json_mode, &v, |v| {
                        let rows = v.as_array().cloned().unwrap_or_default();
                        let mut lines: Vec<String> = rows.iter().map(participant_line).collect();
                        lines.push(format!("{} orang", rows.len()));
                        lines.join("\n")
                    })
                }
                ParticipantCmd::Import { .. } | ParticipantCmd::Export { .. } => {
                    unreachable!("handled above")
                }
            }
        }
        Command::Session(cmd) => {
            let api = open(cli.db)?;
            match cmd {
                SessionCmd::Add {
                    event,
                    title,
                    date,
                    start,
                    end,
                    room,
                    jp,
                    kind,
                    no_attendance,
                } => {
                    let mut args = json!({
                        "event_id": event, "title": title, "date": date, "start_time": start,
                        "end_time": end, "room": room, "jp": jp, "kind": kind,
                    });
                    if no_attendance {
                        args["takes_attendance"] = json!(false);
                    }
                    let v = call(&api, "session_add", args)?;
                    output(json_mode, &v, |v| {
                        format!("Sesi ditambahkan.\n{}", session_line(v))
                    })
                }
                SessionCmd::List { event } => {
                    let v = call(&api, "session_list", json!({ "event_id": event }))?;
                    output(json_mode, &v, |v| {
                        let rows = v.as_array().cloned().unwrap_or_default();
                        let mut lines: Vec<String> = rows.iter().map(session_line).collect();
                        lines.push(format!("{} sesi", rows.len()));
                        lines.join("\n")
                    })
                }
            }
        }
        Command::Speaker(cmd) => {
            let api = open(cli.db)?;
            match cmd {
                SpeakerCmd::Add {
                    event,
                    name,
                    position,
                    institution,
                    nip,
                    session,
                    as_role,
                } => {
                    let v = call(
                        &api,
                        "speaker_add",
                        json!({
                            "event_id": event, "name": name, "position": position,
                            "institution": institution, "nip": nip, "session_id": session,
                            "as": as_role,
                        }),
                    )?;
                    output(json_mode, &v, |v| {
                        format!("Terdaftar.\n{}", participant_line(v))
                    })
                }
                SpeakerCmd::List { event } => {
                    let v = call(&api, "speaker_list", json!({ "event_id": event }))?;
                    output(json_mode, &v, |v| {
                        let rows = v.as_array().cloned().unwrap_or_default();
                        let mut lines = Vec::new();
                        for r in &rows {
                            lines.push(participant_line(r));
                            for s in r["sessions"].as_array().into_iter().flatten() {
                                lines.push(format!(
                                    "    {} {}–{} {}",
                                    s["date"].as_str().unwrap_or_default(),
                                    s["start_time"].as_str().unwrap_or_default(),
                                    s["end_time"].as_str().unwrap_or_default(),
                                    s["title"].as_str().unwrap_or_default()
                                ));
                            }
                        }
                        lines.push(format!("{} orang", rows.len()));
                        lines.join("\n")
                    })
                }
            }
        }
        Command::Checkin {
            event,
            session,
            desk,
            code_or_nip,
        } => {
            let api = open(cli.db)?;
            let v = call(
                &api,
                "checkin",
                json!({"event_id": event, "session_id": session, "desk": desk, "code": code_or_nip}),
            )?;
            output(json_mode, &v, |v| {
                v["message"].as_str().unwrap_or_default().to_string()
            })
        }
        Command::Attendance(AttendanceCmd::List { event, session }) => {
            let api = open(cli.db)?;
            let v = call(
                &api,
                "attendance_list",
                json!({"event_id": event, "session_id": session}),
            )?;
            output(json_mode, &v, |v| {
                let rows = v.as_array().cloned().unwrap_or_default();
                let mut lines: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        format!(
                            "{}  {:<40} {:<30} {} {}",
                            r["code"].as_str().unwrap_or_default(),
                            r["name"].as_str().unwrap_or_default(),
                            r["opd"].as_str().unwrap_or("-"),
                            r["at"].as_str().unwrap_or_default(),
                            r["desk"].as_str().unwrap_or_default()
                        )
                    })
                    .collect();
                lines.push(format!("{} kehadiran", rows.len()));
                lines.join("\n")
            })
        }
        Command::Badges {
            event,
            out,
            layout,
            role,
        } => {
            let layout = match layout.trim().to_lowercase().as_str() {
                "eight" | "8" | "eight_per_page" => "eight_per_page",
                "one" | "1" | "one_per_page" => "one_per_page",
                _ => {
                    return Err(ApiError::field(
                        "layout",
                        "Tata letak tidak dikenal: pilih \"eight\" (8 per halaman) atau \"one\" (1 per halaman).",
                    )
                    .into())
                }
            };
            let api = open(cli.db)?;
            let file = call(
                &api,
                "badges_pdf",
                json!({"event_id": event, "layout": layout, "role": role}),
            )?;
            save_file(json_mode, &file, &out)
        }
        Command::Attendance(AttendanceCmd::Sheet {
            event,
            session,
            out,
            filled,
            sort,
            blank,
        }) => {
            let api = open(cli.db)?;
            let file = call(
                &api,
                "attendance_sheet_pdf",
                json!({"event_id": event, "session_id": session, "filled": filled,
                       "sort": sort, "blank_rows": blank}),
            )?;
            save_file(json_mode, &file, &out)
        }
        Command::Attendance(AttendanceCmd::Recap { event, out }) => {
            let ext = out
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_lowercase)
                .unwrap_or_default();
            if ext != "pdf" && ext != "xlsx" {
                return Err(ApiError::field(
                    "out",
                    "Nama berkas rekap harus berakhiran .pdf atau .xlsx.",
                )
                .into());
            }
            let api = open(cli.db)?;
            let file = call(
                &api,
                "attendance_recap",
                json!({"event_id": event, "format": ext}),
            )?;
            save_file(json_mode, &file, &out)
        }
        Command::Agenda(AgendaCmd::Pdf { event, out }) => {
            let api = open(cli.db)?;
            let file = call(&api, "agenda_pdf", json!({ "event_id": event }))?;
            save_file(json_mode, &file, &out)
        }
        Command::Opd(OpdCmd::List) => {
            let api = open(cli.db)?;
            let v = call(&api, "opd_list", json!({}))?;
            output(json_mode, &v, |v| {
                let rows = v.as_array().cloned().unwrap_or_default();
                let mut lines: Vec<String> = rows
                    .iter()
                    .map(|o| {
                        format!(
                            "{:<12} {} ({} orang)",
                            o["short_name"].as_str().unwrap_or("-"),
                            o["name"].as_str().unwrap_or_default(),
                            o["people"]
                        )
                    })
                    .collect();
                lines.push(format!("{} OPD", rows.len()));
                lines.join("\n")
            })
        }
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
        Command::Certificate(CertificateCmd::Issue {
            event,
            role,
            out,
            per_person,
        }) => {
            let api = open(cli.db)?;
            let issued = call(
                &api,
                "certificate_issue",
                json!({ "event_id": event, "role": role }),
            )?;
            let print = |per_person: Option<PathBuf>| {
                print_certificates(
                    &api,
                    bintek_core::certificate_print::PrintArgs {
                        event_id: event.clone(),
                        role: Some(role.clone()),
                        per_person: per_person.is_some(),
                        into_folder: per_person,
                        ..Default::default()
                    },
                )
            };
            match print(None)? {
                JobOutput::File(file) => write_out(&out, &file.bytes()?)?,
                JobOutput::Folder(_) => unreachable!("one PDF of all is a file"),
            }
            let files = match &per_person {
                Some(dir) => match print(Some(dir.clone()))? {
                    JobOutput::Folder(f) => f.files,
                    JobOutput::File(_) => unreachable!("a folder was asked for"),
                },
                None => 0,
            };
            let v = json!({
                "issued": issued["issued"],
                "new": issued["new"],
                "reissued": issued["reissued"],
                "ineligible": issued["ineligible"],
                "file": out.display().to_string(),
                "per_person": per_person.as_ref().map(|d| d.display().to_string()),
                "files": files,
            });
            output(json_mode, &v, |v| {
                format!(
                    "{} sertifikat di {} ({} nomor baru, {} perbaikan nama); {} belum memenuhi syarat.{}",
                    v["issued"],
                    v["file"].as_str().unwrap_or_default(),
                    v["new"],
                    v["reissued"],
                    v["ineligible"],
                    v["per_person"]
                        .as_str()
                        .map(|d| format!("\n{} berkas per orang di {d}", v["files"]))
                        .unwrap_or_default()
                )
            })
        }
        Command::Certificate(CertificateCmd::List { event }) => {
            let api = open(cli.db)?;
            let v = call(&api, "certificate_list", json!({ "event_id": event }))?;
            let rows: Vec<Value> = v
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|c| {
                    json!({"number": c["number"], "name": c["name"], "role": c["role"],
                           "code": c["code"], "status": c["status"], "revision": c["revision"]})
                })
                .collect();
            let v = Value::Array(rows);
            output(json_mode, &v, |v| {
                let rows = v.as_array().cloned().unwrap_or_default();
                let mut lines: Vec<String> = rows
                    .iter()
                    .map(|c| {
                        format!(
                            "{:<32} {:<40} {:<12} {} {}{}",
                            c["number"].as_str().unwrap_or_default(),
                            c["name"].as_str().unwrap_or_default(),
                            c["role"].as_str().unwrap_or_default(),
                            c["code"].as_str().unwrap_or_default(),
                            if c["status"] == "revoked" {
                                "DICABUT "
                            } else {
                                ""
                            },
                            c["revision"]
                                .as_i64()
                                .filter(|r| *r > 1)
                                .map(|r| format!("rev. {r}"))
                                .unwrap_or_default()
                        )
                    })
                    .collect();
                lines.push(format!("{} sertifikat", rows.len()));
                lines.join("\n")
            })
        }
        Command::Certificate(CertificateCmd::Verify { text }) => {
            let api = open(cli.db)?;
            let v = call(&api, "certificate_verify", json!({ "text": text }))?;
            output(json_mode, &v, |v| {
                v["message"].as_str().unwrap_or_default().to_string()
            })?;
            if v["status"] == "valid" {
                Ok(())
            } else {
                Err(Reported.into())
            }
        }
        Command::Certificate(CertificateCmd::Replace { number }) => {
            let api = open(cli.db)?;
            let v = call(&api, "certificate_replace", json!({ "number": number }))?;
            output(json_mode, &v, |v| {
                format!(
                    "Sertifikat baru {} atas nama {} menggantikan {} (dicabut).",
                    v["number"].as_str().unwrap_or_default(),
                    v["name"].as_str().unwrap_or_default(),
                    v["replaces"].as_str().unwrap_or_default()
                )
            })
        }
        Command::Certificate(CertificateCmd::Revoke { number, reason }) => {
            let api = open(cli.db)?;
            let v = call(
                &api,
                "certificate_revoke",
                json!({ "number": number, "reason": reason }),
            )?;
            output(json_mode, &v, |v| {
                format!(
                    "Sertifikat {} atas nama {} dicabut: {}",
                    v["number"].as_str().unwrap_or_default(),
                    v["name"].as_str().unwrap_or_default(),
                    v["revoke_reason"].as_str().unwrap_or_default()
                )
            })
        }
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

/// Prints certificates through the command table (`certificate_print_start`, then the
/// job's progress and result) and waits for the job, as the window does.
fn print_certificates(
    api: &Api,
    args: bintek_core::certificate_print::PrintArgs,
) -> anyhow::Result<JobOutput> {
    use bintek_core::certificate_print::JobArgs;
    use bintek_core::commands::{CertificateJob, CertificateJobResult, CertificatePrintStart};
    let cli = Caller::admin("cli");
    let mut job = bintek_core::run::<CertificatePrintStart>(api, &cli, args)?;
    while job.state == "running" {
        std::thread::sleep(std::time::Duration::from_millis(20));
        job = bintek_core::run::<CertificateJob>(api, &cli, JobArgs { job_id: job.job_id })?;
    }
    let job_id = job.job_id;
    Ok(bintek_core::run::<CertificateJobResult>(
        api,
        &cli,
        JobArgs { job_id },
    )?)
}

/// Writes an Api file to `out` and reports it: `{"file": …}` or "Disimpan: …".
fn save_file(json_mode: bool, file: &Value, out: &std::path::Path) -> anyhow::Result<()> {
    write_payload(file, out)?;
    let v = json!({"file": out.display().to_string()});
    output(json_mode, &v, |_| format!("Disimpan: {}", out.display()))
}

/// Writes a `{file_name, data}` payload from the Api to `path`.
fn write_payload(file: &Value, path: &std::path::Path) -> anyhow::Result<()> {
    let data = file["data"].as_str().unwrap_or_default();
    let bytes = bintek_core::files::decode_base64("data", data)?;
    write_out(path, &bytes)
}

fn import_text(r: &Value) -> String {
    let n = |k: &str| r[k].as_u64().unwrap_or(0);
    let mut lines = vec![format!(
        "{}{}: lembar \"{}\", judul kolom di baris {}",
        if r["dry_run"] == true {
            "Pratinjau "
        } else {
            ""
        },
        r["file_name"].as_str().unwrap_or_default(),
        r["sheet"].as_str().unwrap_or_default(),
        r["header_row"]
    )];
    lines.push(format!(
        "{} baris dibaca: {} baru, {} diperbarui, {} tidak berubah, {} duplikat, {} ditolak",
        n("rows_read"),
        n("imported"),
        n("updated"),
        n("unchanged"),
        n("duplicates"),
        r["errors"].as_array().map_or(0, Vec::len)
    ));
    for e in r["errors"].as_array().into_iter().flatten() {
        lines.push(format!(
            "  Baris {}, kolom {} (\"{}\"): {}",
            e["row"],
            e["column"].as_str().unwrap_or_default(),
            e["value"].as_str().unwrap_or_default(),
            e["message"].as_str().unwrap_or_default()
        ));
    }
    for w in r["warnings"].as_array().into_iter().flatten() {
        lines.push(format!(
            "  Perhatian baris {}: {}",
            w["row"],
            w["message"].as_str().unwrap_or_default()
        ));
    }
    for q in r["quota_warnings"].as_array().into_iter().flatten() {
        lines.push(format!("  Kuota: {}", q.as_str().unwrap_or_default()));
    }
    lines.join("\n")
}

fn session_line(s: &Value) -> String {
    let t = |k: &str| s[k].as_str().unwrap_or_default().to_string();
    let names = |k: &str| {
        s[k].as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x["name"].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut line = format!(
        "{}  {} {}–{}  {}  [{}]",
        t("id"),
        t("date"),
        t("start_time"),
        t("end_time"),
        t("title"),
        t("kind")
    );
    if let Some(room) = s["room"].as_str() {
        line.push_str(&format!("  @ {room}"));
    }
    let speakers = names("speakers");
    if !speakers.is_empty() {
        line.push_str(&format!("  — {speakers}"));
    }
    line
}

fn participant_line(p: &Value) -> String {
    let s = |k: &str| p[k].as_str().unwrap_or("-").to_string();
    let nip = p["nip"]
        .as_str()
        .map(bintek_core::ids::format_nip)
        .unwrap_or_else(|| "-".to_string());
    format!(
        "{}  {:<40} {:<22} {:<30} {}{}",
        s("code"),
        s("name"),
        nip,
        s("opd"),
        s("role"),
        if p["status"] == "registered" {
            String::new()
        } else {
            format!(" [{}]", s("status"))
        }
    )
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

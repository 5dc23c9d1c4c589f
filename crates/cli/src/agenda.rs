//! `bintek session …`, `bintek speaker …` and `bintek agenda pdf`.

use std::path::PathBuf;

use bintek_core::agenda::{AgendaPdfArgs, EventArgs, SessionAddArgs, SessionInput, SpeakerAddArgs};
use bintek_core::commands::{AgendaPdf, SessionAdd, SessionList, SpeakerAdd, SpeakerList};
use bintek_core::model::{Session, SpeakerInfo};
use bintek_core::Api;
use clap::Subcommand;

use crate::door::run;
use crate::output::{output, save_file};
use crate::participants::participant_line;

#[derive(Subcommand)]
pub enum SessionCmd {
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
pub enum SpeakerCmd {
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
pub enum AgendaCmd {
    /// Print the agenda (jadwal acara) to a PDF file.
    Pdf {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
        /// The participants' page address (`bintek serve --lan` prints it), printed
        /// under the agenda as a QR code.
        #[arg(long = "halaman-peserta", value_name = "URL")]
        participant_url: Option<String>,
    },
}

pub fn session(api: &Api, json_mode: bool, cmd: SessionCmd) -> anyhow::Result<()> {
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
            let args = SessionAddArgs {
                event_id: event,
                session: SessionInput {
                    title,
                    date,
                    start_time: start,
                    end_time: end,
                    room,
                    jp,
                    kind,
                    // Unset means the kind's default (a break takes none).
                    takes_attendance: no_attendance.then_some(false),
                    notes: None,
                },
            };
            let s = run::<SessionAdd>(api, args)?;
            output(json_mode, &s, |s| {
                format!("Sesi ditambahkan.\n{}", session_line(s))
            })
        }
        SessionCmd::List { event } => {
            let rows = run::<SessionList>(api, EventArgs { event_id: event })?;
            output(json_mode, &rows, |rows| {
                let mut lines: Vec<String> = rows.iter().map(session_line).collect();
                lines.push(format!("{} sesi", rows.len()));
                lines.join("\n")
            })
        }
    }
}

pub fn speaker(api: &Api, json_mode: bool, cmd: SpeakerCmd) -> anyhow::Result<()> {
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
            let args = SpeakerAddArgs {
                event_id: event,
                name,
                position,
                institution,
                nip,
                session_id: session,
                as_role,
                ..Default::default()
            };
            let s = run::<SpeakerAdd>(api, args)?;
            output(json_mode, &s, |s| {
                format!("Terdaftar.\n{}", participant_line(&s.participant))
            })
        }
        SpeakerCmd::List { event } => {
            let rows = run::<SpeakerList>(api, EventArgs { event_id: event })?;
            output(json_mode, &rows, |rows| speaker_table(rows))
        }
    }
}

pub fn agenda(api: &Api, json_mode: bool, cmd: AgendaCmd) -> anyhow::Result<()> {
    match cmd {
        AgendaCmd::Pdf {
            event,
            out,
            participant_url,
        } => {
            let file = run::<AgendaPdf>(
                api,
                AgendaPdfArgs {
                    event_id: event,
                    participant_url,
                },
            )?;
            save_file(json_mode, &file, &out)
        }
    }
}

fn speaker_table(rows: &[SpeakerInfo]) -> String {
    let mut lines = Vec::new();
    for r in rows {
        lines.push(participant_line(&r.participant));
        for s in &r.sessions {
            lines.push(format!(
                "    {} {}–{} {}",
                s.date, s.start_time, s.end_time, s.title
            ));
        }
    }
    lines.push(format!("{} orang", rows.len()));
    lines.join("\n")
}

fn session_line(s: &Session) -> String {
    let mut line = format!(
        "{}  {} {}–{}  {}  [{}]",
        s.id,
        s.date,
        s.start_time,
        s.end_time,
        s.title,
        s.kind.as_str()
    );
    if let Some(room) = &s.room {
        line.push_str(&format!("  @ {room}"));
    }
    let speakers = s
        .speakers
        .iter()
        .map(|x| x.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if !speakers.is_empty() {
        line.push_str(&format!("  — {speakers}"));
    }
    line
}

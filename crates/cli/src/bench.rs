//! `bintek bench`: figures for the performance targets, on a fresh temporary database.
//! Later capabilities add their own measurements here.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bintek_core::{dispatch, Api, ApiError, Caller};
use serde_json::json;

struct Figures {
    name: &'static str,
    count: usize,
    total: Duration,
    samples: Vec<Duration>,
}

impl Figures {
    fn percentile(&self, p: f64) -> Duration {
        let mut s = self.samples.clone();
        s.sort();
        let idx = ((s.len() as f64 - 1.0) * p).round() as usize;
        s.get(idx).copied().unwrap_or_default()
    }

    fn to_json(&self) -> serde_json::Value {
        let ms = |d: Duration| (d.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0;
        json!({
            "name": self.name,
            "count": self.count,
            "total_ms": ms(self.total),
            "per_op_ms": ms(self.total / self.count.max(1) as u32),
            "p50_ms": ms(self.percentile(0.50)),
            "p99_ms": ms(self.percentile(0.99)),
            "ops_per_s": (self.count as f64 / self.total.as_secs_f64()).round(),
        })
    }
}

/// Times `event_create` through the command table (JSON in and out, validation, one
/// committed IMMEDIATE transaction with `synchronous=FULL` per call).
fn event_create(api: &Api, count: usize) -> anyhow::Result<Figures> {
    let caller = Caller::admin("bench");
    let mut samples = Vec::with_capacity(count);
    let start = Instant::now();
    for i in 0..count {
        let t = Instant::now();
        dispatch(
            api,
            &caller,
            "event_create",
            json!({
                "title": format!("Bimbingan Teknis Uji Kinerja {i}"),
                "start_date": "2019-09-17",
                "end_date": "2019-09-18",
                "venue": "Gedung Riptaloka",
                "organizer": "Dinas Komunikasi dan Informatika Kabupaten Grobogan",
                "total_jp": 12,
            }),
        )?;
        samples.push(t.elapsed());
    }
    Ok(Figures {
        name: "event_create",
        count,
        total: start.elapsed(),
        samples,
    })
}

fn event_list(api: &Api, rounds: usize) -> anyhow::Result<Figures> {
    let caller = Caller::admin("bench");
    let mut samples = Vec::with_capacity(rounds);
    let start = Instant::now();
    for _ in 0..rounds {
        let t = Instant::now();
        dispatch(api, &caller, "event_list", json!({}))?;
        samples.push(t.elapsed());
    }
    Ok(Figures {
        name: "event_list",
        count: rounds,
        total: start.elapsed(),
        samples,
    })
}

/// A clean participant list of `n` rows over 20 OPDs, as an XLSX file.
fn list_xlsx(n: usize) -> anyhow::Result<Vec<u8>> {
    list_xlsx_from(0, n)
}

/// Rows `start..start + n` of the bench's list (distinct NIPs for every row number).
fn list_xlsx_from(start: usize, n: usize) -> anyhow::Result<Vec<u8>> {
    use bintek_docs::sheet::{write_xlsx, OutCell, OutSheet};
    let header = [
        "No",
        "Nama",
        "NIP",
        "Jabatan",
        "Unit Kerja",
        "No HP",
        "Email",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let first = [
        "Agus", "Sri", "Budi", "Dewi", "Slamet", "Rina", "Eko", "Wulan", "Joko", "Ayu",
    ];
    let last = [
        "Santoso", "Wibowo", "Lestari", "Hidayat", "Rahayu", "Nugroho", "Utomo",
    ];
    let rows = (start..start + n)
        .map(|i| {
            // Birth 1950–1979 and appointment 2000–2024 keep NIPs valid and unique.
            let nip = format!(
                "{}{:02}{:02}{}{:02}{}{:03}",
                1950 + (i / 25_000) % 30,
                1 + i % 12,
                1 + i % 28,
                2000 + (i / 1000) % 25,
                1 + (i / 12) % 12,
                1 + i % 2,
                i % 1000
            );
            vec![
                OutCell::Number((i + 1) as f64),
                OutCell::Text(format!("{} {} {i}", first[i % 10], last[(i / 10) % 7])),
                OutCell::Text(nip),
                OutCell::Text("Pranata Komputer Ahli Pertama".to_string()),
                OutCell::Text(format!("Dinas Uji Kinerja {}", i % 20)),
                OutCell::Text(format!("0812{:08}", i)),
                OutCell::Text(format!("peserta{i}@grobogan.go.id")),
            ]
        })
        .collect();
    Ok(write_xlsx(&[OutSheet {
        name: "Peserta".to_string(),
        header,
        rows,
        widths: Vec::new(),
    }])?)
}

fn new_event(api: &Api, caller: &Caller) -> anyhow::Result<String> {
    let e = dispatch(
        api,
        caller,
        "event_create",
        json!({"title": "Bintek Uji Kinerja", "start_date": "2019-09-17"}),
    )?;
    Ok(e["id"].as_str().unwrap_or_default().to_string())
}

/// Preview and commit of an `n`-row XLSX import (the whole path: base64, XLSX parsing,
/// validation, matching, one transaction).
fn import(api: &Api, n: usize) -> anyhow::Result<Vec<Figures>> {
    let caller = Caller::admin("bench");
    let event = new_event(api, &caller)?;
    let bytes = list_xlsx(n)?;
    let data = bintek_core::files::FilePayload::new("peserta.xlsx", &bytes).data;
    let mut out = Vec::new();
    // Reading the XLSX alone, for scale.
    let t = Instant::now();
    bintek_docs::sheet::read_workbook(&bytes, Some("peserta.xlsx"))?;
    let took = t.elapsed();
    out.push(Figures {
        name: "  read_xlsx",
        count: n,
        total: took,
        samples: vec![took],
    });
    for (name, dry_run) in [("import_preview", true), ("import_commit", false)] {
        let t = Instant::now();
        let report = dispatch(
            api,
            &caller,
            "participant_import",
            json!({"event_id": event, "file_name": "peserta.xlsx", "data": data, "dry_run": dry_run}),
        )?;
        let took = t.elapsed();
        if report["imported"].as_u64() != Some(n as u64) {
            anyhow::bail!("import of {n} rows reported {}", report["imported"]);
        }
        out.push(Figures {
            name,
            count: n,
            total: took,
            samples: vec![took],
        });
    }
    Ok(out)
}

/// Instant search over `people` registered people: part of a name, NIP digits, a code.
fn search(api: &Api, people: usize, queries: usize) -> anyhow::Result<Vec<Figures>> {
    let caller = Caller::admin("bench");
    let event = new_event(api, &caller)?;
    let data = bintek_core::files::FilePayload::new("peserta.xlsx", &list_xlsx(people)?).data;
    dispatch(
        api,
        &caller,
        "participant_import",
        json!({"event_id": event, "file_name": "peserta.xlsx", "data": data}),
    )?;
    let sample = dispatch(
        api,
        &caller,
        "participant_list",
        json!({"event_id": event, "limit": 200}),
    )?;
    let codes: Vec<String> = sample
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["code"].as_str().map(str::to_string))
        .collect();
    // Four kinds of query a desk types: part of a rare name, NIP digits, a check-in code,
    // and a common first name that matches a tenth of everyone.
    const KINDS: [&str; 4] = ["name", "nip", "code", "common"];
    let query = |kind: usize, i: usize| -> String {
        match kind {
            0 => format!("santoso {}", (i * 7919) % people),
            1 => format!("{:03}", (i * 37) % 1000),
            2 => codes
                .get(i % codes.len().max(1))
                .cloned()
                .unwrap_or_default(),
            _ => ["dewi", "agus", "wulan", "rina"][(i / 4) % 4].to_string(),
        }
    };
    const NAMES: [[&str; 5]; 2] = [
        [
            "search_event",
            "  event:name",
            "  event:nip",
            "  event:code",
            "  event:common",
        ],
        [
            "search_people",
            "  people:name",
            "  people:nip",
            "  people:code",
            "  people:common",
        ],
    ];
    let mut out = Vec::new();
    for (c, command) in ["participant_list", "person_search"]
        .into_iter()
        .enumerate()
    {
        let mut by_kind: Vec<Vec<Duration>> = vec![Vec::new(); KINDS.len()];
        let start = Instant::now();
        for i in 0..queries {
            let kind = i % KINDS.len();
            let q = query(kind, i);
            let args = if command == "participant_list" {
                json!({"event_id": event, "q": q, "limit": 50})
            } else {
                json!({"q": q, "limit": 50})
            };
            let t = Instant::now();
            dispatch(api, &caller, command, args)?;
            by_kind[kind].push(t.elapsed());
        }
        let total = start.elapsed();
        out.push(Figures {
            name: NAMES[c][0],
            count: queries,
            total,
            samples: by_kind.concat(),
        });
        for (k, samples) in by_kind.into_iter().enumerate() {
            out.push(Figures {
                name: NAMES[c][k + 1],
                count: samples.len(),
                total: samples.iter().sum(),
                samples,
            });
        }
    }
    Ok(out)
}

/// Check-ins at a desk: `people` people in the database, `registered` of them registered in
/// the event; `n` check-ins by code (each one durable: IMMEDIATE transaction, FULL sync)
/// and 400 desk searches.
fn desk(api: &Api, people: usize, registered: usize, n: usize) -> anyhow::Result<Vec<Figures>> {
    let caller = Caller::admin("bench");
    let old = new_event(api, &caller)?;
    let all = bintek_core::files::FilePayload::new("semua.xlsx", &list_xlsx(people)?).data;
    dispatch(
        api,
        &caller,
        "participant_import",
        json!({"event_id": old, "file_name": "semua.xlsx", "data": all}),
    )?;
    let event = new_event(api, &caller)?;
    let some = bintek_core::files::FilePayload::new("peserta.xlsx", &list_xlsx(registered)?).data;
    dispatch(
        api,
        &caller,
        "participant_import",
        json!({"event_id": event, "file_name": "peserta.xlsx", "data": some}),
    )?;
    let session = dispatch(
        api,
        &caller,
        "session_add",
        json!({"event_id": event, "title": "Materi", "date": "2019-09-17", "start_time": "08:00", "end_time": "10:00"}),
    )?;
    let session = session["id"].as_str().unwrap_or_default().to_string();
    let list = dispatch(api, &caller, "participant_list", json!({"event_id": event}))?;
    let codes: Vec<String> = list
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["code"].as_str().map(str::to_string))
        .collect();
    if codes.len() != registered {
        anyhow::bail!("expected {registered} registrations, found {}", codes.len());
    }
    let mut samples = Vec::with_capacity(n);
    let start = Instant::now();
    for i in 0..n {
        let code = &codes[(i * 7919) % codes.len()];
        let t = Instant::now();
        dispatch(
            api,
            &caller,
            "checkin",
            json!({"event_id": event, "session_id": session, "code": code, "desk": "Meja 1", "nonce": format!("bench-{i}")}),
        )?;
        samples.push(t.elapsed());
    }
    let checkins = Figures {
        name: "checkin",
        count: n,
        total: start.elapsed(),
        samples,
    };
    let mut samples = Vec::with_capacity(400);
    let start = Instant::now();
    for i in 0..400 {
        let q = match i % 4 {
            0 => format!("santoso {}", (i * 7919) % registered),
            1 => format!("{:03}", (i * 37) % 1000),
            2 => codes[(i * 31) % codes.len()].clone(),
            _ => ["dewi", "agus", "wulan", "rina"][(i / 4) % 4].to_string(),
        };
        let t = Instant::now();
        dispatch(
            api,
            &caller,
            "desk_search",
            json!({"event_id": event, "session_id": session, "q": q, "limit": 8}),
        )?;
        samples.push(t.elapsed());
    }
    let search = Figures {
        name: "desk_search",
        count: 400,
        total: start.elapsed(),
        samples,
    };
    // The desk's "belum hadir" list of the session: all of it, and searched.
    let mut samples = Vec::with_capacity(200);
    let start = Instant::now();
    for i in 0..200 {
        let q = match i % 4 {
            0 => String::new(),
            1 => ["dewi", "agus", "wulan", "rina"][(i / 4) % 4].to_string(),
            2 => format!("{:03}", (i * 37) % 1000),
            _ => "dinas".to_string(),
        };
        let t = Instant::now();
        dispatch(
            api,
            &caller,
            "attendance_absent",
            json!({"event_id": event, "session_id": session, "q": q, "limit": 100}),
        )?;
        samples.push(t.elapsed());
    }
    let absent = Figures {
        name: "desk_absent",
        count: 200,
        total: start.elapsed(),
        samples,
    };
    // The Beranda's numbers of this event (all its registrations, its check-ins, the
    // eligibility of everyone), as the screen asks them every few seconds.
    let mut samples = Vec::with_capacity(100);
    let start = Instant::now();
    for _ in 0..100 {
        let t = Instant::now();
        dispatch(api, &caller, "event_overview", json!({"event_id": event}))?;
        samples.push(t.elapsed());
    }
    let overview = Figures {
        name: "event_overview",
        count: 100,
        total: start.elapsed(),
        samples,
    };
    Ok(vec![checkins, search, absent, overview])
}

/// The floor under a check-in: bare durable commits of one small row on a fresh WAL
/// database beside the bench's (`store::commit_probe`).
fn floor(dir: &std::path::Path, n: usize) -> anyhow::Result<Figures> {
    let start = Instant::now();
    let samples =
        bintek_core::store::commit_probe(&dir.join("floor.db"), n).map_err(ApiError::from)?;
    Ok(Figures {
        name: "floor_commit",
        count: n,
        total: start.elapsed(),
        samples,
    })
}

/// `bintek bench --sync-probe N`: a desk event of 200 people and `n` check-ins, nothing
/// printed. Run under `strace -c` by [`syncs_per_checkin`].
pub fn sync_probe(n: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let caller = Caller::admin("bench");
    let api = Api::open(&dir.path().join("syncs.db")).map_err(ApiError::from)?;
    let at = desk_event(&api, &caller, 200)?;
    for i in 0..n {
        dispatch(
            &api,
            &caller,
            "checkin",
            json!({"event_id": at.event, "session_id": at.session, "code": at.codes[i % at.codes.len()], "nonce": format!("probe-{i}")}),
        )?;
    }
    Ok(())
}

/// The `fsync` and `fdatasync` calls of one check-in, counted by `strace` over the same
/// set-up with and without `n` check-ins; `None` without strace.
fn syncs_per_checkin(n: usize) -> Option<(f64, f64)> {
    let exe = std::env::current_exe().ok()?;
    let count = |checkins: usize| -> Option<(u64, u64)> {
        let dir = tempfile::tempdir().ok()?;
        let out = dir.path().join("strace.txt");
        let status = std::process::Command::new("strace")
            .args(["-f", "-qq", "-c", "-e", "trace=fsync,fdatasync", "-o"])
            .arg(&out)
            .arg(&exe)
            .args(["bench", "--sync-probe", &checkins.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
        let text = std::fs::read_to_string(out).ok()?;
        let calls = |name: &str| -> u64 {
            text.lines()
                .filter(|l| l.split_whitespace().last() == Some(name))
                .filter_map(|l| l.split_whitespace().nth(3)?.parse::<u64>().ok())
                .sum()
        };
        Some((calls("fsync"), calls("fdatasync")))
    };
    let (base_fsync, base_fdatasync) = count(0)?;
    let (fsync, fdatasync) = count(n)?;
    let per = |a: u64, b: u64| a.saturating_sub(b) as f64 / n as f64;
    Some((per(fsync, base_fsync), per(fdatasync, base_fdatasync)))
}

/// Six desks checking in `per_desk` people each, back to back, into one event: the
/// latency of every check-in (group commit lets them share a commit).
fn six_desks(path: &std::path::Path, per_desk: usize) -> anyhow::Result<Figures> {
    let caller = Caller::admin("bench");
    let api = Arc::new(Api::open(path).map_err(ApiError::from)?);
    let at = Arc::new(desk_event(&api, &caller, per_desk * 6)?);
    let start = Instant::now();
    let desks = scanning_desks(&api, &at, &Arc::new(AtomicBool::new(false)), None);
    let samples = join_desks(desks)?;
    Ok(Figures {
        name: "desks_6x",
        count: samples.len(),
        total: start.elapsed(),
        samples,
    })
}

/// An event with `registered` people and one session, for desks to scan into.
struct DeskEvent {
    event: String,
    session: String,
    codes: Vec<String>,
}

fn desk_event(api: &Api, caller: &Caller, registered: usize) -> anyhow::Result<DeskEvent> {
    let event = new_event(api, caller)?;
    let some = bintek_core::files::FilePayload::new("terdaftar.xlsx", &list_xlsx(registered)?).data;
    dispatch(
        api,
        caller,
        "participant_import",
        json!({"event_id": event, "file_name": "terdaftar.xlsx", "data": some}),
    )?;
    let session = dispatch(
        api,
        caller,
        "session_add",
        json!({"event_id": event, "title": "Materi", "date": "2019-09-17", "start_time": "08:00", "end_time": "10:00"}),
    )?["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let codes = dispatch(api, caller, "participant_list", json!({"event_id": event}))?
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["code"].as_str().map(str::to_string))
        .collect();
    Ok(DeskEvent {
        event,
        session,
        codes,
    })
}

/// Six desks checking people in (one every `pace` each, or back to back) until `done` or
/// everyone is in; each thread returns the latency of every check-in it made.
/// The check-in latencies of every desk thread of [`scanning_desks`], once they end.
fn join_desks(
    desks: Vec<std::thread::JoinHandle<anyhow::Result<Vec<Duration>>>>,
) -> anyhow::Result<Vec<Duration>> {
    let mut samples = Vec::new();
    for d in desks {
        samples.extend(
            d.join()
                .map_err(|_| anyhow::anyhow!("a desk thread panicked"))??,
        );
    }
    Ok(samples)
}

fn scanning_desks(
    api: &Arc<Api>,
    at: &Arc<DeskEvent>,
    done: &Arc<AtomicBool>,
    pace: Option<Duration>,
) -> Vec<std::thread::JoinHandle<anyhow::Result<Vec<Duration>>>> {
    (0..6)
        .map(|d| {
            let (api, at, done) = (api.clone(), at.clone(), done.clone());
            std::thread::spawn(move || -> anyhow::Result<Vec<Duration>> {
                let desk = Caller::admin(&format!("Meja {}", d + 1));
                let mut samples = Vec::new();
                let mut i = d;
                while !done.load(Ordering::SeqCst) && i < at.codes.len() {
                    let t = Instant::now();
                    dispatch(
                        &api,
                        &desk,
                        "checkin",
                        json!({"event_id": at.event, "session_id": at.session, "code": at.codes[i]}),
                    )?;
                    samples.push(t.elapsed());
                    i += 6;
                    if let Some(pace) = pace {
                        std::thread::sleep(pace);
                    }
                }
                Ok(samples)
            })
        })
        .collect()
}

/// Six desks scanning while a `rows`-row list is imported (preview, then commit) into the
/// same event: the latency of every check-in made while the import runs. `other_process`
/// imports through a second connection to the file, as the `bintek` CLI beside the open
/// app does; otherwise through the desks' own Api, as the window or `bintek serve` does.
fn desks_during_import(
    path: &std::path::Path,
    registered: usize,
    rows: usize,
    other_process: bool,
) -> anyhow::Result<Vec<Figures>> {
    let caller = Caller::admin("bench");
    let api = Arc::new(Api::open(path).map_err(ApiError::from)?);
    let at = Arc::new(desk_event(&api, &caller, registered)?);
    // The late list: other people than those registered.
    let late =
        bintek_core::files::FilePayload::new("susulan.xlsx", &list_xlsx_from(registered, rows)?)
            .data;
    let importer_api = if other_process {
        Arc::new(Api::open(path).map_err(ApiError::from)?)
    } else {
        api.clone()
    };
    let done = Arc::new(AtomicBool::new(false));
    let desks = scanning_desks(&api, &at, &done, Some(Duration::from_millis(10)));
    let start = Instant::now();
    let mut reports = Vec::new();
    for dry_run in [true, false] {
        reports.push(dispatch(
            &importer_api,
            &caller,
            "participant_import",
            json!({"event_id": at.event, "file_name": "susulan.xlsx", "data": late, "dry_run": dry_run}),
        )?);
    }
    let took = start.elapsed();
    done.store(true, Ordering::SeqCst);
    let samples = join_desks(desks)?;
    if reports[1]["imported"].as_u64() != Some(rows as u64) {
        anyhow::bail!("import of {rows} rows reported {}", reports[1]["imported"]);
    }
    let (name, import_name) = if other_process {
        ("desk_cli_imp", "  cli_import")
    } else {
        ("desk_import", "  import_6desk")
    };
    Ok(vec![
        Figures {
            name: import_name,
            count: rows,
            total: took,
            samples: vec![took],
        },
        Figures {
            name,
            count: samples.len(),
            total: took,
            samples,
        },
    ])
}

/// Six desks scanning (one every 10 ms each) while the organizer exports the event's
/// `registered` participants three times (XLSX) and prints its recap: reads that must not
/// hold the desks' connection. The exports' time and the check-ins' latencies.
fn desks_during_exports(path: &std::path::Path, registered: usize) -> anyhow::Result<Vec<Figures>> {
    let caller = Caller::admin("bench");
    let api = Arc::new(Api::open(path).map_err(ApiError::from)?);
    let at = Arc::new(desk_event(&api, &caller, registered)?);
    let done = Arc::new(AtomicBool::new(false));
    let desks = scanning_desks(&api, &at, &done, Some(Duration::from_millis(10)));
    let start = Instant::now();
    for _ in 0..3 {
        dispatch(
            &api,
            &caller,
            "participant_export",
            json!({"event_id": at.event, "format": "xlsx"}),
        )?;
        dispatch(
            &api,
            &caller,
            "attendance_recap",
            json!({"event_id": at.event}),
        )?;
    }
    let took = start.elapsed();
    done.store(true, Ordering::SeqCst);
    let samples = join_desks(desks)?;
    Ok(vec![
        Figures {
            name: "  exports_6desk",
            count: 3,
            total: took,
            samples: vec![took],
        },
        Figures {
            name: "desk_export",
            count: samples.len(),
            total: took,
            samples,
        },
    ])
}

/// Times the printed documents of an event with `n` participants: badges (8 per A4 with
/// QR codes), the daftar hadir of a session, and the recap PDF. Each figure is one whole
/// command through the command table (query, layout, PDF, base64), repeated `rounds` times.
fn prints(api: &Api, n: usize, rounds: usize) -> anyhow::Result<Vec<Figures>> {
    let caller = Caller::admin("bench");
    let event = new_event(api, &caller)?;
    let list = bintek_core::files::FilePayload::new("peserta.xlsx", &list_xlsx(n)?).data;
    dispatch(
        api,
        &caller,
        "participant_import",
        json!({"event_id": event, "file_name": "peserta.xlsx", "data": list}),
    )?;
    let session = dispatch(
        api,
        &caller,
        "session_add",
        json!({"event_id": event, "title": "Materi", "date": "2019-09-17", "start_time": "08:00", "end_time": "10:00"}),
    )?;
    let jobs: [(&'static str, &str, serde_json::Value); 3] = [
        ("badges_pdf", "badges_pdf", json!({"event_id": event})),
        (
            "sheet_pdf",
            "attendance_sheet_pdf",
            json!({"event_id": event, "session_id": session["id"]}),
        ),
        ("recap_pdf", "attendance_recap", json!({"event_id": event})),
    ];
    time_jobs(api, &caller, &jobs, rounds, |_, file| {
        file["data"].as_str().map_or(0, str::len) >= 1000
    })
}

/// Runs each of `jobs` (figure name, command, arguments) `rounds` times and times it;
/// `made` says whether an answer is what the job should make.
fn time_jobs(
    api: &Api,
    caller: &Caller,
    jobs: &[(&'static str, &str, serde_json::Value)],
    rounds: usize,
    made: impl Fn(&str, &serde_json::Value) -> bool,
) -> anyhow::Result<Vec<Figures>> {
    let mut figures = Vec::new();
    for (name, command, args) in jobs {
        let mut samples = Vec::with_capacity(rounds);
        let start = Instant::now();
        for _ in 0..rounds {
            let t = Instant::now();
            let out = dispatch(api, caller, command, args.clone())?;
            samples.push(t.elapsed());
            if !made(command, &out) {
                anyhow::bail!("{name}: {command} did not make what it should");
            }
        }
        figures.push(Figures {
            name,
            count: rounds,
            total: start.elapsed(),
            samples,
        });
    }
    Ok(figures)
}

/// Recipients of the keuangan bench: honoraria and transport money each.
const FINANCE_PEOPLE: usize = 300;

/// Times the keuangan of an event with [`FINANCE_PEOPLE`] narasumber (half PNS by
/// golongan, half non-ASN with an NPWP, over 30 sessions) and as many participants
/// present: the computation with every trace (`finance_get`), and each payment document.
fn finance(api: &Api, rounds: usize) -> anyhow::Result<Vec<Figures>> {
    let caller = Caller::admin("bench");
    let event = new_event(api, &caller)?;
    dispatch(api, &caller, "finance_rates_copy", json!({"year": 2019}))?;
    let sessions: Vec<serde_json::Value> = (0..30)
        .map(|i| {
            let start = 8 + (i % 8);
            dispatch(
                api,
                &caller,
                "session_add",
                json!({"event_id": event, "title": format!("Materi {i}"),
                       "date": "2019-09-17", "room": format!("Ruang {}", i / 8),
                       "start_time": format!("{start:02}:00"),
                       "end_time": format!("{:02}:00", start + 1)}),
            )
        })
        .collect::<Result<_, _>>()?;
    for i in 0..FINANCE_PEOPLE {
        let p = dispatch(
            api,
            &caller,
            "participant_add",
            json!({"event_id": event, "name": format!("Narasumber Uji {i}"), "role": "speaker",
                   "rank": "Penata (III/c)"}),
        )?;
        let id = p["participant"]["id"].clone();
        dispatch(
            api,
            &caller,
            "session_assign",
            json!({"session_id": sessions[i % sessions.len()]["id"], "registration_id": id}),
        )?;
        let details = if i % 2 == 0 {
            json!({"registration_id": id, "status": "pns", "bank": "Bank Jateng",
                   "account_no": format!("{:010}", 1_000_000 + i)})
        } else {
            json!({"registration_id": id, "status": "bukan_asn",
                   "npwp": format!("{:015}", 90_000_000_000_000u64 + i as u64)})
        };
        dispatch(api, &caller, "finance_recipient_set", details)?;
    }
    let list =
        bintek_core::files::FilePayload::new("peserta.xlsx", &list_xlsx(FINANCE_PEOPLE)?).data;
    dispatch(
        api,
        &caller,
        "participant_import",
        json!({"event_id": event, "file_name": "peserta.xlsx", "data": list}),
    )?;
    let people = dispatch(
        api,
        &caller,
        "participant_list",
        json!({"event_id": event, "role": "participant"}),
    )?;
    for p in people.as_array().into_iter().flatten() {
        dispatch(
            api,
            &caller,
            "checkin",
            json!({"event_id": event, "session_id": sessions[0]["id"], "code": p["code"]}),
        )?;
    }
    let jobs: [(&'static str, &str, serde_json::Value); 7] = [
        ("finance_get", "finance_get", json!({"event_id": event})),
        (
            "nominatif_pdf",
            "finance_print",
            json!({"event_id": event, "doc": "nominatif"}),
        ),
        (
            "nominatif_xlsx",
            "finance_print",
            json!({"event_id": event, "doc": "nominatif", "format": "xlsx"}),
        ),
        (
            "kwitansi_pdf",
            "finance_print",
            json!({"event_id": event, "doc": "kwitansi"}),
        ),
        (
            "transport_pdf",
            "finance_print",
            json!({"event_id": event, "doc": "transport"}),
        ),
        (
            "transport_xlsx",
            "finance_print",
            json!({"event_id": event, "doc": "transport", "format": "xlsx"}),
        ),
        (
            "pph_xlsx",
            "finance_print",
            json!({"event_id": event, "doc": "pph"}),
        ),
    ];
    // Every recipient is on the screen; each document is made.
    time_jobs(api, &caller, &jobs, rounds, |command, out| match command {
        "finance_get" => {
            out["honor"].as_array().map_or(0, Vec::len) == FINANCE_PEOPLE
                && out["transport"].as_array().map_or(0, Vec::len) == FINANCE_PEOPLE
        }
        _ => out["data"].as_str().map_or(0, str::len) > 1000,
    })
}

/// Times certificates for `n` participants through the Api: numbering them all
/// (`certificate_issue`, one transaction) and printing them into one PDF with signed QR
/// codes (`certificate_prepare` + render), on the built-in template and again over a
/// ~500 KB JPEG background.
fn certificates(api: &Api, n: usize, rounds: usize) -> anyhow::Result<(Vec<Figures>, CertSizes)> {
    let caller = Caller::admin("bench");
    let event = new_event(api, &caller)?;
    let list = bintek_core::files::FilePayload::new("peserta.xlsx", &list_xlsx(n)?).data;
    dispatch(
        api,
        &caller,
        "participant_import",
        json!({"event_id": event, "file_name": "peserta.xlsx", "data": list}),
    )?;
    dispatch(
        api,
        &caller,
        "session_add",
        json!({"event_id": event, "title": "Materi", "date": "2019-09-17", "start_time": "08:00", "end_time": "10:00"}),
    )?;
    // Everyone qualifies, so that all n are numbered and printed.
    dispatch(
        api,
        &caller,
        "certificate_settings_set",
        json!({"event_id": event, "min_attendance": 0}),
    )?;
    let t = Instant::now();
    let issued = dispatch(
        api,
        &caller,
        "certificate_issue",
        json!({"event_id": event}),
    )?;
    let issue = Figures {
        name: "cert_issue",
        count: 1,
        total: t.elapsed(),
        samples: vec![t.elapsed()],
    };
    if issued["issued"].as_u64() != Some(n as u64) {
        anyhow::bail!("expected {n} certificates, got {}", issued["issued"]);
    }
    let mut samples = Vec::with_capacity(rounds);
    let mut prepare_samples = Vec::with_capacity(rounds);
    let mut size = 0;
    let start = Instant::now();
    for _ in 0..rounds {
        let t = Instant::now();
        let prepared = api.certificate_prepare(&event, None)?;
        prepare_samples.push(t.elapsed());
        let bytes = prepared.render_one()?;
        samples.push(t.elapsed());
        size = bytes.len();
    }
    let pdf = Figures {
        name: "cert_pdf",
        count: rounds,
        total: start.elapsed(),
        samples,
    };
    let (zip, zip_size) = cert_zip(api, &caller, &event, n, rounds)?;
    let prepare = Figures {
        name: "  prepare",
        count: rounds,
        total: prepare_samples.iter().sum(),
        samples: prepare_samples,
    };

    // The same certificates on the built-in template over a ~500 KB JPEG background: a
    // custom template saved and assigned to participants as an organizer would.
    let jpeg = bintek_docs::certificate::sample_background_jpeg();
    let mut template = dispatch(
        api,
        &caller,
        "certificate_template_get",
        json!({"id": "bawaan"}),
    )?;
    template["name"] = json!("Latar bench");
    template["background"] = json!({
        "mime": "image/jpeg",
        "data": bintek_core::files::FilePayload::new("latar.jpg", &jpeg).data,
    });
    let saved = dispatch(
        api,
        &caller,
        "certificate_template_save",
        json!({"template": template}),
    )?;
    dispatch(
        api,
        &caller,
        "certificate_settings_set",
        json!({"event_id": event, "role_templates": {"participant": saved["id"]}}),
    )?;
    let mut samples = Vec::with_capacity(rounds);
    let mut size_bg = 0;
    let start = Instant::now();
    for _ in 0..rounds {
        let t = Instant::now();
        let prepared = api.certificate_prepare(&event, None)?;
        let bytes = prepared.render_one()?;
        samples.push(t.elapsed());
        size_bg = bytes.len();
    }
    let pdf_bg = Figures {
        name: "cert_pdf_bg",
        count: rounds,
        total: start.elapsed(),
        samples,
    };
    Ok((
        vec![issue, pdf, prepare, zip, pdf_bg],
        CertSizes {
            plain: size,
            background: size_bg,
            jpeg: jpeg.len(),
            zip: zip_size,
        },
    ))
}

/// One PDF per person for the `n` certificates of `event`, as a ZIP, the way the window
/// asks for it: the print job started, followed until done, its result fetched.
fn cert_zip(
    api: &Api,
    caller: &Caller,
    event: &str,
    n: usize,
    rounds: usize,
) -> anyhow::Result<(Figures, usize)> {
    let mut samples = Vec::with_capacity(rounds);
    let mut size = 0;
    let start = Instant::now();
    for _ in 0..rounds {
        let t = Instant::now();
        let job = dispatch(
            api,
            caller,
            "certificate_print_start",
            json!({"event_id": event, "per_person": true}),
        )?;
        let id = json!({"job_id": job["job_id"]});
        loop {
            let status = dispatch(api, caller, "certificate_job", id.clone())?;
            match status["state"].as_str() {
                Some("running") => std::thread::sleep(Duration::from_millis(1)),
                Some("done") => break,
                _ => anyhow::bail!("the print job ended: {status}"),
            }
        }
        let out = dispatch(api, caller, "certificate_job_result", id)?;
        samples.push(t.elapsed());
        let zip = bintek_core::files::decode_base64("data", out["data"].as_str().unwrap_or(""))?;
        size = zip.len();
        let entries = zip::ZipArchive::new(std::io::Cursor::new(zip))?.len();
        if entries != n {
            anyhow::bail!("the ZIP holds {entries} PDFs, not {n}");
        }
    }
    Ok((
        Figures {
            name: "  cert_zip",
            count: rounds,
            total: start.elapsed(),
            samples,
        },
        size,
    ))
}

/// File sizes of the certificate benchmarks, in bytes.
struct CertSizes {
    plain: usize,
    background: usize,
    jpeg: usize,
    zip: usize,
}

pub fn run(count: usize, json_mode: bool) -> anyhow::Result<()> {
    if count == 0 {
        return Err(ApiError::field("count", "Jumlah harus lebih dari 0.").into());
    }
    let dir = tempfile::tempdir()?;
    let api = Api::open(&dir.path().join("bench.db")).map_err(ApiError::from)?;
    let mut figures = vec![event_create(&api, count)?, event_list(&api, 20)?];
    // The import and search targets scale with --count (1000 → 10,000 rows, 50,000 people).
    let import_rows = count * 10;
    let people = count * 50;
    let api2 = Api::open(&dir.path().join("import.db")).map_err(ApiError::from)?;
    figures.extend(import(&api2, import_rows)?);
    let floor_api = Api::open(&dir.path().join("insert-floor.db")).map_err(ApiError::from)?;
    let floor_event = new_event(&floor_api, &Caller::admin("bench"))?;
    let took = floor_api
        .insert_probe(&floor_event, import_rows)
        .map_err(ApiError::from)?;
    figures.push(Figures {
        name: "  insert_floor",
        count: import_rows,
        total: took,
        samples: vec![took],
    });
    let api3 = Api::open(&dir.path().join("search.db")).map_err(ApiError::from)?;
    figures.extend(search(&api3, people, 400)?);
    let floor = floor(dir.path(), count)?;
    let api4 = Api::open(&dir.path().join("desk.db")).map_err(ApiError::from)?;
    let desk_figures = desk(&api4, people, count * 20, count)?;
    let ratio = desk_figures[0].percentile(0.5).as_secs_f64()
        / floor.percentile(0.5).as_secs_f64().max(1e-9);
    figures.push(floor);
    figures.extend(desk_figures);
    figures.push(six_desks(&dir.path().join("six-desks.db"), count / 2)?);
    let syncs = syncs_per_checkin(200);
    figures.extend(desks_during_import(
        &dir.path().join("desk-import.db"),
        count * 5,
        import_rows,
        false,
    )?);
    figures.extend(desks_during_import(
        &dir.path().join("desk-cli-import.db"),
        count * 5,
        import_rows,
        true,
    )?);
    figures.extend(desks_during_exports(
        &dir.path().join("desk-exports.db"),
        count * 20,
    )?);
    let api5 = Api::open(&dir.path().join("prints.db")).map_err(ApiError::from)?;
    figures.extend(prints(&api5, count, 5)?);
    let api6 = Api::open(&dir.path().join("certificates.db")).map_err(ApiError::from)?;
    let (cert_figures, cert_size) = certificates(&api6, count, 3)?;
    figures.extend(cert_figures);
    let api7 = Api::open(&dir.path().join("finance.db")).map_err(ApiError::from)?;
    figures.extend(finance(&api7, 5)?);
    let mut out = std::io::stdout().lock();
    let (fsyncs, fdatasyncs) = match syncs {
        Some((a, b)) => (json!(a), json!(b)),
        None => (json!(null), json!(null)),
    };
    if json_mode {
        let mut v: Vec<_> = figures.iter().map(Figures::to_json).collect();
        v.push(json!({
            "name": "checkin_vs_floor",
            "p50_ratio": (ratio * 100.0).round() / 100.0,
            "fsync_per_checkin": fsyncs,
            "fdatasync_per_checkin": fdatasyncs,
        }));
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        writeln!(
            out,
            "{:<14} {:>7} {:>11} {:>10} {:>9} {:>9} {:>9}",
            "bench", "count", "total ms", "per op ms", "p50 ms", "p99 ms", "ops/s"
        )?;
        for f in &figures {
            let j = f.to_json();
            let n = |k: &str| j[k].as_f64().unwrap_or(0.0);
            writeln!(
                out,
                "{:<14} {:>7} {:>11.1} {:>10.3} {:>9.3} {:>9.3} {:>9.0}",
                f.name,
                f.count,
                n("total_ms"),
                n("per_op_ms"),
                n("p50_ms"),
                n("p99_ms"),
                n("ops_per_s")
            )?;
        }
        let syncs = match syncs {
            Some((a, b)) => format!("{a:.2} fsync + {b:.2} fdatasync"),
            None => "tidak diukur (strace tidak ada)".to_string(),
        };
        writeln!(
            out,
            "checkin p50 / floor_commit p50 = {ratio:.2}; syncs per check-in: {syncs}"
        )?;
        writeln!(
            out,
            "(event_list reads all {count} events; import_* = one {import_rows}-row XLSX \
             (insert_floor = the same number of new people and registrations inserted in one \
             transaction, no look-ups); \
             search_* = 400 queries over {people} people, limit 50; checkin/desk_search/desk_absent \
             (the belum hadir list, limit 100) with {people} people, {} registered; event_overview = \
             the Beranda's numbers of that event (checklist, per session and OPD, desks, \
             eligibility of all registered); floor_commit = \
             a bare durable commit of one row on a fresh WAL database; desks_6x = six desks \
             checking in {} people each, back to back; desk_import / \
             desk_cli_import = check-ins of six desks (one every 10 ms each) while the \
             {import_rows}-row list is previewed and committed through the desks' Api / a second \
             connection (the CLI); desk_export = the same while the {} registered are \
             exported (XLSX) and the recap printed, three times; *_pdf = one whole document for {count} \
             participants per op; cert_issue = numbering {count} certificates in one \
             transaction; cert_pdf = {count} certificates with signed QR codes into one PDF \
             ({:.2} MB; prepare = reading and signing them; cert_zip = one PDF per person in a \
             ZIP, through the print job ({:.2} MB)), cert_pdf_bg = the same over a {:.0} KB JPEG background ({:.2} MB); \
             finance_get = the keuangan of {FINANCE_PEOPLE} narasumber and {FINANCE_PEOPLE} \
             participants present, computed with every trace; nominatif/kwitansi/transport/pph = \
             each payment document of them; \
             temp files, synchronous=FULL)",
            count * 20,
            count / 2,
            count * 20,
            cert_size.plain as f64 / 1_000_000.0,
            cert_size.zip as f64 / 1_000_000.0,
            cert_size.jpeg as f64 / 1000.0,
            cert_size.background as f64 / 1_000_000.0,
        )?;
    }
    Ok(())
}

//! `bintek bench`: figures for the performance targets, on a fresh temporary database.
//! Later capabilities add their own measurements here.

use std::io::Write;
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

pub fn run(count: usize, json_mode: bool) -> anyhow::Result<()> {
    if count == 0 {
        return Err(ApiError::field("count", "Jumlah harus lebih dari 0.").into());
    }
    let dir = tempfile::tempdir()?;
    let api = Api::open(&dir.path().join("bench.db")).map_err(ApiError::from)?;
    let figures = [event_create(&api, count)?, event_list(&api, 20)?];
    let mut out = std::io::stdout().lock();
    if json_mode {
        let v: Vec<_> = figures.iter().map(Figures::to_json).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        writeln!(
            out,
            "{:<14} {:>7} {:>11} {:>10} {:>9} {:>9} {:>9}",
            "bench", "count", "total ms", "per op ms", "p50 ms", "p99 ms", "ops/s"
        )?;
        for f in &figures {
            let j = f.to_json();
            writeln!(
                out,
                "{:<14} {:>7} {:>11} {:>10} {:>9} {:>9} {:>9}",
                f.name,
                f.count,
                j["total_ms"],
                j["per_op_ms"],
                j["p50_ms"],
                j["p99_ms"],
                j["ops_per_s"]
            )?;
        }
        writeln!(
            out,
            "(event_list reads all {count} events; database on a temp file, synchronous=FULL)"
        )?;
    }
    Ok(())
}

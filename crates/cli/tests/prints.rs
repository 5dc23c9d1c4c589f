//! Badges, the daftar hadir and the recap through the real `bintek` binary, read back with
//! poppler (pdftotext, pdfinfo; installed by scripts/setup.sh --test).

mod common;
use common::*;

use std::path::Path;

use serde_json::{json, Value};

/// The text with all runs of whitespace made one space (names wrap inside cells).
fn flat_text(pdf: &Path) -> String {
    tool_text("pdftotext", &[], pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

struct Demo {
    dir: tempfile::TempDir,
    db: std::path::PathBuf,
    event: String,
    participants: Vec<Value>,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, event) = common::demo(dir.path());
    let list = call(
        &db,
        "participant_list",
        json!({"event_id": event, "role": "participant", "status": "registered"}),
    );
    let participants = list.as_array().expect("array").clone();
    assert_eq!(participants.len(), 120);
    Demo {
        dir,
        db,
        event,
        participants,
    }
}

/// Every word of a name (a long name may wrap or be shrunk, never lost).
fn assert_name_in(text: &str, name: &str) {
    for word in name.split_whitespace() {
        assert!(text.contains(word), "'{word}' of {name} missing");
    }
}

#[test]
fn badges_one_card_per_participant_with_their_code() {
    let d = demo();
    let pdf = d.dir.path().join("kartu.pdf");
    let out = json_out(
        bintek(&d.db)
            .args(["--json", "badges", "--event", &d.event, "--out"])
            .arg(&pdf),
    );
    assert_eq!(out["file"], pdf.display().to_string());
    // 8 cards per A4 page.
    assert_eq!(pages(&pdf), 120_usize.div_ceil(8));
    let text = flat_text(&pdf);
    for p in &d.participants {
        let code = p["code"].as_str().expect("code");
        assert_eq!(text.matches(code).count(), 1, "code {code} once");
        assert_name_in(&text, p["name"].as_str().expect("name"));
    }
    let one = d.dir.path().join("kartu-1.pdf");
    bintek(&d.db)
        .args(["badges", "--event", &d.event, "--layout", "one", "--out"])
        .arg(&one)
        .run()
        .success();
    assert_eq!(pages(&one), 120);
    // Everyone: participants, speakers, moderators and committee.
    let all = d.dir.path().join("kartu-semua.pdf");
    bintek(&d.db)
        .args(["badges", "--event", &d.event, "--role", "all", "--out"])
        .arg(&all)
        .run()
        .success();
    let text = flat_text(&all);
    assert!(text.contains("NARASUMBER") && text.contains("PANITIA"));
    bintek(&d.db)
        .args([
            "badges", "--event", &d.event, "--layout", "sixteen", "--out",
        ])
        .arg(&all)
        .run()
        .code(1);
}

#[test]
fn the_daftar_hadir_lists_every_registered_participant() {
    let d = demo();
    let sessions = json_out(bintek(&d.db).args(["--json", "session", "list", "--event", &d.event]));
    let session = sessions
        .as_array()
        .expect("sessions")
        .iter()
        .find(|s| s["takes_attendance"] == true)
        .expect("an attendance-taking session");
    let sid = session["id"].as_str().expect("sid");
    let pdf = d.dir.path().join("daftar-hadir.pdf");
    bintek(&d.db)
        .args([
            "attendance",
            "sheet",
            "--event",
            &d.event,
            "--session",
            sid,
            "--blank",
            "5",
            "--out",
        ])
        .arg(&pdf)
        .run()
        .success();
    assert!(pages(&pdf) > 1, "120 people do not fit one page");
    let text = flat_text(&pdf);
    for p in &d.participants {
        assert_name_in(&text, p["name"].as_str().expect("name"));
    }
    assert!(text.contains("DAFTAR HADIR PESERTA"));
    assert!(text.contains("Mengetahui"));
    // Numbered through the blank rows.
    assert!(text.contains(" 125 "), "blank rows continue the numbering");
    // The header repeats on every page.
    for page in 1..=pages(&pdf) {
        let p = page.to_string();
        let text = tool_text("pdftotext", &["-f", &p, "-l", &p], &pdf);
        assert!(text.contains("Tanda Tangan"), "page {page} has the header");
    }

    // Filled: who checked in, with the count.
    let present = json_out(bintek(&d.db).args([
        "--json",
        "attendance",
        "list",
        "--event",
        &d.event,
        "--session",
        sid,
    ]));
    let n = present.as_array().expect("array").len();
    assert!(n > 0, "the demo checked people in on day 1");
    let filled = d.dir.path().join("daftar-hadir-terisi.pdf");
    bintek(&d.db)
        .args([
            "attendance",
            "sheet",
            "--event",
            &d.event,
            "--session",
            sid,
            "--filled",
            "--out",
        ])
        .arg(&filled)
        .run()
        .success();
    let text = flat_text(&filled);
    assert!(
        text.contains(&format!("Hadir: {n} dari 120 peserta")),
        "summary of {n} present"
    );
}

#[test]
fn the_recap_is_a_pdf_or_a_workbook_by_extension() {
    let d = demo();
    let pdf = d.dir.path().join("rekap.pdf");
    bintek(&d.db)
        .args(["attendance", "recap", "--event", &d.event, "--out"])
        .arg(&pdf)
        .run()
        .success();
    let text = flat_text(&pdf);
    assert!(text.contains("REKAP KEHADIRAN PESERTA"));
    let info = tool_text("pdfinfo", &[], &pdf);
    assert!(info.contains("Page size:       841.89 x 595.2"), "{info}");
    for p in &d.participants {
        if let Some(opd) = p["opd"].as_str() {
            for word in opd.split_whitespace() {
                assert!(text.contains(word), "OPD word {word}");
            }
        }
    }
    let xlsx = d.dir.path().join("rekap.xlsx");
    bintek(&d.db)
        .args(["attendance", "recap", "--event", &d.event, "--out"])
        .arg(&xlsx)
        .run()
        .success();
    assert!(std::fs::read(&xlsx).expect("xlsx").starts_with(b"PK"));
    let out = bintek(&d.db)
        .args([
            "--json",
            "attendance",
            "recap",
            "--event",
            &d.event,
            "--out",
        ])
        .arg(d.dir.path().join("rekap.docx"))
        .run()
        .code(1)
        .get_output()
        .clone();
    let err: Value = serde_json::from_slice(&out.stderr).expect("json error");
    assert_eq!(err["error"]["field"], "out");
}

/// The images of a PDF by page (`pdfimages -list`: page, type); a PNG's transparency is
/// its own `smask` row.
fn images(pdf: &Path) -> Vec<(u32, String)> {
    tool_text("pdfimages", &["-list"], pdf)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            Some((cols.first()?.parse().ok()?, cols.get(2)?.to_string()))
        })
        .collect()
}

/// The kop surat of the documents comes from the agency profile (Pengaturan → Profil
/// instansi): the logo, government and agency, then the address and contacts; an event
/// organized by another unit keeps the kop of its organizer.
#[test]
fn the_kop_surat_comes_from_the_agency_profile() {
    let d = demo();
    let recap = |name: &str| {
        let pdf = d.dir.path().join(name);
        bintek(&d.db)
            .args(["attendance", "recap", "--event", &d.event, "--out"])
            .arg(&pdf)
            .run()
            .success();
        flat_text(&pdf)
    };
    // The demo's profile, with its logo once, in the kop of the first page.
    let text = recap("rekap-1.pdf");
    assert_eq!(
        images(&d.dir.path().join("rekap-1.pdf")),
        [(1, "image".to_string()), (1, "smask".to_string())]
    );
    assert!(
        text.contains("PEMERINTAH KABUPATEN GROBOGAN DINAS KOMUNIKASI DAN INFORMATIKA"),
        "{text}"
    );
    assert!(
        text.contains("Jl. Gatot Subroto No. 6, Purwodadi, Grobogan 58111"),
        "{text}"
    );
    assert!(
        text.contains("Telepon (0292) 421233 · Email diskominfo@grobogan.go.id · Laman diskominfo.grobogan.go.id"),
        "{text}"
    );
    // A new address shows on the next print.
    call(
        &d.db,
        "agency_profile_set",
        json!({"name": "Dinas Komunikasi dan Informatika", "parent": "Pemerintah Kabupaten Grobogan",
               "address": "Jl. Pemuda No. 17, Purwodadi 58111"}),
    );
    let text = recap("rekap-2.pdf");
    assert!(
        text.contains("Jl. Pemuda No. 17, Purwodadi 58111"),
        "{text}"
    );
    assert_eq!(
        images(&d.dir.path().join("rekap-2.pdf")).len(),
        2,
        "the logo stays"
    );
    assert!(
        !text.contains("Gatot Subroto") && !text.contains("Telepon"),
        "{text}"
    );
    // Another organizing unit for this event: its own kop, not the profile's address.
    let event = call(&d.db, "event_get", json!({"id": d.event}));
    call(
        &d.db,
        "event_update",
        json!({"id": d.event, "title": event["title"], "start_date": event["start_date"],
               "end_date": event["end_date"], "organizer": "Badan Kepegawaian Daerah Kabupaten Grobogan"}),
    );
    let text = recap("rekap-3.pdf");
    assert!(
        text.contains("PEMERINTAH KABUPATEN GROBOGAN BADAN KEPEGAWAIAN DAERAH"),
        "{text}"
    );
    assert!(!text.contains("Jl. Pemuda"), "{text}");
    assert_eq!(
        images(&d.dir.path().join("rekap-3.pdf")),
        [],
        "another unit's kop has no logo"
    );
}

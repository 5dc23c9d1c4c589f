//! `bintek evaluasi hasil` through the real binary: a pre-test, a post-test and the
//! evaluasi penyelenggaraan entered from paper (`form_entry`), then the results as a PDF
//! whose text poppler reads back (the worked example's N-gain, the bars' counts) and
//! whose charts are drawn, not pictures (`pdfimages` finds none), and as an XLSX that
//! LibreOffice opens (the summary) with every answer on the form's sheet; the laporan
//! pelaksanaan carries the summary.

mod common;
use common::*;

use std::path::Path;

use serde_json::{json, Value};

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ids(form: &Value) -> Vec<String> {
    form["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["id"].as_str().expect("id").to_string())
        .collect()
}

/// An event with four participants, a pre-test and post-test of five questions, and the
/// evaluasi penyelenggaraan; Sri and Budi took both tests on paper, Sri and Agus rated
/// the organizing.
fn setup(db: &Path) -> String {
    let event = event(db, "Bimtek Keamanan Informasi", "2019-09-17", None);
    let mut people = Vec::new();
    for (name, opd) in [
        ("Sri Wahyuni", "Dinas Kesehatan"),
        ("Budi Santoso", "Dinas Kesehatan"),
        ("Agus Setiawan", "Inspektorat Daerah"),
        ("Dewi Lestari", "Inspektorat Daerah"),
    ] {
        let p = call(
            db,
            "participant_add",
            json!({"event_id": event, "name": name, "opd": opd, "create_opd": true}),
        );
        people.push(p["participant"]["id"].as_str().expect("id").to_string());
    }
    let pre = call(
        db,
        "form_create",
        json!({"event_id": event, "kind": "pretest"}),
    );
    let bank: Vec<Value> = (1..=5)
        .map(|i| json!({"text": format!("Soal keamanan nomor {i}?"), "options": ["Salah", "Benar", "Keliru"], "answer": 1}))
        .collect();
    let pre = call(
        db,
        "form_update",
        json!({"id": pre["id"], "questions": bank}),
    );
    let post = call(
        db,
        "form_create",
        json!({"event_id": event, "kind": "posttest"}),
    );
    let q = ids(&pre);
    let answers = |right: usize| -> Value {
        json!(q
            .iter()
            .enumerate()
            .map(|(i, id)| json!({"question_id": id, "choice": if i < right { 1 } else { 0 }}))
            .collect::<Vec<_>>())
    };
    // Pre: Sri 40, Budi 80. Post: Sri 80, Budi 100. Class N-gain (90 − 60) / 40 = 0,75.
    for (form, who, right, sub) in [
        (&pre, &people[0], 2, "kertas-pre-sri"),
        (&pre, &people[1], 4, "kertas-pre-budi"),
        (&post, &people[0], 4, "kertas-post-sri"),
        (&post, &people[1], 5, "kertas-post-budi"),
    ] {
        call(
            db,
            "form_entry",
            json!({"form_id": form["id"], "registration_id": who, "submission_id": sub, "answers": answers(right)}),
        );
    }
    let eval = call(
        db,
        "form_create",
        json!({"event_id": event, "kind": "penyelenggaraan"}),
    );
    for (who, value, sub) in [
        (&people[0], 4, "kertas-eval-sri"),
        (&people[2], 2, "kertas-eval-agus"),
    ] {
        let answers: Vec<Value> = eval["questions"]
            .as_array()
            .expect("q")
            .iter()
            .map(|q| {
                if q["kind"] == "likert" {
                    json!({"question_id": q["id"], "value": value})
                } else {
                    json!({"question_id": q["id"], "text": "Ruangan terlalu dingin"})
                }
            })
            .collect();
        call(
            db,
            "form_entry",
            json!({"form_id": eval["id"], "registration_id": who, "submission_id": sub, "answers": answers}),
        );
    }
    event
}

#[test]
fn the_results_pdf_carries_the_figures_and_draws_its_bars() {
    let (dir, db) = temp_db();
    let event = setup(&db);
    let pdf = dir.path().join("hasil.pdf");
    bintek(&db)
        .args(["evaluasi", "hasil", "--event", &event, "--out"])
        .arg(&pdf)
        .run()
        .success();
    let text = flat(&tool_text("pdftotext", &[], &pdf));
    for want in [
        "HASIL EVALUASI DAN TES",
        "A. Ringkasan",
        "B. Pre-test dan post-test",
        "C. Rincian per formulir",
        "Rata-rata pre-test : 60,00",
        "Rata-rata post-test : 90,00",
        "N-gain : 0,75 (Tinggi)",
        // The organizing: one 4 and one 2 on every item: mean 3,00, index 75,00 (C).
        "2 dari 4 peserta mengisi (anonim). Rata-rata 3,00 dari skala 4, indeks 75,00 — C (Kurang baik).",
        // A bar's note: one of two chose "4 Sangat baik".
        "4 Sangat baik 1 · 50%",
        // Question 5 of the tests: right for one of two.
        "B. Benar 1 · 50%",
        "Ruangan terlalu dingin",
        "Belum mengisi:",
    ] {
        assert!(text.contains(want), "{want:?} not in {text}");
    }
    // The charts are drawn as rectangles: the document has no picture at all.
    let images = tool_text("pdfimages", &["-list"], &pdf);
    assert_eq!(images.lines().count(), 2, "only the header lines: {images}");
    // The laporan pelaksanaan carries the summary in BAB III.
    let report = dir.path().join("laporan.pdf");
    bintek(&db)
        .args(["laporan", "--event", &event, "--out"])
        .arg(&report)
        .run()
        .success();
    let text = flat(&tool_text("pdftotext", &[], &report));
    for want in [
        "Hasil Evaluasi",
        "Evaluasi penyelenggaraan 2 dari 4 75,00 C (Kurang baik)",
        "Nilai rata-rata naik dari 60,00 menjadi 90,00 (kenaikan 30,00), dengan N-gain 0,75 (kategori tinggi).",
    ] {
        assert!(text.contains(want), "{want:?} not in the report: {text}");
    }

    // Only PDF or XLSX.
    let wrong = dir.path().join("hasil.docx");
    let e = json_err(
        bintek(&db)
            .args(["--json", "evaluasi", "hasil", "--event", &event, "--out"])
            .arg(&wrong),
    );
    assert_eq!(e["error"]["field"], "out", "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .expect("message")
            .contains(".pdf atau .xlsx"),
        "{e}"
    );
}

#[test]
fn the_results_xlsx_opens_in_libreoffice_with_every_answer() {
    let (dir, db) = temp_db();
    let event = setup(&db);
    let xlsx = dir.path().join("hasil.xlsx");
    bintek(&db)
        .args(["evaluasi", "hasil", "--event", &event, "--out"])
        .arg(&xlsx)
        .run()
        .success();
    let csv = office_convert(&xlsx, dir.path(), "csv");
    let summary = std::fs::read_to_string(&csv).expect("csv");
    assert!(
        summary
            .contains("Evaluasi penyelenggaraan,Evaluasi penyelenggaraan,,2,4,75,C (Kurang baik)"),
        "{summary}"
    );
    assert!(summary.contains("Pre-test,Pre-test,,2,4"), "{summary}");
    let book = bintek_docs::sheet::read_workbook(&std::fs::read(&xlsx).expect("read"), None)
        .expect("workbook");
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Ringkasan",
            "Pre-Post",
            "Pre-test",
            "Post-test",
            "Evaluasi penyelenggaraan"
        ]
    );
    let text = |s: usize, r: usize, c: usize| -> String {
        book.sheets[s]
            .cell(r, c)
            .as_text()
            .map(|t| t.into_owned())
            .unwrap_or_default()
    };
    // Pre-Post by OPD and name: Budi 80 → 100 (N-gain 1), Sri 40 → 80 (N-gain 0.67).
    assert_eq!(
        (0..6).map(|c| text(1, 1, c)).collect::<Vec<_>>(),
        ["Budi Santoso", "Dinas Kesehatan", "80", "100", "20", "1"]
    );
    assert_eq!(
        (0..6).map(|c| text(1, 2, c)).collect::<Vec<_>>(),
        ["Sri Wahyuni", "Dinas Kesehatan", "40", "80", "40", "0.67"]
    );
    // Every answer of the pre-test: Sri's, on paper, 40, first answer "B. Benar".
    assert_eq!(text(2, 1, 1), "Sri Wahyuni");
    assert!(text(2, 1, 4).starts_with("Kertas"), "{}", text(2, 1, 4));
    assert_eq!(text(2, 1, 5), "40");
    assert_eq!(text(2, 1, 6), "B. Benar");
    assert_eq!(text(2, 1, 8), "A. Salah");
    // The anonymous evaluation names no one.
    assert_eq!(text(4, 1, 1), "Responden 1");
    assert_eq!(text(4, 2, 5), "2");
}

//! Keuangan through the real `bintek` binary: the worked examples in the text of the
//! daftar nominatif (read back with poppler), a kwitansi per recipient with the amount in
//! words and the meterai note, the transport list per OPD, the XLSX opened by a real
//! office suite (LibreOffice converts it to CSV), the rate table out and in again.

mod common;
use common::*;

use std::path::Path;

use serde_json::json;

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf_text(pdf: &Path) -> String {
    flat(&tool_text("pdftotext", &[], pdf))
}

/// The lines of `pdf` as `pdftotext -layout` sets them, whitespace collapsed: a table
/// row's figures on one line.
fn layout_lines(pdf: &Path) -> Vec<String> {
    tool_text("pdftotext", &["-layout"], pdf)
        .lines()
        .map(flat)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The one line of `lines` holding `anchor`, which must hold every one of `all` too.
fn row_has(lines: &[String], anchor: &str, all: &[&str]) {
    let line = lines
        .iter()
        .find(|l| l.contains(anchor))
        .unwrap_or_else(|| panic!("no line with {anchor:?} in {lines:#?}"));
    for a in all {
        assert!(line.contains(a), "{a:?} not in the row {line:?}");
    }
}

/// The rows of a CSV as LibreOffice writes it: commas, fields with a comma or a quote in
/// double quotes (a quote doubled inside).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| {
            let mut fields = Vec::new();
            let mut field = String::new();
            let mut quoted = false;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '"' if quoted && chars.peek() == Some(&'"') => {
                        field.push('"');
                        chars.next();
                    }
                    '"' => quoted = !quoted,
                    ',' if !quoted => fields.push(std::mem::take(&mut field)),
                    c => field.push(c),
                }
            }
            fields.push(field);
            fields
        })
        .collect()
}

fn add(db: &Path, event: &str, person: serde_json::Value) -> String {
    let mut p = person;
    p["event_id"] = json!(event);
    call(db, "participant_add", p)["participant"]["id"]
        .as_str()
        .expect("id")
        .to_string()
}

/// An event of 2019 with the example rates: a III/c narasumber for 2 × 60 minutes, a
/// IV/a for 60, a non-ASN with an NPWP for 6 hours (above the meterai threshold), a
/// moderator; two participants of two OPDs present.
fn bimtek(db: &Path) -> String {
    let event = event(db, "Bimtek Keamanan Informasi", "2019-09-17", None);
    let session = |title: &str, start: &str, end: &str| {
        call(
            db,
            "session_add",
            json!({"event_id": event, "title": title, "date": "2019-09-17",
                   "start_time": start, "end_time": end}),
        )["id"]
            .as_str()
            .expect("id")
            .to_string()
    };
    let s1 = session("Kebijakan Keamanan Informasi", "08:00", "09:00");
    let s2 = session("Manajemen Risiko", "09:00", "10:00");
    let s3 = session("Praktik Penanganan Insiden", "10:00", "16:00");
    let andi = add(
        db,
        &event,
        json!({"name": "Andi Wijaya", "nip": "198001012005011001", "rank": "Penata (III/c)",
               "role": "speaker"}),
    );
    let budi = add(
        db,
        &event,
        json!({"name": "Budi Hartono", "nip": "197501012000031002", "rank": "Pembina (IV/a)",
               "role": "speaker"}),
    );
    let dewi = add(
        db,
        &event,
        json!({"name": "Dewi Anggraini", "role": "speaker"}),
    );
    let mira = add(
        db,
        &event,
        json!({"name": "Mira Sari", "nip": "198505052010012005", "rank": "III/a",
               "role": "moderator"}),
    );
    for (s, r, role) in [
        (&s1, &andi, "speaker"),
        (&s2, &andi, "speaker"),
        (&s1, &budi, "speaker"),
        (&s3, &dewi, "speaker"),
        (&s1, &mira, "moderator"),
    ] {
        call(
            db,
            "session_assign",
            json!({"session_id": s, "registration_id": r, "role": role}),
        );
    }
    call(db, "finance_rates_copy", json!({"year": 2019}));
    call(
        db,
        "finance_recipient_set",
        json!({"registration_id": dewi, "status": "bukan_asn", "npwp": "092542943407000",
               "bank": "Bank Jateng", "account_no": "1234567890"}),
    );
    call(
        db,
        "finance_settings_set",
        json!({"event_id": event, "program": "Program Penyelenggaraan Persandian",
               "account_honor": "5.1.02.02.01.0003", "place": "Purwodadi",
               "pa_name": "Wiku Handoyo", "pptk_name": "Bambang Setiawan",
               "bendahara_name": "Siti Aminah"}),
    );
    for (name, nip, opd) in [
        ("Sri Wahyuni", "198807242015032003", "Dinas Kesehatan"),
        ("Agus Setiawan", "198001012005011009", "Bappeda"),
    ] {
        let code = call(
            db,
            "participant_add",
            json!({"event_id": event, "name": name, "nip": nip, "opd": opd,
                   "create_opd": true}),
        )["participant"]["code"]
            .as_str()
            .expect("code")
            .to_string();
        call(
            db,
            "checkin",
            json!({"event_id": event, "session_id": s1, "code": code}),
        );
    }
    event
}

#[test]
fn the_daftar_nominatif_shows_the_worked_examples_and_opens_in_an_office_suite() {
    let (dir, db) = temp_db();
    let event = bimtek(&db);
    let pdf = dir.path().join("nominatif.pdf");
    bintek(&db)
        .args(["keuangan", "nominatif", "--event", &event, "--out"])
        .arg(&pdf)
        .run()
        .success();
    let info = tool_text("pdfinfo", &[], &pdf);
    assert!(info.contains("841.89 x 595.276"), "landscape A4: {info}");
    let lines = layout_lines(&pdf);
    // III/c, 2 × 60 minutes at Rp900.000: 1.800.000, 5 % 90.000, 1.710.000.
    row_has(
        &lines,
        "1.800.000 5% 90.000 1.710.000",
        &["2 jam", "900.000"],
    );
    // IV/a, one hour: 15 %.
    row_has(
        &lines,
        "900.000 15% 135.000 765.000",
        &["1 jam", "900.000 900.000"],
    );
    // Non-ASN with an NPWP, 6 hours: 2.5 %.
    row_has(
        &lines,
        "5.400.000 2,5% 135.000 5.265.000",
        &["6 jam", "900.000"],
    );
    // Moderator, III/a, one session: 5 %.
    row_has(
        &lines,
        "700.000 5% 35.000 665.000",
        &["1 sesi", "700.000 700.000"],
    );
    row_has(&lines, "JUMLAH", &["8.800.000 395.000 8.405.000"]);
    let text = pdf_text(&pdf);
    for needle in [
        "Andi Wijaya",
        "III/c",
        "Budi Hartono",
        "IV/a",
        "Dewi Anggraini",
        "Mira Sari",
        "DAFTAR NOMINATIF PEMBAYARAN HONORARIUM",
        "Program Penyelenggaraan Persandian",
        "5.1.02.02.01.0003",
        "Delapan juta empat ratus lima ribu rupiah",
        "******7890",
        "Wiku Handoyo",
        "Bambang Setiawan",
        "Siti Aminah",
        "Purwodadi, 17 September 2019",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    assert!(!text.contains("1234567890"), "the account masked");

    // The same list as XLSX, opened by LibreOffice.
    let xlsx = dir.path().join("nominatif.xlsx");
    bintek(&db)
        .args([
            "keuangan",
            "nominatif",
            "--reveal",
            "--event",
            &event,
            "--out",
        ])
        .arg(&xlsx)
        .run()
        .success();
    let csv = std::fs::read_to_string(office_convert(&xlsx, dir.path(), "csv")).expect("csv");
    let rows = csv_rows(&csv);
    let col = |name: &str| {
        rows[0]
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]))
    };
    let (bruto, pph, netto, account) =
        (col("Bruto"), col("PPh"), col("Netto"), col("No. Rekening"));
    let andi = rows
        .iter()
        .find(|r| r[1] == "Andi Wijaya")
        .expect("Andi's row");
    assert_eq!(
        (
            andi[bruto].as_str(),
            andi[pph].as_str(),
            andi[netto].as_str()
        ),
        ("1800000", "90000", "1710000")
    );
    let dewi = rows
        .iter()
        .find(|r| r[1] == "Dewi Anggraini")
        .expect("Dewi's row");
    assert_eq!(dewi[account], "1234567890", "revealed on request");
    assert_eq!(
        rows.len(),
        1 + 4 + 1,
        "header, one row per recipient, the total"
    );
}

#[test]
fn a_kwitansi_per_recipient_and_the_transport_list_per_opd() {
    let (dir, db) = temp_db();
    let event = bimtek(&db);
    let pdf = dir.path().join("kwitansi.pdf");
    bintek(&db)
        .args(["keuangan", "kwitansi", "--event", &event, "--out"])
        .arg(&pdf)
        .run()
        .success();
    assert_eq!(pages(&pdf), 4, "one page per recipient");
    let first = flat(&tool_text("pdftotext", &["-f", "1", "-l", "1"], &pdf));
    for needle in [
        "KWITANSI",
        "001/KWT/2019",
        "Andi Wijaya",
        "Rp1.800.000",
        "Satu juta delapan ratus ribu rupiah",
        "Jumlah diterima 1.710.000",
        "Setuju dibayar",
        "Lunas dibayar",
        "Yang menerima",
    ] {
        assert!(first.contains(needle), "{needle:?} not in {first}");
    }
    assert!(!first.contains("meterai"), "no meterai at 1.8 M: {first}");
    let text = pdf_text(&pdf);
    assert!(text.contains("Lima juta empat ratus ribu rupiah"), "{text}");
    assert!(text.contains("meterai Rp10.000"), "above 5 M: {text}");

    let transport = dir.path().join("transport.pdf");
    bintek(&db)
        .args(["keuangan", "transport", "--event", &event, "--out"])
        .arg(&transport)
        .run()
        .success();
    let lines = layout_lines(&transport);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("1 150.000 150.000 1."))
            .count(),
        2,
        "a row each, one day at Rp150.000: {lines:#?}"
    );
    let text = pdf_text(&transport);
    assert!(
        text.contains("Agus Setiawan") && text.contains("Sri Wahyuni"),
        "{text}"
    );
    // Each OPD's table in name order, its subtotal after it.
    let bappeda = text.find("Bappeda").expect("Bappeda");
    let dinkes = text.find("Dinas Kesehatan").expect("Dinas Kesehatan");
    assert!(bappeda < dinkes, "{text}");
    assert_eq!(text.matches("Subtotal").count(), 2, "{text}");
    for needle in [
        "DAFTAR PENERIMAAN UANG TRANSPORT PESERTA",
        "Rp300.000 (2 orang)",
        "Tiga ratus ribu rupiah",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    let pph = dir.path().join("pph.xlsx");
    bintek(&db)
        .args(["keuangan", "pph", "--event", &event, "--out"])
        .arg(&pph)
        .run()
        .success();
    let csv = std::fs::read_to_string(office_convert(&pph, dir.path(), "csv")).expect("csv");
    assert!(csv.contains("Dewi Anggraini"), "{csv}");
    assert!(csv.contains("135000"), "{csv}");
    // Kwitansi are PDF only; a name that is neither .pdf nor .xlsx is refused.
    let e = json_err(
        bintek(&db)
            .args(["--json", "keuangan", "kwitansi", "--event", &event, "--out"])
            .arg(dir.path().join("k.xlsx")),
    );
    assert_eq!(e["error"]["field"], "out", "{e}");
}

#[test]
fn the_rate_table_goes_out_to_excel_and_comes_back() {
    let (dir, db) = temp_db();
    let out = dir.path().join("tarif.xlsx");
    let rates = json_out(bintek(&db).args([
        "--json",
        "keuangan",
        "tarif",
        "--year",
        "2027",
        "--examples",
    ]));
    assert_eq!(rates.as_array().map(Vec::len), Some(7));
    bintek(&db)
        .args(["keuangan", "tarif", "--year", "2027", "--out"])
        .arg(&out)
        .run()
        .success();
    let back = json_out(
        bintek(&db)
            .args(["--json", "keuangan", "tarif", "--year", "2028", "--import"])
            .arg(&out),
    );
    let amounts: Vec<i64> = back
        .as_array()
        .map(|r| r.iter().filter_map(|x| x["amount"].as_i64()).collect())
        .unwrap_or_default();
    assert_eq!(
        amounts,
        [1_700_000, 1_400_000, 1_000_000, 900_000, 700_000, 400_000, 150_000]
    );
    assert!(
        back[0]["example"].as_bool().unwrap_or(false),
        "still marked as the example it was"
    );
    let junk = dir.path().join("bukan.xlsx");
    std::fs::write(&junk, "bukan excel").expect("write");
    let e = json_err(
        bintek(&db)
            .args(["--json", "keuangan", "tarif", "--year", "2028", "--import"])
            .arg(&junk),
    );
    assert_eq!(e["error"]["field"], "data", "{e}");
}

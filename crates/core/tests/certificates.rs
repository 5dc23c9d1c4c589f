//! Certificates on real files: eligibility edges, overrides, gapless and stable numbers
//! (also with two issuers at once), revocation, and verification of the signed QR.

mod common;
use common::*;

use std::sync::Arc;

use bintek_core::error::ErrorCode;
use bintek_core::Api;
use serde_json::{json, Value};

#[path = "../../../tests/support/tools.rs"]
mod tools;

struct Setup {
    dir: tempfile::TempDir,
    api: Arc<Api>,
    event: String,
    sessions: Vec<String>,
    /// registration id and code of each participant, in name order.
    people: Vec<(String, String)>,
}

/// An event with 5 attendance-taking sessions, a break without attendance, participants
/// "Peserta 0".."Peserta {n-1}", a speaker and a committee member.
fn setup(n: usize) -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    let api = Arc::new(Api::open(&db_in(dir.path())).expect("open"));
    let e = call(
        &api,
        "event_create",
        json!({"title": "Bimtek Sertifikat", "start_date": "2019-09-17", "end_date": "2019-09-18",
               "organizer": "Dinas Komunikasi dan Informatika Kabupaten Grobogan", "city": "Purwodadi"}),
    );
    let event = id(&e);
    let sessions = add_sessions(
        &api,
        &event,
        &[
            ("Materi 0", "08:00", "09:00"),
            ("Materi 1", "09:00", "10:00"),
            ("Materi 2", "10:30", "11:30"),
            ("Materi 3", "13:00", "14:00"),
            ("Materi 4", "14:00", "15:00"),
        ],
    );
    call(
        &api,
        "session_add",
        json!({"event_id": event, "title": "Istirahat", "date": "2019-09-17", "start_time": "10:00",
               "end_time": "10:30", "kind": "break"}),
    );
    let people = (0..n).map(|i| person(&format!("Peserta {i:02}"), None, Some("Diskominfo")));
    let people = add_people(&api, &event, people)
        .into_iter()
        .map(|p| (p.id, p.code))
        .collect();
    add_people(
        &api,
        &event,
        [
            json!({"name": "Dr. Narasumber Ahli", "role": "speaker"}),
            json!({"name": "Panitia Satu", "role": "committee"}),
        ],
    );
    Setup {
        dir,
        api,
        event,
        sessions,
        people,
    }
}

fn attend(s: &Setup, person: usize, sessions: usize) {
    for sid in &s.sessions[..sessions] {
        call(
            &s.api,
            "checkin",
            json!({"event_id": s.event, "session_id": sid, "code": s.people[person].1}),
        );
    }
}

fn row<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .expect("array")
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("{name} in {list}"))
}

#[test]
fn eligibility_counts_attendance_taking_sessions_and_exactly_80_percent_passes() {
    let s = setup(4);
    attend(&s, 0, 4); // 4 of 5 = 80 %
    attend(&s, 1, 3); // 60 %
    attend(&s, 2, 5); // 100 %
    let list = call(
        &s.api,
        "certificate_eligibility",
        json!({"event_id": s.event}),
    );
    let p0 = row(&list, "Peserta 00");
    assert_eq!(
        (p0["attended"].as_i64(), p0["sessions"].as_i64()),
        (Some(4), Some(5)),
        "the break takes no attendance"
    );
    assert_eq!(p0["eligible"], true, "{p0}");
    assert_eq!(p0["percent"], 80);
    assert_eq!(row(&list, "Peserta 01")["eligible"], false);
    assert!(row(&list, "Peserta 01")["reason"]
        .as_str()
        .expect("reason")
        .contains("kurang dari batas 80%"));
    assert_eq!(row(&list, "Peserta 03")["eligible"], false);
    assert_eq!(row(&list, "Dr. Narasumber Ahli")["eligible"], true);
    assert_eq!(row(&list, "Panitia Satu")["eligible"], true);

    // A higher threshold: 80 % is no longer enough.
    call(
        &s.api,
        "certificate_settings_set",
        json!({"event_id": s.event, "min_attendance": 81}),
    );
    let list = call(
        &s.api,
        "certificate_eligibility",
        json!({"event_id": s.event, "role": "participant"}),
    );
    assert_eq!(row(&list, "Peserta 00")["eligible"], false);
    assert_eq!(list.as_array().map(Vec::len), Some(4), "participants only");

    // An override needs a reason, is logged, and can be taken back.
    let e = try_call(
        &s.api,
        "certificate_override",
        json!({"registration_id": s.people[1].0, "eligible": true, "reason": " "}),
    )
    .expect_err("no reason");
    assert_eq!(e.field.as_deref(), Some("reason"));
    let r = call(
        &s.api,
        "certificate_override",
        json!({"registration_id": s.people[1].0, "eligible": true, "reason": "Sakit, ada surat dokter"}),
    );
    assert_eq!(r["eligible"], true);
    assert!(r["reason"]
        .as_str()
        .expect("reason")
        .contains("Sakit, ada surat dokter"));
    let r = call(
        &s.api,
        "certificate_override",
        json!({"registration_id": s.people[1].0, "eligible": null, "reason": ""}),
    );
    assert_eq!(r["eligible"], false);
    assert_eq!(r["override"], Value::Null);

    let e = try_call(
        &s.api,
        "certificate_settings_set",
        json!({"event_id": s.event, "min_attendance": 120, "number_pattern": "{nomor}"}),
    )
    .expect_err("bad settings");
    let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["min_attendance", "number_pattern"]);
}

#[test]
fn numbers_are_gapless_kept_on_reissue_and_never_reused() {
    let s = setup(5);
    for i in 0..3 {
        attend(&s, i, 5);
    }
    call(
        &s.api,
        "certificate_settings_set",
        json!({"event_id": s.event, "org_code": "DISKOMINFO"}),
    );
    let first = call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    assert_eq!(first["new"], 3);
    assert_eq!(first["ineligible"], 2);
    let numbers: Vec<&str> = first["certificates"]
        .as_array()
        .expect("certs")
        .iter()
        .map(|c| c["number"].as_str().expect("n"))
        .collect();
    assert_eq!(
        numbers,
        [
            "001/BIMTEK/DISKOMINFO/IX/2019",
            "002/BIMTEK/DISKOMINFO/IX/2019",
            "003/BIMTEK/DISKOMINFO/IX/2019"
        ]
    );

    // Issuing again changes nothing; a fourth person who now qualifies gets 004.
    let again = call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    assert_eq!(
        (again["new"].as_i64(), again["reissued"].as_i64()),
        (Some(0), Some(0))
    );
    attend(&s, 3, 4);
    // Revoke 002: its number is not reused.
    call(
        &s.api,
        "certificate_revoke",
        json!({"number": numbers[1], "reason": "Nama ganda"}),
    );
    let more = call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    assert_eq!(more["new"], 1);
    let list = call(&s.api, "certificate_list", json!({"event_id": s.event}));
    let all: Vec<(&str, &str)> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|c| {
            (
                c["number"].as_str().expect("n"),
                c["status"].as_str().expect("s"),
            )
        })
        .collect();
    assert_eq!(all[1], ("002/BIMTEK/DISKOMINFO/IX/2019", "revoked"));
    assert_eq!(all[3].0, "004/BIMTEK/DISKOMINFO/IX/2019");

    // A name correction: same number, same code, revision 2.
    let before = list[0].clone();
    call(
        &s.api,
        "participant_update",
        json!({"id": before["registration_id"], "name": "Peserta Nol, S.Kom."}),
    );
    let fixed = call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    assert_eq!(fixed["reissued"], 1);
    let after = call(&s.api, "certificate_list", json!({"event_id": s.event}))[0].clone();
    assert_eq!(after["number"], before["number"]);
    assert_eq!(after["code"], before["code"]);
    assert_eq!(after["revision"], 2);
    assert_eq!(after["name"], "Peserta Nol, S.Kom.");

    // Speakers and committee by role.
    let all_roles = call(
        &s.api,
        "certificate_issue",
        json!({"event_id": s.event, "role": "all"}),
    );
    assert_eq!(all_roles["new"], 2);
}

#[test]
fn two_issuers_at_once_give_each_person_one_number_without_gaps() {
    let s = setup(30);
    for i in 0..30 {
        attend(&s, i, 5);
    }
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let api = s.api.clone();
            let event = s.event.clone();
            std::thread::spawn(move || call(&api, "certificate_issue", json!({"event_id": event})))
        })
        .collect();
    let news: i64 = threads
        .into_iter()
        .map(|t| t.join().expect("thread")["new"].as_i64().expect("n"))
        .sum();
    assert_eq!(news, 30, "each person numbered once across both issuers");
    let list = call(&s.api, "certificate_list", json!({"event_id": s.event}));
    let mut seqs: Vec<String> = list
        .as_array()
        .expect("l")
        .iter()
        .map(|c| c["number"].as_str().expect("n")[..3].to_string())
        .collect();
    seqs.sort();
    let expected: Vec<String> = (1..=30).map(|i| format!("{i:03}")).collect();
    assert_eq!(seqs, expected);
}

/// The QR token of a certificate, as the PDF prints it.
fn token(s: &Setup, number: &str) -> String {
    let list = call(&s.api, "certificate_list", json!({"event_id": s.event}));
    let c = list
        .as_array()
        .expect("l")
        .iter()
        .find(|c| c["number"] == number)
        .expect("cert")
        .clone();
    let rows: Vec<bintek_core::certificates::CertificateRow> =
        vec![serde_json::from_value(c).expect("row")];
    s.api
        .certificate_qr_texts(&s.event, &rows)
        .expect("qr")
        .remove(0)
}

#[test]
fn verification_says_valid_revoked_tampered_or_unknown() {
    let s = setup(2);
    attend(&s, 0, 5);
    attend(&s, 1, 5);
    let issued = call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    let n0 = issued["certificates"][0]["number"]
        .as_str()
        .expect("n")
        .to_string();
    let n1 = issued["certificates"][1]["number"]
        .as_str()
        .expect("n")
        .to_string();
    let t0 = token(&s, &n0);

    let v = call(&s.api, "certificate_verify", json!({"text": t0}));
    assert_eq!(v["status"], "valid", "{v}");
    assert_eq!(v["name"], "Peserta 00");
    assert_eq!(v["number"], n0.as_str());
    assert_eq!(v["event"], "Bimtek Sertifikat");
    assert_eq!(v["role"], "Peserta");
    // A typed code finds it too.
    let code = issued["certificates"][0]["code"].as_str().expect("code");
    assert_eq!(
        call(
            &s.api,
            "certificate_verify",
            json!({"text": code.to_lowercase()})
        )["status"],
        "valid"
    );

    // Flip any byte of the token: tampered (or, where the flip breaks the format, unknown).
    for i in 0..t0.len() {
        let mut bytes = t0.clone().into_bytes();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if text == t0 {
            continue;
        }
        let v = call(&s.api, "certificate_verify", json!({"text": text}));
        assert!(
            v["status"] == "tampered" || v["status"] == "unknown",
            "byte {i}: {v}"
        );
        assert_ne!(v["status"], "valid", "byte {i}");
    }

    // Revoked.
    call(
        &s.api,
        "certificate_revoke",
        json!({"number": n1, "reason": "Tidak mengikuti kegiatan"}),
    );
    let v = call(
        &s.api,
        "certificate_verify",
        json!({"text": token(&s, &n1)}),
    );
    assert_eq!(v["status"], "revoked");
    assert_eq!(v["revoke_reason"], "Tidak mengikuti kegiatan");

    // Another installation's key: tampered here.
    let other = setup(1);
    attend(&other, 0, 5);
    let o = call(
        &other.api,
        "certificate_issue",
        json!({"event_id": other.event}),
    );
    let foreign = token(&other, o["certificates"][0]["number"].as_str().expect("n"));
    assert_eq!(
        call(&s.api, "certificate_verify", json!({"text": foreign}))["status"],
        "tampered"
    );

    // Nonsense and an unknown code.
    assert_eq!(
        call(&s.api, "certificate_verify", json!({"text": "halo"}))["status"],
        "unknown"
    );
    assert_eq!(
        call(&s.api, "certificate_verify", json!({"text": "ABCDEFGH"}))["status"],
        "unknown"
    );
    let e = call_err(&s.api, "certificate_verify", json!({"text": "  "}));
    assert_eq!(e.field.as_deref(), Some("text"));
    let e = try_call(
        &s.api,
        "certificate_revoke",
        json!({"number": "999/X", "reason": "x"}),
    )
    .expect_err("no such");
    assert_eq!(e.code, ErrorCode::NotFound);

    // A URL QR carries the same token.
    call(
        &s.api,
        "certificate_settings_set",
        json!({"event_id": s.event, "verify_base_url": "https://diskominfo.grobogan.go.id/sertifikat"}),
    );
    let url = token(&s, &n0);
    assert!(
        url.starts_with("https://diskominfo.grobogan.go.id/sertifikat?s=BTK1."),
        "{url}"
    );
    assert_eq!(
        call(&s.api, "certificate_verify", json!({"text": url}))["status"],
        "valid"
    );

    // The key lives inside the database (it travels with every backup), not beside it.
    assert!(!s.dir.path().join(bintek_core::signing::KEY_FILE).exists());
    let pk = call(&s.api, "certificate_public_key", json!({}));
    assert_eq!(pk["public_key"].as_str().map(str::len), Some(43));
}

/// A plain 600×420 PNG (the smallest background accepted), made here so the test needs
/// no file.
fn tiny_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 600, 420);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().expect("png header");
        w.write_image_data(&[250, 245, 230].repeat(600 * 420))
            .expect("png data");
    }
    out
}

fn poll_job(api: &Api, job: &str) -> Value {
    for _ in 0..600 {
        let s = call(api, "certificate_job", json!({"job_id": job}));
        if s["state"] != "running" {
            return s;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the job did not finish in 30 s");
}

fn pdf_pages(bytes: &[u8], dir: &std::path::Path) -> usize {
    let path = dir.join("check.pdf");
    std::fs::write(&path, bytes).expect("write");
    let out = tools::run("pdfinfo", [&path]).expect("pdfinfo (poppler-utils)");
    out.stdout
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("Pages")
}

#[test]
fn templates_are_checked_and_printing_runs_as_a_job() {
    let s = setup(6);
    for i in 0..6 {
        attend(&s, i, 5);
    }
    templates_are_checked_and_one_is_chosen(&s);
    one_pdf_is_printed_once_issued(&s);
    one_pdf_per_person_comes_as_a_zip(&s);
    print_jobs_are_cancelled(&s);
}

/// The built-in template is read-only, a field off the page is refused, a designer's
/// template with a background is saved for the participants and exported and imported.
fn templates_are_checked_and_one_is_chosen(s: &Setup) {
    // The built-in template is always there and read-only.
    let list = call(&s.api, "certificate_template_list", json!({}));
    assert_eq!(list[0]["id"], "bawaan");
    let mut t = call(&s.api, "certificate_template_get", json!({"id": "bawaan"}));
    let e = call_err(
        &s.api,
        "certificate_template_save",
        json!({"id": "bawaan", "template": t}),
    );
    assert_eq!(e.field.as_deref(), Some("id"));
    // A field off the page is refused, naming the field.
    t["name"] = json!("Desain Diskominfo");
    let mut bad = t.clone();
    bad["fields"][0]["x_mm"] = json!(400.0);
    let e = try_call(
        &s.api,
        "certificate_template_save",
        json!({"template": bad}),
    )
    .expect_err("off the page");
    assert_eq!(e.errors[0].field, "fields.0", "{e:?}");
    // A designer's background; saved, used for participants.
    let b64 = bintek_core::files::FilePayload::new("x.png", &tiny_png()).data;
    t["background"] = json!({"mime": "image/png", "data": b64});
    let saved = call(&s.api, "certificate_template_save", json!({"template": t}));
    assert_eq!(saved["has_background"], true);
    let id = saved["id"].as_str().expect("id").to_string();
    call(
        &s.api,
        "certificate_settings_set",
        json!({"event_id": s.event, "role_templates": {"participant": id},
               "role_texts": {"participant": "sebagai Peserta Aktif"}}),
    );
    // Export and import give the same template back.
    let file = call(&s.api, "certificate_template_export", json!({"id": id}));
    let imported = call(
        &s.api,
        "certificate_template_import",
        json!({"file_name": "t.json", "data": file["data"]}),
    );
    let again = call(
        &s.api,
        "certificate_template_get",
        json!({"id": imported["id"]}),
    );
    assert_eq!(
        again,
        call(&s.api, "certificate_template_get", json!({"id": id}))
    );
}

fn one_pdf_is_printed_once_issued(s: &Setup) {
    // Printing before issuing says what to do.
    let e = try_call(
        &s.api,
        "certificate_print_start",
        json!({"event_id": s.event}),
    )
    .expect_err("nothing issued");
    assert!(e.message.contains("terbitkan"), "{}", e.message);
    call(&s.api, "certificate_issue", json!({"event_id": s.event}));

    let job = call(
        &s.api,
        "certificate_print_start",
        json!({"event_id": s.event}),
    );
    assert_eq!(job["total"], 6);
    let done = poll_job(&s.api, job["job_id"].as_str().expect("id"));
    assert_eq!(done["state"], "done", "{done}");
    let file = call(
        &s.api,
        "certificate_job_result",
        json!({"job_id": job["job_id"]}),
    );
    let pdf = bintek_core::files::decode_base64("data", file["data"].as_str().expect("data"))
        .expect("b64");
    assert_eq!(pdf_pages(&pdf, s.dir.path()), 6);
    // Taken once.
    assert_eq!(
        call_err(
            &s.api,
            "certificate_job_result",
            json!({"job_id": job["job_id"]})
        )
        .code,
        ErrorCode::NotFound
    );
}

fn one_pdf_per_person_comes_as_a_zip(s: &Setup) {
    // One PDF per person, as a ZIP.
    let job = call(
        &s.api,
        "certificate_print_start",
        json!({"event_id": s.event, "per_person": true}),
    );
    let done = poll_job(&s.api, job["job_id"].as_str().expect("id"));
    assert_eq!(
        (done["done"].as_i64(), done["total"].as_i64()),
        (Some(6), Some(6))
    );
    let file = call(
        &s.api,
        "certificate_job_result",
        json!({"job_id": job["job_id"]}),
    );
    assert!(file["file_name"].as_str().expect("name").ends_with(".zip"));
    let bytes = bintek_core::files::decode_base64("data", file["data"].as_str().expect("data"))
        .expect("b64");
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    assert_eq!(zip.len(), 6);
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.expect("name").into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".pdf") && !n.contains('/') && !n.contains(':')),
        "{names:?}"
    );
}

fn print_jobs_are_cancelled(s: &Setup) {
    // Cancelled at once: no file, a clear state.
    let job = call(
        &s.api,
        "certificate_print_start",
        json!({"event_id": s.event, "per_person": true}),
    );
    call(
        &s.api,
        "certificate_job_cancel",
        json!({"job_id": job["job_id"]}),
    );
    let end = poll_job(&s.api, job["job_id"].as_str().expect("id"));
    assert_eq!(end["state"], "cancelled", "{end}");
    let e = call_err(
        &s.api,
        "certificate_job_result",
        json!({"job_id": job["job_id"]}),
    );
    assert_eq!(e.code, ErrorCode::Cancelled);

    // The single PDF can be cancelled too (rendering checks between pages).
    let job = call(
        &s.api,
        "certificate_print_start",
        json!({"event_id": s.event}),
    );
    call(
        &s.api,
        "certificate_job_cancel",
        json!({"job_id": job["job_id"]}),
    );
    let end = poll_job(&s.api, job["job_id"].as_str().expect("id"));
    assert_eq!(end["state"], "cancelled", "{end}");
}

#[test]
fn the_verification_list_can_be_published_without_personal_numbers() {
    let s = setup(3);
    for i in 0..3 {
        attend(&s, i, 5);
    }
    // Someone with a NIK on file: it must not reach the published list.
    call(
        &s.api,
        "participant_update",
        json!({"id": s.people[1].0, "name": "Peserta 01", "opd": "Diskominfo",
               "nik": "3315015708900001"}),
    );
    call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    let n = call(&s.api, "certificate_list", json!({"event_id": s.event}))[0]["number"].clone();
    call(
        &s.api,
        "certificate_revoke",
        json!({"number": n, "reason": "Salah cetak"}),
    );
    let csv = call(
        &s.api,
        "certificate_verification_list",
        json!({"event_id": s.event}),
    );
    let text = String::from_utf8(
        bintek_core::files::decode_base64("data", csv["data"].as_str().expect("data"))
            .expect("b64"),
    )
    .expect("utf8");
    assert!(text.starts_with('\u{feff}'), "BOM for Excel");
    assert_eq!(text.lines().count(), 4, "header + 3: {text}");
    assert!(
        text.contains("Peserta 00") && text.contains("dicabut;Salah cetak"),
        "{text}"
    );
    let json_file = call(
        &s.api,
        "certificate_verification_list",
        json!({"event_id": s.event, "format": "json"}),
    );
    let v: Value = serde_json::from_slice(
        &bintek_core::files::decode_base64("data", json_file["data"].as_str().expect("data"))
            .expect("b64"),
    )
    .expect("json");
    let rows = v["sertifikat"].as_array().expect("rows");
    assert_eq!(rows.len(), 3);
    // Each published QR text verifies here.
    for r in rows {
        let status = call(&s.api, "certificate_verify", json!({"text": r["qr"]}))["status"].clone();
        assert_eq!(
            status,
            if r["status"] == "dicabut" {
                "revoked"
            } else {
                "valid"
            }
        );
    }
    // No NIK: no field of that name anywhere, and no 16-digit number. (Not a substring
    // test on the whole text: the random public key in base64 may spell "nik".)
    fn keys_and_texts(v: &Value, keys: &mut Vec<String>, texts: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    keys.push(k.to_lowercase());
                    keys_and_texts(v, keys, texts);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| keys_and_texts(v, keys, texts)),
            Value::String(s) => texts.push(s.clone()),
            _ => {}
        }
    }
    let (mut keys, mut texts) = (Vec::new(), Vec::new());
    keys_and_texts(&v, &mut keys, &mut texts);
    assert!(!keys.iter().any(|k| k.contains("nik")), "{keys:?}");
    let sixteen_digits = |t: &str| {
        t.as_bytes()
            .windows(16)
            .any(|w| w.iter().all(u8::is_ascii_digit))
    };
    assert!(!texts.iter().any(|t| sixteen_digits(t)), "{texts:?}");
    let e = call_err(
        &s.api,
        "certificate_verification_list",
        json!({"event_id": s.event, "format": "pdf"}),
    );
    assert_eq!(e.field.as_deref(), Some("format"));
}

#[test]
fn a_revoked_certificate_is_replaced_by_a_new_number_never_its_old_one() {
    let s = setup(3);
    for i in 0..3 {
        attend(&s, i, 5);
    }
    let issued = call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    let numbers: Vec<String> = issued["certificates"]
        .as_array()
        .expect("certs")
        .iter()
        .map(|c| c["number"].as_str().expect("n").to_string())
        .collect();
    assert_eq!(numbers.len(), 3);
    let n0 = numbers[0].clone();
    let old_token = token(&s, &n0);

    // A standing certificate cannot be replaced.
    let e = call_err(&s.api, "certificate_replace", json!({"number": n0}));
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("masih berlaku"), "{}", e.message);

    // Revoked by mistake: issuing again does not bring it back by itself.
    call(
        &s.api,
        "certificate_revoke",
        json!({"number": n0, "reason": "Salah pilih baris"}),
    );
    let again = call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    assert_eq!(
        (again["issued"].as_u64(), again["new"].as_u64()),
        (Some(2), Some(0))
    );

    // Replaced: the next number of the sequence, a new code, the old one stays revoked.
    let new = call(&s.api, "certificate_replace", json!({"number": n0}));
    let n_new = new["number"].as_str().expect("number").to_string();
    assert!(!numbers.contains(&n_new), "{n_new} is new");
    assert!(n_new.starts_with("004/"), "next in sequence: {n_new}");
    assert_eq!(new["replaces"], n0.as_str());
    assert_eq!(new["status"], "issued");
    let list = call(&s.api, "certificate_list", json!({"event_id": s.event}));
    let old = list
        .as_array()
        .expect("list")
        .iter()
        .find(|c| c["number"] == n0.as_str())
        .expect("old kept");
    assert_eq!(old["status"], "revoked");
    assert_ne!(old["code"], new["code"]);
    // The old copy verifies as revoked and names its replacement.
    let v = call(&s.api, "certificate_verify", json!({"text": old_token}));
    assert_eq!(v["status"], "revoked");
    assert_eq!(v["replaced_by"], n_new.as_str());
    assert!(
        v["message"]
            .as_str()
            .expect("message")
            .ends_with(&format!("Penggantinya: sertifikat nomor {n_new}.")),
        "{v}"
    );
    assert_eq!(
        call(
            &s.api,
            "certificate_verify",
            json!({"text": token(&s, &n_new)})
        )["status"],
        "valid"
    );
    // The eligibility list and the next issue see the standing replacement.
    let elig = call(
        &s.api,
        "certificate_eligibility",
        json!({"event_id": s.event, "role": "participant"}),
    );
    assert_eq!(
        row(&elig, "Peserta 00")["certificate"]["number"],
        n_new.as_str()
    );
    let again = call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    assert_eq!(
        (again["issued"].as_u64(), again["new"].as_u64()),
        (Some(3), Some(0))
    );

    // Once replaced, the revoked number cannot be replaced a second time.
    let e = call_err(&s.api, "certificate_replace", json!({"number": n0}));
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains(&n_new), "{}", e.message);

    // Someone no longer eligible needs an override first.
    let n1 = numbers[1].clone();
    call(
        &s.api,
        "certificate_revoke",
        json!({"number": n1, "reason": "Titip absen"}),
    );
    call(
        &s.api,
        "certificate_override",
        json!({"registration_id": s.people[1].0, "eligible": false, "reason": "Titip absen"}),
    );
    let e = call_err(&s.api, "certificate_replace", json!({"number": n1}));
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("tidak memenuhi syarat"), "{}", e.message);
    let e = call_err(&s.api, "certificate_replace", json!({"number": "999/X"}));
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn the_desktop_prints_one_pdf_per_person_into_a_new_folder() {
    use bintek_core::certificate_print::PrintArgs;
    let s = setup(4);
    for i in 0..4 {
        attend(&s, i, 5);
    }
    call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    let downloads = s.dir.path().join("Unduhan");
    let caller = bintek_core::Caller::admin("desktop");
    let start = || {
        bintek_core::run::<bintek_core::commands::CertificatePrintStart>(
            &s.api,
            &caller,
            PrintArgs {
                event_id: s.event.clone(),
                per_person: true,
                folder_in: Some(downloads.clone()),
                ..PrintArgs::default()
            },
        )
        .expect("start")
    };

    let job = start();
    let end = poll_job(&s.api, &job.job_id);
    assert_eq!(end["state"], "done", "{end}");
    assert_eq!(end["done"], 4);
    let out = call(
        &s.api,
        "certificate_job_result",
        json!({"job_id": job.job_id}),
    );
    assert_eq!(out["files"], 4);
    let folder = std::path::PathBuf::from(out["folder"].as_str().expect("folder"));
    assert_eq!(folder.parent(), Some(downloads.as_path()));
    assert_eq!(
        folder.file_name().and_then(|n| n.to_str()),
        Some("sertifikat-Bimtek Sertifikat")
    );
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4);
    for name in &names {
        assert!(name.ends_with(".pdf") && name.contains("Peserta"), "{name}");
        let bytes = std::fs::read(folder.join(name)).expect("pdf");
        assert_eq!(pdf_pages(&bytes, s.dir.path()), 1, "{name}");
    }

    // A second print never writes into the first folder; a cancelled one leaves nothing.
    let job = start();
    poll_job(&s.api, &job.job_id);
    let out = call(
        &s.api,
        "certificate_job_result",
        json!({"job_id": job.job_id}),
    );
    assert!(out["folder"]
        .as_str()
        .expect("folder")
        .ends_with("sertifikat-Bimtek Sertifikat (2)"));
    let job = start();
    call(
        &s.api,
        "certificate_job_cancel",
        json!({"job_id": job.job_id}),
    );
    let end = poll_job(&s.api, &job.job_id);
    assert_eq!(end["state"], "cancelled", "{end}");
    assert!(!downloads.join("sertifikat-Bimtek Sertifikat (3)").exists());

    // Over JSON (HTTP, CLI `call`) no caller can choose a folder: both fields are
    // refused by name, and nothing is written.
    for field in ["folder_in", "into_folder"] {
        let err = try_call(
            &s.api,
            "certificate_print_start",
            json!({"event_id": s.event, "per_person": true, field: "/tmp"}),
        )
        .expect_err("a folder from JSON");
        assert_eq!(err.code, ErrorCode::InvalidArgument, "{err:?}");
        assert_eq!(err.field.as_deref(), Some(field), "{err:?}");
    }
}

/// Cancelling someone who holds a certificate can revoke it in the same step (the desk
/// screen offers it); without the flag the certificate stands, as the organizer chose.
#[test]
fn cancelling_a_registration_can_revoke_its_certificate_at_once() {
    let s = setup(3);
    attend(&s, 0, 5);
    attend(&s, 1, 5);
    call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    let standing = |reg: &str| -> Vec<Value> {
        call(&s.api, "certificate_list", json!({"event_id": s.event}))
            .as_array()
            .expect("list")
            .iter()
            .filter(|c| c["registration_id"] == reg && c["status"] == "issued")
            .cloned()
            .collect()
    };
    let (first, second) = (s.people[0].0.clone(), s.people[1].0.clone());
    assert_eq!(standing(&first).len(), 1);
    let cancelled = call(
        &s.api,
        "participant_cancel",
        json!({"id": first, "reason": "Tidak mengikuti sampai selesai", "revoke_certificate": true}),
    );
    assert_eq!(cancelled["status"], "cancelled");
    assert!(standing(&first).is_empty());
    let revoked = call(&s.api, "certificate_list", json!({"event_id": s.event}));
    let revoked = revoked
        .as_array()
        .expect("list")
        .iter()
        .find(|c| c["registration_id"] == first)
        .expect("kept as revoked");
    assert_eq!(revoked["status"], "revoked");
    assert!(revoked["revoke_reason"]
        .as_str()
        .expect("reason")
        .contains("Tidak mengikuti sampai selesai"));

    call(&s.api, "participant_cancel", json!({"id": second}));
    assert_eq!(standing(&second).len(), 1, "kept when not asked");
}

/// The text of a PDF as poppler's `pdftotext` reads it, spaces squeezed.
fn pdf_text(bytes: &[u8], dir: &std::path::Path) -> String {
    let path = dir.join("text.pdf");
    std::fs::write(&path, bytes).expect("write");
    let out = tools::run("pdftotext", [path.as_os_str(), "-".as_ref()]).expect("pdftotext");
    assert!(out.success, "pdftotext: {}", out.stderr);
    out.stdout.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The QR code of a one-page PDF as a phone reads it (`pdftoppm`, `zbarimg`).
fn pdf_qr(bytes: &[u8], dir: &std::path::Path) -> String {
    let pdf = dir.join("qr.pdf");
    std::fs::write(&pdf, bytes).expect("write");
    let png = dir.join("qr");
    let out = tools::run(
        "pdftoppm",
        [
            "-r".as_ref(),
            "150".as_ref(),
            "-png".as_ref(),
            "-singlefile".as_ref(),
            pdf.as_os_str(),
            png.as_os_str(),
        ],
    )
    .expect("pdftoppm");
    assert!(out.success, "pdftoppm: {}", out.stderr);
    let out = tools::run(
        "zbarimg",
        ["-q", "--raw", &*dir.join("qr.png").to_string_lossy()],
    )
    .expect("zbarimg");
    assert!(out.success, "zbarimg: {}", out.stderr);
    out.stdout.trim().to_string()
}

/// The template editor's "Pratinjau PDF" for an event shows that event's own data (its
/// title, its signatories, a real person of the role the template is for) and never a
/// signed QR for a number that was not issued; without an event, the sample data.
#[test]
fn the_template_preview_shows_the_events_own_data() {
    let s = setup(3);
    call(
        &s.api,
        "signatory_set",
        json!({"event_id": s.event, "signatories": [
            {"name": "Ir. Wahyu Pratama, M.T.", "nip": "197001012000031001",
             "position": "Kepala Dinas Komunikasi dan Informatika"}
        ]}),
    );
    let template = call(&s.api, "certificate_template_get", json!({"id": "bawaan"}));
    let preview = |args: Value| -> (String, String) {
        let file = call(&s.api, "certificate_template_preview", args);
        assert_eq!(file["file_name"], "pratinjau-sertifikat.pdf");
        let pdf = bintek_core::files::decode_base64("data", file["data"].as_str().expect("data"))
            .expect("b64");
        (pdf_text(&pdf, s.dir.path()), pdf_qr(&pdf, s.dir.path()))
    };
    let verify = |qr: &str| call(&s.api, "certificate_verify", json!({"text": qr}));

    // Nothing issued yet: the first registered participant, the event's number pattern
    // filled with 001, and a QR that is no valid certificate.
    let (text, qr) = preview(json!({"template": template, "event_id": s.event}));
    for expected in [
        "Bimtek Sertifikat",
        "Peserta 00",
        "sebagai Peserta",
        "001/BIMTEK/DISKOMINFO/IX/2019",
        "Ir. Wahyu Pratama, M.T.",
        "Purwodadi, 18 September 2019",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    for sample in ["Siti Aminah", "Media Sosial", "Sumarsono"] {
        assert!(!text.contains(sample), "no sample {sample:?} in {text}");
    }
    assert_eq!(verify(&qr)["status"], "unknown", "{qr}");
    // The editor's live preview gets the same data, and is told what is only a sample.
    let data = call(
        &s.api,
        "certificate_preview_data",
        json!({"event_id": s.event, "template_id": "bawaan"}),
    );
    assert_eq!(
        (&data["event_title"], &data["role"], &data["person"]),
        (
            &json!("Bimtek Sertifikat"),
            &json!("participant"),
            &json!("registration")
        ),
        "{data}"
    );
    let sample = data["sample"].to_string();
    assert!(
        sample.contains("JP") && sample.contains("nomor"),
        "{sample}"
    );
    assert!(
        !sample.contains("penanda tangan") && !sample.contains("kop"),
        "{sample}"
    );

    // Issued: the first standing certificate, its real number, and its QR verifies.
    for i in 0..3 {
        attend(&s, i, 5);
    }
    call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    let list = call(&s.api, "certificate_list", json!({"event_id": s.event}));
    let first = list
        .as_array()
        .expect("list")
        .iter()
        .filter(|c| c["role"] == "participant")
        .min_by_key(|c| c["number"].as_str().map(str::to_string))
        .expect("a certificate")
        .clone();
    let (text, qr) = preview(json!({"template": template, "event_id": s.event}));
    assert!(
        text.contains(first["number"].as_str().expect("number")),
        "{text}"
    );
    assert!(
        text.contains(first["name"].as_str().expect("name")),
        "{text}"
    );
    let v = verify(&qr);
    assert_eq!(
        (&v["status"], &v["number"]),
        (&json!("valid"), &first["number"]),
        "{v}"
    );

    // A template the event uses for its speakers shows a speaker.
    let mut mine = template.clone();
    mine["name"] = json!("Desain Narasumber");
    let saved = call(
        &s.api,
        "certificate_template_save",
        json!({"template": mine}),
    );
    call(
        &s.api,
        "certificate_settings_set",
        json!({"event_id": s.event, "role_templates": {"speaker": saved["id"]}}),
    );
    let (text, _) =
        preview(json!({"template": mine, "event_id": s.event, "template_id": saved["id"]}));
    assert!(text.contains("Dr. Narasumber Ahli"), "{text}");
    assert!(text.contains("sebagai Narasumber"), "{text}");

    // Without an event: the sample data, and still no valid QR.
    let (text, qr) = preview(json!({"template": template}));
    assert!(text.contains("Siti Aminah"), "{text}");
    assert!(!text.contains("Bimtek Sertifikat"), "{text}");
    assert_ne!(verify(&qr)["status"], "valid", "{qr}");
}

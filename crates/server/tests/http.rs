//! The HTTP front door on a real loopback socket and a real temp database.

mod common;
use common::*;

use serde_json::{json, Value};

#[tokio::test]
async fn create_then_get_and_list_over_http() {
    let s = local().await;
    let (status, event) = s
        .post(
            "event_create",
            json!({"title": "Bintek Pengelolaan Media Sosial", "start_date": "2019-09-17",
                   "end_date": "2019-09-18", "venue": "Gedung Riptaloka"}),
        )
        .await;
    assert_eq!(status, 200, "{event}");
    let id = event["id"].as_str().expect("id").to_string();
    let (status, got) = s.post("event_get", json!({ "id": id })).await;
    assert_eq!(status, 200);
    assert_eq!(got["venue"], json!("Gedung Riptaloka"));
    let (status, list) = s.post("event_list", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["id"], json!(id));
}

/// A typo'd or unexpected field is refused by name, a missing required one too, and
/// nothing is written: before, unknown fields were dropped and a missing one became "".
#[tokio::test]
async fn an_unknown_or_missing_field_answers_400_naming_it() {
    let s = local().await;
    let (status, v) = s
        .post(
            "event_create",
            json!({"title": "Bintek", "start_date": "2019-09-17", "venu": "Gedung"}),
        )
        .await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(v["error"]["code"], "invalid_argument", "{v}");
    assert_eq!(v["error"]["field"], "venu", "{v}");
    let message = v["error"]["message"].as_str().expect("message");
    assert!(
        message.contains("tidak dikenal") && message.contains("venue"),
        "{message}"
    );
    let (status, v) = s
        .post("event_create", json!({"start_date": "2019-09-17"}))
        .await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(v["error"]["field"], "title", "{v}");
    assert_eq!(v["error"]["message"], "Kolom \"title\" wajib diisi.");
    let (status, v) = s
        .post(
            "participant_list",
            json!({"event_id": "x", "limit": "lima"}),
        )
        .await;
    assert_eq!(status, 400, "{v}");
    assert_eq!(v["error"]["field"], "limit", "{v}");
    assert_eq!(
        s.ok("event_list", json!({})).await,
        json!([]),
        "nothing was written"
    );
}

#[tokio::test]
async fn errors_are_4xx_with_code_message_and_field() {
    let s = local().await;
    let (status, body) = s
        .post(
            "event_create",
            json!({"title": "", "start_date": "2019-09-17"}),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], json!("validation"));
    assert_eq!(body["error"]["field"], json!("title"));
    assert_eq!(
        body["error"]["message"],
        json!("Judul kegiatan wajib diisi.")
    );

    let (status, body) = s.post("event_get", json!({"id": "tidak-ada"})).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], json!("not_found"));

    let (status, body) = s.post("hapus_semua", json!({})).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], json!("unknown_command"));
}

#[tokio::test]
async fn requests_a_foreign_page_could_send_are_refused() {
    let s = local().await;
    // A plain form post (no JSON content type) cannot reach a command.
    let res = s
        .client
        .post(format!("{}/api/event_create", s.base))
        .header("content-type", "text/plain")
        .body(r#"{"title":"x","start_date":"2019-09-17"}"#)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 400);
    // Another origin is refused even with JSON.
    let res = s
        .client
        .post(format!("{}/api/event_list", s.base))
        .header("origin", "http://evil.example")
        .json(&json!({}))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 403);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["error"]["code"], json!("forbidden"));
    // Nothing was created.
    let (_, list) = s.post("event_list", json!({})).await;
    assert_eq!(list, json!([]));
    // Broken JSON is one clear error.
    let res = s
        .client
        .post(format!("{}/api/event_list", s.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 400);
}

#[tokio::test]
async fn pages_carry_a_strict_content_security_policy() {
    let s = local().await;
    let res = s
        .client
        .get(format!("{}/kegiatan", s.base))
        .send()
        .await
        .expect("send");
    let csp = res
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert_eq!(
        res.headers()
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
    let res = s
        .client
        .get(format!("{}/assets/tidak-ada.js", s.base))
        .send()
        .await
        .expect("send");
    assert_eq!(res.status().as_u16(), 404);
}

/// Text from the network is checked before it reaches SQLite: a NUL or a terminal escape
/// in a title or a name is a 400 naming the field (once a NUL gave a 500 from a CHECK
/// constraint), and a 50,000-character desk search is a 400 (once a 500, "LIKE pattern
/// too complex").
#[tokio::test]
async fn control_characters_and_huge_searches_are_a_400_naming_the_field() {
    let s = local().await;
    for title in ["Bimtek\u{0}Arsip", "Bimtek \u{1b}[31mmerah\u{1b}[0m"] {
        let (status, body) = s
            .post(
                "event_create",
                json!({"title": title, "start_date": "2019-09-17"}),
            )
            .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"]["field"], "title", "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .expect("message")
                .contains("karakter kendali"),
            "{body}"
        );
    }
    let (_, event) = s
        .post(
            "event_create",
            json!({"title": "Bimtek Arsip", "start_date": "2019-09-17"}),
        )
        .await;
    let (status, body) = s
        .post(
            "participant_add",
            json!({"event_id": event["id"], "name": "Rudi\u{7}\u{0}"}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["field"], "name", "{body}");
    let (status, body) = s
        .post(
            "desk_search",
            json!({"event_id": event["id"], "q": "a%".repeat(25_000)}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["field"], "q", "{body}");
    for (name, args) in [
        (
            "participant_list",
            json!({"event_id": event["id"], "q": "a%".repeat(25_000)}),
        ),
        ("person_search", json!({"q": "a%".repeat(25_000)})),
    ] {
        let (status, body) = s.post(name, args).await;
        assert_eq!(status, 400, "{name}: {body}");
        assert_eq!(body["error"]["field"], "q", "{name}: {body}");
    }
    let (_, list) = s.post("event_list", json!({})).await;
    assert_eq!(list.as_array().expect("events").len(), 1);
}

/// Every command that takes free text, over HTTP: a NUL, a terminal escape and a
/// 100,000-character string in each text field are a 400 naming the field, never a 500,
/// and nothing of them is stored; so is a 12,000-character string in each stored field
/// (longer than any field's own limit, shorter than the limit on any argument).
/// The ids the text cases refer to: an event, its session, a participant, an OPD, and
/// the built-in certificate template.
struct Ids {
    event: String,
    session: String,
    reg: String,
    opd: String,
    template: Value,
}

async fn text_fixture(s: &Host) -> Ids {
    let event = s
        .ok(
            "event_create",
            json!({"title": "Bintek Teks", "start_date": "2019-09-17"}),
        )
        .await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let session = s
        .ok(
            "session_add",
            json!({"event_id": event, "title": "Materi", "date": "2019-09-17",
                   "start_time": "08:00", "end_time": "16:00"}),
        )
        .await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let added = s
        .ok(
            "participant_add",
            json!({"event_id": event, "name": "Siti Aminah", "opd": "Dinas Kesehatan",
                   "create_opd": true}),
        )
        .await;
    let reg = added["participant"]["id"].as_str().expect("id").to_string();
    let opd = s.ok("opd_list", json!({})).await[0]["id"]
        .as_str()
        .expect("opd")
        .to_string();
    let template = s
        .ok("certificate_template_get", json!({"id": "bawaan"}))
        .await;
    Ids {
        event,
        session,
        reg,
        opd,
        template,
    }
}

/// Arguments of a command with the bad text in one field.
type Args = Box<dyn Fn(&str) -> Value>;
/// A command, the field that gets the bad text, whether the field is stored (so it has a
/// length limit under `MAX_ARG_TEXT`), and its arguments.
type Case = (&'static str, &'static str, bool, Args);

fn one(base: Value, field: &'static str) -> Args {
    Box::new(move |bad: &str| {
        let mut v = base.clone();
        v[field] = json!(bad);
        v
    })
}

fn event_and_people_cases(ids: &Ids, cases: &mut Vec<Case>) {
    let (e, ss, r, o) = (&ids.event, &ids.session, &ids.reg, &ids.opd);
    let person = |extra: Value, field: &'static str| -> Args {
        Box::new(move |bad: &str| {
            let mut v = extra.clone();
            v["name"] = json!("Budi Santoso");
            v[field] = json!(bad);
            v
        })
    };
    let event_args = |field: &'static str| -> Args {
        Box::new(move |bad: &str| {
            let mut v = json!({"title": "Bintek", "start_date": "2019-09-17"});
            v[field] = json!(bad);
            v
        })
    };
    for f in [
        "title",
        "theme",
        "organizer",
        "venue",
        "city",
        "legal_basis",
        "notes",
        "start_date",
    ] {
        cases.push(("event_create", f, f != "start_date", event_args(f)));
        let e = e.clone();
        cases.push((
            "event_update",
            f,
            f != "start_date",
            Box::new(move |bad: &str| {
                let mut v = json!({"id": e, "title": "Bintek", "start_date": "2019-09-17"});
                v[f] = json!(bad);
                v
            }),
        ));
    }
    for f in [
        "name", "nip", "nik", "gender", "rank", "position", "opd", "phone", "email", "note",
        "duty", "role",
    ] {
        let stored = !matches!(f, "nip" | "nik" | "gender" | "phone" | "email" | "role");
        cases.push((
            "participant_add",
            f,
            stored,
            person(json!({"event_id": e}), f),
        ));
        cases.push(("participant_update", f, stored, person(json!({"id": r}), f)));
    }
    for f in ["name", "position", "note"] {
        cases.push((
            "participant_substitute",
            f,
            true,
            person(json!({"id": r}), f),
        ));
    }
    for f in ["name", "rank", "position", "desk"] {
        cases.push((
            "checkin_walkin",
            f,
            true,
            person(json!({"event_id": e, "session_id": ss}), f),
        ));
    }
    cases.push((
        "participant_cancel",
        "reason",
        true,
        one(json!({"id": r, "restore": false}), "reason"),
    ));
    cases.push((
        "participant_list",
        "q",
        false,
        one(json!({"event_id": e}), "q"),
    ));
    cases.push(("person_search", "q", false, one(json!({}), "q")));
    cases.push(("desk_search", "q", false, one(json!({"event_id": e}), "q")));
    cases.push(("opd_create", "name", true, one(json!({}), "name")));
    cases.push((
        "opd_create",
        "short_name",
        true,
        one(json!({"name": "Dinas Baru"}), "short_name"),
    ));
    cases.push((
        "opd_create",
        "aliases",
        true,
        Box::new(|bad: &str| json!({"name": "Dinas Lain", "aliases": [bad]})),
    ));
    cases.push(("opd_update", "name", true, one(json!({"id": o}), "name")));
    cases.push((
        "opd_update",
        "short_name",
        true,
        one(json!({"id": o, "name": "Dinas Kesehatan"}), "short_name"),
    ));
    cases.push((
        "opd_add_alias",
        "alias",
        true,
        one(json!({"id": o}), "alias"),
    ));
}

fn agenda_cases(ids: &Ids, cases: &mut Vec<Case>) {
    let (e, ss) = (&ids.event, &ids.session);
    let session_base = json!({"event_id": e, "title": "Sesi", "date": "2019-09-17", "start_time": "08:00", "end_time": "09:00"});
    for f in ["title", "room", "notes", "kind", "start_time"] {
        let stored = matches!(f, "title" | "room" | "notes");
        cases.push(("session_add", f, stored, one(session_base.clone(), f)));
        let mut update = session_base.clone();
        update["id"] = json!(ss);
        update.as_object_mut().expect("object").remove("event_id");
        cases.push(("session_update", f, stored, one(update, f)));
    }
    for f in ["name", "position", "institution", "rank"] {
        cases.push((
            "speaker_add",
            f,
            true,
            one(json!({"event_id": e, "name": "Dr. Narasumber"}), f),
        ));
    }
    for f in ["name", "rank", "position"] {
        let e = e.clone();
        cases.push((
            "signatory_set",
            f,
            true,
            Box::new(move |bad: &str| {
                let mut sig = json!({"name": "Kepala Dinas", "position": "Kepala"});
                sig[f] = json!(bad);
                json!({"event_id": e, "signatories": [sig]})
            }),
        ));
    }
    cases.push((
        "event_clone",
        "title",
        true,
        one(json!({"id": e, "start_date": "2020-01-01"}), "title"),
    ));
    for f in ["code", "desk", "nonce"] {
        cases.push((
            "checkin",
            f,
            true,
            one(
                json!({"event_id": e, "session_id": ss, "code": "ABC123"}),
                f,
            ),
        ));
    }
}

fn certificate_cases(ids: &Ids, cases: &mut Vec<Case>) {
    let (e, r, template) = (&ids.event, &ids.reg, &ids.template);
    for f in [
        "number_pattern",
        "org_code",
        "issue_place",
        "verify_base_url",
    ] {
        cases.push((
            "certificate_settings_set",
            f,
            true,
            one(json!({"event_id": e}), f),
        ));
    }
    cases.push((
        "certificate_settings_set",
        "participant",
        true,
        Box::new({
            let e = e.clone();
            move |bad: &str| json!({"event_id": e, "role_texts": {"participant": bad}})
        }),
    ));
    cases.push((
        "certificate_override",
        "reason",
        true,
        one(json!({"registration_id": r, "eligible": true}), "reason"),
    ));
    cases.push((
        "certificate_revoke",
        "reason",
        true,
        one(json!({"number": "001/X/2019"}), "reason"),
    ));
    cases.push(("certificate_verify", "text", false, one(json!({}), "text")));
    {
        let t = template.clone();
        // A template's problems are named `template` (the whole) or `fields.N`.
        cases.push((
            "certificate_template_save",
            "template",
            true,
            Box::new(move |bad: &str| {
                let mut t = t.clone();
                t["name"] = json!(bad);
                json!({"template": t})
            }),
        ));
        let t = template.clone();
        cases.push((
            "certificate_template_save",
            "fields",
            true,
            Box::new(move |bad: &str| {
                let mut t = t.clone();
                t["name"] = json!("Desain Baru");
                t["fields"][0]["text"] = json!(bad);
                json!({"template": t})
            }),
        ));
    }
    cases.push((
        "participant_import",
        "file_name",
        false,
        one(json!({"event_id": e, "data": ""}), "file_name"),
    ));
    cases.push((
        "merge_package",
        "file_name",
        false,
        one(json!({"data": ""}), "file_name"),
    ));
}

/// Posts every case with each bad text; what was not a 400 naming the field.
async fn refusals(s: &Host, cases: &[Case]) -> Vec<String> {
    let huge = "x".repeat(100_000);
    let long = "y".repeat(12_000);
    let mut failures = Vec::new();
    for (name, field, stored, args) in cases {
        let mut bad: Vec<&str> = vec!["Nama\u{0}NUL", "Judul \u{1b}[31mmerah\u{1b}[0m", &huge];
        if *stored {
            bad.push(&long);
        }
        for b in bad {
            let (status, v) = s.post(name, args(b)).await;
            let fields: Vec<String> = std::iter::once(&v["error"]["field"])
                .chain(
                    v["error"]["errors"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|e| &e["field"]),
                )
                .filter_map(|f| f.as_str().map(str::to_string))
                .collect();
            let what = format!(
                "{name}.{field} <- {:?}",
                b.chars().take(20).collect::<String>()
            );
            if status != 400 || !fields.iter().any(|f| f.contains(field)) {
                failures.push(format!("{what}: {status} {}", {
                    let t = v.to_string();
                    t.chars().take(200).collect::<String>()
                }));
            } else if v.to_string().len() > 2_000 {
                failures.push(format!(
                    "{what}: the answer echoes the text ({} bytes)",
                    v.to_string().len()
                ));
            }
        }
    }
    failures
}

/// The marks of the bad texts found in what the lists show.
async fn stored_marks(s: &Host, event: &str) -> Vec<String> {
    let mut failures = Vec::new();
    // Nothing of it was stored anywhere.
    let mut everything = String::new();
    for (name, args) in [
        ("event_list", json!({"include_archived": true})),
        ("event_get", json!({"id": event})),
        ("participant_list", json!({"event_id": event})),
        ("opd_list", json!({})),
        ("session_list", json!({"event_id": event})),
        ("speaker_list", json!({"event_id": event})),
        ("signatory_list", json!({"event_id": event})),
        ("attendance_list", json!({"event_id": event})),
        ("certificate_settings_get", json!({"event_id": event})),
        ("certificate_template_list", json!({})),
    ] {
        everything.push_str(&s.ok(name, args).await.to_string());
    }
    for mark in [
        "\\u0000",
        "\\u001b",
        "xxxxxxxxxx",
        "yyyyyyyyyy",
        "NUL",
        "merah",
    ] {
        if everything.contains(mark) {
            failures.push(format!("stored: {mark}"));
        }
    }
    failures
}

#[tokio::test]
async fn every_text_field_refuses_control_characters_and_huge_text() {
    let s = local().await;
    let ids = text_fixture(&s).await;
    let mut cases = Vec::new();
    event_and_people_cases(&ids, &mut cases);
    agenda_cases(&ids, &mut cases);
    certificate_cases(&ids, &mut cases);
    let mut failures = refusals(&s, &cases).await;
    // Nothing of it was stored anywhere.
    failures.extend(stored_marks(&s, &ids.event).await);
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// An answer never echoes a huge value back: an unknown id, role, column or command name
/// of 15,000 characters is quoted as a short prefix.
#[tokio::test]
async fn answers_quote_only_a_short_prefix_of_what_was_sent() {
    let s = local().await;
    let long = "z".repeat(15_000);
    let (status, event) = s
        .post(
            "event_create",
            json!({"title": "Bintek", "start_date": "2019-09-17"}),
        )
        .await;
    assert_eq!(status, 200);
    let event = event["id"].as_str().expect("id").to_string();
    for (name, args) in [
        ("participant_get", json!({ "id": long })),
        ("session_delete", json!({ "id": long })),
        (
            "session_assign",
            json!({"session_id": long, "registration_id": "x", "role": long}),
        ),
        (
            "participant_import",
            json!({"event_id": event, "file_name": "a.csv", "data": "", "mapping": {"A": long}}),
        ),
        (
            "participant_export",
            json!({"event_id": event, "format": long}),
        ),
        (&long, json!({})),
    ] {
        let (status, v) = s.post(name, args).await;
        assert!((400..500).contains(&status), "{status}");
        let n = v.to_string().len();
        assert!(
            n < 1_000,
            "{}: {n} bytes: {:.200}",
            &name[..name.len().min(30)],
            v.to_string()
        );
    }
}

/// Issue 14, items 12 and 13 at the HTTP door: a package with a trigger of its own, or
/// with an NIP holding a letter, is a 400 naming what is wrong, and nothing is merged.
#[tokio::test]
async fn a_crafted_package_is_refused_over_http_and_nothing_is_merged() {
    let s = local().await;
    let (_, event) = s
        .post(
            "event_create",
            json!({"title": "Bimtek Arsip", "start_date": "2019-09-17"}),
        )
        .await;
    let event = event["id"].as_str().expect("id").to_string();
    let (status, added) = s
        .post(
            "participant_add",
            json!({"event_id": event, "name": "Sri Wahyuni", "nip": "198807242015032003"}),
        )
        .await;
    assert_eq!(status, 200, "{added}");
    let (status, pkg) = s.post("event_package", json!({"event_id": event})).await;
    assert_eq!(status, 200);
    let bytes = bintek_core::files::decode_base64("data", pkg["data"].as_str().expect("data"))
        .expect("base64");
    for (sql, says) in [
        (
            "CREATE TRIGGER diam_diam AFTER INSERT ON attendance BEGIN DELETE FROM person; END;",
            "tidak dibuat Bintek (trigger \"diam_diam\")",
        ),
        (
            "UPDATE person SET nip = '19880724201503200X';",
            "kolom nip: NIP \"19880724201503200X\" mengandung karakter selain angka",
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("paket.db");
        std::fs::write(&path, &bytes).expect("write");
        rusqlite::Connection::open(&path)
            .expect("open")
            .execute_batch(sql)
            .expect("craft");
        let crafted = std::fs::read(&path).expect("read");
        let data = bintek_core::files::FilePayload::new("paket.db", &crafted).data;
        let (status, body) = s
            .post(
                "merge_package",
                json!({"file_name": "paket.db", "data": data}),
            )
            .await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"]["field"], "data");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{message}");
    }
    let (_, list) = s.post("participant_list", json!({"event_id": event})).await;
    assert_eq!(list[0]["nip"], "198807242015032003");
}

/// Issue 14.7 over HTTP: "Dinkes" finds Dinas Kesehatan and creates nothing; an OPD that
/// matches none is a 400 on `opd` until the request confirms it.
#[tokio::test]
async fn a_short_opd_name_finds_the_opd_and_an_unknown_one_is_asked_about() {
    let s = local().await;
    let (_, event) = s
        .post(
            "event_create",
            json!({"title": "Bintek", "start_date": "2019-09-17"}),
        )
        .await;
    let (status, _) = s
        .post("opd_create", json!({"name": "Dinas Kesehatan"}))
        .await;
    assert_eq!(status, 200);
    let (status, body) = s
        .post(
            "participant_add",
            json!({"event_id": event["id"], "name": "Siti", "opd": "DINKES."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["participant"]["opd"], json!("Dinas Kesehatan"));
    let (status, body) = s
        .post(
            "participant_add",
            json!({"event_id": event["id"], "name": "Rudi", "opd": "ANRI"}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["field"], json!("opd"));
    let (_, opds) = s.post("opd_list", json!({})).await;
    assert_eq!(opds.as_array().map(Vec::len), Some(1));
    let (status, body) = s.post("opd_suggest", json!({"q": "dinkes"})).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], json!("one"));
    assert_eq!(body["suggestions"][0]["name"], json!("Dinas Kesehatan"));
}

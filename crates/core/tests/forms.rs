//! The forms at the Api: made from templates, opened and closed, filled in by participants
//! (once, or replacing; a retry stored once; anonymous without a link), a paper form
//! entered at a desk, and what the results say (distribution, mean, index, aspects, the
//! lowest first, who has not answered by OPD, pre/post gain and N-gain) — worked examples.

mod common;
use common::*;

use bintek_core::{Api, Caller};
use serde_json::{json, Value};

struct Setup {
    _dir: tempfile::TempDir,
    api: Api,
    event: String,
    session: String,
    people: Vec<Registered>,
}

fn setup() -> Setup {
    let (dir, api) = temp_api();
    let (event, sessions) = event_with_sessions(
        &api,
        "Bimtek Evaluasi",
        None,
        &[("Keamanan Informasi", "09:00", "10:30")],
    );
    let people = add_people(
        &api,
        &event,
        [
            person("Sri Wahyuni", None, Some("Dinas Kesehatan")),
            person("Budi Santoso", None, Some("Dinas Kesehatan")),
            person("Agus Setiawan", None, Some("Inspektorat Daerah")),
            person("Dewi Lestari", None, Some("Inspektorat Daerah")),
        ],
    );
    Setup {
        _dir: dir,
        api,
        event,
        session: sessions[0].clone(),
        people,
    }
}

fn me(p: &Registered) -> Caller {
    Caller::participant(&p.id, "peserta")
}

/// The element of the array `list` whose `key` is `value`.
fn find<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .expect("array")
        .iter()
        .find(|x| x[key] == value)
        .unwrap_or_else(|| panic!("no {key} = {value} in {list}"))
}

fn question_ids(form: &Value) -> Vec<String> {
    form["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["id"].as_str().expect("id").to_string())
        .collect()
}

/// A five-question test bank: the right option is always "Benar".
fn test_bank() -> Value {
    json!((1..=5)
        .map(|i| json!({"text": format!("Soal nomor {i}?"), "options": ["Salah", "Benar", "Keliru", "Tidak tahu"], "answer": 1}))
        .collect::<Vec<_>>())
}

/// Answers to the test bank with `right` of them right (the first ones).
fn test_answers(ids: &[String], right: usize) -> Value {
    json!(ids
        .iter()
        .enumerate()
        .map(|(i, id)| json!({"question_id": id, "choice": if i < right { 1 } else { 0 }}))
        .collect::<Vec<_>>())
}

#[test]
fn a_new_evaluation_form_starts_from_the_template_and_opens_and_closes() {
    let s = setup();
    let f = call(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "penyelenggaraan"}),
    );
    assert_eq!(f["title"], "Evaluasi penyelenggaraan");
    assert_eq!(f["anonymous"], true);
    assert_eq!(f["scale"], 4);
    assert_eq!(f["open"], false);
    let aspects: Vec<&str> = f["questions"]
        .as_array()
        .expect("q")
        .iter()
        .filter_map(|q| q["aspect"].as_str())
        .collect();
    for a in ["Persiapan", "Fasilitas", "Jadwal", "Konsumsi", "Panitia"] {
        assert!(aspects.contains(&a), "{a} in {aspects:?}");
    }
    // Only one of its kind per event.
    let e = call_err(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "penyelenggaraan"}),
    );
    assert_eq!(e.field.as_deref(), Some("kind"));
    // A narasumber evaluation needs its session, and is titled with it.
    let e = call_err(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "narasumber"}),
    );
    assert_eq!(e.field.as_deref(), Some("session_id"));
    let n = call(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "narasumber", "session_id": s.session}),
    );
    assert!(n["title"]
        .as_str()
        .expect("title")
        .contains("Keamanan Informasi"));

    // Closed: a participant cannot send; open: they can; closed again: refused.
    let id = id(&f);
    let sri = me(&s.people[0]);
    let listed = call_as(&s.api, &sri, "me_forms", json!({}));
    assert_eq!(listed[0]["open"], false);
    let opened = call(&s.api, "form_open", json!({"id": id, "open": true}));
    assert_eq!(opened["open"], true);
    let closed = call(&s.api, "form_open", json!({"id": id, "open": false}));
    assert_eq!(closed["open"], false);
    let ids = question_ids(&f);
    let answers: Vec<Value> = f["questions"]
        .as_array()
        .expect("q")
        .iter()
        .zip(&ids)
        .filter(|(q, _)| q["kind"] == "likert")
        .map(|(_, id)| json!({"question_id": id, "value": 3}))
        .collect();
    let e = call_err_as(
        &s.api,
        &sri,
        "me_form_submit",
        json!({"form_id": id, "submission_id": "kirim-0001", "answers": answers}),
    );
    assert!(e.message.contains("ditutup"), "{e:?}");
    // Scheduled into the past and the future: open now, until it closes.
    let sched = call(
        &s.api,
        "form_schedule",
        json!({"id": id, "opens_at": "2019-09-17 09:00", "closes_at": "2099-01-01T00:00"}),
    );
    assert_eq!(sched["open"], true);
    assert_eq!(sched["opens_at"], "2019-09-17T09:00");
    let e = call_err(
        &s.api,
        "form_schedule",
        json!({"id": id, "opens_at": "2019-09-17T09:00", "closes_at": "2019-09-17T08:00"}),
    );
    assert_eq!(e.field.as_deref(), Some("closes_at"));
    let e = call_err(
        &s.api,
        "form_schedule",
        json!({"id": id, "opens_at": "besok pagi"}),
    );
    assert_eq!(e.field.as_deref(), Some("opens_at"));
    call_as(
        &s.api,
        &sri,
        "me_form_submit",
        json!({"form_id": id, "submission_id": "kirim-0001", "answers": answers}),
    );
    // Its questions are fixed once answered.
    let e = call_err(
        &s.api,
        "form_update",
        json!({"id": id, "questions": [{"text": "Baru?", "kind": "likert"}]}),
    );
    assert!(e.message.contains("Sudah ada 1 jawaban"), "{e:?}");
    let e = call_err(&s.api, "form_delete", json!({"id": id}));
    assert!(e.message.contains("1 jawaban"), "{e:?}");
}

#[test]
fn one_submission_per_person_a_retry_is_stored_once_and_anonymous_keeps_no_link() {
    let s = setup();
    let f = call(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "narasumber", "session_id": s.session}),
    );
    let id = id(&f);
    call(&s.api, "form_open", json!({"id": id, "open": true}));
    let ids = question_ids(&f);
    let likert = |v: i64| -> Value {
        json!(ids[..4]
            .iter()
            .map(|q| json!({"question_id": q, "value": v}))
            .collect::<Vec<_>>())
    };
    let sri = me(&s.people[0]);
    let first = call_as(
        &s.api,
        &sri,
        "me_form_submit",
        json!({"form_id": id, "submission_id": "sri-aaaa-0001", "answers": likert(4)}),
    );
    assert_eq!(first["repeated"], false);
    // The same submission again (the phone did not hear the answer): the same answer.
    let again = call_as(
        &s.api,
        &sri,
        "me_form_submit",
        json!({"form_id": id, "submission_id": "sri-aaaa-0001", "answers": likert(4)}),
    );
    assert_eq!(again["repeated"], true);
    assert_eq!(again["response_id"], first["response_id"]);
    // A second, different one: anonymous forms refuse it.
    let e = call_err_as(
        &s.api,
        &sri,
        "me_form_submit",
        json!({"form_id": id, "submission_id": "sri-aaaa-0002", "answers": likert(1)}),
    );
    assert!(e.message.contains("sudah mengisi"), "{e:?}");
    // Someone else's submission id is not theirs to replay.
    let budi = me(&s.people[1]);
    let e = call_err_as(
        &s.api,
        &budi,
        "me_form_submit",
        json!({"form_id": id, "submission_id": "sri-aaaa-0001", "answers": likert(2)}),
    );
    assert!(e.message.contains("sudah dipakai"), "{e:?}");
    // An unanswered item is named by its number.
    let mut partial = likert(3);
    partial.as_array_mut().expect("a").remove(2);
    let e = call_err_as(
        &s.api,
        &budi,
        "me_form_submit",
        json!({"form_id": id, "submission_id": "budi-0000-0001", "answers": partial}),
    );
    assert!(
        e.errors
            .iter()
            .any(|f| f.message == "Pertanyaan 3 belum dinilai."),
        "{e:?}"
    );
    let e = call_err_as(
        &s.api,
        &budi,
        "me_form_submit",
        json!({"form_id": id, "submission_id": "budi-0000-0001", "answers": likert(7)}),
    );
    assert!(e.message.contains("nilai harus 1–4"), "{e:?}");
    call_as(
        &s.api,
        &budi,
        "me_form_submit",
        json!({"form_id": id, "submission_id": "budi-0000-0001", "answers": likert(2)}),
    );
    // Anonymous: no answer row names a registration; who answered is still counted.
    let path = s.api.path().to_path_buf();
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let linked: i64 = conn
        .query_row(
            "SELECT count(*) FROM form_response WHERE registration_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(linked, 0);
    let r = call(&s.api, "form_results", json!({"form_id": id}));
    assert_eq!(r["respondents"], 2);
    assert_eq!(r["expected"], 4);
    assert_eq!(
        r["missing"],
        json!([{"opd": "Inspektorat Daerah", "names": ["Agus Setiawan", "Dewi Lestari"],
                "ids": [s.people[2].id, s.people[3].id]}])
    );
    // Worked example: one 4 and one 2 on every item → mean 3,00, index 75,00 (C).
    assert_eq!(r["questions"][0]["counts"], json!([0, 1, 0, 1]));
    assert_eq!(r["questions"][0]["mean"], 3.0);
    assert_eq!(r["questions"][0]["index"], 75.0);
    assert_eq!(r["index"], 75.0);
    assert_eq!(r["category"], "C (Kurang baik)");
    assert_eq!(r["aspects"][0]["aspect"], "Penguasaan materi");
}

#[test]
fn a_form_that_allows_it_replaces_the_first_submission() {
    let s = setup();
    let f = call(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "umum"}),
    );
    let id = id(&f);
    assert_eq!(f["resubmit"], "replace");
    assert_eq!(f["anonymous"], false);
    call(&s.api, "form_open", json!({"id": id, "open": true}));
    let ids = question_ids(&f);
    let sri = me(&s.people[0]);
    call_as(
        &s.api,
        &sri,
        "me_form_submit",
        json!({"form_id": id, "submission_id": "sri-umum-0001",
               "answers": [{"question_id": ids[0], "text": "Materi keamanan"}]}),
    );
    let detail = call_as(&s.api, &sri, "me_form_get", json!({"form_id": id}));
    assert_eq!(detail["answered"], true);
    assert_eq!(detail["answers"][0]["text"], "Materi keamanan");
    let second = call_as(
        &s.api,
        &sri,
        "me_form_submit",
        json!({"form_id": id, "submission_id": "sri-umum-0002",
               "answers": [{"question_id": ids[0], "text": "Praktik langsung"}]}),
    );
    assert_eq!(second["replaced"], true);
    let r = call(&s.api, "form_results", json!({"form_id": id}));
    assert_eq!(r["respondents"], 1);
    assert_eq!(r["questions"][0]["texts"], json!(["Praktik langsung"]));
    // Not the forms of another event: unknown to this participant.
    let other = event(&s.api, "Lain", "2019-10-01", None);
    let g = call(
        &s.api,
        "form_create",
        json!({"event_id": other, "kind": "umum"}),
    );
    let e = call_err_as(&s.api, &sri, "me_form_get", json!({"form_id": g["id"]}));
    assert_eq!(e.http_status(), 404);
}

#[test]
fn pre_and_post_test_share_a_bank_are_shuffled_per_person_and_give_the_n_gain() {
    let s = setup();
    let e = call_err(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "posttest"}),
    );
    assert!(e.message.contains("pre-test lebih dahulu"), "{e:?}");
    let pre = call(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "pretest"}),
    );
    let pre_id = id(&pre);
    assert_eq!(pre["time_limit_min"], 15);
    // A test question without its key, or with a key outside the options: named.
    let e = call_err(
        &s.api,
        "form_update",
        json!({"id": pre_id, "questions": [
            {"text": "Apa itu phishing?", "options": ["A", "B"]},
            {"text": "Soal dua?", "options": ["A", "B"], "answer": 5},
            {"text": "", "options": ["A"], "answer": 0}
        ]}),
    );
    let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "questions[0].answer",
            "questions[1].answer",
            "questions[2].text",
            "questions[2].options"
        ],
        "{e:?}"
    );
    // Opening a form without questions is refused.
    let e = call_err(&s.api, "form_open", json!({"id": pre_id, "open": true}));
    assert!(e.message.contains("belum punya pertanyaan"), "{e:?}");
    let pre = call(
        &s.api,
        "form_update",
        json!({"id": pre_id, "questions": test_bank()}),
    );
    let post = call(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "posttest"}),
    );
    let post_id = id(&post);
    assert_eq!(post["bank_form_id"], pre_id.as_str());
    assert_eq!(question_ids(&post), question_ids(&pre));
    let ids = question_ids(&pre);
    call(&s.api, "form_open", json!({"id": pre_id, "open": true}));
    call(&s.api, "form_open", json!({"id": post_id, "open": true}));

    // The order differs between people and stays for one person; the deadline is set.
    let sri = me(&s.people[0]);
    let budi = me(&s.people[1]);
    let a = call_as(&s.api, &sri, "me_form_get", json!({"form_id": pre_id}));
    let b = call_as(&s.api, &budi, "me_form_get", json!({"form_id": pre_id}));
    let again = call_as(&s.api, &sri, "me_form_get", json!({"form_id": pre_id}));
    assert_eq!(a["questions"], again["questions"]);
    let order = |d: &Value| -> Vec<String> {
        d["questions"]
            .as_array()
            .expect("q")
            .iter()
            .map(|q| format!("{}", q["options"]))
            .collect()
    };
    assert_ne!(order(&a), order(&b), "options shuffled per person");
    assert!(a["deadline"].is_string());
    assert!(
        a["questions"][0].get("answer").is_none(),
        "no key to the phone"
    );

    // Worked example. Pre: Sri 2/5 = 40, Budi 4/5 = 80. Post: Sri 4/5 = 80, Budi 5/5 = 100.
    // Sri: gain 40, N-gain 40/60 = 0,67; Budi: gain 20, N-gain 20/20 = 1,00.
    // Class: pre 60, post 90, gain 30, N-gain 30/40 = 0,75 (Tinggi).
    for (who, form, right, sub) in [
        (&sri, &pre_id, 2, "sri-pre-00001"),
        (&budi, &pre_id, 4, "budi-pre-0001"),
        (&sri, &post_id, 4, "sri-post-0001"),
        (&budi, &post_id, 5, "budi-post-001"),
    ] {
        let r = call_as(
            &s.api,
            who,
            "me_form_submit",
            json!({"form_id": form, "submission_id": sub, "answers": test_answers(&ids, right)}),
        );
        assert_eq!(r["correct"], right as i64);
        assert_eq!(r["total"], 5);
    }
    let r = call(&s.api, "form_results", json!({"form_id": post_id}));
    let t = &r["tests"];
    assert_eq!(t["paired"], 2);
    assert_eq!(t["mean_pre"], 60.0);
    assert_eq!(t["mean_post"], 90.0);
    assert_eq!(t["mean_gain"], 30.0);
    assert_eq!(t["n_gain"], 0.75);
    assert_eq!(t["n_gain_category"], "Tinggi");
    let sri_score = t["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["name"] == "Sri Wahyuni")
        .expect("sri");
    assert_eq!(sri_score["n_gain"], 0.67);
    // Question 5 was right for one of two (Budi): the lowest, listed first.
    assert_eq!(r["lowest_first"][0], ids[4].as_str());
    assert_eq!(r["questions"][4]["right_share"], 50.0);
    // A pre-test cannot be made anonymous, nor its bank changed once answered.
    let e = call_err(
        &s.api,
        "form_update",
        json!({"id": pre_id, "anonymous": true}),
    );
    assert_eq!(e.field.as_deref(), Some("anonymous"));
    let e = call_err(
        &s.api,
        "form_update",
        json!({"id": pre_id, "questions": test_bank()}),
    );
    assert!(e.message.contains("Sudah ada"), "{e:?}");
}

#[test]
fn a_desk_enters_a_paper_form_and_a_participant_cannot() {
    let s = setup();
    let f = call(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "penyelenggaraan"}),
    );
    let id = id(&f);
    let answers: Vec<Value> = f["questions"]
        .as_array()
        .expect("q")
        .iter()
        .filter(|q| q["kind"] == "likert")
        .map(|q| json!({"question_id": q["id"], "value": 4}))
        .collect();
    // A desk sees only the forms open now, with who has not answered.
    let desk_sees = |api: &Api| {
        call_as(
            api,
            &desk("Meja 1"),
            "paper_forms",
            json!({"event_id": s.event}),
        )
    };
    assert_eq!(desk_sees(&s.api), json!([]));
    call(&s.api, "form_open", json!({"id": id, "open": true}));
    let pre = call(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "pretest"}),
    )["id"]
        .clone();
    call(
        &s.api,
        "form_update",
        json!({"id": pre, "questions": test_bank()}),
    );
    call(&s.api, "form_open", json!({"id": pre, "open": true}));
    let paper = desk_sees(&s.api);
    assert_eq!(paper.as_array().expect("forms").len(), 2, "{paper}");
    let eval = find(&paper, "id", &id);
    assert_eq!(eval["missing"][0]["opd"], "Dinas Kesehatan");
    assert_eq!(
        eval["missing"][1]["names"],
        json!(["Agus Setiawan", "Dewi Lestari"])
    );
    // A test's questions come in their own order with the options as printed, and no key.
    let test = find(&paper, "kind", "pretest");
    assert_eq!(test["questions"][0]["text"], "Soal nomor 1?");
    assert_eq!(test["questions"][0]["options"][1], "Benar");
    assert!(
        !test.to_string().contains("\"answer\""),
        "no key reaches a desk: {test}"
    );
    let e = call_err_as(
        &s.api,
        &me(&s.people[0]),
        "paper_forms",
        json!({"event_id": s.event}),
    );
    assert_eq!(e.http_status(), 403);
    // A paper form is entered for the person named.
    let r = call_as(
        &s.api,
        &desk("Meja 1"),
        "form_entry",
        json!({"form_id": id, "registration_id": s.people[3].id, "submission_id": "kertas-00001", "answers": answers}),
    );
    assert_eq!(r["repeated"], false);
    let res = call(&s.api, "form_results", json!({"form_id": id}));
    assert_eq!(res["respondents"], 1);
    assert_eq!(res["index"], 100.0);
    // Dewi is no longer waiting at the desk.
    let paper = desk_sees(&s.api);
    assert_eq!(
        find(&paper, "id", &id)["missing"][1]["names"],
        json!(["Agus Setiawan"])
    );
    let e = call_err_as(
        &s.api,
        &me(&s.people[0]),
        "form_entry",
        json!({"form_id": id, "registration_id": s.people[0].id, "submission_id": "kertas-00002", "answers": answers}),
    );
    assert_eq!(e.http_status(), 403);
    // The summary: the form's index and the count.
    let sum = call(&s.api, "evaluation_summary", json!({"event_id": s.event}));
    let mine = find(&sum["forms"], "id", &id);
    assert_eq!(mine["respondents"], 1);
    assert_eq!(mine["category"], "A (Sangat baik)");
}

#[test]
fn the_certificate_can_ask_for_the_evaluation_and_a_post_test_score() {
    let s = setup();
    for p in &s.people {
        call(
            &s.api,
            "checkin",
            json!({"event_id": s.event, "session_id": s.session, "code": p.code}),
        );
    }
    let e = call_err(
        &s.api,
        "certificate_settings_set",
        json!({"event_id": s.event, "min_posttest": 101}),
    );
    assert_eq!(e.field.as_deref(), Some("min_posttest"));
    call(
        &s.api,
        "certificate_settings_set",
        json!({"event_id": s.event, "require_evaluation": true, "min_posttest": 70}),
    );
    // Only an opened evaluation counts; no post-test yet: said so.
    let eval = call(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "penyelenggaraan"}),
    );
    let reason = |who: usize| -> (bool, String) {
        let list = call(
            &s.api,
            "certificate_eligibility",
            json!({"event_id": s.event}),
        );
        let row = list
            .as_array()
            .expect("list")
            .iter()
            .find(|r| r["registration_id"] == s.people[who].id.as_str())
            .expect("row")
            .clone();
        (
            row["eligible"].as_bool().expect("eligible"),
            row["reason"].as_str().expect("reason").to_string(),
        )
    };
    let (ok, why) = reason(0);
    assert!(!ok);
    assert!(why.ends_with("Post-test belum dibuat."), "{why}");
    assert!(!why.contains("Evaluasi"), "not opened yet: {why}");

    call(&s.api, "form_open", json!({"id": eval["id"], "open": true}));
    let likert: Vec<Value> = eval["questions"]
        .as_array()
        .expect("q")
        .iter()
        .filter(|q| q["kind"] == "likert")
        .map(|q| json!({"question_id": q["id"], "value": 3}))
        .collect();
    call_as(
        &s.api,
        &me(&s.people[0]),
        "me_form_submit",
        json!({"form_id": eval["id"], "submission_id": "sri-eval-0001", "answers": likert}),
    );
    let pre = call(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "pretest"}),
    );
    let pre = call(
        &s.api,
        "form_update",
        json!({"id": pre["id"], "questions": test_bank()}),
    );
    let post = call(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "posttest"}),
    );
    let ids = question_ids(&pre);
    for (who, right, sub) in [(0, 4, "kertas-post-sri"), (1, 2, "kertas-post-budi")] {
        call(
            &s.api,
            "form_entry",
            json!({"form_id": post["id"], "registration_id": s.people[who].id,
                   "submission_id": sub, "answers": test_answers(&ids, right)}),
        );
    }
    let (ok, why) = reason(0);
    assert!(ok, "{why}");
    assert!(
        why.ends_with("Evaluasi sudah diisi. Nilai post-test 80, memenuhi batas 70."),
        "{why}"
    );
    let (ok, why) = reason(1);
    assert!(!ok);
    assert!(
        why.ends_with(
            "Belum mengisi Evaluasi penyelenggaraan. Nilai post-test 40, kurang dari batas 70."
        ),
        "{why}"
    );
    let (ok, why) = reason(2);
    assert!(!ok);
    assert!(why.ends_with("Belum mengerjakan post-test."), "{why}");
    // Issuing follows the same rule: one certificate, Sri's.
    let issued = call(&s.api, "certificate_issue", json!({"event_id": s.event}));
    assert_eq!(issued["issued"], 1, "{issued}");
    // 0 removes the score condition.
    let set = call(
        &s.api,
        "certificate_settings_set",
        json!({"event_id": s.event, "min_posttest": 0, "require_evaluation": false}),
    );
    assert!(set["min_posttest"].is_null());
    assert!(reason(2).0);
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn a_question_bank_goes_out_to_excel_and_comes_back_and_a_bad_row_is_named() {
    let s = setup();
    let pre = call(
        &s.api,
        "form_create",
        json!({"event_id": s.event, "kind": "pretest"}),
    );
    // Written by hand, as a CSV from Excel with ";" (CRLF): the key as a letter.
    let csv = "No;Pertanyaan;Pilihan A;Pilihan B;Pilihan C;Kunci\r\n\
               1;Email yang meminta kata sandi disebut?;Phishing;Firewall;Enkripsi;A\r\n\
               2;Sandi yang kuat paling sedikit?;4 karakter;6 karakter;12 karakter;c\r\n";
    let f = call(
        &s.api,
        "form_bank_import",
        json!({"id": pre["id"], "file_name": "soal.csv", "data": b64(csv.as_bytes())}),
    );
    assert_eq!(f["questions"].as_array().expect("q").len(), 2);
    assert_eq!(f["questions"][1]["answer"], 2);
    assert_eq!(
        f["questions"][0]["options"],
        json!(["Phishing", "Firewall", "Enkripsi"])
    );

    // Out to Excel and in again: the same questions.
    let file = call(&s.api, "form_bank_export", json!({"id": pre["id"]}));
    assert!(file["file_name"].as_str().expect("name").ends_with(".xlsx"));
    let again = call(
        &s.api,
        "form_bank_import",
        json!({"id": pre["id"], "file_name": "soal.xlsx", "data": file["data"]}),
    );
    let strip = |v: &Value| -> Vec<Value> {
        v["questions"]
            .as_array()
            .expect("q")
            .iter()
            .map(|q| json!([q["text"], q["options"], q["answer"], q["kind"]]))
            .collect()
    };
    assert_eq!(strip(&again), strip(&f));

    // A broken file: every bad row named, the questions unchanged.
    let bad = "Pertanyaan;Jenis;Pilihan A;Pilihan B;Kunci\r\n\
               Soal baik?;pilihan;Ya;Tidak;A\r\n\
               Soal tanpa kunci?;pilihan;Ya;Tidak;\r\n\
               Soal aneh?;menjodohkan;Ya;Tidak;B\r\n\
               Kunci salah?;pilihan;Ya;Tidak;BB\r\n";
    let e = call_err(
        &s.api,
        "form_bank_import",
        json!({"id": pre["id"], "file_name": "soal.csv", "data": b64(bad.as_bytes())}),
    );
    let messages: Vec<&str> = e.errors.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Baris 4, kolom Jenis: \"menjodohkan\" tidak dikenal; tulis pilihan, skala atau isian.",
            "Baris 5, kolom Kunci: tulis huruf pilihan yang benar (A, B, C …)."
        ],
        "{e:?}"
    );
    let bad = "Pertanyaan;Pilihan A;Pilihan B;Kunci\r\nSoal baik?;Ya;Tidak;A\r\nSoal tanpa kunci?;Ya;Tidak;\r\n";
    let e = call_err(
        &s.api,
        "form_bank_import",
        json!({"id": pre["id"], "file_name": "soal.csv", "data": b64(bad.as_bytes())}),
    );
    assert_eq!(
        e.message, "Baris 3: Pertanyaan 2: tentukan kunci jawabannya.",
        "{e:?}"
    );
    let now = call(&s.api, "form_get", json!({"id": pre["id"]}));
    assert_eq!(strip(&now), strip(&f), "nothing of the bad files kept");
    let e = call_err(
        &s.api,
        "form_bank_import",
        json!({"id": pre["id"], "file_name": "soal.csv", "data": b64(b"Nama;NIP\r\nSri;1\r\n")}),
    );
    assert!(
        e.message.contains("Kolom \"Pertanyaan\" tidak ditemukan"),
        "{e:?}"
    );
}

//! What the forms say: per question the distribution and the mean; per aspect, per form
//! and per narasumber the mean on the scale and an index 0–100; the pre-test and post-test
//! per person with the gain and the N-gain; who has not answered yet, by OPD.
//!
//! - The index is mean ÷ scale × 100, the conversion of the Indeks Kepuasan Masyarakat
//!   (Permenpan-RB 14/2017: a 1–4 mean × 25), with its categories: A "Sangat baik"
//!   (88,31–100), B "Baik" (76,61–88,30), C "Kurang baik" (65,00–76,60), D "Tidak baik"
//!   (below 65).
//! - A test's score is the right answers ÷ the questions × 100. N-gain = (post − pre) ÷
//!   (100 − pre) (Hake), per person (none where the pre-test was 100) and for the class
//!   from the means of those who took both: ≥ 0,7 "Tinggi", ≥ 0,3 "Sedang", else "Rendah".

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::{form_view, questions_of, Form, FormKind, QuestionKind};
use crate::agenda::EventArgs;
use crate::api::{Api, Caller};
use crate::error::ApiError;
use crate::store::forms as q;

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct FormResultsArgs {
    pub form_id: String,
}

/// One question's answers.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct QuestionResult {
    pub id: String,
    /// Its number in the form (1, 2 …).
    pub number: i64,
    pub kind: QuestionKind,
    pub aspect: Option<String>,
    pub text: String,
    /// How many answered it.
    pub answered: i64,
    /// What each bar counts: the options of a choice, the values 1…scale of a Likert item.
    pub labels: Vec<String>,
    pub counts: Vec<i64>,
    /// A Likert item's mean on the scale and its index 0–100.
    pub mean: Option<f64>,
    pub index: Option<f64>,
    /// A test question's right option, and the share who chose it (0–100).
    pub right: Option<i64>,
    pub right_share: Option<f64>,
    /// The answers to a free question.
    pub texts: Vec<String>,
}

/// The Likert items of one aspect together.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct AspectResult {
    pub aspect: String,
    pub items: i64,
    pub mean: f64,
    pub index: f64,
    pub category: String,
}

/// Registered participants who have not answered, of one OPD.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct MissingGroup {
    pub opd: String,
    pub names: Vec<String>,
    /// Their registrations, in the order of `names` (a paper form is entered for one).
    pub ids: Vec<String>,
}

/// One person's pre-test and post-test.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PersonScore {
    pub registration_id: String,
    pub name: String,
    pub opd: Option<String>,
    pub pre: Option<f64>,
    pub post: Option<f64>,
    pub gain: Option<f64>,
    pub n_gain: Option<f64>,
}

/// The pre-test and post-test of an event.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct TestSummary {
    pub people: Vec<PersonScore>,
    /// Means over those who took both.
    pub paired: i64,
    pub mean_pre: Option<f64>,
    pub mean_post: Option<f64>,
    pub mean_gain: Option<f64>,
    pub n_gain: Option<f64>,
    pub n_gain_category: Option<String>,
}

/// `form_results`: everything one form says.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct FormResults {
    pub form: Form,
    pub respondents: i64,
    pub expected: i64,
    pub missing: Vec<MissingGroup>,
    pub questions: Vec<QuestionResult>,
    /// The questions' ids, the lowest-scoring first (Likert by mean, test questions by
    /// the share right).
    pub lowest_first: Vec<String>,
    pub aspects: Vec<AspectResult>,
    /// The mean of all Likert answers, as an index 0–100, and its category.
    pub mean: Option<f64>,
    pub index: Option<f64>,
    pub category: Option<String>,
    /// A test: the pre-test and post-test side by side.
    pub tests: Option<TestSummary>,
}

/// One form in the event's summary.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct FormSummary {
    pub id: String,
    pub kind: FormKind,
    pub title: String,
    pub session_label: Option<String>,
    pub speakers: Vec<String>,
    pub open: bool,
    pub respondents: i64,
    pub expected: i64,
    pub index: Option<f64>,
    pub category: Option<String>,
}

/// One narasumber over the sessions they were evaluated in.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct SpeakerResult {
    pub name: String,
    pub sessions: i64,
    pub mean: f64,
    pub index: f64,
    pub category: String,
}

/// `evaluation_summary`: every form of the event with its count and index, the
/// narasumber lowest first, and the tests.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct EvaluationSummary {
    pub forms: Vec<FormSummary>,
    pub speakers: Vec<SpeakerResult>,
    pub tests: Option<TestSummary>,
}

/// The IKM category of an index 0–100.
pub fn category(index: f64) -> &'static str {
    if index >= 88.31 {
        "A (Sangat baik)"
    } else if index >= 76.61 {
        "B (Baik)"
    } else if index >= 65.0 {
        "C (Kurang baik)"
    } else {
        "D (Tidak baik)"
    }
}

/// Hake's category of an N-gain.
pub fn n_gain_category(g: f64) -> &'static str {
    if g >= 0.7 {
        "Tinggi"
    } else if g >= 0.3 {
        "Sedang"
    } else {
        "Rendah"
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn index_of(mean: f64, scale: i64) -> f64 {
    round2(mean / scale as f64 * 100.0)
}

/// Who has not answered the form yet, by OPD (OPDs in order, people as registered).
pub(crate) fn missing_groups(
    conn: &rusqlite::Connection,
    f: &q::FormRow,
) -> Result<Vec<MissingGroup>, ApiError> {
    let answered: std::collections::HashSet<String> =
        q::answered(conn, &f.id)?.into_iter().collect();
    let mut missing: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for p in q::expected_participants(conn, &f.event_id)? {
        if !answered.contains(&p.registration_id) {
            let g = missing
                .entry(p.opd.unwrap_or_else(|| "(tanpa OPD)".to_string()))
                .or_default();
            g.0.push(p.name);
            g.1.push(p.registration_id);
        }
    }
    Ok(missing
        .into_iter()
        .map(|(opd, (names, ids))| MissingGroup { opd, names, ids })
        .collect())
}

/// Everything one form says (read on one connection).
pub(crate) fn results(conn: &rusqlite::Connection, f: q::FormRow) -> Result<FormResults, ApiError> {
    let kind = FormKind::parse(&f.kind).unwrap_or(FormKind::Umum);
    let questions = questions_of(conn, &f)?;
    let answers = q::answers(conn, &f.id)?;
    let responses = q::responses(conn, &f.id)?;
    let expected = q::expected_participants(conn, &f.event_id)?.len() as i64;
    let missing = missing_groups(conn, &f)?;
    let mut by_question: HashMap<&str, Vec<&q::AnswerRow>> = HashMap::new();
    for a in &answers {
        by_question
            .entry(a.question_id.as_str())
            .or_default()
            .push(a);
    }
    let respondents = responses.len() as i64;
    let mut out = Vec::new();
    let mut all_sum = 0i64;
    let mut all_n = 0i64;
    let mut aspects: Vec<(String, i64, i64, i64)> = Vec::new();
    for (i, qq) in questions.iter().enumerate() {
        let given = by_question.get(qq.id.as_str()).cloned().unwrap_or_default();
        let mut r = QuestionResult {
            id: qq.id.clone(),
            number: i as i64 + 1,
            kind: qq.kind,
            aspect: qq.aspect.clone(),
            text: qq.text.clone(),
            answered: 0,
            labels: Vec::new(),
            counts: Vec::new(),
            mean: None,
            index: None,
            right: qq.answer,
            right_share: None,
            texts: Vec::new(),
        };
        match qq.kind {
            QuestionKind::Choice => {
                r.labels = qq.options.clone();
                r.counts = vec![0; qq.options.len()];
                for a in &given {
                    if let Some(c) = a
                        .choice
                        .filter(|c| *c >= 0 && (*c as usize) < r.counts.len())
                    {
                        r.counts[c as usize] += 1;
                        r.answered += 1;
                    }
                }
                if let (Some(right), true) = (qq.answer, respondents > 0) {
                    let n = r.counts.get(right as usize).copied().unwrap_or(0);
                    // Of everyone who submitted: a question left open counts as wrong.
                    r.right_share = Some(round2(n as f64 / respondents as f64 * 100.0));
                }
            }
            QuestionKind::Likert => {
                r.labels = (1..=f.scale).map(|v| v.to_string()).collect();
                r.counts = vec![0; f.scale as usize];
                let mut sum = 0;
                for a in &given {
                    if let Some(v) = a.value.filter(|v| (1..=f.scale).contains(v)) {
                        r.counts[v as usize - 1] += 1;
                        r.answered += 1;
                        sum += v;
                    }
                }
                if r.answered > 0 {
                    let mean = sum as f64 / r.answered as f64;
                    r.mean = Some(round2(mean));
                    r.index = Some(index_of(mean, f.scale));
                    all_sum += sum;
                    all_n += r.answered;
                    let aspect = qq.aspect.clone().unwrap_or_else(|| "Umum".to_string());
                    match aspects.iter_mut().find(|(a, ..)| *a == aspect) {
                        Some((_, items, s, n)) => {
                            *items += 1;
                            *s += sum;
                            *n += r.answered;
                        }
                        None => aspects.push((aspect, 1, sum, r.answered)),
                    }
                }
            }
            QuestionKind::Text => {
                r.texts = given.iter().filter_map(|a| a.text.clone()).collect();
                r.answered = r.texts.len() as i64;
            }
        }
        out.push(r);
    }
    let mut lowest: Vec<(f64, usize, String)> = out
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.index.or(r.right_share).map(|v| (v, i, r.id.clone())))
        .collect();
    lowest.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mean = (all_n > 0).then(|| all_sum as f64 / all_n as f64);
    let tests = if kind.is_test() {
        Some(test_summary(conn, &f.event_id)?)
    } else {
        None
    };
    Ok(FormResults {
        respondents,
        expected,
        missing,
        questions: out,
        lowest_first: lowest.into_iter().map(|(_, _, id)| id).collect(),
        aspects: aspects
            .into_iter()
            .map(|(aspect, items, sum, n)| {
                let mean = sum as f64 / n as f64;
                let index = index_of(mean, f.scale);
                AspectResult {
                    aspect,
                    items,
                    mean: round2(mean),
                    index,
                    category: category(index).to_string(),
                }
            })
            .collect(),
        mean: mean.map(round2),
        index: mean.map(|m| index_of(m, f.scale)),
        category: mean.map(|m| category(index_of(m, f.scale)).to_string()),
        tests,
        form: form_view(conn, f)?,
    })
}

/// The event's pre-test and post-test per person.
pub(crate) fn test_summary(
    conn: &rusqlite::Connection,
    event_id: &str,
) -> Result<TestSummary, ApiError> {
    let forms = q::list_forms(conn, event_id)?;
    let scores = |kind: &str| -> Result<HashMap<String, f64>, ApiError> {
        let mut out = HashMap::new();
        if let Some(f) = forms.iter().find(|f| f.kind == kind) {
            for r in q::responses(conn, &f.id)? {
                if let (Some(reg), Some(c), Some(t)) = (r.registration_id, r.correct, r.total) {
                    if t > 0 {
                        out.insert(reg, round2(c as f64 / t as f64 * 100.0));
                    }
                }
            }
        }
        Ok(out)
    };
    let pre = scores("pretest")?;
    let post = scores("posttest")?;
    let mut people = Vec::new();
    let (mut sum_pre, mut sum_post, mut paired) = (0.0, 0.0, 0i64);
    for p in q::expected_participants(conn, event_id)? {
        let a = pre.get(&p.registration_id).copied();
        let b = post.get(&p.registration_id).copied();
        if a.is_none() && b.is_none() {
            continue;
        }
        let (gain, n_gain) = match (a, b) {
            (Some(a), Some(b)) => {
                sum_pre += a;
                sum_post += b;
                paired += 1;
                (
                    Some(round2(b - a)),
                    (a < 100.0).then(|| round2((b - a) / (100.0 - a))),
                )
            }
            _ => (None, None),
        };
        people.push(PersonScore {
            registration_id: p.registration_id,
            name: p.name,
            opd: p.opd,
            pre: a,
            post: b,
            gain,
            n_gain,
        });
    }
    let (mean_pre, mean_post) = if paired > 0 {
        (
            Some(sum_pre / paired as f64),
            Some(sum_post / paired as f64),
        )
    } else {
        (None, None)
    };
    let n_gain = match (mean_pre, mean_post) {
        (Some(a), Some(b)) if a < 100.0 => Some(round2((b - a) / (100.0 - a))),
        _ => None,
    };
    Ok(TestSummary {
        people,
        paired,
        mean_pre: mean_pre.map(round2),
        mean_post: mean_post.map(round2),
        mean_gain: mean_pre.zip(mean_post).map(|(a, b)| round2(b - a)),
        n_gain,
        n_gain_category: n_gain.map(|g| n_gain_category(g).to_string()),
    })
}

impl Api {
    pub(crate) fn form_results(
        &self,
        _caller: &Caller,
        args: FormResultsArgs,
    ) -> Result<FormResults, ApiError> {
        let conn = self.read();
        let f = q::get_form(&conn, &args.form_id)?
            .ok_or_else(|| ApiError::not_found("Formulir tidak ditemukan."))?;
        results(&conn, f)
    }

    pub(crate) fn evaluation_summary(
        &self,
        _caller: &Caller,
        args: EventArgs,
    ) -> Result<EvaluationSummary, ApiError> {
        let conn = self.read();
        crate::agenda::event_or_404(&conn, &args.event_id)?;
        summary(&conn, &args.event_id)
    }
}

/// The event's forms with their counts and indexes, the narasumber lowest first.
pub(crate) fn summary(
    conn: &rusqlite::Connection,
    event_id: &str,
) -> Result<EvaluationSummary, ApiError> {
    let mut forms = Vec::new();
    let mut speakers: BTreeMap<String, (i64, f64, i64)> = BTreeMap::new();
    let mut has_tests = false;
    for f in q::list_forms(conn, event_id)? {
        has_tests |= f.kind == "pretest" || f.kind == "posttest";
        let is_speaker_form = f.kind == "narasumber";
        let r = results(conn, f)?;
        if is_speaker_form {
            if let Some(m) = r.mean {
                for s in &r.form.speakers {
                    let e = speakers.entry(s.clone()).or_insert((0, 0.0, r.form.scale));
                    e.0 += 1;
                    e.1 += m / r.form.scale as f64;
                }
            }
        }
        forms.push(FormSummary {
            id: r.form.id.clone(),
            kind: r.form.kind,
            title: r.form.title.clone(),
            session_label: r.form.session_label.clone(),
            speakers: r.form.speakers.clone(),
            open: r.form.open,
            respondents: r.respondents,
            expected: r.expected,
            index: r.index,
            category: r.category,
        });
    }
    let mut speakers: Vec<SpeakerResult> = speakers
        .into_iter()
        .map(|(name, (n, share_sum, scale))| {
            let share = share_sum / n as f64;
            let index = round2(share * 100.0);
            SpeakerResult {
                name,
                sessions: n,
                mean: round2(share * scale as f64),
                index,
                category: category(index).to_string(),
            }
        })
        .collect();
    speakers.sort_by(|a, b| a.index.total_cmp(&b.index).then(a.name.cmp(&b.name)));
    Ok(EvaluationSummary {
        forms,
        speakers,
        tests: if has_tests {
            Some(test_summary(conn, event_id)?)
        } else {
            None
        },
    })
}

/// The forms' conditions of a participant's certificate (`certificate_settings`): every
/// opened evaluation filled in, a post-test score of at least N. Read once for an event.
pub(crate) struct CertificateConditions {
    /// The opened evaluations, each with who filled it in.
    evaluations: Vec<(String, std::collections::HashSet<String>)>,
    /// The post-test's minimum and each person's score, when that condition is set.
    posttest: Option<(i64, bool, HashMap<String, f64>)>,
}

impl CertificateConditions {
    /// Whether `registration_id` meets the conditions, and the reason in words.
    pub(crate) fn check(&self, registration_id: &str) -> (bool, String) {
        let mut ok = true;
        let mut parts = Vec::new();
        if !self.evaluations.is_empty() {
            let missing: Vec<&str> = self
                .evaluations
                .iter()
                .filter(|(_, who)| !who.contains(registration_id))
                .map(|(title, _)| title.as_str())
                .collect();
            if missing.is_empty() {
                parts.push("Evaluasi sudah diisi.".to_string());
            } else {
                ok = false;
                parts.push(format!("Belum mengisi {}.", missing.join(", ")));
            }
        }
        if let Some((min, exists, scores)) = &self.posttest {
            match scores.get(registration_id) {
                Some(s) if *s >= *min as f64 => {
                    parts.push(format!("Nilai post-test {s:.0}, memenuhi batas {min}."))
                }
                Some(s) => {
                    ok = false;
                    parts.push(format!("Nilai post-test {s:.0}, kurang dari batas {min}."));
                }
                None => {
                    ok = false;
                    parts.push(if *exists {
                        "Belum mengerjakan post-test.".to_string()
                    } else {
                        "Post-test belum dibuat.".to_string()
                    });
                }
            }
        }
        (ok, parts.join(" "))
    }
}

/// The conditions of `settings` on the event's forms; `None` when it sets none.
pub(crate) fn certificate_conditions(
    conn: &rusqlite::Connection,
    event_id: &str,
    settings: &crate::store::certificates::CertSettings,
) -> Result<Option<CertificateConditions>, ApiError> {
    if !settings.require_evaluation && settings.min_posttest.is_none() {
        return Ok(None);
    }
    let forms = q::list_forms(conn, event_id)?;
    let mut evaluations = Vec::new();
    if settings.require_evaluation {
        let now = super::local_now();
        for f in forms
            .iter()
            .filter(|f| f.kind == "penyelenggaraan" || f.kind == "narasumber")
            // Only what participants could fill in: opened at some time until now.
            .filter(|f| f.opens_at.as_deref().is_some_and(|o| o <= now.as_str()))
        {
            evaluations.push((
                f.title.clone(),
                q::answered(conn, &f.id)?.into_iter().collect(),
            ));
        }
    }
    let posttest = match settings.min_posttest {
        None => None,
        Some(min) => {
            let post = forms.iter().find(|f| f.kind == "posttest");
            let mut scores = HashMap::new();
            if let Some(f) = post {
                for r in q::responses(conn, &f.id)? {
                    if let (Some(reg), Some(c), Some(t)) = (r.registration_id, r.correct, r.total) {
                        if t > 0 {
                            scores.insert(reg, round2(c as f64 / t as f64 * 100.0));
                        }
                    }
                }
            }
            Some((min, post.is_some(), scores))
        }
    };
    Ok(Some(CertificateConditions {
        evaluations,
        posttest,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_follow_the_ikm_conversion_and_hake() {
        assert_eq!(category(index_of(3.6, 4)), "A (Sangat baik)");
        assert_eq!(category(88.30), "B (Baik)");
        assert_eq!(category(76.60), "C (Kurang baik)");
        assert_eq!(category(64.99), "D (Tidak baik)");
        assert_eq!(index_of(3.0, 4), 75.0);
        assert_eq!(index_of(4.0, 5), 80.0);
        assert_eq!(n_gain_category(0.7), "Tinggi");
        assert_eq!(n_gain_category(0.69), "Sedang");
        assert_eq!(n_gain_category(0.29), "Rendah");
    }
}

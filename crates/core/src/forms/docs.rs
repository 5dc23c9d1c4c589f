//! The results of an event's tests and evaluations as documents: a PDF with the kop, the
//! summary, the narasumber lowest first, the pre/post scores, and per form its aspects and
//! every question's answers drawn as bars (`Block::Bars`, rectangles in the PDF); and an
//! XLSX with the summary, the scores and every answer of every form.

use std::collections::HashMap;

use bintek_docs::letter::{Bar, Block, LetterDoc, Section, TextAlign};
use bintek_docs::sheet::{write_xlsx, OutCell, OutSheet};
use serde::{Deserialize, Serialize};

use super::results::{self, FormResults, TestSummary};
use super::{decimal2 as dec, option_letter, QuestionKind};
use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode};
use crate::files::FilePayload;
use crate::store::forms as q;

/// Free answers printed per question; the XLSX has them all.
const TEXTS_IN_PDF: usize = 40;

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct EvaluationPrintArgs {
    pub event_id: String,
    /// `pdf` (default) or `xlsx`.
    pub format: Option<String>,
}

fn likert_label(scale: i64, v: usize) -> &'static str {
    let labels: &[&str] = if scale == 5 {
        &["Sangat kurang", "Kurang", "Cukup", "Baik", "Sangat baik"]
    } else {
        &["Sangat kurang", "Kurang", "Baik", "Sangat baik"]
    };
    labels.get(v).copied().unwrap_or("")
}

struct Loaded {
    event: crate::model::Event,
    kop: crate::agency::Kop,
    summary: results::EvaluationSummary,
    forms: Vec<FormResults>,
}

fn load(conn: &rusqlite::Connection, event_id: &str) -> Result<Loaded, ApiError> {
    let event = crate::agenda::event_or_404(conn, event_id)?;
    let kop = crate::agency::Kop::read(conn, &event)?;
    let summary = results::summary(conn, event_id)?;
    let forms = q::list_forms(conn, event_id)?
        .into_iter()
        .map(|f| results::results(conn, f))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Loaded {
        event,
        kop,
        summary,
        forms,
    })
}

fn tests_blocks(t: &TestSummary, blocks: &mut Vec<Block>) {
    blocks.push(Block::Fields {
        rows: vec![
            (
                "Mengerjakan keduanya".into(),
                format!("{} peserta", t.paired),
            ),
            ("Rata-rata pre-test".into(), dec(t.mean_pre)),
            ("Rata-rata post-test".into(), dec(t.mean_post)),
            ("Kenaikan rata-rata".into(), dec(t.mean_gain)),
            (
                "N-gain".into(),
                match &t.n_gain_category {
                    Some(c) => format!("{} ({c})", dec(t.n_gain)),
                    None => dec(t.n_gain),
                },
            ),
        ],
        indent: false,
    });
    if !t.people.is_empty() {
        blocks.push(Block::Table {
            header: ["No", "Nama", "OPD", "Pre", "Post", "Kenaikan", "N-gain"]
                .map(String::from)
                .to_vec(),
            widths: vec![5, 27, 26, 9, 9, 13, 11],
            align: vec![
                TextAlign::Center,
                TextAlign::Left,
                TextAlign::Left,
                TextAlign::Right,
                TextAlign::Right,
                TextAlign::Right,
                TextAlign::Right,
            ],
            rows: t
                .people
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    vec![
                        (i + 1).to_string(),
                        p.name.clone(),
                        p.opd.clone().unwrap_or_default(),
                        p.pre.map(|v| format!("{v:.0}")).unwrap_or_default(),
                        p.post.map(|v| format!("{v:.0}")).unwrap_or_default(),
                        p.gain.map(|v| format!("{v:.0}")).unwrap_or_default(),
                        p.n_gain.map(|v| dec(Some(v))).unwrap_or_default(),
                    ]
                })
                .collect(),
            signing: false,
            total: false,
        });
    }
}

fn form_blocks(part: char, n: usize, r: &FormResults, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading {
        text: format!("{part}.{n}. {}", r.form.title),
        level: 2,
    });
    let mut line = format!(
        "{} dari {} peserta mengisi{}.",
        r.respondents,
        r.expected,
        if r.form.anonymous { " (anonim)" } else { "" }
    );
    if let (Some(i), Some(c)) = (r.index, &r.category) {
        line.push_str(&format!(
            " Rata-rata {} dari skala {}, indeks {} — {c}.",
            dec(r.mean),
            r.form.scale,
            dec(Some(i))
        ));
    }
    if let Some(s) = &r.form.session_label {
        line = format!("{s}. {line}");
    }
    blocks.push(Block::lines(line));
    if !r.aspects.is_empty() {
        let mut aspects = r.aspects.clone();
        aspects.sort_by(|a, b| a.index.total_cmp(&b.index));
        blocks.push(Block::Table {
            header: ["Aspek", "Butir", "Rata-rata", "Indeks", "Kategori"]
                .map(String::from)
                .to_vec(),
            widths: vec![34, 10, 14, 14, 28],
            align: vec![
                TextAlign::Left,
                TextAlign::Center,
                TextAlign::Right,
                TextAlign::Right,
                TextAlign::Left,
            ],
            rows: aspects
                .iter()
                .map(|a| {
                    vec![
                        a.aspect.clone(),
                        a.items.to_string(),
                        dec(Some(a.mean)),
                        dec(Some(a.index)),
                        a.category.clone(),
                    ]
                })
                .collect(),
            signing: false,
            total: false,
        });
    }
    let by_id: HashMap<&str, &results::QuestionResult> =
        r.questions.iter().map(|qq| (qq.id.as_str(), qq)).collect();
    let order: Vec<&results::QuestionResult> = r
        .lowest_first
        .iter()
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .chain(
            r.questions
                .iter()
                .filter(|qq| !r.lowest_first.contains(&qq.id)),
        )
        .collect();
    if !order.is_empty() && !r.lowest_first.is_empty() {
        blocks.push(Block::lines("Butir, yang terendah lebih dahulu:"));
    }
    for qq in order {
        let mut head = format!("{}. {}", qq.number, qq.text);
        if let Some(a) = &qq.aspect {
            head.push_str(&format!(" ({a})"));
        }
        let mut detail = format!("{} menjawab", qq.answered);
        if let Some(m) = qq.mean {
            detail.push_str(&format!(
                " · rata-rata {} · indeks {}",
                dec(Some(m)),
                dec(qq.index)
            ));
        }
        if let Some(s) = qq.right_share {
            detail.push_str(&format!(" · {s:.0}% benar"));
        }
        blocks.push(Block::Text {
            text: format!("{head}\n{detail}"),
            align: TextAlign::Left,
            bold: false,
            indent: false,
            size: Some(10.0),
        });
        match qq.kind {
            QuestionKind::Text => {
                if qq.texts.is_empty() {
                    continue;
                }
                let mut list: Vec<String> = qq
                    .texts
                    .iter()
                    .take(TEXTS_IN_PDF)
                    .map(|t| format!("– {}", crate::validate::one_line(t)))
                    .collect();
                if qq.texts.len() > TEXTS_IN_PDF {
                    list.push(format!(
                        "… dan {} jawaban lain (lihat berkas Excel).",
                        qq.texts.len() - TEXTS_IN_PDF
                    ));
                }
                blocks.push(Block::lines(list.join("\n")));
            }
            _ => {
                let total: i64 = qq.counts.iter().sum();
                let max = qq.counts.iter().copied().max().unwrap_or(0).max(1) as f64;
                let bars = qq
                    .labels
                    .iter()
                    .zip(&qq.counts)
                    .enumerate()
                    .map(|(k, (label, count))| {
                        let label = match qq.kind {
                            QuestionKind::Choice => format!("{}. {label}", option_letter(k)),
                            _ => format!("{label} {}", likert_label(r.form.scale, k)),
                        };
                        let pct = if total > 0 {
                            *count as f64 / total as f64 * 100.0
                        } else {
                            0.0
                        };
                        Bar {
                            label,
                            value: *count as f64,
                            max,
                            note: format!("{count} · {pct:.0}%"),
                            strong: qq.right == Some(k as i64),
                        }
                    })
                    .collect();
                blocks.push(Block::Bars(bars));
            }
        }
    }
    if !r.missing.is_empty() && !r.form.anonymous {
        let names: Vec<String> = r
            .missing
            .iter()
            .map(|g| format!("{} ({}): {}", g.opd, g.names.len(), g.names.join(", ")))
            .collect();
        blocks.push(Block::lines(format!(
            "Belum mengisi:\n{}",
            names.join("\n")
        )));
    }
}

fn pdf_doc(l: &Loaded) -> LetterDoc {
    let e = &l.event;
    let mut blocks = vec![
        Block::Text {
            text: "HASIL EVALUASI DAN TES".into(),
            align: TextAlign::Center,
            bold: true,
            indent: false,
            size: Some(12.5),
        },
        Block::Gap(1),
        Block::Fields {
            rows: vec![
                ("Kegiatan".into(), e.title.clone()),
                (
                    "Tanggal".into(),
                    crate::format::event_dates(&e.start_date, &e.end_date),
                ),
                ("Tempat".into(), e.venue.clone().unwrap_or_default()),
            ],
            indent: false,
        },
        Block::Heading {
            text: "A. Ringkasan".into(),
            level: 2,
        },
    ];
    // The parts present are lettered in order: A. Ringkasan, B. …
    let mut part = 'A';
    let mut next = || {
        part = (part as u8 + 1) as char;
        part
    };
    if l.summary.forms.is_empty() {
        blocks.push(Block::para(
            "Kegiatan ini belum punya formulir tes atau evaluasi.",
        ));
    } else {
        blocks.push(Block::Table {
            header: ["No", "Formulir", "Mengisi", "Indeks", "Kategori"]
                .map(String::from)
                .to_vec(),
            widths: vec![6, 44, 14, 12, 24],
            align: vec![
                TextAlign::Center,
                TextAlign::Left,
                TextAlign::Center,
                TextAlign::Right,
                TextAlign::Left,
            ],
            rows: l
                .summary
                .forms
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    vec![
                        (i + 1).to_string(),
                        f.title.clone(),
                        format!("{} / {}", f.respondents, f.expected),
                        dec(f.index),
                        f.category.clone().unwrap_or_else(|| "—".into()),
                    ]
                })
                .collect(),
            signing: false,
            total: false,
        });
    }
    if !l.summary.speakers.is_empty() {
        blocks.push(Block::Heading {
            text: format!("{}. Narasumber (terendah lebih dahulu)", next()),
            level: 2,
        });
        blocks.push(Block::Table {
            header: [
                "No",
                "Narasumber",
                "Sesi",
                "Rata-rata",
                "Indeks",
                "Kategori",
            ]
            .map(String::from)
            .to_vec(),
            widths: vec![6, 38, 8, 14, 12, 22],
            align: vec![
                TextAlign::Center,
                TextAlign::Left,
                TextAlign::Center,
                TextAlign::Right,
                TextAlign::Right,
                TextAlign::Left,
            ],
            rows: l
                .summary
                .speakers
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    vec![
                        (i + 1).to_string(),
                        s.name.clone(),
                        s.sessions.to_string(),
                        dec(Some(s.mean)),
                        dec(Some(s.index)),
                        s.category.clone(),
                    ]
                })
                .collect(),
            signing: false,
            total: false,
        });
    }
    if let Some(t) = &l.summary.tests {
        blocks.push(Block::Heading {
            text: format!("{}. Pre-test dan post-test", next()),
            level: 2,
        });
        tests_blocks(t, &mut blocks);
    }
    if !l.forms.is_empty() {
        let p = next();
        blocks.push(Block::Heading {
            text: format!("{p}. Rincian per formulir"),
            level: 2,
        });
        for (i, r) in l.forms.iter().enumerate() {
            form_blocks(p, i + 1, r, &mut blocks);
        }
    }
    blocks.push(Block::lines(
        "Indeks = rata-rata ÷ skala × 100 (konversi IKM, Permenpan-RB 14/2017): A Sangat baik \
         88,31–100; B Baik 76,61–88,30; C Kurang baik 65,00–76,60; D Tidak baik di bawah 65. \
         N-gain = (post − pre) ÷ (100 − pre): tinggi ≥ 0,7; sedang ≥ 0,3; rendah di bawahnya.",
    ));
    LetterDoc {
        title: format!("Hasil evaluasi {}", e.title),
        kop: l.kop.to_docs(),
        sections: vec![Section { kop: true, blocks }],
        images: Vec::new(),
        numbered: true,
        landscape: false,
        table_size: Some(9.5),
    }
}

fn text(s: impl Into<String>) -> OutCell {
    OutCell::Text(s.into())
}

fn num(x: Option<f64>) -> OutCell {
    x.map_or(OutCell::Empty, OutCell::Number)
}

fn sheets(conn: &rusqlite::Connection, l: &Loaded) -> Result<Vec<OutSheet>, ApiError> {
    let mut out = vec![OutSheet {
        name: "Ringkasan".into(),
        header: [
            "Formulir", "Jenis", "Sesi", "Mengisi", "Peserta", "Indeks", "Kategori",
        ]
        .map(String::from)
        .to_vec(),
        rows: l
            .summary
            .forms
            .iter()
            .map(|f| {
                vec![
                    text(&f.title),
                    text(f.kind.label()),
                    text(f.session_label.clone().unwrap_or_default()),
                    OutCell::Number(f.respondents as f64),
                    OutCell::Number(f.expected as f64),
                    num(f.index),
                    text(f.category.clone().unwrap_or_default()),
                ]
            })
            .collect(),
        widths: vec![40.0, 24.0, 40.0, 10.0, 10.0, 10.0, 18.0],
    }];
    if let Some(t) = &l.summary.tests {
        out.push(OutSheet {
            name: "Pre-Post".into(),
            header: ["Nama", "OPD", "Pre-test", "Post-test", "Kenaikan", "N-gain"]
                .map(String::from)
                .to_vec(),
            rows: t
                .people
                .iter()
                .map(|p| {
                    vec![
                        text(&p.name),
                        text(p.opd.clone().unwrap_or_default()),
                        num(p.pre),
                        num(p.post),
                        num(p.gain),
                        num(p.n_gain),
                    ]
                })
                .collect(),
            widths: vec![32.0, 36.0, 10.0, 10.0, 10.0, 10.0],
        });
    }
    let people: HashMap<String, (String, Option<String>)> =
        q::expected_participants(conn, &l.event.id)?
            .into_iter()
            .map(|p| (p.registration_id, (p.name, p.opd)))
            .collect();
    for r in &l.forms {
        let f = q::get_form(conn, &r.form.id)?
            .ok_or_else(|| ApiError::not_found("Formulir tidak ditemukan."))?;
        let questions = super::questions_of(conn, &f)?;
        let responses = q::responses(conn, &f.id)?;
        let mut answers: HashMap<(String, String), q::AnswerRow> = HashMap::new();
        for a in q::answers(conn, &f.id)? {
            answers.insert((a.response_id.clone(), a.question_id.clone()), a);
        }
        let test = r.form.kind.is_test();
        let mut header: Vec<String> = ["No", "Nama", "OPD", "Dikirim", "Cara"]
            .map(String::from)
            .to_vec();
        if test {
            header.push("Nilai".into());
        }
        header.extend(
            questions
                .iter()
                .enumerate()
                .map(|(i, qq)| format!("{}. {}", i + 1, qq.text)),
        );
        let rows = responses
            .iter()
            .enumerate()
            .map(|(i, resp)| {
                let (name, opd) = match &resp.registration_id {
                    Some(id) => people
                        .get(id)
                        .cloned()
                        .unwrap_or_else(|| ("(pendaftaran dibatalkan)".into(), None)),
                    None => (format!("Responden {}", i + 1), None),
                };
                let mut row = vec![
                    OutCell::Number((i + 1) as f64),
                    text(name),
                    text(opd.unwrap_or_default()),
                    text(crate::format::local_date_time(&resp.submitted_at)),
                    text(match &resp.entered_by {
                        Some(by) => format!("Kertas ({by})"),
                        None => "Ponsel".to_string(),
                    }),
                ];
                if test {
                    row.push(match (resp.correct, resp.total) {
                        (Some(c), Some(t)) if t > 0 => {
                            OutCell::Number(((c as f64 / t as f64) * 10000.0).round() / 100.0)
                        }
                        _ => OutCell::Empty,
                    });
                }
                for qq in &questions {
                    let a = answers.get(&(resp.id.clone(), qq.id.clone()));
                    row.push(match (qq.kind, a) {
                        (QuestionKind::Choice, Some(a)) => match a.choice {
                            Some(c) => text(format!(
                                "{}. {}",
                                option_letter(c as usize),
                                qq.options.get(c as usize).cloned().unwrap_or_default()
                            )),
                            None => OutCell::Empty,
                        },
                        (QuestionKind::Likert, Some(a)) => a
                            .value
                            .map_or(OutCell::Empty, |v| OutCell::Number(v as f64)),
                        (QuestionKind::Text, Some(a)) => text(a.text.clone().unwrap_or_default()),
                        (_, None) => OutCell::Empty,
                    });
                }
                row
            })
            .collect();
        out.push(OutSheet {
            name: r.form.title.chars().take(31).collect(),
            header,
            rows,
            widths: Vec::new(),
        });
    }
    Ok(out)
}

impl Api {
    /// `evaluation_print`: the results of the event's forms as PDF or XLSX.
    pub(crate) fn evaluation_print(
        &self,
        _caller: &Caller,
        args: EvaluationPrintArgs,
    ) -> Result<FilePayload, ApiError> {
        let format = args
            .format
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .unwrap_or("pdf")
            .to_ascii_lowercase();
        if format != "pdf" && format != "xlsx" {
            return Err(ApiError::field(
                "format",
                "Format hasil evaluasi: pdf atau xlsx.",
            ));
        }
        let conn = self.read();
        let l = load(&conn, &args.event_id)?;
        let stem: String =
            crate::files::safe_file_name(&format!("Hasil evaluasi {}", l.event.title))
                .chars()
                .take(90)
                .collect();
        if format == "xlsx" {
            let bytes = write_xlsx(&sheets(&conn, &l)?)
                .map_err(|e| ApiError::new(ErrorCode::Validation, e.to_string()))?;
            return Ok(FilePayload::new(&format!("{stem}.xlsx"), &bytes));
        }
        drop(conn);
        let bytes =
            bintek_docs::letter::render_pdf(&pdf_doc(&l), &bintek_docs::pdf::Fonts::dejavu_sans())
                .map_err(crate::prints::pdf_error)?;
        Ok(FilePayload::new(&format!("{stem}.pdf"), &bytes))
    }
}

//! A form's questions to and from a spreadsheet, so a question bank is written in Excel
//! and shared between events: one row per question with `No`, `Pertanyaan`, `Jenis`
//! (pilihan, skala, isian), `Aspek`, `Pilihan A` … `Pilihan H` and `Kunci` (A–H).
//! An import replaces the form's questions all or nothing: every row is checked first,
//! and an error names the row.

use bintek_docs::sheet::{read_workbook, write_xlsx, OutCell, OutSheet, Workbook};
use serde::{Deserialize, Serialize};

use super::{clean_questions, form_or_404, form_view, kind_of, questions_of, Form, QuestionInput};
use super::{QuestionKind, MAX_OPTIONS, MAX_QUESTIONS};
use crate::api::{Api, Caller};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::files::FilePayload;
use crate::store::audit::Audit;
use crate::store::forms as q;

/// The largest question bank file taken.
const MAX_BANK_FILE: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct BankImportArgs {
    pub id: String,
    pub file_name: String,
    /// The file's bytes, base64-encoded.
    pub data: String,
}

fn kind_word(k: QuestionKind) -> &'static str {
    match k {
        QuestionKind::Choice => "pilihan",
        QuestionKind::Likert => "skala",
        QuestionKind::Text => "isian",
    }
}

fn letter(i: usize) -> String {
    super::option_letter(i).to_string()
}

impl Api {
    /// `form_bank_export`: the form's questions as an XLSX to edit and import again.
    pub(crate) fn form_bank_export(
        &self,
        _caller: &Caller,
        args: super::FormIdArgs,
    ) -> Result<FilePayload, ApiError> {
        let conn = self.read();
        let f = form_or_404(&conn, &args.id)?;
        let questions = questions_of(&conn, &f)?;
        let width = questions
            .iter()
            .map(|q| q.options.len())
            .max()
            .unwrap_or(0)
            .max(if kind_of(&f).is_test() { 4 } else { 0 });
        let mut header: Vec<String> = ["No", "Pertanyaan", "Jenis", "Aspek"]
            .map(String::from)
            .to_vec();
        header.extend((0..width).map(|i| format!("Pilihan {}", letter(i))));
        header.push("Kunci".into());
        let rows = questions
            .iter()
            .enumerate()
            .map(|(i, qq)| {
                let mut row = vec![
                    OutCell::Number((i + 1) as f64),
                    OutCell::Text(qq.text.clone()),
                    OutCell::Text(kind_word(qq.kind).into()),
                    OutCell::Text(qq.aspect.clone().unwrap_or_default()),
                ];
                row.extend((0..width).map(|k| {
                    qq.options
                        .get(k)
                        .map_or(OutCell::Empty, |o| OutCell::Text(o.clone()))
                }));
                row.push(
                    qq.answer
                        .map_or(OutCell::Empty, |a| OutCell::Text(letter(a as usize))),
                );
                row
            })
            .collect();
        let bytes = write_xlsx(&[OutSheet {
            name: "Soal".into(),
            header,
            rows,
            widths: Vec::new(),
        }])
        .map_err(|e| ApiError::new(ErrorCode::Validation, e.to_string()))?;
        let name: String = crate::files::safe_file_name(&format!("Soal {}", f.title))
            .chars()
            .take(90)
            .collect();
        Ok(FilePayload::new(&format!("{name}.xlsx"), &bytes))
    }

    /// `form_bank_import`: replaces the form's questions with a spreadsheet's rows.
    pub(crate) fn form_bank_import(
        &self,
        caller: &Caller,
        args: BankImportArgs,
    ) -> Result<Form, ApiError> {
        // The size is known from the base64 text, before anything is decoded.
        if args.data.len() / 4 * 3 > MAX_BANK_FILE + 3 {
            return Err(ApiError::field(
                "data",
                "Berkas soal terlalu besar (paling besar 2 MB).",
            ));
        }
        let bytes = crate::files::decode_base64("data", &args.data)?;
        if bytes.len() > MAX_BANK_FILE {
            return Err(ApiError::field(
                "data",
                "Berkas soal terlalu besar (paling besar 2 MB).",
            ));
        }
        let book = read_workbook(&bytes, Some(&args.file_name))
            .map_err(|e| ApiError::field("data", e.to_string()))?;
        let (rows, numbers) = parse(&book)?;
        let id = args.id;
        self.write_as(caller, move |tx| {
            let f = form_or_404(tx, &id)?;
            if f.bank_form_id.is_some() {
                return Err(ApiError::field(
                    "id",
                    "Post-test memakai bank soal pre-test: impor soalnya ke pre-test.",
                ));
            }
            let answered = q::response_count(tx, &f.id)?
                + q::forms_using_bank(tx, &f.id)?
                    .iter()
                    .map(|u| q::response_count(tx, u))
                    .sum::<rusqlite::Result<i64>>()?;
            if answered > 0 {
                return Err(ApiError::field(
                    "id",
                    format!("Sudah ada {answered} jawaban: pertanyaan tidak dapat diganti lagi."),
                )
                .with_code(ErrorCode::Conflict));
            }
            let cleaned = clean_questions(kind_of(&f), rows).map_err(|e| by_row(e, &numbers))?;
            q::replace_questions(tx, &f.id, &cleaned)?;
            tx.audit(
                Audit::Form,
                Some(&f.id),
                Some(&format!("import {} pertanyaan", cleaned.len())),
            )?;
            form_view(tx, f)
        })
    }
}

/// The errors of `clean_questions` ("questions[3].answer") told by the spreadsheet's row.
fn by_row(e: ApiError, numbers: &[usize]) -> ApiError {
    if e.errors.is_empty() {
        return e;
    }
    let errors = e
        .errors
        .into_iter()
        .map(|f| {
            let row = f
                .field
                .strip_prefix("questions[")
                .and_then(|r| r.split(']').next())
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| numbers.get(i).copied());
            FieldError {
                field: "data".into(),
                message: match row {
                    Some(r) => format!("Baris {r}: {}", f.message),
                    None => f.message,
                },
            }
        })
        .collect();
    ApiError::validation(errors)
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The questions of the first sheet with a "Pertanyaan" (or "Soal") column, and the
/// spreadsheet row of each.
fn parse(book: &Workbook) -> Result<(Vec<QuestionInput>, Vec<usize>), ApiError> {
    for sheet in &book.sheets {
        let Some((head_row, columns)) =
            sheet.rows.iter().take(10).enumerate().find_map(|(i, row)| {
                let names: Vec<String> = row
                    .iter()
                    .map(|c| c.as_text().map(|t| norm(&t)).unwrap_or_default())
                    .collect();
                names
                    .iter()
                    .position(|n| n == "pertanyaan" || n == "soal")
                    .map(|_| (i, names))
            })
        else {
            continue;
        };
        let col = |names: &[&str]| columns.iter().position(|c| names.contains(&c.as_str()));
        let text_col = col(&["pertanyaan", "soal"]).unwrap_or(0);
        let kind_col = col(&["jenis"]);
        let aspect_col = col(&["aspek"]);
        let key_col = col(&["kunci", "kunci jawaban", "jawaban"]);
        let option_cols: Vec<usize> = (0..MAX_OPTIONS)
            .filter_map(|i| {
                let l = letter(i).to_lowercase();
                col(&[
                    format!("pilihan {l}").as_str(),
                    l.as_str(),
                    format!("opsi {l}").as_str(),
                ])
            })
            .collect();
        let mut out = Vec::new();
        let mut numbers = Vec::new();
        let mut errors = Vec::new();
        for (i, row) in sheet.rows.iter().enumerate().skip(head_row + 1) {
            let n = i + 1;
            let cell = |c: Option<usize>| -> String {
                c.and_then(|c| row.get(c))
                    .and_then(|v| v.as_text().map(|t| t.trim().to_string()))
                    .unwrap_or_default()
            };
            let text = cell(Some(text_col));
            let options: Vec<String> = option_cols
                .iter()
                .map(|c| cell(Some(*c)))
                .filter(|o| !o.is_empty())
                .collect();
            if text.is_empty() && options.is_empty() {
                continue;
            }
            if out.len() >= MAX_QUESTIONS {
                return Err(ApiError::field(
                    "data",
                    format!("Paling banyak {MAX_QUESTIONS} pertanyaan dalam satu formulir."),
                ));
            }
            let kind = match norm(&cell(kind_col)).as_str() {
                "" => None,
                "pilihan" | "pilihan ganda" | "pg" => Some(QuestionKind::Choice),
                "skala" | "likert" | "penilaian" => Some(QuestionKind::Likert),
                "isian" | "isian bebas" | "uraian" | "esai" => Some(QuestionKind::Text),
                other => {
                    errors.push(FieldError {
                        field: "data".into(),
                        message: format!(
                            "Baris {n}, kolom Jenis: \"{}\" tidak dikenal; tulis pilihan, skala atau isian.",
                            crate::validate::quote(other)
                        ),
                    });
                    None
                }
            };
            let key = cell(key_col).to_uppercase();
            let answer = if key.is_empty() {
                None
            } else if key.len() == 1 && key.as_bytes()[0].is_ascii_uppercase() {
                Some(i64::from(key.as_bytes()[0] - b'A'))
            } else {
                errors.push(FieldError {
                    field: "data".into(),
                    message: format!(
                        "Baris {n}, kolom Kunci: tulis huruf pilihan yang benar (A, B, C …)."
                    ),
                });
                None
            };
            let kind = kind.or_else(|| (!options.is_empty()).then_some(QuestionKind::Choice));
            out.push(QuestionInput {
                kind,
                aspect: Some(cell(aspect_col)).filter(|a| !a.is_empty()),
                text,
                options: Some(options),
                answer,
            });
            numbers.push(n);
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        if out.is_empty() {
            return Err(ApiError::field(
                "data",
                "Berkas tidak berisi pertanyaan di bawah baris judul kolom.",
            ));
        }
        return Ok((out, numbers));
    }
    Err(ApiError::field(
        "data",
        "Kolom \"Pertanyaan\" tidak ditemukan. Unduh contoh dengan Ekspor soal, isi, lalu impor lagi.",
    ))
}

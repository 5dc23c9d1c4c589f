//! Paper forms at a registration desk: the forms open now, with their questions in their
//! own order and the options as printed (no test's key: a desk clerk types answers, and
//! need not see which is right), and who has not answered yet, by OPD. The desk enters
//! one with `form_entry`, as the organizer does from the results page.

use serde::{Deserialize, Serialize};

use super::results::{missing_groups, MissingGroup};
use super::{is_open, kind_of, local_now, questions_of, session_of, FormKind, QuestionKind};
use crate::agenda::EventArgs;
use crate::api::{Api, Caller};
use crate::error::ApiError;
use crate::store::forms as q;

/// A question of a paper form, as printed.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PaperQuestion {
    pub id: String,
    pub kind: QuestionKind,
    pub aspect: Option<String>,
    pub text: String,
    /// A multiple-choice question's options, A first.
    pub options: Vec<String>,
}

/// `paper_forms`: one open form to enter from paper.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PaperForm {
    pub id: String,
    pub kind: FormKind,
    pub title: String,
    pub session_label: Option<String>,
    pub scale: i64,
    pub anonymous: bool,
    pub questions: Vec<PaperQuestion>,
    /// Who has not answered yet, by OPD.
    pub missing: Vec<MissingGroup>,
}

impl Api {
    pub(crate) fn paper_forms(
        &self,
        _caller: &Caller,
        args: EventArgs,
    ) -> Result<Vec<PaperForm>, ApiError> {
        let conn = self.read();
        crate::agenda::event_or_404(&conn, &args.event_id)?;
        let now = local_now();
        let mut out = Vec::new();
        for f in q::list_forms(&conn, &args.event_id)? {
            if !is_open(&f, &now) {
                continue;
            }
            let questions: Vec<PaperQuestion> = questions_of(&conn, &f)?
                .into_iter()
                .map(|x| PaperQuestion {
                    id: x.id,
                    kind: x.kind,
                    aspect: x.aspect,
                    text: x.text,
                    options: x.options,
                })
                .collect();
            if questions.is_empty() {
                continue;
            }
            let (session_label, _) = session_of(&conn, f.session_id.as_deref())?;
            out.push(PaperForm {
                missing: missing_groups(&conn, &f)?,
                kind: kind_of(&f),
                session_label,
                questions,
                id: f.id,
                title: f.title,
                scale: f.scale,
                anonymous: f.anonymous,
            });
        }
        Ok(out)
    }
}

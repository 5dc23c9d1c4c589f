//! `bintek evaluasi`: the results of an event's tests and evaluations as a document.

use std::path::PathBuf;

use bintek_core::commands::EvaluationPrint;
use bintek_core::forms::docs::EvaluationPrintArgs;
use bintek_core::Api;
use clap::Subcommand;

use crate::door::run;
use crate::finance::format_of;
use crate::output::save_file;

#[derive(Subcommand)]
pub enum EvaluationCmd {
    /// The results of the event's forms: FILE.pdf (with the kop and bar charts) or
    /// FILE.xlsx (the summary, the pre/post scores and every answer).
    Hasil {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn evaluation(api: &Api, json_mode: bool, cmd: EvaluationCmd) -> anyhow::Result<()> {
    match cmd {
        EvaluationCmd::Hasil { event, out } => {
            let format = format_of(&out, &["pdf", "xlsx"])?;
            let file = run::<EvaluationPrint>(
                api,
                EvaluationPrintArgs {
                    event_id: event,
                    format: Some(format),
                },
            )?;
            save_file(json_mode, &file, &out)
        }
    }
}

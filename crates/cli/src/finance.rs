//! `bintek keuangan`: the payment documents of an event (daftar nominatif, kwitansi,
//! daftar penerimaan uang transport, rekap PPh 21), the overview with every figure's
//! trace, and the rate table per budget year (export, import, the shipped examples).

use std::path::{Path, PathBuf};

use bintek_core::commands::{
    FinanceGet, FinancePrint, FinanceRatesCopy, FinanceRatesExport, FinanceRatesImport,
};
use bintek_core::finance::{
    FinanceDoc, FinanceGetArgs, FinanceOverview, FinancePrintArgs, PayLine, RateCopyArgs,
    RateImportArgs, RateYearArgs,
};
use bintek_core::format::rupiah;
use bintek_core::Api;
use clap::Subcommand;

use crate::door::run;
use crate::output::{output, read_in, save_file};

#[derive(Subcommand)]
pub enum FinanceCmd {
    /// Every honorarium and transport payment with its trace (sessions, hours, rate, tax).
    Rincian {
        #[arg(long)]
        event: String,
        /// Account numbers, NPWP and NIK whole.
        #[arg(long)]
        reveal: bool,
    },
    /// Daftar nominatif honorarium: FILE.pdf (A4 landscape) or FILE.xlsx.
    Nominatif {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
        /// Account numbers and NPWP whole (for the bank).
        #[arg(long)]
        reveal: bool,
    },
    /// A kwitansi per recipient of an honorarium, one page each: FILE.pdf.
    Kwitansi {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Daftar penerimaan uang transport peserta per OPD: FILE.pdf or FILE.xlsx.
    Transport {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Rekap PPh 21 per person for e-Bupot: FILE.xlsx.
    Pph {
        #[arg(long)]
        event: String,
        #[arg(long)]
        out: PathBuf,
        /// NIK and NPWP whole (e-Bupot needs them).
        #[arg(long)]
        reveal: bool,
    },
    /// The rate table of a budget year: export to FILE.xlsx, import from one (it
    /// replaces the year's rates), or fill an empty year from the shipped examples or
    /// another year.
    Tarif {
        #[arg(long)]
        year: i64,
        /// Write the year's table (the examples when it has none) to FILE.xlsx.
        #[arg(long, conflicts_with_all = ["import", "copy_from", "examples"])]
        out: Option<PathBuf>,
        /// Replace the year's table with this spreadsheet's rows.
        #[arg(long, conflicts_with_all = ["copy_from", "examples"])]
        import: Option<PathBuf>,
        /// Fill the (empty) year from another year's table.
        #[arg(long, conflicts_with = "examples")]
        copy_from: Option<i64>,
        /// Fill the (empty) year from the shipped examples (PMK 49/2023).
        #[arg(long)]
        examples: bool,
    },
}

fn extension(out: &Path) -> Option<String> {
    out.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

pub(crate) fn format_of(out: &Path, allowed: &[&str]) -> anyhow::Result<String> {
    match extension(out) {
        Some(e) if allowed.contains(&e.as_str()) => Ok(e),
        _ => Err(bintek_core::ApiError::field(
            "out",
            format!(
                "Berkas keluaran harus berakhiran {}.",
                allowed
                    .iter()
                    .map(|a| format!(".{a}"))
                    .collect::<Vec<_>>()
                    .join(" atau ")
            ),
        )
        .into()),
    }
}

fn print(
    api: &Api,
    json_mode: bool,
    event: String,
    doc: FinanceDoc,
    out: &Path,
    allowed: &[&str],
    reveal: bool,
) -> anyhow::Result<()> {
    let file = run::<FinancePrint>(
        api,
        FinancePrintArgs {
            event_id: event,
            doc,
            format: Some(format_of(out, allowed)?),
            reveal,
        },
    )?;
    save_file(json_mode, &file, out)
}

fn line_text(l: &PayLine) -> String {
    let mut s = format!(
        "{} — {} {} {} × Rp{} = Rp{}; PPh {} Rp{}; netto Rp{}",
        l.name,
        l.kind.label(),
        l.quantity,
        l.unit_name,
        rupiah(l.rate),
        rupiah(l.gross),
        l.tax_rate,
        rupiah(l.tax),
        rupiah(l.net)
    );
    for t in &l.trace {
        s.push_str(&format!("\n    {}: {}", t.label, t.value));
    }
    if !l.rate_source.is_empty() {
        s.push_str(&format!("\n    Tarif: {}", l.rate_source));
    }
    if !l.tax_rule.is_empty() {
        s.push_str(&format!("\n    PPh 21: {}", l.tax_rule));
    }
    for p in &l.problems {
        s.push_str(&format!("\n    MASALAH: {p}"));
    }
    for w in &l.warnings {
        s.push_str(&format!("\n    Perhatikan: {w}"));
    }
    s
}

fn overview_text(o: &FinanceOverview) -> String {
    let mut out = format!("Tahun anggaran {}\n", o.settings.budget_year);
    for w in &o.warnings {
        out.push_str(&format!("Perhatikan: {w}\n"));
    }
    out.push_str(&format!(
        "\nHonorarium ({} orang): bruto Rp{}, PPh 21 Rp{}, netto Rp{}\n",
        o.honor_totals.people,
        rupiah(o.honor_totals.gross),
        rupiah(o.honor_totals.tax),
        rupiah(o.honor_totals.net)
    ));
    for l in &o.honor {
        out.push_str(&format!("  {}\n", line_text(l)));
    }
    out.push_str(&format!(
        "\nUang transport ({} orang): Rp{}\n",
        o.transport_totals.people,
        rupiah(o.transport_totals.gross)
    ));
    for l in &o.transport {
        out.push_str(&format!("  {} ({}): {}\n", l.name, l.unit, rupiah(l.gross)));
    }
    for d in &o.documents {
        if let Some(at) = &d.printed_at {
            out.push_str(&format!(
                "\n{} dicetak {}{}",
                d.doc.label(),
                at,
                if d.outdated {
                    " — angkanya sudah berubah, cetak ulang"
                } else {
                    ""
                }
            ));
        }
    }
    out.trim_end().to_string()
}

pub fn finance(api: &Api, json_mode: bool, cmd: FinanceCmd) -> anyhow::Result<()> {
    match cmd {
        FinanceCmd::Rincian { event, reveal } => {
            let o = run::<FinanceGet>(
                api,
                FinanceGetArgs {
                    event_id: event,
                    reveal,
                },
            )?;
            output(json_mode, &o, overview_text)
        }
        FinanceCmd::Nominatif { event, out, reveal } => print(
            api,
            json_mode,
            event,
            FinanceDoc::Nominatif,
            &out,
            &["pdf", "xlsx"],
            reveal,
        ),
        FinanceCmd::Kwitansi { event, out } => print(
            api,
            json_mode,
            event,
            FinanceDoc::Kwitansi,
            &out,
            &["pdf"],
            false,
        ),
        FinanceCmd::Transport { event, out } => print(
            api,
            json_mode,
            event,
            FinanceDoc::Transport,
            &out,
            &["pdf", "xlsx"],
            false,
        ),
        FinanceCmd::Pph { event, out, reveal } => print(
            api,
            json_mode,
            event,
            FinanceDoc::Pph,
            &out,
            &["xlsx"],
            reveal,
        ),
        FinanceCmd::Tarif {
            year,
            out,
            import,
            copy_from,
            examples,
        } => {
            if let Some(out) = out {
                format_of(&out, &["xlsx"])?;
                let file = run::<FinanceRatesExport>(api, RateYearArgs { year })?;
                return save_file(json_mode, &file, &out);
            }
            let rates = if let Some(file) = import {
                let (name, bytes) = read_in(&file)?;
                run::<FinanceRatesImport>(
                    api,
                    RateImportArgs {
                        year,
                        data: bintek_core::files::FilePayload::new(&name, &bytes).data,
                        file_name: name,
                    },
                )?
            } else if copy_from.is_some() || examples {
                run::<FinanceRatesCopy>(
                    api,
                    RateCopyArgs {
                        year,
                        from_year: copy_from,
                    },
                )?
            } else {
                return Err(bintek_core::ApiError::field(
                    "year",
                    "Pilih --out FILE.xlsx, --import FILE.xlsx, --copy-from TAHUN atau --examples.",
                )
                .into());
            };
            output(json_mode, &rates, |rates| {
                rates
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {}: Rp{} — {}{}",
                            r.kind.label(),
                            bintek_core::finance::level_label(&r.level),
                            rupiah(r.amount),
                            r.description,
                            if r.example { " (contoh)" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
    }
}

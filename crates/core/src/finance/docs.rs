//! The payment documents from a [`Computation`]: the daftar nominatif honorarium (A4
//! landscape, the header repeated, rows never split, numbers signing left and right),
//! a kwitansi per recipient, the daftar penerimaan uang transport per OPD with
//! subtotals, and the XLSX the treasurer works on (the nominatif, the transport list,
//! the rekap PPh 21 for e-Bupot).

use chrono::NaiveDate;

use super::{by_unit, mask_tail, Computation, FinanceDoc, PayLine, RateKind};
use crate::error::{ApiError, ErrorCode};
use crate::files::FilePayload;
use crate::format::{date_long, rupiah, rupiah_words};
use bintek_docs::letter::{Block, LetterDoc, Section, Signature, TextAlign};
use bintek_docs::sheet::{write_xlsx, OutCell, OutSheet};

/// Above this gross a receipt needs a Rp10.000 meterai (UU 10/2020).
pub const METERAI_ABOVE: i64 = 5_000_000;

/// The file of `doc`.
pub fn render(
    c: &Computation,
    doc: FinanceDoc,
    xlsx: bool,
    reveal: bool,
) -> Result<FilePayload, ApiError> {
    let stem: String = crate::files::safe_file_name(&format!("{} {}", doc.label(), c.event.title))
        .chars()
        .take(90)
        .collect();
    if xlsx {
        let sheet = match doc {
            FinanceDoc::Nominatif => nominatif_sheet(c, reveal),
            FinanceDoc::Transport => transport_sheet(c),
            FinanceDoc::Pph => pph_sheet(c, reveal),
            FinanceDoc::Kwitansi => {
                return Err(ApiError::field("format", "Kwitansi dibuat sebagai PDF."))
            }
        };
        let bytes = write_xlsx(&[sheet])
            .map_err(|e| ApiError::new(ErrorCode::Validation, e.to_string()))?;
        return Ok(FilePayload::new(&format!("{stem}.xlsx"), &bytes));
    }
    let letter = match doc {
        FinanceDoc::Nominatif => nominatif(c, reveal),
        FinanceDoc::Kwitansi => kwitansi(c),
        FinanceDoc::Transport => transport(c),
        FinanceDoc::Pph => {
            return Err(ApiError::field(
                "format",
                "Rekap PPh 21 dibuat sebagai Excel (xlsx).",
            ))
        }
    };
    let bytes = bintek_docs::letter::render_pdf(&letter, &bintek_docs::pdf::Fonts::dejavu_sans())
        .map_err(crate::prints::pdf_error)?;
    Ok(FilePayload::new(&format!("{stem}.pdf"), &bytes))
}

fn account(l: &PayLine, reveal: bool) -> String {
    let number = l
        .account_no
        .as_deref()
        .map(|a| if reveal { a.to_string() } else { mask_tail(a) });
    match (l.bank.as_deref(), number) {
        (Some(b), Some(n)) => format!("{b}\n{n}"),
        (None, Some(n)) => n,
        (Some(b), None) => b.to_string(),
        (None, None) => String::new(),
    }
}

fn quantity(l: &PayLine) -> String {
    format!("{} {}", l.quantity, l.unit_name)
}

/// The volume as the nominatif's narrow column prints it: "2 jam", "5 sesi", "1 keg.".
fn volume(l: &PayLine) -> String {
    match l.kind {
        RateKind::PembawaAcara => format!("{} keg.", l.quantity),
        _ => quantity(l),
    }
}

fn pay_date(c: &Computation) -> String {
    NaiveDate::parse_from_str(&c.settings.pay_date, "%Y-%m-%d")
        .map(date_long)
        .unwrap_or_else(|_| c.settings.pay_date.clone())
}

fn place_date(c: &Computation) -> String {
    let place = c.settings.place.trim();
    if place.is_empty() {
        pay_date(c)
    } else {
        format!("{place}, {}", pay_date(c))
    }
}

fn signer(position: &str, name: &str, nip: &str) -> Signature {
    Signature {
        place_date: String::new(),
        position: position.to_string(),
        name: name.to_string(),
        rank: String::new(),
        nip: nip.to_string(),
    }
}

/// "Setuju dibayar,\nPengguna Anggaran,": a lead line (when there is one) above the
/// position.
fn position(lead: &str, title: &str) -> String {
    if lead.is_empty() {
        format!("{title},")
    } else {
        format!("{lead}\n{title},")
    }
}

fn pa(c: &Computation, lead: &str) -> Signature {
    let s = &c.settings;
    signer(&position(lead, &s.pa_title), &s.pa_name, &s.pa_nip)
}

fn pptk(c: &Computation, lead: &str) -> Signature {
    let s = &c.settings;
    signer(
        &position(lead, "Pejabat Pelaksana Teknis Kegiatan"),
        &s.pptk_name,
        &s.pptk_nip,
    )
}

fn bendahara(c: &Computation, lead: &str) -> Signature {
    let s = &c.settings;
    signer(
        &position(lead, "Bendahara Pengeluaran"),
        &s.bendahara_name,
        &s.bendahara_nip,
    )
}

/// Program, kegiatan, sub kegiatan, kode rekening and year, those that are set.
fn budget_fields(c: &Computation, account: &str) -> Block {
    let s = &c.settings;
    let mut rows = Vec::new();
    for (label, value) in [
        ("Program", s.program.as_str()),
        ("Kegiatan", s.kegiatan.as_str()),
        ("Sub Kegiatan", s.sub_kegiatan.as_str()),
        ("Kode Rekening", account),
    ] {
        if !value.trim().is_empty() {
            rows.push((label.to_string(), value.to_string()));
        }
    }
    rows.push(("Tahun Anggaran".to_string(), s.budget_year.to_string()));
    rows.push((
        "Kegiatan Bimtek".to_string(),
        format!(
            "{} ({})",
            c.event.title,
            crate::format::event_dates(&c.event.start_date, &c.event.end_date)
        ),
    ));
    Block::Fields {
        rows,
        indent: false,
    }
}

fn sign_cell(n: usize) -> String {
    format!("{n}. ……………")
}

/// The daftar nominatif honorarium: landscape, one row per line.
pub fn nominatif(c: &Computation, reveal: bool) -> LetterDoc {
    let lines = c.lines(FinanceDoc::Nominatif);
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(lines.len() + 1);
    for (i, l) in lines.iter().enumerate() {
        let name = match &l.nip {
            Some(nip) => format!("{}\nNIP. {nip}", l.name),
            None => l.name.clone(),
        };
        let gol_position = [
            l.golongan
                .clone()
                .unwrap_or_else(|| l.status.label().to_string()),
            l.position.clone().unwrap_or_default(),
        ]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
        let work = match l.kind {
            RateKind::Narasumber => l.materi.join("; "),
            RateKind::Moderator => format!("Moderator: {}", l.materi.join("; ")),
            _ => l.kind.label().to_string(),
        };
        rows.push(vec![
            (i + 1).to_string(),
            name,
            gol_position,
            l.unit.clone(),
            work,
            volume(l),
            rupiah(l.rate),
            rupiah(l.gross),
            l.tax_rate.clone(),
            rupiah(l.tax),
            rupiah(l.net),
            account(l, reveal),
            sign_cell(i + 1),
        ]);
    }
    let sum = |f: fn(&PayLine) -> i64| lines.iter().map(|l| f(l)).sum::<i64>();
    let (gross, tax, net) = (sum(|l| l.gross), sum(|l| l.tax), sum(|l| l.net));
    rows.push(vec![
        String::new(),
        "JUMLAH".to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        rupiah(gross),
        String::new(),
        rupiah(tax),
        rupiah(net),
        String::new(),
        String::new(),
    ]);
    let header = [
        "No",
        "Nama / NIP",
        "Gol / Jabatan",
        "Instansi",
        "Materi",
        "Jam / Vol.",
        "Tarif (Rp)",
        "Bruto (Rp)",
        "PPh %",
        "PPh 21 (Rp)",
        "Netto (Rp)",
        "No. Rekening",
        "Tanda Tangan",
    ];
    use TextAlign::{Center as C, Left as L, Right as R};
    let mut bendahara = bendahara(c, "");
    bendahara.place_date = place_date(c);
    let blocks = vec![
        Block::title("DAFTAR NOMINATIF PEMBAYARAN HONORARIUM", 12.0),
        Block::centred(format!(
            "Narasumber, moderator dan pembawa acara {}",
            c.event.title
        )),
        Block::Gap(1),
        budget_fields(c, &c.settings.account_honor),
        Block::Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            // Millimetres of the 257 mm between the margins: the money columns take a
            // bold "12.200.000" on one line.
            widths: vec![7, 30, 22, 20, 30, 12, 19, 22, 10, 20, 22, 20, 22],
            align: vec![C, L, L, L, L, C, R, R, C, R, R, L, L],
            rows,
            signing: true,
            total: true,
        },
        Block::lines(format!(
            "Terbilang (netto): {}",
            rupiah_words(net.max(0) as u64)
        )),
        Block::Gap(1),
        Block::Signatures(vec![pa(c, "Mengetahui/Menyetujui"), pptk(c, ""), bendahara]),
    ];
    LetterDoc {
        title: format!("Daftar Nominatif Honorarium {}", c.event.title),
        kop: c.kop.to_docs(),
        sections: vec![Section { kop: true, blocks }],
        landscape: true,
        table_size: Some(8.0),
        ..Default::default()
    }
}

/// A kwitansi per recipient: one page each, numbered in the list's order
/// (`001/KWT/2026`; the treasurer's BKU number is written in by hand), the amount in
/// figures and in words, the breakdown, four signatures, the meterai where the amount
/// needs one.
pub fn kwitansi(c: &Computation) -> LetterDoc {
    let lines = c.lines(FinanceDoc::Kwitansi);
    // One receipt per person, their lines together, in the list's order.
    let mut people: Vec<(String, Vec<&PayLine>)> = Vec::new();
    for l in lines {
        match people.iter_mut().find(|(id, _)| *id == l.registration_id) {
            Some((_, ls)) => ls.push(l),
            None => people.push((l.registration_id.clone(), vec![l])),
        }
    }
    let agency = c
        .kop
        .heading
        .last()
        .cloned()
        .unwrap_or_else(|| c.event.organizer.clone().unwrap_or_default());
    let sections = people
        .iter()
        .enumerate()
        .map(|(i, (_, ls))| {
            let first = ls[0];
            let gross: i64 = ls.iter().map(|l| l.gross).sum();
            let net: i64 = ls.iter().map(|l| l.net).sum();
            let purpose = ls
                .iter()
                .map(|l| match l.kind {
                    RateKind::Narasumber => format!(
                        "honorarium narasumber {} ({})",
                        quantity(l),
                        l.materi.join("; ")
                    ),
                    RateKind::Moderator => format!("honorarium moderator {}", quantity(l)),
                    RateKind::PembawaAcara => "honorarium pembawa acara".to_string(),
                    RateKind::Transport => format!("uang transport {}", quantity(l)),
                })
                .collect::<Vec<_>>()
                .join(" dan ");
            let mut breakdown: Vec<Vec<String>> = Vec::new();
            for l in ls {
                breakdown.push(vec![
                    format!("{} {} × Rp{}", l.kind.label(), quantity(l), rupiah(l.rate)),
                    rupiah(l.gross),
                ]);
                breakdown.push(vec![
                    format!("PPh 21 {} ({})", l.tax_rate, l.tax_rule),
                    format!("({})", rupiah(l.tax)),
                ]);
            }
            breakdown.push(vec!["Jumlah diterima".to_string(), rupiah(net)]);
            let mut receiver = signer("Yang menerima,", &first.name, "");
            receiver.place_date = place_date(c);
            if gross > METERAI_ABOVE {
                receiver.position = "Yang menerima,\n[meterai Rp10.000]".to_string();
            }
            let mut blocks = vec![
                Block::Fields {
                    rows: vec![
                        ("Tahun Anggaran".into(), c.settings.budget_year.to_string()),
                        (
                            "Kode Rekening".into(),
                            if c.settings.account_honor.is_empty() {
                                "……………………".to_string()
                            } else {
                                c.settings.account_honor.clone()
                            },
                        ),
                        (
                            "Nomor".into(),
                            format!("{:03}/KWT/{}", i + 1, c.settings.budget_year),
                        ),
                        ("Nomor BKU".into(), "……………………".into()),
                    ],
                    indent: false,
                },
                Block::Gap(1),
                Block::title("KWITANSI", 14.0),
                Block::Gap(1),
                Block::Fields {
                    rows: vec![
                        (
                            "Sudah terima dari".into(),
                            format!("{} {}", c.settings.pa_title, agency),
                        ),
                        ("Uang sebesar".into(), format!("Rp{}", rupiah(gross))),
                        ("Terbilang".into(), rupiah_words(gross.max(0) as u64)),
                        (
                            "Untuk pembayaran".into(),
                            format!(
                                "{} pada {}, {}",
                                crate::format::capitalize(&purpose),
                                c.event.title,
                                crate::format::event_dates(&c.event.start_date, &c.event.end_date)
                            ),
                        ),
                    ],
                    indent: false,
                },
                Block::Gap(1),
                Block::Table {
                    header: vec!["Rincian".into(), "Jumlah (Rp)".into()],
                    widths: vec![5, 2],
                    align: vec![TextAlign::Left, TextAlign::Right],
                    rows: breakdown,
                    signing: false,
                    total: true,
                },
            ];
            if gross > METERAI_ABOVE {
                blocks.push(Block::lines(format!(
                    "Jumlah di atas Rp{}: kwitansi ini dibubuhi meterai Rp10.000 sebelum \
                     ditandatangani penerima.",
                    rupiah(METERAI_ABOVE)
                )));
            }
            blocks.push(Block::Signatures(vec![
                pa(c, "Setuju dibayar,"),
                bendahara(c, "Lunas dibayar,"),
            ]));
            blocks.push(Block::Signatures(vec![pptk(c, "Mengetahui,"), receiver]));
            Section { kop: false, blocks }
        })
        .collect();
    LetterDoc {
        title: format!("Kwitansi {}", c.event.title),
        kop: c.kop.to_docs(),
        sections,
        ..Default::default()
    }
}

/// The daftar penerimaan uang transport peserta: a table per OPD with its subtotal, the
/// total, the signatures.
pub fn transport(c: &Computation) -> LetterDoc {
    let lines = c.lines(FinanceDoc::Transport);
    let mut blocks = vec![
        Block::title("DAFTAR PENERIMAAN UANG TRANSPORT PESERTA", 12.0),
        Block::Gap(1),
        budget_fields(c, &c.settings.account_transport),
    ];
    use TextAlign::{Center as C, Left as L, Right as R};
    let mut total = 0;
    for (unit, ls) in by_unit(&lines) {
        let unit = if unit.trim().is_empty() {
            "Tanpa OPD".to_string()
        } else {
            unit
        };
        blocks.push(Block::Text {
            text: unit,
            align: L,
            bold: true,
            indent: false,
            size: None,
        });
        let mut rows: Vec<Vec<String>> = ls
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let name = match &l.nip {
                    Some(nip) => format!("{}\nNIP. {nip}", l.name),
                    None => l.name.clone(),
                };
                vec![
                    (i + 1).to_string(),
                    name,
                    l.position.clone().unwrap_or_default(),
                    l.quantity.to_string(),
                    rupiah(l.rate),
                    rupiah(l.gross),
                    sign_cell(i + 1),
                ]
            })
            .collect();
        let subtotal: i64 = ls.iter().map(|l| l.gross).sum();
        total += subtotal;
        rows.push(vec![
            String::new(),
            "Subtotal".to_string(),
            String::new(),
            ls.iter().map(|l| l.quantity).sum::<i64>().to_string(),
            String::new(),
            rupiah(subtotal),
            String::new(),
        ]);
        blocks.push(Block::Table {
            header: [
                "No",
                "Nama / NIP",
                "Jabatan",
                "Hari",
                "Tarif (Rp)",
                "Jumlah (Rp)",
                "Tanda Tangan",
            ]
            .iter()
            .map(|h| h.to_string())
            .collect(),
            widths: vec![3, 19, 11, 4, 7, 8, 9],
            align: vec![C, L, L, C, R, R, L],
            rows,
            signing: true,
            total: true,
        });
    }
    blocks.push(Block::Fields {
        rows: vec![
            (
                "Jumlah seluruhnya".into(),
                format!("Rp{} ({} orang)", rupiah(total), lines.len()),
            ),
            ("Terbilang".into(), rupiah_words(total.max(0) as u64)),
        ],
        indent: false,
    });
    let mut bendahara = bendahara(c, "");
    bendahara.place_date = place_date(c);
    blocks.push(Block::Signatures(vec![
        pa(c, "Mengetahui,"),
        pptk(c, ""),
        bendahara,
    ]));
    LetterDoc {
        title: format!("Daftar Penerimaan Uang Transport {}", c.event.title),
        kop: c.kop.to_docs(),
        sections: vec![Section { kop: true, blocks }],
        table_size: Some(9.0),
        ..Default::default()
    }
}

fn text(s: impl Into<String>) -> OutCell {
    OutCell::Text(s.into())
}

fn money(n: i64) -> OutCell {
    OutCell::Number(n as f64)
}

fn secret(v: Option<&str>, reveal: bool, mask: fn(&str) -> String) -> OutCell {
    match v {
        Some(v) if reveal => text(v),
        Some(v) => text(mask(v)),
        None => OutCell::Empty,
    }
}

/// The nominatif as a sheet: one row per line, Bruto, PPh and Netto as numbers.
fn nominatif_sheet(c: &Computation, reveal: bool) -> OutSheet {
    let lines = c.lines(FinanceDoc::Nominatif);
    let mut rows: Vec<Vec<OutCell>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                OutCell::Number((i + 1) as f64),
                text(&l.name),
                l.nip.as_deref().map_or(OutCell::Empty, text),
                text(l.status.label()),
                l.golongan.as_deref().map_or(OutCell::Empty, text),
                l.position.as_deref().map_or(OutCell::Empty, text),
                text(&l.unit),
                text(l.kind.label()),
                text(l.materi.join("; ")),
                OutCell::Number(l.quantity as f64),
                text(&l.unit_name),
                money(l.rate),
                money(l.gross),
                text(&l.tax_rate),
                money(l.tax),
                money(l.net),
                l.bank.as_deref().map_or(OutCell::Empty, text),
                secret(l.account_no.as_deref(), reveal, mask_tail),
                l.account_name.as_deref().map_or(OutCell::Empty, text),
                secret(l.npwp.as_deref(), reveal, mask_tail),
                text(&l.tax_rule),
            ]
        })
        .collect();
    let sum = |f: fn(&PayLine) -> i64| lines.iter().map(|l| f(l)).sum::<i64>();
    let mut total = vec![OutCell::Empty; 21];
    total[1] = text("JUMLAH");
    total[12] = money(sum(|l| l.gross));
    total[14] = money(sum(|l| l.tax));
    total[15] = money(sum(|l| l.net));
    rows.push(total);
    OutSheet {
        name: "Nominatif".to_string(),
        header: [
            "No",
            "Nama",
            "NIP",
            "Status",
            "Golongan",
            "Jabatan",
            "Instansi",
            "Jenis",
            "Materi",
            "Jumlah",
            "Satuan",
            "Tarif",
            "Bruto",
            "PPh %",
            "PPh",
            "Netto",
            "Bank",
            "No. Rekening",
            "Nama Rekening",
            "NPWP",
            "Dasar PPh",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows,
        widths: Vec::new(),
    }
}

fn transport_sheet(c: &Computation) -> OutSheet {
    let lines = c.lines(FinanceDoc::Transport);
    let mut rows: Vec<Vec<OutCell>> = Vec::new();
    let mut n = 0;
    for (unit, ls) in by_unit(&lines) {
        for l in &ls {
            n += 1;
            rows.push(vec![
                OutCell::Number(f64::from(n)),
                text(&unit),
                text(&l.name),
                l.nip.as_deref().map_or(OutCell::Empty, text),
                l.position.as_deref().map_or(OutCell::Empty, text),
                OutCell::Number(l.quantity as f64),
                money(l.rate),
                money(l.gross),
                text(
                    l.trace
                        .iter()
                        .map(|t| format!("{}: {}", t.label, t.value))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ]);
        }
        let mut sub = vec![OutCell::Empty; 9];
        sub[1] = text(format!("Subtotal {unit}"));
        sub[7] = money(ls.iter().map(|l| l.gross).sum());
        rows.push(sub);
    }
    let mut total = vec![OutCell::Empty; 9];
    total[1] = text("JUMLAH");
    total[7] = money(lines.iter().map(|l| l.gross).sum());
    rows.push(total);
    OutSheet {
        name: "Uang transport".to_string(),
        header: [
            "No", "OPD", "Nama", "NIP", "Jabatan", "Hari", "Tarif", "Jumlah", "Dasar",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows,
        widths: Vec::new(),
    }
}

/// The rekap PPh 21 for e-Bupot: a row per person and kind of income.
fn pph_sheet(c: &Computation, reveal: bool) -> OutSheet {
    let lines = c.lines(FinanceDoc::Pph);
    let rows = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                OutCell::Number((i + 1) as f64),
                text(&l.name),
                secret(l.nik.as_deref(), reveal, crate::ids::mask_nik),
                secret(l.npwp.as_deref(), reveal, mask_tail),
                l.nip.as_deref().map_or(OutCell::Empty, text),
                text(l.status.label()),
                l.golongan.as_deref().map_or(OutCell::Empty, text),
                text(format!("Honorarium {}", l.kind.label().to_lowercase())),
                money(l.gross),
                text(&l.tax_rate),
                money(l.tax),
                text(&l.tax_rule),
            ]
        })
        .collect();
    OutSheet {
        name: "Rekap PPh 21".to_string(),
        header: [
            "No",
            "Nama",
            "NIK",
            "NPWP",
            "NIP",
            "Status",
            "Golongan",
            "Jenis penghasilan",
            "Bruto",
            "Tarif",
            "PPh 21",
            "Dasar",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows,
        widths: Vec::new(),
    }
}

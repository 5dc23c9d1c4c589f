//! PPh 21 on honoraria, in whole rupiah: pure functions of the rules and a payment.
//!
//! - PNS, TNI/Polri, pejabat negara and retirees paid from APBN/APBD: **final** on the
//!   gross (PP 80/2010), by golongan: I–II 0 %, III 5 %, IV 15 % (the rates are settings);
//!   pejabat negara without a golongan 15 %. No surcharge without an NPWP.
//! - *Bukan pegawai*: the Pasal 17 rate on a share of the gross (50 %), taken on the
//!   year's cumulative base, so a payment that crosses a bracket pays the higher rate on
//!   the part above it; 120 % of that without an NPWP (or an NIK that counts as one).
//! - PPPK: either as *bukan pegawai* or like PNS by the equivalent golongan (PPPK I–VIII
//!   as I–II, IX–XII as III, XIII–XVII as IV), a setting.
//!
//! Every tax rounds down to the whole rupiah.

use serde::{Deserialize, Serialize};

/// Employment status, for the tax rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentStatus {
    Pns,
    Pppk,
    TniPolri,
    PejabatNegara,
    Pensiunan,
    BukanAsn,
}

impl EmploymentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EmploymentStatus::Pns => "pns",
            EmploymentStatus::Pppk => "pppk",
            EmploymentStatus::TniPolri => "tni_polri",
            EmploymentStatus::PejabatNegara => "pejabat_negara",
            EmploymentStatus::Pensiunan => "pensiunan",
            EmploymentStatus::BukanAsn => "bukan_asn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pns" => EmploymentStatus::Pns,
            "pppk" => EmploymentStatus::Pppk,
            "tni_polri" => EmploymentStatus::TniPolri,
            "pejabat_negara" => EmploymentStatus::PejabatNegara,
            "pensiunan" => EmploymentStatus::Pensiunan,
            "bukan_asn" => EmploymentStatus::BukanAsn,
            _ => return None,
        })
    }

    /// As documents print it.
    pub fn label(self) -> &'static str {
        match self {
            EmploymentStatus::Pns => "PNS",
            EmploymentStatus::Pppk => "PPPK",
            EmploymentStatus::TniPolri => "TNI/Polri",
            EmploymentStatus::PejabatNegara => "Pejabat negara",
            EmploymentStatus::Pensiunan => "Pensiunan",
            EmploymentStatus::BukanAsn => "Bukan ASN",
        }
    }
}

/// How PPPK are taxed (practice varies between regions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PppkRule {
    /// Pasal 17 on 50 % of the gross, like any non-employee.
    BukanPegawai,
    /// Final like PNS, by the equivalent golongan.
    SepertiPns,
}

/// The rules in force for one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxRules {
    /// Final rate of golongan I and II, in basis points (0).
    pub final_low_bp: i64,
    /// Golongan III (500 = 5 %).
    pub final_iii_bp: i64,
    /// Golongan IV (1,500 = 15 %).
    pub final_iv_bp: i64,
    /// The share of a non-employee's gross that Pasal 17 taxes, in percent (50).
    pub dpp_percent: i64,
    /// 120 % without an NPWP.
    pub no_npwp_surcharge: bool,
    pub pppk: PppkRule,
}

impl Default for TaxRules {
    fn default() -> Self {
        TaxRules {
            final_low_bp: 0,
            final_iii_bp: 500,
            final_iv_bp: 1_500,
            dpp_percent: 50,
            no_npwp_surcharge: true,
            pppk: PppkRule::BukanPegawai,
        }
    }
}

/// Pasal 17 ayat (1) huruf a (UU HPP): the upper bound of each bracket and its rate in
/// basis points; the last bracket has no bound.
pub const PASAL_17: &[(Option<i64>, i64)] = &[
    (Some(60_000_000), 500),
    (Some(250_000_000), 1_500),
    (Some(500_000_000), 2_500),
    (Some(5_000_000_000), 3_000),
    (None, 3_500),
];

/// The Pasal 17 tax on a yearly base, in rupiah ×10,000 (exact: no rounding yet).
fn pasal_17_exact(base: i64) -> i128 {
    let mut tax: i128 = 0;
    let mut lower: i64 = 0;
    for &(upper, bp) in PASAL_17 {
        if base <= lower {
            break;
        }
        let top = upper.map_or(base, |u| base.min(u));
        tax += i128::from(top - lower) * i128::from(bp);
        match upper {
            Some(u) => lower = u,
            None => break,
        }
    }
    tax
}

/// The golongan's main group: 1 (I) … 4 (IV), from "III/c" (PNS, TNI/Polri, retirees).
pub fn golongan_group(golongan: &str) -> Option<u8> {
    let head = golongan.split('/').next()?.trim();
    match head {
        "I" => Some(1),
        "II" => Some(2),
        "III" => Some(3),
        "IV" => Some(4),
        _ => None,
    }
}

/// A PPPK golongan (I … XVII) as the PNS group it is paid like: I–VIII → II, IX–XII →
/// III, XIII–XVII → IV.
pub fn pppk_group(golongan: &str) -> Option<u8> {
    let n = roman(golongan.trim())?;
    match n {
        1..=8 => Some(2),
        9..=12 => Some(3),
        13..=17 => Some(4),
        _ => None,
    }
}

/// A Roman numeral from I to XVII.
pub fn roman(s: &str) -> Option<u8> {
    const ALL: [&str; 17] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII",
    ];
    ALL.iter().position(|r| *r == s).map(|i| i as u8 + 1)
}

/// What the tax of one payment came to, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxResult {
    pub tax: i64,
    /// The effective rate as printed: "5%", "2,5%", "3%", "15% (final)".
    pub rate_text: String,
    /// The rule, in words, for the trace.
    pub rule: String,
}

/// Why a payment's tax cannot be worked out (the data is missing), in Indonesian.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing(pub String);

/// One payment to tax.
#[derive(Debug, Clone, Copy)]
pub struct Payment<'a> {
    pub status: EmploymentStatus,
    pub golongan: Option<&'a str>,
    /// An NPWP, or an NIK that counts as one.
    pub has_npwp: bool,
    pub gross: i64,
    /// Gross paid to the same person as a non-employee earlier in the same year.
    pub earlier_gross: i64,
}

/// The PPh 21 of one payment under `rules`.
pub fn pph21(rules: &TaxRules, p: &Payment<'_>) -> Result<TaxResult, Missing> {
    let gross = p.gross.max(0);
    let final_group = match p.status {
        EmploymentStatus::Pns | EmploymentStatus::TniPolri | EmploymentStatus::Pensiunan => {
            let g = p.golongan.and_then(golongan_group).ok_or_else(|| {
                Missing(format!(
                    "golongan {} belum diisi (mis. III/c): PPh 21 final tidak dapat dihitung",
                    p.status.label()
                ))
            })?;
            Some(g)
        }
        EmploymentStatus::PejabatNegara => Some(p.golongan.and_then(golongan_group).unwrap_or(4)),
        EmploymentStatus::Pppk => match rules.pppk {
            PppkRule::BukanPegawai => None,
            PppkRule::SepertiPns => Some(p.golongan.and_then(pppk_group).ok_or_else(|| {
                Missing(
                    "golongan PPPK belum diisi (I sampai XVII): PPh 21 tidak dapat dihitung"
                        .to_string(),
                )
            })?),
        },
        EmploymentStatus::BukanAsn => None,
    };
    if let Some(group) = final_group {
        let bp = match group {
            1 | 2 => rules.final_low_bp,
            3 => rules.final_iii_bp,
            _ => rules.final_iv_bp,
        };
        let tax = (i128::from(gross) * i128::from(bp) / 10_000) as i64;
        let roman = ["I", "II", "III", "IV"][usize::from(group - 1)];
        return Ok(TaxResult {
            tax,
            rate_text: percent(i128::from(bp)),
            rule: format!(
                "{} golongan {roman}: PPh 21 final {} × bruto (PP 80/2010)",
                p.status.label(),
                percent(i128::from(bp))
            ),
        });
    }
    // Pasal 17 on the share of the cumulative gross, the earlier payments' tax taken off.
    let share = |g: i64| (i128::from(g) * i128::from(rules.dpp_percent) / 100) as i64;
    let before = share(p.earlier_gross.max(0));
    let after = share(p.earlier_gross.max(0) + gross);
    let mut exact = pasal_17_exact(after) - pasal_17_exact(before);
    let surcharge = rules.no_npwp_surcharge && !p.has_npwp;
    if surcharge {
        exact = exact * 120 / 100;
    }
    let tax = (exact / 10_000) as i64;
    let rate_bp = if gross > 0 {
        exact * 100 / i128::from(gross)
    } else {
        0
    };
    let mut rule = format!(
        "Bukan pegawai: tarif Pasal 17 × {}% bruto",
        rules.dpp_percent
    );
    if p.earlier_gross > 0 {
        rule.push_str(&format!(
            " (kumulatif tahun ini: bruto sebelumnya Rp{})",
            crate::format::rupiah(p.earlier_gross)
        ));
    }
    if surcharge {
        rule.push_str(", 120% karena tanpa NPWP");
    }
    Ok(TaxResult {
        tax,
        rate_text: percent(rate_bp / 100),
        rule,
    })
}

/// Basis points (×100 for hundredths) as an Indonesian percentage: 500 → "5%", 250 →
/// "2,5%", 300 → "3%".
fn percent(bp: i128) -> String {
    let whole = bp / 100;
    let frac = bp % 100;
    if frac == 0 {
        format!("{whole}%")
    } else if frac % 10 == 0 {
        format!("{whole},{}%", frac / 10)
    } else {
        format!("{whole},{frac:02}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pay(status: EmploymentStatus, gol: Option<&str>, npwp: bool, gross: i64) -> TaxResult {
        pph21(
            &TaxRules::default(),
            &Payment {
                status,
                golongan: gol,
                has_npwp: npwp,
                gross,
                earlier_gross: 0,
            },
        )
        .expect("tax")
    }

    #[test]
    fn pns_pay_final_tax_by_golongan() {
        let t = pay(EmploymentStatus::Pns, Some("III/c"), true, 1_800_000);
        assert_eq!((t.tax, t.rate_text.as_str()), (90_000, "5%"));
        let t = pay(EmploymentStatus::Pns, Some("IV/a"), false, 1_800_000);
        assert_eq!((t.tax, t.rate_text.as_str()), (270_000, "15%"));
        let t = pay(EmploymentStatus::Pns, Some("II/d"), true, 1_800_000);
        assert_eq!((t.tax, t.rate_text.as_str()), (0, "0%"));
        let t = pay(EmploymentStatus::PejabatNegara, None, true, 1_000_000);
        assert_eq!(t.tax, 150_000);
        let missing = pph21(
            &TaxRules::default(),
            &Payment {
                status: EmploymentStatus::Pns,
                golongan: None,
                has_npwp: true,
                gross: 1,
                earlier_gross: 0,
            },
        );
        assert!(missing.is_err());
    }

    #[test]
    fn non_employees_pay_half_the_pasal_17_rate_and_more_without_npwp() {
        let t = pay(EmploymentStatus::BukanAsn, None, true, 1_800_000);
        assert_eq!((t.tax, t.rate_text.as_str()), (45_000, "2,5%"));
        let t = pay(EmploymentStatus::BukanAsn, None, false, 1_800_000);
        assert_eq!((t.tax, t.rate_text.as_str()), (54_000, "3%"));
        // Rounded down: 2.5 % of 1,000,001 is 25,000.025.
        assert_eq!(
            pay(EmploymentStatus::BukanAsn, None, true, 1_000_001).tax,
            25_000
        );
    }

    #[test]
    fn a_payment_crossing_a_bracket_pays_the_higher_rate_above_it() {
        // 110 M earlier (base 55 M), 20 M now (base 10 M): 5 M at 5 %, 5 M at 15 %.
        let t = pph21(
            &TaxRules::default(),
            &Payment {
                status: EmploymentStatus::BukanAsn,
                golongan: None,
                has_npwp: true,
                gross: 20_000_000,
                earlier_gross: 110_000_000,
            },
        )
        .expect("tax");
        assert_eq!(t.tax, 250_000 + 750_000);
        assert!(t.rule.contains("kumulatif"), "{}", t.rule);
    }

    #[test]
    fn pppk_follow_the_setting() {
        let mut rules = TaxRules::default();
        let p = Payment {
            status: EmploymentStatus::Pppk,
            golongan: Some("IX"),
            has_npwp: true,
            gross: 1_000_000,
            earlier_gross: 0,
        };
        assert_eq!(pph21(&rules, &p).expect("tax").tax, 25_000);
        rules.pppk = PppkRule::SepertiPns;
        assert_eq!(pph21(&rules, &p).expect("tax").tax, 50_000);
    }

    #[test]
    fn golongan_and_roman_numerals() {
        assert_eq!(golongan_group("III/c"), Some(3));
        assert_eq!(golongan_group("IV"), Some(4));
        assert_eq!(golongan_group("V/a"), None);
        assert_eq!(pppk_group("XVII"), Some(4));
        assert_eq!(pppk_group("XVIII"), None);
    }
}

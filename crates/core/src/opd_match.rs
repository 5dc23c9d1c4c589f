//! Finding an existing OPD from what someone typed: its name, short name or an alias, the
//! well-known short forms of Indonesian local-government work units ("Diskominfo",
//! "Dinkes", "DPUPR", "Bappeda", "Kec." …) and short forms derived from a full name
//! (initials, syllable contractions). Case and punctuation never matter.
//!
//! Pure functions over the OPD list: the store reads the list, this module ranks it. The
//! participant form, the walk-in, the import and the speakers all resolve through
//! [`resolve`], and `opd_suggest` lists [`suggest`].

use crate::model::Opd;

/// Well-known short forms: each entry is a display short name (first), other short
/// spellings, then full names. Everything in one entry names the same work unit.
/// Compared in [`compact`] form, so spaces, dots, "dan"/"&" and case do not matter.
const KNOWN: &[&[&str]] = &[
    &[
        "Diskominfo",
        "Dinkominfo",
        "Kominfo",
        "Dinas Komunikasi dan Informatika",
        "Dinas Komunikasi Informatika dan Statistik",
        "Dinas Komunikasi Informatika dan Persandian",
        "Dinas Komunikasi Informatika Statistik dan Persandian",
    ],
    &["Dinkes", "Diskes", "Dinas Kesehatan"],
    &["Disdik", "Dindik", "Dinas Pendidikan"],
    &["Disdikbud", "Dindikbud", "Dinas Pendidikan dan Kebudayaan"],
    &["Disdikpora", "Dinas Pendidikan Pemuda dan Olahraga"],
    &[
        "Dispora",
        "Dinas Pemuda dan Olahraga",
        "Dinas Kepemudaan dan Olahraga",
    ],
    &[
        "DPUPR",
        "DPU PR",
        "Dinas PUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
    ],
    &["DPU", "Dinas PU", "Dinas Pekerjaan Umum"],
    &["Bappeda", "Badan Perencanaan Pembangunan Daerah"],
    &[
        "Bapperida",
        "Badan Perencanaan Pembangunan Riset dan Inovasi Daerah",
    ],
    &["Brida", "Badan Riset dan Inovasi Daerah"],
    &[
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    ],
    &["BKD", "Badan Kepegawaian Daerah"],
    &[
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "Badan Pengelola Keuangan dan Aset Daerah",
    ],
    &["Bapenda", "Badan Pendapatan Daerah"],
    &["Setda", "Sekda", "Sekretariat Daerah"],
    &[
        "Setwan",
        "Setdprd",
        "Sekwan",
        "Sekretariat DPRD",
        "Sekretariat Dewan Perwakilan Rakyat Daerah",
    ],
    &["Inspektorat", "Itda", "Inspektorat Daerah"],
    &["Satpol PP", "Satuan Polisi Pamong Praja"],
    &[
        "Disdukcapil",
        "Dispendukcapil",
        "Dukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
    ],
    &["Dinsos", "Dinas Sosial"],
    &["DLH", "Dinas Lingkungan Hidup"],
    &["Disnaker", "Dinas Tenaga Kerja"],
    &["Disnakertrans", "Dinas Tenaga Kerja dan Transmigrasi"],
    &["Dishub", "Dinas Perhubungan"],
    &[
        "DPMPTSP",
        "DPM PTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    ],
    &["BPBD", "Badan Penanggulangan Bencana Daerah"],
    &["RSUD", "Rumah Sakit Umum Daerah"],
    &[
        "Kesbangpol",
        "Bakesbangpol",
        "Badan Kesatuan Bangsa dan Politik",
        "Kantor Kesatuan Bangsa dan Politik",
    ],
    &["Disperindag", "Dinas Perindustrian dan Perdagangan"],
    &[
        "Dinkop UKM",
        "Diskop UKM",
        "Dinas Koperasi Usaha Kecil dan Menengah",
        "Dinas Koperasi dan Usaha Kecil Menengah",
    ],
    &["Distan", "Dispertan", "Dinas Pertanian"],
    &[
        "Disbudpar",
        "Disparbud",
        "Dinas Kebudayaan dan Pariwisata",
        "Dinas Pariwisata dan Kebudayaan",
    ],
    &[
        "DPMD",
        "Dispermades",
        "Dinas Pemberdayaan Masyarakat dan Desa",
    ],
    &["DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak"],
    &[
        "Disperkim",
        "Dinas Perumahan dan Kawasan Permukiman",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman",
    ],
    &[
        "Dispusip",
        "Dispersip",
        "Dinas Perpustakaan dan Kearsipan",
        "Dinas Kearsipan dan Perpustakaan",
    ],
    &["Damkar", "Dinas Pemadam Kebakaran"],
];

/// The abbreviated words of an OPD name, written out ("Kec. Depok" = "Kecamatan Depok").
const WORDS: &[(&str, &str)] = &[
    ("kec", "kecamatan"),
    ("kel", "kelurahan"),
    ("bag", "bagian"),
    ("kab", "kabupaten"),
    ("pu", "pekerjaan umum"),
];

/// Words that join, not name: left out of keys, initials and contractions.
const FILLER: &[&str] = &["dan", "serta"];

/// How the first word of a unit type contracts in short forms ("Dinas" → "Dis"/"Din").
const HEADS: &[(&str, &[&str])] = &[
    ("dinas", &["dinas", "dis", "din", "di"]),
    ("badan", &["badan", "bad", "ba"]),
    ("kantor", &["kantor", "kan"]),
    ("sekretariat", &["sekretariat", "sekre", "sek", "set"]),
    ("bagian", &["bagian", "bag"]),
    ("kecamatan", &["kecamatan", "kec"]),
    ("kelurahan", &["kelurahan", "kel"]),
];

/// Lower-case words of a text: punctuation splits words and disappears, abbreviated
/// words are written out, fillers dropped ("Kec. Depok & Sekitarnya" → kecamatan depok
/// sekitarnya).
pub fn words(s: &str) -> Vec<String> {
    let lower = s.to_lowercase().replace('&', " dan ");
    let mut out = Vec::new();
    for w in lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if FILLER.contains(&w) {
            continue;
        }
        match WORDS.iter().find(|(short, _)| *short == w) {
            Some((_, long)) => out.extend(long.split(' ').map(str::to_string)),
            None => out.push(w.to_string()),
        }
    }
    out
}

/// The comparison form of a name or short form: its [`words`] run together.
pub fn compact(s: &str) -> String {
    words(s).concat()
}

/// The words without a trailing region ("Dinas Kesehatan Kabupaten Sleman" → dinas
/// kesehatan), so the known table matches an OPD named with its region.
fn without_region(words: &[String]) -> &[String] {
    let cut = words
        .iter()
        .enumerate()
        .skip(2)
        .find(|(_, w)| matches!(w.as_str(), "kabupaten" | "kota" | "provinsi" | "prov"))
        .map(|(i, _)| i)
        .unwrap_or(words.len());
    &words[..cut]
}

/// The entry of the known table that this name or short form belongs to. `region`: an
/// OPD's own name may end in its region ("… Kabupaten Sleman"); what someone typed may
/// not ("Diskominfo Provinsi Jawa Tengah" is another office than the local Diskominfo).
fn known_entry(s: &str, region: bool) -> Option<usize> {
    let w = words(s);
    let keys = if region {
        vec![w.concat(), without_region(&w).concat()]
    } else {
        vec![w.concat()]
    };
    known_keys()
        .iter()
        .position(|entry| entry.iter().any(|e| keys.contains(e)))
}

/// [`KNOWN`] in [`compact`] form, computed once.
fn known_keys() -> &'static [Vec<String>] {
    static KEYS: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        KNOWN
            .iter()
            .map(|entry| entry.iter().map(|e| compact(e)).collect())
            .collect()
    })
}

/// The well-known short name of an OPD with this full name ("Dinas Kesehatan" →
/// "Dinkes"), when the table knows one and `name` is not itself that short form.
pub fn known_short_name(name: &str) -> Option<&'static str> {
    let entry = KNOWN[known_entry(name, true)?];
    let short = entry[0];
    (compact(short) != compact(name)).then_some(short)
}

/// Whether `typed` (compact) is a short form derived from the words of a full name: its
/// initials ("DPMPTSP"), or the unit type contracted followed by leading syllables of
/// every other word ("Dinkes", "Dinsos", "Bapenda", "Diskominfo").
fn derived(typed: &str, name_words: &[String]) -> bool {
    let w = without_region(name_words);
    if w.len() < 2 || typed.chars().count() < 3 {
        return false;
    }
    let initials: String = w.iter().filter_map(|x| x.chars().next()).collect();
    if w.len() >= 3 && typed == initials {
        return true;
    }
    let heads: Vec<&str> = match HEADS.iter().find(|(h, _)| *h == w[0]) {
        Some((_, forms)) => forms.to_vec(),
        None => return false,
    };
    heads.iter().any(|h| {
        typed
            .strip_prefix(h)
            .is_some_and(|rest| syllables(rest, &w[1..]))
    })
}

/// `rest` is a prefix of at least two characters of each of `words`, in order.
fn syllables(rest: &str, words: &[String]) -> bool {
    let Some((first, others)) = words.split_first() else {
        return rest.is_empty();
    };
    let max = rest.len().min(first.len());
    (2..=max).rev().any(|n| {
        rest.is_char_boundary(n) && first.starts_with(&rest[..n]) && syllables(&rest[n..], others)
    })
}

/// How well an OPD matches what was typed; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Its name, short name or an alias, ignoring case and punctuation.
    Exact,
    /// A well-known short form of its name (or the full name of its short form).
    Known,
    /// A short form derived from its name (initials, contractions).
    Derived,
    /// Only part of it: a suggestion, never used without asking.
    Partial,
}

/// How one OPD matches `typed`, if at all.
pub fn level(typed: &str, opd: &Opd) -> Option<Level> {
    let t = compact(typed);
    if t.is_empty() {
        return None;
    }
    let spellings: Vec<&str> = std::iter::once(opd.name.as_str())
        .chain(opd.short_name.as_deref())
        .chain(opd.aliases.iter().map(String::as_str))
        .collect();
    if spellings.iter().any(|s| compact(s) == t) {
        return Some(Level::Exact);
    }
    if let Some(entry) = known_entry(typed, false) {
        if spellings
            .iter()
            .any(|s| known_entry(s, true) == Some(entry))
        {
            return Some(Level::Known);
        }
    }
    let name_words = words(&opd.name);
    if derived(&t, &name_words) {
        return Some(Level::Derived);
    }
    // Partial: every typed word begins a word of one spelling, or the typed text runs
    // inside one spelling's compact form.
    let typed_words = words(typed);
    let partial = spellings.iter().any(|s| {
        let sw = words(s);
        let c = sw.concat();
        c.contains(&t)
            || typed_words
                .iter()
                .all(|tw| sw.iter().any(|w| w.starts_with(tw.as_str())))
    });
    partial.then_some(Level::Partial)
}

/// The OPDs that match `typed`, best first (then by name).
pub fn suggest<'a>(typed: &str, opds: &'a [Opd]) -> Vec<(Level, &'a Opd)> {
    let mut out: Vec<(Level, &Opd)> = opds
        .iter()
        .filter_map(|o| level(typed, o).map(|l| (l, o)))
        .collect();
    out.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.name.to_lowercase().cmp(&b.1.name.to_lowercase()))
    });
    out
}

/// What a typed OPD resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Exactly one OPD at the best level above [`Level::Partial`].
    One(String),
    /// Several OPDs at the same best level: the person must choose.
    Several(Vec<String>),
    /// None for sure; the partial matches, best first, as suggestions.
    Unknown(Vec<String>),
}

/// Resolves a typed OPD against the list: one certain match is used, several are for the
/// person to choose from, none is new (with suggestions).
pub fn resolve(typed: &str, opds: &[Opd]) -> Resolved {
    let found = suggest(typed, opds);
    let best = found.first().map(|(l, _)| *l);
    match best {
        Some(l) if l < Level::Partial => {
            let top: Vec<&Opd> = found
                .iter()
                .take_while(|(x, _)| *x == l)
                .map(|(_, o)| *o)
                .collect();
            if top.len() == 1 {
                Resolved::One(top[0].id.clone())
            } else {
                Resolved::Several(top.iter().map(|o| o.name.clone()).collect())
            }
        }
        _ => Resolved::Unknown(found.iter().take(5).map(|(_, o)| o.name.clone()).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opd(id: &str, name: &str, short: Option<&str>) -> Opd {
        Opd {
            id: id.into(),
            name: name.into(),
            short_name: short.map(Into::into),
            aliases: Vec::new(),
            people: 0,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn short_forms_find_their_opd() {
        let list = vec![
            opd("1", "Dinas Komunikasi dan Informatika", None),
            opd("2", "Dinas Kesehatan Kabupaten Sleman", None),
            opd("3", "Dinas Pekerjaan Umum dan Penataan Ruang", None),
            opd("4", "Badan Perencanaan Pembangunan Daerah", None),
            opd("5", "Dinas Sosial", None),
            opd("6", "Kecamatan Depok", None),
            opd(
                "7",
                "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
                None,
            ),
            opd("8", "Bagian Umum", Some("Bag. Umum")),
            opd("9", "Satuan Polisi Pamong Praja", None),
        ];
        for (typed, id) in [
            ("Diskominfo", "1"),
            ("DISKOMINFO.", "1"),
            ("dinas komunikasi & informatika", "1"),
            ("dinkes", "2"),
            ("DINKES.", "2"),
            ("Dinas Kesehatan", "2"),
            ("DPUPR", "3"),
            ("dpu-pr", "3"),
            ("Bappeda", "4"),
            ("dinsos", "5"),
            ("Kec. Depok", "6"),
            ("DPMPTSP", "7"),
            ("bag umum", "8"),
            ("Satpol PP", "9"),
        ] {
            assert_eq!(resolve(typed, &list), Resolved::One(id.into()), "{typed}");
        }
        assert!(matches!(resolve("ANRI", &list), Resolved::Unknown(s) if s.is_empty()));
        assert!(
            matches!(
                resolve("Diskominfo Provinsi Jawa Tengah", &list),
                Resolved::Unknown(_)
            ),
            "another region's office is not ours"
        );
        assert!(
            matches!(resolve("Dinas", &list), Resolved::Unknown(s) if !s.is_empty()),
            "a part is a suggestion, never a match"
        );
        assert!(matches!(resolve("dk", &list), Resolved::Unknown(_)));
    }

    #[test]
    fn the_table_gives_short_names() {
        assert_eq!(
            known_short_name("Dinas Komunikasi dan Informatika"),
            Some("Diskominfo")
        );
        assert_eq!(known_short_name("DINAS KESEHATAN"), Some("Dinkes"));
        assert_eq!(known_short_name("Dinkes"), None);
        assert_eq!(known_short_name("Arsip Nasional Republik Indonesia"), None);
    }
}

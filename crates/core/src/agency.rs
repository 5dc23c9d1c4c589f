//! The agency profile (*profil instansi*): who organizes, as the letterhead (*kop surat*)
//! of its documents names it. Set once per installation in Pengaturan → Profil instansi;
//! the first-run guide asks for it and the Beranda's checklist counts it.

use bintek_docs::logo::Logo;
use serde::{Deserialize, Serialize};

use crate::api::{Api, Caller, NoArgs};
use crate::error::ApiError;
use crate::store::audit::Audit;
use crate::tx::Tx;
use crate::validate::Errors;
use crate::{ids, store, validate};

/// Office phone numbers are written in many ways: `(0292) 421234`, `0292-421234 ext. 12`.
const MAX_PHONE: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct AgencyProfile {
    /// `Dinas Komunikasi dan Informatika`.
    pub name: String,
    /// The government above it: `Pemerintah Kabupaten Grobogan`.
    pub parent: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// The logo on the kop surat (PNG or JPEG, base64 in JSON).
    pub logo: Option<Logo>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct AgencyProfileArgs {
    pub name: String,
    pub parent: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// A new logo; without it the stored one stays (unless `remove_logo`).
    pub logo: Option<Logo>,
    /// Take the stored logo away.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub remove_logo: bool,
}

impl Api {
    /// Command `agency_profile_get`: the profile, `null` before it was ever set.
    pub(crate) fn agency_profile_get(
        &self,
        _caller: &Caller,
        _args: NoArgs,
    ) -> Result<Option<AgencyProfile>, ApiError> {
        Ok(store::agency::get_profile(&self.read())?)
    }
}

/// `grobogankab.go.id`, `https://diskominfo.grobogan.go.id/`: a host name with at least
/// one dot, optionally with the scheme and a path; no spaces.
fn website(s: &str) -> Result<String, String> {
    let t = s.trim();
    let rest = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .unwrap_or(t);
    let host = rest.split('/').next().unwrap_or("");
    let ok = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':')
        && !t.chars().any(char::is_whitespace);
    if ok {
        Ok(t.to_string())
    } else {
        Err(format!(
            "Situs web \"{}\" tidak valid, contoh: diskominfo.grobogankab.go.id.",
            validate::quote(s)
        ))
    }
}

/// Command `agency_profile_set`: checks every field and saves the profile.
pub(crate) fn agency_profile_set(
    tx: &Tx,
    args: AgencyProfileArgs,
) -> Result<AgencyProfile, ApiError> {
    let mut errors = Errors::default();
    let name = validate::one_line(&args.name);
    if name.is_empty() {
        errors.add(
            "name",
            "Nama instansi wajib diisi, contoh: Dinas Komunikasi dan Informatika.",
        );
    }
    let parent = validate::opt_line(args.parent);
    let address = validate::opt_text(args.address);
    let phone = validate::opt_line(args.phone);
    for (field, label, value, max) in [
        (
            "name",
            "Nama instansi",
            Some(name.as_str()),
            validate::MAX_LINE,
        ),
        (
            "parent",
            "Pemerintah daerah",
            parent.as_deref(),
            validate::MAX_LINE,
        ),
        ("address", "Alamat", address.as_deref(), validate::MAX_LINE),
        ("phone", "Telepon", phone.as_deref(), MAX_PHONE),
    ] {
        validate::text(&mut errors, field, label, value, max);
    }
    if let Some(p) = &phone {
        if !p.chars().any(|c| c.is_ascii_digit()) {
            errors.add(
                "phone",
                format!(
                    "Telepon \"{}\" tidak berisi nomor, contoh: (0292) 421234.",
                    validate::quote(p)
                ),
            );
        }
    }
    let email = match validate::opt_line(args.email) {
        None => None,
        Some(e) => match ids::parse_email(&e) {
            Ok(e) if e.chars().count() <= validate::MAX_SHORT => Some(e),
            Ok(_) => {
                errors.add("email", "Email terlalu panjang.");
                None
            }
            Err(m) => {
                errors.add("email", m);
                None
            }
        },
    };
    let website = match validate::opt_line(args.website) {
        None => None,
        Some(w) => match website(&w) {
            Ok(w) if w.chars().count() <= validate::MAX_SHORT * 2 => Some(w),
            Ok(_) => {
                errors.add("website", "Situs web terlalu panjang.");
                None
            }
            Err(m) => {
                errors.add("website", m);
                None
            }
        },
    };
    let new_logo = match args.logo {
        Some(l) => match bintek_docs::logo::check(&l.mime, &l.data) {
            // Stored by what the bytes are (the check made sure they agree with `mime`).
            Ok(_) => Some(Logo {
                mime: if l.data.starts_with(b"\x89PNG") {
                    "image/png".into()
                } else {
                    "image/jpeg".into()
                },
                data: l.data,
            }),
            Err(reason) => {
                errors.add("logo", format!("Logo tidak dapat dipakai: {reason}"));
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    let logo = if new_logo.is_some() {
        new_logo
    } else if args.remove_logo {
        None
    } else {
        store::agency::get_profile(tx)?.and_then(|p| p.logo)
    };
    let profile = AgencyProfile {
        name,
        parent,
        address,
        phone,
        email,
        website,
        logo,
        updated_at: store::now(),
    };
    store::agency::put_profile(tx, &profile)?;
    tx.audit(Audit::AgencyProfile, None, None)?;
    Ok(profile)
}

/// The kop surat of an event's documents: bold heading lines (government, agency) and
/// small detail lines (address, contacts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kop {
    pub heading: Vec<String>,
    pub details: Vec<String>,
    pub logo: Option<Logo>,
}

impl Kop {
    /// From the agency profile: `PEMERINTAH KABUPATEN GROBOGAN`, `DINAS KOMUNIKASI DAN
    /// INFORMATIKA`, the address, then telephone, e-mail and website on one line.
    pub fn of_profile(p: &AgencyProfile) -> Kop {
        let heading = [p.parent.as_deref(), Some(p.name.as_str())]
            .into_iter()
            .flatten()
            .map(str::to_uppercase)
            .collect();
        let contacts: Vec<String> = [
            p.phone.as_deref().map(|v| format!("Telepon {v}")),
            p.email.as_deref().map(|v| format!("Email {v}")),
            p.website.as_deref().map(|v| format!("Laman {v}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let details = [p.address.clone(), Some(contacts.join(" · "))]
            .into_iter()
            .flatten()
            .filter(|l| !l.is_empty())
            .collect();
        Kop {
            heading,
            details,
            logo: p.logo.clone(),
        }
    }

    /// The kop of `event`'s documents: the agency profile's, unless the event names
    /// another organizing unit (neither name contains the other, case aside); then, as
    /// without a profile, the kop derived from the event's organizer.
    pub fn of_event(profile: Option<&AgencyProfile>, event: &crate::model::Event) -> Kop {
        let organizer = event
            .organizer
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty());
        if let Some(p) = profile {
            let same = organizer.is_none_or(|o| {
                let (o, n) = (o.to_lowercase(), p.name.to_lowercase());
                o.contains(&n) || n.contains(&o)
            });
            if same {
                return Kop::of_profile(p);
            }
        }
        Kop {
            heading: crate::agenda::letterhead_from_organizer(organizer),
            details: Vec::new(),
            logo: None,
        }
    }

    /// The kop as the letter and report writers take it.
    pub fn to_docs(&self) -> bintek_docs::letter::Kop {
        bintek_docs::letter::Kop {
            heading: self.heading.clone(),
            details: self.details.clone(),
            logo: self.logo.clone(),
        }
    }

    /// The kop of `event` as stored now.
    pub fn read(conn: &rusqlite::Connection, event: &crate::model::Event) -> Result<Kop, ApiError> {
        Ok(Kop::of_event(
            store::agency::get_profile(conn)?.as_ref(),
            event,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::{website, AgencyProfile, Kop};

    fn event(organizer: Option<&str>) -> crate::model::Event {
        serde_json::from_value(serde_json::json!({
            "id": "e", "title": "Bimtek", "theme": null, "organizer": organizer, "venue": null,
            "city": null, "start_date": "2030-01-01", "end_date": "2030-01-01",
            "legal_basis": null, "total_jp": null, "notes": null, "archived": false,
            "created_at": "", "updated_at": "", "sessions_jp": 0
        }))
        .expect("event")
    }

    #[test]
    fn the_kop_is_the_profiles_unless_the_event_names_another_unit() {
        let p = AgencyProfile {
            name: "Dinas Komunikasi dan Informatika".into(),
            parent: Some("Pemerintah Kabupaten Grobogan".into()),
            address: Some("Jl. Gatot Subroto No. 6, Purwodadi".into()),
            phone: Some("(0292) 421233".into()),
            email: None,
            website: Some("diskominfo.grobogan.go.id".into()),
            logo: None,
            updated_at: String::new(),
        };
        let profile = Kop {
            heading: vec![
                "PEMERINTAH KABUPATEN GROBOGAN".into(),
                "DINAS KOMUNIKASI DAN INFORMATIKA".into(),
            ],
            details: vec![
                "Jl. Gatot Subroto No. 6, Purwodadi".into(),
                "Telepon (0292) 421233 · Laman diskominfo.grobogan.go.id".into(),
            ],
            logo: None,
        };
        for same in [
            None,
            Some(""),
            Some("Dinas Komunikasi dan Informatika Kabupaten Grobogan"),
            Some("dinas komunikasi"),
        ] {
            assert_eq!(Kop::of_event(Some(&p), &event(same)), profile, "{same:?}");
        }
        assert_eq!(
            Kop::of_event(Some(&p), &event(Some("Bappeda Kabupaten Grobogan"))),
            Kop {
                heading: vec!["PEMERINTAH KABUPATEN GROBOGAN".into(), "BAPPEDA".into()],
                details: vec![],
                logo: None,
            }
        );
        assert_eq!(Kop::of_event(None, &event(None)), Kop::default());
        let bare = AgencyProfile {
            parent: None,
            address: None,
            phone: None,
            website: None,
            ..p
        };
        assert_eq!(
            Kop::of_profile(&bare),
            Kop {
                heading: vec!["DINAS KOMUNIKASI DAN INFORMATIKA".into()],
                details: vec![],
                logo: None,
            }
        );
    }

    #[test]
    fn websites_are_host_names_with_an_optional_scheme_and_path() {
        for ok in [
            "grobogankab.go.id",
            "https://diskominfo.grobogankab.go.id/",
            "http://localhost.local:8080/sertifikat",
        ] {
            assert!(website(ok).is_ok(), "{ok}");
        }
        for bad in [
            "grobogan",
            "https://",
            "diskominfo grobogan.go.id",
            "javascript:alert(1)",
            ".go.id",
        ] {
            assert!(website(bad).is_err(), "{bad}");
        }
    }
}

//! The agency profile (*profil instansi*): who organizes, as the letterhead (*kop surat*)
//! of its documents names it. Set once per installation in Pengaturan → Profil instansi;
//! the first-run guide asks for it and the Beranda's checklist counts it.

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
    if !errors.is_empty() {
        return Err(ApiError::validation(errors.0));
    }
    let profile = AgencyProfile {
        name,
        parent,
        address,
        phone,
        email,
        website,
        updated_at: store::now(),
    };
    store::agency::put_profile(tx, &profile)?;
    tx.audit(Audit::AgencyProfile, None, None)?;
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::website;

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

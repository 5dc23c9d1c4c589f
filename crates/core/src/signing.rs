//! The Ed25519 key that signs certificate QR codes.
//!
//! The key lives inside the database (table `signing_key`, schema v10), so every backup,
//! copy and restore carries it: a restored backup verifies its old certificates as
//! genuine on any PC. Versions before kept it only in [`KEY_FILE`] beside the database;
//! that file is taken into the database when it opens (and left where it is). An offline
//! desk package carries the public half only. A key is made only for a database that has
//! none and has never issued a certificate; otherwise a missing secret is an error that
//! says what to do (import the key), never a new key.
//!
//! The organizer exports the key (a text file, secret) and imports it elsewhere; an import
//! must match the recorded public key while certificates exist. People compare keys by the
//! public key's [`fingerprint`].

use crate::store::audit::Audit;
use crate::tx::Tx;
use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

use serde::{Deserialize, Serialize};

use crate::api::{Api, Caller, NoArgs};
use crate::error::{ApiError, ErrorCode};
use crate::files::FilePayload;
use crate::store;

/// The key file's name beside the database, as versions before schema v10 wrote it (32 raw
/// bytes); still accepted by an import.
pub const KEY_FILE: &str = "bintek-sertifikat.key";
/// The first word of the key line of an exported key file.
const EXPORT_TAG: &str = "BINTEK-KUNCI-1";
/// An exported key file is a few hundred bytes; anything much larger is not one.
pub const MAX_KEY_FILE: usize = 4096;

pub struct Signer {
    key: SigningKey,
}

/// A new random secret key.
pub fn generate() -> Result<[u8; 32], ApiError> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Kunci tanda tangan sertifikat tidak dapat dibuat: {e}"),
        )
    })?;
    Ok(secret)
}

/// The legacy key file beside the database at `db_path`, if there is one: its 32 bytes,
/// or why it cannot be used.
pub fn legacy_key_file(db_path: &Path) -> Option<Result<[u8; 32], ApiError>> {
    let path = db_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(KEY_FILE);
    let bytes = std::fs::read(&path).ok()?;
    Some(<[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| {
        ApiError::new(
            ErrorCode::Internal,
            format!(
                "Berkas kunci tanda tangan {} bukan kunci Ed25519 (32 bita).",
                path.display()
            ),
        )
    }))
}

/// The public half of `secret`.
pub fn public_of(secret: &[u8; 32]) -> [u8; 32] {
    SigningKey::from_bytes(secret).verifying_key().to_bytes()
}

/// A short, human-comparable fingerprint of a public key: the first 10 bytes of its
/// SHA-256 in five groups of four hex digits (`3F2A-09C1-…`).
pub fn fingerprint(public_key: &[u8]) -> String {
    let digest = Sha256::digest(public_key);
    let hex: String = digest[..10].iter().map(|b| format!("{b:02X}")).collect();
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The text of an exported key file: a warning that it is secret, the fingerprint, and
/// the key line.
pub fn export_text(secret: &[u8; 32]) -> String {
    format!(
        "# Kunci tanda tangan sertifikat Bintek. RAHASIA: siapa pun yang memegang berkas ini\n\
         # dapat membuat sertifikat yang dinyatakan SAH. Simpan di tempat aman (flashdisk\n\
         # terkunci, brankas), jangan dikirim lewat surel atau grup obrolan.\n\
         # Sidik jari kunci publik: {}\n\
         {EXPORT_TAG} {}\n",
        fingerprint(&public_of(secret)),
        B64.encode(secret)
    )
}

/// Reads a key file: an exported one ([`export_text`]) or the 32 raw bytes of a
/// [`KEY_FILE`]. The message says what is wrong (in Bahasa Indonesia).
pub fn parse_key_file(bytes: &[u8]) -> Result<[u8; 32], String> {
    if bytes.len() > MAX_KEY_FILE {
        return Err(format!(
            "Berkas terlalu besar untuk sebuah kunci tanda tangan ({} bita; paling banyak {MAX_KEY_FILE}).",
            bytes.len()
        ));
    }
    let not_a_key = || {
        "Berkas ini bukan kunci tanda tangan sertifikat Bintek: pilih berkas .key hasil \
         \"Ekspor kunci\" atau berkas bintek-sertifikat.key."
            .to_string()
    };
    if let Ok(raw) = <[u8; 32]>::try_from(bytes) {
        if !bytes.starts_with(b"#") && !bytes.starts_with(EXPORT_TAG.as_bytes()) {
            return Ok(raw);
        }
    }
    let text = std::str::from_utf8(bytes).map_err(|_| not_a_key())?;
    let line = text
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix(EXPORT_TAG))
        .ok_or_else(not_a_key)?;
    let decoded = B64.decode(line.trim()).map_err(|_| {
        "Baris kunci di berkas ini rusak (bukan base64): ekspor kunci sekali lagi.".to_string()
    })?;
    <[u8; 32]>::try_from(decoded.as_slice()).map_err(|_| {
        format!(
            "Baris kunci di berkas ini bukan kunci Ed25519 (32 bita, bukan {}).",
            decoded.len()
        )
    })
}

impl Signer {
    pub fn from_secret(secret: &[u8; 32]) -> Signer {
        Signer {
            key: SigningKey::from_bytes(secret),
        }
    }

    /// The public key's raw 32 bytes.
    pub fn public_bytes(&self) -> [u8; 32] {
        self.key.verifying_key().to_bytes()
    }

    /// The signature of `message`, base64url without padding (86 characters).
    pub fn sign(&self, message: &[u8]) -> String {
        B64.encode(self.key.sign(message).to_bytes())
    }

    /// The raw 64-byte signature of `message`.
    pub fn sign_raw(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// Whether the raw `signature` signs `message` with this installation's key.
    pub fn verify_raw(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(bytes) = <[u8; 64]>::try_from(signature) else {
            return false;
        };
        self.key
            .verifying_key()
            .verify(message, &Signature::from_bytes(&bytes))
            .is_ok()
    }

    /// Whether `signature` (base64url) signs `message` with this installation's key.
    pub fn verify(&self, message: &[u8], signature: &str) -> bool {
        verify_with(&self.key.verifying_key(), message, signature)
    }

    /// The public key, base64url (43 characters), for publishing.
    pub fn public_key(&self) -> String {
        B64.encode(self.key.verifying_key().to_bytes())
    }
}

/// Whether `signature` (base64url) signs `message` with `key`.
pub fn verify_with(key: &VerifyingKey, message: &[u8], signature: &str) -> bool {
    let Ok(bytes) = B64.decode(signature.trim()) else {
        return false;
    };
    let Ok(bytes) = <[u8; 64]>::try_from(bytes.as_slice()) else {
        return false;
    };
    key.verify(message, &Signature::from_bytes(&bytes)).is_ok()
}

/// Whether the raw `signature` signs `message` with the raw 32-byte public key.
pub fn verify_raw_with(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let (Ok(public), Ok(sig)) = (
        <[u8; 32]>::try_from(public_key),
        <[u8; 64]>::try_from(signature),
    ) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&public) else {
        return false;
    };
    key.verify(message, &Signature::from_bytes(&sig)).is_ok()
}

// ---------------------------------------------------------------------------------------
// The Api's side: the key in the database, its export and import.

/// What Pengaturan shows of the key (never the secret).
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct KeyInfo {
    /// The public key's fingerprint ([`fingerprint`]); none when no key is known at all.
    pub fingerprint: Option<String>,
    /// The public key, base64url.
    pub public_key: Option<String>,
    /// This database holds the secret key: it can issue and print certificates.
    pub has_secret: bool,
    /// Certificates were issued in this database (an import must match their key).
    pub certificates: bool,
    /// This database is an offline desk package (it only verifies).
    pub package: bool,
    /// What needs attention, in Bahasa Indonesia (the key is missing).
    pub warning: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct KeyImportArgs {
    /// The key file, base64-encoded.
    pub data: String,
    /// Its name (shown in messages only).
    #[serde(default)]
    pub file_name: Option<String>,
}

/// The key as this database holds it.
enum KeyState {
    Secret([u8; 32]),
    PublicOnly(Vec<u8>),
    /// No key recorded: made on first use unless certificates exist (or a package).
    Unknown {
        certificates: bool,
        package: bool,
    },
}

fn missing_message(fingerprint: Option<&str>, package: bool) -> String {
    if package {
        return "Kunci tanda tangan tidak ditemukan di paket meja offline ini: paket hanya \
                dapat memeriksa keaslian sertifikat. Terbitkan dan cetak sertifikat di \
                komputer panitia."
            .to_string();
    }
    let which = match fingerprint {
        Some(fp) => format!("kunci dengan sidik jari {fp}"),
        None => "kunci dari komputer asalnya".to_string(),
    };
    format!(
        "Kunci tanda tangan tidak ditemukan: sertifikat di basis data ini ditandatangani \
         dengan {which}, tetapi kunci rahasianya tidak ada di sini, sehingga sertifikat tidak \
         dapat diterbitkan atau dicetak (kunci baru tidak dibuat, karena sertifikat yang sudah \
         dicetak akan dinyatakan palsu). Buka Pengaturan → Kunci tanda tangan → Impor kunci dan \
         pilih berkas kunci hasil ekspor (atau berkas {KEY_FILE} dari komputer lama), atau \
         pulihkan cadangan yang memuat kunci itu."
    )
}

/// Which key the database at `db_path` holds, read on `conn`.
fn key_state_in(conn: &rusqlite::Connection, db_path: &Path) -> Result<KeyState, ApiError> {
    if let Some(k) = store::signing_key::get(conn)? {
        return Ok(match k.secret.as_deref().map(<[u8; 32]>::try_from) {
            Some(Ok(secret)) => KeyState::Secret(secret),
            _ => KeyState::PublicOnly(k.public_key),
        });
    }
    // A database of an older version, read-only here so its key file was not taken in.
    if let Some(found) = legacy_key_file(db_path) {
        return Ok(KeyState::Secret(found?));
    }
    Ok(KeyState::Unknown {
        certificates: store::signing_key::certificates_exist(conn)?,
        package: store::signing_key::is_package(conn)?,
    })
}

fn missing_key_in(conn: &rusqlite::Connection, public: Option<&[u8]>) -> ApiError {
    let package = store::signing_key::is_package(conn).unwrap_or(false);
    ApiError::new(
        ErrorCode::SigningKeyMissing,
        missing_message(public.map(fingerprint).as_deref(), package),
    )
}

/// The key that signs certificates, read (and, for a database without one that never
/// issued a certificate, made and stored) on `conn`: the writer or a write command's
/// transaction. Otherwise a missing key is an error saying what to do.
pub(crate) fn signer_in(conn: &rusqlite::Connection, db_path: &Path) -> Result<Signer, ApiError> {
    match key_state_in(conn, db_path)? {
        KeyState::Secret(secret) => Ok(Signer::from_secret(&secret)),
        KeyState::PublicOnly(public) => Err(missing_key_in(conn, Some(&public))),
        KeyState::Unknown {
            certificates: true, ..
        }
        | KeyState::Unknown { package: true, .. } => Err(missing_key_in(conn, None)),
        KeyState::Unknown { .. } => {
            let secret = generate()?;
            // One statement: a key another caller stored first is kept.
            store::signing_key::insert_if_none(conn, &public_of(&secret), &secret, &store::now())?;
            match key_state_in(conn, db_path)? {
                KeyState::Secret(secret) => Ok(Signer::from_secret(&secret)),
                _ => Err(missing_key_in(conn, None)),
            }
        }
    }
}

/// What `signing_key_info` answers, read on `conn`; a database that may be written and
/// never had a key gets one first.
fn key_info_in(
    conn: &rusqlite::Connection,
    db_path: &Path,
    writable: bool,
) -> Result<KeyInfo, ApiError> {
    if writable {
        if let Ok(KeyState::Unknown {
            certificates: false,
            package: false,
        }) = key_state_in(conn, db_path)
        {
            signer_in(conn, db_path)?;
        }
    }
    let (public, has_secret) = match key_state_in(conn, db_path)? {
        KeyState::Secret(s) => (Some(public_of(&s).to_vec()), true),
        KeyState::PublicOnly(p) => (Some(p), false),
        KeyState::Unknown { .. } => (None, false),
    };
    let certificates = store::signing_key::certificates_exist(conn)?;
    let package = store::signing_key::is_package(conn)?;
    Ok(KeyInfo {
        fingerprint: public.as_deref().map(fingerprint),
        public_key: public.as_deref().map(|p| B64.encode(p)),
        has_secret,
        certificates,
        package,
        warning: (!has_secret)
            .then(|| missing_key_in(conn, public.as_deref()).message)
            .filter(|_| certificates || package || public.is_some()),
    })
}

impl Api {
    fn key_state(&self) -> Result<KeyState, ApiError> {
        key_state_in(&self.conn(), self.path())
    }

    /// At open: a database of an older version takes in the key file beside it, so that
    /// its backups carry the key from now on. Errors are left for the first use to say.
    pub(crate) fn adopt_legacy_key(&self) {
        if self.is_read_only() {
            return;
        }
        let has_row = store::signing_key::get(&self.conn())
            .ok()
            .flatten()
            .is_some();
        if has_row {
            return;
        }
        if let Some(Ok(secret)) = legacy_key_file(self.path()) {
            let _ = self.write(|tx| {
                store::signing_key::insert_if_none(
                    tx,
                    &public_of(&secret),
                    &secret,
                    &store::now(),
                )?;
                Ok(())
            });
        }
    }

    /// The key that signs certificates (see [`signer_in`]), on the writer.
    pub(crate) fn signer(&self) -> Result<Signer, ApiError> {
        signer_in(&self.conn(), self.path())
    }

    /// The public key certificates are verified with; none when this database never had
    /// a key and issued nothing (then no token can be genuine here).
    pub(crate) fn verifying_key(&self) -> Result<Option<Vec<u8>>, ApiError> {
        match self.key_state()? {
            KeyState::Secret(secret) => Ok(Some(public_of(&secret).to_vec())),
            KeyState::PublicOnly(public) => Ok(Some(public)),
            KeyState::Unknown {
                certificates: true, ..
            } => Err(self.missing_key(None)),
            KeyState::Unknown { .. } => Ok(None),
        }
    }

    fn missing_key(&self, public: Option<&[u8]>) -> ApiError {
        missing_key_in(&self.conn(), public)
    }

    /// For `app_info`: the warning when certificates exist but their key does not.
    pub(crate) fn signing_key_warning(&self) -> Option<String> {
        match self.key_state() {
            Ok(KeyState::Secret(_))
            | Ok(KeyState::Unknown {
                certificates: false,
                ..
            }) => None,
            Ok(KeyState::PublicOnly(public)) => Some(self.missing_key(Some(&public)).message),
            Ok(KeyState::Unknown { .. }) => Some(self.missing_key(None).message),
            Err(e) => Some(e.message),
        }
    }

    /// Command `signing_key_info`: the fingerprint and whether this database can sign. A
    /// database that may make its key makes it now, so that it can be exported.
    pub(crate) fn signing_key_info(
        &self,
        _caller: &Caller,
        _args: NoArgs,
    ) -> Result<KeyInfo, ApiError> {
        key_info_in(&self.conn(), self.path(), !self.is_read_only())
    }

    /// Command `signing_key_export`: the secret key as a file the organizer keeps safe.
    pub(crate) fn signing_key_export(
        &self,
        _caller: &Caller,
        _args: NoArgs,
    ) -> Result<FilePayload, ApiError> {
        let signer = self.signer()?;
        let fp = fingerprint(&signer.public_bytes());
        let text = export_text(&signer.key.to_bytes());
        Ok(FilePayload::new(
            &format!("kunci-sertifikat-bintek-{}.key", &fp[..9]),
            text.as_bytes(),
        ))
    }
}

/// Command `signing_key_import`: takes a key file in. While certificates exist its
/// public key must be the recorded one; a wrong key is refused, never stored.
pub(crate) fn signing_key_import(tx: &Tx, args: KeyImportArgs) -> Result<KeyInfo, ApiError> {
    // Limits before decoding: base64 of MAX_KEY_FILE bytes.
    if args.data.len() > MAX_KEY_FILE.div_ceil(3) * 4 + 4 {
        return Err(ApiError::field(
                "data",
                format!(
                    "Berkas terlalu besar untuk sebuah kunci tanda tangan (paling banyak {MAX_KEY_FILE} bita)."
                ),
            ));
    }
    let bytes = crate::files::decode_base64("data", &args.data)?;
    let secret = parse_key_file(&bytes).map_err(|m| ApiError::field("data", m))?;
    let public = public_of(&secret);
    let stored = store::signing_key::get(tx)?;
    let certificates = store::signing_key::certificates_exist(tx)?;
    if let Some(k) = &stored {
        if k.public_key != public && certificates {
            return Err(ApiError::field(
                "data",
                format!(
                    "Kunci ini ditolak: sidik jarinya {}, sedangkan sertifikat di basis \
                             data ini ditandatangani kunci dengan sidik jari {}. Pilih berkas \
                             kunci dari komputer yang menerbitkan sertifikat itu.",
                    fingerprint(&public),
                    fingerprint(&k.public_key)
                ),
            )
            .with_code(ErrorCode::Conflict));
        }
    }
    store::signing_key::replace(tx, &public, &secret, &store::now())?;
    tx.audit(Audit::SigningKeyImport, None, Some(&fingerprint(&public)))?;
    key_info_in(tx, tx.api.path(), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_signs_what_its_public_half_verifies() {
        let secret = generate().expect("key");
        let a = Signer::from_secret(&secret);
        let sig = a.sign_raw(b"B1|K7Q2MX|001/BIMTEK|Sri");
        assert!(verify_raw_with(
            &public_of(&secret),
            b"B1|K7Q2MX|001/BIMTEK|Sri",
            &sig
        ));
        assert!(!verify_raw_with(
            &public_of(&secret),
            b"B1|K7Q2MX|001/BIMTEK|Sry",
            &sig
        ));
        let other = generate().expect("key");
        assert!(!verify_raw_with(
            &public_of(&other),
            b"B1|K7Q2MX|001/BIMTEK|Sri",
            &sig
        ));
        assert!(!verify_raw_with(b"short", b"x", &sig));
    }

    #[test]
    fn exported_and_legacy_key_files_are_read_and_anything_else_refused() {
        let secret = generate().expect("key");
        let text = export_text(&secret);
        assert!(text.contains("RAHASIA"));
        assert!(text.contains(&fingerprint(&public_of(&secret))));
        assert_eq!(parse_key_file(text.as_bytes()), Ok(secret));
        assert_eq!(parse_key_file(&secret), Ok(secret));
        for bad in [
            &b"bukan kunci"[..],
            b"BINTEK-KUNCI-1 !!!",
            b"BINTEK-KUNCI-1 AAAA",
            &[0xffu8; 40],
            &[b'#'; 32],
            &[0u8; MAX_KEY_FILE + 1],
        ] {
            assert!(parse_key_file(bad).is_err(), "{bad:?}");
        }
        let fp = fingerprint(&public_of(&secret));
        assert_eq!(fp.len(), 24);
        assert_eq!(fp.split('-').count(), 5);
    }
}

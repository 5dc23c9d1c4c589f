//! The installation's Ed25519 key that signs certificate QR codes.
//!
//! The secret key is 32 random bytes in [`KEY_FILE`] beside the database (the app data
//! dir by default), made on first use. Anyone can verify with the public key, which the
//! organizer exports; a certificate signed by another installation fails verification
//! here ("tampered") unless its public key is trusted.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier, VerifyingKey};

use crate::error::{ApiError, ErrorCode};

/// The key file's name, beside the database.
pub const KEY_FILE: &str = "bintek-sertifikat.key";

pub struct Signer {
    key: SigningKey,
    path: PathBuf,
}

fn io_error(path: &Path, e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        format!(
            "Kunci tanda tangan sertifikat ({}) tidak dapat dibaca atau dibuat: {e}",
            path.display()
        ),
    )
}

impl Signer {
    /// Loads the key from `dir`, or makes and saves a new one.
    pub fn load_or_create(dir: &Path) -> Result<Signer, ApiError> {
        let path = dir.join(KEY_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let secret: [u8; 32] = bytes
                    .as_slice()
                    .try_into()
                    .map_err(|_| io_error(&path, "isinya bukan kunci Ed25519 (32 bita)"))?;
                Ok(Signer {
                    key: SigningKey::from_bytes(&secret),
                    path,
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut secret = [0u8; 32];
                getrandom::fill(&mut secret).map_err(|e| io_error(&path, e))?;
                std::fs::create_dir_all(dir).map_err(|e| io_error(&path, e))?;
                // Written to a temporary name first, so a crash leaves no half key.
                let tmp = dir.join(format!("{KEY_FILE}.tmp"));
                std::fs::write(&tmp, secret).map_err(|e| io_error(&path, e))?;
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let _ = std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600));
                }
                if std::fs::hard_link(&tmp, &path).is_err() && !path.exists() {
                    std::fs::rename(&tmp, &path).map_err(|e| io_error(&path, e))?;
                }
                let _ = std::fs::remove_file(&tmp);
                // Another process may have won the race: use whatever is on disk now.
                Signer::load_or_create_existing(&path)
            }
            Err(e) => Err(io_error(&path, e)),
        }
    }

    fn load_or_create_existing(path: &Path) -> Result<Signer, ApiError> {
        let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
        let secret: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| io_error(path, "isinya bukan kunci Ed25519 (32 bita)"))?;
        Ok(Signer {
            key: SigningKey::from_bytes(&secret),
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_and_signs_what_it_verifies() {
        let dir = tempfile::tempdir().expect("dir");
        let a = Signer::load_or_create(dir.path()).expect("make");
        let b = Signer::load_or_create(dir.path()).expect("load");
        assert_eq!(a.public_key(), b.public_key());
        let sig = a.sign(b"B1|K7Q2MX|001/BIMTEK|Sri");
        assert!(b.verify(b"B1|K7Q2MX|001/BIMTEK|Sri", &sig));
        assert!(!b.verify(b"B1|K7Q2MX|001/BIMTEK|Sry", &sig));
        let other = tempfile::tempdir().expect("dir");
        let c = Signer::load_or_create(other.path()).expect("other");
        assert!(
            !c.verify(b"B1|K7Q2MX|001/BIMTEK|Sri", &sig),
            "another installation's key"
        );
        std::fs::write(dir.path().join(KEY_FILE), b"short").expect("write");
        assert!(Signer::load_or_create(dir.path()).is_err());
    }
}

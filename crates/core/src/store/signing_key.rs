//! Queries of `signing_key`: the one row holding the certificate signing key (schema v10).

use rusqlite::{params, Connection, OptionalExtension};

/// The stored key: its public half always, the secret where this database may sign.
#[derive(Debug, Clone)]
pub struct StoredKey {
    pub public_key: Vec<u8>,
    pub secret: Option<Vec<u8>>,
}

pub fn get(conn: &Connection) -> rusqlite::Result<Option<StoredKey>> {
    conn.query_row(
        "SELECT public_key, secret FROM signing_key WHERE id = 1",
        [],
        |r| {
            Ok(StoredKey {
                public_key: r.get(0)?,
                secret: r.get(1)?,
            })
        },
    )
    .optional()
}

/// Stores the key unless one is there already (two first uses at once keep one key).
pub fn insert_if_none(
    conn: &Connection,
    public_key: &[u8],
    secret: &[u8],
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO signing_key (id, public_key, secret, created_at, updated_at) \
         VALUES (1, ?1, ?2, ?3, ?3) ON CONFLICT (id) DO NOTHING",
        params![public_key, secret, now],
    )?;
    Ok(())
}

/// Stores the key, replacing whatever was there (an import, checked by the caller).
pub fn replace(
    conn: &Connection,
    public_key: &[u8],
    secret: &[u8],
    now: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO signing_key (id, public_key, secret, created_at, updated_at) \
         VALUES (1, ?1, ?2, ?3, ?3) ON CONFLICT (id) DO UPDATE SET \
         public_key = excluded.public_key, secret = excluded.secret, updated_at = excluded.updated_at",
        params![public_key, secret, now],
    )?;
    Ok(())
}

/// Whether any certificate was ever issued in this database (signed with its key).
pub fn certificates_exist(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM certificate)", [], |r| {
        r.get(0)
    })
}

/// Whether this database is an offline desk package (it verifies, never signs).
pub fn is_package(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM settings WHERE key = ?1)",
        [super::package::PACKAGE_KEY],
        |r| r.get(0),
    )
}

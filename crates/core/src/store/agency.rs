//! The agency profile (`agency_profile`, one row).

use rusqlite::{params, Connection, OptionalExtension};

use crate::agency::AgencyProfile;

pub fn get_profile(conn: &Connection) -> rusqlite::Result<Option<AgencyProfile>> {
    conn.prepare_cached(
        "SELECT name, parent, address, phone, email, website, logo_type, logo, updated_at \
         FROM agency_profile WHERE id = 1",
    )?
    .query_row([], |r| {
        let mime: Option<String> = r.get(6)?;
        let data: Option<Vec<u8>> = r.get(7)?;
        Ok(AgencyProfile {
            name: r.get(0)?,
            parent: r.get(1)?,
            address: r.get(2)?,
            phone: r.get(3)?,
            email: r.get(4)?,
            website: r.get(5)?,
            logo: mime
                .zip(data)
                .map(|(mime, data)| bintek_docs::logo::Logo { mime, data }),
            updated_at: r.get(8)?,
        })
    })
    .optional()
}

pub fn put_profile(conn: &Connection, p: &AgencyProfile) -> rusqlite::Result<()> {
    let (mime, data) = match &p.logo {
        Some(l) => (Some(l.mime.as_str()), Some(l.data.as_slice())),
        None => (None, None),
    };
    conn.prepare_cached(
        "INSERT INTO agency_profile \
           (id, name, parent, address, phone, email, website, logo_type, logo, updated_at) \
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
         ON CONFLICT (id) DO UPDATE SET name = ?1, parent = ?2, address = ?3, phone = ?4, \
           email = ?5, website = ?6, logo_type = ?7, logo = ?8, updated_at = ?9",
    )?
    .execute(params![
        p.name,
        p.parent,
        p.address,
        p.phone,
        p.email,
        p.website,
        mime,
        data,
        p.updated_at
    ])?;
    Ok(())
}

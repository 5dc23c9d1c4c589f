//! Damaging a closed SQLite file on purpose, as a failing disk would, for the tests of the
//! read-only state, checks and restore (included by the core and the CLI tests).

use std::path::Path;

/// Overwrites the root page of the `person` table (never page 1, the header) with
/// garbage, as a failing disk or a half-written copy would.
pub fn corrupt(path: &Path) {
    assert!(
        !Path::new(&format!("{}-wal", path.display())).exists(),
        "closed cleanly, nothing left in a WAL"
    );
    let (page_size, root): (i64, i64) = {
        let conn = rusqlite::Connection::open(path).expect("raw open");
        let size = conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .expect("page_size");
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'person'",
                [],
                |r| r.get(0),
            )
            .expect("rootpage");
        (size, root)
    };
    assert!(root > 1);
    let mut bytes = std::fs::read(path).expect("read");
    let start = ((root - 1) * page_size) as usize;
    for b in &mut bytes[start..start + page_size as usize] {
        *b = 0xA5;
    }
    std::fs::write(path, bytes).expect("write");
}

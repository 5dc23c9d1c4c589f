//! The UI's types are generated from the Rust types: this fails when the committed
//! `ui/src/lib/api.gen.ts` differs from what the command table says now.

#[test]
fn the_generated_typescript_is_the_committed_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/api.gen.ts");
    let now = bintek_core::typescript::typescript();
    if std::env::var_os("UPDATE_TS").is_some() {
        std::fs::write(&path, &now).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .replace("\r\n", "\n");
    assert!(
        committed == now,
        "ui/src/lib/api.gen.ts is not what the Rust types say: run \
         `UPDATE_TS=1 cargo test -p bintek-core --test typescript` and commit the file"
    );
}

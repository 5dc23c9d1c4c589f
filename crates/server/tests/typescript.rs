//! The UI's types of the server's own routes are generated from the Rust types: this
//! fails when the committed `ui/src/lib/routes.gen.ts` differs from what they say now.

#[test]
fn the_generated_typescript_of_the_routes_is_the_committed_one() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/routes.gen.ts");
    let now = bintek_server::routes::typescript();
    if std::env::var_os("UPDATE_TS").is_some() {
        std::fs::write(&path, &now).expect("write");
        return;
    }
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .replace("\r\n", "\n");
    assert!(
        committed == now,
        "ui/src/lib/routes.gen.ts is not what the Rust types say: run \
         `UPDATE_TS=1 cargo test -p bintek-server --test typescript` and commit the file"
    );
}

//! The UI's types are generated from the Rust types: this fails when the committed
//! `ui/src/lib/api.gen.ts` differs from what the command table says now.

#[test]
fn the_generated_typescript_is_the_committed_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/api.gen.ts");
    bintek_core::typescript::check_committed(
        &path,
        &bintek_core::typescript::typescript(),
        "UPDATE_TS=1 cargo test -p bintek-core --test typescript",
    )
    .unwrap();
}

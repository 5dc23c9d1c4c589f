//! The UI's types of the server's own routes are generated from the Rust types: this
//! fails when the committed `ui/src/lib/routes.gen.ts` differs from what they say now.
//!
//! A check of the repository's files, the same on every platform: the Windows run of the
//! test suites (built here, run under Wine) leaves it to the Linux run.
#![cfg(not(windows))]

#[test]
fn the_generated_typescript_of_the_routes_is_the_committed_one() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/routes.gen.ts");
    bintek_core::typescript::check_committed(
        &path,
        &bintek_server::routes::typescript(),
        "UPDATE_TS=1 cargo test -p bintek-server --test typescript",
    )
    .unwrap();
}

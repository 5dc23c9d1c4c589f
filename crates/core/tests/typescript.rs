//! The UI's types are generated from the Rust types: this fails when the committed
//! `ui/src/lib/api.gen.ts` differs from what the command table says now.
//!
//! A check of the repository's files, the same on every platform: the Windows run of the
//! test suites (built here, run under Wine) leaves it to the Linux run.
#![cfg(not(windows))]

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

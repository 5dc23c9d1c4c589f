//! Build script of the desktop app: compiles tauri.conf.json (at the repository root) and
//! the capability files in src-tauri/capabilities into the binary.

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=tauri.conf.json");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        // The commands the UI calls; each must be granted in a capability file.
        .app_manifest(tauri_build::AppManifest::new().commands(&[
            "api",
            "save_download",
            "lan_mode",
            "restore_backup",
            "print_certificates_folder",
        ]));
    tauri_build::try_build(attributes).expect("tauri build script failed");
}

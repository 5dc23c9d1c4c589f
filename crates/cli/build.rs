//! Build script of the `bintek` command: for a Windows target, the file properties that
//! Explorer shows (version, publisher, description) and the app icon.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../../icons/icon.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        let mut res = tauri_winres::WindowsResource::new();
        res.set_icon("../../icons/icon.ico")
            .set("ProductName", "Bintek")
            .set(
                "FileDescription",
                "Bintek (baris perintah): penyelenggaraan bimbingan teknis",
            )
            .set("CompanyName", "Tim Pengembang Bintek")
            .set("LegalCopyright", "Lisensi MIT")
            .set("OriginalFilename", "bintek.exe");
        res.compile().expect("Windows resources of bintek.exe");
    }
}

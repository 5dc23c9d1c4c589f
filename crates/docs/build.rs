//! Finds the script face for names on certificates: Great Vibes (SIL OFL 1.1), which comes
//! through the npm manifest (`@expo-google-fonts/great-vibes`, installed by
//! `scripts/setup.sh` before any build) because no crate ships a script face. When the npm
//! packages are not installed the crate still builds, and names set in the script face
//! print in DejaVu Serif Bold Italic (with a warning here).

use std::path::PathBuf;

const FONT: &str =
    "node_modules/@expo-google-fonts/great-vibes/400Regular/GreatVibes_400Regular.ttf";

fn main() {
    println!("cargo::rustc-check-cfg=cfg(bintek_script_font)");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // crates/docs → the workspace root, where package.json lives.
    let root = manifest.join("..").join("..");
    let font = root.join(FONT);
    println!("cargo::rerun-if-changed={}", font.display());
    println!(
        "cargo::rerun-if-changed={}",
        root.join("package-lock.json").display()
    );
    match std::fs::read(&font) {
        Ok(bytes) if bytes.starts_with(&[0, 1, 0, 0]) => {
            println!("cargo::rustc-cfg=bintek_script_font");
            println!("cargo::rustc-env=BINTEK_SCRIPT_FONT={}", font.display());
        }
        _ => println!(
            "cargo::warning=Great Vibes not found at {} (run scripts/setup.sh or npm ci): \
             certificate names in the script face will print in DejaVu Serif Bold Italic",
            font.display()
        ),
    }
}

//! Writes the messy participant lists of `tests/fixtures/messy.rs` into a folder, for the
//! browser tests and for trying the import by hand:
//! `cargo run -p bintek-cli --example make_fixtures -- DIR [--large N]`.

#[path = "../../../tests/fixtures/messy.rs"]
mod messy;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(args.first().map(String::as_str).unwrap_or("fixtures"));
    std::fs::create_dir_all(&dir)?;
    for f in messy::all() {
        std::fs::write(dir.join(f.name), &f.bytes)?;
        println!("{}", dir.join(f.name).display());
    }
    if let Some(i) = args.iter().position(|a| a == "--large") {
        let n: usize = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(10_000);
        let path = dir.join(format!("peserta-{n}.xlsx"));
        std::fs::write(&path, messy::large_xlsx(n))?;
        println!("{}", path.display());
    }
    Ok(())
}

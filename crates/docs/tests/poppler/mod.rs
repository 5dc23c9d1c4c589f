//! poppler-utils helpers for the PDF tests (agenda, badges, attendance documents,
//! certificates)
//! (`pdfinfo`, `pdftotext`, `pdffonts`, `pdftoppm`), which CI must install.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs a poppler tool and returns its stdout; fails clearly when the tool is missing.
pub fn poppler(tool: &str, args: &[&str]) -> String {
    let output = match Command::new(tool).args(args).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{tool}` was not found: these tests need poppler-utils \
             (Debian/Ubuntu: apt-get install -y poppler-utils)"
        ),
        Err(e) => panic!("could not run {tool}: {e}"),
    };
    assert!(
        output.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("poppler output is UTF-8")
}

/// A fresh scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bintek-docs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

pub fn write_pdf(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write pdf");
    path.to_str().expect("utf-8 path").to_string()
}

fn info_field(pdf: &str, field: &str) -> String {
    let info = poppler("pdfinfo", &[pdf]);
    info.lines()
        .find_map(|l| l.strip_prefix(field))
        .map(|v| v.trim().to_string())
        .unwrap_or_else(|| panic!("no {field} in pdfinfo output:\n{info}"))
}

pub fn page_count(pdf: &str) -> usize {
    info_field(pdf, "Pages:").parse().expect("page count")
}

/// Width and height of page 1 in points, from pdfinfo's "Page size: W x H pts".
pub fn page_size(pdf: &str) -> (f32, f32) {
    let size = info_field(pdf, "Page size:");
    let mut nums = size
        .split_whitespace()
        .filter_map(|w| w.parse::<f32>().ok());
    let w = nums.next().expect("width");
    let h = nums.next().expect("height");
    (w, h)
}

/// Text of one page (or all pages with `page = None`) in layout mode.
pub fn layout_text(pdf: &str, page: Option<usize>) -> String {
    match page {
        Some(n) => {
            let n = n.to_string();
            poppler("pdftotext", &["-layout", "-f", &n, "-l", &n, pdf, "-"])
        }
        None => poppler("pdftotext", &["-layout", pdf, "-"]),
    }
}

/// Text in content-stream order with all whitespace removed, so a text that wraps reads
/// as one string again.
pub fn squeezed_text(pdf: &str, page: Option<usize>) -> String {
    let text = match page {
        Some(n) => {
            let n = n.to_string();
            poppler("pdftotext", &["-raw", "-f", &n, "-l", &n, pdf, "-"])
        }
        None => poppler("pdftotext", &["-raw", pdf, "-"]),
    };
    squeeze(&text)
}

pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every word's page and box (`pdftotext -bbox`), in points from the top-left corner.
pub fn word_boxes(pdf: &str) -> Vec<(usize, String, [f32; 4])> {
    let html = poppler("pdftotext", &["-bbox", pdf, "-"]);
    let attr = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        let end = start + tag[start..].find('"').expect("closing quote");
        tag[start..end].parse().expect("number")
    };
    let mut page = 0;
    let mut words = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let (tag, text) = rest.split_once('>').expect("word tag");
            let text = text.trim_end_matches("</word>").to_string();
            let b = [
                attr(tag, "xMin"),
                attr(tag, "yMin"),
                attr(tag, "xMax"),
                attr(tag, "yMax"),
            ];
            words.push((page, text, b));
        }
    }
    words
}

/// Whether zbarimg is missing, so a QR test is skipped (said on stderr); in CI a missing
/// decoder is a failure (scripts/setup.sh --test installs it).
pub fn zbar_missing() -> bool {
    if Command::new("zbarimg").arg("--version").output().is_ok() {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "zbarimg (zbar-tools) is missing; run scripts/setup.sh --test"
    );
    eprintln!("skipped: zbarimg is not installed (Debian/Ubuntu: apt-get install -y zbar-tools)");
    true
}

/// The QR codes zbarimg reads on page 1 of `pdf`, rendered at 150 dpi into `dir`.
pub fn qr_codes_on_page_one(dir: &Path, pdf: &str) -> Vec<String> {
    let png = dir.join("qr");
    poppler(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            pdf,
            png.to_str().expect("path"),
        ],
    );
    let page = dir.join("qr-1.png");
    let output = Command::new("zbarimg")
        .args(["-q", "--raw", page.to_str().expect("path")])
        .output()
        .expect("run zbarimg");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .collect()
}

/// Every font embedded and subset; returns the font names.
pub fn assert_all_fonts_embedded_and_subset(pdf: &str) -> Vec<String> {
    let fonts = poppler("pdffonts", &[pdf]);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "no fonts:\n{fonts}");
    rows.iter()
        .map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let n = cols.len();
            assert!(n >= 7, "unexpected pdffonts line {line:?}");
            assert_eq!(cols[n - 5], "yes", "font not embedded: {line}");
            assert_eq!(cols[n - 4], "yes", "font not subset: {line}");
            cols[0].to_string()
        })
        .collect()
}

/// Both DejaVu faces embedded and subset, and no other font.
pub fn assert_fonts_embedded_and_subset(pdf: &str) {
    let names = assert_all_fonts_embedded_and_subset(pdf);
    assert_eq!(names.len(), 2, "two fonts expected: {names:?}");
    for name in &names {
        assert!(name.contains('+') && name.contains("DejaVuSans"), "{name}");
    }
    assert!(
        names.iter().any(|n| n.contains("DejaVuSans-Bold")),
        "{names:?}"
    );
}

/// Where the PNGs for visual review go: `<repo>/tests/e2e/output` (not committed).
pub fn png_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e/output");
    std::fs::create_dir_all(&dir).expect("create tests/e2e/output");
    dir
}

/// Renders pages `first..=last` of `pdf` to `tests/e2e/output/<prefix>-N.png` at 70 dpi,
/// replacing older PNGs of the same prefix; the PNGs written, sorted (pdftoppm pads N with
/// zeros for 10+ pages).
pub fn render_pngs(pdf: &str, prefix: &str, first: usize, last: usize) -> Vec<PathBuf> {
    let dir = png_dir();
    let ours = |path: &Path| {
        path.file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|n| n.strip_prefix('-'))
            .and_then(|n| n.strip_suffix(".png"))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    let list = || -> Vec<PathBuf> {
        let mut pngs: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("read output dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| ours(p))
            .collect();
        pngs.sort();
        pngs
    };
    for old in list() {
        let _ = std::fs::remove_file(old);
    }
    let out = dir.join(prefix);
    let (f, l) = (first.to_string(), last.to_string());
    poppler(
        "pdftoppm",
        &[
            "-r",
            "70",
            "-png",
            "-f",
            &f,
            "-l",
            &l,
            pdf,
            out.to_str().expect("path"),
        ],
    );
    list()
}

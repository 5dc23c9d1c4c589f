//! What the CLI test files share: the real `bintek` binary on a temp database, its JSON
//! output, `bintek serve` as a child process, and poppler/zbar to read what it printed.
//! Each test file is its own crate and uses only part of this.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};

use assert_cmd::Command;
use serde_json::Value;

#[path = "../../../../tests/support/tools.rs"]
pub mod tools;

#[path = "../../../../tests/support/spawn.rs"]
mod spawn;
pub use spawn::retry_start;

#[path = "../../../../tests/support/sqlite.rs"]
mod sqlite;
#[allow(unused_imports)]
pub use sqlite::corrupt;

/// Runs a command to its end and hands its output to assert_cmd's checks; starting it goes
/// through [`retry_start`] (Wine's occasional ERROR_INTERNAL_ERROR).
pub trait Run {
    fn run(&mut self) -> assert_cmd::assert::Assert;
}

impl Run for Command {
    fn run(&mut self) -> assert_cmd::assert::Assert {
        use assert_cmd::assert::OutputAssertExt;
        let output = retry_start(|| self.output()).unwrap_or_else(|e| panic!("{self:?}: {e}"));
        output.assert()
    }
}

/// `bintek --db <db>`, whatever `BINTEK_DB` says.
pub fn bintek(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("bintek").expect("binary");
    cmd.env_remove("BINTEK_DB").arg("--db").arg(db);
    cmd
}

/// Runs `cmd`, which must succeed and print one JSON document.
pub fn json_out(cmd: &mut Command) -> Value {
    let out = cmd.run().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("stdout is one JSON document")
}

/// Runs `cmd`, which must fail with exit 1, nothing on stdout and its error as JSON on
/// stderr.
pub fn json_err(cmd: &mut Command) -> Value {
    let out = cmd.run().code(1).get_output().clone();
    assert!(out.stdout.is_empty());
    serde_json::from_slice(&out.stderr).expect("stderr JSON")
}

/// A new temp dir and the path of `bintek.db` in it (not created yet).
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bintek.db");
    (dir, db)
}

/// `bintek event create`; the new event's id.
pub fn event(db: &Path, title: &str, start: &str, end: Option<&str>) -> String {
    let mut cmd = bintek(db);
    cmd.args([
        "--json", "event", "create", "--title", title, "--start", start,
    ]);
    if let Some(end) = end {
        cmd.args(["--end", end]);
    }
    json_out(&mut cmd)["id"].as_str().expect("id").to_string()
}

/// `bintek.db` in `dir` with the demo event, closed; (database, event id).
pub fn demo(dir: &Path) -> (PathBuf, String) {
    let db = dir.join("bintek.db");
    let v = json_out(bintek(&db).args(["--json", "demo"]));
    (db, v["event_id"].as_str().expect("event_id").to_string())
}

/// `bintek call <name> <args>`, which must succeed; its JSON answer.
pub fn call(db: &Path, name: &str, args: Value) -> Value {
    json_out(bintek(db).args(["call", name, &args.to_string()]))
}

/// Starts `bintek --json --db <db> serve <args>` and returns the child with the first
/// line it printed (its URL, PIN and token as JSON).
pub fn serve(db: &Path, args: &[&str]) -> (Child, Value) {
    let mut command = StdCommand::new(assert_cmd::cargo::cargo_bin("bintek"));
    command
        .args(["--json", "--db"])
        .arg(db)
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped());
    let mut child = retry_start(|| command.spawn()).expect("spawn");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read url");
    let first = serde_json::from_str(&line).expect("json line");
    (child, first)
}

/// What `name` (poppler or zbar) prints for `file` with `args`; pdftotext writes to stdout.
pub fn tool(name: &str, args: &[&str], file: &Path) -> tools::Output {
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    all.push(file.as_os_str());
    if name == "pdftotext" {
        all.push("-".as_ref());
    }
    tools::run(name, all)
        .unwrap_or_else(|e| panic!("{name} must be installed (scripts/setup.sh --test): {e}"))
}

/// What a poppler or zbar tool prints for `pdf`, which it must read without failing.
pub fn tool_text(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = tool(name, args, pdf);
    assert!(out.success, "{name} failed on {}", pdf.display());
    out.stdout
}

/// The number of pages of `pdf` (pdfinfo).
pub fn pages(pdf: &Path) -> usize {
    tool_text("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints Pages")
}

/// LibreOffice headless converts `file` (DOCX, XLSX) to `to` (`pdf`, `csv`: comma
/// separated, UTF-8) in `out_dir`; the file it wrote. One at a time: the tests of one binary share one LibreOffice
/// profile, which one instance holds.
pub fn office_convert(file: &Path, out_dir: &Path, to: &str) -> PathBuf {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let profile = format!(
        "-env:UserInstallation=file:///tmp/bintek-lo-test-{}",
        std::process::id()
    );
    let filter = match to {
        "csv" => "csv:Text - txt - csv (StarCalc):44,34,76",
        other => other,
    };
    let out = tools::run(
        "soffice",
        [
            profile.as_str(),
            "--headless",
            "--convert-to",
            filter,
            "--outdir",
            &out_dir.display().to_string(),
            &file.display().to_string(),
        ],
    )
    .unwrap_or_else(|e| panic!("LibreOffice must be installed (scripts/setup.sh --test): {e}"));
    assert!(out.success, "soffice failed: {}", out.stderr);
    let written = out_dir.join(
        file.file_stem()
            .map(|s| format!("{}.{to}", s.to_string_lossy()))
            .expect("stem"),
    );
    assert!(
        written.exists(),
        "LibreOffice wrote nothing: {}",
        out.stdout
    );
    written
}

/// The QR code on page `page` of `pdf` (rendered at 150 dpi by poppler, read by zbar),
/// as a phone's camera would read it. The PNG goes in `dir`.
pub fn qr_of_page(dir: &Path, pdf: &Path, page: usize) -> String {
    let png = dir.join(format!("halaman-{page}"));
    let page = page.to_string();
    let ppm = tools::run(
        "pdftoppm",
        [
            "-r".as_ref(),
            "150".as_ref(),
            "-png".as_ref(),
            "-f".as_ref(),
            page.as_ref(),
            "-l".as_ref(),
            page.as_ref(),
            "-singlefile".as_ref(),
            pdf.as_os_str(),
            png.as_os_str(),
        ],
    )
    .expect("pdftoppm");
    assert!(ppm.success, "pdftoppm: {}", ppm.stderr);
    let png = png.with_extension("png");
    tool_text("zbarimg", &["-q", "--raw"], &png)
        .trim()
        .to_string()
}

/// How many pages `pdf` has (poppler's `pdfinfo`).
pub fn page_count(pdf: &Path) -> usize {
    tool_text("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pages")
}

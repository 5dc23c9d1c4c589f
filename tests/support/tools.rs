//! Runs the tools that check what Bintek writes (poppler's `pdftotext`, `pdfinfo`,
//! `pdffonts`, `pdftoppm`; zbar's `zbarimg`) for a test, on Linux and on Windows builds.
//!
//! Included by the test files that need it (`#[path = …] mod tools;`). On Linux it runs
//! the tool. A Windows test binary under Wine cannot: Wine starts a Linux program but gives
//! the caller no process handle nor pipes. There `scripts/windows.sh` runs
//! `packaging/windows/wine/tool-bridge.mjs` on the Linux side and names its loopback
//! address in `BINTEK_TOOL_BRIDGE`; the request is one JSON line (tool, arguments, Windows
//! paths as they are), the answer one JSON document (status, stdout, stderr).

#![allow(dead_code)]

use std::ffi::OsStr;

/// What a tool printed and whether it succeeded.
pub struct Output {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `tool` with `args`; an error when the tool cannot be started at all.
pub fn run<I, S>(tool: &str, args: I) -> std::io::Result<Output>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<String> = args
        .into_iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect();
    match std::env::var("BINTEK_TOOL_BRIDGE") {
        Ok(addr) if cfg!(windows) && !addr.is_empty() => bridge(&addr, tool, &args),
        _ => {
            let out = std::process::Command::new(tool).args(&args).output()?;
            Ok(Output {
                success: out.status.success(),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            })
        }
    }
}

fn bridge(addr: &str, tool: &str, args: &[String]) -> std::io::Result<Output> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr)?;
    let request = serde_json::json!({ "tool": tool, "args": args });
    writeln!(stream, "{request}")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let v: serde_json::Value = serde_json::from_str(&answer)
        .map_err(|e| std::io::Error::other(format!("tool bridge answered {answer:?}: {e}")))?;
    if let Some(error) = v["error"].as_str() {
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, error));
    }
    Ok(Output {
        success: v["status"] == 0,
        stdout: v["stdout"].as_str().unwrap_or_default().to_string(),
        stderr: v["stderr"].as_str().unwrap_or_default().to_string(),
    })
}

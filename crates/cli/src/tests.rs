//! The CLI's own door: `run` on parsed command lines, without a terminal.

use super::{run, Cli};
use bintek_core::{ApiError, ErrorCode};
use clap::Parser;

/// Runs `bintek --db DB ARGS…` and returns its error as the Api's.
fn refused(db: &std::path::Path, args: &[&str]) -> ApiError {
    let mut line = vec!["bintek", "--db", db.to_str().expect("utf-8 path")];
    line.extend_from_slice(args);
    let cli = Cli::try_parse_from(line).expect("parses");
    let e = run(cli).expect_err(&format!("{args:?} must be refused"));
    e.downcast::<ApiError>().expect("an ApiError")
}

/// What every request gets from `dispatch` (`validate::check_args`: no control character
/// and no string over 20,000 characters in any argument, the field named), the typed
/// subcommands give too: a command-line argument is outside input like any other.
#[test]
fn subcommands_refuse_control_characters_and_huge_strings_in_arguments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bintek.db");
    let out = dir.path().join("x.pdf");
    let out = out.to_str().expect("utf-8 path");
    let bad = "ab\u{1}c";
    let huge = "x".repeat(20_001);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["event", "show", bad], "id"),
        (vec!["event", "show", &huge], "id"),
        (vec!["event", "archive", bad], "id"),
        (vec!["event", "clone", "e", "--start", bad], "start_date"),
        (vec!["event", "package", bad, "--out", out], "event_id"),
        (vec!["participant", "list", "--event", "e", "--q", bad], "q"),
        (
            vec!["participant", "list", "--event", "e", "--role", bad],
            "role",
        ),
        (
            vec!["participant", "export", "--event", bad, "--out", "x.csv"],
            "event_id",
        ),
        (vec!["session", "list", "--event", bad], "event_id"),
        (vec!["speaker", "list", "--event", bad], "event_id"),
        (
            vec!["agenda", "pdf", "--event", bad, "--out", out],
            "event_id",
        ),
        (vec!["checkin", "--event", "e", bad], "code"),
        (vec!["checkin", "--event", "e", "--desk", bad, "k"], "desk"),
        (
            vec!["attendance", "list", "--event", "e", "--session", bad],
            "session_id",
        ),
        (
            vec![
                "attendance",
                "sheet",
                "--event",
                "e",
                "--session",
                "s",
                "--sort",
                bad,
                "--out",
                out,
            ],
            "sort",
        ),
        (
            vec!["attendance", "recap", "--event", bad, "--out", out],
            "event_id",
        ),
        (
            vec!["badges", "--event", "e", "--role", bad, "--out", out],
            "role",
        ),
        (vec!["certificate", "list", "--event", bad], "event_id"),
        (
            vec![
                "certificate",
                "issue",
                "--event",
                "e",
                "--role",
                bad,
                "--out",
                out,
            ],
            "role",
        ),
        (vec!["certificate", "verify", bad], "text"),
        (
            vec!["certificate", "revoke", "N", "--reason", bad],
            "reason",
        ),
        (vec!["certificate", "replace", bad], "number"),
    ];
    for (args, field) in cases {
        let e = refused(&db, &args);
        assert_eq!(e.code, ErrorCode::Validation, "{args:?}: {e:?}");
        assert_eq!(e.field.as_deref(), Some(field), "{args:?}: {e:?}");
        assert!(
            e.message.contains("karakter kendali") || e.message.contains("terlalu panjang"),
            "{args:?}: {e:?}"
        );
    }
}

#!/usr/bin/env bash
# Prints Bintek's performance figures from a release build. Extra arguments go to
# `bintek bench` (e.g. --count 5000, --json). Then the desk load test (six desks over
# HTTP), the participants' load test (300 phones and four desks), and a longer crash soak (BINTEK_CRASH_ROUNDS, default 200 kills) print theirs
# (BENCH_ONLY=1 skips those two), then 1,000 certificates over a JPEG background, and with
# BENCH_REPORTLAB=1 the same job in Python/reportlab for comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p bintek-cli --bin bintek
target/release/bintek bench "$@"
if [ "${BENCH_ONLY:-0}" != 1 ]; then
  cargo test --release -q -p bintek-server --test lan six_desks -- --nocapture 2>&1 | grep '^load:'
  # 300 phones submit a 20-item evaluation within two minutes while four desks scan.
  BINTEK_LOAD_WINDOW_S="${BINTEK_LOAD_WINDOW_S:-120}" \
    cargo test --release -q -p bintek-server --test participants three_hundred -- --nocapture 2>&1 | grep '^load:'
  BINTEK_CRASH_ROUNDS="${BINTEK_CRASH_ROUNDS:-200}" \
    cargo test --release -q -p bintek-core --test crash -- --nocapture 2>&1 | grep '^crash:'
fi
# Certificates over a ~500 KB JPEG background (the issue's target: 1,000 in < 0.6 s, < 3 MB).
cargo run --release -q -p bintek-docs --example certificates_timing -- 1000 "${TMPDIR:-/tmp}/bintek-cert-bench.pdf" "${TMPDIR:-/tmp}/bintek-cert-bg.jpg"
# The same job in Python with reportlab, when BENCH_REPORTLAB=1 and reportlab + segno are installed.
if [ "${BENCH_REPORTLAB:-0}" = 1 ]; then
  python3 crates/docs/examples/certificates_reportlab.py --count 1000 --background "${TMPDIR:-/tmp}/bintek-cert-bg.jpg" --out "${TMPDIR:-/tmp}/bintek-cert-reportlab.pdf"
fi

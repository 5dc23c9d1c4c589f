#!/usr/bin/env bash
# Prints Bintek's performance figures from a release build. Extra arguments go to
# `bintek bench` (e.g. --count 5000, --json). Then the desk load test (six desks over
# HTTP) and a longer crash soak (BINTEK_CRASH_ROUNDS, default 200 kills) print theirs;
# BENCH_ONLY=1 skips those two.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p bintek-cli --bin bintek
target/release/bintek bench "$@"
if [ "${BENCH_ONLY:-0}" != 1 ]; then
  cargo test --release -q -p bintek-server --test lan six_desks -- --nocapture 2>&1 | grep '^load:'
  BINTEK_CRASH_ROUNDS="${BINTEK_CRASH_ROUNDS:-200}" \
    cargo test --release -q -p bintek-core --test crash -- --nocapture 2>&1 | grep '^crash:'
fi

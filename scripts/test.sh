#!/usr/bin/env bash
# Runs every check and test of Bintek: formatting, lints, Rust tests (store, Api, HTTP,
# CLI), the end-to-end tests in a real browser and the real desktop window, and the Windows
# build: the installer, the Windows test suites under Wine and the installer under Wine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
[[ "${CI:-}" == "true" ]] && export CARGO_INCREMENTAL=0

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$1"; }
started=$SECONDS

step "Setup"
scripts/setup.sh --test

step "UI: build and type check"
npm run build --silent
npm run check --silent

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test"
cargo test --workspace

step "Build the binaries the end-to-end tests drive"
cargo build --workspace --bins

step "scripts/run.sh reuses this build (no second compile of Tauri)"
run_build=$(BINTEK_BUILD_ONLY=1 scripts/run.sh 2>&1)
if grep -E '^ *Compiling (tauri|wry|rusqlite|bintek-core) ' <<<"$run_build"; then
  echo "scripts/run.sh compiled the dependencies again instead of reusing the test build" >&2
  exit 1
fi

step "End-to-end: browser (Chromium) and desktop window (Xvfb + tauri-driver)"
xvfb-run -a -s "-screen 0 1366x768x24" npm run --silent test:e2e

step "Windows: installer, test suites and installer under Wine (scripts/windows.sh --test)"
scripts/windows.sh --test

echo "All checks passed in $((SECONDS - started)) s."

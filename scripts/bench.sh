#!/usr/bin/env bash
# Prints Bintek's performance figures from a release build. Extra arguments go to
# `bintek bench` (e.g. --count 5000, --json).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p bintek-cli --bin bintek
exec target/release/bintek bench "$@"

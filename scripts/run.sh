#!/usr/bin/env bash
# Builds and opens the Bintek desktop window. On first run (a database without events)
# the demo event is seeded so there is something to look at. Extra arguments go to the
# app, e.g. `scripts/run.sh --db /tmp/coba.db`.
#
# It builds exactly what scripts/test.sh builds (`cargo build --workspace --bins`): the
# two README commands reuse each other's build. (`cargo run --bin bintek-desktop` would
# resolve the dependencies' features for the window alone and compile Tauri again, about
# 4.5 minutes.) BINTEK_BUILD_ONLY=1 builds without opening the window.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh
npm run build --silent
cargo build --workspace --bins
if [[ "${BINTEK_BUILD_ONLY:-0}" == 1 ]]; then
  exit 0
fi
exec "${CARGO_TARGET_DIR:-target}/debug/bintek-desktop" --demo "$@"

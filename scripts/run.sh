#!/usr/bin/env bash
# Builds and opens the Bintek desktop window. On first run (a database without events)
# the demo event is seeded so there is something to look at. Extra arguments go to the
# app, e.g. `scripts/run.sh --db /tmp/coba.db`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
npm run build --silent
exec cargo run --bin bintek-desktop -- --demo "$@"

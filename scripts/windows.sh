#!/usr/bin/env bash
# Windows from Linux: cross-builds Bintek for x86_64-pc-windows-gnu (release), makes the
# per-user installer with stock NSIS, and proves the Windows binaries under Wine.
#
#   scripts/windows.sh           the installer: target/windows/Bintek_<version>_x64-setup.exe
#   scripts/windows.sh --test    the installer, then the core, server and CLI test suites
#                                built for Windows and run under Wine, then the installer
#                                itself (tests/windows/installer.sh)
#
# Called by scripts/test.sh (so CI runs it). Installs what it needs (rustup target, MinGW-w64,
# NSIS, Wine) through scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

want_tests=0
[[ "${1:-}" == "--test" ]] && want_tests=1

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

scripts/setup.sh --windows

TARGET=x86_64-pc-windows-gnu
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
# Our Windows-only code (cfg(windows)) is not seen by the Linux clippy run: warnings in it
# fail this build instead. (Applies to the target's crates only, not to build scripts.)
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-D warnings"
OUT="$PWD/target/windows"
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
installer="$OUT/Bintek_${version}_x64-setup.exe"
mkdir -p "$OUT"

# ---- build -------------------------------------------------------------------------------
say "Windows: release build of Bintek.exe and bintek.exe ($TARGET)"
[[ -f ui/dist/index.html ]] || npm run build --silent
cargo build --release --target "$TARGET" -p bintek-cli -p bintek-desktop \
  --features bintek-desktop/custom-protocol

say "Windows: installer (NSIS)"
release="target/$TARGET/release"
stage="$OUT/stage"
rm -rf "$stage"
mkdir -p "$stage/cli"
cp "$release/bintek-desktop.exe" "$stage/Bintek.exe"
cp "$release/bintek.exe" "$stage/cli/bintek.exe"
# The WebView2 loader that webview2-com-sys ships for the gnu target.
loader=$(find "$release/build" -path '*webview2-com-sys*' -path '*x64*' -name WebView2Loader.dll | head -n 1)
[[ -n "$loader" ]] || { echo "WebView2Loader.dll not found under $release/build" >&2; exit 1; }
cp "$loader" "$stage/WebView2Loader.dll"
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$version" -DVERSION4="$version.0" \
  -DSTAGE="$stage" -DICON="$PWD/icons/icon.ico" -DOUTFILE="$installer" \
  packaging/windows/bintek.nsi
size=$(stat -c %s "$installer")
echo "Installer: $installer ($(awk "BEGIN{printf \"%.1f\", $size/1048576}") MB)"
if (( size > 15 * 1048576 )); then
  echo "The installer is over the 15 MB budget." >&2
  exit 1
fi
[[ $want_tests -eq 1 ]] || exit 0

# ---- the Windows test suites under Wine --------------------------------------------------
wine_dir="$OUT/wine"
mkdir -p "$wine_dir"
export WINEDEBUG=-all
# No Mono or Gecko prompts in a new prefix.
export WINEDLLOVERRIDES="mscoree,mshtml="
export BINTEK_WINE=wine
shim="$wine_dir/bcryptprimitives.dll"
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$shim" \
  packaging/windows/wine/bcryptprimitives.c packaging/windows/wine/bcryptprimitives.def -ladvapi32
export BINTEK_WINE_SHIM="$shim"

bridge_pid=
cleanup() {
  [[ -n "$bridge_pid" ]] && kill "$bridge_pid" 2>/dev/null || true
  # wineserver outlives its programs for a few seconds; nothing may linger after the run.
  WINEPREFIX="$wine_dir/prefix-tests" wineserver -k 2>/dev/null || true
}
trap cleanup EXIT

export WINEPREFIX="$wine_dir/prefix-tests"
if [[ ! -f "$WINEPREFIX/system.reg" ]]; then
  say "Windows: a Wine prefix for the tests"
  wineboot --init >/dev/null 2>&1
fi

rm -f "$wine_dir/bridge.addr"
node packaging/windows/wine/tool-bridge.mjs "$wine_dir/bridge.addr" &
bridge_pid=$!
for _ in $(seq 50); do [[ -s "$wine_dir/bridge.addr" ]] && break; sleep 0.1; done
export BINTEK_TOOL_BRIDGE=$(cat "$wine_dir/bridge.addr")

say "Windows: core, server and CLI tests under Wine"
mkdir -p "target/$TARGET/debug"
cp "$shim" "target/$TARGET/debug/"
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$PWD/packaging/windows/wine/run" \
  cargo test --target "$TARGET" -p bintek-core -p bintek-server -p bintek-cli
WINEPREFIX="$wine_dir/prefix-tests" wineserver -k 2>/dev/null || true

say "Windows: the installer in a new Wine prefix"
# The same program stamped as an older version, to install first and upgrade over.
older="$OUT/test/Bintek_0.0.0_x64-setup.exe"
mkdir -p "$OUT/test"
makensis -V2 -INPUTCHARSET UTF8 -X"SetCompressor /FINAL zlib" \
  -DVERSION=0.0.0 -DVERSION4=0.0.0.0 \
  -DSTAGE="$stage" -DICON="$PWD/icons/icon.ico" -DOUTFILE="$older" \
  packaging/windows/bintek.nsi
tests/windows/installer.sh "$installer" "$older"

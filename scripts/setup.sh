#!/usr/bin/env bash
# Installs what Bintek needs on a Debian/Ubuntu machine: system packages, npm packages and,
# with --test, the end-to-end test tools; with --windows (implied by --test) what the
# Windows cross-build and its tests need (scripts/windows.sh): the Rust target, MinGW-w64,
# NSIS and Wine. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

want_tests=0
want_windows=0
for arg in "$@"; do
  case $arg in
    --test) want_tests=1; want_windows=1 ;;
    --windows) want_windows=1 ;;
  esac
done

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

packages=(libwebkit2gtk-4.1-dev build-essential pkg-config file)
if [[ $want_tests -eq 1 ]]; then
  packages+=(xvfb xauth webkit2gtk-driver fonts-dejavu-core chromium poppler-utils zbar-tools
    libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation)
fi
if [[ $want_windows -eq 1 ]]; then
  packages+=(gcc-mingw-w64-x86-64 nsis wine wine64 xvfb xauth xdotool imagemagick poppler-utils zbar-tools)
fi
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  say "Installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust (cargo) was not found. Install the stable toolchain with rustup, then run this again." >&2
  exit 1
fi
node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>22||(a===22&&b>=12)||(a===20&&b>=19)?1:0)')
if [[ "$node_ok" != 1 ]]; then
  echo "Node.js $(node --version) is too old for the UI build: Node.js 20.19+ or 22.12+ is needed." >&2
  exit 1
fi

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "Installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [[ $want_windows -eq 1 ]] && ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  say "Installing the Rust target x86_64-pc-windows-gnu"
  rustup target add x86_64-pc-windows-gnu
fi

if [[ $want_tests -eq 1 ]]; then
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "Installing tauri-driver (desktop end-to-end tests)"
    cargo install tauri-driver --locked --version '^2'
  fi
fi

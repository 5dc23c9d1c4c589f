#!/usr/bin/env bash
# The Windows installer under Wine, as a new organizer's PC meets it: a new Wine prefix
# whose user is "Sri Rahayu Ñ" (a space and a non-ASCII letter in every path), no
# administrator, no WebView2.
#
#   tests/windows/installer.sh INSTALLER OLDER_INSTALLER
#
# OLDER_INSTALLER is the same program stamped with an older version (scripts/windows.sh
# makes it): installed first, given data, then upgraded in place. Then the installed
# bintek.exe runs demo, certificate issue (its QR verifies, read by the Linux tools),
# backup and check; `bintek.exe serve` answers Chromium (tests/windows/smoke.test.mjs);
# the desktop exe shows the Indonesian WebView2 message and exits; a silent uninstall
# removes the program and keeps the data; one with /HAPUSDATA removes the data too.
set -euo pipefail
installer=$(realpath "$1")
older=$(realpath "$2")
cd "$(dirname "$0")/../.."
root=$PWD

if [[ -z "${DISPLAY:-}" ]]; then
  exec xvfb-run -a -s "-screen 0 1366x768x24" "$0" "$installer" "$older"
fi

work="$root/target/windows/wine"
shots="$root/target/windows/shots"
mkdir -p "$work" "$shots"
user="Sri Rahayu Ñ"
export WINEPREFIX="$work/prefix-install"
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Wine names the Windows user after $USER, and links its folders to $HOME's: a new home.
export USER="$user" LOGNAME="$user" HOME="$work/home"
unset BINTEK_DB
rm -rf "$WINEPREFIX" "$HOME"
mkdir -p "$HOME"

passed=0
failed=0
ok() { passed=$((passed + 1)); printf 'ok - %s\n' "$1"; }
not_ok() { failed=$((failed + 1)); printf 'not ok - %s\n' "$1"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
finish() {
  local code=$?
  wineserver -k 2>/dev/null || true
  [[ -n "${serve_pid:-}" ]] && kill "$serve_pid" 2>/dev/null || true
  printf '%d passed, %d failed\n' "$passed" "$failed"
  if [[ $code -ne 0 || $failed -ne 0 ]]; then exit 1; fi
}
trap finish EXIT

wineboot --init >/dev/null 2>&1
wineserver -w
# Test-only: Wine 8 lacks ProcessPrng (see packaging/windows/wine/bcryptprimitives.c). It
# goes into this prefix's system folder, never beside the installed program.
cp "${BINTEK_WINE_SHIM:?set by scripts/windows.sh}" "$WINEPREFIX/drive_c/windows/system32/"

profile="$WINEPREFIX/drive_c/users/$user"
prog="$profile/AppData/Local/Programs/Bintek"
data="$profile/AppData/Roaming/id.bintek.desktop"
startmenu="$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Bintek.lnk"
desktop_lnk="$profile/Desktop/Bintek.lnk"
win_profile="C:\\users\\$user"

# Runs the installed CLI; stdout only (Wine's own chatter goes to stderr).
bintek() { wine "$prog/cli/bintek.exe" "$@"; }
reg_value() { # KEY VALUE: a value under HKCU, as `reg query` prints it
  wine reg query "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\id.bintek.desktop" /v "$1" 2>/dev/null |
    tr -d '\r' | awk -v k="$1" '$1 == k { print $3 }' || true
}

# ---- Windows 7 is refused; on Windows 10 the older version installs, then an upgrade --
# (Debian's Wine reports Windows 7 by default.)
code=0
wine "$installer" /S || code=$?
wineserver -w
check "on Windows 7 the installer refuses (exit $code) and installs nothing" \
  test "$code" -eq 2 -a ! -e "$prog"
wine winecfg -v win10 >/dev/null 2>&1
wineserver -w
check "Wine now reports Windows 10" bash -c "wine cmd /c ver 2>/dev/null | grep -q ' 10\.'"

wine "$older" /S
wineserver -w
check "the older version installs per user into %LOCALAPPDATA%\\Programs\\Bintek" \
  test -f "$prog/Bintek.exe" -a -f "$prog/cli/bintek.exe" -a -f "$prog/WebView2Loader.dll" -a -f "$prog/uninstall.exe"
check "nothing was written under Program Files" \
  bash -c "! ls '$WINEPREFIX/drive_c/Program Files' | grep -qi bintek"
old_version=$(reg_value DisplayVersion)
check "the uninstall entry names the older version ($old_version)" test -n "$old_version"

demo=$(bintek --json demo)
event=$(node -e 'console.log(JSON.parse(process.argv[1]).event_id)' "$demo")
check "bintek.exe demo makes the database in %APPDATA%\\id.bintek.desktop" test -f "$data/bintek.db"

wine "$installer" /S
wineserver -w
new_version=$(reg_value DisplayVersion)
check "the upgrade replaces the version in place ($old_version → $new_version)" \
  test "$new_version" != "$old_version" -a -n "$new_version"
check "the upgrade keeps the data" \
  bash -c "bintek() { wine '$prog/cli/bintek.exe' \"\$@\"; }; bintek --json event list | grep -q '$event'"
# File properties (the version resource Explorer shows): publisher and version.
has_properties() { # FILE: CompanyName and FileVersion of this version, in UTF-16
  node -e '
    const b = require("fs").readFileSync(process.argv[1]);
    const has = (s) => b.includes(Buffer.from(s, "utf16le"));
    process.exit(has("Tim Pengembang Bintek") && has(process.argv[2]) ? 0 : 1);' "$1" "$new_version"
}
for exe in "$installer" "$prog/Bintek.exe" "$prog/cli/bintek.exe"; do
  check "$(basename "$exe") names its publisher and version $new_version in its properties" has_properties "$exe"
done
check "Start-menu shortcut" test -f "$startmenu"
check "desktop shortcut" test -f "$desktop_lnk"
check "the uninstall entry is the user's (HKCU), with the publisher" test -n "$(reg_value Publisher)"

# ---- the installed CLI: certificates, backup, check ----------------------------------
out_dir="$win_profile\\Documents\\Sertifikat Bimtek"
issue=$(bintek --json certificate issue --event "$event" --out "$out_dir\\sertifikat.pdf")
pdf="$profile/Documents/Sertifikat Bimtek/sertifikat.pdf"
check "certificate issue writes the PDF into a folder with spaces and Ñ in its path" test -s "$pdf"
issued=$(node -e 'console.log(JSON.parse(process.argv[1]).issued)' "$issue")
check "the PDF has a page per issued certificate ($issued)" \
  bash -c "pdfinfo '$pdf' | grep -q '^Pages: *$issued\$'"
pdftoppm -r 150 -png -f 1 -l 1 -singlefile "$pdf" "$work/page1"
scanned=$(zbarimg -q --raw "$work/page1.png" | head -n 1)
check "the first page's QR code decodes" test "${scanned:0:5}" = "BTK1."
verdict=$(bintek --json certificate verify "$scanned" || true)
check "the QR verifies with the installed bintek.exe" \
  bash -c "node -e 'process.exit(JSON.parse(process.argv[1]).status === \"valid\" ? 0 : 1)' '$verdict'"
backup=$(bintek --json backup)
check "bintek.exe backup writes a checked copy beside the database" \
  bash -c "ls '$data/backups/' | grep -q 'manual.db\$'"
check "bintek.exe check finds the database sound" bash -c "wine '$prog/cli/bintek.exe' check >/dev/null"
check "bintek.exe check | head is not an error" \
  bash -c "wine '$prog/cli/bintek.exe' check 2>'$work/pipe.err' | head -n 1 >/dev/null; ! grep -q Galat '$work/pipe.err'"

# ---- the installed server answers Chromium ------------------------------------------
wine "$prog/cli/bintek.exe" --json serve --bind 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
url=
for _ in $(seq 100); do
  url=$(node -e 'try { console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]).url) } catch { }' "$work/serve.out")
  [[ -n "$url" ]] && break
  sleep 0.2
done
check "bintek.exe serve prints its URL ($url)" test -n "$url"
if BINTEK_URL="$url" BINTEK_SHOTS="$shots" node --test --test-reporter=spec tests/windows/; then
  ok "Chromium: the event list and a desk check-in against bintek.exe serve"
else
  not_ok "Chromium: the event list and a desk check-in against bintek.exe serve"
fi
kill "$serve_pid" 2>/dev/null || true
wineserver -k 2>/dev/null || true
serve_pid=

# ---- the desktop exe without WebView2 ------------------------------------------------
wine "$prog/Bintek.exe" 2>"$work/desktop.err" &
desktop_pid=$!
window=
for _ in $(seq 150); do
  window=$(xdotool search --name "WebView2" 2>/dev/null | head -n 1 || true)
  [[ -n "$window" ]] && break
  sleep 0.2
done
check "Bintek.exe without WebView2 shows a message box" test -n "$window"
if [[ -n "$window" ]]; then
  sleep 0.5
  import -window root "$shots/webview2-missing.png" 2>/dev/null || true
  xdotool windowfocus --sync "$window" 2>/dev/null || true
  xdotool key --window "$window" n 2>/dev/null || true
  sleep 0.5
  # Still there (a Wine build without keyboard focus): close it as a user would.
  if xdotool search --name "WebView2" >/dev/null 2>&1; then xdotool key Tab Return 2>/dev/null || true; fi
fi
desktop_code=0
for _ in $(seq 100); do kill -0 "$desktop_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$desktop_pid" 2>/dev/null; then
  not_ok "Bintek.exe exits once the message is answered"
  kill "$desktop_pid" 2>/dev/null || true
else
  wait "$desktop_pid" || desktop_code=$?
  check "Bintek.exe exits once the message is answered (code $desktop_code)" test "$desktop_code" -eq 1
fi
check "the message says in Indonesian what to install" \
  grep -q "WebView2 Runtime belum terpasang" "$work/desktop.err"
wineserver -k 2>/dev/null || true

# ---- uninstall: the program goes, the data stays -------------------------------------
wine "$prog/uninstall.exe" /S
wineserver -w
check "a silent uninstall removes the program files" test ! -e "$prog"
check "… and the shortcuts" test ! -e "$startmenu" -a ! -e "$desktop_lnk"
check "… and the uninstall entry" test -z "$(reg_value DisplayName)"
check "… and keeps the database (the signing key is inside it) and its backups" \
  test -f "$data/bintek.db" -a -d "$data/backups"

wine "$installer" /S
wineserver -w
check "a reinstall finds the kept data" \
  bash -c "wine '$prog/cli/bintek.exe' --json event list | grep -q '$event'"
verdict=$(bintek --json certificate verify "$scanned" || true)
check "… and a certificate issued before still verifies (the key came back with the data)" \
  bash -c "node -e 'process.exit(JSON.parse(process.argv[1]).status === \"valid\" ? 0 : 1)' '$verdict'"
wine "$prog/uninstall.exe" /S /HAPUSDATA
wineserver -w
check "uninstall /HAPUSDATA removes the data too" test ! -e "$data" -a ! -e "$prog"

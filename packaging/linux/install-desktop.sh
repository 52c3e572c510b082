#!/usr/bin/env bash
# Put Whale War Room in the desktop's app menu for this user: the desktop entry (pointing at
# the given warroom, else the one on PATH, else this checkout's .venv), its icon and metainfo.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exe="${1:-$(command -v warroom || echo "$root/.venv/bin/warroom")}"
if [[ ! -x "$exe" ]]; then
    echo "install-desktop: no warroom at $exe; run 'make demo' or pass the path to warroom" >&2
    exit 1
fi
data="${XDG_DATA_HOME:-$HOME/.local/share}"
id=io.github.warroom.WarRoom
install -d "$data/applications" "$data/icons/hicolor/scalable/apps" "$data/metainfo"
sed "s|^Exec=warroom$|Exec=\"$exe\"|" "$here/$id.desktop" >"$data/applications/$id.desktop.tmp"
mv "$data/applications/$id.desktop.tmp" "$data/applications/$id.desktop"
install -m 644 "$root/resources/icons/warroom.svg" "$data/icons/hicolor/scalable/apps/$id.svg"
install -m 644 "$here/$id.metainfo.xml" "$data/metainfo/$id.metainfo.xml"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "Whale War Room is in the app menu ($data/applications/$id.desktop)"

#!/usr/bin/env bash
# Runs the built bundle headless, as CI does: a broken bundle fails here, not on a rep's laptop.
set -euo pipefail
cd "$(dirname "$0")/.."
app=dist/warroom/warroom
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export WARROOM_HOME="$home" QT_QPA_PLATFORM=offscreen
"$app" --version
"$app" demo --seed 7 >/dev/null          # migrations, resources and services inside the bundle
"$app" whales --json >"$home/whales.json" && test -s "$home/whales.json"
"$app" gui --screenshot "$home/window.png"   # opens the main window offscreen, then closes it
test -s "$home/window.png"
# The team server's driver and libpq are inside: a server nobody runs is one line, exit 2.
"$app" team-join postgresql://nobody@127.0.0.1:1/none --code X 2>"$home/err" && exit 1 || test $? = 2
grep -q "cannot reach the team server" "$home/err"
echo "bundle smoke test passed"

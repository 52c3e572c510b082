#!/usr/bin/env bash
# Opens the app on a demo book kept in .demo-home (your real book is never touched).
# With no display, it runs on a virtual screen and saves a screenshot instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh gui
export WARROOM_HOME="${WARROOM_HOME:-$PWD/.demo-home}"
# The demo book is made once and kept, with whatever you did in it; for a fresh one, run
# `.venv/bin/warroom demo --force` (the one it replaces is backed up, and the command says where).
if [ ! -s "$WARROOM_HOME/book.sqlite" ]; then
  .venv/bin/warroom demo --seed "${SEED:-1}"
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/warroom gui "$@"
fi
echo "No display found: opening on a virtual screen and saving demo-screenshot.png"
xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/warroom gui --screenshot demo-screenshot.png "$@"
echo "Saved demo-screenshot.png"

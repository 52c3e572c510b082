#!/usr/bin/env bash
# Builds the self-contained one-folder app into dist/warroom/ (see packaging/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install -q "pyinstaller>=6.10,<7"
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/warroom.spec
echo "built dist/warroom/ ($(du -sh dist/warroom | cut -f1)); try: dist/warroom/warroom --version"

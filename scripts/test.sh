#!/usr/bin/env bash
# Runs every check and every test: lint, types, layer contracts, the whole suite, and the
# core (domain, store) once more in a venv without PySide6 to prove it needs no Qt.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/postgres.sh  # the team-server tests start their own cluster with it
export QT_QPA_PLATFORM=offscreen

echo "== ruff"; .venv/bin/ruff check . && .venv/bin/ruff format --check .
echo "== mypy"; .venv/bin/mypy
echo "== import contracts"; .venv/bin/lint-imports
echo "== tests"; .venv/bin/pytest

echo "== core tests without Qt"
core_stamp=.venv-core/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$core_stamp" ]; then
  python3 -m venv .venv-core
  deps=$(.venv/bin/python - <<'PY'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
qt = ("pyside6", "pyqtgraph")
print(" ".join(d for d in project["dependencies"] if not d.lower().startswith(qt)))
print(" ".join(d for d in project["optional-dependencies"]["test"] if d.startswith(("pytest>", "hypothesis"))))
PY
)
  # shellcheck disable=SC2086
  .venv-core/bin/python -m pip install -q $deps
  rm -f .venv-core/.installed-*
  touch "$core_stamp"
fi
if .venv-core/bin/python -c "import PySide6" 2>/dev/null; then
  echo "the core venv has PySide6; it must not" >&2
  exit 1
fi
# Our pytest config names pytest-qt options, which this venv lacks: run with a blank config.
PYTHONPATH=. .venv-core/bin/python -m pytest -c /dev/null --rootdir . -q -p no:cacheprovider \
  --import-mode=importlib -W error tests/domain tests/store

#!/usr/bin/env bash
# Shared set-up for the README's commands: Debian libraries Qt needs, then .venv with the app.
# Usage: scripts/setup.sh [gui]   (gui adds the libraries a real window on X11 needs)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
          poppler-utils)
if [ "${1:-}" = "gui" ]; then
  packages+=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
             libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1
             libx11-xcb1 xvfb xauth)
fi
command -v python3 >/dev/null 2>&1 || packages+=(python3)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || packages+=(python3-venv)

if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "Installing Debian packages: ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "Please install these first: sudo apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
fi

# Reinstall only when pyproject.toml changed since the last set-up.
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

#!/usr/bin/env bash
# The team-server tests need PostgreSQL's programs (initdb, pg_ctl, postgres); each test run
# starts its own throwaway cluster with them. Installs Debian's `postgresql` when missing.
set -euo pipefail

if compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "No PostgreSQL and no apt-get: the team-server tests will be skipped" >&2
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "No PostgreSQL: sudo apt-get install postgresql (the team-server tests are skipped)" >&2
  exit 0
fi
echo "Installing Debian package: postgresql"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null

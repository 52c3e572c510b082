"""Run every benchmark, or the ones named: python -m benchmarks [bulk_insert] [cold_start]."""

from __future__ import annotations

import importlib
import sys

ALL = (
    "bulk_insert",
    "csv_import",
    "cold_start",
    "heat",
    "ocean",
    "whales_list",
    "today_list",
    "weekly_report",
    "sync_merge",
    "team_book",
    "pg_sync",
)


def main(names: list[str]) -> int:
    for name in names or ALL:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name}: {module.__doc__.splitlines()[0] if module.__doc__ else ''}")
        module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

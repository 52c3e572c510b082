"""The edges' view of the clock and the local zone; nothing below the CLI and UI reads it."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def now() -> datetime:
    return datetime.now(UTC)


def local_zone_name() -> str:
    """The IANA name of this machine's zone (TZ, /etc/timezone, /etc/localtime), else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    timezone_file = Path("/etc/timezone")
    if timezone_file.exists():
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if not name:
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return "UTC"


def local_zone() -> tzinfo:
    return ZoneInfo(local_zone_name())


class LocalTime(tzinfo):
    """This process's local zone as it is when asked, so times follow a change of zone while
    the app runs (the rep's zone, set in Settings, becomes the app's local time)."""

    def _zone(self) -> tzinfo:
        return local_zone()

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return self._zone().utcoffset(dt)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return self._zone().dst(dt)

    def tzname(self, dt: datetime | None) -> str | None:
        return self._zone().tzname(dt)

    def fromutc(self, dt: datetime) -> datetime:
        local = dt.replace(tzinfo=UTC).astimezone(self._zone())
        return local.replace(tzinfo=self)


def follow_zone(name: str) -> bool:
    """Make the rep's zone (File ▸ Settings) this process's local time, so every time shown
    (Qt's and Python's alike) reads as the rep's day does; True when it changed. The app and
    every command that opens the book do it, so the two never count days apart."""
    if os.environ.get("TZ") == name:
        return False
    os.environ["TZ"] = name
    time.tzset()
    return True


def on_this_clock(stamp: str, form: str) -> str:
    """A kept ISO time (UTC when it names no zone) written in `form` on this process's clock:
    the rep's zone once the book is open (else the laptop's)."""
    kept = datetime.fromisoformat(stamp)
    return (kept if kept.tzinfo else kept.replace(tzinfo=UTC)).astimezone().strftime(form)

"""The hybrid logical clock that orders every synced edit.

A clock is wall milliseconds, a counter for edits within one millisecond (or while the wall
clock lags a clock already seen), and the device that made the edit. Its text form sorts the
same way as the tuple, so SQLite and Python compare clocks alike.
"""

from __future__ import annotations

from dataclasses import dataclass

_WALL_DIGITS = 12  # hex: enough for the year 10889
_COUNTER_DIGITS = 6
# How far past this laptop's wall clock a stamp may be and still be trusted as "now": the
# clock guard's bound. A stamp further ahead came from a clock that was wrong.
MAX_AHEAD_MS = 5 * 60 * 1000


@dataclass(frozen=True, order=True)
class Hlc:
    wall_ms: int
    counter: int

    def tick(self, now_ms: int) -> Hlc:
        """The clock of a new local edit: after this one, whatever the wall clock says."""
        if now_ms > self.wall_ms:
            return Hlc(now_ms, 0)
        return Hlc(self.wall_ms, self.counter + 1)

    def seen(self, other: Hlc, now_ms: int) -> Hlc:
        """This clock after receiving `other`: never behind anything seen, except that it
        never goes more than MAX_AHEAD_MS past the wall clock `now_ms`. A stamp from a
        laptop a year ahead keeps its place among the versions of its own field (`after`
        orders an edit of that field past it), but does not drag this clock, and every later
        edit made here, a year into the future."""
        return max(self, min(other, Hlc(now_ms + MAX_AHEAD_MS, 0)))

    def after(self) -> Hlc:
        """The next clock after this one, at the same wall time."""
        return Hlc(self.wall_ms, self.counter + 1)

    def is_ahead(self, now_ms: int) -> bool:
        """Further past the wall clock `now_ms` than any right clock could be."""
        return self.wall_ms > now_ms + MAX_AHEAD_MS

    def stamp(self, device: str) -> str:
        """The clock as sortable text, ending with the device that breaks ties."""
        return f"{self.wall_ms:0{_WALL_DIGITS}x}.{self.counter:0{_COUNTER_DIGITS}x}.{device}"


ZERO = Hlc(0, 0)


def parse(stamp: str) -> Hlc:
    """The clock part of a stamp made by `Hlc.stamp`; ValueError on anything else."""
    wall, counter, _device = stamp.split(".", 2)
    if len(wall) != _WALL_DIGITS or len(counter) != _COUNTER_DIGITS:
        raise ValueError(f"not a clock stamp: {stamp!r}")
    return Hlc(int(wall, 16), int(counter, 16))


def device_of(stamp: str) -> str:
    return stamp.split(".", 2)[2]

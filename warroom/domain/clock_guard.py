"""The clock guard: whether this laptop's clock is too far ahead to publish.

Every synced edit is ordered by its clock stamp, so a laptop whose clock runs a year ahead
would win every field it touches for a year. Before publishing, its wall clock is compared
with the best reference there is, and the guard says what that was:

1. A shared folder on a file server stamps new files with the server's clock. When that
   differs from ours by more than a moment, the share has a clock of its own: the guard
   allows MAX_AHEAD_MS past it.
2. A cloud folder (Dropbox, OneDrive, Google Drive) or a local disk stamps files with this
   laptop's own clock, which tells nothing. If the system says its clock is synchronised
   with a time server, that is trusted.
3. Otherwise the other laptops' clocks at their latest syncs: the lower middle one (so one
   laptop that was far ahead never counts). Those are times already past, and a team can be
   quiet for a while, so only a clock more than PEERS_BOUND_MS past them is refused; the
   user who knows better can say their clock is right.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from warroom.domain.hlc import MAX_AHEAD_MS
from warroom.domain.words import plural

SAME_CLOCK_MS = 2_000  # a file stamped within this of our clock was stamped by our clock
PEERS_BOUND_MS = 30 * 86_400_000


@dataclass(frozen=True)
class Verdict:
    refused: bool
    ahead_ms: int  # how far this clock is past the reference (0 when there is none)
    against: str  # what the clock was compared with, in words
    bound_ms: int
    # The clock is behind the reference by more than its bound: wrong the other way. Its
    # edits may go out (they lose to the right clocks), but it is no "right time" to heal to.
    behind: bool = False


def judge(
    now_ms: int,
    share_ms: int,
    system_synced: bool | None,
    peer_clocks: Sequence[int],
    share_clock: str = "the shared folder's clock (its file server)",
) -> Verdict:
    """The guard's verdict on this laptop's wall clock `now_ms`; `share_clock` names where
    `share_ms` came from (a team server's clock is case 1 too)."""
    if abs(share_ms - now_ms) > SAME_CLOCK_MS:
        return _verdict(now_ms - share_ms, share_clock, MAX_AHEAD_MS)
    if system_synced:
        return Verdict(False, 0, "this computer's time server", MAX_AHEAD_MS)
    if peer_clocks:
        middle = statistics.median_low(peer_clocks)
        n = len(peer_clocks)
        what = (
            "the latest sync of the team's other laptop"
            if n == 1
            else f"the latest syncs of the team's {n} other laptops"
        )
        return _verdict(now_ms - middle, what, PEERS_BOUND_MS)
    return Verdict(False, 0, "nothing yet (no time server, no teammate has synced)", 0)


def _verdict(ahead_ms: int, against: str, bound_ms: int) -> Verdict:
    return Verdict(ahead_ms > bound_ms, max(ahead_ms, 0), against, bound_ms, -ahead_ms > bound_ms)


def span(ms: int) -> str:
    """A time span in the words a person would use."""
    minutes = ms // 60_000
    if minutes < 120:
        return plural(minutes, "minute")
    hours = minutes // 60
    return plural(hours, "hour") if hours < 48 else plural(hours // 24, "day")

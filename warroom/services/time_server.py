"""Whether the operating system keeps this computer's clock in step with a time server."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_TIME_ERROR = 5  # adjtimex's answer when the kernel's clock is not synchronised
_TIMEX_BYTES = 512  # room for struct timex on any Linux (208 bytes on 64-bit)


def system_clock_synced() -> bool | None:
    """True when the system says its clock is synchronised, False when it says it is not,
    None where there is no way to ask (macOS, Windows, a libc without adjtimex)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        # All zero: `modes` 0 only reads the kernel's time-keeping state, changing nothing.
        timex = ctypes.create_string_buffer(_TIMEX_BYTES)
        state = int(libc.adjtimex(timex))
    except (OSError, AttributeError):
        return None
    if state < 0:
        return None
    return state != _TIME_ERROR

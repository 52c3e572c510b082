"""What text may go into a book, by every way in (typing, the command line, an import, a
sync), in one place: names are one line without control characters and at most NAME_MAX long;
longer text keeps its line breaks and tabs but no other control character; links open only
on the web or in mail; and a message quotes at most QUOTE_MAX characters of a file."""

from __future__ import annotations

import re
import unicodedata

from warroom.domain.errors import BadInput

NAME_MAX = 300
TEXT_MAX = 10_000
QUOTE_MAX = 80
URL_SCHEMES = ("http", "https", "mailto")

_SPACES = re.compile(r"\s+")
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _is_control(char: str) -> bool:
    # Cc: C0/C1 controls (NUL, escape…); Cf: invisible format characters (bidi overrides,
    # zero-width joiners) that make a name read differently from what it is.
    return unicodedata.category(char) in ("Cc", "Cf") and char not in "\u200d"


def clean_name(text: str, what: str = "a name") -> str:
    """One line: controls and line breaks become spaces, runs of space one; BadInput when
    nothing is left or it is longer than NAME_MAX."""
    if text.isprintable():  # the common case, fast: no control, no line break, no odd space
        cleaned = text.strip()
        if "  " in cleaned:
            cleaned = _SPACES.sub(" ", cleaned)
    else:
        cleaned = _SPACES.sub(" ", "".join(" " if _is_control(c) else c for c in text)).strip()
    if not cleaned:
        raise BadInput(f"{what} cannot be empty")
    if len(cleaned) > NAME_MAX:
        raise BadInput(f"{what} is {len(cleaned):,} characters; at most {NAME_MAX}")
    return cleaned


def clean_text(text: str, what: str = "the text") -> str:
    """Notes and the like: line breaks and tabs kept, other controls dropped; BadInput when
    longer than TEXT_MAX."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():  # the common case, fast: only ASCII's own controls can be there
        cleaned = _ASCII_CONTROLS.sub("", text).strip()
    else:
        cleaned = "".join(c for c in text if c in "\n\t" or not _is_control(c)).strip()
    if len(cleaned) > TEXT_MAX:
        raise BadInput(f"{what} is {len(cleaned):,} characters; at most {TEXT_MAX:,}")
    return cleaned


def check_url(url: str, what: str = "the link") -> str:
    """A link the app may open: http, https or mailto (never file:, javascript: or a program's
    own scheme); '' stays ''."""
    url = url.strip()
    if not url:
        return ""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in URL_SCHEMES:
        raise BadInput(f"{what} {quote(url)} is not a web or mail link (http, https, mailto)")
    return url


def quote(text: str, limit: int = QUOTE_MAX) -> str:
    """`text` for a message: repr-quoted, cut to `limit` characters with an ellipsis."""
    if len(text) <= limit:
        return repr(text)
    return repr(text[: limit - 1] + "…")

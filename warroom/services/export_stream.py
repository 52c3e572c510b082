"""A War Room JSON export read as a stream: its top-level fields, then each table's rows one
at a time.

A team's export holds half a million rows, a quarter of a gigabyte of text; parsed whole it
took more than a gigabyte. Only the frame (the top-level object and its "tables") is walked
here. Each row is decoded on its own by the standard library's C decoder (`raw_decode`), so
memory holds one window of the file at a time. Errors still name the line and column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from warroom.domain.errors import BadInput
from warroom.domain.text import QUOTE_MAX

WINDOW = 1 << 20  # characters read at a time
# A decoding error this close to the end of what has been read may only mean the value goes
# on past it (`tru` of `true`, a number cut short): read on before calling it an error.
TAIL = 64
_WHITE = " \t\n\r"
_SPACE = re.compile(r"[ \t\n\r]*")
_NEXT = re.compile(r"[ \t\n\r]*([,\]])[ \t\n\r]*")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Field:
    """A top-level field other than the tables: the format, its version, the schema."""

    key: str
    value: object


@dataclass(frozen=True)
class Table:
    """One table of the export; `rows` must be read to the end before the next part."""

    name: str
    rows: Iterator[object]


def short(message: str) -> str:
    """A decoding error (which may hold a whole field of the file) cut to about a quote's
    length past its field name."""
    limit = QUOTE_MAX + 40
    return message if len(message) <= limit else message[: limit - 1] + "…"


class _Reader:
    """The file's text through a moving window, and where in the file the window starts."""

    def __init__(self, handle: TextIO, where: str) -> None:
        self._handle, self._where = handle, where
        self._text, self._at = "", 0
        self._line, self._column = 1, 0  # of _text[0]: line from 1, column from 0
        self._ended = False

    def _more(self) -> bool:
        if self._ended:
            return False
        try:
            piece = self._handle.read(WINDOW)
        except UnicodeDecodeError as exc:
            raise BadInput(f"{self._where}: cannot be read as UTF-8 text ({exc})") from exc
        except OSError as exc:
            raise BadInput(f"{self._where}: cannot be read ({exc.strerror})") from exc
        if not piece:
            self._ended = True
            return False
        if self._at >= WINDOW:  # drop what has been read, keeping count of its lines
            newline = self._text.rfind("\n", 0, self._at)
            if newline >= 0:
                self._line += self._text.count("\n", 0, self._at)
                self._column = self._at - newline - 1
            else:
                self._column += self._at
            self._text, self._at = self._text[self._at :], 0
        self._text += piece
        return True

    def peek(self) -> str:
        """The next character past white space; "" at the end of the file."""
        while True:
            self._at = _SPACE.match(self._text, self._at).end()  # type: ignore[union-attr]
            if self._at < len(self._text):
                return self._text[self._at]
            if not self._more():
                return ""

    def take(self, allowed: str) -> str:
        """The next character past white space, which must be one of `allowed`."""
        found = self.peek()
        if not found or found not in allowed:
            wanted = " or ".join(repr(c) for c in allowed)
            raise self.invalid(f"Expecting {wanted}", self._at)
        self._at += 1
        return found

    def value(self) -> object:
        """The next whole JSON value."""
        if self._at >= len(self._text) or self._text[self._at] in _WHITE:
            self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._text, self._at)
            except json.JSONDecodeError as exc:
                cut_short = exc.pos >= len(self._text) - TAIL or exc.msg.startswith(
                    "Unterminated string"
                )
                if cut_short and self._more():
                    continue
                raise self.invalid(exc.msg, exc.pos) from exc
            except (ValueError, RecursionError) as exc:
                # A number of thousands of digits, or lists nested thousands deep.
                raise BadInput(
                    f"{self._where}: not JSON that can be read ({short(str(exc))})"
                ) from exc
            if end == len(self._text) and self._more():
                continue  # a number at the end of the window may go on
            self._at = end
            return value

    def items(self) -> Iterator[object]:
        """The values of the list that starts here, one at a time."""
        self.take("[")
        if self.peek() == "]":
            self._at += 1
            return
        while True:
            yield self.value()
            # The common case in one step: a comma or the closing bracket, and the white
            # space around it, all in the window already.
            found = _NEXT.match(self._text, self._at)
            if found is not None and found.end() < len(self._text):
                self._at = found.end()
                ends = found.group(1) == "]"
            else:
                ends = self.take(",]") == "]"
            if ends:
                return

    def key(self) -> str:
        found = self.value() if self.peek() == '"' else None
        if not isinstance(found, str):
            raise self.invalid("Expecting property name enclosed in double quotes", self._at)
        self.take(":")
        return found

    @property
    def position(self) -> int:
        return self._at

    def invalid(self, message: str, pos: int) -> BadInput:
        newlines = self._text.count("\n", 0, pos)
        if newlines:
            line, column = self._line + newlines, pos - self._text.rfind("\n", 0, pos)
        else:
            line, column = self._line, self._column + pos + 1
        return BadInput(f"{self._where}:{line}:{column}: not valid JSON ({message})")


def read_export(path: Path, not_export: str) -> Iterator[Field | Table]:
    """The parts of the export at `path` in file order; BadInput(`not_export`) when the file
    is JSON but not an object, and BadInput saying what and where for anything unreadable."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError as exc:
        raise BadInput(f"{path}: no such file") from exc
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror})") from exc
    with handle:
        reader = _Reader(handle, str(path))
        first = reader.peek()
        if first != "{":
            if first != "[":
                reader.value()  # text that is not JSON at all says so first
            raise BadInput(not_export)
        reader.take("{")
        if reader.peek() != "}":
            while True:
                key = reader.key()
                if key == "tables" and reader.peek() == "{":
                    yield from _tables(reader, path)
                else:
                    yield Field(key, reader.value())
                if reader.take(",}") == "}":
                    break
        else:
            reader.take("}")
        if reader.peek():
            raise reader.invalid("Extra data", reader.position)


def _tables(reader: _Reader, path: Path) -> Iterator[Table]:
    reader.take("{")
    if reader.peek() == "}":
        reader.take("}")
        return
    while True:
        name = reader.key()
        if reader.peek() != "[":
            raise BadInput(f"{path}: table {name} is not a list of rows")
        rows = reader.items()
        yield Table(name, rows)
        for _ in rows:  # whatever the reader left
            pass
        if reader.take(",}") == "}":
            return

"""Reading the CSV files reps really have: Excel's, in whatever encoding and separator the
machine that saved them used.

Excel on a Western-European Windows writes cp1252 with semicolons; "Unicode text" is UTF-16
with tabs; Salesforce and HubSpot write UTF-8, sometimes with a byte-order mark; a "sep=;"
first line tells Excel the separator. The text is decoded whole and parsed by the csv module
from a stream (never split into lines first), so quoted line breaks, U+2028 and separators
inside quotes stay in their field. What cannot be read as rows is said with its line number.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from warroom.domain.errors import BadInput
from warroom.domain.text import quote

SEPARATORS = (",", ";", "\t", "|")
SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_SNIFF_RECORDS = 50


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # in words, for the preview: "UTF-8", "Windows-1252 (Western European)"


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str


@dataclass
class Table:
    """A file's header and rows, each with the line it starts on, and what was wrong."""

    header_line: int
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str
    separator: str
    problems: list[Problem] = field(default_factory=list)
    duplicates: dict[str, list[int]] = field(default_factory=dict)  # name -> column numbers


def decode(data: bytes) -> Decoded:
    """Text from a file's bytes: a byte-order mark decides; else UTF-16 without one (every
    other byte zero); else UTF-8 if it is valid; else Windows-1252, which every Western
    European Excel writes (and which reads any byte, so nothing is refused for its bytes)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(codec), name)
            except UnicodeDecodeError as exc:
                raise BadInput(f"the file says it is {name} but is not ({exc.reason})") from exc
    sample = data[:4000]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) * 0.4:
        return Decoded(data.decode("utf-16-le", errors="replace"), "UTF-16")
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) * 0.4:
        return Decoded(data.decode("utf-16-be", errors="replace"), "UTF-16")
    if b"\x00" in sample:
        raise BadInput("not a text file (it holds binary bytes); save the sheet as CSV or .xlsx")
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    # The five bytes cp1252 leaves undefined are not text in any file Excel writes.
    return Decoded(data.decode("cp1252", errors="replace"), "Windows-1252 (Western European)")


def separator_of(text: str) -> tuple[str, str]:
    """The separator, and the text without Excel's "sep=X" line if it had one."""
    first, _, rest = text.partition("\n")
    hint = first.strip().strip('"')
    if hint.lower().startswith("sep=") and len(hint) == 5:
        return hint[4], rest
    return _sniff(text), text


def _sniff(text: str) -> str:
    """The separator that splits the first records most evenly into the most columns.

    Each is judged on the records the csv module reads and on the physical lines read one by
    one, whichever splits more evenly: a quote that never closes swallows every record after
    it, which made a semicolon file with one stray quote look like a comma file (its amounts'
    decimal commas split evenly) and named its header one column. Read line by line, the
    stray quote costs its own line only, and the parse after names the line."""
    best, best_score = ",", (-1.0, 0)
    lines = text.split("\n", _SNIFF_RECORDS)[:_SNIFF_RECORDS]
    for candidate in SEPARATORS:
        found = [
            _evenness(_widths(csv.reader(io.StringIO(text, newline=""), delimiter=candidate))),
            _evenness(_widths(_each_alone(lines, candidate))),
        ]
        score = max((f for f in found if f is not None), default=None)
        if score is not None and score > best_score:
            best, best_score = candidate, score
    return best


def _each_alone(lines: list[str], separator: str) -> Iterator[list[str]]:
    """Each line read as a record of its own: a quote it leaves open ends with it."""
    for line in lines:
        yield next(csv.reader([line], delimiter=separator), [])


def _widths(reader: Iterable[list[str]]) -> list[int]:
    """How many fields each of the first non-empty records has (none if they cannot be read)."""
    widths: list[int] = []
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                widths.append(len(record))
            if len(widths) >= _SNIFF_RECORDS:
                break
    except csv.Error:
        return []
    return widths


def _evenness(widths: list[int]) -> tuple[float, int] | None:
    """The share of records of the commonest width, and that width (at least two columns)."""
    if not widths or max(widths) < 2:
        return None
    common = max(set(widths), key=widths.count)
    return (widths.count(common) / len(widths), common) if common >= 2 else None


def parse(text: str, separator: str, first_line: int = 1) -> list[tuple[int, list[str]]]:
    """Records with the line each starts on; BadInput naming the line of a quote that never
    closes."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    records: list[tuple[int, list[str]]] = []
    start = first_line
    try:
        for record in reader:
            records.append((start, record))
            start = first_line + reader.line_num
    except csv.Error as exc:
        raise BadInput(
            f"line {start}: cannot be read as CSV ({exc}); a quote that opens there may never close"
        ) from exc
    return records


def table(
    records: Sequence[tuple[int, list[str]]], header_index: int, encoding: str, separator: str
) -> Table:
    """Header and rows, with rows of the wrong width and duplicate column names reported.

    A row wider than the header is reported unless the extra cells are empty (some tools end
    every row with a separator); a row that runs over several lines with the wrong width is
    what an unbalanced quote does, and is reported as that."""
    header_line, headers = records[header_index]
    headers = [h.strip() for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    rows: list[tuple[int, list[str]]] = []
    problems: list[Problem] = []
    for line, record in records[header_index + 1 :]:
        if not "".join(record).strip():
            continue
        cells = record
        if len(cells) > width:
            cells = list(record)
            while len(cells) > width and not cells[-1].strip():
                cells.pop()
        if len(cells) == width and not _swallows_rows(cells, separator, width):
            rows.append((line, cells))
            continue
        if len(cells) == width:
            problems.append(_unbalanced(line, cells))
            continue
        problems.append(
            Problem(line, f"{len(cells)} fields where the header has {width}; not imported")
            if not any("\n" in cell for cell in cells)
            else _unbalanced(line, cells)
        )
    seen: dict[str, list[int]] = {}
    for number, name in enumerate(headers, start=1):
        if name:
            seen.setdefault(name, []).append(number)
    duplicates = {name: numbers for name, numbers in seen.items() if len(numbers) > 1}
    for name, numbers in duplicates.items():
        for number in numbers[1:]:
            headers[number - 1] = f"{name} (column {number})"
    return Table(header_line, headers, rows, encoding, separator, problems, duplicates)


def _unbalanced(line: int, cells: Sequence[str]) -> Problem:
    last = line + sum(cell.count("\n") for cell in cells)
    return Problem(
        line,
        f"a quote opened on line {line} closes on line {last}, so lines {line}-{last} read as "
        "one row; none of them was imported: check the quotes",
    )


def _swallows_rows(cells: Sequence[str], separator: str, width: int) -> bool:
    """A quoted cell running over lines that look like whole rows of the file: an opening
    quote never closed where it should have been. (A note with a line break and a comma or
    two is not that: a whole row has as many separators as the header less one.)"""
    if width < 3:
        return False
    return any(
        line.count(separator) >= width - 1
        for cell in cells
        if "\n" in cell
        for line in cell.split("\n")[1:]
    )


def describe_duplicates(duplicates: dict[str, list[int]]) -> list[str]:
    return [
        f"columns {', '.join(map(str, numbers))} are all named {quote(name)}: say which one "
        "to use in the mapping"
        for name, numbers in duplicates.items()
    ]

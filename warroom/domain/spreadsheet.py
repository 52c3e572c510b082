"""Cells a spreadsheet shows as written, never runs: the OWASP rule against CSV injection. Excel,
LibreOffice and Google Sheets read a cell starting with =, +, -, @, a tab or a carriage return as
a formula, so a whale named `=HYPERLINK(...)` would run on the seller's laptop; such a cell is
written with a leading apostrophe, which the spreadsheet hides and which keeps it text."""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A negative number such as -5 or -2.5 is a value, not a formula: days to sink go below zero and
# must stay numbers a spreadsheet can sum. A leading + is not part of it: no number we write has
# one, so "+3" in a cell came from someone's text.
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def safe_cell(text: str) -> str:
    """`text` as a cell a spreadsheet will not run: prefixed with an apostrophe when it starts
    like a formula, unless it is a plain number."""
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell_text(cell: str) -> str:
    """What a cell written by `safe_cell` holds: the apostrophe it added taken off again, so a
    file we exported reads back as the names it had."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell

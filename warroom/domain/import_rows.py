"""Reading other tools' exports: which tool a CSV came from (by its headers), what each row says
about a company, a deal or a person, and how to tell a company or a person we already have.

Formats: Salesforce report exports (accounts, opportunities, contacts), HubSpot exports
(companies, deals, contacts), Pipedrive deal exports, LinkedIn's Connections.csv (with its
notes before the header) and Sales Navigator account lists; any other file whose headers say
plainly what they hold is read by their meaning (domain/columns.py). Every row keeps its line
number, so a bad one can be named.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from warroom.domain import columns, file_values
from warroom.domain.errors import BadInput
from warroom.domain.names import folded
from warroom.domain.spreadsheet import cell_text
from warroom.domain.text import clean_name, quote

LEGAL_SUFFIXES = frozenset(
    {
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "plc",
        "corp",
        "corporation",
        "co",
        "company",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "bv",
        "nv",
        "pty",
        "oy",
        "ab",
        "as",
        "kk",
        "group",
    }
)


IMPORT_FIELDS = (
    "company",
    "website",
    "industry",
    "deal_name",
    "amount",
    "currency",
    "stage",
    "first_name",
    "last_name",
    "person",
    "title",
    "email",
    "profile_url",
    "opened",
    "closed",
    "owner",
)


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    required: tuple[str, ...]  # headers that identify it
    fields: Mapping[str, str]  # our field -> their header


FORMATS: tuple[Format, ...] = (
    Format(
        "salesforce_opportunities",
        "Salesforce opportunities",
        ("Opportunity Name", "Account Name", "Amount"),
        {
            "company": "Account Name",
            "deal_name": "Opportunity Name",
            "amount": "Amount",
            "currency": "Opportunity Currency",
            "stage": "Stage",
            "website": "Website",
            "closed": "Close Date",
            "owner": "Opportunity Owner",
        },
    ),
    Format(
        "salesforce_contacts",
        "Salesforce contacts",
        ("First Name", "Last Name", "Account Name"),
        {
            "company": "Account Name",
            "first_name": "First Name",
            "last_name": "Last Name",
            "title": "Title",
            "email": "Email",
        },
    ),
    Format(
        "salesforce_accounts",
        "Salesforce accounts",
        ("Account Name", "Account Owner"),
        {
            "company": "Account Name",
            "website": "Website",
            "industry": "Industry",
            "owner": "Account Owner",
        },
    ),
    Format(
        "hubspot_deals",
        "HubSpot deals",
        ("Deal Name", "Amount", "Deal Stage"),
        {
            "company": "Associated Company",
            "deal_name": "Deal Name",
            "amount": "Amount",
            "stage": "Deal Stage",
            "currency": "Currency",
            "closed": "Close Date",
            "owner": "Deal owner",
        },
    ),
    Format(
        "hubspot_contacts",
        "HubSpot contacts",
        ("First Name", "Last Name", "Company Name"),
        {
            "company": "Company Name",
            "first_name": "First Name",
            "last_name": "Last Name",
            "title": "Job Title",
            "email": "Email",
        },
    ),
    Format(
        "hubspot_companies",
        "HubSpot companies",
        ("Company name", "Company Domain Name"),
        {"company": "Company name", "website": "Company Domain Name", "industry": "Industry"},
    ),
    Format(
        "linkedin_connections",
        "LinkedIn connections",
        ("First Name", "Last Name", "URL", "Company", "Position"),
        {
            "company": "Company",
            "first_name": "First Name",
            "last_name": "Last Name",
            "title": "Position",
            "email": "Email Address",
            "profile_url": "URL",
        },
    ),
    Format(
        "pipedrive_deals",
        "Pipedrive deals",
        ("Deal - Title", "Deal - Value", "Organization - Name"),
        {
            "company": "Organization - Name",
            "deal_name": "Deal - Title",
            "amount": "Deal - Value",
            "currency": "Deal - Currency",
            "stage": "Deal - Stage",
            "person": "Person - Name",
            "email": "Person - Email",
            "opened": "Deal - Deal created",
            "closed": "Deal - Deal closed on",
            "owner": "Deal - Owner",
        },
    ),
    Format(
        "warroom_whales",
        "War Room whales (its CSV export)",
        ("id", "name", "web_domain", "deal_size", "last_meaningful_at"),
        {
            "company": "name",
            "website": "web_domain",
            "amount": "deal_size",
            "currency": "currency",
            "stage": "stage",
            "deal_name": "solution",
            "owner": "owner",
        },
    ),
    Format(
        "salesnav_accounts",
        "Sales Navigator accounts",
        ("Account Name", "Industry", "Employees"),
        {"company": "Account Name", "website": "Website", "industry": "Industry"},
    ),
)
BY_NAME = {f.name: f for f in FORMATS}
BY_MEANING = "columns"  # a file none of the tools made, read by what its headers mean


@dataclass(slots=True)  # not frozen: one is made per row, and frozen init is slow
class ImportRow:
    """One row, read: the company it is about, and the deal or person it carries (if any)."""

    line: int
    company: str
    domain: str = ""
    industry: str = ""
    deal_name: str = ""
    amount: int | None = None
    currency: str = ""
    stage: str = "identified"
    stage_given: bool = False  # the file named a stage we could read (not "identified" by default)
    outcome: str | None = None
    opened: date | None = None
    closed: date | None = None  # when a closed deal closed, if the file says
    close_on: date | None = None  # when an open deal is expected to close, if the file says
    owner: str = ""  # the rep the file says owns it, by name
    person: str = ""
    title: str = ""
    email: str = ""
    profile_url: str = ""


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


def header_line(lines: Sequence[Sequence[str]]) -> int:
    """Index of the header row: LinkedIn puts a few lines of notes before it."""
    for index, row in enumerate(lines[:20]):
        cells = [cell.strip() for cell in row]
        if any(set(f.required) <= set(cells) for f in FORMATS):
            return index
        if "company" in columns.recognize(cells) and len([c for c in cells if c]) >= 2:
            return index
    return 0


def detect(headers: Sequence[str], duplicated: Sequence[str] = ()) -> Format | None:
    """The tool that made the file, by its own columns; else the columns by their meaning
    (None when not even a company column can be told)."""
    cells = {h.strip() for h in headers}
    meant = columns.recognize(headers, skip=duplicated)
    for candidate in FORMATS:
        if set(candidate.required) <= cells:
            return _completed(candidate, cells, meant)
    if "company" not in meant:
        return None
    return Format(BY_MEANING, "Columns by their names", (), meant)


def _completed(tool: Format, cells: set[str], meant: Mapping[str, str]) -> Format:
    """The tool's columns, and for each field they do not place in this file the column
    whose name says it holds it: a Salesforce report with 'Created Date' and 'Website'
    added, a HubSpot deals export whose company column is 'Company name' (their dates,
    domains and companies were dropped, or the file refused)."""
    fields = dict(tool.fields)
    for name, header in meant.items():
        if fields.get(name) not in cells:
            fields[name] = header
    return tool if fields == dict(tool.fields) else replace(tool, fields=fields)


@dataclass
class Reading:
    """How a file's values were read, for the preview: its number style and date order, and
    each stage it names with ours (None: not known, read as identified until mapped)."""

    numbers: file_values.NumberStyle = file_values.POINT
    dates: file_values.DateOrder | None = None
    stages: dict[str, str | None] = field(default_factory=dict)
    stage_rows: dict[str, int] = field(default_factory=dict)

    def words(self) -> list[str]:
        said = [f"amounts read as {self.numbers.words}"]
        if self.dates is not None:
            said.append(self.dates.words)
        return said


_PUNCTUATION = re.compile(r"[^\w\s]")
_ABBREVIATION_DOT = re.compile(r"(?<=\b\w)\.")  # the dot after a one-letter word: S.A., N.V.
_CURRENCY = re.compile(r"[A-Z]{3}")
_SCHEME = re.compile(r"^[a-z]+://")
_PROFILE_SCHEME = re.compile(r"^https?://(www\.)?")


def normalize_company(name: str) -> str:
    """'Globex, Inc.', 'GLOBEX' and 'Glöbex S.A.' are one company: case, accents,
    punctuation and legal suffixes go; an abbreviation's dots first ('S.A.' is 'sa')."""
    words = _PUNCTUATION.sub(" ", _ABBREVIATION_DOT.sub("", folded(name))).split()
    while words and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def normalize_domain(text: str) -> str:
    text = text.strip().lower()
    if "://" in text:
        text = _SCHEME.sub("", text)
    text = text.split("/")[0].split("?")[0]
    return text.removeprefix("www.")


def normalize_profile(url: str) -> str:
    return _PROFILE_SCHEME.sub("", url.strip().lower().rstrip("/"))


def read_rows(
    fmt: Mapping[str, str],
    headers: Sequence[str],
    rows: Sequence[tuple[int, Sequence[str]]],
    *,
    separator: str = ",",
    stages: Mapping[str, str] | None = None,
) -> tuple[list[ImportRow], list[RowProblem], Reading]:
    """Rows as ImportRows by a field -> header mapping; problems name the line and why.
    `stages` is the rep's own reading of the file's stage names (file text -> our stage)."""
    index = {h.strip(): i for i, h in enumerate(headers)}
    if fmt.get("company") not in index:
        raise BadInput(f"the file has no {quote(fmt.get('company', 'company'))} column")

    present = [(name, index[fmt[name]]) for name in IMPORT_FIELDS if fmt.get(name) in index]
    cells = [
        (line, {name: _cell(row, at) for name, at in present})
        for line, row in rows
        if "".join(row).strip()
    ]
    dated = [name for name, _ in present if name in ("opened", "closed")]
    reading = Reading(
        numbers=file_values.number_style((c.get("amount", "") for _, c in cells), separator),
        dates=(
            file_values.date_order((c.get(name, "") for _, c in cells for name in dated), separator)
            if dated
            else None
        ),
    )
    out, problems = [], []
    for line, values in cells:
        try:
            out.append(_row(line, values, reading, stages or {}))
        except (BadInput, ValueError) as exc:
            problems.append(RowProblem(line, str(exc)))
    return out, problems, reading


def _day(cells: Mapping[str, str], name: str, reading: Reading) -> date | None:
    text = cells.get(name)
    return file_values.day(text, reading.dates) if text and reading.dates is not None else None


def _cell(row: Sequence[str], at: int) -> str:
    if at >= len(row):
        return ""
    value = row[at].strip()
    return cell_text(value) if value.startswith("'") else value


def _text(cells: Mapping[str, str], name: str, what: str) -> str:
    value = cells.get(name)
    return clean_name(value, what) if value else ""


def _row(
    line: int, cells: Mapping[str, str], reading: Reading, stages: Mapping[str, str]
) -> ImportRow:
    company = cells.get("company")
    if not company:
        raise BadInput("no company name")
    company = clean_name(company, "the company name")
    amount_text = cells.get("amount")
    amount = file_values.amount(amount_text, reading.numbers) if amount_text else None
    email = cells.get("email", "")
    if email and "@" not in email:
        raise BadInput(f"email {quote(email)} is not an address")
    person = _text(cells, "person", "the person's name") or " ".join(
        p
        for p in (
            _text(cells, "first_name", "a first name"),
            _text(cells, "last_name", "a last name"),
        )
        if p
    )
    currency = cells.get("currency", "").upper() or (
        file_values.currency_of(amount_text) if amount_text else ""
    )
    stage_text = cells.get("stage")
    stage, outcome, known = "identified", None, None
    if stage_text:
        if stage_text in reading.stages:  # a file names few stages, over many rows
            known = reading.stages[stage_text]
        else:
            known = reading.stages[stage_text] = columns.stage_of(stage_text, stages)
        reading.stage_rows[stage_text] = reading.stage_rows.get(stage_text, 0) + 1
        stage = known or "identified"
        outcome = columns.outcome_of(stage_text) if stage == "closed" else None
    opened = _day(cells, "opened", reading)
    # The close date is when a closed deal closed, and when an open one is expected to.
    dated = _day(cells, "closed", reading)
    closed, expected = (dated, None) if stage == "closed" else (None, dated)
    return ImportRow(
        line=line,
        company=company,
        domain=normalize_domain(cells.get("website", "")),
        industry=_text(cells, "industry", "the industry"),
        deal_name=_text(cells, "deal_name", "the deal name"),
        amount=amount,
        currency=currency if _CURRENCY.fullmatch(currency) else "",
        stage=stage,
        stage_given=known is not None,
        outcome=outcome,
        opened=opened,
        closed=closed,
        close_on=expected,
        owner=_text(cells, "owner", "the owner"),
        person=person,
        title=_text(cells, "title", "the title"),
        email=email[:300],
        profile_url=cells.get("profile_url", "")[:500],
    )

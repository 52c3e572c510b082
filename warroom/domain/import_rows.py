"""Reading other tools' exports: which tool a CSV came from (by its headers), what each row says
about a company, a deal or a person, and how to tell a company or a person we already have.

Formats: Salesforce report exports (accounts, opportunities, contacts), HubSpot exports
(companies, deals, contacts), LinkedIn's Connections.csv (with its notes before the header) and
Sales Navigator account lists. Every row keeps its line number, so a bad one can be named.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from warroom.domain.errors import BadInput
from warroom.domain.values import parse_amount

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
    "title",
    "email",
    "profile_url",
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
        {"company": "Account Name", "website": "Website", "industry": "Industry"},
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
        "salesnav_accounts",
        "Sales Navigator accounts",
        ("Account Name", "Industry", "Employees"),
        {"company": "Account Name", "website": "Website", "industry": "Industry"},
    ),
)
BY_NAME = {f.name: f for f in FORMATS}


@dataclass(frozen=True)
class ImportRow:
    """One row, read: the company it is about, and the deal or person it carries (if any)."""

    line: int
    company: str
    domain: str = ""
    industry: str = ""
    deal_name: str = ""
    amount: int | None = None
    currency: str = ""
    stage: str = ""
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
        cells = {cell.strip() for cell in row}
        if any(set(f.required) <= cells for f in FORMATS):
            return index
    return 0


def detect(headers: Sequence[str]) -> Format | None:
    cells = {h.strip() for h in headers}
    for candidate in FORMATS:
        if set(candidate.required) <= cells:
            return candidate
    return None


def normalize_company(name: str) -> str:
    """'Globex, Inc.' and 'GLOBEX' are one company: case, punctuation and legal suffixes go."""
    words = re.sub(r"[^\w\s]", " ", name.lower()).split()
    while words and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def normalize_domain(text: str) -> str:
    text = text.strip().lower()
    text = re.sub(r"^[a-z]+://", "", text)
    text = text.split("/")[0].split("?")[0]
    return text.removeprefix("www.")


def normalize_profile(url: str) -> str:
    url = url.strip().lower().rstrip("/")
    return re.sub(r"^https?://(www\.)?", "", url)


def read_rows(
    fmt: Mapping[str, str], headers: Sequence[str], rows: Sequence[tuple[int, Sequence[str]]]
) -> tuple[list[ImportRow], list[RowProblem]]:
    """Rows as ImportRows by a field -> header mapping; problems name the line and why."""
    index = {h.strip(): i for i, h in enumerate(headers)}
    missing = [
        header for field, header in fmt.items() if field in ("company",) and header not in index
    ]
    if missing:
        raise BadInput(f"the file has no {', '.join(repr(m) for m in missing)} column")

    def cell(row: Sequence[str], field: str) -> str:
        header = fmt.get(field)
        if header is None or header not in index or index[header] >= len(row):
            return ""
        return row[index[header]].strip()

    out, problems = [], []
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        company = cell(row, "company")
        if not company:
            problems.append(RowProblem(line, "no company name"))
            continue
        amount_text = cell(row, "amount").replace("$", "").replace("€", "").replace("£", "")
        try:
            amount = parse_amount(amount_text) if amount_text else None
        except BadInput:
            problems.append(RowProblem(line, f"amount {amount_text!r} is not a number"))
            continue
        email = cell(row, "email")
        if email and "@" not in email:
            problems.append(RowProblem(line, f"email {email!r} is not an address"))
            continue
        person = " ".join(p for p in (cell(row, "first_name"), cell(row, "last_name")) if p)
        currency = cell(row, "currency").upper()
        out.append(
            ImportRow(
                line=line,
                company=company,
                domain=normalize_domain(cell(row, "website")),
                industry=cell(row, "industry"),
                deal_name=cell(row, "deal_name"),
                amount=amount,
                currency=currency if re.fullmatch(r"[A-Z]{3}", currency) else "",
                stage=cell(row, "stage"),
                person=person,
                title=cell(row, "title"),
                email=email,
                profile_url=cell(row, "profile_url"),
            )
        )
    return out, problems

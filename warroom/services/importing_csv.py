"""Bringing a book in from Salesforce, HubSpot, LinkedIn and Sales Navigator exports.

Matching, not duplicating: a whale matches by web domain, then by its normalized name; a
stakeholder by email, then profile, then name within the whale. A match only fills fields that
are empty here and reports conflicts instead of overwriting what the rep typed, so importing
the same file twice changes nothing. All of it runs in one transaction; a dry run rolls back.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from warroom.domain.changes import Changes, Done
from warroom.domain.errors import BadInput, Refused
from warroom.domain.import_rows import (
    BY_NAME,
    Format,
    ImportRow,
    RowProblem,
    detect,
    header_line,
    normalize_company,
    normalize_domain,
    normalize_profile,
    read_rows,
)
from warroom.domain.whales import Stakeholder
from warroom.services.book import Book
from warroom.services.ids import new_id
from warroom.store import edits, queries
from warroom.store.db import Session

MAPPING = "import.mapping"  # remembered column mappings, one per format


@dataclass(frozen=True)
class Conflict:
    line: int
    what: str
    ours: str
    theirs: str


@dataclass(frozen=True)
class FormerSigner:
    line: int
    person: str
    whale: str  # where they are now
    signed_at: str  # the whale where they signed with us


@dataclass
class CsvReport:
    format: str
    dry_run: bool
    rows: int = 0
    new_whales: int = 0
    updated_whales: int = 0
    new_stakeholders: int = 0
    updated_stakeholders: int = 0
    unchanged: int = 0
    invalid: list[RowProblem] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    former_signers: list[FormerSigner] = field(default_factory=list)


class _DryRun(Exception):
    """Raised at the end of a dry run so the transaction rolls everything back."""


def read_lines(path: Path) -> list[list[str]]:
    """A CSV or .xlsx file (its first sheet) as rows of text; BadInput naming what is wrong."""
    if not path.exists():
        raise BadInput(f"{path}: no such file")
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
            return [
                ["" if value is None else str(value) for value in row]
                for row in sheet.iter_rows(values_only=True)
            ]
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise BadInput(f"{path}: not a readable .xlsx workbook ({exc})") from exc
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    try:
        return list(csv.reader(text.splitlines()))
    except csv.Error as exc:
        raise BadInput(f"{path}: not a readable CSV ({exc})") from exc


def read_file(
    path: Path, forced: str | None, mapping: dict[str, str] | None = None
) -> tuple[Format, list[str], list[tuple[int, list[str]]]]:
    """The format (or the given column mapping), header and numbered rows of an export."""
    lines = read_lines(path)
    if not lines:
        raise BadInput(f"{path}: the file is empty")
    start = header_line(lines)
    headers = lines[start]
    rows = [(start + 2 + i, row) for i, row in enumerate(lines[start + 1 :])]
    found = detect(headers)
    columns = ", ".join(h for h in headers[:8] if h)
    if mapping is not None and found is not None and mapping == dict(found.fields):
        mapping = None  # the tool's own columns, as detected
    if mapping is not None:
        present = {h.strip() for h in headers}
        unknown = [h for h in mapping.values() if h not in present]
        if unknown:
            raise BadInput(f"{path}: no column named {unknown[0]!r}; columns: {columns}")
        if "company" not in mapping:
            raise BadInput("the mapping needs a column for the company (company=COLUMN)")
        if found is None:
            return Format("custom", "Custom columns", (), mapping), headers, rows
        return Format(found.name, f"{found.label} (your columns)", (), mapping), headers, rows
    if forced is not None:
        candidates = [f for f in BY_NAME.values() if f.name.startswith(forced)]
        if found is None or found not in candidates:
            raise BadInput(f"{path}: the headers are not a {forced} export; columns: {columns}")
    if found is None:
        raise BadInput(
            f"{path}: cannot tell which tool made this file from its columns ({columns}); "
            "map them with --map FIELD=COLUMN"
        )
    return found, headers, rows


class CsvImport:
    def __init__(self, book: Book) -> None:
        self.book = book

    def columns(self, path: Path) -> tuple[Format | None, list[str]]:
        """What the file looks like: the tool it came from (if known) and its columns."""
        lines = read_lines(path)
        if not lines:
            raise BadInput(f"{path}: the file is empty")
        headers = [h.strip() for h in lines[header_line(lines)]]
        return detect(headers), headers

    def remembered(self, format_name: str) -> dict[str, str] | None:
        with self.book.store.transaction() as session:
            value = queries.setting(session, f"{MAPPING}.{format_name}")
        return dict(value) if value else None

    def remember(self, format_name: str, mapping: dict[str, str], at: datetime) -> None:
        with self.book.store.transaction() as session:
            edits.set_setting(session, f"{MAPPING}.{format_name}", mapping, at)

    def run(
        self,
        path: Path,
        at: datetime,
        *,
        forced: str | None = None,
        dry_run: bool = False,
        mapping: dict[str, str] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> Done[CsvReport]:
        """Import (or, dry, preview) a file; `stop` returning True cancels, nothing kept."""
        fmt, headers, raw = read_file(path, forced, mapping)
        rows, problems = read_rows(fmt.fields, headers, raw)
        report = CsvReport(fmt.label, dry_run, rows=len(rows), invalid=problems)
        me = self.book.me()
        currency = self.book.team_settings().currency
        try:
            with self.book.store.transaction() as session:
                _Apply(session, report, at, me.id if me else None, currency).rows(rows, stop)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        changed = (
            report.new_whales
            or report.updated_whales
            or report.new_stakeholders
            or report.updated_stakeholders
        )
        return Done(report, Changes(book=True) if changed and not dry_run else Changes())


class _Apply:
    """One import's matching state over one transaction."""

    def __init__(
        self, session: Session, report: CsvReport, at: datetime, owner: str | None, currency: str
    ) -> None:
        self.session, self.report, self.at = session, report, at
        self.owner, self.currency = owner, currency
        summaries = queries.whale_summaries(session)
        self.by_domain = {w.web_domain: w.id for w in summaries if w.web_domain}
        self.by_name = {normalize_company(w.name): w.id for w in summaries}
        self.names = {w.id: w.name for w in summaries}
        self.deals = queries.current_deals(session)
        self.people = queries.stakeholders_of(session)
        self.touched_whales: set[str] = set()
        self.new_whales: set[str] = set()

    def rows(self, rows: list[ImportRow], stop: Callable[[], bool] | None) -> None:
        for row in rows:
            if stop is not None and stop():
                raise Refused("import cancelled: nothing was imported")
            changed = self.whale(row)
            changed = self.person(row) or changed
            if not changed:
                self.report.unchanged += 1
        self.report.updated_whales = len(self.touched_whales - self.new_whales)

    def whale(self, row: ImportRow) -> bool:
        domain = normalize_domain(row.domain)
        whale_id = self.by_domain.get(domain) if domain else None
        whale_id = whale_id or self.by_name.get(normalize_company(row.company))
        if whale_id is None:
            whale_id, deal_id = new_id(), new_id()
            edits.add_whale(
                self.session,
                whale_id,
                row.company.strip(),
                self.at,
                owner_id=self.owner,
                web_domain=domain,
                industry=row.industry,
            )
            edits.add_deal(
                self.session,
                deal_id,
                whale_id,
                self.at,
                size=row.amount or 0,
                currency=row.currency or self.currency,
                solution=row.deal_name,
                opened_on=self.at.date(),
            )
            self.report.new_whales += 1
            self.new_whales.add(whale_id)
            self.by_name[normalize_company(row.company)] = whale_id
            if domain:
                self.by_domain[domain] = whale_id
            self.names[whale_id] = row.company.strip()
            self.session.flush()
            self.deals = queries.current_deals(self.session)
            return True
        changed = False
        name = self.names[whale_id]
        current = queries.whale_fields(self.session, whale_id)
        fills = {}
        for label, column, theirs in (
            ("web domain", "web_domain", domain),
            ("industry", "industry", row.industry),
        ):
            ours = current[column]
            if theirs and not ours:
                fills[column] = theirs
            elif theirs and ours and theirs.lower() != ours.lower():
                self.report.conflicts.append(Conflict(row.line, f"{name}: {label}", ours, theirs))
        if fills:
            edits.fill_whale(self.session, whale_id, fills, self.at)
            changed = True
        deal = self.deals.get(whale_id)
        if row.amount and deal is not None:
            if not deal.size:
                edits.set_deal_size(self.session, deal.id, row.amount, self.at)
                self.deals[whale_id] = replace(deal, size=row.amount)
                changed = True
            elif deal.size != row.amount:
                self.report.conflicts.append(
                    Conflict(row.line, f"{name}: deal size", f"{deal.size:,}", f"{row.amount:,}")
                )
        if changed:
            self.touched_whales.add(whale_id)
        return changed

    def person(self, row: ImportRow) -> bool:
        if not (row.person or row.email):
            return False
        whale_id = self._whale_of(row)
        here = [p for p in self.people if p.whale_id == whale_id]
        match = _match(row, here)
        signer = _match(row, [p for p in self.people if p.whale_id != whale_id and p.signed_before])
        if signer is not None:
            self.report.former_signers.append(
                FormerSigner(
                    row.line,
                    row.person or row.email,
                    self.names.get(whale_id, ""),
                    self.names.get(signer.whale_id, ""),
                )
            )
        if match is None:
            person = Stakeholder(
                new_id(),
                whale_id,
                row.person or row.email,
                row.title,
                "influencer",
                3,
                1,
                row.email,
                row.profile_url,
                False,
                "",
            )
            edits.add_stakeholder(
                self.session,
                person.id,
                whale_id,
                self.at,
                name=person.name,
                title=row.title,
                email=row.email,
                profile_url=row.profile_url,
            )
            self.people.append(person)
            self.report.new_stakeholders += 1
            return True
        filled = match
        for name in ("title", "email", "profile_url"):
            ours, theirs = getattr(match, name), getattr(row, name)
            if theirs and not ours:
                filled = replace(filled, **{name: theirs})
            elif theirs and ours and theirs.lower() != ours.lower():
                self.report.conflicts.append(
                    Conflict(row.line, f"{match.name}: {name}", ours, theirs)
                )
        if filled != match:
            edits.update_stakeholder(self.session, filled, self.at)
            self.people[self.people.index(match)] = filled
            self.report.updated_stakeholders += 1
            return True
        return False

    def _whale_of(self, row: ImportRow) -> str:
        domain = normalize_domain(row.domain)
        found = (self.by_domain.get(domain) if domain else None) or self.by_name.get(
            normalize_company(row.company)
        )
        assert found is not None, "the row's whale was matched or made just before"
        return found


def _match(row: ImportRow, people: list[Stakeholder]) -> Stakeholder | None:
    """A person by email, then profile, then name."""
    if row.email:
        found = [p for p in people if p.email and p.email.lower() == row.email.lower()]
        if found:
            return found[0]
    if row.profile_url:
        profile = normalize_profile(row.profile_url)
        found = [p for p in people if p.profile_url and normalize_profile(p.profile_url) == profile]
        if found:
            return found[0]
    if row.person:
        found = [p for p in people if p.name.lower() == row.person.lower()]
        if found:
            return found[0]
    return None

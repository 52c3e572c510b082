"""Bringing a book in from Salesforce, HubSpot, LinkedIn and Sales Navigator exports.

Matching, not duplicating: a whale matches by web domain, then by its normalized name; a
stakeholder by email, then profile, then name within the whale. A match only fills fields that
are empty here and reports conflicts instead of overwriting what the rep typed, so importing
the same file twice changes nothing. All of it runs in one transaction; a dry run rolls back.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from warroom.domain import csv_text
from warroom.domain.changes import Changes, Done
from warroom.domain.columns import recognize
from warroom.domain.errors import BadInput, Refused
from warroom.domain.import_rows import (
    BY_MEANING,
    BY_NAME,
    Format,
    ImportRow,
    Reading,
    RowProblem,
    detect,
    header_line,
    normalize_company,
    normalize_domain,
    normalize_profile,
    read_rows,
)
from warroom.domain.text import quote
from warroom.domain.whales import Stakeholder
from warroom.domain.words import plural
from warroom.services.book import Book
from warroom.services.ids import new_id
from warroom.store import bulk, edits, people_moves, queries
from warroom.store.db import Session

MAPPING = "import.mapping"  # remembered column mappings, one per format
STAGE_CHOICES = "import.stages"  # the rep's own reading of stage names no table knows
# A workbook is a zip: a small file can unpack to gigabytes. Refuse before unpacking.
XLSX_MAX_BYTES = 200_000_000
XLSX_MAX_CELLS = 5_000_000
PROGRESS_EVERY = 1000


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


@dataclass(frozen=True)
class MovedPerson:
    """Someone we know at one whale whom the file shows at another company: marked as left,
    and a "champion moved in" trigger there."""

    line: int
    person: str
    left: str  # the whale they left
    now_at: str


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
    moved: list[MovedPerson] = field(default_factory=list)
    moved_in: int = 0  # triggers at new whales that people we knew had left for
    read_as: list[str] = field(default_factory=list)  # encoding, separator, numbers, dates
    stages: dict[str, str | None] = field(default_factory=dict)  # file's stage -> ours
    stage_rows: dict[str, int] = field(default_factory=dict)


class _DryRun(Exception):
    """Raised at the end of a dry run so the transaction rolls everything back."""


def read_table(path: Path) -> csv_text.Table:
    """A CSV or .xlsx file (its first sheet) as a header and numbered rows; BadInput naming
    what is wrong and where."""
    if not path.exists():
        raise BadInput(f"{path}: no such file")
    if path.is_dir():
        raise BadInput(f"{path}: that is a folder; choose a CSV or .xlsx file")
    if path.suffix.lower() == ".xlsx":
        records, encoding, separator = _workbook(path), "an Excel workbook", ","
    else:
        try:
            decoded = csv_text.decode(path.read_bytes())
        except OSError as exc:
            raise BadInput(f"{path}: cannot be read ({exc.strerror})") from exc
        except BadInput as exc:
            raise BadInput(f"{path}: {exc}") from exc
        separator, text = csv_text.separator_of(decoded.text)
        first = 2 if text is not decoded.text else 1
        try:
            records = csv_text.parse(text, separator, first)
        except BadInput as exc:
            raise BadInput(f"{path}: {exc}") from exc
        encoding = decoded.encoding
    if not any(any(cell.strip() for cell in record) for _, record in records):
        raise BadInput(f"{path}: the file is empty")
    start = header_line([record for _, record in records])
    return csv_text.table(records, start, encoding, separator)


def _workbook(path: Path) -> list[tuple[int, list[str]]]:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise BadInput(f"{path}: not a readable .xlsx workbook ({exc})") from exc
    if unpacked > XLSX_MAX_BYTES:
        raise BadInput(
            f"{path}: the workbook unpacks to {unpacked // 1_000_000:,} MB; at most "
            f"{XLSX_MAX_BYTES // 1_000_000} MB is read. Save the sheet as CSV instead"
        )
    from openpyxl import load_workbook

    records: list[tuple[int, list[str]]] = []
    cells = 0
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
                cells += len(row)
                if cells > XLSX_MAX_CELLS:
                    raise BadInput(
                        f"{path}: more than {XLSX_MAX_CELLS:,} cells by row {number:,}; "
                        "save the sheet as CSV instead"
                    )
                records.append((number, ["" if v is None else str(v) for v in row]))
        finally:
            book.close()
    except BadInput:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise BadInput(f"{path}: not a readable .xlsx workbook ({quote(str(exc))})") from exc
    return records


def read_file(
    path: Path,
    forced: str | None,
    mapping: dict[str, str] | None = None,
    overrides: dict[str, str] | None = None,
) -> tuple[Format, csv_text.Table]:
    """The format (or the given column mapping) and the table of an export. `mapping` says
    where every field is (the app's boxes); `overrides` only the fields it names, the rest as
    detected (the command line's --map)."""
    table = read_table(path)
    headers = table.headers
    found = detect(headers, list(table.duplicates))
    if overrides:
        # The detected columns this file has (a tool's full list names some it may lack:
        # its 'Currency' refused every --map on a file without one), then the rep's.
        present = set(headers)
        detected = {f: h for f, h in (found.fields if found else {}).items() if h in present}
        mapping = {**detected, **overrides}
    columns = quote(", ".join(h for h in headers[:8] if h), 160)
    if mapping is not None and found is not None and mapping == dict(found.fields):
        mapping = None  # the tool's own columns, as detected
    _refuse_unchosen_twins(
        path, table, mapping if mapping is not None else dict(found.fields) if found else {}
    )
    if mapping is not None:
        present = set(headers)
        unknown = [h for h in mapping.values() if h not in present]
        if unknown:
            raise BadInput(f"{path}: no column named {quote(unknown[0])}; columns: {columns}")
        if "company" not in mapping:
            raise BadInput(
                "no column is chosen for the company (on the command line: --map company=COLUMN)"
            )
        if found is None or found.name == BY_MEANING:
            return Format("custom", "Custom columns", (), mapping), table
        return Format(found.name, f"{found.label} (your columns)", (), mapping), table
    if forced is not None:
        candidates = [f for f in BY_NAME.values() if f.name.startswith(forced)]
        if found is None or found not in candidates:
            raise BadInput(f"{path}: the headers are not a {forced} export; columns: {columns}")
    if found is None:
        shared = csv_text.describe_duplicates(table.duplicates)
        raise BadInput(
            f"{path}: no column says it holds the company ({columns}); "
            + (f"{shared[0]}; " if shared else "")
            + "map them with --map company=COLUMN"
        )
    return found, table


def _refuse_unchosen_twins(path: Path, table: csv_text.Table, chosen: dict[str, str]) -> None:
    """Two columns named alike for a field no column is chosen for: refused, not imported
    without it (an 'Amount' twice had every deal come in at 0)."""
    for name, numbers in table.duplicates.items():
        for meant in recognize([name]):
            if meant not in chosen:
                which = " or ".join(quote(f"{meant}={table.headers[n - 1]}") for n in numbers)
                raise BadInput(
                    f"{path}: columns {', '.join(map(str, numbers))} are all named {quote(name)}:"
                    f" choose the one that holds the {meant.replace('_', ' ')} (on the command "
                    f"line: --map {which})"
                )


class CsvImport:
    def __init__(self, book: Book) -> None:
        self.book = book

    def columns(self, path: Path) -> tuple[Format | None, csv_text.Table]:
        """What the file looks like: the tool it came from (or its columns by meaning) and
        its table."""
        table = read_table(path)
        return detect(table.headers, list(table.duplicates)), table

    def remembered(self, format_name: str) -> dict[str, str] | None:
        with self.book.store.transaction() as session:
            value = queries.setting(session, f"{MAPPING}.{format_name}")
        return dict(value) if isinstance(value, dict) else None

    def stage_choices(self) -> dict[str, str]:
        with self.book.store.transaction() as session:
            value = queries.setting(session, STAGE_CHOICES)
        return dict(value) if isinstance(value, dict) else {}

    def remember(
        self,
        format_name: str,
        mapping: dict[str, str],
        at: datetime,
        stages: dict[str, str] | None = None,
    ) -> None:
        with self.book.store.transaction() as session:
            edits.set_setting(session, f"{MAPPING}.{format_name}", mapping, at)
            if stages:
                known = dict(queries.setting(session, STAGE_CHOICES) or {})
                edits.set_setting(session, STAGE_CHOICES, {**known, **stages}, at)

    def run(
        self,
        path: Path,
        at: datetime,
        *,
        forced: str | None = None,
        dry_run: bool = False,
        mapping: dict[str, str] | None = None,
        overrides: dict[str, str] | None = None,
        stages: dict[str, str] | None = None,
        stop: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Done[CsvReport]:
        """Import (or, dry, preview) a file; `stop` returning True cancels, nothing kept.
        `stages` reads the file's stage names the rep's way (on top of those remembered)."""
        fmt, table = read_file(path, forced, mapping, overrides)
        chosen = {**self.stage_choices(), **(stages or {})}
        rows, problems, reading = read_rows(
            fmt.fields, table.headers, table.rows, separator=table.separator, stages=chosen
        )
        report = CsvReport(
            fmt.label,
            dry_run,
            rows=len(rows),
            invalid=sorted(
                [RowProblem(p.line, p.reason) for p in table.problems] + problems,
                key=lambda p: p.line,
            ),
            read_as=_read_as(table, reading) + _not_read(fmt) + _unpriced(rows),
            stages=reading.stages,
            stage_rows=reading.stage_rows,
        )
        me = self.book.me()
        currency = self.book.team_settings().currency
        try:
            with self.book.store.transaction(write=True) as session:
                apply = _Apply(session, report, at, me.id if me else None, currency)
                apply.rows(rows, stop, progress)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        changed = (
            report.new_whales
            or report.updated_whales
            or report.new_stakeholders
            or report.updated_stakeholders
            or report.moved
        )
        return Done(report, Changes(book=True) if changed and not dry_run else Changes())


def _unpriced(rows: list[ImportRow]) -> list[str]:
    """Closed deals with no amount: taken (a win or loss still teaches), and said."""
    count = sum(1 for row in rows if row.stage == "closed" and row.amount is None)
    if not count:
        return []
    return [f"{plural(count, 'closed deal')} without an amount, kept at 0 as won or lost"]


def _not_read(fmt: Format) -> list[str]:
    """What a file holds that the import leaves: said, so a rep moving a book through our own
    spreadsheet list knows where its people went."""
    if fmt.name != "warroom_whales":
        return []
    return [
        "stakeholders are not read from War Room's list for spreadsheets (the book's own "
        "export, 'warroom export --format json', carries everything)"
    ]


def _read_as(table: csv_text.Table, reading: Reading) -> list[str]:
    said = [table.encoding]
    if table.encoding != "an Excel workbook":
        said.append(f"fields separated by {csv_text.SEPARATOR_NAMES[table.separator]}")
    return said + reading.words() + csv_text.describe_duplicates(table.duplicates)


class _Apply:
    """One import's matching state over one transaction.

    Everything it matches against is read once, up front, and kept in step as rows come in;
    new whales, deals and people are written together at the end through the bulk path, so
    the time grows with the rows, not with their square."""

    def __init__(
        self, session: Session, report: CsvReport, at: datetime, owner: str | None, currency: str
    ) -> None:
        self.session, self.report, self.at = session, report, at
        self.owner, self.currency = owner, currency
        # A new whale goes to the rep the file names, when the team has one of that name;
        # else to whoever imports (the names not found are said).
        self.reps = {rep.name.casefold(): rep.id for rep in queries.reps(session)}
        self.strangers: set[str] = set()
        summaries = queries.whale_summaries(session)
        self.by_domain = {w.web_domain: w.id for w in summaries if w.web_domain}
        self.by_name = {normalize_company(w.name): w.id for w in summaries}
        self.names = {w.id: w.name for w in summaries}
        self.deals = queries.current_deals(session)
        self.fields: dict[str, dict[str, str]] = {}  # whale id -> web domain, industry
        self.people: dict[str, list[Stakeholder]] = {}
        self.signers: list[Stakeholder] = []
        # People still at their whale, by the two marks that say who someone is wherever
        # they work: a file showing one at another company says they moved.
        self.present: dict[str, Stakeholder] = {}
        for person in queries.stakeholders_of(session):
            self.people.setdefault(person.whale_id, []).append(person)
            if person.signed_before:
                self.signers.append(person)
            if person.left_on is None:
                for mark in _identity(person.email, person.profile_url):
                    self.present.setdefault(mark, person)
        self.moves: list[tuple[int, Stakeholder, str]] = []  # line, person, whale moved to
        self.touched_whales: set[str] = set()
        self.new_whales: dict[str, dict[str, Any]] = {}
        self.new_deals: dict[str, dict[str, Any]] = {}  # by whale id
        self.new_people: dict[str, dict[str, Any]] = {}

    def rows(
        self,
        rows: list[ImportRow],
        stop: Callable[[], bool] | None,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        for number, row in enumerate(rows):
            if number % PROGRESS_EVERY == 0:
                if stop is not None and stop():
                    raise Refused("import cancelled: nothing was imported")
                if progress is not None:
                    progress(number, len(rows))
            changed = self.whale(row)
            changed = self.person(row) or changed
            if not changed:
                self.report.unchanged += 1
        bulk.insert_new(self.session, "whales", list(self.new_whales.values()), self.at)
        bulk.insert_new(self.session, "deals", list(self.new_deals.values()), self.at)
        bulk.insert_new(self.session, "stakeholders", list(self.new_people.values()), self.at)
        self.report.updated_whales = len(self.touched_whales - set(self.new_whales))
        new = {whale_id: whale["name"] for whale_id, whale in self.new_whales.items()}
        self.report.moved_in = len(people_moves.announce_moved_in(self.session, new, self.at))
        moved_lines = {line for line, _, _ in self.moves}
        # A signer who moved gets the trigger below: no need to offer it too.
        self.report.former_signers = [
            f for f in self.report.former_signers if f.line not in moved_lines
        ]
        for line, person, to in self.moves:
            people_moves.mark_moved(self.session, person, to, self.names[to], self.at)
            self.report.moved.append(
                MovedPerson(line, person.name, self.names.get(person.whale_id, ""), self.names[to])
            )
        if self.strangers:
            names = ", ".join(sorted(self.strangers)[:5])
            more = len(self.strangers) - 5
            self.report.read_as.append(
                f"owners not in the team ({names}{f' and {more} more' if more > 0 else ''}): "
                "their new whales are yours"
            )
        if progress is not None:
            progress(len(rows), len(rows))

    def whale(self, row: ImportRow) -> bool:
        domain = row.domain  # normalized when read
        whale_id = self.by_domain.get(domain) if domain else None
        plain_name = normalize_company(row.company)
        whale_id = whale_id or self.by_name.get(plain_name)
        if whale_id is None:
            self._new_whale(row, domain, plain_name)
            return True
        changed = False
        name = self.names[whale_id]
        new = self.new_whales.get(whale_id)
        current = new if new is not None else self._fields(whale_id)
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
            current.update(fills)
            if new is None:
                edits.fill_whale(self.session, whale_id, fills, self.at)
            changed = True
        changed = self._deal_size(row, whale_id, name) or changed
        changed = self._close_on(row, whale_id) or changed
        deal = self.deals.get(whale_id)
        if new is None and deal is not None and row.stage_given and row.stage != deal.stage:
            self.report.conflicts.append(
                Conflict(row.line, f"{name}: stage", deal.stage, row.stage)
            )
        if changed:
            self.touched_whales.add(whale_id)
        return changed

    def _new_whale(self, row: ImportRow, domain: str, plain_name: str) -> None:
        whale_id = new_id()
        self.new_whales[whale_id] = {
            "id": whale_id,
            "name": row.company,
            "owner_id": self._owner_of(row),
            "web_domain": domain,
            "industry": row.industry,
        }
        self.new_deals[whale_id] = {
            "id": new_id(),
            "whale_id": whale_id,
            "size": row.amount or 0,
            "currency": row.currency or self.currency,
            "solution": row.deal_name,
            "stage": row.stage,
            "outcome": row.outcome,
            # Without its own, a deal the file closed opened no later than it closed: not a
            # deal new this week (every deal of a file without created dates was).
            "opened_on": row.opened or min(row.closed or self.at.date(), self.at.date()),
            "closed_on": (
                (row.closed or row.opened or self.at.date()) if row.stage == "closed" else None
            ),
            "close_on": row.close_on,
        }
        self.report.new_whales += 1
        self.by_name[plain_name] = whale_id
        if domain:
            self.by_domain[domain] = whale_id
        self.names[whale_id] = row.company

    def _owner_of(self, row: ImportRow) -> str | None:
        if not row.owner:
            return self.owner
        found = self.reps.get(row.owner.casefold())
        if found is None:
            self.strangers.add(row.owner)
        return found or self.owner

    def _fields(self, whale_id: str) -> dict[str, str]:
        if whale_id not in self.fields:
            self.fields[whale_id] = queries.whale_fields(self.session, whale_id)
        return self.fields[whale_id]

    def _deal_size(self, row: ImportRow, whale_id: str, name: str) -> bool:
        if not row.amount:
            return False
        new = self.new_deals.get(whale_id)
        size = new["size"] if new is not None else None
        deal = self.deals.get(whale_id)
        if new is None and deal is not None:
            size = deal.size
        if size is None:
            return False
        if not size:
            if new is not None:
                new["size"] = row.amount
            elif deal is not None:
                edits.set_deal_size(self.session, deal.id, row.amount, self.at)
                self.deals[whale_id] = replace(deal, size=row.amount)
            return True
        if size != row.amount:
            self.report.conflicts.append(
                Conflict(row.line, f"{name}: deal size", f"{size:,}", f"{row.amount:,}")
            )
        return False

    def _close_on(self, row: ImportRow, whale_id: str) -> bool:
        """An open deal's expected close date, where the deal has none yet (the pipeline's
        pushes and slips count from it)."""
        if row.close_on is None:
            return False
        new = self.new_deals.get(whale_id)
        if new is not None:
            if new["close_on"] is None and new["closed_on"] is None:
                new["close_on"] = row.close_on
            return False
        deal = self.deals.get(whale_id)
        if deal is None or deal.closed_on is not None or deal.close_on is not None:
            return False
        edits.set_deal_close_on(self.session, deal.id, row.close_on, self.at)
        self.deals[whale_id] = replace(deal, close_on=row.close_on)
        return True

    def person(self, row: ImportRow) -> bool:
        if not (row.person or row.email):
            return False
        whale_id = self._whale_of(row)
        here = self.people.setdefault(whale_id, [])
        match = _match(row, here)
        signer = _match(row, [p for p in self.signers if p.whale_id != whale_id])
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
            self.new_people[person.id] = {
                "id": person.id,
                "whale_id": whale_id,
                "name": person.name,
                "title": row.title,
                "email": row.email,
                "profile_url": row.profile_url,
            }
            here.append(person)
            self.report.new_stakeholders += 1
            self._moved(row, whale_id)
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
        if filled == match:
            return False
        new = self.new_people.get(match.id)
        if new is not None:
            new.update(title=filled.title, email=filled.email, profile_url=filled.profile_url)
        else:
            edits.update_stakeholder(self.session, filled, self.at)
            self.report.updated_stakeholders += 1
        here[here.index(match)] = filled
        return True

    def _moved(self, row: ImportRow, whale_id: str) -> None:
        """The row shows someone we know at another whale here: they moved."""
        for mark in _identity(row.email, row.profile_url):
            known = self.present.get(mark)
            if known is not None and known.whale_id != whale_id:
                self.moves.append((row.line, known, whale_id))
                for gone in _identity(known.email, known.profile_url):
                    self.present.pop(gone, None)
                return

    def _whale_of(self, row: ImportRow) -> str:
        domain = normalize_domain(row.domain)
        found = (self.by_domain.get(domain) if domain else None) or self.by_name.get(
            normalize_company(row.company)
        )
        assert found is not None, "the row's whale was matched or made just before"
        return found


def _identity(email: str, profile_url: str) -> list[str]:
    """What says who a person is wherever they work: their email, their profile."""
    marks = [f"email:{email.strip().lower()}"] if email.strip() else []
    if profile_url.strip():
        marks.append(f"profile:{normalize_profile(profile_url)}")
    return marks


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

"""Bringing a book in: every tool's sample file, matching instead of duplicating, conflicts
reported not overwritten, dry runs, and the same file twice changing nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom.cli import main
from warroom.domain.errors import BadInput
from warroom.domain.whales import Stakeholder
from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.services.importing_csv import CsvImport
from warroom.services.learning import Learning

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def importer(book: Book) -> CsvImport:
    book.set_me("Avery Chen", "UTC", NOW)
    return CsvImport(book)


def test_salesforce_accounts_then_opportunities_then_contacts(
    importer: CsvImport, book: Book
) -> None:
    first = importer.run(DATA / "salesforce_accounts.csv", NOW).value
    assert (first.format, first.new_whales) == ("Salesforce accounts", 3)
    deals = importer.run(DATA / "salesforce_opportunities.csv", NOW).value
    assert deals.new_whales == 0 and deals.updated_whales == 2  # Initech Inc = "Initech, Inc."
    assert [(p.line, p.reason) for p in deals.invalid] == [
        (4, "amount 'lots' is not a number (read as 1,234.56)")
    ]
    people = importer.run(DATA / "salesforce_contacts.csv", NOW).value
    assert people.new_stakeholders == 2 and [p.line for p in people.invalid] == [4]
    sizes = {w.name: w.deal_size for w in book.whales(NOW)}
    assert sizes == {"Globex Corporation": 1_250_000, "Initech, Inc.": 480_000, "Umbrella GmbH": 0}
    assert {w.web_domain for w in book.whales(NOW)} == {"globex.com", "initech.com", "umbrella.de"}


def test_the_same_file_twice_changes_nothing(importer: CsvImport, book: Book) -> None:
    importer.run(DATA / "hubspot_companies.csv", NOW)
    importer.run(DATA / "hubspot_contacts.csv", NOW)
    before = book.whales(NOW)
    again = importer.run(DATA / "hubspot_contacts.csv", NOW)
    assert (again.value.new_stakeholders, again.value.updated_stakeholders) == (0, 0)
    assert not again.changes
    assert book.whales(NOW) == before


def test_a_match_fills_the_empty_and_reports_the_different(importer: CsvImport, book: Book) -> None:
    whale_id = book.add_whale("Globex", NOW, deal_size=2_000_000).value
    report = importer.run(DATA / "salesforce_opportunities.csv", NOW).value
    assert any(c.what == "Globex: deal size" and c.ours == "2,000,000" for c in report.conflicts)
    assert book.workspace.page(whale_id).definition.deal_size == 2_000_000  # the rep's stays


def test_hubspot_deals_and_salesnav_accounts(importer: CsvImport, book: Book) -> None:
    importer.run(DATA / "hubspot_deals.csv", NOW)
    importer.run(DATA / "salesnav_accounts.csv", NOW)
    names = {w.name: w for w in book.whales(NOW)}
    assert names["Vandelay Industries"].deal_size == 900_000
    assert names["Wayne Enterprises"].web_domain == "wayne.example"


def test_a_former_signer_in_linkedin_connections_is_reported(
    importer: CsvImport, book: Book
) -> None:
    globex = book.add_whale("Globex", NOW).value
    book.workspace.save_stakeholder(
        Stakeholder(
            "",
            globex,
            "Dana Reyes",
            "CFO",
            "economic_buyer",
            5,
            4,
            "",
            "https://www.linkedin.com/in/dana-reyes/",
            True,
            "",
        ),
        NOW,
    )
    report = importer.run(DATA / "Connections.csv", NOW).value
    assert report.format == "LinkedIn connections" and report.new_whales == 2
    # The file shows her (her profile) at Initech: she left Globex, and Initech hears of it.
    assert report.former_signers == []
    [moved] = report.moved
    assert (moved.person, moved.left, moved.now_at) == ("Dana Reyes", "Globex", "Initech")
    [dana] = [p for p in book.workspace.page(globex).stakeholders if p.name == "Dana Reyes"]
    assert dana.left_on == NOW.date() and dana.now_at == "Initech"
    [trigger] = Learning(book).feed(NOW, kind="champion_moved_in")
    assert trigger.whale == "Initech" and "Dana Reyes (CFO at Globex) is now here" in (
        trigger.trigger.note
    )
    # Imported again, she is left where she is: nothing moves twice.
    again = importer.run(DATA / "Connections.csv", NOW).value
    assert again.moved == [] and len(Learning(book).feed(NOW, kind="champion_moved_in")) == 1


def test_an_imported_whale_hears_of_people_who_left_for_it(importer: CsvImport, book: Book) -> None:
    from warroom.services.people import People, PersonEdit

    globex = book.add_whale("Globex", NOW).value
    People(book).save(globex, "Sam Boss", PersonEdit(left=True, now_at="Wayne Enterprises"), NOW)
    report = importer.run(DATA / "Connections.csv", NOW).value
    assert report.moved_in == 1
    [trigger] = Learning(book).feed(NOW, kind="champion_moved_in")
    assert trigger.whale == "Wayne Enterprises" and "Sam Boss" in trigger.trigger.note


def test_a_dry_run_changes_nothing(importer: CsvImport, book: Book) -> None:
    report = importer.run(DATA / "salesforce_accounts.csv", NOW, dry_run=True)
    assert report.value.new_whales == 3 and not report.changes
    assert book.whales(NOW) == []


def test_bad_files_are_one_clear_message(importer: CsvImport, tmp_path: Path) -> None:
    unknown = tmp_path / "x.csv"
    unknown.write_text("Name,Phone\nA,1\n")
    with pytest.raises(BadInput, match="no column says it holds the company"):
        importer.run(unknown, NOW)
    with pytest.raises(BadInput, match="not a hubspot export"):
        importer.run(DATA / "salesforce_accounts.csv", NOW, forced="hubspot")
    binary = tmp_path / "y.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(BadInput, match="not a text file"):
        importer.run(binary, NOW)


def test_the_command_line_imports_and_exports_csv(home: DataFolder, capsys, tmp_path: Path) -> None:
    main(["me", "Avery Chen"])
    capsys.readouterr()
    assert main(["import", str(DATA / "salesforce_accounts.csv"), "--dry-run"]) == 0
    assert "Would import" in capsys.readouterr().out
    assert main(["import", str(DATA / "salesforce_opportunities.csv"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["new_whales"] == 2 and report["invalid"][0]["line"] == 4  # Hooli: bad amount
    out = tmp_path / "whales.csv"
    assert main(["export", "--format", "csv", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("id,name,web_domain") and len(lines) == 3
    assert main(["import", str(DATA / "salesforce_accounts.csv"), "--format", "linkedin"]) == 2


def test_a_cancelled_import_keeps_nothing(importer: CsvImport, book: Book) -> None:
    from warroom.domain.errors import Refused

    with pytest.raises(Refused, match="cancelled"):
        importer.run(DATA / "salesforce_accounts.csv", NOW, stop=lambda: True)
    assert book.whales(NOW) == []


def test_an_xlsx_with_a_mapping(importer: CsvImport, book: Book, tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "sheet.xlsx"
    workbook = Workbook()
    workbook.active.append(["Firm", "Deal value"])
    workbook.active.append(["Acme Rockets", 750000])
    workbook.active.append([None, 5])
    workbook.save(path)
    report = importer.run(path, NOW, mapping={"company": "Firm", "amount": "Deal value"}).value
    assert report.new_whales == 1 and [p.line for p in report.invalid] == [3]
    assert book.whales(NOW)[0].deal_size == 750_000
    with pytest.raises(BadInput, match="no column named 'Nope'"):
        importer.run(path, NOW, mapping={"company": "Nope"})

"""Real files in: what reps' Excel, Salesforce, HubSpot and Pipedrive hand them comes in right,
or is refused line by line. Each file in tests/data/imports is one case, with what it must give."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warroom.domain.errors import BadInput
from warroom.domain.text import clean_name
from warroom.services.book import Book
from warroom.services.exporting import export_csv
from warroom.services.importing_csv import CsvImport
from warroom.services.open_book import OpenBook
from warroom.store.db import open_store

FILES = Path(__file__).parents[1] / "data" / "imports"
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture
def importer(book: Book) -> CsvImport:
    book.set_me("Avery Chen", "UTC", NOW)
    return CsvImport(book)


def _deals(book: Book) -> dict[str, tuple[int, str]]:
    return {w.name: (w.deal_size, w.stage) for w in book.whales(NOW)}


def test_a_western_european_excel_csv_reads_its_accents_amounts_and_dates(
    importer: CsvImport, book: Book
) -> None:
    """Pass: cp1252 with semicolons, "1.234.567,50", "1 234 567" and dotted dates come in, and
    the preview says how the file was read."""
    report = importer.run(FILES / "excel_western_europe.csv", NOW).value
    assert report.invalid == []
    assert _deals(book) == {
        "Société Générale": (1_234_568, "identified"),
        "Müller Logistik GmbH": (750_000, "discovery"),
        "Café Olé": (1_234_567, "closed"),
    }
    said = "; ".join(report.read_as)
    assert "Windows-1252" in said and "semicolons" in said and "1.234,56" in said
    assert "day/month" in said


def test_an_excel_unicode_text_file_reads_as_utf16_with_tabs(
    importer: CsvImport, book: Book
) -> None:
    report = importer.run(FILES / "excel_unicode_text.txt", NOW).value
    assert "UTF-16" in report.read_as and "fields separated by tabs" in report.read_as
    assert _deals(book) == {
        "Zürich Versicherung": (2_500_000, "negotiation"),
        "Åland Bank": (1_200_000, "proposal"),
    }


def test_excels_sep_line_and_plain_headers_need_no_mapping(importer: CsvImport, book: Book) -> None:
    """Pass: "sep=;" decides the separator; "Account Name" and "Amount" are read by meaning;
    "1e9" and "$1,200,000.00" are amounts."""
    report = importer.run(FILES / "excel_sep_line.csv", NOW).value
    assert report.format == "Columns by their names"
    assert _deals(book) == {
        "Globex": (1_000_000_000, "identified"),
        "Initech": (1_200_000, "identified"),
    }


def test_a_custom_salesforce_report_names_negative_and_absurd_amounts_and_reads_its_dates(
    importer: CsvImport, book: Book
) -> None:
    report = importer.run(FILES / "salesforce_custom_report.csv", NOW).value
    assert [(p.line, p.reason) for p in report.invalid] == [
        (2, "amount '(500)' is negative: a deal size is never below zero"),
        (4, "amount '-5' is negative: a deal size is never below zero"),
        (5, "amount '99999999999999999' is more than 10,000,000,000,000: not a deal size"),
    ]
    assert _deals(book) == {"Initech": (750_000, "engaged")}
    assert any("month/day" in said for said in report.read_as)
    with book.store.engine.connect() as connection:
        opened = connection.exec_driver_sql("SELECT opened_on FROM deals").scalar()
    assert opened == date(2026, 12, 25).isoformat()


def test_pipedrive_deals_are_recognized_with_their_people(importer: CsvImport, book: Book) -> None:
    report = importer.run(FILES / "pipedrive_deals.csv", NOW).value
    assert report.format == "Pipedrive deals" and report.new_stakeholders == 2
    assert _deals(book) == {
        "Stark Industries": (480_000, "proposal"),
        "Wayne Enterprises": (1_200_000, "negotiation"),
    }


def test_hubspot_internal_stage_ids_read_as_ours_and_an_unknown_one_can_be_mapped(
    importer: CsvImport, book: Book
) -> None:
    """Pass: the preview lists each stage with ours (None: unknown); the rep's choice for the
    unknown one is used and remembered for the next file."""
    preview = importer.run(FILES / "hubspot_internal_stages.csv", NOW, dry_run=True).value
    assert preview.stages == {
        "appointmentscheduled": "engaged",
        "qualifiedtobuy": "discovery",
        "contractsent": "negotiation",
        "Our Own Weird Stage": None,
    }
    importer.run(
        FILES / "hubspot_internal_stages.csv", NOW, stages={"Our Own Weird Stage": "proposal"}
    )
    importer.remember("hubspot_deals", {}, NOW, {"Our Own Weird Stage": "proposal"})
    assert _deals(book)["Delta"] == (400_000, "proposal")
    assert importer.stage_choices() == {"Our Own Weird Stage": "proposal"}


def test_quoted_newlines_u2028_and_bad_quotes_are_never_merged_silently(
    importer: CsvImport, book: Book
) -> None:
    """Pass: a quoted newline and a U+2028 stay inside their field (names are one line); a
    quote that swallows the next rows and a row with an extra field are reported by line."""
    report = importer.run(FILES / "awkward_rows.csv", NOW).value
    assert sorted(_deals(book)) == ["Deal with newline", "Ok", "Sep tember"]
    assert [(p.line, p.reason.split(";")[0]) for p in report.invalid] == [
        (5, "a quote opened on line 5 closes on line 7, so lines 5-7 read as one row"),
        (8, "5 fields where the header has 4"),
    ]


@pytest.mark.parametrize(
    ("name", "line"), [("unclosed_quote.csv", 3), ("semicolons_unclosed_quote.csv", 6)]
)
def test_a_quote_that_never_closes_is_refused_with_its_line(
    importer: CsvImport, name: str, line: int
) -> None:
    """Pass: named by its line, also in a European semicolon file whose decimal commas had
    made it look like a comma file of one column once the quote swallowed the rest."""
    with pytest.raises(BadInput, match=f"line {line}: cannot be read as CSV"):
        importer.run(FILES / name, NOW)


def test_duplicate_header_names_are_reported_and_must_be_mapped(
    importer: CsvImport, book: Book
) -> None:
    # Not imported without the field the twins hold: people would come in without emails.
    with pytest.raises(BadInput, match="columns 2, 3 are all named 'Email': choose the one"):
        importer.run(FILES / "duplicate_headers.csv", NOW)
    mapped = importer.run(
        FILES / "duplicate_headers.csv",
        NOW,
        mapping={"company": "Company", "email": "Email (column 3)"},
    ).value
    assert mapped.new_stakeholders == 1


def test_a_zip_bomb_workbook_is_refused_before_it_unpacks(
    importer: CsvImport, tmp_path: Path
) -> None:
    """Pass: a small .xlsx that would unpack to 300 MB is refused, saying so in one short line."""
    bomb = tmp_path / "bomb.xlsx"
    chunk = b"<c>" + b"0" * (1 << 20)
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(300):
            member.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(BadInput, match="unpacks to 314 MB") as refused:
        importer.run(bomb, NOW)
    assert len(str(refused.value)) < 300


def test_messages_quote_at_most_80_characters_of_the_file(
    importer: CsvImport, tmp_path: Path
) -> None:
    long = tmp_path / "long.csv"
    long.write_text("Company,Amount\nGlobex," + "9" * 5000 + "x\n")
    report = importer.run(long, NOW, dry_run=True).value
    assert len(report.invalid[0].reason) < 200


awkward = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
).filter(lambda name: _clean(name) == name)


def _clean(name: str) -> str:
    try:
        return clean_name(name)
    except BadInput:
        return ""


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    whales=st.dictionaries(
        awkward, st.integers(min_value=0, max_value=10**12), min_size=1, max_size=8
    )
)
def test_whales_exported_to_csv_come_back_the_same_into_an_empty_book(
    tmp_path_factory: pytest.TempPathFactory, whales: dict[str, int]
) -> None:
    """Pass: whales with awkward names (quotes, separators, formulas, accents) exported to
    CSV and imported into an empty book are the same whales with the same deal sizes."""
    from warroom.domain.import_rows import normalize_company

    if len({normalize_company(name) for name in whales}) < len(whales):
        return  # names one company by our matching rule would merge: not a round-trip case
    folder = tmp_path_factory.mktemp("round")
    source = OpenBook(open_store(folder / "a.sqlite", at=NOW))
    source.apply("Me", lambda b: b.book.set_me("Avery", "UTC", NOW))
    for name, size in whales.items():
        source.apply("Add", lambda b, n=name, s=size: b.book.add_whale(n, NOW, deal_size=s))
    out = folder / "whales.csv"
    export_csv(source.book.whales(NOW), out)
    source.close()
    target = OpenBook(open_store(folder / "b.sqlite", at=NOW))
    try:
        target.apply("Me", lambda b: b.book.set_me("Avery", "UTC", NOW))
        report = CsvImport(target.book).run(out, NOW).value
        assert report.invalid == []
        assert {w.name: w.deal_size for w in target.book.whales(NOW)} == whales
        assert any("stakeholders are not read" in said for said in report.read_as)
    finally:
        target.close()


def test_a_currency_sign_in_the_amount_is_the_deals_currency(
    importer: CsvImport, book: Book
) -> None:
    importer.run(FILES / "excel_unicode_text.txt", NOW)
    assert {w.name: w.currency for w in book.whales(NOW)}["Åland Bank"] == "EUR"


def test_the_command_line_maps_one_column_and_detects_the_rest(
    home: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pass: `--map email="Email (column 3)"` picks the second Email column; the company column
    is still found by its name; a --stage naming no stage of the file is said so."""
    from warroom.cli import main

    main(["me", "Avery Chen"])
    code = main(
        [
            "import",
            str(FILES / "duplicate_headers.csv"),
            "--map",
            "email=Email (column 3)",
            "--stage",
            "Typo=proposal",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and "1 new stakeholder," in out
    assert "--stage 'Typo': no row of the file has that stage" in out


def test_a_closed_deal_closes_on_the_date_the_file_gives(
    importer: CsvImport, book: Book, tmp_path: Path
) -> None:
    """Pass: a loss closed in March counts from March (not from the day of the import, where
    it would have been this week's loss); an open deal's expected close date is not a close
    but its expected close date (the pipeline counts pushes from it), written also into an
    open deal the book has without one; a closed deal with no date closes on the day it
    opened, else the import's."""
    path = tmp_path / "crm.csv"
    path.write_text(
        "Account Name,Amount,Stage,Created Date,Close Date\n"
        "US One Inc,1000,Closed Lost,01/15/2026,03/04/2026\n"
        "Open Co,2000,Prospecting,02/01/2026,12/20/2026\n"
        "Undated Won Co,3000,Closed Won,02/10/2026,\n"
    )
    report = importer.run(path, NOW).value
    assert report.invalid == []
    with book.store.transaction() as session:
        found = session.connection().exec_driver_sql(
            "SELECT w.name, d.closed_on FROM deals d JOIN whales w ON w.id = d.whale_id"
        )
        closed = {name: closed_on for name, closed_on in found}
    assert closed == {
        "US One Inc": date(2026, 3, 4).isoformat(),
        "Open Co": None,
        "Undated Won Co": date(2026, 2, 10).isoformat(),
    }
    with book.store.transaction() as session:
        found = session.connection().exec_driver_sql(
            "SELECT w.name, d.close_on FROM deals d JOIN whales w ON w.id = d.whale_id"
        )
        expected = {name: close_on for name, close_on in found}
    assert expected["Open Co"] == date(2026, 12, 20).isoformat()
    assert expected["US One Inc"] is None
    book.add_whale("Dated Later Co", NOW, deal_size=5000)
    path.write_text(
        "Account Name,Amount,Stage,Close Date\nDated Later Co,5000,Prospecting,01/31/2027\n"
    )
    assert importer.run(path, NOW).value.updated_whales == 1
    with book.store.transaction() as session:
        found = session.connection().exec_driver_sql(
            "SELECT d.close_on FROM deals d JOIN whales w ON w.id = d.whale_id"
            " WHERE w.name = 'Dated Later Co'"
        )
        assert found.scalar() == date(2027, 1, 31).isoformat()


def test_a_new_whale_goes_to_the_rep_the_file_names(
    importer: CsvImport, book: Book, tmp_path: Path
) -> None:
    """Pass: an owner the team has (any case) owns the new whale; one it has not is said, and
    that whale is the importer's."""
    from warroom.domain.records import Rep
    from warroom.store import edits

    with book.store.transaction(write=True) as session:
        nina = Rep("r-nina", "Nina Kowalski", "", "UTC", time(12), (0, 1, 2, 3, 4))
        edits.add_rep(session, nina, NOW)
    path = tmp_path / "crm.csv"
    path.write_text(
        "Account Name,Amount,Opportunity Name,Opportunity Owner\n"
        "Hers Inc,1000,Platform,nina kowalski\n"
        "Stranger Co,2000,Platform,Pat Unknown\n"
    )
    report = importer.run(path, NOW).value
    owners = {w.name: w.owner for w in book.whales(NOW)}
    assert owners == {"Hers Inc": "Nina Kowalski", "Stranger Co": "Avery Chen"}
    assert "owners not in the team (Pat Unknown): their new whales are yours" in report.read_as


def test_map_on_a_tools_file_missing_some_of_its_columns_is_taken(
    home: object, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Pass: a HubSpot deals export with no 'Currency' nor 'Associated Company' column reads
    its 'Company name' by itself, and `--map company=...` on it is taken (it was refused:
    "no column named 'Currency'"); `deal` then says a deal the file closed is closed on its
    day (it said "no close date set")."""
    from warroom.cli import main

    path = tmp_path / "hubspot.csv"
    path.write_text(
        "Company name,Company Domain Name,Deal Name,Amount,Deal Stage,Close Date\n"
        "Acme,acme.com,Rollout,1200000,contractsent,2027-01-31\n"
        "Globex,globex.com,Renewal,50000,closedwon,2026-10-05\n",
        encoding="utf-8",
    )
    main(["me", "Avery Chen"])
    capsys.readouterr()
    assert main(["import", str(path), "--dry-run", "--map", "company=Company name"]) == 0
    assert "Would import" in capsys.readouterr().out
    assert main(["import", str(path)]) == 0
    capsys.readouterr()
    assert main(["deal", "Globex"]) == 0
    assert "closed 2026-10-05" in capsys.readouterr().out


def test_a_deal_closed_before_the_import_is_not_a_new_deal_in_the_pipeline(
    importer: CsvImport, book: Book, tmp_path: Path
) -> None:
    """Pass: a file without created dates: its loss closed in September opened no later (it
    was 'a new deal' this week, opened two months after it closed); its open deal opened
    with the import."""
    from warroom.services.pipeline import Pipeline

    path = tmp_path / "crm.csv"
    path.write_text(
        "Account Name,Amount,Stage,Close Date\n"
        "Zeta SA,1000,Closed Lost,09/15/2026\n"
        "Open Co,2000,Prospecting,12/20/2026\n"
    )
    importer.run(path, NOW)
    with book.store.transaction() as session:
        found = session.connection().exec_driver_sql(
            "SELECT w.name, d.opened_on FROM deals d JOIN whales w ON w.id = d.whale_id"
        )
        opened = dict(found.all())
    assert opened == {"Zeta SA": "2026-09-15", "Open Co": NOW.date().isoformat()}
    _, moved = Pipeline(book).moved(NOW, NOW - timedelta(days=7))
    assert [m.whale for m in moved] == ["Open Co"]

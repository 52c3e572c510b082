"""Reading other tools' exports: detection by headers, company names, rows with line numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.import_rows import (
    BY_NAME,
    detect,
    normalize_company,
    normalize_domain,
    read_rows,
)


@pytest.mark.parametrize(
    ("headers", "name"),
    [
        (["Opportunity Name", "Account Name", "Amount", "Stage"], "salesforce_opportunities"),
        (["First Name", "Last Name", "Title", "Account Name", "Email"], "salesforce_contacts"),
        (["Account Name", "Account Owner", "Website"], "salesforce_accounts"),
        (["Record ID", "Deal Name", "Deal Stage", "Amount"], "hubspot_deals"),
        (["First Name", "Last Name", "Email", "Company Name"], "hubspot_contacts"),
        (["Company name", "Company Domain Name"], "hubspot_companies"),
        (
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position"],
            "linkedin_connections",
        ),
        (["Account Name", "Industry", "Employees", "Website"], "salesnav_accounts"),
    ],
)
def test_each_tool_is_told_by_its_headers(headers: list[str], name: str) -> None:
    found = detect(headers)
    assert found is not None and found.name == name


def test_an_unknown_file_is_not_guessed() -> None:
    assert detect(["Name", "Phone"]) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Globex Corporation", "GLOBEX"),
        ("Initech, Inc.", "Initech Inc"),
        ("Umbrella GmbH", "umbrella"),
        ("Stark Industries Ltd.", "Stark Industries"),
        # An abbreviation's dots: 'S.A.' is the 'SA' a CRM writes (they made two whales).
        ("Foo S.A.", "Foo SA"),
        ("Baz N.V.", "Baz"),
        ("Nestlé S.A.", "Nestle SA"),  # and an accent one export kept and another lost
        ("Müller GmbH", "MULLER"),
        ("Ferrari S.p.A.", "Ferrari"),
        ("J.P. Morgan Chase & Co.", "JP Morgan Chase"),
    ],
)
def test_company_names_match_across_case_punctuation_and_legal_suffixes(a: str, b: str) -> None:
    assert normalize_company(a) == normalize_company(b)


def test_different_companies_stay_different() -> None:
    assert normalize_company("Globex") != normalize_company("Globex Europe")
    assert normalize_company("Acme.Rockets") == normalize_company("Acme Rockets")
    assert normalize_company("Sa Pa") != normalize_company("Sapa")


@given(st.text(max_size=40))
def test_normalizing_a_name_twice_changes_nothing(name: str) -> None:
    once = normalize_company(name)
    assert normalize_company(once) == once


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("https://www.Globex.com/about", "globex.com"),
        ("globex.com", "globex.com"),
        ("http://globex.com?x=1", "globex.com"),
        ("", ""),
    ],
)
def test_domains(text: str, domain: str) -> None:
    assert normalize_domain(text) == domain


def test_rows_keep_their_line_and_bad_ones_say_why() -> None:
    fmt = BY_NAME["salesforce_opportunities"].fields
    headers = ["Opportunity Name", "Account Name", "Amount"]
    rows, problems, _ = read_rows(
        fmt,
        headers,
        [
            (2, ["Globex deal", "Globex", "$1,250,000"]),
            (3, ["No company", "", "5"]),
            (4, ["Bad amount", "Hooli", "lots"]),
            (5, ["", "", ""]),
        ],
    )
    assert [(r.line, r.company, r.amount) for r in rows] == [(2, "Globex", 1_250_000)]
    assert [(p.line, p.reason) for p in problems] == [
        (3, "no company name"),
        (4, "amount 'lots' is not a number (read as 1,234.56)"),
    ]


@given(st.lists(st.tuples(st.text(max_size=12), st.text(max_size=12)), max_size=20))
def test_reading_any_cells_never_raises_and_keeps_lines(cells: list[tuple[str, str]]) -> None:
    fmt = BY_NAME["salesforce_contacts"].fields
    headers = ["First Name", "Account Name"]
    rows, problems, _ = read_rows(fmt, headers, [(i + 2, list(c)) for i, c in enumerate(cells)])
    lines = [r.line for r in rows] + [p.line for p in problems]
    assert len(lines) == len(set(lines)) and all(2 <= n <= len(cells) + 1 for n in lines)


@pytest.mark.parametrize(
    ("headers", "tool", "placed"),
    [
        # A Salesforce contacts report with the account's website and industry added.
        (
            ["Account Name", "Website", "Industry", "First Name", "Last Name", "Email"],
            "salesforce_contacts",
            {"website": "Website", "industry": "Industry"},
        ),
        # Opportunities with their created date: each deal's opening, not the import's day.
        (
            ["Account Name", "Opportunity Name", "Amount", "Stage", "Created Date"],
            "salesforce_opportunities",
            {"opened": "Created Date"},
        ),
        # HubSpot deals whose company column is 'Company name' (refused) and its domain.
        (
            ["Company name", "Company Domain Name", "Deal Name", "Amount", "Deal Stage"],
            "hubspot_deals",
            {"company": "Company name", "website": "Company Domain Name"},
        ),
    ],
)
def test_a_tools_file_with_more_columns_reads_them_by_their_names(
    headers: list[str], tool: str, placed: dict[str, str]
) -> None:
    found = detect(headers)
    assert found is not None and found.name == tool
    assert placed.items() <= dict(found.fields).items()


def test_a_tools_own_file_is_read_by_its_own_columns() -> None:
    from warroom.domain.import_rows import BY_NAME

    assert (
        detect(["Opportunity Name", "Account Name", "Amount"])
        is BY_NAME["salesforce_opportunities"]
    )


@pytest.mark.parametrize(
    ("theirs", "ours", "outcome"),
    [
        ("Angebot", "proposal", None),
        ("Verhandlung", "negotiation", None),
        ("Proposition", "proposal", None),
        ("Négociation", "negotiation", None),
        ("Propuesta", "proposal", None),
        ("Gewonnen", "closed", "won"),
        ("Perdu", "closed", "lost"),
        ("Value Proposition", "discovery", None),  # Salesforce's, not French
    ],
)
def test_a_european_teams_stage_names_are_read_as_ours(
    theirs: str, ours: str, outcome: str | None
) -> None:
    """Pass: the stage names a German, French or Spanish team gives its pipeline are read
    without a mapping (they were all 'not a stage we know'), a win or a loss as such."""
    from warroom.domain.columns import outcome_of, stage_of

    assert stage_of(theirs) == ours
    assert (outcome_of(theirs) if ours == "closed" else None) == outcome


def test_a_german_salesforce_export_has_its_owner_read() -> None:
    """Pass: 'Verkaufschance-Inhaber' (Salesforce's opportunity owner, in German) is the
    owner column (the import said the file had none)."""
    from warroom.domain.columns import recognize

    found = recognize(["Firma", "Betrag", "Phase", "Verkaufschance-Inhaber"])
    assert found["owner"] == "Verkaufschance-Inhaber" and found["company"] == "Firma"

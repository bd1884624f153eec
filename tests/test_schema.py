"""The activity schema: the one definition of what a sector reports, its code lists, the clean table's contract
and how a problem is told to a referent."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.errors
import pytest

from intl_report import schema
from intl_report.cleaning import clean_table
from intl_report.reading import read_workbook
from intl_report.schema import COLUMNS, Problem, pandera_schema

from .conftest import activity, write_workbook

CODE_LISTS = [schema.ACTIVITY_TYPES, schema.STATUSES, schema.FUNDING_SOURCES, schema.CITY_ROLES]


def test_every_column_has_its_own_name_and_header_and_the_coded_ones_their_list():
    assert len({c.name for c in COLUMNS}) == len({c.header for c in COLUMNS}) == len(COLUMNS)
    assert all(schema.column(c.name) is c for c in COLUMNS)
    assert {c.name for c in COLUMNS if c.required} == {"title", "type", "start_date"}
    assert all((c.codes is not None) == (c.kind == "code") for c in COLUMNS)
    assert [c.name for c in COLUMNS if c.personal] == ["referent"]  # never in the report
    assert set(schema.LIST_COLUMNS) == {c.name for c in COLUMNS if c.kind in schema.LIST_KINDS} | {"partner_continents"}


@pytest.mark.parametrize("codes", CODE_LISTS, ids=lambda codes: codes.name)
def test_a_code_list_labels_its_codes_in_both_languages_and_leaves_others_as_they_are(codes):
    assert len(set(codes.values)) == len(codes.values) == len(codes.codes)
    for code in codes.codes:
        assert codes.label(code.code) == code.it and codes.label(code.code, "en") == code.en
    assert codes.label("non_in_elenco", "en") == "non_in_elenco"
    assert schema.STATUSES.label("in_corso", "en") == "ongoing"


def test_known_network_spellings_lead_to_known_networks():
    assert set(schema.NETWORK_ALIASES.values()) <= set(schema.KNOWN_NETWORKS)
    assert not set(schema.NETWORK_ALIASES) & set(schema.KNOWN_NETWORKS)


@pytest.fixture
def clean(tmp_path) -> pd.DataFrame:
    """One valid activity, as the cleaning makes it."""
    return clean_table(read_workbook(write_workbook(tmp_path / "sport.xlsx", [activity()])), "sport", 2025).clean


def failures(frame: pd.DataFrame) -> set[tuple[str | None, str]]:
    with pytest.raises(pandera.errors.SchemaErrors) as info:
        pandera_schema().validate(frame, lazy=True)
    cases = info.value.failure_cases
    return {(column if isinstance(column, str) else None, str(check)) for column, check in
            zip(cases["column"], cases["check"], strict=True)}


def test_the_contract_accepts_a_clean_activity(clean):
    assert len(pandera_schema().validate(clean, lazy=True)) == 1


def test_the_contract_refuses_an_end_before_the_start(clean):
    clean.loc[0, "end_date"] = pd.Timestamp(2024, 12, 31)
    assert {check for _, check in failures(clean)} == {"Data fine precedente alla data inizio"}


@pytest.mark.parametrize(("column", "value"), [
    ("type", "workshop"), ("status", "chiusa"), ("partner_countries", ["XX"]), ("sdgs", [18]),
    ("other_sectors", ["ufficio-inesistente"]), ("total_budget", -1.0), ("title", "  "),
])
def test_the_contract_refuses_a_value_outside_its_column(clean, column, value):
    clean[column] = pd.Series([value], dtype=object if not isinstance(value, float) else float)
    assert {found for found, _ in failures(clean)} == {column}


def test_a_problem_as_json_keeps_the_contract_keys_and_shows_any_value_as_text():
    problem = Problem("sport.xlsx", "Attività", 3, "Data inizio", dt.datetime(2025, 2, 3), "error", "data", "start_date")
    assert problem.as_dict() == {"file": "sport.xlsx", "sheet": "Attività", "row": 3, "column": "Data inizio",
                                 "value": "2025-02-03 00:00:00", "severity": "error", "message": "data"}
    assert Problem("x.xlsx", None, None, None, 12.5, "warning", "m").as_dict()["value"] == 12.5


def test_a_problem_sentence_says_only_what_is_known():
    whole_file = Problem("rotto.xlsx", None, None, None, None, "error", "il file è danneggiato")
    assert whole_file.sentence() == "ERRORE – rotto.xlsx: il file è danneggiato"
    warning = Problem("sport.xlsx", "Attività", 4, None, "", "warning", "riga nascosta")
    assert warning.sentence() == "AVVISO – sport.xlsx, foglio «Attività», riga 4: riga nascosta"


def test_the_cleanings_own_output_keeps_the_contract(make_workbook):
    """The contract really runs on the clean table: a whole-table mismatch (a dtype pandas changed) is a bug that
    must fail loudly, not a validation quietly skipped."""
    result = clean_table(read_workbook(make_workbook([activity(), activity(Titolo="Seconda attività")])), "sport",
                         2025)
    assert len(result.clean) == 2
    validated = pandera_schema().validate(result.clean, lazy=True)
    assert list(validated["title"]) == ["Eurocities Social Affairs Forum 2025", "Seconda attività"]


def test_a_problem_sentence_and_the_contracts_words_follow_intl_report_language(clean, monkeypatch):
    problem = Problem("sport.xlsx", "Attività", 3, "Data inizio", "da definire", "error", "data non riconosciuta")
    assert problem.sentence() == ("ERRORE – sport.xlsx, foglio «Attività», riga 3, colonna «Data inizio»: "
                                  "data non riconosciuta (valore trovato: «da definire»)")
    monkeypatch.setenv("INTL_REPORT_LANGUAGE", "en")
    assert problem.sentence() == ("ERROR – sport.xlsx, sheet “Attività”, row 3, column “Data inizio”: "
                                  "data non riconosciuta (value found: “da definire”)")
    clean.loc[0, "end_date"] = pd.Timestamp(2024, 12, 31)
    assert {check for _, check in failures(clean)} == {"End date before the start date"}

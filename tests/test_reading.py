import openpyxl
import pytest

from intl_report.containers import WorkbookError
from intl_report.reading import match_header, read_workbook

from .conftest import activity, write_workbook


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Data di inizio", "start_date"),
        ("  DATA\nINIZIO ", "start_date"),
        ("Start date", "start_date"),
        ("Paese", "partner_countries"),
        ("Nazioni partner", "partner_countries"),
        ("Budget (euro)", "total_budget"),
        ("Città ed enti partner", "partner_cities"),
        ("citta ed enti partner", "partner_cities"),
        ("Titolo", "title"),
    ],
)
def test_headers_are_matched_through_case_accents_and_synonyms(header, name):
    assert match_header(header).name == name


def test_header_row_is_found_below_title_rows_and_excel_row_numbers_are_kept(make_workbook):
    path = make_workbook([activity(), activity(Titolo="Seconda")], title_rows=3)
    table = read_workbook(path)
    assert table.header_row == 4
    assert [row for row, _ in table.rows] == [5, 6]


def test_empty_rows_are_skipped_but_row_numbers_stay_those_of_excel(tmp_path):
    path = tmp_path / "x.xlsx"
    write_workbook(path, [activity(), {}, activity(Titolo="Dopo la riga vuota")])
    table = read_workbook(path)
    assert [row for row, _ in table.rows] == [3, 5]


def test_activity_sheet_is_found_by_content_when_it_is_not_the_first(tmp_path):
    path = write_workbook(tmp_path / "x.xlsx", [activity()])
    workbook = openpyxl.load_workbook(path)
    notes = workbook.create_sheet("Note", 0)
    notes["A1"] = "Istruzioni per la compilazione"
    workbook.save(path)
    assert read_workbook(path).sheet == "Attività"


def test_unknown_columns_are_a_warning_not_an_error(make_workbook):
    headers = ["Titolo", "Tipologia", "Data inizio", "Colonna personale"]
    path = make_workbook([{"Titolo": "A", "Tipologia": "altro", "Data inizio": "01/01/2025", "Colonna personale": 1}],
                         headers=headers)
    table = read_workbook(path)
    assert [(p.severity, p.column) for p in table.problems] == [("warning", "Colonna personale")]


def test_missing_required_column_names_the_column_in_italian(make_workbook):
    path = make_workbook([{"Titolo": "A"}], headers=["Titolo", "Descrizione", "Stato", "Data inizio"])
    with pytest.raises(WorkbookError, match="Tipologia"):
        read_workbook(path)


def test_a_workbook_without_a_recognisable_header_is_refused(tmp_path):
    path = tmp_path / "x.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["nulla", "di", "utile"])
    workbook.save(path)
    with pytest.raises(WorkbookError, match="intestazione"):
        read_workbook(path)

import openpyxl
import pytest

from intl_report.containers import WorkbookError
from intl_report.reading import match_header, read_workbook

from . import corpus
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


def test_a_visible_sheet_wins_over_a_hidden_copy_with_the_same_header(tmp_path):
    # A referent hides last year's sheet rather than deleting it: this year's visible one is the one read.
    path = write_workbook(tmp_path / "x.xlsx", [activity(Titolo="Quest'anno")])
    workbook = openpyxl.load_workbook(path)
    old = workbook.copy_worksheet(workbook["Attività"])
    old.title = "Attività 2024"
    old.cell(row=2, column=1).value = "L'anno scorso"
    old.sheet_state = "hidden"
    workbook.move_sheet(old, offset=-len(workbook.sheetnames) + 1)  # first, before the visible one
    workbook.save(path)
    assert openpyxl.load_workbook(path).sheetnames[0] == "Attività 2024"
    table = read_workbook(path)
    assert table.sheet == "Attività"


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


# --------------------------------------------------------------------------- formatting is not data

_MEASURE = """
import json, sys, time
from intl_report.reading import read_workbook

def memory_kb(field):  # Linux: the process's resident memory now (VmRSS) and at its peak (VmHWM)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))

before = memory_kb("VmRSS")
started = time.perf_counter()
table = read_workbook(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - started, "rows": len(table.rows),
                  "grown_kb": memory_kb("VmHWM") - before}))
"""


@pytest.mark.parametrize("build", [corpus.build_empty_rows_to_the_last_row, corpus.build_libreoffice_ods],
                         ids=["xlsx-empty-rows", "ods-repeated-empty-rows"])
def test_rows_formatted_down_to_the_last_one_cost_calamine_little_time_and_memory(tmp_path, build):
    # In a process of its own: calamine's memory is not Python's, and only the process's peak shows it.
    import json
    import subprocess
    import sys

    path = build(tmp_path)
    run = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True)
    measured = json.loads(run.stdout)
    assert measured["rows"] == 3
    assert measured["seconds"] < 10
    assert measured["grown_kb"] < 64 * 1024  # a grid of a million rows by five columns would be several hundred MB


def test_the_grid_calamine_reads_ends_with_the_last_value_not_the_last_formatted_cell(tmp_path):
    from intl_report.containers import check_container
    from intl_report.reading import _grid

    path = corpus.build_style_only_cells_to_the_last_row(tmp_path)
    [sheet] = _grid(path, check_container(path))
    assert (len(sheet.values), {len(row) for row in sheet.values}) == (6, {5})
    assert [row[0] for row in sheet.values[3:]] == corpus.LIBREOFFICE_TITLES

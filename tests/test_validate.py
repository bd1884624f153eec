"""What the validator finds and how it says it: ``intl-report validate`` on sector workbooks, and the annotated copy."""

import json
from pathlib import Path

import pytest

from intl_report.cli import main
from intl_report.validate import annotate, sector_of, validate_file

from .conftest import HEADERS, activity, write_workbook


def test_validate_exits_0_for_a_valid_file_and_prints_a_verdict(tmp_path, capsys):
    path = write_workbook(tmp_path / "sport.xlsx", [activity()])
    assert main(["validate", str(path)]) == 0
    assert "sport.xlsx: valido" in capsys.readouterr().out


def test_validate_json_lists_each_problem_with_the_contract_keys(tmp_path, capsys):
    path = write_workbook(tmp_path / "sport.xlsx", [activity(), activity(Tipologia="workshop")])
    assert main(["validate", "--format", "json", str(path)]) == 1
    problems = json.loads(capsys.readouterr().out)
    error = next(p for p in problems if p["severity"] == "error")
    assert set(error) == {"file", "sheet", "row", "column", "value", "severity", "message"}
    assert (error["file"], error["sheet"], error["row"], error["column"], error["value"]) == (
        "sport.xlsx", "Attività", 4, "Tipologia", "workshop")


def test_validate_text_names_file_sheet_row_column_value_and_expectation(tmp_path, capsys):
    path = write_workbook(tmp_path / "sport.xlsx", [activity(**{"Data inizio": "da definire"})])
    assert main(["validate", str(path)]) == 1
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("ERRORE"))
    for part in ("sport.xlsx", "foglio «Attività»", "riga 3", "colonna «Data inizio»", "«da definire»", "gg/mm/aaaa"):
        assert part in line


def test_validate_a_file_of_the_whole_file_kind_has_null_row(tmp_path, capsys):
    path = tmp_path / "rotto.xlsx"
    path.write_bytes(b"PK\x03\x04 troncato")
    assert main(["validate", "--format", "json", str(path)]) == 1
    [problem] = json.loads(capsys.readouterr().out)
    assert problem["row"] is None and problem["column"] is None and problem["severity"] == "error"


def test_validate_annotate_marks_the_cell_and_leaves_the_original_untouched(tmp_path):
    import openpyxl

    path = write_workbook(tmp_path / "sport.xlsx", [activity(Tipologia="workshop")])
    before = path.read_bytes()
    assert main(["validate", "--annotate", str(tmp_path / "annotati"), str(path)]) == 1
    assert path.read_bytes() == before
    sheet = openpyxl.load_workbook(tmp_path / "annotati" / "sport.xlsx")["Attività"]
    cell = sheet.cell(row=3, column=4)  # Tipologia
    assert cell.comment is not None and "elenco" in cell.comment.text
    assert cell.fill.start_color.rgb.endswith("FFC7CE")


def test_validate_verdict_counts_in_correct_italian(tmp_path, capsys):
    path = write_workbook(tmp_path / "sport.xlsx", [activity(Tipologia="workshop")])
    main(["validate", str(path)])
    assert "1 riga letta, 0 accolte, 1 errore, 0 avvisi" in capsys.readouterr().out


def test_a_files_sector_is_known_from_its_name_as_people_write_it():
    assert sector_of(Path("sport.xlsx")) == sector_of(Path("Settore Sport.xlsx")) == "sport"
    assert sector_of(Path("attivita varie.xlsx")) is None


def test_validate_file_counts_rows_errors_and_warnings_and_locates_the_columns(tmp_path):
    path = write_workbook(tmp_path / "sport.xlsx", [activity(), activity(Titolo="B", Tipologia="workshop")],
                          headers=[*HEADERS, "Protocollo"])  # a column of no meaning: a warning
    report = validate_file(path, 2025)
    assert (report.rows_read, report.rows_kept, report.errors, report.warnings) == (2, 1, 1, 1)
    assert (report.sheet, report.header_row) == ("Attività", 2)
    assert report.positions["type"] == report.headers["Tipologia"] == 4  # Excel's column D


def test_the_annotated_copy_never_replaces_the_original(tmp_path):
    path = write_workbook(tmp_path / "sport.xlsx", [activity(Tipologia="workshop")])
    before = path.read_bytes()
    with pytest.raises(ValueError, match="diversa"):
        annotate(validate_file(path), tmp_path)
    assert path.read_bytes() == before


def test_a_file_that_cannot_be_read_gets_no_annotated_copy(tmp_path):
    path = tmp_path / "rotto.xlsx"
    path.write_bytes(b"PK\x03\x04 troncato")
    report = validate_file(path)
    assert report.sheet is None and report.errors == 1
    assert annotate(report, tmp_path / "annotati") is None and not (tmp_path / "annotati").exists()

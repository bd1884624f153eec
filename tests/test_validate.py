"""What the validator finds and how it says it: ``intl-report validate`` on sector workbooks, and the annotated copy."""

import json
import os
from pathlib import Path

from intl_report import validate
from intl_report.annotated import ERROR_FILL
from intl_report.cli import main
from intl_report.validate import annotate, annotation_names, sector_of, validate_file

from .conftest import HEADERS, activity, write_workbook

FIXTURES = Path(__file__).parent / "fixtures"


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
    before, stamp = path.read_bytes(), os.stat(path).st_mtime_ns
    assert main(["validate", "--annotate", str(tmp_path / "annotati"), str(path)]) == 1
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == (before, stamp)
    sheet = openpyxl.load_workbook(tmp_path / "annotati" / "sport-da-correggere.xlsx")["Attività"]
    cell = sheet.cell(row=3, column=4)  # Tipologia
    assert cell.comment is not None and "elenco" in cell.comment.text
    assert cell.fill.start_color.rgb.endswith(ERROR_FILL)


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
    assert annotate(validate_file(path), tmp_path) == tmp_path / "sport-da-correggere.xlsx"  # beside it, its own name
    assert path.read_bytes() == before


def test_files_of_one_name_get_one_annotated_copy_each(tmp_path, capsys):
    # sport.xlsx and sport.ods, or two sport.xlsx from two folders: no copy overwrites another
    first = write_workbook(tmp_path / "sport.xlsx", [activity(Tipologia="workshop")])
    (tmp_path / "vecchio").mkdir()
    second = write_workbook(tmp_path / "vecchio" / "sport.xlsx", [activity(Titolo="B", Tipologia="workshop")])
    third = FIXTURES / "sport-con-errori.ods"
    out = tmp_path / "annotati"
    assert main(["validate", "--annotate", str(out), str(first), str(second), str(third), str(first)]) == 1
    written = sorted(path.name for path in out.iterdir())
    assert written == ["sport-con-errori-da-correggere.xlsx", "sport-xlsx-2-da-correggere.xlsx",
                       "sport-xlsx-da-correggere.xlsx"]
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("copia annotata")]
    assert len(printed) == 4 and len(set(printed)) == 3  # the file given twice: the same copy, written once more


def test_annotation_names_add_the_format_only_where_stems_meet():
    names = annotation_names([Path("/a/sport.xlsx"), Path("/a/sport.ods"), Path("/a/gioventu.xlsx")])
    assert names == {Path("/a/sport.xlsx"): "sport-xlsx-da-correggere.xlsx",
                     Path("/a/sport.ods"): "sport-ods-da-correggere.xlsx",
                     Path("/a/gioventu.xlsx"): "gioventu-da-correggere.xlsx"}


def test_a_file_that_cannot_be_read_gets_no_annotated_copy(tmp_path):
    path = tmp_path / "rotto.xlsx"
    path.write_bytes(b"PK\x03\x04 troncato")
    report = validate_file(path)
    assert report.sheet is None and report.errors == 1
    assert annotate(report, tmp_path / "annotati") is None and not (tmp_path / "annotati").exists()


def test_validate_file_checks_for_the_sector_the_caller_names_over_the_files_name(tmp_path, monkeypatch):
    seen = []
    real = validate.clean_table

    def recording(table, sector, year):
        seen.append(sector)
        return real(table, sector, year)

    monkeypatch.setattr(validate, "clean_table", recording)
    path = write_workbook(tmp_path / "attivita 2025.xlsx", [activity()])  # a name that is no sector's
    validate_file(path, 2025)
    validate_file(path, 2025, sector="gioventu")  # the collection round knows whose file it is
    assert seen == ["", "gioventu"]


def test_an_unexpected_failure_of_the_row_check_is_one_problem_of_the_whole_file(tmp_path, monkeypatch):
    def broken(table, sector, year):
        raise KeyError("colonna")

    monkeypatch.setattr(validate, "clean_table", broken)
    report = validate_file(write_workbook(tmp_path / "sport.xlsx", [activity()]), 2025)
    [problem] = report.problems
    assert (problem.row, problem.severity, report.sheet) == (None, "error", None)
    assert problem.message == ("errore imprevisto nel controllo delle righe (KeyError): inviare il file al tavolo di "
                               "coordinamento")

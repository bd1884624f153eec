"""The annotated copy a referent receives: its name, the «Problemi» sheet that prints, the marked cells.

The inputs are the bundled sport workbook with deliberate mistakes (:mod:`tests.fixtures.make_annotated_fixtures`),
as .xlsx built here and as the .ods and .xls LibreOffice saved from it (shipped fixtures).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from intl_report.annotated import ERROR_FILL, WARNING_FILL, AnnotationError, write_annotated
from intl_report.cli import main
from intl_report.schema import Problem
from intl_report.validate import annotate, validate_file

from . import corpus
from .conftest import activity, write_workbook
from .fixtures.make_annotated_fixtures import (
    HEADER_ROW,
    HIDDEN_ROW,
    MISTAKES,
    NAME,
    UNKNOWN_HEADER,
    write_sport_with_mistakes,
)

FIXTURES = Path(__file__).with_name("fixtures")
TABLE_ROW = 6  # the first problem's row in «Problemi», under the title, the counts, the explanation and the header


@pytest.fixture
def sport(tmp_path) -> Path:
    return write_sport_with_mistakes(tmp_path / f"{NAME}.xlsx")


def problem_rows(path: Path) -> list[tuple]:
    sheet = openpyxl.load_workbook(path)["Problemi"]
    return [row for row in sheet.iter_rows(min_row=TABLE_ROW, max_col=5, values_only=True) if any(row)]


def fill(cell) -> str:
    return cell.fill.start_color.rgb[-6:] if cell.fill.fill_type == "solid" else ""


def column_of(sheet, header: str) -> int:
    return next(cell.column for cell in sheet[HEADER_ROW] if cell.value == header)


def marks(path: Path) -> dict[str, tuple[str, str]]:
    """Every marked cell of the data sheet: coordinate -> (fill colour, comment)."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[1]
    return {cell.coordinate: (fill(cell), cell.comment.text) for row in sheet.iter_rows() for cell in row
            if cell.comment is not None}


def test_validate_annotate_names_the_copy_da_correggere_and_never_touches_the_original(sport, tmp_path, capsys):
    before, stamp = sport.read_bytes(), os.stat(sport).st_mtime_ns
    assert main(["validate", "--annotate", str(tmp_path / "annotati"), str(sport)]) == 1
    assert f"copia annotata: {tmp_path / 'annotati' / f'{NAME}-da-correggere.xlsx'}" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "annotati").iterdir()) == [f"{NAME}-da-correggere.xlsx"]
    assert (sport.read_bytes(), os.stat(sport).st_mtime_ns) == (before, stamp)


def test_a_copy_written_beside_the_original_leaves_the_original_as_it_was(sport):
    before, stamp = sport.read_bytes(), os.stat(sport).st_mtime_ns
    written = annotate(validate_file(sport, 2025), sport.parent)
    assert written == sport.with_name(f"{NAME}-da-correggere.xlsx")
    assert (sport.read_bytes(), os.stat(sport).st_mtime_ns) == (before, stamp)


def test_write_annotated_refuses_the_originals_own_path(sport):
    before = sport.read_bytes()
    with pytest.raises(AnnotationError, match="nome diverso dal file originale"):
        write_annotated(validate_file(sport, 2025), sport)
    assert sport.read_bytes() == before


def test_problemi_is_the_first_and_open_sheet_then_the_data_sheet(sport, tmp_path):
    workbook = openpyxl.load_workbook(write_annotated(validate_file(sport, 2025), tmp_path / "copia.xlsx"))
    assert workbook.sheetnames == ["Problemi", "Foglio1"]
    assert workbook.active.title == "Problemi"
    assert [ws.sheet_view.tabSelected for ws in workbook.worksheets] == [True, False]


def test_problemi_lists_every_problem_with_row_column_value_severity_and_what_to_do(sport, tmp_path):
    report = validate_file(sport, 2025)
    copy = write_annotated(report, tmp_path / "copia.xlsx")
    sheet = openpyxl.load_workbook(copy)["Problemi"]
    assert sheet["A1"].value == f"Problemi da correggere in «{NAME}.xlsx», foglio «Foglio1»"
    assert sheet["A2"].value == "17 righe lette, 13 accolte, 4 errori, 2 avvisi"
    assert [cell.value for cell in sheet[TABLE_ROW - 1]] == ["Riga", "Colonna", "Valore trovato", "Gravità",
                                                             "Che cosa fare"]
    rows = problem_rows(copy)
    assert len(rows) == len(report.problems) == 6
    listed = {(row, column, value, severity) for row, column, value, severity, _ in rows}
    assert listed == {  # the header as written and Excel's letter (the table starts in column B)
        ("4", f"{UNKNOWN_HEADER} (W)", None, "Avviso"),
        ("6", "Tipologia (E)", "workshop", "Errore"),
        ("8", "Data inizio (F)", "da definire", "Errore"),
        ("10", "Budget totale (€) (N)", "tanti soldi", "Errore"),
        ("12", "Titolo (C)", None, "Errore"),
        (str(HIDDEN_ROW), "—", None, "Avviso"),
    }
    type_row = next(row for row in rows if row[0] == "6")
    assert type_row[4].startswith("Valore non previsto; scegliere dall'elenco") and "«rete tematica»" in type_row[4]


def test_each_listed_problem_links_to_its_marked_cell(sport, tmp_path):
    sheet = openpyxl.load_workbook(write_annotated(validate_file(sport, 2025), tmp_path / "copia.xlsx"))["Problemi"]
    links = {sheet.cell(row=row, column=1).value: sheet.cell(row=row, column=1).hyperlink.location
             for row in range(TABLE_ROW, sheet.max_row + 1)}
    assert links["6"] == "'Foglio1'!E6"
    assert links[str(HIDDEN_ROW)] == f"'Foglio1'!B{HIDDEN_ROW}"  # no column: the table's first cell of the row


def test_problems_of_the_whole_file_are_listed_before_the_rows(tmp_path):
    path = write_workbook(tmp_path / "sport.xlsx", [activity(), activity(Tipologia="workshop")])
    report = validate_file(path, 2025)
    # a problem of no row, as the collection round adds about how the file was found, comes last in the report
    report.problems.append(Problem(path.name, None, None, None, None, "warning", "file trovato con un altro nome"))
    rows = problem_rows(write_annotated(report, tmp_path / "copia.xlsx"))
    assert [(row, column, severity) for row, column, _, severity, _ in rows] == [
        ("—", "—", "Avviso"), ("4", "Tipologia (D)", "Errore")]
    assert rows[0][4] == "File trovato con un altro nome"
    assert list(marks(tmp_path / "copia.xlsx")) == ["D4"]  # a problem of no row marks no cell


def test_errors_are_red_and_warnings_yellow_on_their_cells_with_the_message_as_comment(sport, tmp_path):
    workbook = openpyxl.load_workbook(write_annotated(validate_file(sport, 2025), tmp_path / "copia.xlsx"))
    sheet = workbook["Foglio1"]
    for row, (header, _value) in MISTAKES.items():
        cell = sheet.cell(row=row, column=column_of(sheet, header))
        assert fill(cell) == ERROR_FILL and cell.comment.text.startswith("Errore: "), cell.coordinate
    assert "formato gg/mm/aaaa" in sheet.cell(row=8, column=column_of(sheet, "Data inizio")).comment.text
    unknown = sheet.cell(row=HEADER_ROW, column=column_of(sheet, UNKNOWN_HEADER))
    assert fill(unknown) == WARNING_FILL and unknown.comment.text.startswith("Avviso: colonna non prevista")
    hidden = sheet.cell(row=HIDDEN_ROW, column=2)  # the row's first cell in the table (column A is empty)
    assert fill(hidden) == WARNING_FILL and "riga nascosta" in hidden.comment.text
    assert len(marks(tmp_path / "copia.xlsx")) == 6  # nothing else is marked


def test_several_problems_of_one_cell_share_its_comment_and_an_error_keeps_it_red(sport, tmp_path):
    report = validate_file(sport, 2025)
    report.problems.append(Problem(sport.name, "Foglio1", 6, "Tipologia", "workshop", "warning",
                                   "valore insolito per il settore", "type"))
    sheet = openpyxl.load_workbook(write_annotated(report, tmp_path / "copia.xlsx"))["Foglio1"]
    cell = sheet["E6"]
    assert fill(cell) == ERROR_FILL
    assert cell.comment.text.splitlines()[0].startswith("Errore: valore non previsto")
    assert cell.comment.text.splitlines()[1] == "Avviso: valore insolito per il settore"


def test_problemi_prints_on_a4_fit_to_width_with_its_header_repeated(sport, tmp_path):
    sheet = openpyxl.load_workbook(write_annotated(validate_file(sport, 2025), tmp_path / "copia.xlsx"))["Problemi"]
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${TABLE_ROW - 1}:${TABLE_ROW - 1}"
    assert sheet.freeze_panes == f"A{TABLE_ROW}"
    assert sheet.auto_filter.ref == f"A{TABLE_ROW - 1}:E{TABLE_ROW + 5}"
    assert sheet.column_dimensions["E"].width >= 70 and sheet.column_dimensions["C"].width >= 25
    type_row = next(row for row in range(TABLE_ROW, sheet.max_row + 1) if sheet.cell(row=row, column=1).value == "6")
    todo = sheet.cell(row=type_row, column=5)
    assert todo.alignment.wrap_text
    assert sheet.row_dimensions[type_row].height >= 5 * 14  # the list of allowed types wraps over 6 lines
    assert sheet.oddFooter.right.text == "Pagina &P di &N"


@pytest.mark.parametrize("kind", ["ods", "xls"])
def test_an_ods_or_xls_gets_an_xlsx_copy_with_the_problems_on_the_same_cells(sport, tmp_path, kind):
    original = tmp_path / f"{NAME}.{kind}"
    original.write_bytes((FIXTURES / original.name).read_bytes())
    before, stamp = original.read_bytes(), os.stat(original).st_mtime_ns
    assert main(["validate", "--annotate", str(tmp_path / "annotati"), str(original)]) == 1
    copy = tmp_path / "annotati" / f"{NAME}-da-correggere.xlsx"
    workbook = openpyxl.load_workbook(copy)
    assert workbook.sheetnames == ["Problemi", "Foglio1"]
    excel = write_annotated(validate_file(sport, 2025), tmp_path / "from-excel.xlsx")
    expected = marks(excel)
    if kind == "xls":  # the .xls reader knows no hidden rows, so that warning is the .xlsx's alone
        expected.pop(f"B{HIDDEN_ROW}")
    assert marks(copy) == expected
    assert problem_rows(copy) == [row for row in problem_rows(excel) if kind == "ods" or row[0] != str(HIDDEN_ROW)]
    rebuilt, source = workbook["Foglio1"], openpyxl.load_workbook(sport).active
    assert [cell.value for cell in rebuilt[HEADER_ROW]][:4] == [None, "ID attività", "Titolo", "Descrizione"]
    assert rebuilt["E6"].value == source["E6"].value == "workshop"
    assert rebuilt["C5"].value == source["C5"].value
    assert all(rebuilt.cell(row=row, column=2).value is None for row in range(1, HEADER_ROW))
    assert (original.read_bytes(), os.stat(original).st_mtime_ns) == (before, stamp)


def test_a_macro_enabled_workbook_keeps_its_macros_in_an_xlsm_copy(tmp_path):
    path = corpus.build_xlsm(tmp_path)
    written = annotate(validate_file(path, 2025), tmp_path / "annotati")
    assert written == tmp_path / "annotati" / "macro-da-correggere.xlsm"
    with zipfile.ZipFile(written) as archive:
        assert "xl/vbaProject.bin" in archive.namelist()
        assert b"macroEnabled" in archive.read("[Content_Types].xml")
    assert write_annotated(validate_file(path, 2025), tmp_path / "feedback.xlsx").suffix == ".xlsm"


def test_a_workbook_without_macros_gets_a_plain_xlsx_copy(sport, tmp_path):
    with zipfile.ZipFile(write_annotated(validate_file(sport, 2025), tmp_path / "copia.xlsx")) as archive:
        assert b"macroEnabled" not in archive.read("[Content_Types].xml")
        assert "xl/vbaProject.bin" not in archive.namelist()


@pytest.mark.parametrize("suffix", ["xlsx", "ods"])
def test_the_same_workbook_gives_the_same_bytes_with_the_originals_dates_only(sport, tmp_path, suffix):
    original = sport if suffix == "xlsx" else FIXTURES / f"{NAME}.ods"
    first = write_annotated(validate_file(original, 2025), tmp_path / "first.xlsx").read_bytes()
    second = write_annotated(validate_file(original, 2025), tmp_path / "second.xlsx").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml")
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    if suffix == "xlsx":
        with zipfile.ZipFile(sport) as archive:
            source = archive.read("docProps/core.xml")
        assert core.count(b"dcterms:modified") == source.count(b"dcterms:modified")
    else:
        assert b"dcterms:modified" not in core and b"dcterms:created" not in core


def test_a_workbook_with_no_problem_says_so_in_problemi(tmp_path):
    path = write_workbook(tmp_path / "sport.xlsx", [activity()])
    sheet = openpyxl.load_workbook(write_annotated(validate_file(path, 2025), tmp_path / "copia.xlsx"))["Problemi"]
    assert sheet["A2"].value == "1 riga letta, 1 accolta, 0 errori, 0 avvisi"
    assert sheet[f"A{TABLE_ROW}"].value == "Nessun problema: il file è valido."


def test_a_file_that_cannot_be_read_gets_no_copy_and_write_annotated_says_why(tmp_path):
    path = tmp_path / "rotto.xlsx"
    path.write_bytes(b"PK\x03\x04 troncato")
    report = validate_file(path)
    with pytest.raises(AnnotationError, match="rotto.xlsx: il file non può essere letto"):
        write_annotated(report, tmp_path / "copia.xlsx")
    assert annotate(report, tmp_path / "annotati") is None
    assert not (tmp_path / "copia.xlsx").exists() and not (tmp_path / "annotati").exists()


def test_a_copy_that_cannot_be_written_is_one_italian_line_on_stderr(sport, tmp_path, capsys):
    blocked = tmp_path / "annotati"
    blocked.write_text("a file where the folder should be")
    assert main(["validate", "--annotate", str(blocked), str(sport)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [f"{NAME}.xlsx: copia annotata non scritta (FileExistsError): correggere il file "
                                "seguendo l'elenco dei problemi"]


def test_an_xlsx_openpyxl_refuses_is_rebuilt_from_the_values_the_pipeline_read(sport, tmp_path, monkeypatch):
    expected = marks(write_annotated(validate_file(sport, 2025), tmp_path / "from-openpyxl.xlsx"))

    def refuse(*args, **kwargs):
        raise KeyError("a part openpyxl does not know")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    copy = write_annotated(validate_file(sport, 2025), tmp_path / "rebuilt.xlsx")
    monkeypatch.undo()
    assert marks(copy) == expected
    with zipfile.ZipFile(copy) as archive:
        assert b"dcterms:created" not in archive.read("docProps/core.xml")  # a new workbook, not the original's

"""The data-entry workbook checks itself: help texts, stop alerts, marked required cells, a print setup, the
sector's own examples and instructions a referent can follow (read back with openpyxl)."""

import datetime as dt
import math

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from intl_report.cleaning import clean_table
from intl_report.reading import match_header, read_workbook
from intl_report.registry import load_registry
from intl_report.schema import COLUMNS
from intl_report.template import (
    ACTIVITY_SHEET,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    POINTS_PER_LINE,
    build_template,
    write_all_templates,
    write_template,
)

LETTERS = {c.name: get_column_letter(i) for i, c in enumerate(COLUMNS, 1)}
FIRST_ROW = HEADER_ROW + 1


def starred(col) -> str:
    return col.header + (" *" if col.required else "")


def validation_of(sheet, name):
    """The data validation covering the first data cell of a schema column."""
    cell = f"{LETTERS[name]}{FIRST_ROW}"
    [found] = [dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref]
    return found


def texts(workbook) -> str:
    return "\n".join(str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value)


@pytest.fixture(scope="module")
def sport_2026(tmp_path_factory):
    path = write_template("sport", 2026, tmp_path_factory.mktemp("template") / "sport.xlsx",
                          deadline=dt.date(2027, 1, 31))
    return openpyxl.load_workbook(path)


def test_template_has_instructions_and_the_schema_headers(tmp_path):
    path = write_template("sport", 2025, tmp_path / "sport.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[0] == INSTRUCTIONS_SHEET
    instructions = "\n".join(str(c.value) for row in workbook[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
    assert "Settore Sport" in instructions and "una riga per attività" in instructions.lower()
    sheet = workbook[ACTIVITY_SHEET]
    assert [c.value for c in sheet[HEADER_ROW]] == [starred(c) for c in COLUMNS]
    assert "2025" in sheet["A1"].value and "Settore Sport" in sheet["A1"].value
    assert sheet.freeze_panes == f"B{HEADER_ROW + 1}"


def test_required_headers_end_with_an_asterisk_and_the_notes_say_what_it_means(sport_2026):
    sheet = sport_2026[ACTIVITY_SHEET]
    headers = [c.value for c in sheet[HEADER_ROW]]
    assert {"Titolo *", "Tipologia *", "Data inizio *"} <= set(headers)
    assert [h for h in headers if h.endswith("*")] == [starred(c) for c in COLUMNS if c.required]
    assert "* = obbligatorio" in sheet["A2"].value
    assert "l'asterisco (*) sono obbligatorie" in texts(sport_2026)


def test_the_reader_recognises_the_headers_with_their_asterisk():
    assert all(match_header(starred(col)) is col for col in COLUMNS)


def test_every_column_shows_its_help_text_when_a_cell_is_selected(sport_2026):
    sheet = sport_2026[ACTIVITY_SHEET]
    for col in COLUMNS:
        validation = validation_of(sheet, col.name)
        assert validation.showInputMessage and validation.promptTitle == starred(col)
        assert validation.prompt.startswith(col.help_it)
        assert str(validation.sqref) == f"{LETTERS[col.name]}{FIRST_ROW}:{LETTERS[col.name]}{FIRST_ROW + 499}"


def test_messages_stay_within_excel_limits_in_every_sectors_workbook():
    for sector in load_registry().sectors:
        sheet = build_template(sector.slug, 2026, deadline=dt.date(2027, 1, 31))[ACTIVITY_SHEET]
        for validation in sheet.data_validations.dataValidation:
            assert len(validation.prompt) <= 255 and len(validation.promptTitle) <= 32
            assert len(validation.error or "") <= 255 and len(validation.errorTitle or "") <= 32


def test_dates_must_be_real_and_near_the_year(sport_2026):
    sheet = sport_2026[ACTIVITY_SHEET]
    start, end = validation_of(sheet, "start_date"), validation_of(sheet, "end_date")
    for validation in (start, end):
        assert (validation.type, validation.operator) == ("date", "between")
        assert validation.showErrorMessage and validation.errorStyle == "stop"
    assert (start.formula1, start.formula2) == ("DATE(1950,1,1)", "DATE(2027,12,31)")
    # not before the same row's start date, nor before the year
    assert (end.formula1, end.formula2) == (f"MAX(DATE(2026,1,1),{LETTERS['start_date']}{FIRST_ROW})",
                                            "DATE(2036,12,31)")
    assert "01/01/2026" in end.error and "31/12/2036" in end.error


def test_amounts_and_participants_must_be_numbers_from_zero(sport_2026):
    sheet = sport_2026[ACTIVITY_SHEET]
    for col in COLUMNS:
        if col.kind in ("amount", "integer"):
            validation = validation_of(sheet, col.name)
            assert validation.type == ("decimal" if col.kind == "amount" else "whole")
            assert (validation.operator, validation.formula1) == ("greaterThanOrEqual", "0")
            assert validation.showErrorMessage and validation.errorStyle == "stop"


def test_coded_columns_refuse_other_values_and_the_network_list_only_informs(sport_2026):
    sheet = sport_2026[ACTIVITY_SHEET]
    lists = sport_2026["Elenchi"]
    for col in COLUMNS:
        if col.codes is None and col.kind != "network":
            continue
        validation = validation_of(sheet, col.name)
        assert validation.type == "list" and validation.showErrorMessage
        assert validation.errorStyle == ("information" if col.kind == "network" else "stop")
        column = validation.formula1.split("!")[1].split(":")[0].strip("$").rstrip("0123456789").strip("$")
        listed = [c.value for c in lists[column][1:] if c.value is not None]
        assert listed == ([c.it for c in col.codes.codes] if col.codes else listed) and listed
    assert lists.sheet_state == "hidden"


def test_free_text_columns_only_show_their_help(sport_2026):
    validation = validation_of(sport_2026[ACTIVITY_SHEET], "title")
    assert validation.type is None and not validation.showErrorMessage and validation.showInputMessage


def test_an_empty_required_cell_of_a_filled_row_turns_light_red(sport_2026):
    sheet = sport_2026[ACTIVITY_SHEET]
    last = get_column_letter(len(COLUMNS))
    rules = {str(area.sqref): area.rules for area in sheet.conditional_formatting}
    for col in COLUMNS:
        area = f"{LETTERS[col.name]}{FIRST_ROW}:{LETTERS[col.name]}{FIRST_ROW + 499}"
        if not col.required:
            assert area not in rules
            continue
        [rule] = rules[area]
        assert rule.type == "expression"
        assert rule.formula == [f"AND(COUNTA($A{FIRST_ROW}:${last}{FIRST_ROW})>0,LEN(TRIM({LETTERS[col.name]}{FIRST_ROW}))=0)"]
        assert rule.dxf.fill.fgColor.rgb.endswith("FFC7CE")


def test_both_sheets_print_on_a4_landscape_with_their_headers_on_every_page(sport_2026):
    for name, pages_wide, title_rows in ((INSTRUCTIONS_SHEET, 1, "$1:$2"), (ACTIVITY_SHEET, 3, f"${HEADER_ROW}:${HEADER_ROW}")):
        sheet = sport_2026[name]
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (pages_wide, 0)
        assert sheet.print_title_rows == title_rows
        assert 0.3 <= sheet.page_margins.left <= 0.8 and 0.5 <= sheet.page_margins.top <= 1
        assert "Settore Sport" in sheet.oddHeader.left.text and "2026" in sheet.oddHeader.right.text
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
    activities = sport_2026[ACTIVITY_SHEET]
    assert activities.print_title_cols == "$A:$B"  # the ID and the title on each of the pages across
    # so the sheet's title rows wrap inside those two columns, whole on every page
    assert {"A1:B1", "A2:B2"} <= {str(merged) for merged in activities.merged_cells.ranges}
    assert activities["A1"].alignment.wrap_text and activities.row_dimensions[1].height >= 2 * POINTS_PER_LINE


def test_instruction_rows_are_tall_enough_for_their_wrapped_text(sport_2026):
    sheet = sport_2026[INSTRUCTIONS_SHEET]
    width = sheet.column_dimensions["B"].width
    for row in range(4, sheet.max_row + 1):
        text = sheet.cell(row=row, column=2).value or ""
        # LibreOffice's pages hold about 1.3 characters per width unit (measured on the instructions sheet)
        lines = math.ceil(len(text) / (width * 1.3))
        if lines > 1:
            assert sheet.row_dimensions[row].height >= lines * POINTS_PER_LINE, (row, text)


def test_examples_belong_to_the_sector_and_the_year(sport_2026):
    everything = texts(sport_2026)
    assert "SPO-2026-001" in everything and "03/02/2026" in everything and "30/11/2026" in everything
    assert "Eventi sportivi internazionali 2026" in everything  # the sector's first theme
    assert "2025" not in everything and "RI-" not in everything
    assert "SPO-2026-001" in validation_of(sport_2026[ACTIVITY_SHEET], "activity_id").prompt


def test_a_sectors_example_of_other_sectors_names_another_sector():
    workbook = build_template("gioventu", 2026)
    prompt = validation_of(workbook[ACTIVITY_SHEET], "other_sectors").prompt
    assert "Esempio: Settore Relazioni Internazionali" in prompt and "Gioventù" not in prompt


def test_instructions_say_where_to_send_the_file_and_by_when_and_no_command(sport_2026, tmp_path):
    secretariat = load_registry().secretariat
    everything = texts(sport_2026)
    assert secretariat.email in everything and secretariat.name in everything
    assert "entro il 31 gennaio 2027" in everything
    assert "intl-report" not in everything and "validate" not in everything
    undated = texts(build_template("sport", 2026))
    assert secretariat.email in undated and "entro il" not in undated


def test_a_filled_template_is_read_by_the_pipeline(tmp_path):
    path = write_template("sport", 2025, tmp_path / "sport.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[ACTIVITY_SHEET]
    sheet.cell(row=HEADER_ROW + 1, column=2, value="Torino Capitale Europea dello Sport")
    sheet.cell(row=HEADER_ROW + 1, column=4, value="evento internazionale")
    sheet.cell(row=HEADER_ROW + 1, column=6, value="01/03/2025")
    workbook.save(path)
    table = read_workbook(path)
    assert table.sheet == ACTIVITY_SHEET
    assert [row for row, _ in table.rows] == [HEADER_ROW + 1]
    assert set(table.headers) == {c.name for c in COLUMNS}  # every header, asterisk or not
    result = clean_table(table, "sport", 2025)
    assert result.clean["title"].tolist() == ["Torino Capitale Europea dello Sport"] and result.rejected.empty


def test_all_writes_one_template_per_sector(tmp_path):
    paths = write_all_templates(2025, tmp_path)
    assert len(paths) == 16 and all(p.exists() for p in paths)
    assert [p.stem for p in paths] == list(load_registry().slugs)

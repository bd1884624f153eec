import openpyxl

from intl_report.reading import read_workbook
from intl_report.schema import COLUMNS
from intl_report.template import ACTIVITY_SHEET, HEADER_ROW, write_all_templates, write_template


def test_template_has_instructions_and_the_schema_headers(tmp_path):
    path = write_template("sport", 2025, tmp_path / "sport.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames[0] == "Istruzioni"
    instructions = "\n".join(str(c.value) for row in workbook["Istruzioni"].iter_rows() for c in row if c.value)
    assert "Settore Sport" in instructions and "una riga per attività" in instructions.lower()
    sheet = workbook[ACTIVITY_SHEET]
    assert [c.value for c in sheet[HEADER_ROW]] == [c.header for c in COLUMNS]
    assert "2025" in sheet["A1"].value and "Settore Sport" in sheet["A1"].value
    assert sheet.freeze_panes == f"B{HEADER_ROW + 1}"


def test_every_coded_column_has_a_drop_down_list(tmp_path):
    path = write_template("sport", 2025, tmp_path / "sport.xlsx")
    sheet = openpyxl.load_workbook(path)[ACTIVITY_SHEET]
    validated = {str(rng).split(":")[0].rstrip("0123456789") for dv in sheet.data_validations.dataValidation
                 for rng in dv.sqref.ranges if dv.type == "list"}
    letters = {openpyxl.utils.get_column_letter(i) for i, c in enumerate(COLUMNS, 1) if c.codes is not None}
    assert letters <= validated


def test_dates_and_amounts_are_formatted(tmp_path):
    path = write_template("sport", 2025, tmp_path / "sport.xlsx")
    sheet = openpyxl.load_workbook(path)[ACTIVITY_SHEET]
    formats = {c.name: sheet.cell(row=HEADER_ROW + 1, column=i).number_format for i, c in enumerate(COLUMNS, 1)}
    assert formats["start_date"] == "DD/MM/YYYY"
    assert "€" in formats["total_budget"]


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


def test_all_writes_one_template_per_sector(tmp_path):
    paths = write_all_templates(2025, tmp_path)
    assert len(paths) == 16 and all(p.exists() for p in paths)

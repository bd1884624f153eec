"""The form's structure and look: its sheets and rows, the header of a column, styles, row heights.

The sheet names and the column headers are the form's structure, named in the reader's and the validator's
messages (``reading``, ``cleaning``): like the schema's headers, they are not translated.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ..schema import Column

INSTRUCTIONS_SHEET = "Istruzioni"
ACTIVITY_SHEET = "Attività"
LISTS_SHEET = "Elenchi"
TEMPLATE_ROWS = 500  # empty rows prepared with checks and formats, after the carried-over activities
HEADER_ROW = 3
FIRST_DATA_ROW = HEADER_ROW + 1
REQUIRED_MARK = " *"

DATE_FORMAT = "DD/MM/YYYY"
EURO_FORMAT = '#,##0.00 "€"'
HEADER_FILL = PatternFill("solid", start_color="1F4E79")
REQUIRED_FILL = PatternFill("solid", start_color="8C1D40")
# Excel's own "light red fill" for the empty required cells of a filled row (validate.ERROR_FILL's colour).
MISSING_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
WRAPPED = Alignment(wrap_text=True, vertical="top")
FONT_NAME = "Calibri"  # the workbook's default font, named in every style: a style without a name prints in serif

# Row heights: openpyxl does not size rows, and LibreOffice draws wrapped text over the rows below unless the
# height is set. Lines are estimated from the text and the column width: a width unit holds about one
# character of Calibri or of the fonts that stand in for it (Carlito, DejaVu Sans); a little more, measured on
# LibreOffice's pages, but a row a line too tall reads, a line too short does not.
POINTS_PER_LINE = 15
CHARACTERS_PER_WIDTH_UNIT = 1.2


def header(col: Column) -> str:
    """The column's header in the workbook: the schema's, with ``*`` when the column is required."""
    return col.header + (REQUIRED_MARK if col.required else "")


def font(**style: object) -> Font:
    return Font(name=FONT_NAME, **{"size": 11, **style})


def lines(text: object, width: float) -> int:
    """Lines a wrapped text takes in a column *width* units wide (see CHARACTERS_PER_WIDTH_UNIT)."""
    characters = max(1, math.floor(width * CHARACTERS_PER_WIDTH_UNIT))
    return sum(max(1, len(textwrap.wrap(paragraph, characters))) for paragraph in str(text).split("\n"))


def fit_row_height(sheet: Worksheet, row: int, widths: Mapping[int, float]) -> None:
    """Set *row*'s height to show every wrapped cell in full (*widths*: column number -> width)."""
    needed = max((lines(cell.value, widths[cell.column]) for cell in sheet[row]
                  if cell.value not in (None, "") and cell.column in widths), default=1)
    if needed > 1:
        sheet.row_dimensions[row].height = needed * POINTS_PER_LINE + 2

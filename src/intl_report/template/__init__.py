"""The sector's data-entry workbook, generated from the activity schema.

Never maintained by hand: headers, drop-down lists, checks, formats and the instructions all come from
:data:`intl_report.schema.COLUMNS`, so the template always matches what the pipeline reads. The workbook checks
itself, in Excel and in LibreOffice, without any command:

- selecting a cell shows the column's help text; a date that is not a real date in a sensible range, a negative
  or non-numeric amount, a participant count that is not a whole number, a value outside a coded list are
  refused as they are typed; a network outside the known list is only pointed out (:mod:`.checks`);
- required columns have a red header ending in ``*``, and in a row that has something in it an empty required
  cell turns light red (:mod:`.checks`);
- both sheets print on A4 landscape with their header rows on every page (:mod:`.printing`);
- the examples are the sector's own (:mod:`.examples`), and the instructions say where to send the file and by
  when (:mod:`.instructions`).

With a previous year (:mod:`intl_report.carry_over`), the sheet starts with the sector's activities still under
way at the end of that year, with their IDs.

    form.py          the sheets, rows, headers, styles and row heights
    examples.py      each column's example in the sector's terms
    checks.py        data validations and the conditional formatting of missing required cells
    instructions.py  the instructions sheet
    printing.py      the print setup of both sheets
    workbook.py      the workbook put together, and written

Every text but the sheet names and the column headers (the form's structure) is Italian through the
catalogues (:func:`intl_report.i18n.say`).
"""

from .form import ACTIVITY_SHEET, HEADER_ROW, INSTRUCTIONS_SHEET, LISTS_SHEET, POINTS_PER_LINE, TEMPLATE_ROWS
from .workbook import build_template, write_all_templates, write_template

__all__ = [
    "ACTIVITY_SHEET",
    "HEADER_ROW",
    "INSTRUCTIONS_SHEET",
    "LISTS_SHEET",
    "POINTS_PER_LINE",
    "TEMPLATE_ROWS",
    "build_template",
    "write_all_templates",
    "write_template",
]

"""How both sheets print: A4 landscape, as many pages down as the rows need, headers repeated on every page.

The instructions print one page across. The activity sheet's 21 columns are about a metre wide at 100 %: on
one A4 page across they would print at a quarter of their size (3-point type). Three pages across print at two
thirds (about 7 points), each page repeating the header row and the ID and title columns, the pages of the same
rows one after the other.
"""

from __future__ import annotations

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from ..i18n import say
from ..registry import Registry, Sector

ACTIVITY_PAGES_WIDE = 3


def print_setup(sheet: Worksheet, sector: Sector, year: int, registry: Registry, title_rows: str,
                pages_wide: int = 1, title_columns: str | None = None) -> None:
    """A4 landscape, *pages_wide* pages across, *title_rows* (and *title_columns*) on every page, as many pages
    down as the rows need, the sector, the year and the page number in the margins."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = pages_wide
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.7, header=0.3, footer=0.3)
    sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns
        sheet.page_setup.pageOrder = "overThenDown"  # a row's pages one after the other
    sheet.print_options.horizontalCentered = True

    def field(text: str) -> str:  # "&" starts a code in page headers and footers
        return text.replace("&", "&&")

    for part, text in (
        (sheet.oddHeader.left, field(say("template.print.header", "{city} – {sector}", city=registry.city,
                                         sector=sector.name))),
        (sheet.oddHeader.right, field(say("template.print.year", "Attività internazionali {year}", year=year))),
        (sheet.oddFooter.left, "&A"),  # the sheet's name
        (sheet.oddFooter.right, say("template.print.page", "Pagina {page} di {pages}", page="&P", pages="&N")),
    ):
        part.text = text
        part.size = 9

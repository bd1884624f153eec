"""The workbook itself: the instructions, the activity sheet with its checks, the hidden lists; written to disk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import atomic
from ..i18n import say
from ..registry import Registry, Sector, load_registry
from ..schema import COLUMNS
from .checks import choices, missing_required_rule, validation
from .examples import examples
from .form import (
    ACTIVITY_SHEET,
    DATE_FORMAT,
    EURO_FORMAT,
    FIRST_DATA_ROW,
    HEADER_FILL,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    POINTS_PER_LINE,
    REQUIRED_FILL,
    TEMPLATE_ROWS,
    WRAPPED,
    fit_row_height,
    font,
    header,
    lines,
)
from .instructions import instructions, write_instructions
from .printing import ACTIVITY_PAGES_WIDE, print_setup

Cells = Mapping[str, object]  # schema column name -> cell value (intl_report.carry_over)


def build_template(sector_slug: str, year: int, *, deadline: dt.date | None = None,
                   carried_over: Sequence[Cells] = (), previous_year: int | None = None) -> Workbook:
    """The data-entry workbook for one sector and year.

    Parameters
    ----------
    deadline
        The date by which the secretariat wants the file back, written in the instructions.
    carried_over, previous_year
        Activities of *previous_year* still under way (:func:`intl_report.carry_over.sector_rows`), written from
        the first data row on.
    """
    registry = load_registry()
    sector = registry.get(sector_slug)
    workbook = Workbook()
    info = workbook.active
    info.title = INSTRUCTIONS_SHEET
    write_instructions(info, instructions(sector, year, registry, deadline, len(carried_over), previous_year))
    print_setup(info, sector, year, registry, "1:2")

    sheet = workbook.create_sheet(ACTIVITY_SHEET)
    _activity_sheet(sheet, workbook.create_sheet(LISTS_SHEET), sector, year, registry, carried_over)
    print_setup(sheet, sector, year, registry, f"{HEADER_ROW}:{HEADER_ROW}", ACTIVITY_PAGES_WIDE, "A:B")
    sheet.print_options.gridLines = True

    workbook.active = 1
    workbook.properties.title = say("template.workbook_title", "Attività internazionali {year} – {sector}",
                                    year=year, sector=sector.name)
    workbook.properties.creator = f"{registry.city} – intl-report"
    # A fixed date keeps the template byte-stable between runs.
    fixed = dt.datetime(year, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    return workbook


def _activity_sheet(sheet: Worksheet, lists: Worksheet, sector: Sector, year: int, registry: Registry,
                    carried_over: Sequence[Cells]) -> None:
    sheet["A1"] = say("template.sheet_title", "{city} – {sector} – Attività internazionali {year}",
                      city=registry.city, sector=sector.name, year=year)
    sheet["A1"].font = font(bold=True, size=13, color="1F4E79")
    sheet["A2"] = say("template.sheet_subtitle", "Settore: {slug} · Anno: {year} · Una riga per attività; * = "
                      "obbligatorio · Istruzioni nel foglio «{sheet}»", slug=sector.slug, year=year,
                      sheet=INSTRUCTIONS_SHEET)
    sheet["A2"].font = font(italic=True, color="555555")
    lists.sheet_state = "hidden"
    last_row = HEADER_ROW + len(carried_over) + TEMPLATE_ROWS
    shown = examples(sector, year, registry)
    widths: dict[int, float] = {}
    list_column = 0
    for index, col in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=HEADER_ROW, column=index, value=header(col))
        cell.font = font(bold=True, color="FFFFFF")
        cell.fill = REQUIRED_FILL if col.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        widths[index] = max(col.width, len(header(col)) + 2)
        sheet.column_dimensions[letter].width = widths[index]
        source = None
        if entries := choices(col):
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=col.header)
            for row_index, entry in enumerate(entries, start=2):
                lists.cell(row=row_index, column=list_column, value=entry)
            source = f"'{LISTS_SHEET}'!${list_letter}$2:${list_letter}${len(entries) + 1}"
        data_range = f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"
        check = validation(col, year, shown[col.name], source)
        sheet.add_data_validation(check)
        check.add(data_range)
        if col.required:
            sheet.conditional_formatting.add(data_range, missing_required_rule(letter))
        number_format = {"date": DATE_FORMAT, "amount": EURO_FORMAT}.get(col.kind)
        for row_index in range(FIRST_DATA_ROW, last_row + 1):
            cell = sheet.cell(row=row_index, column=index)
            cell.alignment = WRAPPED  # Excel and LibreOffice grow a wrapped row as it is typed in
            if number_format:
                cell.number_format = number_format
    text_widths = {i: w for i, w in widths.items() if COLUMNS[i - 1].kind not in ("date", "amount", "integer")}
    for offset, cells in enumerate(carried_over):
        for index, col in enumerate(COLUMNS, start=1):
            sheet.cell(row=FIRST_DATA_ROW + offset, column=index, value=cells.get(col.name))
        fit_row_height(sheet, FIRST_DATA_ROW + offset, text_widths)
    # The title rows wrap over the ID and title columns, which every printed page repeats: a title running on
    # to the right would be cut at their edge on the pages across. Larger and bold type holds fewer characters.
    for row, size, boldness in ((1, 13, 0.9), (2, 11, 1.0)):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        sheet.cell(row=row, column=1).alignment = WRAPPED
        needed = lines(sheet.cell(row=row, column=1).value, (widths[1] + widths[2]) * boldness * 11 / size)
        sheet.row_dimensions[row].height = needed * POINTS_PER_LINE * size / 11 + 2
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=2)


def write_template(sector_slug: str, year: int, path: Path | str, *, previous_year: int | None = None,
                   processed_dir: Path | str | None = None, deadline: dt.date | None = None) -> Path:
    """Write the sector's workbook for *year* (see :func:`build_template`); returns its path.

    With *previous_year*, the sheet starts with the sector's activities of that year still under way at its end,
    read from its processed data (under *processed_dir*, default ``data/processed``).

    Raises
    ------
    ValueError
        When *previous_year* is not before *year*, or has not been processed yet (the message says what to run).
    """
    carried: Sequence[Cells] = ()
    if previous_year is not None:
        from ..carry_over import carried_over_rows

        _check_previous_year(previous_year, year)
        carried = carried_over_rows(sector_slug, previous_year, processed_dir)
    return _write(sector_slug, year, Path(path), deadline, carried, previous_year)


def write_all_templates(year: int, folder: Path | str, *, previous_year: int | None = None,
                        processed_dir: Path | str | None = None, deadline: dt.date | None = None) -> list[Path]:
    """One workbook per sector of the registry, ``<folder>/<slug>.xlsx`` (see :func:`write_template`)."""
    folder = Path(folder)
    sectors = load_registry().sectors
    if previous_year is None:
        return [_write(s.slug, year, folder / f"{s.slug}.xlsx", deadline, (), None) for s in sectors]
    from ..carry_over import previous_activities, sector_rows

    _check_previous_year(previous_year, year)
    activities = previous_activities(previous_year, processed_dir)  # read once, before any file is written
    return [_write(s.slug, year, folder / f"{s.slug}.xlsx", deadline, sector_rows(activities, s.slug, previous_year),
                   previous_year) for s in sectors]


def _check_previous_year(previous_year: int, year: int) -> None:
    if previous_year >= year:
        raise ValueError(say("template.previous_year_not_before", "l'anno da cui riportare le attività in corso "
                             "({previous}) deve essere precedente all'anno del modello ({year})",
                             previous=previous_year, year=year))


def _write(sector_slug: str, year: int, path: Path, deadline: dt.date | None, carried: Sequence[Cells],
           previous_year: int | None) -> Path:
    with atomic.atomic_path(path) as temporary:
        build_template(sector_slug, year, deadline=deadline, carried_over=carried,
                       previous_year=previous_year).save(temporary)
    return path

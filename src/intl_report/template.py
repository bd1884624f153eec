"""The sector's data-entry workbook, generated from the activity schema.

Never maintained by hand: headers, drop-down lists, formats and the
instructions all come from :data:`intl_report.schema.COLUMNS`, so the
template always matches what the pipeline reads.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import atomic
from .registry import Sector, load_registry
from .schema import COLUMNS, KNOWN_NETWORKS

ACTIVITY_SHEET = "Attività"
LISTS_SHEET = "Elenchi"
TEMPLATE_ROWS = 500  # rows prepared with drop-downs and formats
HEADER_ROW = 3
DATE_FORMAT = "DD/MM/YYYY"
EURO_FORMAT = '#,##0.00 "€"'
HEADER_FILL = PatternFill("solid", start_color="1F4E79")
REQUIRED_FILL = PatternFill("solid", start_color="8C1D40")


def _instructions(sector: Sector, year: int) -> list[tuple[str, str]]:
    rows = [
        ("Città di Torino – Tavolo di coordinamento delle attività internazionali", ""),
        (f"Attività internazionali {year} – {sector.name}", ""),
        ("", ""),
        ("Che cosa segnalare",
         "Ogni attività internazionale svolta, avviata o in corso nel "
         f"{year}: reti tematiche, progetti europei, gemellaggi, delegazioni, missioni, eventi, premi, "
         "scambi di buone pratiche, formazione."),
        ("Come compilare",
         f"Una riga per attività nel foglio «{ACTIVITY_SHEET}», a partire dalla riga {HEADER_ROW + 1}. "
         "Non cambiare i titoli delle colonne. Le colonne con l'intestazione rossa sono obbligatorie. "
         "Per le colonne con l'elenco a tendina scegliere una voce dell'elenco."),
        ("Più valori in una cella", "Separarli con il punto e virgola, per esempio: Germania; Francia."),
        ("Date e importi", "Date nel formato gg/mm/aaaa (es. 03/02/2025); importi in euro (es. 12.500,00)."),
        ("Prima di inviare",
         "Controllare il file con il comando «intl-report validate FILE»: indica riga e colonna di ogni problema."),
        ("Dati personali", "Il nome del referente serve solo al tavolo di coordinamento e non compare nel rapporto."),
        ("", ""),
        ("Colonna", "Significato (esempio)"),
    ]
    for col in COLUMNS:
        meaning = col.help_it
        if col.codes is not None:
            meaning += " Voci: " + "; ".join(c.it for c in col.codes.codes) + "."
        if col.example:
            meaning += f" Esempio: {col.example}"
        rows.append((col.header + (" *" if col.required else ""), meaning))
    return rows


def build_template(sector_slug: str, year: int) -> Workbook:
    """The data-entry workbook for one sector and year."""
    sector = load_registry().get(sector_slug)
    workbook = Workbook()
    info = workbook.active
    info.title = "Istruzioni"
    for row in _instructions(sector, year):
        info.append(list(row))
    info["A1"].font = Font(bold=True, size=14, color="1F4E79")
    info["A2"].font = Font(bold=True, size=12)
    header_index = next(i for i, row in enumerate(_instructions(sector, year), start=1) if row[0] == "Colonna")
    for cell in info[header_index]:
        cell.font = Font(bold=True)
    info.column_dimensions["A"].width = 30
    info.column_dimensions["B"].width = 110
    for row in info.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    sheet = workbook.create_sheet(ACTIVITY_SHEET)
    sheet["A1"] = f"Città di Torino – {sector.name} – Attività internazionali {year}"
    sheet["A1"].font = Font(bold=True, size=13, color="1F4E79")
    sheet["A2"] = f"Settore: {sector.slug} · Anno: {year} · Una riga per attività; * = obbligatorio"
    sheet["A2"].font = Font(italic=True, color="555555")
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_column = 0
    for index, col in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=HEADER_ROW, column=index, value=col.header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = REQUIRED_FILL if col.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letter].width = max(col.width, len(col.header) + 2)
        data_range = f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + TEMPLATE_ROWS}"
        choices: list[str] | None = None
        strict = True
        if col.codes is not None:
            choices = [c.it for c in col.codes.codes]
        elif col.kind == "network":
            choices, strict = list(KNOWN_NETWORKS), False
        if choices:
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=col.header)
            for row_index, choice in enumerate(choices, start=2):
                lists.cell(row=row_index, column=list_column, value=choice)
            source = f"'{LISTS_SHEET}'!${list_letter}$2:${list_letter}${len(choices) + 1}"
            validation = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
            validation.error = f"Scegliere una voce dell'elenco per «{col.header}»."
            validation.errorTitle = col.header
            validation.prompt = col.help_it
            validation.showErrorMessage = strict
            validation.errorStyle = "stop" if strict else "information"
            sheet.add_data_validation(validation)
            validation.add(data_range)
        elif col.kind == "date":
            validation = DataValidation(type="date", operator="greaterThan", formula1="DATE(1990,1,1)", allow_blank=True)
            validation.error = "Inserire una data nel formato gg/mm/aaaa."
            validation.prompt = col.help_it
            sheet.add_data_validation(validation)
            validation.add(data_range)
        for row_index in range(HEADER_ROW + 1, HEADER_ROW + TEMPLATE_ROWS + 1):
            if col.kind == "date":
                sheet.cell(row=row_index, column=index).number_format = DATE_FORMAT
            elif col.kind == "amount":
                sheet.cell(row=row_index, column=index).number_format = EURO_FORMAT
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=2)
    workbook.active = 1
    workbook.properties.title = f"Attività internazionali {year} – {sector.name}"
    workbook.properties.creator = "Città di Torino – intl-report"
    # A fixed date keeps the template byte-stable between runs.
    fixed = dt.datetime(year, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    return workbook


def write_template(sector_slug: str, year: int, path: Path | str) -> Path:
    path = Path(path)
    with atomic.atomic_path(path) as temporary:
        build_template(sector_slug, year).save(temporary)
    return path


def write_all_templates(year: int, folder: Path | str) -> list[Path]:
    folder = Path(folder)
    return [write_template(s.slug, year, folder / f"{s.slug}.xlsx") for s in load_registry().sectors]

"""The instructions sheet: what to report, how to fill in the form, where to send it, what each column means.

Everything it says is true of the workbook it is in: the dates it accepts (:mod:`.checks`), the rows carried
over from last year, the sector's own examples, the secretariat to send the file to (the registry's).
"""

from __future__ import annotations

import datetime as dt

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..formatting import format_date
from ..i18n import operator_language, say, say_plural
from ..registry import Registry, Sector
from ..schema import COLUMNS
from .checks import end_range, italian_date, start_range
from .examples import examples
from .form import ACTIVITY_SHEET, FIRST_DATA_ROW, HEADER_FILL, WRAPPED, fit_row_height, font, header

WIDTHS = {1: 30, 2: 110}  # the label, the text


def instructions(sector: Sector, year: int, registry: Registry, deadline: dt.date | None = None,
                 carried: int = 0, previous_year: int | None = None) -> list[tuple[str, str]]:
    """The sheet's rows (label, text); the table of columns closes it, under its own header row."""
    start_from, start_to = start_range(year)
    end_from, end_to = end_range(year)
    rows = [
        (say("template.heading", "{city} – {table}", city=registry.city, table=registry.table), ""),
        (say("template.workbook_title", "Attività internazionali {year} – {sector}", year=year, sector=sector.name), ""),
        ("", ""),
        (say("template.what.label", "Che cosa segnalare"),
         say("template.what", "Ogni attività internazionale svolta, avviata o in corso nel {year}: reti tematiche, "
             "progetti europei, gemellaggi, delegazioni, missioni, eventi, premi, scambi di buone pratiche, "
             "formazione.", year=year)),
        (say("template.how.label", "Come compilare"),
         say("template.how", "Una riga per attività nel foglio «{sheet}», a partire dalla riga {row}. Non cambiare "
             "i titoli delle colonne. Le colonne con l'intestazione rossa e l'asterisco (*) sono obbligatorie: in una "
             "riga compilata, una cella obbligatoria ancora vuota si colora di rosso chiaro. Selezionando una cella "
             "compare una breve spiegazione della colonna. Per le colonne con l'elenco a tendina scegliere una voce "
             "dell'elenco.", sheet=ACTIVITY_SHEET, row=FIRST_DATA_ROW)),
    ]
    if carried and previous_year is not None:
        rows.append((say("template.carried_over.label", "Attività già in corso"),
                     _carried_over(carried, year, previous_year)))
    rows += [
        (say("template.lists.label", "Più valori in una cella"),
         say("template.lists", "Separarli con il punto e virgola, per esempio: Germania; Francia.")),
        (say("template.values.label", "Date e importi"),
         say("template.values", "Date nel formato gg/mm/aaaa (es. {example}): la data di inizio tra il {start_from} "
             "e il {start_to}, la data di fine tra il {end_from} e il {end_to} e non prima della data di inizio. "
             "Importi in euro, senza testo (es. 12.500,00); partecipanti con un numero intero. Una data, un importo o "
             "una voce non validi vengono rifiutati mentre si scrivono.", example=italian_date(dt.date(year, 2, 3)),
             start_from=italian_date(start_from), start_to=italian_date(start_to), end_from=italian_date(end_from),
             end_to=italian_date(end_to))),
        (say("template.send.label", "Invio"), _sending(registry, deadline)),
        (say("template.personal.label", "Dati personali"),
         say("template.personal", "Il nome del referente serve solo al tavolo di coordinamento e non compare nel "
             "rapporto.")),
        ("", ""),
        (say("template.columns.label", "Colonna"), say("template.columns", "Significato (esempio)")),
    ]
    shown = examples(sector, year, registry)
    for col in COLUMNS:
        meaning = col.help_it
        if col.codes is not None:
            meaning += " " + say("template.choices", "Voci: {choices}.",
                                 choices="; ".join(c.it for c in col.codes.codes))
        if shown[col.name]:
            meaning += " " + say("template.example", "Esempio: {example}", example=shown[col.name])
        rows.append((header(col), meaning))
    return rows


def write_instructions(sheet: Worksheet, rows: list[tuple[str, str]]) -> None:
    """Write the rows, wrapped, each row as tall as its text."""
    for column, width in WIDTHS.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in rows:
        sheet.append(list(row))
    sheet["A1"].font = font(bold=True, size=14, color="1F4E79")
    sheet["A2"].font = font(bold=True, size=12)
    sheet.row_dimensions[1].height = 21
    sheet.row_dimensions[2].height = 18
    for index in range(4, len(rows) + 1):
        for cell in sheet[index]:
            cell.alignment = WRAPPED
        sheet.cell(row=index, column=1).font = font(bold=True)
        fit_row_height(sheet, index, WIDTHS)
    for cell in sheet[len(rows) - len(COLUMNS)]:  # the header of the table of columns
        cell.font = font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL


def _sending(registry: Registry, deadline: dt.date | None) -> str:
    secretariat = registry.secretariat
    to = (say("template.to", "{name} ({email})", name=secretariat.name, email=secretariat.email)
          if secretariat.name and secretariat.email else secretariat.email or secretariat.name or registry.table)
    if deadline is None:
        text = say("template.send", "Inviare il file compilato a {to}.", to=to)
    else:
        text = say("template.send_by", "Inviare il file compilato a {to} entro il {deadline}.", to=to,
                   deadline=format_date(deadline, operator_language()))
    return text + " " + say(
        "template.send_check",
        "Prima di inviarlo, controllare che nel foglio «{sheet}» nessuna cella sia colorata di rosso chiaro. La "
        "segreteria controlla ogni file e segnala riga e colonna di quello che c'è da correggere; per ogni dubbio, "
        "scrivere allo stesso indirizzo.",
        sheet=ACTIVITY_SHEET,
    )


def _carried_over(count: int, year: int, previous_year: int) -> str:
    return say_plural(
        "template.carried_over",
        "La riga {first} riporta l'attività del {previous} ancora in corso alla fine dell'anno, con il suo ID. "
        "Aggiornarla per il {year} (stato, date, importi) e scrivere i risultati del {year}, senza cambiare l'ID "
        "attività; se nel {year} non ha avuto seguito, cancellare la riga.",
        "Le righe da {first} a {last} riportano le {count} attività del {previous} ancora in corso alla fine "
        "dell'anno, con il loro ID. Aggiornarle per il {year} (stato, date, importi) e scrivere i risultati del "
        "{year}, senza cambiare l'ID attività; cancellare la riga di un'attività che nel {year} non ha avuto "
        "seguito.",
        count, first=FIRST_DATA_ROW, last=FIRST_DATA_ROW + count - 1, previous=previous_year, year=year,
    )

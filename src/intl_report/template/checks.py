"""What the activity sheet accepts while a cell is typed in, and how it marks what is missing.

Each column has one data validation: its help text shown when a cell is selected (an input message) and, for
dates, numbers and coded lists, a stop alert refusing anything else; the free-entry network list only points
out a name outside it (an informational alert). A required cell left empty in a row that has something in it
turns light red (a formula rule of conditional formatting). Excel and LibreOffice both apply them.
"""

from __future__ import annotations

import datetime as dt

from openpyxl.formatting.rule import FormulaRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..i18n import say
from ..schema import COLUMNS, KNOWN_NETWORKS, Column
from .form import FIRST_DATA_ROW, MISSING_FILL, header

# Dates accepted while typing. Start: old dates are real (twinning agreements go back to the 1950s, see
# parsing._TEXT_YEARS), an activity in preparation may start next year. End: an activity of the year has not
# ended before it, and none runs more than ten years on; never before the start date.
EARLIEST_START = dt.date(1950, 1, 1)
START_YEARS_AFTER = 1
END_YEARS_AFTER = 10

# Excel's limits for a data validation's messages (longer ones make Excel refuse to open the file).
PROMPT_LIMIT = 255
TITLE_LIMIT = 32


def start_range(year: int) -> tuple[dt.date, dt.date]:
    return EARLIEST_START, dt.date(year + START_YEARS_AFTER, 12, 31)


def end_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + END_YEARS_AFTER, 12, 31)


def italian_date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def choices(col: Column) -> list[str] | None:
    """The entries of the column's drop-down list, if it has one."""
    if col.codes is not None:
        return [c.it for c in col.codes.codes]
    if col.kind == "network":
        return list(KNOWN_NETWORKS)
    return None


def validation(col: Column, year: int, example: str, source: str | None = None) -> DataValidation:
    """The column's check: its help text when a cell is selected, and what may be typed in it.

    *source*: the range holding the column's drop-down list (see :func:`choices`).
    """
    help_text = col.help_it
    if example:
        help_text += " " + say("template.example", "Esempio: {example}", example=example)
    error = ""
    if col.kind == "date":
        check, title, error = _date_check(col, year)
    elif col.kind == "amount":
        check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        title = say("template.error.amount.title", "Importo non valido")
        error = say("template.error.amount", "Scrivere un importo in euro, zero o più, solo con le cifre (es. "
                    "12.500,00).")
    elif col.kind == "integer":
        check = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        title = say("template.error.integer.title", "Numero non valido")
        error = say("template.error.integer", "Scrivere un numero intero, zero o più (es. 120).")
    elif col.codes is not None:
        check = DataValidation(type="list", formula1=source)
        title = say("template.error.list.title", "Voce non prevista")
        error = say("template.error.list", "Scegliere una voce dell'elenco a tendina di «{column}».",
                    column=col.header)
    elif col.kind == "network":
        check = DataValidation(type="list", formula1=source)
        title = say("template.error.network.title", "Rete non in elenco")
        error = say("template.error.network", "Non è tra le reti e i programmi dell'elenco: va bene lo stesso se è "
                    "il nome completo della rete o del programma.")
    else:  # free text: the help text alone
        check = DataValidation()
    check.allow_blank = True
    check.showInputMessage = True
    check.promptTitle = _fit(header(col), TITLE_LIMIT)
    check.prompt = _fit(help_text, PROMPT_LIMIT)
    if error:
        check.showErrorMessage = True
        check.errorStyle = "information" if col.kind == "network" else "stop"
        check.errorTitle = _fit(title, TITLE_LIMIT)
        check.error = _fit(error, PROMPT_LIMIT)
    return check


def _date_check(col: Column, year: int) -> tuple[DataValidation, str, str]:
    title = say("template.error.date.title", "Data non valida")
    if col.name != "end_date":
        low, high = start_range(year)
        error = say("template.error.date", "Scrivere una data vera nel formato gg/mm/aaaa, tra il {low} e il "
                    "{high}.", low=italian_date(low), high=italian_date(high))
        return DataValidation(type="date", operator="between", formula1=_excel_date(low),
                              formula2=_excel_date(high)), title, error
    low, high = end_range(year)
    start = get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c.name == "start_date"))
    lowest = f"MAX({_excel_date(low)},{start}{FIRST_DATA_ROW})"  # relative: the same row's start date
    error = say("template.error.end_date", "Scrivere una data vera nel formato gg/mm/aaaa, non prima della data di "
                "inizio, tra il {low} e il {high}.", low=italian_date(low), high=italian_date(high))
    return DataValidation(type="date", operator="between", formula1=lowest, formula2=_excel_date(high)), title, error


def missing_required_rule(letter: str) -> FormulaRule:
    """Light red for the required cell of column *letter* when it is empty and its row has something in it."""
    row, last = FIRST_DATA_ROW, get_column_letter(len(COLUMNS))
    return FormulaRule(formula=[f"AND(COUNTA($A{row}:${last}{row})>0,LEN(TRIM({letter}{row}))=0)"],
                       fill=MISSING_FILL)


def _excel_date(value: dt.date) -> str:
    return f"DATE({value.year},{value.month},{value.day})"


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

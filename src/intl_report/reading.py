"""Reading a sector's workbook the way a patient colleague would.

A workbook is turned into a :class:`SheetTable`: the activity sheet and its
header row found by content (title or logo rows above it are skipped, the
sheet need not be the first), each header matched to a schema column through
synonyms, and the data rows with the row numbers and column positions Excel
shows (position 0 is column A). The file is first checked as a container by
:mod:`intl_report.containers` (what it really is, zip and XML bombs,
passwords); then its cells are read with calamine. Problems with the whole
file become :class:`~intl_report.containers.WorkbookError`, whose message is
an Italian sentence for the sector's referent saying what is wrong and what
to do; ``read_workbook`` raises nothing else.

Decisions:

- A value merged over several rows of the table (a type written once for
  three activities) belongs to each of those rows, as the eye reads it.
- Hidden rows are activities like the others (nothing is lost) and each
  gets a warning, so that a row hidden to mean "not this year" is noticed.
  Known for .xlsx/.xlsm (``hidden``) and .ods (collapsed rows); the .xls
  reader does not report hidden rows.
- Empty rows, and rows of blanks, are skipped; they are not activities.
- Bounded resources before a sheet's cells become Python objects: its last
  used row and its cell count, as calamine reports them (for every format,
  not only the .xlsx whose rows the container check counts). A sheet holds
  at most ``MAX_DATA_ROWS`` activities; 100,000 are read in about 1 s and
  cleaned in about 7 s. The bounds are in :mod:`intl_report.containers`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .containers import (
    HOW_TO_RESAVE,
    MAX_DATA_ROWS,
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
    Container,
    WorkbookError,
    check_container,
    workbook_error,
)
from .folding import fold
from .formatting import format_int
from .schema import COLUMNS, Column, Problem

# A header row must name at least this many schema columns.
MIN_HEADER_MATCHES = 3
HEADER_SEARCH_ROWS = 30


@dataclass
class SheetTable:
    file: str
    sheet: str
    header_row: int  # Excel row number of the header
    columns: dict[int, Column]  # position in the row -> schema column
    headers: dict[str, str]  # schema column name -> header as written in the file
    rows: list[tuple[int, list]]  # (Excel row number, cell values)
    problems: list[Problem] = field(default_factory=list)


@cache
def _header_index() -> dict[str, Column]:
    index: dict[str, Column] = {}
    for col in COLUMNS:
        for text in (col.header, col.name, col.label_en, *col.synonyms):
            index.setdefault(_header_key(text), col)
    return index


def _header_key(text: object) -> str:
    key = fold(str(text))
    key = re.sub(r"\((€|euro|eur)\)|€|\beuro\b|\beur\b", " ", key)
    key = re.sub(r"[^\w+ ]", " ", key)
    return " ".join(key.split())


def match_header(text: object) -> Column | None:
    """The schema column a header names, or None (``'Data di inizio'`` → start_date)."""
    if text is None:
        return None
    key = _header_key(text)
    return _header_index().get(key) if key else None


# --------------------------------------------------------------------------- the cells


@dataclass
class _Sheet:
    name: str
    values: list[list]  # row 0 is Excel row 1, column 0 is column A
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    hidden: bool


def _grid(path: Path, container: Container) -> list[_Sheet]:
    """Every worksheet's cells from Excel's A1, with its merged ranges."""
    import python_calamine as pc

    try:
        with path.open("rb") as handle:
            workbook = pc.CalamineWorkbook.from_filelike(handle)  # the format is taken from the content
    except pc.PasswordError as exc:
        raise workbook_error(path, "il file è protetto da password: togliere la password, salvarlo e inviarlo di "
                             "nuovo") from exc
    except pc.XmlError as exc:
        raise workbook_error(path, "il file contiene XML non valido e non può essere letto: " + HOW_TO_RESAVE) from exc
    except Exception as exc:  # calamine raises several error types for unreadable files
        what = "un file Excel 97-2003 (.xls)" if container.kind == "xls" else "un foglio di calcolo"
        raise workbook_error(path, f"il file sembra {what} ma è danneggiato o incompleto e non può essere letto: "
                             "inviare di nuovo il file originale, oppure " + HOW_TO_RESAVE) from exc
    sheets = []
    current = None
    try:
        for meta in workbook.sheets_metadata:
            if "Work" not in str(meta.typ):
                continue  # chart sheets, macro sheets
            current = meta.name
            sheet = workbook.get_sheet_by_name(meta.name)
            end = sheet.end
            if end is None:
                sheets.append(_Sheet(meta.name, [], [], "Visible" not in str(meta.visible)))
                continue
            rows, columns = end[0] + 1, end[1] + 1
            if rows > MAX_SHEET_ROWS:
                raise workbook_error(path, f"il foglio ha dati fino alla riga {format_int(rows)}, oltre il limite "
                                     f"di {format_int(MAX_SHEET_ROWS)} righe: eliminare le righe in fondo al foglio "
                                     "che non sono attività, oppure dividere le attività in più file", meta.name)
            if rows * columns > MAX_SHEET_CELLS:
                raise workbook_error(path, f"il foglio occupa {format_int(rows)} righe per {format_int(columns)} "
                                     "colonne, troppe celle da leggere: eliminare righe e colonne vuote o che non sono "
                                     "attività in fondo e a destra della tabella", meta.name)
            values = sheet.to_python(skip_empty_area=False, nrows=MAX_SHEET_ROWS)
            merged = list(sheet.merged_cell_ranges or container.merged.get(meta.name, []))
            sheets.append(_Sheet(meta.name, values, merged, "Visible" not in str(meta.visible)))
    except WorkbookError:
        raise
    except Exception as exc:
        raise workbook_error(path, "il file è danneggiato e il foglio non può essere letto: " + HOW_TO_RESAVE,
                             current) from exc
    finally:
        workbook.close()
    return sheets


def _find_header(values: list[list]) -> tuple[int, dict[int, Column]] | None:
    best: tuple[int, dict[int, Column]] | None = None
    for index, row in enumerate(values[:HEADER_SEARCH_ROWS]):
        mapping: dict[int, Column] = {}
        for position, cell in enumerate(row):
            col = match_header(cell) if isinstance(cell, str) else None
            if col is not None and col not in mapping.values():
                mapping[position] = col
        if len(mapping) >= MIN_HEADER_MATCHES and (best is None or len(mapping) > len(best[1])):
            best = (index, mapping)
    return best


def _is_empty_row(row: list) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def _fill_merged(values: list[list], merged, header_index: int) -> None:
    """A value merged over several rows of the table belongs to each of them (as the eye reads it)."""
    for (top, left), (bottom, _right) in merged:
        if top <= header_index or top >= len(values) or left >= len(values[top]):
            continue
        value = values[top][left]
        if _is_empty_row([value]):
            continue
        for row in range(top + 1, min(bottom, len(values) - 1) + 1):
            if _is_empty_row([values[row][left]]):
                values[row][left] = value


def _suggest_header(text: str) -> str | None:
    from rapidfuzz import process

    keys = {_header_key(c.header): c for c in COLUMNS}
    best = process.extractOne(_header_key(text), list(keys), score_cutoff=80)
    return keys[best[0]].header if best else None


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_workbook(path: Path | str) -> SheetTable:
    """Read the activity sheet of a workbook.

    Raises
    ------
    WorkbookError
        When the file is not a readable spreadsheet or holds no activity table;
        never any other exception.
    """
    path = Path(path)
    try:
        return _read(path)
    except WorkbookError:
        raise
    except MemoryError as exc:
        raise workbook_error(path, "il file è troppo grande per essere letto: dividere le attività in più "
                             "file") from exc
    except Exception as exc:  # a reader's bug must not become a traceback for the referent
        raise workbook_error(path, f"il file non può essere letto (errore imprevisto: {type(exc).__name__}): "
                             + HOW_TO_RESAVE + "; se il problema resta, inviarlo al tavolo di coordinamento") from exc


def _read(path: Path) -> SheetTable:
    container = check_container(path)
    sheets = _grid(path, container)
    if not sheets or all(_is_empty_sheet(sheet.values) for sheet in sheets):
        raise workbook_error(path, "la cartella di lavoro è vuota: nessun foglio contiene dati. Compilare il foglio "
                             "«Attività» del modello prodotto da «intl-report template» e inviarlo di nuovo")
    found = []
    for order, sheet in enumerate(sheets):
        header = _find_header(sheet.values)
        if header is not None:
            # the most complete header wins; visible sheets before hidden ones, then the first
            found.append(((len(header[1]), not sheet.hidden, -order), sheet, header))
    if not found:
        expected = ", ".join(f"«{c.header}»" for c in COLUMNS if c.required)
        looked = ", ".join(f"«{sheet.name}»" for sheet in sheets if not _is_empty_sheet(sheet.values))
        raise workbook_error(
            path,
            f"nessuna riga di intestazione riconosciuta nei fogli {looked} (cercata nelle prime {HEADER_SEARCH_ROWS} "
            "righe): la tabella delle attività deve avere una riga con i titoli delle colonne del modello, almeno "
            f"{expected}, e sotto una riga per attività. Copiare le attività nel modello prodotto da "
            "«intl-report template»",
        )
    _, sheet, (header_index, mapping) = max(found, key=lambda item: item[0])
    values = sheet.values
    header_row = header_index + 1
    header_cells = values[header_index]
    problems: list[Problem] = []
    headers = {col.name: str(header_cells[pos]).strip() for pos, col in mapping.items()}
    missing = [c for c in COLUMNS if c.required and c.name not in headers]
    if missing:
        names = ", ".join(f"«{c.header}»" for c in missing)
        plural = len(missing) > 1
        raise WorkbookError(
            Problem(
                path.name, sheet.name, header_row, None, None, "error",
                f"{'mancano le colonne obbligatorie' if plural else 'manca la colonna obbligatoria'} {names}: "
                f"{'aggiungerle' if plural else 'aggiungerla'} nella riga di intestazione (riga {header_row}) con "
                f"{'questi titoli' if plural else 'questo titolo'} e compilarla per ogni attività",
            )
        )
    if sheet.hidden:
        problems.append(Problem(path.name, sheet.name, None, None, None, "warning",
                                "il foglio delle attività è nascosto: viene letto comunque; renderlo visibile "
                                "(tasto destro sulle linguette dei fogli › Scopri) per controllarlo"))
    by_key = {_header_key(col.header): col for col in mapping.values()}
    for position, cell in enumerate(header_cells):
        if position in mapping or _is_empty_row([cell]):
            continue
        text = " ".join(str(cell).split())
        where = f"colonna {_column_letter(position)}"
        same = match_header(cell)
        if same is not None and same in mapping.values():
            message = (f"colonna doppia ({where} del foglio): indica anch'essa «{headers[same.name]}», già presente, "
                       "e viene ignorata; riportare i suoi dati nella prima colonna e cancellarla")
        else:
            message = f"colonna non prevista dal modello ({where} del foglio), viene ignorata"
            guess = _suggest_header(text)
            if guess and _header_key(guess) not in by_key:
                message += f"; se è la colonna «{guess}», rinominarla così"
            else:
                message += "; se contiene dati da riportare, spostarli nella colonna giusta del modello"
        problems.append(Problem(path.name, sheet.name, header_row, text, None, "warning", message))
    _fill_merged(values, sheet.merged, header_index)
    hidden = container.hidden_rows.get(sheet.name, set())
    rows: list[tuple[int, list]] = []
    width = len(header_cells)
    for index in range(header_index + 1, len(values)):
        row = values[index]
        if _is_empty_row(row):
            continue
        excel_row = index + 1
        rows.append((excel_row, [_plain(row[p]) if p < len(row) else None for p in range(width)]))
        if excel_row in hidden:
            problems.append(Problem(path.name, sheet.name, excel_row, None, None, "warning",
                                    "riga nascosta: viene letta come le altre attività; se non è un'attività da "
                                    "segnalare, cancellarla (scoprirla con tasto destro sui numeri di riga › Scopri)"))
        if len(rows) > MAX_DATA_ROWS:
            raise workbook_error(path, f"il foglio contiene più di {format_int(MAX_DATA_ROWS)} attività (limite per "
                                 "file): dividere le attività in più file, o eliminare le righe che non sono attività",
                                 sheet.name)
    if not rows:
        problems.append(Problem(path.name, sheet.name, header_row + 1, None, None, "warning",
                                "il foglio non contiene attività: compilare una riga per attività sotto "
                                f"l'intestazione (riga {header_row})"))
    return SheetTable(path.name, sheet.name, header_row, mapping, headers, rows, problems)


def _is_empty_sheet(values: list[list]) -> bool:
    return all(_is_empty_row(row) for row in values)


def _plain(value: object) -> object:
    """Calamine gives Excel dates as datetime; dates without time are plain dates."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, str) and not value.strip():
        return None
    return value

"""Reading a sector's workbook the way a patient colleague would.

A workbook is turned into a :class:`SheetTable`: the activity sheet and its
header row found by content (title or logo rows above it are skipped, the
sheet need not be the first), each header matched to a schema column through
synonyms, and the data rows with the row numbers and column positions Excel
shows (position 0 is column A). The file is first checked as a container by
:mod:`intl_report.containers` (what it really is, zip and XML bombs,
passwords); then its cells are read with calamine. Problems with the whole
file become :class:`~intl_report.containers.WorkbookError`, whose message is
a sentence for the sector's referent (Italian, through the catalogues) saying
what is wrong and what to do; ``read_workbook`` raises nothing else.

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
  not only the .xlsx and .ods whose extent the container check measures;
  calamine, like the container check, counts cells holding values, not
  style-only cells or empty rows). A sheet holds
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
    MAX_DATA_ROWS,
    MAX_SHEET_ROWS,
    Container,
    WorkbookError,
    check_container,
    check_extent,
    damaged_xls_error,
    how_to_resave,
    protected_error,
    sentence,
    use_template,
    workbook_error,
)
from .folding import fold
from .formatting import format_int
from .i18n import operator_language, say, say_plural
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
        with container.open(path) as handle:  # the file, or its normalised copy
            workbook = pc.CalamineWorkbook.from_filelike(handle)  # the format is taken from the content
    except pc.PasswordError as exc:  # the container check knows every encryption it has met; calamine may know more
        raise protected_error(path) from exc
    except pc.XmlError as exc:
        raise workbook_error(path, say("reading.invalid_xml", "il file contiene XML non valido e non può essere "
                                       "letto: {how_to_resave}", how_to_resave=how_to_resave())) from exc
    except BaseException as exc:  # calamine raises several error types for unreadable files
        if not _reader_failure(exc):
            raise
        if container.kind == "xls":
            raise damaged_xls_error(path) from exc
        raise workbook_error(path, say("reading.damaged", "il file sembra un foglio di calcolo ma è danneggiato o "
                                       "incompleto e non può essere letto: inviare di nuovo il file originale, oppure "
                                       "{how_to_resave}", how_to_resave=how_to_resave())) from exc
    sheets = []
    current = None
    try:
        for meta in workbook.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue  # chart sheets, macro sheets
            current = meta.name
            sheet = workbook.get_sheet_by_name(meta.name)
            end = sheet.end
            if end is None:
                sheets.append(_Sheet(meta.name, [], [], meta.visible != pc.SheetVisibleEnum.Visible))
                continue
            check_extent(path, meta.name, end[0] + 1, end[1] + 1)
            values = sheet.to_python(skip_empty_area=False, nrows=MAX_SHEET_ROWS)
            merged = list(sheet.merged_cell_ranges or container.merged.get(meta.name, []))
            sheets.append(_Sheet(meta.name, values, merged, meta.visible != pc.SheetVisibleEnum.Visible))
    except WorkbookError:
        raise
    except BaseException as exc:
        if not _reader_failure(exc):
            raise
        raise workbook_error(path, say("reading.damaged_sheet", "il file è danneggiato e il foglio non può essere "
                                       "letto: {how_to_resave}", how_to_resave=how_to_resave()), current) from exc
    finally:
        workbook.close()
    return sheets


def _reader_failure(exc: BaseException) -> bool:
    """Whether calamine failed on the file: its errors, or a panic of its Rust code on damaged bytes, which reaches
    Python as pyo3's ``PanicException``, a BaseException like KeyboardInterrupt."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


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
        raise workbook_error(path, say("reading.out_of_memory", "il file è troppo grande per essere letto: dividere "
                                       "le attività in più file")) from exc
    except Exception as exc:  # a reader's bug must not become a traceback for the referent
        message = say("reading.unexpected", "il file non può essere letto (errore imprevisto: {kind}): "
                      "{how_to_resave}; se il problema resta, inviarlo al tavolo di coordinamento",
                      kind=type(exc).__name__, how_to_resave=how_to_resave())
        raise workbook_error(path, message) from exc


def _read(path: Path) -> SheetTable:
    container = check_container(path)
    sheets = _grid(path, container)
    if not sheets or all(_is_empty_sheet(sheet.values) for sheet in sheets):
        raise workbook_error(path, say("reading.empty_workbook", "la cartella di lavoro è vuota: nessun foglio "
                                       "contiene dati. Compilare il foglio «Attività» del modello inviato dalla "
                                       "segreteria e inviarlo di nuovo"))
    found = []
    for order, sheet in enumerate(sheets):
        header = _find_header(sheet.values)
        if header is not None:
            # the most complete header wins; visible sheets before hidden ones, then the first
            found.append(((len(header[1]), not sheet.hidden, -order), sheet, header))
    if not found:
        expected = ", ".join(f"«{c.header}»" for c in COLUMNS if c.required)
        looked = [f"«{sheet.name}»" for sheet in sheets if not _is_empty_sheet(sheet.values)]
        raise workbook_error(path, say_plural(
            "reading.no_header",
            "nessuna riga di intestazione riconosciuta nel foglio {sheets} (cercata nelle prime {rows} righe): la "
            "tabella delle attività deve avere una riga con i titoli delle colonne del modello, almeno {expected}, e "
            "sotto una riga per attività. {use_template}",
            "nessuna riga di intestazione riconosciuta nei fogli {sheets} (cercata nelle prime {rows} righe): la "
            "tabella delle attività deve avere una riga con i titoli delle colonne del modello, almeno {expected}, e "
            "sotto una riga per attività. {use_template}",
            len(looked), sheets=", ".join(looked), rows=HEADER_SEARCH_ROWS, expected=expected,
            use_template=sentence(use_template())))
    _, sheet, (header_index, mapping) = max(found, key=lambda item: item[0])
    values = sheet.values
    header_row = header_index + 1
    header_cells = values[header_index]
    problems: list[Problem] = []
    headers = {col.name: str(header_cells[pos]).strip() for pos, col in mapping.items()}
    missing = [c for c in COLUMNS if c.required and c.name not in headers]
    if missing:
        names = ", ".join(f"«{c.header}»" for c in missing)
        raise workbook_error(path, say_plural(
            "reading.missing_columns",
            "manca la colonna obbligatoria {names}: aggiungerla nella riga di intestazione (riga {row}) con questo "
            "titolo e compilarla per ogni attività",
            "mancano le colonne obbligatorie {names}: aggiungerle nella riga di intestazione (riga {row}) con questi "
            "titoli e compilarle per ogni attività",
            len(missing), names=names, row=header_row), sheet.name, header_row)
    if sheet.hidden:
        problems.append(Problem(path.name, sheet.name, None, None, None, "warning", say(
            "reading.hidden_sheet", "il foglio delle attività è nascosto: viene letto comunque; renderlo visibile "
            "(tasto destro sulle linguette dei fogli › Scopri) per controllarlo")))
    by_key = {_header_key(col.header): col for col in mapping.values()}
    for position, cell in enumerate(header_cells):
        if position in mapping or _is_empty_row([cell]):
            continue
        text = " ".join(str(cell).split())
        letter = _column_letter(position)
        same = match_header(cell)
        guess = None if same is not None and same in mapping.values() else _suggest_header(text)
        if same is not None and same in mapping.values():
            message = say("reading.duplicate_column", "colonna doppia (colonna {letter} del foglio): indica anch'essa "
                          "«{header}», già presente, e viene ignorata; riportare i suoi dati nella prima colonna e "
                          "cancellarla", letter=letter, header=headers[same.name])
        elif guess and _header_key(guess) not in by_key:
            message = say("reading.unknown_column_rename", "colonna non prevista dal modello (colonna {letter} del "
                          "foglio), viene ignorata; se è la colonna «{header}», rinominarla così", letter=letter,
                          header=guess)
        else:
            message = say("reading.unknown_column", "colonna non prevista dal modello (colonna {letter} del foglio), "
                          "viene ignorata; se contiene dati da riportare, spostarli nella colonna giusta del modello",
                          letter=letter)
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
            problems.append(Problem(path.name, sheet.name, excel_row, None, None, "warning", say(
                "reading.hidden_row", "riga nascosta: viene letta come le altre attività; se non è un'attività da "
                "segnalare, cancellarla (scoprirla con tasto destro sui numeri di riga › Scopri)")))
        if len(rows) > MAX_DATA_ROWS:
            raise workbook_error(path, say("reading.too_many_activities", "il foglio contiene più di {limit} "
                                           "attività (limite per file): dividere le attività in più file, o "
                                           "eliminare le righe che non sono attività",
                                           limit=format_int(MAX_DATA_ROWS, operator_language())), sheet.name)
    if not rows:
        problems.append(Problem(path.name, sheet.name, header_row + 1, None, None, "warning", say(
            "reading.no_activities", "il foglio non contiene attività: compilare una riga per attività sotto "
            "l'intestazione (riga {row})", row=header_row)))
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

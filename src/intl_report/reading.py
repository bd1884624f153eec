"""Reading a sector's workbook the way a patient colleague would.

A workbook is turned into a :class:`SheetTable`: the header row found by its
content (title or logo rows above it are skipped), each header matched to a
schema column through synonyms, and the data rows with the row numbers Excel
shows. Problems with the whole file become :class:`WorkbookError`, whose
message is an Italian sentence for the sector's referent.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .parsing import fold
from .schema import COLUMNS, Column, Problem

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
# A header row must name at least this many schema columns, the title among them.
MIN_HEADER_MATCHES = 3
HEADER_SEARCH_ROWS = 30
# Bounds against zip bombs and runaway files (sector workbooks are small).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_DATA_ROWS = 100_000


class WorkbookError(Exception):
    """The whole workbook cannot be used; ``problem`` says why, in Italian."""

    def __init__(self, problem: Problem):
        super().__init__(problem.sentence())
        self.problem = problem


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


def _fail(path: Path, message: str, sheet: str | None = None) -> WorkbookError:
    return WorkbookError(Problem(path.name, sheet, None, None, None, "error", message))


def _check_container(path: Path) -> None:
    """Refuse files that are not spreadsheets or would expand without bound."""
    if not path.exists():
        raise _fail(path, "file non trovato")
    if path.stat().st_size == 0:
        raise _fail(path, "il file è vuoto (0 byte)")
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise _fail(path, f"non è un foglio di calcolo: sono accettati i file {', '.join(SPREADSHEET_SUFFIXES)}")
    with path.open("rb") as handle:
        magic = handle.read(8)
    if suffix in (".xlsx", ".xlsm", ".xlsb", ".ods"):
        if magic.startswith(b"\xd0\xcf\x11\xe0"):
            raise _fail(path, "il file è protetto da password (cifrato): salvarlo senza password e inviarlo di nuovo")
        if not zipfile.is_zipfile(path):
            raise _fail(path, "il file è danneggiato o incompleto, oppure non è un foglio di calcolo: aprirlo e salvarlo di nuovo")
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
            packed = max(1, sum(info.compress_size for info in archive.infolist()))
        if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO and total > 10_000_000:
            raise _fail(path, "il file si espande in modo anomalo (possibile «zip bomb»): non viene letto")


def _grid(path: Path) -> list[tuple[str, int, list[list]]]:
    """Every visible sheet as (name, first Excel row, rows of values)."""
    import python_calamine as pc

    try:
        workbook = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError as exc:
        raise _fail(path, "il file è protetto da password: salvarlo senza password e inviarlo di nuovo") from exc
    except Exception as exc:  # calamine raises several error types for unreadable files
        raise _fail(path, "il file è danneggiato o non è un foglio di calcolo leggibile: aprirlo e salvarlo di nuovo") from exc
    sheets = []
    try:
        for meta in workbook.sheets_metadata:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet") and "Work" not in str(meta.typ):
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            start = sheet.start
            first_row = (start[0] + 1) if start else 1
            values = sheet.to_python(skip_empty_area=True, nrows=MAX_DATA_ROWS + HEADER_SEARCH_ROWS + 1)
            sheets.append((meta.name, first_row, values, str(meta.visible)))
    except Exception as exc:
        raise _fail(path, "il file è danneggiato e non può essere letto: aprirlo e salvarlo di nuovo") from exc
    finally:
        workbook.close()
    visible = [(n, r, v) for n, r, v, vis in sheets if "Hidden" not in vis]
    return visible or [(n, r, v) for n, r, v, _ in sheets]


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


def read_workbook(path: Path | str) -> SheetTable:
    """Read the activity sheet of a workbook.

    Raises
    ------
    WorkbookError
        When the file is not a readable spreadsheet or holds no activity table.
    """
    path = Path(path)
    _check_container(path)
    sheets = _grid(path)
    if not sheets or all(not values for _, _, values in sheets):
        raise _fail(path, "la cartella di lavoro è vuota: nessun foglio contiene dati")
    found = []
    for name, first_row, values in sheets:
        header = _find_header(values)
        if header is not None:
            found.append((len(header[1]), name, first_row, values, header))
    if not found:
        expected = ", ".join(f"«{c.header}»" for c in COLUMNS if c.required)
        raise _fail(
            path,
            "nessuna riga di intestazione riconosciuta: la prima riga della tabella deve contenere i nomi delle "
            f"colonne del modello (almeno {expected}); usare il modello prodotto da «intl-report template»",
        )
    _, sheet_name, first_row, values, (header_index, mapping) = max(found, key=lambda item: item[0])
    header_row = first_row + header_index
    header_cells = values[header_index]
    problems: list[Problem] = []
    headers = {col.name: str(header_cells[pos]).strip() for pos, col in mapping.items()}
    missing = [c for c in COLUMNS if c.required and c.name not in headers]
    if missing:
        names = ", ".join(f"«{c.header}»" for c in missing)
        raise WorkbookError(
            Problem(
                path.name, sheet_name, header_row, None, None, "error",
                f"manca la colonna obbligatoria {names}: aggiungerla all'intestazione (riga {header_row})",
            )
        )
    for position, cell in enumerate(header_cells):
        if position not in mapping and cell not in (None, "") and str(cell).strip():
            problems.append(
                Problem(
                    path.name, sheet_name, header_row, str(cell).strip(), None, "warning",
                    "colonna non prevista dal modello: viene ignorata",
                )
            )
    rows: list[tuple[int, list]] = []
    body = values[header_index + 1 :]
    if len(body) > MAX_DATA_ROWS:
        raise _fail(path, f"il foglio ha più di {MAX_DATA_ROWS:,} righe: dividere il file o rimuovere le righe vuote".replace(",", "."), sheet_name)
    for offset, row in enumerate(body):
        if _is_empty_row(row):
            continue
        rows.append((header_row + 1 + offset, [_plain(row[p]) if p < len(row) else None for p in range(len(header_cells))]))
    return SheetTable(path.name, sheet_name, header_row, mapping, headers, rows, problems)


def _plain(value: object) -> object:
    """Calamine gives Excel dates as datetime; dates without time are plain dates."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value

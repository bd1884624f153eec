"""Reading a sector's workbook the way a patient colleague would.

A workbook is turned into a :class:`SheetTable`: the activity sheet and its
header row found by content (title or logo rows above it are skipped, the
sheet need not be the first), each header matched to a schema column through
synonyms, and the data rows with the row numbers and column positions Excel
shows (position 0 is column A). Problems with the whole file become
:class:`WorkbookError`, whose message is an Italian sentence for the sector's
referent saying what is wrong and what to do; ``read_workbook`` raises
nothing else.

Decisions:

- The file is recognised by its bytes, not its name: an .xls renamed .xlsx
  is read; a PDF, text/CSV or Word file gets a message naming what it is.
- A value merged over several rows of the table (a type written once for
  three activities) belongs to each of those rows, as the eye reads it.
- Hidden rows are activities like the others (nothing is lost) and each
  gets a warning, so that a row hidden to mean "not this year" is noticed.
  Known for .xlsx/.xlsm (``hidden``) and .ods (collapsed rows); the .xls
  reader does not report hidden rows.
- Empty rows, and rows of blanks, are skipped; they are not activities.
- Bounded resources before any spreadsheet reader runs: file size, declared
  and actual decompressed size (zip bombs), no DTD or entity declaration in
  any XML part (XML bombs; calamine refuses entities too, openpyxl parses
  through defusedxml), the last used row and the cell count of each sheet.
  A sheet holds at most :data:`MAX_DATA_ROWS` activities; 100,000 are read
  in about 1 s and cleaned in about 7 s.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .layout import SPREADSHEET_SUFFIXES
from .parsing import fold
from .schema import COLUMNS, Column, Problem

# A header row must name at least this many schema columns.
MIN_HEADER_MATCHES = 3
HEADER_SEARCH_ROWS = 30
# Bounds against zip and XML bombs and runaway files (sector workbooks are small).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_DATA_ROWS = 100_000  # activities in one sheet
MAX_SHEET_ROWS = MAX_DATA_ROWS + 1_000  # last used row of any sheet (room for titles and blank rows)
MAX_SHEET_CELLS = 6_000_000  # rows x columns of the used area, before it becomes Python objects
_CHUNK = 1 << 20
_HOW_TO_RESAVE = "aprirlo in Excel (o LibreOffice) e salvarlo di nuovo come «Cartella di lavoro di Excel (.xlsx)»"
_USE_TEMPLATE = "copiare le attività nel modello prodotto da «intl-report template» e inviare quel file"
_DOCUMENT_SUFFIXES = {".doc": "Word", ".docx": "Word", ".odt": "OpenDocument", ".pdf": "PDF", ".txt": "di testo",
                      ".rtf": "RTF", ".pptx": "PowerPoint", ".ppt": "PowerPoint", ".html": "HTML", ".htm": "HTML"}


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


def _fail(path: Path, message: str, sheet: str | None = None, row: int | None = None) -> WorkbookError:
    return WorkbookError(Problem(path.name, sheet, row, None, None, "error", message))


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


# --------------------------------------------------------------------------- the container


@dataclass
class _Container:
    """What the file really is, learnt from its bytes before any spreadsheet reader sees it."""

    kind: str  # xlsx | ods | xls | xlsb
    hidden_rows: dict[str, set[int]] = field(default_factory=dict)  # sheet name -> hidden rows (xlsx, ods)
    merged: dict[str, list] = field(default_factory=dict)  # sheet name -> merged ranges, where calamine has none (ods)


def _check_container(path: Path) -> _Container:
    """Refuse files that are not spreadsheets, are damaged, encrypted, or would expand without bound."""
    if not path.is_file():
        raise _fail(path, "file non trovato: controllare il nome e la cartella")
    size = path.stat().st_size
    if size == 0:
        raise _fail(path, "il file è vuoto (0 byte): il salvataggio o l'invio non è andato a buon fine; inviarlo di nuovo")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raise _fail(path, "è un file CSV (testo), non un foglio di calcolo: " + _HOW_TO_RESAVE)
    if suffix in _DOCUMENT_SUFFIXES:
        raise _fail(path, f"è un documento {_DOCUMENT_SUFFIXES[suffix]}, non un foglio di calcolo: {_USE_TEMPLATE}")
    if suffix not in SPREADSHEET_SUFFIXES:
        shown = f"«{suffix}»" if suffix else "assente"
        raise _fail(path, f"estensione {shown} non riconosciuta: sono accettati i fogli di calcolo "
                    f"{', '.join(SPREADSHEET_SUFFIXES)}; " + _HOW_TO_RESAVE)
    if size > MAX_FILE_BYTES:
        raise _fail(path, f"il file è troppo grande ({size // 2**20} MB, limite {MAX_FILE_BYTES // 2**20} MB): "
                    "togliere immagini e fogli che non servono, oppure " + _USE_TEMPLATE)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _check_ole(path, suffix)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _check_zip(path)
    if head.startswith(b"%PDF"):
        raise _fail(path, f"il file è un PDF con estensione «{path.suffix}», non un foglio di calcolo: inviare il file "
                    "Excel originale, oppure " + _USE_TEMPLATE)
    if _looks_like_text(path):
        raise _fail(path, f"il file contiene testo semplice (per esempio CSV o HTML) con estensione «{path.suffix}», "
                    "non è un vero foglio di calcolo (oppure è danneggiato): " + _HOW_TO_RESAVE)
    raise _fail(path, f"il file non è un foglio di calcolo (il contenuto non corrisponde all'estensione «{path.suffix}») "
                "oppure è danneggiato: " + _HOW_TO_RESAVE)


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    if b"\0" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not just a character cut at the end of the sample
            try:
                sample.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def _check_ole(path: Path, suffix: str) -> _Container:
    """An OLE2 container: an Excel 97-2003 workbook, or an encrypted (password-protected) modern one."""
    data = path.read_bytes()
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        raise _fail(path, "il file è protetto da password (cifrato) e non può essere letto: aprirlo, togliere la "
                    "password (in Excel: File › Informazioni › Proteggi cartella di lavoro › Crittografa con password, "
                    "cancellare la password), salvarlo e inviarlo di nuovo")
    return _Container("xls")  # an .xls, possibly renamed: it is read by its content


def _check_zip(path: Path) -> _Container:
    import zlib

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _fail(path, "il file è incompleto o danneggiato (per esempio un download o una copia interrotti): "
                    "inviare di nuovo il file originale, oppure " + _HOW_TO_RESAVE) from exc
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "xl/workbook.xml" in names:
            kind = "xlsx"
        elif "xl/workbook.bin" in names:
            kind = "xlsb"
        elif "content.xml" in names and b"opendocument.spreadsheet" in _member_head(archive, "mimetype"):
            kind = "ods"
        elif any(name.startswith("word/") for name in names) or b"opendocument.text" in _member_head(archive, "mimetype"):
            raise _fail(path, f"il file è un documento di testo (Word o simile) con estensione «{path.suffix}», non un "
                        "foglio di calcolo: " + _USE_TEMPLATE)
        else:
            raise _fail(path, "il file è un archivio compresso ma non contiene un foglio di calcolo: " + _USE_TEMPLATE)
        total = sum(info.file_size for info in infos)
        packed = max(1, sum(info.compress_size for info in infos))
        if total > MAX_UNCOMPRESSED_BYTES or (total / packed > MAX_COMPRESSION_RATIO and total > 10_000_000):
            raise _bomb(path, total)
        sheets = _worksheet_parts(path, archive) if kind == "xlsx" else {}
        container = _Container(kind)
        expanded = 0
        for info in infos:
            if info.is_dir():
                continue
            sheet = sheets.get(info.filename)
            scan = _RowScan() if sheet is not None else None
            is_xml = info.filename.endswith((".xml", ".rels", ".vml"))
            try:
                with archive.open(info) as member:
                    tail = b""
                    while chunk := member.read(_CHUNK):
                        expanded += len(chunk)
                        if expanded > MAX_UNCOMPRESSED_BYTES:
                            raise _bomb(path, expanded)
                        if not is_xml:
                            continue
                        window = tail + chunk
                        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                            raise _fail(path, "il file contiene dichiarazioni XML che un foglio di calcolo non usa "
                                        f"(DTD o entità in «{info.filename}», possibile «XML bomb»): non viene letto "
                                        "per sicurezza. " + _HOW_TO_RESAVE[0].upper() + _HOW_TO_RESAVE[1:])
                        if scan is not None:
                            tail = scan.feed(window)
                        else:
                            tail = window[-16:]
            except WorkbookError:
                raise
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
                raise _fail(path, f"il file è danneggiato (la parte «{info.filename}» non si legge o non supera il "
                            "controllo di integrità): inviare di nuovo il file originale, oppure " + _HOW_TO_RESAVE
                            + " (Excel propone di ripristinarlo)") from exc
            if scan is not None:
                if scan.last_row > MAX_SHEET_ROWS:
                    raise _fail(path, f"il foglio ha dati fino alla riga {_thousands(scan.last_row)}, oltre il limite "
                                f"di {_thousands(MAX_SHEET_ROWS)} righe: eliminare le righe in fondo al foglio che non "
                                "sono attività (selezionarle e usare «Elimina righe»), oppure dividere le attività in "
                                "più file", sheet)
                if scan.hidden:
                    container.hidden_rows[sheet] = scan.hidden
        if kind == "ods":  # only now: content.xml has passed the DTD and size checks
            _ods_layout(archive, container)
    return container


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_layout(archive: zipfile.ZipFile, container: _Container) -> None:
    """Row spans and collapsed rows of an OpenDocument spreadsheet, which calamine does not report."""
    from defusedxml.ElementTree import iterparse

    name, row, column = None, 0, 0
    try:
        with archive.open("content.xml") as content:
            for event, element in iterparse(content, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == _ODS_TABLE + "table":
                        name, row = element.get(_ODS_TABLE + "name"), 0
                    elif tag == _ODS_TABLE + "table-row":
                        column = 0
                        if element.get(_ODS_TABLE + "visibility") in ("collapse", "filter"):
                            container.hidden_rows.setdefault(name, set()).add(row + 1)
                    elif tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell"):
                        rows = int(element.get(_ODS_TABLE + "number-rows-spanned", "1"))
                        columns = int(element.get(_ODS_TABLE + "number-columns-spanned", "1"))
                        if rows > 1 or columns > 1:
                            container.merged.setdefault(name, []).append(((row, column),
                                                                          (row + rows - 1, column + columns - 1)))
                        column += int(element.get(_ODS_TABLE + "number-columns-repeated", "1"))
                    continue
                if tag == _ODS_TABLE + "table-row":
                    row += int(element.get(_ODS_TABLE + "number-rows-repeated", "1"))
                    element.clear()
    except Exception:  # spans and hidden rows are a courtesy; calamine reports real damage
        return


def _member_head(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        with archive.open(name) as member:
            return member.read(200)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return b""


def _bomb(path: Path, size: int) -> WorkbookError:
    return _fail(path, f"il file, una volta decompresso, occuperebbe almeno {size // 2**20} MB (il limite è "
                 f"{MAX_UNCOMPRESSED_BYTES // 2**20} MB; un file di attività ne occupa di solito meno di 1): possibile "
                 "«zip bomb», non viene letto per sicurezza. Se il file è vostro, " + _HOW_TO_RESAVE
                 + " dopo aver tolto immagini e contenuti incollati")


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(/?)>")
_ROW_NUMBER = re.compile(rb"\br=\"(\d+)\"")
_HIDDEN = re.compile(rb"\bhidden=\"(?:1|true)\"")


class _RowScan:
    """Streams a worksheet's XML: the last row holding cells and the hidden rows, without parsing it."""

    def __init__(self) -> None:
        self.row = 0
        self.last_row = 0
        self.hidden: set[int] = set()

    def feed(self, window: bytes) -> bytes:
        """Scan the complete tags in ``window``; return the unfinished tail to prepend to the next chunk."""
        cut = window.rfind(b"<")
        complete, tail = (window[:cut], window[cut:]) if cut >= 0 else (window, b"")
        if b">" in tail:  # the last tag is complete too
            complete, tail = window, b""
        for match in _ROW_TAG.finditer(complete):
            attributes = match[1]
            number = _ROW_NUMBER.search(attributes)
            self.row = int(number[1]) if number else self.row + 1
            if not match[2]:  # <row …/> holds no cells
                self.last_row = max(self.last_row, self.row)
            if _HIDDEN.search(attributes):
                self.hidden.add(self.row)
        return tail[:4096]


def _worksheet_parts(path: Path, archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name (``xl/worksheets/sheet1.xml``) -> sheet name, from the workbook's own XML."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        workbook = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ParseError, DefusedXmlException, zipfile.BadZipFile, OSError, ValueError):
        return {}  # calamine will say what is wrong
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id")] = posixpath.normpath(target)
    parts = {}
    for element in workbook.iter():
        if element.tag.endswith("}sheet") or element.tag == "sheet":
            rid = next((value for key, value in element.attrib.items() if key.endswith("}id")), None)
            if rid in targets:
                parts[targets[rid]] = element.get("name", "")
    return parts


# --------------------------------------------------------------------------- the cells


@dataclass
class _Sheet:
    name: str
    values: list[list]  # row 0 is Excel row 1, column 0 is column A
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    hidden: bool


def _grid(path: Path, container: _Container) -> list[_Sheet]:
    """Every worksheet's cells from Excel's A1, with its merged ranges."""
    import python_calamine as pc

    try:
        with path.open("rb") as handle:
            workbook = pc.CalamineWorkbook.from_filelike(handle)  # the format is taken from the content
    except pc.PasswordError as exc:
        raise _fail(path, "il file è protetto da password: togliere la password, salvarlo e inviarlo di nuovo") from exc
    except pc.XmlError as exc:
        raise _fail(path, "il file contiene XML non valido e non può essere letto: " + _HOW_TO_RESAVE) from exc
    except Exception as exc:  # calamine raises several error types for unreadable files
        what = "un file Excel 97-2003 (.xls)" if container.kind == "xls" else "un foglio di calcolo"
        raise _fail(path, f"il file sembra {what} ma è danneggiato o incompleto e non può essere letto: inviare di nuovo "
                    "il file originale, oppure " + _HOW_TO_RESAVE) from exc
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
                raise _fail(path, f"il foglio ha dati fino alla riga {_thousands(rows)}, oltre il limite di "
                            f"{_thousands(MAX_SHEET_ROWS)} righe: eliminare le righe in fondo al foglio che non sono "
                            "attività, oppure dividere le attività in più file", meta.name)
            if rows * columns > MAX_SHEET_CELLS:
                raise _fail(path, f"il foglio occupa {_thousands(rows)} righe per {_thousands(columns)} colonne, "
                            "troppe celle da leggere: eliminare righe e colonne vuote o che non sono attività in fondo "
                            "e a destra della tabella", meta.name)
            values = sheet.to_python(skip_empty_area=False, nrows=MAX_SHEET_ROWS)
            merged = list(sheet.merged_cell_ranges or container.merged.get(meta.name, []))
            sheets.append(_Sheet(meta.name, values, merged, "Visible" not in str(meta.visible)))
    except WorkbookError:
        raise
    except Exception as exc:
        raise _fail(path, "il file è danneggiato e il foglio non può essere letto: " + _HOW_TO_RESAVE, current) from exc
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
        raise _fail(path, "il file è troppo grande per essere letto: dividere le attività in più file") from exc
    except Exception as exc:  # a reader's bug must not become a traceback for the referent
        raise _fail(path, f"il file non può essere letto (errore imprevisto: {type(exc).__name__}): " + _HOW_TO_RESAVE
                    + "; se il problema resta, inviarlo al tavolo di coordinamento") from exc


def _read(path: Path) -> SheetTable:
    container = _check_container(path)
    sheets = _grid(path, container)
    if not sheets or all(_is_empty_sheet(sheet.values) for sheet in sheets):
        raise _fail(path, "la cartella di lavoro è vuota: nessun foglio contiene dati. Compilare il foglio «Attività» "
                    "del modello prodotto da «intl-report template» e inviarlo di nuovo")
    found = []
    for order, sheet in enumerate(sheets):
        header = _find_header(sheet.values)
        if header is not None:
            # the most complete header wins; visible sheets before hidden ones, then the first
            found.append(((len(header[1]), not sheet.hidden, -order), sheet, header))
    if not found:
        expected = ", ".join(f"«{c.header}»" for c in COLUMNS if c.required)
        looked = ", ".join(f"«{sheet.name}»" for sheet in sheets if not _is_empty_sheet(sheet.values))
        raise _fail(
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
            raise _fail(path, f"il foglio contiene più di {_thousands(MAX_DATA_ROWS)} attività (limite per file): "
                        "dividere le attività in più file, o eliminare le righe che non sono attività", sheet.name)
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

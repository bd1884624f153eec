"""Checking a sector's file as a container, before any spreadsheet reader opens it.

:func:`check_container` learns from the file's bytes what it really is (an
.xlsx/.xlsm or .xlsb zip package, an .ods, an Excel 97-2003 .xls) and refuses
what cannot be read safely: missing, empty or oversized files, documents and
text that are not spreadsheets, damaged or truncated archives,
password-protected (encrypted) workbooks, zip and XML bombs. A refusal is a
:class:`WorkbookError`, whose message is an Italian sentence for the sector's
referent saying what is wrong and what to do.

Decisions:

- The file is recognised by its bytes, not its name: an .xls renamed .xlsx
  is read; a PDF, text/CSV or Word file gets a message naming what it is.
- Bounded resources before any spreadsheet reader runs: file size, declared
  and actual decompressed size (zip bombs), no DTD or entity declaration in
  any XML part (XML bombs; calamine refuses entities too, openpyxl parses
  through defusedxml), the last used row of each .xlsx worksheet, streamed
  from its XML. Every bound on a workbook is here, including those
  :mod:`intl_report.reading` applies to the cells.
- What calamine does not report is learnt on the way, in the same pass: the
  hidden rows of .xlsx/.xlsm sheets, and the collapsed rows and row spans of
  .ods ones (:class:`Container`).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .formatting import format_int
from .layout import SPREADSHEET_SUFFIXES
from .schema import Problem

# Bounds against zip and XML bombs and runaway files (sector workbooks are small).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_DATA_ROWS = 100_000  # activities in one sheet
MAX_SHEET_ROWS = MAX_DATA_ROWS + 1_000  # last used row of any sheet (room for titles and blank rows)
MAX_SHEET_CELLS = 6_000_000  # rows x columns of the used area, before it becomes Python objects
_CHUNK = 1 << 20
# The end of many messages, here and in reading: what the referent can do about the file.
HOW_TO_RESAVE = "aprirlo in Excel (o LibreOffice) e salvarlo di nuovo come «Cartella di lavoro di Excel (.xlsx)»"
_USE_TEMPLATE = "copiare le attività nel modello prodotto da «intl-report template» e inviare quel file"
_DOCUMENT_SUFFIXES = {".doc": "Word", ".docx": "Word", ".odt": "OpenDocument", ".pdf": "PDF", ".txt": "di testo",
                      ".rtf": "RTF", ".pptx": "PowerPoint", ".ppt": "PowerPoint", ".html": "HTML", ".htm": "HTML"}


class WorkbookError(Exception):
    """The whole workbook cannot be used; ``problem`` says why, in Italian."""

    def __init__(self, problem: Problem):
        super().__init__(problem.sentence())
        self.problem = problem


def workbook_error(path: Path, message: str, sheet: str | None = None, row: int | None = None) -> WorkbookError:
    """The refusal of the whole file, with the sheet and row it concerns when there is one."""
    return WorkbookError(Problem(path.name, sheet, row, None, None, "error", message))


@dataclass
class Container:
    """What the file really is, learnt from its bytes before any spreadsheet reader sees it."""

    kind: str  # xlsx | ods | xls | xlsb
    hidden_rows: dict[str, set[int]] = field(default_factory=dict)  # sheet name -> hidden rows (xlsx, ods)
    merged: dict[str, list] = field(default_factory=dict)  # sheet name -> merged ranges, where calamine has none (ods)


def check_container(path: Path) -> Container:
    """Refuse files that are not spreadsheets, are damaged, encrypted, or would expand without bound."""
    if not path.is_file():
        raise workbook_error(path, "file non trovato: controllare il nome e la cartella")
    size = path.stat().st_size
    if size == 0:
        raise workbook_error(path, "il file è vuoto (0 byte): il salvataggio o l'invio non è andato a buon fine; "
                             "inviarlo di nuovo")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raise workbook_error(path, "è un file CSV (testo), non un foglio di calcolo: " + HOW_TO_RESAVE)
    if suffix in _DOCUMENT_SUFFIXES:
        raise workbook_error(path, f"è un documento {_DOCUMENT_SUFFIXES[suffix]}, non un foglio di calcolo: "
                             f"{_USE_TEMPLATE}")
    if suffix not in SPREADSHEET_SUFFIXES:
        shown = f"«{suffix}»" if suffix else "assente"
        raise workbook_error(path, f"estensione {shown} non riconosciuta: sono accettati i fogli di calcolo "
                             f"{', '.join(SPREADSHEET_SUFFIXES)}; " + HOW_TO_RESAVE)
    if size > MAX_FILE_BYTES:
        raise workbook_error(path, f"il file è troppo grande ({size // 2**20} MB, limite "
                             f"{MAX_FILE_BYTES // 2**20} MB): togliere immagini e fogli che non servono, oppure "
                             + _USE_TEMPLATE)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _check_ole(path, suffix)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _check_zip(path)
    if head.startswith(b"%PDF"):
        raise workbook_error(path, f"il file è un PDF con estensione «{path.suffix}», non un foglio di calcolo: "
                             "inviare il file Excel originale, oppure " + _USE_TEMPLATE)
    if _looks_like_text(path):
        raise workbook_error(path, "il file contiene testo semplice (per esempio CSV o HTML) con estensione "
                             f"«{path.suffix}», non è un vero foglio di calcolo (oppure è danneggiato): "
                             + HOW_TO_RESAVE)
    raise workbook_error(path, "il file non è un foglio di calcolo (il contenuto non corrisponde all'estensione "
                         f"«{path.suffix}») oppure è danneggiato: " + HOW_TO_RESAVE)


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


def _check_ole(path: Path, suffix: str) -> Container:
    """An OLE2 container: an Excel 97-2003 workbook, or an encrypted (password-protected) modern one."""
    data = path.read_bytes()
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        raise workbook_error(path, "il file è protetto da password (cifrato) e non può essere letto: aprirlo, "
                             "togliere la password (in Excel: File › Informazioni › Proteggi cartella di lavoro › "
                             "Crittografa con password, cancellare la password), salvarlo e inviarlo di nuovo")
    return Container("xls")  # an .xls, possibly renamed: it is read by its content


def _check_zip(path: Path) -> Container:
    import zlib

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise workbook_error(path, "il file è incompleto o danneggiato (per esempio un download o una copia "
                             "interrotti): inviare di nuovo il file originale, oppure " + HOW_TO_RESAVE) from exc
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
            raise workbook_error(path, "il file è un documento di testo (Word o simile) con estensione "
                                 f"«{path.suffix}», non un foglio di calcolo: " + _USE_TEMPLATE)
        else:
            raise workbook_error(path, "il file è un archivio compresso ma non contiene un foglio di calcolo: "
                                 + _USE_TEMPLATE)
        total = sum(info.file_size for info in infos)
        packed = max(1, sum(info.compress_size for info in infos))
        if total > MAX_UNCOMPRESSED_BYTES or (total / packed > MAX_COMPRESSION_RATIO and total > 10_000_000):
            raise _bomb(path, total)
        sheets = _worksheet_parts(path, archive) if kind == "xlsx" else {}
        container = Container(kind)
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
                            raise workbook_error(path, "il file contiene dichiarazioni XML che un foglio di "
                                                 f"calcolo non usa (DTD o entità in «{info.filename}», possibile "
                                                 "«XML bomb»): non viene letto per sicurezza. "
                                                 + HOW_TO_RESAVE[0].upper() + HOW_TO_RESAVE[1:])
                        if scan is not None:
                            tail = scan.feed(window)
                        else:
                            tail = window[-16:]
            except WorkbookError:
                raise
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
                raise workbook_error(path, f"il file è danneggiato (la parte «{info.filename}» non si legge o non "
                                     "supera il controllo di integrità): inviare di nuovo il file originale, oppure "
                                     + HOW_TO_RESAVE + " (Excel propone di ripristinarlo)") from exc
            if scan is not None:
                if scan.last_row > MAX_SHEET_ROWS:
                    raise workbook_error(path, f"il foglio ha dati fino alla riga {format_int(scan.last_row)}, "
                                         f"oltre il limite di {format_int(MAX_SHEET_ROWS)} righe: eliminare le righe "
                                         "in fondo al foglio che non sono attività (selezionarle e usare «Elimina "
                                         "righe»), oppure dividere le attività in più file", sheet)
                if scan.hidden:
                    container.hidden_rows[sheet] = scan.hidden
        if kind == "ods":  # only now: content.xml has passed the DTD and size checks
            _ods_layout(archive, container)
    return container


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_layout(archive: zipfile.ZipFile, container: Container) -> None:
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
    return workbook_error(path, f"il file, una volta decompresso, occuperebbe almeno {size // 2**20} MB (il limite "
                          f"è {MAX_UNCOMPRESSED_BYTES // 2**20} MB; un file di attività ne occupa di solito meno di "
                          "1): possibile «zip bomb», non viene letto per sicurezza. Se il file è vostro, "
                          + HOW_TO_RESAVE + " dopo aver tolto immagini e contenuti incollati")


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


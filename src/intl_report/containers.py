"""Checking a sector's file as a container, before any spreadsheet reader opens it.

:func:`check_container` learns from the file's bytes what it really is (an
.xlsx/.xlsm or .xlsb zip package, an .ods, an Excel 97-2003 .xls) and refuses
what cannot be read safely: missing, empty or oversized files, documents and
text that are not spreadsheets, damaged or truncated archives,
password-protected (encrypted) workbooks, zip and XML bombs. A refusal is a
:class:`WorkbookError`, whose message is a sentence for the sector's referent
(Italian, through the catalogues) saying what is wrong and what to do.

Decisions:

- The file is recognised by its bytes, not its name: an .xls renamed .xlsx
  is read; a PDF, text/CSV or Word file gets a message naming what it is.
- A zip package is read as its own indexes say (``_rels/.rels`` and
  ``[Content_Types].xml`` lead to the workbook, the workbook's relationships
  to its sheets), with part names compared as the Open Packaging Conventions
  compare them: ``xl\\workbook.xml``, as some Windows tools write it, is
  ``xl/workbook.xml``. Where the workbook part is not where calamine looks
  (``<folder>/workbook.xml``, named by ``_rels/.rels``), the cells are read
  from a normalised copy in memory (:attr:`Container.package`).
- A password-protected workbook is named as such in every format, with how
  to save it without the password: an .xlsx is then an OLE2 file holding
  ``EncryptionInfo``/``EncryptedPackage``, an .xls a workbook stream opening
  with a FILEPASS record, an .ods a manifest with ``encryption-data``.
- Bounded resources before any spreadsheet reader runs: file size, declared
  and actual decompressed size (zip bombs), no DTD or entity declaration in
  any XML part (XML bombs; calamine refuses entities too, openpyxl parses
  through defusedxml), and the extent of each sheet, streamed from the XML
  of an .xlsx or .ods, walked through the BIFF records of an .xls. A sheet's
  extent is that of its values: rows and columns of cells holding a value,
  an inline string or a formula. Empty ``<row>`` elements, style-only cells
  and empty rows repeated down to row 1,048,576, as LibreOffice, gnumeric
  and Excel write for formatted columns, are not data, and calamine does
  not expand them either; a value in the sheet's last row or column is
  refused before calamine allocates its grid. Every bound on a workbook is
  here, including those :mod:`intl_report.reading` applies to the cells.
- Damage calamine does not survive is refused as damage: an .xls record
  impossible in its format (calamine aborts the process allocating a grid
  for it), an .ods whose ``content.xml`` is not well-formed (calamine can
  loop on it without end).
- What calamine does not report is learnt on the way, in the same pass: the
  hidden rows of .xlsx/.xlsm sheets, and the collapsed rows and row spans of
  .ods ones (:class:`Container`).

This module holds the bounds, the messages and the first look at the bytes; the formats' own checks are
:mod:`intl_report.ole` (OLE2: .xls, encrypted workbooks), :mod:`intl_report.packages` (zip packages: .xlsx,
.xlsm, .xlsb, .ods) and :mod:`intl_report.sheet_extent` (an .xlsx sheet's extent, streamed).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .formatting import format_int
from .i18n import operator_language, say
from .layout import SPREADSHEET_SUFFIXES
from .schema import Problem

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the first bytes of an OLE2 compound file (.xls, encrypted OOXML)

# Bounds against zip and XML bombs and runaway files (sector workbooks are small).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_DATA_ROWS = 100_000  # activities in one sheet
MAX_SHEET_ROWS = MAX_DATA_ROWS + 1_000  # last row holding a value in any sheet (room for titles and blank rows)
MAX_SHEET_CELLS = 6_000_000  # rows x columns of the used area, before it becomes Python objects
_DOCUMENT_SUFFIXES = {".doc": "Word", ".docx": "Word", ".odt": "OpenDocument", ".pdf": "PDF", ".txt": None,
                      ".rtf": "RTF", ".pptx": "PowerPoint", ".ppt": "PowerPoint", ".html": "HTML", ".htm": "HTML"}


def how_to_resave() -> str:
    """The end of many messages, here and in reading: what the referent can do about the file."""
    return say("containers.how_to_resave",
               "aprirlo in Excel (o LibreOffice) e salvarlo di nuovo come «Cartella di lavoro di Excel (.xlsx)»")


def use_template() -> str:
    """The way out when the file is not a workbook at all."""
    return say("containers.use_template",
               "copiare le attività nel modello inviato dalla segreteria e inviare quel file")


def sentence(clause: str) -> str:
    """A clause such as :func:`how_to_resave` opening a sentence of its own."""
    return clause[:1].upper() + clause[1:]


def _count(number: int) -> str:
    return format_int(number, operator_language())


class WorkbookError(Exception):
    """The whole workbook cannot be used; ``problem`` says why, in the referent's language."""

    def __init__(self, problem: Problem):
        super().__init__(problem.sentence())
        self.problem = problem


def workbook_error(path: Path, message: str, sheet: str | None = None, row: int | None = None) -> WorkbookError:
    """The refusal of the whole file, with the sheet and row it concerns when there is one."""
    return WorkbookError(Problem(path.name, sheet, row, None, None, "error", message))


def damaged_xls_error(path: Path) -> WorkbookError:
    return workbook_error(path, say(
        "containers.damaged_xls", "il file sembra un file Excel 97-2003 (.xls) ma è danneggiato o incompleto e non "
        "può essere letto: inviare di nuovo il file originale, oppure {how_to_resave}", how_to_resave=how_to_resave()))


def protected_error(path: Path) -> WorkbookError:
    """A password-protected (encrypted) workbook, in any format: resending it will not help, removing the password
    will."""
    return workbook_error(path, say(
        "containers.protected",
        "il file è protetto da password (cifrato) e non può essere letto: aprirlo con la password, togliere la "
        "password e salvarlo, poi inviarlo di nuovo. In Excel: File › Informazioni › Proteggi cartella di lavoro "
        "› Crittografa con password, cancellare la password e salvare; in LibreOffice: File › Salva con nome, "
        "togliere la spunta da «Salva con password» e salvare"))


def _too_many_rows(path: Path, sheet: str, last_row: int) -> WorkbookError:
    return workbook_error(path, say(
        "containers.too_many_rows",
        "il foglio ha dati fino alla riga {row}, oltre il limite di {limit} righe: eliminare le righe in fondo al "
        "foglio che non sono attività (selezionarle e usare «Elimina righe»), oppure dividere le attività in più "
        "file",
        row=_count(last_row), limit=_count(MAX_SHEET_ROWS)), sheet)


def _too_many_cells(path: Path, sheet: str, rows: int, columns: int) -> WorkbookError:
    return workbook_error(path, say(
        "containers.too_many_cells",
        "il foglio occupa {rows} righe per {columns} colonne, troppe celle da leggere: eliminare righe e colonne "
        "vuote o che non sono attività in fondo e a destra della tabella",
        rows=_count(rows), columns=_count(columns)), sheet)


def check_extent(path: Path, sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet whose values reach beyond the bounds, before its grid is allocated."""
    if rows > MAX_SHEET_ROWS:
        raise _too_many_rows(path, sheet, rows)
    if rows * columns > MAX_SHEET_CELLS:
        raise _too_many_cells(path, sheet, rows, columns)


@dataclass
class Container:
    """What the file really is, learnt from its bytes before any spreadsheet reader sees it."""

    kind: str  # xlsx | ods | xls | xlsb
    hidden_rows: dict[str, set[int]] = field(default_factory=dict)  # sheet name -> hidden rows holding values
    merged: dict[str, list] = field(default_factory=dict)  # sheet name -> merged ranges, where calamine has none (ods)
    # a normalised copy of the package, where calamine would not find the workbook under the original's names
    package: bytes | None = field(default=None, repr=False)

    def open(self, path: Path) -> BinaryIO:
        """The bytes the cell reader should read: the file, or its normalised copy."""
        return io.BytesIO(self.package) if self.package is not None else path.open("rb")


def check_container(path: Path) -> Container:
    """Refuse files that are not spreadsheets, are damaged, encrypted, or would expand without bound."""
    if not path.is_file():
        raise workbook_error(path, say("containers.not_found", "file non trovato: controllare il nome e la cartella"))
    size = path.stat().st_size
    if size == 0:
        raise workbook_error(path, say("containers.empty_file", "il file è vuoto (0 byte): il salvataggio o l'invio "
                                       "non è andato a buon fine; inviarlo di nuovo"))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raise workbook_error(path, say("containers.csv", "è un file CSV (testo), non un foglio di calcolo: "
                                       "{how_to_resave}", how_to_resave=how_to_resave()))
    if suffix in _DOCUMENT_SUFFIXES:
        kind = _DOCUMENT_SUFFIXES[suffix] or say("containers.document_kind_text", "di testo")
        raise workbook_error(path, say("containers.document", "è un documento {kind}, non un foglio di calcolo: "
                                       "{use_template}", kind=kind, use_template=use_template()))
    if suffix not in SPREADSHEET_SUFFIXES:
        accepted = ", ".join(SPREADSHEET_SUFFIXES)
        if not suffix:
            raise workbook_error(path, say("containers.no_suffix", "il file non ha estensione: sono accettati i fogli "
                                           "di calcolo {accepted}; {how_to_resave}", accepted=accepted,
                                           how_to_resave=how_to_resave()))
        raise workbook_error(path, say("containers.unknown_suffix", "estensione «{suffix}» non riconosciuta: sono "
                                       "accettati i fogli di calcolo {accepted}; {how_to_resave}", suffix=suffix,
                                       accepted=accepted, how_to_resave=how_to_resave()))
    if size > MAX_FILE_BYTES:
        raise workbook_error(path, say("containers.too_big", "il file è troppo grande ({size} MB, limite {limit} MB): "
                                       "togliere immagini e fogli che non servono, oppure {use_template}",
                                       size=size // 2**20, limit=MAX_FILE_BYTES // 2**20, use_template=use_template()))
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        from .ole import check_ole  # its reader, only for the files that need it

        return check_ole(path)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        from .packages import check_zip

        return check_zip(path)
    if head.startswith(b"%PDF"):
        raise workbook_error(path, say("containers.pdf", "il file è un PDF con estensione «{suffix}», non un foglio "
                                       "di calcolo: inviare il file Excel originale, oppure {use_template}",
                                       suffix=path.suffix, use_template=use_template()))
    if _looks_like_text(path):
        raise workbook_error(path, say("containers.plain_text", "il file contiene testo semplice (per esempio CSV o "
                                       "HTML) con estensione «{suffix}», non è un vero foglio di calcolo (oppure è "
                                       "danneggiato): {how_to_resave}", suffix=path.suffix,
                                       how_to_resave=how_to_resave()))
    raise workbook_error(path, say("containers.not_a_spreadsheet", "il file non è un foglio di calcolo (il "
                                   "contenuto non corrisponde all'estensione «{suffix}») oppure è danneggiato: "
                                   "{how_to_resave}",
                                   suffix=path.suffix, how_to_resave=how_to_resave()))


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

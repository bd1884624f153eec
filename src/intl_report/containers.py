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
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import quoteattr

from .formatting import format_int
from .i18n import operator_language, say
from .layout import SPREADSHEET_SUFFIXES
from .schema import Problem

# Bounds against zip and XML bombs and runaway files (sector workbooks are small).
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_DATA_ROWS = 100_000  # activities in one sheet
MAX_SHEET_ROWS = MAX_DATA_ROWS + 1_000  # last row holding a value in any sheet (room for titles and blank rows)
MAX_SHEET_CELLS = 6_000_000  # rows x columns of the used area, before it becomes Python objects
_SMALL_PART = 1 << 20  # package indexes read before the bomb checks (relationships, content types, manifest)
_CHUNK = 1 << 20
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
    if head == _OLE_MAGIC:
        return _check_ole(path)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _check_zip(path)
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


# --------------------------------------------------------------------------- OLE2: .xls, encrypted OOXML

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OOXML = ("EncryptionInfo", "EncryptedPackage")
_FILEPASS = 0x002F  # BIFF record: the rest of the workbook stream is encrypted
_BIFF_BOF = {0x0809, 0x0409, 0x0209, 0x0009}


def _check_ole(path: Path) -> Container:
    """An OLE2 container: an Excel 97-2003 workbook, or an encrypted (password-protected) one of any Excel format."""
    data = path.read_bytes()
    book = b""
    try:
        streams = _OleFile(data)
        encrypted = any(name in streams.names for name in _ENCRYPTED_OOXML)
        name = next((name for name in ("Workbook", "Book") if name in streams.names), None)
        book = streams.head(name, len(data)) if name is not None else b""
    except (ValueError, IndexError, struct.error):  # damaged: calamine will say so; the stream names may still tell
        encrypted = any(name.encode("utf-16-le") in data for name in _ENCRYPTED_OOXML)
    if encrypted or _biff_encrypted(book):
        raise protected_error(path)
    extents = _biff_extents(book)
    if extents is None:
        raise damaged_xls_error(path)
    for sheet, (rows, columns) in extents.items():
        check_extent(path, sheet, rows, columns)
    return Container("xls")  # an .xls, possibly renamed: it is read by its content


def _biff_encrypted(stream: bytes) -> bool:
    """Whether a BIFF workbook stream declares encryption: FILEPASS among the first records of its globals."""
    offset = 0
    for index in range(32):
        if offset + 4 > len(stream):
            return False
        kind, length = struct.unpack_from("<HH", stream, offset)
        if index == 0 and kind not in _BIFF_BOF:
            return False
        if kind == _FILEPASS:
            return True
        if kind == 0x0085 or kind == 0x000A:  # BOUNDSHEET or EOF: past where FILEPASS may stand
            return False
        offset += 4 + length
    return False


# BIFF records whose first two fields are a cell's row and column: values (NUMBER, LABELSST, RK, FORMULA, BOOLERR,
# LABEL, RSTRING) and, where only formatting stands, blanks (BLANK, MULBLANK; MULRK holds values across columns).
_BIFF_VALUES = {0x0203, 0x00FD, 0x027E, 0x0006, 0x0205, 0x0204, 0x00D6, 0x00BD}
_BIFF_BLANKS = {0x0201, 0x00BE}


def _biff_extents(stream: bytes) -> dict[str, tuple[int, int]] | None:
    """Each sheet's extent (last row and column holding a value) in a BIFF workbook stream, or None when a record
    is impossible in an Excel 97-2003 sheet (a damaged file: calamine sizes its grids from these records when the
    workbook is opened, and aborts the whole process on a grid it cannot allocate)."""
    names: dict[int, str] = {}  # where a sheet's records begin -> its name (BOUNDSHEET)
    extents: dict[str, tuple[int, int]] = {}
    sheet, rows, columns, biff8 = None, 0, 0, True
    offset, end = 0, len(stream) - 4
    while offset <= end:
        kind, length = struct.unpack_from("<HH", stream, offset)
        data = stream[offset + 4 : offset + 4 + length]
        if kind == 0x0809 and offset == 0 and length >= 2:  # the workbook's own BOF: its BIFF version
            biff8 = struct.unpack_from("<H", data)[0] >= 0x0600
        elif kind == 0x0809 and offset in names:  # BOF of a sheet's records
            sheet, rows, columns = names[offset], 0, 0
        elif kind == 0x000A and sheet is not None:  # its EOF
            extents[sheet] = (rows, columns)
            sheet = None
        elif kind == 0x0085 and len(data) >= 8:  # BOUNDSHEET: where a sheet begins, its name
            position, characters, wide = struct.unpack_from("<IxxBB", data)
            wide = wide & 1 if biff8 else 0  # BIFF5 names are bytes, with no flags before them
            raw = data[8 if biff8 else 7 :][: characters * (2 if wide else 1)]
            names[position] = raw.decode("utf-16-le" if wide else "cp1252", "replace")
        elif kind == 0x0200 and length in (10, 14):  # DIMENSIONS: the used range, as BIFF8 or BIFF5 writes it
            first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH" if length == 14 else "<HHHH",
                                                                                data)
            if not (first_row <= last_row <= 65_536 and first_column <= last_column <= 256):
                return None
        elif (kind in _BIFF_VALUES or kind in _BIFF_BLANKS) and length >= 4:
            row, column = struct.unpack_from("<HH", data)
            if kind in (0x00BD, 0x00BE) and length >= 6:  # MULRK, MULBLANK: the last column ends the record
                column, = struct.unpack_from("<H", data, length - 2)
            if column > 255:
                return None
            if kind in _BIFF_VALUES:
                rows, columns = max(rows, row + 1), max(columns, column + 1)
        offset += 4 + length
    if sheet is not None:  # cut short
        extents[sheet] = (rows, columns)
    return extents


class _OleFile:
    """Just enough of the OLE2 compound file format ([MS-CFB]) to list its streams and read the start of one."""

    def __init__(self, data: bytes):
        self.data = data
        self.shift, self.mini_shift = struct.unpack_from("<HH", data, 30)
        if not 7 <= self.shift <= 16 or not 2 <= self.mini_shift < self.shift:
            raise ValueError("not a compound file header")
        self.sector = 1 << self.shift
        directory_start, = struct.unpack_from("<I", data, 48)
        minifat_start, _, difat_start, difat_count = struct.unpack_from("<IIII", data, 60)
        self.mini_cutoff = 4096  # what [MS-CFB] fixes, and readers use, whatever a damaged header says
        fat_sectors = list(struct.unpack_from("<109I", data, 76))
        per_sector = self.sector // 4
        for _ in range(min(difat_count, len(data) // self.sector)):
            if difat_start >= 0xFFFFFFFA:
                break
            entries = struct.unpack_from(f"<{per_sector}I", data, self._offset(difat_start))
            fat_sectors += entries[:-1]
            difat_start = entries[-1]
        self.fat: list[int] = []
        for number in fat_sectors:
            if number < 0xFFFFFFFA:
                self.fat += struct.unpack_from(f"<{per_sector}I", data, self._offset(number))
        minifat = self._read_chain(minifat_start, self.fat, self.sector, len(data))
        self.minifat = list(struct.unpack(f"<{len(minifat) // 4}I", minifat[: len(minifat) // 4 * 4]))
        directory = self._read_chain(directory_start, self.fat, self.sector, len(data))
        self.names: dict[str, tuple[int, int]] = {}  # stream name -> (first sector, size)
        self.root = (0xFFFFFFFE, 0)
        for at in range(0, len(directory) - 127, 128):
            name_length, kind = struct.unpack_from("<HB", directory, at + 64)
            start, size = struct.unpack_from("<II", directory, at + 116)
            name = directory[at : at + max(0, min(name_length, 64) - 2)].decode("utf-16-le", "replace")
            if kind == 5:
                self.root = (start, size)
            elif kind == 2:
                self.names.setdefault(name, (start, size))

    def _offset(self, number: int) -> int:
        offset = (number + 1) << self.shift
        if number >= 0xFFFFFFFA or offset >= len(self.data):  # the last sector may be short
            raise ValueError("sector outside the file")
        return offset

    def _read_chain(self, start: int, table: list[int], size: int, limit: int, source: bytes | None = None) -> bytes:
        """Up to ``limit`` bytes of the chain of ``size``-byte sectors from ``start`` (in the FAT, or in the mini
        FAT when the sectors are in ``source``, the mini stream)."""
        parts, number, seen = [], start, 0
        while number < 0xFFFFFFFA and seen * size < limit and seen <= len(table):
            if source is None:
                offset = self._offset(number)
                parts.append(self.data[offset : offset + size])
            else:
                parts.append(source[number * size : (number + 1) * size])
            number = table[number] if number < len(table) else 0xFFFFFFFE
            seen += 1
        return b"".join(parts)[:limit]

    def head(self, name: str, limit: int) -> bytes:
        """The first ``limit`` bytes of a stream (from the mini stream, inside the root entry's, when it is small)."""
        start, size = self.names[name]
        limit = min(limit, size)
        if size >= self.mini_cutoff:
            return self._read_chain(start, self.fat, self.sector, limit)
        mini_stream = self._read_chain(self.root[0], self.fat, self.sector, self.root[1])
        return self._read_chain(start, self.minifat, 1 << self.mini_shift, limit, source=mini_stream)


# --------------------------------------------------------------------------- zip packages: OOXML and OpenDocument


def _part_key(name: str) -> str:
    """A part's name as the Open Packaging Conventions compare them: forward slashes, no leading one, any case."""
    return name.replace("\\", "/").lstrip("/").lower()


# What reading a damaged member raises; the loop over every member in _check_zip names the damaged part.
_UNREADABLE = (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError)


def _check_zip(path: Path) -> Container:
    try:
        archive = zipfile.ZipFile(path)
    except _UNREADABLE as exc:
        raise workbook_error(path, say("containers.incomplete", "il file è incompleto o danneggiato (per esempio un "
                                       "download o una copia interrotti): inviare di nuovo il file originale, oppure "
                                       "{how_to_resave}", how_to_resave=how_to_resave())) from exc
    with archive:
        infos = archive.infolist()
        names = {_part_key(info.filename): info.filename for info in infos if not info.is_dir()}
        workbook = _find_workbook(archive, names)
        if workbook is not None:
            kind = "xlsb" if workbook.endswith(".bin") else "xlsx"
        elif "content.xml" in names and b"opendocument.spreadsheet" in _member_head(archive, names.get("mimetype")):
            kind = "ods"
            if b"encryption-data" in _small_part(archive, names.get("meta-inf/manifest.xml")):
                raise protected_error(path)
        elif any(key.startswith("word/") for key in names) or b"opendocument.text" in _member_head(
                archive, names.get("mimetype")):
            raise workbook_error(path, say("containers.word_document", "il file è un documento di testo (Word o "
                                           "simile) con estensione «{suffix}», non un foglio di calcolo: "
                                           "{use_template}", suffix=path.suffix, use_template=use_template()))
        else:
            raise workbook_error(path, say("containers.no_workbook", "il file è un archivio compresso ma non contiene "
                                           "un foglio di calcolo: {use_template}", use_template=use_template()))
        total = sum(info.file_size for info in infos)
        packed = max(1, sum(info.compress_size for info in infos))
        if total > MAX_UNCOMPRESSED_BYTES or (total / packed > MAX_COMPRESSION_RATIO and total > 10_000_000):
            raise _bomb(path, total)
        sheets = _worksheet_parts(archive, names, workbook) if kind == "xlsx" else {}
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
                            raise workbook_error(path, say(
                                "containers.xml_bomb", "il file contiene dichiarazioni XML che un foglio di calcolo "
                                "non usa (DTD o entità in «{part}», possibile «XML bomb»): non viene letto per "
                                "sicurezza. {how_to_resave}", part=info.filename,
                                how_to_resave=sentence(how_to_resave())))
                        if scan is not None:
                            tail = scan.feed(window)
                        else:
                            tail = window[-16:]
            except WorkbookError:
                raise
            except _UNREADABLE as exc:
                raise _damaged_part(path, info.filename) from exc
            if scan is not None:
                scan.close()
                check_extent(path, sheet, scan.last_row, scan.last_column)
                if scan.hidden:
                    container.hidden_rows[sheet] = scan.hidden
        if kind == "ods":  # only now: content.xml has passed the DTD and size checks
            try:
                extents = _ods_layout(archive, names["content.xml"], container)
            except _UNREADABLE as exc:
                raise _damaged_part(path, names["content.xml"]) from exc
            for sheet, (rows, columns) in extents.items():
                check_extent(path, sheet, rows, columns)
        if kind == "xlsx" and not _where_calamine_looks(archive, names, workbook):
            container.package = _normalised_copy(archive, names, workbook)
    return container


def _damaged_part(path: Path, part: str) -> WorkbookError:
    return workbook_error(path, say(
        "containers.damaged_part", "il file è danneggiato (la parte «{part}» non si legge o non supera il controllo "
        "di integrità): inviare di nuovo il file originale, oppure {how_to_resave} (Excel propone di ripristinarlo)",
        part=part, how_to_resave=how_to_resave()))


def _member_head(archive: zipfile.ZipFile, name: str | None) -> bytes:
    if name is None:
        return b""
    try:
        with archive.open(name) as member:
            return member.read(200)
    except _UNREADABLE:
        return b""


def _small_part(archive: zipfile.ZipFile, name: str | None) -> bytes:
    """A package index read before the bomb checks: only if it is small, and empty when it cannot be read."""
    if name is None:
        return b""
    try:
        if archive.getinfo(name).file_size > _SMALL_PART:
            return b""
        return archive.read(name)
    except _UNREADABLE:
        return b""


def _parse(data: bytes):
    """The root element of a package's XML part, or None (defusedxml: no DTD, no entities)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    if not data:
        return None
    try:
        return fromstring(data)
    except (ParseError, DefusedXmlException, ValueError):
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _resolve(folder: str, target: str) -> str:
    """The part a relationship's target names, from the folder of the part whose relationship it is."""
    target = target.replace("\\", "/")
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return _part_key(posixpath.normpath(joined))


def _relationships(archive: zipfile.ZipFile, names: dict[str, str], part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of a part's relationships (``""`` is the package itself)."""
    folder, base = posixpath.split(part)
    root = _parse(_small_part(archive, names.get(posixpath.join(folder, "_rels", base + ".rels"))))
    found = []
    for rel in root if root is not None else ():
        if rel.get("TargetMode") != "External" and rel.get("Target"):
            found.append((rel.get("Id", ""), rel.get("Type", ""), _resolve(folder, rel.get("Target", ""))))
    return found


_WORKBOOK_TYPE = re.compile(r"(spreadsheetml\.(sheet|template)|ms-excel\.(sheet|template|addin)(\.binary)?"
                            r"\.macroenabled)\.main")


def _find_workbook(archive: zipfile.ZipFile, names: dict[str, str]) -> str | None:
    """The workbook part (its key in ``names``): the package's main document, as its indexes name it."""
    candidates = [target for _, kind, target in _relationships(archive, names, "") if kind.endswith("/officeDocument")]
    types = _parse(_small_part(archive, names.get("[content_types].xml")))
    defaults, overrides = {}, {}
    for element in types if types is not None else ():
        if _local(element.tag) == "Default":
            defaults[element.get("Extension", "").lower()] = element.get("ContentType", "").lower()
        elif _local(element.tag) == "Override":
            overrides[_part_key(element.get("PartName", ""))] = element.get("ContentType", "").lower()
    candidates += [part for part, content in overrides.items() if _WORKBOOK_TYPE.search(content)]
    for part in (*candidates, "xl/workbook.xml", "xl/workbook.bin"):
        if part not in names:
            continue
        content = overrides.get(part) or defaults.get(part.rsplit(".", 1)[-1], "")
        if _WORKBOOK_TYPE.search(content) or posixpath.basename(part) in ("workbook.xml", "workbook.bin"):
            return part
    return None


def _worksheet_parts(archive: zipfile.ZipFile, names: dict[str, str], workbook: str) -> dict[str, str]:
    """Worksheet member name (``xl/worksheets/sheet1.xml``) -> sheet name, from the workbook's own XML."""
    try:
        root = _parse(archive.read(names[workbook]))
    except _UNREADABLE:
        return {}  # the loop over every member names the damaged part
    targets = {rid: target for rid, _, target in _relationships(archive, names, workbook)}
    parts = {}
    for element in root.iter() if root is not None else ():
        if _local(element.tag) == "sheet":
            rid = next((value for key, value in element.attrib.items() if _local(key) == "id"), None)
            if targets.get(rid) in names:
                parts[names[targets[rid]]] = element.get("name", "")
    return parts


def _where_calamine_looks(archive: zipfile.ZipFile, names: dict[str, str], workbook: str) -> bool:
    """calamine finds the workbook through ``_rels/.rels`` and expects it as ``<folder>/workbook.xml``."""
    named = [target for _, kind, target in _relationships(archive, names, "") if kind.endswith("/officeDocument")]
    return workbook in named and posixpath.basename(workbook) == "workbook.xml"


def _normalised_copy(archive: zipfile.ZipFile, names: dict[str, str], workbook: str) -> bytes | None:
    """The package with its workbook part where calamine looks; None when that name is another part's."""
    stored = names[workbook].replace("\\", "/").lstrip("/")
    folder = posixpath.dirname(stored)
    renamed_workbook = posixpath.join(folder, "workbook.xml")
    if _part_key(renamed_workbook) != workbook and _part_key(renamed_workbook) in names:
        return None
    old_rels = _part_key(posixpath.join(folder, "_rels", posixpath.basename(stored) + ".rels"))
    renamed = {workbook: renamed_workbook, old_rels: posixpath.join(folder, "_rels", "workbook.xml.rels")}
    package_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        f"Target={quoteattr(renamed_workbook)}/></Relationships>"
    )
    replaced = {_part_key(name) for name in renamed.values()} - set(renamed)  # stale parts under the new names
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for key, name in names.items():
            if key == "_rels/.rels" or key in replaced:
                continue
            data = archive.read(name)
            if key == "[content_types].xml":
                data = re.sub(rb'PartName="/?' + re.escape(stored.encode()) + rb'"',
                              b'PartName="/' + renamed_workbook.encode() + b'"', data, flags=re.IGNORECASE)
            copy.writestr(renamed.get(key, name.replace("\\", "/").lstrip("/")), data)
        copy.writestr("_rels/.rels", package_rels)
    return buffer.getvalue()


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _ods_layout(archive: zipfile.ZipFile, content_name: str, container: Container) -> dict[str, tuple[int, int]]:
    """Each sheet's extent (last row and column holding a value), and its row spans and collapsed rows, which
    calamine does not report. Rows and cells repeated (``table:number-rows-repeated``) count as many.

    Raises ValueError when ``content.xml`` is not well-formed XML or a count in it is not a number: calamine can
    loop without end on such a part, so the file is damaged for the reader too.
    """
    from defusedxml.ElementTree import ParseError, iterparse

    extents: dict[str, tuple[int, int]] = {}
    name, row, column, row_end_column = None, 0, 0, 0
    try:
        with archive.open(content_name) as content:
            for event, element in iterparse(content, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == _ODS_TABLE + "table":
                        name, row = element.get(_ODS_TABLE + "name"), 0
                    elif tag == _ODS_TABLE + "table-row":
                        column, row_end_column = 0, 0
                    continue
                if tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell"):
                    repeated = _ods_count(element, "number-columns-repeated")
                    if tag == _ODS_TABLE + "table-cell":
                        rows = _ods_count(element, "number-rows-spanned")
                        columns = _ods_count(element, "number-columns-spanned")
                        if rows > 1 or columns > 1:
                            container.merged.setdefault(name, []).append(((row, column),
                                                                          (row + rows - 1, column + columns - 1)))
                        if (element.get(_ODS_OFFICE + "value-type") or element.get(_ODS_TABLE + "formula")
                                or any(child.tag in (_ODS_TEXT + "p", _ODS_TEXT + "h") for child in element)):
                            row_end_column = column + repeated
                    column += repeated
                elif tag == _ODS_TABLE + "table-row":
                    repeated = _ods_count(element, "number-rows-repeated")
                    if row_end_column:
                        last_row, last_column = extents.get(name, (0, 0))
                        extents[name] = (row + repeated, max(last_column, row_end_column))
                        if element.get(_ODS_TABLE + "visibility") in ("collapse", "filter"):
                            hidden = container.hidden_rows.setdefault(name, set())
                            hidden.update(range(row + 1, min(row + repeated, MAX_SHEET_ROWS) + 1))
                    row += repeated
                    element.clear()
    except ParseError as exc:
        raise ValueError(f"content.xml is not well-formed: {exc}") from exc
    return extents


def _ods_count(element, attribute: str) -> int:
    """A repetition or span count of an OpenDocument cell or row (1 when absent)."""
    count = int(element.get(_ODS_TABLE + attribute, "1"))
    if count < 1:
        raise ValueError(f"{attribute}={count}")
    return count


def _bomb(path: Path, size: int) -> WorkbookError:
    return workbook_error(path, say(
        "containers.zip_bomb", "il file, una volta decompresso, occuperebbe almeno {size} MB (il limite è {limit} "
        "MB; un file di attività ne occupa di solito meno di 1): possibile «zip bomb», non viene letto per "
        "sicurezza. Se il file è vostro, {how_to_resave} dopo aver tolto immagini e contenuti incollati",
        size=size // 2**20, limit=MAX_UNCOMPRESSED_BYTES // 2**20, how_to_resave=how_to_resave()))


# --------------------------------------------------------------------------- the extent of an .xlsx sheet

_SHEET_TAG = re.compile(rb"<(?:\w+:)?(row|c|v|is|f|/sheetData)[\s/>]")
_ROW_NUMBER = re.compile(rb"\br=[\"'](\d+)[\"']")
_CELL_COLUMN = re.compile(rb"\br=[\"']([A-Za-z]+)\d+[\"']")
_HIDDEN = re.compile(rb"\bhidden=[\"'](?:1|true)[\"']")


class _RowScan:
    """Streams a worksheet's XML without parsing it: the last row and column holding a value, and the hidden rows
    that hold one.

    A value is a ``<v>``, an inline string ``<is>`` or a formula ``<f>`` in a cell; rows and cells without one
    (empty ``<row>`` elements, style-only ``<c r="A1048576" s="3"/>``) are formatting, not data. Cells stand in
    column order, so a row's last cell with a value gives its width. Only the tags of rows holding a value are
    read; a row or cell without an ``r`` attribute follows the one before it.
    """

    def __init__(self) -> None:
        self.row = 0  # the number of the last row holding a value
        self.rows_since = 0  # rows begun since then
        self.last_row = 0
        self.last_column = 0
        self.hidden: set[int] = set()
        self.done = False
        # The row being read, whose tags may stand in an earlier window: its tag, its current cell's tag, the tag
        # and place in the row of its last cell with a value, and its cells so far.
        self.row_tag = self.cell_tag = self.value_cell = b""
        self.value_index = self.cells = 0
        self.has_value = False

    def feed(self, window: bytes) -> bytes:
        """Scan the complete tags in ``window``; return the unfinished tail to prepend to the next chunk."""
        if self.done:
            return b""
        cut = window.rfind(b"<")
        complete, tail = (window[:cut], window[cut:]) if cut >= 0 else (window, b"")
        if b">" in tail:  # the last tag is complete too
            complete, tail = window, b""
        row_at = cell_at = value_at = -1  # where this window holds the row's tag, the cell's, the last value's cell
        for match in _SHEET_TAG.finditer(complete):
            name = match[1]
            if name == b"c":
                cell_at = match.start()
                self.cells += 1
            elif name == b"row" or name == b"/sheetData":
                if self.has_value:
                    self._count_row(_tag_at(complete, row_at) if row_at >= 0 else self.row_tag,
                                    _tag_at(complete, value_at) if value_at >= 0 else self.value_cell)
                if name == b"/sheetData":
                    self.done = True
                    return b""
                row_at, cell_at, value_at = match.start(), -1, -1
                self.rows_since += 1
                self.cells, self.has_value = 0, False
            else:  # a value in the current cell
                self.has_value, self.value_index = True, self.cells
                value_at = cell_at
                if cell_at < 0:
                    self.value_cell = self.cell_tag
        # the row goes on in the next window: keep its tags, as positions in this one will not do
        if row_at >= 0:
            self.row_tag = _tag_at(complete, row_at)
        if cell_at >= 0:
            self.cell_tag = _tag_at(complete, cell_at)
        if value_at >= 0:
            self.value_cell = _tag_at(complete, value_at)
        return tail[:4096]

    def close(self) -> None:
        """The sheet's XML has ended (without ``</sheetData>`` when it was cut short)."""
        if not self.done and self.has_value:
            self._count_row(self.row_tag, self.value_cell)
        self.done = True

    def _count_row(self, row_tag: bytes, value_cell: bytes) -> None:
        number = _ROW_NUMBER.search(row_tag)
        self.row = int(number[1]) if number else self.row + self.rows_since
        self.rows_since = 0
        self.last_row = max(self.last_row, self.row)
        letters = _CELL_COLUMN.search(value_cell)
        self.last_column = max(self.last_column, _column_number(letters[1]) if letters else self.value_index)
        if _HIDDEN.search(row_tag):
            self.hidden.add(self.row)


def _tag_at(window: bytes, start: int) -> bytes:
    end = window.find(b">", start)
    return window[start : end + 1 if end >= 0 else len(window)]


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number

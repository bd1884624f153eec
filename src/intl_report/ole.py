"""OLE2 compound files: Excel 97-2003 workbooks (.xls) and password-protected workbooks of any Excel format.

:func:`check_ole` is :func:`intl_report.containers.check_container` for a file opening with the OLE2 signature:
an encrypted package (``EncryptionInfo``/``EncryptedPackage`` streams) or an .xls whose workbook stream opens
with a FILEPASS record is refused as protected; otherwise the BIFF records give each sheet's extent, checked
before calamine allocates its grid, and records impossible in the format are refused as damage (calamine aborts
the process on some of them).
"""

from __future__ import annotations

import struct
from pathlib import Path

from .containers import Container, check_extent, damaged_xls_error, protected_error

_ENCRYPTED_OOXML = ("EncryptionInfo", "EncryptedPackage")
_FILEPASS = 0x002F  # BIFF record: the rest of the workbook stream is encrypted
_BIFF_BOF = {0x0809, 0x0409, 0x0209, 0x0009}


def check_ole(path: Path) -> Container:
    """An OLE2 container: an Excel 97-2003 workbook, or an encrypted (password-protected) one of any Excel format."""
    data = path.read_bytes()
    book = b""
    try:
        streams = OleFile(data)
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


class OleFile:
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


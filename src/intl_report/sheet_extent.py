"""The extent of an .xlsx worksheet, streamed from its XML: the last row and column holding a value.

Used by :mod:`intl_report.packages` before calamine reads the sheet, so that formatting down to row 1,048,576 is
not taken for data and a sheet with too many values is refused before its grid is allocated.
"""

from __future__ import annotations

import re

_SHEET_TAG = re.compile(rb"<(?:\w+:)?(row|c|v|is|f|/sheetData)[\s/>]")
_ROW_NUMBER = re.compile(rb"\br=[\"'](\d+)[\"']")
_CELL_COLUMN = re.compile(rb"\br=[\"']([A-Za-z]+)\d+[\"']")
_HIDDEN = re.compile(rb"\bhidden=[\"'](?:1|true)[\"']")


class RowScan:
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


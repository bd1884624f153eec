"""The annotated copy of a sector's workbook: where to fix it, on screen and on paper.

:func:`write_annotated` writes a copy of a checked workbook (a :class:`~intl_report.validate.FileReport`):

- its first sheet, «Problemi», lists every problem (row, column, value found, severity, what to do), the
  problems of the whole file first, and prints on A4;
- in the activity sheet each problem's cell is filled, red for an error and yellow for a warning, with its
  messages as a comment; a problem of no known column marks the first cell of its row in the table.

What the copy keeps depends on what openpyxl can open:

- an Excel workbook (.xlsx, .xlsm) is copied whole through openpyxl (formats, other sheets, comments); the
  macros of a macro-enabled workbook are kept, never run (openpyxl runs nothing);
- any other workbook the pipeline read (.ods, .xls, an .xlsx openpyxl refuses) becomes an .xlsx whose activity
  sheet is rebuilt from the values the pipeline's reader (calamine) found, cell by cell at the same Excel rows
  and columns, so the problems' row numbers still match; formats and the other sheets are not kept.

The original file is only ever read. The copy holds no date of its own (the check's date is not written, the
zip entries carry a fixed time): the same workbook with the same problems gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import warnings
import zipfile
from copy import copy
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import atomic_path
from .i18n import N_, say, say_plural
from .schema import Problem

if TYPE_CHECKING:
    from .validate import FileReport

# Excel's own "bad" and "neutral" cell styles, the red a little stronger so that it reads as red, not pink.
ERROR_FILL, ERROR_TEXT = "FFB3B3", "9C0006"
WARNING_FILL, WARNING_TEXT = "FFEB9C", "7F4F00"
AUTHOR = "intl-report"
PROBLEM_SHEET = "Problemi"  # the copy's first sheet, by this name in every language (scripts look for it)

Place = tuple[int, int | None]  # a problem's Excel row, and its column (1-based) when known


class AnnotationError(Exception):
    """The annotated copy could not be written; the message is one Italian sentence for the referent."""


def annotated_name(stem: str) -> str:
    """The file name of a workbook's annotated copy: ``sport`` → ``sport-da-correggere.xlsx``."""
    return f"{stem}-da-correggere.xlsx"  # a name the secretariat's scripts rely on: the same in every language


def write_annotated(report: FileReport, target: Path | str) -> Path:
    """Write the annotated copy of the workbook ``report`` checked, at ``target``; return where it was written.

    The copy is an .xlsx, except for a workbook with macros: it stays an .xlsm (``target``'s suffix is
    replaced), because Excel refuses to open a macro-enabled workbook named .xlsx, and dropping the macros
    would make the copy differ from the referent's own workbook in more than the marks. It is written under a
    temporary name and renamed when complete.

    Raises
    ------
    AnnotationError
        When the file could not be read at all (``report.sheet`` is None: there is nothing to mark), when
        ``target`` is the original file, or when writing the copy fails; never any other exception.
    """
    source = Path(report.path)
    if report.sheet is None:
        raise AnnotationError(say("annotate.unreadable", "{file}: il file non può essere letto e non ha una copia "
                                  "annotata: correggerlo seguendo l'elenco dei problemi", file=source.name))
    try:
        workbook, sheet, macros, dates = _open_copy(report)
        target = Path(target).with_suffix(".xlsm" if macros else ".xlsx")
        if target.resolve() == source.resolve():
            raise AnnotationError(say("annotate.same_file", "{file}: la copia annotata deve avere un nome diverso "
                                      "dal file originale, che non viene mai modificato", file=source.name))
        places = _locate(report, sheet)
        _mark(sheet, report, places)
        _add_problem_sheet(workbook, report, sheet.title, places)
        content = io.BytesIO()
        workbook.save(content)
        with atomic_path(target) as temporary:
            temporary.write_bytes(_reproducible(content.getvalue(), dates))
    except AnnotationError:
        raise
    except Exception as exc:  # an odd workbook must not turn the validator's answer into a traceback
        raise AnnotationError(say("annotate.not_written", "{file}: copia annotata non scritta ({kind}): correggere "
                                  "il file seguendo l'elenco dei problemi", file=source.name,
                                  kind=type(exc).__name__)) from exc
    return target


# --------------------------------------------------------------------------- the activity sheet


def _open_copy(report: FileReport):
    """The workbook to annotate, its activity sheet, whether it keeps macros, and the original's dates."""
    from openpyxl import load_workbook

    data = Path(report.path).read_bytes()  # read once; openpyxl never sees the original's path
    names, dates = set(), {}
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "docProps/core.xml" in names:
                dates = _dates(archive.read("docProps/core.xml"))
    if "xl/workbook.xml" in names:
        # keep_vba only with a macro project: openpyxl labels any workbook it keeps "VBA" for as macro-enabled
        macros = "xl/vbaProject.bin" in names
        try:
            with warnings.catch_warnings():  # "extension not supported" notes are for developers, not referents
                warnings.simplefilter("ignore")
                workbook = load_workbook(io.BytesIO(data), keep_vba=macros)  # XML parsed through defusedxml
            return workbook, workbook[report.sheet], macros, dates
        except Exception:
            pass  # an .xlsx openpyxl refuses but calamine read: rebuilt from its values like an .ods
    workbook, sheet = _rebuilt(report)
    return workbook, sheet, False, {}


def _rebuilt(report: FileReport):
    """A new workbook whose one sheet holds the activity sheet's values at their Excel rows and columns."""
    from openpyxl import Workbook

    values, merged = _sheet_values(Path(report.path), report.sheet)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\\/*?:\[\]]", " ", report.sheet)[:31].strip(" '") or "Foglio1"
    widths: dict[int, int] = {}
    for row_number, row in enumerate(values, start=1):
        for column, value in enumerate(row, start=1):
            value = _plain(value)
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=column, value=value)
            if cell.data_type == "f":
                cell.data_type = "s"  # a text that begins with "=" stays a text, never a formula
            if isinstance(value, dt.datetime):
                cell.number_format = "DD/MM/YYYY HH:MM" if value.time() != dt.time(0) else "DD/MM/YYYY"
            elif isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            if row_number >= (report.header_row or 1):  # title rows above the table may overflow to the right
                widths[column] = max(widths.get(column, 0), len(str(value)))
    for (top, left), (bottom, right) in merged:
        if (top, left) != (bottom, right):
            sheet.merge_cells(start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1)
    for column, longest in widths.items():
        sheet.column_dimensions[_letter(column)].width = min(45, max(9, longest + 2))
    if report.header_row:
        for cell in sheet[report.header_row]:
            cell.font = _font(bold=True)
        sheet.freeze_panes = sheet.cell(row=report.header_row + 1, column=1)
        sheet.print_title_rows = f"{report.header_row}:{report.header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4  # the original's page setup is lost: the office's paper
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    return workbook, sheet


def _sheet_values(path: Path, name: str) -> tuple[list[list], list]:
    """The sheet's cells as the pipeline read them, row 0 being Excel's row 1, and its merged ranges."""
    import python_calamine

    from .containers import MAX_SHEET_ROWS, check_container

    with path.open("rb") as handle:
        workbook = python_calamine.CalamineWorkbook.from_filelike(handle)
    try:
        sheet = workbook.get_sheet_by_name(name)
        # skip_empty_area=False: calamine otherwise drops the sheet's leading empty rows and columns, and the
        # rebuilt cells would no longer be at the rows and columns the problems name
        values = sheet.to_python(skip_empty_area=False, nrows=MAX_SHEET_ROWS)
        merged = list(sheet.merged_cell_ranges or check_container(path).merged.get(name, []))
    finally:
        workbook.close()
    return values, merged


def _plain(value: object) -> object:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value if value.strip() else None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # calamine reads every number of an .ods as a float
    if value is None or isinstance(value, (bool, int, float, dt.date, dt.time, dt.timedelta)):
        return value
    return str(value)


def _locate(report: FileReport, sheet) -> list[Place | None]:
    """Where each problem of the report is in the sheet; None for a problem of the whole file."""
    places: list[Place | None] = []
    for problem in report.problems:
        if problem.row is None:
            places.append(None)
            continue
        column = report.positions.get(problem.field or "") or report.headers.get(problem.column or "")
        if column is None and problem.row == report.header_row and problem.column:
            # a header the schema does not know: found by its text in the header row
            column = next((cell.column for cell in sheet[problem.row]
                           if cell.value is not None and " ".join(str(cell.value).split()) == problem.column), None)
        places.append((problem.row, column))
    return places


def _mark(sheet, report: FileReport, places: list[Place | None]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    first = _first_column(report)
    notes: dict[str, tuple[object, list[Problem]]] = {}
    for problem, place in zip(report.problems, places, strict=True):
        if place is not None:
            cell = _writable(sheet, place[0], place[1] or first)
            notes.setdefault(cell.coordinate, (cell, []))[1].append(problem)
    for cell, problems in notes.values():
        error = any(p.severity == "error" for p in problems)
        fill, text_colour = (ERROR_FILL, ERROR_TEXT) if error else (WARNING_FILL, WARNING_TEXT)
        cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        font = copy(cell.font)
        font.color = text_colour
        cell.font = font
        text = "\n".join(f"{_severity(p)}: {p.message}" for p in problems)
        if cell.comment is not None:
            text = cell.comment.text + "\n" + text
        lines = sum(math.ceil(max(len(line), 1) / 48) for line in text.splitlines())
        cell.comment = Comment(text, AUTHOR, width=340, height=min(600, 24 + 15 * lines))


def _first_column(report: FileReport) -> int:
    """The table's first column, where a problem of the whole row is marked."""
    return min(report.positions.values(), default=1)


def _writable(sheet, row: int, column: int):
    """The cell to mark: inside a merged range, its top-left cell (the only one Excel keeps)."""
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return sheet.cell(row=merged.min_row, column=merged.min_col)
    return sheet.cell(row=row, column=column)


# --------------------------------------------------------------------------- the «Problemi» sheet

# (width in characters, header) of the table's columns: together, about the width of A4 landscape
_TABLE = (
    (8, N_("annotate.col_row", "Riga")),
    (26, N_("annotate.col_column", "Colonna")),
    (30, N_("annotate.col_value", "Valore trovato")),
    (10, N_("annotate.col_severity", "Gravità")),
    (76, N_("annotate.col_todo", "Che cosa fare")),
)
_HEADER_ROW = 5
_LINE_HEIGHT = 14.5  # points per line of 11-point Calibri in Excel (LibreOffice draws 13: a little room to spare)


def _add_problem_sheet(workbook, report: FileReport, data_sheet: str, places: list[Place | None]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.hyperlink import Hyperlink

    name = PROBLEM_SHEET
    while name in workbook.sheetnames:  # the referent's own sheet of that name stays as it is
        name += "_"
    ws = workbook.create_sheet(name, 0)
    for other in workbook.worksheets:
        other.sheet_view.tabSelected = False  # two selected tabs would be grouped: an edit would change both
    workbook.active = ws
    ws.sheet_view.tabSelected = True
    width = sum(w for w, _ in _TABLE)
    wrap = Alignment(wrap_text=True, vertical="top")

    def line(row: int, text: str, font: Font) -> None:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(_TABLE))
        ws.cell(row=row, column=1, value=text).font = font
        ws.cell(row=row, column=1).alignment = wrap
        ws.row_dimensions[row].height = _height([text], [width], font.sz or 11)

    line(1, say("annotate.title", "Problemi da correggere in «{file}», foglio «{sheet}»",
                file=Path(report.path).name, sheet=report.sheet), _font(bold=True, size=14))
    line(2, ", ".join([
        say_plural("validate.rows_read", "{count} riga letta", "{count} righe lette", report.rows_read),
        say_plural("validate.rows_kept", "{count} accolta", "{count} accolte", report.rows_kept),
        say_plural("validate.errors", "{count} errore", "{count} errori", report.errors),
        say_plural("validate.warnings", "{count} avviso", "{count} avvisi", report.warnings),
    ]), _font(bold=True, size=12))
    line(3, say("annotate.how", "Ogni problema è segnato anche nel foglio «{sheet}»: in rosso le celle con un "
                "errore, in giallo quelle con un avviso; il commento della cella dice che cosa fare. Una riga con "
                "un errore non è accolta finché l'errore non è corretto; gli avvisi sono da controllare.",
                sheet=data_sheet), _font())
    edge = Side(style="thin", color="808080")
    for column, (column_width, (context, header)) in enumerate(_TABLE, start=1):
        ws.column_dimensions[_letter(column)].width = column_width
        cell = ws.cell(row=_HEADER_ROW, column=column, value=say(context, header))
        cell.font = _font(bold=True)
        cell.fill = PatternFill("solid", start_color="D9D9D9", end_color="D9D9D9")
        cell.alignment = wrap
        cell.border = Border(bottom=edge)
    # the problems of the whole file first; sorted() is stable, so the others keep the validator's order
    listed = sorted(zip(report.problems, places, strict=True), key=lambda item: item[0].row is not None)
    for row, (problem, place) in enumerate(listed, start=_HEADER_ROW + 1):
        column = place[1] if place else None
        texts = [str(problem.row) if problem.row is not None else "—", _column_label(problem.column, column),
                 _shown(problem.value), _severity(problem), problem.message[:1].upper() + problem.message[1:]]
        for index, text in enumerate(texts, start=1):
            cell = ws.cell(row=row, column=index, value=text)
            cell.alignment = wrap
            cell.border = Border(bottom=Side(style="hair", color="BFBFBF"))
        severity = ws.cell(row=row, column=4)
        fill, colour = (ERROR_FILL, ERROR_TEXT) if problem.severity == "error" else (WARNING_FILL, WARNING_TEXT)
        severity.fill = PatternFill("solid", start_color=fill, end_color=fill)
        severity.font = _font(bold=True, color=colour)
        if place is not None:  # a click on the row number goes to the marked cell
            quoted = data_sheet.replace("'", "''")
            cell_name = f"{_letter(place[1] or _first_column(report))}{place[0]}"
            ws.cell(row=row, column=1).hyperlink = Hyperlink(ref=f"A{row}", location=f"'{quoted}'!{cell_name}")
            ws.cell(row=row, column=1).font = _font(color="0563C1", underline="single")
        ws.row_dimensions[row].height = _height(texts, [w for w, _ in _TABLE])
    last = _HEADER_ROW + len(listed)
    if not listed:
        line(_HEADER_ROW + 1, say("annotate.none", "Nessun problema: il file è valido."), _font(italic=True))
    ws.freeze_panes = f"A{_HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{_HEADER_ROW}:{_letter(len(_TABLE))}{max(last, _HEADER_ROW + 1)}"
    _print_setup(ws, Path(report.path).name)


def _print_setup(ws, file_name: str) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE  # the messages are long: the widest page
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages as the list needs
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom, ws.page_margins.footer = 0.6, 0.8, 0.4
    ws.oddFooter.left.text = file_name.replace("&", "&&")  # "&" starts a code in headers and footers
    ws.oddFooter.right.text = say("annotate.page", "Pagina &P di &N")


def _font(**style):
    """A font of the copy's own texts, named: without a name LibreOffice falls back to a serif font."""
    from openpyxl.styles import Font

    return Font(name="Calibri", size=style.pop("size", 11), **style)


def _height(texts: list[str], widths: list[int], size: float = 11) -> float:
    """A row's height in points for wrapped texts: LibreOffice keeps a row's stored height, it does not fit it."""
    lines = max(sum(math.ceil(max(len(part), 1) / (width * 1.05 * 11 / size)) for part in text.split("\n"))
                for text, width in zip(texts, widths, strict=True))
    return round(lines * _LINE_HEIGHT * size / 11 + 4, 1)


def _column_label(header: str | None, column: int | None) -> str:
    if header and column:
        return f"{header} ({_letter(column)})"
    return header or (_letter(column) if column else "—")


def _shown(value: object) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _severity(problem: Problem) -> str:
    return say("annotate.error", "Errore") if problem.severity == "error" else say("annotate.warning", "Avviso")


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


# --------------------------------------------------------------------------- the same bytes for the same input

_DATE = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def _dates(core: bytes) -> dict[bytes, bytes]:
    """The creation and modification elements of a workbook's properties (``docProps/core.xml``)."""
    return {found.group(1): found.group(0) for found in _DATE.finditer(core)}


def _reproducible(data: bytes, dates: dict[bytes, bytes]) -> bytes:
    """The saved workbook without the dates openpyxl adds: the original's own dates, or none, and fixed zip times."""
    result = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as saved, zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as fixed:
        for info in saved.infolist():
            content = saved.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _DATE.sub(lambda found: dates.get(found.group(1), b""), content)
            fixed.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), content,
                           compress_type=zipfile.ZIP_DEFLATED)
    return result.getvalue()

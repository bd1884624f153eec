"""Checking workbooks before they are sent or run, and marking where to fix.

Uses exactly the reading and cleaning of the pipeline, so a file the
validator passes is a file the yearly run accepts.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .cleaning import clean_table
from .containers import WorkbookError
from .reading import read_workbook
from .registry import load_registry
from .schema import Problem

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"


@dataclass
class FileReport:
    path: Path
    problems: list[Problem] = field(default_factory=list)
    sheet: str | None = None
    header_row: int | None = None
    headers: dict[str, int] = field(default_factory=dict)  # header as written -> 1-based Excel column
    positions: dict[str, int] = field(default_factory=dict)  # schema column name -> 1-based Excel column
    rows_read: int = 0
    rows_kept: int = 0

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def sector_of(path: Path) -> str | None:
    """The sector a file belongs to, from its name (``<slug>.xlsx``), if it names one."""
    sector = load_registry().find(path.stem)
    return sector.slug if sector else None


def validate_file(path: Path | str, year: int | None = None) -> FileReport:
    path = Path(path)
    report = FileReport(path)
    try:
        table = read_workbook(path)
    except WorkbookError as exc:
        report.problems.append(exc.problem)
        return report
    sector = sector_of(path) or ""
    try:
        result = clean_table(table, sector, year or 0)
    except Exception as exc:  # never a traceback for the referent
        report.problems.append(Problem(path.name, table.sheet, None, None, None, "error",
                                       f"errore imprevisto nel controllo delle righe ({type(exc).__name__}): inviare "
                                       "il file al tavolo di coordinamento"))
        return report
    report.problems = sorted(result.problems, key=lambda p: (p.row or 0, p.severity != "error"))
    report.sheet = table.sheet
    report.header_row = table.header_row
    report.positions = {col.name: position + 1 for position, col in table.columns.items()}
    report.headers = {header: report.positions[name] for name, header in table.headers.items()}
    report.rows_read = result.rows_read
    report.rows_kept = len(result.clean)
    return report


def annotate(report: FileReport, folder: Path | str) -> Path | None:
    """Write a copy of the workbook with problem cells filled and the message as a comment.

    The original is never modified and macros are kept in the copy but never
    run. Only Excel workbooks (.xlsx, .xlsm) that could be read can be
    annotated; for the others, or when the copy cannot be written, the
    reason goes to stderr and None is returned (the problems were already listed).
    """
    if report.sheet is None or report.path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    folder = Path(folder)
    target = folder / report.path.name
    if target.resolve() == report.path.resolve():
        raise ValueError("la cartella --annotate deve essere diversa da quella del file originale")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(report.path, target)
        _annotate_copy(report, target)
    except Exception as exc:  # an odd workbook must not turn the validator's answer into a traceback
        target.unlink(missing_ok=True)
        print(f"{report.path.name}: copia annotata non scritta ({type(exc).__name__}): correggere il file seguendo "
              "l'elenco dei problemi", file=sys.stderr)
        return None
    return target


def _annotate_copy(report: FileReport, target: Path) -> None:
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    keep_vba = report.path.suffix.lower() == ".xlsm"  # macros are kept in the copy, never run
    workbook = load_workbook(target, keep_vba=keep_vba)  # openpyxl parses through defusedxml when installed
    sheet = workbook[report.sheet]
    notes: dict[tuple[int, int], list[Problem]] = {}
    for problem in report.problems:
        if problem.row is None:
            continue
        column = report.positions.get(problem.field or "") or report.headers.get(problem.column or "")
        if column is None and problem.row == report.header_row and problem.column:
            column = next((cell.column for cell in sheet[problem.row]
                           if cell.value is not None and " ".join(str(cell.value).split()) == problem.column), None)
        notes.setdefault((problem.row, column or 1), []).append(problem)
    for (row, column), problems in notes.items():
        cell = _writable(sheet, row, column)
        worst = "error" if any(p.severity == "error" for p in problems) else "warning"
        colour = ERROR_FILL if worst == "error" else WARNING_FILL
        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
        text = "\n".join(("Errore: " if p.severity == "error" else "Avviso: ") + p.message for p in problems)
        if cell.comment is not None:
            text = cell.comment.text + "\n" + text
        cell.comment = Comment(text, "intl-report validate", width=320, height=120)
    workbook.save(target)


def _writable(sheet, row: int, column: int):
    """The cell to mark: inside a merged range, its top-left cell (the only one Excel keeps)."""
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return sheet.cell(row=merged.min_row, column=merged.min_col)
    return sheet.cell(row=row, column=column)

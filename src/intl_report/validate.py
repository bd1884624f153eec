"""Checking workbooks before they are sent or run, and marking where to fix.

Uses exactly the reading and cleaning of the pipeline, so a file the
validator passes is a file the yearly run accepts.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .cleaning import clean_table
from .reading import WorkbookError, read_workbook
from .registry import load_registry
from .schema import Problem

ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"


@dataclass
class FileReport:
    path: Path
    problems: list[Problem] = field(default_factory=list)
    sheet: str | None = None
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
    result = clean_table(table, sector, year or 0)
    report.problems = sorted(result.problems, key=lambda p: (p.row or 0, p.severity != "error"))
    report.sheet = table.sheet
    report.positions = {col.name: position + 1 for position, col in table.columns.items()}
    report.rows_read = result.rows_read
    report.rows_kept = len(result.clean)
    return report


def annotate(report: FileReport, folder: Path | str) -> Path | None:
    """Write a copy of the workbook with problem cells filled and the message as a comment.

    The original is never modified. Only Excel workbooks (.xlsx, .xlsm) can be annotated.
    """
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    if report.sheet is None or report.path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / report.path.name
    if target.resolve() == report.path.resolve():
        raise ValueError("la cartella --annotate deve essere diversa da quella del file originale")
    shutil.copyfile(report.path, target)
    keep_vba = report.path.suffix.lower() == ".xlsm"  # macros are kept in the copy, never run
    workbook = load_workbook(target, keep_vba=keep_vba)
    sheet = workbook[report.sheet]
    notes: dict[tuple[int, int], list[Problem]] = {}
    for problem in report.problems:
        if problem.row is None:
            continue
        column = report.positions.get(problem.field or "", 1)
        notes.setdefault((problem.row, column), []).append(problem)
    for (row, column), problems in notes.items():
        cell = sheet.cell(row=row, column=column)
        worst = "error" if any(p.severity == "error" for p in problems) else "warning"
        colour = ERROR_FILL if worst == "error" else WARNING_FILL
        cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
        text = "\n".join(("Errore: " if p.severity == "error" else "Avviso: ") + p.message for p in problems)
        cell.comment = Comment(text, "intl-report validate", width=320, height=120)
    workbook.save(target)
    return target

"""Checking workbooks before they are sent or run.

Uses exactly the reading and cleaning of the pipeline, so a file the
validator passes is a file the yearly run accepts. The annotated copy that
shows a referent where to fix is :mod:`intl_report.annotated`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from .cleaning import clean_table
from .containers import WorkbookError
from .i18n import say
from .reading import read_workbook
from .registry import load_registry
from .schema import Problem


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


def validate_file(path: Path | str, year: int | None = None, sector: str | None = None) -> FileReport:
    """Check one workbook as the yearly run reads and cleans it.

    *sector* is the sector's slug when the caller knows it (the collection round found the file for it);
    otherwise it is taken from the file's name (:func:`sector_of`).
    """
    path = Path(path)
    report = FileReport(path)
    try:
        table = read_workbook(path)
    except WorkbookError as exc:
        report.problems.append(exc.problem)
        return report
    sector = sector or sector_of(path) or ""
    try:
        result = clean_table(table, sector, year or 0)
    except Exception as exc:  # never a traceback for the referent
        report.problems.append(Problem(path.name, table.sheet, None, None, None, "error",
                                       say("validate.unexpected", "errore imprevisto nel controllo delle righe "
                                           "({kind}): inviare il file al tavolo di coordinamento",
                                           kind=type(exc).__name__)))
        return report
    report.problems = sorted(result.problems, key=lambda p: (p.row or 0, p.severity != "error"))
    report.sheet = table.sheet
    report.header_row = table.header_row
    report.positions = {col.name: position + 1 for position, col in table.columns.items()}
    report.headers = {header: report.positions[name] for name, header in table.headers.items()}
    report.rows_read = result.rows_read
    report.rows_kept = len(result.clean)
    return report


def annotation_names(paths: list[Path]) -> dict[Path, str]:
    """The name of each file's annotated copy in one ``--annotate`` folder, so that no copy overwrites another.

    A file's copy is ``<stem>-da-correggere.xlsx``. Files that share a stem (``sport.xlsx`` and ``sport.ods``,
    or two ``sport.xlsx`` from different folders) add their format, then a number, in the order given:
    ``sport-xlsx-da-correggere.xlsx``, ``sport-ods-da-correggere.xlsx``, ``sport-xlsx-2-da-correggere.xlsx``.
    """
    from .annotated import annotated_name

    sources = list(dict.fromkeys(Path(path).resolve() for path in paths))
    stems: dict[str, int] = {}
    for source in sources:
        stems[source.stem] = stems.get(source.stem, 0) + 1
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for source in sources:
        stem = source.stem if stems[source.stem] == 1 else f"{source.stem}-{source.suffix.lstrip('.').lower()}"
        candidate, number = stem, 1
        while annotated_name(candidate) in taken:
            number += 1
            candidate = f"{stem}-{number}"
        taken.add(annotated_name(candidate))
        names[source] = annotated_name(candidate)
    return names


def annotate(report: FileReport, folder: Path | str, name: str | None = None) -> Path | None:
    """``validate --annotate DIR``: write the annotated copy of a checked workbook into *folder*.

    The copy is *name*, by default ``<stem>-da-correggere.xlsx`` (``.xlsm`` for a workbook with macros; see
    :func:`annotation_names` for several files of one stem), never the original's name;
    :func:`intl_report.annotated.write_annotated` says what it holds. A file that could not be read has no copy
    (its reason was already listed); when the copy cannot be written, the reason goes to stderr as one line.
    Either way None is returned.
    """
    if report.sheet is None:
        return None
    from .annotated import AnnotationError, annotated_name, write_annotated  # openpyxl: only when annotating

    try:
        return write_annotated(report, Path(folder) / (name or annotated_name(report.path.stem)))
    except AnnotationError as exc:
        print(exc, file=sys.stderr)
        return None

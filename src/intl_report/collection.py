"""Where the collection round stands: each sector's state, from the files in the year's folder.

``intl-report status`` prints it and ``intl-report feedback`` writes each sector's answer from it. A sector's
state is one of:

    valid        its file has no error and no warning
    warnings     no error, some warnings (accepted as it is)
    errors       some rows have errors: they would be left out of the report
    unreadable   its file cannot be read (not a spreadsheet, damaged, protected by a password, …)
    missing      no file received

Every file is checked with the validator (:func:`intl_report.validate.validate_file`), the pipeline's own reading
and cleaning, so the states are what the yearly run would find.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import N_, operator_language, say, say_plural, translations
from .intake import Intake, OtherFile, take_in
from .layout import YearLayout
from .registry import load_registry

if TYPE_CHECKING:  # the schema imports pandas: the run's own process only needs the states' words
    from .schema import Problem

STATES = ("valid", "warnings", "errors", "unreadable", "missing")
STATE_WORDS = {
    "valid": N_("state", "valido"),
    "warnings": N_("state", "con avvisi"),
    "errors": N_("state", "con errori"),
    "unreadable": N_("state", "illeggibile"),
    "missing": N_("state", "mancante"),
}


def state_word(state: str) -> str:
    """The state as the secretariat reads it (Italian, or the operator's language)."""
    context, text = STATE_WORDS[state]
    return translations(operator_language()).pgettext(context, text)


def state_of(readable: bool, errors: int, warnings: int) -> str:
    if not readable:
        return "unreadable"
    return "errors" if errors else ("warnings" if warnings else "valid")


def summary_state(summary: dict) -> str:
    """The state of a sector the run cleaned, from its summary (``<slug>.summary.json``): the one ``status``
    gives for the same file."""
    if summary["status"] == "missing":
        return "missing"
    return state_of(summary["status"] != "unreadable", summary["errors"], summary["warnings"])


@dataclass
class SectorState:
    """One sector in the round: its file, when it came, what the validator found."""

    sector: str
    name: str
    state: str
    file: Path | None = None
    received: dt.datetime | None = None
    rows_read: int = 0
    rows_kept: int = 0
    problems: list[Problem] = field(default_factory=list)
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)  # how its file was found: a browser's copy, a second file

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    @property
    def rows_rejected(self) -> int:
        return self.rows_read - self.rows_kept

    def as_dict(self) -> dict:
        return {
            "sector": self.sector, "name": self.name, "state": self.state,
            "file": self.file.name if self.file else None,
            "received": self.received.isoformat(timespec="seconds") if self.received else None,
            "rows_read": self.rows_read, "rows_kept": self.rows_kept, "rows_rejected": self.rows_rejected,
            "errors": self.errors, "warnings": self.warnings,
        }


@dataclass
class RoundStatus:
    year: int
    folder: Path
    sectors: list[SectorState]
    other_files: list[OtherFile]
    reports: dict = field(default_factory=dict, repr=False)  # sector -> FileReport, for the annotated copies

    @property
    def complete(self) -> bool:
        """Every sector sent a file the run accepts whole (warnings allowed)."""
        return all(s.state in ("valid", "warnings") for s in self.sectors)

    def counts(self) -> dict[str, int]:
        return {state: sum(s.state == state for s in self.sectors) for state in STATES}

    def as_dict(self) -> dict:
        return {"year": self.year, "sectors": [s.as_dict() for s in self.sectors],
                "other_files": [o.as_dict() for o in self.other_files]}


def intake_problem(file: Path, message: str) -> Problem:
    """A warning about how a sector's file was found (a browser's copy, a second file), as a validator problem."""
    from .schema import Problem

    return Problem(file.name, None, None, None, None, "warning", message)


def round_status(layout: YearLayout, intake: Intake | None = None) -> RoundStatus:
    """Every registry sector's state for the year, and the folder's other files with their reasons."""
    from .validate import validate_file  # pandas: only once there is a file to check

    registry = load_registry()
    intake = intake or take_in(layout, registry)
    sectors, reports = [], {}
    for sector in registry.sectors:
        path = intake.file(sector.slug)
        if path is None:
            sectors.append(SectorState(sector.slug, sector.name, "missing"))
            continue
        report = validate_file(path, layout.year, sector=sector.slug)
        reports[sector.slug] = report
        found = [intake_problem(path, message) for message in intake.warnings_of(sector.slug)]
        problems = found + report.problems
        state = state_of(report.sheet is not None, sum(p.severity == "error" for p in problems),
                         sum(p.severity == "warning" for p in problems))
        sectors.append(SectorState(
            sector.slug, sector.name, state, path, dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0),
            report.rows_read, report.rows_kept, problems, report.sheet, intake.warnings_of(sector.slug)))
    return RoundStatus(layout.year, layout.raw, sectors, intake.others, reports)


def status_text(status: RoundStatus) -> str:
    """The round as the secretariat reads it: a headline, one line per sector, then the other files."""
    counts = status.counts()
    tally = ", ".join([
        say_plural("status.count_valid", "{count} valido", "{count} validi", counts["valid"]),
        say_plural("status.count_warnings", "{count} con avvisi", "{count} con avvisi", counts["warnings"]),
        say_plural("status.count_errors", "{count} con errori", "{count} con errori", counts["errors"]),
        say_plural("status.count_unreadable", "{count} illeggibile", "{count} illeggibili", counts["unreadable"]),
        say_plural("status.count_missing", "{count} mancante", "{count} mancanti", counts["missing"]),
    ])
    headline = say_plural("status.headline", "Raccolta {year} – {folder}: {count} settore, {tally}",
                          "Raccolta {year} – {folder}: {count} settori, {tally}", len(status.sectors),
                          year=status.year, folder=status.folder, tally=tally)
    header = (say("status.col_sector", "Settore"), say("status.col_state", "Stato"), say("status.col_file", "File"),
              say("status.col_received", "Ricevuto"), say("status.col_read", "Righe"),
              say("status.col_kept", "Accolte"), say("status.col_rejected", "Scartate"),
              say("status.col_errors", "Errori"), say("status.col_warnings", "Avvisi"))
    rows = [header]
    for s in status.sectors:
        present = s.file is not None and s.state != "unreadable"
        rows.append((s.sector, state_word(s.state), s.file.name if s.file else "–",
                     s.received.strftime("%d/%m/%Y %H:%M") if s.received else "–",
                     *(str(n) if present else "–" for n in (s.rows_read, s.rows_kept, s.rows_rejected)),
                     str(s.errors) if s.file else "–", str(s.warnings) if s.file else "–"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    numeric = range(4, len(header))
    lines = [headline, ""]
    for row in rows:
        cells = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    unreadable = [s for s in status.sectors if s.state == "unreadable"]
    if unreadable:
        lines += ["", say("status.unreadable_title", "File illeggibili:")]
        lines += [f"  {s.file.name}: {s.problems[-1].message}" for s in unreadable if s.problems]
    noted = [s for s in status.sectors if s.notes]
    if noted:
        lines += ["", say("status.notes_title", "Da sapere sui file ricevuti:")]
        lines += [f"  {s.sector}: {note}" for s in noted for note in s.notes]
    if status.other_files:
        lines += ["", say("status.others_title", "Altri file nella cartella, non letti:")]
        lines += [f"  {other.path.name}: {other.reason}" for other in status.other_files]
    return "\n".join(lines)

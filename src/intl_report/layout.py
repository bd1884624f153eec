"""Where a year's files are, and what the run knows from its summaries: no pandas, so that the ``intl-report``
command itself starts fast (the notebooks do the work, in processes of their own).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .registry import load_registry

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")


@dataclass(frozen=True)
class YearLayout:
    """The files of one year's run."""

    year: int
    raw: Path
    processed: Path

    @classmethod
    def of(cls, year: int, raw_dir: str | Path | None = None, processed_dir: str | Path | None = None) -> YearLayout:
        year = check_year(year)
        return cls(
            year,
            paths.raw_year_dir(year, raw_dir or paths.RAW_DIR),
            paths.processed_year_dir(year, processed_dir or paths.PROCESSED_DIR),
        )

    @property
    def sectors_dir(self) -> Path:
        return self.processed / "sectors"

    @property
    def stats_dir(self) -> Path:
        return self.processed / "stats"

    @property
    def charts_dir(self) -> Path:
        return self.processed / "charts"

    @property
    def notebooks_dir(self) -> Path:
        return self.processed / "notebooks"

    @property
    def activities(self) -> Path:
        return self.processed / "activities.parquet"

    @property
    def activities_csv(self) -> Path:
        """Every activity of the year as open data (see :mod:`intl_report.companion`), published with the PDF."""
        return self.processed / "activities.csv"

    def clean_table(self, sector: str) -> Path:
        return self.sectors_dir / f"{sector}.parquet"

    def rejected_table(self, sector: str) -> Path:
        return self.sectors_dir / f"{sector}.rejected.csv"

    def summary(self, sector: str) -> Path:
        return self.sectors_dir / f"{sector}.summary.json"

    @property
    def render_caches(self) -> Path:
        return self.processed / ".render-cache"

    def render_cache(self, lang: str) -> Path:
        """Each chapter's Typst from the last render (embedded engine): a re-render converts only what changed."""
        return self.render_caches / lang


def check_year(year: object) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise ValueError(f"Anno non valido: {year!r}") from None
    if not 2000 <= value <= 2100:
        raise ValueError(f"Anno non valido: {value} (atteso tra 2000 e 2100)")
    return value


def check_sector(sector: str) -> str:
    load_registry().get(sector)  # raises with the list of known sectors
    return sector


def chart_index(layout: YearLayout, lang: str) -> list[dict]:
    """The edition's charts as the cross-sector step drew them: name, file, title, alt text, and their path.

    Raises FileNotFoundError, saying what to run, when the cross-sector step has not drawn them yet.
    """
    folder = layout.charts_dir / lang
    index = folder / "charts.json"
    if not index.exists():
        raise FileNotFoundError(f"Mancano i grafici del {layout.year} ({lang}) in {folder}: eseguire prima il "
                                "passo trasversale (notebooks/20-cross-sector.ipynb)")
    charts = json.loads(index.read_text("utf-8"))
    for chart in charts:
        chart["path"] = str((folder / chart["file"]).resolve())
    return charts


def load_summaries(layout: YearLayout) -> list[dict]:
    """Every registry sector's summary, in registry order (missing ones marked)."""
    summaries = []
    for sector in load_registry().slugs:
        path = layout.summary(sector)
        if path.exists():
            summaries.append(json.loads(path.read_text("utf-8")))
        else:
            summaries.append(
                {"sector": sector, "year": layout.year, "file": None, "status": "not_processed", "rows_read": 0,
                 "rows_kept": 0, "rows_rejected": 0, "errors": 0, "warnings": 0, "problems": []}
            )
    return summaries


def previous_year_numbers(year: int, processed_dir: str | Path | None = None) -> list[int]:
    """Earlier years whose processed activities exist, oldest first."""
    root = Path(processed_dir or paths.PROCESSED_DIR)
    if not root.exists():
        return []
    return sorted(
        int(child.name) for child in root.iterdir()
        if child.name.isdigit() and int(child.name) < year and (child / "activities.parquet").exists()
    )


def completeness(summaries: list[dict], lang: str = "it") -> list[str]:
    """Sentences naming what keeps the year's data from being complete (the file problem stays in Italian)."""
    from . import i18n

    t = i18n.translations(lang)
    registry = load_registry()
    issues = []
    for summary in summaries:
        name = registry.get(summary["sector"]).label(lang)
        status = summary["status"]
        if status == "missing":
            issues.append(t.pgettext("completeness.missing", "{name}: nessun file ricevuto").format(name=name))
        elif status == "not_processed":
            issues.append(t.pgettext("completeness.not_processed",
                                     "{name}: dati non elaborati in questa esecuzione").format(name=name))
        elif status == "unreadable":
            message = summary["problems"][0]["message"] if summary["problems"] else "file illeggibile"
            issues.append(t.pgettext("completeness.unreadable", "{name}: file non leggibile ({file}: {message})")
                          .format(name=name, file=summary["file"], message=message))
        elif summary["rows_rejected"]:
            count = summary["rows_rejected"]
            issues.append(t.npgettext("completeness.rejected", "{name}: {count} riga scartata per errori nei dati",
                                      "{name}: {count} righe scartate per errori nei dati", count)
                          .format(name=name, count=count))
    return issues


def companion_name(year: int) -> str:
    """The published activities CSV's name (:mod:`intl_report.companion`); one for both editions (its headers
    are the template's, in Italian)."""
    return f"rapporto-internazionalizzazione-{year}-attivita.csv"

"""The yearly run's steps, declared once: each step's notebook, parameters, inputs and outputs.

    clean-<sector>   notebooks/10-clean-sector.ipynb   the sector's workbook  -> its clean table, rejected rows, summary
    cross-sector     notebooks/20-cross-sector.ipynb   every sector's outputs -> activities, open data, statistics,
                                                       the charts of every edition
    report-<lang>    report/30-report.ipynb            what cross-sector read and wrote -> the executed report

The runner fingerprints and runs these steps, the pipeline writes its files where they say (``sector_outputs``,
``cross_outputs``), and the manifest lists them. No pandas here: the command itself reads this table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from . import paths, runstate
from .i18n import say
from .layout import YearLayout
from .report_texts import LABELS

LANGUAGES = tuple(LABELS)  # the report's editions


@dataclass(frozen=True)
class SectorOutputs:
    clean: Path  # the valid activities (parquet)
    rejected: Path  # the rejected rows with their reasons (CSV, for the referent)
    summary: Path  # rows read, kept and rejected, the file's status and problems (JSON)

    def all(self) -> list[Path]:
        return [self.clean, self.rejected, self.summary]


# The cross-sector statistics, one CSV each under stats/ (pipeline.cross_sector computes them).
STATISTICS = ("by_sector", "by_type", "by_status", "by_role", "by_funding_source", "by_country", "by_continent",
              "by_network", "top_partner_cities", "collaboration", "timeline")


@dataclass(frozen=True)
class CrossOutputs:
    activities: Path  # every sector's activities (parquet)
    activities_csv: Path  # the same as open data
    key_figures: Path
    statistics: dict[str, Path]  # each statistic's table
    chart_indexes: dict[str, Path]  # per edition: the charts' titles and alternative texts (the SVGs they list too)

    def all(self) -> list[Path]:
        return [self.activities, self.activities_csv, self.key_figures, *self.statistics.values(),
                *self.chart_indexes.values()]


def listed_files(outputs: list[Path]) -> list[Path]:
    """The files a chart index among *outputs* names (the SVGs): the step is done only when they are there too."""
    files = []
    for index in outputs:
        if index.name == "charts.json" and index.is_file():
            try:
                files += [index.parent / chart["file"] for chart in json.loads(index.read_text("utf-8"))]
            except (ValueError, KeyError, TypeError):
                files.append(index.parent / "(unreadable charts.json)")  # never there: the step runs again
    return files


def sector_outputs(layout: YearLayout, sector: str) -> SectorOutputs:
    return SectorOutputs(layout.clean_table(sector), layout.rejected_table(sector), layout.summary(sector))


def cross_outputs(layout: YearLayout) -> CrossOutputs:
    return CrossOutputs(layout.activities, layout.activities_csv, layout.stats_dir / "key_figures.json",
                        {name: layout.stats_dir / f"{name}.csv" for name in STATISTICS},
                        {lang: layout.charts_dir / lang / "charts.json" for lang in LANGUAGES})


@dataclass
class Step:
    """One notebook execution of the run: what it reads and writes, and how to name it in messages."""

    name: str
    label: str  # as shown to people: "pulizia, settore sport, file sport.xlsx"
    notebook: Path
    executed: Path
    parameters: dict
    inputs: list[Path]
    outputs: list[Path]

    @property
    def fingerprint(self) -> str:
        return runstate.fingerprint({"notebook": self.notebook.name, **self.parameters}, self.inputs)


def clean_step(layout: YearLayout, sector: str, workbook: Path | None, raw_dir: Path, processed_dir: Path,
               file_warnings: list[str] | None = None) -> Step:
    """The sector's cleaning; *workbook* is the file found for it and *file_warnings* what was noticed about it
    (:func:`intl_report.intake.take_in`), given to the notebook."""
    return Step(
        name=f"clean-{sector}",
        label=say("step.clean", "pulizia, settore {sector}, file {file}", sector=sector,
                  file=workbook.name if workbook else say("step.no_file", "(nessun file)")),
        notebook=paths.CLEAN_NOTEBOOK,
        executed=layout.notebooks_dir / f"10-clean-{sector}.ipynb",
        parameters={"sector": sector, "year": layout.year, "raw_dir": str(raw_dir),
                    "processed_dir": str(processed_dir), "workbook": str(workbook) if workbook else "",
                    "file_warnings": list(file_warnings or [])},
        inputs=[workbook] if workbook else [],
        outputs=sector_outputs(layout, sector).all(),
    )


def cross_step(layout: YearLayout, cleaning: list[Step], earlier_years: list[Path], processed_dir: Path) -> Step:
    """The cross-sector step reads the sectors' clean tables and summaries, and earlier years' activities."""
    read = [path for step in cleaning for path in step.outputs if path.suffix != ".csv"]  # not the rejected rows
    return Step(
        name="cross-sector", label=say("step.cross", "analisi trasversale"), notebook=paths.CROSS_NOTEBOOK,
        executed=layout.notebooks_dir / "20-cross-sector.ipynb",
        parameters={"year": layout.year, "processed_dir": str(processed_dir)},
        inputs=read + earlier_years, outputs=cross_outputs(layout).all(),
    )


def report_step(layout: YearLayout, lang: str, cross: Step, processed_dir: Path) -> Step:
    return Step(
        name=f"report-{lang}", label=say("step.report", "rapporto"), notebook=paths.REPORT_NOTEBOOK,
        executed=layout.notebooks_dir / f"30-report-{lang}.ipynb",
        parameters={"year": layout.year, "processed_dir": str(processed_dir), "lang": lang},
        inputs=cross.inputs + cross.outputs, outputs=[],
    )

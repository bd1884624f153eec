"""The pipeline's steps, one function each, called by the notebooks in order.

    clean_sector   (notebooks/10-clean-sector.ipynb, once per sector)
    cross_sector   (notebooks/20-cross-sector.ipynb)
    report content (report/30-report.ipynb, see :mod:`intl_report.report`)

Each step reads what the previous one wrote under ``data/processed/<year>/``
and writes its own outputs atomically.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pandas as pd

from . import atomic, steps
from .cleaning import CLEAN_COLUMNS, SectorResult, clean_table, empty_result
from .containers import WorkbookError
from .collection import intake_problem
from .i18n import say
from .intake import take_in
from .layout import YearLayout, check_sector, previous_year_numbers
from .reading import read_workbook
from .registry import load_registry
from .schema import LIST_COLUMNS, Problem


def clean_sector(
    sector: str, year: int, raw_dir: str | Path | None = None, processed_dir: str | Path | None = None,
    workbook: str | Path | None = None, file_warnings: list[str] | tuple[str, ...] = (),
) -> SectorResult:
    """Read, clean and validate one sector's workbook and write its tables.

    Writes ``sectors/<slug>.parquet`` (clean), ``<slug>.rejected.csv`` (rejected
    rows with reasons) and ``<slug>.summary.json`` under the year's processed folder
    (``steps.sector_outputs``). *workbook*: the file the run found for the sector, and *file_warnings* what it
    noticed about it (a browser's copy, a second file: :mod:`intl_report.intake`); else both are looked for here.
    A missing or unreadable workbook is not an exception: it is recorded in the
    summary (status ``missing`` or ``unreadable``) so the run and the report go on.
    """
    check_sector(sector)
    layout = YearLayout.of(year, raw_dir, processed_dir)
    if workbook:
        workbook = Path(workbook)
    else:
        intake = take_in(layout)
        workbook, file_warnings = intake.file(sector), intake.warnings_of(sector)
    if workbook is None:
        problem = Problem(f"{sector}.xlsx", None, None, None, None, "error",
                          say("pipeline.no_file", "nessun file ricevuto in {folder}", folder=layout.raw))
        result = empty_result(sector, layout.year, None, "missing", problem)
    else:
        try:
            table = read_workbook(workbook)
        except WorkbookError as exc:
            result = empty_result(sector, layout.year, workbook.name, "unreadable", exc.problem)
        else:
            result = clean_table(table, sector, layout.year)
        result.problems[:0] = [intake_problem(workbook, message) for message in file_warnings]
    write_sector_result(result, layout)
    return result


def write_sector_result(result: SectorResult, layout: YearLayout) -> None:
    outputs = steps.sector_outputs(layout, result.sector)
    with atomic.atomic_path(outputs.clean) as temporary:
        result.clean.to_parquet(temporary, index=False)
    with atomic.atomic_path(outputs.rejected) as temporary:
        result.rejected.to_csv(temporary, index=False)
    atomic.write_json(outputs.summary, result.summary())


def warm_up() -> None:
    """What every notebook would pay on its first call, paid once in the warm workers' server (engine.py).

    The first parquet write and read, CSV write and pandera validation of a process import and set up more
    than they compute (about a tenth of a second in each notebook otherwise).
    """
    import io

    from .schema import pandera_schema

    clean = empty_result("warm-up", 2000, None, "missing", None).clean
    with contextlib.suppress(Exception):  # a failed warm-up only costs speed
        pandera_schema().validate(clean, lazy=True)
    buffer = io.BytesIO()
    clean.to_parquet(buffer, index=False)
    _lists_as_lists(pd.read_parquet(io.BytesIO(buffer.getvalue())))
    clean.to_csv(io.StringIO(), index=False)


def load_clean_tables(layout: YearLayout) -> pd.DataFrame:
    """All sectors' clean activities for the year, one row per (sector, activity).

    Raises FileNotFoundError, saying what to run first, when no sector of the year has been cleaned yet (a
    notebook opened on a fresh clone would otherwise report a year of zero activities).
    """
    slugs = load_registry().slugs
    if not any(layout.summary(slug).exists() for slug in slugs):
        raise FileNotFoundError(
            f"Nessun settore del {layout.year} è ancora stato elaborato in {layout.sectors_dir}: eseguire prima "
            f"notebooks/10-clean-sector.ipynb per ogni settore, oppure `intl-report run --year {layout.year}`"
        )
    frames = [pd.read_parquet(layout.clean_table(s)) for s in slugs if layout.clean_table(s).exists()]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in CLEAN_COLUMNS})
    return _lists_as_lists(pd.concat(frames, ignore_index=True))


def _lists_as_lists(activities: pd.DataFrame) -> pd.DataFrame:
    """Parquet gives list cells back as arrays (or None): the rest of the package works on plain lists."""
    for name in LIST_COLUMNS:
        activities[name] = activities[name].map(lambda v: [] if v is None else list(v))
    return activities


def load_activities(year: int, processed_dir: str | Path | None = None) -> pd.DataFrame | None:
    """The combined activities table the cross-sector step wrote for a year, if any."""
    layout = YearLayout.of(year, None, processed_dir)
    if not layout.activities.exists():
        return None
    return _lists_as_lists(pd.read_parquet(layout.activities))


def previous_years(year: int, processed_dir: str | Path | None = None) -> dict[int, pd.DataFrame]:
    """Earlier years' processed activities, oldest first, for trends and comparisons."""
    return {earlier: load_activities(earlier, processed_dir) for earlier in previous_year_numbers(year, processed_dir)}


def cross_sector(year: int, processed_dir: str | Path | None = None) -> dict:
    """Combine the sectors' clean tables, compute the statistics and draw the charts of every edition.

    Writes ``activities.parquet``, ``activities.csv`` (open data), ``stats/*.csv``, and for each language of the
    report ``charts/<lang>/*.svg`` and ``charts/<lang>/charts.json`` (titles and alternative texts): this step
    owns the charts, the report only reads them. Returns the key figures.
    """
    from . import charts, companion, stats

    layout = YearLayout.of(year, None, processed_dir)
    outputs = steps.cross_outputs(layout)
    activities = load_clean_tables(layout)
    with atomic.atomic_path(outputs.activities) as temporary:
        activities.to_parquet(temporary, index=False)
    companion.write_activities_csv(activities, outputs.activities_csv)

    distinct = stats.dedupe_joint(activities)  # once: every city-wide figure counts a joint activity once
    tables = {
        "by_sector": stats.by_sector(activities),
        "by_type": stats.by_code(distinct, "type"),
        "by_status": stats.by_code(distinct, "status"),
        "by_role": stats.by_code(distinct, "city_role"),
        "by_funding_source": stats.by_code(distinct, "funding_source"),
        "by_country": stats.by_country(distinct),
        "by_continent": stats.by_continent(distinct),
        "by_network": stats.by_network(distinct),
        "top_partner_cities": stats.top_partner_cities(distinct),
        "collaboration": stats.collaboration_matrix(distinct),
        "timeline": stats.timeline(distinct, layout.year),
    }
    assert tables.keys() == outputs.statistics.keys(), "steps.STATISTICS lists the statistics computed here"
    for name, table in tables.items():
        with atomic.atomic_path(outputs.statistics[name]) as temporary:
            table.to_csv(temporary, index=name == "collaboration")
    figures = stats.key_figures(distinct)
    atomic.write_json(outputs.key_figures, figures)

    earlier = previous_years(layout.year, processed_dir)
    for lang, index in outputs.chart_indexes.items():  # every edition: an English run must not find stale charts
        drawn = charts.make_all_charts(activities, layout.year, index.parent, lang=lang, previous_years=earlier,
                                       distinct=distinct, tables=tables)  # drawn from the tables just computed
        charts.write_chart_index(drawn, index)
    return figures

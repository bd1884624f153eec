"""The report's charts: matplotlib, vector SVG, one house style, Italian and English editions.

Every chart function takes a table from :mod:`intl_report.stats`, draws it in Italian or English, writes
``<out_dir>/<name>.svg`` atomically and returns a :class:`Chart` with a title (for the caption: the title is not
drawn inside the figure) and an alternative text written from the data. :func:`make_all_charts` draws every chart
that has data, :func:`write_chart_index` lists them for the report.

The package's modules:

* :mod:`.style`: house colours, font sizes, matplotlib settings, the figure every chart starts from;
* :mod:`.words`: every word the reader sees, one table per language; :mod:`.text` puts them together;
* :mod:`.bars`, :mod:`.time`, :mod:`.collaboration`, :mod:`.worldmap` (with :mod:`.geo` and :mod:`.choropleth`):
  the drawings;
* :mod:`.cache`: the :class:`Chart` record, the atomic writes and the cache of charts whose data did not change.

Nothing here imports matplotlib: it is imported where a chart is drawn, so that a re-run whose charts all come
from the cache does not pay for it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .. import stats
from .bars import (
    CODE_CHARTS,
    chart_by_continent,
    chart_by_funding_source,
    chart_by_role,
    chart_by_sector,
    chart_by_status,
    chart_by_type,
    chart_funding_by_network,
    chart_top_countries,
)
from .cache import Chart, ChartCache, write_chart_index
from .collaboration import chart_collaboration
from .time import chart_timeline, chart_trend
from .worldmap import chart_world_map

__all__ = ["Chart", "make_all_charts", "write_chart_index"]

_CODE_CHART_DRAWERS = {"by_type": chart_by_type, "by_status": chart_by_status, "by_role": chart_by_role,
                       "by_funding_source": chart_by_funding_source}  # fmt: skip


def make_all_charts(
    activities: pd.DataFrame,
    year: int,
    out_dir: Path | str,
    lang: str = "it",
    previous_years: dict[int, pd.DataFrame] | None = None,
    distinct: pd.DataFrame | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
) -> list[Chart]:
    """Compute the statistics and draw every chart that has data to show.

    Parameters
    ----------
    activities : DataFrame
        The year's clean activity table (all sectors).
    year : int
    out_dir : path
        Where the SVG files go (one directory per language: file names do not carry it).
    lang : {"it", "en"}
    previous_years : dict, optional
        ``{year: activities}`` of earlier years, for the trend chart.
    distinct : DataFrame, optional
        ``stats.dedupe_joint(activities)`` when the caller has it already.
    tables : dict, optional
        Statistics the caller has computed already, by name, as :func:`pipeline.cross_sector` writes them
        (``by_sector``, ``collaboration``, ``by_type``, ``by_status``, ``by_role``, ``by_funding_source``,
        ``by_continent``, ``by_country``, ``timeline``); the others are computed here.

    Returns
    -------
    list of Chart
        In reading order; a chart without data is not drawn and not listed.
    """
    distinct = stats.dedupe_joint(activities) if distinct is None else distinct
    known = tables or {}

    def table(name: str, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        return known[name] if name in known else compute()

    # (chart name, the tables it is drawn from, how to draw it, whether there is anything to show)
    jobs: list[tuple[str, tuple, Callable[[], Chart], bool]] = []
    sectors = table("by_sector", lambda: stats.by_sector(activities))
    jobs.append(("by_sector", (sectors,), lambda: chart_by_sector(sectors, out_dir, lang),
                 int(sectors["activities"].sum()) > 0))  # fmt: skip
    matrix = table("collaboration", lambda: stats.collaboration_matrix(distinct))
    jobs.append(("collaboration", (matrix,), lambda: chart_collaboration(matrix, out_dir, lang),
                 int(matrix.to_numpy().sum()) > 0))  # fmt: skip
    for name, (col, _) in CODE_CHARTS.items():
        codes = table(name, lambda col=col: stats.by_code(distinct, col))
        draw = _CODE_CHART_DRAWERS[name]
        jobs.append((name, (codes,), lambda draw=draw, codes=codes: draw(codes, out_dir, lang),
                     bool(codes["code"].notna().any())))  # fmt: skip
    networks = stats.by_network(distinct, top=None)
    jobs.append(("funding_by_network", (networks,), lambda: chart_funding_by_network(networks, out_dir, lang),
                 bool((networks["eu_contribution"] > 0).any())))  # fmt: skip
    continents = table("by_continent", lambda: stats.by_continent(distinct))
    jobs.append(("by_continent", (continents,), lambda: chart_by_continent(continents, out_dir, lang),
                 not continents.empty))  # fmt: skip
    countries = table("by_country", lambda: stats.by_country(distinct))
    jobs.append(("top_countries", (countries,), lambda: chart_top_countries(countries, out_dir, lang),
                 not countries.empty))  # fmt: skip
    jobs.append(("world_map", (countries,), lambda: chart_world_map(countries, out_dir, lang, year=year),
                 not countries.empty))  # fmt: skip
    months = table("timeline", lambda: stats.timeline(distinct, year))
    jobs.append(("timeline", (months,), lambda: chart_timeline(months, out_dir, year, lang),
                 int(months["active"].sum()) > 0))  # fmt: skip
    if previous_years:
        # this year's distinct activities: key_figures accepts them as they are, instead of deduplicating again
        by_year = {**{int(y): t for y, t in previous_years.items() if t is not None}, int(year): distinct}
        if len(by_year) >= 2:
            history = stats.trend(by_year)
            jobs.append(("trend", (history,), lambda: chart_trend(history, out_dir, lang), True))
    cache = ChartCache(Path(out_dir), lang, year)
    out = [cache.get(name, tables, draw) for name, tables, draw, has_data in jobs if has_data]
    cache.save()
    return out

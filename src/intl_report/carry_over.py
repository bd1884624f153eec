"""The activities of last year still under way: carried over into the new year's workbook.

A sector's workbook for a new year starts with the activities of the previous year that had not ended by its
end, with their IDs, so that the referent updates them instead of retyping them (and the ID, which links the
years, stays the same). They come from the previous year's processed activities
(``<processed_dir>/<year>/activities.parquet``, the cross-sector step's table), and go back into the cells as a
referent would have typed them, as :mod:`intl_report.companion` writes them for people: code labels instead of
codes, country and sector names instead of codes and slugs, lists joined with ``; ``; dates stay dates and
amounts numbers, so that the workbook's own checks accept them.

What is still under way: status *in corso* or *approvata*, or an end date on or after 1 January of the new year,
unless its status says it is over (*conclusa*, *annullata o non finanziata*). The results are not carried over:
they are the year's own (``schema``: "Risultati ottenuti nell'anno"), and last year's results left in place would
be published again as this year's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import say
from .schema import COLUMNS, Column

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["UNDER_WAY", "OVER", "NOT_CARRIED", "previous_activities", "sector_rows", "carried_over_rows"]

UNDER_WAY = ("in_corso", "approvata")
OVER = ("conclusa", "annullata")
NOT_CARRIED = ("results",)  # the year's own results

Cells = dict[str, object]  # schema column name -> the value to write in its cell


def previous_activities(previous_year: int, processed_dir: Path | str | None = None) -> pd.DataFrame:
    """Every sector's processed activities of *previous_year*.

    Raises
    ------
    ValueError
        When that year has not been processed (its ``activities.parquet`` is missing), saying what to run.
    """
    from .layout import YearLayout
    from .pipeline import load_activities

    activities = load_activities(previous_year, processed_dir)
    if activities is None:
        missing = YearLayout.of(previous_year, None, processed_dir).activities
        raise ValueError(say(
            "carry_over.not_processed",
            "le attività del {year} non sono ancora state elaborate (manca {path}): eseguire prima "
            "«intl-report run --year {year}», poi preparare di nuovo i modelli",
            year=previous_year, path=missing,
        ))
    return activities


def sector_rows(activities: pd.DataFrame, sector_slug: str, previous_year: int) -> list[Cells]:
    """The cells of the sector's activities still under way at the end of *previous_year*, oldest first."""
    import pandas as pd

    own = activities[activities["sector"] == sector_slug]
    new_year = pd.Timestamp(previous_year + 1, 1, 1)
    ends = pd.to_datetime(own["end_date"])
    under_way = own["status"].isin(UNDER_WAY) | ((ends >= new_year) & ~own["status"].isin(OVER))
    carried = own[under_way].sort_values(["start_date", "activity_id"], kind="stable")
    return [_cells(record) for record in carried.to_dict("records")]


def carried_over_rows(sector_slug: str, previous_year: int, processed_dir: Path | str | None = None) -> list[Cells]:
    """:func:`sector_rows` of one sector, read from the processed data of *previous_year*."""
    return sector_rows(previous_activities(previous_year, processed_dir), sector_slug, previous_year)


def _cells(record: Mapping[str, object]) -> Cells:
    return {col.name: None if col.name in NOT_CARRIED else _cell(col, record.get(col.name)) for col in COLUMNS}


def _cell(col: Column, value: object) -> object:
    """One processed value as the template's cell holds it (see the module docstring)."""
    from .countries import country_name
    from .registry import load_registry

    if col.kind in ("countries", "text_list", "sdgs", "sectors"):
        items = [] if _missing(value) else list(value)  # parquet gives arrays, a table built by hand lists
        if col.kind == "countries":
            items = [country_name(code) for code in items]
        elif col.kind == "sectors":
            names = {sector.slug: sector.name for sector in load_registry().sectors}
            items = [names.get(slug, slug) for slug in items]
        return "; ".join(str(item) for item in items) or None
    if _missing(value):
        return None
    if col.kind == "code":
        return col.codes.label(str(value), "it")  # the drop-down lists hold the Italian labels
    if col.kind == "date":
        return value.date() if isinstance(value, dt.datetime) else value  # a pandas Timestamp is a datetime
    if col.kind == "amount":
        return float(value)
    if col.kind == "integer":
        return int(value)
    return str(value)


def _missing(value: object) -> bool:
    import pandas as pd

    if value is None:
        return True
    if hasattr(value, "__len__") and not isinstance(value, str):
        return False  # a list cell (list or array), possibly empty: not a missing scalar
    return bool(pd.isna(value))

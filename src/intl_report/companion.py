"""The list of every activity of the year as open data: a CSV published next to the PDF.

One row per activity and reporting sector, as in the sectors' chapters; the columns are the template's
(Italian headers), without the personal ones (the contact person). Readers who want to filter, sort or re-use
the activities find them here; above :data:`report_content.LISTING_LIMIT` activities the PDF summarises each
sector's activities and points here for the complete list.

Format: UTF-8 with a byte-order mark (so that Excel reads the accents), ``;`` as separator (as Excel expects
with Italian settings and as the City's open data portal publishes), ISO dates (2025-03-15), amounts in euro
with a decimal point, list cells joined with ``; ``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import atomic
from .countries import country_name
from .registry import load_registry
from .schema import COLUMNS, LIST_KINDS

SEPARATOR = ";"
ENCODING = "utf-8-sig"
SECTOR_HEADER = "Settore"


def activities_table(activities: pd.DataFrame) -> pd.DataFrame:
    """The clean activities as people read them: labels instead of codes, names instead of ISO codes."""
    registry = load_registry()
    names = {sector.slug: sector.name for sector in registry.sectors}
    table = {SECTOR_HEADER: activities["sector"].map(lambda slug: names.get(slug, slug))}
    for column in COLUMNS:
        if column.personal:
            continue
        values = activities[column.name]
        if column.kind == "code":
            labels = {code.code: code.label("it") for code in column.codes.codes}
            values = values.map(labels)
        elif column.kind == "countries":
            values = values.map(lambda codes: "; ".join(country_name(code) for code in codes))
        elif column.kind == "sectors":
            values = values.map(lambda slugs: "; ".join(names.get(slug, slug) for slug in slugs))
        elif column.kind in LIST_KINDS:
            values = values.map(lambda items: "; ".join(str(item) for item in items))
        elif column.kind == "date":
            values = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
        table[column.header] = values
    return pd.DataFrame(table)


def write_activities_csv(activities: pd.DataFrame, path: Path | str) -> Path:
    """Write the year's activities (see the module's docstring) atomically; returns the path."""
    target = Path(path)
    with atomic.atomic_path(target) as temporary:
        activities_table(activities).to_csv(temporary, sep=SEPARATOR, index=False, encoding=ENCODING)
    return target

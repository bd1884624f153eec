"""Each column's example in the sector's own terms: its ID prefix, its remit (the registry's themes), the year."""

from __future__ import annotations

import datetime as dt

from ..i18n import say
from ..registry import Registry, Sector
from ..schema import COLUMNS


def id_prefix(sector_slug: str) -> str:
    """The prefix of the sector's activity IDs, as :func:`identity.generated_activity_id` builds it (``SPO``)."""
    from ..identity import generated_activity_id

    return generated_activity_id(sector_slug, 2000, "", dt.date(2000, 1, 1)).rsplit("-", 2)[0]


def examples(sector: Sector, year: int, registry: Registry) -> dict[str, str]:
    """Each column's example for this sector and year: the schema's, with the sector's ID, theme and year.

    >>> from intl_report.registry import load_registry
    >>> examples(load_registry().get("sport"), 2026, load_registry())["activity_id"]
    'SPO-2026-001'
    """
    found = {col.name: col.example for col in COLUMNS}
    theme = sector.themes[0] if sector.themes else say("template.example.theme", "attività internazionali")
    other = next((s for s in registry.sectors if s.slug != sector.slug), sector)
    found.update(
        activity_id=f"{id_prefix(sector.slug)}-{year}-001",
        title=say("template.example.title", "{theme} {year}", theme=theme[:1].upper() + theme[1:], year=year),
        description=say("template.example.description", "Attività {year} sul tema «{theme}»: che cosa, con chi, "
                        "perché.", theme=theme, year=year),
        start_date=dt.date(year, 2, 3).strftime("%d/%m/%Y"),
        end_date=dt.date(year, 11, 30).strftime("%d/%m/%Y"),
        other_sectors=other.name,  # never the sector itself, which the cleaning leaves out
    )
    return found

"""When an activity starts and ends: within its year, across years, or in the months a preset names."""

from __future__ import annotations

import datetime as dt
import random

# (shortest, longest) extra days after the start, by activity type.
_SPAN_DAYS = {
    "delegazione_ricevuta": (0, 2),
    "missione_estero": (1, 5),
    "evento_internazionale": (0, 9),
    "buone_pratiche": (0, 2),
    "promozione": (0, 5),
    "formazione": (0, 60),
    "rete_tematica": (0, 2),
    "premio": (0, 0),
    "altro": (0, 120),
    "gemellaggio_accordo": (0, 4),
    "progetto_ue_diretto": (60, 200),
    "progetto_ue_concorrente": (60, 240),
    "progetto_nazionale_internazionale": (60, 240),
    "cooperazione_decentrata": (30, 240),
}

# (shortest, longest) duration in months of the activities that run over several years.
_SPAN_MONTHS = {
    "progetto_ue_diretto": (24, 48),
    "progetto_ue_concorrente": (18, 36),
    "progetto_nazionale_internazionale": (12, 36),
    "cooperazione_decentrata": (12, 30),
    "gemellaggio_accordo": (36, 36),
    "formazione": (12, 20),
}


def _first_of_month_after(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    return dt.date(day.year + m // 12, m % 12 + 1, 1)


def single_year_dates(rng: random.Random, type_: str, year: int) -> tuple[dt.date, dt.date | None]:
    """A start on a working day outside the August and Christmas breaks, and an end within the year."""
    start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 350))
    while (start.month == 8 and start.day > 3) or (start.month == 12 and start.day > 18) or start.weekday() == 6:
        start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 350))
    end = start + dt.timedelta(days=rng.randint(*_SPAN_DAYS[type_]))
    end = min(end, dt.date(year, 12, 31))
    if type_ == "premio" and rng.random() < 0.5:  # an award is given on one day: sectors often leave the end empty
        return start, None
    return start, end


def multi_year_dates(rng: random.Random, type_: str, year: int) -> tuple[dt.date, dt.date]:
    """A start in ``year`` and an end in a later year (network memberships run from January to December)."""
    if type_ == "rete_tematica":
        return dt.date(year, 1, 1), dt.date(year + rng.randint(1, 2), 12, 31)
    months = _SPAN_MONTHS[type_]
    if type_ == "gemellaggio_accordo":
        start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
    else:
        start = dt.date(year, rng.randint(1, 11), 1)
    end = _first_of_month_after(start.replace(day=1), rng.randint(*months)) - dt.timedelta(days=1)
    return start, max(end, dt.date(year + 1, 1, 31))


def preset_dates(rng: random.Random, preset: dict, year: int) -> tuple[dt.date, dt.date]:
    """Dates within the preset's ``month`` range ([first, last]) lasting ``days`` ([shortest, longest])."""
    first_month, last_month = preset["month"]
    start = dt.date(year, rng.randint(first_month, last_month), rng.randint(1, 20))
    shortest, longest = preset["days"]
    return start, min(start + dt.timedelta(days=rng.randint(shortest, longest) - 1), dt.date(year, 12, 31))

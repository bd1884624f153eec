"""Which rows are the same activity: generated activity IDs, a sector's duplicates, joint activities.

Three rules, each with its own key:

**Activity IDs.** A sector may write its own ID (the "ID attività" column): it is kept as written. A row without
one gets a generated ID, ``<PREFIX>-<year>-<digest>`` (:func:`generated_activity_id`): the prefix is the first three
letters of each word of the sector's slug (``relazioni-internazionali`` → ``RELINT``), the digest the first six hex
digits of a SHA-1 of the slug, the folded title and the start date. The row's position plays no part, so the ID stays
the same when rows are moved, sorted or added in the workbook, and when a title is retyped with other case, accents
or punctuation. Changing what goes into the digest changes every generated ID of every year. The end date is not in
it: two rows of one sector with the same title and start date but different end dates are two activities with one
generated ID (nothing checks IDs for repeats, generated or written by the sector).

**Duplicates within a sector** (:func:`duplicate_key`, :func:`repeated_rows`). Two rows of one sector with the same
title, ignoring case, accents and punctuation (:func:`folding.fold`), and the same start and end dates are the same
activity entered twice: cleaning keeps the first row and rejects the others, naming the first.

**Joint activities across sectors** (:func:`activity_key`, :func:`activity_keys`, :func:`same_activity_groups`,
:func:`reporting_sectors`). Rows of different sectors with the same title, ignoring case and spacing only (accents
and punctuation count here: ``fold(title, keep_accents=True, keep_punctuation=True)``), and the same start and end
dates (calendar days; a missing end date matches only a missing end date) are one activity reported by each of those
sectors. The city's figures count it once (``stats.dedupe_joint``), each sector's chapter lists it as joint.

The two title comparisons differ, as they did before they were gathered here: a sector's own copy is recognised even
when retyped with other accents or punctuation, two sectors' reports of one activity only when their titles agree
but for case and spacing. Making them agree would change which activities the report counts as joint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import pandas as pd

from .folding import fold

__all__ = [
    "generated_activity_id",
    "activity_ids",
    "duplicate_key",
    "repeated_rows",
    "activity_key",
    "activity_keys",
    "same_activity_groups",
    "reporting_sectors",
]

# Separates the parts of a key held as one string; white space, so folding has removed it from every title.
_KEY_SEPARATOR = "\x1f"


# --------------------------------------------------------------------------- activity IDs


def generated_activity_id(sector: str, year: int, title: str, start_date: object) -> str:
    """The ID of an activity the sector gave no ID to: ``<PREFIX>-<year>-<digest>`` (see the module docstring).

    ``start_date`` enters the digest as a pandas Timestamp's text (``2025-02-03 00:00:00``), as it always has.
    """
    prefix = "".join(part[:3] for part in sector.split("-")).upper()[:6]
    digest = hashlib.sha1(f"{sector}|{fold(title)}|{pd.Timestamp(start_date)}".encode()).hexdigest()[:6].upper()
    return f"{prefix}-{year}-{digest}"


def activity_ids(activities: pd.DataFrame, sector: str, year: int) -> list[str]:
    """Each row's activity ID: the sector's own where it wrote one, otherwise :func:`generated_activity_id`."""
    return [
        given if isinstance(given, str) else generated_activity_id(sector, year, title or "", start)
        for given, title, start in zip(
            activities["activity_id"], activities["title"], activities["start_date"], strict=True
        )
    ]


# --------------------------------------------------------------------------- duplicates within a sector


def duplicate_key(title: str | None, start_date: object, end_date: object) -> tuple:
    """What makes two rows of one sector the same activity: folded title, start date, end date."""
    return (fold(title or ""), start_date, end_date)


def repeated_rows(records: Iterable[Mapping]) -> dict[int, int]:
    """The rows that repeat an earlier row of the same sector, each with the row it repeats.

    ``records`` are a sector's parsed rows in sheet order, each with ``source_row``, ``title``, ``start_date``
    and ``end_date``; the result maps a repeating row's ``source_row`` to the first one's, in sheet order.
    """
    first_seen: dict[tuple, int] = {}
    repeats: dict[int, int] = {}
    for record in records:
        key = duplicate_key(record.get("title"), record.get("start_date"), record.get("end_date"))
        if key in first_seen:
            repeats[record["source_row"]] = first_seen[key]
        else:
            first_seen[key] = record["source_row"]
    return repeats


# --------------------------------------------------------------------------- joint activities across sectors

_UNSET = object()


def _calendar_day(value: object) -> pd.Timestamp | None:
    return None if pd.isna(value) else pd.Timestamp(value).normalize()


def activity_key(title, start_date=_UNSET, end_date=_UNSET) -> tuple:
    """Identity of an activity across sectors: (folded title, start day, end day).

    Call it with a row (a Series or mapping with ``title``, ``start_date``, ``end_date``) or with the three values.
    """
    if start_date is _UNSET:
        row = title
        title, start_date, end_date = row["title"], row["start_date"], row.get("end_date")
    return (fold(title, keep_accents=True, keep_punctuation=True), _calendar_day(start_date), _calendar_day(end_date))


def activity_keys(activities: pd.DataFrame) -> pd.Series:
    """:func:`activity_key` of every row as one string (equal strings for equal keys), aligned on the index.

    Built a column at a time: on a large year (hundreds of thousands of rows) a per-row key was most of the
    cross-sector step's time.
    """
    titles = activities["title"].astype(object).where(activities["title"].notna(), "")
    folded = titles.map(lambda title: fold(title, keep_accents=True, keep_punctuation=True)).astype(object)
    # A missing date is an empty part of the key (astype(str) gives NA for NaT, and NA would poison the sum).
    starts = pd.to_datetime(activities["start_date"]).dt.normalize().astype(str).fillna("")
    ends = pd.to_datetime(activities["end_date"]).dt.normalize().astype(str).fillna("")
    return (folded + _KEY_SEPARATOR + starts + _KEY_SEPARATOR + ends).astype(object)


def same_activity_groups(activities: pd.DataFrame) -> list[list[int]]:
    """Positions of the rows that are one activity, grouped: groups in order of first row, positions ascending."""
    groups: dict[str, list[int]] = {}
    for position, key in enumerate(activity_keys(activities)):
        groups.setdefault(key, []).append(position)
    return list(groups.values())


def reporting_sectors(activities: pd.DataFrame) -> pd.Series:
    """For each row, the sorted slugs of every sector that reported the same activity (aligned on the index)."""
    sectors = activities["sector"].tolist()
    reporters: list = [None] * len(activities)
    for rows in same_activity_groups(activities):
        slugs = sorted({sectors[position] for position in rows})
        for position in rows:
            reporters[position] = slugs
    return pd.Series(reporters, index=activities.index, dtype=object)

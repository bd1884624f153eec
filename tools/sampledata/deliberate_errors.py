"""Deliberate errors a validator must reject: which sectors get them, and how a row is spoiled.

Nothing about them is recorded: they are reproducible from the seed.
"""

from __future__ import annotations

import datetime as dt
import random

from intl_report.registry import load_registry

from .places import country_label
from .randomness import seeded_rng
from .vocabulary import load

IMPORTANT_SECTORS = ("relazioni-internazionali", "cooperazione-pace")  # never get deliberate errors
ERROR_KINDS = (
    "missing_title",
    "missing_start",
    "invalid_date",
    "end_before_start",
    "unknown_type",
    "unknown_country",
    "amount_text",
    "duplicate_row",
)


def error_plan(seed, year: int) -> dict[str, list[str]]:
    """Which sector gets which deliberate errors in ``year``: the eight spread over six sectors."""
    eligible = [s for s in load_registry().slugs if s not in IMPORTANT_SECTORS]
    rng = seeded_rng(seed, year, "error-plan")
    rng.shuffle(eligible)
    plan: dict[str, list[str]] = {}
    for i, kind in enumerate(ERROR_KINDS):
        plan.setdefault(eligible[i % 6], []).append(kind)
    return plan


def inject_errors(rows: list[dict], acts: list[dict], errors, rng: random.Random, year: int) -> list[dict]:
    """Turn some rows into the deliberate errors listed in :data:`ERROR_KINDS`, each on a different row.

    Joint activities (which must match the other sector's copy) and odd-titled ones (which test the layout)
    are spared.
    """
    odd_titles = {t["title"].format(year=year) for t in load("odd_titles.yaml")}
    candidates = [i for i, a in enumerate(acts) if not a["other_sectors"] and a["title"] not in odd_titles]
    candidates = candidates or list(range(len(acts)))
    rng.shuffle(candidates)
    duplicate_of = None
    for kind in errors:
        if kind == "duplicate_row":
            duplicate_of = candidates[-1]
            continue
        if kind == "unknown_country":  # needs a row that names countries
            with_countries = [i for i in candidates[:-1] if acts[i]["partner_countries"]]
            i = with_countries[0] if with_countries else candidates[0]
            candidates.remove(i)
        else:
            i = candidates.pop(0)
        row, act = rows[i], acts[i]
        if kind == "missing_title":
            row["title"] = None
        elif kind == "missing_start":
            row["start_date"] = None
        elif kind == "invalid_date":
            row["start_date"] = f"31/02/{year}"
        elif kind == "end_before_start":
            row["end_date"] = act["start_date"] - dt.timedelta(days=rng.randint(5, 40))
        elif kind == "unknown_type":
            row["type"] = "workshop"
        elif kind == "unknown_country":
            rest = [country_label(c) for c in act["partner_countries"][1:]]
            row["partner_countries"] = "; ".join(["Germnia", *rest])
        elif kind == "amount_text":
            row["total_budget"] = "da definire"
        else:
            raise ValueError(f"Unknown deliberate error {kind!r}")
    if duplicate_of is not None:
        rows.insert(min(len(rows), duplicate_of + rng.randint(1, 4)), dict(rows[duplicate_of]))
    return rows

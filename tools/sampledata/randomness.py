"""Seeded draws: every random choice of the generator goes through a :class:`random.Random` made here."""

from __future__ import annotations

import random


def seeded_rng(*parts) -> random.Random:
    """A generator seeded with a string, so the same parts give the same draws on every machine and Python."""
    return random.Random(":".join(str(p) for p in parts))


def weighted_choice(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def round_amount(rng: random.Random, lo: float, hi: float, step: int = 100) -> float:
    """An amount between ``lo`` and ``hi``: usually rounded to ``step`` euros, sometimes to the cent."""
    value = rng.uniform(lo, hi)
    if rng.random() < 0.3:
        return round(value, 2)
    return float(round(value / step) * step)

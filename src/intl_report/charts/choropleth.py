"""The shading classes of the world map: class breaks at round numbers, their legend labels and their colours.

A choropleth of counts: each class a shade of the house heat-map colours, darker for more activities.
"""

from __future__ import annotations

import math

import numpy as np

from ..formatting import format_int
from .style import HEATMAP

_NICE = sorted({1, 2, 3, 5} | {int(m * 10**e) for e in range(1, 7) for m in (1, 1.5, 2, 2.5, 3, 5, 7.5)})


def _nice(value: float) -> int:
    """The round number nearest to ``value`` on a log scale (1, 2, 3, 5, 10, 15, 20, 25, 30, 50, 75, 100, …)."""
    return min(_NICE, key=lambda n: (abs(math.log(n) - math.log(max(value, 1))), n))


def class_breaks(values, classes: int = 5) -> list[int]:
    """Lower bounds of at most ``classes`` classes of positive counts, round numbers.

    Quantiles of the counts rounded to round numbers, e.g. ``[1, 2, 5, 10, 25]`` → classes 1, 2–4, 5–9, 10–24,
    25+; the first class always starts at 1 and a class that would be empty is dropped. Counts are skewed (many
    partners with one or two activities), so quantiles can collapse: the classes left over then split the widest
    class (by ratio) at a round number near its geometric middle. With no more distinct counts than classes,
    each count is its own class.
    """
    v = np.sort(np.asarray([x for x in values if x > 0], dtype=float))
    distinct = np.unique(v)
    if distinct.size <= classes:
        return sorted({1} | {int(x) for x in distinct})
    top = float(v[-1])

    def nonempty(bounds: set[int]) -> list[int]:
        ordered = sorted(bounds | {1})
        tops = [*ordered[1:], math.inf]
        return [lo for lo, hi in zip(ordered, tops, strict=True) if lo == 1 or ((v >= lo) & (v < hi)).any()]

    kept = nonempty({_nice(q) for q in np.quantile(v, [i / classes for i in range(1, classes)], method="lower")})
    while len(kept) < classes:
        spans = [(lo, (kept[i + 1] - 1) if i + 1 < len(kept) else top) for i, lo in enumerate(kept)]
        for lo, hi in sorted(spans, key=lambda s: -s[1] / s[0]):
            cut = _nice(math.sqrt(lo * (hi + 1)))
            if lo < cut <= hi and len(nonempty({*kept, cut})) > len(kept):
                kept = nonempty({*kept, cut})
                break
        else:
            break
    return kept


def class_labels(bounds: list[int], top: int, lang: str) -> list[str]:
    """The legend's label of each class: ``"1"``, ``"2–4"``, …, the last one up to ``top``."""
    labels = []
    for i, lo in enumerate(bounds):
        hi = bounds[i + 1] - 1 if i + 1 < len(bounds) else top
        labels.append(format_int(lo, lang) if hi <= lo else f"{format_int(lo, lang)}–{format_int(hi, lang)}")
    return labels


def class_colours(n: int) -> list:
    """``n`` shades of the heat-map colours, light to dark (one class: a middle shade)."""
    import matplotlib as mpl

    cmap = mpl.colormaps[HEATMAP]
    return [cmap(x) for x in (np.linspace(0.3, 1.0, n) if n > 1 else [0.65])]

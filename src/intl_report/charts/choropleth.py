"""The shading classes of the world map: class breaks at round numbers, their legend labels and their colours.

A choropleth of counts: each class a shade of the house sequential colours (``SEQUENTIAL``), darker for more
activities.

How it meets WCAG 2.1's 1.4.11 (non-text contrast, 3:1 against adjacent colours). Five shades of one hue that all
reach 3:1 against the white sea would all be dark, and too close to one another to tell apart; so the contrast is
carried by outlines, as for a pie chart with drawn borders:

* every country with activities is outlined in ``MAP_OUTLINE``, which reaches 3:1 against white and against every
  class's fill, so each partner country stands out from the sea, from the land without partners and from a
  neighbour of another class (two neighbours of the same class need no boundary: the map says the same of both);
* the land without partners is a light neutral, lighter than every class and not a class itself, with borders
  (``LAND_BORDER``) that reach 3:1 against the sea; the legend draws its swatch so;
* the legend gives each class its range in words ("2–4"), and its swatch the same outline as the countries;
* the counts themselves are in the alternative text (the first five) and in the chart of the top partner
  countries, so no figure is read from a shade alone.
"""

from __future__ import annotations

import math

import numpy as np

from ..formatting import format_int
from .style import CHART_PALETTE, SEQUENTIAL, sequential_colormap

MAP_OUTLINE = CHART_PALETTE["map_outline"]
NO_ACTIVITY = CHART_PALETTE["map_no_activity"]
LAND_BORDER = CHART_PALETTE["map_land_border"]

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


def class_colours(n: int) -> list[str]:
    """``n`` shades of the sequential colours as hex strings, light to dark (one class: the middle shade)."""
    if n == len(SEQUENTIAL):
        return list(SEQUENTIAL)
    from matplotlib.colors import to_hex

    cmap = sequential_colormap()
    return [to_hex(cmap(x)).upper() for x in (np.linspace(0.0, 1.0, n) if n > 1 else [0.5])]

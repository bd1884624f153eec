"""World map of the partner countries, shaded by number of activities, drawn offline.

Outlines come from ``data/world-110m.json``: Natural Earth's 1:110m countries (public domain) converted once by
``scripts/build_world_map.py`` from the npm package world-atlas 2.0.2; nothing is fetched at run time.

The world is drawn in the Equal Earth projection (Šavrič, Patterson & Jenny 2018, an equal-area projection made
for world maps), Europe, where most partners are, in a second panel in the Lambert azimuthal equal-area
projection centred on 10° E 52° N (ETRS89-LAEA, the projection of Eurostat's maps). Countries too small to
exist at 1:110m (Malta, the Holy See, …) are drawn as circles and listed in a note.
"""

from __future__ import annotations

import json
import math
import textwrap
from functools import cache
from importlib import resources
from pathlib import Path

import matplotlib as mpl
import matplotlib.patheffects as pe
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .charts import CM, HEATMAP, SMALL, TEXT, WIDTH, Chart, _save, _series, house_style
from .formatting import format_int

__all__ = ["chart_world_map", "equal_earth", "laea", "load_world", "class_breaks", "HOME"]

NAME = "world_map"
HOME = "IT"  # the City's own country: drawn hatched, never as a "partner"
TURIN = (7.686, 45.070)
EUROPE = (-12.0, 35.0, 34.0, 62.0)  # lon min, lon max, lat min, lat max of the Europe panel
WORLD_LAT = (-57.0, 84.0)  # Antarctica is not drawn: crop the empty south
NO_DATA = "#E6E6E6"
BORDER = "white"
HATCH = "#8C8C8C"
FRAME = "#B5B5B5"

T = {
    "it": {
        "title": "Paesi partner nel mondo",
        "legend": "Numero di attività",
        "none": "Nessuna attività",
        "home": "Italia (Torino)",
        "turin": "Torino",
        "europe": "Europa",
        "circles": "Paesi troppo piccoli per la scala della mappa, indicati con un cerchio: {items}.",
        "missing": "Non visibili alla scala della mappa: {items}.",
    },
    "en": {
        "title": "Partner countries worldwide",
        "legend": "Number of activities",
        "none": "No activities",
        "home": "Italy (Turin)",
        "turin": "Turin",
        "europe": "Europe",
        "circles": "Countries too small for the map's scale, shown as circles: {items}.",
        "missing": "Not visible at the map's scale: {items}.",
    },
}


def _t(lang: str, key: str) -> str:
    return T["en" if lang == "en" else "it"][key]


# --------------------------------------------------------------------------- data and projections


@cache
def load_world() -> dict:
    """The shipped outlines: ``{"source", "licence", "countries": {alpha2: [ring, …]}, "points": {alpha2: [lon, lat]}}``.

    Rings are ``(n, 2)`` arrays of [lon, lat] degrees (outer rings only, not closed).
    """
    path = resources.files("intl_report") / "data" / "world-110m.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["countries"] = {code: [np.asarray(r, dtype=float) for r in rings] for code, rings in data["countries"].items()}
    return data


_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Equal Earth projection of degrees, on the unit sphere (x within ±2.7066, y within ±1.3173)."""
    lam = np.radians(np.asarray(lon, dtype=float))
    theta = np.arcsin(_M * np.sin(np.radians(np.asarray(lat, dtype=float))))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * np.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def laea(lon, lat, lon0: float = 10.0, lat0: float = 52.0) -> tuple[np.ndarray, np.ndarray]:
    """Lambert azimuthal equal-area projection of degrees, on the unit sphere, centred on (lon0, lat0)."""
    lam = np.radians(np.asarray(lon, dtype=float) - lon0)
    phi = np.radians(np.asarray(lat, dtype=float))
    phi0 = math.radians(lat0)
    cos_c = math.sin(phi0) * np.sin(phi) + math.cos(phi0) * np.cos(phi) * np.cos(lam)
    k = np.sqrt(2 / np.maximum(1 + cos_c, 1e-9))
    x = k * np.cos(phi) * np.sin(lam)
    y = k * (math.cos(phi0) * np.sin(phi) - math.sin(phi0) * np.cos(phi) * np.cos(lam))
    return x, y


def _box(lon0: float, lon1: float, lat0: float, lat1: float, n: int = 40) -> np.ndarray:
    """The outline of a lon/lat box as a closed polyline (densified: edges are curves once projected)."""
    lons = np.linspace(lon0, lon1, n)
    lats = np.linspace(lat0, lat1, n)
    return np.vstack([
        np.column_stack([lons, np.full(n, lat0)]),
        np.column_stack([np.full(n, lon1), lats]),
        np.column_stack([lons[::-1], np.full(n, lat1)]),
        np.column_stack([np.full(n, lon0), lats[::-1]]),
    ])  # fmt: skip


# --------------------------------------------------------------------------- classes

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


def _class_labels(bounds: list[int], top: int, lang: str) -> list[str]:
    labels = []
    for i, lo in enumerate(bounds):
        hi = bounds[i + 1] - 1 if i + 1 < len(bounds) else top
        labels.append(format_int(lo, lang) if hi <= lo else f"{format_int(lo, lang)}–{format_int(hi, lang)}")
    return labels


def _class_colours(n: int) -> list:
    cmap = mpl.colormaps[HEATMAP]
    return [cmap(x) for x in (np.linspace(0.3, 1.0, n) if n > 1 else [0.65])]


# --------------------------------------------------------------------------- drawing


def _draw_countries(ax, project, colour_of, world: dict, keep=None, linewidth: float = 0.3) -> None:
    """Fill every country (largest first, so that enclaves such as Lesotho stay on top), Italy hatched."""
    polys, faces, home = [], [], []
    for code, rings in world["countries"].items():
        for ring in rings:
            if keep is not None and not keep(ring):
                continue
            x, y = project(ring[:, 0], ring[:, 1])
            xy = np.column_stack([x, y])
            area = abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))) / 2
            (home if code == HOME else polys).append((area, xy))
            if code != HOME:
                faces.append((area, colour_of(code)))
    order = sorted(range(len(polys)), key=lambda i: -polys[i][0])
    ax.add_collection(PolyCollection([polys[i][1] for i in order], facecolors=[faces[i][1] for i in order],
                                     edgecolors=BORDER, linewidths=linewidth, zorder=1))  # fmt: skip
    if home:
        ax.add_collection(PolyCollection([xy for _, xy in home], facecolors=colour_of(HOME, home=True),
                                         edgecolors=BORDER, linewidths=linewidth, hatch="//////",
                                         hatchcolor=HATCH, zorder=2))  # fmt: skip


def _draw_points(ax, project, items: list[tuple[str, float, float, tuple]], size: float) -> None:
    if not items:
        return
    x, y = project([lon for _, lon, _, _ in items], [lat for _, _, lat, _ in items])
    ax.scatter(x, y, s=size, c=[c for *_, c in items], edgecolors=TEXT, linewidths=0.5, zorder=4)


def _bare(ax) -> None:
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])


def chart_world_map(by_country_df: pd.DataFrame, out_dir: Path | str, lang: str = "it",
                    year: int | None = None) -> Chart:  # fmt: skip
    """World map of partner countries shaded by distinct activities (``stats.by_country``), Europe enlarged.

    Raises ``ValueError`` when no country has activities (``make_all_charts`` does not call it then).
    """
    df = by_country_df[by_country_df["activities"] > 0]
    df = df.sort_values("activities", ascending=False, kind="stable")
    if df.empty:
        raise ValueError(f"{NAME}: no data")
    counts = {str(c).upper(): int(n) for c, n in zip(df["alpha2"], df["activities"], strict=True)}
    world = load_world()
    partners = {c: n for c, n in counts.items() if c != HOME}
    bounds = class_breaks(list(partners.values()) or [1])
    colours = _class_colours(len(bounds))
    top = max(partners.values(), default=1)

    def colour_of(code: str, home: bool = False):
        n = counts.get(code, 0)
        if n <= 0:
            return "white" if home else NO_DATA
        return colours[int(np.searchsorted(bounds, n, side="right")) - 1]

    circles = [(c, *world["points"][c], colour_of(c)) for c in counts if c not in world["countries"] and c in
               world["points"]]  # fmt: skip
    invisible = [c for c in counts if c not in world["countries"] and c not in world["points"]]
    title = _t(lang, "title")
    alt = _alt(df, counts, circles, invisible, lang, year)

    with house_style(), mpl.rc_context({"hatch.linewidth": 0.45}):
        fig = _layout(world, colour_of, circles, bounds, colours, top, counts, invisible, lang)
        return _save(fig, out_dir, NAME, title, alt)


def _layout(world, colour_of, circles, bounds, colours, top, counts, invisible, lang) -> Figure:
    # World extent (Equal Earth) and Europe extent (LAEA), in projected units.
    wx, _ = equal_earth([-180, 180], [0, 0])
    _, wy = equal_earth([0, 0], list(WORLD_LAT))
    ex, ey = laea(*_box(*EUROPE).T)
    e_lim = (ex.min(), ex.max(), ey.min(), ey.max())

    margin = 0.1 * CM
    world_w = WIDTH - 2 * margin
    world_h = world_w * (wy[1] - wy[0]) / (wx[1] - wx[0])
    eu_w = 9.6 * CM
    eu_h = eu_w * (e_lim[3] - e_lim[2]) / (e_lim[1] - e_lim[0])
    gap = 0.25 * CM
    height = margin + world_h + gap + eu_h + margin
    fig = Figure(figsize=(WIDTH, height))

    def axes(left, bottom, w, h):
        return fig.add_axes((left / WIDTH, bottom / height, w / WIDTH, h / height))

    # World.
    ax = axes(margin, margin + eu_h + gap, world_w, world_h)
    _draw_countries(ax, equal_earth, colour_of, world, linewidth=0.25)
    _draw_points(ax, equal_earth, circles, size=7)
    bx, by = equal_earth(*_box(*EUROPE).T)
    ax.plot(bx, by, color=TEXT, linewidth=0.6, zorder=5)
    ax.set_xlim(wx[0], wx[1])
    ax.set_ylim(wy[0], wy[1])
    _bare(ax)
    for spine in ax.spines.values():
        spine.set_visible(False)

    # Europe.
    ax = axes(margin, margin, eu_w, eu_h)

    def near_europe(ring: np.ndarray) -> bool:
        return ring[:, 0].max() > -40 and ring[:, 0].min() < 80 and ring[:, 1].max() > 20

    _draw_countries(ax, laea, colour_of, world, keep=near_europe, linewidth=0.4)
    _draw_points(ax, laea, circles, size=16)
    tx, ty = laea(*TURIN)
    ax.scatter([tx], [ty], s=9, c=TEXT, edgecolors="white", linewidths=0.6, zorder=5)
    ax.annotate(_t(lang, "turin"), (tx, ty), xytext=(3, -1), textcoords="offset points", ha="left", va="top",
                fontsize=SMALL - 1, color=TEXT,
                path_effects=[pe.withStroke(linewidth=1.6, foreground="white")], zorder=6)  # fmt: skip
    ax.set_xlim(e_lim[0], e_lim[1])
    ax.set_ylim(e_lim[2], e_lim[3])
    _bare(ax)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(TEXT)
        spine.set_linewidth(0.6)
    ax.text(0.015, 0.985, _t(lang, "europe"), transform=ax.transAxes, ha="left", va="top", fontsize=SMALL,
            color=TEXT, path_effects=[pe.withStroke(linewidth=2, foreground="white")], zorder=6)  # fmt: skip

    # Legend and note, right of the Europe panel.
    left = margin + eu_w + 0.5 * CM
    lax = axes(left, margin, WIDTH - left - margin, eu_h)
    lax.set_axis_off()
    handles = [Patch(facecolor=c, edgecolor="none") for c in colours]
    labels = _class_labels(bounds, top, lang)
    handles += [Patch(facecolor=NO_DATA, edgecolor="none"),
                Patch(facecolor=colour_of(HOME, home=True), edgecolor=HATCH, linewidth=0.4, hatch="//////",
                      hatchcolor=HATCH)]  # fmt: skip
    labels += [_t(lang, "none"), _t(lang, "home")]
    if circles:
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=4, markerfacecolor="white",
                              markeredgecolor=TEXT, markeredgewidth=0.5))  # fmt: skip
        labels.append("Paese piccolo" if lang != "en" else "Small country")
    legend = lax.legend(handles, labels, title=_t(lang, "legend"), loc="upper left", bbox_to_anchor=(0, 1),
                        borderaxespad=0, handlelength=1.6, handleheight=1.1, fontsize=SMALL,
                        title_fontsize=SMALL + 1, alignment="left", labelspacing=0.45)  # fmt: skip
    note = _note(counts, circles, invisible, lang)
    if note:
        fig.draw_without_rendering()
        box = legend.get_window_extent().transformed(lax.transAxes.inverted())
        chars = int((WIDTH - left - margin) / CM * 5.3)  # ~5.3 characters of 7 pt per cm
        lax.text(0, box.y0 - 0.06, "\n".join(textwrap.wrap(note, chars)), transform=lax.transAxes, ha="left",
                 va="top", fontsize=SMALL - 1, color="#555555", linespacing=1.3)  # fmt: skip
    return fig


def _name(code: str, lang: str) -> str:
    from .countries import country_name

    try:
        return country_name(code, lang)
    except KeyError:
        return code


def _note(counts: dict, circles: list, invisible: list, lang: str) -> str:
    parts = []
    for key, codes in (("circles", [c for c, *_ in circles]), ("missing", invisible)):
        if codes:
            items = [(_name(c, lang), format_int(counts[c], lang)) for c in codes]
            parts.append(_t(lang, key).format(items=_series(items, lang)))
    return " ".join(parts)


def _alt(df: pd.DataFrame, counts: dict, circles: list, invisible: list, lang: str, year: int | None) -> str:
    from .countries import continent, continent_label

    def continent_of(code: str, given) -> str | None:
        if isinstance(given, str) and given:
            return given
        try:
            return continent(code)
        except KeyError:
            return None

    given = df["continent"] if "continent" in df.columns else [None] * len(df)
    per_continent: dict[str, int] = {}
    for code, cont in zip(df["alpha2"], given, strict=True):
        cont = continent_of(str(code).upper(), cont)
        if cont:
            per_continent[cont] = per_continent.get(cont, 0) + 1
    conts = sorted(per_continent.items(), key=lambda kv: -kv[1])
    n = len(counts)
    top5 = [(_name(c, lang), format_int(v, lang)) for c, v in list(counts.items())[:5]]
    en = lang == "en"

    def where(cont: str) -> str:
        label = continent_label(cont, lang)
        if en:
            return f"in the {label}" if cont == "America" else f"in {label}"
        return f"nelle {label}" if cont == "America" else f"in {label}"

    spread = _series([(f"{format_int(k, lang)} {where(c)}", "") for c, k in conts], lang).replace(" ()", "")
    if en:
        when = f"in {year} " if year else ""
        text = (f"World map: partner countries shaded by number of activities. The activities {when}involved "
                f"partners from {format_int(n, lang)} {'country' if n == 1 else 'countries'}")  # fmt: skip
        if len(conts) > 1:
            text += f" on {len(conts)} continents: {spread}"
        lead = (
            "The country with the most activities is"
            if len(top5) == 1
            else "The countries with the most activities are"
        )
        text += f". {lead} {_series(top5, lang)}."
    else:
        when = f"del {year} " if year else ""
        text = (f"Mappa del mondo: Paesi partner colorati secondo il numero di attività. Le attività {when}hanno "
                f"coinvolto partner di {format_int(n, lang)} {'Paese' if n == 1 else 'Paesi'}")  # fmt: skip
        if len(conts) > 1:
            text += f" in {len(conts)} continenti: {spread}"
        lead = "Il Paese con più attività è" if len(top5) == 1 else "I Paesi con più attività sono"
        text += f". {lead} {_series(top5, lang)}."
    europe = per_continent.get("Europe", 0)
    if europe and n > 1:
        text += (f" Europe ({format_int(europe, lang)} countries) is enlarged in a second panel." if en else
                 f" L'Europa ({format_int(europe, lang)} Paesi) è ingrandita in un secondo riquadro.")  # fmt: skip
    note = _note(counts, circles, invisible, lang)
    return f"{text} {note}" if note else text

"""World map of the partner countries, shaded by number of activities, drawn offline.

The world in the Equal Earth projection, Europe, where most partners are, enlarged in a second panel (the
outlines and projections are in :mod:`.geo`). Countries too small to exist at 1:110m (Malta, the Holy See, …) are
drawn as circles and listed in a note; countries with neither an outline nor a point are listed as not visible.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..formatting import format_int
from .cache import Chart, save_chart
from .choropleth import LAND_BORDER, MAP_OUTLINE, NO_ACTIVITY, class_breaks, class_colours, class_labels
from .geo import equal_earth, laea, load_world, lonlat_box
from .style import BACKGROUND, CHART_PALETTE, CM, SMALL, TEXT, WIDTH, house_style
from .text import counted, listing
from .words import phrase, phrase_plural

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["chart_world_map", "HOME"]

NAME = "world_map"
HOME = "IT"  # the City's own country: drawn hatched, never as a "partner"
TURIN = (7.686, 45.070)
EUROPE = (-12.0, 35.0, 34.0, 62.0)  # lon min, lon max, lat min, lat max of the Europe panel
WORLD_LAT = (-57.0, 84.0)  # Antarctica is not drawn: crop the empty south
HATCH = CHART_PALETTE["map_home_hatch"]

# --------------------------------------------------------------------------- drawing


def _draw_countries(ax, project, colour_of, world: dict, partners: set[str], keep=None,
                    linewidth: float = 0.3) -> None:  # fmt: skip
    """Fill every country (largest first, so that enclaves such as Lesotho stay on top), Italy hatched, then
    outline the countries with activities and Italy on top of every border (see :mod:`.choropleth`)."""
    from matplotlib.collections import PolyCollection

    polys, faces, outlined, home = [], [], [], []
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
            if code == HOME or code in partners:
                outlined.append(xy)
    order = sorted(range(len(polys)), key=lambda i: -polys[i][0])
    ax.add_collection(PolyCollection([polys[i][1] for i in order], facecolors=[faces[i][1] for i in order],
                                     edgecolors=LAND_BORDER, linewidths=linewidth * 0.8, zorder=1))  # fmt: skip
    if home:
        ax.add_collection(PolyCollection([xy for _, xy in home], facecolors=colour_of(HOME, home=True),
                                         edgecolors="none", hatch="//////", hatchcolor=HATCH, zorder=2))  # fmt: skip
    if outlined:
        ax.add_collection(PolyCollection(outlined, facecolors="none", edgecolors=MAP_OUTLINE, linewidths=linewidth,
                                         zorder=3))  # fmt: skip


def _draw_points(ax, project, items: list[tuple[str, float, float, tuple]], size: float) -> None:
    if not items:
        return
    x, y = project([lon for _, lon, _, _ in items], [lat for _, _, lat, _ in items])
    ax.scatter(x, y, s=size, c=[c for *_, c in items], edgecolors=MAP_OUTLINE, linewidths=0.5, zorder=4)


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
    import matplotlib as mpl

    df = by_country_df[by_country_df["activities"] > 0]
    df = df.sort_values("activities", ascending=False, kind="stable")
    if df.empty:
        raise ValueError(f"{NAME}: no data")
    counts = {str(c).upper(): int(n) for c, n in zip(df["alpha2"], df["activities"], strict=True)}
    world = load_world()
    partners = {c: n for c, n in counts.items() if c != HOME}
    bounds = class_breaks(list(partners.values()) or [1])
    colours = class_colours(len(bounds))
    top = max(partners.values(), default=1)

    def colour_of(code: str, home: bool = False):
        n = counts.get(code, 0)
        if n <= 0:
            return BACKGROUND if home else NO_ACTIVITY
        return colours[int(np.searchsorted(bounds, n, side="right")) - 1]

    circles = [(c, *world["points"][c], colour_of(c)) for c in counts if c not in world["countries"] and c in
               world["points"]]  # fmt: skip
    invisible = [c for c in counts if c not in world["countries"] and c not in world["points"]]
    title = phrase(lang, f"title.{NAME}")
    alt = _alt(df, counts, circles, invisible, lang, year)

    with house_style(), mpl.rc_context({"hatch.linewidth": 0.45}):
        fig = _layout(world, colour_of, circles, bounds, colours, top, counts, invisible, lang)
        return save_chart(fig, out_dir, NAME, title, alt)


def _layout(world, colour_of, circles, bounds, colours, top, counts, invisible, lang) -> Figure:
    import matplotlib.patheffects as pe
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    # World extent (Equal Earth) and Europe extent (LAEA), in projected units.
    wx, _ = equal_earth([-180, 180], [0, 0])
    _, wy = equal_earth([0, 0], list(WORLD_LAT))
    ex, ey = laea(*lonlat_box(*EUROPE).T)
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
    _draw_countries(ax, equal_earth, colour_of, world, set(counts), linewidth=0.25)
    _draw_points(ax, equal_earth, circles, size=7)
    bx, by = equal_earth(*lonlat_box(*EUROPE).T)
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

    _draw_countries(ax, laea, colour_of, world, set(counts), keep=near_europe, linewidth=0.4)
    _draw_points(ax, laea, circles, size=16)
    tx, ty = laea(*TURIN)
    ax.scatter([tx], [ty], s=9, c=TEXT, edgecolors="white", linewidths=0.6, zorder=5)
    ax.annotate(phrase(lang, "map.turin"), (tx, ty), xytext=(3, -1), textcoords="offset points", ha="left", va="top",
                fontsize=SMALL - 1, color=TEXT,
                path_effects=[pe.withStroke(linewidth=1.6, foreground="white")], zorder=6)  # fmt: skip
    ax.set_xlim(e_lim[0], e_lim[1])
    ax.set_ylim(e_lim[2], e_lim[3])
    _bare(ax)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(TEXT)
        spine.set_linewidth(0.6)
    ax.text(0.015, 0.985, phrase(lang, "map.europe"), transform=ax.transAxes, ha="left", va="top", fontsize=SMALL,
            color=TEXT, path_effects=[pe.withStroke(linewidth=2, foreground="white")], zorder=6)  # fmt: skip

    # Legend and note, right of the Europe panel.
    left = margin + eu_w + 0.5 * CM
    lax = axes(left, margin, WIDTH - left - margin, eu_h)
    lax.set_axis_off()
    # The swatches are outlined as the countries are: the lighter ones would not stand out from the page otherwise.
    handles = [Patch(facecolor=c, edgecolor=MAP_OUTLINE, linewidth=0.5) for c in colours]
    labels = class_labels(bounds, top, lang)
    handles += [Patch(facecolor=NO_ACTIVITY, edgecolor=LAND_BORDER, linewidth=0.5),
                Patch(facecolor=colour_of(HOME, home=True), edgecolor=MAP_OUTLINE, linewidth=0.5, hatch="//////",
                      hatchcolor=HATCH)]  # fmt: skip
    labels += [phrase(lang, "map.no_activities"), phrase(lang, "map.home")]
    if circles:
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=4, markerfacecolor="white",
                              markeredgecolor=MAP_OUTLINE, markeredgewidth=0.5))  # fmt: skip
        labels.append(phrase(lang, "map.small_country"))
    legend = lax.legend(handles, labels, title=phrase(lang, "map.legend_title"), loc="upper left",
                        bbox_to_anchor=(0, 1), borderaxespad=0, handlelength=1.6, handleheight=1.1, fontsize=SMALL,
                        title_fontsize=SMALL + 1, alignment="left", labelspacing=0.45)  # fmt: skip
    note = _note(counts, circles, invisible, lang)
    if note:
        fig.draw_without_rendering()
        box = legend.get_window_extent().transformed(lax.transAxes.inverted())
        chars = int((WIDTH - left - margin) / CM * 5.3)  # ~5.3 characters of 7 pt per cm
        lax.text(0, box.y0 - 0.06, "\n".join(textwrap.wrap(note, chars)), transform=lax.transAxes, ha="left",
                 va="top", fontsize=SMALL - 1, color="#555555", linespacing=1.3)  # fmt: skip
    return fig


# --------------------------------------------------------------------------- words


def _name(code: str, lang: str) -> str:
    from ..countries import country_name

    try:
        return country_name(code, lang)
    except KeyError:
        return code


def _note(counts: dict, circles: list, invisible: list, lang: str) -> str:
    """The countries drawn as circles and those not drawn at all, each with its count."""
    parts = []
    for key, codes in (("map.note.circles", [c for c, *_ in circles]), ("map.note.invisible", invisible)):
        if codes:
            items = [(_name(c, lang), format_int(counts[c], lang)) for c in codes]
            parts.append(phrase(lang, key, countries=listing(counted(items), lang)))
    return " ".join(parts)


# The Americas are plural: "nelle Americhe", "in the Americas" (the others: "in Europa", "in Europe").
_IN_CONTINENT = {"America": "alt.world_map.in_continent.America"}


def _alt(df: pd.DataFrame, counts: dict, circles: list, invisible: list, lang: str, year: int | None) -> str:
    """How many countries on how many continents, the five with most activities, what the map cannot show."""
    from ..countries import continent, continent_label

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

    across = ""
    if len(conts) > 1:
        spread = [phrase(lang, _IN_CONTINENT.get(cont, "alt.world_map.in_continent"), count=format_int(k, lang),
                      continent=continent_label(cont, lang)) for cont, k in conts]  # fmt: skip
        across = phrase(lang, "alt.world_map.across", count=len(conts), continents=listing(spread, lang))
    reach = "alt.world_map.reach" if year else "alt.world_map.reach_any_year"
    sentences = [
        phrase(lang, "alt.world_map", kind=phrase(lang, "kind.world_map")),
        phrase_plural(lang, reach, n, year=year, countries=format_int(n, lang), across=across),
        phrase_plural(lang, "alt.world_map.most", len(top5), countries=listing(counted(top5), lang)),
    ]
    europe = per_continent.get("Europe", 0)
    if europe and n > 1:
        sentences.append(phrase_plural(lang, "alt.world_map.europe", europe, countries=format_int(europe, lang)))
    note = _note(counts, circles, invisible, lang)
    if note:
        sentences.append(note)
    return " ".join(sentences)

"""Rankings drawn as horizontal bars: activities by sector, by code (type, status, role, funding source), by
continent and by partner country, and the EU contribution by network or programme.

Every function takes a table from :mod:`intl_report.stats`, draws it in Italian or English, writes
``<out_dir>/<name>.svg`` and returns a :class:`~.cache.Chart` whose alternative text names the first bars.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..formatting import format_euro, format_int
from .cache import Chart, save_chart
from .style import MUTED, PRIMARY, SMALL, WIDTH, house_style, new_figure
from .text import capitalised, counted, listing, quoted, sector_name, short_sector_name, subject, wrap_label
from .words import phrase, phrase_plural

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CODE_CHARTS = {  # chart name: (stats column, bars sorted by count? else code-list order)
    "by_type": ("type", True),
    "by_status": ("status", False),
    "by_role": ("city_role", True),
    "by_funding_source": ("funding_source", True),
}


def _bar_height(labels: Sequence[str]) -> float:
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    per_bar = 0.25 if lines == 1 else 0.24 + 0.15 * (lines - 1)
    return max(1.6, 0.45 + per_bar * len(labels))


def horizontal_bars(
    labels: Sequence[str],
    values: Sequence[float],
    fmt: Callable[[float], str],
    colors: Sequence[str] | None = None,
) -> Figure:
    """Horizontal bars, first item on top, each labelled with its value at the bar's end."""
    fig = new_figure(_bar_height(labels))
    ax = fig.add_subplot()
    y = np.arange(len(labels))
    values = [float(v) for v in values]
    ax.barh(y, values, height=0.68, color=list(colors) if colors else PRIMARY)
    ax.set_yticks(y, labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0, pad=4)
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.grid(False)
    texts = [fmt(v) for v in values]
    top = max(values, default=0) or 1
    # Room at the right for the longest value label (estimated: ~0.07 in per character at 8 pt).
    axes_width = WIDTH * 0.55
    room = max((len(t) for t in texts), default=1) * 0.075 + 0.15
    ax.set_xlim(0, top * (1 + room / axes_width))
    for yi, value, text in zip(y, values, texts, strict=True):
        ax.annotate(text, (value, yi), xytext=(3, 0), textcoords="offset points", va="center", ha="left",
                    fontsize=SMALL)  # fmt: skip
    return fig


def ranking_alt(name: str, lang: str, title: str, items: Sequence[tuple[str, str]], note: str = "") -> str:
    """Alternative text of a ranking (items sorted, values formatted): the first item, or those tied first, the
    next two, then ``note``."""
    tied = 1
    while tied < len(items) and items[tied][1] == items[0][1]:
        tied += 1
    rest = items[tied : tied + 2]
    followers = phrase(lang, "alt.followers", items=listing(counted(rest), lang)) if rest else ""
    common = {"kind": phrase(lang, "kind.bar_chart"), "subject": subject(title), "followers": followers}
    if tied > 1:
        text = phrase(lang, "alt.ranking.tied", firsts=listing(counted(items[:tied]), lang), **common)
    else:
        text = phrase(lang, f"alt.{name}", first=items[0][0], count=items[0][1], **common)
    return f"{text} {note}" if note else text


def chart_by_sector(by_sector_df: pd.DataFrame, out_dir: Path | str, lang: str = "it") -> Chart:
    """Horizontal bars: activities per sector, most active on top, sectors without activities included."""
    name = "by_sector"
    df = by_sector_df.sort_values("activities", ascending=False, kind="stable")
    title = phrase(lang, f"title.{name}")
    labels = [wrap_label(short_sector_name(s, lang), 38) for s in df["sector"]]
    values = df["activities"].tolist()
    active = df[df["activities"] > 0]
    items = [(sector_name(s, lang), format_int(n, lang)) for s, n in zip(active["sector"], active["activities"],
                                                                         strict=True)]  # fmt: skip
    idle = int((df["activities"] == 0).sum())
    note = phrase_plural(lang, f"alt.{name}.idle", idle, idle=idle, total=len(df)) if idle else ""
    if not items:
        raise ValueError(f"{name}: no activities")
    with house_style():
        fig = horizontal_bars(labels, values, lambda v: format_int(v, lang))
        return save_chart(fig, out_dir, name, title, ranking_alt(name, lang, title, items, note))


def _chart_codes(df: pd.DataFrame, out_dir: Path | str, lang: str, name: str) -> Chart:
    from ..schema import column

    col, by_count = CODE_CHARTS[name]
    codes = column(col).codes
    known = df[df["code"].notna()]
    if known.empty:
        raise ValueError(f"{name}: no activities with a value")
    if by_count:  # most frequent first, the catch-all "altro" last
        known = known.assign(_other=known["code"] == "altro")
        known = known.sort_values(["_other", "count"], ascending=[True, False], kind="stable")
    missing = int(df.loc[df["code"].isna(), "count"].sum())
    labels = [capitalised(codes.label(c, lang)) for c in known["code"]]
    values = known["count"].tolist()
    colors = [PRIMARY] * len(labels)
    if missing:
        labels.append(phrase(lang, "label.not_given"))
        values.append(missing)
        colors.append(MUTED)
    title = phrase(lang, f"title.{name}")
    ranked = known.sort_values("count", ascending=False, kind="stable")
    items = [(quoted(codes.label(c, lang), lang), format_int(n, lang))
             for c, n in zip(ranked["code"], ranked["count"], strict=True)]  # fmt: skip
    note = ""
    if missing:
        total = int(df["count"].sum())
        note = phrase(lang, f"alt.{name}.not_given", missing=format_int(missing, lang), total=format_int(total, lang))
    with house_style():
        fig = horizontal_bars([wrap_label(lb, 40) for lb in labels], values, lambda v: format_int(v, lang), colors)
        return save_chart(fig, out_dir, name, title, ranking_alt(name, lang, title, items, note))


def chart_by_type(by_type_df: pd.DataFrame, out_dir: Path | str, lang: str = "it") -> Chart:
    """Horizontal bars: distinct activities per type (``stats.by_code(..., "type")``), most frequent on top."""
    return _chart_codes(by_type_df, out_dir, lang, "by_type")


def chart_by_status(by_status_df: pd.DataFrame, out_dir: Path | str, lang: str = "it") -> Chart:
    """Horizontal bars: distinct activities per status, in the code list's (life-cycle) order."""
    return _chart_codes(by_status_df, out_dir, lang, "by_status")


def chart_by_role(by_role_df: pd.DataFrame, out_dir: Path | str, lang: str = "it") -> Chart:
    """Horizontal bars: distinct activities per role of the City, most frequent on top."""
    return _chart_codes(by_role_df, out_dir, lang, "by_role")


def chart_by_funding_source(by_source_df: pd.DataFrame, out_dir: Path | str, lang: str = "it") -> Chart:
    """Horizontal bars: distinct activities per funding source, most frequent on top."""
    return _chart_codes(by_source_df, out_dir, lang, "by_funding_source")


def chart_by_continent(by_continent_df: pd.DataFrame, out_dir: Path | str, lang: str = "it") -> Chart:
    """Horizontal bars: distinct activities with partners in each continent."""
    from ..countries import continent_label

    name = "by_continent"
    df = by_continent_df[by_continent_df["activities"] > 0].sort_values("activities", ascending=False, kind="stable")
    if df.empty:
        raise ValueError(f"{name}: no data")
    labels = [continent_label(c, lang) for c in df["continent"]]
    title = phrase(lang, f"title.{name}")
    items = list(zip(labels, [format_int(n, lang) for n in df["activities"]], strict=True))
    note = phrase(lang, f"alt.{name}.counting")
    with house_style():
        fig = horizontal_bars(labels, df["activities"].tolist(), lambda v: format_int(v, lang))
        return save_chart(fig, out_dir, name, title, ranking_alt(name, lang, title, items, note))


def chart_top_countries(by_country_df: pd.DataFrame, out_dir: Path | str, lang: str = "it", top: int = 15) -> Chart:
    """Horizontal bars: the ``top`` partner countries by number of distinct activities."""
    from ..countries import country_name

    name = "top_countries"
    df = by_country_df[by_country_df["activities"] > 0].sort_values("activities", ascending=False, kind="stable")
    if df.empty:
        raise ValueError(f"{name}: no data")
    shown = df.head(top)
    labels = [country_name(c, lang) for c in shown["alpha2"]]
    title = phrase(lang, f"title.{name}")
    items = list(zip(labels, [format_int(n, lang) for n in shown["activities"]], strict=True))
    note = phrase(lang, f"alt.{name}.shown", shown=len(shown), total=len(df)) if len(df) > len(shown) else ""
    with house_style():
        fig = horizontal_bars([wrap_label(lb, 34) for lb in labels], shown["activities"].tolist(),
                              lambda v: format_int(v, lang))  # fmt: skip
        return save_chart(fig, out_dir, name, title, ranking_alt(name, lang, title, items, note))


def chart_funding_by_network(
    by_network_df: pd.DataFrame, out_dir: Path | str, lang: str = "it", top: int = 15
) -> Chart:
    """Horizontal bars: EU contribution by network or programme (the ``top`` largest), amounts in euro."""
    name = "funding_by_network"
    df = by_network_df[by_network_df["eu_contribution"] > 0]
    df = df.sort_values(["eu_contribution", "network"], ascending=[False, True], kind="stable")
    if df.empty:
        raise ValueError(f"{name}: no EU contribution")
    shown = df.head(top)
    labels = [str(n) for n in shown["network"]]
    title = phrase(lang, f"title.{name}")
    items = list(zip(labels, [format_euro(v, lang) for v in shown["eu_contribution"]], strict=True))
    total = format_euro(df["eu_contribution"].sum(), lang)
    note = phrase(lang, f"alt.{name}.total", programmes=len(df), total=total) if len(df) > 1 else ""
    with house_style():
        fig = horizontal_bars([wrap_label(lb, 34) for lb in labels], shown["eu_contribution"].tolist(),
                              lambda v: format_euro(v, lang))  # fmt: skip
        return save_chart(fig, out_dir, name, title, ranking_alt(name, lang, title, items, note))

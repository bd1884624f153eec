"""The report's charts: matplotlib, vector SVG, one house style.

Every chart function takes a table from :mod:`intl_report.stats`, draws it in
Italian or English, writes ``<out_dir>/<name>.svg`` atomically and returns a
:class:`Chart` with a title (for the caption: the title is not drawn inside
the figure) and an alternative text written from the data.

Charts are sized for an A4 page's text width (16 cm) and meant to be placed at
that width, so the font sizes set here (8–9 pt) are the printed sizes. Text
is stored as paths (``svg.fonttype = "path"``): the SVG looks the same on any
machine, and its bytes are the same on every run (fixed hash salt, no date).
"""

from __future__ import annotations

import hashlib
import json
import os
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import stats
from .formatting import format_euro, format_int, format_pct, month_name

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib is imported where a chart is drawn, not with this module: a re-run whose charts are all reused
# from the cache (a corrected title changes no chart) does not pay for importing it.

# Okabe & Ito (2008), a palette distinguishable with all common colour-vision deficiencies.
PALETTE = (
    "#0072B2",  # blue (primary)
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
)
PRIMARY = PALETTE[0]
SECONDARY = PALETTE[1]
LIGHT = PALETTE[4]
MUTED = "#A0A0A0"  # "not given" bars
TEXT = "#222222"
HEATMAP = "Blues"  # sequential, single hue: safe for colour-vision deficiencies and in greyscale

CM = 1 / 2.54
WIDTH = 16 * CM  # A4 text width, inches
FONT_SIZE = 9
SMALL = 8  # smallest text: value labels, annotations

STYLE = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE + 1,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": FONT_SIZE,
    "ytick.labelsize": FONT_SIZE,
    "legend.fontsize": FONT_SIZE,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": "#555555",
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#E3E3E3",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.fonttype": "path",
    "svg.hashsalt": "intl-report",
    "svg.image_inline": True,
}

T = {
    "it": {
        "by_sector": "Attività per settore",
        "by_type": "Attività per tipologia",
        "by_status": "Attività per stato di avanzamento",
        "by_role": "Ruolo della Città nelle attività",
        "by_funding_source": "Attività per fonte di finanziamento",
        "by_continent": "Attività per continente dei partner",
        "top_countries": "Paesi partner con più attività",
        "funding_by_network": "Contributo UE per rete o programma",
        "timeline": "Attività nel corso del {year}",
        "collaboration": "Collaborazioni tra settori",
        "trend": "Andamento negli anni",
        "not_given": "non indicato",
        "bar": "Grafico a barre orizzontali",
        "columns": "Grafico a colonne",
        "heatmap": "Mappa di calore",
        "active": "attività in corso",
        "starting": "attività avviate",
        "activities": "Attività",
        "eu": "Contributo UE",
        "countries": "Paesi partner",
        "then": "seguono",
        "and": "e",
    },
    "en": {
        "by_sector": "Activities by sector",
        "by_type": "Activities by type",
        "by_status": "Activities by status",
        "by_role": "Role of the City in the activities",
        "by_funding_source": "Activities by funding source",
        "by_continent": "Activities by partners' continent",
        "top_countries": "Partner countries with the most activities",
        "funding_by_network": "EU contribution by network or programme",
        "timeline": "Activities during {year}",
        "collaboration": "Collaboration between sectors",
        "trend": "Trend over the years",
        "not_given": "not given",
        "bar": "Horizontal bar chart",
        "columns": "Column chart",
        "heatmap": "Heat map",
        "active": "activities under way",
        "starting": "activities started",
        "activities": "Activities",
        "eu": "EU contribution",
        "countries": "Partner countries",
        "then": "followed by",
        "and": "and",
    },
}

# What the top bar is, for the alternative text: (Italian, English) templates.
LEADS = {
    "by_sector": ("Il settore con più attività è {x} ({n})", "The sector with the most activities is {x} ({n})"),
    "by_type": ("La tipologia più frequente è «{x}» ({n})", "The most frequent type is “{x}” ({n})"),
    "by_status": ("Lo stato più frequente è «{x}» ({n})", "The most frequent status is “{x}” ({n})"),
    "by_role": ("Il ruolo più frequente della Città è «{x}» ({n})", "The City's most frequent role is “{x}” ({n})"),
    "by_funding_source": (
        "La fonte di finanziamento più frequente è «{x}» ({n})",
        "The most frequent funding source is “{x}” ({n})",
    ),
    "by_continent": (
        "Il continente con più attività è {x} ({n})",
        "The continent with the most activities is {x} ({n})",
    ),
    "top_countries": (
        "Il Paese partner con più attività è {x} ({n})",
        "The partner country with the most activities is {x} ({n})",
    ),
    "funding_by_network": (
        "Il contributo UE più alto è quello di {x} ({n})",
        "The largest EU contribution comes from {x} ({n})",
    ),
}
CODE_CHARTS = {  # chart name: (stats column, bars sorted by count? else code-list order)
    "by_type": ("type", True),
    "by_status": ("status", False),
    "by_role": ("city_role", True),
    "by_funding_source": ("funding_source", True),
}
SECTOR_PREFIXES = ("Servizio Centrale ", "Settore ", "Divisione ", "Servizio ", "Corpo di ", "Corpo ")
SECTOR_SUFFIXES = (" Department", " Division", " Service")


@dataclass
class Chart:
    """A drawn chart: ``name`` (file stem), ``path`` of the SVG, ``title`` (caption) and ``alt`` text."""

    name: str
    path: Path
    title: str
    alt: str

    def as_dict(self) -> dict:
        return {"name": self.name, "file": self.path.name, "title": self.title, "alt": self.alt}


# --------------------------------------------------------------------------- style and helpers


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the report's matplotlib style (fonts, sizes, grid, deterministic SVG) inside a ``with`` block."""
    import matplotlib as mpl

    with mpl.rc_context({**STYLE, "axes.prop_cycle": mpl.cycler(color=list(PALETTE))}):
        yield


def _t(lang: str, key: str, **kwargs) -> str:
    text = T["en" if lang == "en" else "it"][key]
    return text.format(**kwargs) if kwargs else text


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def short_sector_name(slug: str, lang: str = "it") -> str:
    """A sector's name without its administrative prefix ("Settore Sport" → "Sport")."""
    from .registry import load_registry

    try:
        name = load_registry().get(slug).label(lang)
    except KeyError:
        return slug
    if lang == "en":
        for suffix in SECTOR_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                return name[: -len(suffix)]
        return name
    for prefix in SECTOR_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return _cap(name[len(prefix) :])
    return name


def _sector_name(slug: str, lang: str) -> str:
    from .registry import load_registry

    try:
        return load_registry().get(slug).label(lang)
    except KeyError:
        return slug


def _wrap(text: str, width: int = 34) -> str:
    """Wrap a label into lines of about equal length, none longer than ``width`` if possible."""
    if len(text) <= width:
        return text
    lines = -(-len(text) // width)
    balanced = -(-len(text) // lines) + 4
    wrapped = textwrap.wrap(text, min(width, balanced), break_long_words=False)
    if len(wrapped) > lines:
        wrapped = textwrap.wrap(text, width, break_long_words=False)
    return "\n".join(wrapped) or text


def _series(items: Sequence[tuple[str, str]], lang: str) -> str:
    """``[("A", "3"), ("B", "2")]`` → ``"A (3) e B (2)"``."""
    parts = [f"{label} ({value})" for label, value in items]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {_t(lang, 'and')} " + parts[-1]


def _subject(title: str) -> str:
    """A title inside a sentence: "Attività per settore" → "attività per settore", "EU contribution" unchanged."""
    first = title.split(" ", 1)[0]
    if first[1:2].isupper() or first in ("Paesi",):
        return title
    return title[:1].lower() + title[1:]


def _ranking_alt(
    name: str,
    lang: str,
    kind: str,
    title: str,
    items: Sequence[tuple[str, str]],
    tail: str = "",
    quote: bool = False,
) -> str:
    """Alternative text of a ranking (items sorted, values formatted): kind, subject, the first items, the next two."""
    if quote:
        items = [(f"«{x}»" if lang != "en" else f"“{x}”", n) for x, n in items]
    tied = 1
    while tied < len(items) and items[tied][1] == items[0][1]:
        tied += 1
    text = f"{kind}: {_subject(title)}. "
    if tied > 1:
        first = _series(items[:tied], lang)
        text += f"Tied in first place: {first}" if lang == "en" else f"Al primo posto, a pari merito, {first}"
    else:
        lead = LEADS[name][1 if lang == "en" else 0].replace("«{x}»", "{x}").replace("“{x}”", "{x}")
        text += lead.format(x=items[0][0], n=items[0][1])
    rest = items[tied : tied + 2]
    if rest:
        text += f", followed by {_series(rest, lang)}" if lang == "en" else f"; seguono {_series(rest, lang)}"
    text += "."
    if tail:
        text += f" {tail}"
    return text


def _bar_height(labels: Sequence[str]) -> float:
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    per_bar = 0.25 if lines == 1 else 0.24 + 0.15 * (lines - 1)
    return max(1.6, 0.45 + per_bar * len(labels))


def _figure(height: float) -> Figure:
    # Figure, not pyplot: no global registry of open figures to leak memory.
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH, height), layout="constrained")


def _hbar(
    labels: Sequence[str],
    values: Sequence[float],
    fmt: Callable[[float], str],
    colors: Sequence[str] | None = None,
) -> Figure:
    """Horizontal bars, first item on top, each labelled with its value at the bar's end."""
    fig = _figure(_bar_height(labels))
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


def _fit_height(fig: Figure, pad: float = 0.06) -> None:
    """Shrink or grow the figure's height to its content (square heat-map cells leave empty bands otherwise)."""
    for _ in range(3):
        fig.draw_without_rendering()
        height = fig.get_tightbbox().height + 2 * pad
        if abs(height - fig.get_figheight()) < 0.02:
            return
        fig.set_figheight(height)


def _save(fig: Figure, out_dir: Path | str, name: str, title: str, alt: str) -> Chart:
    """Write ``<out_dir>/<name>.svg`` atomically (``.svg.tmp`` then rename)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.svg"
    temporary = path.with_name(path.name + ".tmp")
    try:
        fig.savefig(temporary, format="svg", metadata={"Date": None, "Title": title, "Description": alt})
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
        fig.clear()
    return Chart(name, path, title, alt)


# --------------------------------------------------------------------------- charts


def chart_by_sector(by_sector_df: pd.DataFrame, out_dir: Path | str, lang: str = "it") -> Chart:
    """Horizontal bars: activities per sector, most active on top, sectors without activities included."""
    name = "by_sector"
    df = by_sector_df.sort_values("activities", ascending=False, kind="stable")
    title = _t(lang, name)
    labels = [_wrap(short_sector_name(s, lang), 38) for s in df["sector"]]
    values = df["activities"].tolist()
    active = df[df["activities"] > 0]
    items = [(_sector_name(s, lang), format_int(n, lang)) for s, n in zip(active["sector"], active["activities"],
                                                                          strict=True)]  # fmt: skip
    idle = int((df["activities"] == 0).sum())
    tail = ""
    if idle:
        if lang == "en":
            tail = (
                f"{idle} of {len(df)} sectors have no activities."
                if idle > 1
                else f"1 of {len(df)} sectors has no activities."
            )
        else:
            tail = (
                f"{idle} settori su {len(df)} non hanno attività."
                if idle > 1
                else f"1 settore su {len(df)} non ha attività."
            )
    if not items:
        raise ValueError(f"{name}: no activities")
    with house_style():
        fig = _hbar(labels, values, lambda v: format_int(v, lang))
        alt = _ranking_alt(name, lang, _t(lang, "bar"), title, items, tail)
        return _save(fig, out_dir, name, title, alt)


def _chart_codes(df: pd.DataFrame, out_dir: Path | str, lang: str, name: str) -> Chart:
    from .schema import column

    col, by_count = CODE_CHARTS[name]
    codes = column(col).codes
    known = df[df["code"].notna()]
    if known.empty:
        raise ValueError(f"{name}: no activities with a value")
    if by_count:  # most frequent first, the catch-all "altro" last
        known = known.assign(_other=known["code"] == "altro")
        known = known.sort_values(["_other", "count"], ascending=[True, False], kind="stable")
    missing = int(df.loc[df["code"].isna(), "count"].sum())
    labels = [_cap(codes.label(c, lang)) for c in known["code"]]
    values = known["count"].tolist()
    colors = [PRIMARY] * len(labels)
    if missing:
        labels.append(_cap(_t(lang, "not_given")))
        values.append(missing)
        colors.append(MUTED)
    title = _t(lang, name)
    ranked = known.sort_values("count", ascending=False, kind="stable")
    items = [(codes.label(c, lang), format_int(n, lang)) for c, n in zip(ranked["code"], ranked["count"], strict=True)]
    tail = ""
    if missing:
        total = int(df["count"].sum())
        what = {"type": ("la tipologia", "type"), "status": ("lo stato", "status"), "city_role": ("il ruolo", "role"),
                "funding_source": ("la fonte", "funding source")}[col]  # fmt: skip
        if lang == "en":
            tail = (
                f"The {what[1]} is not given for {format_int(missing, lang)} of {format_int(total, lang)} activities."
            )
        else:
            tail = f"Per {format_int(missing, lang)} attività su {format_int(total, lang)} {what[0]} non è indicat" + (
                "a." if what[0].startswith("la") else "o."
            )
    with house_style():
        fig = _hbar([_wrap(lb, 40) for lb in labels], values, lambda v: format_int(v, lang), colors)
        alt = _ranking_alt(name, lang, _t(lang, "bar"), title, items, tail, quote=True)
        return _save(fig, out_dir, name, title, alt)


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
    from .countries import continent_label

    name = "by_continent"
    df = by_continent_df[by_continent_df["activities"] > 0].sort_values("activities", ascending=False, kind="stable")
    if df.empty:
        raise ValueError(f"{name}: no data")
    labels = [continent_label(c, lang) for c in df["continent"]]
    title = _t(lang, name)
    items = list(zip(labels, [format_int(n, lang) for n in df["activities"]], strict=True))
    tail = (
        "An activity with partners in several continents counts once for each."
        if lang == "en"
        else "Un'attività con partner in più continenti è contata una volta per ciascuno."
    )
    with house_style():
        fig = _hbar(labels, df["activities"].tolist(), lambda v: format_int(v, lang))
        return _save(fig, out_dir, name, title, _ranking_alt(name, lang, _t(lang, "bar"), title, items, tail))


def chart_top_countries(by_country_df: pd.DataFrame, out_dir: Path | str, lang: str = "it", top: int = 15) -> Chart:
    """Horizontal bars: the ``top`` partner countries by number of distinct activities."""
    from .countries import country_name

    name = "top_countries"
    df = by_country_df[by_country_df["activities"] > 0].sort_values("activities", ascending=False, kind="stable")
    if df.empty:
        raise ValueError(f"{name}: no data")
    shown = df.head(top)
    labels = [country_name(c, lang) for c in shown["alpha2"]]
    title = _t(lang, name)
    items = list(zip(labels, [format_int(n, lang) for n in shown["activities"]], strict=True))
    total = len(df)
    if lang == "en":
        tail = f"The chart shows {len(shown)} of {total} partner countries." if total > len(shown) else ""
    else:
        tail = f"Il grafico mostra {len(shown)} dei {total} Paesi partner." if total > len(shown) else ""
    with house_style():
        fig = _hbar([_wrap(lb, 34) for lb in labels], shown["activities"].tolist(), lambda v: format_int(v, lang))
        return _save(fig, out_dir, name, title, _ranking_alt(name, lang, _t(lang, "bar"), title, items, tail))


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
    title = _t(lang, name)
    items = list(zip(labels, [format_euro(v, lang) for v in shown["eu_contribution"]], strict=True))
    total = format_euro(df["eu_contribution"].sum(), lang)
    if lang == "en":
        tail = f"Total EU contribution across the {len(df)} programmes: {total}."
    else:
        tail = f"Contributo UE complessivo dei {len(df)} programmi: {total}."
    if len(df) == 1:
        tail = ""
    with house_style():
        fig = _hbar([_wrap(lb, 34) for lb in labels], shown["eu_contribution"].tolist(), lambda v: format_euro(v, lang))
        return _save(fig, out_dir, name, title, _ranking_alt(name, lang, _t(lang, "bar"), title, items, tail))


def chart_timeline(timeline_df: pd.DataFrame, out_dir: Path | str, year: int, lang: str = "it") -> Chart:
    """Columns month by month: activities under way and activities started."""
    name = "timeline"
    df = timeline_df.sort_values("month")
    if int(df["active"].sum()) == 0:
        raise ValueError(f"{name}: no activity in {year}")
    title = _t(lang, name, year=year)
    months = [month_name(m, lang, short=True) for m in df["month"]]
    x = np.arange(len(df))
    with house_style():
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        fig = _figure(6.5 * CM)
        ax = fig.add_subplot()
        ax.bar(x - 0.2, df["active"], width=0.4, color=PRIMARY, label=_cap(_t(lang, "active")))
        ax.bar(x + 0.2, df["starting"], width=0.4, color=SECONDARY, label=_cap(_t(lang, "starting")))
        ax.set_xticks(x, months)
        ax.tick_params(axis="x", length=0)
        ax.grid(axis="x", visible=False)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_int(v, lang)))
        ax.set_xlim(-0.6, len(df) - 0.4)
        fig.legend(loc="outside upper left", ncols=2, handlelength=1, fontsize=FONT_SIZE)
        alt = _timeline_alt(df, year, lang, title)
        return _save(fig, out_dir, name, title, alt)


def _timeline_alt(df: pd.DataFrame, year: int, lang: str, title: str) -> str:
    def month(i: int) -> str:
        return month_name(int(df["month"].iloc[i]), lang)

    hi, lo = int(df["active"].to_numpy().argmax()), int(df["active"].to_numpy().argmin())
    st = int(df["starting"].to_numpy().argmax())
    started = int(df["starting"].sum())
    n = lambda v: format_int(v, lang)  # noqa: E731
    if lang == "en":
        text = (
            f"{_t(lang, 'columns')}: {_subject(title)}, month by month. "
            f"Most activities were under way in {month(hi)} ({n(df['active'].iloc[hi])}), "
            f"fewest in {month(lo)} ({n(df['active'].iloc[lo])})."
        )
        if started:
            text += f" {n(started)} activities started during the year, most of them in {month(st)} ({n(df['starting'].iloc[st])})."
        return text
    text = (
        f"{_t(lang, 'columns')}: {_subject(title)}, mese per mese. "
        f"Le attività in corso sono più numerose a {month(hi)} ({n(df['active'].iloc[hi])}) "
        f"e meno numerose a {month(lo)} ({n(df['active'].iloc[lo])})."
    )
    if started:
        text += f" Nell'anno sono state avviate {n(started)} attività; il mese con più avvii è {month(st)} ({n(df['starting'].iloc[st])})."
    return text


MAX_MATRIX_SECTORS = 30


def chart_collaboration(matrix_df: pd.DataFrame, out_dir: Path | str, lang: str = "it") -> Chart:
    """Heat map of activities shared by each pair of sectors, counts written in the cells."""
    name = "collaboration"
    matrix = matrix_df.astype(int)
    if matrix.empty or int(matrix.to_numpy().sum()) == 0:
        raise ValueError(f"{name}: no collaboration between sectors")
    if len(matrix) > MAX_MATRIX_SECTORS:
        # Beyond a page's worth of rows the matrix is unreadable (and slow to draw): keep the most connected sectors.
        keep = matrix.sum(axis=1).sort_values(ascending=False, kind="stable").index[:MAX_MATRIX_SECTORS]
        keep = [s for s in matrix.index if s in set(keep)]
        matrix = matrix.loc[keep, keep]
    slugs = list(matrix.index)
    labels = [short_sector_name(s, lang) for s in slugs]
    values = matrix.to_numpy()
    n = len(slugs)
    title = _t(lang, name)
    import matplotlib as mpl

    with house_style():
        longest = max(len(lb) for lb in labels)
        fig = _figure(max(5 * CM, 0.24 * n + 0.05 * longest + 0.4))
        ax = fig.add_subplot()
        shown = np.ma.masked_where(np.eye(n, dtype=bool) | (values == 0), values)
        top = max(int(values.max()), 1)
        cmap = mpl.colormaps[HEATMAP].with_extremes(bad="white")
        ax.imshow(np.eye(n), cmap=mpl.colors.ListedColormap(["white", "#EBEBEB"]), aspect="equal",
                  interpolation="nearest")  # fmt: skip
        ax.imshow(shown, cmap=cmap, vmin=0, vmax=top * 1.1, aspect="equal", interpolation="nearest")
        for i in range(n):
            for j in range(n):
                if i != j and values[i, j]:
                    dark = values[i, j] > top * 0.55
                    ax.text(j, i, format_int(values[i, j], lang), ha="center", va="center", fontsize=SMALL,
                            color="white" if dark else TEXT)  # fmt: skip
        ax.set_xticks(range(n), labels, rotation=45, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(n), labels)
        ax.tick_params(length=0)
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xticks(np.arange(n + 1) - 0.5, minor=True)
        ax.set_yticks(np.arange(n + 1) - 0.5, minor=True)
        ax.grid(which="minor", color="#D0D0D0", linewidth=0.5)
        ax.tick_params(which="minor", length=0)
        _fit_height(fig)
        alt = _collaboration_alt(matrix, lang, title)
        return _save(fig, out_dir, name, title, alt)


def _collaboration_alt(matrix: pd.DataFrame, lang: str, title: str) -> str:
    slugs = list(matrix.index)
    pairs = []
    for i in range(len(slugs)):
        for j in range(i + 1, len(slugs)):
            count = int(matrix.iat[i, j])
            if count:
                pairs.append((count, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    conj = _t(lang, "and")
    items = [
        (f"{_sector_name(slugs[i], lang)} {conj} {_sector_name(slugs[j], lang)}", format_int(c, lang))
        for c, i, j in pairs[:3]
    ]
    alone = int((matrix.sum(axis=1) == 0).sum())
    if lang == "en":
        text = (
            f"{_t(lang, 'heatmap')}: number of activities shared by each pair of sectors. "
            f"{len(pairs)} pairs of sectors work together; the closest pair is {items[0][0]} ({items[0][1]})"
        )
        if len(items) > 1:
            text += f", followed by {'; '.join(f'{x} ({v})' for x, v in items[1:])}"
        text += "."
        if alone:
            text += f" {alone} of the {len(slugs)} sectors shown share no activity with another sector."
        return text
    text = (
        f"{_t(lang, 'heatmap')}: numero di attività condivise da ciascuna coppia di settori. "
        f"Le coppie di settori che collaborano sono {len(pairs)}; la più assidua è {items[0][0]} ({items[0][1]})"
        if len(pairs) > 1
        else f"{_t(lang, 'heatmap')}: numero di attività condivise da ciascuna coppia di settori. "
        f"Collabora una sola coppia di settori: {items[0][0]} ({items[0][1]})"
    )
    if len(items) > 1:
        text += f"; seguono {'; '.join(f'{x} ({v})' for x, v in items[1:])}"
    text += "."
    if alone:
        text += f" {alone} dei {len(slugs)} settori mostrati non condividono attività con altri settori."
    return text


def chart_trend(trend_df: pd.DataFrame, out_dir: Path | str, lang: str = "it") -> Chart:
    """Three small column charts over the years: activities, partner countries, EU contribution."""
    name = "trend"
    df = trend_df.sort_values("year")
    if len(df) < 2:
        raise ValueError(f"{name}: needs at least two years")
    years = [str(y) for y in df["year"]]
    title = _t(lang, name)
    scale, unit = _euro_scale(float(df["eu_contribution"].max()), lang)
    panels = [
        ("activities", _t(lang, "activities"), lambda v: format_int(v, lang)),
        ("partner_countries", _t(lang, "countries"), lambda v: format_int(v, lang)),
        ("eu_contribution", f"{_t(lang, 'eu')} ({unit})", lambda v: _scaled(v, scale, lang)),
    ]
    colors = [LIGHT] * (len(df) - 1) + [PRIMARY]
    labelled = len(df) <= 8  # beyond that, value labels would collide: show a y axis instead
    with house_style():
        fig = _figure(6 * CM)
        axes = fig.subplots(1, 3)
        for ax, (col, label, fmt) in zip(axes, panels, strict=True):
            values = df[col].astype(float).tolist()
            x = np.arange(len(values))
            ax.bar(x, values, color=colors, width=0.7)
            ax.set_title(label, fontsize=FONT_SIZE, loc="left")
            ax.set_xticks(x, _year_labels(years))
            ax.tick_params(axis="x", length=0)
            ax.set_ylim(0, (max(values) or 1) * 1.18)
            ax.set_xlim(-0.75, len(values) - 0.25)
            if not labelled:
                from matplotlib.ticker import FuncFormatter, MaxNLocator

                ax.grid(axis="x", visible=False)
                ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
                ax.yaxis.set_major_formatter(
                    FuncFormatter(lambda v, _, fmt=fmt: fmt(v).removesuffix(",0").removesuffix(".0"))
                )
                continue
            ax.yaxis.set_visible(False)
            ax.spines["left"].set_visible(False)
            ax.grid(False)
            for xi, v in zip(x, values, strict=True):
                ax.annotate(fmt(v), (xi, v), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                            fontsize=SMALL)  # fmt: skip
        alt = _trend_alt(df, lang, title)
        return _save(fig, out_dir, name, title, alt)


def _year_labels(years: Sequence[str]) -> list[str]:
    """Tick labels for years: full up to 4, then "’24"; beyond 8 years only every other one (the last always)."""
    labels = list(years) if len(years) <= 4 else [f"’{y[-2:]}" for y in years]
    step = -(-len(labels) // 6) if len(labels) > 8 else 1
    last = len(labels) - 1
    return [lb if (last - i) % step == 0 else "" for i, lb in enumerate(labels)]


def _euro_scale(top: float, lang: str) -> tuple[float, str]:
    """Divisor and unit for euro amounts up to ``top``: (1e6, "mln €"), (1e3, "migliaia di €") or (1, "€")."""
    if top >= 1e6:
        return 1e6, "€m" if lang == "en" else "mln €"
    if top >= 1e4:
        return 1e3, "€ thousand" if lang == "en" else "migliaia di €"
    return 1.0, "€"


def _scaled(value: float, scale: float, lang: str) -> str:
    amount = value / scale
    if scale == 1 or amount >= 100 or amount == 0:
        return format_int(amount, lang)
    text = f"{amount:.1f}"
    return text if lang == "en" else text.replace(".", ",")


def _trend_alt(df: pd.DataFrame, lang: str, title: str) -> str:
    first, last = df.iloc[0], df.iloc[-1]
    y0, y1 = int(first["year"]), int(last["year"])
    parts = []
    for col, label, fmt in (
        ("activities", _t(lang, "activities"), lambda v: format_int(v, lang)),
        ("partner_countries", _t(lang, "countries"), lambda v: format_int(v, lang)),
        ("eu_contribution", _t(lang, "eu"), lambda v: format_euro(v, lang)),
    ):
        a, b = float(first[col]), float(last[col])
        change = f" ({format_pct((b - a) / a * 100, lang, 0, signed=True)})" if a else ""
        if lang == "en":
            parts.append(f"{label}: {fmt(a)} in {y0}, {fmt(b)} in {y1}{change}")
        else:
            parts.append(f"{label}: {fmt(a)} nel {y0}, {fmt(b)} nel {y1}{change}")
    kind = _t(lang, "columns")
    span = f"{y0}–{y1}"
    return f"{kind}: {_subject(title)} {span}. " + "; ".join(parts) + "."


# --------------------------------------------------------------------------- all charts


def make_all_charts(
    activities: pd.DataFrame,
    year: int,
    out_dir: Path | str,
    lang: str = "it",
    previous_years: dict[int, pd.DataFrame] | None = None,
    distinct: pd.DataFrame | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
) -> list[Chart]:
    """Compute the statistics and draw every chart that has data to show.

    Parameters
    ----------
    activities : DataFrame
        The year's clean activity table (all sectors).
    year : int
    out_dir : path
        Where the SVG files go (one directory per language: file names do not carry it).
    lang : {"it", "en"}
    previous_years : dict, optional
        ``{year: activities}`` of earlier years, for the trend chart.
    distinct : DataFrame, optional
        ``stats.dedupe_joint(activities)`` when the caller has it already.
    tables : dict, optional
        Statistics the caller has computed already, by name, as :func:`pipeline.cross_sector` writes them
        (``by_sector``, ``collaboration``, ``by_type``, ``by_status``, ``by_role``, ``by_funding_source``,
        ``by_continent``, ``by_country``, ``timeline``); the others are computed here.

    Returns
    -------
    list of Chart
        In reading order; a chart without data is not drawn and not listed.
    """
    distinct = stats.dedupe_joint(activities) if distinct is None else distinct
    known = tables or {}

    def table(name: str, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        return known[name] if name in known else compute()

    # (chart name, the tables it is drawn from, how to draw it, whether there is anything to show)
    jobs: list[tuple[str, tuple, Callable[[], Chart], bool]] = []
    sectors = table("by_sector", lambda: stats.by_sector(activities))
    jobs.append(("by_sector", (sectors,), lambda: chart_by_sector(sectors, out_dir, lang),
                 int(sectors["activities"].sum()) > 0))
    matrix = table("collaboration", lambda: stats.collaboration_matrix(distinct))
    jobs.append(("collaboration", (matrix,), lambda: chart_collaboration(matrix, out_dir, lang),
                 int(matrix.to_numpy().sum()) > 0))
    for name, (col, _) in CODE_CHARTS.items():
        codes = table(name, lambda col=col: stats.by_code(distinct, col))
        draw = {"by_type": chart_by_type, "by_status": chart_by_status, "by_role": chart_by_role,
                "by_funding_source": chart_by_funding_source}[name]  # fmt: skip
        jobs.append((name, (codes,), lambda draw=draw, codes=codes: draw(codes, out_dir, lang),
                     bool(codes["code"].notna().any())))
    networks = stats.by_network(distinct, top=None)
    jobs.append(("funding_by_network", (networks,), lambda: chart_funding_by_network(networks, out_dir, lang),
                 bool((networks["eu_contribution"] > 0).any())))
    continents = table("by_continent", lambda: stats.by_continent(distinct))
    jobs.append(("by_continent", (continents,), lambda: chart_by_continent(continents, out_dir, lang),
                 not continents.empty))
    countries = table("by_country", lambda: stats.by_country(distinct))
    jobs.append(("top_countries", (countries,), lambda: chart_top_countries(countries, out_dir, lang),
                 not countries.empty))
    def world_map() -> Chart:
        from .worldmap import chart_world_map  # lazy: worldmap imports this module, and matplotlib

        return chart_world_map(countries, out_dir, lang, year=year)

    jobs.append(("world_map", (countries,), world_map, not countries.empty))
    months = table("timeline", lambda: stats.timeline(distinct, year))
    jobs.append(("timeline", (months,), lambda: chart_timeline(months, out_dir, year, lang),
                 int(months["active"].sum()) > 0))
    if previous_years:
        # this year's distinct activities: key_figures accepts them as they are, instead of deduplicating again
        by_year = {**{int(y): t for y, t in previous_years.items() if t is not None}, int(year): distinct}
        if len(by_year) >= 2:
            history = stats.trend(by_year)
            jobs.append(("trend", (history,), lambda: chart_trend(history, out_dir, lang), True))
    cache = _ChartCache(Path(out_dir), lang, year)
    out = [cache.get(name, tables, draw) for name, tables, draw, has_data in jobs if has_data]
    cache.save()
    return out


class _ChartCache:
    """Charts whose data did not change are not drawn again (a corrected title changes no chart).

    The key of a chart is a hash of the tables it is drawn from, the language, the year and the
    code that draws it; the SVG is reused only if it is still on disk.
    """

    def __init__(self, folder: Path, lang: str, year: int):
        self.path = folder / ".chart-cache.json"
        self.lang, self.year = lang, year
        try:
            self.entries = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        code = hashlib.sha256()
        for module in (Path(__file__), Path(__file__).with_name("worldmap.py"), Path(__file__).with_name("stats.py")):
            code.update(module.read_bytes())
        self.code = code.hexdigest()

    def _key(self, name: str, tables: tuple) -> str:
        digest = hashlib.sha256(f"{name}|{self.lang}|{self.year}|{self.code}".encode())
        for table in tables:
            digest.update(table.to_csv().encode())
        return digest.hexdigest()

    def get(self, name: str, tables: tuple, draw: Callable[[], Chart]) -> Chart:
        key = self._key(name, tables)
        entry = self.entries.get(name)
        if entry and entry["key"] == key and (self.path.parent / entry["file"]).exists():
            return Chart(name=name, path=self.path.parent / entry["file"], title=entry["title"], alt=entry["alt"])
        chart = draw()
        self.entries[name] = {"key": key, "file": chart.path.name, "title": chart.title, "alt": chart.alt}
        return chart

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(self.entries, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, self.path)


def write_chart_index(charts: Sequence[Chart], path: Path | str) -> None:
    """Write the charts' index, a JSON list of ``{name, file, title, alt}`` (file relative to the index)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    text = json.dumps([c.as_dict() for c in charts], ensure_ascii=False, indent=2) + "\n"
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)

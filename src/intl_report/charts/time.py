"""Charts over time: the year month by month (activities under way and started) and the trend over the years."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..formatting import format_euro, format_int, format_pct, month_name
from .cache import Chart, save_chart
from .style import (
    CM,
    EARLIER,
    FONT_SIZE,
    PRIMARY,
    SECONDARY,
    SEPARATOR,
    SEPARATOR_WIDTH,
    SMALL,
    house_style,
    new_figure,
)
from .text import subject
from .words import phrase, phrase_plural


def chart_timeline(timeline_df: pd.DataFrame, out_dir: Path | str, year: int, lang: str = "it") -> Chart:
    """Columns month by month: activities under way and activities started."""
    name = "timeline"
    df = timeline_df.sort_values("month")
    if int(df["active"].sum()) == 0:
        raise ValueError(f"{name}: no activity in {year}")
    title = phrase(lang, f"title.{name}", year=year)
    months = [month_name(m, lang, short=True) for m in df["month"]]
    x = np.arange(len(df))
    with house_style():
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        fig = new_figure(6.5 * CM)
        ax = fig.add_subplot()
        # A month's two columns touch: a white edge parts them (see CHART_PALETTE in style.py).
        touching = {"width": 0.4, "edgecolor": SEPARATOR, "linewidth": SEPARATOR_WIDTH}
        ax.bar(x - 0.2, df["active"], color=PRIMARY, label=phrase(lang, "legend.active"), **touching)
        ax.bar(x + 0.2, df["starting"], color=SECONDARY, label=phrase(lang, "legend.starting"), **touching)
        ax.set_xticks(x, months)
        ax.tick_params(axis="x", length=0)
        ax.grid(axis="x", visible=False)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_int(v, lang)))
        ax.set_xlim(-0.6, len(df) - 0.4)
        fig.legend(loc="outside upper left", ncols=2, handlelength=1, fontsize=FONT_SIZE)
        return save_chart(fig, out_dir, name, title, _timeline_alt(df, lang, title))


def _timeline_alt(df: pd.DataFrame, lang: str, title: str) -> str:
    def month(i: int) -> str:
        return month_name(int(df["month"].iloc[i]), lang)

    def count(column: str, i: int) -> str:
        return format_int(df[column].iloc[i], lang)

    busiest, quietest = int(df["active"].to_numpy().argmax()), int(df["active"].to_numpy().argmin())
    if df["active"].iloc[busiest] == df["active"].iloc[quietest]:  # no busiest month to name
        text = phrase(lang, "alt.timeline.flat", kind=phrase(lang, "kind.column_chart"), subject=subject(title),
                      count=count("active", busiest))
    else:
        text = phrase(lang, "alt.timeline", kind=phrase(lang, "kind.column_chart"), subject=subject(title),
                      busiest_month=month(busiest), busiest_count=count("active", busiest),
                      quietest_month=month(quietest), quietest_count=count("active", quietest))  # fmt: skip
    started = int(df["starting"].sum())
    if not started:
        return text
    most = int(df["starting"].to_numpy().argmax())
    return text + " " + phrase_plural(lang, "alt.timeline.started", started, started=format_int(started, lang),
                                   month=month(most), count=count("starting", most))  # fmt: skip


def chart_trend(trend_df: pd.DataFrame, out_dir: Path | str, lang: str = "it") -> Chart:
    """Three small column charts over the years: activities, partner countries, EU contribution."""
    name = "trend"
    df = trend_df.sort_values("year")
    if len(df) < 2:
        raise ValueError(f"{name}: needs at least two years")
    years = [str(y) for y in df["year"]]
    title = phrase(lang, f"title.{name}")
    scale, unit = _euro_scale(float(df["eu_contribution"].max()), lang)
    panels = [
        ("activities", phrase(lang, "panel.activities"), lambda v: format_int(v, lang)),
        ("partner_countries", phrase(lang, "panel.partner_countries"), lambda v: format_int(v, lang)),
        ("eu_contribution", f"{phrase(lang, 'panel.eu_contribution')} ({unit})", lambda v: _scaled(v, scale, lang)),
    ]
    colors = [EARLIER] * (len(df) - 1) + [PRIMARY]
    labelled = len(df) <= 8  # beyond that, value labels would collide: show a y axis instead
    with house_style():
        fig = new_figure(6 * CM)
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
        return save_chart(fig, out_dir, name, title, _trend_alt(df, lang, title))


def _year_labels(years: Sequence[str]) -> list[str]:
    """Tick labels for years: full up to 4, then "’24"; beyond 8 years only every other one (the last always)."""
    labels = list(years) if len(years) <= 4 else [f"’{y[-2:]}" for y in years]
    step = -(-len(labels) // 6) if len(labels) > 8 else 1
    last = len(labels) - 1
    return [lb if (last - i) % step == 0 else "" for i, lb in enumerate(labels)]


def _euro_scale(top: float, lang: str) -> tuple[float, str]:
    """Divisor and unit for euro amounts up to ``top``: (1e6, "mln €"), (1e3, "migliaia di €") or (1, "€")."""
    if top >= 1e6:
        return 1e6, phrase(lang, "unit.euro_millions")
    if top >= 1e4:
        return 1e3, phrase(lang, "unit.euro_thousands")
    return 1.0, phrase(lang, "unit.euro")


def _scaled(value: float, scale: float, lang: str) -> str:
    amount = value / scale
    if scale == 1 or amount >= 100 or amount == 0:
        return format_int(amount, lang)
    text = f"{amount:.1f}"
    return text if lang == "en" else text.replace(".", ",")  # the decimal mark, as formatting.py writes it


def _trend_alt(df: pd.DataFrame, lang: str, title: str) -> str:
    first, last = df.iloc[0], df.iloc[-1]
    first_year, last_year = int(first["year"]), int(last["year"])
    measures = []
    for col, label, fmt in (
        ("activities", phrase(lang, "panel.activities"), lambda v: format_int(v, lang)),
        ("partner_countries", phrase(lang, "panel.partner_countries"), lambda v: format_int(v, lang)),
        ("eu_contribution", phrase(lang, "panel.eu_contribution"), lambda v: format_euro(v, lang)),
    ):
        a, b = float(first[col]), float(last[col])
        change = f" ({format_pct((b - a) / a * 100, lang, 0, signed=True)})" if a else ""
        measures.append(phrase(lang, "alt.trend.measure", measure=label, first=fmt(a), first_year=first_year,
                            last=fmt(b), last_year=last_year, change=change))  # fmt: skip
    return phrase(lang, "alt.trend", kind=phrase(lang, "kind.column_chart"), subject=subject(title),
               first_year=first_year, last_year=last_year, measures="; ".join(measures))  # fmt: skip

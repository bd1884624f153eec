"""The charts' house style: colours, font sizes, the matplotlib settings and the figure every chart starts from.

Charts are sized for an A4 page's text width (16 cm) and meant to be placed at that width, so the font sizes set
here (8–9 pt) are the printed sizes. Text is stored as paths (``svg.fonttype = "path"``): the SVG looks the same
on any machine, and its bytes are the same on every run (fixed hash salt; the date is left out when saving).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib is imported where a chart is drawn, not with this package: a re-run whose charts are all reused from
# the cache (a corrected title changes no chart) does not pay for importing it.

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


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the report's matplotlib style (fonts, sizes, grid, deterministic SVG) inside a ``with`` block."""
    import matplotlib as mpl

    with mpl.rc_context({**STYLE, "axes.prop_cycle": mpl.cycler(color=list(PALETTE))}):
        yield


def new_figure(height: float) -> Figure:
    """A figure of the text width and ``height`` inches, its content laid out by matplotlib's constrained layout."""
    # Figure, not pyplot: no global registry of open figures to leak memory.
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH, height), layout="constrained")


def fit_height(fig: Figure, pad: float = 0.06) -> None:
    """Shrink or grow the figure's height to its content (square heat-map cells leave empty bands otherwise)."""
    for _ in range(3):
        fig.draw_without_rendering()
        height = fig.get_tightbbox().height + 2 * pad
        if abs(height - fig.get_figheight()) < 0.02:
            return
        fig.set_figheight(height)

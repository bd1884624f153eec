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

# The chart palette, in one table so that the publication's theme can supply it later. Every colour that marks data
# reaches 3:1 against the white background (WCAG 2.1, success criterion 1.4.11, non-text contrast); the ratios
# below are checked by tests/test_charts_contrast.py.
#
# Where marks touch (the two columns of a month in the timeline) they are parted by a white edge ("separator")
# rather than by colours 3:1 apart from each other: two colours 3:1 apart, both 3:1 against white, leave one of
# them nearly black. Against the white edge each mark reaches 3:1 as it does against the page.
#
# The categorical colours are Okabe & Ito's (2008) hues, darkened each to a lightness chosen so that every pair
# stays apart (CIELAB ΔE ≥ 17) for protanopia, deuteranopia and tritanopia as well (Machado, Oliveira & Fernandes
# 2009 simulation): the originals' light orange, sky blue and yellow are below 3:1, and darkening them all alike
# makes orange, vermillion and yellow one brown for a red-green deficiency. Yellow cannot be both darker and
# yellow, so it is left out; Designers Italia's primary blue and dark blue stand for Okabe & Ito's blue and black.
CHART_PALETTE = {
    "background": "#FFFFFF",
    "text": "#222222",  # 15.9:1
    "axis": "#555555",  # 7.5:1
    "grid": "#E3E3E3",  # guides only: the values are written or on the axis
    "separator": "#FFFFFF",  # edge between touching marks
    "categorical": (
        "#0066CC",  # blue: Designers Italia primary, 5.6:1
        "#C28500",  # orange, 3.2:1 (was #E69F00, 2.25:1)
        "#00674A",  # bluish green, 6.9:1 (was #009E73, 3.4:1)
        "#A94900",  # vermillion, 5.8:1 (was #D55E00, 3.9:1)
        "#4899C7",  # sky blue, 3.1:1 (was #56B4E9, 2.3:1)
        "#A05E82",  # reddish purple, 4.8:1 (was #CC79A7, 3.1:1)
        "#17324D",  # dark blue: Designers Italia dark, 13.1:1
    ),
    "muted": "#8C8C8C",  # "not given" bars, 3.4:1 (was #A0A0A0, 2.6:1)
    # Counts, light to dark (heat map and world map), CIELAB lightness 91 to 41 in even steps, turning from cyan
    # to Designers Italia's blue. The lighter shades cannot reach 3:1 against white, so on the map every country
    # with activities is outlined in "map_outline", 3:1 or more against white and against every shade (the
    # darkest is 6.3:1 on white and 3.3:1 against the outline); see choropleth.py.
    "sequential": ("#C9EBF2", "#8ECADE", "#52A7CE", "#0084BF", "#0061AE"),
    "map_outline": "#000000",
    "map_no_activity": "#F0F0F0",  # land without partners: lighter than every class, not a class
    "map_land_border": "#8C8C8C",  # borders of that land, 3.4:1 against the sea
    "map_home_hatch": "#8C8C8C",
    # Numbers written on a shaded cell: black or white, whichever contrasts more. Black rather than the text
    # colour: with #222222 a mid shade can leave both below 4.5:1 (3.99:1 at worst); with black, never (4.58:1).
    "label_on_shade": ("#000000", "#FFFFFF"),
}
PALETTE = CHART_PALETTE["categorical"]
PRIMARY = PALETTE[0]
SECONDARY = PALETTE[1]
EARLIER = PALETTE[4]  # earlier years, beside this year's PRIMARY in the trend
MUTED = CHART_PALETTE["muted"]
TEXT = CHART_PALETTE["text"]
BACKGROUND = CHART_PALETTE["background"]
SEPARATOR = CHART_PALETTE["separator"]
SEPARATOR_WIDTH = 1.0  # points: 1.33 px at 96 dpi, 4 dots at 300 dpi
SEQUENTIAL = CHART_PALETTE["sequential"]

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
    "axes.edgecolor": CHART_PALETTE["axis"],
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": CHART_PALETTE["grid"],
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "figure.facecolor": BACKGROUND,
    "savefig.facecolor": BACKGROUND,
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


def sequential_colormap():
    """The shades of counts as a matplotlib colormap, light to dark, interpolated between the ``SEQUENTIAL`` stops."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("intl-report-counts", list(SEQUENTIAL))


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

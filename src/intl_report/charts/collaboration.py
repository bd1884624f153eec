"""The heat map of collaboration between sectors: how many activities each pair of sectors shares.

Every count is written in its cell, so the shading only repeats what the text says (WCAG 2.1 then asks nothing of
the shades themselves under 1.4.11); each number is written in black or white, whichever contrasts more with its
cell's shade, which is always 4.5:1 or more (1.4.3), whatever the shade.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..formatting import format_int
from .cache import Chart, save_chart
from .contrast import most_contrasting
from .style import CHART_PALETTE, CM, SMALL, fit_height, house_style, new_figure, sequential_colormap
from .text import sector_name, short_sector_name
from .words import phrase, phrase_plural

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
    title = phrase(lang, f"title.{name}")
    import matplotlib as mpl

    with house_style():
        longest = max(len(lb) for lb in labels)
        fig = new_figure(max(5 * CM, 0.24 * n + 0.05 * longest + 0.4))
        ax = fig.add_subplot()
        shown = np.ma.masked_where(np.eye(n, dtype=bool) | (values == 0), values)
        top = max(int(values.max()), 1)
        # masked cells (none shared, or a sector with itself) are transparent: the grey diagonal shows through
        cmap = sequential_colormap().with_extremes(bad="none")
        shade = mpl.colors.Normalize(vmin=0, vmax=top * 1.1)
        ax.imshow(np.eye(n), cmap=mpl.colors.ListedColormap(["white", "#EBEBEB"]), aspect="equal",
                  interpolation="nearest")  # fmt: skip
        ax.imshow(shown, cmap=cmap, norm=shade, aspect="equal", interpolation="nearest")
        for i in range(n):
            for j in range(n):
                if i != j and values[i, j]:
                    fill = cmap(shade(values[i, j]))
                    ax.text(j, i, format_int(values[i, j], lang), ha="center", va="center", fontsize=SMALL,
                            color=most_contrasting(fill, CHART_PALETTE["label_on_shade"]))  # fmt: skip
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
        fit_height(fig)
        return save_chart(fig, out_dir, name, title, _collaboration_alt(matrix, lang))


def _collaboration_alt(matrix: pd.DataFrame, lang: str) -> str:
    """The number of collaborating pairs, the three closest, and how many sectors shown share nothing."""
    slugs = list(matrix.index)
    pairs = []
    for i in range(len(slugs)):
        for j in range(i + 1, len(slugs)):
            count = int(matrix.iat[i, j])
            if count:
                pairs.append((count, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    closest = [
        (phrase(lang, "alt.collaboration.pair", first=sector_name(slugs[i], lang), second=sector_name(slugs[j], lang)),
         format_int(c, lang))
        for c, i, j in pairs[:3]
    ]  # fmt: skip
    followers = ""
    if len(closest) > 1:
        followers = phrase(lang, "alt.followers", items="; ".join(f"{pair} ({count})" for pair, count in closest[1:]))
    text = phrase_plural(lang, "alt.collaboration", len(pairs), kind=phrase(lang, "kind.heat_map"), pairs=len(pairs),
                      pair=closest[0][0], count=closest[0][1], followers=followers)  # fmt: skip
    apart = int((matrix.sum(axis=1) == 0).sum())
    if apart:
        text += " " + phrase_plural(lang, "alt.collaboration.apart", apart, apart=apart, total=len(slugs))
    return text

"""The charts' colours reach WCAG 2.1's contrast minimums: 3:1 for marks (1.4.11), 4.5:1 for text on them (1.4.3)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from intl_report.charts.choropleth import LAND_BORDER, MAP_OUTLINE, NO_ACTIVITY, class_colours
from intl_report.charts.collaboration import chart_collaboration
from intl_report.charts.contrast import contrast_ratio, most_contrasting, relative_luminance
from intl_report.charts.style import (
    BACKGROUND,
    CHART_PALETTE,
    MUTED,
    PALETTE,
    SEPARATOR,
    SEQUENTIAL,
    sequential_colormap,
)

MARKS = 3.0  # WCAG 2.1 1.4.11, non-text contrast
TEXT = 4.5  # WCAG 2.1 1.4.3, text contrast


def test_the_ratio_is_wcags():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "white") == pytest.approx(4.48, abs=0.01)  # the classic just-too-light grey
    assert contrast_ratio((0.0, 0.4, 0.8, 1.0), "#FFFFFF") == pytest.approx(contrast_ratio("#0066CC", "#FFF"))
    assert relative_luminance("#FF0000") == pytest.approx(0.2126)
    with pytest.raises(ValueError):
        contrast_ratio("#12345", "white")


@pytest.mark.parametrize("colour, ratio", [("#E69F00", 2.25), ("#56B4E9", 2.31), ("#A0A0A0", 2.61),
                                           ("#B7D4EA", 1.54)])  # fmt: skip
def test_the_colours_the_issue_measured_were_below_3_to_1(colour, ratio):
    # the old palette's orange, sky blue, grey and the map's lightest class, as measured in the issue
    assert contrast_ratio(colour, "white") == pytest.approx(ratio, abs=0.01)
    assert colour not in (*PALETTE, MUTED, *SEQUENTIAL)


@pytest.mark.parametrize("colour", [*PALETTE, MUTED])
def test_every_mark_colour_reaches_3_to_1_against_the_page_and_the_separator(colour):
    assert contrast_ratio(colour, BACKGROUND) >= MARKS
    assert contrast_ratio(colour, SEPARATOR) >= MARKS


def test_the_axis_and_text_colours_are_readable():
    assert contrast_ratio(CHART_PALETTE["text"], BACKGROUND) >= TEXT
    assert contrast_ratio(CHART_PALETTE["axis"], BACKGROUND) >= MARKS


@pytest.mark.parametrize("classes", [1, 2, 3, 4, 5, 6])
def test_every_map_class_stands_out_by_its_outline(classes):
    # A light class cannot reach 3:1 against white on its own: its outline does, against the sea and the fill.
    for fill in class_colours(classes):
        assert contrast_ratio(MAP_OUTLINE, fill) >= MARKS, fill
    assert contrast_ratio(MAP_OUTLINE, BACKGROUND) >= MARKS
    # the land without partners is no class: lighter than every one, its borders visible against the sea
    assert all(relative_luminance(NO_ACTIVITY) > relative_luminance(fill) for fill in class_colours(classes))
    assert contrast_ratio(LAND_BORDER, BACKGROUND) >= MARKS


def test_the_classes_get_darker():
    shades = [relative_luminance(colour) for colour in class_colours(5)]
    assert shades == sorted(shades, reverse=True)


def test_a_number_on_any_shade_of_the_heat_map_reaches_4_5_to_1():
    cmap = sequential_colormap()
    for x in np.linspace(0, 1, 101):
        fill = cmap(x)
        label = most_contrasting(fill, CHART_PALETTE["label_on_shade"])
        assert contrast_ratio(label, fill) >= TEXT, (x, label)


def test_the_heat_map_picks_each_label_colour_by_contrast(tmp_path: Path, monkeypatch):
    import intl_report.charts.collaboration as collaboration

    picked = []

    def recording(fill, candidates):
        colour = most_contrasting(fill, candidates)
        picked.append((fill, colour))
        return colour

    monkeypatch.setattr(collaboration, "most_contrasting", recording)
    sectors = ["sport", "gioventu", "urban-center", "servizi-culturali"]
    values = np.array([[0, 1, 5, 9], [1, 0, 2, 3], [5, 2, 0, 7], [9, 3, 7, 0]])
    chart = chart_collaboration(pd.DataFrame(values, index=sectors, columns=sectors), tmp_path, "it")
    assert chart.path.is_file()
    assert len(picked) == np.count_nonzero(values)  # one label per shared count
    assert {colour for _, colour in picked} == {"#000000", "#FFFFFF"}  # light cells black, dark cells white
    for fill, colour in picked:
        assert contrast_ratio(colour, fill) >= TEXT

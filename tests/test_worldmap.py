"""World map: shipped outlines, projections, class breaks, the SVG and its alternative text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from intl_report import charts, stats
from intl_report.charts.choropleth import class_breaks
from intl_report.charts.geo import equal_earth, laea, load_world
from intl_report.charts.worldmap import chart_world_map

from .activities import make_activities

SVG = "{http://www.w3.org/2000/svg}"


def _frame(rows: list[tuple[str, int]]) -> pd.DataFrame:
    return pd.DataFrame({"alpha2": [c for c, _ in rows], "activities": [n for _, n in rows]})


def test_shipped_outlines():
    world = load_world()
    countries = world["countries"]
    assert len(countries) >= 170
    assert {"IT", "FR", "US", "BR", "XK", "SO", "CY"} <= set(countries)
    assert "AQ" not in countries  # Antarctica dropped
    assert "public domain" in world["licence"] and "Natural Earth" in world["source"]
    for rings in countries.values():
        for ring in rings:
            assert ring.ndim == 2 and ring.shape[1] == 2 and len(ring) >= 3
            assert -180 <= ring[:, 0].min() and ring[:, 0].max() <= 180
            # no ring jumps across the antimeridian (it would streak across a flat map)
            assert np.abs(np.diff(ring[:, 0])).max() < 180
    assert {"MT", "VA", "SM"} <= set(world["points"])  # too small at 1:110m: drawn as points
    assert not set(world["points"]) & set(countries)


def test_equal_earth_projection():
    x, y = equal_earth(0, 0)
    assert float(x) == pytest.approx(0) and float(y) == pytest.approx(0)
    lon = np.array([10.0, 45.0, 120.0, 180.0])
    lat = np.array([5.0, 30.0, 60.0, 90.0])
    x1, y1 = equal_earth(lon, lat)
    x2, y2 = equal_earth(-lon, -lat)
    np.testing.assert_allclose(x1, -x2)
    np.testing.assert_allclose(y1, -y2)
    x3, y3 = equal_earth(-lon, lat)
    np.testing.assert_allclose(x3, -x1)
    np.testing.assert_allclose(y3, y1)
    # reference values of the published projection (unit sphere): x(180°, 0) = 2.7066, y(90°) = 1.3173
    assert float(equal_earth(180, 0)[0]) == pytest.approx(2.7066, abs=1e-4)
    assert float(equal_earth(0, 90)[1]) == pytest.approx(1.3173, abs=1e-4)
    x0, y0 = laea(10, 52)
    assert float(x0) == pytest.approx(0) and float(y0) == pytest.approx(0)


def test_class_breaks_are_round_numbers():
    # the bundled 2025 sample data
    counts = [
        int(n)
        for n in "94 67 66 47 45 41 34 30 30 27 25 24 24 23 21 18 18 18 17 16 14 14 14 11 11 11 9 9 9 8 7 7 7 5 5 5 5 4 4 4 4 3 3 3 2 2 2 2 2 2 1 1 1 1 1 1 1 1".split()
    ]
    assert class_breaks(counts) == [1, 2, 5, 10, 25]  # 1, 2–4, 5–9, 10–24, 25+
    skewed = [1] * 14 + [2] * 7 + [3] * 6 + [4] * 3 + [5, 6, 6, 6, 6, 8, 16, 17, 20, 58]
    bounds = class_breaks(skewed)
    assert bounds[0] == 1 and bounds == sorted(set(bounds)) and len(bounds) == 5
    assert set(bounds) <= {1, 2, 3, 5, 10, 15, 20, 25, 30, 50}
    assert class_breaks([1, 1, 1]) == [1]
    assert class_breaks([1, 2]) == [1, 2]


def test_world_map_svg_and_alt(tmp_path):
    df = _frame([("FR", 94), ("DE", 67), ("ES", 66), ("BE", 47), ("NL", 45), ("MT", 14), ("US", 8), ("BR", 5),
                 ("JP", 9), ("SN", 4), ("VA", 1)])  # fmt: skip
    chart = chart_world_map(df, tmp_path, year=2025)
    assert chart.name == "world_map" and chart.title == "Paesi partner nel mondo"
    assert chart.path == tmp_path / "world_map.svg" and chart.path.stat().st_size > 10_000
    assert not chart.path.with_name("world_map.svg.tmp").exists()
    root = ET.parse(chart.path).getroot()
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title").text == chart.title
    assert root.find(f".//{SVG}text") is None  # text as paths, like every chart
    assert "Le attività del 2025 hanno coinvolto partner di 11 Paesi in 4 continenti" in chart.alt
    assert "Francia (94)" in chart.alt and "Paesi Bassi (45)" in chart.alt
    assert "Malta (14)" not in chart.alt.split("Paesi troppo piccoli")[0]  # top 5 only
    # not drawable at 1:110m: still counted, and named with its count
    assert (
        "Paesi troppo piccoli per la scala della mappa, indicati con un cerchio: Malta (14) e Santa Sede (1)."
        in chart.alt
    )
    before = chart.path.read_bytes()
    assert chart_world_map(df, tmp_path, year=2025).path.read_bytes() == before  # deterministic


def test_world_map_english_and_invisible_country(tmp_path):
    # "TV" (Tuvalu) exists neither as an outline nor as a point: listed as not visible
    chart = chart_world_map(_frame([("US", 3), ("TV", 2), ("IT", 1)]), tmp_path, lang="en")
    assert chart.title == "Partner countries worldwide"
    assert "partners from 3 countries" in chart.alt
    assert "The countries with the most activities are United States (3), Tuvalu (2) and Italy (1)." in chart.alt
    assert "Not visible at the map's scale: Tuvalu (2)." in chart.alt


def test_world_map_without_data(tmp_path):
    with pytest.raises(ValueError, match="no data"):
        chart_world_map(_frame([]), tmp_path)
    with pytest.raises(ValueError, match="no data"):
        chart_world_map(_frame([("FR", 0)]), tmp_path)


def test_make_all_charts_draws_the_map_after_the_countries(tmp_path):
    acts = make_activities()
    assert not stats.by_country(stats.dedupe_joint(acts)).empty
    names = [c.name for c in charts.make_all_charts(acts, 2025, tmp_path)]
    assert names[names.index("top_countries") + 1] == "world_map"
    assert "world_map" not in [c.name for c in charts.make_all_charts(acts.iloc[0:0], 2025, tmp_path / "empty")]

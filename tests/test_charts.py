"""Charts: every chart drawn and indexed, SVG files that parse and are deterministic, the cache of drawn charts."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

from intl_report import charts, stats
from intl_report.charts.bars import chart_by_sector

from .activities import CP, make_activities

SVG = "{http://www.w3.org/2000/svg}"


def check_svg(chart: charts.Chart) -> ET.Element:
    """Assert what every chart's SVG must be (used by every chart test module); returns its root element."""
    assert chart.path.name == f"{chart.name}.svg"
    assert chart.path.exists() and chart.path.stat().st_size > 1000
    assert not chart.path.with_name(chart.path.name + ".tmp").exists()
    assert not [p.name for p in chart.path.parent.glob(f".{chart.path.name}.*")]  # no temporary file left
    root = ET.parse(chart.path).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == chart.title  # the SVG names itself for screen readers
    assert root.find(f".//{SVG}text") is None  # text as paths: renders identically anywhere
    return root


def test_svg_is_deterministic(tmp_path):
    table = stats.by_sector(make_activities())
    first = chart_by_sector(table, tmp_path / "a").path.read_bytes()
    second = chart_by_sector(table, tmp_path / "b").path.read_bytes()
    assert first == second
    assert b"<dc:date>" not in first


def test_importing_the_charts_does_not_import_matplotlib():
    # The warm workers preload intl_report.charts; matplotlib is paid for only when a chart is drawn.
    code = "import sys, intl_report.charts; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_make_all_charts_and_index(tmp_path):
    acts = make_activities()
    drawn = charts.make_all_charts(acts, 2025, tmp_path, previous_years={2024: acts.iloc[:3]})
    names = [c.name for c in drawn]
    assert names == ["by_sector", "collaboration", "by_type", "by_status", "by_role", "by_funding_source",
                     "funding_by_network", "by_continent", "top_countries", "world_map", "timeline", "trend"]  # fmt: skip
    for chart in drawn:
        check_svg(chart)
    charts.write_chart_index(drawn, tmp_path / "charts.json")
    index = json.loads((tmp_path / "charts.json").read_text("utf-8"))
    assert index[0] == {"name": "by_sector", "file": "by_sector.svg", "title": drawn[0].title, "alt": drawn[0].alt}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".chart-cache.json"]
    assert "trend" not in [c.name for c in charts.make_all_charts(acts, 2025, tmp_path / "en", lang="en")]


def test_make_all_charts_skips_empty(tmp_path):
    assert charts.make_all_charts(make_activities().iloc[0:0], 2025, tmp_path) == []
    no_money = make_activities().assign(eu_contribution=float("nan"), other_sectors=[[]] * 8)
    no_money = no_money[no_money["sector"] != CP]
    names = [c.name for c in charts.make_all_charts(no_money, 2025, tmp_path)]
    assert "funding_by_network" not in names and "collaboration" not in names


def test_charts_whose_data_did_not_change_are_reused_not_redrawn(tmp_path):
    acts = make_activities()
    first = charts.make_all_charts(acts, 2025, tmp_path)
    stamps = {c.name: c.path.stat().st_mtime_ns for c in first}
    renamed = acts.copy()
    renamed.loc[0, "description"] = "Una descrizione corretta"  # changes no statistic
    second = charts.make_all_charts(renamed, 2025, tmp_path)
    assert [c.name for c in second] == [c.name for c in first]
    assert {c.name: c.path.stat().st_mtime_ns for c in second} == stamps
    assert [c.alt for c in second] == [c.alt for c in first]
    english = charts.make_all_charts(acts, 2025, tmp_path / "en", lang="en")
    assert english[0].title != first[0].title


def test_a_chart_is_redrawn_when_its_data_change(tmp_path):
    acts = make_activities()
    first = {c.name: c for c in charts.make_all_charts(acts, 2025, tmp_path)}
    fewer = acts.iloc[1:].reset_index(drop=True)
    second = {c.name: c for c in charts.make_all_charts(fewer, 2025, tmp_path)}
    assert second["by_sector"].alt != first["by_sector"].alt or second["by_type"].alt != first["by_type"].alt

"""Charts: SVG files that parse, are deterministic and carry alternative texts written from the data."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from intl_report import charts, stats

from .test_stats import AV, CP, RI, make_activities

SVG = "{http://www.w3.org/2000/svg}"


def _check_svg(chart: charts.Chart) -> ET.Element:
    assert chart.path.name == f"{chart.name}.svg"
    assert chart.path.exists() and chart.path.stat().st_size > 1000
    assert not chart.path.with_name(chart.path.name + ".tmp").exists()
    root = ET.parse(chart.path).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == chart.title  # the SVG names itself for screen readers
    assert root.find(f".//{SVG}text") is None  # text as paths: renders identically anywhere
    return root


def test_by_sector_chart(tmp_path):
    chart = charts.chart_by_sector(stats.by_sector(make_activities()), tmp_path)
    _check_svg(chart)
    assert chart.title == "Attività per settore"
    # RI and CP have 3 activities each
    assert "Settore Relazioni Internazionali (3)" in chart.alt
    assert "a pari merito" in chart.alt
    assert "Divisione Ambiente e Verde (2)" in chart.alt
    assert "13 settori su 16 non hanno attività" in chart.alt


def test_by_sector_chart_english(tmp_path):
    chart = charts.chart_by_sector(stats.by_sector(make_activities().iloc[[0, 3, 7]]), tmp_path, lang="en")
    assert chart.title == "Activities by sector"
    assert chart.alt.startswith("Horizontal bar chart: activities by sector. The sector with the most activities is "
                                "International Relations Department (2), followed by Environment and Green Spaces "
                                "Division (1).")  # fmt: skip


def test_code_charts(tmp_path):
    acts = make_activities()
    status = charts.chart_by_status(stats.by_code(acts, "status"), tmp_path)
    _check_svg(status)
    assert "«in corso» (3)" in status.alt
    assert "Per 1 attività su 7 lo stato non è indicato." in status.alt
    kinds = charts.chart_by_type(stats.by_code(acts, "type"), tmp_path, lang="en")
    _check_svg(kinds)
    assert "The most frequent type is “EU project (direct management)” (2)" in kinds.alt
    role = charts.chart_by_role(stats.by_code(acts, "city_role"), tmp_path)
    assert "«capofila» (2)" in role.alt


def test_country_and_continent_charts(tmp_path):
    acts = make_activities()
    countries = charts.chart_top_countries(stats.by_country(acts), tmp_path, top=5)
    _check_svg(countries)
    assert "Germania (2)" in countries.alt and "Il grafico mostra 5 dei 7 Paesi partner." in countries.alt
    continents = charts.chart_by_continent(stats.by_continent(acts), tmp_path, lang="en")
    _check_svg(continents)
    assert "Europe (3)" in continents.alt


def test_funding_chart_in_euro(tmp_path):
    chart = charts.chart_funding_by_network(stats.by_network(make_activities()), tmp_path)
    _check_svg(chart)
    assert "LIFE (250.000 €)" in chart.alt and "Horizon Europe (100.000 €)" in chart.alt
    en = charts.chart_funding_by_network(stats.by_network(make_activities()), tmp_path, lang="en")
    assert "LIFE (€250,000)" in en.alt and "€350,000" in en.alt


def test_timeline_chart(tmp_path):
    chart = charts.chart_timeline(stats.timeline(make_activities(), 2025), tmp_path, 2025)
    _check_svg(chart)
    assert chart.title == "Attività nel corso del 2025"
    assert "marzo (5)" in chart.alt and "avviate 5 attività" in chart.alt


def test_collaboration_chart(tmp_path):
    matrix = stats.collaboration_matrix(make_activities())
    chart = charts.chart_collaboration(matrix, tmp_path)
    _check_svg(chart)
    assert "Settore Relazioni Internazionali e Settore Cooperazione internazionale e Pace (2)" in chart.alt
    assert list(matrix.index) == [RI, CP, AV]


def test_trend_chart(tmp_path):
    acts = make_activities()
    chart = charts.chart_trend(stats.trend({2024: acts.iloc[:3], 2025: acts}), tmp_path, lang="en")
    _check_svg(chart)
    assert "Activities: 2 in 2024, 7 in 2025 (+250%)" in chart.alt


def test_chart_without_data_is_refused(tmp_path):
    with pytest.raises(ValueError):
        charts.chart_by_sector(stats.by_sector(make_activities().iloc[0:0]), tmp_path)


def test_svg_is_deterministic(tmp_path):
    table = stats.by_sector(make_activities())
    first = charts.chart_by_sector(table, tmp_path / "a").path.read_bytes()
    second = charts.chart_by_sector(table, tmp_path / "b").path.read_bytes()
    assert first == second
    assert b"<dc:date>" not in first


def test_sector_names_shortened():
    assert charts.short_sector_name("sport") == "Sport"
    assert charts.short_sector_name("polizia-municipale") == "Polizia Municipale"
    assert charts.short_sector_name("comunicazione-promozione") == "Comunicazione, Olimpiadi, Promozione"
    assert charts.short_sector_name("relazioni-internazionali", "en") == "International Relations"


def test_make_all_charts_and_index(tmp_path):
    acts = make_activities()
    drawn = charts.make_all_charts(acts, 2025, tmp_path, previous_years={2024: acts.iloc[:3]})
    names = [c.name for c in drawn]
    assert names == ["by_sector", "collaboration", "by_type", "by_status", "by_role", "by_funding_source",
                     "funding_by_network", "by_continent", "top_countries", "world_map", "timeline", "trend"]  # fmt: skip
    for chart in drawn:
        _check_svg(chart)
    charts.write_chart_index(drawn, tmp_path / "charts.json")
    index = json.loads((tmp_path / "charts.json").read_text("utf-8"))
    assert index[0] == {"name": "by_sector", "file": "by_sector.svg", "title": drawn[0].title, "alt": drawn[0].alt}
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

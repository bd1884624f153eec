"""Horizontal-bar rankings: by sector, by code, by continent and country, EU contribution by network."""

from __future__ import annotations

import pytest

from intl_report import stats
from intl_report.charts.bars import (
    chart_by_continent,
    chart_by_role,
    chart_by_sector,
    chart_by_status,
    chart_by_type,
    chart_funding_by_network,
    chart_top_countries,
)

from .test_charts import check_svg
from .activities import make_activities


def test_by_sector_chart(tmp_path):
    chart = chart_by_sector(stats.by_sector(make_activities()), tmp_path)
    check_svg(chart)
    assert chart.title == "Attività per settore"
    # RI and CP have 3 activities each
    assert "Settore Relazioni Internazionali (3)" in chart.alt
    assert "a pari merito" in chart.alt
    assert "Divisione Ambiente e Verde (2)" in chart.alt
    assert "13 settori su 16 non hanno attività" in chart.alt


def test_by_sector_chart_english(tmp_path):
    chart = chart_by_sector(stats.by_sector(make_activities().iloc[[0, 3, 7]]), tmp_path, lang="en")
    assert chart.title == "Activities by sector"
    assert chart.alt.startswith("Horizontal bar chart: activities by sector. The sector with the most activities is "
                                "International Relations Department (2), followed by Environment and Green Spaces "
                                "Division (1).")  # fmt: skip


def test_code_charts(tmp_path):
    acts = make_activities()
    status = chart_by_status(stats.by_code(acts, "status"), tmp_path)
    check_svg(status)
    assert "«in corso» (3)" in status.alt
    assert "Per 1 attività su 7 lo stato non è indicato." in status.alt
    kinds = chart_by_type(stats.by_code(acts, "type"), tmp_path, lang="en")
    check_svg(kinds)
    assert "The most frequent type is “EU project (direct management)” (2)" in kinds.alt
    role = chart_by_role(stats.by_code(acts, "city_role"), tmp_path)
    assert "«capofila» (2)" in role.alt


def test_country_and_continent_charts(tmp_path):
    acts = make_activities()
    countries = chart_top_countries(stats.by_country(acts), tmp_path, top=5)
    check_svg(countries)
    assert "Germania (2)" in countries.alt and "Il grafico mostra 5 dei 7 Paesi partner." in countries.alt
    continents = chart_by_continent(stats.by_continent(acts), tmp_path, lang="en")
    check_svg(continents)
    assert "Europe (3)" in continents.alt


def test_funding_chart_in_euro(tmp_path):
    chart = chart_funding_by_network(stats.by_network(make_activities()), tmp_path)
    check_svg(chart)
    assert "LIFE (250.000 €)" in chart.alt and "Horizon Europe (100.000 €)" in chart.alt
    en = chart_funding_by_network(stats.by_network(make_activities()), tmp_path, lang="en")
    assert "LIFE (€250,000)" in en.alt and "€350,000" in en.alt


def test_chart_without_data_is_refused(tmp_path):
    with pytest.raises(ValueError):
        chart_by_sector(stats.by_sector(make_activities().iloc[0:0]), tmp_path)

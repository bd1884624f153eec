"""The heat map of collaboration between sectors."""

from __future__ import annotations

from intl_report import stats
from intl_report.charts.collaboration import chart_collaboration

from .test_charts import check_svg
from .activities import AV, CP, RI, make_activities


def test_collaboration_chart(tmp_path):
    matrix = stats.collaboration_matrix(make_activities())
    chart = chart_collaboration(matrix, tmp_path)
    check_svg(chart)
    assert "Settore Relazioni Internazionali e Settore Cooperazione internazionale e Pace (2)" in chart.alt
    assert list(matrix.index) == [RI, CP, AV]


def test_one_pair_of_sectors_reads_as_one_pair_in_english(tmp_path):
    acts = make_activities()
    pair = acts[acts["title"] == "Progetto Alfa"]  # reported by RI alone, naming CP: one pair
    chart = chart_collaboration(stats.collaboration_matrix(pair), tmp_path, lang="en")
    assert "Only one pair of sectors works together" in chart.alt and "1 pairs" not in chart.alt

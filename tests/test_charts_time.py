"""Charts over time: the year month by month and the trend over the years."""

from __future__ import annotations

from intl_report import stats
from intl_report.charts.time import chart_timeline, chart_trend

from .test_charts import check_svg
from .test_stats import make_activities


def test_timeline_chart(tmp_path):
    chart = chart_timeline(stats.timeline(make_activities(), 2025), tmp_path, 2025)
    check_svg(chart)
    assert chart.title == "Attività nel corso del 2025"
    assert "marzo (5)" in chart.alt and "avviate 5 attività" in chart.alt


def test_trend_chart(tmp_path):
    acts = make_activities()
    chart = chart_trend(stats.trend({2024: acts.iloc[:3], 2025: acts}), tmp_path, lang="en")
    check_svg(chart)
    assert "Activities: 2 in 2024, 7 in 2025 (+250%)" in chart.alt

"""Charts over time: the year month by month and the trend over the years."""

from __future__ import annotations

from intl_report import stats
from intl_report.charts.time import chart_timeline, chart_trend

from .test_charts import check_svg
from .activities import make_activities


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


def test_the_timeline_names_its_months_as_italian_writes_them(tmp_path):
    chart = chart_timeline(stats.timeline(make_activities(), 2025), tmp_path, 2025)
    assert "più numerose nel mese di " in chart.alt and " a aprile" not in chart.alt


def test_a_year_as_busy_in_every_month_names_no_busiest_month(tmp_path):
    acts = make_activities()
    always = acts[(acts["start_date"] <= "2025-01-01") & (acts["end_date"].isna() | (acts["end_date"] >= "2025-12-31"))]
    chart = chart_timeline(stats.timeline(always, 2025), tmp_path, 2025, lang="en")
    assert f"{len(always)} activities were under way in every month" in chart.alt
    assert "fewest" not in chart.alt

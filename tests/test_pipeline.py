"""The pipeline's steps, one function each: a sector's cleaning and the cross-sector step."""

import json

from intl_report import pipeline
from intl_report.layout import YearLayout

from .conftest import activity, write_workbook


def test_clean_sector_writes_the_clean_table_rejected_rows_and_summary(tmp_path):
    write_workbook(tmp_path / "raw" / "2025" / "sport.xlsx", [activity(), activity(Titolo="B", Tipologia="workshop")])
    result = pipeline.clean_sector("sport", 2025, raw_dir=tmp_path / "raw", processed_dir=tmp_path / "processed")
    layout = YearLayout.of(2025, tmp_path / "raw", tmp_path / "processed")
    assert len(result.clean) == 1
    written = json.loads(layout.summary("sport").read_text())
    assert (written["rows_read"], written["rows_kept"], written["rows_rejected"]) == (2, 1, 1)
    assert "workshop" in layout.rejected_table("sport").read_text()
    assert layout.clean_table("sport").exists()


def test_a_sector_without_a_workbook_is_recorded_as_missing_not_raised(tmp_path):
    (tmp_path / "raw" / "2025").mkdir(parents=True)
    result = pipeline.clean_sector("sport", 2025, raw_dir=tmp_path / "raw", processed_dir=tmp_path / "processed")
    assert result.status == "missing" and result.rows_read == 0


def test_the_cross_sector_step_draws_every_editions_charts_so_none_is_stale(tmp_path):
    """After a data change an English report tells the new story in its charts too, not last run's."""
    import json

    from intl_report import report_content

    from .conftest import activity, write_workbook

    raw, processed = tmp_path / "raw", tmp_path / "processed"
    write_workbook(raw / "2025" / "sport.xlsx", [activity(Titolo="Torneo giovanile")])
    pipeline.clean_sector("sport", 2025, raw, processed)
    pipeline.cross_sector(2025, processed)
    english = report_content.load_context(2025, "en", processed)
    before = {chart["name"]: chart["alt"] for chart in english.charts}

    write_workbook(raw / "2025" / "sport.xlsx", [activity(Titolo=f"Torneo giovanile n. {n}") for n in range(7)])
    pipeline.clean_sector("sport", 2025, raw, processed)
    pipeline.cross_sector(2025, processed)  # the cross-sector step knows no language: it draws both
    for lang in ("it", "en"):
        charts = json.loads((processed / "2025" / "charts" / lang / "charts.json").read_text())
        by_sector = next(chart for chart in charts if chart["name"] == "by_sector")
        assert "7" in by_sector["alt"], lang
    after = {chart["name"]: chart["alt"] for chart in report_content.load_context(2025, "en", processed).charts}
    assert after["by_sector"] != before["by_sector"]


def test_the_cross_sector_step_before_any_cleaning_says_what_to_run_first(tmp_path):
    import pytest

    with pytest.raises(FileNotFoundError, match="10-clean-sector.ipynb"):
        pipeline.cross_sector(2025, tmp_path / "processed")
    assert not (tmp_path / "processed" / "2025" / "activities.parquet").exists()

import json

from intl_report import pipeline
from intl_report.layout import YearLayout, completeness, find_workbook, unrecognised_workbooks

from .conftest import activity, write_workbook


def summary(sector, status="ok", rejected=0, problems=()):
    return {"sector": sector, "status": status, "file": f"{sector}.xlsx", "rows_read": 3, "rows_kept": 3 - rejected,
            "rows_rejected": rejected, "problems": list(problems)}


def test_completeness_names_missing_unreadable_and_rejected_in_the_reports_language():
    summaries = [summary("sport"), summary("gioventu", "missing"), summary("tempi-orari", rejected=2),
                 summary("urban-center", "unreadable", problems=[{"message": "il file è danneggiato"}])]
    assert completeness(summaries) == [
        "Settore Gioventù: nessun file ricevuto",
        "Settore Tempi e Orari: 2 righe scartate per errori nei dati",
        "Settore Urban Center: file non leggibile (urban-center.xlsx: il file è danneggiato)",
    ]
    english = completeness(summaries, "en")
    assert english[0] == "Youth Department: no file received"
    assert english[1] == "Urban Time Policies Department: 2 rows rejected for data errors"


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


def test_a_sector_left_out_of_the_run_is_not_reported_as_missing_its_file():
    summaries = [summary("sport", "not_processed")]
    assert completeness(summaries) == ["Settore Sport: dati non elaborati in questa esecuzione"]


def test_a_workbook_named_after_the_sector_as_people_write_it_is_found(tmp_path):
    write_workbook(tmp_path / "raw" / "2025" / "Settore Sport.xlsx", [activity()])
    layout = YearLayout.of(2025, tmp_path / "raw", tmp_path / "processed")
    assert find_workbook(layout, "sport").name == "Settore Sport.xlsx"
    assert unrecognised_workbooks(layout) == []


def test_a_workbook_of_no_sector_is_reported_not_silently_ignored(tmp_path, capsys):
    from intl_report.cli import main

    write_workbook(tmp_path / "raw" / "2025" / "attivita varie.xlsx", [activity()])
    write_workbook(tmp_path / "raw" / "2025" / "sport.xlsx", [activity()])
    status = main(["run", "--year", "2025", "--sector", "sport", "--raw-dir", str(tmp_path / "raw"),
                   "--processed-dir", str(tmp_path / "processed"), "--output-dir", str(tmp_path / "out")])
    assert status == 3  # the other sectors were not processed
    err = capsys.readouterr().err
    assert "File non riconosciuto, non letto: attivita varie.xlsx" in err
    manifest = json.loads((tmp_path / "out" / "2025" / "rapporto-internazionalizzazione-2025.manifest.json").read_text())
    assert manifest["unrecognised_inputs"] == ["attivita varie.xlsx"]


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


def test_the_report_reads_the_charts_and_says_what_to_run_when_they_are_missing(tmp_path):
    import pytest

    from intl_report import report_content

    from .conftest import activity, write_workbook

    raw, processed = tmp_path / "raw", tmp_path / "processed"
    write_workbook(raw / "2025" / "sport.xlsx", [activity()])
    pipeline.clean_sector("sport", 2025, raw, processed)
    pipeline.cross_sector(2025, processed)
    (processed / "2025" / "charts" / "en" / "charts.json").unlink()
    with pytest.raises(FileNotFoundError, match="passo trasversale"):
        report_content.load_context(2025, "en", processed)


def test_the_cross_sector_step_before_any_cleaning_says_what_to_run_first(tmp_path):
    import pytest

    with pytest.raises(FileNotFoundError, match="10-clean-sector.ipynb"):
        pipeline.cross_sector(2025, tmp_path / "processed")
    assert not (tmp_path / "processed" / "2025" / "activities.parquet").exists()

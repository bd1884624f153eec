"""Where a year's files are, which workbook is whose, and what keeps the year's data from being complete."""

from intl_report.layout import YearLayout, companion_name, completeness, find_workbook, unrecognised_workbooks

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


def test_a_sector_left_out_of_the_run_is_not_reported_as_missing_its_file():
    summaries = [summary("sport", "not_processed")]
    assert completeness(summaries) == ["Settore Sport: dati non elaborati in questa esecuzione"]


def test_a_workbook_named_after_the_sector_as_people_write_it_is_found(tmp_path):
    write_workbook(tmp_path / "raw" / "2025" / "Settore Sport.xlsx", [activity()])
    layout = YearLayout.of(2025, tmp_path / "raw", tmp_path / "processed")
    assert find_workbook(layout, "sport").name == "Settore Sport.xlsx"
    assert unrecognised_workbooks(layout) == []


def test_companion_name_is_one_for_both_editions():
    assert companion_name(2025) == "rapporto-internazionalizzazione-2025-attivita.csv"

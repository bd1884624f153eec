"""Where a year's files are, which workbook is whose, and what keeps the year's data from being complete."""

from intl_report.layout import companion_name, completeness




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


def test_companion_name_is_one_for_both_editions():
    assert companion_name(2025) == "rapporto-internazionalizzazione-2025-attivita.csv"

import datetime as dt

import pandas as pd

from intl_report.cleaning import clean_table
from intl_report.reading import read_workbook

from .conftest import activity


def clean(path, sector="relazioni-internazionali"):
    return clean_table(read_workbook(path), sector, 2025)


def test_a_messy_but_valid_row_is_normalised(make_workbook):
    result = clean(make_workbook([activity(**{"Data fine": "3 febbraio 2026", "Altri settori coinvolti": "Settore Gioventù"})]))
    assert result.rejected.empty
    row = result.clean.iloc[0]
    assert row["type"] == "rete_tematica"
    assert row["status"] == "in_corso"
    assert row["start_date"] == pd.Timestamp(2025, 2, 3)
    assert row["end_date"] == pd.Timestamp(2026, 2, 3)
    assert row["partner_countries"] == ["DE", "FR"]
    assert row["partner_continents"] == ["Europe"]
    assert row["network"] == "Eurocities"
    assert row["total_budget"] == 12500.0
    assert row["sdgs"] == [11, 13]
    assert row["other_sectors"] == ["gioventu"]
    assert row["source_row"] == 3
    assert row["activity_id"].startswith("RELINT-2025-")


def test_every_row_is_kept_or_rejected_with_its_reasons(make_workbook):
    rows = [
        activity(),
        activity(Titolo=None),
        activity(Titolo="Date al contrario", **{"Data fine": dt.datetime(2024, 1, 1)}),
        activity(Titolo="Tipo ignoto", Tipologia="workshop"),
        activity(Titolo="Paese ignoto", **{"Paesi partner": "Germnia"}),
    ]
    result = clean(make_workbook(rows))
    assert result.rows_read == 5
    assert len(result.clean) == 1
    reasons = dict(zip(result.rejected["source_row"], result.rejected["reasons"], strict=True))
    assert "Titolo: campo obbligatorio vuoto" in reasons[4]
    assert "precedente alla data di inizio" in reasons[5]
    assert "Tipologia" in reasons[6]
    assert "Germania" in reasons[7]  # the closest match is suggested


def test_the_same_activity_entered_twice_is_flagged_and_counted_once(make_workbook):
    result = clean(make_workbook([activity(), activity()]))
    assert len(result.clean) == 1
    assert "duplicata" in result.rejected.iloc[0]["reasons"]
    assert "riga 3" in result.rejected.iloc[0]["reasons"]


def test_problems_name_file_sheet_excel_row_and_header_as_written(make_workbook):
    result = clean(make_workbook([activity(Tipologia="workshop")]))
    problem = next(p for p in result.problems if p.severity == "error")
    assert (problem.file, problem.sheet, problem.row, problem.column, problem.value) == (
        "relazioni-internazionali.xlsx", "Attività", 3, "Tipologia", "workshop")


def test_rejected_rows_never_carry_the_referent(make_workbook):
    result = clean(make_workbook([activity(Tipologia="workshop")]))
    assert result.rejected.iloc[0]["Referente"] is None


def test_generated_activity_ids_are_stable_when_rows_move(make_workbook, tmp_path):
    one = clean(make_workbook([activity(), activity(Titolo="B")], name="a.xlsx"))
    two = clean(make_workbook([activity(Titolo="B"), activity()], name="b.xlsx"))
    assert set(one.clean["activity_id"]) == set(two.clean["activity_id"])


def test_network_spellings_are_normalised_and_unknown_networks_kept_as_written():
    from intl_report.cleaning import normalise_network

    assert normalise_network(" erasmus plus ") == "Erasmus+"
    assert normalise_network("Rete Eurocities") == "Eurocities"
    assert normalise_network("Interreg Italia-Francia ALCOTRA") == "Interreg ALCOTRA"
    assert normalise_network("Rete europea delle politiche temporali") == "Rete europea delle politiche temporali"


def test_an_approximate_amount_is_kept_with_a_warning_that_names_the_value_read(make_workbook):
    result = clean(make_workbook([activity(**{"Budget totale (€)": "circa 10.000 euro"})]))
    assert result.rejected.empty and result.clean["total_budget"].tolist() == [10000.0]
    [warning] = [p for p in result.problems if p.severity == "warning"]
    assert (warning.row, warning.column, warning.value) == (3, "Budget totale (€)", "circa 10.000 euro")
    assert warning.message == ("«circa 10.000 euro» letto come 10.000,00 € (importo approssimativo): "
                               "indicare l'importo esatto, se noto")


def test_an_amount_range_rejects_its_row_asking_for_one_amount(make_workbook):
    result = clean(make_workbook([activity(), activity(Titolo="Forchetta", **{"Budget totale (€)": "10-12.000"})]))
    assert result.rows_read == 2 and result.clean["title"].tolist() == ["Eurocities Social Affairs Forum 2025"]
    [(row, reasons)] = zip(result.rejected["source_row"], result.rejected["reasons"], strict=True)
    assert row == 4
    assert reasons.startswith("Budget totale (€): «10-12.000» è un intervallo, non un importo: "
                              "scrivere un solo importo")


def test_messages_are_in_english_with_intl_report_language_en_and_italian_again_without(make_workbook, monkeypatch):
    rows = [activity(Titolo=None), activity(Titolo="Stima", **{"Budget totale (€)": "circa 10.000 euro"})]
    path = make_workbook(rows)
    italian = clean(path)  # parsed first in Italian: the cache of parsed values must not answer in Italian below
    monkeypatch.setenv("INTL_REPORT_LANGUAGE", "en")
    english = clean(path)
    assert english.rejected["reasons"].tolist() == [
        "Titolo: required field is empty: fill it in (the row is not counted until it is)"]
    warning = next(p for p in english.problems if p.severity == "warning")
    assert warning.message == ("“circa 10.000 euro” read as €10,000.00 (approximate amount): "
                               "give the exact amount, if known")
    assert warning.sentence() == (
        "WARNING – relazioni-internazionali.xlsx, sheet “Attività”, row 4, column “Budget totale (€)”: "
        "“circa 10.000 euro” read as €10,000.00 (approximate amount): give the exact amount, if known "
        "(value found: “circa 10.000 euro”)")
    monkeypatch.delenv("INTL_REPORT_LANGUAGE")
    assert italian.rejected["reasons"].tolist() == clean(path).rejected["reasons"].tolist() == [
        "Titolo: campo obbligatorio vuoto: compilarlo (la riga non è conteggiata finché manca)"]
    assert next(p for p in clean(path).problems if p.severity == "warning").sentence() == (
        "AVVISO – relazioni-internazionali.xlsx, foglio «Attività», riga 4, colonna «Budget totale (€)»: "
        "«circa 10.000 euro» letto come 10.000,00 € (importo approssimativo): indicare l'importo esatto, se noto "
        "(valore trovato: «circa 10.000 euro»)")

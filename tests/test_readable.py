"""Statistics tables as an analyst reads them: labels, names instead of codes, formatted numbers."""

from __future__ import annotations

import pandas as pd

from intl_report import readable


def test_codes_become_names_and_numbers_read_as_in_the_report():
    table = pd.DataFrame({"sector": ["sport", "gioventu"], "activities": [12, 3],
                          "eu_contribution": [1234567.4, None], "alpha2": ["FR", "DE"]})
    shown = readable.table(table)
    assert list(shown.columns) == ["Settore", "Attività", "Contributo UE", "Paese"]
    assert shown.iloc[0].tolist() == ["Settore Sport", "12", "1.234.567 €", "Francia"]
    assert shown.iloc[1]["Contributo UE"] == ""
    english = readable.table(table, "en")
    assert english.iloc[0]["Country"] == "France" and english.iloc[0]["EU contribution"] == "€1,234,567"


def test_a_matrix_of_sectors_gets_their_names_on_both_axes():
    matrix = pd.DataFrame([[0, 2], [2, 0]], index=["sport", "gioventu"], columns=["sport", "gioventu"])
    shown = readable.table(matrix)
    assert list(shown.index) == list(shown.columns) == ["Settore Sport", "Settore Gioventù"]
    assert shown.loc["Settore Sport", "Settore Gioventù"] == "2"

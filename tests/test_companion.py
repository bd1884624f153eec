"""Every activity as open data: the CSV published with the PDF (the ``processed`` fixture is in conftest.py)."""

from __future__ import annotations

import pandas as pd

from intl_report import companion, pipeline
from intl_report.layout import YearLayout


def test_the_csv_lists_every_activity_readably_without_personal_data(processed):
    layout = YearLayout.of(2025, None, processed)
    table = pd.read_csv(layout.activities_csv, sep=companion.SEPARATOR, encoding=companion.ENCODING)
    assert len(table) == len(pipeline.load_activities(2025, processed)) == 4
    assert "Referente" not in table.columns and "Mario Rossi" not in layout.activities_csv.read_text("utf-8-sig")
    row = table[table["Titolo"] == "Torneo internazionale giovanile"].iloc[0]
    assert row["Settore"] == "Settore Sport"
    assert row["Tipologia"] == "evento internazionale"  # the label, not the code
    assert row["Paesi partner"] == "Francia"  # the name, not FR
    assert row["Data inizio"] == "2025-02-03" and row["Budget totale (€)"] == 50000
    assert table.loc[table["Titolo"] == "Scambio giovani con Colonia", "Città ed enti partner"].item() == "Lione; Colonia"
    assert layout.activities_csv.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the accents

"""Every activity as open data (the CSV published with the PDF) and the compact report above the listing limit."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from intl_report import companion, pipeline, report_content
from intl_report.layout import YearLayout, companion_name

from .conftest import activity, write_workbook


@pytest.fixture
def processed(tmp_path):
    """Two sectors' activities, cleaned and combined (the cross-sector step)."""
    raw = tmp_path / "raw" / "2025"
    write_workbook(raw / "sport.xlsx", [
        activity(Titolo="Torneo internazionale giovanile", Tipologia="evento internazionale",
                 **{"Budget totale (€)": "€ 50.000,00", "Paesi partner": "Francia"}),
        activity(Titolo="Gemellaggio sportivo con Lione", Tipologia="gemellaggio",
                 **{"Budget totale (€)": "€ 8.000,00", "Data inizio": dt.datetime(2025, 5, 1)}),
        activity(Titolo="Rete città europee dello sport", **{"Budget totale (€)": None}),
    ])
    write_workbook(raw / "gioventu.xlsx", [activity(Titolo="Scambio giovani con Colonia")])
    for sector in ("sport", "gioventu"):
        pipeline.clean_sector(sector, 2025, tmp_path / "raw", tmp_path / "processed")
    pipeline.cross_sector(2025, tmp_path / "processed")
    return tmp_path / "processed"


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


def test_below_the_limit_each_activity_has_its_own_entry(processed):
    ctx = report_content.load_context(2025, "it", processed)
    assert not ctx.compact
    chapter = report_content.sector_chapter(ctx, ctx.registry.get("sport"))
    assert "## Torneo internazionale giovanile" in chapter
    assert "attivita.csv" not in report_content.summary_section(ctx)


def test_above_the_limit_chapters_summarise_and_point_to_the_complete_list(processed, monkeypatch):
    monkeypatch.setattr(report_content, "LISTING_LIMIT", 3)
    monkeypatch.setattr(report_content, "LARGEST_SHOWN", 1)
    ctx = report_content.load_context(2025, "it", processed)
    assert ctx.compact
    summary = report_content.summary_section(ctx)
    assert "Le attività del 2025 sono 4: oltre 3" in summary
    assert "rapporto\\-internazionalizzazione\\-2025\\-attivita\\.csv" in summary
    chapter = report_content.sector_chapter(ctx, ctx.registry.get("sport"))
    assert "## Torneo internazionale giovanile" not in chapter  # no entry per activity
    assert "| evento internazionale | 1 | 50.000 € |" in chapter  # by type, with budgets
    assert "| Torneo internazionale giovanile |" in chapter  # the largest by budget
    assert "Gemellaggio sportivo con Lione" not in chapter  # only LARGEST_SHOWN of them
    assert "L'elenco completo delle 3 attività del settore" in chapter
    english = report_content.load_context(2025, "en", processed)
    assert "The complete list of the department's 3 activities" in report_content.sector_chapter(
        english, english.registry.get("sport"))


def test_companion_name_is_one_for_both_editions():
    assert companion_name(2025) == "rapporto-internazionalizzazione-2025-attivita.csv"

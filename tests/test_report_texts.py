"""The report's words and the document's metadata built from them (no pandas: the command gives them to the
renderer). That the words come from the catalogues is tested in test_i18n.py."""

from __future__ import annotations

import datetime as dt

import pytest

from intl_report import pipeline, report_texts
from intl_report.registry import load_registry

from .conftest import activity, write_workbook


def test_complete_data_give_a_final_edition_with_its_date_in_the_reports_language():
    meta = report_texts.document_metadata(2025, "it", load_registry(), [], dt.date(2026, 2, 15))
    assert meta["title"] == "Rapporto sull'internazionalizzazione 2025"
    assert (meta["edition_date"], meta["lang"], meta["author"]) == ("15 febbraio 2026", "it", "Città di Torino")
    assert meta["draft"] is False and meta["notice"] == [] and meta["notice_title"] is None
    english = report_texts.document_metadata(2025, "en", load_registry(), [], dt.date(2026, 2, 15))
    assert english["title"] == "Report on internationalisation 2025" and english["edition_date"] == "15 February 2026"


def test_incomplete_data_give_a_draft_that_opens_with_what_is_missing():
    missing = ["Settore Gioventù: nessun file ricevuto"]
    meta = report_texts.document_metadata(2025, "it", load_registry(), missing, dt.date(2026, 2, 15))
    assert meta["draft"] is True and meta["notice"] == missing
    assert meta["notice_title"] == report_texts.LABELS["it"]["draft_title"]


def test_a_language_without_a_catalogue_is_refused_saying_which_there_are():
    with pytest.raises(ValueError, match="previste: it, en"):
        report_texts.check_lang("fr")


def test_the_renderers_metadata_come_from_the_years_summaries(tmp_path):
    write_workbook(tmp_path / "raw" / "2025" / "sport.xlsx", [activity()])
    pipeline.clean_sector("sport", 2025, tmp_path / "raw", tmp_path / "processed")
    meta = report_texts.render_metadata(2025, "it", tmp_path / "processed", dt.date(2026, 2, 15))
    assert meta["draft"] is True  # the other sectors were not processed
    assert "Settore Gioventù: dati non elaborati in questa esecuzione" in meta["notice"]
    assert not [line for line in meta["notice"] if line.startswith("Settore Sport")]

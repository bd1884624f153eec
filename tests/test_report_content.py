"""The report's content: Markdown sections built from the processed data (the ``processed`` fixture is in
conftest.py)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest

from intl_report import pipeline, report_content
from intl_report.cleaning import clean_table
from intl_report.reading import read_workbook
from intl_report.registry import load_registry
from intl_report.render import embedded

from .conftest import activity, stringify, write_workbook

ODD_TITLE = "Hackathon #OpenData 2025: dati_aperti & città <smart> [beta] @Torino $5 *x*"
ODD_DESCRIPTION = "Primo *giorno* | secondo_giorno, <b>non</b> HTML"


def pandoc_blocks(markdown: str) -> list[dict]:
    """The Markdown as the PDF's pandoc reads it (its JSON blocks)."""
    done = subprocess.run([embedded.pandoc_path(), "-f", embedded.PANDOC_READER, "-t", "json"],
                          input=markdown.encode(), capture_output=True, check=True)
    return json.loads(done.stdout)["blocks"]


@pytest.fixture
def context(tmp_path) -> report_content.ReportContext:
    """A report on two activities of the sport sector, cleaned as the pipeline cleans them (no cross-sector step)."""
    rows = [activity(Titolo=ODD_TITLE, Descrizione=ODD_DESCRIPTION, **{"Data fine": None}),
            activity(Titolo="Giornata dello sport", **{"Data inizio": dt.datetime(2025, 3, 1), "Data fine": "01/03/2025"})]
    result = clean_table(read_workbook(write_workbook(tmp_path / "sport.xlsx", rows)), "sport", 2025)
    assert result.rejected.empty
    return report_content.ReportContext(2025, "it", load_registry(), result.clean, [], [])


def test_what_a_sector_typed_shows_as_typed_in_its_chapter(context):
    chapter = report_content.sector_chapter(context, context.registry.get("sport"))
    blocks = pandoc_blocks(chapter)
    headings = [stringify(block) for block in blocks if block["t"] == "Header"]
    assert headings == ["Settore Sport", ODD_TITLE, "Giornata dello sport"]
    paragraphs = [stringify(block) for block in blocks if block["t"] == "Para"]
    assert ODD_DESCRIPTION in paragraphs
    assert not [block for block in blocks if block["t"] in ("RawBlock", "CodeBlock", "BulletList", "Table")]
    assert "Mario Rossi" not in chapter  # the referent is personal data: never in the report


def test_an_activity_shows_its_period_open_ended_or_of_one_day(context):
    chapter = report_content.sector_chapter(context, context.registry.get("sport"))
    assert "**Periodo:** dal 3 febbraio 2025" in chapter  # no end date
    assert "**Periodo:** 1 marzo 2025  " in chapter  # a one-day event: one date, not "1 marzo 2025 – 1 marzo 2025"


def test_a_sector_without_activities_says_so_in_its_chapter(context):
    chapter = report_content.sector_chapter(context, context.registry.get("gioventu"))
    assert chapter.startswith("# Settore Gioventù\n")
    assert "Il settore non ha segnalato attività valide per il 2025." in chapter


def test_a_chart_is_a_figure_whose_alternative_text_is_its_own_on_one_line():
    alt = 'Grafico "a barre": Settore Sport 3,\nSettore Gioventù 1 \\ fine'
    markdown = report_content.figure_markdown({"title": "Attività *per* settore", "path": "/grafici/by_sector.svg",
                                               "alt": alt})
    [figure] = pandoc_blocks(markdown)
    assert figure["t"] == "Figure"
    assert stringify(figure["c"][1][1]) == "Attività *per* settore"  # the caption, as typed
    [[image]] = [block["c"] for block in figure["c"][2]]
    attributes = dict(image["c"][0][2])
    assert attributes["fig-alt"] == alt.replace("\n", " ")
    assert image["c"][2][0] == "/grafici/by_sector.svg"


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


# --------------------------------------------------------------------------- above the listing limit


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

"""The real notebooks, run through papermill on a small fixture, and the PDF they render."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from pypdf import PdfReader

from intl_report.cli import main
from intl_report.registry import load_registry

from .conftest import activity, differing_pages, pdf_alt_texts, quarto_on_path, write_workbook

pytestmark = pytest.mark.e2e

JOINT_TITLE = "Forum congiunto Torino–Lione sulle politiche giovanili"
ODD_TITLE = "Hackathon #OpenData 2025: dati_aperti & città <smart> [beta] @Torino $5 *x*"


def fixture_year(raw_year):
    """Two activities for every sector, one joint activity and one odd-character title."""
    for index, sector in enumerate(load_registry().sectors):
        rows = [
            activity(Titolo=f"Attività di prova {sector.slug} n. 1", **{"Data inizio": dt.datetime(2025, 1 + index % 11, 5)}),
            activity(Titolo=f"Attività di prova {sector.slug} n. 2", Tipologia="progetto europeo a gestione diretta",
                     **{"Paesi partner": "Senegal, Brasile", "Contributo UE (€)": "120.000", "Budget totale (€)": "1,2 mln"}),
        ]
        if sector.slug in ("gioventu", "relazioni-internazionali"):
            other = "Settore Relazioni Internazionali" if sector.slug == "gioventu" else "Settore Gioventù"
            rows.append(activity(Titolo=JOINT_TITLE, **{"Data inizio": "10/04/2025", "Data fine": "12/04/2025",
                                                        "Altri settori coinvolti": other}))
        if sector.slug == "servizi-educativi":
            rows.append(activity(Titolo=ODD_TITLE))
        write_workbook(raw_year / f"{sector.slug}.xlsx", rows)


@pytest.fixture(scope="module", params=["embedded", pytest.param("quarto", marks=pytest.mark.quarto)])
def engine(request):
    """Every end-to-end test runs with both engines: the embedded one, and Quarto picked by ``auto`` from PATH."""
    if request.param == "embedded":
        yield "embedded"
        return
    folder = request.getfixturevalue("quarto_bin")
    with pytest.MonkeyPatch.context() as patch:
        quarto_on_path(patch, folder)
        yield "auto"


def engine_used(engine: str) -> str:
    return "embedded" if engine == "embedded" else "quarto"


@pytest.fixture(scope="module")
def yearly_run(tmp_path_factory, engine):
    root = tmp_path_factory.mktemp("run")
    fixture_year(root / "raw" / "2025")
    args = ["run", "--year", "2025", "--raw-dir", str(root / "raw"), "--processed-dir", str(root / "processed"),
            "--output-dir", str(root / "out"), "--jobs", "2", "--engine", engine, "--edition-date", "2026-01-31"]
    status = main(args)
    return root, status


def pdf_text(path) -> str:
    """The PDF's text as a reader would search it: typographic apostrophes and line breaks folded."""
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(text.replace("\u2019", "'").split())


def test_the_run_writes_the_pdf_and_exits_0_on_complete_data(yearly_run, capsys):
    root, status = yearly_run
    assert status == 0
    assert (root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf").exists()


def test_the_published_files_can_be_read_by_others(yearly_run):
    """A web server (another user) publishes the PDF, its manifest and the CSV: under umask 022 they are 0644."""
    import os

    root, _ = yearly_run
    mask = os.umask(0o022)
    os.umask(mask)
    published = sorted((root / "out" / "2025").glob("rapporto-*"))
    assert {path.suffix for path in published} == {".pdf", ".json", ".csv"}
    for path in published:
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask, path.name


def test_every_valid_activity_title_is_in_the_pdf(yearly_run):
    root, _ = yearly_run
    text = pdf_text(root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf")
    for sector in load_registry().sectors:
        for n in (1, 2):
            assert f"Attività di prova {sector.slug} n. {n}" in text
    assert JOINT_TITLE in text
    assert ODD_TITLE in text


def test_the_pdf_has_the_expected_chapters(yearly_run):
    root, _ = yearly_run
    text = pdf_text(root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf")
    for heading in ("Rapporto sull'internazionalizzazione", "Indice", "Il 2025 in sintesi", "Analisi trasversale",
                    "Appendice", "Qualità dei dati", "Settore Relazioni Internazionali", "Corpo di Polizia Municipale"):
        assert heading in text
    assert "BOZZA" not in text


def test_the_executed_notebooks_are_kept_as_the_audit_trail(yearly_run):
    root, _ = yearly_run
    executed = {p.name for p in (root / "processed" / "2025" / "notebooks").glob("*.ipynb")}
    assert "20-cross-sector.ipynb" in executed and "30-report-it.ipynb" in executed
    assert {f"10-clean-{s}.ipynb" for s in load_registry().slugs} <= executed
    notebook = json.loads((root / "processed" / "2025" / "notebooks" / "10-clean-sport.ipynb").read_text())
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in notebook["cells"])


def test_the_executed_notebooks_read_well_in_jupyter(yearly_run):
    """An analyst opening them sees the charts, labelled tables, and the report as it will read."""
    root, _ = yearly_run
    folder = root / "processed" / "2025" / "notebooks"
    outputs = [o for c in json.loads((folder / "20-cross-sector.ipynb").read_text())["cells"] for o in c.get("outputs", [])]
    assert sum("image/svg+xml" in o.get("data", {}) for o in outputs) >= 8  # the charts, inline
    assert any("Settore Sport" in "".join(o.get("data", {}).get("text/html", "")) for o in outputs)
    report = [o["data"] for c in json.loads((folder / "30-report-it.ipynb").read_text())["cells"]
              for o in c.get("outputs", []) if "text/markdown" in o.get("data", {})]
    shown = "".join("".join(data["text/markdown"]) for data in report)
    assert "{.unnumbered" not in shown and "fig-alt" not in shown and str(root) not in shown
    assert shown.count("](data:image/svg+xml;base64,") >= 8


def test_no_row_is_lost(yearly_run):
    root, _ = yearly_run
    for sector in load_registry().slugs:
        summary = json.loads((root / "processed" / "2025" / "sectors" / f"{sector}.summary.json").read_text())
        assert summary["rows_read"] == summary["rows_kept"] + summary["rows_rejected"] > 0


def test_the_joint_activity_is_counted_once_in_the_city_totals(yearly_run):
    root, _ = yearly_run
    figures = json.loads((root / "processed" / "2025" / "stats" / "key_figures.json").read_text())
    assert figures["activities"] == 2 * 16 + 1 + 1
    assert figures["joint_activities"] == 1
    text = pdf_text(root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf")
    assert "Attività congiunta con: Settore Gioventù" in text  # in International Relations' chapter
    assert "Attività congiunta con: Settore Relazioni Internazionali" in text  # and in Youth's


def test_the_referent_never_appears_in_the_report(yearly_run):
    root, _ = yearly_run
    assert "Mario Rossi" not in pdf_text(root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf")


def test_every_chart_has_its_alternative_text_in_the_tagged_pdf(yearly_run):
    root, _ = yearly_run
    reader = PdfReader(root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf")
    charts = json.loads((root / "processed" / "2025" / "charts" / "it" / "charts.json").read_text())
    alts = " ".join(pdf_alt_texts(reader.trailer["/Root"]["/StructTreeRoot"]))
    assert len(charts) >= 8
    for chart in charts:
        assert chart["alt"][:60] in " ".join(alts.split())


def test_the_document_language_and_metadata_are_set(yearly_run):
    root, _ = yearly_run
    reader = PdfReader(root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf")
    catalog = reader.trailer["/Root"]
    assert str(catalog["/Lang"]).startswith("it")
    assert catalog["/MarkInfo"]["/Marked"]
    info = reader.metadata
    assert info.title.replace("\u2019", "'") == "Rapporto sull'internazionalizzazione 2025"
    assert info.author == "Città di Torino"
    assert "Torino" in info["/Keywords"] and info.subject


@pytest.fixture(scope="module")
def draft_run(tmp_path_factory, engine):
    """The fixture year with one broken workbook and one with an invalid row: a draft, nothing lost."""
    root = tmp_path_factory.mktemp("draft")
    raw = root / "raw" / "2025"
    fixture_year(raw)
    (raw / "sport.xlsx").write_bytes(b"PK\x03\x04 questo file si e' rotto durante l'invio")
    write_workbook(raw / "tempi-orari.xlsx", [activity(Titolo="Riga valida dei Tempi e Orari"),
                                              activity(Titolo="Riga con tipo ignoto", Tipologia="workshop")],
                   title_rows=3)
    (raw / "urban-center.xlsx").unlink()
    args = ["run", "--year", "2025", "--raw-dir", str(root / "raw"), "--processed-dir", str(root / "processed"),
            "--output-dir", str(root / "out"), "--edition-date", "2026-01-31", "--engine", engine]
    return root, args, main(args)


def test_a_run_with_a_broken_and_a_missing_file_completes_as_a_draft_with_exit_3(draft_run, capsys):
    root, _, status = draft_run
    assert status == 3
    text = pdf_text(root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf")
    reader = PdfReader(root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf")
    assert all("BOZZA" in (page.extract_text() or "") for page in reader.pages)
    assert "Bozza: dati incompleti" in text
    assert text.index("Bozza: dati incompleti") < text.index("Indice")  # the first page after the title
    assert "Settore Sport: file non leggibile" in text
    assert "Settore Urban Center: nessun file ricevuto" in text
    assert "Settore Tempi e Orari: 1 riga scartata" in text
    assert "Riga valida dei Tempi e Orari" in text and "Riga con tipo ignoto" not in text.split("Appendice")[0]


def test_the_draft_run_loses_no_row(draft_run):
    root, _, _ = draft_run
    summary = json.loads((root / "processed" / "2025" / "sectors" / "tempi-orari.summary.json").read_text())
    assert (summary["rows_read"], summary["rows_kept"], summary["rows_rejected"]) == (2, 1, 1)
    rejected = (root / "processed" / "2025" / "sectors" / "tempi-orari.rejected.csv").read_text()
    assert "Riga con tipo ignoto" in rejected and "Tipologia" in rejected


def test_final_refuses_incomplete_data_and_says_why(draft_run, capsys):
    root, args, _ = draft_run
    (root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf").unlink()
    assert main([*args, "--final"]) == 3
    err = capsys.readouterr().err
    assert "--final" in err and "Settore Sport" in err
    assert not (root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf").exists()


def test_the_english_edition_has_english_headings_and_formats(yearly_run, engine):
    root, _ = yearly_run
    args = ["run", "--year", "2025", "--raw-dir", str(root / "raw"), "--processed-dir", str(root / "processed"),
            "--output-dir", str(root / "out"), "--edition-date", "2026-01-31", "--lang", "en", "--engine", engine]
    assert main(args) == 0
    reader = PdfReader(root / "out" / "2025" / "rapporto-internazionalizzazione-2025-en.pdf")
    text = pdf_text(root / "out" / "2025" / "rapporto-internazionalizzazione-2025-en.pdf")
    assert str(reader.trailer["/Root"]["/Lang"]).startswith("en")
    for heading in ("Report on internationalisation 2025", "Contents", "2025 at a glance", "Cross-sector analysis",
                    "International Relations Department", "Appendix", "Data quality"):
        assert heading in text
    assert "€1,200,000" in text  # English currency format
    assert ODD_TITLE in text  # activity text as the sector wrote it


@pytest.fixture(scope="module")
def bundled_run(tmp_path_factory, engine):
    """The product's demo: the bundled 2025 workbooks, as `make report` runs them."""
    from intl_report import paths

    root = tmp_path_factory.mktemp("bundled")
    args = ["run", "--year", "2025", "--raw-dir", str(paths.RAW_DIR), "--processed-dir", str(root / "processed"),
            "--output-dir", str(root / "out"), "--edition-date", "2026-02-15", "--engine", engine]
    return root, main(args)


def test_the_bundled_year_is_complete_and_every_valid_activity_is_in_the_pdf(bundled_run, engine):
    """The bundled 2025 workbooks give a final report that accounts for each activity."""
    import pandas as pd

    tmp_path, status = bundled_run
    assert status == 0
    text = pdf_text(tmp_path / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf")
    activities = pd.read_parquet(tmp_path / "processed" / "2025" / "activities.parquet")
    assert len(activities) >= 400
    searchable_text = searchable(text)
    missing = [title for title in activities["title"] if searchable(title) not in searchable_text]
    assert missing == []
    # ... and the same activities, as open data, are published next to the PDF and recorded in the manifest
    published = tmp_path / "out" / "2025" / "rapporto-internazionalizzazione-2025-attivita.csv"
    listed = pd.read_csv(published, sep=";", encoding="utf-8-sig")
    assert sorted(listed["Titolo"]) == sorted(activities["title"])
    manifest = json.loads((tmp_path / "out" / "2025" / "rapporto-internazionalizzazione-2025.manifest.json").read_text())
    assert manifest["companion"]["file"] == published.name and manifest["companion"]["sha256"]
    assert manifest["engine_used"] == engine_used(engine)
    if manifest["engine_used"] == "quarto":
        assert manifest["quarto_version"] and manifest["versions"]["quarto"] == manifest["quarto_version"]
    else:
        assert manifest["quarto_version"] is None


@pytest.mark.quarto
@pytest.mark.parametrize("engine", ["quarto"], indirect=True)
def test_quarto_and_the_embedded_engine_give_the_same_pages(bundled_run, engine, tmp_path):
    """The bundled year's report by Quarto, page by page as images, against the embedded engine's."""
    from intl_report import render, report_texts

    root, _ = bundled_run
    by_quarto = root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf"
    metadata = report_texts.render_metadata(2025, "it", root / "processed", dt.date(2026, 2, 15))
    by_embedded = render.render_pdf(root / "processed" / "2025" / "notebooks" / "30-report-it.ipynb",
                                    tmp_path / "embedded.pdf", engine="embedded", metadata=metadata)
    assert len(PdfReader(by_quarto).pages) > 100
    assert differing_pages(by_embedded, by_quarto, tmp_path / "pages") == []


def test_a_rerun_with_nothing_changed_does_not_render_again(bundled_run, engine, capsys):
    from intl_report import paths

    root, _ = bundled_run
    pdf = root / "out" / "2025" / "rapporto-internazionalizzazione-2025.pdf"
    before = pdf.stat().st_mtime_ns
    args = ["run", "--year", "2025", "--raw-dir", str(paths.RAW_DIR), "--processed-dir", str(root / "processed"),
            "--output-dir", str(root / "out"), "--edition-date", "2026-02-15", "--engine", engine]
    assert main(args) == 0
    assert "PDF invariato" in capsys.readouterr().err and pdf.stat().st_mtime_ns == before


def searchable(text: str) -> str:
    """A text as PDF extraction can give it back: line breaks (also after a dash) dropped, typographic apostrophes
    folded; right-to-left scripts and emoji removed, because extraction returns the former in visual order and the
    latter as whatever glyph the font has (they are checked in the rendering tests)."""
    import unicodedata

    kept = []
    for char in unicodedata.normalize("NFC", text.replace("\u2019", "'")):
        category = unicodedata.category(char)
        if char.isspace() or category.startswith("C") or category == "So" or unicodedata.bidirectional(char) in ("R", "AL"):
            continue
        kept.append(char)
    return "".join(kept)

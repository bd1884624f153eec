"""Rendering: executed notebook -> Markdown -> PDF (embedded engine), Quarto command construction."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from pypdf import PdfReader

from intl_report.jupyter_view import PANDOC_MARKDOWN
from intl_report.render import (
    RenderError,
    available_engines,
    embedded,
    md_escape,
    notebook_to_markdown,
    quarto,
    render_pdf,
)

from .conftest import differing_pages, pdf_alt_texts, stringify

ODD_TITLE = "Hackathon #OpenData 2025: dati_aperti & città <smart> [beta] @Torino $5 *x*"
ODD_TEXTS = [
    ODD_TITLE,
    "Città–Köln: Begegnungen über Grenzen",
    "بيت لحم",
    "חיפה",
    "🇮🇹 Italia",
    r"back\slash | pipe ~tilde~ ^sup^ `code` {braces} (paren) 1. not a list",
    "- not a bullet",
    "# not a heading",
    "> not a quote",
    "<!-- not a comment -->",
    "a_b_c __d__ **e** &amp; &copy; 50% 3/4",
    "[link](http://example.org) ![img](x.png)",
    "{{< pagebreak >}}",
    'dell\'Unione "europea" -- --- ...',
]
ALT = "Grafico a barre di prova: Francia 12, Germania 8"
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">
<rect x="20" y="40" width="120" height="150" fill="#1F4E79"/><rect x="200" y="90" width="120" height="100" fill="#8C1D40"/>
</svg>"""

META = {
    "title": "Rapporto sull'internazionalizzazione",
    "subtitle": "Le attività internazionali della Città di Torino",
    "year": 2025,
    "edition_date": "15 marzo 2026",
    "keywords": ["Torino", "internazionalizzazione"],
    "subject": "Rapporto annuale",
}


def _pdf_text(pdf: Path) -> list[str]:
    return [BIDI.sub("", page.extract_text() or "") for page in PdfReader(str(pdf)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "").replace("-\n", "")).strip()




@pytest.fixture(scope="module")
def notebook(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("nb")
    chart = d / "charts" / "chart.svg"
    chart.parent.mkdir()
    chart.write_text(SVG, encoding="utf-8")
    table_md = "\n".join(
        [
            f"## {md_escape(ODD_TITLE)}",
            "",
            "| Città partner | Paese | Progetti |",
            "|:--|:--|--:|",
            f"| {md_escape('Città–Köln: Begegnungen über Grenzen')} | Germania | 3 |",
            f"| {md_escape('بيت لحم')} | Palestina | 2 |",
            f"| {md_escape('חיפה')} {md_escape('🇮🇹')} | Israele | 1 |",
            "| Lione | Francia | 12 |",
            "",
            f"![{md_escape(ALT)}]({chart})",
            "",
            "{{< pagebreak >}}",
            "",
            "```{=typst}",
            '#text(fill: rgb("#1F4E79"))[Blocco Typst grezzo]',
            "```",
        ]
    )
    nb = new_notebook(
        cells=[
            new_code_cell("year = 2025\nSECRET_PARAM = 1", metadata={"tags": ["parameters"]}),
            new_code_cell("year = 2024\nINJECTED = 1", metadata={"tags": ["injected-parameters"]}),
            new_markdown_cell("# Sintesi del rapporto\n\nTesto introduttivo della sintesi."),
            new_markdown_cell("Questa cella non deve comparire", metadata={"tags": ["remove-cell"]}),
            new_code_cell(
                "import secret_module\ndisplay(Markdown(table_md))",
                outputs=[
                    new_output("stream", name="stdout", text="STREAM OUTPUT MUST NOT APPEAR"),
                    new_output("display_data", data={"text/markdown": table_md, "text/plain": "<IPython Markdown>"}),
                    new_output(
                        "execute_result", data={"text/plain": "PLAIN RESULT MUST NOT APPEAR"}, execution_count=3
                    ),
                ],
            ),
            new_markdown_cell("# Secondo capitolo\n\nAltro testo."),
        ]
    )
    path = d / "30-report.ipynb"
    nbformat.write(nb, str(path))
    return path


@pytest.fixture(scope="module")
def rendered(notebook, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    pdfs = {
        "draft": render_pdf(notebook, out / "draft.pdf", engine="embedded", metadata={**META, "draft": True}),
        "final": render_pdf(notebook, out / "final.pdf", engine="embedded", metadata={**META, "draft": False}),
        "final2": render_pdf(notebook, out / "final2.pdf", engine="embedded", metadata={**META, "draft": False}),
    }
    return pdfs


# ------------------------------------------------------------------------------------------------ markdown


def test_notebook_to_markdown_keeps_content_drops_code(notebook, tmp_path):
    md = notebook_to_markdown(notebook, tmp_path / "media")
    assert "# Sintesi del rapporto" in md
    assert "| Lione | Francia | 12 |" in md
    assert "```{=typst}" in md
    for absent in ("SECRET_PARAM", "INJECTED", "secret_module", "STREAM OUTPUT", "PLAIN RESULT", "non deve comparire"):
        assert absent not in md


def test_notebook_image_outputs_written_to_media(tmp_path):
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
    nb = new_notebook(
        cells=[
            new_code_cell(
                "#| fig-alt: Un punto rosso\nplot()",
                outputs=[new_output("display_data", data={"image/svg+xml": SVG, "image/png": png, "text/plain": "x"})],
            ),
            new_code_cell("plot()", outputs=[new_output("display_data", data={"image/png": png})]),
        ]
    )
    with pytest.warns(UserWarning, match="no alt text"):
        md = notebook_to_markdown(nb, tmp_path / "media")
    files = sorted(p.suffix for p in (tmp_path / "media").iterdir())
    assert files == [".png", ".svg"]
    assert "![Un punto rosso](<" in md and ".svg>)" in md  # svg preferred over png
    assert "![Grafico](<" in md  # generic alt text, with a warning


def test_the_renderers_read_the_pandoc_markdown(tmp_path):
    nb = new_notebook(cells=[new_code_cell("show(x)", outputs=[new_output("display_data", data={
        "text/markdown": "## Capitolo", PANDOC_MARKDOWN: "## Capitolo {.unnumbered}"})])])
    assert notebook_to_markdown(nb, tmp_path).strip() == "## Capitolo {.unnumbered}"


def test_md_escape_round_trips_through_pandoc():
    doc = "\n\n".join(md_escape(t) for t in ODD_TEXTS)
    ast = json.loads(
        subprocess.run(
            [embedded.pandoc_path(), "-f", embedded.PANDOC_READER, "-t", "json"],
            input=doc.encode(),
            capture_output=True,
            check=True,
        ).stdout
    )
    got = [stringify(block["c"]) for block in ast["blocks"]]
    assert [b["t"] for b in ast["blocks"]] == ["Para"] * len(ODD_TEXTS)
    unsmart = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    assert [g.translate(unsmart) for g in got] == ODD_TEXTS


def test_md_escape_basics():
    assert md_escape("a*b") == r"a\*b"
    assert md_escape("@Torino $5") == r"\@Torino \$5"
    assert md_escape("riga\nnuova") == "riga nuova"
    assert md_escape(None) == ""
    assert md_escape("città بيت") == "città بيت"


# ------------------------------------------------------------------------------------------ embedded engine


def test_pdf_text_content(rendered):
    pages = _pdf_text(rendered["final"])
    text = _flat(" ".join(pages))
    assert "Sintesi del rapporto" in text
    assert "Lione" in text and "Begegnungen über Grenzen" in text
    assert _flat(ODD_TITLE) in text
    assert "بيت لحم" in text or "لحم" in text
    assert "חיפה" in text
    assert "Blocco Typst grezzo" in text
    assert "Indice" in pages[1]
    assert "2025" in pages[0] and "Edizione del 15 marzo 2026" in _flat(pages[0])
    assert re.search(r"Pagina 2 di \d+", pages[1])
    for absent in ("SECRET_PARAM", "secret_module", "STREAM OUTPUT", "PLAIN RESULT", "non deve comparire"):
        assert absent not in text


def test_chapters_start_on_new_pages_and_pagebreak(rendered):
    pages = _pdf_text(rendered["final"])
    starts = [i for i, p in enumerate(pages) if "Secondo capitolo" in p and "Altro testo" in p]
    assert starts and "Blocco Typst grezzo" not in pages[starts[0]]
    raw = next(i for i, p in enumerate(pages) if "Blocco Typst grezzo" in p)
    assert "Lione" not in pages[raw]  # {{< pagebreak >}} before the raw block


def test_pdf_accessibility_metadata(rendered):
    reader = PdfReader(str(rendered["final"]))
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).startswith("it")
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged PDF
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Rapporto sull’internazionalizzazione 2025"
    assert reader.metadata.author == "Città di Torino"
    assert "Torino" in reader.metadata["/Keywords"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "Rapporto sull’internazionalizzazione 2025" in xmp
    assert "pdfuaid:part" in xmp or "<pdfuaid:part>1<" in xmp
    assert "pdfaid:part" in xmp
    assert ALT in pdf_alt_texts(root["/StructTreeRoot"])


def test_draft_watermark_on_every_page(rendered):
    draft_pages = _pdf_text(rendered["draft"])
    assert len(draft_pages) >= 4
    assert all("BOZZA" in p.replace(" ", "") for p in draft_pages)
    assert not any("BOZZA" in p.replace(" ", "") for p in _pdf_text(rendered["final"]))


def test_reproducible_bytes(rendered):
    assert rendered["final"].read_bytes() == rendered["final2"].read_bytes()
    assert not list(rendered["final"].parent.glob("*.part"))


def test_english_labels(notebook, tmp_path):
    pdf = render_pdf(
        notebook,
        tmp_path / "en.pdf",
        engine="embedded",
        lang="en",
        metadata={**META, "title": "Report on internationalisation", "draft": True},
    )
    pages = _pdf_text(pdf)
    assert "Contents" in pages[1] and re.search(r"Page 2 of \d+", pages[1])
    assert all("DRAFT" in p.replace(" ", "") for p in pages)
    assert str(PdfReader(str(pdf)).trailer["/Root"]["/Lang"]).startswith("en")


def test_missing_image_is_actionable_error_and_keeps_old_pdf(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell(f"# T\n\n![Grafico]({tmp_path / 'missing.svg'})")])
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, str(path))
    out = tmp_path / "out.pdf"
    out.write_bytes(b"old")
    with pytest.raises(RenderError, match="image not found: .*missing.svg"):
        render_pdf(path, out, engine="embedded", metadata=META)
    assert out.read_bytes() == b"old"
    assert not list(tmp_path.glob("*.part"))


def test_image_without_alt_text_is_refused(tmp_path):
    (tmp_path / "c.svg").write_text(SVG)
    nb = new_notebook(cells=[new_markdown_cell(f"# T\n\n![]({tmp_path / 'c.svg'})")])
    nbformat.write(nb, str(tmp_path / "nb.ipynb"))
    with pytest.raises(RenderError, match="alt text"):
        render_pdf(tmp_path / "nb.ipynb", tmp_path / "o.pdf", engine="embedded", metadata=META)


def test_typst_error_is_reported(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# T\n\n```{=typst}\n#undefined-function()\n```")])
    nbformat.write(nb, str(tmp_path / "nb.ipynb"))
    with pytest.raises(RenderError, match="typst compilation .* failed"):
        render_pdf(tmp_path / "nb.ipynb", tmp_path / "o.pdf", engine="embedded", metadata=META)


def test_title_required_and_engine_checked(notebook, tmp_path):
    with pytest.raises(RenderError, match="title"):
        render_pdf(notebook, tmp_path / "o.pdf", engine="embedded", metadata={"year": 2025})
    with pytest.raises(RenderError, match="unknown render engine"):
        render_pdf(notebook, tmp_path / "o.pdf", engine="latex", metadata=META)


def test_edition_timestamp():
    noon = dt.time(12, tzinfo=dt.UTC)
    assert embedded.edition_timestamp({"edition_date": "15 marzo 2025"}) == dt.datetime.combine(
        dt.date(2025, 3, 15), noon
    )
    assert embedded.edition_timestamp({"edition_date": "2025-03-15"}).date() == dt.date(2025, 3, 15)
    assert embedded.edition_timestamp({"edition_date": "1 March 2026"}).date() == dt.date(2026, 3, 1)
    assert embedded.edition_timestamp({"edition_date": "boh", "year": 2024}).date() == dt.date(2024, 12, 31)


def test_house_style_is_a_safe_pandoc_partial():
    house = embedded.HOUSE_TYP.read_text(encoding="utf-8")
    assert "$" not in house  # inlined by pandoc's template engine (embedded and Quarto)
    assert '#import "@' not in house  # no Typst packages: no network at build time
    assert "house.typ()" in embedded.PANDOC_TEMPLATE.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------- quarto


def test_available_engines(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert available_engines() == ["embedded"]
    monkeypatch.setattr(shutil, "which", lambda name: "/opt/quarto/bin/quarto" if name == "quarto" else None)
    assert available_engines() == ["embedded", "quarto"]


def test_the_quarto_project_is_self_contained(notebook, tmp_path):
    """Nothing absolute (Quarto reads "/..." from the project root): settings, partials, filter, fonts, media."""
    meta = embedded.normalise_metadata({**META, "draft": True, "toc_title": "Sommario"}, "it")
    project = tmp_path / "quarto"
    (project / "media").mkdir(parents=True)
    (project / "media" / "0123456789abcdef.svg").write_text(SVG)  # a chart of an earlier edition
    document = quarto.stage_project(notebook, project, meta, name="rapporto-2025", source_date_epoch=1773576000)
    assert not (project / "media" / "0123456789abcdef.svg").exists()
    assert document == project / "rapporto-2025.qmd"
    config = yaml.safe_load((project / "_quarto.yml").read_text())
    typst = config["format"]["typst"]
    assert typst["template-partials"] == ["typst-template.typ", "typst-show.typ", "house.typ"]
    assert (project / "house.typ").read_text() == embedded.HOUSE_TYP.read_text()
    assert typst["font-paths"] == ["fonts"] and (project / "fonts" / "DejaVuSans.ttf").is_file()
    assert typst["pdf-standard"] == ["ua-1", "a-2a"]
    assert config["filters"] == [quarto.STAGED_FILTER] and config["project"]["render"] == ["rapporto-2025.qmd"]
    assert (project / "_environment").read_text() == "SOURCE_DATE_EPOCH=1773576000\n"
    text = document.read_text()
    matter = yaml.safe_load(text.split("---\n")[1])
    assert matter["title"] == "Rapporto sull’internazionalizzazione" and matter["lang"] == "it"
    assert matter["draft"] is True and matter["toc-depth"] == 2 and matter["year"] == "2025"
    assert matter["house-toc-title"] == "Sommario" and "toc-title" not in matter
    assert "Questa cella non deve comparire" not in text and "STREAM OUTPUT" not in text  # remove-cell, streams
    assert "# Secondo capitolo" in text
    assert f"]({tmp_path}" not in text and "](media/" in text
    assert '{fig-alt="Grafico a barre di prova: Francia 12, Germania 8"}' in text
    assert list((project / "media").glob("*.svg"))


def test_front_matter_keeps_odd_text_literal():
    matter = yaml.safe_load(quarto.front_matter({"title": ODD_TITLE, "lang": "it", "draft": False, "toc": True,
                                                 "toc-depth": "2", "keywords": ["#a", "b*"]}).split("---\n")[1])
    assert matter["title"] == md_escape(ODD_TITLE)  # Quarto reads metadata strings as Markdown
    assert matter["lang"] == "it" and matter["draft"] is False and matter["toc-depth"] == 2
    assert matter["keywords"] == [md_escape("#a"), md_escape("b*")]


def test_quarto_render_needs_quarto_on_path(notebook, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderError, match="quarto"):
        render_pdf(notebook, tmp_path / "q.pdf", engine="quarto", metadata=META)


@pytest.mark.quarto
def test_quarto_gives_the_embedded_engines_pages(notebook, tmp_path, with_quarto):
    meta = {**META, "draft": True}
    by_quarto = render_pdf(notebook, tmp_path / "out" / "quarto.pdf", engine="quarto", metadata=meta)
    by_embedded = render_pdf(notebook, tmp_path / "out" / "embedded.pdf", engine="embedded", metadata=meta)
    assert differing_pages(by_embedded, by_quarto, tmp_path / "pages", dpi=50) == []
    text = _flat(" ".join(_pdf_text(by_quarto)))
    assert "Sintesi del rapporto" in text and "Lione" in text and "BOZZA" in text.replace(" ", "")
    assert "non deve comparire" not in text and "Table of contents" not in text and "Indice" in text
    assert _flat(" ".join(_pdf_text(by_embedded))) == text
    reader = PdfReader(str(by_quarto))
    assert ALT in pdf_alt_texts(reader.trailer["/Root"]["/StructTreeRoot"])
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part>1<|pdfuaid:part=\"1\"", xmp) and re.search(r"pdfaid:part>2<|pdfaid:part=\"2\"", xmp)
    assert reader.metadata.creation_date == dt.datetime(2026, 3, 15, 12, tzinfo=dt.UTC)
    assert by_quarto.stat().st_mode & 0o044 == 0o044  # readers other than its owner (a web server)


@pytest.mark.quarto
def test_an_unchanged_project_does_not_call_quarto_and_quartos_own_render_gives_the_same_pdf(
    notebook, tmp_path, with_quarto, monkeypatch
):
    pdf = render_pdf(notebook, tmp_path / "rapporto.pdf", engine="quarto", metadata=META)
    first = pdf.read_bytes()
    real_run = quarto.subprocess.run
    renders = []

    def counting_run(cmd, *args, **kwargs):
        renders.extend([cmd] if "render" in cmd else [])
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(quarto.subprocess, "run", counting_run)
    render_pdf(notebook, pdf, engine="quarto", metadata=META)
    assert renders == [] and pdf.read_bytes() == first
    render_pdf(notebook, pdf, engine="quarto", metadata={**META, "draft": True})  # the document changed
    assert len(renders) == 1
    monkeypatch.setattr(quarto.subprocess, "run", real_run)
    render_pdf(notebook, pdf, engine="quarto", metadata=META)

    # What a Quarto user types, from the project folder: the same bytes as the pipeline's PDF
    project = tmp_path / "quarto"
    proc = subprocess.run(["quarto", "render", "rapporto.qmd"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (project / "rapporto.pdf").read_bytes() == pdf.read_bytes() == first


# ------------------------------------------------------------------------------- chapter cache, Typst session


def _chapters_notebook(folder: Path, chapters: list[str]) -> Path:
    nb = new_notebook(cells=[new_code_cell("display(chapter)", outputs=[
        new_output("display_data", data={"text/markdown": text}) for text in chapters])])
    path = folder / "30-report.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_chapter_cache_converts_only_changed_chapters_and_gives_the_same_pdf(tmp_path):
    chapters = [f"# Capitolo {n}\n\nTesto del capitolo {n}.\n\n- punto {n}\n- altro punto" for n in range(4)]
    cache = tmp_path / "cache"
    first = render_pdf(_chapters_notebook(tmp_path, chapters), tmp_path / "a.pdf", engine="embedded",
                       metadata=META, chunk_dir=cache)
    chunk_files = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.typ") if embedded.CHUNK_NAME.fullmatch(p.name)}
    assert len(chunk_files) == 4 and (cache / "report.typ").is_file()

    chapters[2] = chapters[2].replace("Testo del capitolo 2", "Testo corretto del capitolo 2")
    notebook = _chapters_notebook(tmp_path, chapters)
    second = render_pdf(notebook, tmp_path / "b.pdf", engine="embedded", metadata=META, chunk_dir=cache)
    now = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.typ") if embedded.CHUNK_NAME.fullmatch(p.name)}
    assert len(now) == 4  # the old chapter 2 is gone, the new one is there
    assert len(set(now) - set(chunk_files)) == 1
    assert all(now[name] == chunk_files[name] for name in set(now) & set(chunk_files))  # untouched: reused
    assert "Testo corretto del capitolo 2" in _flat(" ".join(_pdf_text(second)))
    # the same bytes as a render from scratch
    fresh = render_pdf(notebook, tmp_path / "c.pdf", engine="embedded", metadata=META)
    assert second.read_bytes() == fresh.read_bytes() != first.read_bytes()


def test_prewarmed_typst_session_gives_the_same_bytes(tmp_path):
    chapters = [f"# Capitolo {n}\n\n" + "Una frase del capitolo. " * 40 for n in range(3)]
    cache = tmp_path / "cache"
    render_pdf(_chapters_notebook(tmp_path, chapters), tmp_path / "a.pdf", engine="embedded", metadata=META,
               chunk_dir=cache)
    chapters[1] += "\n\nUn paragrafo aggiunto."
    notebook = _chapters_notebook(tmp_path, chapters)
    session = embedded.TypstSession(cache).prewarm()  # lays out the previous edition in the background
    warm = render_pdf(notebook, tmp_path / "warm.pdf", engine="embedded", metadata=META, chunk_dir=cache,
                      session=session)
    fresh = render_pdf(notebook, tmp_path / "fresh.pdf", engine="embedded", metadata=META)
    assert warm.read_bytes() == fresh.read_bytes()
    assert "Un paragrafo aggiunto" in _flat(" ".join(_pdf_text(warm)))


def test_a_refused_chapter_is_not_cached(tmp_path):
    chart = tmp_path / "chart.svg"
    nb = _chapters_notebook(tmp_path, ["# Uno\n\nTesto.", f"# Due\n\n![Grafico di prova]({chart})"])
    cache = tmp_path / "cache"
    with pytest.raises(RenderError, match="image not found"):
        render_pdf(nb, tmp_path / "o.pdf", engine="embedded", metadata=META, chunk_dir=cache)
    assert not [p for p in cache.glob("*.typ") if embedded.CHUNK_NAME.fullmatch(p.name)]
    chart.write_text(SVG, encoding="utf-8")  # the analyst adds the missing chart: the next render is complete
    pdf = render_pdf(nb, tmp_path / "o.pdf", engine="embedded", metadata=META, chunk_dir=cache)
    assert "Grafico di prova" in pdf_alt_texts(PdfReader(str(pdf)).trailer["/Root"]["/StructTreeRoot"])

"""Shared fixtures: small workbooks written by the tests themselves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from intl_report.schema import COLUMNS

HEADERS = [c.header for c in COLUMNS]


def write_workbook(path: Path, rows: list[dict], *, headers: list[str] | None = None, title_rows: int = 1,
                   sheet: str = "Attività") -> Path:
    """A sector workbook: optional title rows, a header row, one row per dict (keyed by header)."""
    headers = headers or HEADERS
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    for index in range(title_rows):
        ws.append([f"Città di Torino – attività internazionali (riga titolo {index + 1})"])
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def activity(**overrides) -> dict:
    """One valid activity row keyed by Italian header."""
    row = {
        "Titolo": "Eurocities Social Affairs Forum 2025",
        "Tipologia": "rete tematica",
        "Stato": "in corso",
        "Data inizio": dt.datetime(2025, 2, 3),
        "Data fine": "30/11/2025",
        "Paesi partner": "Germania; Francia",
        "Città ed enti partner": "Lione; Colonia",
        "Rete o programma": "eurocities",
        "Ruolo della Città": "membro",
        "Budget totale (€)": "€ 12.500,00",
        "Obiettivi SDG": "11; 13",
        "Referente": "Mario Rossi",
    }
    row.update(overrides)
    return row


@pytest.fixture
def make_workbook(tmp_path):
    def make(rows, name="relazioni-internazionali.xlsx", **kwargs):
        return write_workbook(tmp_path / name, rows, **kwargs)

    return make


@pytest.fixture
def processed(tmp_path):
    """Two sectors' activities, cleaned and combined (the cross-sector step)."""
    from intl_report import pipeline

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


def stringify(node) -> str:
    """Plain text of a pandoc JSON inline list / element (like pandoc.utils.stringify)."""
    if isinstance(node, list):
        return "".join(stringify(n) for n in node)
    if not isinstance(node, dict):
        return ""
    t, c = node.get("t"), node.get("c")
    if t == "Str":
        return c
    if t in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if t in ("Code", "Math"):
        return c[1]
    if t == "Quoted":
        q = "“”" if c[0]["t"] == "DoubleQuote" else "‘’"
        return q[0] + stringify(c[1]) + q[1]
    if t in ("Link", "Image", "Span", "Cite"):
        return stringify(c[1])
    if t in ("Emph", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Underline", "Para", "Plain"):
        return stringify(c)
    if t == "Header":
        return stringify(c[2])
    return ""


def pdf_alt_texts(node, found: list[str] | None = None) -> list[str]:
    """Alternative texts of a tagged PDF's structure elements (walk from ``/StructTreeRoot``)."""
    found = [] if found is None else found
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        if "/K" in node:
            pdf_alt_texts(node["/K"], found)
    elif isinstance(node, list):
        for child in node:
            pdf_alt_texts(child, found)
    return found


# --- Quarto ------------------------------------------------------------------------------------------------------

REQUIRE_QUARTO = "INTL_REPORT_REQUIRE_QUARTO"  # CI sets it: there, a Quarto test that cannot run fails, never skips
INSTALL_QUARTO = Path(__file__).resolve().parents[1] / "scripts" / "install-quarto"


def _cannot_run(reason: str):
    import os

    if os.environ.get(REQUIRE_QUARTO):
        pytest.fail(f"{reason} ({REQUIRE_QUARTO} is set)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def quarto_bin() -> str:
    """The folder of the Quarto the Quarto tests use: the one on PATH, else one installed from the offline kit.

    The kit (``../shared/quarto/install-quarto.sh``, or ``$INTL_REPORT_QUARTO_KIT``) installs outside the checkout
    (``scripts/install-quarto``). PATH itself is left alone: each test puts this folder first with
    :func:`quarto_on_path`, so that the other tests see the machine as it is.
    """
    import shutil
    import subprocess

    found = shutil.which("quarto")
    if found:
        return str(Path(found).parent)
    proc = subprocess.run([str(INSTALL_QUARTO)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        _cannot_run("Quarto is not on PATH and its offline kit (../shared/quarto/install-quarto.sh) is not here: "
                    "install Quarto >= 1.9 to run the Quarto tests")
    return proc.stdout.strip().splitlines()[-1]


def quarto_on_path(monkeypatch: pytest.MonkeyPatch, folder: str) -> None:
    import os

    monkeypatch.setenv("PATH", folder + os.pathsep + os.environ.get("PATH", ""))


@pytest.fixture
def with_quarto(quarto_bin, monkeypatch) -> str:
    """Quarto on PATH for this test."""
    quarto_on_path(monkeypatch, quarto_bin)
    return quarto_bin


def page_images(pdf: Path, folder: Path, dpi: int = 30) -> list[Path]:
    """The PDF's pages as PNG images (poppler's pdftoppm), to compare two renders as a reader sees them."""
    import shutil
    import subprocess

    if shutil.which("pdftoppm") is None:
        _cannot_run("pdftoppm (poppler-utils) is not installed: pages cannot be compared as images")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(folder / "page")], check=True,
                   capture_output=True)
    return sorted(folder.glob("page-*.png"))


def differing_pages(first: Path, second: Path, folder: Path, dpi: int = 30) -> list[int]:
    """Page numbers (1-based) where the two PDFs do not look the same; every page when the counts differ."""
    from PIL import Image, ImageChops

    a, b = page_images(first, folder / "a", dpi), page_images(second, folder / "b", dpi)
    if len(a) != len(b):
        return list(range(1, max(len(a), len(b)) + 1))
    differing = []
    for number, (x, y) in enumerate(zip(a, b, strict=True), start=1):
        with Image.open(x) as image_x, Image.open(y) as image_y:
            if image_x.size != image_y.size or ImageChops.difference(
                image_x.convert("RGB"), image_y.convert("RGB")
            ).getbbox():
                differing.append(number)
    return differing

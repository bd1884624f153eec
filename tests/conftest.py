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


@pytest.fixture(scope="session", autouse=True)
def warm_servers_of_the_tests(tmp_path_factory):
    """The notebooks' warm servers started by the tests live in a folder of their own and are stopped at the end.

    Short idle time as a safety net: a server left by an interrupted session goes away by itself.
    """
    import os

    from intl_report.warmserver import IDLE_ENV, private_runtime

    saved = os.environ.get(IDLE_ENV)
    os.environ[IDLE_ENV] = "120"
    # A short path: a Unix socket's must fit in 108 bytes.
    with private_runtime(Path(tmp_path_factory.mktemp("srv", numbered=True))):
        yield
    if saved is None:
        os.environ.pop(IDLE_ENV, None)
    else:
        os.environ[IDLE_ENV] = saved

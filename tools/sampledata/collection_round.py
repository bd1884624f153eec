"""A collection round caught half-way: what the table's secretariat sees in February (``--round``).

Of the 16 sectors, a fixed plan (:data:`ROUND_PLAN`), chosen so that every state of ``intl-report status`` shows:

* ``valid``: five sectors sent a good workbook;
* ``errors``: three sent a workbook with invalid rows (the deliberate errors of :mod:`.deliberate_errors`);
* ``browser_copy``: Youth's file arrived as a browser's second download, ``gioventu (1).xlsx``;
* ``csv``: Communication exported its sheet as a CSV file, which the run cannot take;
* the other six sent nothing yet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook

from .generation import DEFAULT_SEED, generate_activities
from .workbook import write_sector_workbook

ROUND_PLAN: dict[str, tuple[str, tuple[str, ...]]] = {  # sector -> (what it sent, its deliberate errors)
    "relazioni-internazionali": ("valid", ()),
    "cooperazione-pace": ("valid", ()),
    "ambiente-verde": ("valid", ()),
    "servizi-culturali": ("valid", ()),
    "urban-center": ("valid", ()),
    "sport": ("errors", ("invalid_date", "unknown_country")),
    "servizi-educativi": ("errors", ("missing_title",)),
    "lavoro-formazione": ("errors", ("end_before_start", "amount_text", "unknown_type")),
    "gioventu": ("browser_copy", ()),
    "comunicazione-promozione": ("csv", ()),
}


def write_round(year: int, out_dir, *, seed: int | None = None) -> list[Path]:
    """Write the files the sectors of :data:`ROUND_PLAN` sent for ``year`` into ``out_dir``; returns their paths."""
    seed = DEFAULT_SEED if seed is None else seed
    out_dir = Path(out_dir)
    activities = generate_activities(year, seed)
    written = []
    for slug, (sent, errors) in ROUND_PLAN.items():
        name = f"{slug} (1).xlsx" if sent == "browser_copy" else f"{slug}.xlsx"
        path = write_sector_workbook(out_dir / name, slug, year, activities[slug], seed=seed, errors=errors)
        if sent == "csv":
            path = _as_csv(path)
        written.append(path)
    return written


def _as_csv(workbook: Path) -> Path:
    """The sheet as Excel's «CSV (delimitato dal separatore di elenco)» writes it on an Italian system."""
    sheet = load_workbook(workbook, read_only=True).worksheets[0]
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(["" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else v for v in row])
    target = workbook.with_suffix(".csv")
    target.write_bytes(text.getvalue().encode("utf-8-sig"))
    workbook.unlink()
    return target

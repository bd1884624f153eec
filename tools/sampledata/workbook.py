"""Writing the workbooks: one per sector, laid out as the sector would, saved byte for byte reproducibly."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from intl_report import schema
from intl_report.registry import load_registry

from .deliberate_errors import error_plan, inject_errors
from .generation import DEFAULT_SEED, generate_activities
from .randomness import seeded_rng
from .rendering import render_row, sheet_style

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _save_reproducible(wb: Workbook, path: Path, when: dt.datetime) -> None:
    """Save with fixed properties and zip entry times, so the same workbook gives the same bytes."""
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "Città di Torino"
    wb.properties.lastModifiedBy = "Città di Torino"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())


def write_sector_workbook(
    path,
    sector_slug: str,
    year: int,
    activities: list[dict],
    *,
    messy: bool = True,
    seed: int = 0,
    errors: tuple[str, ...] | list[str] = (),
) -> Path:
    """Write one sector's workbook; ``errors`` are deliberate invalid rows (see ``ERROR_KINDS``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    registry = load_registry()
    sector = registry.get(sector_slug)  # fails early on a slug the registry does not know
    st = sheet_style(sector_slug, year, seed, messy)
    rng = seeded_rng(seed, sector_slug, year, "render")

    acts = list(activities)
    if st.order == "date":
        acts.sort(key=lambda a: (a["start_date"], a["activity_id"] or ""))
    elif st.order == "entry":
        seeded_rng(seed, sector_slug, year, "order").shuffle(acts)
    rows = [render_row(a, st, rng, messy) for a in acts]
    if messy and errors:
        rows = inject_errors(rows, acts, errors, seeded_rng(seed, sector_slug, year, "errors"), year)

    columns = list(schema.COLUMNS)
    if st.swap is not None:
        columns[st.swap], columns[st.swap + 1] = columns[st.swap + 1], columns[st.swap]
    headers = [c.header for c in columns]
    if st.note_column:
        headers.append("Note")

    wb = Workbook()
    ws = wb.active
    ws.title = st.sheet_name
    if st.title_rows:
        title = ws.cell(1, 1, f"Città di Torino – {sector.name} – Attività internazionali {year}")
        title.font = Font(bold=True, size=14)
        if st.note_row and st.title_rows > 1:
            ws.cell(2, 1, f"Scheda per il {registry.table}: una riga per attività. Aggiornata al 31/12/{year}.")
            ws.cell(2, 1).font = Font(italic=True)
    header_row = st.title_rows + 1
    for j, header in enumerate(headers, start=1):
        cell = ws.cell(header_row, j, header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = columns[j - 1].width if j <= len(columns) else 20
    ws.freeze_panes = ws.cell(header_row + 1, 1)

    gap_at = rng.randint(2, max(2, len(rows) - 2)) if st.empty_row and len(rows) > 4 else None
    r = header_row + 1
    for k, row in enumerate(rows):
        if k == gap_at:
            r += 1  # the empty row some sectors leave in the middle
        for j, col in enumerate(columns, start=1):
            value = row[col.name]
            if value is None:
                continue
            cell = ws.cell(r, j, value)
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif col.kind == "amount" and isinstance(value, (int, float)):
                cell.number_format = '#,##0.00 "€"'
        if st.note_column and rng.random() < 0.15:
            ws.cell(r, len(columns) + 1, rng.choice(["da verificare", "vedi mail del referente", "dati provvisori"]))
        r += 1

    if st.instructions:
        info = wb.create_sheet("Istruzioni")
        info["A1"] = "Compilare il foglio delle attività: una riga per attività internazionale."
        info["A2"] = "Le date nel formato gg/mm/aaaa; gli importi in euro; i paesi separati da punto e virgola."
        info["A3"] = "Il campo Referente è un dato personale e non compare nel rapporto."

    _save_reproducible(wb, path, dt.datetime(year + 1, 1, 15, 9, 0, 0))
    return path


def write_year(
    year: int, out_dir, *, seed: int | None = None, messy: bool = True, with_errors: bool = False
) -> list[Path]:
    """Write the 16 sector workbooks of ``year`` into ``out_dir``; returns their paths.

    The bundled data are messy but valid, so the demo report is complete; ``with_errors``
    adds the deliberate invalid rows (for tests and for trying the validator).
    """
    seed = DEFAULT_SEED if seed is None else seed
    out_dir = Path(out_dir)
    activities = generate_activities(year, seed)
    plan = error_plan(seed, year) if messy and with_errors else {}
    return [
        write_sector_workbook(
            out_dir / f"{slug}.xlsx", slug, year, acts, messy=messy, seed=seed, errors=tuple(plan.get(slug, ()))
        )
        for slug, acts in activities.items()
    ]

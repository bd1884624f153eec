"""A generated data set for the scale benchmark: many sectors, many rows each.

Rows are the bundled sample activities, repeated with distinct titles and written
the way sectors write them (dates and amounts as text, countries by name).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from openpyxl import Workbook

from intl_report.countries import country_name
from intl_report.registry import load_registry
from intl_report.schema import COLUMNS


def _cell(column, value):
    if value is None or value == []:
        return None
    if column.kind == "date":
        return value.strftime("%d/%m/%Y")
    if column.kind == "amount":
        return f"€ {value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    if column.kind == "countries":
        return "; ".join(country_name(code) for code in value)
    if column.kind == "sectors":
        return None  # the large registry has other sectors
    if column.kind == "code":
        return column.codes.label(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def _sample_activities(year: int) -> dict[str, list[dict]]:
    """The bundled sample activities, from the generator in tools/ (a repository tool, not in the package)."""
    tools = str(Path(__file__).resolve().parents[1] / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    from sampledata import generate_activities

    return generate_activities(year)


def write_large_year(raw_year: Path, sectors: int = 170, rows: int = 2000, year: int = 2025) -> Path:
    """Write ``sectors`` workbooks of ``rows`` activities and their registry; returns the registry's path."""
    raw_year = Path(raw_year)
    raw_year.mkdir(parents=True, exist_ok=True)
    base = load_registry()
    pool = [activity for acts in _sample_activities(year).values() for activity in acts]
    entries = []
    for index in range(sectors):
        model = base.sectors[index % len(base.sectors)]
        slug = f"settore-{index + 1:03d}"
        entries.append({"slug": slug, "name": f"Settore di prova {index + 1:03d}", "kind": "Settore",
                        "themes": list(model.themes)})
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Attività")
        sheet.append([f"Città di Torino – Settore di prova {index + 1:03d} – attività {year}"])
        sheet.append([c.header for c in COLUMNS])
        for row in range(rows):
            activity = dict(pool[(index * rows + row) % len(pool)])
            activity["title"] = f"{activity['title']} – {slug} #{row + 1}"
            activity["activity_id"] = None
            sheet.append([_cell(c, activity.get(c.name)) for c in COLUMNS])
        workbook.save(raw_year / f"{slug}.xlsx")
    registry = raw_year.parent / "registry.yaml"
    registry.write_text(yaml.safe_dump({"city": base.city, "table": base.table, "established": base.established,
                                        "sectors": entries}, allow_unicode=True), encoding="utf-8")
    return registry

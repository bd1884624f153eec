"""The messy layer: clean values written the way each sector really fills in its sheet.

Each sector's workbook gets its own :class:`SheetStyle`, drawn from the seed, the sector and the year; the
cells then vary row by row within that style.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from intl_report import schema
from intl_report.formatting import MONTHS_IT
from intl_report.registry import load_registry

from .places import country_label, italian_variants
from .randomness import seeded_rng
from .vocabulary import load


@dataclass(frozen=True)
class SheetStyle:
    sheet_name: str
    title_rows: int  # rows above the header (0 when clean)
    note_row: bool
    dates: str  # excel | slash | long | mixed
    amounts: str  # number | euro | mixed
    countries: str  # it | it_variants | en | iso
    codes: str  # label | case | spaces | synonyms
    sectors: str  # name | slug
    sdg_sep: str
    swap: int | None  # index of the column swapped with the next one
    empty_row: bool
    note_column: bool
    instructions: bool
    order: str  # id | date | entry


def sheet_style(slug: str, year: int, seed, messy: bool) -> SheetStyle:
    if not messy:  # the tidy sheet the data-entry template asks for
        return SheetStyle(
            sheet_name=f"Attività {year}",
            title_rows=0,
            note_row=False,
            dates="excel",
            amounts="number",
            countries="it",
            codes="label",
            sectors="name",
            sdg_sep="; ",
            swap=None,
            empty_row=False,
            note_column=False,
            instructions=False,
            order="id",
        )
    rng = seeded_rng(seed, slug, year, "style")
    return SheetStyle(
        sheet_name=rng.choice([f"Attività {year}"] * 3 + ["Foglio1", "Attività internazionali"]),
        title_rows=rng.choice([1, 2, 2, 3]),
        note_row=rng.random() < 0.4,
        dates=rng.choice(["excel", "excel", "slash", "long", "mixed"]),
        amounts=rng.choice(["number", "number", "euro", "mixed"]),
        countries=rng.choice(["it", "it", "it_variants", "it_variants", "en", "iso"]),
        codes=rng.choice(["label", "label", "case", "spaces", "synonyms"]),
        sectors=rng.choice(["name", "slug"]),
        sdg_sep=rng.choice(["; ", "; ", ", ", ","]),
        swap=rng.choice([None, None, None, 4, 9, 11]),
        empty_row=rng.random() < 0.3,
        note_column=rng.random() < 0.15,
        instructions=rng.random() < 0.2,
        order=rng.choice(["id", "id", "date", "entry"]),
    )


def _euro_text(value: float, rng: random.Random) -> str:
    text = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return rng.choice([f"€ {text}", f"{text} €", f"€{text}"])


def _render_code(code: str | None, codes: schema.CodeList, style: str, rng: random.Random) -> str | None:
    if code is None:
        return None
    item = next(c for c in codes.codes if c.code == code)
    label = item.it
    r = rng.random()
    if style == "case" and r < 0.6:
        return rng.choice([label.upper(), label.capitalize(), label.title()])
    if style == "spaces" and r < 0.5:
        return rng.choice([f" {label}", f"{label} ", f"  {label}  "])
    if style == "synonyms" and r < 0.5 and item.synonyms:
        return rng.choice(item.synonyms)
    return label


def _render_date(day: dt.date | None, style: str, rng: random.Random):
    if day is None:
        return None
    if style == "mixed":
        style = rng.choice(["excel", "slash", "long"])
    if style == "excel":
        return day
    if style == "slash":
        return f"{day:%d/%m/%Y}" if rng.random() < 0.8 else f"{day.day}/{day.month}/{day.year}"
    return f"{day.day} {MONTHS_IT[day.month - 1]} {day.year}"


def _render_amount(value: float | None, style: str, rng: random.Random):
    if value is None:
        return None
    if style == "euro" or (style == "mixed" and rng.random() < 0.5):
        return _euro_text(value, rng)
    return int(value) if float(value).is_integer() else value


def _render_countries(codes: list[str], style: str, rng: random.Random) -> str | None:
    if not codes:
        return None
    if style == "iso":
        return "; ".join(codes)
    if style == "en":
        return ", ".join(country_label(c, "en") for c in codes)
    names = []
    for c in codes:
        variants = italian_variants(c)
        if style == "it_variants" and variants and rng.random() < 0.7:
            names.append(rng.choice(variants))
        else:
            names.append(country_label(c))
    return rng.choice(["; ", "; ", ", "]).join(names)


def _with_stray_spaces(text: str | None, rng: random.Random, p: float = 0.06) -> str | None:
    if text is None or rng.random() >= p:
        return text
    return rng.choice([f" {text}", f"{text} ", f"{text}  ", f"  {text}"])


def render_row(act: dict, style: SheetStyle, rng: random.Random, messy: bool) -> dict[str, object]:
    """Column name -> the cell value as the sector writes it."""
    registry = load_registry()
    network_variants = load("networks.yaml")["variants"]
    row: dict[str, object] = {}
    for col in schema.COLUMNS:
        value = act.get(col.name)
        if col.kind == "code":
            row[col.name] = _render_code(value, col.codes, style.codes, rng)
        elif col.kind == "date":
            row[col.name] = _render_date(value, style.dates, rng)
        elif col.kind == "amount":
            row[col.name] = _render_amount(value, style.amounts, rng)
        elif col.kind == "countries":
            row[col.name] = _render_countries(value or [], style.countries, rng)
        elif col.kind == "text_list":
            row[col.name] = "; ".join(value) if value else None
        elif col.kind == "sdgs":
            if not value:
                row[col.name] = None
            elif len(value) == 1 and messy and rng.random() < 0.7:
                row[col.name] = value[0]  # a lone goal is typed as a number
            else:
                row[col.name] = style.sdg_sep.join(str(v) for v in value)
        elif col.kind == "sectors":
            if value:
                row[col.name] = "; ".join(registry.get(s).name if style.sectors == "name" else s for s in value)
            else:
                row[col.name] = None
        elif col.kind == "integer":
            row[col.name] = value
        elif col.name == "network" and value and messy and rng.random() < 0.15 and value in network_variants:
            row[col.name] = rng.choice(network_variants[value])
        else:
            row[col.name] = _with_stray_spaces(value, rng) if messy and col.kind == "text" else value
    return row

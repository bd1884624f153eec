"""The statistics tables as an analyst reads them in a notebook: the report's labels, names instead of codes,
numbers formatted as in the report (``1.234.567 €``). The tables themselves (``stats``) keep codes and raw numbers.
"""

from __future__ import annotations

import pandas as pd

from .countries import continent_label, country_name
from .formatting import format_euro, format_int
from .registry import load_registry
from .report_texts import LABELS, check_lang

# column of a statistics table -> (its label's key in report_texts.LABELS, how its values read)
_COLUMNS = {
    "sector": ("sector", "sector"),
    "activities": ("activities", "int"),
    "eu_contribution": ("eu", "euro"),
    "total_budget": ("budget", "euro"),
    "city_cofunding": ("cofunding", "euro"),
    "partner_countries": ("partner_countries", "int"),
    "alpha2": ("country", "country"),
    "continent": ("continent", "continent"),
    "participants": ("participants", "int"),
}


def table(frame: pd.DataFrame, lang: str = "it") -> pd.DataFrame:
    """*frame* with labelled columns and readable values (strings); sector slugs as row/column labels too."""
    lang = check_lang(lang)
    words, registry = LABELS[lang], load_registry()
    names = {sector.slug: sector.label(lang) for sector in registry.sectors}

    def readable(kind: str, value):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if kind == "sector":
            return names.get(value, value)
        if kind == "country":
            return country_name(value, lang)
        if kind == "continent":
            return continent_label(value, lang)
        if kind == "euro":
            return format_euro(value, lang)
        if kind == "int":
            return format_int(value, lang)
        return value

    shown = pd.DataFrame(index=[names.get(label, label) for label in frame.index])
    for column in frame.columns:
        key, kind = _COLUMNS.get(column, (None, "int" if pd.api.types.is_integer_dtype(frame[column]) else "text"))
        label = words.get(key, column) if key else names.get(column, column)
        shown[label] = [readable(kind, value) for value in frame[column]]
    if isinstance(frame.index, pd.RangeIndex):
        shown = shown.reset_index(drop=True)
    return shown

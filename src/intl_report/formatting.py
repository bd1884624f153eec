"""Numbers, money, dates and months written the Italian or the English way.

One small place shared by the charts and the report, so that "1.234.567 €"
and "€1,234,567" are spelled identically everywhere. Missing values (None,
NaN, NaT) are written as :data:`MISSING`.
"""

from __future__ import annotations

import math
import sys
from datetime import date, datetime

MISSING = "–"

MONTHS_IT = (
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS_SHORT_IT = ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic")
MONTHS_SHORT_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _missing(value) -> bool:
    if value is None:
        return True
    pandas = sys.modules.get("pandas")
    if pandas is None:  # not imported (the command's own process), so no value can be one of its NA/NaT markers
        return isinstance(value, float) and math.isnan(value)
    try:
        return bool(pandas.isna(value))
    except (TypeError, ValueError):
        return False


def _grouped(value: float, decimals: int, lang: str) -> str:
    """``1234567.5`` → ``"1.234.567,5"`` (it) or ``"1,234,567.5"`` (en), without sign."""
    text = f"{abs(value):,.{decimals}f}"
    if lang == "en":
        return text
    return text.translate(str.maketrans({",": ".", ".": ","}))


def format_int(value, lang: str = "it") -> str:
    """Format a count with thousands separators.

    Parameters
    ----------
    value : int or float
        Rounded to the nearest integer.
    lang : {"it", "en"}

    Returns
    -------
    str
        ``"1.234"`` (it) or ``"1,234"`` (en); :data:`MISSING` for a missing value.
    """
    if _missing(value):
        return MISSING
    number = round(float(value))
    sign = "-" if number < 0 else ""
    return sign + _grouped(number, 0, lang)


def format_euro(value, lang: str = "it", decimals: int = 0, nbsp: bool = False) -> str:
    """Format an amount in euro.

    Parameters
    ----------
    value : float
    lang : {"it", "en"}
    decimals : int
        Digits after the decimal mark (0: whole euros).
    nbsp : bool
        Use a no-break space between the number and "€" (Italian only), so a
        line never breaks inside an amount.

    Returns
    -------
    str
        ``"1.234.567 €"`` (it) or ``"€1,234,567"`` (en); :data:`MISSING` for a missing value.
    """
    if _missing(value):
        return MISSING
    number = round(float(value), decimals)
    sign = "-" if number < 0 else ""
    digits = _grouped(number, decimals, lang)
    if lang == "en":
        return f"{sign}€{digits}"
    space = "\u00a0" if nbsp else " "
    return f"{sign}{digits}{space}€"


def format_pct(value, lang: str = "it", decimals: int = 1, signed: bool = False) -> str:
    """Format a percentage given in percent (``12.5`` → ``"12,5%"``).

    Parameters
    ----------
    value : float
        A percentage, not a fraction.
    lang : {"it", "en"}
    decimals : int
    signed : bool
        Prefix positive values with "+" (for changes).

    Returns
    -------
    str
        ``"12,5%"`` (it) or ``"12.5%"`` (en); :data:`MISSING` for a missing or infinite value.
    """
    if _missing(value) or math.isinf(float(value)):
        return MISSING
    number = round(float(value), decimals)
    if number == 0:
        number = 0.0  # no "-0,0%"
    sign = "-" if number < 0 else ("+" if signed and number > 0 else "")
    return f"{sign}{_grouped(number, decimals, lang)}%"


def format_date(value, lang: str = "it") -> str:
    """Format a date in words: ``"3 febbraio 2025"`` (it) or ``"3 February 2025"`` (en).

    Parameters
    ----------
    value : date, datetime, pandas.Timestamp or ISO string
    lang : {"it", "en"}

    Returns
    -------
    str
        :data:`MISSING` for a missing value (None, NaT).
    """
    if _missing(value):
        return MISSING
    if not isinstance(value, (date, datetime)):
        import pandas as pd

        value = pd.Timestamp(value)
    return f"{value.day} {month_name(value.month, lang)} {value.year}"


def month_name(month: int, lang: str = "it", short: bool = False) -> str:
    """Name of ``month`` (1–12): ``"febbraio"``/``"feb"`` (it), ``"February"``/``"Feb"`` (en)."""
    if not 1 <= int(month) <= 12:
        raise ValueError(f"month must be in 1..12, not {month!r}")
    if lang == "en":
        names = MONTHS_SHORT_EN if short else MONTHS_EN
    else:
        names = MONTHS_SHORT_IT if short else MONTHS_IT
    return names[int(month) - 1]


def format_euro_short(value, lang: str = "it") -> str:
    """Compact amount for tight chart labels: ``"1,2 mln €"``/``"€1.2m"``, ``"850 mila €"``/``"€850k"``.

    Amounts under a thousand euro are written in full (:func:`format_euro`).
    """
    if _missing(value):
        return MISSING
    number = float(value)
    sign = "-" if number < 0 else ""
    size = abs(number)
    if size >= 999_500:
        amount, unit_it, unit_en = size / 1e6, " mln", "m"
    elif size >= 1_000:
        amount, unit_it, unit_en = size / 1e3, " mila", "k"
    else:
        return format_euro(value, lang)
    decimals = 0 if amount >= 100 or round(amount, 1) == round(amount) else 1
    digits = _grouped(round(amount, decimals), decimals, lang)
    if lang == "en":
        return f"{sign}€{digits}{unit_en}"
    return f"{sign}{digits}{unit_it} €"

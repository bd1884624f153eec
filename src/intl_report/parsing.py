"""Turn the free text of sector spreadsheets into typed values.

Every function takes one cell value as it comes out of pandas (``str``,
``int``, ``float``, ``datetime``, ``Timestamp``, ``None``/NaN/NaT) and returns
a clean Python value, ``None`` (or ``[]``) for a blank cell, or raises
:class:`ParseError` whose message is a short sentence that a sector
employee can act on without help: Italian, or the language of
``$INTL_REPORT_LANGUAGE`` (every message is a template in the gettext
catalogues, :mod:`intl_report.i18n`, its context named ``parsing.<what>``).
:func:`read_amount` also says when an amount was read from an approximate
or abbreviated text (``circa 10.000``, ``10k``).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Literal
from urllib.parse import urlsplit

import pandas as pd

from .folding import INVISIBLE_CHARACTERS, fold
from .formatting import format_euro
from .i18n import operator_language, say

__all__ = [
    "ParseError",
    "is_blank",
    "clean_text",
    "parse_date",
    "parse_amount",
    "read_amount",
    "parse_integer",
    "split_list",
    "parse_sdgs",
    "parse_url",
]


class ParseError(ValueError):
    """A cell value that cannot be read; ``str(err)`` is a hint for the sector, in the operator's language."""

    def __init__(self, message: str, value: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.value = value


# --------------------------------------------------------------------------- text

# Placeholders people type instead of leaving a cell empty.
_BLANK_TOKENS = frozenset({"", "-", "--", "---", "—", "–", "n.d.", "n.d", "nd", "n/d", "n/a", "na.", "/", "?"})
_SPACES_RE = re.compile(r"\s+")


def is_blank(value: object) -> bool:
    """True for ``None``, NaN, NaT, empty or whitespace-only text and placeholders like ``-`` or ``n.d.``."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.translate(INVISIBLE_CHARACTERS).strip().lower() in _BLANK_TOKENS
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return len(value) == 0
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # array-likes: not a single blank cell
        return False


def _number_text(value: float) -> str:
    # Excel stores every number as a float: 2025.0 means the integer 2025.
    if math.isfinite(value) and value == int(value):
        return str(int(value))
    return repr(float(value))


def clean_text(value: object) -> str | None:
    """Trimmed, NFC-normalised text with whitespace runs collapsed to one space; ``None`` if blank.

    Whole floats (``2025.0``) become ``"2025"``; dates become ``gg/mm/aaaa`` as sectors write them.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return _number_text(float(value))
    if isinstance(value, (dt.datetime, dt.date)):
        if isinstance(value, dt.datetime) and value.time() != dt.time(0):
            return value.strftime("%d/%m/%Y %H:%M")
        return value.strftime("%d/%m/%Y")
    text = unicodedata.normalize("NFC", str(value)).translate(INVISIBLE_CHARACTERS)
    text = _SPACES_RE.sub(" ", text).strip()
    return None if is_blank(text) else text


# --------------------------------------------------------------------------- dates

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # 1900 date system, after Excel's fictitious 29/02/1900
_SERIAL_YEARS = (1990, 2100)  # a serial outside this range is more likely a typo than a date
_TEXT_YEARS = (1900, 2100)  # written dates can be old: twinning agreements go back to the 1950s

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("gennaio", "gen", "january", "jan"),
        ("febbraio", "feb", "february"),
        ("marzo", "mar", "march"),
        ("aprile", "apr", "april"),
        ("maggio", "mag", "may"),
        ("giugno", "giu", "june", "jun"),
        ("luglio", "lug", "july", "jul"),
        ("agosto", "ago", "august", "aug"),
        ("settembre", "set", "sett", "september", "sep", "sept"),
        ("ottobre", "ott", "october", "oct"),
        ("novembre", "nov", "november"),
        ("dicembre", "dic", "december", "dec"),
    ],
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number

_WEEKDAYS = (
    r"(?:lunedi|martedi|mercoledi|giovedi|venerdi|sabato|domenica|lun|mar|mer|gio|ven|sab|dom"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+"
)
_TIME = r"(?:[ t]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
_NUMERIC_DMY_RE = re.compile(rf"(\d{{1,2}})\s*[/.\-]\s*(\d{{1,2}})\s*[/.\-]\s*(\d{{4}}|\d{{2}}){_TIME}")
_NUMERIC_YMD_RE = re.compile(rf"(\d{{4}})[/.\-](\d{{1,2}})[/.\-](\d{{1,2}}){_TIME}")
_NUMERIC_MY_RE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{4})")
_SERIAL_RE = re.compile(r"\d{5}(?:[.,]\d+)?")
_NAMED_DMY_RE = re.compile(
    rf"(?:{_WEEKDAYS})?(?:(\d{{1,2}})\s*°?[\s\-/.]*)?([a-z]+)\.?[\s\-/.,]+(\d{{4}}|\d{{2}})"
)
_NAMED_MDY_RE = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")  # English "February 3, 2025"


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year  # two-digit years are always this century


def _date_not_recognised(original: object) -> ParseError:
    return ParseError(say(
        "parsing.date_invalid",
        "data non riconosciuta: usare il formato gg/mm/aaaa (es. 03/02/2025) oppure scrivere «3 febbraio 2025»",
    ), original)


def _make_date(year: int, month: int, day: int, original: object) -> dt.date:
    lo, hi = _TEXT_YEARS
    if not lo <= year <= hi:
        raise ParseError(say(
            "parsing.date_year_implausible",
            "anno {year} non plausibile: usare il formato gg/mm/aaaa (es. 03/02/2025) oppure scrivere "
            "«3 febbraio 2025»",
            year=year,
        ), original)
    try:
        return dt.date(year, month, day)
    except ValueError:
        as_written = f"{day:02d}/{month:02d}/{year}"
        raise ParseError(say(
            "parsing.date_nonexistent",
            "data inesistente ({date}): controllare giorno e mese; usare il formato gg/mm/aaaa (es. 03/02/2025) "
            "oppure scrivere «3 febbraio 2025»",
            date=as_written,
        ), original) from None


def _from_serial(serial: float, original: object) -> dt.date:
    lo, hi = _SERIAL_YEARS
    first, last = (dt.date(lo, 1, 1) - _EXCEL_EPOCH).days, (dt.date(hi, 12, 31) - _EXCEL_EPOCH).days
    if math.isfinite(serial) and first <= serial < last + 1:
        return _EXCEL_EPOCH + dt.timedelta(days=math.floor(serial))  # the fraction is the time of day
    raise ParseError(say(
        "parsing.date_serial_invalid",
        "data non riconosciuta (numero {number}): usare il formato gg/mm/aaaa (es. 03/02/2025) oppure scrivere "
        "«3 febbraio 2025»",
        number=_number_text(serial),
    ), original)


def parse_date(value: object) -> dt.date | None:
    """A calendar date from a date object, an Excel serial number or Italian/English text.

    Day comes before month, always; two-digit years mean 20yy; a month
    without a day (``"febbraio 2025"``) means its first day.
    """
    if is_blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise _date_not_recognised(value)
    if isinstance(value, numbers.Real):
        return _from_serial(float(value), value)
    if not isinstance(value, str):
        try:
            return pd.Timestamp(value).date()  # numpy.datetime64 and friends
        except (TypeError, ValueError):
            raise _date_not_recognised(value) from None

    # The patterns below read "/", "." and ","; NFKD would turn the ordinal sign of "1º" into an "o".
    text = fold(value.replace("º", "°"), keep_punctuation=True)
    if m := _NUMERIC_DMY_RE.fullmatch(text):
        return _make_date(_year(m[3]), int(m[2]), int(m[1]), value)
    if m := _NUMERIC_YMD_RE.fullmatch(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), value)
    if m := _NUMERIC_MY_RE.fullmatch(text):
        return _make_date(int(m[2]), int(m[1]), 1, value)
    if _SERIAL_RE.fullmatch(text):
        return _from_serial(float(text.replace(",", ".")), value)
    if (m := _NAMED_DMY_RE.fullmatch(text)) and m[2] in _MONTHS:
        return _make_date(_year(m[3]), _MONTHS[m[2]], int(m[1] or 1), value)
    if (m := _NAMED_MDY_RE.fullmatch(text)) and m[1] in _MONTHS:
        return _make_date(int(m[3]), _MONTHS[m[1]], int(m[2]), value)
    raise _date_not_recognised(value)


# --------------------------------------------------------------------------- numbers

_MULTIPLIERS = {
    "k": 1_000, "mila": 1_000, "migliaia": 1_000, "mille": 1_000,
    "m": 1_000_000, "mln": 1_000_000, "mio": 1_000_000, "mn": 1_000_000, "milione": 1_000_000,
    "milioni": 1_000_000, "million": 1_000_000, "millions": 1_000_000,
    "mld": 1_000_000_000, "miliardo": 1_000_000_000, "miliardi": 1_000_000_000, "bn": 1_000_000_000,
}  # fmt: skip
_CURRENCY_RE = re.compile(r"€|\beur(?:o|os)?\b\.?")
# Words that hedge a figure: "circa 10.000" is approximate, "oltre 5.000" a minimum. Both are read as the figure
# they name; for an amount the referent is warned (read_amount), a count ("circa 50 partecipanti") is left alone.
_APPROXIMATE_RE = re.compile(r"^(?:circa|ca\.?|c\.a\.?|~|≈|approx\.?|about)\s*|\s*(?:circa|ca\.?)$")
_MINIMUM_RE = re.compile(r"^(?:oltre|piu di|almeno|>=?|≥|more than|at least|over)\s*")
_QUANTITY_RE = re.compile(r"(?P<sign>[-+\u2212])?\s*(?P<num>\d(?:[\d.,\s]*\d)?)\s*(?P<tail>[a-z][a-z\s.]*)?")
# Two figures with a dash, "da … a …" or "tra … e …" between them: a range, not one amount.
_RANGE_RES = (
    re.compile(r"(?P<low>\d.*?)\s*[-–—]\s*(?P<high>\d.*)"),
    re.compile(r"(?:da|from)\s+(?P<low>\d.*?)\s+(?:a|to)\s+(?P<high>\d.*)"),
    re.compile(r"(?:tra|fra|between)\s+(?P<low>\d.*?)\s+(?:e|and)\s+(?P<high>\d.*)"),
)

_Quantity = Literal["amount", "integer"]
_Hedge = Literal["approximate", "minimum", "abbreviated"] | None


def _not_a_number(kind: _Quantity, value: object) -> ParseError:
    if kind == "amount":
        message = say("parsing.amount_invalid", "importo non riconosciuto: scrivere un numero in euro, es. 12.500,00")
    else:
        message = say("parsing.integer_invalid", "numero non riconosciuto: scrivere un numero intero, es. 120")
    return ParseError(message, value)


def _negative(kind: _Quantity, value: object) -> ParseError:
    if kind == "amount":
        message = say("parsing.amount_negative", "importo negativo: scrivere un numero in euro, es. 12.500,00")
    else:
        message = say("parsing.integer_negative", "numero negativo: scrivere un numero intero, es. 120")
    return ParseError(message, value)


def _is_range(text: str) -> bool:
    for pattern in _RANGE_RES:
        m = pattern.fullmatch(text)
        if m and _QUANTITY_RE.fullmatch(m["low"].strip()) and _QUANTITY_RE.fullmatch(m["high"].strip()):
            return True
    return False


def _decimal(num: str) -> Decimal | None:
    """The value of a digit string using Italian or English separators, or ``None`` if ambiguous."""
    if " " in num:
        # "12 500": a space (often a non-breaking one) as thousands separator
        if not re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", num):
            return None
        num = num.replace(" ", "")
    dots, commas = num.count("."), num.count(",")
    if dots and commas:
        # the last separator is the decimal one, the other must group thousands
        cut = max(num.rfind("."), num.rfind(","))
        dec_sep = num[cut]
        thou_sep = "," if dec_sep == "." else "."
        int_part, frac = num[:cut], num[cut + 1 :]
        if dec_sep in int_part or not re.fullmatch(rf"\d{{1,3}}(?:\{thou_sep}\d{{3}})+|\d+", int_part):
            return None
        return Decimal(int_part.replace(thou_sep, "") + "." + frac)
    if commas:
        if commas == 1:
            return Decimal(num.replace(",", "."))  # Italian decimal comma
        return Decimal(num.replace(",", "")) if re.fullmatch(r"\d{1,3}(?:,\d{3})+", num) else None
    if dots:
        if dots == 1:
            int_part, frac = num.split(".")
            if len(frac) == 3 and len(int_part) <= 3:
                return Decimal(int_part + frac)  # "12.500": Italian thousands separator
            return Decimal(num)  # "12.5", "12500.0": decimal point
        return Decimal(num.replace(".", "")) if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", num) else None
    return Decimal(num)


def _read_quantity(value: object, kind: _Quantity) -> tuple[Decimal | None, _Hedge]:
    """Shared reader for amounts and counts: a non-negative Decimal (``None`` if blank) and how the text hedged it.

    Counts may have words after the number ("120 persone"); amounts only a multiplier ("12,5 mila").
    """
    if is_blank(value):
        return None, None
    if isinstance(value, bool):
        raise _not_a_number(kind, value)
    if isinstance(value, numbers.Real):  # a number cell states its value exactly
        number = float(value)
        if not math.isfinite(number):
            raise _not_a_number(kind, value)
        if number < 0:
            raise _negative(kind, value)
        return (Decimal(int(value)) if isinstance(value, numbers.Integral) else Decimal(repr(number))), None
    if not isinstance(value, str):
        raise _not_a_number(kind, value)

    text = _CURRENCY_RE.sub(" ", fold(value, keep_punctuation=True))
    text = re.sub(r"[.,]-+\s*$", "", text.strip())  # "12.500,-": no cents
    text, approximate = _APPROXIMATE_RE.subn("", text.strip())
    text, minimum = _MINIMUM_RE.subn("", text.strip())
    text = text.strip()
    match = _QUANTITY_RE.fullmatch(text)
    if not match:
        if kind == "amount" and _is_range(text):
            # An error, not a figure chosen for the sector: the report adds budgets up, and a finance officer checks
            # them against the commitments in the accounts, which hold one amount. Neither bound nor the middle is
            # what the sector stated, and "10-12.000" does not even say whether it starts at 10 or at 10.000 euro.
            raise ParseError(say(
                "parsing.amount_range",
                "«{written}» è un intervallo, non un importo: scrivere un solo importo in euro, es. 12.500,00 "
                "(quello previsto o approvato; se non è ancora noto, lasciare la cella vuota)",
                written=clean_text(value),
            ), value)
        raise _not_a_number(kind, value)
    number = _decimal(match["num"].strip())
    if number is None:
        raise _not_a_number(kind, value)
    abbreviated = False
    tail = (match["tail"] or "").strip()
    if tail:
        first, *rest = tail.replace(".", " ").split()
        if first in _MULTIPLIERS:
            number *= _MULTIPLIERS[first]
            abbreviated = True
        elif kind == "amount":
            raise _not_a_number(kind, value)
        if rest and kind == "amount":
            raise _not_a_number(kind, value)
    if match["sign"] and match["sign"] != "+" and number != 0:
        raise _negative(kind, value)
    # The hedge that matters most to a reader of the figure: "circa 10k" is approximate before it is abbreviated.
    hedge: _Hedge = "approximate" if approximate else "minimum" if minimum else "abbreviated" if abbreviated else None
    return number, hedge


def _hedge_warning(value: object, amount: float, hedge: _Hedge) -> str:
    """The warning for an amount read from a hedged text, naming the text and the amount read from it."""
    values = {"written": clean_text(value), "amount": format_euro(amount, operator_language(), decimals=2)}
    if hedge == "approximate":
        return say("parsing.amount_approximate",
                   "«{written}» letto come {amount} (importo approssimativo): indicare l'importo esatto, se noto",
                   **values)
    if hedge == "minimum":
        return say("parsing.amount_minimum",
                   "«{written}» letto come {amount} (importo minimo): indicare l'importo esatto, se noto", **values)
    return say("parsing.amount_abbreviated",
               "«{written}» letto come {amount} (importo abbreviato): scrivere l'importo per intero, esatto se noto",
               **values)


def read_amount(value: object) -> tuple[float | None, str | None]:
    """An amount in euro (as :func:`parse_amount`) and a warning when the text does not state it exactly.

    ``"circa 10.000 euro"``, ``"ca. 10.000"``, ``"~ 3.000"`` are approximate, ``"oltre 5.000"`` is a minimum,
    ``"10k"``, ``"10 mila"``, ``"1,5 mln"`` are abbreviated: each is read as the figure it names, with a warning
    that names the text and the amount read and asks for the exact one. Plain amounts (``"12.500,00"``,
    ``"€ 12.500"``, ``"12,500.00"``, a number cell) have no warning.

    Returns
    -------
    (float or None, str or None)
        The amount (``None`` for a blank cell) and the warning, if any.

    Raises
    ------
    ParseError
        For text that is not one amount: garbage, a negative amount, a range (``"10-12.000"``).
    """
    number, hedge = _read_quantity(value, "amount")
    if number is None:
        return None, None
    amount = float(number)
    return amount, (None if hedge is None else _hedge_warning(value, amount, hedge))


def parse_amount(value: object) -> float | None:
    """An amount in euro: ``"€ 12.500,00"``, ``"12,5 mila"``, ``"1.2M"``, ``"EUR 3.000"``…

    A single dot followed by exactly three digits groups thousands (``"12.500"``
    is 12500); a single comma is always the decimal separator (``"12,5"``).
    Approximate and abbreviated texts are read without a word: :func:`read_amount` gives their warning.
    """
    number, _ = _read_quantity(value, "amount")
    return None if number is None else float(number)


def parse_integer(value: object) -> int | None:
    """A whole non-negative number: ``"1.200"``, ``"120 persone"``, ``"circa 50"``."""
    number, _ = _read_quantity(value, "integer")
    if number is None:
        return None
    if number != number.to_integral_value():
        message = say("parsing.integer_fraction", "numero non intero: scrivere un numero intero, es. 120")
        raise ParseError(message, value)
    return int(number)


# --------------------------------------------------------------------------- lists

# Hard separators always split; soft ones split unless they are part of a protected name.
_HARD_SEP_RE = re.compile(r"[;|\n\r\u2028]+")
_SOFT_SEP_RE = re.compile(r"(\s*[,/]\s*|\s+(?:e|and|&)\s+)", re.IGNORECASE)
_SOFT_SEP_NO_CONJ_RE = re.compile(r"(\s*[,/]\s*)")
_BULLET_RE = re.compile(r"^(?:[-•*–—·]|\d{1,2}[.)])\s+")


def _is_protected_name(text: str) -> bool:
    # Imported lazily: countries imports this module.
    from .countries import is_country_name

    return is_country_name(text)


def _merge_protected(parts: list[str], seps: list[str], protect: Callable[[str], bool]) -> list[str]:
    """Greedily re-join neighbouring parts whose joined text is a protected name."""
    items: list[str] = []
    i = 0
    while i < len(parts):
        end = i
        for j in range(len(parts) - 1, i, -1):
            joined = parts[i] + "".join(seps[k] + parts[k + 1] for k in range(i, j))
            if protect(joined):
                end = j
                break
        items.append(parts[i] + "".join(seps[k] + parts[k + 1] for k in range(i, end)))
        i = end + 1
    return items


def split_list(value: object, *, conjunctions: bool = True, protect: Callable[[str], bool] | None = None) -> list[str]:
    """Items of a list cell, trimmed, without blanks or repeats (first spelling wins).

    Separators: ``;`` ``,`` ``/`` ``|`` newlines and, when ``conjunctions`` is
    true, the words ``e``/``and``/``&``. Country names containing a separator
    ("Trinidad e Tobago", "Korea, Republic of") are kept whole; ``protect``
    can add other names to keep whole. "ed" never splits ("Bosnia ed Erzegovina").
    Pass ``conjunctions=False`` for names of bodies such as "Camera di commercio e industria".
    """
    if is_blank(value):
        return []
    if not isinstance(value, str):
        text = clean_text(value)
        return [text] if text else []

    def protected(text: str) -> bool:
        return _is_protected_name(text) or (protect is not None and protect(text))

    soft_re = _SOFT_SEP_RE if conjunctions else _SOFT_SEP_NO_CONJ_RE
    items: list[str] = []
    seen: set[str] = set()
    for chunk in _HARD_SEP_RE.split(unicodedata.normalize("NFC", value)):
        pieces = soft_re.split(chunk)
        parts, seps = pieces[0::2], pieces[1::2]
        for raw in _merge_protected(parts, seps, protected):
            item = clean_text(_BULLET_RE.sub("", raw.strip()))
            if item is None:
                continue
            key = fold(item) or item
            if key not in seen:
                seen.add(key)
                items.append(item)
    return items


# --------------------------------------------------------------------------- SDGs

_SDG_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


def parse_sdgs(value: object) -> list[int]:
    """Sustainable Development Goal numbers (1..17), sorted and unique.

    Reads ``"11; 13"``, ``"SDG 11, SDG 13"``, ``"Goal 4"`` and Excel's ``11.0``.
    A fractional number (``11.2``) is refused as ambiguous: Italian Excel turns
    "11,2" typed in a cell into the number 11.2.
    """
    if is_blank(value):
        return []
    if isinstance(value, bool):
        raise _sdgs_not_recognised(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number) or number != int(number):
            raise ParseError(say(
                "parsing.sdgs_ambiguous",
                "obiettivi SDG ambigui ({number}): scrivere i numeri degli obiettivi da 1 a 17 separati da punto e "
                "virgola, es. 11; 13",
                number=_number_text(number),
            ), value)
        tokens = [str(int(number))]
    else:
        tokens = _SDG_NUMBER_RE.findall(str(value))
        if not tokens:
            raise _sdgs_not_recognised(value)
    goals: set[int] = set()
    for token in tokens:
        whole, _, frac = token.partition(".")
        if frac.strip("0"):
            raise ParseError(say(
                "parsing.sdg_ambiguous",
                "obiettivo SDG ambiguo ({number}): scrivere i numeri degli obiettivi da 1 a 17 separati da punto e "
                "virgola, es. 11; 13",
                number=token,
            ), value)
        goal = int(whole)
        if not 1 <= goal <= 17:
            raise ParseError(say(
                "parsing.sdg_nonexistent",
                "obiettivo SDG {number} inesistente: scrivere i numeri degli obiettivi da 1 a 17 separati da punto e "
                "virgola, es. 11; 13",
                number=goal,
            ), value)
        goals.add(goal)
    return sorted(goals)


def _sdgs_not_recognised(value: object) -> ParseError:
    return ParseError(say(
        "parsing.sdgs_invalid",
        "obiettivi SDG non riconosciuti: scrivere i numeri degli obiettivi da 1 a 17 separati da punto e virgola, "
        "es. 11; 13",
    ), value)


# --------------------------------------------------------------------------- URLs

_BARE_DOMAIN_RE = re.compile(r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#]\S*)?", re.IGNORECASE)


def parse_url(value: object) -> str | None:
    """A web address starting with ``http(s)://``; ``www.…`` and bare domains get ``https://``."""
    text = clean_text(value)
    if text is None:
        return None
    text = text.strip("<>\"'«» ")
    if " " in text:
        raise _url_not_valid(value)
    if "://" not in text and _BARE_DOMAIN_RE.fullmatch(text):
        text = "https://" + text  # "www.comune.torino.it" and "comune.torino.it"
    parts = urlsplit(text)
    host = parts.hostname or ""
    if "@" in parts.netloc or parts.scheme.lower() not in ("http", "https") or "." not in host or host.startswith(".") or host.endswith("."):
        raise _url_not_valid(value)
    return text


def _url_not_valid(value: object) -> ParseError:
    return ParseError(say(
        "parsing.url_invalid",
        "indirizzo web non valido: scrivere un indirizzo web completo, es. https://www.comune.torino.it",
    ), value)

"""Cell-value parsers: what sectors type in Excel and what the code gets back."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from intl_report.folding import fold
from intl_report.parsing import (
    ParseError,
    clean_text,
    is_blank,
    parse_amount,
    parse_date,
    parse_integer,
    parse_sdgs,
    parse_url,
    read_amount,
    split_list,
)

ITALIAN_MONTHS = [
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
]  # fmt: skip
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


# --------------------------------------------------------------------------- blanks and text


@pytest.mark.parametrize("value", [None, math.nan, np.nan, pd.NaT, pd.NA, "", "   ", "-", "n.d.", "N.D.", "—", "\u200b"])
def test_placeholders_and_missing_values_are_blank(value):
    assert is_blank(value)


@pytest.mark.parametrize("value", [0, 0.0, "0", "x", "Francia", dt.date(2025, 1, 1)])
def test_real_values_are_not_blank(value):
    assert not is_blank(value)


def test_clean_text_collapses_whitespace_and_trims():
    assert clean_text("  Eurocities \t Social\n\nForum  ") == "Eurocities Social Forum"


def test_clean_text_turns_excel_whole_floats_into_integers():
    assert clean_text(2025.0) == "2025"
    assert clean_text(np.int64(7)) == "7"
    assert clean_text(3.5) == "3.5"


def test_clean_text_normalises_to_nfc():
    decomposed = "Citta\u0300"  # "Città" with a combining grave accent, as some Mac copies produce
    assert clean_text(decomposed) == "Città"


def test_clean_text_of_blank_is_none():
    assert clean_text(" n.d. ") is None
    assert clean_text(None) is None


def test_clean_text_writes_dates_day_first():
    assert clean_text(dt.date(2025, 2, 3)) == "03/02/2025"


def test_fold_ignores_case_accents_and_punctuation():
    assert fold("  Città   del  Vaticano ") == "citta del vaticano"
    assert fold("U.S.A.") == fold("USA") == "usa"
    assert fold("Costa d’Avorio") == fold("Costa d'Avorio") == "costa d avorio"
    assert fold("Budget (€)") == "budget"
    assert fold("Isole Fær Øer") == "isole faer oer"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2025, 2, 3),
        dt.datetime(2025, 2, 3, 14, 30),
        pd.Timestamp("2025-02-03"),
        np.datetime64("2025-02-03"),
        "03/02/2025",
        "3/2/2025",
        "03-02-25",
        "03.02.2025",
        "2025-02-03",
        "2025-02-03 00:00:00",
        " 03/02/2025 ",
        "03/02/2025 10:30",
    ],
)
def test_date_objects_and_numeric_day_first_strings_are_parsed(value):
    assert parse_date(value) == dt.date(2025, 2, 3)


@pytest.mark.parametrize("value", ["3 febbraio 2025", "03 Febbraio 2025", "3 feb 2025", "3 feb. 2025", "lunedì 3 febbraio 2025"])
def test_italian_month_name_with_day_is_parsed(value):
    assert parse_date(value) == dt.date(2025, 2, 3)


def test_ordinal_first_of_month_is_parsed():
    assert parse_date("1° marzo 2025") == dt.date(2025, 3, 1)
    assert parse_date("1º marzo 2025") == dt.date(2025, 3, 1)


@pytest.mark.parametrize("value", ["feb 2025", "febbraio 2025", "Febbraio 2025", "Feb 2025", "February 2025", "02/2025"])
def test_month_without_day_means_first_day_of_month(value):
    assert parse_date(value) == dt.date(2025, 2, 1)


@pytest.mark.parametrize("value", ["3 February 2025", "February 3, 2025", "3 Feb 2025"])
def test_english_month_names_are_parsed(value):
    assert parse_date(value) == dt.date(2025, 2, 3)


def test_day_always_comes_before_month():
    assert parse_date("04/05/2025") == dt.date(2025, 5, 4)


def test_two_digit_years_are_this_century():
    assert parse_date("01/03/99") == dt.date(2099, 3, 1)
    assert parse_date("mar 25") == dt.date(2025, 3, 1)


@pytest.mark.parametrize("value", [45689, 45689.0, 45689.75, np.int64(45689), "45689"])
def test_excel_serial_numbers_are_parsed(value):
    assert parse_date(value) == dt.date(2025, 2, 1)


@pytest.mark.parametrize("value", [2025, 12, 1_000_000, -5])
def test_implausible_excel_serial_numbers_are_refused(value):
    with pytest.raises(ParseError, match="gg/mm/aaaa"):
        parse_date(value)


@pytest.mark.parametrize("value", ["31/02/2025", "29/02/2025", "13/13/2025"])
def test_impossible_calendar_dates_are_refused_with_the_accepted_format(value):
    with pytest.raises(ParseError, match="data inesistente.*gg/mm/aaaa"):
        parse_date(value)


@pytest.mark.parametrize("value", ["da definire", "2025", "primavera 2025", "03/02", "tbd", True])
def test_text_that_is_not_a_date_is_refused_in_italian(value):
    with pytest.raises(ParseError, match="data non riconosciuta: usare il formato gg/mm/aaaa"):
        parse_date(value)


def test_parse_errors_are_in_the_language_of_intl_report_language(monkeypatch):
    monkeypatch.setenv("INTL_REPORT_LANGUAGE", "en")
    with pytest.raises(ParseError) as info:
        parse_date("31/02/2025")
    assert str(info.value) == ("no such date (31/02/2025): check the day and the month; use the format dd/mm/yyyy "
                               "(e.g. 03/02/2025) or write “3 February 2025”")
    assert read_amount("1,5 mln") == (
        1_500_000.0, "“1,5 mln” read as €1,500,000.00 (abbreviated amount): write the amount out in full, exact if known")


@pytest.mark.parametrize("value", [None, "", "  ", "-", "n.d.", math.nan, pd.NaT])
def test_blank_date_is_none(value):
    assert parse_date(value) is None


def test_parse_error_is_a_value_error():
    assert issubclass(ParseError, ValueError)


@given(dates)
def test_any_date_written_gg_mm_aaaa_round_trips(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == day


@given(dates, st.booleans())
def test_any_date_written_with_an_italian_month_name_round_trips(day, abbreviated):
    month = ITALIAN_MONTHS[day.month - 1]
    month = month[:3] if abbreviated else month
    assert parse_date(f"{day.day} {month} {day.year}") == day


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_any_plausible_excel_serial_round_trips(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == day
    assert parse_date(float(serial)) == day


@given(st.text(alphabet=st.characters(categories=["L", "Zs"]), max_size=30))
def test_date_parser_either_succeeds_or_raises_parse_error_on_free_text(text):
    try:
        parse_date(text)
    except ParseError:
        pass


# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12500, 12500.0),
        (12500.5, 12500.5),
        ("€ 12.500,00", 12500.0),
        ("12.500,00 €", 12500.0),
        ("€12.500,00", 12500.0),
        ("12500", 12500.0),
        ("12.500", 12500.0),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("12500.0", 12500.0),
        ("12,5 mila", 12500.0),
        ("12.5k", 12500.0),
        ("12,5K", 12500.0),
        ("1,2 mln", 1_200_000.0),
        ("1,2 milioni", 1_200_000.0),
        ("1.2M", 1_200_000.0),
        ("EUR 3.000", 3000.0),
        ("3000 euro", 3000.0),
        ("3.000 Euro", 3000.0),
        ("\u00a0€\u00a012.500,00\u00a0", 12500.0),
        ("12\u00a0500", 12500.0),
        ("1.234.567,89", 1234567.89),
        ("1,234,567.89", 1234567.89),
        ("1,234,567", 1234567.0),
        ("€ 12.500,-", 12500.0),
        ("circa 5.000 €", 5000.0),
        ("0", 0.0),
    ],
)
def test_amounts_in_italian_and_english_styles_are_parsed(value, expected):
    assert parse_amount(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", ["-500", "- 500 €", "−1.000", -3, -0.01])
def test_negative_amounts_are_refused(value):
    with pytest.raises(ParseError, match="importo negativo"):
        parse_amount(value)


@pytest.mark.parametrize("value", ["abc", "da definire", "12.500 per anno", "1.2.3", "1,2,3", "12,5 pere", "1-2-3", True])
def test_garbage_amounts_are_refused_with_an_example(value):
    with pytest.raises(ParseError, match=r"importo non riconosciuto: scrivere un numero in euro, es\. 12\.500,00"):
        parse_amount(value)


@pytest.mark.parametrize(
    ("value", "read_as", "kind"),
    [
        ("circa 10.000 euro", "10.000,00 €", "importo approssimativo"),
        ("ca. 10.000", "10.000,00 €", "importo approssimativo"),
        ("~ 3.000", "3.000,00 €", "importo approssimativo"),
        ("10.000 circa", "10.000,00 €", "importo approssimativo"),
        ("circa 10k", "10.000,00 €", "importo approssimativo"),  # the hedge matters more than the abbreviation
        ("oltre 5.000", "5.000,00 €", "importo minimo"),
        ("più di 5.000 €", "5.000,00 €", "importo minimo"),
        ("10k", "10.000,00 €", "importo abbreviato"),
        ("10 mila", "10.000,00 €", "importo abbreviato"),
        ("1,5 mln", "1.500.000,00 €", "importo abbreviato"),
    ],
)
def test_an_approximate_or_abbreviated_amount_is_read_with_a_warning_naming_the_value_read(value, read_as, kind):
    amount, warning = read_amount(value)
    assert amount == parse_amount(value)
    assert warning.startswith(f"«{value}» letto come {read_as} ({kind}): ")


def test_the_warning_for_an_approximate_amount_asks_for_the_exact_one():
    assert read_amount("circa 10.000 euro") == (
        10000.0, "«circa 10.000 euro» letto come 10.000,00 € (importo approssimativo): indicare l'importo esatto, se noto")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12.500,00", 12500.0), ("12500", 12500.0), ("€ 12.500", 12500.0), ("12,500.00", 12500.0),
     ("€ 12.500,-", 12500.0), ("12,5", 12.5), (12500, 12500.0), (12500.5, 12500.5), ("0", 0.0)],
)  # fmt: skip
def test_a_plain_amount_is_read_without_a_warning(value, expected):
    assert read_amount(value) == (expected, None)


@pytest.mark.parametrize("value", ["10-12.000", "10 - 12.000", "10–12.000 €", "12-13", "circa 10-12 mila",
                                   "da 10.000 a 12.000", "tra 10 e 12 mila"])
def test_a_range_is_not_one_amount_and_asks_for_a_single_one(value):
    with pytest.raises(ParseError) as info:
        read_amount(value)
    assert str(info.value).startswith(f"«{value}» è un intervallo, non un importo: scrivere un solo importo in euro")
    assert info.value.value == value


def test_a_blank_amount_has_neither_value_nor_warning():
    assert read_amount(" ") == (None, None)


@given(st.text(max_size=25))
def test_read_amount_agrees_with_parse_amount_or_raises_parse_error_on_free_text(text):
    try:
        amount, warning = read_amount(text)
    except ParseError:
        return
    assert amount == parse_amount(text)
    assert warning is None or (amount is not None and warning.startswith("«"))


@pytest.mark.parametrize("value", [None, "", " ", "-", "n.d.", math.nan])
def test_blank_amount_is_none(value):
    assert parse_amount(value) is None


def _italian_amount(amount: Decimal) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"€ {'.'.join(groups)},{cents}"


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_any_amount_written_italian_style_round_trips(amount):
    assert parse_amount(_italian_amount(amount)) == pytest.approx(float(amount), abs=0.001)


@given(st.integers(min_value=0, max_value=10**12))
def test_any_whole_amount_with_thousands_dots_round_trips(amount):
    text = f"{amount:,}".replace(",", ".")
    assert parse_amount(text) == float(amount)


@given(st.text(max_size=25))
def test_amount_parser_either_succeeds_or_raises_parse_error_on_free_text(text):
    try:
        result = parse_amount(text)
    except ParseError:
        return
    assert result is None or result >= 0


# --------------------------------------------------------------------------- integers


@pytest.mark.parametrize(
    ("value", "expected"),
    [(120, 120), (120.0, 120), ("120", 120), ("1.200", 1200), ("120 persone", 120), ("circa 50", 50),
     ("1,5 mila", 1500), (np.float64(30.0), 30), ("oltre 200 partecipanti", 200)],
)  # fmt: skip
def test_whole_numbers_are_parsed_even_with_words_around(value, expected):
    result = parse_integer(value)
    assert result == expected and isinstance(result, int)


@pytest.mark.parametrize("value", [12.5, "1,5", "12.5"])
def test_fractional_counts_are_refused(value):
    with pytest.raises(ParseError, match="numero non intero"):
        parse_integer(value)


@pytest.mark.parametrize("value", ["tanti", "una cinquantina", "-5"])
def test_counts_that_are_not_numbers_are_refused(value):
    with pytest.raises(ParseError, match="numero"):
        parse_integer(value)


def test_blank_count_is_none():
    assert parse_integer("n.d.") is None


# --------------------------------------------------------------------------- lists


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Germania; Francia", ["Germania", "Francia"]),
        ("Germania, Francia", ["Germania", "Francia"]),
        ("Germania / Francia | Spagna", ["Germania", "Francia", "Spagna"]),
        ("Germania\nFrancia\r\nSpagna", ["Germania", "Francia", "Spagna"]),
        ("Regno Unito e Francia", ["Regno Unito", "Francia"]),
        ("Spain and Portugal & Greece", ["Spain", "Portugal", "Greece"]),
        ("Germania E Francia", ["Germania", "Francia"]),
        ("- Francia\n- Spagna\n• Grecia", ["Francia", "Spagna", "Grecia"]),
    ],
)
def test_lists_split_on_every_usual_separator(value, expected):
    assert split_list(value) == expected


def test_list_items_are_trimmed_deduplicated_and_keep_order():
    assert split_list("  Francia ;Germania;; francia ; - ;Germania ") == ["Francia", "Germania"]


def test_blank_list_is_empty():
    assert split_list(None) == []
    assert split_list(" n.d. ") == []


def test_ed_never_splits():
    assert split_list("Bosnia ed Erzegovina") == ["Bosnia ed Erzegovina"]


def test_e_splits_only_as_a_standalone_word():
    assert split_list("Estonia e Grecia") == ["Estonia", "Grecia"]
    assert split_list("Venezuela") == ["Venezuela"]


@pytest.mark.parametrize(
    "name",
    [
        "Trinidad e Tobago", "Saint Kitts e Nevis", "Antigua e Barbuda", "Bosnia-Erzegovina",
        "São Tomé e Príncipe", "Saint Vincent e Grenadine", "Heard e McDonald", "Turks e Caicos",
        "Wallis e Futuna", "Saint-Pierre e Miquelon", "Trinidad and Tobago", "Bosnia and Herzegovina",
        "Trinidad & Tobago", "Korea, Republic of", "Palestina, Stato di",
    ],
)  # fmt: skip
def test_country_names_containing_separators_stay_whole(name):
    assert split_list(name) == [name]
    assert split_list(f"Francia e {name}; Spagna") == ["Francia", name, "Spagna"]


def test_several_protected_names_joined_by_e_are_separated():
    assert split_list("Saint Kitts e Nevis e Antigua e Barbuda") == ["Saint Kitts e Nevis", "Antigua e Barbuda"]


def test_conjunctions_can_be_kept_for_names_of_bodies():
    value = "Camera di commercio e industria; Comune di Lione"
    assert split_list(value, conjunctions=False) == ["Camera di commercio e industria", "Comune di Lione"]


def test_extra_names_can_be_protected_from_splitting():
    value = "Settore Gioventù e Pari Opportunità, Settore Cultura"
    protect = {"settore gioventu e pari opportunita"}.__contains__
    result = split_list(value, protect=lambda text: protect(fold(text)))
    assert result == ["Settore Gioventù e Pari Opportunità", "Settore Cultura"]


def test_a_number_cell_becomes_a_single_item():
    assert split_list(2025.0) == ["2025"]


# --------------------------------------------------------------------------- SDGs


@pytest.mark.parametrize(
    ("value", "expected"),
    [("11; 13", [11, 13]), ("SDG 11, SDG 13", [11, 13]), ("Goal 4", [4]), (11.0, [11]), (11, [11]),
     ("13;11;11", [11, 13]), ("11.0; 4", [4, 11]), ("Obiettivi 1 e 17", [1, 17]), ("SDG11 SDG 5", [5, 11])],
)  # fmt: skip
def test_sdg_numbers_are_read_sorted_and_unique(value, expected):
    assert parse_sdgs(value) == expected


@pytest.mark.parametrize("value", ["0", "18", "SDG 11; 20", 18.0])
def test_sdg_numbers_outside_1_to_17_are_refused(value):
    with pytest.raises(ParseError, match="da 1 a 17"):
        parse_sdgs(value)


@pytest.mark.parametrize("value", [11.13, "11.2"])
def test_fractional_sdg_numbers_are_refused_as_ambiguous(value):
    with pytest.raises(ParseError, match="ambigu"):
        parse_sdgs(value)


def test_sdg_text_without_numbers_is_refused():
    with pytest.raises(ParseError, match="obiettivi SDG non riconosciuti"):
        parse_sdgs("città sostenibili")


def test_blank_sdgs_are_empty():
    assert parse_sdgs(None) == []
    assert parse_sdgs("-") == []


@given(st.lists(st.integers(min_value=1, max_value=17), min_size=1), st.sampled_from(["; ", ", ", " ", "\n"]))
def test_any_list_of_sdg_numbers_round_trips(goals, separator):
    assert parse_sdgs(separator.join(f"SDG {g}" for g in goals)) == sorted(set(goals))


# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://eurocities.eu/forum", "https://eurocities.eu/forum"),
        ("http://www.comune.torino.it", "http://www.comune.torino.it"),
        ("www.comune.torino.it", "https://www.comune.torino.it"),
        (" www.comune.torino.it/progetti ", "https://www.comune.torino.it/progetti"),
        ("comune.torino.it", "https://comune.torino.it"),
    ],
)
def test_web_addresses_are_completed_with_https(value, expected):
    assert parse_url(value) == expected


@pytest.mark.parametrize("value", ["sito del comune", "mario.rossi@comune.torino.it", "ftp://files.torino.it", "https://localhost"])
def test_text_that_is_not_a_web_address_is_refused(value):
    with pytest.raises(ParseError, match="indirizzo web non valido"):
        parse_url(value)


def test_blank_url_is_none():
    assert parse_url("  ") is None

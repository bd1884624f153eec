"""Country names → ISO codes, names, continents and regions."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intl_report.countries import (
    CONTINENT_LABELS,
    KNOWN_ALPHA2,
    CountryError,
    continent,
    continent_label,
    country_name,
    normalise_country,
    parse_countries,
    un_region,
)
from intl_report.parsing import ParseError

ALL_CODES = sorted(KNOWN_ALPHA2)


def test_known_codes_are_all_iso_countries_plus_kosovo():
    assert {"IT", "DE", "NA", "XK", "PS", "VA"} <= KNOWN_ALPHA2
    assert len(KNOWN_ALPHA2) == 250


@pytest.mark.parametrize(
    ("text", "code"),
    [("de", "DE"), ("DE", "DE"), ("DEU", "DE"), ("deu", "DE"), ("UK", "GB"), ("EL", "GR"), ("XK", "XK")],
)
def test_iso_codes_are_accepted_in_any_case(text, code):
    assert normalise_country(text) == code


@pytest.mark.parametrize("text", ["Turchia", "turchia ", "TÜRKIYE", "Turkey", "Türkiye", "  TURCHIA"])
def test_names_are_matched_ignoring_case_accents_and_spaces(text):
    assert normalise_country(text) == "TR"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Germany", "DE"), ("Italian Republic", "IT"), ("Korea, Republic of", "KR"), ("Russian Federation", "RU"),
        ("Viet Nam", "VN"), ("Czechia", "CZ"), ("Côte d'Ivoire", "CI"),
    ],
)  # fmt: skip
def test_english_pycountry_names_are_accepted(text, code):
    assert normalise_country(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Germania", "DE"), ("Francia", "FR"), ("Spagna", "ES"), ("Repubblica Federale di Germania", "DE"),
        ("Marocco", "MA"), ("Libano", "LB"), ("Tunisia", "TN"), ("Senegal", "SN"), ("Burkina Faso", "BF"),
        ("Etiopia", "ET"), ("Messico", "MX"), ("Argentina", "AR"), ("Cile", "CL"), ("Perù", "PE"), ("Peru", "PE"),
        ("Cina", "CN"), ("Giappone", "JP"), ("Brasile", "BR"), ("Sudafrica", "ZA"), ("Bielorussia", "BY"),
    ],
)  # fmt: skip
def test_italian_names_are_accepted(text, code):
    assert normalise_country(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("USA", "US"), ("U.S.A.", "US"), ("Stati Uniti d'America", "US"), ("Stati Uniti d’America", "US"),
        ("America", "US"), ("Regno Unito", "GB"), ("Gran Bretagna", "GB"), ("Inghilterra", "GB"), ("Scozia", "GB"),
        ("Galles", "GB"), ("Olanda", "NL"), ("Paesi Bassi", "NL"), ("Holland", "NL"), ("Palestina", "PS"),
        ("Stato di Palestina", "PS"), ("Territori palestinesi", "PS"), ("Kosovo", "XK"), ("Santa Sede", "VA"),
        ("Vaticano", "VA"), ("Città del Vaticano", "VA"), ("Russia", "RU"), ("Federazione Russa", "RU"),
        ("Corea del Sud", "KR"), ("Corea", "KR"), ("Sud Corea", "KR"), ("Corea del Nord", "KP"),
        ("Repubblica Ceca", "CZ"), ("Cechia", "CZ"), ("Macedonia", "MK"), ("Macedonia del Nord", "MK"),
        ("Bosnia", "BA"), ("Bosnia-Erzegovina", "BA"), ("Bosnia ed Erzegovina", "BA"), ("Moldavia", "MD"),
        ("Moldova", "MD"), ("Costa d'Avorio", "CI"), ("Ivory Coast", "CI"), ("Capo Verde", "CV"), ("Iran", "IR"),
        ("Siria", "SY"), ("Laos", "LA"), ("Vietnam", "VN"), ("Tanzania", "TZ"), ("Bolivia", "BO"),
        ("Venezuela", "VE"), ("Taiwan", "TW"), ("Emirati Arabi Uniti", "AE"), ("EAU", "AE"), ("Swaziland", "SZ"),
        ("eSwatini", "SZ"), ("Birmania", "MM"), ("Myanmar", "MM"), ("Congo (Kinshasa)", "CD"), ("RD Congo", "CD"),
        ("Repubblica Democratica del Congo", "CD"), ("Congo", "CG"), ("Trinidad & Tobago", "TT"),
    ],
)  # fmt: skip
def test_common_variants_are_accepted(text, code):
    assert normalise_country(text) == code


def test_leading_articles_are_ignored():
    assert normalise_country("la Francia") == "FR"
    assert normalise_country("gli Stati Uniti") == "US"
    assert normalise_country("the Netherlands") == "NL"


def test_a_city_in_brackets_after_the_country_is_ignored():
    assert normalise_country("Germania (Colonia)") == "DE"


def test_misspelt_country_gets_an_italian_suggestion():
    with pytest.raises(CountryError) as info:
        normalise_country("Germnia")
    assert info.value.suggestion == "DE"
    assert str(info.value) == "paese non riconosciuto: «Germnia». Forse intendevi «Germania»?"


def test_unknown_country_without_lookalike_explains_what_to_write():
    with pytest.raises(CountryError) as info:
        normalise_country("Narnia")
    assert info.value.suggestion is None
    assert "paese non riconosciuto: «Narnia»" in str(info.value)
    assert "codice ISO" in str(info.value)


def test_a_continent_is_explained_rather_than_corrected():
    with pytest.raises(CountryError, match="area, non un paese") as info:
        normalise_country("Africa")
    assert info.value.suggestion is None


def test_country_error_is_a_parse_error():
    assert issubclass(CountryError, ParseError)


def test_parse_countries_returns_codes_in_written_order_without_repeats():
    assert parse_countries("Germania; Francia, germania e Regno Unito / UK") == ["DE", "FR", "GB"]


def test_parse_countries_keeps_names_with_e_whole():
    assert parse_countries("Trinidad e Tobago; Bosnia ed Erzegovina e Italia") == ["TT", "BA", "IT"]


def test_parse_countries_of_blank_is_empty():
    assert parse_countries(None) == []
    assert parse_countries(" - ") == []


def test_parse_countries_reports_every_unknown_name_in_one_error():
    with pytest.raises(CountryError) as info:
        parse_countries("Germnia; Francia; Frnacia; Narnia")
    err = info.value
    assert err.values == ["Germnia", "Frnacia", "Narnia"]
    assert err.suggestions == {"Germnia": "DE", "Frnacia": "FR", "Narnia": None}
    message = str(err)
    assert message.startswith("paesi non riconosciuti:")
    assert "«Germnia» (forse «Germania»?)" in message and "«Frnacia» (forse «Francia»?)" in message


def test_several_unknown_names_without_lookalikes_are_listed_with_what_to_write():
    with pytest.raises(CountryError) as info:
        parse_countries("Narnia; Atlantide")
    assert str(info.value) == ("paesi non riconosciuti: «Narnia», «Atlantide». Scrivere il nome italiano del paese "
                               "(es. Germania) o il codice ISO (es. DE).")


def test_with_intl_report_language_en_the_suggestion_is_in_english(monkeypatch):
    monkeypatch.setenv("INTL_REPORT_LANGUAGE", "en")
    with pytest.raises(CountryError) as info:
        normalise_country("Germnia")
    assert str(info.value) == "country not recognised: “Germnia”. Did you mean “Germany”?"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("GB", "Regno Unito"), ("US", "Stati Uniti"), ("NL", "Paesi Bassi"), ("PS", "Palestina"),
        ("VA", "Santa Sede"), ("XK", "Kosovo"), ("RU", "Russia"), ("KR", "Corea del Sud"), ("IR", "Iran"),
        ("BO", "Bolivia"), ("VE", "Venezuela"), ("TZ", "Tanzania"), ("SY", "Siria"), ("MD", "Moldavia"),
        ("VN", "Vietnam"), ("CZ", "Repubblica Ceca"), ("DE", "Germania"), ("TW", "Taiwan"),
    ],
)  # fmt: skip
def test_italian_country_names_are_short_and_natural(code, name):
    assert country_name(code) == name


@pytest.mark.parametrize(
    ("code", "name"),
    [("DE", "Germany"), ("KR", "South Korea"), ("BO", "Bolivia"), ("XK", "Kosovo"), ("RU", "Russia"), ("VA", "Holy See")],
)
def test_english_country_names_are_short_and_natural(code, name):
    assert country_name(code, "en") == name


def test_country_name_accepts_lowercase_codes_and_rejects_unknown_ones():
    assert country_name("it") == "Italia"
    with pytest.raises(KeyError):
        country_name("ZZ")


@pytest.mark.parametrize(
    ("code", "expected"),
    [("NA", "Africa"), ("IT", "Europe"), ("XK", "Europe"), ("BR", "America"), ("US", "America"), ("JP", "Asia"),
     ("AU", "Oceania"), ("AQ", "Antarctica")],
)  # fmt: skip
def test_continent_comes_from_m49(code, expected):
    assert continent(code) == expected


def test_un_region_comes_from_m49():
    assert un_region("IT") == "Southern Europe"
    assert un_region("NA") == "Southern Africa"


def test_every_known_country_has_a_continent_and_a_label():
    for code in KNOWN_ALPHA2:
        assert continent(code) in CONTINENT_LABELS
        assert un_region(code)


def test_continent_labels_in_italian_and_english():
    assert continent_label("America") == "Americhe"
    assert continent_label("America", "en") == "Americas"
    assert continent_label("Europe") == "Europa"
    assert continent_label("Antarctica") == "Antartide"
    assert continent_label("Atlantide") == "Atlantide"


@given(st.sampled_from(ALL_CODES), st.booleans())
def test_every_alpha2_code_normalises_to_itself(code, lower):
    assert normalise_country(code.lower() if lower else code) == code


@given(st.sampled_from(ALL_CODES), st.sampled_from(["it", "en"]))
def test_every_country_name_normalises_back_to_its_code(code, lang):
    assert normalise_country(country_name(code, lang)) == code


def test_all_country_names_round_trip_and_survive_list_splitting():
    for code in ALL_CODES:
        for lang in ("it", "en"):
            name = country_name(code, lang)
            assert normalise_country(name) == code, (code, lang, name)
            expected = [code] if code == "IT" else [code, "IT"]
            assert parse_countries(f"{name}; Italia") == expected, (code, lang, name)


@given(st.text(max_size=30))
def test_free_text_either_normalises_or_raises_country_error(text):
    try:
        code = normalise_country(text)
    except CountryError:
        return
    assert code in KNOWN_ALPHA2


def test_normalising_400_000_strings_is_fast():
    names = [country_name(code) for code in ALL_CODES] + [" usa ", "Regno unito", "francia", "DEU"]
    data = [names[i % len(names)] for i in range(400_000)]
    start = time.perf_counter()
    for text in data:
        normalise_country(text)
    assert time.perf_counter() - start < 3.0

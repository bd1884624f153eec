"""Text folding: what each kind of comparison ignores, and what it keeps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intl_report.folding import fold


def joint_key(text):
    """How an activity's title, a partner city or a network is compared across sectors."""
    return fold(text, keep_accents=True, keep_punctuation=True)


# --------------------------------------------------------------------------- the matching key: fold(text)


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["  Città   del  Vaticano ", "CITTA' DEL VATICANO", "città del vaticano"], "citta del vaticano"),
        (["U.S.A.", "USA", "u.s.a"], "usa"),  # dots vanish, so abbreviations match their compact form
        (["Costa d’Avorio", "Costa d'Avorio", "costa d avorio"], "costa d avorio"),
        (["Isole Fær Øer", "ISOLE FAER OER"], "isole faer oer"),  # letters NFKD leaves alone
        (["Straße", "STRASSE"], "strasse"),
        (["pari-opportunita", "Pari Opportunità", "pari_opportunita", "Pari / Opportunità"], "pari opportunita"),
        (["Comunicazione, Olimpiadi", "COMUNICAZIONE - OLIMPIADI"], "comunicazione olimpiadi"),
        (["Tito\u00adlo", "Titolo\u200b", "\ufeffTitolo"], "titolo"),  # invisible characters are not there
        (["Budget (€)"], "budget"),
    ],
)
def test_the_matching_key_ignores_case_accents_punctuation_and_spacing(spellings, key):
    assert {fold(spelling) for spelling in spellings} == {key}


def test_a_missing_value_folds_to_nothing():
    assert fold(None) == fold(float("nan")) == fold("") == fold(" ;-. ") == ""


def test_numbers_are_folded_as_their_text():
    assert fold(2025) == "2025"


# --------------------------------------------------------------------------- for the parsers: punctuation kept


def test_the_parsers_key_keeps_punctuation_but_not_accents_case_or_odd_spaces():
    assert fold("€ 12.500,00", keep_punctuation=True) == "€ 12.500,00"
    assert fold("Lunedì 3 Febbraio 2025", keep_punctuation=True) == "lunedi 3 febbraio 2025"
    assert fold("03/02/2025", keep_punctuation=True) == "03/02/2025"
    assert fold("12\u00a0500\u202f€", keep_punctuation=True) == "12 500 €"  # non-breaking spaces are spaces
    assert fold("12\u200b500", keep_punctuation=True) == "12500"  # a zero-width space is nothing


# --------------------------------------------------------------------------- across sectors: case and spacing only


def test_the_joint_key_ignores_case_and_spacing_only():
    assert joint_key("  Progetto   ALFA ") == joint_key("progetto alfa") == "progetto alfa"
    assert joint_key("Évora") != joint_key("Evora")  # accents are part of the name here
    assert joint_key("Saint-Étienne") == "saint-étienne"  # and so is punctuation
    # compatibility forms (ligatures, full-width letters) are plain letters
    assert joint_key("ﬁera ＴＯＲＩＮＯ") == "fiera torino"


def test_keeping_accents_keeps_them_composed_whatever_the_input_form():
    decomposed = "Citta\u0300"  # "a" followed by a combining grave accent
    assert joint_key(decomposed) == joint_key("Città") == "città"


# --------------------------------------------------------------------------- properties

ITALIAN_TEXT = st.text(alphabet="abcdefghilmnopqrstuvzàèéìòùABCDEÀÈÉ0123456789 '’.,;-/()«»\t\u00a0",
                       max_size=40)


@given(ITALIAN_TEXT)
def test_every_kind_of_key_ignores_case_and_extra_spaces(text):
    for options in ({}, {"keep_punctuation": True}, {"keep_accents": True, "keep_punctuation": True}):
        key = fold(text, **options)
        assert fold(text.upper(), **options) == key
        assert fold(f"  {text.replace(' ', '   ')}\t", **options) == key
        assert key == key.strip() and "  " not in key


@given(ITALIAN_TEXT)
def test_the_matching_key_of_italian_text_is_plain_letters_digits_and_single_spaces(text):
    key = fold(text)
    assert set(key) <= set("abcdefghijklmnopqrstuvwxyz0123456789 ")
    assert fold(key) == key

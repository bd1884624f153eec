"""The charts' words: one table per language, stable message ids, matching placeholders; how they are joined."""

from __future__ import annotations

import re
import string

import pytest

from intl_report import i18n
from intl_report.charts.text import listing, quoted, short_sector_name, subject
from intl_report.charts.words import ITALIAN, phrase, phrase_plural


def _forms(message) -> list[str]:
    return [message] if isinstance(message, str) else list(message)


def _placeholders(message) -> set[str]:
    return {field for form in _forms(message) for _, field, _, _ in string.Formatter().parse(form) if field}


@pytest.mark.parametrize("lang", i18n.languages())
def test_every_language_has_every_message_with_the_same_placeholders(lang):
    catalogue = i18n.translations(lang)
    for key, text in ITALIAN.items():
        if isinstance(text, str):
            translated = catalogue.pgettext(key, text)
        else:
            translated = (catalogue.npgettext(key, *text, 1), catalogue.npgettext(key, *text, 2))
        assert _placeholders(translated) == _placeholders(text), (lang, key)
        if lang != "it":
            assert translated != text or key in ("unit.euro", "map.turin", "map.europe") or "{" in text, (lang, key)


def test_message_ids_are_stable_identifiers():
    # dotted names (they become gettext contexts), never a text that a translation could change
    for key in ITALIAN:
        assert re.fullmatch(r"[a-z]+(\.[A-Za-z_]+)+|quote", key), key


def test_phrase_fills_templates_and_picks_plural_forms():
    assert phrase("it", "title.timeline", year=2025) == "Attività nel corso del 2025"
    assert phrase("en", "title.timeline", year=2025) == "Activities during 2025"
    assert phrase("fr", "title.by_sector") == "Attività per settore"  # no catalogue: Italian
    assert phrase_plural("it", "alt.by_sector.idle", 1, idle=1, total=16) == "1 settore su 16 non ha attività."
    assert phrase_plural("it", "alt.by_sector.idle", 3, idle=3, total=16) == "3 settori su 16 non hanno attività."
    with pytest.raises(TypeError):
        phrase("it", "alt.by_sector.idle")


def test_lists_quotes_and_subjects():
    assert listing([], "it") == ""
    assert listing(["A (3)"], "it") == "A (3)"
    assert listing(["A (3)", "B (2)", "C (1)"], "it") == "A (3), B (2) e C (1)"
    assert listing(["A", "B"], "en") == "A and B"
    assert quoted("in corso", "it") == "«in corso»" and quoted("ongoing", "en") == "“ongoing”"
    assert subject("Attività per settore") == "attività per settore"
    assert subject("EU contribution by network or programme") == "EU contribution by network or programme"
    assert subject("Paesi partner con più attività") == "Paesi partner con più attività"


def test_sector_names_shortened():
    assert short_sector_name("sport") == "Sport"
    assert short_sector_name("polizia-municipale") == "Polizia Municipale"
    assert short_sector_name("comunicazione-promozione") == "Comunicazione, Olimpiadi, Promozione"
    assert short_sector_name("relazioni-internazionali", "en") == "International Relations"

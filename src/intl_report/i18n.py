"""The words readers and referents read, in gettext catalogues: one per language, kept with Babel.

    src/intl_report/locale/intl_report.pot                      every message, extracted from the code
    src/intl_report/locale/<lang>/LC_MESSAGES/intl_report.po    its translation (en, and any new language)
    src/intl_report/locale/it/LC_MESSAGES/argparse.po           argparse's own words, for the command

The source language is Italian: a message's id is its Italian text, and its context (``pgettext``) names it
(``"title"``, ``"completeness.missing"``), so that two uses of one Italian word can be translated apart. Italian
needs no catalogue; every other language is the one whose ``intl_report.po`` exists. ``make catalogues``
extracts the messages and updates every catalogue (``pybabel extract`` / ``pybabel update``); a translator
edits the ``.po`` file alone, and a third language is ``pybabel init -l fr`` then a translated catalogue.
The catalogues are read with Babel at first use (no compiled ``.mo`` files to keep in step).
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "intl_report"
SOURCE_LANGUAGE = "it"


@functools.cache
def languages() -> tuple[str, ...]:
    """The report's languages: Italian, then every language with a catalogue (in alphabetical order; read once)."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


@functools.cache
def translations(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The catalogue of *lang* (the Italian texts themselves for Italian, or where a message is untranslated)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if not path.is_file():
        if lang == SOURCE_LANGUAGE and domain == DOMAIN:
            return gettext.NullTranslations()
        raise LookupError(f"nessun catalogo «{domain}» per la lingua {lang!r} in {LOCALE_DIR}")
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=lang, domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


LANGUAGE_ENV = "INTL_REPORT_LANGUAGE"  # the language of the command's own messages (default Italian)


def operator_language() -> str:
    """The language of the command's own messages: ``$INTL_REPORT_LANGUAGE`` if it has a catalogue, else Italian."""
    import os

    lang = os.environ.get(LANGUAGE_ENV, SOURCE_LANGUAGE)
    return lang if lang in languages() else SOURCE_LANGUAGE


def say(context: str, text: str, **values: object) -> str:
    """A message of the command (progress, errors, verdicts), *text* in Italian filled with *values*: Italian for
    sector staff and the secretariat, or the language of ``$INTL_REPORT_LANGUAGE`` when it has a catalogue."""
    message = translations(operator_language()).pgettext(context, text)
    return message.format(**values) if values else message


def say_plural(context: str, singular: str, plural: str, count: int, **values: object) -> str:
    """:func:`say` for a message whose words depend on *count* (given to the text as ``{count}``)."""
    message = translations(operator_language()).npgettext(context, singular, plural, count)
    return message.format(count=count, **values)


def N_(context: str, text: str) -> tuple[str, str]:
    """Marks a message defined before it is used, for Babel's extraction (``make catalogues``): its context and
    Italian text, translated where it is used (``translations(lang).pgettext(*message)``)."""
    return context, text


def NP_(context: str, one: str, other: str) -> tuple[str, tuple[str, str]]:
    """:func:`N_` for a message with plural forms (gettext's ``npgettext``): its context, Italian singular and plural."""
    return context, (one, other)

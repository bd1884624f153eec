"""The words readers and referents read come from gettext catalogues kept with Babel: complete, in step with
the code, and a new language is a new catalogue."""

from __future__ import annotations

import shutil

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from intl_report import cli, i18n, report_texts

KEYWORDS = {"pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3), "say": ((1, "c"), 2), "say_plural": ((1, "c"), 2, 3),
            "N_": ((1, "c"), 2), "NP_": ((1, "c"), 2, 3),
            "gettext": None, "ngettext": (1, 2)}


def code_messages() -> set[tuple[str | None, str]]:
    found = extract_from_dir(str(i18n.LOCALE_DIR.parent), method_map=[("**.py", "python")], keywords=KEYWORDS)
    return {(context, message if isinstance(message, str) else message[0])
            for _file, _line, message, _comments, context in found}


def catalogue(path) -> set[tuple[str | None, str]]:
    with open(path, "rb") as handle:
        return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(handle) if m.id}


def test_the_template_is_in_step_with_the_code():
    assert catalogue(i18n.LOCALE_DIR / "intl_report.pot") == code_messages(), "run `make catalogues`"


@pytest.mark.parametrize("lang", [lang for lang in i18n.languages() if lang != i18n.SOURCE_LANGUAGE])
def test_every_catalogue_translates_every_message(lang):
    path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "intl_report.po"
    with open(path, "rb") as handle:
        messages = [m for m in read_po(handle) if m.id]
    assert {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in messages} == code_messages()
    untranslated = [m.id for m in messages if not m.string or (isinstance(m.string, tuple) and not all(m.string))]
    assert untranslated == [] and not [m.id for m in messages if m.fuzzy]


def test_english_words_come_from_the_catalogue():
    assert report_texts.LABELS["en"]["title"] == "Report on internationalisation"
    assert report_texts.LABELS["it"]["title"] == "Rapporto sull'internazionalizzazione"
    assert report_texts.LABELS["en"]["activities"] != report_texts.LABELS["en"]["activity"]  # one Italian word


def test_a_third_language_is_a_new_catalogue(tmp_path, monkeypatch):
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    french = locale / "fr" / "LC_MESSAGES" / "intl_report.po"
    french.parent.mkdir(parents=True)
    text = (locale / "en" / "LC_MESSAGES" / "intl_report.po").read_text(encoding="utf-8")
    french.write_text(text.replace('msgstr "Report on internationalisation"', 'msgstr "Rapport sur l’internationalisation"')
                      .replace("Language: en", "Language: fr"), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    i18n.languages.cache_clear()
    i18n.translations.cache_clear()
    report_texts._words_of.cache_clear()
    try:
        assert i18n.languages() == ("it", "en", "fr")
        assert report_texts.LABELS["fr"]["title"] == "Rapport sur l’internationalisation"
        assert cli.build_parser().parse_args(["run", "--year", "2025", "--lang", "fr"]).lang == "fr"
    finally:
        monkeypatch.undo()
        i18n.languages.cache_clear()
        i18n.translations.cache_clear()
        report_texts._words_of.cache_clear()


def test_the_command_speaks_italian_even_when_misused(capsys):
    assert cli.main(["run", "--year", "2025", "--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert "uso: intl-report run" in err and "errore: --lang: lingua non prevista: 'fr'" in err
    assert "error:" not in err and "argument" not in err and "invalid choice" not in err
    assert cli.main(["run"]) == 2
    assert "mancano questi argomenti obbligatori: --year" in capsys.readouterr().err


def test_the_commands_messages_follow_intl_report_language(monkeypatch, capsys):
    assert i18n.say_plural("validate.errors", "{count} errore", "{count} errori", 2) == "2 errori"
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "en")
    assert i18n.say_plural("validate.errors", "{count} errore", "{count} errori", 2) == "2 errors"
    assert cli.main(["template", "--year", "2025", "-o", "x.xlsx"]) == 2
    assert capsys.readouterr().err.strip() == "error: give --sector SLUG or --all"
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "xx")  # a language without a catalogue: Italian
    assert i18n.say("run.draft", "Il rapporto è una BOZZA.") == "Il rapporto è una BOZZA."

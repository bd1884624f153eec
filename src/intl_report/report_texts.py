"""The report's words, in Italian and English, and the document's metadata built from them.

Apart from :mod:`intl_report.report_content` (which needs pandas for the activities) so that the ``intl-report``
command can give the renderer its metadata without importing pandas: the notebooks do the heavy work in
processes of their own, and this process only waits for them.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
from collections.abc import Iterator, Mapping
from pathlib import Path

from . import i18n
from .formatting import format_date
from .layout import YearLayout, completeness, load_summaries
from .registry import Registry, load_registry


def _words(t: gettext.NullTranslations) -> dict[str, str]:
    """The report's words in the language of catalogue *t* (see :mod:`intl_report.i18n`): each message's context
    is its key here, its id the Italian text."""
    return {
        "title": t.pgettext("title", "Rapporto sull'internazionalizzazione"),
        "summary": t.pgettext("summary", 'Il {year} in sintesi'),
        "summary_intro": t.pgettext("summary_intro",
            'Questo rapporto rende conto di ciascuna attività internazionale svolta nel {year} dai settori che '
            'partecipano al {table} della {city}, attivo dal {established}.'
        ),
        "figure": t.pgettext("figure", 'Indicatore'),
        "value": t.pgettext("value", 'Valore'),
        "previous": t.pgettext("previous", '{year}'),
        "change": t.pgettext("change", 'Variazione'),
        "activities": t.pgettext("activities", 'Attività'),
        "sectors_involved": t.pgettext("sectors_involved", 'Settori con attività'),
        "partner_countries": t.pgettext("partner_countries", 'Paesi partner'),
        "partner_cities": t.pgettext("partner_cities", 'Città ed enti partner'),
        "networks": t.pgettext("networks", 'Reti e programmi'),
        "eu_contribution": t.pgettext("eu_contribution", 'Contributo UE alla Città'),
        "city_cofunding": t.pgettext("city_cofunding", 'Cofinanziamento della Città'),
        "total_budget": t.pgettext("total_budget", 'Budget complessivo delle attività'),
        "participants": t.pgettext("participants", 'Partecipanti'),
        "joint_activities": t.pgettext("joint_activities", 'Attività congiunte tra settori'),
        "cross": t.pgettext("cross", 'Analisi trasversale'),
        "top_cities": t.pgettext("top_cities", 'Città ed enti partner più frequenti'),
        "cross_intro": t.pgettext("cross_intro",
            'Le attività svolte insieme da più settori sono contate una sola volta nei totali della Città e '
            'compaiono nel capitolo di ciascun settore.'
        ),
        "sectors_part": t.pgettext("sectors_part", 'Le attività dei settori'),
        "remit": t.pgettext("remit", 'Competenze'),
        "sector_figures": t.pgettext("sector_figures",
            '{n} attività; contributo UE {eu}; budget complessivo {budget}.'
        ),
        "no_activities": t.pgettext("no_activities", 'Il settore non ha segnalato attività valide per il {year}.'),
        "type": t.pgettext("type", 'Tipologia'),
        "status": t.pgettext("status", 'Stato'),
        "dates": t.pgettext("dates", 'Periodo'),
        "partners": t.pgettext("partners", 'Partner'),
        "countries": t.pgettext("countries", 'Paesi'),
        "cities": t.pgettext("cities", 'Città ed enti'),
        "network": t.pgettext("network", 'Rete o programma'),
        "role": t.pgettext("role", 'Ruolo della Città'),
        "budget": t.pgettext("budget", 'Budget'),
        "eu": t.pgettext("eu", 'Contributo UE'),
        "cofunding": t.pgettext("cofunding", 'Cofinanziamento Città'),
        "results": t.pgettext("results", 'Risultati'),
        "funding": t.pgettext("funding", 'Fonte di finanziamento'),
        "participants_short": t.pgettext("participants_short", 'Partecipanti'),
        "sdgs": t.pgettext("sdgs", 'Obiettivi SDG'),
        "joint": t.pgettext("joint", 'Attività congiunta con'),
        "link": t.pgettext("link", 'Link'),
        "from": t.pgettext("from", 'dal'),
        "ongoing": t.pgettext("ongoing", 'in corso'),
        "appendix": t.pgettext("appendix", 'Appendice'),
        "methodology": t.pgettext("methodology", 'Nota metodologica'),
        "methodology_text": t.pgettext("methodology_text",
            'Ogni settore compila una cartella di lavoro (una riga per attività) sul modello prodotto da '
            '`intl-report template`. La procedura legge ogni file, normalizza date, importi, paesi (codici ISO '
            '3166-1) e voci codificate, e controlla ogni riga rispetto allo schema delle attività. Le righe con '
            'errori sono scartate con il motivo e restituite al settore; nessuna riga viene persa: per ogni '
            "settore le righe lette sono la somma di quelle accolte e di quelle scartate. Un'attività segnalata "
            'da più settori (stesso titolo e stesse date) è contata una volta nei totali. I continenti seguono la'
            ' classificazione UN M49. Il nome del referente è un dato personale e non compare nel rapporto.'
        ),
        "quality": t.pgettext("quality", 'Qualità dei dati'),
        "quality_intro": t.pgettext("quality_intro",
            'Per ogni settore: righe lette, accolte e scartate, e stato del file ricevuto.'
        ),
        "sector": t.pgettext("sector", 'Settore'),
        "file": t.pgettext("file", 'File'),
        "read": t.pgettext("read", 'Lette'),
        "kept": t.pgettext("kept", 'Accolte'),
        "rejected": t.pgettext("rejected", 'Scartate'),
        "country": t.pgettext("country", 'Paese'),
        "continent": t.pgettext("continent", 'Continente'),
        "state": t.pgettext("state", 'Stato del file'),
        "state_ok": t.pgettext("state_ok", 'ricevuto'),
        "state_missing": t.pgettext("state_missing", 'non ricevuto'),
        "state_unreadable": t.pgettext("state_unreadable", 'illeggibile'),
        "state_not_processed": t.pgettext("state_not_processed", 'non elaborato'),
        "quality_problems": t.pgettext("quality_problems", 'Problemi da correggere'),
        "glossary": t.pgettext("glossary", 'Glossario'),
        "glossary_types": t.pgettext("glossary_types", 'Tipologie di attività'),
        "glossary_networks": t.pgettext("glossary_networks", 'Reti e programmi citati'),
        "draft_title": t.pgettext("draft_title", 'Bozza: dati incompleti'),
        "draft_text": t.pgettext("draft_text",
            'Questa è una bozza. Il rapporto definitivo potrà essere pubblicato quando tutti i settori avranno '
            'inviato dati completi e corretti. Mancano o sono incompleti:'
        ),
        "total": t.pgettext("total", 'Totale'),
        "compact_note": t.pgettext("compact_note",
            'Le attività del {year} sono {n}: oltre {limit} un elenco dettagliato supererebbe le mille pagine. '
            'Per questo ogni capitolo dei settori le riassume per tipologia e riporta le più rilevanti per '
            "budget; l'elenco completo, una riga per attività con tutti i dati, è nel file «{file}» pubblicato "
            'insieme a questo rapporto.'
        ),
        "by_type": t.pgettext("by_type", 'Attività per tipologia'),
        "largest": t.pgettext("largest", 'Le attività con il budget più alto'),
        "activity": t.pgettext("activity", 'Attività'),
        "complete_list": t.pgettext("complete_list",
            "L'elenco completo delle {n} attività del settore è nel file «{file}» pubblicato con questo rapporto "
            '(colonna «Settore»: {name}).'
        ),
    }


class _Labels(Mapping):
    """``LABELS[lang]``: the report's words in *lang*, read from its catalogue at first use."""

    def __getitem__(self, lang: str) -> dict[str, str]:
        if lang not in i18n.languages():
            raise KeyError(lang)
        return _words_of(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(i18n.languages())

    def __len__(self) -> int:
        return len(i18n.languages())


@functools.cache
def _words_of(lang: str) -> dict[str, str]:
    return _words(i18n.translations(lang))


LABELS = _Labels()


def check_lang(lang: str) -> str:
    """*lang* if the report has it (Italian, or a language with a catalogue); else a ValueError saying which do."""
    if lang not in i18n.languages():
        raise ValueError(i18n.say(
            "lang.unknown", "lingua non prevista: {value!r} (previste: {known}; una lingua nuova è un catalogo "
            "nuovo in {folder}, vedere `make catalogues`)", value=lang, known=", ".join(i18n.languages()),
            folder=i18n.LOCALE_DIR))
    return lang


def document_metadata(year: int, lang: str, registry: Registry, incomplete: list[str],
                      edition_date: dt.date | None = None) -> dict:
    """Document metadata for the renderer (title page, PDF properties, draft flag).

    *incomplete* lists what keeps the year's data from being complete (``layout.completeness``): a draft.
    """
    words = LABELS[check_lang(lang)]
    edition = edition_date or dt.date.today()
    return {
        "title": f"{words['title']} {year}",
        "subtitle": registry.table if lang == "it" else "Coordination table for international activities",
        "year": year,
        "edition_date": format_date(edition, lang),
        "draft": bool(incomplete),
        "lang": lang,
        "author": registry.city,
        "subject": words["summary_intro"].format(year=year, table=registry.table, city=registry.city,
                                                 established=registry.established),
        "keywords": ["Torino", "relazioni internazionali", "internazionalizzazione", str(year)],
        # A draft opens with the list of what is missing (house style: before the table of contents).
        "notice_title": words["draft_title"] if incomplete else None,
        "notice_intro": words["draft_text"] if incomplete else None,
        "notice": list(incomplete),
    }


def render_metadata(year: int, lang: str = "it", processed_dir: str | Path | None = None,
                    edition_date: dt.date | None = None) -> dict:
    """:func:`document_metadata` for the renderer, from the year's summaries only (no activities, no charts)."""
    layout = YearLayout.of(year, None, processed_dir)
    lang = check_lang(lang)
    return document_metadata(layout.year, lang, load_registry(), completeness(load_summaries(layout), lang),
                             edition_date)

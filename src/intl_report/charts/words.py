"""Every word a reader sees in the charts and the map: titles, labels, legends and alternative-text templates.

The Italian texts, :data:`ITALIAN`, keyed by stable message identifiers; every other language is its gettext
catalogue (:mod:`intl_report.i18n`), where the identifier is the ``msgctxt`` and the Italian text the ``msgid``:

* ``title.<chart>``: the chart's caption (not drawn inside the figure);
* ``kind.<kind>``: what kind of chart it is, the first words of its alternative text;
* ``label.*``, ``legend.*``, ``panel.*``, ``unit.*``, ``map.*``: words drawn inside the figures;
* ``alt.<chart>`` and ``alt.<chart>.<part>``: the alternative text, one template per chart filled with the chart's
  own values; its optional sentences are separate templates, joined with a space;
* ``list.*``, ``quote``: how a language lists and quotes.

A message that depends on a count (``1 settore``, ``3 settori``) has plural forms (gettext's ``npgettext``), read
with :func:`phrase_plural`. Placeholders are named, ``{first}``, never positional, so
a translation may put them in any order. Numbers arrive formatted (:mod:`intl_report.formatting`).
"""

from __future__ import annotations

from .. import i18n
from ..i18n import N_, NP_

DEFAULT_LANG = "it"

Message = str | tuple[str, str]  # a text, or its singular and plural forms

# The Italian texts (the source language); every other language is its catalogue (intl_report.i18n).
ITALIAN: dict[str, Message] = dict([
    # titles (captions)
    N_("title.by_sector", 'Attività per settore'),
    N_("title.by_type", 'Attività per tipologia'),
    N_("title.by_status", 'Attività per stato di avanzamento'),
    N_("title.by_role", 'Ruolo della Città nelle attività'),
    N_("title.by_funding_source", 'Attività per fonte di finanziamento'),
    N_("title.by_continent", 'Attività per continente dei partner'),
    N_("title.top_countries", 'Paesi partner con più attività'),
    N_("title.funding_by_network", 'Contributo UE per rete o programma'),
    N_("title.timeline", 'Attività nel corso del {year}'),
    N_("title.collaboration", 'Collaborazioni tra settori'),
    N_("title.trend", 'Andamento negli anni'),
    N_("title.world_map", 'Paesi partner nel mondo'),
    # kinds of chart
    N_("kind.bar_chart", 'Grafico a barre orizzontali'),
    N_("kind.column_chart", 'Grafico a colonne'),
    N_("kind.heat_map", 'Mappa di calore'),
    N_("kind.world_map", 'Mappa del mondo'),
    # inside the figures
    N_("label.not_given", 'Non indicato'),
    N_("legend.active", 'Attività in corso'),
    N_("legend.starting", 'Attività avviate'),
    N_("panel.activities", 'Attività'),
    N_("panel.partner_countries", 'Paesi partner'),
    N_("panel.eu_contribution", 'Contributo UE'),
    N_("unit.euro", '€'),
    N_("unit.euro_thousands", 'migliaia di €'),
    N_("unit.euro_millions", 'mln €'),
    N_("map.legend_title", 'Numero di attività'),
    N_("map.no_activities", 'Nessuna attività'),
    N_("map.home", 'Italia (Torino)'),
    N_("map.small_country", 'Paese piccolo'),
    N_("map.turin", 'Torino'),
    N_("map.europe", 'Europa'),
    N_("map.note.circles", 'Paesi troppo piccoli per la scala della mappa, indicati con un cerchio: {countries}.'),
    N_("map.note.invisible", 'Non visibili alla scala della mappa: {countries}.'),
    # lists and quotes
    N_("list.last", '{items} e {last}'),
    N_("quote", '«{text}»'),
    # alternative texts: rankings (horizontal bars)
    N_("alt.ranking.tied", '{kind}: {subject}. Al primo posto, a pari merito, {firsts}{followers}.'),
    N_("alt.followers", '; seguono {items}'),
    N_("alt.by_sector", '{kind}: {subject}. Il settore con più attività è {first} ({count}){followers}.'),
    NP_("alt.by_sector.idle",
        '{idle} settore su {total} non ha attività.',
        '{idle} settori su {total} non hanno attività.'),
    N_("alt.by_type", '{kind}: {subject}. La tipologia più frequente è {first} ({count}){followers}.'),
    N_("alt.by_type.not_given", 'Per {missing} attività su {total} la tipologia non è indicata.'),
    N_("alt.by_status", '{kind}: {subject}. Lo stato più frequente è {first} ({count}){followers}.'),
    N_("alt.by_status.not_given", 'Per {missing} attività su {total} lo stato non è indicato.'),
    N_("alt.by_role", '{kind}: {subject}. Il ruolo più frequente della Città è {first} ({count}){followers}.'),
    N_("alt.by_role.not_given", 'Per {missing} attività su {total} il ruolo non è indicato.'),
    N_("alt.by_funding_source",
       '{kind}: {subject}. La fonte di finanziamento più frequente è {first} ({count}){followers}.'
    ),
    N_("alt.by_funding_source.not_given", 'Per {missing} attività su {total} la fonte non è indicata.'),
    N_("alt.by_continent", '{kind}: {subject}. Il continente con più attività è {first} ({count}){followers}.'),
    N_("alt.by_continent.counting", "Un'attività con partner in più continenti è contata una volta per ciascuno."),
    N_("alt.top_countries", '{kind}: {subject}. Il Paese partner con più attività è {first} ({count}){followers}.'),
    N_("alt.top_countries.shown", 'Il grafico mostra {shown} dei {total} Paesi partner.'),
    N_("alt.funding_by_network",
       '{kind}: {subject}. Il contributo UE più alto è quello di {first} ({count}){followers}.'
    ),
    N_("alt.funding_by_network.total", 'Contributo UE complessivo dei {programmes} programmi: {total}.'),
    # alternative texts: over time
    # "nel mese di": Italian elides "a" before a vowel (ad aprile, ad agosto), which a template cannot know
    N_("alt.timeline",
       '{kind}: {subject}, mese per mese. Le attività in corso sono più numerose nel mese di {busiest_month} '
       '({busiest_count}) e meno numerose nel mese di {quietest_month} ({quietest_count}).'
    ),
    N_("alt.timeline.flat", '{kind}: {subject}, mese per mese. Le attività in corso sono {count} in ogni mese.'),
    NP_("alt.timeline.started",
        "Nell'anno è stata avviata {started} attività, nel mese di {month}.",
        "Nell'anno sono state avviate {started} attività; il mese con più avvii è {month} ({count})."),
    N_("alt.trend", '{kind}: {subject} {first_year}–{last_year}. {measures}.'),
    N_("alt.trend.measure", '{measure}: {first} nel {first_year}, {last} nel {last_year}{change}'),
    # alternative texts: collaboration between sectors
    NP_("alt.collaboration",
        '{kind}: numero di attività condivise da ciascuna coppia di settori. Collabora una sola coppia di settori: {pair} ({count}){followers}.',
        '{kind}: numero di attività condivise da ciascuna coppia di settori. Le coppie di settori che collaborano sono {pairs}; la più assidua è {pair} ({count}){followers}.'),
    N_("alt.collaboration.pair", '{first} e {second}'),
    NP_("alt.collaboration.apart",
        "{apart} dei {total} settori mostrati non condivide attività con altri settori.",
        "{apart} dei {total} settori mostrati non condividono attività con altri settori."),
    # alternative texts: the world map
    N_("alt.world_map", '{kind}: Paesi partner colorati secondo il numero di attività.'),
    NP_("alt.world_map.reach",
        'Le attività del {year} hanno coinvolto partner di {countries} Paese{across}.',
        'Le attività del {year} hanno coinvolto partner di {countries} Paesi{across}.'),
    NP_("alt.world_map.reach_any_year",
        'Le attività hanno coinvolto partner di {countries} Paese{across}.',
        'Le attività hanno coinvolto partner di {countries} Paesi{across}.'),
    N_("alt.world_map.across", ' in {count} continenti: {continents}'),
    N_("alt.world_map.in_continent", '{count} in {continent}'),
    N_("alt.world_map.in_continent.America", '{count} nelle {continent}'),
    NP_("alt.world_map.most",
        'Il Paese con più attività è {countries}.',
        'I Paesi con più attività sono {countries}.'),
    NP_("alt.world_map.europe", "L'Europa (1 Paese) è ingrandita in un secondo riquadro.",
        "L'Europa ({countries} Paesi) è ingrandita in un secondo riquadro."),
])

# Not messages but the administrative words that sector names start or end with, stripped for short labels
# ("Settore Sport" → "Sport", "Sport Department" → "Sport"); they follow the registry's names in each language.
SECTOR_NAME_PREFIXES = {
    "it": ("Servizio Centrale ", "Settore ", "Divisione ", "Servizio ", "Corpo di ", "Corpo "),
    "en": (),
}
SECTOR_NAME_SUFFIXES = {
    "it": (),
    "en": (" Department", " Division", " Service"),
}


def phrase(lang: str, key: str, /, **values) -> str:
    """The message ``key`` in ``lang`` (its catalogue; Italian for a language without one), filled with ``values``."""
    text = ITALIAN[key]
    if not isinstance(text, str):
        raise TypeError(f"{key} has plural forms: use phrase_plural")
    return _catalogue(lang).pgettext(key, text).format(**values)


def phrase_plural(lang: str, key: str, number: int, /, **values) -> str:
    """The form of message ``key`` for ``number`` (the catalogue's plural rule), filled with ``values``."""
    # Positional-only parameters: a placeholder may be called {count} or {lang} too.
    forms = ITALIAN[key]
    if isinstance(forms, str):
        raise TypeError(f"{key} has no plural forms: use phrase")
    return _catalogue(lang).npgettext(key, *forms, number).format(**values)


def _catalogue(lang: str):
    return i18n.translations(lang if lang in i18n.languages() else DEFAULT_LANG)

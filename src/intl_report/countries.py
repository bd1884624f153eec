"""Country names as sectors write them → ISO 3166-1 alpha-2 codes, and back.

Lookup order: a table of common Italian/English variants, then ISO codes,
then pycountry's Italian names, then its English names, all compared through
:func:`~intl_report.folding.fold` (case, accents, punctuation ignored).
Unknown names raise :class:`CountryError` with a "did you mean" suggestion.
"""

from __future__ import annotations

import csv
import gettext
from functools import cache, lru_cache
from importlib import resources

import pycountry
from rapidfuzz import fuzz, process

from .folding import fold
from .i18n import operator_language, say, say_plural
from .parsing import ParseError, is_blank, split_list

__all__ = [
    "KNOWN_ALPHA2",
    "CountryError",
    "normalise_country",
    "parse_countries",
    "country_name",
    "continent",
    "un_region",
    "CONTINENT_LABELS",
    "continent_label",
    "is_country_name",
]

# Kosovo has no ISO code yet; "XK" is the user-assigned code used by the EU and the UN.
KNOWN_ALPHA2: frozenset[str] = frozenset({c.alpha_2 for c in pycountry.countries} | {"XK"})

CONTINENT_LABELS: dict[str, dict[str, str]] = {
    "Europe": {"it": "Europa", "en": "Europe"},
    "Africa": {"it": "Africa", "en": "Africa"},
    "America": {"it": "Americhe", "en": "Americas"},
    "Asia": {"it": "Asia", "en": "Asia"},
    "Oceania": {"it": "Oceania", "en": "Oceania"},
    "Antarctica": {"it": "Antartide", "en": "Antarctica"},
}

# Short, natural names for the report where pycountry's are official or clumsy.
_NAME_OVERRIDES: dict[str, dict[str, str]] = {
    "it": {
        "BO": "Bolivia", "CD": "Repubblica Democratica del Congo", "CZ": "Repubblica Ceca", "FK": "Isole Falkland",
        "GB": "Regno Unito", "IR": "Iran", "KP": "Corea del Nord", "KR": "Corea del Sud", "LA": "Laos",
        "MD": "Moldavia", "MM": "Myanmar", "NL": "Paesi Bassi", "PS": "Palestina", "RU": "Russia",
        "SS": "Sudan del Sud", "SY": "Siria", "TW": "Taiwan", "TZ": "Tanzania", "US": "Stati Uniti",
        "VA": "Santa Sede", "VE": "Venezuela", "VG": "Isole Vergini britanniche",
        "VI": "Isole Vergini americane", "VN": "Vietnam", "XK": "Kosovo", "MF": "Saint-Martin (Francia)",
        "SX": "Sint Maarten (Paesi Bassi)",
    },
    "en": {
        "BN": "Brunei", "CD": "Democratic Republic of the Congo", "FK": "Falkland Islands",
        "FM": "Micronesia", "KP": "North Korea", "KR": "South Korea", "PS": "Palestine", "RU": "Russia",
        "TW": "Taiwan", "VA": "Holy See", "VG": "British Virgin Islands", "VI": "U.S. Virgin Islands",
        "XK": "Kosovo", "US": "United States", "GB": "United Kingdom",
    },
}  # fmt: skip

# Spellings found in real spreadsheets that pycountry does not know (keys are folded on use).
_VARIANTS: dict[str, tuple[str, ...]] = {
    "US": ("USA", "U.S.A.", "U.S.", "Stati Uniti d'America", "America", "Stati Uniti", "United States",
           "United States of America", "Usa"),
    "GB": ("UK", "U.K.", "Gran Bretagna", "Inghilterra", "Scozia", "Galles", "Irlanda del Nord", "Great Britain",
           "Britain", "England", "Scotland", "Wales", "Northern Ireland", "United Kingdom", "Regno Unito"),
    "NL": ("Olanda", "Holland", "Paesi Bassi", "Netherlands", "The Netherlands", "Nederland"),
    "PS": ("Palestina", "Stato di Palestina", "Territori palestinesi", "Territori palestinesi occupati",
           "Palestine", "State of Palestine", "Palestinian Territories", "Occupied Palestinian Territories"),
    "XK": ("Kosovo", "XKX", "Repubblica del Kosovo", "Republic of Kosovo", "Kosova"),
    "VA": ("Santa Sede", "Vaticano", "Città del Vaticano", "Stato della Città del Vaticano", "Holy See",
           "Vatican", "Vatican City"),
    "RU": ("Russia", "Federazione Russa", "Russian Federation"),
    "KR": ("Corea del Sud", "Corea", "Sud Corea", "Repubblica di Corea", "South Korea", "Korea",
           "Republic of Korea"),
    "KP": ("Corea del Nord", "Nord Corea", "North Korea"),
    "CZ": ("Repubblica Ceca", "Cechia", "Rep. Ceca", "Czech Republic", "Czechia"),
    "SK": ("Repubblica Slovacca", "Slovak Republic"),
    "MK": ("Macedonia", "Macedonia del Nord", "North Macedonia", "FYROM", "Ex Repubblica jugoslava di Macedonia"),
    "BA": ("Bosnia", "Bosnia-Erzegovina", "Bosnia ed Erzegovina", "Bosnia e Erzegovina", "Bosnia Herzegovina",
           "Bosnia and Herzegovina", "Bosnia & Herzegovina", "Bosnia-Herzegovina"),
    "MD": ("Moldavia", "Moldova", "Repubblica di Moldova"),
    "CI": ("Costa d'Avorio", "Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"),
    "CV": ("Capo Verde", "Cape Verde", "Cabo Verde"),
    "IR": ("Iran", "Persia"),
    "SY": ("Siria", "Syria"),
    "LA": ("Laos",),
    "VN": ("Vietnam", "Viet Nam"),
    "TZ": ("Tanzania",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
    "TW": ("Taiwan", "Taipei", "Chinese Taipei", "Taipei cinese"),
    "TR": ("Turchia", "Türkiye", "Turkey", "Turkiye"),
    "CN": ("Cina", "China", "Repubblica Popolare Cinese", "RPC"),
    "AE": ("Emirati Arabi Uniti", "Emirati Arabi", "Emirati", "EAU", "UAE", "United Arab Emirates"),
    "BY": ("Bielorussia", "Belarus", "Belorussia"),
    "SZ": ("Swaziland", "eSwatini", "Eswatini"),
    "MM": ("Birmania", "Myanmar", "Burma"),
    "CD": ("Congo (Kinshasa)", "Congo Kinshasa", "Congo-Kinshasa", "RD Congo", "RDC", "Rep. Dem. Congo",
           "Repubblica Democratica del Congo", "Congo RD", "DR Congo", "DRC", "Democratic Republic of the Congo",
           "Democratic Republic of Congo"),
    "CG": ("Congo", "Congo (Brazzaville)", "Congo Brazzaville", "Repubblica del Congo", "Republic of the Congo"),
    "ZA": ("Sudafrica", "Sud Africa", "South Africa", "Repubblica Sudafricana"),
    "SS": ("Sud Sudan", "Sudan del Sud", "South Sudan"),
    "DE": ("Germania", "Deutschland"),
    "ES": ("España", "Espana"),
    "CH": ("Schweiz", "Suisse", "Svizzera"),
    "AT": ("Österreich",),
    "BE": ("België", "Belgique"),
    "GR": ("EL", "Hellas", "Grecia"),
    "IE": ("Eire", "Irlanda"),
    "MC": ("Principato di Monaco", "Monaco"),
    "KE": ("Kenia",),
    "MY": ("Malesia",),
    "TH": ("Tailandia", "Thailand"),
    "KG": ("Kirghizia", "Kirghizistan", "Kyrgyzstan"),
    "KZ": ("Kazakhstan", "Kazakistan"),
    "AZ": ("Azerbaijan", "Azerbaigian"),
    "BH": ("Bahrain", "Bahrein"),
    "TL": ("Timor Est", "Timor Leste", "East Timor"),
    "RW": ("Rwanda", "Ruanda"),
    "FJ": ("Fiji", "Figi"),
    "MU": ("Mauritius", "Maurizio"),
    "PR": ("Porto Rico", "Portorico", "Puerto Rico"),
    "SV": ("Salvador", "El Salvador"),
    "FO": ("Isole Faroe", "Isole Far Oer", "Faroe Islands", "Faroe"),
    "BF": ("Burkina",),
    "BN": ("Brunei",),
    "KM": ("Isole Comore", "Comore", "Comoros"),
    "SA": ("Arabia Saudita", "Saudi Arabia", "Arabia"),
    "LC": ("Santa Lucia", "St. Lucia", "Saint Lucia"),
    "KN": ("Saint Kitts", "St. Kitts e Nevis", "Saint Kitts and Nevis", "St. Kitts and Nevis"),
    "VC": ("Saint Vincent", "Saint Vincent e Grenadine", "Saint Vincent and the Grenadines"),
    "ST": ("São Tomé", "Sao Tome", "São Tomé e Príncipe", "Sao Tome and Principe"),
    "HM": ("Heard e McDonald", "Isole Heard e McDonald", "Heard and McDonald Islands"),
    "TC": ("Turks e Caicos", "Turks and Caicos", "Turks and Caicos Islands"),
    "PM": ("Saint-Pierre e Miquelon", "Saint Pierre and Miquelon"),
    "TT": ("Trinidad", "Trinidad e Tobago", "Trinidad and Tobago"),
    "AG": ("Antigua", "Antigua e Barbuda", "Antigua and Barbuda"),
    "WF": ("Wallis e Futuna", "Wallis and Futuna"),
    "PG": ("Papua Nuova Guinea", "Papua New Guinea", "Papua"),
    "GQ": ("Guinea Equatoriale",),
    "NZ": ("Nuova Zelanda", "New Zealand", "Aotearoa"),
    "HK": ("Hong Kong",),
}  # fmt: skip

# Areas people write instead of countries: explained rather than "corrected" to a look-alike country.
_AREAS = frozenset(
    fold(a)
    for a in (
        "Europa", "Africa", "Asia", "Oceania", "Americhe", "America Latina", "Sud America", "Sudamerica",
        "America del Sud", "Nord America", "America Centrale", "Medio Oriente", "Balcani", "Maghreb",
        "Unione Europea", "UE", "EU", "Europe", "Mondo", "Internazionale", "Vari", "Vari paesi", "Tutti",
        "Paesi UE", "Paesi europei", "Mediterraneo", "Scandinavia", "Caraibi",
    )
)  # fmt: skip

# Leading articles ("la Francia", "gli Stati Uniti", "the Netherlands") tried as a fallback.
_ARTICLES = ("il ", "lo ", "la ", "i ", "gli ", "le ", "l ", "the ")


@cache
def _translation(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def _pycountry_names(lang: str) -> dict[str, list[str]]:
    """alpha2 → translated name, official_name and common_name from pycountry."""
    tr = _translation(lang)
    names: dict[str, list[str]] = {}
    for country in pycountry.countries:
        english = [getattr(country, attr, None) for attr in ("name", "official_name", "common_name")]
        names[country.alpha_2] = [tr.gettext(n) for n in english if n]
    return names


@cache
def _index() -> dict[str, str]:
    """Folded spelling → alpha2, most trusted sources first (earlier entries are never overwritten)."""
    index: dict[str, str] = {}

    def add(name: str, alpha2: str) -> None:
        key = fold(name)
        if key:
            index.setdefault(key, alpha2)

    for alpha2, variants in _VARIANTS.items():
        for variant in variants:
            add(variant, alpha2)
    for lang in ("it", "en"):
        for alpha2, name in _NAME_OVERRIDES[lang].items():
            add(name, alpha2)
    for country in pycountry.countries:
        add(country.alpha_2, country.alpha_2)
        add(country.alpha_3, country.alpha_2)
    add("XK", "XK")
    for lang in ("it", "en"):
        for alpha2, names in _pycountry_names(lang).items():
            for name in names:
                add(name, alpha2)
    return index


@cache
def _suggestion_keys() -> tuple[list[str], list[str]]:
    # Codes are left out: suggesting "DEU" for "deh" helps nobody.
    pairs = [(key, alpha2) for key, alpha2 in _index().items() if len(key) > 3]
    return [k for k, _ in pairs], [a for _, a in pairs]


@lru_cache(maxsize=65536)
def _lookup_folded(key: str) -> str | None:
    index = _index()
    if key in index:
        return index[key]
    for article in _ARTICLES:
        if key.startswith(article) and key[len(article) :] in index:
            return index[key[len(article) :]]
    return None


def _strip_parenthetical(text: str) -> str:
    # "Germania (Colonia)": the city in brackets is extra detail, the country is what we need.
    out, depth = [], 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def _suggest(key: str) -> str | None:
    keys, codes = _suggestion_keys()
    if len(key) < 3:
        return None
    if key in _AREAS:
        return None
    # Plain ratio, not WRatio: partial matching would suggest "Sudafrica" for "Africa".
    best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=80)
    return codes[best[2]] if best else None


class CountryError(ParseError):
    """One or more country names that could not be recognised.

    Attributes
    ----------
    values : list[str]
        The unrecognised texts, as written.
    suggestions : dict[str, str | None]
        For each text, the alpha-2 code of the closest known name, if any.
    suggestion : str | None
        The suggestion for the first (usually only) unrecognised text.
    """

    def __init__(self, values: list[str], suggestions: dict[str, str | None]) -> None:
        self.values = list(values)
        self.suggestions = dict(suggestions)
        self.suggestion = self.suggestions.get(self.values[0]) if self.values else None
        message = self._one_message() if len(self.values) == 1 else self._list_message()
        super().__init__(message, value=self.values[0] if len(self.values) == 1 else self.values)

    # The suggested name is in the operator's language: the parser reads Italian and English names alike.

    def _one_message(self) -> str:
        [written] = self.values
        code = self.suggestions.get(written)
        if fold(written) in _AREAS:
            return say("countries.area", "paese non riconosciuto: «{written}» (è un'area, non un paese: indicare i "
                       "singoli paesi)", written=written)
        if code:
            return say("countries.unknown_suggestion",
                       "paese non riconosciuto: «{written}». Forse intendevi «{closest}»?",
                       written=written, closest=country_name(code, operator_language()))
        return say("countries.unknown", "paese non riconosciuto: «{written}». Scrivere il nome italiano del paese "
                   "(es. Germania) o il codice ISO (es. DE).", written=written)

    def _list_message(self) -> str:
        items = []
        for written in self.values:
            code = self.suggestions.get(written)
            if fold(written) in _AREAS:
                items.append(say("countries.list_area",
                                 "«{written}» (è un'area, non un paese: indicare i singoli paesi)", written=written))
            elif code:
                items.append(say("countries.list_suggestion", "«{written}» (forse «{closest}»?)", written=written,
                                 closest=country_name(code, operator_language())))
            else:
                items.append(say("countries.list_unknown", "«{written}»", written=written))
        listed = ", ".join(items)
        if any(self.suggestions.values()) or all(fold(text) in _AREAS for text in self.values):
            return say_plural("countries.unknown_many", "paese non riconosciuto: {listed}",
                              "paesi non riconosciuti: {listed}", len(items), listed=listed)
        return say_plural("countries.unknown_many_hint",
                          "paese non riconosciuto: {listed}. Scrivere il nome italiano del paese (es. Germania) o il "
                          "codice ISO (es. DE).",
                          "paesi non riconosciuti: {listed}. Scrivere il nome italiano del paese (es. Germania) o il "
                          "codice ISO (es. DE).", len(items), listed=listed)


@lru_cache(maxsize=65536)
def _recognise(text: str) -> str | None:
    """Alpha-2 code of a raw spelling, or ``None``; cached on the raw text so repeats skip folding."""
    code = _lookup_folded(fold(text))
    if code is None and ("(" in text or "[" in text):
        code = _lookup_folded(fold(_strip_parenthetical(text)))
    if code is None and "&" in text:  # "Trinidad & Tobago"
        code = _lookup_folded(fold(text.replace("&", " and "))) or _lookup_folded(fold(text.replace("&", " e ")))
    return code


def normalise_country(text: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country written in Italian, English or as an ISO code.

    Raises
    ------
    CountryError
        When the name is unknown; ``err.suggestion`` holds the closest code, if any.
    """
    if not isinstance(text, str):
        text = "" if is_blank(text) else str(text)
    code = _recognise(text)
    if code is None:
        shown = text.strip()
        raise CountryError([shown], {shown: _suggest(fold(text))})
    return code


def is_country_name(text: str) -> bool:
    """True when ``text`` is a known country spelling (used by ``split_list`` to keep names whole)."""
    return _recognise(text) is not None


def parse_countries(value: object) -> list[str]:
    """Alpha-2 codes of every country in a list cell, deduplicated, in the order written.

    All unknown names are reported together in one :class:`CountryError`.
    """
    codes: list[str] = []
    unknown: list[str] = []
    suggestions: dict[str, str | None] = {}
    for item in split_list(value):
        try:
            code = normalise_country(item)
        except CountryError as err:
            if item not in suggestions:
                unknown.append(item)
                suggestions[item] = err.suggestion
            continue
        if code not in codes:
            codes.append(code)
    if unknown:
        raise CountryError(unknown, suggestions)
    return codes


@cache
def _names(lang: str) -> dict[str, str]:
    # pycountry's common_name ("Bolivia", "Taiwan") beats its name ("Bolivia, Plurinational State of").
    tr = _translation(lang)
    names = {c.alpha_2: tr.gettext(getattr(c, "common_name", None) or c.name) for c in pycountry.countries}
    names.update(_NAME_OVERRIDES.get(lang, {}))
    names.setdefault("XK", "Kosovo")
    return names


def country_name(alpha2: str, lang: str = "it") -> str:
    """Short, natural name of a country for the report (Italian by default, English with ``lang="en"``)."""
    code = alpha2.upper()
    names = _names(lang)
    if code in names:
        return names[code]
    raise KeyError(say("countries.code_unknown", "codice paese sconosciuto: {code}", code=alpha2))


@cache
def _regions() -> dict[str, tuple[str, str]]:
    # Read with csv, not pandas defaults: "NA" is Namibia, not a missing value.
    path = resources.files("intl_report") / "data" / "m49_regions.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["alpha_2"]: (row["continent"], row["un_region"]) for row in csv.DictReader(handle)}


def continent(alpha2: str) -> str:
    """Continent of a country: Africa, America, Asia, Europe, Oceania or Antarctica."""
    return _regions()[alpha2.upper()][0]


def un_region(alpha2: str) -> str:
    """UN M49 sub-region of a country, e.g. "Southern Europe"."""
    return _regions()[alpha2.upper()][1]


def continent_label(continent: str, lang: str = "it") -> str:
    """Label of a continent in the report's language (``"America"`` → ``"Americhe"``)."""
    labels = CONTINENT_LABELS.get(continent)
    if labels is None:
        return continent
    return labels.get(lang, labels["en"])

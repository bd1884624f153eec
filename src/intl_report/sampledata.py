"""Deterministic generator of realistic, deliberately messy sample data.

``python -m intl_report.sampledata --year 2025`` writes one workbook per sector
of the registry to ``data/raw/2025/<slug>.xlsx``. The activities are synthetic
but plausible for the Città di Torino: real networks and programmes (Eurocities,
ICLEI, URBACT, Interreg ALCOTRA, Horizon Europe, AICS…), real twin and partner
cities, invented project acronyms, results and contact persons.

Only :class:`random.Random` instances seeded with strings are used, so the same
seed gives the same activities and byte-identical ``.xlsx`` files (workbook
properties and zip timestamps are fixed).

Structure of a year (see :func:`generate_activities`):

* about 400 activities in 2025, 5 to 60 per sector, about 10% fewer per year back;
* multi-year activities starting in year *Y* carry the ID ``<PREFIX>-<Y>-<nnn>``
  and appear, with the same ID, title and dates, in the workbooks of *Y* and *Y+1*
  (about half of a year's multi-year activities are carried over from the year before);
* six joint activities per year are reported by two sectors (same title and dates,
  each listing the other in ``other_sectors``, each with its own sector's ID);
* a handful of titles with odd characters, to test the layout: one with
  ``# $ * _ @ < [ &``, one with accents and umlauts (``Città–Köln…``), one with emoji
  flags, one with Arabic (right-to-left) text in the title and partner cities, and
  one of about 200 characters.

The messy layer (:func:`write_sector_workbook` with ``messy=True``) renders the
clean values the way sectors really fill in a sheet, varying deterministically
per sector: a title row (and sometimes a note row and an empty row) above the
header; sheet names ``Attività <year>``, ``Foglio1`` or ``Attività internazionali``;
two adjacent columns swapped and an extra ``Note`` column in a few sheets; dates as
Excel dates, as text ``03/02/2025`` or as ``3 febbraio 2025``; amounts as numbers or
as text ``€ 12.500,00``; countries in Italian (``Germania; Francia``, with variants
such as ``USA``, ``Olanda``, ``Gran Bretagna``), in English (``Germany, France``) or as
ISO codes (``DE; FR``); codes as their Italian label with odd case, stray spaces or a
synonym; other sectors by official name or slug; network names with variant
spellings; stray spaces in text; an empty row in the middle of a few sheets; an
``Istruzioni`` sheet after the data in a few workbooks.

Deliberate errors that a validator must reject, 8 per year (:data:`ERROR_KINDS`,
spread by :func:`write_year` over the sectors, never in ``relazioni-internazionali``
or ``cooperazione-pace``), each on a different row:

* ``missing_title`` – the title cell is empty;
* ``missing_start`` – the start date cell is empty;
* ``invalid_date`` – the start date is the impossible text ``31/02/<year>``;
* ``end_before_start`` – the end date is a few days before the start date;
* ``unknown_type`` – the type is ``workshop``;
* ``unknown_country`` – a country is written ``Germnia``;
* ``amount_text`` – the total budget is ``da definire``;
* ``duplicate_row`` – an exact copy of another row of the same sheet (the only
  duplicated activity of the year).

Nothing about these errors is recorded: they are reproducible from the seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from . import schema
from .paths import raw_year_dir
from .registry import load_registry

DEFAULT_SEED = 2025
REFERENCE_YEAR = 2025  # the year the per-sector targets below refer to
IMPORTANT_SECTORS = ("relazioni-internazionali", "cooperazione-pace")  # never get deliberate errors
ERROR_KINDS = (
    "missing_title",
    "missing_start",
    "invalid_date",
    "end_before_start",
    "unknown_type",
    "unknown_country",
    "amount_text",
    "duplicate_row",
)

# ---------------------------------------------------------------------------
# Countries and cities
# ---------------------------------------------------------------------------

COUNTRIES: dict[str, tuple[str, str]] = {
    "AL": ("Albania", "Albania"),
    "AM": ("Armenia", "Armenia"),
    "AR": ("Argentina", "Argentina"),
    "AT": ("Austria", "Austria"),
    "BA": ("Bosnia ed Erzegovina", "Bosnia and Herzegovina"),
    "BE": ("Belgio", "Belgium"),
    "BF": ("Burkina Faso", "Burkina Faso"),
    "BG": ("Bulgaria", "Bulgaria"),
    "BR": ("Brasile", "Brazil"),
    "CA": ("Canada", "Canada"),
    "CH": ("Svizzera", "Switzerland"),
    "CM": ("Camerun", "Cameroon"),
    "CN": ("Cina", "China"),
    "CO": ("Colombia", "Colombia"),
    "CV": ("Capo Verde", "Cape Verde"),
    "CY": ("Cipro", "Cyprus"),
    "CZ": ("Repubblica Ceca", "Czechia"),
    "DE": ("Germania", "Germany"),
    "DK": ("Danimarca", "Denmark"),
    "EE": ("Estonia", "Estonia"),
    "EG": ("Egitto", "Egypt"),
    "ES": ("Spagna", "Spain"),
    "FI": ("Finlandia", "Finland"),
    "FR": ("Francia", "France"),
    "GB": ("Regno Unito", "United Kingdom"),
    "GE": ("Georgia", "Georgia"),
    "GR": ("Grecia", "Greece"),
    "GT": ("Guatemala", "Guatemala"),
    "HR": ("Croazia", "Croatia"),
    "HU": ("Ungheria", "Hungary"),
    "IE": ("Irlanda", "Ireland"),
    "IL": ("Israele", "Israel"),
    "JO": ("Giordania", "Jordan"),
    "JP": ("Giappone", "Japan"),
    "KE": ("Kenya", "Kenya"),
    "KR": ("Corea del Sud", "South Korea"),
    "LB": ("Libano", "Lebanon"),
    "LT": ("Lituania", "Lithuania"),
    "LU": ("Lussemburgo", "Luxembourg"),
    "LV": ("Lettonia", "Latvia"),
    "MA": ("Marocco", "Morocco"),
    "MD": ("Moldavia", "Moldova"),
    "MK": ("Macedonia del Nord", "North Macedonia"),
    "MT": ("Malta", "Malta"),
    "MZ": ("Mozambico", "Mozambique"),
    "NL": ("Paesi Bassi", "Netherlands"),
    "NO": ("Norvegia", "Norway"),
    "PL": ("Polonia", "Poland"),
    "PS": ("Palestina", "Palestine"),
    "PT": ("Portogallo", "Portugal"),
    "RO": ("Romania", "Romania"),
    "RS": ("Serbia", "Serbia"),
    "SE": ("Svezia", "Sweden"),
    "SI": ("Slovenia", "Slovenia"),
    "SK": ("Slovacchia", "Slovakia"),
    "SN": ("Senegal", "Senegal"),
    "TN": ("Tunisia", "Tunisia"),
    "TR": ("Turchia", "Turkey"),
    "UA": ("Ucraina", "Ukraine"),
    "US": ("Stati Uniti", "United States"),
    "VA": ("Santa Sede", "Holy See"),
    "XK": ("Kosovo", "Kosovo"),
}

# Italian variants real referents write; all must be recognised by the cleaning step.
IT_VARIANTS: dict[str, tuple[str, ...]] = {
    "US": ("USA", "Stati Uniti d'America"),
    "GB": ("Gran Bretagna",),
    "NL": ("Olanda",),
    "CZ": ("Cechia",),
    "VA": ("Città del Vaticano",),
    "BA": ("Bosnia-Erzegovina",),
}

# name as written -> ISO alpha-2
CITY_COUNTRY: dict[str, str] = {}


def _cities(country: str, *names: str) -> list[str]:
    for name in names:
        CITY_COUNTRY[name] = country
    return list(names)


TWIN_CITIES = (
    _cities("GB", "Glasgow")
    + _cities("FR", "Lille", "Chambéry", "Lione", "Grenoble")
    + _cities("DE", "Colonia", "Monaco di Baviera")
    + _cities("JP", "Nagoya")
    + _cities("CN", "Shenzhen", "Harbin")
    + _cities("US", "Detroit")
    + _cities("IL", "Haifa")
    + _cities("PS", "Betlemme")
    + _cities("AR", "Rosario", "Córdoba")
    + _cities("UA", "Kharkiv")
    + _cities("LU", "Esch-sur-Alzette")
    + _cities("ES", "Barcellona", "Valencia")
    + _cities("BE", "Bruxelles")
)
SOUTH_CITIES = (
    _cities("PS", "Gaza", "Hebron")
    + _cities("BF", "Ouagadougou", "Bobo-Dioulasso")
    + _cities("GT", "Quetzaltenango")
    + _cities("BR", "Salvador de Bahia", "Belo Horizonte")
    + _cities("SN", "Saint-Louis", "Dakar")
    + _cities("CV", "Praia")
    + _cities("CM", "Yaoundé")
    + _cities("TN", "Tunisi")
    + _cities("MA", "Casablanca")
    + _cities("JO", "Amman")
    + _cities("LB", "Beirut")
    + _cities("MZ", "Maputo")
    + _cities("AL", "Tirana")
    + _cities("BA", "Sarajevo")
    + _cities("XK", "Pristina")
    + _cities("MD", "Chișinău")
    + _cities("CO", "Medellín")
)
SOUTH_CITIES += _cities("UA", "Leopoli") + ["Rosario", "Córdoba", "Kharkiv"]
EUROPE_CITIES = (
    _cities("NL", "Amsterdam", "Rotterdam", "Eindhoven", "Utrecht")
    + _cities("AT", "Vienna", "Graz")
    + _cities("PT", "Lisbona", "Porto")
    + _cities("PL", "Cracovia", "Danzica", "Breslavia")
    + _cities("SE", "Stoccolma", "Göteborg", "Malmö")
    + _cities("FI", "Helsinki", "Tampere")
    + _cities("DK", "Copenaghen", "Aarhus")
    + _cities("GR", "Atene", "Salonicco")
    + _cities("HR", "Zagabria", "Fiume")
    + _cities("SI", "Lubiana", "Maribor")
    + _cities("RO", "Cluj-Napoca", "Timișoara")
    + _cities("BG", "Sofia", "Plovdiv")
    + _cities("CZ", "Brno", "Praga")
    + _cities("HU", "Budapest")
    + _cities("IE", "Dublino", "Cork")
    + _cities("EE", "Tallinn", "Tartu")
    + _cities("LT", "Vilnius")
    + _cities("LV", "Riga")
    + _cities("NO", "Oslo", "Bergen")
    + _cities("CH", "Ginevra", "Zurigo")
    + _cities("FR", "Marsiglia", "Nantes", "Bordeaux", "Strasburgo", "Saint-Étienne")
    + _cities("DE", "Amburgo", "Lipsia", "Friburgo", "Stoccarda", "Mannheim")
    + _cities("ES", "Madrid", "Bilbao", "Siviglia", "Saragozza")
    + _cities("BE", "Gand", "Anversa", "Liegi")
    + _cities("GB", "Manchester", "Edimburgo", "Bristol")
    + _cities("LU", "Lussemburgo")
    + _cities("SK", "Bratislava")
    + _cities("CY", "Nicosia")
    + _cities("MT", "La Valletta")
    + ["Lille", "Lione", "Grenoble", "Colonia", "Monaco di Baviera", "Barcellona", "Valencia", "Glasgow"]
    + ["Esch-sur-Alzette", "Bruxelles"]
)
ALCOTRA_CITIES = _cities("FR", "Nizza", "Annecy", "Briançon", "Gap", "Modane") + ["Chambéry", "Grenoble", "Lione"]
WORLD_CITIES = (
    _cities("US", "New York", "Boston")
    + _cities("CA", "Montréal", "Toronto")
    + _cities("KR", "Seul", "Busan")
    + _cities("CN", "Shanghai", "Pechino")
    + _cities("JP", "Tokyo", "Osaka")
    + _cities("TR", "Istanbul", "Smirne")
    + _cities("EG", "Il Cairo")
    + _cities("KE", "Nairobi")
    + _cities("GE", "Tbilisi")
    + _cities("AM", "Erevan")
    + _cities("RS", "Belgrado")
    + _cities("MK", "Skopje")
    + ["Nagoya", "Shenzhen", "Harbin", "Detroit", "Haifa", "Belo Horizonte", "Casablanca", "Tunisi", "Amman"]
)
_cities("VA", "Città del Vaticano")
_cities("FR", "Parigi")
_cities("DE", "Köln")
_cities("PS", "Betlemme (بيت لحم)")

# Local and international bodies based in Turin: partners without a foreign country.
LOCAL_BODIES = (
    "Politecnico di Torino",
    "Università di Torino",
    "Compagnia di San Paolo",
    "Fondazione CRT",
    "Camera di commercio di Torino",
    "Regione Piemonte",
    "Città metropolitana di Torino",
    "ITC-ILO (Centro internazionale di formazione dell'OIL)",
    "UNICRI",
    "ETF – Fondazione europea per la formazione",
    "UNSSC – Scuola dei quadri del sistema ONU",
    "Torino Urban Lab",
    "Fondazione Links",
    "ANCI",
)

# ---------------------------------------------------------------------------
# Networks and programmes
# ---------------------------------------------------------------------------

NET_BY_TYPE: dict[str, tuple[str, ...]] = {
    "rete_tematica": (
        "Eurocities",
        "ICLEI",
        "UCLG",
        "Covenant of Mayors",
        "Energy Cities",
        "Rete Città Sane OMS",
        "Creative Cities UNESCO",
        "Mayors for Peace",
        "ECCAR",
        "Cities for Digital Rights",
        "EFUS",
        "ACES Europe",
        "EU Missions Climate-Neutral Cities",
        "Città Educative (AICE)",
        "Living-in.EU",
        "CCRE",
        "Rete europea delle politiche temporali",
    ),
    "progetto_ue_diretto": (
        "Horizon Europe",
        "LIFE",
        "CERV",
        "Creative Europe",
        "Erasmus+",
        "Digital Europe",
        "EUI – European Urban Initiative",
        "Corpo europeo di solidarietà",
    ),
    "progetto_ue_concorrente": (
        "URBACT",
        "Interreg ALCOTRA",
        "Interreg Europe",
        "Interreg Central Europe",
        "Interreg Euro-MED",
        "FESR Piemonte",
        "FSE+ Piemonte",
        "PN Metro Plus",
        "FAMI",
    ),
    "progetto_nazionale_internazionale": ("AICS", "MAECI", "PNRR"),
}
_ALL_NETWORKS = tuple(dict.fromkeys(schema.KNOWN_NETWORKS + tuple(n for v in NET_BY_TYPE.values() for n in v)))
LOCAL_PROGRAMMES = ("FESR Piemonte", "FSE+ Piemonte", "PN Metro Plus", "FAMI", "PNRR")

NETWORK_VARIANTS: dict[str, tuple[str, ...]] = {
    "Eurocities": ("EUROCITIES", "Rete Eurocities"),
    "URBACT": ("Urbact", "URBACT IV"),
    "Erasmus+": ("Erasmus Plus", "ERASMUS+"),
    "Covenant of Mayors": ("Patto dei Sindaci",),
    "Interreg ALCOTRA": ("ALCOTRA", "Interreg Italia-Francia ALCOTRA"),
    "EU Missions Climate-Neutral Cities": ("Missione UE 100 città climaticamente neutre",),
    "Creative Cities UNESCO": ("UNESCO Creative Cities Network",),
    "Horizon Europe": ("HORIZON EUROPE", "Horizon"),
    "FSE+ Piemonte": ("FSE+ Regione Piemonte",),
    "ICLEI": ("ICLEI Europe",),
}

ACRONYM_PARTS = (
    "GREEN",
    "CLIMA",
    "URBAN",
    "CITY",
    "SMART",
    "SOCIAL",
    "DIGI",
    "CULT",
    "YOUTH",
    "CIRC",
    "AIR",
    "AQUA",
    "LINK",
    "LAB",
    "HUB",
    "NET",
    "SHIFT",
    "FUTURE",
    "NEXT",
    "TRANS",
    "INC",
    "ACT",
    "CO",
    "RE",
    "OPEN",
    "FAIR",
    "CARE",
    "SKILL",
    "WORK",
    "PLAY",
    "HEAT",
    "TREE",
    "SOIL",
    "FOOD",
    "MOVE",
    "SAFE",
    "HOME",
    "ART",
    "MED",
    "ALP",
    "TWIN",
)
URBACT_NAMES = (
    "Thriving Streets",
    "Health&Greenspace",
    "Playful Paradigm",
    "RiConnect",
    "Tech Revolution 2.0",
    "Cities4People",
    "Food Corridors",
    "Breaking Isolation",
    "Urban Regeneration Mix",
    "Living Schools",
    "Sustainable Urban Nights",
    "Women-Friendly Cities",
    "In Common",
    "Global Goals for Cities",
    "Re-Grow City",
    "Access",
    "Tourism-Friendly Cities",
    "Cities After Dark",
    "STAR Cities",
    "Procure",
)

# ---------------------------------------------------------------------------
# Sector profiles
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    prefix: str
    target: int  # activities in REFERENCE_YEAR
    types: dict[str, int]
    subjects: tuple[str, ...]
    networks: tuple[str, ...]
    sdgs: tuple[int, ...]
    forums: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    awards: tuple[str, ...] = ()
    fairs: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    highlights: tuple[dict, ...] = field(default_factory=tuple)


def _h(type_: str, title: str, **extra) -> dict:
    return {"type": type_, "title": title, **extra}


PROFILES: dict[str, Profile] = {
    "relazioni-internazionali": Profile(
        "RI",
        58,
        {
            "rete_tematica": 12,
            "gemellaggio_accordo": 12,
            "delegazione_ricevuta": 22,
            "missione_estero": 14,
            "evento_internazionale": 7,
            "progetto_ue_diretto": 4,
            "progetto_ue_concorrente": 3,
            "buone_pratiche": 8,
            "promozione": 5,
            "premio": 2,
            "altro": 2,
            "formazione": 2,
        },
        (
            "relazioni istituzionali",
            "attrazione di investimenti esteri",
            "innovazione urbana",
            "Torino Città del Design",
            "turismo e cultura",
            "università e ricerca",
            "diplomazia delle città",
            "rapporti con le istituzioni europee",
            "politiche urbane europee",
            "automotive e mobilità elettrica",
            "aerospazio",
            "enogastronomia",
            "cooperazione economica",
            "scambi tra giovani amministratori",
            "città universitaria",
            "smart city",
        ),
        ("Eurocities", "UCLG", "Creative Cities UNESCO", "CERV", "Interreg Europe", "CCRE", "Horizon Europe"),
        (17, 11, 8, 4, 16),
        forums=(
            "Eurocities Annual General Meeting",
            "Eurocities – Comitato esecutivo",
            "UCLG – Consiglio mondiale",
            "Creative Cities UNESCO – Annual Conference",
            "CCRE – Comitato politico",
        ),
        events=(
            "Settimana europea delle regioni e delle città",
            "Forum delle città del Mediterraneo",
            "Festa dell'Europa",
            "Giornata dei gemellaggi",
        ),
        awards=("Premio Europa del Consiglio d'Europa", "European Capital of Smart Tourism"),
        fairs=("MIPIM Cannes", "Expo Real Monaco di Baviera"),
        bodies=("Camera di commercio di Torino", "Regione Piemonte", "Politecnico di Torino"),
        highlights=(
            _h("delegazione_ricevuta", "Delegazione della Città di Shenzhen in visita", cities=["Shenzhen"]),
            _h("missione_estero", "Missione istituzionale a Colonia – gemellaggio e scambi", cities=["Colonia"]),
            _h("delegazione_ricevuta", "Visita del Sindaco di Chambéry a Torino", cities=["Chambéry"]),
            _h(
                "gemellaggio_accordo",
                "Patto di amicizia con Esch-sur-Alzette – piano di attività {year}",
                cities=["Esch-sur-Alzette"],
            ),
            _h("missione_estero", "Missione a Detroit – mobilità del futuro e automotive", cities=["Detroit"]),
            _h("gemellaggio_accordo", "Rinnovo del protocollo di collaborazione con Lille", cities=["Lille"]),
            _h(
                "delegazione_ricevuta",
                "Delegazione del Consolato generale di Francia – incontro con il Sindaco",
                cities=["Lione"],
            ),
            _h(
                "missione_estero",
                "Missione a Glasgow – rigenerazione delle aree portuali e industriali",
                cities=["Glasgow"],
            ),
            _h(
                "gemellaggio_accordo",
                "Accordo di amicizia Torino–Harbin: programma di scambi {year}",
                cities=["Harbin"],
            ),
        ),
    ),
    "cooperazione-pace": Profile(
        "COOP",
        48,
        {
            "cooperazione_decentrata": 25,
            "progetto_nazionale_internazionale": 14,
            "rete_tematica": 9,
            "evento_internazionale": 10,
            "delegazione_ricevuta": 8,
            "missione_estero": 7,
            "progetto_ue_diretto": 5,
            "formazione": 5,
            "buone_pratiche": 4,
            "gemellaggio_accordo": 4,
            "altro": 2,
        },
        (
            "accesso all'acqua potabile",
            "gestione dei rifiuti urbani",
            "sicurezza alimentare",
            "diritti dei minori",
            "educazione alla cittadinanza globale",
            "sostegno psicosociale alle vittime dei conflitti",
            "ricostruzione post-bellica",
            "empowerment femminile",
            "servizi sanitari di base",
            "agricoltura urbana",
            "sviluppo economico locale",
            "tutela del patrimonio culturale",
            "diritti umani",
            "pace e dialogo interculturale",
            "migrazione e sviluppo",
            "energia solare nelle scuole",
            "rafforzamento delle amministrazioni locali",
            "turismo responsabile",
        ),
        ("AICS", "MAECI", "Mayors for Peace", "UCLG", "ECCAR", "CERV"),
        (16, 1, 6, 10, 5, 17, 3),
        forums=(
            "Mayors for Peace – Conferenza generale",
            "UCLG – Commissione diplomazia delle città",
            "ECCAR – Assemblea generale",
        ),
        events=(
            "Settimana della cooperazione internazionale",
            "Giornata internazionale della pace",
            "Festival dei diritti umani",
            "Forum torinese della cooperazione decentrata",
        ),
        bodies=("Regione Piemonte", "Compagnia di San Paolo", "Università di Torino", "ANCI"),
        highlights=(
            _h(
                "cooperazione_decentrata",
                "Torino per Gaza – aiuti umanitari e sostegno sanitario",
                cities=["Gaza"],
                network="AICS",
            ),
            _h("cooperazione_decentrata", "Kharkiv – sostegno alla ricostruzione delle scuole", cities=["Kharkiv"]),
            _h("altro", "Bando comunale per la cooperazione decentrata {year}", role="finanziatore"),
            _h(
                "delegazione_ricevuta",
                "Incontro interreligioso per la pace con la Santa Sede",
                cities=["Città del Vaticano"],
            ),
            _h(
                "formazione",
                "Pristina – formazione dei funzionari municipali sulla gestione dei servizi",
                cities=["Pristina"],
            ),
            _h(
                "cooperazione_decentrata",
                "Quetzaltenango – formazione dei tecnici municipali",
                cities=["Quetzaltenango"],
            ),
        ),
    ),
    "ambiente-verde": Profile(
        "AMB",
        44,
        {
            "rete_tematica": 13,
            "progetto_ue_diretto": 16,
            "progetto_ue_concorrente": 12,
            "premio": 5,
            "buone_pratiche": 8,
            "evento_internazionale": 7,
            "missione_estero": 6,
            "delegazione_ricevuta": 6,
            "formazione": 3,
            "progetto_nazionale_internazionale": 4,
        },
        (
            "forestazione urbana",
            "adattamento ai cambiamenti climatici",
            "isole di calore urbane",
            "qualità dell'aria",
            "economia circolare",
            "gestione delle acque meteoriche",
            "soluzioni basate sulla natura",
            "biodiversità urbana",
            "comunità energetiche rinnovabili",
            "efficienza energetica degli edifici pubblici",
            "parchi fluviali",
            "orti urbani",
            "riduzione degli sprechi alimentari",
            "neutralità climatica al 2030",
            "mobilità ciclabile",
            "tetti verdi",
            "rinaturalizzazione delle sponde del Po",
            "inquinamento acustico",
        ),
        (
            "ICLEI",
            "Eurocities",
            "Covenant of Mayors",
            "EU Missions Climate-Neutral Cities",
            "Energy Cities",
            "LIFE",
            "Horizon Europe",
            "Interreg Europe",
            "Interreg ALCOTRA",
            "Interreg Central Europe",
            "Interreg Euro-MED",
            "PNRR",
            "URBACT",
        ),
        (13, 11, 15, 7, 6, 12),
        forums=(
            "Eurocities Environment Forum",
            "ICLEI – Comitato regionale europeo",
            "EU Missions Climate-Neutral Cities – incontro delle città pilota",
            "Energy Cities – Annual Forum",
            "Covenant of Mayors – Investment Forum",
        ),
        events=(
            "Settimana europea della mobilità",
            "Torino Green Week",
            "Giornata mondiale dell'ambiente",
            "Festival del verde urbano",
        ),
        awards=(
            "European Green Capital Award",
            "European Green Leaf Award",
            "Premio Eurocities per il clima",
            "Transformative Action Award",
        ),
        bodies=("Politecnico di Torino", "Università di Torino", "Città metropolitana di Torino", "Fondazione Links"),
        highlights=(
            _h(
                "rete_tematica",
                "EU Mission Climate-Neutral Cities – Climate City Contract di Torino {year}",
                network="EU Missions Climate-Neutral Cities",
            ),
            _h("rete_tematica", "Patto dei Sindaci – monitoraggio del PAESC {year}", network="Covenant of Mayors"),
            _h("premio", "European Green Capital Award {year2} – candidatura", network=None),
        ),
    ),
    "comunicazione-promozione": Profile(
        "COM",
        28,
        {
            "promozione": 22,
            "evento_internazionale": 16,
            "delegazione_ricevuta": 5,
            "missione_estero": 6,
            "rete_tematica": 4,
            "premio": 3,
            "progetto_ue_diretto": 2,
            "altro": 2,
        },
        (
            "promozione turistica",
            "ufficio stampa internazionale",
            "grandi eventi",
            "brand Torino",
            "Giochi olimpici invernali Milano Cortina 2026",
            "turismo congressuale",
            "comunicazione digitale in inglese",
            "cineturismo",
            "turismo enogastronomico",
            "turismo accessibile",
            "Torino città del cinema",
        ),
        ("Eurocities", "Creative Europe", "CERV"),
        (8, 11, 17, 12),
        forums=("Eurocities – gruppo di lavoro Comunicazione", "Eurocities – Forum Cultura e Turismo"),
        events=(
            "Torino Film Festival – accoglienza ospiti internazionali",
            "Natale a Torino – mercatini europei",
            "Torino Design of the City",
            "Capodanno in piazza",
        ),
        awards=("European Capital of Smart Tourism", "Premio Eurocities per la comunicazione"),
        fairs=(
            "ITB Berlino",
            "WTM Londra",
            "Salon Mondial du Tourisme Parigi",
            "FITUR Madrid",
            "IMEX Francoforte",
            "IBTM Barcellona",
        ),
        bodies=("Turismo Torino e Provincia", "Regione Piemonte", "Camera di commercio di Torino"),
        highlights=(
            _h("promozione", "Giochi olimpici invernali Milano Cortina 2026 – eventi di avvicinamento {year}"),
            _h("promozione", "Press tour di giornalisti esteri – Torino città del cinema", cities=["Parigi"]),
        ),
    ),
    "servizi-culturali": Profile(
        "CULT",
        45,
        {
            "evento_internazionale": 19,
            "progetto_ue_diretto": 12,
            "rete_tematica": 10,
            "promozione": 7,
            "buone_pratiche": 6,
            "delegazione_ricevuta": 7,
            "missione_estero": 6,
            "gemellaggio_accordo": 3,
            "premio": 3,
            "formazione": 4,
            "progetto_ue_concorrente": 4,
        },
        (
            "musei civici",
            "biblioteche civiche",
            "arte contemporanea",
            "festival musicali",
            "lettura e promozione del libro",
            "patrimonio industriale",
            "cinema",
            "teatro e danza",
            "accessibilità culturale",
            "mediazione culturale",
            "residenze d'artista",
            "digitalizzazione del patrimonio",
            "partecipazione culturale dei giovani",
            "archivi storici",
            "arte pubblica",
            "design",
        ),
        (
            "Creative Europe",
            "Eurocities",
            "Creative Cities UNESCO",
            "Erasmus+",
            "Interreg ALCOTRA",
            "Horizon Europe",
            "Interreg Europe",
        ),
        (11, 4, 10, 16),
        forums=(
            "Eurocities Culture Forum",
            "Creative Cities UNESCO – sottorete Design",
            "Eurocities – gruppo di lavoro Cultura e Quartieri",
        ),
        events=(
            "Torino Jazz Festival – artisti e partner internazionali",
            "Artissima – collaborazione con gallerie estere",
            "Luci d'Artista – scambio con Lione",
            "Notte europea dei musei",
            "Festival Architettura in Città",
            "MITO SettembreMusica – orchestre europee",
            "Biennale Democrazia – ospiti internazionali",
            "CinemAmbiente – sezione internazionale",
        ),
        awards=("Premio europeo per il patrimonio Europa Nostra", "Label del patrimonio europeo"),
        fairs=("Frankfurter Buchmesse", "Fiera del libro per ragazzi di Bologna – stand internazionale"),
        bodies=("Fondazione Torino Musei", "Museo Egizio", "Compagnia di San Paolo", "Fondazione CRT"),
        highlights=(),
    ),
    "servizi-educativi": Profile(
        "EDU",
        20,
        {
            "progetto_ue_diretto": 8,
            "rete_tematica": 6,
            "buone_pratiche": 10,
            "delegazione_ricevuta": 7,
            "formazione": 6,
            "evento_internazionale": 3,
            "gemellaggio_accordo": 2,
        },
        (
            "servizi per la prima infanzia",
            "scuole dell'infanzia",
            "educazione all'aperto",
            "inclusione scolastica",
            "mense scolastiche sostenibili",
            "lotta alla dispersione scolastica",
            "educazione bilingue",
            "formazione degli insegnanti",
            "città educativa",
            "orientamento",
            "educazione alimentare",
        ),
        ("Erasmus+", "Eurocities", "Città Educative (AICE)", "Rete Città Sane OMS"),
        (4, 10, 5, 3),
        forums=("Eurocities – gruppo di lavoro Education", "Città Educative (AICE) – Congresso internazionale"),
        events=("Settimana europea della scuola all'aperto",),
        highlights=(),
    ),
    "gioventu": Profile(
        "GIO",
        22,
        {
            "progetto_ue_diretto": 10,
            "rete_tematica": 5,
            "buone_pratiche": 6,
            "evento_internazionale": 6,
            "formazione": 4,
            "delegazione_ricevuta": 3,
            "missione_estero": 3,
            "progetto_ue_concorrente": 2,
        },
        (
            "partecipazione giovanile",
            "volontariato europeo",
            "Informagiovani",
            "spazi giovanili",
            "mobilità internazionale dei giovani",
            "youth work",
            "cittadinanza europea",
            "benessere psicologico dei giovani",
            "creatività giovanile",
            "giovani e lavoro",
            "contrasto all'hate speech online",
        ),
        ("Erasmus+", "Eurocities", "URBACT", "CERV", "Corpo europeo di solidarietà"),
        (4, 8, 10, 16),
        forums=("Eurocities – gruppo di lavoro Youth", "European Youth Event"),
        events=("Festival europeo dei giovani", "Settimana europea della gioventù"),
        highlights=(),
    ),
    "sistemi-informativi": Profile(
        "SIS",
        18,
        {
            "progetto_ue_diretto": 9,
            "rete_tematica": 7,
            "premio": 4,
            "evento_internazionale": 3,
            "buone_pratiche": 4,
            "delegazione_ricevuta": 3,
            "missione_estero": 2,
        },
        (
            "dati aperti",
            "gemello digitale urbano",
            "intelligenza artificiale nella PA",
            "cybersicurezza",
            "identità digitale",
            "servizi online al cittadino",
            "interoperabilità",
            "diritti digitali",
            "Torino City Lab",
            "sensoristica urbana",
            "inclusione digitale",
            "cloud e infrastrutture",
        ),
        ("Horizon Europe", "Digital Europe", "Cities for Digital Rights", "Eurocities", "Living-in.EU"),
        (9, 11, 16),
        forums=("Eurocities Digital Forum", "Living-in.EU – gruppo tecnico", "Cities for Digital Rights – assemblea"),
        events=("Smart City Expo World Congress Barcellona",),
        awards=("European Capital of Innovation (iCapital)", "Premio Open Data Europa"),
        bodies=("CSI Piemonte", "Politecnico di Torino", "Fondazione Links"),
        highlights=(),
    ),
    "lavoro-formazione": Profile(
        "LAV",
        38,
        {
            "progetto_ue_concorrente": 18,
            "progetto_ue_diretto": 11,
            "formazione": 14,
            "rete_tematica": 7,
            "buone_pratiche": 8,
            "evento_internazionale": 5,
            "delegazione_ricevuta": 4,
            "progetto_nazionale_internazionale": 4,
            "missione_estero": 3,
        },
        (
            "inserimento lavorativo dei giovani NEET",
            "orientamento scolastico e professionale",
            "competenze digitali",
            "apprendistato",
            "imprenditorialità giovanile",
            "riqualificazione nel settore automotive",
            "occupazione femminile",
            "integrazione lavorativa dei migranti",
            "servizi per l'impiego",
            "economia sociale",
            "start-up innovative",
            "formazione duale",
            "transizione verde delle competenze",
            "lavoro e disabilità",
        ),
        (
            "FSE+ Piemonte",
            "FESR Piemonte",
            "PN Metro Plus",
            "Erasmus+",
            "Eurocities",
            "URBACT",
            "Interreg Europe",
            "PNRR",
            "Interreg Central Europe",
        ),
        (8, 4, 5, 10),
        forums=("Eurocities – gruppo di lavoro Employment", "Eurocities Economic Development Forum"),
        events=("Job Day internazionale", "Settimana europea delle competenze professionali"),
        bodies=(
            "ETF – Fondazione europea per la formazione",
            "ITC-ILO (Centro internazionale di formazione dell'OIL)",
            "Agenzia Piemonte Lavoro",
            "Camera di commercio di Torino",
        ),
        highlights=(),
    ),
    "pari-opportunita": Profile(
        "PO",
        8,
        {
            "buone_pratiche": 4,
            "progetto_ue_diretto": 3,
            "rete_tematica": 2,
            "evento_internazionale": 2,
            "formazione": 1,
        },
        (
            "contrasto alla violenza di genere",
            "bilancio di genere",
            "diritti LGBTQIA+",
            "conciliazione vita-lavoro",
            "linguaggio inclusivo",
            "parità salariale",
            "empowerment delle donne migranti",
        ),
        ("CERV", "Eurocities", "CCRE"),
        (5, 10, 16),
        forums=(
            "Eurocities – gruppo di lavoro Gender Equality",
            "CCRE – Osservatorio della Carta europea per l'uguaglianza",
        ),
        highlights=(),
    ),
    "polizia-municipale": Profile(
        "PM",
        14,
        {
            "formazione": 6,
            "buone_pratiche": 6,
            "progetto_ue_concorrente": 3,
            "progetto_ue_diretto": 2,
            "rete_tematica": 2,
            "delegazione_ricevuta": 3,
            "missione_estero": 2,
            "evento_internazionale": 1,
        },
        (
            "sicurezza stradale",
            "polizia di prossimità",
            "contrasto alla contraffazione",
            "gestione dei grandi eventi",
            "sicurezza urbana integrata",
            "formazione linguistica degli agenti",
            "polizia ambientale",
            "cooperazione transfrontaliera",
            "sicurezza dei trasporti pubblici",
        ),
        ("Interreg ALCOTRA", "EFUS", "CERV", "Horizon Europe"),
        (16, 11, 3),
        forums=("EFUS – Assemblea generale", "EFUS – gruppo di lavoro Sicurezza dei grandi eventi"),
        bodies=("UNICRI", "Prefettura di Torino"),
        highlights=(
            _h(
                "formazione",
                "Formazione congiunta polizie locali ALCOTRA {year}",
                cities=["Chambéry", "Nizza"],
                network="Interreg ALCOTRA",
            ),
        ),
    ),
    "edilizia-periferie": Profile(
        "EDP",
        16,
        {
            "progetto_ue_concorrente": 5,
            "progetto_ue_diretto": 4,
            "progetto_nazionale_internazionale": 3,
            "rete_tematica": 3,
            "buone_pratiche": 5,
            "delegazione_ricevuta": 3,
            "evento_internazionale": 1,
        },
        (
            "rigenerazione urbana delle periferie",
            "edilizia residenziale pubblica",
            "riqualificazione energetica degli alloggi",
            "abitare collaborativo",
            "housing first",
            "spazi pubblici di quartiere",
            "Case del quartiere",
            "Barriera di Milano",
            "Aurora e Porta Palazzo",
            "beni comuni urbani",
        ),
        ("URBACT", "Interreg Europe", "EUI – European Urban Initiative", "Horizon Europe", "PNRR", "Eurocities"),
        (11, 1, 7),
        forums=("Eurocities – gruppo di lavoro Housing", "URBACT City Festival"),
        highlights=(),
    ),
    "servizi-sociali": Profile(
        "SOC",
        20,
        {
            "progetto_ue_diretto": 5,
            "progetto_ue_concorrente": 5,
            "rete_tematica": 4,
            "buone_pratiche": 6,
            "formazione": 3,
            "delegazione_ricevuta": 3,
            "evento_internazionale": 2,
        },
        (
            "contrasto alla povertà",
            "persone senza dimora",
            "accoglienza dei migranti",
            "minori stranieri non accompagnati",
            "invecchiamento attivo",
            "disabilità e vita indipendente",
            "accoglienza dei profughi ucraini",
            "welfare di comunità",
            "salute mentale",
            "Garanzia europea per l'infanzia",
        ),
        ("Eurocities", "PN Metro Plus", "FSE+ Piemonte", "CERV", "FAMI", "Rete Città Sane OMS"),
        (1, 10, 3, 16),
        forums=("Eurocities – gruppo di lavoro Migration and Integration", "Rete Città Sane OMS – conferenza annuale"),
        highlights=(_h("rete_tematica", "Eurocities Social Affairs Forum {year}", network="Eurocities"),),
    ),
    "sport": Profile(
        "SPO",
        17,
        {
            "evento_internazionale": 9,
            "promozione": 3,
            "rete_tematica": 2,
            "gemellaggio_accordo": 1,
            "delegazione_ricevuta": 2,
            "buone_pratiche": 2,
            "progetto_ue_diretto": 2,
        },
        (
            "grandi eventi sportivi",
            "sport di base",
            "sport inclusivo",
            "impianti sportivi",
            "sport e salute",
            "volontariato sportivo",
            "sport nei parchi",
        ),
        ("ACES Europe", "Erasmus+", "Eurocities"),
        (3, 11, 10),
        forums=("ACES Europe – Assemblea delle Capitali europee dello sport",),
        events=(
            "Turin Marathon",
            "Coppa del Mondo di scherma",
            "Giro d'Italia – tappa di Torino",
            "Campionati europei di nuoto master",
            "Torneo internazionale giovanile di calcio",
        ),
        highlights=(
            _h(
                "evento_internazionale",
                "Torino Capitale Europea dello Sport – eventi internazionali {year}",
                network="ACES Europe",
            ),
            _h(
                "evento_internazionale",
                "FISU World University Games Winter 2025 – accoglienza delle delegazioni",
                years=(2025,),
            ),
        ),
    ),
    "tempi-orari": Profile(
        "TEM",
        6,
        {"buone_pratiche": 4, "rete_tematica": 2, "evento_internazionale": 1},
        (
            "politiche temporali urbane",
            "orari dei servizi pubblici",
            "città dei 15 minuti",
            "banca del tempo",
            "conciliazione dei tempi",
            "città notturna",
        ),
        ("Rete europea delle politiche temporali", "Eurocities"),
        (11, 5, 8),
        highlights=(),
    ),
    "urban-center": Profile(
        "UC",
        7,
        {"buone_pratiche": 3, "promozione": 3, "evento_internazionale": 1, "delegazione_ricevuta": 2},
        (
            "trasformazioni urbane",
            "nuovo piano regolatore",
            "partecipazione dei cittadini",
            "architettura contemporanea",
            "rigenerazione delle aree industriali dismesse",
            "spazio pubblico",
        ),
        ("Eurocities", "URBACT"),
        (11, 17),
        fairs=("Biennale di Architettura di Venezia – padiglione delle città", "MIPIM Cannes"),
        highlights=(),
    ),
}

# Activities reported by two sectors (same title and dates; each lists the other).
JOINT_TEMPLATES: tuple[dict, ...] = (
    dict(
        sectors=("relazioni-internazionali", "comunicazione-promozione"),
        type="missione_estero",
        title="Missione a Nagoya per il {nagoya}° anniversario della collaborazione",
        cities=["Nagoya"],
        subject="relazioni istituzionali",
        sdgs=[17, 11],
        month=(10, 11),
        days=(4, 6),
    ),
    dict(
        sectors=("sport", "comunicazione-promozione"),
        type="promozione",
        title="ATP Finals {year} – promozione internazionale",
        cities=[],
        subject="grandi eventi",
        sdgs=[8, 3],
        month=(11, 11),
        days=(8, 8),
        participants=(150000, 190000),
        budget=(250000, 400000),
    ),
    dict(
        sectors=("servizi-culturali", "comunicazione-promozione"),
        type="evento_internazionale",
        title="Salone Internazionale del Libro {year} – delegazioni estere",
        cities=["Madrid", "Lisbona", "Nantes"],
        subject="lettura e promozione del libro",
        sdgs=[4, 11],
        month=(5, 5),
        days=(5, 5),
        participants=(200000, 230000),
    ),
    dict(
        sectors=("gioventu", "servizi-educativi"),
        type="progetto_ue_diretto",
        title="Erasmus+ Youth Exchange «Città giovani d'Europa» {year}",
        cities=["Lubiana", "Tartu", "Porto"],
        subject="cittadinanza europea",
        network="Erasmus+",
        sdgs=[4, 16],
        month=(6, 7),
        days=(8, 12),
        participants=(40, 60),
        budget=(25000, 45000),
    ),
    dict(
        sectors=("ambiente-verde", "edilizia-periferie"),
        type="buone_pratiche",
        title="Quartieri climaticamente neutri – visita di studio a Rotterdam {year}",
        cities=["Rotterdam"],
        subject="riqualificazione energetica degli alloggi",
        sdgs=[11, 13, 7],
        month=(3, 10),
        days=(2, 3),
        participants=(8, 14),
    ),
    dict(
        sectors=("lavoro-formazione", "pari-opportunita"),
        type="evento_internazionale",
        title="Forum europeo sull'imprenditoria femminile {year}",
        cities=["Lione", "Barcellona", "Cracovia"],
        subject="occupazione femminile",
        sdgs=[5, 8],
        month=(3, 3),
        days=(2, 2),
        participants=(180, 320),
    ),
    dict(
        sectors=("servizi-sociali", "cooperazione-pace"),
        type="formazione",
        title="Accoglienza e integrazione dei profughi da Kharkiv – scambio tra operatori {year}",
        cities=["Kharkiv"],
        subject="accoglienza dei profughi ucraini",
        sdgs=[10, 16],
        month=(4, 9),
        days=(3, 5),
        participants=(20, 40),
    ),
    dict(
        sectors=("sistemi-informativi", "urban-center"),
        type="evento_internazionale",
        title="Torino City Lab – open day internazionale sull'innovazione urbana {year}",
        cities=["Eindhoven", "Tallinn"],
        subject="Torino City Lab",
        sdgs=[9, 11],
        month=(9, 10),
        days=(1, 2),
        participants=(120, 250),
    ),
    dict(
        sectors=("tempi-orari", "urban-center"),
        type="buone_pratiche",
        title="Seminario europeo sulla città dei 15 minuti {year}",
        cities=["Parigi", "Barcellona", "Utrecht"],
        subject="città dei 15 minuti",
        sdgs=[11],
        month=(2, 11),
        days=(1, 2),
        participants=(60, 140),
    ),
    dict(
        sectors=("polizia-municipale", "sport"),
        type="formazione",
        title="Sicurezza dei grandi eventi sportivi – formazione con le polizie europee {year}",
        cities=["Lione", "Monaco di Baviera"],
        subject="gestione dei grandi eventi",
        network="EFUS",
        sdgs=[16, 11],
        month=(2, 5),
        days=(2, 3),
        participants=(25, 45),
    ),
)

# Titles with odd characters, to test the layout (one each, every year).
SPECIALS: tuple[dict, ...] = (
    dict(
        sector="sistemi-informativi",
        type="evento_internazionale",
        title="Hackathon #OpenData {year}: dati_aperti & città <smart> [beta] @Torino – montepremi $10.000*",
        cities=["Tallinn", "Helsinki"],
        subject="dati aperti",
        month=(4, 5),
        days=(2, 2),
        participants=(90, 160),
    ),
    dict(
        sector="servizi-culturali",
        type="gemellaggio_accordo",
        title="Città–Köln: Begegnungen über Grenzen, ça va",
        cities=["Köln"],
        subject="teatro e danza",
        month=(5, 9),
        days=(3, 6),
        participants=(30, 80),
    ),
    dict(
        sector="comunicazione-promozione",
        type="promozione",
        title="Torino 🇮🇹 incontra Nagoya 🇯🇵",
        cities=["Nagoya"],
        subject="promozione turistica",
        month=(3, 6),
        days=(3, 5),
        participants=(300, 900),
    ),
    dict(
        sector="cooperazione-pace",
        type="cooperazione_decentrata",
        title="Betlemme – بيت لحم: patrimonio culturale e turismo responsabile",
        cities=["Betlemme (بيت لحم)"],
        subject="turismo responsabile",
        month=(2, 4),
        days=(200, 280),
    ),
    dict(
        sector="lavoro-formazione",
        type="progetto_ue_concorrente",
        network="FSE+ Piemonte",
        title=(
            "Programma regionale FSE+ Piemonte 2021-2027 – azioni integrate per l'inserimento lavorativo di "
            "giovani NEET, disoccupati di lunga durata e cittadini di paesi terzi nell'area metropolitana "
            "torinese"
        ),
        cities=["Lione", "Valencia"],
        subject="inserimento lavorativo dei giovani NEET",
        month=(1, 2),
        days=(300, 330),
    ),
)

FIRST_NAMES = (
    "Giulia",
    "Marco",
    "Francesca",
    "Luca",
    "Chiara",
    "Alessandro",
    "Elena",
    "Paolo",
    "Sara",
    "Davide",
    "Valentina",
    "Andrea",
    "Laura",
    "Stefano",
    "Silvia",
    "Matteo",
    "Federica",
    "Roberto",
    "Paola",
    "Giorgio",
    "Anna",
    "Simone",
    "Cristina",
    "Massimo",
    "Monica",
    "Fabrizio",
    "Daniela",
    "Enrico",
    "Marta",
    "Riccardo",
    "Ilaria",
    "Gianluca",
)
LAST_NAMES = (
    "Rossi",
    "Ferrero",
    "Bianco",
    "Gallo",
    "Colombo",
    "Bruno",
    "Ricci",
    "Marino",
    "Greco",
    "Costa",
    "Giordano",
    "Rinaldi",
    "Bertolotti",
    "Gribaudo",
    "Cravero",
    "Actis",
    "Bosio",
    "Chiabrando",
    "Perotti",
    "Audisio",
    "Ghigo",
    "Operti",
    "Boero",
    "Sandrone",
    "Vigna",
    "Martinetto",
    "Cena",
    "Allasia",
    "Fassino",
    "Tosco",
    "Rolando",
    "Aimone",
)
MONTHS_IT = (
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
)
SEASONS = ("primavera", "autunno", "inverno", "estate")

# ---------------------------------------------------------------------------
# Generation of the clean activities
# ---------------------------------------------------------------------------


def _rng(*parts) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _wchoice(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _countries_of(cities: list[str]) -> list[str]:
    out: list[str] = []
    for city in cities:
        code = CITY_COUNTRY.get(city)
        if code and code not in out:
            out.append(code)
    return out[:6]


def _add_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    y = day.year + m // 12
    return dt.date(y, m % 12 + 1, 1)


def _slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60]


def _round_amount(rng: random.Random, lo: float, hi: float, step: int = 100) -> float:
    value = rng.uniform(lo, hi)
    if rng.random() < 0.3:
        return round(value, 2)
    return float(round(value / step) * step)


def _acronym(rng: random.Random) -> str:
    a, b = rng.sample(ACRONYM_PARTS, 2)
    word = a + b
    style = rng.random()
    if style < 0.2:
        return f"{a}-{b}"
    if style < 0.3:
        return a.capitalize() + b.capitalize()
    return word


def _city_pool(profile_slug: str, type_: str, network: str | None) -> tuple[list[str], int, int]:
    if network == "Interreg ALCOTRA":
        return ALCOTRA_CITIES, 1, 3
    if network in LOCAL_PROGRAMMES:
        return EUROPE_CITIES, 0, 0
    if network in ("AICS", "MAECI"):
        return SOUTH_CITIES, 1, 2
    pools = {
        "rete_tematica": (EUROPE_CITIES, 0, 5),
        "progetto_ue_diretto": (EUROPE_CITIES, 2, 6),
        "progetto_ue_concorrente": (EUROPE_CITIES, 2, 6),
        "progetto_nazionale_internazionale": (SOUTH_CITIES, 1, 2),
        "cooperazione_decentrata": (SOUTH_CITIES, 1, 2),
        "gemellaggio_accordo": (TWIN_CITIES, 1, 1),
        "delegazione_ricevuta": (TWIN_CITIES + EUROPE_CITIES + WORLD_CITIES + SOUTH_CITIES, 1, 1),
        "missione_estero": (TWIN_CITIES + EUROPE_CITIES + WORLD_CITIES, 1, 1),
        "evento_internazionale": (EUROPE_CITIES + WORLD_CITIES, 0, 5),
        "premio": (EUROPE_CITIES, 0, 0),
        "buone_pratiche": (EUROPE_CITIES + TWIN_CITIES, 1, 2),
        "promozione": (TWIN_CITIES + WORLD_CITIES + EUROPE_CITIES, 0, 2),
        "formazione": (EUROPE_CITIES, 0, 3),
        "altro": (EUROPE_CITIES + WORLD_CITIES, 0, 2),
    }
    if profile_slug == "cooperazione-pace" and type_ in (
        "delegazione_ricevuta",
        "missione_estero",
        "formazione",
        "buone_pratiche",
        "gemellaggio_accordo",
        "altro",
    ):
        return SOUTH_CITIES, 1, 1
    return pools[type_]


def _pick_network(rng: random.Random, prof: Profile, type_: str) -> str | None:
    allowed = NET_BY_TYPE.get(type_)
    if allowed is None:
        return rng.choice(prof.networks) if rng.random() < 0.15 else None
    own = [n for n in prof.networks if n in allowed]
    if type_ == "progetto_nazionale_internazionale" and not own:
        own = ["PNRR"] if prof.prefix not in ("COOP",) else ["AICS"]
    if not own:
        own = {
            "rete_tematica": ["Eurocities"],
            "progetto_ue_diretto": ["Horizon Europe"],
            "progetto_ue_concorrente": ["Interreg Europe"],
        }[type_]
    return rng.choice(own)


def _funding(rng: random.Random, type_: str, network: str | None) -> str:
    if type_ == "progetto_ue_diretto":
        return "ue_diretta"
    if type_ == "progetto_ue_concorrente":
        return "ue_concorrente"
    if network == "PNRR":
        return "pnrr"
    if network in ("AICS", "MAECI"):
        return "nazionale"
    table = {
        "rete_tematica": {"fondi_propri": 8, "nessuna": 2},
        "cooperazione_decentrata": {"fondi_propri": 4, "regione": 2, "privati": 3, "nazionale": 1},
        "gemellaggio_accordo": {"nessuna": 5, "fondi_propri": 4},
        "delegazione_ricevuta": {"nessuna": 8, "fondi_propri": 2},
        "missione_estero": {"fondi_propri": 6, "nessuna": 2, "ue_diretta": 1},
        "evento_internazionale": {"fondi_propri": 5, "privati": 3, "regione": 2, "ue_diretta": 1},
        "premio": {"nessuna": 1},
        "buone_pratiche": {"nessuna": 4, "fondi_propri": 3, "ue_diretta": 2, "ue_concorrente": 1},
        "promozione": {"fondi_propri": 5, "privati": 2, "regione": 2},
        "formazione": {"fondi_propri": 3, "ue_concorrente": 3, "ue_diretta": 2, "nessuna": 1},
        "progetto_nazionale_internazionale": {"nazionale": 1},
        "altro": {"fondi_propri": 3, "nessuna": 2},
    }
    return _wchoice(rng, table[type_])


def _role(rng: random.Random, type_: str) -> str:
    table = {
        "rete_tematica": {"membro": 7, "membro_direttivo": 3},
        "progetto_ue_diretto": {"capofila": 2, "partner": 7, "partner_associato": 1},
        "progetto_ue_concorrente": {"capofila": 3, "partner": 7},
        "progetto_nazionale_internazionale": {"capofila": 4, "partner": 6},
        "cooperazione_decentrata": {"capofila": 5, "partner": 4, "finanziatore": 2},
        "gemellaggio_accordo": {"partner": 1},
        "delegazione_ricevuta": {"organizzatore": 1},
        "missione_estero": {"partecipante": 1},
        "evento_internazionale": {"organizzatore": 6, "partner": 2, "partecipante": 2},
        "premio": {"partecipante": 1},
        "buone_pratiche": {"partecipante": 5, "organizzatore": 4},
        "promozione": {"organizzatore": 5, "partecipante": 3},
        "formazione": {"organizzatore": 5, "partecipante": 4},
        "altro": {"organizzatore": 2, "partner": 1},
    }
    return _wchoice(rng, table[type_])


def _amounts(rng: random.Random, type_: str, network: str | None) -> tuple[float | None, float | None, float | None]:
    """(total budget, EU contribution to the City, City co-funding)."""
    budget = eu = cof = None
    if type_ == "progetto_ue_diretto":
        budget = _round_amount(rng, 200_000, 5_000_000, 1000)
        eu = _round_amount(rng, 20_000, min(800_000, budget))
        share = 0.0 if network == "Horizon Europe" else (0.4 if network == "LIFE" else rng.uniform(0.05, 0.25))
        cof = float(round(eu * share / 100) * 100) if share else (None if rng.random() < 0.5 else 0.0)
    elif type_ == "progetto_ue_concorrente":
        if network == "URBACT":
            budget = _round_amount(rng, 600_000, 850_000, 1000)
            eu = _round_amount(rng, 50_000, 110_000)
        else:
            budget = _round_amount(rng, 150_000, 3_000_000, 1000)
            eu = _round_amount(rng, 20_000, min(600_000, budget))
        cof = float(round(eu * rng.uniform(0.1, 0.2) / 100) * 100)
    elif type_ == "progetto_nazionale_internazionale":
        budget = _round_amount(rng, 100_000, 1_500_000, 1000)
        cof = _round_amount(rng, 5_000, 50_000) if rng.random() < 0.6 else None
    elif type_ == "cooperazione_decentrata":
        budget = _round_amount(rng, 10_000, 150_000) if rng.random() < 0.85 else None
        cof = float(round(budget * rng.uniform(0.2, 1.0) / 100) * 100) if budget and rng.random() < 0.7 else None
    elif type_ == "rete_tematica":
        if rng.random() < 0.5:
            budget = _round_amount(rng, 3_000, 40_000)
            cof = budget
    elif type_ == "missione_estero":
        if rng.random() < 0.5:
            budget = _round_amount(rng, 1_500, 12_000, 50)
            cof = budget
    elif type_ in ("evento_internazionale", "promozione"):
        if rng.random() < 0.7:
            budget = _round_amount(rng, 20_000, 800_000 if type_ == "evento_internazionale" else 300_000)
            cof = float(round(budget * rng.uniform(0.2, 0.8) / 100) * 100) if rng.random() < 0.6 else None
    elif type_ == "formazione":
        if rng.random() < 0.5:
            budget = _round_amount(rng, 5_000, 120_000)
            if rng.random() < 0.4:
                eu = float(round(budget * rng.uniform(0.5, 0.9) / 100) * 100)
    elif type_ == "buone_pratiche":
        if rng.random() < 0.25:
            budget = _round_amount(rng, 1_000, 15_000, 50)
    elif type_ == "altro":
        if rng.random() < 0.4:
            budget = _round_amount(rng, 5_000, 200_000)
    return budget, eu, cof


def _participants(rng: random.Random, type_: str) -> int | None:
    ranges = {
        "delegazione_ricevuta": (4, 30, 0.6),
        "missione_estero": (2, 8, 0.6),
        "evento_internazionale": (150, 60_000, 0.7),
        "buone_pratiche": (5, 40, 0.5),
        "formazione": (10, 200, 0.7),
        "promozione": (100, 20_000, 0.4),
        "progetto_ue_diretto": (50, 2_000, 0.25),
        "progetto_ue_concorrente": (50, 1_500, 0.25),
        "cooperazione_decentrata": (100, 5_000, 0.4),
    }
    if type_ not in ranges:
        return None
    lo, hi, p = ranges[type_]
    if rng.random() >= p:
        return None
    value = int(round(10 ** rng.uniform(len(str(lo)) - 1, len(str(hi)) - 1 + 0.3)))
    value = min(max(value, lo), hi)
    return value if value < 100 else int(round(value, -1))


TITLES_SINGLE: dict[str, tuple[str, ...]] = {
    "rete_tematica": (
        "{forum} {year} – riunione di {season}",
        "{forum} {year} – {city}",
        "{net} – gruppo di lavoro «{Subject}»",
        "{net}: seminario tematico «{Subject}» a {city}",
    ),
    "progetto_ue_diretto": (
        "Candidatura {net} {acr} – {Subject}",
        "Progetto {net} {acr} – {Subject}",
        "{acr} ({net}) – {Subject}",
    ),
    "progetto_ue_concorrente": ("{net} {acr} – {Subject}", "Candidatura {net} {acr} – {Subject}"),
    "progetto_nazionale_internazionale": ("Progetto {net} «{Subject}»", "{net} – {acr}: {Subject}"),
    "cooperazione_decentrata": (
        "Cooperazione con {city} – {Subject}",
        "{city}: {subject}",
        "Partenariato Torino–{city}: {subject}",
    ),
    "gemellaggio_accordo": (
        "Gemellaggio Torino–{city}: programma {year}",
        "Accordo di collaborazione con {city} – {Subject}",
        "Patto di amicizia Torino–{city}",
        "Rinnovo del protocollo d'intesa con {city}",
    ),
    "delegazione_ricevuta": (
        "Delegazione della Città di {city} in visita",
        "Delegazione da {city} – {Subject}",
        "Visita di studio di una delegazione da {city}: {subject}",
    ),
    "missione_estero": (
        "Missione a {city} – {Subject}",
        "Missione istituzionale a {city}",
        "Missione tecnica a {city}: {subject}",
    ),
    "evento_internazionale": (
        "{event} {year}",
        "Conferenza internazionale «{Subject}»",
        "Convegno internazionale a Torino – {Subject}",
        "International workshop «{Subject}» con {city}",
    ),
    "premio": ("{award} {year}", "{award} {year} – candidatura", "Riconoscimento internazionale – {Subject}"),
    "buone_pratiche": (
        "Visita di studio a {city} – {Subject}",
        "Scambio di buone pratiche con {city} – {Subject}",
        "Peer review con {city}: {subject}",
    ),
    "promozione": (
        "{fair} {year} – presenza di Torino",
        "Promozione di Torino a {city} – {Subject}",
        "Campagna internazionale «{Subject}»",
    ),
    "formazione": (
        "Formazione internazionale – {Subject}",
        "Corso di formazione con {city} – {Subject}",
        "Summer school europea – {Subject}",
        "Webinar europeo «{Subject}»",
    ),
    "altro": (
        "Traduzione in inglese dei materiali – {Subject}",
        "Attività internazionali varie – {Subject}",
        "Accoglienza di ricercatori stranieri – {Subject}",
    ),
}
TITLES_MULTI: dict[str, tuple[str, ...]] = {
    "rete_tematica": (
        "{net} – adesione {period} e gruppo di lavoro «{Subject}»",
        "{net} – task force «{Subject}» {period}",
    ),
    "progetto_ue_diretto": ("Progetto {net} {acr} – {Subject}", "{acr} ({net}) – {Subject}"),
    "progetto_ue_concorrente": ("{net} {acr} – {Subject}", "{net} – {acr}: {subject}"),
    "progetto_nazionale_internazionale": ("Progetto {net} {acr} – {Subject}", "{net} – {acr}: {subject}"),
    "cooperazione_decentrata": (
        "Cooperazione con {city} {period} – {Subject}",
        "Partenariato Torino–{city}: {subject} ({period})",
    ),
    "gemellaggio_accordo": (
        "Accordo triennale {period} con {city} – {Subject}",
        "Protocollo d'intesa con {city} {period}: {subject}",
    ),
    "formazione": (
        "Percorso formativo europeo {period} – {Subject}",
        "Programma di mobilità del personale {period} – {Subject}",
    ),
}
MULTI_TYPES = tuple(TITLES_MULTI)

TYPE_INTRO = {
    "rete_tematica": "Partecipazione ai lavori della rete",
    "progetto_ue_diretto": "Progetto europeo a gestione diretta",
    "progetto_ue_concorrente": "Progetto finanziato da fondi europei a gestione concorrente",
    "progetto_nazionale_internazionale": "Progetto finanziato da fondi nazionali",
    "cooperazione_decentrata": "Intervento di cooperazione decentrata",
    "gemellaggio_accordo": "Attività nell'ambito dell'accordo",
    "delegazione_ricevuta": "Accoglienza di una delegazione estera",
    "missione_estero": "Missione all'estero di amministratori e tecnici",
    "evento_internazionale": "Evento internazionale",
    "premio": "Partecipazione a un premio internazionale",
    "buone_pratiche": "Scambio di esperienze",
    "promozione": "Azione di promozione internazionale della città",
    "formazione": "Attività di formazione",
    "altro": "Attività",
}

RESULTS = {
    "conclusa": (
        "Coinvolte {k} città partner; prodotti un rapporto finale e un piano d'azione locale.",
        "Realizzati {k} incontri tecnici con i partner di {city}; la collaborazione proseguirà nel {next}.",
        "Hanno partecipato {p} persone; materiali e presentazioni sono pubblicati sul sito della Città.",
        "Firmata una dichiarazione d'intenti; individuati {k} ambiti di collaborazione per il {next}.",
        "Presentate {k} buone pratiche torinesi; raccolti contatti per future candidature congiunte.",
        "Obiettivi raggiunti; la Città ha ospitato {k} sessioni di lavoro.",
    ),
    "in_corso": (
        "Completati {k} pacchetti di lavoro su {m}; avviata la sperimentazione in due quartieri.",
        "Nel {year} si sono svolti {k} incontri di partenariato, uno dei quali a Torino.",
        "Attività in linea con il cronoprogramma; prima relazione intermedia approvata.",
        "Coinvolti {p} cittadini nelle attività pilota; proseguono le azioni nel {next}.",
    ),
    "candidata": (
        "Candidatura presentata; esito atteso entro {month} {next}.",
        "Proposta presentata con {k} partner europei; valutazione in corso.",
    ),
    "approvata": ("Progetto approvato; avvio delle attività previsto nel {next}.",),
    "annullata": (
        "Proposta non finanziata: punteggio sotto la soglia; si valuta una nuova candidatura.",
        "Attività annullata per il rinvio dell'evento da parte degli organizzatori.",
    ),
    "sospesa": ("Attività sospesa in attesa della conferma dei finanziamenti.",),
    "in_preparazione": ("In preparazione con i partner; avvio previsto nel {next}.",),
}


@dataclass
class _Ctx:
    """What one sector's generation needs: its profile and the titles already used."""

    slug: str
    prof: Profile
    year: int
    used: set
    referents: list


def _referents(seed, slug: str) -> list[str]:
    rng = _rng(seed, slug, "referents")
    return [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(rng.randint(1, 3))]


def _fill(template: str, rng: random.Random, ctx: _Ctx, fields: dict) -> str | None:
    prof = ctx.prof
    values = dict(fields)
    needs = re.findall(r"{(\w+)}", template)
    lists = {"forum": prof.forums, "event": prof.events, "award": prof.awards, "fair": prof.fairs}
    for key, options in lists.items():
        if key in needs:
            if not options:
                return None
            values[key] = rng.choice(options)
    if "city" in needs and not values.get("city"):
        return None
    if "net" in needs and not values.get("net"):
        return None
    values.setdefault("season", rng.choice(SEASONS))
    values.setdefault("acr", _acronym(rng))
    fields["forum"] = values.get("forum")  # tell the caller which forum was used
    return template.format(**values)


def _dates_single(rng: random.Random, type_: str, year: int) -> tuple[dt.date, dt.date | None]:
    start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 350))
    while (start.month == 8 and start.day > 3) or (start.month == 12 and start.day > 18) or start.weekday() == 6:
        start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 350))
    span = {
        "delegazione_ricevuta": (0, 2),
        "missione_estero": (1, 5),
        "evento_internazionale": (0, 9),
        "buone_pratiche": (0, 2),
        "promozione": (0, 5),
        "formazione": (0, 60),
        "rete_tematica": (0, 2),
        "premio": (0, 0),
        "altro": (0, 120),
        "gemellaggio_accordo": (0, 4),
        "progetto_ue_diretto": (60, 200),
        "progetto_ue_concorrente": (60, 240),
        "progetto_nazionale_internazionale": (60, 240),
        "cooperazione_decentrata": (30, 240),
    }[type_]
    end = start + dt.timedelta(days=rng.randint(*span))
    end = min(end, dt.date(year, 12, 31))
    if type_ == "premio" and rng.random() < 0.5:
        return start, None
    return start, end


def _build(rng: random.Random, ctx: _Ctx, type_: str, *, multi: bool, preset: dict | None = None) -> dict:
    """One activity (without ID) of ``ctx.slug``: single-year in ctx.year, or multi-year starting in ctx.year."""
    preset = preset or {}
    prof, year = ctx.prof, ctx.year
    network = preset["network"] if "network" in preset else _pick_network(rng, prof, type_)
    subject = preset.get("subject") or rng.choice(prof.subjects)
    status = None
    if not multi and type_ in ("progetto_ue_diretto", "progetto_ue_concorrente") and rng.random() < 0.45:
        status = _wchoice(rng, {"candidata": 5, "annullata": 2, "approvata": 2, "in_preparazione": 1})
    # Dates and status.
    if multi:
        if type_ == "rete_tematica":
            start = dt.date(year, 1, 1)
            end = dt.date(year + rng.randint(1, 2), 12, 31)
        else:
            months = {
                "progetto_ue_diretto": (24, 48),
                "progetto_ue_concorrente": (18, 36),
                "progetto_nazionale_internazionale": (12, 36),
                "cooperazione_decentrata": (12, 30),
                "gemellaggio_accordo": (36, 36),
                "formazione": (12, 20),
            }[type_]
            if type_ == "gemellaggio_accordo":
                start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
            else:
                start = dt.date(year, rng.randint(1, 11), 1)
            end = _add_months(start.replace(day=1), rng.randint(*months)) - dt.timedelta(days=1)
            end = max(end, dt.date(year + 1, 1, 31))
    elif "month" in preset:
        m_lo, m_hi = preset["month"]
        month = rng.randint(m_lo, m_hi)
        start = dt.date(year, month, rng.randint(1, 20))
        d_lo, d_hi = preset["days"]
        end = min(start + dt.timedelta(days=rng.randint(d_lo, d_hi) - 1), dt.date(year, 12, 31))
    else:
        start, end = _dates_single(rng, type_, year)
    # Title, retried until unique in the sector.
    title = preset.get("title")
    cities: list[str] = list(preset.get("cities", []))
    if title is None:
        templates = (TITLES_MULTI if multi else TITLES_SINGLE)[type_]
        if status is None:
            templates = tuple(t for t in templates if not t.startswith("Candidatura")) or templates
        pool, lo, hi = _city_pool(ctx.slug, type_, network)
        for attempt in range(60):
            subject = rng.choice(prof.subjects) if attempt else subject
            n = rng.randint(lo, hi)
            cities = rng.sample(list(dict.fromkeys(pool)), n) if n else []
            template = rng.choice(templates)
            if network == "URBACT" and type_ == "progetto_ue_concorrente":
                template = f"URBACT {rng.choice(URBACT_NAMES)} – rete di {rng.choice(['trasferimento', 'azione', 'innovazione'])}"
            if "{city}" in template and not cities:
                cities = [rng.choice(list(dict.fromkeys(pool)))]
            fields = {
                "year": year,
                "net": network,
                "subject": subject,
                "Subject": _cap(subject),
                "city": cities[0] if cities else "",
                "period": f"{start.year}–{end.year}" if end else str(year),
            }
            candidate = _fill(template, rng, ctx, fields)
            if candidate and candidate not in ctx.used:
                title = candidate
                forum = fields.get("forum")
                if forum and type_ == "rete_tematica":  # the network the forum belongs to
                    network = next((n for n in _ALL_NETWORKS if forum.startswith(n)), network)
                break
        if title is None:  # pragma: no cover - the vocabularies are large enough
            title = f"{TYPE_INTRO[type_]} – {_cap(subject)} ({len(ctx.used) + 1})"
    else:
        title = title.format(year=year, year2=year + 2, nagoya=year - 2005)
    ctx.used.add(title)

    if "bodies" not in preset and prof.bodies and rng.random() < 0.2:
        cities = cities + [rng.choice(prof.bodies)]

    if status == "candidata":
        end = None
    if status is None:
        if multi:
            status = "in_corso"
        else:
            status = _wchoice(rng, {"conclusa": 92, "annullata": 3, "sospesa": 1})

    funding = preset.get("funding") or _funding(rng, type_, network)
    role = preset.get("role") or _role(rng, type_)
    budget, eu, cof = _amounts(rng, type_, network)
    if "budget" in preset:
        budget = _round_amount(rng, *preset["budget"], 1000)
        eu = None
        cof = None
    if funding == "nessuna":
        budget = cof = None
    if funding not in ("ue_diretta", "ue_concorrente"):
        eu = None
    if eu is not None and budget is not None and eu > budget:
        eu = budget
    participants = _participants(rng, type_)
    if "participants" in preset:
        participants = rng.randint(*preset["participants"])
        participants = participants if participants < 1000 else int(round(participants, -3))
    if status in ("candidata", "annullata", "in_preparazione"):
        participants = None

    countries = _countries_of(cities)
    if not countries and type_ in ("rete_tematica", "evento_internazionale") and rng.random() < 0.5:
        countries = sorted(rng.sample(["FR", "DE", "ES", "NL", "BE", "AT", "PL", "SE", "PT", "GR"], rng.randint(2, 6)))
    sdgs = list(preset.get("sdgs") or rng.sample(prof.sdgs, min(len(prof.sdgs), rng.randint(1, 3))))

    partners = ""
    names = [COUNTRIES[c][0] for c in countries[:3]]
    if names:
        partners = ", con partner di " + (", ".join(names[:-1]) + " e " + names[-1] if len(names) > 1 else names[0])
        if len(countries) > 3:
            partners += " e altri paesi"
    description = f"{TYPE_INTRO[type_]} sul tema «{_cap(subject)}»{partners}."
    if network and rng.random() < 0.5:
        description += f" Nell'ambito di {network}."

    link = None
    if rng.random() < 0.35:
        base = {
            "Eurocities": "https://eurocities.eu/latest/",
            "URBACT": "https://urbact.eu/networks/",
            "ICLEI": "https://iclei-europe.org/projects/",
            "Interreg ALCOTRA": "https://www.interreg-alcotra.eu/it/",
            "Interreg Europe": "https://www.interregeurope.eu/",
            "Creative Europe": "https://culture.ec.europa.eu/",
        }.get(network or "", f"https://www.comune.torino.it/{ctx.slug}/")
        link = base + _slugify(title)

    return {
        "title": title,
        "description": description,
        "type": type_,
        "status": status,
        "start_date": start,
        "end_date": end,
        "partner_countries": countries,
        "partner_cities": cities,
        "network": network,
        "funding_source": funding,
        "city_role": role,
        "total_budget": budget,
        "eu_contribution": eu,
        "city_cofunding": cof,
        "participants": participants,
        "sdgs": sdgs,
        "other_sectors": [],
        "results": None,
        "link": link,
        "referent": rng.choice(ctx.referents),
        "_subject": subject,
    }


def _results(seed, act: dict, year: int) -> str | None:
    rng = _rng(seed, act["activity_id"], act["title"], year, "results")
    status = act["status"]
    if rng.random() < 0.12 and status in ("conclusa", "in_corso"):
        return None
    template = rng.choice(RESULTS[status])
    city = act["partner_cities"][0] if act["partner_cities"] else "Torino"
    return template.format(
        k=(k := rng.randint(2, 8)),
        m=rng.randint(k + 1, 10),
        p=act["participants"] or rng.randint(20, 300),
        city=city,
        next=year + 1,
        year=year,
        month=rng.choice(MONTHS_IT[2:7]),
    )


def _year_count(prof: Profile, year: int) -> int:
    return max(5, min(60, round(prof.target * 0.9 ** (REFERENCE_YEAR - year))))


def _pair_count(prof: Profile, year: int) -> int:
    """How many multi-year activities start in ``year`` and continue into the next."""
    return max(1, round(_year_count(prof, year) * 0.22))


def _multi_weights(prof: Profile) -> dict[str, int]:
    weights = {t: w for t, w in prof.types.items() if t in MULTI_TYPES}
    return weights or {"rete_tematica": 1}


def _raw_pairs(seed, slug: str, year: int, exclude: set) -> list[dict]:
    prof = PROFILES[slug]
    rng = _rng(seed, slug, year, "pairs")
    ctx = _Ctx(slug, prof, year, set(exclude), _referents(seed, slug))
    out = []
    for _ in range(_pair_count(prof, year)):
        out.append(_build(rng, ctx, _wchoice(rng, _multi_weights(prof)), multi=True))
    return out


def _pairs(seed, slug: str, year: int) -> list[dict]:
    """Multi-year activities starting in ``year``, with their IDs (identical whichever year asks)."""
    previous = {a["title"] for a in _raw_pairs(seed, slug, year - 1, set())}
    items = _raw_pairs(seed, slug, year, previous)
    numbers = _id_numbers(seed, slug, year)
    prof = PROFILES[slug]
    for item, number in zip(items, numbers, strict=False):
        item["activity_id"] = f"{prof.prefix}-{year}-{number:03d}"
    return items


def _id_numbers(seed, slug: str, year: int) -> list[int]:
    """The numbers of ``year``'s IDs in order: first the multi-year activities, then the others."""
    prof = PROFILES[slug]
    n = _year_count(prof, year) - _pair_count(prof, year - 1)
    n = max(n, _pair_count(prof, year)) + 5  # room for joint and special activities
    numbers = list(range(1, n + 1))
    _rng(seed, slug, year, "ids").shuffle(numbers)
    return numbers


def _joint_for(seed, year: int) -> list[dict]:
    rng = _rng(seed, year, "joint")
    pool = [t for t in JOINT_TEMPLATES if "nagoya" not in t["title"] or year == 2025]
    chosen = rng.sample(pool, 6)
    if year == 2025 and JOINT_TEMPLATES[0] not in chosen:
        chosen[0] = JOINT_TEMPLATES[0]
    return chosen


def generate_activities(year: int, seed: int = DEFAULT_SEED) -> dict[str, list[dict]]:
    """The clean truth of ``year``: sector slug -> activities keyed by schema column name."""
    registry = load_registry()
    joint = _joint_for(seed, year)
    result: dict[str, list[dict]] = {}
    joint_rng = _rng(seed, year, "joint-values")
    joint_values = {}
    for tpl in joint:
        a, b = tpl["sectors"]
        ctx = _Ctx(a, PROFILES[a], year, set(), _referents(seed, a))
        preset = {k: v for k, v in tpl.items() if k not in ("sectors", "type")}
        preset.setdefault("network", None)
        preset["bodies"] = False
        joint_values[tpl["title"]] = _build(joint_rng, ctx, tpl["type"], multi=False, preset=preset)

    for sector in registry.sectors:
        slug = sector.slug
        prof = PROFILES[slug]
        referents = _referents(seed, slug)
        carried = _pairs(seed, slug, year - 1)
        starting = _pairs(seed, slug, year)
        used = {a["title"] for a in carried + starting}
        ctx = _Ctx(slug, prof, year, used, referents)
        rng = _rng(seed, slug, year, "single")
        singles: list[dict] = []
        for tpl in joint:
            if slug in tpl["sectors"]:
                other = [s for s in tpl["sectors"] if s != slug][0]
                act = dict(joint_values[tpl["title"]])
                act["other_sectors"] = [other]
                act["referent"] = rng.choice(referents)
                act["city_role"] = act["city_role"] if slug == tpl["sectors"][0] else "partner"
                singles.append(act)
                used.add(act["title"])
        for special in SPECIALS:
            if special["sector"] == slug:
                preset = {k: v for k, v in special.items() if k not in ("sector", "type")}
                preset.setdefault("network", None)
                act = _build(rng, ctx, special["type"], multi=False, preset=preset)
                if act["end_date"] and act["end_date"] < act["start_date"]:  # pragma: no cover
                    act["end_date"] = act["start_date"]
                singles.append(act)
        highlights = [h for h in prof.highlights if year in h.get("years", (year,))]
        rng.shuffle(highlights)
        total = _year_count(prof, year)
        n_single = total - len(carried) - len(starting) - len(singles)
        for i in range(max(0, n_single)):
            if i < len(highlights) and i < n_single // 2 + 1:
                h = highlights[i]
                preset = {k: v for k, v in h.items() if k not in ("type", "years")}
                if h["title"].format(year=year, year2=year + 2, nagoya=year - 2005) in used:
                    continue
                singles.append(_build(rng, ctx, h["type"], multi=False, preset=preset))
            else:
                singles.append(_build(rng, ctx, _wchoice(rng, prof.types), multi=False))
        while len(carried) + len(starting) + len(singles) < total:
            singles.append(_build(rng, ctx, _wchoice(rng, prof.types), multi=False))
        # Occasional collaboration with another sector, reported only here.
        others = [s for s in registry.slugs if s != slug]
        for act in singles:
            if not act["other_sectors"] and rng.random() < 0.08:
                act["other_sectors"] = [rng.choice(others)]
        numbers = _id_numbers(seed, slug, year)[len(starting) :]
        for act, number in zip(singles, numbers, strict=False):
            act["activity_id"] = f"{prof.prefix}-{year}-{number:03d}"

        activities = []
        for act in carried + starting + singles:
            act = dict(act)
            act.pop("_subject", None)
            if act["start_date"].year < year:  # carried over from the year before
                act["status"] = "in_corso" if act["end_date"] and act["end_date"].year > year else "conclusa"
            act["results"] = _results(seed, act, year)
            for key in ("partner_countries", "partner_cities", "sdgs", "other_sectors"):
                act[key] = list(act[key])
            activities.append({c.name: act.get(c.name) for c in schema.COLUMNS})
        activities.sort(key=lambda a: a["activity_id"])
        result[slug] = activities
    return result


# ---------------------------------------------------------------------------
# The messy layer: writing a workbook as a sector would
# ---------------------------------------------------------------------------

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class _Style:
    sheet_name: str
    title_rows: int  # rows above the header (0 when clean)
    note_row: bool
    dates: str  # excel | slash | long | mixed
    amounts: str  # number | euro | mixed
    countries: str  # it | it_variants | en | iso
    codes: str  # label | case | spaces | synonyms
    sectors: str  # name | slug
    sdg_sep: str
    swap: int | None  # index of the column swapped with the next one
    empty_row: bool
    note_column: bool
    instructions: bool
    order: str  # id | date | entry


def _style(slug: str, year: int, seed, messy: bool) -> _Style:
    if not messy:
        return _Style(
            f"Attività {year}",
            0,
            False,
            "excel",
            "number",
            "it",
            "label",
            "name",
            "; ",
            None,
            False,
            False,
            False,
            "id",
        )
    rng = _rng(seed, slug, year, "style")
    return _Style(
        sheet_name=rng.choice([f"Attività {year}"] * 3 + ["Foglio1", "Attività internazionali"]),
        title_rows=rng.choice([1, 2, 2, 3]),
        note_row=rng.random() < 0.4,
        dates=rng.choice(["excel", "excel", "slash", "long", "mixed"]),
        amounts=rng.choice(["number", "number", "euro", "mixed"]),
        countries=rng.choice(["it", "it", "it_variants", "it_variants", "en", "iso"]),
        codes=rng.choice(["label", "label", "case", "spaces", "synonyms"]),
        sectors=rng.choice(["name", "slug"]),
        sdg_sep=rng.choice(["; ", "; ", ", ", ","]),
        swap=rng.choice([None, None, None, 4, 9, 11]),
        empty_row=rng.random() < 0.3,
        note_column=rng.random() < 0.15,
        instructions=rng.random() < 0.2,
        order=rng.choice(["id", "id", "date", "entry"]),
    )


def _fmt_euro(value: float, rng: random.Random) -> str:
    text = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return rng.choice([f"€ {text}", f"{text} €", f"€{text}"])


def _render_code(code: str | None, codes: schema.CodeList, style: str, rng: random.Random) -> str | None:
    if code is None:
        return None
    item = next(c for c in codes.codes if c.code == code)
    label = item.it
    r = rng.random()
    if style == "case" and r < 0.6:
        return rng.choice([label.upper(), label.capitalize(), label.title()])
    if style == "spaces" and r < 0.5:
        return rng.choice([f" {label}", f"{label} ", f"  {label}  "])
    if style == "synonyms" and r < 0.5 and item.synonyms:
        return rng.choice(item.synonyms)
    return label


def _render_date(day: dt.date | None, style: str, rng: random.Random):
    if day is None:
        return None
    if style == "mixed":
        style = rng.choice(["excel", "slash", "long"])
    if style == "excel":
        return day
    if style == "slash":
        return f"{day:%d/%m/%Y}" if rng.random() < 0.8 else f"{day.day}/{day.month}/{day.year}"
    return f"{day.day} {MONTHS_IT[day.month - 1]} {day.year}"


def _render_amount(value: float | None, style: str, rng: random.Random):
    if value is None:
        return None
    if style == "euro" or (style == "mixed" and rng.random() < 0.5):
        return _fmt_euro(value, rng)
    return int(value) if float(value).is_integer() else value


def _render_countries(codes: list[str], style: str, rng: random.Random) -> str | None:
    if not codes:
        return None
    if style == "iso":
        return "; ".join(codes)
    if style == "en":
        return ", ".join(COUNTRIES[c][1] for c in codes)
    names = []
    for c in codes:
        variants = IT_VARIANTS.get(c, ())
        if style == "it_variants" and variants and rng.random() < 0.7:
            names.append(rng.choice(variants))
        else:
            names.append(COUNTRIES[c][0])
    return rng.choice(["; ", "; ", ", "]).join(names)


def _noisy(text: str | None, rng: random.Random, p: float = 0.06) -> str | None:
    if text is None or rng.random() >= p:
        return text
    return rng.choice([f" {text}", f"{text} ", f"{text}  ", f"  {text}"])


def _render_row(act: dict, st: _Style, rng: random.Random, messy: bool) -> dict[str, object]:
    registry = load_registry()
    row: dict[str, object] = {}
    for col in schema.COLUMNS:
        value = act.get(col.name)
        if col.kind == "code":
            row[col.name] = _render_code(value, col.codes, st.codes, rng)
        elif col.kind == "date":
            row[col.name] = _render_date(value, st.dates, rng)
        elif col.kind == "amount":
            row[col.name] = _render_amount(value, st.amounts, rng)
        elif col.kind == "countries":
            row[col.name] = _render_countries(value or [], st.countries, rng)
        elif col.kind == "text_list":
            row[col.name] = "; ".join(value) if value else None
        elif col.kind == "sdgs":
            if not value:
                row[col.name] = None
            elif len(value) == 1 and messy and rng.random() < 0.7:
                row[col.name] = value[0]
            else:
                row[col.name] = st.sdg_sep.join(str(v) for v in value)
        elif col.kind == "sectors":
            if value:
                row[col.name] = "; ".join(registry.get(s).name if st.sectors == "name" else s for s in value)
            else:
                row[col.name] = None
        elif col.kind == "integer":
            row[col.name] = value
        elif col.name == "network" and value and messy and rng.random() < 0.15 and value in NETWORK_VARIANTS:
            row[col.name] = rng.choice(NETWORK_VARIANTS[value])
        else:
            row[col.name] = _noisy(value, rng) if messy and col.kind == "text" else value
    return row


def _inject(rows: list[dict], acts: list[dict], errors, rng: random.Random, year: int) -> list[dict]:
    """Turn some rows into the deliberate errors listed in :data:`ERROR_KINDS`."""
    specials = {s["title"].format(year=year) for s in SPECIALS}
    candidates = [i for i, a in enumerate(acts) if not a["other_sectors"] and a["title"] not in specials]
    candidates = candidates or list(range(len(acts)))
    rng.shuffle(candidates)
    duplicate_of = None
    for kind in errors:
        if kind == "duplicate_row":
            duplicate_of = candidates[-1]
            continue
        if kind == "unknown_country":
            with_countries = [i for i in candidates[:-1] if acts[i]["partner_countries"]]
            i = with_countries[0] if with_countries else candidates[0]
            candidates.remove(i)
        else:
            i = candidates.pop(0)
        row, act = rows[i], acts[i]
        if kind == "missing_title":
            row["title"] = None
        elif kind == "missing_start":
            row["start_date"] = None
        elif kind == "invalid_date":
            row["start_date"] = f"31/02/{year}"
        elif kind == "end_before_start":
            row["end_date"] = act["start_date"] - dt.timedelta(days=rng.randint(5, 40))
        elif kind == "unknown_type":
            row["type"] = "workshop"
        elif kind == "unknown_country":
            rest = [COUNTRIES[c][0] for c in act["partner_countries"][1:]]
            row["partner_countries"] = "; ".join(["Germnia", *rest])
        elif kind == "amount_text":
            row["total_budget"] = "da definire"
        else:
            raise ValueError(f"Unknown deliberate error {kind!r}")
    if duplicate_of is not None:
        rows.insert(min(len(rows), duplicate_of + rng.randint(1, 4)), dict(rows[duplicate_of]))
    return rows


def _save_reproducible(wb: Workbook, path: Path, when: dt.datetime) -> None:
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "Città di Torino"
    wb.properties.lastModifiedBy = "Città di Torino"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())


def write_sector_workbook(
    path,
    sector_slug: str,
    year: int,
    activities: list[dict],
    *,
    messy: bool = True,
    seed: int = 0,
    errors: tuple[str, ...] | list[str] = (),
) -> Path:
    """Write one sector's workbook; ``errors`` are deliberate invalid rows (see :data:`ERROR_KINDS`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sector = load_registry().get(sector_slug)
    st = _style(sector_slug, year, seed, messy)
    rng = _rng(seed, sector_slug, year, "render")

    acts = list(activities)
    if st.order == "date":
        acts.sort(key=lambda a: (a["start_date"], a["activity_id"] or ""))
    elif st.order == "entry":
        _rng(seed, sector_slug, year, "order").shuffle(acts)
    rows = [_render_row(a, st, rng, messy) for a in acts]
    if messy and errors:
        rows = _inject(rows, acts, errors, _rng(seed, sector_slug, year, "errors"), year)

    columns = list(schema.COLUMNS)
    if st.swap is not None:
        columns[st.swap], columns[st.swap + 1] = columns[st.swap + 1], columns[st.swap]
    headers = [c.header for c in columns]
    if st.note_column:
        headers.append("Note")

    wb = Workbook()
    ws = wb.active
    ws.title = st.sheet_name
    r = 1
    if st.title_rows:
        ws.cell(r, 1, f"Città di Torino – {sector.name} – Attività internazionali {year}").font = Font(
            bold=True, size=14
        )
        r += 1
        if st.note_row and st.title_rows > 1:
            ws.cell(r, 1, f"Scheda per il {load_registry().table}: una riga per attività. Aggiornata al 31/12/{year}.")
            ws.cell(r, 1).font = Font(italic=True)
            r += 1
        r = st.title_rows + 1
    header_row = r
    fill = PatternFill("solid", fgColor="DDEBF7")
    for j, header in enumerate(headers, start=1):
        cell = ws.cell(header_row, j, header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        width = columns[j - 1].width if j <= len(columns) else 20
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 1)

    gap_at = rng.randint(2, max(2, len(rows) - 2)) if st.empty_row and len(rows) > 4 else None
    r = header_row + 1
    for k, row in enumerate(rows):
        if k == gap_at:
            r += 1
        for j, col in enumerate(columns, start=1):
            value = row[col.name]
            if value is None:
                continue
            cell = ws.cell(r, j, value)
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif col.kind == "amount" and isinstance(value, (int, float)):
                cell.number_format = '#,##0.00 "€"'
        if st.note_column and rng.random() < 0.15:
            ws.cell(r, len(columns) + 1, rng.choice(["da verificare", "vedi mail del referente", "dati provvisori"]))
        r += 1

    if st.instructions:
        info = wb.create_sheet("Istruzioni")
        info["A1"] = "Compilare il foglio delle attività: una riga per attività internazionale."
        info["A2"] = "Le date nel formato gg/mm/aaaa; gli importi in euro; i paesi separati da punto e virgola."
        info["A3"] = "Il campo Referente è un dato personale e non compare nel rapporto."

    _save_reproducible(wb, path, dt.datetime(year + 1, 1, 15, 9, 0, 0))
    return path


def _error_plan(seed, year: int) -> dict[str, list[str]]:
    """Which sector gets which deliberate errors in ``year``."""
    eligible = [s for s in load_registry().slugs if s not in IMPORTANT_SECTORS]
    rng = _rng(seed, year, "error-plan")
    rng.shuffle(eligible)
    plan: dict[str, list[str]] = {}
    for i, kind in enumerate(ERROR_KINDS):
        plan.setdefault(eligible[i % 6], []).append(kind)
    return plan


def write_year(
    year: int, out_dir, *, seed: int | None = None, messy: bool = True, with_errors: bool = False
) -> list[Path]:
    """Write the 16 sector workbooks of ``year`` into ``out_dir``; returns their paths.

    The bundled data are messy but valid, so the demo report is complete; ``with_errors``
    adds the deliberate invalid rows (for tests and for trying the validator).
    """
    seed = DEFAULT_SEED if seed is None else seed
    out_dir = Path(out_dir)
    activities = generate_activities(year, seed)
    plan = _error_plan(seed, year) if messy and with_errors else {}
    paths = []
    for slug, acts in activities.items():
        paths.append(
            write_sector_workbook(
                out_dir / f"{slug}.xlsx", slug, year, acts, messy=messy, seed=seed, errors=tuple(plan.get(slug, ()))
            )
        )
    return paths


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m intl_report.sampledata", description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=REFERENCE_YEAR)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default data/raw/<year>)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--clean", action="store_true", help="write tidy workbooks, without the messy layer")
    parser.add_argument("--with-errors", action="store_true", help="add the deliberate invalid rows (see above)")
    args = parser.parse_args(argv)
    out = args.out or raw_year_dir(args.year)
    paths = write_year(args.year, out, seed=args.seed, messy=not args.clean, with_errors=args.with_errors)
    seed = DEFAULT_SEED if args.seed is None else args.seed
    counts = {slug: len(acts) for slug, acts in generate_activities(args.year, seed).items()}
    for path in paths:
        print(f"{path}  ({counts[path.stem]} attività)")
    print(f"{len(paths)} cartelle di lavoro, {sum(counts.values())} attività, in {out}")


if __name__ == "__main__":
    main()

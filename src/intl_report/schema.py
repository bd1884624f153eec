"""The activity schema: the one definition of what a sector reports.

One row is one international activity. Each :class:`Column` carries the
Italian header sectors see, the English snake_case name the code uses, its
kind, whether it is required, its code list and the help text printed in the
data-entry template. Reading, validation (:func:`pandera_schema`), the
template and the report's labels are all derived from :data:`COLUMNS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pandera.pandas as pa

from .i18n import say


@dataclass(frozen=True)
class Code:
    """One value of a code list: a stable code, its Italian and English labels."""

    code: str
    it: str
    en: str
    synonyms: tuple[str, ...] = ()

    def label(self, lang: str = "it") -> str:
        return self.en if lang == "en" else self.it


@dataclass(frozen=True)
class CodeList:
    name: str
    codes: tuple[Code, ...]

    def label(self, code: str, lang: str = "it") -> str:
        for item in self.codes:
            if item.code == code:
                return item.label(lang)
        return code

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.codes)


ACTIVITY_TYPES = CodeList(
    "tipologia",
    (
        Code("rete_tematica", "rete tematica", "thematic network", ("rete", "network")),
        Code(
            "progetto_ue_diretto",
            "progetto europeo a gestione diretta",
            "EU project (direct management)",
            ("progetto europeo diretto", "progetto ue diretto"),
        ),
        Code(
            "progetto_ue_concorrente",
            "progetto europeo a gestione concorrente, Interreg o URBACT",
            "EU project (shared management, Interreg or URBACT)",
            ("progetto europeo a gestione concorrente", "interreg", "urbact"),
        ),
        Code(
            "progetto_nazionale_internazionale",
            "progetto nazionale o internazionale (MAECI, AICS, PNRR…)",
            "national or international project (MAECI, AICS, PNRR…)",
            ("progetto nazionale", "progetto internazionale", "progetto nazionale o internazionale"),
        ),
        Code("cooperazione_decentrata", "cooperazione decentrata", "decentralised cooperation"),
        Code(
            "gemellaggio_accordo",
            "gemellaggio o accordo",
            "twinning or agreement",
            ("gemellaggio", "accordo", "patto di amicizia", "twinning"),
        ),
        Code("delegazione_ricevuta", "delegazione ricevuta", "incoming delegation", ("delegazione",)),
        Code("missione_estero", "missione all'estero", "mission abroad", ("missione",)),
        Code("evento_internazionale", "evento internazionale", "international event", ("evento",)),
        Code("premio", "premio o riconoscimento", "award or recognition", ("premio", "riconoscimento", "award")),
        Code(
            "buone_pratiche",
            "scambio di buone pratiche o visita di studio",
            "exchange of best practice or study visit",
            ("scambio di buone pratiche", "visita di studio", "best practice", "scambio"),
        ),
        Code("promozione", "promozione internazionale", "international promotion", ("promozione",)),
        Code("formazione", "formazione", "training", ("training",)),
        Code("altro", "altro", "other", ("other",)),
    ),
)

STATUSES = CodeList(
    "stato",
    (
        Code("in_preparazione", "in preparazione", "in preparation"),
        Code("candidata", "candidata", "submitted", ("candidato", "presentata")),
        Code("approvata", "approvata", "approved", ("approvato",)),
        Code("in_corso", "in corso", "ongoing", ("attiva", "attivo", "ongoing")),
        Code("conclusa", "conclusa", "completed", ("concluso", "terminata", "completed")),
        Code("sospesa", "sospesa", "suspended", ("sospeso",)),
        Code(
            "annullata",
            "annullata o non finanziata",
            "cancelled or not funded",
            ("annullata", "annullato", "non finanziata", "non finanziato"),
        ),
    ),
)

FUNDING_SOURCES = CodeList(
    "fonte",
    (
        Code("ue_diretta", "UE diretta", "EU direct", ("ue gestione diretta",)),
        Code("ue_concorrente", "UE concorrente", "EU shared management", ("ue gestione concorrente", "fesr", "fse")),
        Code("pnrr", "PNRR", "NRRP (PNRR)"),
        Code("nazionale", "nazionale", "national", ("stato", "ministero")),
        Code("regione", "Regione", "Region", ("regione piemonte", "regionale")),
        Code("fondi_propri", "fondi propri", "own funds", ("bilancio comunale", "fondi comunali")),
        Code("privati", "privati o fondazioni", "private or foundations", ("privati", "fondazioni", "fondazione")),
        Code("nessuna", "nessuna", "none", ("nessuno", "-")),
    ),
)

CITY_ROLES = CodeList(
    "ruolo",
    (
        Code("capofila", "capofila", "lead partner", ("lead partner", "coordinatore")),
        Code("partner", "partner", "partner"),
        Code("partner_associato", "partner associato", "associated partner"),
        Code("membro", "membro", "member"),
        Code("membro_direttivo", "membro di organo direttivo", "member of a governing body", ("membro del direttivo",)),
        Code("organizzatore", "organizzatore o ospite", "organiser or host", ("organizzatore", "ospite", "host")),
        Code("partecipante", "partecipante", "participant"),
        Code("finanziatore", "finanziatore", "funder"),
    ),
)

# Known networks and programmes: spellings normalised, other values kept as written.
KNOWN_NETWORKS = (
    "Eurocities",
    "ICLEI",
    "UCLG",
    "URBACT",
    "Erasmus+",
    "Horizon Europe",
    "LIFE",
    "CERV",
    "Creative Europe",
    "Interreg ALCOTRA",
    "Interreg Europe",
    "Interreg Central Europe",
    "Interreg Euro-MED",
    "FESR Piemonte",
    "FSE+ Piemonte",
    "PN Metro Plus",
    "AICS",
    "MAECI",
    "PNRR",
    "Covenant of Mayors",
    "C40",
    "Energy Cities",
    "Rete Città Sane OMS",
    "Creative Cities UNESCO",
    "Mayors for Peace",
    "ECCAR",
    "Cities for Digital Rights",
    "EFUS",
    "ACES Europe",
    "Digital Europe",
    "EU Missions Climate-Neutral Cities",
    "CCRE",
    "European Urban Initiative",
    "Corpo europeo di solidarietà",
)

# Other spellings sectors use for the same network or programme.
NETWORK_ALIASES = {
    "Erasmus Plus": "Erasmus+",
    "Erasmus": "Erasmus+",
    "Horizon": "Horizon Europe",
    "Horizon 2020": "Horizon Europe",
    "UNESCO Creative Cities Network": "Creative Cities UNESCO",
    "Rete delle Città Creative UNESCO": "Creative Cities UNESCO",
    "Interreg Italia-Francia ALCOTRA": "Interreg ALCOTRA",
    "ALCOTRA": "Interreg ALCOTRA",
    "Rete Eurocities": "Eurocities",
    "Patto dei Sindaci": "Covenant of Mayors",
    "URBACT IV": "URBACT",
    "EUI – European Urban Initiative": "European Urban Initiative",
    "EUI": "European Urban Initiative",
    "Missione città climaticamente neutre": "EU Missions Climate-Neutral Cities",
    "European Solidarity Corps": "Corpo europeo di solidarietà",
    "CEMR": "CCRE",
    "FSE Piemonte": "FSE+ Piemonte",
    "FSE+ Regione Piemonte": "FSE+ Piemonte",
    "FESR Regione Piemonte": "FESR Piemonte",
    "POR FESR Piemonte": "FESR Piemonte",
}

ColumnKind = str  # one of: id, text, network, code, date, countries, text_list, amount, integer, sdgs, sectors, url


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    kind: ColumnKind
    label_en: str
    help_it: str
    required: bool = False
    codes: CodeList | None = None
    synonyms: tuple[str, ...] = ()
    personal: bool = False
    width: int = 18
    example: str = ""


COLUMNS: tuple[Column, ...] = (
    Column(
        "activity_id", "ID attività", "id", "Activity ID",
        "Codice stabile dell'attività, da riusare negli anni successivi. Se vuoto viene generato.",
        synonyms=("id", "codice", "codice attivita", "activity id"), width=16, example="RI-2025-001",
    ),
    Column(
        "title", "Titolo", "text", "Title", "Nome breve dell'attività (obbligatorio).",
        required=True, synonyms=("titolo attivita", "nome attivita", "attivita", "title", "nome"), width=40,
        example="Eurocities Social Affairs Forum",
    ),
    Column(
        "description", "Descrizione", "text", "Description", "Breve descrizione: che cosa, con chi, perché.",
        synonyms=("descrizione attivita", "description"), width=50,
    ),
    Column(
        "type", "Tipologia", "code", "Type", "Tipo di attività, scelto dall'elenco (obbligatorio).",
        required=True, codes=ACTIVITY_TYPES, synonyms=("tipo", "tipo attivita", "tipologia attivita", "type"),
        width=34, example="rete tematica",
    ),
    Column(
        "status", "Stato", "code", "Status", "A che punto è l'attività, scelto dall'elenco.",
        codes=STATUSES, synonyms=("stato attivita", "status"), width=20, example="in corso",
    ),
    Column(
        "start_date", "Data inizio", "date", "Start date", "Data di inizio (gg/mm/aaaa, obbligatoria).",
        required=True, synonyms=("data di inizio", "inizio", "dal", "start date", "start"), width=14,
        example="03/02/2025",
    ),
    Column(
        "end_date", "Data fine", "date", "End date", "Data di conclusione, non prima della data di inizio.",
        synonyms=("data di fine", "fine", "al", "data conclusione", "end date", "end"), width=14,
        example="30/11/2025",
    ),
    Column(
        "partner_countries", "Paesi partner", "countries", "Partner countries",
        "Paesi coinvolti, separati da punto e virgola (es. Germania; Francia).",
        synonyms=("paese", "paesi", "nazioni partner", "nazione", "countries", "country", "partner countries"),
        width=26, example="Germania; Francia",
    ),
    Column(
        "partner_cities", "Città ed enti partner", "text_list", "Partner cities and bodies",
        "Città ed enti partner, separati da punto e virgola.",
        synonyms=("citta partner", "enti partner", "partner", "partners", "partner cities"), width=30,
        example="Lione; Colonia",
    ),
    Column(
        "network", "Rete o programma", "network", "Network or programme",
        "Rete di città o programma di finanziamento (es. Eurocities, URBACT, Erasmus+).",
        synonyms=("rete", "programma", "network", "programme", "program"), width=24, example="Eurocities",
    ),
    Column(
        "funding_source", "Fonte di finanziamento", "code", "Funding source", "Da dove vengono i fondi, scelto dall'elenco.",
        codes=FUNDING_SOURCES, synonyms=("fonte", "finanziamento", "funding", "funding source"), width=22,
        example="UE diretta",
    ),
    Column(
        "city_role", "Ruolo della Città", "code", "Role of the City", "Ruolo della Città nell'attività, scelto dall'elenco.",
        codes=CITY_ROLES, synonyms=("ruolo", "ruolo citta", "ruolo del comune", "role"), width=22, example="partner",
    ),
    Column(
        "total_budget", "Budget totale (€)", "amount", "Total budget (€)", "Budget complessivo dell'attività in euro.",
        synonyms=("budget", "budget totale", "budget (euro)", "budget euro", "importo", "total budget"), width=16,
        example="€ 250.000,00",
    ),
    Column(
        "eu_contribution", "Contributo UE (€)", "amount", "EU contribution (€)",
        "Quota di contributo UE destinata alla Città, in euro.",
        synonyms=("contributo ue", "contributo europeo", "eu contribution", "eu funding"), width=16,
        example="€ 120.000,00",
    ),
    Column(
        "city_cofunding", "Cofinanziamento Città (€)", "amount", "City co-funding (€)",
        "Risorse proprie della Città, in euro.",
        synonyms=("cofinanziamento", "cofinanziamento citta", "co-funding", "city cofunding"), width=16,
        example="€ 30.000,00",
    ),
    Column(
        "participants", "Partecipanti", "integer", "Participants", "Numero di persone coinvolte (numero intero).",
        synonyms=("numero partecipanti", "n partecipanti", "participants"), width=12, example="120",
    ),
    Column(
        "sdgs", "Obiettivi SDG", "sdgs", "SDGs", "Obiettivi di sviluppo sostenibile dell'Agenda 2030 (da 1 a 17), separati da punto e virgola.",
        synonyms=("sdg", "obiettivi agenda 2030", "sdgs"), width=14, example="11; 13",
    ),
    Column(
        "other_sectors", "Altri settori coinvolti", "sectors", "Other sectors involved",
        "Altri settori del tavolo che collaborano all'attività, separati da punto e virgola.",
        synonyms=("altri settori", "settori coinvolti", "other sectors"), width=30, example="Settore Gioventù",
    ),
    Column(
        "results", "Risultati", "text", "Results", "Risultati ottenuti nell'anno.",
        synonyms=("esiti", "risultati ottenuti", "results", "outcomes"), width=50,
    ),
    Column("link", "Link", "url", "Link", "Indirizzo web dell'attività.", synonyms=("sito", "url", "web", "sito web"), width=30),
    Column(
        "referent", "Referente", "text", "Contact person",
        "Persona di riferimento nel settore. Dato personale: non compare nel rapporto.",
        synonyms=("referente attivita", "contatto", "contact", "contact person"), personal=True, width=22,
    ),
)

COLUMNS_BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
LIST_KINDS = ("countries", "text_list", "sdgs", "sectors")
# Columns of the clean table that hold lists (partner_continents is derived from the countries).
LIST_COLUMNS = tuple(c.name for c in COLUMNS if c.kind in LIST_KINDS) + ("partner_continents",)

# Columns the cleaning step adds to every clean row, for traceability.
PROVENANCE = ("sector", "year", "source_file", "source_sheet", "source_row")


def column(name: str) -> Column:
    return COLUMNS_BY_NAME[name]


def _is_list_of(kind: type, allowed=None):
    def check(value) -> bool:
        if not isinstance(value, (list, tuple)):
            return False
        return all(isinstance(v, kind) and (allowed is None or v in allowed) for v in value)

    return check


@cache
def _is_text(value: object) -> bool:
    return isinstance(value, str)


def pandera_schema() -> pa.DataFrameSchema:
    """The clean activity table's contract, generated from :data:`COLUMNS`.

    It validates parsed values (codes, dates, amounts, lists); parsing the
    free text of a spreadsheet into those values is :mod:`intl_report.cleaning`'s job.
    """
    from .countries import KNOWN_ALPHA2
    from .registry import load_registry

    sectors = set(load_registry().slugs)
    columns: dict[str, pa.Column] = {}
    for col in COLUMNS:
        nullable = not col.required
        if col.kind == "code":
            columns[col.name] = pa.Column(object, pa.Check.isin(col.codes.values), nullable=nullable)
        elif col.kind == "date":
            columns[col.name] = pa.Column("datetime64[ns]", nullable=nullable, coerce=True)
        elif col.kind == "amount":
            columns[col.name] = pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True)
        elif col.kind == "integer":
            columns[col.name] = pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True)
        elif col.kind == "countries":
            columns[col.name] = pa.Column(object, pa.Check(_is_list_of(str, KNOWN_ALPHA2), element_wise=True))
        elif col.kind == "sdgs":
            columns[col.name] = pa.Column(object, pa.Check(_is_list_of(int, set(range(1, 18))), element_wise=True))
        elif col.kind == "sectors":
            columns[col.name] = pa.Column(object, pa.Check(_is_list_of(str, sectors), element_wise=True))
        elif col.kind == "text_list":
            columns[col.name] = pa.Column(object, pa.Check(_is_list_of(str), element_wise=True))
        elif col.required:  # text: pandas gives object or str dtype (3.x) depending on how the column was made
            columns[col.name] = pa.Column(None, [pa.Check(_is_text, element_wise=True),
                                                 pa.Check(lambda s: s.str.strip().str.len() > 0)], nullable=False)
        else:
            columns[col.name] = pa.Column(None, pa.Check(_is_text, element_wise=True, ignore_na=True), nullable=True)
    return pa.DataFrameSchema(
        columns,
        checks=[
            pa.Check(
                lambda df: df["end_date"].isna() | (df["end_date"] >= df["start_date"]),
                name="end_not_before_start",
                error=say("schema.end_before_start", "Data fine precedente alla data inizio"),
            )
        ],
        strict=False,
    )


@dataclass
class Problem:
    """One problem found in a workbook, located as a referent sees it in Excel."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: object
    severity: str  # "error" | "warning"
    message: str
    field: str | None = field(default=None, repr=False)

    def as_dict(self) -> dict:
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": value,
            "severity": self.severity,
            "message": self.message,
        }

    def sentence(self) -> str:
        """The problem as one line for the referent: what kind, where, what is wrong and the value found.

        The place names only what is known (file, then sheet, row and column); every piece is a template of the
        catalogues (contexts ``problem.*``), in the operator's language.
        """
        where = [self.file]
        if self.sheet:
            where.append(say("problem.sheet", "foglio «{sheet}»", sheet=self.sheet))
        if self.row is not None:
            where.append(say("problem.row", "riga {row}", row=self.row))
        if self.column:
            where.append(say("problem.column", "colonna «{column}»", column=self.column))
        severity = say("problem.error", "ERRORE") if self.severity == "error" else say("problem.warning", "AVVISO")
        place = ", ".join(where)
        if self.value in (None, ""):
            return say("problem.sentence", "{severity} – {place}: {message}", severity=severity, place=place,
                       message=self.message)
        return say("problem.sentence_with_value", "{severity} – {place}: {message} (valore trovato: «{value}»)",
                   severity=severity, place=place, message=self.message, value=self.value)

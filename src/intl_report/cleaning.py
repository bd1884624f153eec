"""Cleaning one sector's activities: parse every cell, validate every row.

Every non-empty input row ends up either in the clean table or in the
rejected rows with its reasons; :class:`SectorResult` checks that
rows read = rows kept + rows rejected. The problems and reasons are in the
operator's language (Italian unless ``$INTL_REPORT_LANGUAGE`` names a
catalogue; contexts ``cleaning.<what>``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache, lru_cache

import pandas as pd
import pandera.errors

from . import identity, parsing
from .countries import continent, parse_countries
from .folding import fold
from .i18n import operator_language, say
from .reading import SheetTable
from .registry import load_registry
from .schema import (
    COLUMNS,
    COLUMNS_BY_NAME,
    KNOWN_NETWORKS,
    LIST_KINDS,
    NETWORK_ALIASES,
    PROVENANCE,
    Column,
    Problem,
    pandera_schema,
)

CLEAN_COLUMNS = tuple(c.name for c in COLUMNS) + ("partner_continents",) + PROVENANCE + ("id_generated",)
REJECTED_COLUMNS = ("source_row", "reasons") + tuple(c.header for c in COLUMNS)


@dataclass
class SectorResult:
    sector: str
    year: int
    file: str | None
    sheet: str | None
    clean: pd.DataFrame
    rejected: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    status: str = "ok"  # ok | missing | unreadable

    @property
    def rows_read(self) -> int:
        return len(self.clean) + len(self.rejected)

    def summary(self) -> dict:
        return {
            "sector": self.sector,
            "year": self.year,
            "file": self.file,
            "sheet": self.sheet,
            "status": self.status,
            "rows_read": self.rows_read,
            "rows_kept": len(self.clean),
            "rows_rejected": len(self.rejected),
            "errors": sum(p.severity == "error" for p in self.problems),
            "warnings": sum(p.severity == "warning" for p in self.problems),
            "problems": [p.as_dict() for p in self.problems],
        }


@cache
def _code_index(column_name: str) -> dict[str, str]:
    col = next(c for c in COLUMNS if c.name == column_name)
    index: dict[str, str] = {}
    for code in col.codes.codes:
        for text in (code.code, code.it, code.en, *code.synonyms):
            index.setdefault(fold(text), code.code)
    return index


def parse_code(col: Column, value: object) -> str | None:
    """The code of a coded cell, accepting labels in any case, accents, codes, English and synonyms."""
    text = parsing.clean_text(value)
    if text is None:
        return None
    key = fold(text)
    index = _code_index(col.name)
    if key in index:
        return index[key]
    lang = operator_language()
    allowed = "; ".join(f"«{c.label(lang)}»" for c in col.codes.codes)
    from rapidfuzz import process

    best = process.extractOne(key, list(index), score_cutoff=75)
    if best:
        raise parsing.ParseError(say(
            "cleaning.code_unexpected_suggestion",
            "valore non previsto; scegliere dall'elenco: {allowed}. Forse «{closest}»?",
            allowed=allowed, closest=col.codes.label(index[best[0]], lang),
        ))
    raise parsing.ParseError(say("cleaning.code_unexpected", "valore non previsto; scegliere dall'elenco: {allowed}.",
                                 allowed=allowed))


@cache
def _network_index() -> dict[str, str]:
    index = {fold(n): n for n in KNOWN_NETWORKS}
    index.update({fold(alias): name for alias, name in NETWORK_ALIASES.items()})
    return index


def normalise_network(value: object) -> str | None:
    text = parsing.clean_text(value)
    if text is None:
        return None
    return _network_index().get(fold(text), text)


def parse_sectors(value: object, own_sector: str) -> tuple[list[str], list[str]]:
    """Slugs of the other sectors named in a cell, and the names not recognised."""
    registry = load_registry()
    slugs: list[str] = []
    unknown: list[str] = []
    for item in parsing.split_list(value, protect=lambda text: registry.find(text) is not None):
        sector = registry.find(item)
        if sector is None:
            unknown.append(item)
        elif sector.slug != own_sector and sector.slug not in slugs:
            slugs.append(sector.slug)
    return slugs, unknown


def _parse_cell(col: Column, value: object, sector: str) -> tuple[object, list[str]]:
    """Parse one cell; returns the value and warnings. Raises ParseError for errors."""
    kind = col.kind
    if kind in ("text", "id"):
        return parsing.clean_text(value), []
    if kind == "network":
        return normalise_network(value), []
    if kind == "code":
        return parse_code(col, value), []
    if kind == "date":
        return parsing.parse_date(value), []
    if kind == "amount":
        amount, warning = parsing.read_amount(value)  # "circa 10.000", "10k": read, with a warning
        return amount, [warning] if warning else []
    if kind == "integer":
        return parsing.parse_integer(value), []
    if kind == "countries":
        return parse_countries(value), []
    if kind == "text_list":
        return parsing.split_list(value, conjunctions=False), []
    if kind == "sdgs":
        return parsing.parse_sdgs(value), []
    if kind == "sectors":
        slugs, unknown = parse_sectors(value, sector)
        warnings = [say("cleaning.sector_unknown", "settore non riconosciuto, ignorato: «{name}»", name=name)
                    for name in unknown]
        return slugs, warnings
    if kind == "url":
        return parsing.parse_url(value), []
    raise AssertionError(f"unknown column kind {kind}")


# Kinds whose parsed value depends only on the cell: coded values, dates, amounts and countries repeat a lot
# in a sheet, so each distinct value is parsed once. ("sectors" depends on the reporting sector; free text
# is mostly unique.) The warnings are words, so the language they are in is part of the key.
_CACHED_KINDS = frozenset({"code", "network", "date", "amount", "integer", "countries", "sdgs", "url"})


@lru_cache(maxsize=100_000)
def _parse_value(column_name: str, value: object, lang: str) -> tuple[object, tuple[str, ...]]:
    parsed, warnings = _parse_cell(COLUMNS_BY_NAME[column_name], value, "")
    return (tuple(parsed) if isinstance(parsed, list) else parsed), tuple(warnings)


def parse_cell(col: Column, value: object, sector: str, lang: str | None = None) -> tuple[object, list[str]]:
    """Parse one cell (see :func:`_parse_cell`), reusing the result for a value seen before.

    ``lang`` is the language of the messages (:func:`~intl_report.i18n.operator_language`, looked up when not
    given; :func:`clean_table` looks it up once per sheet).
    """
    if col.kind not in _CACHED_KINDS:
        return _parse_cell(col, value, sector)
    try:
        parsed, warnings = _parse_value(col.name, value, lang or operator_language())
    except TypeError:  # an unhashable cell value
        return _parse_cell(col, value, sector)
    return (list(parsed) if isinstance(parsed, tuple) else parsed), list(warnings)


def _reason(column: str | None, message: str) -> str:
    """One reason of a rejected row: the column as the sheet names it, and what is wrong there."""
    return say("cleaning.reason", "{column}: {message}", column=column, message=message) if column else message


def clean_table(table: SheetTable, sector: str, year: int) -> SectorResult:
    """Parse and validate a sector's sheet into clean and rejected rows."""
    problems = list(table.problems)
    records: list[dict] = []
    row_errors: dict[int, list[str]] = {}
    raw_rows: dict[int, list] = {}
    lang = operator_language()
    for excel_row, cells in table.rows:
        record: dict = {c.name: None for c in COLUMNS}
        errors: list[str] = []
        unreadable: set[str] = set()  # columns whose cell gave an error: not "empty" as well
        raw_rows[excel_row] = cells
        for position, col in table.columns.items():
            value = cells[position]
            header = table.headers[col.name]
            try:
                parsed, warnings = parse_cell(col, value, sector, lang)
            except Exception as exc:  # an unforeseen value too must reject its row, not stop the sector
                message = str(exc) if isinstance(exc, parsing.ParseError) else say(
                    "cleaning.value_unreadable",
                    "valore non leggibile: riscriverlo come testo semplice seguendo l'esempio del modello")
                unreadable.add(col.name)
                errors.append(_reason(header, message))
                problems.append(Problem(table.file, table.sheet, excel_row, header, _shown(value), "error", message, col.name))
                continue
            record[col.name] = parsed
            for warning in warnings:
                problems.append(Problem(table.file, table.sheet, excel_row, header, _shown(value), "warning", warning, col.name))
        for col in COLUMNS:
            if col.required and record[col.name] in (None, "") and col.name not in unreadable:
                message = say("cleaning.required_missing",
                              "campo obbligatorio vuoto: compilarlo (la riga non è conteggiata finché manca)")
                errors.append(_reason(col.header, message))
                problems.append(Problem(table.file, table.sheet, excel_row, table.headers.get(col.name, col.header), None, "error", message, col.name))
        if record["start_date"] and record["end_date"] and record["end_date"] < record["start_date"]:
            message = say("cleaning.end_before_start", "la data di fine è precedente alla data di inizio: correggere "
                          "una delle due date (giorno prima del mese)")
            errors.append(_reason(table.headers["end_date"], message))
            problems.append(Problem(table.file, table.sheet, excel_row, table.headers["end_date"], _shown(cells[_position(table, 'end_date')]), "error", message, "end_date"))
        record.update(sector=sector, year=year, source_file=table.file, source_sheet=table.sheet, source_row=excel_row)
        records.append(record)
        if errors:
            row_errors[excel_row] = errors

    # The same activity entered twice by the sector (identity.repeated_rows): keep the first, reject the copy.
    # Rows rejected already are no one's original.
    valid = {record["source_row"]: record for record in records if record["source_row"] not in row_errors}
    for row, first in identity.repeated_rows(valid.values()).items():
        message = say("cleaning.duplicate", "attività duplicata: stessi titolo e date della riga {first}; cancellare "
                      "una delle due righe, oppure distinguere i titoli se sono attività diverse", first=first)
        row_errors[row] = [message]
        problems.append(Problem(table.file, table.sheet, row, table.headers["title"], valid[row]["title"], "error",
                                message, "title"))

    good = [r for r in records if r["source_row"] not in row_errors]
    clean = _to_frame(good, sector, year)
    clean = _validate_with_schema(clean, table, problems, row_errors)
    clean = clean[~clean["source_row"].isin(row_errors)].reset_index(drop=True)

    rejected_records = []
    for excel_row, errors in row_errors.items():
        cells = raw_rows[excel_row]
        entry = {"source_row": excel_row, "reasons": "; ".join(errors)}
        for col in COLUMNS:
            position = _position(table, col.name)
            entry[col.header] = None if position is None or col.personal else _shown(cells[position])
        rejected_records.append(entry)
    rejected = pd.DataFrame(rejected_records, columns=list(REJECTED_COLUMNS)).sort_values("source_row").reset_index(drop=True)
    result = SectorResult(sector, year, table.file, table.sheet, clean, rejected, problems)
    if result.rows_read != len(table.rows):
        raise AssertionError(f"{table.file}: {len(table.rows)} rows read but {result.rows_read} accounted for")
    return result


def _position(table: SheetTable, name: str) -> int | None:
    for position, col in table.columns.items():
        if col.name == name:
            return position
    return None


def _shown(value: object) -> object:
    """A cell value as the referent would recognise it."""
    if value is None:
        return None
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.strftime("%d/%m/%Y")
    if not isinstance(value, (str, int, float, bool)):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _to_frame(records: list[dict], sector: str, year: int) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=[c.name for c in COLUMNS] + list(PROVENANCE))
    for col in COLUMNS:
        if col.kind == "date":
            frame[col.name] = pd.to_datetime(frame[col.name]).astype("datetime64[ns]")
        elif col.kind in ("amount", "integer"):
            frame[col.name] = pd.to_numeric(frame[col.name]).astype(float)
        elif col.kind in LIST_KINDS:
            frame[col.name] = frame[col.name].map(lambda v: list(v) if isinstance(v, (list, tuple)) else []).astype(object)
        else:
            frame[col.name] = frame[col.name].astype(object)
    frame["id_generated"] = frame["activity_id"].isna()
    frame["activity_id"] = identity.activity_ids(frame, sector, year)
    frame["partner_continents"] = frame["partner_countries"].map(lambda codes: sorted({continent(c) for c in codes}))
    frame["year"] = frame["year"].astype(int)
    frame["source_row"] = frame["source_row"].astype(int)
    return frame[list(CLEAN_COLUMNS)]


def _validate_with_schema(frame: pd.DataFrame, table: SheetTable, problems: list[Problem], row_errors: dict[int, list[str]]) -> pd.DataFrame:
    """Run the pandera contract; anything it finds rejects the row with the reason."""
    if frame.empty:
        return frame
    try:
        return pandera_schema().validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        for _, case in cases.iterrows():
            index = case.get("index")
            if index is None or pd.isna(index):
                # not a row's value but the table's shape: the cleaning broke the contract (a bug), never the data
                raise AssertionError(f"{table.file}: the clean table breaks the activity schema: "
                                     f"{case.get('column')}: {case.get('check')}") from exc
            excel_row = int(frame.loc[int(index), "source_row"])
            column = case.get("column")
            header = table.headers.get(column, column) if isinstance(column, str) else None
            message = say("cleaning.schema_invalid", "valore non valido secondo lo schema ({check})",
                          check=case.get("check"))
            row_errors.setdefault(excel_row, []).append(_reason(header, message))
            problems.append(Problem(table.file, table.sheet, excel_row, header, _shown(case.get("failure_case")), "error", message, column))
        return frame


def empty_result(sector: str, year: int, file: str | None, status: str, problem: Problem | None) -> SectorResult:
    clean = pd.DataFrame({name: pd.Series(dtype=object) for name in CLEAN_COLUMNS})
    rejected = pd.DataFrame(columns=list(REJECTED_COLUMNS))
    return SectorResult(sector, year, file, None, clean, rejected, [problem] if problem else [], status)


"""Cross-sector statistics on the clean activity table.

Pure functions: a DataFrame of clean activities in (see ``docs/DESIGN.md``),
a DataFrame or a dict out, no I/O.

An activity reported by two sectors (a joint activity: same title, ignoring
case and spacing, same start and end dates; the rule is :mod:`identity`'s)
appears as two rows of the table. The city's totals count it once
(:func:`dedupe_joint`); per-sector tables count it once per sector. Partner
cities and networks are grouped ignoring case and spacing too. Counts are
Python/NumPy ints, money is float (euro), sectors follow the registry order
and codes their code-list order.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from . import identity
from .folding import fold
from .schema import LIST_COLUMNS

MONEY_COLUMNS = ("eu_contribution", "city_cofunding", "total_budget")
CODE_COLUMNS = ("type", "status", "city_role", "funding_source")
CONTINENTS = ("Europe", "Africa", "America", "Asia", "Oceania")

KEY_FIGURES = (
    "activities",
    "sectors_involved",
    "partner_countries",
    "partner_cities",
    "networks",
    "eu_contribution",
    "city_cofunding",
    "total_budget",
    "participants",
    "joint_activities",
)
MONEY_FIGURES = frozenset(MONEY_COLUMNS)

_KEY = "_key"


# --------------------------------------------------------------------------- helpers


def as_list(value) -> list:
    """A list-column cell as a list (cells may be lists, tuples, arrays from parquet, None or NaN)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        return list(value)
    if isinstance(value, float) and np.isnan(value):
        return []
    return [value]


def _name_key(text) -> str:
    """Partner cities and networks are the same when they differ only in case and spacing (accents count)."""
    return fold(text, keep_accents=True, keep_punctuation=True)


def _sector_order() -> dict[str, int]:
    from .registry import load_registry

    return {slug: i for i, slug in enumerate(load_registry().slugs)}


def _ordered_sectors(slugs: Iterable[str]) -> list[str]:
    order = _sector_order()
    return sorted(set(slugs), key=lambda s: (order.get(s, len(order)), s))


def _union(cells: Iterable, by_name: bool = False) -> list:
    """Items of several list cells, each once, in order of appearance (``by_name``: compared by :func:`_name_key`)."""
    seen: dict = {}
    for cell in cells:
        for item in as_list(cell):
            seen.setdefault(_name_key(item) if by_name else item, item)
    return list(seen.values())


def _sum(series: pd.Series) -> float:
    return float(pd.to_numeric(series, errors="coerce").sum()) if len(series) else 0.0


def _distinct_folded(cells: Iterable) -> set[str]:
    return {_name_key(item) for cell in cells for item in as_list(cell) if _name_key(item)}


def _distinct(activities: pd.DataFrame) -> pd.DataFrame:
    """The distinct activities; accepts a table that is already deduplicated."""
    if "joint" in activities.columns and "sectors" in activities.columns:
        return activities
    return dedupe_joint(activities)


# --------------------------------------------------------------------------- dedupe


def dedupe_joint(activities: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct activity, merging the rows of activities reported by several sectors.

    Parameters
    ----------
    activities : DataFrame
        The clean activity table (all sectors).

    Returns
    -------
    DataFrame
        Same columns plus ``sectors`` (sorted list of the reporting sector slugs)
        and ``joint`` (reported by more than one sector). For a merged activity,
        scalar values come from the reporting sector first in registry order,
        gaps filled from the others; list columns are the union of all rows;
        ``sector`` is that first sector and ``other_sectors`` leaves out the
        reporting sectors. Rows keep the order of first appearance.
    """
    if activities.empty:
        out = activities.reset_index(drop=True).copy()
        out["sectors"] = pd.Series([], dtype=object)
        out["joint"] = pd.Series([], dtype=bool)
        return out
    df = activities.reset_index(drop=True)
    order = _sector_order()
    ranks = [order.get(sector, len(order)) for sector in df["sector"]]
    # Plain lists: per-group pandas indexing is what made this slow on a few hundred activities.
    members = [sorted(rows, key=lambda p: (ranks[p], p)) for rows in identity.same_activity_groups(df)]
    out = df.iloc[[rows[0] for rows in members]].reset_index(drop=True)
    scalar_columns = [c for c in df.columns if c not in LIST_COLUMNS and c != "sector"]
    for i, rows in enumerate(members):
        if len(rows) == 1:
            continue
        for col in scalar_columns:
            if pd.isna(out[col].iat[i]):
                filled = df[col].iloc[rows].dropna()
                if len(filled):
                    out.loc[i, col] = filled.iat[0]
    sector_of = df["sector"].tolist()
    sectors = [sorted({sector_of[p] for p in rows}) for rows in members]
    for col in LIST_COLUMNS:
        if col not in df.columns:
            continue
        cells = df[col].tolist()
        by_name = col == "partner_cities"
        merged = [
            _union((cells[p] for p in rows), by_name=by_name) if len(rows) > 1 else as_list(cells[rows[0]])
            for rows in members
        ]
        if col == "sdgs":
            merged = [sorted(v) for v in merged]
        if col == "other_sectors":
            merged = [[s for s in v if s not in own] for v, own in zip(merged, sectors, strict=True)]
        out[col] = pd.Series(merged, index=out.index, dtype=object)
    out["sectors"] = pd.Series(sectors, index=out.index, dtype=object)
    out["joint"] = pd.Series([len(s) > 1 for s in sectors], index=out.index, dtype=bool)
    return out


# --------------------------------------------------------------------------- key figures


def key_figures(activities: pd.DataFrame) -> dict:
    """The city's headline numbers, counting joint activities once.

    Parameters
    ----------
    activities : DataFrame
        The clean activity table.

    Returns
    -------
    dict
        Keys in :data:`KEY_FIGURES` order: ``activities``, ``sectors_involved``
        (sectors with at least one activity), ``partner_countries``,
        ``partner_cities`` (case-insensitive), ``networks`` (distinct, case-insensitive),
        ``eu_contribution``, ``city_cofunding``, ``total_budget`` (float euro),
        ``participants`` and ``joint_activities`` (int).
    """
    distinct = _distinct(activities)
    countries = {c for cell in distinct.get("partner_countries", []) for c in as_list(cell)}
    networks = {_name_key(n) for n in distinct["network"].dropna() if _name_key(n)} if len(distinct) else set()
    sectors = set(activities["sector"].dropna()) if len(activities) else set()
    if "sectors" in activities.columns:
        sectors |= {s for cell in activities["sectors"] for s in as_list(cell)}
    return {
        "activities": int(len(distinct)),
        "sectors_involved": int(len(sectors)),
        "partner_countries": int(len(countries)),
        "partner_cities": int(len(_distinct_folded(distinct["partner_cities"]))) if len(distinct) else 0,
        "networks": int(len(networks)),
        "eu_contribution": _sum(distinct["eu_contribution"]) if len(distinct) else 0.0,
        "city_cofunding": _sum(distinct["city_cofunding"]) if len(distinct) else 0.0,
        "total_budget": _sum(distinct["total_budget"]) if len(distinct) else 0.0,
        "participants": int(round(_sum(distinct["participants"]))) if len(distinct) else 0,
        "joint_activities": int(distinct["joint"].sum()) if len(distinct) else 0,
    }


def compare_key_figures(current: dict, previous: dict | None) -> pd.DataFrame:
    """Key figures of this year next to last year's.

    Parameters
    ----------
    current, previous : dict
        :func:`key_figures` of two years; ``previous`` may be None.

    Returns
    -------
    DataFrame
        Columns ``figure``, ``current``, ``previous``, ``change`` (current − previous)
        and ``change_pct`` (change in percent of previous); NaN where there is
        no previous value or the previous value is 0.
    """
    previous = previous or {}
    rows = []
    for figure, now in current.items():
        before = previous.get(figure)
        before = np.nan if before is None else float(before)
        change = float(now) - before
        pct = change / before * 100 if before and not np.isnan(before) else np.nan
        rows.append({"figure": figure, "current": float(now), "previous": before, "change": change, "change_pct": pct})
    return pd.DataFrame(rows, columns=["figure", "current", "previous", "change", "change_pct"])


# --------------------------------------------------------------------------- breakdowns


def by_sector(activities: pd.DataFrame) -> pd.DataFrame:
    """Per-sector figures, an activity shared by two sectors counting for both.

    Parameters
    ----------
    activities : DataFrame

    Returns
    -------
    DataFrame
        One row per registry sector, in registry order (sectors without
        activities have zeros): ``sector`` (slug), ``activities``,
        ``eu_contribution``, ``total_budget``, ``city_cofunding``,
        ``partner_countries`` (distinct).
    """
    from .registry import load_registry

    slugs = list(load_registry().slugs)
    if len(activities):
        df = activities.reset_index(drop=True)
        df = df.assign(**{_KEY: identity.activity_keys(df)})  # an activity entered twice by a sector counts once
        slugs += [s for s in _ordered_sectors(df["sector"].dropna()) if s not in slugs]
        grouped = {slug: g.drop_duplicates(_KEY) for slug, g in df.groupby("sector", sort=False)}
    else:
        grouped = {}
    rows = []
    for slug in slugs:
        g = grouped.get(slug)
        if g is None:
            rows.append({"sector": slug, "activities": 0, "eu_contribution": 0.0, "total_budget": 0.0,
                         "city_cofunding": 0.0, "partner_countries": 0})  # fmt: skip
            continue
        rows.append(
            {
                "sector": slug,
                "activities": len(g),
                "eu_contribution": _sum(g["eu_contribution"]),
                "total_budget": _sum(g["total_budget"]),
                "city_cofunding": _sum(g["city_cofunding"]),
                "partner_countries": len({c for cell in g["partner_countries"] for c in as_list(cell)}),
            }
        )
    out = pd.DataFrame(rows, columns=["sector", "activities", "eu_contribution", "total_budget", "city_cofunding",
                                      "partner_countries"])  # fmt: skip
    return out.astype({"activities": int, "partner_countries": int, "eu_contribution": float,
                       "total_budget": float, "city_cofunding": float})  # fmt: skip


def by_code(activities: pd.DataFrame, column: str) -> pd.DataFrame:
    """Distinct activities per value of a coded column.

    Parameters
    ----------
    activities : DataFrame
    column : {"type", "status", "city_role", "funding_source"}

    Returns
    -------
    DataFrame
        ``code`` and ``count``, in code-list order, codes with no activity left
        out; a last row with code None counts the activities where the value
        is missing ("non indicato"), if any.
    """
    if column not in CODE_COLUMNS:
        raise ValueError(f"by_code: column must be one of {CODE_COLUMNS}, not {column!r}")
    from .schema import column as schema_column

    codes = schema_column(column).codes.values
    distinct = _distinct(activities)
    values = distinct[column] if len(distinct) else pd.Series([], dtype=object)
    counts = values.dropna().value_counts()
    order = [c for c in codes if counts.get(c, 0) > 0]
    order += sorted(c for c in counts.index if c not in codes)  # not in the code list: should not happen
    rows = [(c, int(counts[c])) for c in order]
    missing = int(values.isna().sum())
    if missing:
        rows.append((None, missing))
    return pd.DataFrame(
        {
            "code": pd.Series([c for c, _ in rows], dtype=object),
            "count": pd.Series([n for _, n in rows], dtype=int),
        }
    )


def by_country(activities: pd.DataFrame) -> pd.DataFrame:
    """Distinct activities per partner country.

    Returns
    -------
    DataFrame
        ``alpha2``, ``activities``, ``continent``; most activities first, ties by code.
    """
    from .countries import continent

    distinct = _distinct(activities)
    counts: dict[str, int] = {}
    for cell in distinct.get("partner_countries", []):
        for code in set(as_list(cell)):
            counts[code] = counts.get(code, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame(
        {
            "alpha2": pd.Series([c for c, _ in rows], dtype=object),
            "activities": pd.Series([n for _, n in rows], dtype=int),
            "continent": pd.Series([continent(c) for c, _ in rows], dtype=object),
        }
    )


def by_continent(activities: pd.DataFrame) -> pd.DataFrame:
    """Distinct activities and partner countries per continent.

    Returns
    -------
    DataFrame
        ``continent`` (Europe, Africa, America, Asia, Oceania), ``activities``
        (distinct activities with at least one partner there) and ``countries``
        (distinct partner countries there); continents without activities are
        left out; most activities first, ties in the order above.
    """
    from .countries import continent

    distinct = _distinct(activities)
    acts: dict[str, int] = {}
    countries: dict[str, set] = {}
    for cell in distinct.get("partner_continents", []):
        for name in set(as_list(cell)):
            acts[name] = acts.get(name, 0) + 1
    for cell in distinct.get("partner_countries", []):
        for code in as_list(cell):
            countries.setdefault(continent(code), set()).add(code)
    names = sorted(acts, key=lambda c: (-acts[c], CONTINENTS.index(c) if c in CONTINENTS else len(CONTINENTS), c))
    return pd.DataFrame(
        {
            "continent": pd.Series(names, dtype=object),
            "activities": pd.Series([acts[c] for c in names], dtype=int),
            "countries": pd.Series([len(countries.get(c, ())) for c in names], dtype=int),
        }
    )


def _display_name(spellings: list[str]) -> str:
    """The most frequent spelling, ties broken by first appearance."""
    counts: dict[str, int] = {}
    for s in spellings:
        counts[s] = counts.get(s, 0) + 1
    return max(counts, key=lambda s: (counts[s], -spellings.index(s)))


def by_network(activities: pd.DataFrame, top: int | None = 15) -> pd.DataFrame:
    """Distinct activities and money per network or programme.

    Parameters
    ----------
    activities : DataFrame
    top : int or None
        Keep the first ``top`` rows; None keeps all.

    Returns
    -------
    DataFrame
        ``network`` (most frequent spelling; grouping is case-insensitive),
        ``activities``, ``eu_contribution``, ``total_budget``; most activities
        first, then most EU contribution.
    """
    distinct = _distinct(activities)
    columns = ["network", "activities", "eu_contribution", "total_budget"]
    if distinct.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object if c == "network" else float) for c in columns}).astype(
            {"activities": int}
        )
    df = distinct[distinct["network"].notna()]
    df = df.assign(_fold=df["network"].map(_name_key))
    df = df[df["_fold"] != ""]
    rows = []
    for _, g in df.groupby("_fold", sort=False):
        rows.append(
            {
                "network": _display_name([str(n).strip() for n in g["network"]]),
                "activities": len(g),
                "eu_contribution": _sum(g["eu_contribution"]),
                "total_budget": _sum(g["total_budget"]),
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    out = out.sort_values(["activities", "eu_contribution", "network"], ascending=[False, False, True], kind="stable")
    if top is not None:
        out = out.head(top)
    out = out.reset_index(drop=True).astype({"activities": int, "eu_contribution": float, "total_budget": float})
    out["network"] = out["network"].astype(object)
    return out


def top_partner_cities(activities: pd.DataFrame, top: int | None = 15) -> pd.DataFrame:
    """Partner cities and bodies named in the most distinct activities.

    Returns
    -------
    DataFrame
        ``city`` (most frequent spelling; grouping is case-insensitive) and
        ``activities``; most activities first, ties alphabetical; first ``top`` rows.
    """
    distinct = _distinct(activities)
    spellings: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for cell in distinct.get("partner_cities", []):
        seen = set()
        for name in as_list(cell):
            key = _name_key(name)
            if not key:
                continue
            spellings.setdefault(key, []).append(" ".join(str(name).split()))
            if key not in seen:
                counts[key] = counts.get(key, 0) + 1
                seen.add(key)
    rows = sorted(((_display_name(spellings[k]), n) for k, n in counts.items()), key=lambda r: (-r[1], _name_key(r[0])))
    if top is not None:
        rows = rows[:top]
    return pd.DataFrame(
        {
            "city": pd.Series([c for c, _ in rows], dtype=object),
            "activities": pd.Series([n for _, n in rows], dtype=int),
        }
    )


def collaboration_matrix(activities: pd.DataFrame) -> pd.DataFrame:
    """How often sectors work together.

    Cell (A, B) counts the distinct activities that A reported and in which B
    is involved (B listed in ``other_sectors`` or B also reported it), or the
    other way round.

    Returns
    -------
    DataFrame
        Square and symmetric, index and columns the sector slugs involved in at
        least one activity (as reporter or listed partner sector) in registry
        order, diagonal 0, int counts.
    """
    distinct = _distinct(activities)
    pairs: dict[tuple[str, str], int] = {}
    involved_all: set[str] = set()
    for reporters, others in zip(distinct.get("sectors", []), distinct.get("other_sectors", []), strict=True):
        reporters = set(as_list(reporters))
        involved = reporters | set(as_list(others))
        involved_all |= involved
        counted = set()
        for a in reporters:
            for b in involved:
                if a != b:
                    counted.add(tuple(sorted((a, b))))
        for pair in counted:
            pairs[pair] = pairs.get(pair, 0) + 1
    slugs = _ordered_sectors(involved_all)
    matrix = pd.DataFrame(0, index=pd.Index(slugs, dtype=object), columns=pd.Index(slugs, dtype=object), dtype=int)
    for (a, b), n in pairs.items():
        matrix.loc[a, b] = n
        matrix.loc[b, a] = n
    return matrix


def timeline(activities: pd.DataFrame, year: int) -> pd.DataFrame:
    """Activities under way and activities starting, month by month.

    An activity is active in a month when it starts on or before the month's
    last day and ends on or after its first day (or has no end date).

    Returns
    -------
    DataFrame
        ``month`` 1..12, ``active`` and ``starting`` (distinct activities).
    """
    distinct = _distinct(activities)
    start = pd.to_datetime(distinct["start_date"]) if len(distinct) else pd.Series([], dtype="datetime64[ns]")
    end = pd.to_datetime(distinct["end_date"]) if len(distinct) else pd.Series([], dtype="datetime64[ns]")
    rows = []
    for month in range(1, 13):
        first = pd.Timestamp(year=year, month=month, day=1)
        last = first + pd.offsets.MonthEnd(0)
        active = (start <= last) & (end.isna() | (end >= first))
        starting = (start >= first) & (start <= last)
        rows.append({"month": month, "active": int(active.sum()), "starting": int(starting.sum())})
    return pd.DataFrame(rows, columns=["month", "active", "starting"]).astype(int)


def trend(by_year: dict[int, pd.DataFrame]) -> pd.DataFrame:
    """Headline figures over the years.

    Parameters
    ----------
    by_year : dict
        ``{year: activities table of that year}``.

    Returns
    -------
    DataFrame
        ``year``, ``activities``, ``eu_contribution``, ``partner_countries``,
        oldest year first.
    """
    rows = []
    for year in sorted(by_year):
        figures = key_figures(by_year[year])
        rows.append(
            {
                "year": int(year),
                "activities": figures["activities"],
                "eu_contribution": figures["eu_contribution"],
                "partner_countries": figures["partner_countries"],
            }
        )
    out = pd.DataFrame(rows, columns=["year", "activities", "eu_contribution", "partner_countries"])
    return out.astype({"year": int, "activities": int, "eu_contribution": float, "partner_countries": int})

"""Partner countries and cities: their names as the sample workbooks write them, and where they are drawn from."""

from __future__ import annotations

from functools import cache

from intl_report.countries import country_name

from .vocabulary import load, load_rows


@cache
def city_country() -> dict[str, str]:
    """Every city the generator names, as written -> ISO 3166-1 alpha-2 code of its country."""
    return {row["city"]: row["country"] for row in load_rows("cities.csv")}


def country_label(code: str, lang: str = "it") -> str:
    """The country's name in ``lang``: the package's, except the few the bundled workbooks spell otherwise."""
    kept = load("countries.yaml")["names"].get(code)
    return kept[lang] if kept else country_name(code, lang)


def italian_variants(code: str) -> tuple[str, ...]:
    """Other Italian spellings of the country that referents write (``USA``, ``Olanda``…)."""
    return load("countries.yaml")["italian_variants"].get(code, ())


def partners_without_cities() -> tuple[str, ...]:
    """Countries drawn for networks and events whose partners are not cities."""
    return load("countries.yaml")["partners_without_cities"]


def countries_of(cities: list[str]) -> list[str]:
    """The countries of the cities (bodies based in Turin have none), in order, at most six."""
    known = city_country()
    out: list[str] = []
    for city in cities:
        code = known.get(city)
        if code and code not in out:
            out.append(code)
    return out[:6]


def city_pool(sector_slug: str, type_: str, network: str | None) -> tuple[tuple[str, ...], int, int]:
    """(cities to draw from, fewest, most) for one activity."""
    pools = load("city_pools.yaml")
    twin, south, europe, world = pools["twin"], pools["south"], pools["europe"], pools["world"]
    if network == "Interreg ALCOTRA":
        return pools["alcotra"], 1, 3
    if network in load("networks.yaml")["local_programmes"]:
        # Regional and national funds pay for work in Turin: a partner city only when the title names one.
        return europe, 0, 0
    if network in ("AICS", "MAECI"):  # the Italian development-cooperation funders
        return south, 1, 2
    if sector_slug == "cooperazione-pace" and type_ in (
        "delegazione_ricevuta",
        "missione_estero",
        "formazione",
        "buone_pratiche",
        "gemellaggio_accordo",
        "altro",
    ):
        return south, 1, 1
    by_type = {
        "rete_tematica": (europe, 0, 5),
        "progetto_ue_diretto": (europe, 2, 6),
        "progetto_ue_concorrente": (europe, 2, 6),
        "progetto_nazionale_internazionale": (south, 1, 2),
        "cooperazione_decentrata": (south, 1, 2),
        "gemellaggio_accordo": (twin, 1, 1),
        "delegazione_ricevuta": (twin + europe + world + south, 1, 1),
        "missione_estero": (twin + europe + world, 1, 1),
        "evento_internazionale": (europe + world, 0, 5),
        "premio": (europe, 0, 0),
        "buone_pratiche": (europe + twin, 1, 2),
        "promozione": (twin + world + europe, 0, 2),
        "formazione": (europe, 0, 3),
        "altro": (europe + world, 0, 2),
    }
    return by_type[type_]

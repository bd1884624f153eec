"""One clean activity: every value of a schema row, drawn in a fixed order from one seeded generator.

The order of the draws is part of the bundled data: moving a draw changes every activity after it.
"""

from __future__ import annotations

import random
import re
import unicodedata

from intl_report.formatting import MONTHS_IT

from .dates import multi_year_dates, preset_dates, single_year_dates
from .places import countries_of, country_label, partners_without_cities
from .randomness import round_amount, seeded_rng, weighted_choice
from .titles import SectorContext, capitalised, draw_title, introduction
from .values import amounts, city_role, funding_source, participants, pick_network
from .vocabulary import load

_PROJECTS = ("progetto_ue_diretto", "progetto_ue_concorrente")
_NOT_HELD = ("candidata", "annullata", "in_preparazione")  # statuses of activities nobody took part in yet


def draw_referents(seed, sector_slug: str) -> list[str]:
    """The sector's one to three contact persons, the same every year."""
    rng = seeded_rng(seed, sector_slug, "referents")
    names = load("names.yaml")
    return [f"{rng.choice(names['first_names'])} {rng.choice(names['last_names'])}" for _ in range(rng.randint(1, 3))]


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60]


def build_activity(rng: random.Random, ctx: SectorContext, type_: str, *, multi: bool, preset: dict | None = None):
    """One activity (without ID) of ``ctx.slug``: single-year in ctx.year, or multi-year starting in ctx.year.

    ``preset`` fixes some values (a highlight's, a joint or odd-titled activity's); the others are drawn.
    """
    preset = preset or {}
    profile, year = ctx.profile, ctx.year
    network = preset["network"] if "network" in preset else pick_network(rng, profile, type_)
    subject = preset.get("subject") or rng.choice(profile.subjects)
    status = None
    if not multi and type_ in _PROJECTS and rng.random() < 0.45:
        status = weighted_choice(rng, {"candidata": 5, "annullata": 2, "approvata": 2, "in_preparazione": 1})
    if multi:
        start, end = multi_year_dates(rng, type_, year)
    elif "month" in preset:
        start, end = preset_dates(rng, preset, year)
    else:
        start, end = single_year_dates(rng, type_, year)
    if preset.get("title") is None:
        period = f"{start.year}–{end.year}" if end else str(year)
        title, subject, cities, network = draw_title(
            rng, ctx, type_, multi=multi, network=network, subject=subject, status=status, period=period
        )
    else:
        title = preset["title"].format(year=year, year2=year + 2, nagoya=year - 2005)
        cities = list(preset.get("cities", []))
    ctx.used_titles.add(title)

    if "bodies" not in preset and profile.bodies and rng.random() < 0.2:
        cities = cities + [rng.choice(profile.bodies)]
    if status == "candidata":
        end = None
    if status is None:
        status = "in_corso" if multi else weighted_choice(rng, {"conclusa": 92, "annullata": 3, "sospesa": 1})
    funding = preset.get("funding") or funding_source(rng, type_, network)
    role = preset.get("role") or city_role(rng, type_)
    budget, eu, cofunding = _money(rng, type_, network, funding, preset)
    headcount = _headcount(rng, type_, status, preset)
    countries = _partner_countries(rng, type_, cities)
    sdgs = list(preset.get("sdgs") or rng.sample(profile.sdgs, min(len(profile.sdgs), rng.randint(1, 3))))
    return {
        "title": title,
        "description": _description(rng, type_, subject, countries, network),
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
        "city_cofunding": cofunding,
        "participants": headcount,
        "sdgs": sdgs,
        "other_sectors": [],
        "results": None,
        "link": _link(rng, ctx.slug, network, title),
        "referent": rng.choice(ctx.referents),
    }


def _money(rng: random.Random, type_: str, network: str | None, funding: str, preset: dict):
    """(total budget, EU contribution, City co-funding), consistent with the funding source."""
    budget, eu, cofunding = amounts(rng, type_, network)
    if "budget" in preset:
        budget = round_amount(rng, *preset["budget"], 1000)
        eu = cofunding = None
    if funding == "nessuna":
        budget = cofunding = None
    if funding not in ("ue_diretta", "ue_concorrente"):
        eu = None
    if eu is not None and budget is not None and eu > budget:
        eu = budget
    return budget, eu, cofunding


def _headcount(rng: random.Random, type_: str, status: str, preset: dict) -> int | None:
    count = participants(rng, type_)
    if "participants" in preset:
        count = rng.randint(*preset["participants"])
        count = count if count < 1000 else int(round(count, -3))  # big crowds are estimated in thousands
    return None if status in _NOT_HELD else count


def _partner_countries(rng: random.Random, type_: str, cities: list[str]) -> list[str]:
    countries = countries_of(cities)
    if not countries and type_ in ("rete_tematica", "evento_internazionale") and rng.random() < 0.5:
        countries = sorted(rng.sample(partners_without_cities(), rng.randint(2, 6)))
    return countries


def _description(rng: random.Random, type_: str, subject: str, countries: list[str], network: str | None) -> str:
    partners = ""
    names = [country_label(c) for c in countries[:3]]
    if names:
        partners = ", con partner di " + (", ".join(names[:-1]) + " e " + names[-1] if len(names) > 1 else names[0])
        if len(countries) > 3:
            partners += " e altri paesi"
    description = f"{introduction(type_)} sul tema «{capitalised(subject)}»{partners}."
    if network and rng.random() < 0.5:
        description += f" Nell'ambito di {network}."
    return description


def _link(rng: random.Random, sector_slug: str, network: str | None, title: str) -> str | None:
    """A web page of the activity for about a third of them: on the network's site or the sector's page."""
    if rng.random() >= 0.35:
        return None
    pages = load("networks.yaml")["web_pages"]
    return pages.get(network or "", f"https://www.comune.torino.it/{sector_slug}/") + _slug(title)


def results_text(seed, activity: dict, year: int) -> str | None:
    """The "Risultati" cell of an activity in ``year``, or ``None`` (sectors leave some empty)."""
    rng = seeded_rng(seed, activity["activity_id"], activity["title"], year, "results")
    status = activity["status"]
    if rng.random() < 0.12 and status in ("conclusa", "in_corso"):
        return None
    template = rng.choice(load("results.yaml")[status])
    city = activity["partner_cities"][0] if activity["partner_cities"] else "Torino"
    return template.format(
        k=(k := rng.randint(2, 8)),
        m=rng.randint(k + 1, 10),
        p=activity["participants"] or rng.randint(20, 300),
        city=city,
        next=year + 1,
        year=year,
        month=rng.choice(MONTHS_IT[2:7]),
    )

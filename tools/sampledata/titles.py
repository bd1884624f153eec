"""Activity titles: a template of the activity's type filled with its network, subject, city and an acronym."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache

from intl_report import schema

from .places import city_pool
from .vocabulary import Profile, load

_ATTEMPTS = 60  # a sector's titles must be unique: draw again this many times before giving up


@dataclass
class SectorContext:
    """One sector's year being drawn: its profile, its contact persons and the titles it already uses."""

    slug: str
    profile: Profile
    year: int
    used_titles: set[str]
    referents: list[str]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def introduction(type_: str) -> str:
    """The opening words of a description of the type ("Evento internazionale")."""
    return load("titles.yaml")["introductions"][type_]


@cache
def _networks_by_prefix() -> tuple[str, ...]:
    """Every network a forum's name may start with: the package's known ones first, then the generator's."""
    by_type = load("networks.yaml")["by_type"]
    return tuple(dict.fromkeys(schema.KNOWN_NETWORKS + tuple(n for names in by_type.values() for n in names)))


def _acronym(rng: random.Random) -> str:
    a, b = rng.sample(load("names.yaml")["acronym_parts"], 2)
    style = rng.random()
    if style < 0.2:
        return f"{a}-{b}"
    if style < 0.3:
        return a.capitalize() + b.capitalize()
    return a + b


def _fill(template: str, rng: random.Random, profile: Profile, fields: dict) -> str | None:
    """The template filled in, or ``None`` when it needs a value the activity lacks."""
    values = dict(fields)
    needs = re.findall(r"{(\w+)}", template)
    lists = {"forum": profile.forums, "event": profile.events, "award": profile.awards, "fair": profile.fairs}
    for key, options in lists.items():
        if key in needs:
            if not options:
                return None
            values[key] = rng.choice(options)
    if "city" in needs and not values.get("city"):
        return None
    if "net" in needs and not values.get("net"):
        return None
    # Drawn even when the template does not use them: the bundled workbooks depend on this sequence of draws.
    values.setdefault("season", rng.choice(load("names.yaml")["seasons"]))
    values.setdefault("acr", _acronym(rng))
    fields["forum"] = values.get("forum")  # tell the caller which forum was used
    return template.format(**values)


def draw_title(
    rng: random.Random,
    ctx: SectorContext,
    type_: str,
    *,
    multi: bool,
    network: str | None,
    subject: str,
    status: str | None,
    period: str,
) -> tuple[str, str, list[str], str | None]:
    """(title, subject, partner cities, network) of a new activity, its title not yet used in the sector.

    ``status`` is set only for the EU projects drawn in preparation, submitted, approved or cancelled: only they
    may be titled "Candidatura…". The subject is drawn again on each attempt; the network becomes the one a forum in the
    title belongs to.
    """
    templates = load("titles.yaml")["multi_year" if multi else "single_year"][type_]
    if status is None:
        templates = tuple(t for t in templates if not t.startswith("Candidatura")) or templates
    pool, fewest, most = city_pool(ctx.slug, type_, network)
    pool = list(dict.fromkeys(pool))
    cities: list[str] = []
    for attempt in range(_ATTEMPTS):
        subject = rng.choice(ctx.profile.subjects) if attempt else subject
        n = rng.randint(fewest, most)
        cities = rng.sample(pool, n) if n else []
        template = rng.choice(templates)
        if network == "URBACT" and type_ == "progetto_ue_concorrente":  # URBACT networks have their own names
            name = rng.choice(load("names.yaml")["urbact_networks"])
            template = f"URBACT {name} – rete di {rng.choice(['trasferimento', 'azione', 'innovazione'])}"
        if "{city}" in template and not cities:
            cities = [rng.choice(pool)]
        fields = {
            "year": ctx.year,
            "net": network,
            "subject": subject,
            "Subject": capitalised(subject),
            "city": cities[0] if cities else "",
            "period": period,
        }
        title = _fill(template, rng, ctx.profile, fields)
        if title and title not in ctx.used_titles:
            forum = fields.get("forum")
            if forum and type_ == "rete_tematica":  # the network the forum belongs to
                network = next((known for known in _networks_by_prefix() if forum.startswith(known)), network)
            return title, subject, cities, network
    # Not reached with the bundled vocabulary, which is large enough.
    return f"{introduction(type_)} – {capitalised(subject)} ({len(ctx.used_titles) + 1})", subject, cities, network

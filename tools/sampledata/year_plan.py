"""What a year holds before its single activities are drawn: counts, multi-year activities, IDs, joint activities."""

from __future__ import annotations

from .activities import build_activity, draw_referents
from .randomness import seeded_rng, weighted_choice
from .titles import SectorContext
from .vocabulary import Profile, load, profiles

REFERENCE_YEAR = 2025  # the year the profiles' targets refer to


def year_count(profile: Profile, year: int) -> int:
    """How many activities the sector reports in ``year``: about 10% fewer per year back."""
    return max(5, min(60, round(profile.target * 0.9 ** (REFERENCE_YEAR - year))))


def pair_count(profile: Profile, year: int) -> int:
    """How many multi-year activities start in ``year`` and continue into the next."""
    return max(1, round(year_count(profile, year) * 0.22))


def _multi_year_weights(profile: Profile) -> dict[str, int]:
    multi_year_types = load("titles.yaml")["multi_year"]
    weights = {t: w for t, w in profile.types.items() if t in multi_year_types}
    return weights or {"rete_tematica": 1}


def _draw_pairs(seed, slug: str, year: int, exclude: set[str]) -> list[dict]:
    profile = profiles()[slug]
    rng = seeded_rng(seed, slug, year, "pairs")
    ctx = SectorContext(slug, profile, year, set(exclude), draw_referents(seed, slug))
    weights = _multi_year_weights(profile)
    return [
        build_activity(rng, ctx, weighted_choice(rng, weights), multi=True) for _ in range(pair_count(profile, year))
    ]


def multi_year_activities(seed, slug: str, year: int) -> list[dict]:
    """Multi-year activities starting in ``year``, with their IDs (identical whichever year asks)."""
    previous = {a["title"] for a in _draw_pairs(seed, slug, year - 1, set())}
    items = _draw_pairs(seed, slug, year, previous)
    prefix = profiles()[slug].prefix
    for item, number in zip(items, id_numbers(seed, slug, year), strict=False):
        item["activity_id"] = f"{prefix}-{year}-{number:03d}"
    return items


def id_numbers(seed, slug: str, year: int) -> list[int]:
    """The numbers of ``year``'s IDs in order: first the multi-year activities, then the others."""
    profile = profiles()[slug]
    n = year_count(profile, year) - pair_count(profile, year - 1)
    n = max(n, pair_count(profile, year)) + 5  # room for joint and special activities
    numbers = list(range(1, n + 1))
    seeded_rng(seed, slug, year, "ids").shuffle(numbers)
    return numbers


def joint_templates(seed, year: int) -> list[dict]:
    """The six joint activities of ``year`` (the Nagoya anniversary mission only, and always, in 2025)."""
    templates = load("joint_activities.yaml")
    rng = seeded_rng(seed, year, "joint")
    pool = [t for t in templates if "nagoya" not in t["title"] or year == 2025]
    chosen = rng.sample(pool, 6)
    if year == 2025 and templates[0] not in chosen:
        chosen[0] = templates[0]
    return chosen


def joint_values(seed, year: int, joint: list[dict]) -> dict[str, dict]:
    """Title template -> the activity both sectors report, drawn once as the first sector's."""
    rng = seeded_rng(seed, year, "joint-values")
    values = {}
    for template in joint:
        first = template["sectors"][0]
        ctx = SectorContext(first, profiles()[first], year, set(), draw_referents(seed, first))
        preset = {k: v for k, v in template.items() if k not in ("sectors", "type")}
        preset.setdefault("network", None)
        preset["bodies"] = False  # both sectors must list the same partners
        values[template["title"]] = build_activity(rng, ctx, template["type"], multi=False, preset=preset)
    return values

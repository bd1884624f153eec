"""The clean activities of a year, sector by sector: what :func:`generate_activities` returns."""

from __future__ import annotations

import random

from intl_report import schema
from intl_report.registry import load_registry

from .activities import build_activity, draw_referents, results_text
from .randomness import seeded_rng, weighted_choice
from .titles import SectorContext
from .vocabulary import load, profiles
from .year_plan import id_numbers, joint_templates, joint_values, multi_year_activities, year_count

DEFAULT_SEED = 2025


def generate_activities(year: int, seed: int = DEFAULT_SEED) -> dict[str, list[dict]]:
    """The clean truth of ``year``: sector slug -> activities keyed by schema column name."""
    joint = joint_templates(seed, year)
    joint_acts = joint_values(seed, year, joint)
    slugs = load_registry().slugs
    result = {}
    for slug in slugs:
        activities = []
        for act in _sector_activities(seed, slug, year, joint, joint_acts, slugs):
            act = dict(act)
            if act["start_date"].year < year:  # carried over from the year before
                act["status"] = "in_corso" if act["end_date"] and act["end_date"].year > year else "conclusa"
            act["results"] = results_text(seed, act, year)
            for key in ("partner_countries", "partner_cities", "sdgs", "other_sectors"):
                act[key] = list(act[key])
            activities.append({c.name: act.get(c.name) for c in schema.COLUMNS})
        activities.sort(key=lambda a: a["activity_id"])
        result[slug] = activities
    return result


def _sector_activities(seed, slug: str, year: int, joint: list[dict], joint_acts: dict, slugs) -> list[dict]:
    """The sector's activities of ``year``, with IDs: carried over, starting, joint, odd-titled, the others."""
    profile = profiles()[slug]
    carried = multi_year_activities(seed, slug, year - 1)
    starting = multi_year_activities(seed, slug, year)
    ctx = SectorContext(slug, profile, year, {a["title"] for a in carried + starting}, draw_referents(seed, slug))
    rng = seeded_rng(seed, slug, year, "single")
    singles = _joint_reports(rng, ctx, joint, joint_acts) + _odd_titled(rng, ctx)
    _add_single_year(rng, ctx, singles, year_count(profile, year) - len(carried) - len(starting))
    # Occasional collaboration with another sector, reported only here.
    others = [s for s in slugs if s != slug]
    for act in singles:
        if not act["other_sectors"] and rng.random() < 0.08:
            act["other_sectors"] = [rng.choice(others)]
    numbers = id_numbers(seed, slug, year)[len(starting) :]
    for act, number in zip(singles, numbers, strict=False):
        act["activity_id"] = f"{profile.prefix}-{year}-{number:03d}"
    return carried + starting + singles


def _joint_reports(rng: random.Random, ctx: SectorContext, joint: list[dict], joint_acts: dict) -> list[dict]:
    """This sector's copies of the year's joint activities: its own contact person, the other sector named."""
    reports = []
    for template in joint:
        if ctx.slug in template["sectors"]:
            act = dict(joint_acts[template["title"]])
            act["other_sectors"] = [s for s in template["sectors"] if s != ctx.slug][:1]
            act["referent"] = rng.choice(ctx.referents)
            if ctx.slug != template["sectors"][0]:
                act["city_role"] = "partner"  # the first sector leads, the second helps
            reports.append(act)
            ctx.used_titles.add(act["title"])
    return reports


def _odd_titled(rng: random.Random, ctx: SectorContext) -> list[dict]:
    acts = []
    for template in load("odd_titles.yaml"):
        if template["sector"] == ctx.slug:
            preset = {k: v for k, v in template.items() if k not in ("sector", "type")}
            preset.setdefault("network", None)
            act = build_activity(rng, ctx, template["type"], multi=False, preset=preset)
            if act["end_date"] and act["end_date"] < act["start_date"]:  # not with the bundled presets
                act["end_date"] = act["start_date"]
            acts.append(act)
    return acts


def _add_single_year(rng: random.Random, ctx: SectorContext, singles: list[dict], wanted: int) -> None:
    """Draw single-year activities until ``singles`` holds ``wanted``: first some highlights, then any type."""
    profile, year = ctx.profile, ctx.year
    highlights = [h for h in profile.highlights if year in h.get("years", (year,))]
    rng.shuffle(highlights)
    n_single = wanted - len(singles)
    for i in range(max(0, n_single)):
        if i < len(highlights) and i < n_single // 2 + 1:
            highlight = highlights[i]
            if highlight["title"].format(year=year, year2=year + 2, nagoya=year - 2005) in ctx.used_titles:
                continue
            preset = {k: v for k, v in highlight.items() if k not in ("type", "years")}
            singles.append(build_activity(rng, ctx, highlight["type"], multi=False, preset=preset))
        else:
            singles.append(build_activity(rng, ctx, weighted_choice(rng, profile.types), multi=False))
    while len(singles) < wanted:
        singles.append(build_activity(rng, ctx, weighted_choice(rng, profile.types), multi=False))

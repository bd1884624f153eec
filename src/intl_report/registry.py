"""The sector registry: who sits at the coordination table.

The registry is data (``data/sectors.yaml`` shipped in the package); this
module only loads it into small immutable objects.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from .folding import fold
from .i18n import say, say_plural

SECTOR_KINDS = ("Settore", "Divisione", "Servizio", "Corpo")


@dataclass(frozen=True)
class Sector:
    slug: str
    name: str
    kind: str
    themes: tuple[str, ...]
    name_en: str
    themes_en: tuple[str, ...]

    def label(self, lang: str = "it") -> str:
        return self.name_en if lang == "en" else self.name

    def theme_list(self, lang: str = "it") -> tuple[str, ...]:
        return self.themes_en if lang == "en" else self.themes


@dataclass(frozen=True)
class Secretariat:
    """Where referents send their workbooks and whom they ask."""

    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name


@dataclass(frozen=True)
class Registry:
    city: str
    table: str
    established: int
    sectors: tuple[Sector, ...]
    secretariat: Secretariat = Secretariat("", "")

    def get(self, slug: str) -> Sector:
        for sector in self.sectors:
            if sector.slug == slug:
                return sector
        known = ", ".join(s.slug for s in self.sectors)
        raise KeyError(say("registry.sector_unknown", "Settore sconosciuto: {slug!r}. Settori noti: {known}", slug=slug,
                           known=known))

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(s.slug for s in self.sectors)

    def find(self, text: str) -> Sector | None:
        """Find a sector by slug, official name or a distinctive part of it, ignoring case, accents and punctuation."""
        wanted = fold(text)
        if not wanted:
            return None
        for sector in self.sectors:
            if wanted in (fold(sector.slug), fold(sector.name), fold(sector.name_en)):
                return sector
        # "Ambiente e Verde" for "Divisione Ambiente e Verde", "Sport" for "Settore Sport"
        for sector in self.sectors:
            if wanted == fold(sector.name.split(" ", 1)[1]):
                return sector
        return None


def _parse(raw: dict) -> Registry:
    sectors = []
    for entry in raw["sectors"]:
        if entry["kind"] not in SECTOR_KINDS:
            raise ValueError(say("registry.kind_unknown",
                                 "Settore {slug}: tipo {kind!r} non previsto; tipi ammessi: {kinds}",
                                 slug=entry["slug"], kind=entry["kind"], kinds=", ".join(SECTOR_KINDS)))
        sectors.append(
            Sector(
                slug=entry["slug"],
                name=entry["name"],
                kind=entry["kind"],
                themes=tuple(entry.get("themes", ())),
                name_en=entry.get("name_en", entry["name"]),
                themes_en=tuple(entry.get("themes_en", entry.get("themes", ()))),
            )
        )
    slugs = [s.slug for s in sectors]
    repeated = sorted(slug for slug, times in Counter(slugs).items() if times > 1)
    if repeated:
        raise ValueError(say_plural("registry.slugs_repeated",
                                    "Nel registro dei settori compare più volte la sigla {slugs}",
                                    "Nel registro dei settori compaiono più volte le sigle {slugs}", len(repeated),
                                    slugs=", ".join(repeated)))
    return Registry(
        city=raw.get("city", ""),
        table=raw.get("table", ""),
        established=int(raw.get("established", 0)),
        sectors=tuple(sectors),
        secretariat=Secretariat(str((raw.get("secretariat") or {}).get("name", "")),
                                str((raw.get("secretariat") or {}).get("email", ""))),
    )


def load_registry(path: str | None = None) -> Registry:
    """Load the registry shipped with the package, or another YAML file.

    ``INTL_REPORT_REGISTRY`` names another registry file for the whole run
    (another year's composition, another city, or the benchmark's large set).
    """
    return _load(path or os.environ.get("INTL_REPORT_REGISTRY") or None)


@cache
def _load(path: str | None) -> Registry:
    if path is None:
        text = resources.files("intl_report").joinpath("data/sectors.yaml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return _parse(yaml.safe_load(text))

"""The generator's vocabulary: the data files next to this module, read once, when generation needs them.

Lists become tuples on reading, so that no caller can change the vocabulary for the next one; mappings keep
the order of their file, which matters wherever the generator draws from them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


def _frozen(value):
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


@cache
def load(name: str):
    """The contents of the YAML file ``data/<name>``, lists as tuples."""
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return _frozen(yaml.safe_load(handle))


@cache
def load_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of the CSV file ``data/<name>``, keyed by its header."""
    # Read as text, not with a type-guessing reader: "NO" is Norway, not false.
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@dataclass(frozen=True)
class Profile:
    """How one sector's activities are drawn; the fields are explained in ``data/profiles.yaml``."""

    prefix: str
    target: int  # activities in the reference year
    types: dict[str, int]
    subjects: tuple[str, ...]
    networks: tuple[str, ...]
    sdgs: tuple[int, ...]
    forums: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    awards: tuple[str, ...] = ()
    fairs: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    highlights: tuple[dict, ...] = ()


@cache
def profiles() -> dict[str, Profile]:
    """Sector slug -> its :class:`Profile`."""
    return {slug: Profile(**entry) for slug, entry in load("profiles.yaml").items()}

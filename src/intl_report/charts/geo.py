"""The world's outlines and the two map projections, for the world map; no drawing here.

Outlines come from ``data/world-110m.json``: Natural Earth's 1:110m countries (public domain) converted once by
``scripts/build_world_map.py`` from the npm package world-atlas 2.0.2; nothing is fetched at run time.

The world is drawn in the Equal Earth projection (Šavrič, Patterson & Jenny 2018, an equal-area projection made
for world maps), Europe in the Lambert azimuthal equal-area projection centred on 10° E 52° N (ETRS89-LAEA, the
projection of Eurostat's maps).
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources

import numpy as np


@cache
def load_world() -> dict:
    """The shipped outlines, ``{"source", "licence", "countries", "points"}``.

    ``countries`` is ``{alpha2: [ring, …]}``, rings being ``(n, 2)`` arrays of [lon, lat] degrees (outer rings only,
    not closed); ``points`` is ``{alpha2: [lon, lat]}``, the countries too small to have an outline at 1:110m.
    """
    path = resources.files("intl_report") / "data" / "world-110m.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["countries"] = {code: [np.asarray(r, dtype=float) for r in rings] for code, rings in data["countries"].items()}
    return data


_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Equal Earth projection of degrees, on the unit sphere (x within ±2.7066, y within ±1.3173)."""
    lam = np.radians(np.asarray(lon, dtype=float))
    theta = np.arcsin(_M * np.sin(np.radians(np.asarray(lat, dtype=float))))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * np.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


def laea(lon, lat, lon0: float = 10.0, lat0: float = 52.0) -> tuple[np.ndarray, np.ndarray]:
    """Lambert azimuthal equal-area projection of degrees, on the unit sphere, centred on (lon0, lat0)."""
    lam = np.radians(np.asarray(lon, dtype=float) - lon0)
    phi = np.radians(np.asarray(lat, dtype=float))
    phi0 = math.radians(lat0)
    cos_c = math.sin(phi0) * np.sin(phi) + math.cos(phi0) * np.cos(phi) * np.cos(lam)
    k = np.sqrt(2 / np.maximum(1 + cos_c, 1e-9))
    x = k * np.cos(phi) * np.sin(lam)
    y = k * (math.cos(phi0) * np.sin(phi) - math.sin(phi0) * np.cos(phi) * np.cos(lam))
    return x, y


def lonlat_box(lon0: float, lon1: float, lat0: float, lat1: float, n: int = 40) -> np.ndarray:
    """The outline of a lon/lat box as a closed polyline (densified: edges are curves once projected)."""
    lons = np.linspace(lon0, lon1, n)
    lats = np.linspace(lat0, lat1, n)
    return np.vstack([
        np.column_stack([lons, np.full(n, lat0)]),
        np.column_stack([np.full(n, lon1), lats]),
        np.column_stack([lons[::-1], np.full(n, lat1)]),
        np.column_stack([np.full(n, lon0), lats[::-1]]),
    ])  # fmt: skip

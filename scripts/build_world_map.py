"""One-off: build ``src/intl_report/data/world-110m.json`` (country outlines for the world map) from Natural Earth.

The report draws its map offline from that committed file; this script is NOT run by the build and fetches
nothing itself. It was run once, from the repository root, as::

    cd /tmp && npm pack world-atlas@2          # -> world-atlas-2.0.2.tgz (ISC licence, Mike Bostock)
    tar xzf world-atlas-2.0.2.tgz              # -> package/countries-110m.json, package/countries-50m.json
    .venv/bin/python scripts/build_world_map.py /tmp/package

``world-atlas`` 2.0.2 packages Natural Earth's "Admin 0 - Countries" (version 4.1.0, public domain) as TopoJSON.
What the script does:

* decodes the TopoJSON arcs (quantised, delta-encoded, shared between neighbours) of ``countries-110m.json``
  into rings of [lon, lat] rounded to 0.01°;
* keys every country by its ISO 3166-1 alpha-2 code (Natural Earth's ids are the numeric codes; pycountry maps
  them); the three features without an id are resolved by name: Kosovo → XK, Somaliland → SO and
  N. Cyprus → CY, the last two dissolved into the recognised state (the shared border is removed);
* cuts the rings that world-atlas stitched across the antimeridian (Russia, Fiji) back into an eastern and a
  western part, so that a flat map needs no spherical clipping;
* keeps outer rings only (the only hole at this scale, Lesotho in South Africa, is drawn as a country on top);
* drops Antarctica;
* adds ``points``: one point per country that is too small to exist at 1:110m (Malta, Luxembourg, the Holy
  See, …), the centre of its largest polygon in ``countries-50m.json``, so that the map can show it as a dot.

Output: ``{"source", "licence", "countries": {alpha2: [ring, …]}, "points": {alpha2: [lon, lat]}}``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "intl_report" / "data" / "world-110m.json"
BY_NAME = {"Kosovo": "XK", "Somaliland": "SO", "N. Cyprus": "CY"}
DROP = {"AQ"}
SOURCE = (
    "Natural Earth 1:110m Admin 0 - Countries (v4.1.0), via the npm package world-atlas 2.0.2 "
    "(countries-110m.json; small states as points from countries-50m.json), converted by scripts/build_world_map.py"
)
LICENCE = "Natural Earth: public domain (naturalearthdata.com/about/terms-of-use). world-atlas: ISC, (c) Mike Bostock."


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute [lon, lat] points of every arc (undoing the delta encoding and the quantisation)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def arc_points(arcs: list, index: int) -> list[tuple[float, float]]:
    """An arc's points; a negative index ``~i`` means arc ``i`` reversed."""
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def ring_of(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    """Concatenate a ring's arcs (each arc starts where the previous one ends: drop the repeated point)."""
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arc_points(arcs, i)
        ring.extend(points if not ring else points[1:])
    return ring


def outer_rings(geometry: dict) -> list[list[int]]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [polygon[0] for polygon in polygons]


def _clip(ring: list[tuple[float, float]], keep_west: bool) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: the part of a ring west (or east) of the meridian lon = 180."""

    def inside(p: tuple[float, float]) -> bool:
        return p[0] <= 180 if keep_west else p[0] >= 180

    out = []
    for p, q in zip(ring, ring[1:] + ring[:1], strict=True):
        if inside(q):
            if not inside(p):
                out.append((180.0, p[1] + (q[1] - p[1]) * (180 - p[0]) / (q[0] - p[0])))
            out.append(q)
        elif inside(p):
            out.append((180.0, p[1] + (q[1] - p[1]) * (180 - p[0]) / (q[0] - p[0])))
    return out


def split_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that jumps from +180 to -180 becomes two rings, one each side of the antimeridian."""
    if not any(abs(q[0] - p[0]) > 180 for p, q in zip(ring, ring[1:], strict=False)):
        return [ring]
    shifted = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in ring]
    west = _clip(shifted, keep_west=True)
    east = [(lon - 360, lat) for lon, lat in _clip(shifted, keep_west=False)]
    return [r for r in (west, east) if len(r) >= 3]


def round_ring(points: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in points:
        p = [round(lon, 2), round(lat, 2)]
        if not out or p != out[-1]:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()  # the map closes rings itself
    return out


def alpha2(geometry: dict) -> str | None:
    if "id" in geometry:
        country = pycountry.countries.get(numeric=geometry["id"])
        if country is None:
            raise SystemExit(f"unknown numeric id {geometry['id']} ({geometry['properties']['name']})")
        return country.alpha_2
    return BY_NAME.get(geometry["properties"]["name"])


def main(package: Path) -> None:
    topo = json.loads((package / "countries-110m.json").read_text("utf-8"))
    arcs = decode_arcs(topo)
    rings_by_code: dict[str, list[list[int]]] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        code = alpha2(geometry)
        if code is None:
            raise SystemExit(f"feature without id: {geometry['properties']['name']}")
        if code in DROP:
            continue
        rings_by_code.setdefault(code, []).extend(outer_rings(geometry))
    countries = {}
    for code in sorted(rings_by_code):
        rings = rings_by_code[code]
        rings = merge_shared(arcs, rings)
        parts = [part for ring in rings for part in split_antimeridian(ring_of(arcs, ring))]
        countries[code] = [r for r in map(round_ring, parts) if len(r) >= 3]
    points = small_states(package, set(countries))
    data = {"source": SOURCE, "licence": LICENCE, "countries": countries, "points": points}
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(countries)} countries, {len(points)} points, {OUT.stat().st_size / 1024:.0f} KB")


def merge_shared(arcs: list, rings: list[list[int]]) -> list[list[int]]:
    """Dissolve the borders between a country's rings (Somalia + Somaliland, Cyprus + N. Cyprus)."""
    used = {i for ring in rings for i in ring}
    if not any(~i in used for i in used):
        return rings
    keep = [i for ring in rings for i in ring if ~i not in used]

    def first(i: int) -> tuple[float, float]:
        return arc_points(arcs, i)[0]

    def last(i: int) -> tuple[float, float]:
        return arc_points(arcs, i)[-1]

    merged = []
    pool = list(keep)
    while pool:
        ring = [pool.pop(0)]
        while last(ring[-1]) != first(ring[0]):
            nxt = next(i for i in pool if first(i) == last(ring[-1]))
            pool.remove(nxt)
            ring.append(nxt)
        merged.append(ring)
    return merged


def small_states(package: Path, drawn: set[str]) -> dict[str, list[float]]:
    """Centre of the largest polygon of each 1:50m country missing at 1:110m."""
    topo = json.loads((package / "countries-50m.json").read_text("utf-8"))
    arcs = decode_arcs(topo)
    points = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        if "id" not in geometry:
            continue
        country = pycountry.countries.get(numeric=geometry["id"])
        if country is None or country.alpha_2 in drawn or country.alpha_2 in DROP:
            continue
        best = max((ring_of(arcs, r) for r in outer_rings(geometry)), key=lambda ring: abs(_area(ring)))
        lon, lat = _centroid(best)
        points[country.alpha_2] = [round(lon, 2), round(lat, 2)]
    return dict(sorted(points.items()))


def _area(ring: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    area = _area(ring)
    if abs(area) < 1e-12:
        return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/package"))

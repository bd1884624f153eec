"""What a drawn chart is, how it is written, and the cache that spares drawing it again.

Every file is written atomically (:func:`intl_report.atomic.atomic_path`): a run killed while drawing leaves the
previous SVG or the new one, never half of one, and never a cache entry for a chart that was not written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import atomic

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CACHE_FILE = ".chart-cache.json"


@dataclass
class Chart:
    """A drawn chart: ``name`` (file stem), ``path`` of the SVG, ``title`` (caption) and ``alt`` text."""

    name: str
    path: Path
    title: str
    alt: str

    def as_dict(self) -> dict:
        return {"name": self.name, "file": self.path.name, "title": self.title, "alt": self.alt}


def save_chart(fig: Figure, out_dir: Path | str, name: str, title: str, alt: str) -> Chart:
    """Write ``fig`` to ``<out_dir>/<name>.svg``, its title and alternative text inside for screen readers."""
    path = Path(out_dir) / f"{name}.svg"
    try:
        with atomic.atomic_path(path) as temporary:
            # No date: the same chart has the same bytes on every run.
            fig.savefig(temporary, format="svg", metadata={"Date": None, "Title": title, "Description": alt})
    finally:
        fig.clear()
    return Chart(name, path, title, alt)


def write_chart_index(charts: Sequence[Chart], path: Path | str) -> None:
    """Write the charts' index, a JSON list of ``{name, file, title, alt}`` (file relative to the index)."""
    atomic.write_json(path, [chart.as_dict() for chart in charts])


def _code_digest() -> str:
    """A hash of the code that draws the charts: this package's modules and the statistics they are drawn from."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for module in (*sorted(package.glob("*.py")), package.parent / "stats.py"):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def _style_digest() -> str:
    """A hash of the colours and matplotlib settings the charts are drawn with.

    The code's hash covers them while they are written in ``style.py``; this one still does when the palette
    comes from elsewhere (the publication's theme), so that new colours are never served from old charts.
    """
    from .style import CHART_PALETTE, STYLE

    return hashlib.sha256(json.dumps([CHART_PALETTE, STYLE], sort_keys=True, default=str).encode()).hexdigest()


class ChartCache:
    """Charts whose data did not change are not drawn again (a corrected title changes no chart).

    The key of a chart is a hash of the tables it is drawn from, the language, the year, the code that draws it
    and the style (palette and settings) it is drawn in; the SVG is reused only if it is still on disk. One cache
    per folder, in ``.chart-cache.json``.
    """

    def __init__(self, folder: Path, lang: str, year: int):
        self.path = folder / CACHE_FILE
        self.lang, self.year = lang, year
        try:
            self.entries = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self.code = _code_digest()
        self.style = _style_digest()

    def _key(self, name: str, tables: tuple) -> str:
        digest = hashlib.sha256(f"{name}|{self.lang}|{self.year}|{self.code}|{self.style}".encode())
        for table in tables:
            digest.update(table.to_csv().encode())
        return digest.hexdigest()

    def get(self, name: str, tables: tuple, draw: Callable[[], Chart]) -> Chart:
        """The chart ``name`` from the cache if ``tables`` are those it was drawn from, else ``draw()``'s."""
        key = self._key(name, tables)
        entry = self.entries.get(name)
        if entry and entry["key"] == key and (self.path.parent / entry["file"]).exists():
            return Chart(name=name, path=self.path.parent / entry["file"], title=entry["title"], alt=entry["alt"])
        chart = draw()
        self.entries[name] = {"key": key, "file": chart.path.name, "title": chart.title, "alt": chart.alt}
        return chart

    def save(self) -> None:
        atomic.write_text(self.path, json.dumps(self.entries, ensure_ascii=False, indent=1))

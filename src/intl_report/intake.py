"""What the secretariat received: each sector's file in the year's folder, and every other file with its reason.

One reading of the folder for ``intl-report run``, ``status`` and ``feedback``, so that the three tell the same
story. No pandas here: the command stays quick.

How a file is given to a sector, from the most to the least certain:

1. named after the sector's slug (``sport.xlsx``);
2. named after the sector as people write it (``Settore Sport.xlsx``, ``Gioventù.ods``);
3. a copy a browser or a file manager made of one of those (``gioventu (1).xlsx``, ``Gioventù - copia.xlsx``,
   ``Copia di sport.xlsx``): taken, with a warning to rename it.

Among spreadsheets of one sector, the most certain name wins, then the most recently modified file; the others
are listed as duplicates of that sector and not read. A file that is not a spreadsheet (``sport.csv``, a
``.docx`` cover note, a ``.pdf``) is never read as data: named after a sector that sent no spreadsheet, it is that
sector's file, and the sector is unreadable with the validator's explanation; otherwise it is listed with why it
was not read. A spreadsheet named after no sector is listed with the sector its name is closest to, if any.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .folding import fold
from .i18n import say
from .layout import SPREADSHEET_SUFFIXES, YearLayout
from .registry import Registry, load_registry

# Names browsers and file managers give a second download or a copy, in Italian and English systems.
_COPY_PATTERNS = (
    re.compile(r"^(.*?)\s*\(\d+\)$"),  # gioventu (1)
    re.compile(r"^(.*?)\s*[-–_]\s*(?:copia|copy)(?:\s*\(?\d+\)?)?$", re.IGNORECASE),  # Gioventù - copia (2)
    re.compile(r"^(?:copia di|copy of)\s+(.*)$", re.IGNORECASE),  # Copia di sport
)
_EXACT, _NAMED, _COPY = 0, 1, 2  # how certain a file's sector is: lower is surer


@dataclass(frozen=True)
class OtherFile:
    """A file of the folder that is not read as a sector's workbook."""

    path: Path
    reason: str
    sector: str | None = None  # the sector it seems to belong to

    def as_dict(self) -> dict:
        return {"file": self.path.name, "reason": self.reason, "sector": self.sector}


@dataclass
class Intake:
    """Each registry sector's file (or None), warnings about how it was found, and the files not read."""

    layout: YearLayout
    files: dict[str, Path | None]
    warnings: dict[str, list[str]] = field(default_factory=dict)
    others: list[OtherFile] = field(default_factory=list)

    def file(self, sector: str) -> Path | None:
        return self.files.get(sector)

    def warnings_of(self, sector: str) -> list[str]:
        return self.warnings.get(sector, [])


def _is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in SPREADSHEET_SUFFIXES


def _sector_by_name(registry: Registry, stem: str) -> tuple[str, int] | None:
    """The sector a file's name (without its suffix) gives, and how certain the name is."""
    if stem in registry.slugs:
        return stem, _EXACT
    found = registry.find(stem)
    if found is not None:
        return found.slug, _NAMED
    for pattern in _COPY_PATTERNS:
        match = pattern.match(stem.strip())
        if match:
            original = _sector_by_name(registry, match.group(1))
            if original is not None:
                return original[0], _COPY
    return None


def _closest_sector(registry: Registry, stem: str) -> str | None:
    """The sector whose slug or name a stray file's name is close to (a typo, a shortened name), if any."""
    names = {}
    for sector in registry.sectors:
        for text in (sector.slug, sector.name, sector.name.split(" ", 1)[-1], sector.name_en):
            names.setdefault(fold(text), sector.slug)
    wanted = fold(stem)
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.75)
    if close:
        return names[close[0]]
    # "relazioni internazionali 2026 def": a sector's whole slug inside a longer name
    inside = [slug for slug in registry.slugs if fold(slug) and fold(slug) in wanted]
    return max(inside, key=len) if inside else None


def _kind_of(path: Path) -> str:
    kinds = {".csv": "CSV", ".txt": say("intake.kind_text", "di testo"), ".doc": "Word", ".docx": "Word",
             ".odt": "OpenDocument", ".pdf": "PDF", ".zip": "ZIP", ".eml": "e-mail", ".msg": "e-mail"}
    return kinds.get(path.suffix.lower(), say("intake.kind_other", "non di foglio di calcolo"))


def _listed(folder: Path) -> list[Path]:
    """The folder's files, without hidden files and subfolders (the editors' texts and images live in those)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _received_at(path: Path) -> float:
    return path.stat().st_mtime


def take_in(layout: YearLayout, registry: Registry | None = None) -> Intake:
    """Read the year's folder once: give each file to its sector, or say why it is not read."""
    registry = registry or load_registry()
    candidates: dict[str, list[tuple[int, Path]]] = {}
    documents: dict[str, list[Path]] = {}
    others: list[OtherFile] = []
    for path in _listed(layout.raw):
        if path.name.startswith("~$"):
            others.append(OtherFile(path, say(
                "intake.lock_file", "file temporaneo di Excel o LibreOffice, creato mentre il file era aperto: non "
                "letto (si può cancellare)")))
            continue
        found = _sector_by_name(registry, path.stem)
        if found is None:
            others.append(_stray(registry, path))
        elif _is_spreadsheet(path):
            candidates.setdefault(found[0], []).append((found[1], path))
        else:
            documents.setdefault(found[0], []).append(path)

    intake = Intake(layout, {slug: None for slug in registry.slugs}, {}, [])
    for slug in registry.slugs:
        ranked = sorted(candidates.get(slug, []), key=lambda item: (item[0], -_received_at(item[1]), item[1].name))
        if ranked:
            certainty, chosen = ranked[0]
            intake.files[slug] = chosen
            if certainty == _COPY:
                intake.warnings.setdefault(slug, []).append(say(
                    "intake.browser_copy", "il file «{file}» è una copia (nome dato dal browser o da Esplora file): "
                    "viene letto come file del settore; rinominarlo «{slug}{suffix}»", file=chosen.name, slug=slug,
                    suffix=chosen.suffix.lower()))
            for _, duplicate in ranked[1:]:
                reason = say("intake.duplicate", "secondo file per il settore «{slug}»: non letto, viene letto "
                             "«{chosen}»; tenere nella cartella un solo file per settore", slug=slug,
                             chosen=chosen.name)
                others.append(OtherFile(duplicate, reason, slug))
                intake.warnings.setdefault(slug, []).append(say(
                    "intake.duplicate_warning", "nella cartella c'è anche «{file}» per questo settore: non viene "
                    "letto", file=duplicate.name))
        for document in documents.get(slug, []):
            if intake.files[slug] is None:  # the sector sent only this: it is its file, and unreadable
                intake.files[slug] = document
            else:
                others.append(OtherFile(document, say(
                    "intake.document_beside", "file {kind} del settore «{slug}», non un foglio di calcolo: non letto "
                    "(le attività vengono lette da «{workbook}»)", kind=_kind_of(document), slug=slug,
                    workbook=intake.files[slug].name), slug))
    intake.others = sorted(others, key=lambda other: other.path.name)
    return intake


def _stray(registry: Registry, path: Path) -> OtherFile:
    sector = _closest_sector(registry, path.stem)
    if not _is_spreadsheet(path):
        if sector is not None:
            return OtherFile(path, say("intake.stray_document_close", "file {kind}, forse del settore «{slug}», non "
                                       "un foglio di calcolo: non letto", kind=_kind_of(path), slug=sector), sector)
        return OtherFile(path, say("intake.stray_document", "file {kind} che non corrisponde a nessun settore, non un "
                                   "foglio di calcolo: non letto", kind=_kind_of(path)), sector)
    if sector is not None:
        return OtherFile(path, say("intake.stray_close", "il nome non corrisponde a nessun settore (forse "
                                   "«{slug}»?): non letto; rinominarlo «{slug}{suffix}»", slug=sector,
                                   suffix=path.suffix.lower()), sector)
    return OtherFile(path, say("intake.stray", "il nome non corrisponde a nessun settore: non letto; rinominarlo "
                               "<settore>.xlsx (es. sport.xlsx; i settori sono nel registro)"))

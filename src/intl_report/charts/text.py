"""Text helpers shared by the charts: sector names for labels, wrapped labels, lists and quotes inside a sentence.

The words themselves are in :mod:`.words`; this module only puts them together.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from .words import DEFAULT_LANG, SECTOR_NAME_PREFIXES, SECTOR_NAME_SUFFIXES, phrase


def capitalised(text: str) -> str:
    """``text`` with its first letter upper-case, the rest unchanged (``str.capitalize`` lowers the rest)."""
    return text[:1].upper() + text[1:]


def sector_name(slug: str, lang: str) -> str:
    """A sector's official name in ``lang`` (the slug itself if the registry does not know it)."""
    from ..registry import load_registry

    try:
        return load_registry().get(slug).label(lang)
    except KeyError:
        return slug


def short_sector_name(slug: str, lang: str = "it") -> str:
    """A sector's name without its administrative prefix or suffix ("Settore Sport" → "Sport")."""
    from ..registry import load_registry

    try:
        name = load_registry().get(slug).label(lang)
    except KeyError:
        return slug
    for prefix in SECTOR_NAME_PREFIXES.get(lang, SECTOR_NAME_PREFIXES[DEFAULT_LANG]):
        if name.startswith(prefix) and len(name) > len(prefix):
            return capitalised(name[len(prefix) :])
    for suffix in SECTOR_NAME_SUFFIXES.get(lang, SECTOR_NAME_SUFFIXES[DEFAULT_LANG]):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def wrap_label(text: str, width: int = 34) -> str:
    """Wrap a label into lines of about equal length, none longer than ``width`` if possible."""
    if len(text) <= width:
        return text
    lines = -(-len(text) // width)
    balanced = -(-len(text) // lines) + 4
    wrapped = textwrap.wrap(text, min(width, balanced), break_long_words=False)
    if len(wrapped) > lines:
        wrapped = textwrap.wrap(text, width, break_long_words=False)
    return "\n".join(wrapped) or text


def counted(items: Sequence[tuple[str, str]]) -> list[str]:
    """``[("A", "3"), ("B", "2")]`` → ``["A (3)", "B (2)"]``: a label with its (formatted) value."""
    return [f"{label} ({value})" for label, value in items]


def listing(texts: Sequence[str], lang: str) -> str:
    """``["A (3)", "B (2)", "C (1)"]`` → ``"A (3), B (2) e C (1)"``, joined the way ``lang`` lists things."""
    if len(texts) <= 1:
        return "".join(texts)
    return phrase(lang, "list.last", items=", ".join(texts[:-1]), last=texts[-1])


def quoted(text: str, lang: str) -> str:
    """``text`` between the quotation marks of ``lang`` (« » in Italian, “ ” in English)."""
    return phrase(lang, "quote", text=text)


def subject(title: str) -> str:
    """A title inside a sentence: "Attività per settore" → "attività per settore", "EU contribution" unchanged."""
    first = title.split(" ", 1)[0]
    # Acronyms keep their capitals, and so does "Paesi", which the house style always capitalises.
    if first[1:2].isupper() or first in ("Paesi",):
        return title
    return title[:1].lower() + title[1:]

"""Text folding: the one place where two spellings are decided to be "the same text".

Sectors write the same thing in many ways (``"Città di Lione"``, ``"CITTA' DI LIONE"``, ``"città  di lione"``).
:func:`fold` turns a text into a key that compares equal for all the spellings a caller wants to treat as one.
What is always ignored: letter case (Unicode case folding, so ``ß`` is ``ss``), compatibility forms (NFKC/NFKD:
ligatures, full-width letters, non-breaking spaces), invisible characters left by Excel and copy-paste
(zero-width spaces, soft hyphens, byte-order marks) and runs of white space. What else is ignored depends on what
the caller compares, and is said at the call:

- ``fold(text)`` also ignores accents and punctuation: the matching key for codes, networks, countries, headers,
  sector names, list items, a sector's own duplicates and generated activity IDs. Dots vanish (``"U.S.A."`` is
  ``"usa"``), other punctuation separates words.
- ``fold(text, keep_punctuation=True)`` ignores accents but keeps punctuation: for the date and amount parsers,
  which read ``/``, ``.`` and ``,``.
- ``fold(text, keep_accents=True, keep_punctuation=True)`` ignores case and spacing only, accents and punctuation
  being part of the text: the identity of an activity across sectors and the grouping of partner cities and
  networks in the statistics (``Évora`` is not ``Evora`` there; see :mod:`identity`).

A missing value (``None``, NaN) folds to the empty string.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata

__all__ = ["INVISIBLE_CHARACTERS", "fold"]

# Zero-width characters, word joiner, byte-order mark and soft hyphen: Excel and copy-paste from the web leave them
# inside words, where nobody sees them. A translation table for str.translate, deleting them.
INVISIBLE_CHARACTERS = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

# Letters that NFKD does not decompose into a base letter and an accent.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "ı": "i", "þ": "th"}
)
_DOTS_RE = re.compile(r"[.\u00b7]")  # dropped, not spaced: "U.S.A." and "USA" are both "usa", "n.d." is "nd"
_NOT_WORD_RE = re.compile(r"[\W_]+")


def fold(text: object, *, keep_accents: bool = False, keep_punctuation: bool = False) -> str:
    """The comparison key of a text: lower case, white space collapsed, and by default no accents or punctuation.

    ``keep_accents`` keeps accented letters as written (composed, NFKC); ``keep_punctuation`` keeps punctuation
    and symbols. See the module docstring for which caller needs which.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return _fold(str(text), keep_accents, keep_punctuation)


@functools.lru_cache(maxsize=1 << 17)
def _fold(text: str, keep_accents: bool, keep_punctuation: bool) -> str:
    # Cached: a year's titles, cities and networks repeat (the keys of 340,000 activities fold ~1.6 million texts)
    text = text.translate(INVISIBLE_CHARACTERS)
    if keep_accents:
        text = unicodedata.normalize("NFKC", text).casefold()
    else:
        text = unicodedata.normalize("NFKD", text.casefold()).translate(_LETTERS_WITHOUT_DECOMPOSITION)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if not keep_punctuation:
        text = _NOT_WORD_RE.sub(" ", _DOTS_RE.sub("", text))
    return " ".join(text.split())

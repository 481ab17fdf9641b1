"""The accent fold: ``Łukasz``, ``Ørsted``, ``Đà Nẵng`` and ``Nguyễn`` become plain ASCII letters.

``fold_accents`` is the fold the analyzer applies to every index and query term, so what it does to
a word is what the index holds: changing it changes every index built from then on.
``fold`` is the key for comparing words and names: lower case, accents folded, and typographic
quotes and dashes written as ASCII (``O’Neill`` equals ``O'Neill``).
"""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSABLE = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
                                 "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i"})
_TYPOGRAPHIC = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "‐": "-", "–": "-", "—": "-"})


def fold_accents(text: str) -> str:
    """``Nguyễn Phú Trọng`` -> ``Nguyen Phu Trong``, case kept; ASCII text is returned untouched."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """``Łukasz O’Neill`` -> ``lukasz o'neill``: lower case as the analyzer lowers a term, then folded."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return fold_accents(lowered).translate(_TYPOGRAPHIC)

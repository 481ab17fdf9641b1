"""Tokenising, accent folding and slugs shared by the place and person extractors."""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

# Initialisms ("U.S.", "N.Y.", "H.W."), single initials before a capital ("J. Smith"),
# words (with inner hyphens and apostrophes, but "'s" split off), numbers, punctuation.
TOKEN_RE = re.compile(
    r"(?:[A-Z]\.){2,}"
    r"|[A-Z]\.(?=\s+[A-Z])"
    r"|[^\W\d_]+(?:(?:['’](?![sS]\b)|-)[^\W\d_]+)*"
    r"|['’][sS]\b"
    r"|\d+(?:[.,:]\d+)*"
    r"|[^\w\s]"
    r"|\n"
)


def tokenize(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lowercase, accent-folded form of ``word`` ("Trọng" -> "trong", "Đà" -> "da")."""
    if word.isascii():
        return word.lower()
    return unidecode(word).lower().replace("’", "'")


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """A stable, readable ASCII URL id: "Nguyễn Phú Trọng" -> "nguyen-phu-trong"."""
    return _SLUG_RE.sub("-", unidecode(name).lower().replace("'", "").replace("’", "")).strip("-")

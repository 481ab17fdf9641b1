"""Tokenising for the place and person extractors; words are compared by the one fold
(:func:`indexer.text.fold`) and slugs made by :func:`indexer.text.slugify`, re-exported here for them."""

from __future__ import annotations

import re

from indexer.text.fold import fold
from indexer.text.slugs import slugify

__all__ = ["fold", "slugify", "tokenize"]

# Initialisms ("U.S.", "N.Y.", "H.W."), single initials before a capital ("J. Smith"), "St." and
# "Ste." for Saint before a capital, as names hold it ("Fernand St. Germain", "St. Louis"), words
# (with inner hyphens and apostrophes, but "'s" split off), numbers, punctuation.
TOKEN_RE = re.compile(
    r"(?:[A-Z]\.){2,}"
    r"|[A-Z]\.(?=\s+[A-Z])"
    r"|S[Tt](?:[Ee])?\.(?=\s+[A-Z])"
    r"|[^\W\d_]+(?:(?:['’](?![sS]\b)|-)[^\W\d_]+)*"
    r"|['’][sS]\b"
    r"|\d+(?:[.,:]\d+)*"
    r"|[^\w\s]"
    r"|\n"
)


def tokenize(text: str) -> list[str]:
    return TOKEN_RE.findall(text)

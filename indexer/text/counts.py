"""Counts in words, the same in the CLI, the reindex log and the web pages: 1 article, 2 articles."""

from __future__ import annotations


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The noun for ``count`` things: 1 article, 2 articles; 1 person, 3 people."""
    return singular if count == 1 else plural or singular + "s"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``1 article``, ``2 articles``, ``1,000 people``: a count with its noun in the right number."""
    return f"{count:,} {noun(count, singular, plural)}"

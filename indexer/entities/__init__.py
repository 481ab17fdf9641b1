"""People and countries mentioned in an article, and corpus-level merging of people's names.

Public API (used by the indexer):

- ``extract_entities(article) -> Entities`` with ``.persons`` and ``.countries`` (display names);
- ``merge_people(per_article_persons) -> dict`` mapping name variants to one canonical name;
- ``slugify(name) -> str``, a stable ASCII URL id;
- ``prepare()`` loads the given and family names and the dictionary ahead (the reindex calls it before
  forking its workers).

Gazetteers are built once, at import; the given and family names on first use. See docs/entities.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .merge import merge_people
from .people import english_words, find_people, known_family_names, known_given_names
from .places import body_dateline, dateline_code, find_countries, resolve
from .text import fold, slugify, tokenize

__all__ = ["Entities", "extract_entities", "merge_people", "prepare", "slugify"]


@dataclass
class Entities:
    persons: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    firms: list[str] = field(default_factory=list)  # names written as a firm's ("Morgan Stanley and Co")


def prepare() -> None:
    """Load what the extractors read on first use (the given and family names: seconds the first time
    a package version is seen; the dictionary), so that worker processes forked afterwards share it
    instead of each loading it."""
    known_given_names()
    known_family_names()
    english_words()


def extract_entities(article) -> Entities:
    """People and countries in ``article`` (an ``indexer.article.Article``)."""
    title = article.title or ""
    body = article.body or ""
    dateline = article.dateline or body_dateline(body)
    title_tokens = tokenize(title)
    tokens = title_tokens + ["."] + tokenize(body)
    for caption in article.captions:
        tokens += ["."] + tokenize(caption)
    folded = [fold(t) for t in tokens]
    # An all-capitals headline says nothing about which words are names.
    people_start = len(title_tokens) + 1 if title.isupper() else 0
    persons, person_positions, person_words, firms = find_people(tokens, folded, people_start)
    code = dateline_code(dateline) if dateline else None
    codes = [code] if code else []
    codes.extend(find_countries(tokens, folded, person_positions, person_words, dateline=code))
    date = article.date
    countries: dict[str, None] = {}
    for code in codes:
        countries.setdefault(resolve(code, date), None)
    return Entities(persons=persons, countries=list(countries), firms=firms)

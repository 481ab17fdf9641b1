"""Every facet, defined once: the search engine, the web UI, the API, the Atom feed and the CLI read this list.

A facet's ``name`` is its key everywhere: the filter of a search request, the URL
parameter (``?country=Japan``), the CLI option (``--country``) and the key of the
``facets`` object in the JSON document. Adding a facet over a stored keyword field
is one more ``FacetDefinition`` in ``FACETS``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from indexer.text import fold

FACET_LIMIT = 50  # values a search result lists per facet


@dataclass(frozen=True)
class FacetDefinition:
    name: str
    title: str  # the heading over its values ("People")
    singular: str  # what one value is ("Person"): filter chips, entity pages
    plural: str  # lower case ("people"): the entity list's path, the keys of ``newsdex stats``
    field: str  # the index field its values come from: a keyword field, or the date column for years
    filter_help: str  # the CLI option's help
    newest_first: bool = False  # values in descending order of label (years), not by count
    aliased: bool = False  # stored variants are counted and shown under their merged name (people)
    entity_pages: bool = False  # a list page and a page per value (/people, /people/<slug>)
    summarised: bool = False  # listed by ``newsdex search`` after the hits, and by ``newsdex stats``
    feed_category: bool = False  # each value is an Atom <category> of the entry
    value_pattern: re.Pattern | None = None  # what a filter value must look like
    invalid_value: str = ""  # the message when it does not

    @property
    def feed_scheme(self) -> str:
        return f"urn:newsdex:{self.name}"

    def accepts(self, value: str) -> bool:
        return self.value_pattern is None or bool(self.value_pattern.fullmatch(value))


FACETS: tuple[FacetDefinition, ...] = (
    FacetDefinition("person", "People", "Person", "people", field="person", aliased=True, entity_pages=True,
                    summarised=True, feed_category=True,
                    filter_help="Only articles naming this person (repeat: any of them)."),
    FacetDefinition("country", "Countries", "Country", "countries", field="country", entity_pages=True,
                    summarised=True, feed_category=True,
                    filter_help="Only articles about this country (repeat: any of them)."),
    FacetDefinition("year", "Year", "Year", "years", field="date", newest_first=True,
                    filter_help="Only articles from this year (repeat: any of them).",
                    value_pattern=re.compile(r"[0-9]{1,4}"),
                    invalid_value="year must be a year such as 2023; for a month or a day, search "
                                  "date:2023-03 or date:2023-03-17."),
    FacetDefinition("source", "Source", "Source", "sources", field="source",
                    filter_help="Only articles from this source (repeat: any of them)."),
)


def facets() -> tuple[FacetDefinition, ...]:
    """The facets in display order (read at call time, so a test can add one to ``FACETS``)."""
    return FACETS


def facet(name: str) -> FacetDefinition:
    return next(definition for definition in FACETS if definition.name == name)


def names() -> tuple[str, ...]:
    return tuple(definition.name for definition in FACETS)


def entity_facets() -> tuple[FacetDefinition, ...]:
    return tuple(definition for definition in FACETS if definition.entity_pages)


def top_values(definition: FacetDefinition, counted: Iterable[tuple[str, int]], limit: int | None = None,
               name_key: Callable[[str], str] = str) -> list[tuple[str, int]]:
    """``(value, count)`` pairs in the facet's order, the first ``limit`` of them.

    By count, ties by ``name_key`` of the value; years by value, the latest first.
    """
    if definition.newest_first:
        ordered = sorted(counted, reverse=True)
    else:
        ordered = sorted(counted, key=lambda item: (-item[1], name_key(item[0])))
    return ordered if limit is None else ordered[:limit]


def values_holding(values: Iterable[str], text: str) -> list[str]:
    """The facet values whose name holds every word of ``text``, case, accents and hyphens aside: what a
    fielded clause (``person:kishida``) matches, "Fumio Kishida" among them."""
    words = _name_words(text)
    return [value for value in values if all(word in _name_words(value) for word in words)]


def _name_words(text: str) -> list[str]:
    return fold(text).replace("-", " ").split()

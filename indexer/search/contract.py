"""The search contract: what a search backend takes and returns, as plain dataclasses.

The web UI, the CLI, the feeds and the benchmarks speak only this. A backend (the embedded
Whoosh engine, indexer/search/engine.py) implements ``SearchBackend``; each of its calls is one
request to a search server: a query with filters per facet, facet counts that leave out their own
facet's filter, a sort, a page and highlighted snippets; an entity's profile; corpus stats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from indexer.search.registry import FacetDefinition

SORTS = ("relevance", "newest")
MAX_PAGE_SIZE = 1000  # the CLI and the web UI allow at most 100
MAX_QUERY_CHARS = 1000
STATS_TOP = 10  # values ``stats`` lists per summarised facet


class QueryError(ValueError):
    """The request cannot be searched; the message tells the user why."""


@dataclass(frozen=True)
class SearchRequest:
    """One search: the words (with query syntax, docs/query-syntax.md), the filters, the page wanted."""

    q: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)  # per facet name, values any of which pass
    page: int = 1
    page_size: int = 10
    sort: str = "relevance"
    snippets: bool = True  # highlighted passages in the hits
    suggest: bool = True  # a "did you mean" when a respelling finds more

    def validated(self, facet_names: Sequence[str]) -> SearchRequest:
        """This request with its words trimmed, its page clamped and filters on unknown facets or
        empty values dropped; raises ``QueryError`` for a query too long or an unknown sort."""
        q = (self.q or "").strip()
        if len(q) > MAX_QUERY_CHARS:
            raise QueryError(f"query is {len(q):,} characters; the limit is {MAX_QUERY_CHARS:,}")
        if self.sort not in SORTS:
            raise QueryError(f"unknown sort {self.sort!r}: use one of {', '.join(SORTS)}")
        filters = {}
        for name, values in (self.filters or {}).items():
            kept = list(dict.fromkeys(value for value in values or () if value))
            if name in facet_names and kept:
                filters[name] = kept
        return replace(self, q=q, filters=filters, page=max(1, int(self.page)),
                       page_size=min(max(1, int(self.page_size)), MAX_PAGE_SIZE))


@dataclass
class Hit:
    id: str
    title: str
    date: str | None
    url: str
    values: dict[str, list[str]]  # per facet over a keyword field, the article's values as shown
    snippet: str = ""  # HTML: matched words in <mark>, everything else escaped
    score: float = 0.0

    @property
    def source(self) -> str:
        return ", ".join(self.values.get("source", []))

    @property
    def persons(self) -> list[str]:
        return self.values.get("person", [])

    @property
    def countries(self) -> list[str]:
        return self.values.get("country", [])

    def to_json(self) -> dict:
        """A hit of the JSON document; its keys are documented in docs/api.md."""
        return {"id": self.id, "title": self.title, "date": self.date, "source": self.source, "url": self.url,
                "persons": self.persons, "countries": self.countries, "snippet": self.snippet}


@dataclass
class FacetSummary:
    definition: FacetDefinition
    values: int  # distinct values in the index
    top: list[tuple[str, int]]  # the most frequent, with their article counts


@dataclass
class IndexStats:
    articles: int
    location: str
    size_bytes: int
    facets: list[FacetSummary]  # the summarised facets, in registry order


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    page_size: int
    sort: str
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None = None
    seconds: float = 0.0
    filters: dict[str, list[str]] = field(default_factory=dict)
    # A keyword query whose every word too few articles hold (docs/query-syntax.md) finds the articles
    # holding most of its words: (how many each hit holds at least, how many the query has).
    words_matched: tuple[int, int] | None = None

    def to_json(self) -> dict:
        """The stable document of ``newsdex search --json`` and ``/api/search``."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "sort": self.sort,
            "hits": [hit.to_json() for hit in self.hits],
            "facets": {name: [[label, n] for label, n in values] for name, values in self.facets.items()},
            "suggestion": self.suggestion,
            "filters": self.filters,
            "words_matched": (None if self.words_matched is None
                              else {"at_least": self.words_matched[0], "of": self.words_matched[1]}),
            "seconds": round(self.seconds, 4),
        }


@dataclass
class EntityRow:
    label: str
    count: int
    slug: str | None  # None for a value of a facet without entity pages


@dataclass
class EntityList:
    """One page of an entity list, filtered and sorted."""

    rows: list[EntityRow]
    total: int  # values that pass the filter
    all_count: int  # values of the facet in the index
    page: int
    pages: int


@dataclass
class EntityProfile:
    """What the index knows of one value: its articles, the values named with it, its months."""

    facet: str
    label: str
    articles: int
    related: dict[str, list[EntityRow]]  # per entity facet, the values most often in the same articles
    months: dict[str, int]  # "YYYY-MM" -> articles that month
    undated: int


class EntityBrowser(Protocol):
    """The values of the facets with entity pages (registry ``entity_pages``), counted over the index."""

    def slugs(self) -> dict[str, dict[str, str]]: ...  # per facet, label -> URL slug

    def label(self, facet: str, slug: str) -> str | None: ...

    def ranked(self, facet: str) -> list[EntityRow]: ...  # most articles first

    def list(self, facet: str, *, needle: str = "", sort: str = "count", page: int = 1,
             page_size: int = 100) -> EntityList: ...

    def match_prefix(self, facet: str, prefix: str) -> list[EntityRow]: ...

    def profile(self, facet: str, label: str, *, related_limit: int) -> EntityProfile: ...


class SearchBackend(Protocol):
    """What every backend answers; the contract tests (tests/test_search_contract.py) hold each to it."""

    doc_count: int
    built: datetime  # when this index was finished

    def search(self, request: SearchRequest) -> SearchResult: ...

    def article(self, article_id: str) -> dict | None: ...

    def file_modified(self, path: str) -> datetime | None: ...

    @property
    def entities(self) -> EntityBrowser: ...

    def stats(self) -> IndexStats: ...

    def close(self) -> None: ...

"""The search contract: what a search backend takes and returns, as plain dataclasses.

The web UI, the CLI, the feeds and the benchmarks speak only this. A backend (the embedded
Whoosh engine, indexer/search/engine.py) implements ``SearchBackend``; each of its calls is one
request to a search server: a query with filters per facet, facet counts that leave out their own
facet's filter, a sort, a page and highlighted snippets; an entity's profile; corpus stats.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Protocol

from indexer.search.registry import FacetDefinition
from indexer.text.dates import date_span

SORTS = ("relevance", "newest")
MAX_PAGE_SIZE = 1000  # the CLI and the web UI allow at most 100
MAX_QUERY_CHARS = 1000
STATS_TOP = 10  # values ``stats`` lists per summarised facet


class QueryError(ValueError):
    """The request cannot be searched; the message tells the user why."""


RANGE_SEPARATOR = ".."
DATE_RANGE_FORMS = ("write YYYY, YYYY-MM or YYYY-MM-DD (1987-03), or a range of them: 1987-02..1987-04, "
                    "1987-03-10.. (on or after) or ..1987-03 (on or before)")


@dataclass(frozen=True)
class DateRange:
    """A date filter: the articles from the first day of ``start`` to the last day of ``end``, both
    included, exactly as ``date:[start to end]`` reads them (docs/query-syntax.md). Each end is a year,
    a month or a day (``1987``, ``1987-03``, ``1987-03-17``), or empty for an open end. Undated
    articles never pass it."""

    start: str = ""
    end: str = ""

    @classmethod
    def parse(cls, text: str) -> DateRange:
        """``1987-03`` (one year, month or day) or ``1987-02..1987-04`` (a range, either end may be left
        out); raises ``QueryError`` saying how to write one."""
        shown = text if len(text) <= 40 else text[:40] + "…"
        start, separator, end = text.strip().partition(RANGE_SEPARATOR)
        start, end = start.strip(), (end.strip() if separator else start.strip())
        if not (start or end):
            raise QueryError(f"date {shown!r} names no date: {DATE_RANGE_FORMS}")
        for end_text in (start, end):
            if end_text and date_span(end_text) is None:
                raise QueryError(f"date {shown!r} is not a date: {DATE_RANGE_FORMS}")
        dates = cls(start, end)
        if start and end and dates.first_day > dates.last_day:
            raise QueryError(f"date {shown!r} ends before it starts")
        return dates

    @property
    def first_day(self) -> date | None:
        return date_span(self.start)[0] if self.start else None

    @property
    def last_day(self) -> date | None:
        return date_span(self.end)[1] if self.end else None

    def __str__(self) -> str:
        """The range as ``parse`` reads it: what the URL's ``date`` and the CLI's ``--date`` hold."""
        return self.start if self.start == self.end else f"{self.start}{RANGE_SEPARATOR}{self.end}"


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
    dates: DateRange | None = None  # only articles dated within it; every facet and the timeline follow it
    # Duplicate stories (docs/api.md): with ``collapse``, one hit per group of copies, its best-ranked article,
    # and the pages go through groups (the search page, the API and `newsdex search` ask for it); ``similar``,
    # an article id, asks for the articles of that article's group, every one shown.
    collapse: bool = False
    similar: str = ""

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
                       page_size=min(max(1, int(self.page_size)), MAX_PAGE_SIZE),
                       similar=(self.similar or "").strip())

    @property
    def folds_groups(self) -> bool:
        """Whether the pages show one hit per group of duplicates: ``collapse``, unless ``similar`` asks for
        a group, which shows every article of it."""
        return self.collapse and not self.similar


@dataclass
class Hit:
    id: str
    title: str
    date: str | None
    url: str
    values: dict[str, list[str]]  # per facet over a keyword field, the article's values as shown
    snippet: str = ""  # HTML: matched words in <mark>, everything else escaped
    score: float = 0.0
    path: str = ""  # the file the article was read from; never in the JSON API (it names the server's folders)
    similar: int = 0  # the other articles of its group of duplicates that the search matched too

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
                "persons": self.persons, "countries": self.countries, "snippet": self.snippet,
                "similar": self.similar}


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


TIMELINE_GRANULARITIES = ("year", "month", "day")


@dataclass
class Timeline:
    """The matching articles over time, counted over the same articles as the facets.

    ``buckets`` run without a gap from the first dated article's year, month or day to the last one's,
    empty ones included, each ``(start, articles)`` with ``start`` written as a date filter reads it
    (``1987``, ``1987-03``, ``1987-03-17``). Undated articles are in ``undated`` and no bucket.
    """

    granularity: str  # one of TIMELINE_GRANULARITIES
    buckets: list[tuple[str, int]]
    undated: int = 0

    def to_json(self) -> dict:
        """The ``timeline`` of the JSON document; its keys are documented in docs/api.md."""
        return {"granularity": self.granularity, "buckets": [[start, n] for start, n in self.buckets],
                "undated": self.undated}


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
    timeline: Timeline | None = None
    dates: DateRange | None = None  # the request's date filter
    groups: int = 0  # the groups of duplicates the ``total`` articles are in (each unduplicated article is one)
    collapsed: bool = False  # one hit per group, and some group holds several matches: the pages count ``groups``
    similar: str = ""  # the request's ``similar`` article id: the hits are its group

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
            "date": None if self.dates is None else str(self.dates),
            "timeline": None if self.timeline is None else self.timeline.to_json(),
            "groups": self.groups,
            "collapsed": self.collapsed,
            "similar": self.similar or None,
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


def article_record(summary: Hit, stored: Mapping) -> dict:
    """The document of one article (``SearchBackend.article``): its summary without a snippet, then the
    fields an index stores for it (``tags`` as the reader's JSON text)."""
    shown = summary.to_json()
    del shown["snippet"]
    return {
        **shown, "values": summary.values, "body": stored.get("body", ""), "author": stored.get("author", ""),
        "dateline": stored.get("dateline", ""), "format": stored.get("format", ""), "path": stored.get("path", ""),
        "tags": json.loads(stored["tags"]) if stored.get("tags") else {},
    }


class SearchBackend(Protocol):
    """What every backend answers; the contract tests (tests/test_search_contract.py) hold each to it."""

    doc_count: int
    built: datetime  # when this index was finished

    def search(self, request: SearchRequest) -> SearchResult: ...

    # Every hit of the request, in its order, without the page cap and without ``collapse``: for exports.
    # Raises ``QueryError`` when called, before the first hit; then yields hits in memory that does not grow.
    def hits(self, request: SearchRequest) -> Iterator[Hit]: ...

    def article(self, article_id: str) -> dict | None: ...

    def file_modified(self, path: str) -> datetime | None: ...

    @property
    def entities(self) -> EntityBrowser: ...

    def stats(self) -> IndexStats: ...

    def close(self) -> None: ...

"""The one search API: the CLI, the web UI and the benchmarks all call `SearchIndex.search`."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import whoosh.index
from whoosh import query

from indexer import spelling, syntax
from indexer.entity_catalog import EntityCatalog
from indexer.facet_registry import FACET_LIMIT, FacetDefinition, facets
from indexer.facets import Facet, count, make_facet
from indexer.postings import TEXT_FIELDS, RankPostings
from indexer.query import QueryError, QueryParser
from indexer.ranking import top_indices, weighting
from indexer.snippets import make_snippet
from indexer.store import PEOPLE, IndexStore, read_json_file
from indexer.text import fold

SORTS = ("relevance", "newest")
MAX_PAGE_SIZE = 1000  # the CLI and the web UI allow at most 100
MAX_QUERY_CHARS = 1000
STATS_TOP = 10  # values ``stats`` lists per summarised facet


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
            "seconds": round(self.seconds, 4),
        }


class SearchIndex:
    """One generation of the index, opened for searching from any number of threads."""

    def __init__(self, generation: Path):
        self.generation = generation
        self.index = whoosh.index.open_dir(str(generation))
        self.aliases: dict[str, str] = read_json_file(generation / PEOPLE)
        self._local = threading.local()
        self.rank_postings = RankPostings(generation)
        reader = self.index.reader()
        self.doc_count = reader.doc_count()
        self.facets: dict[str, Facet] = {definition.name: make_facet(definition, self.aliases)
                                         for definition in facets()}
        for facet in self.facets.values():
            facet.load(reader)
        self.live = np.ones(reader.doc_count_all(), dtype=bool)
        self.live[[d for d in range(reader.doc_count_all()) if reader.is_deleted(d)]] = False
        self.parser = QueryParser(self.index.schema)
        self._entities: EntityCatalog | None = None
        self._entities_lock = threading.Lock()

    @property
    def searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.index.searcher(weighting=weighting(self.rank_postings))
        return searcher

    def search(self, q: str = "", *, filters: dict[str, list[str]] | None = None, page: int = 1,
               page_size: int = 10, sort: str = "relevance", snippets: bool = True,
               suggest: bool = True) -> SearchResult:
        started = time.perf_counter()
        q = (q or "").strip()
        if len(q) > MAX_QUERY_CHARS:
            raise QueryError(f"query is {len(q):,} characters; the limit is {MAX_QUERY_CHARS:,}")
        if sort not in SORTS:
            raise QueryError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
        page = max(1, int(page))
        page_size = min(max(1, int(page_size)), MAX_PAGE_SIZE)
        filters = {name: list(dict.fromkeys(v for v in values if v))
                   for name, values in (filters or {}).items() if name in self.facets and values}
        text_query, clause_filters = self._parse(q)
        searcher = self.searcher
        scores = self._matching(searcher, text_query)
        matching = scores > 0 if scores is not None else self.live
        for facet_name, wanted in clause_filters:
            matching = matching & self.facets[facet_name].documents_with(wanted)
        selected = {name: self.facets[name].value_ids(values) for name, values in filters.items()}
        if any(values and not selected[name] for name, values in filters.items()):
            matching = np.zeros_like(matching)
        passing, counts = count(list(self.facets.values()), matching, selected)
        if scores is None:  # no words to rank by: the hits come newest first, and the result says so
            sort = "newest"
        hits = self._top_hits(searcher, text_query, scores, passing, page, page_size, sort, snippets)
        result = SearchResult(
            query=q, total=len(passing), page=page, page_size=page_size, sort=sort, hits=hits,
            facets={name: facet.top(counts[name], limit=FACET_LIMIT, selected=filters.get(name, []))
                    for name, facet in self.facets.items()},
            filters=filters,
        )
        if q and suggest:
            result.suggestion = spelling.suggest(q, len(passing), reader=searcher.reader(), facets=self.facets,
                                                 count=lambda respelled: self._count(respelled, filters))
        result.seconds = time.perf_counter() - started
        return result

    def _count(self, q: str, filters: dict[str, list[str]]) -> int:
        """How many articles ``q`` finds with ``filters``, without a did-you-mean of its own."""
        if len(q) > MAX_QUERY_CHARS:  # a respelling can be a little longer than the query
            return 0
        return self.search(q, filters=filters, page_size=1, snippets=False, suggest=False).total

    # Query parsing -------------------------------------------------------

    def _parse(self, q: str) -> tuple[query.Query, list[tuple[str, frozenset[int]]]]:
        text_query, clauses = self.parser.parse(q)
        return text_query, [(clause.field, self._match_entity(clause.field, clause.text)) for clause in clauses]

    def _match_entity(self, name: str, text: str) -> frozenset[int]:
        """``person:kishida`` matches every person whose name contains all the given words."""
        words = fold(text).replace("-", " ").split()
        facet = self.facets[name]
        return frozenset(
            value_id for label, value_id in facet.ids.items()
            if all(word in fold(label).replace("-", " ").split() for word in words)
        )

    # Matching, ranking and display ---------------------------------------

    def _matching(self, searcher, text_query: query.Query) -> np.ndarray | None:
        """Every document's score (above zero where it matches), from one pass; None when the query matches all."""
        if isinstance(text_query, query.Every):
            return None
        scores = np.zeros(len(self.live))
        found = syntax.all_scores(text_query, searcher)
        if found is not None:
            docs, doc_scores = found
        else:  # syntax only Whoosh evaluates (prefixes, date ranges): its collector, one document at a time
            top = searcher.search(text_query, limit=None).top_n
            docs = np.fromiter((docnum for _, docnum in top), dtype=np.int64, count=len(top))
            doc_scores = np.fromiter((score for score, _ in top), dtype=np.float64, count=len(top))
        # A match always scores above zero; a tiny floor keeps one whose score rounds to zero.
        scores[docs] = np.maximum(doc_scores, np.finfo(np.float64).tiny)
        return scores

    def _top_hits(self, searcher, text_query, scores, passing: np.ndarray, page, page_size, sort,
                  snippets) -> list[Hit]:
        if not len(passing):
            return []
        start, wanted = (page - 1) * page_size, page * page_size
        browsing = scores is None
        # By relevance, or newest first from the cached date array (undated articles last).
        key = scores[passing] if sort == "relevance" and not browsing else self.facets["year"].dates[passing]
        ranked = passing[top_indices(key, wanted)[start:]]
        terms = frozenset() if browsing or not snippets else _text_terms(text_query)
        by_score = sort == "relevance" and not browsing
        return [self._hit(searcher, int(doc), float(scores[doc]) if by_score else 0.0,
                          terms if snippets else None) for doc in ranked]

    def _hit(self, searcher, docnum: int, score: float, terms: frozenset[str] | None) -> Hit:
        """A result; ``terms`` are the words to mark in its snippet (None: no snippet wanted)."""
        stored = searcher.stored_fields(docnum)
        hit = self._summary(stored)
        hit.snippet = make_snippet(stored.get("body", ""), terms) if terms is not None else ""
        hit.score = score or 0.0
        return hit

    def _summary(self, stored: dict) -> Hit:
        """A hit without snippet or score: what every listing of an article shows."""
        values = {name: facet.shown_values(stored) for name, facet in self.facets.items() if facet.stored}
        return Hit(id=stored["id"], title=stored.get("title", ""), date=format_date(stored.get("date")),
                   url=stored.get("url", ""), values=values)

    # Single articles and entities ----------------------------------------

    def article(self, article_id: str) -> dict | None:
        stored = self.searcher.document(id=article_id)
        if stored is None:
            return None
        summary = self._summary(stored)
        shown = summary.to_json()
        del shown["snippet"]
        return {
            **shown, "values": summary.values, "body": stored.get("body", ""), "author": stored.get("author", ""),
            "dateline": stored.get("dateline", ""), "format": stored.get("format", ""),
            "path": stored.get("path", ""),
            "tags": json.loads(stored["tags"]) if stored.get("tags") else {},
        }

    @property
    def entities(self) -> EntityCatalog:
        """The values of the facets with entity pages, with counts and slugs: built on first use."""
        if self._entities is None:
            with self._entities_lock:
                if self._entities is None:
                    self._entities = EntityCatalog(self.facets, self.live)
        return self._entities

    def stats(self) -> IndexStats:
        return IndexStats(
            articles=self.doc_count, location=str(self.generation),
            size_bytes=sum(p.stat().st_size for p in Path(self.generation).iterdir() if p.is_file()),
            facets=[FacetSummary(facet.definition, len(facet.labels), facet.top(facet.counts(self.live), STATS_TOP))
                    for facet in self.facets.values() if facet.definition.summarised],
        )

    def close(self) -> None:
        self.index.close()


def format_date(moment) -> str | None:
    if moment is None:
        return None
    if moment.hour or moment.minute or moment.second:
        return moment.isoformat()
    return moment.date().isoformat()


def _text_terms(text_query: query.Query) -> frozenset[str]:
    """The full-text words of a query, as index terms."""
    return frozenset(text.decode("utf-8") if isinstance(text, bytes) else text
                     for fieldname, text in text_query.iter_all_terms() if fieldname in TEXT_FIELDS)


class IndexHandle:
    """The live index of an index root, reopened when a reindex switches generations."""

    def __init__(self, root=None):
        self.store = IndexStore(root)
        self._lock = threading.Lock()
        self._open: SearchIndex | None = None

    def get(self) -> SearchIndex:
        generation = self.store.current()
        current = self._open
        if current is not None and current.generation == generation:
            return current
        with self._lock:
            if self._open is None or self._open.generation != generation:
                self._open = SearchIndex(generation)
            return self._open

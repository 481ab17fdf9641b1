"""The embedded backend of the search contract (indexer/search/contract.py): one Whoosh index generation."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import whoosh.index
from whoosh import query

from indexer.index.duplicates import DuplicateGroups
from indexer.index.postings import TEXT_FIELDS, RankPostings, deleted_mask
from indexer.index.store import MANIFEST, PEOPLE, IndexStore, check_format, read_json_file
from indexer.search import spelling, syntax
from indexer.search.catalog import EntityCatalog
from indexer.search.contract import (
    STATS_TOP,
    FacetSummary,
    Hit,
    IndexStats,
    QueryError,
    SearchRequest,
    SearchResult,
    article_record,
)
from indexer.search.facets import Facet, count, open_facet
from indexer.search.query import QueryParser
from indexer.search.ranking import BM25, FieldedTerms, RankingParameters, top_indices
from indexer.search.registry import FACET_LIMIT, facets, values_holding
from indexer.search.snippets import make_snippet
from indexer.search.timeline import dated_within, timeline_of


class SearchIndex:
    """One generation of the index, opened for searching from any number of threads."""

    def __init__(self, generation: Path, ranking: RankingParameters | None = None):
        """``ranking``: the scoring constants (the defaults unless a benchmark compares others)."""
        self.generation = generation
        self.ranking = ranking if ranking is not None else RankingParameters()
        check_format(generation)
        self.index = whoosh.index.open_dir(str(generation))
        # The manifest is the last file a reindex writes: its time is when this generation was finished.
        self.built = datetime.fromtimestamp((generation / MANIFEST).stat().st_mtime, UTC)
        self._file_mtimes: dict[str, int] | None = None
        self.aliases: dict[str, str] = read_json_file(generation / PEOPLE)
        self._local = threading.local()
        self.rank_postings = RankPostings(generation)
        reader = self.index.reader()
        self.doc_count = reader.doc_count()
        self.facets: dict[str, Facet] = {definition.name: open_facet(definition, generation, reader.doc_count_all(),
                                                                     self.aliases) for definition in facets()}
        self.live = ~deleted_mask(reader)
        self.duplicates = DuplicateGroups.load(generation, reader.doc_count_all())
        self.parser = QueryParser(self.index.schema)
        self._entities: EntityCatalog | None = None
        self._entities_lock = threading.Lock()

    @property
    def searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.index.searcher(weighting=BM25(self.ranking, self.rank_postings))
        return searcher

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        request = request.validated(tuple(self.facets))
        q, filters, page, page_size, sort = request.q, request.filters, request.page, request.page_size, request.sort
        snippets = request.snippets
        searcher = self.searcher
        text_query, scores, matching, selected = self._matching_documents(searcher, request)
        passing, counts = count(list(self.facets.values()), matching, selected)
        if scores is None:  # no words to rank by: the hits come newest first, and the result says so
            sort = "newest"
        collapse = request.folds_groups
        hits, groups = self._top_hits(searcher, text_query, scores, passing, page, page_size, sort, snippets,
                                      collapse)
        result = SearchResult(
            query=q, total=len(passing), page=page, page_size=page_size, sort=sort, hits=hits,
            facets={name: facet.top(counts[name], limit=FACET_LIMIT, selected=filters.get(name, []))
                    for name, facet in self.facets.items()},
            filters=filters, words_matched=_words_matched(text_query, searcher),
            timeline=timeline_of(self.facets["year"], passing), dates=request.dates,
            groups=groups, collapsed=collapse and groups < len(passing), similar=request.similar,
        )
        if q and request.suggest:
            # Articles holding some of the words do not make a respelling that finds every word less useful.
            found = 0 if result.words_matched else len(passing)
            lexicon = spelling.IndexLexicon(searcher.reader(), self.facets)
            result.suggestion = spelling.suggest(request, found, lexicon=lexicon, search=self.search)
        result.seconds = time.perf_counter() - started
        return result

    def hits(self, request: SearchRequest) -> Iterator[Hit]:
        """Every hit of ``request`` in its ranking order, without the page cap: every matching article,
        each copy of a duplicated story too (``collapse`` is for pages; the result's ``total`` counts them all).

        The request is checked, matched and ranked here, so a ``QueryError`` comes before the first
        hit; the hits are then read one at a time as they are taken: memory holds the score and order
        arrays, never the hits."""
        request = request.validated(tuple(self.facets))
        searcher = self.searcher
        text_query, scores, matching, selected = self._matching_documents(searcher, request)
        passing, _ = count(list(self.facets.values()), matching, selected)
        by_score = scores is not None and request.sort == "relevance"
        key = scores[passing] if by_score else self.facets["year"].dates[passing]
        ranked = passing[top_indices(key, len(passing))]
        terms = ((frozenset() if scores is None else _text_terms(text_query, searcher.reader()))
                 if request.snippets else None)
        return self._each_hit(searcher, ranked, scores if by_score else None, terms)

    def _each_hit(self, searcher, ranked: np.ndarray, scores: np.ndarray | None,
                  terms: frozenset[str] | None) -> Iterator[Hit]:
        for doc in ranked:
            yield self._hit(searcher, int(doc), float(scores[doc]) if scores is not None else 0.0, terms)

    def _matching_documents(self, searcher, request: SearchRequest
                            ) -> tuple[query.Query, np.ndarray | None, np.ndarray, dict[str, frozenset[int]]]:
        """What a validated request matches before its facet filters: its text query, every document's
        score (None when it has no words to rank by), the mask of matching documents, and per filtered
        facet the value ids chosen."""
        text_query, clause_filters = self._parse(request.q)
        scores = self._matching(searcher, text_query)
        matching = scores > 0 if scores is not None else self.live
        for facet_name, wanted in clause_filters:
            matching = matching & self.facets[facet_name].documents_with(wanted)
        if request.dates is not None:  # before the facets are counted, so that all of them follow it
            matching = matching & dated_within(self.facets["year"], request.dates)
        if request.similar:
            matching = matching & self._group_of(searcher, request.similar)
        filters = request.filters
        selected = {name: self.facets[name].value_ids(values) for name, values in filters.items()}
        if any(values and not selected[name] for name, values in filters.items()):
            matching = np.zeros_like(matching)
        return text_query, scores, matching, selected

    # Query parsing -------------------------------------------------------

    def _parse(self, q: str) -> tuple[query.Query, list[tuple[str, frozenset[int]]]]:
        text_query, clauses = self.parser.parse(q)
        return text_query, [(clause.field, self._match_entity(clause.field, clause.text)) for clause in clauses]

    def _match_entity(self, name: str, text: str) -> frozenset[int]:
        """``person:kishida`` matches every person whose name contains all the given words."""
        ids = self.facets[name].ids
        return frozenset(ids[label] for label in values_holding(ids, text))

    # Matching, ranking and display ---------------------------------------

    def _matching(self, searcher, text_query: query.Query) -> np.ndarray | None:
        """Every document's score (above zero where it matches), from one pass; None when the query matches all."""
        if isinstance(text_query, query.Every):
            return None
        scores = np.zeros(len(self.live))
        found = syntax.all_scores(text_query, searcher)
        if found is not None:
            docs, doc_scores = found
        else:  # syntax only Whoosh evaluates (date ranges): its collector, one document at a time
            top = searcher.search(text_query, limit=None).top_n
            docs = np.fromiter((docnum for _, docnum in top), dtype=np.int64, count=len(top))
            doc_scores = np.fromiter((score for score, _ in top), dtype=np.float64, count=len(top))
        # A match always scores above zero; a tiny floor keeps one whose score rounds to zero.
        scores[docs] = np.maximum(doc_scores, np.finfo(np.float64).tiny)
        return scores

    def _top_hits(self, searcher, text_query, scores, passing: np.ndarray, page, page_size, sort,
                  snippets, collapse: bool) -> tuple[list[Hit], int]:
        """The page's hits, and how many groups of duplicates the passing documents are in.

        ``collapse``: one hit per group (indexer/index/duplicates.py), its best-ranked passing
        document, so the pages go through groups; each hit counts the others of its group that pass.
        """
        if not len(passing):
            return [], 0
        start, wanted = (page - 1) * page_size, page * page_size
        browsing = scores is None
        # By relevance, or newest first from the cached date array (undated articles last).
        key = scores[passing] if sort == "relevance" and not browsing else self.facets["year"].dates[passing]
        if collapse:
            best = self.duplicates.best_of_each(passing, lambda depth: top_indices(key, depth), wanted)
            ranked = passing[best[start:]]
        else:
            ranked = passing[top_indices(key, wanted)[start:]]
        sizes = self.duplicates.sizes(passing)
        terms = frozenset() if browsing or not snippets else _text_terms(text_query, searcher.reader())
        by_score = sort == "relevance" and not browsing
        hits = [self._hit(searcher, int(doc), float(scores[doc]) if by_score else 0.0, terms if snippets else None,
                          similar=int(sizes[self.duplicates.group[doc]]) - 1) for doc in ranked]
        return hits, int(np.count_nonzero(sizes))

    def _hit(self, searcher, docnum: int, score: float, terms: frozenset[str] | None, similar: int = 0) -> Hit:
        """A result; ``terms`` are the words to mark in its snippet (None: no snippet wanted); ``similar``
        the other articles of its group of duplicates the search matched."""
        stored = searcher.stored_fields(docnum)
        hit = self._summary(stored)
        hit.snippet = make_snippet(stored.get("body", ""), terms) if terms is not None else ""
        hit.score = score or 0.0
        hit.similar = similar
        return hit

    def _group_of(self, searcher, article_id: str) -> np.ndarray:
        """The documents of the group of duplicates that the article ``article_id`` is in."""
        # Ids are hexadecimal: other text (a surrogate from a command line's undecodable bytes) is no id.
        docnum = searcher.document_number(id=article_id) if article_id.isascii() else None
        if docnum is None or not self.live[docnum]:
            shown = article_id if len(article_id) <= 40 else article_id[:40] + "…"
            raise QueryError(f"no article with id {shown!r} to show the similar stories of "
                             "(a reindex may have removed it)")
        return self.duplicates.members(docnum)

    def _summary(self, stored: dict) -> Hit:
        """A hit without snippet or score: what every listing of an article shows."""
        values = {name: facet.shown_values(stored) for name, facet in self.facets.items() if facet.stored}
        return Hit(id=stored["id"], title=stored.get("title", ""), date=format_date(stored.get("date")),
                   url=stored.get("url", ""), values=values, path=stored.get("path", ""))

    # Single articles and entities ----------------------------------------

    def article(self, article_id: str) -> dict | None:
        stored = self.searcher.document(id=article_id)
        if stored is None:
            return None
        return article_record(self._summary(stored), stored)

    def file_modified(self, path: str) -> datetime | None:
        """When the file ``path`` was last modified, as the reindex that read it saw it (None if unknown)."""
        if self._file_mtimes is None:  # read on first use only: feeds with undated articles need it
            files = read_json_file(self.generation / MANIFEST).get("files", {})
            self._file_mtimes = {name: entry["mtime_ns"] for name, entry in files.items() if "mtime_ns" in entry}
        mtime_ns = self._file_mtimes.get(path)
        return None if mtime_ns is None else datetime.fromtimestamp(mtime_ns / 1e9, UTC)

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


def _words_matched(text_query: query.Query, searcher) -> tuple[int, int] | None:
    """(at least, of) when a keyword query matches articles missing some of its words, else None."""
    if not (isinstance(text_query, FieldedTerms) and text_query.every_word):
        return None
    required = text_query.required_words(searcher, searcher.weighting)
    return (required, len(text_query.weights)) if required < len(text_query.weights) else None


def _text_terms(text_query: query.Query, reader) -> frozenset[str]:
    """The full-text words of a query that the index has, as index terms: those a prefix, a wildcard or a
    fuzzy word stands for included (``reader``: the top-level one)."""
    return frozenset(text.decode("utf-8") if isinstance(text, bytes) else text
                     for leaf in text_query.leaves() if leaf.has_terms()
                     for fieldname, text in leaf.expanded_terms(reader) if fieldname in TEXT_FIELDS)


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

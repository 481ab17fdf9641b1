"""The OpenSearch backend of the search contract (indexer/search/contract.py).

One search is one request to the cluster: the text query (translate.py) with the entity clauses, the
date filter and ``similar`` as filters of the query; the facet filters as ``post_filter``, so that
each facet's counts come from a ``filter`` aggregation holding every facet filter but its own
(multi-select); the timeline from the passing stories' dates. A keyword query first counts, over
the whole index, how many stories hold each number of its words, to apply the embedded engine's
all-words rule (``FieldedTerms.required_words``) before it is sent.

The backend reads one concrete index, the one the alias pointed to when it was opened, as the
embedded backend reads one generation; ``OpenSearchHandle`` (handle.py) opens a new one when the alias
moves. Did-you-mean is the embedded engine's ``spelling``, reading the index's words through
``OpenSearchLexicon`` (lexicon.py). The groups of duplicate stories are the reindex's ``group``
field: ``collapse`` is OpenSearch's field collapsing on it, the number of groups a search matches a
``cardinality`` of the duplicated stories among the matches, and each hit's similar stories a count
of its group's matches. Not yet: the refusal of a pattern or fuzzy word standing for more than
``MAX_EXPANSION_TERMS`` terms.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from whoosh import query

from indexer.index.opensearch_schema import (
    DEFAULT_ALIAS,
    OpenSearchUnavailable,
    asking,
    connect,
    shown_url,
    terms_field,
)
from indexer.index.postings import TEXT_FIELDS
from indexer.index.schema import build_schema
from indexer.index.store import NoIndex
from indexer.search import spelling
from indexer.search.catalog import EntityTables, entity_table
from indexer.search.contract import (
    STATS_TOP,
    DateRange,
    EntityProfile,
    EntityRow,
    FacetSummary,
    Hit,
    IndexStats,
    QueryError,
    SearchRequest,
    SearchResult,
    Timeline,
    article_record,
)
from indexer.search.engine import format_date
from indexer.search.opensearch.lexicon import OpenSearchLexicon
from indexer.search.opensearch.translate import MATCH_ALL, MATCH_NONE, holding_words, to_dsl
from indexer.search.query import QueryParser
from indexer.search.ranking import FieldedTerms, RankingParameters
from indexer.search.registry import FACET_LIMIT, FacetDefinition, entity_facets, facets, top_values, values_holding
from indexer.search.snippets import make_snippet
from indexer.search.timeline import MOST_DAYS, MOST_MONTHS

# How deep one search request may page (OpenSearch's default ``index.max_result_window``); a deeper
# page is read through the ranked list, a thousand hits a request.
RESULT_WINDOW = 10_000
# The values each shard sends for a facet's count: enough that the first FACET_LIMIT are almost
# always exact at once; when ``_exact`` cannot vouch for them, the facet is counted again from all.
SHARD_SIZE = 4 * FACET_LIMIT
# Seconds between asking again when some shards failed to answer: a copy of a lost node's shards takes
# over within them; an answer still partial after the last is refused.
PARTIAL_ANSWER_WAITS = (0.25, 0.5, 1.0, 2.0)
# What a hit shows, read from _source (the body only for its snippet).
HIT_FIELDS = ["id", "title", "date", "url", "path", "source", "person", "country", "group", "group_size"]
# Below this many groups of duplicates among a search's matches, their count is exact (OpenSearch's
# cardinality counts each value until then; its largest threshold).
GROUPS_COUNTED_EXACTLY = 40_000
# The terms highlighting may read of one field: enough for the snippet's window of the start of the body.
HIGHLIGHT_CHARS = 200_000
# Composite aggregations page through every value of a facet this many at a time.
VALUES_PAGE = 1000
_MARKED = re.compile(r"<em>(.*?)</em>")


class OpenSearchBackend:
    """One index of a cluster, opened for searching from any number of threads (the client is thread-safe)."""

    def __init__(self, url: str, alias: str = DEFAULT_ALIAS, client=None,
                 ranking: RankingParameters | None = None, index: str | None = None):
        """``index``: the concrete index to read, when the caller has just resolved ``alias`` (the handle,
        handle.py); else the one the alias names now. ``url`` may hold a password: it is shown without it."""
        self.url = url
        self.alias = alias
        self.client = client if client is not None else connect(url)
        self.ranking = ranking if ranking is not None else RankingParameters()
        if index is None:
            if not self._asking(lambda: self.client.indices.exists_alias(name=alias)):
                raise NoIndex(f"no index behind the alias {alias!r} at {shown_url(url)}: "
                              "run a reindex into OpenSearch first")
            # The index the alias names now: a reindex that moves the alias does not change what this one reads.
            index = sorted(self._asking(lambda: self.client.indices.get_alias(name=alias)))[0]
        self.index = index
        mapping = self._asking(lambda: self.client.indices.get_mapping(index=self.index))
        meta = mapping[self.index]["mappings"].get("_meta", {})
        self.built = datetime.fromisoformat(meta["built"]) if "built" in meta else datetime.now(UTC)
        self.doc_count = self._asking(lambda: self.client.count(index=self.index))["count"]
        self.facets: dict[str, FacetDefinition] = {definition.name: definition for definition in facets()}
        self.parser = QueryParser(build_schema())
        self._values: dict[str, dict[str, int]] = {}
        self._values_lock = threading.Lock()
        self._entities: OpenSearchEntities | None = None

    # Asking the cluster ---------------------------------------------------

    def _asking(self, call):
        return asking(call, self.url)

    def raw_search(self, body: dict) -> dict:
        """The cluster's answer to one search of the index, or ``OpenSearchUnavailable`` when it cannot
        answer in full, asked again after PARTIAL_ANSWER_WAITS: a search some shards failed to answer
        would silently miss their articles."""
        for wait in (*PARTIAL_ANSWER_WAITS, None):
            found = self._asking(lambda: self.client.search(index=self.index, body=body))
            if not found.get("_shards", {}).get("failed") or wait is None:
                break
            time.sleep(wait)  # a node just lost: its shards' replicas are taking over
        check_complete(found, self.url, self.index)
        return found

    # Searching ------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        request = request.validated(tuple(self.facets))
        text_query, words_matched, query_dsl = self._query(request)
        browsing = isinstance(text_query, query.Every)  # no words to rank by: newest first, as embedded
        if not self._all_filters_known(request.filters):
            query_dsl = MATCH_NONE
        sort = "newest" if browsing else request.sort
        filters = {name: self._facet_filter(self.facets[name], values) for name, values in request.filters.items()}
        start = (request.page - 1) * request.page_size
        deep = start + request.page_size > RESULT_WINDOW
        body = {
            "query": query_dsl,
            "post_filter": _all_of(filters.values()),
            "aggs": {**{name: {"filter": _all_of(f for other, f in filters.items() if other != name),
                               "aggs": self._facet_aggs(definition, request.filters.get(name, []))}
                        for name, definition in self.facets.items()},
                     "passing": {"filter": _all_of(filters.values()),
                                 "aggs": {**_timeline_aggs(), "duplicated": _duplicated_aggs()}}},
            "sort": _sort(sort),
            "from": 0 if deep else start,
            "size": 0 if deep else request.page_size,
            "track_total_hits": True,
            "_source": HIT_FIELDS + (["body"] if request.snippets else []),
        }
        if request.snippets and not browsing:
            body["highlight"] = _highlight()
        if request.folds_groups and not deep:
            body["collapse"] = {"field": "group"}  # one hit per group: its best by the sort
        found = self.raw_search(body)
        total = found["hits"]["total"]["value"]
        aggregations = found["aggregations"]
        duplicated = aggregations["passing"]["duplicated"]
        groups = total - duplicated["doc_count"] + duplicated["groups"]["value"]
        if deep:  # past what one request may page through: read the ranked list up to the page, if it has one
            raws = self._each_raw(self._hits_body(request)[0])
            if request.folds_groups:
                raws = _first_of_each_group(raws)
            page_raws = list(itertools.islice(raws, start, start + request.page_size)) if start < total else []
        else:
            page_raws = found["hits"]["hits"]
        hits = [self._hit(raw, request.snippets, by_score=not browsing) for raw in page_raws]
        self._count_similar(hits, page_raws, {"bool": {"must": [query_dsl], "filter": [_all_of(filters.values())]}})
        for name, definition in self.facets.items():
            if not _exact(aggregations[name].get("values", {}), SHARD_SIZE):
                aggregations[name] = self._recount(query_dsl, filters, name, definition,
                                                   request.filters.get(name, []))
        result = SearchResult(
            query=request.q, total=total, page=request.page, page_size=request.page_size, sort=sort, hits=hits,
            facets={name: self._facet_top(definition, aggregations[name], request.filters.get(name, []))
                    for name, definition in self.facets.items()},
            filters=request.filters, words_matched=words_matched,
            timeline=self._timeline(query_dsl, filters, aggregations["passing"]), dates=request.dates,
            groups=groups, collapsed=request.folds_groups and groups < total, similar=request.similar,
        )
        if request.q and request.suggest:  # as the embedded engine offers it (SearchIndex.search)
            found = 0 if words_matched else total
            result.suggestion = spelling.suggest(request, found, lexicon=OpenSearchLexicon(self), search=self.search)
        result.seconds = time.perf_counter() - started
        return result

    def hits(self, request: SearchRequest) -> Iterator[Hit]:
        """Every hit of ``request`` in its order, read a page at a time (``search_after``); a ``QueryError``
        comes from this call, before the first hit."""
        request = request.validated(tuple(self.facets))
        body, browsing = self._hits_body(request)
        by_score = not browsing and request.sort == "relevance"
        return (self._hit(raw, request.snippets, by_score) for raw in self._each_raw(body))

    def _hits_body(self, request: SearchRequest) -> tuple[dict, bool]:
        """The search of every hit of a validated ``request``, in its order, a page at a time, and whether
        it is browsing (no words to rank by)."""
        text_query, _, query_dsl = self._query(request)
        browsing = isinstance(text_query, query.Every)
        if not self._all_filters_known(request.filters):
            query_dsl = MATCH_NONE
        filters = [self._facet_filter(self.facets[name], values) for name, values in request.filters.items()]
        body = {"query": {"bool": {"must": [query_dsl], "filter": filters}},
                "sort": _sort("newest" if browsing else request.sort), "size": VALUES_PAGE,
                "_source": HIT_FIELDS + (["body"] if request.snippets else [])}
        if request.snippets and not browsing:
            body["highlight"] = _highlight()
        return body, browsing

    def _each_raw(self, body: dict) -> Iterator[dict]:
        """The cluster's hits of ``body``, read a page at a time (``search_after``)."""
        while True:
            page = self.raw_search(body)["hits"]["hits"]
            yield from page
            if len(page) < body["size"]:
                return
            body = {**body, "search_after": page[-1]["sort"]}

    def _count_similar(self, hits: list[Hit], raws: list[dict], passing: dict) -> None:
        """Set each hit's ``similar``: the other stories of its group of duplicates among the ``passing``
        ones. Asked only for the groups of several stories the page shows, in one more request."""
        groups = sorted({raw["_source"]["group"] for raw in raws if raw["_source"].get("group_size", 1) > 1})
        if not groups:
            return
        body = {"size": 0, "track_total_hits": False, "query": passing,
                "aggs": {"groups": {"terms": {"field": "group", "include": groups, "size": len(groups)}}}}
        counts = {bucket["key"]: bucket["doc_count"]
                  for bucket in self.raw_search(body)["aggregations"]["groups"]["buckets"]}
        for hit, raw in zip(hits, raws, strict=True):
            hit.similar = counts.get(raw["_source"].get("group"), 1) - 1

    def _query(self, request: SearchRequest) -> tuple[object, tuple[int, int] | None, dict]:
        """The request's query without its facet filters: the parsed text query, ``words_matched`` (as the
        embedded engine reports it) and the DSL, with the entity clauses, dates and ``similar`` as filters."""
        text_query, clauses = self.parser.parse(request.q)
        words_matched = None

        def required_words(node: FieldedTerms) -> int:
            nonlocal words_matched
            if not node.every_word:
                return self.ranking.required_words(len(node.weights))
            required = self._required_words(node)
            if node is text_query and required < len(node.weights):
                words_matched = (required, len(node.weights))
            return required

        text_dsl = to_dsl(text_query, required_words)
        restrictions = [self._entity_filter(self.facets[clause.field], clause.text) for clause in clauses]
        if request.dates is not None:
            restrictions.append(_dated_within(request.dates))
        if request.similar:
            restrictions.append(self._group_of(request.similar))
        if not restrictions:
            return text_query, words_matched, text_dsl
        return text_query, words_matched, {"bool": {"must": [text_dsl], "filter": restrictions}}

    def _required_words(self, node: FieldedTerms) -> int:
        """``FieldedTerms.required_words`` of a keyword query: all its words, unless fewer than
        ``every_word_min_matches`` stories of the whole index hold them all; then all but one, and so on."""
        body = {"size": 0, "track_total_hits": False,
                "aggs": {"holding": {"filters": {"filters": holding_words(node)}}}}
        buckets = self.raw_search(body)["aggregations"]["holding"]["buckets"]
        holding_at_least = {int(k): bucket["doc_count"] for k, bucket in buckets.items()}
        wanted = min(self.ranking.every_word_min_matches, holding_at_least[1])
        for required in range(len(node.weights), 1, -1):
            if holding_at_least[required] >= wanted:
                return required
        return 1

    def _entity_filter(self, definition: FacetDefinition, text: str) -> dict:
        """``person:kishida``: the stories with a value whose name holds every word given
        (``registry.values_holding``, as in the embedded engine), found among the facet's values."""
        labels = values_holding(self.values(definition.field), text)
        return {"terms": {definition.field: labels}} if labels else MATCH_NONE

    def _group_of(self, article_id: str) -> dict:
        """The stories of the article's group of duplicates (the article alone in an index built before
        the groups were kept)."""
        found = (self.raw_search({"query": {"term": {"id": article_id}}, "size": 1, "_source": ["group"]})
                 if article_id.isascii() else None)
        if not found or not found["hits"]["hits"]:
            shown = article_id if len(article_id) <= 40 else article_id[:40] + "…"
            raise QueryError(f"no article with id {shown!r} to show the similar stories of "
                             "(a reindex may have removed it)")
        group = found["hits"]["hits"][0]["_source"].get("group")
        return {"term": {"group": group}} if group else {"term": {"id": article_id}}

    # Facets and the timeline --------------------------------------------------

    def _facet_filter(self, definition: FacetDefinition, values: list[str]) -> dict:
        """The stories with any of ``values``; a year is a year of the date."""
        if definition.field != "date":
            return {"terms": {definition.field: list(values)}}
        years = [int(value) for value in values if value.isdigit()]
        if not years:
            return MATCH_NONE
        return {"bool": {"should": [{"range": {"date": {"gte": f"{year:04d}-01-01", "lt": f"{year + 1:04d}-01-01"}}}
                                    for year in years], "minimum_should_match": 1}}

    def _all_filters_known(self, filters: dict[str, list[str]]) -> bool:
        """Whether each filtered facet has one of its chosen values in the index: as in the embedded
        engine, a filter of values the index lacks matches nothing, and no facet counts anything."""
        for name, values in filters.items():
            field = self.facets[name].field
            known = self.values(field) if field != "date" else self.years()
            if not any(value in known for value in values):
                return False
        return True

    def _facet_aggs(self, definition: FacetDefinition, selected: list[str], shard_size: int | None = None) -> dict:
        if definition.field == "date":
            return {"values": {"date_histogram": {"field": "date", "calendar_interval": "year", "min_doc_count": 1,
                                                  "format": "yyyy"}}}
        order = [{"_count": "desc"}, {"_key": "asc"}]  # the registry's order: by count, ties by name
        # Every value the shards sent comes back, not only the first FACET_LIMIT: ``_exact`` bounds the
        # counts of the values left out by them.
        shard_size = shard_size or SHARD_SIZE
        aggs = {"values": {"terms": {"field": definition.field, "size": shard_size, "order": order,
                                     "shard_size": shard_size, "show_term_doc_count_error": True}}}
        if selected:  # a chosen value stays visible, with its count, even outside the first FACET_LIMIT
            aggs["selected"] = {"terms": {"field": definition.field, "include": list(selected),
                                          "size": len(selected)}}
        return aggs

    def _recount(self, query_dsl: dict, filters: dict[str, dict], name: str, definition: FacetDefinition,
                 selected: list[str]) -> dict:
        """One facet's aggregation again, each shard sending every value it holds: exact, for the rare
        search whose first counts ``_exact`` cannot vouch for."""
        every_value = len(self.values(definition.field))
        body = {"query": query_dsl, "size": 0, "track_total_hits": False,
                "aggs": {name: {"filter": _all_of(f for other, f in filters.items() if other != name),
                                "aggs": self._facet_aggs(definition, selected, shard_size=every_value)}}}
        return self.raw_search(body)["aggregations"][name]

    def _facet_top(self, definition: FacetDefinition, aggregation: dict, selected: list[str]
                   ) -> list[tuple[str, int]]:
        """As ``Facet.top``: the FACET_LIMIT first values in the facet's order, then any selected value not
        among them."""
        counted = [(_label(definition, bucket), bucket["doc_count"]) for bucket in aggregation["values"]["buckets"]]
        shown = top_values(definition, counted, FACET_LIMIT)
        selected_counts = dict(counted)
        selected_counts.update((bucket["key"], bucket["doc_count"])
                               for bucket in aggregation.get("selected", {}).get("buckets", []))
        present = {label for label, _ in shown}
        return shown + [(label, selected_counts.get(label, 0)) for label in selected if label not in present]

    def _timeline(self, query_dsl: dict, filters: dict[str, dict], aggregation: dict) -> Timeline:
        """As ``timeline.timeline_of``: days, months or years, the finest that spans the dates in at most
        MOST_DAYS days or MOST_MONTHS months, every bucket from the first to the last."""
        undated = aggregation["undated"]["doc_count"]
        if aggregation["first"]["value"] is None:
            return Timeline("year", [], undated)
        first, last = (datetime.fromtimestamp(aggregation[end]["value"] / 1000, UTC).date()
                       for end in ("first", "last"))
        if (last - first).days < MOST_DAYS:
            days = self._day_counts(query_dsl, filters)
            return Timeline("day", [((first + timedelta(n)).isoformat(), days.get(first + timedelta(n), 0))
                                    for n in range((last - first).days + 1)], undated)
        months: dict[tuple[int, int], int] = {}
        for bucket in aggregation["months"]["buckets"]:
            year, month = map(int, bucket["key_as_string"].split("-"))
            months[year, month] = bucket["doc_count"]
        first_month, last_month = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
        if last_month - first_month < MOST_MONTHS:
            return Timeline("month", [(f"{n // 12:04d}-{n % 12 + 1:02d}", months.get((n // 12, n % 12 + 1), 0))
                                      for n in range(first_month, last_month + 1)], undated)
        years: dict[int, int] = {}
        for (year, _), n in months.items():
            years[year] = years.get(year, 0) + n
        return Timeline("year", [(f"{year:04d}", years.get(year, 0)) for year in range(first.year, last.year + 1)],
                        undated)

    def _day_counts(self, query_dsl: dict, filters: dict[str, dict]) -> dict[date, int]:
        """The passing stories per day: asked only when the timeline is one of days."""
        body = {"size": 0, "track_total_hits": False,
                "query": {"bool": {"must": [query_dsl], "filter": list(filters.values())}},
                "aggs": {"days": {"date_histogram": {"field": "date", "calendar_interval": "day", "min_doc_count": 1,
                                                     "format": "yyyy-MM-dd"}}}}
        buckets = self.raw_search(body)["aggregations"]["days"]["buckets"]
        return {date.fromisoformat(bucket["key_as_string"]): bucket["doc_count"] for bucket in buckets}

    # Hits, articles, files ------------------------------------------------------

    def _hit(self, raw: dict, snippets: bool, by_score: bool) -> Hit:
        source = raw["_source"]
        hit = _summary(source)
        if snippets:
            hit.snippet = make_snippet(source.get("body", ""), _marked_terms(raw.get("highlight", {})))
        hit.score = float(raw.get("_score") or 0.0) if by_score else 0.0
        return hit

    def article(self, article_id: str) -> dict | None:
        found = self.raw_search({"query": {"term": {"id": article_id}}, "size": 1})
        if not found["hits"]["hits"]:
            return None
        source = found["hits"]["hits"][0]["_source"]
        return article_record(_summary(source), source)

    def file_modified(self, path: str) -> datetime | None:
        found = self.raw_search({"query": {"term": {"path": path}}, "size": 1,
                                                           "_source": ["mtime_ns"]})
        hits = found["hits"]["hits"]
        if not hits or "mtime_ns" not in hits[0]["_source"]:
            return None
        return datetime.fromtimestamp(hits[0]["_source"]["mtime_ns"] / 1e9, UTC)

    # Entities and stats -----------------------------------------------------------

    def values(self, field: str) -> dict[str, int]:
        """Every value of a keyword field in the index with its article count (read once: the index does
        not change under this backend)."""
        with self._values_lock:
            if field not in self._values:
                self._values[field] = self._read_values(field)
            return self._values[field]

    def years(self) -> dict[str, int]:
        """Every year of the index's dates with its article count (the year facet's values)."""
        with self._values_lock:
            if "date" not in self._values:
                years = next(definition for definition in self.facets.values() if definition.field == "date")
                body = {"size": 0, "track_total_hits": False, "aggs": self._facet_aggs(years, [])}
                buckets = self.raw_search(body)["aggregations"]["values"]["buckets"]
                self._values["date"] = {_label(years, bucket): bucket["doc_count"] for bucket in buckets}
            return self._values["date"]

    def _read_values(self, field: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        composite = {"size": VALUES_PAGE, "sources": [{"value": {"terms": {"field": field}}}]}
        while True:
            body = {"size": 0, "track_total_hits": False, "aggs": {"values": {"composite": composite}}}
            page = self.raw_search(body)["aggregations"]["values"]
            counts.update((bucket["key"]["value"], bucket["doc_count"]) for bucket in page["buckets"])
            if "after_key" not in page or not page["buckets"]:
                return counts
            composite = {**composite, "after": page["after_key"]}

    @property
    def entities(self) -> OpenSearchEntities:
        if self._entities is None:
            self._entities = OpenSearchEntities(self)
        return self._entities

    def stats(self) -> IndexStats:
        store = self._asking(lambda: self.client.indices.stats(index=self.index, metric="store"))
        size = store["indices"][self.index]["primaries"]["store"]["size_in_bytes"]
        summaries = []
        for definition in self.facets.values():
            if definition.summarised:
                counted = self.values(definition.field)
                summaries.append(FacetSummary(definition, len(counted),
                                              top_values(definition, counted.items(), STATS_TOP)))
        return IndexStats(articles=self.doc_count, location=f"{shown_url(self.url)}/{self.index}",
                          size_bytes=size, facets=summaries)

    def close(self) -> None:
        self.client.close()


class OpenSearchEntities(EntityTables):
    """The entity browser of the OpenSearch backend: the tables from every value's count, a profile from
    one filtered request."""

    def __init__(self, backend: OpenSearchBackend):
        self._backend = backend
        # A value's id is its place in name order: it only tells apart two names with one slug.
        super().__init__({definition.name: entity_table(definition, ((label, value_id, n) for value_id, (label, n)
                                                                     in enumerate(sorted(counted.items()))))
                          for definition in entity_facets()
                          for counted in [backend.values(definition.field)]})

    def profile(self, facet: str, label: str, *, related_limit: int) -> EntityProfile:
        backend = self._backend
        own = backend.facets[facet]
        order = [{"_count": "desc"}, {"_key": "asc"}]
        aggs = {name: {"terms": {"field": backend.facets[name].field, "size": related_limit, "order": order,
                                 **({"exclude": [label]} if name == facet else {})}}
                for name in self._tables}
        aggs["months"] = {"date_histogram": {"field": "date", "calendar_interval": "month", "min_doc_count": 1,
                                             "format": "yyyy-MM"}}
        body = {"size": 0, "track_total_hits": True, "query": {"term": {own.field: label}}, "aggs": aggs}
        found = backend.raw_search(body)
        aggregations = found["aggregations"]
        related = {}
        for name, table in self._tables.items():
            counted = [(bucket["key"], bucket["doc_count"]) for bucket in aggregations[name]["buckets"]]
            related[name] = [EntityRow(value, n, table.slugs.get(value))
                             for value, n in top_values(backend.facets[name], counted, related_limit)]
        months = {bucket["key_as_string"]: bucket["doc_count"] for bucket in aggregations["months"]["buckets"]}
        articles = found["hits"]["total"]["value"]
        return EntityProfile(facet=facet, label=label, articles=articles, related=related, months=months,
                             undated=articles - sum(months.values()))


def _exact(values: dict, size: int) -> bool:
    """Whether a ``terms`` aggregation of ``size`` buckets gives the first FACET_LIMIT values and counts
    of the whole index.

    Each shard sends its ``size`` most frequent values only, so a count may be short by up to its
    bucket's error bound, a value no shard sent may hold up to the aggregation's bound, and a value cut
    from the merged list (when it came back full) up to the last bucket's count plus that bound. The
    first FACET_LIMIT are exact when no shard left any value out (a bound of 0), or when their own
    counts are whole (bucket bounds of 0) and no value below them could reach the last one's count
    (equal could win on its name). A date histogram, or no aggregation, is exact."""
    bound = values.get("doc_count_error_upper_bound", 0)
    if not bound:
        return True
    buckets = values["buckets"]
    shown, below = buckets[:FACET_LIMIT], buckets[FACET_LIMIT:]
    if len(shown) < FACET_LIMIT or any(bucket.get("doc_count_error_upper_bound") for bucket in shown):
        return False
    cut = buckets[-1]["doc_count"] if len(buckets) >= size else 0
    ceiling = max([bound + cut] + [bucket["doc_count"] + bucket.get("doc_count_error_upper_bound", 0)
                                   for bucket in below])
    return ceiling < shown[-1]["doc_count"]


def check_complete(found: dict, url: str, index: str) -> None:
    """Refuse an answer some shards failed to give (their primaries lost, say): ``OpenSearchUnavailable``."""
    shards = found.get("_shards", {})
    if shards.get("failed"):
        reasons = {failure.get("reason", {}).get("type", "?") for failure in shards.get("failures", [])}
        raise OpenSearchUnavailable(
            f"OpenSearch at {shown_url(url)} answered from {shards.get('successful', '?')} of the "
            f"{shards.get('total', '?')} shards of the index {index} ({', '.join(sorted(reasons))}): "
            "searches would miss articles. Check the cluster (GET _cluster/health?level=indices).")


def _summary(source: dict) -> Hit:
    """A hit without snippet or score, as ``SearchIndex._summary`` makes one."""
    moment = datetime.fromisoformat(source["date"]) if source.get("date") else None
    values = {name: list(source.get(definition.field) or []) for name, definition in
              ((definition.name, definition) for definition in facets()) if definition.field != "date"}
    return Hit(id=source["id"], title=source.get("title", ""), date=format_date(moment), url=source.get("url", ""),
               values=values, path=source.get("path", ""))


def _marked_terms(highlight: dict) -> frozenset[str]:
    """The index terms the highlighter marked in a hit's terms fields: the query's words that the story
    holds, those a pattern or a fuzzy word stands for included."""
    return frozenset(term for fragments in highlight.values() for fragment in fragments
                     for term in _MARKED.findall(fragment))


def _highlight() -> dict:
    # Whole fields (no fragments): the marked terms, not the passages, are wanted; the snippet is cut
    # from the original body by the embedded engine's own make_snippet.
    return {"type": "unified", "number_of_fragments": 0, "require_field_match": False,
            "max_analyzer_offset": HIGHLIGHT_CHARS,
            "fields": {terms_field(field): {} for field in TEXT_FIELDS}}


def _timeline_aggs() -> dict:
    return {"first": {"min": {"field": "date"}}, "last": {"max": {"field": "date"}},
            "undated": {"missing": {"field": "date"}},
            "months": {"date_histogram": {"field": "date", "calendar_interval": "month", "min_doc_count": 1,
                                          "format": "yyyy-MM"}}}


def _sort(sort: str) -> list:
    """Ties by id, so that pages split one ranked list."""
    if sort == "newest":
        return [{"date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    return [{"_score": "desc"}, {"id": "asc"}]


def _dated_within(dates: DateRange) -> dict:
    """As ``timeline.dated_within``: dated, from the first day to the last, both included."""
    bounds = {}
    if dates.first_day is not None:
        bounds["gte"] = dates.first_day.isoformat()
    if dates.last_day is not None:
        bounds["lt"] = (dates.last_day + timedelta(days=1)).isoformat()
    return {"range": {"date": bounds}} if bounds else {"exists": {"field": "date"}}


def _duplicated_aggs() -> dict:
    """Of the passing stories, those in a group of several, and how many groups they are in: the groups
    a search matches are its total less those stories plus their groups."""
    return {"filter": {"range": {"group_size": {"gt": 1}}},
            "aggs": {"groups": {"cardinality": {"field": "group", "precision_threshold": GROUPS_COUNTED_EXACTLY}}}}


def _first_of_each_group(raws: Iterator[dict]) -> Iterator[dict]:
    """``raws`` without the hits of a group already met: what field collapsing gives, past its window."""
    seen = set()
    for raw in raws:
        group = raw["_source"].get("group") or raw["_id"]
        if group not in seen:
            seen.add(group)
            yield raw


def _all_of(clauses) -> dict:
    clauses = list(clauses)
    return {"bool": {"filter": clauses}} if clauses else MATCH_ALL


def _label(definition: FacetDefinition, bucket: dict) -> str:
    """A bucket's value as the facet shows it: a year without leading zeros, as the embedded year facet."""
    return str(int(bucket["key_as_string"])) if definition.field == "date" else bucket["key"]

"""The did-you-mean's words on a cluster: the ``spelling.Lexicon`` of one OpenSearch index.

The terms fields (``title_terms``, ``body_terms``) hold the embedded analysis's terms, so the words a
correction is chosen from are the embedded index's: a ``term`` suggester over them finds the terms
near a word, a ``filters`` aggregation counts the articles holding each, and a ``term`` query reads
a few articles to see how the text writes one. ``spelling`` then chooses exactly as it does for the
embedded index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from indexer.index.opensearch_schema import terms_field
from indexer.index.postings import TEXT_FIELDS

# Candidates each shard offers for a word: far more than the terms within two edits of a word, with its
# first letter, that a news archive holds (a handful).
NEAR_SIZE = 100


class OpenSearchLexicon:
    """The ``Lexicon`` of an ``OpenSearchBackend``'s index, for one did-you-mean: the counts it reads are
    kept for the next words of the same query."""

    def __init__(self, backend):
        self.backend = backend
        self._frequencies: dict[str, int] = {}

    def frequency(self, term: str) -> int:
        self._count([term])
        return self._frequencies[term]

    def near(self, term: str, distance: int) -> set[str]:
        suggest = {field: {"text": term, "term": {
            "field": terms_field(field), "suggest_mode": "always", "max_edits": distance, "prefix_length": 1,
            "min_word_length": 1, "accuracy": 0.0, "string_distance": "damerau_levenshtein",
            "size": NEAR_SIZE}} for field in TEXT_FIELDS}
        found = self.backend.raw_search({"size": 0, "track_total_hits": False, "suggest": suggest})["suggest"]
        near = {option["text"] for field in TEXT_FIELDS for entry in found[field] for option in entry["options"]}
        self._count(near)  # in one request: the candidates are ranked by their counts next
        return near

    def texts(self, term: str, limit: int) -> Iterator[str]:
        for field in TEXT_FIELDS:
            body = {"size": limit, "track_total_hits": False, "query": {"term": {terms_field(field): term}},
                    "sort": ["_doc"], "_source": [field]}
            for raw in self.backend.raw_search(body)["hits"]["hits"]:
                yield raw["_source"].get(field, "")

    def labels(self, facet: str) -> Iterable[str]:
        return self.backend.values(self.backend.facets[facet].field)

    def _count(self, terms: Iterable[str]) -> None:
        wanted = sorted(set(terms) - self._frequencies.keys())
        if not wanted:
            return
        holding = {f"{field} {term}": {"term": {terms_field(field): term}} for term in wanted for field in TEXT_FIELDS}
        body = {"size": 0, "track_total_hits": False, "aggs": {"holding": {"filters": {"filters": holding}}}}
        buckets = self.backend.raw_search(body)["aggregations"]["holding"]["buckets"]
        for term in wanted:
            self._frequencies[term] = sum(buckets[f"{field} {term}"]["doc_count"] for field in TEXT_FIELDS)

"""All of Reuters-21578 on the cluster (two shards, one replica) against the embedded index of it.

The same 22 files in both, so an article has the same id in both: each query form must find the same
articles, with the same facet counts (people and places far outnumber what one shard sends for a
count) and the same timeline; sorted by date, the same page. Ranked pages differ (the cluster scores
by Lucene's BM25 without the embedded feedback, docs/opensearch.md); bench/opensearch.py reports
their overlap.
Skips without the shared data, or without Java and Maven for the cluster.
"""

from __future__ import annotations

import pytest
from helpers import REUTERS, drop_opensearch_alias, require_shared

from indexer.search import DateRange, IndexHandle, SearchRequest

ALIAS = "reuters-tests"

REQUESTS = [
    SearchRequest("oil prices"), SearchRequest("south korea"), SearchRequest("year usg"),
    SearchRequest("coffee"), SearchRequest("bank of japan"), SearchRequest("sugar exports india"),
    SearchRequest('"interest rates"'), SearchRequest("title:gold"), SearchRequest("wheat OR corn"),
    SearchRequest("opec -saudi"), SearchRequest("trade", filters={"country": ["Japan", "United States"]}),
    SearchRequest("", filters={"person": ["James Baker"]}),
    SearchRequest("dollar", dates=DateRange("1987-03-01", "1987-03-15")),
    SearchRequest("shares", sort="newest", page=3), SearchRequest("tokyo", sort="newest"),
    SearchRequest("shares", sort="newest", page=2, collapse=True), SearchRequest("", collapse=True),
    SearchRequest("oil prices", collapse=True),
]


@pytest.fixture(scope="module")
def backends(opensearch_url, reuters_index):
    from indexer.index.opensearch_reindex import reindex_opensearch
    from indexer.search.opensearch import OpenSearchBackend

    files = sorted(require_shared(REUTERS).glob("reut2-*.sgm"))
    report = reindex_opensearch(files, opensearch_url, ALIAS, shards=2, replicas=1)
    assert report.articles == 21_578 and not report.failed
    cluster = OpenSearchBackend(opensearch_url, ALIAS)
    embedded = IndexHandle(reuters_index).get()
    yield cluster, embedded
    cluster.close()
    embedded.close()
    drop_opensearch_alias(opensearch_url, ALIAS)


@pytest.mark.parametrize("request_", REQUESTS, ids=repr)
def test_the_cluster_finds_and_counts_what_the_embedded_index_does(backends, request_):
    cluster, embedded = backends
    ours, theirs = cluster.search(request_), embedded.search(request_)
    assert theirs.total > 20, "a query that finds too little to compare"
    assert ours.total == theirs.total
    assert ours.words_matched == theirs.words_matched
    assert ours.facets == theirs.facets
    assert ours.timeline == theirs.timeline
    assert (ours.groups, ours.collapsed) == (theirs.groups, theirs.collapsed), "the same groups of duplicates"
    if request_.sort != "relevance" or not request_.q:  # an order of dates, not of scores: the same page exactly
        assert [(hit.id, hit.similar) for hit in ours.hits] == [(hit.id, hit.similar) for hit in theirs.hits]

"""Syntax queries evaluated over the rank postings give Whoosh's matches, and its scores as they combine.

Both score a word with the one BM25 of ``indexer/search/ranking.py`` (checked by hand in ``test_ranking.py``);
what is compared here is which documents phrases, AND, OR and NOT match and how their scores add up.
"""

import json

import numpy as np
import pytest
from helpers import REUTERS, require_shared, search_index_of

from indexer.index.reindex import reindex
from indexer.search import IndexHandle, SearchRequest, syntax

STORIES = [
    {"title": "Bank of Japan holds interest rates", "text": "The Bank of Japan held interest rates; rates stay low."},
    {"title": "Rates of interest", "text": "Interest on deposits and rates on loans rose at the bank."},
    {"title": "Crude oil prices climb", "text": "Crude oil prices climbed as crude output fell; oil traders said."},
    {"title": "Oil output", "text": "Crude and refined oil output rose. Gold prices fell, silver too."},
    {"title": "Gold and silver", "text": "Gold rose while silver slipped; the bank of England watched gold."},
    {"title": "Trade deficit widens", "text": "The trade deficit widened; a deficit in trade with Japan grew."},
    {"title": "Japan trade", "text": "Japan said trade talks on the deficit continue in Tokyo."},
]

QUERIES = [
    '"interest rates"', '"bank of japan"', '"crude oil"', '"crude oil"~3', '"oil prices" OR "gold prices"',
    "oil AND prices", "gold OR silver", "title:gold", "gold NOT silver", "NOT oil", '"trade deficit" japan',
    "(oil OR gold) AND (prices OR output) NOT silver", "oil -prices", "oil^3 AND crude", 'title:"interest rates"',
    '"interest rates"^2 OR title:rates', "body:deficit AND title:japan", '"rates rates"', '"no such words"',
    "trade AND NOT (japan OR tokyo)",
]


def whoosh_scores(index, text_query):
    top = index.searcher.search(text_query, limit=None).top_n
    return {docnum: score for score, docnum in top}


def assert_same_as_whoosh(index, q):
    text_query, _ = index.parser.parse(q)
    found = syntax.all_scores(text_query, index.searcher)
    assert found is not None, f"{q!r} should be evaluated over the rank postings"
    ids, scores = found
    expected = whoosh_scores(index, text_query)
    assert ids.tolist() == sorted(expected), q
    assert np.allclose(scores, [expected[d] for d in ids.tolist()], rtol=1e-12, atol=0), q
    return len(ids)


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return search_index_of(tmp_path_factory.mktemp("syntax"), STORIES)


@pytest.mark.parametrize("q", QUERIES)
def test_matches_and_scores_equal_whoosh(index, q):
    assert_same_as_whoosh(index, q)


def test_phrases_need_order_and_adjacency(index):
    titles = {q: sorted(hit.title for hit in index.search(SearchRequest(q)).hits)
              for q in ('"interest rates"', '"rates interest"')}
    assert titles['"interest rates"'] == ["Bank of Japan holds interest rates"]
    # Word order matters, and stop words take no position: "Rates of interest" holds "rates interest".
    assert titles['"rates interest"'] == ["Rates of interest"]
    assert sorted(hit.title for hit in index.search(SearchRequest('"crude oil"')).hits) == ["Crude oil prices climb"]
    # "Crude and refined oil": two words apart once stop words are dropped, so only slop 2 or more finds it.
    assert sorted(hit.title for hit in index.search(SearchRequest('"crude oil"~3')).hits) == [
        "Crude oil prices climb", "Oil output"]


def test_what_it_does_not_evaluate_goes_to_whoosh(index):
    for q in ("oil*", "date:2020"):
        text_query, _ = index.parser.parse(q)
        assert syntax.all_scores(text_query, index.searcher) is None, q
    assert index.search(SearchRequest("gol*")).total == 2


def test_deleted_articles_never_match(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps(STORIES[0]), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps(STORIES[1]), encoding="utf-8")
    reindex([tmp_path], tmp_path / "index", jobs=1, progress=False)
    (tmp_path / "a.jsonl").unlink()
    reindex([tmp_path], tmp_path / "index", incremental=True, jobs=1, progress=False)
    index = IndexHandle(tmp_path / "index").get()
    for q in ('"interest rates"', "interest AND rates", "NOT gold", "bank OR japan"):
        assert_same_as_whoosh(index, q)
        assert all(hit.title == "Rates of interest" for hit in index.search(SearchRequest(q)).hits), q


def test_reuters_syntax_queries_equal_whoosh(reuters_index):
    """Over the whole of Reuters-21578, with the query benchmark's syntax queries and more."""
    require_shared(REUTERS)
    index = IndexHandle(reuters_index).get()
    queries = ['"trade deficit"', '"interest rates"', '"crude oil"', '"money supply"', '"west german"',
               "oil AND prices", "gold OR silver", "title:coffee", "wheat NOT corn", '"net loss" dividend',
               '"bank of japan"', '"crude oil"~3', "NOT oil", '(oil OR gas) AND (price OR prices) NOT opec',
               '"west german bundesbank"', 'said AND "said"']
    assert sum(assert_same_as_whoosh(index, q) for q in queries) > 20000

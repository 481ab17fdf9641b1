"""Rules of the embedded backend (indexer/search/engine.py) on a small hand-made index: duplicates folded
and listed, every hit of a request, scores and snippets of hits, dates as shown, file times, the format
check. With ``test_search.py`` and the embedded half of ``test_search_contract.py``, the module's own
tests for ``bench/mutation.py``.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest

from indexer.index.reindex import reindex
from indexer.index.store import FORMAT, StaleIndex
from indexer.search import IndexHandle, QueryError, SearchRequest
from indexer.search.engine import SearchIndex

BODY = ("Vietnam exported 1.2 million tonnes of rice in the first quarter, up from a year earlier, "
        "the agriculture ministry said on Tuesday. Traders in Ho Chi Minh City said strong demand from "
        "the Philippines and Indonesia had lifted prices to their highest level in two years, and that "
        "exporters expected shipments to stay high until the summer harvest reached the markets.")
STORIES = [
    {"title": "Vietnam rice exports rise", "text": BODY, "date": "1987-03-03T09:00:00", "source": "Wire"},
    # The same story again two hours later: one group of duplicates with the first.
    {"title": "Vietnam rice exports rise", "text": BODY, "date": "1987-03-03T11:30:00", "source": "Wire"},
    {"title": "Gold prices fall", "text": "Gold prices fell in Zurich as the dollar rose.", "date": "1987-03-04",
     "source": "Wire"},
    {"title": "Undated trade note", "text": "Trade figures without a date, and rice too.", "source": "Wire"},
]
# The file's modification time, set before the reindex reads it: 1,700,000,000 s is 2023-11-14 22:13:20 UTC.
MTIME_NS = 1_700_000_000_123_456_789


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rules")
    stories = folder / "stories.jsonl"
    stories.write_text("\n".join(json.dumps(story) for story in STORIES), encoding="utf-8")
    os.utime(stories, ns=(MTIME_NS, MTIME_NS))
    reindex([folder], folder / "index", jobs=1, progress=False)
    return IndexHandle(folder / "index").get()


def by_title(index, q: str, **options) -> dict[str, list]:
    found: dict[str, list] = {}
    for hit in index.search(SearchRequest(q, page_size=100, **options)).hits:
        found.setdefault(hit.title, []).append(hit)
    return found


def test_a_date_with_a_time_shows_it_and_a_day_alone_shows_the_day(index):
    dates = sorted((hit.date or "") for hits in by_title(index, "").values() for hit in hits)
    assert dates == ["", "1987-03-03T09:00:00", "1987-03-03T11:30:00", "1987-03-04"]


def test_collapse_shows_one_hit_per_group_of_copies(index):
    folded = index.search(SearchRequest("rice", collapse=True))
    assert (folded.total, folded.groups, folded.collapsed) == (3, 2, True)
    assert sorted((hit.title, hit.similar) for hit in folded.hits) == [
        ("Undated trade note", 0), ("Vietnam rice exports rise", 1)]
    every = index.search(SearchRequest("rice"))
    assert (every.total, every.groups, every.collapsed) == (3, 2, False)
    assert sorted((hit.title, hit.similar) for hit in every.hits) == [
        ("Undated trade note", 0), ("Vietnam rice exports rise", 1), ("Vietnam rice exports rise", 1)]


def test_similar_lists_the_group_of_an_article(index):
    copies = by_title(index, "rice")["Vietnam rice exports rise"]
    group = index.search(SearchRequest("", similar=copies[0].id))
    assert sorted(hit.id for hit in group.hits) == sorted(hit.id for hit in copies)
    [gold] = by_title(index, "gold")["Gold prices fall"]
    assert [hit.id for hit in index.search(SearchRequest("", similar=gold.id)).hits] == [gold.id]


@pytest.mark.parametrize("article_id, shown", [
    ("0" * 16, "'0000000000000000'"),
    ("a" * 40, "'" + "a" * 40 + "'"),  # forty characters are shown whole
    ("a" * 41, "'" + "a" * 40 + "…'"),  # longer ones cut at forty
    ("é" + "0" * 15, "'é" + "0" * 15 + "'"),  # not hexadecimal ASCII: no id
])
def test_similar_to_no_article_is_refused_naming_the_id(index, article_id, shown):
    with pytest.raises(QueryError) as refused:
        index.search(SearchRequest("", similar=article_id))
    assert str(refused.value).startswith(f"no article with id {shown} to show the similar stories of")


def test_hits_without_words_to_rank_by_score_zero(index):
    assert {hit.score for hit in index.search(SearchRequest("", page_size=100)).hits} == {0.0}
    assert {hit.score for hit in index.search(SearchRequest("rice", sort="newest")).hits} == {0.0}
    assert all(hit.score > 0 for hit in index.search(SearchRequest("rice")).hits)


def test_no_snippets_asked_for_gives_none(index):
    assert [hit.snippet for hit in index.search(SearchRequest("gold", snippets=False)).hits] == [""]
    [hit] = index.search(SearchRequest("gold")).hits
    assert "<mark>Gold</mark>" in hit.snippet


def test_hits_yields_every_match_ranked_with_its_score(index):
    request = SearchRequest("rice OR gold", page_size=2, collapse=True)
    every = list(index.hits(request))
    assert len(every) == 4, "every match, past the page and each copy of a duplicate"
    page = index.search(SearchRequest("rice OR gold", page_size=100))
    assert {hit.id: hit.score for hit in every} == {hit.id: hit.score for hit in page.hits}
    scores = [hit.score for hit in every]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    newest = [hit.date for hit in index.hits(SearchRequest("rice", sort="newest"))]
    assert newest == ["1987-03-03T11:30:00", "1987-03-03T09:00:00", None]
    assert {hit.score for hit in index.hits(SearchRequest("rice", sort="newest"))} == {0.0}


def test_hits_checks_the_request_before_the_first_hit(index):
    with pytest.raises(QueryError, match="unknown sort 'oldest'"):
        index.hits(SearchRequest("rice", sort="oldest"))  # raised by the call, not by reading a hit
    unknown_facet = [hit.id for hit in index.hits(SearchRequest("  rice  ", filters={"planet": ["Mars"]}))]
    assert unknown_facet == [hit.id for hit in index.hits(SearchRequest("rice"))]


def test_file_modified_is_the_time_the_reindex_saw(index):
    [hit] = index.search(SearchRequest("gold")).hits
    assert index.file_modified(hit.path) == datetime(2023, 11, 14, 22, 13, 20, 123457, tzinfo=UTC)
    assert index.file_modified(hit.path + ".missing") is None


def test_an_index_of_another_format_is_refused(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps(STORIES[2]), encoding="utf-8")
    reindex([tmp_path], tmp_path / "index", jobs=1, progress=False)
    generation = IndexHandle(tmp_path / "index").store.current()
    SearchIndex(generation).close()
    (generation / FORMAT).write_text(json.dumps({"format": 1}), encoding="utf-8")
    with pytest.raises(StaleIndex, match="index format 1"):
        SearchIndex(generation)

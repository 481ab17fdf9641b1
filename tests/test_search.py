import json

import pytest
from helpers import search_index_of, wire_stories

from indexer.index.reindex import reindex
from indexer.search import MAX_QUERY_CHARS, IndexHandle, QueryError, SearchRequest

STORIES = [
    ("2019-03-01", "Japan and Vietnam sign trade pact",
     "Prime Minister Shinzo Abe of Japan and Prime Minister Nguyen Xuan Phuc of Vietnam signed a trade pact "
     "in Tokyo on Friday, officials said."),
    ("2020-06-15", "Vietnam rice exports to the Philippines rise",
     "Vietnam shipped more rice to the Philippines this quarter, the trade ministry in Hanoi said."),
    ("2021-09-20", "South Korea and Japan hold security talks",
     "Officials from South Korea and Japan met in Seoul for security talks, President Moon Jae-in said."),
    ("2022-01-10", "Nguyễn Phú Trọng meets Japanese delegation",
     "Party General Secretary Nguyễn Phú Trọng met a Japanese delegation in Hanoi and praised ties with Japan."),
    ("2022-05-05", "Electricity prices climb in Germany",
     "Electricity prices in Germany climbed again, Chancellor Olaf Scholz said in Berlin."),
    ("2023-07-07", "Climate summit opens",
     "A climate summit opened with delegates from many nations discussing emissions targets."),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return search_index_of(tmp_path_factory.mktemp("stories"), wire_stories(STORIES))


def titles(result):
    return [hit.title for hit in result.hits]


def test_ranked_search_title_weighted(index):
    result = index.search(SearchRequest("Japan"))
    assert result.total == 3
    assert set(titles(result)[:2]) == {"Japan and Vietnam sign trade pact", "South Korea and Japan hold security talks"}


def test_accent_insensitive_both_ways(index):
    assert titles(index.search(SearchRequest("Nguyen Phu Trong")))[0] == "Nguyễn Phú Trọng meets Japanese delegation"
    assert titles(index.search(SearchRequest("Nguyễn Phú Trọng")))[0] == "Nguyễn Phú Trọng meets Japanese delegation"


def test_phrase_boolean_and_fielded_queries(index):
    assert titles(index.search(SearchRequest('"security talks"'))) == ["South Korea and Japan hold security talks"]
    assert titles(index.search(SearchRequest('"talks security"'))) == []
    assert titles(index.search(SearchRequest("Japan AND Vietnam"))) == ["Japan and Vietnam sign trade pact"]
    assert sorted(titles(index.search(SearchRequest("Japan NOT Vietnam")))) == [
        "Nguyễn Phú Trọng meets Japanese delegation", "South Korea and Japan hold security talks"]
    assert titles(index.search(SearchRequest("title:rice"))) == ["Vietnam rice exports to the Philippines rise"]
    assert index.search(SearchRequest("rice OR electricity")).total == 2
    assert sorted(titles(index.search(SearchRequest("Japan -Vietnam")))) == sorted(
        titles(index.search(SearchRequest("Japan NOT Vietnam"))))


def test_person_and_country_clauses(index):
    assert titles(index.search(SearchRequest("person:scholz"))) == ["Electricity prices climb in Germany"]
    assert titles(index.search(SearchRequest("country:philippines"))) == [
        "Vietnam rice exports to the Philippines rise"]
    assert index.search(SearchRequest('country:"south korea" security')).total == 1


def test_date_range(index):
    assert sorted(titles(index.search(SearchRequest("date:[2022-01-01 to 2022-12-31]")))) == [
        "Electricity prices climb in Germany", "Nguyễn Phú Trọng meets Japanese delegation"]


def test_browse_mode_newest_first_and_paging(index):
    first = index.search(SearchRequest("", page_size=4, sort="newest"))
    assert first.total == len(STORIES)
    assert [hit.date for hit in first.hits] == ["2023-07-07", "2022-05-05", "2022-01-10", "2021-09-20"]
    second = index.search(SearchRequest("", page=2, page_size=4, sort="newest"))
    assert [hit.date for hit in second.hits] == ["2020-06-15", "2019-03-01"]


def test_multi_select_facets_count_without_their_own_filter(index):
    result = index.search(SearchRequest("", filters={"country": ["Japan"]}))
    assert result.total == 3
    countries = dict(result.facets["country"])
    assert countries["Japan"] == 3
    assert countries["Germany"] == 1, "other countries still show what they would add"
    both = index.search(SearchRequest("", filters={"country": ["Japan", "Germany"]}))
    assert both.total == 4, "values inside one facet combine with OR"
    narrowed = index.search(SearchRequest("", filters={"country": ["Japan"], "year": ["2022"]}))
    assert titles(narrowed) == ["Nguyễn Phú Trọng meets Japanese delegation"], "facets combine with AND"
    assert dict(narrowed.facets["year"])["2019"] == 1, "year counts ignore the year filter itself"


def test_unknown_filter_value_gives_no_results_not_everything(index):
    result = index.search(SearchRequest("", filters={"country": ["Atlantis"]}))
    assert result.total == 0 and result.hits == []
    assert ("Atlantis", 0) in result.facets["country"], "the selected value stays visible to remove"


def test_snippets_highlight_and_escape(index):
    [hit] = index.search(SearchRequest("electricity")).hits
    assert "<mark" in hit.snippet and "Electricity</mark>" in hit.snippet


def test_did_you_mean(index):
    result = index.search(SearchRequest("electrcity"))
    assert result.total == 0
    assert result.suggestion == "electricity"
    assert index.search(SearchRequest("electricity")).suggestion is None


@pytest.mark.parametrize("q", ['"unbalanced', "AND OR", "title:", "((", "NOT", "*", "?", ":", "date:[", "a" * 999])
def test_malformed_queries_do_not_raise(index, q):
    """Searched as plain words (docs/query-syntax.md), none of them a word of any story: no hits, no error."""
    result = index.search(SearchRequest(q))
    assert (result.total, result.hits) == (0, [])


@pytest.mark.parametrize("q", ['"electricity', "electricity AND OR", "title: electricity", "((electricity",
                               "electricity NOT", "OR electricity"])
def test_malformed_queries_find_their_words(index, q):
    assert titles(index.search(SearchRequest(q))) == ["Electricity prices climb in Germany"]


def test_overlong_query_is_refused_clearly(index):
    with pytest.raises(QueryError, match="limit"):
        index.search(SearchRequest("x" * (MAX_QUERY_CHARS + 1)))


def test_json_document_shape(index):
    document = index.search(SearchRequest("Japan", page_size=2)).to_json()
    assert document["total"] == 3 and len(document["hits"]) == 2
    assert set(document["hits"][0]) == {"id", "title", "date", "source", "url", "persons", "countries", "snippet",
                                        "similar"}
    assert all(isinstance(pair, list) and len(pair) == 2 for pair in document["facets"]["person"])
    json.dumps(document)


def test_article_lookup(index):
    hit = index.search(SearchRequest("electricity")).hits[0]
    article = index.article(hit.id)
    assert article["title"] == "Electricity prices climb in Germany"
    assert "Olaf Scholz" in article["persons"]
    assert index.article("0" * 16) is None


def test_newest_first_keeps_highlights_and_puts_undated_last(tmp_path):
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(record) for record in [
        {"title": "Undated trade note", "text": "Trade figures without a date."},
        {"title": "Old trade story", "text": "Trade rose.", "date": "2001-01-01"},
        {"title": "New trade story", "text": "Trade fell.", "date": "2024-01-01"},
    ]))
    reindex([tmp_path], tmp_path / "index", jobs=1, progress=False)
    index = IndexHandle(tmp_path / "index").get()
    for q in ("trade", ""):
        result = index.search(SearchRequest(q, sort="newest"))
        assert titles(result) == ["New trade story", "Old trade story", "Undated trade note"]
    assert all("<mark" in hit.snippet for hit in index.search(SearchRequest("trade", sort="newest")).hits)
    assert titles(index.search(SearchRequest("trade", sort="newest", page=2, page_size=2))) == ["Undated trade note"]


def test_scoring_caches_are_shared_by_threads_and_bounded(index):
    from indexer.search import ranking as scoring

    mine, other = index.index.reader(), index.index.reader()
    assert mine is not other
    keys = [scoring.segment_key(leaf) for reader in (mine, other) for leaf, _ in reader.leaf_readers()]
    assert len(keys) == 2 and keys[0] == keys[1], "two readers of one segment share caches"
    cache = scoring._LRU(capacity=10)
    cache.put("a", 1, size=6)
    cache.put("b", 2, size=3)
    assert cache.get("a") == 1  # now the most recently used
    cache.put("c", 3, size=4)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3), "least recently used goes first"


def test_facet_values_most_frequent_first_ties_alphabetical(index, monkeypatch):
    from indexer.search import engine as search

    for q in ("", "japan", "trade"):
        facets = index.search(SearchRequest(q)).facets
        for name in ("person", "country", "source"):
            assert facets[name] == sorted(facets[name], key=lambda item: (-item[1], item[0])), (q, name)
        assert facets["year"] == sorted(facets["year"], reverse=True)
    everything = index.search(SearchRequest("")).facets["country"]
    monkeypatch.setattr(search, "FACET_LIMIT", 2)
    assert index.search(SearchRequest("")).facets["country"] == everything[:2], \
        "the cut keeps the first values of that order"

"""The JSON API: /api/search (the ``newsdex search --json`` document), /api/entities, /api/article."""

from __future__ import annotations

import pytest

from indexer.search import IndexHandle, SearchRequest


@pytest.fixture(scope="module")
def index(index_root):
    return IndexHandle(index_root).get()


def without_timing(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "seconds"}


@pytest.mark.parametrize("args, call", [
    ("q=trade", {"q": "trade"}),
    ("q=trade&country=Japan&country=Vietnam&person=Fumio+Kishida",
     {"q": "trade", "filters": {"country": ["Japan", "Vietnam"], "person": ["Fumio Kishida"]}}),
    ("year=2022&source=Kyodo&sort=newest&page=2&page_size=1",
     {"filters": {"year": ["2022"], "source": ["Kyodo"]}, "sort": "newest", "page": 2, "page_size": 1}),
    ("q=%22unbalanced", {"q": '"unbalanced'}),
])
def test_search_returns_exactly_the_search_document(client, index, args, call):
    response = client.get("/api/search?" + args)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    expected = index.search(SearchRequest(call.get("q", ""), filters=call.get("filters"), page=call.get("page", 1),
                            page_size=call.get("page_size", 10), sort=call.get("sort", "relevance"))).to_json()
    assert without_timing(response.get_json()) == without_timing(expected)
    assert set(response.get_json()) == set(expected)


def test_search_document_shape(client):
    document = client.get("/api/search?q=trade&country=Japan").get_json()
    assert document["total"] == len(document["hits"]) == 2
    assert document["filters"] == {"country": ["Japan"]}
    assert set(document["hits"][0]) == {"id", "title", "date", "source", "url", "persons", "countries",
                                        "snippet", "similar"}
    assert dict(map(tuple, document["facets"]["country"]))["Vietnam"] == 2


@pytest.mark.parametrize("args", ["page=0", "page=abc", "page=-2", "page_size=0", "page_size=101",
                                  "page_size=x",
                                  "sort=oldest", "q=" + "x" * 1001, "country=" + "x" * 201,
                                  "&".join(f"person=p{i}" for i in range(60))])
def test_bad_search_parameters_are_400_json(client, args):
    response = client.get("/api/search?" + args)
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.get_json()["error"]


def test_search_reads_lucene_syntax_and_refuses_what_it_does_not_offer(client):
    # Five stories name Kishida (one edit from Kishda); a2, a4 and a6 do without the word trade.
    assert client.get("/api/search", query_string={"q": "Kishda~1"}).get_json()["total"] == 5
    hits = client.get("/api/search", query_string={"q": "+kishida -trade"}).get_json()["hits"]
    assert {hit["title"] for hit in hits} == {"Japan and South Korea hold summit", "Election campaign begins in Japan",
                                              "Kishida visits Vietnam for talks"}
    response = client.get("/api/search", query_string={"q": "/kish.da/"})
    assert response.status_code == 400 and "regular expressions are not supported" in response.get_json()["error"]


def test_entities_autocomplete_by_any_word_of_the_name(client):
    assert client.get("/api/entities?type=person&prefix=kis").get_json() == [
        {"name": "Fumio Kishida", "slug": "fumio-kishida", "count": 5}]
    names = [e["name"] for e in client.get("/api/entities?type=person&prefix=fum").get_json()]
    assert names == ["Fumio Kishida"]
    assert [e["name"] for e in client.get("/api/entities?type=person&prefix=fumio%20k").get_json()] == [
        "Fumio Kishida"]
    names = [e["name"] for e in client.get("/api/entities?type=country&prefix=KOR").get_json()]
    assert names == ["South Korea"]


def test_entities_prefix_is_accent_insensitive(client):
    found = client.get("/api/entities", query_string={"type": "person", "prefix": "Trọ"}).get_json()
    assert found == [{"name": "Nguyen Phu Trong", "slug": "nguyen-phu-trong", "count": 4}]


def test_entities_without_prefix_lists_most_named_first_and_limits(client):
    found = client.get("/api/entities?type=country&limit=2").get_json()
    assert found == [{"name": "Japan", "slug": "japan", "count": 8},
                     {"name": "Vietnam", "slug": "vietnam", "count": 7}]
    assert client.get("/api/entities?type=person&prefix=zzz").get_json() == []


@pytest.mark.parametrize("args", ["", "type=place", "type=person&limit=0", "type=person&limit=1000",
                                  "type=person&limit=x", "type=person&prefix=" + "a" * 201])
def test_bad_entity_requests_are_400_json(client, args):
    response = client.get("/api/entities?" + args)
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_article_json(client, index):
    hit = index.search(SearchRequest("semiconductors")).hits[0]
    response = client.get(f"/api/article/{hit.id}")
    assert response.status_code == 200
    document = response.get_json()
    assert document["id"] == hit.id and document["title"] == "Yoon and Kishida discuss trade"
    assert document["persons"] == ["Yoon Suk Yeol", "Fumio Kishida"]
    assert document["body"].startswith("President Yoon Suk Yeol")
    assert "path" not in document  # the server's file layout is nobody's business


@pytest.mark.parametrize("article_id", ["0000000000000000", "../etc/passwd", "nothex!"])
def test_unknown_article_json_is_404(client, article_id):
    response = client.get(f"/api/article/{article_id}")
    assert response.status_code == 404
    assert response.get_json()["error"]


def test_unknown_api_paths_answer_json(client):
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.get_json()["status"] == 404

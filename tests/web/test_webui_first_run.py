"""What a new user sees first: an empty index, counts of one, and the order a listing is in."""

from __future__ import annotations

import re

import pytest
from webui_fixtures import page

from indexer.index.reindex import reindex
from webui import create_app

# "1 articles", "1 people", "1 match “kor”": a count of one followed by a plural noun or verb.
ONE_PLURAL = re.compile(r"(?<![\d,.])1 (?:(?:news |shared |undated )?(?:articles|people|countries|pages|names)"
                        r"|match)\b")


@pytest.fixture(scope="module")
def empty_client(empty_index_root):
    return create_app({"TESTING": True, "INDEX_DIR": str(empty_index_root)}).test_client()


@pytest.fixture(scope="module")
def single_client(tmp_path_factory):
    """An index of one article naming one person and one country."""
    base = tmp_path_factory.mktemp("newsdex-one")
    (base / "corpus").mkdir()
    (base / "corpus" / "one.txt").write_text(
        "Kishida speaks to reporters\n\nPrime Minister Fumio Kishida of Japan spoke to reporters on Monday.\n",
        encoding="utf-8")
    assert not reindex([base / "corpus"], base / "index", jobs=1, progress=False).failed
    return create_app({"TESTING": True, "INDEX_DIR": str(base / "index")}).test_client()


def all_text(response) -> str:
    """Every word of the page, the visually hidden ones included."""
    return page(response).select_one("body").get_text(" ", strip=True)


@pytest.mark.parametrize("path", ["/", "/search?q=trade", "/search?country=Japan", "/search?q=trade&page=3"])
def test_an_empty_index_says_so_and_how_to_fill_it(empty_client, path):
    response = empty_client.get(path)
    assert response.status_code == 200
    soup = page(response)
    notice = soup.select_one("main .empty-index")
    assert notice is not None, path
    assert "The index is empty" in notice.get_text(" ", strip=True)
    assert "newsdex reindex DIR" in [code.get_text() for code in notice.select("code")]
    text = soup.select_one("main").get_text(" ", strip=True)
    assert "Search 0" not in text and "Check the spelling" not in text and "No articles match" not in text


def test_an_index_with_articles_does_not_say_it_is_empty(client):
    assert page(client.get("/")).select_one(".empty-index") is None
    assert page(client.get("/search?q=zebra")).select_one(".empty-index") is None


@pytest.mark.parametrize("path", ["/", "/search?q=kishida", "/people", "/countries", "/people?filter=fumio",
                                  "/people/fumio-kishida", "/countries/japan"])
def test_a_count_of_one_is_singular(single_client, path):
    response = single_client.get(path)
    assert response.status_code == 200
    text = all_text(response)
    assert not ONE_PLURAL.findall(text), ONE_PLURAL.findall(text)


def test_counts_of_one_read_as_one_article_person_and_country(single_client, client):
    assert "Search 1 news article " in all_text(single_client.get("/")) + " "
    assert "1 person named in the archive" in all_text(single_client.get("/people"))
    assert "1 country named in the archive" in all_text(single_client.get("/countries"))
    facet_count = page(client.get("/search?q=semiconductors")).select_one('section[data-facet="person"] .count')
    assert facet_count.get_text(" ", strip=True) == "1 article"
    several = page(client.get("/search")).select_one('section[data-facet="person"] .count')
    assert several.get_text(" ", strip=True) == "5 articles"


@pytest.mark.parametrize("path", ["/search?q=semiconductors", "/search?q=trade&country=Japan", "/people?filter=yoo",
                                  "/people/yoon-suk-yeol", "/countries/south-korea", "/people/nguyen-phu-trong"])
def test_counts_of_one_are_singular_over_the_fixture(client, path):
    text = all_text(client.get(path))
    assert not ONE_PLURAL.findall(text), ONE_PLURAL.findall(text)


@pytest.mark.parametrize("query", ["", "country=Japan", "q=person:kishida", "sort=relevance", "year=2023&page=2"])
def test_a_listing_without_search_words_shows_newest_first_as_its_sort(client, query):
    soup = page(client.get("/search?" + query))
    dates = [time["datetime"] for time in soup.select("ol.results time")]
    assert dates == sorted(dates, reverse=True)
    current = soup.select(".sort [aria-current]")
    assert [element.get_text(strip=True) for element in current] == ["Newest"], query
    assert "Relevance" not in [link.get_text(strip=True) for link in soup.select(".sort a")]  # nothing to rank by
    assert client.get("/api/search?" + query).get_json()["sort"] == "newest"


@pytest.mark.parametrize(("query", "expected"), [("q=trade", "Relevance"), ("q=trade&sort=newest", "Newest")])
def test_a_search_with_words_shows_the_sort_it_used(client, query, expected):
    soup = page(client.get("/search?" + query))
    assert [element.get_text(strip=True) for element in soup.select(".sort [aria-current]")] == [expected]
    assert client.get("/api/search?" + query).get_json()["sort"] == expected.lower()

"""Duplicate stories in the web UI and the JSON API: one result per group with "N similar stories",
the group on a page of its own, ``collapse=0`` for every copy, facets and totals per article.

The corpus is webui_fixtures.DUPLICATE_ARTICLES: the gold mine story three times (original, repeat,
rewrite), an unrelated story under the same headline, the rice story twice, and a typhoon story.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from markupsafe import escape
from webui_fixtures import duplicates_index, facet_counts, hit_titles, page

GOLD_MINE = "Japan and Vietnam to build gold mine"
REWRITE = "Kishida announces Quang Ninh gold mine with Vietnam"


@pytest.fixture(scope="module")
def index_root(tmp_path_factory):
    """This module's index (conftest's app and client open it): the duplicate stories corpus."""
    return duplicates_index(tmp_path_factory.mktemp("newsdex-duplicates"))


def similar_links(soup) -> list[tuple[str, str]]:
    """(hit title, link text) of every hit with a similar-stories link."""
    return [(item.select_one(".result-title a").get_text(strip=True),
             item.select_one(".similar-stories a").get_text(strip=True))
            for item in soup.select("ol.results li.result") if item.select_one(".similar-stories a")]


def test_one_result_per_group_with_a_link_to_its_similar_stories(client):
    soup = page(client.get("/search?q=gold+mine"))
    assert soup.select_one(".summary strong").get_text() == "4", "the total counts articles"
    assert sorted(hit_titles(soup)) == [GOLD_MINE, GOLD_MINE]
    assert similar_links(soup) == [(GOLD_MINE, "2 similar stories")]
    assert " ".join(soup.select_one(".grouping").get_text().split()) == \
        "Similar stories are grouped: 2 results for the 4 articles. Show every copy"
    link = soup.select_one(".similar-stories a")["href"]
    assert parse_qs(urlsplit(link).query)["q"] == ["gold mine"], "the group keeps the search it was found by"


def test_the_similar_stories_page_lists_the_whole_group(client):
    listing = page(client.get("/search?q=gold+mine"))
    soup = page(client.get(listing.select_one(".similar-stories a")["href"]))
    assert sorted(hit_titles(soup)) == sorted([GOLD_MINE, GOLD_MINE, REWRITE])
    assert not soup.select(".similar-stories a"), "a group's own page links to no group"
    assert " ".join(soup.select_one(".similar-notice").get_text().split()) == (
        f"3 similar stories: the copies and rewrites of {GOLD_MINE} that match this search. Back to all results")
    back = soup.select_one(".similar-notice a")["href"]
    assert parse_qs(urlsplit(back).query) == {"q": ["gold mine"]}
    assert facet_counts(soup, "source") == {"VNA": 2, "Kyodo": 1}


def test_collapse_0_shows_every_copy_and_the_facets_count_the_same(client):
    grouped = page(client.get("/search?q=gold+mine"))
    every = page(client.get("/search?q=gold+mine&collapse=0"))
    assert sorted(hit_titles(every)) == sorted([GOLD_MINE, GOLD_MINE, GOLD_MINE, REWRITE])
    assert not every.select(".similar-stories a")
    assert "Every copy of a story is shown." in every.select_one(".grouping").get_text()
    assert every.select_one('input[type="hidden"][name="collapse"]')["value"] == "0", "a new search keeps it"
    for facet in ("source", "country", "person", "year"):
        assert facet_counts(grouped, facet) == facet_counts(every, facet), f"{facet} counts articles either way"
    assert facet_counts(grouped, "source") == {"Kyodo": 2, "VNA": 2}


def test_pages_go_through_groups(client):
    first = page(client.get("/search?sort=newest&page_size=2"))
    # 7 articles in 4 groups: newest first, each group by its newest copy.
    assert hit_titles(first) == [GOLD_MINE, "REPEAT - Vietnam rice exports rise"]
    assert [a.get_text(strip=True) for a in first.select(".pagination a[aria-label^='Page']")] == ["1", "2"]
    second = page(client.get("/search?sort=newest&page_size=2&page=2"))
    assert hit_titles(second) == [REWRITE, "Typhoon season ends in Japan"]
    assert similar_links(second) == [(REWRITE, "2 similar stories")]


def test_api_search_counts_groups_and_similar_copies(client):
    document = client.get("/api/search?q=gold+mine").get_json()
    assert (document["total"], document["groups"], document["collapsed"], document["similar"]) == (4, 2, True, None)
    assert sorted((hit["title"], hit["similar"]) for hit in document["hits"]) == [(GOLD_MINE, 0), (GOLD_MINE, 2)]
    grouped = next(hit for hit in document["hits"] if hit["similar"])
    group = client.get(f"/api/search?q=gold+mine&similar={grouped['id']}").get_json()
    assert (group["total"], group["groups"], group["collapsed"], group["similar"]) == (3, 1, False, grouped["id"])
    assert sorted(hit["title"] for hit in group["hits"]) == sorted([GOLD_MINE, GOLD_MINE, REWRITE])
    every = client.get("/api/search?q=gold+mine&collapse=0").get_json()
    assert (every["total"], len(every["hits"]), every["groups"], every["collapsed"]) == (4, 4, 2, False)
    assert every["facets"] == document["facets"]


@pytest.mark.parametrize("args, message", [
    ("collapse=2", "collapse must be 1"),
    ("collapse=yes", "collapse must be 1"),
    ("similar=" + "a" * 65, "similar must be an article id"),
    ("similar=0000000000000000", "no article with id '0000000000000000'"),
    ("similar=%3Cscript%3E", "no article with id '<script>'"),
])
def test_bad_duplicate_parameters_are_a_clear_400(client, args, message):
    response = client.get("/api/search?" + args)
    assert response.status_code == 400 and message in response.get_json()["error"]
    html = client.get("/search?" + args)
    assert html.status_code == 400
    assert str(escape(message)) in html.get_data(as_text=True), "the page says why, escaped"

"""The timeline on the search page, the ``date`` filter it selects, and both in the JSON API and the feed.

The fixture corpus (webui_fixtures.py) has ten stories dated from 1 May 2022 to 20 November 2023, one a
month at most, and two undated plain-text ones; every expected figure below is counted from it by hand.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from webui_fixtures import facet_counts, hit_titles, page

# Per month, from JSONL_ARTICLES: a6 2022-05, a4 2022-06, a8 2022-11, a3 2022-12, a10 2023-02, a2 2023-03,
# a1 2023-05, a5 2023-08, a7 2023-09, a9 2023-11.
MONTHS_WITH_ARTICLES = ["2022-05", "2022-06", "2022-11", "2022-12", "2023-02", "2023-03", "2023-05", "2023-08",
                        "2023-09", "2023-11"]


def bars(soup) -> list[dict]:
    return [{"label": bar["aria-label"], "link": bar.name == "a", "href": bar.get("href"),
             "start": bar.get("data-start")} for bar in soup.select(".search-timeline .timeline-bar")]


def query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def chips(soup) -> dict[str, str]:
    return {a["aria-label"]: a["href"] for a in soup.select(".chips a.chip")}


def test_every_month_from_the_first_article_to_the_last_is_a_bar(client):
    soup = page(client.get("/search"))
    assert soup.select_one("#timeline-heading").get_text(strip=True) == "Articles per month"
    shown = bars(soup)
    assert len(shown) == 19  # May 2022 to November 2023
    assert shown[0]["label"] == "May 2022: 1 article" and shown[-1]["label"] == "November 2023: 1 article"
    assert [bar["start"] for bar in shown if bar["link"]] == MONTHS_WITH_ARTICLES
    empty = [bar["label"] for bar in shown if not bar["link"]]
    assert empty[:4] == ["July 2022: 0 articles", "August 2022: 0 articles", "September 2022: 0 articles",
                         "October 2022: 0 articles"], "an empty month is drawn, but is no link"
    assert soup.select_one(".timeline-undated").get_text(strip=True) == "Undated: 2"
    assert soup.select_one(".timeline-extent").get_text(strip=True) == "May 2022 to November 2023"


def test_a_bar_links_to_its_month_keeping_the_search_and_its_filters(client):
    soup = page(client.get("/search?q=trade&country=Japan&page=2&sort=newest"))
    links = [bar for bar in bars(soup) if bar["link"]]
    assert links, "trade in Japan has dated articles"
    for bar in links:
        assert query(bar["href"]) == {"q": ["trade"], "country": ["Japan"], "sort": ["newest"],
                                      "date": [bar["start"]]}, "the first page of the period"


def test_a_selected_month_is_a_chip_and_the_facets_follow_it(client):
    everything = page(client.get("/search"))
    assert facet_counts(everything, "source") == {"Kyodo": 5, "VNA": 3, "Yonhap": 2}
    soup = page(client.get("/search?date=2023-03"))
    assert hit_titles(soup) == ["Japan and South Korea hold summit"]
    assert facet_counts(soup, "source") == {"Kyodo": 1}
    assert facet_counts(soup, "country") == {"Japan": 1, "South Korea": 1}
    assert facet_counts(soup, "year") == {"2023": 1}
    assert chips(soup) == {"Remove filter Date: March 2023": "/search"}
    # Zoomed in to the days of the month: the one article is on the 16th.
    assert soup.select_one("#timeline-heading").get_text(strip=True) == "Articles per day"
    assert [bar["label"] for bar in bars(soup)] == ["16 March 2023: 1 article"]
    zoom_out = soup.select_one("a.timeline-zoom-out")
    assert zoom_out.get_text(strip=True) == "Zoom out to 2023" and query(zoom_out["href"]) == {"date": ["2023"]}
    assert soup.select_one('#search-form input[type=hidden][name=date]')["value"] == "2023-03", \
        "a new search from the box keeps the date"


def test_a_date_range_selects_whole_months(client):
    soup = page(client.get("/search?date=2022-11..2023-03&sort=newest"))
    # a8 5 Nov 2022, a3 30 Dec 2022, a10 10 Feb 2023, a2 16 Mar 2023: 131 days, so months.
    assert len(hit_titles(soup)) == 4
    assert chips(soup) == {"Remove filter Date: November 2022 to March 2023": "/search?sort=newest"}
    assert [bar["label"] for bar in bars(soup)] == [
        "November 2022: 1 article", "December 2022: 1 article", "January 2023: 0 articles",
        "February 2023: 1 article", "March 2023: 1 article"]
    assert soup.select_one("a.timeline-zoom-out").get_text(strip=True) == "Show all dates"
    assert soup.select_one(".timeline-undated") is None, "undated articles are never within a range"


def test_a_date_filter_with_other_filters_and_clear_all(client):
    soup = page(client.get("/search?date=2023&source=Kyodo"))
    assert sorted(hit_titles(soup)) == ["Budget row <script>alert(1)</script> in parliament",
                                        "Japan and South Korea hold summit"]
    labels = chips(soup)
    assert query(labels["Remove filter Date: 2023"]) == {"source": ["Kyodo"]}
    assert query(labels["Remove filter Source: Kyodo"]) == {"date": ["2023"]}
    assert soup.select_one(".chips a.chip-clear")["href"] == "/search"


@pytest.mark.parametrize("date, message", [
    ("2023-13", "is not a date"),
    ("2023-02-30", "is not a date"),
    ("March 2023", "is not a date"),
    ("2023-05..2023-01", "ends before it starts"),
    ("..", "names no date"),
])
def test_a_date_that_is_not_one_is_a_400_with_a_message(client, date, message):
    response = client.get("/search", query_string={"date": date})
    assert response.status_code == 400
    alert = page(response).select_one('[role="alert"]').get_text(" ", strip=True)
    assert message in alert
    api = client.get("/api/search", query_string={"date": date})
    assert api.status_code == 400 and message in api.get_json()["error"]


def test_two_date_parameters_are_refused(client):
    response = client.get("/api/search?date=2022&date=2023")
    assert response.status_code == 400
    assert "one date filter" in response.get_json()["error"]


def test_an_empty_date_parameter_is_no_filter(client):
    response = client.get("/api/search?date=")
    assert response.status_code == 200 and response.get_json()["total"] == 12


def test_the_api_returns_the_buckets(client):
    document = client.get("/api/search").get_json()
    timeline = document["timeline"]
    assert timeline["granularity"] == "month" and timeline["undated"] == 2
    assert [start for start, n in timeline["buckets"] if n] == MONTHS_WITH_ARTICLES
    assert len(timeline["buckets"]) == 19 and sum(n for _, n in timeline["buckets"]) == 10
    assert document["date"] is None
    narrowed = client.get("/api/search?date=2023-03").get_json()
    assert narrowed["date"] == "2023-03" and narrowed["total"] == 1
    assert narrowed["timeline"] == {"granularity": "day", "buckets": [["2023-03-16", 1]], "undated": 0}


def test_the_feed_of_a_dated_search_has_only_its_articles(client):
    feed = feedparser.parse(client.get("/search.atom?date=2022").get_data())
    assert sorted(entry.title for entry in feed.entries) == [
        "Election campaign begins in Japan", "Kishida visits Vietnam for talks", "Typhoon season ends in Japan",
        "Vietnam economy grows"]

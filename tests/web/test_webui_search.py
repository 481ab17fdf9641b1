"""The search page: results, facets (multi-select), chips, paging, sorting, suggestions, errors."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from webui_fixtures import XSS_IMG, XSS_SCRIPT, facet_counts, hit_titles, page

ALL_ARTICLES = 12


def test_fixture_entities_are_what_the_tests_expect(client):
    # Every count below follows from these; if extraction changes, this test says so first.
    soup = page(client.get("/search"))
    assert facet_counts(soup, "person") == {"Fumio Kishida": 5, "Nguyen Phu Trong": 4, "Yoon Suk Yeol": 3}
    assert facet_counts(soup, "country") == {"Japan": 8, "Vietnam": 7, "South Korea": 4}
    assert facet_counts(soup, "year") == {"2023": 6, "2022": 4}


def test_home_page_welcomes_and_lists_latest_articles(client):
    response = client.get("/")
    assert response.status_code == 200
    soup = page(response)
    assert "Search 12 news articles" in soup.select_one("#welcome-heading").get_text()
    assert soup.select("ul.examples a")
    assert len(hit_titles(soup)) == 10
    assert soup.select_one("form#search-form[role=search][method=get]")
    assert soup.select_one("label[for=q]") is not None


def test_results_show_title_link_date_source_snippet_and_entities(client):
    soup = page(client.get("/search?q=semiconductors"))
    results = soup.select("ol.results > li")
    assert len(results) == 1
    hit = results[0]
    link = hit.select_one(".result-title a")
    assert link.get_text(strip=True) == "Yoon and Kishida discuss trade"
    assert link["href"].startswith("/article/")
    assert hit.select_one("time")["datetime"] == "2023-11-20"
    assert hit.select_one(".source").get_text(strip=True) == "Yonhap"
    assert hit.select_one(".snippet mark").get_text() == "semiconductors"
    people = {a.get_text(): a["href"] for a in hit.select(".entities a[href^='/people/']")}
    countries = {a.get_text(): a["href"] for a in hit.select(".entities a[href^='/countries/']")}
    assert people == {"Yoon Suk Yeol": "/people/yoon-suk-yeol", "Fumio Kishida": "/people/fumio-kishida"}
    assert countries == {"South Korea": "/countries/south-korea", "Japan": "/countries/japan"}
    summary = soup.select_one(".summary").get_text(" ", strip=True)
    assert summary.startswith("1 article for")
    assert "seconds" in summary


def test_facets_count_the_whole_result_set_not_just_the_page(client):
    soup = page(client.get("/search?page_size=2"))
    assert len(hit_titles(soup)) == 2
    assert sum(facet_counts(soup, "year").values()) == 10  # two more are undated


def test_choosing_a_country_keeps_counts_for_the_other_countries(client):
    soup = page(client.get("/search?country=Japan"))
    assert soup.select_one(".summary strong").get_text() == "8"
    assert facet_counts(soup, "country") == {"Japan": 8, "Vietnam": 7, "South Korea": 4}
    assert facet_counts(soup, "person") == {"Fumio Kishida": 5, "Nguyen Phu Trong": 2, "Yoon Suk Yeol": 2}
    japan = soup.select_one('section[data-facet="country"] input[value="Japan"]')
    vietnam = soup.select_one('section[data-facet="country"] input[value="Vietnam"]')
    assert japan.has_attr("checked") and not vietnam.has_attr("checked")
    assert japan["form"] == "search-form" and japan["name"] == "country"


def test_values_in_one_facet_or_and_different_facets_and(client):
    both = page(client.get("/search?country=Japan&country=South+Korea"))
    assert both.select_one(".summary strong").get_text() == "10"  # Japan 8, plus a5 and a7 (Korea only)
    with_person = page(client.get("/search?country=Japan&country=Vietnam&person=Fumio+Kishida"))
    assert with_person.select_one(".summary strong").get_text() == "5"
    assert facet_counts(with_person, "country") == {"Japan": 5, "Vietnam": 2, "South Korea": 2}
    assert facet_counts(with_person, "person") == {"Fumio Kishida": 5, "Nguyen Phu Trong": 4,
                                                   "Yoon Suk Yeol": 3}
    assert all("Fumio Kishida" in hit.select_one(".entities").get_text()
               for hit in with_person.select("ol.results > li"))


def test_selected_values_are_removable_chips(client):
    soup = page(client.get("/search?q=trade&country=Japan&person=Fumio+Kishida"))
    chips = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".chips a.chip")}
    assert set(chips) == {"Country: Japan ×", "Person: Fumio Kishida ×"}
    without_japan = parse_qs(urlsplit(chips["Country: Japan ×"]).query)
    assert without_japan == {"q": ["trade"], "person": ["Fumio Kishida"]}
    clear = soup.select_one(".chips a.chip-clear")
    assert parse_qs(urlsplit(clear["href"]).query) == {"q": ["trade"]}
    assert soup.select_one('.chips a.chip[aria-label="Remove filter Country: Japan"]')


def test_a_selected_value_that_matches_nothing_still_shows_and_can_be_removed(client):
    soup = page(client.get("/search?country=Atlantis"))
    assert soup.select_one(".summary strong").get_text() == "0"
    assert facet_counts(soup, "country")["Atlantis"] == 0
    assert soup.select_one(".empty-state")
    assert "search without filters" in soup.select_one(".empty-state").get_text()


def test_pagination_pages_through_every_result(client):
    seen = []
    for number in (1, 2, 3):
        soup = page(client.get(f"/search?page_size=5&page={number}"))
        titles = hit_titles(soup)
        assert soup.select_one("ol.results")["start"] == str((number - 1) * 5 + 1)
        current = soup.select_one('.pagination a[aria-current="page"]')
        assert current.get_text() == str(number)
        seen += titles
    assert len(seen) == ALL_ARTICLES and len(set(seen)) == ALL_ARTICLES
    first = page(client.get("/search?page_size=5"))
    next_link = first.select_one('.pagination a[rel="next"]')
    assert parse_qs(urlsplit(next_link["href"]).query) == {"page_size": ["5"], "page": ["2"]}
    assert first.select_one('.pagination a[rel="prev"]') is None


def test_a_page_past_the_end_says_so(client):
    soup = page(client.get("/search?q=trade&page=50"))
    assert "No more results" in soup.select_one(".empty-state").get_text()


def test_sort_by_newest_orders_by_date(client):
    soup = page(client.get("/search?q=trade&sort=newest"))
    dates = [t["datetime"] for t in soup.select("ol.results time")]
    assert len(dates) >= 3 and dates == sorted(dates, reverse=True)
    current = soup.select_one('.sort a[aria-current="true"]')
    assert current.get_text() == "Newest"
    assert soup.select_one('#search-form input[type=hidden][name=sort]')["value"] == "newest"
    relevance = page(client.get("/search?q=trade"))
    assert relevance.select_one('.sort a[aria-current="true"]').get_text() == "Relevance"


def test_did_you_mean_links_to_the_respelled_search(client):
    soup = page(client.get("/search?q=kishidda&country=Japan"))
    link = soup.select_one(".did-you-mean a")
    assert link.get_text() == "kishida"
    assert parse_qs(urlsplit(link["href"]).query) == {"q": ["kishida"], "country": ["Japan"]}


def test_a_relaxed_keyword_query_says_how_many_words_the_hits_hold(client):
    soup = page(client.get("/search?q=trade+zebra"))  # no article has "zebra"
    assert "showing those with at least 1 of the 2" in " ".join(soup.select_one(".words-matched").get_text().split())
    assert soup.select("ol.results li")
    assert page(client.get("/search?q=trade")).select_one(".words-matched") is None


def test_empty_state_helps(client):
    response = client.get("/search?q=zebra")
    assert response.status_code == 200
    empty = page(response).select_one(".empty-state")
    assert "No articles match" in empty.get_text()
    assert empty.select_one('a[href="/help"]')


def test_help_page_documents_the_query_syntax(client):
    response = client.get("/help")
    assert response.status_code == 200
    text = page(response).get_text()
    for syntax in ('"prime minister"', "AND", "OR", "NOT", "person:kishida", "country:japan", "title:summit",
                   "date:[2023-01-01 to 2023-06-30]"):
        assert syntax in text


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR", "title:", "person:", "country:", "NOT", "(((",
                                   "date:[bad", "date:[2020 to", ")", "a:b:c", "*", "?", "\\", "trade^",
                                   "title:(", "x" * 1000, "🙂 émoji ☃", "\u200b", "%00"])
def test_malformed_queries_never_fail_the_server(client, query):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert page(response).select_one(".summary")


def test_an_oversized_query_gets_a_clear_message(client):
    response = client.get("/search", query_string={"q": "x" * 5000})
    assert response.status_code == 400
    alert = page(response).select_one('[role="alert"]')
    assert "limit is 1,000" in alert.get_text()


@pytest.mark.parametrize("args", ["page=abc", "page=0", "page=-1", "page_size=101", "sort=bogus",
                                  "page=99999999999999999999"])
def test_bad_parameters_get_a_message_not_a_crash(client, args):
    response = client.get("/search?" + args)
    assert response.status_code == 400
    assert page(response).select_one('[role="alert"]')


def test_a_query_with_markup_is_shown_as_text(client):
    for query in (XSS_SCRIPT, XSS_IMG):
        body = client.get("/search", query_string={"q": query}).get_data(as_text=True)
        assert query not in body
        assert "alert(1)" in body  # it is there, escaped
        assert "<img src=x" not in body and "<script>alert" not in body


def test_an_article_with_markup_is_shown_as_text(client):
    response = client.get("/search?q=budget+comments")
    body = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x onerror" not in body
    soup = page(response)
    title = soup.select_one(".result-title a").get_text()
    assert title == f"Budget row {XSS_SCRIPT} in parliament"
    assert soup.select("ol.results script") == [] and soup.select("ol.results img") == []


def test_show_more_has_a_no_script_fallback_link(app, client):
    app.config["FACET_SHOWN"] = 2
    soup = page(client.get("/search"))
    items = soup.select('section[data-facet="country"] li')
    assert [item.has_attr("hidden") for item in items] == [False, False, True]
    more = soup.select_one('a[data-show-more="country"]')
    assert parse_qs(urlsplit(more["href"]).query) == {"expand": ["country"]}
    assert soup.select_one('section[data-facet="country"] .facet-filter input[type=search]')
    expanded = page(client.get(more["href"]))
    assert not any(li.has_attr("hidden") for li in expanded.select('section[data-facet="country"] li'))
    assert expanded.select_one('a[data-show-more="country"]') is None
    # a selected value is never hidden, wherever it ranks
    selected = page(client.get("/search?country=South+Korea"))
    korea = selected.select_one('section[data-facet="country"] input[value="South Korea"]').parent
    assert not korea.has_attr("hidden")


def test_the_search_form_keeps_state_in_the_url(client):
    soup = page(client.get("/search?q=trade&sort=newest&page_size=5&country=Japan"))
    form = soup.select_one("#search-form")
    assert form["method"] == "get" and form["action"] == "/search"
    assert soup.select_one("#q")["value"] == "trade"
    assert soup.select_one('#search-form input[name="page_size"]')["value"] == "5"
    feed = soup.select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert parse_qs(urlsplit(feed["href"]).query) == {"q": ["trade"], "country": ["Japan"]}

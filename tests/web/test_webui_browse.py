"""Browsing: the people and country lists, a page per person and country, and the article page."""

from __future__ import annotations

import pytest
from webui_fixtures import XSS_IMG, XSS_SCRIPT, hit_titles, page

from indexer.search import IndexHandle, SearchRequest


@pytest.fixture(scope="module")
def ids(index_root) -> dict[str, str]:
    """Article title -> id (ids derive from file paths, so they are looked up, not hard-coded)."""
    result = IndexHandle(index_root).get().search(SearchRequest("", page_size=100, snippets=False))
    return {hit.title: hit.id for hit in result.hits}


def table_rows(soup) -> list[tuple[str, int, str]]:
    rows = []
    for row in soup.select("#entity-table tbody tr"):
        link = row.select_one("a")
        rows.append((link.get_text(), int(row.select_one("td.num").get_text()), link["href"]))
    return rows


def test_people_lists_everyone_with_counts_most_first(client):
    response = client.get("/people")
    assert response.status_code == 200
    assert table_rows(page(response)) == [
        ("Fumio Kishida", 5, "/people/fumio-kishida"),
        ("Nguyen Phu Trong", 4, "/people/nguyen-phu-trong"),
        ("Yoon Suk Yeol", 3, "/people/yoon-suk-yeol"),
    ]


def test_countries_sort_by_name_and_filter(client):
    by_name = table_rows(page(client.get("/countries?sort=name")))
    assert [name for name, _, _ in by_name] == ["Japan", "South Korea", "Vietnam"]
    filtered = table_rows(page(client.get("/countries?filter=kor")))
    assert filtered == [("South Korea", 4, "/countries/south-korea")]


def test_list_filter_ignores_accents_and_says_when_nothing_matches(client):
    assert [r[0] for r in table_rows(page(client.get("/people", query_string={"filter": "Trọng"})))] == [
        "Nguyen Phu Trong"]
    empty = page(client.get("/people?filter=zzz"))
    assert "No people match" in empty.select_one(".empty-state").get_text()


def test_list_pages(app, client):
    app.config["ENTITY_PAGE_SIZE"] = 2
    first = page(client.get("/people"))
    second = page(client.get("/people?page=2"))
    assert len(table_rows(first)) == 2 and table_rows(second)[0][0] == "Yoon Suk Yeol"
    assert client.get("/people?page=3").status_code == 404
    assert client.get("/people?page=x").status_code == 404


def test_person_page_shows_articles_newest_first(client):
    response = client.get("/people/fumio-kishida")
    assert response.status_code == 200
    soup = page(response)
    assert soup.select_one("h1").get_text() == "Fumio Kishida"
    dates = [t["datetime"] for t in soup.select("ol.results time")]
    assert dates == ["2023-11-20", "2023-05-02", "2023-03-16", "2022-06-22", "2022-05-01"]


def test_person_page_lists_who_and_what_co_occurs(client):
    soup = page(client.get("/people/fumio-kishida"))

    def related(kind):
        return [(li.a.get_text(), li.a["href"], li.select_one(".count").contents[0])
                for li in soup.select(f"#related-{kind} + ol li")]

    assert related("person") == [("Yoon Suk Yeol", "/people/yoon-suk-yeol", "2"),
                                 ("Nguyen Phu Trong", "/people/nguyen-phu-trong", "1")]
    assert related("country")[0] == ("Japan", "/countries/japan", "5")
    assert {name: n for name, _, n in related("country")} == {"Japan": "5", "Vietnam": "2",
                                                               "South Korea": "2"}


def test_person_page_counts_articles_month_by_month(client):
    soup = page(client.get("/people/fumio-kishida"))
    months = {row.select_one("time")["datetime"]: int(row.select_one("td.num").get_text())
              for row in soup.select("table.months tbody tr")}
    assert list(months)[0] == "2022-05" and list(months)[-1] == "2023-11"
    assert len(months) == 19  # every month from the first to the last, empty ones included
    assert {m: n for m, n in months.items() if n} == {
        "2022-05": 1, "2022-06": 1, "2023-03": 1, "2023-05": 1, "2023-11": 1}
    full = soup.select("table.months .bar")
    assert len(full) == 5 and all("w100" in bar["class"] for bar in full)


def test_country_page_counts_undated_articles_apart(client):
    soup = page(client.get("/countries/vietnam"))
    assert soup.select_one("h1").get_text() == "Vietnam"
    assert "Country named in 7 articles" in soup.select_one(".lede").get_text(" ", strip=True)
    assert "2 undated articles" in soup.select_one(".timeline").get_text()


def test_entity_pages_page_through_articles(app, client):
    app.config["ENTITY_ARTICLES"] = 2
    seen = []
    for number in (1, 2, 3):
        soup = page(client.get(f"/people/fumio-kishida?page={number}"))
        seen += hit_titles(soup)
    assert len(seen) == 5 and len(set(seen)) == 5
    assert client.get("/people/fumio-kishida?page=4").status_code == 404


@pytest.mark.parametrize("path", ["/people/nobody", "/countries/atlantis", "/people/Fumio-Kishida",
                                  "/people/..%2F..%2Fetc", "/countries/" + "a" * 300,
                                  "/people/fumio-kishida/x"])
def test_unknown_entities_are_404(client, path):
    assert client.get(path).status_code == 404


def test_article_page_shows_the_full_text_and_links_its_entities(client, ids):
    response = client.get(f"/article/{ids['Kishida meets Trong in Hanoi on trade']}")
    assert response.status_code == 200
    soup = page(response)
    assert soup.select_one("h1").get_text() == "Kishida meets Trong in Hanoi on trade"
    paragraphs = [p.get_text() for p in soup.select(".article-body p")]
    assert len(paragraphs) == 2 and paragraphs[1].startswith("Officials said")
    assert soup.select_one(".article time")["datetime"] == "2023-05-02"
    meta = soup.select_one(".article .meta").get_text(" ", strip=True)
    assert "VNA" in meta and "By Lan Anh" in meta
    side = soup.select_one(".article-side")
    assert {a.get_text(): a["href"] for a in side.select("a[href^='/people/'], a[href^='/countries/']")} == {
        "Fumio Kishida": "/people/fumio-kishida", "Nguyen Phu Trong": "/people/nguyen-phu-trong",
        "Vietnam": "/countries/vietnam", "Japan": "/countries/japan"}
    assert side.select_one('a[href="https://example.com/a1"]')


def test_article_page_escapes_markup_and_drops_unsafe_links(client, ids):
    article_id = ids[f"Budget row {XSS_SCRIPT} in parliament"]
    response = client.get(f"/article/{article_id}")
    body = response.get_data(as_text=True)
    assert XSS_SCRIPT not in body and XSS_IMG not in body
    soup = page(response)
    assert soup.select_one("h1").get_text() == f"Budget row {XSS_SCRIPT} in parliament"
    assert XSS_IMG in soup.select_one(".article-body").get_text()
    assert not soup.select('a[href^="javascript:"]')
    assert not soup.select(".article img") and not soup.select(".article script")


@pytest.mark.parametrize("article_id", ["0000000000000000", "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd",
                                        "ABCDEF0123456789", "0123456789abcdef0", "0123", "%00", "x" * 5000])
def test_unknown_or_malformed_article_ids_are_404(client, article_id):
    assert client.get(f"/article/{article_id}").status_code == 404

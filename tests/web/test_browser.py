"""End to end in real Chromium (Playwright, sync API) against a live server over the fixture index.

The server, browser and tab fixtures are in conftest.py; what the tests share is in ``browser_support``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browser_support import (
    NARROW,
    WIDE,
    Tab,
    axe_violations,
    facet_counts,
    query,
    save_screenshot,
    tick,
    total,
)


def test_select_facets_then_go_back(tab):
    page = tab.page
    tab.goto("/")
    assert total(page) == "12"
    tick(page, "country", "Japan")
    tick(page, "country", "Vietnam")
    tick(page, "person", "Fumio Kishida")
    assert query(page) == {"country": ["Japan", "Vietnam"], "person": ["Fumio Kishida"]}
    assert total(page) == "5"
    assert facet_counts(page, "country") == {"Japan": 5, "Vietnam": 2, "South Korea": 2}
    assert page.locator('section[data-facet="country"] input[value="Vietnam"]').is_checked()
    assert page.locator(".chips a.chip").count() == 3
    page.go_back()
    page.wait_for_url(re.compile(r"country=Vietnam$"))
    assert query(page) == {"country": ["Japan", "Vietnam"]}
    assert total(page) == "12"
    assert not page.locator('section[data-facet="person"] input[value="Fumio Kishida"]').is_checked()
    page.go_back()
    assert query(page) == {"country": ["Japan"]}
    assert total(page) == "8"
    # removing a chip is one more step in the history
    with page.expect_navigation():
        page.locator(".chips a.chip", has_text="Japan").click()
    assert query(page) == {} and total(page) == "12"


def test_search_sort_and_page_through_results(tab):
    page = tab.page
    tab.goto("/")
    page.fill("#q", "japan")
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert query(page) == {"q": ["japan"]}
    assert int(total(page)) > 5
    with page.expect_navigation():
        page.locator(".sort a", has_text="Newest").click()
    dates = page.locator("ol.results time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates == sorted(dates, reverse=True)
    with page.expect_navigation():
        page.locator('.pagination a[rel="next"]').click()
    assert query(page) == {"q": ["japan"], "sort": ["newest"], "page": ["2"]}
    assert page.locator("ol.results").get_attribute("start") == "6"
    more = page.locator("ol.results time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates[-1] >= max(more)


def test_page_through_all_articles(tab):
    page = tab.page
    tab.goto("/")
    seen = []
    for number in (1, 2, 3):
        assert page.locator('.pagination a[aria-current="page"]').inner_text() == str(number)
        seen += page.locator(".result-title a").all_inner_texts()
        if number < 3:
            with page.expect_navigation():
                page.locator('.pagination a[rel="next"]').click()
    assert len(seen) == 12 and len(set(seen)) == 12
    assert page.locator('.pagination a[rel="next"]').count() == 0


def test_open_a_person_page_and_page_its_articles(tab):
    page = tab.page
    tab.goto("/search?q=semiconductors")
    with page.expect_navigation():
        page.locator(".result .entities a", has_text="Fumio Kishida").click()
    assert urlsplit(page.url).path == "/people/fumio-kishida"
    assert page.locator("h1").inner_text() == "Fumio Kishida"
    assert page.locator("ol.results > li").count() == 2
    with page.expect_navigation():
        page.locator('.pagination a[rel="next"]').click()
    assert query(page) == {"page": ["2"]}
    assert page.locator("ol.results").get_attribute("start") == "3"
    with page.expect_navigation():
        page.locator("#related-country + ol a", has_text="Japan").click()
    assert page.locator("h1").inner_text() == "Japan"


def test_autocomplete_adds_a_filter(tab):
    page = tab.page
    tab.goto("/help")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("kish")
    option = page.locator("#q-suggestions [role=option]", has_text="Fumio Kishida")
    option.wait_for()
    assert page.get_attribute("#q", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    assert page.get_attribute("#q", "aria-activedescendant") == option.get_attribute("id")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query(page) == {"person": ["Fumio Kishida"]}
    assert page.locator(".chips a.chip").inner_text().startswith("Person:")
    # with the mouse, keeping the other words of the query
    page.fill("#q", "")
    page.locator("#q").press_sequentially("trade sout")
    korea = page.locator("#q-suggestions [role=option]", has_text="South Korea")
    korea.wait_for()
    with page.expect_navigation():
        korea.click()
    assert query(page) == {"q": ["trade"], "person": ["Fumio Kishida"], "country": ["South Korea"]}
    assert total(page) == "1"


def test_accented_prefix_and_escape_closes_suggestions(tab):
    page = tab.page
    tab.goto("/")
    page.locator("#q").press_sequentially("Trọ")
    page.locator("#q-suggestions [role=option]", has_text="Nguyen Phu Trong").wait_for()
    page.keyboard.press("Escape")
    assert page.locator("#q-suggestions").is_hidden()
    assert page.get_attribute("#q", "aria-expanded") == "false"


def test_show_more_and_filter_inside_a_facet(tab, live_app):
    page = tab.page
    live_app.config["FACET_SHOWN"] = 2
    try:
        tab.goto("/")
    finally:
        live_app.config["FACET_SHOWN"] = 8
    assert list(facet_counts(page, "country")) == ["Japan", "Vietnam"]
    url = page.url
    page.locator('a[data-show-more="country"]').click()
    assert page.url == url  # in place, no reload
    assert list(facet_counts(page, "country")) == ["Japan", "Vietnam", "South Korea"]
    assert page.evaluate("document.activeElement.value") == "South Korea"
    box = page.locator('input[data-facet-filter="country"]')
    assert box.is_visible()
    box.fill("kor")
    assert list(facet_counts(page, "country")) == ["South Korea"]
    box.fill("")
    assert len(facet_counts(page, "country")) == 3


def test_people_list_filters_as_you_type(tab):
    page = tab.page
    tab.goto("/people")
    page.fill("#list-filter", "yoo")
    assert page.locator("#entity-table tbody tr:visible").all_inner_texts() == ["Yoon Suk Yeol\t3"]
    with page.expect_navigation():
        page.select_option("#list-sort", "name")
    assert query(page) == {"filter": ["yoo"], "sort": ["name"]}


def test_keyboard_users_get_a_skip_link_and_visible_focus(tab):
    page = tab.page
    tab.goto("/search?q=trade")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    # "/" does nothing special while typing in a box
    page.fill("#q", "trade")
    page.keyboard.press("End")
    page.keyboard.type("/")
    assert page.input_value("#q") == "trade/"


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1440", "375"])
def test_layout_is_responsive(browser, live_app, viewport):
    tab = Tab(browser, live_app.base_url, viewport)
    try:
        page = tab.page
        for path in ("/search?q=trade&country=Japan", "/people/fumio-kishida", "/people", "/help"):
            tab.goto(path)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
        tab.goto("/search?q=trade&country=Japan")
        aside, main = page.locator("aside.sidebar").bounding_box(), page.locator("main").bounding_box()
        if viewport is WIDE:
            assert aside["x"] + aside["width"] <= main["x"]  # filters on the left
            assert page.locator(".filters-panel").get_attribute("open") is not None
        else:
            assert aside["y"] + aside["height"] <= main["y"] + 1  # stacked
            assert page.locator(".filters-panel").get_attribute("open") is None  # folded away
            page.locator(".filters-panel summary").click()
            assert page.locator('section[data-facet="country"]').is_visible()
        assert not tab.problems, tab.problems
    finally:
        tab.close()


AXE_PAGES = {
    "search": "/search?q=trade&country=Japan&country=Vietnam",
    "home": "/",
    "person": "/people/fumio-kishida",
    "people": "/people",
    "countries": "/countries",
    "help": "/help",
    "empty": "/search?q=zebra",
    "not-found": "/no/such/page",
}


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1440", "375"])
@pytest.mark.parametrize("name", [*AXE_PAGES, "article"])
def test_axe_finds_no_serious_violations(browser, live_app, name, viewport):
    tab = Tab(browser, live_app.base_url, viewport)
    try:
        if name == "article":
            tab.goto("/search?q=semiconductors")
            tab.page.locator(".result-title a").first.click()
            tab.page.wait_for_url(re.compile(r"/article/[0-9a-f]{16}$"))
        else:
            tab.goto(AXE_PAGES[name])
        violations = axe_violations(tab.page)
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not serious, serious
    finally:
        tab.close()


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1440", "375"])
def test_screenshots(browser, live_app, viewport):
    width = viewport["width"]
    tab = Tab(browser, live_app.base_url, viewport)
    try:
        page = tab.page
        tab.goto("/search?q=trade&country=Japan&country=Vietnam&person=Fumio+Kishida")
        if width == NARROW["width"]:
            page.locator(".filters-panel summary").click()
        save_screenshot(page, "search-facets", width)
        tab.goto("/people/fumio-kishida")
        save_screenshot(page, "person", width)
        tab.goto("/search?q=hanoi+trade")
        with page.expect_navigation():
            page.locator(".result-title a").first.click()
        save_screenshot(page, "article", width)
        assert not tab.problems, tab.problems
    finally:
        tab.close()


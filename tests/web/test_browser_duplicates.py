"""Duplicate stories in real Chromium: one result per group, "N similar stories" opens the group, the way
back, every copy on request; screenshots at 1440 and 375 px.

The corpus is webui_fixtures.DUPLICATE_ARTICLES; the counts below are read off it by hand: "gold mine"
finds the mine story three times (original, repeat, rewrite) and an unrelated story under the same
headline.
"""

from __future__ import annotations

import pytest
from browser_support import NARROW, WIDE, Tab, facet_counts, query, save_screenshot, total
from webui_fixtures import duplicates_index

GOLD_MINE = "Japan and Vietnam to build gold mine"
REWRITE = "Kishida announces Quang Ninh gold mine with Vietnam"


@pytest.fixture(scope="module")
def index_root(tmp_path_factory):
    """This module's index (conftest's live_app serves it): the duplicate stories corpus."""
    return duplicates_index(tmp_path_factory.mktemp("newsdex-duplicates-browser"))


def result_titles(page) -> list[str]:
    return page.locator("ol.results .result-title a").all_inner_texts()


def test_open_a_group_of_similar_stories_and_come_back(tab):
    page = tab.page
    tab.goto("/")
    page.fill("#q", "gold mine")
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert total(page) == "4"
    assert sorted(result_titles(page)) == [GOLD_MINE, GOLD_MINE]
    assert facet_counts(page, "source") == {"Kyodo": 2, "VNA": 2}, "facets count every copy"
    link = page.locator(".similar-stories a")
    assert link.count() == 1 and link.inner_text() == "2 similar stories"
    with page.expect_navigation():
        link.click()
    assert set(query(page)) == {"q", "similar"} and query(page)["q"] == ["gold mine"]
    assert sorted(result_titles(page)) == sorted([GOLD_MINE, GOLD_MINE, REWRITE])
    assert page.locator(".similar-notice").is_visible()
    assert facet_counts(page, "source") == {"VNA": 2, "Kyodo": 1}
    with page.expect_navigation():
        page.locator(".similar-notice a", has_text="Back to all results").click()
    assert query(page) == {"q": ["gold mine"]}
    assert len(result_titles(page)) == 2
    page.go_back()
    assert "similar" in query(page), "the group is a page of the history"
    assert len(result_titles(page)) == 3


def test_show_every_copy_and_group_them_again(tab):
    page = tab.page
    tab.goto("/search?q=gold+mine")
    with page.expect_navigation():
        page.locator(".grouping a", has_text="Show every copy").click()
    assert query(page) == {"q": ["gold mine"], "collapse": ["0"]}
    assert sorted(result_titles(page)) == sorted([GOLD_MINE, GOLD_MINE, GOLD_MINE, REWRITE])
    assert page.locator(".similar-stories a").count() == 0
    page.fill("#q", "gold")  # a new search from the box keeps showing every copy
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert query(page) == {"q": ["gold"], "collapse": ["0"]}
    with page.expect_navigation():
        page.locator(".grouping a", has_text="Group similar stories").click()
    assert query(page) == {"q": ["gold"]}
    assert len(result_titles(page)) == 2


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1440", "375"])
def test_screenshots(browser, live_app, viewport):
    width = viewport["width"]
    tab = Tab(browser, live_app.base_url, viewport)
    try:
        page = tab.page
        tab.goto("/search?q=gold+mine")
        assert page.locator(".similar-stories a").is_visible()
        save_screenshot(page, "duplicates", width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        with page.expect_navigation():
            page.locator(".similar-stories a").click()
        save_screenshot(page, "duplicates-group", width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        problems = list(tab.problems)
        tab.close()
    assert not problems, problems

"""The timeline in real Chromium: clicking a bar, shift-clicking a range, the keyboard, and no JavaScript.

The fixture corpus (webui_fixtures.py) has one story a month at most, from May 2022 to November 2023,
and two undated ones; the expected counts are read off its dates by hand.
"""

from __future__ import annotations

import pytest
from browser_support import (
    NARROW,
    WIDE,
    Tab,
    axe_violations,
    facet_counts,
    query,
    save_screenshot,
    total,
)


def chip_texts(page) -> list[str]:
    return [" ".join(text.replace("×", "").split()) for text in page.locator(".chips a.chip").all_inner_texts()]


def bar(page, label: str):
    return page.locator(f'.search-timeline a.timeline-bar[aria-label="{label}"]')


def test_click_a_bar_to_select_its_month(tab):
    page = tab.page
    tab.goto("/")
    assert total(page) == "12"
    assert facet_counts(page, "source") == {"Kyodo": 5, "VNA": 3, "Yonhap": 2}
    assert page.locator(".timeline-undated").inner_text() == "Undated: 2"
    with page.expect_navigation():
        bar(page, "March 2023: 1 article").click()
    assert query(page) == {"date": ["2023-03"]}
    assert total(page) == "1"
    assert chip_texts(page) == ["Date: March 2023"]
    assert facet_counts(page, "source") == {"Kyodo": 1}
    assert facet_counts(page, "country") == {"Japan": 1, "South Korea": 1}
    # Zoomed in to the days of March, and out again.
    assert page.locator("#timeline-heading").text_content() == "Articles per day"
    assert page.locator(".search-timeline a.timeline-bar").count() == 1
    with page.expect_navigation():
        page.locator("a.timeline-zoom-out").click()
    assert query(page) == {"date": ["2023"]} and total(page) == "6"
    with page.expect_navigation():
        page.locator(".chips a.chip", has_text="Date").click()
    assert query(page) == {} and total(page) == "12"


def test_shift_click_two_bars_to_select_the_range_between(tab):
    page = tab.page
    tab.goto("/?country=Japan")
    bar(page, "February 2023: 1 article").click(modifiers=["Shift"])
    assert query(page) == {"country": ["Japan"]}, "the first shift-click only starts the range"
    assert "Range from February 2023" in page.locator("[data-timeline-status]").inner_text()
    assert page.locator(".timeline-bar.in-range").count() == 1
    page.keyboard.press("Escape")
    assert page.locator(".timeline-bar.in-range").count() == 0, "Escape drops the range begun"
    with page.expect_navigation():
        bar(page, "March 2023: 1 article").click()
    assert query(page) == {"country": ["Japan"], "date": ["2023-03"]}, "a plain click selects its own month"
    page.go_back()
    bar(page, "February 2023: 1 article").click(modifiers=["Shift"])
    bar(page, "May 2023: 1 article").hover()
    # February to May: the empty April is in the range too.
    assert page.locator(".timeline-bar.in-range").count() == 4
    assert "Range February 2023 to May 2023" in page.locator("[data-timeline-status]").inner_text()
    with page.expect_navigation():
        bar(page, "May 2023: 1 article").click(modifiers=["Shift"])
    assert query(page) == {"country": ["Japan"], "date": ["2023-02..2023-05"]}
    # a10 (10 Feb), a2 (16 Mar) and a1 (2 May), all about Japan.
    assert total(page) == "3"
    assert chip_texts(page) == ["Country: Japan", "Date: February 2023 to May 2023"]
    assert facet_counts(page, "source") == {"Kyodo": 2, "VNA": 1}


def test_the_keyboard_reaches_the_bars_moves_and_selects_a_range(tab):
    page = tab.page
    tab.goto("/")
    page.locator("#q").focus()
    for _ in range(40):  # from the search box, Tab reaches the chart through the page's links
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('timeline-bar')"):
            break
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "May 2022: 1 article", "the chart's one tab stop is its first bar"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "June 2022: 1 article"
    page.keyboard.press("Shift+ArrowRight")  # the empty months are skipped: no link to an empty period
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "November 2022: 1 article"
    # June, the four empty months and November are highlighted.
    assert page.locator(".timeline-bar.in-range").count() == 6
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query(page) == {"date": ["2022-06..2022-11"]}
    assert total(page) == "2"  # a4 (22 June), a8 (5 November)
    # Tab leaves the chart after its one stop.
    tab.goto("/")
    bar(page, "May 2022: 1 article").focus()
    page.keyboard.press("Tab")
    assert not page.evaluate("document.activeElement.classList.contains('timeline-bar')")
    bar(page, "May 2022: 1 article").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query(page) == {"date": ["2022-05"]}


def test_without_javascript_every_bar_is_a_link(browser, live_app):
    context = browser.new_context(java_script_enabled=False, base_url=live_app.base_url, viewport=WIDE)
    try:
        page = context.new_page()
        page.goto("/?source=Kyodo")
        links = page.locator(".search-timeline a.timeline-bar")
        assert links.count() == 5  # Kyodo: May 2022, June 2022, November 2022, February 2023, March 2023
        assert page.locator(".timeline-range-hint").is_hidden()
        with page.expect_navigation():
            bar(page, "November 2022: 1 article").click()
        assert query(page) == {"source": ["Kyodo"], "date": ["2022-11"]}
        assert page.locator(".summary strong").first.inner_text() == "1"
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/search?date=2023-03", "/search?q=trade&date=2022..2023-06"])
def test_axe_finds_no_serious_violations_in_the_timeline(tab, path):
    tab.goto(path)
    tab.page.locator(".search-timeline a.timeline-bar").first.click(modifiers=["Shift"])  # a range begun
    violations = axe_violations(tab.page, ".search-timeline")
    assert not violations, violations


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1440", "375"])
def test_screenshots(browser, live_app, viewport):
    width = viewport["width"]
    tab = Tab(browser, live_app.base_url, viewport)
    try:
        page = tab.page
        tab.goto("/search?q=trade")
        bar(page, "May 2023: 1 article").click(modifiers=["Shift"])
        bar(page, "September 2023: 1 article").hover()
        save_screenshot(page, "timeline", width)
        tab.goto("/search?date=2022-11..2023-03")
        save_screenshot(page, "timeline-range", width)
        # Every bar fits in the chart: none is cut off or pushes the page wider than the screen.
        chart = page.locator(".timeline-bars").bounding_box()
        last = page.locator(".timeline-bars li").last.bounding_box()
        assert last["x"] + last["width"] <= chart["x"] + chart["width"] + 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert not tab.problems, tab.problems
    finally:
        tab.close()

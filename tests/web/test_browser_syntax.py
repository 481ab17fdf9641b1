"""The query syntax in real Chromium: a fuzzy word, an excluded word, and a form that is refused.

The server, browser and tab fixtures are in conftest.py; "kishida" is in 5 articles of the fixture
corpus (webui_fixtures.py) and "japan" in 8.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from browser_support import NARROW, WIDE, Tab, save_screenshot, total


def search(tab, q: str) -> int:
    tab.goto(f"/search?q={quote(q)}")
    return int(total(tab.page))


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1440", "375"])
def test_fuzzy_and_excluded_words_and_a_refused_form(browser, live_app, viewport):
    tab = Tab(browser, live_app.base_url, viewport)
    try:
        page = tab.page
        assert search(tab, "kishida") == 5
        assert search(tab, "kishda~") == 5, "a misspelling within two edits finds the word's articles"
        assert page.locator("ol.results .result-title").first.is_visible()
        save_screenshot(page, "syntax-fuzzy", viewport["width"])
        with_both, without = search(tab, "japan AND kishida"), search(tab, "japan -kishida")
        assert without > 0 and with_both + without == 8, "-kishida leaves out exactly the articles with it"
        tab.goto(f"/search?q={quote('/kish.da/')}")
        notice = page.locator(".notice-error")
        assert notice.is_visible() and "regular expressions are not supported" in notice.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        save_screenshot(page, "syntax-refused", viewport["width"])
        # The refused search is answered 400, as a bad request should be; nothing else went wrong.
        assert tab.problems == ["console error: Failed to load resource: the server responded with a status of "
                                "400 (BAD REQUEST)"], tab.problems
    finally:
        tab.close()

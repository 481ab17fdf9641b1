"""Downloads and batch search in real Chromium: the search page's CSV, a pasted and an uploaded batch.

The server, browser and tab fixtures are in conftest.py. Counts are worked out by hand from the
fixture corpus (webui_fixtures.py): "japan" is in 8 articles, "kishida" in 5, "typhoon" in 1.
"""

from __future__ import annotations

import csv
import io

import pytest
from browser_support import NARROW, WIDE, Tab, axe_violations, query, save_screenshot, total

BATCH = "japan\nkishida\n# a comment, skipped\ntyphoon\ndate:2023-13-45\nzzzzqqq\n"
BATCH_TABLE = [("japan", "8"), ("kishida", "5"), ("typhoon", "1"), ("date:2023-13-45", "–"), ("zzzzqqq", "0")]


def batch_table(page) -> list[tuple[str, str]]:
    rows = page.locator(".batch-table tbody tr")
    return [(rows.nth(i).locator("th").inner_text(), rows.nth(i).locator("td.num").inner_text().split()[-1])
            for i in range(rows.count())]


def downloaded_records(download) -> list[dict]:
    text = open(download.path(), encoding="utf-8-sig").read()
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_download_every_result_as_csv_from_the_search_page(tab):
    page = tab.page
    tab.goto("/search?q=japan")
    assert total(page) == "8"
    assert page.locator("ol.results li.result").count() == 5  # one page of the live app's five hits
    link = page.locator(".export-links a", has_text="CSV")
    assert link.is_visible()
    with page.expect_download() as caught:
        link.click()
    download = caught.value
    assert download.suggested_filename == "newsdex-japan.csv"
    records = downloaded_records(download)
    assert len(records) == 8  # every match, not the page
    shown = page.locator("ol.results .result-title a").all_inner_texts()
    assert [record["title"] for record in records[:5]] == shown
    page.locator(".export-links").scroll_into_view_if_needed()
    save_screenshot(page, "search-export", WIDE["width"], full_page=False)


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1440", "375"])
def test_paste_a_batch_see_its_table_and_follow_a_count(browser, live_app, viewport):
    tab = Tab(browser, live_app.base_url, viewport)
    try:
        page = tab.page
        tab.goto("/search")
        with page.expect_navigation():
            page.locator(".site-nav a[href=\"/batch\"]").click()
        page.fill("#batch-queries", BATCH)
        with page.expect_navigation():
            page.locator("#batch-form button[type=submit]", has_text="Run the batch").click()
        assert batch_table(page) == BATCH_TABLE
        assert page.locator("#batch-results-heading").inner_text() == "5 queries · 1 could not be searched"
        assert "is not a date" in page.locator("tr.batch-error").inner_text()
        assert page.locator(".batch-table tbody tr").first.locator(".batch-hits li").count() == 3
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        save_screenshot(page, "batch", viewport["width"])
        with page.expect_navigation():
            page.locator(".batch-table td.num a").nth(1).click()
        assert query(page) == {"q": ["kishida"]}
        assert total(page) == "5"
        assert not tab.problems, tab.problems
    finally:
        tab.close()


def test_upload_a_csv_batch_with_a_filter_and_download_it(tab, tmp_path):
    page = tab.page
    (tmp_path / "names.csv").write_text("name,notes\njapan,first\ntrong,second\nkishida,third\n", encoding="utf-8")
    tab.goto("/batch")
    page.set_input_files("#batch-file", str(tmp_path / "names.csv"))
    page.fill("#batch-source-1", "VNA")
    page.select_option("#batch-top", "1")
    with page.expect_navigation():
        page.locator("#batch-form button[type=submit]", has_text="Run the batch").click()
    # VNA published a1 (Japan, Kishida, Trong), a3 and a7 (Trong).
    assert batch_table(page) == [("japan", "1"), ("trong", "3"), ("kishida", "1")]
    assert page.locator("#batch-queries").input_value() == "name,notes\njapan,first\ntrong,second\nkishida,third\n"
    assert page.locator("input[name=csv]").is_checked()
    with page.expect_download() as caught:
        page.locator(".downloads button", has_text="CSV").click()
    download = caught.value
    assert download.suggested_filename == "newsdex-batch.csv"
    records = downloaded_records(download)
    assert [(r["line"], r["query"], r["count"], r["rank"], r["source"]) for r in records] == [
        ("2", "japan", "1", "1", "VNA"), ("3", "trong", "3", "1", "VNA"), ("4", "kishida", "1", "1", "VNA")]


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1440", "375"])
def test_axe_finds_no_serious_violations_on_the_batch_page(browser, live_app, viewport):
    tab = Tab(browser, live_app.base_url, viewport)
    try:
        tab.goto("/batch")
        tab.page.fill("#batch-queries", BATCH)
        with tab.page.expect_navigation():
            tab.page.locator("#batch-form button[type=submit]", has_text="Run the batch").click()
        violations = axe_violations(tab.page)
        assert not [v for v in violations if v["impact"] in ("serious", "critical")], violations
    finally:
        tab.close()

"""The whole of Reuters-21578, end to end (runs where ../shared/data is present, as in CI)."""

from helpers import REUTERS

from indexer.index.reindex import reindex
from indexer.search import IndexHandle, SearchRequest


def test_all_stories_indexed_and_counted(reuters_index):
    index = IndexHandle(reuters_index).get()
    assert index.doc_count == 21578
    assert index.search(SearchRequest("")).total == 21578


def test_incremental_run_without_changes_reports_nothing_to_do(reuters_index):
    report = reindex(sorted(REUTERS.glob("reut2-*.sgm")), reuters_index, incremental=True, jobs=2, progress=False)
    assert (report.added, report.updated, report.deleted, report.failed) == (0, 0, 0, [])
    assert report.unchanged == 22 and report.articles == 21578


def test_editorial_tags_are_stored_apart_from_extracted_facets(reuters_index):
    index = IndexHandle(reuters_index).get()
    [hit] = index.search(SearchRequest('title:"attack on oil rig" title:restrained')).hits
    article = index.article(hit.id)
    assert article["title"] == "DIPLOMATS CALL U.S. ATTACK ON OIL RIG RESTRAINED"
    assert article["tags"]["places"] == ["bahrain", "usa", "iran"]
    assert {"United States", "Bahrain", "Iran"} <= set(article["countries"])


def test_country_filter_matches_cli_and_keeps_other_counts(reuters_index):
    index = IndexHandle(reuters_index).get()
    everything = index.search(SearchRequest("oil"))
    japan = index.search(SearchRequest("oil", filters={"country": ["Japan"]}))
    assert 0 < japan.total < everything.total
    counts = dict(japan.facets["country"])
    assert counts["Japan"] == japan.total
    assert counts["United States"] > japan.total, "other countries still show what they would add"


def test_web_page_shows_the_cli_count_for_oil_in_japan(reuters_index):
    """The browser and the command line agree: `oil` with Japan selected, over all of Reuters."""
    import json
    import re

    from bs4 import BeautifulSoup
    from click.testing import CliRunner

    from indexer.cli import main
    from webui import create_app

    cli = json.loads(CliRunner().invoke(main, ["search", "oil", "--country", "Japan", "--json",
                                               "--index", str(reuters_index)]).output)
    page = create_app({"INDEX_DIR": str(reuters_index)}).test_client().get("/search?q=oil&country=Japan")
    soup = BeautifulSoup(page.get_data(as_text=True), "lxml")
    shown = int(soup.select_one(".summary strong").get_text().replace(",", ""))
    assert shown == cli["total"] > 0
    countries = {}
    for label in soup.select('input[name="country"] + label'):
        name = label.select_one(".facet-label").get_text()
        countries[name] = int(re.sub(r"\D", "", label.select_one(".count").get_text()))
    assert countries["Japan"] == cli["total"]
    assert countries["United States"] == dict(cli["facets"]["country"])["United States"] > cli["total"], \
        "other countries list the articles they would add"

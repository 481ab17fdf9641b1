"""The whole of Reuters-21578, end to end (runs where ../shared/data is present, as in CI)."""

from helpers import REUTERS

from indexer.reindex import reindex
from indexer.search import IndexHandle


def test_all_stories_indexed_and_counted(reuters_index):
    index = IndexHandle(reuters_index).get()
    assert index.doc_count == 21578
    assert index.search("").total == 21578


def test_incremental_run_without_changes_reports_nothing_to_do(reuters_index):
    report = reindex(sorted(REUTERS.glob("reut2-*.sgm")), reuters_index, incremental=True, jobs=2, progress=False)
    assert (report.added, report.updated, report.deleted, report.failed) == (0, 0, 0, [])
    assert report.unchanged == 22 and report.articles == 21578


def test_editorial_tags_are_stored_apart_from_extracted_facets(reuters_index):
    index = IndexHandle(reuters_index).get()
    [hit] = index.search('title:"attack on oil rig" title:restrained').hits
    article = index.article(hit.id)
    assert article["title"] == "DIPLOMATS CALL U.S. ATTACK ON OIL RIG RESTRAINED"
    assert article["tags"]["places"] == ["bahrain", "usa", "iran"]
    assert {"United States", "Bahrain", "Iran"} <= set(article["countries"])


def test_country_filter_matches_cli_and_keeps_other_counts(reuters_index):
    index = IndexHandle(reuters_index).get()
    everything = index.search("oil")
    japan = index.search("oil", filters={"country": ["Japan"]})
    assert 0 < japan.total < everything.total
    counts = dict(japan.facets["country"])
    assert counts["Japan"] == japan.total
    assert counts["United States"] > japan.total, "other countries still show what they would add"

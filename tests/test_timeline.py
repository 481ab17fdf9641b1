"""The timeline of a search and its date filter, over a corpus whose dates are known.

Every expected bucket below is worked out by hand from ``STORIES``. The days chosen are over 12
(13 and 17 March), so a day read as a month would land in no bucket of the right month; one story is
filed late in the evening, so a date shifted by a time zone would move it to the next day; two are
undated, and must be counted apart rather than placed in 1970.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from helpers import search_index_of

from indexer.cli import main
from indexer.search import QueryError, SearchRequest
from indexer.search.contract import DateRange

# (title, date or None, source)
STORIES = [
    ("Alpha", "1986-12-31", "Wire A"),
    ("Bravo", "1987-02-26", "Wire B"),
    ("Charlie", "1987-03-13", "Wire A"),
    ("Delta", "1987-03-17T23:30:00", "Wire B"),
    ("Echo", "1987-03-17", "Wire A"),
    ("Foxtrot", "1987-04-01", "Wire B"),
    ("Golf", "1987-10-19", "Wire A"),
    ("Hotel", None, "Wire A"),
    ("India", None, "Wire B"),
    ("Juliett", "1991-05-05", "Wire B"),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("timeline")
    records = [{"title": f"{title} report", "text": f"The {title} report on grain shipments.", "source": source,
                **({"date": date} if date else {})} for title, date, source in STORIES]
    index = search_index_of(folder, records)
    index.close()
    return folder / "index"


@pytest.fixture(scope="module")
def index(index_dir):
    from indexer.search import IndexHandle

    return IndexHandle(index_dir).get()


def search(index, dates: str | None = None, **changes):
    return index.search(SearchRequest(dates=DateRange.parse(dates) if dates else None, page_size=20, **changes))


def titles(result) -> set[str]:
    return {hit.title.split()[0] for hit in result.hits}


def test_a_long_span_is_counted_by_year_with_the_undated_apart(index):
    timeline = search(index).timeline
    assert timeline.granularity == "year"
    assert timeline.buckets == [("1986", 1), ("1987", 6), ("1988", 0), ("1989", 0), ("1990", 0), ("1991", 1)]
    assert timeline.undated == 2


def test_a_selected_year_is_counted_by_month(index):
    result = search(index, "1987")
    assert result.total == 6
    assert result.timeline.granularity == "month"
    assert result.timeline.buckets == [("1987-02", 1), ("1987-03", 3), ("1987-04", 1), ("1987-05", 0),
                                       ("1987-06", 0), ("1987-07", 0), ("1987-08", 0), ("1987-09", 0),
                                       ("1987-10", 1)]
    assert result.timeline.undated == 0, "an undated article is never within a date range"


def test_a_selected_month_is_counted_by_day(index):
    result = search(index, "1987-03")
    assert titles(result) == {"Charlie", "Delta", "Echo"}
    assert result.timeline.granularity == "day"
    assert result.timeline.buckets == [("1987-03-13", 1), ("1987-03-14", 0), ("1987-03-15", 0),
                                       ("1987-03-16", 0), ("1987-03-17", 2)]


def test_a_range_across_month_ends_counts_every_day_once(index):
    result = search(index, "1987-02..1987-04")
    assert titles(result) == {"Bravo", "Charlie", "Delta", "Echo", "Foxtrot"}
    timeline = result.timeline
    assert timeline.granularity == "day"  # 26 February to 1 April: 35 days, within two months
    # 26 to 28 February (1987 is no leap year), the 31 days of March, 1 April.
    assert len(timeline.buckets) == 3 + 31 + 1
    assert timeline.buckets[:4] == [("1987-02-26", 1), ("1987-02-27", 0), ("1987-02-28", 0), ("1987-03-01", 0)]
    assert timeline.buckets[-1] == ("1987-04-01", 1)
    assert {start: n for start, n in timeline.buckets if n} == {
        "1987-02-26": 1, "1987-03-13": 1, "1987-03-17": 2, "1987-04-01": 1}


def test_open_ended_ranges(index):
    after = search(index, "1987-03-17..")
    assert titles(after) == {"Delta", "Echo", "Foxtrot", "Golf", "Juliett"}
    assert after.timeline.granularity == "year"
    assert after.timeline.buckets == [("1987", 4), ("1988", 0), ("1989", 0), ("1990", 0), ("1991", 1)]
    before = search(index, "..1987-02")
    assert titles(before) == {"Alpha", "Bravo"}
    # 31 December 1986 to 26 February 1987: 58 days.
    assert before.timeline.granularity == "day"
    assert len(before.timeline.buckets) == 58
    assert before.timeline.buckets[0] == ("1986-12-31", 1) and before.timeline.buckets[-1] == ("1987-02-26", 1)


def test_the_date_filter_reads_ranges_as_the_date_query_does(index):
    for dates, written in [("1987-03", "date:1987-03"), ("1987-03-17", "date:1987-03-17"),
                           ("1987-02..1987-04", "date:[1987-02 to 1987-04]"),
                           ("1987-03-14..1987-04-01", "date:[1987-03-14 to 1987-04-01]"),
                           ("1987-03-17..", "date:[1987-03-17 to]"), ("..1987", "date:[to 1987]")]:
        assert titles(search(index, dates)) == titles(search(index, q=written)), dates


def test_the_other_facets_and_the_timeline_follow_the_date_filter(index):
    everything = search(index)
    assert dict(everything.facets["source"]) == {"Wire A": 5, "Wire B": 5}
    march = search(index, "1987-03")
    assert dict(march.facets["source"]) == {"Wire A": 2, "Wire B": 1}
    assert dict(march.facets["year"]) == {"1987": 3}
    wire_b = search(index, filters={"source": ["Wire B"]})
    assert wire_b.timeline.buckets == [("1987", 3), ("1988", 0), ("1989", 0), ("1990", 0), ("1991", 1)]
    assert wire_b.timeline.undated == 1
    both = search(index, "1987-03", filters={"source": ["Wire B"]})
    assert titles(both) == {"Delta"}
    assert both.timeline.buckets == [("1987-03-17", 1)]


def test_a_range_that_matches_nothing_has_an_empty_timeline(index):
    result = search(index, "1988")
    assert result.total == 0
    assert (result.timeline.granularity, result.timeline.buckets, result.timeline.undated) == ("year", [], 0)


def test_the_json_document_carries_the_timeline_and_the_date_filter(index):
    document = search(index, "1987-03").to_json()
    assert document["date"] == "1987-03"
    assert document["timeline"] == {"granularity": "day", "undated": 0, "buckets": [
        ["1987-03-13", 1], ["1987-03-14", 0], ["1987-03-15", 0], ["1987-03-16", 0], ["1987-03-17", 2]]}
    assert search(index).to_json()["date"] is None


@pytest.mark.parametrize("text, written", [
    ("1987-03", ("1987-03", "1987-03")),
    (" 1987-02 .. 1987-04 ", ("1987-02", "1987-04")),
    ("1987-03-17..", ("1987-03-17", "")),
    ("..1987", ("", "1987")),
])
def test_date_ranges_as_written(text, written):
    dates = DateRange.parse(text)
    assert (dates.start, dates.end) == written
    assert DateRange.parse(str(dates)) == dates


def test_a_range_covers_whole_periods():
    from datetime import date

    dates = DateRange.parse("1987-02..1988")
    assert (dates.first_day, dates.last_day) == (date(1987, 2, 1), date(1988, 12, 31))
    assert DateRange.parse("1988-02").last_day == date(1988, 2, 29)


@pytest.mark.parametrize("text, message", [
    ("1987-13", "is not a date"),
    ("1987-02-29", "is not a date"),
    ("1987-3", "is not a date"),
    ("17/03/1987", "is not a date"),
    ("march", "is not a date"),
    ("1987-03..1987-02", "ends before it starts"),
    ("..", "names no date"),
    ("1987..1988..1989", "is not a date"),
])
def test_a_date_that_is_not_one_says_how_to_write_one(text, message):
    with pytest.raises(QueryError, match=message) as raised:
        DateRange.parse(text)
    assert "YYYY-MM-DD" in str(raised.value) or "ends before" in str(raised.value)


def test_the_cli_filters_by_date_and_prints_the_timeline(index_dir):
    runner = CliRunner()
    shown = runner.invoke(main, ["search", "--index", str(index_dir), "--date", "1987-03", "--timeline"])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("3 articles")
    assert "timeline by day: 1987-03-13 1, 1987-03-14 0, 1987-03-15 0, 1987-03-16 0, 1987-03-17 2" in shown.output
    plain = runner.invoke(main, ["search", "--index", str(index_dir)])
    assert "timeline" not in plain.output
    undated = runner.invoke(main, ["search", "--index", str(index_dir), "--timeline"])
    assert "timeline by year: 1986 1, 1987 6, 1988 0, 1989 0, 1990 0, 1991 1; undated 2" in undated.output
    as_json = runner.invoke(main, ["search", "--index", str(index_dir), "--date", "1987-02..1987-04", "--json"])
    document = json.loads(as_json.output)
    assert document["total"] == 5 and document["date"] == "1987-02..1987-04"
    assert document["timeline"]["granularity"] == "day" and len(document["timeline"]["buckets"]) == 35


def test_the_cli_refuses_a_date_that_is_not_one(index_dir):
    refused = CliRunner().invoke(main, ["search", "--index", str(index_dir), "--date", "1987-02-30"])
    assert refused.exit_code == 2
    assert "is not a date" in refused.output and "YYYY-MM" in refused.output

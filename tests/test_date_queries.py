"""Date queries select exactly the articles of the day, month, year or range asked for.

The articles sit on the edges that a year-only reading of a date gets wrong: the last and first days
of months and of the half year, late in the evening of a day, before 1970, and one undated.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from indexer.cli import main
from indexer.index.reindex import reindex
from indexer.search import IndexHandle, QueryError, SearchRequest
from indexer.text.dates import date_span
from webui import create_app

DATES = {
    "moon": "1969-07-20",
    "dec31": "2022-12-31",
    "feb28": "2023-02-28",
    "mar01": "2023-03-01",
    "mar17": "2023-03-17",
    "mar17late": "2023-03-17T23:30:00",
    "mar31late": "2023-03-31T23:45:00",
    "apr01": "2023-04-01",
    "jun30": "2023-06-30",
    "jul01": "2023-07-01",
    "nov05": "2023-11-05",
    "undated": None,
}
RICE = {"mar01", "mar31late", "apr01", "undated"}  # also about rice; every article is about trade

IN_2023 = {"feb28", "mar01", "mar17", "mar17late", "mar31late", "apr01", "jun30", "jul01", "nov05"}
MARCH = {"mar01", "mar17", "mar17late", "mar31late"}
FIRST_HALF = {"feb28", *MARCH, "apr01", "jun30"}
DATED = set(DATES) - {"undated"}

QUERIES = {
    "date:2023": IN_2023,
    "date:1969": {"moon"},
    "date:2023-03": MARCH,
    "date:2023-03-17": {"mar17", "mar17late"},
    "date:2023-03-31": {"mar31late"},
    "date:2023-05": set(),
    "date:[2023-01-01 to 2023-06-30]": FIRST_HALF,
    "date:[2023-01 to 2023-06]": FIRST_HALF,
    "date:[2023-03-01 to 2023-03-31]": MARCH,
    "date:[2023-03-17 to 2023-03-17]": {"mar17", "mar17late"},
    "date:[2023-03 TO 2023-03]": MARCH,
    "date:[2022 to 2023]": {"dec31", *IN_2023},
    "date:[2023-03 to]": IN_2023 - {"feb28"},
    "date:[to 2023-03]": {"moon", "dec31", "feb28", *MARCH},
    "date:[to 2022-12-31]": {"moon", "dec31"},
    "date:[to]": DATED,
    "date:{2023-03 to 2023-06}": {"apr01"},
    "date:[2023-03-02 to 2023-03-31}": {"mar17", "mar17late"},
    "date:{2023-02-28 to 2023-03-01]": {"mar01"},
    "date:[march 2023 to june 2023]": MARCH | {"apr01", "jun30"},
    "date:[17 March 2023 to 31 March 2023]": {"mar17", "mar17late", "mar31late"},
    # All-numeric dates are day first, as the articles' own dates are read: month first would find
    # 4 January and 7 January, on which nothing was written.
    "date:01/04/2023": {"apr01"},
    "date:01/07/2023": {"jul01"},
    "date:17/03/2023": {"mar17", "mar17late"},
    "date:03/17/2023": {"mar17", "mar17late"},  # 17 can only be the day
    "date:[01/03/2023 to 31/03/2023]": MARCH,
    "date:[feb 2023 to mar 2023]": {"feb28", *MARCH},
    "rice date:2023-03": {"mar01", "mar31late"},
    "rice AND date:[2023-03-02 to]": {"mar31late", "apr01"},
    "date:2023-03 OR date:2023-11": MARCH | {"nov05"},
    "(date:2023-02 OR date:2023-07) AND trade": {"feb28", "jul01"},
    "NOT date:2023": {"moon", "dec31", "undated"},
    "trade -date:2023": {"moon", "dec31", "undated"},
}

MALFORMED = {
    "date:2023-13-45": "2023-13-45",
    "date:2023-02-29": "2023-02-29",
    "date:2023-13": "2023-13",
    "date:someday": "someday",
    "date:[31 feb 2023 to]": "31 feb 2023",
    "trade date:2023-13-45": "2023-13-45",
    "date:[foo to bar]": "foo",
    "date:[2023-01 to bar]": "bar",
    "date:[2023-01-01 2023-06-30]": "to",
    "date:[2023-06 to 2023-01]": "ends before it starts",
}


@pytest.mark.parametrize(("text", "span"), [
    ("2023", (date(2023, 1, 1), date(2023, 12, 31))),
    ("2023-02", (date(2023, 2, 1), date(2023, 2, 28))),
    ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
    ("2023-04", (date(2023, 4, 1), date(2023, 4, 30))),
    ("2023-03-17", (date(2023, 3, 17), date(2023, 3, 17))),
    ("2024-02-29", (date(2024, 2, 29), date(2024, 2, 29))),
    ("2023-02-29", None), ("2023-13", None), ("2023-3", None), ("0000", None), ("March", None), ("", None),
])
def test_date_span_covers_whole_years_months_and_days(text, span):
    assert date_span(text) == span


@pytest.fixture(scope="module")
def index_root(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dated")
    with open(folder / "stories.jsonl", "w", encoding="utf-8") as handle:
        for story_id, date in DATES.items():
            text = "Trade talks went on." + (" Rice prices rose." if story_id in RICE else "")
            record = {"title": f"Story {story_id}", "text": text, "source": "Test Wire"}
            if date:
                record["date"] = date
            handle.write(json.dumps(record) + "\n")
    report = reindex([folder], folder / "index", jobs=1, progress=False)
    assert report.articles == len(DATES) and not report.failed
    return folder / "index"


@pytest.fixture(scope="module")
def index(index_root):
    return IndexHandle(index_root).get()


@pytest.fixture(scope="module")
def client(index_root):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_root)}).test_client()


def story(title: str) -> str:
    """The key in DATES of the story with this title (article ids are the indexer's own)."""
    return title.removeprefix("Story ")


def found(result) -> set[str]:
    assert result.total == len(result.hits), "every hit fits on the page"
    return {story(hit.title) for hit in result.hits}


@pytest.mark.parametrize("q", QUERIES)
def test_search_api_selects_exactly_the_dated_articles(index, q):
    assert found(index.search(SearchRequest(q, page_size=100))) == QUERIES[q]


@pytest.mark.parametrize("q", QUERIES)
def test_http_api_selects_the_same_articles(client, q):
    response = client.get("/api/search", query_string={"q": q, "page_size": 100})
    assert response.status_code == 200
    document = response.get_json()
    assert {story(hit["title"]) for hit in document["hits"]} == QUERIES[q]
    assert document["total"] == len(QUERIES[q])


def test_web_page_counts_the_range_on_the_home_page(client):
    page = client.get("/search", query_string={"q": "date:[2023-01-01 to 2023-06-30]"}).get_data(as_text=True)
    for story_id in DATES:
        assert (f"Story {story_id}<" in page) == (story_id in FIRST_HALF), story_id


def test_year_parameter_and_date_query_combine(client):
    year = client.get("/api/search", query_string={"year": "2023", "page_size": 100}).get_json()
    assert {story(hit["title"]) for hit in year["hits"]} == IN_2023
    march = client.get("/api/search", query_string={"year": "2023", "q": "date:[2023-03 to]"}).get_json()
    assert march["total"] == len(IN_2023 - {"feb28"})
    assert client.get("/api/search", query_string={"year": "2022", "q": "date:2023-03"}).get_json()["total"] == 0


@pytest.mark.parametrize("year", ["20x3", "2023-03", "March", "12345"])
def test_malformed_year_parameter_is_refused_clearly(client, year):
    response = client.get("/api/search", query_string={"year": year})
    assert response.status_code == 400
    assert "year" in response.get_json()["error"] and "2023" in response.get_json()["error"]


@pytest.mark.parametrize("q", MALFORMED)
def test_malformed_date_is_a_clear_error_never_everything(index, q):
    with pytest.raises(QueryError, match="date") as raised:
        index.search(SearchRequest(q))
    assert MALFORMED[q] in str(raised.value)


@pytest.mark.parametrize("q", ["date:2023-13-45", "date:[foo to bar]"])
def test_malformed_date_over_http_and_cli_is_a_message(client, index_root, q):
    response = client.get("/api/search", query_string={"q": q})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.get_json()["error"]
    page = client.get("/search", query_string={"q": q})
    assert page.status_code == 400 and "YYYY-MM-DD" in page.get_data(as_text=True)
    outcome = CliRunner().invoke(main, ["search", q, "--index", str(index_root)])
    assert outcome.exit_code == 2 and "YYYY-MM-DD" in outcome.output
    assert "Traceback" not in outcome.output


def test_reuters_march_1987_is_only_march(reuters_index):
    index = IndexHandle(reuters_index).get()
    stored = [fields.get("date") for fields in index.searcher.reader().all_stored_fields()]
    in_march = sum(1 for moment in stored if moment and (moment.year, moment.month) == (1987, 3))
    on_17th = sum(1 for moment in stored if moment and moment.date().isoformat() == "1987-03-17")
    dated = sum(1 for moment in stored if moment)
    assert 0 < on_17th < in_march < dated
    assert index.search(SearchRequest("date:[1987-03-01 to 1987-03-31]")).total == in_march
    assert index.search(SearchRequest("date:1987-03")).total == in_march
    assert index.search(SearchRequest("date:1987-03-17")).total == on_17th
    assert index.search(SearchRequest("date:1987")).total == dated

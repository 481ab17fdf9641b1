"""Every match of a search taken away: the backend's ``hits``, the CSV and JSON-lines rows, the CLI.

The expected rows are worked out by hand from the stories below: four of them speak of oil, the
titles start with the characters a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from helpers import search_index_of

from indexer.cli import main
from indexer.search import MAX_PAGE_SIZE, QueryError, SearchRequest
from indexer.search.export import (
    FORMULA_STARTS,
    HIT_COLUMNS,
    HIT_COLUMNS_WITHOUT_PATH,
    export_lines,
    safe_cell,
)

FORMULA_TITLE = '=HYPERLINK("http://example.com/x","Oil")'
STORIES = [
    {"title": FORMULA_TITLE, "text": "Oil & gas prices rose in London, traders said.", "date": "1987-03-02",
     "source": "Reuters"},
    {"title": "+Oil output to rise", "text": "Prime Minister Fumio Kishida of Japan said oil output will rise.",
     "date": "1987-04-10", "source": "Reuters"},
    {"title": "-Oil glut deepens", "text": "A glut of oil is deepening, the agency said.", "date": "1987-02-15",
     "source": "AP"},
    {"title": "@Traders eye oil", "text": "Traders watched oil and gold all week.", "source": "AP"},
    {"title": "Wheat harvest is large", "text": "The wheat harvest was large this year.", "date": "1987-05-01",
     "source": "AP"},
    {"title": "Gold rises in Zurich", "text": "Gold rose in Zurich on Friday.", "date": "1987-06-01",
     "source": "AP"},
]
OIL_NEWEST = ["+Oil output to rise", FORMULA_TITLE, "-Oil glut deepens", "@Traders eye oil"]  # undated last


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return search_index_of(tmp_path_factory.mktemp("export"), STORIES)


@pytest.fixture(scope="module")
def index_root(index):
    return str(index.generation.parent.parent)


def titles(hits) -> list[str]:
    return [hit.title for hit in hits]


def csv_records(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


# The backend's every hit -----------------------------------------------------------------------

def test_hits_lists_every_match_newest_first_with_undated_last(index):
    assert titles(index.hits(SearchRequest("oil", sort="newest"))) == OIL_NEWEST


def test_hits_come_in_the_order_of_the_search_pages(index):
    pages = [index.search(SearchRequest("oil", page=page, page_size=3)).hits for page in (1, 2)]
    assert [hit.id for hit in index.hits(SearchRequest("oil"))] == [hit.id for page in pages for hit in page]


def test_hits_without_words_list_every_article_newest_first(index):
    assert titles(index.hits(SearchRequest(""))) == ["Gold rises in Zurich", "Wheat harvest is large", *OIL_NEWEST]


def test_hits_follow_the_filters(index):
    assert titles(index.hits(SearchRequest("oil", filters={"source": ["AP"]}, sort="newest"))) == [
        "-Oil glut deepens", "@Traders eye oil"]
    assert titles(index.hits(SearchRequest("oil", filters={"source": ["Nobody"]}))) == []


def test_a_bad_query_is_refused_when_asked_not_when_the_first_hit_is_read(index):
    with pytest.raises(QueryError, match="not a date"):
        index.hits(SearchRequest("date:1987-13-45"))


def test_hits_carry_the_file_path_the_json_api_leaves_out(index):
    hit = next(index.hits(SearchRequest("wheat")))
    assert hit.path.endswith("stories.jsonl")
    assert "path" not in hit.to_json()


def test_hits_are_not_capped_at_the_largest_page(tmp_path):
    many = MAX_PAGE_SIZE + 5
    stories = [{"title": f"Grain {n}", "text": "Grain left the port.", "source": "Test Wire"} for n in range(many)]
    backend = search_index_of(tmp_path, stories)
    assert backend.search(SearchRequest("grain", page_size=MAX_PAGE_SIZE)).total == many
    assert len({hit.id for hit in backend.hits(SearchRequest("grain", snippets=False))}) == many


# Spreadsheet-safe cells -------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+33 1 23", "'+33 1 23"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=cmd", "'\t=cmd"), ("\r=cmd", "'\r=cmd"),
    ("Oil = money", "Oil = money"), ("", ""), (None, ""), (["Fumio Kishida", "Yoon Suk Yeol"],
                                                          "Fumio Kishida; Yoon Suk Yeol"),
    (["=evil", "b"], "'=evil; b"), (1.25, "1.25"),
])
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(value, cell):
    assert safe_cell(value) == cell


# CSV and JSON lines --------------------------------------------------------------------------

def test_csv_export_has_every_match_and_no_cell_can_run(index):
    text = "".join(export_lines(index, SearchRequest("oil", sort="newest"), "csv"))
    assert text.startswith(",".join(HIT_COLUMNS) + "\r\n")
    records = csv_records(text)
    assert [record["title"] for record in records] == ["'+Oil output to rise", "'" + FORMULA_TITLE,
                                                        "'-Oil glut deepens", "'@Traders eye oil"]
    assert not [cell for record in records for cell in record.values() if cell.startswith(FORMULA_STARTS)]
    second = records[1]
    assert second["date"] == "1987-03-02" and second["source"] == "Reuters"
    assert second["path"].endswith("stories.jsonl")
    assert second["snippet"] == "Oil & gas prices rose in London, traders said."  # plain text, no <mark>
    assert second["score"] == ""  # newest first: not ranked by relevance
    assert records[0]["persons"] == "Fumio Kishida" and "Japan" in records[0]["countries"].split("; ")
    assert records[3]["date"] == ""


def test_relevance_export_has_the_scores_in_falling_order(index):
    scores = [float(record["score"]) for record in csv_records("".join(export_lines(index, SearchRequest("oil"),
                                                                                       "csv")))]
    assert len(scores) == 4 and all(score > 0 for score in scores) and scores == sorted(scores, reverse=True)


def test_jsonl_export_keeps_values_as_they_are(index):
    lines = list(export_lines(index, SearchRequest("oil", sort="newest"), "jsonl", HIT_COLUMNS_WITHOUT_PATH))
    rows = [json.loads(line) for line in lines]
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    assert [row["title"] for row in rows] == OIL_NEWEST
    assert list(rows[0]) == list(HIT_COLUMNS_WITHOUT_PATH)
    assert rows[0]["persons"] == ["Fumio Kishida"] and rows[3]["date"] is None and rows[1]["score"] is None


def test_an_export_of_nothing_is_its_header(index):
    assert list(export_lines(index, SearchRequest("platinum"), "csv")) == [",".join(HIT_COLUMNS) + "\r\n"]
    assert list(export_lines(index, SearchRequest("platinum"), "jsonl")) == []


def test_a_byte_order_mark_starts_the_csv_when_asked(index):
    assert next(export_lines(index, SearchRequest("oil"), "csv", byte_order_mark=True)).startswith("\ufeffid,")


def test_an_unknown_format_is_refused(index):
    with pytest.raises(ValueError, match="unknown export format 'xlsx'"):
        export_lines(index, SearchRequest("oil"), "xlsx")


# The CLI ------------------------------------------------------------------------------------

def test_cli_search_format_csv_prints_every_match(index_root):
    result = CliRunner().invoke(main, ["search", "oil", "--index", index_root, "--format", "csv", "--sort", "newest",
                                       "--page-size", "1"])
    assert result.exit_code == 0, result.output
    assert [record["title"] for record in csv_records(result.output)] == [
        "'+Oil output to rise", "'" + FORMULA_TITLE, "'-Oil glut deepens", "'@Traders eye oil"]


def test_cli_search_format_jsonl_follows_the_filters(index_root):
    result = CliRunner().invoke(main, ["search", "oil", "--index", index_root, "--format", "jsonl", "--source", "AP",
                                       "--sort", "newest"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["title"] for line in result.output.splitlines()] == ["-Oil glut deepens",
                                                                                   "@Traders eye oil"]


def test_cli_search_refuses_json_with_format_and_a_bad_query(index_root):
    both = CliRunner().invoke(main, ["search", "oil", "--index", index_root, "--format", "csv", "--json"])
    assert both.exit_code == 2 and "without --json or --timeline" in both.output
    bad = CliRunner().invoke(main, ["search", "date:1987-13-45", "--index", index_root, "--format", "csv"])
    assert bad.exit_code == 2 and "not a date" in bad.output

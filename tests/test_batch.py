"""Batch search: reading a list of queries, running it with shared filters, its rows, the CLI.

Counts are worked out by hand from the stories below: "oil" is in three of them (two from AP),
"wheat" in one, "platinum" in none.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from helpers import search_index_of

from indexer.cli import main
from indexer.search import SearchRequest
from indexer.search import batch as batch_search
from indexer.search.batch import BatchError, BatchQuery, batch_lines, read_file, read_queries, run
from indexer.search.export import HIT_COLUMNS

STORIES = [
    {"title": "Oil prices rise", "text": "Oil prices rose in London.", "date": "1987-03-02", "source": "Reuters"},
    {"title": "Oil glut deepens", "text": "A glut of oil is deepening.", "date": "1987-02-15", "source": "AP"},
    {"title": "Traders eye oil", "text": "Traders watched oil and gold.", "date": "1987-04-01", "source": "AP"},
    {"title": "Wheat harvest is large", "text": "The wheat harvest was large.", "date": "1987-05-01",
     "source": "AP"},
]
# Queries the parser must take or refuse with a message, never with a crash.
MALFORMED = ['"oil', "(oil", "oil AND", "AND", "NOT", ")", "title:", "person:", "date:[1987 to", "((((", "~", "^2",
             '""', "OR OR", "*", "date:1987-13-45", "date:[1988 to 1987]", "x" * 1001, "\x00", "oil^", "title:(oil"]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return search_index_of(tmp_path_factory.mktemp("batch"), STORIES)


@pytest.fixture(scope="module")
def index_root(index):
    return str(index.generation.parent.parent)


def texts(queries) -> list[tuple[str, int]]:
    return [(query.text, query.line) for query in queries]


# Reading a batch ---------------------------------------------------------------------------------

def test_text_is_one_query_per_line_without_blanks_and_comments():
    assert texts(read_queries("oil\n\n# metals next\n  gold prices  \r\nperson:reagan\n")) == [
        ("oil", 1), ("gold prices", 4), ("person:reagan", 5)]


def test_csv_takes_the_column_its_header_names():
    data = 'Notes,Query\nfirst,oil\n"with, comma","""crude oil"""\n,\n#skipped,gold\nlast,wheat\n'
    assert texts(read_queries(data, is_csv=True)) == [("oil", 2), ('"crude oil"', 3), ("wheat", 6)]
    assert texts(read_queries("id,NAME\n1,Ronald Reagan\n", is_csv=True)) == [("Ronald Reagan", 2)]
    assert texts(read_queries("q\noil\n", is_csv=True)) == [("oil", 2)]


def test_csv_without_a_query_header_is_read_from_its_first_column():
    assert texts(read_queries("oil,3\ngold,4\n", is_csv=True)) == [("oil", 1), ("gold", 2)]


def test_a_quoted_line_break_in_a_csv_query_becomes_a_space():
    assert texts(read_queries('query\n"crude\noil"\nwheat\n', is_csv=True)) == [("crude oil", 3), ("wheat", 4)]


def test_utf8_with_a_byte_order_mark_is_read():
    assert texts(read_queries("\ufeffquery\nNguyễn Phú Trọng\n".encode(), is_csv=True)) == [("Nguyễn Phú Trọng", 2)]
    assert texts(read_queries("\ufeffoil\n".encode())) == [("oil", 1)]


def test_bytes_that_are_not_utf8_are_refused_with_where():
    with pytest.raises(BatchError, match=r"list.txt is not UTF-8 text \(byte 0xe9 at offset 7\); save it as UTF-8"):
        read_queries("oil\ncaf\u00e9\n".encode("latin-1"), source="list.txt")


@pytest.mark.parametrize("data", ["", "\n\n", "# only a comment\n   \n"])
def test_a_batch_without_a_query_is_refused(data):
    with pytest.raises(BatchError, match="holds no query"):
        read_queries(data, source="the list")
    with pytest.raises(BatchError, match="holds no query"):
        read_queries(data, is_csv=True, source="the list")


def test_a_header_alone_is_a_batch_without_a_query():
    with pytest.raises(BatchError, match="holds no query"):
        read_queries("query,notes\n", is_csv=True)


@pytest.mark.parametrize(("data", "where"), [
    ('oil\n"gold\nsilver\n', "line 2: a quoted cell starts there and is never closed"),
    ('oil\n"gold"x,1\n', "line 2: ',' expected after '\"'")])
def test_unreadable_csv_is_refused_with_its_line(data, where):
    with pytest.raises(BatchError, match=f"not readable CSV: {where}"):
        read_queries(data, is_csv=True)


def test_read_file_reads_csv_by_its_name(tmp_path):
    (tmp_path / "names.csv").write_text("name\nReagan\n", encoding="utf-8")
    (tmp_path / "names.txt").write_text("name\nReagan\n", encoding="utf-8")
    assert texts(read_file(tmp_path / "names.csv")) == [("Reagan", 2)]
    assert texts(read_file(tmp_path / "names.txt")) == [("name", 1), ("Reagan", 2)]
    with pytest.raises(BatchError, match="cannot read"):
        read_file(tmp_path / "missing.txt")


# Running a batch --------------------------------------------------------------------------------

def test_each_query_gets_its_count_and_best_hits_and_a_bad_one_its_message(index):
    queries = [BatchQuery("oil", 1), BatchQuery("date:1987-13-45", 2), BatchQuery("wheat", 3),
               BatchQuery("platinum", 4)]
    rows = list(run(index, queries, SearchRequest(sort="newest"), top=2))
    assert [(row.query.text, row.count) for row in rows] == [("oil", 3), ("date:1987-13-45", None), ("wheat", 1),
                                                             ("platinum", 0)]
    assert [hit.title for hit in rows[0].hits] == ["Traders eye oil", "Oil prices rise"]
    assert "not a date" in rows[1].error and rows[1].hits == []
    assert [row.error for row in rows if row is not rows[1]] == [None, None, None]


def test_the_shared_request_filters_every_query(index):
    rows = list(run(index, [BatchQuery("oil", 1), BatchQuery("wheat", 2)], SearchRequest(filters={"source": ["AP"]})))
    assert [row.count for row in rows] == [2, 1]
    rows = list(run(index, [BatchQuery("oil", 1)], SearchRequest(filters={"source": ["Reuters"]})))
    assert rows[0].count == 1 and [hit.title for hit in rows[0].hits] == ["Oil prices rise"]


def test_top_zero_gives_counts_only(index):
    [row] = run(index, [BatchQuery("oil", 1)], top=0)
    assert row.count == 3 and row.hits == []


def test_top_out_of_range_is_refused(index):
    with pytest.raises(ValueError, match="top must be from 0 to 100"):
        run(index, [BatchQuery("oil", 1)], top=101)


def test_malformed_queries_never_stop_the_batch(index):
    queries = [BatchQuery(text, number) for number, text in enumerate([*MALFORMED, "wheat"], 1)]
    rows = list(run(index, queries))
    assert len(rows) == len(queries)
    assert all((row.count is None) != (row.error is None) for row in rows)
    assert {row.query.text for row in rows if row.error} >= {"date:1987-13-45", "date:[1988 to 1987]", "x" * 1001}
    assert rows[-1].count == 1


# Its rows as CSV and JSON lines --------------------------------------------------------------------

def test_batch_csv_has_a_record_per_best_hit_and_one_per_query_without(index):
    queries = [BatchQuery("oil", 1), BatchQuery("=platinum", 2), BatchQuery("date:1987-13-45", 3)]
    text = "".join(batch_lines(run(index, queries, SearchRequest(sort="newest"), top=2), "csv"))
    assert text.startswith(",".join([*batch_search.BATCH_COLUMNS, *HIT_COLUMNS]) + "\r\n")
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["line"], r["query"], r["count"], r["rank"], r["title"]) for r in records] == [
        ("1", "oil", "3", "1", "Traders eye oil"), ("1", "oil", "3", "2", "Oil prices rise"),
        ("2", "'=platinum", "0", "", ""), ("3", "date:1987-13-45", "", "", "")]
    assert records[-1]["error"].startswith("date:1987-13-45 is not a date")


def test_batch_jsonl_has_an_object_per_query(index):
    queries = [BatchQuery("wheat", 7), BatchQuery("date:1987-13-45", 8)]
    rows = [json.loads(line) for line in batch_lines(run(index, queries, top=1), "jsonl")]
    assert [(row["line"], row["query"], row["count"]) for row in rows] == [(7, "wheat", 1),
                                                                          (8, "date:1987-13-45", None)]
    assert [hit["title"] for hit in rows[0]["hits"]] == ["Wheat harvest is large"]
    assert rows[0]["error"] is None and rows[1]["hits"] == [] and "not a date" in rows[1]["error"]


# The CLI -------------------------------------------------------------------------------------

def batch_cli(*args):
    return CliRunner().invoke(main, ["batch", *args])


def test_cli_batch_prints_counts_and_best_hits(index_root, tmp_path):
    (tmp_path / "list.txt").write_text("oil\n# skipped\nwheat\nplatinum\n", encoding="utf-8")
    result = batch_cli(str(tmp_path / "list.txt"), "--index", index_root, "--sort", "newest", "--top", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "        3  oil", f"{'':11}Traders eye oil (1987-04-01 · AP · id {_id(index_root, 'Traders eye oil')})",
        "        1  wheat",
        f"{'':11}Wheat harvest is large (1987-05-01 · AP · id {_id(index_root, 'Wheat harvest is large')})",
        "        0  platinum"]
    assert result.stderr.startswith("3 queries in ")


def _id(index_root: str, title: str) -> str:
    from indexer.search import IndexHandle

    return next(hit.id for hit in IndexHandle(index_root).get().hits(SearchRequest(f'title:"{title}"')))


def test_cli_batch_csv_with_filters_and_a_bad_query_exits_1(index_root, tmp_path):
    (tmp_path / "list.csv").write_text("name,note\noil,x\ndate:1987-13-45,y\nwheat,z\n", encoding="utf-8")
    result = batch_cli(str(tmp_path / "list.csv"), "--index", index_root, "--source", "AP", "--format", "csv",
                       "--top", "0")
    assert result.exit_code == 1
    records = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [(r["line"], r["query"], r["count"]) for r in records] == [("2", "oil", "2"), ("3", "date:1987-13-45", ""),
                                                                      ("4", "wheat", "1")]
    assert "not a date" in records[1]["error"]
    assert "1 could not be searched" in result.stderr


def test_cli_batch_jsonl_with_a_date_range(index_root, tmp_path):
    (tmp_path / "list.txt").write_text("oil\n", encoding="utf-8")
    result = batch_cli(str(tmp_path / "list.txt"), "--index", index_root, "--date", "1987-03..1987-04",
                       "--format", "jsonl")
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["count"] == 2 and {hit["title"] for hit in row["hits"]} == {"Oil prices rise", "Traders eye oil"}


@pytest.mark.parametrize(("content", "message"), [
    (None, "does not exist"), (b"", "holds no query"), (b"# nothing\n\n", "holds no query"),
    (b'query\n"oil\n', "not readable CSV: line 2"), (b"caf\xe9\n", "not UTF-8 text"),
])
def test_cli_batch_refuses_a_file_it_cannot_read(index_root, tmp_path, content, message):
    path = tmp_path / "list.csv"
    if content is not None:
        path.write_bytes(content)
    result = batch_cli(str(path), "--index", index_root)
    assert result.exit_code == 2
    assert message in result.output


def test_cli_batch_refuses_a_bad_date(index_root, tmp_path):
    (tmp_path / "list.txt").write_text("oil\n", encoding="utf-8")
    result = batch_cli(str(tmp_path / "list.txt"), "--index", index_root, "--date", "1987-14")
    assert result.exit_code == 2 and "is not a date" in result.output

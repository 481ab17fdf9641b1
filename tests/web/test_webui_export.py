"""Downloads and batch search over HTTP (Flask's test client): /search.csv, /search.jsonl, /batch.

Counts are worked out by hand from the fixture corpus (webui_fixtures.py): "japan" is in 8 of its 12
articles, "kishida" in 5 (a1, a2, a4, a6, a9), "typhoon" in 1; VNA published a1, a3 and a7.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from webui_fixtures import page

from indexer.search.batch import BATCH_COLUMNS
from indexer.search.export import HIT_COLUMNS_WITHOUT_PATH
from webui.security import CSP

KISHIDA_NEWEST = ["Yoon and Kishida discuss trade", "Kishida meets Trong in Hanoi on trade",
                  "Japan and South Korea hold summit", "Election campaign begins in Japan",
                  "Kishida visits Vietnam for talks"]


def csv_records(response) -> list[dict]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff"), "a CSV download starts with a byte order mark"
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def jsonl_rows(response) -> list[dict]:
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def api_ids(client, args: str) -> list[str]:
    return [hit["id"] for hit in client.get(f"/api/search?{args}&page_size=100&collapse=0").get_json()["hits"]]


# /search.csv and /search.jsonl --------------------------------------------------------------------

def test_search_csv_is_every_match_as_an_attachment(client):
    response = client.get("/search.csv?q=japan")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == "attachment; filename=newsdex-japan.csv"
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_data(as_text=True).splitlines()[0] == "\ufeff" + ",".join(HIT_COLUMNS_WITHOUT_PATH)
    records = csv_records(response)
    assert len(records) == 8
    assert [record["id"] for record in records] == api_ids(client, "q=japan")


def test_search_jsonl_is_every_article_not_one_page(client, app):
    response = client.get("/search.jsonl")
    assert response.headers["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert response.headers["Content-Disposition"] == "attachment; filename=newsdex-all.jsonl"
    rows = jsonl_rows(response)
    assert len(rows) == 12 > app.config["PAGE_SIZE"]
    assert len({row["id"] for row in rows}) == 12
    assert all(list(row) == list(HIT_COLUMNS_WITHOUT_PATH) for row in rows), "the server's folders stay private"


def test_exports_take_the_filters_sort_and_dates_of_the_search_page(client):
    assert [row["title"] for row in jsonl_rows(client.get("/search.jsonl?q=kishida&source=VNA"))] == [
        "Kishida meets Trong in Hanoi on trade"]
    assert [r["title"] for r in csv_records(client.get("/search.csv?q=kishida&sort=newest"))] == KISHIDA_NEWEST
    assert [r["title"] for r in csv_records(client.get("/search.csv?q=kishida&sort=newest&date=2023"))] == \
        KISHIDA_NEWEST[:3]


def test_a_hostile_title_is_data_in_a_download(client):
    [row] = jsonl_rows(client.get("/search.jsonl?q=budget"))
    assert row["title"] == "Budget row <script>alert(1)</script> in parliament"
    response = client.get("/search.csv?q=budget")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert csv_records(response)[0]["title"] == row["title"]


@pytest.mark.parametrize(("args", "message"), [
    ("year=abc", "year must be a year"), ("page_size=abc", "page_size must be a whole number"),
    ("q=date:2023-13-45", "is not a date"), ("sort=sideways", "Unknown sort order"),
    ("q=" + "x" * 1001, "the limit is 1,000"),
])
@pytest.mark.parametrize("endpoint", ["/search.csv", "/search.jsonl"])
def test_a_bad_parameter_is_a_400_with_its_message(client, endpoint, args, message):
    response = client.get(f"{endpoint}?{args}")
    assert response.status_code == 400
    assert "Content-Disposition" not in response.headers
    assert message in response.get_data(as_text=True)


def test_the_search_page_links_its_downloads_with_its_parameters(client):
    soup = page(client.get("/search?q=trade&country=Japan&sort=newest&page=1"))
    links = soup.select(".export-links a")
    assert [a["href"] for a in links] == ["/search.csv?q=trade&country=Japan&sort=newest",
                                          "/search.jsonl?q=trade&country=Japan&sort=newest"]
    assert [a.get_text() for a in links] == ["CSV", "JSON lines"]
    total = client.get("/api/search?q=trade&country=Japan").get_json()["total"]
    assert f"Download all {total} articles" in soup.select_one(".export-links").get_text(" ", strip=True)


# /batch ---------------------------------------------------------------------------------------

def table(soup) -> list[tuple[str, str]]:
    return [(row.select_one("th").get_text(strip=True), row.select_one("td.num").get_text(strip=True))
            for row in soup.select(".batch-table tbody tr")]


def test_the_batch_page_is_a_form_to_paste_or_upload(client):
    response = client.get("/batch")
    assert response.status_code == 200
    soup = page(response)
    form = soup.select_one("form#batch-form")
    assert form["method"] == "post" and form["action"] == "/batch" and form["enctype"] == "multipart/form-data"
    assert form.select_one("textarea[name=queries]") is not None
    assert form.select_one("input[type=file][name=file]") is not None
    assert {field["name"] for field in form.select("input[type=text]")} == {"person", "country", "year", "source",
                                                                             "date"}
    assert soup.select_one('.site-nav a[aria-current="page"]').get_text() == "Batch search"
    assert all(script.get("src") for script in soup.select("script")), "no inline script"
    assert soup.select_one(".batch-table") is None


def test_a_pasted_batch_shows_each_count_linking_to_its_search(client):
    pasted = "japan\nkishida\n# skipped\n\ntyphoon\ndate:2023-13-45\nzzzzqqq\n"
    response = client.post("/batch", data={"queries": pasted})
    assert response.status_code == 200
    soup = page(response)
    assert table(soup) == [("japan", "8"), ("kishida", "5"), ("typhoon", "1"), ("date:2023-13-45", "–"),
                           ("zzzzqqq", "0")]
    assert [a["href"] for a in soup.select(".batch-table td.num a")] == [
        "/search?q=japan", "/search?q=kishida", "/search?q=typhoon", "/search?q=zzzzqqq"]
    error_row = soup.select_one("tr.batch-error")
    assert "date:2023-13-45" in error_row.get_text() and "is not a date" in error_row.get_text()
    first_hits = [a["href"] for a in soup.select(".batch-table tbody tr")[0].select(".batch-hits a")]
    assert first_hits == [f"/article/{article_id}" for article_id in api_ids(client, "q=japan")[:3]]
    assert soup.select_one("#batch-results-heading").get_text(" ", strip=True) == \
        "5 queries · 1 could not be searched"
    assert soup.select_one("textarea[name=queries]").get_text().startswith("japan\nkishida")


def test_the_filters_apply_to_every_query_of_the_batch(client):
    soup = page(client.post("/batch", data={"queries": "japan\ntrong\nkishida", "source": "VNA", "top": "1"}))
    assert table(soup) == [("japan", "1"), ("trong", "3"), ("kishida", "1")]
    assert soup.select_one(".batch-table td.num a")["href"] == "/search?q=japan&source=VNA"
    assert [len(row.select(".batch-hits li")) for row in soup.select(".batch-table tbody tr")] == [1, 1, 1]
    assert soup.select_one("input[name=source]")["value"] == "VNA"


@pytest.mark.parametrize(("name", "content", "is_csv"), [
    ("list.csv", b"name,notes\njapan,first\ntyphoon,second\n", True),
    ("list.txt", b"japan\r\ntyphoon\r\n", False),
])
def test_an_uploaded_batch_runs_and_becomes_the_forms_text(client, name, content, is_csv):
    response = client.post("/batch", data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")
    assert response.status_code == 200
    soup = page(response)
    assert table(soup) == [("japan", "8"), ("typhoon", "1")]
    assert soup.select_one("textarea[name=queries]").get_text() == content.decode()
    assert (soup.select_one("input[name=csv]").get("checked") is not None) is is_csv


def test_pasted_text_marked_as_csv_is_read_as_csv(client):
    soup = page(client.post("/batch", data={"queries": "id,query\n1,japan\n2,typhoon\n", "csv": "1"}))
    assert table(soup) == [("japan", "8"), ("typhoon", "1")]


@pytest.mark.parametrize(("data", "message"), [
    ({"queries": ""}, "holds no query"),
    ({"queries": "# only a comment\n"}, "holds no query"),
    ({"queries": "japan", "file": (io.BytesIO(b"typhoon\n"), "list.txt")}, "not both"),
    ({"file": (io.BytesIO(b"caf\xe9\n"), "list.txt")}, "list.txt is not UTF-8 text"),
    ({"queries": "id,query\n1,\"japan\n", "csv": "1"}, "never closed"),
    ({"queries": "japan", "year": "abc"}, "year must be a year"),
    ({"queries": "japan", "top": "11"}, "top must be a whole number from 0 to 10"),
    ({"queries": "japan", "date": "2023-14"}, "is not a date"),
])
def test_a_batch_that_cannot_run_says_why_and_keeps_the_pasted_text(client, data, message):
    response = client.post("/batch", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    soup = page(response)
    assert message in soup.select_one(".notice-error").get_text()
    pasted = data.get("queries", "")
    assert soup.select_one("textarea[name=queries]").get_text() == pasted
    assert soup.select_one(".batch-table") is None


def test_more_queries_than_the_page_runs_is_refused_with_the_way_out(client):
    queries = "\n".join(f"word{n}" for n in range(1001))
    response = client.post("/batch", data={"queries": queries})
    assert response.status_code == 400
    assert "holds 1,001 queries; this page runs at most 1,000" in response.get_data(as_text=True)
    assert "newsdex batch FILE" in response.get_data(as_text=True)


def test_a_batch_larger_than_other_requests_runs(client):
    queries = "\n".join(f"japan kishida {n:04d} " + "x" * 60 for n in range(1000))
    assert len(queries) > 64 * 1024  # every other request body is refused above 64 KB
    response = client.post("/batch", data={"queries": queries, "top": "0"})
    assert response.status_code == 200
    assert len(page(response).select(".batch-table tbody tr")) == 1000
    assert client.post("/search", data={"queries": queries}).status_code in (405, 413)


def test_an_upload_over_the_cap_is_a_413_with_a_message(client):
    response = client.post("/batch", data={"file": (io.BytesIO(b"japan\n" * 200_000), "big.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert response.headers["Content-Security-Policy"] == CSP
    soup = page(response)
    assert "larger than this page takes (1 MB)" in soup.select_one(".notice-error").get_text()
    assert soup.select_one("form#batch-form") is not None


def test_the_batch_downloads_as_csv(client):
    response = client.post("/batch.csv", data={"queries": "japan\n=cmd()\ndate:2023-13-45", "top": "2"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=newsdex-batch.csv"
    records = csv_records(response)
    assert list(records[0]) == [*BATCH_COLUMNS, *HIT_COLUMNS_WITHOUT_PATH]
    assert [(r["line"], r["query"], r["count"], r["rank"]) for r in records] == [
        ("1", "japan", "8", "1"), ("1", "japan", "8", "2"), ("2", "'=cmd()", "0", ""), ("3", "date:2023-13-45", "", "")]
    assert [r["id"] for r in records[:2]] == api_ids(client, "q=japan")[:2]
    assert "is not a date" in records[3]["error"]


def test_the_batch_downloads_as_json_lines(client):
    response = client.post("/batch.jsonl", data={"queries": "kishida\ntyphoon", "source": "Kyodo"})
    assert response.headers["Content-Type"] == "application/x-ndjson; charset=utf-8"
    rows = jsonl_rows(response)
    # Kyodo published a2, a4 and a6 about Kishida, and a8 about the typhoon.
    assert [(row["query"], row["count"], len(row["hits"])) for row in rows] == [("kishida", 3, 3), ("typhoon", 1, 1)]
    assert all(list(hit) == list(HIT_COLUMNS_WITHOUT_PATH) for row in rows for hit in row["hits"])


def test_a_batch_download_is_posted_only(client):
    assert client.get("/batch.csv").status_code == 405
    assert client.get("/batch.jsonl").status_code == 405

"""A parameter the API cannot take is a 400 whose JSON says which and why, never an empty result or a 500.

The error body is ``{"error": message, "status": 400}`` (docs/api.md). The downloads and the feed answer the
same message in a page; the batch form shows it above the form again.
"""

from __future__ import annotations

import pytest

BAD_SEARCH_PARAMETERS = [
    ("year=abc", "year must be a year such as 2023"),
    ("year=20233", "year must be a year such as 2023"),
    ("year=2023-03", "year must be a year such as 2023"),
    ("year=2023&year=x", "year must be a year such as 2023"),
    ("page=abc", "page must be a whole number from 1 to 10000"),
    ("page=0", "page must be a whole number from 1 to 10000"),
    ("page=%C2%B2", "page must be a whole number from 1 to 10000"),  # "²": a digit to str.isdigit, not to int()
    ("page=%D9%A3", "page must be a whole number from 1 to 10000"),  # an Arabic-Indic 3
    ("page_size=0", "page_size must be a whole number from 1 to 100"),
    ("page_size=1000", "page_size must be a whole number from 1 to 100"),
    ("page_size=1.5", "page_size must be a whole number from 1 to 100"),
    ("date=garbage", "is not a date"),
    ("date=2023-02-30", "is not a date"),
    ("date=2023-06..2023-01", "ends before it starts"),
    ("date=..", "names no date"),
    ("date=2023&date=2022", "Give one date filter"),
    ("sort=", "sort is empty: use one of relevance, newest"),
    ("sort=oldest", "Unknown sort order 'oldest': use one of relevance, newest"),
    ("collapse=2", "collapse must be 1"),
    ("similar=0000000000000000", "no article with id '0000000000000000'"),
    ("similar=" + "a" * 65, "similar must be an article id"),
    ("q=" + "x" * 1001, "the limit is 1,000"),
    ("q=date:2023-13-45", "is not a date"),
]


@pytest.mark.parametrize("args, message", BAD_SEARCH_PARAMETERS)
def test_a_bad_search_parameter_is_a_400_with_its_message(client, args, message):
    response = client.get(f"/api/search?{args}")
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error", "status"} and body["status"] == 400
    assert message in body["error"]


@pytest.mark.parametrize("args, message", [("sort=", "sort is empty"), ("page=%C2%B2", "page must be"),
                                           ("year=abc", "year must be a year")])
@pytest.mark.parametrize("path", ["/search.csv", "/search.jsonl", "/search.atom", "/search"])
def test_the_pages_and_downloads_say_the_same(client, path, args, message):
    response = client.get(f"{path}?{args}")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert message in response.get_data(as_text=True)


def test_a_left_out_parameter_is_its_default(client):
    document = client.get("/api/search?q=japan").get_json()
    assert (document["sort"], document["page"], document["page_size"]) == ("relevance", 1, 10)
    assert client.get("/api/search?q=japan&page=&page_size=&date=&year=").get_json()["total"] == document["total"]


@pytest.mark.parametrize("args, message", [
    ("type=person&limit=%C2%B2", "limit must be a whole number from 1 to 100."),
    ("type=person&limit=000001000", "limit must be a whole number from 1 to 100."),
    ("type=person&limit=0", "limit must be a whole number from 1 to 100."),
    ("type=person&limit=abc", "limit must be a whole number from 1 to 100."),
    ("type=", "type must be one of: person, country"),
    ("type=person&prefix=" + "a" * 201, "prefix must be at most 200 characters"),
])
def test_a_bad_entity_parameter_is_a_400_with_its_message(client, args, message):
    response = client.get(f"/api/entities?{args}")
    assert response.status_code == 400 and response.get_json() == {"error": message, "status": 400}


def test_an_entity_limit_left_empty_is_the_default(client):
    assert client.get("/api/entities?type=country&limit=").get_json() == client.get(
        "/api/entities?type=country").get_json()


def test_a_batch_with_more_filter_values_than_allowed_is_a_400_that_says_so(client):
    # 51 values of one filter: the form's own limit (a 400 naming it), not the server's cap on form fields.
    form = {"queries": "kishida", "country": [f"c{i}" for i in range(51)], "person": [f"p{i}" for i in range(50)]}
    response = client.post("/batch.csv", data=form, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Too many country filters (the limit is 50)." in response.get_data(as_text=True)


def test_a_batch_with_every_filter_full_is_searched(client):
    form = {"queries": "kishida", "sort": "newest", "top": "1",
            **{name: [f"v{i}" for i in range(50)] for name in ("person", "country", "source")},
            "year": [str(2000 + i) for i in range(50)]}
    response = client.post("/batch.jsonl", data=form, content_type="multipart/form-data")
    assert response.status_code == 200

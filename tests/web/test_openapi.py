"""The OpenAPI description (webui/openapi.json, served at /openapi.json) against the app it describes.

The rule for routes: every route of the app is either described (each of its methods but HEAD and OPTIONS,
which Flask answers for every GET) or listed in ``NOT_DESCRIBED`` with the reason: the HTML pages, made for
people, and the static files. A new route that is neither fails ``test_every_route_is_described_or_a_page``.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from helpers import missing_browser_tool

from indexer.search import SORTS, IndexHandle, SearchRequest
from indexer.search.registry import entity_facets, facets
from webui import export
from webui.openapi import DOCUMENT
from webui.openapi_spec import build, dumps
from webui.params import MAX_PAGE, MAX_PAGE_SIZE, MAX_VALUES_PER_FACET

# Routes without a description, and why. Each is a page for a browser or a file, not data for programs.
NOT_DESCRIBED = {
    "/": "the search page (HTML)",
    "/search": "the search page (HTML); /api/search answers the same search as JSON",
    "/help": "the query syntax help page (HTML)",
    "/batch": "the batch search form and its table of results (HTML); /batch.csv and /batch.jsonl are the data",
    "/article/<article_id>": "an article's page (HTML); /api/article/<article_id> is its JSON",
    "/people": "the list of people (HTML); /api/entities?type=person is its JSON",
    "/people/<slug>": "a person's page (HTML)",
    "/countries": "the list of countries (HTML); /api/entities?type=country is its JSON",
    "/countries/<slug>": "a country's page (HTML)",
    "/static/<path:filename>": "the style sheet, the script and the icon",
    "/favicon.ico": "the icon",
}
IMPLICIT_METHODS = {"HEAD", "OPTIONS"}
SEARCH_OPERATIONS = [("/api/search", "get"), ("/search.csv", "get"), ("/search.jsonl", "get"),
                     ("/search.atom", "get")]
BATCH_OPERATIONS = [("/batch.csv", "post"), ("/batch.jsonl", "post")]
# The schema of each line of a JSON-lines download.
LINE_SCHEMAS = {"/search.jsonl": "ExportRow", "/batch.jsonl": "BatchRow"}


@pytest.fixture(scope="module")
def document():
    return json.loads(DOCUMENT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index(index_root):
    return IndexHandle(index_root).get()


def openapi_path(rule: str) -> str:
    """``/api/article/<article_id>`` as OpenAPI writes it: ``/api/article/{article_id}``."""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def parameter_names(document, path: str, method: str) -> set[str]:
    names = set()
    for parameter in document["paths"][path][method].get("parameters", []):
        if "$ref" in parameter:
            parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        names.add(parameter["name"])
    return names


def validator(document, schema: dict):
    """A JSON Schema validator of ``schema``, whose ``$ref``s point into the document's components."""
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft202012Validator({**schema, "components": document["components"]})


def check(document, response, path: str, method: str = "get") -> None:
    """The response has a status and media type the description lists for the operation, and its body
    (each line of it, for JSON lines) matches the schema given for them."""
    responses = document["paths"][path][method]["responses"]
    assert str(response.status_code) in responses, (path, response.status_code)
    content = responses[str(response.status_code)]["content"]
    assert response.mimetype in content, (path, response.status_code, response.mimetype)
    if response.mimetype == "application/json":
        validator(document, content[response.mimetype]["schema"]).validate(response.get_json())
    elif response.mimetype == "application/x-ndjson":
        lines = response.get_data(as_text=True).splitlines()
        row = validator(document, {"$ref": f"#/components/schemas/{LINE_SCHEMAS[path]}"})
        for line in lines:
            row.validate(json.loads(line))


# The document -------------------------------------------------------------------------------------------

def test_the_description_is_served_as_it_is_kept(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_data() == DOCUMENT.read_bytes()


def test_the_kept_file_is_what_the_code_describes():
    assert DOCUMENT.read_text(encoding="utf-8") == dumps(build()), (
        "webui/openapi.json is out of date: run python -m webui.openapi_spec and commit the file")


def test_the_description_is_a_valid_openapi_document(document):
    try:
        from openapi_spec_validator import validate
    except ImportError:
        missing_browser_tool("openapi-spec-validator is not installed (pip install '.[test]')")
    validate(document)
    assert document["openapi"].startswith("3.1.")


def test_every_route_is_described_or_a_page(app, document):
    routes = {}
    for rule in app.url_map.iter_rules():
        routes.setdefault(rule.rule, set()).update(method.lower() for method in rule.methods - IMPLICIT_METHODS)
    for rule, methods in routes.items():
        path = openapi_path(rule)
        if rule in NOT_DESCRIBED:
            assert path not in document["paths"], f"{rule} is described and listed as a page"
            continue
        assert path in document["paths"], f"the route {rule} has no description in webui/openapi.json: describe " \
                                          "it in webui/openapi_spec.py, or list it in NOT_DESCRIBED with the reason"
        assert set(document["paths"][path]) == methods, (rule, methods)
    described = {openapi_path(rule) for rule in routes}
    assert set(document["paths"]) <= described, "a described path the app has no route for"
    assert set(NOT_DESCRIBED) <= set(routes), "a route listed in NOT_DESCRIBED the app no longer has"


def test_every_operation_answers_errors_as_described(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation["responses"].get("200"), (path, method)
            if operation.get("parameters") or operation.get("requestBody"):
                assert {"400", "404"} & set(operation["responses"]), (path, method, "no error answer")
            for status, answer in operation["responses"].items():
                # 414 comes from the server before the app sees the request: its own page, not JSON.
                if path.startswith("/api/") and status not in ("200", "414"):
                    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


@pytest.mark.parametrize("path, method", SEARCH_OPERATIONS)
def test_every_facet_is_a_parameter_of_every_search(document, path, method):
    names = parameter_names(document, path, method)
    for definition in facets():
        assert definition.name in names, f"the facet {definition.name} is not a parameter of {path}"
    assert {"q", "date", "page", "page_size", "sort", "collapse", "similar"} <= names


@pytest.mark.parametrize("path, method", BATCH_OPERATIONS)
def test_every_facet_is_a_field_of_the_batch_form(document, path, method):
    fields = document["paths"][path][method]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert set(fields["properties"]) == {"queries", "csv", "file", *export.SHARED_FIELDS}


def test_limits_and_choices_are_the_code_s(document):
    parameters = document["components"]["parameters"]
    assert parameters["sort"]["schema"]["enum"] == list(SORTS)
    assert parameters["page_size"]["schema"]["maximum"] == MAX_PAGE_SIZE
    assert parameters["page"]["schema"]["maximum"] == MAX_PAGE
    for definition in facets():
        assert parameters[definition.name]["schema"]["maxItems"] == MAX_VALUES_PER_FACET
    entity_types = document["paths"]["/api/entities"]["get"]["parameters"][0]["schema"]["enum"]
    assert entity_types == [definition.name for definition in entity_facets()]
    search = document["components"]["schemas"]["SearchDocument"]["properties"]
    assert search["facets"]["required"] == [definition.name for definition in facets()]


# Real answers against the schemas -----------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    "", "q=trade", "q=trade&country=Japan&country=Vietnam&person=Fumio+Kishida", "year=2022&sort=newest&page=2",
    "q=kishida&date=2023-01..2023-06&collapse=0", "q=zebra", "q=fishing+season", "q=kishida+trade+typhoon+zebra",
    "page_size=100", "page=500",
])
def test_search_documents_match_the_schema(client, document, args):
    response = client.get(f"/api/search?{args}")
    assert response.status_code == 200
    check(document, response, "/api/search")


def test_a_search_of_similar_stories_matches_the_schema(client, document, index):
    hit = index.search(SearchRequest("semiconductors")).hits[0]
    response = client.get(f"/api/search?similar={hit.id}")
    assert response.status_code == 200 and response.get_json()["similar"] == hit.id
    check(document, response, "/api/search")


@pytest.mark.parametrize("args", ["type=person", "type=country&prefix=ja&limit=1", "type=person&prefix=zzz"])
def test_entities_match_the_schema(client, document, args):
    response = client.get(f"/api/entities?{args}")
    assert response.status_code == 200
    check(document, response, "/api/entities")


def test_articles_match_the_schema(client, document, index):
    for hit in index.search(SearchRequest(page_size=100)).hits:  # dated and undated, with and without a URL
        response = client.get(f"/api/article/{hit.id}")
        assert response.status_code == 200
        check(document, response, "/api/article/{article_id}")


@pytest.mark.parametrize("path, args", [
    ("/api/search", "page=0"), ("/api/search", "sort="), ("/api/search", "q=/kish.da/"),
    ("/api/entities", "type=place"), ("/api/article/0000000000000000", ""), ("/api/article/nothex", ""),
    ("/search.csv", "year=abc"), ("/search.jsonl", "sort="), ("/search.atom", "date=2023-13"),
])
def test_errors_match_the_schema(client, document, path, args):
    response = client.get(f"{path}?{args}")
    assert response.status_code in (400, 404)
    check(document, response, "/api/article/{article_id}" if path.startswith("/api/article/") else path)


@pytest.mark.parametrize("args", ["", "q=japan&sort=newest", "q=zebra", "country=Japan&date=2023"])
def test_downloads_and_the_feed_are_the_media_types_described(client, document, args):
    for path in ("/search.csv", "/search.jsonl", "/search.atom"):
        response = client.get(f"{path}?{args}")
        assert response.status_code == 200
        check(document, response, path)
        if path != "/search.atom":
            assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(client.get(f"/search.csv?{args}").get_data(as_text=True).lstrip("\ufeff"))))
    properties = document["components"]["schemas"]["ExportRow"]["properties"]
    assert all(list(row) == list(properties) for row in rows)


def test_batch_downloads_match_the_schema(client, document):
    form = {"queries": "kishida\ntrade\ndate:2023-13-45\nzebra", "country": "Japan", "top": "3"}
    for path in ("/batch.csv", "/batch.jsonl"):
        response = client.post(path, data=form, content_type="multipart/form-data")
        assert response.status_code == 200
        check(document, response, path, "post")
    response = client.post("/batch.jsonl", data={"queries": ""}, content_type="multipart/form-data")
    assert response.status_code == 400
    check(document, response, "/batch.jsonl", "post")


def test_the_opensearch_description_is_the_media_type_described(client, document):
    check(document, client.get("/opensearch.xml"), "/opensearch.xml")

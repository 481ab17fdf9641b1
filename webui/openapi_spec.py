"""The OpenAPI description of the data endpoints, made from the constants they check their parameters against.

``build()`` makes the document that ``webui/openapi.json`` holds and ``/openapi.json`` serves (webui/openapi.py):
from the facet registry, the sort orders, the page limits and the other constants of the endpoints, so
that they are written once. tests/web/test_openapi.py fails when the file is not what ``build()`` makes,
and when the app has a route that is neither described here nor listed there as a page. After changing an
endpoint, its parameters or a facet, write the file again::

    python -m webui.openapi_spec
"""

from __future__ import annotations

import json

from indexer.search import MAX_QUERY_CHARS, SORTS
from indexer.search.contract import TIMELINE_GRANULARITIES
from indexer.search.export import HIT_COLUMNS_WITHOUT_PATH
from indexer.search.registry import FACET_LIMIT, entity_facets, facets
from webui import api, export, feeds
from webui.browse import ARTICLE_ID
from webui.openapi import DOCUMENT, MEDIA_TYPE
from webui.params import MAX_ARTICLE_ID_CHARS, MAX_PAGE, MAX_PAGE_SIZE, MAX_VALUE_CHARS, MAX_VALUES_PER_FACET
from webui.server import MAX_REQUEST_LINE

API_VERSION = "1"  # of the API as described: raise it when an endpoint changes in a way clients notice

# Written as ``newsdex search --date`` and the ``date`` parameter read it: a year, month or day, or a range
# of them with either end left out. A day that does not exist (2023-02-30) matches but is a 400.
_PERIOD = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
DATE_PATTERN = f"^({_PERIOD})?(\\.\\.({_PERIOD})?)?$"


def dumps(document: dict) -> str:
    """The text of ``webui/openapi.json``: what ``build()`` makes, as the file holds it."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    DOCUMENT.write_text(dumps(build()), encoding="utf-8")
    print(f"wrote {DOCUMENT}")


# The description --------------------------------------------------------------------------------------

def _ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


def _json(schema: dict, description: str, *, no_store: bool = True) -> dict:
    response = {"description": description, "content": {MEDIA_TYPE: {"schema": schema}}}
    if no_store:
        response["headers"] = {"Cache-Control": _ref("headers", "NoStore")}
    return response


def _html(description: str) -> dict:
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


def _download(media_type: str, description: str) -> dict:
    return {"description": description, "headers": {"Content-Disposition": _ref("headers", "Attachment")},
            "content": {media_type: {"schema": {"type": "string"}}}}


def _strings(description: str = "") -> dict:
    schema = {"type": "array", "items": {"type": "string"}}
    return {**schema, "description": description} if description else schema


def _count_pairs(description: str) -> dict:
    return {"type": "array", "description": description,
            "items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer", "minimum": 0}],
                      "minItems": 2, "maxItems": 2}}


def _facet_parameter(definition) -> dict:
    item = {"type": "string", "maxLength": MAX_VALUE_CHARS}
    description = (f"{definition.filter_help} At most {MAX_VALUES_PER_FACET} "
                   f"values of at most {MAX_VALUE_CHARS} characters; empty values are left out.")
    if definition.value_pattern is not None:
        item["pattern"] = f"^{definition.value_pattern.pattern}$"
        description += f" Any other value is a 400: {definition.invalid_value}"
    return {"name": definition.name, "in": "query", "required": False, "style": "form", "explode": True,
            "description": description,
            "schema": {"type": "array", "maxItems": MAX_VALUES_PER_FACET, "items": item}}


def _parameters() -> dict:
    parameters = {
        "q": {"name": "q", "in": "query", "required": False,
              "description": "The query, in the query syntax (docs/query-syntax.md); empty: every article. "
                             "A query the syntax cannot read (a date that is not one, a regular expression) "
                             "is a 400.",
              "schema": {"type": "string", "maxLength": MAX_QUERY_CHARS}},
        "date": {"name": "date", "in": "query", "required": False,
                 "description": "Only articles dated within it: a year, month or day (1987, 1987-03, 1987-03-17) "
                                "or a range of them, both ends included, either left out for an open end "
                                "(1987-02..1987-04, 1987-03-10.., ..1987-03). A day that does not exist, or a "
                                "range that ends before it starts, is a 400. Empty: no date filter.",
                 "schema": {"type": "string", "maxLength": MAX_VALUE_CHARS, "pattern": DATE_PATTERN}},
        "page": {"name": "page", "in": "query", "required": False, "description": "The page of hits.",
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
        "page_size": {"name": "page_size", "in": "query", "required": False, "description": "Hits per page.",
                      "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": 10}},
        "sort": {"name": "sort", "in": "query", "required": False,
                 "description": "The order of the hits. Left out: relevance; given empty (sort=), a 400. A "
                                "search without words to rank by lists newest first whatever is asked.",
                 "schema": {"type": "string", "enum": list(SORTS), "default": SORTS[0]}},
        "collapse": {"name": "collapse", "in": "query", "required": False,
                     "description": "1: one hit per group of similar stories; 0: every copy.",
                     "schema": {"type": "integer", "enum": [0, 1], "default": 1}},
        "similar": {"name": "similar", "in": "query", "required": False,
                    "description": "An article id: only the articles of its group of similar stories, every one "
                                   "listed. An id the index does not hold is a 400.",
                    "schema": {"type": "string", "maxLength": MAX_ARTICLE_ID_CHARS}},
    }
    for definition in facets():
        parameters[definition.name] = _facet_parameter(definition)
    return parameters


def _search_parameters() -> list[dict]:
    """The parameters every search endpoint reads, as ``webui.params.read_state`` does."""
    return [_ref("parameters", name) for name in ("q", *(d.name for d in facets()), "date", "page", "page_size",
                                                   "sort", "collapse", "similar")]


def _schemas() -> dict:
    facet_names = [definition.name for definition in facets()]
    hit = {
        "type": "object", "additionalProperties": False,
        "required": ["id", "title", "date", "source", "url", "persons", "countries", "snippet", "similar"],
        "properties": {
            "id": _ref("schemas", "ArticleId"),
            "title": {"type": "string"},
            "date": _ref("schemas", "ArticleDate"),
            "source": {"type": "string"},
            "url": {"type": "string", "description": "As the article's file gave it; may be empty."},
            "persons": _strings(),
            "countries": _strings(),
            "snippet": {"type": "string",
                        "description": "HTML: the article's text escaped, the matched words in <mark>."},
            "similar": {"type": "integer", "minimum": 0,
                        "description": "How many other articles of its group of similar stories matched too."},
        },
    }
    timeline = {
        "type": "object", "additionalProperties": False, "required": ["granularity", "buckets", "undated"],
        "properties": {
            "granularity": {"type": "string", "enum": list(TIMELINE_GRANULARITIES)},
            "buckets": _count_pairs("[start, articles], oldest first, empty ones included; start is the date "
                                    "value that selects the bucket."),
            "undated": {"type": "integer", "minimum": 0},
        },
    }
    search = {
        "type": "object", "additionalProperties": False,
        "required": ["query", "total", "page", "page_size", "sort", "hits", "facets", "suggestion", "filters",
                     "words_matched", "date", "timeline", "groups", "collapsed", "similar", "seconds"],
        "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "minimum": 0, "description": "Every match, not just this page."},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "sort": {"type": "string", "enum": list(SORTS), "description": "The order the hits are in."},
            "hits": {"type": "array", "maxItems": MAX_PAGE_SIZE, "items": _ref("schemas", "Hit")},
            "facets": {
                "type": "object", "additionalProperties": False, "required": facet_names,
                "properties": {name: {**_count_pairs(f"[{name}, articles], at most {FACET_LIMIT}."),
                                      "maxItems": FACET_LIMIT + MAX_VALUES_PER_FACET}
                               for name in facet_names},
                "description": "Per facet, its values over the whole result set with their article counts; "
                               "a selected value is always listed.",
            },
            "suggestion": {"type": ["string", "null"], "description": "A respelled query that finds more."},
            "filters": {"type": "object", "additionalProperties": False,
                        "properties": {name: {**_strings(), "minItems": 1} for name in facet_names},
                        "description": "The facet filters the search applied."},
            "words_matched": {
                "oneOf": [{"type": "null"},
                          {"type": "object", "additionalProperties": False, "required": ["at_least", "of"],
                           "properties": {"at_least": {"type": "integer", "minimum": 0},
                                          "of": {"type": "integer", "minimum": 1}}}],
                "description": "null when every hit holds every word of the query."},
            "date": {"type": ["string", "null"], "description": "The date filter, as the date parameter gives it."},
            "timeline": {"oneOf": [{"type": "null"}, _ref("schemas", "Timeline")]},
            "groups": {"type": "integer", "minimum": 0},
            "collapsed": {"type": "boolean"},
            "similar": {"type": ["string", "null"],
                        "description": "The similar parameter, or null."},
            "seconds": {"type": "number", "minimum": 0},
        },
    }
    entity = {"type": "object", "additionalProperties": False, "required": ["name", "slug", "count"],
              "properties": {"name": {"type": "string"},
                             "slug": {"type": "string", "description": "Its page: /people/<slug>, ..."},
                             "count": {"type": "integer", "minimum": 0}}}
    article = {
        "type": "object", "additionalProperties": False, "required": list(api.PUBLIC_ARTICLE_FIELDS),
        "properties": {name: {"type": "string"} for name in api.PUBLIC_ARTICLE_FIELDS},
    }
    article["properties"].update({"id": _ref("schemas", "ArticleId"), "date": _ref("schemas", "ArticleDate"),
                                  "persons": _strings(), "countries": _strings(),
                                  "body": {"type": "string", "description": "Plain text; paragraphs are separated "
                                                                            "by a blank line."}})
    row_types = {"id": _ref("schemas", "ArticleId"), "date": _ref("schemas", "ArticleDate"),
                 "persons": _strings(), "countries": _strings(),
                 "score": {"type": ["number", "null"], "description": "null when the rows are newest first."},
                 "snippet": {"type": "string", "description": "Plain text."}}
    export_row = {
        "type": "object", "additionalProperties": False, "required": list(HIT_COLUMNS_WITHOUT_PATH),
        "description": "One line of /search.jsonl, and one hit of a /batch.jsonl line; the columns of the CSV.",
        "properties": {name: row_types.get(name, {"type": "string"}) for name in HIT_COLUMNS_WITHOUT_PATH},
    }
    batch_row = {
        "type": "object", "additionalProperties": False, "required": ["line", "query", "count", "error", "hits"],
        "description": "One line of /batch.jsonl: a query of the list, its count and its best hits.",
        "properties": {
            "line": {"type": "integer", "minimum": 1, "description": "The query's line in the list."},
            "query": {"type": "string"},
            "count": {"type": ["integer", "null"], "minimum": 0,
                      "description": "null when the query could not be searched."},
            "error": {"type": ["string", "null"], "description": "Why the query could not be searched."},
            "hits": {"type": "array", "items": _ref("schemas", "ExportRow")},
        },
    }
    error = {"type": "object", "additionalProperties": False, "required": ["error", "status"],
             "properties": {"error": {"type": "string", "minLength": 1, "description": "What is wrong."},
                            "status": {"type": "integer", "minimum": 400, "maximum": 599,
                                       "description": "The HTTP status again."}}}
    return {
        "ArticleId": {"type": "string", "pattern": f"^{ARTICLE_ID.pattern}$"},
        "ArticleDate": {"type": ["string", "null"],
                        "description": "YYYY-MM-DD, or a full ISO 8601 time when the source had one; null when "
                                       "undated."},
        "Hit": hit, "Timeline": timeline, "SearchDocument": search, "Entity": entity, "Article": article,
        "ExportRow": export_row, "BatchRow": batch_row, "Error": error,
    }


def _batch_form() -> dict:
    shared = {definition.name: {"type": "array", "maxItems": MAX_VALUES_PER_FACET,
                                "items": {"type": "string", "maxLength": MAX_VALUE_CHARS,
                                          **({"pattern": f"^{definition.value_pattern.pattern}$"}
                                             if definition.value_pattern is not None else {})},
                                "description": f"As the {definition.name} parameter of /search, for every query."}
              for definition in facets()}
    properties = {
        "queries": {"type": "string",
                    "description": f"The list: one query per line, blank lines and lines starting with # left "
                                   f"out; at most {export.MAX_BATCH_QUERIES:,} queries. A list without a query, "
                                   "or one given with an uploaded file too, is a 400."},
        "csv": {"type": "integer", "enum": [0, 1], "description": "1: queries is CSV."},
        "file": {"type": "string", "format": "binary",
                 "description": "An uploaded list instead: CSV when its name ends in .csv, else one query per "
                                "line; UTF-8."},
        **shared,
        "date": {"type": "string", "maxLength": MAX_VALUE_CHARS, "pattern": DATE_PATTERN,
                 "description": "As the date parameter of /search, for every query."},
        "sort": {"type": "string", "enum": list(SORTS), "description": "The order of each query's best hits."},
        "top": {"type": "integer", "minimum": min(export.TOP_CHOICES), "maximum": max(export.TOP_CHOICES),
                "default": 3, "description": "Best hits per query."},
    }
    encoding = {name: {"style": "form", "explode": True} for name in shared}
    return {"required": True, "content": {"multipart/form-data": {
        "schema": {"type": "object", "properties": properties}, "encoding": encoding}}}


def _batch_operation(file_format: str, media_type: str) -> dict:
    return {
        "operationId": f"batch_{file_format}",
        "summary": f"A list of queries searched with the same filters, each one's count and best hits as "
                   f"{file_format.upper()}",
        "requestBody": _batch_form(),
        "responses": {
            "200": _download(media_type, "The batch's rows, as a file to save (docs/api.md)."),
            "400": _html("The batch form again, saying what is wrong."),
            "413": _html(f"The form is over {export.MAX_BATCH_BYTES // 2**20} MB."),
            "503": _html("There is no index yet."),
        },
    }


def _export_operation(file_format: str, media_type: str) -> dict:
    return {
        "operationId": f"search_{file_format}",
        "summary": f"Every article a search matches, not one page, as {file_format.upper()}",
        "description": "page and page_size are checked but do not limit the file.",
        "parameters": _search_parameters(),
        "responses": {
            "200": _download(media_type, "Every match, in the search's order (the columns: ExportRow)."),
            "400": _html("A page saying which parameter is wrong."),
            "503": _html("There is no index yet."),
        },
    }


def build() -> dict:
    """The OpenAPI 3.1 description of every data endpoint (docs/api.md says the same in prose)."""
    kinds = [definition.name for definition in entity_facets()]
    bad_request = _json(_ref("schemas", "Error"), "A parameter is missing, malformed or out of range; the "
                                                  "message says which.")
    no_index = _json(_ref("schemas", "Error"), "There is no index yet (run newsdex reindex).")
    paths = {
        "/api/search": {"get": {
            "operationId": "search",
            "summary": "Search the index: one page of hits, the facet counts and the timeline",
            "parameters": _search_parameters(),
            "responses": {"200": _json(_ref("schemas", "SearchDocument"), "The document newsdex search --json "
                                                                          "prints."),
                          "400": bad_request, "503": no_index},
        }},
        "/api/entities": {"get": {
            "operationId": "entities",
            "summary": "People or countries for autocomplete, most articles first",
            "parameters": [
                {"name": "type", "in": "query", "required": True, "schema": {"type": "string", "enum": kinds}},
                {"name": "prefix", "in": "query", "required": False,
                 "description": "Each word must start a word of the name, ignoring case and accents; empty: all.",
                 "schema": {"type": "string", "maxLength": api.MAX_PREFIX_CHARS}},
                {"name": "limit", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": api.MAX_ENTITY_LIMIT,
                            "default": api.DEFAULT_ENTITY_LIMIT}},
            ],
            "responses": {"200": _json({"type": "array", "maxItems": api.MAX_ENTITY_LIMIT,
                                        "items": _ref("schemas", "Entity")}, "The entities, most articles first."),
                          "400": bad_request, "503": no_index},
        }},
        "/api/article/{article_id}": {"get": {
            "operationId": "article",
            "summary": "One article",
            "parameters": [{"name": "article_id", "in": "path", "required": True,
                            "description": "The 16 hexadecimal digits of a search hit's id; anything else is a 404.",
                            "schema": _ref("schemas", "ArticleId")}],
            "responses": {"200": _json(_ref("schemas", "Article"), "The article."),
                          "404": _json(_ref("schemas", "Error"), "No article with this id."),
                          "503": no_index},
        }},
        "/search.csv": {"get": _export_operation("csv", "text/csv")},
        "/search.jsonl": {"get": _export_operation("jsonl", "application/x-ndjson")},
        "/batch.csv": {"post": _batch_operation("csv", "text/csv")},
        "/batch.jsonl": {"post": _batch_operation("jsonl", "application/x-ndjson")},
        "/search.atom": {"get": {
            "operationId": "atom",
            "summary": f"An Atom 1.0 feed of the {feeds.FEED_SIZE} newest articles a search matches",
            "description": "page, page_size and sort are checked but the feed is always its first "
                           f"{feeds.FEED_SIZE} articles, newest first.",
            "parameters": _search_parameters(),
            "responses": {"200": {"description": "The feed.",
                                  "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
                          "400": _html("A page saying which parameter is wrong."),
                          "503": _html("There is no index yet.")},
        }},
        "/opensearch.xml": {"get": {
            "operationId": "opensearch",
            "summary": "The OpenSearch 1.1 description, so that browsers offer Newsdex as a search engine",
            "responses": {"200": {"description": "The description.", "content": {
                "application/opensearchdescription+xml": {"schema": {"type": "string"}}}}},
        }},
        "/openapi.json": {"get": {
            "operationId": "openapi",
            "summary": "This description",
            "responses": {"200": {"description": "The OpenAPI document.",
                                  "content": {MEDIA_TYPE: {"schema": {"type": "object"}}}}},
        }},
    }
    # The server answers this itself, before the app sees the request; a long multi-select can reach it.
    too_long = _html(f"The request line is over {MAX_REQUEST_LINE:,} bytes (the server's own page).")
    for operations in paths.values():
        for operation in operations.values():
            operation["responses"]["414"] = too_long
    return {
        "openapi": "3.1.0",
        "info": {"title": "Newsdex", "version": API_VERSION,
                 "description": "The data endpoints of the Newsdex web UI (newsdex serve); docs/api.md has the "
                                "details. Every endpoint answers without authentication. Errors of the /api/ "
                                "endpoints are JSON (Error); those of the downloads and the feed are pages, as is "
                                "the server's own 414 for a request line that is too long."},
        "paths": paths,
        "components": {
            "parameters": _parameters(),
            "schemas": _schemas(),
            "headers": {
                "NoStore": {"description": "Answers of /api/ are not to be cached.",
                            "schema": {"type": "string", "const": "no-store"}},
                "Attachment": {"description": "attachment; filename=newsdex-<query>.<format>", "required": True,
                               "schema": {"type": "string", "pattern": "^attachment"}},
            },
        },
    }


if __name__ == "__main__":
    main()

"""JSON for other programs: search (the ``newsdex search --json`` document), entities, articles."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from indexer.search import QueryError
from indexer.search.registry import entity_facets
from webui.browse import ARTICLE_ID
from webui.index import get_index
from webui.params import ParamError, read_state, whole_number
from webui.security import error_response

bp = Blueprint("api", __name__, url_prefix="/api")

PUBLIC_ARTICLE_FIELDS = ("id", "title", "date", "source", "author", "url", "dateline", "format", "persons",
                         "countries", "body")
MAX_ENTITY_LIMIT = 100
DEFAULT_ENTITY_LIMIT = 10
MAX_PREFIX_CHARS = 200


@bp.route("/search")
def search():
    try:
        state = read_state()
        result = get_index().search(state.request())
    except (ParamError, QueryError) as exc:
        return error_response(400, str(exc))
    return jsonify(result.to_json())


@bp.route("/entities")
def entities():
    kind = request.args.get("type", "")
    kinds = [definition.name for definition in entity_facets()]
    if kind not in kinds:
        return error_response(400, "type must be one of: " + ", ".join(kinds))
    prefix = request.args.get("prefix", "")
    if len(prefix) > MAX_PREFIX_CHARS:
        return error_response(400, f"prefix must be at most {MAX_PREFIX_CHARS} characters")
    try:
        limit = whole_number(request.args.get("limit"), "limit", DEFAULT_ENTITY_LIMIT, 1, MAX_ENTITY_LIMIT)
    except ParamError as exc:
        return error_response(400, str(exc))
    entities = get_index().entities
    rows = entities.match_prefix(kind, prefix) if prefix.strip() else entities.ranked(kind)
    return jsonify([{"name": row.label, "slug": row.slug, "count": row.count} for row in rows[:limit]])


@bp.route("/article/<article_id>")
def article(article_id):
    found = get_index().article(article_id) if ARTICLE_ID.fullmatch(article_id) else None
    if found is None:
        return error_response(404, "no article with this id")
    return jsonify({key: found.get(key) for key in PUBLIC_ARTICLE_FIELDS})

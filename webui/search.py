"""The search page, with facets, chips, sorting and pagination, and the query syntax help."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, send_from_directory

from indexer.search import QueryError
from indexer.search.registry import entity_facets, facets
from webui.index import get_index
from webui.params import ParamError, SearchState, read_state

bp = Blueprint("search", __name__)

EXAMPLES = [
    ("Phrase", '"prime minister"'),
    ("Either word", "election OR vote"),
    ("Exclude", "trade NOT china"),
    ("Person", "person:kishida"),
    ("Title only", "title:summit"),
    ("Date range", "date:[2023-01-01 to 2023-06-30]"),
]


@bp.route("/")
@bp.route("/search")
def search():
    page_size = current_app.config["PAGE_SIZE"]
    try:
        state = read_state(default_page_size=page_size)
    except ParamError as exc:
        return _error_page(SearchState(default_page_size=page_size), str(exc))
    index = get_index()
    try:
        result = index.search(state.request())
    except QueryError as exc:
        return _error_page(state, str(exc))
    pages = max(1, -(-result.total // state.page_size))
    return render_template(
        "search/search.html", state=state, result=result, pages=pages, facets=_facet_views(state, result),
        chips=_chips(state), slugs=index.entities.slugs(), entity_facets=entity_facets(),
        doc_count=index.doc_count, examples=EXAMPLES,
        page_url=lambda n: state.url(page=n),
    )


@bp.route("/help")
def help_page():
    return render_template("search/help.html")


@bp.app_context_processor
def default_state():
    """Every page has the search box; pages that are not a search give it an empty state."""
    return {"state": SearchState()}


def _error_page(state: SearchState, message: str):
    body = render_template("search/search.html", state=state, result=None, error=message, pages=1, facets=[],
                           chips=[], slugs={}, doc_count=None, examples=EXAMPLES, page_url=None)
    return body, 400


def _facet_views(state: SearchState, result) -> list[dict]:
    shown = current_app.config["FACET_SHOWN"]
    views = []
    for definition in facets():
        name = definition.name
        values = result.facets.get(name, [])
        selected = state.filters.get(name, [])
        items = []
        for position, (label, n) in enumerate(values):
            is_selected = label in selected
            items.append({
                "label": label, "count": n, "selected": is_selected,
                "url": state.toggle_url(name, label),
                "extra": position >= shown and not is_selected and name not in state.expand,
            })
        if not items:  # nothing to choose from: no heading either
            continue
        views.append({
            "name": name, "title": definition.title, "items": items,
            "has_more": any(item["extra"] for item in items),
            "more_url": state.url(expand=[*state.expand, name]),
            "long": len(items) > shown,
        })
    return views


def _chips(state: SearchState) -> list[dict]:
    chips = []
    for definition in facets():
        for value in state.filters.get(definition.name, []):
            chips.append({"facet": definition.singular, "label": value,
                          "url": state.toggle_url(definition.name, value)})
    return chips



@bp.route("/favicon.ico")
def favicon():
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml")

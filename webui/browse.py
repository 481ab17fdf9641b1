"""Browsing by entity: a list page and a page per value for each facet with entity pages, and the article page."""

from __future__ import annotations

import re
from functools import partial

from flask import Blueprint, abort, current_app, render_template, request, url_for

from indexer.search import SearchRequest
from indexer.search.registry import entity_facets, facet
from webui.index import get_index
from webui.params import ParamError, SearchState, whole_number

bp = Blueprint("browse", __name__)

ARTICLE_ID = re.compile(r"[0-9a-f]{16}")
SLUG = re.compile(r"[a-z0-9-]{1,200}")
LIST_SORTS = ("count", "name")
RELATED_LIMIT = 15
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def list_endpoint(kind: str) -> str:
    """``browse.people``: a facet's list of values; the page of one value is ``browse.person``."""
    return f"browse.{facet(kind).plural}"


@bp.route("/article/<article_id>")
def article(article_id):
    if not ARTICLE_ID.fullmatch(article_id):
        abort(404)
    index = get_index()
    found = index.article(article_id)
    if found is None:
        abort(404)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", found.get("body", "")) if p.strip()]
    return render_template("browse/article.html", article=found, paragraphs=paragraphs,
                           slugs=index.entities.slugs(), entity_facets=entity_facets())


def _entity_list(kind: str):
    sort = request.args.get("sort") or "count"
    if sort not in LIST_SORTS:
        sort = "count"
    needle = (request.args.get("filter") or "")[:200].strip()
    try:
        page = whole_number(request.args.get("page"), "page", 1, 1, 100_000)
    except ParamError:
        abort(404)
    listing = get_index().entities.list(kind, needle=needle, sort=sort, page=page,
                                        page_size=current_app.config["ENTITY_PAGE_SIZE"])
    if page > listing.pages:
        abort(404)
    definition = facet(kind)
    endpoint = list_endpoint(kind)
    return render_template(
        "browse/entities.html", kind=kind, title=definition.title, singular=definition.singular,
        plural=definition.plural, listing=listing, sort=sort, needle=needle, endpoint=endpoint,
        item_endpoint=f"browse.{kind}",
        page_url=lambda n: url_for(endpoint, sort=sort, filter=needle or None, page=n),
    )


def _entity_page(kind: str, slug: str):
    if not SLUG.fullmatch(slug):
        abort(404)
    index = get_index()
    label = index.entities.label(kind, slug)
    if label is None:
        abort(404)
    try:
        page = whole_number(request.args.get("page"), "page", 1, 1, 100_000)
    except ParamError:
        abort(404)
    page_size = current_app.config["ENTITY_ARTICLES"]
    result = index.search(SearchRequest(filters={kind: [label]}, sort="newest", page=page, page_size=page_size))
    pages = max(1, -(-result.total // page_size))
    if page > pages:
        abort(404)
    profile = index.entities.profile(kind, label, related_limit=RELATED_LIMIT)
    definition = facet(kind)
    return render_template(
        "browse/entity.html", kind=kind, label=label, slug=slug, singular=definition.singular,
        plural=definition.title, list_endpoint=list_endpoint(kind), result=result, page=page, pages=pages,
        profile=profile, timeline=_timeline(profile.months), slugs=index.entities.slugs(),
        entity_facets=entity_facets(), search_state=SearchState(filters={kind: [label]}),
        page_url=lambda n: url_for(f"browse.{kind}", slug=slug, page=n if n > 1 else None),
    )


for _definition in entity_facets():  # /people and /people/<slug>, and so on
    bp.add_url_rule(f"/{_definition.plural}", _definition.plural, partial(_entity_list, _definition.name))
    bp.add_url_rule(f"/{_definition.plural}/<slug>", _definition.name, partial(_entity_page, _definition.name))


def _timeline(months: dict[str, int]) -> list[dict]:
    """Every month from the first to the last with an article, including empty ones between."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:])
    peak = max(months.values())
    rows = []
    while True:
        key = f"{year:04d}-{month:02d}"
        n = months.get(key, 0)
        width = max(5, round(20 * n / peak) * 5) if n else 0  # a CSS class per 5 %: no inline styles
        rows.append({"month": key, "label": f"{MONTHS[month - 1]} {year}", "count": n, "width": width})
        if key >= last or len(rows) > 1200:
            break
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return rows

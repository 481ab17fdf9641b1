"""Browsing by entity: the people and country lists, a page per entity, and the article page."""

from __future__ import annotations

import re

import numpy as np
from flask import Blueprint, abort, current_app, render_template, request, url_for

from webui.index import ENTITY_TYPES, documents_with, fold, get_index, index_data
from webui.params import ParamError, SearchState, _int

bp = Blueprint("browse", __name__)

ARTICLE_ID = re.compile(r"[0-9a-f]{16}")
SLUG = re.compile(r"[a-z0-9-]{1,200}")
LIST_SORTS = ("count", "name")
TITLES = {"person": ("People", "Person"), "country": ("Countries", "Country")}
LIST_ENDPOINTS = {"person": "browse.people", "country": "browse.countries"}
PAGE_ENDPOINTS = {"person": "browse.person", "country": "browse.country"}
RELATED_LIMIT = 15
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@bp.route("/people")
def people():
    return _entity_list("person")


@bp.route("/countries")
def countries():
    return _entity_list("country")


@bp.route("/people/<slug>")
def person(slug):
    return _entity_page("person", slug)


@bp.route("/countries/<slug>")
def country(slug):
    return _entity_page("country", slug)


@bp.route("/article/<article_id>")
def article(article_id):
    if not ARTICLE_ID.fullmatch(article_id):
        abort(404)
    index = get_index()
    found = index.article(article_id)
    if found is None:
        abort(404)
    tables = index_data(index).tables
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", found.get("body", "")) if p.strip()]
    return render_template(
        "browse/article.html", article=found, paragraphs=paragraphs,
        person_slugs=tables["person"].slugs, country_slugs=tables["country"].slugs,
    )


def _entity_list(kind: str):
    table = index_data().tables[kind]
    sort = request.args.get("sort") or "count"
    if sort not in LIST_SORTS:
        sort = "count"
    needle = (request.args.get("filter") or "")[:200].strip()
    try:
        page = _int(request.args.get("page"), "page", 1, 1, 100_000)
    except ParamError:
        abort(404)
    rows = table.ranked()
    if sort == "name":
        rows.sort(key=lambda item: fold(item[0]))
    if needle:
        folded = fold(needle)
        rows = [row for row in rows if folded in fold(row[0])]
    page_size = current_app.config["ENTITY_PAGE_SIZE"]
    pages = max(1, -(-len(rows) // page_size))
    if page > pages:
        abort(404)
    shown = rows[(page - 1) * page_size: page * page_size]
    plural, singular = TITLES[kind]
    return render_template(
        "browse/entities.html", kind=kind, title=plural, singular=singular, rows=shown, total=len(rows),
        all_count=len(table.counts), sort=sort, needle=needle, page=page, pages=pages,
        slugs=table.slugs, endpoint=LIST_ENDPOINTS[kind], item_endpoint=PAGE_ENDPOINTS[kind],
        page_url=lambda n: url_for(LIST_ENDPOINTS[kind], sort=sort, filter=needle or None, page=n),
    )


def _entity_page(kind: str, slug: str):
    if not SLUG.fullmatch(slug):
        abort(404)
    index = get_index()
    data = index_data(index)
    table = data.tables[kind]
    label = table.by_slug.get(slug)
    if label is None:
        abort(404)
    try:
        page = _int(request.args.get("page"), "page", 1, 1, 100_000)
    except ParamError:
        abort(404)
    page_size = current_app.config["ENTITY_ARTICLES"]
    result = index.search("", filters={kind: [label]}, sort="newest", page=page, page_size=page_size)
    pages = max(1, -(-result.total // page_size))
    if page > pages:
        abort(404)
    docs = documents_with(index, kind, label)
    related = {}
    for other in ENTITY_TYPES:
        facet = index.facets[other]
        counts = facet.counts(docs)
        if other == kind:
            counts[facet.ids[label]] = 0
        top = sorted(((facet.labels[v], int(counts[v])) for v in np.flatnonzero(counts)),
                     key=lambda item: (-item[1], item[0]))[:RELATED_LIMIT]
        related[other] = [(name, n, data.tables[other].slugs.get(name)) for name, n in top]
    month_numbers = index.facets["year"].months[docs]
    numbers, counts = np.unique(month_numbers[month_numbers >= 0], return_counts=True)
    months = {f"{m // 12:04d}-{m % 12 + 1:02d}": n for m, n in zip(numbers.tolist(), counts.tolist(), strict=True)}
    timeline = _timeline(months)
    plural, singular = TITLES[kind]
    return render_template(
        "browse/entity.html", kind=kind, label=label, slug=slug, singular=singular, plural=plural,
        result=result, page=page, pages=pages, related=related, timeline=timeline,
        undated=int(docs.sum()) - sum(months.values()), total=int(docs.sum()),
        person_slugs=data.tables["person"].slugs, country_slugs=data.tables["country"].slugs,
        search_state=SearchState(filters={kind: [label]}),
        page_url=lambda n: url_for(PAGE_ENDPOINTS[kind], slug=slug, page=n if n > 1 else None),
    )


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

"""The search page, with facets, chips, sorting and pagination, and the query syntax help."""

from __future__ import annotations

import calendar

from flask import Blueprint, current_app, render_template, send_from_directory

from indexer.search import DateRange, QueryError, Timeline
from indexer.search.registry import entity_facets, facets
from indexer.text.counts import counted
from webui.index import get_index
from webui.params import ParamError, SearchState, read_state

bp = Blueprint("search", __name__)

EXAMPLES = [
    ("Phrase", '"prime minister"'),
    ("Either word", "election OR vote"),
    ("Exclude", "trade NOT china"),
    ("Near each other", '"japan vietnam"~5'),
    ("Misspelt or not", "kishida~"),
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
    # Collapsed, a page lists groups of duplicate stories, one result each.
    pages = max(1, -(-(result.groups if result.collapsed else result.total) // state.page_size))
    similar_to = index.article(state.similar) if state.similar else None
    return render_template(
        "search/search.html", state=state, result=result, pages=pages, facets=_facet_views(state, result),
        similar_to=similar_to,
        chips=_chips(state), slugs=index.entities.slugs(), entity_facets=entity_facets(),
        doc_count=index.doc_count, examples=EXAMPLES, timeline=_timeline_view(state, result.timeline),
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
    if state.dates:
        chips.append({"facet": "Date", "label": range_name(state.dates), "url": state.url(date=None, page=1)})
    return chips


# Timeline ----------------------------------------------------------------------------------

TIMELINE_HEADINGS = {"year": "Articles per year", "month": "Articles per month", "day": "Articles per day"}
TIMELINE_TICKS = 8  # about as many axis labels as fit under the chart on a phone
# The periods between labels that read as round: years ending in 0 or 5, quarters, the 1st, 10th and 20th.
TICK_STEPS = {"year": (1, 2, 5, 10, 20, 50, 100, 1000), "month": (1, 2, 3, 6, 12), "day": (1, 10)}


def period_name(start: str) -> str:
    """A timeline bucket or date filter end as read aloud: ``1987``, ``March 1987``, ``17 March 1987``."""
    year, *rest = start.split("-")
    if not rest:
        return year
    month = calendar.month_name[int(rest[0])]
    return f"{month} {year}" if len(rest) == 1 else f"{int(rest[1])} {month} {year}"


def range_name(dates: DateRange) -> str:
    if dates.start == dates.end:
        return period_name(dates.start)
    if not dates.end:
        return f"from {period_name(dates.start)}"
    if not dates.start:
        return f"up to {period_name(dates.end)}"
    return f"{period_name(dates.start)} to {period_name(dates.end)}"


def _timeline_view(state: SearchState, timeline: Timeline | None) -> dict | None:
    """The bar chart over the results: one link per bar that has articles, selecting its period."""
    if timeline is None or not (timeline.buckets or timeline.undated):
        return None
    peak = max((n for _, n in timeline.buckets), default=0)
    ticks = _ticks([start for start, _ in timeline.buckets], timeline.granularity)
    bars = []
    for (start, n), tick in zip(timeline.buckets, ticks, strict=True):
        bars.append({
            "start": start, "count": n, "label": f"{period_name(start)}: {counted(n, 'article')}",
            "url": state.url(date=start, page=1) if n else None,
            # A CSS class per 5 % of the tallest bar (the CSP allows no style attributes); any article shows.
            "height": max(5, round(20 * n / peak) * 5) if n else 0,
            "tick": tick,
        })
    tallest = max(bars, key=lambda bar: bar["count"], default=None)
    return {
        "heading": TIMELINE_HEADINGS[timeline.granularity], "bars": bars, "undated": timeline.undated,
        "extent": " to ".join(dict.fromkeys(period_name(bar["start"]) for bar in (bars[:1] + bars[-1:]))),
        # The chart's scale: the one count a reader needs to read every other bar's height.
        "tallest": (f"{period_name(tallest['start'])}, {counted(tallest['count'], 'article')}"
                    if tallest and len(bars) > 1 else ""),
        "zoom_out": _zoom_out(state),
    }


def _ticks(starts: list[str], granularity: str) -> list[str]:
    """The axis label under each bar, or "": the first bar and round periods (Januaries, the 1st, 10th and
    20th of a month, years ending in 0 or 5), never closer than the chart's width over TIMELINE_TICKS."""
    gap = -(-len(starts) // TIMELINE_TICKS)
    step = next((step for step in TICK_STEPS[granularity] if step >= gap), gap)
    labels, last = [], None
    for position, start in enumerate(starts):
        year, *rest = (int(part) for part in start.split("-"))
        if granularity == "year":
            label, round_period = str(year), year % step == 0
        elif granularity == "month":
            label = str(year) if rest[0] == 1 else calendar.month_abbr[rest[0]]
            round_period = (rest[0] - 1) % step == 0
        else:
            label = calendar.month_abbr[rest[0]] if rest[1] == 1 else str(rest[1])
            round_period = step == 1 or rest[1] in (1, 10, 20)  # timelines of days span at most two months
        shown = (position == 0 or round_period) and (last is None or position - last >= gap)
        labels.append(label if shown else "")
        last = position if shown else last
    return labels


def _zoom_out(state: SearchState) -> dict | None:
    """With a date selected, the link to the period around it: a day's month, a month's year, else all dates."""
    if not state.dates:
        return None
    selected = state.dates
    if selected.start == selected.end and "-" in selected.start:
        parent = selected.start.rsplit("-", 1)[0]
        return {"label": f"Zoom out to {period_name(parent)}", "url": state.url(date=parent, page=1)}
    return {"label": "Show all dates", "url": state.url(date=None, page=1)}



@bp.route("/favicon.ico")
def favicon():
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml")

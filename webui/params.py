"""Reading search state from the URL and writing it back: every page state is a GET URL."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import request, url_for
from werkzeug.datastructures import MultiDict

from indexer.search import MAX_QUERY_CHARS, SORTS, DateRange, QueryError, SearchRequest
from indexer.search.registry import facets, names

MAX_PAGE_SIZE = 100  # as the CLI's --page-size
MAX_VALUES_PER_FACET = 50
MAX_VALUE_CHARS = 200
MAX_PAGE = 10_000
MAX_ARTICLE_ID_CHARS = 64  # ids are 16 characters; the index answers for any shorter text it does not know


class ParamError(ValueError):
    """A request parameter the search cannot take; the message is shown to the user."""


@dataclass
class SearchState:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 10
    sort: str = "relevance"
    expand: tuple[str, ...] = ()
    default_page_size: int = 10
    dates: DateRange | None = None  # the ``date`` parameter: 1987-03, 1987-02..1987-04
    collapse: bool = True  # ``collapse=0``: every copy of a duplicated story, not one result per group
    similar: str = ""  # ``similar=<article id>``: the articles of that article's group of duplicates

    @property
    def active(self) -> bool:
        return bool(self.q or any(self.filters.values()) or self.dates or self.similar)

    def args(self, **changes) -> MultiDict:
        """The URL parameters of this state, with ``changes`` applied (None removes a key)."""
        values = {"q": self.q, "sort": self.sort, "page": self.page, "page_size": self.page_size,
                  "expand": list(self.expand), "date": self.dates, "collapse": self.collapse,
                  "similar": self.similar, **{name: list(v) for name, v in self.filters.items()}}
        values.update(changes)
        args = MultiDict()
        if values.get("q"):
            args.add("q", values["q"])
        for name in names():
            for value in values.get(name) or []:
                args.add(name, value)
        if values.get("date"):  # a DateRange, or its text
            args.add("date", str(values["date"]))
        if values.get("sort") and values["sort"] != "relevance":
            args.add("sort", values["sort"])
        if values.get("page_size") and values["page_size"] != self.default_page_size:
            args.add("page_size", values["page_size"])
        if values.get("page") and int(values["page"]) > 1:
            args.add("page", values["page"])
        for name in values.get("expand") or []:
            args.add("expand", name)
        if values.get("similar"):
            args.add("similar", values["similar"])
        if values.get("collapse") is False:
            args.add("collapse", "0")
        return args

    def url(self, endpoint: str = "search.search", _external: bool = False, **changes) -> str:
        args = self.args(**changes)
        return url_for(endpoint, _external=_external, **args.to_dict(flat=False))

    def unfiltered_url(self) -> str:
        """This search without any filter, from its first page."""
        return self.url(page=1, date=None, **{name: [] for name in names()})

    def toggle_url(self, facet: str, value: str) -> str:
        current = self.filters.get(facet, [])
        values = [v for v in current if v != value] if value in current else [*current, value]
        return self.url(**{facet: values, "page": 1})

    def selected(self, facet: str, value: str) -> bool:
        return value in self.filters.get(facet, [])

    def request(self, **changes) -> SearchRequest:
        """The search this state asks for, with ``changes`` (the feed's newest first, say)."""
        return SearchRequest(**{"q": self.q, "filters": self.filters, "page": self.page, "page_size": self.page_size,
                                "sort": self.sort, "dates": self.dates, "collapse": self.collapse,
                                "similar": self.similar, **changes})


def read_state(args=None, *, default_page_size: int = 10) -> SearchState:
    """Parse and validate search parameters; raises ParamError with a user-facing message."""
    args = request.args if args is None else args
    q = args.get("q", "") or ""
    if len(q) > MAX_QUERY_CHARS:
        raise ParamError(f"The query is {len(q):,} characters long; the limit is {MAX_QUERY_CHARS:,}. "
                         "Please shorten it.")
    filters: dict[str, list[str]] = {}
    for definition in facets():
        name = definition.name
        values = [v.strip() for v in args.getlist(name) if v and v.strip()]
        if len(values) > MAX_VALUES_PER_FACET:
            raise ParamError(f"Too many {name} filters (the limit is {MAX_VALUES_PER_FACET}).")
        if any(len(v) > MAX_VALUE_CHARS for v in values):
            raise ParamError(f"A {name} filter is too long (the limit is {MAX_VALUE_CHARS} characters).")
        if not all(definition.accepts(v) for v in values):
            raise ParamError(definition.invalid_value)
        if values:
            filters[name] = list(dict.fromkeys(values))
    page = whole_number(args.get("page"), "page", 1, 1, MAX_PAGE)
    page_size = whole_number(args.get("page_size"), "page_size", default_page_size, 1, MAX_PAGE_SIZE)
    sort = _sort(args)
    expand = tuple(name for name in dict.fromkeys(args.getlist("expand")) if name in names())
    return SearchState(q=q, filters=filters, page=page, page_size=page_size, sort=sort, expand=expand,
                       default_page_size=default_page_size, dates=_date_range(args), collapse=_collapse(args),
                       similar=_similar(args))


def _sort(args) -> str:
    """The ``sort`` parameter: relevance when it is left out; given empty (``sort=``), it is an error."""
    sort = args.get("sort", "relevance")
    if sort == "":
        raise ParamError(f"sort is empty: use one of {', '.join(SORTS)}, or leave it out for relevance.")
    if sort not in SORTS:
        raise ParamError(f"Unknown sort order {sort[:40]!r}: use one of {', '.join(SORTS)}.")
    return sort


def _collapse(args) -> bool:
    """The ``collapse`` parameter: 1 (the default) shows one result per group of duplicate stories, 0 every copy."""
    raw = (args.get("collapse") or "1").strip()
    if raw not in ("0", "1"):
        raise ParamError("collapse must be 1 (one result per group of similar stories, the default) "
                         "or 0 (every copy).")
    return raw == "1"


def _similar(args) -> str:
    """The ``similar`` parameter: the id of an article whose group of duplicate stories to list."""
    similar = (args.get("similar") or "").strip()
    if len(similar) > MAX_ARTICLE_ID_CHARS:
        raise ParamError(f"similar must be an article id (16 hexadecimal digits, as in /article/<id>), "
                         f"not {len(similar):,} characters.")
    return similar


def _date_range(args) -> DateRange | None:
    """The ``date`` parameter read as ``newsdex search --date`` reads it, or None when it is absent or empty."""
    dates = [value.strip() for value in args.getlist("date") if value and value.strip()]
    if not dates:
        return None
    if len(dates) > 1:
        raise ParamError("Give one date filter; for several months, give a range: date=1987-02..1987-04.")
    if len(dates[0]) > MAX_VALUE_CHARS:
        raise ParamError(f"The date filter is too long (the limit is {MAX_VALUE_CHARS} characters).")
    try:
        return DateRange.parse(dates[0])
    except QueryError as exc:
        raise ParamError(f"The {exc}") from exc


def whole_number(raw: str | None, name: str, default: int, low: int, high: int) -> int:
    if raw is None or raw == "":
        return default
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:  # not "²", which isdigit() takes but int() does not
        raise ParamError(f"{name} must be a whole number from {low} to {high}.")
    value = int(raw)
    if not low <= value <= high:
        raise ParamError(f"{name} must be a whole number from {low} to {high}.")
    return value

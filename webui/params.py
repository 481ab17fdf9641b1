"""Reading search state from the URL and writing it back: every page state is a GET URL."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import request, url_for
from werkzeug.datastructures import MultiDict

from indexer.search import MAX_QUERY_CHARS, SORTS, SearchRequest
from indexer.search.registry import facets, names

MAX_PAGE_SIZE = 100  # as the CLI's --page-size
MAX_VALUES_PER_FACET = 50
MAX_VALUE_CHARS = 200
MAX_PAGE = 10_000


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

    @property
    def active(self) -> bool:
        return bool(self.q or any(self.filters.values()))

    def args(self, **changes) -> MultiDict:
        """The URL parameters of this state, with ``changes`` applied (None removes a key)."""
        values = {"q": self.q, "sort": self.sort, "page": self.page, "page_size": self.page_size,
                  "expand": list(self.expand), **{name: list(v) for name, v in self.filters.items()}}
        values.update(changes)
        args = MultiDict()
        if values.get("q"):
            args.add("q", values["q"])
        for name in names():
            for value in values.get(name) or []:
                args.add(name, value)
        if values.get("sort") and values["sort"] != "relevance":
            args.add("sort", values["sort"])
        if values.get("page_size") and values["page_size"] != self.default_page_size:
            args.add("page_size", values["page_size"])
        if values.get("page") and int(values["page"]) > 1:
            args.add("page", values["page"])
        for name in values.get("expand") or []:
            args.add("expand", name)
        return args

    def url(self, endpoint: str = "search.search", _external: bool = False, **changes) -> str:
        args = self.args(**changes)
        return url_for(endpoint, _external=_external, **args.to_dict(flat=False))

    def unfiltered_url(self) -> str:
        """This search without any filter, from its first page."""
        return self.url(page=1, **{name: [] for name in names()})

    def toggle_url(self, facet: str, value: str) -> str:
        current = self.filters.get(facet, [])
        values = [v for v in current if v != value] if value in current else [*current, value]
        return self.url(**{facet: values, "page": 1})

    def selected(self, facet: str, value: str) -> bool:
        return value in self.filters.get(facet, [])

    def request(self, **changes) -> SearchRequest:
        """The search this state asks for, with ``changes`` (the feed's newest first, say)."""
        return SearchRequest(**{"q": self.q, "filters": self.filters, "page": self.page, "page_size": self.page_size,
                                "sort": self.sort, **changes})


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
    page = _int(args.get("page"), "page", 1, 1, MAX_PAGE)
    page_size = _int(args.get("page_size"), "page_size", default_page_size, 1, MAX_PAGE_SIZE)
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise ParamError(f"Unknown sort order {sort[:40]!r}: use one of {', '.join(SORTS)}.")
    expand = tuple(name for name in dict.fromkeys(args.getlist("expand")) if name in names())
    return SearchState(q=q, filters=filters, page=page, page_size=page_size, sort=sort, expand=expand,
                       default_page_size=default_page_size)


def _int(raw: str | None, name: str, default: int, low: int, high: int) -> int:
    if raw is None or raw == "":
        return default
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 9:
        raise ParamError(f"{name} must be a whole number from {low} to {high}.")
    value = int(raw)
    if not low <= value <= high:
        raise ParamError(f"{name} must be a whole number from {low} to {high}.")
    return value

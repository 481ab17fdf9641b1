"""Search: the contract (contract.py) and its embedded Whoosh backend (engine.py).

Callers import from here: the request and result dataclasses, the errors, and ``IndexHandle``,
which opens the live index generation as a ``SearchBackend``; ``open_backend``, which opens the index
the user asked for (the embedded one or an OpenSearch alias) as a handle whose ``.get()`` gives it.
"""

from __future__ import annotations

from indexer.index.opensearch_schema import DEFAULT_ALIAS, OpenSearchUnavailable, shown_url
from indexer.index.store import NoIndex, StaleIndex
from indexer.search.contract import (
                                     MAX_PAGE_SIZE,
                                     MAX_QUERY_CHARS,
                                     SORTS,
                                     DateRange,
                                     EntityBrowser,
                                     EntityList,
                                     EntityProfile,
                                     EntityRow,
                                     FacetSummary,
                                     Hit,
                                     IndexStats,
                                     QueryError,
                                     SearchBackend,
                                     SearchRequest,
                                     SearchResult,
                                     Timeline,
)
from indexer.search.engine import IndexHandle, SearchIndex

# The backends a user can choose (``newsdex ... --backend``, the web app's ``BACKEND``); the first is the default.
BACKENDS = ("whoosh", "opensearch")


def open_backend(backend: str = "whoosh", index_dir=None, url: str | None = None, ca_file: str | None = None,
                 alias: str | None = None):
    """A handle on the index the user asked for: ``.get()`` gives the ``SearchBackend`` of the live index,
    reopened after a reindex (``IndexHandle`` for the embedded index at ``index_dir``; ``OpenSearchHandle``
    for the ``alias`` of the cluster at ``url``, checked against ``ca_file`` when given).

    Nothing is opened yet: ``.get()`` raises ``NoIndex`` (no index yet) or ``OpenSearchUnavailable`` (the
    cluster does not answer or is red). Raises ``ValueError`` for an unknown backend or a missing URL."""
    if backend == "whoosh":
        return IndexHandle(index_dir)
    if backend == "opensearch":
        if not url:
            raise ValueError("the OpenSearch backend needs the cluster's URL (--url or NEWSDEX_OPENSEARCH_URL)")
        from indexer.search.opensearch.handle import OpenSearchHandle

        return OpenSearchHandle(url, alias or DEFAULT_ALIAS, ca_file=ca_file)
    raise ValueError(f"unknown search backend {backend!r}: choose one of {', '.join(BACKENDS)}")


__all__ = [
    "BACKENDS", "DEFAULT_ALIAS", "OpenSearchUnavailable", "open_backend", "shown_url",
    "MAX_PAGE_SIZE", "MAX_QUERY_CHARS", "SORTS", "DateRange", "EntityBrowser", "EntityList", "EntityProfile",
    "EntityRow", "FacetSummary", "Hit", "IndexHandle", "IndexStats", "NoIndex", "QueryError", "SearchBackend",
    "SearchIndex", "SearchRequest", "SearchResult", "StaleIndex", "Timeline",
]

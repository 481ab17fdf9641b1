"""Search: the contract (contract.py) and its embedded Whoosh backend (engine.py).

Callers import from here: the request and result dataclasses, the errors, and ``IndexHandle``,
which opens the live index generation as a ``SearchBackend``.
"""

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

__all__ = [
    "MAX_PAGE_SIZE", "MAX_QUERY_CHARS", "SORTS", "DateRange", "EntityBrowser", "EntityList", "EntityProfile",
    "EntityRow", "FacetSummary", "Hit", "IndexHandle", "IndexStats", "NoIndex", "QueryError", "SearchBackend",
    "SearchIndex", "SearchRequest", "SearchResult", "StaleIndex", "Timeline",
]

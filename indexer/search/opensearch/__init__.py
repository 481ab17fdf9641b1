"""The OpenSearch backend of the search contract: ``OpenSearchBackend`` (backend.py), its queries
translated from the project's own parse (translate.py); the index it reads is written by
indexer/index/opensearch_reindex.py. Needs the ``opensearch`` extra (opensearch-py)."""

from indexer.search.opensearch.backend import OpenSearchBackend

__all__ = ["OpenSearchBackend"]

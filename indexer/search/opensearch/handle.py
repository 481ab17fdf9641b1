"""The live index of an OpenSearch alias, reopened when a reindex moves the alias.

``OpenSearchHandle.get()`` is what ``IndexHandle.get()`` is for the embedded index: the backend of the
index the alias names now. A reindex (indexer/index/opensearch_reindex.py) builds a new index and moves
the alias to it; the handle asks the cluster where the alias points at most once every
``recheck_seconds`` (one small ``GET _alias`` request) and opens a backend over the new index when it
moved, so a server picks up a reindex without a restart. Nothing is sent to the cluster before the
first ``get()``: a server starts while the cluster is down, and each request tries again.
"""

from __future__ import annotations

import threading
import time

from indexer.index.opensearch_schema import DEFAULT_ALIAS, OpenSearchUnavailable, asking, connect, shown_url
from indexer.index.store import NoIndex
from indexer.search.opensearch.backend import OpenSearchBackend

RECHECK_SECONDS = 1.0


class OpenSearchHandle:
    """The backend of the index behind ``alias`` at ``url``, reopened when the alias moves."""

    def __init__(self, url: str, alias: str = DEFAULT_ALIAS, *, ca_file: str | None = None,
                 recheck_seconds: float = RECHECK_SECONDS):
        self.url = url
        self.alias = alias
        self.ca_file = ca_file
        self.recheck_seconds = recheck_seconds
        self._lock = threading.Lock()
        self._client = None
        self._open: OpenSearchBackend | None = None
        self._checked = float("-inf")

    @property
    def shown(self) -> str:
        """The URL as messages show it: without its password."""
        return shown_url(self.url)

    def get(self) -> OpenSearchBackend:
        """The backend of the index the alias names now (checked at most once every ``recheck_seconds``).

        Raises ``OpenSearchUnavailable`` when the cluster does not answer or the index is red, ``NoIndex``
        when there is no such alias (no reindex yet)."""
        current = self._open
        if current is not None and time.monotonic() - self._checked < self.recheck_seconds:
            return current
        with self._lock:
            if self._open is not None and time.monotonic() - self._checked < self.recheck_seconds:
                return self._open
            if self._client is None:
                self._client = connect(self.url, ca_file=self.ca_file)
            index = self._resolve()
            if self._open is None or self._open.index != index:
                self._check_health(index)
                self._open = self._asking(lambda: OpenSearchBackend(self.url, self.alias, client=self._client,
                                                                    index=index))
            self._checked = time.monotonic()
            return self._open

    def _resolve(self) -> str:
        """The concrete index the alias names now."""
        from opensearchpy.exceptions import NotFoundError

        try:
            found = self._asking(lambda: self._client.indices.get_alias(name=self.alias))
        except NotFoundError:
            raise NoIndex(f"no index behind the alias {self.alias!r} at {self.shown}: run "
                          f"`newsdex reindex DIR --backend opensearch --url URL` first") from None
        return sorted(found)[0]

    def _check_health(self, index: str) -> None:
        """Refuse a red index (a primary shard unassigned): its searches would silently miss articles."""
        health = self._asking(lambda: self._client.cluster.health(index=index))
        if health.get("status") == "red":
            raise OpenSearchUnavailable(
                f"OpenSearch at {self.shown} is red for the index {index} (alias {self.alias!r}): "
                f"{health.get('unassigned_shards', '?')} shard(s) unassigned, {health.get('number_of_nodes', '?')} "
                "node(s) up; searches would miss articles. Check the cluster (GET _cluster/health?level=indices).")

    def _asking(self, call):
        return asking(call, self.url)

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
            self._client, self._open = None, None

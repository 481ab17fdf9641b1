"""Bulk reindex into OpenSearch: the files are read as for the embedded index, indexed into a new
index, and an alias moves to it atomically.

The readers and the entity extraction are the embedded reindex's (``reindex.discover`` and its
worker pool over ``process_file``, which builds each article's Whoosh document with
``schema.to_document``); ``opensearch_schema.to_source`` turns that one document into the OpenSearch
one. The alias is the live index: searches go through it, and it moves to the new index only once
every document is in and refreshed; the index it left stays until the next move, then is deleted. A
mistyped path, an unreachable cluster or a bulk request that fails leaves the alias where it was.
A document the cluster refuses (a bulk item in error) makes its file a failed file of the report.

Not yet: an incremental run by content hash (every run reads every file), and the groups of
duplicate stories (each article is its own group).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from indexer.entities import merge_people, prepare
from indexer.index.opensearch_schema import (
    DEFAULT_ALIAS,
    OpenSearchUnavailable,
    connect,
    index_body,
    shown_url,
    to_source,
    with_people_list,
)
from indexer.index.reindex import NothingToIndex, ReindexReport, discover, file_outcomes
from indexer.readers import DEFAULT_MAX_BYTES

BULK_CHUNK_DOCUMENTS = 500
# A refused document is sent again when the refusal is the cluster's state, not the document's: too
# many requests, or a shard with no primary for a moment (a node lost, its replicas promoted).
TRANSIENT_STATUSES = {429, 502, 503, 504}
# A bulk request waits for every copy of its shards: when a node holding one is lost, until the cluster
# has dropped it (its fault detection), longer than a search is given.
BULK_TIMEOUT_SECONDS = 120
RETRY_WAITS = (1, 2, 4, 8, 15)  # seconds before each new attempt; a lost node's shards move within them


def reindex_opensearch(paths: Iterable[str | os.PathLike], url: str, alias: str = DEFAULT_ALIAS, *,
                       jobs: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES, allow_empty: bool = False,
                       shards: int = 1, replicas: int = 1, ca_file: str | None = None) -> ReindexReport:
    """Index the articles under ``paths`` into a new index of the cluster at ``url`` and move ``alias`` to it.

    Raises ``OpenSearchUnavailable`` when the cluster does not answer and ``NothingToIndex`` when every
    path is missing or no article would be indexed (unless ``allow_empty``), both before the alias
    moves; any error of the cluster during the run propagates, the new index deleted and the alias
    unchanged. A user and password in ``url`` and ``ca_file`` are as for ``connect``; the report and every
    message show the URL without its password.
    """
    started = time.monotonic()
    paths = list(paths)
    client = connect(url, ca_file=ca_file)  # first: an unreachable cluster costs no reading
    report = ReindexReport(index_dir=f"{shown_url(url)} (alias {alias})")
    files = discover(paths, report)
    report.files_seen = len(files)
    if not allow_empty and (len(report.missing) == len(paths) or not files):
        raise NothingToIndex(paths, report, live_article_count(client, alias))
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        person_names = _read_files(files, spool, report, jobs, max_bytes)
        index = f"{alias}-{datetime.now(UTC):%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
        client.indices.create(index=index, body=index_body(shards, replicas))
        try:
            spool.seek(0)
            taken = _bulk(client, index, _sources(spool, person_names), report)
            client.indices.refresh(index=index)
            report.articles = client.count(index=index)["count"]
            if report.articles != taken:  # acknowledged but not there: the alias must not move to it
                raise OpenSearchUnavailable(f"OpenSearch at {shown_url(url)} took {taken} document(s) but "
                                            f"holds {report.articles}")
            if not allow_empty and report.articles == 0:
                raise NothingToIndex(paths, report, live_article_count(client, alias))
            # Written last, as the embedded index's manifest is: when the index was finished.
            client.indices.put_mapping(index=index, body={"_meta": {**index_body()["mappings"]["_meta"],
                                                                    "built": datetime.now(UTC).isoformat()}})
            # The index the alias leaves becomes the previous one and survives until the next switch, as the
            # embedded index's previous generation does: a server that resolved the alias a moment ago
            # finishes its requests on it.
            leaving, earlier = _indices_of(client, alias), _indices_of(client, previous_alias(alias))
            actions = [{"remove": {"index": old, "alias": alias}} for old in leaving]
            actions += [{"remove": {"index": old, "alias": previous_alias(alias)}} for old in earlier]
            actions += [{"add": {"index": old, "alias": previous_alias(alias)}} for old in leaving]
            client.indices.update_aliases(body={"actions": [*actions, {"add": {"index": index, "alias": alias}}]})
        except BaseException:
            _delete_quietly(client, index)
            raise
    for old in set(earlier) - set(leaving):
        _delete_quietly(client, old)
    report.seconds = time.monotonic() - started
    return report


def previous_alias(alias: str) -> str:
    """The alias of the index the last reindex replaced."""
    return f"{alias}-previous"


def live_article_count(client, alias: str) -> int | None:
    """The articles the alias serves now; None when there is no such alias."""
    if not client.indices.exists_alias(name=alias):
        return None
    return client.count(index=alias)["count"]


def _read_files(files: list[str], spool, report: ReindexReport, jobs: int | None, max_bytes: int
                ) -> dict[str, str | None]:
    """Read every file (the embedded reindex's workers), write each article's document to ``spool`` as a
    JSON line, and return the people list over all of them (``merge_people``): the names can only be
    merged once every article is read, so the documents wait on disk, not in memory."""
    persons, firms = [], []
    prepare()  # before the workers fork: they share what it loads
    for outcome in file_outcomes(files, jobs, max_bytes, find_duplicates=False):
        if outcome.skipped:
            report.failed.append((outcome.path, outcome.skipped))
            continue
        for problem in outcome.problems:
            report.warnings.append((outcome.path, problem))
        report.added += 1
        for document in outcome.documents:
            persons.append(document.get("person", []))
            firms.append(document.get("firm", []))
            spool.write(json.dumps(to_source(document, outcome.mtime_ns), ensure_ascii=False) + "\n")
    return merge_people(persons, firms)


def _sources(spool, person_names: dict[str, str | None]) -> Iterator[dict]:
    """The spooled documents with the people list applied, as bulk index actions."""
    for line in spool:
        source = with_people_list(json.loads(line), person_names)
        yield {"_op_type": "index", "_id": source["id"], "_source": source, "path": source["path"]}


def _bulk(client, index: str, actions: Iterator[dict], report: ReindexReport) -> int:
    """Send the documents and return how many the cluster took; each one it refuses makes its file a
    failed file of ``report``.

    A document refused for the cluster's state (too busy, or a shard without a primary while a lost
    node's replicas take over) is sent again after a wait, up to RETRY_WAITS; one still refused then
    raises ``OpenSearchUnavailable``, as does a request that fails as a whole (the cluster gone, a
    timeout): the caller deletes the new index, and no article is lost to a passing outage.
    """
    from opensearchpy import helpers

    paths: dict[str, str] = {}  # document id -> file, to name the file of a refused document
    refused: dict[str, str] = {}
    taken = 0
    pending: Iterable[dict] = (_with_path(action, paths, index) for action in actions)
    for wait in (0, *RETRY_WAITS):
        time.sleep(wait)
        in_flight: deque[dict] = deque()
        again: list[dict] = []
        reason = ""
        # No retries inside the helper: its answers then come in the order of the documents sent.
        for ok, item in helpers.streaming_bulk(client, _recorded(pending, in_flight), chunk_size=BULK_CHUNK_DOCUMENTS,
                                               raise_on_error=False, max_retries=0,
                                               request_timeout=BULK_TIMEOUT_SECONDS):
            action = in_flight.popleft()
            if ok:
                taken += 1
                continue
            result = next(iter(item.values()))
            error = result.get("error", {})
            reason = error.get("reason", error) if isinstance(error, dict) else error
            if result.get("status") in TRANSIENT_STATUSES:
                again.append(action)
            else:
                refused.setdefault(paths.get(action["_id"], "?"), f"refused by OpenSearch: {reason}")
        if not again:
            break
        pending = again
    else:
        raise OpenSearchUnavailable(f"OpenSearch kept refusing {len(again)} document(s) for "
                                    f"{sum(RETRY_WAITS)} s ({reason}): the cluster cannot take them now")
    for path, reason in refused.items():
        report.failed.append((path, reason))
        report.added -= 1
    return taken


def _recorded(actions: Iterable[dict], sent: deque[dict]) -> Iterator[dict]:
    """``actions``, each put on ``sent`` as it goes, so an answer can be matched to its document."""
    for action in actions:
        sent.append(action)
        yield action


def _with_path(action: dict, paths: dict[str, str], index: str) -> dict:
    paths[action["_id"]] = action.pop("path")
    return {**action, "_index": index}


def _indices_of(client, alias: str) -> list[str]:
    if not client.indices.exists_alias(name=alias):
        return []
    return sorted(client.indices.get_alias(name=alias))


def _delete_quietly(client, index: str) -> None:
    """Delete ``index``, if the cluster still answers: a failure to clean up must not hide why the run failed."""
    try:
        client.indices.delete(index=index, ignore_unavailable=True)
    except Exception:  # noqa: BLE001 - the cluster may be the reason we are here
        pass


__all__ = ["OpenSearchUnavailable", "live_article_count", "reindex_opensearch"]

"""Bulk reindex into OpenSearch: the files are read as for the embedded index, indexed into a new
index, and an alias moves to it atomically.

The readers and the entity extraction are the embedded reindex's (``reindex.discover`` and its
worker pool over ``process_file``, which builds each article's Whoosh document with
``schema.to_document``); ``opensearch_schema.to_source`` turns that one document into the OpenSearch
one. The alias is the live index: searches go through it, and it moves to the new index only once
every document is in and refreshed; the index it left stays until the next move, then is deleted. A
mistyped path, an unreachable cluster or a bulk request that fails leaves the alias where it was.
A document the cluster refuses (a bulk item in error) makes its file a failed file of the report.

An incremental run reads only new files and files whose size or modification time moved; the
articles of the others are read back from the live index (each keeps its file's size, time and hash,
its duplicate signature and the names its people were merged from), so that the new index still
holds everything, and the people list and the groups of duplicate stories are found again over
every article: each document is indexed with its ``group`` (the id of the group's representative,
indexer/index/duplicates.py) and ``group_size``.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

import numpy as np

from indexer.entities import merge_people, prepare
from indexer.index.analysis_version import READ_AGAIN, analysis_version
from indexer.index.duplicates import as_date, find_groups, signatures
from indexer.index.opensearch_schema import (
    DEFAULT_ALIAS,
    OpenSearchUnavailable,
    connect,
    index_body,
    shown_url,
    signature_of,
    to_source,
    with_group,
    with_people_list,
)
from indexer.index.reindex import NothingToIndex, ReindexReport, discover, file_outcomes, files_to_read
from indexer.readers import DEFAULT_MAX_BYTES

BULK_CHUNK_DOCUMENTS = 500
SCAN_DOCUMENTS = 1000  # documents a page when an incremental run reads the live index back
# A refused document is sent again when the refusal is the cluster's state, not the document's: too
# many requests, or a shard with no primary for a moment (a node lost, its replicas promoted).
TRANSIENT_STATUSES = {429, 502, 503, 504}
# A bulk request waits for every copy of its shards: when a node holding one is lost, until the cluster
# has dropped it (its fault detection), longer than a search is given.
BULK_TIMEOUT_SECONDS = 120
RETRY_WAITS = (1, 2, 4, 8, 15)  # seconds before each new attempt; a lost node's shards move within them


def reindex_opensearch(paths: Iterable[str | os.PathLike], url: str, alias: str = DEFAULT_ALIAS, *,
                       incremental: bool = False, jobs: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                       allow_empty: bool = False, shards: int = 1, replicas: int = 1,
                       ca_file: str | None = None) -> ReindexReport:
    """Index the articles under ``paths`` into a new index of the cluster at ``url`` and move ``alias`` to it.

    ``incremental`` reads only new and changed files (and those that failed before), takes the articles
    of the others from the index ``alias`` serves, and leaves out the files that are gone; as the
    embedded reindex does, a file readable before and failing now keeps its articles.
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
    if not allow_empty and (len(report.missing) == len(paths) or not (files or incremental)):
        raise NothingToIndex(paths, report, live_article_count(client, alias))
    base = _incremental_base(client, alias, report) if incremental else None
    known = _known_files(client, base) if base else {}
    todo = files_to_read(files, known, report) if base else files
    kept = _kept_files(files, todo, known, report)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        gathered = _Gathered()
        counted_as = _read_files(todo, known, kept, spool, gathered, report, jobs, max_bytes)
        if kept:
            _copy_kept(client, base, kept, spool, gathered)
        person_names = merge_people(gathered.persons, gathered.firms)
        groups = gathered.groups(report)
        index = f"{alias}-{datetime.now(UTC):%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
        client.indices.create(index=index, body=index_body(shards, replicas),
                              wait_for_active_shards=_copies_to_wait_for(client, replicas))
        try:
            spool.seek(0)
            taken, refused = _bulk(client, index, _sources(spool, person_names, groups))
            for path, reason in refused.items():
                report.failed.append((path, reason))
                if path in counted_as:
                    setattr(report, counted_as[path], getattr(report, counted_as[path]) - 1)
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


def _incremental_base(client, alias: str, report: ReindexReport) -> str | None:
    """The index an incremental run takes unread articles from: the one ``alias`` serves; None (read every
    file) when there is none, or when it was built before its documents kept what the run needs."""
    indices = _indices_of(client, alias)
    if not indices:
        return None
    mappings = client.indices.get_mapping(index=indices[0])[indices[0]]["mappings"]
    if not {"file_size", "person_named", "firm", "signature"} <= set(mappings.get("properties", {})):
        report.warnings.append((indices[0], "built by an earlier version without what an incremental run reads "
                                            "back; reading every file again"))
        return None
    if mappings.get("_meta", {}).get("analysis") != analysis_version():
        report.warnings.append((indices[0], READ_AGAIN))
        return None
    return indices[0]


def _known_files(client, index: str) -> dict[str, dict]:
    """Each file ``index`` holds articles of: its size, modification time and hash when it was read."""
    from opensearchpy import helpers

    known = {}
    for hit in helpers.scan(client, index=index, size=SCAN_DOCUMENTS,
                            query={"_source": ["path", "file_size", "mtime_ns", "file_hash"]}):
        source = hit["_source"]
        known[source["path"]] = {"size": source["file_size"], "mtime_ns": source["mtime_ns"],
                                 "hash": source["file_hash"]}
    return known


def _kept_files(files: list[str], todo: list[str], known: dict[str, dict], report: ReindexReport) -> set[str]:
    """The known files whose articles go into the new index unread: those of this run left unchanged, and
    those outside its paths that still exist (as the embedded reindex keeps them); a known file that is
    gone, or that this run skips (a second path to a file indexed by another), is counted deleted."""
    reading, seen = set(todo), set(files)
    kept = {path for path in files if path in known and path not in reading}
    skipped = {path for path, _ in report.skipped}
    for path in sorted(set(known) - seen):
        if os.path.exists(path) and path not in skipped:
            kept.add(path)
        else:
            report.deleted += 1
    return kept


class _Gathered:
    """What is decided over every article of the new index once all are spooled, gathered in spool order:
    the people and firms each names (the people list, ``merge_people``), and each one's id, date and
    duplicate signature (the groups of duplicate stories, ``find_groups``)."""

    def __init__(self):
        self.persons: list[list[str]] = []
        self.firms: list[list[str]] = []
        self.ids: list[str] = []
        self.dates: list[np.datetime64] = []
        self.signatures: list[np.ndarray] = []

    def add(self, source: dict, signature: np.ndarray) -> None:
        self.persons.append(source["person_named"])
        self.firms.append(source["firm"])
        self.ids.append(source["id"])
        self.dates.append(as_date(source.get("date")))
        self.signatures.append(signature)

    def groups(self, report: ReindexReport) -> Iterator[tuple[str, int]]:
        """Per article, in spool order, its group (the id of the group's representative) and the group's
        size; the report counts the groups of two or more and the articles in them."""
        if not self.ids:
            return iter(())
        values = np.vstack(self.signatures)
        representative = find_groups(values, np.array(self.dates, dtype="datetime64[s]"))
        sizes = np.bincount(representative, minlength=len(representative))
        report.duplicate_groups = int(np.count_nonzero(sizes > 1))
        report.grouped_articles = int(sizes[sizes > 1].sum())
        return ((self.ids[row], int(sizes[row])) for row in representative)


def _read_files(files: list[str], known: dict[str, dict], kept: set[str], spool, gathered: _Gathered,
                report: ReindexReport, jobs: int | None, max_bytes: int) -> dict[str, str]:
    """Read ``files`` (the embedded reindex's workers) and write each article's document to ``spool`` as a
    JSON line: the people list can only be merged once every article is read, so the documents wait
    on disk, not in memory. A failing file ``known`` from the live index joins ``kept``. Returns the
    report's count each file read went to (``added``, ``updated`` or ``unchanged``)."""
    counted_as = {}
    prepare()  # before the workers fork: they share what it loads
    for outcome in file_outcomes(files, jobs, max_bytes, find_duplicates=True):
        previous = known.get(outcome.path)
        if outcome.skipped:
            report.add_unread(outcome)
            if previous:  # readable before and broken now: its articles stay rather than go to a bad edit
                kept.add(outcome.path)
                report.warnings.append((outcome.path, "kept the previously indexed version"))
            continue
        for problem in outcome.problems:
            report.warnings.append((outcome.path, problem))
        if previous is None:
            counted_as[outcome.path] = "added"
        else:
            counted_as[outcome.path] = "unchanged" if previous["hash"] == outcome.file_hash else "updated"
        setattr(report, counted_as[outcome.path], getattr(report, counted_as[outcome.path]) + 1)
        # The worker's signatures, or (when it could not make them) the document's own, made here.
        values = outcome.signatures if outcome.signatures is not None else signatures(
            [(document["_stored_title"], document["_stored_body"]) for document in outcome.documents])
        for document, signature in zip(outcome.documents, values, strict=True):
            source = to_source(document, outcome.mtime_ns, outcome.size, signature)
            gathered.add(source, signature)
            spool.write(json.dumps(source, ensure_ascii=False) + "\n")
    return counted_as


def _copy_kept(client, index: str, kept: set[str], spool, gathered: _Gathered) -> None:
    """Write to ``spool`` the documents ``index`` holds of the ``kept`` files, as they were indexed."""
    from opensearchpy import helpers

    for hit in helpers.scan(client, index=index, size=SCAN_DOCUMENTS, query={"sort": ["_doc"]}):
        source = hit["_source"]
        if source["path"] in kept:
            gathered.add(source, signature_of(source))
            spool.write(json.dumps(source, ensure_ascii=False) + "\n")


def _sources(spool, person_names: dict[str, str | None], groups: Iterator[tuple[str, int]]) -> Iterator[dict]:
    """The spooled documents with the people list applied and in their groups, as bulk index actions."""
    for line, (group, size) in zip(spool, groups, strict=True):
        source = with_group(with_people_list(json.loads(line), person_names), group, size)
        yield {"_op_type": "index", "_id": source["id"], "_source": source, "path": source["path"]}


def _bulk(client, index: str, actions: Iterator[dict]) -> tuple[int, dict[str, str]]:
    """Send the documents; return how many the cluster took, and each file of a document it refused with
    the reason.

    A document refused for the cluster's state (too busy, or a shard without a primary while a lost
    node's replicas take over) is sent again after a wait, up to RETRY_WAITS, and so is every document
    after it: the cluster would refuse them too, each request only after waiting a minute for the
    primary. One still refused then raises ``OpenSearchUnavailable``, as does a request that fails as a
    whole (the cluster gone, a timeout): the caller deletes the new index, and no article is lost to a
    passing outage.
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
                break  # the rest of this request's answers and the documents not yet sent go again with it
            refused.setdefault(paths.get(action["_id"], "?"), f"refused by OpenSearch: {reason}")
        if not again:
            break
        pending = itertools.chain(again, in_flight, pending)  # index by _id: sending one twice is harmless
    else:
        raise OpenSearchUnavailable(f"OpenSearch kept refusing {len(again)} document(s) for "
                                    f"{sum(RETRY_WAITS)} s ({reason}): the cluster cannot take them now")
    return taken, refused


def _copies_to_wait_for(client, replicas: int) -> int:
    """The copies of each shard of a new index to wait for before documents go in: every copy the cluster
    can hold (a replica needs a node of its own). A document taken by a primary whose replica is still
    starting would be lost with that one node."""
    data_nodes = client.cluster.health()["number_of_data_nodes"]
    return 1 + min(replicas, max(0, data_nodes - 1))


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

"""The live index for the current request, and per-generation data the pages share.

``get_index()`` asks the ``IndexHandle`` on every request, so a finished
reindex is picked up without a restart. Entity lists, slugs and counts are
computed once per index generation and cached.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from flask import current_app, g

from indexer.entities import slugify
from indexer.search import IndexHandle, SearchIndex
from indexer.store import MANIFEST, read_json_file

ENTITY_TYPES = {"person": "people", "country": "countries"}


def init_index(app) -> None:
    app.extensions["newsdex"] = {"handle": None, "lock": threading.Lock(), "data": {}}


def get_index() -> SearchIndex:
    """The index generation this request uses (the same one for the whole request)."""
    if "newsdex_index" not in g:
        state = current_app.extensions["newsdex"]
        if state["handle"] is None:
            with state["lock"]:
                if state["handle"] is None:
                    state["handle"] = IndexHandle(current_app.config.get("INDEX_DIR"))
        g.newsdex_index = state["handle"].get()
    return g.newsdex_index


def fold(text: str) -> str:
    """Lower case without accents, for accent-insensitive matching ("Trọng" -> "trong")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass
class EntityTable:
    """Every value of one facet: its count, slug and folded words (for prefix matching)."""

    name: str
    counts: dict[str, int] = field(default_factory=dict)
    slugs: dict[str, str] = field(default_factory=dict)  # label -> slug
    by_slug: dict[str, str] = field(default_factory=dict)  # slug -> label
    folded_words: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def ranked(self) -> list[tuple[str, int]]:
        return sorted(self.counts.items(), key=lambda item: (-item[1], fold(item[0])))


@dataclass
class IndexData:
    tables: dict[str, EntityTable]
    manifest: Path
    built: datetime  # when the generation was finished: the manifest is the last file a reindex writes
    _file_mtimes: dict[str, int] | None = None

    def file_modified(self, path: str) -> datetime | None:
        """When the file ``path`` was last modified, as the reindex that read it saw it (None if unknown)."""
        if self._file_mtimes is None:  # read on first use only: feeds with undated articles need it
            files = read_json_file(self.manifest).get("files", {})
            self._file_mtimes = {name: entry["mtime_ns"] for name, entry in files.items() if "mtime_ns" in entry}
        mtime_ns = self._file_mtimes.get(path)
        return None if mtime_ns is None else datetime.fromtimestamp(mtime_ns / 1e9, UTC)


def index_data(index: SearchIndex | None = None) -> IndexData:
    index = index or get_index()
    state = current_app.extensions["newsdex"]
    key = str(index.generation)
    data = state["data"].get(key)
    if data is None:
        with state["lock"]:
            data = state["data"].get(key)
            if data is None:
                data = _build(index)
                state["data"] = {key: data}  # older generations are dropped
    return data


def _build(index: SearchIndex) -> IndexData:
    tables = {}
    for name in ENTITY_TYPES:
        facet = index.facets[name]
        counts = facet.counts(index.live)
        table = EntityTable(name)
        for value_id in np.flatnonzero(counts).tolist():
            label = facet.labels[value_id]
            table.counts[label] = int(counts[value_id])
            slug = slugify(label) or f"id-{value_id}"
            if slug in table.by_slug:  # two names with one slug: keep both reachable
                slug = f"{slug}-{value_id}"
            table.slugs[label] = slug
            table.by_slug[slug] = label
            table.folded_words[label] = tuple(fold(label).replace("-", " ").split())
        tables[name] = table
    manifest = index.generation / MANIFEST
    return IndexData(tables=tables, manifest=manifest,
                     built=datetime.fromtimestamp(manifest.stat().st_mtime, UTC))


def documents_with(index: SearchIndex, facet_name: str, label: str) -> np.ndarray:
    """A mask over document numbers: the live documents that carry ``label`` in ``facet_name``."""
    facet = index.facets[facet_name]
    return facet.documents_with(facet.value_ids([label])) & index.live


def match_prefix(table: EntityTable, prefix: str) -> list[tuple[str, int]]:
    """Names where every word of ``prefix`` starts some word of the name, accent-insensitively."""
    wanted = fold(prefix).replace("-", " ").split()
    if not wanted:
        return []
    found = []
    for label, words in table.folded_words.items():
        if all(any(word.startswith(w) for word in words) for w in wanted):
            found.append((label, table.counts[label]))
    found.sort(key=lambda item: (-item[1], fold(item[0])))
    return found

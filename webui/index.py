"""The live index for the current request, and per-generation data the pages share.

``get_index()`` asks the ``IndexHandle`` on every request, so a finished
reindex is picked up without a restart. What the feeds need of the manifest
is read once per index generation and cached.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app, g

from indexer.search import IndexHandle, SearchIndex
from indexer.store import MANIFEST, read_json_file


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


@dataclass
class IndexData:
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
    manifest = index.generation / MANIFEST
    return IndexData(manifest=manifest, built=datetime.fromtimestamp(manifest.stat().st_mtime, UTC))

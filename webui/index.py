"""The live index for the current request.

``get_index()`` asks the ``IndexHandle`` on every request, so a finished
reindex is picked up without a restart.
"""

from __future__ import annotations

import threading

from flask import current_app, g

from indexer.search import IndexHandle, SearchBackend


def init_index(app) -> None:
    app.extensions["newsdex"] = {"handle": None, "lock": threading.Lock()}


def get_index() -> SearchBackend:
    """The index generation this request uses (the same one for the whole request)."""
    if "newsdex_index" not in g:
        state = current_app.extensions["newsdex"]
        if state["handle"] is None:
            with state["lock"]:
                if state["handle"] is None:
                    state["handle"] = IndexHandle(current_app.config.get("INDEX_DIR"))
        g.newsdex_index = state["handle"].get()
    return g.newsdex_index

"""The live index for the current request.

``get_index()`` asks the app's handle on every request, so a finished reindex is picked up without
a restart: an ``IndexHandle`` over the embedded index (``INDEX_DIR``), or, with ``BACKEND`` set to
``opensearch``, a handle on the alias ``OPENSEARCH_ALIAS`` of the cluster at ``OPENSEARCH_URL``
(checked against ``OPENSEARCH_CA_FILE``), which follows the alias when a reindex moves it. Each key
left unset is read from the environment as the CLI reads it (``NEWSDEX_BACKEND``,
``NEWSDEX_OPENSEARCH_URL``, ``NEWSDEX_OPENSEARCH_CA``, ``NEWSDEX_OPENSEARCH_ALIAS``); both backends
come from one factory, ``indexer.search.open_backend``.
"""

from __future__ import annotations

import logging
import os
import threading

from flask import current_app, g, jsonify, render_template, request

from indexer.search import OpenSearchUnavailable, SearchBackend, open_backend

log = logging.getLogger("newsdex.webui")

UNAVAILABLE = ("Search unavailable", "The search cluster cannot be used right now (it does not answer, or is "
               "not healthy). Try again in a moment; the server's log says why.")


def init_index(app) -> None:
    app.extensions["newsdex"] = {"handle": None, "lock": threading.Lock()}
    app.register_error_handler(OpenSearchUnavailable, handle_unavailable)


def open_handle(config):
    """The handle on the index the app's config (or the environment) names: ``open_backend``'s."""
    backend = config.get("BACKEND") or os.environ.get("NEWSDEX_BACKEND") or "whoosh"
    if backend != "opensearch":
        return open_backend(backend, index_dir=config.get("INDEX_DIR"))
    return open_backend(backend, url=config.get("OPENSEARCH_URL") or os.environ.get("NEWSDEX_OPENSEARCH_URL"),
                        ca_file=config.get("OPENSEARCH_CA_FILE") or os.environ.get("NEWSDEX_OPENSEARCH_CA"),
                        alias=config.get("OPENSEARCH_ALIAS") or os.environ.get("NEWSDEX_OPENSEARCH_ALIAS"))


def get_index() -> SearchBackend:
    """The index generation this request uses (the same one for the whole request)."""
    if "newsdex_index" not in g:
        state = current_app.extensions["newsdex"]
        if state["handle"] is None:
            with state["lock"]:
                if state["handle"] is None:
                    state["handle"] = open_handle(current_app.config)
        g.newsdex_index = state["handle"].get()
    return g.newsdex_index


def handle_unavailable(exc: OpenSearchUnavailable):
    """503, saying plainly that the cluster cannot be used; the reason (its URL without the password) is
    logged, not shown to readers."""
    log.error("search backend unavailable: %s", exc)
    title, message = UNAVAILABLE
    if request.path.startswith("/api/"):
        response = jsonify({"error": message, "status": 503})
        response.status_code = 503
        return response
    return render_template("errors/error.html", status=503, title=title, message=message), 503

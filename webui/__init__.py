"""The Newsdex web UI: a Flask app over the live index (search, browsing, API, feeds).

``create_app`` is the factory; each area is a blueprint module. The app never
runs in debug mode and answers every error with a page that leaks nothing.
"""

from __future__ import annotations

import os

from flask import Flask

from indexer.text.counts import noun
from webui import api, browse, export, feeds, openapi, search, security
from webui.index import init_index
from webui.server import listen, serve

__all__ = ["create_app", "listen", "serve"]


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_mapping(
        INDEX_DIR=os.environ.get("NEWSDEX_INDEX") or None,
        MAX_CONTENT_LENGTH=64 * 1024,  # only a batch (webui/export.py) takes a larger body; refuse big ones early
        MAX_FORM_MEMORY_SIZE=64 * 1024,
        MAX_FORM_PARTS=100,
        JSON_SORT_KEYS=False,
        PAGE_SIZE=10,
        FACET_SHOWN=8,
        ENTITY_PAGE_SIZE=100,  # names per page of /people and /countries
        ENTITY_ARTICLES=10,  # articles per page of a person's or country's page
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    if test_config:
        app.config.from_mapping(test_config)
    app.debug = False  # never: the debugger would run code for anyone who can reach it
    app.json.sort_keys = False
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["noun"] = noun

    init_index(app)
    security.init_app(app)
    app.register_blueprint(search.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(export.bp)
    app.register_blueprint(openapi.bp)
    return app



"""Fixtures in the flaskr style: ``app``, ``client`` and ``runner`` over a small index built here.

The corpus is written by ``webui_fixtures.write_corpus``.
"""

from __future__ import annotations

import threading

import pytest
from webui_fixtures import write_corpus

from indexer.index.reindex import reindex
from webui import create_app


@pytest.fixture(scope="session")
def index_root(tmp_path_factory):
    """One index for the whole session: building it is the slow part, and no test changes it."""
    base = tmp_path_factory.mktemp("newsdex")
    write_corpus(base / "corpus")
    report = reindex([base / "corpus"], base / "index", jobs=1, progress=False)
    assert not report.failed, report.failed
    return base / "index"


@pytest.fixture
def app(index_root):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_root), "PAGE_SIZE": 10})
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def empty_index_root(tmp_path_factory):
    """An index built from an empty folder: what a first run shows before any article is indexed."""
    base = tmp_path_factory.mktemp("newsdex-empty")
    (base / "corpus").mkdir()
    report = reindex([base / "corpus"], base / "index", jobs=1, progress=False, allow_empty=True)
    assert not report.failed, report.failed
    return base / "index"


@pytest.fixture(scope="module")
def live_app(index_root):
    """The app served over HTTP on a free port, for the browser tests (tests/web/browser_support.py)."""
    from werkzeug.serving import make_server

    from webui import create_app

    app = create_app({"INDEX_DIR": str(index_root), "PAGE_SIZE": 5, "ENTITY_ARTICLES": 2})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.base_url = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from browser_support import CHROMIUM, CHROMIUM_ARGS, sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def tab(browser, live_app):
    from browser_support import WIDE, Tab

    opened = Tab(browser, live_app.base_url, WIDE)
    yield opened
    problems = list(opened.problems)
    try:
        problems += [f"CSP violation: {v}" for v in opened.page.evaluate("window.__cspViolations || []")]
    finally:
        opened.close()
    assert not problems, problems

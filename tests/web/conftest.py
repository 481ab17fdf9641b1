"""Fixtures in the flaskr style: ``app``, ``client`` and ``runner`` over a small index built here.

The corpus is written by ``webui_fixtures.write_corpus``.
"""

from __future__ import annotations

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

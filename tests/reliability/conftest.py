"""Fixtures of the reliability tests: an index holding hostile (XSS payload) articles beside plain ones."""

from __future__ import annotations

import pytest
from reliability_support import PAYLOADS, write_hostile_corpus


@pytest.fixture(scope="session")
def hostile_index(tmp_path_factory):
    from indexer.index.reindex import reindex

    base = tmp_path_factory.mktemp("hostile")
    write_hostile_corpus(base / "corpus")
    report = reindex([base / "corpus"], base / "index", jobs=1, progress=False)
    assert not report.failed and report.articles == len(PAYLOADS) + 40, report.failed
    return base / "index"


@pytest.fixture(scope="session")
def hostile_app(hostile_index):
    from webui import create_app

    return create_app({"INDEX_DIR": str(hostile_index), "PROPAGATE_EXCEPTIONS": False})

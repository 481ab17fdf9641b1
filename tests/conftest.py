"""Fixtures shared by every test: the seed corpus, shared data, built indexes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import REUTERS, SEED_FILES, require_shared


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """The repository's own corpus/ (the user's two articles), indexed once per test session."""
    from indexer.index.reindex import reindex

    assert len(SEED_FILES) == 2, "corpus/ must hold the two seed articles"
    root = tmp_path_factory.mktemp("seeds") / "index"
    report = reindex([SEED_FILES[0].parent], root, jobs=1, progress=False)
    assert report.articles == 2 and not report.failed
    return root


@pytest.fixture
def vna_corpus(tmp_path) -> Path:
    """A folder holding a copy of corpus/: the user's two VNA articles, for tests that change it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in SEED_FILES:
        shutil.copy2(seed, corpus / seed.name)
    return corpus


@pytest.fixture
def vna_index(vna_corpus, tmp_path) -> Path:
    from indexer.index.reindex import reindex

    root = tmp_path / "index"
    report = reindex([vna_corpus], root, jobs=1, progress=False)
    assert report.articles == 2 and not report.failed
    return root


@pytest.fixture(scope="session")
def reuters_index(tmp_path_factory) -> Path:
    """All of Reuters-21578, indexed once per test session."""
    from indexer.index.reindex import reindex

    require_shared(REUTERS)
    root = tmp_path_factory.mktemp("reuters") / "index"
    reindex(sorted(REUTERS.glob("reut2-*.sgm")), root, jobs=2, progress=False)
    return root

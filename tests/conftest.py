"""Fixtures shared by every test: the seed corpus, shared data, built indexes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import (
    OPENSEARCH_NODES,
    OPENSEARCH_START_SECONDS,
    OPENSEARCH_TOOL,
    REUTERS,
    SEED_FILES,
    free_port_base,
    missing_opensearch,
    opensearch_tools_missing,
    require_shared,
)


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


@pytest.fixture(scope="session")
def opensearch_url(tmp_path_factory):
    """The URL of an OpenSearch cluster for the whole test session: ``NEWSDEX_OPENSEARCH_URL``'s, or a
    3-node cluster started here by tools/opensearch-cluster (30-60 s) and stopped at the end. Skips when
    Java, Maven or opensearch-py is missing, unless NEWSDEX_REQUIRE_OPENSEARCH=1."""
    if os.environ.get("NEWSDEX_OPENSEARCH_URL"):
        yield os.environ["NEWSDEX_OPENSEARCH_URL"]
        return
    if reason := opensearch_tools_missing():
        missing_opensearch(reason)
    folder = tmp_path_factory.mktemp("opensearch-cluster")
    base = free_port_base(OPENSEARCH_NODES)
    command = [str(OPENSEARCH_TOOL), "start", str(folder), "--nodes", str(OPENSEARCH_NODES),
               "--http-port", str(base), "--transport-port", str(base + 5000)]
    try:
        started = subprocess.run(command, capture_output=True, text=True, timeout=OPENSEARCH_START_SECONDS)
        if started.returncode:
            pytest.fail(f"tools/opensearch-cluster start failed ({started.returncode}):\n"
                        f"{started.stdout[-3000:]}{started.stderr[-3000:]}", pytrace=False)
        yield started.stdout.strip().splitlines()[-1]
    finally:
        # Also after a failed or timed-out start: the tool stops what it started, this stops the rest.
        subprocess.run([str(OPENSEARCH_TOOL), "stop", str(folder)], capture_output=True, text=True, timeout=120)

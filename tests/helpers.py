"""Paths and skips shared by the tests (importable as ``helpers``; tests/ is on sys.path)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The user's own articles, exactly as given: the must-shows are proved on them.
CORPUS = REPO / "corpus"
SEED_FILES = sorted(CORPUS.glob("*.txt"))
TALKS_SEED = "000_5e64809e236f6828.txt"  # headline, standfirst, credited caption, eight people
ONLINE_TALKS_SEED = "001_c1f4434e1d402fd9.txt"  # no headline line, an uncredited caption
SHARED_DATA = Path(os.environ.get("NEWSDEX_SHARED_DATA", REPO.parent / "shared" / "data"))
REUTERS = SHARED_DATA / "reuters21578"


def search_index_of(folder: Path, stories: list[dict]):
    """A searchable index of ``stories`` (JSON records: title, text, date, source...), built in ``folder``."""
    from indexer.index.reindex import reindex
    from indexer.search import IndexHandle

    (folder / "stories.jsonl").write_text("\n".join(json.dumps(story) for story in stories), encoding="utf-8")
    reindex([folder], folder / "index", jobs=1, progress=False)
    return IndexHandle(folder / "index").get()


def wire_stories(stories: list[tuple[str, str, str]]) -> list[dict]:
    """(date, title, text) triples as one wire service's JSON records."""
    return [{"title": title, "text": text, "date": date, "source": "Test Wire"} for date, title, text in stories]


def require_shared(path: Path) -> Path:
    """Skip, saying why, when the shared evaluation data is not beside the project."""
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (it sits beside the project in CI)")
    return path


def missing_browser_tool(reason: str, module_level: bool = False) -> None:
    """Skip a browser test whose tool is missing, or fail it where CI requires the browser.

    `.ci/run` sets NEWSDEX_REQUIRE_BROWSER=1 so that a broken install step fails
    CI instead of quietly skipping the end-to-end tests.
    """
    if os.environ.get("NEWSDEX_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests required but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=module_level)


# The OpenSearch backend's tests -------------------------------------------------------------

OPENSEARCH_TOOL = REPO / "tools" / "opensearch-cluster"
OPENSEARCH_NODES = 3
OPENSEARCH_START_SECONDS = 600  # a first start downloads the jars; a loaded 2-core machine is slow


def missing_opensearch(reason: str) -> None:
    """Skip a test needing the OpenSearch cluster, or fail it where NEWSDEX_REQUIRE_OPENSEARCH=1 asks for it."""
    if os.environ.get("NEWSDEX_REQUIRE_OPENSEARCH") == "1":
        pytest.fail(f"OpenSearch tests required but {reason}", pytrace=False)
    pytest.skip(reason)


def opensearch_tools_missing() -> str:
    """Why no test cluster can be started here ("" when it can)."""
    import importlib.util
    import shutil

    missing = [name for name in ("java", "javac", "mvn") if shutil.which(name) is None]
    if importlib.util.find_spec("opensearchpy") is None:
        missing.append("opensearch-py (pip install '.[opensearch]')")
    return f"{', '.join(missing)} not found (the OpenSearch tests need Java 17, Maven and opensearch-py)" \
        if missing else ""


def free_port_base(count: int) -> int:
    """An HTTP base port with ``count`` free ports, and the same at base + 5000 for transport; random,
    away from 9200/9300, so that a developer's cluster or one a test run left behind is not hit."""
    import random
    import socket

    for _ in range(100):
        base = random.randrange(20000, 40000, 10)
        ports = [*range(base, base + count), *range(base + 5000, base + 5000 + count)]
        try:
            for port in ports:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no free ports found")


def opensearch_backend_of(url: str, folder: Path, stories: list[dict], alias: str):
    """An OpenSearch backend serving ``stories`` under ``alias``, indexed by the OpenSearch reindex."""
    from indexer.index.opensearch_reindex import reindex_opensearch
    from indexer.search.opensearch import OpenSearchBackend

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "stories.jsonl").write_text("\n".join(json.dumps(story) for story in stories), encoding="utf-8")
    reindex_opensearch([folder], url, alias, jobs=1)
    return OpenSearchBackend(url, alias)


def drop_opensearch_alias(url: str, alias: str) -> None:
    """Delete the indices behind ``alias`` and the one it kept from before: tests share one cluster."""
    from indexer.index.opensearch_reindex import previous_alias
    from indexer.index.opensearch_schema import connect

    client = connect(url)
    for name in (alias, previous_alias(alias)):
        if client.indices.exists_alias(name=name):
            for index in client.indices.get_alias(name=name):
                client.indices.delete(index=index, ignore_unavailable=True)
    client.close()


# Three paragraphs of a made-up local news story: the article text of the HTML reader's test pages.
ARTICLE_PARAGRAPHS = [
    "The old lighthouse keeper's cottage on the point will become a small museum of the coast, the parish "
    "council decided on Thursday after a year of public meetings.",
    "Volunteers have already collected ship's bells, logbooks and photographs from families whose relatives "
    "kept the light burning through two world wars.",
    "The museum should open next summer, with free entry for schoolchildren and a reading room for anyone "
    "researching the wrecks along this stretch of shore.",
]

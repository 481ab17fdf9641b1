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

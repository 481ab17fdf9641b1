"""Paths and skips shared by the tests (importable as ``helpers``; tests/ is on sys.path)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = Path(os.environ.get("NEWSDEX_SHARED_DATA", REPO.parent / "shared" / "data"))
REUTERS = SHARED_DATA / "reuters21578"


def require_shared(path: Path) -> Path:
    """Skip, saying why, when the shared evaluation data is not beside the project."""
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (it sits beside the project in CI)")
    return path

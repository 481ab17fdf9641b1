"""Checks on the shared evaluation data (skipped where ../shared/data is absent)."""

from __future__ import annotations

import glob
import os

import pytest

from indexer.entities import extract_entities

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(os.path.dirname(ROOT), "shared", "data")
REUTERS = os.path.join(DATA, "reuters21578", "reut2-000.sgm")


@pytest.mark.skipif(not os.path.exists(REUTERS), reason="../shared/data/reuters21578 is not present")
def test_reuters_first_file_places_mostly_found():
    from indexer.readers.sgml import read

    with open(REUTERS, "rb") as fh:
        articles = [a for a in read(REUTERS, fh.read()) if a.body.strip()]
    assert glob.glob(os.path.join(DATA, "reuters21578", "reut2-*.sgm"))
    hit = total = 0
    for a in articles[:300]:
        ours = {c.lower().replace(" ", "-") for c in extract_entities(a).countries}
        ours |= {"usa"} if "united-states" in ours else set()
        ours |= {"uk"} if "united-kingdom" in ours else set()
        ours |= {"ussr"} if "soviet-union" in ours else set()
        for key in a.tags.get("places", []):
            total += 1
            hit += key in ours
    assert total > 200
    assert hit / total > 0.85

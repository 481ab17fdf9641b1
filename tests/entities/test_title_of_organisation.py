"""Names that close a "<title> of <organisation>" phrase are people, whatever their words are.

The names here are invented, so no list of given names can be what finds them.
"""

from __future__ import annotations

import pytest

from indexer.article import Article
from indexer.entities import extract_entities


def _people(body: str) -> list[str]:
    return extract_entities(Article(id="1", path="t", title="Talks", body=body, format="test")).persons


@pytest.mark.parametrize(("body", "person"), [
    ("He met President of the Zubrovkan Assembly Tarvo Quellin on Monday.", "Tarvo Quellin"),
    ("Those included President of the Senate Quarrin Obevo, and others.", "Quarrin Obevo"),
    ("She received Governor of Zelmar prefecture Oskio Taranu in the capital.", "Oskio Taranu"),
    ("He also met Chairman of the Japan – Vietnam Friendship Alliance Velko Arunami.", "Velko Arunami"),
    ("They were joined by Minister of Trade and Industry Bresk Omanlo yesterday.", "Bresk Omanlo"),
])
def test_name_after_title_of_organisation_is_a_person(body, person):
    assert person in _people(body)


@pytest.mark.parametrize(("body", "not_a_person"), [
    ("The chairman of the Association of Indonesian Coffee Exporters expects output to fall.",
     "Coffee Exporters"),
    ("The offer was made by the chairman of the Pentagon Joint Chiefs of Staff last week.", "Joint Chiefs"),
    ("It was a retreat for the Mayor of Birmingham called Bryn Tirion before it became a hotel.",
     "Bryn Tirion"),
    ("The President of the French Maize Producers' Association said prices would rise.", "Maize Producers"),
])
def test_the_organisation_itself_is_not_a_person(body, not_a_person):
    assert not_a_person not in _people(body)

"""Given and family names come from the names-dataset package, computed once and cached per package version."""

from __future__ import annotations

import pytest

from indexer.article import Article
from indexer.entities import extract_entities, name_data


def people(body):
    return extract_entities(Article(id="1", path="t", title="Notes", body=body, format="test")).persons


@pytest.mark.parametrize("kind, expected", [
    ("given", {"olga", "tomasz", "priya", "kwame", "jose", "yuki"}),
    ("family", {"kowalski", "nguyen", "garcia", "okafor", "baker", "hope"}),
])
def test_a_list_is_computed_once_then_read_from_the_cache(tmp_path, monkeypatch, kind, expected):
    monkeypatch.setenv(name_data.CACHE_ENV, str(tmp_path))
    first = name_data.load(kind)
    path = name_data.cache_path(kind)
    assert path.parent == tmp_path / "newsdex" and path.exists()
    assert expected <= first, "names of several countries, folded"
    assert all(" " not in name and "*" not in name for name in first)
    path.write_text("zyx\nqwv", encoding="utf-8")  # a later start reads the file, never the package
    assert name_data.load(kind) == {"zyx", "qwv"}


def test_the_family_names_leave_out_the_words_that_end_things_names(tmp_path, monkeypatch):
    monkeypatch.setenv(name_data.CACHE_ENV, str(tmp_path))
    assert not {"rate", "unit", "units", "division", "growers", "commodity"} & name_data.load("family")


def test_a_given_name_from_the_package_makes_a_two_word_name_a_person():
    # No title, no verb of saying: only the given name tells these are people.
    assert people("The list also had Priya Varnet and Tomasz Welko on it.") == ["Priya Varnet", "Tomasz Welko"]
    # A given name before a common word, or after an article, is no person.
    assert people("He went to a Roman Catholic school, and on Christmas eve he sang.") == []


def test_a_name_ends_in_a_family_name_not_in_a_word():
    # A verb of saying or an age after them, but the last word is a dictionary word no family name is.
    assert people("Over the London Interbank Offered Rate, said the manager.") == []
    assert people("Officials of the Corn Growers said they would not plant.") == []
    assert people("The budget is 36.2 billion European Currency Units (41 billion dlrs).") == []
    # A family name that is also a word, a given name first, or a title first: people.
    assert people("Rivers Cuomo and Frank Hope met Tiko Brooks, who sang.") == ["Rivers Cuomo", "Frank Hope",
                                                                             "Tiko Brooks"]
    assert people("Senate Budget Chairman Lawton Chiles said no.") == ["Lawton Chiles"]


def test_a_cache_folder_that_cannot_be_written_still_gives_the_names(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv(name_data.CACHE_ENV, str(blocker))
    names = name_data.load("given")
    assert {"olga", "tomasz", "priya"} <= names, "computed from the package, only not kept"
    assert blocker.read_text(encoding="utf-8") == "a file where the cache folder would go"

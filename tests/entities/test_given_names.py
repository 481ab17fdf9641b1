"""Given names come from the names-dataset package, computed once and cached per package version."""

from __future__ import annotations

from indexer.article import Article
from indexer.entities import extract_entities, given_names


def test_the_list_is_computed_once_then_read_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(given_names.CACHE_ENV, str(tmp_path))
    first = given_names.load()
    path = given_names.cache_path()
    assert path.parent == tmp_path / "newsdex" and path.exists()
    assert {"olga", "tomasz", "priya", "kwame", "jose", "yuki"} <= first, "names of several countries, folded"
    assert "the" not in first and all(" " not in name for name in first)
    path.write_text("zyx\nqwv", encoding="utf-8")  # a later start reads the file, never the package
    assert given_names.load() == {"zyx", "qwv"}


def test_a_given_name_from_the_package_makes_a_two_word_name_a_person():
    def people(body):
        return extract_entities(Article(id="1", path="t", title="Notes", body=body, format="test")).persons

    # No title, no verb of saying: only the given name tells these are people.
    assert people("The list also had Priya Varnet and Tomasz Welko on it.") == ["Priya Varnet", "Tomasz Welko"]
    # A given name before a common word, or after an article, is no person.
    assert people("He went to a Roman Catholic school, and on Christmas eve he sang.") == []


def test_a_cache_folder_that_cannot_be_written_still_gives_the_names(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv(given_names.CACHE_ENV, str(blocker))
    names = given_names.load()
    assert {"olga", "tomasz", "priya"} <= names, "computed from the package, only not kept"
    assert blocker.read_text(encoding="utf-8") == "a file where the cache folder would go"

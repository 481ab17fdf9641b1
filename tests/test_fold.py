"""The one accent fold (indexer.text.fold): what it makes of names, and the web UI's name filter
agreeing with ``person:`` searches because both use it."""

from __future__ import annotations

import json

import pytest

from indexer.entities import extract_entities
from indexer.entities.text import fold as entity_fold
from indexer.index.reindex import reindex
from indexer.search import IndexHandle, SearchRequest
from indexer.text import fold, fold_accents
from indexer.text.analysis import index_terms
from webui import create_app


@pytest.mark.parametrize(("name", "folded"), [
    ("Łukasz", "Lukasz"),
    ("Ørsted", "Orsted"),
    ("Đà Nẵng", "Da Nang"),
    ("Nguyễn Phú Trọng", "Nguyen Phu Trong"),
    ("Straße", "Strasse"),
    ("Æsir Œuvre", "AEsir OEuvre"),
    ("ﬁnal", "final"),
    ("O’Neill", "O’Neill"),  # the index keeps the typographic apostrophe in a term
    ("Reuters", "Reuters"),
])
def test_fold_accents_gives_plain_letters_and_keeps_case(name, folded):
    assert fold_accents(name) == folded


@pytest.mark.parametrize(("text", "key"), [
    ("Łukasz Kowalski", "lukasz kowalski"),
    ("ØRSTED", "orsted"),
    ("O’Neill “says” ‘no’", "o'neill \"says\" 'no'"),
    ("Jean–Paul — Sartre", "jean-paul - sartre"),
    ("İstanbul", "istanbul"),
])
def test_fold_is_lower_case_with_ascii_quotes_and_dashes(text, key):
    assert fold(text) == key


@pytest.mark.parametrize(("letter", "plain"), [
    ("đ", "d"), ("Đ", "D"), ("ø", "o"), ("Ø", "O"), ("ł", "l"), ("Ł", "L"), ("ß", "ss"), ("æ", "ae"), ("Æ", "AE"),
    ("œ", "oe"), ("Œ", "OE"), ("ı", "i"),
])
def test_letters_unicode_does_not_decompose_are_spelt_out(letter, plain):
    """Each of them, alone and inside a word: no accent to strip, so each needs its own plain spelling."""
    assert fold_accents(letter) == plain
    assert fold_accents(f"x{letter}x") == f"x{plain}x"


@pytest.mark.parametrize(("mark", "ascii_mark"), [
    ("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("‐", "-"), ("–", "-"), ("—", "-"),
])
def test_fold_writes_each_typographic_quote_and_dash_in_ascii(mark, ascii_mark):
    assert fold(f"a{mark}b") == f"a{ascii_mark}b"


def test_fold_lowers_ascii_and_keeps_it_as_it_is():
    assert fold("Fumio KISHIDA's 3.5% (U.S.)") == "fumio kishida's 3.5% (u.s.)"
    assert fold_accents("Fumio KISHIDA") == "Fumio KISHIDA"


def test_index_terms_and_entity_words_fold_alike():
    assert index_terms("Łukasz Ørsted") == index_terms("lukasz orsted")
    assert entity_fold("Łukasz") == fold("Łukasz") == "lukasz"


ARTICLE = {
    "id": "pl1", "title": "Poland signs energy deal",
    "text": "Prime Minister Łukasz Kowalski of Poland said on Monday that the deal would cut energy prices. "
            "Kowalski told reporters that Poland and Denmark agreed on the terms.",
    "date": "2023-04-03", "source": "PAP",
}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    base = tmp_path_factory.mktemp("fold")
    (base / "corpus").mkdir()
    (base / "corpus" / "poland.jsonl").write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    report = reindex([base / "corpus"], base / "index", jobs=1, progress=False)
    assert not report.failed, report.failed
    return base / "index"


def test_the_article_names_lukasz_kowalski():
    from indexer.article import Article
    article = Article(id="pl1", path="poland.jsonl", title=ARTICLE["title"], body=ARTICLE["text"], format="jsonl")
    assert "Łukasz Kowalski" in extract_entities(article).persons


def test_people_filter_finds_lukasz_written_without_the_stroke(index_dir):
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    for needle in ("lukasz", "Łukasz", "kowalski"):
        page = client.get("/people", query_string={"filter": needle})
        assert page.status_code == 200
        assert "Łukasz Kowalski" in page.get_data(as_text=True), needle
    assert "Łukasz Kowalski" not in client.get("/people", query_string={"filter": "lukaszz"}).get_data(as_text=True)


def test_person_query_and_people_filter_agree(index_dir):
    index = IndexHandle(str(index_dir)).get()
    assert [hit.title for hit in index.search(SearchRequest("person:lukasz")).hits] == [ARTICLE["title"]]

"""The user's two articles in corpus/, read, analysed and searched exactly as a user would get them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from helpers import SEED_FILES, SHARED_DATA

from indexer.entities import extract_entities
from indexer.readers import read_file
from indexer.search import IndexHandle, SearchRequest

SHARED_SEEDS = SHARED_DATA.parent / "seeds"

TALKS_PEOPLE = {  # 000: Truong Thi Mai's visit to Tokyo
    "Truong Thi Mai", "Fumio Kishida", "Otsuji Hidehisa", "Nukaga Fukushiro", "Shii Kazuo",
    "Nikai Toshihiro", "Kotaro Nagasaki", "Nguyen Phu Trong",
}
ONLINE_TALKS_PEOPLE = {"Nguyen Phu Trong", "Kishida Fumio"}  # 001, as the article writes them


def _seed(prefix: str) -> Path:
    [path] = [p for p in SEED_FILES if p.name.startswith(prefix)]
    return path


def test_corpus_holds_the_two_seeds_byte_for_byte():
    if not SHARED_SEEDS.exists():
        pytest.skip(f"shared seeds not found at {SHARED_SEEDS}")
    given = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SHARED_SEEDS.glob("*.txt")}
    ours = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEED_FILES}
    assert ours == given


def test_headline_line_is_the_title():
    [article] = read_file(str(_seed("000")))
    assert article.title == "Vietnam sees Japan as important strategic partner: Party official"
    assert article.body.startswith("Vietnam and Japan will also work together")
    assert "VNA.jpg" not in article.body and "VNA/VNS Photo" not in article.body
    assert "Other news" not in article.body
    assert article.source == "VNA"


def test_a_file_without_a_headline_gets_its_first_sentence_as_a_short_title():
    [article] = read_file(str(_seed("001")))
    assert article.title.startswith("Underlining that their talks were the first among activities")
    assert len(article.title) <= 100 and article.title.endswith("…")
    assert " " not in article.title[-2:], "cut at a word boundary"
    assert article.body.startswith("Underlining that their talks were the first"), "the paragraph stays body"
    assert article.source == "VNA"


def test_an_uncredited_photo_caption_is_not_body():
    [article] = read_file(str(_seed("001")))
    assert "at the online talks with LDP President" not in article.body
    second = article.body.split("\n\n")[1]
    assert " ".join(second.split()).startswith("General Secretary Nguyen Phu Trong spoke highly")


@pytest.mark.parametrize(("prefix", "people"), [("000", TALKS_PEOPLE), ("001", ONLINE_TALKS_PEOPLE)])
def test_exactly_the_people_and_countries_each_seed_names(prefix, people):
    [article] = read_file(str(_seed(prefix)))
    entities = extract_entities(article)
    assert set(entities.persons) == people
    assert len(entities.persons) == len(people)
    assert sorted(entities.countries) == ["Japan", "Vietnam"]


def test_search_kishida_finds_both_with_merged_names(seed_index):
    result = IndexHandle(seed_index).get().search(SearchRequest("Kishida"))
    assert result.total == 2
    by_title = {hit.title[:20]: hit for hit in result.hits}
    talks, online = by_title["Vietnam sees Japan a"], by_title["Underlining that the"]
    assert set(talks.persons) == TALKS_PEOPLE
    assert set(online.persons) == {"Nguyen Phu Trong", "Fumio Kishida"}, "Kishida Fumio is Fumio Kishida"
    for hit in result.hits:
        assert sorted(hit.countries) == ["Japan", "Vietnam"]
    assert "online talks" not in online.snippet
    assert dict(result.facets["person"])["Fumio Kishida"] == 2
    assert "Kishida Fumio" not in dict(result.facets["person"])


def test_a_name_only_the_photo_caption_gives_is_found(seed_index):
    # The second seed names "Kishida Fumio" only in its photo's caption line.
    result = IndexHandle(seed_index).get().search(SearchRequest("fumio"))
    assert result.total == 2
    assert result.words_matched is None
    online = next(hit for hit in result.hits if hit.title.startswith("Underlining that"))
    assert "online talks" not in online.snippet, "the caption stays out of the snippet"

"""The search contract, checked through a backend fixture so that every implementation answers to it.

Each expectation is derived from what the backend itself reports for the whole corpus (the people
and countries of each hit), never from one engine's internals: a second backend (a search
cluster) must pass these unchanged, by adding its name to ``BACKENDS``.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from helpers import drop_opensearch_alias, opensearch_backend_of, search_index_of, wire_stories

from indexer.search import QueryError, SearchRequest

BACKENDS = ["whoosh", "opensearch"]

STORIES = wire_stories([
    ("2021-03-02", "Japan and Vietnam sign a trade pact",
     "Prime Minister Fumio Kishida of Japan and Party General Secretary Nguyen Phu Trong signed a trade pact."),
    ("2021-07-15", "Rice exports from Vietnam climb",
     "Vietnam shipped more rice to the Philippines, the trade ministry in Hanoi said."),
    ("2022-01-10", "Kishida visits Germany",
     "Prime Minister Fumio Kishida met Chancellor Olaf Scholz in Berlin to talk about trade and energy."),
    ("2022-05-05", "Electricity prices climb in Germany",
     "Electricity prices in Germany climbed again, Chancellor Olaf Scholz said in Berlin."),
    ("2023-02-09", "Online talks between Vietnam and Japan",
     "Party General Secretary Nguyen Phu Trong held online talks with Prime Minister Fumio Kishida of Japan."),
    ("2023-11-20", "Philippines and Vietnam discuss fishing",
     "Officials from the Philippines and Vietnam met in Manila to discuss fishing rights and trade."),
]) + [{"title": "An undated note on trade", "text": "Trade talks between Japan and Germany resumed.",
       "source": "Test Wire"}]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request, tmp_path_factory):
    if request.param == "whoosh":
        yield search_index_of(tmp_path_factory.mktemp("contract"), STORIES)
    elif request.param == "opensearch":
        url = request.getfixturevalue("opensearch_url")  # only asked for here: it may start a cluster
        served = opensearch_backend_of(url, tmp_path_factory.mktemp("contract"), STORIES, alias="contract-tests")
        yield served
        served.close()
        drop_opensearch_alias(url, "contract-tests")
    else:
        raise AssertionError(f"no such backend: {request.param}")


def everything(backend, q: str = "", **filters):
    return backend.search(SearchRequest(q, filters={name: list(values) for name, values in filters.items()},
                                        page_size=100))


def values_of(hit, facet: str) -> list[str]:
    return {"person": hit.persons, "country": hit.countries}[facet]


def test_a_filter_selects_exactly_the_articles_that_hold_the_value(backend):
    all_hits = everything(backend).hits
    for facet in ("person", "country"):
        for value in {v for hit in all_hits for v in values_of(hit, facet)}:
            expected = {hit.id for hit in all_hits if value in values_of(hit, facet)}
            assert {hit.id for hit in everything(backend, **{facet: [value]}).hits} == expected, (facet, value)


def test_values_of_one_facet_are_ored_and_facets_are_anded(backend):
    all_hits = everything(backend).hits
    either = {hit.id for hit in all_hits if {"Japan", "Germany"} & set(hit.countries)}
    assert {hit.id for hit in everything(backend, country=["Japan", "Germany"]).hits} == either
    both = {hit.id for hit in all_hits if "Vietnam" in hit.countries and "Fumio Kishida" in hit.persons}
    assert {hit.id for hit in everything(backend, country=["Vietnam"], person=["Fumio Kishida"]).hits} == both
    assert both and both != either


def test_facet_counts_leave_out_their_own_filter(backend):
    unfiltered = everything(backend, "trade")
    filtered = everything(backend, "trade", country=["Japan"])
    assert filtered.facets["country"] == unfiltered.facets["country"], "a selected country still shows the others"
    people = Counter(p for hit in filtered.hits for p in hit.persons)
    assert dict(filtered.facets["person"]) == dict(people), "other facets count the filtered articles"


def test_counts_are_the_articles_the_facet_values_come_from(backend):
    result = everything(backend)
    assert result.total == len(STORIES) == len(result.hits)
    countries = Counter(c for hit in result.hits for c in hit.countries)
    assert dict(result.facets["country"]) == dict(countries)
    assert [n for _, n in result.facets["country"]] == sorted(countries.values(), reverse=True)


def test_newest_first_puts_undated_articles_last(backend):
    hits = backend.search(SearchRequest("", sort="newest", page_size=100)).hits
    dates = [hit.date for hit in hits]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[len(dated):] == [None] * (len(dates) - len(dated))


def test_pages_split_the_ranked_list(backend):
    whole = backend.search(SearchRequest("trade", page_size=100))
    pages = [backend.search(SearchRequest("trade", page=n, page_size=2)) for n in (1, 2, 3, 4)]
    assert all(page.total == whole.total for page in pages)
    assert [hit.id for page in pages for hit in page.hits] == [hit.id for hit in whole.hits]


def test_snippets_mark_the_words_searched(backend):
    for hit in backend.search(SearchRequest("electricity")).hits:
        marked = re.findall(r"<mark>(.*?)</mark>", hit.snippet)
        assert marked and all(word.lower() == "electricity" for word in marked)


def test_entity_profile_agrees_with_a_filtered_search(backend):
    profile = backend.entities.profile("person", "Fumio Kishida", related_limit=50)
    result = everything(backend, person=["Fumio Kishida"])
    assert profile.articles == result.total
    assert {row.label: row.count for row in profile.related["country"]} == dict(result.facets["country"])
    months = Counter(hit.date[:7] for hit in result.hits if hit.date)
    assert profile.months == dict(months)


def test_stats_count_the_whole_corpus(backend):
    stats = backend.stats()
    result = everything(backend)
    assert stats.articles == result.total
    summary = {facet.definition.name: facet for facet in stats.facets}
    assert dict(summary["country"].top) == dict(result.facets["country"])
    assert summary["person"].values == len(result.facets["person"])


def test_a_request_is_validated_the_same_way_by_every_backend(backend):
    request = SearchRequest("  trade  ", filters={"country": ["Japan", "", "Japan"], "planet": ["Mars"],
                                                   "person": []}, page=0, page_size=10_000)
    checked = request.validated(("person", "country"))
    assert (checked.q, checked.filters, checked.page, checked.page_size) == ("trade", {"country": ["Japan"]}, 1, 1000)
    assert request.q == "  trade  ", "validating makes a new request"
    result = backend.search(request)
    assert (result.query, result.filters, result.page) == ("trade", {"country": ["Japan"]}, 1)
    with pytest.raises(QueryError, match="unknown sort 'oldest'"):
        backend.search(SearchRequest("trade", sort="oldest"))
    with pytest.raises(QueryError, match="the limit is 1,000"):
        backend.search(SearchRequest("trade " * 200))


@pytest.mark.parametrize(("q", "suggestion"), [
    ("vietnma", "vietnam"),
    ("Gemrany", "Germany"),  # two letters swapped is one edit; the typed capital is kept
    ("phillipines fishing", "philippines fishing"),  # two edits, in a word of eight letters or more
    ("electrcity AND prices", "electricity AND prices"),
    ("date:2022 electrcity", "date:2022 electricity"),
    ("person:kishda", "person:kishida"),  # against the names, not the text
    ("country:vietnma", "country:vietnam"),
    ("trade", None),  # every word indexed
    ("chancelor", "chancellor"),
])
def test_did_you_mean_respells_a_misspelt_word_into_one_that_finds_articles(backend, q, suggestion):
    result = backend.search(SearchRequest(q))
    assert result.suggestion == suggestion
    if suggestion is not None:
        assert result.total == 0 or result.words_matched, "a query that finds its articles needs no respelling"
        assert backend.search(SearchRequest(suggestion)).total > 0
    assert backend.search(SearchRequest(q, suggest=False)).suggestion is None

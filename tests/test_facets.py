"""Facet arrays: years and months from the date column, merged name variants counted once."""

import json

import numpy as np
import pytest

from indexer.index.facet_arrays import write_facet_arrays
from indexer.index.reindex import reindex
from indexer.search import IndexHandle
from indexer.search.facets import FieldFacet, YearFacet, count, open_facet
from indexer.search.registry import facet


def build(tmp_path, records):
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
    reindex([tmp_path], tmp_path / "index", jobs=1, progress=False)
    return IndexHandle(tmp_path / "index").get()


def test_years_months_and_dates_from_the_date_column(tmp_path):
    index = build(tmp_path, [
        {"title": "Old", "text": "Before the epoch.", "date": "1969-12-31"},
        {"title": "Leap", "text": "A leap day.", "date": "2000-02-29T13:45:00"},
        {"title": "None", "text": "No date at all."},
        {"title": "New", "text": "Recent.", "date": "2024-01-01"},
    ])
    year = index.facets["year"]
    by_title = {index.searcher.stored_fields(d)["title"]: d for d in range(index.doc_count)}
    months = {title: int(year.months[d]) for title, d in by_title.items()}
    assert months == {"Old": 1969 * 12 + 11, "Leap": 2000 * 12 + 1, "None": -1, "New": 2024 * 12}
    assert year.dates[by_title["None"]] == -1
    assert year.dates[by_title["Old"]] < year.dates[by_title["Leap"]] < year.dates[by_title["New"]]
    assert sorted(year.labels) == ["1969", "2000", "2024"]
    everything = np.ones(year.doc_count, dtype=bool)
    assert {year.labels[v]: int(n) for v, n in enumerate(year.counts(everything))} == {
        "1969": 1, "2000": 1, "2024": 1}


def test_the_empty_date_of_some_exports_is_no_year(tmp_path):
    """0001-01-01, the "no date" of exports from some systems, is counted as undated; year 2 is a year."""
    index = build(tmp_path, [
        {"title": "Placeholder", "text": "Exported without a date.", "date": "0001-01-01T00:00:00"},
        {"title": "Ancient", "text": "A very old date.", "date": "0002-03-04"},
        {"title": "Real", "text": "Dated.", "date": "2024-01-01"},
    ])
    year = index.facets["year"]
    by_title = {index.searcher.stored_fields(d)["title"]: d for d in range(index.doc_count)}
    assert year.months[by_title["Placeholder"]] == -1 and year.dates[by_title["Placeholder"]] == -1
    assert year.months[by_title["Ancient"]] == 2 * 12 + 2
    assert sorted(year.labels) == ["2", "2024"]


def test_variants_of_one_name_count_once_per_article(tmp_path):
    index = build(tmp_path, [
        {"title": "Talks", "text": "Prime Minister Fumio Kishida met reporters. Kishida Fumio said talks went well."},
        {"title": "Visit", "text": "Prime Minister Kishida Fumio visited Hanoi."},
    ])
    person = index.facets["person"]
    assert "Kishida Fumio" not in person.ids, "the variant is counted under the merged name"
    counts = person.counts(index.live)
    assert {person.labels[v]: int(counts[v]) for v in np.flatnonzero(counts)}.get("Fumio Kishida") == 2
    passing, per_facet = count(list(index.facets.values()), index.live, {"person": person.value_ids(["Fumio Kishida"])})
    assert len(passing) == 2 and int(per_facet["person"][person.ids["Fumio Kishida"]]) == 2


# Five stories whose values are known by hand: source and year as written, countries named in the text.
STORIES = [
    {"id": "a", "title": "A", "text": "Vietnam and Japan signed a trade deal in Hanoi.", "source": "VNA",
     "date": "2021-03-05"},
    {"id": "b", "title": "B", "text": "Vietnam exported more rice.", "source": "VNA", "date": "2022-07-01"},
    {"id": "c", "title": "C", "text": "Japan and South Korea held talks in Tokyo.", "source": "Kyodo",
     "date": "2022-11-20"},
    {"id": "d", "title": "D", "text": "Japan raised interest rates.", "source": "Kyodo"},
    {"id": "e", "title": "E", "text": "South Korea reported growth.", "source": "Yonhap", "date": "2023-01-15"},
]


@pytest.fixture(scope="module")
def stories(tmp_path_factory):
    return build(tmp_path_factory.mktemp("facets"), STORIES)


def doc_numbers(index) -> dict[str, int]:
    return {index.searcher.stored_fields(d)["title"]: d for d in range(index.doc_count)}


def mask_of(index, titles: str) -> np.ndarray:
    numbers = doc_numbers(index)
    mask = np.zeros(index.doc_count, dtype=bool)
    mask[[numbers[title] for title in titles]] = True
    return mask


def titles_of(index, documents) -> str:
    """The titles of the documents of a mask, or of a list of document numbers, in alphabetical order."""
    numbers = np.flatnonzero(documents) if documents.dtype == bool else documents
    by_number = {d: title for title, d in doc_numbers(index).items()}
    return "".join(sorted(by_number[d] for d in numbers))


def counted(facet, counts) -> dict[str, int]:
    return {facet.labels[v]: int(counts[v]) for v in np.flatnonzero(counts)}


def test_the_stories_have_the_values_written_by_hand(stories):
    assert {name: sorted(facet.labels) for name, facet in stories.facets.items() if name != "person"} == {
        "country": ["Japan", "South Korea", "Vietnam"], "year": ["2021", "2022", "2023"],
        "source": ["Kyodo", "VNA", "Yonhap"]}


@pytest.mark.parametrize("facet_name, values, titles", [
    ("source", ["VNA"], "AB"),
    ("source", ["VNA", "Yonhap"], "ABE"),
    ("source", ["Reuters"], ""),
    ("country", ["Japan"], "ACD"),
    ("country", ["South Korea", "Vietnam"], "ABCE"),
    ("year", ["2022"], "BC"),
    ("year", ["2021", "2023"], "AE"),
])
def test_documents_with_any_of_the_values(stories, facet_name, values, titles):
    facet = stories.facets[facet_name]
    assert titles_of(stories, facet.documents_with(facet.value_ids(values))) == titles


def test_value_ids_of_unknown_labels_are_left_out(stories):
    source = stories.facets["source"]
    assert source.value_ids(["VNA", "Reuters"]) == frozenset({source.ids["VNA"]})


@pytest.mark.parametrize("titles, expected", [
    ("BC", {"source": {"VNA": 1, "Kyodo": 1}, "country": {"Vietnam": 1, "Japan": 1, "South Korea": 1},
            "year": {"2022": 2}}),
    ("DE", {"source": {"Kyodo": 1, "Yonhap": 1}, "country": {"Japan": 1, "South Korea": 1}, "year": {"2023": 1}}),
    ("", {"source": {}, "country": {}, "year": {}}),
])
def test_counts_are_over_the_documents_of_the_mask_only(stories, titles, expected):
    documents = mask_of(stories, titles)
    assert {name: counted(stories.facets[name], stories.facets[name].counts(documents)) for name in expected} == \
        expected


def count_with(index, documents: str, filters: dict[str, list[str]]):
    facets = [index.facets[name] for name in ("country", "year", "source")]
    selected = {name: index.facets[name].value_ids(values) for name, values in filters.items()}
    passing, counts = count(facets, mask_of(index, documents), selected)
    return titles_of(index, passing), {name: counted(index.facets[name], n) for name, n in counts.items()}


def test_each_facet_is_counted_with_every_filter_but_its_own(stories):
    passing, counts = count_with(stories, "ABCDE", {"source": ["VNA"]})
    assert passing == "AB"
    assert counts == {"source": {"VNA": 2, "Kyodo": 2, "Yonhap": 1}, "country": {"Vietnam": 2, "Japan": 1},
                      "year": {"2021": 1, "2022": 1}}
    passing, counts = count_with(stories, "ABCDE", {"source": ["VNA", "Kyodo"], "country": ["Japan"]})
    assert passing == "ACD"
    assert counts == {"source": {"VNA": 1, "Kyodo": 2}, "country": {"Vietnam": 2, "Japan": 3, "South Korea": 1},
                      "year": {"2021": 1, "2022": 1}}


def test_filters_narrow_the_matching_documents_not_every_document(stories):
    passing, counts = count_with(stories, "CDE", {"country": ["Japan"]})
    assert passing == "CD"
    assert counts == {"source": {"Kyodo": 2}, "country": {"Japan": 2, "South Korea": 2}, "year": {"2022": 1}}
    assert count_with(stories, "BCE", {}) == ("BCE", {
        "source": {"VNA": 1, "Kyodo": 1, "Yonhap": 1}, "country": {"Vietnam": 1, "Japan": 1, "South Korea": 2},
        "year": {"2022": 2, "2023": 1}})


def test_passing_documents_are_in_ascending_order(stories):
    passing, _ = count(list(stories.facets.values()), stories.live, {})
    assert list(passing) == list(range(stories.doc_count))


def test_top_values_most_first_ties_alphabetical_cut_at_the_limit(stories):
    source = stories.facets["source"]
    counts = source.counts(stories.live)  # VNA 2, Kyodo 2, Yonhap 1
    assert source.top(counts, 10) == [("Kyodo", 2), ("VNA", 2), ("Yonhap", 1)]
    assert source.top(counts, 2) == [("Kyodo", 2), ("VNA", 2)]
    assert source.top(counts, 1) == [("Kyodo", 2)]
    assert source.top(source.counts(mask_of(stories, "A")), 10) == [("VNA", 1)], "values counted 0 are left out"


def test_the_top_values_are_the_highest_counts_whatever_the_order_of_value_ids(stories):
    source = stories.facets["source"]
    counts = np.zeros(len(source.labels), dtype=np.int64)
    for label, n in {"Kyodo": 1, "VNA": 7, "Yonhap": 4}.items():
        counts[source.ids[label]] = n
    assert source.top(counts, 2) == [("VNA", 7), ("Yonhap", 4)]
    assert source.top(counts, 1) == [("VNA", 7)]
    counts[source.ids["Kyodo"]] = 4  # tied with the last one shown: the tie is broken by name
    assert source.top(counts, 2) == [("VNA", 7), ("Kyodo", 4)]


def test_aliases_merge_values_and_a_value_aliased_to_none_is_neither_shown_nor_counted(stories, tmp_path):
    """As the reindex writes the people facet: a firm's name (aliased to None) and a variant (aliased to its name)."""
    write_facet_arrays(tmp_path, stories.searcher.reader(), {"country": {"Japan": None, "South Korea": "Korea"}})
    country = open_facet(facet("country"), tmp_path, stories.doc_count, {})
    assert sorted(country.labels) == ["Korea", "Vietnam"]
    assert counted(country, country.counts(stories.live)) == {"Korea": 2, "Vietnam": 2}
    assert titles_of(stories, country.documents_with(country.value_ids(["Korea"]))) == "CE"


def test_selected_values_stay_listed_after_the_top_ones(stories):
    source = stories.facets["source"]
    counts = source.counts(stories.live)
    assert source.top(counts, 1, selected=["Yonhap", "Reuters", "Kyodo"]) == [
        ("Kyodo", 2), ("Yonhap", 1), ("Reuters", 0)]


def test_top_years_are_the_newest_whatever_their_counts(stories):
    year = stories.facets["year"]
    counts = year.counts(stories.live)  # 2021: 1, 2022: 2, 2023: 1
    assert year.top(counts, 10) == [("2023", 1), ("2022", 2), ("2021", 1)]
    assert year.top(counts, 1) == [("2023", 1)]


def test_hits_show_stored_values_and_years_come_from_no_stored_field(stories):
    country, person, year = (open_facet(facet(name), stories.generation, stories.doc_count,
                                        {"Kishida Fumio": "Fumio Kishida"}) for name in ("country", "person", "year"))
    assert isinstance(year, YearFacet) and not year.stored
    assert isinstance(country, FieldFacet) and country.stored
    assert country.shown_values({"country": ["Japan", "Vietnam"]}) == ["Japan", "Vietnam"]
    assert country.shown_values({"country": "Japan"}) == ["Japan"]
    assert country.shown_values({}) == []
    aliased_country = open_facet(facet("country"), stories.generation, stories.doc_count, {"Japan": "Nippon"})
    assert aliased_country.shown_values({"country": ["Japan"]}) == ["Japan"], \
        "aliases apply to people only"
    assert person.shown_values({"person": ["Fumio Kishida", "Kishida Fumio", "Joe Biden"]}) == [
        "Fumio Kishida", "Joe Biden"]

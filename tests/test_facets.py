"""Facet arrays: years and months from the date column, merged name variants counted once."""

import json

import numpy as np

from indexer.index.reindex import reindex
from indexer.search import IndexHandle
from indexer.search.facets import count


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

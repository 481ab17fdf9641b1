"""Facet arrays: written by the reindex, memory-mapped when a generation opens, refused when damaged."""

import json
import mmap

import pytest
import whoosh.index
from whoosh.fields import ID, Schema

from indexer.index.facet_arrays import FacetArraysMissing
from indexer.index.postings import deleted_mask
from indexer.index.reindex import reindex
from indexer.index.store import StaleIndex
from indexer.search import IndexHandle, SearchRequest

STORIES = [
    {"id": "a", "title": "Trade", "text": "Vietnam and Japan signed a trade deal.", "source": "VNA",
     "date": "2021-03-15"},
    {"id": "b", "title": "Rice", "text": "Vietnam exported more rice.", "source": "VNA", "date": "2022-07-21"},
    {"id": "c", "title": "Talks", "text": "Japan and South Korea held talks.", "source": "Kyodo"},
]


@pytest.fixture()
def index_root(tmp_path):
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(story) for story in STORIES), encoding="utf-8")
    reindex([tmp_path / "a.jsonl"], tmp_path / "index", jobs=1, progress=False)
    return tmp_path / "index"


def test_a_generation_s_facets_are_mapped_from_the_files_the_reindex_wrote(index_root):
    index = IndexHandle(index_root).get()
    country, source, year = index.facets["country"], index.facets["source"], index.facets["year"]
    for array in (country.pair_docs, country.pair_values, year.dates, year.months):
        assert isinstance(array.base.obj, mmap.mmap) and not array.flags.writeable, "a read-only file mapping"
    titles = {index.searcher.stored_fields(d)["title"]: d for d in range(index.doc_count)}
    vietnam = country.documents_with(country.value_ids(["Vietnam"]))
    assert sorted(title for title, d in titles.items() if vietnam[d]) == ["Rice", "Trade"]
    counts = source.counts(index.live)
    assert {source.labels[v]: int(n) for v, n in enumerate(counts)} == {"VNA": 2, "Kyodo": 1}
    assert int(year.months[titles["Trade"]]) == 2021 * 12 + 2 and int(year.months[titles["Talks"]]) == -1
    assert sorted(year.labels) == ["2021", "2022"]


@pytest.mark.parametrize("damage", ["remove the pairs", "cut the pairs", "other document count", "cut the dates"])
def test_damaged_facet_arrays_are_refused_with_what_to_do(index_root, damage):
    generation = index_root / "current"
    if damage == "remove the pairs":
        (generation / "facet-country.docs").unlink()
    elif damage == "cut the pairs":
        path = generation / "facet-country.values"
        path.write_bytes(path.read_bytes()[:-4])
    elif damage == "other document count":
        path = generation / "facet-source.labels.json"
        meta = json.loads(path.read_text("utf-8"))
        path.write_text(json.dumps({**meta, "doc_count": meta["doc_count"] + 1}), encoding="utf-8")
    else:
        path = generation / "facet-dates"
        path.write_bytes(path.read_bytes()[:-8])
    with pytest.raises(FacetArraysMissing, match=r"is damaged \(.*\): rebuild it with `newsdex reindex DIR`"):
        IndexHandle(index_root).get()
    assert issubclass(FacetArraysMissing, StaleIndex), "callers that catch a stale index catch this too"


def test_a_reindex_rewrites_the_arrays_without_touching_the_live_generation_s(index_root, tmp_path):
    """An incremental build starts from hard links to the live files: rewriting one in place would change
    the index every server is reading."""
    live = index_root / "current"
    before = {path.name: path.read_bytes() for path in live.glob("facet-*")}
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "d", "title": "Ports", "text": "Singapore expanded its ports.",
                                                  "source": "Reuters", "date": "2023-01-16"}), encoding="utf-8")
    reindex([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], index_root, incremental=True, jobs=1, progress=False)
    assert {path.name: path.read_bytes() for path in (index_root / "previous").glob("facet-*")} == before
    index = IndexHandle(index_root).get()
    assert index.search(SearchRequest("ports", filters={"country": ["Singapore"]})).total == 1
    assert "Reuters" in index.facets["source"].labels


def test_the_deleted_documents_of_every_segment_are_found_at_their_place_in_the_index(tmp_path):
    index = whoosh.index.create_in(tmp_path, Schema(id=ID(stored=True)))
    for batch in (["a", "b", "c"], ["d", "e"]):
        writer = index.writer()
        for name in batch:
            writer.add_document(id=name)
        writer.commit(merge=False)
    writer = index.writer()
    writer.delete_by_term("id", "b")
    writer.delete_by_term("id", "e")
    writer.commit(merge=False)
    with index.reader() as reader:
        assert len(list(reader.leaf_readers())) == 2
        mask = deleted_mask(reader)
        names = [reader.stored_fields(d)["id"] for d in range(reader.doc_count_all())]
    assert [name for name, deleted in zip(names, mask, strict=True) if deleted] == ["b", "e"]

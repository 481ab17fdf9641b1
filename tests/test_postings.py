"""The rank postings a reindex writes beside each Whoosh segment, and what searches do without them."""

import heapq
import json
import logging
import os
import random
from collections import Counter

import numpy as np
import pytest
import whoosh.index

from indexer.index.postings import TEXT_FIELDS, SegmentPostings, write_segments
from indexer.index.reindex import reindex
from indexer.index.store import IndexStore
from indexer.search import IndexHandle, SearchRequest
from indexer.search.ranking import top_indices
from indexer.text.analysis import index_terms, term_of

STORIES = [
    {"title": "Rice exports rise", "text": "Vietnam shipped more rice to the Philippines, rice traders said."},
    {"title": "Trade pact signed", "text": "Japan and Vietnam signed a trade pact on rice and electronics."},
    {"title": "Security talks", "text": "South Korea and Japan held security talks in Seoul."},
    {"title": "Électricité", "text": "Electricity prices in Germany climbed, Olaf Scholz said."},
]


def write_stories(folder, name, stories):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("\n".join(json.dumps(story) for story in stories), encoding="utf-8")


def rank_files(generation):
    return sorted(p.name for p in generation.iterdir() if ".rank" in p.name)


def segment_readers(generation):
    reader = whoosh.index.open_dir(str(generation)).reader()
    return [leaf for leaf, _ in reader.leaf_readers()]


def assert_same_postings(stored: SegmentPostings, derived: SegmentPostings):
    assert stored.doc_count == derived.doc_count
    assert stored.terms.keys() == derived.terms.keys()
    for fieldname, table in derived.terms.items():
        assert stored.terms[fieldname].keys() == table.keys()
        for text in table:
            for got, expected in zip(stored.postings(fieldname, text) + stored.positions(fieldname, text),
                                     derived.postings(fieldname, text) + derived.positions(fieldname, text),
                                     strict=True):
                assert got.tolist() == expected.tolist(), (fieldname, text)
    for fieldname, lengths in derived.lengths.items():
        assert stored.lengths[fieldname].tolist() == lengths.tolist()


@pytest.fixture
def corpus(tmp_path):
    write_stories(tmp_path / "corpus", "a.jsonl", STORIES[:2])
    write_stories(tmp_path / "corpus", "b.jsonl", STORIES[2:])
    return tmp_path / "corpus"


def test_reindex_writes_rank_postings_equal_to_whoosh(corpus, tmp_path):
    root = tmp_path / "index"
    reindex([corpus], root, jobs=1, progress=False)
    generation = IndexStore(root).current()
    (segment,) = segment_readers(generation)
    stored = SegmentPostings.load(generation, segment)
    assert stored is not None
    assert_same_postings(stored, SegmentPostings.from_reader(segment))
    ids, weights = stored.postings("body", "rice")
    assert len(ids) == 2 and weights.tolist()[0] == 2.0, "frequencies, not just presence"
    assert stored.postings("title", "rice")[0].tolist() == [0]
    docs, positions = stored.positions("body", "rice")
    # Every occurrence; stop words take no position ("shipped more rice": rice is word 2).
    assert docs.tolist() == [0, 0, 1] and positions.tolist()[:2] == [2, 4]
    assert stored.postings("body", "absent")[0].tolist() == []


def test_each_document_s_terms_are_read_back_from_the_postings(corpus, tmp_path):
    root = tmp_path / "index"
    reindex([corpus], root, jobs=1, progress=False)
    generation = IndexStore(root).current()
    (segment,) = segment_readers(generation)
    stored = SegmentPostings.load(generation, segment)
    # "Rice exports rise" / "... more rice to the Philippines, rice traders said.": rice once in the title,
    # twice in the body.
    assert stored.document_terms(0, ("title",)) == {term_of("rice"): 1, term_of("exports"): 1, term_of("rise"): 1}
    assert stored.document_terms(0, ("title", "body"))["rice"] == 3
    assert "japan" not in stored.document_terms(0, TEXT_FIELDS) and stored.document_terms(2, TEXT_FIELDS)["japan"] == 1
    # The same terms and counts as analysing each stored text again, for every document, as read from
    # Whoosh for an older index.
    reader = whoosh.index.open_dir(str(generation)).reader()
    derived = SegmentPostings.from_reader(segment)
    for docnum in range(segment.doc_count_all()):
        fields = reader.stored_fields(docnum)
        expected = Counter(term for name in TEXT_FIELDS for term in index_terms(fields[name]))
        assert stored.document_terms(docnum, TEXT_FIELDS) == expected, docnum
        assert derived.document_terms(docnum, TEXT_FIELDS) == expected, docnum


def test_incremental_keeps_untouched_segments_and_masks_deleted_articles(corpus, tmp_path):
    root = tmp_path / "index"
    reindex([corpus], root, jobs=1, progress=False)
    first = IndexStore(root).current()
    old_ids = first / next(name for name in rank_files(first) if name.endswith(".rank-ids"))
    write_stories(corpus, "b.jsonl", [{"title": "Security talks", "text": "Seoul hosted talks on fisheries."}])
    reindex([corpus], root, incremental=True, jobs=1, progress=False)
    second = IndexStore(root).current()
    segments = segment_readers(second)
    assert len(rank_files(second)) == 7 * len(segments), "every live segment has its seven files, no stale ones"
    kept = second / old_ids.name
    if kept.exists():
        assert os.stat(kept).st_ino == os.stat(old_ids).st_ino, "an untouched segment's files are hard links"
    index = IndexHandle(root).get()
    assert index.search(SearchRequest("electricity")).total == 0, "the replaced article's old words no longer match"
    assert [hit.title for hit in index.search(SearchRequest("fisheries")).hits] == ["Security talks"]
    assert index.search(SearchRequest("rice")).total == 2


def without_time(result):
    return {key: value for key, value in result.to_json().items() if key != "seconds"}


def test_older_index_without_rank_files_still_searches_the_same(corpus, tmp_path, caplog):
    reindex([corpus], tmp_path / "reference", jobs=1, progress=False)
    expected = without_time(IndexHandle(tmp_path / "reference").get().search(SearchRequest("rice japan")))
    root = tmp_path / "index"
    reindex([corpus], root, jobs=1, progress=False)
    generation = IndexStore(root).current()
    for name in rank_files(generation):
        (generation / name).unlink()
    with caplog.at_level(logging.WARNING):
        got = without_time(IndexHandle(root).get().search(SearchRequest("rice japan")))
    assert got == expected
    assert "newsdex reindex" in caplog.text, "the log says how to store them"


@pytest.mark.parametrize("damage", ["truncate ids", "bad json", "wrong document count"])
def test_damaged_rank_files_are_ignored_with_a_warning(corpus, tmp_path, caplog, damage):
    reindex([corpus], tmp_path / "reference", jobs=1, progress=False)
    expected = without_time(IndexHandle(tmp_path / "reference").get().search(SearchRequest("rice")))
    root = tmp_path / "index"
    reindex([corpus], root, jobs=1, progress=False)
    generation = IndexStore(root).current()
    stem = next(generation / name[:-len(".rank.json")] for name in rank_files(generation) if name.endswith(".json"))
    meta_path = generation / (stem.name + ".rank.json")
    if damage == "truncate ids":
        os.truncate(str(stem) + ".rank-ids", 4)
    elif damage == "bad json":
        meta_path.write_text("{not json", encoding="utf-8")
    else:
        meta = json.loads(meta_path.read_text("utf-8"))
        meta["doc_count"] += 1
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        got = without_time(IndexHandle(root).get().search(SearchRequest("rice")))
    assert got == expected
    assert "damaged rank postings" in caplog.text


def test_write_segments_skips_written_segments_and_removes_stale_files(corpus, tmp_path):
    root = tmp_path / "index"
    reindex([corpus], root, jobs=1, progress=False)
    generation = IndexStore(root).current()
    (generation / "MAIN_gone0000.rank-ids").write_bytes(b"")
    reader = whoosh.index.open_dir(str(generation)).reader()
    assert write_segments(generation, reader) == 0
    assert not (generation / "MAIN_gone0000.rank-ids").exists()


def test_top_indices_orders_as_heapq_nlargest():
    rng = random.Random(7)
    for size in (0, 1, 5, 50, 400):
        values = [float(rng.choice([0.5, 1.0, 2.0, rng.random()])) for _ in range(size)]
        for k in (0, 1, 3, 10, 1000):
            expected = [i for i, _ in heapq.nlargest(k, enumerate(values), key=lambda item: item[1])]
            assert top_indices(np.array(values), k).tolist() == expected, (size, k)


def test_searches_read_the_stored_files_not_whoosh(corpus, tmp_path, monkeypatch):
    """Plain text, and words inside syntax (AND, NOT: an unscored context), all score from the rank files."""
    root = tmp_path / "index"
    reindex([corpus], root, jobs=1, progress=False)

    def refuse(reader):
        raise AssertionError("read the postings out of Whoosh although the rank files exist")

    monkeypatch.setattr(SegmentPostings, "from_reader", refuse)
    index = IndexHandle(root).get()
    assert index.search(SearchRequest("vietnam rice")).total == 2
    assert [hit.title for hit in index.search(SearchRequest("rice NOT japan")).hits] == ["Rice exports rise"]
    assert index.search(SearchRequest("rice AND japan")).total == 1


def test_incremental_rewrites_damaged_files_without_touching_the_live_generation(corpus, tmp_path):
    root = tmp_path / "index"
    reindex([corpus], root, jobs=1, progress=False)
    first = IndexStore(root).current()
    meta = next(first / name for name in rank_files(first) if name.endswith(".rank.json"))
    meta.write_text("{damaged", encoding="utf-8")
    ids_file = meta.with_name(meta.name.replace(".rank.json", ".rank-ids"))
    before = ids_file.read_bytes()
    write_stories(corpus, "c.jsonl", [{"title": "New story", "text": "Fisheries talks."}])
    reindex([corpus], root, incremental=True, jobs=1, progress=False)
    second = IndexStore(root).current()
    assert meta.read_text("utf-8") == "{damaged" and ids_file.read_bytes() == before, "live files untouched"
    for segment in segment_readers(second):
        assert SegmentPostings.load(second, segment) is not None, "every segment readable again"


def test_scores_after_an_incremental_switch_are_those_of_the_new_index(tmp_path):
    """An unchanged segment of a new generation must not reuse scores from the old one (idf has moved)."""
    filler = [{"title": f"Filler {n}", "text": f"Story number {n} about harbours and ships."} for n in range(60)]
    write_stories(tmp_path / "corpus", "a.jsonl", [*filler, {"title": "Rice", "text": "Rice harvest grows."}])
    root = tmp_path / "index"
    reindex([tmp_path / "corpus"], root, jobs=1, progress=False)
    before = {hit.id: hit.score for hit in IndexHandle(root).get().search(SearchRequest("rice harbours")).hits}
    more = [{"title": "Rice again", "text": f"Rice talk {n}."} for n in range(5)]
    write_stories(tmp_path / "corpus", "b.jsonl", more)
    reindex([tmp_path / "corpus"], root, incremental=True, jobs=1, progress=False)
    assert len(segment_readers(IndexStore(root).current())) == 2, "the first segment was kept as it was"
    after = {hit.id: hit.score
             for hit in IndexHandle(root).get().search(SearchRequest("rice harbours", page_size=100)).hits}
    reindex([tmp_path / "corpus"], tmp_path / "fresh", jobs=1, progress=False)
    fresh = {hit.id: hit.score for hit in IndexHandle(tmp_path / "fresh").get().search(SearchRequest("rice harbours",
                                                                                     page_size=100)).hits}
    assert after.keys() == fresh.keys()
    assert all(abs(after[key] - fresh[key]) < 1e-9 for key in fresh)
    assert any(abs(before[key] - after[key]) > 1e-6 for key in before), "the scores did move"

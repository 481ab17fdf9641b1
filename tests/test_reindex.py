import json
import os
import threading

import pytest

from indexer.reindex import EXIT_OK, EXIT_SOME_FILES_FAILED, reindex
from indexer.search import IndexHandle
from indexer.store import IndexStore, ReindexRunning


def titles(root, q=""):
    index = IndexHandle(root).get()
    return sorted(hit.title for hit in index.search(q, page_size=100).hits)


def test_full_reindex_report_and_entities(vna_corpus, tmp_path):
    report = reindex([vna_corpus], tmp_path / "index", jobs=1, progress=False)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (2, 0, 0, 0)
    assert report.articles == 2 and report.failed == [] and report.exit_status == EXIT_OK
    result = IndexHandle(tmp_path / "index").get().search("Kishida")
    assert result.total == 2
    for hit in result.hits:
        assert {"Japan", "Vietnam"} <= set(hit.countries)
        assert "Fumio Kishida" in hit.persons, "Kishida Fumio is merged into Fumio Kishida"


def test_bad_files_are_reported_and_skipped_never_fatal(vna_corpus, tmp_path):
    (vna_corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (vna_corpus / "empty.json").write_text("")
    (vna_corpus / "notes.md").write_text("# not an article format")
    report = reindex([vna_corpus], tmp_path / "index", jobs=1, progress=False)
    assert report.articles == 2
    failed = dict(report.failed)
    assert "binary" in failed[str(vna_corpus / "binary.txt")]
    assert "empty" in failed[str(vna_corpus / "empty.json")]
    assert report.skipped == [(str(vna_corpus / "notes.md"), "unsupported file type '.md'")]
    assert report.exit_status == EXIT_SOME_FILES_FAILED


def test_parallel_jobs_index_the_same_articles(vna_corpus, tmp_path):
    for n in range(6):
        (vna_corpus / f"extra{n}.txt").write_text(f"Extra story {n}\nJapan and Vietnam sign deal number {n}.\n")
    reindex([vna_corpus], tmp_path / "serial", jobs=1, progress=False)
    reindex([vna_corpus], tmp_path / "parallel", jobs=2, progress=False)
    assert titles(tmp_path / "serial") == titles(tmp_path / "parallel")
    assert len(titles(tmp_path / "parallel")) == 8


def test_incremental_adds_updates_deletes_and_skips_unchanged(vna_corpus, tmp_path):
    root = tmp_path / "index"
    reindex([vna_corpus], root, jobs=1, progress=False)
    again = reindex([vna_corpus], root, incremental=True, jobs=1, progress=False)
    assert (again.added, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 2)

    (vna_corpus / "new.txt").write_text("A new story\nAbout trade between Japan and Vietnam.\n")
    (vna_corpus / "parliamentary-friendship.txt").write_text("Rewritten headline\nNew body text.\n")
    (vna_corpus / "vietnam-japan-leaders.txt").unlink()
    report = reindex([vna_corpus], root, incremental=True, jobs=1, progress=False)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (1, 1, 1, 0)
    assert titles(root) == ["A new story", "Rewritten headline"]


def test_incremental_keeps_a_file_that_broke_since(vna_corpus, tmp_path):
    root = tmp_path / "index"
    reindex([vna_corpus], root, jobs=1, progress=False)
    (vna_corpus / "parliamentary-friendship.txt").write_bytes(b"\x00\x01\x02" * 100)
    report = reindex([vna_corpus], root, incremental=True, jobs=1, progress=False)
    assert len(report.failed) == 1 and report.exit_status == EXIT_SOME_FILES_FAILED
    assert len(titles(root)) == 2, "the last good version of a broken file stays searchable"


def test_switch_is_atomic_and_old_generation_kept_until_next(vna_corpus, tmp_path):
    root = tmp_path / "index"
    reindex([vna_corpus], root, jobs=1, progress=False)
    store = IndexStore(root)
    first = store.current()
    handle = IndexHandle(root)
    before = handle.get()
    reindex([vna_corpus], root, jobs=1, progress=False)
    second = store.current()
    assert second != first and first.exists(), "the replaced generation survives one switch"
    assert before.search("Kishida").total == 2, "an already open index keeps answering"
    assert handle.get().generation == second, "the handle picks up the new generation"
    reindex([vna_corpus], root, jobs=1, progress=False)
    assert not first.exists()
    assert sorted(p.name for p in store.generations.iterdir()) == sorted(
        {store.current().name, second.name})


def test_searches_during_a_reindex_never_fail(vna_corpus, tmp_path):
    root = tmp_path / "index"
    reindex([vna_corpus], root, jobs=1, progress=False)
    for n in range(40):
        (vna_corpus / f"extra{n}.txt").write_text(f"Extra {n}\nKishida visits Vietnam again, part {n}.\n")
    handle = IndexHandle(root)
    errors, totals, done = [], [], threading.Event()

    def search_loop():
        while not done.is_set():
            try:
                totals.append(handle.get().search("Kishida").total)
            except Exception as exc:  # noqa: BLE001 - the test collects every failure
                errors.append(exc)

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        for _ in range(3):
            reindex([vna_corpus], root, jobs=1, progress=False)
    finally:
        done.set()
        thread.join()
    assert errors == []
    assert set(totals) <= {2, 42} and totals, "every search saw a complete index, old or new"
    assert handle.get().search("Kishida").total == 42


def test_second_reindex_while_one_runs_is_refused(vna_corpus, tmp_path):
    root = tmp_path / "index"
    store = IndexStore(root)
    with store.reindex_lock():
        with pytest.raises(ReindexRunning, match="another reindex"):
            reindex([vna_corpus], root, jobs=1, progress=False)
    assert reindex([vna_corpus], root, jobs=1, progress=False).articles == 2


def test_failed_build_leaves_live_index_untouched(vna_corpus, tmp_path, monkeypatch):
    root = tmp_path / "index"
    reindex([vna_corpus], root, jobs=1, progress=False)
    live = IndexStore(root).current()

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("indexer.store.IndexStore.switch_to", explode)
    with pytest.raises(RuntimeError):
        reindex([vna_corpus], root, jobs=1, progress=False)
    assert IndexStore(root).current() == live
    assert [p for p in IndexStore(root).generations.iterdir()] == [live], "the half-built one is removed"
    assert IndexHandle(root).get().search("Kishida").total == 2


def test_manifest_records_every_file(vna_corpus, tmp_path):
    root = tmp_path / "index"
    (vna_corpus / "broken.json").write_text("{")
    reindex([vna_corpus], root, jobs=1, progress=False)
    manifest = json.loads((IndexStore(root).current() / "manifest.json").read_text())
    assert set(manifest["files"]) == {str(p) for p in vna_corpus.iterdir()}
    assert manifest["files"][str(vna_corpus / "broken.json")]["skipped"].startswith("invalid JSON")


def test_unwritable_index_directory_is_an_error(vna_corpus, tmp_path):
    if os.geteuid() == 0:
        target = "/proc/newsdex-cannot-write-here"
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = str(locked / "index")
    with pytest.raises(OSError):
        reindex([vna_corpus], target, jobs=1, progress=False)


def test_missing_path_is_reported(tmp_path):
    report = reindex([tmp_path / "nowhere"], tmp_path / "index", jobs=1, progress=False)
    assert report.failed == [(str(tmp_path / "nowhere"), "no such file or directory")]
    assert report.articles == 0


def test_a_file_reached_by_several_paths_is_indexed_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text("Rice exports rise\nVietnam shipped more rice.\n", encoding="utf-8")
    os.symlink("story.txt", corpus / "a-link-sorted-first.txt")
    os.link(corpus / "story.txt", corpus / "z-hard-link.txt")
    report = reindex([corpus], tmp_path / "index", jobs=1, progress=False)
    assert report.articles == 1 and report.exit_status == EXIT_OK
    reasons = {os.path.basename(path): reason for path, reason in report.skipped}
    assert reasons == {"a-link-sorted-first.txt": f"same file as {corpus / 'story.txt'}",
                       "z-hard-link.txt": f"same file as {corpus / 'story.txt'}"}, "the real path is kept"
    assert [hit.title for hit in IndexHandle(tmp_path / "index").get().search("rice").hits] == ["Rice exports rise"]


def test_incremental_drops_an_indexed_path_that_became_a_second_path(tmp_path):
    outside, corpus = tmp_path / "outside", tmp_path / "corpus"
    outside.mkdir()
    corpus.mkdir()
    (outside / "story.txt").write_text("Rice exports rise\nVietnam shipped more rice.\n", encoding="utf-8")
    os.symlink(outside / "story.txt", corpus / "linked.txt")
    root = tmp_path / "index"
    assert reindex([corpus], root, jobs=1, progress=False).articles == 1  # the link is the only path
    report = reindex([corpus, outside], root, incremental=True, jobs=1, progress=False)
    assert report.deleted == 1 and report.added == 1 and report.articles == 1
    assert titles(root, "rice") == ["Rice exports rise"]

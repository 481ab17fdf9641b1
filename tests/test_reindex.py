import json
import logging
import os
import re
import threading
import time

import pytest
from helpers import ONLINE_TALKS_SEED, TALKS_SEED

from indexer.index import reindex as reindexing
from indexer.index.analysis_version import analysis_version
from indexer.index.reindex import EXIT_OK, EXIT_SOME_FILES_FAILED, NothingToIndex, reindex
from indexer.index.store import INDEX_FORMAT, IndexStore, ReindexRunning, StaleIndex
from indexer.search import IndexHandle, SearchRequest


def titles(root, q=""):
    index = IndexHandle(root).get()
    return sorted(hit.title for hit in index.search(SearchRequest(q, page_size=100)).hits)


def test_full_reindex_report_and_entities(vna_corpus, tmp_path):
    report = reindex([vna_corpus], tmp_path / "index", jobs=1, progress=False)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (2, 0, 0, 0)
    assert report.articles == 2 and report.failed == [] and report.exit_status == EXIT_OK
    result = IndexHandle(tmp_path / "index").get().search(SearchRequest("Kishida"))
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
    (vna_corpus / ONLINE_TALKS_SEED).write_text("Rewritten headline\nNew body text.\n")
    (vna_corpus / TALKS_SEED).unlink()
    report = reindex([vna_corpus], root, incremental=True, jobs=1, progress=False)
    assert (report.added, report.updated, report.deleted, report.unchanged) == (1, 1, 1, 0)
    assert titles(root) == ["A new story", "Rewritten headline"]


def test_incremental_reads_every_file_again_after_the_readers_or_analysis_changed(vna_corpus, tmp_path,
                                                                                   monkeypatch):
    root = tmp_path / "index"
    reindex([vna_corpus], root, jobs=1, progress=False)
    monkeypatch.setattr(reindexing, "analysis_version", lambda: "another-version")
    report = reindex([vna_corpus], root, incremental=True, jobs=1, progress=False)
    assert (report.added, report.unchanged) == (2, 0), "the articles as the old readers read them are not kept"
    assert [warning for _, warning in report.warnings] == [reindexing.READ_AGAIN]
    again = reindex([vna_corpus], root, incremental=True, jobs=1, progress=False)
    assert (again.added, again.unchanged, again.warnings) == (0, 2, []), "the new version is recorded"
    assert IndexHandle(root).get().search(SearchRequest("Kishida")).total == 2


ERROR_PAGE = ("<html><head><title>404 - Page not found</title></head><body><h1>Page not found</h1>"
              "<p>The page you asked for has moved or never was; try the search box above or the home page.</p>"
              "</body></html>")


def test_files_that_are_not_articles_are_skipped_with_the_reason_and_do_not_fail_the_run(vna_corpus, tmp_path):
    (vna_corpus / "gone.html").write_text(ERROR_PAGE, encoding="utf-8")
    (vna_corpus / "names.txt").write_text("alfonsin\namato\nbaker\nbrodersohn\nvolcker\n", encoding="utf-8")
    report = reindex([vna_corpus], tmp_path / "index", jobs=1, progress=False)
    assert (report.added, report.articles, report.failed, report.exit_status) == (2, 2, [], EXIT_OK)
    assert dict(report.skipped) == {
        str(vna_corpus / "gone.html"): "not an article: error page (page not found)",
        str(vna_corpus / "names.txt"): "not an article: 5 lines of at most 3 words each and no sentence "
                                       "(a list of words or codes)"}
    (vna_corpus / "broken.json").write_text("{not json", encoding="utf-8")
    report = reindex([vna_corpus], tmp_path / "index", jobs=1, progress=False)
    assert [path for path, _ in report.failed] == [str(vna_corpus / "broken.json")], "a broken file still fails"
    assert len(report.skipped) == 2 and report.exit_status == EXIT_SOME_FILES_FAILED


def test_an_unchanged_file_that_is_not_an_article_is_not_read_again(vna_corpus, tmp_path, monkeypatch):
    root = tmp_path / "index"
    (vna_corpus / "gone.html").write_text(ERROR_PAGE, encoding="utf-8")
    (vna_corpus / "names.txt").write_text("alfonsin\namato\nbaker\nbrodersohn\nvolcker\n", encoding="utf-8")
    (vna_corpus / "broken.json").write_text("{not json", encoding="utf-8")
    first = reindex([vna_corpus], root, jobs=1, progress=False)
    read = []
    process_file = reindexing.process_file
    monkeypatch.setattr(reindexing, "process_file", lambda path, *rest: read.append(path) or process_file(path, *rest))
    again = reindex([vna_corpus], root, incremental=True, jobs=1, progress=False)
    assert read == [str(vna_corpus / "broken.json")], "only the file that failed is read again"
    assert dict(again.skipped) == dict(first.skipped) and len(again.skipped) == 2
    assert [path for path, _ in again.failed] == [str(vna_corpus / "broken.json")]
    assert (again.unchanged, again.articles) == (2, 2)

    (vna_corpus / "names.txt").write_text("A list no more\nIt is a story about trade with Japan.\n", encoding="utf-8")
    read.clear()
    changed = reindex([vna_corpus], root, incremental=True, jobs=1, progress=False)
    assert sorted(read) == [str(vna_corpus / "broken.json"), str(vna_corpus / "names.txt")]
    assert [path for path, _ in changed.skipped] == [str(vna_corpus / "gone.html")]
    assert (changed.added, changed.articles) == (1, 3)


def test_an_article_that_turns_into_a_page_that_is_no_article_keeps_its_indexed_version(vna_corpus, tmp_path):
    root = tmp_path / "index"
    reindex([vna_corpus], root, jobs=1, progress=False)
    (vna_corpus / TALKS_SEED).write_text("alfonsin\namato\nbaker\nbrodersohn\nvolcker\n")  # a wrong copy over it
    report = reindex([vna_corpus], root, incremental=True, jobs=1, progress=False)
    assert [path for path, _ in report.skipped] == [str(vna_corpus / TALKS_SEED)]
    assert (str(vna_corpus / TALKS_SEED), "kept the previously indexed version") in report.warnings
    assert report.articles == 2 and report.exit_status == EXIT_OK


def test_incremental_keeps_a_file_that_broke_since(vna_corpus, tmp_path):
    root = tmp_path / "index"
    reindex([vna_corpus], root, jobs=1, progress=False)
    (vna_corpus / ONLINE_TALKS_SEED).write_bytes(b"\x00\x01\x02" * 100)
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
    assert before.search(SearchRequest("Kishida")).total == 2, "an already open index keeps answering"
    assert handle.get().generation == second, "the handle picks up the new generation"
    reindex([vna_corpus], root, jobs=1, progress=False)
    assert not first.exists()
    assert sorted(p.name for p in store.generations.iterdir()) == sorted(
        {store.current().name, second.name})


def test_segments_are_written_as_separate_files_not_compound(vna_corpus, tmp_path):
    """A compound segment is read by copying its postings into memory once per searcher (one per
    server thread); separate files are read through the page cache that threads and processes share."""
    root = tmp_path / "index"
    reindex([vna_corpus], root, jobs=1, progress=False)
    (vna_corpus / "extra.txt").write_text("Extra story\nJapan and Vietnam sign a deal.\n")
    reindex([vna_corpus], root, incremental=True, jobs=1, progress=False)
    names = [path.name for path in IndexStore(root).current().iterdir()]
    assert not [name for name in names if name.endswith(".seg")]
    assert [name for name in names if name.endswith(".pst")] and [name for name in names if name.endswith(".trm")]


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
                totals.append(handle.get().search(SearchRequest("Kishida")).total)
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
    assert handle.get().search(SearchRequest("Kishida")).total == 42


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

    monkeypatch.setattr("indexer.index.store.IndexStore.switch_to", explode)
    with pytest.raises(RuntimeError):
        reindex([vna_corpus], root, jobs=1, progress=False)
    assert IndexStore(root).current() == live
    assert [p for p in IndexStore(root).generations.iterdir()] == [live], "the half-built one is removed"
    assert IndexHandle(root).get().search(SearchRequest("Kishida")).total == 2


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


def test_missing_path_is_reported_when_an_empty_index_is_allowed(tmp_path):
    report = reindex([tmp_path / "nowhere"], tmp_path / "index", jobs=1, progress=False, allow_empty=True)
    assert report.missing == [str(tmp_path / "nowhere")]
    assert report.articles == 0 and report.exit_status == EXIT_SOME_FILES_FAILED
    assert IndexStore(tmp_path / "index").article_count() == 0


def test_a_reindex_of_missing_paths_is_refused_and_the_live_index_kept(vna_index, tmp_path):
    live = IndexStore(vna_index).current()
    missing = [tmp_path / "no-such-dir", tmp_path / "typo"]
    with pytest.raises(NothingToIndex) as refused:
        reindex(missing, vna_index, jobs=1, progress=False)
    message = str(refused.value)
    assert all(str(path) in message for path in missing)
    assert "2 articles" in message and "unchanged" in message
    assert refused.value.live_articles == 2
    assert IndexStore(vna_index).current() == live
    assert list(IndexStore(vna_index).generations.iterdir()) == [live], "no generation was started"
    assert IndexHandle(vna_index).get().search(SearchRequest("Kishida")).total == 2


def test_a_reindex_that_reads_no_article_is_refused(vna_index, tmp_path):
    live = IndexStore(vna_index).current()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "empty.json").write_text("")
    (broken / "notes.md").write_text("not an article format")
    with pytest.raises(NothingToIndex, match="no article found in 1 file") as refused:
        reindex([broken], vna_index, jobs=1, progress=False)
    assert refused.value.report.failed[0][0] == str(broken / "empty.json")
    assert IndexStore(vna_index).current() == live
    assert list(IndexStore(vna_index).generations.iterdir()) == [live], "the empty generation was removed"
    assert IndexHandle(vna_index).get().search(SearchRequest("Kishida")).total == 2


def test_an_incremental_reindex_deleting_every_article_is_refused(vna_corpus, vna_index):
    for path in vna_corpus.iterdir():
        path.unlink()
    with pytest.raises(NothingToIndex):
        reindex([vna_corpus], vna_index, incremental=True, jobs=1, progress=False)
    assert IndexStore(vna_index).article_count() == 2
    report = reindex([vna_corpus], vna_index, incremental=True, jobs=1, progress=False, allow_empty=True)
    assert report.deleted == 2 and IndexStore(vna_index).article_count() == 0


def test_a_first_reindex_of_nothing_creates_no_index(tmp_path):
    with pytest.raises(NothingToIndex, match="no index was created"):
        reindex([tmp_path / "nowhere"], tmp_path / "index", jobs=1, progress=False)
    assert not IndexStore(tmp_path / "index").exists()


def test_allow_empty_switches_to_an_empty_index(vna_index, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    report = reindex([empty], vna_index, jobs=1, progress=False, allow_empty=True)
    assert report.articles == 0 and report.exit_status == EXIT_OK
    assert IndexHandle(vna_index).get().search(SearchRequest("")).total == 0


def test_a_missing_path_beside_a_real_one_is_reported_and_the_rest_indexed(vna_corpus, tmp_path):
    report = reindex([vna_corpus, tmp_path / "typo"], tmp_path / "index", jobs=1, progress=False)
    assert report.articles == 2 and report.added == 2
    assert report.missing == [str(tmp_path / "typo")] and report.failed == []
    assert report.exit_status == EXIT_SOME_FILES_FAILED
    assert report.to_dict()["missing"] == [str(tmp_path / "typo")]


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
    hits = IndexHandle(tmp_path / "index").get().search(SearchRequest("rice")).hits
    assert [hit.title for hit in hits] == ["Rice exports rise"]


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


STAGE_LINE = re.compile(r"^\[(\d)/(\d)\] ([a-z ]+)")


def stage_log(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "newsdex.reindex"]


def test_the_progress_log_covers_every_stage_in_order(vna_corpus, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="newsdex.reindex")
    reindex([vna_corpus], tmp_path / "index", jobs=1, progress=False)
    lines = stage_log(caplog)
    started = [STAGE_LINE.match(line).groups() for line in lines if STAGE_LINE.match(line)]
    names = list(dict.fromkeys(name.strip() for _, _, name in started))
    assert names == ["reading and analysing files", "committing the index", "writing rank postings",
                     "writing the people list and facet arrays", "switching to the new index"]
    assert {total for _, total, _ in started} == {"5"}
    files_done = next(i for i, line in enumerate(lines) if "2/2 files, 2 articles" in line)
    first_tail = next(i for i, line in enumerate(lines) if line.startswith("[2/5]"))
    assert files_done < first_tail, "the file stage reaches its total before the tail stages start"
    assert lines[-1].startswith("[5/5] switching to the new index: done in ")
    assert not any("left" in line for line in lines[files_done:]), "no ETA where none can be honest"


def test_a_long_tail_stage_keeps_logging(vna_corpus, tmp_path, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="newsdex.reindex")
    monkeypatch.setattr(reindexing._Progress, "LOG_EVERY_SECONDS", 0.05)
    original = reindexing.write_segments

    def slow_write_segments(*args, **kwargs):
        time.sleep(0.4)
        return original(*args, **kwargs)

    monkeypatch.setattr(reindexing, "write_segments", slow_write_segments)
    reindex([vna_corpus], tmp_path / "index", jobs=1, progress=False)
    assert any(re.match(r"\[3/5\] writing rank postings: \d+ s so far", line) for line in stage_log(caplog))


def test_the_terminal_bar_shows_every_stage(vna_corpus, tmp_path, capsys):
    reindex([vna_corpus], tmp_path / "index", jobs=1, progress=True)
    err = capsys.readouterr().err
    positions = [err.rfind(name) for name in ("reading and analysing files", "committing the index",
                                              "writing rank postings", "writing the people list and facet arrays",
                                              "switching to the new index")]
    assert -1 not in positions and positions == sorted(positions), err


def test_time_left_in_the_file_stage_is_by_bytes_not_file_count(tmp_path, caplog, monkeypatch):
    """Nine small files read in 10 s and one as large as all of them times a hundred: not "1 s left"."""
    caplog.set_level(logging.INFO, logger="newsdex.reindex")
    small = [tmp_path / f"small{n}.txt" for n in range(9)]
    for path in small:
        path.write_bytes(b"x" * 100)
    large = tmp_path / "large.txt"
    large.write_bytes(b"x" * 90_000)
    clock = [0.0]
    monkeypatch.setattr(reindexing.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(reindexing._Progress, "LOG_EVERY_SECONDS", 9.9)
    progress = reindexing._Progress(enabled=False)
    with progress.stage(reindexing.READING, files=[str(path) for path in [*small, large]]):
        for _ in small:
            clock[0] += 10 / len(small)
            progress.advance(1, 100)
    eta = [line for line in stage_log(caplog) if "left in this stage" in line]
    assert len(eta) == 1 and "9/10 files" in eta[0], stage_log(caplog)
    assert "about 1000 s left" in eta[0], eta[0]


def test_an_index_of_another_format_is_refused_with_how_to_rebuild_it(vna_corpus, tmp_path):
    root = tmp_path / "index"
    reindex([vna_corpus], root, jobs=1, progress=False)
    store = IndexStore(root)
    assert json.loads((store.current() / "format.json").read_text()) == {"format": INDEX_FORMAT,
                                                                          "analysis": analysis_version()}
    (store.current() / "format.json").unlink()  # as an index written before the format was recorded
    with pytest.raises(StaleIndex, match=rf"index format 1; this version reads format {INDEX_FORMAT}\): "
                                         r"rebuild it with `newsdex reindex DIR`"):
        IndexHandle(root).get()
    assert store.article_count() is None, "an index it cannot read holds no article it can count"
    report = reindex([vna_corpus], root, incremental=True, jobs=1, progress=False)
    assert (report.added, report.unchanged) == (2, 0), "the stale index is not built upon: every file is read"
    assert any("reading every file again" in warning for _, warning in report.warnings)
    assert IndexHandle(root).get().search(SearchRequest("Kishida")).total == 2


def test_a_firm_named_after_people_is_no_person_across_the_archive(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # Two stories write "Merrill Lynch" as a firm's name; the third names it alone, as a story
    # does once the firm has been given in full, and would make it a person on its own.
    (corpus / "a.txt").write_text("Merrill Lynch profits rise\nMerrill Lynch and Co said profits rose.\n")
    (corpus / "b.txt").write_text("Brokers gain\nShares of Merrill Lynch and Co gained on Monday.\n")
    (corpus / "c.txt").write_text("Bonds fall\nBonds fell, said Merrill Lynch. Mary Walsh, a trader, agreed.\n")
    root = tmp_path / "index"
    reindex([corpus], root, jobs=1, progress=False)
    index = IndexHandle(root).get()
    result = index.search(SearchRequest("bonds"))
    assert result.hits[0].persons == ["Mary Walsh"]
    assert dict(index.search(SearchRequest("")).facets["person"]) == {"Mary Walsh": 1}
    assert index.search(SearchRequest("", filters={"person": ["Merrill Lynch"]})).total == 0

    # The firm's own stories gone, an incremental run reads back what the archive still holds:
    # one story naming "Merrill Lynch" the way it names people.
    (corpus / "a.txt").unlink()
    (corpus / "b.txt").unlink()
    reindex([corpus], root, incremental=True, jobs=1, progress=False)
    persons = dict(IndexHandle(root).get().search(SearchRequest("")).facets["person"])
    assert persons == {"Mary Walsh": 1, "Merrill Lynch": 1}

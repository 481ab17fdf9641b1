"""Crashes and concurrent reindexes: SIGKILL at every stage of a reindex, and two reindexes at once.

The reindex runs as a real subprocess (``python -m indexer.cli reindex``) through a small wrapper
script written here: it patches one function of the reindex to write a marker file and wait at a
chosen point, so the kill lands exactly there. Each time the previous index still answers with the
same results, and the next reindex succeeds with no manual clean-up.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import textwrap
from pathlib import Path

import pytest
from reliability_support import cli, kill_group, search_ids, start, wait_for, write_text_corpus

from indexer.index.reindex import EXIT_OK, EXIT_REINDEX_RUNNING, reindex
from indexer.index.store import IndexStore, ReindexRunning
from indexer.search import IndexHandle, SearchRequest

V1_ARTICLES = 150
V2_EXTRA = 40
QUERIES = ["", "rice", "Hanoi OR Tokyo", "art00007", '"port expansion"', "zephyrine"]

WRAPPER = textwrap.dedent('''
    """Run `newsdex ARGS` with a pause at POINT: write MARKER, then wait for GO (or forever)."""
    import os, sys, time
    from pathlib import Path

    point, marker, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    args = sys.argv[4:]

    def pause():
        marker.write_text(str(os.getpid()))
        deadline = time.monotonic() + 120
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.02)

    import whoosh.writing
    from indexer.index import reindex as r
    from indexer.index import store as s

    if point == "parsing":
        original_apply, calls = r._apply, [0]
        def _apply(*a, **k):
            calls[0] += 1
            if calls[0] == 60:
                pause()
            return original_apply(*a, **k)
        r._apply = _apply
    elif point == "worker-busy":  # a worker stuck on one file when the parent dies
        original_process = r.process_file
        def process_file(path, *a, **k):
            if path.endswith("story-00005.txt"):
                pause()
            return original_process(path, *a, **k)
        r.process_file = process_file
    elif point in ("writing-segment", "writing-toc"):
        name = "_assemble_segment" if point == "writing-segment" else "_commit_toc"
        original_write = getattr(whoosh.writing.SegmentWriter, name)
        def write(self, *a, **k):
            pause()
            return original_write(self, *a, **k)
        setattr(whoosh.writing.SegmentWriter, name, write)
    elif point == "metadata":
        original_json = s.IndexStore.write_json
        def write_json(self, generation, name, data):
            if name == s.MANIFEST:
                pause()
            return original_json(self, generation, name, data)
        s.IndexStore.write_json = write_json
    elif point == "before-switch":
        original_switch = s.IndexStore.switch_to
        def switch_to(self, generation):
            pause()
            return original_switch(self, generation)
        s.IndexStore.switch_to = switch_to
    elif point in ("mid-switch", "after-current"):
        original_point = s.IndexStore._point
        def _point(self, link, target):
            if point == "mid-switch" and link.name == "current":
                tmp = link.with_name(link.name + ".tmp")
                os.symlink(os.path.relpath(target, self.root), tmp)
                pause()
                os.unlink(tmp)
            if point == "after-current" and link.name == "previous":
                pause()
            return original_point(self, link, target)
        s.IndexStore._point = _point
    elif point != "none":
        raise SystemExit(f"unknown point {point}")

    from indexer.cli import main
    main(args, prog_name="newsdex")
''')


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The index of corpus v1 (copied per test); then the same folder changed in place into v2
    (new articles with a marker word, one rewritten, one deleted) and its index, for reference."""
    base = tmp_path_factory.mktemp("crash")
    corpus = write_text_corpus(base / "corpus", V1_ARTICLES)
    report = reindex([corpus], base / "index-v1", jobs=1, progress=False)
    assert report.articles == V1_ARTICLES and not report.failed
    baseline = {q: search_ids(base / "index-v1", q) for q in QUERIES}
    for n in range(V1_ARTICLES, V1_ARTICLES + V2_EXTRA):
        (corpus / f"new-{n}.txt").write_text(f"Zephyrine report {n}\n\nThe zephyrine cargo art{n:05d} arrived.\n")
    (corpus / "batch3" / "story-00003.txt").write_text("Rewritten story\n\nA rewritten zephyrine article.\n")
    (corpus / "batch4" / "story-00004.txt").unlink()
    reindex([corpus], base / "index-v2", jobs=1, progress=False)
    after = {q: search_ids(base / "index-v2", q) for q in QUERIES}
    assert baseline != after and after["zephyrine"] and not baseline["zephyrine"]
    wrapper = base / "pause_wrapper.py"
    wrapper.write_text(WRAPPER)
    return {"base": base, "v2": corpus, "baseline": baseline, "after": after, "wrapper": wrapper}


def results(root: Path) -> dict[str, list[str]]:
    return {q: search_ids(root, q) for q in QUERIES}


def same_articles(root: Path) -> dict[str, list[str]]:
    """As ``results`` but order-free: an incremental index ranks with other statistics than a full one."""
    return {q: sorted(ids) for q, ids in results(root).items()}


def sorted_results(expected: dict[str, list[str]]) -> dict[str, list[str]]:
    return {q: sorted(ids) for q, ids in expected.items()}


def fresh_index(built, tmp_path) -> Path:
    root = tmp_path / "index"
    shutil.copytree(built["base"] / "index-v1", root, symlinks=True)
    assert results(root) == built["baseline"]
    return root


def paused_reindex(built, tmp_path, point: str, root: Path, *extra: str, jobs: int = 2):
    marker, go = tmp_path / f"marker-{point}", tmp_path / f"go-{point}"
    proc = start([built["wrapper"], point, marker, go, "reindex", built["v2"], "--index", root, "--jobs", str(jobs),
                  *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for(marker.exists, 120, f"the reindex to reach {point}", proc)
    return proc, go


def assert_clean_after_recovery(root: Path) -> None:
    store = IndexStore(root)
    live = {p.resolve() for p in (store.current_link, store.previous_link) if p.is_dir()}
    assert set(p.resolve() for p in store.generations.iterdir()) == live, "abandoned generations are removed"
    assert not list(root.glob("*.tmp")), "no half-made links are left"
    with store.reindex_lock():  # and the lock is free
        pass


# Points where the kill lands before the new index is live: the old one must answer exactly as before.
BEFORE_SWITCH = ["parsing", "writing-segment", "writing-toc", "metadata", "before-switch", "mid-switch"]


@pytest.mark.parametrize("point", BEFORE_SWITCH + ["after-current"])
def test_sigkill_during_a_full_reindex_loses_nothing(built, tmp_path, point):
    root = fresh_index(built, tmp_path)
    already_open = IndexHandle(root).get()
    proc, _ = paused_reindex(built, tmp_path, point, root)
    kill_group(proc)
    assert proc.returncode == -signal.SIGKILL

    expected = built["after"] if point == "after-current" else built["baseline"]
    assert results(root) == expected, "the live index is either the old one or the new one, whole"
    assert [h.id for h in already_open.search(SearchRequest("rice", page_size=1000, snippets=False)).hits] == \
        built["baseline"]["rice"], "a searcher opened before the kill keeps answering"

    # The next reindex needs no manual clean-up: the lock is free and the leftovers go.
    incremental = ("--incremental",) if point in ("writing-toc", "mid-switch") else ()
    again = cli("reindex", built["v2"], "--index", root, "--jobs", "2", *incremental)
    assert again.returncode == EXIT_OK, again.stdout + again.stderr
    if incremental:
        assert same_articles(root) == sorted_results(built["after"])
    else:
        assert results(root) == built["after"]
    assert_clean_after_recovery(root)


def test_sigkill_during_an_incremental_reindex_leaves_the_live_index_untouched(built, tmp_path):
    """An incremental generation starts as hard links to the live one: writing it must not alter the live files."""
    root = fresh_index(built, tmp_path)
    live = IndexStore(root).current()
    before = {p.name: (p.stat().st_size, p.read_bytes()) for p in live.iterdir() if p.is_file()}
    proc, _ = paused_reindex(built, tmp_path, "writing-toc", root, "--incremental")
    kill_group(proc)
    after = {p.name: (p.stat().st_size, p.read_bytes()) for p in live.iterdir() if p.is_file()}
    assert after == before
    assert results(root) == built["baseline"]
    again = cli("reindex", built["v2"], "--index", root, "--jobs", "1", "--incremental")
    assert again.returncode == EXIT_OK, again.stderr
    assert same_articles(root) == sorted_results(built["after"])
    assert_clean_after_recovery(root)


def test_killing_only_the_parent_while_a_worker_is_busy_does_not_keep_the_lock(built, tmp_path):
    """`kill -9 PID` of the reindex alone: an orphaned worker finishing its file must not hold the lock."""
    root = fresh_index(built, tmp_path)
    proc, _ = paused_reindex(built, tmp_path, "worker-busy", root)
    try:
        proc.kill()  # the parent only; the worker paused in its file lives on for now
        proc.wait(timeout=30)
        again = cli("reindex", built["v2"], "--index", root, "--jobs", "1")
        assert again.returncode == EXIT_OK, again.stdout + again.stderr
        assert results(root) == built["after"]
    finally:
        kill_group(proc)  # the orphaned worker, still in the group we started


def test_a_stale_lock_file_from_a_dead_process_does_not_block(built, tmp_path):
    root = fresh_index(built, tmp_path)
    (root / "reindex.lock").write_text("pid 999999, started 2001-01-01 00:00:00\n")
    abandoned = root / "generations" / "20010101-000000-999999-000000"
    abandoned.mkdir()
    (abandoned / "_MAIN_1.toc").write_bytes(b"half written")
    again = cli("reindex", built["v2"], "--index", root, "--jobs", "1")
    assert again.returncode == EXIT_OK, again.stderr
    assert not abandoned.exists()
    assert_clean_after_recovery(root)


def test_two_reindexes_at_once_one_waits_out_with_status_3(built, tmp_path):
    root = fresh_index(built, tmp_path)
    first, go = paused_reindex(built, tmp_path, "before-switch", root)
    try:
        second = cli("reindex", built["v2"], "--index", root, "--jobs", "1")
        assert second.returncode == EXIT_REINDEX_RUNNING, second.stdout + second.stderr
        assert "another reindex" in second.stderr and "is running" in second.stderr
        assert "Traceback" not in second.stderr
        incremental = cli("reindex", built["v2"], "--index", root, "--jobs", "1", "--incremental")
        assert incremental.returncode == EXIT_REINDEX_RUNNING
        with pytest.raises(ReindexRunning):
            reindex([built["v2"]], root, jobs=1, progress=False)
        assert results(root) == built["baseline"], "the refused reindexes changed nothing"
        go.write_text("go")
        out, err = first.communicate(timeout=120)
        assert first.returncode == EXIT_OK, err
    finally:
        kill_group(first)
    assert results(root) == built["after"]
    assert_clean_after_recovery(root)


def test_two_unsynchronised_reindexes_never_corrupt_the_index(built, tmp_path):
    """No pauses: whichever order they land in, each exits 0 or 3 and the index ends up whole."""
    root = fresh_index(built, tmp_path)
    procs = [start(["-m", "indexer.cli", "reindex", built["v2"], "--index", root, "--jobs", "1", *mode],
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for mode in ((), ("--incremental",), ())]
    try:
        statuses = [proc.wait(timeout=120) for proc in procs]
    finally:
        for proc in procs:
            kill_group(proc)
    assert set(statuses) <= {EXIT_OK, EXIT_REINDEX_RUNNING}, statuses
    assert EXIT_OK in statuses
    assert same_articles(root) == sorted_results(built["after"])
    assert_clean_after_recovery(root)

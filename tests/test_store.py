"""The index directory (indexer/index/store.py): where it is, generations and the switch between them,
the reindex lock, the format check. Crashes and concurrent reindexes are in
tests/reliability/test_crash_and_concurrency.py."""

from __future__ import annotations

import fcntl
import json
import os
import re
from pathlib import Path

import pytest
import whoosh.index
from whoosh.fields import ID, Schema

from indexer.index import store
from indexer.index.store import IndexStore, NoIndex, ReindexRunning, StaleIndex, StoreError, check_format


def test_the_default_index_is_named_by_the_environment_else_the_xdg_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NEWSDEX_INDEX", str(tmp_path / "chosen"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert store.default_index_root() == tmp_path / "chosen"
    monkeypatch.setenv("NEWSDEX_INDEX", "")  # set but empty: not a choice
    assert store.default_index_root() == tmp_path / "data" / "newsdex" / "index"
    monkeypatch.delenv("NEWSDEX_INDEX")
    monkeypatch.setenv("XDG_DATA_HOME", "")
    assert store.default_index_root() == tmp_path / "home" / ".local" / "share" / "newsdex" / "index"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert IndexStore().root == tmp_path / "home" / ".local" / "share" / "newsdex" / "index"


def test_the_layout_of_an_index_root(tmp_path):
    index = IndexStore(tmp_path / "root")
    assert (index.generations, index.current_link, index.previous_link) == (
        tmp_path / "root" / "generations", tmp_path / "root" / "current", tmp_path / "root" / "previous")


def test_no_index_yet(tmp_path):
    index = IndexStore(tmp_path)
    assert not index.exists() and index.article_count() is None
    with pytest.raises(NoIndex, match=re.escape(f"no index at {tmp_path}: run `newsdex reindex` first")):
        index.current()
    assert issubclass(NoIndex, StoreError) and issubclass(ReindexRunning, StoreError)
    assert issubclass(StaleIndex, NoIndex), "a stale index is no index to search"


def whoosh_generation(index: IndexStore, ids: list[str], index_format: int | None = store.INDEX_FORMAT) -> Path:
    """A generation holding a Whoosh index of ``ids``, its format.json saying ``index_format`` (None: none)."""
    generation = index.new_generation()
    writer = whoosh.index.create_in(generation, Schema(id=ID(stored=True))).writer()
    for article_id in ids:
        writer.add_document(id=article_id)
    writer.commit()
    if index_format is not None:
        index.write_json(generation, store.FORMAT, {"format": index_format})
    return generation


def test_the_switch_makes_a_generation_live_and_keeps_the_one_it_replaced(tmp_path):
    index = IndexStore(tmp_path)
    first = whoosh_generation(index, ["a", "b"])
    index.switch_to(first)
    assert index.exists() and index.current() == first and not index.previous_link.exists()
    assert index.article_count() == 2
    second = whoosh_generation(index, ["a", "b", "c"])
    index.switch_to(second)
    assert (index.current(), index.previous_link.resolve()) == (second, first)
    assert index.article_count() == 3
    third = whoosh_generation(index, ["a"])
    index.switch_to(third)
    assert (index.current(), index.previous_link.resolve()) == (third, second)
    assert not first.exists(), "the generation before the previous one goes"
    assert sorted(index.generations.iterdir()) == sorted([second, third])
    index.switch_to(third)  # again: it stays live and the previous one stays
    assert (index.current(), index.previous_link.resolve()) == (third, second)
    assert not list(tmp_path.glob("*.tmp"))


def test_links_are_relative_so_the_index_root_can_move(tmp_path):
    index = IndexStore(tmp_path / "old")
    generation = whoosh_generation(index, ["a"])
    index.switch_to(generation)
    assert os.readlink(index.current_link) == os.path.join("generations", generation.name)
    (tmp_path / "old").rename(tmp_path / "new")
    assert IndexStore(tmp_path / "new").current() == tmp_path / "new" / "generations" / generation.name


def test_a_link_left_half_made_by_a_killed_switch_is_replaced(tmp_path):
    index = IndexStore(tmp_path)
    generation = whoosh_generation(index, ["a"])
    os.symlink("generations/gone", tmp_path / "current.tmp")
    index.switch_to(generation)
    assert index.current() == generation and not (tmp_path / "current.tmp").is_symlink()


def test_a_generation_of_another_format_is_stale(tmp_path):
    index = IndexStore(tmp_path / "root")
    generation = whoosh_generation(index, ["a"], index_format=None)  # format 1: written before format.json
    index.switch_to(generation)
    assert index.article_count() is None
    with pytest.raises(StaleIndex) as refused:
        check_format(generation)
    message = str(refused.value)
    assert f"the index at {tmp_path / 'root'} was built by another version of Newsdex" in message
    assert f"(index format 1; this version reads format {store.INDEX_FORMAT})" in message
    assert "`newsdex reindex DIR`" in message
    index.write_json(generation, store.FORMAT, {"format": store.INDEX_FORMAT + 1})
    with pytest.raises(StaleIndex, match=f"index format {store.INDEX_FORMAT + 1};"):
        check_format(generation)
    index.write_json(generation, store.FORMAT, {"format": store.INDEX_FORMAT})
    check_format(generation)
    assert index.article_count() == 1


def test_json_files_of_a_generation(tmp_path):
    index = IndexStore(tmp_path)
    generation = whoosh_generation(index, ["a"])
    index.switch_to(generation)
    index.write_json(generation, store.MANIFEST, {"place": "Đà Nẵng"})
    assert (generation / store.MANIFEST).read_bytes() == '{"place": "Đà Nẵng"}'.encode()
    assert not list(generation.glob("*.tmp"))
    assert index.read_json(store.MANIFEST) == {"place": "Đà Nẵng"}
    other = index.new_generation()
    index.write_json(other, store.MANIFEST, {"n": 2})
    assert index.read_json(store.MANIFEST, other) == {"n": 2}
    assert index.read_json(store.PEOPLE) == {}, "a file not written reads as empty"
    assert (store.MANIFEST, store.PEOPLE, store.FORMAT) == ("manifest.json", "people.json", "format.json")


def test_a_json_write_that_fails_leaves_the_file_it_replaces_whole(tmp_path):
    index = IndexStore(tmp_path)
    generation = index.new_generation()
    index.write_json(generation, store.MANIFEST, {"n": 1})
    with pytest.raises(TypeError):
        index.write_json(generation, store.MANIFEST, {"n": 2, "broken": object()})  # fails part way through
    assert json.loads((generation / store.MANIFEST).read_text("utf-8")) == {"n": 1}


def test_a_new_generation_starts_empty_or_as_hard_links_to_another(tmp_path):
    index = IndexStore(tmp_path)
    source = tmp_path / "source"
    source.mkdir()
    for name in ("_MAIN_1.toc", "MAIN_abc.seg"):
        (source / name).write_bytes(name.encode())
    (source / "MAIN_WRITELOCK").write_bytes(b"")
    (source / "folder").mkdir()
    empty = index.new_generation()
    assert empty.parent == index.generations and list(empty.iterdir()) == []
    assert re.fullmatch(rf"\d{{8}}-\d{{6}}-{os.getpid()}-\d{{6}}", empty.name)
    linked = index.new_generation(copy_from=source)
    assert linked != empty
    assert sorted(p.name for p in linked.iterdir()) == ["MAIN_abc.seg", "_MAIN_1.toc"], "no lock, no folder"
    assert all((linked / name).stat().st_ino == (source / name).stat().st_ino
               for name in ("_MAIN_1.toc", "MAIN_abc.seg"))


def test_discard_removes_a_generation(tmp_path):
    index = IndexStore(tmp_path)
    generation = index.new_generation()
    (generation / "x").write_text("x")
    index.discard(generation)
    assert not generation.exists()
    index.discard(generation)  # already gone: nothing to do


def test_the_lock_names_its_holder_and_refuses_a_second_reindex(tmp_path):
    index = IndexStore(tmp_path / "root")
    assert index.lock_fd is None, "no lock is held before the first reindex"
    with index.reindex_lock():
        pass
    (tmp_path / "root" / "reindex.lock").write_text("pid 999999, started 2001-01-01 00:00:00\n")  # a dead holder's
    with index.reindex_lock():
        holder = (tmp_path / "root" / "reindex.lock").read_text()
        assert re.fullmatch(rf"pid {os.getpid()}, started \d{{4}}-\d{{2}}-\d{{2}} \d{{2}}:\d{{2}}:\d{{2}}\n", holder)
        assert index.lock_fd is not None and os.fstat(index.lock_fd)
        with pytest.raises(ReindexRunning) as refused:
            with IndexStore(tmp_path / "root").reindex_lock():
                pass
        assert str(refused.value) == (f"another reindex of {tmp_path / 'root'} is running ({holder.strip()}); "
                                      "wait for it to finish")
    assert index.lock_fd is None
    with IndexStore(tmp_path / "root").reindex_lock():  # released
        pass


def test_a_lock_held_by_a_process_that_wrote_nothing(tmp_path):
    (tmp_path / "reindex.lock").write_text("")
    with open(tmp_path / "reindex.lock") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(ReindexRunning, match=re.escape("is running (another process);")):
            with IndexStore(tmp_path).reindex_lock():
                pass


def test_taking_the_lock_removes_generations_a_killed_reindex_left(tmp_path):
    index = IndexStore(tmp_path)
    kept = []
    for ids in (["a"], ["b"]):  # one by one: a switch removes generations that are not live yet
        kept.append(whoosh_generation(index, ids))
        index.switch_to(kept[-1])
    abandoned = index.new_generation()
    (abandoned / "_MAIN_1.toc").write_bytes(b"half written")
    with index.reindex_lock():
        assert sorted(index.generations.iterdir()) == sorted(kept)


def test_the_lock_makes_an_index_root_whose_folders_do_not_exist_yet(tmp_path):
    root = tmp_path / "new" / "folders" / "index"
    with IndexStore(root).reindex_lock():
        assert (root / "reindex.lock").is_file()

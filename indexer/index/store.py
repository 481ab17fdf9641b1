"""The index directory: generations of a Whoosh index and an atomic pointer to the live one.

Layout of an index root::

    ROOT/current            symlink to generations/<name>: the index searchers open
    ROOT/previous           symlink to the generation ``current`` replaced, kept until the next switch
    ROOT/generations/<name> a complete Whoosh index, its rank postings (indexer/index/postings.py),
                            its groups of duplicate stories (indexer/index/duplicates.py),
                            manifest.json, people.json and format.json
    ROOT/reindex.lock       held (flock) by the one reindex allowed to run

A reindex builds a new generation beside the live one and then replaces the
``current`` symlink with ``os.replace``, which is atomic on POSIX: a searcher
opens either the old index or the new one, never a half-built one. The kernel
drops a flock when its process dies, so a killed reindex leaves no stale lock.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

import whoosh.index

INDEX_ENV = "NEWSDEX_INDEX"
MANIFEST = "manifest.json"
PEOPLE = "people.json"
FORMAT = "format.json"
# The layout this version reads and writes. Raise it whenever an older index cannot be read as it is
# (the Whoosh schema names the classes of indexer/index/schema.py, so moving one is such a change).
# Generations without format.json are format 1.
INDEX_FORMAT = 4


class StoreError(Exception):
    """Base for index directory problems; the message is meant for the user."""


class NoIndex(StoreError):
    pass


class ReindexRunning(StoreError):
    pass


class StaleIndex(NoIndex):
    """The live index was written by another version of Newsdex: it must be rebuilt, not read."""


def default_index_root() -> Path:
    """``$NEWSDEX_INDEX``, else ``$XDG_DATA_HOME/newsdex/index`` (``~/.local/share/newsdex/index``)."""
    if os.environ.get(INDEX_ENV):
        return Path(os.environ[INDEX_ENV])
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(data_home) / "newsdex" / "index"


class IndexStore:
    def __init__(self, root: str | os.PathLike | None = None):
        self.root = Path(root) if root is not None else default_index_root()
        self.lock_fd: int | None = None  # while the reindex lock is held: worker processes must close it
        self.generations = self.root / "generations"
        self.current_link = self.root / "current"
        self.previous_link = self.root / "previous"

    def exists(self) -> bool:
        return self.current_link.is_dir()

    def current(self) -> Path:
        """The live generation's directory, resolved once so a caller keeps one consistent view."""
        if not self.exists():
            raise NoIndex(f"no index at {self.root}: run `newsdex reindex` first")
        return self.current_link.resolve()

    def article_count(self) -> int | None:
        """How many articles the live index holds; None when there is none it can read."""
        if not self.exists():
            return None
        generation = self.current()
        try:
            check_format(generation)
        except StaleIndex:
            return None
        return whoosh.index.open_dir(generation).doc_count()

    def read_json(self, name: str, generation: Path | None = None) -> dict:
        return read_json_file((generation or self.current()) / name)

    @contextmanager
    def reindex_lock(self):
        """Held for the whole of a reindex; a second one gets ``ReindexRunning`` at once."""
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / "reindex.lock", "a+")
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EACCES):
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise ReindexRunning(f"another reindex of {self.root} is running ({holder}); "
                                         "wait for it to finish") from exc
                raise
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
            handle.flush()
            self.lock_fd = handle.fileno()
            self._remove_abandoned()
            yield
        finally:
            self.lock_fd = None
            handle.close()

    def new_generation(self, copy_from: Path | None = None) -> Path:
        """A fresh generation directory; with ``copy_from``, hard links to that index's files.

        Whoosh never rewrites a segment file once written, so an incremental
        update can start from hard links and still leave the live index untouched.
        """
        self.generations.mkdir(parents=True, exist_ok=True)
        name = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 1_000_000:06d}"
        path = self.generations / name
        path.mkdir()
        if copy_from is not None:
            for item in copy_from.iterdir():
                if item.is_file() and not item.name.endswith("LOCK"):
                    os.link(item, path / item.name)
        return path

    def write_json(self, generation: Path, name: str, data: dict) -> None:
        write_atomically(generation / name, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def switch_to(self, generation: Path) -> None:
        """Make ``generation`` the live index atomically.

        The generation it replaces becomes ``previous`` and survives until the
        next switch, so a server that opened it moments ago can finish its
        requests; the one before that is removed.
        """
        replaced = self.current() if self.exists() else None
        _fsync_dir(generation)
        self._point(self.current_link, generation)
        if replaced is not None and replaced != generation:
            self._point(self.previous_link, replaced)
        self._remove_abandoned()

    def _point(self, link: Path, target: Path) -> None:
        tmp_link = link.with_name(link.name + ".tmp")
        if tmp_link.is_symlink() or tmp_link.exists():
            tmp_link.unlink()
        os.symlink(os.path.relpath(target, self.root), tmp_link)
        os.replace(tmp_link, link)
        _fsync_dir(self.root)

    def discard(self, generation: Path) -> None:
        shutil.rmtree(generation, ignore_errors=True)

    def _remove_abandoned(self) -> None:
        """Generations that are neither current nor previous: replaced, or left by a killed reindex."""
        keep = {link.resolve() for link in (self.current_link, self.previous_link) if link.is_dir()}
        if self.generations.is_dir():
            for path in self.generations.iterdir():
                if path.resolve() not in keep:
                    shutil.rmtree(path, ignore_errors=True)


def check_format(generation: Path) -> None:
    """Raise ``StaleIndex`` unless ``generation`` was written in this version's ``INDEX_FORMAT``."""
    found = read_json_file(generation / FORMAT).get("format", 1)
    if found != INDEX_FORMAT:
        raise StaleIndex(f"the index at {generation.parent.parent} was built by another version of Newsdex "
                         f"(index format {found}; this version reads format {INDEX_FORMAT}): rebuild it with "
                         "`newsdex reindex DIR`")


def read_json_file(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` under a new name, flushed to disk, then rename it to ``path``: a reader sees the old file
    or the whole new one, and a path that is a hard link into the live generation (an incremental build starts
    from links) is replaced, never changed."""
    tmp = Path(path).with_name(Path(path).name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)

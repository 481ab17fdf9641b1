"""Bulk reindex: find files, read and analyse them in parallel, write a new index, switch atomically."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import whoosh.index
from whoosh.filedb.filestore import FileStorage

from indexer.entities import extract_entities, merge_people, prepare
from indexer.index.analysis_version import READ_AGAIN, analysis_version
from indexer.index.duplicates import SignatureSpool, remove_files, signatures, write_groups
from indexer.index.facet_arrays import write_facet_arrays
from indexer.index.postings import write_segments
from indexer.index.schema import build_schema, to_document
from indexer.index.store import FORMAT, INDEX_FORMAT, MANIFEST, PEOPLE, IndexStore, StaleIndex, check_format
from indexer.readers import DEFAULT_MAX_BYTES, NotAnArticle, SkipFile, is_supported, parse_bytes, read_bytes
from indexer.text.counts import counted

log = logging.getLogger("newsdex.reindex")

# Exit statuses of `newsdex reindex`, documented in docs/cli.md.
EXIT_OK = 0
EXIT_SOME_FILES_FAILED = 1
EXIT_USAGE = 2
EXIT_REINDEX_RUNNING = 3
EXIT_FATAL = 4
EXIT_NOTHING_TO_INDEX = 5  # also `newsdex extract` when no file gives an article

WRITER_LIMIT_MB = 256


@dataclass
class FileOutcome:
    """What one worker made of one file: its documents, or the reason it was skipped."""

    path: str
    size: int
    mtime_ns: int
    file_hash: str = ""
    documents: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: str = ""
    not_article: bool = False  # ``skipped`` says why the file is not an article (readers.NotAnArticle)
    signatures: np.ndarray | None = None  # one row per document, to find duplicate stories by (duplicates.py)


@dataclass
class ReindexReport:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    articles: int = 0
    files_seen: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # given paths that do not exist
    # unsupported types, second paths to one file, files that are not articles
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    duplicate_groups: int = 0  # groups of two or more duplicate stories (indexer/index/duplicates.py)
    grouped_articles: int = 0  # the articles in them
    seconds: float = 0.0
    index_dir: str = ""

    def add_unread(self, outcome: FileOutcome) -> None:
        """A file that gave no article: skipped when it is not an article, else failed."""
        (self.skipped if outcome.not_article else self.failed).append((outcome.path, outcome.skipped))

    @property
    def exit_status(self) -> int:
        return EXIT_SOME_FILES_FAILED if self.failed or self.missing else EXIT_OK

    def to_dict(self) -> dict:
        return {
            "added": self.added, "updated": self.updated, "deleted": self.deleted,
            "unchanged": self.unchanged, "articles": self.articles, "files_seen": self.files_seen,
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "missing": self.missing,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "warnings": [{"path": p, "reason": r} for p, r in self.warnings],
            "duplicate_groups": self.duplicate_groups, "grouped_articles": self.grouped_articles,
            "seconds": round(self.seconds, 3), "index": self.index_dir,
        }


class NothingToIndex(Exception):
    """A reindex refused because the index would hold no article: every given path is missing, or
    no file gave an article. Nothing was switched; ``live_articles`` is what the live index still
    holds (None when there is no index). ``reindex(..., allow_empty=True)`` switches anyway."""

    def __init__(self, paths: list[str | os.PathLike], report: ReindexReport, live_articles: int | None):
        self.report = report
        self.live_articles = live_articles
        given = (printable_path(os.path.abspath(os.fspath(path))) for path in paths)
        present = [path for path in given if path not in report.missing]
        if not present:
            what = "nothing to index: " + ", ".join(f"{path}: no such file or directory" for path in report.missing)
        elif not report.files_seen:
            what = f"nothing to index: no supported file in {', '.join(present)}"
        else:
            what = (f"no article found in {counted(report.files_seen, 'file')} under {', '.join(present)} "
                    f"({len(report.failed):,} failed)")
        if live_articles is None:
            kept = f"no index was created at {report.index_dir}"
        else:
            kept = f"the index at {report.index_dir} is unchanged ({counted(live_articles, 'article')})"
        super().__init__(f"{what}; {kept}")


def discover(paths: Iterable[str | os.PathLike], report: ReindexReport) -> list[str]:
    """Every supported file under ``paths``, as absolute paths, each once, in a stable order.

    Symlinked directories are not followed (a link loop cannot trap the walk);
    unreadable directories are reported as failed and missing paths as missing,
    neither fatal. Files no
    reader handles are listed as skipped; hidden files are ignored. A file
    reached by several paths (a symlink to it, a hard link) is indexed once, by
    a path that is not a symlink when there is one; the others are skipped.
    """
    found: dict[str, None] = {}
    for root in paths:
        root = os.path.abspath(os.fspath(root))
        if os.path.isfile(root):
            _found(root, found, report)
            continue
        if not os.path.isdir(root):
            report.missing.append(printable_path(root))
            continue

        def on_error(exc: OSError, root: str = root) -> None:
            report.failed.append((printable_path(exc.filename or root),
                                  f"cannot read directory: {exc.strerror or exc}"))

        for directory, dirnames, filenames in os.walk(root, onerror=on_error):
            dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
            for name in sorted(filenames):
                path = os.path.join(directory, name)
                if name.startswith("."):
                    continue  # hidden files (and folders, above) are ignored, as documented
                if is_supported(path):
                    _found(path, found, report)
                else:
                    report.skipped.append((printable_path(path),
                                           f"unsupported file type {os.path.splitext(name)[1] or '(none)'!r}"))
    return _one_path_per_file(list(found), report)


def _one_path_per_file(paths: list[str], report: ReindexReport) -> list[str]:
    by_file: dict[tuple[int, int], list[str]] = {}
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            continue  # loops and dangling links are reported when they are read
        by_file.setdefault((stat.st_dev, stat.st_ino), []).append(path)
    dropped = set()
    for same in by_file.values():
        if len(same) > 1:
            kept = next((path for path in same if not os.path.islink(path)), same[0])
            for path in same:
                if path != kept:
                    dropped.add(path)
                    report.skipped.append((printable_path(path), f"same file as {printable_path(kept)}"))
    return [path for path in paths if path not in dropped]


def _found(path: str, found: dict[str, None], report: ReindexReport) -> None:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        # Undecodable bytes in a name cannot go into the index, the manifest or the report as they are.
        report.failed.append((printable_path(path), "file name is not valid UTF-8: rename the file to index it"))
        return
    found[path] = None


def printable_path(path: str) -> str:
    """``path`` with any undecodable bytes of its name shown as ``\\xff`` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def process_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES, find_duplicates: bool = True) -> FileOutcome:
    """Read, extract entities and build Whoosh documents for one file (runs in a worker); with
    ``find_duplicates``, also the signatures that duplicate stories are found by."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        return FileOutcome(path, 0, 0, skipped=f"cannot read file: {exc.strerror or exc}")
    outcome = FileOutcome(path, stat.st_size, stat.st_mtime_ns)
    try:
        # Read once: the hash is of exactly the bytes the articles come from.
        data = read_bytes(path, max_bytes)
        outcome.file_hash = hashlib.sha1(data).hexdigest()
        articles = parse_bytes(path, data)
    except SkipFile as exc:
        outcome.skipped = str(exc)
        outcome.not_article = isinstance(exc, NotAnArticle)
        return outcome
    outcome.problems = list(getattr(articles, "problems", []))
    try:
        for article in articles:
            entities = extract_entities(article)
            outcome.documents.append(to_document(article, entities, outcome.file_hash))
    except Exception as exc:  # an analysis bug must cost one file, never the whole run
        outcome.documents = []
        outcome.skipped = f"cannot analyse: {type(exc).__name__}: {exc}"
    if find_duplicates and outcome.documents:
        try:
            outcome.signatures = signatures([(article.title, article.body) for article in articles])
        except Exception as exc:  # never costs an article: the grouping reads it again from the index
            outcome.problems.append(f"duplicate signatures read again after the commit: {type(exc).__name__}: {exc}")
    return outcome


def _process(args: tuple[str, int, bool]) -> FileOutcome:
    return process_file(*args)


def reindex(paths: Iterable[str | os.PathLike], index_root: str | os.PathLike | None = None, *,
            incremental: bool = False, jobs: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
            progress: bool | None = None, allow_empty: bool = False, find_duplicates: bool = True) -> ReindexReport:
    """Index the articles under ``paths`` into the index at ``index_root``.

    A full reindex writes a new index; ``incremental`` starts from the live one
    and touches only new, changed and deleted files. Either way the live index
    is replaced atomically at the end. ``progress``: a bar (True), log lines
    (False), or a bar only on a terminal (None).

    Raises ``NothingToIndex``, with the live index untouched, when every path
    is missing or the new index would hold no article, unless ``allow_empty``;
    ``ReindexRunning`` when another reindex holds the lock; ``OSError`` when
    the index cannot be written. ``find_duplicates=False`` skips finding the
    groups of duplicate stories (every article stands alone; for measuring what
    finding them costs).
    """
    started = time.monotonic()
    paths = list(paths)
    store = IndexStore(index_root)
    report = ReindexReport(index_dir=str(store.root))
    with store.reindex_lock():
        files = discover(paths, report)
        report.files_seen = len(files)
        # Refused before a generation is started: every path is missing, or a full reindex has no file to read.
        if not allow_empty and (len(report.missing) == len(paths) or not (files or incremental)):
            raise NothingToIndex(paths, report, store.article_count())
        previous = _incremental_base(store, report) if incremental else None
        manifest = store.read_json(MANIFEST, previous) if previous else {}
        known: dict[str, dict] = manifest.get("files", {})
        generation = store.new_generation(copy_from=previous)
        try:
            todo = files_to_read(files, known, report) if previous else files
            new_manifest = {"files": {p: known[p] for p in files if p in known and p not in todo}}
            bar = _Progress(enabled=progress)
            _build(store, generation, previous, todo, known, new_manifest, report, bar,
                   jobs=jobs, max_bytes=max_bytes, find_duplicates=find_duplicates)
            if not allow_empty and report.articles == 0:
                raise NothingToIndex(paths, report, store.article_count())
            with bar.stage(SWITCHING):
                store.write_json(generation, FORMAT, {"format": INDEX_FORMAT, "analysis": analysis_version()})
                store.write_json(generation, MANIFEST, new_manifest)
                store.switch_to(generation)
        except BaseException:
            store.discard(generation)
            raise
    report.seconds = time.monotonic() - started
    return report


def _incremental_base(store: IndexStore, report: ReindexReport) -> Path | None:
    """The live generation an incremental run starts from; None (read every file) when there is none,
    it was written in another index format, or its articles were read by other readers or analysis
    (``analysis_version``)."""
    if not store.exists():
        return None
    generation = store.current()
    try:
        check_format(generation)
    except StaleIndex as exc:
        report.warnings.append((str(store.root), f"{exc}; reading every file again"))
        return None
    if store.read_json(FORMAT, generation).get("analysis") != analysis_version():
        report.warnings.append((str(store.root), READ_AGAIN))
        return None
    return generation


def files_to_read(files: list[str], known: dict[str, dict], report: ReindexReport) -> list[str]:
    """Files an incremental run must read: new ones, failed ones, and known ones whose size or mtime moved.

    A file found not to be an article is not read again while it is unchanged (the readers are the
    same, or the run would read every file): it is reported as skipped for the same reason. A file
    that failed is read again, as what failed may have been the machine's (a permission, a disk).
    """
    todo = []
    for path in files:
        entry = known.get(path)
        if not entry or (entry.get("size"), entry.get("mtime_ns")) != _stat_key(path):
            todo.append(path)
        elif not entry.get("skipped"):
            report.unchanged += 1
        elif entry.get("not_article"):
            report.skipped.append((path, entry["skipped"]))
        else:
            todo.append(path)
    return todo


def _stat_key(path: str) -> tuple[int, int]:
    try:
        stat = os.stat(path)
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


def _build(store: IndexStore, generation: Path, previous: Path | None, todo: list[str],
           known: dict[str, dict], new_manifest: dict, report: ReindexReport, bar: _Progress, *,
           jobs: int | None, max_bytes: int, find_duplicates: bool) -> None:
    if previous is None:
        index = whoosh.index.create_in(generation, build_schema())
    else:
        index = whoosh.index.open_dir(generation)
    seen = set(new_manifest["files"]) | set(todo)
    writer = index.writer(limitmb=WRITER_LIMIT_MB, compound=False)
    try:
        if previous is not None:
            skipped = {path for path, _ in report.skipped}
            for path in sorted(set(known) - seen):
                # Known files outside this run's paths stay indexed; files that are gone, or that this
                # run skips (a second path to a file indexed by another), are deleted.
                if not os.path.exists(path) or path in skipped:
                    writer.delete_by_term("path", path)
                    report.deleted += 1
                else:
                    new_manifest["files"][path] = known[path]
        prepare()  # before the workers fork: they share what it loads
        spool = SignatureSpool(generation) if find_duplicates else None
        with bar.stage(READING, files=todo):
            for outcome in file_outcomes(todo, jobs, max_bytes, find_duplicates, inherited_lock=store.lock_fd):
                _apply(writer, outcome, known.get(outcome.path), new_manifest, report, spool)
                bar.advance(len(outcome.documents), outcome.size)
        with bar.stage(COMMITTING):
            writer.commit()
    except BaseException:
        writer.cancel()
        raise
    with bar.stage(RANK_POSTINGS):
        # Read back without mmap: a large segment's mapped pages would count in this process's memory.
        with FileStorage(str(generation), supports_mmap=False).open_index().reader() as reader:
            write_segments(generation, reader)
    with bar.stage(PEOPLE_LIST):
        with index.searcher() as searcher:
            report.articles = searcher.doc_count()
            persons, firms = _values_per_article(searcher, "person"), _values_per_article(searcher, "firm")
            # Here rather than in a stage of its own: like the people list, one pass over every live article.
            _group_duplicates(generation, searcher.reader(), spool, previous, report)
            people = merge_people(persons, firms)
            write_facet_arrays(generation, searcher.reader(), {"person": people})
        store.write_json(generation, PEOPLE, people)


def _group_duplicates(generation: Path, reader, spool: SignatureSpool | None, previous: Path | None,
                      report: ReindexReport) -> None:
    """Find the groups of duplicate stories over every live article (indexer/index/duplicates.py).

    Without ``spool`` (grouping off) the files an incremental run inherited from ``previous`` are
    dropped, as they no longer fit. A failure here costs the groups, never an article: the search
    then shows every article on its own, and the report says why.
    """
    if spool is None:
        remove_files(generation)
        return
    try:
        grouping = write_groups(generation, reader, spool, previous)
    except Exception as exc:
        spool.remove()
        remove_files(generation)
        report.warnings.append((str(generation), f"duplicate stories not grouped: {type(exc).__name__}: {exc}"))
        return
    report.duplicate_groups, report.grouped_articles = grouping.groups, grouping.grouped
    log.info("duplicate stories: %s of two or more, %s in them (%.1f s)", counted(grouping.groups, "group"),
             counted(grouping.grouped, "article"), grouping.seconds)


def _apply(writer, outcome: FileOutcome, previous_entry: dict | None, manifest: dict,
           report: ReindexReport, spool: SignatureSpool | None) -> None:
    entry = {"size": outcome.size, "mtime_ns": outcome.mtime_ns, "hash": outcome.file_hash}
    if outcome.skipped:
        report.add_unread(outcome)
        if previous_entry and not previous_entry.get("skipped"):
            # The file was readable before and is broken now: keep its articles
            # in the index rather than lose them to a bad edit.
            manifest["files"][outcome.path] = previous_entry
            report.warnings.append((outcome.path, "kept the previously indexed version"))
        else:
            manifest["files"][outcome.path] = {**entry, "skipped": outcome.skipped,
                                               **({"not_article": True} if outcome.not_article else {})}
        return
    for problem in outcome.problems:
        report.warnings.append((outcome.path, problem))
    entry["articles"] = len(outcome.documents)
    manifest["files"][outcome.path] = entry
    if previous_entry and previous_entry.get("hash") == outcome.file_hash and not previous_entry.get("skipped"):
        report.unchanged += 1
        return
    if previous_entry and not previous_entry.get("skipped"):
        writer.delete_by_term("path", outcome.path)
        report.updated += 1
    else:
        report.added += 1
    for document in outcome.documents:
        writer.add_document(**document)
    if spool is not None and outcome.signatures is not None:
        spool.add(outcome.documents, outcome.signatures)


def file_outcomes(paths: list[str], jobs: int | None, max_bytes: int, find_duplicates: bool,
                  inherited_lock: int | None = None) -> Iterator[FileOutcome]:
    """Each file's outcome, read by ``jobs`` worker processes.

    At most two files per worker are in flight, so a writer slower than the
    workers never piles up analysed files in memory.
    """
    jobs = jobs or os.cpu_count() or 1
    tasks = [(path, max_bytes, find_duplicates) for path in paths]
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_process, tasks)
        return
    # fork: workers inherit the imported modules and loaded gazetteers instead
    # of loading them again (seconds each); they touch nothing the parent has open.
    context = multiprocessing.get_context("fork")
    # A worker closes its inherited copy of the reindex lock: if this process is killed, a worker
    # still busy with a file must not keep the lock held (and the next reindex refused) meanwhile.
    with context.Pool(jobs, initializer=_close_inherited, initargs=(inherited_lock,)) as pool:
        pending: deque = deque()
        for task in tasks:
            pending.append(pool.apply_async(_process, (task,)))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _close_inherited(fd: int | None) -> None:
    if fd is not None:
        try:
            os.close(fd)
        except OSError:
            pass


def _values_per_article(searcher, field: str) -> list[list[str]]:
    """The values of ``field`` in every live article that has some, read back from the index's postings.

    Not from the files' outcomes: an incremental run reads only the changed files, and the
    list must cover the articles it keeps too.
    """
    reader = searcher.reader()
    per_doc: dict[int, list[str]] = {}
    if field not in reader.indexed_field_names():
        return []
    for value in reader.lexicon(field):
        name = value.decode("utf-8")
        for docnum in reader.postings(field, value).all_ids():
            if not reader.is_deleted(docnum):
                per_doc.setdefault(docnum, []).append(name)
    return list(per_doc.values())


# The stages of a reindex, in order, as the progress bar and log name them.
READING = "reading and analysing files"
COMMITTING = "committing the index"
RANK_POSTINGS = "writing rank postings"
PEOPLE_LIST = "writing the people list and facet arrays"
SWITCHING = "switching to the new index"
STAGES = (READING, COMMITTING, RANK_POSTINGS, PEOPLE_LIST, SWITCHING)


class _Progress:
    """Progress through the stages of a reindex: tqdm bars on a terminal, log lines otherwise.

    The file stage counts files and gives the time left in that stage, from
    the bytes read so far (file sizes vary too much for a count of files); the
    later stages (one Whoosh commit, one pass over the postings) cannot be
    measured as they run, so they show the time spent so far, refreshed by a
    ticker thread, and their duration when done.
    """

    LOG_EVERY_SECONDS = 5.0
    REFRESH_BAR_SECONDS = 0.5

    def __init__(self, enabled: bool | None):
        self.interactive = sys.stderr.isatty() if enabled is None else enabled
        self.name = ""
        self.total = self.files = self.articles = self.total_bytes = self.bytes = 0
        self.started = self.last_log = time.monotonic()
        self.bar = None

    def _label(self, name: str) -> str:
        return f"[{STAGES.index(name) + 1}/{len(STAGES)}] {name}"

    @contextmanager
    def stage(self, name: str, files: list[str] | None = None):
        """Report the stage ``name`` while its block runs; ``files`` for the stage that reads them (see ``advance``)."""
        counted_stage = files is not None
        self.name, self.total, self.files, self.articles, self.bytes = name, len(files or ()), 0, 0, 0
        self.total_bytes = sum(map(_file_size, files or ()))
        self.started = self.last_log = time.monotonic()
        label = self._label(name)
        if self.interactive:
            from tqdm import tqdm

            if counted_stage:
                self.bar = tqdm(total=self.total_bytes, unit="B", unit_scale=True, unit_divisor=1024, desc=label,
                                file=sys.stderr)
            else:
                self.bar = tqdm(desc=label, bar_format="{desc}: {elapsed}", file=sys.stderr)
        elif counted_stage:
            log.info("%s: %s, %.1f MB", label, counted(self.total, "file"), self.total_bytes / 2**20)
        else:
            log.info("%s", label)
        # Only the uncounted stages have a ticker: the file stage forks worker processes,
        # and a fork must not copy a thread that may hold a lock.
        ticker = None if counted_stage else _Ticker(
            self.REFRESH_BAR_SECONDS if self.interactive else self.LOG_EVERY_SECONDS, self._tick)
        try:
            yield
        finally:
            if ticker is not None:
                ticker.stop()
            if self.bar is not None:
                self.bar.close()
                self.bar = None
        if not self.interactive:  # only a stage that finished says so
            elapsed = time.monotonic() - self.started
            if counted_stage:
                log.info("%s: %d/%s, %s in %.1f s", label, self.files, counted(self.total, "file"),
                         counted(self.articles, "article"), elapsed)
            else:
                log.info("%s: done in %.1f s", label, elapsed)

    def advance(self, articles: int, size: int) -> None:
        """One more file read: ``articles`` from it, ``size`` bytes."""
        self.files += 1
        self.articles += articles
        self.bytes += size
        if self.bar is not None:
            self.bar.update(size)
            self.bar.set_postfix(files=f"{self.files}/{self.total}", articles=self.articles, refresh=False)
            return
        now = time.monotonic()
        if now - self.last_log >= self.LOG_EVERY_SECONDS:
            self.last_log = now
            elapsed = now - self.started
            rate = self.articles / max(elapsed, 1e-9)
            done = self.bytes / self.total_bytes if self.total_bytes else self.files / max(self.total, 1)
            remaining = elapsed * (1 - done) / max(done, 1e-9)
            log.info("%s: %d/%s, %s, %.0f articles/s, about %.0f s left in this stage",
                     self._label(self.name), self.files, counted(self.total, "file"),
                     counted(self.articles, "article"), rate, remaining)

    def _tick(self) -> None:
        if self.bar is not None:
            self.bar.refresh()
        else:
            log.info("%s: %.0f s so far", self._label(self.name), time.monotonic() - self.started)


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # reported when the file is read


class _Ticker:
    """Calls ``action`` every ``seconds`` from a daemon thread until stopped."""

    def __init__(self, seconds: float, action):
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(seconds, action), daemon=True)
        self.thread.start()

    def _run(self, seconds: float, action) -> None:
        while not self.stopped.wait(seconds):
            action()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()

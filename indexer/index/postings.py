"""Rank postings: each full-text term's documents, weights and positions as flat arrays.

Whoosh keeps postings as pickled, zlib-compressed blocks, and decoding them one
block at a time in Python was most of a query's cost (docs/benchmarks.md). So
the reindex also writes, per Whoosh segment, the same postings as plain arrays,
and searches read them memory-mapped, with no decoding at all, and compute with
numpy: BM25F over the documents and weights, phrases over the positions.

Files of segment ``S`` in a generation directory (all written before the
generation goes live; the JSON last, so its presence means complete)::

    S.rank-ids       uint32  doc numbers, term after term, ascending within a term
    S.rank-weights   float32 the posting weights Whoosh stores (frequency x field boost)
    S.rank-positions uint32  each posting's word positions, posting after posting
    S.rank-lengths   uint32  per field, every document's length as Whoosh reports it
    S.rank-by-doc    uint32  the postings again, document after document: each one's place in
                             S.rank-ids (relevance feedback reads a best match's words here, not
                             by analysing its stored text again)
    S.rank-doc-starts uint64 where each document's postings start in S.rank-by-doc, and the end
    S.rank.json      fields, their boosts, document count, and per field each term's
                     (first posting, postings, first position)

Whoosh never changes a segment once written (deletions are kept beside it), so
an incremental reindex keeps the files of segments it did not touch; the
deleted documents are masked when a segment is opened.
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import threading
import weakref
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.index.store import write_atomically

log = logging.getLogger(__name__)

# The full-text fields: the words of a query search them, and they alone are ranked and have rank postings.
TEXT_FIELDS = ("title", "body")
_SUFFIXES = (".rank-ids", ".rank-weights", ".rank-positions", ".rank-lengths", ".rank-by-doc", ".rank-doc-starts",
             ".rank.json")
_EMPTY_IDS = np.zeros(0, dtype=np.uint32)
_EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)


@dataclass(frozen=True)
class _TermTable:
    """A segment's terms in posting order: their first postings, texts (an object array, so that a
    document's are picked in one step) and fields' boosts, and each field's run of term numbers."""

    starts: np.ndarray
    texts: np.ndarray
    boosts: np.ndarray
    field_numbers: dict[str, tuple[int, int]]


class SegmentPostings:
    """One segment's rank postings, plus which of its documents are deleted."""

    def __init__(self, doc_count: int, terms: dict[str, dict[str, tuple[int, int, int]]], ids, weights,
                 positions, lengths: dict[str, np.ndarray], boosts: dict[str, float], deleted: np.ndarray,
                 by_doc: np.ndarray, doc_starts: np.ndarray):
        self.doc_count = doc_count
        self.terms = terms
        self.ids = ids
        self.weights = weights
        self.all_positions = positions
        self.lengths = lengths
        self.boosts = boosts
        self.deleted = deleted
        self.by_doc = by_doc
        self.doc_starts = doc_starts
        self._cache: dict[tuple, np.ndarray] = {}
        self._lock = threading.Lock()
        self._term_table: _TermTable | None = None

    def document_terms(self, docnum: int, fieldnames: tuple[str, ...]) -> dict[str, int]:
        """The terms document ``docnum`` holds in ``fieldnames``, each with how often it occurs there."""
        table = self._terms_by_posting()
        postings = self.by_doc[int(self.doc_starts[docnum]):int(self.doc_starts[docnum + 1])]
        numbers = np.searchsorted(table.starts, postings, side="right") - 1
        frequencies = np.rint(self.weights[postings] / table.boosts[numbers]).astype(np.int64)
        # A document's postings are in term order, so each field's are one run of them: read whole,
        # the largest first, and the others added word by word (a title word the body repeats adds up).
        runs = []
        for fieldname in fieldnames:
            if fieldname in table.field_numbers:
                left, right = np.searchsorted(numbers, table.field_numbers[fieldname])
                runs.append((table.texts[numbers[left:right]].tolist(), frequencies[left:right].tolist()))
        runs.sort(key=lambda run: -len(run[0]))
        held: dict[str, int] = dict(zip(*runs[0], strict=True)) if runs else {}
        for texts, counts in runs[1:]:
            for text, count in zip(texts, counts, strict=True):
                held[text] = held.get(text, 0) + count
        return held

    def _terms_by_posting(self) -> _TermTable:
        """Every term's first posting (ascending, as the files hold them), text and field's boost, and
        each field's run of terms: built on first use, as only relevance feedback needs it."""
        if self._term_table is None:
            entries = sorted((start, fieldname, text) for fieldname, table in self.terms.items()
                             for text, (start, count, _) in table.items() if count)
            field_numbers: dict[str, list[int]] = {}
            for number, (_, fieldname, _) in enumerate(entries):
                field_numbers.setdefault(fieldname, [number, number])[1] = number + 1
            # The files hold the terms field by field (Whoosh's term order), so a field's are one run.
            assert sum(end - start for start, end in field_numbers.values()) == len(entries)
            with self._lock:
                self._term_table = _TermTable(
                    starts=np.array([start for start, _, _ in entries], dtype=np.int64),
                    texts=np.array([text for _, _, text in entries], dtype=object),
                    boosts=np.array([self.boosts[fieldname] for _, fieldname, _ in entries]),
                    field_numbers={fieldname: tuple(run) for fieldname, run in field_numbers.items()})
        return self._term_table

    def doc_frequency(self, fieldname: str, text: str) -> int:
        """How many of the segment's documents the term's postings list."""
        extent = self.terms.get(fieldname, {}).get(text)
        return 0 if extent is None else extent[1]

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The term's doc numbers (ascending) and weights; empty arrays when the field lacks it."""
        extent = self.terms.get(fieldname, {}).get(text)
        if extent is None:
            return _EMPTY_IDS, _EMPTY_WEIGHTS
        start, count, _ = extent
        return self.ids[start:start + count], self.weights[start:start + count]

    def positions(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Every occurrence of the term: its doc number and word position, both ascending."""
        extent = self.terms.get(fieldname, {}).get(text)
        if extent is None:
            return _EMPTY_IDS, _EMPTY_IDS
        start, count, first = extent
        # A posting's weight is its number of positions times the field's boost (Whoosh's Positions format).
        counts = np.rint(self.weights[start:start + count] / self.boosts[fieldname]).astype(np.int64)
        docs = np.repeat(self.ids[start:start + count], counts)
        return docs, self.all_positions[first:first + len(docs)]

    def cached(self, key, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """``compute()``, computed once per ``key`` for the life of this segment (BM25's length factors)."""
        found = self._cache.get(key)
        if found is None:
            found = compute()
            with self._lock:
                self._cache[key] = found
        return found

    @classmethod
    def from_reader(cls, reader) -> SegmentPostings:
        """Read a segment's postings out of Whoosh, in memory (an index written before these files)."""
        doc_count = reader.doc_count_all()
        ids, weights, positions = array("I"), array("f"), array("I")
        terms: dict[str, dict[str, tuple[int, int, int]]] = {}
        for fieldname, text, term_ids, term_weights, term_positions in _whoosh_postings(reader):
            terms.setdefault(fieldname, {})[text] = (len(ids), len(term_ids), len(positions))
            ids.extend(term_ids)
            weights.extend(term_weights)
            positions.extend(term_positions)
        ids = _as_numpy(ids, np.uint32)
        by_doc, doc_starts = _by_document(ids, doc_count)
        return cls(doc_count, terms, ids, _as_numpy(weights, np.float32), _as_numpy(positions, np.uint32),
                   _lengths(reader), _boosts(reader), deleted_mask(reader), by_doc, doc_starts)

    @classmethod
    def load(cls, generation: Path, reader) -> SegmentPostings | None:
        """The segment's stored files, memory-mapped; None when they are missing or damaged (logged)."""
        stem = str(generation / _segment_name(reader))
        if not os.path.exists(stem + ".rank.json"):
            return None
        try:
            meta = json.loads(Path(stem + ".rank.json").read_text("utf-8"))
            doc_count = meta["doc_count"]
            if doc_count != reader.doc_count_all():
                raise ValueError(f"{doc_count} documents, the segment has {reader.doc_count_all()}")
            ids = map_array(stem + ".rank-ids", np.uint32)
            weights = map_array(stem + ".rank-weights", np.float32)
            positions = map_array(stem + ".rank-positions", np.uint32)
            lengths = map_array(stem + ".rank-lengths", np.uint32).reshape(len(meta["fields"]), doc_count)
            by_doc = map_array(stem + ".rank-by-doc", np.uint32)
            doc_starts = map_array(stem + ".rank-doc-starts", np.uint64)
            terms = {fieldname: {text: (start, count, first) for text, (start, count, first) in table.items()}
                     for fieldname, table in meta["terms"].items()}
            if (len(ids) != len(weights) or len(ids) != meta["postings"] or len(positions) != meta["positions"]
                    or len(by_doc) != len(ids) or len(doc_starts) != doc_count + 1
                    or any(start + count > len(ids) or first > len(positions)
                           for table in terms.values() for start, count, first in table.values())):
                raise ValueError("the postings files do not match their term table")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring the damaged rank postings of %s: %s", stem, exc)
            return None
        return cls(doc_count, terms, ids, weights, positions, dict(zip(meta["fields"], lengths, strict=True)),
                   meta["boosts"], deleted_mask(reader), by_doc, doc_starts)


def write_segments(generation: Path, reader) -> int:
    """Write the rank files of each segment of ``reader`` without readable ones; remove merged-away segments' files.

    Streams term by term, so memory stays flat however large the segment.
    Returns the number of segments written.
    """
    generation = Path(generation)
    leaves = [leaf for leaf, _ in reader.leaf_readers() if _segment_name(leaf)]
    live = {_segment_name(leaf) for leaf in leaves}
    for path in generation.iterdir():
        if path.name.endswith(_SUFFIXES) and path.name.split(".rank")[0] not in live:
            path.unlink()
    written = 0
    for leaf in leaves:
        stem = str(generation / _segment_name(leaf))
        if SegmentPostings.load(generation, leaf) is not None:
            continue
        # Files of an unreadable earlier attempt may be hard links into the live generation: unlink, never overwrite.
        for suffix in _SUFFIXES:
            if os.path.lexists(stem + suffix):
                os.unlink(stem + suffix)
        terms: dict[str, dict[str, list[int]]] = {}
        start = first = 0
        with (open(stem + ".rank-ids", "wb") as ids_file, open(stem + ".rank-weights", "wb") as weights_file,
              open(stem + ".rank-positions", "wb") as positions_file,
              open(stem + ".rank-lengths", "wb") as lengths_file):
            for fieldname, text, term_ids, term_weights, term_positions in _whoosh_postings(leaf):
                terms.setdefault(fieldname, {})[text] = [start, len(term_ids), first]
                start += len(term_ids)
                first += len(term_positions)
                term_ids.tofile(ids_file)
                term_weights.tofile(weights_file)
                term_positions.tofile(positions_file)
            lengths = _lengths(leaf)
            for fieldname in TEXT_FIELDS:
                lengths[fieldname].tofile(lengths_file)
            for handle in (ids_file, weights_file, positions_file, lengths_file):
                handle.flush()
                os.fsync(handle.fileno())
        by_doc, doc_starts = _by_document(map_array(stem + ".rank-ids", np.uint32), leaf.doc_count_all())
        for suffix, values in ((".rank-by-doc", by_doc), (".rank-doc-starts", doc_starts)):
            with open(stem + suffix, "wb") as handle:
                values.tofile(handle)
                handle.flush()
                os.fsync(handle.fileno())
        meta = {"doc_count": leaf.doc_count_all(), "fields": list(TEXT_FIELDS), "boosts": _boosts(leaf),
                "postings": start, "positions": first, "terms": terms}
        write_atomically(Path(stem + ".rank.json"),
                         json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        written += 1
    return written


class RankPostings:
    """The rank postings of one generation's segments, opened once and shared by all threads."""

    def __init__(self, generation: Path | None):
        self.generation = Path(generation) if generation is not None else None
        self._segments: dict = {}
        # Each reader's segment, found again in one lookup: a search asks some hundred times, and naming
        # a reader's segment costs more than scoring a short postings list. A reader never changes.
        self._by_reader: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def doc_frequency(self, reader, fieldname: str, text: str) -> int:
        """The documents of the whole index (``reader``, top-level) holding the term: Whoosh's document frequency,
        read from a table lookup rather than Whoosh's term file. Like Whoosh's, the count includes documents
        deleted since a segment was written (postings read out of Whoosh for an older index leave them out)."""
        return sum(self.segment(leaf).doc_frequency(fieldname, text) for leaf, _ in reader.leaf_readers())

    def segment(self, reader) -> SegmentPostings:
        found = self._by_reader.get(reader)
        if found is None:
            found = self._by_reader[reader] = self._segment(reader)
        return found

    def _segment(self, reader) -> SegmentPostings:
        key = (_segment_name(reader), _deleted_count(reader))
        found = self._segments.get(key)
        if found is None:
            with self._lock:
                found = self._segments.get(key)
                if found is None:
                    stored = self.generation is not None and key[0] is not None
                    found = SegmentPostings.load(self.generation, reader) if stored else None
                    if found is None:
                        if stored:
                            log.warning("%s has no rank postings for segment %s (written by an older newsdex): "
                                        "reading them from Whoosh; `newsdex reindex` stores them",
                                        self.generation, _segment_name(reader))
                        found = SegmentPostings.from_reader(reader)
                    self._segments[key] = found
        return found


def _by_document(ids: np.ndarray, doc_count: int) -> tuple[np.ndarray, np.ndarray]:
    """The postings in document order (each one's place among ``ids``; within a document, term order)
    and where each document's run starts, with the end after the last."""
    by_doc = np.argsort(ids, kind="stable").astype(np.uint32)
    doc_starts = np.zeros(doc_count + 1, dtype=np.uint64)
    np.cumsum(np.bincount(ids, minlength=doc_count), out=doc_starts[1:])
    return by_doc, doc_starts


def _whoosh_postings(reader):
    """``(field, term, ids, weights, positions)`` for every term of the ranked fields, as arrays."""
    indexed = set(reader.indexed_field_names())
    for fieldname in TEXT_FIELDS:
        if fieldname not in indexed:
            continue
        decode = reader.schema[fieldname].format.decode_positions
        for btext in reader.lexicon(fieldname):
            ids, weights, positions = _read_all(reader.postings(fieldname, btext), decode)
            if ids:
                yield fieldname, btext.decode("utf-8"), ids, weights, positions


def _read_all(postings, decode) -> tuple[array, array, array]:
    """A Whoosh postings list as (doc numbers, weights, positions of one posting after another).

    Whoosh 2.7.4 (pinned) decodes a block of postings at once; reading the
    decoded block saves three method calls per posting. Other matcher types
    (deletions filtered) go posting by posting.
    """
    ids, weights, positions = array("I"), array("f"), array("I")
    if hasattr(postings, "_read_ids") and hasattr(postings, "_next_block"):
        while postings.is_active():
            postings._read_ids()
            postings._read_weights()
            postings._read_values()
            ids.extend(postings._ids[postings._i:])
            weights.extend(postings._weights[postings._i:])
            for value in postings._values[postings._i:]:
                positions.extend(decode(value))
            postings._next_block()
        return ids, weights, positions
    while postings.is_active():
        ids.append(postings.id())
        weights.append(postings.weight())
        positions.extend(decode(postings.value()))
        postings.next()
    return ids, weights, positions


def doc_ids(postings) -> array:
    """A Whoosh postings list's doc numbers, read a decoded block at a time where Whoosh 2.7.4 allows."""
    ids = array("I")
    if hasattr(postings, "_read_ids") and hasattr(postings, "_next_block"):
        while postings.is_active():
            postings._read_ids()
            ids.extend(postings._ids[postings._i:])
            postings._next_block()
        return ids
    ids.extend(postings.all_ids())
    return ids


def _lengths(reader) -> dict[str, np.ndarray]:
    count = reader.doc_count_all()
    indexed = set(reader.indexed_field_names())
    return {fieldname: np.fromiter(((reader.doc_field_length(d, fieldname, 0) or 0) if fieldname in indexed else 0
                                    for d in range(count)), dtype=np.uint32, count=count)
            for fieldname in TEXT_FIELDS}


def _boosts(reader) -> dict[str, float]:
    return {fieldname: reader.schema[fieldname].format.field_boost or 1.0 for fieldname in TEXT_FIELDS
            if fieldname in reader.schema}


def _as_numpy(values: array, dtype) -> np.ndarray:
    return np.frombuffer(values, dtype=dtype) if values else np.zeros(0, dtype=dtype)


def deleted_mask(reader) -> np.ndarray:
    """True for every deleted document of ``reader`` (one segment's or a whole index's)."""
    mask = np.zeros(reader.doc_count_all(), dtype=bool)
    for leaf, offset in reader.leaf_readers():
        segment = leaf.segment() if hasattr(leaf, "segment") else None
        deleted = list(segment.deleted_docs()) if segment is not None else []
        if deleted:
            mask[np.array(deleted, dtype=np.int64) + offset] = True
    return mask


def _deleted_count(reader) -> int:
    segment = reader.segment() if hasattr(reader, "segment") else None
    return segment.deleted_count() if segment is not None else 0


def _segment_name(reader) -> str | None:
    """The segment's file name stem (``MAIN_<id>``); None for a reader of no segment (an empty index)."""
    segment = reader.segment() if hasattr(reader, "segment") else None
    return segment.make_filename("") if segment is not None else None


def map_array(path, dtype) -> np.ndarray:
    """The file's values, read-only and memory-mapped: a plain array over the mapping, since slicing an
    ``np.memmap`` runs Python code for every slice (some 85,000 slices in 400 searches). ValueError when
    the file's size is no whole number of values."""
    if os.path.getsize(path) == 0:  # mmap refuses empty files
        return np.zeros(0, dtype=dtype)
    with open(path, "rb") as handle:
        mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    return np.frombuffer(mapping, dtype=dtype)

"""Duplicate and near-duplicate stories: articles that tell the same story in (nearly) the same words.

Wire archives hold a story several times: a repeat, a correction, a copy filed for another desk, a
rewrite that changes a figure, a sentence or the headline. Each article becomes a set of shingles:
every run of ``SHINGLE_WORDS`` consecutive words of its headline and body, accent-folded and lower
case, punctuation ignored. A MinHash signature summarises the set: for each of ``PERMUTATIONS``
random hash functions, the smallest hash of any shingle. Two signatures agree at a position with
probability equal to the Jaccard similarity of the two sets, so the share of positions where they
agree estimates it. LSH banding finds the pairs worth comparing without comparing every pair: the
signature is cut into ``BANDS`` bands of ``ROWS`` values, and articles equal in a whole band are
compared. A pair is a duplicate when its estimated similarity is at least ``THRESHOLD`` and, both
being dated, they are at most ``MAX_DAYS_APART`` apart. Exact copies have the same shingles, hence
the same signature: they agree in every band and are always found.

Groups are the connected components of the duplicate pairs. A group's representative, whose
document number names the group, is its earliest article (undated ones last, then the first
indexed). An article whose body has fewer than ``SHINGLE_WORDS`` words (a headline-only flash) is
compared with nothing: a repeated headline alone is not a repeated story.

The reindex computes the signatures in its worker processes (``signatures``), spools those of the
articles it adds (``SignatureSpool``), and after the commit finds the groups over every live
article (``write_groups``): an incremental run hashes only the articles it reads, takes the others'
signatures from the side file, and keeps the groups it inherited when no article was added or
moved. Files of a generation, all written before its manifest::

    duplicates-articles.npy    per live article: its id, date and document number ...
    duplicates-signatures.npy  ... and its signature (uint32 x PERMUTATIONS), so that an incremental
                               reindex compares the articles it keeps without reading them again
    duplicates-groups.npy      int32 per document number: the document number of its group's
                               representative (its own when it stands alone)

A search reads only the groups (``DuplicateGroups``).
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from indexer.index.store import write_atomically
from indexer.text import fold

log = logging.getLogger(__name__)

SHINGLE_WORDS = 5
# A pair of similarity s shares a band with probability 1 - (1 - s**ROWS)**BANDS: 0.996 at THRESHOLD,
# 0.29 at 0.2, 0.04 at 0.1, so few pairs are compared and hardly any duplicate is missed.
BANDS, ROWS = 42, 3
PERMUTATIONS = BANDS * ROWS
THRESHOLD = 0.5  # estimated Jaccard similarity of the shingle sets; chosen on Reuters-21578 (docs/benchmarks.md)
MAX_DAYS_APART = 3  # repeats follow within hours, or after a weekend; a recurring report later on is news again

ARTICLES = "duplicates-articles.npy"
SIGNATURES = "duplicates-signatures.npy"
GROUPS = "duplicates-groups.npy"
_SPOOL = "duplicates-spool.tmp"
FILES = (ARTICLES, SIGNATURES, GROUPS)

ARTICLE_RECORD = np.dtype([("id", "S16"), ("date", "M8[s]")])  # ids are 16 hex digits (indexer.article)
LIVE_RECORD = np.dtype([("id", "S16"), ("date", "M8[s]"), ("docnum", "<i8")])  # the articles file's
_SPOOLED = np.dtype([("article", ARTICLE_RECORD), ("values", np.uint32, PERMUTATIONS)])
# The signature of an article too short to compare. A real signature holds this value at one position
# once in 2**32, so "too short" is told by the whole row, never by one value.
_EMPTY = np.uint32(0xFFFFFFFF)
_HASHES = np.random.default_rng(20261207)  # fixed: signatures must agree across runs and processes
_A = (_HASHES.integers(0, np.iinfo(np.uint64).max, PERMUTATIONS, dtype=np.uint64, endpoint=True)
      | np.uint64(1))[:, None]
_B = _HASHES.integers(0, np.iinfo(np.uint64).max, PERMUTATIONS, dtype=np.uint64, endpoint=True)[:, None]
_MULTIPLIER = np.uint64(0x100000001B3)  # odd, so it has an inverse modulo 2**64
_INVERSE = np.uint64(pow(0x100000001B3, -1, 2**64))
_SPACE = ord(" ")
# ASCII punctuation separates words as a space does: "dlrs," and "dlrs" are one word.
_PUNCTUATION_TO_SPACE = str.maketrans({character: " " for character in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"})
_PIECE_BYTES = 1 << 20  # bounds the arrays of a very long text
_SHINGLES_PER_PASS = 16_384  # bounds the PERMUTATIONS x shingles block in memory (16 MB)


# Signatures ---------------------------------------------------------------

def signatures(stories: Sequence[tuple[str, str]]) -> np.ndarray:
    """The MinHash signatures of ``(headline, body)`` pairs: a row of ``PERMUTATIONS`` uint32 values
    each, all ``_EMPTY`` for a body of fewer than ``SHINGLE_WORDS`` words.

    Hash function k is multiply-shift, ``(a_k * x + b_k) mod 2**64`` with an odd ``a_k``, whose high
    bits are a universal hash of the 64-bit shingle hash ``x``: position k holds the high 32 bits of
    the smallest value over the story's shingles. All the stories are hashed in one pass of array
    operations (a reindex hands over a file's articles at once), so the cost per article is a few
    microseconds, not a few dozen calls.
    """
    hashes, owners = _shingles(stories)
    lowest = np.full((PERMUTATIONS, len(stories)), np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64 is the point
        for start in range(0, len(hashes), _SHINGLES_PER_PASS):
            block, owner = hashes[start:start + _SHINGLES_PER_PASS], owners[start:start + _SHINGLES_PER_PASS]
            firsts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
            stories_here = owner[firsts]
            lowest[:, stories_here] = np.minimum(lowest[:, stories_here],
                                                 np.minimum.reduceat(_A * block[None, :] + _B, firsts, axis=1))
    values = np.ascontiguousarray((lowest >> np.uint64(32)).astype(np.uint32).T)
    values[np.bincount(owners, minlength=len(stories)) == 0] = _EMPTY
    return values


def shingles(headline: str, body: str) -> np.ndarray:
    """The distinct 64-bit hashes of the story's shingles (none if its body has under ``SHINGLE_WORDS`` words)."""
    return np.unique(_shingles([(headline, body)])[0])


def comparable(values: np.ndarray) -> np.ndarray:
    """Which signatures (rows) have shingles, and so are compared at all."""
    return ~np.all(values == _EMPTY, axis=1)


def _shingles(stories: Sequence[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """Every shingle's 64-bit hash, and which story (its index) it is of, in story order."""
    texts = []
    for headline, body in stories:
        body_words = _words(body)
        # The headline counts: the stories a template fills in (dividends, results) often name the firm only there.
        texts.append(b" ".join(filter(None, (_words(headline), body_words)))
                     if body_words.count(b" ") + 1 >= SHINGLE_WORDS else b"")
    word_counts = np.array([text.count(b" ") + 1 if text else 0 for text in texts], dtype=np.int64)
    # A word's hash does not depend on its neighbours: all the stories' words are hashed as one text.
    word_hashes = np.concatenate([np.zeros(0, dtype=np.uint64)]
                                 + [_word_hashes(piece) for piece in _pieces(b" ".join(filter(None, texts)))])
    shingle_counts = np.maximum(word_counts - SHINGLE_WORDS + 1, 0)
    owners = np.repeat(np.arange(len(stories)), shingle_counts)
    # A shingle's first word: its story's first word plus the shingle's place in its story.
    story_first_word = np.cumsum(word_counts) - word_counts
    place = np.arange(len(owners)) - np.repeat(np.cumsum(shingle_counts) - shingle_counts, shingle_counts)
    starts = story_first_word[owners] + place
    combined = np.zeros(len(owners), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(SHINGLE_WORDS):
            combined = combined * _MULTIPLIER + word_hashes[starts + offset]
        # splitmix64's finaliser, so that every word moves every bit of the shingle's hash
        combined ^= combined >> np.uint64(30)
        combined *= np.uint64(0xBF58476D1CE4E5B9)
        combined ^= combined >> np.uint64(27)
        combined *= np.uint64(0x94D049BB133111EB)
        combined ^= combined >> np.uint64(31)
    return combined, owners


def _words(text: str) -> bytes:
    """The folded words of ``text`` between single spaces, as UTF-8."""
    return " ".join(fold(text).translate(_PUNCTUATION_TO_SPACE).split()).encode("utf-8", "surrogatepass")


def _pieces(text: bytes) -> Iterator[bytes]:
    """``text`` (words between single spaces) in pieces of about ``_PIECE_BYTES``, cut between words."""
    start = 0
    while start < len(text):
        end = min(start + _PIECE_BYTES, len(text))
        if end < len(text):
            cut = text.rfind(b" ", start, end)
            if cut <= start:  # one word longer than a piece: it is the piece
                cut = text.find(b" ", end)
            end = cut if cut > start else len(text)
        yield text[start:end]
        start = end + 1


def _word_hashes(piece: bytes) -> np.ndarray:
    """Each word's polynomial hash ``sum(byte[j] * M**(end-1-j))`` modulo 2**64, for all the words of
    ``piece`` at once: from one running sum of ``byte[j] * M**-j`` over the piece."""
    data = np.frombuffer(piece, dtype=np.uint8)
    starts = np.concatenate(([0], np.flatnonzero(data == _SPACE) + 1))
    ends = np.append(starts[1:] - 1, len(data))
    with np.errstate(over="ignore"):
        powers = np.ones(len(data), dtype=np.uint64)
        np.cumprod(np.full(len(data) - 1, _MULTIPLIER, dtype=np.uint64), out=powers[1:])  # M**j
        inverse = np.ones(len(data), dtype=np.uint64)
        np.cumprod(np.full(len(data) - 1, _INVERSE, dtype=np.uint64), out=inverse[1:])  # M**-j
        running = np.zeros(len(data) + 1, dtype=np.uint64)
        np.cumsum(data * inverse, out=running[1:])
        return (running[ends] - running[starts]) * powers[ends - 1]


def as_date(value: str | datetime | None) -> np.datetime64:
    """An article's date (ISO text, or the datetime a document holds) as the groups compare it; NaT when undated."""
    if not value:
        return np.datetime64("NaT", "s")
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None).isoformat()
    return np.datetime64(value, "s")


# Groups -------------------------------------------------------------------

def find_groups(values: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """Each row's group, as the row number of the group's representative (its own when it stands alone).

    ``values``: the signatures, (rows, PERMUTATIONS) uint32; ``dates``: datetime64, NaT when undated.
    """
    rows = len(values)
    first, second = duplicate_pairs(values, dates)
    component = _components(rows, first, second)
    # The representative: the earliest member, undated ones last, then the lowest row (the first indexed).
    when = np.where(np.isnat(dates), np.iinfo(np.int64).max, dates.astype("datetime64[s]").astype(np.int64))
    order = np.lexsort((np.arange(rows), when, component))
    leads = np.ones(rows, dtype=bool)
    leads[1:] = component[order][1:] != component[order][:-1]
    representative = np.empty(rows, dtype=np.int64)
    representative[component[order[leads]]] = order[leads]
    return representative[component]


def duplicate_pairs(values: np.ndarray, dates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The row pairs ``(first[i], second[i])``, first < second, that are duplicates by the module's rules."""
    first, second = candidate_pairs(values)
    keep = similarity(values, first, second) >= THRESHOLD
    gap = np.abs(dates[first] - dates[second])
    keep &= np.isnat(gap) | (gap <= np.timedelta64(MAX_DAYS_APART, "D"))
    return first[keep], second[keep]


def candidate_pairs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of comparable rows equal in at least one band, each once, first < second."""
    rows = np.flatnonzero(comparable(values))
    # Each pair as one key, lower * len(rows) + higher (positions in ``rows``), merged band by band: a pair
    # found in many bands (copies of one story agree in all of them) is held once, not once a band.
    width = np.int64(max(len(rows), 1))
    pairs = np.zeros(0, dtype=np.int64)
    for band in range(BANDS if len(rows) > 1 else 0):
        columns = values[rows, band * ROWS:(band + 1) * ROWS].astype(np.uint64)
        # the band's values two by two in 64-bit keys (the last alone when ROWS is odd)
        keys = [columns[:, i] << np.uint64(32) | columns[:, i + 1] for i in range(0, ROWS - 1, 2)]
        keys += [columns[:, ROWS - 1]] if ROWS % 2 else []
        order = np.lexsort(keys[::-1])
        run_starts = np.ones(len(order), dtype=bool)  # sorted, rows with equal keys are a run
        for key in keys:
            run_starts[1:] &= key[order][1:] == key[order][:-1]
        run_starts[1:] = ~run_starts[1:]
        run_ends = np.append(np.flatnonzero(run_starts)[1:], len(order))[np.cumsum(run_starts) - 1]
        # Each run gives all its pairs: the row at position i with the row at i + reach.
        at = np.flatnonzero(run_ends - np.arange(len(order)) > 1)
        reach = 1
        found = []
        while len(at):
            one, other = order[at], order[at + reach]
            found.append(np.minimum(one, other) * width + np.maximum(one, other))
            reach += 1
            at = at[at + reach < run_ends[at]]
        if found:
            pairs = _union_of_sorted(pairs, np.unique(np.concatenate(found)))
    first, second = np.divmod(pairs, width)
    return rows[first], rows[second]


def _union_of_sorted(one: np.ndarray, other: np.ndarray) -> np.ndarray:
    """The sorted distinct values of two sorted arrays of distinct values: a stable sort of the two
    runs one after the other merges them in linear time."""
    merged = np.concatenate([one, other])
    merged.sort(kind="stable")
    keep = np.ones(len(merged), dtype=bool)
    keep[1:] = merged[1:] != merged[:-1]
    return merged[keep]


def similarity(values: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The estimated Jaccard similarity of each pair: the share of signature positions where they agree."""
    result = np.empty(len(first), dtype=np.float64)
    step = 65_536  # pairs per block: bounds the (pairs, PERMUTATIONS) comparison in memory
    for start in range(0, len(first), step):
        block = slice(start, start + step)
        result[block] = (values[first[block]] == values[second[block]]).mean(axis=1)
    return result


def _components(rows: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Each row's connected component over the edges ``first``-``second``, named by its lowest row.

    Labels only fall: each edge gives both its ends the lower of their labels, then every label
    jumps to its own label's label, until nothing moves.
    """
    labels = np.arange(rows)
    while True:
        lower = np.minimum(labels[first], labels[second])
        moved = labels.copy()
        np.minimum.at(moved, first, lower)
        np.minimum.at(moved, second, lower)
        moved = moved[moved]
        if np.array_equal(moved, labels):
            return labels
        labels = moved


# The reindex's side ---------------------------------------------------------

class SignatureSpool:
    """The signatures of the articles a reindex adds, kept in a file of the new generation (not in
    memory: 500 bytes an article) until the commit, when the groups are found."""

    def __init__(self, generation: Path):
        self.path = Path(generation) / _SPOOL
        self._handle = open(self.path, "wb")

    def add(self, documents: Sequence[dict], values: np.ndarray) -> None:
        """The signatures ``values`` of ``documents`` (Whoosh documents: their ``id`` and ``date``)."""
        spooled = np.zeros(len(documents), dtype=_SPOOLED)
        spooled["article"]["id"] = [document["id"].encode("utf-8") for document in documents]
        spooled["article"]["date"] = [as_date(document.get("date")) for document in documents]
        spooled["values"] = values
        spooled.tofile(self._handle)

    def read(self) -> tuple[np.ndarray, np.ndarray]:
        """(article records, signatures) of everything added, in the order added."""
        self._handle.close()
        spooled = np.fromfile(self.path, dtype=_SPOOLED)
        return spooled["article"], spooled["values"]

    def remove(self) -> None:
        self._handle.close()
        if self.path.exists():
            self.path.unlink()


@dataclass
class GroupingReport:
    articles: int = 0
    groups: int = 0  # of two or more articles
    grouped: int = 0  # articles in those groups
    read_again: int = 0  # articles whose signature was neither new nor kept, computed from the index
    seconds: float = 0.0


def write_groups(generation: Path, reader, spool: SignatureSpool, previous: Path | None) -> GroupingReport:
    """Find the groups of every live article of ``reader`` (the committed index of ``generation``) and
    write the duplicates files. Signatures come from ``spool`` (the articles this run added), else from
    the ``previous`` generation's file (the articles it kept), else from the stored text."""
    started = time.monotonic()
    docnums, ids = _live_articles(reader)
    new_articles, new_values = spool.read()
    old_articles, old_values = _stored_signatures(previous)
    if not len(new_articles) and np.array_equal(old_articles["docnum"], docnums) \
            and np.array_equal(old_articles["id"], ids) and _fits(generation, reader.doc_count_all()):
        # Nothing added, nothing moved: the groups the generation inherited (hard links) are still right.
        spool.remove()
        return _report(docnums, np.load(Path(generation) / GROUPS)[docnums], 0, started)
    known = np.concatenate([new_articles, old_articles[["id", "date"]].astype(ARTICLE_RECORD)])  # new ones win
    unique_ids, first_row = np.unique(known["id"], return_index=True)
    at = np.minimum(np.searchsorted(unique_ids, ids), max(len(unique_ids) - 1, 0))
    found = (unique_ids[at] == ids) if len(unique_ids) else np.zeros(len(ids), dtype=bool)
    # Two live documents with one id (a file repeating a record id) cannot tell their signatures apart.
    _, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
    found &= counts[inverse] == 1
    rows = first_row[at]
    articles = np.zeros(len(ids), dtype=LIVE_RECORD)
    articles["id"], articles["docnum"] = ids, docnums
    articles["date"][found] = known["date"][rows[found]]
    values = np.empty((len(ids), PERMUTATIONS), dtype=np.uint32)
    new, kept = found & (rows < len(new_articles)), found & (rows >= len(new_articles))
    values[new] = new_values[rows[new]]
    values[kept] = old_values[rows[kept] - len(new_articles)]
    missing = np.flatnonzero(~found)
    if len(missing):
        fields = [reader.stored_fields(int(docnums[i])) for i in missing]
        values[missing] = signatures([(f.get("title", ""), f.get("body", "")) for f in fields])
        articles["date"][missing] = [as_date(f.get("date")) for f in fields]
    representative = find_groups(values, articles["date"])
    groups = np.arange(reader.doc_count_all(), dtype=np.int32)
    groups[docnums] = docnums[representative]
    for name, array in ((ARTICLES, articles), (SIGNATURES, values), (GROUPS, groups)):
        _save(Path(generation) / name, array)
    spool.remove()
    return _report(docnums, groups[docnums], len(missing), started)


def _report(docnums: np.ndarray, groups: np.ndarray, read_again: int, started: float) -> GroupingReport:
    """The report on the live documents ``docnums`` in the groups ``groups`` (theirs, in the same order)."""
    sizes = np.bincount(groups, minlength=int(docnums.max(initial=-1)) + 1)
    return GroupingReport(articles=len(docnums), groups=int(np.count_nonzero(sizes > 1)),
                          grouped=int(sizes[sizes > 1].sum()), read_again=read_again,
                          seconds=time.monotonic() - started)


def _fits(generation: Path, doc_count_all: int) -> bool:
    """Whether the generation holds a groups file for as many documents as its index."""
    try:
        return np.load(Path(generation) / GROUPS, mmap_mode="r").shape == (doc_count_all,)
    except (OSError, ValueError):
        return False


def remove_files(generation: Path) -> None:
    """Drop the duplicates files (hard links from the generation an incremental run started from)."""
    for name in FILES:
        path = Path(generation) / name
        if path.exists():
            path.unlink()


def _live_articles(reader) -> tuple[np.ndarray, np.ndarray]:
    """The live documents' numbers (ascending) and article ids (``S16``), from the ``id`` terms."""
    docnums, ids = [], []
    for leaf, offset in reader.leaf_readers():
        if "id" not in leaf.indexed_field_names():
            continue
        for text, info in leaf.iter_field("id"):
            if info.doc_frequency() == 1:  # one document per id: the term's first is its document
                numbers = [info.min_id()]
            else:
                numbers = list(leaf.postings("id", text).all_ids())
            for number in numbers:
                if not leaf.is_deleted(number):
                    docnums.append(number + offset)
                    ids.append(text)
    order = np.argsort(np.array(docnums, dtype=np.int64), kind="stable")
    return np.array(docnums, dtype=np.int64)[order], np.array(ids, dtype="S16")[order]


def _stored_signatures(generation: Path | None) -> tuple[np.ndarray, np.ndarray]:
    """A generation's article records and signatures; none when it has no readable ones (logged)."""
    empty = np.zeros(0, dtype=LIVE_RECORD), np.zeros((0, PERMUTATIONS), dtype=np.uint32)
    if generation is None or not (Path(generation) / SIGNATURES).exists():
        return empty
    try:
        articles = np.load(Path(generation) / ARTICLES, allow_pickle=False)
        # Mapped, not read: only the rows of the articles kept are copied out, and none when nothing changed.
        values = np.load(Path(generation) / SIGNATURES, mmap_mode="r", allow_pickle=False)
        if articles.dtype != LIVE_RECORD or values.shape != (len(articles), PERMUTATIONS):
            raise ValueError(f"{len(articles)} articles of type {articles.dtype}, signatures of shape {values.shape}")
    except (OSError, ValueError) as exc:
        log.warning("ignoring the duplicate signatures of %s (the kept articles are read again): %s", generation, exc)
        return empty
    return articles, values


def _save(path: Path, array: np.ndarray) -> None:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    write_atomically(path, buffer.getvalue())


# The search's side ----------------------------------------------------------

class DuplicateGroups:
    """Per document number, its group: the document number of the group's representative."""

    def __init__(self, group: np.ndarray):
        self.group = group

    @classmethod
    def load(cls, generation: Path, doc_count_all: int) -> DuplicateGroups:
        """The generation's groups; every article alone when it has none or they do not fit it (logged)."""
        path = Path(generation) / GROUPS
        alone = cls(np.arange(doc_count_all, dtype=np.int32))
        if not path.exists():
            log.warning("%s has no duplicate groups (written by an older newsdex, or without grouping): every "
                        "article stands alone; `newsdex reindex` finds them", generation)
            return alone
        try:
            group = np.load(path, allow_pickle=False)
            if group.shape != (doc_count_all,) or group.dtype != np.int32:
                raise ValueError(f"{group.shape} {group.dtype} for {doc_count_all} documents")
            if len(group) and (group.min() < 0 or group.max() >= doc_count_all
                               or not np.array_equal(group[group], group)):
                raise ValueError("a group names no representative of its own")
        except (OSError, ValueError) as exc:
            log.warning("ignoring the damaged duplicate groups of %s (every article stands alone): %s", generation, exc)
            return alone
        return cls(group)

    def members(self, docnum: int) -> np.ndarray:
        """A mask over every document: the group of ``docnum``."""
        return self.group == self.group[docnum]

    def sizes(self, documents: np.ndarray) -> np.ndarray:
        """Per group (indexed by its representative's document number), how many of ``documents`` it holds."""
        return np.bincount(self.group[documents], minlength=len(self.group))

    def best_of_each(self, documents: np.ndarray, ranked: Callable[[int], np.ndarray], wanted: int) -> np.ndarray:
        """Positions in ``documents`` of the first ``wanted`` groups' best documents, best group first.

        ``ranked(k)`` gives the positions of the ``k`` best documents, best first, each prefix of a longer
        answer the same. The top ``k`` holding ``wanted`` groups holds their best documents, so the search
        looks no further than it must: four times as deep each time it finds too few.
        """
        depth = wanted
        while True:
            top = ranked(depth)
            _, first = np.unique(self.group[documents[top]], return_index=True)
            if len(first) >= wanted or depth >= len(documents):
                return top[np.sort(first)[:wanted]]
            depth = min(len(documents), depth * 4)

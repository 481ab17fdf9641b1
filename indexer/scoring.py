"""How matches are ranked: the weighting model every search uses.

Plain-text queries are scored with BM25F proper (Robertson & Zaragoza): for each query term the
frequencies in the title and the body are normalised by each field's length, weighted and added
into one pseudo-frequency, which is saturated once and multiplied by one idf::

    tf~(t, d) = sum_f  w_f * tf_f(t, d) / ((1 - b_f) + b_f * len_f(d) / avglen_f)
    score(d)  = sum_t  qtf(t) * idf(t) * tf~ (k1 + 1) / (k1 + tf~)
    idf(t)    = log(1 + (N - n + 0.5) / (n + 0.5))       (Lucene's BM25 idf: never negative)

with n the number of documents holding the term in either field. Summing independent per-field
BM25 scores instead (what Whoosh's ``BM25F`` does) counts a word that is in both the title and the
body twice, with two idfs, which over-rewards titles, most of all where the title repeats the body.

``FieldedTerms`` is the query leaf that scores this way; ``query.py`` builds plain text from it.
Fielded and syntax queries (``title:x``, phrases, wildcards) use ``BM25`` below, the same formula
per field, with the same idf.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from math import log

from whoosh import matching
from whoosh.query import qcore
from whoosh.scoring import WeightingModel, WeightLengthScorer, WeightScorer

from indexer.analysis import index_terms

K1 = 1.2
B = {"title": 0.5, "body": 0.5}
# Pseudo-relevance feedback (RM3-style) for plain-text queries: the FEEDBACK_TERMS words most
# typical of the FEEDBACK_DOCS best matches join the query with FEEDBACK_WEIGHT of the total weight.
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 20
FEEDBACK_WEIGHT = 0.4
RERANK_DEPTH = 1000
FEEDBACK_MAX_DOC_SHARE = 0.3
FIELD_WEIGHTS = {"title": 1.0, "body": 1.0}
DEFAULT_B = 0.75


def bm25_idf(doc_count: int, doc_frequency: int) -> float:
    return log(1.0 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


class BM25(WeightingModel):
    """BM25 with Lucene's idf; for one field at a time (fielded and syntax queries)."""

    def __init__(self, k1: float = K1, b: dict[str, float] | None = None,
                 field_weights: dict[str, float] | None = None):
        self.k1 = k1
        self.b = dict(B if b is None else b)
        self.field_weights = dict(FIELD_WEIGHTS if field_weights is None else field_weights)

    def supports_block_quality(self):
        return True

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        return bm25_idf(parent.doc_count_all(), parent.doc_frequency(fieldname, text))

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        return _FieldScorer(self, searcher, fieldname, text, qf)


class _FieldScorer(WeightLengthScorer):
    def __init__(self, model: BM25, searcher, fieldname, text, qf=1):
        parent = searcher.get_parent()
        self.idf = parent.idf(fieldname, text)
        self.avgfl = parent.avg_field_length(fieldname) or 1.0
        self.k1 = model.k1
        self.b = model.b.get(fieldname, DEFAULT_B)
        # Whoosh stores tf * field_boost as the posting weight: score the raw frequency.
        self.unboost = 1.0 / (_field_boost(searcher.schema[fieldname]) or 1.0)
        self.setup(searcher, fieldname, text)

    def _score(self, weight, length):
        tf = weight * self.unboost
        norm = (1.0 - self.b) + self.b * length / self.avgfl
        return self.idf * tf * (self.k1 + 1.0) / (tf + self.k1 * norm)


def weighting() -> BM25:
    return BM25()


def _field_boost(field) -> float:
    return getattr(field.format, "field_boost", 1.0) or 1.0


# BM25F across fields --------------------------------------------------------------------------

class _LRU:
    """A thread-safe least-recently-used cache that holds at most ``capacity`` units of size."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._lock = threading.Lock()
        self._entries: OrderedDict = OrderedDict()
        self._held = 0

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key, value, size: int = 1) -> None:
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (value, size)
            self._held += size
            while self._held > self.capacity and len(self._entries) > 1:
                self._held -= self._entries.popitem(last=False)[1][1]


def segment_key(reader):
    """What a segment reader's cached data depends on: the segment's content and its deletions.

    Every server thread opens readers of its own; keying the caches by content
    lets them share what one thread has computed. A segment's deletions only
    grow, so their count tells its versions apart.
    """
    segment = reader.segment() if hasattr(reader, "segment") else None
    if segment is None:
        return reader
    return (segment.segment_id(), segment.deleted_count())


_norms = _LRU(capacity=32)


def _length_norms(reader, fieldname: str, b: float, avg: float, scale: float) -> list[float]:
    """Per document of one segment: ``scale / ((1 - b) + b * length / avg)``, computed once per segment."""
    key = (segment_key(reader), fieldname, b, avg, scale)
    norms = _norms.get(key)
    if norms is None:
        norms = [scale / ((1.0 - b) + b * (reader.doc_field_length(d, fieldname, 0) or 0) / avg)
                 for d in range(reader.doc_count_all())]
        _norms.put(key, norms)
    return norms


def _read_postings(postings) -> tuple[array, array]:
    """A term's whole postings list as (doc numbers, weights).

    Whoosh 2.7.4 (pinned) decodes a block of postings at once; reading the
    decoded block saves three method calls per posting. Other matcher types go
    posting by posting.
    """
    ids, weights = array("i"), array("f")
    if hasattr(postings, "_read_ids") and hasattr(postings, "_next_block"):
        while postings.is_active():
            postings._read_ids()
            postings._read_weights()
            ids.extend(postings._ids[postings._i:])
            weights.extend(postings._weights[postings._i:])
            postings._next_block()
        return ids, weights
    while postings.is_active():
        ids.append(postings.id())
        weights.append(postings.weight())
        postings.next()
    return ids, weights


# Decoded postings of recently scored terms, within a memory budget. Decoding is most of a query's
# cost: Whoosh unpickles each block with its positions even when only frequencies are wanted, and
# news queries and their feedback words keep coming back to the same common terms.
POSTINGS_CACHE_BYTES = 64 * 2**20
_postings = _LRU(capacity=POSTINGS_CACHE_BYTES)


def _restricted(ids: array, weights: array, only) -> tuple[list[int], list[float]]:
    """The postings of the documents in ``only``.

    A binary search per document in the sorted doc numbers when ``only`` is much
    shorter than the postings, a scan otherwise.
    """
    if 8 * len(only) > len(ids):
        pairs = [(d, w) for d, w in zip(ids, weights, strict=True) if d in only]
        return [d for d, _ in pairs], [w for _, w in pairs]
    found_ids, found_weights = [], []
    size = len(ids)
    for docnum in sorted(only):
        i = bisect_left(ids, docnum)
        if i < size and ids[i] == docnum:
            found_ids.append(docnum)
            found_weights.append(weights[i])
    return found_ids, found_weights


def _cached_postings(reader, fieldname: str, btext: bytes) -> tuple[array, array]:
    key = (segment_key(reader), fieldname, btext)
    found = _postings.get(key)
    if found is None:
        found = _read_postings(reader.postings(fieldname, btext))
        ids, weights = found
        _postings.put(key, found, ids.itemsize * len(ids) + weights.itemsize * len(weights))
    return found


class FieldedTerms(qcore.Query):
    """Analysed words searched in several text fields at once and scored by BM25F, as one query leaf.

    ``weights`` maps each word to the factor its score is multiplied by (the query builds it from how
    often the word occurs in the query). Every document holding any word matches; the scores are
    computed once into one list, so a long query costs one pass over each word's postings.
    """

    def __init__(self, fieldnames, weights: dict[str, float], boost: float = 1.0, feedback: bool = False):
        self.fieldnames = tuple(fieldnames)
        self.weights = dict(weights)
        self.boost = boost
        self.feedback = feedback

    def __eq__(self, other):
        return (isinstance(other, FieldedTerms) and self.fieldnames == other.fieldnames
                and self.weights == other.weights and self.boost == other.boost
                and self.feedback == other.feedback)

    def __hash__(self):
        return hash((self.fieldnames, tuple(sorted(self.weights.items())), self.boost, self.feedback))

    def __repr__(self):
        return f"FieldedTerms({self.fieldnames!r}, {self.weights!r}, boost={self.boost}, feedback={self.feedback})"

    def __unicode__(self):
        words = " ".join(text if weight == 1 else f"{text}^{weight:g}" for text, weight in self.weights.items())
        text = f"({'|'.join(self.fieldnames)}):({words})"
        return text if self.boost == 1 else f"{text}^{self.boost:g}"

    __str__ = __unicode__

    def has_terms(self):
        return True

    def terms(self, phrases=False):
        for text in self.weights:
            for fieldname in self.fieldnames:
                yield fieldname, text

    def estimate_size(self, ixreader):
        return sum(ixreader.doc_frequency(f, t) for t in self.weights for f in self.fieldnames
                   if f in ixreader.schema)

    def matcher(self, searcher, context=None):
        model = context.weighting if context is not None else searcher.weighting
        if not isinstance(model, BM25):
            model = BM25()
        ids, scores, fields_of = self._scored(searcher, model)
        if not ids:
            return matching.NullMatcher()
        return _ScoredMatcher(ids, scores, fields_of)

    def _scored(self, searcher, model: BM25):
        """Sorted doc numbers of one segment, their scores, and the terms each matched; cached per segment.

        Whoosh asks for a matcher more than once per search (counting, ranking,
        highlighting); the scores are computed once.
        """
        reader = searcher.reader()
        key = (self.fieldnames, tuple(self.weights.items()), self.boost, self.feedback, model.k1,
               tuple(sorted(model.b.items())), tuple(sorted(model.field_weights.items())))
        key = (segment_key(reader), key)
        found = _recent.get(key)
        if found is None:
            if self.feedback:
                ids, scores, fields_of = self._without_feedback()._scored(searcher, model)
                totals = dict(zip(ids, scores, strict=True))
                if totals:
                    extra = self._feedback_words(searcher.get_parent(), model)
                    totals = self._with_feedback(searcher, reader, model, totals, extra)
                    scores = [totals[d] for d in ids]
            else:
                totals, fields_of = self._score(searcher, reader, model, self.weights)
                ids = sorted(totals)
                scores = [totals[d] for d in ids]
            found = (ids, scores, fields_of)
            _recent.put(key, found)
        return found

    def _without_feedback(self) -> FieldedTerms:
        return FieldedTerms(self.fieldnames, self.weights, self.boost)

    def all_scores(self, searcher) -> dict[int, float]:
        """Every matching document of the index (``searcher`` is the top-level one) with its score.

        The same scores Whoosh's collectors would gather, read straight from the
        per-segment results instead of one posting at a time.
        """
        model = searcher.weighting if isinstance(searcher.weighting, BM25) else BM25()
        scores: dict[int, float] = {}
        for leaf, offset in searcher.leaf_searchers():
            ids, leaf_scores, _ = self._scored(leaf, model)
            scores.update(zip((docnum + offset for docnum in ids), leaf_scores, strict=True))
        return scores

    def _feedback_words(self, parent, model: BM25) -> dict[str, float]:
        """The FEEDBACK_TERMS words most typical of the whole index's best matches, with their weights."""
        plain = self._without_feedback().all_scores(parent)
        top = [(score, docnum) for docnum, score in heapq.nlargest(FEEDBACK_DOCS, plain.items(),
                                                                    key=lambda item: item[1]) if score > 0]
        total = sum(score for score, _ in top) or 1.0
        relevance: dict[str, float] = {}
        for score, docnum in top:
            stored = parent.stored_fields(docnum)
            words = [term for f in self.fieldnames for term in index_terms(str(stored.get(f) or ""))]
            if not words:
                continue
            share = score / total / len(words)
            for word in words:
                relevance[word] = relevance.get(word, 0.0) + share
        # Words in most documents say nothing about this topic and cost the longest postings to score.
        common = FEEDBACK_MAX_DOC_SHARE * parent.doc_count_all()
        candidates = (item for item in sorted(relevance.items(), key=lambda item: (-item[1], item[0]))
                      if item[0] in self.weights or max(parent.doc_frequency(f, item[0]) for f in self.fieldnames)
                      <= common)
        best = list(itertools.islice(candidates, FEEDBACK_TERMS))
        best_total = sum(value for _, value in best) or 1.0
        return {word: FEEDBACK_WEIGHT * value / best_total for word, value in best}

    def _with_feedback(self, searcher, reader, model: BM25, totals: dict[int, float],
                       extra: dict[str, float]) -> dict[int, float]:
        """RM3 without smoothing: ``1 - FEEDBACK_WEIGHT`` of the user's words plus the feedback words.

        Feedback only reorders the RERANK_DEPTH best matches of each segment:
        every hit still holds a word the user typed.
        """
        keep = (1.0 - FEEDBACK_WEIGHT) / (sum(self.weights.values()) or 1.0)
        rescored = {docnum: score * keep for docnum, score in totals.items()}
        candidates = dict(heapq.nlargest(RERANK_DEPTH, totals.items(), key=lambda item: item[1]))
        feedback_scores, _ = self._score(searcher, reader, model, extra, only=candidates.keys())
        for docnum, score in feedback_scores.items():
            rescored[docnum] += score
        return rescored

    def _score(self, searcher, reader, model: BM25, weights: dict[str, float], only=None):
        """BM25F score per matching document of this segment, and per word the (field, term) each matched.

        With ``only`` (a set-like of doc numbers), just those documents are scored.
        """
        parent = searcher.get_parent()
        schema = searcher.schema
        fields = [f for f in self.fieldnames if f in schema and schema[f].scorable]
        doc_count = parent.doc_count_all()
        k1 = model.k1
        totals: dict[int, float] = {}
        fields_of = []  # per word: {docnum: (field, btext)}, the last field listed that holds it
        for text, weight in weights.items():
            doc_frequency = max((parent.doc_frequency(f, text) for f in fields), default=0)
            if not doc_frequency:
                continue
            factor = bm25_idf(doc_count, doc_frequency) * weight * self.boost * (k1 + 1.0)
            pseudo: dict[int, float] = {}
            matched: dict[int, tuple] = {}
            for fieldname in fields:
                btext = schema[fieldname].to_bytes(text)
                if (fieldname, btext) not in reader:
                    continue
                scale = model.field_weights.get(fieldname, 1.0) / _field_boost(schema[fieldname])
                norms = _length_norms(reader, fieldname, model.b.get(fieldname, DEFAULT_B),
                                      parent.avg_field_length(fieldname) or 1.0, scale)
                get = pseudo.get
                ids, postings_weights = _cached_postings(reader, fieldname, btext)
                if only is not None:
                    ids, postings_weights = _restricted(ids, postings_weights, only)
                for docnum, w in zip(ids, postings_weights, strict=True):
                    pseudo[docnum] = get(docnum, 0.0) + w * norms[docnum]
                matched.update(dict.fromkeys(ids, (fieldname, btext)))
            get = totals.get
            for docnum, tf in pseudo.items():
                totals[docnum] = get(docnum, 0.0) + factor * tf / (k1 + tf)
            if matched:
                fields_of.append(matched)
        return totals, fields_of


# Scores of recent queries per segment: feedback reuses the plain query's scores.
_recent = _LRU(capacity=64)


class _ScoredMatcher(matching.ListMatcher):
    """Documents with their final scores; one child per word reports that word as matched (highlighting)."""

    def __init__(self, ids, scores, fields_of, position=0):
        super().__init__(ids, weights=scores, position=position)
        self._scores = scores
        self._max = max(scores, default=0.0)
        self._fields_of = fields_of
        self._words = [_WordView(self, matched) for matched in fields_of]

    def copy(self):
        return _ScoredMatcher(self._ids, self._scores, self._fields_of, self._i)

    def children(self):
        return self._words

    def term(self):
        return None

    def supports_block_quality(self):
        return False

    def max_quality(self):
        return self._max

    def score(self):
        return self._scores[self._i]

    def weight(self):
        return self._scores[self._i]

    def matching_terms(self, id=None):
        for word in self._words:
            if word.is_active() and (id is None or id == word.id()):
                yield word.term()


class _WordView(matching.Matcher):
    """Active exactly when the parent's current document holds this word: what Whoosh's term collector asks."""

    def __init__(self, parent: _ScoredMatcher, matched: dict):
        self._parent = parent
        self._matched = matched
        self._any = next(iter(matched.values()))

    def is_active(self):
        return self._parent.is_active() and self._parent.id() in self._matched

    def id(self):
        return self._parent.id()

    def term(self):
        if self._parent.is_active():
            return self._matched.get(self._parent.id(), self._any)
        return self._any

    def children(self):
        return []

    def supports(self, astype):
        return False

"""How matches are ranked: BM25F, defined once here, and the feedback plain-text queries get.

Plain-text queries are scored with BM25F proper (Robertson & Zaragoza): for each query term the
frequencies in the title and the body are normalised by each field's length, weighted and added
into one pseudo-frequency, which is saturated once and multiplied by one idf::

    tf~(t, d) = sum_f  w_f * tf_f(t, d) / ((1 - b_f) + b_f * len_f(d) / avglen_f)
    score(d)  = sum_t  qtf(t) * idf(t) * tf~ (k1 + 1) / (k1 + tf~)
    idf(t)    = log(1 + (N - n + 0.5) / (n + 0.5))       (Lucene's BM25 idf: never negative)

with n the number of documents holding the term in either field. Summing independent per-field
BM25 scores instead (what Whoosh's ``BM25F`` does) counts a word that is in both the title and the
body twice, with two idfs, which over-rewards titles, most of all where the title repeats the body.
A word restricted to one field (``title:x``, a phrase's words) is the same formula over that one
field, with weight 1.

``idf``, ``length_factor`` and ``saturation`` are that formula, written once; each works on floats
(Whoosh's per-document scorer, ``BM25`` below) and on numpy arrays (``FieldedTerms``, and
``indexer/search/syntax.py``, which score a whole postings list at a time from the rank postings,
``indexer/index/postings.py``). ``RankingParameters`` holds every constant a score depends on, including
the policy that plain text, and never syntax, gets pseudo-relevance feedback; it keys the score cache.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from math import log

import numpy as np
from whoosh import matching
from whoosh.query import qcore
from whoosh.scoring import WeightingModel, WeightLengthScorer, WeightScorer

from indexer.index.postings import RankPostings, SegmentPostings


@dataclass(frozen=True)
class RankingParameters:
    """Every constant a score depends on besides the index and the query.

    Scores are cached under these parameters themselves (frozen, so hashable): a parameter added
    here is part of the cache key without further work.
    """

    k1: float = 0.9
    # Per field (pairs, so the parameters stay hashable); a field not named gets ``default_b``.
    b: tuple[tuple[str, float], ...] = (("title", 0.5), ("body", 0.5))
    default_b: float = 0.75
    field_weights: tuple[tuple[str, float], ...] = (("title", 1.0), ("body", 1.0))
    # Pseudo-relevance feedback (RM3-style) for plain-text queries: the feedback_terms words most
    # typical of the feedback_docs best matches join the query with feedback_weight of the total weight.
    plain_text_feedback: bool = True
    feedback_docs: int = 10
    feedback_terms: int = 20
    feedback_weight: float = 0.6
    rerank_depth: int = 1000
    feedback_max_doc_share: float = 0.3
    # A long plain-text query (natural language, as the test collections' queries are) matches the
    # documents holding minimum_should_match of its distinct words, rounded down, and at least one;
    # a short one needs all of them (FieldedTerms.every_word, docs/query-syntax.md).
    minimum_should_match: float = 0.0
    every_word_min_matches: int = 10  # a page of results (SearchRequest.page_size)
    # A keyword query's consecutive words standing next to each other in a document (either order,
    # stop words between them not counted) score as one more query word of together_weight.
    together_weight: float = 0.25

    def required_words(self, distinct_words: int) -> int:
        """How many of a long plain-text query's distinct words a document must hold to match."""
        return max(1, int(self.minimum_should_match * distinct_words))

    def field_b(self, fieldname: str) -> float:
        return dict(self.b).get(fieldname, self.default_b)

    def field_weight(self, fieldname: str) -> float:
        return dict(self.field_weights).get(fieldname, 1.0)


# The formula, for floats and numpy arrays alike ----------------------------------------------

def idf(doc_count: int, doc_frequency: int) -> float:
    return log(1.0 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


def length_factor(length, avg_length: float, b: float, scale: float):
    """What a posting weight is multiplied by to give its field's share of the pseudo-frequency.

    ``scale`` is the field's weight divided by the field boost Whoosh multiplied into the weight.
    """
    return scale / ((1.0 - b) + b * length / avg_length)


def saturation(pseudo_frequency, k1: float, factor: float):
    """One term's score from its (pseudo-)frequency; ``factor`` is its idf times query weight and boost."""
    return factor * (k1 + 1.0) * pseudo_frequency / (k1 + pseudo_frequency)


def field_boost(field) -> float:
    return getattr(field.format, "field_boost", 1.0) or 1.0


def segment_length_factors(segment: SegmentPostings, parent, fieldname: str, parameters: RankingParameters,
                           field_weight: float = 1.0) -> np.ndarray:
    """``length_factor`` of every document of one segment in one field (cached with the segment)."""
    b = parameters.field_b(fieldname)
    avg = parent.avg_field_length(fieldname) or 1.0
    scale = field_weight / field_boost(parent.schema[fieldname])
    return segment.cached(("length factors", fieldname, b, avg, scale),
                          lambda: length_factor(segment.lengths[fieldname].astype(np.float64), avg, b, scale))


def field_scores(parent, segment: SegmentPostings, fieldname: str, text: str, ids: np.ndarray,
                 weights: np.ndarray, parameters: RankingParameters) -> np.ndarray:
    """BM25 of one word in one field for the documents ``ids`` with posting ``weights`` (arrays)."""
    if not len(ids):
        return np.zeros(0)
    pseudo_frequency = weights * segment_length_factors(segment, parent, fieldname, parameters)[ids]
    return saturation(pseudo_frequency, parameters.k1, parent.idf(fieldname, text))


class BM25(WeightingModel):
    """The weighting model of every searcher; Whoosh's matchers score one field at a time with it."""

    def __init__(self, parameters: RankingParameters | None = None, postings: RankPostings | None = None):
        self.parameters = parameters if parameters is not None else RankingParameters()
        # Where the array scorers read postings from; without a generation, out of Whoosh's postings.
        self.postings = postings if postings is not None else RankPostings(None)

    def supports_block_quality(self):
        return True

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        return idf(parent.doc_count_all(), parent.doc_frequency(fieldname, text))

    def scorer(self, searcher, fieldname, text, qf=1):
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        return _FieldScorer(self.parameters, searcher, fieldname, text)


class _FieldScorer(WeightLengthScorer):
    def __init__(self, parameters: RankingParameters, searcher, fieldname, text):
        parent = searcher.get_parent()
        self.idf = parent.idf(fieldname, text)
        self.avg = parent.avg_field_length(fieldname) or 1.0
        self.k1 = parameters.k1
        self.b = parameters.field_b(fieldname)
        # Whoosh stores tf * field_boost as the posting weight: score the raw frequency.
        self.scale = 1.0 / field_boost(searcher.schema[fieldname])
        self.setup(searcher, fieldname, text)

    def _score(self, weight, length):
        return saturation(weight * length_factor(length, self.avg, self.b, self.scale), self.k1, self.idf)


def bm25_model(*models) -> BM25:
    """The first BM25 among ``models``: an unscored context (``NOT x``) has none, its searcher has."""
    return next((model for model in models if isinstance(model, BM25)), None) or BM25()


def index_scores(searcher, segment_scores: Callable) -> tuple[np.ndarray, np.ndarray]:
    """Every segment's ``segment_scores(leaf_searcher)`` as one list in index doc numbers, ascending."""
    parts = [(ids.astype(np.int64) + offset, scores)
             for leaf, offset in searcher.leaf_searchers()
             for ids, scores in [segment_scores(leaf)]]
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate([ids for ids, _ in parts]), np.concatenate([scores for _, scores in parts])


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


def top_indices(values: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest values, largest first, equal values in position order.

    The order ``heapq.nlargest`` gives, without a Python loop: a partition finds
    the k-th largest value, and only the values at or above it are sorted.
    """
    size = len(values)
    if k <= 0 or size == 0:
        return np.zeros(0, dtype=np.int64)
    if k < size:
        kth = np.partition(values, size - k)[size - k]
        candidates = np.flatnonzero(values >= kth)
    else:
        candidates = np.arange(size)
    order = np.lexsort((candidates, -values[candidates]))
    return candidates[order[:k]]


def _restricted(ids: np.ndarray, weights: np.ndarray, only: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The postings of the documents in ``only`` (sorted doc numbers): a binary search each."""
    if not len(ids) or not len(only):
        return ids[:0], weights[:0]
    at = np.minimum(np.searchsorted(ids, only), len(ids) - 1)
    found = ids[at] == only
    return only[found], weights[at[found]]


class FieldedTerms(qcore.Query):
    """Analysed words searched in several text fields at once and scored by BM25F, as one query leaf.

    ``weights`` maps each word to the factor its score is multiplied by (the query builds it from how
    often the word occurs in the query). The scores are computed once into one list, so a long query
    costs one pass over each word's postings. ``plain_text`` says what the user typed: the whole query
    as plain text, or a word inside syntax, where every document holding a word matches and the syntax
    combines the words. For plain text, ``RankingParameters`` decides whether feedback reorders the
    matches, and ``required_words`` how many of the words a match must hold: all of them for a keyword
    query (``every_word``, a short query as people type one), a share of them for natural language.
    With ``as_one_word`` the words are the index terms one query word stands for (a prefix, a wildcard,
    a fuzzy word) and count as that one word, of weight 1: their frequencies, each times its weight (how
    close the term is to the word typed), add up, and its idf is that of the documents holding any of
    them, so a rare variant does not outweigh the common form.
    """

    def __init__(self, fieldnames, weights: dict[str, float], boost: float = 1.0, plain_text: bool = False,
                 every_word: bool = False, as_one_word: bool = False):
        self.fieldnames = tuple(fieldnames)
        self.weights = dict(weights)
        self.boost = boost
        self.plain_text = plain_text
        self.every_word = every_word
        self.as_one_word = as_one_word

    def __eq__(self, other):
        return (isinstance(other, FieldedTerms) and self.fieldnames == other.fieldnames
                and self.weights == other.weights and self.boost == other.boost
                and self.plain_text == other.plain_text and self.every_word == other.every_word
                and self.as_one_word == other.as_one_word)

    def __hash__(self):
        return hash((self.fieldnames, tuple(sorted(self.weights.items())), self.boost, self.plain_text,
                     self.every_word, self.as_one_word))

    def __repr__(self):
        return (f"FieldedTerms({self.fieldnames!r}, {self.weights!r}, boost={self.boost}, "
                f"plain_text={self.plain_text}, every_word={self.every_word}, as_one_word={self.as_one_word})")

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

    def required_words(self, searcher, model: BM25) -> int:
        """How many of the distinct words a document must hold to match, over the whole index.

        A keyword query (``every_word``) needs them all, unless fewer than
        ``every_word_min_matches`` documents hold them all: then it needs all but one, and so on,
        so that one word no article has (a typo, another spelling) does not leave a user nothing.
        Where fewer documents than that hold any word, it needs as many as the documents holding
        any word all hold (all of them, when those documents hold every word).
        """
        parameters = model.parameters
        if not self.plain_text:
            return 1
        if not self.every_word:
            return parameters.required_words(len(self.weights))
        held = [self._matches(leaf, model)[2] for leaf, _ in searcher.get_parent().leaf_searchers()]
        counts = np.bincount(np.concatenate([np.zeros(0, dtype=np.int32), *held]), minlength=len(self.weights) + 1)
        holding_at_least = np.cumsum(counts[::-1])[::-1]
        wanted = min(parameters.every_word_min_matches, holding_at_least[1])
        for required in range(len(self.weights), 1, -1):
            if holding_at_least[required] >= wanted:
                return required
        return 1

    def matcher(self, searcher, context=None):
        """For a FieldedTerms inside a syntax query (``oil AND prices``): this segment's matches as a list."""
        model = bm25_model(context.weighting if context is not None else None, searcher.weighting)
        return scored_matcher(*self.segment_scores(searcher, model))

    def all_scores(self, searcher) -> tuple[np.ndarray, np.ndarray]:
        """Every matching live document of the index (``searcher`` is the top-level one), ascending, and its score."""
        model = bm25_model(searcher.weighting)
        required = self.required_words(searcher, model)
        return index_scores(searcher, lambda leaf: self._segment_scores(leaf, model, required, self._feedback(model)))

    def segment_scores(self, searcher, model: BM25) -> tuple[np.ndarray, np.ndarray]:
        """One segment's matching live documents (ascending) and their scores; cached per segment."""
        return self._segment_scores(searcher, model, self.required_words(searcher, model), self._feedback(model))

    def _feedback(self, model: BM25) -> bool:
        return self.plain_text and model.parameters.plain_text_feedback

    def _segment_scores(self, searcher, model: BM25, required: int, feedback: bool) -> tuple[np.ndarray, np.ndarray]:
        """The live documents of one segment holding at least ``required`` of the words, and their scores."""
        if not feedback:
            ids, scores, held = self._matches(searcher, model)
            if required <= 1:
                return ids, scores
            enough = held >= required
            return ids[enough], scores[enough]
        # Whoosh asks for a matcher more than once per search (counting, ranking): computed once.
        parent = searcher.get_parent()
        key = (*self._cache_key(searcher), required, model.parameters)
        found = _recent.get(key)
        if found is None:
            ids, scores = self._segment_scores(searcher, model, required, feedback=False)
            if len(ids):
                extra = self._feedback_words(parent, model, required)
                scores = self._with_feedback(parent, model.postings.segment(searcher.reader()), model, ids, scores,
                                             extra)
            found = (ids, scores)
            for array in found:
                array.flags.writeable = False  # shared by every search that hits the cache
            _recent.put(key, found, ids.nbytes + scores.nbytes)
        return found

    def _matches(self, searcher, model: BM25) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One segment's live documents holding any of the words (ascending), their scores without
        feedback and how many of the words each holds; cached, as feedback and the count of
        ``required_words`` start from them."""
        key = (*self._cache_key(searcher), "matches", model.parameters)
        found = _recent.get(key)
        if found is None:
            segment = model.postings.segment(searcher.reader())
            one_word_frequency = self._one_word_frequency(searcher, model) if self.as_one_word else None
            totals, words_held = self._score(searcher.get_parent(), segment, model, self.weights,
                                             one_word_frequency=one_word_frequency)
            if self.every_word and model.parameters.together_weight:
                totals += self._together(searcher, model)
            ids = np.flatnonzero((words_held > 0) & ~segment.deleted)
            found = (ids, totals[ids], words_held[ids])
            for array in found:
                array.flags.writeable = False  # shared by every search that hits the cache
            _recent.put(key, found, sum(array.nbytes for array in found))
        return found

    def _together(self, searcher, model: BM25) -> np.ndarray:
        """Every document's score (per segment document) for the query's consecutive words standing
        together: each pair is scored by BM25F as a word whose occurrences are the places where the
        two stand next to each other, with the idf of the documents where they do."""
        parameters = model.parameters
        parent = searcher.get_parent()
        segment = model.postings.segment(searcher.reader())
        totals = np.zeros(segment.doc_count)
        words = list(self.weights)
        for pair in zip(words, words[1:], strict=False):
            # Documents where the pair stands together, over the whole index, as a word's idf counts them.
            doc_frequency = sum(len(set().union(*(docs.tolist() for docs, _ in found.values())))
                                for leaf, _ in parent.leaf_searchers() for found in [self._pairs(leaf, model, pair)])
            doc_parts, tf_parts = [], []
            for fieldname, (docs, counts) in self._pairs(searcher, model, pair).items():
                factors = segment_length_factors(segment, parent, fieldname, parameters,
                                                 parameters.field_weight(fieldname))
                doc_parts.append(docs)
                tf_parts.append(counts * segment.boosts[fieldname] * factors[docs])
            if not doc_parts:
                continue
            docs, position = np.unique(np.concatenate(doc_parts), return_inverse=True)
            tf = np.bincount(position, weights=np.concatenate(tf_parts))
            weight = parameters.together_weight * self.boost
            totals[docs] += saturation(tf, parameters.k1, idf(parent.doc_count_all(), doc_frequency) * weight)
        return totals

    def _pairs(self, searcher, model: BM25, pair: tuple[str, str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """``pair_counts`` of one segment, cached: every segment's are read for the pair's idf."""
        key = (segment_key(searcher.reader()), self.fieldnames, pair, "together")
        found = _recent.get(key)
        if found is None:
            found = pair_counts(model.postings.segment(searcher.reader()), self.fieldnames, pair)
            _recent.put(key, found, sum(docs.nbytes + counts.nbytes for docs, counts in found.values()) + 1)
        return found

    def _cache_key(self, searcher) -> tuple:
        # Scores also depend on the whole index (document count, idf, average lengths): an unchanged
        # segment of a new generation must not reuse the previous generation's scores.
        parent = searcher.get_parent()
        index_key = tuple(segment_key(leaf) for leaf, _ in parent.reader().leaf_readers())
        return (segment_key(searcher.reader()), index_key, self.fieldnames, tuple(self.weights.items()), self.boost,
                self.every_word, self.as_one_word)

    def _one_word_frequency(self, searcher, model: BM25) -> int:
        """How many documents of the whole index hold any of the words in one field, the field where most
        do (a single word's document frequency is its largest over the fields, as ``_score`` takes it).

        Counted in the rank postings, which, like Whoosh's document frequencies, still list deleted documents.
        """
        parent = searcher.get_parent()
        schema = parent.schema
        segments = [model.postings.segment(leaf.reader()) for leaf, _ in parent.leaf_searchers()]

        def holding(segment, fieldname) -> int:
            return len(np.unique(np.concatenate([segment.postings(fieldname, text)[0] for text in self.weights])))

        return max((sum(holding(segment, fieldname) for segment in segments) for fieldname in self.fieldnames
                    if fieldname in schema and schema[fieldname].scorable), default=0)

    def _feedback_words(self, parent, model: BM25, required: int = 1) -> dict[str, float]:
        """The feedback_terms words most typical of the whole index's best matches, with their weights."""
        parameters = model.parameters
        ids, scores = index_scores(parent, lambda leaf: self._segment_scores(leaf, model, required, feedback=False))
        best = top_indices(scores, parameters.feedback_docs)
        top = [(float(scores[i]), int(ids[i])) for i in best if scores[i] > 0]
        total = sum(score for score, _ in top) or 1.0
        leaves = parent.leaf_searchers()
        offsets = [offset for _, offset in leaves]
        relevance: dict[str, float] = {}
        for score, docnum in top:
            leaf, offset = leaves[bisect.bisect_right(offsets, docnum) - 1]
            held = model.postings.segment(leaf.reader()).document_terms(docnum - offset, self.fieldnames)
            length = sum(held.values())
            if not length:
                continue
            share = score / total / length
            for word, frequency in held.items():
                relevance[word] = relevance.get(word, 0.0) + share * frequency
        # Words in most documents say nothing about this topic and cost the longest postings to score.
        common = parameters.feedback_max_doc_share * parent.doc_count_all()
        # Most relevant first, ties in word order: two sorts without a Python key (a stable sort keeps
        # the word order among equal values), as a query's best matches hold some 500 words.
        ranked = sorted(relevance.items())
        ranked.sort(key=operator.itemgetter(1), reverse=True)
        candidates = (item for item in ranked
                      if item[0] in self.weights
                      or max(model.postings.doc_frequency(parent.reader(), f, item[0]) for f in self.fieldnames)
                      <= common)
        best_words = list(itertools.islice(candidates, parameters.feedback_terms))
        best_total = sum(value for _, value in best_words) or 1.0
        return {word: parameters.feedback_weight * value / best_total for word, value in best_words}

    def _with_feedback(self, parent, segment, model: BM25, ids: np.ndarray, scores: np.ndarray,
                       extra: dict[str, float]) -> np.ndarray:
        """RM3 without smoothing: ``1 - feedback_weight`` of the user's words plus the feedback words.

        Feedback only reorders the rerank_depth best matches of each segment:
        every hit still holds a word the user typed.
        """
        parameters = model.parameters
        keep = (1.0 - parameters.feedback_weight) / (sum(self.weights.values()) or 1.0)
        rescored = scores * keep
        candidates = np.sort(top_indices(scores, parameters.rerank_depth))
        feedback, _ = self._score(parent, segment, model, extra, only=ids[candidates])
        rescored[candidates] += feedback[ids[candidates]]
        return rescored

    def _score(self, parent, segment, model: BM25, weights: dict[str, float],
               only: np.ndarray | None = None,
               one_word_frequency: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """BM25F score of every document of one segment (zero where nothing matched), and how many of
        the words each document holds.

        With ``only`` (sorted doc numbers), just those documents are scored. With ``one_word_frequency``,
        the words count as one word of weight 1 that this many documents hold, each word's weight
        multiplying its frequencies (``as_one_word``).
        """
        parameters = model.parameters
        schema = parent.schema
        fields = [f for f in self.fieldnames if f in schema and schema[f].scorable]
        doc_count = parent.doc_count_all()
        totals = np.zeros(segment.doc_count)
        words_held = np.zeros(segment.doc_count, dtype=np.int32)
        # Each word: its terms with what their frequencies are multiplied by, its weight, its document frequency.
        if one_word_frequency is None:
            words = [(((text, 1.0),), weight,
                      max((model.postings.doc_frequency(parent.reader(), f, text) for f in fields), default=0))
                     for text, weight in weights.items()]
        else:
            words = [(tuple(weights.items()), 1.0, one_word_frequency)]
        for terms, weight, doc_frequency in words:
            if not doc_frequency:
                continue
            doc_parts, tf_parts = [], []
            for fieldname, (text, frequency_factor) in itertools.product(fields, terms):
                ids, postings_weights = segment.postings(fieldname, text)
                if only is not None:
                    ids, postings_weights = _restricted(ids, postings_weights, only)
                if not len(ids):
                    continue
                factors = segment_length_factors(segment, parent, fieldname, parameters,
                                                 parameters.field_weight(fieldname))
                doc_parts.append(ids)
                tf = postings_weights * factors[ids]
                tf_parts.append(tf if frequency_factor == 1.0 else tf * frequency_factor)
            if not doc_parts:
                continue
            if len(doc_parts) == 1:
                docs, tf = doc_parts[0], tf_parts[0]
            else:
                # A document in several fields (or with several terms of one word): its pseudo-frequency
                # adds them up, the fields in schema order.
                docs, position = np.unique(np.concatenate(doc_parts), return_inverse=True)
                tf = np.bincount(position, weights=np.concatenate(tf_parts))
            totals[docs] += saturation(tf, parameters.k1, idf(doc_count, doc_frequency) * weight * self.boost)
            words_held[docs] += 1
        return totals, words_held


def pair_counts(segment: SegmentPostings, fieldnames,
                pair: tuple[str, str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per field: the documents where the two words stand next to each other, in either order, and
    how many times they do."""
    found = {}
    for fieldname in fieldnames:
        first, second = (position_keys(*segment.positions(fieldname, word)) for word in pair)
        if not len(first) or not len(second):
            continue
        # Positions are packed below the document number, so neighbouring keys are neighbouring words.
        at = np.searchsorted(first, second)
        after = (at > 0) & (second - first[np.maximum(at - 1, 0)] == 1)
        before = (at < len(first)) & (first[np.minimum(at, len(first) - 1)] - second == 1)
        docs = second[after | before] >> POSITION_BITS
        docs = docs[~segment.deleted[docs]]
        if len(docs):
            found[fieldname] = np.unique(docs, return_counts=True)
    return found


# A document's word positions are packed below its number into one int64 key.
POSITION_BITS = 32


def position_keys(docs: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """(document, position) pairs as sorted int64 keys: neighbouring words have neighbouring keys."""
    return (docs.astype(np.int64) << POSITION_BITS) | positions.astype(np.int64)


def scored_matcher(ids: np.ndarray, scores: np.ndarray) -> matching.Matcher:
    """Whoosh's matcher for one segment's documents (ascending) already scored, for its collectors."""
    if not len(ids):
        return matching.NullMatcher()
    return _ScoredMatcher(ids.tolist(), scores.tolist())


# Scores of recent queries per segment (feedback reuses the scores without it), within a memory budget.
RECENT_SCORES_BYTES = 32 * 2**20
_recent = _LRU(capacity=RECENT_SCORES_BYTES)


class _ScoredMatcher(matching.ListMatcher):
    """Documents with their final scores, for Whoosh's collectors."""

    def __init__(self, ids, scores, position=0):
        super().__init__(ids, weights=scores, position=position)
        self._scores = scores
        self._max = max(scores, default=0.0)

    def copy(self):
        return _ScoredMatcher(self._ids, self._scores, self._i)

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


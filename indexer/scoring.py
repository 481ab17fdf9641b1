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

import weakref
from math import log

from whoosh import matching
from whoosh.query import qcore
from whoosh.scoring import WeightingModel, WeightLengthScorer, WeightScorer

K1 = 1.2
B = {"title": 0.5, "body": 0.5}
# Pseudo-relevance feedback (RM3-style) for plain-text queries: the FEEDBACK_TERMS words most
# typical of the FEEDBACK_DOCS best matches join the query with FEEDBACK_WEIGHT of the total weight.
FEEDBACK_DOCS = 10
FEEDBACK_TERMS = 20
FEEDBACK_WEIGHT = 0.4
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

_lengths_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _field_lengths(reader, fieldname: str) -> list[int]:
    """Every document's length of ``fieldname`` in one segment, read once per reader."""
    per_reader = _lengths_cache.setdefault(reader, {})
    lengths = per_reader.get(fieldname)
    if lengths is None:
        lengths = per_reader[fieldname] = [reader.doc_field_length(d, fieldname, 0)
                                           for d in range(reader.doc_count_all())]
    return lengths


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
        reader = searcher.reader()
        key = (self.fieldnames, tuple(self.weights.items()), self.boost, self.feedback, model.k1,
               tuple(sorted(model.b.items())), tuple(sorted(model.field_weights.items())))
        recent = _recent_cache.setdefault(reader, {})
        if key not in recent:
            if len(recent) >= 16:
                recent.pop(next(iter(recent)))
            weights = self._expanded(searcher.get_parent()) if self.feedback else self.weights
            recent[key] = self._score(searcher, reader, model, weights)
        ids, scores, fields_of = recent[key]
        if not ids:
            return matching.NullMatcher()
        return _ScoredMatcher(ids, scores, fields_of)

    def _expanded(self, parent) -> dict[str, float]:
        """The query's words plus the words most typical of its best matches (RM3 without smoothing)."""
        first = parent.search(FieldedTerms(self.fieldnames, self.weights, self.boost), limit=FEEDBACK_DOCS)
        top = [(score, docnum) for score, docnum in first.top_n if score > 0]
        if not top:
            return self.weights
        analyzer = parent.schema[self.fieldnames[-1]].analyzer
        total = sum(score for score, _ in top)
        relevance: dict[str, float] = {}
        for score, docnum in top:
            stored = parent.stored_fields(docnum)
            words = [t.text for f in self.fieldnames for t in analyzer(str(stored.get(f) or ""))]
            if not words:
                continue
            share = score / total / len(words)
            for word in words:
                relevance[word] = relevance.get(word, 0.0) + share
        best = sorted(relevance.items(), key=lambda item: (-item[1], item[0]))[:FEEDBACK_TERMS]
        best_total = sum(value for _, value in best) or 1.0
        query_total = sum(self.weights.values()) or 1.0
        expanded = {word: (1.0 - FEEDBACK_WEIGHT) * weight / query_total for word, weight in self.weights.items()}
        for word, value in best:
            expanded[word] = expanded.get(word, 0.0) + FEEDBACK_WEIGHT * value / best_total
        return expanded

    def _score(self, searcher, reader, model: BM25, weights: dict[str, float]):
        """Sorted doc numbers, their scores, and per word the (field, term) each document matched.

        Only documents holding one of the query's own words match; feedback words only reorder them.
        """
        parent = searcher.get_parent()
        schema = searcher.schema
        fields = [f for f in self.fieldnames if f in schema and schema[f].scorable]
        doc_count = parent.doc_count_all()
        k1 = model.k1
        totals: dict[int, float] = {}
        found: set[int] = set()
        fields_of = []  # per word: {docnum: (field, btext)}, the last field listed that holds it
        for text, weight in weights.items():
            original = text in self.weights
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
                b = model.b.get(fieldname, DEFAULT_B)
                avg = parent.avg_field_length(fieldname) or 1.0
                scale = model.field_weights.get(fieldname, 1.0) / _field_boost(schema[fieldname])
                lengths = _field_lengths(reader, fieldname)
                term = (fieldname, btext)
                postings = reader.postings(fieldname, btext)
                while postings.is_active():
                    docnum = postings.id()
                    tf = postings.weight() * scale / ((1.0 - b) + b * lengths[docnum] / avg)
                    pseudo[docnum] = pseudo.get(docnum, 0.0) + tf
                    matched[docnum] = term
                    postings.next()
            for docnum, tf in pseudo.items():
                totals[docnum] = totals.get(docnum, 0.0) + factor * tf / (k1 + tf)
            if matched and original:
                fields_of.append(matched)
                found.update(matched)
        ids = sorted(found)
        return ids, [totals[d] for d in ids], fields_of


_recent_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


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

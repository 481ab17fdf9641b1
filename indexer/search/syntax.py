"""Query syntax (phrases, AND / OR / NOT, fielded words) evaluated over the rank postings.

Whoosh matches a syntax query one document at a time, decoding positions as it
goes; a search with facets needs every match, not only the best ten, so that
walk was the slowest kind of search (docs/benchmarks.md). Here each node of the
parsed query becomes a sorted array of matching documents with their scores,
computed with numpy from ``indexer/index/postings.py``, and scored as Whoosh's own
matchers score them with the same weighting model:

- a word in one field: BM25 of that field (``ranking.field_scores``, the formula
  Whoosh's matchers score with too, written once in ``indexer/search/ranking.py``);
- a phrase: the words in order, each at most ``slop`` positions after the one
  before (adjacent for a plain quoted phrase), scored as the sum of its words;
- AND sums its parts over the documents they share, OR sums what each
  document matched, NOT matches every other live document and scores 1, and
  ``a ANDNOT b`` keeps a's scores;
- boosts multiply.

A node this module does not evaluate (prefixes and wildcards, date ranges,
fuzzy words) makes ``all_scores`` return None, and the caller asks Whoosh.
"""

from __future__ import annotations

import numpy as np
from whoosh import query

from indexer.index.postings import TEXT_FIELDS
from indexer.search.ranking import (
    BM25,
    POSITION_BITS,
    FieldedTerms,
    bm25_model,
    field_scores,
    index_scores,
    position_keys,
)

_NO_DOCS = np.zeros(0, dtype=np.int64)
_NO_SCORES = np.zeros(0)


class Unsupported(Exception):
    """A query node evaluated only by Whoosh's matchers."""


def all_scores(text_query: query.Query, searcher) -> tuple[np.ndarray, np.ndarray] | None:
    """Every matching live document of the index (top-level ``searcher``), ascending, with its score.

    None when the query holds a node this module does not evaluate.
    """
    model = bm25_model(searcher.weighting)
    try:
        return index_scores(searcher, lambda leaf: _evaluate(text_query, leaf, model))
    except Unsupported:
        return None


def _evaluate(node: query.Query, searcher, model: BM25) -> tuple[np.ndarray, np.ndarray]:
    """One segment's matches of ``node``: sorted doc numbers and their scores."""
    kind = type(node)
    if kind is FieldedTerms:
        ids, scores = node.segment_scores(searcher, model)
        return ids.astype(np.int64), scores
    if kind is query.Not:
        return _everything_but(_evaluate(node.query, searcher, model)[0], searcher, model)
    if node is query.NullQuery:
        return _NO_DOCS, _NO_SCORES
    if kind is query.Term:
        ids, scores = _term(node.fieldname, _text(node.text), searcher, model)
    elif kind is query.Phrase:
        ids, scores = _phrase(node, searcher, model)
    elif kind is query.And and node.subqueries:
        ids, scores = _evaluate(node.subqueries[0], searcher, model)
        for sub in node.subqueries[1:]:
            ids, scores = _both(ids, scores, *_evaluate(sub, searcher, model))
    elif kind is query.Or and not node.minmatch and not node.scale:
        ids, scores = _NO_DOCS, _NO_SCORES
        for sub in node.subqueries:
            ids, scores = _either(ids, scores, *_evaluate(sub, searcher, model))
    elif kind is query.AndNot and node.boost == 1.0:
        ids, scores = _evaluate(node.a, searcher, model)
        keep = ~np.isin(ids, _evaluate(node.b, searcher, model)[0], assume_unique=True)
        return ids[keep], scores[keep]
    else:
        raise Unsupported(kind.__name__)
    return ids, (scores * node.boost if node.boost != 1.0 else scores)


def _text(text) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else text


def _term(fieldname: str, text: str, searcher, model: BM25) -> tuple[np.ndarray, np.ndarray]:
    """A word in one field, with its BM25 score there."""
    schema = searcher.schema
    if fieldname not in TEXT_FIELDS or fieldname not in schema or not schema[fieldname].scorable:
        raise Unsupported(f"field {fieldname}")
    segment = model.postings.segment(searcher.reader())
    ids, weights = segment.postings(fieldname, text)
    live = ~segment.deleted[ids]
    ids, weights = ids[live].astype(np.int64), weights[live]
    return ids, field_scores(searcher.get_parent(), segment, fieldname, text, ids, weights, model.parameters)


def _phrase(node: query.Phrase, searcher, model: BM25) -> tuple[np.ndarray, np.ndarray]:
    """Documents where the words occur in order, each within ``slop`` positions of the one before."""
    fieldname, words = node.fieldname, [_text(word) for word in node.words]
    if not words:
        raise Unsupported("empty phrase")
    schema = searcher.schema
    if fieldname not in TEXT_FIELDS or fieldname not in schema:
        raise Unsupported(f"field {fieldname}")
    segment = model.postings.segment(searcher.reader())
    postings = [segment.postings(fieldname, word) for word in words]
    if any(not len(ids) for ids, _ in postings):
        return _NO_DOCS, _NO_SCORES
    candidates = postings[0][0]
    for ids, _ in postings[1:]:
        candidates = np.intersect1d(candidates, ids, assume_unique=True)
    candidates = candidates[~segment.deleted[candidates]]
    ends = None
    for word in words:
        docs, positions = segment.positions(fieldname, word)
        inside = np.isin(docs, candidates)
        keys = position_keys(docs[inside], positions[inside])
        ends = keys if ends is None else _followers(ends, keys, node.slop)
    matched = np.unique(ends >> POSITION_BITS)
    scores = np.zeros(len(matched))
    for word, (ids, weights) in zip(words, postings, strict=True):
        at = np.searchsorted(ids, matched)
        scores += field_scores(searcher.get_parent(), segment, fieldname, word, matched, weights[at],
                               model.parameters)
    return matched, scores


def _followers(ends: np.ndarray, keys: np.ndarray, slop: int) -> np.ndarray:
    """The ``keys`` (doc, position) 1 to ``slop`` positions after some end in ``ends``, in the same document."""
    before = np.searchsorted(ends, keys, side="left") - 1
    has = before >= 0
    gap = keys[has] - ends[before[has]]
    return keys[has][(gap >= 1) & (gap <= slop)]


def _both(ids_a, scores_a, ids_b, scores_b) -> tuple[np.ndarray, np.ndarray]:
    ids, at_a, at_b = np.intersect1d(ids_a, ids_b, assume_unique=True, return_indices=True)
    return ids, scores_a[at_a] + scores_b[at_b]


def _either(ids_a, scores_a, ids_b, scores_b) -> tuple[np.ndarray, np.ndarray]:
    ids = np.union1d(ids_a, ids_b)
    scores = np.zeros(len(ids))
    scores[np.searchsorted(ids, ids_a)] += scores_a
    scores[np.searchsorted(ids, ids_b)] += scores_b
    return ids, scores


def _everything_but(excluded: np.ndarray, searcher, model: BM25) -> tuple[np.ndarray, np.ndarray]:
    """NOT x: every live document of the segment outside x, scoring 1 (Whoosh's ``InverseMatcher``)."""
    segment = model.postings.segment(searcher.reader())
    keep = ~segment.deleted
    keep[excluded] = False
    ids = np.flatnonzero(keep)
    return ids, np.ones(len(ids))

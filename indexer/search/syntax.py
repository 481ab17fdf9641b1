"""Query syntax (phrases, proximity, AND / OR / NOT, required words, patterns, fuzzy and fielded words)
evaluated over the rank postings.

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
- a proximity phrase (``"japan vietnam"~5``, a ``Proximity``): the words at most
  ``slop`` moves from standing as the phrase has them, in any order (Lucene's
  sloppy phrase), scored as the sum of its words;
- a prefix, a wildcard or a fuzzy word (``econ*``, ``wom?n``, ``kishida~``, an
  ``Expansion``): the index terms it stands for, at most ``MAX_EXPANSION_TERMS``,
  scored by BM25F as one word (``FieldedTerms`` with ``as_one_word``);
- AND sums its parts over the documents they share, OR sums what each
  document matched, NOT matches every other live document and scores 1,
  ``a ANDNOT b`` keeps a's scores and ``a ANDMAYBE b`` (``+a b``) adds b's
  where a document has both;
- boosts multiply.

A node this module does not evaluate (date ranges) makes ``all_scores`` return
None, and the caller asks Whoosh, whose matchers evaluate a ``Proximity`` and an
``Expansion`` with these same arrays.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterator

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh import query
from whoosh.query import qcore

from indexer.index.postings import TEXT_FIELDS
from indexer.search.contract import QueryError
from indexer.search.ranking import (
    BM25,
    POSITION_BITS,
    FieldedTerms,
    bm25_model,
    field_scores,
    index_scores,
    position_keys,
    scored_matcher,
    segment_key,
)
from indexer.text.analysis import term_of

# A prefix, wildcard or fuzzy word standing for more index terms than this is refused: each term is one
# more postings list to read, and a pattern this loose (a*, ab~) finds no particular subject anyway.
MAX_EXPANSION_TERMS = 1000
# Edits of a fuzzy word: a letter added, dropped or changed, or two neighbouring letters swapped, as
# Lucene counts them; ``word~`` alone allows Lucene's default, and more is refused, as Lucene does.
DEFAULT_EDITS = 2
MAX_EDITS = 2
# The index holds stems (economic and economics are both "econom", president is "presid"), so a prefix
# that is a whole word or stops inside an ending must also find the stems of the words it begins. These
# common English endings complete it: a prefix ending with the start of one gets the rest of it
# ("presiden" + "t"), and the completions' stems join the terms that start with the prefix.
WORD_ENDINGS = ("s", "e", "es", "ed", "ing", "ings", "y", "ies", "ied", "ion", "ions", "ation", "ations",
                "ization", "isation", "ent", "ents", "ence", "ency", "ant", "ance", "ment", "ments", "al",
                "ally", "ial", "ic", "ics", "ical", "er", "ers", "or", "ors", "ly", "ity", "ive", "ness", "ous",
                "ism", "ist", "ists", "ize", "ise", "ized", "ised", "able", "ful")

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
    if isinstance(node, Expansion):
        return _evaluate(node.expanded(searcher.get_parent().reader()), searcher, model)
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
    elif kind is Proximity:
        ids, scores = _proximity(node, searcher, model)
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
    elif kind is query.AndMaybe and node.boost == 1.0:
        ids, scores = _evaluate(node.a, searcher, model)
        optional_ids, optional_scores = _evaluate(node.b, searcher, model)
        _, at, at_optional = np.intersect1d(ids, optional_ids, assume_unique=True, return_indices=True)
        scores = scores.copy()
        scores[at] += optional_scores[at_optional]
        return ids, scores
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
    fieldname, words, segment, candidates = _phrase_candidates(node, searcher, model)
    if not len(candidates):
        return _NO_DOCS, _NO_SCORES
    ends = None
    for word in words:
        docs, positions = segment.positions(fieldname, word)
        inside = np.isin(docs, candidates)
        keys = position_keys(docs[inside], positions[inside])
        ends = keys if ends is None else _followers(ends, keys, node.slop)
    matched = np.unique(ends >> POSITION_BITS)
    return matched, _sum_of_words(fieldname, words, matched, searcher, segment, model)


def _proximity(node: Proximity, searcher, model: BM25) -> tuple[np.ndarray, np.ndarray]:
    """Documents where the words stand at most ``slop`` moves from the phrase's order, unboosted.

    A word at position p that is the i-th of the phrase stands where the phrase puts it when p - i is the
    same for every word; the words are within ``slop`` moves when some occurrence of each has its p - i
    within ``slop`` of the others' (Lucene's sloppy phrase distance). Such a set exists exactly when one
    of the occurrences' p - i values, taken as the lowest, has an occurrence of every word at most ``slop``
    above it, so each is tried as the lowest at once.
    """
    fieldname, words, segment, candidates = _phrase_candidates(node, searcher, model)
    if not len(candidates):
        return _NO_DOCS, _NO_SCORES
    shifted = []
    for place, word in enumerate(words):
        docs, positions = segment.positions(fieldname, word)
        inside = np.isin(docs, candidates)
        # p - i, raised by the phrase's length so that it stays a valid position.
        shifted.append(position_keys(docs[inside], positions[inside].astype(np.int64) + len(words) - place))
    lowest = np.unique(np.concatenate(shifted))
    found = np.ones(len(lowest), dtype=bool)
    slop = min(node.slop, 2 ** POSITION_BITS)
    for keys in shifted:
        at = np.searchsorted(keys, lowest)
        nearest = keys[np.minimum(at, len(keys) - 1)]
        found &= ((at < len(keys)) & (nearest >> POSITION_BITS == lowest >> POSITION_BITS)
                  & (nearest - lowest <= slop))
    matched = np.unique(lowest[found] >> POSITION_BITS)
    return matched, _sum_of_words(fieldname, words, matched, searcher, segment, model)


def _phrase_candidates(node: query.Phrase, searcher, model: BM25):
    """The phrase's field, its words, the segment's postings and the live documents holding every word."""
    fieldname, words = node.fieldname, [_text(word) for word in node.words]
    if not words:
        raise Unsupported("empty phrase")
    schema = searcher.schema
    if fieldname not in TEXT_FIELDS or fieldname not in schema:
        raise Unsupported(f"field {fieldname}")
    segment = model.postings.segment(searcher.reader())
    postings = [segment.postings(fieldname, word) for word in words]
    if any(not len(ids) for ids, _ in postings):
        return fieldname, words, segment, _NO_DOCS
    candidates = postings[0][0]
    for ids, _ in postings[1:]:
        candidates = np.intersect1d(candidates, ids, assume_unique=True)
    return fieldname, words, segment, candidates[~segment.deleted[candidates]]


def _sum_of_words(fieldname: str, words: list[str], matched: np.ndarray, searcher, segment,
                  model: BM25) -> np.ndarray:
    """A phrase's score in each matched document: the sum of its words' BM25 in the field."""
    scores = np.zeros(len(matched))
    for word in words:
        ids, weights = segment.postings(fieldname, word)
        at = np.searchsorted(ids, matched)
        scores += field_scores(searcher.get_parent(), segment, fieldname, word, matched, weights[at],
                               model.parameters)
    return scores


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


# Query nodes of the syntax Whoosh has no matching semantics for --------------------------------

class Proximity(query.Phrase):
    """``"japan vietnam"~5``: the words at most ``slop`` moves from the phrase, in any order.

    Lucene's sloppy phrase: moving one word one position is a move, so with ``~5`` *Vietnam* may follow
    *Japan* with up to five words between, or come before it with up to three (the swap costs two).
    Whoosh's own ``Phrase`` slop is another measure (the gap from each word to the next, in order).
    """

    def __unicode__(self):
        return f'{self.fieldname}:"{" ".join(self.words)}"~{self.slop}'

    __str__ = __unicode__

    def matcher(self, searcher, context=None):
        model = bm25_model(context.weighting if context is not None else None, searcher.weighting)
        ids, scores = _proximity(self, searcher, model)
        return scored_matcher(ids, scores * self.boost)


class Expansion(qcore.Query):
    """A query word that stands for many index terms, in some text fields, as one word.

    Its terms are those of the whole index (the top-level reader), found once per index and scored by
    ``FieldedTerms`` with ``as_one_word``. More than ``MAX_EXPANSION_TERMS`` raise ``QueryError``.
    """

    def __init__(self, fieldnames, text: str, boost: float = 1.0):
        self.fieldnames = tuple(fieldnames)
        self.text = text
        self.boost = boost
        # The terms per index and fields: a search asks for them in each segment, and again for the snippets.
        self._found: dict[tuple, list[str]] = {}

    def identity(self) -> tuple:
        """What tells two such words apart."""
        return type(self), self.fieldnames, self.text, self.boost

    def __eq__(self, other):
        return isinstance(other, Expansion) and self.identity() == other.identity()

    def __hash__(self):
        return hash(self.identity())

    def __repr__(self):
        return f"{type(self).__name__}({self.fieldnames!r}, {self.text!r}, boost={self.boost})"

    def __unicode__(self):
        text = f"({'|'.join(self.fieldnames)}):{self.typed()}"
        return text if self.boost == 1 else f"{text}^{self.boost:g}"

    __str__ = __unicode__

    def typed(self) -> str:
        """The word as a query writes it."""
        return self.text

    def field(self):
        return self.fieldnames[0] if len(self.fieldnames) == 1 else None

    def in_fields(self, fieldnames) -> Expansion:
        """The same word searched in ``fieldnames``."""
        found = self.copy()
        found.fieldnames = tuple(fieldnames)
        return found

    def index_terms(self, reader) -> list[str]:
        """The distinct terms of the word's fields that it stands for, sorted (``reader``: the top-level one)."""
        key = (tuple(segment_key(leaf) for leaf, _ in reader.leaf_readers()), self.fieldnames)
        if key not in self._found:
            terms: set[str] = set()
            for fieldname in self.fieldnames:
                if fieldname not in TEXT_FIELDS:  # title:date:econ* puts a pattern on dates, which hold no words
                    continue
                for term in self._terms_of_field(reader, fieldname):
                    terms.add(term)
                    if len(terms) > MAX_EXPANSION_TERMS:
                        raise QueryError(f"{self.typed()} stands for more than {MAX_EXPANSION_TERMS:,} different "
                                         f"words of the index; {self.narrower()}")
            self._found[key] = sorted(terms)
        return self._found[key]

    def expanded(self, reader) -> query.Query:
        """The terms as one BM25F word (NullQuery when the index has none)."""
        terms = self.index_terms(reader)
        if not terms:
            return query.NullQuery
        return FieldedTerms(self.fieldnames, {term: self.closeness(term) for term in terms}, boost=self.boost,
                            as_one_word=True)

    def has_terms(self):
        return True

    def expanded_terms(self, ixreader, phrases=True):
        for term in self.index_terms(ixreader):
            for fieldname in self.fieldnames:
                yield fieldname, term

    def estimate_size(self, ixreader):
        return self.expanded(ixreader).estimate_size(ixreader)

    def matcher(self, searcher, context=None):
        return self.expanded(searcher.get_parent().reader()).matcher(searcher, context)

    def closeness(self, term: str) -> float:
        """What an occurrence of ``term`` counts for, as one of this word's (1 for the word itself)."""
        return 1.0

    def narrower(self) -> str:
        """How to write a word that stands for fewer terms."""
        raise NotImplementedError

    def _terms_of_field(self, reader, fieldname: str) -> Iterator[str]:
        raise NotImplementedError


class Pattern(Expansion):
    """``econ*``, ``*ation``, ``wom?n``: the terms matching a pattern, ``*`` any letters and ``?`` one.

    ``text`` is the pattern as typed, in lower case and accents folded; it is matched against the
    terms as the index holds them, stems. A prefix (a pattern whose only ``*`` ends it) also finds the
    stems of the words it begins (``WORD_ENDINGS``): ``president*`` finds *president*, held as *presid*.
    """

    def narrower(self) -> str:
        return "write more of the word before the * or ?"

    def _terms_of_field(self, reader, fieldname: str) -> Iterator[str]:
        literal = re.match(r"[^*?]*", self.text).group()
        candidates = (_text(term) for term in reader.expand_prefix(fieldname, literal)) if literal \
            else iter(vocabulary(reader, fieldname))
        if self.text == literal + "*":
            yield from candidates
            if literal:
                yield from (stem for stem in stems_begun_by(literal) if not stem.startswith(literal)
                            and reader.doc_frequency(fieldname, stem))
            return
        pattern = re.compile("".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in self.text),
                             re.DOTALL)
        yield from filter(pattern.fullmatch, candidates)


def stems_begun_by(prefix: str) -> set[str]:
    """The stems of ``prefix`` completed by each of the ``WORD_ENDINGS`` whose start it ends with."""
    completions = {prefix + ending[cut:] for ending in WORD_ENDINGS for cut in range(len(ending) + 1)
                   if prefix.endswith(ending[:cut])}
    return {stem for stem in map(term_of, completions) if stem}


class Fuzzy(Expansion):
    """``kishida~``, ``kishida~1``: the terms at most ``edits`` edits from a word, ``text`` analysed as the
    index analyses words (lower case, accents folded, stemmed), so ``Kíshida~`` is ``kishida~``.

    As in Lucene, a term counts for 1 - edits / length (the shorter one's): *kishida* for 1 and *kishda*
    for 5/6, so an exact match ranks above a respelling of it, and a term no longer than the edits it
    needs (*a* for ``tax~``) is no match.
    """

    def __init__(self, fieldnames, text: str, edits: int = DEFAULT_EDITS, boost: float = 1.0):
        super().__init__(fieldnames, text, boost)
        self.edits = edits

    def identity(self) -> tuple:
        return *super().identity(), self.edits

    def __repr__(self):
        return f"Fuzzy({self.fieldnames!r}, {self.text!r}, edits={self.edits}, boost={self.boost})"

    def typed(self) -> str:
        return f"{self.text}~{self.edits}"

    def closeness(self, term: str) -> float:
        return 1.0 - OSA.distance(self.text, term) / min(len(self.text), len(term))

    def narrower(self) -> str:
        return "allow fewer edits (word~1) or write a longer word"

    def _terms_of_field(self, reader, fieldname: str) -> Iterator[str]:
        found = process.extract(self.text, vocabulary(reader, fieldname), scorer=OSA.distance,
                                score_cutoff=self.edits, limit=None)
        return (term for term, edits, _ in found if edits < min(len(self.text), len(term)))


# Every term of a field, for the patterns that cannot start from a prefix and for fuzzy words: read from
# the index once per generation (a quarter of a second for the body of Reuters-21578, 55,000 terms).
VOCABULARIES_KEPT = 4  # title and body, of the live generation and of the one a reindex just replaced
_vocabularies: OrderedDict[tuple, list[str]] = OrderedDict()
_vocabularies_lock = threading.Lock()


def vocabulary(reader, fieldname: str) -> list[str]:
    """The terms of ``fieldname`` in the whole index (``reader``: the top-level one), sorted."""
    key = (tuple(segment_key(leaf) for leaf, _ in reader.leaf_readers()), fieldname)
    with _vocabularies_lock:
        terms = _vocabularies.get(key)
        if terms is not None:
            _vocabularies.move_to_end(key)
            return terms
    terms = [_text(term) for term in reader.lexicon(fieldname)]
    with _vocabularies_lock:
        _vocabularies[key] = terms
        while len(_vocabularies) > VOCABULARIES_KEPT:
            _vocabularies.popitem(last=False)
    return terms

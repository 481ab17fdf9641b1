"""Did you mean: the query as typed, with its misspelt plain words corrected (docs/query-syntax.md).

Only plain words are corrected. Field names (``title:``), operators (``AND``/``OR``/``NOT``, a leading
``-``, a trailing ``*``), quotes, parentheses and date values are kept exactly as typed, and so is every
word the index has (accents ignored) and every word of fewer than ``MIN_LETTERS`` letters. A word of an
entity clause (``person:kishda``) is corrected against the words of that facet's names, not the text.
The corrected query is offered only when it finds articles, and at least ``HIT_RATIO`` times as many
as the query itself.

The words come from a ``Lexicon``: ``IndexLexicon`` reads the embedded index, and a cluster backend
gives its own (indexer/search/opensearch/lexicon.py), so both backends correct a query the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import Protocol

from whoosh.support.levenshtein import damerau_levenshtein

from indexer.index.postings import TEXT_FIELDS
from indexer.search.contract import MAX_QUERY_CHARS, SearchRequest, SearchResult
from indexer.search.facets import Facet
from indexer.search.query import entity_clause_pattern, is_syntax
from indexer.text import fold_accents
from indexer.text.analysis import term_of

HIT_RATIO = 10
# Short words are one edit from many other words (news: new, newt, nets), so a one-edit "correction"
# of a short word is as likely to replace a good word the index lacks as to fix a typo.
MIN_LETTERS = 5
LONG_WORD_LETTERS = 8  # from this length two edits are allowed, below it one
SURFACE_SAMPLE = 5  # articles read to see how the text writes a correction

# A word of the query: letters, digits and combining accents (a decomposed "Nguyễn" is one word).
_QUERY_WORD = re.compile(r"[\w\u0300-\u036f]+")
_DATE_VALUE = re.compile(r'\bdate:(?:[\[{][^\]}]*[\]}]?|\S+)')
_NEGATED = re.compile(r"(?:(?:^|[\s(])-|(?:^|[\s(])NOT\s+\(*)$")


class Lexicon(Protocol):
    """The indexed words a did-you-mean chooses from: title and body terms (stems) and entity names."""

    def frequency(self, term: str) -> int:
        """The articles holding ``term`` in their title, plus those holding it in their body."""

    def near(self, term: str, distance: int) -> set[str]:
        """The indexed terms at most ``distance`` Damerau edits from ``term``, beginning with its first letter
        (more may come, never fewer: the distance is counted again)."""

    def texts(self, term: str, limit: int) -> Iterable[str]:
        """The titles of the first ``limit`` articles holding ``term`` in their title, then the bodies of the
        first ``limit`` holding it in their body: the text a correction's written form is read from."""

    def labels(self, facet: str) -> Iterable[str]:
        """The values of an entity facet (``person``): the names an entity clause matches."""


class IndexLexicon:
    """The ``Lexicon`` of the embedded index: its reader's terms and the facets' labels."""

    def __init__(self, reader, facets: Mapping[str, Facet]):
        self.reader = reader
        self.facets = facets

    def frequency(self, term: str) -> int:
        return sum(self.reader.doc_frequency(field, term) for field in TEXT_FIELDS)

    def near(self, term: str, distance: int) -> set[str]:
        found = {candidate for field in TEXT_FIELDS
                 for candidate in self.reader.terms_within(field, term, distance, prefix=1)}
        if distance == 1:  # Whoosh's automaton counts a swap of two letters as two edits: swaps are looked up
            swaps = {term[:i] + term[i + 1] + term[i] + term[i + 2:] for i in range(1, len(term) - 1)}
            found |= {swap for swap in swaps if self.frequency(swap)}
        return found

    def texts(self, term: str, limit: int) -> Iterator[str]:
        for field in TEXT_FIELDS:
            if self.reader.doc_frequency(field, term):
                for docnum in islice(self.reader.postings(field, term).all_ids(), limit):
                    yield self.reader.stored_fields(docnum).get(field, "")

    def labels(self, facet: str) -> Iterable[str]:
        return self.facets[facet].labels


def suggest(request: SearchRequest, found: int, *, lexicon: Lexicon,
            search: Callable[[SearchRequest], SearchResult]) -> str | None:
    """The did-you-mean for ``request``, whose query found ``found`` articles, or None.

    ``search`` is the backend's own: the respelling is counted with the request's filters and dates.
    """
    respelled = respell(request.q, lexicon)
    if respelled is None or len(respelled) > MAX_QUERY_CHARS:  # a respelling can be a little longer
        return None
    respelled_finds = search(SearchRequest(respelled, filters=request.filters, dates=request.dates, page_size=1,
                                           snippets=False, suggest=False)).total
    return respelled if respelled_finds and respelled_finds >= HIT_RATIO * found else None


def respell(q: str, lexicon: Lexicon) -> str | None:
    """``q`` with each misspelt plain word replaced by its closest indexed word; None when none is."""
    corrected = q
    # From the last word back, so that earlier offsets stay valid as words change length.
    for start, end, entity_field in reversed(list(_correctable_words(q))):
        word = q[start:end]
        if entity_field is None:
            correction = _text_correction(lexicon, word)
        else:
            correction = _entity_correction(lexicon, entity_field, word)
        if correction is not None:
            corrected = corrected[:start] + _cased_like(word, correction) + corrected[end:]
    return corrected if corrected != q else None


def _correctable_words(q: str) -> Iterator[tuple[int, int, str | None]]:
    """(start, end, entity field or None) of each plain word of ``q`` that may be corrected."""
    dates = [match.span() for match in _DATE_VALUE.finditer(q)]
    entity_clause = entity_clause_pattern()
    entity_values = [(match.start(2) if match.group(2) is not None else match.start(3), match.end(), match.group(1))
                     for match in entity_clause.finditer(q)]
    # Operators only mean something when the query is read as syntax (indexer/search/query.py).
    syntax = is_syntax(entity_clause.sub(" ", q).strip())
    for match in _QUERY_WORD.finditer(q):
        start, end = match.span()
        word = match.group()
        before, after = q[:start], q[end:]
        if (sum(ch.isalpha() for ch in word) < MIN_LETTERS
                or not all(ch.isalpha() or unicodedata.combining(ch) for ch in word)
                or after.startswith(":")  # a field name
                or after.startswith("*") or before.endswith("*")  # a wildcard
                or re.match(r"\?\w", after) or before.endswith("?")
                or any(date_start <= start < date_end for date_start, date_end in dates)):
            continue
        # A negated word that is not indexed excludes nothing; correcting it could only find fewer articles.
        if syntax and _NEGATED.search(before):
            continue
        entity_field = next((field for value_start, value_end, field in entity_values
                             if value_start <= start < value_end), None)
        yield start, end, entity_field


def _edit_budget(word: str) -> int:
    return 2 if len(word) >= LONG_WORD_LETTERS else 1


def _text_correction(lexicon: Lexicon, word: str) -> str | None:
    """The closest title or body word to ``word``, as the articles write it; None when ``word`` is indexed."""
    term = term_of(word)
    if term is None or lexicon.frequency(term):
        return None
    typed = fold_accents(word).lower()
    budget = _edit_budget(typed)
    # Stems are compared to find candidates, but the budget holds for the words: "cofee" is one edit from
    # the stem of "come" as from that of "coffee", yet only "coffee" is one edit from what was typed.
    # The fewest edits from what was typed win, then the most articles. One edit is the fewest possible
    # (the typed word is not indexed), so the most frequent candidate one edit away ends the search.
    for distance in range(1, budget + 1):
        two_edits = None
        near = {candidate for candidate in lexicon.near(term, distance)
                if damerau_levenshtein(term, candidate) == distance}
        for candidate in sorted(near, key=lambda candidate: (-lexicon.frequency(candidate), candidate)):
            form = _surface_form(lexicon, candidate, typed)
            edits = None if form is None else damerau_levenshtein(typed, fold_accents(form))
            if edits == 1:
                return form
            if edits is not None and edits <= budget and two_edits is None:
                two_edits = form
        if two_edits is not None:
            return two_edits
    return None


def _surface_form(lexicon: Lexicon, term: str, typed: str) -> str | None:
    """How the articles write ``term`` (the index keeps only stems): of the forms in the first few articles
    that have it, the one closest to ``typed`` (folded, lower case)."""
    # A stem but for its last letter begins every word it stems from (happi: happy), so only the words
    # beginning so are analysed; that is far cheaper than tokenizing whole articles.
    beginning = re.compile(r"\b" + re.escape(term[:-1]) + r"\w*", re.IGNORECASE)
    forms = {word.lower() for text in lexicon.texts(term, SURFACE_SAMPLE)
             for word in beginning.findall(fold_accents(text)) if term_of(word) == term}
    if not forms:
        return None
    return min(forms, key=lambda form: (damerau_levenshtein(typed, fold_accents(form)), form))


def _entity_correction(lexicon: Lexicon, facet: str, word: str) -> str | None:
    """The closest word of the facet's names (``person:kishda`` -> kishida); None when ``word`` is known."""
    folded = fold_accents(word).lower()
    names_with = _name_words(lexicon.labels(facet))
    term = term_of(word)
    if folded in names_with or term is None or lexicon.frequency(term):
        return None
    budget = _edit_budget(folded)
    ranked = sorted((distance, -names, candidate) for candidate, names in names_with.items()
                    if candidate[:1] == folded[:1] and abs(len(candidate) - len(folded)) <= budget
                    and (distance := damerau_levenshtein(folded, candidate)) <= budget)
    return ranked[0][2] if ranked else None


def _name_words(labels: Iterable[str]) -> Counter[str]:
    """Each word of the names, as entity clauses match them, and how many names have it."""
    return Counter(word for label in labels
                   for word in set(fold_accents(label).lower().replace("-", " ").split()))


def _cased_like(typed: str, correction: str) -> str:
    """``correction`` in the case the user typed: KISHDA -> KISHIDA, Kishda -> Kishida, kishda -> kishida."""
    if len(typed) > 1 and typed.isupper():
        return correction.upper()
    if typed[0].isupper():
        return correction[0].upper() + correction[1:].lower()
    return correction.lower()

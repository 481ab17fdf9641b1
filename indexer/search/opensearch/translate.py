"""The project's parsed query (indexer/search/query.py) as OpenSearch's query DSL, matching what the
embedded engine matches (indexer/search/syntax.py says what each node matches there).

The words of the tree are already index terms (the parser analysed them with the project's
analyzer), and the index holds the same terms (indexer/index/opensearch_schema.py), so each word
is a ``term`` query on a ``*_terms`` field, a phrase a ``match_phrase`` of terms, and no analysis of
OpenSearch's decides what matches. Scores are OpenSearch's BM25, not the embedded BM25F with
feedback: the same stories match, ranked a little differently.
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh import query

from indexer.index.opensearch_schema import terms_field
from indexer.index.postings import TEXT_FIELDS
from indexer.index.schema import TITLE_BOOST
from indexer.search.contract import QueryError
from indexer.search.ranking import FieldedTerms
from indexer.search.syntax import MAX_EXPANSION_TERMS, Fuzzy, Pattern, Proximity, stems_begun_by

MATCH_ALL = {"match_all": {}}
MATCH_NONE = {"match_none": {}}
# The keyword fields a ``field:value`` of the query may name besides the text (as Whoosh's parser allows).
KEYWORD_FIELDS = ("id", "path", "format")
# Title over body, at query time: a mapping's boost is deprecated, and the title is short.
FIELD_BOOSTS = {"title": TITLE_BOOST}

RequiredWords = Callable[[FieldedTerms], int]


def to_dsl(node: query.Query, required_words: RequiredWords) -> dict:
    """The DSL of ``node``. ``required_words`` says how many of a plain-text leaf's words a story must
    hold (``FieldedTerms.required_words``: the backend counts, over the whole index, as the embedded
    engine does)."""
    kind = type(node)
    boost = getattr(node, "boost", 1.0)
    if node is query.NullQuery:
        return MATCH_NONE
    if kind is query.Every:
        return MATCH_ALL
    if isinstance(node, FieldedTerms):
        required = required_words(node) if node.plain_text else 1
        return word_clauses(node, minimum=required)
    if kind is query.Term:
        return _term(node.fieldname, _text(node.text), boost)
    if kind is Proximity:
        return _phrase(node, slop=node.slop)
    if kind is query.Phrase:
        return _phrase(node, slop=0)  # Whoosh's slop 1 is "adjacent": Lucene's slop 0
    if isinstance(node, Pattern):
        return _any_field(node.fieldnames, lambda field: _pattern(field, node.text), boost)
    if isinstance(node, Fuzzy):
        return _any_field(node.fieldnames, lambda field: _fuzzy(field, node.text, node.edits), boost)
    if kind is query.DateRange:
        return _boosted(_date_range(node), boost)
    if kind is query.And:
        return _boosted({"bool": {"must": [to_dsl(sub, required_words) for sub in node.subqueries]}}, boost)
    if kind is query.Or and not node.minmatch and not node.scale:
        return _boosted({"bool": {"should": [to_dsl(sub, required_words) for sub in node.subqueries],
                                  "minimum_should_match": 1}}, boost)
    if kind is query.Not:
        # Every other story, scoring alike (Whoosh's InverseMatcher scores 1).
        return _boosted({"bool": {"must": [MATCH_ALL], "must_not": [to_dsl(node.query, required_words)]}}, boost)
    if kind is query.AndNot:
        return _boosted({"bool": {"must": [to_dsl(node.a, required_words)],
                                  "must_not": [to_dsl(node.b, required_words)]}}, boost)
    if kind is query.AndMaybe:
        return _boosted({"bool": {"must": [to_dsl(node.a, required_words)],
                                  "should": [to_dsl(node.b, required_words)]}}, boost)
    raise QueryError(f"{node}: this query form is not supported by the OpenSearch backend yet")


def word_clauses(node: FieldedTerms, minimum: int = 1) -> dict:
    """Stories holding at least ``minimum`` of the leaf's distinct words, each in any of its fields; a
    word repeated in the query weighs more, as there."""
    words = [_any_field(node.fieldnames, lambda field, word=word: {"term": {terms_field(field): word}},
                        weight * node.boost)
             for word, weight in node.weights.items()]
    if len(words) == 1 and minimum <= 1:
        return words[0]
    return {"bool": {"should": words, "minimum_should_match": minimum}}


def holding_words(node: FieldedTerms) -> dict[str, dict]:
    """Per number k of the leaf's words, a filter of the stories holding at least k of them: one
    ``filters`` aggregation counts them all (for ``FieldedTerms.required_words``)."""
    return {str(k): word_clauses(node, minimum=k) for k in range(1, len(node.weights) + 1)}


def _any_field(fieldnames, clause: Callable[[str], dict], boost: float = 1.0) -> dict:
    """``clause`` in any of the text fields ``fieldnames``, the title boosted."""
    clauses = [_boosted(clause(field), FIELD_BOOSTS.get(field, 1.0)) for field in fieldnames]
    if len(clauses) == 1:
        return _boosted(clauses[0], boost)
    return _boosted({"bool": {"should": clauses, "minimum_should_match": 1}}, boost)


def _term(fieldname: str, text: str, boost: float) -> dict:
    if fieldname in TEXT_FIELDS:
        return _boosted({"term": {terms_field(fieldname): text}}, boost)
    if fieldname in KEYWORD_FIELDS:
        return _boosted({"term": {fieldname: text}}, boost)
    raise QueryError(f"{fieldname}:{text}: the OpenSearch backend does not search the field {fieldname}")


def _phrase(node: query.Phrase, slop: int) -> dict:
    if node.fieldname not in TEXT_FIELDS:
        raise QueryError(f"{node}: the OpenSearch backend searches phrases in the title and the text only")
    words = [_text(word) for word in node.words]
    if not words:
        return MATCH_NONE
    return _boosted({"match_phrase": {terms_field(node.fieldname): {"query": " ".join(words), "slop": slop}}},
                    node.boost)


def _pattern(field: str, text: str) -> dict:
    """``Pattern``: a prefix also finds the stems of the words it begins (``syntax.WORD_ENDINGS``)."""
    literal = text.rstrip("*")
    if text == literal + "*" and literal and not any(ch in literal for ch in "*?"):
        stems = sorted(stem for stem in stems_begun_by(literal) if not stem.startswith(literal))
        clauses = [{"prefix": {terms_field(field): literal}}] + [{"term": {terms_field(field): stem}} for stem in stems]
        return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}
    return {"wildcard": {terms_field(field): {"value": text.replace("\\", "\\\\")}}}


def _fuzzy(field: str, text: str, edits: int) -> dict:
    """``Fuzzy``: Lucene counts edits as the embedded engine does (optimal string alignment, a swap one edit)."""
    if not edits:
        return {"term": {terms_field(field): text}}
    return {"fuzzy": {terms_field(field): {"value": text, "fuzziness": edits, "transpositions": True,
                                           "prefix_length": 0, "max_expansions": MAX_EXPANSION_TERMS}}}


def _date_range(node: query.DateRange) -> dict:
    bounds = {}
    if node.startdate is not None:
        bounds["gt" if node.startexcl else "gte"] = node.startdate.isoformat()
    if node.enddate is not None:
        bounds["lt" if node.endexcl else "lte"] = node.enddate.isoformat()
    return {"range": {"date": bounds}} if bounds else {"exists": {"field": "date"}}


def _boosted(clause: dict, boost: float) -> dict:
    if boost == 1.0:
        return clause
    return {"bool": {"must": [clause], "boost": boost}}


def _text(text) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else text

"""From the text a user types to a Whoosh query.

Plain text and query syntax are told apart on purpose (docs/ranking.md): a query is read as syntax
only when it uses syntax deliberately:

- a known field prefix followed by a value (``title:rice``, ``date:2022``),
- a quoted phrase (at least one pair of double quotes),
- an upper-case ``AND``/``OR``/``NOT`` between words (or ``NOT`` first) in a query that is not all
  upper case: in ``MEASUREMENT AND ANALYSIS`` every word is upper case, so ``AND`` is just a word,
- a ``*`` ending a word (prefix search) or a ``-`` starting one (exclusion: ``trade -china``) in a
  short query (at most ``SHORT_QUERY_WORDS`` words).

Everything else is plain text: parentheses, ``?``, ``-``, ``+`` and the rest of punctuation are
ignored, and the words become one ``FieldedTerms`` leaf (BM25F over title and body,
indexer/scoring.py), each word weighted by how often the word occurs in the query. A question mark ending
a word is never a wildcard, not even in syntax. Syntax that Whoosh cannot parse falls back to plain
text, so no query raises.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from whoosh import qparser, query
from whoosh.qparser.dateparse import DateParserPlugin

from indexer.analysis import news_analyzer
from indexer.scoring import FieldedTerms

TEXT_FIELDS = ("title", "body")
SHORT_QUERY_WORDS = 6

_FIELD_PREFIX = re.compile(r"(?:^|[\s(])(?:title|body|date):\S")
_PHRASE = re.compile(r'"[^"]*\w[^"]*"')
_OPERATOR = re.compile(r"\S\s+(?:AND|OR|NOT)\s+\S|^\(*NOT\s+\S")
_PREFIX_WILDCARD = re.compile(r"\w\*(?=\s|\)|$)")
_EXCLUSION = re.compile(r"(?:^|\s)-\w")
_QUESTION_MARK = re.compile(r"(?<=\w)\?+(?=[\s)\"]|$)")
_ENTITY_CLAUSE = re.compile(r'\b(person|country|source):(?:"([^"]*)"?|(\S+))')


@dataclass(frozen=True)
class EntityClause:
    """``person:kishida``: restrict to articles with an entity whose name has these words."""

    field: str
    text: str


class QueryParser:
    def __init__(self, schema):
        self.analyzer = news_analyzer()
        self.parser = qparser.MultifieldParser(list(TEXT_FIELDS), schema)
        self.parser.add_plugin(DateParserPlugin(free=False))
        self.parser.add_plugin(qparser.PlusMinusPlugin())

    def parse(self, text: str) -> tuple[query.Query, list[EntityClause]]:
        """The text query (``Every`` when only entity clauses were given) and the entity clauses."""
        clauses = [EntityClause(m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
                   for m in _ENTITY_CLAUSE.finditer(text)]
        rest = _ENTITY_CLAUSE.sub(" ", text).strip()
        if not rest:
            return query.Every(), clauses
        if is_syntax(rest):
            try:
                parsed = self.parser.parse(_QUESTION_MARK.sub("", rest))
            except Exception:  # noqa: BLE001 - any parser failure means: search the words instead
                parsed = query.NullQuery
            if parsed is not query.NullQuery and parsed is not None:
                return _fielded(parsed), clauses
        return self.plain_query(rest), clauses

    def plain_query(self, text: str) -> query.Query:
        """Natural text as a weighted disjunction: a word repeated in the query counts more."""
        weights = query_term_weights(self.analyzer, text)
        if not weights:
            return query.NullQuery
        return FieldedTerms(TEXT_FIELDS, weights, feedback=True)


def query_term_weights(analyzer, text: str) -> dict[str, float]:
    """Each analysed query term and its weight: the number of times it occurs in the query."""
    return {term: float(n) for term, n in Counter(token.text for token in analyzer(text)).items()}


def is_syntax(text: str) -> bool:
    """Whether ``text`` (entity clauses removed) uses query syntax on purpose; see the module docstring."""
    if _FIELD_PREFIX.search(text) or _PHRASE.search(text):
        return True
    if any(ch.islower() for ch in text) and _OPERATOR.search(text):
        return True
    short = len(text.split()) <= SHORT_QUERY_WORDS
    return short and bool(_PREFIX_WILDCARD.search(text) or _EXCLUSION.search(text))


def _fielded(parsed: query.Query) -> query.Query:
    """Score each bare word of a syntax query like plain text: ``title:x OR body:x`` becomes one BM25F term."""
    if isinstance(parsed, query.Or):
        subqueries = parsed.subqueries
        if (len(subqueries) == len(TEXT_FIELDS)
                and all(type(sub) is query.Term and sub.boost == 1.0 for sub in subqueries)
                and sorted(sub.fieldname for sub in subqueries) == sorted(TEXT_FIELDS)
                and len({sub.text for sub in subqueries}) == 1):
            return FieldedTerms(TEXT_FIELDS, {subqueries[0].text: 1.0}, boost=parsed.boost)
    if parsed.is_leaf():
        return parsed
    return parsed.apply(_fielded)

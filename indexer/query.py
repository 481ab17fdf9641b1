"""From the text a user types to a Whoosh query.

Plain text and query syntax are told apart on purpose: a query is read as
syntax only when it uses syntax deliberately (quotes, a known field prefix,
parentheses, a leading +/-, or an upper-case operator between words). Plain
text becomes a weighted disjunction ranked by BM25F, so natural-language
questions are not mangled by accidental operators or wildcards.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from whoosh import qparser, query
from whoosh.qparser.dateparse import DateParserPlugin

from indexer.analysis import news_analyzer

TEXT_FIELDS = ("title", "body")
ENTITY_FIELDS = ("person", "country", "source")

_SYNTAX = re.compile(r'"|\b(?:title|body|date|person|country|source):|[()]|(?:^|\s)[+-]\w'
                     r'|\S\s+(?:AND|OR|NOT)\s+\S|^NOT\s+\S')
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

    def parse(self, text: str) -> tuple[query.Query, list[EntityClause]]:
        """The text query (``Every`` when only entity clauses were given) and the entity clauses."""
        clauses = [EntityClause(m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
                   for m in _ENTITY_CLAUSE.finditer(text)]
        rest = _ENTITY_CLAUSE.sub(" ", text).strip()
        if not rest:
            return query.Every(), clauses
        if is_syntax(rest):
            try:
                parsed = self.parser.parse(rest)
            except Exception:  # noqa: BLE001 - any parser failure means: search the words instead
                parsed = query.NullQuery
            if parsed is not query.NullQuery:
                return parsed, clauses
        return self.plain_query(rest), clauses

    def plain_query(self, text: str) -> query.Query:
        """Natural text as a weighted disjunction: a word repeated in the query counts more."""
        weights = Counter(token.text for token in self.analyzer(text))
        if not weights:
            return query.NullQuery
        return query.Or([query.Term(fieldname, term, boost=float(n))
                         for term, n in weights.items() for fieldname in TEXT_FIELDS])


def is_syntax(text: str) -> bool:
    return bool(_SYNTAX.search(text))

"""From the text a user types to a Whoosh query.

Plain text and query syntax are told apart on purpose (docs/ranking.md): a query is read as syntax
only when it uses syntax deliberately:

- a known field prefix followed by a value (``title:rice``, ``date:2022``),
- a quoted phrase (at least one pair of double quotes),
- an upper-case ``AND``/``OR``/``NOT`` between words (or ``NOT`` first) in a query that is not all
  upper case: in ``MEASUREMENT AND ANALYSIS`` every word is upper case, so ``AND`` is just a word,
- a ``*`` ending a word (prefix search) or a ``-`` starting one (exclusion: ``trade -china``) in a
  short query (at most ``SHORT_QUERY_WORDS`` words).

A query of more than ``SHORT_QUERY_WORDS`` words holding more than one sentence is prose (a pasted
abstract, a paragraph of a story) and plain text whatever it contains: its quotes are quotations.

Everything else is plain text: parentheses, ``?``, ``-``, ``+`` and the rest of punctuation are
ignored, and the words become one ``FieldedTerms`` leaf marked as plain text (BM25F over title and
body; indexer/search/ranking.py decides how plain text is ranked), each word weighted by how often the word
occurs in the query. A question mark ending a word is never a wildcard, not even in syntax. Syntax
that Whoosh cannot parse falls back to plain text, so no query raises, with one exception: a
``date:`` clause whose value is no date (``date:2023-13-45``, ``date:[foo to bar]``) raises
``QueryError`` saying how to write one, because searching its digits as words would quietly find
unrelated articles.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time

from whoosh import qparser, query
from whoosh.qparser import syntax
from whoosh.qparser.dateparse import DateParseError, English
from whoosh.util.times import timespan

from indexer.index.postings import TEXT_FIELDS
from indexer.search import registry as facet_registry
from indexer.search.contract import QueryError
from indexer.search.ranking import FieldedTerms
from indexer.text.analysis import news_analyzer
from indexer.text.dates import date_span

SHORT_QUERY_WORDS = 6
# Plain text of at most this many words, as typed (stop words included), is a keyword query: every
# analysed word must be in an article (docs/query-syntax.md). Longer text is natural language.
KEYWORD_QUERY_WORDS = 4

_FIELD_PREFIX = re.compile(r"(?:^|[\s(])(?:title|body|date):\S")
_PHRASE = re.compile(r'"[^"]*\w[^"]*"')
_OPERATOR = re.compile(r"\S\s+(?:AND|OR|NOT)\s+\S|^\(*NOT\s+\S")
_PREFIX_WILDCARD = re.compile(r"\w\*(?=\s|\)|$)")
_EXCLUSION = re.compile(r"(?:^|\s)-\w")
# One sentence ending and another starting: "... by heuristics. During the ..."
_SENTENCE_BREAK = re.compile(r"[a-z)\"'][.!?]\s+[\"'(]?[A-Z]")
_QUESTION_MARK = re.compile(r"(?<=\w)\?+(?=[\s)\"]|$)")
_RANGE_ENDS = re.compile(r"\s*(?:(.*?)\s+)?to(?:\s+(.*?))?\s*", re.IGNORECASE | re.DOTALL)
_DATE_FORMS = "write YYYY, YYYY-MM or YYYY-MM-DD (date:2023-03), or a range: date:[2023-01-01 to 2023-06-30]"


def entity_clause_pattern() -> re.Pattern:
    """``name:value`` or ``name:"two words"`` for every facet over names (not the date column)."""
    return _clause_pattern(tuple(facet.name for facet in facet_registry.facets() if facet.field != "date"))


@functools.cache
def _clause_pattern(names: tuple[str, ...]) -> re.Pattern:
    return re.compile(r'\b(' + "|".join(map(re.escape, names)) + r'):(?:"([^"]*)"?|(\S+))')


@dataclass(frozen=True)
class EntityClause:
    """``person:kishida``: restrict to articles with an entity whose name has these words."""

    field: str
    text: str


class QueryParser:
    def __init__(self, schema):
        self.analyzer = news_analyzer()
        self.parser = qparser.MultifieldParser(list(TEXT_FIELDS), schema)
        self.parser.add_plugin(DatePlugin())
        self.parser.add_plugin(qparser.PlusMinusPlugin())

    def parse(self, text: str) -> tuple[query.Query, list[EntityClause]]:
        """The text query (``Every`` when only entity clauses were given) and the entity clauses."""
        entity_clause = entity_clause_pattern()
        clauses = [EntityClause(m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
                   for m in entity_clause.finditer(text)]
        rest = entity_clause.sub(" ", text).strip()
        if not rest:
            return query.Every(), clauses
        if is_syntax(rest):
            try:
                parsed = self.parser.parse(_QUESTION_MARK.sub("", rest))
            except QueryError:
                raise
            except Exception:  # noqa: BLE001 - any parser failure means: search the words instead
                parsed = query.NullQuery
            if parsed is not query.NullQuery and parsed is not None:
                return _fielded(parsed), clauses
        return self.plain_query(rest), clauses

    def plain_query(self, text: str) -> query.Query:
        """Plain text as one weighted leaf (a word repeated in the query counts more); a keyword query
        of at most KEYWORD_QUERY_WORDS typed words needs every word."""
        weights = query_term_weights(self.analyzer, text)
        if not weights:
            return query.NullQuery
        return FieldedTerms(TEXT_FIELDS, weights, plain_text=True,
                            every_word=len(text.split()) <= KEYWORD_QUERY_WORDS)


def query_term_weights(analyzer, text: str) -> dict[str, float]:
    """Each analysed query term and its weight: the number of times it occurs in the query."""
    return {term: float(n) for term, n in Counter(token.text for token in analyzer(text)).items()}


def is_syntax(text: str) -> bool:
    """Whether ``text`` (entity clauses removed) uses query syntax on purpose; see the module docstring."""
    short = len(text.split()) <= SHORT_QUERY_WORDS
    if not short and _SENTENCE_BREAK.search(text):  # pasted prose: its quotes are quotations
        return False
    if _FIELD_PREFIX.search(text) or _PHRASE.search(text):
        return True
    if any(ch.islower() for ch in text) and _OPERATOR.search(text):
        return True
    return short and bool(_PREFIX_WILDCARD.search(text) or _EXCLUSION.search(text))


class DatePlugin(qparser.TaggingPlugin):
    """``date:2023``, ``date:2023-03``, ``date:2023-03-17`` and ranges of them, ``date:[2023-01 to 2023-06]``.

    A year or month stands for all its days, so a range runs from the first moment of its start to the
    last moment of its end; ``{`` or ``}`` leaves that end out. The clause is read whole, before Whoosh's
    own field and minus taggers can split ``2023-03-17`` at its dashes (into ``2023`` NOT ``03`` NOT
    ``17``). Values that are not ISO dates are read by Whoosh's English date parser (``march 2022``,
    ``17 march 2023``, ``yesterday``), as before.
    """

    expr = r"(?<![\w:])date:(?:(?P<open>[\[{])(?P<range>[^\]}]*)(?P<close>[\]}])|(?P<value>[^\s()\[\]{}^]+))"
    priority = -1  # before the field and minus taggers (priority 0)

    class DateNode(syntax.SyntaxNode):
        has_boost = True

        def __init__(self, date_range: query.DateRange, original: str):
            self.date_range = date_range
            self.original = original
            self.boost = 1.0

        def r(self):
            return self.original

        def query(self, parser):
            return self.date_range.with_boost(self.boost) if self.boost != 1.0 else self.date_range

    def create(self, parser, match):
        original = match.group(0)
        if match.group("value") is not None:
            first, last = _moments(match.group("value"))
            return self.DateNode(query.DateRange("date", first, last), original)
        ends = _RANGE_ENDS.fullmatch(match.group("range"))
        if not ends:
            raise QueryError(f"{original} is not a date range: {_DATE_FORMS}")
        start, end = (_moments(text) if text else None for text in ends.groups())
        if start and end and start[0] > end[1]:
            raise QueryError(f"{original} ends before it starts")
        start_excluded, end_excluded = match.group("open") == "{", match.group("close") == "}"
        # An excluded end leaves out all of it: {2023-03 to ...} starts after the last moment of March.
        low = None if start is None else start[1] if start_excluded else start[0]
        high = None if end is None else end[0] if end_excluded else end[1]
        return self.DateNode(query.DateRange("date", low, high, start_excluded, end_excluded), original)


_ENGLISH_DATES = English()


def _moments(text: str) -> tuple[datetime, datetime]:
    """The first and last moment of the year, month, day or English date ``text`` names."""
    days = date_span(text)
    if days:
        return datetime.combine(days[0], time.min), datetime.combine(days[1], time.max)
    now = datetime.now()
    try:
        parsed = _ENGLISH_DATES.date_from(text, now)
        if parsed is not None and not isinstance(parsed, datetime):
            parsed = parsed.disambiguated(now)
    except (DateParseError, ValueError):  # "31 feb": a day the month does not have
        parsed = None
    if isinstance(parsed, datetime):
        return parsed, parsed
    if isinstance(parsed, timespan):
        return parsed.start, parsed.end
    raise QueryError(f"date:{text} is not a date: {_DATE_FORMS}")


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

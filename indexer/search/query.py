"""From the text a user types to a Whoosh query.

Plain text and query syntax are told apart on purpose (docs/ranking.md): a query is read as syntax
only when it uses syntax deliberately:

- a known field prefix followed by a value (``title:rice``, ``date:2022``),
- a quoted phrase (at least one pair of double quotes),
- an upper-case ``AND``/``OR``/``NOT`` between words (or ``NOT`` first) in a query that is not all
  upper case: in ``MEASUREMENT AND ANALYSIS`` every word is upper case, so ``AND`` is just a word,
- in a short query (at most ``SHORT_QUERY_WORDS`` words), a mark of Lucene's syntax on a word
  (``_SHORT_QUERY_SYNTAX``): a wildcard (``econ*``, ``wom?n``), a ``+`` or ``-`` starting it (``+trade``,
  ``-china``), a ``~`` ending it (``kishida~``), a boost (``japan^2``), and the forms refused below.

A query of more than ``SHORT_QUERY_WORDS`` words holding more than one sentence is prose (a pasted
abstract, a paragraph of a story) and plain text whatever it contains: its quotes are quotations.

Everything else is plain text: parentheses, ``?``, ``-``, ``+``, ``~``, ``^`` and the rest of punctuation
are ignored, and the words become one ``FieldedTerms`` leaf marked as plain text (BM25F over title and
body; indexer/search/ranking.py decides how plain text is ranked), each word weighted by how often the word
occurs in the query. A question mark ending a word is never a wildcard, not even in syntax.

Syntax that cannot be parsed (an unclosed quote, a dangling operator) falls back to plain text, so a
query broken by accident never raises. Syntax that is recognised but not offered, or not valid, raises
``QueryError`` with a message saying what to write instead, since searching it as words would quietly
find something else: a ``date:`` value that is no date (``date:2023-13-45``, ``date:[foo to bar]``), a
range of anything but dates (``title:[a TO b]``), a comparison (``date:>2023``), a regular expression
(``/kish.da/``), ``&&``, ``||`` and ``!`` for the operators, a fuzzy word of more than ``MAX_EDITS``
edits, a proximity that is not a whole number (``"a b"~x``), a wildcard inside quotes, and a wildcard,
fuzzy word, boost or range on a name (``person:kish*``).
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
from indexer.search.syntax import DEFAULT_EDITS, MAX_EDITS, Expansion, Fuzzy, Pattern, Proximity
from indexer.text.analysis import news_analyzer, term_of
from indexer.text.dates import written_span
from indexer.text.fold import fold

SHORT_QUERY_WORDS = 6
# Plain text of at most this many words, as typed (stop words included), is a keyword query: every
# analysed word must be in an article (docs/query-syntax.md). Longer text is natural language.
KEYWORD_QUERY_WORDS = 4

_FIELD_PREFIX = re.compile(r"(?:^|[\s(])(?:title|body|date):\S")
_PHRASE = re.compile(r'"[^"]*\w[^"]*"')
_OPERATOR = re.compile(r"\S\s+(?:AND|OR|NOT)\s+\S|^\(*NOT\s+\S")
# The marks of Lucene's syntax on a word, read as syntax in a short query only: in a longer one they are
# as likely to be punctuation (a dash before a word, "~5 km", "x^2").
_SHORT_QUERY_SYNTAX = re.compile(r"""
    \w\*|\*\w|\w\?\w                    # a wildcard: econ*, *ation, wom?n (a ? ending a word is punctuation)
  | (?:^|[\s(])[-+][\w"(]               # a required or excluded word: +trade -china
  | [^\W\d_]~                           # a fuzzy word: kishida~, kishida~1
  | [\w")]\^\d                          # a boost: japan^2, "prime minister"^3, (a OR b)^2
  | (?:^|[\s(:])/[^/\s]+/(?=[\s)]|$)    # a regular expression (refused)
  | [\[{][^\]}]*\sTO\s                   # a range (refused, but for dates)
  | (?:^|\s)(?:&&|\|\|)(?=\s|$)          # && and || (refused)
  | (?:^|[\s(])!\w                       # ! (refused)
""", re.VERBOSE)
# A wildcard inside quotes: a phrase of patterns is not offered, and the analyzer would drop the * or ?.
_PATTERN_IN_PHRASE = re.compile(r"\w[*?]\w|\w\*|\*\w")
# What an entity clause's value cannot be: names are matched word for word (engine._match_entity).
_NOT_A_NAME = re.compile(r"[*~^]|\?.|^[\[{<>]")
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
    return re.compile(r'\b(' + "|".join(map(re.escape, names)) + r'):(?:"([^"]*)"?|([^\s()]+))')


@dataclass(frozen=True)
class EntityClause:
    """``person:kishida``: restrict to articles with an entity whose name has these words."""

    field: str
    text: str


class QueryParser:
    def __init__(self, schema):
        self.analyzer = news_analyzer()
        self.parser = qparser.MultifieldParser(list(TEXT_FIELDS), schema, phraseclass=_phrase_query)
        for replaced in (qparser.PhrasePlugin, qparser.WildcardPlugin, qparser.RangePlugin):
            self.parser.remove_plugin_class(replaced)
        self.parser.add_plugins([DatePlugin(), PhrasePlugin(), PatternPlugin(), FuzzyPlugin(), RangePlugin(),
                                 RequiredExcludedPlugin(), GroupBoostPlugin(), RefusedPlugin()])

    def parse(self, text: str) -> tuple[query.Query, list[EntityClause]]:
        """The text query (``Every`` when only entity clauses were given) and the entity clauses."""
        entity_clause = entity_clause_pattern()
        clauses = [_entity_clause(m) for m in entity_clause.finditer(text)]
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


def _entity_clause(match: re.Match) -> EntityClause:
    """The clause ``match`` found, or QueryError for one with syntax that only the words of the text take."""
    quoted, value = match.group(2), match.group(3)
    following = match.string[match.end():match.end() + 1]
    if (value is not None and _NOT_A_NAME.search(value)) or (quoted is not None and following in ("~", "^")):
        raise QueryError(f"{match.group(0)}{following if quoted is not None else ''}: {match.group(1)}: finds "
                         f"names holding every word given, as written; wildcards, fuzzy words, boosts and ranges "
                         f"work on the words of the title and text")
    before, after = match.string[:match.start()], match.string[match.end():]
    if before.count("(") > before.count(")") or _NEGATING_OR_ALTERNATIVE.search(before) or _OR_NEXT.match(after):
        raise QueryError(f"{match.group(0)}: {match.group(1)}: narrows the whole search to articles with that name, "
                         f"so it cannot be left out (NOT, -), be one of alternatives (OR) or sit inside brackets; "
                         f"write it beside the words: trade {match.group(0)}")
    return EntityClause(match.group(1), quoted if quoted is not None else value)


# Before a clause: an operator that would make it optional or excluded, which a filter cannot be.
_NEGATING_OR_ALTERNATIVE = re.compile(r"(?:\b(?:NOT|OR)|[-!]|\|\|)\s*$")
_OR_NEXT = re.compile(r"\s*(?:OR\b|\|\|)")


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
    return short and bool(_SHORT_QUERY_SYNTAX.search(text))


class DatePlugin(qparser.TaggingPlugin):
    """``date:2023``, ``date:2023-03``, ``date:2023-03-17`` and ranges of them, ``date:[2023-01 to 2023-06]``.

    A year or month stands for all its days, so a range runs from the first moment of its start to the
    last moment of its end; ``{`` or ``}`` leaves that end out. The clause is read whole, before Whoosh's
    own field and minus taggers can split ``2023-03-17`` at its dashes (into ``2023`` NOT ``03`` NOT
    ``17``). A date written out with its year (``march 2022``, ``17 march 2023``, ``03/04/2023``) is read by
    the project's one date parser (``indexer.text.dates``: day first, as everywhere); only what it leaves
    to the reader's today (``yesterday``, ``17 march``) goes to Whoosh's English date parser.
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
    days = written_span(text)
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


class PhrasePlugin(qparser.PhrasePlugin):
    """``"prime minister"``, the exact phrase, and ``"japan vietnam"~5``, a ``Proximity`` (Lucene's ``~N``:
    ``~0`` is the exact phrase). A ``~`` not followed by a whole number, or a wildcard inside the quotes,
    raises ``QueryError``: the words would otherwise be searched without it."""

    class Tagger(qparser.RegexTagger):
        def create(self, parser, match):
            text, slop = match.group("text"), match.group("slop")
            if slop is not None and not slop.isdigit():
                raise QueryError(f'"{text}"~{slop}: a phrase takes ~ and a whole number of moves its words may '
                                 f'be from it: "{text}"~5')
            if _PATTERN_IN_PHRASE.search(text):
                raise QueryError(f'"{text}": a wildcard does not work inside quotes; write the words without '
                                 f'quotes (econ* growth), or the phrase without the wildcard')
            return qparser.PhrasePlugin.PhraseNode(text, match.start("text"), int(slop or 0))

    def __init__(self):
        super().__init__(expr=r'"(?P<text>.*?)"(?:~(?P<slop>[^\s()^"]*))?')

    def taggers(self, parser):
        return [(self.Tagger(self.expr), 0)]


def _phrase_query(fieldname, words, slop=0, boost=1.0, char_ranges=None) -> query.Query:
    """The parser's phrase: exact (Whoosh's ``Phrase``, adjacent words) without moves, else a ``Proximity``."""
    if not slop:
        return query.Phrase(fieldname, words, boost=boost, char_ranges=char_ranges)
    return Proximity(fieldname, words, slop=slop, boost=boost, char_ranges=char_ranges)


class PatternPlugin(qparser.WildcardPlugin):
    """A word with ``*`` or ``?`` (``econ*``, ``*ation``, ``wom?n``) becomes a ``Pattern``, in lower case and
    accents folded but never stemmed: it is matched against the index's terms as typed."""

    class WildcardNode(qparser.WildcardPlugin.WildcardNode):
        def query(self, parser):
            return Pattern((self.fieldname or parser.fieldname,), fold(self.text), boost=self.boost)

    nodetype = WildcardNode

    def do_wildcards(self, parser, group):
        # Whoosh makes a word ending in its only * a prefix node of its own; a Pattern tells prefixes itself.
        group = super().do_wildcards(parser, group)
        for i, node in enumerate(group):
            if isinstance(node, qparser.PrefixPlugin.PrefixNode):
                pattern = self.WildcardNode(node.text + "*")
                pattern.startchar, pattern.endchar = node.startchar, node.endchar
                group[i] = pattern
        return group


class FuzzyPlugin(qparser.FuzzyTermPlugin):
    """``kishida~`` (``DEFAULT_EDITS``, as in Lucene), ``kishida~1``, ``kishida~0`` (the word itself): a
    ``Fuzzy`` word, analysed as the index analyses words, so ``Kíshida~`` and ``KISHIDA~`` are ``kishida~``.
    More than ``MAX_EDITS``, or edits that are not a whole number (``~0.8``, ``~1/3``), raise ``QueryError``."""

    expr = r"(?<=[^\W\d_])~(?P<edits>[^\s()^]*)"

    class FuzzinessNode(qparser.FuzzyTermPlugin.FuzzinessNode):
        # A boost after it (kishida~^2) stays a boost until the filter joins the ~ to its word.
        has_boost = True

    class FuzzyTermNode(qparser.FuzzyTermPlugin.FuzzyTermNode):
        def query(self, parser):
            return Fuzzy((self.fieldname or parser.fieldname,), term_of(self.text) or fold(self.text),
                         edits=self.maxdist, boost=self.boost)

    def __init__(self):
        self.expr = re.compile(self.expr)

    def create(self, parser, match):
        edits = match.group("edits")
        if edits and not (edits.isdigit() and int(edits) <= MAX_EDITS):
            word = re.search(r"\S*$", match.string[:match.start()]).group()
            raise QueryError(f"{word}~{edits}: a fuzzy word takes a whole number of edits, at most {MAX_EDITS}: "
                             f"{word}~ allows {DEFAULT_EDITS}, {word}~1 one")
        return self.FuzzinessNode(int(edits) if edits else DEFAULT_EDITS, 0, match.group(0))


class RangePlugin(qparser.RangePlugin):
    """Ranges are of dates only (``DatePlugin`` reads ``date:[...]`` first): a range with a field before it
    or an upper-case ``TO`` (``title:[a to b]``, ``[a TO b]``) raises ``QueryError``; other brackets, such
    as ``[to be confirmed]``, hold words."""

    class RangeTagger(qparser.RangePlugin.RangeTagger):
        def create(self, parser, match):
            original = match.group(0)
            if match.string[:match.start()].endswith(":") or re.search(r"\sTO\s", original):
                raise QueryError(f"{original}: a range works on dates only: date:[2023-01 to 2023-06]")
            return syntax.WordNode(original)


class RequiredExcludedPlugin(qparser.PlusMinusPlugin):
    """``+word`` and ``-word``, at the start of a word only: ``Viet-Nam`` is a word, not Viet NOT Nam.

    With a ``+`` in a group, its other words are optional: they add to the score of the articles that have
    the required ones (``+trade japan``, as Lucene reads it); without one every word is required, as
    before. ``-word`` leaves out the articles with the word, and a group of excluded words alone
    (``-china``) finds every article without them, as ``NOT china`` does.
    """

    def __init__(self):
        super().__init__(plusexpr=r"(?<![^\s(])\+(?=[^\s+])", minusexpr=r"(?<![^\s(])-(?=[^\s-])")

    def filters(self, parser):
        # Before boosts (510), so that a rebuilt group keeps the boost written after it.
        return [(self.do_plusminus, 505)]

    def do_plusminus(self, parser, group):
        nodes = [self.do_plusminus(parser, node) if isinstance(node, syntax.GroupNode) else node for node in group]
        unchanged = group.empty_copy()
        unchanged.extend(nodes)
        if not any(isinstance(node, (self.Plus, self.Minus)) for node in nodes):
            return unchanged
        required, excluded = syntax.AndGroup(), syntax.OrGroup()
        optional = syntax.OrGroup() if any(isinstance(node, self.Plus) for node in nodes) else group.empty_copy()
        target = optional
        for node in nodes:
            if isinstance(node, self.Plus):
                target = required
            elif isinstance(node, self.Minus):
                target = excluded
            else:
                target.append(node)
                target = optional
        if required and optional:
            kept = syntax.AndMaybeGroup([required, optional])
        else:
            kept = required or optional
        if not kept:
            return syntax.AndGroup([syntax.NotGroup([excluded])])
        return syntax.AndGroup([syntax.AndNotGroup([kept, excluded]) if excluded else kept])


class GroupBoostPlugin(qparser.Plugin):
    """Keeps a group's boost to the group: Whoosh's infix operators add the next clause to a group of their
    own kind, so ``(a b)^2 AND c`` would boost ``c`` too. Each boosted group is wrapped in a plain one."""

    def filters(self, parser):
        return [(self.wrap_boosted_groups, 520)]  # after boosts (510), before the operators (600)

    def wrap_boosted_groups(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                node = self.wrap_boosted_groups(parser, node)
                group[i] = syntax.AndGroup([node]) if node.has_boost and node.boost != 1.0 else node
        return group


class RefusedPlugin(qparser.TaggingPlugin):
    """Lucene's syntax that Newsdex does not offer: raises ``QueryError`` saying what to write instead."""

    expr = r"""
        (?P<regex>(?<![^\s(:])/[^/\s]+/(?=[\s)^]|$))
      | (?P<comparison>(?<![\w:])(?P<field>\w+):[<>]=?[^\s()]*)
      | (?P<symbol>(?<!\S)(?:&&|\|\|)(?!\S)|(?<![^\s(])!(?=[\w"(]))
      | (?P<nested>(?<![\w:])(?P<outer>title|body|date):(?P<inner>title|body|date):\S*)
    """
    priority = -2  # before the date tagger (-1), which would read date:>2023 as a date

    def __init__(self):
        self.expr = re.compile(self.expr, re.VERBOSE)

    def create(self, parser, match):
        original = match.group(0)
        if match.group("regex"):
            raise QueryError(f"{original}: regular expressions are not supported; use a wildcard (kish*, wom?n) "
                             f"or a fuzzy word (kishida~)")
        if match.group("comparison"):
            ranges = ("write a range: date:[2023 to] (from 2023 on) or date:{2023 to] (after 2023)"
                      if match.group("field") == "date" else "ranges work on dates only: date:[2023-01 to 2023-06]")
            raise QueryError(f"{original}: comparisons are not supported; {ranges}")
        if match.group("nested"):
            outer, inner = match.group("outer"), match.group("inner")
            words = original[len(outer) + len(inner) + 2:] or "trade"
            raise QueryError(f"{original}: a field holds words, not another field; search one field at a time: "
                             f"{outer}:{words} or {inner}:…")
        raise QueryError(f"{original}: write the operators as AND, OR and NOT, in capitals")


def _fielded(parsed: query.Query) -> query.Query:
    """Score each bare word of a syntax query like plain text: ``title:x OR body:x`` becomes one BM25F term,
    and a pattern or fuzzy word searched in both fields one ``Expansion`` over both.

    Whoosh flattens ``x OR y`` into the fields' terms of both words (``title:x OR body:x OR title:y ...``),
    so an OR's subqueries are grouped by word: each word found once in every text field, with one boost,
    becomes one leaf."""
    if isinstance(parsed, query.Or) and not parsed.minmatch and not parsed.scale:
        by_word: dict[query.Query, list[query.Query]] = {}
        for sub in parsed.subqueries:
            by_word.setdefault(_unfielded(sub), []).append(sub)
        merged = []
        for word, subs in by_word.items():
            if word is not None and sorted(sub.field() for sub in subs) == sorted(TEXT_FIELDS):
                merged.append(word)
            else:
                merged.extend(_fielded(sub) for sub in subs)
        if len(merged) == 1:
            return merged[0] if parsed.boost == 1.0 else merged[0].with_boost(merged[0].boost * parsed.boost)
        return query.Or(merged, boost=parsed.boost)
    if parsed.is_leaf():
        return parsed
    return parsed.apply(_fielded)


def _unfielded(leaf: query.Query) -> query.Query | None:
    """A word of one text field as the same word over all of them (None for anything else)."""
    if type(leaf) is query.Term and leaf.fieldname in TEXT_FIELDS:
        return FieldedTerms(TEXT_FIELDS, {leaf.text: 1.0}, boost=leaf.boost)
    if isinstance(leaf, Expansion) and leaf.field() in TEXT_FIELDS:
        return leaf.in_fields(TEXT_FIELDS)
    return None

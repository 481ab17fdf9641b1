"""Text analysis: the NLTK-based Whoosh analyzer used at index and at query time.

A pipeline of small filters, as Whoosh composes them:
word tokenizer (NLTK's RegexpTokenizer's tokens) -> lower case -> accent folding -> English stop words
-> Snowball stemming.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import regex
from nltk.stem.snowball import EnglishStemmer
from whoosh.analysis import Filter, LowercaseFilter, StopFilter, Token, Tokenizer

from indexer.text.fold import fold_accents

# Words, numbers (3.5, 1,000), abbreviations with dots (U.S.) and inner
# apostrophes (O'Neill); hyphens split words, so Viet-Nam matches Viet Nam.
# NLTK's Treebank tokenizer splits news text much the same way but costs
# three times as much, and this runs on the indexing hot path.
WORD_PATTERN = r"(?:\w\.){2,}|\w+(?:[.,]\d+)*(?:['’]\w+)*"

# Compiled with the ``regex`` engine, as NLTK's RegexpTokenizer compiles it, so that the tokens are
# NLTK's (the standard library's \w differs for combining accents and superscripts), but called
# directly: NLTK runs a whole tokenization under one 5-second wall-clock limit, which a text of some
# 15 MB, or a smaller one on a busy machine, overran. The pattern needs no backtracking: an attempt
# at a position reads at most four characters past the end of what it matches (one, when it fails),
# so reading a text is linear in its length.
WORDS = regex.compile(WORD_PATTERN)

# The longest stretch of text handed to the engine at once, so that the work per call is bounded
# and the number of calls proportional to the text's length.
CHUNK_CHARS = 64 * 1024
# A character no word contains (every token is made of \w . , ' ’), found from the end of a stretch
# back. The pattern has no look-around and no anchors, so text cut just after such a character
# tokenizes exactly as the whole text does.
_LAST_BREAK = regex.compile(r"[^\w.,'’]", regex.REVERSE)
_NEXT_BREAK = regex.compile(r"[^\w.,'’]")


def word_matches(text: str) -> Iterator[regex.Match]:
    """The matches of ``WORDS`` in ``text``, in order."""
    if len(text) <= CHUNK_CHARS:  # an article's usual case: the engine's own iterator, no generator between
        return WORDS.finditer(text, 0, len(text))
    return (match for start, end in _pieces(text) for match in WORDS.finditer(text, start, end))


def words_opening_at(text: str, positions: Iterable[int]) -> Iterator[regex.Match]:
    """The words of ``text`` (as ``word_matches`` finds them) that open at ``positions`` (ascending);
    a position inside a word ("Neill" of "O'Neill", "S" of "U.S.") opens none. The text is read once
    however the positions fall, even inside one long word."""
    resume = 0  # the end of a word read (or 0): tokenizing from here gives the whole text's words
    for pos in positions:
        if pos < resume:
            continue
        brk = _LAST_BREAK.search(text, resume, pos)  # so is tokenizing from just after a break
        for match in WORDS.finditer(text, brk.end() if brk else resume, len(text)):
            if match.end() > pos:
                if match.start() == pos:
                    yield match
                resume = match.end() if match.start() <= pos else match.start()
                break
        else:
            return


def words(text: str) -> Iterator[str]:
    """The words of ``text``, in order: ``word_matches`` without the cost of a match object each."""
    if len(text) <= CHUNK_CHARS:
        return iter(WORDS.findall(text, 0, len(text)))
    return (word for start, end in _pieces(text) for word in WORDS.findall(text, start, end))


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """Consecutive stretches of ``text``, cut where no word is, of at most ``CHUNK_CHARS``: longer
    only for one unbroken run of word characters (a single word, read once)."""
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = _LAST_BREAK.search(text, start, end) or _NEXT_BREAK.search(text, end)
            end = cut.end() if cut else len(text)
        yield start, end
        start = end


# The Snowball project's English stop words (the list NLTK ships as a download),
# kept here because nothing may be downloaded at run time.
STOP_WORDS = frozenset("""
a about above after again against all am an and any are aren't as at be because been before being below
between both but by can couldn't did didn't do does doesn't doing don't down during each few for from
further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most
mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same
shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've this those through to too under
until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's
which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've your yours
yourself yourselves
""".split())

class NltkWordTokenizer(Tokenizer):
    """Whoosh tokenizer giving the tokens of NLTK's ``RegexpTokenizer(WORD_PATTERN)``, with positions
    and character offsets. The name stays: every index holds its schema, this class included, pickled
    (older ones with a ``pattern`` attribute, which is WORD_PATTERN and now unused)."""

    def __eq__(self, other):
        return isinstance(other, NltkWordTokenizer)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        for pos, match in enumerate(word_matches(value), start_pos):
            start, end = match.span()
            token.text = value[start:end]
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class AccentFoldFilter(Filter):
    """Folds diacritics so that accented and plain spellings index as one term."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold_accents(token.text)
            yield token


class SnowballStemFilter(Filter):
    """NLTK's English Snowball stemmer; the stemming is cached since news vocabularies repeat."""

    is_morph = True

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


_stemmer = EnglishStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stem(word)


def news_analyzer():
    """The analyzer for every full-text field (title and body), at index and query time."""
    return (NltkWordTokenizer() | LowercaseFilter() | AccentFoldFilter()
            | StopFilter(stoplist=STOP_WORDS, minsize=1) | SnowballStemFilter())


_ANALYZER = news_analyzer()


@lru_cache(maxsize=200_000)
def term_of(word: str) -> str | None:
    """The index term one word becomes through the same chain (None for a stop word)."""
    return next((token.text for token in _ANALYZER(word, tokenize=False)), None)


def index_terms(text: str) -> list[str]:
    """The terms of ``text`` as the analyzer indexes them, without positions: fast, word by cached word."""
    return [term for term in map(term_of, words(text)) if term is not None]
